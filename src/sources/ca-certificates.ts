import * as tls from 'tls';
import { throwIfProblemsAt } from '../errors';
import { CertificateInfo, checkCertificateBundle } from '../formats/certificates';
import { decodeCredentialBytes, readCredentialFile } from '../formats/files';
import { inspectAs } from '../redact';
import { quote } from '../rules/text';

/** What a value holds: its text as given, and its certificates in order. */
interface Content {
  readonly text: string;
  readonly certificates: readonly CertificateInfo[];
}
const CONTENT = new WeakMap<CaCertificates, Content>();

/**
 * CA certificates in PEM, read and checked once as TLS clients will use them (see README,
 * "Private CAs"): every block a certificate that parses as X.509, valid now, a CA whose key
 * usage allows signing certificates, or a self-signed certificate (a server's own, trusted as its
 * own anchor); no private key. A bundle of several keeps its order. What
 * `DockerRegistryCertificateProvider` holds, `DockerRegistryCertificate` writes into a Secret and
 * `CaBundle` into a ConfigMap.
 *
 * Certificates are not secrets, but `toString()` shows their subjects, not the PEM.
 *
 * @example
 * const certificates = CaCertificates.fromFile('corporate-ca.pem');
 */
export class CaCertificates {
  /**
   * Reads a PEM file (one certificate or a bundle). Missing, unreadable, empty, over 1 MiB,
   * non-UTF-8 and BOM-prefixed files fail, and so does every certificate problem.
   *
   * @param path the PEM file
   */
  public static fromFile(path: string): CaCertificates {
    return CaCertificates._read(path, 'CaCertificates.fromFile()');
  }

  /**
   * Checks PEM text (one certificate or a bundle), kept byte for byte.
   *
   * @param pem the certificates, `-----BEGIN CERTIFICATE-----` ...
   */
  public static fromPem(pem: string): CaCertificates {
    return CaCertificates._check(typeof pem === 'string' ? pem : '', 'pem', 'CaCertificates.fromPem()');
  }

  /**
   * The root CAs that Node.js ships (Mozilla's CA store, `tls.rootCertificates` of the Node.js
   * that runs synth) that are valid now: what to append to a private CA when the bundle replaces
   * a client's trust store (`SSL_CERT_FILE`, `REQUESTS_CA_BUNDLE`). A root that has expired (the
   * store of a Node.js release ages) or is not valid yet is left out. The same Node.js version
   * gives the same bytes until one of its roots expires.
   */
  public static nodeRootCertificates(): CaCertificates {
    const now = Date.now();
    const valid = tls.rootCertificates
      .map((pem) => checkCertificateBundle(pem, 'tls.rootCertificates', { now }))
      .filter((root) => root.problems.length === 0 && root.certificates.length === 1)
      .map((root) => root.certificates[0]);
    return new CaCertificates('tls.rootCertificates', valid.map((c) => `${c.pem.trim()}\n`).join(''), valid);
  }

  /**
   * Bundles in order: the certificates of each, one after the other.
   *
   * @param bundles the bundles to join
   */
  public static concat(...bundles: CaCertificates[]): CaCertificates {
    const texts = bundles.map((b) => {
      const text = b.text();
      return text.endsWith('\n') ? text : `${text}\n`;
    });
    return new CaCertificates(bundles.map((b) => b.source).join(' + '), texts.join(''), bundles.flatMap((b) => [...CONTENT.get(b)!.certificates]));
  }

  /**
   * Reads and checks a file; problems are thrown at `caller` (a construct path, or a factory).
   * @internal
   */
  public static _read(path: string, caller: string): CaCertificates {
    const file = readCredentialFile(path, 'certificate');
    throwIfProblemsAt(caller, [file.problem]);
    return CaCertificates._check(file.text!, `file ${quote(path)}`, caller, path);
  }

  /** @internal */
  public static _check(text: string, field: string, caller: string, source: string = field): CaCertificates {
    const bytes = decodeCredentialBytes(Buffer.from(text, 'utf8'), field, 'certificate');
    throwIfProblemsAt(caller, [bytes.problem]);
    const bundle = checkCertificateBundle(text, field);
    throwIfProblemsAt(caller, bundle.problems);
    return new CaCertificates(source, text, bundle.certificates);
  }

  /** Where it came from: a file path, `pem`, or `tls.rootCertificates`. */
  public readonly source: string;

  private constructor(source: string, text: string, certificates: readonly CertificateInfo[]) {
    this.source = source;
    CONTENT.set(this, { text, certificates });
  }

  /** The subject of each certificate, in order (`CN=Example Root CA, O=Example`). */
  public get subjects(): string[] {
    return CONTENT.get(this)!.certificates.map((c) => c.subject);
  }

  /** The PEM text exactly as given (for a bundle made with `concat`, each part ends with a newline). */
  public text(): string {
    return CONTENT.get(this)!.text;
  }

  /**
   * The parsed certificates, in order.
   * @internal
   */
  public get _certificates(): readonly CertificateInfo[] {
    return CONTENT.get(this)!.certificates;
  }

  /** A description: the source and the subjects, not the PEM. */
  public toString(): string {
    const subjects = this.subjects;
    const shown = subjects.length > 3 ? [...subjects.slice(0, 3).map(quote), `${subjects.length - 3} more`] : subjects.map(quote);
    return `CaCertificates(source: ${quote(this.source)}, certificates: [${shown.join(', ')}])`;
  }

  /** What `JSON.stringify` shows: the source and the subjects. */
  public toJSON(): { [key: string]: any } {
    return { kind: 'CaCertificates', source: this.source, subjects: this.subjects };
  }
}

inspectAs(CaCertificates.prototype, (self: CaCertificates) => self.toString());
