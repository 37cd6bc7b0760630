/**
 * The check engine: each PodDefault and Secret on its own, then one pass per namespace that
 * models the PodDefault webhook's merge (kubeflow/dashboard components/poddefaults-webhooks,
 * `safeToApplyPodDefaultsOnPod` and the `merge*` functions it calls) into the notebook pod.
 *
 * It knows nothing of constructs: it takes plain objects (the JSON a construct synthesizes, or a
 * manifest read from a file) with a label for messages. A notebook gets any subset of its
 * namespace's PodDefaults, and every conflict the webhook can find is between two entries (or an
 * entry and the notebook pod), so checking every pair of entries that share a key covers every
 * subset. The pass keeps, per key, the distinct variants seen so far (Go DeepEqual classes), so it
 * stays linear in the number of entries.
 */
import {
  canonical, CONTAINER, ENV_VAR, json, TOLERATION, VOLUME, VOLUME_MOUNT, VOLUME_SOURCES,
} from './checks/go-equal';
import {
  NOTEBOOK_DEPENDENT, NOTEBOOK_ENV, NOTEBOOK_LABELS, NOTEBOOK_MOUNTS, NOTEBOOK_TOLERATIONS, NOTEBOOK_VOLUMES, NotebookMount,
} from './checks/notebook';
import { Origin, originOf, RuleId } from './checks/rules';
import { PodDefaultSpecJson } from './pod-default-spec';
import {
  checkDnsLabel, checkDnsSubdomain, checkEnvPrefix, checkEnvVarName, checkLabelKey, checkLabelValue, checkNamespace,
  checkPodDefaultName, checkSecretDataKey, checkSecretName, checkVolumeName, isEnvVarName,
} from './rules/names';
import { ancestorsOf, checkFileMode, checkItemPath, checkMountPath, normalizeMountPath } from './rules/paths';
import { quote } from './rules/text';

export type { EnvFromJson, EnvJson, KeyToPathJson, PodDefaultSpecJson, SelectorJson, VolumeJson, VolumeMountJson } from './pod-default-spec';

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

/** A problem found by the engine, reported on `owner` (which the message names first). */
export interface Conflict {
  readonly owner: PodDefaultRecord | SecretRecord;
  /** The stable id of the check (README "What we check"). */
  readonly rule: RuleId;
  /** Who refuses it: the webhook, Kubernetes, or our own stricter check. */
  readonly origin: Origin;
  readonly message: string;
}

type Owner = PodDefaultRecord | SecretRecord;
/** The notebook pod, as an owner of merged entries. */
const NOTEBOOK = 'notebook';
type EntryOwner = PodDefaultRecord | typeof NOTEBOOK;

/** JSON with object keys sorted, so that equal content compares equal whatever its key order. */
export const canonicalJson = json;

