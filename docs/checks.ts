/**
 * The catalogue of checks: what each one refuses, the failure it prevents, and an executable
 * example of the bad case and the good case. README.md's "What we check" is generated from it
 * (`npx projen docs:checks`), and test/checks-doc.test.ts runs every example and verifies that
 * the README is in sync, so the documentation cannot drift from the code.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import {
  AwsEnvConfiguration, AwsFileCredentials, DockerConfigurationProvider, DockerCredentials, NotebookPodDefault, PodDefaultChecks,
  S3ConfigurationProvider,
} from '../src';
import { Origin, RULES } from '../src/checks/rules';

/** One documented check. */
export interface Check {
  /** The README table it belongs to. */
  readonly area: 'One PodDefault' | 'All PodDefaults of a namespace' | 'Credentials' | 'Files and providers';
  /** Its stable id: for the engine's checks, the id in `check --json` and `checkManifests()` records. */
  readonly rule: string;
  /** Who refuses the bad case: for the engine's checks, taken from src/checks/rules.ts. */
  readonly origin?: Origin | 'consumer';
  /** What is refused. */
  readonly check: string;
  /** The failure it prevents. */
  readonly prevents: string;
  /** Builds (and synthesizes) the bad case: must throw an error matching `message`. */
  readonly bad: () => unknown;
  readonly message: RegExp;
  /** Builds (and synthesizes) the good case: must succeed. */
  readonly good: () => unknown;
}

