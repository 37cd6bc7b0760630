/**
 * AWS and S3 environment variables (docs/rulebook.md, "Environment variables"), as injected
 * with `envFrom` from a Secret. Pure functions; messages name variables, never credential values.
 */
import type * as kplus from 'cdk8s-plus-27';
import { Problem, problem } from '../engine/rule-ids';
import { quote } from '../rules/text';
import { checkSecretValue } from '../rules/values';


/** What stands for a credential an external store holds, while the settings are checked (never written). */
export const EXTERNAL_STAND_IN = 'held-by-the-external-store';

/**
 * Credentials that are taken from keys of a Secret that exists in the namespace, instead of
 * being written: the PodDefault sets `AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY` with
 * `valueFrom.secretKeyRef`.
 */
export interface SecretKeyCredentials {
  /** The Secret: its name, or an `ISecret` (a `Secret` of any cdk8s-plus major, a cdk8s `ApiObject` Secret, or one of this library's credentials constructs; its namespace is checked). */
  readonly secretName: string | kplus.ISecret;

  /** The key holding the access key ID. */
  readonly accessKeyIdKey: string;

  /** The key holding the secret access key. */
  readonly secretAccessKeyKey: string;
}

/** The variables this library reads and writes. */
export const AWS_ENV = {
  accessKeyId: 'AWS_ACCESS_KEY_ID',
  secretAccessKey: 'AWS_SECRET_ACCESS_KEY',
  sessionToken: 'AWS_SESSION_TOKEN',
  region: 'AWS_REGION',
  defaultRegion: 'AWS_DEFAULT_REGION',
  s3Endpoint: 'S3_ENDPOINT',
  s3SignatureVersion: 'S3_SIGNATURE_VERSION',
  s3ForcePathStyle: 'S3_FORCE_PATH_STYLE',
  s3UseHttps: 'S3_USE_HTTPS',
  s3VerifySsl: 'S3_VERIFY_SSL',
  endpointUrl: 'AWS_ENDPOINT_URL',
  s3EndpointUrl: 'AWS_ENDPOINT_URL_S3',
  caBundle: 'AWS_CA_BUNDLE',
} as const;

/**
 * Variables that the notebook's S3 clients read and that `readAwsEnv` refuses rather than drop,
 * with the reason.
 */
const REFUSED_ENV: { readonly [name: string]: string } = {
  AWS_SECURITY_TOKEN: 'botocore reads it before AWS_SESSION_TOKEN and the AWS JS SDK ignores it; set AWS_SESSION_TOKEN instead',
};

/**
 * Variables about the machine that runs synth, never about the notebook, that `readAwsEnv` leaves
 * out (and names once on stderr): the AWS CLI's own settings, the machine's config and
 * credentials files and the profile chosen in them, and the identity of the machine itself (a CI
 * runner's container credentials, web identity or instance metadata). CI shells often set them.
 */
export const MACHINE_ENV: { readonly [name: string]: string } = {
  AWS_DEFAULT_OUTPUT: 'the AWS CLI\'s output format',
  AWS_PAGER: 'the AWS CLI\'s pager',
  AWS_CONFIG_FILE: 'a file on this machine',
  AWS_SHARED_CREDENTIALS_FILE: 'a file on this machine',
  AWS_PROFILE: 'a profile of this machine\'s files',
  AWS_DEFAULT_PROFILE: 'a profile of this machine\'s files',
  AWS_SDK_LOAD_CONFIG: 'the AWS JS SDK v2 on this machine',
  AWS_EXECUTION_ENV: 'the runtime this machine runs in',
  AWS_EC2_METADATA_DISABLED: 'this machine\'s instance metadata',
  AWS_METADATA_SERVICE_TIMEOUT: 'this machine\'s instance metadata',
  AWS_METADATA_SERVICE_NUM_ATTEMPTS: 'this machine\'s instance metadata',
  AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: 'this machine\'s container credentials',
  AWS_CONTAINER_CREDENTIALS_FULL_URI: 'this machine\'s container credentials',
  AWS_CONTAINER_AUTHORIZATION_TOKEN: 'this machine\'s container credentials',
  AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: 'this machine\'s container credentials',
  AWS_WEB_IDENTITY_TOKEN_FILE: 'this machine\'s web identity',
  AWS_ROLE_ARN: 'this machine\'s web identity',
  AWS_ROLE_SESSION_NAME: 'this machine\'s web identity',
};

