/**
 * The rules of one object on its own, whoever wrote it: its metadata (docs/rulebook.md,
 * "Kubernetes names and fields"), a PodDefault's spec as the CRD keeps it and as the API
 * server, the webhook and the spawner read it (docs/rulebook.md, "PodDefault"), a Secret's or
 * ConfigMap's data as the API server stores it, and a Secret's credentials as their consumers
 * read them (`secret-content.ts`). Pure functions over JSON.
 */
import { caFilesOf, isCertificateKey, mountedFileOf } from './ca-files';
import { VOLUME_SOURCES } from './go-equal';
import { NOTEBOOK_VOLUMES } from './notebook';
import { EngineObject, identityOf, Kind, listOf, objectOf, stringOf } from './objects';
import { POD_DEFAULT_SPEC_FIELDS, FieldTree } from './poddefault-fields';
import { Problem, RuleId } from './rule-ids';
import { secretContentProblems } from './secret-content';
import { checkAwsEnvValues } from '../formats/aws-env';
import { checkRoleArn, MIN_TOKEN_EXPIRATION_SECONDS, POD_IDENTITY_ENV, WEB_IDENTITY_ENV } from '../formats/aws-keyless';
import { checkCertificateBundle } from '../formats/certificates';
import { GCP_KEY } from '../formats/gcp-key';
import { checkLauncherConfig, KFP_LAUNCHER } from '../formats/kfp-launcher';
import {
  checkDnsLabel, checkDnsSubdomain, checkEnvPrefix, checkEnvVarName, checkLabelKey, checkLabelValue, checkNamespace,
  checkPodDefaultName, checkSecretDataKey, checkSecretName, checkVolumeName,
} from '../rules/names';
import { checkFileMode, checkItemPath, checkMountPath } from '../rules/paths';
import { quote, templateMarkerIn } from '../rules/text';
import { isPaddedBase64 } from '../rules/values';

const LABEL_OPERATORS = new Set(['In', 'NotIn', 'Exists', 'DoesNotExist']);
const TOLERATION_EFFECTS = new Set(['', 'NoSchedule', 'PreferNoSchedule', 'NoExecute']);
/** The API server's limit on one object's annotations (apimachinery `TotalAnnotationSizeLimitB`). */
export const MAX_ANNOTATIONS_BYTES = 256 * 1024;
/** The API server's limit on a Secret's or ConfigMap's data (decoded). */
export const MAX_DATA_BYTES = 1024 * 1024;
/** Env names that suggest a credential: a literal value for them is refused (`literal-credential`). */
const CREDENTIAL_NAME = /SECRET|PASSWORD|PASSWD|TOKEN|CREDENTIAL|PRIVATE|ACCESS_KEY|API_KEY|AUTH/i;

/** Whether an env var name suggests that its value is a credential. */
export function looksLikeCredential(name: string): boolean {
  return CREDENTIAL_NAME.test(name);
}

/** Variables that name where a credential is, not the credential (besides the `_FILE`, `_PATH`, `_URI`, `_URL`, `_DIR` ones). */
const LOCATION_NAMES = new Set(['GOOGLE_APPLICATION_CREDENTIALS']);

/**
 * Whether a literal value of a credential-looking variable is the place of a credential rather
 * than one: an absolute path for a `_FILE`, `_PATH` or `_DIR` variable (`AWS_WEB_IDENTITY_TOKEN_FILE`,
 * `GOOGLE_APPLICATION_CREDENTIALS`), an http(s) URL without user information for a `_URI` or `_URL`
 * one (`AWS_CONTAINER_CREDENTIALS_FULL_URI`). What the EKS pod identity webhook and Google's
 * clients set is not a secret.
 */
export function isCredentialLocation(name: string, value: string): boolean {
  if (/_(FILE|PATH|DIR)$/.test(name) || LOCATION_NAMES.has(name)) {
    return value.startsWith('/') && !/\s/.test(value);
  }
  if (/_(URI|URL)$/.test(name)) {
    return /^https?:\/\/[^@\s/]+(\/[^\s@]*)?$/.test(value);
  }
  return false;
}


