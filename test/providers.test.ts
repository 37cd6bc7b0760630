import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';
import { inspect } from 'util';
import { Testing } from 'cdk8s';
import {
  AwsEnvConfiguration, AwsFileCredentials, Config, DefaultMinioConfigurationProvider, DockerConfigurationProvider, DockerCredentials,
  S3ConfigurationProvider, S3SignatureVersion, StorageConfigurationKind,
} from '../src';
import { tempDir } from './support/kubectl';
import { expectNoSecrets, secretData } from './support/secrets';
import { errorOf, testChart } from './support/synth';

const PASSWORD = 'provider-password-distinctive';
const KEY_ID = 'AKIAPROVIDERDISTINCT';
const SECRET = 'providerSecretDistinctive/000000000000000';
const TOKEN = 'providerTokenDistinctive==';
const auth = (user: string, password: string) => Buffer.from(`${user}:${password}`).toString('base64');
const dir = tempDir();
let fileIndex = 0;
function write(content: string | Buffer): string {
  const file = path.join(dir, `file-${fileIndex++}`);
  fs.writeFileSync(file, content);
  return file;
}
const dockerFile = (password = PASSWORD) => write(JSON.stringify({ auths: { 'ghcr.io': { auth: auth('provider-user', password) } } }));
const credentialsFile = (...lines: string[]) => write(lines.join('\n') + '\n');

/** Every way a provider can be printed must leave its credentials out. */
function expectRedacted(value: object, secrets: string[]): void {
  for (const printed of [String(value), `${value}`, JSON.stringify(value), inspect(value), inspect(value, { showHidden: true, depth: 10 }), inspect({ nested: [value] })]) {
    expectNoSecrets(printed, secrets);
  }
}

describe('DockerConfigurationProvider', () => {
  test('default() reads /home/kubeflow/.docker/config.json when first used, and fails clearly when it is absent', () => {
    expect(DockerConfigurationProvider.DEFAULT_PATH).toBe('/home/kubeflow/.docker/config.json');
    if (!fs.existsSync(DockerConfigurationProvider.DEFAULT_PATH)) {
      const provider = DockerConfigurationProvider.default();
      expect(String(provider)).toMatch(/registries: not read yet/);
      expect(errorOf(() => provider.registries))
        .toBe('[DockerConfigurationProvider.default()] Docker config file "/home/kubeflow/.docker/config.json" does not exist [file-unreadable, runtime]');
      expect(errorOf(() => provider.configJson())).toMatch(/does not exist/);
    } else {
      expect(DockerConfigurationProvider.default().source).toBe(DockerConfigurationProvider.DEFAULT_PATH);
    }
  });

  test('fromFile() loads and checks a real file, exposing the registries', () => {
    const file = dockerFile();
    const provider = DockerConfigurationProvider.fromFile(file);
    expect(provider.source).toBe(file);
    expect(provider.registries).toEqual(['ghcr.io']);
    expect(provider.configJson()).toBe(fs.readFileSync(file, 'utf8'));
  });

  test('fromRegistries() builds config.json', () => {
    const provider = DockerConfigurationProvider.fromRegistries([{ server: 'docker.io', username: 'u', password: PASSWORD }]);
    expect(provider.registries).toEqual(['https://index.docker.io/v1/']);
    expect(provider.source).toBe('registries');
    expect(errorOf(() => DockerConfigurationProvider.fromRegistries([{ server: 'docker.io', username: '', password: PASSWORD }])))
      .toMatch(/^\[DockerConfigurationProvider.fromRegistries\(\)\] registries\[0\]\.username is empty/);
  });

  test.each([
    ['missing', () => path.join(dir, 'missing'), /does not exist/],
    ['a directory', () => dir, /is a directory/],
    ['empty', () => write(''), /is empty/],
    ['not UTF-8', () => write(Buffer.from([0x7b, 0xff, 0x7d])), /is not valid UTF-8 text/],
    ['with a BOM', () => write(`\ufeff${fs.readFileSync(dockerFile(), 'utf8')}`), /byte-order mark/],
    ['broken', () => write('{"auths": {'), /is not valid JSON/],
  ])('fromFile() with a file that is %s fails clearly', (_what, file, message) => {
    expect(errorOf(() => DockerConfigurationProvider.fromFile(file()))).toMatch(new RegExp(`^\\[DockerConfigurationProvider.fromFile\\(\\)\\] .*${message.source}`));
  });

  test('fromFile() with a socket (not a regular file) fails clearly, before any read', async () => {
    const socket = path.join(dir, 'docker.sock');
    const server = net.createServer().listen(socket);
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      expect(errorOf(() => DockerConfigurationProvider.fromFile(socket))).toMatch(/^\[DockerConfigurationProvider.fromFile\(\)\] Docker config file ".*docker.sock" is not a regular file \(a device, a FIFO or a socket\) \[file-unreadable, runtime\]$/);
      expect(errorOf(() => S3ConfigurationProvider.fromFile(socket))).toMatch(/AWS credentials file ".*docker.sock" is not a regular file \(a device, a FIFO or a socket\) \[file-unreadable, runtime\]$/);
    } finally {
      server.close();
    }
  });

  test('fromFile() accepts CRLF line ends', () => {
    const file = write(`{\r\n"auths": {"ghcr.io": {"auth": "${auth('u', 'p')}"}}\r\n}\r\n`);
    expect(DockerConfigurationProvider.fromFile(file).registries).toEqual(['ghcr.io']);
  });

  test('never prints credentials', () => {
    const provider = DockerConfigurationProvider.fromFile(dockerFile());
    expectRedacted(provider, [PASSWORD, 'provider-user', auth('provider-user', PASSWORD)]);
    expect(String(provider)).toMatch(/^DockerConfigurationProvider\(source: ".*", registries: \["ghcr.io"\], auths: <redacted>\)$/);
    expect(JSON.parse(JSON.stringify(provider))).toEqual({ kind: 'DockerConfigurationProvider', source: expect.any(String), registries: ['ghcr.io'], auths: '<redacted>' });
  });

  test('errors never contain credentials', () => {
    const message = errorOf(() => DockerConfigurationProvider.fromFile(write(JSON.stringify({ auths: { 'ghcr.io': { auth: auth('provider-user', `${PASSWORD}\n`) } } }))));
    expect(message).toMatch(/ends with a newline/);
    expectNoSecrets(message, [PASSWORD, 'provider-user']);
  });
});

