/**
 * Connects constructs to the conflict pass: every PodDefault and every Secret with known keys in
 * an App registers here, and the pass runs once per synth over all of them (not once per
 * construct). Each construct's validation then returns the conflicts reported on it, so that
 * `App.synth()` and `Testing.synth()` (which validates the whole App) fail before writing anything.
 */
import { IConstruct } from 'constructs';
import { findConflicts, PodDefaultRecord, SecretRecord } from './conflicts';

/** Something that can describe itself to the conflict pass. */
interface Source<T> {
  readonly owner: IConstruct;
  readonly describe: () => T;
}

const REGISTRIES = new WeakMap<IConstruct, ConflictRegistry>();

/** @internal */
export class ConflictRegistry {
  /** The registry of the App (the root construct) that `scope` belongs to. */
  public static of(scope: IConstruct): ConflictRegistry {
    const root = scope.node.root;
    let registry = REGISTRIES.get(root);
    if (!registry) {
      registry = new ConflictRegistry();
      REGISTRIES.set(root, registry);
    }
    return registry;
  }

  private readonly podDefaults: Array<Source<PodDefaultRecord>> = [];
  private readonly secrets: Array<Source<SecretRecord>> = [];
  private problems: Map<IConstruct, string[]> | undefined;

  private constructor() {}

  /** Registers a PodDefault; `describe` is called at synth, so later `add*` calls are seen. */
  public addPodDefault(owner: IConstruct, describe: () => PodDefaultRecord): void {
    this.podDefaults.push({ owner, describe });
    this.invalidate();
    owner.node.addValidation({ validate: () => this.problemsOf(owner) });
  }

  /** Registers a Secret whose keys are known (written by this App, or declared for an existing one). */
  public addSecret(owner: IConstruct, describe: () => SecretRecord): void {
    this.secrets.push({ owner, describe });
    this.invalidate();
    owner.node.addValidation({ validate: () => this.problemsOf(owner) });
  }

  /** Forgets the last result; called whenever a registered construct changes. */
  public invalidate(): void {
    this.problems = undefined;
  }

  private problemsOf(owner: IConstruct): string[] {
    if (!this.problems) {
      this.problems = this.run();
    }
    return this.problems.get(owner) ?? [];
  }

  private run(): Map<IConstruct, string[]> {
    const owners = new Map<PodDefaultRecord | SecretRecord, IConstruct>();
    const podDefaults = this.podDefaults.map((source) => {
      const record = source.describe();
      owners.set(record, source.owner);
      return record;
    });
    const secrets = this.secrets.map((source) => {
      const record = source.describe();
      owners.set(record, source.owner);
      return record;
    });
    const result = new Map<IConstruct, string[]>();
    for (const conflict of findConflicts(podDefaults, secrets)) {
      const owner = owners.get(conflict.owner)!;
      const list = result.get(owner) ?? [];
      list.push(conflict.message);
      result.set(owner, list);
    }
    return result;
  }
}

