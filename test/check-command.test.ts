import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { App, Yaml } from 'cdk8s';
import { GuideChart } from '../examples/guide';
import { PlatformChart } from '../examples/platform';
import { checkManifests, ManifestChecks } from '../src';
import { tempDir } from './support/kubectl';
import { main } from '../src/manifests/cli';

const podDefault = (name: string, mountPath: string, namespace = 'team-a') => ({
  apiVersion: 'kubeflow.org/v1alpha1',
  kind: 'PodDefault',
  metadata: { name, namespace },
  spec: {
    desc: name,
    selector: { matchLabels: { [name]: 'true' } },
    volumes: [{ name, secret: { secretName: name } }],
    volumeMounts: [{ name, mountPath }],
  },
});

/** Runs the command in-process; returns its exit status and output. */
function run(...argv: string[]): { status: number; out: string; err: string } {
  const out: string[] = [];
  const err: string[] = [];
  const status = main(argv, (l) => out.push(l), (l) => err.push(l));
  return { status, out: out.join('\n'), err: err.join('\n') };
}

function writeFile(name: string, text: string): string {
  const file = path.join(tempDir(), name);
  fs.writeFileSync(file, text);
  return file;
}

describe('checkManifests()', () => {
  test('returns nothing for clean manifests', () => {
    expect(checkManifests([podDefault('docker-config', '/home/kubeflow/.docker/'), podDefault('aws-credentials', '/home/kubeflow/.aws/')])).toEqual([]);
  });

  test('returns one record per problem, with the rule id and origin of "What we check"', () => {
    const problems = checkManifests([podDefault('a', '/same'), podDefault('b', '/same')], { file: 'team-a.yaml' });
    expect(problems).toEqual([{
      file: 'team-a.yaml',
      object: 'PodDefault team-a/b',
      rule: 'mount-path-conflict',
      origin: 'webhook',
      message: expect.stringMatching(/^mountPath "\/same" is also used by \[team-a.yaml: PodDefault team-a\/a\] for volume "a" in namespace "team-a"/),
    }]);
  });

  test('reads kind: List as kubectl get -o yaml prints it', () => {
    const list = { apiVersion: 'v1', kind: 'List', items: [podDefault('a', '/same'), podDefault('b', '/same')] };
    expect(checkManifests([list]).map((p) => p.rule)).toEqual(['mount-path-conflict']);
  });

  test('objects of other namespaces do not meet', () => {
    expect(checkManifests([podDefault('a', '/same', 'one'), podDefault('b', '/same', 'two')])).toEqual([]);
  });

  test('objects without a namespace take the one given', () => {
    const noNamespace = { ...podDefault('b', '/same'), metadata: { name: 'b' } };
    expect(checkManifests([podDefault('a', '/same'), noNamespace])).toEqual([]);
    expect(checkManifests([podDefault('a', '/same'), noNamespace], { namespace: 'team-a' })).toHaveLength(1);
  });

  test('ignores what is not a PodDefault or Secret, and what is not an object', () => {
    expect(checkManifests([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } }, 'text', 3, null, []])).toEqual([]);
  });

  test('is available to other languages as ManifestChecks.check', () => {
    expect(ManifestChecks.check([podDefault('a', '/same'), podDefault('b', '/same')])).toHaveLength(1);
  });
});

