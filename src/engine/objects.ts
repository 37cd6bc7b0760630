/**
 * What the engine takes in: Kubernetes objects as JSON, each with where it came from, and what
 * it knows about each kind that takes part in the checks. Plain data; no cdk8s, no constructs.
 */

/** One object given to the engine. */
export interface EngineObject {
  /** How messages name where the object comes from: a construct path, or `file: Kind ns/name`. */
  readonly source: string;
  /** The object as JSON (what is applied to the cluster). */
  readonly manifest: Record<string, any>;
  /**
   * The object exists in the cluster and is not written by these inputs (declared so that the
   * checks know it): only its identity and keys take part, its content is not checked.
   */
  readonly existing?: boolean;
  /**
   * Its content (a Secret's data, a PodDefault's spec) was checked where it was made: a
   * construct of this library, before any JSON patch, whose constructor and `add*` methods
   * apply the same rules eagerly. Its metadata, and everything it shares with other objects,
   * is still checked here.
   */
  readonly contentChecked?: boolean;
  /** For a PodDefault: the keys of Secrets it uses that no input holds (Secret name → keys). */
  readonly declaredKeys?: ReadonlyMap<string, readonly string[]>;
  /** For a PodDefault: the keys of ConfigMaps it uses that no input holds (ConfigMap name → keys). */
  readonly declaredConfigMapKeys?: ReadonlyMap<string, readonly string[]>;
  /**
   * The object is in every namespace with these labels rather than in one (declared existing
   * objects: `ExistingPodDefault` in every profile namespace).
   */
  readonly namespaceLabels?: Readonly<Record<string, string>>;
  /** For an object that a Kyverno policy or a ClusterExternalSecret makes: that object. */
  readonly generatedBy?: EngineObject;
}

/** The kinds the engine reads. */
export type Kind = 'PodDefault' | 'Secret' | 'ConfigMap' | 'SealedSecret' | 'ExternalSecret';

/** Whether a manifest is a Kubeflow PodDefault. */
export function isPodDefault(manifest: { apiVersion?: unknown; kind?: unknown }): boolean {
  return manifest.kind === 'PodDefault' && manifest.apiVersion === 'kubeflow.org/v1alpha1';
}

/** Whether a manifest is a core v1 Secret. */
export function isSecret(manifest: { apiVersion?: unknown; kind?: unknown }): boolean {
  return manifest.kind === 'Secret' && manifest.apiVersion === 'v1';
}

/** The kind of a manifest, when the engine reads it. */
export function kindOf(manifest: { apiVersion?: unknown; kind?: unknown }): Kind | undefined {
  const apiVersion = manifest.apiVersion;
  switch (manifest.kind) {
    case 'PodDefault': return apiVersion === 'kubeflow.org/v1alpha1' ? 'PodDefault' : undefined;
    case 'Secret': return apiVersion === 'v1' ? 'Secret' : undefined;
    case 'ConfigMap': return apiVersion === 'v1' ? 'ConfigMap' : undefined;
    case 'SealedSecret': return apiVersion === 'bitnami.com/v1alpha1' ? 'SealedSecret' : undefined;
    case 'ExternalSecret': return typeof apiVersion === 'string' && apiVersion.startsWith('external-secrets.io/') ? 'ExternalSecret' : undefined;
    default: return undefined;
  }
}

/** The objects of a manifest: itself, or the items of a `List` (`kubectl get ... -o yaml`). */
export function objectsOf(manifest: unknown): Array<Record<string, any>> {
  if (!isObject(manifest)) {
    return [];
  }
  if (typeof manifest.kind === 'string' && manifest.kind.endsWith('List') && Array.isArray(manifest.items)) {
    return manifest.items.flatMap(objectsOf);
  }
  return [manifest];
}

export function isObject(value: unknown): value is Record<string, any> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A field read as an object, when it is one. */
export function objectOf(value: unknown): Record<string, any> | undefined {
  return isObject(value) ? value : undefined;
}

/** The objects of a list field (anything else in it is reported by the rules of one object). */
export function listOf(value: unknown): Array<Record<string, any>> {
  return Array.isArray(value) ? value.filter(isObject) : [];
}

