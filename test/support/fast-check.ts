/**
 * fast-check settings for the property suites: a fixed seed so that CI is reproducible
 * (override with FC_SEED=<n> to explore other cases; a failure prints its seed and path), and a
 * counter of generated cases for the proof report.
 */
import * as fc from 'fast-check';

export const SEED = process.env.FC_SEED ? Number(process.env.FC_SEED) : 20261121;

let generated = 0;

/** `fc.assert` with the suite's seed, counting the cases it runs. */
export function check<Ts extends [unknown, ...unknown[]]>(
  arbitraries: { [K in keyof Ts]: fc.Arbitrary<Ts[K]> },
  predicate: (...args: Ts) => boolean | void,
  numRuns = 200,
): void {
  fc.assert(fc.property(...arbitraries, (...args: Ts) => {
    generated++;
    return predicate(...args);
  }), { seed: SEED, numRuns });
}

/** How many cases the property suites of this test file generated. */
export function generatedCases(): number {
  return generated;
}
