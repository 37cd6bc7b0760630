import { throwIfProblemsAt } from '../errors';
import { ACCESS_KEY_ID, AwsProfileInput, buildCredentialsFile, SECRET_ACCESS_KEY, SESSION_TOKEN } from '../formats/aws-credentials-file';
import {
  CaBundleFromEnv, EXTERNAL_STAND_IN, GCS_HMAC_SETTINGS, MINIO_SETTINGS, noteLeftOut, readAwsEnv, renderAwsEnv, S3Settings, S3SignatureVersion,
  SecretKeyCredentials,
} from '../formats/aws-env';
import { botocoreCredentials } from '../formats/aws-ini';
import { AwsKeylessMethod, AwsKeylessProps, AwsWebIdentityProps, checkKeyless } from '../formats/aws-keyless';
import { inspectAs, REDACTED, SecretStore } from '../redact';
import { quote } from '../rules/text';
import { AwsCredentialsFile } from '../sources/aws-credentials-file';
import { CaCertificates } from '../sources/ca-certificates';

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
  /** IAM roles for service accounts, no key (`AwsKeylessCredentials`). */
  WEB_IDENTITY = 'web-identity',
  /** EKS Pod Identity, no key (`AwsKeylessCredentials`). */
  POD_IDENTITY = 'pod-identity',
}

/** What a provider holds: where it came from, and its settings (credentials included). */
interface State {
  readonly kind: StorageConfigurationKind;
  readonly source: string;
  readonly profile?: string;
  /** The credentials file, for providers loaded from one. */
  readonly file?: AwsCredentialsFile;
  /** The profiles (names only) of a credentials file an external store holds (`forExternalCredentialsFile`). */
  readonly externalProfiles?: readonly AwsProfileInput[];
  readonly settings: S3Settings;
  /** The CA bundle read from `AWS_CA_BUNDLE` (`fromEnv` with `CaBundleFromEnv.READ`). */
  readonly caCertificates?: CaCertificates;
  /** For keyless providers: the method and its props. */
  readonly keyless?: { readonly method: AwsKeylessMethod; readonly props: AwsWebIdentityProps | AwsKeylessProps };
}

/**
 * Options for `S3ConfigurationProvider.fromEnv()`.
 */
export interface S3FromEnvOptions {
  /**
   * What to do with `AWS_CA_BUNDLE`, which names a file on the machine that runs synth: refuse
   * it, leave it out, or read that file (`caCertificates`), which `NotebookAccess` writes into a
   * CA bundle of every namespace, mounted in the storage PodDefault.
   *
   * @default CaBundleFromEnv.REFUSE
   */
  readonly caBundleFromEnv?: CaBundleFromEnv;
}

/**
 * A profile of a credentials file that an external store holds (`forExternalCredentialsFile`):
 * its name, and whether the store holds a session token for it; no value.
 */
export interface ExternalAwsProfile {
  /**
   * The profile's name (the section `[name]`).
   *
   * @default 'default' for the first profile; required for the others
   */
  readonly name?: string;

  /**
   * The store also holds this profile's session token (`<profile>_aws_session_token`).
   *
   * @default false
   */
  readonly withSessionToken?: boolean;
}

