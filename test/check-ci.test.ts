/**
 * `check` as CI pipelines and existing clusters use it: every input read (an unreadable one
 * reported with its reason, the others still checked, the worst exit status), kustomize overlays
 * built with kubectl (their patches are not objects), a Helm chart rendered as `helm template`
 * renders it (test/oracles/helm-render: Go text/template and sprig, helm not being packaged here)
 * and piped to `check -`, SARIF validated by Microsoft's SARIF multitool, GitHub annotations, and
 * a command line that explains itself.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { Yaml } from 'cdk8s';
import { describeWithKubectl, describeWithTool, tempDir } from './support/kubectl';
import { main, packageVersion } from '../src/manifests/cli';
import { sarifLog } from '../src/manifests/formats';
import { parseYaml } from '../src/manifests/read';

const FIXTURES = path.join(__dirname, 'fixtures');
const CLI = path.join(__dirname, '..', 'src', 'manifests', 'cli.ts');

function run(...argv: string[]): { status: number; out: string; err: string } {
  const out: string[] = [];
  const err: string[] = [];
  const status = main(argv, (l) => out.push(l), (l) => err.push(l));
  return { status, out: out.join('\n'), err: err.join('\n') };
}

/** The installed command, reading `input` on standard input. */
function runPiped(input: string, ...argv: string[]): { status: number; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', CLI, ...argv], {
    input, encoding: 'utf8', env: { ...process.env, TS_NODE_PROJECT: path.join(__dirname, 'tsconfig.json') },
  });
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

const podDefault = (name: string, mountPath: string, namespace = 'team-a') => ({
  apiVersion: 'kubeflow.org/v1alpha1',
  kind: 'PodDefault',
  metadata: { name, namespace },
  spec: { desc: name, selector: { matchLabels: { [name]: 'true' } }, volumes: [{ name, secret: { secretName: name } }], volumeMounts: [{ name, mountPath }] },
});

const GOPATH = '/usr/share/gocode';
const HAVE_GO = spawnSync('go', ['version'], { stdio: 'ignore' }).status === 0
  && fs.existsSync(path.join(GOPATH, 'src', 'github.com', 'Masterminds', 'sprig'));

let helmOracle = '';
/** The chart of test/fixtures/helm, rendered for release `storage` in `team-a` as `helm template` renders it. */
function helmTemplate(): string {
  if (!helmOracle) {
    helmOracle = path.join(tempDir(), 'helm-render');
    execFileSync('go', ['build', '-o', helmOracle, '.'], {
      cwd: path.join(__dirname, 'oracles', 'helm-render'),
      env: { ...process.env, GOPATH, GO111MODULE: 'off', GOCACHE: path.join(tempDir(), 'gocache'), GOFLAGS: '' },
      stdio: 'pipe',
    });
  }
  const chart = path.join(FIXTURES, 'helm', 'notebook-storage');
  const [meta] = parseYaml(fs.readFileSync(path.join(chart, 'Chart.yaml'), 'utf8'), 'Chart.yaml') as any[];
  const [values] = parseYaml(fs.readFileSync(path.join(chart, 'values.yaml'), 'utf8'), 'values.yaml') as any[];
  const result = JSON.parse(execFileSync(helmOracle, {
    input: JSON.stringify({ dir: chart, values, release: { Name: 'storage', Namespace: 'team-a', Service: 'Helm' }, chart: { Name: meta.name, Version: meta.version } }),
    encoding: 'utf8',
  }));
  if (result.error) {
    throw new Error(result.error);
  }
  return result.rendered;
}

function copyDir(from: string, to: string): void {
  fs.cpSync(from, to, { recursive: true });
}

