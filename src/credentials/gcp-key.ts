import { ApiObjectProps } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { CredentialsSecret, ExistingSecretCredentials, FileDefaults, FilePodDefaultOptions, IFileCredentials, mountFile, newPodDefault } from './base';
import { CredentialsSecretOptions, ExistingSecretOptions, secretProps } from './secret';
import { Problem, problem } from '../engine/rule-ids';
import { childPath, throwIfProblemsAt } from '../errors';
import { decodeCredentialBytes, readCredentialFile } from '../formats/files';
import { checkGcpKeyFile, GCP_KEY } from '../formats/gcp-key';
import { addLauncherConfig, PipelineLauncherConfig, PipelineLauncherOptions } from '../pipelines';
import { NotebookPodDefault } from '../pod-default';
import { checkSecretDataKey } from '../rules/names';
import { quote } from '../rules/text';

/**
 * Options for the Secret of `GcpServiceAccountKey`.
 */
export interface GcpServiceAccountKeyOptions extends CredentialsSecretOptions {
  /**
   * The Secret key that holds the key file. Any other key is mounted as `user-gcp-sa.json`.
   *
   * @default 'user-gcp-sa.json'
   */
  readonly key?: string;
}

/**
 * Properties of `GcpServiceAccountKey`.
 */
export interface GcpServiceAccountKeyProps extends GcpServiceAccountKeyOptions {
  /**
   * The key file's contents (the JSON `gcloud iam service-accounts keys create` writes), stored
   * byte for byte. Never printed. With external output it is not needed: the store holds it.
   *
   * @default - none: required unless the output is external
   */
  readonly keyJson?: string;
}

/** Kubeflow's names and paths for a service-account key. */
export const GCP_KEY_DEFAULTS: FileDefaults = {
  name: 'gcp-credentials',
  desc: 'Add Google Cloud credentials',
  secretName: GCP_KEY.secretName,
  volumeName: 'user-gcp-sa-volume',
  mountPath: GCP_KEY.mountPath,
  fileName: GCP_KEY.key,
};

/**
 * Google Cloud credentials for notebooks, in Kubeflow's long-standing layout: the Secret
 * `user-gcp-sa` whose key `user-gcp-sa.json` holds a service-account key, and a PodDefault that
 * mounts it at `/secret/gcp` and sets `GOOGLE_APPLICATION_CREDENTIALS=/secret/gcp/user-gcp-sa.json`,
 * which google-auth (`google.auth.default()`) and every Google Cloud client read.
 *
 * The key is checked as google-auth loads it (type `service_account`, `client_email`,
 * `token_uri`, a PEM `private_key` that parses, `project_id`); no value of it is ever printed but
 * the account's email. For GCS through its S3 API with HMAC keys instead, see
 * `AwsEnvConfiguration.gcs()`.
 *
 * @example
 * GcpServiceAccountKey.fromFile(chart, 'Gcp', 'key.json').addPodDefault();
 */
export class GcpServiceAccountKey extends CredentialsSecret implements IFileCredentials {
  /**
   * Stores a key file, byte for byte (as `kubectl create secret generic user-gcp-sa
   * --from-file=user-gcp-sa.json=<path>`).
   *
   * @param scope the scope in which to define the construct (a Chart, or a construct in one)
   * @param id the construct id, unique among its siblings
   * @param path the key file
   * @param options the Secret's name, namespace, key and output; each has a default
   */
  public static fromFile(scope: Construct, id: string, path: string, options: GcpServiceAccountKeyOptions = {}): GcpServiceAccountKey {
    const file = readCredentialFile(path, 'Google key');
    throwIfProblemsAt(childPath(scope, id), [file.problem]);
    return new GcpServiceAccountKey(scope, id, { ...options, keyJson: file.text, source: `file ${quote(path)}` } as GcpServiceAccountKeyProps);
  }

  /**
   * References a Secret that exists in the cluster (the KFP `user-gcp-sa` of a GKE install):
   * nothing is written but the PodDefaults.
   *
   * @param scope the scope in which to define the construct (a Chart, or a construct in one)
   * @param id the construct id, unique among its siblings
   * @param secret the Secret's name, or an `ISecret` (its namespace is checked)
   * @param options the Secret's namespace and the key holding the file; each has a default
   */
  public static fromExistingSecret(
    scope: Construct, id: string, secret: string | kplus.ISecret, options: ExistingSecretOptions = {},
  ): IFileCredentials {
    return new ExistingGcpServiceAccountKey(scope, id, secret, options, GCP_KEY_DEFAULTS);
  }

