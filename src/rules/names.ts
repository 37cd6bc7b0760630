/**
 * Kubernetes and Kubeflow name rules (docs/rulebook.md, "Kubernetes names and fields"; k8s.io/apimachinery
 * pkg/util/validation), as pure functions.
 *
 * Each check returns `undefined` when the value is valid, or a sentence that names the field,
 * quotes the (non-secret) value and states the rule. Callers add the construct path.
 */
import { quote } from './text';
import type { Problem } from '../engine/rule-ids';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const ENV_VAR_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
/** The characters of a Secret data key, and of an ExternalSecret's `secretKey` (the same pattern in its CRD). */
export const SECRET_DATA_KEY = /^[-._a-zA-Z0-9]+$/;

/** The longest PodDefault name: the webhook's pod annotation `poddefault.admission.kubeflow.org/poddefault-<name>` must stay within 63 characters. */
export const MAX_PODDEFAULT_NAME = 52;
/** The longest DNS-1123 subdomain (Secret names). */
export const MAX_SUBDOMAIN = 253;
/** The longest DNS-1123 label (namespaces, volume names). */
export const MAX_LABEL = 63;

const SUBDOMAIN_RULE = "lower-case letters, digits, '-' and '.', starting and ending with a letter or digit";
const LABEL_RULE = "lower-case letters, digits and '-', starting and ending with a letter or digit";

/** Whether `value` is a DNS-1123 subdomain of at most `max` characters (an object name). */
export function isDnsSubdomain(value: string, max: number = MAX_SUBDOMAIN): boolean {
  return typeof value === 'string' && value.length > 0 && value.length <= max && DNS1123_SUBDOMAIN.test(value);
}

/** `field` must be a DNS-1123 subdomain of at most `max` characters (Secret names, PodDefault names). */
export function checkDnsSubdomain(field: string, value: string, max: number = MAX_SUBDOMAIN): string | undefined {
  if (typeof value !== 'string' || value.length === 0) {
    return `${field} is empty (must be a DNS-1123 subdomain: ${SUBDOMAIN_RULE})`;
  }
  if (value.length > max || !DNS1123_SUBDOMAIN.test(value)) {
    return `${field} ${quote(value)} is not a DNS-1123 subdomain of at most ${max} characters (${SUBDOMAIN_RULE})`;
  }
  return undefined;
}

/** `field` must be a DNS-1123 label (namespaces, volume names): at most 63 characters, no dots. */
export function checkDnsLabel(field: string, value: string): string | undefined {
  if (typeof value !== 'string' || value.length === 0) {
    return `${field} is empty (must be a DNS-1123 label: ${LABEL_RULE})`;
  }
  if (value.length > MAX_LABEL || !DNS1123_LABEL.test(value)) {
    return `${field} ${quote(value)} is not a DNS-1123 label of at most ${MAX_LABEL} characters (${LABEL_RULE})`;
  }
  return undefined;
}

/** A PodDefault name: a DNS-1123 subdomain of at most 52 characters. */
export function checkPodDefaultName(value: string): string | undefined {
  const problem = checkDnsSubdomain('PodDefault name', value, MAX_PODDEFAULT_NAME);
  if (problem && typeof value === 'string' && value.length > MAX_PODDEFAULT_NAME && DNS1123_SUBDOMAIN.test(value)) {
    return `PodDefault name ${quote(value)} has ${value.length} characters; at most ${MAX_PODDEFAULT_NAME} are allowed (the webhook annotates pods with "poddefault.admission.kubeflow.org/poddefault-<name>", which may not pass 63)`;
  }
  return problem;
}

/** A Secret name: a DNS-1123 subdomain of at most 253 characters. */
export function checkSecretName(value: string): string | undefined {
  return checkDnsSubdomain('Secret name', value);
}

/** A namespace: a DNS-1123 label. */
export function checkNamespace(value: string): string | undefined {
  return checkDnsLabel('namespace', value);
}

/** A volume name: a DNS-1123 label (unique in the pod). */
export function checkVolumeName(value: string): string | undefined {
  return checkDnsLabel('volume name', value);
}

