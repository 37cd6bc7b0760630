/**
 * All PodDefaults of one namespace, and the notebook pod, merged as the PodDefault webhook merges
 * them (kubeflow/dashboard components/poddefaults-webhooks/main.go, `safeToApplyPodDefaultsOnPod`
 * and the `merge*` functions it calls; docs/rulebook.md, "Merge and conflict rules").
 *
 * A notebook gets any subset of its namespace's PodDefaults, and every conflict the webhook can
 * find is between two entries (or an entry and the notebook pod), so checking every pair of
 * entries that share a key covers every subset. The pass keeps, per key, the distinct variants
 * seen so far (Go DeepEqual classes, from the same `MERGE_KEYS` that `merge.ts` applies to one
 * selection), so it stays linear in the number of entries.
 */
import type { ProblemOut } from './aggregate';
import { caFilesOf, isCertificateKey } from './ca-files';
import { isNamespaceSet, namespaceSetLabel } from './generated';
import { json } from './go-equal';
import { mergeCanon, MergeField } from './merge';
import {
  NOTEBOOK_DEPENDENT, NOTEBOOK_ENV, NOTEBOOK_LABELS, NOTEBOOK_MOUNTS, NOTEBOOK_TOLERATIONS, NOTEBOOK_VOLUMES, NotebookMount,
} from './notebook';
import { EngineObject, isObject, KeySource, listOf, objectOf, stringOf, valueOfKey } from './objects';
import { PodDefaultSpecJson } from './pod-default-spec';
import { Origin, originOf, RuleId } from './rule-ids';
import { POD_IDENTITY_ENV, WEB_IDENTITY_ENV } from '../formats/aws-keyless';
import { checkCertificateBundle } from '../formats/certificates';
import { isEnvVarName } from '../rules/names';
import { ancestorsOf, normalizeMountPath } from '../rules/paths';
import { quote } from '../rules/text';

/** A PodDefault of the namespace, as the pass reads it. */
export interface PodDefaultEntry {
  readonly object: EngineObject;
  /** How messages name it: the object's source. */
  readonly path: string;
  readonly name: string;
  readonly namespace?: string;
  readonly spec: PodDefaultSpecJson;
  /** Keys of referenced Secrets that this PodDefault declares itself (Secret name → keys). */
  readonly declaredKeys?: ReadonlyMap<string, readonly string[]>;
  /** Keys of referenced ConfigMaps that this PodDefault declares itself (ConfigMap name → keys). */
  readonly declaredConfigMapKeys?: ReadonlyMap<string, readonly string[]>;
}

/** A problem found by the engine, reported on `object` (which the message names first). */
export interface EngineProblem {
  readonly object: EngineObject;
  /** The stable id of the check (README "What we check"). */
  readonly rule: RuleId;
  /** Who refuses it. */
  readonly origin: Origin;
  readonly message: string;
}

type Owner = PodDefaultEntry;
/** The notebook pod, as an owner of merged entries. */
const NOTEBOOK = 'notebook';
type EntryOwner = PodDefaultEntry | typeof NOTEBOOK;

/** The selector key the spawner uses: the first key of `matchLabels`. */
export function selectorKeyOf(spec: PodDefaultSpecJson): string | undefined {
  const labels = objectOf(spec.selector)?.matchLabels;
  return isObject(labels) ? Object.keys(labels)[0] : undefined;
}


export function nsLabel(namespace: string | undefined): string {
  if (namespace === undefined) {
    return 'no namespace (the one kubectl applies to)';
  }
  return isNamespaceSet(namespace) ? namespaceSetLabel(namespace) : `namespace ${quote(namespace)}`;
}

// ---------------------------------------------------------------------------------------------
// All objects of a namespace, merged as the webhook merges them into the notebook pod.

/** One distinct value (a DeepEqual class) of a merged key, with the first entry that had it. */
interface Variant {
  readonly canon: string;
  readonly owner: EntryOwner;
  /** Extra facts for messages and special cases. */
  readonly kind?: 'selector';
  readonly detail?: string;
}

/** Per key, the distinct variants merged so far. */
class Merged {
  private readonly byKey = new Map<string, Variant[]>();

  /** @param base the notebook pod's entries, shared by every namespace (read only) */
  public constructor(private readonly base: ReadonlyMap<string, Variant> = new Map()) {}

