import { ApiObject, Chart, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct, IConstruct } from 'constructs';
import { CheckedObject, ICheckedConstruct, PodDefaultChecks } from './checks/app-checks';
import { newPodDefault } from './credentials/base';
import { problem, Problem } from './engine/rule-ids';
import { childPath, throwIfProblemsAt } from './errors';
import { NotebookPodDefault } from './pod-default';
import { inspectAs } from './redact';
import { checkDnsSubdomain, checkNamespace, checkSecretDataKey } from './rules/names';
import { checkMountPath } from './rules/paths';
import { quote } from './rules/text';
import { CaCertificates } from './sources/ca-certificates';

/**
 * The variables that notebook clients read a CA bundle file from.
 */
export enum CaBundleVariable {
  /** botocore (boto3, the AWS CLI) and the AWS SDKs: replaces their trust store for AWS and S3 endpoints. */
  AWS_CA_BUNDLE = 'AWS_CA_BUNDLE',
  /** Python requests: replaces its trust store (certifi). */
  REQUESTS_CA_BUNDLE = 'REQUESTS_CA_BUNDLE',
  /** OpenSSL, so Python's `ssl`, urllib and curl: replaces the system trust store. */
  SSL_CERT_FILE = 'SSL_CERT_FILE',
  /** pip: replaces its trust store. */
  PIP_CERT = 'PIP_CERT',
  /** git over HTTPS: replaces its trust store. */
  GIT_SSL_CAINFO = 'GIT_SSL_CAINFO',
  /** Node.js: adds to its built-in roots. */
  NODE_EXTRA_CA_CERTS = 'NODE_EXTRA_CA_CERTS',
  /** The Kubeflow Pipelines client (`kfp.Client`): the CA of the pipelines API endpoint. */
  KF_PIPELINES_SSL_SA_CERTS = 'KF_PIPELINES_SSL_SA_CERTS',
}

/** Every variable, in the enum's order. */
const ALL_VARIABLES = Object.values(CaBundleVariable);
/** The variables that do not replace a trust store that public endpoints need (pip, git, requests, OpenSSL). */
const NARROW_VARIABLES = [CaBundleVariable.AWS_CA_BUNDLE, CaBundleVariable.NODE_EXTRA_CA_CERTS, CaBundleVariable.KF_PIPELINES_SSL_SA_CERTS];

/** The defaults of a CA bundle and its PodDefault. */
const CA_BUNDLE_DEFAULTS = {
  configMapName: 'ca-bundle',
  key: 'ca.crt',
  mountPath: '/etc/ssl/kubeflow-ca/',
  podDefaultName: 'ca-bundle',
  desc: 'Add CA certificates for private endpoints',
};

/**
 * How a CA bundle is mounted into a PodDefault.
 */
export interface CaBundleMountOptions {
  /**
   * The directory the bundle's file appears in (the file is `<mountPath>/<key>`). Not under a
   * path another PodDefault mounts (such as `/home/kubeflow/.tls/`).
   *
   * @default '/etc/ssl/kubeflow-ca/'
   */
  readonly mountPath?: string;

  /**
   * The volume's name.
   *
   * @default - `<ConfigMap name>-volume`
   */
  readonly volumeName?: string;

  /**
   * The variables set to the file's path. `SSL_CERT_FILE`, `REQUESTS_CA_BUNDLE`, `PIP_CERT` and
   * `GIT_SSL_CAINFO` replace their readers' trust store: with a bundle of private CAs only,
   * public endpoints (PyPI, GitHub) fail. So they are set by default only for a bundle that holds
   * the public roots too.
   *
   * @default - every variable when the bundle holds public roots (`includesSystemRoots`);
   * otherwise `AWS_CA_BUNDLE`, `NODE_EXTRA_CA_CERTS` and `KF_PIPELINES_SSL_SA_CERTS`
   */
  readonly variables?: CaBundleVariable[];
}

/**
 * Options of a CA bundle's own PodDefault.
 */
export interface CaBundlePodDefaultOptions extends CaBundleMountOptions {
  /**
   * The PodDefault's name.
   *
   * @default 'ca-bundle'
   */
  readonly name?: string;

  /**
   * The text the notebook spawner shows.
   *
   * @default 'Add CA certificates for private endpoints'
   */
  readonly desc?: string;

  /**
   * The label key the spawner sets to `"true"`.
   *
   * @default - the PodDefault's name
   */
  readonly selectorLabel?: string;

  /**
   * The group of alternatives the PodDefault belongs to: two CA bundles set the same variables to
   * different files, which the webhook refuses when both are ticked (see `NotebookPodDefaultProps.alternatives`).
   *
   * @default - not an alternative
   */
  readonly alternatives?: string;
}

/**
 * What `mountInto` added to a PodDefault.
 */
