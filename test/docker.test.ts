import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { DockerConfig, NotebookPodDefault, DockerCredentials } from '../src';
import { describeWithKubectl, kubectlFromFiles, kubectlSecretData, tempDir } from './support/kubectl';
import { expectValidManifests } from './support/schema';
import { expectNoSecrets, objectsOf, secretData } from './support/secrets';
import { errorOf, synthError, testChart } from './support/synth';
import { DOCKER_HUB, normalizeRegistry } from '../src/formats/docker-config';

const PASSWORD = 'Pa55:word-ÄÖ-distinctive';
const USERNAME = 'distinctive-user';
const auth = (user: string, password: string) => Buffer.from(`${user}:${password}`).toString('base64');
const configJson = (auths: Record<string, unknown>, extra: Record<string, unknown> = {}) => JSON.stringify({ auths, ...extra });

describe('DockerCredentials: the guide Secret and PodDefault', () => {
  test('writes Secret docker-secret with key config.json and PodDefault docker-config', () => {
    // GIVEN
    const chart = testChart('user');
    // WHEN
    const docker = new DockerCredentials(chart, 'Docker', { registries: [{ server: 'docker.io', username: 'user', password: 'pass' }] });
    const pd = docker.addPodDefault();
    // THEN
    const manifests = Testing.synth(chart);
    expect(manifests).toMatchSnapshot();
    expectValidManifests(manifests);
    expect(docker.secretName).toBe('docker-secret');
    expect(docker.namespace).toBe('user');
    expect(docker.writesSecret).toBe(true);
    expect(docker.keys).toEqual(['config.json']);
    expect(docker.registries).toEqual([DOCKER_HUB]);
    expect(docker).toBeInstanceOf(ApiObject);
    expect(docker.name).toBe('docker-secret');
    expect(pd.name).toBe('docker-config');
    expect(JSON.parse(secretData(chart, 'docker-secret')['config.json'])).toEqual({ auths: { [DOCKER_HUB]: { auth: auth('user', 'pass') } } });
    expect(manifests[0]).toMatchObject({ kind: 'Secret', type: 'Opaque', metadata: { name: 'docker-secret', namespace: 'user' } });
    expect(manifests[1].spec).toEqual({
      desc: 'Add Docker registry credentials',
      selector: { matchLabels: { 'docker-config': 'true' } },
      volumes: [{ name: 'docker-secret-volume', secret: { secretName: 'docker-secret' } }],
      volumeMounts: [{ name: 'docker-secret-volume', mountPath: '/home/kubeflow/.docker/' }],
    });
  });

  test('writes config.json as docker login does: tab indent, registries sorted', () => {
    const chart = testChart();
    new DockerCredentials(chart, 'Docker', {
      registries: [
        { server: 'registry.example.com:5000', username: 'b', password: 'y' },
        { server: 'ghcr.io', username: 'a', password: 'x', email: 'a@example.com' },
      ],
    });
    expect(secretData(chart, 'docker-secret')['config.json']).toBe(
      `{\n\t"auths": {\n\t\t"ghcr.io": {\n\t\t\t"auth": "${auth('a', 'x')}",\n\t\t\t"email": "a@example.com"\n\t\t},\n` +
      `\t\t"registry.example.com:5000": {\n\t\t\t"auth": "${auth('b', 'y')}"\n\t\t}\n\t}\n}`);
  });

  test('name, namespace, immutable and the PodDefault are overridable', () => {
    const chart = testChart('user');
    const docker = new DockerCredentials(chart, 'Docker', {
      name: 'registry-creds',
      namespace: 'team-a',
      immutable: true,
      registries: [{ server: 'ghcr.io', username: 'a', password: 'x' }],
    });
    docker.addPodDefault({ name: 'registry', desc: 'Registry', selectorLabel: 'registry', volumeName: 'registry', mountPath: '/home/jovyan/.docker/' });
    const objects = objectsOf(chart);
    expect(objects.get('Secret/registry-creds')).toMatchObject({ immutable: true, metadata: { namespace: 'team-a' } });
    expect(objects.get('PodDefault/registry').metadata.namespace).toBe('team-a');
    expect(objects.get('PodDefault/registry').spec.volumeMounts).toEqual([{ name: 'registry', mountPath: '/home/jovyan/.docker/' }]);
    expect(objects.get('PodDefault/registry').spec.volumes).toEqual([{ name: 'registry', secret: { secretName: 'registry-creds' } }]);
  });

  test('two PodDefaults for one Secret need two names', () => {
    const docker = new DockerCredentials(testChart(), 'Docker', { registries: [{ server: 'ghcr.io', username: 'a', password: 'x' }] });
    docker.addPodDefault();
    expect(errorOf(() => docker.addPodDefault())).toMatch(/already added a PodDefault named "docker-config"/);
    expect(docker.addPodDefault({ name: 'docker-jovyan', mountPath: '/home/jovyan/.docker/', volumeName: 'docker-jovyan' }).node.id).toBe('PodDefault-docker-jovyan');
  });

  test('exposes the Secret as a cdk8s-plus ISecret', () => {
    const chart = testChart();
    const docker = new DockerCredentials(chart, 'Docker', { registries: [{ server: 'ghcr.io', username: 'a', password: 'x' }] });
    expect(docker.secret.name).toBe('docker-secret');
    expect(docker.secret).toBe(docker.secret);
    expect(docker.secret.envValue('config.json').valueFrom.secretKeyRef).toEqual({ name: 'docker-secret', key: 'config.json' });
  });
});

