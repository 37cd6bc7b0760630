/**
 * Determinism: the same program synthesizes byte-identical manifests, and the order in which
 * constructs and inputs are given changes nothing where it means nothing.
 */
import { App, Chart, Testing, Yaml } from 'cdk8s';
import { ConfigChart } from '../examples/config';
import { GuideChart } from '../examples/guide';
import { PlatformChart } from '../examples/platform';
import { AwsEnvConfiguration, Config, DockerConfigurationProvider, DockerCredentials, NotebookAccess, NotebookPodDefault, S3ConfigurationProvider } from '../src';
import { testChart } from './support/synth';

const quiet = { env: {}, notice: () => undefined };

/** Each object serialized on its own, sorted: the set of manifests, whatever their order in the file. */
const objectSet = (objects: any[]) => objects.map((o) => Yaml.stringify(o)).sort();

describe('the example apps synthesize byte-identical YAML every time', () => {
  test.each([
    ['guide and platform (examples/main.ts)', (app: App) => { new GuideChart(app, 'guide', quiet); new PlatformChart(app, 'platform', quiet); }],
    ['config (examples/config.ts)', (app: App) => { new ConfigChart(app, 'config', quiet); }],
  ])('%s', (_name, build) => {
    const synth = () => {
      const app = Testing.app();
      build(app);
      return app.synthYaml();
    };
    const first = synth();
    expect(first.length).toBeGreaterThan(1000);
    expect(synth()).toBe(first);
  });
});

describe('order does not change the output where it has no meaning', () => {
  const dockerConfig = DockerConfigurationProvider.fromRegistries([{ server: 'ghcr.io', username: 'u', password: 'p' }]);
  const storage = S3ConfigurationProvider.fromEnv({ AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 'b', AWS_REGION: 'us-east-1' });

  test('NotebookAccess namespaces given in any order yield the same manifests', () => {
    const build = (namespaces: string[]) => {
      const chart = new Chart(Testing.app(), 'platform');
      new NotebookAccess(chart, 'Access', { config: new Config({ dockerConfigProvider: dockerConfig, storageConfigProvider: storage }), namespaces });
      return objectSet(Testing.synth(chart));
    };
    expect(build(['c', 'a', 'b'])).toEqual(build(['a', 'b', 'c']));
  });

  test('Docker registries in any order yield the same config.json', () => {
    const build = (order: number[]) => {
      const registries = [
        { server: 'ghcr.io', username: 'a', password: 'x' },
        { server: 'docker.io', username: 'b', password: 'y' },
        { server: 'quay.io', username: 'c', password: 'z' },
      ];
      const chart = testChart();
      new DockerCredentials(chart, 'D', { registries: order.map((i) => registries[i]) });
      return Testing.synth(chart)[0].data;
    };
    expect(build([2, 0, 1])).toEqual(build([0, 1, 2]));
  });

  test('Secret keys are sorted whatever the source', () => {
    const chart = testChart();
    AwsEnvConfiguration.fromEnv(chart, 'E', { env: { S3_FORCE_PATH_STYLE: 'true', AWS_SECRET_ACCESS_KEY: 'b', AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'a' } });
    const keys = Object.keys(Testing.synth(chart)[0].data);
    expect(keys).toEqual([...keys].sort());
  });

  test('PodDefaults and their volumes added in any order yield the same manifests', () => {
    const build = (order: number[]) => {
      const chart = testChart();
      for (const i of order) {
        const pd = new NotebookPodDefault(chart, `P${i}`, { desc: `${i}` });
        for (const v of order) {
          pd.addSecretVolume({ secretName: `s${i}-${v}`, mountPath: `/home/kubeflow/.p${i}/${v}` });
        }
      }
      return objectSet(Testing.synth(chart));
    };
    expect(build([2, 0, 1])).toEqual(build([0, 1, 2]));
  });
});
