import { DockerConfigurationProvider, DockerCredentials } from '../src';
import { errorOf, testChart } from './support/synth';
import { parseImageReference } from '../src/formats/image-reference';

describe('image references, resolved as docker resolves them', () => {
  test.each([
    ['python', 'docker.io', 'library/python'],
    ['python:3.11', 'docker.io', 'library/python'],
    ['model:1', 'docker.io', 'library/model'],
    ['team/model:1', 'docker.io', 'team/model'],
    ['docker.io/team/model', 'docker.io', 'team/model'],
    ['index.docker.io/library/python', 'docker.io', 'library/python'],
    ['ghcr.io/team/model:1', 'ghcr.io', 'team/model'],
    ['registry:5000/x', 'registry:5000', 'x'],
    ['localhost/x', 'localhost', 'x'],
    // An upper-case first component is a registry to docker (splitDockerDomain), and registry-1.docker.io is not Docker Hub.
    ['Team/model', 'Team', 'model'],
    ['registry-1.docker.io/library/python', 'registry-1.docker.io', 'library/python'],
    ['[::1]:5000/x', '[::1]:5000', 'x'],
    ['registry.example.com:5000/a/b/c@sha256:' + 'a'.repeat(64), 'registry.example.com:5000', 'a/b/c'],
  ])('%s is %s / %s', (reference, registry, repository) => {
    expect(parseImageReference(reference).image).toEqual({ registry, repository });
  });

  test.each([
    ['', /is empty/], ['team/Model', /upper-case letters in its repository/], ['ghcr.io/team/model:', /malformed tag/], ['x@sha256:1', /malformed digest/],
    [`x@sha256:${'a'.repeat(32)}`, /sha256 digest of 32 hexadecimal digits; it has 64/], [`x@md5:${'a'.repeat(32)}`, /algorithm "md5", which docker does not know/],
    [`x@sha256:${'A'.repeat(64)}`, /upper-case hexadecimal/], ['a'.repeat(64).replace(/^a/, 'f'), /image ID/], ['-bad.example.com/x', /not a host name/],
    ['bad..example.com/x', /not a host name/], [`ghcr.io/${'a'.repeat(256)}`, /256 characters; docker accepts at most 255/],
    ['a'.repeat(250), /258 characters \(with "library\/"\)/], ['ghcr.io/a___b', /not lower-case letters and digits joined/],
  ])(
    'refuses %j', (reference, message) => {
      expect(parseImageReference(reference).problem).toMatch(message);
    });
});

describe('DockerCredentials: registry coverage', () => {
  const auth = (u: string) => ({ auth: Buffer.from(`${u}:p`).toString('base64') });
  const configJson = JSON.stringify({ auths: { 'https://index.docker.io/v1/': auth('hub'), 'ghcr.io': auth('gh'), 'registry.example.com:5000': auth('own') } });

  test('says which registries it covers and whether it covers an image', () => {
    const docker = new DockerCredentials(testChart(), 'Docker', { configJson });
    expect(docker.coveredRegistries).toEqual(['docker.io', 'ghcr.io', 'registry.example.com:5000']);
    expect(docker.covers('python:3.11')).toBe(true);
    expect(docker.covers('ghcr.io/team/model:1')).toBe(true);
    expect(docker.covers('registry.example.com:5000/x')).toBe(true);
    expect(docker.covers('registry.example.com/x')).toBe(false);
    expect(docker.covers('quay.io/team/x')).toBe(false);
  });

  test('Docker Hub written from registries is covered, under docker\'s one key', () => {
    const docker = new DockerCredentials(testChart(), 'Docker', { registries: [{ server: 'docker.io', username: 'u', password: 'p' }] });
    expect(docker.covers('model:1')).toBe(true);
    expect(docker.covers('docker.io/team/model')).toBe(true);
  });

  test('requiredImages fails the construct when an image is not covered, naming the key docker looks up', () => {
    expect(errorOf(() => new DockerCredentials(testChart(), 'Docker', { configJson, requiredImages: ['ghcr.io/team/model:1', 'quay.io/team/x:2'] })))
      .toBe('[user/Docker] requiredImages[1] "quay.io/team/x:2" is on registry "quay.io", which config.json has no credentials for (docker looks up "quay.io"; the file has "https://index.docker.io/v1/", "ghcr.io", "registry.example.com:5000") [docker-required-images, runtime]');
    expect(() => new DockerCredentials(testChart(), 'Docker', { configJson, requiredImages: ['ghcr.io/team/model:1', 'python'] })).not.toThrow();
  });

  test('requiredImages refuses a reference docker cannot parse', () => {
    expect(errorOf(() => new DockerCredentials(testChart(), 'Docker', { configJson, requiredImages: ['Team/Model'] }))).toMatch(/requiredImages\[0\] "Team\/Model" has upper-case letters in its repository/);
  });

  test('the Docker provider answers the same', () => {
    const provider = DockerConfigurationProvider.fromRegistries([{ server: 'https://GHCR.io/v2/', username: 'u', password: 'p' }]);
    expect(provider.coveredRegistries).toEqual(['ghcr.io']);
    expect(provider.covers('ghcr.io/team/model:1')).toBe(true);
    expect(provider.covers('model:1')).toBe(false);
  });
});