type Add = (rule: RuleId, message: string | undefined) => void;

/** The fields (at most 3 named) whose text is unrendered template text, and the kind of the first. */
function templatedFields(value: unknown, at: string): { fields: string[]; total: number; marker?: string } {
  const result: { fields: string[]; total: number; marker?: string } = { fields: [], total: 0 };
  const visit = (v: unknown, where: string) => {
    if (typeof v === 'string') {
      const marker = templateMarkerIn(v);
      if (marker !== undefined) {
        result.total++;
        result.marker ??= marker;
        if (result.fields.length < 3) {
          result.fields.push(where);
        }
      }
    } else if (Array.isArray(v)) {
      v.forEach((item, i) => visit(item, `${where}[${i}]`));
    } else if (v !== null && typeof v === 'object') {
      for (const [k, item] of Object.entries(v)) {
        visit(item, where === '' ? k : `${where}.${k}`);
      }
    }
  };
  visit(value, at);
  return result;
}

/** The problems of one object on its own (its kind decides which rules apply). */
export function objectProblems(object: EngineObject, kind: Kind, defaultNamespace?: string): Problem[] {
  const problems: Problem[] = [];
  const add: Add = (rule, message) => {
    if (message !== undefined) {
      problems.push({ rule, message });
    }
  };
  const manifest = object.manifest;
  const { name, namespace } = identityOf(manifest, defaultNamespace);
  const metadata = objectOf(manifest.metadata) ?? {};
  // Text a template engine has not rendered: its own rule and hint, instead of a naming error.
  const unrendered = (field: string, value: string) => {
    const marker = object.generatedBy === undefined ? templateMarkerIn(value) : undefined;
    add('unrendered-template', marker && `${field} is unrendered template text (${marker}): render the manifests first (helm template, kustomize build, envsubst) and check what is applied`);
    return marker !== undefined;
  };
  if (unrendered('metadata.name', name)) {
    // reported
  } else if (kind === 'PodDefault') {
    add('poddefault-name', checkPodDefaultName(name));
  } else if (kind === 'Secret') {
    add('secret-name', checkSecretName(name));
  } else {
    add('object-name', checkDnsSubdomain(`${kind} name`, name));
  }
  if (namespace !== undefined && !unrendered('metadata.namespace', namespace)) {
    add('namespace-name', checkNamespace(namespace));
  }
  if (object.existing) {
    return problems;
  }
  // Text the library's constructs wrote is meant literally (it is escaped where a template engine reads it).
  if (object.generatedBy === undefined && !object.contentChecked) {
    const found = templatedFields(kind === 'PodDefault' ? { metadata: { labels: metadata.labels, annotations: metadata.annotations }, spec: manifest.spec }
      : { metadata: { labels: metadata.labels, annotations: metadata.annotations } }, '');
    if (found.fields.length > 0) {
      const more = found.total > found.fields.length ? ` and ${found.total - found.fields.length} more` : '';
      add('unrendered-template', `${found.fields.join(', ')}${more} ${found.total === 1 ? 'is' : 'are'} unrendered template text (${found.marker}): render the manifests first (helm template, kustomize build, envsubst) and check what is applied`);
    }
  }
  checkLabels(metadata.labels, 'metadata.labels', add);
  checkAnnotations(metadata.annotations, 'metadata.annotations', add);
  if (kind === 'PodDefault' && !object.contentChecked) {
    podDefaultProblems(manifest, add);
  } else if (kind === 'Secret' && !object.contentChecked) {
    secretProblems(manifest, add);
  } else if (kind === 'ConfigMap' && !object.contentChecked) {
    configMapProblems(manifest, add);
    if (name === KFP_LAUNCHER.configMapName) {
      for (const p of checkLauncherConfig(objectOf(manifest.data) ?? {}, 'data').problems) {
        add(p.rule, p.message);
      }
    }
  }
  if (kind === 'PodDefault') {
    // Whatever order add* calls came in, a CA variable or a token file must name a file this PodDefault mounts.
    const spec = objectOf(manifest.spec) ?? {};
    for (const file of caFilesOf(spec)) {
      add('ca-bundle-path', file.problem);
    }
    keylessProblems(spec, add);
    const google = stringOf(listOf(spec.env).find((e) => stringOf(e.name) === GCP_KEY.variable)?.value);
    if (google !== '') {
      const file = mountedFileOf(spec, GCP_KEY.variable, google, 'google-auth and the Google Cloud clients');
      add('gcp-key-file', file.problem === undefined ? undefined : `${file.problem} ("File ... was not found"); mount the key in this PodDefault`);
    }
  }
  return problems;
}

