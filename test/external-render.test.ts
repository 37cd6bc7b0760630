/**
 * ExternalSecret templates rendered by the operator's own engine: Go text/template with
 * missingkey=error and sprig (test/oracles/eso-render, built from Debian's golang-go and
 * golang-github-masterminds-sprig-dev). Literal text that looks like template actions (an e-mail
 * `me{{x}}@example.com`, a profile `team{{x}}`, an endpoint `http://{{x}}:9000`, a comment
 * `a{{/*x*\/}}b`) renders as itself, to the plain Secret's bytes. Also: remote field names for
 * unusual profile names, and the options the operator would refuse.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as path from 'path';
import { Testing } from 'cdk8s';
import * as fc from 'fast-check';
import {
  AwsEnvConfiguration, AwsFileCredentials, CaCertificates, Config, DockerConfig, DockerConfigurationProvider, DockerCredentials,
  DockerRegistryCertificate, NotebookAccess, S3ConfigurationProvider, SecretOutput, StorageConfigurationKind,
} from '../src';
import { describeWithTool, tempDir } from './support/kubectl';
import { recordCounts } from './support/proof-counts';
import { externalSecretSchemaErrors } from './support/schema';
import { errorOf, testChart } from './support/synth';
import { profileField, remoteProfileName } from '../src/formats/aws-credentials-file';
import { goTemplateText } from '../src/formats/go-template';

const GOPATH = '/usr/share/gocode';
const HAVE_GO = spawnSync('go', ['version'], { stdio: 'ignore' }).status === 0
  && spawnSync('test', ['-d', path.join(GOPATH, 'src', 'github.com', 'Masterminds', 'sprig')]).status === 0;
const OUTPUT = SecretOutput.external({ store: 'vault', remoteKey: 'kubeflow/team-a' });

let oracle = '';
function build(): string {
  if (!oracle) {
    oracle = path.join(tempDir(), 'eso-render');
    execFileSync('go', ['build', '-o', oracle, '.'], {
      cwd: path.join(__dirname, 'oracles', 'eso-render'),
      env: { ...process.env, GOPATH, GO111MODULE: 'off', GOCACHE: path.join(tempDir(), 'gocache'), GOFLAGS: '' },
      stdio: 'pipe',
    });
  }
  return oracle;
}

function ask(input: unknown): any {
  return JSON.parse(execFileSync(build(), { input: JSON.stringify(input), encoding: 'utf8' }));
}

/** Renders templates as the operator does; the rendered bytes as UTF-8, or the engine's error. */
function render(templates: Record<string, string>, data: Record<string, string>): Record<string, string> | string {
  const result = ask({ templates, data });
  if (result.error) {
    return result.error;
  }
  return Object.fromEntries(Object.entries(result.rendered as Record<string, string>).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]));
}

const HOSTILE = ['me{{x}}@example.com', 'a{{/*x*/}}b', 'x{', '{', '{{', '{{{', '}}', '{{- x -}}', '{{"{{"}}', 'a{b}c', '{{ index . "registry0_password" }}', '\\{{', '{{end}}'];

/** Plain and external output of one construct, and the remote fields that hold its values. */
function both(make: (chart: any, output?: SecretOutput) => unknown): { plain: any; external: any } {
  const plainChart = testChart();
  make(plainChart);
  const chart = testChart();
  make(chart, OUTPUT);
  return { plain: Testing.synth(plainChart)[0], external: Testing.synth(chart)[0] };
}

function decoded(secret: any): Record<string, string> {
  return Object.fromEntries(Object.entries(secret.data as Record<string, string>).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]));
}

