/**
 * Every profile namespace by label (ProfileAccess): a Kyverno ClusterPolicy whose generate rules
 * carry the PodDefaults and clone the Secrets from a source namespace, or ClusterExternalSecrets;
 * every object valid against its project's CRD (test/fixtures: Kyverno v1.19.0, External Secrets
 * v2.9.0); the PodDefault set every profile namespace receives checked at synth like one
 * namespace, and by `check` for policies it did not write; literal text escaped for Kyverno and
 * read back by Kyverno's own expressions in Go's regexp engine (test/oracles/kyverno-vars).
 */
import { execFileSync, spawnSync } from 'child_process';
import * as path from 'path';
import { ApiObject, App, Chart, Testing } from 'cdk8s';
import * as fc from 'fast-check';
import {
  checkManifests, Config, DockerConfig, DockerConfigurationProvider, ExistingPodDefault, ExternalStoreKind, NotebookAccess, ProfileAccess,
  ProfileSecrets, S3ConfigurationProvider, SecretOutput,
} from '../src';
import { describeWithTool, tempDir } from './support/kubectl';
import { clusterExternalSecretSchemaErrors, clusterPolicySchemaErrors, podDefaultSchemaErrors } from './support/schema';
import { errorOf, synthError } from './support/synth';
import { kyvernoLiteral, kyvernoReads } from '../src/formats/kyverno-text';

const PROFILE = { 'app.kubernetes.io/part-of': 'kubeflow-profile' };

