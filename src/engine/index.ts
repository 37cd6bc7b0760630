/**
 * The engine: Kubernetes objects as JSON in (each with its source, and those declared as
 * existing in the cluster), problems and the notebook pod out. Every entry point calls it: the
 * construct adapter at synth (`checks/app-checks.ts`), and the readers of manifests (`check`,
 * `preview`, the CLI: `manifests/`). It imports neither cdk8s nor constructs.
 *
 * 1. Objects of one kind, namespace and name are one object when their content is the same
 *    (the cluster's state beside the repository's files); two versions are a problem.
 * 2. Each object on its own (`object-rules.ts`): metadata, a PodDefault's spec, a Secret's or
 *    ConfigMap's data, and a Secret's credentials as their consumers read them.
 * 3. Each namespace (`namespace.ts`): every subset of its PodDefaults merged into the notebook
 *    pod, against the keys of its Secrets (SealedSecrets and ExternalSecrets included) and ConfigMaps.
 *
 * `previewNotebookPod` applies the same namespace pass to one selection, and the webhook's merge
 * (`merge.ts`) gives the pod.
 */
import { ProblemOut, ProblemSink, PROBLEMS_PER_RULE } from './aggregate';
import { checkNamespaceSelections } from './alternatives';
import { namespaceLabelsOf, Placement, placementsOf } from './generated';
import { json } from './go-equal';
import { mergeIntoPod, MergeConflict, PodJson, SelectedPodDefault } from './merge';
import { checkNamespacePodDefaults, CheckOptions, EngineProblem, nsLabel, PodDefaultEntry, selectorKeyOf } from './namespace';
import { notebookPod } from './notebook';
import { objectProblems } from './object-rules';
import { EngineObject, identityOf, isObject, Kind, kindOf, KeySource, keySourceOf } from './objects';
import { originOf } from './rule-ids';
import { checkLauncherConfig, KFP_LAUNCHER } from '../formats/kfp-launcher';
import { quote } from '../rules/text';

export type { CheckOptions, EngineProblem } from './namespace';
export type { EngineObject } from './objects';

/** Options of `checkObjects`. */
export interface EngineOptions extends CheckOptions {
  /** The namespace of objects that have none (the one kubectl would apply them to). */
  readonly defaultNamespace?: string;
  /**
   * Check these PodDefaults (by name, in every namespace) selected together, as a notebook that
   * ticks them gets them, alternatives or not (`check --select`). By default every selection a
   * notebook can make is checked, and members of one group of alternatives are never selected together.
   */
  readonly select?: readonly string[];
}

/** An object the engine reads, with its kind and identity. */
interface Classified {
  readonly object: EngineObject;
  readonly kind: Kind;
  readonly name: string;
  readonly namespace?: string;
}

/** Fields the cluster adds to an object, which say nothing about its content. */
const SERVER_METADATA = ['resourceVersion', 'uid', 'creationTimestamp', 'generation', 'managedFields', 'selfLink', 'ownerReferences'];

/** What two copies of an object are compared by. */
function contentOf(object: EngineObject, kind: Kind, keysOnly: boolean): string {
  const manifest = object.manifest;
  if (keysOnly) {
    return json(keySourceOf(object, kind)?.keys ?? null);
  }
  const metadata = isObject(manifest.metadata) ? { ...manifest.metadata } : {};
  for (const field of SERVER_METADATA) {
    delete metadata[field];
  }
  if (isObject(metadata.annotations)) {
    const { 'kubectl.kubernetes.io/last-applied-configuration': _applied, ...annotations } = metadata.annotations;
    metadata.annotations = Object.keys(annotations).length > 0 ? annotations : undefined;
  }
  const { status: _status, ...rest } = manifest;
  return json({ ...rest, metadata });
}

/** One object per kind, namespace and name: copies with the same content are one, two versions are a problem. */
function unique(objects: readonly Classified[], out: ProblemOut): Classified[] {
  const result: Classified[] = [];
  for (const group of groupBy(objects, (c) => `${c.kind}\u0000${c.namespace ?? ''}\u0000${c.name}`).values()) {
    // Written copies come before declared ones: what is applied is what the checks read.
    const ordered = group.length === 1 ? group : [...group.filter((c) => !c.object.existing), ...group.filter((c) => c.object.existing)];
    const [first, ...copies] = ordered;
    result.push(first);
    const reported = new Set<string>();
    for (const c of copies) {
      // A declared Secret is known by its keys only.
      const keysOnly = c.kind === 'Secret' && (c.object.existing === true || first.object.existing === true);
      const content = contentOf(c.object, c.kind, keysOnly);
      if (content === contentOf(first.object, first.kind, keysOnly) || reported.has(content)) {
        continue;
      }
      reported.add(content);
      out.push({
        object: c.object,
        rule: 'two-versions',
        origin: originOf('two-versions'),
        message: `two versions of ${c.kind} ${quote(c.name)} in ${nsLabel(c.namespace)}: this one and [${first.object.source}] differ (${c.object.existing || first.object.existing ? 'the one in the cluster is replaced when this one is applied' : 'whichever is applied last replaces the other'}; give one another name, or keep one)`,
      });
    }
  }
  return result;
}