/**
 * AWS credentials without keys in one PodDefault, as botocore and the AWS SDKs read them: web
 * identity needs `AWS_ROLE_ARN` and `AWS_WEB_IDENTITY_TOKEN_FILE` together, the token a projected
 * service-account token mounted by the same PodDefault for an STS audience; EKS Pod Identity needs
 * `AWS_CONTAINER_CREDENTIALS_FULL_URI` with its token file, for audience `pods.eks.amazonaws.com`.
 */
function keylessProblems(spec: Record<string, any>, add: Add): void {
  const env = new Map(listOf(spec.env).map((e) => [stringOf(e.name), e]));
  const literal = (name: string) => stringOf(env.get(name)?.value);
  const readers = 'botocore and the AWS SDKs';
  const pair = (a: string, b: string, what: string) => {
    if (env.has(a) !== env.has(b)) {
      const [present, missing] = env.has(a) ? [a, b] : [b, a];
      add('aws-token-file', `env ${present} is set without ${missing}: ${readers} use ${what} only with both, and fall through to other credentials (the node's role, or none)`);
    }
  };
  pair(WEB_IDENTITY_ENV.roleArn, WEB_IDENTITY_ENV.tokenFile, 'web identity');
  if (literal(WEB_IDENTITY_ENV.roleArn) !== '') {
    add('aws-role-arn', checkRoleArn(`env ${WEB_IDENTITY_ENV.roleArn}`, literal(WEB_IDENTITY_ENV.roleArn)));
  }
  const token = (variable: string, audience: (a: string) => string | undefined) => {
    const value = literal(variable);
    if (value === '') {
      return;
    }
    const file = mountedFileOf(spec, variable, value, readers);
    if (file.problem !== undefined) {
      add('aws-token-file', `${file.problem}; mount the projected service-account token in this PodDefault`);
    } else if (file.kind === 'Secret' || file.kind === 'ConfigMap') {
      add('aws-token-file', `env ${variable} names a key of ${file.kind} ${quote(file.sourceName ?? '')}: a token copied there never rotates, and STS refuses it once it expires; mount a projected serviceAccountToken instead`);
    } else if (file.kind === 'token') {
      add('aws-token-file', audience(file.audience ?? ''));
    }
  };
  token(WEB_IDENTITY_ENV.tokenFile, (a) => (a === POD_IDENTITY_ENV.audience || a === ''
    ? `env ${WEB_IDENTITY_ENV.tokenFile} names a token for audience ${quote(a)}, which the cluster's OIDC provider does not list: STS refuses it ("Incorrect token audience"; web identity uses ${quote(WEB_IDENTITY_ENV.audience)})`
    : undefined));
  if (env.has(POD_IDENTITY_ENV.tokenFile) && !env.has(POD_IDENTITY_ENV.fullUri)) {
    add('aws-token-file', `env ${POD_IDENTITY_ENV.tokenFile} is set without ${POD_IDENTITY_ENV.fullUri}: ${readers} send the token nowhere`);
  }
  if (literal(POD_IDENTITY_ENV.fullUri) === POD_IDENTITY_ENV.agentUri && !env.has(POD_IDENTITY_ENV.tokenFile)) {
    add('aws-token-file', `env ${POD_IDENTITY_ENV.fullUri} is the EKS Pod Identity agent, which refuses requests without the token of ${POD_IDENTITY_ENV.tokenFile}`);
  }
  token(POD_IDENTITY_ENV.tokenFile, (a) => (a !== POD_IDENTITY_ENV.audience
    ? `env ${POD_IDENTITY_ENV.tokenFile} names a token for audience ${quote(a)}: the EKS Pod Identity agent accepts only ${quote(POD_IDENTITY_ENV.audience)}`
    : undefined));
}

