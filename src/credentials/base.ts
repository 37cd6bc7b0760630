import { ApiObject, ApiObjectProps, Chart, JsonPatch, Lazy } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct, IConstruct } from 'constructs';
import type { ICaBundle } from '../ca-bundle';
import { CheckedObject, ICheckedConstruct, PodDefaultChecks } from '../checks/app-checks';
import { problem } from '../engine/rule-ids';
import { childPath, throwIfProblemsAt } from '../errors';
import { sealingLabel } from '../output';
import { defaultVolumeName, NotebookPodDefault } from '../pod-default';
import { inspectAs } from '../redact';
import { checkExistingSecret, ExistingSecretOptions, keysOfProps } from './secret';
import { quote } from '../rules/text';
import { secretNameOf } from '../secret-ref';

/**
 * Options shared by every `addPodDefault()`.
 */
export interface CredentialsPodDefaultOptions {
  /**
   * The PodDefault's name.
   *
   * @default - the Kaptain guide's name for these credentials
   */
  readonly name?: string;

  /**
   * The text the notebook spawner shows.
   *
   * @default - the Kaptain guide's text for these credentials
   */
  readonly desc?: string;

  /**
   * The label key the spawner sets to `"true"`.
   *
   * @default - the PodDefault's name
   */
  readonly selectorLabel?: string;

  /**
   * The group of alternatives the PodDefault belongs to (a user ticks one of its members: two
   * storage endpoints, two registries); see `NotebookPodDefaultProps.alternatives`.
   *
   * @default - not an alternative
   */
  readonly alternatives?: string;

  /**
   * A CA bundle to mount in the same PodDefault, with the variables that name it
   * (`AWS_CA_BUNDLE`, ...): for a storage endpoint or registry behind a private CA, one box in the
   * spawner gives both. See `CaBundle.mountInto`.
   *
   * @default - no CA bundle
   */
  readonly caBundle?: ICaBundle;
}

/**
 * Options for the PodDefault of file-mounted credentials (`DockerCredentials`, `AwsFileCredentials`).
 */
export interface FilePodDefaultOptions extends CredentialsPodDefaultOptions {
  /**
   * The volume's name.
   *
   * @default - the Kaptain guide's volume name for the guide's Secret name; for another Secret,
   * `<secret name>-volume` (as `addSecretVolume`), so that several credentials of one kind
   * compose in a namespace
   */
  readonly volumeName?: string;

  /**
   * Where the file appears in the notebook. Kaptain images read `/home/kubeflow/...`; for stock
   * Kubeflow images (home `/home/jovyan`), use e.g. `/home/jovyan/.docker/`.
   *
   * @default - the Kaptain guide's path for these credentials
   */
  readonly mountPath?: string;
}

/**
 * Options for the PodDefault of environment-variable credentials (`AwsEnvConfiguration`).
 */
export interface EnvPodDefaultOptions extends CredentialsPodDefaultOptions {
  /**
   * A prefix for every variable name.
   *
   * @default - no prefix
   */
  readonly prefix?: string;
}

/**
 * Credentials in a Secret of a profile namespace: written by this library, or one that exists
 * in the cluster.
 */
export interface INotebookCredentials extends IConstruct {
  /** The Secret's name. */
  readonly secretName: string;

  /** The Secret's namespace, or `undefined` when neither the props nor the chart set one. */
  readonly namespace?: string;

  /** The Secret's keys, when known (always, when this library writes it). */
  readonly keys: string[];

  /** Whether this library writes the Secret (`false` for an existing one). */
  readonly writesSecret: boolean;

  /** The Secret as a cdk8s-plus-27 `ISecret`, e.g. for `EnvValue.fromSecretValue` or a Deployment's volumes. */
  readonly secret: kplus.ISecret;
}

/**
 * Credentials that notebooks receive as a file (`config.json`, `credentials`).
 */
export interface IFileCredentials extends INotebookCredentials {
  /** The Secret key that holds the file. */
  readonly key: string;

