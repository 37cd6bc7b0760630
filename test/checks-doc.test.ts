import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, Chart, Testing } from 'cdk8s';
import { AREAS, Check, CHECKS, Manifest, ruleHelpModule, withChecks } from '../docs/checks';
import { checkManifests, PodDefaultChecks } from '../src';
import { originOf, RULES } from '../src/engine/rule-ids';

/** What `fn` throws, or `undefined`. */
function thrown(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

/** The lines of an error that carry the entry's rule, `[rule, origin]` at the end. */
function linesOfRule(message: string | undefined, check: Check): string[] {
  const suffix = `[${check.rule}, ${originOf(check.rule)}]`;
  return (message ?? '').split('\n').filter((line) => line.endsWith(suffix));
}

/** The manifests, as plain ApiObjects of one chart (checks on), synthesized. */
function synthPlain(manifests: readonly Manifest[]): unknown {
  const chart = new Chart(Testing.app(), 'user', { namespace: 'user' });
  PodDefaultChecks.of(chart);
  manifests.forEach((m, i) => new ApiObject(chart, `object${i}`, m as any));
  return Testing.synth(chart);
}

const label = (c: Check) => `${c.area}: ${c.rule}: ${c.check}`;
const withObjects = CHECKS.filter((c) => c.objects !== undefined);
const withLibrary = CHECKS.filter((c) => c.library !== undefined);

describe('every documented check, through each entry point it has, with one rule id', () => {
  test.each(withLibrary.map((c) => [label(c), c]))('the library\'s constructs and providers: %s', (_name, check) => {
    expect(thrown(check.library!.good)).toBeUndefined();
    const error = thrown(check.library!.bad);
    expect(error).toMatch(check.message);
    expect(linesOfRule(error, check).filter((line) => check.message.test(line))).not.toEqual([]);
  });

  test.each(withObjects.map((c) => [label(c), c]))('plain ApiObjects at synth: %s', (_name, check) => {
    expect(thrown(() => synthPlain(check.objects!.good))).toBeUndefined();
    const error = thrown(() => synthPlain(check.objects!.bad));
    expect(linesOfRule(error, check).filter((line) => check.message.test(line))).not.toEqual([]);
  });

  test.each(withObjects.map((c) => [label(c), c]))('check over manifests: %s', (_name, check) => {
    expect(checkManifests(check.objects!.good, { file: 'good.yaml' })).toEqual([]);
    const problems = checkManifests(check.objects!.bad, { file: 'bad.yaml' });
    expect(problems.filter((p) => p.rule === check.rule && p.origin === originOf(check.rule) && check.message.test(p.message))).not.toEqual([]);
  });
});

describe('the catalogue', () => {
  test('every entry runs through the manifests\' entry points, or says why it cannot', () => {
    for (const check of CHECKS) {
      expect([check.rule, check.objects !== undefined || check.inputsOnly !== undefined]).toEqual([check.rule, true]);
      expect([check.rule, check.objects !== undefined || check.library !== undefined]).toEqual([check.rule, true]);
    }
  });

  test('every rule id has an entry, and every entry a rule id', () => {
    const documented = new Set(CHECKS.map((c) => c.rule));
    expect(Object.keys(RULES).filter((id) => !documented.has(id as keyof typeof RULES))).toEqual([]);
    expect(CHECKS.filter((c) => !(c.rule in RULES))).toEqual([]);
    expect(CHECKS.filter((c) => !AREAS.includes(c.area))).toEqual([]);
  });

  test('README.md "What we check" is in sync with docs/checks.ts (run npx projen docs:checks)', () => {
    const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
    expect(readme).toBe(withChecks(readme));
  });

  test('src/manifests/rule-help.ts (SARIF help text) is in sync with docs/checks.ts (run npx projen docs:checks)', () => {
    expect(fs.readFileSync(path.join(__dirname, '..', 'src', 'manifests', 'rule-help.ts'), 'utf8')).toBe(ruleHelpModule());
  });
});
