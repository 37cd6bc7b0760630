import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { CaBundle, CaBundleMountOptions, ICaBundle } from './ca-bundle';
import { AwsEnvConfiguration } from './credentials/aws-env-configuration';
import { AwsFileCredentials } from './credentials/aws-file';
import { AwsKeylessCredentials, isKeylessKind, trustPolicyFor } from './credentials/aws-keyless';
import { FilePodDefaultOptions, IFileCredentials, INotebookCredentials } from './credentials/base';
import { DockerCredentials } from './credentials/docker';
import { DockerRegistryCertificate } from './credentials/registry-certificate';
import { throwIfProblems } from './errors';
import { SecretOutput } from './output';
import { addLauncherConfig, PipelineLauncherConfig, PipelineLauncherOptions, s3LauncherProvider } from './pipelines';
import { NotebookPodDefault } from './pod-default';
import { Config } from './providers/config';
import { settingsOf, StorageConfigurationKind } from './providers/s3-provider';
import { inspectAs } from './redact';
import { checkNamespace } from './rules/names';
import { quote } from './rules/text';
import { secretNameOf } from './secret-ref';
import { CaCertificates } from './sources/ca-certificates';

/**
 * How one configuration (Docker, or storage) is offered in each namespace.
 */
export interface NotebookAccessOptions {
  /**
   * Offer this configuration at all.
   *
   * @default true
   */
  readonly offer?: boolean;

  /**
   * The Secret's name.
   *
   * @default - the Kaptain guide's (`docker-secret`, `aws-credentials`, `aws-configuration`)
   */
  readonly secretName?: string;

  /**
   * Write the Secrets immutable.
   *
   * @default - not emitted
   */
  readonly immutable?: boolean;

  /**
   * Where the Secrets go: plain Secrets, or SealedSecrets (`SecretOutput.sealed(...)`).
   *
   * @default SecretOutput.plain()
   */
  readonly output?: SecretOutput;

  /**
   * Reference a Secret of this name that exists in every namespace (External Secrets, Sealed
   * Secrets) instead of writing one: only PodDefaults are synthesized. A cdk8s-plus-27 `ISecret`
   * stands for its name.
   *
   * @default - the Secret is written from the Config's provider
   */
  readonly existingSecret?: string | kplus.ISecret;

  /**
   * With `existingSecret`: the keys it holds, for the conflict checks (for file-mounted
   * credentials, the key holding the file).
   *
   * @default - for file-mounted credentials the file name; otherwise unknown
   */
  readonly existingSecretKeys?: string[];

  /**
   * The PodDefault's name.
   *
   * @default - the Kaptain guide's
   */
  readonly podDefaultName?: string;

  /**
   * The text the spawner shows.
   *
   * @default - the Kaptain guide's
   */
  readonly desc?: string;

  /**
   * The selector label key.
   *
   * @default - the PodDefault's name
   */
  readonly selectorLabel?: string;

  /**
   * For file-mounted credentials: the volume name.
   *
   * @default - the Kaptain guide's
   */
  readonly volumeName?: string;

  /**
   * For file-mounted credentials: the mount path (e.g. under `/home/jovyan` for stock images).
   *
   * @default - the Kaptain guide's (`/home/kubeflow/.docker/`, `/home/kubeflow/.aws/`)
   */
  readonly mountPath?: string;

  /**
   * For environment variables: a prefix for every variable.
   *
   * @default - none
   */
  readonly prefix?: string;
}

/**
 * How the registry certificate of a `Config` (`dockerRegistryCertificateProvider`) is offered in
 * each namespace.
 */
export interface RegistryCertificateAccessOptions extends NotebookAccessOptions {
  /**
   * Offer the certificate in the Kaptain docs' "Private Docker Registry" PodDefault
   * (`notebook-configuration`), which mounts the Docker config and the certificate together,
   * instead of a PodDefault of its own (`docker-registry-certificate`). The Docker configuration
   * must be offered.
   *
   * @default false
   */
  readonly privateRegistryPodDefault?: boolean;
}

/**
 * A CA bundle in every namespace: written from `certificates`, or a ConfigMap that exists in each.
 */
export interface NotebookCaBundleOptions extends CaBundleMountOptions {
  /**
   * The private CA certificates, written into a ConfigMap of every namespace.
   *
   * @default - none; give `existingConfigMap` instead
   */
  readonly certificates?: CaCertificates;

