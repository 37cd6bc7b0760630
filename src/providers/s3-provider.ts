import { throwIfProblemsAt } from '../errors';
import { ACCESS_KEY_ID, parseCredentialsFile, SECRET_ACCESS_KEY, SESSION_TOKEN } from '../formats/aws-credentials-file';
import { AwsEnvSettings, MINIO_DEFAULTS, readAwsEnv, renderAwsEnv, S3SignatureVersion, SecretKeyCredentials } from '../formats/aws-env';
import { readCredentialFile } from '../formats/files';
import { inspectAs, REDACTED, SecretStore } from '../redact';
import { quote } from '../rules/text';

/**
 * Where a storage configuration comes from, which decides how notebooks receive it.
 */
export enum StorageConfigurationKind {
  /** An AWS shared credentials file: mounted as a file (`AwsFileCredentials`). */
  CREDENTIALS_FILE = 'credentials-file',
  /** Environment variables: injected with `envFrom` (`AwsEnvConfiguration`). */
  ENVIRONMENT = 'environment',
  /** The in-cluster MinIO: injected with `envFrom` and `secretKeyRef` (`AwsEnvConfiguration`). */
  MINIO = 'minio',
}

interface Credentials {
  readonly accessKeyId?: string;
  readonly secretAccessKey?: string;
  readonly sessionToken?: string;
  /** The credentials file, for providers loaded from one. */
  readonly file?: string;
}

interface Settings {
  readonly kind: StorageConfigurationKind;
  readonly source: string;
  readonly profile?: string;
  readonly profiles: string[];
  readonly region?: string;
  readonly s3Endpoint?: string;
  readonly s3SignatureVersion?: S3SignatureVersion;
  readonly s3ForcePathStyle?: boolean;
  readonly s3UseHttps?: boolean;
  readonly s3VerifySsl?: boolean;
  readonly endpointUrl?: string;
  readonly s3EndpointUrl?: string;
  readonly credentialsFromSecret?: SecretKeyCredentials;
}

/** Settings a subclass applies where the source gives none. */
interface ProviderDefaults {
  readonly region?: string;
  readonly s3Endpoint?: string;
  readonly s3SignatureVersion?: S3SignatureVersion;
  readonly s3ForcePathStyle?: boolean;
  readonly credentialsFromSecret?: SecretKeyCredentials;
}

const CREDENTIALS = new SecretStore<Credentials>();

/** The default profile of a credentials file. */
const DEFAULT_PROFILE = 'default';

/**
 * The storage configuration of the Kaptain SDK's `Config`: S3 credentials and settings, from an
 * AWS credentials file or from environment variables.
 *
 * Factories load and check eagerly. Credentials are never printed: `toString()`, `toJSON()`
 * and `util.inspect` show the source and the non-secret settings only; the credentials are
 * available through their own getters.
 *
 * @example
 * const storage = S3ConfigurationProvider.fromEnv();
 */
export class S3ConfigurationProvider {
  /** Where the Kaptain SDK reads the AWS credentials in a notebook. */
  public static readonly DEFAULT_PATH = '/home/kubeflow/.aws/credentials';

  /**
   * Loads `/home/kubeflow/.aws/credentials` (profile `default`), as the SDK does in a notebook;
   * fails with a clear error if the file is not present.
   */
  public static default(): S3ConfigurationProvider {
    return S3ConfigurationProvider._load(S3ConfigurationProvider.DEFAULT_PATH, DEFAULT_PROFILE, 'S3ConfigurationProvider.default()');
  }

  /**
   * Loads an AWS credentials file and selects a profile. The file is checked as
   * `AwsFileCredentials` checks it (CRLF line ends are fine; a BOM, duplicates or `[profile x]`
   * headers are not).
   *
   * @param path the credentials file
   * @param profile the profile whose values the provider exposes (the whole file is mounted)
   */
  public static fromFile(path: string, profile?: string): S3ConfigurationProvider {
    return S3ConfigurationProvider._load(path, profile ?? DEFAULT_PROFILE, 'S3ConfigurationProvider.fromFile()');
  }

