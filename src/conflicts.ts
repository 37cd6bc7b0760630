/**
 * The namespace-wide conflict pass (RULES.md §1, "Merge and conflict rules").
 *
 * It knows nothing of constructs: it takes plain PodDefault specs (the JSON a construct
 * synthesizes, or a hand-written manifest) with a label for messages (the construct path), and
 * the keys of the Secrets they reference where those are known. Any subset of a namespace's
 * PodDefaults can be selected together, so every PodDefault is checked against all others of
 * its namespace and against the notebook's own volumes. It is one pass per namespace over maps
 * keyed by name and normalized path, so it stays linear in the number of PodDefaults.
 */
import {
  checkEnvPrefix, checkEnvVarName, checkLabelKey, checkLabelValue, checkNamespace, checkPodDefaultName,
  checkSecretDataKey, checkVolumeName, isEnvVarName,
} from './rules/names';
import { ancestorsOf, checkFileMode, checkItemPath, checkMountPath, normalizeMountPath } from './rules/paths';
import { quote } from './rules/text';

/** A label selector as the PodDefault CRD stores it. */
export interface SelectorJson {
  readonly matchLabels?: { readonly [key: string]: string };
  readonly matchExpressions?: ReadonlyArray<{ readonly key: string; readonly operator: string; readonly values?: readonly string[] }>;
}

/** One `env` entry. */
export interface EnvJson {
  readonly name: string;
  readonly value?: string;
  readonly valueFrom?: { readonly [source: string]: unknown };
}

/** One `envFrom` entry. */
export interface EnvFromJson {
  readonly prefix?: string;
  readonly secretRef?: { readonly name?: string; readonly optional?: boolean };
  readonly configMapRef?: { readonly name?: string; readonly optional?: boolean };
}

/** One secret volume item. */
export interface KeyToPathJson {
  readonly key: string;
  readonly path: string;
  readonly mode?: number;
}

/** One volume (the engine looks into `secret`; other sources are compared as opaque JSON). */
export interface VolumeJson {
  readonly name: string;
  readonly secret?: {
    readonly secretName?: string;
    readonly defaultMode?: number;
    readonly optional?: boolean;
    readonly items?: readonly KeyToPathJson[];
  };
  readonly [source: string]: unknown;
}

/** One volume mount. */
export interface VolumeMountJson {
  readonly name: string;
  readonly mountPath: string;
  readonly readOnly?: boolean;
  readonly subPath?: string;
}

/** The spec of a PodDefault, as the CRD stores it. */
export interface PodDefaultSpecJson {
  readonly selector?: SelectorJson;
  readonly desc?: string;
  readonly env?: readonly EnvJson[];
  readonly envFrom?: readonly EnvFromJson[];
  readonly volumes?: readonly VolumeJson[];
  readonly volumeMounts?: readonly VolumeMountJson[];
}

/** A PodDefault for the engine: its spec and where it came from. */
export interface PodDefaultRecord {
  /** How messages name this PodDefault: a construct path, or a file and index. */
  readonly path: string;
  readonly name: string;
  /** `undefined`: no namespace set (the one kubectl applies to). */
  readonly namespace?: string;
  readonly spec: PodDefaultSpecJson;
  /** Keys of referenced Secrets that this PodDefault declares itself (Secret name → keys). */
  readonly declaredKeys?: ReadonlyMap<string, readonly string[]>;
}

/** A Secret whose keys are known (emitted by this app, or declared for an existing one). */
export interface SecretRecord {
  readonly path: string;
  readonly name: string;
  readonly namespace?: string;
  readonly keys: readonly string[];
  /** Whether this app writes the Secret (two writers of one name overwrite each other). */
  readonly emitted: boolean;
}

/** A problem found by the pass, reported on `owner` (which the message names first). */
export interface Conflict {
  readonly owner: PodDefaultRecord | SecretRecord;
  readonly message: string;
}