describe('S3ConfigurationProvider', () => {
  test('default() loads /home/kubeflow/.aws/credentials and fails clearly when it is absent', () => {
    expect(S3ConfigurationProvider.DEFAULT_PATH).toBe('/home/kubeflow/.aws/credentials');
    if (!fs.existsSync(S3ConfigurationProvider.DEFAULT_PATH)) {
      expect(errorOf(() => S3ConfigurationProvider.default()))
        .toBe('[S3ConfigurationProvider.default()] AWS credentials file "/home/kubeflow/.aws/credentials" does not exist [file-unreadable, runtime]');
    }
  });

  test('fromFile() selects the default profile, or the one asked for', () => {
    const file = credentialsFile('[default]', `aws_access_key_id = ${KEY_ID}`, `aws_secret_access_key = ${SECRET}`,
      '[prod]', 'aws_access_key_id = PRODKEY', 'aws_secret_access_key = PRODSECRET', `aws_session_token = ${TOKEN}`, 'region = eu-west-1');
    const first = S3ConfigurationProvider.fromFile(file);
    expect(first.kind).toBe(StorageConfigurationKind.CREDENTIALS_FILE);
    expect([first.profile, first.accessKeyId, first.secretAccessKey, first.sessionToken, first.region]).toEqual(['default', KEY_ID, SECRET, undefined, undefined]);
    expect(first.profiles).toEqual(['default', 'prod']);
    expect(first.credentialsFile()).toBe(fs.readFileSync(file, 'utf8'));
    const prod = S3ConfigurationProvider.fromFile(file, 'prod');
    expect([prod.profile, prod.accessKeyId, prod.sessionToken, prod.region]).toEqual(['prod', 'PRODKEY', TOKEN, 'eu-west-1']);
    expect(errorOf(() => S3ConfigurationProvider.fromFile(file, 'dev'))).toMatch(/has no profile "dev" \(it has "default", "prod"\)/);
  });

  test.each([
    ['missing', () => path.join(dir, 'none'), /does not exist/],
    ['empty', () => write(''), /is empty/],
    ['not UTF-8', () => write(Buffer.from([0x5b, 0xc3, 0x28, 0x5d])), /is not valid UTF-8 text/],
    ['with a BOM', () => write('\ufeff[default]\naws_access_key_id = a\naws_secret_access_key = b\n'), /byte-order mark/],
    ['with a duplicate section', () => credentialsFile('[default]', 'aws_access_key_id = a', 'aws_secret_access_key = b', '[default]'), /refuses section \[default\] twice/],
  ])('fromFile() with a file that is %s fails clearly', (_what, file, message) => {
    expect(errorOf(() => S3ConfigurationProvider.fromFile(file()))).toMatch(message);
  });

  test('fromFile() accepts CRLF line ends', () => {
    const provider = S3ConfigurationProvider.fromFile(write('[default]\r\naws_access_key_id = a\r\naws_secret_access_key = b\r\n'));
    expect([provider.accessKeyId, provider.secretAccessKey]).toEqual(['a', 'b']);
  });

  test('fromEnv() reads a given map', () => {
    const provider = S3ConfigurationProvider.fromEnv({
      AWS_ACCESS_KEY_ID: KEY_ID,
      AWS_SECRET_ACCESS_KEY: SECRET,
      AWS_SESSION_TOKEN: TOKEN,
      AWS_REGION: 'us-east-2',
      S3_ENDPOINT: 'https://s3.example.com',
      S3_SIGNATURE_VERSION: 's3v4',
      S3_FORCE_PATH_STYLE: 'true',
    });
    expect(provider.kind).toBe(StorageConfigurationKind.ENVIRONMENT);
    expect([provider.accessKeyId, provider.secretAccessKey, provider.sessionToken]).toEqual([KEY_ID, SECRET, TOKEN]);
    expect([provider.region, provider.s3Endpoint, provider.s3SignatureVersion, provider.s3ForcePathStyle]).toEqual(['us-east-2', 'https://s3.example.com', S3SignatureVersion.S3V4, true]);
    expect(provider.credentialsFromSecret).toBeUndefined();
  });

  test('fromEnv() reads process.env by default', () => {
    const saved = { ...process.env };
    try {
      // The host's own AWS_* and S3_* variables (a CA bundle, a profile) are not part of this test.
      Object.keys(process.env).filter((k) => /^(AWS|S3)_/.test(k)).forEach((k) => delete process.env[k]);
      Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'process-key', AWS_SECRET_ACCESS_KEY: 'process-secret' });
      expect(S3ConfigurationProvider.fromEnv().accessKeyId).toBe('process-key');
    } finally {
      process.env = saved;
    }
  });

  test('fromEnv() names missing or bad variables, never values', () => {
    expect(errorOf(() => S3ConfigurationProvider.fromEnv({}))).toMatch(/^\[S3ConfigurationProvider.fromEnv\(\)\] environment variables AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set/);
    const message = errorOf(() => S3ConfigurationProvider.fromEnv({ AWS_ACCESS_KEY_ID: KEY_ID, AWS_SECRET_ACCESS_KEY: `${SECRET}\n`, AWS_REGION: 'Nowhere' }));
    expect(message).toMatch(/variable AWS_SECRET_ACCESS_KEY ends with a newline/);
    expect(message).toMatch(/variable AWS_REGION "Nowhere" is not a region name/);
    expectNoSecrets(message, [KEY_ID, SECRET]);
  });

  test('never prints credentials', () => {
    const fromEnv = S3ConfigurationProvider.fromEnv({ AWS_ACCESS_KEY_ID: KEY_ID, AWS_SECRET_ACCESS_KEY: SECRET, AWS_SESSION_TOKEN: TOKEN, AWS_REGION: 'us-east-1' });
    const fromFile = S3ConfigurationProvider.fromFile(credentialsFile('[default]', `aws_access_key_id = ${KEY_ID}`, `aws_secret_access_key = ${SECRET}`, `aws_session_token = ${TOKEN}`));
    for (const provider of [fromEnv, fromFile]) {
      expectRedacted(provider, [KEY_ID, SECRET, TOKEN]);
      expect(String(provider)).toMatch(/credentials: "<redacted>"/);
    }
    expect(String(fromEnv)).toBe('S3ConfigurationProvider(source: "environment", type: "environment", region: "us-east-1", credentials: "<redacted>")');
  });
});

