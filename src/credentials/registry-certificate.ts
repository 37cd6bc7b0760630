import { ApiObjectProps } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import {
  addFilePodDefault, CredentialsSecret, ExistingSecretCredentials, FileDefaults, FilePodDefaultOptions, IFileCredentials, mountFile, newPodDefault,
} from './base';
import { DOCKER_DEFAULTS } from './docker';
import { CredentialsSecretOptions, ExistingSecretOptions, secretProps } from './secret';
import { problem } from '../engine/rule-ids';
import { childPath, throwIfProblemsAt } from '../errors';
import { goTemplateText } from '../formats/go-template';
import { NotebookPodDefault } from '../pod-default';
import { DockerRegistryCertificateProvider } from '../providers/certificate-provider';
import { checkSecretDataKey } from '../rules/names';
import { CaCertificates } from '../sources/ca-certificates';

/**
 * Options for the Secret of `DockerRegistryCertificate`.
 */
export interface DockerRegistryCertificateOptions extends CredentialsSecretOptions {
  /**
   * The Secret key that holds the certificate. Any other key is mounted as `certificate.crt`.
   *
   * @default 'certificate.crt'
   */
  readonly key?: string;
}

/**
 * Properties of `DockerRegistryCertificate`.
 */
export interface DockerRegistryCertificateProps extends DockerRegistryCertificateOptions {
  /** The registry's CA certificate (or its own self-signed certificate), read and checked already. */
  readonly certificates: CaCertificates;
}

/**
 * Options for the Kaptain docs' "Private Docker Registry" PodDefault.
 */
export interface PrivateRegistryPodDefaultOptions {
  /**
   * The PodDefault's name.
   *
   * @default 'notebook-configuration'
   */
  readonly name?: string;

  /**
   * The text the notebook spawner shows.
   *
   * @default 'Private Docker Registry'
   */
  readonly desc?: string;

  /**
   * The label key the spawner sets to `"true"`.
   *
   * @default - the PodDefault's name
   */
  readonly selectorLabel?: string;

  /**
   * Where the Docker config appears.
   *
   * @default '/home/kubeflow/.docker/'
   */
  readonly dockerMountPath?: string;

  /**
   * Where the certificate appears.
   *
   * @default '/home/kubeflow/.tls/'
   */
  readonly certificateMountPath?: string;
}

/** The Kaptain docs' names and paths for the registry certificate ("Configuring Access to a Private Docker Registry with Self-Signed Certificates"). */
export const CERTIFICATE_DEFAULTS: FileDefaults = {
  name: 'docker-registry-certificate',
  desc: 'Add Docker registry certificate',
  secretName: 'docker-registry-certificate',
  volumeName: 'docker-registry-certificate',
  mountPath: '/home/kubeflow/.tls/',
  fileName: 'certificate.crt',
};

/**
 * The CA certificate of a private Docker registry for notebooks, as the Kaptain SDK reads it:
 * an Opaque Secret `docker-registry-certificate` whose key `certificate.crt` holds the PEM, and a
 * PodDefault that mounts it at `/home/kubeflow/.tls/`, where
 * `DockerRegistryCertificateProvider.default()` reads `/home/kubeflow/.tls/certificate.crt`.
 * `addPrivateRegistryPodDefault()` writes the Kaptain docs' "Private Docker Registry"
 * PodDefault, which mounts the Docker config and the certificate together.
 *
 * The certificate is checked as TLS clients will use it (`CaCertificates`). It is not a secret;
 * the SDK's documented layout is a Secret, which this keeps (for other clients, `CaBundle`
 * writes a ConfigMap).
 *
 * @example
 * const docker = DockerCredentials.fromFile(chart, 'Docker', 'config.json');
 * const certificate = DockerRegistryCertificate.fromFile(chart, 'Certificate', 'certificate.crt');
 * certificate.addPrivateRegistryPodDefault(docker);
 */
export class DockerRegistryCertificate extends CredentialsSecret implements IFileCredentials {
  /**
   * Reads a PEM file (as `kubectl create secret generic docker-registry-certificate
   * --from-file=certificate.crt=<path>` would store it, byte for byte).
   *
   * @param scope the scope in which to define the construct (a Chart, or a construct in one)
   * @param id the construct id, unique among its siblings
   * @param path the PEM file
   * @param options the Secret's name, namespace, key and immutability; each has a default
   */
  public static fromFile(scope: Construct, id: string, path: string, options: DockerRegistryCertificateOptions = {}): DockerRegistryCertificate {
    return new DockerRegistryCertificate(scope, id, { ...options, certificates: CaCertificates._read(path, childPath(scope, id)) });
  }

  /**
   * Writes the certificate of a `DockerRegistryCertificateProvider` (e.g. the one of a `Config`).
   *
   * @param scope the scope in which to define the construct (a Chart, or a construct in one)
   * @param id the construct id, unique among its siblings
   * @param provider the provider whose certificate is written
   * @param options the Secret's name, namespace, key and immutability; each has a default
   */
  public static fromProvider(
    scope: Construct, id: string, provider: DockerRegistryCertificateProvider, options: DockerRegistryCertificateOptions = {},
  ): DockerRegistryCertificate {
    return new DockerRegistryCertificate(scope, id, { ...options, certificates: provider.certificates });
  }

  /**
   * References a Secret that exists in the cluster: nothing is written but the PodDefaults.
   *
   * @param scope the scope in which to define the construct (a Chart, or a construct in one)
   * @param id the construct id, unique among its siblings
   * @param secret the Secret's name, or an `ISecret` (its namespace is checked)
   * @param options the Secret's namespace and the key holding the certificate; each has a default
   */
  public static fromExistingSecret(
    scope: Construct, id: string, secret: string | kplus.ISecret, options: ExistingSecretOptions = {},
  ): IFileCredentials {
    return new ExistingSecretCredentials(scope, id, secret, options, CERTIFICATE_DEFAULTS);
  }

