import { throwIfProblemsAt } from '../errors';
import { buildDockerConfig, checkDockerConfig, DockerRegistryCredentials } from '../formats/docker-config';
import { readCredentialFile } from '../formats/files';
import { coverageProblem, coveredRegistries } from '../formats/image-reference';
import { inspectAs, REDACTED, SecretStore } from '../redact';
import { quote } from '../rules/text';

/** A config.json and its registries. */
interface Loaded {
  readonly configJson: string;
  readonly registries: string[];
}

/** The config.json of each provider, kept out of every printout. */
const CONFIG_JSON = new SecretStore<string>();

/**
 * The Docker configuration of the Kaptain SDK's `Config`: a checked config.json.
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
    return new DockerConfigurationProvider(path, () => DockerConfigurationProvider.read(path, 'DockerConfigurationProvider.default()'));
  }

  /**
   * Loads a config.json file. Missing, unreadable, empty, non-UTF-8 and BOM-prefixed files
   * fail, and so does every problem `DockerCredentials` checks for (CRLF line ends are fine).
   *
   * @param path the config.json file
   */
  public static fromFile(path: string): DockerConfigurationProvider {
    return DockerConfigurationProvider.load(path, 'DockerConfigurationProvider.fromFile()');
  }

  /**
   * Builds a config.json from registry credentials (for pipelines that hold credentials in
   * variables rather than files).
   *
   * @param registries each registry with its username and password
   */
  public static fromRegistries(registries: DockerRegistryCredentials[]): DockerConfigurationProvider {
    const built = buildDockerConfig(registries);
    throwIfProblemsAt('DockerConfigurationProvider.fromRegistries()', built.problems);
    const loaded = { configJson: built.content, registries: Object.keys(JSON.parse(built.content).auths) };
    return new DockerConfigurationProvider('registries', () => loaded).load();
  }

  private static load(path: string, caller: string): DockerConfigurationProvider {
    return new DockerConfigurationProvider(path, () => DockerConfigurationProvider.read(path, caller)).load();
  }

  private static read(path: string, caller: string): Loaded {
    const file = readCredentialFile(path, 'Docker config');
    throwIfProblemsAt(caller, file.problem ? [file.problem] : []);
    const check = checkDockerConfig(file.text!, `file ${quote(path)}`);
    throwIfProblemsAt(caller, check.problems);
    return { configJson: file.text!, registries: check.registries };
  }

  /** Where the configuration came from: a file path, or `registries`. */
  public readonly source: string;

  private readonly reader: () => Loaded;
  private loadedRegistries?: string[];

  private constructor(source: string, reader: () => Loaded) {
    this.source = source;
    this.reader = reader;
  }

  /** The registries it has credentials for (the `auths` keys). */
  public get registries(): string[] {
    return [...this.load().loadedRegistries!];
  }

  /** The registry hosts it has credentials for (`docker.io` for Docker Hub). */
  public get coveredRegistries(): string[] {
    return coveredRegistries(this.registries);
  }

  /**
   * Whether docker finds credentials in this config.json for an image, resolving the reference
   * as docker does.
   *
   * @param image an image reference, e.g. `ghcr.io/team/model:1`
   */
  public covers(image: string): boolean {
    return coverageProblem('image', image, this.registries) === undefined;
  }

  /** The config.json contents, exactly as loaded or built. It holds credentials: do not log it. */
  public configJson(): string {
    return CONFIG_JSON.get(this.load());
  }

  /** A description without credentials. */
  public toString(): string {
    const registries = this.loadedRegistries === undefined ? 'not read yet' : `[${this.loadedRegistries.map(quote).join(', ')}]`;
    return `DockerConfigurationProvider(source: ${quote(this.source)}, registries: ${registries}, auths: ${REDACTED})`;
  }

  /** What `JSON.stringify` shows: no credentials. */
  public toJSON(): { [key: string]: any } {
    return { kind: 'DockerConfigurationProvider', source: this.source, registries: this.loadedRegistries, auths: REDACTED };
  }

  /** Reads the source once. */
  private load(): this {
    if (this.loadedRegistries === undefined) {
      const loaded = this.reader();
      CONFIG_JSON.set(this, loaded.configJson);
      this.loadedRegistries = loaded.registries;
    }
    return this;
  }
}

inspectAs(DockerConfigurationProvider.prototype, (self: DockerConfigurationProvider) => self.toString());
