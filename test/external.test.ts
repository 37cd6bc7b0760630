/**
 * ExternalSecret output: the object validates against the External Secrets Operator's CRD, and
 * its templates render, by the operator's template rules (Go text/template with sprig; the
 * subset used: `index`, `printf`, `b64enc`), to the exact bytes of the plain Secret.
 */
import { Testing } from 'cdk8s';
import {
  AwsEnvConfiguration, AwsFileCredentials, DockerCredentials, ExternalSecretsVersion, ExternalStoreKind, NotebookPodDefault, SecretOutput,
} from '../src';
import { externalSecretSchemaErrors } from './support/schema';
import { errorOf, testChart } from './support/synth';

/** Renders an ESO v2 template with the given remote fields (the actions this library writes). */
function render(template: string, fields: Record<string, string>): string {
  const value = (term: string): string => {
    const index = /^\(?index \. "([^"]+)"\)?$/.exec(term.trim());
    if (!index) {
      throw new Error(`unsupported term ${term}`);
    }
    if (!(index[1] in fields)) {
      throw new Error(`no remote field ${index[1]}`);
    }
    return fields[index[1]];
  };
  return template.replace(/\{\{ (.+?) \}\}/g, (_all, action: string) => {
    const [first, ...functions] = action.split(' | ');
    const printf = /^printf "([^"]*)" (\(index \. "[^"]+"\)) (\(index \. "[^"]+"\))$/.exec(first);
    let result = printf ? printf[1].replace('%s', value(printf[2])).replace('%s', value(printf[3])) : value(first);
    for (const fn of functions) {
      if (fn.trim() !== 'b64enc') {
        throw new Error(`unsupported function ${fn}`);
      }
      result = Buffer.from(result, 'utf8').toString('base64');
    }
    return result;
  });
}

const OUTPUT = SecretOutput.external({ store: 'vault', remoteKey: 'kubeflow/team-a' });
const CASES: Array<{ name: string; build: (output?: SecretOutput) => (c: any) => unknown; fields: Record<string, string> }> = [
  {
    name: 'DockerCredentials from registries',
    build: (output?: SecretOutput) => (c: any) => new DockerCredentials(c, 'X', {
      registries: [{ server: 'ghcr.io', username: 'gh-user', password: 'p:a s"s' }, { server: 'docker.io', username: 'hub', password: 'h' }], output,
    }),
    fields: { registry0_username: 'gh-user', registry0_password: 'p:a s"s', registry1_username: 'hub', registry1_password: 'h' },
  },
  {
    name: 'AwsFileCredentials from profiles',
    build: (output?: SecretOutput) => (c: any) => new AwsFileCredentials(c, 'X', {
      profiles: [{ accessKeyId: 'AKIAX', secretAccessKey: 's/3+c', sessionToken: 'tok' }, { name: 'dev', accessKeyId: 'AKIAY', secretAccessKey: 'd' }], output,
    }),
    fields: { default_aws_access_key_id: 'AKIAX', default_aws_secret_access_key: 's/3+c', default_aws_session_token: 'tok', dev_aws_access_key_id: 'AKIAY', dev_aws_secret_access_key: 'd' },
  },
  {
    name: 'AwsEnvConfiguration',
    build: (output?: SecretOutput) => (c: any) => new AwsEnvConfiguration(c, 'X', {
      accessKeyId: 'AKIAX', secretAccessKey: 's3cr3t', region: 'eu-west-1', s3Endpoint: 'http://minio-service.kubeflow:9000', output,
    }),
    fields: { AWS_ACCESS_KEY_ID: 'AKIAX', AWS_SECRET_ACCESS_KEY: 's3cr3t' },
  },
  {
    name: 'DockerCredentials from a whole config.json',
    build: (output?: SecretOutput) => (c: any) => new DockerCredentials(c, 'X', { configJson: '{"auths": {"ghcr.io": {"auth": "dTpw"}}}', output }),
    fields: { 'config.json': '{"auths": {"ghcr.io": {"auth": "dTpw"}}}' },
  },
];

describe.each(CASES)('$name', ({ build, fields }) => {
  test('the ExternalSecret makes the same Secret: same name, keys and bytes', () => {
    // GIVEN the plain Secret and the external one
    const plainChart = testChart();
    build()(plainChart);
    const plain = Testing.synth(plainChart)[0];
    const chart = testChart();
    build(OUTPUT)(chart);
    const objects = Testing.synth(chart);
    const external = objects[0];
    // THEN
    expect(objects.map((o: any) => o.kind)).toEqual(['ExternalSecret']);
    expect(externalSecretSchemaErrors(external)).toEqual([]);
    expect(external.spec.target.name).toBe(plain.metadata.name);
    expect(external.spec.secretStoreRef).toEqual({ name: 'vault', kind: 'SecretStore' });
    expect(external.spec.data).toEqual(Object.keys(fields).map((f) => ({ secretKey: f, remoteRef: { key: 'kubeflow/team-a', property: f } })));
    const templates: Record<string, string> = external.spec.target.template.data ?? Object.fromEntries(Object.keys(fields).map((f) => [f, `{{ index . ${JSON.stringify(f)} }}`]));
    const rendered = Object.fromEntries(Object.entries(templates).map(([key, template]) => [key, render(template, fields)]));
    const expected = Object.fromEntries(Object.entries(plain.data as Record<string, string>).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]));
    expect(rendered).toEqual(expected);
    // No credential is written.
    for (const value of Object.values(fields).filter((v) => v.length > 3 && !v.startsWith('{'))) {
      expect(JSON.stringify(external)).not.toContain(value);
    }
  });
});

test('v1beta1 for older operators, a ClusterSecretStore, and the same PodDefault', () => {
  const chart = testChart();
  const docker = new DockerCredentials(chart, 'Docker', {
    registries: [{ server: 'ghcr.io', username: 'u', password: 'p' }],
    output: SecretOutput.external({ store: 'shared', storeKind: ExternalStoreKind.CLUSTER_SECRET_STORE, remoteKey: 'k', apiVersion: ExternalSecretsVersion.V1BETA1 }),
  });
  docker.addPodDefault();
  const [external, pd] = Testing.synth(chart);
  expect(external.apiVersion).toBe('external-secrets.io/v1beta1');
  expect(external.spec.secretStoreRef).toEqual({ name: 'shared', kind: 'ClusterSecretStore' });
  expect(externalSecretSchemaErrors(external)).toEqual([]);
  expect(pd.spec.volumes).toEqual([{ name: 'docker-secret-volume', secret: { secretName: 'docker-secret' } }]);
  expect(docker.keys).toEqual(['config.json']);
});

test('the checks know the keys an ExternalSecret makes', () => {
  const chart = testChart();
  new AwsEnvConfiguration(chart, 'Env', { accessKeyId: 'a', secretAccessKey: 'b', output: OUTPUT });
  new NotebookPodDefault(chart, 'Pd', { desc: 'pd' }).addSecretVolume({ secretName: 'aws-configuration', mountPath: '/x', items: [{ key: 'NOT_A_KEY', path: 'k' }] });
  expect(errorOf(() => Testing.synth(chart))).toMatch(/item key "NOT_A_KEY" is not a key of Secret "aws-configuration" \(its keys: "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"\)/);
});

test('store and remoteKey are required', () => {
  expect(errorOf(() => SecretOutput.external({ store: '', remoteKey: 'k' }))).toMatch(/store and remoteKey are required/);
});
