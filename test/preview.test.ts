import * as fs from 'fs';
import * as path from 'path';
import { App, Yaml } from 'cdk8s';
import { FAKE, GuideChart } from '../examples/guide';
import { checkManifests, ManifestChecks, previewNotebook } from '../src';
import { tempDir } from './support/kubectl';
import { expectNoSecrets } from './support/secrets';
import { main } from '../src/manifests/cli';

/** The guide's scenario, synthesized to a folder. */
function guideOutput(): { dir: string; manifests: unknown[] } {
  const dir = tempDir();
  const app = new App({ outdir: dir });
  new GuideChart(app, 'guide', { notice: () => undefined });
  app.synth();
  return { dir, manifests: Yaml.load(path.join(dir, 'guide.k8s.yaml')) };
}

const podDefault = (name: string, spec: object, selectorKey = name) => ({
  apiVersion: 'kubeflow.org/v1alpha1',
  kind: 'PodDefault',
  metadata: { name, namespace: 'user' },
  spec: { desc: name, selector: { matchLabels: { [selectorKey]: 'true' } }, ...spec },
});

describe('previewNotebook', () => {
  test('the guide scenario: every file, variable and label, with its source and never a value', () => {
    // GIVEN
    const { manifests } = guideOutput();
    // WHEN all three boxes are ticked
    const preview = previewNotebook(manifests, { namespace: 'user', select: ['docker-config', 'aws-credentials', 'aws-configuration'] });
    // THEN
    expect(preview.refusals).toEqual([]);
    expect(preview.applied.sort()).toEqual(['aws-configuration', 'aws-credentials', 'docker-config']);
    const line = (kind: string, name: string) => preview.entries.find((e) => e.kind === kind && e.name === name);
    expect(line('volumeMount', '/home/kubeflow/.docker/')).toEqual({ kind: 'volumeMount', name: '/home/kubeflow/.docker/', detail: 'Secret "docker-secret": files config.json', from: 'docker-config' });
    expect(line('volumeMount', '/home/kubeflow/.aws/')?.detail).toBe('Secret "aws-credentials": files credentials');
    expect(line('envFrom', 'Secret "aws-configuration"')?.detail).toMatch(/^variables AWS_ACCESS_KEY_ID, .*AWS_SECRET_ACCESS_KEY/);
    expect(line('label', 'docker-config')).toMatchObject({ detail: '"true"', from: 'the spawner (a ticked box)' });
    expect(line('volumeMount', '/dev/shm')?.from).toBe('notebook');
    expectNoSecrets(JSON.stringify(preview), Object.values(FAKE));
  });

  test('one box: only its PodDefault', () => {
    const { manifests } = guideOutput();
    expect(previewNotebook(manifests, { namespace: 'user', select: ['docker-config'] }).applied).toEqual(['docker-config']);
  });

  test('a conflicting set: the refusal, and nothing merged', () => {
    const manifests = [
      podDefault('a', { env: [{ name: 'S3_ENDPOINT', value: 'http://a:9000' }] }),
      podDefault('b', { env: [{ name: 'S3_ENDPOINT', value: 'http://b:9000' }] }),
    ];
    const preview = previewNotebook(manifests, { namespace: 'user', select: ['a', 'b'] });
    expect(preview.entries).toEqual([]);
    expect(preview.refusals).toEqual([expect.stringMatching(/^\[PodDefault user\/b\] env "S3_ENDPOINT" differs from env "S3_ENDPOINT" of \[PodDefault user\/a\] .* \[env-conflict, webhook\]$/)]);
    expect(previewNotebook(manifests, { namespace: 'user', select: ['a'] }).refusals).toEqual([]);
  });

  test('a box whose selector key another PodDefault shares applies both', () => {
    const manifests = [podDefault('a', {}, 'shared'), podDefault('b', {}, 'shared'), podDefault('c', {})];
    expect(previewNotebook(manifests, { namespace: 'user', select: ['a'] }).applied).toEqual(['a', 'b']);
  });

  test('a literal env value is shown by its length only', () => {
    const preview = previewNotebook([podDefault('a', { env: [{ name: 'TOKEN_LIKE', value: 'hunter2' }] })], { namespace: 'user', select: ['a'] });
    expect(preview.entries.find((e) => e.name === 'TOKEN_LIKE')?.detail).toBe('a literal of 7 characters');
    expect(JSON.stringify(preview)).not.toContain('hunter2');
  });

  test('an unknown PodDefault name', () => {
    expect(previewNotebook([podDefault('a', {})], { namespace: 'user', select: ['zz'] }).refusals).toEqual(['no PodDefault named "zz" in namespace "user" (it has "a")']);
  });

  test('a subPath mount is one file of the volume at the path, not a directory of its keys', () => {
    // GIVEN a PodDefault that mounts one key of a Secret as a file
    const manifests = [
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'docker-secret', namespace: 'user' }, data: { 'config.json': 'e30=', 'other': 'e30=' } },
      podDefault('a', { volumes: [{ name: 'v', secret: { secretName: 'docker-secret' } }], volumeMounts: [{ name: 'v', mountPath: '/home/kubeflow/.docker/config.json', subPath: 'config.json' }] }),
    ];
    // WHEN
    const preview = previewNotebook(manifests, { namespace: 'user', select: ['a'] });
    // THEN
    expect(preview.entries.find((e) => e.name === '/home/kubeflow/.docker/config.json')).toEqual({
      kind: 'volumeMount', name: '/home/kubeflow/.docker/config.json', detail: 'one file: "config.json" of Secret "docker-secret"', from: 'a',
    });
  });

  test('a resourceFieldRef is shown as a reference to the container\'s resource, not as a literal', () => {
    const manifests = [podDefault('a', { env: [{ name: 'MEMORY_MB', valueFrom: { resourceFieldRef: { resource: 'limits.memory', divisor: '1Mi' } } }] })];
    const preview = previewNotebook(manifests, { namespace: 'user', select: ['a'] });
    expect(preview.entries.find((e) => e.name === 'MEMORY_MB')?.detail).toBe('the container\'s resource limits.memory in units of 1Mi');
  });

  test('a ConfigMap\'s keys are the variables of its envFrom, and an overlap with a Secret\'s is a warning (later sources win)', () => {
    // GIVEN the in-cluster MinIO's settings in a ConfigMap and a Ceph endpoint in a Secret, one box each
    const manifests = [
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'minio', namespace: 'user' }, data: { S3_ENDPOINT: 'http://minio-service.kubeflow:9000', S3_USE_HTTPS: '0' } },
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'ceph', namespace: 'user' }, stringData: { S3_ENDPOINT: 'https://ceph.example.com' } },
      podDefault('minio', { envFrom: [{ configMapRef: { name: 'minio' } }] }),
      podDefault('ceph', { envFrom: [{ secretRef: { name: 'ceph' } }] }),
    ];
    // WHEN both are ticked
    const both = previewNotebook(manifests, { namespace: 'user', select: ['minio', 'ceph'] });
    // THEN the webhook accepts the pod, its variables are listed per source, and the overlap is said
    expect(both.refusals).toEqual([]);
    expect(both.entries.filter((e) => e.kind === 'envFrom')).toEqual([
      { kind: 'envFrom', name: 'Secret "ceph"', detail: 'variables S3_ENDPOINT', from: 'ceph' },
      { kind: 'envFrom', name: 'ConfigMap "minio"', detail: 'variables S3_ENDPOINT, S3_USE_HTTPS', from: 'minio' },
    ]);
    expect(both.warnings).toEqual([expect.stringMatching(/envFrom (ConfigMap "minio"|Secret "ceph") provides "S3_ENDPOINT", which envFrom (Secret "ceph"|ConfigMap "minio") .* also provides .* \[env-from-overlap, beyond-webhook\]$/)]);
    // AND check reports the same overlap for the namespace
    expect(checkManifests(manifests).map((p) => p.rule)).toEqual(['env-from-overlap']);
  });

  test('command, args, imagePullSecrets and automountServiceAccountToken are in the merged pod', () => {
    const manifests = [
      podDefault('a', { command: ['/bin/sh', '-c'], args: ['run'], imagePullSecrets: [{ name: 'pull' }], automountServiceAccountToken: false, serviceAccountName: 'builder' }),
      podDefault('b', { command: ['/other'], imagePullSecrets: [{ name: 'pull' }, { name: 'more' }] }),
    ];
    const preview = previewNotebook(manifests, { namespace: 'user', select: ['a', 'b'] });
    const of = (kind: string) => preview.entries.filter((e) => e.kind === kind).map((e) => [e.name, e.from]);
    expect(of('command')).toEqual([['2 elements', 'a']]);
    expect(preview.entries.find((e) => e.kind === 'command')?.detail).toMatch(/\["\/bin\/sh","-c"\] \(the first selected PodDefault that sets it wins\)/);
    expect(of('args')).toEqual([['1 element', 'a']]);
    expect(of('imagePullSecret')).toEqual([['pull', 'a'], ['more', 'b']]);
    expect(of('automountServiceAccountToken')).toEqual([['false', 'a']]);
    expect(of('serviceAccountName')).toEqual([['builder', 'a']]);
    // Two commands are a silent choice of the webhook: a warning, not a refusal.
    expect(preview.refusals).toEqual([]);
    expect(preview.warnings).toEqual([expect.stringMatching(/command differs .* \[command-differs, beyond-webhook\]$/)]);
  });

  test('is available to other languages as ManifestChecks.preview', () => {
    expect(ManifestChecks.preview([podDefault('a', {})], { namespace: 'user', select: ['a'] }).applied).toEqual(['a']);
  });
});

