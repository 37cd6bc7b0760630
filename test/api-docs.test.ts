/**
 * API.md and Construct Hub describe every parameter (issue 19): the jsii assembly (.jsii, written
 * by the compile step that precedes the tests) holds the docs they are generated from.
 */
import * as fs from 'fs';
import * as path from 'path';

const ASSEMBLY = path.join(__dirname, '..', '.jsii');

interface Callable {
  readonly name?: string;
  readonly parameters?: ReadonlyArray<{ readonly name: string; readonly docs?: { readonly summary?: string } }>;
}

test('every parameter of every public initializer and method has a description', () => {
  if (!fs.existsSync(ASSEMBLY)) {
    throw new Error('.jsii is missing: run `npx projen compile` first (`npx projen build` does)');
  }
  const types: { [fqn: string]: { initializer?: Callable; methods?: Callable[] } } = JSON.parse(fs.readFileSync(ASSEMBLY, 'utf8')).types;
  const undocumented: string[] = [];
  let parameters = 0;
  for (const [fqn, type] of Object.entries(types)) {
    const callables: Array<[string, Callable]> = [
      ...(type.initializer ? [['constructor', type.initializer] as [string, Callable]] : []),
      ...(type.methods ?? []).map((m) => [m.name ?? '?', m] as [string, Callable]),
    ];
    for (const [name, callable] of callables) {
      for (const parameter of callable.parameters ?? []) {
        parameters++;
        if (!parameter.docs?.summary?.trim()) {
          undocumented.push(`${fqn}.${name}(${parameter.name})`);
        }
      }
    }
  }
  expect(parameters).toBeGreaterThan(50);
  expect(undocumented).toEqual([]);
});