/** The fields of `value` that the CRD's schema prunes, as paths (`spec.resources`). */
export function prunedFields(value: unknown, tree: FieldTree, path: string, out: string[] = []): string[] {
  if (tree === 0 || value === null || typeof value !== 'object') {
    return out;
  }
  if (Array.isArray(tree)) {
    if (Array.isArray(value)) {
      value.forEach((item, index) => prunedFields(item, tree[0], `${path}[${index}]`, out));
    }
    return out;
  }
  if (Array.isArray(value)) {
    return out;
  }
  const map = tree['*'];
  for (const [key, child] of Object.entries(value)) {
    const subtree = map ?? tree[key];
    if (subtree === undefined) {
      out.push(`${path}.${key}`);
    } else {
      prunedFields(child, subtree, map === undefined ? `${path}.${key}` : `${path}[${quote(key)}]`, out);
    }
  }
  return out;
}

function podDefaultProblems(manifest: Record<string, any>, add: Add): void {
  const spec: Record<string, any> = objectOf(manifest.spec) ?? {};
  const pruned = prunedFields(spec, POD_DEFAULT_SPEC_FIELDS, 'spec');
  for (const field of pruned.slice(0, 20)) {
    add('pruned-field', `${field} is not a field of the PodDefault CRD (kubeflow.org/v1alpha1): the API server drops it silently, so it has no effect (check its spelling and where it sits)`);
  }
  if (pruned.length > 20) {
    add('pruned-field', `and ${pruned.length - 20} more fields that the PodDefault CRD does not have`);
  }
  if (stringOf(spec.desc).trim() === '') {
    add('desc', 'desc is empty (it is the text the notebook spawner shows; without it the spawner shows the bare name)');
  }
  checkSelector(spec.selector, add);

  const volumeNames = new Set<string>();
  for (const volume of listOf(spec.volumes)) {
    volumeNames.add(stringOf(volume.name));
    checkVolume(volume, add);
  }
  const checkMounts = (mounts: unknown, field: string) => {
    for (const [index, mount] of listOf(mounts).entries()) {
      const mountName = stringOf(mount.name);
      add('mount-path', prefixedField(`${field}[${index}]`, checkMountPath(stringOf(mount.mountPath))));
      if (!volumeNames.has(mountName) && !NOTEBOOK_VOLUMES.has(mountName)) {
        add('mount-without-volume', `${field}[${index}] (volume ${quote(mountName)}) refers to no volume of this PodDefault (pod validation rejects a mount without its volume when this PodDefault is selected alone; add the volume to this PodDefault)`);
      }
      checkSubPath(mount, `${field}[${index}]`, add);
    }
  };
  checkMounts(spec.volumeMounts, 'volumeMounts');
  for (const [index, env] of listOf(spec.env).entries()) {
    checkEnvVar(env, `env[${index}]`, add);
  }
  for (const [index, envFrom] of listOf(spec.envFrom).entries()) {
    checkEnvFrom(envFrom, `envFrom[${index}]`, add);
  }
  checkLabels(spec.labels, 'labels', add);
  checkAnnotations(spec.annotations, 'annotations', add);
  for (const [index, toleration] of listOf(spec.tolerations).entries()) {
    checkToleration(toleration, `tolerations[${index}]`, add);
  }
  const containerNames = new Map<string, string>();
  for (const list of ['initContainers', 'sidecars']) {
    for (const [index, container] of listOf(spec[list]).entries()) {
      const field = `${list}[${index}]`;
      const containerName = stringOf(container.name);
      add('container', checkDnsLabel(`${field}.name`, containerName));
      if (stringOf(container.image).trim() === '') {
        add('container', `${field} (${quote(containerName)}) has no image (the API server requires one)`);
      }
      const earlier = containerNames.get(containerName);
      if (earlier !== undefined && containerName !== '') {
        add('container-name-unique', `${field} is named ${quote(containerName)} like ${earlier} (container names must be unique in a pod, init containers included)`);
      } else {
        containerNames.set(containerName, field);
      }
      for (const [i, env] of listOf(container.env).entries()) {
        checkEnvVar(env, `${field}.env[${i}]`, add);
      }
      for (const [i, envFrom] of listOf(container.envFrom).entries()) {
        checkEnvFrom(envFrom, `${field}.envFrom[${i}]`, add);
      }
      checkMounts(container.volumeMounts, `${field}.volumeMounts`);
    }
  }
  if (spec.serviceAccountName !== undefined && spec.serviceAccountName !== '') {
    add('service-account-name', checkDnsSubdomain('serviceAccountName', stringOf(spec.serviceAccountName)));
  }
  for (const [index, ref] of listOf(spec.imagePullSecrets).entries()) {
    add('secret-name', stringOf(ref.name) === '' ? `imagePullSecrets[${index}] has no name` : checkSecretName(stringOf(ref.name)));
  }
}

