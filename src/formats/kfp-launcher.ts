/**
 * The Kubeflow Pipelines v2 launcher's configuration: the ConfigMap `kfp-launcher` of a profile
 * namespace, whose `defaultPipelineRoot` says where the steps of a run write their artifacts and
 * whose `providers` (a YAML text) says how to reach each object store. As the launcher reads it
 * (kubeflow/pipelines `backend/src/v2/config/env.go`: `FromConfigMap`, `DefaultPipelineRoot`,
 * `getBucketProviders` with sigs.k8s.io/yaml into `BucketProviders`; `s3.go`, `minio.go`, `gcs.go`:
 * the provider structs and `ProvideSessionInfo`; `backend/src/v2/objectstore/config.go`:
 * `bucketPattern` and `ParseBucketPathToConfig`; `object_store.go`: the Secret keys read).
 *
 * sigs.k8s.io/yaml turns the YAML into JSON for Go's encoding/json: field names match in any
 * case, unknown fields are dropped in silence, a value of the wrong type fails the step. A root
 * whose scheme has no provider entry falls back to the step's environment (s3, gs) or to the
 * in-cluster default (minio); `fromEnv: false` without a `secretRef` makes the launcher fail on a
 * nil pointer. Pure functions; messages quote names, keys and paths, which are not secrets.
 */
import { parseDocument, stringify } from 'yaml';
import { kubectlTags } from './kubectl-yaml';
import { Problem } from '../engine/rule-ids';
import { quote } from '../rules/text';

/** The launcher's ConfigMap and keys (env.go). */
export const KFP_LAUNCHER = {
  configMapName: 'kfp-launcher',
  rootKey: 'defaultPipelineRoot',
  providersKey: 'providers',
} as const;

/** A pipeline root as the launcher parses it (objectstore/config.go `bucketPattern`). */
const BUCKET_PATTERN = /(^[a-z][a-z0-9]+:\/\/\/?)([^/?]+)(\/[^?]*)?(\?.+)?$/;
/** The schemes `ParseBucketPathToConfig` accepts, and the provider entry each reads (mem:// has none). */
const SCHEMES: { readonly [scheme: string]: string | undefined } = { 's3://': 's3', 'minio://': 'minio', 'gs://': 'gs', 'mem://': undefined };

/** The fields of each provider struct (the Go `json` tags), and their JSON types. */
type FieldType = 'string' | 'bool' | 'int' | { readonly [field: string]: FieldType } | readonly [FieldType];
const S3_SECRET_REF: FieldType = { secretName: 'string', accessKeyKey: 'string', secretKeyKey: 'string' };
const GCS_SECRET_REF: FieldType = { secretName: 'string', tokenKey: 'string' };
const S3_CREDENTIALS: FieldType = { fromEnv: 'bool', secretRef: S3_SECRET_REF };
const GCS_CREDENTIALS: FieldType = { fromEnv: 'bool', secretRef: GCS_SECRET_REF };
const S3_PROVIDER: FieldType = {
  default: { endpoint: 'string', credentials: S3_CREDENTIALS, region: 'string', disableSSL: 'bool', forcePathStyle: 'bool', maxRetries: 'int' },
  Overrides: [{
    endpoint: 'string', region: 'string', disableSSL: 'bool', bucketName: 'string', keyPrefix: 'string', credentials: S3_CREDENTIALS, forcePathStyle: 'bool', maxRetries: 'int',
  }],
};
const GCS_PROVIDER: FieldType = {
  default: { credentials: GCS_CREDENTIALS },
  Overrides: [{ bucketName: 'string', keyPrefix: 'string', credentials: GCS_CREDENTIALS }],
};
/** `BucketProviders` (env.go). */
const BUCKET_PROVIDERS: FieldType = { minio: S3_PROVIDER, s3: S3_PROVIDER, gs: GCS_PROVIDER };

/** A Secret key the launcher reads, and where the reference is. */
export interface LauncherSecretRef {
  readonly field: string;
  readonly secretName: string;
  readonly key: string;
}

/** What the launcher's configuration gives: its problems, and the Secret keys it reads. */
export interface LauncherCheck {
  readonly problems: Problem[];
  readonly secretRefs: LauncherSecretRef[];
}

/** The value of a field of a Go struct, matched as encoding/json matches names (exactly, else in any case). */
function fieldOf(object: Record<string, unknown>, name: string): { key?: string; value?: unknown } {
  if (Object.prototype.hasOwnProperty.call(object, name)) {
    return { key: name, value: object[name] };
  }
  const key = Object.keys(object).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? {} : { key, value: object[key] };
}

