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
