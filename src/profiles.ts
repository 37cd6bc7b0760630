import * as crypto from 'crypto';
import { ApiObject, Lazy } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { NotebookAccessOptions, offerConfigurations, RegistryCertificateAccessOptions } from './access';
import { INotebookCredentials, IFileCredentials } from './credentials/base';
import { PROFILE_NAMESPACE_LABELS } from './engine/generated';
import { formatProblem, Problem, problem } from './engine/rule-ids';
import { throwIfProblems } from './errors';
import { kyvernoLiteral } from './formats/kyverno-text';
import { NotebookPodDefault } from './pod-default';
import { Config } from './providers/config';
import { inspectAs } from './redact';
import { checkDnsSubdomain, checkNamespace, namespaceLabelsProblems } from './rules/names';
import { quote } from './rules/text';

/** Kyverno's limit for a rule name (it is also a label value of what the rule generates). */
const MAX_RULE_NAME = 63;
/** Kyverno labels what it generates with the policy's name: a label value. */
const MAX_POLICY_NAME = 63;

/**
 * How the Secrets reach every profile namespace: cloned by Kyverno from one source namespace,
 * or made in each by the External Secrets Operator from a `ClusterExternalSecret`.
 */
export class ProfileSecrets {
  /**
   * The Secrets are written once, in `namespace` (with each configuration's `output`: plain,
   * sealed or external), and Kyverno clones them into every profile namespace and keeps the
   * copies in sync (`synchronize`). Nothing else should write Secrets of these names there.
   *
   * @param namespace the source namespace, e.g. `kubeflow` (not a profile namespace)
   */
  public static cloneFrom(namespace: string): ProfileSecrets {
    const invalid = checkNamespace(namespace);
    if (invalid !== undefined) {
      throw new Error(`[ProfileSecrets.cloneFrom()] ${invalid}`);
    }
    return new ProfileSecrets(namespace);
  }

  /**
   * Each Secret as one `ClusterExternalSecret` whose `namespaceSelectors` are the profile
   * labels: the operator makes the ExternalSecret, and so the Secret, in every profile namespace.
   * Needs `SecretOutput.external(...)` as the output of every configuration offered (with a
   * `ClusterSecretStore`, or a `SecretStore` of that name in every profile namespace).
   */
  public static clusterExternalSecrets(): ProfileSecrets {
    return new ProfileSecrets(undefined);
  }

  private constructor(
    /** The namespace the Secrets are cloned from; `undefined` for ClusterExternalSecrets. */
    public readonly sourceNamespace: string | undefined,
  ) {}

  /** Whether the Secrets are ClusterExternalSecrets. */
  public get isClusterExternalSecrets(): boolean {
    return this.sourceNamespace === undefined;
  }
}

/**
 * Properties of `ProfileAccess`.
 */
export interface ProfileAccessProps {
  /** Where the credentials come from. */
  readonly config: Config;

  /**
   * The labels of the namespaces that receive the configurations.
   *
   * @default - `app.kubernetes.io/part-of: kubeflow-profile`, which the Kubeflow profile controller puts on every profile namespace
   */
  readonly namespaceLabels?: { [key: string]: string };

  /**
   * How the Secrets reach the namespaces.
   *
   * @default ProfileSecrets.cloneFrom('kubeflow')
   */
  readonly secrets?: ProfileSecrets;

  /**
   * How the Docker configuration is offered (as for `NotebookAccess`; `existingSecret` is a
   * Secret that exists in every profile namespace).
   *
   * @default - the Kaptain guide's Secret `docker-secret` and PodDefault `docker-config`
   */
  readonly docker?: NotebookAccessOptions;

  /**
   * How the storage configuration is offered (as for `NotebookAccess`).
   *
   * @default - the Kaptain guide's names for the provider's kind
   */
  readonly storage?: NotebookAccessOptions;

  /**
   * How the Config's registry certificate is offered (as for `NotebookAccess`): its Secret is
   * cloned (or made by a ClusterExternalSecret) like the credentials.
   *
   * @default - when the Config has a `dockerRegistryCertificateProvider`: the Secret and PodDefault `docker-registry-certificate`
   */
  readonly registryCertificate?: RegistryCertificateAccessOptions;

  /**
   * The name of the Kyverno `ClusterPolicy` (also the prefix of the ClusterExternalSecrets' and
   * the ClusterRole's names).
   *
   * @default 'kubeflow-notebook-credentials'
   */
  readonly policyName?: string;

