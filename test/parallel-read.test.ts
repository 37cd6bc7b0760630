/**
 * Large YAML texts are parsed in worker threads, cut at document markers
 * (src/manifests/read.ts, parseYamlPlaced): the result must be the one-thread result, object for
 * object and line for line, and a text that does not parse must give the one-thread message.
 */
import { Yaml } from 'cdk8s';
import { parseInParallel, parseYamlPlaced, parseYamlSequential, ReadError, splitDocuments } from '../src/manifests/read';

/** About `size` characters of varied documents: Secrets, PodDefaults, Lists, block scalars, CRLF-free. */
function stream(size: number): string {
  const docs: string[] = [];
  let length = 0;
  for (let i = 0; length < size; i++) {
    const doc = i % 3 === 0
      ? Yaml.stringify({ apiVersion: 'v1', kind: 'Secret', metadata: { name: `s-${i}`, namespace: `ns-${i % 50}` }, stringData: { notes: `line one\n---not a marker\n  --- indented\nlast ${i}\n` } })
      : i % 3 === 1
        ? Yaml.stringify({ apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `c-${i}` }, data: { a: 'yes', b: '010' } }, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `d-${i}` } }] })
        : `# comment ${i}\napiVersion: kubeflow.org/v1alpha1\nkind: PodDefault\nmetadata: {name: p-${i}, namespace: ns-${i % 50}}\nspec:\n  desc: |\n    A block scalar\n    ---x is text here\n  selector: {matchLabels: {p-${i}: "true"}}\n`;
    docs.push(doc);
    length += doc.length + 4;
  }
  return docs.join('---\n');
}

const BIG = stream(5 * 1024 * 1024);

describe('splitDocuments', () => {
  test('cuts only at document markers, keeps every character, and counts the lines before each piece', () => {
    const chunks = splitDocuments(BIG, 4);
    expect(chunks.length).toBe(4);
    expect(chunks.map((c) => c.text).join('')).toBe(BIG);
    let lines = 0;
    for (const [i, chunk] of chunks.entries()) {
      expect(chunk.lineOffset).toBe(lines);
      if (i > 0) {
        expect(chunk.text).toMatch(/^---(\n| )/);
      }
      lines += chunk.text.split('\n').length - 1;
    }
  });

  test('a `---x` line or a marker-free text is not cut', () => {
    const text = `a: 1\n---x: 2\n${'b: 3\n'.repeat(1000)}`;
    expect(splitDocuments(text, 2)).toEqual([{ text, lineOffset: 0 }]);
  });

  test('a text with directives is read whole (a %YAML or %TAG line binds to the document after it)', () => {
    const text = 'a: 1\n---\n%YAML 1.1\n---\nb: 2\n---\nc: 3\n';
    expect(splitDocuments(text, 3)).toEqual([{ text, lineOffset: 0 }]);
    expect(splitDocuments('a: 1\n---\nb: 2\n---\nc: 3\n', 3).length).toBeGreaterThan(1);
  });
});

describe('parseYamlPlaced on a large text', () => {
  const sequential = parseYamlSequential(BIG, 'big.yaml');

  test('the worker threads answer (the parallel path is taken, not its fallback)', () => {
    const parallel = parseInParallel(splitDocuments(BIG, 2));
    expect(parallel).toBeDefined();
    expect(parallel!.manifests.length).toBe(sequential.manifests.length);
  });

  test('gives the one-thread objects and positions, in order', () => {
    const parallel = parseYamlPlaced(BIG, 'big.yaml');
    expect(parallel.positions).toEqual(sequential.positions);
    expect(parallel.manifests).toEqual(sequential.manifests);
    expect(sequential.manifests.length).toBeGreaterThan(10_000);
  });

  test('a document that does not parse in a late piece gives the one-thread message (file, line, reason)', () => {
    const broken = `${BIG}---\nkind: Secret\nstringData:\n\tpassword: hunter2\n`;
    const expected = (() => {
      try {
        parseYamlSequential(broken, 'big.yaml');
      } catch (e) {
        return (e as Error).message;
      }
      return 'no error';
    })();
    expect(expected).toMatch(/^big\.yaml: not valid YAML \(line \d+, column \d+: /);
    let thrown: unknown;
    try {
      parseYamlPlaced(broken, 'big.yaml');
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(ReadError);
    expect((thrown as Error).message).toBe(expected);
    expect(expected).not.toContain('hunter2');
  });
});