/** The notebook's own entries (Kubeflow's notebook controller adds them to every notebook pod). */
const NOTEBOOK_MOUNTS: ReadonlyArray<{ path: string; what: string }> = [
  { path: '/dev/shm', what: "the notebook's shared-memory mount (volume \"dshm\")" },
  { path: '/home/jovyan', what: "the notebook's workspace volume" },
];
const NOTEBOOK_VOLUMES: ReadonlyMap<string, string> = new Map([['dshm', "the notebook's shared-memory volume"]]);

type Owner = PodDefaultRecord | SecretRecord;

interface Seen<T> {
  readonly owner: PodDefaultRecord;
  readonly value: T;
  readonly canon: string;
}

interface PathEntry {
  /** `undefined` for the notebook's own mounts. */
  readonly owner?: PodDefaultRecord;
  readonly raw: string;
  readonly canon: string;
  readonly what?: string;
}

/** JSON with object keys sorted, so that equal content compares equal whatever its key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map(canonicalJson).join(',')}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value)
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value);
}

function nsLabel(namespace: string | undefined): string {
  return namespace === undefined ? 'no namespace (the one kubectl applies to)' : `namespace ${quote(namespace)}`;
}

function at(other: PodDefaultRecord | SecretRecord, self: Owner): string {
  return other === self ? 'this PodDefault' : `[${other.path}]`;
}

/** The selector key the spawner UI uses: the first key of `matchLabels`. */
export function selectorKeyOf(spec: PodDefaultSpecJson): string | undefined {
  const labels = spec.selector?.matchLabels;
  if (!labels) {
    return undefined;
  }
  return Object.keys(labels)[0];
}

/**
 * Checks the fields of one PodDefault against the Kubernetes, webhook and spawner rules
 * (for manifests not built by this library's constructs, which check them as they are added).
 */
export function checkPodDefaultFields(record: PodDefaultRecord): string[] {
  const problems: Array<string | undefined> = [checkPodDefaultName(record.name)];
  if (record.namespace !== undefined) {
    problems.push(checkNamespace(record.namespace));
  }
  const spec = record.spec;
  const labels = spec.selector?.matchLabels ?? {};
  const keys = Object.keys(labels);
  if (spec.selector === undefined || keys.length === 0) {
    problems.push('selector has no matchLabels (an empty selector matches every pod of the namespace, and the spawner cannot list it)');
  } else if (keys.length !== 1 || labels[keys[0]] !== 'true' || (spec.selector.matchExpressions ?? []).length > 0) {
    problems.push('selector must be matchLabels with exactly one key whose value is "true" and no matchExpressions (the spawner reads only the first key and sets it to "true")');
  }
  for (const key of keys) {
    problems.push(checkLabelKey('selector key', key), checkLabelValue(`selector value of ${quote(key)}`, labels[key]));
  }
  const volumeNames = new Set<string>();
  for (const volume of spec.volumes ?? []) {
    volumeNames.add(volume.name);
    problems.push(checkVolumeName(volume.name));
    const secret = volume.secret;
    if (secret?.defaultMode !== undefined) {
      problems.push(checkFileMode(`volume ${quote(volume.name)} defaultMode`, secret.defaultMode));
    }
    for (const item of secret?.items ?? []) {
      problems.push(checkSecretDataKey(`volume ${quote(volume.name)} item key`, item.key));
      problems.push(checkItemPath(`volume ${quote(volume.name)} item path`, item.path));
      if (item.mode !== undefined) {
        problems.push(checkFileMode(`volume ${quote(volume.name)} item mode`, item.mode));
      }
    }
  }
  for (const mount of spec.volumeMounts ?? []) {
    problems.push(checkMountPath(mount.mountPath));
    if (!volumeNames.has(mount.name)) {
      problems.push(`volumeMount ${quote(mount.name)} refers to no volume of this PodDefault (pod validation rejects a mount without its volume)`);
    }
  }
  for (const env of spec.env ?? []) {
    problems.push(checkEnvVarName('env name', env.name));
  }
  for (const envFrom of spec.envFrom ?? []) {
    if (envFrom.prefix !== undefined) {
      problems.push(checkEnvPrefix(envFrom.prefix));
    }
  }
  return problems.filter((p): p is string => p !== undefined);
}