describe('DockerCredentials: registries', () => {
  test.each([
    'docker.io', 'index.docker.io', 'https://index.docker.io/v1/', 'https://index.docker.io/v1', 'registry-1.docker.io',
    'https://registry-1.docker.io', 'http://docker.io', 'registry.hub.docker.com', 'DOCKER.IO',
  ])('normalizes the Docker Hub spelling %j', (server) => {
    expect(normalizeRegistry(server)).toBe(DOCKER_HUB);
  });
  test.each([
    ['ghcr.io', 'ghcr.io'], ['registry.example.com:5000', 'registry.example.com:5000'], ['https://quay.io', 'quay.io'],
    ['localhost:5000/v2/', 'localhost:5000'], ['GHCR.IO', 'ghcr.io'], ['https://Registry.Example.com:5000/v2/', 'registry.example.com:5000'],
  ])('writes %j as %j, the bare host name docker login writes', (server, key) => {
    expect(normalizeRegistry(server)).toBe(key);
  });

  const reject = (registries: any[]) => errorOf(() => new DockerCredentials(testChart(), 'Docker', { registries }));
  test('rejects an empty username', () => {
    expect(reject([{ server: 'ghcr.io', username: '', password: PASSWORD }])).toMatch(/\[user\/Docker\] registries\[0\]\.username is empty/);
  });
  test('rejects a username with ":", without printing it', () => {
    const message = reject([{ server: 'ghcr.io', username: `${USERNAME}:x`, password: PASSWORD }]);
    expect(message).toMatch(/registries\[0\]\.username contains ":"/);
    expectNoSecrets(message, [USERNAME, PASSWORD]);
  });
  test('rejects a password ending in a newline, with the echo -n hint', () => {
    const message = reject([{ server: 'ghcr.io', username: USERNAME, password: `${PASSWORD}\n` }]);
    expect(message).toMatch(/registries\[0\]\.password ends with a newline \(encode with echo -n/);
    expectNoSecrets(message, [USERNAME, PASSWORD]);
  });
  test('rejects a password with control characters', () => {
    expect(reject([{ server: 'ghcr.io', username: 'u', password: 'a\u0000b' }])).toMatch(/password contains a control character/);
  });
  test('rejects an empty password', () => {
    expect(reject([{ server: 'ghcr.io', username: 'u', password: '' }])).toMatch(/password is empty/);
  });
  test('rejects duplicate registries after normalization', () => {
    expect(reject([
      { server: 'docker.io', username: 'u', password: 'p' },
      { server: 'https://index.docker.io/v1/', username: 'v', password: 'q' },
    ])).toMatch(/registries\[1\]\.server "https:\/\/index.docker.io\/v1\/" is the same registry as registries\[0\]\.server/);
    expect(reject([
      { server: 'quay.io', username: 'u', password: 'p' },
      { server: 'https://quay.io', username: 'v', password: 'q' },
    ])).toMatch(/same registry/);
  });
  test.each([
    ['', /server is empty/],
    ['reg istry', /whitespace/],
    ['ftp://registry', /scheme "ftp"/],
    ['user:pass@registry.example.com', /contains "@"/],
    ['-bad-', /is not a registry address/],
  ])('rejects the server %j', (server, message) => {
    expect(reject([{ server, username: 'u', password: 'p' }])).toMatch(message);
  });
  test('rejects an empty list', () => {
    expect(reject([])).toMatch(/registries is empty/);
  });
  test('collects every problem in one error', () => {
    const message = reject([{ server: '', username: '', password: '' }]);
    expect(message.split('\n')).toHaveLength(3);
  });
  test('accepts a password with ":" and non-ASCII characters', () => {
    const chart = testChart();
    new DockerCredentials(chart, 'Docker', { registries: [{ server: 'ghcr.io', username: 'u', password: PASSWORD }] });
    const entry = JSON.parse(secretData(chart, 'docker-secret')['config.json']).auths['ghcr.io'];
    expect(Buffer.from(entry.auth, 'base64').toString('utf8')).toBe(`u:${PASSWORD}`);
  });
});

describe('DockerCredentials: an existing config.json', () => {
  const reject = (text: string) => errorOf(() => new DockerCredentials(testChart(), 'Docker', { configJson: text }));

  test('is stored byte for byte', () => {
    const text = `{\r\n  "auths": {"ghcr.io": {"auth": "${auth('u', 'p')}"}},\r\n  "psFormat": "table"\r\n}\r\n`;
    const chart = testChart();
    const docker = new DockerCredentials(chart, 'Docker', { configJson: text });
    expect(secretData(chart, 'docker-secret')['config.json']).toBe(text);
    expect(docker.registries).toEqual(['ghcr.io']);
  });
  test('rejects entries that only docker reads: username/password, identitytoken or registrytoken without auth', () => {
    expect(reject(configJson({ 'quay.io': { username: 'u', password: 'p' } }))).toMatch(/auths\["quay.io"\] has username and password but no "auth": docker uses them, podman and buildah do not/);
    expect(reject(configJson({ 'ghcr.io': { identitytoken: 'tok' } }))).toMatch(/has identitytoken but no "auth"/);
    expect(reject(configJson({ 'ghcr.io': { registrytoken: 'tok' } }))).toMatch(/has registrytoken but no "auth"/);
  });
  test('accepts an identity token beside auth', () => {
    expect(() => new DockerCredentials(testChart(), 'Docker', { configJson: configJson({ 'ghcr.io': { auth: auth('u', 'p'), identitytoken: 'tok' } }) })).not.toThrow();
  });
  test.each([
    ['Auths, as Go decodes field names case-insensitively', () => JSON.stringify({ Auths: { 'ghcr.io': { Auth: auth('u', 'p') } } })],
    ['auths twice (Go merges them)', () => `{"auths": {"ghcr.io": {"auth": "${auth('u', 'p')}"}}, "auths": {"quay.io": {"auth": "${auth('v', 'q')}"}}}`],
    ['a registry key twice (the last one wins everywhere)', () => `{"auths": {"ghcr.io": {"auth": "${auth('u', 'p')}"}, "ghcr.io": {"auth": "${auth('v', 'q')}"}}}`],
    ['an auth with newlines inside (Go skips them)', () => configJson({ 'ghcr.io': { auth: auth('user-name', 'a-long-password').replace(/(.{8})/g, '$1\n') } })],
    ['unknown fields nested deeply', () => configJson({ 'ghcr.io': { auth: auth('u', 'p') } }, { extra: JSON.parse('['.repeat(200) + ']'.repeat(200)) })],
    ['https://ghcr.io beside ghcr.io (both tools take the bare key)', () => configJson({ 'ghcr.io': { auth: auth('u', 'p') }, 'https://ghcr.io': { auth: auth('v', 'q') } })],
    ['https://registry.example.com/v2/ alone', () => configJson({ 'https://registry.example.com/v2/': { auth: auth('u', 'p') } })],
  ])('accepts what docker, podman and kaniko all read alike: %s', (_name, text) => {
    const content = text();
    const docker = new DockerCredentials(testChart(), 'Docker', { configJson: content });
    expect(Buffer.from(docker.toJson().data['config.json'], 'base64').toString('utf8')).toBe(content);
  });
  test.each([
    ['CredsStore in another case', JSON.stringify({ auths: { 'ghcr.io': { auth: 'dTpw' } }, CredsStore: 'desktop' }), /sets credsStore "desktop"/],
    ['CredHelpers in another case', JSON.stringify({ auths: { 'ghcr.io': { auth: 'dTpw' } }, CREDHELPERS: { 'gcr.io': 'gcloud' } }), /sets credHelpers for "gcr.io"/],
    ['an upper-case registry key', JSON.stringify({ auths: { 'GHCR.IO': { auth: 'dTpw' } } }), /is not found by docker and kaniko for images of "ghcr.io" .*write it in lower case/],
    ['a trailing slash without scheme', JSON.stringify({ auths: { 'ghcr.io/': { auth: 'dTpw' } } }), /is not found by podman and buildah for images of "ghcr.io" while docker finds it/],
    ['a path without scheme', JSON.stringify({ auths: { 'registry.example.com/v2/': { auth: 'dTpw' } } }), /is not found by podman and buildah/],
    ['two spellings and no bare key', JSON.stringify({ auths: { 'https://ghcr.io': { auth: 'dTpw' }, 'http://ghcr.io/v2/': { auth: 'dTpx' } } }), /picks one at random/],
  ])('rejects what one tool reads differently: %s', (_name, text, message) => {
    expect(reject(text)).toMatch(message);
  });
  test('rejects invalid JSON without quoting it', () => {
    const message = reject(`{"auths": {"ghcr.io": {"auth": "${PASSWORD}"`);
    expect(message).toMatch(/\[user\/Docker\] configJson is not valid JSON/);
    expectNoSecrets(message, [PASSWORD]);
  });
  test('gives the line and column of a JSON error when known', () => {
    expect(reject('{\n  "auths": {}\n}x')).toMatch(/is not valid JSON \(line 3, column 2\)/);
  });
  test('rejects a file without auths', () => {
    expect(reject('{}')).toMatch(/has no "auths" object/);
    expect(reject(configJson({}))).toMatch(/has an empty "auths" object/);
    expect(reject('[]')).toMatch(/docker cannot load it: the top level has the wrong JSON type/);
  });
  test('rejects an auth that is not base64, without printing it', () => {
    const message = reject(configJson({ 'ghcr.io': { auth: `${PASSWORD}!` } }));
    expect(message).toMatch(/configJson auths\["ghcr.io"\]\.auth is not standard padded base64/);

    expectNoSecrets(message, [PASSWORD]);
  });
  test('rejects an auth that is not base64 of user:password', () => {
    const message = reject(configJson({ 'ghcr.io': { auth: Buffer.from(PASSWORD.replace(/:/g, '')).toString('base64') } }));
    expect(message).toMatch(/does not decode to username:password/);
    expectNoSecrets(message, [PASSWORD.replace(/:/g, '')]);
  });
  test('rejects an auth with an empty username', () => {
    expect(reject(configJson({ 'ghcr.io': { auth: auth('', PASSWORD) } }))).toMatch(/auth has an empty username/);
  });
  test('rejects an auth made with echo (trailing newline), with the hint', () => {
    const message = reject(configJson({ 'ghcr.io': { auth: auth(USERNAME, `${PASSWORD}\n`) } }));
    expect(message).toMatch(/auth password ends with a newline \(encode with echo -n/);
    expectNoSecrets(message, [USERNAME, PASSWORD, auth(USERNAME, `${PASSWORD}\n`)]);
  });
  test('rejects credsStore and credHelpers (no helper exists in the pod)', () => {
    expect(reject(configJson({ 'ghcr.io': { auth: auth('u', 'p') } }, { credsStore: 'desktop' }))).toMatch(/sets credsStore "desktop": a credential helper/);
    expect(reject(configJson({ 'ghcr.io': { auth: auth('u', 'p') } }, { credHelpers: { 'gcr.io': 'gcloud' } }))).toMatch(/sets credHelpers for "gcr.io"/);
  });
  test('accepts an empty credsStore and empty credHelpers', () => {
    expect(() => new DockerCredentials(testChart(), 'Docker', {
      configJson: configJson({ 'ghcr.io': { auth: auth('u', 'p') } }, { credsStore: '', credHelpers: {} }),
    })).not.toThrow();
  });
  test('rejects equivalent spellings that docker and podman resolve to different entries', () => {
    expect(reject(configJson({ 'https://quay.io': { auth: auth('u', 'p') }, 'quay.io/': { auth: auth('v', 'q') } })))
      .toMatch(/quay.io/);
  });
  test('rejects Docker Hub under a key docker does not look up', () => {
    expect(reject(configJson({ 'docker.io': { auth: auth('u', 'p') } }))).toMatch(/Docker Hub credentials must be under "https:\/\/index.docker.io\/v1\/"/);
  });
  test('rejects an entry without credentials', () => {
    expect(reject(configJson({ 'ghcr.io': {} }))).toMatch(/has no credentials/);
    expect(reject(configJson({ 'ghcr.io': 'x' }))).toMatch(/docker cannot load it: "auths" entry has the wrong JSON type/);
    expect(reject(configJson({ 'ghcr.io': { auth: 5 } }))).toMatch(/the "auth" field of a registry entry has the wrong JSON type/);
  });
  test('rejects a byte-order mark and an empty file', () => {
    expect(reject(`\ufeff${configJson({ 'ghcr.io': { auth: auth('u', 'p') } })}`)).toMatch(/starts with a UTF-8 byte-order mark, which docker, podman and kaniko refuse/);
    expect(reject('')).toMatch(/configJson is empty/);
  });
  test('rejects giving two sources, or none', () => {
    expect(errorOf(() => new DockerCredentials(testChart(), 'D', {}))).toBe('[user/D] give exactly one of registries, configJson and config (or use DockerCredentials.fromExistingSecret)');
    expect(errorOf(() => new DockerCredentials(testChart(), 'D', { configJson: '{}', registries: [] }))).toMatch(/exactly one/);
  });
  test('rejects a config.json over 1 MiB once, before it is parsed', () => {
    const big = configJson({ 'ghcr.io': { auth: auth('u', 'p') } }, { padding: 'x'.repeat(1024 * 1024) });
    expect(reject(big)).toMatch(/^\[user\/Docker\] configJson has \d+ bytes; a Secret holds at most 1048576 \(1 MiB\) \[secret-data, kubernetes\]$/);
  });
  test('rejects registries whose config.json passes 1 MiB, and accepts large ones below it', () => {
    const registries = (password: string) => [{ server: 'ghcr.io', username: 'u', password }];
    expect(errorOf(() => new DockerCredentials(testChart(), 'D', { registries: registries('p'.repeat(800_000)) })))
      .toBe('[user/D] the config.json built from registries has 1066723 bytes; a Secret holds at most 1048576 (1 MiB) [secret-data, kubernetes]');
    expect(() => new DockerCredentials(testChart(), 'D', { registries: registries('p'.repeat(700_000)) })).not.toThrow();
    expect(errorOf(() => DockerConfig.fromRegistries(registries('p'.repeat(800_000))))).toMatch(/^\[DockerConfig.fromRegistries\(\)\] the config.json built/);
  });
});

describe('DockerCredentials.fromFile', () => {
  const dir = tempDir();
  const write = (name: string, content: string | Buffer) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, content);
    return file;
  };

  test('stores the file byte for byte', () => {
    const text = JSON.stringify({ auths: { 'ghcr.io': { auth: auth('u', 'p') } } }, null, '\t');
    const chart = testChart();
    DockerCredentials.fromFile(chart, 'Docker', write('config.json', text));
    expect(secretData(chart, 'docker-secret')['config.json']).toBe(text);
  });
  test('names the file in its errors', () => {
    const file = write('bad.json', '{"auths": {}}');
    expect(errorOf(() => DockerCredentials.fromFile(testChart(), 'Docker', file))).toBe(`[user/Docker] file ${JSON.stringify(file)} has an empty "auths" object (no registry credentials) [docker-config-json, runtime]`);
  });
  test('a missing file', () => {
    expect(errorOf(() => DockerCredentials.fromFile(testChart(), 'Docker', path.join(dir, 'missing.json')))).toMatch(/\[user\/Docker\] Docker config file ".*missing.json" does not exist/);
  });
  test('a directory', () => {
    expect(errorOf(() => DockerCredentials.fromFile(testChart(), 'Docker', dir))).toMatch(/is a directory/);
  });
  test('an empty file', () => {
    expect(errorOf(() => DockerCredentials.fromFile(testChart(), 'Docker', write('empty.json', '')))).toMatch(/is empty/);
  });
  test('a file that is not UTF-8', () => {
    expect(errorOf(() => DockerCredentials.fromFile(testChart(), 'Docker', write('latin1.json', Buffer.from([0x7b, 0xe9, 0x7d]))))).toMatch(/is not valid UTF-8 text/);
  });
  test('an unreadable file', () => {
    const file = write('unreadable.json', '{}');
    fs.chmodSync(file, 0o000);
    const readable = (() => {
      try {
        fs.readFileSync(file);
        return true;
      } catch {
        return false;
      }
    })();
    // root reads any file; then the file's content decides
    expect(errorOf(() => DockerCredentials.fromFile(testChart(), 'Docker', file))).toMatch(readable ? /has no "auths" object/ : /cannot be read \(EACCES\)/);
  });
});

