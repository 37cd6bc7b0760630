/**
 * A platform stack: one Config stamped over several profile namespaces with NotebookAccess.
 * Docker credentials come from EXAMPLE_DOCKER_CONFIG when it is set (clearly fake otherwise);
 * storage is Kubeflow's in-cluster MinIO, whose credentials stay in the cluster's own Secret
 * (mlpipeline-minio-artifact), so no storage credential is written at all.
 */
import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { Config, NotebookAccess } from '../src';
import { exampleDockerProvider, GuideOptions } from './guide';

/** The profile namespaces of the example platform. */
export const TEAMS = ['team-a', 'team-b', 'team-c'];

export class PlatformChart extends Chart {
  public readonly access: NotebookAccess;

  public constructor(scope: Construct, id: string, options: GuideOptions = {}) {
    super(scope, id);
    const docker = exampleDockerProvider(options, "the platform's docker-secret");
    // No storage provider: the Config defaults to DefaultMinioConfigurationProvider.default().
    this.access = new NotebookAccess(this, 'NotebookAccess', {
      config: new Config({ dockerConfigProvider: docker }),
      namespaces: TEAMS,
    });
  }
}