describe('npx cdk8s-kubeflow-credentials check', () => {
  test('the library\'s own output is clean (exit 0)', () => {
    const outdir = tempDir();
    const app = new App({ outdir });
    new GuideChart(app, 'guide');
    new PlatformChart(app, 'platform');
    app.synth();
    const result = run('check', outdir);
    expect(result).toEqual({ status: 0, out: '', err: expect.stringMatching(/^checked \d+ objects in 2 files: no problems$/) });
  });

  test('a hand-written conflicting file: exit 1, each problem on a line with file, object, rule and origin', () => {
    const file = writeFile('pd.yaml', Yaml.stringify(podDefault('a', '/home/kubeflow/.aws/'), podDefault('b', '/home/kubeflow/.aws')));
    const result = run('check', file);
    expect(result.status).toBe(1);
    expect(result.out).toBe(`${file}:19:1: PodDefault team-a/b: mountPath "/home/kubeflow/.aws" is also used by [${file}: PodDefault team-a/a] for another volume in namespace "team-a" ("/home/kubeflow/.aws/" and "/home/kubeflow/.aws" are the same path after normalizing: two volumes on one path collide in the container) [mount-path-normalized, runtime]`);
  });

  test('--json prints one array of {file, object, rule, origin, message, line, column}', () => {
    const file = writeFile('pd.yaml', Yaml.stringify(podDefault('a', '/same'), podDefault('b', '/same')));
    const result = run('check', '--json', file);
    expect(result.status).toBe(1);
    const records = JSON.parse(result.out);
    expect(records).toEqual([{ file, object: 'PodDefault team-a/b', rule: 'mount-path-conflict', origin: 'webhook', message: expect.any(String), line: 19, column: 1 }]);
  });

  test('--notebook checks against one named notebook', () => {
    const pd = podDefault('a', '/a');
    const file = writeFile('pd.yaml', Yaml.stringify({ ...pd, spec: { ...pd.spec, sidecars: [{ name: 'my-notebook', image: 'x' }] } }));
    expect(run('check', file).status).toBe(0);
    expect(run('check', '--notebook', 'my-notebook', '--json', file)).toMatchObject({ status: 1, out: expect.stringContaining('"rule": "container-conflict"') });
  });
  test('objects of one namespace meet across files and directories', () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'nested'));
    fs.writeFileSync(path.join(dir, 'a.yaml'), Yaml.stringify(podDefault('a', '/same')));
    fs.writeFileSync(path.join(dir, 'nested', 'b.yml'), Yaml.stringify(podDefault('b', '/same')));
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'not a manifest');
    expect(run('check', '--json', dir)).toMatchObject({ status: 1, out: expect.stringContaining('"rule": "mount-path-conflict"') });
  });

  test.each([
    [['check', '/nonexistent/file.yaml'], /\/nonexistent\/file.yaml: no such file or directory/],
    [['check'], /no FILE, DIR or - given/],
    [['lint', 'x'], /unknown command "lint"/],
    [['check', '--frobnicate', 'x'], /unknown option "--frobnicate"/],
  ])('exit 2 on unreadable input or bad usage: %j', (argv, message) => {
    const result = run(...argv);
    expect(result.status).toBe(2);
    expect(result.err).toMatch(message);
  });

  test('exit 2 on YAML that does not parse, without quoting it', () => {
    const file = writeFile('bad.yaml', 'apiVersion: v1\nkind: Secret\ndata:\n  password: "hunter2\n');
    const result = run('check', file);
    expect(result.status).toBe(2);
    expect(result.err).toMatch(/bad.yaml: not valid YAML \(line 5, column 1: an unclosed quote, bracket or brace\)/);
    expect(result.err).not.toMatch(/hunter2/);
  });

  test('reads standard input with -, as the installed command', () => {
    const yaml = Yaml.stringify(podDefault('a', '/same'), podDefault('b', '/same'));
    const result = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', path.join(__dirname, '..', 'src', 'manifests', 'cli.ts'), 'check', '-'], {
      input: yaml, encoding: 'utf8', env: { ...process.env, TS_NODE_PROJECT: path.join(__dirname, 'tsconfig.json') },
    });
    expect(result.stderr).toMatch(/checked 2 objects in 1 file: 1 problem\n/);
    expect(result.stdout).toMatch(/^-:19:1: PodDefault team-a\/b: mountPath "\/same"/);
    expect(result.status).toBe(1);
  });
});

describe('what check prints cannot rewrite the terminal', () => {
  test('control and bidirectional characters of a name are escaped in every line, text and JSON', () => {
    const file = path.join(tempDir(), 'bad.yaml');
    fs.writeFileSync(file, JSON.stringify({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'a\u001b[2Kb\u202ec', namespace: 'user' }, data: {} }));
    for (const format of [[], ['--json']]) {
      const out: string[] = [];
      const err: string[] = [];
      expect(main(['check', ...format, file], (l) => out.push(l), (l) => err.push(l))).toBe(1);
      const printed = [...out, ...err].join('\n');
      expect(printed).not.toMatch(/[\u001b\u202e]/);
      expect(printed).toContain('\\u202e');
    }
  });
});

