import { ApiObject, App, Chart } from 'cdk8s';
import { Construct, IConstruct, Node } from 'constructs';
import { CheckOptions, findConflicts, PodDefaultRecord, PodDefaultSpecJson, SecretRecord } from '../conflicts';

/** What a construct that declares an object of the cluster (not written by this App) tells the checks. */
export interface DeclaredObjects {
  readonly podDefault?: Omit<PodDefaultRecord, 'path'>;
  readonly secret?: Omit<SecretRecord, 'path'>;
  /** For a PodDefault API object: the keys of the Secrets it uses, where it declares them. */
  readonly declaredKeys?: ReadonlyMap<string, readonly string[]>;
}

/**
 * Constructs that take part in the checks without being the API object they describe: an existing
 * Secret with known keys, an existing PodDefault, or a PodDefault that declares the keys of the
 * Secrets it uses.
 *
 * @internal
 */
export interface ICheckedConstruct extends IConstruct {
  /**
   * Changes whenever what `_checkedObjects()` or the manifest would return changes.
   * @internal
   */
  readonly _checkVersion: number;
  /** @internal */
  _checkedObjects(): DeclaredObjects;
}

function isChecked(construct: IConstruct): construct is ICheckedConstruct {
  return typeof (construct as Partial<ICheckedConstruct>)._checkedObjects === 'function';
}

/** Whether a manifest is a Kubeflow PodDefault. */
export function isPodDefault(manifest: { apiVersion?: unknown; kind?: unknown }): boolean {
  return manifest.kind === 'PodDefault' && manifest.apiVersion === 'kubeflow.org/v1alpha1';
}

/** Whether a manifest is a core v1 Secret. */
export function isSecret(manifest: { apiVersion?: unknown; kind?: unknown }): boolean {
  return manifest.kind === 'Secret' && manifest.apiVersion === 'v1';
}

/** The objects of a manifest: itself, or the items of a `List` (`kubectl get ... -o yaml`). */
export function objectsOf(manifest: unknown): Array<Record<string, any>> {
  if (manifest === null || typeof manifest !== 'object' || Array.isArray(manifest)) {
    return [];
  }
  const object = manifest as Record<string, any>;
  if (typeof object.kind === 'string' && object.kind.endsWith('List') && Array.isArray(object.items)) {
    return object.items.flatMap(objectsOf);
  }
  return [object];
}

/** The keys of a Secret manifest (`data` and `stringData`). */
export function secretKeysOf(manifest: any): string[] {
  const keys = new Set<string>();
  for (const field of ['data', 'stringData']) {
    const value = manifest?.[field];
    if (value !== null && typeof value === 'object') {
      Object.keys(value).forEach((k) => keys.add(k));
    }
  }
  return [...keys].sort();
}

/**
 * The checks of a whole App: at synth, every PodDefault (`kubeflow.org/v1alpha1`) and every
 * Secret of the App is found by walking the construct tree, and checked as it will be written
 * (its resolved JSON, after `addJsonPatch`), whether it comes from this library, a plain
 * `ApiObject` or an `Include`. PodDefaults and Secrets that exist in the cluster can be declared
 * with `ExistingPodDefault` and the `fromExistingSecret()` factories.
 *
 * The library's constructs turn the checks on for their App; an App of plain API objects turns
 * them on with `PodDefaultChecks.of(app)`. Each problem is reported once, as a validation error
 * of a construct that takes part in it, and `App.synth()` writes nothing while there is any.
 *
 * cdk8s validates the whole App again for every chart it writes; the checks run once per
 * `App.synth()` / `App.synthYaml()` call (to know when one is in progress, they wrap those two
 * methods of their App) and, between calls in one turn of the event loop, compare counters
 * instead of walking the tree again.
 */
export class PodDefaultChecks extends Construct {
  /**
   * The checks of the App that `scope` belongs to: created, and attached to the App, on first use.
   *
   * @param scope the scope in which to define the construct (a Chart, or a construct in one)
   */
  public static of(scope: IConstruct): PodDefaultChecks {
    const root = scope.node.root;
    const existing = root.node.tryFindChild(PodDefaultChecks.ID);
    const checks = existing instanceof PodDefaultChecks ? existing : new PodDefaultChecks(root);
    // Every construct of this library passes here when it is created or changed (see `_changed`).
    checks.changes++;
    return checks;
  }

  /**
   * Tells the checks of `construct`'s App that one of the library's constructs changed (a volume,
   * an env source, a JSON patch), so that the next validation walks the tree again.
   *
   * @internal
   */
  public static _changed(construct: IConstruct): void {
    PodDefaultChecks.of(construct);
  }

  private static readonly ID = 'KubeflowPodDefaultChecks';