  /** Checks the props and renders the Secret, before it exists. */
  private static prepare(
    scope: Construct, id: string, props: GcpServiceAccountKeyProps & { source?: string },
  ): { secret: ApiObjectProps; email?: string; project?: string } {
    const key = props.key ?? GCP_KEY.key;
    const problems: Array<Problem | string | undefined> = [problem('secret-data', checkSecretDataKey('key', key))];
    const external = props.output?.isExternal === true;
    let text = '';
    let email: string | undefined;
    let project: string | undefined;
    if (!external) {
      const field = props.source ?? 'keyJson';
      if (typeof props.keyJson !== 'string') {
        problems.push(`${field} is missing (the service-account key file; with SecretOutput.external the store holds it)`);
      } else {
        text = props.keyJson;
        const bytes = decodeCredentialBytes(Buffer.from(text, 'utf8'), field, 'gcp');
        const checked = bytes.problem === undefined ? checkGcpKeyFile(text, field) : { problems: [bytes.problem] };
        problems.push(...checked.problems);
        email = (checked as { info?: { clientEmail: string } }).info?.clientEmail;
        project = (checked as { info?: { projectId: string } }).info?.projectId;
      }
    }
    throwIfProblemsAt(childPath(scope, id), problems);
    const data = new Map([[key, Buffer.from(external ? 'held-by-the-external-store' : text, 'utf8')]]);
    const { source: _source, keyJson: _keyJson, ...options } = props;
    return { secret: secretProps(scope, id, options, GCP_KEY.secretName, data, []), email, project };
  }

  /** The Secret key that holds the key file. */
  public readonly key: string;

  /** The service account's email (`client_email`; not a secret), when the key is written here. */
  public readonly clientEmail?: string;

  /** The key's project (`project_id`), when the key is written here. */
  public readonly projectId?: string;

  /**
   * @param scope the construct this one belongs to: a `Chart` (whose namespace is the default one) or a construct in one
   * @param id the construct's id, unique among its scope's children; error messages name the construct by its path
   * @param props the key file and the Secret to write
   */
  public constructor(scope: Construct, id: string, props: GcpServiceAccountKeyProps) {
    const prepared = GcpServiceAccountKey.prepare(scope, id, props ?? {});
    super(scope, id, prepared.secret);
    this.key = props?.key ?? GCP_KEY.key;
    this.clientEmail = prepared.email;
    this.projectId = prepared.project;
  }

  /**
   * Adds the PodDefault that mounts the key at `/secret/gcp` and sets
   * `GOOGLE_APPLICATION_CREDENTIALS` to it: by default `gcp-credentials` ("Add Google Cloud credentials").
   *
   * @param options the PodDefault's name, description, selector and mount; each has a default
   */
  public addPodDefault(options: FilePodDefaultOptions = {}): NotebookPodDefault {
    return addGcpPodDefault(this, this.secretName, this.key, options);
  }

  /**
   * Sends the artifacts of pipeline runs in this namespace to the same store, with the same key:
   * the Kubeflow Pipelines v2 launcher's ConfigMap `kfp-launcher` with a `gs` provider whose
   * `secretRef` names this Secret and key (`tokenKey`).
   *
   * @returns the ConfigMap, a child of this construct
   * @param options the pipeline root (`gs://bucket/prefix`)
   */
  public addPipelineLauncherConfig(options: PipelineLauncherOptions): PipelineLauncherConfig {
    return addLauncherConfig(this, options, ['gs'], () => ({ scheme: 'gs', secretRef: { secretName: this.secretName, tokenKey: this.key } }));
  }
}

/**
 * The PodDefault of a service-account key (written here, or an existing Secret): the key mounted as
 * `user-gcp-sa.json` and `GOOGLE_APPLICATION_CREDENTIALS` naming it.
 */
export function addGcpPodDefault(
  owner: IFileCredentials & Construct, secret: string | kplus.ISecret, key: string, options: FilePodDefaultOptions,
): NotebookPodDefault {
  return newPodDefault(owner, options, GCP_KEY_DEFAULTS.name, GCP_KEY_DEFAULTS.desc, (podDefault) => {
    mountFile(podDefault, secret, key, GCP_KEY_DEFAULTS, options);
    const mountPath = (options.mountPath ?? GCP_KEY_DEFAULTS.mountPath).replace(/\/+$/, '');
    podDefault.addEnv(GCP_KEY.variable, kplus.EnvValue.fromValue(`${mountPath}/${GCP_KEY_DEFAULTS.fileName}`));
    options.caBundle?.mountInto(podDefault);
  });
}

/** A service-account key in a Secret that exists: its PodDefault sets `GOOGLE_APPLICATION_CREDENTIALS` too. */
class ExistingGcpServiceAccountKey extends ExistingSecretCredentials {
  public addPodDefault(options: FilePodDefaultOptions = {}): NotebookPodDefault {
    return addGcpPodDefault(this, this.secret, this.key, options);
  }
}