  /**
   * A ConfigMap that exists in every namespace (`kube-root-ca.crt`, a trust-manager bundle's target).
   *
   * @default - none; give `certificates` instead
   */
  readonly existingConfigMap?: string;

  /**
   * The key that holds the bundle.
   *
   * @default 'ca.crt'
   */
  readonly key?: string;

  /**
   * The name of the ConfigMap written from `certificates`.
   *
   * @default 'ca-bundle'
   */
  readonly configMapName?: string;

  /**
   * With `certificates`: append the public root CAs that Node.js ships (see `CaBundleProps`).
   *
   * @default true
   */
  readonly appendNodeRootCertificates?: boolean;

  /**
   * With `existingConfigMap`: whether it holds the public root CAs too.
   *
   * @default false
   */
  readonly includesSystemRoots?: boolean;

  /**
   * Mount the bundle in the storage PodDefault (one box gives the object store and its CA)
   * instead of a PodDefault of its own. The storage configuration must be offered.
   *
   * @default false
   */
  readonly inStoragePodDefault?: boolean;

  /**
   * The name of the bundle's own PodDefault.
   *
   * @default 'ca-bundle'
   */
  readonly podDefaultName?: string;

  /**
   * The text the spawner shows for the bundle's own PodDefault.
   *
   * @default 'Add CA certificates for private endpoints'
   */
  readonly desc?: string;

  /**
   * The selector label of the bundle's own PodDefault.
   *
   * @default - the PodDefault's name
   */
  readonly selectorLabel?: string;
}

/**
 * Properties of `NotebookAccess`.
 */
export interface NotebookAccessProps {
  /** Where the credentials come from. */
  readonly config: Config;

  /**
   * The profile namespaces to give access to; more can be added with `addNamespace()`.
   *
   * @default - none yet
   */
  readonly namespaces?: string[];

  /**
   * How the Docker configuration is offered.
   *
   * @default - the Kaptain guide's Secret `docker-secret` and PodDefault `docker-config`
   */
  readonly docker?: NotebookAccessOptions;

  /**
   * How the storage configuration is offered: a credentials-file provider is mounted
   * (`aws-credentials`), an environment or MinIO provider is injected with `envFrom`
   * (`aws-configuration`).
   *
   * @default - the Kaptain guide's names for the provider's kind
   */
  readonly storage?: NotebookAccessOptions;

  /**
   * How the Config's registry certificate is offered.
   *
   * @default - when the Config has a `dockerRegistryCertificateProvider`: the Secret
   * `docker-registry-certificate` and the PodDefault `docker-registry-certificate` in every namespace
   */
  readonly registryCertificate?: RegistryCertificateAccessOptions;

  /**
   * A CA bundle for the notebooks' clients (object stores, pipelines endpoints behind a private CA).
   *
   * @default - none
   */
  readonly caBundle?: NotebookCaBundleOptions;

  /**
   * Send the artifacts of pipeline runs to the notebooks' store too: the Kubeflow Pipelines v2
   * launcher's ConfigMap `kfp-launcher` in every namespace, with the storage provider's endpoint,
   * region and Secret (or `fromEnv` for keyless credentials).
   *
   * @default - none: v2 runs use the in-cluster default store
   */
  readonly pipelines?: PipelineLauncherOptions;
}

/**
 * Properties of `NamespaceAccess`.
 */
export interface NamespaceAccessProps {
  /** The profile namespace. */
  readonly namespace: string;

  /** Where the credentials come from. */
  readonly config: Config;

  /**
   * How the Docker configuration is offered.
   *
   * @default - the Kaptain guide's
   */
  readonly docker?: NotebookAccessOptions;

  /**
   * How the storage configuration is offered.
   *
   * @default - the Kaptain guide's
   */
  readonly storage?: NotebookAccessOptions;

  /**
   * How the Config's registry certificate is offered.
   *
   * @default - when the Config has one: the Secret and PodDefault `docker-registry-certificate`
   */
  readonly registryCertificate?: RegistryCertificateAccessOptions;

  /**
   * A CA bundle for the notebooks' clients.
   *
   * @default - none
   */
  readonly caBundle?: NotebookCaBundleOptions;

  /**
   * The pipeline launcher's configuration, with the storage provider's store.
   *
   * @default - none
   */
  readonly pipelines?: PipelineLauncherOptions;
}

