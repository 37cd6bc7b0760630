import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { childPath, throwIfProblems, throwIfProblemsAt } from '../errors';
import { NotebookPodDefault } from '../pod-default';
import { buildCredentialsFile, parseCredentialsFile } from './aws-credentials-file';
import { FileDefaults, FilePodDefaultOptions, NotebookCredentials } from './base';
import { checkCredentialBytes, readCredentialFile } from './files';
import { CredentialsSecretOptions, ExistingSecretOptions } from './secret';
import { credentialsOf, S3ConfigurationProvider } from '../providers/s3-provider';
import { checkSecretDataKey } from '../rules/names';

/**
 * One profile of an AWS shared credentials file.
 */
export interface AwsProfile {
  /**
   * The profile's name (the section `[name]`).
   *
   * @default 'default' for the first profile; required for the others
   */
  readonly name?: string;

  /** `aws_access_key_id`. Never printed in errors. */
  readonly accessKeyId: string;

  /** `aws_secret_access_key`. Never printed in errors. */
  readonly secretAccessKey: string;

  /**
   * `aws_session_token`, for temporary credentials. Never printed in errors.
   *
   * @default - not written
   */
  readonly sessionToken?: string;
}

/**
 * Properties of `AwsFileCredentials`: exactly one of `profiles`, `credentialsFile` and `existingSecret`.
 */
export interface AwsFileCredentialsProps extends CredentialsSecretOptions {
  /**
   * Profiles to write into a new credentials file.
   *
   * @default - none; give `credentialsFile` or `existingSecret` instead
   */
  readonly profiles?: AwsProfile[];

  /**
   * The contents of an existing credentials file, stored byte for byte.
   *
   * @default - none; give `profiles` or `existingSecret` instead
   */
  readonly credentialsFile?: string;

  /**
   * A Secret that already exists in the cluster (by name, or a cdk8s-plus-27 `ISecret`): no
   * Secret is written, only the PodDefaults.
   *
   * @default - none; give `profiles` or `credentialsFile` instead
   */
  readonly existingSecret?: string | kplus.ISecret;

  /**
   * The Secret key that holds the credentials file; any other key is mounted as `credentials`.
   *
   * @default 'credentials'
   */
  readonly key?: string;
}

/** The Kaptain guide's names and paths for the AWS credentials file. */
const AWS_FILE_DEFAULTS: FileDefaults = {
  name: 'aws-credentials',
  desc: 'Add AWS credentials',
  volumeName: 'aws-secret-volume',
  mountPath: '/home/kubeflow/.aws/',
  fileName: 'credentials',
};

/**
 * An AWS shared credentials file for notebooks: a Secret `aws-credentials` whose key
 * `credentials` holds `[default]` with `aws_access_key_id` and `aws_secret_access_key`, and a
 * PodDefault that mounts it at `/home/kubeflow/.aws/`, where the SDKs read
 * `/home/kubeflow/.aws/credentials`.
 *
 * @example
 * const aws = new AwsFileCredentials(chart, 'Aws', {
 *   profiles: [{ accessKeyId: process.env.KEY_ID!, secretAccessKey: process.env.SECRET!}],
 * });
 * aws.addPodDefault();
 */
export class AwsFileCredentials extends NotebookCredentials {
  /**
   * Stores an existing credentials file, byte for byte (as `kubectl create secret generic
   * --from-file=credentials=<path>` would), after checking it like `credentialsFile`.
   *
   * @param path the credentials file
   */
  public static fromFile(scope: Construct, id: string, path: string, options: CredentialsSecretOptions = {}): AwsFileCredentials {
    const file = readCredentialFile(path, 'AWS credentials');
    throwIfProblemsAt(childPath(scope, id), file.problem ? [file.problem] : parseCredentialsFile(file.text!, `file ${JSON.stringify(path)}`).problems);
    return new AwsFileCredentials(scope, id, { ...options, credentialsFile: file.text });
  }

