import type { DockerRegistryCredentials } from '../credentials/docker';
import { buildDockerConfig, checkDockerConfig } from '../credentials/docker-config';
import { readCredentialFile } from '../credentials/files';
import { throwIfProblemsAt } from '../errors';
import { inspectAs, REDACTED, SecretStore } from '../redact';
import { quote } from '../rules/text';

/** The config.json of each provider, kept out of every printout. */
const CONFIG_JSON = new SecretStore<string>();

/**
 * The Docker configuration of the Kaptain SDK's `Config`: a checked config.json.
 *
 * Factories load and check eagerly, so a missing or broken file fails where the provider is
 * created. The contents (auths, passwords, tokens) are never printed: `toString()`, `toJSON()`
 * and `util.inspect` show the source and the registries only.
 *
 * @example
 * const docker = DockerConfigurationProvider.fromFile(`${process.env.HOME}/.docker/config.json`);
 */
export class DockerConfigurationProvider {
  /** Where the Kaptain SDK reads the Docker configuration in a notebook. */
  public static readonly DEFAULT_PATH = '/home/kubeflow/.docker/config.json';

  /**
   * Loads `/home/kubeflow/.docker/config.json`, as the SDK does in a notebook; fails with a
   * clear error if the file is not present.
   */
  public static default(): DockerConfigurationProvider {
    return DockerConfigurationProvider.load(DockerConfigurationProvider.DEFAULT_PATH, 'DockerConfigurationProvider.default()');
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
   */
  public static fromRegistries(registries: DockerRegistryCredentials[]): DockerConfigurationProvider {
    const built = buildDockerConfig(registries);
    throwIfProblemsAt('DockerConfigurationProvider.fromRegistries()', built.problems);
    return new DockerConfigurationProvider('registries', built.content, Object.keys(JSON.parse(built.content).auths));
  }

  private static load(path: string, caller: string): DockerConfigurationProvider {
    const file = readCredentialFile(path, 'Docker config');
    throwIfProblemsAt(caller, file.problem ? [file.problem] : []);
    const check = checkDockerConfig(file.text!, `file ${quote(path)}`);
    throwIfProblemsAt(caller, check.problems);
    return new DockerConfigurationProvider(path, file.text!, check.registries);
  }

  /** Where the configuration came from: a file path, or `registries`. */
  public readonly source: string;

  /** The registries it has credentials for (the `auths` keys). */
  public readonly registries: string[];

  private constructor(source: string, configJson: string, registries: string[]) {
    this.source = source;
    this.registries = registries;
    CONFIG_JSON.set(this, configJson);
  }

  /** The config.json contents, exactly as loaded or built. It holds credentials: do not log it. */
  public configJson(): string {
    return CONFIG_JSON.get(this);
  }

  /** A description without credentials. */
  public toString(): string {
    return `DockerConfigurationProvider(source: ${quote(this.source)}, registries: [${this.registries.map(quote).join(', ')}], auths: ${REDACTED})`;
  }

  /** What `JSON.stringify` shows: no credentials. */
  public toJSON(): { [key: string]: any } {
    return { kind: 'DockerConfigurationProvider', source: this.source, registries: this.registries, auths: REDACTED };
  }
}

inspectAs(DockerConfigurationProvider.prototype, (self: DockerConfigurationProvider) => self.toString());