/**
 * The credentials and PodDefaults of one namespace, as `NotebookAccess.addNamespace()` adds them.
 */
export class NamespaceAccess extends Construct {
  /** The profile namespace. */
  public readonly namespace: string;

  /** The Docker credentials, unless not offered. */
  public readonly docker?: IFileCredentials;

  /** The storage credentials (`AwsFileCredentials` or `AwsEnvConfiguration`), unless not offered. */
  public readonly storage?: INotebookCredentials;

  /** The registry certificate, when the Config has one (or an existing Secret is given). */
  public readonly registryCertificate?: IFileCredentials;

  /** The keyless AWS credentials, when the storage provider is keyless (`fromWebIdentity`, `fromPodIdentity`). */
  public readonly keyless?: AwsKeylessCredentials;

  /** The CA bundle, when one is given. */
  public readonly caBundle?: ICaBundle;

  /** The PodDefaults offered in this namespace. */
  public readonly podDefaults: NotebookPodDefault[];

  /** The pipeline launcher's configuration, when `pipelines` is given. */
  public readonly pipelineLauncher?: PipelineLauncherConfig;

  /**
   * @param scope the construct this one belongs to: a `Chart` (whose namespace is the default one) or a construct in one
   * @param id the construct's id, unique among its scope's children; error messages name the construct by its path
   * @param props the namespace and the credentials offered in it
   */
  public constructor(scope: Construct, id: string, props: NamespaceAccessProps) {
    super(scope, id);
    const namespace = props.namespace;
    const config = props.config;
    this.namespace = namespace;
    throwIfProblems(this, [checkNamespace(namespace), ...accessOptionsProblems(props)]);
    const offered = offerConfigurations(this, namespace, config, props.docker ?? {}, props.storage ?? {}, props.registryCertificate ?? {});
    this.docker = offered.docker;
    this.storage = offered.storage;
    this.registryCertificate = offered.certificate;
    this.keyless = offered.keyless;
    this.podDefaults = offered.podDefaults;
    if (props.pipelines !== undefined) {
      this.pipelineLauncher = pipelineLauncherOf(this, config, offered, props.pipelines);
    }
    // A CA bundle read from AWS_CA_BUNDLE by the storage provider goes into the storage PodDefault.
    const read = config.storageConfigProvider.caCertificates;
    const ca: NotebookCaBundleOptions | undefined = props.caBundle
      ?? (read !== undefined && (props.storage?.offer ?? true) ? { certificates: read, inStoragePodDefault: true } : undefined);
    if (ca !== undefined) {
      this.caBundle = ca.certificates !== undefined
        ? new CaBundle(this, 'CaBundle', {
          certificates: ca.certificates, namespace, key: ca.key, name: ca.configMapName, appendNodeRootCertificates: ca.appendNodeRootCertificates,
        })
        : CaBundle.fromExistingConfigMap(this, 'CaBundle', ca.existingConfigMap!, { namespace, key: ca.key, includesSystemRoots: ca.includesSystemRoots });
      const mount = { mountPath: ca.mountPath, volumeName: ca.volumeName, variables: ca.variables };
      if (ca.inStoragePodDefault) {
        this.caBundle.mountInto(offered.storagePodDefault!, mount);
      } else {
        this.podDefaults.push(this.caBundle.addPodDefault({ ...mount, name: ca.podDefaultName, desc: ca.desc, selectorLabel: ca.selectorLabel }));
      }
    }
  }
}

/** What `offerConfigurations` adds. */
export interface OfferedConfigurations {
  readonly docker?: IFileCredentials;
  readonly storage?: INotebookCredentials;
  readonly certificate?: IFileCredentials;
  readonly keyless?: AwsKeylessCredentials;
  readonly storagePodDefault?: NotebookPodDefault;
  readonly podDefaults: NotebookPodDefault[];
}

/**
 * The Docker and storage credentials of a Config and their PodDefaults, as children `Docker` and
 * `Storage` of `scope`, in `namespace` (the chart's when undefined).
 */
