/**
 * Checks of manifests that this library did not write: YAML files, `kubectl get -o yaml` output,
 * kustomize output. The same engine as at synth, over parsed objects.
 */
import { CheckOptions, findConflicts, PodDefaultRecord, SecretRecord } from '../conflicts';
import { isPodDefault, isSecret, objectsOf, secretKeysOf } from './app-checks';
import { NotebookPreview, previewNotebook, PreviewOptions } from './preview';

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
  /** Who refuses it: `webhook`, `kubernetes` or `beyond-webhook` (our own stricter check). */
  readonly origin: string;
  /** What is wrong and how to fix it; never a secret value. */
  readonly message: string;
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
}

/** Manifests read from one file. */
export interface ManifestSource {
  readonly file: string;
  readonly manifests: readonly unknown[];
}

function nameOf(object: Record<string, any>): { name: string; namespace?: string } {
  const metadata = object.metadata !== null && typeof object.metadata === 'object' ? object.metadata : {};
  return {
    name: typeof metadata.name === 'string' ? metadata.name : '',
    namespace: typeof metadata.namespace === 'string' && metadata.namespace !== '' ? metadata.namespace : undefined,
  };
}

/**
 * Checks manifests from several files together (objects of one namespace meet across files).
 */
export function checkSources(sources: readonly ManifestSource[], options: CheckOptions & { namespace?: string } = {}): ManifestProblem[] {
  const podDefaults: PodDefaultRecord[] = [];
  const secrets: SecretRecord[] = [];
  const where = new Map<PodDefaultRecord | SecretRecord, { file: string; object: string }>();
  for (const source of sources) {
    for (const object of source.manifests.flatMap(objectsOf)) {
      const { name, namespace = options.namespace } = nameOf(object);
      const label = `${object.kind} ${namespace === undefined ? '' : `${namespace}/`}${name}`;
      const path = `${source.file}: ${label}`;
      if (isPodDefault(object)) {
        const spec = object.spec !== null && typeof object.spec === 'object' ? object.spec : {};
        const record: PodDefaultRecord = { path, name, namespace, spec };
        podDefaults.push(record);
        where.set(record, { file: source.file, object: label });
      } else if (isSecret(object)) {
        const record: SecretRecord = { path, name, namespace, keys: secretKeysOf(object), emitted: true };
        secrets.push(record);
        where.set(record, { file: source.file, object: label });
      }
    }
  }
  return findConflicts(podDefaults, secrets, options).map((conflict) => ({
    ...where.get(conflict.owner)!,
    rule: conflict.rule,
    origin: conflict.origin,
    message: conflict.message,
  }));
}

/**
 * Checks Kubernetes manifests that this library did not write (parsed YAML or JSON: objects, or
 * `kind: List` as `kubectl get poddefaults -A -o yaml` prints it) with the same checks as
 * `cdk8s synth`: every PodDefault and Secret on its own, and the PodDefaults of each namespace
 * as the webhook merges them into a notebook pod.
 *
 * @returns one record per problem; empty when the manifests are clean
 */
export function checkManifests(manifests: readonly unknown[], options: CheckManifestsOptions = {}): ManifestProblem[] {
  return checkSources([{ file: options.file ?? '-', manifests }], { namespace: options.namespace });
}

/**
 * `checkManifests()` for languages other than TypeScript and JavaScript.
 */
export class ManifestChecks {
  /**
   * Checks Kubernetes manifests (parsed objects) as `cdk8s synth` checks the App's own.
   *
   * @param manifests parsed manifests: objects, or `kind: List`
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
