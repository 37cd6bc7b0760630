import { Problem, problem } from '../engine/rule-ids';
import { throwIfProblemsAt } from '../errors';
import { buildDockerConfig, checkDockerConfig, checkRegistryAddress, DockerRegistryCredentials, normalizeRegistry } from '../formats/docker-config';
import { decodeCredentialBytes, readCredentialFile } from '../formats/files';
import { coverageProblem, coveredRegistries } from '../formats/image-reference';
import { inspectAs, REDACTED, SecretStore } from '../redact';
import { quote } from '../rules/text';

/** The problems of a config.json's text (its bytes, then as docker and podman read it), and its registries. */
export function checkConfigJson(text: string, field: string): { problems: Problem[]; registries: string[] } {
  const bytes = decodeCredentialBytes(Buffer.from(text, 'utf8'), field, 'docker');
  return bytes.problem ? { problems: [bytes.problem], registries: [] } : checkDockerConfig(text, field);
}

/** The contents of each value, kept out of every printout. */
const CONTENT = new SecretStore<string>();
/** Values that name registry servers only (for external output), without any credential. */
const SHAPE_ONLY = new WeakSet<DockerConfig>();

/**
 * A Docker `config.json`, read and checked once as docker, podman and kaniko read it: what
 * `DockerConfigurationProvider` holds and what `DockerCredentials` writes (`config` prop), so
 * that the file is parsed once wherever it goes. Like aws-cdk's `lambda.Code`, one value class
 * whose factories hold what they read.
 *
 * Its contents (auths, passwords, tokens) are never printed: `toString()`, `toJSON()` and
 * `util.inspect` show the source and the registries only.
 *
 * @example
 * const config = DockerConfig.fromFile(`${process.env.HOME}/.docker/config.json`);
 * new DockerCredentials(chart, 'Docker', { config });
 */
export class DockerConfig {
  /**
   * Reads a config.json file. Missing, unreadable, empty, non-UTF-8 and BOM-prefixed files
   * fail, and so does every problem a config.json is checked for (CRLF line ends are fine).
   *
   * @param path the config.json file
   */
  public static fromFile(path: string): DockerConfig {
    return DockerConfig._read(path, 'DockerConfig.fromFile()');
  }

  /**
   * Checks the text of a config.json (e.g. written by `docker login` with `credsStore` removed),
   * stored byte for byte.
   *
   * @param configJson the file's contents
   */
  public static fromJson(configJson: string): DockerConfig {
    return DockerConfig._check(typeof configJson === 'string' ? configJson : '', 'configJson', 'DockerConfig.fromJson()');
  }

  /**
   * Builds a config.json from registry credentials, formatted as `docker login` writes it.
   *
   * @param registries each registry with its username and password
   */
  public static fromRegistries(registries: DockerRegistryCredentials[]): DockerConfig {
    return DockerConfig._build(registries, 'DockerConfig.fromRegistries()');
  }

  /**
   * Registry servers only, for `SecretOutput.external`: the external store holds their
   * credentials, so nothing secret is read or held. `DockerCredentials` (and `NotebookAccess`)
   * accept it with external output only; `configJson()` has nothing to give.
   *
   * @param servers registry addresses, written as `docker login` writes them (Docker Hub as `https://index.docker.io/v1/`)
   */
  public static fromRegistryServers(servers: string[]): DockerConfig {
    const caller = 'DockerConfig.fromRegistryServers()';
    const list = Array.isArray(servers) ? servers : [];
    const keys = list.map((server) => (checkRegistryAddress('', server) === undefined ? normalizeRegistry(server) : undefined));
    throwIfProblemsAt(caller, [
      list.length === 0 ? 'servers is empty (give at least one registry server)' : undefined,
      ...list.map((server, i) => problem('docker-registry-key', checkRegistryAddress(`servers[${i}]`, server))),
      ...keys.map((key, i) => (key !== undefined && keys.indexOf(key) !== i ? problem('docker-registry-key', `servers[${i}] is the same registry as servers[${keys.indexOf(key)}]`) : undefined)),
    ]);
    const config = new DockerConfig('registry servers', '', keys as string[]);
    SHAPE_ONLY.add(config);
    return config;
  }

  /**
   * Whether it names registry servers only (`fromRegistryServers`).
   * @internal
   */
  public get _shapeOnly(): boolean {
    return SHAPE_ONLY.has(this);
  }

  /**
   * Builds a config.json; problems are thrown at `caller`.
   * @internal
   */
  public static _build(registries: DockerRegistryCredentials[], caller: string): DockerConfig {
    const built = buildDockerConfig(registries);
    throwIfProblemsAt(caller, built.problems);
    return new DockerConfig('registries', built.content, Object.keys(JSON.parse(built.content).auths));
  }

  /**
   * Reads and checks a file; problems are thrown at `caller` (a construct path, or a factory).
   * @internal
   */
  public static _read(path: string, caller: string): DockerConfig {
    const file = readCredentialFile(path, 'Docker config');
    throwIfProblemsAt(caller, [file.problem]);
    return DockerConfig._check(file.text!, `file ${quote(path)}`, caller, path);
  }

  /**
   * Checks a config.json's text; problems name it `field` and are thrown at `caller`.
   * @internal
   */
  public static _check(text: string, field: string, caller: string, source: string = 'configJson'): DockerConfig {
    const check = checkConfigJson(text, field);
    throwIfProblemsAt(caller, check.problems);
    return new DockerConfig(source, text, check.registries);
  }

  /** Where it came from: a file path, `configJson` or `registries`. */
  public readonly source: string;

  /** The registries it has credentials for (its `auths` keys). */
  public readonly registries: string[];

  private constructor(source: string, content: string, registries: string[]) {
    this.source = source;
    this.registries = registries;
    CONTENT.set(this, content);
  }

  /** The registry hosts it has credentials for (`docker.io` for Docker Hub). */
  public get coveredRegistries(): string[] {
    return coveredRegistries(this.registries);
  }

  /**
   * Whether docker finds credentials in this config.json for an image, resolving the reference
   * as docker does (`model:1` is Docker Hub's `library/model`).
   *
   * @param image an image reference, e.g. `ghcr.io/team/model:1`
   */
  public covers(image: string): boolean {
    return coverageProblem('image', image, this.registries) === undefined;
  }

  /** The config.json contents, exactly as read or built. It holds credentials: do not log it. */
  public configJson(): string {
    if (SHAPE_ONLY.has(this)) {
      throw new Error('[DockerConfig] this value names registry servers only (fromRegistryServers): the external store holds their credentials, and there is no config.json here');
    }
    return CONTENT.get(this);
  }

  /** A description without credentials. */
  public toString(): string {
    return `DockerConfig(source: ${quote(this.source)}, registries: [${this.registries.map(quote).join(', ')}], auths: ${REDACTED})`;
  }

  /** What `JSON.stringify` shows: no credentials. */
  public toJSON(): { [key: string]: any } {
    return { kind: 'DockerConfig', source: this.source, registries: this.registries, auths: REDACTED };
  }
}

inspectAs(DockerConfig.prototype, (self: DockerConfig) => self.toString());