/** Prefixes of variables about the machine that runs synth: the AWS CLI's (`AWS_CLI_AUTO_PROMPT`, `AWS_CLI_FILE_ENCODING`, ...). */
const MACHINE_ENV_PREFIXES = ['AWS_CLI_'];

/** Whether a variable is about the machine that runs synth (left out by `fromEnv`). */
export function isMachineVariable(name: string): boolean {
  return MACHINE_ENV[name] !== undefined || MACHINE_ENV_PREFIXES.some((p) => name.startsWith(p));
}

/**
 * What `fromEnv` does with `AWS_CA_BUNDLE`, which names a CA bundle file on the machine that
 * runs synth.
 */
export enum CaBundleFromEnv {
  /** Refuse it, pointing at `CaBundle` (a notebook does not have that machine's file). */
  REFUSE = 'refuse',
  /** Leave it out (it is about this machine only, like `AWS_PAGER`), and say so on stderr. */
  LEAVE_OUT = 'leave-out',
  /** Read the file it names into a CA bundle for the notebooks (a ConfigMap, mounted with `AWS_CA_BUNDLE` and the other variables). */
  READ = 'read',
}

/** The variable sets already named on stderr in this process: each is said once. */
const NOTED = new Set<string>();

/** Says once on stderr which variables `fromEnv` left out, and why. */
export function noteLeftOut(names: readonly string[]): void {
  const key = names.join(',');
  if (names.length === 0 || NOTED.has(key)) {
    return;
  }
  NOTED.add(key);
  process.stderr.write(`cdk8s-kubeflow-credentials: fromEnv leaves out ${names.join(', ')}: ${names.length > 1 ? 'they are' : 'it is'} about the machine that runs synth (${[...new Set(names.map((n) => MACHINE_ENV[n] ?? (n === AWS_ENV.caBundle ? 'a file on this machine' : 'the AWS CLI')))].join('; ')}), not about the notebook (README, "Environment variables")\n`);
}

/**
 * The S3 request signature version (`S3_SIGNATURE_VERSION`).
 */
export enum S3SignatureVersion {
  /** Signature version 4, the current one (`s3v4`). */
  S3V4 = 's3v4',
  /** The legacy signature version 2 (`s3`). */
  S3 = 's3',
}


/**
 * The in-cluster MinIO of Kubeflow, as data (docs/rulebook.md, "In-cluster MinIO"): the
 * defaults of `AwsEnvConfiguration.minio()` and `DefaultMinioConfigurationProvider`, each of
 * which can be overridden. Credentials come from the Secret that Kubeflow Pipelines creates in
 * every profile namespace, so that none is written.
 */
export const MINIO_SETTINGS: S3Settings = {
  s3Endpoint: 'http://minio-service.kubeflow:9000',
  region: 'us-east-1',
  s3SignatureVersion: S3SignatureVersion.S3V4,
  s3ForcePathStyle: true,
  credentialsFromSecret: { secretName: 'mlpipeline-minio-artifact', accessKeyIdKey: 'accesskey', secretAccessKeyKey: 'secretkey' },
};

/**
 * Google Cloud Storage through its S3-compatible XML API (GCS docs, "Cloud Storage
 * interoperability" and "Simple migration from Amazon S3"): the XML API endpoint for every S3
 * client (`S3_ENDPOINT` for TensorFlow, `AWS_ENDPOINT_URL_S3` for botocore 1.31+ and the AWS SDKs),
 * V4 signatures with HMAC keys, and the location `auto` that GCS takes in V4 credential scopes.
 */
