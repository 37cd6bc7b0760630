import { DockerConfigurationProvider } from './docker-provider';
import { inspectAs } from '../redact';
import { DefaultMinioConfigurationProvider, S3ConfigurationProvider } from './s3-provider';

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

  /**
   * @param props the two providers: Docker registries (`DockerConfigurationProvider`) and storage (`S3ConfigurationProvider`; the in-cluster MinIO by default)
   */
  public constructor(props: ConfigProps) {
    if (!(props?.dockerConfigProvider instanceof DockerConfigurationProvider)) {
      throw new Error('[Config] dockerConfigProvider is required (a DockerConfigurationProvider, e.g. DockerConfigurationProvider.fromFile(path)), as in the Kaptain SDK');
    }
    if (props.storageConfigProvider !== undefined && !(props.storageConfigProvider instanceof S3ConfigurationProvider)) {
      throw new Error('[Config] storageConfigProvider must be an S3ConfigurationProvider (or DefaultMinioConfigurationProvider)');
    }
    this.dockerConfigProvider = props.dockerConfigProvider;
    this.storageConfigProvider = props.storageConfigProvider ?? DefaultMinioConfigurationProvider.default();
  }

  /** A description without credentials. */
  public toString(): string {
    return `Config(docker: ${this.dockerConfigProvider}, storage: ${this.storageConfigProvider})`;
  }

  /** What `JSON.stringify` shows: no credentials. */
  public toJSON(): { [key: string]: any } {
    return { kind: 'Config', dockerConfigProvider: this.dockerConfigProvider.toJSON(), storageConfigProvider: this.storageConfigProvider.toJSON() };
  }
}

inspectAs(Config.prototype, (self: Config) => self.toString());
