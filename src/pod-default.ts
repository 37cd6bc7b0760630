import { ApiObject, Chart, JsonPatch, Lazy } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { CheckedObject, ICheckedConstruct, PodDefaultChecks } from './checks/app-checks';
import { ALTERNATIVES_ANNOTATION } from './engine/alternatives';
import { envVarProblems } from './engine/object-rules';
import { EnvFromJson, EnvJson, PodDefaultSpecJson, VolumeJson, VolumeMountJson } from './engine/pod-default-spec';
import { Problem, problem } from './engine/rule-ids';
import { childPath, throwIfProblems, throwIfProblemsAt } from './errors';
import {
  checkDnsSubdomain, checkEnvPrefix, checkEnvVarName, checkLabelKey, checkNamespace, checkPodDefaultName, checkSecretDataKey,
  checkSecretName, checkVolumeName, MAX_LABEL, MAX_PODDEFAULT_NAME, nameFromId,
} from './rules/names';
import { checkFileMode, checkItemPath, checkMountPath } from './rules/paths';
import { quote } from './rules/text';
import { secretNameOf, secretNamespaceOf } from './secret-ref';

/**
 * Properties of a `NotebookPodDefault`.
 */
export interface NotebookPodDefaultProps {
  /**
   * The PodDefault's name: a DNS-1123 subdomain of at most 52 characters.
   *
   * @default - derived from the construct id (`DockerConfig` → `docker-config`)
   */
  readonly name?: string;

  /**
   * The namespace (a Kubeflow profile namespace) the PodDefault lives in. It applies only to
   * notebooks of this namespace and can only use Secrets of this namespace.
   *
   * @default - the chart's namespace
   */
  readonly namespace?: string;

  /**
   * The text the notebook spawner shows next to the checkbox, e.g. "Add Docker registry credentials".
   */
  readonly desc: string;

  /**
   * The label key the spawner sets to `"true"` on a notebook when the box is ticked. The selector
   * is always `matchLabels: {<selectorLabel>: "true"}`, the only form the spawner can use.
   * Each PodDefault of a namespace needs its own key.
   *
   * @default - the PodDefault's name (the Kubeflow convention)
   */
  readonly selectorLabel?: string;

  /**
   * The group of alternatives this PodDefault belongs to: configurations of one namespace that a
   * user ticks one of (two storage endpoints, two registries). Synth and `check` accept overlaps
   * (one mount path, one variable) between members of a group, since a notebook never gets two of
   * them; an overlap with anything else is still refused, and `preview` or `check --select` of two
   * members still reports it. Written as the annotation
   * `kubeflow-credentials.cdk8s.io/alternatives`; say so in `desc` ("Storage: MinIO (or Ceph, not both)").
   *
   * @default - not an alternative: every overlap with another PodDefault is refused
   */
  readonly alternatives?: string;
}

/**
 * One file of a Secret projected into a secret volume.
 */
export interface SecretVolumeItem {
  /** The Secret's data key. */
  readonly key: string;

  /** The file name, relative to the mount path (no `..`). */
  readonly path: string;

  /**
   * The file's mode, from 0 to 0777 (write `0o400` in TypeScript).
   *
   * @default - the volume's `defaultMode`
   */
  readonly mode?: number;
}

/**
 * How a Secret or a ConfigMap is mounted: where, under which volume name, which keys as which files.
 */
export interface KeyVolumeOptions {
  /**
   * Where the object's files appear in the notebook, e.g. `/home/kubeflow/.docker/`. Absolute, no `:`.
   */
  readonly mountPath: string;

  /**
   * The volume's name: a DNS-1123 label, unique among the volumes of the notebook pod.
   *
   * @default - `<object name>-volume` (dots replaced by dashes)
   */
  readonly volumeName?: string;

  /**
   * Emit `readOnly` on the mount. Secret and ConfigMap volumes are always mounted read-only by the
   * kubelet, whatever this says.
   *
   * @default - not emitted (as in the Kaptain guide)
   */
  readonly readOnly?: boolean;

  /**
   * Project only these keys, under these file names.
   *
   * @default - every key of the object, each as a file named after the key
   */
  readonly items?: SecretVolumeItem[];