describe('DockerCredentials: defaults that compose', () => {
  const REGISTRY = { server: 'ghcr.io', username: 'u', password: 'p' };
  test('two DockerCredentials with different Secret names synthesize with no volumeName', () => {
    // GIVEN
    const chart = testChart();
    new DockerCredentials(chart, 'Team', { registries: [REGISTRY] }).addPodDefault();
    new DockerCredentials(chart, 'Ci', { name: 'ci-docker', registries: [REGISTRY] })
      .addPodDefault({ name: 'ci-docker-config', selectorLabel: 'ci-docker-config', mountPath: '/home/kubeflow/.docker-ci/' });
    // WHEN
    const volumes = Testing.synth(chart).filter((o: any) => o.kind === 'PodDefault').map((o: any) => o.spec.volumes[0].name);
    // THEN the guide's Secret keeps the guide's volume name; the other is named after its Secret
    expect(volumes.sort()).toEqual(['ci-docker-volume', 'docker-secret-volume']);
  });
  test('a clash names the prop that fixes it', () => {
    const chart = testChart();
    new DockerCredentials(chart, 'A', { registries: [REGISTRY] }).addPodDefault();
    new DockerCredentials(chart, 'B', { name: 'b-docker', registries: [REGISTRY] }).addPodDefault({ name: 'b', volumeName: 'docker-secret-volume' });
    expect(synthError(chart)).toMatch(/volume "docker-secret-volume" differs .*pass another volumeName/);
  });
  test('addPodDefault is atomic: a failure leaves nothing in the tree', () => {
    const docker = new DockerCredentials(testChart(), 'Docker', { registries: [REGISTRY] });
    expect(() => docker.addPodDefault({ mountPath: 'relative/path' })).toThrow(/is not absolute/);
    expect(docker.node.children.filter((c) => (c as NotebookPodDefault).kind === 'PodDefault')).toEqual([]);
    expect(docker.addPodDefault().node.id).toBe('PodDefault');
  });
});

