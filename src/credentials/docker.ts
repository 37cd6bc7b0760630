import { ApiObjectProps } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { Problem, problem } from '../engine/rule-ids';
import { childPath, throwIfProblemsAt } from '../errors';
import { NotebookPodDefault } from '../pod-default';
import { addFilePodDefault, CredentialsSecret, ExistingSecretCredentials, FileDefaults, FilePodDefaultOptions, IFileCredentials } from './base';
import { CredentialsSecretOptions, ExistingSecretOptions, secretProps } from './secret';
import { buildDockerConfig, DockerRegistryCredentials } from '../formats/docker-config';
import { coverageProblem, coveredRegistries } from '../formats/image-reference';
import { ExternalTemplate } from '../output';
import { DockerConfigurationProvider } from '../providers/docker-provider';
import { checkSecretDataKey } from '../rules/names';
import { checkConfigJson, DockerConfig } from '../sources/docker-config';

/**
 * Options for the Secret of `DockerCredentials`.
 */
export interface DockerSecretOptions extends CredentialsSecretOptions {
  /**
   * Images the notebooks must be able to pull or push, e.g. the model image of a Kaptain
   * deployment (`ghcr.io/team/model:1`, `python:3.11` meaning Docker Hub,
   * `registry.example.com:5000/x`). Each is resolved as docker resolves it, and the
   * credentials must cover its registry, or the construct fails.
   *
   * @default - no image is required
   */
  readonly requiredImages?: string[];

  /**
   * The Secret key that holds config.json. Any other key is mounted as `config.json`.
   *
   * @default 'config.json'
   */
  readonly key?: string;
}

/**
 * Properties of `DockerCredentials`: exactly one of `registries`, `configJson` and `config`.
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
   * @default - none; give `registries` or `config` instead
   */
  readonly configJson?: string;

  /**
   * A config.json read and checked already (`DockerConfig.fromFile`, a provider's `config`),
   * stored byte for byte and not parsed again.
   *
   * @default - none; give `registries` or `configJson` instead
   */
  readonly config?: DockerConfig;
}