/**
 * Finds every conflict between PodDefaults of one namespace (and between Secrets written twice),
 * in one pass per namespace. Each conflict is reported once, on the later of the records
 * involved, and its message names the other one.
 */
export function findConflicts(podDefaults: readonly PodDefaultRecord[], secrets: readonly SecretRecord[] = []): Conflict[] {
  const conflicts: Conflict[] = [];
  const secretsByNamespace = new Map<string | undefined, SecretRecord[]>();
  for (const secret of secrets) {
    let list = secretsByNamespace.get(secret.namespace);
    if (!list) {
      list = [];
      secretsByNamespace.set(secret.namespace, list);
    }
    list.push(secret);
  }
  const podDefaultsByNamespace = new Map<string | undefined, PodDefaultRecord[]>();
  for (const record of podDefaults) {
    let list = podDefaultsByNamespace.get(record.namespace);
    if (!list) {
      list = [];
      podDefaultsByNamespace.set(record.namespace, list);
    }
    list.push(record);
  }
  for (const [namespace, list] of secretsByNamespace) {
    checkSecrets(namespace, list, conflicts);
  }
  for (const [namespace, list] of podDefaultsByNamespace) {
    checkNamespacePodDefaults(namespace, list, secretsByNamespace.get(namespace) ?? [], conflicts);
  }
  return conflicts;
}

function checkSecrets(namespace: string | undefined, secrets: readonly SecretRecord[], out: Conflict[]): void {
  const emitted = new Map<string, SecretRecord>();
  for (const secret of secrets) {
    if (!secret.emitted) {
      continue;
    }
    const earlier = emitted.get(secret.name);
    if (earlier) {
      out.push({
        owner: secret,
        message: `Secret ${quote(secret.name)} is also written by [${earlier.path}] in ${nsLabel(namespace)} (two objects with one name: whichever is applied last replaces the other)`,
      });
    } else {
      emitted.set(secret.name, secret);
    }
  }
}