describe('DockerCredentials.fromExistingSecret', () => {
  test('writes only the PodDefault', () => {
    const chart = testChart();
    const docker = DockerCredentials.fromExistingSecret(chart, 'Docker', 'docker-secret');
    docker.addPodDefault();
    const manifests = Testing.synth(chart);
    expect(manifests.map((m) => m.kind)).toEqual(['PodDefault']);
    expect(docker.writesSecret).toBe(false);
    expect(docker.keys).toEqual(['config.json']);
  });
  test('mounts an image-pull Secret key as config.json', () => {
    const chart = testChart();
    const pull = kplus.Secret.fromSecretName(chart, 'Pull', 'regcred');
    DockerCredentials.fromExistingSecret(chart, 'Docker', pull, { key: '.dockerconfigjson' }).addPodDefault();
    expect(Testing.synth(chart)[0].spec.volumes).toEqual([{
      name: 'regcred-volume',
      secret: { secretName: 'regcred', items: [{ key: '.dockerconfigjson', path: 'config.json' }] },
    }]);
  });
  test('exposes the given ISecret', () => {
    const chart = testChart();
    const pull = kplus.Secret.fromSecretName(chart, 'Pull', 'regcred');
    const docker = DockerCredentials.fromExistingSecret(chart, 'Docker', pull);
    expect(docker.secret).toBe(pull);
    expect(docker.secretName).toBe('regcred');
    expect(docker.namespace).toBe('user');
  });
  test('rejects an invalid Secret name', () => {
    expect(errorOf(() => DockerCredentials.fromExistingSecret(testChart(), 'D', 'Bad_Name'))).toMatch(/Secret name "Bad_Name" is not a DNS-1123 subdomain/);
  });
});

