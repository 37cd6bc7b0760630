/**
 * SealedSecret output: every sealed value decrypts, with a private key the test generated, to
 * the exact bytes the plain Secret would hold, for every credentials construct and every scope.
 */
import { execFileSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { inspect } from 'util';
import { Chart, JsonPatch, Testing } from 'cdk8s';
import {
  AwsEnvConfiguration, AwsFileCredentials, Config, DockerConfigurationProvider, DockerCredentials, NotebookAccess, S3ConfigurationProvider,
  SealingCertificate, SealingScope, SecretOutput, StableSealingKey,
} from '../src';
import { tempDir } from './support/kubectl';
import { sealedSecretSchemaErrors } from './support/schema';
import { errorOf, testChart } from './support/synth';

/** A self-signed certificate and its private key, made with openssl. */
function certificate(options: { bits?: number; days?: number; type?: string; exponent?: number } = {}): { pem: string; key: string; file: string } {
  const dir = tempDir();
  const keyFile = path.join(dir, 'key.pem');
  const certFile = path.join(dir, 'cert.pem');
  const newkey = options.type === 'ec' ? ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1']
    : ['-newkey', `rsa:${options.bits ?? 2048}`, ...(options.exponent ? ['-pkeyopt', `rsa_keygen_pubexp:${options.exponent}`] : [])];
  execFileSync('openssl', ['req', '-x509', ...newkey, '-nodes', '-keyout', keyFile, '-out', certFile, '-subj', '/CN=sealed-secrets', '-days', String(options.days ?? 30)], { stdio: 'ignore' });
  return { pem: fs.readFileSync(certFile, 'utf8'), key: fs.readFileSync(keyFile, 'utf8'), file: certFile };
}

/** The controller's HybridDecrypt. */
function unseal(privateKey: string, sealed: string, label: string): Buffer {
  const bytes = Buffer.from(sealed, 'base64');
  const rsaLength = bytes.readUInt16BE(0);
  const sessionKey = crypto.privateDecrypt(
    { key: privateKey, padding: crypto.constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256', oaepLabel: Buffer.from(label, 'utf8') },
    bytes.subarray(2, 2 + rsaLength),
  );
  const aes = bytes.subarray(2 + rsaLength);
  const decipher = crypto.createDecipheriv('aes-256-gcm', sessionKey, Buffer.alloc(12));
  decipher.setAuthTag(aes.subarray(aes.length - 16));
  return Buffer.concat([decipher.update(aes.subarray(0, aes.length - 16)), decipher.final()]);
}

const CERT = certificate();
const BUILDERS = {
  DockerCredentials: (output?: SecretOutput) => (c: any) => new DockerCredentials(c, 'X', { registries: [{ server: 'ghcr.io', username: 'u', password: 'p4ss' }], output }),
  AwsFileCredentials: (output?: SecretOutput) => (c: any) => new AwsFileCredentials(c, 'X', { profiles: [{ accessKeyId: 'AKIAX', secretAccessKey: 's3cr3t' }], output }),
  AwsEnvConfiguration: (output?: SecretOutput) => (c: any) => new AwsEnvConfiguration(c, 'X', { accessKeyId: 'AKIAX', secretAccessKey: 's3cr3t', region: 'us-east-1', output }),
};

describe.each(Object.entries(BUILDERS))('%s', (_name, build) => {
  test.each([SealingScope.STRICT, SealingScope.NAMESPACE_WIDE, SealingScope.CLUSTER_WIDE])('sealed with scope %s decrypts to the plain Secret\'s bytes', (scope) => {
    // GIVEN the plain Secret and the sealed one
    const plainChart = testChart();
    build()(plainChart);
    const plain = Testing.synth(plainChart).find((o: any) => o.kind === 'Secret');
    const sealedChart = testChart();
    build(SecretOutput.sealed({ certificate: SealingCertificate.fromPem(CERT.pem), scope }))(sealedChart);
    const objects = Testing.synth(sealedChart);
    const sealed = objects.find((o: any) => o.kind === 'SealedSecret');
    // THEN no plain Secret is written, and the SealedSecret (valid for the sealed-secrets CRD) has
    // the same name, namespace, type and keys
    expect(objects.filter((o: any) => o.kind === 'Secret')).toEqual([]);
    expect(sealedSecretSchemaErrors(sealed)).toEqual([]);
    expect(sealed.apiVersion).toBe('bitnami.com/v1alpha1');
    expect(sealed.metadata.name).toBe(plain.metadata.name);
    expect(sealed.spec.template.metadata).toMatchObject({ name: plain.metadata.name, namespace: 'user' });
    expect(sealed.spec.template.type).toBe('Opaque');
    expect(Object.keys(sealed.spec.encryptedData)).toEqual(Object.keys(plain.data));
    const label = scope === SealingScope.STRICT ? `user/${plain.metadata.name}` : scope === SealingScope.NAMESPACE_WIDE ? 'user' : '';
    for (const [key, value] of Object.entries(plain.data as Record<string, string>)) {
      expect(unseal(CERT.key, sealed.spec.encryptedData[key], label)).toEqual(Buffer.from(value, 'base64'));
    }
    const annotation = { [SealingScope.STRICT]: undefined, [SealingScope.NAMESPACE_WIDE]: 'sealedsecrets.bitnami.com/namespace-wide', [SealingScope.CLUSTER_WIDE]: 'sealedsecrets.bitnami.com/cluster-wide' }[scope];
    if (annotation) {
      expect(sealed.metadata.annotations).toEqual({ [annotation]: 'true' });
      expect(sealed.spec.template.metadata.annotations).toEqual({ [annotation]: 'true' });
    } else {
      expect(sealed.metadata.annotations).toBeUndefined();
    }
  });
});

test('the PodDefaults are the same whatever the output, and the checks still know the keys', () => {
  const plainChart = testChart();
  new DockerCredentials(plainChart, 'Docker', { registries: [{ server: 'ghcr.io', username: 'u', password: 'p' }] }).addPodDefault();
  const sealedChart = testChart();
  const sealed = new DockerCredentials(sealedChart, 'Docker', {
    registries: [{ server: 'ghcr.io', username: 'u', password: 'p' }], output: SecretOutput.sealed({ certificate: SealingCertificate.fromFile(CERT.file) }),
  });
  sealed.addPodDefault();
  const pd = (chart: any) => Testing.synth(chart).find((o: any) => o.kind === 'PodDefault');
  expect(pd(sealedChart)).toEqual(pd(plainChart));
  expect(sealed.keys).toEqual(['config.json']);
});

test('the same app seals the same keys and metadata; the ciphertexts differ (sealing is randomized)', () => {
  const synth = () => {
    const chart = testChart();
    BUILDERS.AwsEnvConfiguration(SecretOutput.sealed({ certificate: SealingCertificate.fromPem(CERT.pem) }))(chart);
    return Testing.synth(chart)[0];
  };
  const [a, b] = [synth(), synth()];
  expect(Object.keys(a.spec.encryptedData)).toEqual(Object.keys(b.spec.encryptedData));
  expect(a.metadata).toEqual(b.metadata);
  expect(a.spec.encryptedData.AWS_SECRET_ACCESS_KEY).not.toBe(b.spec.encryptedData.AWS_SECRET_ACCESS_KEY);
});

test('the SealedSecret shape, ciphertexts masked', () => {
  const chart = testChart();
  BUILDERS.DockerCredentials(SecretOutput.sealed({ certificate: SealingCertificate.fromPem(CERT.pem), scope: SealingScope.NAMESPACE_WIDE }))(chart);
  const sealed = Testing.synth(chart)[0];
  for (const key of Object.keys(sealed.spec.encryptedData)) {
    sealed.spec.encryptedData[key] = '<sealed>';
  }
  expect(sealed).toMatchSnapshot();
});

describe('certificates that cannot seal are refused', () => {
  test.each([
    ['not a certificate', () => SealingCertificate.fromPem('hello'), /is not a PEM certificate/],
    ['a missing file', () => SealingCertificate.fromFile('/nonexistent/cert.pem'), /file "\/nonexistent\/cert.pem" cannot be read/],
    ['a key that is not RSA', () => SealingCertificate.fromPem(certificate({ type: 'ec' }).pem), /has a ec key; the sealed-secrets controller seals with RSA/],
    ['a small RSA key', () => SealingCertificate.fromPem(certificate({ bits: 1024 }).pem), /has a 1024-bit RSA key; at least 2048 bits are needed/],
    ['an RSA public exponent of 3', () => SealingCertificate.fromPem(certificate({ exponent: 3 }).pem), /has the RSA public exponent 3; the sealed-secrets controller's keys use 65537/],
  ])('%s', (_what, make, message) => {
    expect(errorOf(make)).toMatch(message);
  });

  test('an expired certificate', () => {
    // A certificate valid for a day, read a year later.
    const pem = certificate({ days: 1 }).pem;
    jest.spyOn(Date, 'now').mockReturnValue(Date.now() + 366 * 24 * 3600 * 1000);
    try {
      expect(errorOf(() => SealingCertificate.fromPem(pem))).toMatch(/expired on .*; fetch the controller's current one with kubeseal --fetch-cert/);
    } finally {
      jest.restoreAllMocks();
    }
  });

  test('a certificate that is not valid yet', () => {
    // A certificate made now, read a year earlier.
    const pem = certificate({ days: 30 }).pem;
    jest.spyOn(Date, 'now').mockReturnValue(Date.now() - 366 * 24 * 3600 * 1000);
    try {
      expect(errorOf(() => SealingCertificate.fromPem(pem))).toMatch(/is not valid before .* GMT/);
    } finally {
      jest.restoreAllMocks();
    }
  });

  test('a valid certificate is accepted', () => {
    expect(SealingCertificate.fromPem(CERT.pem).validTo).toMatch(/GMT$/);
  });

  test('a strict SealedSecret needs a namespace', () => {
    const chart = new Chart(Testing.app(), 'no-namespace');
    expect(errorOf(() => BUILDERS.DockerCredentials(SecretOutput.sealed({ certificate: SealingCertificate.fromPem(CERT.pem) }))(chart)))
      .toMatch(/\[no-namespace\/X\] Secret "docker-secret" has no namespace, which a strict SealedSecret needs/);
  });
});

test('NotebookAccess seals the Secrets of every namespace, per configuration', () => {
  // GIVEN
  const chart = testChart();
  const cert = SealingCertificate.fromPem(CERT.pem);
  new NotebookAccess(chart, 'Access', {
    config: new Config({
      dockerConfigProvider: DockerConfigurationProvider.fromRegistries([{ server: 'ghcr.io', username: 'u', password: 'p' }]),
      storageConfigProvider: S3ConfigurationProvider.fromEnv({ AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 'b' }),
    }),
    namespaces: ['team-a', 'team-b'],
    docker: { output: SecretOutput.sealed({ certificate: cert }) },
    storage: { output: SecretOutput.sealed({ certificate: cert, scope: SealingScope.NAMESPACE_WIDE }) },
  });
  // WHEN
  const objects = Testing.synth(chart);
  // THEN
  expect(objects.map((o: any) => `${o.metadata.namespace}/${o.kind}/${o.metadata.name}`).sort()).toEqual([
    'team-a/PodDefault/aws-configuration', 'team-a/PodDefault/docker-config', 'team-a/SealedSecret/aws-configuration', 'team-a/SealedSecret/docker-secret',
    'team-b/PodDefault/aws-configuration', 'team-b/PodDefault/docker-config', 'team-b/SealedSecret/aws-configuration', 'team-b/SealedSecret/docker-secret',
  ]);
  const env = objects.find((o: any) => o.kind === 'SealedSecret' && o.metadata.name === 'aws-configuration' && o.metadata.namespace === 'team-b');
  expect(unseal(CERT.key, env.spec.encryptedData.AWS_SECRET_ACCESS_KEY, 'team-b').toString('utf8')).toBe('b');
});

describe('a SealedSecret stays where it was sealed (sealed-scope)', () => {
  const make = (scope?: SealingScope) => {
    const chart = testChart();
    const docker = new DockerCredentials(chart, 'D', {
      registries: [{ server: 'ghcr.io', username: 'u', password: 'p' }], output: SecretOutput.sealed({ certificate: SealingCertificate.fromPem(CERT.pem), scope }),
    });
    return { chart, docker };
  };
  const patched = (scope: SealingScope | undefined, ...ops: JsonPatch[]) => {
    const { chart, docker } = make(scope);
    docker.addJsonPatch(...ops);
    return () => Testing.synth(chart);
  };

  test.each([
    ['a new name, strict scope', undefined, [JsonPatch.replace('/metadata/name', 'other')]],
    ['a new namespace, strict scope', undefined, [JsonPatch.replace('/metadata/namespace', 'team-b')]],
    ['a new namespace, namespace-wide scope', SealingScope.NAMESPACE_WIDE, [JsonPatch.replace('/metadata/namespace', 'team-b')]],
    ['the cluster-wide annotation removed', SealingScope.CLUSTER_WIDE, [JsonPatch.remove('/metadata/annotations')]],
    ['a strict one made namespace-wide', undefined, [JsonPatch.add('/metadata/annotations', { 'sealedsecrets.bitnami.com/namespace-wide': 'true' })]],
  ] as const)('refuses %s, naming the rule and the construct', (_, scope, ops) => {
    const error = errorOf(patched(scope, ...ops));
    expect(error.split('\n')[0]).toMatch(/^\[user\/D\] a JSON patch changes the SealedSecret's name, namespace or scope annotations, but its values were sealed .*\[sealed-scope, runtime\]$/);
    expect(error).not.toMatch(/encryptedData|Ag[A-Za-z0-9+/]{20}/);
  });

  test('refuses a template whose name differs from the object\'s', () => {
    expect(errorOf(patched(undefined, JsonPatch.replace('/spec/template/metadata/name', 'other')))).toMatch(/spec.template.metadata name or namespace differ/);
  });

  test.each([
    ['a new name, namespace-wide scope', SealingScope.NAMESPACE_WIDE, [JsonPatch.replace('/metadata/name', 'other'), JsonPatch.replace('/spec/template/metadata/name', 'other')]],
    ['a new name and namespace, cluster-wide scope', SealingScope.CLUSTER_WIDE, [JsonPatch.replace('/metadata/namespace', 'team-b'), JsonPatch.replace('/spec/template/metadata/namespace', 'team-b')]],
    ['a label added, strict scope', undefined, [JsonPatch.add('/metadata/labels', { team: 'a' })]],
  ] as const)('accepts %s, and the controller decrypts every value where it is applied', (_, scope, ops) => {
    const [sealed] = patched(scope, ...ops)();
    const annotations = sealed.metadata.annotations ?? {};
    const label = annotations['sealedsecrets.bitnami.com/cluster-wide'] ? '' : annotations['sealedsecrets.bitnami.com/namespace-wide']
      ? sealed.metadata.namespace : `${sealed.metadata.namespace}/${sealed.metadata.name}`;
    for (const value of Object.values(sealed.spec.encryptedData as Record<string, string>)) {
      expect(unseal(CERT.key, value, label).toString('utf8')).toMatch(/"auths"/);
    }
  });
});

describe('stable sealing (stableKey)', () => {
  const KEY = StableSealingKey.fromText('k'.repeat(16) + 'pipeline-secret-1234');
  const seal = (password: string, stableKey?: StableSealingKey, scope?: SealingScope, cert = SealingCertificate.fromPem(CERT.pem)) => {
    const chart = testChart();
    new DockerCredentials(chart, 'D', { registries: [{ server: 'ghcr.io', username: 'u', password }], output: SecretOutput.sealed({ certificate: cert, scope, stableKey }) });
    new AwsFileCredentials(chart, 'A', { profiles: [{ accessKeyId: 'AKIAX', secretAccessKey: 's3cr3t' }], output: SecretOutput.sealed({ certificate: cert, scope, stableKey }) });
    return Testing.synth(chart);
  };

  test.each([undefined, SealingScope.NAMESPACE_WIDE, SealingScope.CLUSTER_WIDE])('two synths are byte-identical and the controller decrypts every value (scope %s)', (scope) => {
    const first = seal('p4ss', KEY, scope);
    expect(JSON.stringify(seal('p4ss', KEY, scope))).toBe(JSON.stringify(first));
    for (const sealed of first) {
      const label = scope === SealingScope.CLUSTER_WIDE ? '' : scope === SealingScope.NAMESPACE_WIDE ? sealed.metadata.namespace : `${sealed.metadata.namespace}/${sealed.metadata.name}`;
      for (const value of Object.values(sealed.spec.encryptedData as Record<string, string>)) {
        expect(unseal(CERT.key, value, label).toString('utf8')).toMatch(sealed.metadata.name === 'docker-secret' ? /"auth": "dTpwNHNz"/ : /aws_secret_access_key = s3cr3t/);
      }
      expect(sealedSecretSchemaErrors(sealed)).toEqual([]);
    }
  });

  test('a changed value, another key or another certificate changes the ciphertext; the unchanged objects keep theirs', () => {
    const base = seal('p4ss', KEY);
    const changed = seal('other', KEY);
    expect(changed[0].spec.encryptedData).not.toEqual(base[0].spec.encryptedData);
    expect(changed[1].spec.encryptedData).toEqual(base[1].spec.encryptedData);
    expect(seal('p4ss', StableSealingKey.fromText('x'.repeat(40)))[0].spec.encryptedData).not.toEqual(base[0].spec.encryptedData);
    expect(seal('p4ss', KEY, undefined, SealingCertificate.fromPem(certificate().pem))[0].spec.encryptedData).not.toEqual(base[0].spec.encryptedData);
    // The same value in two places gives two ciphertexts: the label and the data key are part of the derivation.
    const elsewhere = testChart();
    new DockerCredentials(elsewhere, 'D', { name: 'other', registries: [{ server: 'ghcr.io', username: 'u', password: 'p4ss' }], output: SecretOutput.sealed({ certificate: SealingCertificate.fromPem(CERT.pem), stableKey: KEY }) });
    expect(Object.values(Testing.synth(elsewhere)[0].spec.encryptedData)).not.toEqual(Object.values(base[0].spec.encryptedData));
  });

  test('without stableKey, sealing stays randomized as before', () => {
    expect(seal('p4ss')[0].spec.encryptedData).not.toEqual(seal('p4ss')[0].spec.encryptedData);
  });

  test('a chart with stable sealing matches its snapshot on every run (the example\'s fixed certificate)', () => {
    expect(seal('p4ss', KEY, undefined, SealingCertificate.fromFile(path.join(__dirname, '..', 'examples', 'sealing-cert.pem')))).toMatchSnapshot();
  });

  test('the key is checked and never printed', () => {
    expect(errorOf(() => StableSealingKey.fromText('short'))).toBe('[StableSealingKey] the key has 5 characters; at least 32 are needed (openssl rand -base64 32)');
    delete process.env.KF_TEST_SEALING_KEY;
    expect(errorOf(() => StableSealingKey.fromEnv('KF_TEST_SEALING_KEY'))).toMatch(/"KF_TEST_SEALING_KEY" is not set/);
    process.env.KF_TEST_SEALING_KEY = 'secret-sealing-key-'.repeat(3);
    const key = StableSealingKey.fromEnv('KF_TEST_SEALING_KEY');
    delete process.env.KF_TEST_SEALING_KEY;
    const output = SecretOutput.sealed({ certificate: SealingCertificate.fromPem(CERT.pem), stableKey: key });
    const printed = [String(key), JSON.stringify(key), inspect(key), inspect(output, { depth: 10 })];
    printed.push(inspect(output, { depth: 10, customInspect: false }));
    for (const text of printed) {
      expect(text).not.toContain('secret-sealing-key');
    }
    expect(errorOf(() => SecretOutput.sealed({ certificate: SealingCertificate.fromPem(CERT.pem), stableKey: 'a string' as any }))).toMatch(/stableKey must be a StableSealingKey/);
  });
});
