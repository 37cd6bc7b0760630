/**
 * Issue 21, part 2: Google Cloud Storage. A service-account key in Kubeflow's `user-gcp-sa`
 * layout (mounted at `/secret/gcp`, `GOOGLE_APPLICATION_CREDENTIALS`), checked as google-auth
 * loads it and compared with google-auth itself (Debian's python3-google-auth, given the file the
 * PodDefault mounts through the variable it sets); and GCS through its S3 API with HMAC keys.
 */
import { spawnSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, Testing } from 'cdk8s';
import { AwsEnvConfiguration, checkManifests, GcpServiceAccountKey, PodDefaultChecks, S3ConfigurationProvider, SecretOutput } from '../src';
import { describeWithTool, tempDir } from './support/kubectl';
import { recordCounts } from './support/proof-counts';
import { errorOf, synthError, testChart } from './support/synth';

const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
/** A service-account key as `gcloud iam service-accounts keys create` writes it. */
const KEY = {
  type: 'service_account',
  project_id: 'ml-platform-1',
  private_key_id: '0123456789abcdef',
  private_key: privateKey,
  client_email: 'notebooks@ml-platform-1.iam.gserviceaccount.com',
  client_id: '108000000000000000000',
  auth_uri: 'https://accounts.google.com/o/oauth2/auth',
  token_uri: 'https://oauth2.googleapis.com/token',
};
const keyJson = (changes: Record<string, unknown> = {}, drop: string[] = []) => {
  const key: Record<string, unknown> = { ...KEY, ...changes };
  drop.forEach((k) => delete key[k]);
  return `${JSON.stringify(key, null, 2)}\n`;
};
const dir = tempDir();
const keyFile = (name: string, text: string) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
};
/** The key's private material, which no message may hold. */
const SECRET_LINES = privateKey.split('\n').filter((l) => l.length > 20 && !l.startsWith('-----'));

/** Variants of a key file, and whether google-auth loads it (and so the library accepts it). */
const VARIANTS: ReadonlyArray<[string, string, boolean, RegExp?]> = [
  ['a key as gcloud writes it', keyJson(), true],
  ['no token_uri', keyJson({}, ['token_uri']), false, /has no token_uri that is an https URL/],
  ['no client_email', keyJson({}, ['client_email']), false, /has no client_email/],
  ['a cut private key', keyJson({ private_key: `${privateKey.slice(0, 400)}\n-----END PRIVATE KEY-----\n` }), false, /private_key \(length \d+\) does not parse as a PEM private key/],
  ['a user\'s own credentials', keyJson({ type: 'authorized_user' }), false, /is a user's own credentials .* give a service-account key/],
  ['no type', keyJson({}, ['type']), false, /has no type "service_account"/],
  ['not JSON', '{"type": "service_account",', false, /is not JSON/],
];

describe('GcpServiceAccountKey', () => {
  test('writes Kubeflow\'s user-gcp-sa (key user-gcp-sa.json, byte for byte) and a PodDefault at /secret/gcp with GOOGLE_APPLICATION_CREDENTIALS', () => {
    // GIVEN
    const chart = testChart();
    // WHEN
    const key = GcpServiceAccountKey.fromFile(chart, 'Gcp', keyFile('key.json', keyJson()));
    key.addPodDefault();
    // THEN
    const [secret, pd] = Testing.synth(chart);
    expect(secret.metadata).toEqual({ name: 'user-gcp-sa', namespace: 'user' });
    expect(Buffer.from(secret.data['user-gcp-sa.json'], 'base64').toString('utf8')).toBe(keyJson());
    expect(pd.spec).toEqual({
      desc: 'Add Google Cloud credentials',
      selector: { matchLabels: { 'gcp-credentials': 'true' } },
      env: [{ name: 'GOOGLE_APPLICATION_CREDENTIALS', value: '/secret/gcp/user-gcp-sa.json' }],
      volumeMounts: [{ name: 'user-gcp-sa-volume', mountPath: '/secret/gcp' }],
      volumes: [{ name: 'user-gcp-sa-volume', secret: { secretName: 'user-gcp-sa' } }],
    });
    expect(key.clientEmail).toBe('notebooks@ml-platform-1.iam.gserviceaccount.com');
    expect(key.projectId).toBe('ml-platform-1');
    expect(checkManifests(Testing.synth(chart))).toEqual([]);
  });

  test('an existing Secret under another key; the variable follows the mount path', () => {
    const chart = testChart();
    GcpServiceAccountKey.fromExistingSecret(chart, 'Gcp', 'gcp-key', { key: 'key.json' }).addPodDefault({ mountPath: '/home/jovyan/.gcp/' });
    const [pd] = Testing.synth(chart);
    expect(pd.spec.env).toEqual([{ name: 'GOOGLE_APPLICATION_CREDENTIALS', value: '/home/jovyan/.gcp/user-gcp-sa.json' }]);
    expect(pd.spec.volumes[0].secret.items).toEqual([{ key: 'key.json', path: 'user-gcp-sa.json' }]);
  });

  test('with external output no key is read: the store holds the file', () => {
    const chart = testChart();
    new GcpServiceAccountKey(chart, 'Gcp', { output: SecretOutput.external({ store: 'vault', remoteKey: 'gcp/notebooks' }) });
    const [external] = Testing.synth(chart);
    expect(external.spec.data).toEqual([{ secretKey: 'user-gcp-sa.json', remoteRef: { key: 'gcp/notebooks', property: 'user-gcp-sa.json' } }]);
    expect(errorOf(() => new GcpServiceAccountKey(testChart(), 'Gcp', {}))).toMatch(/keyJson is missing/);
  });

  test.each(VARIANTS.filter(([, , loads]) => !loads))('%s is refused, naming the file and the field, never the key', (_, text, __, message) => {
    const error = errorOf(() => GcpServiceAccountKey.fromFile(testChart(), 'Gcp', keyFile('bad.json', text)));
    expect(error).toMatch(message!);
    expect(error).toMatch(/\[gcp-key-file, runtime\]/);
    SECRET_LINES.forEach((line) => expect(error).not.toContain(line));
  });

  test('a key in any Secret is read by check and synth; the variable must name a mounted file', () => {
    const secret = (text: string) => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'user-gcp-sa', namespace: 'user' }, stringData: { 'user-gcp-sa.json': text } });
    expect(checkManifests([secret(keyJson({}, ['token_uri']))]).map((p) => p.rule)).toEqual(['gcp-key-file']);
    expect(checkManifests([secret(keyJson())])).toEqual([]);
    const unmounted = {
      apiVersion: 'kubeflow.org/v1alpha1',
      kind: 'PodDefault',
      metadata: { name: 'gcp', namespace: 'user' },
      spec: { desc: 'gcp', selector: { matchLabels: { gcp: 'true' } }, env: [{ name: 'GOOGLE_APPLICATION_CREDENTIALS', value: '/secret/gcp/user-gcp-sa.json' }] },
    };
    expect(checkManifests([unmounted]).map((p) => p.rule)).toEqual(['gcp-key-file']);
    const chart = testChart();
    PodDefaultChecks.of(chart);
    new ApiObject(chart, 'S', secret(keyJson({ type: 'external_account' })));
    expect(synthError(chart)).toMatch(/is a workload identity federation configuration .*\[gcp-key-file, runtime\]/);
  });
});

