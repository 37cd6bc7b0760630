/**
 * The PodDefault webhook's merge of one selection into the notebook pod, as
 * kubeflow/dashboard components/poddefaults-webhooks/main.go does it (`applyPodDefaultsOnPod`,
 * `applyPodDefaultsOnContainer`, `setCommandAndArgs` and the `merge*` functions): every field
 * keyed and compared as there, with Go's `reflect.DeepEqual` over the decoded structs
 * (`go-equal.ts`). `namespace.ts` keeps per key the same DeepEqual classes over every PodDefault
 * of a namespace, so that the checks and a preview read conflicts the same way.
 */
import { canonical, CONTAINER, ENV_VAR, GoType, TOLERATION, VOLUME, VOLUME_MOUNT } from './go-equal';
import { isObject, listOf } from './objects';

/** A container as the API server stores it: the PodDefault CRD defaults `ports[].protocol` to TCP. */
export function withCrdDefaults(container: Record<string, any>): Record<string, any> {
  if (!Array.isArray(container.ports)) {
    return container;
  }
  return { ...container, ports: container.ports.map((p: unknown) => (isObject(p) && p.protocol === undefined ? { ...p, protocol: 'TCP' } : p)) };
}

/** The lists the webhook merges by key. */
export type MergeField = 'volumes' | 'volumeMounts' | 'env' | 'tolerations' | 'initContainers' | 'sidecars';

/** The key field of a merged list's entries, the Go type they are compared as, and the CRD's defaults. */
interface MergeKey {
  readonly key: string;
  readonly type: GoType;
  readonly normalize?: (v: Record<string, any>) => Record<string, any>;
}

/** How the webhook keys and compares the entries of each merged list. */
export const MERGE_KEYS: { readonly [field in MergeField]: MergeKey } = {
  volumes: { key: 'name', type: VOLUME },
  volumeMounts: { key: 'name', type: VOLUME_MOUNT },
  env: { key: 'name', type: ENV_VAR },
  tolerations: { key: 'key', type: TOLERATION },
  initContainers: { key: 'name', type: CONTAINER, normalize: withCrdDefaults },
  sidecars: { key: 'name', type: CONTAINER, normalize: withCrdDefaults },
};

/** The DeepEqual class of an entry of a merged list (equal strings: equal for the webhook). */
export function mergeCanon(field: MergeField, entry: Record<string, any>): string {
  const spec = MERGE_KEYS[field];
  return canonical(spec.type, spec.normalize ? spec.normalize(entry) : entry) ?? '';
}

/** One entry of the merged pod and who brought it: a PodDefault's name, or `notebook`. */
export interface Sourced<T> {
  readonly value: T;
  readonly from: string;
}

/** The notebook pod's own part, before the webhook (see `notebook.ts`). */
export interface PodJson {
  readonly labels: ReadonlyArray<Sourced<[string, string]>>;
  readonly annotations: ReadonlyArray<Sourced<[string, string]>>;
  readonly volumes: ReadonlyArray<Sourced<Record<string, any>>>;
  readonly tolerations: ReadonlyArray<Sourced<Record<string, any>>>;
  readonly imagePullSecrets: ReadonlyArray<Sourced<Record<string, any>>>;
  readonly initContainers: ReadonlyArray<Sourced<Record<string, any>>>;
  /** The pod's containers after the notebook's own: the PodDefaults' sidecars. */
  readonly sidecars: ReadonlyArray<Sourced<Record<string, any>>>;
  readonly serviceAccountName: Sourced<string>;
  readonly automountServiceAccountToken?: Sourced<boolean>;
  /** The notebook container. */
  readonly env: ReadonlyArray<Sourced<Record<string, any>>>;
  readonly envFrom: ReadonlyArray<Sourced<Record<string, any>>>;
  readonly volumeMounts: ReadonlyArray<Sourced<Record<string, any>>>;
  readonly command?: Sourced<unknown[]>;
  readonly args?: Sourced<unknown[]>;
}

/** A conflict the webhook finds in one selection: it refuses the pod. */
export interface MergeConflict {
  /** The field (`volumes`, `volumeMounts`, `env`, `labels`, ...). */
  readonly field: string;
  /** The key that two entries share (a name, a mount path, a label key). */
  readonly key: string;
  /** The PodDefault whose entry differs, and the one (or `notebook`) that had the key first. */
  readonly from: string;
  readonly other: string;
}

/** A PodDefault of the selection: its name and spec. */
export interface SelectedPodDefault {
  readonly name: string;
  readonly spec: Record<string, any>;
}

/**
 * Merges `podDefaults` (in the order the webhook lists them) into `pod`: the merged pod, and
 * every conflict that makes the webhook refuse it (then the pod is what the webhook would have
 * made without the conflicting entries, for a preview).
 */
