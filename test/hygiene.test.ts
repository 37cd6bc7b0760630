/**
 * Secret hygiene: for every input of every construct and provider, a construction (or synth)
 * that fails because of a distinctive secret value never shows that value, nor its base64, in
 * the error, in any printout of the objects involved, or on stdout/stderr.
 */
import * as fs from 'fs';
import * as path from 'path';
import { inspect } from 'util';
import { JsonPatch, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { format } from 'pretty-format';
import {
  AwsEnvConfiguration, AwsFileCredentials, AwsKeylessCredentials, Config, DefaultMinioConfigurationProvider, DockerConfigurationProvider,
  DockerCredentials, GcpServiceAccountKey, NotebookAccess, NotebookPodDefault, ProfileAccess, ProfileSecrets, S3ConfigurationProvider,
} from '../src';
import { tempDir } from './support/kubectl';
import { recordCounts } from './support/proof-counts';
import { errorOf, testChart } from './support/synth';

const S = 'Zq7-distinctive-SECRET-4xW';
const b64 = (text: string) => Buffer.from(text).toString('base64');
const dir = tempDir();
let files = 0;
const write = (content: string) => {
  const file = path.join(dir, `hygiene-${files++}`);
  fs.writeFileSync(file, content);
  return file;
};
let leakChecks = 0;
afterAll(() => recordCounts('hygiene.test.ts', { leakChecks }));

/**
 * Runs `run`, which must fail, capturing everything written to stdout, stderr and the console;
 * then checks that `secret` and its base64 appear in none of: the error's message, stack and
 * inspection, the captured output, and the printouts of `inspectAlso`.
 */
function expectNoLeak(secret: string, run: () => unknown, inspectAlso: () => unknown[] = () => []): Error {
  const written: string[] = [];
  const restore: Array<() => void> = [];
  for (const stream of [process.stdout, process.stderr]) {
    const original = stream.write;
    stream.write = ((chunk: any, ...rest: any[]) => {
      written.push(String(chunk));
      return typeof rest[rest.length - 1] === 'function' ? (rest[rest.length - 1](), true) : true;
    }) as any;
    restore.push(() => { stream.write = original; });
  }
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    const spy = jest.spyOn(console, method).mockImplementation((...args: unknown[]) => { written.push(args.map((a) => inspect(a)).join(' ')); });
    restore.push(() => spy.mockRestore());
  }
  let error: unknown;
  try {
    run();
  } catch (e) {
    error = e;
  } finally {
    restore.forEach((r) => r());
  }
  expect(error).toBeInstanceOf(Error);
  const texts = [(error as Error).message, (error as Error).stack ?? '', String(error), inspect(error), ...written];
  for (const value of inspectAlso()) {
    texts.push(String(value), inspect(value, { showHidden: true, depth: 8 }), safeJson(value));
  }
  for (const text of texts) {
    for (const needle of [secret, b64(secret)]) {
      expect(text).not.toContain(needle);
      leakChecks++;
    }
  }
  return error as Error;
}

/** JSON.stringify, or nothing for structures it cannot print (constructs are circular). */
function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return '';
  }
}

const docker = (registry: Partial<{ server: string; username: string; password: string; email: string }>) =>
  () => new DockerCredentials(testChart(), 'D', { registries: [{ server: 'ghcr.io', username: 'u', password: 'p', ...registry }] });
const configJson = (entry: Record<string, unknown>) => JSON.stringify({ auths: { 'ghcr.io': entry } });