export const GCS_HMAC_SETTINGS: S3Settings = {
  s3Endpoint: 'https://storage.googleapis.com',
  s3EndpointUrl: 'https://storage.googleapis.com',
  region: 'auto',
  s3SignatureVersion: S3SignatureVersion.S3V4,
};

const REGION = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const HOST = /^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$/;
const SIGNATURE_VERSIONS = ['s3v4', 's3'];

/**
 * S3 settings and credentials, as notebooks receive them in environment variables: the one
 * shape that `AwsEnvConfiguration` takes, `S3ConfigurationProvider` holds, `fromEnv` reads and
 * the in-cluster MinIO's defaults (`MINIO_SETTINGS`) are written in.
 */
export interface S3Settings {
  /**
   * `AWS_ACCESS_KEY_ID`. Required together with `secretAccessKey`, unless `credentialsFromSecret`
   * is given or the output is external (`SecretOutput.external`: the store holds both, and values
   * given here are not used). Never printed in errors.
   *
   * @default - none
   */
  readonly accessKeyId?: string;

  /**
   * `AWS_SECRET_ACCESS_KEY`. Never printed in errors.
   *
   * @default - none
   */
  readonly secretAccessKey?: string;

  /**
   * `AWS_SESSION_TOKEN`, for temporary credentials. Never printed in errors.
   *
   * @default - not written
   */
  readonly sessionToken?: string;

  /**
   * `AWS_REGION`, e.g. `us-east-1`.
   *
   * @default - not written
   */
  readonly region?: string;

  /**
   * `S3_ENDPOINT`: the complete URL of the endpoint (`https://s3.example.com`,
   * `http://minio-service.kubeflow:9000`), or `host:port` with `s3UseHttps`.
   *
   * @default - not written (AWS's endpoint for the region)
   */
  readonly s3Endpoint?: string;

  /**
   * `S3_SIGNATURE_VERSION`.
   *
   * @default - not written
   */
  readonly s3SignatureVersion?: S3SignatureVersion;

  /**
   * `S3_FORCE_PATH_STYLE`, written as `true` or `false`. MinIO and most S3-compatible stores
   * need path-style access.
   *
   * @default - not written
   */
  readonly s3ForcePathStyle?: boolean;

  /**
   * `S3_USE_HTTPS`, written as `1` or `0`: TensorFlow's switch for a `host:port` endpoint.
   *
   * @default - not written
   */
  readonly s3UseHttps?: boolean;

  /**
   * `S3_VERIFY_SSL`, written as `1` or `0`: whether TensorFlow verifies the endpoint's TLS certificate.
   *
   * @default - not written (TensorFlow verifies)
   */
  readonly s3VerifySsl?: boolean;

  /**
   * `AWS_ENDPOINT_URL`: the endpoint of every AWS service for botocore (1.31+) and the AWS SDKs,
   * a complete URL. Set it (or `s3EndpointUrl`) for MinIO, or boto3 sends the keys to AWS.
   *
   * @default - not written
   */
  readonly endpointUrl?: string;

  /**
   * `AWS_ENDPOINT_URL_S3`: the S3 endpoint for botocore (1.31+) and the AWS SDKs, a complete URL.
   *
   * @default - not written
   */
  readonly s3EndpointUrl?: string;

  /**
   * Also write `AWS_DEFAULT_REGION` with the region: boto3 and the AWS CLI read
   * `AWS_DEFAULT_REGION` and ignore `AWS_REGION`.
   *
   * @default true
   */
  readonly emitDefaultRegion?: boolean;

  /**
   * Take the access key ID and secret access key from keys of a Secret that exists in the
   * namespace (e.g. Kubeflow Pipelines' `mlpipeline-minio-artifact`), so that no credential is
   * written at all.
   *
   * @default - the credentials are written into this construct's Secret
   */
  readonly credentialsFromSecret?: SecretKeyCredentials;
}

