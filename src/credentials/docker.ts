import { ApiObjectProps } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { childPath, throwIfProblemsAt } from '../errors';
import { NotebookPodDefault } from '../pod-default';
import { addFilePodDefault, CredentialsSecret, ExistingSecretCredentials, FileDefaults, FilePodDefaultOptions, IFileCredentials } from './base';
import { buildDockerConfig, checkDockerConfig } from './docker-config';
import { decodeCredentialBytes, readCredentialFile } from './files';
import { CredentialsSecretOptions, ExistingSecretOptions, secretProps } from './secret';
import { DockerConfigurationProvider } from '../providers/docker-provider';
import { checkSecretDataKey } from '../rules/names';

/**
 * One registry's credentials.
 */
export interface DockerRegistryCredentials {
  /**
   * The registry address. Every Docker Hub spelling (`docker.io`, `index.docker.io`,
   * `https://registry-1.docker.io`, ...) is written as `https://index.docker.io/v1/`, the only
   * key docker and kaniko look up for Docker Hub.
   *
   * @example 'registry.example.com:5000'
   */
  readonly server: string;

  /** The username: not empty, no `:`. */
  readonly username: string;

  /** The password or access token. Never printed in errors. */
  readonly password: string;

  /**
   * An e-mail address (legacy field, kept for old registries).
   *
   * @default - not written
   */
  readonly email?: string;
}

/**
 * Options for the Secret of `DockerCredentials`.
 */
export interface DockerSecretOptions extends CredentialsSecretOptions {
  /**
   * The Secret key that holds config.json. Any other key is mounted as `config.json`.
   *
   * @default 'config.json'
   */
  readonly key?: string;
}

/**
 * Properties of `DockerCredentials`: exactly one of `registries` and `configJson`.
 */
export interface DockerCredentialsProps extends DockerSecretOptions {
  /**
   * Registries to write into a new config.json.
   *
   * @default - none; give `configJson` instead
   */
  readonly registries?: DockerRegistryCredentials[];

  /**
   * The contents of an existing config.json (e.g. written by `docker login` with `credsStore`
   * removed), stored byte for byte.
   *
   * @default - none; give `registries` instead
   */
  readonly configJson?: string;
}

/** The Kaptain guide's names and paths for Docker credentials. */
const DOCKER_DEFAULTS: FileDefaults = {
  name: 'docker-config',
  desc: 'Add Docker registry credentials',
  secretName: 'docker-secret',
  volumeName: 'docker-secret-volume',
  mountPath: '/home/kubeflow/.docker/',
  fileName: 'config.json',
};

/**
 * Docker registry credentials for notebooks: a generic (Opaque) Secret `docker-secret` whose key
 * `config.json` holds `{"auths": {...}}`, and a PodDefault that mounts it at
 * `/home/kubeflow/.docker/`, where the Kaptain SDK (and docker, kaniko) read
 * `/home/kubeflow/.docker/config.json`.
 *
 * @example
 * const docker = new DockerCredentials(chart, 'Docker', {
 *   registries: [{ server: 'docker.io', username: 'me', password: process.env.DOCKER_TOKEN! }],
 * });
 * docker.addPodDefault();
 */
export class DockerCredentials extends CredentialsSecret implements IFileCredentials {
  /**
   * Stores an existing config.json file, byte for byte (as `kubectl create secret generic
   * --from-file=config.json=<path>` would). Missing, unreadable, empty, non-UTF-8 and BOM-prefixed
   * files are refused, and so is every problem `configJson` is checked for.
   *
   * @param path the config.json file
   */
  public static fromFile(scope: Construct, id: string, path: string, options: DockerSecretOptions = {}): DockerCredentials {
    const file = readCredentialFile(path, 'Docker config');
    throwIfProblemsAt(childPath(scope, id), file.problem ? [file.problem] : checkDockerConfig(file.text!, `file ${JSON.stringify(path)}`).problems);
    return new DockerCredentials(scope, id, { ...options, configJson: file.text });
  }

  /**
   * Writes the config.json of a `DockerConfigurationProvider` (e.g. the Docker provider of a
   * `Config`).
   */
  public static fromProvider(
    scope: Construct, id: string, provider: DockerConfigurationProvider, options: DockerSecretOptions = {},
  ): DockerCredentials {
    return new DockerCredentials(scope, id, { ...options, configJson: provider.configJson() });
  }

  /**
   * References a Secret that exists in the cluster (managed by External Secrets, Sealed Secrets
   * or by hand): nothing is written but the PodDefaults. With `key: '.dockerconfigjson'`, an
   * image-pull Secret is mounted as `config.json`.
   *
   * @param secret the Secret's name, or an `ISecret` (a `Secret` of any cdk8s-plus major, a cdk8s `ApiObject` Secret, or one of this library's credentials constructs; its namespace is checked)
   */
  public static fromExistingSecret(
    scope: Construct, id: string, secret: string | kplus.ISecret, options: ExistingSecretOptions = {},
  ): IFileCredentials {
    return new ExistingSecretCredentials(scope, id, secret, options, DOCKER_DEFAULTS);
  }

  /** Checks the props and renders the Secret, before it exists. */
  private static prepare(scope: Construct, id: string, props: DockerCredentialsProps): { secret: ApiObjectProps; registries: string[] } {
    const key = props.key ?? DOCKER_DEFAULTS.fileName;
    const problems: Array<string | undefined> = [checkSecretDataKey('key', key)];
    if ([props.registries, props.configJson].filter((s) => s !== undefined).length !== 1) {
      throwIfProblemsAt(childPath(scope, id), [...problems, 'give exactly one of registries and configJson (or use DockerCredentials.fromExistingSecret)']);
    }
    let content: string;
    let registries: string[];
    if (props.registries !== undefined) {
      const built = buildDockerConfig(props.registries);
      problems.push(...built.problems);
      content = built.content;
      registries = built.problems.length > 0 ? [] : Object.keys(JSON.parse(content).auths);
    } else {
      content = typeof props.configJson === 'string' ? props.configJson : '';
      const bytesProblem = decodeCredentialBytes(Buffer.from(content, 'utf8'), 'configJson', 'docker').problem;
      const check = bytesProblem ? { problems: [bytesProblem], registries: [] } : checkDockerConfig(content, 'configJson');
      problems.push(...check.problems);
      registries = check.registries;
    }
    const data = new Map([[key, Buffer.from(content, 'utf8')]]);
    return { secret: secretProps(childPath(scope, id), props, 'docker-secret', data, problems), registries };
  }

  /** The Secret key that holds config.json. */
  public readonly key: string;

  /** The registries of the config.json (its `auths` keys). */
  public readonly registries: string[];

  public constructor(scope: Construct, id: string, props: DockerCredentialsProps) {
    const prepared = DockerCredentials.prepare(scope, id, props ?? {});
    super(scope, id, prepared.secret);
    this.key = props?.key ?? DOCKER_DEFAULTS.fileName;
    this.registries = prepared.registries;
  }

  /**
   * Adds the PodDefault that mounts config.json: by default the guide's `docker-config`
   * ("Add Docker registry credentials", selector `docker-config: "true"`), volume
   * `docker-secret-volume` at `/home/kubeflow/.docker/`.
   */
  public addPodDefault(options: FilePodDefaultOptions = {}): NotebookPodDefault {
    return addFilePodDefault(this, this.secretName, this.key, DOCKER_DEFAULTS, options);
  }
}