  /**
   * Kyverno keeps what it generated as the policy says (`synchronize`): a changed or deleted
   * copy is restored, a changed source or policy updates every copy.
   *
   * @default true
   */
  readonly synchronize?: boolean;

  /**
   * Kyverno also generates into the namespaces that exist when the policy is created
   * (`generateExisting`, Kyverno 1.13 or later), not only into new ones.
   *
   * @default true
   */
  readonly generateExisting?: boolean;

  /**
   * Write the ClusterRole that lets Kyverno's background controller manage PodDefaults (and
   * Secrets, when it clones them) in every namespace: it is aggregated into the controller's
   * role by the label `rbac.kyverno.io/aggregate-to-background-controller`. Kyverno's own roles
   * grant neither.
   *
   * @default true
   */
  readonly kyvernoRole?: boolean;
}

/**
 * A `Config` offered in every Kubeflow profile namespace, today's and tomorrow's, chosen by
 * label rather than listed: the PodDefaults through a Kyverno `ClusterPolicy` whose generate
 * rules write them into each namespace with the profile labels, and the Secrets either cloned
 * by the same policy from one source namespace (`ProfileSecrets.cloneFrom`) or made by the
 * External Secrets Operator from `ClusterExternalSecret`s (`ProfileSecrets.clusterExternalSecrets`).
 * A profile created tomorrow gets the same configurations with no new synth.
 *
 * At synth, the PodDefaults every profile namespace receives are checked as one namespace,
 * with the Secrets' keys and any `ExistingPodDefault` declared with the same `namespaceLabels`,
 * and with what the App writes in the namespaces it creates (`Namespace`, Kubeflow `Profile`).
 *
 * @example
 * new ProfileAccess(chart, 'Profiles', {
 *   config: new Config({
 *     dockerConfigProvider: DockerConfigurationProvider.fromFile('config.json'),
 *     storageConfigProvider: S3ConfigurationProvider.fromEnv(),
 *   }),
 *   secrets: ProfileSecrets.cloneFrom('kubeflow'),
 * });
 */
export class ProfileAccess extends Construct {
  /** The Config the credentials come from. */
  public readonly config: Config;

  /** The labels of the namespaces that receive the configurations. */
  public readonly namespaceLabels: { [key: string]: string };

  /**
   * The Docker credentials, unless not offered: in the source namespace with
   * `ProfileSecrets.cloneFrom`, or the ExternalSecret every namespace receives.
   */
  public readonly docker?: IFileCredentials;

  /** The storage credentials, unless not offered (as `docker`). */
  public readonly storage?: INotebookCredentials;

  /** The registry certificate, when the Config has one (as `docker`). */
  public readonly registryCertificate?: IFileCredentials;

  /**
   * The PodDefaults every profile namespace receives. They are not written themselves: the
   * policy's rules carry them, so what is added to them (`addEnv`, ...) reaches every namespace.
   */
  public readonly podDefaults: NotebookPodDefault[];

  /** The Kyverno `ClusterPolicy`. */
  public readonly policy: ApiObject;

  /** The `ClusterExternalSecret`s, with `ProfileSecrets.clusterExternalSecrets()`. */
  public readonly clusterExternalSecrets: ApiObject[];

  /** The ClusterRole aggregated into Kyverno's background controller, unless `kyvernoRole` is false. */
  public readonly kyvernoRole?: ApiObject;

