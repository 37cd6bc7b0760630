import * as fs from 'fs';
import { ApiObject, App, Chart, Testing, Yaml } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { NotebookPodDefault } from '../src';
import { expectValidManifests } from './support/schema';
import { errorOf, synthError, testChart } from './support/synth';

function dockerPodDefault(chart: Chart, id = 'DockerConfig'): NotebookPodDefault {
  const pd = new NotebookPodDefault(chart, id, { desc: 'Add Docker registry credentials' });
  pd.addSecretVolume({ secretName: 'docker-secret', mountPath: '/home/kubeflow/.docker/' });
  return pd;
}

function awsPodDefault(chart: Chart, id: string, secretName: string, mountPath: string, namespace?: string): NotebookPodDefault {
  const pd = new NotebookPodDefault(chart, id, { desc: `AWS ${id}`, namespace });
  pd.addSecretVolume({ secretName, mountPath });
  return pd;
}

describe('NotebookPodDefault: the manifest', () => {
  test('reproduces the Kaptain guide docker-config PodDefault', () => {
    // GIVEN
    const chart = testChart('user');
    // WHEN
    dockerPodDefault(chart);
    // THEN
    const manifests = Testing.synth(chart);
    expect(manifests).toMatchSnapshot();
    expect(manifests).toEqual([{
      apiVersion: 'kubeflow.org/v1alpha1',
      kind: 'PodDefault',
      metadata: { name: 'docker-config', namespace: 'user' },
      spec: {
        desc: 'Add Docker registry credentials',
        selector: { matchLabels: { 'docker-config': 'true' } },
        volumes: [{ name: 'docker-secret-volume', secret: { secretName: 'docker-secret' } }],
        volumeMounts: [{ name: 'docker-secret-volume', mountPath: '/home/kubeflow/.docker/' }],
      },
    }]);
    expectValidManifests(manifests);
  });

  test('renders every option of secret volumes, envFrom and env', () => {
    // GIVEN
    const chart = testChart('team-a');
    const pd = new NotebookPodDefault(chart, 'Everything', {
      name: 'everything',
      desc: 'All the options',
      selectorLabel: 'kubeflow.example.com/everything',
    });
    const secret = kplus.Secret.fromSecretName(chart, 'Imported', 'mlpipeline-minio-artifact');
    // WHEN
    pd.addSecretVolume({
      secretName: 'registry',
      mountPath: '/home/jovyan/.docker',
      volumeName: 'registry-config',
      readOnly: true,
      defaultMode: 0o400,
      items: [{ key: '.dockerconfigjson', path: 'config.json', mode: 0o440 }],
    });
    pd.addEnvFromSecret('aws-configuration', { prefix: 'KF_', optional: true });
    pd.addEnv('AWS_ACCESS_KEY_ID', kplus.EnvValue.fromSecretValue({ secret, key: 'accesskey' }));
    pd.addEnv('S3_ENDPOINT', kplus.EnvValue.fromValue('http://minio-service.kubeflow:9000'));
    // THEN
    const manifests = Testing.synth(chart);
    expect(manifests).toMatchSnapshot();
    expect(manifests[0].spec).toEqual({
      desc: 'All the options',
      selector: { matchLabels: { 'kubeflow.example.com/everything': 'true' } },
      env: [
        { name: 'AWS_ACCESS_KEY_ID', valueFrom: { secretKeyRef: { name: 'mlpipeline-minio-artifact', key: 'accesskey' } } },
        { name: 'S3_ENDPOINT', value: 'http://minio-service.kubeflow:9000' },
      ],
      envFrom: [{ prefix: 'KF_', secretRef: { name: 'aws-configuration', optional: true } }],
      volumes: [{
        name: 'registry-config',
        secret: { secretName: 'registry', defaultMode: 256, items: [{ key: '.dockerconfigjson', path: 'config.json', mode: 288 }] },
      }],
      volumeMounts: [{ name: 'registry-config', mountPath: '/home/jovyan/.docker', readOnly: true }],
    });
    expectValidManifests(manifests);
  });

  test('add* methods work after construction and return what they add', () => {
    const chart = testChart();
    const pd = new NotebookPodDefault(chart, 'Late', { desc: 'late' });
    expect(Testing.synth(chart)[0].spec.volumes).toBeUndefined();
    const added = pd.addSecretVolume({ secretName: 'a.b', mountPath: '/home/kubeflow/.a' });
    expect(added).toEqual({ volumeName: 'a-b-volume', secretName: 'a.b', mountPath: '/home/kubeflow/.a' });
    expect(Testing.synth(chart)[0].spec.volumes).toEqual([{ name: 'a-b-volume', secret: { secretName: 'a.b' } }]);
  });

  test('derives the name from the id and the selector from the name', () => {
    const chart = testChart();
    const pd = new NotebookPodDefault(chart, 'AwsCredentials', { desc: 'x' });
    expect(pd.name).toBe('aws-credentials');
    expect(pd.selectorLabel).toBe('aws-credentials');
    expect(pd.namespace).toBe('user');
    expect(pd).toBeInstanceOf(ApiObject);
    expect(ApiObject.of(pd)).toBe(pd);
  });

  test('an explicit namespace overrides the chart namespace', () => {
    const chart = testChart('user');
    new NotebookPodDefault(chart, 'X', { desc: 'x', namespace: 'other' });
    expect(Testing.synth(chart)[0].metadata.namespace).toBe('other');
  });

  test('volumes and mounts are sorted by name, whatever the order of add* calls', () => {
    const render = (order: string[]) => {
      const chart = testChart();
      const pd = new NotebookPodDefault(chart, 'Sorted', { desc: 'x' });
      for (const name of order) {
        pd.addSecretVolume({ secretName: name, mountPath: `/home/kubeflow/.${name}` });
      }
      return Yaml.stringify(...Testing.synth(chart));
    };
    expect(render(['b', 'a', 'c'])).toEqual(render(['c', 'b', 'a']));
  });

  test('two synths of the same app are byte-identical', () => {
    const build = () => {
      const app = Testing.app();
      const chart = testChart('user', app);
      dockerPodDefault(chart);
      awsPodDefault(chart, 'AwsCredentials', 'aws-credentials', '/home/kubeflow/.aws/');
      return app.synthYaml();
    };
    expect(build()).toEqual(build());
  });
});

