/**
 * The notebook pod as the PodDefault webhook receives it: what Kubeflow's notebook controller
 * (and the StatefulSet it creates) puts in the pod, plus what the API server's admission adds
 * before mutating webhooks run (the service-account token mount, the default NoExecute
 * tolerations). The webhook merges every selected PodDefault into this pod.
 *
 * Values that depend on the notebook (its name is the container name and the value of its
 * labels and of `NB_PREFIX`) are `NOTEBOOK_DEPENDENT`: a PodDefault that sets them conflicts
 * with every notebook but one.
 */

import type { PodJson } from './merge';

/** Stands for a value that depends on the notebook; equal to no value a PodDefault can hold. */
export const NOTEBOOK_DEPENDENT = Symbol('notebook-dependent');

/** A value of the notebook pod: JSON, or one that depends on the notebook. */
export type NotebookValue = unknown;

/** Labels of every notebook pod (the notebook controller's and the StatefulSet controller's). */
export const NOTEBOOK_LABELS: ReadonlyMap<string, NotebookValue> = new Map<string, NotebookValue>([
  ['app', NOTEBOOK_DEPENDENT],
  ['statefulset', NOTEBOOK_DEPENDENT],
  ['notebook-name', NOTEBOOK_DEPENDENT],
  ['controller-revision-hash', NOTEBOOK_DEPENDENT],
  ['statefulset.kubernetes.io/pod-name', NOTEBOOK_DEPENDENT],
  ['apps.kubernetes.io/pod-index', NOTEBOOK_DEPENDENT],
]);

/** Env of the notebook container. */
export const NOTEBOOK_ENV: ReadonlyMap<string, NotebookValue> = new Map<string, NotebookValue>([
  ['NB_PREFIX', NOTEBOOK_DEPENDENT],
]);

/** Volumes of the notebook pod whose content is known (others have notebook-dependent names). */
export const NOTEBOOK_VOLUMES: ReadonlyMap<string, NotebookValue> = new Map<string, NotebookValue>([
  ['dshm', { name: 'dshm', emptyDir: { medium: 'Memory' } }],
]);

/** A mount of the notebook container. */
export interface NotebookMount {
  /** The mount as the pod has it; `NOTEBOOK_DEPENDENT` when its volume's name is the notebook's. */
  readonly mount: NotebookValue;
  readonly mountPath: string;
  /** What it is, for messages. */
  readonly what: string;
  /** Whether something may be mounted below it (a writable volume). */
  readonly writable: boolean;
}

/** Mounts of the notebook container. */
export const NOTEBOOK_MOUNTS: readonly NotebookMount[] = [
  { mount: { name: 'dshm', mountPath: '/dev/shm' }, mountPath: '/dev/shm', what: "the notebook's shared-memory mount (volume \"dshm\")", writable: true },
  { mount: NOTEBOOK_DEPENDENT, mountPath: '/home/jovyan', what: "the notebook's workspace volume", writable: true },
  {
    mount: NOTEBOOK_DEPENDENT,
    mountPath: '/var/run/secrets/kubernetes.io/serviceaccount',
    what: 'the service-account token that the API server mounts into every pod',
    writable: false,
  },
];

/** Tolerations that the API server's DefaultTolerationSeconds admission adds to every pod. */
export const NOTEBOOK_TOLERATIONS: ReadonlyMap<string, NotebookValue> = new Map<string, NotebookValue>(
  ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable'].map((key) =>
    [key, { key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }]),
);

/** The notebook's service account (Kubeflow profiles' `default-editor`). */
export const NOTEBOOK_SERVICE_ACCOUNT = 'default-editor';

/** Stands for the notebook's name in a pod built for any notebook (not a valid name, so it equals none). */
export const ANY_NOTEBOOK = '<notebook>';

/**
 * The notebook pod as the webhook receives it, as JSON entries brought by `notebook`, for the
 * webhook's merge (`merge.ts`). Values that depend on the notebook use its name, or
 * `ANY_NOTEBOOK` when it is not known.
 */
export function notebookPod(namespace: string, notebookName: string = ANY_NOTEBOOK): PodJson {
  const from = 'notebook';
  const sourced = <T>(value: T) => ({ value, from });
  const workspace = `${notebookName}-workspace`;
  const token = 'kube-api-access-<generated>';
  return {
    labels: [...NOTEBOOK_LABELS.keys()].map((key) => sourced<[string, string]>([key, ['app', 'statefulset', 'notebook-name'].includes(key) ? notebookName : `<${key}>`])),
    annotations: [],
    volumes: [
      sourced({ name: 'dshm', emptyDir: { medium: 'Memory' } }),
      sourced({ name: workspace, persistentVolumeClaim: { claimName: workspace } }),
      sourced({ name: token, projected: { sources: [{ serviceAccountToken: { path: 'token' } }] } }),
    ],
    tolerations: [...NOTEBOOK_TOLERATIONS.values()].map((t) => sourced(t as Record<string, any>)),
    imagePullSecrets: [],
    initContainers: [],
    sidecars: [],
    serviceAccountName: sourced(NOTEBOOK_SERVICE_ACCOUNT),
    env: [sourced({ name: 'NB_PREFIX', value: `/notebook/${namespace}/${notebookName}` })],
    envFrom: [],
    volumeMounts: [
      sourced({ name: 'dshm', mountPath: '/dev/shm' }),
      sourced({ name: workspace, mountPath: '/home/jovyan' }),
      sourced({ name: token, mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', readOnly: true }),
    ],
  };
}
