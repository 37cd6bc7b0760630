/**
 * Issue 21, part 1: AWS credentials without keys (web identity and EKS Pod Identity), as the EKS
 * pod identity webhook injects them (its own expected patch is the reference), the trust policy
 * the role needs, the checks of one notebook's AWS credentials, and botocore (Debian's
 * python3-botocore) obtaining credentials through a PodDefault's variables and token file from an
 * STS endpoint on 127.0.0.1 that answers AssumeRoleWithWebIdentity.
 */
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import { AddressInfo } from 'net';
import * as path from 'path';
import { Chart, Testing, Yaml } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import {
  AwsEnvConfiguration, AwsKeylessCredentials, AwsKeylessMethod, checkManifests, Config, DockerConfigurationProvider, NotebookAccess,
  NotebookPodDefault,
  ProfileAccess, S3ConfigurationProvider, StorageConfigurationKind,
} from '../src';
import { describeWithTool, tempDir } from './support/kubectl';
import { recordCounts } from './support/proof-counts';
import { errorOf, synthError, testChart } from './support/synth';

const ROLE = 'arn:aws:iam::123456789012:role/notebooks';
const OIDC = 'arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';
const envOf = (pd: any): Record<string, string> => Object.fromEntries((pd.spec.env ?? []).map((e: any) => [e.name, e.value]));
const docker = () => DockerConfigurationProvider.fromRegistries([{ server: 'ghcr.io', username: 'u', password: 'p' }]);

describe('AwsKeylessCredentials, as the EKS pod identity webhook injects them', () => {
  test('web identity: the webhook\'s own expected patch (rawPodNeedsSTS: role, region, regional STS) is the PodDefault', () => {
    // GIVEN the webhook's test pod's expected patch
    const fixture = Yaml.load(path.join(__dirname, 'fixtures', 'eks-pod-identity-webhook', 'web-identity-needs-sts.yaml'))[0];
    const patch = JSON.parse(fixture.expectedPatch);
    const volumes = patch.find((p: any) => p.path === '/spec/volumes').value;
    const container = patch.find((p: any) => p.path === '/spec/containers').value[0];
    // WHEN
    const chart = testChart();
    AwsKeylessCredentials.webIdentity(chart, 'Aws', { roleArn: 'arn:aws-cn:iam::111122223333:role/s3-reader', region: 'cn-north-1' }).addPodDefault();
    const [pd] = Testing.synth(chart);
    // THEN: the same volume, the same mount, the same variables and values
    expect(pd.spec.volumes).toEqual(volumes);
    expect(pd.spec.volumeMounts).toEqual(container.volumeMounts);
    expect(envOf(pd)).toEqual(Object.fromEntries(container.env.map((e: any) => [e.name, e.value])));
    expect(pd.metadata.name).toBe('aws-web-identity');
  });

  test('EKS Pod Identity: the agent\'s address, the token file and the volume of the webhook\'s defaults (main.go)', () => {
    const chart = testChart();
    const aws = AwsKeylessCredentials.podIdentity(chart, 'Aws');
    aws.addPodDefault();
    const [pd] = Testing.synth(chart);
    expect(envOf(pd)).toEqual({
      AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://169.254.170.23/v1/credentials',
      AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: '/var/run/secrets/pods.eks.amazonaws.com/serviceaccount/eks-pod-identity-token',
    });
    expect(pd.spec.volumes).toEqual([{ name: 'eks-pod-identity-token', projected: { sources: [{ serviceAccountToken: { audience: 'pods.eks.amazonaws.com', expirationSeconds: 86400, path: 'eks-pod-identity-token' } }] } }]);
    expect(pd.spec.volumeMounts).toEqual([{ name: 'eks-pod-identity-token', mountPath: '/var/run/secrets/pods.eks.amazonaws.com/serviceaccount', readOnly: true }]);
    expect(aws.method).toBe(AwsKeylessMethod.POD_IDENTITY);
    expect(checkManifests([pd])).toEqual([]);
  });

  test('S3 settings are plain variables of the same PodDefault; no Secret is written', () => {
    const chart = testChart();
    const aws = AwsKeylessCredentials.webIdentity(chart, 'Aws', { roleArn: ROLE, region: 'eu-west-1', s3Endpoint: 'https://s3.example.com', roleSessionName: 'notebook', regionalStsEndpoints: false });
    aws.addPodDefault();
    const objects = Testing.synth(chart);
    expect(objects.map((o) => o.kind)).toEqual(['PodDefault']);
    expect(aws.variables).toEqual(['AWS_ROLE_ARN', 'AWS_WEB_IDENTITY_TOKEN_FILE', 'AWS_ROLE_SESSION_NAME', 'AWS_REGION', 'AWS_DEFAULT_REGION', 'S3_ENDPOINT']);
    expect(envOf(objects[0]).AWS_ROLE_SESSION_NAME).toBe('notebook');
  });

  test.each([
    [{ roleArn: 'notebooks' }, /roleArn "notebooks" is not an IAM role ARN.*\[aws-role-arn, runtime\]/],
    [{ roleArn: 'arn:aws:iam::12345:role/x' }, /is not an IAM role ARN/],
    [{ roleArn: ROLE, roleSessionName: 'a b' }, /roleSessionName "a b" is not a session name/],
    [{ roleArn: ROLE, accessKeyId: 'AKIA' }, /accessKeyId is given, but web identity needs no key: leave it out/],
    [{ roleArn: ROLE, tokenExpirationSeconds: 60 }, /tokenExpirationSeconds 60 is not an integer from 600 to 86400/],
    [{ roleArn: ROLE, region: 'EU' }, /setting AWS_REGION "EU" is not a region name/],
  ])('refuses %j', (props, message) => {
    expect(errorOf(() => AwsKeylessCredentials.webIdentity(testChart(), 'Aws', props as any))).toMatch(message);
  });

  test('the role\'s trust policy: one statement for the namespace\'s default-editor, audience sts.amazonaws.com', () => {
    const aws = AwsKeylessCredentials.webIdentity(testChart('team-a'), 'Aws', { roleArn: ROLE });
    expect(JSON.parse(aws.trustPolicy(OIDC))).toEqual({
      Version: '2012-10-17',
      Statement: [{
        Sid: 'KubeflowNotebooks1',
        Effect: 'Allow',
        Principal: { Federated: OIDC },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: {
          StringEquals: {
            'oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub': 'system:serviceaccount:team-a:default-editor',
            'oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:aud': 'sts.amazonaws.com',
          },
        },
      }],
    });
    expect(errorOf(() => aws.trustPolicy('arn:aws:iam::123456789012:role/x'))).toMatch(/is not an IAM OIDC provider ARN/);
    expect(JSON.parse(AwsKeylessCredentials.podIdentity(testChart(), 'P').trustPolicy('')).Statement[0].Principal).toEqual({ Service: 'pods.eks.amazonaws.com' });
  });
});