  /**
   * Reads `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`, `AWS_REGION` (or
   * `AWS_DEFAULT_REGION`), `S3_ENDPOINT`, `S3_SIGNATURE_VERSION`, `S3_FORCE_PATH_STYLE` and
   * `S3_USE_HTTPS`.
   *
   * @param env the variables; default `process.env`
   */
  public static fromEnv(env?: { [name: string]: string }): S3ConfigurationProvider {
    const caller = 'S3ConfigurationProvider.fromEnv()';
    const read = readAwsEnv(env ?? process.env);
    throwIfProblemsAt(caller, read.problems);
    return S3ConfigurationProvider._fromSettings(new S3ConfigurationProvider(), caller, StorageConfigurationKind.ENVIRONMENT, 'environment', read.settings);
  }

  /**
   * Reads and checks an AWS credentials file, the one place that does (`AwsFileCredentials.fromFile`
   * uses it too); problems are thrown at `caller`.
   * @internal
   */
  public static _readCredentialsFile(path: string, caller: string): { text: string; parsed: ReturnType<typeof parseCredentialsFile> } {
    const file = readCredentialFile(path, 'AWS credentials');
    throwIfProblemsAt(caller, file.problem ? [file.problem] : []);
    const parsed = parseCredentialsFile(file.text!, `file ${quote(path)}`);
    throwIfProblemsAt(caller, parsed.problems);
    return { text: file.text!, parsed };
  }

  /** @internal */
  protected static _load(
    path: string, profile: string, caller: string, into: S3ConfigurationProvider = new S3ConfigurationProvider(),
  ): S3ConfigurationProvider {
    const { text, parsed } = S3ConfigurationProvider._readCredentialsFile(path, caller);
    const keys = parsed.profiles.get(profile);
    throwIfProblemsAt(caller, [
      !keys ? { rule: 'aws-profile-missing', message: `file ${quote(path)} has no profile ${quote(profile)} (it has ${[...parsed.profiles.keys()].map(quote).join(', ')})` } : undefined,
    ]);
    const file = { text };
    const defaults = into._minioDefaults();
    into.init({
      kind: into instanceof DefaultMinioConfigurationProvider ? StorageConfigurationKind.MINIO : StorageConfigurationKind.CREDENTIALS_FILE,
      ...defaults,
      source: path,
      profile,
      profiles: [...parsed.profiles.keys()],
      region: keys!.get('region') ?? defaults.region,
      credentialsFromSecret: undefined,
    }, {
      accessKeyId: keys!.get(ACCESS_KEY_ID),
      secretAccessKey: keys!.get(SECRET_ACCESS_KEY),
      sessionToken: keys!.get(SESSION_TOKEN),
      file: file.text,
    });
    return into;
  }

  /**
   * Checks settings (over the subclass's defaults) and stores them in `into`.
   * @internal
   */
  protected static _fromSettings(
    into: S3ConfigurationProvider, caller: string, kind: StorageConfigurationKind, source: string, given: AwsEnvSettings,
  ): S3ConfigurationProvider {
    const defaults = into._minioDefaults();
    const hasCredentials = given.accessKeyId !== undefined || given.secretAccessKey !== undefined;
    const fromSecret = hasCredentials ? undefined : defaults.credentialsFromSecret;
    const settings: AwsEnvSettings = {
      ...given,
      region: given.region ?? defaults.region,
      s3Endpoint: given.s3Endpoint ?? defaults.s3Endpoint,
      s3SignatureVersion: given.s3SignatureVersion ?? defaults.s3SignatureVersion,
      s3ForcePathStyle: given.s3ForcePathStyle ?? defaults.s3ForcePathStyle,
    };
    const rendered = renderAwsEnv(settings, { emitDefaultRegion: false, credentialsFromSecret: fromSecret !== undefined, field: (v) => `variable ${v}` });
    throwIfProblemsAt(caller, rendered.problems);
    into.init({
      kind,
      source,
      profiles: [],
      region: settings.region,
      s3Endpoint: settings.s3Endpoint,
      s3SignatureVersion: settings.s3SignatureVersion as S3SignatureVersion | undefined,
      s3ForcePathStyle: settings.s3ForcePathStyle,
      s3UseHttps: settings.s3UseHttps,
      s3VerifySsl: settings.s3VerifySsl,
      endpointUrl: settings.endpointUrl,
      s3EndpointUrl: settings.s3EndpointUrl,
      credentialsFromSecret: fromSecret,
    }, { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey, sessionToken: settings.sessionToken });
    return into;
  }

