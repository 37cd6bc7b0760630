/**
 * CA bundles as a real client uses them (issue 20): botocore (Debian's python3-botocore, as in
 * the notebook images) is given the bundle a notebook receives — the ConfigMap key that the
 * `ca-bundle` PodDefault mounts, at the path its `AWS_CA_BUNDLE` names — and calls S3 on a TLS
 * server on 127.0.0.1 whose certificate the test PKI issued (test/support/certificates.ts, made
 * by openssl). For every bundle, the library accepts it exactly when botocore trusts the server
 * through it: CA, two CAs in either order, a self-signed server certificate; and refused by both:
 * the server's own leaf, a CA of another server, an expired CA, a CA not valid yet, a CA without
 * keyCertSign.
 */
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as https from 'https';
import { AddressInfo } from 'net';
import * as path from 'path';
import { Testing } from 'cdk8s';
import { CaBundle, CaCertificates } from '../src';
import { MadeCertificate, testPki } from './support/certificates';
import { describeWithTool } from './support/kubectl';
import { recordCounts } from './support/proof-counts';
import { testChart } from './support/synth';

const PYTHON = '/usr/bin/python3';
const HAVE_BOTOCORE = spawnSync(PYTHON, ['-c', 'import botocore'], { stdio: 'ignore' }).status === 0;

/** S3's answer to ListBuckets, so that botocore parses a success. */
const LIST_BUCKETS = '<?xml version="1.0" encoding="UTF-8"?><ListAllMyBucketsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Owner><ID>o</ID></Owner><Buckets><Bucket><Name>models</Name><CreationDate>2026-01-01T00:00:00.000Z</CreationDate></Bucket></Buckets></ListAllMyBucketsResult>';

/** Serves S3's ListBuckets over TLS with a server certificate; its port. */
async function serve(server: MadeCertificate): Promise<{ port: number; close: () => Promise<void> }> {
  const listener = https.createServer({ cert: fs.readFileSync(server.certFile), key: fs.readFileSync(server.keyFile) }, (_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/xml' });
    res.end(LIST_BUCKETS);
  });
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  return { port: (listener.address() as AddressInfo).port, close: () => new Promise((resolve) => listener.close(() => resolve())) };
}

/** What botocore says when it calls ListBuckets on 127.0.0.1:port trusting the bundle at `bundleFile` through AWS_CA_BUNDLE. */
function botocore(port: number, bundleFile: string): Promise<string> {
  const script = [
    'import botocore.session',
    'from botocore.config import Config',
    's = botocore.session.get_session()',
    // One attempt: a refused certificate is not retried.
    `c = s.create_client('s3', endpoint_url='https://127.0.0.1:${port}', region_name='us-east-1', aws_access_key_id='a', aws_secret_access_key='b', config=Config(retries={'total_max_attempts': 1}))`,
    'try:',
    '    print("ok " + c.list_buckets()["Buckets"][0]["Name"])',
    'except Exception as e:',
    '    print("failed " + type(e).__name__)',
  ].join('\n');
  // Only what the notebook would set: no CA variable of this machine leaks in.
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', AWS_CA_BUNDLE: bundleFile, AWS_EC2_METADATA_DISABLED: 'true' };
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, ['-c', script], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', () => resolve(out.trim()));
  });
}

/** The library's verdict on a bundle, and the file a notebook gets: the ConfigMap key at the path `AWS_CA_BUNDLE` names. */
function notebookBundle(pem: string, file: string): { accepted: boolean; rules: string[] } {
  let certificates: CaCertificates;
  try {
    certificates = CaCertificates.fromPem(pem);
  } catch (e) {
    return { accepted: false, rules: [...(e as Error).message.matchAll(/\[(certificate-[a-z-]+), runtime\]/g)].map((m) => m[1]) };
  }
  const chart = testChart();
  const bundle = new CaBundle(chart, 'Ca', { certificates, appendNodeRootCertificates: false });
  bundle.addPodDefault();
  const objects = Testing.synth(chart);
  const configMap = objects.find((o) => o.kind === 'ConfigMap');
  const podDefault = objects.find((o) => o.kind === 'PodDefault');
  const variable = podDefault.spec.env.find((e: any) => e.name === 'AWS_CA_BUNDLE').value;
  const mount = podDefault.spec.volumeMounts[0].mountPath.replace(/\/$/, '');
  expect(variable).toBe(`${mount}/ca.crt`);
  fs.writeFileSync(file, configMap.data[path.basename(variable)]);
  return { accepted: true, rules: [] };
}

describeWithTool('python3-botocore', HAVE_BOTOCORE, 'botocore trusts a server through the bundle exactly when the library accepts it', () => {
  const pki = testPki();
  let compared = 0;
  const cases: Array<[string, () => string, () => MadeCertificate, string[]]> = [
    ['the issuing CA', () => pki.ca.pem, () => pki.leaf, []],
    ['two CAs, the issuing one second (a bundle keeps its order and every certificate counts)', () => pki.ca2.pem + pki.ca.pem, () => pki.leaf, []],
    ['two CAs, the issuing one first', () => pki.ca.pem + pki.ca2.pem, () => pki.leaf2, []],
    ['the registry\'s own self-signed certificate (its own anchor)', () => pki.selfSignedLeaf.pem, () => pki.selfSignedLeaf, []],
    ['the server\'s leaf instead of its CA', () => pki.leaf.pem, () => pki.leaf, ['certificate-not-ca']],
    ['the CA of another server', () => pki.ca2.pem, () => pki.leaf, []],
    ['an expired CA', () => pki.expiredCa.pem, () => pki.leafOfExpired, ['certificate-expired']],
    ['a CA not valid yet', () => pki.futureCa.pem, () => pki.leafOfFuture, ['certificate-not-yet-valid']],
    ['a CA whose key usage lacks keyCertSign', () => pki.caWithoutCertSign.pem, () => pki.leafOfNoCertSign, ['certificate-key-usage']],
  ];

  test.each(cases)('%s', async (name, bundle, server, rules) => {
    const file = path.join(pki.dir, `bundle-${name.replace(/[^a-z0-9]+/gi, '-')}.crt`);
    const ours = notebookBundle(bundle(), file);
    expect(ours.rules).toEqual(rules);
    const listener = await serve(server());
    try {
      // A bundle the library refuses is not written; botocore is given the same PEM to show why.
      if (!ours.accepted) {
        fs.writeFileSync(file, bundle());
      }
      const answer = await botocore(listener.port, file);
      compared++;
      // "The CA of another server" is a valid bundle that does not fit this server: botocore refuses, the library cannot know.
      const fits = name !== 'the CA of another server';
      expect(answer).toBe(ours.accepted && fits ? 'ok models' : 'failed SSLError');
    } finally {
      await listener.close();
    }
  });

  afterAll(() => recordCounts('consumers-tls', { consumerComparisons: compared }));
});
