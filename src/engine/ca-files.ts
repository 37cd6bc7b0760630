/**
 * CA bundles as notebooks use them: the variables that name a bundle file, the keys that hold
 * certificates, and where in a PodDefault's volumes the file a variable names comes from.
 * Pure functions over JSON.
 */
import { listOf, objectOf, stringOf } from './objects';
import { normalizeMountPath } from '../rules/paths';
import { quote } from '../rules/text';

/**
 * The variables that name a CA bundle file, and who reads each: `SSL_CERT_FILE` and
 * `REQUESTS_CA_BUNDLE` (and `PIP_CERT`, `GIT_SSL_CAINFO`, `AWS_CA_BUNDLE` for their clients)
 * replace the trust store of their readers; `NODE_EXTRA_CA_CERTS` adds to Node's.
 */
export const CA_BUNDLE_READERS: { readonly [variable: string]: string } = {
  AWS_CA_BUNDLE: 'botocore and the AWS SDKs',
  REQUESTS_CA_BUNDLE: 'Python requests',
  SSL_CERT_FILE: 'OpenSSL (Python\'s ssl, curl)',
  PIP_CERT: 'pip',
  GIT_SSL_CAINFO: 'git',
  NODE_EXTRA_CA_CERTS: 'Node.js',
  KF_PIPELINES_SSL_SA_CERTS: 'the Kubeflow Pipelines client (kfp)',
};

/** Keys that hold CA certificates by their name: the Kaptain SDK's, Kubernetes' (`ca.crt`) and trust-manager's. */
const CERTIFICATE_KEYS = /^(certificate|ca|ca-bundle|ca-certificates|trust-bundle|root-ca)\.(crt|pem)$/;

/** Whether a Secret's or ConfigMap's key holds CA certificates by its name (`tls.crt`, a server's own, does not). */
export function isCertificateKey(key: string): boolean {
  return CERTIFICATE_KEYS.test(key);
}

/** Where the file a variable names comes from, in one PodDefault's volumes. */
export interface MountedFile {
  readonly variable: string;
  /** The Secret or ConfigMap mounted there, or a projected service-account token (unknown for other volume sources). */
  readonly kind?: 'Secret' | 'ConfigMap' | 'token';
  readonly sourceName?: string;
  /** The key the file is (`undefined` when a whole-volume mount is read at a deeper path). */
  readonly key?: string;
  /** For a projected service-account token: its audience. */
  readonly audience?: string;
  /** Why the variable names no file of this PodDefault (`readers` fail). */
  readonly problem?: string;
}

/** The file a CA variable names, in one PodDefault's volumes. */
export type CaFile = MountedFile;

/**
 * Resolves a file path that a variable names against a PodDefault's own mounts and volumes: the
 * Secret or ConfigMap key, the item it projects, or the projected service-account token it is.
 * `readers` names who reads the variable, for the problem when no mounted file is there.
 */
export function mountedFileOf(spec: Record<string, any>, variable: string, value: string, readers: string): MountedFile {
  if (!value.startsWith('/')) {
    return { variable, problem: `env ${variable} is ${quote(value)}, a relative path: ${readers} resolve it against the notebook's working directory; give the absolute path of the mounted file` };
  }
  const volumes = new Map(listOf(spec.volumes).map((v) => [stringOf(v.name), v]));
  const path = normalizeMountPath(value);
  for (const mount of listOf(spec.volumeMounts)) {
    const mountPath = normalizeMountPath(stringOf(mount.mountPath));
    const subPath = stringOf(mount.subPath);
    const inside = path.startsWith(mountPath === '/' ? '/' : `${mountPath}/`);
    if (!(path === mountPath && subPath !== '') && !inside) {
      continue;
    }
    const volume = volumes.get(stringOf(mount.name));
    const secret = objectOf(volume?.secret);
    const configMap = objectOf(volume?.configMap);
    const tokens = listOf(objectOf(volume?.projected)?.sources)
      .map((s) => objectOf(s.serviceAccountToken))
      .filter((t): t is Record<string, any> => t !== undefined);
    // A subPath mount is one file (the key or item at subPath); otherwise the path below the mount.
    const relative = subPath !== '' ? (path === mountPath ? subPath : '') : path.slice(mountPath === '/' ? 1 : mountPath.length + 1);
    const where = `mounted at ${quote(stringOf(mount.mountPath))}`;
    if (tokens.length > 0) {
      const token = tokens.find((t) => normalizeMountPath(`/${stringOf(t.path)}`) === `/${relative}`);
      return token
        ? { variable, kind: 'token', audience: stringOf(token.audience) }
        : { variable, problem: `env ${variable} is ${quote(value)}, but the projected volume ${quote(stringOf(mount.name))} ${where} holds no token at ${quote(relative)}: ${readers} find no file there` };
    }
    const kind = secret ? 'Secret' : configMap ? 'ConfigMap' : undefined;
    if (kind === undefined) {
      return { variable };
    }
    const sourceName = secret ? stringOf(secret.secretName) : stringOf(configMap!.name);
    const items = listOf((secret ?? configMap)?.items);
    if (relative === '') {
      return { variable, problem: `env ${variable} is ${quote(value)}, inside the file ${where}: ${readers} find no file there` };
    }
    if (items.length > 0) {
      const item = items.find((i) => normalizeMountPath(`/${stringOf(i.path)}`) === `/${relative}`);
      return item
        ? { variable, kind, sourceName, key: stringOf(item.key) }
        : { variable, problem: `env ${variable} is ${quote(value)}, but volume ${quote(stringOf(mount.name))} ${where} has no item ${quote(relative)} (its files: ${items.map((i) => quote(stringOf(i.path))).join(', ')}): ${readers} find no file there` };
    }
    return relative.includes('/')
      ? { variable, problem: `env ${variable} is ${quote(value)}, a subdirectory of the ${kind} ${where}, whose keys are files directly under it: ${readers} find no file there` }
      : { variable, kind, sourceName, key: relative };
  }
  return { variable, problem: `env ${variable} is ${quote(value)}, which no volume of this PodDefault mounts: a notebook that ticks it gets a variable naming no file, and ${readers} fail` };
}

/**
 * The files that a PodDefault's CA variables (literal `env` values) name, resolved against its own
 * mounts and volumes: a PodDefault that sets the variable must mount the file, or a notebook that
 * ticks it alone gets a variable naming nothing (botocore: "Could not find a suitable TLS CA
 * certificate bundle"; requests: "Could not find a suitable TLS CA certificate bundle, invalid path").
 */
export function caFilesOf(spec: Record<string, any>): CaFile[] {
  const files: CaFile[] = [];
  for (const env of listOf(spec.env)) {
    const variable = stringOf(env.name);
    const value = stringOf(env.value);
    if (CA_BUNDLE_READERS[variable] === undefined || value === '') {
      continue;
    }
    const file = mountedFileOf(spec, variable, value, CA_BUNDLE_READERS[variable]);
    files.push(file.problem !== undefined && file.problem.endsWith(' fail') ? { ...file, problem: `${file.problem}; mount the bundle in this PodDefault (CaBundle.mountInto)` } : file);
  }
  return files;
}