export interface CaBundleMount {
  /** The bundle file's path in the notebook. */
  readonly path: string;
  /** The variables set to it. */
  readonly variables: string[];
  /** The volume's name. */
  readonly volumeName: string;
}

/**
 * A CA bundle in a ConfigMap of a profile namespace, that PodDefaults mount for the clients in
 * notebooks: written by this library (`CaBundle`), or one that exists (`kube-root-ca.crt`, a
 * trust-manager bundle).
 */
export interface ICaBundle extends IConstruct {
  /** The ConfigMap's name. */
  readonly configMapName: string;

  /** The ConfigMap's namespace, or `undefined` when neither the props nor the chart set one. */
  readonly namespace?: string;

  /** The key that holds the PEM bundle. */
  readonly key: string;

  /** Whether the bundle holds the public root CAs too (then it can replace a trust store). */
  readonly includesSystemRoots: boolean;

  /**
   * Mounts the bundle into a PodDefault (of the same namespace) and sets the variables to its
   * file: for a storage or registry PodDefault, one box in the spawner gives both.
   *
   * @param podDefault the PodDefault to mount the bundle in
   * @param options where the file appears and which variables name it; each has a default
   */
  mountInto(podDefault: NotebookPodDefault, options?: CaBundleMountOptions): CaBundleMount;

  /**
   * Adds a PodDefault of its own that mounts the bundle and sets the variables.
   *
   * @param options the PodDefault's name, description, selector, and the mount; each has a default
   */
  addPodDefault(options?: CaBundlePodDefaultOptions): NotebookPodDefault;
}

/**
 * Properties of `CaBundle`.
 */
export interface CaBundleProps {
  /** The private CA certificates (`CaCertificates.fromFile`), in the order given. */
  readonly certificates: CaCertificates;

  /**
   * Append the public root CAs that Node.js ships (Mozilla's store) after the private ones, so
   * that the bundle can replace a trust store (`SSL_CERT_FILE`, `REQUESTS_CA_BUNDLE`) without
   * breaking public endpoints. About 220 KB per namespace; the same Node.js version writes the
   * same bytes.
   *
   * @default true
   */
  readonly appendNodeRootCertificates?: boolean;

  /**
   * The ConfigMap's name.
   *
   * @default 'ca-bundle'
   */
  readonly name?: string;

  /**
   * The profile namespace.
   *
   * @default - the chart's namespace
   */
  readonly namespace?: string;

  /**
   * The key that holds the bundle (the file name in the notebook).
   *
   * @default 'ca.crt'
   */
  readonly key?: string;

  /**
   * Mark the ConfigMap immutable.
   *
   * @default - not emitted (mutable)
   */
  readonly immutable?: boolean;
}

/**
 * Options of `CaBundle.fromExistingConfigMap()`.
 */
export interface ExistingCaBundleOptions {
  /**
   * The key that holds the PEM bundle.
   *
   * @default 'ca.crt'
   */
  readonly key?: string;

  /**
   * The namespace of the ConfigMap and of the PodDefaults that mount it.
   *
   * @default - the chart's namespace
   */
  readonly namespace?: string;

  /**
   * Whether the bundle holds the public root CAs too (a trust-manager `Bundle` with
   * `useDefaultCAs: true`); it decides which variables are set by default.
   *
   * @default false
   */
  readonly includesSystemRoots?: boolean;
}

/** Mounts a bundle into a PodDefault and sets its variables: what `mountInto` does for both kinds of bundle. */
function mountBundle(
  bundle: ICaBundle, source: string | kplus.IConfigMap, podDefault: NotebookPodDefault, options: CaBundleMountOptions,
): CaBundleMount {
  const mountPath = options.mountPath ?? CA_BUNDLE_DEFAULTS.mountPath;
  const variables = options.variables ?? (bundle.includesSystemRoots ? ALL_VARIABLES : NARROW_VARIABLES);
  throwIfProblemsAt(podDefault.node.path, [
    problem('mount-path', checkMountPath(mountPath)),
    ...variables.filter((v) => !ALL_VARIABLES.includes(v)).map((v) => `variables: ${quote(String(v))} is not a CaBundleVariable (${ALL_VARIABLES.join(', ')})`),
  ]);
  const path = `${mountPath.replace(/\/+$/, '')}/${bundle.key}`;
  const mounted = podDefault.addConfigMapVolume({ configMapName: source, mountPath, volumeName: options.volumeName, keys: [bundle.key] });
  for (const variable of variables) {
    podDefault.addEnv(variable, kplus.EnvValue.fromValue(path));
  }
  return { path, variables: [...variables], volumeName: mounted.volumeName };
}