const chart = () => new Chart(Testing.app(), 'user', { namespace: 'user' });
const synth = (c: Chart) => Testing.synth(c);
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
const dockerJson = (entry: object, extra: object = {}) => () => synth(withDocker({ configJson: JSON.stringify({ auths: { 'ghcr.io': entry }, ...extra }) }));
const withDocker = (props: ConstructorParameters<typeof DockerCredentials>[2]) => {
  const c = chart();
  new DockerCredentials(c, 'Docker', props);
  return c;
};
const credentialsFile = (...lines: string[]) => () => {
  const c = chart();
  new AwsFileCredentials(c, 'Aws', { credentialsFile: lines.join('\n') + '\n' });
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

/**
 * PodDefaults written as plain ApiObjects (as hand-written YAML or `Include` brings them), each
 * with its own name and selector, checked with `PodDefaultChecks`, then synth.
 */
const manifests = (...specs: Array<Record<string, unknown>>) => () => {
  const c = chart();
  PodDefaultChecks.of(c);
  specs.forEach((spec, i) => new ApiObject(c, `pd${i}`, {
    apiVersion: 'kubeflow.org/v1alpha1',
    kind: 'PodDefault',
    metadata: { name: `pd-${i}` },
    spec: { desc: `PodDefault ${i}`, selector: { matchLabels: { [`pd-${i}`]: 'true' } }, ...spec },
  }));
  return synth(c);
};
const secretVolume = (name: string, secretName = 's') => ({ name, secret: { secretName } });
const sidecar = (name: string, image = 'registry.example.com/proxy:1') => ({ name, image });

export const CHECKS: Check[] = [
  // One PodDefault: thrown where the mistake is made.
  {
    area: 'One PodDefault',
    rule: 'poddefault-name',
    check: 'name is a DNS-1123 subdomain of at most 52 characters',
    prevents: 'the API server refuses other names; past 52 the webhook\'s pod annotation `poddefault.admission.kubeflow.org/poddefault-<name>` passes 63 characters and every pod creation fails',
    bad: () => pd(chart(), 'A', { name: 'a'.repeat(53) }),
    message: /at most 52 are allowed/,
    good: () => pd(chart(), 'A', { name: 'a'.repeat(52) }),
  },
  {
    area: 'One PodDefault',
    rule: 'namespace-name',
    check: 'namespace is a DNS-1123 label',
    prevents: 'the manifest cannot be applied',
    bad: () => pd(chart(), 'A', { namespace: 'Team_A' }),
    message: /namespace "Team_A" is not a DNS-1123 label/,
    good: () => pd(chart(), 'A', { namespace: 'team-a' }),
  },
  {
    area: 'One PodDefault',
    rule: 'desc',
    origin: 'beyond-webhook',
    check: '`desc` is not empty',
    prevents: 'the spawner shows a bare name instead of a description',
    bad: () => new NotebookPodDefault(chart(), 'A', { desc: '' }),
    message: /desc is empty/,
    good: () => new NotebookPodDefault(chart(), 'A', { desc: 'Add Docker registry credentials' }),
  },
  {
    area: 'One PodDefault',
    rule: 'selector-invalid',
    check: 'the selector label is a valid label key (the selector is always `matchLabels: {<key>: "true"}`)',
    prevents: 'a PodDefault with an invalid selector makes the webhook deny every pod of the namespace; any other selector form cannot be ticked in the spawner',
    bad: () => pd(chart(), 'A', { selectorLabel: 'docker config' }),
    message: /selectorLabel "docker config" is not a valid label key/,
    good: () => pd(chart(), 'A', { selectorLabel: 'example.com/docker-config' }),
  },
  {
    area: 'One PodDefault',
    rule: 'volume-name',
    check: 'volume names are DNS-1123 labels',
    prevents: 'pod validation refuses the notebook',
    bad: () => pd(chart(), 'A').addSecretVolume({ secretName: 's', mountPath: '/home/kubeflow/.s', volumeName: 'S_Volume' }),
    message: /volume name "S_Volume" is not a DNS-1123 label/,
    good: () => pd(chart(), 'A').addSecretVolume({ secretName: 's', mountPath: '/home/kubeflow/.s', volumeName: 's-volume' }),
  },
  {
    area: 'One PodDefault',
    rule: 'mount-path',
    check: 'mountPath is absolute and has no `:`',
    prevents: 'pod validation refuses the notebook, or the runtime splits the path',
    bad: () => pd(chart(), 'A').addSecretVolume({ secretName: 's', mountPath: 'home/kubeflow/.docker' }),
    message: /is not absolute/,
    good: () => pd(chart(), 'A').addSecretVolume({ secretName: 's', mountPath: '/home/kubeflow/.docker' }),
  },
  {
    area: 'One PodDefault',
    rule: 'file-mode',
    check: '`defaultMode` and item `mode` are integers from 0 to 0777',
    prevents: 'pod validation refuses the notebook',
    bad: () => pd(chart(), 'A').addSecretVolume({ secretName: 's', mountPath: '/m', defaultMode: 644 }),
    message: /defaultMode 644 is not a file mode/,
    good: () => pd(chart(), 'A').addSecretVolume({ secretName: 's', mountPath: '/m', defaultMode: 0o644 }),
  },
  {
    area: 'One PodDefault',
    rule: 'item-path',
    check: 'item paths are relative without `..`; item keys are Secret data keys',
    prevents: 'pod validation refuses the notebook',
    bad: () => pd(chart(), 'A').addSecretVolume({ secretName: 's', mountPath: '/m', items: [{ key: 'config.json', path: '../config.json' }] }),
    message: /contains a "\.\." segment/,
    good: () => pd(chart(), 'A').addSecretVolume({ secretName: 's', mountPath: '/m', items: [{ key: '.dockerconfigjson', path: 'config.json' }] }),
  },
  {
    area: 'One PodDefault',
    rule: 'env-name',
    check: 'env names and envFrom prefixes follow the Kubernetes rule',
    prevents: 'pod validation refuses the notebook',
    bad: () => pd(chart(), 'A').addEnvFromSecret('s', { prefix: '1_' }),
    message: /envFrom prefix "1_" is not a valid environment variable name/,
    good: () => pd(chart(), 'A').addEnvFromSecret('s', { prefix: 'KF_' }),
  },
  {
    area: 'One PodDefault',
    rule: 'mount-name-conflict',
    check: 'one volume is not mounted at two paths; every mount has its volume (by construction)',
    prevents: 'the webhook refuses the notebook; a mount without a volume fails pod validation',
    bad: () => {
      const p = pd(chart(), 'A');
      p.addSecretVolume({ secretName: 's', mountPath: '/home/kubeflow/.a' });
      p.addSecretVolume({ secretName: 's', mountPath: '/home/jovyan/.a' });
    },
    message: /is already mounted at "\/home\/kubeflow\/.a"/,
    good: () => {
      const p = pd(chart(), 'A');
      p.addSecretVolume({ secretName: 's', mountPath: '/home/kubeflow/.a' });
      p.addSecretVolume({ secretName: 's', mountPath: '/home/jovyan/.a', volumeName: 's-jovyan' });
    },
  },
  {
    area: 'One PodDefault',
    rule: 'literal-credential',
    origin: 'beyond-webhook',
    check: 'no literal value for credential-looking env names (`*SECRET*`, `*PASSWORD*`, `*TOKEN*`, `*ACCESS_KEY*`, ...)',
    prevents: 'credentials in clear text in the PodDefault, and printed in the webhook\'s conflict messages',
    bad: () => pd(chart(), 'A').addEnv('AWS_SECRET_ACCESS_KEY', kplus.EnvValue.fromValue('x')),
    message: /looks like a credential/,
    good: () => pd(chart(), 'A').addEnv('AWS_REGION', kplus.EnvValue.fromValue('us-east-1')),
  },
  {
    area: 'One PodDefault',
    rule: 'secret-namespace',
    origin: 'kubernetes',
    check: 'a cdk8s-plus `Secret` is in the PodDefault\'s namespace',
    prevents: 'a pod can only use Secrets of its own namespace: the notebook waits forever',
    bad: () => {
      const c = chart();
      const secret = new kplus.Secret(new Chart(c.node.scope as any, 'other', { namespace: 'other' }), 'S');
      pd(c, 'A').addEnvFromSecret(secret);
    },
    message: /only use Secrets of its own namespace/,
    good: () => {
      const c = chart();
      pd(c, 'A').addEnvFromSecret(new kplus.Secret(c, 'S'));
    },
  },

  // All PodDefaults of a namespace: at synth, across the whole App.
  {
    area: 'One PodDefault',
    rule: 'selector-spawner',
    check: 'the selector is `matchLabels` with exactly one key set to `"true"` and no `matchExpressions` (hand-written PodDefaults)',
    prevents: 'the spawner reads only the first key and sets it to "true": ticking the box does nothing, and an empty selector matches every pod',
    bad: manifests({ selector: { matchLabels: { a: 'yes' } } }),
    message: /exactly one key whose value is "true"/,
    good: manifests({}),
  },
  {
    area: 'One PodDefault',
    rule: 'selector-invalid',
    check: 'selector keys, values and `matchExpressions` are valid (operators `In`, `NotIn` with values, `Exists`, `DoesNotExist` without)',
    prevents: 'while one PodDefault has an invalid selector, the webhook refuses every pod of the namespace',
    bad: manifests({ selector: { matchLabels: { a: 'true' }, matchExpressions: [{ key: 'b', operator: 'In', values: [] }] } }),
    message: /uses In with no values; the webhook refuses every pod/,
    good: manifests({ selector: { matchLabels: { a: 'true' } } }),
  },
  {
    area: 'One PodDefault',
    rule: 'volume-source',
    check: 'every volume has exactly one source',
    prevents: 'the API server refuses the notebook pod',
    bad: manifests({ volumes: [{ name: 'v', secret: { secretName: 's' }, emptyDir: {} }], volumeMounts: [{ name: 'v', mountPath: '/v' }] }),
    message: /volume "v" has 2 sources \(secret, emptyDir\)/,
    good: manifests({ volumes: [{ name: 'v', emptyDir: {} }], volumeMounts: [{ name: 'v', mountPath: '/v' }] }),
  },
  {
    area: 'One PodDefault',
    rule: 'secret-name',
    check: 'a mounted or `envFrom` Secret is named by a DNS-1123 subdomain (`Docker`, `a_b` and `a b` are not)',
    prevents: 'the API server refuses the pod, or the Secret can never exist',
    bad: () => pd(chart(), 'A').addSecretVolume({ secretName: 'Docker', mountPath: '/home/kubeflow/.docker/' }),
    message: /Secret name "Docker" is not a DNS-1123 subdomain/,
    good: () => pd(chart(), 'A').addSecretVolume({ secretName: 'docker', mountPath: '/home/kubeflow/.docker/' }),
  },
  {
    area: 'One PodDefault',
    rule: 'item-key',
    check: 'item keys are Secret data keys',
    prevents: 'the API server refuses the pod',
    bad: manifests({ volumes: [{ name: 'v', secret: { secretName: 's', items: [{ key: 'a b', path: 'x' }] } }], volumeMounts: [{ name: 'v', mountPath: '/v' }] }),
    message: /items\[0\]\.key "a b" is not a valid Secret data key/,
    good: manifests({ volumes: [{ name: 'v', secret: { secretName: 's', items: [{ key: 'a-b', path: 'x' }] } }], volumeMounts: [{ name: 'v', mountPath: '/v' }] }),
  },
  {
    area: 'One PodDefault',
    rule: 'mount-without-volume',
    check: 'every mount names a volume of its own PodDefault (or the notebook\'s `dshm`)',
    prevents: 'selected alone, the PodDefault gives the pod a mount without its volume, which the API server refuses',
    bad: manifests({ volumeMounts: [{ name: 'elsewhere', mountPath: '/v' }] }),
    message: /volumeMount "elsewhere" refers to no volume of this PodDefault/,
    good: manifests({ volumes: [secretVolume('elsewhere')], volumeMounts: [{ name: 'elsewhere', mountPath: '/v' }] }),
  },
  {
    area: 'One PodDefault',
    rule: 'sub-path',
    check: '`subPath` is relative without `..`, and not given with `subPathExpr`',
    prevents: 'the API server refuses the notebook pod',
    bad: manifests({ volumes: [secretVolume('v')], volumeMounts: [{ name: 'v', mountPath: '/v', subPath: '../x' }] }),
    message: /subPath "..\/x" must be a relative path without ".."/,
    good: manifests({ volumes: [secretVolume('v')], volumeMounts: [{ name: 'v', mountPath: '/v', subPath: 'x' }] }),
  },
  {
    area: 'One PodDefault',
    rule: 'env-source',
    check: 'an env var has `value` or `valueFrom`, not both, and `valueFrom` has one source with a name and a valid key',
    prevents: 'the API server refuses the notebook pod',
    bad: manifests({ env: [{ name: 'A', value: 'x', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }] }),
    message: /env "A" sets both value and valueFrom/,
    good: manifests({ env: [{ name: 'A', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }] }),
  },
  {
    area: 'One PodDefault',
    rule: 'env-from-source',
    check: 'an `envFrom` entry has one of `secretRef` and `configMapRef`, with a valid name, and a valid prefix',
    prevents: 'the API server refuses the notebook pod',
    bad: manifests({ envFrom: [{ secretRef: { name: 'a' }, configMapRef: { name: 'b' } }] }),
    message: /envFrom\[0\] has 2 sources/,
    good: manifests({ envFrom: [{ secretRef: { name: 'a' } }] }),
  },
  {
    area: 'One PodDefault',
    rule: 'label',
    check: 'label keys and values follow the Kubernetes rules',
    prevents: 'the API server refuses the notebook pod',
    bad: manifests({ labels: { team: 'data science' } }),
    message: /label "team" value "data science" is not a valid label value/,
    good: manifests({ labels: { team: 'data-science' } }),
  },
  {
    area: 'One PodDefault',
    rule: 'annotation',
    check: 'annotation keys are qualified names; all annotations together at most 256 KiB',
    prevents: 'the API server refuses the notebook pod',
    bad: manifests({ annotations: { 'not a key': 'x' } }),
    message: /annotation key "not a key" is not a valid label key/,
    good: manifests({ annotations: { 'example.com/team': 'x' } }),
  },
  {
    area: 'One PodDefault',
    rule: 'toleration',
    check: 'tolerations: operator `Exists` or `Equal`, no value with `Exists`, an empty key only with `Exists`, a known effect, `tolerationSeconds` only with `NoExecute`',
    prevents: 'the API server refuses the notebook pod',
    bad: manifests({ tolerations: [{ key: 'gpu', operator: 'Exists', value: 'true', effect: 'NoSchedule' }] }),
    message: /operator Exists and a value/,
    good: manifests({ tolerations: [{ key: 'gpu', operator: 'Exists', effect: 'NoSchedule' }] }),
  },
  {
    area: 'One PodDefault',
    rule: 'container',
    check: 'init containers and sidecars have DNS-1123 label names and an image',
    prevents: 'the API server refuses the notebook pod',
    bad: manifests({ sidecars: [{ name: 'proxy' }] }),
    message: /sidecars\[0\] \("proxy"\) has no image/,
    good: manifests({ sidecars: [sidecar('proxy')] }),
  },
  {
    area: 'One PodDefault',
    rule: 'service-account-name',
    check: '`serviceAccountName` is a DNS-1123 subdomain',
    prevents: 'the API server refuses the notebook pod',
    bad: manifests({ serviceAccountName: 'Editor' }),
    message: /serviceAccountName "Editor" is not a DNS-1123 subdomain/,
    good: manifests({ serviceAccountName: 'editor' }),
  },
  {
    area: 'All PodDefaults of a namespace',
    rule: 'duplicate-name',
    check: 'two PodDefaults with the same name',
    prevents: 'the one applied last silently replaces the other',
    bad: () => {
      const c = chart();
      pd(c, 'A', { name: 'same', selectorLabel: 'a' });
      pd(c, 'B', { name: 'same', selectorLabel: 'b' });
      return synth(c);
    },
    message: /PodDefault name "same" is also used by/,
    good: () => {
      const c = chart();
      pd(c, 'A', { name: 'one' });
      pd(c, 'B', { name: 'two' });
      return synth(c);
    },
  },
  {
    area: 'All PodDefaults of a namespace',
    rule: 'shared-selector',
    check: 'two PodDefaults sharing a selector key',
    prevents: 'ticking either box applies both (the Kaptain guide\'s AWS example has this bug)',
    bad: () => {
      const c = chart();
      pd(c, 'DockerConfig');
      pd(c, 'AwsCredentials', { selectorLabel: 'docker-config' });
      return synth(c);
    },
    message: /selector key "docker-config" is also the selector of/,
    good: () => {
      const c = chart();
      pd(c, 'DockerConfig');
      pd(c, 'AwsCredentials');
      return synth(c);
    },
  },
  {
    area: 'All PodDefaults of a namespace',
    rule: 'volume-conflict',
    check: 'the same volume name with different content',
    prevents: 'the webhook refuses every notebook that selects both',
    bad: twoMounts({ secret: 'one', path: '/home/kubeflow/.one', volume: 'creds' }, { secret: 'two', path: '/home/kubeflow/.two', volume: 'creds' }),
    message: /volume "creds" differs from the volume of the same name/,
    good: twoMounts({ secret: 'one', path: '/home/kubeflow/.one', volume: 'one' }, { secret: 'two', path: '/home/kubeflow/.two', volume: 'two' }),
  },
  {
    area: 'All PodDefaults of a namespace',
    rule: 'mount-name-conflict',
    check: 'one volume mounted at two paths, including `/x` and `/x/` (the webhook compares strings)',
    prevents: 'the webhook refuses every notebook that selects both',
    bad: twoMounts({ secret: 'docker-secret', path: '/home/kubeflow/.docker/' }, { secret: 'docker-secret', path: '/home/kubeflow/.docker' }),
    message: /the webhook compares paths as strings/,
    good: twoMounts({ secret: 'docker-secret', path: '/home/kubeflow/.docker/' }, { secret: 'docker-secret', path: '/home/kubeflow/.docker/' }),
  },
  {
    area: 'All PodDefaults of a namespace',
    rule: 'mount-path-normalized',
    check: 'one mountPath for two volumes, compared after normalizing trailing `/`, `//`, `.` and `..`',
    prevents: 'two volumes on one path: the container fails',
    bad: twoMounts({ secret: 'aws-a', path: '/home/kubeflow/.aws/' }, { secret: 'aws-b', path: '/home/kubeflow/.aws' }),
    message: /is also used by .* for another volume/,
    good: twoMounts({ secret: 'aws-a', path: '/home/kubeflow/.aws/' }, { secret: 'aws-b', path: '/home/kubeflow/.aws-b' }),
  },
  {
    area: 'All PodDefaults of a namespace',
    rule: 'mount-nested',
    check: 'a mount nested under another mount',
    prevents: 'secret volumes are read-only, so the inner mount point cannot be created and the container fails to start',
    bad: twoMounts({ secret: 'a', path: '/home/kubeflow/.config' }, { secret: 'b', path: '/home/kubeflow/.config/gcloud' }),
    message: /is nested under "\/home\/kubeflow\/.config"/,
    good: twoMounts({ secret: 'a', path: '/home/kubeflow/.config/a' }, { secret: 'b', path: '/home/kubeflow/.config/gcloud' }),
  },
  {
    area: 'All PodDefaults of a namespace',
    rule: 'mount-path-normalized',
    check: 'a mount on the notebook\'s own paths spelled another way (`/home/jovyan/`, `/dev/shm/`); nesting under the workspace is fine',
    prevents: 'the webhook compares paths as strings and merges it, and the container cannot start with two mounts on one path',
    bad: oneMount('/home/jovyan/'),
    message: /is the notebook's workspace volume/,
    good: oneMount('/home/jovyan/.aws/'),
  },
  {
    area: 'All PodDefaults of a namespace',
    rule: 'mount-nested',
    check: 'a mount above the notebook\'s own mounts (`/home`, `/dev`, `/var/run/secrets`, `/`) or under its read-only service-account token',
    prevents: 'the notebook\'s mount points cannot be created inside a read-only secret volume, and the container fails to start',
    bad: oneMount('/home'),
    message: /would contain the notebook's workspace volume/,
    good: oneMount('/home/kubeflow/.aws/'),
  },
  {
    area: 'All PodDefaults of a namespace',
    rule: 'volume-conflict',
    check: 'a volume named `dshm` other than the notebook\'s own (`emptyDir: {medium: Memory}`, which may be repeated)',
    prevents: 'it clashes with the notebook\'s shared-memory volume: the webhook refuses the notebook',
    bad: oneMount('/home/kubeflow/.s', 'dshm'),
    message: /volume "dshm" is the notebook's own shared-memory volume with other content/,
    good: oneMount('/home/kubeflow/.s', 'shm-creds'),
  },
  {
    area: 'All PodDefaults of a namespace',
    rule: 'env-conflict',
    check: 'env vars of the same name with different values or sources',
    prevents: 'the webhook refuses every notebook that selects both',
    bad: () => {
      const c = chart();
      pd(c, 'A').addEnv('S3_ENDPOINT', kplus.EnvValue.fromValue('http://a:9000'));
      pd(c, 'B').addEnv('S3_ENDPOINT', kplus.EnvValue.fromValue('http://b:9000'));
      return synth(c);
    },
    message: /env "S3_ENDPOINT" differs/,
    good: () => {
      const c = chart();
      pd(c, 'A').addEnv('S3_ENDPOINT', kplus.EnvValue.fromValue('http://a:9000'));
      pd(c, 'B').addEnv('S3_ENDPOINT', kplus.EnvValue.fromValue('http://a:9000'));
      return synth(c);
    },
  },
  {
    area: 'All PodDefaults of a namespace',
    rule: 'env-from-overlap',
    check: 'envFrom of Secrets whose known keys overlap, or env and envFrom setting one variable',
    prevents: 'one value silently overrides the other at runtime',
    bad: () => {
      const c = chart();
      new AwsEnvConfiguration(c, 'One', { name: 'one', accessKeyId: 'a', secretAccessKey: 'b' }).addPodDefault({ name: 'one' });
      new AwsEnvConfiguration(c, 'Two', { name: 'two', accessKeyId: 'c', secretAccessKey: 'd' }).addPodDefault({ name: 'two' });
      return synth(c);
    },
    message: /also provides/,
    good: () => {
      const c = chart();
      new AwsEnvConfiguration(c, 'One', { name: 'one', accessKeyId: 'a', secretAccessKey: 'b' }).addPodDefault({ name: 'one' });
      new AwsEnvConfiguration(c, 'Two', { name: 'two', accessKeyId: 'c', secretAccessKey: 'd' }).addPodDefault({ name: 'two', prefix: 'TWO_' });
      return synth(c);
    },
  },
  {
    area: 'All PodDefaults of a namespace',
    rule: 'env-from-invalid-key',
    check: 'envFrom keys that are not valid variable names after prefixing',
    prevents: 'the kubelet skips them silently',
    bad: () => {
      const c = chart();
      pd(c, 'A').addEnvFromSecret('s', { keys: ['1st'] });
      return synth(c);
    },
    message: /kubelet skips it silently/,
    good: () => {
      const c = chart();
      pd(c, 'A').addEnvFromSecret('s', { keys: ['1st'], prefix: 'K_' });
      return synth(c);
    },
  },
  {
    area: 'All PodDefaults of a namespace',
    rule: 'secret-key-missing',
    check: 'item keys that a known Secret does not have',
    prevents: 'the pod waits for the missing key forever',
    bad: () => {
      const c = chart();
      new DockerCredentials(c, 'D', { registries: [{ server: 'ghcr.io', username: 'u', password: 'p' }] });
      pd(c, 'A').addSecretVolume({ secretName: 'docker-secret', mountPath: '/m', items: [{ key: '.dockerconfigjson', path: 'config.json' }] });
      return synth(c);
    },
    message: /is not a key of Secret "docker-secret"/,
    good: () => {
      const c = chart();
      new DockerCredentials(c, 'D', { registries: [{ server: 'ghcr.io', username: 'u', password: 'p' }] });
      pd(c, 'A').addSecretVolume({ secretName: 'docker-secret', mountPath: '/m', items: [{ key: 'config.json', path: 'config.json' }] });
      return synth(c);
    },
  },
  {
    area: 'All PodDefaults of a namespace',
    rule: 'secret-written-twice',
    check: 'a Secret written twice in one namespace',
    prevents: 'the one applied last silently replaces the other',
    bad: () => {
      const c = chart();
      new DockerCredentials(c, 'A', { registries: [{ server: 'ghcr.io', username: 'u', password: 'p' }] });
      new DockerCredentials(c, 'B', { registries: [{ server: 'quay.io', username: 'u', password: 'p' }] });
      return synth(c);
    },
    message: /Secret "docker-secret" is also written by/,
    good: () => {
      const c = chart();
      new DockerCredentials(c, 'A', { registries: [{ server: 'ghcr.io', username: 'u', password: 'p' }] });
      new DockerCredentials(c, 'B', { name: 'quay-secret', registries: [{ server: 'quay.io', username: 'u', password: 'p' }] });
      return synth(c);
    },
  },

  // Credentials.
  {
    area: 'All PodDefaults of a namespace',
    rule: 'mount-path-conflict',
    check: 'one mountPath for two different mounts, or a mount on the notebook\'s own paths (`/home/jovyan`, `/dev/shm`, the service-account token)',
    prevents: 'the webhook refuses every notebook that selects both',
    bad: manifests({ volumes: [secretVolume('a')], volumeMounts: [{ name: 'a', mountPath: '/creds' }] },
      { volumes: [secretVolume('b', 't')], volumeMounts: [{ name: 'b', mountPath: '/creds' }] }),
    message: /mountPath "\/creds" is also used by \[user\/pd0\] for volume "a"/,
    good: manifests({ volumes: [secretVolume('a')], volumeMounts: [{ name: 'a', mountPath: '/creds' }] },
      { volumes: [secretVolume('a')], volumeMounts: [{ name: 'a', mountPath: '/creds' }] }),
  },
  {
    area: 'All PodDefaults of a namespace',
    rule: 'toleration-conflict',
    check: 'two tolerations for one key that differ in anything, effect included (also against the pod\'s own `not-ready` and `unreachable` tolerations)',
    prevents: 'the webhook merges tolerations by key and refuses every notebook that selects both',
    bad: manifests({ tolerations: [{ key: 'gpu', operator: 'Exists', effect: 'NoSchedule' }] }, { tolerations: [{ key: 'gpu', operator: 'Exists', effect: 'NoExecute' }] }),
    message: /toleration for key "gpu" differs/,
    good: manifests({ tolerations: [{ key: 'gpu', operator: 'Exists', effect: 'NoSchedule' }] }, { tolerations: [{ key: 'gpu', operator: 'Exists', effect: 'NoSchedule' }] }),
  },
  {
    area: 'All PodDefaults of a namespace',
    rule: 'label-conflict',
    check: 'a label with another value than another PodDefault\'s label, another PodDefault\'s selector key (`b: "false"` unticks box `b`), or the notebook\'s own labels (`app`, `statefulset`, `notebook-name`, ...)',
    prevents: 'the webhook refuses every notebook that selects both',
    bad: manifests({ labels: { 'pd-1': 'false' } }, {}),
    message: /selector "pd-1": "true" is a label that \[user\/pd0\] sets to another value/,
    good: manifests({ labels: { 'pd-1': 'true' } }, {}),
  },
  {
    area: 'All PodDefaults of a namespace',
    rule: 'annotation-conflict',
    check: 'an annotation with another value than another PodDefault\'s',
    prevents: 'the webhook refuses every notebook that selects both',
    bad: manifests({ annotations: { 'example.com/team': 'a' } }, { annotations: { 'example.com/team': 'b' } }),
    message: /annotation "example.com\/team" has another value/,
    good: manifests({ annotations: { 'example.com/team': 'a' } }, { annotations: { 'example.com/team': 'a' } }),
  },
  {
    area: 'All PodDefaults of a namespace',
    rule: 'container-conflict',
    check: 'two init containers or two sidecars with one name and different content',
    prevents: 'the webhook refuses every notebook that selects both',
    bad: manifests({ sidecars: [sidecar('proxy')] }, { sidecars: [sidecar('proxy', 'registry.example.com/proxy:2')] }),
    message: /sidecar "proxy" differs from the container of the same name/,
    good: manifests({ sidecars: [sidecar('proxy')] }, { sidecars: [sidecar('proxy')] }),
  },
  {
    area: 'All PodDefaults of a namespace',
    rule: 'container-name-unique',
    check: 'one name for an init container and a sidecar',
    prevents: 'container names are unique in a pod: the API server refuses every notebook that selects both',
    bad: manifests({ initContainers: [sidecar('setup')] }, { sidecars: [sidecar('setup')] }),
    message: /sidecar "setup" has the name of an init container/,
    good: manifests({ initContainers: [sidecar('setup')] }, { sidecars: [sidecar('proxy')] }),
  },
  {
    area: 'All PodDefaults of a namespace',
    rule: 'service-account-differs',
    check: 'two different `serviceAccountName` or `automountServiceAccountToken` values',
    prevents: 'the webhook silently keeps the last one: the notebook runs as another account than one of the boxes says',
    bad: manifests({ serviceAccountName: 'a' }, { serviceAccountName: 'b' }),
    message: /serviceAccountName differs/,
    good: manifests({ serviceAccountName: 'a' }, { serviceAccountName: 'a' }),
  },
  {
    area: 'All PodDefaults of a namespace',
    rule: 'command-differs',
    check: 'two different `command` or `args` values',
    prevents: 'the webhook silently gives every container the first one',
    bad: manifests({ command: ['a'] }, { command: ['b'] }),
    message: /command differs/,
    good: manifests({ command: ['a'] }, { command: ['a'] }),
  },
  {
    area: 'Credentials',
    rule: 'credential-value',
    origin: 'consumer',
    check: 'a value that ends with a newline or contains control characters (every credential)',
    prevents: '`echo` without `-n`: request signing fails, docker gets 401, and Python prints the token in its error',
    bad: env({ secretAccessKey: 'secret\n' }),
    message: /AWS_SECRET_ACCESS_KEY ends with a newline \(encode with echo -n/,
    good: env({ secretAccessKey: 'secret' }),
  },
  {
    area: 'Credentials',
    rule: 'aws-key-whitespace',
    origin: 'consumer',
    check: 'AWS keys and tokens with whitespace',
    prevents: 'copy-paste slips that fail at the first request',
    bad: env({ accessKeyId: 'AKIA EXAMPLE' }),
    message: /AWS_ACCESS_KEY_ID contains whitespace/,
    good: env({ accessKeyId: 'AKIAEXAMPLE' }),
  },
  {
    area: 'Credentials',
    rule: 'secret-data',
    origin: 'kubernetes',
    check: 'Secret names, namespaces and data keys follow Kubernetes rules; the data is at most 1 MiB',
    prevents: 'the API server refuses the Secret',
    bad: () => withDocker({ name: 'Docker_Secret', registries: [{ server: 'ghcr.io', username: 'u', password: 'p' }] }),
    message: /Secret name "Docker_Secret" is not a DNS-1123 subdomain/,
    good: () => withDocker({ name: 'docker-secret', registries: [{ server: 'ghcr.io', username: 'u', password: 'p' }] }),
  },
  {
    area: 'Credentials',
    rule: 'docker-config-json',
    origin: 'consumer',
    check: 'config.json is JSON that docker, podman and kaniko load, with registries in `auths` (field names in any case and repeated keys are read as Go reads them: accepted)',
    prevents: 'the tools cannot load the file, or find no registry in it',
    bad: () => withDocker({ configJson: '{"auths": {"ghcr.io": {"auth": 5}}}' }),
    message: /has the wrong JSON type/,
    good: () => synth(withDocker({ configJson: JSON.stringify({ Auths: { 'ghcr.io': { auth: auth('u', 'p') } } }) })),
  },
  {
    area: 'Credentials',
    rule: 'docker-registry-lookup',
    origin: 'consumer',
    check: 'every registry key is found by docker, podman and kaniko alike: the bare lower-case host (`ghcr.io`) or a URL with a scheme; no `ghcr.io/`, no `registry.example.com/v2/` without scheme, no upper case, no two spellings without the bare one; an `auth` in every entry (username/password, identitytoken or registrytoken alone are docker-only)',
    prevents: 'one tool finds the credentials and another does not: a pull that works with docker fails with podman or kaniko',
    bad: () => synth(withDocker({ configJson: JSON.stringify({ auths: { 'ghcr.io/': { auth: auth('u', 'p') } } }) })),
    message: /is not found by podman and buildah/,
    good: () => synth(withDocker({ configJson: JSON.stringify({ auths: { 'ghcr.io': { auth: auth('u', 'p') } } }) })),
  },
  {
    area: 'Credentials',
    rule: 'docker-auth',
    origin: 'consumer',
    check: '`auth` is padded base64 of `username:password` with a non-empty username without `:`',
    prevents: 'docker refuses the file: "invalid auth configuration file"',
    bad: dockerJson({ auth: Buffer.from('no-colon').toString('base64') }),
    message: /does not decode to username:password/,
    good: dockerJson({ auth: auth('user', 'pass:word') }),
  },
  {
    area: 'Credentials',
    rule: 'docker-required-images',
    origin: 'consumer',
    check: '`requiredImages`: each image (resolved as docker resolves it: `model:1` is Docker Hub) is on a registry the config.json has credentials for',
    prevents: 'the notebook cannot pull or push the model image (the Kaptain guide: the Docker credentials must cover the registry of the model\'s image)',
    bad: () => synth(withDocker({ registries: [{ server: 'ghcr.io', username: 'u', password: 'p' }], requiredImages: ['quay.io/team/model:1'] })),
    message: /is on registry "quay.io", which config.json has no credentials for/,
    good: () => synth(withDocker({ registries: [{ server: 'ghcr.io', username: 'u', password: 'p' }], requiredImages: ['ghcr.io/team/model:1'] })),
  },
  {
    area: 'Credentials',
    rule: 'docker-creds-helper',
    origin: 'consumer',
    check: 'no `credsStore` or `credHelpers`',
    prevents: 'the helper program does not exist in the pod: no credentials',
    bad: dockerJson({ auth: auth('u', 'p') }, { credsStore: 'desktop' }),
    message: /sets credsStore "desktop"/,
    good: dockerJson({ auth: auth('u', 'p') }, { credsStore: '' }),
  },
  {
    area: 'Credentials',
    rule: 'docker-registry-key',
    origin: 'consumer',
    check: 'Docker Hub under `https://index.docker.io/v1/` (registries are normalized); one entry per registry',
    prevents: 'docker and kaniko look up Docker Hub only under that key; duplicates are ambiguous',
    bad: () => withDocker({ configJson: JSON.stringify({ auths: { 'docker.io': { auth: auth('u', 'p') } } }) }),
    message: /Docker Hub credentials must be under "https:\/\/index.docker.io\/v1\/"/,
    good: () => withDocker({ registries: [{ server: 'docker.io', username: 'u', password: 'p' }] }),
  },
  {
    area: 'Credentials',
    rule: 'aws-file-section',
    origin: 'consumer',
    check: 'credentials file: bare `[name]` sections, never `[profile x]`',
    prevents: '`[profile x]` belongs to the config file; in the credentials file the profile is not found',
    bad: credentialsFile('[profile dev]', 'aws_access_key_id = a', 'aws_secret_access_key = b'),
    message: /never \[profile x\]/,
    good: credentialsFile('[dev]', 'aws_access_key_id = a', 'aws_secret_access_key = b'),
  },
  {
    area: 'Credentials',
    rule: 'aws-file-duplicates',
    origin: 'consumer',
    check: 'credentials file: botocore and the AWS JS SDK read the same credentials from it: no duplicate sections or keys, no indented continuation lines, lower-case keys with `=`, no `[DEFAULT]`, no `aws_security_token`, both keys in every profile (whitespace around values, indented first keys and comments after a header are read alike and accepted)',
    prevents: 'botocore refuses the file while the JS SDK silently keeps the last value, or the two read different credentials',
    bad: credentialsFile(...GOOD_CREDENTIALS, 'aws_access_key_id = b'),
    message: /refuses the key "aws_access_key_id" twice/,
    good: credentialsFile(...GOOD_CREDENTIALS),
  },
  {
    area: 'Credentials',
    rule: 'aws-file-value',
    origin: 'consumer',
    check: 'credentials file: values without whitespace inside, not starting with `#` or `;`, without ` #` or ` ;` comments',
    prevents: 'the JS SDK reads ` #...` as a comment, botocore as part of the value',
    bad: credentialsFile('[default]', 'aws_access_key_id = a', 'aws_secret_access_key = #b'),
    message: /reads a value starting with "#" or ";" as a comment/,
    good: credentialsFile('[default]', 'aws_access_key_id = a', 'aws_secret_access_key = b#c'),
  },
  {
    area: 'Credentials',
    rule: 'aws-profile-name',
    origin: 'consumer',
    check: 'profile names are not JavaScript object property names (`__proto__`, `constructor`, ...)',
    prevents: 'the AWS JS SDK refuses or mis-reads them',
    bad: credentialsFile('[constructor]', 'aws_access_key_id = a', 'aws_secret_access_key = b'),
    message: /JavaScript object property name/,
    good: credentialsFile('[builder]', 'aws_access_key_id = a', 'aws_secret_access_key = b'),
  },
  {
    area: 'Credentials',
    rule: 'aws-region',
    origin: 'consumer',
    check: '`AWS_REGION` is a region name',
    prevents: 'the S3 clients fail at the first request',
    bad: env({ region: 'US East' }),
    message: /AWS_REGION "US East" is not a region name/,
    good: env({ region: 'us-east-1' }),
  },
  {
    area: 'Credentials',
    rule: 's3-endpoint',
    origin: 'consumer',
    check: '`S3_ENDPOINT` is an http(s) URL without path or credentials, or `host:port`',
    prevents: 'the S3 clients cannot connect, or credentials end up in the endpoint',
    bad: env({ s3Endpoint: 'https://s3.example.com/bucket' }),
    message: /has a path, query or fragment/,
    good: env({ s3Endpoint: 'https://s3.example.com' }),
  },
  {
    area: 'Credentials',
    rule: 's3-signature-version',
    origin: 'consumer',
    check: '`S3_SIGNATURE_VERSION` is `s3v4` or `s3`',
    prevents: 'the S3 clients fail at the first request',
    bad: env({ s3SignatureVersion: 'v4' as any }),
    message: /is not a signature version/,
    good: env({ s3SignatureVersion: 's3v4' as any }),
  },

  // Files and providers.
  {
    area: 'Files and providers',
    rule: 'file-unreadable',
    origin: 'consumer',
    check: 'a file that is missing, a directory, unreadable, empty or over 1 MiB',
    prevents: 'an empty or partial Secret',
    bad: () => DockerConfigurationProvider.fromFile(path.join(os.tmpdir(), 'no-such-config.json')),
    message: /does not exist/,
    good: () => DockerConfigurationProvider.fromFile(tempFile(JSON.stringify({ auths: { 'ghcr.io': { auth: auth('u', 'p') } } }))),
  },
  {
    area: 'Files and providers',
    rule: 'file-encoding',
    origin: 'consumer',
    check: 'a file that is not UTF-8 or starts with a byte-order mark (CRLF line ends are fine)',
    prevents: 'docker and botocore cannot parse it',
    bad: () => S3ConfigurationProvider.fromFile(tempFile(`\ufeff${GOOD_CREDENTIALS.join('\n')}\n`)),
    message: /byte-order mark/,
    good: () => S3ConfigurationProvider.fromFile(tempFile(`${GOOD_CREDENTIALS.join('\r\n')}\r\n`)),
  },
  {
    area: 'Files and providers',
    rule: 'aws-profile-missing',
    origin: 'consumer',
    check: 'a profile that is not in the credentials file',
    prevents: 'the provider would hand out no credentials',
    bad: () => S3ConfigurationProvider.fromFile(tempFile(`${GOOD_CREDENTIALS.join('\n')}\n`), 'prod'),
    message: /has no profile "prod" \(it has "default"\)/,
    good: () => S3ConfigurationProvider.fromFile(tempFile(`${GOOD_CREDENTIALS.join('\n')}\n`), 'default'),
  },
  {
    area: 'Files and providers',
    rule: 'aws-env-keys',
    origin: 'consumer',
    check: 'missing `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY` in the environment',
    prevents: 'a configuration without credentials',
    bad: () => S3ConfigurationProvider.fromEnv({ AWS_ACCESS_KEY_ID: 'a' }),
    message: /AWS_SECRET_ACCESS_KEY is not set/,
    good: () => S3ConfigurationProvider.fromEnv({ AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 'b' }),
  },
];

const escape = (text: string) => text.replace(/\|/g, '\\|');

/** Who refuses what a check catches, as the README says it. */
const WHO: { readonly [origin: string]: string } = {
  'webhook': 'the webhook refuses',
  'kubernetes': 'Kubernetes refuses',
  'beyond-webhook': 'beyond the webhook',
  'consumer': 'the credential consumers',
};

/** The origin of a catalogue entry: its own, or its engine rule's. */
export function originOfCheck(check: Check): Origin | 'consumer' {
  const origin = check.origin ?? (RULES as { readonly [id: string]: Origin })[check.rule];
  if (origin === undefined) {
    throw new Error(`check ${check.rule} has no origin`);
  }
  return origin;
}

/** The README section generated from the catalogue. */
export function renderChecks(): string {
  const lines: string[] = [];
  for (const area of [...new Set(CHECKS.map((c) => c.area))]) {
    lines.push(`### ${area}`, '', '| rule | check | who refuses | the failure it prevents |', '|---|---|---|---|');
    for (const check of CHECKS.filter((c) => c.area === area)) {
      lines.push(`| \`${check.rule}\` | ${escape(check.check)} | ${WHO[originOfCheck(check)]} | ${escape(check.prevents)} |`);
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
