import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, Chart, Include, JsonPatch, Testing, Yaml } from 'cdk8s';
import { DockerCredentials, ExistingPodDefault, NotebookPodDefault, PodDefaultChecks } from '../src';
import { tempDir } from './support/kubectl';
import { synthError, testChart } from './support/synth';

const mountSpec = (name: string, secretName: string, mountPath: string) => ({
  desc: name,
  selector: { matchLabels: { [name]: 'true' } },
  volumes: [{ name, secret: { secretName } }],
  volumeMounts: [{ name, mountPath }],
});

describe('the checks run over what is synthesized', () => {
  test('addJsonPatch onto two PodDefaults that makes them collide fails synth', () => {
    // GIVEN two PodDefaults that are fine as written
    const chart = testChart();
    const a = new NotebookPodDefault(chart, 'A', { desc: 'a' });
    a.addSecretVolume({ secretName: 'one', mountPath: '/home/kubeflow/.one/' });
    const b = new NotebookPodDefault(chart, 'B', { desc: 'b' });
    b.addSecretVolume({ secretName: 'two', mountPath: '/home/kubeflow/.two/' });
    expect(() => Testing.synth(chart)).not.toThrow();
    // WHEN patches move both onto one path
    a.addJsonPatch(JsonPatch.replace('/spec/volumeMounts/0/mountPath', '/home/kubeflow/.shared/'));
    b.addJsonPatch(JsonPatch.replace('/spec/volumeMounts/0/mountPath', '/home/kubeflow/.shared/'));
    // THEN
    expect(synthError(chart)).toMatch(/\[user\/B\] mountPath "\/home\/kubeflow\/.shared\/" is also used by \[user\/A\]/);
  });

  test('a patch that changes a selector is seen', () => {
    const chart = testChart();
    new NotebookPodDefault(chart, 'A', { desc: 'a' });
    const b = new NotebookPodDefault(chart, 'B', { desc: 'b' });
    b.addJsonPatch(JsonPatch.replace('/spec/selector/matchLabels', { a: 'true' }));
    expect(synthError(chart)).toMatch(/\[user\/B\] selector key "a" is also the selector of \[user\/A\]/);
  });

  test('a plain ApiObject PodDefault colliding with a NotebookPodDefault fails synth', () => {
    const chart = testChart();
    new NotebookPodDefault(chart, 'Docker', { desc: 'docker' }).addSecretVolume({ secretName: 'docker-secret', mountPath: '/home/kubeflow/.docker/' });
    new ApiObject(chart, 'Plain', {
      apiVersion: 'kubeflow.org/v1alpha1',
      kind: 'PodDefault',
      metadata: { name: 'plain' },
      spec: mountSpec('plain', 'other', '/home/kubeflow/.docker/'),
    });
    expect(synthError(chart)).toMatch(/\[user\/Plain\] mountPath "\/home\/kubeflow\/.docker\/" is also used by \[user\/Docker\]/);
  });

  test('objects brought in with Include are checked', () => {
    const file = path.join(tempDir(), 'poddefaults.yaml');
    Yaml.save(file, [{ apiVersion: 'kubeflow.org/v1alpha1', kind: 'PodDefault', metadata: { name: 'docker-config', namespace: 'user' }, spec: mountSpec('docker-config', 'x', '/x') }]);
    const chart = testChart();
    new Include(chart, 'Existing', { url: file });
    new NotebookPodDefault(chart, 'Docker', { desc: 'docker', name: 'docker-config' });
    expect(synthError(chart)).toMatch(/\[user\/Docker\] PodDefault name "docker-config" is also used by \[user\/Existing\/docker-config-poddefault-user\]/);
  });

  test('two plain ApiObjects conflict only when the checks are on, and the problem is on one of them', () => {
    const build = (checks: boolean) => {
      const chart = testChart();
      if (checks) {
        PodDefaultChecks.of(chart);
      }
      for (const id of ['a', 'b']) {
        new ApiObject(chart, id, { apiVersion: 'kubeflow.org/v1alpha1', kind: 'PodDefault', metadata: { name: id }, spec: mountSpec(id, id, '/same') });
      }
      return chart;
    };
    expect(() => Testing.synth(build(false))).not.toThrow();
    expect(synthError(build(true))).toMatch(/^Validation failed with the following errors:\n {2}\[user\/b\] mountPath "\/same" is also used by \[user\/a\]/);
  });

  test('a plain Secret\'s keys are known to the checks', () => {
    const chart = testChart();
    new ApiObject(chart, 'Secret', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'registry' }, stringData: { '.dockerconfigjson': '{}' } });
    new NotebookPodDefault(chart, 'A', { desc: 'a' }).addSecretVolume({ secretName: 'registry', mountPath: '/r', items: [{ key: 'config.json', path: 'config.json' }] });
    expect(synthError(chart)).toMatch(/item key "config.json" is not a key of Secret "registry" \(its keys: ".dockerconfigjson"\)/);
  });

  test('a removed construct is no longer checked', () => {
    const chart = testChart();
    new NotebookPodDefault(chart, 'A', { desc: 'a', selectorLabel: 'same' });
    new NotebookPodDefault(chart, 'B', { desc: 'b', selectorLabel: 'same' });
    expect(synthError(chart)).toMatch(/selector key "same"/);
    chart.node.tryRemoveChild('B');
    expect(() => Testing.synth(chart)).not.toThrow();
  });

  test('there is one checker per App, and no problem is reported twice over several synths', () => {
    const chart = testChart();
    new NotebookPodDefault(chart, 'A', { desc: 'a', selectorLabel: 'same' });
    new NotebookPodDefault(chart, 'B', { desc: 'b', selectorLabel: 'same' });
    expect(PodDefaultChecks.of(chart)).toBe(PodDefaultChecks.of(chart.node.root));
    synthError(chart);
    const message = synthError(chart);
    expect(message.match(/selector key "same"/g)).toHaveLength(1);
  });

  test('two Apps are checked apart', () => {
    const one = testChart();
    const two = testChart();
    new NotebookPodDefault(one, 'A', { desc: 'a', name: 'x' });
    new NotebookPodDefault(two, 'A', { desc: 'a', name: 'x' });
    expect(() => Testing.synth(one)).not.toThrow();
    expect(() => Testing.synth(two)).not.toThrow();
  });

  test('App.synth writes nothing while there is a problem', () => {
    const outdir = tempDir();
    const app = Testing.app({ outdir });
    const chart = testChart('user', app);
    new NotebookPodDefault(chart, 'A', { desc: 'a', selectorLabel: 'same' });
    new NotebookPodDefault(chart, 'B', { desc: 'b', selectorLabel: 'same' });
    expect(() => app.synth()).toThrow(/selector key "same"/);
    expect(fs.readdirSync(outdir)).toEqual([]);
  });
});