function checkNamespacePodDefaults(
  namespace: string | undefined,
  records: readonly PodDefaultRecord[],
  secrets: readonly SecretRecord[],
  out: Conflict[],
): void {
  const ns = nsLabel(namespace);
  const report = (owner: Owner, message: string) => out.push({ owner, message });

  const knownKeys = new Map<string, readonly string[]>();
  for (const secret of secrets) {
    knownKeys.set(secret.name, secret.keys);
  }

  const byName = new Map<string, PodDefaultRecord>();
  const bySelector = new Map<string, PodDefaultRecord>();
  const volumes = new Map<string, Seen<VolumeJson>>();
  const mountsByName = new Map<string, Seen<VolumeMountJson>>();
  const mountsByPath = new Map<string, PathEntry>();
  const envs = new Map<string, Seen<EnvJson>>();
  const envFromVars = new Map<string, Seen<{ source: string; key: string }>>();

  const order = new Map<PodDefaultRecord, number>(records.map((r, i) => [r, i]));
  for (const notebook of NOTEBOOK_MOUNTS) {
    mountsByPath.set(notebook.path, { raw: notebook.path, canon: '', what: notebook.what });
  }

  for (const record of records) {
    const spec = record.spec;

    const sameName = byName.get(record.name);
    if (sameName) {
      report(record, `PodDefault name ${quote(record.name)} is also used by [${sameName.path}] in ${ns} (two objects with one name: whichever is applied last replaces the other)`);
    } else {
      byName.set(record.name, record);
    }

    const selectorKey = selectorKeyOf(spec);
    if (selectorKey !== undefined) {
      const sameSelector = bySelector.get(selectorKey);
      if (sameSelector) {
        report(record, `selector key ${quote(selectorKey)} is also the selector of [${sameSelector.path}] (PodDefault ${quote(sameSelector.name)}) in ${ns}: the spawner sets one label, so ticking either configuration applies both; give each PodDefault its own key`);
      } else {
        bySelector.set(selectorKey, record);
      }
    }

    for (const volume of spec.volumes ?? []) {
      const reserved = NOTEBOOK_VOLUMES.get(volume.name);
      if (reserved) {
        report(record, `volume name ${quote(volume.name)} is ${reserved} (the webhook rejects a volume that differs from the pod's own)`);
        continue;
      }
      const canon = canonicalJson(volume);
      const earlier = volumes.get(volume.name);
      if (!earlier) {
        volumes.set(volume.name, { owner: record, value: volume, canon });
      } else if (earlier.canon !== canon) {
        report(record, `volume ${quote(volume.name)} differs from the volume of the same name in ${at(earlier.owner, record)} in ${ns} (${describeVolumeDifference(earlier.value, volume)}; the webhook rejects every pod that selects both)`);
      }
    }

    for (const mount of spec.volumeMounts ?? []) {
      const normalized = normalizeMountPath(mount.mountPath);
      const nameCanon = canonicalJson({ ...mount, readOnly: mount.readOnly === true, subPath: mount.subPath || undefined });
      const earlierName = mountsByName.get(mount.name);
      if (!earlierName) {
        mountsByName.set(mount.name, { owner: record, value: mount, canon: nameCanon });
      } else if (earlierName.canon !== nameCanon) {
        const samePath = earlierName.value.mountPath !== mount.mountPath && normalizeMountPath(earlierName.value.mountPath) === normalized;
        report(record, earlierName.value.mountPath !== mount.mountPath
          ? `volume ${quote(mount.name)} is mounted at ${quote(mount.mountPath)} and at ${quote(earlierName.value.mountPath)} by ${at(earlierName.owner, record)} in ${ns} (${samePath ? 'the webhook compares paths as strings, so these differ' : 'one volume cannot be mounted at two paths'}; the webhook rejects every pod that selects both)`
          : `volumeMount ${quote(mount.name)} at ${quote(mount.mountPath)} differs (readOnly or subPath) from the mount of the same name in ${at(earlierName.owner, record)} in ${ns} (the webhook rejects every pod that selects both)`);
      }
      const pathCanon = canonicalJson({ name: mount.name, readOnly: mount.readOnly === true, subPath: mount.subPath || undefined });
      const earlierPath = mountsByPath.get(normalized);
      if (!earlierPath) {
        mountsByPath.set(normalized, { owner: record, raw: mount.mountPath, canon: pathCanon });
      } else if (earlierPath.owner === undefined) {
        report(record, `mountPath ${quote(mount.mountPath)} is ${earlierPath.what} (mount credentials beside it, for example under /home/kubeflow or under ${quote(earlierPath.raw + '/')})`);
      } else if (earlierPath.canon !== pathCanon) {
        const spelled = earlierPath.raw === mount.mountPath ? '' : ` (${quote(earlierPath.raw)} and ${quote(mount.mountPath)} are the same path after normalizing)`;
        report(record, `mountPath ${quote(mount.mountPath)} is also used by ${at(earlierPath.owner, record)} for another volume in ${ns}${spelled}: two volumes on one path collide in the container`);
      }
    }

    for (const env of spec.env ?? []) {
      const canon = canonicalJson({ value: env.value || undefined, valueFrom: env.valueFrom });
      const earlier = envs.get(env.name);
      if (!earlier) {
        envs.set(env.name, { owner: record, value: env, canon });
      } else if (earlier.canon !== canon) {
        report(record, `env ${quote(env.name)} differs from env ${quote(env.name)} of ${at(earlier.owner, record)} in ${ns} (the webhook rejects every pod that selects both)`);
      }
      const fromEnvFrom = envFromVars.get(env.name);
      if (fromEnvFrom) {
        report(record, `env ${quote(env.name)} is also provided by envFrom Secret ${quote(fromEnvFrom.value.source)} of ${at(fromEnvFrom.owner, record)} in ${ns}: env silently wins over envFrom when both are selected`);
      }
    }

    for (const envFrom of spec.envFrom ?? []) {
      const secretName = envFrom.secretRef?.name;
      if (secretName === undefined) {
        continue;
      }
      const keys = record.declaredKeys?.get(secretName) ?? knownKeys.get(secretName) ?? [];
      const prefix = envFrom.prefix ?? '';
      for (const key of keys) {
        const variable = prefix + key;
        if (!isEnvVarName(variable)) {
          report(record, `envFrom Secret ${quote(secretName)} key ${quote(key)} becomes ${quote(variable)}, which is not a valid environment variable name: kubelet skips it silently`);
          continue;
        }
        const canon = `${secretName}\u0000${key}`;
        const earlier = envFromVars.get(variable);
        if (!earlier) {
          envFromVars.set(variable, { owner: record, value: { source: secretName, key }, canon });
        } else if (earlier.canon !== canon) {
          report(record, `envFrom Secret ${quote(secretName)} provides ${quote(variable)}, which envFrom Secret ${quote(earlier.value.source)} of ${at(earlier.owner, record)} also provides in ${ns}: whichever comes later silently overrides the other at runtime`);
        }
        const fromEnv = envs.get(variable);
        if (fromEnv) {
          report(record, `envFrom Secret ${quote(secretName)} provides ${quote(variable)}, which env of ${at(fromEnv.owner, record)} also sets in ${ns}: env silently wins over envFrom when both are selected`);
        }
      }
    }

    for (const volume of spec.volumes ?? []) {
      const secretName = volume.secret?.secretName;
      const keys = secretName === undefined ? undefined : record.declaredKeys?.get(secretName) ?? knownKeys.get(secretName);
      if (keys === undefined || volume.secret?.optional) {
        continue;
      }
      for (const item of volume.secret?.items ?? []) {
        if (!keys.includes(item.key)) {
          report(record, `volume ${quote(volume.name)} item key ${quote(item.key)} is not a key of Secret ${quote(secretName!)} (its keys: ${keys.map(quote).join(', ') || 'none'}); the pod would wait for it forever`);
        }
      }
    }
  }

  // Nesting: a mount inside another mount. Secret volumes are read-only, so the runtime cannot
  // create the inner mount point. Nesting under the notebook's writable volumes is fine.
  for (const [normalized, entry] of mountsByPath) {
    for (const ancestor of ancestorsOf(normalized)) {
      const outer = mountsByPath.get(ancestor);
      if (!outer || outer.owner === undefined) {
        continue;
      }
      if (entry.owner === undefined) {
        report(outer.owner, `mountPath ${quote(outer.raw)} would contain ${entry.what} at ${quote(entry.raw)}: the notebook's mount point cannot be created inside a read-only secret volume, and the container fails to start`);
        continue;
      }
      const owner = order.get(entry.owner)! >= order.get(outer.owner)! ? entry.owner : outer.owner;
      const other = owner === entry.owner ? outer : entry;
      const self = owner === entry.owner ? entry : outer;
      report(owner, `mountPath ${quote(self.raw)} ${self === entry ? 'is nested under' : 'contains'} ${quote(other.raw)}, mounted by ${at(other.owner!, owner)} in ${ns}: secret volumes are read-only, so the runtime cannot create the inner mount point and the container fails to start`);
    }
  }
}

function describeVolumeDifference(a: VolumeJson, b: VolumeJson): string {
  const aSecret = a.secret?.secretName;
  const bSecret = b.secret?.secretName;
  if (aSecret !== undefined && bSecret !== undefined && aSecret !== bSecret) {
    return `Secret ${quote(aSecret)} there, Secret ${quote(bSecret)} here`;
  }
  return 'same name, different content';
}