  /**
   * Adds an entry; returns the first earlier variant it conflicts with, if any.
   * `compatible` says when two different variants do not conflict (two selectors on one key).
   */
  public add(key: string, variant: Variant, compatible?: (a: Variant, b: Variant) => boolean): Variant | undefined {
    let variants = this.byKey.get(key);
    if (!variants) {
      const seed = this.base.get(key);
      variants = seed ? [seed] : [];
      this.byKey.set(key, variants);
    }
    let conflict: Variant | undefined;
    let same: Variant | undefined;
    for (const earlier of variants) {
      if (earlier.canon === variant.canon) {
        same = earlier;
      } else if (conflict === undefined && !(compatible?.(earlier, variant) ?? false)) {
        conflict = earlier;
      }
    }
    if (same === undefined || same.kind !== variant.kind) {
      variants.push(variant);
    }
    return conflict;
  }

  public get(key: string): readonly Variant[] {
    const variants = this.byKey.get(key);
    if (variants) {
      return variants;
    }
    const seed = this.base.get(key);
    return seed ? [seed] : [];
  }
}

/** The kinds of AWS credentials a PodDefault can give, in botocore's order. */
const AWS_SOURCE_ORDER = ['environment keys', 'web identity', 'the shared credentials file', 'container credentials'] as const;
type AwsSourceKind = (typeof AWS_SOURCE_ORDER)[number];
/** The sources that hold no key: a notebook offered one of them beside another source gets either silently. */
const KEYLESS_SOURCES: ReadonlySet<AwsSourceKind> = new Set(['web identity', 'container credentials']);
/** One kind of AWS credentials, from one PodDefault. */
interface AwsSource {
  readonly kind: AwsSourceKind;
  readonly what: string;
  readonly owner: PodDefaultEntry;
}

/** Options of the engine. */
export interface CheckOptions {
  /**
   * The notebook's name, when the checks are about one notebook: then its container name and its
   * labels' values are known. By default any notebook is assumed.
   */
  readonly notebookName?: string;

  /**
   * How many problems of one rule each object shows; the rest are counted in one line ("N more
   * ... like the ones above"), so that output grows with the input, not with its square.
   * `0` shows every problem.
   *
   * @default 10
   */
  readonly maxProblemsPerRule?: number;
}

/**
 * Checks the PodDefaults of one namespace together, against the Secrets and ConfigMaps known in
 * it: each problem is reported once, on one of the PodDefaults involved, and its message names
 * the other one.
 */
export function checkNamespacePodDefaults(
  namespace: string | undefined, podDefaults: readonly PodDefaultEntry[], sources: readonly KeySource[], out: ProblemOut, options: CheckOptions,
): void {
  new NamespacePass(namespace, sources, out, options).run(podDefaults);
}

function report(out: ProblemOut, owner: Owner, rule: RuleId, message: string): void {
  out.push({ object: owner.object, rule, origin: originOf(rule), message });
}

/** A mount path seen in the namespace, for nesting and normalized-path checks. */
interface PathEntry {
  readonly owner: EntryOwner;
  readonly raw: string;
  readonly name: string;
  readonly notebook?: NotebookMount;
}

/** Stands for a value of the notebook pod that no PodDefault value equals. */
const UNKNOWN = '\u0000notebook';
/** The notebook labels whose value is the notebook's name. */
const NAME_LABELS = ['app', 'statefulset', 'notebook-name'];

interface Baseline {
  readonly volumes: ReadonlyMap<string, Variant>;
  readonly mountsByName: ReadonlyMap<string, Variant>;
  readonly mountsByPath: ReadonlyMap<string, Variant>;
  readonly paths: readonly PathEntry[];
  readonly env: ReadonlyMap<string, Variant>;
  readonly labels: ReadonlyMap<string, Variant>;
  readonly tolerations: ReadonlyMap<string, Variant>;
  readonly sidecars: ReadonlyMap<string, Variant>;
}
let anyNotebook: Baseline | undefined;

