/**
 * The construct adapter: the one place that reads a cdk8s App for the checks. At synth it walks
 * the tree, collects the resolved JSON of every object the engine reads (the library's own,
 * plain `ApiObject`s, `Include`s, cdk8s-plus objects, with their JSON patches), hands it to the
 * engine (`engine/`) and reports each problem on a construct that takes part in it.
 */
import { ApiObject, App } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { checkObjects, CheckOptions, EngineObject } from '../engine';
import { placesOrLabels } from '../engine/generated';
import { kindOf } from '../engine/objects';
import { formatProblem } from '../engine/rule-ids';

/** An object that a construct of this library gives the checks: the engine's input, without its source (the construct's path). */
export type CheckedObject = Omit<EngineObject, 'source'>;

/**
 * Constructs of this library that describe their objects to the checks themselves: the
 * library's ApiObjects (which know their content without resolving it, until a JSON patch
 * changes it), and the declarations of objects that exist in the cluster.
 *
 * @internal
 */
export interface ICheckedConstruct extends IConstruct {
  /** @internal */
  _checkedObjects(): CheckedObject[];
}

function isChecked(construct: IConstruct): construct is ICheckedConstruct {
  return typeof (construct as Partial<ICheckedConstruct>)._checkedObjects === 'function';
}

/**
 * The checks of a whole App: at synth, every PodDefault (`kubeflow.org/v1alpha1`), Secret,
 * SealedSecret, ExternalSecret and ConfigMap of the App is found by walking the construct tree,
 * and checked as it will be written (its resolved JSON, after `addJsonPatch`), whether it comes
 * from this library, a plain `ApiObject`, an `Include` or cdk8s-plus. PodDefaults and Secrets
 * that exist in the cluster can be declared with `ExistingPodDefault` and the
 * `fromExistingSecret()` factories.
 *
 * The library's constructs turn the checks on for their App; an App of plain API objects turns
 * them on with `PodDefaultChecks.of(app)`. Each problem is reported once, as a validation error
 * of a construct that takes part in it (`[path] message [rule, origin]`, as `check` prints it),
 * and `App.synth()` writes nothing while there is any.
 *
 * Every validation walks the tree again, so a change between two synths is always seen. cdk8s
 * validates the whole App once at the start of `App.synth()` / `App.synthYaml()` and again for
 * every chart it writes, with no code of the user's in between; within one such call the checks
 * run once (README, Performance).
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
    return existing instanceof PodDefaultChecks ? existing : new PodDefaultChecks(root);
  }

  private static readonly ID = 'KubeflowPodDefaultChecks';

  /** Problems per construct, from the last run. */
  private results = new Map<IConstruct, string[]>();
  /** Constructs that have a validation reading `results`. */
  private readonly hooked = new WeakSet<IConstruct>();
  private options: CheckOptions = {};
  /** How deep in the App's `synth()` / `synthYaml()` calls we are (see `watchSynthesis`). */
  private synthesizing = 0;
  /** Whether a run already checked the tree during the current outermost synthesis call. */
  private checkedThisSynthesis = false;
  /**
   * During one synthesis call, the resolved JSON of the library's objects, read by the checks
   * and then written by cdk8s: each object is resolved once (see `_resolved`).
   */
  private written?: Map<IConstruct, any>;

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
  }

  /**
   * The resolved JSON of one of the library's objects (its `toJson()`). Within one synthesis
   * call nothing changes between the checks and the writing, so the JSON the checks read is the
   * JSON cdk8s writes, resolved once; outside one, it is resolved each time.
   *
   * @internal
   */
  public _resolved(object: IConstruct, resolve: () => any): any {
    if (this.written === undefined) {
      return resolve();
    }
    let json = this.written.get(object);
    if (json === undefined) {
      json = resolve();
      this.written.set(object, json);
    }
    return json;
  }

  /**
   * cdk8s validates the whole App once at the start of `App.synth()` and `App.synthYaml()`, then
   * again for every chart it writes (`Chart.toJson()` validates the App; cdk8s-core keeps it so).
   * No other code runs between those validations, so within one such call the checks run once:
   * the App's two methods are wrapped, on this App only (a subclass's override is kept and
   * called), to count the calls in progress. cdk8s offers no public hook for "a synthesis
   * starts"; without this, an App with one chart per namespace pays one full check per chart
   * (README, Performance, has the figures). A `chart.toJson()` or `Testing.synth()` of the
   * user's is one validation and is always checked.
   */
  private watchSynthesis(app: App): void {
    for (const method of ['synth', 'synthYaml'] as const) {
      const original: (...args: unknown[]) => unknown = app[method];
      Object.defineProperty(app, method, {
        configurable: true,
        enumerable: false,
        writable: true,
        value: (...args: unknown[]) => {
          if (this.synthesizing++ === 0) {
            this.written = new Map();
          }
          try {
            return original.apply(app, args);
          } finally {
            if (--this.synthesizing === 0) {
              this.checkedThisSynthesis = false;
              this.written = undefined;
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
    const objects: EngineObject[] = [];
    const owners = new Map<EngineObject, IConstruct>();
    for (const construct of this.node.root.node.findAll()) {
      if (isChecked(construct)) {
        for (const described of construct._checkedObjects()) {
          const object: EngineObject = { source: construct.node.path, ...described };
          objects.push(object);
          owners.set(object, construct);
        }
      } else if (construct instanceof ApiObject && (kindOf(construct) !== undefined || placesOrLabels(construct))) {
        const object: EngineObject = { source: construct.node.path, manifest: construct.toJson() };
        objects.push(object);
        owners.set(object, construct);
      }
    }
    const results = new Map<IConstruct, string[]>();
    for (const problem of checkObjects(objects, this.options)) {
      const owner = owners.get(problem.object) ?? owners.get(problem.object.generatedBy!)!;
      const list = results.get(owner) ?? [];
      list.push(formatProblem(problem));
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
}
