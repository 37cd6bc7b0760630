import { inspectAs } from '../redact';
import { quote } from '../rules/text';
import { CaCertificates } from '../sources/ca-certificates';

/**
 * The Kaptain SDK's `DockerRegistryCertificateProvider`: the CA certificate of a private Docker
 * registry (`kaptain.platform.config.certificates`). In a notebook the SDK reads it from
 * `/home/kubeflow/.tls/certificate.crt`, where `DockerRegistryCertificate` mounts the Secret
 * `docker-registry-certificate` (key `certificate.crt`).
 *
 * Certificates are checked as TLS clients will use them (`CaCertificates`).
 *
 * @example
 * const config = new Config({
 *   dockerConfigProvider: DockerConfigurationProvider.fromFile('config.json'),
 *   dockerRegistryUrl: 'my.private.registry:5000',
 *   dockerRegistryCertificateProvider: DockerRegistryCertificateProvider.fromFile('certificate.crt'),
 * });
 */
export class DockerRegistryCertificateProvider {
  /** Where the Kaptain SDK reads the registry certificate in a notebook (`$HOME/.tls/certificate.crt`). */
  public static readonly DEFAULT_PATH = '/home/kubeflow/.tls/certificate.crt';

  /**
   * `/home/kubeflow/.tls/certificate.crt`, as the SDK's `DockerRegistryCertificateProvider.default()`:
   * read when first used (so that a `NotebookAccess` that writes no certificate Secret reads no
   * file), and failing then if it is not present.
   */
  public static default(): DockerRegistryCertificateProvider {
    const path = DockerRegistryCertificateProvider.DEFAULT_PATH;
    return new DockerRegistryCertificateProvider(path, () => CaCertificates._read(path, 'DockerRegistryCertificateProvider.default()'));
  }

  /**
   * A certificate file (PEM, one certificate or a bundle), read and checked now, as the SDK's
   * `DockerRegistryCertificateProvider.from_file(path)`.
   *
   * @param path the PEM file
   */
  public static fromFile(path: string): DockerRegistryCertificateProvider {
    return DockerRegistryCertificateProvider.fromCertificates(CaCertificates._read(path, 'DockerRegistryCertificateProvider.fromFile()'));
  }

  /**
   * Certificates read and checked already.
   *
   * @param certificates the registry's CA certificate (or its own self-signed certificate)
   */
  public static fromCertificates(certificates: CaCertificates): DockerRegistryCertificateProvider {
    if (!(certificates instanceof CaCertificates)) {
      throw new Error('[DockerRegistryCertificateProvider.fromCertificates()] certificates must be CaCertificates (CaCertificates.fromFile or fromPem)');
    }
    const provider = new DockerRegistryCertificateProvider(certificates.source, () => certificates);
    provider.load();
    return provider;
  }

  /** Where the certificate comes from: a file path, or the source of the `CaCertificates` given. */
  public readonly source: string;

  private readonly reader: () => CaCertificates;
  private loaded?: CaCertificates;

  private constructor(source: string, reader: () => CaCertificates) {
    this.source = source;
    this.reader = reader;
  }

  /** The certificates (read now for `default()`). */
  public get certificates(): CaCertificates {
    return this.load();
  }

  /** A description: the source, and the subjects once read. */
  public toString(): string {
    const subjects = this.loaded === undefined ? 'not read yet' : `[${this.loaded.subjects.map(quote).join(', ')}]`;
    return `DockerRegistryCertificateProvider(source: ${quote(this.source)}, certificates: ${subjects})`;
  }

  /** What `JSON.stringify` shows. */
  public toJSON(): { [key: string]: any } {
    return { kind: 'DockerRegistryCertificateProvider', source: this.source, subjects: this.loaded?.subjects };
  }

  private load(): CaCertificates {
    this.loaded ??= this.reader();
    return this.loaded;
  }
}

inspectAs(DockerRegistryCertificateProvider.prototype, (self: DockerRegistryCertificateProvider) => self.toString());
