/**
 * Property tests: values generated from each Kubernetes grammar are accepted, values broken in
 * a generated way are rejected with a message naming the rule; mount-path normalization agrees
 * with POSIX path semantics; the conflict pass gives the same verdict in any order.
 */
import * as path from 'path';
import { Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { NotebookPodDefault } from '../src';
import { findConflicts, PodDefaultRecord } from './support/engine';
import { check, generatedCases } from './support/fast-check';
import { recordCounts } from './support/proof-counts';
import { testChart } from './support/synth';
import {
  checkEnvVarName, checkLabelKey, checkLabelValue, checkNamespace, checkPodDefaultName, checkSecretDataKey, checkSecretName, checkVolumeName,
} from '../src/rules/names';
import { checkItemPath, checkMountPath, normalizeMountPath } from '../src/rules/paths';

afterAll(() => recordCounts('properties.test.ts', { generatedCases: generatedCases() }));

const chars = (alphabet: string) => fc.constantFrom(...alphabet.split(''));
const lowerAlnum = chars('abcdefghijklmnopqrstuvwxyz0123456789');
const alnum = chars('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789');
const join = (parts: string[]) => parts.join('');

/** A DNS-1123 label of 1..max characters, built from the grammar. */
const dnsLabel = (max = 63) => fc.tuple(lowerAlnum, fc.array(fc.oneof(lowerAlnum, fc.constant('-')), { maxLength: Math.max(0, max - 2) }), lowerAlnum, fc.boolean())
  .map(([first, middle, last, single]) => (single ? first : `${first}${join(middle)}${last}`));
/** A DNS-1123 subdomain of at most max characters. */
const dnsSubdomain = (max: number) => fc.array(dnsLabel(20), { minLength: 1, maxLength: 5 }).map((labels) => labels.join('.')).filter((s) => s.length <= max);
/** A qualified name (label key name part, label value). */
const qualifiedName = fc.tuple(alnum, fc.array(fc.oneof(alnum, chars('-_.')), { maxLength: 30 }), alnum, fc.boolean())
  .map(([first, middle, last, single]) => (single ? first : `${first}${join(middle)}${last}`));
const labelKey = fc.tuple(fc.option(dnsSubdomain(60), { nil: undefined }), qualifiedName).map(([prefix, name]) => (prefix ? `${prefix}/${name}` : name));
const envName = fc.tuple(chars('abcXYZ_-.'), fc.array(fc.oneof(alnum, chars('_-.')), { maxLength: 30 })).map(([first, rest]) => first + join(rest))
  .filter((n) => !n.startsWith('..') && n !== '.');
const dataKey = fc.array(fc.oneof(alnum, chars('-_.')), { minLength: 1, maxLength: 60 }).map(join).filter((k) => !k.startsWith('..') && k !== '.');

/** Breaks a valid value: an invalid character inserted, or a bad edge. */
const breakWith = (valid: fc.Arbitrary<string>, badChars: string) => fc.tuple(valid, chars(badChars), fc.nat(), fc.constantFrom('insert', 'prefix', 'suffix'))
  .map(([value, bad, at, where]) => {
    if (where === 'prefix') {
      return bad + value;
    }
    if (where === 'suffix') {
      return value + bad;
    }
    const i = at % (value.length + 1);
    return value.slice(0, i) + bad + value.slice(i);
  });

describe('names: generated valid values are accepted, generated invalid ones rejected naming the rule', () => {
  test('DNS-1123 labels (namespaces, volume names)', () => {
    check([dnsLabel()], (v) => checkNamespace(v) === undefined && checkVolumeName(v) === undefined);
    check([breakWith(dnsLabel(), 'A_. /:ä')], (v) => /not a DNS-1123 label/.test(checkNamespace(v) ?? '') && /DNS-1123 label/.test(checkVolumeName(v) ?? ''));
    check([dnsLabel().map((v) => `-${v}`)], (v) => /DNS-1123 label/.test(checkNamespace(v) ?? ''));
    check([fc.array(lowerAlnum, { minLength: 64, maxLength: 200 }).map(join)], (v) => /at most 63/.test(checkNamespace(v) ?? ''));
  });

  test('DNS-1123 subdomains (Secret names, PodDefault names up to 52)', () => {
    check([dnsSubdomain(253)], (v) => checkSecretName(v) === undefined);
    check([dnsSubdomain(52)], (v) => checkPodDefaultName(v) === undefined);
    check([breakWith(dnsSubdomain(200), 'A_ /:ä')], (v) => /DNS-1123 subdomain/.test(checkSecretName(v) ?? ''));
    const longName = fc.tuple(dnsLabel(), fc.array(lowerAlnum, { minLength: 52, maxLength: 200 })).map(([a, b]) => `${a}.${join(b)}`);
    check([longName], (v) => /at most 52/.test(checkPodDefaultName(v) ?? ''));
  });

  test('label keys and values', () => {
    check([labelKey], (k) => checkLabelKey('key', k) === undefined);
    check([qualifiedName], (v) => checkLabelValue('value', v) === undefined);
    check([breakWith(qualifiedName, ' :!ä"')], (k) => /not a valid label key/.test(checkLabelKey('key', k) ?? '') && /not a valid label value/.test(checkLabelValue('v', k) ?? ''));
    check([qualifiedName.map((n) => `${n}-`)], (v) => /not a valid label value/.test(checkLabelValue('v', v) ?? ''));
  });

  test('environment variable names', () => {
    check([envName], (n) => checkEnvVarName('env', n) === undefined);
    check([breakWith(envName, ' =:/!ä')], (n) => /not a valid environment variable name/.test(checkEnvVarName('env', n) ?? ''));
    check([envName.map((n) => `1${n}`)], (n) => /not a valid environment variable name/.test(checkEnvVarName('env', n) ?? ''));
  });

  test('Secret data keys', () => {
    check([dataKey], (k) => checkSecretDataKey('key', k) === undefined);
    check([breakWith(dataKey, ' /:!ä')], (k) => /not a valid Secret data key/.test(checkSecretDataKey('key', k) ?? ''));
  });

  test('mount paths and item paths', () => {
    const segment = fc.array(fc.oneof(alnum, chars('._-')), { minLength: 1, maxLength: 10 }).map(join);
    const relative = fc.array(segment, { minLength: 1, maxLength: 5 }).map((s) => s.join('/')).filter((p) => !p.split('/').includes('..') && !p.startsWith('..'));
    check([relative], (p) => checkMountPath(`/${p}`) === undefined && checkItemPath('path', p) === undefined);
    check([relative], (p) => /is not absolute/.test(checkMountPath(p) ?? '') && /is absolute/.test(checkItemPath('path', `/${p}`) ?? ''));
    check([relative, fc.nat()], (p, at) => {
      const parts = p.split('/');
      parts.splice(at % (parts.length + 1), 0, '..');
      return /"\.\." segment/.test(checkItemPath('path', parts.join('/')) ?? '');
    });
    check([relative], (p) => /contains ":"/.test(checkMountPath(`/${p}:x`) ?? ''));
  });
});

describe('mount path normalization', () => {
  const segment = fc.oneof(fc.stringMatching(/^[a-z]{1,4}$/), fc.constantFrom('.', '..', ''));
  const rawPath = fc.array(segment, { maxLength: 8 }).map((s) => `/${s.join('/')}`);

  test('is idempotent', () => {
    check([rawPath], (p) => normalizeMountPath(normalizeMountPath(p)) === normalizeMountPath(p));
  });

  test('agrees with POSIX path semantics (path.posix.normalize, no trailing slash)', () => {
    check([rawPath], (p) => {
      const posix = path.posix.normalize(p);
      return normalizeMountPath(p) === (posix.length > 1 ? posix.replace(/\/+$/, '') : posix);
    });
  });

  test('ignores trailing slashes, //, . and x/..', () => {
    const clean = fc.array(fc.stringMatching(/^[a-z]{1,4}$/), { minLength: 1, maxLength: 6 });
    check([clean, fc.nat(), fc.constantFrom('/', '//', '/./', '/x/../')], (segments, at, noise) => {
      const canonical = `/${segments.join('/')}`;
      const i = (at % segments.length) + 1;
      const noisy = `/${segments.slice(0, i).join('/')}${noise}${segments.slice(i).join('/')}`.replace(/\/$/, '') + '/';
      return normalizeMountPath(noisy) === canonical && normalizeMountPath('/a/./b/') === '/a/b';
    });
  });
});

describe('the conflict pass gives the same verdict in any order', () => {
  const name = fc.constantFrom('a', 'b', 'c', 'd');
  const mountPath = fc.constantFrom('/k', '/k/', '/k/x', '/m', '/m//', '/n/./o', '/home/jovyan', '/home/jovyan/p', '/home');
  const record = fc.record({
    name: fc.constantFrom('pd-1', 'pd-2', 'pd-3', 'pd-4', 'pd-5'),
    selector: name,
    volume: name,
    secret: name,
    mountPath,
    env: fc.option(fc.record({ name: fc.constantFrom('X', 'Y'), value: fc.constantFrom('1', '2') }), { nil: undefined }),
  });
  const toRecord = (r: any, i: number): PodDefaultRecord => ({
    path: `pd${i}`,
    name: r.name,
    namespace: 'user',
    spec: {
      selector: { matchLabels: { [r.selector]: 'true' } },
      volumes: [{ name: r.volume, secret: { secretName: r.secret } }],
      volumeMounts: [{ name: r.volume, mountPath: r.mountPath }],
      env: r.env ? [r.env] : undefined,
    },
  });

  /** A list and a permutation of its indices. */
  const withPermutation = <T>(list: T[]) =>
    fc.tuple(fc.constant(list), fc.shuffledSubarray(list.map((_, i) => i), { minLength: list.length, maxLength: list.length }));

  test('for the engine', () => {
    check([fc.array(record, { minLength: 1, maxLength: 6 }).chain(withPermutation)],
      ([rs, order]) => {
        const records = rs.map(toRecord);
        const verdict = findConflicts(records).length > 0;
        return verdict === (findConflicts(order.map((i) => records[i])).length > 0);
      }, 300);
  });

  test('for constructs added in a shuffled order', () => {
    const spec = fc.array(fc.record({ selector: name, volume: name, secret: name, mountPath }), { minLength: 1, maxLength: 4 });
    check([spec.chain(withPermutation)],
      ([rs, order]) => {
        const passes = (indices: number[]) => {
          const chart = testChart();
          for (const i of indices) {
            const r = rs[i];
            const pd = new NotebookPodDefault(chart, `P${i}`, { name: `pd-${i}`, desc: 'x', selectorLabel: `${r.selector}-${i}` });
            pd.addSecretVolume({ secretName: r.secret, volumeName: r.volume, mountPath: r.mountPath });
          }
          try {
            Testing.synth(chart);
            return true;
          } catch {
            return false;
          }
        };
        return passes(rs.map((_, i) => i)) === passes(order);
      }, 100);
  });
});