/** Adds a bundle's own PodDefault as a child of `owner`, all or nothing. */
function bundlePodDefault(owner: ICaBundle & Construct, source: string | kplus.IConfigMap, options: CaBundlePodDefaultOptions): NotebookPodDefault {
  return newPodDefault(owner, options, CA_BUNDLE_DEFAULTS.podDefaultName, CA_BUNDLE_DEFAULTS.desc, (podDefault) => {
    mountBundle(owner, source, podDefault, options);
  });
}

/** Checks the name, namespace and key of a bundle's ConfigMap. */
function checkBundleNames(name: string, namespace: string | undefined, key: string): Array<Problem | undefined> {
  return [
    problem('object-name', checkDnsSubdomain('ConfigMap name', name)),
    problem('namespace-name', namespace === undefined ? undefined : checkNamespace(namespace)),
    problem('config-map-data', checkSecretDataKey('key', key)),
  ];
}

/** The API server's limit on a ConfigMap's data. */
const MAX_CONFIG_MAP_BYTES = 1024 * 1024;

/**
 * CA certificates for notebooks, in a ConfigMap (a certificate is not a secret): for object
 * stores, registries and pipelines endpoints behind a private CA. PodDefaults mount it and set
 * `AWS_CA_BUNDLE`, `REQUESTS_CA_BUNDLE`, `SSL_CERT_FILE`, `PIP_CERT`, `GIT_SSL_CAINFO`,
 * `NODE_EXTRA_CA_CERTS` and `KF_PIPELINES_SSL_SA_CERTS` to its file, as their own PodDefault
 * (`addPodDefault()`) or in the storage PodDefault (`caBundle` of its `addPodDefault()`).
 *
 * By default the public root CAs that Node.js ships are appended after the private ones, so
 * that the variables that replace a trust store keep public endpoints working.
 *
 * @example
 * const bundle = new CaBundle(chart, 'CaBundle', { certificates: CaCertificates.fromFile('corporate-ca.pem') });
 * AwsEnvConfiguration.fromEnv(chart, 'S3').addPodDefault({ caBundle: bundle });
 */
export class CaBundle extends ApiObject implements ICaBundle, ICheckedConstruct {
  /**
   * A ConfigMap that exists in the namespace (a trust-manager bundle's target, or any other):
   * nothing is written but the PodDefaults that mount it.
   *
   * @param scope the scope in which to define the construct (a Chart, or a construct in one)
   * @param id the construct id, unique among its siblings
   * @param name the ConfigMap's name
   * @param options its key, namespace and whether it holds the public roots; each has a default
   */
  public static fromExistingConfigMap(scope: Construct, id: string, name: string, options: ExistingCaBundleOptions = {}): ICaBundle {
    return new ExistingCaBundle(scope, id, name, options);
  }

  /**
   * The cluster's own CA, which Kubernetes publishes in every namespace (ConfigMap
   * `kube-root-ca.crt`, key `ca.crt`): for endpoints whose certificates the cluster signs.
   *
   * @param scope the scope in which to define the construct (a Chart, or a construct in one)
   * @param id the construct id, unique among its siblings
   * @param options the namespace; the key is `ca.crt`
   */
  public static kubeRootCa(scope: Construct, id: string, options: ExistingCaBundleOptions = {}): ICaBundle {
    return new ExistingCaBundle(scope, id, 'kube-root-ca.crt', { key: 'ca.crt', ...options });
  }

  /** The ConfigMap's name. */
  public readonly configMapName: string;

  /** The ConfigMap's namespace, or `undefined` when neither the props nor the chart set one. */
  public readonly namespace?: string;

  /** The key that holds the bundle. */
  public readonly key: string;

  /** Whether the public root CAs are appended. */
  public readonly includesSystemRoots: boolean;

  /** The subjects of the bundle's certificates, in order (the private ones first). */
  public readonly subjects: string[];

  private patched = false;