  /**
   * The mode of the files, from 0 to 0777 (write `0o400` in TypeScript).
   *
   * @default - not emitted (Kubernetes uses 0644)
   */
  readonly defaultMode?: number;

  /**
   * The keys the object holds, when it is not written by this App. The conflict checks use them
   * to verify `items` (and the file a CA variable names).
   *
   * @default - the keys are known when the object is written by this App
   */
  readonly keys?: string[];
}

/**
 * Options for `NotebookPodDefault.addSecretVolume()`.
 */
export interface SecretVolumeOptions extends KeyVolumeOptions {
  /**
   * The Secret to mount: its name, or an `ISecret` (a `Secret` of any cdk8s-plus major, imported
   * or of this App, a cdk8s `ApiObject` Secret, or one of this library's credentials
   * constructs). It must be in the PodDefault's namespace, which is checked when the object has one.
   */
  readonly secretName: string | kplus.ISecret;
}

/**
 * Options for `NotebookPodDefault.addConfigMapVolume()`.
 */
export interface ConfigMapVolumeOptions extends KeyVolumeOptions {
  /**
   * The ConfigMap to mount: its name, or a cdk8s-plus `IConfigMap` (or any object with a name,
   * such as this library's `CaBundle`). It must be in the PodDefault's namespace, which is
   * checked when the object has one.
   */
  readonly configMapName: string | kplus.IConfigMap;
}

/**
 * Options for `NotebookPodDefault.addServiceAccountTokenVolume()`.
 */
export interface ServiceAccountTokenVolumeOptions {
  /** The volume's name (a DNS-1123 label), e.g. `aws-iam-token`. */
  readonly volumeName: string;

  /** The directory the token appears in, e.g. `/var/run/secrets/eks.amazonaws.com/serviceaccount`. */
  readonly mountPath: string;

  /** The audience the token is issued for, e.g. `sts.amazonaws.com`. */
  readonly audience: string;

  /** The token's file name in the directory, e.g. `token`. */
  readonly path: string;

  /**
   * How long each token is valid; the kubelet renews it before then.
   *
   * @default 86400 (24 hours, as the EKS pod identity webhook)
   */
  readonly expirationSeconds?: number;
}

/**
 * What `addSecretVolume()` added.
 */
export interface SecretVolumeMount {
  /** The volume's name. */
  readonly volumeName: string;
  /** The mounted Secret's name. */
  readonly secretName: string;
  /** The mount path, as given. */
  readonly mountPath: string;
}

/**
 * Options for `NotebookPodDefault.addEnvFromSecret()`.
 */
export interface EnvFromSecretOptions {
  /**
   * A prefix for every variable name. Keys that are not valid variable names after prefixing
   * are skipped silently by the kubelet, so the conflict checks reject them when keys are known.
   *
   * @default - no prefix
   */
  readonly prefix?: string;

  /**
   * Start the notebook even when the Secret is missing.
   *
   * @default - not emitted (a missing Secret keeps the container in CreateContainerConfigError)
   */
  readonly optional?: boolean;

  /**
   * The keys of the Secret, when it is not written by this App. The conflict checks use them to
   * find variables that two PodDefaults of the namespace would both set.
   *
   * @default - the keys are known when the Secret is written by this library's constructs
   */
  readonly keys?: string[];
}

/**
 * A Kubeflow PodDefault (kubeflow.org/v1alpha1) that the notebook spawner offers as a
 * "Configurations" checkbox, and that mounts Secrets or injects environment variables into the
 * notebooks that tick it.
 *
 * It is the PodDefault API object itself (a typed `ApiObject`, so `metadata`, `addJsonPatch`
 * and dependencies work as on any cdk8s object): one construct per manifest keeps platform
 * stacks with thousands of namespaces as cheap to synthesize as plain ApiObjects.
 *
 * Every field is checked as it is added; at synth, every PodDefault of a namespace is checked
 * against all others of the App in that namespace (any subset of them may be selected together)
 * and against the notebook's own volumes.
 *
 * @example
 * const pd = new NotebookPodDefault(chart, 'DockerConfig', {
 *   namespace: 'user',
 *   desc: 'Add Docker registry credentials',
 * });
 * pd.addSecretVolume({ secretName: 'docker-secret', mountPath: '/home/kubeflow/.docker/' });
 */