  /** Problems per construct, from the last run. */
  private results = new Map<IConstruct, string[]>();
  /**
   * What the last run checked: each participant and its version (or, for a plain API object,
   * its manifest as JSON). cdk8s validates the whole App once more for every chart it writes,
   * so with one chart per namespace the same unchanged tree is checked N times per synth.
   */
  private lastParticipants: IConstruct[] = [];
  private lastKeys: Array<number | string> = [];
  /** Constructs of this library created or changed in the App so far. */
  private changes = 0;
  /**
   * What a full walk found, for the cheaper checks of later passes in the same turn of the event
   * loop (cleared at its end, so that each turn starts with a full walk).
   */
  private quick?: QuickSignature;
  /** Constructs that have a validation reading `results`. */
  private readonly hooked = new WeakSet<IConstruct>();
  private options: CheckOptions = {};
  /** How deep in the App's `synth()` / `synthYaml()` calls we are (see `watchSynthesis`). */
  private synthesizing = 0;
  /** Whether a run already checked the tree during the current outermost synthesis call. */
  private checkedThisSynthesis = false;

  private constructor(root: IConstruct) {
    super(root as Construct, PodDefaultChecks.ID);
    // The root is validated first (cdk8s walks the tree in pre-order), so each run finds the
    // problems before the constructs that take part in them are validated.
    root.node.addValidation({ validate: () => this.run() });
    if (root instanceof App) {
      this.watchSynthesis(root);
    }
  }

  /**
   * Checks conflicts against one notebook instead of any notebook: its container name and the
   * values of its labels become known.
   *
   * @param notebookName the notebook's name
   */
  public forNotebook(notebookName: string): void {
    this.options = { ...this.options, notebookName };
    this.lastParticipants = [];
    this.quick = undefined;
  }

  /**
   * cdk8s validates the whole App once at the start of `App.synth()` and `App.synthYaml()`, then
   * again for every chart it writes (`Chart.toJson()` validates the App; cdk8s-core keeps it so).
   * No other code runs between those validations, so within one such call the checks run once:
   * the App's two methods are wrapped, on this App only, to count the calls in progress. A
   * `chart.toJson()` or `Testing.synth()` of the user's is one validation and is always checked.
   */
  private watchSynthesis(app: App): void {
    for (const method of ['synth', 'synthYaml'] as const) {
      const original: (...args: unknown[]) => unknown = app[method];
      Object.defineProperty(app, method, {
        configurable: true,
        enumerable: false,
        writable: true,
        value: (...args: unknown[]) => {
          this.synthesizing++;
          try {
            return original.apply(app, args);
          } finally {
            this.synthesizing--;
            if (this.synthesizing === 0) {
              this.checkedThisSynthesis = false;
            }
          }
        },
      });
    }
  }

  /** Walks the tree, runs the engine and hooks a validation on every construct with a problem. */
  private run(): string[] {
    if (this.synthesizing > 0) {
      if (this.checkedThisSynthesis) {
        return [];
      }
      this.checkedThisSynthesis = true;
    }
    if (this.quick && this.unchangedSince(this.quick)) {
      return [];
    }
    const participants: IConstruct[] = [];
    const keys: Array<number | string> = [];
    const manifests = new Map<IConstruct, any>();
    // The App and its charts: where objects are usually added (see `remember`).
    const scopes: Node[] = [this.node.root.node];
    for (const construct of this.node.root.node.findAll()) {
      if (construct instanceof Chart) {
        scopes.push(construct.node);
      }
      if (isChecked(construct)) {
        participants.push(construct);
        keys.push(construct._checkVersion);
      } else if (construct instanceof ApiObject && (isPodDefault(construct) || isSecret(construct))) {
        const manifest = construct.toJson();
        manifests.set(construct, manifest);
        participants.push(construct);
        keys.push(JSON.stringify(manifest));
      }
    }
    this.remember(participants, scopes);
    if (!this.changed(participants, keys)) {
      return [];
    }
    this.lastParticipants = participants;
    this.lastKeys = keys;

    const owners = new Map<PodDefaultRecord | SecretRecord, IConstruct>();
    const podDefaults: PodDefaultRecord[] = [];
    const secrets: SecretRecord[] = [];
    for (const construct of participants) {
      if (construct instanceof ApiObject) {
        this.addApiObject(construct, manifests.get(construct), podDefaults, secrets, owners);
        continue;
      }
      const declared = (construct as ICheckedConstruct)._checkedObjects();
      if (declared.podDefault) {
        const record = { path: construct.node.path, ...declared.podDefault };
        podDefaults.push(record);
        owners.set(record, construct);
      }
      if (declared.secret) {
        const record = { path: construct.node.path, ...declared.secret };
        secrets.push(record);
        owners.set(record, construct);
      }
    }
    const results = new Map<IConstruct, string[]>();
    for (const conflict of findConflicts(podDefaults, secrets, this.options)) {
      const owner = owners.get(conflict.owner)!;
      const list = results.get(owner) ?? [];
      list.push(conflict.message);
      results.set(owner, list);
    }
    this.results = results;
    for (const owner of results.keys()) {
      if (!this.hooked.has(owner)) {
        this.hooked.add(owner);
        owner.node.addValidation({ validate: () => this.results.get(owner) ?? [] });
      }
    }
    return [];
  }