/** A field read as a string (`""` when it is not one, as Go decodes an absent string). */
export function stringOf(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** The name and namespace of an object (`namespace` undefined when it has none). */
export function identityOf(manifest: Record<string, any>, defaultNamespace?: string): { name: string; namespace?: string } {
  const metadata = isObject(manifest.metadata) ? manifest.metadata : {};
  const namespace = typeof metadata.namespace === 'string' && metadata.namespace !== '' ? metadata.namespace : defaultNamespace;
  return { name: typeof metadata.name === 'string' ? metadata.name : '', namespace };
}

/** How messages name an object: `Kind namespace/name` (`Kind name` without a namespace). */
export function labelOf(manifest: Record<string, any>, defaultNamespace?: string): string {
  const { name, namespace } = identityOf(manifest, defaultNamespace);
  return `${String(manifest.kind)} ${namespace === undefined ? '' : `${namespace}/`}${name}`;
}

/**
 * A source of keys that pods can use by name: a Secret (also what a SealedSecret or an
 * ExternalSecret makes) or a ConfigMap.
 */
export interface KeySource {
  readonly kind: 'Secret' | 'ConfigMap';
  /** The name pods refer to (an ExternalSecret's target, a SealedSecret's template name). */
  readonly name: string;
  readonly namespace?: string;
  /** Its keys; `undefined` when they cannot be known from the manifest (an ExternalSecret's `dataFrom`). */
  readonly keys?: readonly string[];
  readonly object: EngineObject;
}

function keysOfMaps(...maps: unknown[]): string[] {
  const keys = new Set<string>();
  for (const map of maps) {
    if (isObject(map)) {
      Object.keys(map).forEach((k) => keys.add(k));
    }
  }
  return [...keys].sort();
}

/**
 * The Secret or ConfigMap an object makes, with its keys: a Secret's `data` and `stringData`; a
 * SealedSecret's `encryptedData` (and its template's `data`); an ExternalSecret's templated
 * keys (with `mergePolicy: Replace` the templates alone, otherwise with each `data[].secretKey`).
 */
export function keySourceOf(object: EngineObject, kind: Kind, defaultNamespace?: string): KeySource | undefined {
  const manifest = object.manifest;
  const { name, namespace } = identityOf(manifest, defaultNamespace);
  const spec = isObject(manifest.spec) ? manifest.spec : {};
  switch (kind) {
    case 'Secret':
      return { kind: 'Secret', name, namespace, keys: keysOfMaps(manifest.data, manifest.stringData), object };
    case 'ConfigMap':
      return { kind: 'ConfigMap', name, namespace, keys: keysOfMaps(manifest.data, manifest.binaryData), object };
    case 'SealedSecret': {
      const template = isObject(spec.template) ? spec.template : {};
      const templateName = isObject(template.metadata) && typeof template.metadata.name === 'string' ? template.metadata.name : undefined;
      return { kind: 'Secret', name: templateName || name, namespace, keys: keysOfMaps(spec.encryptedData, template.data), object };
    }
    case 'ExternalSecret': {
      const target = isObject(spec.target) ? spec.target : {};
      const template = isObject(target.template) ? target.template : {};
      const templated = keysOfMaps(template.data);
      const fields = (Array.isArray(spec.data) ? spec.data : []).map((d: any) => d?.secretKey).filter((k: unknown): k is string => typeof k === 'string');
      const fromData = Array.isArray(spec.dataFrom) && spec.dataFrom.length > 0;
      const replace = template.mergePolicy === 'Replace' && templated.length > 0;
      const keys = replace ? templated : fromData ? undefined : [...new Set([...templated, ...fields])].sort();
      return { kind: 'Secret', name: (typeof target.name === 'string' && target.name) || name, namespace, keys, object };
    }
    default:
      return undefined;
  }
}

/**
 * The text of one key of a Secret (`stringData` over `data`, decoded) or ConfigMap (`data`, or
 * `binaryData` decoded); `undefined` when it has none or it is not text the API server stores.
 */
export function valueOfKey(manifest: Record<string, any>, key: string): string | undefined {
  const text = objectOf(manifest.stringData)?.[key] ?? (manifest.kind === 'ConfigMap' ? objectOf(manifest.data)?.[key] : undefined);
  if (typeof text === 'string') {
    return text;
  }
  const encoded = manifest.kind === 'ConfigMap' ? objectOf(manifest.binaryData)?.[key] : objectOf(manifest.data)?.[key];
  return typeof encoded === 'string' ? Buffer.from(encoded, 'base64').toString('utf8') : undefined;
}
