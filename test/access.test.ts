import * as fs from 'fs';
import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import {
  AwsEnvConfiguration, AwsFileCredentials, Config, DockerConfigurationProvider, NotebookAccess, NotebookPodDefault, S3ConfigurationProvider,
} from '../src';
import { tempDir } from './support/kubectl';
import { expectValidManifests } from './support/schema';
import { errorOf, synthError } from './support/synth';

const dir = tempDir();
const dockerConfig = path.join(dir, 'config.json');
fs.writeFileSync(dockerConfig, JSON.stringify({ auths: { 'https://index.docker.io/v1/': { auth: Buffer.from('user:pass').toString('base64') } } }, null, '\t'));
const credentials = path.join(dir, 'credentials');
fs.writeFileSync(credentials, '[default]\naws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = secret\n');

const envConfig = () => new Config({
  dockerConfigProvider: DockerConfigurationProvider.fromFile(dockerConfig),
  storageConfigProvider: S3ConfigurationProvider.fromEnv({ AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret', AWS_REGION: 'us-east-1' }),
});
const fileConfig = () => new Config({
  dockerConfigProvider: DockerConfigurationProvider.fromFile(dockerConfig),
  storageConfigProvider: S3ConfigurationProvider.fromFile(credentials),
});
const platformChart = () => new Chart(Testing.app(), 'platform');
const summary = (objects: any[]) => objects.map((o) => `${o.metadata.namespace}/${o.kind}/${o.metadata.name}`);

describe('NotebookAccess', () => {
  test('over 3 namespaces synthesizes 12 objects: per namespace the Docker and storage Secrets and PodDefaults', () => {
    // GIVEN
    const chart = platformChart();
    // WHEN
    const access = new NotebookAccess(chart, 'Access', { config: envConfig(), namespaces: ['team-a', 'team-b', 'team-c'] });
    // THEN
    const objects = Testing.synth(chart);
    expect(objects).toHaveLength(12);
    expect(objects).toMatchSnapshot();
    expectValidManifests(objects);
    expect(summary(objects)).toEqual(['team-a', 'team-b', 'team-c'].flatMap((ns) => [
      `${ns}/Secret/docker-secret`, `${ns}/PodDefault/docker-config`, `${ns}/Secret/aws-configuration`, `${ns}/PodDefault/aws-configuration`,
    ]));
    expect(access.namespaces).toEqual(['team-a', 'team-b', 'team-c']);
    expect(access.forNamespace('team-b')!.storage).toBeInstanceOf(AwsEnvConfiguration);
    expect(access.forNamespace('team-b')!.podDefaults.map((p) => p.name)).toEqual(['docker-config', 'aws-configuration']);
  });

  test('with existing-secret references synthesizes only PodDefaults', () => {
    const chart = platformChart();
    new NotebookAccess(chart, 'Access', {
      config: envConfig(),
      namespaces: ['team-a', 'team-b', 'team-c'],
      docker: { existingSecret: 'docker-secret' },
      storage: { existingSecret: kplus.Secret.fromSecretName(chart, 'S3', 'aws-configuration'), existingSecretKeys: ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'] },
    });
    const objects = Testing.synth(chart);
    expect(objects).toMatchSnapshot();
    expect(objects.map((o) => o.kind)).toEqual(Array(6).fill('PodDefault'));
    expectValidManifests(objects);
  });

  test('a credentials-file provider is mounted as aws-credentials', () => {
    const chart = platformChart();
    new NotebookAccess(chart, 'Access', {
      config: fileConfig(),
      namespaces: ['user'],
    });
    const objects = Testing.synth(chart);
    expect(summary(objects)).toEqual(['user/Secret/docker-secret', 'user/PodDefault/docker-config', 'user/Secret/aws-credentials', 'user/PodDefault/aws-credentials']);
    expect(objects[3].spec.volumeMounts).toEqual([{ name: 'aws-secret-volume', mountPath: '/home/kubeflow/.aws/' }]);
    expect(Buffer.from(objects[2].data.credentials, 'base64').toString('utf8')).toBe(fs.readFileSync(credentials, 'utf8'));
  });

  test('the default storage (MinIO) writes no credential', () => {
    const chart = platformChart();
    const access = new NotebookAccess(chart, 'Access', { config: new Config({ dockerConfigProvider: DockerConfigurationProvider.fromFile(dockerConfig) }), namespaces: ['user'] });
    const objects = Testing.synth(chart);
    expect(objects).toHaveLength(4);
    const settings = Object.keys(objects[2].data);
    expect(settings).not.toContain('AWS_ACCESS_KEY_ID');
    expect(objects[3].spec.env.map((e: any) => e.valueFrom.secretKeyRef)).toEqual([
      { name: 'mlpipeline-minio-artifact', key: 'accesskey' }, { name: 'mlpipeline-minio-artifact', key: 'secretkey' },
    ]);
    expect(access.forNamespace('user')!.storage!.writesSecret).toBe(true);
  });

  test('addNamespace() adds namespaces later and returns them', () => {
    const chart = platformChart();
    const access = new NotebookAccess(chart, 'Access', { config: envConfig() });
    expect(Testing.synth(chart)).toEqual([]);
    const added = access.addNamespace('late');
    expect(added.namespace).toBe('late');
    expect(added.docker!.namespace).toBe('late');
    expect(Testing.synth(chart)).toHaveLength(4);
    expect(errorOf(() => access.addNamespace('late'))).toMatch(/\[platform\/Access\] namespace "late" is already given access/);
    expect(errorOf(() => access.addNamespace('Not_Valid'))).toMatch(/namespace "Not_Valid" is not a DNS-1123 label/);
  });

  test('chooses which PodDefaults are offered and overrides names, descs and paths', () => {
    const chart = platformChart();
    new NotebookAccess(chart, 'Access', {
      config: fileConfig(),
      namespaces: ['user'],
      docker: { offer: false },
      storage: { secretName: 'team-s3', podDefaultName: 's3', desc: 'S3 for the team', selectorLabel: 'team-s3', volumeName: 's3', mountPath: '/home/jovyan/.aws/', immutable: true },
    });
    const objects = Testing.synth(chart);
    expect(summary(objects)).toEqual(['user/Secret/team-s3', 'user/PodDefault/s3']);
    expect(objects[0].immutable).toBe(true);
    expect(objects[1].spec).toEqual({
      desc: 'S3 for the team',
      selector: { matchLabels: { 'team-s3': 'true' } },
      volumes: [{ name: 's3', secret: { secretName: 'team-s3' } }],
      volumeMounts: [{ name: 's3', mountPath: '/home/jovyan/.aws/' }],
    });
  });

  test('env storage takes a prefix', () => {
    const chart = platformChart();
    new NotebookAccess(chart, 'Access', { config: envConfig(), namespaces: ['user'], docker: { offer: false }, storage: { prefix: 'KF_' } });
    expect(Testing.synth(chart)[1].spec.envFrom).toEqual([{ prefix: 'KF_', secretRef: { name: 'aws-configuration' } }]);
  });

  test('rejects Secret options with an existing Secret, and offering nothing', () => {
    expect(errorOf(() => new NotebookAccess(platformChart(), 'Access', { config: envConfig(), docker: { existingSecret: 'x', secretName: 'y' } })))
      .toMatch(/docker.secretName and docker.immutable describe a Secret NotebookAccess writes; with docker.existingSecret \("x"\) there is none/);
    expect(errorOf(() => new NotebookAccess(platformChart(), 'Access', { config: envConfig(), docker: { offer: false }, storage: { offer: false } })))
      .toMatch(/nothing to offer/);
    expect(errorOf(() => new NotebookAccess(platformChart(), 'Access', {} as any))).toMatch(/config is required/);
  });

  test('composes into a larger stack and keeps the conflict checks', () => {
    const app = Testing.app();
    new NotebookAccess(new Chart(app, 'platform'), 'Access', { config: envConfig(), namespaces: ['team-a', 'team-b'] });
    const teamA = new Chart(app, 'team-a-extras', { namespace: 'team-a' });
    new NotebookPodDefault(teamA, 'Gcloud', { desc: 'gcloud' }).addSecretVolume({ secretName: 'gcloud', mountPath: '/home/kubeflow/.docker/gcloud' });
    expect(errorOf(() => app.synthYaml())).toMatch(/\[team-a-extras\/Gcloud\] mountPath "\/home\/kubeflow\/.docker\/gcloud" is nested under "\/home\/kubeflow\/.docker\/", mounted by \[platform\/Access\/team-a\/Docker\/PodDefault\]/);
  });

  test('a second NotebookAccess over the same namespace with other settings conflicts', () => {
    const chart = platformChart();
    new NotebookAccess(chart, 'One', { config: envConfig(), namespaces: ['team-a'] });
    new NotebookAccess(chart, 'Two', { config: envConfig(), namespaces: ['team-a'], docker: { desc: 'Another registry' } });
    const message = synthError(chart);
    expect(message).toMatch(/\[platform\/Two\/team-a\/Docker\/PodDefault\] two versions of PodDefault "docker-config" in namespace "team-a": this one and \[platform\/One\/team-a\/Docker\/PodDefault\] differ/);
    // The Secrets are the same: one object, written twice.
    expect(message).not.toMatch(/Secret "docker-secret"/);
  });

  test('a second NotebookAccess over the same namespace with the same settings writes the same objects: one of each', () => {
    const chart = platformChart();
    new NotebookAccess(chart, 'One', { config: envConfig(), namespaces: ['team-a'] });
    new NotebookAccess(chart, 'Two', { config: envConfig(), namespaces: ['team-a'] });
    expect(() => Testing.synth(chart)).not.toThrow();
  });

  test('storage credentials are the expected construct for the provider kind', () => {
    const chart = platformChart();
    const access = new NotebookAccess(chart, 'Access', {
      config: fileConfig(),
      namespaces: ['user'],
    });
    expect(access.forNamespace('user')!.storage).toBeInstanceOf(AwsFileCredentials);
    expect(access.forNamespace('other')).toBeUndefined();
  });
});

describe('NotebookAccess reads no provider whose credentials it does not write', () => {
  test('Config.default() with existing Secrets for Docker and storage synthesizes without /home/kubeflow', () => {
    // GIVEN a machine without /home/kubeflow/.docker/config.json (this one) and only existing Secrets
    const chart = new Chart(Testing.app(), 'platform');
    new NotebookAccess(chart, 'Access', {
      config: Config.default(),
      namespaces: ['team-a'],
      docker: { existingSecret: 'regcred', existingSecretKeys: ['.dockerconfigjson'] },
      storage: { existingSecret: 'mlpipeline-minio-artifact', existingSecretKeys: ['accesskey', 'secretkey'] },
    });
    // THEN only PodDefaults are written, and no file was read
    const kinds = Testing.synth(chart).map((o: any) => o.kind);
    expect(kinds).toEqual(['PodDefault', 'PodDefault']);
  });
});
