/**
 * Hostile input: truncated and random bytes, size boundaries, long lines, NUL, BOM, CRLF,
 * duplicate keys, deep JSON and prototype keys. Each gives either a clean success or a plain
 * `Error` whose every line names where (`[path]`) and what input broke which rule: never a
 * crash, a TypeError, a RangeError or a hang.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Testing } from 'cdk8s';
import * as fc from 'fast-check';
import {
  AwsCredentialsFile, AwsEnvConfiguration, DockerConfig, AwsFileCredentials, DockerConfigurationProvider, DockerCredentials, S3ConfigurationProvider,
} from '../src';
import { check, generatedCases } from './support/fast-check';
import { tempDir } from './support/kubectl';
import { recordCounts } from './support/proof-counts';
import { errorOf, testChart } from './support/synth';
import { main } from '../src/manifests/cli';

afterAll(() => recordCounts('hostile.test.ts', { generatedCases: generatedCases() }));

const MIB = 1024 * 1024;
const dir = tempDir();
let files = 0;
const write = (content: string | Uint8Array) => {
  const file = path.join(dir, `hostile-${files++}`);
  fs.writeFileSync(file, content);
  return file;
};
const auth = Buffer.from('user:password').toString('base64');
const VALID_CONFIG = JSON.stringify({ auths: { 'ghcr.io': { auth } } });
const VALID_CREDENTIALS = '[default]\naws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = secret\n';

/**
 * Runs `fn`: it either succeeds (then the chart synthesizes), or throws a plain Error whose
 * lines each name a path in brackets and say what is wrong.
 */
function clean(fn: () => unknown, input: RegExp): 'ok' | string {
  let result: unknown;
  try {
    result = fn();
  } catch (e) {
    expect(e).toBeInstanceOf(Error);
    expect((e as Error).constructor).toBe(Error);
    const message = (e as Error).message;
    for (const line of message.split('\n')) {
      expect(line).toMatch(/^\[[^\]]+\] \S/);
      expect(line).toMatch(input);
    }
    return message;
  }
  if (result && typeof (result as any).node === 'object') {
    Testing.synth(testChartOf(result));
  }
  return 'ok';
}

function testChartOf(construct: any): any {
  let scope = construct;
  while (scope.node.scope && scope.constructor.name !== 'Chart') {
    scope = scope.node.scope;
  }
  return scope;
}

