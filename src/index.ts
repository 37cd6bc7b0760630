// The curated public surface: constructs, their props and the enums they take.
export { NotebookPodDefault } from './pod-default';
export type {
  NotebookPodDefaultProps, SecretVolumeOptions, SecretVolumeItem, SecretVolumeMount, EnvFromSecretOptions, ConfigMapVolumeOptions,
  KeyVolumeOptions, ServiceAccountTokenVolumeOptions,
} from './pod-default';

export { CredentialsSecret } from './credentials/base';
export type {
  CredentialsPodDefaultOptions, EnvPodDefaultOptions, FilePodDefaultOptions, IEnvCredentials, IFileCredentials, INotebookCredentials,
} from './credentials/base';
export type { CredentialsSecretOptions, ExistingSecretOptions } from './credentials/secret';

export { DockerCredentials } from './credentials/docker';
export type { DockerCredentialsProps, DockerSecretOptions } from './credentials/docker';
export type { DockerRegistryCredentials } from './formats/docker-config';

export { AwsFileCredentials } from './credentials/aws-file';
export type { AwsFileCredentialsProps, AwsFileSecretOptions, AwsProfile } from './credentials/aws-file';

export { AwsEnvConfiguration } from './credentials/aws-env-configuration';
export { CaBundleFromEnv, S3SignatureVersion } from './formats/aws-env';
export type { AwsEnvConfigurationProps, AwsEnvFromEnvOptions, AwsEnvFromProviderOptions } from './credentials/aws-env-configuration';
export type { S3Settings, SecretKeyCredentials } from './formats/aws-env';

export { DockerRegistryCertificate } from './credentials/registry-certificate';
export type { DockerRegistryCertificateOptions, DockerRegistryCertificateProps, PrivateRegistryPodDefaultOptions } from './credentials/registry-certificate';

export { CaBundle, CaBundleVariable } from './ca-bundle';
export type { CaBundleMount, CaBundleMountOptions, CaBundlePodDefaultOptions, CaBundleProps, ExistingCaBundleOptions, ICaBundle } from './ca-bundle';
export { CaCertificates } from './sources/ca-certificates';

export { AwsKeylessCredentials } from './credentials/aws-keyless';
export { GcpServiceAccountKey } from './credentials/gcp-key';
export type { GcpServiceAccountKeyOptions, GcpServiceAccountKeyProps } from './credentials/gcp-key';
export { AwsKeylessMethod } from './formats/aws-keyless';
export type { AwsKeylessProps, AwsWebIdentityProps } from './formats/aws-keyless';

export { PipelineLauncherConfig } from './pipelines';
export type { PipelineLauncherConfigProps, PipelineLauncherOptions } from './pipelines';

export { Config } from './providers/config';
export { DockerRegistryCertificateProvider } from './providers/certificate-provider';
export type { ConfigProps } from './providers/config';
export { DockerConfigurationProvider } from './providers/docker-provider';
export { DockerConfig } from './sources/docker-config';
export { AwsCredentialsFile } from './sources/aws-credentials-file';
export { DefaultMinioConfigurationProvider, S3ConfigurationProvider, StorageConfigurationKind } from './providers/s3-provider';
export type { ExternalAwsProfile, S3FromEnvOptions } from './providers/s3-provider';

export { NamespaceAccess, NotebookAccess } from './access';
export type { NamespaceAccessProps, NotebookAccessOptions, NotebookAccessProps, NotebookCaBundleOptions, RegistryCertificateAccessOptions } from './access';

export { PodDefaultChecks } from './checks/app-checks';
export { checkManifests, ManifestChecks } from './manifests/check';
export type { CheckManifestsOptions, ManifestProblem } from './manifests/check';
export { ExistingPodDefault } from './existing-pod-default';
export type { AccessMlPipelineOptions, ExistingPodDefaultProps } from './existing-pod-default';

export { ExternalSecretsVersion, ExternalStoreKind, SealingCertificate, SealingScope, SecretOutput, StableSealingKey } from './output';
export type { ExternalOutputOptions, ExternalTemplate, SealedOutputOptions } from './output';
export { previewNotebook } from './manifests/preview';
export type { NotebookPreview, PreviewEntry, PreviewOptions } from './manifests/preview';
export { ProfileAccess, ProfileSecrets } from './profiles';
export type { ProfileAccessProps } from './profiles';
export { KubeflowCredentialsValidation } from './manifests/validation-plugin';
export type {
  IValidationContext, IValidationReport, KubeflowCredentialsValidationProps, ValidationViolatingResource, ValidationViolation,
} from './manifests/validation-plugin';
