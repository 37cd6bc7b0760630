import { ApiObjectProps } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { Problem, problem } from '../engine/rule-ids';
import { childPath, throwIfProblemsAt } from '../errors';
import { addEnvPodDefault, CredentialsSecret, EnvPodDefaultOptions, ExistingSecretCredentials, IEnvCredentials } from './base';
import { CredentialsSecretOptions, ExistingSecretOptions, secretProps } from './secret';
import { CaBundle, ICaBundle } from '../ca-bundle';
import { AWS_ENV, CaBundleFromEnv, EXTERNAL_STAND_IN, GCS_HMAC_SETTINGS, MINIO_SETTINGS, noteLeftOut, readAwsEnv, renderAwsEnv, S3Settings, SecretKeyCredentials } from '../formats/aws-env';
import { goTemplateText } from '../formats/go-template';
import { addLauncherConfig, PipelineLauncherConfig, PipelineLauncherOptions, s3LauncherProvider } from '../pipelines';
import { NotebookPodDefault } from '../pod-default';
import { isExternalStore, S3ConfigurationProvider, settingsOf } from '../providers/s3-provider';
import { checkSecretDataKey } from '../rules/names';
import { quote } from '../rules/text';
import { CaCertificates } from '../sources/ca-certificates';

/**
 * Properties of `AwsEnvConfiguration`.
 */
export interface AwsEnvConfigurationProps extends S3Settings, CredentialsSecretOptions {}

/**
 * Options for `AwsEnvConfiguration.fromEnv()`.
 */
export interface AwsEnvFromEnvOptions extends CredentialsSecretOptions {
  /**
   * The environment to read `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`,
   * `AWS_REGION` (or `AWS_DEFAULT_REGION`), `S3_ENDPOINT`, `S3_SIGNATURE_VERSION`,
   * `S3_FORCE_PATH_STYLE` and `S3_USE_HTTPS` from.
   *
   * @default - `process.env`
   */
  readonly env?: { [name: string]: string };

  /**
   * Also write `AWS_DEFAULT_REGION`.
   *
   * @default true
   */
  readonly emitDefaultRegion?: boolean;

  /**
   * What to do with `AWS_CA_BUNDLE`, which names a file on the machine that runs synth: refuse it
   * (with a pointer to `CaBundle`), leave it out, or read that file into a CA bundle (a ConfigMap
   * child of this construct, `caBundle`) that `addPodDefault()` mounts with `AWS_CA_BUNDLE` and
   * the other CA variables.
   *
   * @default CaBundleFromEnv.REFUSE
   */
  readonly caBundleFromEnv?: CaBundleFromEnv;
}

/**
 * Options for `AwsEnvConfiguration.fromProvider()`.
 */
export interface AwsEnvFromProviderOptions extends CredentialsSecretOptions {
  /**
   * Also write `AWS_DEFAULT_REGION`.
   *
   * @default true
   */
  readonly emitDefaultRegion?: boolean;
}

/**
 * AWS / S3 environment variables for notebooks: a Secret `aws-configuration` holding
 * `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`, `AWS_REGION`,
 * `S3_ENDPOINT`, `S3_SIGNATURE_VERSION` and `S3_FORCE_PATH_STYLE` (those given), and a
 * PodDefault that injects them with `envFrom`.
 *
 * @example
 * const s3 = new AwsEnvConfiguration(chart, 'S3', {
 *   accessKeyId: process.env.KEY_ID!,
 *   secretAccessKey: process.env.SECRET!,
 *   region: 'eu-west-1',
 * });
 * s3.addPodDefault();
 */
export class AwsEnvConfiguration extends CredentialsSecret implements IEnvCredentials {
  /**
   * Reads the documented variables from `process.env` (or `options.env`).
   *
   * @param scope the scope in which to define the construct (a Chart, or a construct in one)
   * @param id the construct id, unique among its siblings
   * @param options where the variables are read, and the Secret written; each has a default
   */
  public static fromEnv(scope: Construct, id: string, options: AwsEnvFromEnvOptions = {}): AwsEnvConfiguration {
    const path = childPath(scope, id);
    const read = readAwsEnv(options.env ?? process.env, { caBundle: options.caBundleFromEnv });
    throwIfProblemsAt(path, read.problems);
    const certificates = read.caBundlePath === undefined ? undefined : CaCertificates._read(read.caBundlePath, path);
    noteLeftOut(read.leftOut);
    const { env: _env, caBundleFromEnv: _caBundle, ...secretOptions } = options;
    const configuration = new AwsEnvConfiguration(scope, id, { ...secretOptions, ...read.settings });
    if (certificates !== undefined) {
      configuration._caBundle = new CaBundle(configuration, 'CaBundle', { certificates, namespace: configuration.namespace });
    }
    return configuration;
  }

