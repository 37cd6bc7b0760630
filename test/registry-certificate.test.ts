/**
 * Issue 20, part 1: the Kaptain SDK's registry certificate (`DockerRegistryCertificateProvider`,
 * `Config.dockerRegistryUrl` and `dockerRegistryCertificateProvider`), the construct that writes
 * the Secret `docker-registry-certificate` and its PodDefaults, and the docs' private-registry
 * scenario (examples/private-registry.ts) against the docs' own manifests.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, App, Chart, Testing, Yaml } from 'cdk8s';
import { PrivateRegistryChart, REGISTRY } from '../examples/private-registry';
import {
  CaCertificates, Config, DockerConfig, DockerConfigurationProvider, DockerCredentials, DockerRegistryCertificate, DockerRegistryCertificateProvider,
  NotebookAccess, ProfileAccess, S3ConfigurationProvider, SealingCertificate, SecretOutput, checkManifests,
} from '../src';
import { pkiFile, testPki } from './support/certificates';
import { describeWithKubectl, kubectlFromFiles } from './support/kubectl';
import { errorOf, synthError, testChart } from './support/synth';

const pki = testPki();
const dockerProvider = (server = REGISTRY.key) => DockerConfigurationProvider.fromRegistries([{ server, username: 'u', password: 'p' }]);
const ENV = { AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE', AWS_SECRET_ACCESS_KEY: 'example-secret' };
const byKind = (objects: any[], kind: string) => objects.filter((o) => o.kind === kind);
const decoded = (secret: any, key: string) => Buffer.from(secret.data[key], 'base64').toString('utf8');

describe('DockerRegistryCertificateProvider', () => {
  test('fromFile reads and checks a PEM; default() reads /home/kubeflow/.tls/certificate.crt when first used', () => {
    const provider = DockerRegistryCertificateProvider.fromFile(pki.ca.certFile);
    expect(provider.certificates.subjects).toEqual(['CN=Test Root CA, O=cdk8s-kubeflow-credentials tests']);
    expect(DockerRegistryCertificateProvider.DEFAULT_PATH).toBe('/home/kubeflow/.tls/certificate.crt');
    const lazy = DockerRegistryCertificateProvider.default();
    expect(String(lazy)).toContain('not read yet');
    expect(errorOf(() => lazy.certificates)).toMatch(/^\[DockerRegistryCertificateProvider.default\(\)\] certificate file "\/home\/kubeflow\/.tls\/certificate.crt" does not exist \[file-unreadable, runtime\]$/);
  });

  test('fromFile refuses what TLS clients refuse, naming the file, the certificate\'s subject and the rule, never the PEM', () => {
    const message = errorOf(() => DockerRegistryCertificateProvider.fromFile(pki.leaf.certFile));
    expect(message).toMatch(/file ".*leaf.crt" certificate 1 \(subject "CN=localhost"\) is a leaf certificate .* issued by "CN=Test Root CA, O=cdk8s-kubeflow-credentials tests".* \[certificate-not-ca, runtime\]/);
    for (const line of pki.leaf.pem.split('\n').filter((l) => l.length > 20 && !l.startsWith('-----'))) {
      expect(message).not.toContain(line);
    }
  });
});

describe('Config with a private registry', () => {
  test('dockerRegistryUrl covered by the Docker credentials (the docs\' key "https://my.private.registry:5000/" and URL "my.private.registry:5000")', () => {
    const config = new Config({
      dockerConfigProvider: dockerProvider(),
      dockerRegistryUrl: REGISTRY.url,
      dockerRegistryCertificateProvider: DockerRegistryCertificateProvider.fromFile(pki.ca.certFile),
    });
    expect(config.dockerRegistryUrl).toBe('my.private.registry:5000');
    expect(JSON.stringify(config)).toContain('"dockerRegistryUrl":"my.private.registry:5000"');
    expect(() => new Config({ dockerConfigProvider: dockerProvider('my.private.registry:5000'), dockerRegistryUrl: 'https://my.private.registry:5000/' })).not.toThrow();
  });

  test('a registry the credentials do not cover is refused, naming what docker looks up', () => {
    expect(errorOf(() => new Config({ dockerConfigProvider: dockerProvider('ghcr.io'), dockerRegistryUrl: REGISTRY.url })))
      .toBe('[Config] dockerRegistryUrl "my.private.registry:5000" is registry "my.private.registry:5000", which the Docker config.json has no credentials for (docker looks up "my.private.registry:5000"; the file has "ghcr.io"): the SDK could not push the model\'s image there [docker-registry-url, runtime]');
  });

  test.each(['my.private.registry:5000/team', 'My.Registry', 'user@my.private.registry', ''])('%j is not a registry address', (url) => {
    expect(errorOf(() => new Config({ dockerConfigProvider: dockerProvider(), dockerRegistryUrl: url }))).toMatch(/\[docker-registry-url, runtime\]$/);
  });

  test('a self-signed registry certificate must name the registry\'s host (a CA need not)', () => {
    const registry = DockerRegistryCertificateProvider.fromFile(pki.selfSignedLeaf.certFile);
    const config = () => new Config({
      dockerConfigProvider: dockerProvider(),
      dockerRegistryUrl: REGISTRY.url,
      dockerRegistryCertificateProvider: registry,
    });
    expect(config).not.toThrow();
    expect(errorOf(() => new Config({ dockerConfigProvider: dockerProvider('other.registry:5000'), dockerRegistryUrl: 'other.registry:5000', dockerRegistryCertificateProvider: registry })))
      .toMatch(/is the registry's own self-signed certificate, but its names do not include "other.registry".* \[certificate-host, runtime\]$/);
    expect(() => new Config({
      dockerConfigProvider: dockerProvider('other.registry:5000'), dockerRegistryUrl: 'other.registry:5000', dockerRegistryCertificateProvider: DockerRegistryCertificateProvider.fromFile(pki.ca.certFile),
    })).not.toThrow();
  });

  test('with DockerConfigurationProvider.default(), nothing is read until NotebookAccess uses the Config', () => {
    const config = new Config({ dockerConfigProvider: DockerConfigurationProvider.default(), dockerRegistryUrl: REGISTRY.url });
    expect(errorOf(() => new NotebookAccess(new Chart(Testing.app(), 'platform'), 'Access', { config, namespaces: ['user'] })))
      .toMatch(/\/home\/kubeflow\/.docker\/config.json" does not exist/);
  });
});

describe('DockerRegistryCertificate', () => {
  test('writes the docs\' Secret docker-registry-certificate (key certificate.crt), byte for byte, and a PodDefault at /home/kubeflow/.tls/', () => {
    // GIVEN
    const chart = testChart();
    // WHEN
    const certificate = DockerRegistryCertificate.fromFile(chart, 'Certificate', pki.ca.certFile);
    const podDefault = certificate.addPodDefault();
    // THEN
    const [secret, pd] = Testing.synth(chart);
    expect(secret).toMatchObject({ kind: 'Secret', type: 'Opaque', metadata: { name: 'docker-registry-certificate', namespace: 'user' } });
    expect(decoded(secret, 'certificate.crt')).toBe(pki.ca.pem);
    expect(pd.spec).toEqual({
      desc: 'Add Docker registry certificate',
      selector: { matchLabels: { 'docker-registry-certificate': 'true' } },
      volumeMounts: [{ name: 'docker-registry-certificate', mountPath: '/home/kubeflow/.tls/' }],
      volumes: [{ name: 'docker-registry-certificate', secret: { secretName: 'docker-registry-certificate' } }],
    });
    expect(podDefault.name).toBe('docker-registry-certificate');
    expect(certificate.certificates.subjects).toHaveLength(1);
  });

  test('another key is mounted as certificate.crt; an existing Secret gets only the PodDefault', () => {
    const chart = testChart();
    DockerRegistryCertificate.fromFile(chart, 'Certificate', pki.ca.certFile, { name: 'registry-ca', key: 'ca.crt' }).addPodDefault();
    DockerRegistryCertificate.fromExistingSecret(chart, 'Existing', 'registry-ca-2').addPodDefault({ name: 'registry-ca-2', mountPath: '/home/jovyan/.tls/' });
    const objects = Testing.synth(chart);
    expect(byKind(objects, 'Secret')).toHaveLength(1);
    expect(byKind(objects, 'PodDefault')[0].spec.volumes).toEqual([{ name: 'registry-ca-volume', secret: { secretName: 'registry-ca', items: [{ key: 'ca.crt', path: 'certificate.crt' }] } }]);
    expect(byKind(objects, 'PodDefault')[1].spec.volumes).toEqual([{ name: 'registry-ca-2-volume', secret: { secretName: 'registry-ca-2' } }]);
  });

  test('sealed and external outputs keep the Secret\'s name; the external template holds the certificate as literal text', () => {
    const chart = testChart();
    const sealing = SealingCertificate.fromFile(path.join(__dirname, '..', 'examples', 'sealing-cert.pem'));
    DockerRegistryCertificate.fromFile(chart, 'Sealed', pki.ca.certFile, { output: SecretOutput.sealed({ certificate: sealing }) });
    DockerRegistryCertificate.fromFile(chart, 'External', pki.ca.certFile, { name: 'external-ca', output: SecretOutput.external({ store: 'vault', remoteKey: 'kubeflow/ca' }) });
    const [sealed, external] = Testing.synth(chart);
    expect(sealed).toMatchObject({ kind: 'SealedSecret', metadata: { name: 'docker-registry-certificate' } });
    expect(Object.keys(sealed.spec.encryptedData)).toEqual(['certificate.crt']);
    expect(external.kind).toBe('ExternalSecret');
    expect(external.spec.data).toEqual([]);
    expect(external.spec.target.template.data['certificate.crt']).toBe(pki.ca.pem);
  });

  test.each([
    ['an expired CA', () => pki.expiredCa.certFile, /expired on 2021-01-01T00:00:00.000Z.*\[certificate-expired, runtime\]/],
    ['a CA not valid yet', () => pki.futureCa.certFile, /is not valid before 2040-01-01T00:00:00.000Z.*\[certificate-not-yet-valid, runtime\]/],
    ['a CA without keyCertSign', () => pki.caWithoutCertSign.certFile, /does not include keyCertSign.*\[certificate-key-usage, runtime\]/],
    ['a private key', () => pki.ca.keyFile, /PEM block 1 is a EC PRIVATE KEY: a CA bundle holds certificates only.*\[certificate-pem, runtime\]/],
    ['garbage', () => pkiFile('garbage.crt', 'not a certificate\n'), /holds no PEM certificate.*\[certificate-pem, runtime\]/],
  ])('refuses %s at construction, naming the construct', (_, file, message) => {
    const error = errorOf(() => DockerRegistryCertificate.fromFile(testChart(), 'Certificate', file()));
    expect(error).toMatch(/^\[user\/Certificate\] file "/);
    expect(error).toMatch(message);
    expect(error).not.toContain('MI');
  });

  test('the docs\' "Private Docker Registry" PodDefault works with existing Secrets too, and refuses two namespaces', () => {
    const chart = testChart();
    const docker = DockerCredentials.fromExistingSecret(chart, 'Docker', 'docker-secret');
    const certificate = DockerRegistryCertificate.fromExistingSecret(chart, 'Certificate', 'docker-registry-certificate');
    const pd = DockerRegistryCertificate.privateRegistryPodDefault(chart, 'Registry', docker, certificate);
    expect(pd.name).toBe('notebook-configuration');
    expect(Testing.synth(chart)).toHaveLength(1);
    const other = testChart('team-b', Testing.app());
    const elsewhere = DockerCredentials.fromExistingSecret(other, 'Docker', 'docker-secret');
    expect(errorOf(() => DockerRegistryCertificate.privateRegistryPodDefault(chart, 'Mixed', elsewhere, certificate))).toMatch(/one PodDefault mounts Secrets of its own namespace only \[secret-namespace, kubernetes\]/);
  });
});

describe('the Kaptain docs\' private-registry scenario (examples/private-registry.ts)', () => {
  const chart = new PrivateRegistryChart(Testing.app(), 'private-registry', { env: {}, notice: () => undefined });
  const objects = Testing.synth(chart);
  const docs = Yaml.load(path.join(__dirname, 'fixtures', 'kaptain-private-registry', 'pod-defaults.yaml'))[0];
  const sorted = (list: any[]) => [...list].sort((a, b) => a.name.localeCompare(b.name));

  test('writes the docs\' two Secrets and their PodDefault, and nothing else', () => {
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['Secret/docker-secret', 'Secret/docker-registry-certificate', 'PodDefault/notebook-configuration']);
  });

  test('the PodDefault is the docs\' pod-defaults.yaml (volumes and mounts sorted by name, as every PodDefault here)', () => {
    const ours = objects[2];
    expect(ours.metadata).toEqual(docs.metadata);
    expect(ours.spec.selector).toEqual(docs.spec.selector);
    expect(ours.spec.desc).toBe(docs.spec.desc);
    expect(sorted(ours.spec.volumes)).toEqual(sorted(docs.spec.volumes));
    expect(sorted(ours.spec.volumeMounts)).toEqual(sorted(docs.spec.volumeMounts));
    expect(Object.keys(ours.spec).sort()).toEqual(Object.keys(docs.spec).sort());
  });

  test('the SDK\'s description: the registry URL and the certificate of the docs', () => {
    expect(chart.config.dockerRegistryUrl).toBe('my.private.registry:5000');
    expect(chart.config.dockerRegistryCertificateProvider!.certificates.subjects).toEqual(['CN=my.private.registry']);
    expect(JSON.parse(decoded(objects[0], 'config.json')).auths).toHaveProperty(['https://my.private.registry:5000/']);
  });

  test('check finds nothing wrong with the output, nor with the docs\' PodDefault beside the docs\' Secrets', () => {
    expect(checkManifests(objects)).toEqual([]);
    expect(checkManifests([docs, objects[0], objects[1]])).toEqual([]);
  });

  describeWithKubectl('the Secrets are what the docs\' kubectl commands store', () => {
    test('kubectl create secret generic --from-file=config.json=... and --from-file=certificate.crt=...', () => {
      const config = Buffer.from(objects[0].data['config.json'], 'base64');
      const certificate = fs.readFileSync(path.join(__dirname, '..', 'examples', 'registry-certificate.pem'));
      expect(objects[0].data).toEqual(kubectlFromFiles(new Map([['config.json', config]])));
      expect(objects[1].data).toEqual(kubectlFromFiles(new Map([['certificate.crt', certificate]])));
    });
  });
});

describe('NotebookAccess and ProfileAccess stamp the Config\'s registry certificate', () => {
  const config = () => new Config({
    dockerConfigProvider: dockerProvider(),
    storageConfigProvider: S3ConfigurationProvider.fromEnv(ENV),
    dockerRegistryUrl: REGISTRY.url,
    dockerRegistryCertificateProvider: DockerRegistryCertificateProvider.fromFile(pki.ca.certFile),
  });
  const summary = (objects: any[]) => objects.map((o) => `${o.metadata.namespace ?? ''}/${o.kind}/${o.metadata.name}`);

  test('in every namespace: the certificate Secret and its PodDefault beside Docker and storage', () => {
    const chart = new Chart(Testing.app(), 'platform');
    const access = new NotebookAccess(chart, 'Access', { config: config(), namespaces: ['team-a', 'team-b'] });
    const objects = Testing.synth(chart);
    expect(summary(objects).filter((s) => s.startsWith('team-a/'))).toEqual([
      'team-a/Secret/docker-secret', 'team-a/PodDefault/docker-config', 'team-a/Secret/docker-registry-certificate',
      'team-a/PodDefault/docker-registry-certificate', 'team-a/Secret/aws-configuration', 'team-a/PodDefault/aws-configuration',
    ]);
    expect(access.forNamespace('team-b')!.registryCertificate).toBeInstanceOf(DockerRegistryCertificate);
  });

  test('privateRegistryPodDefault: the docs\' notebook-configuration instead, beside docker-config (the same Docker mount merges)', () => {
    const chart = new Chart(Testing.app(), 'platform');
    new NotebookAccess(chart, 'Access', { config: config(), namespaces: ['team-a'], registryCertificate: { privateRegistryPodDefault: true } });
    const objects = Testing.synth(chart);
    expect(summary(objects)).toContain('team-a/PodDefault/notebook-configuration');
    expect(summary(objects)).not.toContain('team-a/PodDefault/docker-registry-certificate');
    expect(checkManifests(objects)).toEqual([]);
  });

  test('offer: false writes no certificate; offer: true without a certificate, or the docs\' PodDefault without Docker, is refused', () => {
    const chart = new Chart(Testing.app(), 'platform');
    new NotebookAccess(chart, 'Access', { config: config(), namespaces: ['team-a'], registryCertificate: { offer: false } });
    expect(summary(Testing.synth(chart))).not.toContain('team-a/Secret/docker-registry-certificate');
    const plain = new Config({ dockerConfigProvider: dockerProvider() });
    expect(errorOf(() => new NotebookAccess(new Chart(Testing.app(), 'p'), 'A', { config: plain, registryCertificate: { offer: true } })))
      .toMatch(/registryCertificate.offer is true, but the Config has no dockerRegistryCertificateProvider/);
    expect(errorOf(() => new NotebookAccess(new Chart(Testing.app(), 'p'), 'A', { config: config(), docker: { offer: false }, registryCertificate: { privateRegistryPodDefault: true } })))
      .toMatch(/privateRegistryPodDefault mounts the Docker config with the certificate, but docker.offer is false/);
  });

  test('ProfileAccess clones the certificate Secret into every profile namespace and carries its PodDefault', () => {
    const chart = new Chart(new App(), 'platform');
    const access = new ProfileAccess(chart, 'Profiles', { config: config() });
    const objects = Testing.synth(chart);
    expect(access.registryCertificate).toBeDefined();
    const policy = objects.find((o) => o.kind === 'ClusterPolicy');
    expect(policy.spec.rules.map((r: any) => r.name)).toEqual(expect.arrayContaining(['clone-docker-registry-certificate', 'poddefault-docker-registry-certificate']));
  });

  test('a certificate in a Config is refused by the providers\' checks before anything is written', () => {
    expect(errorOf(() => DockerRegistryCertificateProvider.fromCertificates('x' as any))).toMatch(/certificates must be CaCertificates/);
    expect(() => DockerRegistryCertificateProvider.fromCertificates(CaCertificates.fromPem(pki.ca2.pem))).not.toThrow();
    expect(errorOf(() => new Config({ dockerConfigProvider: DockerConfigurationProvider.fromConfig(DockerConfig.fromRegistryServers(['ghcr.io'])), dockerRegistryUrl: REGISTRY.url })))
      .toMatch(/\[docker-registry-url, runtime\]/);
  });
});

describe('a certificate in any Secret, as check and synth read it', () => {
  const secret = (pem: string, key = 'certificate.crt') => ({
    apiVersion: 'v1', kind: 'Secret', metadata: { name: 'docker-registry-certificate', namespace: 'user' }, data: { [key]: Buffer.from(pem).toString('base64') },
  });

  test('check reports the docs\' Secret holding an expired CA, and accepts a valid one', () => {
    expect(checkManifests([secret(pki.expiredCa.pem)]).map((p) => p.rule)).toEqual(['certificate-expired']);
    expect(checkManifests([secret(pki.ca.pem)])).toEqual([]);
  });

  test('tls.crt (a server\'s own certificate) is not read as a CA bundle; ca.crt is', () => {
    expect(checkManifests([secret(pki.leaf.pem, 'tls.crt')])).toEqual([]);
    expect(checkManifests([secret(pki.leaf.pem, 'ca.crt')]).map((p) => p.rule)).toEqual(['certificate-not-ca']);
  });

  test('a plain ApiObject Secret fails synth with the same rule', () => {
    const chart = testChart();
    new ApiObject(chart, 'S', secret(pki.caWithoutCertSign.pem));
    DockerCredentials.fromExistingSecret(chart, 'D', 'docker-secret');
    expect(synthError(chart)).toMatch(/\[certificate-key-usage, runtime\]/);
  });
});