  /**
   * @param scope the construct this one belongs to: a `Chart` (whose namespace is the default one) or a construct in one
   * @param id the construct's id, unique among its scope's children; error messages name the construct by its path
   * @param props the certificates and the ConfigMap to write
   */
  public constructor(scope: Construct, id: string, props: CaBundleProps) {
    const path = childPath(scope, id);
    if (!(props?.certificates instanceof CaCertificates)) {
      throwIfProblemsAt(path, ['certificates must be CaCertificates (CaCertificates.fromFile or fromPem)']);
    }
    const name = props.name ?? CA_BUNDLE_DEFAULTS.configMapName;
    const key = props.key ?? CA_BUNDLE_DEFAULTS.key;
    const roots = props.appendNodeRootCertificates ?? true;
    const bundle = roots ? CaCertificates.concat(props.certificates, CaCertificates.nodeRootCertificates()) : props.certificates;
    const text = bundle.text();
    const size = Buffer.byteLength(text, 'utf8');
    throwIfProblemsAt(path, [
      ...checkBundleNames(name, props.namespace, key),
      size > MAX_CONFIG_MAP_BYTES ? { rule: 'config-map-data', message: `the bundle has ${size} bytes; a ConfigMap holds at most ${MAX_CONFIG_MAP_BYTES} (1 MiB)${roots ? ' (appendNodeRootCertificates adds about 220 KB)' : ''}` } : undefined,
    ]);
    super(scope, id, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name, namespace: props.namespace },
      immutable: props.immutable,
      data: { [key]: text },
    } as any);
    this.configMapName = name;
    this.namespace = props.namespace ?? Chart.of(this).namespace;
    this.key = key;
    this.includesSystemRoots = roots;
    this.subjects = bundle.subjects;
    PodDefaultChecks.of(this);
  }

  /**
   * Mounts the bundle into a PodDefault of the same namespace (a storage or registry PodDefault:
   * one box in the spawner gives both) and sets the variables to its file.
   *
   * @param podDefault the PodDefault to mount the bundle in
   * @param options where the file appears and which variables name it; each has a default
   */
  public mountInto(podDefault: NotebookPodDefault, options: CaBundleMountOptions = {}): CaBundleMount {
    return mountBundle(this, this as unknown as kplus.IConfigMap, podDefault, options);
  }

  /**
   * Adds a PodDefault of its own (`ca-bundle`, "Add CA certificates for private endpoints") that
   * mounts the bundle and sets the variables.
   *
   * @param options the PodDefault's name, description, selector, and the mount; each has a default
   */
  public addPodDefault(options: CaBundlePodDefaultOptions = {}): NotebookPodDefault {
    return bundlePodDefault(this, this as unknown as kplus.IConfigMap, options);
  }

  /**
   * Applies RFC-6902 JSON-Patch operations to the ConfigMap's manifest; the checks at synth see
   * the patched manifest (checked whole).
   *
   * @param ops RFC-6902 JSON-Patch operations, applied to the synthesized manifest
   */
  public addJsonPatch(...ops: JsonPatch[]): void {
    this.patched = true;
    super.addJsonPatch(...ops);
  }

  /**
   * The ConfigMap as written: its certificates were checked by the constructor, until a JSON patch changes it.
   * @internal
   */
  public _checkedObjects(): CheckedObject[] {
    return [{ manifest: this.toJson(), contentChecked: !this.patched }];
  }

  /** The manifest, resolved (with its JSON patches); within one `App.synth()`, the checks read the same JSON that is written. */
  public toJson(): any {
    return PodDefaultChecks.of(this)._resolved(this, () => super.toJson());
  }
}

inspectAs(CaBundle.prototype, (self: CaBundle) =>
  `CaBundle(path: ${quote(self.node.path)}, configMap: ${quote(self.configMapName)}, certificates: ${self.subjects.length})`);

/**
 * A CA bundle in a ConfigMap that exists in the namespace: nothing is written but the PodDefaults.
 */
class ExistingCaBundle extends Construct implements ICaBundle, ICheckedConstruct {
  public readonly configMapName: string;
  public readonly namespace?: string;
  public readonly key: string;
  public readonly includesSystemRoots: boolean;

  public constructor(scope: Construct, id: string, name: string, options: ExistingCaBundleOptions) {
    const key = options.key ?? CA_BUNDLE_DEFAULTS.key;
    throwIfProblemsAt(childPath(scope, id), checkBundleNames(name, options.namespace, key));
    super(scope, id);
    this.configMapName = name;
    this.namespace = options.namespace ?? Chart.of(this).namespace;
    this.key = key;
    this.includesSystemRoots = options.includesSystemRoots ?? false;
    PodDefaultChecks.of(this);
  }

  /** The ConfigMap's name (cdk8s-plus `IConfigMap`). */
  public get name(): string {
    return this.configMapName;
  }

  public mountInto(podDefault: NotebookPodDefault, options: CaBundleMountOptions = {}): CaBundleMount {
    return mountBundle(this, this as unknown as kplus.IConfigMap, podDefault, options);
  }

  public addPodDefault(options: CaBundlePodDefaultOptions = {}): NotebookPodDefault {
    return bundlePodDefault(this, this as unknown as kplus.IConfigMap, options);
  }

  /**
   * The existing ConfigMap, for the checks: its key.
   * @internal
   */
  public _checkedObjects(): CheckedObject[] {
    return [{ manifest: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: this.configMapName, namespace: this.namespace }, data: { [this.key]: '' } }, existing: true }];
  }
}

inspectAs(ExistingCaBundle.prototype, (self: ExistingCaBundle) => `ExistingCaBundle(path: ${quote(self.node.path)}, configMap: ${quote(self.configMapName)})`);
