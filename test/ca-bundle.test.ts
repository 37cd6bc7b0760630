/**
 * Issue 20, parts 2 to 4: certificates checked as TLS clients use them (`CaCertificates`), CA
 * bundles for notebooks (`CaBundle`: a ConfigMap mounted with the variables that name it, as its
 * own PodDefault or in the storage PodDefault; `NotebookAccess` `caBundle`), the rule that a CA
 * variable names a file its PodDefault mounts, and `fromEnv` in environments as they are
 * (variables about the machine left out, `AWS_CA_BUNDLE` refused, left out or read).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as tls from 'tls';
import { ApiObject, Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import {
  AwsEnvConfiguration, CaBundle, CaBundleFromEnv, CaBundleVariable, CaCertificates, checkManifests, Config, DockerConfigurationProvider,
  NotebookAccess, NotebookPodDefault, S3ConfigurationProvider,
} from '../src';
import { pkiFile, testPki } from './support/certificates';
import { errorOf, synthError, testChart } from './support/synth';
import { checkCertificateBundle, pemBlocks } from '../src/formats/certificates';

const pki = testPki();
const ENV = { AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE', AWS_SECRET_ACCESS_KEY: 'example-secret' };
const ALL = ['AWS_CA_BUNDLE', 'REQUESTS_CA_BUNDLE', 'SSL_CERT_FILE', 'PIP_CERT', 'GIT_SSL_CAINFO', 'NODE_EXTRA_CA_CERTS', 'KF_PIPELINES_SSL_SA_CERTS'];
const NARROW = ['AWS_CA_BUNDLE', 'NODE_EXTRA_CA_CERTS', 'KF_PIPELINES_SSL_SA_CERTS'];
const rulesOf = (text: string) => checkCertificateBundle(text, 'bundle').problems.map((p) => p.rule);
const envOf = (pd: any) => Object.fromEntries((pd.spec.env ?? []).map((e: any) => [e.name, e.value]));

describe('certificates as TLS clients use them (made by openssl)', () => {
  test('a CA, a self-signed server certificate and a bundle of two CAs are accepted; the bundle keeps its order', () => {
    expect(rulesOf(pki.ca.pem)).toEqual([]);
    expect(rulesOf(pki.selfSignedLeaf.pem)).toEqual([]);
    const bundle = checkCertificateBundle(`# corporate roots\n${pki.ca2.pem}\nsome text\n${pki.ca.pem}`, 'bundle');
    expect(bundle.problems).toEqual([]);
    expect(bundle.certificates.map((c) => c.subject)).toEqual(['CN=Second Test Root CA', 'CN=Test Root CA, O=cdk8s-kubeflow-credentials tests']);
    expect(CaCertificates.fromPem(pki.ca2.pem + pki.ca.pem).subjects).toEqual(['CN=Second Test Root CA', 'CN=Test Root CA, O=cdk8s-kubeflow-credentials tests']);
  });

  test.each([
    ['a leaf issued by a CA', () => pki.leaf.pem, ['certificate-not-ca'], /certificate 1 \(subject "CN=localhost"\) is a leaf certificate \(a server's own, CA:FALSE\) issued by "CN=Test Root CA, O=cdk8s-kubeflow-credentials tests".*give the certificate of that CA instead/],
    ['an expired CA', () => pki.expiredCa.pem, ['certificate-expired'], /certificate 1 \(subject "CN=Expired Test CA"\) expired on 2021-01-01T00:00:00.000Z/],
    ['a CA not valid yet', () => pki.futureCa.pem, ['certificate-not-yet-valid'], /\(subject "CN=Future Test CA"\) is not valid before 2040-01-01T00:00:00.000Z/],
    ['a CA whose key usage lacks keyCertSign', () => pki.caWithoutCertSign.pem, ['certificate-key-usage'], /is a CA whose key usage does not include keyCertSign/],
    ['the second of two certificates wrong', () => pki.ca.pem + pki.expiredCa.pem, ['certificate-expired'], /bundle certificate 2 \(subject "CN=Expired Test CA"\)/],
    ['text without PEM', () => 'hello\n', ['certificate-pem'], /bundle holds no PEM certificate/],
    ['DER bytes', () => Buffer.from(pki.ca.pem.split('\n').slice(1, -2).join(''), 'base64').toString('latin1'), ['certificate-pem'], /holds no PEM certificate/],
    ['a cut file', () => pki.ca.pem.slice(0, 200), ['certificate-pem'], /PEM block 1 \("CERTIFICATE"\) has no END line: the file is cut/],
    ['broken base64', () => pki.ca.pem.replace(/\n[A-Za-z]/, '\n!'), ['certificate-pem'], /PEM block 1 does not parse as an X.509 certificate/],
    ['a private key', () => pki.ca.pem + fs.readFileSync(pki.ca.keyFile, 'utf8'), ['certificate-pem'], /PEM block 2 is a EC PRIVATE KEY: a CA bundle holds certificates only/],
    ['OpenSSL\'s TRUSTED CERTIFICATE', () => pki.ca.pem.replace(/CERTIFICATE/g, 'TRUSTED CERTIFICATE'), ['certificate-pem'], /"TRUSTED CERTIFICATE" block, not a CERTIFICATE \(OpenSSL's own form/],
  ])('%s is refused, naming the certificate and the rule, never its PEM', (_, text, rules, message) => {
    const problems = checkCertificateBundle(text(), 'bundle').problems;
    expect(problems.map((p) => p.rule)).toEqual(rules);
    expect(problems[0].message).toMatch(message);
    for (const line of text().split('\n').filter((l) => l.length > 16 && !l.startsWith('-----') && !l.startsWith('#'))) {
      expect(problems.map((p) => p.message).join('\n')).not.toContain(line);
    }
  });

  test('hostile PEM reads in linear time: a MiB of BEGIN lines, of BEGINs without END, of labels without end', () => {
    const started = Date.now();
    expect(pemBlocks('-----BEGIN '.repeat(95_000)).blocks).toEqual([]);
    expect(pemBlocks('-----BEGIN CERTIFICATE-----\n'.repeat(37_000)).unterminated).toBe('CERTIFICATE');
    expect(pemBlocks(`-----BEGIN ${'A'.repeat(1_000_000)}`).blocks).toEqual([]);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  test('a file with a BOM is refused (OpenSSL and Go skip its first certificate); a missing file names the path', () => {
    expect(errorOf(() => CaCertificates.fromFile(pkiFile('bom.crt', `\ufeff${pki.ca.pem}`)))).toMatch(/starts with a UTF-8 byte-order mark, before which OpenSSL and Go find no BEGIN line.*\[file-encoding, runtime\]/);
    expect(errorOf(() => CaCertificates.fromFile(path.join(pki.dir, 'none.crt')))).toMatch(/certificate file ".*none.crt" does not exist \[file-unreadable, runtime\]/);
  });

  test('Node.js\'s root CAs that are valid now; a bundle prints its subjects, not its PEM', () => {
    const roots = CaCertificates.nodeRootCertificates();
    const valid = tls.rootCertificates.filter((pem) => checkCertificateBundle(pem, 'root').problems.length === 0);
    expect(roots.subjects.length).toBe(valid.length);
    expect(roots.subjects.length).toBeGreaterThan(100);
    expect(checkCertificateBundle(roots.text(), 'roots').problems).toEqual([]);
    expect(String(CaCertificates.fromPem(pki.ca.pem))).toBe('CaCertificates(source: "pem", certificates: ["CN=Test Root CA, O=cdk8s-kubeflow-credentials tests"])');
    expect(JSON.stringify(CaCertificates.concat(CaCertificates.fromPem(pki.ca.pem), roots))).not.toContain('BEGIN');
  });
});

describe('CaBundle', () => {
  test('a ConfigMap ca-bundle (key ca.crt): the private CA first, then Node.js\'s roots; its PodDefault sets every variable', () => {
    // GIVEN
    const chart = testChart();
    // WHEN
    const bundle = new CaBundle(chart, 'Ca', { certificates: CaCertificates.fromPem(pki.ca.pem) });
    bundle.addPodDefault();
    // THEN
    const [configMap, pd] = Testing.synth(chart);
    expect(configMap).toMatchObject({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ca-bundle', namespace: 'user' } });
    expect(configMap.data['ca.crt'].startsWith(pki.ca.pem)).toBe(true);
    expect(bundle.subjects.length).toBe(1 + CaCertificates.nodeRootCertificates().subjects.length);
    expect(pd.metadata.name).toBe('ca-bundle');
    expect(pd.spec.desc).toBe('Add CA certificates for private endpoints');
    expect(pd.spec.volumes).toEqual([{ name: 'ca-bundle-volume', configMap: { name: 'ca-bundle' } }]);
    expect(pd.spec.volumeMounts).toEqual([{ name: 'ca-bundle-volume', mountPath: '/etc/ssl/kubeflow-ca/' }]);
    expect(envOf(pd)).toEqual(Object.fromEntries(ALL.map((v) => [v, '/etc/ssl/kubeflow-ca/ca.crt'])));
    expect(checkManifests(Testing.synth(chart))).toEqual([]);
  });

  test('without the public roots, only the variables that do not replace a trust store are set by default', () => {
    const chart = testChart();
    new CaBundle(chart, 'Ca', { certificates: CaCertificates.fromPem(pki.ca.pem), appendNodeRootCertificates: false }).addPodDefault();
    const [configMap, pd] = Testing.synth(chart);
    expect(configMap.data['ca.crt']).toBe(pki.ca.pem);
    expect(Object.keys(envOf(pd))).toEqual(NARROW);
  });

  test('explicit variables, mount path, key and names', () => {
    const chart = testChart();
    const bundle = new CaBundle(chart, 'Ca', { certificates: CaCertificates.fromPem(pki.ca.pem), name: 'corp-ca', key: 'bundle.pem', appendNodeRootCertificates: false });
    const mounted = bundle.addPodDefault({ name: 'corp-ca', mountPath: '/opt/ca', variables: [CaBundleVariable.SSL_CERT_FILE] });
    const pd = Testing.synth(chart)[1];
    expect(envOf(pd)).toEqual({ SSL_CERT_FILE: '/opt/ca/bundle.pem' });
    expect(mounted.name).toBe('corp-ca');
  });

  test('mounted in the storage PodDefault: one box gives the endpoint, its keys and its CA', () => {
    const chart = testChart();
    const bundle = new CaBundle(chart, 'Ca', { certificates: CaCertificates.fromPem(pki.ca.pem) });
    new AwsEnvConfiguration(chart, 'S3', { accessKeyId: 'a', secretAccessKey: 'b', s3Endpoint: 'https://s3.example.com' }).addPodDefault({ caBundle: bundle });
    bundle.addPodDefault();
    const objects = Testing.synth(chart);
    const storage = objects.find((o) => o.kind === 'PodDefault' && o.metadata.name === 'aws-configuration');
    expect(storage.spec.envFrom).toEqual([{ secretRef: { name: 'aws-configuration' } }]);
    expect(envOf(storage).AWS_CA_BUNDLE).toBe('/etc/ssl/kubeflow-ca/ca.crt');
    // The same volume in two PodDefaults merges: both may be ticked.
    expect(checkManifests(objects)).toEqual([]);
  });

  test('an existing ConfigMap: kube-root-ca.crt, or a trust-manager bundle with the public roots', () => {
    const app = Testing.app();
    const chart = testChart('team-a', app);
    CaBundle.kubeRootCa(chart, 'Cluster').addPodDefault({ name: 'cluster-ca' });
    const other = testChart('team-b', app);
    CaBundle.fromExistingConfigMap(other, 'Trust', 'trust-bundle', { key: 'trust-bundle.pem', includesSystemRoots: true }).addPodDefault({ name: 'trust-bundle', mountPath: '/etc/ssl/trust/' });
    const [cluster, trust] = [...Testing.synth(chart), ...Testing.synth(other)];
    expect(cluster.spec.volumes).toEqual([{ name: 'kube-root-ca-crt-volume', configMap: { name: 'kube-root-ca.crt' } }]);
    expect(Object.keys(envOf(cluster))).toEqual(NARROW);
    expect(Object.keys(envOf(trust))).toEqual(ALL);
  });

  test('two bundles offered in one namespace set the same variables to two files: refused, unless they are alternatives', () => {
    const build = (alternatives?: string) => {
      const chart = testChart();
      CaBundle.kubeRootCa(chart, 'Cluster').addPodDefault({ name: 'cluster-ca', alternatives });
      CaBundle.fromExistingConfigMap(chart, 'Trust', 'trust-bundle', { key: 'trust-bundle.pem' }).addPodDefault({ name: 'trust-bundle', mountPath: '/etc/ssl/trust/', alternatives });
      return chart;
    };
    expect(synthError(build())).toMatch(/env "AWS_CA_BUNDLE" differs from env "AWS_CA_BUNDLE" of \[user\/Cluster\/PodDefault\].*\[env-conflict, webhook\]/);
    expect(() => Testing.synth(build('ca-bundle'))).not.toThrow();
  });

  test('a bundle of another namespace, an invalid name or key, a ConfigMap over 1 MiB are refused', () => {
    const app = Testing.app();
    const bundle = new CaBundle(new Chart(app, 'a', { namespace: 'team-a' }), 'Ca', { certificates: CaCertificates.fromPem(pki.ca.pem) });
    const pd = new NotebookPodDefault(new Chart(app, 'b', { namespace: 'team-b' }), 'Pd', { desc: 'x' });
    expect(errorOf(() => bundle.mountInto(pd))).toMatch(/ConfigMap "ca-bundle" is in namespace "team-a", but this PodDefault is in "team-b".*\[secret-namespace, kubernetes\]/);
    expect(errorOf(() => new CaBundle(testChart(), 'Ca', { certificates: CaCertificates.fromPem(pki.ca.pem), name: 'Corp CA', key: '../x' })))
      .toMatch(/ConfigMap name "Corp CA".*\[object-name, kubernetes\][\s\S]*\[config-map-data, kubernetes\]/);
    const big = CaCertificates.concat(...Array.from({ length: 4 }, () => CaCertificates.nodeRootCertificates()));
    expect(errorOf(() => new CaBundle(testChart(), 'Ca', { certificates: big }))).toMatch(/a ConfigMap holds at most 1048576 \(1 MiB\) \(appendNodeRootCertificates adds about 220 KB\) \[config-map-data, kubernetes\]/);
  });

  test('the same program writes the same bytes', () => {
    const yaml = () => {
      const app = Testing.app();
      new CaBundle(new Chart(app, 'c', { namespace: 'user' }), 'Ca', { certificates: CaCertificates.fromPem(pki.ca.pem) }).addPodDefault();
      return app.synthYaml();
    };
    expect(yaml()).toBe(yaml());
  });
});

describe('NotebookAccess caBundle', () => {
  const config = (storageConfigProvider = S3ConfigurationProvider.fromEnv(ENV)) => new Config({
    dockerConfigProvider: DockerConfigurationProvider.fromRegistries([{ server: 'ghcr.io', username: 'u', password: 'p' }]),
    storageConfigProvider,
  });
  const names = (objects: any[], ns: string) => objects.filter((o) => o.metadata.namespace === ns).map((o) => `${o.kind}/${o.metadata.name}`);

  test('a ConfigMap and a PodDefault of its own in every namespace', () => {
    const chart = new Chart(Testing.app(), 'platform');
    const access = new NotebookAccess(chart, 'Access', { config: config(), namespaces: ['team-a', 'team-b'], caBundle: { certificates: CaCertificates.fromPem(pki.ca.pem) } });
    const objects = Testing.synth(chart);
    expect(names(objects, 'team-b')).toEqual(['Secret/docker-secret', 'PodDefault/docker-config', 'Secret/aws-configuration', 'PodDefault/aws-configuration', 'ConfigMap/ca-bundle', 'PodDefault/ca-bundle']);
    expect(access.forNamespace('team-a')!.caBundle).toBeInstanceOf(CaBundle);
    expect(checkManifests(objects)).toEqual([]);
  });

  test('inStoragePodDefault: the storage PodDefault mounts it; an existing ConfigMap is mounted, not written', () => {
    const chart = new Chart(Testing.app(), 'platform');
    new NotebookAccess(chart, 'Access', { config: config(), namespaces: ['team-a'], caBundle: { existingConfigMap: 'kube-root-ca.crt', inStoragePodDefault: true } });
    const objects = Testing.synth(chart);
    expect(names(objects, 'team-a')).toEqual(['Secret/docker-secret', 'PodDefault/docker-config', 'Secret/aws-configuration', 'PodDefault/aws-configuration']);
    expect(envOf(objects[3]).AWS_CA_BUNDLE).toBe('/etc/ssl/kubeflow-ca/ca.crt');
  });

  test('contradictory options are refused', () => {
    const build = (caBundle: any, storage?: any) => () => new NotebookAccess(new Chart(Testing.app(), 'p'), 'A', { config: config(), caBundle, storage });
    expect(errorOf(build({}))).toMatch(/caBundle needs exactly one of certificates .* and existingConfigMap/);
    expect(errorOf(build({ certificates: CaCertificates.fromPem(pki.ca.pem), existingConfigMap: 'x' }))).toMatch(/caBundle needs exactly one of/);
    expect(errorOf(build({ existingConfigMap: 'x', inStoragePodDefault: true }, { offer: false }))).toMatch(/caBundle.inStoragePodDefault .* but storage.offer is false/);
  });
});

describe('a CA variable names a file its PodDefault mounts (ca-bundle-path)', () => {
  const podDefault = (env: Record<string, string>, volumeMounts: readonly any[] = [], volumes: readonly any[] = []) => ({
    apiVersion: 'kubeflow.org/v1alpha1',
    kind: 'PodDefault',
    metadata: { name: 'ca', namespace: 'user' },
    spec: { desc: 'CA', selector: { matchLabels: { ca: 'true' } }, env: Object.entries(env).map(([name, value]) => ({ name, value })), volumeMounts, volumes },
  });
  const mounted = (mountPath: string, items?: any[]) => [[{ name: 'ca', mountPath }], [{ name: 'ca', configMap: { name: 'corp-ca', ...(items ? { items } : {}) } }]] as const;
  const configMap = (data: Record<string, string>) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'corp-ca', namespace: 'user' }, data });

  test.each([
    ['no mount', podDefault({ AWS_CA_BUNDLE: '/etc/ssl/corp/ca.crt' }), /env AWS_CA_BUNDLE is "\/etc\/ssl\/corp\/ca.crt", which no volume of this PodDefault mounts/],
    ['a relative path', podDefault({ REQUESTS_CA_BUNDLE: 'ca.crt' }), /env REQUESTS_CA_BUNDLE is "ca.crt", a relative path/],
    ['an item the volume does not project', podDefault({ SSL_CERT_FILE: '/etc/ca/other.crt' }, ...mounted('/etc/ca', [{ key: 'ca.crt', path: 'ca.crt' }])), /has no item "other.crt"/],
    ['a subdirectory of a ConfigMap', podDefault({ PIP_CERT: '/etc/ca/sub/ca.crt' }, ...mounted('/etc/ca')), /a subdirectory of the ConfigMap mounted at "\/etc\/ca"/],
  ])('%s is refused by check', (_, manifest, message) => {
    const problems = checkManifests([manifest]);
    expect(problems.map((p) => p.rule)).toEqual(['ca-bundle-path']);
    expect(problems[0].message).toMatch(message);
  });

  test('a mounted file is accepted; a key the ConfigMap lacks is secret-key-missing; the key\'s certificates are checked on the ConfigMap', () => {
    expect(checkManifests([podDefault({ AWS_CA_BUNDLE: '/etc/ca/ca.crt' }, ...mounted('/etc/ca/')), configMap({ 'ca.crt': pki.ca.pem })])).toEqual([]);
    expect(checkManifests([podDefault({ AWS_CA_BUNDLE: '/etc/ca/bundle' }, ...mounted('/etc/ca')), configMap({ 'ca.crt': pki.ca.pem })]).map((p) => p.rule)).toEqual(['secret-key-missing']);
    const problems = checkManifests([podDefault({ AWS_CA_BUNDLE: '/etc/ca/bundle' }, ...mounted('/etc/ca')), configMap({ bundle: pki.expiredCa.pem })]);
    expect(problems.map((p) => [p.rule, p.object])).toEqual([['certificate-expired', 'ConfigMap user/corp-ca']]);
    expect(problems[0].message).toMatch(/key "bundle" \(the CA bundle env AWS_CA_BUNDLE names\) certificate 1 \(subject "CN=Expired Test CA"\)/);
  });

  test('the constructs: a variable added without its mount fails synth, whatever the order of add* calls', () => {
    const chart = testChart();
    const pd = new NotebookPodDefault(chart, 'Ca', { desc: 'CA' });
    pd.addEnv('AWS_CA_BUNDLE', kplus.EnvValue.fromValue('/etc/ca/ca.crt'));
    expect(synthError(chart)).toMatch(/\n {2}\[user\/Ca\] env AWS_CA_BUNDLE is "\/etc\/ca\/ca.crt", which no volume of this PodDefault mounts.*\[ca-bundle-path, runtime\]/);
    pd.addConfigMapVolume({ configMapName: 'corp-ca', mountPath: '/etc/ca', keys: ['ca.crt'] });
    expect(() => Testing.synth(chart)).not.toThrow();
  });

  test('a plain ApiObject PodDefault fails synth with the same rule', () => {
    const chart = testChart();
    new ApiObject(chart, 'Pd', podDefault({ NODE_EXTRA_CA_CERTS: '/nowhere/ca.crt' }) as any);
    new CaBundle(chart, 'Ca', { certificates: CaCertificates.fromPem(pki.ca.pem), appendNodeRootCertificates: false });
    expect(synthError(chart)).toMatch(/\[ca-bundle-path, runtime\]/);
  });
});

describe('fromEnv in environments as they are', () => {
  const secretKeys = (chart: Chart) => Object.keys(Testing.synth(chart).find((o) => o.kind === 'Secret').data).sort();

  test('in a shell with AWS_DEFAULT_OUTPUT=json and AWS_PAGER= it succeeds, leaves them out and names them once on stderr', () => {
    const script = [
      "const { App, Chart } = require('cdk8s');",
      `const { AwsEnvConfiguration, S3ConfigurationProvider } = require(${JSON.stringify(path.join(__dirname, '..', 'src'))});`,
      "const chart = new Chart(new App(), 'c', { namespace: 'user' });",
      "AwsEnvConfiguration.fromEnv(chart, 'S3');",
      'S3ConfigurationProvider.fromEnv();',
      "process.stdout.write(Object.keys(chart.toJson()[0].data).join(','));",
    ].join('\n');
    const env = { PATH: process.env.PATH, HOME: process.env.HOME, ...ENV, AWS_REGION: 'eu-west-1', AWS_DEFAULT_OUTPUT: 'json', AWS_PAGER: '', TS_NODE_TRANSPILE_ONLY: 'true', TS_NODE_PROJECT: path.join(__dirname, 'tsconfig.json') };
    const result = spawnSync(process.execPath, ['-r', 'ts-node/register', '-e', script], { env, encoding: 'utf8', cwd: path.join(__dirname, '..') });
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('AWS_ACCESS_KEY_ID,AWS_DEFAULT_REGION,AWS_REGION,AWS_SECRET_ACCESS_KEY');
    const notes = result.stderr.split('\n').filter((l) => l.startsWith('cdk8s-kubeflow-credentials:'));
    expect(notes).toEqual([
      'cdk8s-kubeflow-credentials: fromEnv leaves out AWS_DEFAULT_OUTPUT, AWS_PAGER: they are about the machine that runs synth (the AWS CLI\'s output format; the AWS CLI\'s pager), not about the notebook (README, "Environment variables")',
    ]);
  });

  test('the machine\'s own files, profile, CLI settings and identity are left out, not refused', () => {
    const chart = testChart();
    AwsEnvConfiguration.fromEnv(chart, 'S3', {
      env: {
        ...ENV,
        AWS_PROFILE: 'ci',
        AWS_CONFIG_FILE: '/home/ci/.aws/config',
        AWS_SHARED_CREDENTIALS_FILE: '/x',
        AWS_CLI_AUTO_PROMPT: 'off',
        AWS_ROLE_ARN: 'arn:aws:iam::1:role/ci',
        AWS_WEB_IDENTITY_TOKEN_FILE: '/var/run/token',
        AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '/v2/creds',
      },
    });
    expect(secretKeys(chart)).toEqual(['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY']);
  });

  test('AWS_CA_BUNDLE: refused by default with a pointer to CaBundle; LEAVE_OUT leaves it out', () => {
    const env = { ...ENV, AWS_CA_BUNDLE: pki.ca.certFile };
    expect(errorOf(() => AwsEnvConfiguration.fromEnv(testChart(), 'S3', { env }))).toMatch(/AWS_CA_BUNDLE is set: it names a CA bundle file on the machine that runs synth.*CaBundleFromEnv.READ.*\[aws-env-machine, runtime\]/);
    expect(errorOf(() => S3ConfigurationProvider.fromEnv(env))).toMatch(/\[aws-env-machine, runtime\]/);
    const chart = testChart();
    AwsEnvConfiguration.fromEnv(chart, 'S3', { env, caBundleFromEnv: CaBundleFromEnv.LEAVE_OUT }).addPodDefault();
    expect(Testing.synth(chart).map((o) => o.kind)).toEqual(['Secret', 'PodDefault']);
  });

  test('AWS_CA_BUNDLE with READ: the file becomes a CA bundle mounted in the storage PodDefault (constructs and NotebookAccess)', () => {
    const env = { ...ENV, AWS_CA_BUNDLE: pki.ca.certFile };
    const chart = testChart();
    const s3 = AwsEnvConfiguration.fromEnv(chart, 'S3', { env, caBundleFromEnv: CaBundleFromEnv.READ });
    s3.addPodDefault();
    const objects = Testing.synth(chart);
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['Secret/aws-configuration', 'ConfigMap/ca-bundle', 'PodDefault/aws-configuration']);
    expect(envOf(objects[2]).AWS_CA_BUNDLE).toBe('/etc/ssl/kubeflow-ca/ca.crt');
    expect(s3.caBundle).toBeInstanceOf(CaBundle);

    const platform = new Chart(Testing.app(), 'platform');
    const provider = S3ConfigurationProvider.fromEnv(env, { caBundleFromEnv: CaBundleFromEnv.READ });
    expect(provider.caCertificates!.subjects).toEqual(['CN=Test Root CA, O=cdk8s-kubeflow-credentials tests']);
    new NotebookAccess(platform, 'Access', {
      config: new Config({ dockerConfigProvider: DockerConfigurationProvider.fromRegistries([{ server: 'ghcr.io', username: 'u', password: 'p' }]), storageConfigProvider: provider }),
      namespaces: ['team-a'],
    });
    const stamped = Testing.synth(platform);
    expect(stamped.map((o) => `${o.kind}/${o.metadata.name}`)).toContain('ConfigMap/ca-bundle');
    expect(envOf(stamped.find((o) => o.metadata.name === 'aws-configuration' && o.kind === 'PodDefault')).SSL_CERT_FILE).toBe('/etc/ssl/kubeflow-ca/ca.crt');
  });

  test('READ with a file that is not a CA bundle names the file and the rule', () => {
    expect(errorOf(() => AwsEnvConfiguration.fromEnv(testChart(), 'S3', { env: { ...ENV, AWS_CA_BUNDLE: pki.leaf.certFile }, caBundleFromEnv: CaBundleFromEnv.READ })))
      .toMatch(/^\[user\/S3\] file ".*leaf.crt" certificate 1 \(subject "CN=localhost"\) is a leaf certificate.*\[certificate-not-ca, runtime\]$/);
  });
});