/** The notebook pod's entries as merge variants: for any notebook (constant, computed once), or for one. */
function notebookBaseline(namespace: string | undefined, notebookName: string | undefined): Baseline {
  if (notebookName === undefined && anyNotebook) {
    return anyNotebook;
  }
  const canonOf = (field: MergeField, value: unknown) => (value === NOTEBOOK_DEPENDENT ? UNKNOWN : mergeCanon(field, value as Record<string, any>));
  const mounts = NOTEBOOK_MOUNTS.map((m) => {
    const name = m.mount === NOTEBOOK_DEPENDENT ? '' : (m.mount as { name: string }).name;
    return { name, path: m.mountPath, variant: { canon: canonOf('volumeMounts', m.mount), owner: NOTEBOOK, detail: m.what } as Variant, m };
  });
  const nbPrefix = notebookName !== undefined && namespace !== undefined ? `/notebook/${namespace}/${notebookName}` : undefined;
  const baseline: Baseline = {
    volumes: new Map([...NOTEBOOK_VOLUMES].map(([name, volume]) => [name, { canon: canonOf('volumes', volume), owner: NOTEBOOK }])),
    mountsByName: new Map(mounts.filter((m) => m.name !== '').map((m) => [m.name, m.variant])),
    mountsByPath: new Map(mounts.map((m) => [m.path, m.variant])),
    paths: mounts.map((m) => ({ owner: NOTEBOOK, raw: m.path, name: m.name, notebook: m.m })),
    env: new Map([...NOTEBOOK_ENV].map(([name, value]) => [name, {
      canon: nbPrefix === undefined ? canonOf('env', value) : canonOf('env', { name, value: nbPrefix }),
      owner: NOTEBOOK,
      detail: 'the notebook controller sets it to the notebook\'s URL prefix',
    }])),
    labels: new Map([...NOTEBOOK_LABELS].map(([key, value]) => [key, {
      canon: notebookName !== undefined && NAME_LABELS.includes(key)
        ? JSON.stringify(notebookName)
        : value === NOTEBOOK_DEPENDENT ? UNKNOWN : JSON.stringify(value),
      owner: NOTEBOOK,
      detail: 'a label that the notebook controller sets from the notebook\'s name',
    }])),
    tolerations: new Map([...NOTEBOOK_TOLERATIONS].map(([key, value]) => [key, { canon: canonOf('tolerations', value), owner: NOTEBOOK, detail: 'a toleration that the API server adds to every pod' }])),
    sidecars: new Map(notebookName === undefined ? [] : [[notebookName, { canon: UNKNOWN, owner: NOTEBOOK, detail: 'the notebook\'s own container' }]]),
  };
  if (notebookName === undefined) {
    anyNotebook = baseline;
  }
  return baseline;
}

class NamespacePass {
  /** The keys of each Secret and ConfigMap of the namespace (`undefined`: it exists, keys unknown). */
  private readonly secretKeys = new Map<string, readonly string[] | undefined>();
  private readonly configMapKeys = new Map<string, readonly string[] | undefined>();
  /** The Secrets and ConfigMaps of the namespace, for the content of a key that a CA variable names. */
  private readonly sourceObjects = new Map<string, KeySource>();
  /** The keys whose certificates were checked already (kind, name, key). */
  private readonly checkedBundles = new Set<string>();
  private readonly order = new Map<EntryOwner, number>();
  private readonly selectors = new Map<string, PodDefaultEntry>();
  private readonly volumes: Merged;
  private readonly mountsByName: Merged;
  private readonly mountsByPath: Merged;
  private readonly normalizedPaths = new Map<string, PathEntry>();
  private readonly env: Merged;
  private readonly envFromVars = new Map<string, { owner: PodDefaultEntry; source: string; key: string }>();
  private readonly envNames = new Map<string, PodDefaultEntry>();
  private readonly tolerations: Merged;
  private readonly labels: Merged;
  private readonly annotations = new Merged();
  private readonly initContainers = new Merged();
  private readonly sidecars: Merged;
  private readonly settings = new Merged();
  /** The first PodDefault of each kind of AWS credentials. */
  private readonly awsSources = new Map<AwsSourceKind, AwsSource>();
  private nsLabel?: string;

  public constructor(
    private readonly namespace: string | undefined,
    sources: readonly KeySource[],
    private readonly out: ProblemOut,
    options: CheckOptions,
  ) {
    for (const source of sources) {
      (source.kind === 'Secret' ? this.secretKeys : this.configMapKeys).set(source.name, source.keys);
      this.sourceObjects.set(`${source.kind}\u0000${source.name}`, source);
    }
    // The notebook pod's own entries come first: a PodDefault that differs from them conflicts.
    const baseline = notebookBaseline(namespace, options.notebookName);
    this.volumes = new Merged(baseline.volumes);
    this.mountsByName = new Merged(baseline.mountsByName);
    this.mountsByPath = new Merged(baseline.mountsByPath);
    this.env = new Merged(baseline.env);
    this.tolerations = new Merged(baseline.tolerations);
    this.labels = new Merged(baseline.labels);
    this.sidecars = new Merged(baseline.sidecars);
    for (const entry of baseline.paths) {
      this.normalizedPaths.set(normalizeMountPath(entry.raw), entry);
    }
    this.order.set(NOTEBOOK, -1);
  }

  /** How messages name the namespace. */
  private get ns(): string {
    this.nsLabel ??= nsLabel(this.namespace);
    return this.nsLabel;
  }

  public run(records: readonly PodDefaultEntry[]): void {
    for (const [index, record] of records.entries()) {
      this.order.set(record, index);
    }
    for (const record of records) {
      this.add(record);
    }
    this.checkNesting();
  }

  private report(owner: Owner, rule: RuleId, message: string): void {
    report(this.out, owner, rule, message);
  }