/** Checks a region name such as `us-east-1`. */
export function checkRegion(field: string, region: string): string | undefined {
  if (typeof region !== 'string' || !REGION.test(region)) {
    return `${field} ${quote(String(region))} is not a region name (lower-case letters, digits and dashes, e.g. "us-east-1")`;
  }
  return undefined;
}

/**
 * Checks an S3 endpoint: a complete http(s) URL without credentials, path, query or fragment
 * (`http://minio-service.kubeflow:9000`), or `host:port` (TensorFlow's form, with S3_USE_HTTPS
 * choosing the scheme).
 */
export function checkS3Endpoint(field: string, endpoint: string): string | undefined {
  const rule = 'a complete URL such as "http://minio-service.kubeflow:9000" or "https://s3.example.com", or host:port';
  if (typeof endpoint !== 'string' || endpoint.length === 0) {
    return `${field} is empty (${rule})`;
  }
  if (/[\s\u0000-\u001f\u007f]/.test(endpoint)) {
    return `${field} contains whitespace or a control character (${rule})`;
  }
  if (endpoint.includes('@')) {
    return `${field} contains "@": credentials do not belong in the endpoint (it is not quoted here for that reason)`;
  }
  if (endpoint.includes('://')) {
    let url: URL;
    try {
      url = new URL(endpoint);
    } catch {
      return `${field} ${quote(endpoint)} is not a URL (${rule})`;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      return `${field} ${quote(endpoint)} has scheme ${quote(url.protocol.replace(/:$/, ''))} (use http or https)`;
    }
    if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) {
      return `${field} ${quote(endpoint)} has a path, query or fragment (the S3 clients expect only scheme, host and port)`;
    }
    return undefined;
  }
  const [host, port, extra] = endpoint.split(':');
  const portNumber = Number(port);
  if (extra !== undefined || !HOST.test(host) || port === undefined || !/^[0-9]+$/.test(port) || portNumber < 1 || portNumber > 65535) {
    return `${field} ${quote(endpoint)} is neither a URL nor host:port (${rule})`;
  }
  return undefined;
}

/** Checks an `AWS_ENDPOINT_URL*` value: a complete http(s) URL, as botocore and the AWS SDKs require. */
export function checkEndpointUrl(field: string, endpoint: string): string | undefined {
  if (typeof endpoint === 'string' && !endpoint.includes('://') && !/[\s@]/.test(endpoint)) {
    return `${field} ${quote(endpoint)} has no http:// or https:// (botocore and the AWS SDKs need the complete URL, e.g. "http://minio-service.kubeflow:9000")`;
  }
  return checkS3Endpoint(field, endpoint);
}

/**
 * Checks settings and renders them as environment variables, in a fixed order. With
 * `credentialsFromSecret`, the access key and secret key come from elsewhere (secretKeyRef) and
 * are neither required nor written.
 */
