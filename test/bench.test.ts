import { execFileSync } from 'child_process';
import * as path from 'path';

// The benchmark itself runs with `npx projen bench`; this only keeps it from rotting (tiny N, no timing asserted).
test('the benchmark runs and ends with its summary line', () => {
  const out = execFileSync('node', ['-r', 'ts-node/register', 'bench/bench.ts', '--n', '20,40', '--repeat', '1', '--big', '50', '--charts', '10,20', '--charts-repeat', '1', '--check', '50'], {
    cwd: path.resolve(__dirname, '..'),
    encoding: 'utf8',
    env: { ...process.env, TS_NODE_PROJECT: 'bench/tsconfig.json', TS_NODE_TRANSPILE_ONLY: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines = out.trim().split('\n');
  expect(lines).toContainEqual(expect.stringMatching(/^\| 40 \| 240 \| \d+ \| \d+ \| [\d.]+ \| \d+ \| [\d.]+ \| \d+ \|$/));
  expect(lines).toContainEqual(expect.stringMatching(/^50 namespaces \(300 objects\), ours alone: \d+ ms/));
  expect(lines).toContainEqual(expect.stringMatching(/^\| 20 \| 120 \| \d+ \| \d+ \| [\d.]+ \| [\d.]+ \| [\d.]+ \|$/));
  expect(lines[lines.length - 1]).toMatch(/^ratio@40=[\d.]+ growth=[\d.]+ rssMB=\d+ chartsRatio@20=[\d.]+ chartsGrowth=[\d.]+ parsersMaxMs=\d+ checkMs=\d+ checkRssMB=\d+$/);
  expect(lines).toContainEqual(expect.stringMatching(/^check, 300 objects \(50 namespaces, [\d.]+ MB of YAML in one file\), the installed command in a fresh process: \d+ ms \(median of 3\), peak RSS \d+ MB$/));
  expect(lines).toContainEqual(expect.stringMatching(/^\| 10,000 registries, built \| - \| [\d.]+ \| accepted \|$/));
});
