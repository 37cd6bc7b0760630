export { NotebookPodDefault } from './pod-default';
export type { NotebookPodDefaultProps, SecretVolumeOptions, SecretVolumeItem, SecretVolumeMount, EnvFromSecretOptions } from './pod-default';
