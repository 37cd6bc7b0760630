import * as fs from 'fs';
import * as path from 'path';
import { CHECKS, originOfCheck, withChecks } from '../docs/checks';
import { RULES } from '../src/checks/rules';

describe('every documented check, as its catalogue entry shows it', () => {
  test.each(CHECKS.map((c) => [`${c.area}: ${c.check}`, c]))('%s', (_name, check) => {
    expect(check.good).not.toThrow();
    expect(check.bad).toThrow(check.message);
  });
});

test('README.md "What we check" is in sync with docs/checks.ts (run npx projen docs:checks)', () => {
  const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
  expect(readme).toBe(withChecks(readme));
});

test('every rule of the engine has an entry in "What we check", with the engine\'s origin', () => {
  const documented = new Set(CHECKS.map((c) => c.rule));
  expect(Object.keys(RULES).filter((id) => !documented.has(id))).toEqual([]);
  for (const check of CHECKS.filter((c) => c.rule in RULES)) {
    expect(originOfCheck(check)).toBe(RULES[check.rule as keyof typeof RULES]);
  }
});
