/**
 * The hostile-input suite (issue 17): YAML and JSON (aliases, bombs, deep nesting, huge, binary,
 * special files), credential inputs (long whitespace runs, giant numbers, surrogates, invisible
 * characters), image references and certificates (test/support/hostile-cases.ts). Each case runs
 * in its own worker thread with a heap limit (the worker dies past it) and a deadline far above
 * its linear cost (a quadratic or hanging run misses it), and asserts its outcome and that the
 * canary appears in nothing printed: messages, stdout, stderr, stack, util.inspect with and
 * without custom inspection, jest's pretty-format, JSON.stringify. The figures of the parsers
 * are in the benchmark (`npx projen bench`), not here.
 */
import * as path from 'path';
import { Worker } from 'worker_threads';
import { CANARY, CaseResult, CASES } from './support/hostile-cases';

const CANARY_B64 = Buffer.from(CANARY).toString('base64').slice(0, 12);

function runCase(name: string, heapMb: number, seconds: number): Promise<CaseResult & { ms: number }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(path.join(__dirname, 'support', 'hostile-worker.js'), {
      workerData: { name }, resourceLimits: { maxOldGenerationSizeMb: heapMb }, stdout: true, stderr: true,
    });
    // The deadline counts the worker's start (ts-node compiles the sources: a few seconds).
    const timer = setTimeout(() => {
      void worker.terminate();
      reject(new Error(`"${name}" did not finish within ${seconds} s (plus 30 s to start)`));
    }, (seconds + 30) * 1000);
    worker.once('message', (result) => {
      clearTimeout(timer);
      void worker.terminate();
      resolve(result);
    });
    worker.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`"${name}" failed in its worker (${(error as NodeJS.ErrnoException).code ?? error.name}): over ${heapMb} MB, or an uncaught error`));
    });
  });
}

describe('hostile inputs: outcome, time and memory bounds, no canary in any output', () => {
  test.each(CASES.map((c) => [c.name, c] as const))('%s', async (_, c) => {
    const result = await runCase(c.name, c.heapMb, c.seconds);
    expect(result.outcome).toMatch(typeof c.expect === 'string' ? new RegExp(`^${c.expect.replace(/[[\]]/g, '\\$&')}$`) : c.expect);
    expect(result.ms).toBeLessThan(c.seconds * 1000);
    for (const text of result.outputs) {
      expect(text).not.toContain(CANARY);
      expect(text).not.toContain(CANARY_B64);
      // Control characters of the input never reach a terminal raw (ESC, BEL, C1, bidi overrides).
      expect(text.replace(/\n/g, '')).not.toMatch(/[\u0007\u001b\u0085\u202e]/);
    }
    if (c.maxLines !== undefined) {
      expect(result.lines).toBeLessThanOrEqual(c.maxLines);
    }
  }, 300_000);

  test('the suite covers each kind of input the issue names', () => {
    const names = CASES.map((c) => c.name).join('\n');
    for (const kind of [/alias/, /billion-laughs/, /nesting/, /50 MB/, /binary/, /dev\/zero/, /whitespace/, /500-digit|400 digits/, /surrogate/, /zero-width/, /image reference/, /certificate/]) {
      expect(names).toMatch(kind);
    }
  });
});