describe('npx cdk8s-kubeflow-credentials preview', () => {
  const run = (...argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const status = main(argv, (l) => out.push(l), (l) => err.push(l));
    return { status, out: out.join('\n'), err: err.join('\n') };
  };

  test('prints the merged pod of the guide scenario (exit 0)', () => {
    const { dir } = guideOutput();
    const result = run('preview', '--namespace', 'user', '--select', 'docker-config,aws-configuration', dir);
    expect(result.status).toBe(0);
    expect(result.out).toMatch(/^notebook in namespace "user", ticked: docker-config, aws-configuration\nPodDefaults applied: /);
    expect(result.out).toMatch(/volumeMount\s+\/home\/kubeflow\/.docker\/: Secret "docker-secret": files config.json \(from docker-config\)/);
    expectNoSecrets(result.out, Object.values(FAKE));
  });

  test('prints the conflict of a conflicting set (exit 1)', () => {
    const file = path.join(tempDir(), 'pd.yaml');
    fs.writeFileSync(file, Yaml.stringify(podDefault('a', { volumes: [{ name: 'v', secret: { secretName: 's' } }], volumeMounts: [{ name: 'v', mountPath: '/x' }] }),
      podDefault('b', { volumes: [{ name: 'v', secret: { secretName: 't' } }], volumeMounts: [{ name: 'v', mountPath: '/x' }] })));
    const result = run('preview', '--namespace', 'user', '--select', 'a,b', '--json', file);
    expect(result.status).toBe(1);
    expect(JSON.parse(result.out).refusals).toEqual([expect.stringMatching(/volume "v" differs from the volume of the same name/)]);
  });

  test('needs --namespace and --select (exit 2)', () => {
    expect(run('preview', 'x.yaml')).toMatchObject({ status: 2, err: expect.stringMatching(/preview needs --namespace NS and --select NAME/) });
  });
});