export function offerConfigurations(
  scope: Construct, namespace: string | undefined, config: Config, docker: NotebookAccessOptions, storage: NotebookAccessOptions,
  certificate: RegistryCertificateAccessOptions = {},
): OfferedConfigurations {
  const podDefaults: NotebookPodDefault[] = [];
  let dockerCredentials: IFileCredentials | undefined;
  let storageCredentials: INotebookCredentials | undefined;
  let certificateCredentials: IFileCredentials | undefined;
  let keylessCredentials: AwsKeylessCredentials | undefined;
  let storagePodDefault: NotebookPodDefault | undefined;
  if (docker.offer ?? true) {
    if (docker.existingSecret === undefined) {
      // The registry URL is checked against the credentials once they are read.
      config._checkRegistry();
    }
    dockerCredentials = docker.existingSecret !== undefined
      ? DockerCredentials.fromExistingSecret(scope, 'Docker', docker.existingSecret, { namespace, key: docker.existingSecretKeys?.[0] })
      : DockerCredentials.fromProvider(scope, 'Docker', config.dockerConfigProvider, { namespace, name: docker.secretName, immutable: docker.immutable, output: docker.output });
    podDefaults.push(dockerCredentials.addPodDefault(fileOptions(docker)));
  }
  if ((certificate.offer ?? true) && (config.dockerRegistryCertificateProvider !== undefined || certificate.existingSecret !== undefined)) {
    certificateCredentials = certificate.existingSecret !== undefined
      ? DockerRegistryCertificate.fromExistingSecret(scope, 'RegistryCertificate', certificate.existingSecret, { namespace, key: certificate.existingSecretKeys?.[0] })
      : DockerRegistryCertificate.fromProvider(scope, 'RegistryCertificate', config.dockerRegistryCertificateProvider!, {
        namespace, name: certificate.secretName, immutable: certificate.immutable, output: certificate.output,
      });
    podDefaults.push(certificate.privateRegistryPodDefault
      ? DockerRegistryCertificate.privateRegistryPodDefault(scope, 'PrivateRegistry', dockerCredentials!, certificateCredentials, {
        name: certificate.podDefaultName,
        desc: certificate.desc,
        selectorLabel: certificate.selectorLabel,
        dockerMountPath: docker.mountPath,
        certificateMountPath: certificate.mountPath,
      })
      : certificateCredentials.addPodDefault(fileOptions(certificate)));
  }
  if (storage.offer ?? true) {
    const provider = config.storageConfigProvider;
    if (isKeylessKind(provider.kind)) {
      keylessCredentials = AwsKeylessCredentials.fromProvider(scope, 'Storage', provider, namespace);
      storagePodDefault = keylessCredentials.addPodDefault({
        name: storage.podDefaultName, desc: storage.desc, selectorLabel: storage.selectorLabel,
      });
    } else if (provider.kind === StorageConfigurationKind.CREDENTIALS_FILE) {
      const file = storage.existingSecret !== undefined
        ? AwsFileCredentials.fromExistingSecret(scope, 'Storage', storage.existingSecret, { namespace, key: storage.existingSecretKeys?.[0] })
        : AwsFileCredentials.fromProvider(scope, 'Storage', provider, { namespace, name: storage.secretName, immutable: storage.immutable, output: storage.output });
      storageCredentials = file;
      storagePodDefault = file.addPodDefault(fileOptions(storage));
    } else {
      const env = storage.existingSecret !== undefined
        ? AwsEnvConfiguration.fromExistingSecret(scope, 'Storage', storage.existingSecret, { namespace, keys: storage.existingSecretKeys })
        : AwsEnvConfiguration.fromProvider(scope, 'Storage', provider, { namespace, name: storage.secretName, immutable: storage.immutable, output: storage.output });
      storageCredentials = env;
      storagePodDefault = env.addPodDefault({
        name: storage.podDefaultName, desc: storage.desc, selectorLabel: storage.selectorLabel, prefix: storage.prefix,
      });
    }
    podDefaults.push(storagePodDefault);
  }
  return {
    docker: dockerCredentials,
    storage: storageCredentials,
    certificate: certificateCredentials,
    keyless: keylessCredentials,
    storagePodDefault,
    podDefaults,
  };
}

/** The launcher configuration of a namespace's storage: its store, and its Secret's keys (or the step's environment). */
function pipelineLauncherOf(
  scope: NamespaceAccess, config: Config, offered: OfferedConfigurations, options: PipelineLauncherOptions,
): PipelineLauncherConfig {
  if (offered.keyless !== undefined) {
    return offered.keyless.addPipelineLauncherConfig(options);
  }
  const settings = settingsOf(config.storageConfigProvider);
  const fromSecret = settings.credentialsFromSecret;
  const secretRef = fromSecret !== undefined
    ? { secretName: secretNameOf(fromSecret.secretName), accessKeyKey: fromSecret.accessKeyIdKey, secretKeyKey: fromSecret.secretAccessKeyKey }
    : { secretName: offered.storage!.secretName, accessKeyKey: 'AWS_ACCESS_KEY_ID', secretKeyKey: 'AWS_SECRET_ACCESS_KEY' };
  return addLauncherConfig(scope, options, ['s3', 'minio'], (scheme) => s3LauncherProvider(scheme as 's3' | 'minio', settings, secretRef));
}