describe('changes between two synths in one turn of the event loop are seen', () => {
  const plain = (chart: Chart, id: string, mountPath: string) => new ApiObject(chart, id, {
    apiVersion: 'kubeflow.org/v1alpha1', kind: 'PodDefault', metadata: { name: id }, spec: mountSpec(id, id, mountPath),
  });
  test('a JSON patch on a plain ApiObject after a clean synth', () => {
    const chart = testChart();
    PodDefaultChecks.of(chart);
    plain(chart, 'a', '/a');
    const b = plain(chart, 'b', '/b');
    expect(() => Testing.synth(chart)).not.toThrow();
    b.addJsonPatch(JsonPatch.replace('/spec/volumeMounts/0/mountPath', '/a'));
    expect(synthError(chart)).toMatch(/\[user\/b\] mountPath "\/a" is also used by \[user\/a\]/);
  });
  test('a plain ApiObject added to a chart after a clean synth', () => {
    const chart = testChart();
    new NotebookPodDefault(chart, 'A', { desc: 'a' }).addSecretVolume({ secretName: 's', mountPath: '/a' });
    expect(() => Testing.synth(chart)).not.toThrow();
    plain(chart, 'b', '/a');
    expect(synthError(chart)).toMatch(/\[user\/b\] mountPath "\/a" is also used by \[user\/A\]/);
  });
  test('a library construct added after a clean synth, and one removed', () => {
    const chart = testChart();
    new NotebookPodDefault(chart, 'A', { desc: 'a', selectorLabel: 'same' });
    expect(() => Testing.synth(chart)).not.toThrow();
    new DockerCredentials(chart, 'Docker', { registries: [{ server: 'ghcr.io', username: 'u', password: 'p' }] }).addPodDefault({ selectorLabel: 'same' });
    expect(synthError(chart)).toMatch(/selector key "same"/);
    chart.node.tryRemoveChild('Docker');
    expect(() => Testing.synth(chart)).not.toThrow();
  });
  test('a chart added after a clean synth', () => {
    const app = Testing.app();
    const one = testChart('user', app);
    new NotebookPodDefault(one, 'A', { desc: 'a', name: 'same' });
    expect(() => Testing.synth(one)).not.toThrow();
    const two = new Chart(app, 'two', { namespace: 'user' });
    new ApiObject(two, 'B', { apiVersion: 'kubeflow.org/v1alpha1', kind: 'PodDefault', metadata: { name: 'same' }, spec: mountSpec('b', 'b', '/b') });
    expect(synthError(one)).toMatch(/PodDefault name "same" is also used by/);
  });
});