describe('repeated problems are aggregated', () => {
  /** n PodDefaults of one namespace whose mounts all nest in each other: n(n-1)/2 mount-nested problems. */
  const chain = (n: number) => Array.from({ length: n }, (_, i) => podDefault(`pd${i}`, `/m/${Array.from({ length: i + 1 }, (__, k) => k).join('/')}`));

  test('each object shows at most 10 problems of one rule, then one line with the count of the others', () => {
    const problems = checkManifests(chain(14));
    // 91 pairs; each pair is reported on one of its two PodDefaults.
    const byObject = new Map<string, string[]>();
    for (const p of problems) {
      byObject.set(p.object, [...(byObject.get(p.object) ?? []), p.message]);
    }
    let total = 0;
    let aggregated = 0;
    for (const messages of byObject.values()) {
      expect(messages.length).toBeLessThanOrEqual(11);
      const summary = /^(\d+) more mount-nested problems? like the ones above on this object \((\d+) in all; the first 10 are shown\)$/.exec(messages[messages.length - 1]);
      if (summary) {
        expect(messages).toHaveLength(11);
        expect(Number(summary[2]) - Number(summary[1])).toBe(10);
        total += Number(summary[2]);
        aggregated++;
      } else {
        total += messages.length;
      }
    }
    // Every problem is counted once: shown, or in a count.
    expect(total).toBe(91);
    expect(aggregated).toBeGreaterThan(0);
    expect(problems.every((p) => p.rule === 'mount-nested')).toBe(true);
  });

  test('below the limit nothing is aggregated; maxProblemsPerRule: 0 shows all', () => {
    expect(checkManifests(chain(5)).length).toBe(10);
    expect(checkManifests(chain(14), { maxProblemsPerRule: 0 }).length).toBe(91);
    expect(checkManifests(chain(14), { maxProblemsPerRule: 2 }).filter((p) => /more mount-nested problems/.test(p.message)).length).toBeGreaterThan(0);
  });

  test('maxProblemsPerRule must be a whole number, 0 or more', () => {
    expect(() => checkManifests([], { maxProblemsPerRule: -1 })).toThrow(/maxProblemsPerRule must be a whole number, 0 or more/);
    expect(() => checkManifests([], { maxProblemsPerRule: 1.5 })).toThrow(/maxProblemsPerRule/);
    expect(checkManifests([], { maxProblemsPerRule: 3 })).toEqual([]);
  });

  test('check aggregates; check --all prints every problem', () => {
    const file = writeFile('chain.yaml', chain(14).map((o) => JSON.stringify(o)).join('\n---\n'));
    const aggregated = run('check', file);
    const all = run('check', '--all', file);
    expect(aggregated.status).toBe(1);
    expect(all.status).toBe(1);
    expect(all.out.split('\n')).toHaveLength(91);
    expect(aggregated.out.split('\n').length).toBeLessThan(91);
    expect(aggregated.out).toMatch(/more mount-nested problems like the ones above/);
    expect(all.out).not.toMatch(/more mount-nested problems/);
  });
});

describe('the command never prints a stack trace', () => {
  test('an unexpected error is reported by its kind only, with exit 2', () => {
    const out: string[] = [];
    const err: string[] = [];
    const failing = (line: string) => {
      if (line.startsWith('checked')) {
        throw new TypeError('secret-looking text hunter2');
      }
      err.push(line);
    };
    // The error is raised while the summary is written: main still answers, without the message or a stack.
    const status = main(['check', writeFile('ok.yaml', JSON.stringify(podDefault('docker-config', '/home/kubeflow/.docker/')))], (l) => out.push(l), failing);
    expect(status).toBe(2);
    expect(err).toEqual(['cdk8s-kubeflow-credentials: internal error (TypeError); nothing was checked. Please report it with the command line (not the input, which may hold credentials).']);
    expect(err.join('\n')).not.toMatch(/hunter2|at \S+ \(/);
  });

  test('--help lists --all and the exit statuses', () => {
    const result = run('check');
    expect(result.status).toBe(2);
    expect(result.err).toMatch(/--all {13}show every problem/);
    expect(result.err).toMatch(/Exit status: 0 clean/);
  });
});
