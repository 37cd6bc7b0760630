/**
 * PEM certificate bundles as TLS clients use them to trust a server: OpenSSL (botocore, requests,
 * pip, git, curl through Python's and the system's `ssl`), Go's crypto/x509 (docker, kaniko,
 * podman) and Node's `tls`. Each reads the PEM blocks of a file in order, skips text between
 * them, and trusts a server whose chain ends at one of the certificates. A certificate only helps
 * when it is one a chain can end at:
 *
 * - a CA certificate (basicConstraints `CA:TRUE`) whose key usage, when the extension is there,
 *   allows signing certificates (`keyCertSign`; OpenSSL: "key usage does not include certificate
 *   signing", "invalid CA certificate");
 * - or a self-signed certificate, which OpenSSL and Go take as its own trust anchor (a server
 *   presenting exactly that certificate);
 * - valid now (OpenSSL: "certificate has expired", "certificate is not yet valid").
 *
 * A leaf issued by another CA (the server's own certificate) is refused: clients look for the
 * certificate of its issuer, which the bundle does not hold ("unable to get local issuer
 * certificate"); the message names that issuer. A private key, or any other PEM block, does not
 * belong in a bundle (and a ConfigMap is readable by anyone who can read the namespace).
 *
 * Certificates are not secrets: messages name each one by its position and subject, never quote
 * the PEM. Pure functions over text (Node's `crypto.X509Certificate` parses; the key usage,
 * which Node does not expose, is read from the DER by `keyUsageOf`).
 */
import * as crypto from 'crypto';
import { Problem } from '../engine/rule-ids';
import { quote } from '../rules/text';

/** One certificate of a bundle, as parsed. */
export interface CertificateInfo {
  /** The PEM block, exactly as given. */
  readonly pem: string;
  /** The subject, one line (`CN=Example Root CA, O=Example`). */
  readonly subject: string;
  /** The issuer, one line. */
  readonly issuer: string;
  /** basicConstraints CA:TRUE. */
  readonly ca: boolean;
  /** Issued by itself (its own key verifies its signature). */
  readonly selfSigned: boolean;
  readonly validFrom: Date;
  readonly validTo: Date;
  /** Whether the key usage allows signing certificates; `undefined` when the certificate has no key usage extension. */
  readonly keyCertSign?: boolean;
  /** The parsed certificate (for host checks). */
  readonly x509: crypto.X509Certificate;
}

/** What a bundle gives: its certificates in order, and its problems. */
export interface CertificateBundle {
  readonly certificates: CertificateInfo[];
  readonly problems: Problem[];
}

/** Options of `checkCertificateBundle`. */
export interface BundleCheckOptions {
  /** The time the bundle must be valid at (milliseconds since the epoch). @default Date.now() */
  readonly now?: number;
}

/**
 * The PEM blocks of a text, in order, with their labels; `unterminated` when a BEGIN line has no
 * END. One scan (each END is looked for once, from its BEGIN on, and the scan goes on after it).
 */
export function pemBlocks(text: string): { blocks: Array<{ label: string; pem: string }>; unterminated?: string } {
  const blocks: Array<{ label: string; pem: string }> = [];
  for (let at = text.indexOf('-----BEGIN '); at !== -1; at = text.indexOf('-----BEGIN ', at)) {
    // The label is at most 40 characters: look no further (a text of BEGINs alone stays linear).
    const labelLength = text.slice(at + 11, at + 11 + 45).indexOf('-----');
    const label = labelLength === -1 ? '' : text.slice(at + 11, at + 11 + labelLength);
    if (labelLength === -1 || label.length > 40 || !/^[A-Z0-9 ]+$/.test(label)) {
      at += 11;
      continue;
    }
    const end = `-----END ${label}-----`;
    const endAt = text.indexOf(end, at + 16 + labelLength);
    if (endAt === -1) {
      return { blocks, unterminated: label };
    }
    blocks.push({ label, pem: text.slice(at, endAt + end.length) });
    at = endAt + end.length;
  }
  return { blocks };
}

/** A subject or issuer on one line: `CN=x, O=y` (Node gives one attribute per line). */
function oneLine(name: string): string {
  return name.split('\n').filter(Boolean).join(', ');
}

