/**
 * AWS credentials without keys, as the EKS pod identity webhook injects them
 * (aws/amazon-eks-pod-identity-webhook, `pkg/handler/handler.go` `addEnvToContainer` and
 * `getPodSpecPatch`, and the defaults of `main.go`): IAM roles for service accounts (web
 * identity: `AWS_ROLE_ARN`, `AWS_WEB_IDENTITY_TOKEN_FILE`, a projected service-account token
 * for audience `sts.amazonaws.com`) and EKS Pod Identity (`AWS_CONTAINER_CREDENTIALS_FULL_URI`,
 * `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE`, audience `pods.eks.amazonaws.com`). The same names,
 * paths and volume names as the webhook, so that code reading them behaves the same, and a pod
 * the webhook also mutates keeps one volume (it skips a volume or variable that exists).
 * Pure functions; messages quote ARNs and paths, which are not secrets.
 */
import { EXTERNAL_STAND_IN, renderAwsEnv, S3Settings } from './aws-env';
import { problem, Problem } from '../engine/rule-ids';
import { quote } from '../rules/text';

/** What the webhook injects for web identity (its `--token-*` defaults). */
export const WEB_IDENTITY_ENV = {
  roleArn: 'AWS_ROLE_ARN',
  tokenFile: 'AWS_WEB_IDENTITY_TOKEN_FILE',
  sessionName: 'AWS_ROLE_SESSION_NAME',
  regionalSts: 'AWS_STS_REGIONAL_ENDPOINTS',
  volumeName: 'aws-iam-token',
  mountPath: '/var/run/secrets/eks.amazonaws.com/serviceaccount',
  tokenPath: 'token',
  audience: 'sts.amazonaws.com',
} as const;

/** What the webhook injects for EKS Pod Identity (its `--container-credentials-*` defaults). */
export const POD_IDENTITY_ENV = {
  fullUri: 'AWS_CONTAINER_CREDENTIALS_FULL_URI',
  tokenFile: 'AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE',
  agentUri: 'http://169.254.170.23/v1/credentials',
  volumeName: 'eks-pod-identity-token',
  mountPath: '/var/run/secrets/pods.eks.amazonaws.com/serviceaccount',
  tokenPath: 'eks-pod-identity-token',
  audience: 'pods.eks.amazonaws.com',
} as const;

/** The token lifetime the webhook asks for (`DefaultTokenExpiration`, 24 hours; at least 600 for the API server). */
export const TOKEN_EXPIRATION_SECONDS = 86400;
export const MIN_TOKEN_EXPIRATION_SECONDS = 600;

/** The service account notebooks (and pipeline steps) of a Kubeflow profile run as. */
export const NOTEBOOK_SERVICE_ACCOUNT = 'default-editor';