  /**
   * The in-cluster MinIO of Kubeflow: endpoint `http://minio-service.kubeflow:9000`, region
   * `us-east-1`, signature `s3v4`, path-style access; credentials taken with `secretKeyRef` from
   * the Secret `mlpipeline-minio-artifact` (keys `accesskey`, `secretkey`) that Kubeflow
   * Pipelines creates in each profile namespace, so that no credential is written. Give
   * `accessKeyId` and `secretAccessKey` to write credentials instead (an explicit choice).
   *
   * @param scope the scope in which to define the construct (a Chart, or a construct in one)
   * @param id the construct id, unique among its siblings
   * @param options any setting to override, or credentials to write (an explicit choice); each has a default
   */
  public static minio(scope: Construct, id: string, options: AwsEnvConfigurationProps = {}): AwsEnvConfiguration {
    const writesCredentials = options.accessKeyId !== undefined || options.secretAccessKey !== undefined;
    const { credentialsFromSecret, ...settings } = MINIO_SETTINGS;
    return new AwsEnvConfiguration(scope, id, {
      ...settings,
      credentialsFromSecret: writesCredentials ? undefined : credentialsFromSecret,
      ...options,
    });
  }

  /**
   * Google Cloud Storage through its S3-compatible XML API with HMAC keys: endpoint
   * `https://storage.googleapis.com` (`S3_ENDPOINT` and `AWS_ENDPOINT_URL_S3`), region `auto`,
   * signature `s3v4`. Give the HMAC access ID and secret as `accessKeyId` and `secretAccessKey`
   * (`gcloud storage hmac create`); every setting can be overridden.
   *
   * @param scope the scope in which to define the construct (a Chart, or a construct in one)
   * @param id the construct id, unique among its siblings
   * @param options the HMAC key and any setting to override
   */
  public static gcs(scope: Construct, id: string, options: AwsEnvConfigurationProps = {}): AwsEnvConfiguration {
    return new AwsEnvConfiguration(scope, id, { ...GCS_HMAC_SETTINGS, ...options });
  }

  /**
   * Writes the settings of an `S3ConfigurationProvider` as variables: its credentials (or the
   * `secretKeyRef` of a MinIO provider), region, endpoint, signature version and path style.
   *
   * @param scope the scope in which to define the construct (a Chart, or a construct in one)
   * @param id the construct id, unique among its siblings
   * @param provider the configuration provider whose credentials and settings are written
   * @param options the Secret's name, namespace and immutability; each has a default
   */
  public static fromProvider(
    scope: Construct, id: string, provider: S3ConfigurationProvider, options: AwsEnvFromProviderOptions = {},
  ): AwsEnvConfiguration {
    if (isExternalStore(provider) && !options.output?.isExternal) {
      throwIfProblemsAt(childPath(scope, id), ['the provider holds settings only (S3ConfigurationProvider.forExternalStore) and no credentials: it needs output SecretOutput.external(...)']);
    }
    return new AwsEnvConfiguration(scope, id, { ...settingsOf(provider), ...options });
  }

  /**
   * References a Secret that exists in the cluster and holds the variables: nothing is written
   * but the PodDefaults. Declare its `keys` so that the conflict checks can use them.
   *
   * @param secret the Secret's name, or an `ISecret` (a `Secret` of any cdk8s-plus major, a cdk8s `ApiObject` Secret, or one of this library's credentials constructs; its namespace is checked)
   * @param scope the scope in which to define the construct (a Chart, or a construct in one)
   * @param id the construct id, unique among its siblings
   * @param options the Secret's namespace and keys; each has a default
   */
  public static fromExistingSecret(
    scope: Construct, id: string, secret: string | kplus.ISecret, options: ExistingSecretOptions = {},
  ): IEnvCredentials {
    return new ExistingSecretCredentials(scope, id, secret, options);
  }