export function renderAwsEnv(
  settings: S3Settings,
  options: { emitDefaultRegion: boolean; credentialsFromSecret: boolean; field: (variable: string) => string },
): { problems: Problem[]; variables: Array<[string, string]> } {
  const problems: Array<Problem | undefined> = [];
  const variables: Array<[string, string]> = [];
  const field = options.field;
  const credential = (variable: string, value: string | undefined, required: boolean) => {
    if (value === undefined) {
      if (required) {
        problems.push({ rule: 'aws-env-keys', message: `${field(variable)} is missing (${AWS_ENV.accessKeyId} and ${AWS_ENV.secretAccessKey} are required together)` });
      }
      return;
    }
    problems.push(checkSecretValue(field(variable), value, { noWhitespace: true }));
    variables.push([variable, value]);
  };

  if (options.credentialsFromSecret) {
    if (settings.accessKeyId !== undefined || settings.secretAccessKey !== undefined) {
      problems.push({ rule: 'aws-env-keys', message: 'accessKeyId and secretAccessKey cannot be given together with credentialsFromSecret (choose one source)' });
    }
  } else {
    credential(AWS_ENV.accessKeyId, settings.accessKeyId, true);
    credential(AWS_ENV.secretAccessKey, settings.secretAccessKey, true);
  }
  credential(AWS_ENV.sessionToken, settings.sessionToken, false);

  if (settings.region !== undefined) {
    problems.push(problem('aws-region', checkRegion(field(AWS_ENV.region), settings.region)));
    variables.push([AWS_ENV.region, settings.region]);
    if (options.emitDefaultRegion) {
      variables.push([AWS_ENV.defaultRegion, settings.region]);
    }
  }
  if (settings.s3Endpoint !== undefined) {
    problems.push(problem('s3-endpoint', checkS3Endpoint(field(AWS_ENV.s3Endpoint), settings.s3Endpoint)));
    variables.push([AWS_ENV.s3Endpoint, settings.s3Endpoint]);
  }
  if (settings.s3SignatureVersion !== undefined) {
    if (!SIGNATURE_VERSIONS.includes(settings.s3SignatureVersion)) {
      problems.push({ rule: 's3-signature-version', message: `${field(AWS_ENV.s3SignatureVersion)} ${quote(String(settings.s3SignatureVersion))} is not a signature version ("s3v4", the current one, or "s3", the legacy one)` });
    }
    variables.push([AWS_ENV.s3SignatureVersion, settings.s3SignatureVersion]);
  }
  if (settings.s3ForcePathStyle !== undefined) {
    if (typeof settings.s3ForcePathStyle !== 'boolean') {
      problems.push({ rule: 's3-endpoint', message: `${field(AWS_ENV.s3ForcePathStyle)} is not a boolean (true or false)` });
    }
    variables.push([AWS_ENV.s3ForcePathStyle, String(settings.s3ForcePathStyle)]);
  }
  if (settings.s3UseHttps !== undefined) {
    if (typeof settings.s3UseHttps !== 'boolean') {
      problems.push({ rule: 's3-endpoint', message: `${field(AWS_ENV.s3UseHttps)} is not a boolean (true or false)` });
    }
    variables.push([AWS_ENV.s3UseHttps, settings.s3UseHttps ? '1' : '0']);
  }
  if (settings.s3VerifySsl !== undefined) {
    if (typeof settings.s3VerifySsl !== 'boolean') {
      problems.push({ rule: 's3-endpoint', message: `${field(AWS_ENV.s3VerifySsl)} is not a boolean (true or false)` });
    }
    variables.push([AWS_ENV.s3VerifySsl, settings.s3VerifySsl ? '1' : '0']);
  }
  for (const [variable, value] of [[AWS_ENV.endpointUrl, settings.endpointUrl], [AWS_ENV.s3EndpointUrl, settings.s3EndpointUrl]] as const) {
    if (value !== undefined) {
      problems.push(problem('s3-endpoint', checkEndpointUrl(field(variable), value)));
      variables.push([variable, value]);
    }
  }
  return { problems: problems.filter((p): p is Problem => p !== undefined), variables };
}

/**
 * Reads the documented variables from an environment map. Boolean variables accept `true` and
 * `false` (S3_USE_HTTPS also `1` and `0`, TensorFlow's spelling); anything else is a problem.
 */