function prefixedField(field: string, message: string | undefined): string | undefined {
  return message === undefined ? undefined : `${field}: ${message}`;
}

/** The decoded size of a valid base64 text. */
function base64Bytes(text: string): number {
  return (text.length / 4) * 3 - (text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0);
}

/**
 * A Secret as the API server stores it: `data` values are standard padded base64 (it decodes
 * them, and refuses the object otherwise), `stringData` values are strings, keys follow the
 * data-key rule, and the decoded data is at most 1 MiB. Then its credentials, as read.
 */
function secretProblems(manifest: Record<string, any>, add: Add): void {
  const decoded = new Map<string, Buffer>();
  let size = 0;
  const data = objectOf(manifest.data) ?? {};
  const stringData = objectOf(manifest.stringData) ?? {};
  for (const [key, value] of Object.entries(data)) {
    add('secret-data', checkSecretDataKey('data key', key));
    if (typeof value !== 'string' || !isPaddedBase64(value)) {
      add('secret-data', `data[${quote(key)}] is not standard padded base64 (${typeof value === 'string' ? `length ${value.length}` : `a ${value === null ? 'null' : typeof value}`}): the API server refuses the Secret (a value copied from "kubectl get -o yaml" output may be cut, or "echo | base64" may have wrapped it)`);
      continue;
    }
    size += base64Bytes(value);
    decoded.set(key, Buffer.from(value, 'base64'));
  }
  for (const [key, value] of Object.entries(stringData)) {
    add('secret-data', checkSecretDataKey('stringData key', key));
    if (typeof value !== 'string') {
      add('secret-data', `stringData[${quote(key)}] is not a string (a ${value === null ? 'null' : typeof value}): the API server refuses the Secret`);
      continue;
    }
    const bytes = Buffer.from(value, 'utf8');
    // stringData wins over data for the same key.
    size += bytes.length - (decoded.get(key)?.length ?? 0);
    decoded.set(key, bytes);
  }
  if (size > MAX_DATA_BYTES) {
    add('secret-data', `the data holds ${size} bytes; the API server accepts at most ${MAX_DATA_BYTES} (1 MiB) per Secret`);
  }
  if (manifest.type === 'kubernetes.io/dockerconfigjson' && !decoded.has('.dockerconfigjson')) {
    add('secret-data', 'type kubernetes.io/dockerconfigjson needs the key ".dockerconfigjson" (the API server refuses the Secret without it)');
  }
  for (const p of secretContentProblems(decoded)) {
    add(p.rule, p.message);
  }
}

