import { ApiObjectProps } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { Problem, problem } from '../engine/rule-ids';
import { childPath, throwIfProblemsAt } from '../errors';
import { addFilePodDefault, CredentialsSecret, ExistingSecretCredentials, FileDefaults, FilePodDefaultOptions, IFileCredentials } from './base';
import { CredentialsSecretOptions, ExistingSecretOptions, secretProps } from './secret';
import { buildCredentialsFile } from '../formats/aws-credentials-file';
import { ExternalTemplate } from '../output';
import { NotebookPodDefault } from '../pod-default';
import { externalProfilesOf, S3ConfigurationProvider, settingsOf } from '../providers/s3-provider';
import { checkSecretDataKey } from '../rules/names';
import { AwsCredentialsFile, checkCredentialsText } from '../sources/aws-credentials-file';

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

  /**
   * `aws_access_key_id`. Never printed in errors.
   *
   * @default - required, unless the output is external (`SecretOutput.external`): then the store holds it and a value given here is not used
   */
  readonly accessKeyId?: string;

  /**
   * `aws_secret_access_key`. Never printed in errors.
   *
   * @default - required, unless the output is external (`SecretOutput.external`): then the store holds it and a value given here is not used
   */
  readonly secretAccessKey?: string;

  /**
   * `aws_session_token`, for temporary credentials. Never printed in errors.
   *
   * @default - not written
   */
  readonly sessionToken?: string;

  /**
   * With external output: the remote secret also holds this profile's session token
   * (`<profile>_aws_session_token`), written as `aws_session_token`.
   *
   * @default - only when `sessionToken` is given
   */
  readonly withSessionToken?: boolean;
}

/**
 * Options for the Secret of `AwsFileCredentials`.
 */
export interface AwsFileSecretOptions extends CredentialsSecretOptions {
  /**
   * The Secret key that holds the credentials file; any other key is mounted as `credentials`.
   *
   * @default 'credentials'
   */
  readonly key?: string;
}

/**
 * Properties of `AwsFileCredentials`: exactly one of `profiles`, `credentialsFile` and `file`.
 */
export interface AwsFileCredentialsProps extends AwsFileSecretOptions {
  /**
   * Profiles to write into a new credentials file.
   *
   * @default - none; give `credentialsFile` instead
   */
  readonly profiles?: AwsProfile[];

  /**
   * The contents of an existing credentials file, stored byte for byte.
   *
   * @default - none; give `profiles` or `file` instead
   */
  readonly credentialsFile?: string;

  /**
   * A credentials file read and checked already (`AwsCredentialsFile.fromFile`, a provider's
   * `file`), stored byte for byte and not parsed again.
   *
   * @default - none; give `profiles` or `credentialsFile` instead
   */
  readonly file?: AwsCredentialsFile;
}