export function readAwsEnv(
  env: { readonly [name: string]: string | undefined }, options: { caBundle?: CaBundleFromEnv } = {},
): { problems: Problem[]; settings: S3Settings; leftOut: string[]; caBundlePath?: string } {
  const problems: Problem[] = [];
  const keys = (message: string) => problems.push({ rule: 'aws-env-keys', message });
  const get = (name: string) => {
    const value = env[name];
    return value === undefined || value === '' ? undefined : value;
  };
  const bool = (name: string, truthy: string[], falsy: string[]): boolean | undefined => {
    const value = get(name);
    if (value === undefined) {
      return undefined;
    }
    if (truthy.includes(value)) {
      return true;
    }
    if (falsy.includes(value)) {
      return false;
    }
    problems.push({ rule: 's3-endpoint', message: `environment variable ${name} is ${quote(value)}; it must be ${[...truthy, ...falsy].map(quote).join(' or ')}` });
    return undefined;
  };
  if (get(AWS_ENV.accessKeyId) === undefined || get(AWS_ENV.secretAccessKey) === undefined) {
    const missing = [AWS_ENV.accessKeyId, AWS_ENV.secretAccessKey].filter((n) => get(n) === undefined);
    keys(`environment variable${missing.length > 1 ? 's' : ''} ${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not set (both are required)`);
  }
  const region = get(AWS_ENV.region);
  const defaultRegion = get(AWS_ENV.defaultRegion);
  if (region !== undefined && defaultRegion !== undefined && region !== defaultRegion) {
    problems.push({ rule: 'aws-region', message: `environment variables ${AWS_ENV.region} (${quote(region)}) and ${AWS_ENV.defaultRegion} (${quote(defaultRegion)}) differ: the AWS JS SDK reads the first, botocore the second (set them to one region)` });
  }
  for (const [name, reason] of Object.entries(REFUSED_ENV)) {
    if (get(name) !== undefined && !(name === 'AWS_SECURITY_TOKEN' && get(name) === get(AWS_ENV.sessionToken))) {
      keys(`environment variable ${name} is set: ${reason}`);
    }
  }
  // Variables about this machine are left out even when empty (`AWS_PAGER=` turns the CLI's pager off).
  const leftOut = Object.keys(env).filter((name) => isMachineVariable(name) && env[name] !== undefined).sort();
  const caBundle = options.caBundle ?? CaBundleFromEnv.REFUSE;
  const caBundlePath = get(AWS_ENV.caBundle);
  if (caBundlePath !== undefined && caBundle === CaBundleFromEnv.REFUSE) {
    problems.push({
      rule: 'aws-env-machine',
      message: `environment variable ${AWS_ENV.caBundle} is set: it names a CA bundle file on the machine that runs synth, which notebooks do not have; `
        + 'give notebooks a CA bundle with CaBundle (or NotebookAccess caBundle), or pass caBundleFromEnv: CaBundleFromEnv.READ to read that file into one '
        + '(CaBundleFromEnv.LEAVE_OUT when it is about this machine only)',
    });
  } else if (caBundlePath !== undefined && caBundle === CaBundleFromEnv.LEAVE_OUT) {
    leftOut.push(AWS_ENV.caBundle);
  }
  const known = new Set<string>([...Object.values(AWS_ENV), ...Object.keys(REFUSED_ENV)]);
  const unknown = Object.keys(env).filter((name) => /^(AWS|S3)_/.test(name) && !known.has(name) && !isMachineVariable(name) && get(name) !== undefined).sort();
  if (unknown.length > 0) {
    keys(`environment variable${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} ${unknown.length > 1 ? 'are' : 'is'} read by the S3 clients but not carried into the Secret by fromEnv (unset ${unknown.length > 1 ? 'them' : 'it'}, or set ${unknown.length > 1 ? 'them' : 'it'} with NotebookPodDefault.addEnv)`);
  }
  const settings: S3Settings = {
    accessKeyId: get(AWS_ENV.accessKeyId),
    secretAccessKey: get(AWS_ENV.secretAccessKey),
    sessionToken: get(AWS_ENV.sessionToken),
    region: region ?? defaultRegion,
    s3Endpoint: get(AWS_ENV.s3Endpoint),
    // Checked by renderAwsEnv below, like every other setting.
    s3SignatureVersion: get(AWS_ENV.s3SignatureVersion) as S3SignatureVersion | undefined,
    s3ForcePathStyle: bool(AWS_ENV.s3ForcePathStyle, ['true'], ['false']),
    s3UseHttps: bool(AWS_ENV.s3UseHttps, ['1', 'true'], ['0', 'false']),
    s3VerifySsl: bool(AWS_ENV.s3VerifySsl, ['1', 'true'], ['0', 'false']),
    endpointUrl: get(AWS_ENV.endpointUrl),
    s3EndpointUrl: get(AWS_ENV.s3EndpointUrl),
  };
  // Checked here, so that messages name the environment variable that was read.
  const rendered = renderAwsEnv(settings, { emitDefaultRegion: false, credentialsFromSecret: false, field: (v) => `environment variable ${v}` });
  problems.push(...rendered.problems.filter((p) => p.rule !== 'aws-env-keys'));
  return { problems, settings, leftOut, caBundlePath: caBundle === CaBundleFromEnv.READ ? caBundlePath : undefined };
}