  /**
   * Keeps what a full walk found until the end of this turn of the event loop. cdk8s validates
   * the whole App again for each chart it writes, with no other code running in between; those
   * passes compare a few counters instead of walking the whole tree again: the library's
   * constructs created or changed, the direct children of the App and of every chart, and the
   * JSON patches of plain API objects. With one chart per namespace this keeps each pass well
   * under the cost of cdk8s's own walk. (Not seen until the next turn, between two synths of one
   * turn: a plain API object added to, or a construct removed from, a scope other than the App or
   * a chart, such as a construct of the user's or of this library.)
   */
  private remember(participants: readonly IConstruct[], scopes: Node[]): void {
    const plain: IConstruct[] = [];
    const patches: number[] = [];
    for (const participant of participants) {
      if (isChecked(participant)) {
        continue;
      }
      const count = patchCountOf(participant);
      if (count === undefined) {
        this.quick = undefined;
        return;
      }
      plain.push(participant);
      patches.push(count);
    }
    this.quick = { changes: this.changes, scopes, children: scopes.map((scope) => scope.children.length), plain, patches };
    const quick = this.quick;
    queueMicrotask(() => {
      if (this.quick === quick) {
        this.quick = undefined;
      }
    });
  }

  /** Whether nothing that a full walk would see has changed since `quick` was taken. */
  private unchangedSince(quick: QuickSignature): boolean {
    if (quick.changes !== this.changes) {
      return false;
    }
    for (let i = 0; i < quick.scopes.length; i++) {
      if (quick.scopes[i].children.length !== quick.children[i]) {
        return false;
      }
    }
    for (let i = 0; i < quick.plain.length; i++) {
      if (patchCountOf(quick.plain[i]) !== quick.patches[i]) {
        return false;
      }
    }
    return true;
  }

  /** Whether the participants or any of them changed since the last run. */
  private changed(participants: readonly IConstruct[], keys: ReadonlyArray<number | string>): boolean {
    if (participants.length !== this.lastParticipants.length) {
      return true;
    }
    for (let i = 0; i < participants.length; i++) {
      if (participants[i] !== this.lastParticipants[i] || keys[i] !== this.lastKeys[i]) {
        return true;
      }
    }
    return false;
  }

  private addApiObject(
    object: ApiObject, plainManifest: any, podDefaults: PodDefaultRecord[], secrets: SecretRecord[],
    owners: Map<PodDefaultRecord | SecretRecord, IConstruct>,
  ): void {
    const declared = isChecked(object) ? object._checkedObjects() : {};
    // The library's own objects describe themselves while no JSON patch changes them: resolving
    // the whole object a second time per synth would cost a third of the synth time.
    const self = declared.podDefault ?? declared.secret;
    if (self) {
      const record = { path: object.node.path, ...self };
      (declared.podDefault ? podDefaults : secrets).push(record as PodDefaultRecord & SecretRecord);
      owners.set(record as PodDefaultRecord & SecretRecord, object);
      return;
    }
    const manifest = plainManifest ?? object.toJson();
    // A JSON patch may have changed what the object is.
    const name = typeof manifest?.metadata?.name === 'string' ? manifest.metadata.name : '';
    const namespace = typeof manifest?.metadata?.namespace === 'string' ? manifest.metadata.namespace : undefined;
    if (isPodDefault(manifest)) {
      const record: PodDefaultRecord = {
        path: object.node.path, name, namespace, spec: (manifest.spec ?? {}) as PodDefaultSpecJson, declaredKeys: declared.declaredKeys,
      };
      podDefaults.push(record);
      owners.set(record, object);
    } else if (isSecret(manifest)) {
      const record: SecretRecord = { path: object.node.path, name, namespace, keys: secretKeysOf(manifest), emitted: true };
      secrets.push(record);
      owners.set(record, object);
    }
  }
}

/** What a full walk found: see `PodDefaultChecks.remember`. */
interface QuickSignature {
  readonly changes: number;
  /** The App's node and every chart's, and their numbers of direct children. */
  readonly scopes: readonly Node[];
  readonly children: readonly number[];
  /** The plain API objects (not the library's) among the participants, and their numbers of JSON patches. */
  readonly plain: readonly IConstruct[];
  readonly patches: readonly number[];
}

/** The number of JSON patches of a plain API object (`undefined` when it cannot be read). */
function patchCountOf(construct: IConstruct): number | undefined {
  const patches = (construct as unknown as { readonly patches?: unknown }).patches;
  return Array.isArray(patches) ? patches.length : undefined;
}