/** An IAM role ARN: partition, 12-digit account, `role/` and a name with an optional path (IAM's name characters). */
const ROLE_ARN = /^arn:aws(-cn|-us-gov|-iso|-iso-b)?:iam::[0-9]{12}:role\/(?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;
/** An IAM OIDC provider ARN, and the issuer host and path it stands for. */
const OIDC_PROVIDER_ARN = /^arn:aws(-cn|-us-gov|-iso|-iso-b)?:iam::[0-9]{12}:oidc-provider\/([A-Za-z0-9.-]+(?:\/[A-Za-z0-9._~-]+)*)$/;

/** Checks an IAM role ARN (`arn:aws:iam::123456789012:role/notebooks`). */
export function checkRoleArn(field: string, arn: string): string | undefined {
  if (typeof arn !== 'string' || !ROLE_ARN.test(arn)) {
    return `${field} ${quote(String(arn))} is not an IAM role ARN (arn:aws:iam::<12-digit account>:role/<name>): STS refuses it (ValidationError)`;
  }
  return undefined;
}

/** The issuer (host and path) of an IAM OIDC provider ARN, or why it is not one. */
export function oidcIssuerOf(arn: string): { issuer?: string; problem?: string } {
  const match = typeof arn === 'string' ? OIDC_PROVIDER_ARN.exec(arn) : null;
  return match
    ? { issuer: match[2] }
    : { problem: `${quote(String(arn))} is not an IAM OIDC provider ARN (arn:aws:iam::<account>:oidc-provider/oidc.eks.<region>.amazonaws.com/id/<id>; aws iam list-open-id-connect-providers)` };
}

/** The `system:serviceaccount:<namespace>:<name>` subject of a service account's tokens. */
export function serviceAccountSubject(namespace: string, serviceAccount: string = NOTEBOOK_SERVICE_ACCOUNT): string {
  return `system:serviceaccount:${namespace}:${serviceAccount}`;
}

/**
 * The trust policy of a role assumed with web identity by the service accounts given: one
 * statement per subject, each allowing `sts:AssumeRoleWithWebIdentity` from the cluster's OIDC
 * provider for tokens of that subject and audience `sts.amazonaws.com` (the statement `eksctl`
 * and the EKS docs write). A JSON text, 2-space indented, ending with a newline.
 */
export function webIdentityTrustPolicy(oidcProviderArn: string, subjects: readonly string[]): string {
  const { issuer } = oidcIssuerOf(oidcProviderArn);
  const statements = subjects.map((subject, index) => ({
    Sid: `KubeflowNotebooks${index + 1}`,
    Effect: 'Allow',
    Principal: { Federated: oidcProviderArn },
    Action: 'sts:AssumeRoleWithWebIdentity',
    Condition: { StringEquals: { [`${issuer}:sub`]: subject, [`${issuer}:aud`]: WEB_IDENTITY_ENV.audience } },
  }));
  return `${JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2)}\n`;
}

/** The trust policy of a role for EKS Pod Identity (fixed: the EKS Pod Identity service principal). */
export function podIdentityTrustPolicy(): string {
  return `${JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Sid: 'EksPodIdentity', Effect: 'Allow', Principal: { Service: 'pods.eks.amazonaws.com' }, Action: ['sts:AssumeRole', 'sts:TagSession'] }],
  }, null, 2)}\n`;
}

/**
 * How notebooks get AWS credentials without a key.
 */
export enum AwsKeylessMethod {
  /** IAM roles for service accounts: web identity, a token for `sts.amazonaws.com` exchanged by the SDK with STS. */
  WEB_IDENTITY = 'web-identity',
  /** EKS Pod Identity: a token for `pods.eks.amazonaws.com` exchanged with the EKS Pod Identity agent on the node. */
  POD_IDENTITY = 'pod-identity',
}

/**
 * Settings of keyless AWS credentials: the S3 settings of `S3Settings` (region, endpoint, ...),
 * without credentials, and the token's lifetime.
 */
export interface AwsKeylessProps extends S3Settings {
  /**
   * The profile namespace.
   *
   * @default - the chart's namespace
   */
  readonly namespace?: string;

  /**
   * How long each token is valid (the kubelet renews it before then).
   *
   * @default 86400 (24 hours, as the EKS pod identity webhook)
   */
  readonly tokenExpirationSeconds?: number;
}

/**
 * Web identity (IAM roles for service accounts).
 */
export interface AwsWebIdentityProps extends AwsKeylessProps {
  /** The IAM role the notebooks assume: `arn:aws:iam::123456789012:role/notebooks`. */
  readonly roleArn: string;

  /**
   * `AWS_ROLE_SESSION_NAME`, the session name in CloudTrail.
   *
   * @default - not set (the SDKs make one up)
   */
  readonly roleSessionName?: string;

  /**
   * Set `AWS_STS_REGIONAL_ENDPOINTS=regional`, as the EKS webhook does with `--sts-regional-endpoint`:
   * older SDKs otherwise call the global STS endpoint in us-east-1.
   *
   * @default true
   */
  readonly regionalStsEndpoints?: boolean;
}

/** What a keyless configuration is made of, checked. */
export interface Keyless {
  readonly method: AwsKeylessMethod;
  readonly roleArn?: string;
  readonly roleSessionName?: string;
  readonly regionalStsEndpoints: boolean;
  readonly tokenExpirationSeconds: number;
  /** The S3 settings as variables (no credential). */
  readonly variables: Array<[string, string]>;
}

/**
 * Checks keyless settings: no credential, an IAM role ARN for web identity, settings as `fromEnv`
 * checks them; the problems, and the configuration.
 */
export function checkKeyless(
  method: AwsKeylessMethod, props: AwsWebIdentityProps | AwsKeylessProps,
): { problems: Array<Problem | string | undefined>; keyless: Keyless } {
  const given = (['accessKeyId', 'secretAccessKey', 'sessionToken', 'credentialsFromSecret'] as const).filter((k) => props?.[k] !== undefined);
  const web = props as AwsWebIdentityProps;
  const problems: Array<Problem | string | undefined> = given.map((k) => `${k} is given, but ${method === AwsKeylessMethod.WEB_IDENTITY ? 'web identity' : 'EKS Pod Identity'} needs no key: leave it out`);
  if (method === AwsKeylessMethod.WEB_IDENTITY) {
    problems.push(problem('aws-role-arn', checkRoleArn('roleArn', web.roleArn)));
    if (web.roleSessionName !== undefined && !/^[\w+=,.@-]{2,64}$/.test(web.roleSessionName)) {
      problems.push({ rule: 'aws-role-arn', message: `roleSessionName ${quote(String(web.roleSessionName))} is not a session name (2 to 64 of letters, digits and +=,.@-): STS refuses it` });
    }
  }
  const seconds = props.tokenExpirationSeconds ?? TOKEN_EXPIRATION_SECONDS;
  if (!Number.isInteger(seconds) || seconds < 600 || seconds > TOKEN_EXPIRATION_SECONDS) {
    problems.push({ rule: 'volume-source', message: `tokenExpirationSeconds ${String(seconds)} is not an integer from 600 to 86400 (EKS issues tokens for 24 hours at most)` });
  }
  // Stand-ins keep renderAwsEnv's checks of the settings; no credential is written.
  const standIn = {
    ...props, accessKeyId: EXTERNAL_STAND_IN, secretAccessKey: EXTERNAL_STAND_IN, sessionToken: undefined, credentialsFromSecret: undefined,
  };
  const rendered = renderAwsEnv(standIn, {
    emitDefaultRegion: props.emitDefaultRegion ?? true, credentialsFromSecret: false, field: (v) => `setting ${v}`,
  });
  problems.push(...rendered.problems);
  return {
    problems,
    keyless: {
      method,
      roleArn: method === AwsKeylessMethod.WEB_IDENTITY ? web.roleArn : undefined,
      roleSessionName: method === AwsKeylessMethod.WEB_IDENTITY ? web.roleSessionName : undefined,
      regionalStsEndpoints: method === AwsKeylessMethod.WEB_IDENTITY && (web.regionalStsEndpoints ?? true),
      tokenExpirationSeconds: seconds,
      variables: rendered.variables.filter(([k]) => k !== 'AWS_ACCESS_KEY_ID' && k !== 'AWS_SECRET_ACCESS_KEY'),
    },
  };
}