describe('checks against one named notebook', () => {
  test('forNotebook makes the notebook\'s labels comparable: its own name is fine, another is not', () => {
    const build = (value: string) => {
      const chart = testChart();
      PodDefaultChecks.of(chart).forNotebook('my-notebook');
      new ApiObject(chart, 'Pd', { apiVersion: 'kubeflow.org/v1alpha1', kind: 'PodDefault', metadata: { name: 'pd' }, spec: { ...mountSpec('pd', 's', '/s'), labels: { app: value } } });
      return chart;
    };
    expect(() => Testing.synth(build('my-notebook'))).not.toThrow();
    expect(synthError(build('other'))).toMatch(/label "app" has another value than a label that the notebook controller sets/);
  });
});

describe('PodDefaults that exist in the cluster', () => {
  test('access-ml-pipeline is seen by the checks', () => {
    const chart = testChart();
    ExistingPodDefault.accessMlPipeline(chart, 'Pipelines');
    const pd = new NotebookPodDefault(chart, 'Token', { desc: 'token' });
    pd.addSecretVolume({ secretName: 'token', mountPath: '/var/run/secrets/kubeflow/pipelines' });
    expect(synthError(chart)).toMatch(/\[user\/Token\] mountPath "\/var\/run\/secrets\/kubeflow\/pipelines" is also used by \[user\/Pipelines\]/);
  });

  test('a PodDefault that fits beside access-ml-pipeline synthesizes, and the existing one is not written', () => {
    const chart = testChart();
    ExistingPodDefault.accessMlPipeline(chart, 'Pipelines');
    new DockerCredentials(chart, 'Docker', { registries: [{ server: 'ghcr.io', username: 'u', password: 'p' }] }).addPodDefault();
    const kinds = Testing.synth(chart).map((o: any) => `${o.kind}/${o.metadata.name}`);
    expect(kinds.sort()).toEqual(['PodDefault/docker-config', 'Secret/docker-secret']);
  });

  test('an existing PodDefault with the same selector key as ours', () => {
    const chart = testChart();
    new ExistingPodDefault(chart, 'Existing', { name: 'docker-config', spec: mountSpec('docker-config', 'x', '/x') });
    new NotebookPodDefault(chart, 'Ours', { desc: 'ours', name: 'ours', selectorLabel: 'docker-config' });
    expect(synthError(chart)).toMatch(/\[user\/Ours\] selector key "docker-config" is also the selector of \[user\/Existing\]/);
  });

  test('its name and spec are checked where it is declared', () => {
    expect(() => new ExistingPodDefault(testChart(), 'X', { name: 'Bad_Name', spec: {} })).toThrow(/\[user\/X\] PodDefault name "Bad_Name"/);
  });
});