  /**
   * @param scope the construct this one belongs to: a `Chart` (whose namespace is the default one) or a construct in one
   * @param id the construct's id, unique among its scope's children; error messages name the construct by its path
   * @param props the Config, the profile namespaces' labels and how the Secrets reach them
   */
  public constructor(scope: Construct, id: string, props: ProfileAccessProps) {
    super(scope, id);
    if (!(props?.config instanceof Config)) {
      throw new Error(`[${this.node.path}] config is required (a Config)`);
    }
    const secrets = props.secrets ?? ProfileSecrets.cloneFrom('kubeflow');
    const docker = props.docker ?? {};
    const storage = props.storage ?? {};
    const certificate = props.registryCertificate ?? {};
    const policyName = props.policyName ?? 'kubeflow-notebook-credentials';
    const offered = (o: NotebookAccessOptions) => o.offer ?? true;
    const needsExternal = (what: string, o: NotebookAccessOptions) =>
      secrets.isClusterExternalSecrets && offered(o) && o.existingSecret === undefined && !(o.output?.isExternal ?? false)
        ? `ProfileSecrets.clusterExternalSecrets() makes Secrets from a store: ${what}.output must be SecretOutput.external(...) (or give ${what}.existingSecret)`
        : undefined;
    throwIfProblems(this, [
      ...namespaceLabelsProblems(props.namespaceLabels),
      problem('object-name', checkDnsSubdomain('policyName', policyName, MAX_POLICY_NAME)),
      needsExternal('docker', docker),
      needsExternal('storage', storage),
      props.config.dockerRegistryCertificateProvider !== undefined ? needsExternal('registryCertificate', certificate) : undefined,
      offered(docker) || offered(storage) ? undefined : 'docker.offer and storage.offer are both false: nothing to offer',
    ]);
    this.config = props.config;
    this.namespaceLabels = { ...(props.namespaceLabels ?? PROFILE_NAMESPACE_LABELS) };

    const source = offerConfigurations(this, secrets.sourceNamespace, this.config, docker, storage, certificate);
    this.docker = source.docker;
    this.storage = source.storage;
    this.registryCertificate = source.certificate;
    this.podDefaults = source.podDefaults;
    // The PodDefaults are carried by the policy, not written: out of the tree, their paths kept.
    for (const podDefault of this.podDefaults) {
      podDefault.node.scope!.node.tryRemoveChild(podDefault.node.id);
    }
    const written = [this.docker, this.storage, this.registryCertificate].filter((c): c is INotebookCredentials => c !== undefined && c.writesSecret);

    this.clusterExternalSecrets = [];
    if (secrets.isClusterExternalSecrets) {
      for (const credentials of written) {
        // The ExternalSecret is the template of every namespace's: out of the tree.
        credentials.node.scope!.node.tryRemoveChild(credentials.node.id);
        const output = credentials === this.docker ? docker.output : credentials === this.storage ? storage.output : certificate.output;
        this.clusterExternalSecrets.push(new ApiObject(this, `ClusterExternalSecret-${credentials.secretName}`, {
          apiVersion: output?._externalApiVersion ?? 'external-secrets.io/v1',
          kind: 'ClusterExternalSecret',
          metadata: { name: `${policyName}-${credentials.secretName}` },
          spec: Lazy.any({ produce: () => clusterExternalSecretSpec(credentials, this.namespaceLabels) }),
        }));
      }
    }

    const cloned = secrets.isClusterExternalSecrets ? [] : written;
    const rules = () => policyRules(this, {
      labels: this.namespaceLabels,
      sourceNamespace: secrets.sourceNamespace,
      cloned,
      podDefaults: this.podDefaults,
      synchronize: props.synchronize ?? true,
      generateExisting: props.generateExisting ?? true,
    });
    this.policy = new ApiObject(this, 'Policy', {
      apiVersion: 'kyverno.io/v1',
      kind: 'ClusterPolicy',
      metadata: {
        name: policyName,
        annotations: {
          'policies.kyverno.io/title': 'Kubeflow notebook credentials',
          'policies.kyverno.io/subject': 'Namespace',
          'policies.kyverno.io/description': `Gives every namespace labelled ${labelText(this.namespaceLabels)} the notebook PodDefaults${cloned.length > 0 ? ' and their Secrets (cloned)' : ''}.`,
        },
      },
      spec: Lazy.any({ produce: () => ({ rules: rules() }) }),
    });

    if (props.kyvernoRole ?? true) {
      this.kyvernoRole = new ApiObject(this, 'KyvernoRole', {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRole',
        metadata: {
          name: `kyverno:background-controller:${policyName}`,
          labels: {
            'app.kubernetes.io/component': 'background-controller',
            'app.kubernetes.io/instance': 'kyverno',
            'app.kubernetes.io/part-of': 'kyverno',
            'rbac.kyverno.io/aggregate-to-background-controller': 'true',
          },
        },
        rules: [
          { apiGroups: ['kubeflow.org'], resources: ['poddefaults'], verbs: GENERATE_VERBS },
          ...(cloned.length > 0 ? [{ apiGroups: [''], resources: ['secrets'], verbs: GENERATE_VERBS }] : []),
        ],
      });
    }
  }
}

