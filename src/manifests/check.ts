/**
 * Checks of manifests that this library did not write: YAML files, `kubectl get -o yaml` output,
 * kustomize output. The same engine as at synth, over parsed objects.
 */
import { checkObjects, CheckOptions, EngineObject } from '../engine';
import { NotebookPreview, previewNotebook, PreviewOptions } from './preview';
import { labelOf, objectsOf } from '../engine/objects';

/**
 * One problem found in a set of manifests.
 */
export interface ManifestProblem {
  /** The file the object comes from (as given to the check). */
  readonly file: string;
  /** The object: `Kind namespace/name` (`Kind name` without a namespace). */
  readonly object: string;
  /** The stable id of the check (README "What we check"). */
  readonly rule: string;
  /** Who refuses it: `webhook`, `kubernetes`, `spawner`, `runtime` or `beyond-webhook` (our own stricter check). */
  readonly origin: string;
  /** What is wrong and how to fix it; never a secret value. */
  readonly message: string;
  /**
   * The line where the object starts in its file (1-based), when known.
   *
   * @default - not known (objects given as parsed values, kustomize output)
   */
  readonly line?: number;
  /**
   * The column where the object starts in its file (1-based), when known.
   *
   * @default - not known
   */
  readonly column?: number;
}

/**
 * Options for `checkManifests()`.
 */
export interface CheckManifestsOptions {
  /**
   * The file the manifests come from, for the records and messages.
   *
   * @default "-"
   */
  readonly file?: string;

  /**
   * The namespace of objects that have none (the one kubectl would apply them to).
   *
   * @default - objects without a namespace are checked together, apart from the others
   */
  readonly namespace?: string;

  /**
   * How many problems of one rule each object shows; the others are counted in one line ("N more
   * ... like the ones above"). `0` shows every problem.
   *
   * @default 10
   */
  readonly maxProblemsPerRule?: number;
}

/** Manifests read from one file. */
export interface ManifestSource {
  readonly file: string;
  readonly manifests: readonly unknown[];
  /** The file problems point at, when it is not `file` (the kustomization file for kustomize output). */
  readonly artifact?: string;
  /** Where each of `manifests` starts in the file, when known (one per manifest, Lists already flattened). */
  readonly positions?: ReadonlyArray<{ readonly line: number; readonly column: number }>;
}

/** The engine's objects of some files, each named `file: Kind namespace/name`, and where each is. */
export function objectsOfSources(
  sources: readonly ManifestSource[], namespace?: string,
): { objects: EngineObject[]; where: Map<EngineObject, { file: string; object: string; line?: number; column?: number }> } {
  const objects: EngineObject[] = [];
  const where = new Map<EngineObject, { file: string; object: string; line?: number; column?: number }>();
  for (const source of sources) {
    const manifests = source.manifests.flatMap(objectsOf);
    const positions = source.positions?.length === manifests.length ? source.positions : undefined;
    manifests.forEach((manifest, i) => {
      const label = labelOf(manifest, namespace);
      const object: EngineObject = { source: `${source.file}: ${label}`, manifest };
      objects.push(object);
      where.set(object, { file: source.file, object: label, ...(positions ? { line: positions[i].line, column: positions[i].column } : {}) });
    });
  }
  return { objects, where };
}

/**
 * Checks manifests from several files together (objects of one namespace meet across files).
 */
export function checkSources(
  sources: readonly ManifestSource[], options: CheckOptions & { namespace?: string; select?: readonly string[] } = {},
): ManifestProblem[] {
  const limit = options.maxProblemsPerRule;
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 0)) {
    throw new Error(`maxProblemsPerRule must be a whole number, 0 or more (0 shows every problem); got ${String(limit)}`);
  }
  const { objects, where } = objectsOfSources(sources, options.namespace);
  return checkObjects(objects, { ...options, defaultNamespace: options.namespace }).map((p) => ({
    ...(where.get(p.object) ?? where.get(p.object.generatedBy!))!,
    rule: p.rule,
    origin: p.origin,
    message: p.message,
  }));
}

/**
 * Checks Kubernetes manifests that this library did not write (parsed YAML or JSON: objects, or
 * `kind: List` as `kubectl get poddefaults -A -o yaml` prints it) with the same checks as
 * `cdk8s synth`: every PodDefault, Secret (SealedSecrets and ExternalSecrets as the Secrets
 * they make) and ConfigMap on its own, and the PodDefaults of each namespace as the webhook
 * merges them into a notebook pod.
 *
 * @returns one record per problem; empty when the manifests are clean
 */
export function checkManifests(manifests: readonly unknown[], options: CheckManifestsOptions = {}): ManifestProblem[] {
  return checkSources([{ file: options.file ?? '-', manifests }], { namespace: options.namespace, maxProblemsPerRule: options.maxProblemsPerRule });
}

/**
 * `checkManifests()` for languages other than TypeScript and JavaScript.
 */
export class ManifestChecks {
  /**
   * Checks Kubernetes manifests (parsed objects) as `cdk8s synth` checks the App's own.
   *
   * @param manifests parsed manifests: objects, or `kind: List`
   * @param options the file name for the records, the namespace of objects without one, and how many problems of one rule to show
   * @returns one record per problem; empty when the manifests are clean
   */
  public static check(manifests: any[], options: CheckManifestsOptions = {}): ManifestProblem[] {
    return checkManifests(manifests, options);
  }

  /**
   * What a notebook pod of a namespace receives when some configurations are ticked
   * (`previewNotebook()` for languages other than TypeScript and JavaScript).
   *
   * @param manifests parsed manifests: objects, or `kind: List`
   * @param options the namespace and the ticked PodDefaults
   */
  public static preview(manifests: any[], options: PreviewOptions): NotebookPreview {
    return previewNotebook(manifests, options);
  }

  private constructor() {}
}