function config(): Config {
  return new Config({
    dockerConfigProvider: DockerConfigurationProvider.fromConfig(DockerConfig.fromRegistries([{ server: 'registry.example.com', username: 'ci', password: 'pw-123456' }])),
    storageConfigProvider: S3ConfigurationProvider.fromEnv({ AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE0', AWS_SECRET_ACCESS_KEY: 'secret-example-0', S3_ENDPOINT: 'http://minio.kubeflow:9000' }),
  });
}

function externalConfig(): Config {
  return new Config({
    dockerConfigProvider: DockerConfigurationProvider.fromRegistryServers(['registry.example.com']),
    storageConfigProvider: S3ConfigurationProvider.forExternalStore({ s3Endpoint: 'http://minio.kubeflow:9000' }),
  });
}

const external = (remoteKey: string) => SecretOutput.external({ store: 'vault', storeKind: ExternalStoreKind.CLUSTER_SECRET_STORE, remoteKey });

/** A chart without a namespace (the platform stack's), in a fresh App. */
function platform(): Chart {
  return new Chart(Testing.app(), 'platform');
}

const byKind = (manifests: any[], kind: string) => manifests.filter((m) => m.kind === kind);

describe('ProfileAccess with Secrets cloned from a source namespace (the default)', () => {
  const chart = platform();
  const access = new ProfileAccess(chart, 'Profiles', { config: config() });
  const manifests = Testing.synth(chart);
  const [policy] = byKind(manifests, 'ClusterPolicy');

  test('writes the Secrets once, in the source namespace, and no PodDefault object', () => {
    expect(byKind(manifests, 'Secret').map((s) => `${s.metadata.namespace}/${s.metadata.name}`)).toEqual(['kubeflow/docker-secret', 'kubeflow/aws-configuration']);
    expect(byKind(manifests, 'PodDefault')).toEqual([]);
    expect(access.podDefaults.map((p) => p.name)).toEqual(['docker-config', 'aws-configuration']);
  });

  test('a generate rule per Secret (clone) and per PodDefault (data), triggered by every namespace with the profile label', () => {
    expect(policy.metadata.name).toBe('kubeflow-notebook-credentials');
    expect(policy.spec.rules.map((r: any) => r.name)).toEqual(['clone-docker-secret', 'clone-aws-configuration', 'poddefault-docker-config', 'poddefault-aws-configuration']);
    for (const rule of policy.spec.rules) {
      expect(rule.match).toEqual({ any: [{ resources: { kinds: ['Namespace'], selector: { matchLabels: PROFILE } } }] });
      expect(rule.generate).toMatchObject({ synchronize: true, generateExisting: true, namespace: '{{request.object.metadata.name}}' });
    }
    expect(policy.spec.rules[0].generate).toEqual(expect.objectContaining({ apiVersion: 'v1', kind: 'Secret', name: 'docker-secret', clone: { namespace: 'kubeflow', name: 'docker-secret' } }));
    const docker = policy.spec.rules[2].generate;
    expect(docker).toEqual(expect.objectContaining({ apiVersion: 'kubeflow.org/v1alpha1', kind: 'PodDefault', name: 'docker-config' }));
    expect(docker.data.spec.volumes).toEqual([{ name: 'docker-secret-volume', secret: { secretName: 'docker-secret' } }]);
    expect(docker.data.metadata).toBeUndefined();
  });

  test('the PodDefault each namespace receives is valid against the PodDefault CRD', () => {
    for (const rule of policy.spec.rules.filter((r: any) => r.generate.kind === 'PodDefault')) {
      const generated = { apiVersion: rule.generate.apiVersion, kind: 'PodDefault', metadata: { name: rule.generate.name, namespace: 'team-a' }, ...rule.generate.data };
      expect(podDefaultSchemaErrors(generated)).toEqual([]);
    }
  });

  test('the policy, and a ClusterRole aggregated into Kyverno\'s background controller for PodDefaults and Secrets', () => {
    expect(clusterPolicySchemaErrors(policy)).toEqual([]);
    const [role] = byKind(manifests, 'ClusterRole');
    expect(role.metadata.labels['rbac.kyverno.io/aggregate-to-background-controller']).toBe('true');
    expect(role.rules.map((r: any) => `${r.apiGroups[0]}/${r.resources[0]}`)).toEqual(['kubeflow.org/poddefaults', '/secrets']);
    expect(role.rules[0].verbs).toEqual(expect.arrayContaining(['create', 'update', 'delete', 'get', 'list', 'watch']));
  });

  test('a policy with an invalid rule is refused by the CRD (the validator can fail)', () => {
    const broken = JSON.parse(JSON.stringify(policy));
    broken.spec.rules[0].generate.clone.nameTypo = 'x';
    expect(clusterPolicySchemaErrors(broken).length).toBeGreaterThan(0);
  });
});

describe('ProfileAccess with ClusterExternalSecrets', () => {
  test('one ClusterExternalSecret per Secret, selecting the profile namespaces; no credential value in the process', () => {
    const chart = platform();
    new ProfileAccess(chart, 'Profiles', {
      config: externalConfig(),
      secrets: ProfileSecrets.clusterExternalSecrets(),
      docker: { output: external('kubeflow/docker') },
      storage: { output: external('kubeflow/s3') },
    });
    const manifests = Testing.synth(chart);
    expect(byKind(manifests, 'Secret')).toEqual([]);
    expect(byKind(manifests, 'ExternalSecret')).toEqual([]);
    const ces = byKind(manifests, 'ClusterExternalSecret');
    expect(ces.map((c) => c.metadata.name)).toEqual(['kubeflow-notebook-credentials-docker-secret', 'kubeflow-notebook-credentials-aws-configuration']);
    for (const c of ces) {
      expect(clusterExternalSecretSchemaErrors(c)).toEqual([]);
      expect(c.spec.namespaceSelectors).toEqual([{ matchLabels: PROFILE }]);
      expect(c.spec.externalSecretSpec.secretStoreRef).toEqual({ name: 'vault', kind: 'ClusterSecretStore' });
    }
    expect(ces[0].spec.externalSecretSpec.target.template.data['config.json']).toContain('registry0_password');
    const [policy] = byKind(manifests, 'ClusterPolicy');
    expect(policy.spec.rules.map((r: any) => r.name)).toEqual(['poddefault-docker-config', 'poddefault-aws-configuration']);
    expect(clusterPolicySchemaErrors(policy)).toEqual([]);
    // Kyverno clones nothing: its role needs no Secrets.
    expect(byKind(manifests, 'ClusterRole')[0].rules.map((r: any) => r.resources[0])).toEqual(['poddefaults']);
  });

  test('a ClusterExternalSecret with a field the CRD does not have is refused by the CRD', () => {
    expect(clusterExternalSecretSchemaErrors({ apiVersion: 'external-secrets.io/v1', kind: 'ClusterExternalSecret', metadata: { name: 'x' }, spec: { namespaceSelectorz: [] } }).length)
      .toBeGreaterThan(0);
  });

  test('needs external output for every Secret it makes', () => {
    const message = errorOf(() => new ProfileAccess(platform(), 'Profiles', { config: config(), secrets: ProfileSecrets.clusterExternalSecrets() }));
    expect(message).toMatch(/\[platform\/Profiles\] ProfileSecrets.clusterExternalSecrets\(\) makes Secrets from a store: docker.output must be SecretOutput.external/);
    expect(message).not.toContain('pw-123456');
    // An existing Secret needs none.
    expect(() => new ProfileAccess(platform(), 'Profiles', {
      config: externalConfig(), secrets: ProfileSecrets.clusterExternalSecrets(), docker: { existingSecret: 'regcred' }, storage: { output: external('kubeflow/s3') },
    })).not.toThrow();
  });
});

describe('ProfileAccess options', () => {
  test('namespaceLabels choose the namespaces; invalid labels are refused with the rule', () => {
    const chart = platform();
    new ProfileAccess(chart, 'Profiles', { config: config(), namespaceLabels: { 'example.com/notebooks': 'enabled' } });
    const [policy] = byKind(Testing.synth(chart), 'ClusterPolicy');
    expect(policy.spec.rules[0].match.any[0].resources.selector).toEqual({ matchLabels: { 'example.com/notebooks': 'enabled' } });
    expect(errorOf(() => new ProfileAccess(platform(), 'P', { config: config(), namespaceLabels: { 'bad key!': 'x' } }))).toMatch(/namespaceLabels key "bad key!" is not a valid label key .*\[label, kubernetes\]/);
    expect(errorOf(() => new ProfileAccess(platform(), 'P', { config: config(), namespaceLabels: {} }))).toMatch(/at least one label/);
  });

  test('the source namespace and the policy name are checked', () => {
    expect(errorOf(() => ProfileSecrets.cloneFrom('Kubeflow_NS'))).toMatch(/ProfileSecrets.cloneFrom\(\)\] namespace "Kubeflow_NS"/);
    expect(errorOf(() => new ProfileAccess(platform(), 'P', { config: config(), policyName: 'x'.repeat(64) }))).toMatch(/policyName .*\[object-name, kubernetes\]/);
    const chart = platform();
    new ProfileAccess(chart, 'P', { config: config(), policyName: 'ml-credentials', secrets: ProfileSecrets.cloneFrom('platform-secrets'), synchronize: false, generateExisting: false, kyvernoRole: false });
    const manifests = Testing.synth(chart);
    expect(byKind(manifests, 'ClusterRole')).toEqual([]);
    expect(byKind(manifests, 'Secret').map((s) => s.metadata.namespace)).toEqual(['platform-secrets', 'platform-secrets']);
    const [policy] = byKind(manifests, 'ClusterPolicy');
    expect(policy.metadata.name).toBe('ml-credentials');
    expect(policy.spec.rules[0].generate).toMatchObject({ synchronize: false, generateExisting: false, clone: { namespace: 'platform-secrets' } });
  });

  test('a long name makes a rule name of at most 63 characters, stable and distinct', () => {
    const chart = platform();
    const long = `a${'b'.repeat(60)}`;
    new ProfileAccess(chart, 'P', { config: config(), docker: { secretName: `${long}-1`, podDefaultName: 'docker-config' }, storage: { secretName: `${long}-2` } });
    const names = byKind(Testing.synth(chart), 'ClusterPolicy')[0].spec.rules.map((r: any) => r.name);
    expect(names.every((n: string) => n.length <= 63 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(n))).toBe(true);
    expect(new Set(names).size).toBe(names.length);
  });

  test('what is added to a PodDefault after construction reaches every namespace', () => {
    const chart = platform();
    const access = new ProfileAccess(chart, 'P', { config: config() });
    access.podDefaults[1].addEnv('AWS_REGION', { value: 'eu-west-1' } as any);
    const rule = byKind(Testing.synth(chart), 'ClusterPolicy')[0].spec.rules.find((r: any) => r.name === 'poddefault-aws-configuration');
    expect(rule.generate.data.spec.env).toEqual([{ name: 'AWS_REGION', value: 'eu-west-1' }]);
  });

  test('two synths are byte-identical', () => {
    const make = () => {
      const app = new App({ outdir: tempDir() });
      const chart = new Chart(app, 'platform');
      new ProfileAccess(chart, 'P', { config: config() });
      return app.synthYaml();
    };
    expect(make()).toBe(make());
  });
});

describe('the PodDefault set every profile namespace receives is checked at synth like one namespace', () => {
  test('a conflict with a PodDefault declared in every profile namespace is found, naming the set', () => {
    const chart = platform();
    new ProfileAccess(chart, 'P', { config: config() });
    new ExistingPodDefault(chart, 'Other', {
      name: 'team-registry',
      namespaceLabels: PROFILE,
      spec: { desc: 'Team registry', selector: { matchLabels: { 'team-registry': 'true' } }, volumeMounts: [{ name: 'x', mountPath: '/home/kubeflow/.docker/' }], volumes: [{ name: 'x', secret: { secretName: 'x' } }] },
    });
    const message = synthError(chart);
    expect(message).toMatch(/every namespace labelled app.kubernetes.io\/part-of=kubeflow-profile/);
    expect(message).toMatch(/\[mount-path-conflict, webhook\]/);
    expect(message).toMatch(/platform\/P\/Policy/);
    expect(message).not.toContain('pw-123456');
  });

  test('Kubeflow Pipelines\' access-ml-pipeline in every profile is no conflict', () => {
    const chart = platform();
    new ProfileAccess(chart, 'P', { config: config() });
    ExistingPodDefault.accessMlPipeline(chart, 'Pipelines', { namespaceLabels: PROFILE });
    expect(() => Testing.synth(chart)).not.toThrow();
  });

  test('a PodDefault declared in namespaces with other labels is not in the set', () => {
    const chart = platform();
    new ProfileAccess(chart, 'P', { config: config() });
    new ExistingPodDefault(chart, 'Other', {
      name: 'team-registry',
      namespaceLabels: { team: 'platform' },
      spec: { desc: 'Team registry', selector: { matchLabels: { 'team-registry': 'true' } }, volumeMounts: [{ name: 'x', mountPath: '/home/kubeflow/.docker/' }], volumes: [{ name: 'x', secret: { secretName: 'x' } }] },
    });
    expect(() => Testing.synth(chart)).not.toThrow();
  });

  test('namespace and namespaceLabels together are refused', () => {
    expect(errorOf(() => new ExistingPodDefault(platform(), 'X', { name: 'x', namespace: 'team-a', namespaceLabels: PROFILE, spec: {} }))).toMatch(/exclusive/);
  });

  test('a Kubeflow Profile of the App is a profile namespace: what NotebookAccess writes there meets what the policy generates', () => {
    const make = (profileName: string) => {
      const chart = platform();
      new ApiObject(chart, 'Profile', { apiVersion: 'kubeflow.org/v1', kind: 'Profile', metadata: { name: profileName }, spec: { owner: { kind: 'User', name: 'a@example.com' } } });
      new ProfileAccess(chart, 'P', { config: config() });
      new NotebookAccess(chart, 'Listed', { config: config(), namespaces: ['team-a'], storage: { offer: false }, docker: { podDefaultName: 'registry', secretName: 'team-registry' } });
      return chart;
    };
    const message = synthError(make('team-a'));
    expect(message).toMatch(/namespace "team-a"/);
    expect(message).toMatch(/mount-path-conflict/);
    // Another profile: team-a is listed only, and receives nothing by label the App knows of.
    expect(() => Testing.synth(make('team-b'))).not.toThrow();
  });

  test('a Namespace of the App with the labels gets the set; one without them does not', () => {
    const make = (labels: Record<string, string>) => {
      const chart = platform();
      new ApiObject(chart, 'Ns', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a', labels } });
      new ProfileAccess(chart, 'P', { config: config() });
      ExistingPodDefault.accessMlPipeline(chart, 'X', { namespace: 'team-a' });
      new ExistingPodDefault(chart, 'Y', { name: 'dup', namespace: 'team-a', spec: { desc: 'Dup', selector: { matchLabels: { 'docker-config': 'true' } } } });
      return chart;
    };
    expect(synthError(make(PROFILE))).toMatch(/shared-selector/);
    expect(() => Testing.synth(make({ team: 'a' }))).not.toThrow();
  });
});

describe('check reads Kyverno policies and ClusterExternalSecrets it did not write', () => {
  const policy = (rules: any[]) => ({ apiVersion: 'kyverno.io/v1', kind: 'ClusterPolicy', metadata: { name: 'profile-defaults' }, spec: { rules } });
  const podDefaultRule = (name: string, mountPath: string, match: any = { any: [{ resources: { kinds: ['Namespace'], selector: { matchLabels: PROFILE } } }] }) => ({
    name: `pd-${name}`,
    match,
    generate: {
      apiVersion: 'kubeflow.org/v1alpha1',
      kind: 'PodDefault',
      name,
      namespace: '{{request.object.metadata.name}}',
      synchronize: true,
      data: { spec: { desc: name, selector: { matchLabels: { [name]: 'true' } }, volumes: [{ name, secret: { secretName: name } }], volumeMounts: [{ name, mountPath }] } },
    },
  });

  test('two generated PodDefaults on one path conflict in every namespace with the label', () => {
    const problems = checkManifests([policy([podDefaultRule('a', '/home/jovyan/.aws'), podDefaultRule('b', '/home/jovyan/.aws')])], { file: 'policy.yaml' });
    expect(problems.map((p) => p.rule)).toContain('mount-path-conflict');
    expect(problems[0].file).toBe('policy.yaml');
    expect(problems[0].object).toBe('ClusterPolicy profile-defaults');
    expect(problems.find((p) => p.rule === 'mount-path-conflict')!.message).toMatch(/every namespace labelled app.kubernetes.io\/part-of=kubeflow-profile/);
    const clean = checkManifests([policy([podDefaultRule('a', '/home/jovyan/.aws'), podDefaultRule('b', '/home/jovyan/.docker')])]);
    expect(clean.filter((p) => p.rule !== 'secret-key-missing')).toEqual([]);
  });

  test('rules matching other labels, or no Namespaces, are other sets', () => {
    const other = { any: [{ resources: { kinds: ['Namespace'], selector: { matchLabels: { team: 'x' } } } }] };
    const pods = { any: [{ resources: { kinds: ['Pod'] } }] };
    expect(checkManifests([policy([podDefaultRule('a', '/p'), podDefaultRule('b', '/p', other), podDefaultRule('c', '/p', pods)])]).map((p) => p.rule)).not.toContain('mount-path-conflict');
  });

  test('a cloned Secret brings the source\'s keys; a ClusterExternalSecret its target keys', () => {
    const source = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'aws', namespace: 'kubeflow' }, data: { AWS_ACCESS_KEY_ID: 'QUtJQQ==', AWS_SECRET_ACCESS_KEY: 'c2VjcmV0' } };
    const envFrom = (name: string) => ({
      name: `pd-${name}`,
      match: { any: [{ resources: { kinds: ['Namespace'], selector: { matchLabels: PROFILE } } }] },
      generate: {
        apiVersion: 'kubeflow.org/v1alpha1',
        kind: 'PodDefault',
        name,
        namespace: '{{request.object.metadata.name}}',
        data: { spec: { desc: name, selector: { matchLabels: { [name]: 'true' } }, envFrom: [{ secretRef: { name } }] } },
      },
    });
    const clone = { name: 'clone', match: envFrom('x').match, generate: { apiVersion: 'v1', kind: 'Secret', name: 'aws', namespace: '{{request.object.metadata.name}}', clone: { namespace: 'kubeflow', name: 'aws' } } };
    const ces = {
      apiVersion: 'external-secrets.io/v1',
      kind: 'ClusterExternalSecret',
      metadata: { name: 'minio' },
      spec: { externalSecretName: 'minio', namespaceSelectors: [{ matchLabels: PROFILE }], externalSecretSpec: { secretStoreRef: { name: 'v', kind: 'ClusterSecretStore' }, target: { name: 'minio' }, data: [{ secretKey: 'AWS_ACCESS_KEY_ID', remoteRef: { key: 'k' } }, { secretKey: 'AWS_SECRET_ACCESS_KEY', remoteRef: { key: 'k' } }] } },
    };
    expect(clusterExternalSecretSchemaErrors(ces)).toEqual([]);
    const problems = checkManifests([source, policy([clone, envFrom('aws'), envFrom('minio')]), ces]);
    expect(problems.length).toBeGreaterThan(0);
    expect(new Set(problems.map((p) => p.rule))).toEqual(new Set(['env-from-overlap']));
    expect(problems[0].message).toMatch(/AWS_ACCESS_KEY_ID/);
    // Without the source among the inputs, the clone's keys are unknown: no overlap is claimed.
    expect(checkManifests([policy([clone, envFrom('aws'), envFrom('minio')]), ces]).map((p) => p.rule)).not.toContain('env-from-overlap');
  });

  test('escaped text in a rule is read as Kyverno reads it', () => {
    const rule = podDefaultRule('a', '/p');
    rule.generate.data.spec.desc = 'a \\{{b}}';
    const problems = checkManifests([policy([rule])]);
    expect(problems.map((p) => p.rule)).not.toContain('desc');
  });
});

