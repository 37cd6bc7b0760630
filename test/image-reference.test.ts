/**
 * Image references compared with the docker CLI (Debian's docker.io): `docker pull -- REF` against
 * a fake engine, with a config.json of several registries. docker either refuses the reference
 * before it asks the engine (no pull recorded), or asks for an image and sends the credentials of
 * one config.json entry, or none. For every reference, the library must refuse exactly what
 * docker refuses, and `covers()` must name the entry whose credentials docker sends.
 */
import { execFile, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { promisify } from 'util';
import * as fc from 'fast-check';
import { DockerConfig } from '../src';
import { Fakes } from './support/docker-fakes';
import { describeWithTool, tempDir } from './support/kubectl';
import { recordCounts } from './support/proof-counts';
import { coveringKey, parseImageReference } from '../src/formats/image-reference';

const run = promisify(execFile);
const HAVE_DOCKER = spawnSync('docker', ['--version'], { stdio: 'ignore' }).status === 0;
const hex = (n: number, digit = 'a') => digit.repeat(n);

/** The config.json keys, each with its own username, so that the one docker sends names its entry. */
const KEYS = ['https://index.docker.io/v1/', 'ghcr.io', 'registry-1.docker.io', 'Registry.example.com', 'localhost', '[::1]:5000', 'https://quay.io/v2/', 'reg:5000'];
const user = (key: string) => `user${KEYS.indexOf(key)}`;

/** References where a simpler parser goes wrong: the issue's findings, and docker's edge cases. */
const HANDWRITTEN = [
  'python', 'python:3.11', 'docker.io/python', 'index.docker.io/library/python', 'registry-1.docker.io/library/python:3', 'docker.io/team/x',
  `x@sha256:${hex(32)}`, `x@md5:${hex(32)}`, `x@sha256:${hex(64, 'A')}`, `x@sha256:${hex(64)}`, `x@sha384:${hex(96)}`, `x@sha512:${hex(128)}`,
  `x@sha256+b64:${hex(64)}`, `x@Sha256:${hex(64)}`, 'x@sha256:abc', `ghcr.io/a/b:1@sha256:${hex(64)}`,
  hex(64, 'f'), `${hex(64, 'f')}:1`, `library/${hex(64, 'f')}`,
  '-bad.example.com/x', 'bad..example.com/x', 'a.b-.c/x', 'a.-b.c/x', 'Registry.example.com/x', 'registry.example.com/X', 'Foo/bar', 'FOO', 'foo/Bar',
  'localhost/x', 'localhost', 'localhost:5000', '[::1]:5000/x', '[::1]/x', '[fe80::1%eth0]/x', '1.2.3.4:5/x', 'host:port/x', 'host:99999999/x',
  'ghcr.io/a__b/c', 'ghcr.io/a___b/c', 'ghcr.io/a--b', 'ghcr.io/a.b', 'ghcr.io/.a', '_x', 'x_', 'x/y:z:w', 'x:', 'x:-tag', 'sha256:abc',
  `ghcr.io/${'a'.repeat(255)}`, `ghcr.io/${'a'.repeat(256)}`, 'a'.repeat(247), 'a'.repeat(248), `library/${'a'.repeat(248)}`,
  `ghcr.io/a/b:${'t'.repeat(128)}`, `ghcr.io/a/b:${'t'.repeat(129)}`, 'ghcr.io:443/x', 'GHCR.io/x', 'quay.io/team/x', 'reg:5000/x', 'reg/x',
];

/** Generated references: registries, paths, tags and digests, right and wrong, joined. */
function generated(): fc.Arbitrary<string> {
  const registry = fc.constantFrom('', '', 'ghcr.io/', 'docker.io/', 'index.docker.io/', 'registry-1.docker.io/', 'localhost/', 'reg:5000/', 'Reg/',
    'quay.io/', '-q.io/', 'q-.io/', 'a_b.io/', '[::1]:5000/', 'r..io/', 'GHCR.IO/', 'other.io/', 'reg:5001/', 'localhost:5000/', '10.0.0.1:80/');
  const component = fc.oneof(fc.stringMatching(/^[a-z0-9]{1,5}$/), fc.stringMatching(/^[a-z0-9]{1,3}(?:[._-]|__|--)[a-z0-9]{1,3}$/));
  const odd = fc.constantFrom('A', 'x--y', 'x__y', 'x___y', '.x', 'x.', 'x-', 'library');
  const repository = fc.array(fc.oneof({ weight: 6, arbitrary: component }, { weight: 1, arbitrary: odd }), { minLength: 1, maxLength: 3 }).map((p) => p.join('/'));
  const tag = fc.constantFrom('', '', '', ':1', ':1', ':latest', ':v1.2-rc_3', ':-x', ':.x', ':', `:${'t'.repeat(128)}`, `:${'t'.repeat(129)}`);
  const digest = fc.constantFrom('', '', '', '', '', '', `@sha256:${hex(64)}`, `@sha256:${hex(63)}`, `@sha512:${hex(128)}`, `@sha256:${hex(64, 'F')}`, `@sha1:${hex(40)}`, '@x');
  return fc.tuple(registry, repository, tag, digest).map(([r, p, t, d]) => `${r}${p}${t}${d}`);
}

describeWithTool('docker (docker.io)', HAVE_DOCKER, 'image references, as docker pull reads them', () => {
  const fakes = new Fakes();
  let config = '';

  beforeAll(async () => {
    const dir = tempDir();
    await fakes.start(dir);
    config = path.join(dir, 'config');
    fs.mkdirSync(config);
    const auths = Object.fromEntries(KEYS.map((k) => [k, { auth: Buffer.from(`${user(k)}:p`).toString('base64') }]));
    fs.writeFileSync(path.join(config, 'config.json'), JSON.stringify({ auths }));
  });
  afterAll(async () => {
    await fakes.stop();
  });

  /** What docker does with a reference: refuses it, or pulls sending the credentials of one user (or none). */
  async function dockerPull(reference: string): Promise<{ refused: boolean; username?: string }> {
    const before = fakes.pulls.length;
    const env = { ...process.env, DOCKER_HOST: `unix://${fakes.socket}`, DOCKER_CONFIG: config };
    await run('docker', ['pull', '--', reference], { env, timeout: 30_000 }).catch(() => undefined);
    const pulls = fakes.pulls.slice(before);
    return pulls.length === 0 ? { refused: true } : { refused: false, username: pulls[pulls.length - 1].username };
  }

  function ours(reference: string): { refused: boolean; username?: string; problem?: string } {
    const parsed = parseImageReference(reference);
    if (!parsed.image) {
      return { refused: true, problem: parsed.problem };
    }
    const key = coveringKey(KEYS, parsed.image);
    return { refused: false, username: key === undefined ? undefined : user(key) };
  }

  test('every reference: refused exactly when docker refuses it, covered by the entry docker sends', async () => {
    const references = [...new Set([...HANDWRITTEN, ...fc.sample(generated(), { numRuns: 200, seed: 20261203 })])];
    const disagreements: string[] = [];
    const counts = { refused: 0, covered: 0, uncovered: 0 };
    for (const reference of references) {
      const docker = await dockerPull(reference);
      const library = ours(reference);
      // docker accepts a registry outside the host grammar as a path ("a_b.io/x") and sends nothing: not covered either way.
      const same = library.refused === docker.refused && library.username === docker.username;
      const uncoveredEitherWay = library.refused && !docker.refused && docker.username === undefined && /sends no credentials/.test(library.problem ?? '');
      if (!same && !uncoveredEitherWay) {
        disagreements.push(`${JSON.stringify(reference)}: docker ${docker.refused ? 'refuses' : `sends ${docker.username ?? 'nothing'}`}, `
          + `library ${library.refused ? `refuses (${library.problem})` : `sends ${library.username ?? 'nothing'}`}`);
      }
      counts[docker.refused ? 'refused' : docker.username ? 'covered' : 'uncovered']++;
    }
    recordCounts('image-references', { consumerComparisons: references.length });
    // eslint-disable-next-line no-console
    console.log(`image references: ${references.length} compared with docker pull (${counts.refused} refused, ${counts.covered} covered, ${counts.uncovered} not covered)`);
    expect(disagreements).toEqual([]);
    expect(Math.min(counts.refused, counts.covered, counts.uncovered)).toBeGreaterThan(10);
  }, 900_000);

  test('covers() is the same answer, through DockerConfig', () => {
    const config2 = DockerConfig.fromJson(JSON.stringify({ auths: { 'https://index.docker.io/v1/': { auth: Buffer.from('u:p').toString('base64') } } }));
    expect(config2.covers('python')).toBe(true);
    // docker sends nothing for registry-1.docker.io with only Docker Hub's key.
    expect(config2.covers('registry-1.docker.io/library/python')).toBe(false);
    expect(config2.covers(`python@sha256:${hex(32)}`)).toBe(false);
  });
});