/**
 * Checks the AWS and S3 variables of a Secret that notebooks receive with `envFrom` (written by
 * anyone), as the S3 clients read them: credentials without newline, control characters or
 * whitespace, both keys or neither, and each setting in the form its readers accept. Variables
 * this library does not know are left alone (the clients read many more). `field` names a key.
 */
export function checkAwsEnvValues(values: ReadonlyMap<string, string>, field: (key: string) => string): Problem[] {
  const problems: Array<Problem | undefined> = [];
  for (const key of [AWS_ENV.accessKeyId, AWS_ENV.secretAccessKey, AWS_ENV.sessionToken]) {
    const value = values.get(key);
    if (value !== undefined) {
      problems.push(checkSecretValue(field(key), value, { noWhitespace: true }));
    }
  }
  const has = (key: string) => values.has(key);
  if (has(AWS_ENV.accessKeyId) !== has(AWS_ENV.secretAccessKey)) {
    const [present, missing] = has(AWS_ENV.accessKeyId)
      ? [AWS_ENV.accessKeyId, AWS_ENV.secretAccessKey]
      : [AWS_ENV.secretAccessKey, AWS_ENV.accessKeyId];
    problems.push({ rule: 'aws-env-keys', message: `${field(missing)} is missing (${AWS_ENV.accessKeyId} and ${AWS_ENV.secretAccessKey} are required together; with ${present} alone botocore fails with PartialCredentialsError)` });
  }
  const setting = (rule: Problem['rule'], key: string, check: (f: string, v: string) => string | undefined) => {
    const value = values.get(key);
    if (value === undefined) {
      return;
    }
    // A setting is not secret, but the trailing-newline trap is the same.
    problems.push(value.endsWith('\n') || value.endsWith('\r') ? checkSecretValue(field(key), value) : problem(rule, check(field(key), value)));
  };
  setting('aws-region', AWS_ENV.region, checkRegion);
  setting('aws-region', AWS_ENV.defaultRegion, checkRegion);
  const [region, defaultRegion] = [values.get(AWS_ENV.region), values.get(AWS_ENV.defaultRegion)];
  if (region !== undefined && defaultRegion !== undefined && region !== defaultRegion) {
    problems.push({ rule: 'aws-region', message: `${field(AWS_ENV.region)} and ${AWS_ENV.defaultRegion} differ: the AWS JS SDK reads the first, botocore the second (set them to one region)` });
  }
  setting('s3-endpoint', AWS_ENV.s3Endpoint, checkS3Endpoint);
  setting('s3-endpoint', AWS_ENV.endpointUrl, checkEndpointUrl);
  setting('s3-endpoint', AWS_ENV.s3EndpointUrl, checkEndpointUrl);
  setting('s3-signature-version', AWS_ENV.s3SignatureVersion, (f, v) => (SIGNATURE_VERSIONS.includes(v)
    ? undefined : `${f} ${quote(v)} is not a signature version ("s3v4", the current one, or "s3", the legacy one)`));
  const oneOf = (allowed: string[]) => (f: string, v: string) => (allowed.includes(v) ? undefined : `${f} ${quote(v)} is not ${allowed.map(quote).join(' or ')}`);
  setting('s3-endpoint', AWS_ENV.s3ForcePathStyle, oneOf(['true', 'false']));
  setting('s3-endpoint', AWS_ENV.s3UseHttps, oneOf(['1', '0', 'true', 'false']));
  setting('s3-endpoint', AWS_ENV.s3VerifySsl, oneOf(['1', '0', 'true', 'false']));
  return problems.filter((p): p is Problem => p !== undefined);
}