describe('DockerCredentials and DockerConfigurationProvider', () => {
  test.each([
    ['password with a newline', docker({ password: `${S}\n` })],
    ['password with NUL', docker({ password: `${S}\u0000` })],
    ['username with ":"', docker({ username: `${S}:x` })],
    ['username with a newline', docker({ username: `${S}\n` })],
    ['email with a control character', docker({ email: `${S}\u0007` })],
    ['server with credentials', docker({ server: `https://user:${S}@registry.example.com` })],
    ['auth that is not base64', () => new DockerCredentials(testChart(), 'D', { configJson: configJson({ auth: `${S}!` }) })],
    ['auth without ":"', () => new DockerCredentials(testChart(), 'D', { configJson: configJson({ auth: b64(S) }) })],
    ['auth made with echo', () => new DockerCredentials(testChart(), 'D', { configJson: configJson({ auth: b64(`user:${S}\n`) }) })],
    ['password field with a newline', () => new DockerCredentials(testChart(), 'D', { configJson: configJson({ username: 'u', password: `${S}\n` }) })],
    ['identity token with a control character', () => new DockerCredentials(testChart(), 'D', { configJson: configJson({ identitytoken: `${S}\u0001` }) })],
    ['truncated JSON around the secret', () => new DockerCredentials(testChart(), 'D', { configJson: `{"auths": {"ghcr.io": {"auth": "${S}` })],
    ['JSON with the secret as a bare token', () => new DockerCredentials(testChart(), 'D', { configJson: `{"auths": {"ghcr.io": {"auth": ${S}}}}` })],
    ['a file', () => DockerCredentials.fromFile(testChart(), 'D', write(configJson({ auth: `${S}=` })))],
    ['a provider file', () => DockerConfigurationProvider.fromFile(write(`{"auths": ${S}}`))],
    ['provider registries', () => DockerConfigurationProvider.fromRegistries([{ server: 'ghcr.io', username: 'u', password: `${S}\r\n` }])],
  ])('%s', (_what, run) => {
    expectNoLeak(S, run);
  });
});

describe('AwsFileCredentials and S3ConfigurationProvider.fromFile', () => {
  const file = (line: string) => `[default]\naws_access_key_id = AKIA\n${line}\n`;
  test.each([
    ['accessKeyId with a space', () => new AwsFileCredentials(testChart(), 'A', { profiles: [{ accessKeyId: `${S} `, secretAccessKey: 'b' }] })],
    ['secretAccessKey with a newline', () => new AwsFileCredentials(testChart(), 'A', { profiles: [{ accessKeyId: 'a', secretAccessKey: `${S}\n` }] })],
    ['sessionToken starting with #', () => new AwsFileCredentials(testChart(), 'A', { profiles: [{ accessKeyId: 'a', secretAccessKey: 'b', sessionToken: `#${S}` }] })],
    ['a value with an inline comment', () => new AwsFileCredentials(testChart(), 'A', { credentialsFile: file(`aws_secret_access_key = ${S} # note`) })],
    ['a duplicated key', () => new AwsFileCredentials(testChart(), 'A', { credentialsFile: file(`aws_secret_access_key = ${S}\naws_secret_access_key = ${S}`) })],
    ['a line that is not key = value', () => new AwsFileCredentials(testChart(), 'A', { credentialsFile: file(`aws_secret_access_key: ${S}`) })],
    ['an indented continuation', () => new AwsFileCredentials(testChart(), 'A', { credentialsFile: file(`aws_secret_access_key = x\n  ${S}`) })],
    ['a file', () => AwsFileCredentials.fromFile(testChart(), 'A', write(file(`aws_secret_access_key = ${S}\u0000`)))],
    ['a provider file', () => S3ConfigurationProvider.fromFile(write(file(`aws_secret_access_key = ${S} ; note`)))],
    ['a provider file without the profile', () => S3ConfigurationProvider.fromFile(write(file(`aws_secret_access_key = ${S}`)), 'prod')],
  ])('%s', (_what, run) => {
    expectNoLeak(S, run);
  });
});

