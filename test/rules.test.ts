import {
  checkDnsLabel, checkDnsSubdomain, checkEnvPrefix, checkEnvVarName, checkLabelKey, checkLabelValue, checkNamespace,
  checkPodDefaultName, checkSecretDataKey, checkSecretName, checkVolumeName, nameFromId,
} from '../src/rules/names';
import { ancestorsOf, checkFileMode, checkItemPath, checkMountPath, normalizeMountPath } from '../src/rules/paths';
import { printable, quote } from '../src/rules/text';
import { checkSecretValue } from '../src/rules/values';

describe('DNS-1123 subdomain (Secret and PodDefault names)', () => {
  test.each(['a', 'docker-secret', 'a.b-c.d', '0abc', 'x'.repeat(253)])('accepts %j', (name) => {
    expect(checkSecretName(name)).toBeUndefined();
  });
  test.each(['', 'Docker', 'a_b', '-a', 'a-', 'a..b', '.a', 'a.', 'a b', 'x'.repeat(254), 'ä'])('rejects %j, naming the rule', (name) => {
    expect(checkSecretName(name)).toMatch(/^Secret name .*(DNS-1123 subdomain)/);
  });
  test('the limit is a parameter', () => {
    expect(checkDnsSubdomain('name', 'abc', 2)).toMatch(/at most 2 characters/);
  });
});

describe('PodDefault names: DNS-1123 subdomain of at most 52 characters', () => {
  test('accepts 52 characters', () => {
    expect(checkPodDefaultName('a'.repeat(52))).toBeUndefined();
  });
  test('rejects 53 characters, explaining the annotation limit', () => {
    expect(checkPodDefaultName('a'.repeat(53))).toMatch(/53 characters; at most 52 .*poddefault-<name>/);
  });
  test('rejects an invalid subdomain', () => {
    expect(checkPodDefaultName('Docker_Config')).toMatch(/PodDefault name "Docker_Config" is not a DNS-1123 subdomain/);
  });
});

describe('DNS-1123 labels (namespaces, volume names)', () => {
  test.each(['user', 'kubeflow-user-example-com', 'a1', 'x'.repeat(63)])('accepts %j', (value) => {
    expect(checkNamespace(value)).toBeUndefined();
    expect(checkVolumeName(value)).toBeUndefined();
  });
  test.each(['', 'a.b', 'User', '-a', 'a-', 'x'.repeat(64), 'a_b'])('rejects %j', (value) => {
    expect(checkNamespace(value)).toMatch(/^namespace .*DNS-1123 label/);
    expect(checkVolumeName(value)).toMatch(/^volume name .*DNS-1123 label/);
  });
  test('checkDnsLabel names the field it is given', () => {
    expect(checkDnsLabel('volumeName', 'A')).toMatch(/^volumeName "A"/);
  });
});

describe('label keys and values', () => {
  test.each(['docker-config', 'a', 'kubeflow.org/aws', 'A_b.c-D', `${'p'.repeat(253)}/x`, 'x'.repeat(63)])('accepts key %j', (key) => {
    expect(checkLabelKey('key', key)).toBeUndefined();
  });
  test.each(['', '-a', 'a-', 'a/b/c', 'Bad_Prefix/x', '/x', 'p/', 'x'.repeat(64), `${'p'.repeat(254)}/x`, 'a b'])('rejects key %j', (key) => {
    expect(checkLabelKey('selectorLabel', key)).toMatch(/^selectorLabel .*label key/);
  });
  test.each(['', 'true', 'A-b_c.d', 'x'.repeat(63)])('accepts value %j', (value) => {
    expect(checkLabelValue('value', value)).toBeUndefined();
  });
  test.each(['-a', 'a-', 'a b', 'x'.repeat(64), 'a/b'])('rejects value %j', (value) => {
    expect(checkLabelValue('value', value)).toMatch(/not a valid label value/);
  });
});