function configMapProblems(manifest: Record<string, any>, add: Add): void {
  const settings = new Map<string, string>();
  let size = 0;
  for (const field of ['data', 'binaryData'] as const) {
    for (const [key, value] of Object.entries(objectOf(manifest[field]) ?? {})) {
      add('config-map-data', checkSecretDataKey(`${field} key`, key));
      if (typeof value !== 'string') {
        add('config-map-data', `${field}[${quote(key)}] is not a string: the API server refuses the ConfigMap`);
      } else if (field === 'binaryData' && !isPaddedBase64(value)) {
        add('config-map-data', `binaryData[${quote(key)}] is not standard padded base64: the API server refuses the ConfigMap`);
      } else {
        size += field === 'binaryData' ? base64Bytes(value) : Buffer.byteLength(value);
        if (field === 'data' && looksLikeCredential(key)) {
          add('literal-credential', `data key ${quote(key)} looks like a credential (length ${value.length}): a ConfigMap is readable by anyone who can read the namespace's configuration and is never encrypted at rest; put it in a Secret`);
        } else if (field === 'data' && /^(AWS|S3)_/.test(key)) {
          settings.set(key, value);
        }
        if (isCertificateKey(key)) {
          const text = field === 'binaryData' ? Buffer.from(value, 'base64').toString('utf8') : value;
          for (const p of checkCertificateBundle(text, `${field === 'binaryData' ? 'binaryData' : 'data'} key ${quote(key)}`).problems) {
            add(p.rule, p.message);
          }
        }
      }
    }
  }
  // Settings read by the S3 clients, in the form their readers accept.
  for (const p of checkAwsEnvValues(settings, (key) => `key ${key}`)) {
    add(p.rule, p.message);
  }
  if (size > MAX_DATA_BYTES) {
    add('config-map-data', `the data holds ${size} bytes; the API server accepts at most ${MAX_DATA_BYTES} (1 MiB) per ConfigMap`);
  }
}

function checkSelector(selector: unknown, add: Add): void {
  const matchLabels = objectOf(objectOf(selector)?.matchLabels) ?? {};
  const expressions = objectOf(selector)?.matchExpressions;
  const keys = Object.keys(matchLabels);
  for (const key of keys) {
    add('selector-invalid', prefixed('the webhook refuses every pod of the namespace while this selector is invalid',
      checkLabelKey('selector key', key) ?? checkLabelValue(`selector value of ${quote(key)}`, stringOf(matchLabels[key]))));
  }
  for (const [index, expression] of (Array.isArray(expressions) ? expressions : []).entries()) {
    const e = objectOf(expression) ?? {};
    const values = Array.isArray(e.values) ? e.values : [];
    let problem = checkLabelKey(`matchExpressions[${index}].key`, stringOf(e.key));
    if (!problem && !LABEL_OPERATORS.has(e.operator)) {
      problem = `matchExpressions[${index}].operator ${quote(stringOf(e.operator))} is not In, NotIn, Exists or DoesNotExist`;
    } else if (!problem && (e.operator === 'In' || e.operator === 'NotIn') && values.length === 0) {
      problem = `matchExpressions[${index}] uses ${e.operator} with no values`;
    } else if (!problem && (e.operator === 'Exists' || e.operator === 'DoesNotExist') && values.length > 0) {
      problem = `matchExpressions[${index}] uses ${e.operator} with values`;
    }
    add('selector-invalid', prefixed('the webhook refuses every pod of the namespace while this selector is invalid', problem));
  }
  if (selector === undefined || keys.length === 0) {
    add('selector-spawner', 'selector has no matchLabels (an empty selector matches every pod of the namespace, and the spawner cannot list it; use matchLabels with one key set to "true")');
  } else if (keys.length !== 1 || matchLabels[keys[0]] !== 'true' || (Array.isArray(expressions) && expressions.length > 0)) {
    add('selector-spawner', 'selector must be matchLabels with exactly one key whose value is "true" and no matchExpressions (the spawner reads only the first key and sets it to "true")');
  }
}

