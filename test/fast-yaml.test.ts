/**
 * The fast reader (src/manifests/fast-yaml.ts, js-yaml's event parser) must read every text it
 * takes exactly as the `yaml` package's reader does (src/manifests/read.ts,
 * `parseYamlSequential`: objects, positions, kubectl's scalars), and leave every other text to it.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Yaml } from 'cdk8s';
import * as fc from 'fast-check';
import { dump as jsYamlDump } from 'js-yaml';
import { stringify as yamlStringify } from 'yaml';
import { check, generatedCases } from './support/fast-check';
import { recordCounts } from './support/proof-counts';
import { parseYamlFast } from '../src/manifests/fast-yaml';
import { parseYamlPlaced, parseYamlSequential } from '../src/manifests/read';

/** What the `yaml` package's reader gives, or its message. */
function sequential(text: string): { manifests: unknown[]; positions: unknown[] } | { error: string } {
  try {
    return parseYamlSequential(text, 'in.yaml');
  } catch (e) {
    return { error: (e as Error).message };
  }
}

/** What `check` reads: the fast reader's result when it takes the text, the other's otherwise. */
function placed(text: string): { manifests: unknown[]; positions: unknown[] } | { error: string } {
  try {
    return parseYamlPlaced(text, 'in.yaml');
  } catch (e) {
    return { error: (e as Error).message };
  }
}

/** The plain scalars where go-yaml v2 and YAML 1.2 disagree (test/kubectl-yaml.test.ts compares them with kubectl). */
const SCALARS = [
  'E0', 'e5', '.', '-.', '+', '-', '1_000', '0x1F', '010', '08', '0o17', '0b101', '+12', '190:20:30', '12:30', '1.5e3', '.5', '1.', '1e400',
  '99999999999999999999', '18446744073709551615', '-9223372036854775809', '2001-12-14', 'yes', 'Yes', 'on', 'OFF', 'y', 'n', 'true', 'tRue',
  'null', 'NULL', '~', 'x', '0.', '-0', '00', '.5_0', '1:2:3.5', '123abc', '-.5', '+.5e-3',
];