/** The Kaptain guide's names and paths for the AWS credentials file. */
const AWS_FILE_DEFAULTS: FileDefaults = {
  name: 'aws-credentials',
  desc: 'Add AWS credentials',
  secretName: 'aws-credentials',
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
export class AwsFileCredentials extends CredentialsSecret implements IFileCredentials {
  /**
   * Stores an existing credentials file, byte for byte (as `kubectl create secret generic
   * --from-file=credentials=<path>` would), after checking it like `credentialsFile`.
   *
   * @param path the credentials file
   * @param scope the scope in which to define the construct (a Chart, or a construct in one)
   * @param id the construct id, unique among its siblings
   * @param options the Secret's name, namespace and immutability; each has a default
   */
  public static fromFile(scope: Construct, id: string, path: string, options: AwsFileSecretOptions = {}): AwsFileCredentials {
    return new AwsFileCredentials(scope, id, { ...options, file: AwsCredentialsFile._read(path, childPath(scope, id)) });
  }

  /**
   * Writes the credentials of an `S3ConfigurationProvider` as a credentials file: the file
   * itself, byte for byte, for a provider loaded from one; otherwise a `[default]` profile with
   * its access key, secret key and session token.
   *
   * @param scope the scope in which to define the construct (a Chart, or a construct in one)
   * @param id the construct id, unique among its siblings
   * @param provider the configuration provider whose credentials and settings are written
   * @param options the Secret's name, namespace and immutability; each has a default
   */
  public static fromProvider(
    scope: Construct, id: string, provider: S3ConfigurationProvider, options: AwsFileSecretOptions = {},
  ): AwsFileCredentials {
    if (provider.file !== undefined) {
      return new AwsFileCredentials(scope, id, { ...options, file: provider.file });
    }
    const external = externalProfilesOf(provider);
    if (external !== undefined) {
      throwIfProblemsAt(childPath(scope, id), [options.output?.isExternal ? undefined
        : 'the provider holds profile names only (S3ConfigurationProvider.forExternalCredentialsFile) and no credentials: it needs output SecretOutput.external(...)']);
      return new AwsFileCredentials(scope, id, { ...options, profiles: external.map((p) => ({ ...p })) });
    }
    const credentials = settingsOf(provider);
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
   * @param secret the Secret's name, or an `ISecret` (a `Secret` of any cdk8s-plus major, a cdk8s `ApiObject` Secret, or one of this library's credentials constructs; its namespace is checked)
   * @param scope the scope in which to define the construct (a Chart, or a construct in one)
   * @param id the construct id, unique among its siblings
   * @param options the Secret's namespace and keys; each has a default
   */
  public static fromExistingSecret(
    scope: Construct, id: string, secret: string | kplus.ISecret, options: ExistingSecretOptions = {},
  ): IFileCredentials {
    return new ExistingSecretCredentials(scope, id, secret, options, AWS_FILE_DEFAULTS);
  }

  /** Checks the props and renders the Secret, before it exists. */
  private static prepare(scope: Construct, id: string, props: AwsFileCredentialsProps): { secret: ApiObjectProps; profiles: string[] } {
    const key = props.key ?? AWS_FILE_DEFAULTS.fileName;
    const problems: Array<Problem | undefined> = [problem('secret-data', checkSecretDataKey('key', key))];
    if ([props.profiles, props.credentialsFile, props.file].filter((s) => s !== undefined).length !== 1) {
      throwIfProblemsAt(childPath(scope, id), [...problems, 'give exactly one of profiles, credentialsFile and file (or use AwsFileCredentials.fromExistingSecret)']);
    }
    let content: string;
    let profiles: string[];
    let template: ExternalTemplate | undefined;
    if (props.profiles !== undefined) {
      const built = buildCredentialsFile(props.profiles, { external: props.output?.isExternal });
      problems.push(...built.problems);
      content = built.content;
      template = { fields: built.fields, templates: { [key]: built.template } };
      profiles = Array.isArray(props.profiles) ? props.profiles.map((p, i) => p?.name ?? (i === 0 ? 'default' : '')) : [];
    } else if (props.file !== undefined) {
      if (!(props.file instanceof AwsCredentialsFile)) {
        throwIfProblemsAt(childPath(scope, id), ['file must be an AwsCredentialsFile (AwsCredentialsFile.fromFile or fromText)']);
      }
      // Checked once, where the value was made.
      content = props.file.text();
      profiles = props.file.profiles;
    } else {
      content = typeof props.credentialsFile === 'string' ? props.credentialsFile : '';
      const parsed = checkCredentialsText(content, 'credentialsFile');
      problems.push(...parsed.problems);
      profiles = [...parsed.profiles.keys()];
    }
    const data = new Map([[key, Buffer.from(content, 'utf8')]]);
    return { secret: secretProps(scope, id, props, 'aws-credentials', data, problems, template), profiles };
  }

  /** The Secret key that holds the credentials file. */
  public readonly key: string;

  /** The profile names of the file. */
  public readonly profiles: string[];

  /**
   * @param scope the construct this one belongs to: a `Chart` (whose namespace is the default one) or a construct in one
   * @param id the construct's id, unique among its scope's children; error messages name the construct by its path
   * @param props the profiles of the credentials file and the Secret to write
   */
  public constructor(scope: Construct, id: string, props: AwsFileCredentialsProps) {
    const prepared = AwsFileCredentials.prepare(scope, id, props ?? {});
    super(scope, id, prepared.secret);
    this.key = props?.key ?? AWS_FILE_DEFAULTS.fileName;
    this.profiles = prepared.profiles;
  }

  /**
   * Adds the PodDefault that mounts the credentials file: by default `aws-credentials`
   * ("Add AWS credentials", selector `aws-credentials: "true"`), volume `aws-secret-volume` at
   * `/home/kubeflow/.aws/`.
   *
   * The Kaptain guide gives this PodDefault the selector `docker-config: "true"`, a copy-paste
   * bug that makes ticking either box apply both; this library uses `aws-credentials`.
   *
   * @param options the PodDefault's name, description, selector and mount; each has the Kaptain guide's default
   */
  public addPodDefault(options: FilePodDefaultOptions = {}): NotebookPodDefault {
    return addFilePodDefault(this, this.secretName, this.key, AWS_FILE_DEFAULTS, options);
  }
}
