import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, App, Chart, Include, JsonPatch, Testing, Yaml } from 'cdk8s';
import { Construct } from 'constructs';
import { DockerCredentials, ExistingPodDefault, NotebookPodDefault, PodDefaultChecks } from '../src';
import * as engineModule from '../src/engine';
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
    expect(synthError(chart)).toMatch(/\[user\/Docker\] two versions of PodDefault "docker-config" in namespace "user": this one and \[user\/Existing\/docker-config-poddefault-user\] differ/);
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
  test('a volume added to a library PodDefault after a clean synth', () => {
    const chart = testChart();
    new NotebookPodDefault(chart, 'A', { desc: 'a' }).addSecretVolume({ secretName: 's', mountPath: '/a' });
    const b = new NotebookPodDefault(chart, 'B', { desc: 'b' });
    expect(() => Testing.synth(chart)).not.toThrow();
    b.addSecretVolume({ secretName: 't', mountPath: '/a' });
    expect(synthError(chart)).toMatch(/\[user\/B\] mountPath "\/a" is also used by \[user\/A\]/);
  });
  test('a JSON patch on a library PodDefault after a clean synth', () => {
    const chart = testChart();
    new NotebookPodDefault(chart, 'A', { desc: 'a' }).addSecretVolume({ secretName: 's', mountPath: '/a' });
    const b = new NotebookPodDefault(chart, 'B', { desc: 'b' });
    b.addSecretVolume({ secretName: 't', mountPath: '/b' });
    expect(() => Testing.synth(chart)).not.toThrow();
    b.addJsonPatch(JsonPatch.replace('/spec/volumeMounts/0/mountPath', '/a'));
    expect(synthError(chart)).toMatch(/\[user\/B\] mountPath "\/a" is also used by \[user\/A\]/);
  });
  test('a plain ApiObject added inside a user construct is seen by the next synth, in the same turn', () => {
    const chart = testChart();
    new NotebookPodDefault(chart, 'A', { desc: 'a' }).addSecretVolume({ secretName: 's', mountPath: '/a' });
    const group = new Construct(chart, 'Group');
    expect(() => Testing.synth(chart)).not.toThrow();
    plain(group as Chart, 'b', '/a');
    expect(synthError(chart)).toMatch(/\[user\/Group\/b\] mountPath "\/a" is also used by \[user\/A\]/);
  });
  test('a label added to a library object\'s metadata after a clean synth is seen', () => {
    const chart = testChart();
    const a = new NotebookPodDefault(chart, 'A', { desc: 'a' });
    expect(() => Testing.synth(chart)).not.toThrow();
    a.metadata.addLabel('team', 'a b');
    expect(synthError(chart)).toMatch(/\[user\/A\] metadata.labels "team" value "a b" is not a valid label value .* \[label, kubernetes\]/);
  });
  test('a chart added after a clean synth', () => {
    const app = Testing.app();
    const one = testChart('user', app);
    new NotebookPodDefault(one, 'A', { desc: 'a', name: 'same' });
    expect(() => Testing.synth(one)).not.toThrow();
    const two = new Chart(app, 'two', { namespace: 'user' });
    new ApiObject(two, 'B', { apiVersion: 'kubeflow.org/v1alpha1', kind: 'PodDefault', metadata: { name: 'same' }, spec: mountSpec('b', 'b', '/b') });
    expect(synthError(one)).toMatch(/two versions of PodDefault "same"/);
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
  test('forNotebook after a synth in the same turn is taken into account', () => {
    const chart = testChart();
    new ApiObject(chart, 'Pd', { apiVersion: 'kubeflow.org/v1alpha1', kind: 'PodDefault', metadata: { name: 'pd' }, spec: { ...mountSpec('pd', 's', '/s'), labels: { app: 'my-notebook' } } });
    PodDefaultChecks.of(chart);
    expect(synthError(chart)).toMatch(/label "app"/);
    PodDefaultChecks.of(chart).forNotebook('my-notebook');
    expect(() => Testing.synth(chart)).not.toThrow();
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

describe('App.synth() and synthYaml() check the App once, however many charts they write', () => {
  // cdk8s validates the whole App again for every chart it writes; the checks run once per call.
  const appWithCharts = (charts: number) => {
    const app = Testing.app();
    for (let i = 0; i < charts; i++) {
      const chart = new Chart(app, `profile-${i}`, { namespace: `profile-${i}` });
      new DockerCredentials(chart, 'Docker', { registries: [{ server: 'ghcr.io', username: 'u', password: 'p' }] }).addPodDefault();
    }
    return app;
  };
  afterEach(() => jest.restoreAllMocks());

  test('one run for 20 charts, per call', () => {
    const app = appWithCharts(20);
    const engine = jest.spyOn(engineModule, 'checkObjects');
    // cdk8s validates the App 21 times here (once, then per chart): the checks run once per call.
    app.synthYaml();
    expect(engine).toHaveBeenCalledTimes(1);
    // A second call is checked again, whether or not anything changed.
    app.synthYaml();
    expect(engine).toHaveBeenCalledTimes(2);
  });
  test('a chart\'s own toJson() is checked each time (no synthesis in progress)', () => {
    const app = appWithCharts(3);
    const engine = jest.spyOn(engineModule, 'checkObjects');
    app.charts[0].toJson();
    const chart = app.charts[2];
    new ApiObject(chart, 'Plain', {
      apiVersion: 'kubeflow.org/v1alpha1', kind: 'PodDefault', metadata: { name: 'docker-config' }, spec: mountSpec('plain', 'docker-secret', '/plain'),
    });
    expect(() => chart.toJson()).toThrow(/two versions of PodDefault "docker-config"/);
    expect(engine).toHaveBeenCalledTimes(2);
  });
  test('a problem in the last chart fails synthYaml and synth, and a change between two calls in one turn is seen', () => {
    const app = appWithCharts(10);
    const last = app.charts[9];
    expect(() => app.synthYaml()).not.toThrow();
    new ApiObject(last, 'Plain', {
      apiVersion: 'kubeflow.org/v1alpha1', kind: 'PodDefault', metadata: { name: 'docker-config' }, spec: mountSpec('plain', 'docker-secret', '/plain'),
    });
    expect(() => app.synthYaml()).toThrow(/\[profile-9\/Plain\] two versions of PodDefault "docker-config" in namespace "profile-9"/);
    // A failed call leaves nothing behind: the next one checks again.
    expect(() => app.synth()).toThrow(/\[profile-9\/Plain\]/);
    last.node.tryRemoveChild('Plain');
    expect(() => app.synthYaml()).not.toThrow();
  });
  test('the App keeps its own keys and a subclass\'s synth()', () => {
    class MyApp extends App {
      public calls = 0;
      public synth(): void {
        this.calls++;
        super.synth();
      }
    }
    const app = new MyApp({ outdir: tempDir() });
    const keys = Object.keys(app);
    new DockerCredentials(new Chart(app, 'c', { namespace: 'user' }), 'Docker', { registries: [{ server: 'ghcr.io', username: 'u', password: 'p' }] });
    expect(Object.keys(app)).toEqual(keys);
    app.synth();
    expect(app.calls).toBe(1);
    expect(fs.readdirSync(app.outdir)).toEqual(['c.k8s.yaml']);
  });
});
