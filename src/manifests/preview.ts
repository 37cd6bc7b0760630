/**
 * What a notebook pod of a namespace receives when a user ticks some configurations: the
 * engine's preview (the PodDefaults whose selectors match the labels the spawner sets, checked
 * by the same namespace pass as `check`, merged as the webhook merges them), printed as entries.
 * Secret values are never shown: env entries name their Secret and key, a literal its length.
 */
import { EngineObject, previewNotebookPod, SPAWNER } from '../engine';
import { Sourced } from '../engine/merge';
import { isObject, labelOf, objectsOf } from '../engine/objects';
import { formatProblem } from '../engine/rule-ids';

/** Options of `previewNotebook()`. */
export interface PreviewOptions {
  /** The profile namespace of the notebook. */
  readonly namespace: string;
  /** The names of the PodDefaults whose boxes are ticked. */
  readonly select: string[];
  /**
   * The notebook's name: its container, labels and `NB_PREFIX` become known.
   *
   * @default - any notebook
   */
  readonly notebookName?: string;
}

/** One line of what the notebook receives. */
export interface PreviewEntry {
  /**
   * What it is: `env`, `envFrom`, `volumeMount`, `volume`, `label`, `annotation`, `toleration`,
   * `imagePullSecret`, `initContainer`, `sidecar`, `serviceAccountName`,
   * `automountServiceAccountToken`, `command`, `args`.
   */
  readonly kind: string;
  /** Its key: a variable, a mount path, a label key, a container name. */
  readonly name: string;
  /** Where it comes from, never a secret value: a Secret and key, a file list, a literal's length. */
  readonly detail: string;
  /** The PodDefault that brings it, `notebook` for the pod's own, or `spawner` for a ticked box's label. */
  readonly from: string;
}

/** What `previewNotebook()` finds. */
export interface NotebookPreview {
  /** The PodDefaults applied: those ticked, and those whose selector the same labels match. */
  readonly applied: string[];
  /** What the notebook receives, when the webhook accepts the pod. */
  readonly entries: PreviewEntry[];
  /** Why the webhook, the API server or the kubelet refuses the pod; empty when it is accepted. */
  readonly refusals: string[];
  /** Problems the webhook lets through (our stricter checks, and what the spawner gets wrong). */
  readonly warnings: string[];
}

/**
 * Previews the notebook pod of `namespace` with the configurations `select` ticked.
 *
 * @param manifests parsed manifests (objects, or `kind: List`) holding the namespace's PodDefaults, Secrets and ConfigMaps
 */
export function previewNotebook(manifests: readonly unknown[], options: PreviewOptions): NotebookPreview {
  const objects: EngineObject[] = manifests.flatMap(objectsOf).map((manifest) => ({ source: labelOf(manifest, options.namespace), manifest }));
  const preview = previewNotebookPod(objects, { namespace: options.namespace, select: options.select, notebookName: options.notebookName });
  if (preview.unknown.length > 0) {
    const names = (list: readonly string[]) => list.map((n) => JSON.stringify(n)).join(', ');
    return { applied: [], entries: [], refusals: [`no PodDefault named ${names(preview.unknown)} in namespace ${JSON.stringify(options.namespace)} (it has ${names(preview.available) || 'none'})`], warnings: [] };
  }
  // Two versions and a shared selector are about the namespace, not this pod.
  const problems = preview.problems.filter((p) => p.rule !== 'two-versions' && p.rule !== 'shared-selector');
  const line = (p: (typeof problems)[number]) => `[${p.object.source}] ${formatProblem(p)}`;
  const accepted = (p: (typeof problems)[number]) => p.origin === 'beyond-webhook' || p.origin === 'spawner';
  const refusals = problems.filter((p) => !accepted(p)).map(line);
  const warnings = problems.filter(accepted).map(line);
  // The checks and the merge read conflicts alike (test/webhook.test.ts); should they not, the merge decides.
  if (!problems.some((p) => p.origin === 'webhook')) {
    for (const c of preview.conflicts) {
      refusals.push(`the webhook refuses the pod: ${c.field} ${JSON.stringify(c.key)} of PodDefault ${JSON.stringify(c.from)} differs from the one of ${c.other === 'notebook' ? 'the notebook pod' : `PodDefault ${JSON.stringify(c.other)}`}`);
    }
  }
  const applied = [...preview.applied];
  if (refusals.length > 0) {
    return { applied, entries: [], refusals, warnings };
  }
  return { applied, entries: entriesOf(preview), refusals, warnings };
}

type Preview = ReturnType<typeof previewNotebookPod>;