  /**
   * Adds the PodDefault that mounts the file, with the Kaptain guide's defaults.
   *
   * @param options the PodDefault's name, description, selector and mount; each has the Kaptain guide's default
   */
  addPodDefault(options?: FilePodDefaultOptions): NotebookPodDefault;
}

/**
 * Credentials that notebooks receive as environment variables.
 */
export interface IEnvCredentials extends INotebookCredentials {
  /**
   * Adds the PodDefault that injects the variables, with the Kaptain guide's defaults.
   *
   * @param options the PodDefault's name, description, selector and variable prefix; each has the Kaptain guide's default
   */
  addPodDefault(options?: EnvPodDefaultOptions): NotebookPodDefault;
}

/** The guide's defaults for one kind of file-mounted credentials. */
export interface FileDefaults {
  readonly name: string;
  readonly desc: string;
  readonly volumeName: string;
  /** The guide's Secret name, whose volume keeps the guide's `volumeName`. */
  readonly secretName: string;
  readonly mountPath: string;
  /** The file name the consumer reads (`config.json`, `credentials`). */
  readonly fileName: string;
}

/** The guide's defaults for environment-variable credentials. */
export const ENV_DEFAULTS = { name: 'aws-configuration', desc: 'Add AWS Environment variables' };

/**
 * Creates a PodDefault in the Secret's namespace, as a child of `owner`, and lets `fill` add to
 * it: all or nothing, so that a failure leaves nothing in the tree. The first one gets the id
 * `PodDefault`, others `PodDefault-<name>`.
 */
export function newPodDefault(
  owner: Construct & { readonly namespace?: string }, options: Omit<CredentialsPodDefaultOptions, 'caBundle'>, defaultName: string, defaultDesc: string,
  fill: (podDefault: NotebookPodDefault) => void,
): NotebookPodDefault {
  const name = options.name ?? defaultName;
  // By kind: cdk8s's ApiObject answers `instanceof` for any ApiObject subclass alike.
  const existing = owner.node.children.filter((c): c is NotebookPodDefault => (c as Partial<NotebookPodDefault>).kind === 'PodDefault');
  if (existing.some((pd) => pd.name === name)) {
    throwIfProblemsAt(owner.node.path, [problem('two-versions', `addPodDefault() already added a PodDefault named ${quote(name)} (pass another name for each additional PodDefault)`)]);
  }
  const id = existing.length === 0 ? 'PodDefault' : `PodDefault-${name}`;
  const podDefault = new NotebookPodDefault(owner, id, {
    name, namespace: owner.namespace, desc: options.desc ?? defaultDesc, selectorLabel: options.selectorLabel, alternatives: options.alternatives,
  });
  try {
    fill(podDefault);
  } catch (e) {
    owner.node.tryRemoveChild(id);
    throw e;
  }
  return podDefault;
}

/**
 * A PodDefault that mounts the Secret's file at the consumer's path. A key other than the file
 * name is projected under the file name. The volume is named after the Secret (the guide's name
 * for the guide's Secret), so that several credentials of one kind compose in a namespace.
 */
export function addFilePodDefault(
  owner: INotebookCredentials, secret: string | kplus.ISecret, key: string, defaults: FileDefaults, options: FilePodDefaultOptions,
): NotebookPodDefault {
  return newPodDefault(owner, options, defaults.name, defaults.desc, (podDefault) => {
    mountFile(podDefault, secret, key, defaults, options);
    options.caBundle?.mountInto(podDefault);
  });
}

/**
 * Mounts a file-credentials Secret at the consumer's path: the volume is named after the Secret
 * (the guide's name for the guide's Secret), and a key other than the file name is projected
 * under the file name.
 */
export function mountFile(
  podDefault: NotebookPodDefault, secret: string | kplus.ISecret, key: string, defaults: FileDefaults,
  options: { volumeName?: string; mountPath?: string } = {},
): void {
  const secretName = secretNameOf(secret);
  podDefault.addSecretVolume({
    secretName: secret,
    volumeName: options.volumeName ?? (secretName === defaults.secretName ? defaults.volumeName : defaultVolumeName(secretName)),
    mountPath: options.mountPath ?? defaults.mountPath,
    items: key === defaults.fileName ? undefined : [{ key, path: defaults.fileName }],
  });
}

