/**
 * The engine, called with PodDefault specs and Secret keys as the engine tests write them: each
 * record becomes the manifest it stands for, and each problem is reported on its record.
 */
import { checkObjects, CheckOptions, EngineObject } from '../../src/engine';
import { PodDefaultSpecJson } from '../../src/engine/pod-default-spec';
import { Origin, RuleId } from '../../src/engine/rule-ids';

export type { PodDefaultSpecJson };

/** A PodDefault: its spec, name, namespace and the label messages name it by. */
export interface PodDefaultRecord {
  readonly path: string;
  readonly name: string;
  readonly namespace?: string;
  readonly spec: PodDefaultSpecJson;
  readonly declaredKeys?: ReadonlyMap<string, readonly string[]>;
}

/** A Secret whose keys are known: written (`emitted`), or declared as existing. */
export interface SecretRecord {
  readonly path: string;
  readonly name: string;
  readonly namespace?: string;
  readonly keys: readonly string[];
  readonly emitted: boolean;
}

export interface Conflict {
  readonly owner: PodDefaultRecord | SecretRecord;
  readonly rule: RuleId;
  readonly origin: Origin;
  readonly message: string;
}

/** The engine's objects for records. */
export function objectsOf(
  podDefaults: readonly PodDefaultRecord[], secrets: readonly SecretRecord[] = [],
): Map<EngineObject, PodDefaultRecord | SecretRecord> {
  const objects = new Map<EngineObject, PodDefaultRecord | SecretRecord>();
  for (const r of podDefaults) {
    objects.set({
      source: r.path,
      manifest: { apiVersion: 'kubeflow.org/v1alpha1', kind: 'PodDefault', metadata: { name: r.name, namespace: r.namespace }, spec: r.spec },
      declaredKeys: r.declaredKeys,
    }, r);
  }
  for (const s of secrets) {
    objects.set({
      source: s.path,
      manifest: { apiVersion: 'v1', kind: 'Secret', metadata: { name: s.name, namespace: s.namespace }, data: Object.fromEntries(s.keys.map((k) => [k, ''])) },
      existing: !s.emitted,
      contentChecked: true,
    }, s);
  }
  return objects;
}

/** Every problem of the records, on its record. */
export function findConflicts(
  podDefaults: readonly PodDefaultRecord[], secrets: readonly SecretRecord[] = [], options: CheckOptions = {},
): Conflict[] {
  const objects = objectsOf(podDefaults, secrets);
  return checkObjects([...objects.keys()], options)
    .map((p) => ({ owner: objects.get(p.object)!, rule: p.rule, origin: p.origin, message: p.message }));
}

/** The messages of one PodDefault's own problems (and those it has with the notebook pod). */
export function checkPodDefaultFields(record: PodDefaultRecord): string[] {
  return findConflicts([record]).map((c) => c.message);
}
