/**
 * The cdk8s CLI validation plugin (src/manifests/validation-plugin.ts): the engine over what
 * `cdk8s synth` writes, reported through the CLI's validation report. The unit tests drive the
 * plugin with a report like the CLI's; the end-to-end tests run the real `cdk8s synth` on
 * examples/validation, whose cdk8s.yaml loads the compiled package (lib/), as a user's
 * cdk8s.yaml loads it from node_modules.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { Yaml } from 'cdk8s';
import { IValidationContext, KubeflowCredentialsValidation, ValidationViolation } from '../src';
import { tempDir } from './support/kubectl';

const ROOT = path.join(__dirname, '..');
const EXAMPLE = path.join(ROOT, 'examples', 'validation');

/** A context whose report records what the plugin puts in it, as cdk8s-cli's does. */
function context(manifests: string[]) {
  const violations: ValidationViolation[] = [];
  const submitted: Array<{ status: string; metadata?: { [key: string]: string } }> = [];
  const ctx: IValidationContext = {
    manifests,
    report: {
      addViolation: (v) => violations.push(v),
      submit: (status, metadata) => submitted.push({ status, metadata }),
    },
  };
  return { ctx, violations, submitted };
}

const podDefault = (name: string, mountPath: string, secretName: string) => ({
  apiVersion: 'kubeflow.org/v1alpha1',
  kind: 'PodDefault',
  metadata: { name, namespace: 'team-a' },
  spec: {
    desc: `Add ${name}`,
    selector: { matchLabels: { [name]: 'true' } },
    volumes: [{ name: `${name}-creds`, secret: { secretName } }],
    volumeMounts: [{ name: `${name}-creds`, mountPath }],
  },
});

function writeManifests(dir: string, file: string, objects: unknown[]): string {
  const target = path.join(dir, file);
  fs.writeFileSync(target, Yaml.stringify(...objects));
  return target;
}

describe('KubeflowCredentialsValidation.validate', () => {
  test('clean manifests: success and no violation', async () => {
    const dir = tempDir();
    const file = writeManifests(dir, 'app.k8s.yaml', [podDefault('docker', '/home/jovyan/.docker', 'docker-config'), podDefault('aws', '/home/jovyan/.aws', 'aws-config')]);
    const { ctx, violations, submitted } = context([file]);
    await new KubeflowCredentialsValidation().validate(ctx);
    expect(violations).toEqual([]);
    expect(submitted).toEqual([{ status: 'success', metadata: { manifests: '1', problems: '0' } }]);
  });

  test('a mount conflict across two synthesized files: failure, one violation naming the rule, object, file and line', async () => {
    const dir = tempDir();
    const a = writeManifests(dir, 'a.k8s.yaml', [podDefault('docker', '/home/jovyan/.docker', 'docker-config')]);
    const b = writeManifests(dir, 'b.k8s.yaml', [podDefault('mirror', '/home/jovyan/.docker', 'mirror-config')]);
    const { ctx, violations, submitted } = context([b, a]);
    await new KubeflowCredentialsValidation().validate(ctx);
    expect(submitted.map((s) => s.status)).toEqual(['failure']);
    expect(violations).toHaveLength(1);
    const [violation] = violations;
    expect(violation.ruleName).toBe('mount-path-conflict');
    expect(violation.recommendation).toContain('/home/jovyan/.docker');
    expect(violation.fix).toContain('mount-path-conflict');
    expect(violation.violatingResources).toHaveLength(1);
    expect(['docker', 'mirror']).toContain(violation.violatingResources[0].resourceName);
    expect([a, b]).toContain(violation.violatingResources[0].manifestPath);
    expect(violation.violatingResources[0].locations[0]).toMatch(/^PodDefault team-a\/(docker|mirror) \(line 1\)$/);
  });

  test('the properties reach the engine: namespace for objects without one', async () => {
    const dir = tempDir();
    const bare = (name: string) => ({ ...podDefault(name, '/home/jovyan/.docker', `${name}-config`), metadata: { name } });
    const file = writeManifests(dir, 'app.k8s.yaml', [bare('one'), bare('two')]);
    const { ctx, violations } = context([file]);
    await new KubeflowCredentialsValidation({ namespace: 'team-b' }).validate(ctx);
    expect(violations.map((v) => v.violatingResources[0].locations[0])).toEqual([expect.stringMatching(/^PodDefault team-b\/(one|two) /)]);
  });

  test('an unreadable manifest fails the report with its reason, never its content', async () => {
    const dir = tempDir();
    const bad = path.join(dir, 'bad.k8s.yaml');
    fs.writeFileSync(bad, 'kind: Secret\nstringData:\n\tpassword: hunter2-secret\n');
    const good = writeManifests(dir, 'good.k8s.yaml', [podDefault('docker', '/home/jovyan/.docker', 'docker-config')]);
    const { ctx, violations, submitted } = context([bad, good]);
    await new KubeflowCredentialsValidation().validate(ctx);
    expect(submitted.map((s) => s.status)).toEqual(['failure']);
    expect(violations.map((v) => v.ruleName)).toEqual(['unreadable-manifest']);
    expect(violations[0].recommendation).toContain('bad.k8s.yaml');
    expect(JSON.stringify(violations)).not.toContain('hunter2');
  });

  test('a Secret problem is reported without the secret value', async () => {
    const dir = tempDir();
    const file = writeManifests(dir, 'app.k8s.yaml', [{
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'docker-config', namespace: 'team-a' },
      stringData: { 'config.json': '{"auths":{"registry.example.com":{"auth":"not-base64-s3cr3t!"}}}' },
    }]);
    const { ctx, violations } = context([file]);
    await new KubeflowCredentialsValidation().validate(ctx);
    expect(violations.length).toBeGreaterThan(0);
    expect(JSON.stringify(violations)).not.toContain('s3cr3t');
  });

  test('cdk8s.yaml properties are checked: unknown names and bad limits are refused, good ones accepted', () => {
    expect(() => new KubeflowCredentialsValidation({ namespace: 'a', notebookName: 'nb', maxProblemsPerRule: 0 })).not.toThrow();
    expect(() => new KubeflowCredentialsValidation({ maxProblemsPerRule: -1 })).toThrow(/maxProblemsPerRule must be a whole number/);
    expect(() => new KubeflowCredentialsValidation({ namespce: 'a' } as any)).toThrow(/unknown property "namespce".*allowed: namespace, notebookName, maxProblemsPerRule/);
  });
});