  /** Checks the props and renders the Secret, before it exists. */
  private static prepare(scope: Construct, id: string, props: AwsEnvConfigurationProps): ApiObjectProps {
    // With external output the store holds the credentials: only their names are needed, and
    // values given here are not used (a stand-in keeps the settings' checks as they are).
    const external = props.output?.isExternal === true && props.credentialsFromSecret === undefined;
    const shape: AwsEnvConfigurationProps = external
      ? {
        ...props,
        accessKeyId: EXTERNAL_STAND_IN,
        secretAccessKey: EXTERNAL_STAND_IN,
        sessionToken: props.sessionToken === undefined ? undefined : EXTERNAL_STAND_IN,
      }
      : props;
    const rendered = renderAwsEnv(shape, {
      emitDefaultRegion: props.emitDefaultRegion ?? true,
      credentialsFromSecret: props.credentialsFromSecret !== undefined,
      field: (variable) => `Secret ${quote(props.name ?? 'aws-configuration')} key ${variable}`,
    });
    const problems: Array<Problem | string | undefined> = [...rendered.problems];
    const fromSecret = props.credentialsFromSecret;
    if (fromSecret) {
      problems.push(
        problem('secret-data', checkSecretDataKey('credentialsFromSecret.accessKeyIdKey', fromSecret.accessKeyIdKey)),
        problem('secret-data', checkSecretDataKey('credentialsFromSecret.secretAccessKeyKey', fromSecret.secretAccessKeyKey)),
      );
    }
    if (rendered.variables.length === 0) {
      problems.push('no variable to write (give at least the credentials or credentialsFromSecret and a setting)');
    }
    // Values that are not strings are among the problems: throw before encoding them.
    throwIfProblemsAt(childPath(scope, id), problems);
    const data = new Map(rendered.variables.map(([k, v]) => [k, Buffer.from(v, 'utf8')]));
    // For an ExternalSecret: the credentials are remote fields, the settings literal text.
    const credentials = new Set<string>([AWS_ENV.accessKeyId, AWS_ENV.secretAccessKey, AWS_ENV.sessionToken]);
    const template = {
      fields: rendered.variables.filter(([k]) => credentials.has(k)).map(([k]) => k),
      templates: Object.fromEntries(rendered.variables.map(([k, v]) => [k, credentials.has(k) ? `{{ index . ${JSON.stringify(k)} }}` : goTemplateText(v)])),
    };
    return secretProps(scope, id, props, 'aws-configuration', data, [], template);
  }

  /** The names of the variables in the Secret (never their values), when known. */
  public readonly variables: string[];

  /** Where the access key and secret key come from, when not from this construct's Secret. */
  public readonly credentialsFromSecret?: SecretKeyCredentials;

  /** @internal */
  public _caBundle?: ICaBundle;

  /** The settings the pipeline launcher needs (no credential: printers may show fields). */
  private readonly storeSettings: S3Settings;

  /**
   * @param scope the construct this one belongs to: a `Chart` (whose namespace is the default one) or a construct in one
   * @param id the construct's id, unique among its scope's children; error messages name the construct by its path
   * @param props the S3 settings and the credentials (or the Secret that holds them); all optional
   */
  public constructor(scope: Construct, id: string, props: AwsEnvConfigurationProps = {}) {
    super(scope, id, AwsEnvConfiguration.prepare(scope, id, props ?? {}));
    this.credentialsFromSecret = props?.credentialsFromSecret;
    this.variables = this.keys;
    const { s3Endpoint, s3EndpointUrl, endpointUrl, region, s3ForcePathStyle, s3UseHttps } = props ?? {};
    this.storeSettings = { s3Endpoint, s3EndpointUrl, endpointUrl, region, s3ForcePathStyle, s3UseHttps };
  }

  /**
   * Adds the PodDefault that injects the variables: by default the guide's `aws-configuration`
   * ("Add AWS Environment variables", selector `aws-configuration: "true"`) with
   * `envFrom: [{secretRef: {name: aws-configuration}}]`, plus `secretKeyRef` entries for
   * `credentialsFromSecret`.
   *
   * @param options the PodDefault's name, description, selector and variable prefix; each has the Kaptain guide's default
   */
  public addPodDefault(options: EnvPodDefaultOptions = {}): NotebookPodDefault {
    return addEnvPodDefault(this, this.secretName, { ...options, caBundle: options.caBundle ?? this._caBundle }, this.credentialsFromSecret);
  }

  /**
   * Sends the artifacts of pipeline runs in this namespace to the same store, with the same
   * Secret: the Kubeflow Pipelines v2 launcher's ConfigMap `kfp-launcher` (`defaultPipelineRoot`,
   * and an `s3` or `minio` provider with this endpoint, region and path style, and `secretRef`
   * to this Secret's `AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY`, or to the Secret of
   * `credentialsFromSecret`).
   *
   * @returns the ConfigMap, a child of this construct
   * @param options the pipeline root (`s3://bucket/prefix` or `minio://bucket/prefix`)
   */
  public addPipelineLauncherConfig(options: PipelineLauncherOptions): PipelineLauncherConfig {
    const fromSecret = this.credentialsFromSecret;
    const secretRef = fromSecret !== undefined
      ? { secretName: typeof fromSecret.secretName === 'string' ? fromSecret.secretName : fromSecret.secretName.name, accessKeyKey: fromSecret.accessKeyIdKey, secretKeyKey: fromSecret.secretAccessKeyKey }
      : { secretName: this.secretName, accessKeyKey: AWS_ENV.accessKeyId, secretKeyKey: AWS_ENV.secretAccessKey };
    return addLauncherConfig(this, options, ['s3', 'minio'], (scheme) => s3LauncherProvider(scheme as 's3' | 'minio', this.storeSettings, secretRef));
  }

  /**
   * The CA bundle read from `AWS_CA_BUNDLE` (`fromEnv` with `CaBundleFromEnv.READ`), which
   * `addPodDefault()` mounts; `undefined` otherwise.
   */
  public get caBundle(): ICaBundle | undefined {
    return this._caBundle;
  }

}
