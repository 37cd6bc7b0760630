/**
 * The example app that the README's first command synthesizes into dist/:
 * the Kaptain guide's PodDefaults for namespace `user`.
 */
import { App, Chart } from 'cdk8s';
import { NotebookPodDefault } from '../src';

const app = new App();
const chart = new Chart(app, 'guide', { namespace: 'user' });

new NotebookPodDefault(chart, 'DockerConfig', { desc: 'Add Docker registry credentials' })
  .addSecretVolume({ secretName: 'docker-secret', mountPath: '/home/kubeflow/.docker/' });
new NotebookPodDefault(chart, 'AwsCredentials', { desc: 'Add AWS credentials' })
  .addSecretVolume({ secretName: 'aws-credentials', volumeName: 'aws-secret-volume', mountPath: '/home/kubeflow/.aws/' });
new NotebookPodDefault(chart, 'AwsConfiguration', { desc: 'Add AWS Environment variables' })
  .addEnvFromSecret('aws-configuration');

app.synth();
