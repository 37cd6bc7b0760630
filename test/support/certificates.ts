/**
 * Certificates made by openssl for the tests (issue 20): CAs, leaves, expired, not yet valid, a
 * CA whose key usage does not allow signing certificates, and a registry's self-signed
 * certificate. Made once per test process in a temporary directory, with `openssl ca` so that
 * validity dates can lie in the past or the future. The private keys stay in that directory
 * (the TLS differential tests serve with them).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** A certificate and where its files are. */
export interface MadeCertificate {
  readonly pem: string;
  readonly certFile: string;
  readonly keyFile: string;
}

/** The certificates the tests use. */
export interface TestPki {
  readonly dir: string;
  /** A root CA: CA:TRUE, keyUsage keyCertSign and cRLSign. */
  readonly ca: MadeCertificate;
  /** Another root CA (for bundles of two). */
  readonly ca2: MadeCertificate;
  /** A server's certificate issued by `ca` (CA:FALSE, for 127.0.0.1 and localhost). */
  readonly leaf: MadeCertificate;
  /** A server's certificate issued by `ca2` (for 127.0.0.1 and localhost). */
  readonly leaf2: MadeCertificate;
  /** A self-signed server certificate (CA:FALSE) for `my.private.registry` and 127.0.0.1. */
  readonly selfSignedLeaf: MadeCertificate;
  /** A root CA valid from 2020 to 2021. */
  readonly expiredCa: MadeCertificate;
  /** A root CA valid from 2040 to 2041. */
  readonly futureCa: MadeCertificate;
  /** A CA (CA:TRUE) whose key usage is digitalSignature only. */
  readonly caWithoutCertSign: MadeCertificate;
  /** Server certificates (for 127.0.0.1) issued by `expiredCa`, `futureCa` and `caWithoutCertSign`. */
  readonly leafOfExpired: MadeCertificate;
  readonly leafOfFuture: MadeCertificate;
  readonly leafOfNoCertSign: MadeCertificate;
}

let made: TestPki | undefined;

function openssl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
}

const CONFIG = `
[ ca ]
default_ca = local
[ local ]
dir = .
database = index.txt
new_certs_dir = issued
serial = serial
default_md = sha256
policy = any
unique_subject = no
copy_extensions = none
email_in_dn = no
[ any ]
commonName = supplied
organizationName = optional
[ ext_ca ]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[ ext_ca_no_certsign ]
basicConstraints = critical, CA:TRUE
keyUsage = critical, digitalSignature
[ ext_leaf ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = IP:127.0.0.1, DNS:localhost
[ ext_registry ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:my.private.registry, IP:127.0.0.1
`;

/** The test PKI, made on first use. */
export function testPki(): TestPki {
  if (made) {
    return made;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kf-creds-pki-'));
  fs.writeFileSync(path.join(dir, 'openssl.cnf'), CONFIG);
  fs.writeFileSync(path.join(dir, 'index.txt'), '');
  fs.writeFileSync(path.join(dir, 'serial'), '1000\n');
  fs.mkdirSync(path.join(dir, 'issued'));
  const make = (name: string, subject: string, extensions: string, dates: [string, string], issuer?: MadeCertificate): MadeCertificate => {
    const keyFile = path.join(dir, `${name}.key`);
    const certFile = path.join(dir, `${name}.crt`);
    openssl(dir, ['ecparam', '-genkey', '-name', 'prime256v1', '-noout', '-out', keyFile]);
    openssl(dir, ['req', '-new', '-key', keyFile, '-subj', subject, '-out', `${name}.csr`]);
    openssl(dir, [
      'ca', '-batch', '-config', 'openssl.cnf', '-extensions', extensions, '-notext', '-startdate', dates[0], '-enddate', dates[1],
      ...(issuer ? ['-cert', issuer.certFile, '-keyfile', issuer.keyFile] : ['-selfsign', '-keyfile', keyFile]),
      '-in', `${name}.csr`, '-out', certFile,
    ]);
    return { pem: fs.readFileSync(certFile, 'utf8'), certFile, keyFile };
  };
  const now: [string, string] = ['20250101000000Z', '20450101000000Z'];
  const ca = make('ca', '/CN=Test Root CA/O=cdk8s-kubeflow-credentials tests', 'ext_ca', now);
  const ca2 = make('ca2', '/CN=Second Test Root CA', 'ext_ca', now);
  const expiredCa = make('expired', '/CN=Expired Test CA', 'ext_ca', ['20200101000000Z', '20210101000000Z']);
  const futureCa = make('future', '/CN=Future Test CA', 'ext_ca', ['20400101000000Z', '20410101000000Z']);
  const caWithoutCertSign = make('nocertsign', '/CN=Test CA without keyCertSign', 'ext_ca_no_certsign', now);
  made = {
    dir,
    ca,
    ca2,
    leaf: make('leaf', '/CN=localhost', 'ext_leaf', now, ca),
    leaf2: make('leaf2', '/CN=localhost', 'ext_leaf', now, ca2),
    selfSignedLeaf: make('registry', '/CN=my.private.registry', 'ext_registry', now),
    expiredCa,
    futureCa,
    caWithoutCertSign,
    leafOfExpired: make('leaf-expired', '/CN=localhost', 'ext_leaf', now, expiredCa),
    leafOfFuture: make('leaf-future', '/CN=localhost', 'ext_leaf', now, futureCa),
    leafOfNoCertSign: make('leaf-nocertsign', '/CN=localhost', 'ext_leaf', now, caWithoutCertSign),
  };
  return made;
}

/** Writes text to a file of the test PKI's directory; its path. */
export function pkiFile(name: string, text: string): string {
  const file = path.join(testPki().dir, name);
  fs.writeFileSync(file, text);
  return file;
}