function prefixed(consequence: string, problem: string | undefined): string | undefined {
  return problem === undefined ? undefined : `${problem}; ${consequence}`;
}

function checkVolume(volume: Record<string, any>, add: Add): void {
  const name = stringOf(volume.name);
  add('volume-name', checkVolumeName(name));
  const sources = Object.keys(VOLUME_SOURCES).filter((s) => volume[s] !== undefined && volume[s] !== null);
  if (sources.length !== 1) {
    add('volume-source', sources.length === 0
      ? `volume ${quote(name)} has no source (a volume needs exactly one, such as secret)`
      : `volume ${quote(name)} has ${sources.length} sources (${sources.join(', ')}); a volume takes exactly one`);
  }
  const secret = objectOf(volume.secret);
  if (secret) {
    const secretName = stringOf(secret.secretName);
    add('secret-name', secretName === ''
      ? `volume ${quote(name)} has no secret.secretName (the API server requires it)`
      : checkSecretName(secretName));
  }
  for (const [index, projection] of listOf(objectOf(volume.projected)?.sources).entries()) {
    const token = objectOf(projection.serviceAccountToken);
    if (token) {
      const field = `volume ${quote(name)} projected.sources[${index}].serviceAccountToken`;
      const seconds = token.expirationSeconds;
      add('volume-source', seconds !== undefined && (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < MIN_TOKEN_EXPIRATION_SECONDS || seconds > 2 ** 32 - 1)
        ? `${field}.expirationSeconds ${String(seconds)} is not an integer from ${MIN_TOKEN_EXPIRATION_SECONDS} (10 minutes) to 4294967295: the API server refuses the pod`
        : undefined);
      add('item-path', checkItemPath(`${field}.path`, stringOf(token.path)));
    }
  }
  const source = secret ?? objectOf(volume.configMap);
  if (source) {
    if (source.defaultMode !== undefined) {
      add('file-mode', checkFileMode(`volume ${quote(name)} defaultMode`, source.defaultMode));
    }
    for (const [index, item] of listOf(source.items).entries()) {
      add('item-key', checkSecretDataKey(`volume ${quote(name)} items[${index}].key`, stringOf(item.key)));
      add('item-path', checkItemPath(`volume ${quote(name)} items[${index}].path`, stringOf(item.path)));
      if (item.mode !== undefined) {
        add('file-mode', checkFileMode(`volume ${quote(name)} items[${index}].mode`, item.mode));
      }
    }
  }
}

function checkSubPath(mount: Record<string, any>, field: string, add: Add): void {
  const subPath = stringOf(mount.subPath);
  if (subPath !== '' && stringOf(mount.subPathExpr) !== '') {
    add('sub-path', `${field} sets both subPath and subPathExpr (the API server takes one of them)`);
  }
  if (subPath !== '' && (subPath.startsWith('/') || subPath.split('/').includes('..'))) {
    add('sub-path', `${field}.subPath ${quote(subPath)} must be a relative path without ".."`);
  }
}

/** The rules of one env entry (`field` names it, e.g. `env[0]`); constructors call it too. */
export function envVarProblems(env: Record<string, any>, field: string): Problem[] {
  const problems: Problem[] = [];
  checkEnvVar(env, field, (rule, message) => {
    if (message !== undefined) {
      problems.push({ rule, message });
    }
  });
  return problems;
}

