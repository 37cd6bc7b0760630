/**
 * What a notebook pod of a namespace receives when a user ticks some configurations: the
 * PodDefaults whose selectors match the labels the spawner sets, merged as the webhook merges
 * them (`applyPodDefaultsOnPod`), or the problems that make the webhook or the API server refuse
 * the pod. Secret values are never shown: env entries name their Secret and key.
 */
import { findConflicts, PodDefaultRecord, SecretRecord } from '../conflicts';
import { isPodDefault, isSecret, objectsOf, secretKeysOf } from './app-checks';
import { NOTEBOOK_LABELS, NOTEBOOK_MOUNTS, NOTEBOOK_SERVICE_ACCOUNT, NOTEBOOK_TOLERATIONS } from './notebook';

/** Options of `previewNotebook()`. */
export interface PreviewOptions {
  /** The profile namespace of the notebook. */
  readonly namespace: string;
  /** The names of the PodDefaults whose boxes are ticked. */
  readonly select: string[];
}

/** One line of what the notebook receives. */
export interface PreviewEntry {
  /** What it is: `env`, `envFrom`, `volumeMount`, `label`, `annotation`, `toleration`, `initContainer`, `sidecar`, `serviceAccountName`. */
  readonly kind: string;
  /** Its key: a variable, a mount path, a label key, a container name. */
  readonly name: string;
  /** Where it comes from, never a secret value: a Secret and key, a file list, a literal's length. */
  readonly detail: string;
  /** The PodDefault that brings it, or `notebook` for the pod's own. */
  readonly from: string;
}

/** What `previewNotebook()` finds. */
export interface NotebookPreview {
  /** The PodDefaults applied: those ticked, and those whose selector the same labels match. */
  readonly applied: string[];
  /** What the notebook receives, when the webhook accepts the pod. */
  readonly entries: PreviewEntry[];
  /** Why the webhook or the API server refuses the pod; empty when it is accepted. */
  readonly refusals: string[];
  /** Problems the webhook lets through (our stricter checks). */
  readonly warnings: string[];
}

/** Whether a selector matches labels (matchLabels and matchExpressions, as labels.Selector does). */
function matches(selector: any, labels: ReadonlyMap<string, string>): boolean {
  const matchLabels = selector?.matchLabels ?? {};
  for (const [key, value] of Object.entries(matchLabels)) {
    if (labels.get(key) !== value) {
      return false;
    }
  }
  for (const e of Array.isArray(selector?.matchExpressions) ? selector.matchExpressions : []) {
    const has = labels.has(e.key);
    const value = labels.get(e.key);
    const values: unknown[] = Array.isArray(e.values) ? e.values : [];
    const ok = e.operator === 'In' ? has && values.includes(value)
      : e.operator === 'NotIn' ? !has || !values.includes(value)
        : e.operator === 'Exists' ? has
          : e.operator === 'DoesNotExist' ? !has : false;
    if (!ok) {
      return false;
    }
  }
  return true;
}

/**
 * Previews the notebook pod of `namespace` with the configurations `select` ticked.
 *
 * @param manifests parsed manifests (objects, or `kind: List`) holding the namespace's PodDefaults and Secrets
 */
export function previewNotebook(manifests: readonly unknown[], options: PreviewOptions): NotebookPreview {
  const objects = manifests.flatMap(objectsOf).filter((o) => (o.metadata?.namespace ?? options.namespace) === options.namespace);
  const podDefaults = objects.filter(isPodDefault);
  const secrets = new Map(objects.filter(isSecret).map((s) => [String(s.metadata?.name ?? ''), secretKeysOf(s)]));
  const byName = new Map(podDefaults.map((pd) => [String(pd.metadata?.name ?? ''), pd]));
  const unknown = options.select.filter((name) => !byName.has(name));
  if (unknown.length > 0) {
    return { applied: [], entries: [], refusals: [`no PodDefault named ${unknown.map((n) => JSON.stringify(n)).join(', ')} in namespace ${JSON.stringify(options.namespace)} (it has ${[...byName.keys()].map((n) => JSON.stringify(n)).join(', ') || 'none'})`], warnings: [] };
  }
  // The spawner sets the first matchLabels key of each ticked PodDefault to "true".
  const labels = new Map<string, string>();
  for (const name of options.select) {
    const key = Object.keys(byName.get(name)!.spec?.selector?.matchLabels ?? {})[0];
    if (key !== undefined) {
      labels.set(key, 'true');
    }
  }
  const applied = podDefaults.filter((pd) => matches(pd.spec?.selector ?? {}, labels));
  const records: PodDefaultRecord[] = applied.map((pd) => ({ path: `PodDefault ${pd.metadata?.name}`, name: String(pd.metadata?.name ?? ''), namespace: options.namespace, spec: pd.spec ?? {} }));
  const secretRecords: SecretRecord[] = [...secrets].map(([name, keys]) => ({ path: `Secret ${name}`, name, namespace: options.namespace, keys, emitted: true }));
  const problems = findConflicts(records, secretRecords).filter((c) => !c.rule.startsWith('secret-written') && c.rule !== 'shared-selector');
  const refusals = problems.filter((p) => p.origin !== 'beyond-webhook').map((p) => `[${p.owner.path}] ${p.message}`);
  const warnings = problems.filter((p) => p.origin === 'beyond-webhook').map((p) => `[${p.owner.path}] ${p.message}`);
  const names = applied.map((pd) => String(pd.metadata?.name ?? ''));
  if (refusals.length > 0) {
    return { applied: names, entries: [], refusals, warnings };
  }
  return { applied: names, entries: merge(applied, secrets, labels), refusals, warnings };
}

