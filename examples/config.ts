/**
 * The guide's scenario for namespace `user` written with the Kaptain SDK's configuration API:
 * a Config (Docker provider + credentials-file provider) stamped with NotebookAccess, plus the
 * environment-variable configuration from an S3ConfigurationProvider. It synthesizes the same
 * three Secrets and three PodDefaults as examples/guide.ts.
 *
 * Run: npx ts-node -P examples/tsconfig.json examples/config.ts (writes dist/config/).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { AwsEnvConfiguration, CaBundleFromEnv, Config, NotebookAccess, S3ConfigurationProvider } from '../src';
import { exampleContext, exampleDockerProvider, FAKE, GuideOptions } from './guide';

export class ConfigChart extends Chart {
  public constructor(scope: Construct, id: string, options: GuideOptions = {}) {
    super(scope, id);
    const { env, notice } = exampleContext(options);
    const docker = exampleDockerProvider(options, 'docker-secret');

    let storage: S3ConfigurationProvider;
    if (env.EXAMPLE_AWS_CREDENTIALS) {
      storage = S3ConfigurationProvider.fromFile(env.EXAMPLE_AWS_CREDENTIALS);
    } else {
      notice('example: aws-credentials uses FAKE credentials (set EXAMPLE_AWS_CREDENTIALS=<path to a credentials file> for real ones)');
      // A fake credentials file, so that the provider reads a file as it would in a notebook.
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'example-'));
      try {
        const file = path.join(dir, 'credentials');
        fs.writeFileSync(file, `[default]\naws_access_key_id = ${FAKE.accessKeyId}\naws_secret_access_key = ${FAKE.secretAccessKey}\n`);
        storage = S3ConfigurationProvider.fromFile(file);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }

    // Secret docker-secret + PodDefault docker-config; Secret aws-credentials + PodDefault aws-credentials.
    new NotebookAccess(this, 'Access', {
      config: new Config({ dockerConfigProvider: docker, storageConfigProvider: storage }),
      namespaces: ['user'],
    });

    // Secret aws-configuration + PodDefault aws-configuration (envFrom).
    let variables: { [name: string]: string } = {
      AWS_ACCESS_KEY_ID: FAKE.accessKeyId,
      AWS_SECRET_ACCESS_KEY: FAKE.secretAccessKey,
      AWS_REGION: 'us-west-2',
      S3_ENDPOINT: 'https://s3.us-west-2.amazonaws.com',
      S3_SIGNATURE_VERSION: 's3v4',
      S3_FORCE_PATH_STYLE: 'false',
    };
    if (env.EXAMPLE_AWS_FROM_ENV === '1') {
      variables = Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
    } else {
      notice('example: aws-configuration uses FAKE credentials (set EXAMPLE_AWS_FROM_ENV=1 to read AWS_* and S3_* variables)');
    }
    // A CA bundle of the machine that runs synth (AWS_CA_BUNDLE) is not the notebook's.
    const storageProvider = S3ConfigurationProvider.fromEnv(variables, { caBundleFromEnv: CaBundleFromEnv.LEAVE_OUT });
    AwsEnvConfiguration.fromProvider(this, 'AwsConfiguration', storageProvider, { namespace: 'user' }).addPodDefault();
  }
}

if (require.main === module) {
  const app = new App({ outdir: path.join('dist', 'config') });
  new ConfigChart(app, 'config');
  app.synth();
}