describe('DockerCredentials in a namespace', () => {
  test('two Docker Secrets with one name in one namespace fail at synth', () => {
    const chart = testChart();
    new DockerCredentials(chart, 'One', { registries: [{ server: 'ghcr.io', username: 'a', password: 'x' }] });
    new DockerCredentials(chart, 'Two', { registries: [{ server: 'quay.io', username: 'a', password: 'x' }] });
    expect(synthError(chart)).toMatch(/\[user\/Two\] two versions of Secret "docker-secret" in namespace "user": this one and \[user\/One\] differ .* \[two-versions, kubernetes\]/);
  });
  test('a custom mount path nested under the default one fails at synth', () => {
    const chart = testChart();
    const docker = new DockerCredentials(chart, 'One', { registries: [{ server: 'ghcr.io', username: 'a', password: 'x' }] });
    docker.addPodDefault();
    docker.addPodDefault({ name: 'nested', volumeName: 'nested', mountPath: '/home/kubeflow/.docker/inner' });
    expect(synthError(chart)).toMatch(/is nested under "\/home\/kubeflow\/.docker\/"/);
  });
});

describeWithKubectl('DockerCredentials: Secret data equals kubectl create secret generic --from-file', () => {
  test('for a config.json file, byte for byte', () => {
    const dir = tempDir();
    const file = path.join(dir, 'config.json');
    fs.writeFileSync(file, `{\r\n  "auths": {"ghcr.io": {"auth": "${auth('ü', PASSWORD)}"}}\r\n}\r\n`);
    const chart = testChart();
    DockerCredentials.fromFile(chart, 'File', file);
    const ours = Testing.synth(chart)[0].data;
    expect(ours).toEqual(kubectlSecretData([`--from-file=config.json=${file}`]));
  });

  test('for registries with ":" and non-ASCII passwords: the config.json the guide builds by hand', () => {
    const chart = testChart();
    new DockerCredentials(chart, 'Registries', {
      registries: [{ server: 'docker.io', username: 'ü-user', password: PASSWORD }, { server: 'ghcr.io', username: 'u', password: 'p:q' }],
    });
    const ours = Testing.synth(chart)[0].data;
    const content = Buffer.from(ours['config.json'], 'base64');
    expect(kubectlFromFiles(new Map([['config.json', content]]))).toEqual(ours);
    // The guide: {"auths": {"https://index.docker.io/v1/": {"auth": "$(echo -n user:password | base64)"}}}
    expect(JSON.parse(content.toString('utf8'))).toEqual({
      auths: { [DOCKER_HUB]: { auth: auth('ü-user', PASSWORD) }, 'ghcr.io': { auth: auth('u', 'p:q') } },
    });
  });
});