/** Texts the fast reader takes: each must give the `yaml` package's objects and positions. */
const TAKEN: ReadonlyArray<[string, string]> = [
  ['a cdk8s stream', 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n  namespace: ns\ndata:\n  config.json: e30=\ntype: Opaque\n---\napiVersion: kubeflow.org/v1alpha1\nkind: PodDefault\nmetadata:\n  name: p\nspec:\n  desc: Add it\n  selector:\n    matchLabels:\n      p: "true"\n'],
  ['comments and blank lines before documents', '# head\n\n---\n# about s\n\n  # indented comment\napiVersion: v1\nkind: ConfigMap\n---\n\n\n   kind: ConfigMap\n   apiVersion: v1\n'],
  ['a kubectl List with block and flow items, and a nested List', 'apiVersion: v1\nitems:\n- apiVersion: v1\n  kind: Secret\n  metadata: {name: a}\n-   # comment\n    kind: List\n    items:\n      - {kind: ConfigMap, metadata: {name: b}}\n      -\n        kind: ConfigMap\n        metadata:\n          name: c\n- - not an object\nkind: List\nmetadata:\n  resourceVersion: ""\n'],
  ['a List whose items key is quoted', '{"kind": "List", "apiVersion": "v1", "items": [{"kind": "ConfigMap", "metadata": {"name": "a"}},\n  {"kind": "ConfigMap", "metadata": {"name": "b"}}]}\n'],
  ['a List without items and an items key elsewhere', 'kind: SecretList\nmetadata: {items: [1, 2]}\n---\nkind: List\nitems: []\n---\nkind: Thing\nitems: [{a: 1}]\n'],
  ['CRLF line ends', 'apiVersion: v1\r\nkind: ConfigMap\r\ndata:\r\n  a: |\r\n    one\r\n    two\r\n---\r\nkind: List\r\nitems:\r\n- a: 1\r\n'],
  ['a BOM at the start', '\ufeffapiVersion: v1\nkind: ConfigMap\n'],
  ['block scalars of every kind', 'a: |\n  x\n  y\nb: >\n  folded\n  text\n\n  para\nc: |-\n  strip\n\nd: |+\n  keep\n\ne: |2\n    indented\nf: >-\n  z\ng: |\n  ---x\n   ---\n'],
  ['multi-line plain and quoted scalars', 'a: one\n  two\n\n  three\nb: "dq \\t \\u00e9 \\x41 \\"q\\"\n  next"\nc: \'sq \'\'x\'\'\n  line\'\nd: "a\\\n  b"\n'],
  ['keys that are not strings in go-yaml v2', '1: a\ntrue: b\n1.5: e\n0x10: f\n010: h\n"quoted": i\n? explicit\n: j\n'],
  ['__proto__ and constructor keys', '__proto__: {polluted: "yes"}\nconstructor: x\ndata: {__proto__: a}\n'],
  ['empty documents, a document end, scalar and sequence documents', '---\n---\n...\n---\njust text\n---\n- a\n- b\n---\nkey:\n---\n"quoted"\n...\n'],
  ['empty values and empty flow collections', 'a:\nb: {}\nc: []\nd: ""\ne: \'\'\nf: [a, "", b]\n'],
  ['characters that are not markers', 'a: x # comment\nb: "# not a comment"\nd: [a: 1]\ne: -x\nf: "{{ not a template action }}"\ng: 1 - 2\nh: ---\ni: a ---\n'],
  ['unicode and long values', `a: ü € 😀 \u2028 x\nb: ${'y'.repeat(100_000)}\nc: "${'\\u00e9'.repeat(1000)}"\n`],
  ['go-yaml v2 scalars in every position', `values:\n${SCALARS.map((s) => `- ${s}`).join('\n')}\nflow: [${SCALARS.filter((s) => !s.includes(':') && s !== '-').join(', ')}]\nquoted: [${SCALARS.map((s) => `"${s}"`).join(', ')}]\n`],
  ['a document that starts on the marker line', '--- {kind: ConfigMap, apiVersion: v1}\n--- "quoted"\n---   [a]\n'],
  ['a key of 1024 characters', `${'k'.repeat(1024)}: v\n`],
];

/** Texts the fast reader leaves to the `yaml` package, and why. */
const LEFT: ReadonlyArray<[string, string]> = [
  ['an anchor and an alias', 'a: &x 1\nb: *x\n'],
  ['an anchor alone', 'a: &x {b: 1}\n'],
  ['a billion-laughs document', `a: &a [x, x]\n${Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}]`).join('\n')}\n`],
  ['a tag', 'a: !!str 12\n'],
  ['a tag on a document', '--- !!map\na: 1\n'],
  ['a custom tag', 'a: !Ref x\n'],
  ['a directive', '%YAML 1.1\n---\na: 1\n'],
  ['a merge key', 'base: {x: 1}\nderived:\n  <<: {y: 2}\n'],
  ['an unrendered Helm action', 'metadata:\n  name: {{ .Values.name }}\n'],
  ['a key over 1024 characters', `${'k'.repeat(1025)}: v\n`],
  ['a collection as a key', '[a, b]: c\n'],
  ['a flow mapping as a key', '? {a: 1}\n: c\n'],
  ['.nan', 'a: .nan\n'],
  ['-.inf in a List item', 'kind: List\nitems:\n- a: -.Inf\n'],
  ['a duplicate key', 'a: 1\na: 2\n'],
  ['two keys that kubectl reads alike', 'true: 1\nyes: 2\n'],
  ['a null key (kubectl refuses it: "unsupported map key")', 'a: 1\n~: 2\n'],
  ['a block scalar document (its indicator is not in the events)', '--- |\n  text\n'],
  ['a folded List item', 'kind: List\nitems:\n- >-\n  folded\n'],
  ['a tab in indentation', 'a:\n\tb: 1\n'],
  ['an unclosed quote', 'a: "x\n'],
  ['nesting over 100 levels', `${'['.repeat(101)}${']'.repeat(101)}\n`],
  ['a bad indentation', 'a:\n  b: 1\n c: 2\n'],
];

describe('parseYamlFast', () => {
  test.each(TAKEN)('%s: taken, with the yaml package\'s objects and positions', (_, text) => {
    const fast = parseYamlFast(text);
    expect(fast).toBeDefined();
    expect(fast).toEqual(sequential(text));
  });

  test.each(LEFT)('%s: left to the yaml package, whose result or message check gives', (_, text) => {
    expect(parseYamlFast(text)).toBeUndefined();
    expect(placed(text)).toEqual(sequential(text));
  });

  test('kubectl\'s scalars: 010 is 8, E0 and 12:30 are text, yes is true (as test/kubectl-yaml.test.ts has kubectl read them)', () => {
    const fast = parseYamlFast('a: [010, E0, "010", 12:30, yes, ~, 1e400, 2001-12-14]\n');
    expect(fast!.manifests).toEqual([{ a: [8, 'E0', '010', '12:30', true, null, '1e400', '2001-12-14'] }]);
  });

  test('positions are lines and columns of the file, across pieces and after CRLF', () => {
    const doc = (i: number) => `# ${i}\r\n  apiVersion: v1\r\n  kind: ConfigMap\r\n  metadata: {name: c-${i}}\r\n`;
    const text = Array.from({ length: 3000 }, (_, i) => doc(i)).join('---\r\n');
    expect(text.length).toBeGreaterThan(3 * 64 * 1024);
    const fast = parseYamlFast(text)!;
    expect(fast.positions[0]).toEqual({ line: 2, column: 3 });
    expect(fast.positions[2999]).toEqual({ line: 2999 * 5 + 2, column: 3 });
    expect(fast).toEqual(sequential(text));
  });

  test('a text left to the yaml package in a late piece: the whole text is read by it (its document numbers and lines)', () => {
    const body = Array.from({ length: 2000 }, (_, i) => `kind: ConfigMap\nmetadata: {name: c-${i}}\ndata: {v: "${'x'.repeat(40)}"}\n`).join('---\n');
    const text = `${body}---\nkind: Secret\nstringData:\n  a: &x hunter2\n  b: *x\n`;
    expect(parseYamlFast(body)).toBeDefined();
    expect(parseYamlFast(text)).toBeUndefined();
    const result = placed(text) as { manifests: Array<{ stringData?: unknown }> };
    expect(result.manifests[2000].stringData).toEqual({ a: 'hunter2', b: 'hunter2' });
  });
});

