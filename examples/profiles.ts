/**
 * Every Kubeflow profile namespace by label, today's and tomorrow's, with ProfileAccess: the
 * cluster-wide objects that a GitOps tool applies once, instead of objects per listed namespace.
 *
 *   npx ts-node -P examples/tsconfig.json examples/profiles.ts    # writes dist/profiles/ (two files)
 *
 * - `ProfilesChart` (also in the README's first command, dist/profiles.k8s.yaml): Docker
 *   credentials (EXAMPLE_DOCKER_CONFIG, clearly fake otherwise) and Kubeflow's in-cluster MinIO,
 *   their Secrets written once in `kubeflow` and cloned by a Kyverno ClusterPolicy into every
 *   namespace labelled `app.kubernetes.io/part-of: kubeflow-profile`, which also generates the
 *   PodDefaults there. Kubeflow Pipelines' `access-ml-pipeline`, in every profile, is declared so
 *   that the checks see it beside them.
 * - `ExternalProfilesChart`: no credential in the pipeline at all: the Secrets are
 *   ClusterExternalSecrets read from a ClusterSecretStore `vault`, the PodDefaults the same policy.
 */
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { exampleDockerProvider, GuideOptions } from './guide';
import {
  Config, DockerConfigurationProvider, ExistingPodDefault, ExternalStoreKind, ProfileAccess, ProfileSecrets, S3ConfigurationProvider,
  SecretOutput,
} from '../src';

/** The labels the Kubeflow profile controller puts on every profile namespace. */
export const PROFILE_LABELS = { 'app.kubernetes.io/part-of': 'kubeflow-profile' };

export class ProfilesChart extends Chart {
  public readonly access: ProfileAccess;

  public constructor(scope: Construct, id: string, options: GuideOptions = {}) {
    super(scope, id);
    // No storage provider: the Config defaults to DefaultMinioConfigurationProvider.default().
    this.access = new ProfileAccess(this, 'Profiles', {
      config: new Config({ dockerConfigProvider: exampleDockerProvider(options, "the profiles' docker-secret") }),
      secrets: ProfileSecrets.cloneFrom('kubeflow'),
      namespaceLabels: PROFILE_LABELS,
    });
    ExistingPodDefault.accessMlPipeline(this, 'Pipelines', { namespaceLabels: PROFILE_LABELS });
  }
}

export class ExternalProfilesChart extends Chart {
  public readonly access: ProfileAccess;

  public constructor(scope: Construct, id: string) {
    super(scope, id);
    const store = (remoteKey: string) => SecretOutput.external({ store: 'vault', storeKind: ExternalStoreKind.CLUSTER_SECRET_STORE, remoteKey });
    this.access = new ProfileAccess(this, 'Profiles', {
      config: new Config({
        dockerConfigProvider: DockerConfigurationProvider.fromRegistryServers(['registry.example.com']),
        storageConfigProvider: S3ConfigurationProvider.forExternalStore({ s3Endpoint: 'https://s3.example.com', region: 'eu-west-1' }),
      }),
      secrets: ProfileSecrets.clusterExternalSecrets(),
      docker: { output: store('kubeflow/notebooks/docker') },
      storage: { output: store('kubeflow/notebooks/s3') },
      policyName: 'kubeflow-notebook-credentials-external',
    });
    ExistingPodDefault.accessMlPipeline(this, 'Pipelines', { namespaceLabels: PROFILE_LABELS });
  }
}

if (require.main === module) {
  // Two ways to the same namespaces: each is its own App (together, they would place two
  // versions of each PodDefault in every profile, which the checks refuse).
  const cloned = new App({ outdir: path.join('dist', 'profiles') });
  new ProfilesChart(cloned, 'profiles');
  cloned.synth();
  const external = new App({ outdir: path.join('dist', 'profiles') });
  new ExternalProfilesChart(external, 'profiles-external');
  external.synth();
}
