// The curated public surface: constructs, their props and the enums they take.
export { NotebookPodDefault } from './pod-default';
export type { NotebookPodDefaultProps, SecretVolumeOptions, SecretVolumeItem, SecretVolumeMount, EnvFromSecretOptions } from './pod-default';

export { NotebookCredentials } from './credentials/base';
export type { CredentialsPodDefaultOptions, FilePodDefaultOptions } from './credentials/base';
export type { CredentialsSecretOptions, ExistingSecretOptions } from './credentials/secret';

export { DockerCredentials } from './credentials/docker';
export type { DockerCredentialsProps, DockerRegistryCredentials } from './credentials/docker';

export { AwsFileCredentials } from './credentials/aws-file';
export type { AwsFileCredentialsProps, AwsProfile } from './credentials/aws-file';

export { AwsEnvConfiguration, S3SignatureVersion } from './credentials/aws-env-configuration';
export type {
  AwsEnvConfigurationProps, AwsEnvFromEnvOptions, EnvPodDefaultOptions, S3Settings, SecretKeyCredentials,
} from './credentials/aws-env-configuration';