/** The inputs and what they place in namespaces by label, classified; clones are resolved later, against the sources. */
interface Expanded {
  readonly classified: Classified[];
  readonly clones: ReadonlyArray<{ readonly placement: Placement; readonly namespace: string }>;
}

/**
 * Classified objects of the inputs, with the objects that Kyverno policies, ClusterExternalSecrets
 * and declarations place in namespace sets (and in the namespaces of the inputs whose labels
 * match), and the unique ones after folding copies.
 */
function expand(objects: readonly EngineObject[], defaultNamespace: string | undefined, out: ProblemOut): Expanded {
  const classified: Classified[] = [];
  const labelled = new Map<string, ReadonlyMap<string, string>>();
  for (const object of objects) {
    const kind = object.namespaceLabels === undefined ? kindOf(object.manifest) : undefined;
    if (kind !== undefined) {
      classified.push({ object, kind, ...identityOf(object.manifest, defaultNamespace) });
    }
    const created = namespaceLabelsOf(object.manifest);
    if (created !== undefined && !labelled.has(created.name)) {
      labelled.set(created.name, created.labels);
    }
  }
  const clones: Array<{ placement: Placement; namespace: string }> = [];
  for (const placement of objects.flatMap(placementsOf)) {
    const namespaces = new Set<string>();
    for (const target of placement.targets) {
      namespaces.add(target.namespace);
      if (target.selector !== undefined) {
        for (const [name, labels] of labelled) {
          if (selectorMatches(target.selector, labels)) {
            namespaces.add(name);
          }
        }
      }
    }
    for (const namespace of namespaces) {
      if (placement.cloneOf !== undefined) {
        clones.push({ placement, namespace });
      } else {
        classified.push({ object: placement.object, kind: placement.kind, name: placement.name, namespace });
      }
    }
  }
  return { classified: unique(classified, out), clones };
}

/**
 * What Kyverno's clones give each namespace: the source's keys, unknown when the source is not
 * among the inputs. A Secret or ConfigMap that a clone and another object (another clone's
 * source, or an object written there) both make is `two-versions` (`out` given).
 */
function clonedSources(clones: Expanded['clones'], sources: readonly KeySource[], out?: ProblemOut): KeySource[] {
  const made = new Map<string, { readonly what: string; readonly source: string }>();
  for (const s of sources) {
    made.set(`${s.kind}\u0000${s.namespace ?? ''}\u0000${s.name}`, { what: 'written there', source: s.object.source });
  }
  return clones.map(({ placement, namespace }) => {
    const from = placement.cloneOf!;
    const kind = from.kind === 'ConfigMap' ? 'ConfigMap' : 'Secret';
    const source = sources.find((s) => s.kind === kind && s.name === from.name && s.namespace === from.namespace);
    const key = `${kind}\u0000${namespace}\u0000${placement.name}`;
    const what = `cloned from ${from.namespace}/${from.name}`;
    const other = made.get(key);
    if (other === undefined) {
      made.set(key, { what, source: placement.object.source });
    } else if (out !== undefined && other.what !== what) {
      out.push({
        object: placement.object,
        rule: 'two-versions',
        origin: originOf('two-versions'),
        message: `two versions of ${kind} ${quote(placement.name)} in ${nsLabel(namespace)}: this one (${what}) and [${other.source}] (${other.what}) differ (Kyverno and the other writer replace each other's; give one another name, or keep one)`,
      });
    }
    return { kind, name: placement.name, namespace, keys: source?.keys, object: placement.object };
  });
}

/** Items grouped by a key, in the order each key first appears. */
function groupBy<K, T>(items: readonly T[], keyOf: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const list = groups.get(key);
    if (list) {
      list.push(item);
    } else {
      groups.set(key, [item]);
    }
  }
  return groups;
}

const byNamespace = <T extends { readonly namespace?: string }>(items: readonly T[]) => groupBy(items, (item) => item.namespace);