describe('NotebookPodDefault: ISecret wherever a secret name is accepted', () => {
  test('mounts a cdk8s-plus Secret of the same chart and envFroms an imported one', () => {
    const chart = testChart('user');
    const secret = new kplus.Secret(chart, 'Docker', { metadata: { name: 'docker-secret' } });
    const imported = kplus.Secret.fromSecretName(chart, 'Env', 'aws-configuration');
    const pd = new NotebookPodDefault(chart, 'Both', { desc: 'x' });
    pd.addSecretVolume({ secretName: secret, mountPath: '/home/kubeflow/.docker/' });
    pd.addEnvFromSecret(imported);
    const spec = Testing.synth(chart).find((m) => m.kind === 'PodDefault').spec;
    expect(spec.volumes[0].secret.secretName).toBe('docker-secret');
    expect(spec.envFrom).toEqual([{ secretRef: { name: 'aws-configuration' } }]);
  });

  test('rejects a cdk8s-plus Secret of another namespace', () => {
    const app = Testing.app();
    const other = new Chart(app, 'other', { namespace: 'other' });
    const secret = new kplus.Secret(other, 'Docker', { metadata: { name: 'docker-secret' } });
    const pd = new NotebookPodDefault(testChart('user', app), 'X', { desc: 'x' });
    expect(errorOf(() => pd.addSecretVolume({ secretName: secret, mountPath: '/home/kubeflow/.docker/' })))
      .toMatch(/\[user\/X\] Secret "docker-secret" is in namespace "other", but this PodDefault is in "user"/);
    expect(errorOf(() => pd.addEnvFromSecret(secret))).toMatch(/only use Secrets of its own namespace/);
  });

  test('rejects something that is neither a name nor an ISecret', () => {
    const pd = new NotebookPodDefault(testChart(), 'X', { desc: 'x' });
    expect(errorOf(() => pd.addEnvFromSecret(42 as any))).toMatch(/by name \(a string\) or as an object with a name \(a cdk8s-plus ISecret of any major, or a cdk8s ApiObject\)/);
  });
});

