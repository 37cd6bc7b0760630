/**
 * The Kaptain guide "Configuring Access to Docker and Cloud Storage", for namespace `user`:
 * three Secrets and three PodDefaults with the guide's names, keys, paths and descriptions
 * (and the AWS credentials selector fixed).
 *
 * It needs no real credentials. It reads them when they are given, and otherwise uses clearly
 * fake values, saying so on stderr:
 *   EXAMPLE_DOCKER_CONFIG=<path to config.json>        → DockerCredentials.fromFile
 *   EXAMPLE_AWS_CREDENTIALS=<path to credentials file> → AwsFileCredentials.fromFile
 *   EXAMPLE_AWS_FROM_ENV=1                             → AwsEnvConfiguration.fromEnv (AWS_*, S3_*)
 */
import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import {
  AwsEnvConfiguration, AwsFileCredentials, CaBundleFromEnv, DockerConfigurationProvider, DockerCredentials, S3SignatureVersion, SecretOutput,
} from '../src';

/** Fake values, recognizable as such; never real credentials. */
export const FAKE = {
  dockerUsername: 'example-user',
  dockerPassword: 'example-password-not-real',
  accessKeyId: 'AKIAEXAMPLENOTREAL000',
  secretAccessKey: 'exampleSecretKeyNotReal/0000000000000000',
};

/** Where the example found (or did not find) each credential; printed on stderr. */
export type Notice = (message: string) => void;

export interface GuideOptions {
  readonly env?: { [name: string]: string | undefined };
  /** Where the Secrets go (default: plain Secrets). */
  readonly output?: SecretOutput;
  readonly notice?: Notice;
}

/** The environment and the notice printer of the examples: the options', or the process's. */
export function exampleContext(options: GuideOptions): { env: { [name: string]: string | undefined }; notice: Notice } {
  return {
    env: options.env ?? process.env,
    notice: options.notice ?? ((message: string) => process.stderr.write(`${message}\n`)),
  };
}

/** The Docker provider of the Config examples: EXAMPLE_DOCKER_CONFIG's file, or clearly fake credentials. */
export function exampleDockerProvider(options: GuideOptions, secret: string): DockerConfigurationProvider {
  const { env, notice } = exampleContext(options);
  if (env.EXAMPLE_DOCKER_CONFIG) {
    return DockerConfigurationProvider.fromFile(env.EXAMPLE_DOCKER_CONFIG);
  }
  notice(`example: ${secret} uses FAKE credentials (set EXAMPLE_DOCKER_CONFIG=<path to config.json> for real ones)`);
  return DockerConfigurationProvider.fromRegistries([
    { server: 'https://index.docker.io/v1/', username: FAKE.dockerUsername, password: FAKE.dockerPassword },
  ]);
}

export class GuideChart extends Chart {
  public readonly docker: DockerCredentials;
  public readonly awsFile: AwsFileCredentials;
  public readonly awsEnv: AwsEnvConfiguration;

  public constructor(scope: Construct, id: string, options: GuideOptions = {}) {
    super(scope, id, { namespace: 'user' });
    const { env, notice } = exampleContext(options);

    // 1. Docker: Secret docker-secret (key config.json), PodDefault docker-config.
    if (env.EXAMPLE_DOCKER_CONFIG) {
      this.docker = DockerCredentials.fromFile(this, 'Docker', env.EXAMPLE_DOCKER_CONFIG, { output: options.output });
    } else {
      notice('example: docker-secret uses FAKE credentials (set EXAMPLE_DOCKER_CONFIG=<path to config.json> for real ones)');
      this.docker = new DockerCredentials(this, 'Docker', {
        registries: [{ server: 'https://index.docker.io/v1/', username: FAKE.dockerUsername, password: FAKE.dockerPassword }],
        output: options.output,
      });
    }
    this.docker.addPodDefault();

    // 2. AWS credentials file: Secret aws-credentials (key credentials), PodDefault aws-credentials.
    if (env.EXAMPLE_AWS_CREDENTIALS) {
      this.awsFile = AwsFileCredentials.fromFile(this, 'AwsCredentials', env.EXAMPLE_AWS_CREDENTIALS, { output: options.output });
    } else {
      notice('example: aws-credentials uses FAKE credentials (set EXAMPLE_AWS_CREDENTIALS=<path to a credentials file> for real ones)');
      this.awsFile = new AwsFileCredentials(this, 'AwsCredentials', {
        profiles: [{ accessKeyId: FAKE.accessKeyId, secretAccessKey: FAKE.secretAccessKey }],
        output: options.output,
      });
    }
    this.awsFile.addPodDefault();

    // 3. AWS environment: Secret aws-configuration, PodDefault aws-configuration with envFrom.
    if (env.EXAMPLE_AWS_FROM_ENV === '1') {
      // A CA bundle of the machine that runs synth (AWS_CA_BUNDLE, set in many CI shells) is not the notebook's.
      this.awsEnv = AwsEnvConfiguration.fromEnv(this, 'AwsConfiguration', { env: definedOnly(env), output: options.output, caBundleFromEnv: CaBundleFromEnv.LEAVE_OUT });
    } else {
      notice('example: aws-configuration uses FAKE credentials (set EXAMPLE_AWS_FROM_ENV=1 to read AWS_* and S3_* variables)');
      this.awsEnv = new AwsEnvConfiguration(this, 'AwsConfiguration', {
        accessKeyId: FAKE.accessKeyId,
        secretAccessKey: FAKE.secretAccessKey,
        region: 'us-west-2',
        s3Endpoint: 'https://s3.us-west-2.amazonaws.com',
        s3SignatureVersion: S3SignatureVersion.S3V4,
        s3ForcePathStyle: false,
        output: options.output,
      });
    }
    this.awsEnv.addPodDefault();
  }
}

function definedOnly(env: { [name: string]: string | undefined }): { [name: string]: string } {
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
}
