import { IConstruct } from 'constructs';

/**
 * Throws one Error listing every problem, each line `[path] problem`, when there is any.
 * Problems are collected rather than thrown one by one so that a user fixes them in one go.
 */
export function throwIfProblemsAt(path: string, problems: ReadonlyArray<string | undefined>): void {
  const found = problems.filter((p): p is string => p !== undefined);
  if (found.length > 0) {
    throw new Error(found.map((p) => `[${path}] ${p}`).join('\n'));
  }
}

/** `throwIfProblemsAt` for a construct: lines start with its path. */
export function throwIfProblems(scope: IConstruct, problems: ReadonlyArray<string | undefined>): void {
  throwIfProblemsAt(scope.node.path, problems);
}

/** The path a construct `id` will have under `scope` (for checks that run before it exists). */
export function childPath(scope: IConstruct, id: string): string {
  return scope.node.path ? `${scope.node.path}/${id}` : id;
}