/** The Kaptain guide's names and paths for Docker credentials. */
export const DOCKER_DEFAULTS: FileDefaults = {
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
   * @param scope the scope in which to define the construct (a Chart, or a construct in one)
   * @param id the construct id, unique among its siblings
   * @param options the Secret's name, namespace and immutability; each has a default
   */
  public static fromFile(scope: Construct, id: string, path: string, options: DockerSecretOptions = {}): DockerCredentials {
    return new DockerCredentials(scope, id, { ...options, config: DockerConfig._read(path, childPath(scope, id)) });
  }

  /**
   * Writes the config.json of a `DockerConfigurationProvider` (e.g. the Docker provider of a
   * `Config`). The provider has checked it already: it is not parsed again.
   *
   * @param scope the scope in which to define the construct (a Chart, or a construct in one)
   * @param id the construct id, unique among its siblings
   * @param provider the configuration provider whose credentials and settings are written
   * @param options the Secret's name, namespace and immutability; each has a default
   */
  public static fromProvider(
    scope: Construct, id: string, provider: DockerConfigurationProvider, options: DockerSecretOptions = {},
  ): DockerCredentials {
    return new DockerCredentials(scope, id, { ...options, config: provider.config });
  }

  /**
   * References a Secret that exists in the cluster (managed by External Secrets, Sealed Secrets
   * or by hand): nothing is written but the PodDefaults. With `key: '.dockerconfigjson'`, an
   * image-pull Secret is mounted as `config.json`.
   *
   * @param secret the Secret's name, or an `ISecret` (a `Secret` of any cdk8s-plus major, a cdk8s `ApiObject` Secret, or one of this library's credentials constructs; its namespace is checked)
   * @param scope the scope in which to define the construct (a Chart, or a construct in one)
   * @param id the construct id, unique among its siblings
   * @param options the Secret's namespace and keys; each has a default
   */
  public static fromExistingSecret(
    scope: Construct, id: string, secret: string | kplus.ISecret, options: ExistingSecretOptions = {},
  ): IFileCredentials {
    return new ExistingSecretCredentials(scope, id, secret, options, DOCKER_DEFAULTS);
  }

  /** Checks the props and renders the Secret, before it exists. */
  private static prepare(scope: Construct, id: string, props: DockerCredentialsProps): { secret: ApiObjectProps; registries: string[] } {
    const key = props.key ?? DOCKER_DEFAULTS.fileName;
    const problems: Array<Problem | undefined> = [problem('secret-data', checkSecretDataKey('key', key))];
    if ([props.registries, props.configJson, props.config].filter((s) => s !== undefined).length !== 1) {
      throwIfProblemsAt(childPath(scope, id), [...problems, 'give exactly one of registries, configJson and config (or use DockerCredentials.fromExistingSecret)']);
    }
    if (props.config !== undefined && !(props.config instanceof DockerConfig)) {
      throwIfProblemsAt(childPath(scope, id), ['config must be a DockerConfig (DockerConfig.fromFile, fromJson or fromRegistries)']);
    }
    // Registry servers only (fromRegistryServers) are registries without values: external output only.
    const shapeOnly = props.config?._shapeOnly === true;
    if (shapeOnly && !props.output?.isExternal) {
      throwIfProblemsAt(childPath(scope, id), ['config names registry servers only (fromRegistryServers) and holds no credentials: it needs output SecretOutput.external(...)']);
    }
    const registryInput = shapeOnly ? props.config!.registries.map((server) => ({ server })) : props.registries;
    let content: string;
    let registries: string[];
    let template: ExternalTemplate | undefined;
    if (registryInput !== undefined) {
      const built = buildDockerConfig(registryInput, { external: props.output?.isExternal });
      problems.push(...built.problems);
      content = built.content;
      template = { fields: built.fields, templates: { [key]: built.template } };
      registries = built.problems.length > 0 ? [] : Object.keys(JSON.parse(content).auths);
    } else if (props.config !== undefined) {
      // Checked once, where the value was made.
      content = props.config.configJson();
      registries = props.config.registries;
    } else {
      content = typeof props.configJson === 'string' ? props.configJson : '';
      const check = checkConfigJson(content, 'configJson');
      problems.push(...check.problems);
      registries = check.registries;
    }
    // Coverage is asked of a config.json that has no problem of its own.
    if (!problems.some((p) => p !== undefined)) {
      for (const [index, image] of (props.requiredImages ?? []).entries()) {
        problems.push(problem('docker-required-images', coverageProblem(`requiredImages[${index}]`, image, registries)));
      }
    }
    const data = new Map([[key, Buffer.from(content, 'utf8')]]);
    return { secret: secretProps(scope, id, props, 'docker-secret', data, problems, template), registries };
  }

  /** The Secret key that holds config.json. */
  public readonly key: string;

  /** The registries of the config.json (its `auths` keys). */
  public readonly registries: string[];

  /** The registry hosts it has credentials for (`docker.io` for Docker Hub). */
  public get coveredRegistries(): string[] {
    return coveredRegistries(this.registries);
  }

  /**
   * @param scope the construct this one belongs to: a `Chart` (whose namespace is the default one) or a construct in one
   * @param id the construct's id, unique among its scope's children; error messages name the construct by its path
   * @param props the registries of the config.json and the Secret to write
   */
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
   *
   * @param options the PodDefault's name, description, selector and mount; each has the Kaptain guide's default
   */
  public addPodDefault(options: FilePodDefaultOptions = {}): NotebookPodDefault {
    return addFilePodDefault(this, this.secretName, this.key, DOCKER_DEFAULTS, options);
  }

  /**
   * Whether docker finds credentials in this config.json for an image, resolving the reference
   * as docker does (`model:1` is Docker Hub's `library/model`; a first component with `.` or
   * `:`, or `localhost`, is the registry).
   *
   * @param image an image reference, e.g. `ghcr.io/team/model:1`
   */
  public covers(image: string): boolean {
    return coverageProblem('image', image, this.registries) === undefined;
  }
}
