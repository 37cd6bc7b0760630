/**
 * Every rule runs over what is written: plain ApiObjects, JSON patches on the library's own
 * objects, and manifests given to `check` get the same verdict, with the same rule id. The
 * cases are the ones that used to slip past synth and `check` (issue 16).
 */
import { ApiObject, Chart, JsonPatch, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { checkManifests, DockerCredentials, NotebookPodDefault, PodDefaultChecks } from '../src';
import { errorOf, testChart } from './support/synth';

const b64 = (text: string) => Buffer.from(text).toString('base64');
const podDefault = (name: string, spec: object, namespace = 'user') => ({
  apiVersion: 'kubeflow.org/v1alpha1',
  kind: 'PodDefault',
  metadata: { name, namespace },
  spec: { desc: name, selector: { matchLabels: { [name]: 'true' } }, ...spec },
});
const secret = (name: string, data: Record<string, string>, metadata: object = {}) => ({
  apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: 'user', ...metadata }, data,
});

/** The rules `check` reports for manifests, and those synth reports for the same manifests as plain ApiObjects. */
function verdicts(manifests: object[]): { check: string[]; synth: string[] } {
  const chart = new Chart(Testing.app(), 'c');
  PodDefaultChecks.of(chart);
  manifests.forEach((m, i) => new ApiObject(chart, `o${i}`, m as any));
  let synthRules: string[] = [];
  try {
    Testing.synth(chart);
  } catch (e) {
    synthRules = [...(e as Error).message.matchAll(/\[([a-z0-9-]+), [a-z-]+\]$/gm)].map((m) => m[1]);
  }
  return { check: checkManifests(manifests).map((p) => p.rule), synth: synthRules };
}

describe('rules that only constructors applied now run over every object', () => {
  test.each([
    ['a literal AWS_SECRET_ACCESS_KEY env value', [podDefault('a', { env: [{ name: 'AWS_SECRET_ACCESS_KEY', value: 'hunter2' }] })], 'literal-credential'],
    ['a Secret over 1 MiB', [secret('big', { blob: b64('x'.repeat(1024 * 1024 + 1)) })], 'secret-data'],
    ['a data key "a b"', [secret('s', { 'a b': b64('x') })], 'secret-data'],
    ['a Secret named Bad_Name', [secret('Bad_Name', { a: b64('x') })], 'secret-name'],
    ['a label value over 63 characters', [secret('s', { a: b64('x') }, { labels: { team: 'a'.repeat(64) } })], 'label'],
    ['300 KiB of annotations', [secret('s', { a: b64('x') }, { annotations: { 'example.com/a': 'x'.repeat(300 * 1024) } })], 'annotation'],
    ['a Secret alone in namespace Team-A', [{ ...secret('s', { a: b64('x') }), metadata: { name: 's', namespace: 'Team-A' } }], 'namespace-name'],
    ['a secretKeyRef to a key the Secret lacks', [secret('s', { a: b64('x') }), podDefault('p', { env: [{ name: 'A', valueFrom: { secretKeyRef: { name: 's', key: 'b' } } }] })], 'secret-key-missing'],
    ['a configMapKeyRef to a key the ConfigMap lacks',
      [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'user' }, data: { a: 'x' } }, podDefault('p', { env: [{ name: 'A', valueFrom: { configMapKeyRef: { name: 'c', key: 'b' } } }] })],
      'secret-key-missing'],
    ['a sidecar mounting a volume no PodDefault defines', [podDefault('p', { sidecars: [{ name: 'proxy', image: 'proxy:1', volumeMounts: [{ name: 'nowhere', mountPath: '/x' }] }] })], 'mount-without-volume'],
    ['an init container mounting a volume no PodDefault defines', [podDefault('p', { initContainers: [{ name: 'setup', image: 'setup:1', volumeMounts: [{ name: 'nowhere', mountPath: '/x' }] }] })], 'mount-without-volume'],
    ['a field the PodDefault CRD prunes', [podDefault('p', { resources: { limits: { 'nvidia.com/gpu': 1 } } })], 'pruned-field'],
    ['a Secret value that is not base64', [secret('docker-secret', { 'config.json': 'ewogICJhdXRocyI6IH...' })], 'secret-data'],
    ['an AWS key ending in a newline', [secret('aws-configuration', { AWS_ACCESS_KEY_ID: b64('AKIAEXAMPLE\n'), AWS_SECRET_ACCESS_KEY: b64('secret') })], 'credential-value'],
    ['a credentials file with [profile x] in stringData',
      [{ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'aws-credentials', namespace: 'user' }, stringData: { credentials: '[profile dev]\naws_access_key_id = a\naws_secret_access_key = b\n' } }],
      'aws-file-section'],
    ['a config.json with credsStore', [secret('docker-secret', { 'config.json': b64('{"auths":{},"credsStore":"desktop"}') })], 'docker-creds-helper'],
  ])('%s: check and synth over plain ApiObjects report the same rule', (_name, manifests, rule) => {
    const found = verdicts(manifests as object[]);
    expect(found.check).toContain(rule);
    expect(found.synth).toEqual(found.check);
  });

  test('a clean set has no problem in either', () => {
    expect(verdicts([secret('s', { a: b64('x') }), podDefault('p', { env: [{ name: 'A', valueFrom: { secretKeyRef: { name: 's', key: 'a' } } }] })]))
      .toEqual({ check: [], synth: [] });
  });
});

