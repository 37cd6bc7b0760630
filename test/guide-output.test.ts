/**
 * `check` on the Kaptain guide's own manifests and sample Secret output
 * (test/fixtures/guide/): every problem in them is reported, and no value of them is printed.
 */
import * as path from 'path';
import { main } from '../src/manifests/cli';

const GUIDE = path.join(__dirname, 'fixtures', 'guide');
/** What the guide's sample Secrets hold, in the clear: none of it may be printed. */
const VALUES = ['AKIAIOSFODNN7EXAMPLE', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'QUtJQUlPU0ZPRE5ON0VYQU1QTEUK', 'ewogICJhdXRocyI6IH'];

interface Problem {
  readonly file: string;
  readonly object: string;
  readonly rule: string;
  readonly message: string;
}

function check(...inputs: string[]): { status: number; problems: Problem[]; out: string } {
  const out: string[] = [];
  const status = main(['check', '--json', ...inputs], (l) => out.push(l), () => undefined);
  return { status, problems: JSON.parse(out.join('\n')), out: out.join('\n') };
}

test('check reports every problem of the guide\'s sample Secret output, and prints none of its values', () => {
  // WHEN
  const result = check(path.join(GUIDE, 'secrets.yaml'));
  // THEN
  expect(result.status).toBe(1);
  expect(result.problems.map((p) => [p.object, p.rule, p.message.replace(/ \(.*$/, '')])).toEqual([
    ['Secret user/docker-secret', 'secret-data', 'data["config.json"] is not standard padded base64'],
    ['Secret user/aws-configuration', 'credential-value', 'key AWS_ACCESS_KEY_ID ends with a newline'],
    ['Secret user/aws-configuration', 'credential-value', 'key AWS_SECRET_ACCESS_KEY ends with a newline'],
    ['Secret user/aws-configuration', 'credential-value', 'key AWS_REGION ends with a newline'],
    ['Secret user/aws-configuration', 'credential-value', 'key S3_ENDPOINT ends with a newline'],
  ]);
  for (const value of VALUES) {
    expect(result.out).not.toContain(value);
  }
});

test('check reports the guide\'s shared selector beside its Secrets', () => {
  const result = check(GUIDE);
  expect(result.problems.filter((p) => p.object.startsWith('PodDefault')).map((p) => [p.object, p.rule])).toEqual([
    ['PodDefault user/aws-credentials', 'shared-selector'],
  ]);
  expect(result.problems).toHaveLength(6);
});
