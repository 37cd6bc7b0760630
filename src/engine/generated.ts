/**
 * Objects that reach namespaces by label rather than by name: what a Kyverno `ClusterPolicy`
 * generate rule triggered by Namespaces makes (its `data`, or a `clone` of a source object), what
 * a `ClusterExternalSecret` makes (an ExternalSecret per namespace its `namespaceSelectors`
 * match), and objects declared as existing in every namespace with some labels. Each reaches a
 * *namespace set* (every namespace a selector matches, today's and tomorrow's), which the
 * engine checks like one namespace, and every namespace of the inputs whose labels match (a
 * `Namespace`, or a Kubeflow `Profile`, whose namespace the profile controller labels).
 *
 * Read from Kyverno's sources (kyverno/kyverno v1.19.0): `api/kyverno/v1/common_types.go`
 * (`Generation`, `GeneratePattern`, `CloneFrom`), `pkg/background/generate/generator.go` (the
 * pattern's variables are substituted, then `clone` or `data` is applied to the target), and
 * from External Secrets' `apis/externalsecrets/v1/clusterexternalsecret_types.go`.
 */
import { EngineObject, identityOf, isObject, Kind, kindOf, listOf, stringOf } from './objects';
import { kyvernoReads } from '../formats/kyverno-text';
import { quote } from '../rules/text';

/** What the namespace of a set starts with: `:` is in no namespace name. */
const SET_MARK = 'labels:';

/** Labels the Kubeflow profile controller sets on every profile namespace (its base `namespace-labels.yaml`). */
export const PROFILE_NAMESPACE_LABELS: Readonly<Record<string, string>> = { 'app.kubernetes.io/part-of': 'kubeflow-profile' };

/** Whether an engine namespace is a set of namespaces chosen by labels. */
export function isNamespaceSet(namespace: string | undefined): boolean {
  return namespace !== undefined && namespace.startsWith(SET_MARK);
}

/** How messages name a namespace set: `every namespace labelled a=b`. */
export function namespaceSetLabel(namespace: string): string {
  const text = namespace.slice(SET_MARK.length);
  return text === '' ? 'every namespace' : `every namespace labelled ${text}`;
}

/**
 * The namespace set of a label selector, as kubectl prints selectors (`a=b,c in (x,y),!d`):
 * two selectors that select the same namespaces in the same words are one set.
 */
export function namespaceSetOf(selector: unknown): string {
  const s = isObject(selector) ? selector : {};
  const parts: string[] = [];
  const labels = isObject(s.matchLabels) ? s.matchLabels : {};
  for (const key of Object.keys(labels).sort()) {
    parts.push(`${key}=${stringOf(labels[key])}`);
  }
  const expressions = listOf(s.matchExpressions).map((e) => {
    const values = (Array.isArray(e.values) ? e.values : []).map(String).sort().join(',');
    switch (e.operator) {
      case 'In': return `${stringOf(e.key)} in (${values})`;
      case 'NotIn': return `${stringOf(e.key)} notin (${values})`;
      case 'Exists': return stringOf(e.key);
      case 'DoesNotExist': return `!${stringOf(e.key)}`;
      default: return `${stringOf(e.key)} ${String(e.operator)} (${values})`;
    }
  });
  return SET_MARK + [...parts, ...expressions.sort()].join(',');
}

/** A namespace set (`selector` given) or a namespace by name. */
export interface PlacementTarget {
  /** The engine's namespace: a set's key (`namespaceSetOf`) or the name. */
  readonly namespace: string;
  readonly selector?: Record<string, any>;
}

function setTarget(selector: unknown): PlacementTarget {
  return { namespace: namespaceSetOf(selector), selector: isObject(selector) ? selector : {} };
}

function uniqueTargets(targets: readonly PlacementTarget[]): PlacementTarget[] {
  const seen = new Set<string>();
  return targets.filter((t) => !seen.has(t.namespace) && seen.add(t.namespace) !== undefined);
}

/** An object that a policy, a ClusterExternalSecret or a declaration places in namespaces. */
export interface Placement {
  /** The object as it is made in each namespace (no namespace of its own). */
  readonly object: EngineObject;
  readonly kind: Kind;
  readonly name: string;
  /** Namespace sets (with their selector) and namespaces by name that receive it. */
  readonly targets: readonly PlacementTarget[];
  /** For a Kyverno `clone`: the object copied, which gives its content. */
  readonly cloneOf?: { readonly kind: string; readonly namespace: string; readonly name: string };
}

