import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { App, Testing, Yaml } from 'cdk8s';
import { ConfigChart } from '../examples/config';
import { FAKE, GuideChart } from '../examples/guide';
import { AWS, PipelinesChart } from '../examples/pipelines';
import { PlatformChart, TEAMS } from '../examples/platform';
import { ExternalProfilesChart, PROFILE_LABELS, ProfilesChart } from '../examples/profiles';
import { sealedGuide } from '../examples/sealed';
import { checkManifests } from '../src';
import { tempDir } from './support/kubectl';
import { expectValidManifests } from './support/schema';
import { expectNoSecrets } from './support/secrets';

const ROOT = path.resolve(__dirname, '..');

/** What the Kaptain guide creates in namespace `user` (with the AWS selector fixed). */
function expectGuideScenario(objects: any[]): void {
  const byKey = new Map(objects.map((o) => [`${o.kind}/${o.metadata.name}`, o]));
  expect([...byKey.keys()].sort()).toEqual([
    'PodDefault/aws-configuration', 'PodDefault/aws-credentials', 'PodDefault/docker-config',
    'Secret/aws-configuration', 'Secret/aws-credentials', 'Secret/docker-secret',
  ]);
  for (const object of objects) {
    expect(object.metadata.namespace).toBe('user');
  }
  const decoded = (name: string) => Object.fromEntries(Object.entries(byKey.get(`Secret/${name}`).data as Record<string, string>)
    .map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]));

  expect(byKey.get('Secret/docker-secret').type).toBe('Opaque');
  expect(Object.keys(decoded('docker-secret'))).toEqual(['config.json']);
  expect(Object.keys(JSON.parse(decoded('docker-secret')['config.json']).auths)).toContain('https://index.docker.io/v1/');
  expect(byKey.get('PodDefault/docker-config').spec).toEqual({
    desc: 'Add Docker registry credentials',
    selector: { matchLabels: { 'docker-config': 'true' } },
    volumes: [{ name: 'docker-secret-volume', secret: { secretName: 'docker-secret' } }],
    volumeMounts: [{ name: 'docker-secret-volume', mountPath: '/home/kubeflow/.docker/' }],
  });

  expect(decoded('aws-credentials').credentials).toMatch(/^\[default\]\naws_access_key_id = \S+\naws_secret_access_key = \S+\n/);
  expect(byKey.get('PodDefault/aws-credentials').spec).toEqual({
    desc: 'Add AWS credentials',
    selector: { matchLabels: { 'aws-credentials': 'true' } },
    volumes: [{ name: 'aws-secret-volume', secret: { secretName: 'aws-credentials' } }],
    volumeMounts: [{ name: 'aws-secret-volume', mountPath: '/home/kubeflow/.aws/' }],
  });

  const env = decoded('aws-configuration');
  expect(Object.keys(env)).toEqual(expect.arrayContaining(['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_REGION', 'S3_ENDPOINT', 'S3_SIGNATURE_VERSION', 'S3_FORCE_PATH_STYLE']));
  for (const value of Object.values(env)) {
    expect(value).not.toMatch(/\n$/);
  }
  expect(byKey.get('PodDefault/aws-configuration').spec).toEqual({
    desc: 'Add AWS Environment variables',
    selector: { matchLabels: { 'aws-configuration': 'true' } },
    envFrom: [{ secretRef: { name: 'aws-configuration' } }],
  });
  expectValidManifests(objects);
}