export class NotebookPodDefault extends ApiObject implements ICheckedConstruct {
  /**
   * Checks the props before the API object exists, all problems at once.
   * @returns the PodDefault name: given, or derived from the id
   */
  private static checkProps(scope: Construct, id: string, props: NotebookPodDefaultProps): string {
    const derived = props.name === undefined ? nameFromId(id, MAX_PODDEFAULT_NAME) : undefined;
    const name = props.name ?? derived ?? '';
    throwIfProblemsAt(childPath(scope, id), [
      problem('poddefault-name', props.name === undefined && derived === undefined
        ? `cannot derive a PodDefault name from the id ${quote(id)}; pass name (a DNS-1123 subdomain of at most ${MAX_PODDEFAULT_NAME} characters)`
        : checkPodDefaultName(name)),
      problem('namespace-name', props.namespace === undefined ? undefined : checkNamespace(props.namespace)),
      problem('desc', typeof props.desc !== 'string' || props.desc.trim().length === 0
        ? 'desc is empty (it is the text the notebook spawner shows; without it the spawner shows the bare name)'
        : undefined),
      problem('selector-invalid', props.selectorLabel === undefined && name === '' ? undefined : checkLabelKey('selectorLabel', props.selectorLabel ?? name)),
      problem('annotation', props.alternatives !== undefined && (typeof props.alternatives !== 'string' || props.alternatives.trim() === '')
        ? 'alternatives is empty: name the group of alternatives (the same name on each member, e.g. "storage")'
        : undefined),
    ]);
    return name;
  }

  /** The namespace, or `undefined` when neither the props nor the chart set one. */
  public readonly namespace?: string;

  /** The spawner's description. */
  public readonly desc: string;

  /** The label key the spawner sets to `"true"` to select this PodDefault. */
  public readonly selectorLabel: string;

  private readonly volumes = new Map<string, VolumeJson>();
  private readonly mounts = new Map<string, VolumeMountJson>();
  private readonly env = new Map<string, EnvJson>();
  private readonly envFrom: EnvFromJson[] = [];
  private readonly declaredKeys = new Map<string, readonly string[]>();
  private readonly declaredConfigMapKeys = new Map<string, readonly string[]>();
  private patched = false;

  /**
   * @param scope the construct this one belongs to: a `Chart` (whose namespace is the default one) or a construct in one
   * @param id the construct's id, unique among its scope's children; error messages name the construct by its path
   * @param props the PodDefault: its name, description, selector label and what it injects
   */
  public constructor(scope: Construct, id: string, props: NotebookPodDefaultProps) {
    const name = NotebookPodDefault.checkProps(scope, id, props);
    // The spec is rendered at synth, so that add* calls made after construction are included.
    const self: { pd?: NotebookPodDefault } = {};
    super(scope, id, {
      apiVersion: 'kubeflow.org/v1alpha1',
      kind: 'PodDefault',
      metadata: {
        name,
        namespace: props.namespace,
        ...(props.alternatives !== undefined ? { annotations: { [ALTERNATIVES_ANNOTATION]: props.alternatives } } : {}),
      },
      spec: Lazy.any({ produce: () => self.pd!.renderSpec() }),
    });
    self.pd = this;
    this.namespace = props.namespace ?? Chart.of(this).namespace;
    this.desc = props.desc;
    this.selectorLabel = props.selectorLabel ?? name;
    if (props.namespace === undefined && this.namespace !== undefined) {
      throwIfProblems(this, [problem('namespace-name', checkNamespace(this.namespace))]);
    }
    PodDefaultChecks.of(this);
  }

  /**
   * Mounts a Secret as a volume: adds the secret volume and its mount.
   *
   * @returns the volume and mount that were added
   * @param options the Secret, the mount path, and the volume's name, items and modes
   */
  public addSecretVolume(options: SecretVolumeOptions): SecretVolumeMount {
    return this.addVolume('Secret', options.secretName, options);
  }

  /**
   * Mounts a ConfigMap as a volume: adds the configMap volume and its mount (e.g. a CA bundle,
   * which is not a secret).
   *
   * @returns the volume and mount that were added (`secretName` is the ConfigMap's name)
   * @param options the ConfigMap, the mount path, and the volume's name, items and modes
   */
  public addConfigMapVolume(options: ConfigMapVolumeOptions): SecretVolumeMount {
    return this.addVolume('ConfigMap', options.configMapName, options);
  }