  /** How a message names the other side of a conflict, seen from `self`. */
  private other(owner: EntryOwner, self: PodDefaultEntry, detail?: string): string {
    if (owner === NOTEBOOK) {
      return `the notebook pod (${detail ?? 'set by the notebook controller'})`;
    }
    return owner === self ? 'this PodDefault' : `[${owner.path}]`;
  }

  private add(record: PodDefaultEntry): void {
    const spec: Record<string, any> = objectOf(record.spec) ?? {};
    this.addIdentity(record, spec);
    this.addVolumes(record, spec);
    this.addMounts(record, spec);
    this.addEnv(record, spec);
    this.addEnvFrom(record, spec);
    this.addMaps(record, spec);
    this.addTolerations(record, spec);
    this.addContainers(record, spec);
    this.addSettings(record, spec);
    this.addAwsCredentialSources(record, spec);
    this.checkItems(record, spec);
  }

  private addIdentity(record: PodDefaultEntry, spec: Record<string, any>): void {
    const selectorKey = selectorKeyOf(spec);
    if (selectorKey !== undefined) {
      const sameSelector = this.selectors.get(selectorKey);
      if (sameSelector) {
        this.report(record, 'shared-selector', `selector key ${quote(selectorKey)} is also the selector of [${sameSelector.path}] (PodDefault ${quote(sameSelector.name)}) in ${this.ns}: the spawner sets one label, so ticking either configuration applies both; give each PodDefault its own key (selectorLabel)`);
      } else {
        this.selectors.set(selectorKey, record);
      }
    }
  }

  private addVolumes(record: PodDefaultEntry, spec: Record<string, any>): void {
    for (const volume of listOf(spec.volumes)) {
      const name = stringOf(volume.name);
      const conflict = this.volumes.add(name, { canon: mergeCanon('volumes', volume), owner: record, detail: stringOf(objectOf(volume.secret)?.secretName) });
      if (conflict) {
        const reason = conflict.owner === NOTEBOOK
          ? `is the notebook's own ${name === 'dshm' ? 'shared-memory volume' : 'volume'} with other content`
          : `differs from the volume of the same name in ${this.other(conflict.owner, record)}${describeSecrets(conflict.detail, stringOf(objectOf(volume.secret)?.secretName))}`;
        this.report(record, 'volume-conflict', `volume ${quote(name)} ${reason} in ${this.ns} (the webhook rejects every notebook that selects both; pass another volumeName)`);
      }
    }
  }

  private addMounts(record: PodDefaultEntry, spec: Record<string, any>): void {
    for (const mount of listOf(spec.volumeMounts)) {
      const name = stringOf(mount.name);
      const path = stringOf(mount.mountPath);
      const canon = mergeCanon('volumeMounts', mount);
      const byName = this.mountsByName.add(name, { canon, owner: record, detail: path });
      if (byName) {
        const earlierPath = byName.owner === NOTEBOOK ? undefined : byName.detail;
        this.report(record, 'mount-name-conflict', earlierPath !== undefined && earlierPath !== path
          ? `volume ${quote(name)} is mounted at ${quote(path)} and at ${quote(earlierPath)} by ${this.other(byName.owner, record)} in ${this.ns} (${normalizeMountPath(earlierPath) === normalizeMountPath(path) ? 'the webhook compares paths as strings, so these differ' : 'one volume cannot be mounted at two paths'}; the webhook rejects every notebook that selects both)`
          : `volumeMount ${quote(name)} at ${quote(path)} differs (readOnly, subPath or another field) from the mount of the same name in ${this.other(byName.owner, record, byName.detail)} in ${this.ns} (the webhook rejects every notebook that selects both)`);
      }
      const byPath = this.mountsByPath.add(path, { canon, owner: record, detail: name });
      if (byPath && !byName) {
        this.report(record, 'mount-path-conflict', byPath.owner === NOTEBOOK
          ? `mountPath ${quote(path)} is ${byPath.detail} (the webhook rejects every notebook that selects this PodDefault; mount credentials beside it, for example under /home/kubeflow)`
          : `mountPath ${quote(path)} is also used by ${this.other(byPath.owner, record)} for volume ${quote(byPath.detail ?? '')} in ${this.ns} (the webhook rejects every notebook that selects both; pass another mountPath)`);
      }
      const normalized = normalizeMountPath(path);
      const earlier = this.normalizedPaths.get(normalized);
      if (!earlier) {
        this.normalizedPaths.set(normalized, { owner: record, raw: path, name });
      } else if (earlier.raw !== path && earlier.name !== name) {
        this.report(record, 'mount-path-normalized', earlier.notebook
          ? `mountPath ${quote(path)} is ${earlier.notebook.what} at ${quote(earlier.raw)} (the same path after normalizing: the container cannot start; mount credentials beside it, for example under /home/kubeflow)`
          : `mountPath ${quote(path)} is also used by ${this.other(earlier.owner, record)} for another volume in ${this.ns} (${quote(earlier.raw)} and ${quote(path)} are the same path after normalizing: two volumes on one path collide in the container)`);
      }
    }
  }

