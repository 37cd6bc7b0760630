import { IConstruct } from 'constructs';
import { formatProblem, Problem } from './engine/rule-ids';

/**
 * Throws one Error listing every problem, each line `[path] problem [rule, origin]`, when there
 * is any: the same line that synth and `check` print for the same rule. A plain string is a
 * mistake in how the API is called (no rule of the rulebook), printed without a rule. Problems
 * are collected rather than thrown one by one so that a user fixes them in one go.
 */
export function throwIfProblemsAt(path: string, problems: ReadonlyArray<Problem | string | undefined>): void {
  const found = problems.filter((p): p is Problem | string => p !== undefined);
  if (found.length > 0) {
    throw new Error(found.map((p) => `[${path}] ${typeof p === 'string' ? p : formatProblem(p)}`).join('\n'));
  }
}

/** `throwIfProblemsAt` for a construct: lines start with its path. */
export function throwIfProblems(scope: IConstruct, problems: ReadonlyArray<Problem | string | undefined>): void {
  throwIfProblemsAt(scope.node.path, problems);
}

/** The path a construct `id` will have under `scope` (for checks that run before it exists). */
export function childPath(scope: IConstruct, id: string): string {
  return scope.node.path ? `${scope.node.path}/${id}` : id;
}
