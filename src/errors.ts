import { IConstruct } from 'constructs';

/**
 * Throws one Error listing every problem, each line `[construct path] problem`, when there is any.
 * Problems are collected rather than thrown one by one so that a user fixes them in one go.
 */
export function throwIfProblems(scope: IConstruct, problems: ReadonlyArray<string | undefined>): void {
  const found = problems.filter((p): p is string => p !== undefined);
  if (found.length > 0) {
    throw new Error(found.map((p) => `[${scope.node.path}] ${p}`).join('\n'));
  }
}
