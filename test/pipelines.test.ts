/**
 * Issue 21, part 3: the Kubeflow Pipelines v2 launcher's configuration (`kfp-launcher`) that
 * sends the steps of pipeline runs to the notebooks' store through the same Secret, written by
 * the storage constructs and NotebookAccess, and checked as the launcher reads it
 * (kubeflow/pipelines backend/src/v2/config; every one written here is also validated against
 * the launcher's structure by test/support/validate-all.ts).
 */
import * as crypto from 'crypto';
import { ApiObject, Chart, Testing } from 'cdk8s';
import { parse } from 'yaml';
import {
  AwsEnvConfiguration, AwsKeylessCredentials, checkManifests, Config, DefaultMinioConfigurationProvider, DockerConfigurationProvider,
  GcpServiceAccountKey,
  NotebookAccess, PipelineLauncherConfig, S3ConfigurationProvider,
} from '../src';
import { launcherProvidersSchemaErrors } from './support/schema';
import { errorOf, synthError, testChart } from './support/synth';

const launcherOf = (objects: any[]) => objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'kfp-launcher');
const providersOf = (objects: any[]) => parse(launcherOf(objects).data.providers);
const ROLE = 'arn:aws:iam::123456789012:role/notebooks';

describe('the storage constructs write the launcher\'s configuration for their store', () => {
  test('Ceph through AwsEnvConfiguration: endpoint host:port with disableSSL for http, region, path style, this Secret\'s keys', () => {
    // GIVEN
    const chart = testChart('team-c');
    const ceph = new AwsEnvConfiguration(chart, 'Ceph', { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'secret', region: 'us-east-1', s3Endpoint: 'http://rook-ceph-rgw.rook-ceph:8080', s3ForcePathStyle: true });
    // WHEN
    const launcher = ceph.addPipelineLauncherConfig({ pipelineRoot: 's3://ceph-artifacts/v2' });
    // THEN
    const objects = Testing.synth(chart);
    expect(launcherOf(objects)).toMatchObject({ apiVersion: 'v1', metadata: { name: 'kfp-launcher', namespace: 'team-c' }, data: { defaultPipelineRoot: 's3://ceph-artifacts/v2' } });
    expect(providersOf(objects)).toEqual({
      s3: {
        default: {
          endpoint: 'rook-ceph-rgw.rook-ceph:8080',
          region: 'us-east-1',
          disableSSL: true,
          forcePathStyle: true,
          credentials: { fromEnv: false, secretRef: { secretName: 'aws-configuration', accessKeyKey: 'AWS_ACCESS_KEY_ID', secretKeyKey: 'AWS_SECRET_ACCESS_KEY' } },
        },
      },
    });
    expect(launcher).toBeInstanceOf(PipelineLauncherConfig);
    expect(checkManifests(objects)).toEqual([]);
  });

  test('AWS S3 without an endpoint: s3.amazonaws.com', () => {
    const chart = testChart();
    new AwsEnvConfiguration(chart, 'S3', { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'secret', region: 'eu-west-1' }).addPipelineLauncherConfig({ pipelineRoot: 's3://bucket/root' });
    expect(providersOf(Testing.synth(chart)).s3.default).toMatchObject({ endpoint: 's3.amazonaws.com', region: 'eu-west-1' });
  });

  test('the in-cluster MinIO: a minio:// root, and the keys of mlpipeline-minio-artifact', () => {
    const chart = testChart();
    AwsEnvConfiguration.minio(chart, 'Minio').addPipelineLauncherConfig({ pipelineRoot: 'minio://mlpipeline/v2/artifacts' });
    expect(providersOf(Testing.synth(chart)).minio.default).toEqual({
      endpoint: 'minio-service.kubeflow:9000',
      region: 'us-east-1',
      disableSSL: true,
      forcePathStyle: true,
      credentials: { fromEnv: false, secretRef: { secretName: 'mlpipeline-minio-artifact', accessKeyKey: 'accesskey', secretKeyKey: 'secretkey' } },
    });
  });

  test('keyless: fromEnv, with the role\'s region', () => {
    const chart = testChart();
    AwsKeylessCredentials.webIdentity(chart, 'Aws', { roleArn: ROLE, region: 'eu-west-1' }).addPipelineLauncherConfig({ pipelineRoot: 's3://team-a/v2' });
    expect(providersOf(Testing.synth(chart))).toEqual({ s3: { default: { endpoint: 's3.amazonaws.com', region: 'eu-west-1', credentials: { fromEnv: true } } } });
  });

  test('GCS: the gs provider reads the service-account key of user-gcp-sa (tokenKey)', () => {
    const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
    const chart = testChart();
    const key = new GcpServiceAccountKey(chart, 'Gcp', { keyJson: JSON.stringify({ type: 'service_account', project_id: 'p', private_key: privateKey, client_email: 'nb@p.iam.gserviceaccount.com', token_uri: 'https://oauth2.googleapis.com/token' }) });
    key.addPipelineLauncherConfig({ pipelineRoot: 'gs://team-g/v2' });
    const objects = Testing.synth(chart);
    expect(providersOf(objects)).toEqual({ gs: { default: { credentials: { fromEnv: false, secretRef: { secretName: 'user-gcp-sa', tokenKey: 'user-gcp-sa.json' } } } } });
    expect(checkManifests(objects)).toEqual([]);
  });

  test('a root on another store\'s scheme, or one the launcher does not read, is refused', () => {
    const s3 = () => new AwsEnvConfiguration(testChart(), 'S3', { accessKeyId: 'a', secretAccessKey: 'b', region: 'us-east-1' });
    expect(errorOf(() => s3().addPipelineLauncherConfig({ pipelineRoot: 'gs://bucket/x' }))).toMatch(/pipelineRoot "gs:\/\/bucket\/x" is on gs:\/\/, but these credentials are for s3:\/\/ or minio:\/\/.*\[kfp-launcher-root, runtime\]/);
    expect(errorOf(() => s3().addPipelineLauncherConfig({ pipelineRoot: 'bucket/x' }))).toMatch(/defaultPipelineRoot "bucket\/x" is not a pipeline root the launcher reads.*\[kfp-launcher-root, runtime\]/);
    expect(errorOf(() => new AwsEnvConfiguration(testChart(), 'S3', { accessKeyId: 'a', secretAccessKey: 'b' }).addPipelineLauncherConfig({ pipelineRoot: 's3://b/x' })))
      .toMatch(/s3.default has no region.*\[kfp-launcher-provider, runtime\]/);
  });
});

