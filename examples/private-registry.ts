/**
 * The Kaptain docs' "Configuring Access to a Private Docker Registry with Self-Signed
 * Certificates", for namespace `user`: the Secret `docker-secret` (config.json for
 * `https://my.private.registry:5000/`), the Secret `docker-registry-certificate` (key
 * `certificate.crt`) and the "Private Docker Registry" PodDefault `notebook-configuration`, which
 * mounts both at `/home/kubeflow/.docker/` and `/home/kubeflow/.tls/`. The description is the
 * SDK's own: a `Config` with `dockerRegistryUrl` and a `DockerRegistryCertificateProvider`, as the
 * docs set `docker_registry_url` and `docker_registry_certificate_provider` in a notebook.
 *
 *   npx ts-node -P examples/tsconfig.json examples/private-registry.ts    # writes dist/private-registry/
 *
 * It needs no real credentials: EXAMPLE_REGISTRY_CONFIG=<path to config.json> and
 * EXAMPLE_REGISTRY_CERTIFICATE=<path to the registry's CA certificate> are read when set;
 * otherwise fake credentials (said on stderr) and `examples/registry-certificate.pem`, a
 * throwaway self-signed certificate for `my.private.registry` made for this example (its private
 * key was not kept).
 */
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { exampleContext, FAKE, GuideOptions } from './guide';
import { Config, DockerConfig, DockerConfigurationProvider, DockerCredentials, DockerRegistryCertificate, DockerRegistryCertificateProvider } from '../src';

/** The docs' registry: its config.json key and its `docker_registry_url`. */
export const REGISTRY = { key: 'https://my.private.registry:5000/', url: 'my.private.registry:5000' };

/** The docs' example config.json, laid out as they print it, with `auth` for the given user. */
export function docsConfigJson(username: string, password: string): string {
  const auth = Buffer.from(`${username}:${password}`, 'utf8').toString('base64');
  return `{\n    "auths": {\n            "${REGISTRY.key}": {\n                    "auth": "${auth}"\n            }\n    }\n}\n`;
}

export class PrivateRegistryChart extends Chart {
  /** The SDK's description of the registry access. */
  public readonly config: Config;
  public readonly docker: DockerCredentials;
  public readonly certificate: DockerRegistryCertificate;

  public constructor(scope: Construct, id: string, options: GuideOptions = {}) {
    super(scope, id, { namespace: 'user' });
    const { env, notice } = exampleContext(options);
    let dockerConfigProvider: DockerConfigurationProvider;
    if (env.EXAMPLE_REGISTRY_CONFIG) {
      dockerConfigProvider = DockerConfigurationProvider.fromFile(env.EXAMPLE_REGISTRY_CONFIG);
    } else {
      notice('example: docker-secret uses FAKE credentials for my.private.registry:5000 (set EXAMPLE_REGISTRY_CONFIG=<path to config.json> for real ones)');
      dockerConfigProvider = DockerConfigurationProvider.fromConfig(DockerConfig.fromJson(docsConfigJson(FAKE.dockerUsername, FAKE.dockerPassword)));
    }
    // config.docker_registry_url and config.docker_registry_certificate_provider, as in the docs.
    this.config = new Config({
      dockerConfigProvider,
      dockerRegistryUrl: REGISTRY.url,
      dockerRegistryCertificateProvider: DockerRegistryCertificateProvider.fromFile(env.EXAMPLE_REGISTRY_CERTIFICATE ?? path.join(__dirname, 'registry-certificate.pem')),
    });

    // kubectl create secret generic docker-secret --from-file=config.json=config.json
    this.docker = DockerCredentials.fromProvider(this, 'Docker', this.config.dockerConfigProvider, { output: options.output });
    // kubectl create secret generic docker-registry-certificate --from-file=certificate.crt=certificate.crt
    this.certificate = DockerRegistryCertificate.fromProvider(this, 'Certificate', this.config.dockerRegistryCertificateProvider!, { output: options.output });
    // pod-defaults.yaml: notebook-configuration, "Private Docker Registry".
    this.certificate.addPrivateRegistryPodDefault(this.docker);
  }
}

if (require.main === module) {
  const app = new App({ outdir: path.join('dist', 'private-registry') });
  new PrivateRegistryChart(app, 'private-registry');
  app.synth();
}