describe('NotebookPodDefault: checks of one PodDefault (thrown where the mistake is made)', () => {
  const make = (props: Partial<{ name: string; namespace: string; desc: string; selectorLabel: string }>, id = 'Pd') =>
    () => new NotebookPodDefault(testChart(), id, { desc: 'x', ...props });

  test('name: a DNS-1123 subdomain', () => {
    expect(errorOf(make({ name: 'Docker_Config' }))).toMatch(/^\[user\/Pd\] PodDefault name "Docker_Config" is not a DNS-1123 subdomain/);
    expect(make({ name: 'docker-config' })).not.toThrow();
  });
  test('name: at most 52 characters', () => {
    expect(errorOf(make({ name: 'a'.repeat(53) }))).toMatch(/at most 52 are allowed/);
    expect(make({ name: 'a'.repeat(52) })).not.toThrow();
  });
  test('name: an id that yields no name asks for one', () => {
    expect(errorOf(make({}, '__'))).toMatch(/cannot derive a PodDefault name from the id "__"; pass name/);
  });
  test('namespace: a DNS-1123 label', () => {
    expect(errorOf(make({ namespace: 'user.example' }))).toMatch(/namespace "user.example" is not a DNS-1123 label/);
    expect(make({ namespace: 'kubeflow-user-example-com' })).not.toThrow();
  });
  test('desc: required', () => {
    expect(errorOf(make({ desc: ' ' }))).toMatch(/desc is empty/);
  });
  test('selectorLabel: a label key', () => {
    expect(errorOf(make({ selectorLabel: 'bad key' }))).toMatch(/selectorLabel "bad key" is not a valid label key/);
    expect(make({ selectorLabel: 'example.com/aws' })).not.toThrow();
  });
  test('collects every problem of the props into one error', () => {
    const message = errorOf(make({ name: 'A', namespace: 'B', selectorLabel: '-' }));
    expect(message.split('\n')).toHaveLength(3);
  });

  const pd = () => new NotebookPodDefault(testChart(), 'Pd', { desc: 'x' });
  test('mountPath: absolute', () => {
    expect(errorOf(() => pd().addSecretVolume({ secretName: 's', mountPath: 'home/x' }))).toMatch(/mountPath "home\/x" is not absolute/);
  });
  test('mountPath: no colon', () => {
    expect(errorOf(() => pd().addSecretVolume({ secretName: 's', mountPath: '/a:b' }))).toMatch(/contains ":"/);
    expect(() => pd().addSecretVolume({ secretName: 's', mountPath: '/a/b' })).not.toThrow();
  });
  test('volume name: a DNS-1123 label', () => {
    expect(errorOf(() => pd().addSecretVolume({ secretName: 's', mountPath: '/a', volumeName: 'a.b' }))).toMatch(/volume name "a.b" is not a DNS-1123 label/);
  });
  test('a derived volume name that would be too long is shortened to a valid label', () => {
    const added = pd().addSecretVolume({ secretName: 'x'.repeat(60), mountPath: '/a' });
    expect(added.volumeName).toBe('x'.repeat(60));
  });
  test('defaultMode and item modes: 0..0777', () => {
    expect(errorOf(() => pd().addSecretVolume({ secretName: 's', mountPath: '/a', defaultMode: 0o1000 }))).toMatch(/defaultMode 512 is not a file mode/);
    expect(errorOf(() => pd().addSecretVolume({ secretName: 's', mountPath: '/a', items: [{ key: 'k', path: 'p', mode: -1 }] })))
      .toMatch(/items\[0\]\.mode -1 is not a file mode/);
    expect(() => pd().addSecretVolume({ secretName: 's', mountPath: '/a', defaultMode: 0o777, items: [{ key: 'k', path: 'p', mode: 0 }] })).not.toThrow();
  });
  test('item paths: relative without ..', () => {
    expect(errorOf(() => pd().addSecretVolume({ secretName: 's', mountPath: '/a', items: [{ key: 'k', path: '../p' }] }))).toMatch(/items\[0\]\.path "\.\.\/p" contains a "\.\." segment/);
    expect(errorOf(() => pd().addSecretVolume({ secretName: 's', mountPath: '/a', items: [{ key: 'k', path: '/p' }] }))).toMatch(/is absolute/);
  });
  test('item keys: Secret data keys', () => {
    expect(errorOf(() => pd().addSecretVolume({ secretName: 's', mountPath: '/a', items: [{ key: 'a/b', path: 'p' }] }))).toMatch(/items\[0\]\.key "a\/b" is not a valid Secret data key/);
  });
  test('one volume is not mounted at two paths', () => {
    const p = pd();
    p.addSecretVolume({ secretName: 's', mountPath: '/a' });
    expect(errorOf(() => p.addSecretVolume({ secretName: 's', mountPath: '/b' }))).toMatch(/volume "s-volume" is already mounted at "\/a" by this PodDefault \(one volume cannot be mounted at two paths/);
    expect(() => p.addSecretVolume({ secretName: 's', mountPath: '/a' })).not.toThrow();
    expect(() => p.addSecretVolume({ secretName: 's', mountPath: '/b', volumeName: 's-again' })).not.toThrow();
  });
  test('one volume name does not hold two secrets', () => {
    const p = pd();
    p.addSecretVolume({ secretName: 's', mountPath: '/a', volumeName: 'v' });
    expect(errorOf(() => p.addSecretVolume({ secretName: 't', mountPath: '/a', volumeName: 'v' }))).toMatch(/volume "v" already exists in this PodDefault with other content/);
  });
  test('env names and envFrom prefixes follow Kubernetes rules', () => {
    expect(errorOf(() => pd().addEnv('1X', kplus.EnvValue.fromValue('v')))).toMatch(/env.name "1X" is not a valid environment variable name .* \[env-name, kubernetes\]$/);
    expect(errorOf(() => pd().addEnvFromSecret('s', { prefix: '1_' }))).toMatch(/envFrom prefix "1_"/);
    expect(() => pd().addEnvFromSecret('s', { prefix: 'KF_' })).not.toThrow();
  });
  test('declared keys are Secret data keys', () => {
    expect(errorOf(() => pd().addEnvFromSecret('s', { keys: ['a b'] }))).toMatch(/keys\[0\] "a b" is not a valid Secret data key/);
  });
  test('a literal value is refused for a credential-looking name, without printing the value', () => {
    const message = errorOf(() => pd().addEnv('AWS_SECRET_ACCESS_KEY', kplus.EnvValue.fromValue('wJalrXUtnFEMI/K7MDENG')));
    expect(message).toMatch(/env "AWS_SECRET_ACCESS_KEY" looks like a credential.*reference a Secret key instead/);
    expect(message).not.toContain('wJalrXUtnFEMI');
  });
  test('a literal value is accepted for a non-secret setting', () => {
    expect(() => pd().addEnv('AWS_REGION', kplus.EnvValue.fromValue('us-east-1'))).not.toThrow();
  });
  test('a secret key reference is accepted for a credential name', () => {
    const p = pd();
    const secret = kplus.Secret.fromSecretName(p, 'S', 'creds');
    expect(() => p.addEnv('AWS_SECRET_ACCESS_KEY', kplus.EnvValue.fromSecretValue({ secret, key: 'secretkey' }))).not.toThrow();
  });
  test('an env value from a resource field is written as a resourceFieldRef', () => {
    const chart = testChart();
    new NotebookPodDefault(chart, 'P', { desc: 'p' }).addEnv('CPU', kplus.EnvValue.fromResource(kplus.ResourceFieldPaths.CPU_LIMIT));
    expect(Testing.synth(chart)[0].spec.env).toEqual([{ name: 'CPU', valueFrom: { resourceFieldRef: { resource: 'limits.cpu' } } }]);
  });
  test('an env value that is neither literal nor a supported reference is refused', () => {
    expect(errorOf(() => pd().addEnv('X', {} as kplus.EnvValue))).toMatch(/neither a value nor a supported valueFrom .* \[env-source, kubernetes\]$/);
  });
  test('one env name is not set twice to different values', () => {
    const p = pd();
    p.addEnv('A', kplus.EnvValue.fromValue('1'));
    expect(() => p.addEnv('A', kplus.EnvValue.fromValue('1'))).not.toThrow();
    expect(errorOf(() => p.addEnv('A', kplus.EnvValue.fromValue('2')))).toMatch(/env "A" is already set by this PodDefault/);
  });
  test('the same envFrom is not added twice', () => {
    const p = pd();
    p.addEnvFromSecret('s');
    expect(errorOf(() => p.addEnvFromSecret('s'))).toMatch(/already added to this PodDefault/);
    expect(() => p.addEnvFromSecret('s', { prefix: 'OTHER_' })).not.toThrow();
  });
});

describe('NotebookPodDefault: the Secret names it takes', () => {
  test.each(['Docker', 'a_b', 'a b', ''])('addSecretVolume refuses Secret name %j', (name) => {
    const pd = new NotebookPodDefault(testChart(), 'A', { desc: 'a' });
    expect(() => pd.addSecretVolume({ secretName: name, mountPath: '/s', volumeName: 'v' })).toThrow(/\[user\/A\] Secret name .*(is not a DNS-1123 subdomain|is empty)/);
  });
  test.each(['Docker', 'a_b', 'a b'])('addEnvFromSecret refuses Secret name %j', (name) => {
    const pd = new NotebookPodDefault(testChart(), 'A', { desc: 'a' });
    expect(() => pd.addEnvFromSecret(name)).toThrow(/\[user\/A\] Secret name .* is not a DNS-1123 subdomain/);
  });
  test.each(['docker', 'a-b', 'a.b'])('accepts Secret name %j', (name) => {
    const pd = new NotebookPodDefault(testChart(), 'A', { desc: 'a' });
    pd.addSecretVolume({ secretName: name, mountPath: '/s' });
    pd.addEnvFromSecret(name);
    expect(pd.toJson().spec.envFrom).toEqual([{ secretRef: { name } }]);
  });
});

describe('NotebookPodDefault: checks across the PodDefaults of a namespace (at synth)', () => {
  test('the .aws/ and .aws mounts of two secrets in one namespace fail, naming both paths', () => {
    // GIVEN
    const chart = testChart('user');
    awsPodDefault(chart, 'AwsA', 'aws-a', '/home/kubeflow/.aws/');
    awsPodDefault(chart, 'AwsB', 'aws-b', '/home/kubeflow/.aws');
    // THEN
    const message = synthError(chart);
    expect(message).toMatch(/\[user\/AwsB\] mountPath "\/home\/kubeflow\/.aws" is also used by \[user\/AwsA\] for another volume in namespace "user"/);
    expect(message).toMatch(/same path after normalizing/);
  });

  test('the same two in different namespaces synthesize', () => {
    const app = Testing.app();
    const chart = testChart('user', app);
    awsPodDefault(chart, 'AwsA', 'aws-a', '/home/kubeflow/.aws/', 'team-a');
    awsPodDefault(chart, 'AwsB', 'aws-b', '/home/kubeflow/.aws', 'team-b');
    expect(Testing.synth(chart)).toHaveLength(2);
  });

  test('conflicts are found across charts of one App, and synth writes nothing', () => {
    const app = Testing.app();
    awsPodDefault(new Chart(app, 'one', { namespace: 'user' }), 'AwsA', 'aws-a', '/home/kubeflow/.aws/');
    awsPodDefault(new Chart(app, 'two', { namespace: 'user' }), 'AwsB', 'aws-b', '/home/kubeflow/.aws');
    expect(errorOf(() => app.synth())).toMatch(/\[two\/AwsB\] .*\[one\/AwsA\]/);
    expect(fs.readdirSync(app.outdir)).toEqual([]);
  });

  test('same volume name with different content', () => {
    const chart = testChart();
    const a = new NotebookPodDefault(chart, 'A', { desc: 'a' });
    a.addSecretVolume({ secretName: 's1', mountPath: '/home/kubeflow/.a', volumeName: 'creds' });
    const b = new NotebookPodDefault(chart, 'B', { desc: 'b' });
    b.addSecretVolume({ secretName: 's2', mountPath: '/home/kubeflow/.b', volumeName: 'creds' });
    expect(synthError(chart)).toMatch(/\[user\/B\] volume "creds" differs from the volume of the same name in \[user\/A\].*Secret "s1" there, Secret "s2" here/);
  });

  test('identical duplicates merge, exactly as the webhook merges them', () => {
    const chart = testChart();
    const a = new NotebookPodDefault(chart, 'A', { desc: 'a' });
    const b = new NotebookPodDefault(chart, 'B', { desc: 'b' });
    for (const pd of [a, b]) {
      pd.addSecretVolume({ secretName: 'docker-secret', mountPath: '/home/kubeflow/.docker/' });
      pd.addEnv('S3_ENDPOINT', kplus.EnvValue.fromValue('http://minio-service.kubeflow:9000'));
      pd.addEnvFromSecret('aws-configuration');
    }
    expect(Testing.synth(chart)).toHaveLength(2);
  });

  test('one volume mounted at two paths by two PodDefaults', () => {
    const chart = testChart();
    awsPodDefault(chart, 'A', 'docker-secret', '/home/kubeflow/.docker/');
    awsPodDefault(chart, 'B', 'docker-secret', '/home/jovyan/.docker/');
    expect(synthError(chart)).toMatch(/\[user\/B\] volume "docker-secret-volume" is mounted at "\/home\/jovyan\/.docker\/" and at "\/home\/kubeflow\/.docker\/" by \[user\/A\].*one volume cannot be mounted at two paths/);
  });

  test('one volume mounted at two spellings of one path (the webhook compares strings)', () => {
    const chart = testChart();
    awsPodDefault(chart, 'A', 'docker-secret', '/home/kubeflow/.docker/');
    awsPodDefault(chart, 'B', 'docker-secret', '/home/kubeflow/.docker');
    expect(synthError(chart)).toMatch(/the webhook compares paths as strings/);
  });

  test('mount paths are compared after normalizing //, . and ..', () => {
    const chart = testChart();
    awsPodDefault(chart, 'A', 'a', '/home/kubeflow/.aws');
    awsPodDefault(chart, 'B', 'b', '/home//kubeflow/./x/../.aws/');
    expect(synthError(chart)).toMatch(/\[user\/B\] mountPath .* is also used by \[user\/A\]/);
  });

  test('a mount nested under another PodDefault mount', () => {
    const chart = testChart();
    awsPodDefault(chart, 'Outer', 'a', '/home/kubeflow/.config');
    awsPodDefault(chart, 'Inner', 'b', '/home/kubeflow/.config/gcloud/');
    expect(synthError(chart)).toMatch(/\[user\/Inner\] mountPath "\/home\/kubeflow\/.config\/gcloud\/" is nested under "\/home\/kubeflow\/.config", mounted by \[user\/Outer\].*cannot create the inner mount point/);
  });

  test('nesting is found whichever PodDefault comes first', () => {
    const chart = testChart();
    awsPodDefault(chart, 'Inner', 'b', '/home/kubeflow/.config/gcloud');
    awsPodDefault(chart, 'Outer', 'a', '/home/kubeflow/.config');
    expect(synthError(chart)).toMatch(/\[user\/Outer\] mountPath "\/home\/kubeflow\/.config" contains "\/home\/kubeflow\/.config\/gcloud", mounted by \[user\/Inner\]/);
  });

  test('sibling mounts are fine', () => {
    const chart = testChart();
    awsPodDefault(chart, 'A', 'a', '/home/kubeflow/.aws');
    awsPodDefault(chart, 'B', 'b', '/home/kubeflow/.awsx');
    awsPodDefault(chart, 'C', 'c', '/home/kubeflow/.docker');
    expect(Testing.synth(chart)).toHaveLength(3);
  });

  test('two PodDefaults sharing a selector key', () => {
    const chart = testChart();
    dockerPodDefault(chart);
    new NotebookPodDefault(chart, 'AwsCredentials', { desc: 'Add AWS credentials', selectorLabel: 'docker-config' })
      .addSecretVolume({ secretName: 'aws-credentials', mountPath: '/home/kubeflow/.aws/' });
    expect(synthError(chart)).toMatch(/\[user\/AwsCredentials\] selector key "docker-config" is also the selector of \[user\/DockerConfig\] \(PodDefault "docker-config"\).*ticking either configuration applies both/);
  });

  test('two PodDefaults with the same name', () => {
    const app = Testing.app();
    new NotebookPodDefault(new Chart(app, 'a', { namespace: 'user' }), 'P', { name: 'same', desc: 'x', selectorLabel: 'one' });
    new NotebookPodDefault(new Chart(app, 'b', { namespace: 'user' }), 'P', { name: 'same', desc: 'x', selectorLabel: 'two' });
    expect(errorOf(() => app.synthYaml())).toMatch(/\[b\/P\] two versions of PodDefault "same" in namespace "user": this one and \[a\/P\] differ .* \[two-versions, kubernetes\]/);
  });

  test('env vars of the same name with different sources', () => {
    const chart = testChart();
    const secret = kplus.Secret.fromSecretName(chart, 'S', 'mlpipeline-minio-artifact');
    new NotebookPodDefault(chart, 'A', { desc: 'a' }).addEnv('AWS_ACCESS_KEY_ID', kplus.EnvValue.fromSecretValue({ secret, key: 'accesskey' }));
    new NotebookPodDefault(chart, 'B', { desc: 'b' }).addEnv('AWS_ACCESS_KEY_ID', kplus.EnvValue.fromSecretValue({ secret, key: 'other' }));
    expect(synthError(chart)).toMatch(/\[user\/B\] env "AWS_ACCESS_KEY_ID" differs from env "AWS_ACCESS_KEY_ID" of \[user\/A\]/);
  });

  test('envFrom of secrets whose declared keys overlap', () => {
    const chart = testChart();
    new NotebookPodDefault(chart, 'A', { desc: 'a' }).addEnvFromSecret('aws-one', { keys: ['AWS_ACCESS_KEY_ID', 'AWS_REGION'] });
    new NotebookPodDefault(chart, 'B', { desc: 'b' }).addEnvFromSecret('aws-two', { keys: ['AWS_REGION'] });
    expect(synthError(chart)).toMatch(/\[user\/B\] envFrom Secret "aws-two" provides "AWS_REGION", which envFrom Secret "aws-one" of \[user\/A\] also provides.*silently overrides/);
  });

  test('envFrom keys that do not overlap, or overlap only under different prefixes, are fine', () => {
    const chart = testChart();
    new NotebookPodDefault(chart, 'A', { desc: 'a' }).addEnvFromSecret('aws-one', { keys: ['AWS_REGION'] });
    new NotebookPodDefault(chart, 'B', { desc: 'b' }).addEnvFromSecret('aws-two', { keys: ['AWS_REGION'], prefix: 'TWO_' });
    new NotebookPodDefault(chart, 'C', { desc: 'c' }).addEnvFromSecret('unknown-keys');
    expect(Testing.synth(chart)).toHaveLength(3);
  });

  test('an env var that an envFrom of the namespace also provides (env silently wins)', () => {
    const chart = testChart();
    new NotebookPodDefault(chart, 'A', { desc: 'a' }).addEnvFromSecret('aws-configuration', { keys: ['S3_ENDPOINT'] });
    new NotebookPodDefault(chart, 'B', { desc: 'b' }).addEnv('S3_ENDPOINT', kplus.EnvValue.fromValue('http://x:9000'));
    expect(synthError(chart)).toMatch(/\[user\/B\] env "S3_ENDPOINT" is also provided by envFrom Secret "aws-configuration" of \[user\/A\]/);
  });

  test('envFrom keys that are invalid after prefixing (kubelet skips them silently)', () => {
    const chart = testChart();
    new NotebookPodDefault(chart, 'A', { desc: 'a' }).addEnvFromSecret('s', { keys: ['config.json'], prefix: '' });
    new NotebookPodDefault(chart, 'B', { desc: 'b' }).addEnvFromSecret('t', { keys: ['1st'] });
    const message = synthError(chart);
    expect(message).not.toMatch(/config\.json/);
    expect(message).toMatch(/\[user\/B\] envFrom Secret "t" key "1st" becomes "1st", which is not a valid environment variable name: kubelet skips it silently/);
  });

  test('item keys that the Secret does not have', () => {
    const chart = testChart();
    const pd = new NotebookPodDefault(chart, 'A', { desc: 'a' });
    pd.addSecretVolume({ secretName: 's', mountPath: '/home/kubeflow/.docker', items: [{ key: 'config.json', path: 'config.json' }], keys: ['.dockerconfigjson'] });
    expect(synthError(chart)).toMatch(/item key "config.json" is not a key of Secret "s" \(its keys: ".dockerconfigjson"\)/);
  });

  test.each(['/home/jovyan', '/home/jovyan/', '/dev/shm', '/dev//shm/'])('a mount exactly on the notebook path %j', (mountPath) => {
    const chart = testChart();
    awsPodDefault(chart, 'A', 'a', mountPath);
    expect(synthError(chart)).toMatch(/\[user\/A\] mountPath .* is the notebook's (workspace volume|shared-memory mount)/);
  });

  test.each(['/home', '/', '/dev'])('a mount that would contain the notebook path (%j)', (mountPath) => {
    const chart = testChart();
    awsPodDefault(chart, 'A', 'a', mountPath);
    expect(synthError(chart)).toMatch(/\[user\/A\] mountPath .* would contain the notebook's/);
  });

  test('nesting under the workspace is fine', () => {
    const chart = testChart();
    awsPodDefault(chart, 'A', 'a', '/home/jovyan/.docker/');
    awsPodDefault(chart, 'B', 'b', '/home/jovyan/.aws/');
    expect(Testing.synth(chart)).toHaveLength(2);
  });

  test('a volume named dshm', () => {
    const chart = testChart();
    new NotebookPodDefault(chart, 'A', { desc: 'a' }).addSecretVolume({ secretName: 's', mountPath: '/home/kubeflow/.s', volumeName: 'dshm' });
    expect(synthError(chart)).toMatch(/\[user\/A\] volume "dshm" is the notebook's own shared-memory volume with other content/);
  });

  test('a conflict introduced by an add* call after a successful synth is found at the next synth', () => {
    const chart = testChart();
    awsPodDefault(chart, 'A', 'a', '/home/kubeflow/.aws');
    const b = new NotebookPodDefault(chart, 'B', { desc: 'b' });
    expect(Testing.synth(chart)).toHaveLength(2);
    b.addSecretVolume({ secretName: 'b', mountPath: '/home/kubeflow/.aws/' });
    expect(synthError(chart)).toMatch(/\[user\/B\] mountPath/);
  });

  test('every problem of the App is reported in one error', () => {
    const chart = testChart();
    awsPodDefault(chart, 'A', 'a', '/home/kubeflow/.aws');
    awsPodDefault(chart, 'B', 'b', '/home/kubeflow/.aws');
    awsPodDefault(chart, 'C', 'c', '/home/jovyan');
    const message = synthError(chart);
    expect(message).toMatch(/\[user\/B\]/);
    expect(message).toMatch(/\[user\/C\]/);
  });

  test('PodDefaults of separate Apps never conflict', () => {
    const one = testChart('user', new App({ outdir: Testing.app().outdir }));
    const two = testChart('user', Testing.app());
    awsPodDefault(one, 'A', 'a', '/home/kubeflow/.aws');
    awsPodDefault(two, 'B', 'b', '/home/kubeflow/.aws');
    expect(Testing.synth(one)).toHaveLength(1);
    expect(Testing.synth(two)).toHaveLength(1);
  });
});