describe('NotebookAccess pipelines', () => {
  const docker = () => DockerConfigurationProvider.fromRegistries([{ server: 'ghcr.io', username: 'u', password: 'p' }]);

  test('every namespace gets kfp-launcher with the storage provider\'s store and Secret', () => {
    const chart = new Chart(Testing.app(), 'platform');
    const access = new NotebookAccess(chart, 'Access', {
      config: new Config({ dockerConfigProvider: docker(), storageConfigProvider: S3ConfigurationProvider.fromEnv({ AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 'b', AWS_REGION: 'eu-west-1', S3_ENDPOINT: 'https://s3.example.com' }) }),
      namespaces: ['team-a', 'team-b'],
      pipelines: { pipelineRoot: 's3://artifacts/v2' },
    });
    const objects = Testing.synth(chart);
    const launchers = objects.filter((o) => o.metadata.name === 'kfp-launcher');
    expect(launchers.map((o) => o.metadata.namespace)).toEqual(['team-a', 'team-b']);
    expect(parse(launchers[0].data.providers).s3.default).toEqual({
      endpoint: 's3.example.com',
      region: 'eu-west-1',
      disableSSL: false,
      credentials: { fromEnv: false, secretRef: { secretName: 'aws-configuration', accessKeyKey: 'AWS_ACCESS_KEY_ID', secretKeyKey: 'AWS_SECRET_ACCESS_KEY' } },
    });
    expect(access.forNamespace('team-b')!.pipelineLauncher).toBeInstanceOf(PipelineLauncherConfig);
    expect(checkManifests(objects)).toEqual([]);
  });

  test('the in-cluster MinIO and keyless providers; a credentials file cannot feed the launcher', () => {
    const minio = new Chart(Testing.app(), 'p');
    new NotebookAccess(minio, 'A', { config: new Config({ dockerConfigProvider: docker(), storageConfigProvider: DefaultMinioConfigurationProvider.default() }), namespaces: ['x'], pipelines: { pipelineRoot: 'minio://mlpipeline/v2' } });
    expect(parse(launcherOf(Testing.synth(minio)).data.providers).minio.default.credentials.secretRef.secretName).toBe('mlpipeline-minio-artifact');
    const keyless = new Chart(Testing.app(), 'p');
    new NotebookAccess(keyless, 'A', { config: new Config({ dockerConfigProvider: docker(), storageConfigProvider: S3ConfigurationProvider.fromWebIdentity({ roleArn: ROLE, region: 'eu-west-1' }) }), namespaces: ['x'], pipelines: { pipelineRoot: 's3://b/v2' } });
    expect(parse(launcherOf(Testing.synth(keyless)).data.providers).s3.default.credentials).toEqual({ fromEnv: true });
    const file = S3ConfigurationProvider.forExternalCredentialsFile([{ name: 'default' }]);
    expect(errorOf(() => new NotebookAccess(new Chart(Testing.app(), 'p'), 'A', { config: new Config({ dockerConfigProvider: docker(), storageConfigProvider: file }), pipelines: { pipelineRoot: 's3://b/v2' } })))
      .toMatch(/pipelines needs the access key and secret key as two keys of a Secret/);
  });
});