  private settings?: Settings;

  protected constructor() {}

  /** How notebooks receive this configuration. */
  public get kind(): StorageConfigurationKind {
    return this.state.kind;
  }

  /** Where it came from: a file path, `environment` or `minio`. */
  public get source(): string {
    return this.state.source;
  }

  /** The selected profile, for a credentials file. */
  public get profile(): string | undefined {
    return this.state.profile;
  }

  /** Every profile of the credentials file (empty for other sources). */
  public get profiles(): string[] {
    return [...this.state.profiles];
  }

  /** `AWS_REGION`. */
  public get region(): string | undefined {
    return this.state.region;
  }

  /** `S3_ENDPOINT`. */
  public get s3Endpoint(): string | undefined {
    return this.state.s3Endpoint;
  }

  /** `S3_SIGNATURE_VERSION`. */
  public get s3SignatureVersion(): S3SignatureVersion | undefined {
    return this.state.s3SignatureVersion;
  }

  /** `S3_FORCE_PATH_STYLE`. */
  public get s3ForcePathStyle(): boolean | undefined {
    return this.state.s3ForcePathStyle;
  }

  /** `S3_USE_HTTPS`. */
  public get s3UseHttps(): boolean | undefined {
    return this.state.s3UseHttps;
  }

  /** `S3_VERIFY_SSL`. */
  public get s3VerifySsl(): boolean | undefined {
    return this.state.s3VerifySsl;
  }

  /** `AWS_ENDPOINT_URL`. */
  public get endpointUrl(): string | undefined {
    return this.state.endpointUrl;
  }

  /** `AWS_ENDPOINT_URL_S3`. */
  public get s3EndpointUrl(): string | undefined {
    return this.state.s3EndpointUrl;
  }

  /** Where the credentials come from when they are not held here (the in-cluster MinIO Secret). */
  public get credentialsFromSecret(): SecretKeyCredentials | undefined {
    return this.state.credentialsFromSecret;
  }

  /** `AWS_ACCESS_KEY_ID`. A credential: do not log it. */
  public get accessKeyId(): string | undefined {
    return CREDENTIALS.get(this).accessKeyId;
  }

  /** `AWS_SECRET_ACCESS_KEY`. A credential: do not log it. */
  public get secretAccessKey(): string | undefined {
    return CREDENTIALS.get(this).secretAccessKey;
  }

  /** `AWS_SESSION_TOKEN`. A credential: do not log it. */
  public get sessionToken(): string | undefined {
    return CREDENTIALS.get(this).sessionToken;
  }

  /** The credentials file exactly as loaded, for providers loaded from one. It holds credentials: do not log it. */
  public credentialsFile(): string | undefined {
    return CREDENTIALS.get(this).file;
  }

  /** A description without credentials. */
  public toString(): string {
    const json = this.toJSON();
    const fields = Object.keys(json).filter((k) => k !== 'kind' && json[k] !== undefined).map((k) => `${k}: ${typeof json[k] === 'string' && json[k] !== REDACTED ? quote(json[k]) : JSON.stringify(json[k])}`);
    return `${this.constructor.name}(${fields.join(', ')})`;
  }

  /** What `JSON.stringify` shows: no credentials. */
  public toJSON(): { [key: string]: any } {
    const credentials = CREDENTIALS.get(this);
    return {
      kind: this.constructor.name,
      source: this.source,
      type: this.kind,
      profile: this.profile,
      region: this.region,
      s3Endpoint: this.s3Endpoint,
      s3SignatureVersion: this.s3SignatureVersion,
      s3ForcePathStyle: this.s3ForcePathStyle,
      s3UseHttps: this.s3UseHttps,
      s3VerifySsl: this.s3VerifySsl,
      endpointUrl: this.endpointUrl,
      s3EndpointUrl: this.s3EndpointUrl,
      credentials: credentials.accessKeyId !== undefined || credentials.file !== undefined ? REDACTED : undefined,
      credentialsFromSecret: this.credentialsFromSecret && {
        secretName: typeof this.credentialsFromSecret.secretName === 'string' ? this.credentialsFromSecret.secretName : this.credentialsFromSecret.secretName.name,
        accessKeyIdKey: this.credentialsFromSecret.accessKeyIdKey,
        secretAccessKeyKey: this.credentialsFromSecret.secretAccessKeyKey,
      },
    };
  }