/** The options of `NotebookAccess` and `NamespaceAccess` that contradict each other or the Config. */
function accessOptionsProblems(props: NamespaceAccessProps | NotebookAccessProps): Array<string | undefined> {
  const docker = props.docker ?? {};
  const storage = props.storage ?? {};
  const certificate = props.registryCertificate ?? {};
  const ca = props.caBundle;
  const writtenOnly = (what: string, o: NotebookAccessOptions) =>
    o.existingSecret !== undefined && (o.secretName !== undefined || o.immutable !== undefined)
      ? `${what}.secretName and ${what}.immutable describe a Secret NotebookAccess writes; with ${what}.existingSecret (${quote(secretNameOf(o.existingSecret))}) there is none`
      : undefined;
  const hasCertificate = props.config?.dockerRegistryCertificateProvider !== undefined || certificate.existingSecret !== undefined;
  return [
    writtenOnly('docker', docker),
    writtenOnly('storage', storage),
    writtenOnly('registryCertificate', certificate),
    certificate.offer === true && !hasCertificate
      ? 'registryCertificate.offer is true, but the Config has no dockerRegistryCertificateProvider and no registryCertificate.existingSecret is given'
      : undefined,
    certificate.privateRegistryPodDefault && hasCertificate && !(docker.offer ?? true)
      ? 'registryCertificate.privateRegistryPodDefault mounts the Docker config with the certificate, but docker.offer is false'
      : undefined,
    ca !== undefined && (ca.certificates === undefined) === (ca.existingConfigMap === undefined)
      ? 'caBundle needs exactly one of certificates (a ConfigMap written in every namespace) and existingConfigMap'
      : undefined,
    ca?.certificates !== undefined && !(ca.certificates instanceof CaCertificates) ? 'caBundle.certificates must be CaCertificates (CaCertificates.fromFile)' : undefined,
    ca?.inStoragePodDefault && !(storage.offer ?? true) ? 'caBundle.inStoragePodDefault mounts the bundle in the storage PodDefault, but storage.offer is false' : undefined,
    props.config !== undefined && isKeylessKind(props.config.storageConfigProvider.kind)
      && (storage.existingSecret !== undefined || storage.secretName !== undefined || storage.output !== undefined || storage.immutable !== undefined)
      ? `the storage provider is keyless (${props.config.storageConfigProvider.kind}): no Secret is written or referenced, so storage.existingSecret, secretName, output and immutable do not apply`
      : undefined,
    props.pipelines !== undefined && !(storage.offer ?? true) ? 'pipelines sends runs to the storage configuration\'s store, but storage.offer is false' : undefined,
    props.pipelines !== undefined && props.config?.storageConfigProvider.kind === StorageConfigurationKind.CREDENTIALS_FILE
      ? 'pipelines needs the access key and secret key as two keys of a Secret, and a credentials-file provider mounts one file: use S3ConfigurationProvider.fromEnv (or write PipelineLauncherConfig with a Secret of your own)'
      : undefined,
  ];
}

function fileOptions(options: NotebookAccessOptions): FilePodDefaultOptions {
  return {
    name: options.podDefaultName,
    desc: options.desc,
    selectorLabel: options.selectorLabel,
    volumeName: options.volumeName,
    mountPath: options.mountPath,
  };
}

/**
 * A `Config` stamped over profile namespaces: in each, the Docker Secret and PodDefault and the
 * storage Secret and PodDefault, with the Kaptain guide's defaults. It is a plain construct, so
 * it composes into any chart, and every PodDefault takes part in the namespace-wide conflict
 * checks with the rest of the App.
 *
 * @example
 * const access = new NotebookAccess(chart, 'Access', {
 *   config: new Config({
 *     dockerConfigProvider: DockerConfigurationProvider.fromFile('config.json'),
 *     storageConfigProvider: S3ConfigurationProvider.fromEnv(),
 *   }),
 *   namespaces: ['team-a', 'team-b'],
 * });
 * access.addNamespace('team-c');
 */