function specOf(c: Classified): Record<string, any> {
  return isObject(c.object.manifest.spec) ? c.object.manifest.spec : {};
}

function entryOf(c: Classified): PodDefaultEntry {
  return {
    object: c.object,
    path: c.object.source,
    name: c.name,
    namespace: c.namespace,
    spec: specOf(c),
    declaredKeys: c.object.declaredKeys,
    declaredConfigMapKeys: c.object.declaredConfigMapKeys,
  };
}

/** The rules of one object on its own, as the engine reports them. */
function problemsOf(c: Classified, defaultNamespace: string | undefined): EngineProblem[] {
  return objectProblems(c.object, c.kind, defaultNamespace)
    .map((p) => ({ object: c.object, rule: p.rule, origin: originOf(p.rule), message: p.message }));
}

/**
 * Checks objects: every rule over what is written. Problems come in a stable order: input
 * order within each step.
 */
export function checkObjects(objects: readonly EngineObject[], options: EngineOptions = {}): EngineProblem[] {
  const out = new ProblemSink(options.maxProblemsPerRule ?? PROBLEMS_PER_RULE);
  const { classified, clones } = expand(objects, options.defaultNamespace, out);
  const sources: KeySource[] = [];
  const podDefaults: PodDefaultEntry[] = [];
  const checked = new Set<EngineObject>();
  for (const c of classified) {
    // An object placed in many namespaces is checked on its own once.
    if (!checked.has(c.object)) {
      checked.add(c.object);
      out.push(...problemsOf(c, options.defaultNamespace));
    }
    if (c.kind === 'PodDefault') {
      if (!c.object.existing || isObject(c.object.manifest.spec)) {
        podDefaults.push(entryOf(c));
      }
    } else {
      const source = sourceOf(c, options.defaultNamespace);
      if (source) {
        sources.push(source);
      }
    }
  }
  sources.push(...clonedSources(clones, sources, out));
  const sourcesByNamespace = byNamespace(sources);
  for (const c of classified) {
    if (c.kind === 'ConfigMap' && c.name === KFP_LAUNCHER.configMapName && !c.object.existing) {
      launcherKeyProblems(c, sourcesByNamespace.get(c.namespace) ?? [], out);
    }
  }
  const selected = options.select && new Set(options.select);
  for (const [namespace, list] of byNamespace(podDefaults)) {
    if (selected) {
      checkNamespacePodDefaults(namespace, list.filter((pd) => selected.has(pd.name)), sourcesByNamespace.get(namespace) ?? [], out, options);
    } else {
      checkNamespaceSelections(namespace, list, sourcesByNamespace.get(namespace) ?? [], out, options);
    }
  }
  return out.problems();
}

/**
 * The Secret keys a `kfp-launcher` ConfigMap makes the launcher read, against the Secrets of its
 * namespace (when they are known): a missing key fails every step ("key ... not found or is empty").
 */
function launcherKeyProblems(c: Classified, sources: readonly KeySource[], out: ProblemOut): void {
  const data = isObject(c.object.manifest.data) ? c.object.manifest.data : {};
  for (const ref of checkLauncherConfig(data, 'data').secretRefs) {
    const secret = sources.find((s) => s.kind === 'Secret' && s.name === ref.secretName);
    if (secret?.keys !== undefined && !secret.keys.includes(ref.key)) {
      out.push({
        object: c.object,
        rule: 'secret-key-missing',
        origin: originOf('secret-key-missing'),
        message: `${ref.field} ${quote(ref.key)} is not a key of Secret ${quote(ref.secretName)} (its keys: ${secret.keys.map(quote).join(', ') || 'none'}): every pipeline step fails to reach the store ("key ... not found or is empty")`,
      });
    }
  }
}

/** The keys an object gives pods of its namespace (a placed object: of the namespace it is placed in). */
function sourceOf(c: Classified, defaultNamespace: string | undefined): KeySource | undefined {
  const source = keySourceOf(c.object, c.kind, defaultNamespace);
  const placed = c.object.generatedBy !== undefined || c.object.namespaceLabels !== undefined;
  return source && placed ? { ...source, namespace: c.namespace } : source;
}