describeWithKubectl('a directory of everything a platform repository holds', () => {
  describeWithTool('go and sprig (golang-go, golang-github-masterminds-sprig-dev)', HAVE_GO, 'with a rendered Helm chart', () => {
    test('every good file\'s problems, one read error, the overlay built and its patch not an object; exit 2', () => {
      const corpus = tempDir();
      copyDir(path.join(FIXTURES, 'kustomize'), path.join(corpus, 'kustomize'));
      fs.writeFileSync(path.join(corpus, 'helm-storage.yaml'), helmTemplate());
      fs.writeFileSync(path.join(corpus, 'a.yaml'), Yaml.stringify(podDefault('registry', '/home/jovyan/.aws')));
      fs.mkdirSync(path.join(corpus, 'nested'));
      fs.writeFileSync(path.join(corpus, 'nested', 'b.yaml'), Yaml.stringify(podDefault('other', '/home/jovyan/.aws')));
      fs.writeFileSync(path.join(corpus, 'broken.yaml'), 'apiVersion: v1\nkind: Secret\nmetadata:\n\tname: s\nstringData:\n  password: hunter2-canary\n');
      const result = run('check', '--json', corpus);
      expect(result.status).toBe(2);
      const problems = JSON.parse(result.out);
      // The two hand-written PodDefaults share a path: found although broken.yaml cannot be read.
      expect(problems.map((p: any) => `${path.relative(corpus, p.file)} ${p.object} ${p.rule}`)).toEqual(['nested/b.yaml PodDefault team-a/other mount-path-conflict']);
      expect(result.err.split('\n')).toEqual([`cdk8s-kubeflow-credentials: ${path.join(corpus, 'broken.yaml')}: not valid YAML (line 4, column 1: a tab in indentation (YAML indents with spaces))`]);
      expect(result.err).not.toContain('hunter2');
      // The text summary counts every object read: the overlay's PodDefault, the chart's Secret and PodDefault, the two files.
      const text = run('check', corpus);
      expect(text.err).toMatch(/checked 5 objects in 4 files: 1 problem; 1 input could not be read$/);
      expect(text.out).not.toMatch(/patch-access-ml-pipeline|selector has no matchLabels/);
    });

    test('helm template ... | check - reads the rendered chart', () => {
      const rendered = helmTemplate();
      expect(rendered).toMatch(/^---\n# Source: notebook-storage\/templates\/poddefault.yaml\n/);
      const clean = runPiped(rendered, 'check', '-');
      expect(clean).toMatchObject({ status: 0, stderr: 'checked 2 objects in 1 file: no problems\n' });
      // A second release of the chart in the namespace on the same selector... is another name: still clean; a PodDefault of ours beside it that provides the same variables is not.
      const withEnv = `${rendered}---\n${Yaml.stringify({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'minio', namespace: 'team-a' }, stringData: { S3_ENDPOINT: 'http://minio:9000' } })}---\n${Yaml.stringify({
        apiVersion: 'kubeflow.org/v1alpha1',
        kind: 'PodDefault',
        metadata: { name: 'minio', namespace: 'team-a' },
        spec: { desc: 'MinIO', selector: { matchLabels: { minio: 'true' } }, envFrom: [{ secretRef: { name: 'minio' } }] },
      })}`;
      const conflict = runPiped(withEnv, 'check', '-');
      expect(conflict.status).toBe(1);
      expect(conflict.stdout).toMatch(/provides "S3_ENDPOINT".*\[env-from-overlap, beyond-webhook\]/);
    });
  });

  test('check -k builds an overlay; its patch file alone would be a wrong object', () => {
    const overlay = path.join(FIXTURES, 'kustomize', 'overlays', 'team-a');
    expect(run('check', '-k', overlay)).toEqual({ status: 0, out: '', err: 'checked 1 object in 1 file: no problems' });
    expect(run('check', overlay)).toEqual({ status: 0, out: '', err: 'checked 1 object in 1 file: no problems' });
    // The patch read as an object is what the issue saw: a PodDefault without a selector.
    expect(run('check', path.join(overlay, 'patch-access-ml-pipeline.yaml'))).toMatchObject({ status: 1, out: expect.stringContaining('selector') });
  });

  test('without kubectl a kustomization is reported clearly, and the rest is checked', () => {
    const dir = tempDir();
    copyDir(path.join(FIXTURES, 'kustomize'), path.join(dir, 'kustomize'));
    fs.writeFileSync(path.join(dir, 'a.yaml'), Yaml.stringify(podDefault('a', '/a')));
    const previous = process.env.KUBECTL;
    process.env.KUBECTL = path.join(dir, 'no-kubectl-here');
    try {
      const result = run('check', dir);
      expect(result.status).toBe(2);
      expect(result.err).toMatch(/kustomize\/overlays\/team-a: a kustomization, which needs kubectl to build it, and kubectl is not installed/);
      expect(result.err).toMatch(/checked 1 object in 1 file: no problems; 1 input could not be read/);
    } finally {
      if (previous === undefined) {
        delete process.env.KUBECTL;
      } else {
        process.env.KUBECTL = previous;
      }
    }
  });

  test('a kustomization that does not build: its exit status, never kubectl\'s message', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'kustomization.yaml'), 'resources:\n  - missing-secret-hunter2.yaml\n');
    const result = run('check', dir);
    expect(result.status).toBe(2);
    expect(result.err).toMatch(/kubectl kustomize failed \(exit status 1\); run kubectl kustomize .* to see why/);
  });
});

