import { Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { AwsEnvConfiguration, NotebookPodDefault, S3SignatureVersion } from '../src';
import { describeWithKubectl, kubectlFromEnvFile } from './support/kubectl';
import { expectValidManifests } from './support/schema';
import { expectNoSecrets, objectsOf, secretData } from './support/secrets';
import { errorOf, synthError, testChart } from './support/synth';
import { checkS3Endpoint } from '../src/formats/aws-env';

const KEY_ID = 'AKIADISTINCTIVE00002';
const SECRET = 'distinctiveEnvSecret/0000000000000000000';
const TOKEN = 'distinctiveEnvToken==';

describe('AwsEnvConfiguration: the guide Secret and PodDefault', () => {
  test('writes Secret aws-configuration with the given variables and PodDefault aws-configuration with envFrom', () => {
    // GIVEN
    const chart = testChart('user');
    // WHEN
    const env = new AwsEnvConfiguration(chart, 'Env', {
      accessKeyId: 'AKIAEXAMPLE',
      secretAccessKey: 'secret',
      sessionToken: 'token',
      region: 'us-west-2',
      s3Endpoint: 'https://s3.us-west-2.amazonaws.com',
      s3SignatureVersion: S3SignatureVersion.S3V4,
      s3ForcePathStyle: true,
    });
    env.addPodDefault();
    // THEN
    const manifests = Testing.synth(chart);
    expect(manifests).toMatchSnapshot();
    expectValidManifests(manifests);
    expect(secretData(chart, 'aws-configuration')).toEqual({
      AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'secret',
      AWS_SESSION_TOKEN: 'token',
      AWS_REGION: 'us-west-2',
      AWS_DEFAULT_REGION: 'us-west-2',
      S3_ENDPOINT: 'https://s3.us-west-2.amazonaws.com',
      S3_SIGNATURE_VERSION: 's3v4',
      S3_FORCE_PATH_STYLE: 'true',
    });
    expect(manifests[1].spec).toEqual({
      desc: 'Add AWS Environment variables',
      selector: { matchLabels: { 'aws-configuration': 'true' } },
      envFrom: [{ secretRef: { name: 'aws-configuration' } }],
    });
    expect(env.variables).toEqual(Object.keys(secretData(chart, 'aws-configuration')).sort());
  });

  test('writes only the variables given; AWS_DEFAULT_REGION can be turned off', () => {
    const chart = testChart();
    new AwsEnvConfiguration(chart, 'Env', { accessKeyId: 'a', secretAccessKey: 'b', region: 'eu-west-1', emitDefaultRegion: false, s3ForcePathStyle: false });
    expect(secretData(chart, 'aws-configuration')).toEqual({ AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 'b', AWS_REGION: 'eu-west-1', S3_FORCE_PATH_STYLE: 'false' });
  });

  test('a prefix applies to envFrom and to secretKeyRef variables', () => {
    const chart = testChart();
    AwsEnvConfiguration.minio(chart, 'Minio').addPodDefault({ prefix: 'KF_' });
    const spec = objectsOf(chart).get('PodDefault/aws-configuration').spec;
    expect(spec.envFrom).toEqual([{ prefix: 'KF_', secretRef: { name: 'aws-configuration' } }]);
    expect(spec.env.map((e: any) => e.name)).toEqual(['KF_AWS_ACCESS_KEY_ID', 'KF_AWS_SECRET_ACCESS_KEY']);
  });
});

describe('AwsEnvConfiguration: values', () => {
  const reject = (props: any) => errorOf(() => new AwsEnvConfiguration(testChart(), 'Env', props));
  test('a trailing newline (echo without -n) is rejected with the hint, naming Secret and key, not the value', () => {
    const message = reject({ accessKeyId: KEY_ID, secretAccessKey: `${SECRET}\n` });
    expect(message).toBe('[user/Env] Secret "aws-configuration" key AWS_SECRET_ACCESS_KEY ends with a newline (encode with echo -n, or strip the newline: nothing downstream removes it) [credential-value, runtime]');
  });
  test.each([
    [{ accessKeyId: `${KEY_ID} `, secretAccessKey: SECRET }, /AWS_ACCESS_KEY_ID contains whitespace/],
    [{ accessKeyId: KEY_ID, secretAccessKey: SECRET, sessionToken: `${TOKEN}\u0000` }, /AWS_SESSION_TOKEN contains a control character/],
    [{ accessKeyId: KEY_ID }, /AWS_SECRET_ACCESS_KEY is missing/],
    [{ secretAccessKey: SECRET }, /AWS_ACCESS_KEY_ID is missing/],
    [{ accessKeyId: KEY_ID, secretAccessKey: SECRET, region: 'US East' }, /AWS_REGION "US East" is not a region name/],
    [{ accessKeyId: KEY_ID, secretAccessKey: SECRET, s3SignatureVersion: 'v2' }, /S3_SIGNATURE_VERSION "v2" is not a signature version/],
    [{ accessKeyId: KEY_ID, secretAccessKey: SECRET, s3ForcePathStyle: 'yes' }, /S3_FORCE_PATH_STYLE is not a boolean/],
    [{ accessKeyId: KEY_ID, secretAccessKey: SECRET, s3Endpoint: 'minio:9000/path' }, /S3_ENDPOINT "minio:9000\/path" is neither a URL nor host:port/],
  ])('rejects %j without printing credentials', (props, message) => {
    const text = reject(props);
    expect(text).toMatch(message);
    expectNoSecrets(text, [KEY_ID, SECRET, TOKEN]);
  });
  test('collects every problem', () => {
    expect(reject({ accessKeyId: `${KEY_ID}\n`, secretAccessKey: `${SECRET}\n`, region: 'X' }).split('\n')).toHaveLength(3);
  });

  test.each([
    'http://minio-service.kubeflow:9000', 'https://s3.example.com', 'https://s3.example.com/', 'minio-service.kubeflow:9000', 'localhost:1',
  ])('accepts the endpoint %j', (endpoint) => {
    expect(checkS3Endpoint('S3_ENDPOINT', endpoint)).toBeUndefined();
  });
  test.each([
    ['', /is empty/],
    ['ftp://x', /has scheme "ftp"/],
    ['https://s3.example.com/bucket', /has a path, query or fragment/],
    ['http://user:pw@minio:9000', /contains "@"/],
    ['minio', /neither a URL nor host:port/],
    ['minio:99999', /neither a URL nor host:port/],
    ['http://[bad', /is not a URL/],
    ['minio :9000', /whitespace/],
  ])('rejects the endpoint %j', (endpoint, message) => {
    expect(checkS3Endpoint('S3_ENDPOINT', endpoint)).toMatch(message);
  });
  test('never quotes an endpoint that carries credentials', () => {
    expect(checkS3Endpoint('S3_ENDPOINT', `http://${KEY_ID}:${SECRET}@minio:9000`)).not.toContain(SECRET);
  });
  test('host:port with S3_USE_HTTPS', () => {
    const chart = testChart();
    new AwsEnvConfiguration(chart, 'Env', { accessKeyId: 'a', secretAccessKey: 'b', s3Endpoint: 'minio:9000', s3UseHttps: false });
    expect(secretData(chart, 'aws-configuration')).toMatchObject({ S3_ENDPOINT: 'minio:9000', S3_USE_HTTPS: '0' });
  });
});

describe('AwsEnvConfiguration.fromEnv', () => {
  test('reads the documented variables from a given map', () => {
    const chart = testChart();
    AwsEnvConfiguration.fromEnv(chart, 'Env', {
      env: {
        AWS_ACCESS_KEY_ID: 'a',
        AWS_SECRET_ACCESS_KEY: 'b',
        AWS_SESSION_TOKEN: 't',
        AWS_REGION: 'eu-central-1',
        S3_ENDPOINT: 'https://s3.example.com',
        S3_SIGNATURE_VERSION: 's3',
        S3_FORCE_PATH_STYLE: 'true',
        S3_USE_HTTPS: '1',
        UNRELATED: 'x',
      },
    });
    expect(secretData(chart, 'aws-configuration')).toEqual({
      AWS_ACCESS_KEY_ID: 'a',
      AWS_SECRET_ACCESS_KEY: 'b',
      AWS_SESSION_TOKEN: 't',
      AWS_REGION: 'eu-central-1',
      AWS_DEFAULT_REGION: 'eu-central-1',
      S3_ENDPOINT: 'https://s3.example.com',
      S3_SIGNATURE_VERSION: 's3',
      S3_FORCE_PATH_STYLE: 'true',
      S3_USE_HTTPS: '1',
    });
  });
  test('reads process.env by default', () => {
    const saved = { ...process.env };
    try {
      // The host's own AWS_* and S3_* variables (a CA bundle, a profile) are not part of this test.
      Object.keys(process.env).filter((k) => /^(AWS|S3)_/.test(k)).forEach((k) => delete process.env[k]);
      process.env.AWS_ACCESS_KEY_ID = 'from-process';
      process.env.AWS_SECRET_ACCESS_KEY = 'b';
      delete process.env.AWS_REGION;
      process.env.AWS_DEFAULT_REGION = 'ap-south-1';
      const chart = testChart();
      AwsEnvConfiguration.fromEnv(chart, 'Env');
      expect(secretData(chart, 'aws-configuration')).toMatchObject({ AWS_ACCESS_KEY_ID: 'from-process', AWS_REGION: 'ap-south-1' });
    } finally {
      process.env = saved;
    }
  });
  test('names missing and malformed variables', () => {
    expect(errorOf(() => AwsEnvConfiguration.fromEnv(testChart(), 'Env', { env: {} })))
      .toBe('[user/Env] environment variables AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set (both are required) [aws-env-keys, runtime]');
    expect(errorOf(() => AwsEnvConfiguration.fromEnv(testChart(), 'Env', { env: { AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 'b', S3_FORCE_PATH_STYLE: 'yes' } })))
      .toMatch(/environment variable S3_FORCE_PATH_STYLE is "yes"; it must be "true" or "false"/);
  });
  test('rejects a value with a trailing newline, without printing it', () => {
    const message = errorOf(() => AwsEnvConfiguration.fromEnv(testChart(), 'Env', { env: { AWS_ACCESS_KEY_ID: KEY_ID, AWS_SECRET_ACCESS_KEY: `${SECRET}\n` } }));
    expect(message).toMatch(/AWS_SECRET_ACCESS_KEY ends with a newline/);
    expectNoSecrets(message, [KEY_ID, SECRET]);
  });
});

describe('AwsEnvConfiguration.fromEnv: no variable a consumer reads is dropped', () => {
  const CREDS = { AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 'b' };
  test('carries the endpoint variables, S3_VERIFY_SSL and equal regions', () => {
    const chart = testChart();
    AwsEnvConfiguration.fromEnv(chart, 'Env', {
      env: { ...CREDS, AWS_ENDPOINT_URL: 'http://minio-service.kubeflow:9000', AWS_ENDPOINT_URL_S3: 'http://minio-service.kubeflow:9000', S3_VERIFY_SSL: '0', AWS_REGION: 'eu-west-1', AWS_DEFAULT_REGION: 'eu-west-1' },
    });
    expect(secretData(chart, 'aws-configuration')).toMatchObject({
      AWS_ENDPOINT_URL: 'http://minio-service.kubeflow:9000',
      AWS_ENDPOINT_URL_S3: 'http://minio-service.kubeflow:9000',
      S3_VERIFY_SSL: '0',
      AWS_REGION: 'eu-west-1',
      AWS_DEFAULT_REGION: 'eu-west-1',
    });
  });
  test.each([
    [{ AWS_REGION: 'eu-west-1', AWS_DEFAULT_REGION: 'us-east-1' }, /AWS_REGION \("eu-west-1"\) and AWS_DEFAULT_REGION \("us-east-1"\) differ: the AWS JS SDK reads the first, botocore the second/],
    [{ AWS_SECURITY_TOKEN: 'tok' }, /environment variable AWS_SECURITY_TOKEN is set: botocore reads it before AWS_SESSION_TOKEN/],
    [{ AWS_CA_BUNDLE: '/etc/ssl/ca.pem' }, /environment variable AWS_CA_BUNDLE is set: it names a CA bundle file on the machine that runs synth.*CaBundle.*\[aws-env-machine, runtime\]/],
    [{ S3_USE_VIRTUAL_ADDRESSING: '1', AWS_MAX_ATTEMPTS: '3' }, /environment variables AWS_MAX_ATTEMPTS, S3_USE_VIRTUAL_ADDRESSING are read by the S3 clients but not carried/],
    [{ AWS_ENDPOINT_URL: 'minio-service.kubeflow:9000' }, /environment variable AWS_ENDPOINT_URL "minio-service.kubeflow:9000" has no http:\/\/ or https:\/\//],
    [{ S3_VERIFY_SSL: 'maybe' }, /environment variable S3_VERIFY_SSL is "maybe"/],
  ])('refuses %j, naming the variable', (extra, message) => {
    expect(errorOf(() => AwsEnvConfiguration.fromEnv(testChart(), 'Env', { env: { ...CREDS, ...extra } }))).toMatch(message);
  });
  test('accepts AWS_SECURITY_TOKEN equal to AWS_SESSION_TOKEN (both consumers get the same token)', () => {
    expect(() => AwsEnvConfiguration.fromEnv(testChart(), 'Env', { env: { ...CREDS, AWS_SESSION_TOKEN: 't', AWS_SECURITY_TOKEN: 't' } })).not.toThrow();
  });
  test('messages name the environment variable read, not the Secret key', () => {
    expect(errorOf(() => AwsEnvConfiguration.fromEnv(testChart(), 'Env', { env: { ...CREDS, AWS_REGION: 'EU' } }))).toMatch(/^\[user\/Env\] environment variable AWS_REGION "EU" is not a region name/);
  });
  test('endpointUrl and s3EndpointUrl are typed props', () => {
    const chart = testChart();
    new AwsEnvConfiguration(chart, 'Env', { accessKeyId: 'a', secretAccessKey: 'b', endpointUrl: 'https://s3.example.com', s3EndpointUrl: 'https://s3.example.com:9000' });
    expect(secretData(chart, 'aws-configuration')).toMatchObject({ AWS_ENDPOINT_URL: 'https://s3.example.com', AWS_ENDPOINT_URL_S3: 'https://s3.example.com:9000' });
    expect(errorOf(() => new AwsEnvConfiguration(testChart(), 'E', { accessKeyId: 'a', secretAccessKey: 'b', endpointUrl: 'ftp://x' }))).toMatch(/AWS_ENDPOINT_URL "ftp:\/\/x" has scheme "ftp"/);
  });
});

describe('AwsEnvConfiguration.minio', () => {
  test('writes no credential: settings in the Secret, keys from mlpipeline-minio-artifact', () => {
    // GIVEN
    const chart = testChart('user');
    // WHEN
    const minio = AwsEnvConfiguration.minio(chart, 'Minio');
    minio.addPodDefault();
    // THEN
    const manifests = Testing.synth(chart);
    expect(manifests).toMatchSnapshot();
    expectValidManifests(manifests);
    expect(secretData(chart, 'aws-configuration')).toEqual({
      AWS_REGION: 'us-east-1', AWS_DEFAULT_REGION: 'us-east-1', S3_ENDPOINT: 'http://minio-service.kubeflow:9000', S3_SIGNATURE_VERSION: 's3v4', S3_FORCE_PATH_STYLE: 'true',
    });
    expect(manifests[1].spec.env).toEqual([
      { name: 'AWS_ACCESS_KEY_ID', valueFrom: { secretKeyRef: { name: 'mlpipeline-minio-artifact', key: 'accesskey' } } },
      { name: 'AWS_SECRET_ACCESS_KEY', valueFrom: { secretKeyRef: { name: 'mlpipeline-minio-artifact', key: 'secretkey' } } },
    ]);
    expect(manifests[1].spec.envFrom).toEqual([{ secretRef: { name: 'aws-configuration' } }]);
  });
  test('every value is overridable, and explicit credentials are written', () => {
    const chart = testChart();
    AwsEnvConfiguration.minio(chart, 'Minio', {
      name: 'minio',
      s3Endpoint: 'http://minio.storage:9000',
      region: 'eu-west-1',
      s3ForcePathStyle: false,
      s3SignatureVersion: S3SignatureVersion.S3,
      accessKeyId: 'minio',
      secretAccessKey: 'minio123',
    }).addPodDefault({ name: 'minio', desc: 'MinIO' });
    expect(secretData(chart, 'minio')).toEqual({
      AWS_ACCESS_KEY_ID: 'minio',
      AWS_SECRET_ACCESS_KEY: 'minio123',
      AWS_REGION: 'eu-west-1',
      AWS_DEFAULT_REGION: 'eu-west-1',
      S3_ENDPOINT: 'http://minio.storage:9000',
      S3_SIGNATURE_VERSION: 's3',
      S3_FORCE_PATH_STYLE: 'false',
    });
    expect(objectsOf(chart).get('PodDefault/minio').spec.env).toBeUndefined();
  });
  test('credentials from another Secret (an ISecret)', () => {
    const chart = testChart();
    const secret = kplus.Secret.fromSecretName(chart, 'S', 'minio-creds');
    AwsEnvConfiguration.minio(chart, 'Minio', { credentialsFromSecret: { secretName: secret, accessKeyIdKey: 'user', secretAccessKeyKey: 'pass' } }).addPodDefault();
    expect(objectsOf(chart).get('PodDefault/aws-configuration').spec.env[1]).toEqual({ name: 'AWS_SECRET_ACCESS_KEY', valueFrom: { secretKeyRef: { name: 'minio-creds', key: 'pass' } } });
  });
  test('rejects credentials and credentialsFromSecret together', () => {
    expect(errorOf(() => new AwsEnvConfiguration(testChart(), 'E', {
      accessKeyId: 'a', secretAccessKey: 'b', credentialsFromSecret: { secretName: 's', accessKeyIdKey: 'a', secretAccessKeyKey: 'b' },
    }))).toMatch(/cannot be given together with credentialsFromSecret/);
  });
  test('rejects invalid credential keys', () => {
    expect(errorOf(() => AwsEnvConfiguration.minio(testChart(), 'M', { credentialsFromSecret: { secretName: 's', accessKeyIdKey: 'a b', secretAccessKeyKey: 'b' } })))
      .toMatch(/credentialsFromSecret.accessKeyIdKey "a b" is not a valid Secret data key/);
  });
});

describe('AwsEnvConfiguration.fromExistingSecret', () => {
  test('writes only the PodDefault, and its declared keys take part in the conflict checks', () => {
    const chart = testChart();
    AwsEnvConfiguration.fromExistingSecret(chart, 'Env', 'external-s3', { keys: ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'S3_ENDPOINT'] }).addPodDefault();
    expect(Testing.synth(chart).map((m) => m.kind)).toEqual(['PodDefault']);
    new NotebookPodDefault(chart, 'Endpoint', { desc: 'x' }).addEnv('S3_ENDPOINT', kplus.EnvValue.fromValue('http://x:9000'));
    expect(synthError(chart)).toMatch(/\[user\/Endpoint\] env "S3_ENDPOINT" is also provided by envFrom Secret "external-s3" of \[user\/Env\/PodDefault\]/);
  });
  test('rejects declared keys that are not Secret data keys, and an invalid name', () => {
    expect(errorOf(() => AwsEnvConfiguration.fromExistingSecret(testChart(), 'Env', 's3', { keys: ['S3 ENDPOINT'] }))).toMatch(/^\[user\/Env\] keys\[0\] "S3 ENDPOINT" is not a valid Secret data key/);
    expect(errorOf(() => AwsEnvConfiguration.fromExistingSecret(testChart(), 'Env', 'S3'))).toMatch(/Secret name "S3" is not a DNS-1123 subdomain/);
  });
  test('an existing Secret without declared keys takes no part in the key checks', () => {
    const chart = testChart();
    const env = AwsEnvConfiguration.fromExistingSecret(chart, 'Env', kplus.Secret.fromSecretName(chart, 'S3', 'external-s3'));
    env.addPodDefault();
    new NotebookPodDefault(chart, 'Endpoint', { desc: 'x' }).addEnv('S3_ENDPOINT', kplus.EnvValue.fromValue('http://x:9000'));
    expect(env.keys).toEqual([]);
    expect(env.writesSecret).toBe(false);
    expect(Testing.synth(chart)).toHaveLength(2);
  });
});

describe('AwsEnvConfiguration in a namespace', () => {
  test('two env configurations whose variables overlap cannot both be offered', () => {
    const chart = testChart();
    new AwsEnvConfiguration(chart, 'One', { name: 'one', accessKeyId: 'a', secretAccessKey: 'b' }).addPodDefault({ name: 'one' });
    new AwsEnvConfiguration(chart, 'Two', { name: 'two', accessKeyId: 'c', secretAccessKey: 'd' }).addPodDefault({ name: 'two' });
    expect(synthError(chart)).toMatch(/\[user\/Two\/PodDefault\] envFrom Secret "two" provides "AWS_ACCESS_KEY_ID", which envFrom Secret "one" of \[user\/One\/PodDefault\] also provides/);
  });
});

describeWithKubectl('AwsEnvConfiguration: Secret data equals kubectl create secret generic --from-env-file', () => {
  test('for every variable, with non-ASCII and "=" in values', () => {
    const chart = testChart();
    new AwsEnvConfiguration(chart, 'Env', {
      accessKeyId: 'AKIA=ü',
      secretAccessKey: 'a+b/c==',
      sessionToken: '#not-a-comment',
      region: 'us-east-1',
      s3Endpoint: 'http://minio-service.kubeflow:9000',
      s3SignatureVersion: S3SignatureVersion.S3V4,
      s3ForcePathStyle: true,
      s3UseHttps: true,
    });
    const secret = Testing.synth(chart)[0];
    const variables = Object.entries(secretData(chart, 'aws-configuration'));
    expect(kubectlFromEnvFile(variables)).toEqual(secret.data);
  });
});
