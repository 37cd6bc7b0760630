/**
 * Differential tests: for generated inputs, our Secrets' data equals what
 * `kubectl create secret generic --from-file / --from-env-file --dry-run=client` stores, and our
 * credentials files read the same in the AWS JS SDK. Cases are batched: one kubectl call covers
 * a few hundred of them.
 */
import * as fs from 'fs';
import * as path from 'path';
import { loadSharedConfigFiles } from '@smithy/shared-ini-file-loader';
import { Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { AwsEnvConfiguration, AwsFileCredentials, DockerCredentials, S3SignatureVersion } from '../src';
import { describeWithKubectl, kubectlSecretData, tempDir } from './support/kubectl';
import { recordCounts } from './support/proof-counts';
import { testChart } from './support/synth';
import { DOCKER_HUB } from '../src/formats/docker-config';

const CASES = 300;
const SEED = 20261121;

/** Printable characters without whitespace, from ASCII and beyond (quotes, '=', '#', ':', accents, CJK, emoji). */
const credentialChar = fc.oneof(
  fc.constantFrom(...'abcXYZ019+/=_-.:#;"\'`$\\!@%&*()[]{}<>?,'.split('')),
  fc.constantFrom('ä', 'ß', 'é', 'ø', 'Ж', '中', '文', '😀', 'ñ'),
);
const credential = fc.array(credentialChar, { minLength: 1, maxLength: 40 }).map((cs) => cs.join(''));
const password = fc.tuple(credential, fc.constantFrom('', ' ', ':', ' : ')).map(([a, b]) => `${a}${b}${a}`);
const username = credential.map((u) => u.replace(/:/g, '')).filter((u) => u.length > 0);
const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?$/);
const server = fc.oneof(
  fc.constantFrom('docker.io', 'index.docker.io', 'https://index.docker.io/v1/', 'ghcr.io', 'quay.io'),
  fc.tuple(label, label, fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }))
    .map(([a, b, port]) => `${a}.${b}.example${port === undefined ? '' : `:${port}`}`),
);
const registries = fc.uniqueArray(fc.record({ server, username, password }), {
  minLength: 1, maxLength: 3, selector: (r) => (r.server.includes('docker.io') ? DOCKER_HUB : r.server),
});
const profileName = fc.stringMatching(/^[A-Za-z0-9_.@+-]{1,12}$/).filter((n) => !(n in Object.prototype) && !n.startsWith('profile'));
/** A credentials-file value may not start with "#" or ";" (the JS SDK reads a comment there). */
const fileCredential = credential.filter((v) => !/^[#;]/.test(v));
const profiles = fc.uniqueArray(
  fc.record({
    name: profileName, accessKeyId: fileCredential, secretAccessKey: fileCredential, sessionToken: fc.option(fileCredential, { nil: undefined }),
  }),
  { minLength: 1, maxLength: 4, selector: (p) => p.name },
);
const region = fc.constantFrom('us-east-1', 'eu-west-3', 'ap-southeast-2', 'cn-north-1');
const envSettings = fc.record({
  accessKeyId: credential,
  secretAccessKey: credential,
  sessionToken: fc.option(credential, { nil: undefined }),
  region: fc.option(region, { nil: undefined }),
  s3Endpoint: fc.option(fc.constantFrom('http://minio-service.kubeflow:9000', 'https://s3.example.com', 'minio.local:9000'), { nil: undefined }),
  s3SignatureVersion: fc.option(fc.constantFrom(S3SignatureVersion.S3V4, S3SignatureVersion.S3), { nil: undefined }),
  s3ForcePathStyle: fc.option(fc.boolean(), { nil: undefined }),
});

const sample = <T>(arbitrary: fc.Arbitrary<T>) => fc.sample(arbitrary, { numRuns: CASES, seed: SEED });

describeWithKubectl('differential: our Secrets against kubectl create secret generic', () => {
  const dir = tempDir();
  let comparisons = 0;
  afterAll(() => recordCounts('differential.test.ts', { generatedCases: 3 * CASES, kubectlComparisons: comparisons }));

  test(`${CASES} generated Docker registry sets: config.json bytes, and auth decodes to username:password`, () => {
    const chart = testChart();
    const inputs = sample(registries);
    inputs.forEach((r, i) => new DockerCredentials(chart, `D${i}`, { name: `docker-${i}`, registries: r }));
    const secrets = Testing.synth(chart);
    const args: string[] = [];
    secrets.forEach((secret, i) => {
      const file = path.join(dir, `config-${i}.json`);
      fs.writeFileSync(file, Buffer.from(secret.data['config.json'], 'base64'));
      args.push(`--from-file=case-${i}=${file}`);
      const auths = JSON.parse(fs.readFileSync(file, 'utf8')).auths;
      for (const registry of inputs[i]) {
        const key = registry.server.includes('docker.io') ? DOCKER_HUB : registry.server;
        expect(Buffer.from(auths[key].auth, 'base64').toString('utf8')).toBe(`${registry.username}:${registry.password}`);
      }
    });
    const reference = kubectlSecretData(args);
    secrets.forEach((secret, i) => {
      expect(reference[`case-${i}`]).toBe(secret.data['config.json']);
      comparisons++;
    });
  });

  test(`${CASES} generated multi-profile credentials files: bytes equal kubectl's, content equals the AWS SDK's reading`, async () => {
    const chart = testChart();
    const inputs = sample(profiles);
    inputs.forEach((p, i) => new AwsFileCredentials(chart, `A${i}`, { name: `aws-${i}`, profiles: p }));
    const secrets = Testing.synth(chart);
    const args: string[] = [];
    for (const [i, secret] of secrets.entries()) {
      const file = path.join(dir, `credentials-${i}`);
      fs.writeFileSync(file, Buffer.from(secret.data.credentials, 'base64'));
      args.push(`--from-file=case-${i}=${file}`);
      const sdk = await loadSharedConfigFiles({ filepath: file, configFilepath: path.join(dir, 'none'), ignoreCache: true });
      const expected = Object.fromEntries(inputs[i].map((p) => [p.name, {
        aws_access_key_id: p.accessKeyId,
        aws_secret_access_key: p.secretAccessKey,
        ...(p.sessionToken === undefined ? {} : { aws_session_token: p.sessionToken }),
      }]));
      expect(sdk.credentialsFile).toEqual(expected);
    }
    const reference = kubectlSecretData(args);
    secrets.forEach((secret, i) => {
      expect(reference[`case-${i}`]).toBe(secret.data.credentials);
      comparisons++;
    });
  });

  test(`${CASES} generated env maps: every variable equals kubectl's --from-env-file`, () => {
    const chart = testChart();
    sample(envSettings).forEach((s, i) => new AwsEnvConfiguration(chart, `E${i}`, { name: `env-${i}`, ...s }));
    const secrets = Testing.synth(chart);
    // One env file for all cases: each variable prefixed with its case, one kubectl call.
    const lines: string[] = [];
    secrets.forEach((secret, i) => {
      for (const [key, value] of Object.entries(secret.data as Record<string, string>)) {
        lines.push(`C${i}_${key}=${Buffer.from(value, 'base64').toString('utf8')}`);
      }
    });
    const file = path.join(dir, 'all.env');
    fs.writeFileSync(file, lines.join('\n') + '\n');
    const reference = kubectlSecretData([`--from-env-file=${file}`]);
    secrets.forEach((secret, i) => {
      for (const [key, value] of Object.entries(secret.data as Record<string, string>)) {
        expect(reference[`C${i}_${key}`]).toBe(value);
        comparisons++;
      }
    });
  });
});
