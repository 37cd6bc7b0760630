/**
 * Secrets of any cdk8s-plus major, plain ApiObjects and the library's own constructs are taken
 * wherever a Secret is, and their namespace is read from the object itself.
 */
import { ApiObject, Chart, Testing } from 'cdk8s';
import * as kplus27 from 'cdk8s-plus-27';
import * as kplus33 from 'cdk8s-plus-33';
import { AwsEnvConfiguration, DockerCredentials, NotebookPodDefault } from '../src';
import { errorOf } from './support/synth';

const REGISTRY = { server: 'ghcr.io', username: 'u', password: 'p' };

/** Two charts of one App: the PodDefault's namespace `user`, and another namespace `other`. */
function charts() {
  const app = Testing.app();
  return { user: new Chart(app, 'user', { namespace: 'user' }), other: new Chart(app, 'other', { namespace: 'other' }) };
}

describe('a Secret of another namespace is refused, whatever made it', () => {
  test.each([
    ['a cdk8s-plus-27 Secret', (c: Chart) => new kplus27.Secret(c, 'S', { metadata: { name: 'creds' } })],
    ['a cdk8s-plus-33 Secret', (c: Chart) => new kplus33.Secret(c, 'S', { metadata: { name: 'creds' } })],
    ['a plain ApiObject Secret', (c: Chart) => new ApiObject(c, 'S', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'creds' }, data: { k: 'dg==' } })],
    ['the library\'s own DockerCredentials', (c: Chart) => new DockerCredentials(c, 'S', { name: 'creds', registries: [REGISTRY] })],
    ['the secret handle of DockerCredentials', (c: Chart) => new DockerCredentials(c, 'S', { name: 'creds', registries: [REGISTRY] }).secret],
    ['the secret handle of an existing Secret', (c: Chart) => DockerCredentials.fromExistingSecret(c, 'S', 'creds').secret],
  ])('%s', (_what, make) => {
    // GIVEN a Secret made in namespace "other"
    const { user, other } = charts();
    const secret = make(other) as any;
    const pd = new NotebookPodDefault(user, 'Pd', { desc: 'pd' });
    // THEN mounting it or injecting it in namespace "user" fails
    expect(errorOf(() => pd.addSecretVolume({ secretName: secret, mountPath: '/creds' })))
      .toMatch(/\[user\/Pd\] Secret "creds" is in namespace "other", but this PodDefault is in "user"/);
    expect(errorOf(() => pd.addEnvFromSecret(secret))).toMatch(/is in namespace "other"/);
  });

  test.each([
    ['a cdk8s-plus-27 Secret', (c: Chart) => new kplus27.Secret(c, 'S', { metadata: { name: 'creds' } })],
    ['a cdk8s-plus-33 Secret', (c: Chart) => new kplus33.Secret(c, 'S', { metadata: { name: 'creds' } })],
    ['a plain ApiObject Secret', (c: Chart) => new ApiObject(c, 'S', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'creds' }, data: { k: 'dg==' } })],
    ['a cdk8s-plus-33 import by name (no namespace)', (c: Chart) => kplus33.Secret.fromSecretName(c, 'S', 'creds')],
  ])('%s of the same namespace is accepted', (_what, make) => {
    const { user } = charts();
    const pd = new NotebookPodDefault(user, 'Pd', { desc: 'pd' });
    pd.addSecretVolume({ secretName: make(user) as any, mountPath: '/creds' });
    expect(pd.toJson().spec.volumes).toEqual([{ name: 'creds-volume', secret: { secretName: 'creds' } }]);
  });
});

describe('the credentials constructs are cdk8s-plus ISecrets that carry their namespace', () => {
  test('usable with EnvValue and as a Deployment volume of cdk8s-plus-27', () => {
    // GIVEN
    const { user } = charts();
    const env = new AwsEnvConfiguration(user, 'Env', { accessKeyId: 'a', secretAccessKey: 'b' });
    // WHEN
    const value = env.envValue('AWS_ACCESS_KEY_ID');
    const deployment = new kplus27.Deployment(user, 'D', { containers: [{ image: 'x', envVariables: { KEY: value }, securityContext: { ensureNonRoot: false } }] });
    deployment.addVolume(kplus27.Volume.fromSecret(user, 'V', env));
    // THEN
    const json = Testing.synth(user).find((o: any) => o.kind === 'Deployment');
    expect(json.spec.template.spec.containers[0].env).toEqual([{ name: 'KEY', valueFrom: { secretKeyRef: { key: 'AWS_ACCESS_KEY_ID', name: 'aws-configuration' } } }]);
    expect(json.spec.template.spec.volumes[0].secret.secretName).toBe('aws-configuration');
    expect(env.secret).toBe(env);
    expect([env.kind, env.apiVersion, env.resourceType, env.resourceName]).toEqual(['Secret', 'v1', 'secrets', 'aws-configuration']);
  });
});