describe('any kfp-launcher ConfigMap, as the launcher reads it', () => {
  const launcher = (data: Record<string, string>) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'kfp-launcher', namespace: 'user' }, data });
  const secret = (name: string, keys: string[]) => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: 'user' }, stringData: Object.fromEntries(keys.map((k) => [k, 'v'])) });
  const S3 = 's3:\n  default:\n    endpoint: s3.amazonaws.com\n    region: us-east-1\n    credentials:\n      fromEnv: false\n      secretRef:\n        secretName: s3-secret\n        accessKeyKey: AWS_ACCESS_KEY_ID\n        secretKeyKey: AWS_SECRET_ACCESS_KEY\n';

  test.each([
    ['the KFP docs\' s3 provider with its Secret', { defaultPipelineRoot: 's3://bucket/v2', providers: S3 }, []],
    ['a minio root and no providers (the in-cluster default)', { defaultPipelineRoot: 'minio://mlpipeline/v2/artifacts' }, []],
    ['field names in another case (encoding/json matches them)', { defaultPipelineRoot: 's3://bucket/v2', providers: S3.replace('secretRef', 'SecretRef').replace('region', 'Region') }, []],
    ['a root the launcher does not read', { defaultPipelineRoot: 'https://bucket/v2', providers: S3 }, ['kfp-launcher-root']],
    ['an s3 root without a provider', { defaultPipelineRoot: 's3://bucket/v2' }, ['kfp-launcher-provider']],
    ['a gs root with only an s3 provider', { defaultPipelineRoot: 'gs://bucket/v2', providers: S3 }, ['kfp-launcher-provider']],
    ['no region', { defaultPipelineRoot: 's3://bucket/v2', providers: S3.replace('    region: us-east-1\n', '') }, ['kfp-launcher-provider']],
    ['a misspelt field (dropped in silence, so the key is missing)', { defaultPipelineRoot: 's3://bucket/v2', providers: S3.replace('accessKeyKey', 'accesKeyKey') }, ['kfp-launcher-provider', 'kfp-launcher-provider']],
    ['a string where a boolean is', { defaultPipelineRoot: 's3://bucket/v2', providers: S3.replace('fromEnv: false', 'fromEnv: "no"') }, ['kfp-launcher-provider']],
    ['neither fromEnv nor a secretRef', { defaultPipelineRoot: 's3://bucket/v2', providers: 's3:\n  default:\n    region: us-east-1\n    credentials: {}\n' }, ['kfp-launcher-provider']],
    ['no credentials', { defaultPipelineRoot: 's3://bucket/v2', providers: 's3:\n  default:\n    region: us-east-1\n' }, ['kfp-launcher-provider']],
    ['YAML that does not parse', { defaultPipelineRoot: 's3://bucket/v2', providers: 's3: [\n' }, ['kfp-launcher-provider']],
  ])('%s', (_, data, rules) => {
    expect(checkManifests([launcher(data), secret('s3-secret', ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'])]).map((p) => p.rule)).toEqual(rules);
  });

  test('a Secret key the provider names is missing: secret-key-missing, on the ConfigMap', () => {
    const problems = checkManifests([launcher({ defaultPipelineRoot: 's3://bucket/v2', providers: S3 }), secret('s3-secret', ['accesskey', 'secretkey'])]);
    expect(problems.map((p) => [p.rule, p.object])).toEqual([['secret-key-missing', 'ConfigMap user/kfp-launcher'], ['secret-key-missing', 'ConfigMap user/kfp-launcher']]);
    expect(problems[0].message).toMatch(/providers s3.default.credentials.secretRef.accessKeyKey "AWS_ACCESS_KEY_ID" is not a key of Secret "s3-secret" \(its keys: "accesskey", "secretkey"\)/);
  });

  test('through synth: a plain ApiObject launcher whose Secret lacks the key fails; the launcher\'s structure validates what is written', () => {
    const chart = testChart();
    const s3 = new AwsEnvConfiguration(chart, 'S3', { accessKeyId: 'a', secretAccessKey: 'b', region: 'us-east-1' });
    new ApiObject(chart, 'L', launcher({ defaultPipelineRoot: 's3://bucket/v2', providers: S3.replace('s3-secret', 'aws-configuration').replace('AWS_ACCESS_KEY_ID', 'accesskey') }));
    expect(synthError(chart)).toMatch(/"accesskey" is not a key of Secret "aws-configuration".*\[secret-key-missing, runtime\]/);
    expect(launcherProvidersSchemaErrors(launcher({ providers: S3.replace('accessKeyKey', 'accesKeyKey') }))).toEqual(['providers/s3/default/credentials/secretRef must NOT have additional properties']);
    expect(s3.keys).toContain('AWS_ACCESS_KEY_ID');
  });
});
