/**
 * Plain YAML scalars as kubectl reads them. kubectl turns YAML into the JSON it sends with
 * sigs.k8s.io/yaml, whose decoder is go-yaml v2 (YAML 1.1, `resolve.go`): unlike the `yaml`
 * package's YAML 1.1 schema, it reads `E0`, `.`, `12:30` and `190:20:30` as strings (the package
 * reads NaN, NaN, 750 and 685230), and a date stays the text it is. What go-yaml v2 does, for an
 * untagged plain scalar:
 *
 * - a fixed table: `y`/`yes`/`on`/`true` (three spellings each) and the `n` forms are booleans;
 *   `~`, `null`, `Null`, `NULL` null; `.nan`, `.inf`, `+.inf`, `-.inf` (three spellings) floats;
 * - text starting with a digit, `+` or `-`: `_` removed, then Go's `strconv.ParseInt(s, 0, 64)`
 *   (`0x`, `0o`, `0b`, a leading `0` for octal), `ParseUint`, then a float when the text matches
 *   `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$` and is in range;
 * - text starting with `.`: `strconv.ParseFloat` (which takes `_` between digits);
 * - anything else, and every timestamp (go-yaml v2 keeps those as strings), a string.
 *
 * `test/kubectl-yaml.test.ts` compares this with `kubectl label --local -o json`.
 */
import type { ScalarTag, Tags } from 'yaml';

const TABLE = new Map<string, unknown>([
  ...['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON'].map((s): [string, unknown] => [s, true]),
  ...['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF'].map((s): [string, unknown] => [s, false]),
  ...['~', 'null', 'Null', 'NULL'].map((s): [string, unknown] => [s, null]),
  ...['.nan', '.NaN', '.NAN'].map((s): [string, unknown] => [s, NaN]),
  ...['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF'].map((s): [string, unknown] => [s, Infinity]),
  ...['-.inf', '-.Inf', '-.INF'].map((s): [string, unknown] => [s, -Infinity]),
]);

const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

/** Go's `strconv.ParseInt(s, 0, 64)`, then `ParseUint(s, 0, 64)` (unsigned, no sign); `undefined` when both fail. */
function goInteger(s: string): number | undefined {
  const match = /^([-+]?)(?:0[xX]([0-9a-fA-F]+)|0[bB]([01]+)|0[oO]([0-7]+)|0([0-7]*)|([1-9][0-9]*))$/.exec(s);
  if (!match) {
    return undefined;
  }
  const [, sign, hex, bin, oct, legacyOctal, decimal] = match;
  const magnitude = hex !== undefined ? BigInt(`0x${hex}`)
    : bin !== undefined ? BigInt(`0b${bin}`)
      : oct !== undefined ? BigInt(`0o${oct}`)
        : legacyOctal !== undefined ? (legacyOctal === '' ? 0n : BigInt(`0o${legacyOctal}`))
          : BigInt(decimal);
  const value = sign === '-' ? -magnitude : magnitude;
  const fits = (value >= -INT64_MAX - 1n && value <= INT64_MAX) || (sign === '' && value <= UINT64_MAX);
  return fits ? Number(value) : undefined;
}

/** Go's `strconv.ParseFloat(s, 64)` for text that starts with `.` (`_` only between digits, as in Go literals; out of range fails). */
function goDotFloat(s: string): number | undefined {
  if (!/^\.[0-9](?:_?[0-9])*(?:[eE][-+]?[0-9](?:_?[0-9])*)?$/.test(s)) {
    return undefined;
  }
  const value = Number(s.split('_').join(''));
  return Number.isFinite(value) ? value : undefined;
}

/** What go-yaml v2 (and so kubectl) reads an untagged plain scalar as. */
export function goYamlV2Scalar(source: string): unknown {
  if (TABLE.has(source) || source === '') {
    return source === '' ? null : TABLE.get(source);
  }
  const first = source[0];
  if (first === '.') {
    return goDotFloat(source) ?? source;
  }
  if (!/[-+0-9]/.test(first)) {
    return source;
  }
  const plain = source.split('_').join('');
  const integer = goInteger(plain);
  if (integer !== undefined) {
    return integer;
  }
  if (YAML_STYLE_FLOAT.test(plain)) {
    const value = Number(plain);
    if (Number.isFinite(value)) {
      return value;
    }
  }
  return source;
}

/** One tag that reads every plain scalar as go-yaml v2 does (strings, numbers, booleans, null). */
const V2_PLAIN: ScalarTag = {
  // A name of its own, so that explicit tags (`!!str 12`) keep their own resolution.
  tag: 'tag:cdk8s-kubeflow-credentials,2026:go-yaml-v2-plain',
  default: true,
  // Every plain scalar that is not a string in go-yaml v2 starts with one of these, or is in the table.
  test: /^(?:[-+.0-9~]|[yYnNtTfFoO]|$)/,
  resolve: (source: string) => goYamlV2Scalar(source) as string,
};

/**
 * The `customTags` for the `yaml` package (with `version: '1.1'`): implicit resolution as go-yaml
 * v2 does it, explicit tags (`!!int`, `!!binary`, `!!set`, ...) as before.
 */
export function kubectlTags(tags: Tags): Tags {
  const scalarDefaults = new Set(['tag:yaml.org,2002:null', 'tag:yaml.org,2002:bool', 'tag:yaml.org,2002:int', 'tag:yaml.org,2002:float', 'tag:yaml.org,2002:timestamp']);
  return [V2_PLAIN, ...tags.map((t) => (typeof t === 'object' && scalarDefaults.has(t.tag) ? { ...t, default: false } as typeof t : t))];
}

/** The path of the first number JSON cannot hold (NaN, ±Infinity: kubectl fails with "json: unsupported value"), if any. */
export function firstNonJsonNumber(value: unknown, at: string = ''): string | undefined {
  const stack: Array<[unknown, string]> = [[value, at]];
  while (stack.length > 0) {
    const [v, where] = stack.pop()!;
    if (typeof v === 'number' && !Number.isFinite(v)) {
      return where || '(the document)';
    }
    if (Array.isArray(v)) {
      v.forEach((item, i) => stack.push([item, `${where}[${i}]`]));
    } else if (v !== null && typeof v === 'object') {
      for (const [k, item] of Object.entries(v)) {
        stack.push([item, where ? `${where}.${k}` : k]);
      }
    }
  }
  return undefined;
}