  private addEnv(record: PodDefaultEntry, spec: Record<string, any>): void {
    for (const env of listOf(spec.env)) {
      const name = stringOf(env.name);
      const conflict = this.env.add(name, { canon: mergeCanon('env', env), owner: record });
      if (conflict && name === WEB_IDENTITY_ENV.roleArn) {
        this.report(record, 'aws-role-conflict', `env ${name} is another IAM role than the one of ${this.other(conflict.owner, record, conflict.detail)} in ${this.ns}: a notebook assumes one role, and the webhook rejects every notebook that selects both (offer them as alternatives, or give the role the permissions of both)`);
      } else if (conflict) {
        this.report(record, 'env-conflict', `env ${quote(name)} differs from env ${quote(name)} of ${this.other(conflict.owner, record, conflict.detail)} in ${this.ns} (the webhook rejects every notebook that selects both)`);
      }
      const fromEnvFrom = this.envFromVars.get(name);
      if (fromEnvFrom) {
        this.report(record, 'env-from-overlap', `env ${quote(name)} is also provided by ${fromEnvFrom.source} of ${this.other(fromEnvFrom.owner, record)} in ${this.ns}: env silently wins over envFrom when both are selected`);
      }
      if (!this.envNames.has(name)) {
        this.envNames.set(name, record);
      }
    }
  }

  /** The keys of a Secret or ConfigMap as this PodDefault sees it (its own declaration first). */
  private keysOf(record: PodDefaultEntry, kind: 'Secret' | 'ConfigMap', name: string): readonly string[] | undefined {
    return kind === 'Secret' ? record.declaredKeys?.get(name) ?? this.secretKeys.get(name) : record.declaredConfigMapKeys?.get(name) ?? this.configMapKeys.get(name);
  }

  private addEnvFrom(record: PodDefaultEntry, spec: Record<string, any>): void {
    for (const envFrom of listOf(spec.envFrom)) {
      const kind = objectOf(envFrom.secretRef) ? 'Secret' : objectOf(envFrom.configMapRef) ? 'ConfigMap' : undefined;
      const sourceName = objectOf(kind === 'Secret' ? envFrom.secretRef : envFrom.configMapRef)?.name;
      if (kind === undefined || typeof sourceName !== 'string') {
        continue;
      }
      const source = `envFrom ${kind} ${quote(sourceName)}`;
      const prefix = stringOf(envFrom.prefix);
      for (const key of this.keysOf(record, kind, sourceName) ?? []) {
        const variable = prefix + key;
        if (!isEnvVarName(variable)) {
          this.report(record, 'env-from-invalid-key', `${source} key ${quote(key)} becomes ${quote(variable)}, which is not a valid environment variable name: kubelet skips it silently`);
          continue;
        }
        const earlier = this.envFromVars.get(variable);
        if (!earlier) {
          this.envFromVars.set(variable, { owner: record, source, key });
        } else if (earlier.source !== source || earlier.key !== key) {
          this.report(record, 'env-from-overlap', `${source} provides ${quote(variable)}, which ${earlier.source} of ${this.other(earlier.owner, record)} also provides in ${this.ns}: whichever comes later silently overrides the other at runtime (give one of them a prefix, or keep the variable in one source)`);
        }
        const fromEnv = this.envNames.get(variable);
        if (fromEnv) {
          this.report(record, 'env-from-overlap', `${source} provides ${quote(variable)}, which env of ${this.other(fromEnv, record)} also sets in ${this.ns}: env silently wins over envFrom when both are selected`);
        }
      }
    }
  }