/**
 * A PodDefault that injects every key of the Secret with `envFrom`, and the access key and
 * secret key from another Secret's keys when `fromSecret` is given.
 */
export function addEnvPodDefault(
  owner: INotebookCredentials, secret: string | kplus.ISecret, options: EnvPodDefaultOptions,
  fromSecret?: { secretName: string | kplus.ISecret; accessKeyIdKey: string; secretAccessKeyKey: string },
): NotebookPodDefault {
  return newPodDefault(owner, options, ENV_DEFAULTS.name, ENV_DEFAULTS.desc, (podDefault) => {
    podDefault.addEnvFromSecret(secret, { prefix: options.prefix });
    options.caBundle?.mountInto(podDefault);
    if (fromSecret) {
      const credentials = typeof fromSecret.secretName === 'string'
        ? kplus.Secret.fromSecretName(podDefault, 'CredentialsSecret', fromSecret.secretName)
        : fromSecret.secretName;
      const prefix = options.prefix ?? '';
      podDefault.addEnv(`${prefix}AWS_ACCESS_KEY_ID`, kplus.EnvValue.fromSecretValue({ secret: credentials, key: fromSecret.accessKeyIdKey }));
      podDefault.addEnv(`${prefix}AWS_SECRET_ACCESS_KEY`, kplus.EnvValue.fromSecretValue({ secret: credentials, key: fromSecret.secretAccessKeyKey }));
    }
  });
}

/**
 * The props with a Secret's `data` behind a `Lazy`: cdk8s keeps its props as a plain field, which
 * jest's diffs and `util.inspect` without custom inspection print whole; a Lazy shows only a
 * function, and resolves to the same data when the manifest is written.
 */
function withHiddenData(props: ApiObjectProps): ApiObjectProps {
  const { data, ...rest } = props as ApiObjectProps & { data?: Record<string, string> };
  return data === undefined ? props : { ...rest, data: Lazy.any({ produce: () => data }) } as ApiObjectProps;
}

/**
 * What `DockerCredentials`, `AwsFileCredentials` and `AwsEnvConfiguration` have in common: each
 * is the Opaque Secret it writes (a typed `ApiObject`, one construct per manifest), in a
 * profile namespace, and adds the PodDefaults that offer it to notebooks.
 */
export abstract class CredentialsSecret extends ApiObject implements INotebookCredentials, ICheckedConstruct, kplus.ISecret {
  /** The Secret's name. */
  public readonly secretName: string;

  /** The Secret's namespace, or `undefined` when neither the props nor the chart set one. */
  public readonly namespace?: string;

  /** The Secret's keys, sorted. */
  public readonly keys: string[];

  private patched = false;
  /** For a SealedSecret: the label its values were sealed for (namespace/name, namespace or nothing). */
  private readonly sealedFor?: string;

  /**
   * @param scope the construct this Secret belongs to: a `Chart` or a construct in one
   * @param id the construct's id, unique among its scope's children and part of the construct path that error messages name
   * @param props the Secret as an ApiObject (apiVersion v1, kind Secret, its metadata and data), written by the subclass
   */
  protected constructor(scope: Construct, id: string, props: ApiObjectProps) {
    super(scope, id, withHiddenData(props));
    if (props.kind === 'SealedSecret') {
      this.sealedFor = sealingLabel(props.metadata?.annotations, props.metadata?.namespace ?? Chart.of(this).namespace, props.metadata?.name);
    }
    this.secretName = this.name;
    this.namespace = props.metadata?.namespace ?? Chart.of(this).namespace;
    this.keys = keysOfProps(props);
    PodDefaultChecks.of(this);
  }