  /**
   * Writes the credentials of an `S3ConfigurationProvider` as a credentials file: the file
   * itself, byte for byte, for a provider loaded from one; otherwise a `[default]` profile with
   * its access key, secret key and session token.
   */
  public static fromProvider(
    scope: Construct, id: string, provider: S3ConfigurationProvider, options: CredentialsSecretOptions = {},
  ): AwsFileCredentials {
    const credentials = credentialsOf(provider);
    if (credentials.file !== undefined) {
      return new AwsFileCredentials(scope, id, { ...options, credentialsFile: credentials.file });
    }
    throwIfProblemsAt(childPath(scope, id), [credentials.accessKeyId === undefined
      ? `the provider ${provider} holds no credentials to write into a file (its credentials come from a Secret in the cluster; use AwsEnvConfiguration.fromProvider)`
      : undefined]);
    return new AwsFileCredentials(scope, id, {
      ...options,
      profiles: [{ accessKeyId: credentials.accessKeyId!, secretAccessKey: credentials.secretAccessKey!, sessionToken: credentials.sessionToken }],
    });
  }

  /**
   * References a Secret that exists in the cluster: nothing is written but the PodDefaults.
   *
   * @param secret the Secret's name, or a cdk8s-plus-27 `ISecret`
   */
  public static fromExistingSecret(
    scope: Construct, id: string, secret: string | kplus.ISecret, options: ExistingSecretOptions = {},
  ): AwsFileCredentials {
    return new AwsFileCredentials(scope, id, { existingSecret: secret, namespace: options.namespace, key: options.key });
  }

  /** The Secret key that holds the credentials file. */
  public readonly key: string;

  /** The profile names of the file, when this construct writes it. */
  public readonly profiles: string[];

  public constructor(scope: Construct, id: string, props: AwsFileCredentialsProps = {}) {
    super(scope, id);
    this.key = props.key ?? AWS_FILE_DEFAULTS.fileName;
    const sources = [props.profiles, props.credentialsFile, props.existingSecret].filter((s) => s !== undefined).length;
    const problems: Array<string | undefined> = [checkSecretDataKey('key', this.key)];
    if (sources !== 1) {
      problems.push('give exactly one of profiles, credentialsFile and existingSecret');
      throwIfProblems(this, problems);
    }

    if (props.existingSecret !== undefined) {
      this._referenceSecret(props.existingSecret, { namespace: props.namespace, keys: [this.key] }, props, problems);
      this.profiles = [];
      return;
    }

    let content: string;
    if (props.profiles !== undefined) {
      const built = buildCredentialsFile(props.profiles);
      problems.push(...built.problems);
      content = built.content;
      this.profiles = props.profiles.map((p, i) => p.name ?? (i === 0 ? 'default' : ''));
    } else {
      content = typeof props.credentialsFile === 'string' ? props.credentialsFile : '';
      const bytesProblem = checkCredentialBytes(Buffer.from(content, 'utf8'), 'credentialsFile');
      const parsed = bytesProblem ? { problems: [bytesProblem], profiles: new Map() } : parseCredentialsFile(content, 'credentialsFile');
      problems.push(...parsed.problems);
      this.profiles = [...parsed.profiles.keys()];
    }
    this._writeSecret(props, 'aws-credentials', new Map([[this.key, Buffer.from(content, 'utf8')]]), problems);
  }

  /**
   * Adds the PodDefault that mounts the credentials file: by default `aws-credentials`
   * ("Add AWS credentials", selector `aws-credentials: "true"`), volume `aws-secret-volume` at
   * `/home/kubeflow/.aws/`.
   *
   * The Kaptain guide gives this PodDefault the selector `docker-config: "true"`, a copy-paste
   * bug that makes ticking either box apply both; this library uses `aws-credentials`.
   */
  public addPodDefault(options: FilePodDefaultOptions = {}): NotebookPodDefault {
    return this._addFilePodDefault(options, AWS_FILE_DEFAULTS, this.key);
  }
}