/**
 * Parses a PEM bundle and checks each certificate as TLS clients will use it. `field` names the
 * input in messages (`certificates`, `ConfigMap "ca-bundle" key "ca.crt"`); each certificate is
 * named by its position (from 1) and subject.
 */
export function checkCertificateBundle(text: string, field: string, options: BundleCheckOptions = {}): CertificateBundle {
  const now = options.now ?? Date.now();
  const problems: Problem[] = [];
  const certificates: CertificateInfo[] = [];
  const add = (rule: Problem['rule'], message: string) => problems.push({ rule, message });
  const { blocks, unterminated } = pemBlocks(text);
  for (const [index, { label, pem }] of blocks.entries()) {
    const at = `${field} PEM block ${index + 1}`;
    if (label !== 'CERTIFICATE') {
      add('certificate-pem', /PRIVATE KEY/.test(label)
        ? `${at} is a ${label}: a CA bundle holds certificates only (a private key there is readable by whoever can read the object; remove it and rotate the key)`
        : `${at} is a ${quote(label)} block, not a CERTIFICATE (${label === 'TRUSTED CERTIFICATE' ? 'OpenSSL\'s own form, which Go and Node do not read' : 'TLS clients skip it'})`);
      continue;
    }
    let x509: crypto.X509Certificate;
    try {
      x509 = new crypto.X509Certificate(pem);
    } catch {
      add('certificate-pem', `${at} does not parse as an X.509 certificate (cut, edited or not base64; OpenSSL and Go refuse the whole file)`);
      continue;
    }
    const extensions = extensionsOf(x509.raw);
    const info: CertificateInfo = {
      pem,
      subject: oneLine(x509.subject),
      issuer: oneLine(x509.issuer),
      ca: extensions.ca,
      // Not X509Certificate.checkIssued, which also asks for keyCertSign: a self-signed leaf has none.
      selfSigned: x509.subject === x509.issuer && safeVerify(x509),
      validFrom: new Date(x509.validFrom),
      validTo: new Date(x509.validTo),
      keyCertSign: extensions.keyCertSign,
      x509,
    };
    certificates.push(info);
    const named = `${field} certificate ${certificates.length} (subject ${quote(info.subject)})`;
    if (info.validTo.getTime() < now) {
      add('certificate-expired', `${named} expired on ${info.validTo.toISOString()}: TLS clients refuse every chain through it ("certificate has expired"); renew it`);
    }
    if (info.validFrom.getTime() > now) {
      add('certificate-not-yet-valid', `${named} is not valid before ${info.validFrom.toISOString()}: TLS clients refuse it until then ("certificate is not yet valid"; check the clock of the machine that made it)`);
    }
    if (!info.ca && !info.selfSigned) {
      add('certificate-not-ca', `${named} is a leaf certificate (a server's own, CA:FALSE) issued by ${quote(info.issuer)}: TLS clients trust a server through the CA that issued its certificate, and fail with "unable to get local issuer certificate"; give the certificate of that CA instead`);
    } else if (info.ca && info.keyCertSign === false) {
      add('certificate-key-usage', `${named} is a CA whose key usage does not include keyCertSign: OpenSSL refuses every certificate it issued ("key usage does not include certificate signing"); reissue it with keyUsage keyCertSign`);
    }
  }
  if (unterminated !== undefined) {
    add('certificate-pem', `${field} PEM block ${blocks.length + 1} (${quote(unterminated)}) has no END line: the file is cut`);
  } else if (blocks.length === 0) {
    add('certificate-pem', `${field} holds no PEM certificate (-----BEGIN CERTIFICATE----- ... -----END CERTIFICATE-----); a DER file needs openssl x509 -inform der -outform pem`);
  }
  return { certificates, problems };
}

/** Whether a certificate's own key verifies its signature (false for an algorithm Node cannot verify). */
function safeVerify(x509: crypto.X509Certificate): boolean {
  try {
    return x509.verify(x509.publicKey);
  } catch {
    return false;
  }
}