/** Whether a selector matches labels (matchLabels and matchExpressions, as apimachinery's labels.Selector does). */
export function selectorMatches(selector: unknown, labels: ReadonlyMap<string, string>): boolean {
  const s = isObject(selector) ? selector : {};
  for (const [key, value] of Object.entries(isObject(s.matchLabels) ? s.matchLabels : {})) {
    if (labels.get(key) !== value) {
      return false;
    }
  }
  for (const e of Array.isArray(s.matchExpressions) ? s.matchExpressions : []) {
    const has = labels.has(e?.key);
    const value = labels.get(e?.key);
    const values: unknown[] = Array.isArray(e?.values) ? e.values : [];
    const ok = e?.operator === 'In' ? has && values.includes(value)
      : e?.operator === 'NotIn' ? !has || !values.includes(value)
        : e?.operator === 'Exists' ? has
          : e?.operator === 'DoesNotExist' ? !has : false;
    if (!ok) {
      return false;
    }
  }
  return true;
}

/** Who brings the labels of the ticked boxes. */
export const SPAWNER = 'spawner';

/** Options of `previewNotebookPod`. */
export interface PreviewSelection extends CheckOptions {
  /** The profile namespace of the notebook. */
  readonly namespace: string;
  /** The names of the PodDefaults whose boxes are ticked. */
  readonly select: readonly string[];
}

/** What a notebook of a namespace receives for one selection. */
export interface NotebookPodPreview {
  /** The PodDefaults the webhook applies (in name order, as the API server lists them). */
  readonly applied: readonly string[];
  /** Names in `select` that no PodDefault of the namespace has. */
  readonly unknown: readonly string[];
  /** Every PodDefault name of the namespace (for messages). */
  readonly available: readonly string[];
  /** The problems of the applied PodDefaults, alone and together: the same checks as `checkObjects`. */
  readonly problems: readonly EngineProblem[];
  /** What the webhook's merge finds in conflict (it refuses the pod when there is any). */
  readonly conflicts: readonly MergeConflict[];
  /** The pod after the merge. */
  readonly pod: PodJson;
  /** The keys of the Secrets and ConfigMaps of the namespace, by kind and name. */
  readonly keys: ReadonlyMap<string, readonly string[] | undefined>;
}

/**
 * What a notebook pod of `namespace` receives when the boxes of `select` are ticked: the
 * spawner sets `<first matchLabels key>: "true"` for each, the webhook applies every PodDefault
 * whose selector those labels match, checks them with the same namespace pass as
 * `checkObjects`, and merges them.
 */
export function previewNotebookPod(objects: readonly EngineObject[], selection: PreviewSelection): NotebookPodPreview {
  const ignored: EngineProblem[] = [];
  const expanded = expand(objects, selection.namespace, ignored);
  const inNamespace = expanded.classified.filter((c) => c.namespace === selection.namespace);
  const podDefaults = inNamespace.filter((c) => c.kind === 'PodDefault').sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const byName = new Map(podDefaults.map((c) => [c.name, c]));
  const unknown = selection.select.filter((name) => !byName.has(name));
  const labels = new Map<string, string>();
  for (const name of selection.select) {
    const pd = byName.get(name);
    const key = pd && selectorKeyOf(specOf(pd));
    if (key !== undefined) {
      labels.set(key, 'true');
    }
  }
  const applied = unknown.length > 0 ? [] : podDefaults.filter((c) => selectorMatches(c.object.manifest.spec?.selector, labels));
  const all = expanded.classified.map((c) => (c.kind === 'PodDefault' ? undefined : sourceOf(c, selection.namespace)))
    .filter((s): s is KeySource => s !== undefined);
  const sources = [...all, ...clonedSources(expanded.clones, all)].filter((s) => s.namespace === selection.namespace);
  const problems = applied.flatMap((c) => problemsOf(c, selection.namespace));
  checkNamespacePodDefaults(selection.namespace, applied.map(entryOf), sources, problems, selection);
  const selected: SelectedPodDefault[] = applied.map((c) => ({ name: c.name, spec: specOf(c) }));
  const base = notebookPod(selection.namespace, selection.notebookName);
  // The spawner sets the label of each ticked box on the notebook, so the pod has them before the webhook.
  const ticked = [...labels].map(([k, v]) => ({ value: [k, v] as [string, string], from: SPAWNER }));
  const withLabels: PodJson = { ...base, labels: [...base.labels, ...ticked] };
  const merged = mergeIntoPod(withLabels, selected);
  const keys = new Map<string, readonly string[] | undefined>();
  for (const s of sources) {
    const key = `${s.kind}/${s.name}`;
    if (!keys.has(key)) {
      keys.set(key, s.keys);
    }
  }
  return {
    applied: applied.map((c) => c.name),
    unknown,
    available: podDefaults.map((c) => c.name),
    problems,
    conflicts: merged.conflicts,
    pod: merged.pod,
    keys,
  };
}

/** Canonical JSON (object keys sorted), for tests and adapters that compare manifests. */
export const canonicalJson = json;