  /** Labels and annotations (by key, against the pod's own labels and the selected PodDefaults' selectors). */
  private addMaps(record: PodDefaultEntry, spec: Record<string, any>): void {
    const bothSelectors = (a: Variant, b: Variant) => a.kind === 'selector' && b.kind === 'selector';
    const matchLabels = objectOf(objectOf(spec.selector)?.matchLabels) ?? {};
    for (const [key, value] of Object.entries(matchLabels)) {
      const conflict = this.labels.add(key, { canon: JSON.stringify(stringOf(value)), owner: record, kind: 'selector' }, bothSelectors);
      if (conflict && conflict.owner !== NOTEBOOK) {
        this.report(record, 'label-conflict', `selector ${quote(key)}: ${quote(stringOf(value))} is a label that ${this.other(conflict.owner, record)} sets to another value in ${this.ns} (the notebook carries the label of every ticked box; the webhook rejects every notebook that selects both)`);
      } else if (conflict) {
        this.report(record, 'label-conflict', `selector key ${quote(key)} is ${conflict.detail} (the webhook rejects every notebook that selects this PodDefault; pass another selectorLabel)`);
      }
    }
    for (const [field, merged] of [['labels', this.labels], ['annotations', this.annotations]] as const) {
      for (const [key, value] of Object.entries(objectOf(spec[field]) ?? {})) {
        const conflict = merged.add(key, { canon: JSON.stringify(stringOf(value)), owner: record }, bothSelectors);
        if (!conflict) {
          continue;
        }
        const what = field === 'labels' ? 'label' : 'annotation';
        const other = conflict.owner === NOTEBOOK
          ? `${conflict.detail}`
          : conflict.kind === 'selector'
            ? `the selector label of ${this.other(conflict.owner, record)}, which the notebook carries set to "true" when that box is ticked`
            : `the ${what} of ${this.other(conflict.owner, record)}`;
        this.report(record, field === 'labels' ? 'label-conflict' : 'annotation-conflict', `${what} ${quote(key)} has another value than ${other} in ${this.ns} (the webhook rejects every notebook that selects both)`);
      }
    }
  }

  private addTolerations(record: PodDefaultEntry, spec: Record<string, any>): void {
    for (const toleration of listOf(spec.tolerations)) {
      const key = stringOf(toleration.key);
      const conflict = this.tolerations.add(key, { canon: mergeCanon('tolerations', toleration), owner: record });
      if (conflict) {
        this.report(record, 'toleration-conflict', `toleration for key ${quote(key)} differs from the one of ${this.other(conflict.owner, record, conflict.detail)} in ${this.ns} (the webhook merges tolerations by key, effect included, and rejects every notebook that selects both)`);
      }
    }
  }

  private addContainers(record: PodDefaultEntry, spec: Record<string, any>): void {
    for (const [list, merged, otherList] of [
      ['initContainers', this.initContainers, this.sidecars], ['sidecars', this.sidecars, this.initContainers],
    ] as const) {
      for (const container of listOf(spec[list])) {
        const name = stringOf(container.name);
        const conflict = merged.add(name, { canon: mergeCanon(list, container), owner: record, detail: list });
        if (conflict) {
          this.report(record, 'container-conflict', `${list === 'sidecars' ? 'sidecar' : 'init container'} ${quote(name)} differs from the container of the same name in ${this.other(conflict.owner, record, conflict.detail)} in ${this.ns} (the webhook rejects every notebook that selects both; rename one)`);
        }
        // Within one PodDefault, checkPodDefault reports it.
        const across = otherList.get(name).find((v) => v.owner !== record);
        if (across) {
          const what = list === 'sidecars' ? 'sidecar' : 'init container';
          const other = across.owner === NOTEBOOK ? "the notebook's own container" : `${list === 'sidecars' ? 'an init container' : 'a sidecar'} of ${this.other(across.owner, record)}`;
          this.report(record, 'container-name-unique', `${what} ${quote(name)} has the name of ${other} in ${this.ns} (container names must be unique in a pod, init containers included: the API server rejects every notebook that selects both; rename one)`);
        }
      }
    }
  }

  /**
   * AWS credentials from a keyless source and another in one notebook: botocore takes the first of its provider
   * chain (botocore/credentials.py `create_credential_resolver`: environment keys, assume-role,
   * web identity, SSO, the shared credentials file, a process, the config file, container
   * credentials, instance metadata) and ignores the others silently; the AWS JS SDK reads the
   * shared files before web identity. Reported once per pair of sources, on the later PodDefault.
   */
  private addAwsCredentialSources(record: PodDefaultEntry, spec: Record<string, any>): void {
    const sources = this.awsCredentialSourcesOf(record, spec);
    for (const source of sources) {
      for (const [other, earlier] of this.awsSources) {
        // Keys beside a credentials file is the Kaptain guide's own offer (two forms of one key):
        // what is reported is a keyless source beside another, which silently loses or wins.
        if (other !== source.kind && (KEYLESS_SOURCES.has(other) || KEYLESS_SOURCES.has(source.kind))) {
          const [winner, loser] = AWS_SOURCE_ORDER.indexOf(other) < AWS_SOURCE_ORDER.indexOf(source.kind) ? [earlier, source] : [source, earlier];
          this.report(record, 'aws-credential-precedence', `${source.what} of this PodDefault and ${earlier.what} of ${this.other(earlier.owner, record)} both give AWS credentials in ${this.ns}: a notebook that ticks both gets ${winner.kind} (${winner.what}) and silently not ${loser.kind}, since botocore takes ${AWS_SOURCE_ORDER.join(', then ')} (the AWS JS SDK reads the shared credentials file before web identity); offer them as alternatives`);
        }
      }
    }
    for (const source of sources) {
      if (!this.awsSources.has(source.kind)) {
        this.awsSources.set(source.kind, source);
      }
    }
  }