describeWithTool('go and sprig (golang-go, golang-github-masterminds-sprig-dev)', HAVE_GO, 'templates, rendered by the operator\'s engine', () => {
  test('literal text renders as itself, before an action or at the end', () => {
    const texts = [...HOSTILE, ...fc.sample(fc.string({ unit: fc.constantFrom('{', '}', '-', ' ', '/', '*', '"', '\\', 'x', '.', '\n'), maxLength: 12 }), { numRuns: 300, seed: 18 })];
    const templates: Record<string, string> = {};
    texts.forEach((t, i) => {
      templates[`end${i}`] = goTemplateText(t);
      templates[`action${i}`] = `${goTemplateText(t)}{{ index . "v" }}${goTemplateText(t)}`;
    });
    const rendered = render(templates, { v: 'V' });
    expect(typeof rendered).toBe('object');
    texts.forEach((t, i) => {
      expect((rendered as Record<string, string>)[`end${i}`]).toBe(t);
      expect((rendered as Record<string, string>)[`action${i}`]).toBe(`${t}V${t}`);
    });
    recordCounts('external-render', { consumerComparisons: texts.length * 2 });
  });

  test('unescaped, the same texts fail or render otherwise (what the escaping prevents)', () => {
    expect(render({ k: 'me{{x}}@example.com' }, {})).toMatch(/function "x" not defined/);
    expect(render({ k: 'a{{/*x*/}}b' }, {})).toEqual({ k: 'ab' });
  });

  test.each(HOSTILE)('DockerCredentials with e-mail %j: the template renders the plain config.json', (email) => {
    const registries = [{ server: 'ghcr.io', username: 'u{{x}}', password: 'p}}{{', email }, { server: 'quay.io', username: 'q', password: 'x{' }];
    const { plain, external } = both((c, output) => new DockerCredentials(c, 'D', { registries, output }));
    const fields = { registry0_username: 'u{{x}}', registry0_password: 'p}}{{', registry1_username: 'q', registry1_password: 'x{' };
    expect(render(external.spec.target.template.data, fields)).toEqual(decoded(plain));
    expect(externalSecretSchemaErrors(external)).toEqual([]);
  });

  test.each(['team{{x}}', 'team/ml', 'a:b@c', 'ü', 'x{', 'default'])('AwsFileCredentials with profile %j: valid secretKeys, and the template renders the plain file', (name) => {
    const profiles = [{ name, accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 's{{/*k*/}}' }];
    const { plain, external } = both((c, output) => new AwsFileCredentials(c, 'A', { profiles, output }));
    const fields = { [profileField(name, 'aws_access_key_id')]: 'AKIAIOSFODNN7EXAMPLE', [profileField(name, 'aws_secret_access_key')]: 's{{/*k*/}}' };
    expect(externalSecretSchemaErrors(external)).toEqual([]);
    expect(external.spec.data.map((d: any) => d.secretKey)).toEqual(Object.keys(fields));
    expect(render(external.spec.target.template.data, fields)).toEqual(decoded(plain));
  });

  test('AwsEnvConfiguration with literal settings that look like actions renders the plain values', () => {
    const { plain, external } = both((c, output) => new AwsEnvConfiguration(c, 'E', {
      accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 's', region: 'eu-west-1', s3Endpoint: 'http://x{{y}}.example.com:9000', output,
    }));
    const rendered = render(external.spec.target.template.data, { AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE', AWS_SECRET_ACCESS_KEY: 's' });
    expect(rendered).toEqual(decoded(plain));
  });

  test('refreshInterval: accepted exactly when Go parses it as a duration (negative ones refused too)', () => {
    const candidates = ['1h', '30m', '1h30m', '1.5h', '1.h', '.5h', '0', '10s', '100ms', '1us', '1µs', '1d', 'daily', '', '1', '.h', 'h', '1H', '1h ', ' 1h', '+1h', '-1h', '1m1m'];
    const go: boolean[] = ask({ durations: candidates }).valid;
    candidates.forEach((interval, i) => {
      let accepted = true;
      try {
        SecretOutput.external({ store: 'vault', remoteKey: 'k', refreshInterval: interval });
      } catch {
        accepted = false;
      }
      expect([interval, accepted]).toEqual([interval, go[i] && !interval.startsWith('-')]);
    });
  });
});

describe('external output options and remote field names', () => {
  test('unusual profile names map to valid secretKeys (profile- and the hex of their UTF-8), usual ones are kept', () => {
    expect(remoteProfileName('team-a.prod_1')).toBe('team-a.prod_1');
    expect(remoteProfileName('team/ml')).toBe('profile-7465616d2f6d6c');
    expect(remoteProfileName('ü')).toBe('profile-c3bc');
    expect(profileField('a:b', 'aws_access_key_id')).toBe('profile-613a62_aws_access_key_id');
  });

  test('the store must be an object name; kind and apiVersion from their enums; refreshInterval a Go duration', () => {
    expect(errorOf(() => SecretOutput.external({ store: 'My Store', remoteKey: 'k' }))).toMatch(/^\[SecretOutput.external\(\)\] store "My Store" is not a Kubernetes object name/);
    expect(errorOf(() => SecretOutput.external({ store: 'vault/prod', remoteKey: 'k' }))).toMatch(/store "vault\/prod" is not a Kubernetes object name/);
    expect(errorOf(() => SecretOutput.external({ store: 'a'.repeat(254), remoteKey: 'k' }))).toMatch(/is not a Kubernetes object name/);
    expect(errorOf(() => SecretOutput.external({ store: 'vault', remoteKey: 'k', storeKind: 'Store' as any }))).toMatch(/storeKind "Store" is not one of SecretStore, ClusterSecretStore/);
    expect(errorOf(() => SecretOutput.external({ store: 'vault', remoteKey: 'k', apiVersion: 'external-secrets.io/v2' as any }))).toMatch(/apiVersion "external-secrets.io\/v2" is not one of/);
    expect(errorOf(() => SecretOutput.external({ store: 'vault', remoteKey: 'k', refreshInterval: '1d' }))).toMatch(/refreshInterval "1d" is not a Go duration/);
    expect(() => SecretOutput.external({ store: 'vault.prod-1', remoteKey: 'k', refreshInterval: '24h' })).not.toThrow();
  });

  test('two profiles whose remote fields would collide are refused; a name too long for a secretKey is refused', () => {
    const profiles = [{ name: 'team/ml', accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 's' }, { name: 'profile-7465616d2f6d6c', accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 't' }];
    expect(errorOf(() => new AwsFileCredentials(testChart(), 'A', { profiles, output: OUTPUT }))).toMatch(/^\[user\/A\] two values would read the same remote field "profile-7465616d2f6d6c_aws_access_key_id"/);
    expect(() => new AwsFileCredentials(testChart(), 'A', { profiles })).not.toThrow();
    const long = [{ name: 'p'.repeat(240), accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 's' }];
    expect(errorOf(() => new AwsFileCredentials(testChart(), 'A', { profiles: long, output: OUTPUT }))).toMatch(/remote field names are at most 253 characters/);
    expect(() => new AwsFileCredentials(testChart(), 'A', { profiles: long })).not.toThrow();
  });
});

describeWithTool('go and sprig (golang-go, golang-github-masterminds-sprig-dev)', HAVE_GO, 'external output from the shape alone', () => {
  /** Synthesizes with external output; no credential value is in the props. */
  const externalOf = (make: (chart: any) => unknown) => {
    const chart = testChart();
    make(chart);
    return Testing.synth(chart)[0];
  };
  const plainOf = (make: (chart: any) => unknown) => {
    const chart = testChart();
    make(chart);
    return Testing.synth(chart)[0];
  };

  test('DockerCredentials: registry servers only; the template renders the plain config.json from the store\'s fields', () => {
    const external = externalOf((c) => new DockerCredentials(c, 'D', { registries: [{ server: 'ghcr.io', email: 'me{{x}}@example.com' }, { server: 'docker.io' }], output: OUTPUT }));
    const plain = plainOf((c) => new DockerCredentials(c, 'D', {
      registries: [{ server: 'ghcr.io', username: 'gh', password: 'p:w', email: 'me{{x}}@example.com' }, { server: 'docker.io', username: 'hub', password: 'h' }],
    }));
    expect(external.spec.data.map((d: any) => d.remoteRef.property)).toEqual(['registry0_username', 'registry0_password', 'registry1_username', 'registry1_password']);
    expect(render(external.spec.target.template.data, { registry0_username: 'gh', registry0_password: 'p:w', registry1_username: 'hub', registry1_password: 'h' })).toEqual(decoded(plain));
    expect(externalSecretSchemaErrors(external)).toEqual([]);
  });

  test('AwsFileCredentials: profile names only (and a session token declared); renders the plain file', () => {
    const external = externalOf((c) => new AwsFileCredentials(c, 'A', { profiles: [{}, { name: 'team/ml', withSessionToken: true }], output: OUTPUT }));
    const plain = plainOf((c) => new AwsFileCredentials(c, 'A', {
      profiles: [{ accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 's1' }, { name: 'team/ml', accessKeyId: 'AKIAI44QH8DHBEXAMPLE', secretAccessKey: 's2', sessionToken: 't2' }],
    }));
    const fields = {
      default_aws_access_key_id: 'AKIAIOSFODNN7EXAMPLE',
      default_aws_secret_access_key: 's1',
      [profileField('team/ml', 'aws_access_key_id')]: 'AKIAI44QH8DHBEXAMPLE',
      [profileField('team/ml', 'aws_secret_access_key')]: 's2',
      [profileField('team/ml', 'aws_session_token')]: 't2',
    };
    expect(external.spec.data.map((d: any) => d.secretKey)).toEqual(Object.keys(fields));
    expect(render(external.spec.target.template.data, fields)).toEqual(decoded(plain));
  });

  test('AwsEnvConfiguration: settings only; the credentials come from the store', () => {
    const external = externalOf((c) => new AwsEnvConfiguration(c, 'E', { region: 'eu-west-1', s3Endpoint: 'http://minio:9000', output: OUTPUT }));
    const plain = plainOf((c) => new AwsEnvConfiguration(c, 'E', { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'sec', region: 'eu-west-1', s3Endpoint: 'http://minio:9000' }));
    expect(external.spec.data.map((d: any) => d.secretKey)).toEqual(['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY']);
    expect(render(external.spec.target.template.data, { AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE', AWS_SECRET_ACCESS_KEY: 'sec' })).toEqual(decoded(plain));
    expect(JSON.stringify(external)).not.toContain('held-by-the-external-store');
  });

  test('DockerRegistryCertificate: the certificate is literal text of the template, rendered to the plain Secret\'s bytes with no remote field', () => {
    const certificates = CaCertificates.fromFile(path.join(__dirname, '..', 'examples', 'registry-certificate.pem'));
    const external = externalOf((c) => new DockerRegistryCertificate(c, 'C', { certificates, output: OUTPUT }));
    const plain = plainOf((c) => new DockerRegistryCertificate(c, 'C', { certificates }));
    expect(external.spec.data).toEqual([]);
    expect(render(external.spec.target.template.data, {})).toEqual(decoded(plain));
    expect(externalSecretSchemaErrors(external)).toEqual([]);
  });

  test('values given with external output are not used: the same ExternalSecret, and an empty password is not refused', () => {
    const shape = externalOf((c) => new DockerCredentials(c, 'D', { registries: [{ server: 'ghcr.io' }], output: OUTPUT }));
    const withValues = externalOf((c) => new DockerCredentials(c, 'D', { registries: [{ server: 'ghcr.io', username: 'u', password: '' }], output: OUTPUT }));
    expect(withValues).toEqual(shape);
    const env = externalOf((c) => new AwsEnvConfiguration(c, 'E', { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'x', region: 'eu-west-1', output: OUTPUT }));
    expect(JSON.stringify(env)).not.toMatch(/AKIAIOSFODNN7EXAMPLE/);
  });

  test('without external output, the values are still required, each named', () => {
    expect(errorOf(() => new DockerCredentials(testChart(), 'D', { registries: [{ server: 'ghcr.io' }] })))
      .toBe('[user/D] registries[0].username is missing (it is needed unless the output is external) [docker-auth, runtime]\n[user/D] registries[0].password is missing (it is needed unless the output is external) [credential-value, runtime]');
    expect(errorOf(() => new AwsFileCredentials(testChart(), 'A', { profiles: [{}] }))).toMatch(/profiles\[0\].accessKeyId is missing \(it is needed unless the output is external\)/);
    expect(errorOf(() => new AwsEnvConfiguration(testChart(), 'E', { region: 'eu-west-1' }))).toMatch(/AWS_ACCESS_KEY_ID is missing/);
  });
});

describeWithTool('go and sprig (golang-go, golang-github-masterminds-sprig-dev)', HAVE_GO, 'NotebookAccess with external output and no credential anywhere', () => {
  test('registry servers and storage settings only: ExternalSecrets and PodDefaults per namespace, rendering the plain Secrets', () => {
    // GIVEN providers that hold no credential (nothing is read from a file or the environment)
    const config = new Config({
      dockerConfigProvider: DockerConfigurationProvider.fromRegistryServers(['ghcr.io', 'docker.io']),
      storageConfigProvider: S3ConfigurationProvider.forExternalStore({ region: 'eu-west-1', s3Endpoint: 'http://minio.example.com:9000' }),
    });
    const chart = testChart();
    new NotebookAccess(chart, 'Access', { config, namespaces: ['team-a', 'team-b'], docker: { output: OUTPUT }, storage: { output: OUTPUT } });
    const objects = Testing.synth(chart);
    // THEN two ExternalSecrets and their PodDefaults per namespace
    expect(objects.map((o: any) => `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`).sort()).toEqual([
      'ExternalSecret team-a/aws-configuration', 'ExternalSecret team-a/docker-secret', 'ExternalSecret team-b/aws-configuration', 'ExternalSecret team-b/docker-secret',
      'PodDefault team-a/aws-configuration', 'PodDefault team-a/docker-config', 'PodDefault team-b/aws-configuration', 'PodDefault team-b/docker-config',
    ].sort());
    // AND each renders, from the store's fields, what plain output writes from the same values
    const plainChart = testChart();
    new DockerCredentials(plainChart, 'D', { registries: [{ server: 'ghcr.io', username: 'gh', password: 'p' }, { server: 'docker.io', username: 'hub', password: 'h' }] });
    new AwsEnvConfiguration(plainChart, 'E', { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 's', region: 'eu-west-1', s3Endpoint: 'http://minio.example.com:9000' });
    const [plainDocker, plainEnv] = Testing.synth(plainChart);
    const docker = objects.find((o: any) => o.kind === 'ExternalSecret' && o.metadata.name === 'docker-secret');
    const env = objects.find((o: any) => o.kind === 'ExternalSecret' && o.metadata.name === 'aws-configuration');
    expect(render(docker.spec.target.template.data, { registry0_username: 'gh', registry0_password: 'p', registry1_username: 'hub', registry1_password: 'h' })).toEqual(decoded(plainDocker));
    expect(render(env.spec.target.template.data, { AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE', AWS_SECRET_ACCESS_KEY: 's' })).toEqual(decoded(plainEnv));
    for (const o of objects.filter((x: any) => x.kind === 'ExternalSecret')) {
      expect(externalSecretSchemaErrors(o)).toEqual([]);
    }
  });

  test('shape-only sources need external output, and hold nothing to print', () => {
    const servers = DockerConfigurationProvider.fromRegistryServers(['ghcr.io']);
    expect(errorOf(() => DockerCredentials.fromProvider(testChart(), 'D', servers)))
      .toBe('[user/D] config names registry servers only (fromRegistryServers) and holds no credentials: it needs output SecretOutput.external(...)');
    expect(errorOf(() => AwsEnvConfiguration.fromProvider(testChart(), 'E', S3ConfigurationProvider.forExternalStore({ region: 'eu-west-1' }))))
      .toMatch(/holds settings only \(S3ConfigurationProvider.forExternalStore\) and no credentials: it needs output SecretOutput.external/);
    expect(errorOf(() => S3ConfigurationProvider.forExternalStore({ accessKeyId: 'AKIAIOSFODNN7EXAMPLE' }))).toMatch(/accessKeyId is given, but the external store holds the credentials/);
    expect(errorOf(() => S3ConfigurationProvider.forExternalStore({ region: 'Not A Region' }))).toMatch(/AWS_REGION/);
    expect(errorOf(() => DockerConfig.fromRegistryServers(['ghcr.io', 'https://GHCR.io/v2/']))).toMatch(/servers\[1\] is the same registry as servers\[0\]/);
    expect(errorOf(() => DockerConfig.fromRegistryServers([]))).toMatch(/servers is empty/);
    expect(errorOf(() => servers.config.configJson())).toMatch(/names registry servers only/);
    expect(servers.covers('ghcr.io/team/model:1')).toBe(true);
  });

  test('a credentials file from profile names only: mounted per namespace, rendering the plain file', () => {
    // GIVEN a credentials-file provider that holds profile names and no value
    const provider = S3ConfigurationProvider.forExternalCredentialsFile([{ name: 'default' }, { name: 'team{{x}}', withSessionToken: true }], 'team{{x}}');
    expect(provider.kind).toBe(StorageConfigurationKind.CREDENTIALS_FILE);
    expect(provider.profiles).toEqual(['default', 'team{{x}}']);
    expect(provider.accessKeyId).toBeUndefined();
    const chart = testChart();
    new NotebookAccess(chart, 'Access', {
      config: new Config({ dockerConfigProvider: DockerConfigurationProvider.fromRegistryServers(['ghcr.io']), storageConfigProvider: provider }),
      namespaces: ['team-a'],
      docker: { output: OUTPUT },
      storage: { output: OUTPUT },
    });
    const objects = Testing.synth(chart);
    expect(objects.map((o: any) => `${o.kind}/${o.metadata.name}`)).toEqual(['ExternalSecret/docker-secret', 'PodDefault/docker-config', 'ExternalSecret/aws-credentials', 'PodDefault/aws-credentials']);
    const file = objects[2];
    expect(externalSecretSchemaErrors(file)).toEqual([]);
    // THEN the operator renders, from the store's fields, what plain output writes from the same values
    const plainChart = testChart();
    new AwsFileCredentials(plainChart, 'F', { profiles: [{ name: 'default', accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'a' }, { name: 'team{{x}}', accessKeyId: 'AKIAI44QH8DHBEXAMPLE', secretAccessKey: 'b', sessionToken: 't' }] });
    const [plain] = Testing.synth(plainChart);
    const fields = Object.fromEntries(file.spec.data.map((d: any) => [d.secretKey, '']));
    const values = ['AKIAIOSFODNN7EXAMPLE', 'a', 'AKIAI44QH8DHBEXAMPLE', 'b', 't'];
    Object.keys(fields).forEach((k, i) => { fields[k] = values[i]; });
    expect(render(file.spec.target.template.data, fields)).toEqual(decoded(plain));
  });

  test('profile names only: values, unknown profiles and plain output are refused', () => {
    expect(errorOf(() => S3ConfigurationProvider.forExternalCredentialsFile([{ name: 'default', accessKeyId: 'AKIAIOSFODNN7EXAMPLE' } as any])))
      .toMatch(/profiles\[0\].accessKeyId is given, but the external store holds the credentials/);
    expect(errorOf(() => S3ConfigurationProvider.forExternalCredentialsFile([{ name: 'default' }], 'prod'))).toMatch(/has no profile "prod" \(it has "default"\) \[aws-profile-missing/);
    expect(errorOf(() => S3ConfigurationProvider.forExternalCredentialsFile([]))).toMatch(/profiles is empty/);
    const provider = S3ConfigurationProvider.forExternalCredentialsFile([{ name: 'default' }]);
    expect(errorOf(() => AwsFileCredentials.fromProvider(testChart(), 'F', provider)))
      .toMatch(/\[user\/F\] the provider holds profile names only \(S3ConfigurationProvider.forExternalCredentialsFile\) and no credentials: it needs output SecretOutput.external/);
    expect(String(provider)).toMatch(/external store/);
  });
});
