/**
 * Differential tests against the real consumers of an AWS shared credentials file: botocore
 * (Debian's python3-botocore: configparser and SharedCredentialProvider) and the AWS JS SDK v3's
 * loader. For every input of a hand-written and a generated corpus:
 * - when the library accepts a file, both consumers read it without error and read the same
 *   credentials from every profile (no dangerous acceptance);
 * - when both consumers read the same, valid credentials, the library accepts the file (no false
 *   rejection), and refuses it otherwise.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { loadSharedConfigFiles } from '@smithy/shared-ini-file-loader';
import * as fc from 'fast-check';
import { describeWithTool, tempDir } from './support/kubectl';
import { recordCounts } from './support/proof-counts';
import { parseCredentialsFile } from '../src/formats/aws-credentials-file';

const PYTHON = process.env.BOTOCORE_PYTHON ?? '/usr/bin/python3';
const HAVE_BOTOCORE = spawnSync(PYTHON, ['-c', 'import botocore'], { stdio: 'ignore' }).status === 0;
const GENERATED = 400;
const SEED = 20261122;

interface Creds { accessKeyId: string; secretAccessKey: string; sessionToken: string | null }
type BotocoreRead = { error: string } | { profiles: Record<string, Creds | { error: string } | null> };

/** Runs every file through botocore in one Python process. */
function readWithBotocore(files: string[]): BotocoreRead[] {
  const result = spawnSync(PYTHON, [path.join(__dirname, 'oracles', 'botocore_read.py')], {
    input: JSON.stringify(files), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) {
    throw new Error(`botocore oracle failed: ${result.stderr}`);
  }
  return JSON.parse(result.stdout);
}

/** What the AWS JS SDK's static-credentials provider reads from each profile of a file. */
async function readWithJsSdk(file: string): Promise<{ error?: string; profiles: Record<string, Creds | null> }> {
  try {
    const { credentialsFile } = await loadSharedConfigFiles({ filepath: file, configFilepath: path.join(path.dirname(file), 'no-config'), ignoreCache: true });
    const profiles: Record<string, Creds | null> = {};
    for (const [name, keys] of Object.entries(credentialsFile)) {
      const k = keys as Record<string, string | undefined>;
      profiles[name] = typeof k.aws_access_key_id === 'string' && typeof k.aws_secret_access_key === 'string'
        ? { accessKeyId: k.aws_access_key_id, secretAccessKey: k.aws_secret_access_key, sessionToken: k.aws_session_token || null }
        : null;
    }
    return { profiles };
  } catch (e) {
    return { error: (e as Error).message, profiles: {} };
  }
}

/** Whether both consumers read the same, usable credentials from every profile. */
function consumersAgree(b: BotocoreRead, j: { error?: string; profiles: Record<string, Creds | null> }): boolean {
  if ('error' in b || j.error) {
    return false;
  }
  const names = new Set([...Object.keys(b.profiles), ...Object.keys(j.profiles)]);
  let some = false;
  for (const name of names) {
    const bc = b.profiles[name] ?? null;
    const jc = j.profiles[name] ?? null;
    if (bc !== null && 'error' in bc) {
      return false;
    }
    if (JSON.stringify(bc) !== JSON.stringify(jc)) {
      return false;
    }
    some ||= bc !== null;
  }
  return some;
}

/** Credentials a notebook can use: no whitespace or control characters, no leading comment sign. */
function usable(b: BotocoreRead): boolean {
  if ('error' in b) {
    return false;
  }
  return Object.values(b.profiles).every((c) => c === null || ('accessKeyId' in c
    && [c.accessKeyId, c.secretAccessKey, c.sessionToken ?? 'x'].every((v) => v.length > 0 && !/[\s\u0000-\u001f\u007f\u0085\u00a0]/.test(v) && !/^[#;]/.test(v))));
}

const V = 'AKIAEXAMPLE0000';
const S = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
const lines = (...l: string[]) => l.join('\n') + '\n';

/** Hand-written files: those of issue 10 and of `aws configure`, each read by the real consumers. */
const HANDWRITTEN: Array<[string, string]> = [
  ['aws configure', lines('[default]', `aws_access_key_id = ${V}`, `aws_secret_access_key = ${S}`)],
  ['aws configure, two profiles', lines('[default]', `aws_access_key_id = ${V}`, `aws_secret_access_key = ${S}`, '', '[dev]', `aws_access_key_id = ${V}2`, `aws_secret_access_key = ${S}2`)],
  ['no spaces around =', lines('[default]', `aws_access_key_id=${V}`, `aws_secret_access_key=${S}`)],
  ['trailing space', lines('[default]', `aws_access_key_id = ${V} `, `aws_secret_access_key = ${S}`)],
  ['trailing tab', lines('[default]', `aws_access_key_id = ${V}\t`, `aws_secret_access_key = ${S}`)],
  ['trailing no-break space', lines('[default]', `aws_access_key_id = ${V}\u00a0`, `aws_secret_access_key = ${S}`)],
  ['\\r\\r\\n', `[default]\r\r\naws_access_key_id = ${V}\r\r\naws_secret_access_key = ${S}\r\r\n`],
  ['CRLF', `[default]\r\naws_access_key_id = ${V}\r\naws_secret_access_key = ${S}\r\n`],
  ['indented keys', lines('[default]', `  aws_access_key_id = ${V}`, `  aws_secret_access_key = ${S}`)],
  ['indented comment', lines('[default]', `aws_access_key_id = ${V}`, '    # rotated monthly', `aws_secret_access_key = ${S}`)],
  ['continuation line', lines('[default]', `aws_access_key_id = ${V}`, `aws_secret_access_key = ${S}`, '  more')],
  ['indented second key', lines('[default]', `aws_access_key_id = ${V}`, `  aws_secret_access_key = ${S}`)],
  ['comment after header', lines('[default] # main', `aws_access_key_id = ${V}`, `aws_secret_access_key = ${S}`)],
  ['inline comment', lines('[default]', `aws_access_key_id = ${V} # main`, `aws_secret_access_key = ${S}`)],
  ['value starting with #', lines('[default]', `aws_access_key_id = #${V}`, `aws_secret_access_key = ${S}`)],
  ['non-ASCII profile', lines('[équipe]', `aws_access_key_id = ${V}`, `aws_secret_access_key = ${S}`)],
  ['profile with / and :', lines('[team/dev:1]', `aws_access_key_id = ${V}`, `aws_secret_access_key = ${S}`)],
  ['profile with a space', lines('[my dev]', `aws_access_key_id = ${V}`, `aws_secret_access_key = ${S}`)],
  ['[profile dev]', lines('[profile dev]', `aws_access_key_id = ${V}`, `aws_secret_access_key = ${S}`)],
  ['[DEFAULT]', lines('[DEFAULT]', `aws_access_key_id = ${V}`, `aws_secret_access_key = ${S}`)],
  ['[DEFAULT] and [default]', lines('[DEFAULT]', 'region = us-east-1', '[default]', `aws_access_key_id = ${V}`, `aws_secret_access_key = ${S}`)],
  ['region and ca_bundle', lines('[default]', `aws_access_key_id = ${V}`, `aws_secret_access_key = ${S}`, 'region = us-east-1', 'ca_bundle = /etc/ssl/my bundle.pem')],
  ['nested s3 settings', lines('[default]', `aws_access_key_id = ${V}`, `aws_secret_access_key = ${S}`, 's3 =', '  max_concurrent_requests = 20', '  addressing_style = path')],
  ['empty session token', lines('[default]', `aws_access_key_id = ${V}`, `aws_secret_access_key = ${S}`, 'aws_session_token =')],
  ['session token', lines('[default]', `aws_access_key_id = ${V}`, `aws_secret_access_key = ${S}`, 'aws_session_token = FwoGZXIvYXdzEJr')],
  ['security token alone', lines('[default]', `aws_access_key_id = ${V}`, `aws_secret_access_key = ${S}`, 'aws_security_token = FwoGZXIvYXdzEJr')],
  ['security and session token', lines('[default]', `aws_access_key_id = ${V}`, `aws_secret_access_key = ${S}`, 'aws_session_token = A', 'aws_security_token = B')],
  ['upper-case keys', lines('[default]', `AWS_ACCESS_KEY_ID = ${V}`, `AWS_SECRET_ACCESS_KEY = ${S}`)],
  ['colon delimiter', lines('[default]', `aws_access_key_id: ${V}`, `aws_secret_access_key: ${S}`)],
  ['duplicate key', lines('[default]', `aws_access_key_id = ${V}`, `aws_access_key_id = ${V}`, `aws_secret_access_key = ${S}`)],
  ['duplicate section', lines('[default]', `aws_access_key_id = ${V}`, `aws_secret_access_key = ${S}`, '[default]', 'region = us-east-1')],
  ['missing secret', lines('[default]', `aws_access_key_id = ${V}`)],
  ['key before section', lines(`aws_access_key_id = ${V}`, '[default]', `aws_secret_access_key = ${S}`)],
  ['byte-order mark', `\ufeff${lines('[default]', `aws_access_key_id = ${V}`, `aws_secret_access_key = ${S}`)}`],
  ['semicolon comment', lines('; written by hand', '[default]', `aws_access_key_id = ${V}`, `aws_secret_access_key = ${S}`)],
  ['no final newline', `[default]\naws_access_key_id = ${V}\naws_secret_access_key = ${S}`],
  ['empty lines inside', lines('[default]', '', `aws_access_key_id = ${V}`, '', '', `aws_secret_access_key = ${S}`, '')],
  ['profile without credentials', lines('[default]', `aws_access_key_id = ${V}`, `aws_secret_access_key = ${S}`, '[settings]', 'region = eu-west-1')],
];

const value = fc.constantFrom(V, S, 'a', 'AKIA/+=', 'x1');
// Weighted towards files both consumers read alike, so that both verdicts are common.
const pad = fc.constantFrom('', '', '', ' ', '\t', '\u00a0', '\r', ' # c', ' ; c', '  ');
const indent = fc.constantFrom('', '', '', '', '', '', ' ', '\t');
const keyLine = (key: string) => fc.tuple(indent, fc.constantFrom(key, key, key, key, key.toUpperCase()), fc.constantFrom(' = ', ' = ', '=', ' =  ', ': '), value, pad)
  .map(([i, k, d, v, p]) => `${i}${k}${d}${v}${p}`);
const extra = fc.constantFrom('', '', '', '# c', '   ; c', 'region = us-east-1', 's3 =\n  addressing_style = path', '  continued', 'aws_session_token = T', 'aws_security_token = T', 'aws_session_token =');
const header = fc.constantFrom('[default]', '[default]', '[dev]', '[dev]', '[DEFAULT]', '[profile dev]', '[default] # c', ' [default]', '[a b]', '[x/y]');
const section = fc.tuple(header, keyLine('aws_access_key_id'), keyLine('aws_secret_access_key'), fc.array(extra, { maxLength: 2 }), fc.boolean())
  .map(([h, a, s, e, swap]) => [h, ...(swap ? [s, a] : [a, s]), ...e].join('\n'));
const generatedFile = fc.tuple(fc.array(section, { minLength: 1, maxLength: 2 }), fc.constantFrom('\n', '\r\n'))
  .map(([sections, eol]) => sections.join('\n').split('\n').join(eol) + eol);

describeWithTool('botocore (python3-botocore)', HAVE_BOTOCORE, 'AWS credentials files, as botocore and the AWS JS SDK read them', () => {
  const generated = fc.sample(generatedFile, { numRuns: GENERATED, seed: SEED });
  const corpus: Array<[string, string]> = [...HANDWRITTEN, ...generated.map((text, i): [string, string] => [`generated ${i}`, text])];
  let botocore: BotocoreRead[] = [];
  const files: string[] = [];

  beforeAll(() => {
    const dir = tempDir();
    corpus.forEach(([, text], i) => {
      const file = path.join(dir, `credentials-${i}`);
      fs.writeFileSync(file, text);
      files.push(file);
    });
    botocore = readWithBotocore(files);
  });

  afterAll(() => {
    recordCounts('consumers-aws', { consumerComparisons: corpus.length * 2, generatedCases: GENERATED });
  });

  test('every input: accepted exactly when botocore and the JS SDK read the same usable credentials', async () => {
    const disagreements: string[] = [];
    let accepted = 0;
    for (const [i, [name, text]] of corpus.entries()) {
      const js = await readWithJsSdk(files[i]);
      const agree = consumersAgree(botocore[i], js) && usable(botocore[i]);
      const ours = parseCredentialsFile(text, 'credentialsFile');
      const oursAccepts = ours.problems.length === 0;
      accepted += oursAccepts ? 1 : 0;
      if (oursAccepts !== agree) {
        disagreements.push(`${name} ${JSON.stringify(text)}: library ${oursAccepts ? 'accepts' : `refuses (${ours.problems.join('; ')})`}, consumers ${agree ? 'agree' : 'disagree'}: botocore ${JSON.stringify(botocore[i])} / JS SDK ${JSON.stringify(js)}`);
      }
    }
    // eslint-disable-next-line no-console
    console.log(`AWS credentials files: ${corpus.length} inputs, ${accepted} accepted, each compared with botocore and the AWS JS SDK`);
    expect(disagreements).toEqual([]);
  });

  test('the hand-written corpus has both verdicts, so the comparison can fail', () => {
    const verdicts = HANDWRITTEN.map(([, text]) => parseCredentialsFile(text, 'f').problems.length === 0);
    expect(verdicts).toContain(true);
    expect(verdicts).toContain(false);
  });
});
