import { cdk8s, javascript, YamlFile } from 'projen';

const project = new cdk8s.ConstructLibraryCdk8s({
  name: 'cdk8s-kubeflow-credentials',
  description:
    'cdk8s constructs that give Kubeflow and Kaptain notebooks Docker registry and S3 credentials: typed Secrets and PodDefaults, checked at synth.',
  keywords: ['cdk8s', 'kubeflow', 'kaptain', 'kubernetes', 'credentials'],
  license: 'Apache-2.0',
  author: 'cdk8s-kubeflow-credentials maintainers',
  authorAddress: 'maintainers@users.noreply.example',
  repositoryUrl: 'https://github.com/example/cdk8s-kubeflow-credentials.git',
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  projenVersion: '0.103.25',
  // The Node versions the tests run on (these machines and CI run Node 20).
  minNodeVersion: '20.0.0',
  jsiiVersion: '~6.0.0',

  // Minimum versions we support and test against (peer dependencies of the library).
  cdk8sVersion: '2.70.0',
  constructsVersion: '10.3.0',
  peerDeps: ['cdk8s-plus-27@^2.9.5'],
  // The `check` command reads YAML written by other tools. Neither is a jsii module, so both are bundled.
  // - yaml: every position and parse error with its reason (cdk8s's Yaml.load drops them), and YAML 1.1
  //   tags, anchors and merge keys as kubectl reads them.
  // - js-yaml 5: its event parser reads the plain texts (no tag, anchor, directive) 8 times faster, with
  //   the source offsets that positions need (src/manifests/fast-yaml.ts; issue 19: 60,000 objects in 5 s).
  bundledDeps: ['yaml@^2.8.0', 'js-yaml@^5.5.0'],

  devDeps: [
    // The machines (and CI) run Node 20.
    '@types/node@^20',
    // `cdk8s synth`: the README's first command.
    'cdk8s-cli@^2.207.0',
    'ts-node@^10.9.2',
    // Tests: a real JSON-schema validator for the PodDefault CRD and the Secret shape.
    'ajv@^8.17.0',
    // Tests: property-based generators for names, paths and conflict sets.
    'fast-check@^4.3.0',
    // Tests: Microsoft's SARIF validator (a self-contained .NET build for linux), for `check --format sarif`.
    '@microsoft/sarif-multitool@5.7.0',
    // Tests: the AWS JS SDK's own shared-credentials parser, used as an oracle for ours.
    '@smithy/shared-ini-file-loader@^4.0.0',
    // Tests: the cdk8s-plus major that `cdk8s init typescript-app` installs today, beside the
    // peer (27): Secrets of any major are accepted wherever a Secret is.
    'cdk8s-plus-33@^2.5.57',
    // Tests: the printer of jest's diffs, to prove no Secret data reaches it.
    'pretty-format@^30.0.0',
  ],

  // `npx cdk8s-kubeflow-credentials check ...`
  bin: { 'cdk8s-kubeflow-credentials': 'lib/manifests/cli.js' },

  github: false,
  release: false,

  jestOptions: {
    // The default test task runs `jest --updateSnapshot`, which makes snapshots unable to fail.
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    // Machine-readable results for .ci/run's closing line.
    extraCliOptions: ['--json', '--outputFile=test-reports/jest-results.json'],
    jestConfig: {
      coveragePathIgnorePatterns: ['/node_modules/'],
      testTimeout: 60_000,
      // Every manifest any test synthesizes is validated against its schema (issue 5).
      setupFilesAfterEnv: ['<rootDir>/test/support/validate-all.ts'],
    },
  },

  eslintOptions: {
    dirs: ['src'],
    devdirs: ['test', 'examples', 'bench', 'docs', 'projenrc'],
  },
});

// `npm ci` fails on a fresh lockfile without this pin: the registry lacks newer platform bindings.
project.package.addField('overrides', { 'unrs-resolver': '1.12.2' });

// ConstructLibrary adds a generic `cdk` keyword; Construct Hub lists us under our own.
project.package.file.addOverride('keywords', ['cdk8s', 'credentials', 'kaptain', 'kubeflow', 'kubernetes']);

// jsii warns on every command about Node 20's end of life; the machines here run Node 20.
project.tasks.addEnvironment('JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION', '20');

// examples/ and bench/ are type-checked and linted like test/ (each folder has its own tsconfig,
// which is what eslint's project service and ts-node look for).
for (const dir of ['examples', 'bench', 'docs']) {
  new javascript.TypescriptConfig(project, {
    fileName: `${dir}/tsconfig.json`,
    extends: javascript.TypescriptConfigExtends.fromPaths(['../tsconfig.json']),
    include: ['**/*.ts'],
    compilerOptions: { rootDir: '..', noEmit: true },
  });
}
// ts-jest only transpiles (isolatedModules), so the test task type-checks tests, examples and bench first.
project.testTask.prependExec('tsc -p test/tsconfig.json && tsc -p examples/tsconfig.json && tsc -p docs/tsconfig.json && tsc -p bench/tsconfig.json', {
  name: 'type-check tests, examples, docs and bench',
});
// Counts of the proof suites (cases, kubectl comparisons, schema validations) start afresh.
project.testTask.prependExec('rm -f test-reports/proof-counts.jsonl');

project.addTask('gen:fields', {
  description: 'Regenerate src/engine/poddefault-fields.ts (the fields the PodDefault CRD keeps) from test/fixtures/poddefault-crd.yaml',
  exec: 'ts-node --project docs/tsconfig.json docs/crd-fields.ts',
});

project.addTask('docs:checks', {
  description: 'Regenerate README.md "What we check" from docs/checks.ts',
  exec: 'ts-node --project docs/tsconfig.json docs/generate.ts',
});

// cdk8s CLI configuration: the example app (the guide's scenario) synthesizes into dist/.
new YamlFile(project, 'cdk8s.yaml', {
  obj: {
    language: 'typescript',
    app: 'npx ts-node --project examples/tsconfig.json examples/main.ts',
    output: 'dist',
  },
});

project.addTask('synth', {
  description: 'Synthesize the example app (the Kaptain guide scenario and a platform stack) into dist/',
  exec: 'cdk8s synth --no-check-upgrade',
});

const bench = project.addTask('bench', {
  description: 'Benchmark our constructs against raw cdk8s ApiObjects at platform scale, and `check` on 60,000 objects (see README, Performance)',
  env: { TS_NODE_PROJECT: 'bench/tsconfig.json', TS_NODE_TRANSPILE_ONLY: 'true' },
});
// The check benchmark runs the installed command, lib/manifests/cli.js: compile it first.
bench.spawn(project.compileTask);
bench.exec('node --expose-gc -r ts-node/register bench/bench.ts', { receiveArgs: true });

project.gitignore.addPatterns('/cdk8s.out/', '/bench/results/');
project.npmignore?.addPatterns('/examples/', '/bench/', '/docs/', '/cdk8s.yaml', '/.ci/');
// The tarball is an allowlist (test/package.test.ts): the compiled library and its types, the jsii
// assembly, the docs. npm adds package.json, README.md and LICENSE itself, and the bundled yaml.
project.package.addField('files', ['lib/**/*.js', 'lib/**/*.d.ts', '.jsii', 'API.md']);

project.synth();