describe('NotebookAccess and ProfileAccess with a keyless storage provider', () => {
  const config = (storageConfigProvider: S3ConfigurationProvider) => new Config({ dockerConfigProvider: docker(), storageConfigProvider });

  test('fromWebIdentity: the web-identity PodDefault in every namespace, no storage Secret, and the trust policy of all namespaces', () => {
    const chart = new Chart(Testing.app(), 'platform');
    const provider = S3ConfigurationProvider.fromWebIdentity({ roleArn: ROLE, region: 'eu-west-1' });
    expect(provider.kind).toBe(StorageConfigurationKind.WEB_IDENTITY);
    const access = new NotebookAccess(chart, 'Access', { config: config(provider), namespaces: ['team-a', 'team-b'] });
    const objects = Testing.synth(chart);
    expect(objects.filter((o) => o.metadata.namespace === 'team-a').map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['Secret/docker-secret', 'PodDefault/docker-config', 'PodDefault/aws-web-identity']);
    const policy = JSON.parse(access.webIdentityTrustPolicy(OIDC));
    expect(policy.Statement.map((s: any) => Object.values(s.Condition.StringEquals)[0])).toEqual(['system:serviceaccount:team-a:default-editor', 'system:serviceaccount:team-b:default-editor']);
    expect(access.forNamespace('team-a')!.keyless!.roleArn).toBe(ROLE);
  });

  test('fromPodIdentity works the same; the trust policy is the service\'s', () => {
    const chart = new Chart(Testing.app(), 'platform');
    const access = new NotebookAccess(chart, 'Access', { config: config(S3ConfigurationProvider.fromPodIdentity({ region: 'eu-west-1' })), namespaces: ['team-a'] });
    expect(Testing.synth(chart).map((o) => o.metadata.name)).toContain('aws-pod-identity');
    expect(JSON.parse(access.webIdentityTrustPolicy(OIDC)).Statement[0].Action).toEqual(['sts:AssumeRole', 'sts:TagSession']);
  });

  test('keyless providers refuse keys; Secret options do not apply; a provider with keys has no trust policy', () => {
    expect(errorOf(() => S3ConfigurationProvider.fromWebIdentity({ roleArn: ROLE, secretAccessKey: 's' }))).toMatch(/secretAccessKey is given, but web identity needs no key/);
    expect(errorOf(() => new NotebookAccess(new Chart(Testing.app(), 'p'), 'A', { config: config(S3ConfigurationProvider.fromWebIdentity({ roleArn: ROLE })), storage: { secretName: 'x' } })))
      .toMatch(/the storage provider is keyless \(web-identity\): no Secret is written or referenced/);
    const keyed = new NotebookAccess(new Chart(Testing.app(), 'p'), 'A', { config: config(S3ConfigurationProvider.fromEnv({ AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 'b' })), namespaces: ['x'] });
    expect(errorOf(() => keyed.webIdentityTrustPolicy(OIDC))).toMatch(/the storage provider is not keyless \(environment\)/);
  });

  test('ProfileAccess carries the keyless PodDefault to every profile (no Secret to clone)', () => {
    const chart = new Chart(Testing.app(), 'platform');
    new ProfileAccess(chart, 'Profiles', { config: config(S3ConfigurationProvider.fromWebIdentity({ roleArn: ROLE })), docker: { offer: false } });
    const policy = Testing.synth(chart).find((o) => o.kind === 'ClusterPolicy');
    expect(policy.spec.rules.map((r: any) => r.name)).toEqual(['poddefault-aws-web-identity']);
  });
});

