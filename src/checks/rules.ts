/**
 * The stable ids of the PodDefault checks and who refuses what each one catches. The ids appear
 * in `check --json`, in `checkManifests()` records and in README "What we check".
 */

/** Who refuses what a check catches. */
export type Origin =
  /** the PodDefault webhook refuses the notebook pod (or every pod of the namespace) */
  | 'webhook'
  /** the API server refuses the object or the pod, or the kubelet cannot run it */
  | 'kubernetes'
  /** our own stricter check: the webhook merges it, and the result is silently wrong */
  | 'beyond-webhook';

/** Every check of the engine, by id. */
export const RULES = {
  // One object.
  'poddefault-name': 'kubernetes',
  'namespace-name': 'kubernetes',
  'selector-invalid': 'webhook',
  'selector-spawner': 'beyond-webhook',
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
  'label': 'kubernetes',
  'annotation': 'kubernetes',
  'toleration': 'kubernetes',
  'container': 'kubernetes',
  'service-account-name': 'kubernetes',
  'secret-name': 'kubernetes',
  // All PodDefaults of a namespace, and the notebook pod.
  'duplicate-name': 'kubernetes',
  'shared-selector': 'beyond-webhook',
  'volume-conflict': 'webhook',
  'mount-name-conflict': 'webhook',
  'mount-path-conflict': 'webhook',
  'mount-path-normalized': 'beyond-webhook',
  'mount-nested': 'beyond-webhook',
  'env-conflict': 'webhook',
  'env-from-overlap': 'beyond-webhook',
  'env-from-invalid-key': 'beyond-webhook',
  'toleration-conflict': 'webhook',
  'label-conflict': 'webhook',
  'annotation-conflict': 'webhook',
  'container-conflict': 'webhook',
  'container-name-unique': 'kubernetes',
  'service-account-differs': 'beyond-webhook',
  'command-differs': 'beyond-webhook',
  'secret-key-missing': 'kubernetes',
  'secret-written-twice': 'kubernetes',
} as const;

/** The id of a check. */
export type RuleId = keyof typeof RULES;

/** The origin of a check. */
export function originOf(rule: RuleId): Origin {
  return RULES[rule];
}