  /** The AWS credential sources a PodDefault gives a notebook, by kind. */
  private awsCredentialSourcesOf(record: PodDefaultEntry, spec: Record<string, any>): AwsSource[] {
    const sources = new Map<AwsSourceKind, AwsSource>();
    const add = (kind: AwsSourceKind, what: string) => {
      if (!sources.has(kind)) {
        sources.set(kind, { kind, what, owner: record });
      }
    };
    const env = new Set(listOf(spec.env).map((e) => stringOf(e.name)));
    if (env.has('AWS_ACCESS_KEY_ID')) {
      add('environment keys', 'env AWS_ACCESS_KEY_ID');
    }
    for (const envFrom of listOf(spec.envFrom)) {
      const name = stringOf(objectOf(envFrom.secretRef)?.name);
      if (name !== '' && (this.keysOf(record, 'Secret', name) ?? []).some((k) => stringOf(envFrom.prefix) + k === 'AWS_ACCESS_KEY_ID')) {
        add('environment keys', `AWS_ACCESS_KEY_ID from envFrom Secret ${quote(name)}`);
      }
    }
    if (env.has(WEB_IDENTITY_ENV.roleArn) && env.has(WEB_IDENTITY_ENV.tokenFile)) {
      add('web identity', `web identity (env ${WEB_IDENTITY_ENV.roleArn})`);
    }
    if (env.has('AWS_SHARED_CREDENTIALS_FILE')) {
      add('the shared credentials file', 'env AWS_SHARED_CREDENTIALS_FILE');
    }
    const volumes = new Map(listOf(spec.volumes).map((v) => [stringOf(v.name), v]));
    for (const mount of listOf(spec.volumeMounts)) {
      const secret = objectOf(volumes.get(stringOf(mount.name))?.secret);
      const files = secret ? (listOf(secret.items).length > 0 ? listOf(secret.items).map((i) => stringOf(i.path)) : this.keysOf(record, 'Secret', stringOf(secret.secretName)) ?? []) : [];
      if (normalizeMountPath(stringOf(mount.mountPath)).endsWith('/.aws') && files.includes('credentials')) {
        add('the shared credentials file', `the credentials file mounted at ${quote(stringOf(mount.mountPath))}`);
      }
    }
    if (env.has(POD_IDENTITY_ENV.fullUri) || env.has('AWS_CONTAINER_CREDENTIALS_RELATIVE_URI')) {
      add('container credentials', `container credentials (env ${env.has(POD_IDENTITY_ENV.fullUri) ? POD_IDENTITY_ENV.fullUri : 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI'})`);
    }
    return [...sources.values()];
  }

  /** Settings the webhook sets without a conflict check: the last (or first) selected one wins silently. */
  private addSettings(record: PodDefaultEntry, spec: Record<string, any>): void {
    const settings: Array<[string, unknown, RuleId, string]> = [
      ['serviceAccountName', stringOf(spec.serviceAccountName) || undefined, 'service-account-differs', 'the webhook silently keeps the last one'],
      ['automountServiceAccountToken', typeof spec.automountServiceAccountToken === 'boolean' ? spec.automountServiceAccountToken : undefined, 'service-account-differs', 'the webhook silently keeps the last one'],
      ['command', Array.isArray(spec.command) ? spec.command : undefined, 'command-differs', 'the webhook silently gives every container the first one'],
      ['args', Array.isArray(spec.args) ? spec.args : undefined, 'command-differs', 'the webhook silently gives every container the first one'],
    ];
    for (const [field, value, rule, effect] of settings) {
      if (value === undefined) {
        continue;
      }
      const conflict = this.settings.add(field, { canon: json(value), owner: record });
      if (conflict) {
        this.report(record, rule, `${field} differs from the ${field} of ${this.other(conflict.owner, record)} in ${this.ns} (${effect} when both are selected; set it in one PodDefault only)`);
      }
    }
  }

  /**
   * The certificates of a key that a CA variable names, as its readers will use them, reported on
   * the Secret or ConfigMap (once); keys named like certificate files are checked on their own.
   */
  private checkBundle(kind: 'Secret' | 'ConfigMap', name: string, key: string, variable: string): void {
    const id = `${kind}\u0000${name}\u0000${key}`;
    const source = this.sourceObjects.get(`${kind}\u0000${name}`);
    if (isCertificateKey(key) || this.checkedBundles.has(id) || source === undefined || source.object.existing || source.object.contentChecked) {
      return;
    }
    this.checkedBundles.add(id);
    const text = valueOfKey(source.object.manifest, key);
    if (text === undefined) {
      return;
    }
    for (const p of checkCertificateBundle(text, `key ${quote(key)} (the CA bundle env ${variable} names)`).problems) {
      this.out.push({ object: source.object, rule: p.rule, origin: originOf(p.rule), message: p.message });
    }
  }