describe('environment variable names and envFrom prefixes', () => {
  test.each(['AWS_REGION', 'a', '_x', 'my.var', 'my-var', 'X1'])('accepts %j', (name) => {
    expect(checkEnvVarName('env name', name)).toBeUndefined();
    expect(checkEnvPrefix(name)).toBeUndefined();
  });
  test.each(['', '1X', 'A B', '.', '..', '..x', 'A=B', 'Ä'])('rejects %j', (name) => {
    expect(checkEnvVarName('env name', name)).toMatch(/not a valid environment variable name/);
  });
  test('an empty prefix is no prefix', () => {
    expect(checkEnvPrefix('')).toBeUndefined();
  });
  test('rejects an invalid prefix, naming it a prefix', () => {
    expect(checkEnvPrefix('1_')).toMatch(/^envFrom prefix "1_"/);
  });
});

describe('Secret data keys', () => {
  test.each(['config.json', 'credentials', '.dockerconfigjson', 'AWS_ACCESS_KEY_ID', 'a-b_c.d', 'x'.repeat(253)])('accepts %j', (key) => {
    expect(checkSecretDataKey('key', key)).toBeUndefined();
  });
  test.each(['', '.', '..', '..x', 'a/b', 'a b', 'x'.repeat(254), 'ключ'])('rejects %j', (key) => {
    expect(checkSecretDataKey('key', key)).toMatch(/not a valid Secret data key/);
  });
});

describe('mount paths', () => {
  test.each(['/home/kubeflow/.docker/', '/a', '/a/b/c', '/'])('accepts %j', (value) => {
    expect(checkMountPath(value)).toBeUndefined();
  });
  test('rejects an empty path', () => {
    expect(checkMountPath('')).toMatch(/mountPath is empty/);
  });
  test('rejects a relative path', () => {
    expect(checkMountPath('home/kubeflow')).toMatch(/is not absolute/);
  });
  test('rejects a colon', () => {
    expect(checkMountPath('/a:b')).toMatch(/contains ":"/);
  });
  test('rejects a control character', () => {
    expect(checkMountPath('/a\nb')).toMatch(/control character/);
  });
  test.each([
    ['/home/kubeflow/.aws/', '/home/kubeflow/.aws'],
    ['/home/kubeflow/.aws', '/home/kubeflow/.aws'],
    ['//a//b//', '/a/b'],
    ['/a/./b/', '/a/b'],
    ['/a/c/../b', '/a/b'],
    ['/../a', '/a'],
    ['/', '/'],
    ['/a/..', '/'],
  ])('normalizes %j to %j', (raw, normalized) => {
    expect(normalizeMountPath(raw)).toBe(normalized);
  });
  test('lists the ancestors of a normalized path', () => {
    expect(ancestorsOf('/a/b/c')).toEqual(['/', '/a', '/a/b']);
    expect(ancestorsOf('/a')).toEqual(['/']);
    expect(ancestorsOf('/')).toEqual([]);
  });
});

