import * as fs from 'fs';
import * as path from 'path';
import { CHECKS, withChecks } from '../docs/checks';

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