describe('the guide example (examples/guide.ts)', () => {
  test('synthesizes the whole guide scenario with fake values, saying so', () => {
    const notices: string[] = [];
    const chart = new GuideChart(Testing.app(), 'guide', { env: {}, notice: (m) => notices.push(m) });
    const objects = Testing.synth(chart);
    expectGuideScenario(objects);
    expect(notices).toHaveLength(3);
    for (const notice of notices) {
      expect(notice).toMatch(/uses FAKE credentials \(set EXAMPLE_/);
    }
    expect(JSON.stringify(objects)).toContain(Buffer.from(FAKE.accessKeyId).toString('base64'));
  });

  test('reads real files and environment variables when they are given', () => {
    const dir = tempDir();
    const dockerConfig = path.join(dir, 'config.json');
    fs.writeFileSync(dockerConfig, JSON.stringify({ auths: { 'https://index.docker.io/v1/': { auth: Buffer.from('real:secret').toString('base64') } } }));
    const credentials = path.join(dir, 'credentials');
    fs.writeFileSync(credentials, '[default]\naws_access_key_id = REALKEY\naws_secret_access_key = REALSECRET\n');
    const notices: string[] = [];
    const chart = new GuideChart(Testing.app(), 'guide', {
      env: {
        EXAMPLE_DOCKER_CONFIG: dockerConfig,
        EXAMPLE_AWS_CREDENTIALS: credentials,
        EXAMPLE_AWS_FROM_ENV: '1',
        AWS_ACCESS_KEY_ID: 'ENVKEY',
        AWS_SECRET_ACCESS_KEY: 'ENVSECRET',
        AWS_REGION: 'eu-west-1',
        S3_ENDPOINT: 'https://s3.eu-west-1.amazonaws.com',
        S3_SIGNATURE_VERSION: 's3v4',
        S3_FORCE_PATH_STYLE: 'false',
      },
      notice: (m) => notices.push(m),
    });
    const objects = Testing.synth(chart);
    expectGuideScenario(objects);
    expect(notices).toEqual([]);
    const secret = (name: string, key: string) => Buffer.from(objects.find((o) => o.metadata.name === name && o.kind === 'Secret').data[key], 'base64').toString('utf8');
    expect(secret('docker-secret', 'config.json')).toBe(fs.readFileSync(dockerConfig, 'utf8'));
    expect(secret('aws-credentials', 'credentials')).toBe(fs.readFileSync(credentials, 'utf8'));
    expect(secret('aws-configuration', 'AWS_ACCESS_KEY_ID')).toBe('ENVKEY');
  });

  test('a broken input names the file, not its content', () => {
    const dir = tempDir();
    const dockerConfig = path.join(dir, 'config.json');
    fs.writeFileSync(dockerConfig, '{"auths": {"https://index.docker.io/v1/": {"auth": "not base64 REALSECRET"}}}');
    let message = '';
    try {
      new GuideChart(Testing.app(), 'guide', { env: { EXAMPLE_DOCKER_CONFIG: dockerConfig }, notice: () => undefined });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/\[guide\/Docker\] file ".*config.json" auths\["https:\/\/index.docker.io\/v1\/"\]\.auth is not standard padded base64/);
    expectNoSecrets(message, ['REALSECRET']);
  });
});

describe('the Config example (examples/config.ts)', () => {
  test('synthesizes exactly the objects of the guide example', () => {
    const quiet = { env: {}, notice: () => undefined };
    const byName = (objects: any[]) => [...objects].sort((a, b) => `${a.kind}/${a.metadata.name}`.localeCompare(`${b.kind}/${b.metadata.name}`));
    const fromConfig = Testing.synth(new ConfigChart(Testing.app(), 'config', quiet));
    expectGuideScenario(fromConfig);
    expect(byName(fromConfig)).toEqual(byName(Testing.synth(new GuideChart(Testing.app(), 'guide', quiet))));
  });
});

describe('the platform example (examples/platform.ts)', () => {
  test('gives every team namespace Docker credentials and the in-cluster MinIO, writing no storage credential', () => {
    const notices: string[] = [];
    const objects = Testing.synth(new PlatformChart(Testing.app(), 'platform', { env: {}, notice: (m) => notices.push(m) }));
    expect(objects).toHaveLength(TEAMS.length * 4);
    expect(notices).toEqual([expect.stringMatching(/FAKE credentials/)]);
    for (const team of TEAMS) {
      const mine = objects.filter((o) => o.metadata.namespace === team);
      expect(mine.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['Secret/docker-secret', 'PodDefault/docker-config', 'Secret/aws-configuration', 'PodDefault/aws-configuration']);
      expect(Object.keys(mine[2].data)).not.toContain('AWS_SECRET_ACCESS_KEY');
    }
    expectValidManifests(objects);
  });
});

describe("the README's first command", () => {
  const synth = (outdir: string) => {
    const result = execFileSync('npx', ['cdk8s', 'synth', '--no-check-upgrade', '--output', outdir], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, EXAMPLE_DOCKER_CONFIG: '', EXAMPLE_AWS_CREDENTIALS: '', EXAMPLE_AWS_FROM_ENV: '' },
    });
    return result;
  };

  test('writes the guide scenario under the output folder, byte-identical on every run', () => {
    const one = path.join(tempDir(), 'dist');
    const two = path.join(tempDir(), 'dist');
    synth(one);
    synth(two);
    expect(fs.readdirSync(one).sort()).toEqual(fs.readdirSync(two).sort());
    for (const file of fs.readdirSync(one)) {
      expect(fs.readFileSync(path.join(one, file))).toEqual(fs.readFileSync(path.join(two, file)));
    }
    expect(fs.readdirSync(one).sort()).toEqual(['guide.k8s.yaml', 'platform.k8s.yaml']);
    expectGuideScenario(Yaml.load(path.join(one, 'guide.k8s.yaml')));
    expect(Yaml.load(path.join(one, 'platform.k8s.yaml'))).toHaveLength(TEAMS.length * 4);
  });
});