  /**
   * Applies a set of RFC-6902 JSON-Patch operations to the Secret's manifest. The checks at synth
   * see the patched manifest.
   *
   * @param ops RFC-6902 JSON-Patch operations, applied to the synthesized manifest
   */
  public addJsonPatch(...ops: JsonPatch[]): void {
    this.patched = true;
    super.addJsonPatch(...ops);
  }

  /**
   * The Secret (or SealedSecret, ExternalSecret) as it is written: its data was checked by the
   * constructor, until a JSON patch changes it (then it is checked whole).
   * @internal
   */
  public _checkedObjects(): CheckedObject[] {
    return [{ manifest: this.toJson(), contentChecked: !this.patched }];
  }

  /**
   * The manifest of this Secret, resolved (with its JSON patches); within one `App.synth()`,
   * the checks read the same JSON that is written.
   */
  public toJson(): any {
    return PodDefaultChecks.of(this)._resolved(this, () => {
      let json: any;
      try {
        json = super.toJson();
      } catch (e) {
        // cdk8s's message goes on with the patch and the whole object, Secret data included: keep its first line.
        const first = String((e as Error).message).split('\n')[0];
        throw new Error(`${first} (the patch and the object are not printed: they hold Secret data)`);
      }
      if (this.sealedFor !== undefined) {
        this.checkSealedScope(json);
      }
      return json;
    });
  }

  /**
   * A JSON patch may not move a SealedSecret away from what it was sealed for: the controller
   * decrypts with the label of the object as applied (strict: namespace/name; namespace-wide: the
   * namespace; from its scope annotations), and refuses every value otherwise.
   */
  private checkSealedScope(json: any): void {
    const metadata = json?.metadata ?? {};
    const template = json?.spec?.template?.metadata ?? {};
    const namespace = metadata.namespace ?? Chart.of(this).namespace;
    const label = sealingLabel(metadata.annotations, namespace, metadata.name);
    const problems: string[] = [];
    if (label !== this.sealedFor) {
      const what = this.sealedFor === '' ? 'cluster-wide' : this.sealedFor!.includes('/') ? `for ${quote(this.sealedFor!)} (strict scope)` : `for namespace ${quote(this.sealedFor!)} (namespace-wide)`;
      problems.push(`a JSON patch changes the SealedSecret's name, namespace or scope annotations, but its values were sealed ${what}: `
        + 'the sealed-secrets controller would refuse to decrypt them (seal again for the new place: give the construct its name and namespace instead of patching them)');
    }
    if ((template.name !== undefined && template.name !== metadata.name) || (template.namespace !== undefined && template.namespace !== namespace)) {
      problems.push('a JSON patch makes spec.template.metadata name or namespace differ from the SealedSecret\'s own: the controller makes the Secret of the SealedSecret\'s name and namespace');
    }
    throwIfProblemsAt(this.node.path, problems.map((p) => problem('sealed-scope', p)));
  }

  /** Always `true`: this construct writes the Secret. */
  public get writesSecret(): boolean {
    return true;
  }

  /**
   * This construct as a cdk8s-plus `ISecret` (it is one, and carries its namespace), e.g. for
   * `EnvValue.fromSecretValue` or a Deployment's volumes.
   */
  public get secret(): kplus.ISecret {
    return this;
  }

  /** `secrets`, the Kubernetes resource type (cdk8s-plus `IApiResource`). */
  public get resourceType(): string {
    return 'secrets';
  }

  /** The Secret's name (cdk8s-plus `IApiResource`). */
  public get resourceName(): string | undefined {
    return this.secretName;
  }

  /**
   * An environment variable value from one key of this Secret (`valueFrom.secretKeyRef`).
   *
   * @param key the Secret's key
   * @param options whether the variable is optional
   */
  public envValue(key: string, options?: kplus.EnvValueFromSecretOptions): kplus.EnvValue {
    return kplus.EnvValue.fromSecretValue({ secret: this, key }, options);
  }
}