describe('the checks of one notebook\'s AWS credentials', () => {
  const pd = (name: string, spec: Record<string, unknown>, annotations?: Record<string, string>) => ({
    apiVersion: 'kubeflow.org/v1alpha1',
    kind: 'PodDefault',
    metadata: { name, namespace: 'user', ...(annotations ? { annotations } : {}) },
    spec: { desc: name, selector: { matchLabels: { [name]: 'true' } }, ...spec },
  });
  const webIdentity = (name: string, role: string = ROLE) => {
    const chart = testChart();
    AwsKeylessCredentials.webIdentity(chart, 'A', { roleArn: role }).addPodDefault({ name });
    return Testing.synth(chart)[0];
  };

  test('two roles offered in one namespace: aws-role-conflict (the webhook refuses a notebook that ticks both); alternatives resolve it', () => {
    const problems = checkManifests([webIdentity('role-a'), webIdentity('role-b', 'arn:aws:iam::123456789012:role/other')]);
    expect(problems.map((p) => p.rule)).toEqual(['aws-role-conflict']);
    expect(problems[0].message).toMatch(/env AWS_ROLE_ARN is another IAM role than the one of \[.*role-a\] in namespace "user": a notebook assumes one role/);
    const chart = testChart();
    AwsKeylessCredentials.webIdentity(chart, 'A', { roleArn: ROLE }).addPodDefault({ name: 'role-a', alternatives: 'aws' });
    AwsKeylessCredentials.webIdentity(chart, 'B', { roleArn: 'arn:aws:iam::123456789012:role/other' }).addPodDefault({ name: 'role-b', alternatives: 'aws' });
    expect(() => Testing.synth(chart)).not.toThrow();
  });

  test('static keys and web identity offered together: aws-credential-precedence names the winner in botocore\'s order', () => {
    const chart = testChart();
    new AwsEnvConfiguration(chart, 'Keys', { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'secret' }).addPodDefault();
    AwsKeylessCredentials.webIdentity(chart, 'Role', { roleArn: ROLE }).addPodDefault();
    expect(synthError(chart)).toMatch(/web identity \(env AWS_ROLE_ARN\) of this PodDefault and AWS_ACCESS_KEY_ID from envFrom Secret "aws-configuration" of \[user\/Keys\/PodDefault\] both give AWS credentials.*a notebook that ticks both gets environment keys .* and silently not web identity.*\[aws-credential-precedence, beyond-webhook\]/);
  });

  test('a mounted credentials file beside EKS Pod Identity: web identity and the file rank before container credentials', () => {
    const problems = checkManifests([
      pd('file', { volumes: [{ name: 'f', secret: { secretName: 'aws-credentials' } }], volumeMounts: [{ name: 'f', mountPath: '/home/jovyan/.aws/' }] }),
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'aws-credentials', namespace: 'user' }, stringData: { credentials: '[default]\naws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = secret\n' } },
      (() => {
        const chart = testChart();
        AwsKeylessCredentials.podIdentity(chart, 'P').addPodDefault();
        return Testing.synth(chart)[0];
      })(),
    ]);
    expect(problems.map((p) => p.rule)).toEqual(['aws-credential-precedence']);
    expect(problems[0].message).toMatch(/gets the shared credentials file \(the credentials file mounted at "\/home\/jovyan\/.aws\/"\) and silently not container credentials/);
  });

  test.each([
    ['a token file without a role', pd('x', { env: [{ name: 'AWS_WEB_IDENTITY_TOKEN_FILE', value: '/var/run/t/token' }], volumes: [{ name: 't', projected: { sources: [{ serviceAccountToken: { audience: 'sts.amazonaws.com', path: 'token' } }] } }], volumeMounts: [{ name: 't', mountPath: '/var/run/t' }] }),
      /env AWS_WEB_IDENTITY_TOKEN_FILE is set without AWS_ROLE_ARN/],
    ['a token file no volume mounts', pd('x', { env: [{ name: 'AWS_ROLE_ARN', value: ROLE }, { name: 'AWS_WEB_IDENTITY_TOKEN_FILE', value: '/var/run/t/token' }] }),
      /env AWS_WEB_IDENTITY_TOKEN_FILE is "\/var\/run\/t\/token", which no volume of this PodDefault mounts/],
    ['the Pod Identity audience for web identity', pd('x', { env: [{ name: 'AWS_ROLE_ARN', value: ROLE }, { name: 'AWS_WEB_IDENTITY_TOKEN_FILE', value: '/var/run/t/token' }], volumes: [{ name: 't', projected: { sources: [{ serviceAccountToken: { audience: 'pods.eks.amazonaws.com', path: 'token' } }] } }], volumeMounts: [{ name: 't', mountPath: '/var/run/t' }] }),
      /names a token for audience "pods.eks.amazonaws.com", which the cluster's OIDC provider does not list/],
    ['a token copied into a Secret', pd('x', { env: [{ name: 'AWS_ROLE_ARN', value: ROLE }, { name: 'AWS_WEB_IDENTITY_TOKEN_FILE', value: '/var/run/t/token' }], volumes: [{ name: 't', secret: { secretName: 'token' } }], volumeMounts: [{ name: 't', mountPath: '/var/run/t' }] }),
      /names a key of Secret "token": a token copied there never rotates/],
    ['the agent without its token', pd('x', { env: [{ name: 'AWS_CONTAINER_CREDENTIALS_FULL_URI', value: 'http://169.254.170.23/v1/credentials' }] }),
      /is the EKS Pod Identity agent, which refuses requests without the token/],
  ])('aws-token-file: %s', (_, manifest, message) => {
    const problems = checkManifests([manifest]);
    expect(problems.map((p) => p.rule)).toContain('aws-token-file');
    expect(problems.find((p) => p.rule === 'aws-token-file')!.message).toMatch(message);
  });

  test('aws-role-arn over manifests; a token lifetime under 10 minutes is refused as the API server refuses it', () => {
    expect(checkManifests([pd('x', { env: [{ name: 'AWS_ROLE_ARN', value: 'role/notebooks' }, { name: 'AWS_WEB_IDENTITY_TOKEN_FILE', value: '/t/token' }], volumes: [{ name: 't', projected: { sources: [{ serviceAccountToken: { audience: 'sts.amazonaws.com', path: 'token', expirationSeconds: 60 } }] } }], volumeMounts: [{ name: 't', mountPath: '/t' }] })]).map((p) => p.rule).sort())
      .toEqual(['aws-role-arn', 'volume-source']);
  });

  test('literal variables that name where a credential is (a token file, the agent\'s URI) are not literal credentials; a literal token still is', () => {
    const chart = testChart();
    const p = new NotebookPodDefault(chart, 'P', { desc: 'p' });
    expect(() => p.addEnv('AWS_CONTAINER_CREDENTIALS_FULL_URI', kplus.EnvValue.fromValue('http://169.254.170.23/v1/credentials'))).not.toThrow();
    expect(errorOf(() => p.addEnv('AWS_CONTAINER_AUTHORIZATION_TOKEN', kplus.EnvValue.fromValue('secret-token')))).toMatch(/\[literal-credential, beyond-webhook\]/);
    expect(errorOf(() => p.addEnv('AWS_WEB_IDENTITY_TOKEN_FILE', kplus.EnvValue.fromValue('eyJhbGciOi.not-a-path')))).toMatch(/\[literal-credential, beyond-webhook\]/);
  });
});

