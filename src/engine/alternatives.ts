/**
 * Alternatives: PodDefaults of a namespace that a user ticks one of (two storage endpoints, two
 * registries), declared with the annotation `ALTERNATIVES_ANNOTATION: <group>` on each. The
 * namespace pass checks every pair of PodDefaults a notebook can select together; with
 * alternatives, two members of one group are never selected together, so their overlaps are not
 * conflicts. The pass runs once per combination of one member of each group (with every other
 * PodDefault), so a conflict between a member and anything else is still found. `preview` and
 * `check --select` check what is ticked, alternatives or not.
 */
import type { ProblemOut } from './aggregate';
import type { EngineProblem } from './namespace';
import { checkNamespacePodDefaults, CheckOptions, PodDefaultEntry } from './namespace';
import { isObject, KeySource } from './objects';

/** The annotation that puts a PodDefault in a group of alternatives (its value: the group's name). */
export const ALTERNATIVES_ANNOTATION = 'kubeflow-credentials.cdk8s.io/alternatives';

/**
 * Past this many combinations the namespace is checked as if there were no alternatives (every
 * overlap reported: never a conflict missed, and no exponential work on hostile input).
 */
export const MAX_ALTERNATIVE_PASSES = 64;

/** The group a PodDefault belongs to, if any. */
export function alternativesOf(entry: PodDefaultEntry): string | undefined {
  const metadata = entry.object.manifest.metadata;
  const annotations = isObject(metadata) && isObject(metadata.annotations) ? metadata.annotations : undefined;
  const group = annotations?.[ALTERNATIVES_ANNOTATION];
  return typeof group === 'string' && group.trim() !== '' ? group : undefined;
}

/**
 * The sets of PodDefaults to check together: every PodDefault outside a group, with one member
 * of each group (of two members or more), in every combination; the input as it is when there
 * are no groups or too many combinations.
 */
export function selectionsOf(entries: readonly PodDefaultEntry[]): PodDefaultEntry[][] {
  const groups = new Map<string, PodDefaultEntry[]>();
  for (const entry of entries) {
    const group = alternativesOf(entry);
    if (group !== undefined) {
      groups.set(group, [...(groups.get(group) ?? []), entry]);
    }
  }
  const real = [...groups.values()].filter((members) => members.length > 1);
  let combinations = 1;
  for (const members of real) {
    combinations *= members.length;
    if (combinations > MAX_ALTERNATIVE_PASSES) {
      return [[...entries]];
    }
  }
  if (real.length === 0) {
    return [[...entries]];
  }
  const excluded = new Set(real.flat());
  let picks: PodDefaultEntry[][] = [[]];
  for (const members of real) {
    picks = picks.flatMap((pick) => members.map((member) => [...pick, member]));
  }
  // Input order within each set, so that messages name the earlier PodDefault as without groups.
  return picks.map((pick) => {
    const chosen = new Set(pick);
    return entries.filter((entry) => !excluded.has(entry) || chosen.has(entry));
  });
}

/**
 * The namespace pass over every selection a notebook can make, alternatives considered; each
 * problem reported once.
 */
export function checkNamespaceSelections(
  namespace: string | undefined, podDefaults: readonly PodDefaultEntry[], sources: readonly KeySource[], out: ProblemOut, options: CheckOptions,
): void {
  const selections = selectionsOf(podDefaults);
  if (selections.length === 1) {
    checkNamespacePodDefaults(namespace, selections[0], sources, out, options);
    return;
  }
  const seen = new Map<unknown, Set<string>>();
  const once: ProblemOut = {
    push: (...problems: EngineProblem[]) => {
      for (const p of problems) {
        const keys = seen.get(p.object) ?? new Set<string>();
        seen.set(p.object, keys);
        const key = `${p.rule}\u0000${p.message}`;
        if (!keys.has(key)) {
          keys.add(key);
          out.push(p);
        }
      }
      return problems.length;
    },
  };
  for (const selection of selections) {
    checkNamespacePodDefaults(namespace, selection, sources, once, options);
  }
}