export function mergeIntoPod(pod: PodJson, podDefaults: readonly SelectedPodDefault[]): { pod: PodJson; conflicts: MergeConflict[] } {
  const conflicts: MergeConflict[] = [];
  const byKey = (field: MergeField, existing: ReadonlyArray<Sourced<Record<string, any>>>, of: (spec: Record<string, any>) => unknown) => {
    const keyField = MERGE_KEYS[field].key;
    const merged = [...existing];
    const seen = new Map<string, Sourced<Record<string, any>>>(existing.map((e) => [String(e.value[keyField] ?? ''), e]));
    for (const pd of podDefaults) {
      for (const entry of listOf(of(pd.spec))) {
        const key = String(entry[keyField] ?? '');
        const found = seen.get(key);
        if (!found) {
          const sourced = { value: entry, from: pd.name };
          seen.set(key, sourced);
          merged.push(sourced);
        } else if (mergeCanon(field, found.value) !== mergeCanon(field, entry)) {
          conflicts.push({ field, key, from: pd.name, other: found.from });
        }
      }
    }
    return merged;
  };
  const mergeMap = (field: 'labels' | 'annotations', existing: ReadonlyArray<Sourced<[string, string]>>) => {
    const merged = [...existing];
    const seen = new Map<string, Sourced<[string, string]>>(existing.map((e): [string, Sourced<[string, string]>] => [e.value[0], e]));
    for (const pd of podDefaults) {
      for (const [key, value] of Object.entries(isObject(pd.spec[field]) ? pd.spec[field] : {})) {
        const found = seen.get(key);
        if (!found) {
          const sourced: Sourced<[string, string]> = { value: [key, String(value)], from: pd.name };
          seen.set(key, sourced);
          merged.push(sourced);
        } else if (found.value[1] !== String(value)) {
          conflicts.push({ field, key, from: pd.name, other: found.from });
        }
      }
    }
    return merged;
  };

  const volumes = byKey('volumes', pod.volumes, (s) => s.volumes);
  const tolerations = byKey('tolerations', pod.tolerations, (s) => s.tolerations);
  // mergeImagePullSecrets: by name (a LocalObjectReference has nothing else to differ in).
  const imagePullSecrets = [...pod.imagePullSecrets];
  const pullNames = new Set(imagePullSecrets.map((r) => String(r.value.name ?? '')));
  for (const pd of podDefaults) {
    for (const ref of listOf(pd.spec.imagePullSecrets)) {
      if (!pullNames.has(String(ref.name ?? ''))) {
        pullNames.add(String(ref.name ?? ''));
        imagePullSecrets.push({ value: ref, from: pd.name });
      }
    }
  }
  const annotations = mergeMap('annotations', pod.annotations);
  const labels = mergeMap('labels', pod.labels);
  // The notebook container: env by name, mounts by name and (separately) by path, envFrom appended.
  const env = byKey('env', pod.env, (s) => s.env);
  const volumeMounts = byKey('volumeMounts', pod.volumeMounts, (s) => s.volumeMounts);
  const byPath = new Map<string, Sourced<Record<string, any>>>(pod.volumeMounts.map((m) => [String(m.value.mountPath ?? ''), m]));
  for (const pd of podDefaults) {
    for (const mount of listOf(pd.spec.volumeMounts)) {
      const path = String(mount.mountPath ?? '');
      const found = byPath.get(path);
      if (!found) {
        byPath.set(path, { value: mount, from: pd.name });
      } else if (mergeCanon('volumeMounts', found.value) !== mergeCanon('volumeMounts', mount)) {
        conflicts.push({ field: 'volumeMounts.mountPath', key: path, from: pd.name, other: found.from });
      }
    }
  }
  const envFrom = [...pod.envFrom, ...podDefaults.flatMap((pd) => listOf(pd.spec.envFrom).map((value) => ({ value, from: pd.name })))];
  const initContainers = byKey('initContainers', pod.initContainers, (s) => s.initContainers);
  // mergeContainers(pod.Spec.Containers, ..., isSidecar): sidecars merge with the pod's containers.
  const sidecars = byKey('sidecars', pod.sidecars, (s) => s.sidecars);
  // The last PodDefault that sets them wins; command and args go to a container that has none, first one wins.
  let serviceAccountName = pod.serviceAccountName;
  let automount = pod.automountServiceAccountToken;
  let command = pod.command;
  let args = pod.args;
  for (const pd of podDefaults) {
    if (typeof pd.spec.serviceAccountName === 'string' && pd.spec.serviceAccountName !== '') {
      serviceAccountName = { value: pd.spec.serviceAccountName, from: pd.name };
    }
    if (typeof pd.spec.automountServiceAccountToken === 'boolean') {
      automount = { value: pd.spec.automountServiceAccountToken, from: pd.name };
    }
    if (command === undefined && Array.isArray(pd.spec.command)) {
      command = { value: pd.spec.command, from: pd.name };
    }
    if (args === undefined && Array.isArray(pd.spec.args)) {
      args = { value: pd.spec.args, from: pd.name };
    }
  }
  return {
    pod: {
      labels,
      annotations,
      volumes,
      tolerations,
      imagePullSecrets,
      initContainers,
      sidecars,
      serviceAccountName,
      automountServiceAccountToken: automount,
      env,
      envFrom,
      volumeMounts: volumeMounts,
      command,
      args,
    },
    conflicts,
  };
}