/** The merged pod as entries: the pod's fields in the order the webhook merges them. */
function entriesOf(preview: Preview): PreviewEntry[] {
  const pod = preview.pod;
  const entries: PreviewEntry[] = [];
  const add = (kind: string, name: string, detail: string, from: string) => entries.push({ kind, name, detail, from });
  const volumes = new Map(pod.volumes.map((v) => [String(v.value.name), v.value]));
  for (const e of pod.env) {
    add('env', String(e.value.name), e.from === 'notebook' ? "the notebook's URL prefix" : describeEnv(e.value), e.from);
  }
  for (const e of pod.envFrom) {
    add('envFrom', describeEnvFromSource(e.value), describeEnvFromKeys(e.value, preview.keys), e.from);
  }
  for (const m of pod.volumeMounts) {
    add('volumeMount', String(m.value.mountPath), describeMount(m.value, volumes.get(String(m.value.name)), preview.keys), m.from);
  }
  for (const l of pod.labels) {
    add('label', l.value[0], l.from === 'notebook' ? "set from the notebook's name" : JSON.stringify(l.value[1]), l.from === SPAWNER ? 'the spawner (a ticked box)' : l.from);
  }
  for (const a of pod.annotations) {
    add('annotation', a.value[0], JSON.stringify(a.value[1]), a.from);
  }
  for (const t of pod.tolerations) {
    add('toleration', String(t.value.key ?? ''), describeToleration(t.value), t.from);
  }
  for (const r of pod.imagePullSecrets) {
    add('imagePullSecret', String(r.value.name), 'a Secret the kubelet uses to pull the pod\'s images', r.from);
  }
  for (const [kind, list] of [['initContainer', pod.initContainers], ['sidecar', pod.sidecars]] as const) {
    for (const c of list as ReadonlyArray<Sourced<Record<string, any>>>) {
      add(kind, String(c.value.name), `image ${JSON.stringify(c.value.image)}`, c.from);
    }
  }
  add('serviceAccountName', pod.serviceAccountName.value, 'the last selected PodDefault that sets one wins', pod.serviceAccountName.from);
  if (pod.automountServiceAccountToken) {
    add('automountServiceAccountToken', String(pod.automountServiceAccountToken.value), 'the last selected PodDefault that sets it wins', pod.automountServiceAccountToken.from);
  }
  for (const [kind, value] of [['command', pod.command], ['args', pod.args]] as const) {
    if (value) {
      add(kind, `${value.value.length} element${value.value.length === 1 ? '' : 's'}`, `the notebook container's ${kind}, unless its image's own is kept: ${JSON.stringify(value.value)} (the first selected PodDefault that sets it wins)`, value.from);
    }
  }
  return entries;
}

function describeEnv(env: Record<string, any>): string {
  const from = isObject(env.valueFrom) ? env.valueFrom : undefined;
  if (from?.secretKeyRef) {
    return `Secret ${JSON.stringify(from.secretKeyRef.name)} key ${JSON.stringify(from.secretKeyRef.key)}`;
  }
  if (from?.configMapKeyRef) {
    return `ConfigMap ${JSON.stringify(from.configMapKeyRef.name)} key ${JSON.stringify(from.configMapKeyRef.key)}`;
  }
  if (from?.fieldRef) {
    return `the pod's field ${from.fieldRef.fieldPath}`;
  }
  if (from?.resourceFieldRef) {
    const ref = from.resourceFieldRef;
    return `the container's resource ${ref.resource}${ref.containerName ? ` of container ${JSON.stringify(ref.containerName)}` : ''}${ref.divisor !== undefined ? ` in units of ${ref.divisor}` : ''}`;
  }
  // A literal may be a secret: only its length is shown.
  return `a literal of ${String(env.value ?? '').length} characters`;
}

function describeEnvFromSource(envFrom: Record<string, any>): string {
  return envFrom.secretRef ? `Secret ${JSON.stringify(envFrom.secretRef.name)}` : `ConfigMap ${JSON.stringify(envFrom.configMapRef?.name)}`;
}

function describeEnvFromKeys(envFrom: Record<string, any>, keys: Preview['keys']): string {
  const kind = envFrom.secretRef ? 'Secret' : 'ConfigMap';
  const name = envFrom.secretRef?.name ?? envFrom.configMapRef?.name;
  const known = keys.get(`${kind}/${name}`);
  const prefix = typeof envFrom.prefix === 'string' ? envFrom.prefix : '';
  return known ? `variables ${known.map((k) => prefix + k).join(', ')}` : `variables: the keys of the ${kind} (not in these manifests)`;
}

function describeMount(mount: Record<string, any>, volume: Record<string, any> | undefined, keys: Preview['keys']): string {
  const readOnly = mount.readOnly ? ', read-only' : '';
  const source = volume?.secret ? { kind: 'Secret', name: volume.secret.secretName, items: volume.secret.items }
    : volume?.configMap ? { kind: 'ConfigMap', name: volume.configMap.name, items: volume.configMap.items } : undefined;
  if (!source) {
    const type = volume ? Object.keys(volume).find((k) => k !== 'name') : undefined;
    return type ? `${type} volume ${JSON.stringify(volume!.name)}${readOnly}` : `volume ${JSON.stringify(mount.name)}${readOnly}`;
  }
  const items: Array<Record<string, any>> = Array.isArray(source.items) ? source.items : [];
  const files = items.length > 0 ? items.map((i) => String(i.path)) : keys.get(`${source.kind}/${source.name}`);
  const what = `${source.kind} ${JSON.stringify(source.name)}`;
  if (typeof mount.subPath === 'string' && mount.subPath !== '') {
    // With subPath, the path is one file (or directory) of the volume, not the volume itself.
    return `one file: ${JSON.stringify(mount.subPath)} of ${what}${readOnly}`;
  }
  return `${what}: ${files ? `files ${files.join(', ')}` : 'its keys as files (not in these manifests)'}${readOnly}`;
}

function describeToleration(t: Record<string, any>): string {
  return [t.operator, t.value && JSON.stringify(t.value), t.effect, t.tolerationSeconds !== undefined ? `${t.tolerationSeconds} s` : undefined].filter(Boolean).join(' ');
}
