import { DockerRegistryCertificateProvider } from './certificate-provider';
import { DockerConfigurationProvider } from './docker-provider';
import { DefaultMinioConfigurationProvider, S3ConfigurationProvider } from './s3-provider';
import { Problem, problem } from '../engine/rule-ids';
import { throwIfProblemsAt } from '../errors';
import { hostProblem } from '../formats/certificates';
import { registryCoverageProblem, registryOfUrl } from '../formats/image-reference';
import { inspectAs } from '../redact';
import { quote } from '../rules/text';

/**
 * Properties of a `Config`.
 */
export interface ConfigProps {
  /** Where the Docker registry credentials come from. Mandatory, as in the SDK. */
  readonly dockerConfigProvider: DockerConfigurationProvider;

  /**
   * Where the S3 storage configuration comes from.
   *
   * @default - `DefaultMinioConfigurationProvider.default()`, the in-cluster MinIO
   */
  readonly storageConfigProvider?: S3ConfigurationProvider;

  /**
   * The private registry the SDK pushes the model's images to, as the SDK's `docker_registry_url`
   * (`my.private.registry:5000`). The Docker credentials must cover it (checked as docker looks
   * up credentials); with `dockerRegistryCertificateProvider`, a self-signed registry certificate
   * must name its host.
   *
   * @default - none (the registry of each image, as docker resolves it)
   */
  readonly dockerRegistryUrl?: string;

  /**
   * The registry's CA certificate, as the SDK's `docker_registry_certificate_provider`:
   * `NotebookAccess` writes it into the Secret `docker-registry-certificate` (key
   * `certificate.crt`) of every namespace, mounted at `/home/kubeflow/.tls/`.
   *
   * @default - none (the registry's certificate is signed by a CA the notebook image trusts)
   */
  readonly dockerRegistryCertificateProvider?: DockerRegistryCertificateProvider;
}

/**
 * The Kaptain SDK's configuration: a Docker configuration provider and a storage configuration
 * provider. `NotebookAccess` stamps it over profile namespaces.
 *
 * @example
 * const config = new Config({
 *   dockerConfigProvider: DockerConfigurationProvider.fromFile('config.json'),
 *   storageConfigProvider: S3ConfigurationProvider.fromEnv(),
 * });
 */
export class Config {
  /**
   * `DockerConfigurationProvider.default()` and `DefaultMinioConfigurationProvider.default()`:
   * what the SDK uses in a notebook. Fails if `/home/kubeflow/.docker/config.json` is absent.
   */
  public static default(): Config {
    return new Config({ dockerConfigProvider: DockerConfigurationProvider.default() });
  }

  /** The Docker configuration provider. */
  public readonly dockerConfigProvider: DockerConfigurationProvider;

  /** The storage configuration provider. */
  public readonly storageConfigProvider: S3ConfigurationProvider;

  /** The private registry the SDK pushes images to (`docker_registry_url`), if any. */
  public readonly dockerRegistryUrl?: string;

  /** The registry's CA certificate provider (`docker_registry_certificate_provider`), if any. */
  public readonly dockerRegistryCertificateProvider?: DockerRegistryCertificateProvider;

  private registryChecked = false;

  /**
   * @param props the two providers: Docker registries (`DockerConfigurationProvider`) and storage (`S3ConfigurationProvider`; the in-cluster MinIO by default), and optionally a private registry's URL and certificate
   */
  public constructor(props: ConfigProps) {
    if (!(props?.dockerConfigProvider instanceof DockerConfigurationProvider)) {
      throw new Error('[Config] dockerConfigProvider is required (a DockerConfigurationProvider, e.g. DockerConfigurationProvider.fromFile(path)), as in the Kaptain SDK');
    }
    if (props.storageConfigProvider !== undefined && !(props.storageConfigProvider instanceof S3ConfigurationProvider)) {
      throw new Error('[Config] storageConfigProvider must be an S3ConfigurationProvider (or DefaultMinioConfigurationProvider)');
    }
    const certificate = props.dockerRegistryCertificateProvider;
    if (certificate !== undefined && !(certificate instanceof DockerRegistryCertificateProvider)) {
      throw new Error('[Config] dockerRegistryCertificateProvider must be a DockerRegistryCertificateProvider (DockerRegistryCertificateProvider.fromFile(path))');
    }
    const url = props.dockerRegistryUrl;
    throwIfProblemsAt('Config', [url === undefined ? undefined : problem('docker-registry-url', registryOfUrl(url).problem && `dockerRegistryUrl ${quote(String(url))} ${registryOfUrl(url).problem}`)]);
    this.dockerConfigProvider = props.dockerConfigProvider;
    this.storageConfigProvider = props.storageConfigProvider ?? DefaultMinioConfigurationProvider.default();
    this.dockerRegistryUrl = url;
    this.dockerRegistryCertificateProvider = props.dockerRegistryCertificateProvider;
    // Providers that read their file when first used (default()) are checked when that happens.
    if (this.dockerConfigProvider._isLoaded) {
      this._checkRegistry();
    }
  }

  /**
   * Checks `dockerRegistryUrl` against the Docker credentials and the registry certificate (each
   * read now if it was not), once: the credentials must cover the registry, and a self-signed
   * registry certificate must name its host.
   * @internal
   */
  public _checkRegistry(): void {
    if (this.registryChecked || this.dockerRegistryUrl === undefined) {
      return;
    }
    const url = this.dockerRegistryUrl;
    const problems: Array<Problem | undefined> = [
      problem('docker-registry-url', registryCoverageProblem('dockerRegistryUrl', url, this.dockerConfigProvider.registries)),
    ];
    const registry = registryOfUrl(url).registry!;
    for (const [index, certificate] of (this.dockerRegistryCertificateProvider?.certificates._certificates ?? []).entries()) {
      problems.push(problem('certificate-host', certificate.selfSigned ? hostProblem(certificate, registry, `dockerRegistryCertificateProvider certificate ${index + 1}`) : undefined));
    }
    throwIfProblemsAt('Config', problems);
    this.registryChecked = true;
  }

  /** A description without credentials. */
  public toString(): string {
    const registry = this.dockerRegistryUrl === undefined ? '' : `, dockerRegistryUrl: ${quote(this.dockerRegistryUrl)}`;
    const certificate = this.dockerRegistryCertificateProvider === undefined ? '' : `, certificate: ${this.dockerRegistryCertificateProvider}`;
    return `Config(docker: ${this.dockerConfigProvider}, storage: ${this.storageConfigProvider}${registry}${certificate})`;
  }

  /** What `JSON.stringify` shows: no credentials. */
  public toJSON(): { [key: string]: any } {
    return {
      kind: 'Config',
      dockerConfigProvider: this.dockerConfigProvider.toJSON(),
      storageConfigProvider: this.storageConfigProvider.toJSON(),
      dockerRegistryUrl: this.dockerRegistryUrl,
      dockerRegistryCertificateProvider: this.dockerRegistryCertificateProvider?.toJSON(),
    };
  }
}

inspectAs(Config.prototype, (self: Config) => self.toString());