describe('random and truncated bytes', () => {
  test('as config.json contents and files', () => {
    check([fc.uint8Array({ maxLength: 300 })], (bytes) => {
      clean(() => new DockerCredentials(testChart(), 'D', { configJson: Buffer.from(bytes).toString('utf8') }), /configJson/);
      clean(() => DockerCredentials.fromFile(testChart(), 'D', write(bytes)), /file "/);
      clean(() => DockerConfigurationProvider.fromFile(write(bytes)), /file "/);
    }, 150);
  });

  test('truncated config.json (every prefix)', () => {
    for (let i = 0; i < VALID_CONFIG.length; i++) {
      expect(clean(() => new DockerCredentials(testChart(), 'D', { configJson: VALID_CONFIG.slice(0, i) }), /configJson/)).not.toBe('ok');
    }
    expect(clean(() => new DockerCredentials(testChart(), 'D', { configJson: VALID_CONFIG }), /configJson/)).toBe('ok');
  });

  test('as credentials files', () => {
    check([fc.uint8Array({ maxLength: 300 })], (bytes) => {
      clean(() => new AwsFileCredentials(testChart(), 'A', { credentialsFile: Buffer.from(bytes).toString('utf8') }), /credentialsFile/);
      clean(() => S3ConfigurationProvider.fromFile(write(bytes)), /file "/);
    }, 150);
  });

  test('truncated credentials files (every prefix)', () => {
    for (let i = 0; i <= VALID_CREDENTIALS.length; i++) {
      clean(() => new AwsFileCredentials(testChart(), 'A', { credentialsFile: VALID_CREDENTIALS.slice(0, i) }), /credentialsFile/);
    }
  });

  test('as arbitrary strings for every env value', () => {
    const field = fc.string({ unit: 'binary', maxLength: 50 });
    const settings = fc.record({
      accessKeyId: field, secretAccessKey: field, sessionToken: field, region: field, s3Endpoint: field, s3SignatureVersion: field,
    });
    check([settings], (s) => {
      clean(() => new AwsEnvConfiguration(testChart(), 'E', s as any), /Secret "aws-configuration" key [A-Z_0-9]+ /);
      clean(() => AwsEnvConfiguration.fromEnv(testChart(), 'E', {
        env: { AWS_ACCESS_KEY_ID: s.accessKeyId, AWS_SECRET_ACCESS_KEY: s.secretAccessKey, S3_FORCE_PATH_STYLE: s.region },
      }), /(Secret "aws-configuration" key|environment variable)/);
    }, 150);
  });

  test('as registry credentials', () => {
    const field = fc.string({ unit: 'binary', maxLength: 40 });
    check([fc.array(fc.record({ server: field, username: field, password: field }), { maxLength: 3 })], (registries) => {
      clean(() => new DockerCredentials(testChart(), 'D', { registries }), /registries/);
    }, 150);
  });
});

describe('the 1 MiB boundary', () => {
  const configOfSize = (size: number) => {
    const base = JSON.stringify({ auths: { 'ghcr.io': { auth } }, padding: '' });
    return base.replace('"padding":""', `"padding":"${'x'.repeat(size - base.length)}"`);
  };
  test('a config.json of exactly 1 MiB is accepted, one byte more is not', () => {
    expect(Buffer.byteLength(configOfSize(MIB))).toBe(MIB);
    expect(clean(() => new DockerCredentials(testChart(), 'D', { configJson: configOfSize(MIB) }), /configJson/)).toBe('ok');
    // Said once, of the input (not again of the Secret it would become).
    expect(clean(() => new DockerCredentials(testChart(), 'D', { configJson: configOfSize(MIB + 1) }), /configJson/))
      .toBe('[user/D] configJson has 1048577 bytes; a Secret holds at most 1048576 (1 MiB) [secret-data, kubernetes]');
    expect(clean(() => DockerConfig.fromJson(configOfSize(MIB + 1)), /configJson/)).toMatch(/configJson has 1048577 bytes/);
    expect(clean(() => DockerConfigurationProvider.fromFile(write(configOfSize(MIB + 1))), /file "/)).toMatch(/1048577 bytes/);
    expect(DockerConfigurationProvider.fromFile(write(configOfSize(MIB))).registries).toEqual(['ghcr.io']);
  });
  test('a credentials file of exactly 1 MiB is accepted, one byte more is not', () => {
    const ofSize = (size: number) => `[default]\naws_access_key_id = a\naws_secret_access_key = ${'s'.repeat(size - '[default]\naws_access_key_id = a\naws_secret_access_key = \n'.length)}\n`;
    expect(clean(() => new AwsFileCredentials(testChart(), 'A', { credentialsFile: ofSize(MIB) }), /credentialsFile/)).toBe('ok');
    expect(clean(() => new AwsFileCredentials(testChart(), 'A', { credentialsFile: ofSize(MIB + 1) }), /credentialsFile/))
      .toBe('[user/A] credentialsFile has 1048577 bytes; a Secret holds at most 1048576 (1 MiB) [secret-data, kubernetes]');
    expect(clean(() => AwsCredentialsFile.fromText(ofSize(MIB + 1)), /credentialsFile/)).toMatch(/has 1048577 bytes/);
  });
  test('env variables totalling more than 1 MiB are refused', () => {
    const half = 'k'.repeat(MIB / 2);
    expect(clean(() => new AwsEnvConfiguration(testChart(), 'E', { accessKeyId: half, secretAccessKey: half }), /Secret "aws-configuration"/)).toBe('ok');
    expect(clean(() => new AwsEnvConfiguration(testChart(), 'E', { accessKeyId: half, secretAccessKey: `${half}k` }), /Secret "aws-configuration"/))
      .toMatch(/Secret "aws-configuration" holds 1048577 bytes; Kubernetes accepts at most 1048576/);
  });
});

describe('malformed structure', () => {
  test('very long lines', () => {
    expect(clean(() => new AwsFileCredentials(testChart(), 'A', { credentialsFile: `[${'p'.repeat(500_000)}]\naws_access_key_id = a\naws_secret_access_key = b\n` }), /credentialsFile/)).toBe('ok');
    expect(clean(() => new DockerCredentials(testChart(), 'D', { configJson: `{"auths": {"${'r'.repeat(500_000)}.io": {"auth": "${auth}"}}}` }), /configJson/)).toBe('ok');
    expect(clean(() => new DockerCredentials(testChart(), 'D', { registries: [{ server: `${'a-'.repeat(200_000)}!`, username: 'u', password: 'p' }] }), /registries/))
      .toMatch(/is not a registry address/);
  });
  test('NUL bytes', () => {
    expect(clean(() => new DockerCredentials(testChart(), 'D', { configJson: `${VALID_CONFIG}\u0000` }), /configJson/)).toMatch(/not valid JSON/);
    expect(clean(() => new AwsFileCredentials(testChart(), 'A', { credentialsFile: VALID_CREDENTIALS.replace('= secret', '= sec\u0000ret') }), /credentialsFile/)).toMatch(/control character/);
    expect(clean(() => new AwsEnvConfiguration(testChart(), 'E', { accessKeyId: 'a\u0000', secretAccessKey: 'b' }), /Secret/)).toMatch(/control character/);
    expect(clean(() => S3ConfigurationProvider.fromFile(write(Buffer.from([0x5b, 0x00, 0x5d]))), /file "/)).not.toBe('ok');
  });
  test('BOM and CRLF', () => {
    expect(clean(() => DockerConfigurationProvider.fromFile(write(`\ufeff${VALID_CONFIG}`)), /file "/)).toMatch(/byte-order mark/);
    expect(clean(() => S3ConfigurationProvider.fromFile(write(`\ufeff${VALID_CREDENTIALS}`)), /file "/)).toMatch(/byte-order mark/);
    expect(clean(() => S3ConfigurationProvider.fromFile(write(VALID_CREDENTIALS.replace(/\n/g, '\r\n'))), /file "/)).toBe('ok');
    expect(clean(() => DockerConfigurationProvider.fromFile(write(VALID_CONFIG.replace(/,/g, ',\r\n'))), /file "/)).toBe('ok');
  });
  test('duplicate keys: read as Go reads them (the last value, merged maps)', () => {
    expect(clean(() => new DockerCredentials(testChart(), 'D', { configJson: `{"auths": {"ghcr.io": {"auth": "${auth}", "auth": "${auth}"}}}` }), /configJson/)).toBe('ok');
    expect(clean(() => new DockerCredentials(testChart(), 'D', { configJson: `{"auths": {}, "auths": {"ghcr.io": {"auth": "${auth}"}}}` }), /configJson/)).toBe('ok');
    expect(clean(() => new DockerCredentials(testChart(), 'D', { configJson: `{"auths": {"ghcr.io": {"auth": "${auth}"}}, "auths": null}` }), /configJson/))
      .toMatch(/has no "auths" object|empty "auths"/);
  });
  test('deep JSON', () => {
    const deep = `{"auths": {"ghcr.io": {"auth": "${auth}"}}, "x": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    expect(clean(() => new DockerCredentials(testChart(), 'D', { configJson: deep }), /configJson/)).toMatch(/nested 100001 levels deep/);
    expect(clean(() => DockerConfigurationProvider.fromFile(write('{'.repeat(50_000))), /file "/)).toMatch(/not valid JSON/);
  });
  test('prototype keys as registry and profile names', () => {
    for (const key of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      expect(clean(() => new DockerCredentials(testChart(), 'D', { configJson: `{"auths": {"${key}": {"auth": "${auth}"}}}` }), /configJson/)).not.toBe('ok');
      expect(clean(() => new DockerCredentials(testChart(), 'D', { registries: [{ server: key, username: 'u', password: 'p' }] }), /registries/)).not.toBe('ok');
      expect(clean(() => new AwsFileCredentials(testChart(), 'A', { credentialsFile: `[${key}]\naws_access_key_id = a\naws_secret_access_key = b\n` }), /credentialsFile/))
        .toMatch(/JavaScript object property name|not a profile name|refuses the profile name/);
      expect(clean(() => new AwsFileCredentials(testChart(), 'A', { profiles: [{ name: key, accessKeyId: 'a', secretAccessKey: 'b' }] }), /profiles/)).not.toBe('ok');
    }
    expect(clean(() => new DockerCredentials(testChart(), 'D', { configJson: `{"__proto__": {"auths": {"ghcr.io": {"auth": "${auth}"}}}}` }), /configJson/))
      .toMatch(/has no "auths" object/);
    expect(({} as any).auths).toBeUndefined();
  });
  test('non-string and missing props from JavaScript callers', () => {
    expect(clean(() => new DockerCredentials(testChart(), 'D', { registries: [{ server: 5, username: null, password: {} }] as any }), /registries/)).not.toBe('ok');
    expect(clean(() => new AwsFileCredentials(testChart(), 'A', { profiles: [{}] as any }), /profiles/)).not.toBe('ok');
    expect(clean(() => new AwsEnvConfiguration(testChart(), 'E', { accessKeyId: 1, secretAccessKey: [] } as any), /Secret/)).not.toBe('ok');
  });
});

describe('unbounded and blocking inputs', () => {
  test('a device that never ends (/dev/zero) is refused before any read', () => {
    const started = Date.now();
    expect(errorOf(() => DockerConfigurationProvider.fromFile('/dev/zero'))).toMatch(/Docker config file "\/dev\/zero" is not a regular file .* \[file-unreadable, runtime\]$/);
    expect(errorOf(() => AwsCredentialsFile.fromFile('/dev/zero'))).toMatch(/is not a regular file/);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  test('check refuses a FIFO in a directory instead of waiting on it (exit 2), and names it', () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'fifo-'));
    fs.writeFileSync(path.join(folder, 'a.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: user}\n');
    execFileSync('mkfifo', [path.join(folder, 'b.yaml')]);
    const err: string[] = [];
    expect(main(['check', folder], () => undefined, (l) => err.push(l))).toBe(2);
    expect(err.join('\n')).toMatch(/b\.yaml: not a regular file/);
  });

  test.each([
    ['an unresolved alias', 'a: *nowhere\n', /an alias that refers to no anchor/],
    ['an alias used more than 100 times', `a: &x [1]\nb: [${Array.from({ length: 150 }, () => '*x').join(', ')}]\n`, /an alias used more than 100 times/],
  ])('check reports %s as unreadable YAML (exit 2), without a stack trace or the input', (_name, text, reason) => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'yaml-')), 'x.yaml');
    fs.writeFileSync(file, text.replace('a: *nowhere', 'password: *hunter2'));
    const out: string[] = [];
    const err: string[] = [];
    expect(main(['check', file], (l) => out.push(l), (l) => err.push(l))).toBe(2);
    expect(err.join('\n')).toMatch(reason);
    expect([...out, ...err].join('\n')).not.toMatch(/hunter2|\n\s+at /);
  });
});
