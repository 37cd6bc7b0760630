/**
 * The stable ids of every check and who refuses what each one catches. The ids appear in synth
 * errors, in `check` output and `checkManifests()` records, and in README "What we check"
 * (docs/checks.ts), which has one entry per id. This module imports nothing, so that the
 * parsers of `formats/`, the engine and the constructs can all tag their problems with an id.
 */

/** Who refuses what a check catches. */
export type Origin =
  /** the PodDefault webhook refuses the notebook pod (or every pod of the namespace) */
  | 'webhook'
  /** the API server refuses the object or the pod */
  | 'kubernetes'
  /** the notebook spawner cannot offer or apply the configuration */
  | 'spawner'
  /** everything is accepted, and the pod, the kubelet or a credential consumer (docker, botocore, ...) fails at run time */
  | 'runtime'
  /** our own stricter check: the webhook merges it, and the result is silently not what was meant */
  | 'beyond-webhook';

/** Every check, by id, with its origin. */
export const RULES = {
  // Any object.
  'poddefault-name': 'kubernetes',
  'secret-name': 'kubernetes',
  'object-name': 'kubernetes',
  'namespace-name': 'kubernetes',
  'label': 'kubernetes',
  'annotation': 'kubernetes',
  'two-versions': 'kubernetes',
  'unrendered-template': 'kubernetes',
  // One PodDefault.
  'pruned-field': 'kubernetes',
  'desc': 'spawner',
  'selector-invalid': 'webhook',
  'selector-spawner': 'spawner',
  'volume-name': 'kubernetes',
  'volume-source': 'kubernetes',
  'file-mode': 'kubernetes',
  'item-key': 'kubernetes',
  'item-path': 'kubernetes',
  'mount-path': 'kubernetes',
  'mount-without-volume': 'kubernetes',
  'sub-path': 'kubernetes',
  'env-name': 'kubernetes',
  'env-source': 'kubernetes',
  'env-from-source': 'kubernetes',
  'literal-credential': 'beyond-webhook',
  'toleration': 'kubernetes',
  'container': 'kubernetes',
  'service-account-name': 'kubernetes',
  // One Secret or ConfigMap.
  'secret-data': 'kubernetes',
  'config-map-data': 'kubernetes',
  // Credentials in a Secret, as their consumers read them.
  'credential-value': 'runtime',
  'file-unreadable': 'runtime',
  'file-encoding': 'runtime',
  'docker-config-json': 'runtime',
  'docker-registry-key': 'runtime',
  'docker-registry-lookup': 'runtime',
  'docker-auth': 'runtime',
  'docker-creds-helper': 'runtime',
  'aws-file-section': 'runtime',
  'aws-file-duplicates': 'runtime',
  'aws-file-value': 'runtime',
  'aws-profile-name': 'runtime',
  'aws-env-keys': 'runtime',
  'aws-key-whitespace': 'runtime',
  'aws-region': 'runtime',
  's3-endpoint': 'runtime',
  's3-signature-version': 'runtime',
  'certificate-pem': 'runtime',
  'certificate-expired': 'runtime',
  'certificate-not-yet-valid': 'runtime',
  'certificate-not-ca': 'runtime',
  'certificate-key-usage': 'runtime',
  'ca-bundle-path': 'runtime',
  'aws-token-file': 'runtime',
  'aws-role-arn': 'runtime',
  'gcp-key-file': 'runtime',
  'kfp-launcher-root': 'runtime',
  'kfp-launcher-provider': 'runtime',
  // All PodDefaults of a namespace, and the notebook pod.
  'shared-selector': 'spawner',
  'volume-conflict': 'webhook',
  'mount-name-conflict': 'webhook',
  'mount-path-conflict': 'webhook',
  'mount-path-normalized': 'runtime',
  'mount-nested': 'runtime',
  'env-conflict': 'webhook',
  'env-from-overlap': 'beyond-webhook',
  'env-from-invalid-key': 'runtime',
  'toleration-conflict': 'webhook',
  'label-conflict': 'webhook',
  'annotation-conflict': 'webhook',
  'container-conflict': 'webhook',
  'container-name-unique': 'kubernetes',
  'service-account-differs': 'beyond-webhook',
  'command-differs': 'beyond-webhook',
  'aws-role-conflict': 'webhook',
  'aws-credential-precedence': 'beyond-webhook',
  'secret-key-missing': 'runtime',
  // Inputs of the constructs and providers (no manifest holds them).
  'secret-namespace': 'kubernetes',
  'sealed-scope': 'runtime',
  'kyverno-text': 'runtime',
  'docker-required-images': 'runtime',
  'aws-profile-missing': 'runtime',
  'aws-env-machine': 'runtime',
  'docker-registry-url': 'runtime',
  'certificate-host': 'runtime',
} as const;

/** The id of a check. */
export type RuleId = keyof typeof RULES;

/** What a check found: its id and a message that names fields and objects, never a secret value. */
export interface Problem {
  readonly rule: RuleId;
  readonly message: string;
}

/** The origin of a check. */
export function originOf(rule: RuleId): Origin {
  return RULES[rule];
}

/** A problem of `rule` when a validator returned a message. */
export function problem(rule: RuleId, message: string | undefined): Problem | undefined {
  return message === undefined ? undefined : { rule, message };
}

/** The problems of `rule` for each message (validators that return several). */
export function problems(rule: RuleId, messages: ReadonlyArray<string | undefined>): Problem[] {
  return messages.filter((m): m is string => m !== undefined).map((message) => ({ rule, message }));
}

/** How every entry point prints a problem: the message, then `[rule, origin]`. */
export function formatProblem(p: Problem): string {
  return `${p.message} [${p.rule}, ${originOf(p.rule)}]`;
}