  /**
   * Mounts a projected service-account token (read-only): a short-lived token of the pod's
   * service account for one audience, renewed by the kubelet. AWS web identity and EKS Pod
   * Identity read theirs from such a file.
   *
   * @returns the volume and mount that were added (`secretName` is empty: no Secret)
   * @param options the volume's name, the directory, the audience, the file name and the lifetime
   */
  public addServiceAccountTokenVolume(options: ServiceAccountTokenVolumeOptions): SecretVolumeMount {
    const expirationSeconds = options.expirationSeconds ?? 86400;
    const volume: VolumeJson = {
      name: options.volumeName,
      projected: { sources: [{ serviceAccountToken: { audience: options.audience, expirationSeconds, path: options.path } }] },
    };
    const problems: Array<Problem | undefined> = [
      problem('volume-name', checkVolumeName(options.volumeName)),
      problem('mount-path', checkMountPath(options.mountPath)),
      problem('item-path', checkItemPath('path', options.path)),
      problem('volume-source', typeof options.audience !== 'string' || !/^\S+$/.test(options.audience) ? 'audience is empty or has whitespace (a token is issued for one audience, e.g. "sts.amazonaws.com")' : undefined),
      problem('volume-source', !Number.isInteger(expirationSeconds) || expirationSeconds < 600 || expirationSeconds > 2 ** 32 - 1
        ? `expirationSeconds ${String(expirationSeconds)} is not an integer from 600 (10 minutes) to 4294967295: the API server refuses the pod` : undefined),
    ];
    const mount: VolumeMountJson = { name: options.volumeName, mountPath: options.mountPath, readOnly: true };
    const existing = this.mounts.get(options.volumeName);
    if (existing && (existing.mountPath !== mount.mountPath || JSON.stringify(this.volumes.get(options.volumeName)) !== JSON.stringify(volume))) {
      problems.push({ rule: 'volume-conflict', message: `volume ${quote(options.volumeName)} already exists in this PodDefault with other content (pass a different volumeName)` });
    }
    throwIfProblems(this, problems);
    this.volumes.set(options.volumeName, volume);
    this.mounts.set(options.volumeName, mount);
    return { volumeName: options.volumeName, secretName: '', mountPath: options.mountPath };
  }

  private addVolume(kind: 'Secret' | 'ConfigMap', source: string | kplus.ISecret | kplus.IConfigMap, options: KeyVolumeOptions): SecretVolumeMount {
    const secretName = secretNameOf(source as kplus.ISecret);
    const volumeName = options.volumeName ?? defaultVolumeName(secretName);
    const items = options.items ?? [];
    const problems: Array<Problem | undefined> = [
      kind === 'Secret' ? problem('secret-name', checkSecretName(secretName)) : problem('object-name', checkDnsSubdomain('ConfigMap name', secretName)),
      problem('volume-name', checkVolumeName(volumeName)),
      problem('mount-path', checkMountPath(options.mountPath)),
      problem('secret-namespace', this.checkSecretNamespace(source as kplus.ISecret, kind)),
      problem('file-mode', options.defaultMode === undefined ? undefined : checkFileMode('defaultMode', options.defaultMode)),
    ];
    for (const [index, item] of items.entries()) {
      problems.push(
        problem('item-key', checkSecretDataKey(`items[${index}].key`, item.key)),
        problem('item-path', checkItemPath(`items[${index}].path`, item.path)),
        problem('file-mode', item.mode === undefined ? undefined : checkFileMode(`items[${index}].mode`, item.mode)),
      );
    }
    for (const [index, key] of (options.keys ?? []).entries()) {
      problems.push(problem('item-key', checkSecretDataKey(`keys[${index}]`, key)));
    }
    const projected = {
      defaultMode: options.defaultMode,
      items: items.length > 0 ? items.map((i) => ({ key: i.key, path: i.path, mode: i.mode })) : undefined,
    };
    const volume: VolumeJson = kind === 'Secret'
      ? { name: volumeName, secret: { secretName, ...projected } }
      : { name: volumeName, configMap: { name: secretName, ...projected } };
    const mount: VolumeMountJson = { name: volumeName, mountPath: options.mountPath, readOnly: options.readOnly };
    const existing = this.mounts.get(volumeName);
    if (existing && existing.mountPath !== mount.mountPath) {
      problems.push({ rule: 'mount-name-conflict', message: `volume ${quote(volumeName)} is already mounted at ${quote(existing.mountPath)} by this PodDefault (one volume cannot be mounted at two paths; pass a different volumeName)` });
    } else if (existing && JSON.stringify(this.volumes.get(volumeName)) !== JSON.stringify(volume)) {
      problems.push({ rule: 'volume-conflict', message: `volume ${quote(volumeName)} already exists in this PodDefault with other content (pass a different volumeName)` });
    }
    throwIfProblems(this, problems);

    this.volumes.set(volumeName, volume);
    this.mounts.set(volumeName, mount);
    if (kind === 'Secret') {
      this.declareKeys(secretName, options.keys);
    } else if (options.keys !== undefined) {
      this.declaredConfigMapKeys.set(secretName, [...options.keys]);
    }
    return { volumeName, secretName, mountPath: options.mountPath };
  }

