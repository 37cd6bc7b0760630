/**
 * Benchmark at platform scale: N profile namespaces × the Kaptain guide's set (3 Secrets and 3
 * PodDefaults each), built and synthesized to YAML once with this library's constructs (every
 * check on) and once with plain cdk8s ApiObjects writing the same manifests.
 *
 *   npx projen bench                      # N = 500, 1000, 2000, 4000, then 10,000 with ours alone
 *   npx projen bench --n 1000,2000 --repeat 5 --big 0 --charts 500,1000 --charts-repeat 3 --check 0
 *
 * Then `check` (the installed command, compiled by the task) on 10,000 namespaces' YAML (`--check N`).
 *
 * Runs alternate (raw, ours, raw, ours, ...) and repeat (more often for small N, so that each
 * median rests on a few seconds of runs); each figure is the median, so machine noise cancels.
 * Both builds share the process, so cdk8s's code has seen both builds' classes: V8 keeps a
 * property access fast for up to four object shapes, and a tree of one ApiObject class alone, in
 * a fresh process, walks 15 to 25% faster than any tree of several classes (this library's, or
 * cdk8s-plus's) — a cost of having classes, not of what they do. The last line is the summary
 * `ratio@<maxN>=X growth=Y rssMB=Z chartsRatio@<maxCharts>=W chartsGrowth=V parsersMaxMs=P checkMs=C checkRssMB=M` (W and
 * V for one chart per namespace; P the slowest of the parser inputs: hostile sizes each parser
 * must read in linear time, well under a second; C and M for `check` on 6N objects).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { AwsCredentialsFile, AwsEnvConfiguration, AwsFileCredentials, checkManifests, DockerConfig, DockerCredentials, S3SignatureVersion } from '../src';

interface Options {
  readonly sizes: number[];
  readonly repeat: number;
  readonly big: number;
  /** Sizes for the one-chart-per-namespace layout; empty to skip it. */
  readonly charts: number[];
  readonly chartsRepeat: number;
  /** Namespaces for the `check` run (six objects each); 0 to skip it. */
  readonly check: number;
}

function parseArgs(argv: string[]): Options {
  const value = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  return {
    sizes: (value('--n') ?? '500,1000,2000,4000').split(',').map(Number),
    repeat: Number(value('--repeat') ?? 5),
    big: Number(value('--big') ?? 10_000),
    charts: (value('--charts') ?? '500,1000,2000').split(',').filter(Boolean).map(Number),
    chartsRepeat: Number(value('--charts-repeat') ?? 3),
    check: Number(value('--check') ?? 10_000),
  };
}

// The same (fake) credentials in every namespace, as a platform stamping one Config would have.
const REGISTRY = { server: 'https://index.docker.io/v1/', username: 'bench-user', password: 'bench-password' };
const PROFILE = { accessKeyId: 'AKIABENCHMARK0000000', secretAccessKey: 'benchSecretKey/000000000000000000000000' };
const ENV = { region: 'us-east-1', s3Endpoint: 'http://minio-service.kubeflow:9000', s3SignatureVersion: S3SignatureVersion.S3V4, s3ForcePathStyle: true };

const namespaceOf = (i: number) => `profile-${i}`;

/** Where each namespace's objects go: one chart for all (`one`), or a chart per namespace (`charts`, the usual layout). */
type Layout = 'one' | 'charts';

/** The chart for namespace `i`: the app's one chart, or a chart of its own. */
function chartFor(app: App, layout: Layout, i: number): Chart {
  if (layout === 'charts') {
    return new Chart(app, namespaceOf(i), { namespace: namespaceOf(i) });
  }
  return (app.node.tryFindChild('platform') as Chart | undefined) ?? new Chart(app, 'platform');
}

/**
 * A construct id: unique in the app's one chart, or local to the namespace's own chart (as people
 * write it when the chart already stands for the namespace).
 */
const idFor = (layout: Layout, namespace: string, id: string) => (layout === 'charts' ? id : `${namespace}-${id}`);