  /**
   * The defaults a subclass applies (the in-cluster MinIO's); none here.
   * @internal
   */
  protected _minioDefaults(): ProviderDefaults {
    return {};
  }

  private init(settings: Settings, credentials: Credentials): void {
    this.settings = settings;
    CREDENTIALS.set(this, credentials);
  }

  private get state(): Settings {
    if (!this.settings) {
      throw new Error('this provider was not created by one of its factories');
    }
    return this.settings;
  }
}

inspectAs(S3ConfigurationProvider.prototype, (self: S3ConfigurationProvider) => self.toString());

/**
 * The in-cluster MinIO of Kubeflow, the SDK's storage when no other is given: endpoint
 * `http://minio-service.kubeflow:9000`, region `us-east-1`, signature `s3v4`, path-style
 * access, and credentials from the Secret `mlpipeline-minio-artifact` (keys `accesskey`,
 * `secretkey`) that Kubeflow Pipelines creates in each profile namespace: no credential is held
 * or written. It supports the same methods as `S3ConfigurationProvider`, each starting from
 * these defaults.
 */
export class DefaultMinioConfigurationProvider extends S3ConfigurationProvider {
  /** The in-cluster MinIO defaults (the result is a `DefaultMinioConfigurationProvider`). */
  public static default(): S3ConfigurationProvider {
    return S3ConfigurationProvider._fromSettings(new DefaultMinioConfigurationProvider(), 'DefaultMinioConfigurationProvider.default()',
      StorageConfigurationKind.MINIO, 'minio', {});
  }

  /**
   * The MinIO defaults, overridden by the variables that are set (credentials included); the
   * result is a `DefaultMinioConfigurationProvider`.
   *
   * @param env the variables; default `process.env`
   */
  public static fromEnv(env?: { [name: string]: string }): S3ConfigurationProvider {
    const caller = 'DefaultMinioConfigurationProvider.fromEnv()';
    const read = readAwsEnv(env ?? process.env);
    const hasCredentials = read.settings.accessKeyId !== undefined || read.settings.secretAccessKey !== undefined;
    // Without credentials in the environment, they come from the in-cluster Secret.
    throwIfProblemsAt(caller, hasCredentials ? read.problems : read.problems.filter((p) => !p.message.includes('are not set')));
    return S3ConfigurationProvider._fromSettings(new DefaultMinioConfigurationProvider(), caller, StorageConfigurationKind.MINIO, 'minio', read.settings);
  }

  /**
   * The MinIO defaults, with the credentials of a profile of an AWS credentials file; the
   * result is a `DefaultMinioConfigurationProvider`.
   *
   * @param path the credentials file
   * @param profile the profile to use
   */
  public static fromFile(path: string, profile?: string): S3ConfigurationProvider {
    return S3ConfigurationProvider._load(path, profile ?? DEFAULT_PROFILE, 'DefaultMinioConfigurationProvider.fromFile()',
      new DefaultMinioConfigurationProvider());
  }

  protected constructor() {
    super();
  }

  /** @internal */
  protected _minioDefaults(): ProviderDefaults {
    return {
      region: MINIO_DEFAULTS.region,
      s3Endpoint: MINIO_DEFAULTS.endpoint,
      s3SignatureVersion: MINIO_DEFAULTS.signatureVersion,
      s3ForcePathStyle: MINIO_DEFAULTS.forcePathStyle,
      credentialsFromSecret: {
        secretName: MINIO_DEFAULTS.secretName,
        accessKeyIdKey: MINIO_DEFAULTS.accessKeyIdKey,
        secretAccessKeyKey: MINIO_DEFAULTS.secretAccessKeyKey,
      },
    };
  }
}

/** The credentials of a provider, for the constructs that write them. */
export function credentialsOf(provider: S3ConfigurationProvider): Credentials {
  return CREDENTIALS.get(provider);
}