describe('cdk8s synth with the plugin in cdk8s.yaml (examples/validation)', () => {
  const compiled = path.join(ROOT, 'lib', 'manifests', 'validation-plugin.js');
  const source = path.join(ROOT, 'src', 'manifests', 'validation-plugin.ts');

  beforeAll(() => {
    // cdk8s loads the package's main module, lib/index.js: the build compiles it before the tests.
    if (!fs.existsSync(compiled) || fs.statSync(compiled).mtimeMs < fs.statSync(source).mtimeMs) {
      throw new Error('lib/ is missing or older than src/: run `npx projen compile` before these tests (`npx projen build` does)');
    }
  });

  function synth(env: { [key: string]: string }, ...args: string[]) {
    const output = tempDir();
    const result = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'cdk8s'), ['synth', '--no-check-upgrade', '--output', output, ...args], {
      cwd: EXAMPLE, encoding: 'utf8', env: { ...process.env, ...env, FORCE_COLOR: '0' }, timeout: 120_000,
    });
    return { status: result.status, out: `${result.stdout}\n${result.stderr}`, output };
  }

  test('the clean example synthesizes and the plugin reports success', () => {
    const { status, out, output } = synth({ EXAMPLE_CONFLICT: '0' });
    expect(out).toMatch(/Status\s*│\s*success/);
    expect(status).toBe(0);
    expect(fs.readdirSync(output)).toContain('notebooks.k8s.yaml');
  });

  test('a conflict fails the synth, and the report names the rule and the construct path', () => {
    const { status, out } = synth({ EXAMPLE_CONFLICT: '1' });
    expect(status).toBe(2);
    expect(out).toMatch(/Status\s*│\s*failure/);
    expect(out).toContain('mount-path-conflict');
    expect(out).toMatch(/Construct Path: notebooks\/docker-(mirror|registry)/);
    expect(out).toContain('Validation failed');
    expect(out).not.toContain('change-me');
  });

  test('the same conflict passes without the plugin (--no-validate): cdk8s alone does not see it', () => {
    const { status, out } = synth({ EXAMPLE_CONFLICT: '1' }, '--no-validate');
    expect(out).not.toContain('mount-path-conflict');
    expect(status).toBe(0);
  });
});