/** Checks a decoded value against a struct's fields: types as encoding/json needs them, unknown fields named. */
function checkShape(value: unknown, type: FieldType, at: string, add: (message: string) => void): void {
  if (value === null || value === undefined) {
    return;
  }
  if (type === 'string' || type === 'bool' || type === 'int') {
    const ok = type === 'string' ? typeof value === 'string' : type === 'bool' ? typeof value === 'boolean' : Number.isInteger(value);
    if (!ok) {
      add(`${at} is ${Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'a mapping' : `a ${typeof value}`}, not a ${type === 'bool' ? 'boolean (true or false)' : type === 'int' ? 'whole number' : 'string'}: the launcher fails to read the providers ("cannot unmarshal ...")`);
    }
    return;
  }
  if (Array.isArray(type)) {
    if (!Array.isArray(value)) {
      add(`${at} is not a list: the launcher fails to read the providers`);
      return;
    }
    value.forEach((item, i) => checkShape(item, type[0], `${at}[${i}]`, add));
    return;
  }
  if (typeof value !== 'object' || Array.isArray(value)) {
    add(`${at} is not a mapping: the launcher fails to read the providers`);
    return;
  }
  const fields = type as { readonly [field: string]: FieldType };
  const known = Object.keys(fields).map((f) => f.toLowerCase());
  for (const key of Object.keys(value as object)) {
    if (!known.includes(key.toLowerCase())) {
      add(`${at}.${key} is not a field the launcher knows (${Object.keys(fields).join(', ')}): it is dropped in silence (check its spelling and where it sits)`);
    }
  }
  for (const [field, fieldType] of Object.entries(fields)) {
    const found = fieldOf(value as Record<string, unknown>, field);
    if (found.key !== undefined) {
      checkShape(found.value, fieldType, `${at}.${found.key}`, add);
    }
  }
}

/**
 * Checks a `kfp-launcher` ConfigMap's data as the launcher reads it, for the steps of a run whose
 * pipeline root is `defaultPipelineRoot`: the root's form and scheme, the providers' YAML and
 * structure, a provider entry for the root's scheme with default credentials (a `secretRef` with
 * its keys, or `fromEnv`), and a region for S3 and MinIO. Returns the Secret keys it reads, for
 * the namespace's Secrets to be checked against.
 */