describe('literal text in generate rules', () => {
  test('{{ and $( in a PodDefault are escaped, and read back as written', () => {
    const chart = platform();
    new ProfileAccess(chart, 'P', { config: config(), docker: { desc: 'Docker {{ registry }} for $(USER)' } });
    const access = byKind(Testing.synth(chart), 'ClusterPolicy')[0].spec.rules.find((r: any) => r.name === 'poddefault-docker-config');
    expect(access.generate.data.spec.desc).toBe('Docker \\{{ registry }} for \\$(USER)');
    expect(kyvernoReads(access.generate.data.spec.desc)).toBe('Docker {{ registry }} for $(USER)');
  });

  test('text that no escape reads back is refused, naming the PodDefault and the field, never the text', () => {
    const chart = platform();
    const access = new ProfileAccess(chart, 'P', { config: config() });
    access.podDefaults[1].addEnv('NOTE', { value: '$(a$(s3cr3t-v4lue)' } as any);
    const message = synthError(chart);
    expect(message).toMatch(/\[platform\/P\/Policy\] PodDefault "aws-configuration".spec.env\[0\].value has text that Kyverno would read as a variable .*\[kyverno-text, runtime\]/);
    expect(message).not.toContain('s3cr3t');
  });

  test('cases read as Kyverno reads them', () => {
    const cases: Array<[string, string | undefined]> = [
      ['plain', 'plain'], ['{{x}}', undefined], ['\\{{x}}', '{{x}}'], ['$(x)', undefined], ['\\$(x)', '$(x)'], ['$(a b)', '$(a b)'],
      ['{x}', '{x}'], ['{{', '{{'], ['a{{{x}}}', undefined], ['$()', '$()'], ['x$(y)', undefined], ['x\\$(y) z', 'x$(y) z'],
    ];
    for (const [text, read] of cases) {
      expect([text, kyvernoReads(text)]).toEqual([text, read]);
    }
    expect(kyvernoLiteral('{{{x}}}')).toBe('{\\{{x}}}');
    expect(kyvernoLiteral('\\$(a)')).toBe('\\\\$(a)');
    expect(kyvernoLiteral('$(a$(b)')).toBeUndefined();
  });
});