describe('the sealed variant (examples/sealed.ts)', () => {
  test('writes only SealedSecrets and PodDefaults, and no fake credential in any form', () => {
    // GIVEN the guide scenario with its fake credentials, sealed
    const outdir = tempDir();
    const app = new App({ outdir });
    sealedGuide(app, { notice: () => undefined });
    app.synth();
    // THEN
    const yaml = fs.readdirSync(outdir).map((f) => fs.readFileSync(path.join(outdir, f), 'utf8')).join('\n');
    const objects = Yaml.load(path.join(outdir, 'guide-sealed.k8s.yaml'));
    expect(objects.map((o: any) => o.kind).sort()).toEqual(['PodDefault', 'PodDefault', 'PodDefault', 'SealedSecret', 'SealedSecret', 'SealedSecret']);
    expectNoSecrets(yaml, [...Object.values(FAKE), `${FAKE.dockerUsername}:${FAKE.dockerPassword}`]);
  });

  test('with EXAMPLE_SEALING_KEY, two runs write byte-identical files; without it, the ciphertexts differ', () => {
    const run = (env: Record<string, string | undefined>) => {
      const outdir = tempDir();
      const app = new App({ outdir });
      sealedGuide(app, { notice: () => undefined, env: { ...process.env, ...env } });
      app.synth();
      return fs.readFileSync(path.join(outdir, 'guide-sealed.k8s.yaml'), 'utf8');
    };
    const key = { EXAMPLE_SEALING_KEY: 'example-pipeline-sealing-key-0123456789' };
    const first = run(key);
    expect(run(key)).toBe(first);
    expect(run({ EXAMPLE_SEALING_KEY: undefined })).not.toBe(run({ EXAMPLE_SEALING_KEY: undefined }));
    expect(first).toMatch(/kind: SealedSecret/);
  });
});