  /**
   * Keys a PodDefault names (volume items, `secretKeyRef`, `configMapKeyRef`) against the
   * Secrets and ConfigMaps known in the namespace: a missing key leaves the pod waiting
   * (volume) or in CreateContainerConfigError (env), unless the reference is optional.
   */
  private checkItems(record: PodDefaultEntry, spec: Record<string, any>): void {
    const missing = (kind: 'Secret' | 'ConfigMap', name: unknown, key: string, what: string) => {
      const keys = typeof name === 'string' ? this.keysOf(record, kind, name) : undefined;
      if (keys !== undefined && !keys.includes(key)) {
        this.report(record, 'secret-key-missing', `${what} key ${quote(key)} is not a key of ${kind} ${quote(String(name))} (its keys: ${keys.map(quote).join(', ') || 'none'}); the pod would wait for it forever`);
      }
    };
    for (const volume of listOf(spec.volumes)) {
      for (const kind of ['Secret', 'ConfigMap'] as const) {
        const source = objectOf(kind === 'Secret' ? volume.secret : volume.configMap);
        if (!source || source.optional === true) {
          continue;
        }
        for (const item of listOf(source.items)) {
          missing(kind, kind === 'Secret' ? source.secretName : source.name, stringOf(item.key), `volume ${quote(stringOf(volume.name))} item`);
        }
      }
    }
    for (const file of caFilesOf(spec)) {
      if (file.kind === undefined || file.kind === 'token' || file.key === undefined) {
        continue;
      }
      missing(file.kind, file.sourceName, file.key, `the file that env ${file.variable} names,`);
      this.checkBundle(file.kind, file.sourceName!, file.key, file.variable);
    }
    const envLists = [spec.env, ...listOf(spec.initContainers).map((c) => c.env), ...listOf(spec.sidecars).map((c) => c.env)];
    for (const env of envLists.flatMap(listOf)) {
      const from = objectOf(env.valueFrom);
      for (const [kind, ref] of [['Secret', objectOf(from?.secretKeyRef)], ['ConfigMap', objectOf(from?.configMapKeyRef)]] as const) {
        if (ref && ref.optional !== true) {
          missing(kind, ref.name, stringOf(ref.key), `env ${quote(stringOf(env.name))} ${kind === 'Secret' ? 'secretKeyRef' : 'configMapKeyRef'}`);
        }
      }
    }
  }

  /**
   * Nesting: a mount inside another mount. Secret volumes are read-only, so the runtime cannot
   * create the inner mount point. Nesting under the notebook's writable volumes is fine.
   */
  private checkNesting(): void {
    for (const [normalized, entry] of this.normalizedPaths) {
      for (const ancestor of ancestorsOf(normalized)) {
        const outer = this.normalizedPaths.get(ancestor);
        if (!outer || (outer.notebook?.writable ?? false)) {
          continue;
        }
        if (outer.owner === NOTEBOOK && entry.owner === NOTEBOOK) {
          continue;
        }
        if (entry.owner === NOTEBOOK) {
          this.report(outer.owner as PodDefaultEntry, 'mount-nested', `mountPath ${quote(outer.raw)} would contain ${entry.notebook!.what} at ${quote(entry.raw)}: the notebook's mount point cannot be created inside a read-only volume, and the container fails to start`);
          continue;
        }
        if (outer.owner === NOTEBOOK) {
          this.report(entry.owner, 'mount-nested', `mountPath ${quote(entry.raw)} is nested under ${outer.notebook!.what} at ${quote(outer.raw)}: the mount point cannot be created inside a read-only volume, and the container fails to start`);
          continue;
        }
        const later = this.order.get(entry.owner)! >= this.order.get(outer.owner)! ? entry : outer;
        const other = later === entry ? outer : entry;
        const owner = later.owner as PodDefaultEntry;
        this.report(owner, 'mount-nested', `mountPath ${quote(later.raw)} ${later === entry ? 'is nested under' : 'contains'} ${quote(other.raw)}, mounted by ${this.other(other.owner, owner)} in ${this.ns}: secret volumes are read-only, so the runtime cannot create the inner mount point and the container fails to start`);
      }
    }
  }
}

function describeSecrets(a: string | undefined, b: string | undefined): string {
  return a && b && a !== b ? ` (Secret ${quote(a)} there, Secret ${quote(b)} here)` : '';
}