describe('AwsEnvConfiguration and the environment providers', () => {
  test.each([
    ['accessKeyId with a newline', () => new AwsEnvConfiguration(testChart(), 'E', { accessKeyId: `${S}\n`, secretAccessKey: 'b' })],
    ['secretAccessKey with a space', () => new AwsEnvConfiguration(testChart(), 'E', { accessKeyId: 'a', secretAccessKey: `${S} ` })],
    ['sessionToken with a control character', () => new AwsEnvConfiguration(testChart(), 'E', { accessKeyId: 'a', secretAccessKey: 'b', sessionToken: `${S}\u001b` })],
    ['an endpoint with credentials', () => new AwsEnvConfiguration(testChart(), 'E', { accessKeyId: 'a', secretAccessKey: 'b', s3Endpoint: `http://a:${S}@minio:9000` })],
    ['fromEnv', () => AwsEnvConfiguration.fromEnv(testChart(), 'E', { env: { AWS_ACCESS_KEY_ID: `${S}\n`, AWS_SECRET_ACCESS_KEY: S } })],
    ['fromEnv without a secret key', () => AwsEnvConfiguration.fromEnv(testChart(), 'E', { env: { AWS_ACCESS_KEY_ID: S } })],
    ['S3ConfigurationProvider.fromEnv', () => S3ConfigurationProvider.fromEnv({ AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: `${S}\r` })],
    ['DefaultMinioConfigurationProvider.fromEnv', () => DefaultMinioConfigurationProvider.fromEnv({ AWS_ACCESS_KEY_ID: S })],
    ['minio with explicit credentials', () => AwsEnvConfiguration.minio(testChart(), 'M', { accessKeyId: S, secretAccessKey: `${S}\n` })],
  ])('%s', (_what, run) => {
    expectNoLeak(S, run);
  });
});

describe('the credentials of issues 20 and 21: GCS keys, HMAC keys, keyless AWS, machine variables', () => {
  const gcpKey = (changes: Record<string, unknown>) => JSON.stringify({
    type: 'service_account',
    project_id: 'p',
    client_email: 'nb@p.iam.gserviceaccount.com',
    token_uri: 'https://oauth2.googleapis.com/token',
    private_key: `-----BEGIN PRIVATE KEY-----\n${S}\n-----END PRIVATE KEY-----\n`,
    ...changes,
  });
  test.each([
    ['a service-account key whose private key does not parse', () => new GcpServiceAccountKey(testChart(), 'G', { keyJson: gcpKey({}) })],
    ['a service-account key without token_uri (and a secret private key)', () => new GcpServiceAccountKey(testChart(), 'G', { keyJson: gcpKey({ token_uri: undefined }) })],
    ['a key file with the secret in a broken JSON', () => GcpServiceAccountKey.fromFile(testChart(), 'G', write(`{"private_key": "${S}",`))],
    ['a user\'s own credentials', () => new GcpServiceAccountKey(testChart(), 'G', { keyJson: JSON.stringify({ type: 'authorized_user', refresh_token: S, client_secret: S }) })],
    ['GCS HMAC keys with a newline', () => AwsEnvConfiguration.gcs(testChart(), 'G', { accessKeyId: 'GOOG1', secretAccessKey: `${S}\n` })],
    ['keyless AWS given a secret key', () => AwsKeylessCredentials.webIdentity(testChart(), 'A', { roleArn: 'arn:aws:iam::123456789012:role/r', secretAccessKey: S })],
    ['fromEnv with AWS_CA_BUNDLE and a broken secret key', () => AwsEnvConfiguration.fromEnv(testChart(), 'E', { env: { AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: `${S}\n`, AWS_CA_BUNDLE: '/x', AWS_PAGER: '' } })],
  ])('%s', (_what, run) => {
    expectNoLeak(S, run);
  });
});