describe('secret volume items and modes', () => {
  test.each(['config.json', 'a/b', '.hidden', 'a..b'])('accepts item path %j', (value) => {
    expect(checkItemPath('path', value)).toBeUndefined();
  });
  test.each([['', /is empty/], ['/etc/x', /is absolute/], ['../x', /"\.\." segment/], ['a/../../x', /"\.\." segment/], ['..data', /starts with "\.\."/], ['..x/y', /starts with "\.\."/], ['a\u0000', /control/]])('rejects item path %j', (value, message) => {
    expect(checkItemPath('path', value as string)).toMatch(message as RegExp);
  });
  test.each([0, 0o400, 0o644, 0o777])('accepts mode %o', (mode) => {
    expect(checkFileMode('defaultMode', mode)).toBeUndefined();
  });
  test.each([-1, 0o1000, 1.5, NaN])('rejects mode %p', (mode) => {
    expect(checkFileMode('defaultMode', mode)).toMatch(/not a file mode \(an integer from 0 to 0777/);
  });
});

describe('secret values', () => {
  const SECRET = 's3cr3t-VALUE';
  test('accepts a plain value', () => {
    expect(checkSecretValue('password', SECRET)).toBeUndefined();
  });
  test.each([`${SECRET}\n`, `${SECRET}\r\n`, `${SECRET}\r`])('rejects a trailing newline with the echo -n hint and without the value', (value) => {
    const { rule, message } = checkSecretValue('Secret "aws-configuration" key AWS_SECRET_ACCESS_KEY', value)!;
    expect(rule).toBe('credential-value');
    expect(message).toMatch(/ends with a newline \(encode with echo -n/);
    expect(message).not.toContain(SECRET);
  });
  test('rejects control characters without the value', () => {
    const { rule, message } = checkSecretValue('password', `${SECRET}\u0000x`)!;
    expect(rule).toBe('credential-value');
    expect(message).toMatch(/control character at position 13 of 14/);
    expect(message).not.toContain(SECRET);
  });
  test('rejects whitespace only where asked', () => {
    expect(checkSecretValue('key', 'a b')).toBeUndefined();
    expect(checkSecretValue('key', 'a b', { noWhitespace: true })).toEqual({ rule: 'aws-key-whitespace', message: expect.stringMatching(/contains whitespace/) });
  });
  test('rejects an empty value unless allowed', () => {
    expect(checkSecretValue('key', '')).toEqual({ rule: 'credential-value', message: 'key is empty' });
    expect(checkSecretValue('key', '', { allowEmpty: true })).toBeUndefined();
  });
});

describe('message helpers', () => {
  test('quote escapes control characters and shortens long values', () => {
    expect(quote('a\nb')).toBe('"a\\nb"');
    expect(quote('x'.repeat(500))).toMatch(/… \(500 characters\)$/);
    expect(quote('x'.repeat(500)).length).toBeLessThan(100);
  });
  test.each([
    ['DockerConfig', 'docker-config'],
    ['AWSCredentials', 'aws-credentials'],
    ['aws_env', 'aws-env'],
    ['Pod Default 2', 'pod-default-2'],
  ])('derives a name from the id %j', (id, name) => {
    expect(nameFromId(id, 52)).toBe(name);
  });
  test('derives nothing from an id without letters or digits', () => {
    expect(nameFromId('---', 52)).toBeUndefined();
  });
});

describe('characters that print as nothing, reorder text or change when stored', () => {
  test.each([
    ['U+200B zero-width space', '\u200b', /invisible or bidirectional character \(U\+200B\) at position 5/],
    ['U+202E right-to-left override', '\u202e', /invisible or bidirectional character \(U\+202E\)/],
    ['U+FEFF inside the value', '\ufeff', /invisible or bidirectional character \(U\+FEFF\)/],
    ['U+0085 next line (a C1 control)', '\u0085', /control character at position 5/],
    ['U+009B (a C1 control)', '\u009b', /control character at position 5/],
    ['a lone surrogate', '\ud800', /lone UTF-16 surrogate at position 5 .* U\+FFFD/],
  ])('a credential with %s is refused, without the value', (_name, character, message) => {
    const value = `abcd${character}efgh`;
    const found = checkSecretValue('password', value)!;
    expect(found.rule).toBe('credential-value');
    expect(found.message).toMatch(message);
    expect(found.message).not.toContain('abcd');
  });

  test('a surrogate pair (an emoji) and plain non-ASCII letters are fine', () => {
    expect(checkSecretValue('password', 'pässwörd-\ud83d\ude00')).toBeUndefined();
  });

  test('quote escapes what JSON leaves in: bidirectional controls, C1 controls, zero-width characters', () => {
    expect(quote('a\u202eb\u0085c\u200bd\u2028e')).toBe('"a\\u202eb\\u0085c\\u200bd\\u2028e"');
    expect(JSON.parse(quote('a\u202eb'))).toBe('a\u202eb');
  });

  test('printable escapes every character a terminal acts on, and keeps tabs and text', () => {
    expect(printable('name\u001b[2K\u202e\tx')).toBe('name\\u001b[2K\\u202e\tx');
  });
});
