/**
 * The hostile-input suite's cases (test/hostile-bounds.test.ts runs each in its own worker thread,
 * with a heap limit and a deadline). Each case builds its input around a canary, a value that
 * must never be printed, runs one entry point (the `check` CLI, a parser, a construct, a
 * factory), and returns what came out: the outcome and every text a user could see (messages,
 * stdout, stderr, the printers' renderings of the objects made).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as util from 'util';
import { Testing } from 'cdk8s';
import { format as prettyFormat, plugins } from 'pretty-format';
import {
  AwsCredentialsFile, AwsFileCredentials, checkManifests, Config, DockerConfig, DockerConfigurationProvider, DockerCredentials, ProfileAccess,
  SealingCertificate,
} from '../../src';
import { main } from '../../src/manifests/cli';

/** A value that must never appear in any output. */
export const CANARY = 'Kq7CanaryZ9x';

/** What a case produced. */
export interface CaseResult {
  /** `exit N` for the CLI, `accepted`, or `refused [rule]` for the library. */
  readonly outcome: string;
  /** Every text a user could see. */
  readonly outputs: string[];
  /** Lines the CLI printed (for amplification bounds). */
  readonly lines?: number;
}

/** One case: its input and entry point, the outcome expected, and its bounds. */
export interface HostileCase {
  readonly name: string;
  readonly expect: string | RegExp;
  /** A deadline far above the linear cost (a quadratic or hanging run exceeds it). */
  readonly seconds: number;
  /** The worker's heap limit. */
  readonly heapMb: number;
  /** The most lines the CLI may print. */
  readonly maxLines?: number;
  readonly run: () => CaseResult;
}

const dir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'kf-hostile-'));

function file(name: string, content: string | Buffer): string {
  const target = path.join(dir(), name);
  fs.writeFileSync(target, content);
  return target;
}

function cli(...argv: string[]): CaseResult {
  const out: string[] = [];
  const err: string[] = [];
  const status = main(argv, (l) => out.push(l), (l) => err.push(l));
  return { outcome: `exit ${status}`, outputs: [...out, ...err], lines: out.length + err.length };
}

/** The outcome of a library call, the error message if it threw, and the printers' views of its result. */
function library(make: () => unknown): CaseResult {
  try {
    const made = make();
    return { outcome: 'accepted', outputs: printed(made) };
  } catch (e) {
    const message = (e as Error).message;
    const rule = /\[([a-z0-9-]+), [a-z-]+\]/.exec(message)?.[1] ?? (e as Error).constructor.name;
    return { outcome: `refused [${rule}]`, outputs: [message, String((e as Error).stack)] };
  }
}

/** How generic printers show a value: util.inspect with and without custom inspection, jest's pretty-format, JSON.stringify. */
function printed(value: unknown): string[] {
  if (value === undefined || value === null) {
    return [];
  }
  return [
    util.inspect(value, { depth: 8 }),
    util.inspect(value, { depth: 8, customInspect: false }),
    prettyFormat(value, { plugins: Object.values(plugins), maxDepth: 8 }),
    safeJson(value),
  ];
}

function safeJson(value: unknown): string {
  const seen = new WeakSet();
  return JSON.stringify(value, (_, v) => {
    if (v && typeof v === 'object') {
      if (seen.has(v)) {
        return '[cycle]';
      }
      seen.add(v);
    }
    return v;
  }) ?? '';
}

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const auth = (password: string) => b64(`user:${password}`);
const secret = (name: string, stringData: Record<string, string>, type = 'Opaque') => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: 'ns' }, type, stringData });
const yamlOf = (objects: unknown[]) => objects.map((o) => JSON.stringify(o)).join('\n---\n');

function chartWith(make: (chart: ReturnType<typeof Testing.chart>) => unknown): unknown {
  const chart = Testing.chart();
  const made = make(chart);
  Testing.synth(chart);
  return [made, chart];
}

/** Every profile namespace given MinIO storage whose PodDefault also has a literal `NOTE` variable. */
function profileWithValue(value: string): unknown {
  return chartWith((chart) => {
    const access = new ProfileAccess(chart, 'P', { config: new Config({ dockerConfigProvider: DockerConfigurationProvider.fromRegistryServers(['ghcr.io']) }), docker: { offer: false } });
    access.podDefaults[0].addEnv('NOTE', { value } as any);
    return access;
  });
}

