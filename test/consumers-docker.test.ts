/**
 * Differential tests against the real consumers of a Docker `config.json`: the docker CLI and
 * podman (Debian's docker.io and podman packages). Nothing leaves the machine: docker talks to a
 * fake engine on a unix socket, which records the credentials the CLI sends with `docker pull`
 * (the X-Registry-Auth header); podman pulls from a fake registry on 127.0.0.1, which asks for
 * Basic auth and records what podman answers. For every input:
 * - when the library accepts it, docker and podman send the same credentials (no dangerous
 *   acceptance);
 * - when both send the same usable credentials, the library accepts it (no false rejection).
 */
import { execFile, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { promisify } from 'util';
import * as fc from 'fast-check';
import { Fakes, Sent } from './support/docker-fakes';
import { describeWithTool, tempDir } from './support/kubectl';
import { recordCounts } from './support/proof-counts';
import { checkDockerConfig } from '../src/formats/docker-config';

const run = promisify(execFile);

/**
 * Refusals by a documented rule, whatever the tools did on this run: a registry whose entry Go's
 * random map order chooses (the tools may agree once and not the next time), and credential
 * helpers, which do not exist in the notebook pod.
 */
const DELIBERATE = /picks one at random|sets credsStore|sets credHelpers/;
const present = (tool: string) => spawnSync(tool, ['--version'], { stdio: 'ignore' }).status === 0;
const HAVE_TOOLS = present('docker') && present('podman');
const GENERATED = 120;
const SEED = 20261122;

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

/** Config files for the registry `host` (the fake registry), hand-written: issue 10's cases. */
function handwritten(host: string): Array<[string, unknown]> {
  const ok = { auth: b64('user:pass word') };
  const other = { auth: b64('other:secret') };
  return [
    ['docker login', { auths: { [host]: ok } }],
    ['Auths', { Auths: { [host]: ok } }],
    ['Auth field', { auths: { [host]: { Auth: ok.auth } } }],
    ['AUTHS and auths merged', `{"auths": {"elsewhere.example": ${JSON.stringify(other)}}, "AUTHS": {"${host}": ${JSON.stringify(ok)}}}`],
    ['auths twice', `{"auths": {"${host}": ${JSON.stringify(other)}}, "auths": {"${host}": ${JSON.stringify(ok)}}}`],
    ['registry key twice', `{"auths": {"${host}": ${JSON.stringify(other)}, "${host}": ${JSON.stringify(ok)}}}`],
    ['auth with newlines', { auths: { [host]: { auth: b64('a-user-name:a-long-password-here').replace(/(.{8})/g, '$1\n') } } }],
    ['username and password only', { auths: { [host]: { username: 'user', password: 'pass' } } }],
    ['auth and other username', { auths: { [host]: { ...ok, username: 'someone-else' } } }],
    ['identitytoken only', { auths: { [host]: { identitytoken: 'tok' } } }],
    ['upper-case key', { auths: { [host.toUpperCase()]: ok } }],
    ['trailing slash', { auths: { [`${host}/`]: ok } }],
    ['path without scheme', { auths: { [`${host}/v2/`]: ok } }],
    ['http:// key', { auths: { [`http://${host}`]: ok } }],
    ['https:// key with /v2/', { auths: { [`https://${host}/v2/`]: ok } }],
    ['https:// beside the bare key', { auths: { [`https://${host}`]: other, [host]: ok } }],
    ['two spellings, no bare key', { auths: { [`https://${host}`]: other, [`http://${host}/v1/`]: ok } }],
    ['auth not base64', { auths: { [host]: { auth: 'not base64!' } } }],
    ['auth without colon', { auths: { [host]: { auth: b64('userpass') } } }],
    ['empty username', { auths: { [host]: { auth: b64(':pass') } } }],
    ['password with NUL padding', { auths: { [host]: { auth: b64('user:pass\u0000\u0000') } } }],
    ['credsStore', { auths: { [host]: ok }, credsStore: 'desktop' }],
    ['CredsStore', { auths: { [host]: ok }, CredsStore: 'desktop' }],
    ['credHelpers', { auths: { [host]: ok }, credHelpers: { [host]: 'secretservice' } }],
    ['unknown nested fields', { auths: { [host]: ok }, extra: JSON.parse('['.repeat(100) + ']'.repeat(100)) }],
    ['wrong type elsewhere (docker fails to load)', { auths: { [host]: ok }, psFormat: 5 }],
    ['entry null', `{"auths": {"${host}": null}}`],
  ];
}

/** Generated config files for `host`: combinations of key spellings, field cases and entries. */
function generated(host: string): fc.Arbitrary<string> {
  const key = fc.constantFrom(host, host, host, `http://${host}`, `https://${host}`, `https://${host}/v2/`, `${host}/`, host.toUpperCase());
  const field = (name: string) => fc.constantFrom(name, name, name, name.toUpperCase(), name[0].toUpperCase() + name.slice(1));
  const credential = fc.constantFrom('user', 'u-1', 'name.with.dots', 'ü');
  const secret = fc.constantFrom('pass', 'p a s s', 'p:a:ss', 'pässword', '');
  const entry = fc.oneof(
    fc.tuple(field('auth'), credential, secret).map(([f, u, p]) => `{"${f}": "${b64(`${u}:${p}`)}"}`),
    fc.tuple(field('username'), field('password'), credential, secret).map(([fu, fp, u, p]) => `{"${fu}": "${u}", "${fp}": "${p}"}`),
    fc.tuple(field('auth'), credential, secret).map(([f, u, p]) => `{"${f}": "${b64(`${u}:${p}`)}", "identitytoken": "tok"}`),
  );
  const auths = fc.array(fc.tuple(key, entry), { minLength: 1, maxLength: 2 }).map((entries) => `{${entries.map(([k, e]) => `"${k}": ${e}`).join(', ')}}`);
  return fc.tuple(field('auths'), auths, fc.option(fc.tuple(field('auths'), auths), { nil: undefined }))
    .map(([f, a, second]) => `{"${f}": ${a}${second ? `, "${second[0]}": ${second[1]}` : ''}}`);
}

describeWithTool('docker and podman (docker.io, podman)', HAVE_TOOLS, 'config.json, as docker and podman read it', () => {
  const fakes = new Fakes();
  let dir = '';

  beforeAll(async () => {
    dir = tempDir();
    await fakes.start(dir);
  });
  afterAll(async () => {
    await fakes.stop();
  });

  /** Runs both tools on one config.json; resolves when both have asked for the image. */
  async function pull(index: number, text: string): Promise<{ docker?: Sent; podman?: Sent }> {
    const config = path.join(dir, `config-${index}`);
    fs.mkdirSync(config, { recursive: true });
    fs.writeFileSync(path.join(config, 'config.json'), text);
    const image = `case-${index}`;
    const reference = `localhost:${fakes.port}/${image}:1`;
    const env = { ...process.env, DOCKER_HOST: `unix://${fakes.socket}`, DOCKER_CONFIG: config };
    await Promise.all([
      run('docker', ['pull', reference], { env, timeout: 30_000 }).catch(() => undefined),
      run('podman', ['--root', path.join(dir, 'podman-root'), '--runroot', path.join(dir, 'podman-run'), '--storage-driver', 'vfs',
        'pull', '--tls-verify=false', '--authfile', path.join(config, 'config.json'), reference], { timeout: 30_000 }).catch(() => undefined),
    ]);
    return { docker: fakes.docker.get(image), podman: fakes.podman.get(image) };
  }

  test('every input: accepted exactly when docker and podman send the same usable credentials', async () => {
    const host = `localhost:${fakes.port}`;
    const corpus: Array<[string, string]> = [
      ...handwritten(host).map(([name, c]): [string, string] => [name, typeof c === 'string' ? c : JSON.stringify(c)]),
      ...fc.sample(generated(host), { numRuns: GENERATED, seed: SEED }).map((text, i): [string, string] => [`generated ${i}`, text]),
    ];
    const disagreements: string[] = [];
    let accepted = 0;
    for (const [index, [name, text]] of corpus.entries()) {
      const sent = await pull(index, text);
      const same = sent.docker?.username !== undefined && JSON.stringify(sent.docker) === JSON.stringify(sent.podman);
      const usable = same && sent.docker!.username !== '' && !/[\u0000-\u001f\u007f]/.test(`${sent.docker!.username}${sent.docker!.password ?? ''}`);
      const ours = checkDockerConfig(text, 'configJson');
      const oursAccepts = ours.problems.length === 0;
      accepted += oursAccepts ? 1 : 0;
      const deliberate = !oursAccepts && ours.problems.every((p) => DELIBERATE.test(p.message));
      if (oursAccepts !== usable && !deliberate) {
        disagreements.push(`${name} ${text}: library ${oursAccepts ? 'accepts' : `refuses (${ours.problems.map((p) => p.message).join('; ')})`}; docker sent ${JSON.stringify(sent.docker)}, podman sent ${JSON.stringify(sent.podman)}`);
      }
    }
    recordCounts('consumers-docker', { consumerComparisons: corpus.length * 2, generatedCases: GENERATED });
    // eslint-disable-next-line no-console
    console.log(`config.json: ${corpus.length} inputs, ${accepted} accepted, each pulled with docker and podman`);
    expect(disagreements).toEqual([]);
  }, 600_000);
});
