/**
 * The catalogue of checks: what each rule refuses, the failure it prevents, and executable
 * examples of the bad case and the good case through every entry point: the library's
 * constructs and providers (eager throws, or synth), plain ApiObjects at synth, and `check`
 * over manifests. README.md's "What we check" is generated from it (`npx projen docs:checks`),
 * and test/checks-doc.test.ts runs every example through every entry point it has, expecting
 * the same rule id from each, and verifies that the README is in sync.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart, JsonPatch, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import {
  AwsEnvConfiguration, AwsFileCredentials, AwsKeylessCredentials, CaBundleFromEnv, CaCertificates, Config, DockerConfigurationProvider,
  DockerCredentials,
  DockerRegistryCertificate, DockerRegistryCertificateProvider, GcpServiceAccountKey, NotebookPodDefault, PipelineLauncherConfig, ProfileAccess,
  S3ConfigurationProvider, SealingCertificate, SecretOutput,
} from '../src';
import { RuleId, RULES } from '../src/engine/rule-ids';
import { testPki } from '../test/support/certificates';

/** A Kubernetes object as JSON. */
export type Manifest = Record<string, unknown>;

/** The README tables, in order. */
export const AREAS = [
  'Any object', 'One PodDefault', 'One Secret or ConfigMap', 'Credentials in a Secret', 'All PodDefaults of a namespace',
  'Inputs of the constructs and providers',
] as const;

/** One documented check. */
export interface Check {
  /** The README table it belongs to. */
  readonly area: (typeof AREAS)[number];
  /** Its stable id, in every entry point's output (src/engine/rule-ids.ts has its origin). */
  readonly rule: RuleId;
  /** What is refused. */
  readonly check: string;
  /** The failure it prevents. */
  readonly prevents: string;
  /** What every entry point's message for the bad case matches. */
  readonly message: RegExp;
  /**
   * Manifests that break the rule and manifests that keep it: synthesized as plain ApiObjects,
   * and given to `check`. Every good set is clean (no problem of any rule).
   */
  readonly objects?: { readonly bad: Manifest[]; readonly good: Manifest[] };
  /**
   * The same through the library's constructs or providers: `bad` must throw (eagerly, or at
   * synth), `good` must not.
   *
   * @default - none: the constructs cannot write the bad case (the plain-ApiObject synth of `objects` stands for them)
   */
  readonly library?: { readonly bad: () => unknown; readonly good: () => unknown };
  /** Why the rule has no manifest form: it is about an input of the library. */
  readonly inputsOnly?: string;
}

const chart = () => new Chart(Testing.app(), 'user', { namespace: 'user' });

/** A sealed DockerCredentials with a JSON patch, sealed with the example's throwaway certificate. */
function sealedDocker(patch: JsonPatch): Chart {
  const c = chart();
  const certificate = SealingCertificate.fromFile(path.join(__dirname, '..', 'examples', 'sealing-cert.pem'));
  new DockerCredentials(c, 'Docker', { registries: [{ server: 'ghcr.io', username: 'u', password: 'p' }], output: SecretOutput.sealed({ certificate }) }).addJsonPatch(patch);
  return c;
}
const synth = (c: Chart) => Testing.synth(c);
/** Every profile namespace given Docker credentials whose PodDefault has `desc`. */
function profileAccess(desc: string): Chart {
  const c = new Chart(Testing.app(), 'platform');
  new ProfileAccess(c, 'Profiles', {
    config: new Config({
      dockerConfigProvider: DockerConfigurationProvider.fromRegistries([{ server: 'ghcr.io', username: 'u', password: 'p' }]),
      storageConfigProvider: S3ConfigurationProvider.fromEnv({ AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE', AWS_SECRET_ACCESS_KEY: 'example-secret' }),
    }),
    docker: { desc },
    storage: { offer: false },
  });
  return c;
}
const pd = (c: Chart, id: string, props: Partial<{ name: string; selectorLabel: string; namespace: string }> = {}) =>
  new NotebookPodDefault(c, id, { desc: id, ...props });
/** Two PodDefaults of one namespace, each mounting a Secret, then synth. */
const twoMounts = (a: { secret: string; path: string; volume?: string }, b: { secret: string; path: string; volume?: string }) => () => {
  const c = chart();
  pd(c, 'A').addSecretVolume({ secretName: a.secret, mountPath: a.path, volumeName: a.volume });
  pd(c, 'B').addSecretVolume({ secretName: b.secret, mountPath: b.path, volumeName: b.volume });
  return synth(c);
};
const oneMount = (mountPath: string, volumeName?: string) => () => {
  const c = chart();
  pd(c, 'A').addSecretVolume({ secretName: 's', mountPath, volumeName });
  return synth(c);
};
const auth = (user: string, password: string) => Buffer.from(`${user}:${password}`).toString('base64');
const dockerJson = (entry: object, extra: object = {}) => JSON.stringify({ auths: { 'ghcr.io': entry }, ...extra });
const withDocker = (props: ConstructorParameters<typeof DockerCredentials>[2]) => {
  const c = chart();
  new DockerCredentials(c, 'Docker', props);
  return c;
};
const docker = (configJson: string) => () => synth(withDocker({ configJson }));
const credentialsText = (...lines: string[]) => lines.join('\n') + '\n';
const credentialsFile = (...lines: string[]) => () => {
  const c = chart();
  new AwsFileCredentials(c, 'Aws', { credentialsFile: credentialsText(...lines) });
  return synth(c);
};
const env = (props: ConstructorParameters<typeof AwsEnvConfiguration>[2]) => () => {
  const c = chart();
  new AwsEnvConfiguration(c, 'Env', { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'secret', ...props });
  return synth(c);
};
const tempFile = (content: string | Buffer) => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'checks-')), 'file');
  fs.writeFileSync(file, content);
  return file;
};
const GOOD_CREDENTIALS = ['[default]', 'aws_access_key_id = AKIAEXAMPLE', 'aws_secret_access_key = secret'];

/** PodDefaults `pd-0`, `pd-1`, ... of namespace `user`, each with its own selector and a description, then `spec`. */
export const pds = (...specs: Array<Record<string, unknown>>): Manifest[] => specs.map((spec, i) => ({
  apiVersion: 'kubeflow.org/v1alpha1',
  kind: 'PodDefault',
  metadata: { name: `pd-${i}`, namespace: 'user' },
  spec: { desc: `PodDefault ${i}`, selector: { matchLabels: { [`pd-${i}`]: 'true' } }, ...spec },
}));
/** A Secret of namespace `user` whose `data` holds these texts (base64-encoded here). */
export const secret = (name: string, texts: Record<string, string>, extra: Record<string, unknown> = {}): Manifest => ({
  apiVersion: 'v1',
  kind: 'Secret',
  type: 'Opaque',
  ...extra,
  metadata: { name, namespace: 'user', ...(extra.metadata as object | undefined) },
  data: Object.fromEntries(Object.entries(texts).map(([k, v]) => [k, Buffer.from(v, 'utf8').toString('base64')])),
});
const configMap = (name: string, data: Record<string, string>): Manifest => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'user' }, data });
const secretVolume = (name: string, secretName = 's') => ({ name, secret: { secretName } });
const sidecar = (name: string, image = 'registry.example.com/proxy:1') => ({ name, image });
/** The Kaptain guide's Secrets, for Secret content as read by the consumers. */
const dockerSecret = (configJson: string) => secret('docker-secret', { 'config.json': configJson });
const awsSecret = (...lines: string[]) => secret('aws-credentials', { credentials: credentialsText(...lines) });
const envSecret = (variables: Record<string, string>) => secret('aws-configuration', { AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret', ...variables });
const GOOD_DOCKER = dockerJson({ auth: auth('u', 'p') });
/** Certificates made by openssl (test/support/certificates.ts): a CA, a server's leaf, expired, not yet valid, without keyCertSign. */
const pki = testPki();
/** The Kaptain docs' registry certificate Secret, and a CA bundle ConfigMap, holding this PEM. */
const certificateSecret = (pem: string) => secret('docker-registry-certificate', { 'certificate.crt': pem });
const bundleConfigMap = (pem: string) => configMap('ca-bundle', { 'ca.crt': pem });
const registryCertificate = (pem: string) => () => {
  const c = chart();
  new DockerRegistryCertificate(c, 'Certificate', { certificates: CaCertificates.fromPem(pem) });
  return synth(c);
};
/** A PodDefault setting AWS_CA_BUNDLE to /etc/ca/ca.crt, with or without the ConfigMap mounted there. */
const caPodDefault = (mounted: boolean) => () => {
  const c = chart();
  const p = pd(c, 'A');
  p.addEnv('AWS_CA_BUNDLE', kplus.EnvValue.fromValue('/etc/ca/ca.crt'));
  if (mounted) {
    p.addConfigMapVolume({ configMapName: 'corp-ca', mountPath: '/etc/ca/', keys: ['ca.crt'] });
  }
  return synth(c);
};
/** A web-identity PodDefault (as AwsKeylessCredentials writes it) for `role`, named `name`. */
const ROLE = 'arn:aws:iam::123456789012:role/notebooks';
const keylessPd = (name: string, role: string = ROLE, alternatives?: string): Manifest => {
  const c = chart();
  AwsKeylessCredentials.webIdentity(c, 'A', { roleArn: role }).addPodDefault({ name, alternatives });
  return synth(c)[0];
};
const twoRoles = (alternatives?: string) => () => {
  const c = chart();
  AwsKeylessCredentials.webIdentity(c, 'A', { roleArn: ROLE }).addPodDefault({ name: 'role-a', alternatives });
  AwsKeylessCredentials.webIdentity(c, 'B', { roleArn: 'arn:aws:iam::123456789012:role/other' }).addPodDefault({ name: 'role-b', alternatives });
  return synth(c);
};
const keysAndRole = (alternatives?: string) => () => {
  const c = chart();
  new AwsEnvConfiguration(c, 'Keys', { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'secret' }).addPodDefault({ alternatives });
  AwsKeylessCredentials.webIdentity(c, 'Role', { roleArn: ROLE }).addPodDefault({ alternatives });
  return synth(c);
};
/** A service-account key file as gcloud writes it (a throwaway RSA key made here), with changes. */
const GCP_PRIVATE_KEY = crypto.generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } }).privateKey;
const gcpKey = (drop: string[] = []) => JSON.stringify(Object.fromEntries(Object.entries({
  type: 'service_account', project_id: 'ml-platform', private_key: GCP_PRIVATE_KEY, client_email: 'notebooks@ml-platform.iam.gserviceaccount.com', token_uri: 'https://oauth2.googleapis.com/token',
}).filter(([k]) => !drop.includes(k))));
const gcpConstruct = (keyJson: string) => () => {
  const c = chart();
  new GcpServiceAccountKey(c, 'Gcp', { keyJson });
  return synth(c);
};
const launcherMap = (data: Record<string, string>): Manifest => configMap('kfp-launcher', data);
const S3_PROVIDERS = 's3:\n  default:\n    endpoint: s3.amazonaws.com\n    region: us-east-1\n    credentials:\n      fromEnv: true\n';
const launcher = (props: { pipelineRoot: string; providers?: string }) => () => {
  const c = chart();
  new PipelineLauncherConfig(c, 'Launcher', props);
  return synth(c);
};
const registryProvider = (server: string) => DockerConfigurationProvider.fromRegistries([{ server, username: 'u', password: 'p' }]);