  /**
   * The Kaptain docs' "Private Docker Registry" PodDefault (`notebook-configuration`, selector
   * `notebook-configuration: "true"`): the Docker config (`docker-secret-volume` at
   * `/home/kubeflow/.docker/`) and the registry certificate (`docker-registry-certificate` at
   * `/home/kubeflow/.tls/`) in one box of the spawner. Either may exist in the cluster
   * (`fromExistingSecret`).
   *
   * @param scope the scope in which to define the PodDefault (a Chart, or a construct in one)
   * @param id the construct id, unique among its siblings
   * @param docker the Docker credentials (`DockerCredentials`, or an existing Secret)
   * @param certificate the registry certificate (`DockerRegistryCertificate`, or an existing Secret)
   * @param options the PodDefault's name, description, selector and mount paths; each has the docs' default
   */
  public static privateRegistryPodDefault(
    scope: Construct, id: string, docker: IFileCredentials, certificate: IFileCredentials, options: PrivateRegistryPodDefaultOptions = {},
  ): NotebookPodDefault {
    throwIfProblemsAt(childPath(scope, id), [
      docker.namespace !== certificate.namespace
        ? problem('secret-namespace', `the Docker Secret is in namespace ${JSON.stringify(docker.namespace)} and the certificate Secret in ${JSON.stringify(certificate.namespace)}: one PodDefault mounts Secrets of its own namespace only`)
        : undefined,
    ]);
    const podDefault = new NotebookPodDefault(scope, id, {
      name: options.name ?? 'notebook-configuration',
      namespace: docker.namespace,
      desc: options.desc ?? 'Private Docker Registry',
      selectorLabel: options.selectorLabel,
    });
    try {
      fillPrivateRegistry(podDefault, docker, certificate, options);
    } catch (e) {
      scope.node.tryRemoveChild(id);
      throw e;
    }
    return podDefault;
  }

  /** Checks the props and renders the Secret, before it exists. */
  private static prepare(scope: Construct, id: string, props: DockerRegistryCertificateProps): ApiObjectProps {
    const path = childPath(scope, id);
    const key = props.key ?? CERTIFICATE_DEFAULTS.fileName;
    if (!(props.certificates instanceof CaCertificates)) {
      throwIfProblemsAt(path, ['certificates must be CaCertificates (CaCertificates.fromFile or fromPem, or DockerRegistryCertificate.fromFile)']);
    }
    const text = props.certificates.text();
    const data = new Map([[key, Buffer.from(text, 'utf8')]]);
    // A certificate is not a secret: with external output it is literal text of the template.
    const template = { fields: [], templates: { [key]: goTemplateText(text) } };
    return secretProps(scope, id, props, CERTIFICATE_DEFAULTS.secretName, data, [problem('secret-data', checkSecretDataKey('key', key))], template);
  }

  /** The Secret key that holds the certificate. */
  public readonly key: string;

  /** The certificates written (their subjects: `certificates.subjects`). */
  public readonly certificates: CaCertificates;

  /**
   * @param scope the construct this one belongs to: a `Chart` (whose namespace is the default one) or a construct in one
   * @param id the construct's id, unique among its scope's children; error messages name the construct by its path
   * @param props the certificate and the Secret to write
   */
  public constructor(scope: Construct, id: string, props: DockerRegistryCertificateProps) {
    super(scope, id, DockerRegistryCertificate.prepare(scope, id, props ?? ({} as DockerRegistryCertificateProps)));
    this.key = props.key ?? CERTIFICATE_DEFAULTS.fileName;
    this.certificates = props.certificates;
  }

  /**
   * Adds the PodDefault that mounts the certificate: by default `docker-registry-certificate`
   * ("Add Docker registry certificate"), volume `docker-registry-certificate` at
   * `/home/kubeflow/.tls/`.
   *
   * @param options the PodDefault's name, description, selector and mount; each has a default
   */
  public addPodDefault(options: FilePodDefaultOptions = {}): NotebookPodDefault {
    return addFilePodDefault(this, this.secretName, this.key, CERTIFICATE_DEFAULTS, options);
  }

  /**
   * Adds the Kaptain docs' "Private Docker Registry" PodDefault (`notebook-configuration`), which
   * mounts the Docker config and this certificate together (see `privateRegistryPodDefault`).
   *
   * @param docker the Docker credentials of the same namespace
   * @param options the PodDefault's name, description, selector and mount paths; each has the docs' default
   */
  public addPrivateRegistryPodDefault(docker: IFileCredentials, options: PrivateRegistryPodDefaultOptions = {}): NotebookPodDefault {
    return newPodDefault(this, { name: options.name ?? 'notebook-configuration', desc: options.desc, selectorLabel: options.selectorLabel },
      'notebook-configuration', 'Private Docker Registry', (podDefault) => fillPrivateRegistry(podDefault, docker, this, options));
  }
}

/** The two mounts of the docs' "Private Docker Registry" PodDefault. */
function fillPrivateRegistry(
  podDefault: NotebookPodDefault, docker: IFileCredentials, certificate: IFileCredentials, options: PrivateRegistryPodDefaultOptions,
): void {
  mountFile(podDefault, docker.secret, docker.key, DOCKER_DEFAULTS, { mountPath: options.dockerMountPath });
  mountFile(podDefault, certificate.secret, certificate.key, CERTIFICATE_DEFAULTS, { mountPath: options.certificateMountPath });
}