describe('NotebookPodDefault, NotebookAccess and synth-time failures', () => {
  test('a literal credential in addEnv', () => {
    expectNoLeak(S, () => new NotebookPodDefault(testChart(), 'P', { desc: 'x' }).addEnv('DB_PASSWORD', kplus.EnvValue.fromValue(S)));
  });

  test('conflicting PodDefaults whose Secrets hold the secret', () => {
    const chart = testChart();
    const one = new AwsEnvConfiguration(chart, 'One', { name: 'one', accessKeyId: S, secretAccessKey: S });
    one.addPodDefault({ name: 'one' });
    const two = new AwsEnvConfiguration(chart, 'Two', { name: 'two', accessKeyId: S, secretAccessKey: S });
    two.addPodDefault({ name: 'two' });
    const error = expectNoLeak(S, () => Testing.synth(chart), () => [one, two]);
    expect(error.message).toMatch(/also provides/);
  });

  test('two NotebookAccess over one namespace, from providers holding the secret', () => {
    const config = new Config({
      dockerConfigProvider: DockerConfigurationProvider.fromRegistries([{ server: 'ghcr.io', username: S, password: S }]),
      storageConfigProvider: S3ConfigurationProvider.fromEnv({ AWS_ACCESS_KEY_ID: S, AWS_SECRET_ACCESS_KEY: S }),
    });
    const chart = testChart();
    new NotebookAccess(chart, 'One', { config, namespaces: ['team'] });
    // Identical copies are one object; a second version of the Secrets is a problem.
    new NotebookAccess(chart, 'Two', { config: new Config({ ...config, storageConfigProvider: S3ConfigurationProvider.fromEnv({ AWS_ACCESS_KEY_ID: S, AWS_SECRET_ACCESS_KEY: `${S}x` }) }), namespaces: ['team'] });
    const access = new NotebookAccess(testChart('other'), 'Three', { config, namespaces: ['x'] });
    expectNoLeak(S, () => Testing.synth(chart), () => [config, config.dockerConfigProvider, config.storageConfigProvider, access, access.forNamespace('x')!.docker!]);
  });

  test('two ProfileAccess placing different Secrets and PodDefaults in every profile, from providers holding the secret', () => {
    const config = new Config({
      dockerConfigProvider: DockerConfigurationProvider.fromRegistries([{ server: 'ghcr.io', username: S, password: S }]),
      storageConfigProvider: S3ConfigurationProvider.fromEnv({ AWS_ACCESS_KEY_ID: S, AWS_SECRET_ACCESS_KEY: S }),
    });
    const chart = testChart(undefined);
    const one = new ProfileAccess(chart, 'One', { config });
    const two = new ProfileAccess(chart, 'Two', { config, policyName: 'two', secrets: ProfileSecrets.cloneFrom('other'), storage: { prefix: 'X_' } });
    const error = expectNoLeak(S, () => Testing.synth(chart), () => [one, two, one.docker!, one.policy, two.podDefaults[0]]);
    expect(error.message).toMatch(/every namespace labelled app.kubernetes.io\/part-of=kubeflow-profile/);
  });

  test('a successful synth prints nothing', () => {
    const spy = jest.spyOn(process.stdout, 'write');
    const spyErr = jest.spyOn(process.stderr, 'write');
    const chart = testChart();
    new DockerCredentials(chart, 'D', { registries: [{ server: 'ghcr.io', username: 'u', password: S }] }).addPodDefault();
    Testing.synth(chart);
    expect(spy).not.toHaveBeenCalled();
    expect(spyErr).not.toHaveBeenCalled();
    spy.mockRestore();
    spyErr.mockRestore();
  });
});

test('a JSON patch that fails on a credentials construct names the construct and prints neither the patch nor the Secret', () => {
  const chart = testChart();
  const env = new AwsEnvConfiguration(chart, 'Env', { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'patch-canary-secret', region: 'us-east-1' });
  env.addJsonPatch(JsonPatch.test('/data/AWS_SECRET_ACCESS_KEY', Buffer.from('patch-canary-guess').toString('base64')));
  const message = errorOf(() => Testing.synth(chart));
  expect(message).toMatch(/^Failed serializing construct at path 'user\/Env' with name 'aws-configuration': TEST_OPERATION_FAILED: Test operation failed \(the patch and the object are not printed: they hold Secret data\)$/);
  for (const canary of ['patch-canary-secret', 'patch-canary-guess']) {
    expect(message).not.toContain(canary);
    expect(message).not.toContain(Buffer.from(canary).toString('base64'));
  }
});

test('no generic printer shows a credentials construct\'s Secret data: jest\'s pretty-format, inspect without custom inspection', () => {
  const chart = testChart();
  const env = new AwsEnvConfiguration(chart, 'Env', { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'printer-canary-secret', region: 'us-east-1' });
  const encoded = Buffer.from('printer-canary-secret').toString('base64');
  for (const printed of [format(env, { maxDepth: 6 }), format(chart, { maxDepth: 8 }), inspect(env, { customInspect: false, depth: 8 })]) {
    expect(printed).not.toContain(encoded);
    expect(printed).not.toContain('printer-canary-secret');
  }
  // The manifest still holds it.
  expect(Testing.synth(chart)[0].data.AWS_SECRET_ACCESS_KEY).toBe(encoded);
});