const HAVE_GO = spawnSync('go', ['version'], { stdio: 'ignore' }).status === 0;

describeWithTool('go', HAVE_GO, 'Kyverno\'s expressions in Go\'s regexp engine (test/oracles/kyverno-vars)', () => {
  let oracle = '';
  const goReads = (texts: string[]): Array<string | undefined> => {
    if (!oracle) {
      oracle = path.join(tempDir(), 'kyverno-vars');
      execFileSync('go', ['build', '-o', oracle, '.'], {
        cwd: path.join(__dirname, 'oracles', 'kyverno-vars'),
        env: { ...process.env, GO111MODULE: 'off', GOPATH: tempDir(), GOCACHE: path.join(tempDir(), 'gocache'), GOFLAGS: '' },
        stdio: 'pipe',
      });
    }
    const results = JSON.parse(execFileSync(oracle, { input: JSON.stringify(texts), encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 }));
    return results.map((r: any) => (r.ok ? r.value : undefined));
  };
  const alphabet = fc.constantFrom('{', '}', '$', '(', ')', '\\', ' ', '\n', 'a', '.', '@', 'é', '😀');
  const texts = fc.sample(fc.array(alphabet, { maxLength: 24 }).map((a) => a.join('')), { numRuns: 4000, seed: 18 });
  const known = ['Docker {{ registry }} for $(USER)', '$(HOME)/.aws', 'a{{/*x*/}}b', '{{{{', '{{{x}}}', '\\{{x}}', '$($($(a)))', '\\\\$(a)', '$(\n)', '$(😀)'];
  const all = [...known, ...texts];

  test('our reading of every text equals Kyverno\'s expressions\' in Go', () => {
    const go = goReads(all);
    const differ = all.filter((t, i) => kyvernoReads(t) !== go[i]);
    expect(differ).toEqual([]);
  });

  test('every escaped text is read back by Go as written; refused ones are few and each truly fails', () => {
    const escaped = all.map((t) => kyvernoLiteral(t));
    const written = escaped.filter((e): e is string => e !== undefined);
    const go = goReads(written);
    expect(go).toEqual(all.filter((_, i) => escaped[i] !== undefined));
    const refused = all.filter((_, i) => escaped[i] === undefined);
    expect(refused.length).toBeLessThan(all.length / 20);
    for (const text of refused) {
      // The plain text is not read as itself either.
      expect(kyvernoReads(text)).not.toBe(text);
    }
  });
});

