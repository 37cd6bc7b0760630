/**
 * `check` reads YAML as kubectl does (go-yaml v2 under sigs.k8s.io/yaml), compared with kubectl
 * itself: `kubectl label --local -f FILE -o json` parses the file offline and prints the JSON it
 * would send.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as fc from 'fast-check';
import { describeWithKubectl, KUBECTL, tempDir } from './support/kubectl';
import { goYamlV2Scalar } from '../src/formats/kubectl-yaml';
import { parseYaml } from '../src/manifests/read';

/** Plain scalars where the yaml package's YAML 1.1 schema and go-yaml v2 disagree, and some where they agree. */
const SCALARS = [
  'E0', 'e5', '.', '-.', '+', '-', '1_000', '0x1F', '0X1f', '010', '08', '0o17', '0b101', '-0b11', '+12', '1__0', '0_x1', '_1',
  '190:20:30', '12:30', '1.5e3', '1e3', '1E+3', '.5', '.5e3', '.e1', '1.', '1e', '1e400', '99999999999999999999', '18446744073709551615',
  '9223372036854775807', '-9223372036854775808', '-9223372036854775809', '2001-12-14', '2001-12-14T21:59:43.10-05:00', 'yes', 'Yes', 'YES',
  'yEs', 'on', 'ON', 'off', 'y', 'n', 'N', 'true', 'tRue', 'no', 'No', 'null', 'NULL', 'nUll', '~', 'x', 'E0x', '0.', '-0', '+0', '00', '0_0',
  '1_2.5_0', '.5_0', '.5__0', '._5', '.5_', '.5e1_0', '1e1_0', '0x_1F', '0b', '0x', '1:2:3.5', '123abc', '-.5', '+.5e-3',
];

/** What the check command reads for each scalar, as a list in one ConfigMap. */
function ours(values: readonly string[]): unknown[] {
  const [manifest] = parseYaml(document(values), 'test.yaml') as Array<{ data: unknown; spec: { values: unknown[] } }>;
  return manifest.spec.values;
}

function document(values: readonly string[]): string {
  return ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: x', 'spec:', '  values:', ...values.map((v) => `  - ${v}`), ''].join('\n');
}

function kubectls(values: readonly string[]): unknown[] {
  const file = path.join(tempDir(), 'scalars.yaml');
  fs.writeFileSync(file, document(values));
  const out = execFileSync(KUBECTL, ['label', '--local', '-f', file, 'checked=yes', '-o', 'json'], { encoding: 'utf8' });
  return JSON.parse(out).spec.values;
}

describe('plain scalars as go-yaml v2 reads them', () => {
  test('the forms the yaml package reads otherwise are strings', () => {
    expect(goYamlV2Scalar('E0')).toBe('E0');
    expect(goYamlV2Scalar('.')).toBe('.');
    expect(goYamlV2Scalar('12:30')).toBe('12:30');
    expect(goYamlV2Scalar('2001-12-14')).toBe('2001-12-14');
  });
  test('numbers, booleans and null', () => {
    expect(goYamlV2Scalar('010')).toBe(8);
    expect(goYamlV2Scalar('0o17')).toBe(15);
    expect(goYamlV2Scalar('1_000')).toBe(1000);
    expect(goYamlV2Scalar('1e400')).toBe('1e400');
    expect(goYamlV2Scalar('on')).toBe(true);
    expect(goYamlV2Scalar('~')).toBeNull();
    expect(goYamlV2Scalar('.NaN')).toBeNaN();
  });
  test('an env entry named E0 is named "E0" (the yaml package read NaN, and check reported an empty name)', () => {
    const [pd] = parseYaml('%YAML 1.1\n---\nkind: PodDefault\nspec:\n  env:\n  - name: E0\n    value: x\n', 'pd.yaml') as any[];
    expect(pd.spec.env[0].name).toBe('E0');
  });
  test('.nan and .inf are refused as kubectl refuses them, without the document', () => {
    expect(() => parseYaml('kind: ConfigMap\ndata:\n  a: .inf\n', 'cm.yaml'))
      .toThrow('cm.yaml: not valid for kubectl (document 1: data.a is .nan or .inf, which JSON cannot hold: "json: unsupported value")');
    expect(() => parseYaml('kind: ConfigMap\ndata:\n  a: ".inf"\n', 'cm.yaml')).not.toThrow();
  });
});

describeWithKubectl('plain scalars compared with kubectl', () => {
  test('every listed form reads as kubectl reads it', () => {
    // kubectl refuses .nan and .inf, so they are compared separately above.
    expect(ours(SCALARS)).toEqual(kubectls(SCALARS));
  });
  test('generated scalars read as kubectl reads them', () => {
    const plain = fc.stringMatching(/^[-+.0-9_xXoObBeE:yYnNtTrRuUfFaAlLsS~]{1,8}$/)
      .filter((s) => !/^[-?:,[\]{}#&*!|>'"%@`]|: |:$| #|^\.(?:inf|nan)$/i.test(s) && !/^[-+]\.inf$/i.test(s) && !/^-(?: |$)/.test(s));
    const samples = fc.sample(fc.uniqueArray(plain, { minLength: 200, maxLength: 200 }), { numRuns: 1, seed: 17 })[0];
    expect(ours(samples)).toEqual(kubectls(samples));
  });
});
