/**
 * Repeated problems, aggregated: each object shows at most a few problems of one rule, then one
 * line that says how many more there are. A namespace of n PodDefaults can hold n² problems of
 * one rule (every mount nested under every other); shown in full, 2,000 of them made 2 million
 * lines. Counted as they are reported, so that the suppressed ones are never kept.
 */
import type { EngineProblem } from './namespace';
import type { EngineObject } from './objects';
import type { RuleId } from './rule-ids';

/** How many problems of one rule one object shows before the rest are counted. */
export const PROBLEMS_PER_RULE = 10;

/** Where the engine's passes put their problems (an array, or a `ProblemSink`). */
export interface ProblemOut {
  push(...problems: EngineProblem[]): unknown;
}

/** Keeps the first `limit` problems of each rule on each object, and counts the others. */
export class ProblemSink implements ProblemOut {
  private readonly kept: EngineProblem[] = [];
  private readonly counts = new Map<EngineObject, Map<RuleId, number>>();

  /** @param limit problems per object and rule; 0 keeps every problem */
  public constructor(private readonly limit: number = PROBLEMS_PER_RULE) {}

  public push(...problems: EngineProblem[]): number {
    for (const p of problems) {
      const rules = this.counts.get(p.object) ?? new Map<RuleId, number>();
      this.counts.set(p.object, rules);
      const count = (rules.get(p.rule) ?? 0) + 1;
      rules.set(p.rule, count);
      if (this.limit === 0 || count <= this.limit) {
        this.kept.push(p);
      }
    }
    return this.kept.length;
  }

  /** The kept problems in the order they came, each group's count right after its last kept problem. */
  public problems(): EngineProblem[] {
    if (this.limit === 0) {
      return this.kept;
    }
    const out: EngineProblem[] = [];
    const seen = new Map<EngineObject, Map<RuleId, number>>();
    for (const p of this.kept) {
      out.push(p);
      const rules = seen.get(p.object) ?? new Map<RuleId, number>();
      seen.set(p.object, rules);
      const shown = (rules.get(p.rule) ?? 0) + 1;
      rules.set(p.rule, shown);
      const total = this.counts.get(p.object)!.get(p.rule)!;
      if (shown === this.limit && total > this.limit) {
        const more = total - this.limit;
        out.push({
          object: p.object,
          rule: p.rule,
          origin: p.origin,
          message: `${more} more ${p.rule} problem${more === 1 ? '' : 's'} like the ones above on this object (${total} in all; the first ${this.limit} are shown)`,
        });
      }
    }
    return out;
  }
}