function checkEnvVar(env: Record<string, any>, field: string, add: Add): void {
  const name = stringOf(env.name);
  add('env-name', checkEnvVarName(`${field}.name`, name));
  if (stringOf(env.value) !== '' && looksLikeCredential(name) && !isCredentialLocation(name, stringOf(env.value))) {
    add('literal-credential', `env ${quote(name)} looks like a credential and has a literal value (length ${stringOf(env.value).length}): it is readable by anyone who can read PodDefaults, and the webhook prints it whole in its conflict messages; reference a Secret key instead (valueFrom.secretKeyRef)`);
  }
  const valueFrom = objectOf(env.valueFrom);
  if (stringOf(env.value) !== '' && valueFrom) {
    add('env-source', `env ${quote(name)} sets both value and valueFrom (the API server takes one of them)`);
  }
  if (valueFrom) {
    const sources = ['fieldRef', 'resourceFieldRef', 'configMapKeyRef', 'secretKeyRef', 'fileKeyRef'].filter((s) => valueFrom[s] !== undefined && valueFrom[s] !== null);
    if (sources.length !== 1) {
      add('env-source', `env ${quote(name)} valueFrom has ${sources.length} sources; it takes exactly one`);
    }
    for (const ref of ['secretKeyRef', 'configMapKeyRef']) {
      const selector = objectOf(valueFrom[ref]);
      if (selector) {
        add('env-source', stringOf(selector.name) === '' ? `env ${quote(name)} ${ref} has no name` : undefined);
        add('env-source', checkSecretDataKey(`env ${quote(name)} ${ref}.key`, stringOf(selector.key)));
      }
    }
  }
}

function checkEnvFrom(envFrom: Record<string, any>, field: string, add: Add): void {
  const prefix = stringOf(envFrom.prefix);
  if (prefix !== '') {
    add('env-name', checkEnvPrefix(prefix));
  }
  const refs = ['secretRef', 'configMapRef'].filter((r) => envFrom[r] !== undefined && envFrom[r] !== null);
  if (refs.length !== 1) {
    add('env-from-source', `${field} has ${refs.length} sources; it takes exactly one of secretRef and configMapRef`);
  }
  for (const ref of refs) {
    const name = stringOf(objectOf(envFrom[ref])?.name);
    add('env-from-source', name === '' ? `${field}.${ref} has no name` : checkSecretName(name));
  }
}

function checkLabels(labels: unknown, field: string, add: Add): void {
  for (const [key, value] of Object.entries(objectOf(labels) ?? {})) {
    add('label', typeof value !== 'string'
      ? `${field} ${quote(key)} is not a string (label values are strings; quote it in YAML)`
      : checkLabelKey(`${field} key`, key) ?? checkLabelValue(`${field} ${quote(key)} value`, value));
  }
}

function checkAnnotations(annotations: unknown, field: string, add: Add): void {
  let size = 0;
  for (const [key, value] of Object.entries(objectOf(annotations) ?? {})) {
    add('annotation', typeof value !== 'string'
      ? `${field} ${quote(key)} is not a string (annotation values are strings; quote it in YAML)`
      : checkLabelKey(`${field} key`, key));
    size += Buffer.byteLength(key) + Buffer.byteLength(stringOf(value));
  }
  if (size > MAX_ANNOTATIONS_BYTES) {
    add('annotation', `${field} hold ${size} bytes; the API server accepts at most ${MAX_ANNOTATIONS_BYTES} (256 KiB) per object`);
  }
}

function checkToleration(toleration: Record<string, any>, field: string, add: Add): void {
  const key = stringOf(toleration.key);
  const operator = stringOf(toleration.operator);
  const effect = stringOf(toleration.effect);
  if (key !== '') {
    add('toleration', checkLabelKey(`${field}.key`, key));
  } else if (operator !== 'Exists') {
    add('toleration', `${field} has no key, which needs operator Exists`);
  }
  if (operator !== '' && operator !== 'Exists' && operator !== 'Equal') {
    add('toleration', `${field}.operator ${quote(operator)} is not Exists or Equal`);
  }
  if (operator === 'Exists' && stringOf(toleration.value) !== '') {
    add('toleration', `${field} has operator Exists and a value (the API server refuses a value with Exists)`);
  }
  if (!TOLERATION_EFFECTS.has(effect)) {
    add('toleration', `${field}.effect ${quote(effect)} is not NoSchedule, PreferNoSchedule or NoExecute`);
  }
  if (toleration.tolerationSeconds !== undefined && toleration.tolerationSeconds !== null && effect !== 'NoExecute') {
    add('toleration', `${field} sets tolerationSeconds, which only NoExecute takes`);
  }
}