/** This library: the three guide constructs and their PodDefaults per namespace. */
function buildOurs(n: number, layout: Layout = 'one'): App {
  const app = new App({ outdir: '/tmp/cdk8s-bench-unused' });
  for (let i = 0; i < n; i++) {
    const chart = chartFor(app, layout, i);
    const namespace = namespaceOf(i);
    new DockerCredentials(chart, idFor(layout, namespace, 'docker'), { namespace, registries: [REGISTRY] }).addPodDefault();
    new AwsFileCredentials(chart, idFor(layout, namespace, 'aws'), { namespace, profiles: [PROFILE] }).addPodDefault();
    new AwsEnvConfiguration(chart, idFor(layout, namespace, 'env'), { namespace, ...PROFILE, ...ENV }).addPodDefault();
  }
  return app;
}

/**
 * Plain cdk8s: the same six manifests per namespace as ApiObjects, as a hand-written script would.
 *
 * @param wrap hold each object in a construct as its `Resource` child (the design variant)
 */
function buildRaw(n: number, layout: Layout = 'one', wrap = false): App {
  const app = new App({ outdir: '/tmp/cdk8s-bench-unused' });
  let chart = chartFor(app, layout, 0);
  const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
  const auth = b64(`${REGISTRY.username}:${REGISTRY.password}`);
  const configJson = JSON.stringify({ auths: { [REGISTRY.server]: { auth } } }, null, '\t');
  const credentials = `[default]\naws_access_key_id = ${PROFILE.accessKeyId}\naws_secret_access_key = ${PROFILE.secretAccessKey}\n`;
  const variables: Record<string, string> = {
    AWS_ACCESS_KEY_ID: PROFILE.accessKeyId,
    AWS_DEFAULT_REGION: ENV.region,
    AWS_REGION: ENV.region,
    AWS_SECRET_ACCESS_KEY: PROFILE.secretAccessKey,
    S3_ENDPOINT: ENV.s3Endpoint,
    S3_FORCE_PATH_STYLE: String(ENV.s3ForcePathStyle),
    S3_SIGNATURE_VERSION: ENV.s3SignatureVersion,
  };
  // The design variant: each object held by a construct as its `Resource` child (cdk8s-plus's
  // and aws-cdk's L2 shape) instead of being the ApiObject itself.
  const scopeOf = (id: string): [Construct, string] => (wrap ? [new Construct(chart, id), 'Resource'] : [chart, id]);
  const secret = (id: string, namespace: string, name: string, data: Record<string, string>) => new ApiObject(...scopeOf(id), {
    apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace }, type: 'Opaque', data,
  });
  const podDefault = (id: string, namespace: string, name: string, desc: string, spec: object) => new ApiObject(...scopeOf(id), {
    apiVersion: 'kubeflow.org/v1alpha1',
    kind: 'PodDefault',
    metadata: { name, namespace },
    spec: { desc, selector: { matchLabels: { [name]: 'true' } }, ...spec },
  });
  for (let i = 0; i < n; i++) {
    chart = i === 0 ? chart : chartFor(app, layout, i);
    const ns = namespaceOf(i);
    secret(idFor(layout, ns, 'docker-secret'), ns, 'docker-secret', { 'config.json': b64(configJson) });
    podDefault(idFor(layout, ns, 'docker-pd'), ns, 'docker-config', 'Add Docker registry credentials', {
      volumes: [{ name: 'docker-secret-volume', secret: { secretName: 'docker-secret' } }],
      volumeMounts: [{ name: 'docker-secret-volume', mountPath: '/home/kubeflow/.docker/' }],
    });
    secret(idFor(layout, ns, 'aws-secret'), ns, 'aws-credentials', { credentials: b64(credentials) });
    podDefault(idFor(layout, ns, 'aws-pd'), ns, 'aws-credentials', 'Add AWS credentials', {
      volumes: [{ name: 'aws-secret-volume', secret: { secretName: 'aws-credentials' } }],
      volumeMounts: [{ name: 'aws-secret-volume', mountPath: '/home/kubeflow/.aws/' }],
    });
    secret(idFor(layout, ns, 'env-secret'), ns, 'aws-configuration', Object.fromEntries(Object.entries(variables).map(([k, v]) => [k, b64(v)])));
    podDefault(idFor(layout, ns, 'env-pd'), ns, 'aws-configuration', 'Add AWS Environment variables', { envFrom: [{ secretRef: { name: 'aws-configuration' } }] });
  }
  return app;
}