describe('unreadable inputs and unrendered templates', () => {
  test('a Helm chart\'s templates/ folder: each template reported as unrendered, with the hint', () => {
    const result = run('check', path.join(FIXTURES, 'helm', 'notebook-storage', 'templates'));
    expect(result.status).toBe(2);
    const lines = result.err.split('\n');
    expect(lines.filter((l) => /an unrendered template: a Helm or Go template \(\{\{ \.\.\. \}\}\); render it first \(helm template, kustomize build, envsubst\)/.test(l))).toHaveLength(2);
    expect(result.err).not.toMatch(/b64enc|Values/);
  });

  test('unrendered text that parses is its own rule, naming the field', () => {
    const file = path.join(tempDir(), 'pd.yaml');
    fs.writeFileSync(file, Yaml.stringify({ ...podDefault('a', '/a', '${NAMESPACE}'), spec: { ...podDefault('a', '/a').spec, volumes: [{ name: 'a', secret: { secretName: '<YOUR_SECRET>' } }] } }));
    const result = run('check', '--json', file);
    const rules = JSON.parse(result.out).map((p: any) => `${p.rule}: ${p.message}`);
    expect(rules).toContain('unrendered-template: metadata.namespace is unrendered template text (a shell or envsubst variable (${...})): render the manifests first (helm template, kustomize build, envsubst) and check what is applied');
    expect(rules).toContain('unrendered-template: spec.volumes[0].secret.secretName is unrendered template text (a placeholder such as <YOUR_NAMESPACE>): render the manifests first (helm template, kustomize build, envsubst) and check what is applied');
    expect(rules.filter((r: string) => r.startsWith('namespace-name'))).toEqual([]);
  });

  test.each([
    ['a tab in indentation', 'kind: Secret\nmetadata:\n\tname: s\n', /line 3, column 1: a tab in indentation/],
    ['an unclosed quote', 'kind: Secret\ndata:\n  password: "hunter2\n', /an unclosed quote, bracket or brace/],
    ['a key twice', 'kind: Secret\nkind: ConfigMap\n', /a key given twice in one mapping/],
    ['a template', 'kind: Secret\nmetadata:\n  name: {{ .Values.hunter2 }}\n', /an unrendered template: a Helm or Go template/],
  ])('a YAML error names the reason without the text: %s', (_what, text, reason) => {
    const file = path.join(tempDir(), 'bad.yaml');
    fs.writeFileSync(file, text);
    const result = run('check', file);
    expect(result.status).toBe(2);
    expect(result.err).toMatch(reason);
    expect(result.err).not.toContain('hunter2');
  });

  test('the worst outcome is the exit status: problems and an unreadable input give 2; problems alone 1', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'a.yaml'), Yaml.stringify(podDefault('a', '/same'), podDefault('b', '/same')));
    expect(run('check', dir).status).toBe(1);
    expect(run('check', dir, path.join(dir, 'missing.yaml')).status).toBe(2);
    expect(run('check', dir, path.join(dir, 'missing.yaml')).out).toMatch(/mount-path-conflict/);
  });
});