// Printing a credentials construct shows what it is, never the Secret data it holds.
inspectAs(CredentialsSecret.prototype, (self: CredentialsSecret) =>
  `${self.constructor.name}(path: ${quote(self.node.path)}, secret: ${quote(self.secretName)}, namespace: ${self.namespace === undefined ? 'none' : quote(self.namespace)}, data: <redacted>)`);

/**
 * Credentials in a Secret that exists in the cluster: nothing is written but the PodDefaults.
 * Returned by the `fromExistingSecret()` factories.
 */
export class ExistingSecretCredentials extends Construct implements IFileCredentials, IEnvCredentials, ICheckedConstruct, kplus.ISecret {
  public readonly secretName: string;
  public readonly namespace?: string;
  public readonly keys: string[];
  public readonly key: string;
  public readonly writesSecret = false;
  private readonly given: string | kplus.ISecret;
  private readonly file?: FileDefaults;
  private readonly keysKnown: boolean;

  /**
   * @param file the guide's defaults for file-mounted credentials; `undefined` for environment variables
   */
  public constructor(scope: Construct, id: string, secret: string | kplus.ISecret, options: ExistingSecretOptions, file?: FileDefaults) {
    const name = secretNameOf(secret);
    const declared = [...(options.keys ?? []), ...(options.key ? [options.key] : [])];
    throwIfProblemsAt(childPath(scope, id), checkExistingSecret(name, { ...options, keys: declared }));
    super(scope, id);
    this.secretName = name;
    this.given = secret;
    this.file = file;
    this.namespace = options.namespace ?? Chart.of(this).namespace;
    this.key = options.key ?? file?.fileName ?? '';
    const keys = options.keys ?? (file ? [this.key] : undefined);
    this.keys = [...(keys ?? [])];
    this.keysKnown = keys !== undefined;
    PodDefaultChecks.of(this);
  }

  /**
   * The existing Secret, for the checks, when its keys are known.
   * @internal
   */
  public _checkedObjects(): CheckedObject[] {
    if (!this.keysKnown) {
      return [];
    }
    const data = Object.fromEntries(this.keys.map((k) => [k, '']));
    return [{ manifest: { apiVersion: 'v1', kind: 'Secret', metadata: { name: this.secretName, namespace: this.namespace }, data }, existing: true }];
  }

  /** The Secret as given, or this construct (an `ISecret` that carries the namespace). */
  public get secret(): kplus.ISecret {
    return typeof this.given === 'string' ? this : this.given;
  }

  /** The Secret's name (cdk8s-plus `IResource`). */
  public get name(): string {
    return this.secretName;
  }

  /** `v1` (cdk8s-plus `IResource`). */
  public get apiVersion(): string {
    return 'v1';
  }

  /** `Secret` (cdk8s-plus `IResource`). */
  public get kind(): string {
    return 'Secret';
  }

  /** The core API group, `""` (cdk8s-plus `IApiResource`). */
  public get apiGroup(): string {
    return '';
  }

  /** `secrets` (cdk8s-plus `IApiResource`). */
  public get resourceType(): string {
    return 'secrets';
  }

  /** The Secret's name (cdk8s-plus `IApiResource`). */
  public get resourceName(): string | undefined {
    return this.secretName;
  }

  /**
   * An environment variable value from one key of this Secret (`valueFrom.secretKeyRef`).
   *
   * @param key the Secret's key
   * @param options whether the variable is optional
   */
  public envValue(key: string, options?: kplus.EnvValueFromSecretOptions): kplus.EnvValue {
    return kplus.EnvValue.fromSecretValue({ secret: this, key }, options);
  }

  public addPodDefault(options: FilePodDefaultOptions & EnvPodDefaultOptions = {}): NotebookPodDefault {
    return this.file
      ? addFilePodDefault(this, this.given, this.key, this.file, options)
      : addEnvPodDefault(this, this.given, options);
  }
}

inspectAs(ExistingSecretCredentials.prototype, (self: ExistingSecretCredentials) =>
  `ExistingSecretCredentials(path: ${quote(self.node.path)}, secret: ${quote(self.secretName)})`);