describe('SealedSecrets and ExternalSecrets take part as the Secrets they make, with their keys', () => {
  const sealed = (keys: string[], template: object = {}) => ({
    apiVersion: 'bitnami.com/v1alpha1',
    kind: 'SealedSecret',
    metadata: { name: 'docker-secret', namespace: 'user' },
    spec: { encryptedData: Object.fromEntries(keys.map((k) => [k, 'AgBy8hCi...'])), template },
  });
  const external = (spec: object) => ({ apiVersion: 'external-secrets.io/v1', kind: 'ExternalSecret', metadata: { name: 'es', namespace: 'user' }, spec });
  const mountItem = (secretName: string, key: string) => podDefault('p', {
    volumes: [{ name: 'v', secret: { secretName, items: [{ key, path: 'config.json' }] } }],
    volumeMounts: [{ name: 'v', mountPath: '/home/kubeflow/.docker/' }],
  });

  test('a SealedSecret\'s encryptedData keys', () => {
    expect(checkManifests([sealed(['config.json']), mountItem('docker-secret', 'config.json')])).toEqual([]);
    expect(checkManifests([sealed(['config.json']), mountItem('docker-secret', '.dockerconfigjson')]).map((p) => p.rule)).toEqual(['secret-key-missing']);
  });

  test('a SealedSecret\'s template may rename the Secret', () => {
    const renamed = sealed(['config.json'], { metadata: { name: 'other' } });
    expect(checkManifests([renamed, mountItem('other', 'nope')]).map((p) => p.message)).toEqual([expect.stringMatching(/is not a key of Secret "other"/)]);
  });

  test('an ExternalSecret\'s templated keys (mergePolicy Replace), its data keys, and unknown keys with dataFrom', () => {
    const templated = external({ target: { name: 'docker-secret', template: { mergePolicy: 'Replace', data: { 'config.json': '{{ .x }}' } } }, data: [{ secretKey: 'x', remoteRef: { key: 'k' } }] });
    expect(checkManifests([templated, mountItem('docker-secret', 'config.json')])).toEqual([]);
    expect(checkManifests([templated, mountItem('docker-secret', 'x')]).map((p) => p.rule)).toEqual(['secret-key-missing']);
    const fields = external({ target: { name: 'docker-secret' }, data: [{ secretKey: 'config.json', remoteRef: { key: 'k' } }] });
    expect(checkManifests([fields, mountItem('docker-secret', 'other')]).map((p) => p.rule)).toEqual(['secret-key-missing']);
    const fromAll = external({ target: { name: 'docker-secret' }, dataFrom: [{ extract: { key: 'k' } }] });
    expect(checkManifests([fromAll, mountItem('docker-secret', 'anything')])).toEqual([]);
  });
});

describe('JSON patches on the library\'s own objects are checked as written', () => {
  test('a patch that gives a credentials Secret an invalid key fails synth with the rule id', () => {
    const chart = testChart();
    const docker = new DockerCredentials(chart, 'Docker', { registries: [{ server: 'ghcr.io', username: 'u', password: 'p' }] });
    docker.addJsonPatch(JsonPatch.add('/data/a b', b64('x')));
    expect(errorOf(() => Testing.synth(chart))).toMatch(/\[user\/Docker\] data key "a b" is not a valid Secret data key .* \[secret-data, kubernetes\]/);
  });

  test('a patch that puts a literal credential into a PodDefault fails synth', () => {
    const chart = testChart();
    const pd = new NotebookPodDefault(chart, 'P', { desc: 'p' });
    pd.addEnv('AWS_REGION', kplus.EnvValue.fromValue('us-east-1'));
    pd.addJsonPatch(JsonPatch.add('/spec/env/-', { name: 'AWS_SECRET_ACCESS_KEY', value: 'hunter2' }));
    const message = errorOf(() => Testing.synth(chart));
    expect(message).toMatch(/\[user\/P\] env "AWS_SECRET_ACCESS_KEY" looks like a credential .* \[literal-credential, beyond-webhook\]/);
    expect(message).not.toContain('hunter2');
  });

  test('envValue(key) of a credentials construct to a key it lacks fails synth', () => {
    const chart = testChart();
    const docker = new DockerCredentials(chart, 'Docker', { registries: [{ server: 'ghcr.io', username: 'u', password: 'p' }] });
    new NotebookPodDefault(chart, 'P', { desc: 'p' }).addEnv('DOCKER_CONFIG', docker.envValue('.dockerconfigjson'));
    expect(errorOf(() => Testing.synth(chart))).toMatch(/\[user\/P\] env "DOCKER_CONFIG" secretKeyRef key ".dockerconfigjson" is not a key of Secret "docker-secret" .* \[secret-key-missing, runtime\]/);
  });
});