/** A label key: optional DNS-1123 subdomain prefix and `/`, then a name of at most 63 characters. */
export function checkLabelKey(field: string, key: string): string | undefined {
  const rule = "an optional DNS-1123 subdomain prefix and '/', then at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit";
  if (typeof key !== 'string' || key.length === 0) {
    return `${field} is empty (a label key is ${rule})`;
  }
  const slash = key.indexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  const prefixOk = prefix === undefined || (prefix.length <= MAX_SUBDOMAIN && DNS1123_SUBDOMAIN.test(prefix));
  if (!prefixOk || name.length > MAX_LABEL || !QUALIFIED_NAME.test(name)) {
    return `${field} ${quote(key)} is not a valid label key (${rule})`;
  }
  return undefined;
}

/** A label value: empty, or at most 63 letters, digits, `-`, `_`, `.`, starting and ending alphanumeric. */
export function checkLabelValue(field: string, value: string): string | undefined {
  if (typeof value !== 'string' || value.length > MAX_LABEL || !LABEL_VALUE.test(value)) {
    return `${field} ${quote(String(value))} is not a valid label value (empty, or at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit)`;
  }
  return undefined;
}

function isDotName(value: string): boolean {
  return value === '.' || value === '..' || value.startsWith('..');
}

/** An environment variable name (the strict C_IDENTIFIER-like rule Kubernetes applies before 1.32). */
export function checkEnvVarName(field: string, value: string): string | undefined {
  if (typeof value !== 'string' || value.length === 0 || !ENV_VAR_NAME.test(value) || isDotName(value)) {
    return `${field} ${quote(String(value))} is not a valid environment variable name (letters, digits, '_', '-' and '.', not starting with a digit, not '.', '..' or starting with '..')`;
  }
  return undefined;
}

/** An envFrom prefix: empty or a valid environment variable name. */
export function checkEnvPrefix(value: string): string | undefined {
  if (value === '') {
    return undefined;
  }
  const problem = checkEnvVarName('envFrom prefix', value);
  return problem;
}

/** A Secret data key: letters, digits, `-`, `_`, `.`; at most 253; not `.`, `..` or starting with `..`. */
export function checkSecretDataKey(field: string, key: string): string | undefined {
  if (typeof key !== 'string' || key.length === 0 || key.length > MAX_SUBDOMAIN || !SECRET_DATA_KEY.test(key) || isDotName(key)) {
    return `${field} ${quote(String(key))} is not a valid Secret data key (at most 253 letters, digits, '-', '_' or '.', not '.', '..' or starting with '..')`;
  }
  return undefined;
}

/** Whether `value` is a valid environment variable name (for envFrom keys after prefixing). */
export function isEnvVarName(value: string): boolean {
  return checkEnvVarName('', value) === undefined;
}

/**
 * Derives a DNS-1123 name from a construct id: `DockerConfig` → `docker-config`.
 *
 * @returns the derived name, or `undefined` when nothing valid remains.
 */
export function nameFromId(id: string, max: number): string | undefined {
  const kebab = id
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .slice(0, max)
    .replace(/^[-.]+|[-.]+$/g, '');
  return kebab.length > 0 && DNS1123_SUBDOMAIN.test(kebab) ? kebab : undefined;
}

/** Labels that choose namespaces (`namespaceLabels`): at least one, each a valid label key and value (rule `label`). */
export function namespaceLabelsProblems(labels: { readonly [key: string]: string } | undefined): Problem[] {
  if (labels === undefined) {
    return [];
  }
  if (labels === null || typeof labels !== 'object' || Object.keys(labels).length === 0) {
    return [{ rule: 'label', message: 'namespaceLabels must have at least one label (an empty selector chooses every namespace of the cluster)' }];
  }
  return Object.entries(labels).flatMap(([key, value]) => [checkLabelKey('namespaceLabels key', key), checkLabelValue(`namespaceLabels[${quote(key)}]`, value)])
    .filter((m): m is string => m !== undefined).map((message) => ({ rule: 'label' as const, message }));
}