describe('the fast reader against the yaml package on generated texts', () => {
  const key = fc.oneof(
    fc.constantFrom('items', 'kind', 'name', '__proto__', 'constructor', 'a b', 'a:b', '#x', '- x', '? q', 'yes', '010', '1.5', 'null', '~', '', ' lead', 'trail ', 'ü', '"q"', "'s'"),
    fc.string({ maxLength: 12 }),
  );
  const scalar = fc.oneof(
    fc.constantFrom(...SCALARS, '', ' ', 'a: b', 'x # y', '#', '---', '...', '- a', '[a]', '{a}', '&a', '*a', '!t', '%x', '@x', '`x', '|', '>', 'tab\there', 'line\nbreak', 'cr\r\nlf', 'é😀'),
    fc.string({ maxLength: 20 }),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constant(null),
  );
  const value = fc.letrec((tie) => ({
    node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('list'), tie('map')),
    list: fc.array(tie('node'), { maxLength: 4 }),
    map: fc.dictionary(key, tie('node'), { maxKeys: 5 }),
  })).node;
  const object = fc.record({
    apiVersion: fc.constant('v1'),
    kind: fc.constantFrom('ConfigMap', 'Secret', 'List'),
    metadata: fc.record({ name: fc.string({ maxLength: 10 }) }),
    data: fc.dictionary(key, value, { maxKeys: 4 }),
    items: fc.array(fc.dictionary(key, value, { maxKeys: 3 }), { maxLength: 3 }),
  });
  const writers: Array<(v: unknown) => string> = [
    (v) => yamlStringify(v),
    (v) => yamlStringify(v, { version: '1.1' }),
    (v) => Yaml.stringify(v),
    (v) => jsYamlDump(v, { lineWidth: 40 }),
    (v) => jsYamlDump(v, { flowLevel: 1 }),
    (v) => JSON.stringify(v, null, 2),
    (v) => JSON.stringify(v),
  ];
  let taken = 0;
  let total = 0;

  test('every text the fast reader takes reads alike; most texts are taken', () => {
    const streams = fc.array(object, { minLength: 1, maxLength: 4 });
    check([streams, fc.nat({ max: writers.length - 1 }), fc.boolean(), fc.boolean()], (objects, writer, crlf, comments) => {
      let text = objects.map((o) => `${comments ? '# a comment\n' : ''}${writers[writer](o)}`).join('\n---\n');
      if (crlf) {
        text = text.replace(/\n/g, '\r\n');
      }
      total++;
      const fast = parseYamlFast(text);
      if (fast !== undefined) {
        taken++;
        expect(fast).toEqual(sequential(text));
      } else {
        expect(placed(text)).toEqual(sequential(text));
      }
    }, 400);
    expect(taken).toBeGreaterThan(total * 0.8);
  });

  test('the repository\'s own YAML (fixtures, CRDs, examples\' charts) reads alike', () => {
    const files: string[] = [];
    const visit = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) {
          visit(full);
        } else if (/\.ya?ml$/.test(entry.name)) {
          files.push(full);
        }
      }
    };
    visit(path.join(__dirname, 'fixtures'));
    expect(files.length).toBeGreaterThan(10);
    let fastFiles = 0;
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      const fast = parseYamlFast(text);
      if (fast !== undefined) {
        fastFiles++;
        expect(fast).toEqual(sequential(text));
      }
    }
    // Only the Helm templates are left to the yaml package.
    expect(fastFiles).toBe(files.filter((f) => !f.includes(`${path.sep}templates${path.sep}`)).length);
  });

  afterAll(() => recordCounts('fast-yaml', { generatedCases: generatedCases() }));
});