/** The selector key the spawner uses: the first key of `matchLabels`. */
export function selectorKeyOf(spec: PodDefaultSpecJson): string | undefined {
  const labels = objectOf(spec.selector)?.matchLabels;
  return isObject(labels) ? Object.keys(labels)[0] : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
function objectOf(value: unknown): Record<string, any> | undefined {
  return isObject(value) ? value : undefined;
}
/** The objects of a list field (anything else in it is reported by the per-object checks). */
function listOf(value: unknown): Array<Record<string, any>> {
  return Array.isArray(value) ? value.filter(isObject) : [];
}
function stringOf(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function nsLabel(namespace: string | undefined): string {
  return namespace === undefined ? 'no namespace (the one kubectl applies to)' : `namespace ${quote(namespace)}`;
}

// ---------------------------------------------------------------------------------------------
// Each object on its own.

const LABEL_OPERATORS = new Set(['In', 'NotIn', 'Exists', 'DoesNotExist']);
const TOLERATION_EFFECTS = new Set(['', 'NoSchedule', 'PreferNoSchedule', 'NoExecute']);
const MAX_ANNOTATIONS_BYTES = 256 * 1024;

/** A problem of one PodDefault: its rule and message. */
interface Problem {
  readonly rule: RuleId;
  readonly message: string;
}

/**
 * Checks one PodDefault against the rules of Kubernetes, the webhook and the spawner: what the
 * API server, the webhook or the kubelet would refuse whichever other PodDefaults are selected.
 */
export function checkPodDefault(record: PodDefaultRecord): Conflict[] {
  return podDefaultProblems(record).map((p) => ({ owner: record, rule: p.rule, origin: originOf(p.rule), message: p.message }));
}

/** `checkPodDefault`, messages only. */
export function checkPodDefaultFields(record: PodDefaultRecord): string[] {
  return podDefaultProblems(record).map((p) => p.message);
}

function podDefaultProblems(record: PodDefaultRecord): Problem[] {
  const problems: Problem[] = [];
  const add = (rule: RuleId, message: string | undefined) => {
    if (message !== undefined) {
      problems.push({ rule, message });
    }
  };
  add('poddefault-name', checkPodDefaultName(record.name));
  if (record.namespace !== undefined) {
    add('namespace-name', checkNamespace(record.namespace));
  }
  const spec: Record<string, any> = objectOf(record.spec) ?? {};
  checkSelector(spec.selector, add);

  const volumeNames = new Set<string>();
  for (const volume of listOf(spec.volumes)) {
    volumeNames.add(stringOf(volume.name));
    checkVolume(volume, add);
  }
  for (const [index, mount] of listOf(spec.volumeMounts).entries()) {
    const name = stringOf(mount.name);
    add('mount-path', checkMountPath(stringOf(mount.mountPath)));
    if (!volumeNames.has(name) && !NOTEBOOK_VOLUMES.has(name)) {
      add('mount-without-volume', `volumeMount ${quote(name)} refers to no volume of this PodDefault (pod validation rejects a mount without its volume when this PodDefault is selected alone; add the volume to this PodDefault)`);
    }
    checkSubPath(mount, `volumeMounts[${index}]`, add);
  }
  for (const [index, env] of listOf(spec.env).entries()) {
    checkEnvVar(env, `env[${index}]`, add);
  }
  for (const [index, envFrom] of listOf(spec.envFrom).entries()) {
    checkEnvFrom(envFrom, `envFrom[${index}]`, add);
  }
  checkLabels(spec.labels, add);
  checkAnnotations(spec.annotations, add);
  for (const [index, toleration] of listOf(spec.tolerations).entries()) {
    checkToleration(toleration, `tolerations[${index}]`, add);
  }
  const containerNames = new Map<string, string>();
  for (const list of ['initContainers', 'sidecars']) {
    for (const [index, container] of listOf(spec[list]).entries()) {
      const field = `${list}[${index}]`;
      const name = stringOf(container.name);
      add('container', checkDnsLabel(`${field}.name`, name));
      if (stringOf(container.image).trim() === '') {
        add('container', `${field} (${quote(name)}) has no image (the API server requires one)`);
      }
      const earlier = containerNames.get(name);
      if (earlier !== undefined && name !== '') {
        add('container-name-unique', `${field} is named ${quote(name)} like ${earlier} (container names must be unique in a pod, init containers included)`);
      } else {
        containerNames.set(name, field);
      }
      for (const [i, env] of listOf(container.env).entries()) {
        checkEnvVar(env, `${field}.env[${i}]`, add);
      }
      for (const [i, mount] of listOf(container.volumeMounts).entries()) {
        add('mount-path', checkMountPath(stringOf(mount.mountPath)));
        checkSubPath(mount, `${field}.volumeMounts[${i}]`, add);
      }
    }
  }
  if (spec.serviceAccountName !== undefined && spec.serviceAccountName !== '') {
    add('service-account-name', checkDnsSubdomain('serviceAccountName', stringOf(spec.serviceAccountName)));
  }
  return problems;
}

type Add = (rule: RuleId, message: string | undefined) => void;

function checkSelector(selector: unknown, add: Add): void {
  const matchLabels = objectOf(objectOf(selector)?.matchLabels) ?? {};
  const expressions = objectOf(selector)?.matchExpressions;
  const keys = Object.keys(matchLabels);
  for (const key of keys) {
    add('selector-invalid', prefixed('the webhook refuses every pod of the namespace while this selector is invalid',
      checkLabelKey('selector key', key) ?? checkLabelValue(`selector value of ${quote(key)}`, stringOf(matchLabels[key]))));
  }
  for (const [index, expression] of (Array.isArray(expressions) ? expressions : []).entries()) {
    const e = objectOf(expression) ?? {};
    const values = Array.isArray(e.values) ? e.values : [];
    let problem = checkLabelKey(`matchExpressions[${index}].key`, stringOf(e.key));
    if (!problem && !LABEL_OPERATORS.has(e.operator)) {
      problem = `matchExpressions[${index}].operator ${quote(stringOf(e.operator))} is not In, NotIn, Exists or DoesNotExist`;
    } else if (!problem && (e.operator === 'In' || e.operator === 'NotIn') && values.length === 0) {
      problem = `matchExpressions[${index}] uses ${e.operator} with no values`;
    } else if (!problem && (e.operator === 'Exists' || e.operator === 'DoesNotExist') && values.length > 0) {
      problem = `matchExpressions[${index}] uses ${e.operator} with values`;
    }
    add('selector-invalid', prefixed('the webhook refuses every pod of the namespace while this selector is invalid', problem));
  }
  if (selector === undefined || keys.length === 0) {
    add('selector-spawner', 'selector has no matchLabels (an empty selector matches every pod of the namespace, and the spawner cannot list it; use matchLabels with one key set to "true")');
  } else if (keys.length !== 1 || matchLabels[keys[0]] !== 'true' || (Array.isArray(expressions) && expressions.length > 0)) {
    add('selector-spawner', 'selector must be matchLabels with exactly one key whose value is "true" and no matchExpressions (the spawner reads only the first key and sets it to "true")');
  }
}

function prefixed(consequence: string, problem: string | undefined): string | undefined {
  return problem === undefined ? undefined : `${problem}; ${consequence}`;
}

function checkVolume(volume: Record<string, any>, add: Add): void {
  const name = stringOf(volume.name);
  add('volume-name', checkVolumeName(name));
  const sources = Object.keys(VOLUME_SOURCES).filter((s) => volume[s] !== undefined && volume[s] !== null);
  if (sources.length !== 1) {
    add('volume-source', sources.length === 0
      ? `volume ${quote(name)} has no source (a volume needs exactly one, such as secret)`
      : `volume ${quote(name)} has ${sources.length} sources (${sources.join(', ')}); a volume takes exactly one`);
  }
  const secret = objectOf(volume.secret);
  if (secret) {
    const secretName = stringOf(secret.secretName);
    add('secret-name', secretName === ''
      ? `volume ${quote(name)} has no secret.secretName (the API server requires it)`
      : checkSecretName(secretName));
  }
  const source = secret ?? objectOf(volume.configMap);
  if (source) {
    if (source.defaultMode !== undefined) {
      add('file-mode', checkFileMode(`volume ${quote(name)} defaultMode`, source.defaultMode));
    }
    for (const [index, item] of listOf(source.items).entries()) {
      add('item-key', checkSecretDataKey(`volume ${quote(name)} items[${index}].key`, stringOf(item.key)));
      add('item-path', checkItemPath(`volume ${quote(name)} items[${index}].path`, stringOf(item.path)));
      if (item.mode !== undefined) {
        add('file-mode', checkFileMode(`volume ${quote(name)} items[${index}].mode`, item.mode));
      }
    }
  }
}

function checkSubPath(mount: Record<string, any>, field: string, add: Add): void {
  const subPath = stringOf(mount.subPath);
  if (subPath !== '' && stringOf(mount.subPathExpr) !== '') {
    add('sub-path', `${field} sets both subPath and subPathExpr (the API server takes one of them)`);
  }
  if (subPath !== '' && (subPath.startsWith('/') || subPath.split('/').includes('..'))) {
    add('sub-path', `${field}.subPath ${quote(subPath)} must be a relative path without ".."`);
  }
}

function checkEnvVar(env: Record<string, any>, field: string, add: Add): void {
  const name = stringOf(env.name);
  add('env-name', checkEnvVarName(`${field}.name`, name));
  const valueFrom = objectOf(env.valueFrom);
  if (stringOf(env.value) !== '' && valueFrom) {
    add('env-source', `env ${quote(name)} sets both value and valueFrom (the API server takes one of them)`);
  }
  if (valueFrom) {
    const sources = ['fieldRef', 'resourceFieldRef', 'configMapKeyRef', 'secretKeyRef', 'fileKeyRef'].filter((s) => valueFrom[s] !== undefined && valueFrom[s] !== null);
    if (sources.length !== 1) {
      add('env-source', `env ${quote(name)} valueFrom has ${sources.length} sources; it takes exactly one`);
    }
    for (const ref of ['secretKeyRef', 'configMapKeyRef']) {
      const selector = objectOf(valueFrom[ref]);
      if (selector) {
        add('env-source', stringOf(selector.name) === '' ? `env ${quote(name)} ${ref} has no name` : undefined);
        add('env-source', checkSecretDataKey(`env ${quote(name)} ${ref}.key`, stringOf(selector.key)));
      }
    }
  }
}

function checkEnvFrom(envFrom: Record<string, any>, field: string, add: Add): void {
  const prefix = stringOf(envFrom.prefix);
  if (prefix !== '') {
    add('env-from-source', checkEnvPrefix(prefix));
  }
  const refs = ['secretRef', 'configMapRef'].filter((r) => envFrom[r] !== undefined && envFrom[r] !== null);
  if (refs.length !== 1) {
    add('env-from-source', `${field} has ${refs.length} sources; it takes exactly one of secretRef and configMapRef`);
  }
  for (const ref of refs) {
    const name = stringOf(objectOf(envFrom[ref])?.name);
    add('env-from-source', name === '' ? `${field}.${ref} has no name` : checkSecretName(name));
  }
}

function checkLabels(labels: unknown, add: Add): void {
  for (const [key, value] of Object.entries(objectOf(labels) ?? {})) {
    add('label', checkLabelKey('label key', key) ?? checkLabelValue(`label ${quote(key)} value`, stringOf(value)));
  }
}

function checkAnnotations(annotations: unknown, add: Add): void {
  let size = 0;
  for (const [key, value] of Object.entries(objectOf(annotations) ?? {})) {
    add('annotation', checkLabelKey('annotation key', key));
    size += Buffer.byteLength(key) + Buffer.byteLength(stringOf(value));
  }
  if (size > MAX_ANNOTATIONS_BYTES) {
    add('annotation', `annotations hold ${size} bytes; the API server accepts at most ${MAX_ANNOTATIONS_BYTES} per object`);
  }
}

function checkToleration(toleration: Record<string, any>, field: string, add: Add): void {
  const key = stringOf(toleration.key);
  const operator = stringOf(toleration.operator);
  const effect = stringOf(toleration.effect);
  if (key !== '') {
    add('toleration', checkLabelKey(`${field}.key`, key));
  } else if (operator !== 'Exists') {
    add('toleration', `${field} has no key, which needs operator Exists`);
  }
  if (operator !== '' && operator !== 'Exists' && operator !== 'Equal') {
    add('toleration', `${field}.operator ${quote(operator)} is not Exists or Equal`);
  }
  if (operator === 'Exists' && stringOf(toleration.value) !== '') {
    add('toleration', `${field} has operator Exists and a value (the API server refuses a value with Exists)`);
  }
  if (!TOLERATION_EFFECTS.has(effect)) {
    add('toleration', `${field}.effect ${quote(effect)} is not NoSchedule, PreferNoSchedule or NoExecute`);
  }
  if (toleration.tolerationSeconds !== undefined && toleration.tolerationSeconds !== null && effect !== 'NoExecute') {
    add('toleration', `${field} sets tolerationSeconds, which only NoExecute takes`);
  }
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

/** Options of the engine. */
export interface CheckOptions {
  /**
   * The notebook's name, when the checks are about one notebook: then its container name and its
   * labels' values are known. By default any notebook is assumed.
   */
  readonly notebookName?: string;
}

/**
 * Checks every PodDefault and Secret: each on its own, then every namespace as the webhook merges
 * any subset of its PodDefaults into a notebook pod. Each problem is reported once, on one of the
 * objects involved, and its message names the other one.
 */
export function findConflicts(
  podDefaults: readonly PodDefaultRecord[], secrets: readonly SecretRecord[] = [], options: CheckOptions = {},
): Conflict[] {
  const conflicts: Conflict[] = [];
  const secretsByNamespace = groupBy(secrets, (s) => s.namespace);
  for (const record of podDefaults) {
    conflicts.push(...checkPodDefault(record));
  }
  for (const [namespace, list] of secretsByNamespace) {
    checkSecrets(namespace, list, conflicts);
  }
  for (const [namespace, list] of groupBy(podDefaults, (p) => p.namespace)) {
    new NamespacePass(namespace, secretsByNamespace.get(namespace) ?? [], conflicts, options).run(list);
  }
  return conflicts;
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string | undefined): Map<string | undefined, T[]> {
  const groups = new Map<string | undefined, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    let list = groups.get(key);
    if (!list) {
      list = [];
      groups.set(key, list);
    }
    list.push(item);
  }
  return groups;
}

function report(out: Conflict[], owner: Owner, rule: RuleId, message: string): void {
  out.push({ owner, rule, origin: originOf(rule), message });
}

function checkSecrets(namespace: string | undefined, secrets: readonly SecretRecord[], out: Conflict[]): void {
  const emitted = new Map<string, SecretRecord>();
  for (const secret of secrets) {
    if (!secret.emitted) {
      continue;
    }
    const earlier = emitted.get(secret.name);
    if (earlier) {
      report(out, secret, 'secret-written-twice', `Secret ${quote(secret.name)} is also written by [${earlier.path}] in ${nsLabel(namespace)} (two objects with one name: whichever is applied last replaces the other)`);
    } else {
      emitted.set(secret.name, secret);
    }
  }
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
  const canonOf = (type: Parameters<typeof canonical>[0], value: unknown) => (value === NOTEBOOK_DEPENDENT ? UNKNOWN : canonical(type, value) ?? '');
  const mounts = NOTEBOOK_MOUNTS.map((m) => {
    const name = m.mount === NOTEBOOK_DEPENDENT ? '' : (m.mount as { name: string }).name;
    return { name, path: m.mountPath, variant: { canon: canonOf(VOLUME_MOUNT, m.mount), owner: NOTEBOOK, detail: m.what } as Variant, m };
  });
  const nbPrefix = notebookName !== undefined && namespace !== undefined ? `/notebook/${namespace}/${notebookName}` : undefined;
  const baseline: Baseline = {
    volumes: new Map([...NOTEBOOK_VOLUMES].map(([name, volume]) => [name, { canon: canonOf(VOLUME, volume), owner: NOTEBOOK }])),
    mountsByName: new Map(mounts.filter((m) => m.name !== '').map((m) => [m.name, m.variant])),
    mountsByPath: new Map(mounts.map((m) => [m.path, m.variant])),
    paths: mounts.map((m) => ({ owner: NOTEBOOK, raw: m.path, name: m.name, notebook: m.m })),
    env: new Map([...NOTEBOOK_ENV].map(([name, value]) => [name, {
      canon: nbPrefix === undefined ? canonOf(ENV_VAR, value) : canonOf(ENV_VAR, { name, value: nbPrefix }),
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
    tolerations: new Map([...NOTEBOOK_TOLERATIONS].map(([key, value]) => [key, { canon: canonOf(TOLERATION, value), owner: NOTEBOOK, detail: 'a toleration that the API server adds to every pod' }])),
    sidecars: new Map(notebookName === undefined ? [] : [[notebookName, { canon: UNKNOWN, owner: NOTEBOOK, detail: 'the notebook\'s own container' }]]),
  };
  if (notebookName === undefined) {
    anyNotebook = baseline;
  }
  return baseline;
}

class NamespacePass {
  private readonly knownKeys = new Map<string, readonly string[]>();
  private readonly order = new Map<EntryOwner, number>();
  private readonly names = new Map<string, PodDefaultRecord>();
  private readonly selectors = new Map<string, PodDefaultRecord>();
  private readonly volumes: Merged;
  private readonly mountsByName: Merged;
  private readonly mountsByPath: Merged;
  private readonly normalizedPaths = new Map<string, PathEntry>();
  private readonly env: Merged;
  private readonly envFromVars = new Map<string, { owner: PodDefaultRecord; secret: string; key: string }>();
  private readonly envNames = new Map<string, PodDefaultRecord>();
  private readonly tolerations: Merged;
  private readonly labels: Merged;
  private readonly annotations = new Merged();
  private readonly initContainers = new Merged();
  private readonly sidecars: Merged;
  private readonly settings = new Merged();
  private nsLabel?: string;

  public constructor(
    private readonly namespace: string | undefined,
    secrets: readonly SecretRecord[],
    private readonly out: Conflict[],
    options: CheckOptions,
  ) {
    for (const secret of secrets) {
      this.knownKeys.set(secret.name, secret.keys);
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

  public run(records: readonly PodDefaultRecord[]): void {
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
  private other(owner: EntryOwner, self: PodDefaultRecord, detail?: string): string {
    if (owner === NOTEBOOK) {
      return `the notebook pod (${detail ?? 'set by the notebook controller'})`;
    }
    return owner === self ? 'this PodDefault' : `[${owner.path}]`;
  }

  private add(record: PodDefaultRecord): void {
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
    this.checkItems(record, spec);
  }

  private addIdentity(record: PodDefaultRecord, spec: Record<string, any>): void {
    const sameName = this.names.get(record.name);
    if (sameName) {
      this.report(record, 'duplicate-name', `PodDefault name ${quote(record.name)} is also used by [${sameName.path}] in ${this.ns} (two objects with one name: whichever is applied last replaces the other; pass another name)`);
    } else {
      this.names.set(record.name, record);
    }
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

  private addVolumes(record: PodDefaultRecord, spec: Record<string, any>): void {
    for (const volume of listOf(spec.volumes)) {
      const name = stringOf(volume.name);
      const conflict = this.volumes.add(name, { canon: canonical(VOLUME, volume) ?? '', owner: record, detail: stringOf(objectOf(volume.secret)?.secretName) });
      if (conflict) {
        const reason = conflict.owner === NOTEBOOK
          ? `is the notebook's own ${name === 'dshm' ? 'shared-memory volume' : 'volume'} with other content`
          : `differs from the volume of the same name in ${this.other(conflict.owner, record)}${describeSecrets(conflict.detail, stringOf(objectOf(volume.secret)?.secretName))}`;
        this.report(record, 'volume-conflict', `volume ${quote(name)} ${reason} in ${this.ns} (the webhook rejects every notebook that selects both; pass another volumeName)`);
      }
    }
  }

  private addMounts(record: PodDefaultRecord, spec: Record<string, any>): void {
    for (const mount of listOf(spec.volumeMounts)) {
      const name = stringOf(mount.name);
      const path = stringOf(mount.mountPath);
      const canon = canonical(VOLUME_MOUNT, mount) ?? '';
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

  private addEnv(record: PodDefaultRecord, spec: Record<string, any>): void {
    for (const env of listOf(spec.env)) {
      const name = stringOf(env.name);
      const conflict = this.env.add(name, { canon: canonical(ENV_VAR, env) ?? '', owner: record });
      if (conflict) {
        this.report(record, 'env-conflict', `env ${quote(name)} differs from env ${quote(name)} of ${this.other(conflict.owner, record, conflict.detail)} in ${this.ns} (the webhook rejects every notebook that selects both)`);
      }
      const fromEnvFrom = this.envFromVars.get(name);
      if (fromEnvFrom) {
        this.report(record, 'env-from-overlap', `env ${quote(name)} is also provided by envFrom Secret ${quote(fromEnvFrom.secret)} of ${this.other(fromEnvFrom.owner, record)} in ${this.ns}: env silently wins over envFrom when both are selected`);
      }
      if (!this.envNames.has(name)) {
        this.envNames.set(name, record);
      }
    }
  }

  private addEnvFrom(record: PodDefaultRecord, spec: Record<string, any>): void {
    for (const envFrom of listOf(spec.envFrom)) {
      const secretName = objectOf(envFrom.secretRef)?.name;
      if (typeof secretName !== 'string') {
        continue;
      }
      const keys = record.declaredKeys?.get(secretName) ?? this.knownKeys.get(secretName) ?? [];
      const prefix = stringOf(envFrom.prefix);
      for (const key of keys) {
        const variable = prefix + key;
        if (!isEnvVarName(variable)) {
          this.report(record, 'env-from-invalid-key', `envFrom Secret ${quote(secretName)} key ${quote(key)} becomes ${quote(variable)}, which is not a valid environment variable name: kubelet skips it silently`);
          continue;
        }
        const earlier = this.envFromVars.get(variable);
        if (!earlier) {
          this.envFromVars.set(variable, { owner: record, secret: secretName, key });
        } else if (earlier.secret !== secretName || earlier.key !== key) {
          this.report(record, 'env-from-overlap', `envFrom Secret ${quote(secretName)} provides ${quote(variable)}, which envFrom Secret ${quote(earlier.secret)} of ${this.other(earlier.owner, record)} also provides in ${this.ns}: whichever comes later silently overrides the other at runtime`);
        }
        const fromEnv = this.envNames.get(variable);
        if (fromEnv) {
          this.report(record, 'env-from-overlap', `envFrom Secret ${quote(secretName)} provides ${quote(variable)}, which env of ${this.other(fromEnv, record)} also sets in ${this.ns}: env silently wins over envFrom when both are selected`);
        }
      }
    }
  }

  /** Labels and annotations (by key, against the pod's own labels and the selected PodDefaults' selectors). */
  private addMaps(record: PodDefaultRecord, spec: Record<string, any>): void {
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

  private addTolerations(record: PodDefaultRecord, spec: Record<string, any>): void {
    for (const toleration of listOf(spec.tolerations)) {
      const key = stringOf(toleration.key);
      const conflict = this.tolerations.add(key, { canon: canonical(TOLERATION, toleration) ?? '', owner: record });
      if (conflict) {
        this.report(record, 'toleration-conflict', `toleration for key ${quote(key)} differs from the one of ${this.other(conflict.owner, record, conflict.detail)} in ${this.ns} (the webhook merges tolerations by key, effect included, and rejects every notebook that selects both)`);
      }
    }
  }

  private addContainers(record: PodDefaultRecord, spec: Record<string, any>): void {
    for (const [list, merged, otherList] of [
      ['initContainers', this.initContainers, this.sidecars], ['sidecars', this.sidecars, this.initContainers],
    ] as const) {
      for (const container of listOf(spec[list])) {
        const name = stringOf(container.name);
        const conflict = merged.add(name, { canon: canonical(CONTAINER, withCrdDefaults(container)) ?? '', owner: record, detail: list });
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

  /** Settings the webhook sets without a conflict check: the last (or first) selected one wins silently. */
  private addSettings(record: PodDefaultRecord, spec: Record<string, any>): void {
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

  private checkItems(record: PodDefaultRecord, spec: Record<string, any>): void {
    for (const volume of listOf(spec.volumes)) {
      const secret = objectOf(volume.secret);
      const secretName = secret?.secretName;
      const keys = typeof secretName !== 'string' ? undefined : record.declaredKeys?.get(secretName) ?? this.knownKeys.get(secretName);
      if (keys === undefined || secret?.optional === true) {
        continue;
      }
      for (const item of listOf(secret?.items)) {
        const key = stringOf(item.key);
        if (!keys.includes(key)) {
          this.report(record, 'secret-key-missing', `volume ${quote(stringOf(volume.name))} item key ${quote(key)} is not a key of Secret ${quote(secretName)} (its keys: ${keys.map(quote).join(', ') || 'none'}); the pod would wait for it forever`);
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
          this.report(outer.owner as PodDefaultRecord, 'mount-nested', `mountPath ${quote(outer.raw)} would contain ${entry.notebook!.what} at ${quote(entry.raw)}: the notebook's mount point cannot be created inside a read-only volume, and the container fails to start`);
          continue;
        }
        if (outer.owner === NOTEBOOK) {
          this.report(entry.owner, 'mount-nested', `mountPath ${quote(entry.raw)} is nested under ${outer.notebook!.what} at ${quote(outer.raw)}: the mount point cannot be created inside a read-only volume, and the container fails to start`);
          continue;
        }
        const later = this.order.get(entry.owner)! >= this.order.get(outer.owner)! ? entry : outer;
        const other = later === entry ? outer : entry;
        const owner = later.owner as PodDefaultRecord;
        this.report(owner, 'mount-nested', `mountPath ${quote(later.raw)} ${later === entry ? 'is nested under' : 'contains'} ${quote(other.raw)}, mounted by ${this.other(other.owner, owner)} in ${this.ns}: secret volumes are read-only, so the runtime cannot create the inner mount point and the container fails to start`);
      }
    }
  }
}

/** A container as the API server stores it: the PodDefault CRD defaults `ports[].protocol` to TCP. */
function withCrdDefaults(container: Record<string, any>): Record<string, any> {
  if (!Array.isArray(container.ports)) {
    return container;
  }
  return { ...container, ports: container.ports.map((p: unknown) => (isObject(p) && p.protocol === undefined ? { ...p, protocol: 'TCP' } : p)) };
}

function describeSecrets(a: string | undefined, b: string | undefined): string {
  return a && b && a !== b ? ` (Secret ${quote(a)} there, Secret ${quote(b)} here)` : '';
}