describe('GCS through the S3 API with HMAC keys', () => {
  test('AwsEnvConfiguration.gcs: the XML API endpoint, region auto, signature v4', () => {
    const chart = testChart();
    AwsEnvConfiguration.gcs(chart, 'Gcs', { accessKeyId: 'GOOG1EEXAMPLE', secretAccessKey: 'hmac-secret' }).addPodDefault();
    const data = Object.fromEntries(Object.entries(Testing.synth(chart)[0].data).map(([k, v]) => [k, Buffer.from(v as string, 'base64').toString()]));
    expect(data).toEqual({
      AWS_ACCESS_KEY_ID: 'GOOG1EEXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'hmac-secret',
      AWS_REGION: 'auto',
      AWS_DEFAULT_REGION: 'auto',
      S3_ENDPOINT: 'https://storage.googleapis.com',
      AWS_ENDPOINT_URL_S3: 'https://storage.googleapis.com',
      S3_SIGNATURE_VERSION: 's3v4',
    });
  });

  test('S3ConfigurationProvider.forGcsHmac: the same settings for NotebookAccess; the keys are required', () => {
    const provider = S3ConfigurationProvider.forGcsHmac({ accessKeyId: 'GOOG1EEXAMPLE', secretAccessKey: 'hmac-secret' });
    expect([provider.s3Endpoint, provider.region, provider.s3SignatureVersion]).toEqual(['https://storage.googleapis.com', 'auto', 's3v4']);
    expect(errorOf(() => S3ConfigurationProvider.forGcsHmac({}))).toMatch(/AWS_ACCESS_KEY_ID is missing/);
  });
});

const PYTHON = '/usr/bin/python3';
const HAVE_GOOGLE_AUTH = spawnSync(PYTHON, ['-c', 'import google.auth'], { stdio: 'ignore' }).status === 0;

describeWithTool('python3-google-auth', HAVE_GOOGLE_AUTH, 'google-auth loads the key the PodDefault mounts exactly when the library accepts it', () => {
  let compared = 0;

  test.each(VARIANTS)('%s', (_, text, loads) => {
    let accepted = true;
    let secretText = text;
    try {
      const chart = testChart();
      GcpServiceAccountKey.fromFile(chart, 'Gcp', keyFile('variant.json', text)).addPodDefault();
      const [secret, pd] = Testing.synth(chart);
      // The file the notebook reads: the Secret's key, at the path the variable names.
      expect(pd.spec.env[0].value).toBe(`${pd.spec.volumeMounts[0].mountPath}/user-gcp-sa.json`);
      secretText = Buffer.from(secret.data['user-gcp-sa.json'], 'base64').toString('utf8');
    } catch {
      accepted = false;
    }
    const file = keyFile('mounted.json', secretText);
    const script = 'import google.auth\ntry:\n    c, p = google.auth.default()\n    print("ok", c.service_account_email, p)\nexcept Exception as e:\n    print("failed")';
    const result = spawnSync(PYTHON, ['-c', script], { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, GOOGLE_APPLICATION_CREDENTIALS: file }, encoding: 'utf8' });
    compared++;
    expect(accepted).toBe(loads);
    expect(result.stdout.trim()).toBe(loads ? `ok ${KEY.client_email} ${KEY.project_id}` : 'failed');
  });

  afterAll(() => recordCounts('gcs', { consumerComparisons: compared }));
});