function nestedMountPodDefaults(n: number): unknown[] {
  return Array.from({ length: n }, (_, i) => ({
    apiVersion: 'kubeflow.org/v1alpha1',
    kind: 'PodDefault',
    metadata: { name: `pd${i}`, namespace: 'ns' },
    spec: {
      desc: `d${i}`,
      selector: { matchLabels: { [`pd${i}`]: 'true' } },
      volumes: [{ name: `v${i}`, secret: { secretName: 's' } }],
      volumeMounts: [{ name: `v${i}`, mountPath: `/m/${Array.from({ length: i + 1 }, (__, k) => k).join('/')}` }],
    },
  }));
}

export const CASES: HostileCase[] = [
  // YAML and JSON, through the check command.
  {
    name: 'YAML: an alias to no anchor, next to a password',
    expect: 'exit 2',
    seconds: 20,
    heapMb: 256,
    run: () => cli('check', file('a.yaml', `apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData:\n  password: *${CANARY}\n`)),
  },
  {
    name: 'YAML: a billion-laughs document',
    expect: 'exit 2',
    seconds: 20,
    heapMb: 256,
    run: () => cli('check', file('b.yaml', ['a: &a ["x","x","x","x","x","x","x","x","x"]', ...'bcdefghij'.split('').map((c, i) => `${c}: &${c} [${Array(9).fill(`*${'abcdefghij'[i]}`).join(',')}]`), `p: ${CANARY}`].join('\n'))),
  },
  {
    name: 'YAML: a merge key that is not a map',
    expect: 'exit 2',
    seconds: 20,
    heapMb: 256,
    run: () => cli('check', file('m.yaml', `a: {<<: 5}\npassword: ${CANARY}\n`)),
  },
  {
    name: 'YAML: nesting 100,000 deep',
    expect: 'exit 2',
    seconds: 30,
    heapMb: 512,
    run: () => cli('check', file('d.yaml', `${'['.repeat(100_000)}${CANARY}${']'.repeat(100_000)}`)),
  },
  {
    name: 'JSON: nesting 50,000 deep',
    expect: 'exit 2',
    seconds: 30,
    heapMb: 512,
    run: () => cli('check', file('d.json', `${'{"a":'.repeat(50_000)}"${CANARY}"${'}'.repeat(50_000)}`)),
  },
  {
    name: 'binary bytes',
    expect: /^exit [02]$/,
    seconds: 20,
    heapMb: 256,
    run: () => cli('check', file('x.yaml', Buffer.concat([Buffer.from(Array.from({ length: 65_536 }, (_, i) => (i * 7919) % 256)), Buffer.from(CANARY)]))),
  },
  {
    name: 'a device that never ends (/dev/zero)',
    expect: 'exit 2',
    seconds: 20,
    heapMb: 256,
    run: () => cli('check', '/dev/zero'),
  },
  {
    name: 'a 50 MB file of Secrets',
    expect: 'exit 0',
    seconds: 120,
    heapMb: 1024,
    run: () => {
      const one = (i: number) => `apiVersion: v1\nkind: Secret\nmetadata:\n  name: s${i}\n  namespace: ns\ndata:\n${Array.from({ length: 20 }, (_, k) => `  K${k}: ${b64(`v${k}${'x'.repeat(40)}`)}`).join('\n')}\n`;
      const docs: string[] = [];
      let size = 0;
      for (let i = 0; size < 50e6; i++) {
        docs.push(one(i));
        size += docs[docs.length - 1].length + 5;
      }
      return cli('check', file('big.yaml', docs.join('---\n')));
    },
  },
  {
    name: '2,000 PodDefaults whose mounts nest in each other: output grows linearly',
    expect: 'exit 1',
    seconds: 120,
    heapMb: 1024,
    maxLines: 2_000 * 12,
    run: () => cli('check', file('nested.yaml', yamlOf(nestedMountPodDefaults(2_000)))),
  },
  {
    name: 'a config.json with a 500-digit number, checked',
    expect: 'exit 0',
    seconds: 20,
    heapMb: 256,
    run: () => cli('check', file('n.yaml', yamlOf([secret('d', { '.dockerconfigjson': `{"auths":{"ghcr.io":{"auth":"${auth(CANARY)}"}},"n":${'9'.repeat(500)}}` }, 'kubernetes.io/dockerconfigjson')]))),
  },
  {
    name: 'a Secret with a 4 MB auth, checked',
    expect: 'exit 1',
    seconds: 30,
    heapMb: 512,
    run: () => {
      const config = `{"auths":{"ghcr.io":{"auth":"${auth(CANARY + 'p'.repeat(3_000_000))}"}}}`;
      const manifest = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'd', namespace: 'ns' }, type: 'kubernetes.io/dockerconfigjson', data: { '.dockerconfigjson': b64(config) } };
      return cli('check', file('big-auth.yaml', yamlOf([manifest])));
    },
  },
  {
    name: 'names with terminal controls and bidirectional overrides are printed escaped',
    expect: 'exit 1',
    seconds: 20,
    heapMb: 256,
    run: () => cli('check', file('c.yaml', yamlOf([{ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'x\u001b[2K\u202evisible\u0007', namespace: 'ns' }, stringData: { password: CANARY } }]))),
  },
  // Credential inputs, through the library.
  {
    name: 'an AWS credentials file: a 1 MiB run of whitespace inside a value',
    expect: 'refused [aws-key-whitespace]',
    seconds: 10,
    heapMb: 256,
    run: () => library(() => AwsCredentialsFile.fromText(`[default]\naws_access_key_id = AKIA${' '.repeat(1_000_000)}x\naws_secret_access_key = ${CANARY}\n`)),
  },
  {
    name: 'an AWS credentials file: a 1 MiB of whitespace lines between keys',
    expect: 'accepted',
    seconds: 10,
    heapMb: 256,
    run: () => library(() => AwsCredentialsFile.fromText(`[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\n${`${' '.repeat(1_000)}\n`.repeat(1_000)}aws_secret_access_key = ${CANARY}\n`)),
  },
  {
    name: 'an AWS credentials file: a 1 MiB key name of spaces before "="',
    expect: /^refused \[aws-/,
    seconds: 10,
    heapMb: 256,
    run: () => library(() => AwsCredentialsFile.fromText(`[default]\naws_access_key_id${' '.repeat(1_000_000)}x = ${CANARY}\n`)),
  },
  {
    name: 'a 1 MiB config.json',
    expect: 'accepted',
    seconds: 10,
    heapMb: 256,
    run: () => library(() => {
      const base = JSON.stringify({ auths: { 'ghcr.io': { auth: auth(CANARY) } }, padding: '' });
      return DockerConfig.fromJson(base.replace('"padding":""', `"padding":"${' '.repeat(1024 * 1024 - base.length)}"`));
    }),
  },
  {
    name: 'a config.json with a number longer than 400 digits',
    expect: 'accepted',
    seconds: 10,
    heapMb: 256,
    run: () => library(() => DockerConfig.fromJson(`{"auths":{"ghcr.io":{"auth":"${auth(CANARY)}"}},"n":${'1'.repeat(5_000)}}`)),
  },
  {
    name: 'a config.json with a 4 MB auth',
    expect: 'refused [secret-data]',
    seconds: 10,
    heapMb: 256,
    run: () => library(() => DockerConfig.fromJson(`{"auths":{"ghcr.io":{"auth":"${auth(CANARY + 'p'.repeat(3_000_000))}"}}}`)),
  },
  {
    name: '10,000 registries',
    expect: 'accepted',
    seconds: 4,
    heapMb: 512,
    run: () => library(() => chartWith((chart) => new DockerCredentials(chart, 'D', {
      registries: Array.from({ length: 10_000 }, (_, i) => ({ server: `r${i}.example.com`, username: 'u', password: `${CANARY}${i}` })),
    }))),
  },
  {
    name: 'a lone surrogate in a password',
    expect: 'refused [credential-value]',
    seconds: 10,
    heapMb: 256,
    run: () => library(() => DockerConfig.fromRegistries([{ server: 'ghcr.io', username: 'u', password: `${CANARY}\ud800` }])),
  },
  {
    name: 'a zero-width space in an access key',
    expect: 'refused [credential-value]',
    seconds: 10,
    heapMb: 256,
    run: () => library(() => AwsCredentialsFile.fromText(`[default]\naws_access_key_id = AKIA\u200bEXAMPLE\naws_secret_access_key = ${CANARY}\n`)),
  },
  {
    name: 'a right-to-left override and a C1 control in a secret key',
    expect: 'refused [credential-value]',
    seconds: 10,
    heapMb: 256,
    run: () => library(() => chartWith((chart) => new AwsFileCredentials(chart, 'A', { profiles: [{ accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: `${CANARY}\u202e\u0085` }] }))),
  },
  {
    name: 'a credentials construct, printed by every generic printer',
    expect: 'accepted',
    seconds: 10,
    heapMb: 256,
    run: () => library(() => chartWith((chart) => new DockerCredentials(chart, 'D', { registries: [{ server: 'ghcr.io', username: 'u', password: CANARY }] }))),
  },
  // Image references.
  {
    name: 'an image reference of 1,000,000 characters',
    expect: 'refused [docker-required-images]',
    seconds: 10,
    heapMb: 256,
    run: () => library(() => chartWith((chart) => new DockerCredentials(chart, 'D', {
      registries: [{ server: 'ghcr.io', username: 'u', password: CANARY }], requiredImages: [`ghcr.io/${'a-'.repeat(500_000)}!`],
    }))),
  },
  {
    name: 'an image reference with a 1,000,000-character host',
    expect: 'refused [docker-required-images]',
    seconds: 10,
    heapMb: 256,
    run: () => library(() => chartWith((chart) => new DockerCredentials(chart, 'D', {
      registries: [{ server: 'ghcr.io', username: 'u', password: CANARY }], requiredImages: [`${'a-'.repeat(500_000)}.io/x`],
    }))),
  },
  // Certificates.
  {
    name: 'a certificate that is not PEM, holding the canary',
    expect: /^refused/,
    seconds: 10,
    heapMb: 256,
    run: () => library(() => SealingCertificate.fromPem(`-----BEGIN CERTIFICATE-----\n${b64(CANARY).repeat(40)}\n-----END CERTIFICATE-----\n`)),
  },
  {
    name: 'a 1 MiB certificate file of garbage',
    expect: /^refused/,
    seconds: 10,
    heapMb: 256,
    run: () => library(() => SealingCertificate.fromFile(file('cert.pem', `${CANARY}\n`.repeat(80_000)))),
  },
  {
    name: 'checkManifests over a Secret whose config.json holds a password with control characters',
    expect: 'reported',
    seconds: 10,
    heapMb: 256,
    run: () => {
      const problems = checkManifests([secret('d', { '.dockerconfigjson': JSON.stringify({ auths: { 'ghcr.io': { auth: auth(`${CANARY}\u0007\u001b[2J`) } } }) }, 'kubernetes.io/dockerconfigjson')]);
      return { outcome: problems.some((p) => p.rule === 'credential-value') ? 'reported' : 'not reported', outputs: problems.map((p) => p.message) };
    },
  },
  // Literal text in Kyverno generate rules (ProfileAccess), escaped and read back in linear time.
  {
    name: 'a ProfileAccess PodDefault value of 1 MiB of "$(" and "{{" runs',
    expect: 'accepted',
    seconds: 20,
    heapMb: 512,
    run: () => library(() => profileWithValue(`${'$('.repeat(130_000)}${'{{'.repeat(130_000)}${'{{a}'.repeat(65_000)}`)),
  },
  {
    name: 'a ProfileAccess PodDefault value of escaped references that span each other, 1 MiB',
    expect: 'refused [kyverno-text]',
    seconds: 20,
    heapMb: 512,
    run: () => library(() => profileWithValue(`${CANARY}${'$(a'.repeat(350_000)})`)),
  },
  {
    name: 'a Kyverno policy read by check: 1 MiB of "\\$(" and "{{" in a generated PodDefault',
    expect: /^exit [01]$/,
    seconds: 20,
    heapMb: 512,
    run: () => cli('check', file('policy.yaml', yamlOf([{
      apiVersion: 'kyverno.io/v1',
      kind: 'ClusterPolicy',
      metadata: { name: 'p' },
      spec: {
        rules: [{
          name: 'r',
          match: { any: [{ resources: { kinds: ['Namespace'], selector: { matchLabels: { a: 'b' } } } }] },
          generate: {
            apiVersion: 'kubeflow.org/v1alpha1',
            kind: 'PodDefault',
            name: 'pd',
            namespace: '{{request.object.metadata.name}}',
            data: { spec: { desc: `${'\\$(x'.repeat(150_000)}${'{{{x}'.repeat(50_000)}${CANARY}`, selector: { matchLabels: { pd: 'true' } } } },
          },
        }],
      },
    }]))),
  },
];
