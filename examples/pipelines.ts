/**
 * Three profile namespaces, three ways to reach object storage, each with the Kubeflow Pipelines
 * v2 launcher's configuration (`kfp-launcher`) that sends the artifacts of pipeline runs to the
 * same store as the notebooks:
 *
 * - `team-aws`: AWS S3 without any key, through IAM roles for service accounts (web identity);
 *   the role's trust policy is written beside the manifests (`trust-policy.json`);
 * - `team-gcs`: Google Cloud Storage with a service-account key (`user-gcp-sa`), from
 *   EXAMPLE_GCP_KEY=<path to a key file> when set, otherwise held by an external store (an
 *   ExternalSecret: no key in the output);
 * - `team-ceph`: a Ceph object store (RADOS Gateway) through the S3 API with access keys, fake
 *   unless EXAMPLE_CEPH_ACCESS_KEY and EXAMPLE_CEPH_SECRET_KEY are set.
 *
 *   npx ts-node -P examples/tsconfig.json examples/pipelines.ts    # writes dist/pipelines/
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { exampleContext, FAKE, GuideOptions } from './guide';
import { AwsEnvConfiguration, AwsKeylessCredentials, GcpServiceAccountKey, SecretOutput } from '../src';

/** The role notebooks and pipeline steps of `team-aws` assume, and the cluster's OIDC provider (examples). */
export const AWS = {
  roleArn: 'arn:aws:iam::123456789012:role/kubeflow-team-aws',
  oidcProviderArn: 'arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE',
};

export class PipelinesChart extends Chart {
  /** The keyless credentials of `team-aws`. */
  public readonly aws: AwsKeylessCredentials;

  public constructor(scope: Construct, id: string, options: GuideOptions = {}) {
    super(scope, id);
    const { env, notice } = exampleContext(options);

    // team-aws: no key at all; the steps get the same role (the profile's AwsIamForServiceAccount plugin).
    this.aws = AwsKeylessCredentials.webIdentity(this, 'Aws', { namespace: 'team-aws', roleArn: AWS.roleArn, region: 'eu-west-1' });
    this.aws.addPodDefault();
    this.aws.addPipelineLauncherConfig({ pipelineRoot: 's3://kubeflow-team-aws/v2/artifacts' });

    // team-gcs: a service-account key, read from a file or held by the cluster's vault.
    const gcs = env.EXAMPLE_GCP_KEY
      ? GcpServiceAccountKey.fromFile(this, 'Gcs', env.EXAMPLE_GCP_KEY, { namespace: 'team-gcs' })
      : new GcpServiceAccountKey(this, 'Gcs', { namespace: 'team-gcs', output: SecretOutput.external({ store: 'vault', remoteKey: 'kubeflow/team-gcs' }) });
    if (!env.EXAMPLE_GCP_KEY) {
      notice('example: user-gcp-sa of team-gcs is an ExternalSecret (set EXAMPLE_GCP_KEY=<path to a service-account key> to write the key)');
    }
    gcs.addPodDefault();
    gcs.addPipelineLauncherConfig({ pipelineRoot: 'gs://kubeflow-team-gcs/v2/artifacts' });

    // team-ceph: the RADOS Gateway of a Rook cluster, path-style, over plain HTTP inside the cluster.
    if (!env.EXAMPLE_CEPH_ACCESS_KEY || !env.EXAMPLE_CEPH_SECRET_KEY) {
      notice('example: aws-configuration of team-ceph uses FAKE keys (set EXAMPLE_CEPH_ACCESS_KEY and EXAMPLE_CEPH_SECRET_KEY for real ones)');
    }
    const ceph = new AwsEnvConfiguration(this, 'Ceph', {
      namespace: 'team-ceph',
      accessKeyId: env.EXAMPLE_CEPH_ACCESS_KEY || FAKE.accessKeyId,
      secretAccessKey: env.EXAMPLE_CEPH_SECRET_KEY || FAKE.secretAccessKey,
      region: 'us-east-1',
      s3Endpoint: 'http://rook-ceph-rgw-ceph-objectstore.rook-ceph.svc:80',
      endpointUrl: 'http://rook-ceph-rgw-ceph-objectstore.rook-ceph.svc:80',
      s3ForcePathStyle: true,
    });
    ceph.addPodDefault();
    ceph.addPipelineLauncherConfig({ pipelineRoot: 's3://kubeflow-team-ceph/v2/artifacts' });
  }
}

if (require.main === module) {
  const outdir = path.join('dist', 'pipelines');
  const app = new App({ outdir });
  const chart = new PipelinesChart(app, 'pipelines');
  app.synth();
  // What must exist outside the cluster: the role's trust policy for team-aws's default-editor.
  fs.writeFileSync(path.join(outdir, 'trust-policy.json'), chart.aws.trustPolicy(AWS.oidcProviderArn));
}