  /**
   * Injects every key of a Secret as an environment variable (`envFrom.secretRef`).
   *
   * @param secretName the Secret: its name, or an `ISecret` (a `Secret` of any cdk8s-plus major, a cdk8s `ApiObject` Secret, or one of this library's credentials constructs; its namespace is checked)
   * @param options prefix, optional and the keys of a Secret this App does not write; each has a default
   */
  public addEnvFromSecret(secretName: string | kplus.ISecret, options: EnvFromSecretOptions = {}): void {
    const name = secretNameOf(secretName);
    const problems: Array<Problem | undefined> = [
      problem('secret-name', checkSecretName(name)),
      problem('secret-namespace', this.checkSecretNamespace(secretName)),
      problem('env-name', options.prefix === undefined ? undefined : checkEnvPrefix(options.prefix)),
    ];
    for (const [index, key] of (options.keys ?? []).entries()) {
      problems.push(problem('item-key', checkSecretDataKey(`keys[${index}]`, key)));
    }
    const entry: EnvFromJson = { prefix: options.prefix || undefined, secretRef: { name, optional: options.optional } };
    if (this.envFrom.some((e) => JSON.stringify(e) === JSON.stringify(entry))) {
      problems.push({ rule: 'env-from-overlap', message: `envFrom Secret ${quote(name)} is already added to this PodDefault with the same prefix` });
    }
    throwIfProblems(this, problems);

    this.envFrom.push(entry);
    this.declareKeys(name, options.keys);
  }

  /**
   * Sets one environment variable.
   *
   * Credentials must come from a Secret: `EnvValue.fromSecretValue({ secret, key })` emits a
   * `valueFrom.secretKeyRef`. A literal `EnvValue.fromValue(...)` is written in clear text into the
   * PodDefault (and printed whole in the webhook's conflict messages), so it is accepted only
   * for non-secret settings such as an endpoint or a region: names that look like credentials
   * (`*SECRET*`, `*PASSWORD*`, `*TOKEN*`, `*ACCESS_KEY*`, ...) are rejected.
   *
   * @param name the variable's name
   * @param value a cdk8s-plus-27 `EnvValue`
   */
  public addEnv(name: string, value: kplus.EnvValue): void {
    const entry = toEnvJson(name, value);
    // The engine's rules for an env entry, eagerly (a name, one source, a valid key, no literal credential).
    const problems: Array<Problem | undefined> = entry === undefined
      ? [problem('env-name', checkEnvVarName('env name', name)),
        { rule: 'env-source', message: `env ${quote(name)} has neither a value nor a supported valueFrom (secretKeyRef, configMapKeyRef, fieldRef or resourceFieldRef)` }]
      : envVarProblems(entry as Record<string, any>, 'env');
    const existing = this.env.get(name);
    if (existing && entry && JSON.stringify(existing) !== JSON.stringify(entry)) {
      problems.push({ rule: 'env-conflict', message: `env ${quote(name)} is already set by this PodDefault to something else` });
    }
    throwIfProblems(this, problems);

    this.env.set(name, entry!);
  }