describe('DefaultMinioConfigurationProvider', () => {
  test('default() is the in-cluster MinIO, holding no credential', () => {
    const minio = DefaultMinioConfigurationProvider.default();
    expect(minio).toBeInstanceOf(DefaultMinioConfigurationProvider);
    expect(minio).toBeInstanceOf(S3ConfigurationProvider);
    expect(minio.kind).toBe(StorageConfigurationKind.MINIO);
    expect([minio.s3Endpoint, minio.region, minio.s3SignatureVersion, minio.s3ForcePathStyle]).toEqual(['http://minio-service.kubeflow:9000', 'us-east-1', 's3v4', true]);
    expect(minio.accessKeyId).toBeUndefined();
    expect(minio.credentialsFromSecret).toEqual({ secretName: 'mlpipeline-minio-artifact', accessKeyIdKey: 'accesskey', secretAccessKeyKey: 'secretkey' });
    expect(String(minio)).toMatch(/^DefaultMinioConfigurationProvider\(source: "minio".*credentialsFromSecret/);
  });

  test('fromEnv() overrides the defaults with the variables that are set', () => {
    const minio = DefaultMinioConfigurationProvider.fromEnv({ S3_ENDPOINT: 'http://minio.storage:9000' });
    expect(minio).toBeInstanceOf(DefaultMinioConfigurationProvider);
    expect([minio.s3Endpoint, minio.region, minio.credentialsFromSecret?.secretName]).toEqual(['http://minio.storage:9000', 'us-east-1', 'mlpipeline-minio-artifact']);
    const withKeys = DefaultMinioConfigurationProvider.fromEnv({ AWS_ACCESS_KEY_ID: 'minio', AWS_SECRET_ACCESS_KEY: 'minio123' });
    expect([withKeys.accessKeyId, withKeys.credentialsFromSecret]).toEqual(['minio', undefined]);
    expect(errorOf(() => DefaultMinioConfigurationProvider.fromEnv({ AWS_ACCESS_KEY_ID: 'minio' }))).toMatch(/AWS_SECRET_ACCESS_KEY is not set/);
  });

  test('fromFile() takes the credentials of a profile and keeps the MinIO settings', () => {
    const minio = DefaultMinioConfigurationProvider.fromFile(credentialsFile('[default]', 'aws_access_key_id = minio', 'aws_secret_access_key = minio123'));
    expect(minio).toBeInstanceOf(DefaultMinioConfigurationProvider);
    expect([minio.kind, minio.s3Endpoint, minio.accessKeyId, minio.credentialsFromSecret]).toEqual([StorageConfigurationKind.MINIO, 'http://minio-service.kubeflow:9000', 'minio', undefined]);
  });
});

describe('Config', () => {
  test('default() is the Docker default plus the MinIO default, read when used', () => {
    const config = Config.default();
    expect(config.dockerConfigProvider.source).toBe(DockerConfigurationProvider.DEFAULT_PATH);
    expect(config.storageConfigProvider).toBeInstanceOf(DefaultMinioConfigurationProvider);
    if (!fs.existsSync(DockerConfigurationProvider.DEFAULT_PATH)) {
      expect(errorOf(() => config.dockerConfigProvider.registries)).toMatch(/\/home\/kubeflow\/.docker\/config.json" does not exist/);
    }
  });
  test('a Docker provider is mandatory', () => {
    expect(errorOf(() => new Config({} as any))).toMatch(/^\[Config\] dockerConfigProvider is required/);
    expect(errorOf(() => new Config({ dockerConfigProvider: 'x' as any }))).toMatch(/dockerConfigProvider is required/);
  });
  test('the storage provider defaults to the in-cluster MinIO', () => {
    const config = new Config({ dockerConfigProvider: DockerConfigurationProvider.fromFile(dockerFile()) });
    expect(config.storageConfigProvider).toBeInstanceOf(DefaultMinioConfigurationProvider);
  });
  test('never prints credentials', () => {
    const config = new Config({
      dockerConfigProvider: DockerConfigurationProvider.fromFile(dockerFile()),
      storageConfigProvider: S3ConfigurationProvider.fromEnv({ AWS_ACCESS_KEY_ID: KEY_ID, AWS_SECRET_ACCESS_KEY: SECRET }),
    });
    expectRedacted(config, [PASSWORD, KEY_ID, SECRET]);
    expect(String(config)).toMatch(/^Config\(docker: DockerConfigurationProvider\(.*\), storage: S3ConfigurationProvider\(.*\)\)$/);
  });
});

describe('constructs from providers', () => {
  test('DockerCredentials.fromProvider writes the provider config.json byte for byte', () => {
    const file = dockerFile();
    const chart = testChart();
    DockerCredentials.fromProvider(chart, 'Docker', DockerConfigurationProvider.fromFile(file)).addPodDefault();
    expect(secretData(chart, 'docker-secret')['config.json']).toBe(fs.readFileSync(file, 'utf8'));
  });

  test('AwsFileCredentials.fromProvider writes the file of a file provider, or a [default] profile from an env provider', () => {
    const file = credentialsFile('[default]', 'aws_access_key_id = a', 'aws_secret_access_key = b', '[x]', 'aws_access_key_id = c', 'aws_secret_access_key = d');
    const chart = testChart();
    AwsFileCredentials.fromProvider(chart, 'File', S3ConfigurationProvider.fromFile(file), { name: 'from-file' });
    AwsFileCredentials.fromProvider(chart, 'Env', S3ConfigurationProvider.fromEnv({ AWS_ACCESS_KEY_ID: 'e', AWS_SECRET_ACCESS_KEY: 'f', AWS_SESSION_TOKEN: 'g' }), { name: 'from-env' });
    expect(secretData(chart, 'from-file').credentials).toBe(fs.readFileSync(file, 'utf8'));
    expect(secretData(chart, 'from-env').credentials).toBe('[default]\naws_access_key_id = e\naws_secret_access_key = f\naws_session_token = g\n');
  });

  test('AwsFileCredentials.fromProvider refuses a MinIO provider without credentials', () => {
    expect(errorOf(() => AwsFileCredentials.fromProvider(testChart(), 'File', DefaultMinioConfigurationProvider.default())))
      .toMatch(/^\[user\/File\] the provider DefaultMinioConfigurationProvider\(.*\) holds no credentials to write into a file/);
  });

  test('AwsEnvConfiguration.fromProvider writes the provider settings, and secretKeyRefs for MinIO', () => {
    const chart = testChart();
    AwsEnvConfiguration.fromProvider(chart, 'Env', S3ConfigurationProvider.fromEnv({ AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 'b', AWS_REGION: 'eu-west-1' }), { name: 'env' });
    AwsEnvConfiguration.fromProvider(chart, 'Minio', DefaultMinioConfigurationProvider.default(), { name: 'minio', namespace: 'other' }).addPodDefault();
    AwsEnvConfiguration.fromProvider(chart, 'File', S3ConfigurationProvider.fromFile(credentialsFile('[default]', 'aws_access_key_id = c', 'aws_secret_access_key = d')), { name: 'file', emitDefaultRegion: false });
    expect(secretData(chart, 'env')).toEqual({ AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 'b', AWS_REGION: 'eu-west-1', AWS_DEFAULT_REGION: 'eu-west-1' });
    expect(secretData(chart, 'minio')).toEqual({
      AWS_REGION: 'us-east-1', AWS_DEFAULT_REGION: 'us-east-1', S3_ENDPOINT: 'http://minio-service.kubeflow:9000', S3_SIGNATURE_VERSION: 's3v4', S3_FORCE_PATH_STYLE: 'true',
    });
    expect(secretData(chart, 'file')).toEqual({ AWS_ACCESS_KEY_ID: 'c', AWS_SECRET_ACCESS_KEY: 'd' });
    const minioPodDefault = Testing.synth(chart).find((o) => o.kind === 'PodDefault');
    expect(minioPodDefault.spec.env.map((e: any) => e.valueFrom.secretKeyRef.name)).toEqual(['mlpipeline-minio-artifact', 'mlpipeline-minio-artifact']);
  });
});