const PYTHON = '/usr/bin/python3';
const HAVE_BOTOCORE = spawnSync(PYTHON, ['-c', 'import botocore'], { stdio: 'ignore' }).status === 0;

describeWithTool('python3-botocore', HAVE_BOTOCORE, 'botocore obtains credentials from the web-identity PodDefault\'s variables and token', () => {
  const STS_ANSWER = '<AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleWithWebIdentityResult>'
    + '<SubjectFromWebIdentityToken>system:serviceaccount:team-a:default-editor</SubjectFromWebIdentityToken><Audience>sts.amazonaws.com</Audience>'
    + '<AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/notebooks/s</Arn><AssumedRoleId>AROAEXAMPLE:s</AssumedRoleId></AssumedRoleUser>'
    + '<Credentials><AccessKeyId>ASIAFROMSTS</AccessKeyId><SecretAccessKey>from-sts</SecretAccessKey><SessionToken>session-from-sts</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration></Credentials>'
    + '<Provider>oidc</Provider></AssumeRoleWithWebIdentityResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></AssumeRoleWithWebIdentityResponse>';
  let compared = 0;

  /** Runs botocore's credential chain with the PodDefault's variables (the token file mapped to a local copy); its answer and the STS requests. */
  async function chain(extra: Record<string, string> = {}): Promise<{ answer: any; requests: URLSearchParams[] }> {
    const requests: URLSearchParams[] = [];
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        requests.push(new URLSearchParams(body));
        res.writeHead(200, { 'Content-Type': 'text/xml' });
        res.end(STS_ANSWER);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const chart = testChart('team-a');
      AwsKeylessCredentials.webIdentity(chart, 'Aws', { roleArn: ROLE, region: 'eu-west-1', roleSessionName: 'notebook' }).addPodDefault();
      const variables = envOf(Testing.synth(chart)[0]);
      const dir = tempDir();
      const token = path.join(dir, 'token');
      fs.writeFileSync(token, 'eyJhbGciOiJSUzI1NiJ9.projected-token.signature');
      const script = [
        'import botocore.session, json, os',
        's = botocore.session.get_session()',
        'create = s.create_client',
        // The installed botocore (1.29) reads no STS endpoint from the environment: its client config.
        "s.create_client = lambda service, *a, **kw: create(service, *a, **dict(kw, endpoint_url=os.environ['TEST_STS_URL'])) if service == 'sts' else create(service, *a, **kw)",
        'c = s.get_credentials()',
        'f = c.get_frozen_credentials()',
        "print(json.dumps({'method': c.method, 'access_key': f.access_key, 'token': f.token}))",
      ].join('\n');
      const env = {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: dir,
        AWS_CONFIG_FILE: path.join(dir, 'none'),
        AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'none'),
        AWS_EC2_METADATA_DISABLED: 'true',
        ...variables,
        AWS_WEB_IDENTITY_TOKEN_FILE: token,
        TEST_STS_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        ...extra,
      };
      const out = await new Promise<string>((resolve, reject) => {
        const child = spawn(PYTHON, ['-c', script], { env, stdio: ['ignore', 'pipe', 'pipe'] });
        let text = '';
        child.stdout.on('data', (d) => (text += d));
        child.on('error', reject);
        child.on('close', () => resolve(text));
      });
      compared++;
      return { answer: JSON.parse(out), requests };
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }

  test('AssumeRoleWithWebIdentity with the PodDefault\'s role, session name and the mounted token; the answer\'s credentials', async () => {
    const { answer, requests } = await chain();
    expect(answer).toEqual({ method: 'assume-role-with-web-identity', access_key: 'ASIAFROMSTS', token: 'session-from-sts' });
    expect(requests).toHaveLength(1);
    expect(requests[0].get('Action')).toBe('AssumeRoleWithWebIdentity');
    expect(requests[0].get('RoleArn')).toBe(ROLE);
    expect(requests[0].get('RoleSessionName')).toBe('notebook');
    expect(requests[0].get('WebIdentityToken')).toBe('eyJhbGciOiJSUzI1NiJ9.projected-token.signature');
  });

  test('with static keys beside it, botocore takes the environment keys and never calls STS (what aws-credential-precedence says)', async () => {
    const { answer, requests } = await chain({ AWS_ACCESS_KEY_ID: 'AKIASTATIC', AWS_SECRET_ACCESS_KEY: 'static' });
    expect(answer).toEqual({ method: 'env', access_key: 'AKIASTATIC', token: null });
    expect(requests).toHaveLength(0);
  });

  afterAll(() => recordCounts('keyless', { consumerComparisons: compared }));
});