describe('Secrets that two writers make in every profile namespace', () => {
  test('two ProfileAccess cloning the same Secret name from different sources: two versions', () => {
    const chart = platform();
    new ProfileAccess(chart, 'One', { config: config(), storage: { offer: false } });
    new ProfileAccess(chart, 'Two', { config: config(), storage: { offer: false }, policyName: 'two', secrets: ProfileSecrets.cloneFrom('other') });
    expect(synthError(chart)).toMatch(/\[platform\/Two\/Policy\] two versions of Secret "docker-secret" in every namespace labelled app.kubernetes.io\/part-of=kubeflow-profile: this one \(cloned from other\/docker-secret\) and \[platform\/One\/Policy rule "clone-docker-secret"\] \(cloned from kubeflow\/docker-secret\) differ/);
  });

  test('a clone into a Profile\'s namespace where the App writes the same Secret name: two versions; the same source twice: one', () => {
    const make = (secretName: string) => {
      const chart = platform();
      new ApiObject(chart, 'Profile', { apiVersion: 'kubeflow.org/v1', kind: 'Profile', metadata: { name: 'team-a' }, spec: {} });
      new ProfileAccess(chart, 'P', { config: config(), storage: { offer: false } });
      new NotebookAccess(chart, 'Listed', { config: config(), namespaces: ['team-a'], storage: { offer: false }, docker: { secretName, podDefaultName: 'docker-config' } });
      return chart;
    };
    expect(synthError(make('docker-secret'))).toMatch(/two versions of Secret "docker-secret" in namespace "team-a"/);
    const chart = platform();
    new ProfileAccess(chart, 'P', { config: config(), storage: { offer: false } });
    new ProfileAccess(chart, 'Q', { config: config(), storage: { offer: false }, policyName: 'q' });
    expect(() => Testing.synth(chart)).not.toThrow();
  });
});