/** What Kyverno's background controller needs on what it generates and keeps in sync. */
const GENERATE_VERBS = ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'];

/** Labels as a selector prints them. */
function labelText(labels: { readonly [key: string]: string }): string {
  return Object.keys(labels).sort().map((k) => `${k}=${labels[k]}`).join(',');
}

/** A Kyverno rule name of at most 63 characters: a long one is cut and given a hash of the whole. */
function ruleName(prefix: string, name: string): string {
  const full = `${prefix}-${name}`;
  if (full.length <= MAX_RULE_NAME) {
    return full;
  }
  const hash = crypto.createHash('sha256').update(full).digest('hex').slice(0, 8);
  return `${full.slice(0, MAX_RULE_NAME - hash.length - 1).replace(/[-.]+$/, '')}-${hash}`;
}

interface PolicyParts {
  readonly labels: { readonly [key: string]: string };
  readonly sourceNamespace?: string;
  readonly cloned: readonly INotebookCredentials[];
  readonly podDefaults: readonly NotebookPodDefault[];
  readonly synchronize: boolean;
  readonly generateExisting: boolean;
}

/** The generate rules, every literal escaped for Kyverno (rule `kyverno-text` when one cannot be). */
function policyRules(policy: ProfileAccess, parts: PolicyParts): unknown[] {
  const match = { any: [{ resources: { kinds: ['Namespace'], selector: { matchLabels: { ...parts.labels } } } }] };
  const common = (apiVersion: string, kind: string, name: string) => ({
    generateExisting: parts.generateExisting,
    synchronize: parts.synchronize,
    apiVersion,
    kind,
    name,
    namespace: '{{request.object.metadata.name}}',
  });
  const problems: Problem[] = [];
  const rules: unknown[] = [];
  for (const credentials of parts.cloned) {
    rules.push({
      name: ruleName('clone', credentials.secretName),
      match,
      generate: {
        ...common('v1', 'Secret', credentials.secretName),
        clone: { namespace: parts.sourceNamespace, name: credentials.secretName },
      },
    });
  }
  for (const podDefault of parts.podDefaults) {
    const json = podDefault.toJson();
    const metadata = json.metadata ?? {};
    const { labels, annotations } = metadata;
    const kept = labels === undefined && annotations === undefined ? undefined : { labels, annotations };
    const data = escapeAll({ metadata: kept, spec: json.spec }, `PodDefault ${quote(podDefault.name)}`, problems);
    rules.push({
      name: ruleName('poddefault', podDefault.name),
      match,
      generate: { ...common(json.apiVersion, json.kind, podDefault.name), data },
    });
  }
  if (problems.length > 0) {
    throw new Error(problems.map((p) => `[${policy.policy.node.path}] ${formatProblem(p)}`).join('\n'));
  }
  return rules;
}

/** A JSON value with every string (map keys too) written so that Kyverno reads it as itself. */
function escapeAll(value: unknown, where: string, problems: Problem[]): unknown {
  if (typeof value === 'string') {
    const escaped = kyvernoLiteral(value);
    if (escaped === undefined) {
      problems.push({
        rule: 'kyverno-text',
        message: `${where} has text that Kyverno would read as a variable ({{...}}) or a reference ($(...)) and that cannot be escaped for its generate rule (change the text)`,
      });
      return value;
    }
    return escaped;
  }
  if (Array.isArray(value)) {
    return value.map((v, i) => escapeAll(v, `${where}[${i}]`, problems));
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      if (v !== undefined) {
        out[escapeAll(key, `${where} (a key)`, problems) as string] = escapeAll(v, `${where}.${key}`, problems);
      }
    }
    return out;
  }
  return value;
}

/** The ClusterExternalSecret's spec: the ExternalSecret the credentials write, in every namespace with the labels. */
function clusterExternalSecretSpec(credentials: IConstruct & INotebookCredentials, labels: { readonly [key: string]: string }): unknown {
  const externalSecret = (credentials as unknown as ApiObject).toJson();
  return {
    externalSecretName: externalSecret.metadata.name,
    namespaceSelectors: [{ matchLabels: { ...labels } }],
    externalSecretSpec: externalSecret.spec,
  };
}

inspectAs(ProfileAccess.prototype, (self: ProfileAccess) =>
  `ProfileAccess(path: ${quote(self.node.path)}, config: ${self.config}, namespaceLabels: ${quote(labelText(self.namespaceLabels))})`);