/** The webhook's merge: the notebook's own entries first, then each PodDefault's new ones. */
function merge(applied: Array<Record<string, any>>, secrets: ReadonlyMap<string, string[]>, selected: ReadonlyMap<string, string>): PreviewEntry[] {
  const entries: PreviewEntry[] = [];
  const seen = new Set<string>();
  const add = (entry: PreviewEntry) => {
    const key = `${entry.kind}\u0000${entry.name}`;
    if (!seen.has(key)) {
      seen.add(key);
      entries.push(entry);
    }
  };
  add({ kind: 'env', name: 'NB_PREFIX', detail: "the notebook's URL prefix", from: 'notebook' });
  for (const m of NOTEBOOK_MOUNTS) {
    add({ kind: 'volumeMount', name: m.mountPath, detail: m.what, from: 'notebook' });
  }
  for (const key of NOTEBOOK_LABELS.keys()) {
    add({ kind: 'label', name: key, detail: "set from the notebook's name", from: 'notebook' });
  }
  for (const [key, value] of selected) {
    add({ kind: 'label', name: key, detail: JSON.stringify(value), from: 'the spawner (a ticked box)' });
  }
  for (const key of NOTEBOOK_TOLERATIONS.keys()) {
    add({ kind: 'toleration', name: key, detail: 'Exists, NoExecute, 300 s', from: 'notebook' });
  }
  let serviceAccount = { detail: NOTEBOOK_SERVICE_ACCOUNT, from: 'notebook' };
  for (const pd of applied) {
    const from = String(pd.metadata?.name ?? '');
    const spec = pd.spec ?? {};
    for (const env of Array.isArray(spec.env) ? spec.env : []) {
      add({ kind: 'env', name: String(env.name), detail: describeEnv(env), from });
    }
    for (const envFrom of Array.isArray(spec.envFrom) ? spec.envFrom : []) {
      const secret = envFrom.secretRef?.name;
      const keys = secret !== undefined ? secrets.get(secret) : undefined;
      const prefix = envFrom.prefix ?? '';
      const source = secret !== undefined ? `Secret ${JSON.stringify(secret)}` : `ConfigMap ${JSON.stringify(envFrom.configMapRef?.name)}`;
      entries.push({ kind: 'envFrom', name: source, detail: keys ? `variables ${keys.map((k) => prefix + k).join(', ')}` : 'variables: the keys of the object (not in these manifests)', from });
    }
    const volumes = new Map<string, any>((Array.isArray(spec.volumes) ? spec.volumes : []).map((v: any) => [v.name, v]));
    for (const mount of Array.isArray(spec.volumeMounts) ? spec.volumeMounts : []) {
      add({ kind: 'volumeMount', name: String(mount.mountPath), detail: describeVolume(volumes.get(mount.name), mount, secrets), from });
    }
    for (const [field, kind] of [['labels', 'label'], ['annotations', 'annotation']] as const) {
      for (const [key, value] of Object.entries(spec[field] ?? {})) {
        add({ kind, name: key, detail: JSON.stringify(value), from });
      }
    }
    for (const t of Array.isArray(spec.tolerations) ? spec.tolerations : []) {
      add({ kind: 'toleration', name: String(t.key ?? ''), detail: [t.operator, t.value && JSON.stringify(t.value), t.effect].filter(Boolean).join(' '), from });
    }
    for (const [field, kind] of [['initContainers', 'initContainer'], ['sidecars', 'sidecar']] as const) {
      for (const c of Array.isArray(spec[field]) ? spec[field] : []) {
        add({ kind, name: String(c.name), detail: `image ${JSON.stringify(c.image)}`, from });
      }
    }
    if (spec.serviceAccountName) {
      serviceAccount = { detail: String(spec.serviceAccountName), from };
    }
  }
  entries.push({ kind: 'serviceAccountName', name: serviceAccount.detail, detail: 'the last selected one wins', from: serviceAccount.from });
  return entries;
}

function describeEnv(env: any): string {
  const from = env.valueFrom;
  if (from?.secretKeyRef) {
    return `Secret ${JSON.stringify(from.secretKeyRef.name)} key ${JSON.stringify(from.secretKeyRef.key)}`;
  }
  if (from?.configMapKeyRef) {
    return `ConfigMap ${JSON.stringify(from.configMapKeyRef.name)} key ${JSON.stringify(from.configMapKeyRef.key)}`;
  }
  if (from?.fieldRef) {
    return `field ${from.fieldRef.fieldPath}`;
  }
  // A literal may be a secret: only its length is shown.
  return `a literal of ${String(env.value ?? '').length} characters`;
}

function describeVolume(volume: any, mount: any, secrets: ReadonlyMap<string, string[]>): string {
  if (volume?.secret) {
    const name = volume.secret.secretName;
    const items: any[] = Array.isArray(volume.secret.items) ? volume.secret.items : [];
    const files = items.length > 0 ? items.map((i) => i.path) : secrets.get(name);
    return `Secret ${JSON.stringify(name)}: ${files ? `files ${files.join(', ')}` : 'its keys as files (not in these manifests)'}${mount.readOnly ? ', read-only' : ''}`;
  }
  const source = volume ? Object.keys(volume).find((k) => k !== 'name') : undefined;
  return source ? `${source} volume ${JSON.stringify(volume.name)}` : `volume ${JSON.stringify(mount.name)}`;
}