/** Every provider's state, kept out of every printout (it holds credentials). */
const STATE = new SecretStore<State>();

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
   * @param options what to do with `AWS_CA_BUNDLE`; refused by default
   */
  public static fromEnv(env?: { [name: string]: string }, options: S3FromEnvOptions = {}): S3ConfigurationProvider {
    const caller = 'S3ConfigurationProvider.fromEnv()';
    const read = readAwsEnv(env ?? process.env, { caBundle: options.caBundleFromEnv });
    throwIfProblemsAt(caller, read.problems);
    const caCertificates = read.caBundlePath === undefined ? undefined : CaCertificates._read(read.caBundlePath, caller);
    noteLeftOut(read.leftOut);
    return S3ConfigurationProvider._fromSettings(new S3ConfigurationProvider(), caller, StorageConfigurationKind.ENVIRONMENT, 'environment', read.settings, {}, caCertificates);
  }

  /**
   * Settings only, for `SecretOutput.external`: the external store holds `AWS_ACCESS_KEY_ID` and
   * `AWS_SECRET_ACCESS_KEY`, so none is read or held here; the settings (region, endpoint, ...)
   * are checked as `fromEnv` checks them. Written as variables (`AwsEnvConfiguration`), with
   * external output only.
   *
   * @param settings the region, endpoint and other settings; no credentials
   */
  public static forExternalStore(settings: S3Settings = {}): S3ConfigurationProvider {
    const caller = 'S3ConfigurationProvider.forExternalStore()';
    const given = (['accessKeyId', 'secretAccessKey', 'sessionToken', 'credentialsFromSecret'] as const).filter((k) => settings?.[k] !== undefined);
    throwIfProblemsAt(caller, given.map((k) => `${k} is given, but the external store holds the credentials: leave it out`));
    const rendered = renderAwsEnv({ ...settings, accessKeyId: EXTERNAL_STAND_IN, secretAccessKey: EXTERNAL_STAND_IN }, { emitDefaultRegion: false, credentialsFromSecret: false, field: (v) => `setting ${v}` });
    throwIfProblemsAt(caller, rendered.problems);
    const provider = new S3ConfigurationProvider();
    provider.init({ kind: StorageConfigurationKind.ENVIRONMENT, source: 'external store', settings: { ...settings } });
    return provider;
  }

  /**
   * Keyless AWS credentials with IAM roles for service accounts (web identity): notebooks get a
   * projected token and `AWS_ROLE_ARN` (`AwsKeylessCredentials`); no key is read or held. The
   * settings (region, endpoint, ...) are checked as `fromEnv` checks them.
   *
   * @param props the role, and the region and S3 settings; no credentials
   */
  public static fromWebIdentity(props: AwsWebIdentityProps): S3ConfigurationProvider {
    return S3ConfigurationProvider.keyless('S3ConfigurationProvider.fromWebIdentity()', AwsKeylessMethod.WEB_IDENTITY, props ?? ({} as AwsWebIdentityProps));
  }

  /**
   * Keyless AWS credentials with EKS Pod Identity: notebooks get a projected token and the agent's
   * address (`AwsKeylessCredentials`); no key is read or held.
   *
   * @param props the region and S3 settings; no credentials
   */
  public static fromPodIdentity(props: AwsKeylessProps = {}): S3ConfigurationProvider {
    return S3ConfigurationProvider.keyless('S3ConfigurationProvider.fromPodIdentity()', AwsKeylessMethod.POD_IDENTITY, props);
  }

  /**
   * Google Cloud Storage through its S3-compatible XML API with HMAC keys: endpoint
   * `https://storage.googleapis.com` (also as `AWS_ENDPOINT_URL_S3`), region `auto`, signature
   * `s3v4` (GCS docs: "Simple migration from Amazon S3", V4 signing). Every setting can be
   * overridden; the HMAC access ID and secret are the credentials.
   *
   * @param settings the HMAC access ID and secret (`accessKeyId`, `secretAccessKey`) and any setting to override
   */
  public static forGcsHmac(settings: S3Settings): S3ConfigurationProvider {
    return S3ConfigurationProvider._fromSettings(new S3ConfigurationProvider(), 'S3ConfigurationProvider.forGcsHmac()', StorageConfigurationKind.ENVIRONMENT, 'gcs-hmac', settings ?? {}, GCS_HMAC_SETTINGS);
  }

  /**
   * Profile names only, for `SecretOutput.external`: the credentials file is built by the
   * operator from the external store (`<profile>_aws_access_key_id`, ...), so no file is read
   * and no value is held here. Written as a mounted credentials file (`AwsFileCredentials`), with
   * external output only.
   *
   * @param profiles the profiles (`name`, and `withSessionToken` when the store holds a session token); no values
   * @param profile the profile the provider selects (default: `default`)
   */
  public static forExternalCredentialsFile(profiles: ExternalAwsProfile[], profile?: string): S3ConfigurationProvider {
    const caller = 'S3ConfigurationProvider.forExternalCredentialsFile()';
    const list = Array.isArray(profiles) ? profiles : [];
    const given = list.flatMap((p, i) => (['accessKeyId', 'secretAccessKey', 'sessionToken'] as const)
      .filter((k) => (p as Record<string, unknown>)?.[k] !== undefined)
      .map((k) => `profiles[${i}].${k} is given, but the external store holds the credentials: leave it out`));
    throwIfProblemsAt(caller, given);
    const names = list.map((p) => ({ name: p?.name, withSessionToken: p?.withSessionToken }));
    const built = buildCredentialsFile(names, { external: true });
    throwIfProblemsAt(caller, built.problems);
    const selected = profile ?? DEFAULT_PROFILE;
    const available = names.map((p, i) => p.name ?? (i === 0 ? DEFAULT_PROFILE : ''));
    throwIfProblemsAt(caller, [available.includes(selected) ? undefined
      : { rule: 'aws-profile-missing', message: `profiles has no profile ${quote(selected)} (it has ${available.map(quote).join(', ')})` }]);
    const provider = new S3ConfigurationProvider();
    provider.init({ kind: StorageConfigurationKind.CREDENTIALS_FILE, source: 'external store', profile: selected, externalProfiles: names, settings: {} });
    return provider;
  }

  /**
   * Reads a credentials file and selects a profile, over `defaults` (settings as data: the
   * in-cluster MinIO's for `DefaultMinioConfigurationProvider`).
   * @internal
   */
  protected static _load(
    path: string, profile: string, caller: string, into: S3ConfigurationProvider = new S3ConfigurationProvider(),
    defaults: S3Settings = {}, kind: StorageConfigurationKind = StorageConfigurationKind.CREDENTIALS_FILE,
  ): S3ConfigurationProvider {
    const file = AwsCredentialsFile._read(path, caller);
    const keys = file._profile(profile);
    throwIfProblemsAt(caller, [
      !keys ? { rule: 'aws-profile-missing', message: `file ${quote(path)} has no profile ${quote(profile)} (it has ${file.profiles.map(quote).join(', ')})` }
        : !botocoreCredentials(keys) ? { rule: 'aws-profile-missing', message: `file ${quote(path)} profile ${quote(profile)} holds no ${ACCESS_KEY_ID} and ${SECRET_ACCESS_KEY}: botocore finds no credentials there and the AWS JS SDK fails (choose a profile with credentials)` }
          : undefined,
    ]);
    const { credentialsFromSecret: _fromSecret, ...settings } = defaults;
    into.init({
      kind,
      source: path,
      profile,
      file,
      settings: {
        ...settings,
        region: keys!.get('region') ?? defaults.region,
        accessKeyId: keys!.get(ACCESS_KEY_ID),
        secretAccessKey: keys!.get(SECRET_ACCESS_KEY),
        sessionToken: keys!.get(SESSION_TOKEN),
      },
    });
    return into;
  }

  /**
   * Checks settings over `defaults` and stores them in `into`. Without credentials in the given
   * settings, they come from the defaults' `credentialsFromSecret`, if any.
   * @internal
   */
  protected static _fromSettings(
    into: S3ConfigurationProvider, caller: string, kind: StorageConfigurationKind, source: string, given: S3Settings, defaults: S3Settings = {},
    caCertificates?: CaCertificates,
  ): S3ConfigurationProvider {
    const hasCredentials = given.accessKeyId !== undefined || given.secretAccessKey !== undefined;
    const defined = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)) as S3Settings;
    const settings: S3Settings = { ...defaults, ...defined, credentialsFromSecret: hasCredentials ? undefined : defaults.credentialsFromSecret };
    const rendered = renderAwsEnv(settings, { emitDefaultRegion: false, credentialsFromSecret: settings.credentialsFromSecret !== undefined, field: (v) => `variable ${v}` });
    throwIfProblemsAt(caller, rendered.problems);
    into.init({ kind, source, settings, caCertificates });
    return into;
  }

  /** Checks keyless props and holds them. */
  private static keyless(caller: string, method: AwsKeylessMethod, props: AwsWebIdentityProps | AwsKeylessProps): S3ConfigurationProvider {
    throwIfProblemsAt(caller, checkKeyless(method, props).problems);
    const provider = new S3ConfigurationProvider();
    const { namespace: _namespace, ...rest } = props;
    provider.init({
      kind: method === AwsKeylessMethod.WEB_IDENTITY ? StorageConfigurationKind.WEB_IDENTITY : StorageConfigurationKind.POD_IDENTITY,
      source: method,
      settings: { ...rest },
      keyless: { method, props: { ...rest } },
    });
    return provider;
  }

  private initialized = false;

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
    return this.state.file?.profiles ?? (this.state.externalProfiles ?? []).map((p, i) => p.name ?? (i === 0 ? DEFAULT_PROFILE : ''));
  }

  /** The credentials file, for providers loaded from one (its contents are never printed). */
  public get file(): AwsCredentialsFile | undefined {
    return this.state.file;
  }

  /** `AWS_REGION`. */
  public get region(): string | undefined {
    return this.state.settings.region;
  }

  /** `S3_ENDPOINT`. */
  public get s3Endpoint(): string | undefined {
    return this.state.settings.s3Endpoint;
  }

  /** `S3_SIGNATURE_VERSION`. */
  public get s3SignatureVersion(): S3SignatureVersion | undefined {
    return this.state.settings.s3SignatureVersion;
  }

  /** `S3_FORCE_PATH_STYLE`. */
  public get s3ForcePathStyle(): boolean | undefined {
    return this.state.settings.s3ForcePathStyle;
  }

  /** `S3_USE_HTTPS`. */
  public get s3UseHttps(): boolean | undefined {
    return this.state.settings.s3UseHttps;
  }

  /** `S3_VERIFY_SSL`. */
  public get s3VerifySsl(): boolean | undefined {
    return this.state.settings.s3VerifySsl;
  }

  /** `AWS_ENDPOINT_URL`. */
  public get endpointUrl(): string | undefined {
    return this.state.settings.endpointUrl;
  }

  /** `AWS_ENDPOINT_URL_S3`. */
  public get s3EndpointUrl(): string | undefined {
    return this.state.settings.s3EndpointUrl;
  }

  /** Where the credentials come from when they are not held here (the in-cluster MinIO Secret). */
  public get credentialsFromSecret(): SecretKeyCredentials | undefined {
    return this.state.settings.credentialsFromSecret;
  }

  /**
   * The CA certificates read from the file `AWS_CA_BUNDLE` named (`fromEnv` with
   * `CaBundleFromEnv.READ`): `NotebookAccess` writes them into a CA bundle of every namespace,
   * mounted in the storage PodDefault. `undefined` otherwise.
   */
  public get caCertificates(): CaCertificates | undefined {
    return this.state.caCertificates;
  }

  /** `AWS_ACCESS_KEY_ID`. A credential: do not log it. */
  public get accessKeyId(): string | undefined {
    return this.state.settings.accessKeyId;
  }

  /** `AWS_SECRET_ACCESS_KEY`. A credential: do not log it. */
  public get secretAccessKey(): string | undefined {
    return this.state.settings.secretAccessKey;
  }

  /** `AWS_SESSION_TOKEN`. A credential: do not log it. */
  public get sessionToken(): string | undefined {
    return this.state.settings.sessionToken;
  }

  /** The credentials file exactly as loaded, for providers loaded from one. It holds credentials: do not log it. */
  public credentialsFile(): string | undefined {
    return this.state.file?.text();
  }

  /** A description without credentials. */
  public toString(): string {
    const json = this.toJSON();
    const fields = Object.keys(json).filter((k) => k !== 'kind' && json[k] !== undefined).map((k) => `${k}: ${typeof json[k] === 'string' && json[k] !== REDACTED ? quote(json[k]) : JSON.stringify(json[k])}`);
    return `${this.constructor.name}(${fields.join(', ')})`;
  }

  /** What `JSON.stringify` shows: no credentials. */
  public toJSON(): { [key: string]: any } {
    const settings = this.state.settings;
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
      credentials: settings.accessKeyId !== undefined || this.state.file !== undefined ? REDACTED : undefined,
      credentialsFromSecret: this.credentialsFromSecret && {
        secretName: typeof this.credentialsFromSecret.secretName === 'string' ? this.credentialsFromSecret.secretName : this.credentialsFromSecret.secretName.name,
        accessKeyIdKey: this.credentialsFromSecret.accessKeyIdKey,
        secretAccessKeyKey: this.credentialsFromSecret.secretAccessKeyKey,
      },
    };
  }

  private init(state: State): void {
    STATE.set(this, state);
    this.initialized = true;
  }

  private get state(): State {
    if (!this.initialized) {
      throw new Error('this provider was not created by one of its factories');
    }
    return STATE.get(this);
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
      StorageConfigurationKind.MINIO, 'minio', {}, MINIO_SETTINGS);
  }

  /**
   * The MinIO defaults, overridden by the variables that are set (credentials included); the
   * result is a `DefaultMinioConfigurationProvider`.
   *
   * @param env the variables; default `process.env`
   * @param options what to do with `AWS_CA_BUNDLE`; refused by default
   */
  public static fromEnv(env?: { [name: string]: string }, options: S3FromEnvOptions = {}): S3ConfigurationProvider {
    const caller = 'DefaultMinioConfigurationProvider.fromEnv()';
    const read = readAwsEnv(env ?? process.env, { caBundle: options.caBundleFromEnv });
    const hasCredentials = read.settings.accessKeyId !== undefined || read.settings.secretAccessKey !== undefined;
    // Without credentials in the environment, they come from the in-cluster Secret.
    throwIfProblemsAt(caller, hasCredentials ? read.problems : read.problems.filter((p) => !p.message.includes('are not set')));
    const caCertificates = read.caBundlePath === undefined ? undefined : CaCertificates._read(read.caBundlePath, caller);
    noteLeftOut(read.leftOut);
    return S3ConfigurationProvider._fromSettings(new DefaultMinioConfigurationProvider(), caller, StorageConfigurationKind.MINIO, 'minio', read.settings, MINIO_SETTINGS, caCertificates);
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
      new DefaultMinioConfigurationProvider(), MINIO_SETTINGS, StorageConfigurationKind.MINIO);
  }

  protected constructor() {
    super();
  }
}

/** The keyless method and props of a provider (`fromWebIdentity`, `fromPodIdentity`); `undefined` for the others. */
export function keylessOf(
  provider: S3ConfigurationProvider,
): { readonly method: AwsKeylessMethod; readonly props: AwsWebIdentityProps | AwsKeylessProps } | undefined {
  return STATE.get(provider).keyless;
}

/** Whether a provider holds names and settings only, for an external store (`forExternalStore`, `forExternalCredentialsFile`). */
export function isExternalStore(provider: S3ConfigurationProvider): boolean {
  return provider.source === 'external store';
}

/** The profiles of a credentials file an external store holds (`forExternalCredentialsFile`), names only. */
export function externalProfilesOf(provider: S3ConfigurationProvider): readonly AwsProfileInput[] | undefined {
  return STATE.get(provider).externalProfiles;
}

/** The settings of a provider, credentials included, for the constructs that write them. */
export function settingsOf(provider: S3ConfigurationProvider): S3Settings {
  return STATE.get(provider).settings;
}