/** Whether a manifest is a Kyverno ClusterPolicy. */
function isClusterPolicy(manifest: { apiVersion?: unknown; kind?: unknown }): boolean {
  return manifest.kind === 'ClusterPolicy' && (manifest.apiVersion === 'kyverno.io/v1' || manifest.apiVersion === 'kyverno.io/v2beta1');
}

/** Whether a manifest is an External Secrets ClusterExternalSecret. */
function isClusterExternalSecret(manifest: { apiVersion?: unknown; kind?: unknown }): boolean {
  return manifest.kind === 'ClusterExternalSecret' && typeof manifest.apiVersion === 'string' && manifest.apiVersion.startsWith('external-secrets.io/');
}

/**
 * Whether the engine reads a manifest besides the kinds it checks: it places objects in
 * namespaces by label (`placementsOf`), or creates a namespace whose labels it knows
 * (`namespaceLabelsOf`).
 */
export function placesOrLabels(manifest: { apiVersion?: unknown; kind?: unknown }): boolean {
  const { apiVersion, kind } = manifest;
  return isClusterPolicy(manifest) || isClusterExternalSecret(manifest) || (kind === 'Namespace' && apiVersion === 'v1')
    || (kind === 'Profile' && typeof apiVersion === 'string' && apiVersion.startsWith('kubeflow.org/'));
}

/** `Namespace`, `v1/Namespace`, `*\/Namespace`: a kind entry of a Kyverno match that names Namespaces. */
function namesNamespaces(kind: unknown): boolean {
  return typeof kind === 'string' && /^(?:(?:v1|\*)\/)?Namespace$/.test(kind);
}

/** The namespaces a Kyverno match block triggers on: sets for selectors, names for `names`. */
function matchedNamespaces(match: unknown): PlacementTarget[] {
  const m = isObject(match) ? match : {};
  const filters = [...listOf(m.any), ...listOf(m.all)];
  if (isObject(m.resources)) {
    filters.push(m);
  }
  const targets: PlacementTarget[] = [];
  for (const filter of filters) {
    const resources = isObject(filter.resources) ? filter.resources : {};
    if (!(Array.isArray(resources.kinds) && resources.kinds.some(namesNamespaces))) {
      continue;
    }
    const names = Array.isArray(resources.names) ? resources.names.filter((n: unknown): n is string => typeof n === 'string' && !n.includes('*')) : [];
    if (names.length > 0) {
      targets.push(...names.map((namespace: string) => ({ namespace })));
    } else {
      targets.push(setTarget(resources.selector));
    }
  }
  return uniqueTargets(targets);
}

/** The trigger's own name, which a generate rule targets to reach the namespace that triggered it. */
const TRIGGER_NAME = /^\{\{\s*request\.object\.metadata\.name\s*\}\}$/;

/** A string of a rule as Kyverno reads it (escapes removed), or as written when it has variables. */
function read(value: unknown): string {
  const text = stringOf(value);
  return kyvernoReads(text) ?? text;
}

/** Every string (keys too) of a JSON value as Kyverno reads it. */
function readAll(value: unknown): unknown {
  if (typeof value === 'string') {
    return read(value);
  }
  if (Array.isArray(value)) {
    return value.map(readAll);
  }
  if (isObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [read(k), readAll(v)]));
  }
  return value;
}

