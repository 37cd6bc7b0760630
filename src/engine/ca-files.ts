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

/** Where the file a CA variable names comes from, in one PodDefault's volumes. */
export interface CaFile {
  readonly variable: string;
  /** The Secret or ConfigMap mounted there (unknown for other volume sources). */
  readonly kind?: 'Secret' | 'ConfigMap';
  readonly sourceName?: string;
  /** The key the file is (`undefined` when a whole-volume mount is read at a deeper path). */
  readonly key?: string;
  /** Why the variable names no file of this PodDefault. */
  readonly problem?: string;
}

/**
 * The files that a PodDefault's CA variables (literal `env` values) name, resolved against its own
 * mounts and volumes: a PodDefault that sets the variable must mount the file, or a notebook that
 * ticks it alone gets a variable naming nothing (botocore: "Could not find a suitable TLS CA
 * certificate bundle"; requests: "Could not find a suitable TLS CA certificate bundle, invalid path").
 */
export function caFilesOf(spec: Record<string, any>): CaFile[] {
  const files: CaFile[] = [];
  const volumes = new Map(listOf(spec.volumes).map((v) => [stringOf(v.name), v]));
  for (const env of listOf(spec.env)) {
    const variable = stringOf(env.name);
    const value = stringOf(env.value);
    if (CA_BUNDLE_READERS[variable] === undefined || value === '') {
      continue;
    }
    const readers = CA_BUNDLE_READERS[variable];
    if (!value.startsWith('/')) {
      files.push({ variable, problem: `env ${variable} is ${quote(value)}, a relative path: ${readers} resolve it against the notebook's working directory; give the absolute path of the mounted file` });
      continue;
    }
    const path = normalizeMountPath(value);
    let found: CaFile | undefined;
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
      const kind = secret ? 'Secret' : configMap ? 'ConfigMap' : undefined;
      const sourceName = secret ? stringOf(secret.secretName) : configMap ? stringOf(configMap.name) : undefined;
      // A subPath mount is one file (the key or item at subPath); otherwise the path below the mount.
      const relative = subPath !== '' ? (path === mountPath ? subPath : '') : path.slice(mountPath === '/' ? 1 : mountPath.length + 1);
      const items = listOf((secret ?? configMap)?.items);
      if (kind === undefined) {
        found = { variable };
      } else if (relative === '') {
        found = { variable, problem: `env ${variable} is ${quote(value)}, inside the file mounted at ${quote(stringOf(mount.mountPath))}: ${readers} find no file there` };
      } else if (items.length > 0) {
        const item = items.find((i) => normalizeMountPath(`/${stringOf(i.path)}`) === `/${relative}`);
        found = item
          ? { variable, kind, sourceName, key: stringOf(item.key) }
          : { variable, problem: `env ${variable} is ${quote(value)}, but volume ${quote(stringOf(mount.name))} mounted at ${quote(stringOf(mount.mountPath))} has no item ${quote(relative)} (its files: ${items.map((i) => quote(stringOf(i.path))).join(', ')}): ${readers} find no file there` };
      } else {
        found = relative.includes('/')
          ? { variable, problem: `env ${variable} is ${quote(value)}, a subdirectory of the ${kind} mounted at ${quote(stringOf(mount.mountPath))}, whose keys are files directly under it: ${readers} find no file there` }
          : { variable, kind, sourceName, key: relative };
      }
      break;
    }
    files.push(found ?? { variable, problem: `env ${variable} is ${quote(value)}, which no volume of this PodDefault mounts: a notebook that ticks it gets a variable naming no file, and ${readers} fail; mount the bundle in this PodDefault (CaBundle.mountInto)` });
  }
  return files;
}