/** The manifests of an app as canonical JSON (object keys sorted). */
function canonical(app: App): string {
  const sortKeys = (value: unknown): unknown => Array.isArray(value) ? value.map(sortKeys)
    : value !== null && typeof value === 'object' ? Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys((value as any)[k])])) : value;
  return JSON.stringify(app.charts.flatMap((c) => c.toJson()).map(sortKeys));
}

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

/** Builds and synthesizes to YAML; returns the wall time in ms and the YAML. */
function run(build: (n: number, layout: Layout) => App, n: number, layout: Layout = 'one'): { ms: number; yaml: string } {
  gc();
  const start = process.hrtime.bigint();
  const yaml = build(n, layout).synthYaml();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  return { ms, yaml };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const peakRssMb = () => process.resourceUsage().maxRSS / 1024;
const fmt = (value: number, digits = 0) => value.toFixed(digits);

function main(): void {
  const options = parseArgs(process.argv.slice(2));
  if (!(globalThis as { gc?: unknown }).gc) {
    process.stderr.write('note: run with node --expose-gc (as `npx projen bench` does) so that each run starts from a collected heap\n');
  }
  // Same manifests: equal as objects (the PodDefault L1 orders spec keys by schema, raw ApiObjects alphabetically).
  if (canonical(buildRaw(50)) !== canonical(buildOurs(50))) {
    throw new Error('the two builds do not write the same manifests');
  }
  // Warm-up: JIT and module loading are not what we measure.
  run(buildRaw, 200);
  run(buildOurs, 200);

  console.log(`node ${process.version}, at least ${options.repeat} alternating runs per size (more below N=2000), median wall time (build + synth to YAML)`);
  console.log('| namespaces | objects | raw ApiObjects ms | ours ms | ratio | ours objects/s | growth (ours, vs N/2) | peak RSS MB |');
  console.log('|---:|---:|---:|---:|---:|---:|---:|---:|');
  const ours = new Map<number, number>();
  let lastRatio = 0;
  for (const n of options.sizes) {
    const rawTimes: number[] = [];
    const ourTimes: number[] = [];
    // Small sizes run more often, so that every median rests on a few seconds of measurement.
    const repeat = Math.max(options.repeat, Math.round((options.repeat * 2000) / n));
    for (let r = 0; r < repeat; r++) {
      const raw = run(buildRaw, n);
      const mine = run(buildOurs, n);
      if (r === 0 && raw.yaml.length !== mine.yaml.length) {
        throw new Error(`the two builds do not write the same amount of YAML at N=${n}`);
      }
      rawTimes.push(raw.ms);
      ourTimes.push(mine.ms);
    }
    const rawMs = median(rawTimes);
    const ourMs = median(ourTimes);
    ours.set(n, ourMs);
    lastRatio = ourMs / rawMs;
    const half = ours.get(n / 2);
    console.log(`| ${n} | ${6 * n} | ${fmt(rawMs)} | ${fmt(ourMs)} | ${fmt(lastRatio, 2)} | ${fmt((6 * n) / (ourMs / 1000))} | ${half ? fmt(ourMs / half, 2) : '-'} | ${fmt(peakRssMb())} |`);
  }
  const growths = options.sizes.filter((n) => ours.has(n / 2)).map((n) => ours.get(n)! / ours.get(n / 2)!);
  const growth = growths.length > 0 ? Math.max(...growths) : NaN;

  if (options.big > 0) {
    const big = run(buildOurs, options.big);
    console.log(`\n${options.big} namespaces (${6 * options.big} objects), ours alone: ${fmt(big.ms)} ms, ${fmt(big.yaml.length / 1024 / 1024, 1)} MB of YAML, peak RSS ${fmt(peakRssMb())} MB`);
  }
  // The design choice of issue 11: is each construct its ApiObject, or does it hold one as `Resource`?
  const variantN = Math.max(...options.sizes);
  const plain: number[] = [];
  const held: number[] = [];
  for (let r = 0; r < options.repeat; r++) {
    plain.push(run((n) => buildRaw(n), variantN).ms);
    held.push(run((n) => buildRaw(n, 'one', true), variantN).ms);
  }
  console.log(`\ndesign variant at N=${variantN}: raw ApiObjects ${fmt(median(plain))} ms; each held by a construct as its Resource ${fmt(median(held))} ms (+${fmt((median(held) / median(plain) - 1) * 100)}%)`);

  let chartsSummary = '';
  if (options.charts.length > 0) {
    // The usual layout: one Chart per profile namespace. cdk8s validates the whole App again for
    // every chart it writes, so raw cdk8s itself grows faster than linearly here.
    if (canonical(buildRaw(20, 'charts')) !== canonical(buildOurs(20, 'charts'))) {
      throw new Error('the two builds do not write the same manifests with one chart per namespace');
    }
    console.log(`\none chart per namespace, ${options.chartsRepeat} alternating runs per size, median wall time (build + synth to YAML)`);
    console.log('| namespaces (charts) | objects | raw ApiObjects ms | ours ms | ratio | raw growth (vs N/2) | ours growth (vs N/2) |');
    console.log('|---:|---:|---:|---:|---:|---:|---:|');
    const rawCharts = new Map<number, number>();
    const ourCharts = new Map<number, number>();
    for (const n of options.charts) {
      const rawTimes: number[] = [];
      const ourTimes: number[] = [];
      for (let r = 0; r < options.chartsRepeat; r++) {
        rawTimes.push(run(buildRaw, n, 'charts').ms);
        ourTimes.push(run(buildOurs, n, 'charts').ms);
      }
      rawCharts.set(n, median(rawTimes));
      ourCharts.set(n, median(ourTimes));
      const growthOf = (times: Map<number, number>) => (times.has(n / 2) ? fmt(times.get(n)! / times.get(n / 2)!, 2) : '-');
      console.log(`| ${n} | ${6 * n} | ${fmt(rawCharts.get(n)!)} | ${fmt(ourCharts.get(n)!)} | ${fmt(ourCharts.get(n)! / rawCharts.get(n)!, 2)} | ${growthOf(rawCharts)} | ${growthOf(ourCharts)} |`);
    }
    const top = Math.max(...options.charts);
    const chartsGrowth = ourCharts.has(top / 2) ? ourCharts.get(top)! / ourCharts.get(top / 2)! : NaN;
    chartsSummary = ` chartsRatio@${top}=${fmt(ourCharts.get(top)! / rawCharts.get(top)!, 2)} chartsGrowth=${fmt(chartsGrowth, 2)}`;
  }
  const parsersMaxMs = benchParsers();
  const checkSummary = options.check > 0 ? benchCheck(options.check) : '';
  const maxN = Math.max(...options.sizes);
  console.log(`ratio@${maxN}=${fmt(lastRatio, 2)} growth=${fmt(growth, 2)} rssMB=${fmt(peakRssMb())}${chartsSummary} parsersMaxMs=${fmt(parsersMaxMs)}${checkSummary}`);
}

/**
 * `check` as a user runs it on existing manifests (issue 19: at most 5 s and 400 MB for 60,000
 * objects): the installed command (lib/manifests/cli.js, compiled by the bench task first) in a
 * fresh process per run, on the YAML of N namespaces of the guide's six objects. Wall time from
 * spawn to exit (node's start-up included), median of 3 runs; peak RSS as the child reports it at
 * exit. Returns the summary's ` checkMs=... checkRssMB=...`.
 */
function benchCheck(n: number): string {
  const root = path.join(__dirname, '..');
  const cli = path.join(root, 'lib', 'manifests', 'cli.js');
  if (!fs.existsSync(cli)) {
    throw new Error('lib/manifests/cli.js is missing: run `npx projen compile` (the bench task does) before the check benchmark');
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kf-creds-bench-'));
  try {
    const file = path.join(dir, 'platform.k8s.yaml');
    fs.writeFileSync(file, buildOurs(n).synthYaml());
    const preload = path.join(dir, 'maxrss.js');
    fs.writeFileSync(preload, "process.on('exit', () => process.stderr.write(`maxrss-kb=${process.resourceUsage().maxRSS}\\n`));\n");
    const times: number[] = [];
    let rssMb = 0;
    for (let r = 0; r < 3; r++) {
      const start = process.hrtime.bigint();
      const result = spawnSync(process.execPath, ['-r', preload, cli, 'check', file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
      times.push(Number(process.hrtime.bigint() - start) / 1e6);
      if (result.status !== 0 || !result.stderr.includes(`checked ${6 * n} objects in 1 file: no problems`)) {
        throw new Error(`check did not pass the ${6 * n} objects (exit ${result.status}): ${result.stderr.slice(0, 500)}`);
      }
      rssMb = Math.max(rssMb, Number(/maxrss-kb=(\d+)/.exec(result.stderr)![1]) / 1024);
    }
    const ms = median(times);
    console.log(`\ncheck, ${6 * n} objects (${n} namespaces, ${fmt(fs.statSync(file).size / 1024 / 1024, 1)} MB of YAML in one file), the installed command in a fresh process: ${fmt(ms)} ms (median of 3), peak RSS ${fmt(rssMb)} MB`);
    return ` checkMs=${fmt(ms)} checkRssMB=${fmt(rssMb)}`;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The parsers on inputs at the size limits (issue 17: each was quadratic or crashed before):
 * median of 5 runs each. Returns the slowest median.
 */
function benchParsers(): number {
  const MIB = 1024 * 1024;
  const outcome = (f: () => unknown) => {
    try {
      f();
      return 'accepted';
    } catch (e) {
      return `refused [${/\[([a-z0-9-]+), /.exec((e as Error).message)?.[1] ?? '?'}]`;
    }
  };
  const auth = Buffer.from('user:password').toString('base64');
  const padded = (() => {
    const base = JSON.stringify({ auths: { 'ghcr.io': { auth } }, padding: '' });
    return base.replace('"padding":""', `"padding":"${' '.repeat(MIB - base.length)}"`);
  })();
  const run1 = `[default]\naws_access_key_id = A${' '.repeat(MIB - 80)}B\naws_secret_access_key = s\n`;
  const lines = `[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\n${`${' '.repeat(1023)}\n`.repeat(1020)}aws_secret_access_key = s\n`;
  const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'd', namespace: 'ns' }, type: 'kubernetes.io/dockerconfigjson', stringData: { '.dockerconfigjson': padded } };
  const registries = Array.from({ length: 10_000 }, (_, i) => ({ server: `r${i}.example.com`, username: 'u', password: 'p' }));
  const cases: Array<[string, number, () => unknown]> = [
    ['AWS credentials file, one value with a whitespace run', run1.length, () => AwsCredentialsFile.fromText(run1)],
    ['AWS credentials file, whitespace lines between keys', lines.length, () => AwsCredentialsFile.fromText(lines)],
    ['config.json, 1 MiB', padded.length, () => DockerConfig.fromJson(padded)],
    ['config.json in a Secret, read by check', padded.length, () => {
      const problems = checkManifests([secret]);
      if (problems.length > 0) {
        throw new Error(`[${problems[0].rule}, x]`);
      }
    }],
    ['10,000 registries, built', 0, () => DockerConfig.fromRegistries(registries)],
  ];
  console.log('\nparsers at the size limits, median of 5 runs');
  console.log('| input | bytes | ms | outcome |');
  console.log('|---|---:|---:|---|');
  let slowest = 0;
  for (const [name, bytes, f] of cases) {
    const times: number[] = [];
    let result = '';
    for (let r = 0; r < 5; r++) {
      const start = process.hrtime.bigint();
      result = outcome(f);
      times.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    slowest = Math.max(slowest, median(times));
    console.log(`| ${name} | ${bytes || '-'} | ${fmt(median(times), 1)} | ${result} |`);
  }
  return slowest;
}

main();