  /**
   * Applies a set of RFC-6902 JSON-Patch operations to the manifest synthesized for this
   * PodDefault. The checks at synth see the patched manifest.
   *
   * @param ops RFC-6902 JSON-Patch operations, applied to the synthesized manifest
   */
  public addJsonPatch(...ops: JsonPatch[]): void {
    this.patched = true;
    super.addJsonPatch(...ops);
  }

  /**
   * What the checks read: this PodDefault as it is written, and the keys it declares for
   * Secrets that this App does not write. Its spec was checked by `add*` while no JSON patch
   * changes it.
   * @internal
   */
  public _checkedObjects(): CheckedObject[] {
    return [{
      manifest: this.toJson(), declaredKeys: this.declaredKeys, declaredConfigMapKeys: this.declaredConfigMapKeys, contentChecked: !this.patched,
    }];
  }

  /**
   * The manifest of this PodDefault, resolved (with its JSON patches); within one
   * `App.synth()`, the checks read the same JSON that is written.
   */
  public toJson(): any {
    return PodDefaultChecks.of(this)._resolved(this, () => super.toJson());
  }

  private renderSpec(): PodDefaultSpecJson {
    // Volumes and mounts in name order: the manifest does not depend on the order of add* calls.
    const byName = <T>(map: Map<string, T>) => [...map.keys()].sort().map((k) => map.get(k)!);
    return {
      desc: this.desc,
      selector: { matchLabels: { [this.selectorLabel]: 'true' } },
      env: this.env.size > 0 ? [...this.env.values()] : undefined,
      envFrom: this.envFrom.length > 0 ? [...this.envFrom] : undefined,
      volumes: this.volumes.size > 0 ? byName(this.volumes) : undefined,
      volumeMounts: this.mounts.size > 0 ? byName(this.mounts) : undefined,
    };
  }

  private declareKeys(secretName: string, keys: readonly string[] | undefined): void {
    if (keys !== undefined) {
      this.declaredKeys.set(secretName, [...keys]);
    }
  }

  private checkSecretNamespace(secret: string | kplus.ISecret, kind: 'Secret' | 'ConfigMap' = 'Secret'): string | undefined {
    const namespace = secretNamespaceOf(secret);
    if (namespace !== undefined && this.namespace !== undefined && namespace !== this.namespace) {
      return `${kind} ${quote(secretNameOf(secret))} is in namespace ${quote(namespace)}, but this PodDefault is in ${quote(this.namespace)} (a pod can only use ${kind}s of its own namespace)`;
    }
    return undefined;
  }
}

/** `docker-secret` → `docker-secret-volume`; dots become dashes (volume names are DNS labels). */
export function defaultVolumeName(secretName: string): string {
  const base = secretName.replace(/\./g, '-');
  return base.length + '-volume'.length <= MAX_LABEL ? `${base}-volume` : base.slice(0, MAX_LABEL);
}

function toEnvJson(name: string, value: kplus.EnvValue | string): EnvJson | undefined {
  if (typeof value === 'string') {
    return { name, value };
  }
  if (value?.value !== undefined) {
    return { name, value: String(value.value) };
  }
  const from = value?.valueFrom;
  if (from?.secretKeyRef) {
    return { name, valueFrom: { secretKeyRef: pick(from.secretKeyRef) } };
  }
  if (from?.configMapKeyRef) {
    return { name, valueFrom: { configMapKeyRef: pick(from.configMapKeyRef) } };
  }
  if (from?.fieldRef) {
    return { name, valueFrom: { fieldRef: { apiVersion: from.fieldRef.apiVersion, fieldPath: from.fieldRef.fieldPath } } };
  }
  if (from?.resourceFieldRef) {
    const ref = from.resourceFieldRef;
    const divisor = ref.divisor?.value ?? ref.divisor;
    return { name, valueFrom: { resourceFieldRef: { containerName: ref.containerName, resource: ref.resource, divisor } } };
  }
  return undefined;
}

function pick(ref: { name?: string; key: string; optional?: boolean }): { name?: string; key: string; optional?: boolean } {
  return { name: ref.name, key: ref.key, optional: ref.optional };
}