export function checkLauncherConfig(data: { readonly [key: string]: unknown }, field: string): LauncherCheck {
  const problems: Problem[] = [];
  const secretRefs: LauncherSecretRef[] = [];
  const root = data[KFP_LAUNCHER.rootKey];
  let scheme: string | undefined;
  if (root !== undefined && root !== '') {
    const match = typeof root === 'string' ? BUCKET_PATTERN.exec(root) : null;
    if (match === null || !(match[1] in SCHEMES)) {
      problems.push({
        rule: 'kfp-launcher-root',
        message: `${field} ${KFP_LAUNCHER.rootKey} ${quote(String(root))} is not a pipeline root the launcher reads (s3://bucket/prefix, minio://bucket/prefix or gs://bucket/prefix): every step fails ("unsupported Cloud bucket")`,
      });
    } else {
      scheme = match[1];
    }
  }
  const text = data[KFP_LAUNCHER.providersKey];
  if (text === undefined || text === '') {
    if (scheme === 's3://' || scheme === 'gs://') {
      problems.push({ rule: 'kfp-launcher-provider', message: `${field} has no ${KFP_LAUNCHER.providersKey} for the ${scheme} root: the steps read credentials from their own environment (usually none) and fail to write artifacts; add the ${SCHEMES[scheme]} provider` });
    }
    return { problems, secretRefs };
  }
  const add = (message: string) => problems.push({ rule: 'kfp-launcher-provider', message: `${field} ${KFP_LAUNCHER.providersKey}: ${message}` });
  let providers: unknown;
  if (typeof text !== 'string') {
    add('is not a string (a YAML text)');
    return { problems, secretRefs };
  }
  const document = parseDocument(text, { version: '1.1', customTags: kubectlTags, uniqueKeys: true });
  if (document.errors.length > 0) {
    add(`is not valid YAML (line ${document.errors[0].linePos?.[0].line ?? '?'}): the launcher fails to read the providers ("failed to unmarshall kfp bucket providers")`);
    return { problems, secretRefs };
  }
  try {
    providers = document.toJS({ maxAliasCount: 100 });
  } catch {
    add('cannot be read (an alias or merge key that does not resolve)');
    return { problems, secretRefs };
  }
  checkShape(providers, BUCKET_PROVIDERS, 'providers', add);
  const top = providers !== null && typeof providers === 'object' && !Array.isArray(providers) ? providers as Record<string, unknown> : {};
  for (const provider of ['s3', 'minio', 'gs'] as const) {
    const entry = fieldOf(top, provider).value;
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
      if (scheme !== undefined && SCHEMES[scheme] === provider && (scheme === 's3://' || scheme === 'gs://')) {
        add(`has no ${provider} entry for the ${scheme} root: the steps read credentials from their own environment (usually none) and fail to write artifacts`);
      }
      continue;
    }
    const config = entry as Record<string, unknown>;
    const defaults = fieldOf(config, 'default').value as Record<string, unknown> | undefined;
    const overrides = fieldOf(config, 'Overrides').value;
    const entries: Array<[string, Record<string, unknown> | undefined]> = [
      [`${provider}.default`, defaults !== null && typeof defaults === 'object' ? defaults : undefined],
      ...(Array.isArray(overrides) ? overrides.map((o, i): [string, Record<string, unknown> | undefined] => [`${provider}.overrides[${i}]`, o !== null && typeof o === 'object' ? o : undefined]) : []),
    ];
    if ((defaults === undefined || defaults === null) && overrides !== undefined && overrides !== null) {
      add(`${provider} has overrides and no default: the launcher fails ("missing default credentials")`);
    }
    for (const [at, settings] of entries) {
      if (settings === undefined) {
        continue;
      }
      const credentials = fieldOf(settings, 'credentials').value as Record<string, unknown> | undefined;
      if (credentials === undefined || credentials === null || typeof credentials !== 'object') {
        add(`${at} has no credentials: the launcher fails ("missing default credentials"); give a secretRef, or fromEnv: true`);
        continue;
      }
      const fromEnv = fieldOf(credentials, 'fromEnv').value === true;
      const ref = fieldOf(credentials, 'secretRef').value as Record<string, unknown> | undefined;
      if (!fromEnv && (ref === undefined || ref === null || typeof ref !== 'object')) {
        add(`${at}.credentials has neither fromEnv: true nor a secretRef: the launcher fails on a missing reference`);
      } else if (!fromEnv) {
        const secretName = fieldOf(ref!, 'secretName').value;
        const keys = provider === 'gs' ? ['tokenKey'] : ['accessKeyKey', 'secretKeyKey'];
        if (typeof secretName !== 'string' || secretName === '') {
          add(`${at}.credentials.secretRef has no secretName`);
        }
        for (const keyField of keys) {
          const key = fieldOf(ref!, keyField).value;
          if (typeof key !== 'string' || key === '') {
            add(`${at}.credentials.secretRef has no ${keyField}: the launcher reads key "" ("not found or is empty")`);
          } else if (typeof secretName === 'string' && secretName !== '') {
            secretRefs.push({ field: `${field} ${KFP_LAUNCHER.providersKey} ${at}.credentials.secretRef.${keyField}`, secretName, key });
          }
        }
      }
      if (provider !== 'gs' && at.endsWith('.default')) {
        const region = fieldOf(settings, 'region').value;
        if (typeof region !== 'string' || region === '') {
          add(`${at} has no region: the S3 client of the launcher has none to sign with (AWS needs the bucket's region; MinIO and Ceph take any, e.g. "us-east-1")`);
        }
      }
    }
  }
  return { problems, secretRefs };
}

/** One provider of a launcher configuration: what the library writes. */
export interface LauncherProvider {
  readonly scheme: 's3' | 'minio' | 'gs';
  /** `host[:port]`, for s3 and minio. */
  readonly endpoint?: string;
  readonly region?: string;
  readonly disableSSL?: boolean;
  readonly forcePathStyle?: boolean;
  /** The Secret and its keys, or `undefined` for `fromEnv: true`. */
  readonly secretRef?: { readonly secretName: string; readonly accessKeyKey?: string; readonly secretKeyKey?: string; readonly tokenKey?: string };
}

/** The `providers` YAML text of one provider, in the launcher's field names (as KFP's docs write it). */
export function providersYaml(provider: LauncherProvider): string {
  const credentials = provider.secretRef === undefined
    ? { fromEnv: true }
    : { fromEnv: false, secretRef: provider.scheme === 'gs' ? { secretName: provider.secretRef.secretName, tokenKey: provider.secretRef.tokenKey } : { ...provider.secretRef } };
  const defaults = provider.scheme === 'gs'
    ? { credentials }
    : {
      endpoint: provider.endpoint,
      region: provider.region,
      disableSSL: provider.disableSSL,
      forcePathStyle: provider.forcePathStyle,
      credentials,
    };
  const clean = (v: Record<string, unknown>) => Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined));
  // YAML 1.1, so that text go-yaml v2 would read otherwise (yes, on, 010) is quoted.
  return stringify({ [provider.scheme]: { default: clean(defaults) } }, { version: '1.1' });
}