describe('the profile-by-label example (examples/profiles.ts)', () => {
  const quiet = { env: {}, notice: () => undefined };

  test('writes the Secrets once in kubeflow, and the cluster-wide policy and role that reach every profile', () => {
    const objects = Testing.synth(new ProfilesChart(Testing.app(), 'profiles', quiet));
    expect(objects.map((o) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`)).toEqual([
      'Secret/kubeflow/docker-secret', 'Secret/kubeflow/aws-configuration',
      'ClusterPolicy//kubeflow-notebook-credentials', 'ClusterRole//kyverno:background-controller:kubeflow-notebook-credentials',
    ]);
    const [, , policy] = objects;
    expect(policy.spec.rules.map((r: any) => r.generate.kind)).toEqual(['Secret', 'Secret', 'PodDefault', 'PodDefault']);
    expect(policy.spec.rules[0].match.any[0].resources.selector.matchLabels).toEqual(PROFILE_LABELS);
  });

  test('the external variant holds no credential: ClusterExternalSecrets and the policy', () => {
    const objects = Testing.synth(new ExternalProfilesChart(Testing.app(), 'profiles-external'));
    expect(objects.map((o) => o.kind)).toEqual(['ClusterExternalSecret', 'ClusterExternalSecret', 'ClusterPolicy', 'ClusterRole']);
    expect(JSON.stringify(objects)).not.toMatch(/"data":\{"[A-Za-z_.]+":"[A-Za-z0-9+/=]{8,}"/);
  });

  test('the two variants together place two versions of each PodDefault in every profile, which synth refuses (docker-config is the same in both, and is one)', () => {
    const app = Testing.app();
    new ProfilesChart(app, 'profiles', quiet);
    const external = new ExternalProfilesChart(app, 'profiles-external');
    expect(() => Testing.synth(external)).toThrow(/two versions of PodDefault "aws-configuration" in every namespace labelled app.kubernetes.io\/part-of=kubeflow-profile/);
  });
});

describe('the storage example (examples/pipelines.ts)', () => {
  const quiet = { env: {}, notice: () => undefined };

  test('a keyless, a GCS and a Ceph namespace, each with the pipeline launcher\'s configuration for its store', () => {
    const chart = new PipelinesChart(Testing.app(), 'pipelines', quiet);
    const objects = Testing.synth(chart);
    expect(objects.map((o) => `${o.metadata.namespace}/${o.kind}/${o.metadata.name}`)).toEqual([
      'team-aws/PodDefault/aws-web-identity', 'team-aws/ConfigMap/kfp-launcher',
      'team-gcs/ExternalSecret/user-gcp-sa', 'team-gcs/PodDefault/gcp-credentials', 'team-gcs/ConfigMap/kfp-launcher',
      'team-ceph/Secret/aws-configuration', 'team-ceph/PodDefault/aws-configuration', 'team-ceph/ConfigMap/kfp-launcher',
    ]);
    expect(objects.filter((o) => o.metadata.name === 'kfp-launcher').map((o) => o.data.defaultPipelineRoot))
      .toEqual(['s3://kubeflow-team-aws/v2/artifacts', 'gs://kubeflow-team-gcs/v2/artifacts', 's3://kubeflow-team-ceph/v2/artifacts']);
    expect(checkManifests(objects)).toEqual([]);
    expect(JSON.parse(chart.aws.trustPolicy(AWS.oidcProviderArn)).Statement[0].Condition.StringEquals).toMatchObject({
      'oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub': 'system:serviceaccount:team-aws:default-editor',
    });
  });

  test('run as a program, it writes the manifests and the trust policy beside them', () => {
    const cwd = tempDir();
    execFileSync(process.execPath, ['-r', require.resolve('ts-node/register'), path.join(ROOT, 'examples', 'pipelines.ts')], {
      cwd, env: { ...process.env, TS_NODE_PROJECT: path.join(ROOT, 'examples', 'tsconfig.json'), TS_NODE_TRANSPILE_ONLY: 'true' }, stdio: 'pipe',
    });
    expect(fs.readdirSync(path.join(cwd, 'dist', 'pipelines')).sort()).toEqual(['pipelines.k8s.yaml', 'trust-policy.json']);
    expect(JSON.parse(fs.readFileSync(path.join(cwd, 'dist', 'pipelines', 'trust-policy.json'), 'utf8')).Statement[0].Action).toBe('sts:AssumeRoleWithWebIdentity');
  });
});
