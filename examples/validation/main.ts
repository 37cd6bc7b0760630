/**
 * The validation plugin's example app (examples/validation/cdk8s.yaml): PodDefaults and a Secret
 * written as plain ApiObjects, as an app that does not use this library's constructs (or that
 * `Include`s a chart's YAML) would write them. cdk8s itself checks none of it; with the
 * plugin in cdk8s.yaml's `validations:`, `cdk8s synth` runs the checks `check` runs.
 *
 * With EXAMPLE_CONFLICT=1 two PodDefaults mount different Secrets at the same path, which the
 * Kubeflow webhook refuses when a user ticks both: the plugin fails the synth.
 */
import { ApiObject, App, Chart } from 'cdk8s';

const NAMESPACE = 'kubeflow-user';
const app = new App();
const chart = new Chart(app, 'notebooks', { namespace: NAMESPACE });

/** A PodDefault that mounts a Secret at the notebook's ~/.docker. */
function dockerAccess(id: string, secretName: string, description: string) {
  new ApiObject(chart, id, {
    apiVersion: 'kubeflow.org/v1alpha1',
    kind: 'PodDefault',
    metadata: { name: id },
    spec: {
      desc: description,
      selector: { matchLabels: { [id]: 'true' } },
      volumes: [{ name: `${id}-config`, secret: { secretName } }],
      volumeMounts: [{ name: `${id}-config`, mountPath: '/home/jovyan/.docker' }],
    },
  });
}

dockerAccess('docker-registry', 'docker-registry-config', 'Add Docker registry credentials');
if (process.env.EXAMPLE_CONFLICT === '1') {
  // A second registry's credentials on the same path: the webhook's mount conflict.
  dockerAccess('docker-mirror', 'docker-mirror-config', 'Add the mirror registry credentials');
}

new ApiObject(chart, 'docker-registry-config', {
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name: 'docker-registry-config' },
  type: 'Opaque',
  // A placeholder robot account; a real app reads it from its secret store.
  stringData: {
    'config.json': JSON.stringify({ auths: { 'registry.example.com': { auth: Buffer.from('robot:change-me').toString('base64') } } }),
  },
});

app.synth();