/**
 * Whether a self-signed leaf certificate names `host` (a registry host, without its port): a
 * client that trusts it as its own anchor still checks the name. `undefined` when it does.
 */
export function hostProblem(info: CertificateInfo, host: string, field: string): string | undefined {
  if (info.ca) {
    return undefined;
  }
  const bare = host.startsWith('[') ? host.slice(1, host.indexOf(']')) : host.replace(/:[0-9]+$/, '');
  const matches = /^[0-9.]+$/.test(bare) || bare.includes(':') ? info.x509.checkIP(bare) !== undefined : info.x509.checkHost(bare) !== undefined;
  return matches ? undefined
    : `${field} (subject ${quote(info.subject)}) is the registry's own self-signed certificate, but its names do not include ${quote(bare)}: docker and the SDK refuse the connection ("certificate is valid for ..., not ${bare}")`;
}

/**
 * What Node's `X509Certificate` does not say as the certificate says it: basicConstraints' cA
 * (Node's `ca` is OpenSSL's X509_check_ca, false for a CA without keyCertSign), and whether the key
 * usage allows signing certificates (`keyCertSign`, bit 5), `undefined` without the extension.
 * Read from the DER (RFC 5280 §4.1, §4.2.1.3, §4.2.1.9).
 */
export function extensionsOf(der: Uint8Array): { ca: boolean; keyCertSign?: boolean } {
  const result: { ca: boolean; keyCertSign?: boolean } = { ca: false };
  try {
    const certificate = readTlv(der, 0);
    const tbs = readTlv(der, certificate.start);
    // tbsCertificate's fields; the extensions are the [3] EXPLICIT field.
    for (let at = tbs.start; at < tbs.end;) {
      const field = readTlv(der, at);
      if (der[at] === 0xa3) {
        const extensions = readTlv(der, field.start);
        for (let e = extensions.start; e < extensions.end;) {
          const extension = readTlv(der, e);
          const oid = readTlv(der, extension.start);
          let value = readTlv(der, oid.end);
          if (der[oid.end] === 0x01) {
            // critical BOOLEAN, then the OCTET STRING
            value = readTlv(der, value.end);
          }
          const id = Buffer.from(der.subarray(oid.start, oid.end));
          if (id.equals(KEY_USAGE_OID)) {
            // BIT STRING: unused-bits byte, then the bits from the most significant.
            const bits = readTlv(der, value.start);
            // eslint-disable-next-line no-bitwise
            result.keyCertSign = bits.end - bits.start > 1 && (der[bits.start + 1] & 0x04) !== 0;
          } else if (id.equals(BASIC_CONSTRAINTS_OID)) {
            // SEQUENCE { cA BOOLEAN DEFAULT FALSE, pathLenConstraint INTEGER OPTIONAL }
            const constraints = readTlv(der, value.start);
            result.ca = constraints.end > constraints.start && der[constraints.start] === 0x01 && der[readTlv(der, constraints.start).start] !== 0;
          }
          e = extension.end;
        }
      }
      at = field.end;
    }
  } catch {
    // A certificate that Node parsed but this reader cannot: keep what was read.
  }
  return result;
}

/** id-ce-keyUsage, 2.5.29.15, and id-ce-basicConstraints, 2.5.29.19, as DER content. */
const KEY_USAGE_OID = Buffer.from([0x55, 0x1d, 0x0f]);
const BASIC_CONSTRAINTS_OID = Buffer.from([0x55, 0x1d, 0x13]);

/** One DER tag-length-value at `at`: where its content starts and ends. */
function readTlv(der: Uint8Array, at: number): { start: number; end: number } {
  let length = der[at + 1];
  let start = at + 2;
  if (length === undefined) {
    throw new Error('truncated');
  }
  // The long form of a DER length: 0x80 + the number of length octets.
  if (length >= 0x80) {
    const octets = length - 0x80;
    if (octets === 0 || octets > 4) {
      throw new Error('unsupported length');
    }
    length = 0;
    for (let i = 0; i < octets; i++) {
      length = length * 256 + der[start + i];
    }
    start += octets;
  }
  const end = start + length;
  if (end > der.length) {
    throw new Error('truncated');
  }
  return { start, end };
}