/** The objects a ClusterPolicy's generate rules make in the namespaces that trigger them. */
function policyPlacements(policy: EngineObject): Placement[] {
  const spec = isObject(policy.manifest.spec) ? policy.manifest.spec : {};
  const placements: Placement[] = [];
  for (const rule of listOf(spec.rules)) {
    const generate = isObject(rule.generate) ? rule.generate : undefined;
    const triggers = matchedNamespaces(rule.match);
    if (generate === undefined || triggers.length === 0) {
      continue;
    }
    const namespace = stringOf(generate.namespace);
    const targets = TRIGGER_NAME.test(namespace) ? triggers : namespace === '' ? [] : [{ namespace: read(namespace) }];
    const apiVersion = read(generate.apiVersion);
    const kind = read(generate.kind);
    const name = read(generate.name);
    const clone = isObject(generate.clone) ? generate.clone : undefined;
    let manifest: Record<string, any>;
    if (clone !== undefined && stringOf(clone.name) !== '') {
      manifest = { apiVersion, kind, metadata: { name } };
    } else if (isObject(generate.data)) {
      const data = readAll(generate.data) as Record<string, any>;
      const { namespace: _ignored, ...metadata } = isObject(data.metadata) ? data.metadata : {};
      manifest = { ...data, apiVersion, kind, metadata: { ...metadata, name } };
    } else {
      continue;
    }
    const engineKind = kindOf(manifest);
    if (engineKind === undefined || targets.length === 0) {
      continue;
    }
    const source = `${policy.source} rule ${quote(stringOf(rule.name))}`;
    placements.push({
      object: { source, manifest, generatedBy: policy, contentChecked: policy.contentChecked },
      kind: engineKind,
      name,
      targets,
      cloneOf: clone !== undefined && stringOf(clone.name) !== '' ? { kind, namespace: read(clone.namespace), name: read(clone.name) } : undefined,
    });
  }
  return placements;
}

/** The ExternalSecret a ClusterExternalSecret makes in each namespace its selectors match. */
function clusterExternalSecretPlacement(ces: EngineObject): Placement[] {
  const manifest = ces.manifest;
  const spec = isObject(manifest.spec) ? manifest.spec : {};
  const { name: ownName } = identityOf(manifest);
  const name = stringOf(spec.externalSecretName) || ownName;
  const selectors = [...listOf(spec.namespaceSelectors), ...(isObject(spec.namespaceSelector) ? [spec.namespaceSelector] : [])];
  const targets = uniqueTargets([
    ...selectors.map(setTarget),
    ...(Array.isArray(spec.namespaces) ? spec.namespaces.filter((n: unknown): n is string => typeof n === 'string') : []).map((namespace: string) => ({ namespace })),
  ]);
  if (targets.length === 0) {
    return [];
  }
  const externalSecret = {
    apiVersion: manifest.apiVersion,
    kind: 'ExternalSecret',
    metadata: { name, ...(isObject(spec.externalSecretMetadata) ? spec.externalSecretMetadata : {}) },
    spec: isObject(spec.externalSecretSpec) ? spec.externalSecretSpec : {},
  };
  return [{ object: { source: ces.source, manifest: externalSecret, generatedBy: ces, contentChecked: ces.contentChecked }, kind: 'ExternalSecret', name, targets }];
}

/** What an object places in namespaces by label: nothing for most objects. */
export function placementsOf(object: EngineObject): Placement[] {
  const manifest = object.manifest;
  if (object.namespaceLabels !== undefined) {
    const kind = kindOf(manifest);
    const { name } = identityOf(manifest);
    return kind === undefined ? [] : [{ object, kind, name, targets: [setTarget({ matchLabels: object.namespaceLabels })] }];
  }
  if (isClusterPolicy(manifest)) {
    return policyPlacements(object);
  }
  if (isClusterExternalSecret(manifest)) {
    return clusterExternalSecretPlacement(object);
  }
  return [];
}

/** A namespace that the inputs create, and its labels. */
export interface NamespaceLabels {
  readonly name: string;
  readonly labels: ReadonlyMap<string, string>;
}

/**
 * The labels of the namespaces the inputs create: a `Namespace`'s own, and for a Kubeflow
 * `Profile` the labels the profile controller gives its namespace (its base configuration).
 */
export function namespaceLabelsOf(manifest: Record<string, any>): NamespaceLabels | undefined {
  const metadata = isObject(manifest.metadata) ? manifest.metadata : {};
  const name = stringOf(metadata.name);
  if (name === '') {
    return undefined;
  }
  if (manifest.kind === 'Namespace' && manifest.apiVersion === 'v1') {
    const labels = isObject(metadata.labels) ? metadata.labels : {};
    return { name, labels: new Map(Object.entries(labels).map(([k, v]) => [k, stringOf(v)])) };
  }
  if (manifest.kind === 'Profile' && typeof manifest.apiVersion === 'string' && manifest.apiVersion.startsWith('kubeflow.org/')) {
    return { name, labels: new Map(Object.entries(PROFILE_NAMESPACE_LABELS)) };
  }
  return undefined;
}
