import { DockerRegistryCredentials } from '../formats/docker-config';
import { inspectAs, REDACTED } from '../redact';
import { quote } from '../rules/text';
import { DockerConfig } from '../sources/docker-config';

/**
 * The Docker configuration of the Kaptain SDK's `Config`: a checked config.json (a
 * `DockerConfig`, which `DockerCredentials.fromProvider` writes without parsing it again).
 *
 * `fromFile` and `fromRegistries` load and check eagerly, so a missing or broken file fails
 * where the provider is created; `default()` reads its file when first used, so that a `Config`
 * whose Docker credentials are never written (e.g. `NotebookAccess` with an existing Secret)
 * reads no file. The contents (auths, passwords, tokens) are never printed: `toString()`, `toJSON()`
 * and `util.inspect` show the source and the registries only.
 *
 * @example
 * const docker = DockerConfigurationProvider.fromFile(`${process.env.HOME}/.docker/config.json`);
 */
export class DockerConfigurationProvider {
  /** Where the Kaptain SDK reads the Docker configuration in a notebook. */
  public static readonly DEFAULT_PATH = '/home/kubeflow/.docker/config.json';

  /**
   * `/home/kubeflow/.docker/config.json`, as the SDK reads it in a notebook. The file is read
   * and checked when the provider is first used (its registries or contents), and fails then
   * with a clear error if it is not present.
   */
  public static default(): DockerConfigurationProvider {
    const path = DockerConfigurationProvider.DEFAULT_PATH;
    return new DockerConfigurationProvider(path, () => DockerConfig._read(path, 'DockerConfigurationProvider.default()'));
  }

  /**
   * Loads a config.json file. Missing, unreadable, empty, non-UTF-8 and BOM-prefixed files
   * fail, and so does every problem `DockerCredentials` checks for (CRLF line ends are fine).
   *
   * @param path the config.json file
   */
  public static fromFile(path: string): DockerConfigurationProvider {
    return DockerConfigurationProvider.fromConfig(DockerConfig._read(path, 'DockerConfigurationProvider.fromFile()'));
  }

  /**
   * Builds a config.json from registry credentials (for pipelines that hold credentials in
   * variables rather than files).
   *
   * @param registries each registry with its username and password
   */
  public static fromRegistries(registries: DockerRegistryCredentials[]): DockerConfigurationProvider {
    return DockerConfigurationProvider.fromConfig(DockerConfig._build(registries, 'DockerConfigurationProvider.fromRegistries()'));
  }

  /**
   * Registry servers only, for `SecretOutput.external`: the external store holds the
   * credentials, so none is read or held here (`DockerConfig.fromRegistryServers`).
   *
   * @param servers registry addresses, e.g. `ghcr.io`
   */
  public static fromRegistryServers(servers: string[]): DockerConfigurationProvider {
    return DockerConfigurationProvider.fromConfig(DockerConfig.fromRegistryServers(servers));
  }

  /**
   * A config.json read or built already.
   *
   * @param config the checked config.json
   */
  public static fromConfig(config: DockerConfig): DockerConfigurationProvider {
    const provider = new DockerConfigurationProvider(config.source, () => config);
    provider.load();
    return provider;
  }

  /** Where the configuration came from: a file path, or `registries`. */
  public readonly source: string;

  private readonly reader: () => DockerConfig;
  private loaded?: DockerConfig;

  private constructor(source: string, reader: () => DockerConfig) {
    this.source = source;
    this.reader = reader;
  }

  /** The checked config.json (read now, for `default()`). */
  public get config(): DockerConfig {
    return this.load();
  }

  /** The registries it has credentials for (the `auths` keys). */
  public get registries(): string[] {
    return [...this.load().registries];
  }

  /** The registry hosts it has credentials for (`docker.io` for Docker Hub). */
  public get coveredRegistries(): string[] {
    return this.load().coveredRegistries;
  }

  /**
   * Whether docker finds credentials in this config.json for an image, resolving the reference
   * as docker does.
   *
   * @param image an image reference, e.g. `ghcr.io/team/model:1`
   */
  public covers(image: string): boolean {
    return this.load().covers(image);
  }

  /** The config.json contents, exactly as loaded or built. It holds credentials: do not log it. */
  public configJson(): string {
    return this.load().configJson();
  }

  /** A description without credentials. */
  public toString(): string {
    const registries = this.loaded === undefined ? 'not read yet' : `[${this.loaded.registries.map(quote).join(', ')}]`;
    return `DockerConfigurationProvider(source: ${quote(this.source)}, registries: ${registries}, auths: ${REDACTED})`;
  }

  /** What `JSON.stringify` shows: no credentials. */
  public toJSON(): { [key: string]: any } {
    return { kind: 'DockerConfigurationProvider', source: this.source, registries: this.loaded?.registries, auths: REDACTED };
  }

  /** Reads the source once. */
  /**
   * Whether the config.json was read already (`default()` reads it when first used).
   * @internal
   */
  public get _isLoaded(): boolean {
    return this.loaded !== undefined;
  }

  private load(): DockerConfig {
    this.loaded ??= this.reader();
    return this.loaded;
  }
}

inspectAs(DockerConfigurationProvider.prototype, (self: DockerConfigurationProvider) => self.toString());