export class NotebookAccess extends Construct {
  /** The Config the credentials come from. */
  public readonly config: Config;

  private readonly props: NotebookAccessProps;
  private readonly byNamespace = new Map<string, NamespaceAccess>();

  /**
   * @param scope the construct this one belongs to: a `Chart` (whose namespace is the default one) or a construct in one
   * @param id the construct's id, unique among its scope's children; error messages name the construct by its path
   * @param props the Config, the namespaces and what to offer in each
   */
  public constructor(scope: Construct, id: string, props: NotebookAccessProps) {
    super(scope, id);
    if (!(props?.config instanceof Config)) {
      throw new Error(`[${this.node.path}] config is required (a Config)`);
    }
    this.config = props.config;
    this.props = props;
    const docker = props.docker ?? {};
    const storage = props.storage ?? {};
    throwIfProblems(this, [
      ...accessOptionsProblems(props),
      (docker.offer ?? true) || (storage.offer ?? true) ? undefined : 'docker.offer and storage.offer are both false: nothing to offer',
    ]);
    for (const namespace of props.namespaces ?? []) {
      this.addNamespace(namespace);
    }
  }

  /** The namespaces given access, in the order they were added. */
  public get namespaces(): string[] {
    return [...this.byNamespace.keys()];
  }

  /**
   * Gives one more profile namespace access.
   *
   * @returns the namespace's credentials and PodDefaults
   * @param namespace the profile namespace (a DNS-1123 label)
   */
  public addNamespace(namespace: string): NamespaceAccess {
    throwIfProblems(this, [
      checkNamespace(namespace),
      this.byNamespace.has(namespace) ? `namespace ${quote(namespace)} is already given access` : undefined,
    ]);
    const access = new NamespaceAccess(this, namespace, {
      namespace,
      config: this.config,
      docker: this.props.docker,
      storage: this.props.storage,
      registryCertificate: this.props.registryCertificate,
      caBundle: this.props.caBundle,
      pipelines: this.props.pipelines,
    });
    this.byNamespace.set(namespace, access);
    return access;
  }

  /**
   * The trust policy of the role of a web-identity storage provider
   * (`S3ConfigurationProvider.fromWebIdentity`): one statement per namespace given access, for its
   * notebooks' service account, from the cluster's OIDC provider (audience `sts.amazonaws.com`).
   * JSON to write beside the manifests, e.g. `fs.writeFileSync('dist/trust-policy.json', ...)`,
   * then `aws iam update-assume-role-policy --role-name <role> --policy-document file://dist/trust-policy.json`.
   * For EKS Pod Identity, the fixed policy of the service `pods.eks.amazonaws.com`.
   *
   * @param oidcProviderArn the cluster's IAM OIDC provider (`arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE`); unused for EKS Pod Identity
   * @param serviceAccount the service account notebooks run as (Kubeflow profiles: `default-editor`)
   */
  public webIdentityTrustPolicy(oidcProviderArn: string, serviceAccount: string = 'default-editor'): string {
    const keyless = [...this.byNamespace.values()].map((a) => a.keyless).find((k) => k !== undefined);
    if (keyless === undefined) {
      throwIfProblems(this, [`the storage provider is not keyless (${this.config.storageConfigProvider.kind}), or no namespace is given access: no role to trust (use S3ConfigurationProvider.fromWebIdentity)`]);
    }
    return trustPolicyFor(this.node.path, keyless!.method, oidcProviderArn, this.namespaces, serviceAccount);
  }

  /**
   * The credentials and PodDefaults of a namespace, if it was given access.
   *
   * @param namespace the profile namespace (a DNS-1123 label)
   */
  public forNamespace(namespace: string): NamespaceAccess | undefined {
    return this.byNamespace.get(namespace);
  }
}

// Printing NotebookAccess shows the Config (itself redacted) and the namespaces, never Secret data.
inspectAs(NotebookAccess.prototype, (self: NotebookAccess) =>
  `NotebookAccess(path: ${quote(self.node.path)}, config: ${self.config}, namespaces: [${self.namespaces.map(quote).join(', ')}])`);
inspectAs(NamespaceAccess.prototype, (self: NamespaceAccess) => `NamespaceAccess(path: ${quote(self.node.path)}, namespace: ${quote(self.namespace)})`);
