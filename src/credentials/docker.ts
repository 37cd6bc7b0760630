import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { childPath, throwIfProblems, throwIfProblemsAt } from '../errors';
import { NotebookPodDefault } from '../pod-default';
import { FileDefaults, FilePodDefaultOptions, NotebookCredentials } from './base';
import { buildDockerConfig, checkDockerConfig } from './docker-config';
import { checkCredentialBytes, readCredentialFile } from './files';
import { CredentialsSecretOptions, ExistingSecretOptions } from './secret';
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
 * Properties of `DockerCredentials`: exactly one of `registries`, `configJson` and `existingSecret`.
 */
export interface DockerCredentialsProps extends CredentialsSecretOptions {
  /**
   * Registries to write into a new config.json.
   *
   * @default - none; give `configJson` or `existingSecret` instead
   */
  readonly registries?: DockerRegistryCredentials[];

  /**
   * The contents of an existing config.json (e.g. written by `docker login` with `credsStore`
   * removed), stored byte for byte.
   *
   * @default - none; give `registries` or `existingSecret` instead
   */
  readonly configJson?: string;

  /**
   * A Secret that already exists in the cluster (by name, or a cdk8s-plus-27 `ISecret`): no
   * Secret is written, only the PodDefaults.
   *
   * @default - none; give `registries` or `configJson` instead
   */
  readonly existingSecret?: string | kplus.ISecret;

  /**
   * The Secret key that holds config.json. Any other key is mounted as `config.json`, so an
   * image-pull Secret (key `.dockerconfigjson`) works too.
   *
   * @default 'config.json'
   */
  readonly key?: string;
}

/** The Kaptain guide's names and paths for Docker credentials. */
const DOCKER_DEFAULTS: FileDefaults = {
  name: 'docker-config',
  desc: 'Add Docker registry credentials',
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
export class DockerCredentials extends NotebookCredentials {
  /**
   * Stores an existing config.json file, byte for byte (as `kubectl create secret generic
   * --from-file=config.json=<path>` would). Missing, unreadable, empty, non-UTF-8 and BOM-prefixed
   * files are refused, and so is every problem `configJson` is checked for.
   *
   * @param path the config.json file
   */
  public static fromFile(scope: Construct, id: string, path: string, options: CredentialsSecretOptions = {}): DockerCredentials {
    const file = readCredentialFile(path, 'Docker config');
    throwIfProblemsAt(childPath(scope, id), file.problem ? [file.problem] : checkDockerConfig(file.text!, `file ${JSON.stringify(path)}`).problems);
    return new DockerCredentials(scope, id, { ...options, configJson: file.text });
  }

  /**
   * Writes the config.json of a `DockerConfigurationProvider` (e.g. the Docker provider of a
   * `Config`).
   */
  public static fromProvider(
    scope: Construct, id: string, provider: DockerConfigurationProvider, options: CredentialsSecretOptions = {},
  ): DockerCredentials {
    return new DockerCredentials(scope, id, { ...options, configJson: provider.configJson() });
  }

  /**
   * References a Secret that exists in the cluster (managed by External Secrets, Sealed Secrets
   * or by hand): nothing is written but the PodDefaults.
   *
   * @param secret the Secret's name, or a cdk8s-plus-27 `ISecret`
   */
  public static fromExistingSecret(
    scope: Construct, id: string, secret: string | kplus.ISecret, options: ExistingSecretOptions = {},
  ): DockerCredentials {
    return new DockerCredentials(scope, id, { existingSecret: secret, namespace: options.namespace, key: options.key });
  }

  /** The Secret key that holds config.json. */
  public readonly key: string;

  /** The registries of the config.json (its `auths` keys), when this construct writes it. */
  public readonly registries: string[];

  public constructor(scope: Construct, id: string, props: DockerCredentialsProps = {}) {
    super(scope, id);
    this.key = props.key ?? DOCKER_DEFAULTS.fileName;
    const sources = [props.registries, props.configJson, props.existingSecret].filter((s) => s !== undefined).length;
    const problems: Array<string | undefined> = [checkSecretDataKey('key', this.key)];
    if (sources !== 1) {
      problems.push('give exactly one of registries, configJson and existingSecret');
      throwIfProblems(this, problems);
    }

    if (props.existingSecret !== undefined) {
      this._referenceSecret(props.existingSecret, { namespace: props.namespace, keys: [this.key] }, props, problems);
      this.registries = [];
      return;
    }

    let content: string;
    if (props.registries !== undefined) {
      const built = buildDockerConfig(props.registries);
      problems.push(...built.problems);
      content = built.content;
      this.registries = built.problems.length > 0 ? [] : Object.keys(JSON.parse(content).auths);
    } else {
      content = typeof props.configJson === 'string' ? props.configJson : '';
      const bytesProblem = checkCredentialBytes(Buffer.from(content, 'utf8'), 'configJson');
      const check = bytesProblem ? { problems: [bytesProblem], registries: [] } : checkDockerConfig(content, 'configJson');
      problems.push(...check.problems);
      this.registries = check.registries;
    }
    this._writeSecret(props, 'docker-secret', new Map([[this.key, Buffer.from(content, 'utf8')]]), problems);
  }

  /**
   * Adds the PodDefault that mounts config.json: by default the guide's `docker-config`
   * ("Add Docker registry credentials", selector `docker-config: "true"`), volume
   * `docker-secret-volume` at `/home/kubeflow/.docker/`.
   */
  public addPodDefault(options: FilePodDefaultOptions = {}): NotebookPodDefault {
    return this._addFilePodDefault(options, DOCKER_DEFAULTS, this.key);
  }
}
