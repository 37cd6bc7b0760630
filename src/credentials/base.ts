import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { throwIfProblems } from '../errors';
import { NotebookPodDefault, SecretVolumeItem } from '../pod-default';
import { inspectAs } from '../redact';
import { quote } from '../rules/text';
import { secretNameOf } from '../secret-ref';
import {
  checkExistingSecret, checkSecretData, CredentialsSecretOptions, ExistingSecretOptions, referenceSecret, SecretState, writeSecret,
} from './secret';

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
}

/**
 * Options for the PodDefault of file-mounted credentials (`DockerCredentials`, `AwsFileCredentials`).
 */
export interface FilePodDefaultOptions extends CredentialsPodDefaultOptions {
  /**
   * The volume's name.
   *
   * @default - the Kaptain guide's volume name for these credentials
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

/** The guide's defaults for one kind of file-mounted credentials. */
export interface FileDefaults {
  readonly name: string;
  readonly desc: string;
  readonly volumeName: string;
  readonly mountPath: string;
  /** The file name the consumer reads (`config.json`, `credentials`). */
  readonly fileName: string;
}

/**
 * What `DockerCredentials`, `AwsFileCredentials` and `AwsEnvConfiguration` have in common: a
 * Secret in a profile namespace, either written by the construct or referenced (one that exists
 * in the cluster), and PodDefaults that offer it to notebooks.
 */
export abstract class NotebookCredentials extends Construct {
  private state?: SecretState;
  private given?: kplus.ISecret;
  private reference?: kplus.ISecret;
  private readonly podDefaultNames = new Set<string>();

  protected constructor(scope: Construct, id: string) {
    super(scope, id);
  }

  /** The Secret's name. */
  public get secretName(): string {
    return this.secretState.name;
  }

  /** The Secret's namespace, or `undefined` when neither the props nor the chart set one. */
  public get namespace(): string | undefined {
    return this.secretState.namespace;
  }

  /** Whether this construct writes the Secret (`false` when it references an existing one). */
  public get writesSecret(): boolean {
    return this.secretState.emitted;
  }

  /** The Secret's keys, when known (always, when this construct writes it). */
  public get keys(): string[] {
    return [...this.secretState.keys];
  }

  /** The Secret as a cdk8s-plus-27 `ISecret`, e.g. for `EnvValue.fromSecretValue` or a Deployment's volumes. */
  public get secret(): kplus.ISecret {
    if (this.given) {
      return this.given;
    }
    if (!this.reference) {
      this.reference = kplus.Secret.fromSecretName(this, 'SecretRef', this.secretName);
    }
    return this.reference;
  }

  /**
   * The Secret as `NotebookPodDefault` takes it: the given `ISecret`, or the name.
   * @internal
   */
  protected _secretRef(): string | kplus.ISecret {
    return this.given ?? this.secretName;
  }

  /**
   * Writes the Secret with `data`, after checking it, or throws every problem found.
   * @internal
   */
  protected _writeSecret(
    options: CredentialsSecretOptions, defaultName: string, data: ReadonlyMap<string, Uint8Array>, problems: ReadonlyArray<string | undefined>,
  ): void {
    const name = options.name ?? defaultName;
    throwIfProblems(this, [...problems, ...checkSecretData(name, options.namespace, data)]);
    this.state = writeSecret(this, { name, namespace: options.namespace, immutable: options.immutable, data });
  }

  /**
   * References a Secret that exists in the cluster, after checking the reference, or throws.
   * `written` holds the options that only make sense for a Secret this construct writes.
   * @internal
   */
  protected _referenceSecret(
    existing: string | kplus.ISecret, options: ExistingSecretOptions, written: CredentialsSecretOptions, problems: ReadonlyArray<string | undefined>,
  ): void {
    const name = secretNameOf(existing);
    throwIfProblems(this, [
      ...problems,
      written.name !== undefined || written.immutable !== undefined
        ? 'name and immutable describe a Secret this construct writes; with existingSecret there is none'
        : undefined,
      ...checkExistingSecret(name, options),
    ]);
    this.state = referenceSecret(this, name, options);
    this.given = typeof existing === 'string' ? undefined : existing;
  }

  /**
   * Creates a PodDefault in the Secret's namespace. The first one without a name gets the id
   * `PodDefault`, others `PodDefault-<name>`.
   * @internal
   */
  protected _newPodDefault(options: CredentialsPodDefaultOptions, defaultName: string, defaultDesc: string): NotebookPodDefault {
    const name = options.name ?? defaultName;
    if (this.podDefaultNames.has(name)) {
      throw new Error(`[${this.node.path}] addPodDefault() already added a PodDefault named ${quote(name)} (pass another name for each additional PodDefault)`);
    }
    const id = this.podDefaultNames.size === 0 ? 'PodDefault' : `PodDefault-${name}`;
    this.podDefaultNames.add(name);
    return new NotebookPodDefault(this, id, {
      name,
      namespace: this.namespace,
      desc: options.desc ?? defaultDesc,
      selectorLabel: options.selectorLabel,
    });
  }

  /**
   * A PodDefault that mounts the Secret's file at the consumer's path. A key other than the
   * file name is projected under the file name.
   * @internal
   */
  protected _addFilePodDefault(options: FilePodDefaultOptions, defaults: FileDefaults, key: string): NotebookPodDefault {
    const podDefault = this._newPodDefault(options, defaults.name, defaults.desc);
    const items: SecretVolumeItem[] | undefined = key === defaults.fileName ? undefined : [{ key, path: defaults.fileName }];
    podDefault.addSecretVolume({
      secretName: this._secretRef(),
      volumeName: options.volumeName ?? defaults.volumeName,
      mountPath: options.mountPath ?? defaults.mountPath,
      items,
    });
    return podDefault;
  }

  private get secretState(): SecretState {
    if (!this.state) {
      throw new Error(`[${this.node.path}] the Secret is not set up yet`);
    }
    return this.state;
  }
}

// Printing a credentials construct shows what it is, never the Secret data it holds.
inspectAs(NotebookCredentials.prototype, (self: NotebookCredentials) =>
  `${self.constructor.name}(path: ${quote(self.node.path)}, secret: ${quote(self.secretName)}, namespace: ${self.namespace === undefined ? 'none' : quote(self.namespace)}, data: <redacted>)`);