describe('formats for CI', () => {
  const conflicting = () => {
    const file = path.join(tempDir(), 'team a,1.yaml');
    fs.writeFileSync(file, Yaml.stringify(podDefault('a', '/same'), podDefault('b', '/same')));
    return file;
  };
  /** The line where the second document (PodDefault b) starts. */
  const secondLine = (file: string) => fs.readFileSync(file, 'utf8').split('\n').indexOf('---') + 2;

  test('github: one ::error per problem with file, line, column and the rule as title, properties escaped', () => {
    const file = conflicting();
    const result = run('check', '--format', 'github', file, '/nonexistent.yaml');
    expect(result.status).toBe(2);
    const lines = result.out.split('\n');
    // A file outside the working directory is named by its absolute path.
    expect(lines[0]).toBe(`::error file=${file.replace(/,/g, '%2C')},line=${secondLine(file)},col=1,title=mount-path-conflict (webhook)::PodDefault team-a/b: mountPath "/same" is also used by [${file}: PodDefault team-a/a] for volume "a" in namespace "team-a" (the webhook rejects every notebook that selects both; pass another mountPath)`);
    expect(lines[1]).toBe('::error title=unreadable input::/nonexistent.yaml: no such file or directory');
  });

  test('the summary counts objects inside Lists and says 1 problem', () => {
    const file = path.join(tempDir(), 'list.yaml');
    fs.writeFileSync(file, Yaml.stringify({ apiVersion: 'v1', kind: 'List', items: [podDefault('a', '/same'), podDefault('b', '/same'), podDefault('c', '/c')] }));
    const result = run('check', file);
    expect(result.err).toBe('checked 3 objects in 1 file: 1 problem');
    expect(result.out).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: PodDefault team-a/b`));
  });

  const multitool = path.join(__dirname, '..', 'node_modules', '@microsoft', 'sarif-multitool-linux', 'Sarif.Multitool');
  describeWithTool('@microsoft/sarif-multitool', fs.existsSync(multitool), 'SARIF', () => {
    test('SARIF 2.1.0 with every rule\'s help, each problem located at its object, valid for Microsoft\'s validator', () => {
      const file = conflicting();
      const result = run('check', '--format', 'sarif', file, '/nonexistent.yaml');
      expect(result.status).toBe(2);
      const log = JSON.parse(result.out);
      const [sarifRun] = log.runs;
      expect(log.version).toBe('2.1.0');
      const rule = sarifRun.tool.driver.rules.find((r: any) => r.id === 'mount-path-conflict');
      expect(rule.shortDescription.text).toMatch(/mount/);
      expect(rule.help.text).toMatch(/Without it: /);
      const [finding] = sarifRun.results;
      expect(finding).toMatchObject({ ruleId: 'mount-path-conflict', level: 'error' });
      expect(sarifRun.tool.driver.rules[finding.ruleIndex].id).toBe('mount-path-conflict');
      // Outside the working directory: an absolute file URI.
      expect(finding.locations[0].physicalLocation).toEqual({
        artifactLocation: { uri: pathToFileURL(file).href },
        region: { startLine: secondLine(file), startColumn: 1 },
      });
      // Inside it: relative to %SRCROOT%, each segment encoded.
      const inside = sarifLog([{ file, object: 'PodDefault team-a/b', rule: 'mount-path-conflict', origin: 'webhook', message: 'm', line: 3, column: 1 }], [], {
        version: '1.0.0', sources: [], root: path.dirname(path.dirname(file)),
      }) as any;
      expect(inside.runs[0].results[0].locations[0].physicalLocation.artifactLocation).toEqual({ uri: `${path.basename(path.dirname(file))}/team%20a%2C1.yaml`, uriBaseId: '%SRCROOT%' });
      expect(sarifRun.invocations[0]).toMatchObject({ executionSuccessful: false, toolExecutionNotifications: [{ level: 'error' }] });
      // Microsoft's validator: no error and no warning.
      fs.chmodSync(multitool, 0o755);
      const dir = tempDir();
      const input = path.join(dir, 'check.sarif');
      fs.writeFileSync(input, result.out);
      const output = path.join(dir, 'validation.sarif');
      const validated = spawnSync(multitool, ['validate', input, '--output', output], { encoding: 'utf8', env: { ...process.env, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1' } });
      expect(validated.status).toBe(0);
      const findings = JSON.parse(fs.readFileSync(output, 'utf8')).runs[0].results.map((r: any) => `${r.ruleId} ${r.level ?? 'warning'} ${JSON.stringify(r.message)}`);
      expect(findings).toEqual([]);
    });

    test('the validator finds a broken log (it can fail)', () => {
      fs.chmodSync(multitool, 0o755);
      const dir = tempDir();
      const input = path.join(dir, 'broken.sarif');
      fs.writeFileSync(input, JSON.stringify({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [{ ruleId: 'r', message: {} }] }] }));
      const output = path.join(dir, 'validation.sarif');
      spawnSync(multitool, ['validate', input, '--output', output], { encoding: 'utf8', env: { ...process.env, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1' } });
      expect(JSON.parse(fs.readFileSync(output, 'utf8')).runs[0].results.length).toBeGreaterThan(0);
    });
  });
});

describe('a command line that explains itself', () => {
  test.each([['--help'], ['-h'], ['help']])('%s prints the commands, exit 0', (arg) => {
    const result = run(arg);
    expect(result.status).toBe(0);
    expect(result.out).toMatch(/Commands:\n  check .*\n  preview /);
  });

  test.each([['check', '--help'], ['help', 'check'], ['preview', '-h'], ['help', 'preview']])('%s %s prints that command\'s options', (...argv) => {
    const result = run(...argv);
    expect(result.status).toBe(0);
    expect(result.out).toMatch(argv.includes('check') ? /--format F .*sarif/s : /--select NAME/);
  });

  test('--version prints the package version', () => {
    expect(run('--version')).toEqual({ status: 0, out: packageVersion(), err: '' });
    expect(packageVersion()).toMatch(/^\d+\.\d+\.\d+/);
  });

  test.each([
    [['check', '--frobnicate', 'x'], /unknown option "--frobnicate" for check \(its options are --format, --json, --all/],
    [['preview', '--all', 'x'], /unknown option "--all" for preview \(its options are --namespace/],
    [['check', '--format', 'xml', 'x'], /--format "xml" is not one of text, json, sarif, github/],
    [['lint'], /unknown command "lint" \(the commands are check and preview\)/],
  ])('usage errors name the allowed options: %j', (argv, message) => {
    const result = run(...argv);
    expect(result.status).toBe(2);
    expect(result.err).toMatch(message);
    expect(result.err).toMatch(/usage: /);
  });
});
