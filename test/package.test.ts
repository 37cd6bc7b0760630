/**
 * What `npm pack` puts in the tarball (and so what npm, Construct Hub and `cdk8s.yaml`'s
 * `validations:` install): only what package.json's `files` allows, which npm extends with
 * package.json, README.md, LICENSE and the bundled dependencies. Runs after the compile step of
 * `npx projen build` (lib/ must exist).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.join(__dirname, '..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

function packed(): string[] {
  if (!fs.existsSync(path.join(ROOT, 'lib', 'index.js'))) {
    throw new Error('lib/ is missing: run `npx projen compile` before this test (`npx projen build` does)');
  }
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return JSON.parse(out)[0].files.map((f: { path: string }) => f.path).sort();
}

describe('the npm tarball', () => {
  const files = packed();
  const bundled: string[] = pkg.bundledDependencies ?? [];
  // npm bundles what the bundled dependencies depend on too (js-yaml's argparse, for its own command).
  const carried = [...bundled, ...bundled.flatMap((dep) => Object.keys(JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', dep, 'package.json'), 'utf8')).dependencies ?? {}))];

  test('package.json names an allowlist of files', () => {
    expect(pkg.files).toEqual(['lib/**/*.js', 'lib/**/*.d.ts', '.jsii', 'API.md']);
  });

  test('every file is one that files, npm itself or a bundled dependency brings', () => {
    const allowed = (file: string) => ['package.json', 'README.md', 'LICENSE', '.jsii', 'API.md'].includes(file)
      || /^lib\/.+\.(js|d\.ts)$/.test(file)
      || carried.some((dep) => file.startsWith(`node_modules/${dep}/`));
    expect(files.filter((f) => !allowed(f))).toEqual([]);
  });

  test('it carries what users run: the main module, the command, the assembly and the bundled YAML readers', () => {
    expect(bundled).toEqual(['js-yaml', 'yaml']);
    expect(carried).toEqual(['js-yaml', 'yaml', 'argparse']);
    expect(files).toEqual(expect.arrayContaining([
      pkg.main, pkg.types, pkg.bin['cdk8s-kubeflow-credentials'], 'lib/manifests/validation-plugin.js', '.jsii', 'API.md',
      'node_modules/yaml/package.json', 'node_modules/js-yaml/package.json', 'node_modules/js-yaml/dist/js-yaml.cjs.js',
    ]));
  });

  test('no sources, tests, fixtures, examples or CI files', () => {
    expect(files.filter((f) => /^(src|test|examples|bench|docs|\.ci|\.projen|projenrc|dist)\//.test(f) || f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
  });
});
