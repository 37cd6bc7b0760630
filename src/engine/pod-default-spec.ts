/**
 * The JSON of a PodDefault's spec, as the CRD (kubeflow.org/v1alpha1) stores it: what
 * `NotebookPodDefault` writes, and what the checks read from any PodDefault manifest.
 */

/** A label selector as the PodDefault CRD stores it. */
export interface SelectorJson {
  readonly matchLabels?: { readonly [key: string]: string };
  readonly matchExpressions?: ReadonlyArray<{ readonly key: string; readonly operator: string; readonly values?: readonly string[] }>;
}

/** One `env` entry. */
export interface EnvJson {
  readonly name: string;
  readonly value?: string;
  readonly valueFrom?: { readonly [source: string]: unknown };
}

/** One `envFrom` entry. */
export interface EnvFromJson {
  readonly prefix?: string;
  readonly secretRef?: { readonly name?: string; readonly optional?: boolean };
  readonly configMapRef?: { readonly name?: string; readonly optional?: boolean };
}

/** One secret volume item. */
export interface KeyToPathJson {
  readonly key: string;
  readonly path: string;
  readonly mode?: number;
}

/** One volume (the engine looks into `secret`; other sources are compared as Go decodes them). */
export interface VolumeJson {
  readonly name: string;
  readonly secret?: {
    readonly secretName?: string;
    readonly defaultMode?: number;
    readonly optional?: boolean;
    readonly items?: readonly KeyToPathJson[];
  };
  readonly [source: string]: unknown;
}

/** One volume mount. */
export interface VolumeMountJson {
  readonly name: string;
  readonly mountPath: string;
  readonly readOnly?: boolean;
  readonly subPath?: string;
  readonly subPathExpr?: string;
}

/** The spec of a PodDefault, as the CRD stores it (hand-written manifests may hold anything). */
export interface PodDefaultSpecJson {
  readonly selector?: SelectorJson;
  readonly desc?: string;
  readonly env?: readonly EnvJson[];
  readonly envFrom?: readonly EnvFromJson[];
  readonly volumes?: readonly VolumeJson[];
  readonly volumeMounts?: readonly VolumeMountJson[];
  readonly [field: string]: unknown;
}
