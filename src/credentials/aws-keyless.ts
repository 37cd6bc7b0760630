import { Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { CredentialsPodDefaultOptions, newPodDefault } from './base';
import { problem } from '../engine/rule-ids';
import { childPath, throwIfProblemsAt } from '../errors';
import {
  AwsKeylessMethod, AwsKeylessProps, AwsWebIdentityProps, checkKeyless, Keyless, NOTEBOOK_SERVICE_ACCOUNT, oidcIssuerOf, POD_IDENTITY_ENV,
  podIdentityTrustPolicy, serviceAccountSubject, WEB_IDENTITY_ENV, webIdentityTrustPolicy,
} from '../formats/aws-keyless';
import { addLauncherConfig, PipelineLauncherConfig, PipelineLauncherOptions, s3LauncherProvider } from '../pipelines';
import { NotebookPodDefault } from '../pod-default';
import { keylessOf, S3ConfigurationProvider, StorageConfigurationKind } from '../providers/s3-provider';
import { inspectAs } from '../redact';
import { checkDnsSubdomain, checkNamespace } from '../rules/names';
import { quote } from '../rules/text';

/** The defaults of each method's PodDefault. */
const POD_DEFAULTS = {
  [AwsKeylessMethod.WEB_IDENTITY]: { name: 'aws-web-identity', desc: 'Add AWS credentials (IAM role for the service account)' },
  [AwsKeylessMethod.POD_IDENTITY]: { name: 'aws-pod-identity', desc: 'Add AWS credentials (EKS Pod Identity)' },
};

/**
 * AWS credentials for notebooks without any key: a PodDefault that mounts a projected
 * service-account token and sets the variables the AWS SDKs read, exactly as the EKS pod
 * identity webhook injects them (so that a pod it mutates too keeps one volume and one value):
 *
 * - web identity (`webIdentity`): `AWS_ROLE_ARN`, `AWS_WEB_IDENTITY_TOKEN_FILE`
 *   (`/var/run/secrets/eks.amazonaws.com/serviceaccount/token`, volume `aws-iam-token`, audience
 *   `sts.amazonaws.com`), `AWS_STS_REGIONAL_ENDPOINTS=regional`; the role's trust policy must allow
 *   the notebooks' service account (`trustPolicy()`);
 * - EKS Pod Identity (`podIdentity`): `AWS_CONTAINER_CREDENTIALS_FULL_URI`
 *   (`http://169.254.170.23/v1/credentials`), `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE`
 *   (`/var/run/secrets/pods.eks.amazonaws.com/serviceaccount/eks-pod-identity-token`, volume
 *   `eks-pod-identity-token`, audience `pods.eks.amazonaws.com`); a pod identity association maps
 *   the namespace's `default-editor` to the role.
 *
 * The region and S3 settings (`S3_ENDPOINT`, ...) are set as plain variables of the PodDefault
 * (none is a secret). No Secret is written.
 *
 * @example
 * const aws = AwsKeylessCredentials.webIdentity(chart, 'Aws', { roleArn: 'arn:aws:iam::123456789012:role/notebooks', region: 'eu-west-1' });
 * aws.addPodDefault();
 */
export class AwsKeylessCredentials extends Construct {
  /**
   * Web identity (IAM roles for service accounts).
   *
   * @param scope the scope in which to define the construct (a Chart, or a construct in one)
   * @param id the construct id, unique among its siblings
   * @param props the role, and the region and S3 settings
   */
  public static webIdentity(scope: Construct, id: string, props: AwsWebIdentityProps): AwsKeylessCredentials {
    return new AwsKeylessCredentials(scope, id, AwsKeylessMethod.WEB_IDENTITY, props ?? ({} as AwsWebIdentityProps));
  }

  /**
   * EKS Pod Identity.
   *
   * @param scope the scope in which to define the construct (a Chart, or a construct in one)
   * @param id the construct id, unique among its siblings
   * @param props the region and S3 settings
   */
  public static podIdentity(scope: Construct, id: string, props: AwsKeylessProps = {}): AwsKeylessCredentials {
    return new AwsKeylessCredentials(scope, id, AwsKeylessMethod.POD_IDENTITY, props);
  }

  /**
   * The keyless configuration of an `S3ConfigurationProvider` (`fromWebIdentity`, `fromPodIdentity`).
   *
   * @param scope the scope in which to define the construct (a Chart, or a construct in one)
   * @param id the construct id, unique among its siblings
   * @param provider a provider from `S3ConfigurationProvider.fromWebIdentity` or `fromPodIdentity`
   * @param namespace the profile namespace (the chart's by default)
   */
  public static fromProvider(scope: Construct, id: string, provider: S3ConfigurationProvider, namespace?: string): AwsKeylessCredentials {
    const keyless = keylessOf(provider);
    if (keyless === undefined) {
      throwIfProblemsAt(childPath(scope, id), [`the provider (${provider.kind}) holds keys: use AwsEnvConfiguration or AwsFileCredentials`]);
    }
    return new AwsKeylessCredentials(scope, id, keyless!.method, { ...keyless!.props, namespace });
  }

  /** How the notebooks get credentials. */
  public readonly method: AwsKeylessMethod;

  /** The namespace, or `undefined` when neither the props nor the chart set one. */
  public readonly namespace?: string;

  /** The IAM role, for web identity. */
  public readonly roleArn?: string;

  private readonly keyless: Keyless;

  private constructor(scope: Construct, id: string, method: AwsKeylessMethod, props: AwsWebIdentityProps | AwsKeylessProps) {
    const checked = checkKeyless(method, props);
    throwIfProblemsAt(childPath(scope, id), [...checked.problems, problem('namespace-name', props.namespace === undefined ? undefined : checkNamespace(props.namespace))]);
    super(scope, id);
    this.method = method;
    this.keyless = checked.keyless;
    this.roleArn = checked.keyless.roleArn;
    this.namespace = props.namespace ?? Chart.of(this).namespace;
  }

  /** The names of the variables the PodDefault sets (never secrets). */
  public get variables(): string[] {
    return this.envEntries().map(([name]) => name);
  }

  /**
   * Adds the PodDefault that gives notebooks the credentials: by default `aws-web-identity`
   * ("Add AWS credentials (IAM role for the service account)") or `aws-pod-identity` ("Add AWS
   * credentials (EKS Pod Identity)").
   *
   * @param options the PodDefault's name, description, selector, alternatives and CA bundle; each has a default
   */
  public addPodDefault(options: CredentialsPodDefaultOptions = {}): NotebookPodDefault {
    const defaults = POD_DEFAULTS[this.method];
    return newPodDefault(this, options, defaults.name, defaults.desc, (podDefault) => {
      const token = this.method === AwsKeylessMethod.WEB_IDENTITY ? WEB_IDENTITY_ENV : POD_IDENTITY_ENV;
      podDefault.addServiceAccountTokenVolume({
        volumeName: token.volumeName,
        mountPath: token.mountPath,
        audience: token.audience,
        path: token.tokenPath,
        expirationSeconds: this.keyless.tokenExpirationSeconds,
      });
      for (const [name, value] of this.envEntries()) {
        podDefault.addEnv(name, kplus.EnvValue.fromValue(value));
      }
      options.caBundle?.mountInto(podDefault);
    });
  }

  /**
   * The trust policy the role needs (web identity): a statement allowing
   * `sts:AssumeRoleWithWebIdentity` for this namespace's service account, from the cluster's OIDC
   * provider, audience `sts.amazonaws.com`. JSON to write beside the manifests (`aws iam
   * update-assume-role-policy --policy-document file://...`). For EKS Pod Identity, the fixed
   * policy for the service `pods.eks.amazonaws.com`.
   *
   * @param oidcProviderArn the cluster's IAM OIDC provider (`arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE`); unused for EKS Pod Identity
   * @param serviceAccount the service account notebooks run as (Kubeflow profiles: `default-editor`)
   */
  public trustPolicy(oidcProviderArn: string, serviceAccount: string = NOTEBOOK_SERVICE_ACCOUNT): string {
    return trustPolicyFor(this.node.path, this.method, oidcProviderArn, this.namespace === undefined ? [] : [this.namespace], serviceAccount);
  }

  /**
   * Sends the artifacts of pipeline runs in this namespace to the same store: the Kubeflow
   * Pipelines v2 launcher's ConfigMap `kfp-launcher` with an `s3` provider whose credentials are
   * `fromEnv: true`. The launcher then takes the credentials of the step's pod: give the steps
   * the same role (the profile's `AwsIamForServiceAccount` plugin annotates `default-editor`, which
   * the EKS webhook then mutates; or this PodDefault's selector label on the steps).
   *
   * @returns the ConfigMap, a child of this construct
   * @param options the pipeline root (`s3://bucket/prefix`)
   */
  public addPipelineLauncherConfig(options: PipelineLauncherOptions): PipelineLauncherConfig {
    const settings = Object.fromEntries(this.keyless.variables) as Record<string, string>;
    return addLauncherConfig(this, options, ['s3'], () => s3LauncherProvider('s3', {
      region: settings.AWS_REGION,
      s3Endpoint: settings.S3_ENDPOINT,
      endpointUrl: settings.AWS_ENDPOINT_URL,
      s3EndpointUrl: settings.AWS_ENDPOINT_URL_S3,
      s3ForcePathStyle: settings.S3_FORCE_PATH_STYLE === undefined ? undefined : settings.S3_FORCE_PATH_STYLE === 'true',
      s3UseHttps: settings.S3_USE_HTTPS === undefined ? undefined : settings.S3_USE_HTTPS === '1',
    }, undefined));
  }

  private envEntries(): Array<[string, string]> {
    const entries: Array<[string, string]> = [];
    if (this.method === AwsKeylessMethod.WEB_IDENTITY) {
      entries.push([WEB_IDENTITY_ENV.roleArn, this.keyless.roleArn!], [WEB_IDENTITY_ENV.tokenFile, `${WEB_IDENTITY_ENV.mountPath}/${WEB_IDENTITY_ENV.tokenPath}`]);
      if (this.keyless.roleSessionName !== undefined) {
        entries.push([WEB_IDENTITY_ENV.sessionName, this.keyless.roleSessionName]);
      }
      if (this.keyless.regionalStsEndpoints) {
        entries.push([WEB_IDENTITY_ENV.regionalSts, 'regional']);
      }
    } else {
      entries.push([POD_IDENTITY_ENV.fullUri, POD_IDENTITY_ENV.agentUri], [POD_IDENTITY_ENV.tokenFile, `${POD_IDENTITY_ENV.mountPath}/${POD_IDENTITY_ENV.tokenPath}`]);
    }
    return [...entries, ...this.keyless.variables];
  }
}

/**
 * The trust policy of a keyless method for the service account of each namespace: web identity's
 * statements, or EKS Pod Identity's fixed policy; problems at `path`.
 * @internal
 */
export function trustPolicyFor(
  path: string, method: AwsKeylessMethod, oidcProviderArn: string, namespaces: readonly string[], serviceAccount: string,
): string {
  if (method === AwsKeylessMethod.POD_IDENTITY) {
    return podIdentityTrustPolicy();
  }
  throwIfProblemsAt(path, [
    oidcIssuerOf(oidcProviderArn).problem,
    checkDnsSubdomain('serviceAccount', serviceAccount),
    namespaces.length === 0 ? 'no namespace: the trust policy names the service account of each namespace (give the construct a namespace)' : undefined,
  ]);
  return webIdentityTrustPolicy(oidcProviderArn, namespaces.map((ns) => serviceAccountSubject(ns, serviceAccount)));
}

inspectAs(AwsKeylessCredentials.prototype, (self: AwsKeylessCredentials) =>
  `AwsKeylessCredentials(path: ${quote(self.node.path)}, method: ${self.method}${self.roleArn === undefined ? '' : `, role: ${quote(self.roleArn)}`})`);

/** Whether a provider's kind is keyless. */
export function isKeylessKind(kind: StorageConfigurationKind): boolean {
  return kind === StorageConfigurationKind.WEB_IDENTITY || kind === StorageConfigurationKind.POD_IDENTITY;
}