export const CHECKS: Check[] = [
  // Any object: whoever wrote it.
  {
    area: 'Any object',
    rule: 'poddefault-name',
    check: 'a PodDefault\'s name is a DNS-1123 subdomain of at most 52 characters',
    prevents: 'the API server refuses other names; past 52 the webhook\'s pod annotation `poddefault.admission.kubeflow.org/poddefault-<name>` passes 63 characters and every pod creation fails',
    message: /has 53 characters; at most 52 are allowed/,
    objects: { bad: pds({}).map((m) => ({ ...m, metadata: { name: 'a'.repeat(53), namespace: 'user' } })), good: pds({}).map((m) => ({ ...m, metadata: { name: 'a'.repeat(52), namespace: 'user' } })) },
    library: { bad: () => pd(chart(), 'A', { name: 'a'.repeat(53) }), good: () => pd(chart(), 'A', { name: 'a'.repeat(52) }) },
  },
  {
    area: 'Any object',
    rule: 'secret-name',
    check: 'a Secret\'s name, and every Secret a PodDefault names (volumes, `envFrom`, `secretKeyRef`, `imagePullSecrets`), is a DNS-1123 subdomain (`Docker`, `a_b` and `a b` are not)',
    prevents: 'the API server refuses the Secret or the pod, or the Secret can never exist',
    message: /Secret name "Docker" is not a DNS-1123 subdomain/,
    objects: { bad: [secret('Docker', { 'config.json': GOOD_DOCKER })], good: [secret('docker', { 'config.json': GOOD_DOCKER })] },
    library: {
      bad: () => pd(chart(), 'A').addSecretVolume({ secretName: 'Docker', mountPath: '/home/kubeflow/.docker/' }),
      good: () => pd(chart(), 'A').addSecretVolume({ secretName: 'docker', mountPath: '/home/kubeflow/.docker/' }),
    },
  },
  {
    area: 'Any object',
    rule: 'object-name',
    check: 'a ConfigMap\'s, SealedSecret\'s or ExternalSecret\'s name is a DNS-1123 subdomain',
    prevents: 'the API server refuses the object',
    message: /ConfigMap name "Bad_Name" is not a DNS-1123 subdomain/,
    objects: { bad: [configMap('Bad_Name', { a: 'b' })], good: [configMap('bad-name', { a: 'b' })] },
  },
  {
    area: 'Any object',
    rule: 'namespace-name',
    check: 'every object\'s namespace is a DNS-1123 label (a Secret alone too)',
    prevents: 'the manifest cannot be applied',
    message: /namespace "Team[-_]A" is not a DNS-1123 label/,
    objects: { bad: [{ ...secret('s', { a: 'b' }), metadata: { name: 's', namespace: 'Team-A' } }], good: [{ ...secret('s', { a: 'b' }), metadata: { name: 's', namespace: 'team-a' } }] },
    library: { bad: () => pd(chart(), 'A', { namespace: 'Team_A' }), good: () => pd(chart(), 'A', { namespace: 'team-a' }) },
  },
  {
    area: 'Any object',
    rule: 'label',
    check: 'label keys and values (an object\'s own, and those a PodDefault gives the pod) follow the Kubernetes rules: qualified keys, values of at most 63 characters',
    prevents: 'the API server refuses the object or the notebook pod',
    message: /"team" value "data science" is not a valid label value/,
    objects: {
      bad: [...pds({ labels: { team: 'data science' } }), { ...secret('s', { a: 'b' }), metadata: { name: 's', namespace: 'user', labels: { team: 'data science' } } }],
      good: [...pds({ labels: { team: 'data-science' } }), { ...secret('s', { a: 'b' }), metadata: { name: 's', namespace: 'user', labels: { team: 'data-science' } } }],
    },
    library: {
      bad: () => {
        const c = chart();
        pd(c, 'A').metadata.addLabel('team', 'data science');
        return synth(c);
      },
      good: () => {
        const c = chart();
        pd(c, 'A').metadata.addLabel('team', 'data-science');
        return synth(c);
      },
    },
  },
  {
    area: 'Any object',
    rule: 'annotation',
    check: 'annotation keys are qualified names, and an object\'s annotations hold at most 256 KiB (a PodDefault\'s `spec.annotations` too)',
    prevents: 'the API server refuses the object or the notebook pod',
    message: /hold 307\d+ bytes; the API server accepts at most 262144 \(256 KiB\) per object/,
    objects: {
      bad: [{ ...secret('s', { a: 'b' }), metadata: { name: 's', namespace: 'user', annotations: { 'example.com/note': 'x'.repeat(300 * 1024) } } }],
      good: [{ ...secret('s', { a: 'b' }), metadata: { name: 's', namespace: 'user', annotations: { 'example.com/note': 'x'.repeat(200 * 1024) } } }],
    },
    library: {
      bad: () => {
        const c = chart();
        pd(c, 'A').metadata.addAnnotation('example.com/note', 'x'.repeat(300 * 1024));
        return synth(c);
      },
      good: () => {
        const c = chart();
        pd(c, 'A').metadata.addAnnotation('example.com/note', 'x'.repeat(200 * 1024));
        return synth(c);
      },
    },
  },
  {
    area: 'Any object',
    rule: 'unrendered-template',
    check: 'text a template engine has not rendered (`{{ .Values.x }}`, `{% %}`, `${VAR}`, `<YOUR_NAMESPACE>`) in an object\'s name or namespace, or in a PodDefault\'s fields, labels or annotations read by `check` (a YAML file that does not parse around such text says so too)',
    prevents: 'Helm chart templates or envsubst inputs checked before rendering: the API server refuses the names, or the pod gets the literal text',
    message: /metadata.name is unrendered template text \(a Helm or Go template/,
    objects: {
      bad: [{ ...pds({})[0], metadata: { name: '{{ .Values.name }}', namespace: 'user' } }],
      good: pds({}),
    },
  },
  {
    area: 'Any object',
    rule: 'two-versions',
    check: 'two versions of one object (kind, namespace and name): copies with the same content are one object (a cluster\'s state beside the repository\'s files), different content is refused',
    prevents: 'the one applied last silently replaces the other',
    message: /two versions of Secret "docker-secret" in namespace "user"/,
    objects: {
      bad: [dockerSecret(GOOD_DOCKER), dockerSecret(dockerJson({ auth: auth('u', 'other') }))],
      good: [dockerSecret(GOOD_DOCKER), dockerSecret(GOOD_DOCKER)],
    },
    library: {
      bad: () => {
        const c = chart();
        new DockerCredentials(c, 'A', { registries: [{ server: 'ghcr.io', username: 'u', password: 'p' }] });
        new DockerCredentials(c, 'B', { registries: [{ server: 'quay.io', username: 'u', password: 'p' }] });
        return synth(c);
      },
      good: () => {
        const c = chart();
        new DockerCredentials(c, 'A', { registries: [{ server: 'ghcr.io', username: 'u', password: 'p' }] });
        new DockerCredentials(c, 'B', { name: 'quay-secret', registries: [{ server: 'quay.io', username: 'u', password: 'p' }] });
        return synth(c);
      },
    },
  },

  // One PodDefault.
  {
    area: 'One PodDefault',
    rule: 'pruned-field',
    check: 'every field is one the PodDefault CRD keeps (`spec.resources`, a misspelled `secret.secretname` are not)',
    prevents: 'the API server drops unknown fields silently: no GPU is requested, no Secret is mounted',
    message: /spec\.resources is not a field of the PodDefault CRD/,
    objects: { bad: pds({ resources: { limits: { 'nvidia.com/gpu': 1 } } }), good: pds({}) },
    library: {
      bad: () => {
        const c = chart();
        pd(c, 'A').addJsonPatch(JsonPatch.add('/spec/resources', { limits: { 'nvidia.com/gpu': 1 } }));
        return synth(c);
      },
      good: () => synth(chart()),
    },
  },
  {
    area: 'One PodDefault',
    rule: 'desc',
    check: '`desc` is not empty',
    prevents: 'the spawner shows a bare name instead of a description',
    message: /desc is empty/,
    objects: { bad: pds({ desc: '' }), good: pds({ desc: 'Add Docker registry credentials' }) },
    library: { bad: () => new NotebookPodDefault(chart(), 'A', { desc: '' }), good: () => new NotebookPodDefault(chart(), 'A', { desc: 'Add Docker registry credentials' }) },
  },
  {
    area: 'One PodDefault',
    rule: 'selector-invalid',
    check: 'the selector\'s keys and values are valid labels',
    prevents: 'a PodDefault with an invalid selector makes the webhook deny every pod of the namespace',
    message: /"docker config" is not a valid label key/,
    objects: { bad: pds({ selector: { matchLabels: { 'docker config': 'true' } } }), good: pds({ selector: { matchLabels: { 'example.com/docker-config': 'true' } } }) },
    library: { bad: () => pd(chart(), 'A', { selectorLabel: 'docker config' }), good: () => pd(chart(), 'A', { selectorLabel: 'example.com/docker-config' }) },
  },
  {
    area: 'One PodDefault',
    rule: 'selector-invalid',
    check: '`matchExpressions` use `In` or `NotIn` with values, `Exists` or `DoesNotExist` without',
    prevents: 'while one PodDefault has an invalid selector, the webhook refuses every pod of the namespace',
    message: /uses In with no values; the webhook refuses every pod/,
    objects: { bad: pds({ selector: { matchLabels: { a: 'true' }, matchExpressions: [{ key: 'b', operator: 'In', values: [] }] } }), good: pds({}) },
  },
  {
    area: 'One PodDefault',
    rule: 'selector-spawner',
    check: 'the selector is `matchLabels` with exactly one key set to `"true"` and no `matchExpressions`',
    prevents: 'the spawner reads only the first key and sets it to "true": ticking the box does nothing, and an empty selector matches every pod',
    message: /exactly one key whose value is "true"/,
    objects: { bad: pds({ selector: { matchLabels: { a: 'yes' } } }), good: pds({}) },
  },
  {
    area: 'One PodDefault',
    rule: 'volume-name',
    check: 'volume names are DNS-1123 labels',
    prevents: 'pod validation refuses the notebook',
    message: /volume name "S_Volume" is not a DNS-1123 label/,
    objects: {
      bad: pds({ volumes: [secretVolume('S_Volume')], volumeMounts: [{ name: 'S_Volume', mountPath: '/home/kubeflow/.s' }] }),
      good: pds({ volumes: [secretVolume('s-volume')], volumeMounts: [{ name: 's-volume', mountPath: '/home/kubeflow/.s' }] }),
    },
    library: {
      bad: () => pd(chart(), 'A').addSecretVolume({ secretName: 's', mountPath: '/home/kubeflow/.s', volumeName: 'S_Volume' }),
      good: () => pd(chart(), 'A').addSecretVolume({ secretName: 's', mountPath: '/home/kubeflow/.s', volumeName: 's-volume' }),
    },
  },
  {
    area: 'One PodDefault',
    rule: 'volume-source',
    check: 'every volume has exactly one source',
    prevents: 'the API server refuses the notebook pod',
    message: /volume "v" has 2 sources \(secret, emptyDir\)/,
    objects: {
      bad: pds({ volumes: [{ name: 'v', secret: { secretName: 's' }, emptyDir: {} }], volumeMounts: [{ name: 'v', mountPath: '/v' }] }),
      good: pds({ volumes: [{ name: 'v', emptyDir: {} }], volumeMounts: [{ name: 'v', mountPath: '/v' }] }),
    },
  },
  {
    area: 'One PodDefault',
    rule: 'file-mode',
    check: '`defaultMode` and item `mode` are integers from 0 to 0777',
    prevents: 'pod validation refuses the notebook',
    message: /defaultMode 644 is not a file mode/,
    objects: {
      bad: pds({ volumes: [{ name: 'v', secret: { secretName: 's', defaultMode: 644 } }], volumeMounts: [{ name: 'v', mountPath: '/m' }] }),
      good: pds({ volumes: [{ name: 'v', secret: { secretName: 's', defaultMode: 0o644 } }], volumeMounts: [{ name: 'v', mountPath: '/m' }] }),
    },
    library: {
      bad: () => pd(chart(), 'A').addSecretVolume({ secretName: 's', mountPath: '/m', defaultMode: 644 }),
      good: () => pd(chart(), 'A').addSecretVolume({ secretName: 's', mountPath: '/m', defaultMode: 0o644 }),
    },
  },
  {
    area: 'One PodDefault',
    rule: 'item-key',
    check: 'item keys are Secret data keys',
    prevents: 'the API server refuses the pod',
    message: /items\[0\]\.key "a b" is not a valid Secret data key/,
    objects: {
      bad: pds({ volumes: [{ name: 'v', secret: { secretName: 's', items: [{ key: 'a b', path: 'x' }] } }], volumeMounts: [{ name: 'v', mountPath: '/v' }] }),
      good: pds({ volumes: [{ name: 'v', secret: { secretName: 's', items: [{ key: 'a-b', path: 'x' }] } }], volumeMounts: [{ name: 'v', mountPath: '/v' }] }),
    },
    library: {
      bad: () => pd(chart(), 'A').addSecretVolume({ secretName: 's', mountPath: '/v', items: [{ key: 'a b', path: 'x' }] }),
      good: () => pd(chart(), 'A').addSecretVolume({ secretName: 's', mountPath: '/v', items: [{ key: 'a-b', path: 'x' }] }),
    },
  },
  {
    area: 'One PodDefault',
    rule: 'item-path',
    check: 'item paths are relative, without `..`, not starting with `..`',
    prevents: 'pod validation refuses the notebook',
    message: /contains a "\.\." segment/,
    objects: {
      bad: pds({ volumes: [{ name: 'v', secret: { secretName: 's', items: [{ key: 'config.json', path: '../config.json' }] } }], volumeMounts: [{ name: 'v', mountPath: '/m' }] }),
      good: pds({ volumes: [{ name: 'v', secret: { secretName: 's', items: [{ key: '.dockerconfigjson', path: 'config.json' }] } }], volumeMounts: [{ name: 'v', mountPath: '/m' }] }),
    },
    library: {
      bad: () => pd(chart(), 'A').addSecretVolume({ secretName: 's', mountPath: '/m', items: [{ key: 'config.json', path: '../config.json' }] }),
      good: () => pd(chart(), 'A').addSecretVolume({ secretName: 's', mountPath: '/m', items: [{ key: '.dockerconfigjson', path: 'config.json' }] }),
    },
  },
  {
    area: 'One PodDefault',
    rule: 'mount-path',
    check: 'every mountPath (sidecars and init containers included) is absolute and has no `:`',
    prevents: 'pod validation refuses the notebook, or the runtime splits the path',
    message: /mountPath "home\/kubeflow\/.docker" is not absolute/,
    objects: {
      bad: pds({ volumes: [secretVolume('v')], volumeMounts: [{ name: 'v', mountPath: 'home/kubeflow/.docker' }] }),
      good: pds({ volumes: [secretVolume('v')], volumeMounts: [{ name: 'v', mountPath: '/home/kubeflow/.docker' }] }),
    },
    library: {
      bad: () => pd(chart(), 'A').addSecretVolume({ secretName: 's', mountPath: 'home/kubeflow/.docker' }),
      good: () => pd(chart(), 'A').addSecretVolume({ secretName: 's', mountPath: '/home/kubeflow/.docker' }),
    },
  },
  {
    area: 'One PodDefault',
    rule: 'mount-without-volume',
    check: 'every mount, the sidecars\' and init containers\' too, names a volume of its own PodDefault (or the notebook\'s `dshm`)',
    prevents: 'selected alone, the PodDefault gives the pod a mount without its volume, which the API server refuses',
    message: /volume "elsewhere"\) refers to no volume of this PodDefault/,
    objects: {
      bad: pds({ volumeMounts: [{ name: 'elsewhere', mountPath: '/v' }] }, { sidecars: [{ ...sidecar('proxy'), volumeMounts: [{ name: 'elsewhere', mountPath: '/v' }] }] }),
      good: pds({ volumes: [secretVolume('elsewhere')], volumeMounts: [{ name: 'elsewhere', mountPath: '/v' }] }),
    },
  },
  {
    area: 'One PodDefault',
    rule: 'sub-path',
    check: '`subPath` is relative without `..`, and not given with `subPathExpr`',
    prevents: 'the API server refuses the notebook pod',
    message: /subPath "..\/x" must be a relative path without ".."/,
    objects: {
      bad: pds({ volumes: [secretVolume('v')], volumeMounts: [{ name: 'v', mountPath: '/v', subPath: '../x' }] }),
      good: pds({ volumes: [secretVolume('v')], volumeMounts: [{ name: 'v', mountPath: '/v', subPath: 'x' }] }),
    },
  }, {
    area: 'One PodDefault',
    rule: 'ca-bundle-path',
    check: '`AWS_CA_BUNDLE`, `REQUESTS_CA_BUNDLE`, `SSL_CERT_FILE`, `PIP_CERT`, `GIT_SSL_CAINFO`, `NODE_EXTRA_CA_CERTS` and `KF_PIPELINES_SSL_SA_CERTS` name an absolute path that a volume of the same PodDefault mounts (an item it projects, or a key of its Secret or ConfigMap)',
    prevents: 'a notebook that ticks it alone gets a variable naming no file: botocore, requests and pip fail before any request ("Could not find a suitable TLS CA certificate bundle")',
    message: /env AWS_CA_BUNDLE is "\/etc\/ca\/ca.crt", which no volume of this PodDefault mounts/,
    objects: {
      bad: pds({ env: [{ name: 'AWS_CA_BUNDLE', value: '/etc/ca/ca.crt' }] }),
      good: [
        ...pds({ env: [{ name: 'AWS_CA_BUNDLE', value: '/etc/ca/ca.crt' }], volumes: [{ name: 'ca', configMap: { name: 'corp-ca' } }], volumeMounts: [{ name: 'ca', mountPath: '/etc/ca/' }] }),
        configMap('corp-ca', { 'ca.crt': pki.ca.pem }),
      ],
    },
    library: { bad: caPodDefault(false), good: caPodDefault(true) },
  }, {
    area: 'One PodDefault',
    rule: 'aws-token-file',
    check: 'web identity has `AWS_ROLE_ARN` and `AWS_WEB_IDENTITY_TOKEN_FILE` together, EKS Pod Identity its token file with the agent\'s URI, and each token file is a projected service-account token that the same PodDefault mounts, for the right audience (`sts.amazonaws.com`, `pods.eks.amazonaws.com`), not a copy in a Secret',
    prevents: 'the SDKs skip web identity or find no token, STS refuses the audience ("Incorrect token audience"), or a copied token expires',
    message: /env AWS_WEB_IDENTITY_TOKEN_FILE is "\/var\/run\/t\/token", which no volume of this PodDefault mounts/,
    objects: {
      bad: pds({ env: [{ name: 'AWS_ROLE_ARN', value: ROLE }, { name: 'AWS_WEB_IDENTITY_TOKEN_FILE', value: '/var/run/t/token' }] }),
      good: [keylessPd('aws-web-identity')],
    },
    library: {
      bad: () => {
        const c = chart();
        const p = pd(c, 'A');
        p.addEnv('AWS_ROLE_ARN', kplus.EnvValue.fromValue(ROLE));
        p.addEnv('AWS_WEB_IDENTITY_TOKEN_FILE', kplus.EnvValue.fromValue('/var/run/t/token'));
        return synth(c);
      },
      good: () => synth((() => {
        const c = chart();
        AwsKeylessCredentials.webIdentity(c, 'A', { roleArn: ROLE }).addPodDefault();
        return c;
      })()),
    },
  },
  {
    area: 'One PodDefault',
    rule: 'aws-role-arn',
    check: '`AWS_ROLE_ARN` (and `roleArn`) is an IAM role ARN: `arn:aws:iam::<12 digits>:role/<name>`',
    prevents: 'STS refuses the request (ValidationError): the notebook gets no credentials',
    message: /AWS_ROLE_ARN "role\/notebooks" is not an IAM role ARN|roleArn "role\/notebooks" is not an IAM role ARN/,
    objects: { bad: [keylessPd('aws-web-identity')].map((m: any) => ({ ...m, spec: { ...m.spec, env: m.spec.env.map((e: any) => (e.name === 'AWS_ROLE_ARN' ? { ...e, value: 'role/notebooks' } : e)) } })), good: [keylessPd('aws-web-identity')] },
    library: { bad: () => AwsKeylessCredentials.webIdentity(chart(), 'A', { roleArn: 'role/notebooks' }), good: () => AwsKeylessCredentials.webIdentity(chart(), 'A', { roleArn: ROLE }) },
  },


  {
    area: 'One PodDefault',
    rule: 'env-name',
    check: 'env names and envFrom prefixes follow the Kubernetes rule',
    prevents: 'pod validation refuses the notebook',
    message: /envFrom prefix "1_" is not a valid environment variable name/,
    objects: { bad: pds({ envFrom: [{ prefix: '1_', secretRef: { name: 's' } }] }), good: pds({ envFrom: [{ prefix: 'KF_', secretRef: { name: 's' } }] }) },
    library: { bad: () => pd(chart(), 'A').addEnvFromSecret('s', { prefix: '1_' }), good: () => pd(chart(), 'A').addEnvFromSecret('s', { prefix: 'KF_' }) },
  },
  {
    area: 'One PodDefault',
    rule: 'env-source',
    check: 'an env var has `value` or `valueFrom`, not both, and `valueFrom` has one source with a name and a valid key',
    prevents: 'the API server refuses the notebook pod',
    message: /env "A" sets both value and valueFrom/,
    objects: {
      bad: pds({ env: [{ name: 'A', value: 'x', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }] }),
      good: pds({ env: [{ name: 'A', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }] }),
    },
  },
  {
    area: 'One PodDefault',
    rule: 'env-from-source',
    check: 'an `envFrom` entry has one of `secretRef` and `configMapRef`, with a valid name',
    prevents: 'the API server refuses the notebook pod',
    message: /envFrom\[0\] has 2 sources/,
    objects: { bad: pds({ envFrom: [{ secretRef: { name: 'a' }, configMapRef: { name: 'b' } }] }), good: pds({ envFrom: [{ secretRef: { name: 'a' } }] }) },
  },
  {
    area: 'One PodDefault',
    rule: 'literal-credential',
    check: 'no literal value for credential-looking env names (`*SECRET*`, `*PASSWORD*`, `*TOKEN*`, `*ACCESS_KEY*`, ...), in the notebook\'s env and the sidecars\'',
    prevents: 'credentials in clear text in the PodDefault, and printed whole in the webhook\'s conflict messages',
    message: /env "AWS_SECRET_ACCESS_KEY" looks like a credential/,
    objects: { bad: pds({ env: [{ name: 'AWS_SECRET_ACCESS_KEY', value: 'x' }] }), good: pds({ env: [{ name: 'AWS_REGION', value: 'us-east-1' }] }) },
    library: {
      bad: () => pd(chart(), 'A').addEnv('AWS_SECRET_ACCESS_KEY', kplus.EnvValue.fromValue('x')),
      good: () => pd(chart(), 'A').addEnv('AWS_REGION', kplus.EnvValue.fromValue('us-east-1')),
    },
  },
  {
    area: 'One PodDefault',
    rule: 'toleration',
    check: 'tolerations: operator `Exists` or `Equal`, no value with `Exists`, an empty key only with `Exists`, a known effect, `tolerationSeconds` only with `NoExecute`',
    prevents: 'the API server refuses the notebook pod',
    message: /operator Exists and a value/,
    objects: {
      bad: pds({ tolerations: [{ key: 'gpu', operator: 'Exists', value: 'true', effect: 'NoSchedule' }] }),
      good: pds({ tolerations: [{ key: 'gpu', operator: 'Exists', effect: 'NoSchedule' }] }),
    },
  },
  {
    area: 'One PodDefault',
    rule: 'container',
    check: 'init containers and sidecars have DNS-1123 label names and an image',
    prevents: 'the API server refuses the notebook pod',
    message: /sidecars\[0\] \("proxy"\) has no image/,
    objects: { bad: pds({ sidecars: [{ name: 'proxy' }] }), good: pds({ sidecars: [sidecar('proxy')] }) },
  },
  {
    area: 'One PodDefault',
    rule: 'service-account-name',
    check: '`serviceAccountName` is a DNS-1123 subdomain',
    prevents: 'the API server refuses the notebook pod',
    message: /serviceAccountName "Editor" is not a DNS-1123 subdomain/,
    objects: { bad: pds({ serviceAccountName: 'Editor' }), good: pds({ serviceAccountName: 'editor' }) },
  },

  // One Secret or ConfigMap.
  {
    area: 'One Secret or ConfigMap',
    rule: 'secret-data',
    check: 'data keys are letters, digits, `-`, `_` and `.` (not `.`, `..` or starting with `..`)',
    prevents: 'the API server refuses the Secret',
    message: /key "a b" is not a valid Secret data key/,
    objects: { bad: [secret('s', { 'a b': 'x' })], good: [secret('s', { 'a-b': 'x' })] },
    library: {
      bad: () => withDocker({ key: 'a b', registries: [{ server: 'ghcr.io', username: 'u', password: 'p' }] }),
      good: () => withDocker({ key: 'a-b', registries: [{ server: 'ghcr.io', username: 'u', password: 'p' }] }),
    },
  },
  {
    area: 'One Secret or ConfigMap',
    rule: 'secret-data',
    check: '`data` values are standard padded base64 (`kubectl get -o yaml` output cut with `...`, or wrapped by `base64` without `-w0`, is not)',
    prevents: 'the API server refuses the Secret',
    message: /data\["config.json"\] is not standard padded base64/,
    objects: {
      bad: [{ ...dockerSecret(GOOD_DOCKER), data: { 'config.json': 'ewogICJhdXRocyI6IH...' } }],
      good: [dockerSecret(GOOD_DOCKER)],
    },
  },
  {
    area: 'One Secret or ConfigMap',
    rule: 'secret-data',
    check: 'the decoded data of a Secret is at most 1 MiB (a larger credential input is refused before it is parsed)',
    prevents: 'the API server refuses the Secret',
    message: /(holds|has) 10\d+ bytes; (the API server accepts|Kubernetes accepts|a Secret holds) at most 1048576/,
    objects: { bad: [secret('s', { big: 'x'.repeat(1024 * 1024 + 1) })], good: [secret('s', { big: 'x'.repeat(1024 * 1024) })] },
    library: {
      bad: docker(JSON.stringify({ auths: { 'ghcr.io': { auth: auth('u', 'p') } }, padding: 'x'.repeat(1024 * 1024) })),
      good: docker(GOOD_DOCKER),
    },
  },
  {
    area: 'One Secret or ConfigMap',
    rule: 'config-map-data',
    check: 'ConfigMap keys are data keys, values are strings (`binaryData` base64), at most 1 MiB in all',
    prevents: 'the API server refuses the ConfigMap',
    message: /data key "a b" is not a valid Secret data key/,
    objects: { bad: [configMap('c', { 'a b': 'x' })], good: [configMap('c', { 'a-b': 'x' })] },
  }, {
    area: 'One Secret or ConfigMap',
    rule: 'kfp-launcher-root',
    check: 'the `defaultPipelineRoot` of a `kfp-launcher` ConfigMap is `s3://`, `minio://` or `gs://` bucket and prefix, as the launcher parses it, on the store of the credentials that write it',
    prevents: 'every step of every v2 run fails: "unsupported Cloud bucket"',
    message: /defaultPipelineRoot "https:\/\/bucket\/v2" is not a pipeline root the launcher reads/,
    objects: { bad: [launcherMap({ defaultPipelineRoot: 'https://bucket/v2', providers: S3_PROVIDERS })], good: [launcherMap({ defaultPipelineRoot: 's3://bucket/v2', providers: S3_PROVIDERS })] },
    library: { bad: launcher({ pipelineRoot: 'https://bucket/v2', providers: S3_PROVIDERS }), good: launcher({ pipelineRoot: 's3://bucket/v2', providers: S3_PROVIDERS }) },
  },
  {
    area: 'One Secret or ConfigMap',
    rule: 'kfp-launcher-provider',
    check: 'the `providers` of a `kfp-launcher` ConfigMap is YAML of the launcher\'s structure (known fields, Go types), with an entry for the root\'s scheme, default credentials (`fromEnv: true` or a `secretRef` with its keys) and, for S3 and MinIO, a region',
    prevents: 'the launcher fails to read it, drops a misspelt field in silence, or sends the steps to their own environment (no credentials) or the in-cluster default store',
    message: /s3.default has no region/,
    objects: { bad: [launcherMap({ defaultPipelineRoot: 's3://bucket/v2', providers: S3_PROVIDERS.replace('    region: us-east-1\n', '') })], good: [launcherMap({ defaultPipelineRoot: 's3://bucket/v2', providers: S3_PROVIDERS })] },
    library: { bad: launcher({ pipelineRoot: 's3://bucket/v2', providers: S3_PROVIDERS.replace('    region: us-east-1\n', '') }), good: launcher({ pipelineRoot: 's3://bucket/v2', providers: S3_PROVIDERS }) },
  },


  {
    area: 'One Secret or ConfigMap',
    rule: 'literal-credential',
    check: 'no credential-looking key (`*SECRET*`, `*PASSWORD*`, `*TOKEN*`, ...) in a ConfigMap; its AWS and S3 settings in the form their readers accept',
    prevents: 'a ConfigMap is readable by anyone who reads the namespace\'s configuration and is never encrypted at rest',
    message: /data key "AWS_SECRET_ACCESS_KEY" looks like a credential/,
    objects: { bad: [configMap('s3', { AWS_SECRET_ACCESS_KEY: 'x', S3_ENDPOINT: 'https://s3.example.com' })], good: [configMap('s3', { S3_ENDPOINT: 'https://s3.example.com' })] },
  },

  // Credentials in a Secret, as their consumers read them: a Secret written by anyone.
  {
    area: 'Credentials in a Secret',
    rule: 'credential-value',
    check: 'a credential that ends with a newline, contains control characters (C0 and C1), invisible or bidirectional characters (U+200B, U+202E, ...) or a lone surrogate, or is empty (AWS variables, MinIO\'s `accesskey`/`secretkey`, docker usernames and passwords)',
    prevents: '`echo` without `-n`: request signing fails, docker gets 401, and Python prints the token in its error',
    message: /key AWS_SECRET_ACCESS_KEY ends with a newline \(encode with echo -n/,
    objects: { bad: [envSecret({ AWS_SECRET_ACCESS_KEY: 'secret\n' })], good: [envSecret({})] },
    library: { bad: env({ secretAccessKey: 'secret\n' }), good: env({ secretAccessKey: 'secret' }) },
  },
  {
    area: 'Credentials in a Secret',
    rule: 'aws-key-whitespace',
    check: 'AWS keys and tokens with whitespace',
    prevents: 'copy-paste slips that fail at the first request',
    message: /key AWS_ACCESS_KEY_ID contains whitespace/,
    objects: { bad: [envSecret({ AWS_ACCESS_KEY_ID: 'AKIA EXAMPLE' })], good: [envSecret({})] },
    library: { bad: env({ accessKeyId: 'AKIA EXAMPLE' }), good: env({ accessKeyId: 'AKIAEXAMPLE' }) },
  },
  {
    area: 'Credentials in a Secret',
    rule: 'aws-env-keys',
    check: '`AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY` together, or neither',
    prevents: 'botocore fails with PartialCredentialsError',
    message: /key AWS_SECRET_ACCESS_KEY is missing \(AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are required together/,
    objects: { bad: [secret('aws-configuration', { AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE' })], good: [envSecret({})] },
    library: {
      bad: () => new AwsEnvConfiguration(chart(), 'Env', { accessKeyId: 'AKIAEXAMPLE' }),
      good: () => new AwsEnvConfiguration(chart(), 'Env', { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'secret' }),
    },
  }, {
    area: 'Inputs of the constructs and providers',
    rule: 'aws-env-machine',
    check: '`AWS_CA_BUNDLE` in the environment that `fromEnv` reads (it names a file of that machine): refused by default, pointing at `CaBundle`; `CaBundleFromEnv.READ` reads it into a CA bundle, `LEAVE_OUT` leaves it out (variables only about that machine, `AWS_PAGER`, `AWS_PROFILE`, `AWS_CLI_*`, ..., are left out and named on stderr)',
    prevents: 'notebooks get a variable naming a file they do not have, or lose the private CA the synth machine trusts',
    message: /environment variable AWS_CA_BUNDLE is set: it names a CA bundle file on the machine that runs synth/,
    inputsOnly: 'the environment of the machine that runs synth',
    library: {
      bad: () => S3ConfigurationProvider.fromEnv({ AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 'b', AWS_CA_BUNDLE: '/etc/ssl/certs/ca-certificates.crt' }),
      good: () => S3ConfigurationProvider.fromEnv({ AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 'b', AWS_CA_BUNDLE: '/etc/ssl/certs/ca-certificates.crt' }, { caBundleFromEnv: CaBundleFromEnv.LEAVE_OUT }),
    },
  },
  {
    area: 'Inputs of the constructs and providers',
    rule: 'docker-registry-url',
    check: '`Config.dockerRegistryUrl` is a registry address (`host[:port]`, as the SDK\'s `docker_registry_url`) that the Docker credentials cover, as docker looks them up',
    prevents: 'the SDK builds the model\'s image and cannot push it to the private registry',
    message: /dockerRegistryUrl "my.private.registry:5000" is registry "my.private.registry:5000", which the Docker config.json has no credentials for/,
    inputsOnly: 'the registry URL is a property of the SDK\'s Config, not of any manifest',
    library: {
      bad: () => new Config({ dockerConfigProvider: registryProvider('ghcr.io'), dockerRegistryUrl: 'my.private.registry:5000' }),
      good: () => new Config({ dockerConfigProvider: registryProvider('https://my.private.registry:5000/'), dockerRegistryUrl: 'my.private.registry:5000' }),
    },
  },
  {
    area: 'Inputs of the constructs and providers',
    rule: 'certificate-host',
    check: 'a registry certificate that is the registry\'s own self-signed certificate names the host of `dockerRegistryUrl` (a CA need not)',
    prevents: 'docker and the SDK refuse the connection: "certificate is valid for ..., not ..."',
    message: /is the registry's own self-signed certificate, but its names do not include "other.registry"/,
    inputsOnly: 'the registry URL is a property of the SDK\'s Config',
    library: {
      bad: () => new Config({
        dockerConfigProvider: registryProvider('other.registry:5000'),
        dockerRegistryUrl: 'other.registry:5000',
        dockerRegistryCertificateProvider: DockerRegistryCertificateProvider.fromCertificates(CaCertificates.fromPem(pki.selfSignedLeaf.pem)),
      }),
      good: () => new Config({
        dockerConfigProvider: registryProvider('my.private.registry:5000'),
        dockerRegistryUrl: 'my.private.registry:5000',
        dockerRegistryCertificateProvider: DockerRegistryCertificateProvider.fromCertificates(CaCertificates.fromPem(pki.selfSignedLeaf.pem)),
      }),
    },
  },

  {
    area: 'Credentials in a Secret',
    rule: 'aws-region',
    check: '`AWS_REGION` and `AWS_DEFAULT_REGION` are region names, and the same one',
    prevents: 'the S3 clients fail at the first request',
    message: /AWS_REGION "US East" is not a region name/,
    objects: { bad: [envSecret({ AWS_REGION: 'US East' })], good: [envSecret({ AWS_REGION: 'us-east-1' })] },
    library: { bad: env({ region: 'US East' }), good: env({ region: 'us-east-1' }) },
  },
  {
    area: 'Credentials in a Secret',
    rule: 's3-endpoint',
    check: '`S3_ENDPOINT` is an http(s) URL without path or credentials, or `host:port`; `AWS_ENDPOINT_URL*` complete URLs; `S3_FORCE_PATH_STYLE`, `S3_USE_HTTPS`, `S3_VERIFY_SSL` booleans',
    prevents: 'the S3 clients cannot connect, or credentials end up in the endpoint',
    message: /has a path, query or fragment/,
    objects: { bad: [envSecret({ S3_ENDPOINT: 'https://s3.example.com/bucket' })], good: [envSecret({ S3_ENDPOINT: 'https://s3.example.com' })] },
    library: { bad: env({ s3Endpoint: 'https://s3.example.com/bucket' }), good: env({ s3Endpoint: 'https://s3.example.com' }) },
  },
  {
    area: 'Credentials in a Secret',
    rule: 's3-signature-version',
    check: '`S3_SIGNATURE_VERSION` is `s3v4` or `s3`',
    prevents: 'the S3 clients fail at the first request',
    message: /"v4" is not a signature version/,
    objects: { bad: [envSecret({ S3_SIGNATURE_VERSION: 'v4' })], good: [envSecret({ S3_SIGNATURE_VERSION: 's3v4' })] },
    library: { bad: env({ s3SignatureVersion: 'v4' as any }), good: env({ s3SignatureVersion: 's3v4' as any }) },
  }, {
    area: 'Credentials in a Secret',
    rule: 'certificate-pem',
    check: 'a CA bundle (the Kaptain docs\' `certificate.crt`; `ca.crt`, `ca-bundle.crt`, `trust-bundle.pem`, ... of a Secret or ConfigMap; a key a CA variable names) holds PEM certificates that parse as X.509, and no private key or other block',
    prevents: 'OpenSSL and Go refuse the whole file, or skip what is not a certificate; a private key there is readable by whoever reads the object',
    message: /holds no PEM certificate/,
    objects: { bad: [certificateSecret('a certificate file saved in DER or cut\n')], good: [certificateSecret(pki.ca.pem)] },
    library: { bad: registryCertificate('a certificate file saved in DER or cut\n'), good: registryCertificate(pki.ca.pem) },
  },
  {
    area: 'Credentials in a Secret',
    rule: 'certificate-expired',
    check: 'every certificate of a CA bundle is valid now (not after its notAfter)',
    prevents: 'TLS clients refuse every chain through it: "certificate has expired"',
    message: /\(subject "CN=Expired Test CA"\) expired on 2021-01-01/,
    objects: { bad: [bundleConfigMap(pki.expiredCa.pem)], good: [bundleConfigMap(pki.ca.pem)] },
    library: { bad: registryCertificate(pki.expiredCa.pem), good: registryCertificate(pki.ca.pem) },
  },
  {
    area: 'Credentials in a Secret',
    rule: 'certificate-not-yet-valid',
    check: 'every certificate of a CA bundle is valid now (not before its notBefore)',
    prevents: 'TLS clients refuse it until then: "certificate is not yet valid" (a clock or a certificate made for later)',
    message: /\(subject "CN=Future Test CA"\) is not valid before 2040-01-01/,
    objects: { bad: [bundleConfigMap(pki.futureCa.pem)], good: [bundleConfigMap(pki.ca.pem)] },
    library: { bad: registryCertificate(pki.futureCa.pem), good: registryCertificate(pki.ca.pem) },
  },
  {
    area: 'Credentials in a Secret',
    rule: 'certificate-not-ca',
    check: 'each certificate of a CA bundle is a CA (`CA:TRUE`) or self-signed (a server\'s own certificate, trusted as its own anchor), not a leaf that another CA issued',
    prevents: 'clients look for the issuer of the server\'s certificate, which the bundle does not hold: "unable to get local issuer certificate"',
    message: /is a leaf certificate \(a server's own, CA:FALSE\) issued by "CN=Test Root CA/,
    objects: { bad: [certificateSecret(pki.leaf.pem)], good: [certificateSecret(pki.selfSignedLeaf.pem)] },
    library: { bad: registryCertificate(pki.leaf.pem), good: registryCertificate(pki.selfSignedLeaf.pem) },
  },
  {
    area: 'Credentials in a Secret',
    rule: 'certificate-key-usage',
    check: 'a CA certificate whose key usage extension is present allows `keyCertSign`',
    prevents: 'OpenSSL refuses every certificate that CA issued: "key usage does not include certificate signing"',
    message: /is a CA whose key usage does not include keyCertSign/,
    objects: { bad: [bundleConfigMap(pki.caWithoutCertSign.pem)], good: [bundleConfigMap(pki.ca.pem)] },
    library: { bad: registryCertificate(pki.caWithoutCertSign.pem), good: registryCertificate(pki.ca.pem) },
  }, {
    area: 'Credentials in a Secret',
    rule: 'gcp-key-file',
    check: 'a Google credentials file (`user-gcp-sa.json` or any JSON key with a Google `type`) is a service-account key with `client_email`, an https `token_uri`, a PEM `private_key` that parses and a `project_id`; `GOOGLE_APPLICATION_CREDENTIALS` names a file its PodDefault mounts',
    prevents: 'google-auth fails to load it ("missing fields token_uri", "Could not deserialize key data"), or finds no file',
    message: /has no token_uri that is an https URL/,
    objects: { bad: [secret('user-gcp-sa', { 'user-gcp-sa.json': gcpKey(['token_uri']) })], good: [secret('user-gcp-sa', { 'user-gcp-sa.json': gcpKey() })] },
    library: { bad: gcpConstruct(gcpKey(['token_uri'])), good: gcpConstruct(gcpKey()) },
  },


  {
    area: 'Credentials in a Secret',
    rule: 'file-encoding',
    check: 'a credentials file or config.json that is not UTF-8 or starts with a byte-order mark (CRLF line ends are fine)',
    prevents: 'docker and botocore cannot parse it',
    message: /byte-order mark/,
    objects: { bad: [awsSecret(`\ufeff${GOOD_CREDENTIALS[0]}`, ...GOOD_CREDENTIALS.slice(1))], good: [secret('aws-credentials', { credentials: `${GOOD_CREDENTIALS.join('\r\n')}\r\n` })] },
    library: {
      bad: () => S3ConfigurationProvider.fromFile(tempFile(`\ufeff${GOOD_CREDENTIALS.join('\n')}\n`)),
      good: () => S3ConfigurationProvider.fromFile(tempFile(`${GOOD_CREDENTIALS.join('\r\n')}\r\n`)),
    },
  },
  {
    area: 'Credentials in a Secret',
    rule: 'docker-config-json',
    check: 'config.json (`config.json` or `.dockerconfigjson`) is JSON that docker, podman and kaniko load, with registries in `auths` (field names in any case and repeated keys are read as Go reads them: accepted)',
    prevents: 'the tools cannot load the file, or find no registry in it',
    message: /has the wrong JSON type/,
    objects: {
      bad: [dockerSecret('{"auths": {"ghcr.io": {"auth": 5}}}')],
      good: [secret('pull', { '.dockerconfigjson': JSON.stringify({ Auths: { 'ghcr.io': { auth: auth('u', 'p') } } }) }, { type: 'kubernetes.io/dockerconfigjson' })],
    },
    library: { bad: docker('{"auths": {"ghcr.io": {"auth": 5}}}'), good: docker(JSON.stringify({ Auths: { 'ghcr.io': { auth: auth('u', 'p') } } })) },
  },
  {
    area: 'Credentials in a Secret',
    rule: 'docker-registry-lookup',
    check: 'every registry key is found by docker, podman and kaniko alike: the bare lower-case host (`ghcr.io`) or a URL with a scheme; no `ghcr.io/`, no `registry.example.com/v2/` without scheme, no upper case, no two spellings without the bare one; an `auth` in every entry (username/password, identitytoken or registrytoken alone are docker-only)',
    prevents: 'one tool finds the credentials and another does not: a pull that works with docker fails with podman or kaniko',
    message: /is not found by podman and buildah/,
    objects: { bad: [dockerSecret(JSON.stringify({ auths: { 'ghcr.io/': { auth: auth('u', 'p') } } }))], good: [dockerSecret(GOOD_DOCKER)] },
    library: { bad: docker(JSON.stringify({ auths: { 'ghcr.io/': { auth: auth('u', 'p') } } })), good: docker(GOOD_DOCKER) },
  },
  {
    area: 'Credentials in a Secret',
    rule: 'docker-auth',
    check: '`auth` is padded base64 of `username:password` with a non-empty username without `:`',
    prevents: 'docker refuses the file: "invalid auth configuration file"',
    message: /does not decode to username:password/,
    objects: { bad: [dockerSecret(dockerJson({ auth: Buffer.from('no-colon').toString('base64') }))], good: [dockerSecret(dockerJson({ auth: auth('user', 'pass:word') }))] },
    library: { bad: docker(dockerJson({ auth: Buffer.from('no-colon').toString('base64') })), good: docker(dockerJson({ auth: auth('user', 'pass:word') })) },
  },
  {
    area: 'Credentials in a Secret',
    rule: 'docker-creds-helper',
    check: 'no `credsStore` or `credHelpers`',
    prevents: 'the helper program does not exist in the pod: no credentials',
    message: /sets credsStore "desktop"/,
    objects: { bad: [dockerSecret(dockerJson({ auth: auth('u', 'p') }, { credsStore: 'desktop' }))], good: [dockerSecret(dockerJson({ auth: auth('u', 'p') }, { credsStore: '' }))] },
    library: { bad: docker(dockerJson({ auth: auth('u', 'p') }, { credsStore: 'desktop' })), good: docker(dockerJson({ auth: auth('u', 'p') }, { credsStore: '' })) },
  },
  {
    area: 'Credentials in a Secret',
    rule: 'docker-registry-key',
    check: 'Docker Hub under `https://index.docker.io/v1/` (registries are normalized); one entry per registry; keys are registry addresses',
    prevents: 'docker and kaniko look up Docker Hub only under that key; duplicates are ambiguous',
    message: /Docker Hub credentials must be under "https:\/\/index.docker.io\/v1\/"/,
    objects: {
      bad: [dockerSecret(JSON.stringify({ auths: { 'docker.io': { auth: auth('u', 'p') } } }))],
      good: [dockerSecret(JSON.stringify({ auths: { 'https://index.docker.io/v1/': { auth: auth('u', 'p') } } }))],
    },
    library: {
      bad: () => withDocker({ configJson: JSON.stringify({ auths: { 'docker.io': { auth: auth('u', 'p') } } }) }),
      good: () => withDocker({ registries: [{ server: 'docker.io', username: 'u', password: 'p' }] }),
    },
  },
  {
    area: 'Credentials in a Secret',
    rule: 'aws-file-section',
    check: 'credentials file: bare `[name]` sections, never `[profile x]`; at least one profile with both keys',
    prevents: '`[profile x]` belongs to the config file; in the credentials file the profile is not found',
    message: /never \[profile x\]/,
    objects: {
      bad: [awsSecret('[profile dev]', 'aws_access_key_id = a', 'aws_secret_access_key = b')],
      good: [awsSecret('[dev]', 'aws_access_key_id = a', 'aws_secret_access_key = b')],
    },
    library: {
      bad: credentialsFile('[profile dev]', 'aws_access_key_id = a', 'aws_secret_access_key = b'),
      good: credentialsFile('[dev]', 'aws_access_key_id = a', 'aws_secret_access_key = b'),
    },
  },
  {
    area: 'Credentials in a Secret',
    rule: 'aws-file-duplicates',
    check: 'credentials file: botocore and the AWS JS SDK read the same credentials from it: no duplicate sections or keys, no indented continuation lines, lower-case keys with `=`, no `[DEFAULT]`, no `aws_security_token`, both keys in every profile (whitespace around values, indented first keys and comments after a header are read alike and accepted)',
    prevents: 'botocore refuses the file while the JS SDK silently keeps the last value, or the two read different credentials',
    message: /refuses the key "aws_access_key_id" twice/,
    objects: { bad: [awsSecret(...GOOD_CREDENTIALS, 'aws_access_key_id = b')], good: [awsSecret(...GOOD_CREDENTIALS)] },
    library: { bad: credentialsFile(...GOOD_CREDENTIALS, 'aws_access_key_id = b'), good: credentialsFile(...GOOD_CREDENTIALS) },
  },
  {
    area: 'Credentials in a Secret',
    rule: 'aws-file-value',
    check: 'credentials file: values without whitespace inside, not starting with `#` or `;`, without ` #` or ` ;` comments',
    prevents: 'the JS SDK reads ` #...` as a comment, botocore as part of the value',
    message: /reads a value starting with "#" or ";" as a comment/,
    objects: {
      bad: [awsSecret('[default]', 'aws_access_key_id = a', 'aws_secret_access_key = #b')],
      good: [awsSecret('[default]', 'aws_access_key_id = a', 'aws_secret_access_key = b#c')],
    },
    library: {
      bad: credentialsFile('[default]', 'aws_access_key_id = a', 'aws_secret_access_key = #b'),
      good: credentialsFile('[default]', 'aws_access_key_id = a', 'aws_secret_access_key = b#c'),
    },
  },
  {
    area: 'Credentials in a Secret',
    rule: 'aws-profile-name',
    check: 'profile names are not JavaScript object property names (`__proto__`, `constructor`, ...)',
    prevents: 'the AWS JS SDK refuses or mis-reads them',
    message: /JavaScript object property name/,
    objects: {
      bad: [awsSecret('[constructor]', 'aws_access_key_id = a', 'aws_secret_access_key = b')],
      good: [awsSecret('[builder]', 'aws_access_key_id = a', 'aws_secret_access_key = b')],
    },
    library: {
      bad: credentialsFile('[constructor]', 'aws_access_key_id = a', 'aws_secret_access_key = b'),
      good: credentialsFile('[builder]', 'aws_access_key_id = a', 'aws_secret_access_key = b'),
    },
  },

  // All PodDefaults of a namespace: at synth, across the whole App.
  {
    area: 'All PodDefaults of a namespace',
    rule: 'shared-selector',
    check: 'two PodDefaults sharing a selector key',
    prevents: 'ticking either box applies both (the Kaptain guide\'s AWS example has this bug)',
    message: /selector key "docker-config" is also the selector of/,
    objects: {
      bad: pds({ selector: { matchLabels: { 'docker-config': 'true' } } }, { selector: { matchLabels: { 'docker-config': 'true' } } }),
      good: pds({ selector: { matchLabels: { 'docker-config': 'true' } } }, { selector: { matchLabels: { 'aws-credentials': 'true' } } }),
    },
    library: {
      bad: () => {
        const c = chart();
        pd(c, 'DockerConfig');
        pd(c, 'AwsCredentials', { selectorLabel: 'docker-config' });
        return synth(c);
      },
      good: () => {
        const c = chart();
        pd(c, 'DockerConfig');
        pd(c, 'AwsCredentials');
        return synth(c);
      },
    },
  },
  {
    area: 'All PodDefaults of a namespace',
    rule: 'volume-conflict',
    check: 'the same volume name with different content',
    prevents: 'the webhook refuses every notebook that selects both',
    message: /volume "creds" differs from the volume of the same name/,
    objects: {
      bad: pds({ volumes: [secretVolume('creds', 'one')], volumeMounts: [{ name: 'creds', mountPath: '/home/kubeflow/.one' }] },
        { volumes: [secretVolume('creds', 'two')], volumeMounts: [{ name: 'creds', mountPath: '/home/kubeflow/.one' }] }),
      good: pds({ volumes: [secretVolume('one', 'one')], volumeMounts: [{ name: 'one', mountPath: '/home/kubeflow/.one' }] },
        { volumes: [secretVolume('two', 'two')], volumeMounts: [{ name: 'two', mountPath: '/home/kubeflow/.two' }] }),
    },
    library: {
      bad: twoMounts({ secret: 'one', path: '/home/kubeflow/.one', volume: 'creds' }, { secret: 'two', path: '/home/kubeflow/.two', volume: 'creds' }),
      good: twoMounts({ secret: 'one', path: '/home/kubeflow/.one', volume: 'one' }, { secret: 'two', path: '/home/kubeflow/.two', volume: 'two' }),
    },
  },
  {
    area: 'All PodDefaults of a namespace',
    rule: 'volume-conflict',
    check: 'a volume named `dshm` other than the notebook\'s own (`emptyDir: {medium: Memory}`, which may be repeated)',
    prevents: 'it clashes with the notebook\'s shared-memory volume: the webhook refuses the notebook',
    message: /volume "dshm" is the notebook's own shared-memory volume with other content/,
    objects: {
      bad: pds({ volumes: [secretVolume('dshm')], volumeMounts: [{ name: 'dshm', mountPath: '/home/kubeflow/.s' }] }),
      good: pds({ volumes: [{ name: 'dshm', emptyDir: { medium: 'Memory' } }], volumeMounts: [{ name: 'dshm', mountPath: '/dev/shm' }] }),
    },
    library: { bad: oneMount('/home/kubeflow/.s', 'dshm'), good: oneMount('/home/kubeflow/.s', 'shm-creds') },
  },
  {
    area: 'All PodDefaults of a namespace',
    rule: 'mount-name-conflict',
    check: 'one volume mounted at two paths, in one PodDefault or two, including `/x` and `/x/` (the webhook compares strings)',
    prevents: 'the webhook refuses every notebook that selects both',
    message: /(is mounted at "\/home\/kubeflow\/.docker" and at "\/home\/kubeflow\/.docker\/"|is already mounted at "\/home\/kubeflow\/.docker\/")/,
    objects: {
      bad: pds({ volumes: [secretVolume('v', 'docker-secret')], volumeMounts: [{ name: 'v', mountPath: '/home/kubeflow/.docker/' }] },
        { volumes: [secretVolume('v', 'docker-secret')], volumeMounts: [{ name: 'v', mountPath: '/home/kubeflow/.docker' }] }),
      good: pds({ volumes: [secretVolume('v', 'docker-secret')], volumeMounts: [{ name: 'v', mountPath: '/home/kubeflow/.docker/' }] },
        { volumes: [secretVolume('v', 'docker-secret')], volumeMounts: [{ name: 'v', mountPath: '/home/kubeflow/.docker/' }] }),
    },
    library: {
      bad: () => {
        const p = pd(chart(), 'A');
        p.addSecretVolume({ secretName: 's', mountPath: '/home/kubeflow/.docker/' });
        p.addSecretVolume({ secretName: 's', mountPath: '/home/kubeflow/.docker' });
      },
      good: () => {
        const p = pd(chart(), 'A');
        p.addSecretVolume({ secretName: 's', mountPath: '/home/kubeflow/.docker/' });
        p.addSecretVolume({ secretName: 's', mountPath: '/home/jovyan/.docker/', volumeName: 's-jovyan' });
      },
    },
  },
  {
    area: 'All PodDefaults of a namespace',
    rule: 'mount-path-conflict',
    check: 'one mountPath for two different mounts, or a mount on the notebook\'s own paths (`/home/jovyan`, `/dev/shm`, the service-account token)',
    prevents: 'the webhook refuses every notebook that selects both',
    message: /mountPath "\/creds" is also used by \[.*\] for volume "a"/,
    objects: {
      bad: pds({ volumes: [secretVolume('a')], volumeMounts: [{ name: 'a', mountPath: '/creds' }] }, { volumes: [secretVolume('b', 't')], volumeMounts: [{ name: 'b', mountPath: '/creds' }] }),
      good: pds({ volumes: [secretVolume('a')], volumeMounts: [{ name: 'a', mountPath: '/creds' }] }, { volumes: [secretVolume('a')], volumeMounts: [{ name: 'a', mountPath: '/creds' }] }),
    },
    library: {
      bad: twoMounts({ secret: 's', path: '/creds', volume: 'a' }, { secret: 't', path: '/creds', volume: 'b' }),
      good: twoMounts({ secret: 's', path: '/creds', volume: 'a' }, { secret: 's', path: '/creds', volume: 'a' }),
    },
  },
  {
    area: 'All PodDefaults of a namespace',
    rule: 'mount-path-normalized',
    check: 'one mountPath for two volumes, compared after normalizing trailing `/`, `//`, `.` and `..`',
    prevents: 'two volumes on one path: the container fails',
    message: /is also used by .* for another volume/,
    objects: {
      bad: pds({ volumes: [secretVolume('a', 'aws-a')], volumeMounts: [{ name: 'a', mountPath: '/home/kubeflow/.aws/' }] },
        { volumes: [secretVolume('b', 'aws-b')], volumeMounts: [{ name: 'b', mountPath: '/home/kubeflow/.aws' }] }),
      good: pds({ volumes: [secretVolume('a', 'aws-a')], volumeMounts: [{ name: 'a', mountPath: '/home/kubeflow/.aws/' }] },
        { volumes: [secretVolume('b', 'aws-b')], volumeMounts: [{ name: 'b', mountPath: '/home/kubeflow/.aws-b' }] }),
    },
    library: {
      bad: twoMounts({ secret: 'aws-a', path: '/home/kubeflow/.aws/' }, { secret: 'aws-b', path: '/home/kubeflow/.aws' }),
      good: twoMounts({ secret: 'aws-a', path: '/home/kubeflow/.aws/' }, { secret: 'aws-b', path: '/home/kubeflow/.aws-b' }),
    },
  },
  {
    area: 'All PodDefaults of a namespace',
    rule: 'mount-path-normalized',
    check: 'a mount on the notebook\'s own paths spelled another way (`/home/jovyan/`, `/dev/shm/`); nesting under the workspace is fine',
    prevents: 'the webhook compares paths as strings and merges it, and the container cannot start with two mounts on one path',
    message: /is the notebook's workspace volume/,
    objects: {
      bad: pds({ volumes: [secretVolume('v')], volumeMounts: [{ name: 'v', mountPath: '/home/jovyan/' }] }),
      good: pds({ volumes: [secretVolume('v')], volumeMounts: [{ name: 'v', mountPath: '/home/jovyan/.aws/' }] }),
    },
    library: { bad: oneMount('/home/jovyan/'), good: oneMount('/home/jovyan/.aws/') },
  },
  {
    area: 'All PodDefaults of a namespace',
    rule: 'mount-nested',
    check: 'a mount nested under another mount',
    prevents: 'secret volumes are read-only, so the inner mount point cannot be created and the container fails to start',
    message: /is nested under "\/home\/kubeflow\/.config"/,
    objects: {
      bad: pds({ volumes: [secretVolume('a', 'a')], volumeMounts: [{ name: 'a', mountPath: '/home/kubeflow/.config' }] },
        { volumes: [secretVolume('b', 'b')], volumeMounts: [{ name: 'b', mountPath: '/home/kubeflow/.config/gcloud' }] }),
      good: pds({ volumes: [secretVolume('a', 'a')], volumeMounts: [{ name: 'a', mountPath: '/home/kubeflow/.config/a' }] },
        { volumes: [secretVolume('b', 'b')], volumeMounts: [{ name: 'b', mountPath: '/home/kubeflow/.config/gcloud' }] }),
    },
    library: {
      bad: twoMounts({ secret: 'a', path: '/home/kubeflow/.config' }, { secret: 'b', path: '/home/kubeflow/.config/gcloud' }),
      good: twoMounts({ secret: 'a', path: '/home/kubeflow/.config/a' }, { secret: 'b', path: '/home/kubeflow/.config/gcloud' }),
    },
  },
  {
    area: 'All PodDefaults of a namespace',
    rule: 'mount-nested',
    check: 'a mount above the notebook\'s own mounts (`/home`, `/dev`, `/var/run/secrets`, `/`) or under its read-only service-account token',
    prevents: 'the notebook\'s mount points cannot be created inside a read-only secret volume, and the container fails to start',
    message: /would contain the notebook's workspace volume/,
    objects: {
      bad: pds({ volumes: [secretVolume('v')], volumeMounts: [{ name: 'v', mountPath: '/home' }] }),
      good: pds({ volumes: [secretVolume('v')], volumeMounts: [{ name: 'v', mountPath: '/home/kubeflow/.aws/' }] }),
    },
    library: { bad: oneMount('/home'), good: oneMount('/home/kubeflow/.aws/') },
  },
  {
    area: 'All PodDefaults of a namespace',
    rule: 'env-conflict',
    check: 'env vars of the same name with different values or sources',
    prevents: 'the webhook refuses every notebook that selects both',
    message: /env "S3_ENDPOINT" differs/,
    objects: {
      bad: pds({ env: [{ name: 'S3_ENDPOINT', value: 'http://a:9000' }] }, { env: [{ name: 'S3_ENDPOINT', value: 'http://b:9000' }] }),
      good: pds({ env: [{ name: 'S3_ENDPOINT', value: 'http://a:9000' }] }, { env: [{ name: 'S3_ENDPOINT', value: 'http://a:9000' }] }),
    },
    library: {
      bad: () => {
        const c = chart();
        pd(c, 'A').addEnv('S3_ENDPOINT', kplus.EnvValue.fromValue('http://a:9000'));
        pd(c, 'B').addEnv('S3_ENDPOINT', kplus.EnvValue.fromValue('http://b:9000'));
        return synth(c);
      },
      good: () => {
        const c = chart();
        pd(c, 'A').addEnv('S3_ENDPOINT', kplus.EnvValue.fromValue('http://a:9000'));
        pd(c, 'B').addEnv('S3_ENDPOINT', kplus.EnvValue.fromValue('http://a:9000'));
        return synth(c);
      },
    },
  },
  {
    area: 'All PodDefaults of a namespace',
    rule: 'env-from-overlap',
    check: 'envFrom of Secrets or ConfigMaps whose known keys overlap, or env and envFrom setting one variable',
    prevents: 'one value silently overrides the other at runtime',
    message: /also provides/,
    objects: {
      bad: [configMap('minio', { S3_ENDPOINT: 'http://minio-service.kubeflow:9000' }), envSecret({ S3_ENDPOINT: 'https://ceph.example.com' }),
        ...pds({ envFrom: [{ configMapRef: { name: 'minio' } }] }, { envFrom: [{ secretRef: { name: 'aws-configuration' } }] })],
      good: [configMap('minio', { S3_ENDPOINT: 'http://minio-service.kubeflow:9000' }), envSecret({ S3_ENDPOINT: 'https://ceph.example.com' }),
        ...pds({ envFrom: [{ configMapRef: { name: 'minio' }, prefix: 'MINIO_' }] }, { envFrom: [{ secretRef: { name: 'aws-configuration' } }] })],
    },
    library: {
      bad: () => {
        const c = chart();
        new AwsEnvConfiguration(c, 'One', { name: 'one', accessKeyId: 'a', secretAccessKey: 'b' }).addPodDefault({ name: 'one' });
        new AwsEnvConfiguration(c, 'Two', { name: 'two', accessKeyId: 'c', secretAccessKey: 'd' }).addPodDefault({ name: 'two' });
        return synth(c);
      },
      good: () => {
        const c = chart();
        new AwsEnvConfiguration(c, 'One', { name: 'one', accessKeyId: 'a', secretAccessKey: 'b' }).addPodDefault({ name: 'one' });
        new AwsEnvConfiguration(c, 'Two', { name: 'two', accessKeyId: 'c', secretAccessKey: 'd' }).addPodDefault({ name: 'two', prefix: 'TWO_' });
        return synth(c);
      },
    },
  },
  {
    area: 'All PodDefaults of a namespace',
    rule: 'env-from-invalid-key',
    check: 'envFrom keys that are not valid variable names after prefixing',
    prevents: 'the kubelet skips them silently',
    message: /kubelet skips it silently/,
    objects: {
      bad: [secret('s', { '1st': 'x' }), ...pds({ envFrom: [{ secretRef: { name: 's' } }] })],
      good: [secret('s', { '1st': 'x' }), ...pds({ envFrom: [{ secretRef: { name: 's' }, prefix: 'K_' }] })],
    },
    library: {
      bad: () => {
        const c = chart();
        pd(c, 'A').addEnvFromSecret('s', { keys: ['1st'] });
        return synth(c);
      },
      good: () => {
        const c = chart();
        pd(c, 'A').addEnvFromSecret('s', { keys: ['1st'], prefix: 'K_' });
        return synth(c);
      },
    },
  },
  {
    area: 'All PodDefaults of a namespace',
    rule: 'secret-key-missing',
    check: 'volume items, `secretKeyRef` and `configMapKeyRef` keys that a known Secret (a SealedSecret\'s or ExternalSecret\'s too) or ConfigMap does not have',
    prevents: 'the pod waits for the missing key forever, or its container never starts (CreateContainerConfigError)',
    message: /is not a key of Secret "docker-secret"/,
    objects: {
      bad: [dockerSecret(GOOD_DOCKER), ...pds({ env: [{ name: 'DOCKER_CONFIG_JSON', valueFrom: { secretKeyRef: { name: 'docker-secret', key: '.dockerconfigjson' } } }] })],
      good: [dockerSecret(GOOD_DOCKER), ...pds({ env: [{ name: 'DOCKER_CONFIG_JSON', valueFrom: { secretKeyRef: { name: 'docker-secret', key: 'config.json' } } }] })],
    },
    library: {
      bad: () => {
        const c = chart();
        new DockerCredentials(c, 'D', { registries: [{ server: 'ghcr.io', username: 'u', password: 'p' }] });
        pd(c, 'A').addSecretVolume({ secretName: 'docker-secret', mountPath: '/m', items: [{ key: '.dockerconfigjson', path: 'config.json' }] });
        return synth(c);
      },
      good: () => {
        const c = chart();
        new DockerCredentials(c, 'D', { registries: [{ server: 'ghcr.io', username: 'u', password: 'p' }] });
        pd(c, 'A').addSecretVolume({ secretName: 'docker-secret', mountPath: '/m', items: [{ key: 'config.json', path: 'config.json' }] });
        return synth(c);
      },
    },
  },
  {
    area: 'All PodDefaults of a namespace',
    rule: 'toleration-conflict',
    check: 'two tolerations for one key that differ in anything, effect included (also against the pod\'s own `not-ready` and `unreachable` tolerations)',
    prevents: 'the webhook merges tolerations by key and refuses every notebook that selects both',
    message: /toleration for key "gpu" differs/,
    objects: {
      bad: pds({ tolerations: [{ key: 'gpu', operator: 'Exists', effect: 'NoSchedule' }] }, { tolerations: [{ key: 'gpu', operator: 'Exists', effect: 'NoExecute' }] }),
      good: pds({ tolerations: [{ key: 'gpu', operator: 'Exists', effect: 'NoSchedule' }] }, { tolerations: [{ key: 'gpu', operator: 'Exists', effect: 'NoSchedule' }] }),
    },
  },
  {
    area: 'All PodDefaults of a namespace',
    rule: 'label-conflict',
    check: 'a label with another value than another PodDefault\'s label, another PodDefault\'s selector key (`b: "false"` unticks box `b`), or the notebook\'s own labels (`app`, `statefulset`, `notebook-name`, ...)',
    prevents: 'the webhook refuses every notebook that selects both',
    message: /selector "pd-1": "true" is a label that \[.*\] sets to another value/,
    objects: { bad: pds({ labels: { 'pd-1': 'false' } }, {}), good: pds({ labels: { 'pd-1': 'true' } }, {}) },
  },
  {
    area: 'All PodDefaults of a namespace',
    rule: 'annotation-conflict',
    check: 'an annotation with another value than another PodDefault\'s',
    prevents: 'the webhook refuses every notebook that selects both',
    message: /annotation "example.com\/team" has another value/,
    objects: {
      bad: pds({ annotations: { 'example.com/team': 'a' } }, { annotations: { 'example.com/team': 'b' } }),
      good: pds({ annotations: { 'example.com/team': 'a' } }, { annotations: { 'example.com/team': 'a' } }),
    },
  },
  {
    area: 'All PodDefaults of a namespace',
    rule: 'container-conflict',
    check: 'two init containers or two sidecars with one name and different content',
    prevents: 'the webhook refuses every notebook that selects both',
    message: /sidecar "proxy" differs from the container of the same name/,
    objects: {
      bad: pds({ sidecars: [sidecar('proxy')] }, { sidecars: [sidecar('proxy', 'registry.example.com/proxy:2')] }),
      good: pds({ sidecars: [sidecar('proxy')] }, { sidecars: [sidecar('proxy')] }),
    },
  },
  {
    area: 'All PodDefaults of a namespace',
    rule: 'container-name-unique',
    check: 'one name for an init container and a sidecar',
    prevents: 'container names are unique in a pod: the API server refuses every notebook that selects both',
    message: /sidecar "setup" has the name of an init container/,
    objects: { bad: pds({ initContainers: [sidecar('setup')] }, { sidecars: [sidecar('setup')] }), good: pds({ initContainers: [sidecar('setup')] }, { sidecars: [sidecar('proxy')] }) },
  },
  {
    area: 'All PodDefaults of a namespace',
    rule: 'service-account-differs',
    check: 'two different `serviceAccountName` or `automountServiceAccountToken` values',
    prevents: 'the webhook silently keeps the last one: the notebook runs as another account than one of the boxes says',
    message: /serviceAccountName differs/,
    objects: { bad: pds({ serviceAccountName: 'a' }, { serviceAccountName: 'b' }), good: pds({ serviceAccountName: 'a' }, { serviceAccountName: 'a' }) },
  },
  {
    area: 'All PodDefaults of a namespace',
    rule: 'command-differs',
    check: 'two different `command` or `args` values',
    prevents: 'the webhook silently gives every container the first one',
    message: /command differs/,
    objects: { bad: pds({ command: ['a'] }, { command: ['b'] }), good: pds({ command: ['a'] }, { command: ['a'] }) },
  }, {
    area: 'All PodDefaults of a namespace',
    rule: 'aws-role-conflict',
    check: 'PodDefaults of one namespace that a notebook can tick together give one IAM role (`AWS_ROLE_ARN`), unless they are alternatives',
    prevents: 'the webhook refuses every notebook that selects both (a pod assumes one role)',
    message: /env AWS_ROLE_ARN is another IAM role than the one of/,
    objects: { bad: [keylessPd('role-a'), keylessPd('role-b', 'arn:aws:iam::123456789012:role/other')], good: [keylessPd('role-a', ROLE, 'aws'), keylessPd('role-b', 'arn:aws:iam::123456789012:role/other', 'aws')] },
    library: { bad: twoRoles(), good: twoRoles('aws') },
  },
  {
    area: 'All PodDefaults of a namespace',
    rule: 'aws-credential-precedence',
    check: 'keyless AWS credentials (web identity, EKS Pod Identity) and another source (static keys, a credentials file) are not offered to one notebook together, unless they are alternatives; the message names which one botocore takes',
    prevents: 'a notebook that ticks both silently uses one of them: botocore takes environment keys, then web identity, then the shared credentials file, then container credentials (the AWS JS SDK reads the file before web identity)',
    message: /a notebook that ticks both gets environment keys/,
    library: { bad: keysAndRole(), good: keysAndRole('aws') },
    objects: {
      bad: [envSecret({}), ...pds({ envFrom: [{ secretRef: { name: 'aws-configuration' } }] }), keylessPd('aws-web-identity')],
      good: [envSecret({}), ...pds({ envFrom: [{ secretRef: { name: 'aws-configuration' } }] }).map((m: any) => ({ ...m, metadata: { ...m.metadata, annotations: { 'kubeflow-credentials.cdk8s.io/alternatives': 'aws' } } })), keylessPd('aws-web-identity', ROLE, 'aws')],
    },
  },


  // Inputs of the constructs and providers: what no manifest holds.
  {
    area: 'Inputs of the constructs and providers',
    rule: 'secret-namespace',
    check: 'a Secret given as an object (cdk8s-plus, an ApiObject, a credentials construct) is in the PodDefault\'s namespace',
    prevents: 'a pod can only use Secrets of its own namespace: the notebook waits forever',
    message: /only use Secrets of its own namespace/,
    inputsOnly: 'a manifest names a Secret by name only, always in its own namespace',
    library: {
      bad: () => {
        const c = chart();
        const other = new kplus.Secret(new Chart(c.node.scope as any, 'other', { namespace: 'other' }), 'S');
        pd(c, 'A').addEnvFromSecret(other);
      },
      good: () => {
        const c = chart();
        pd(c, 'A').addEnvFromSecret(new kplus.Secret(c, 'S'));
      },
    },
  },
  {
    area: 'Inputs of the constructs and providers',
    rule: 'docker-required-images',
    check: '`requiredImages`: each image (resolved as docker resolves it: `model:1` is Docker Hub) is on a registry the config.json has credentials for',
    prevents: 'the notebook cannot pull or push the model image (the Kaptain guide: the Docker credentials must cover the registry of the model\'s image)',
    message: /is on registry "quay.io", which config.json has no credentials for/,
    inputsOnly: 'the images a notebook needs are a property of DockerCredentials, not of any manifest',
    library: {
      bad: () => synth(withDocker({ registries: [{ server: 'ghcr.io', username: 'u', password: 'p' }], requiredImages: ['quay.io/team/model:1'] })),
      good: () => synth(withDocker({ registries: [{ server: 'ghcr.io', username: 'u', password: 'p' }], requiredImages: ['ghcr.io/team/model:1'] })),
    },
  },
  {
    area: 'Inputs of the constructs and providers',
    rule: 'file-unreadable',
    check: 'a file that is missing, a directory, unreadable, empty or over 1 MiB',
    prevents: 'an empty or partial Secret',
    message: /does not exist/,
    inputsOnly: 'a file on the machine that runs synth',
    library: {
      bad: () => DockerConfigurationProvider.fromFile(path.join(os.tmpdir(), 'no-such-config.json')),
      good: () => DockerConfigurationProvider.fromFile(tempFile(GOOD_DOCKER)),
    },
  },
  {
    area: 'Inputs of the constructs and providers',
    rule: 'sealed-scope',
    check: 'a JSON patch does not move a SealedSecret (name, namespace, scope annotations) away from what its values were sealed for',
    prevents: 'the sealed-secrets controller refuses to decrypt it, and the Secret is never made',
    message: /values were sealed for "user\/docker-secret" \(strict scope\)/,
    inputsOnly: 'what a value was sealed for is known only where it was sealed',
    library: {
      bad: () => synth(sealedDocker(JsonPatch.replace('/metadata/namespace', 'team-b'))),
      good: () => synth(sealedDocker(JsonPatch.add('/metadata/labels', { team: 'a' }))),
    },
  },
  {
    area: 'Inputs of the constructs and providers',
    rule: 'kyverno-text',
    check: 'text of a PodDefault that `ProfileAccess` places with a Kyverno generate rule, which no escape makes Kyverno read as written (`{{` and `$(` are escaped; an escaped reference that spans another cannot be)',
    prevents: 'Kyverno substitutes it as a variable or a reference (or fails the rule), and every profile namespace receives another PodDefault, or none',
    message: /has text that Kyverno would read as a variable/,
    inputsOnly: 'only text the library writes into a policy is escaped; a hand-written policy\'s variables are meant',
    library: {
      bad: () => synth(profileAccess('$(a$(b)')),
      good: () => synth(profileAccess('Registry {{ team }} at $(HOME)')),
    },
  },
  {
    area: 'Inputs of the constructs and providers',
    rule: 'aws-profile-missing',
    check: 'a profile that is not in the credentials file',
    prevents: 'the provider would hand out no credentials',
    message: /has no profile "prod" \(it has "default"\)/,
    inputsOnly: 'the profile a provider reads is chosen in code',
    library: {
      bad: () => S3ConfigurationProvider.fromFile(tempFile(`${GOOD_CREDENTIALS.join('\n')}\n`), 'prod'),
      good: () => S3ConfigurationProvider.fromFile(tempFile(`${GOOD_CREDENTIALS.join('\n')}\n`), 'default'),
    },
  },
  {
    area: 'Inputs of the constructs and providers',
    rule: 'aws-env-keys',
    check: 'missing `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY` in the environment that `fromEnv` reads',
    prevents: 'a configuration without credentials',
    message: /AWS_SECRET_ACCESS_KEY is not set/,
    inputsOnly: 'the environment of the machine that runs synth',
    library: {
      bad: () => S3ConfigurationProvider.fromEnv({ AWS_ACCESS_KEY_ID: 'a' }),
      good: () => S3ConfigurationProvider.fromEnv({ AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 'b' }),
    },
  },
];

const escape = (text: string) => text.replace(/\|/g, '\\|');

/** Who refuses what a check catches, as the README says it. */
export const WHO: { readonly [origin: string]: string } = {
  'webhook': 'the webhook refuses',
  'kubernetes': 'Kubernetes refuses',
  'spawner': 'the spawner gets it wrong',
  'runtime': 'fails at run time',
  'beyond-webhook': 'beyond the webhook',
};

/** The entry points a catalogue entry runs through, as the README says them. */
function entryPointsOf(check: Check): string {
  if (check.inputsOnly) {
    return `inputs only (${check.inputsOnly})`;
  }
  return check.library ? 'constructs, synth, `check`' : 'synth, `check`';
}

/** The README section generated from the catalogue. */
export function renderChecks(): string {
  const lines: string[] = [];
  for (const area of AREAS) {
    lines.push(`### ${area}`, '', '| rule | check | who refuses | the failure it prevents | checked in |', '|---|---|---|---|---|');
    for (const check of CHECKS.filter((c) => c.area === area)) {
      lines.push(`| \`${check.rule}\` | ${escape(check.check)} | ${WHO[RULES[check.rule]]} | ${escape(check.prevents)} | ${escape(entryPointsOf(check))} |`);
    }
    lines.push('');
  }
  return lines.join('\n');
}

export const START = '<!-- checks:start (generated from docs/checks.ts by `npx projen docs:checks`; do not edit) -->';
export const END = '<!-- checks:end -->';

/** README.md with its checks section replaced by the generated one. */
export function withChecks(readme: string): string {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) {
    throw new Error('README.md has no checks markers');
  }
  return `${readme.slice(0, start + START.length)}\n\n${renderChecks()}\n${readme.slice(end)}`;
}

/** Markdown as plain text: code spans and emphasis unmarked. */
function plainText(markdown: string): string {
  return markdown.replace(/`([^`]*)`/g, '$1').replace(/\*\*([^*]*)\*\*/g, '$1');
}

/**
 * src/manifests/rule-help.ts: what each rule checks and prevents, from the catalogue, for the
 * help text of SARIF output (`check --format sarif`), which cannot read docs/.
 */
export function ruleHelpModule(): string {
  const quoted = (text: string) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  // A rule with several rows has them joined, in catalogue order.
  const byRule = new Map<string, Check[]>();
  CHECKS.forEach((c) => byRule.set(c.rule, [...(byRule.get(c.rule) ?? []), c]));
  const join = (rows: Check[], field: 'check' | 'prevents') => [...new Set(rows.map((r) => plainText(r[field])))].join('; ');
  const entries = [...byRule].map(([rule, rows]) =>
    `  '${rule}': {\n    check: ${quoted(join(rows, 'check'))},\n    prevents: ${quoted(join(rows, 'prevents'))},\n    area: ${quoted(rows[0].area)},\n  },`);
  return [
    '// ~~ Generated from docs/checks.ts by `npx projen docs:checks`. Do not edit.',
    '/** What each rule checks and the failure it prevents (README "What we check"), for SARIF help text. */',
    'export const RULE_HELP: { readonly [rule: string]: { readonly check: string; readonly prevents: string; readonly area: string } | undefined } = {',
    ...entries,
    '};',
    '',
  ].join('\n');
}
