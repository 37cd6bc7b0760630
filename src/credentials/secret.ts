/**
 * The Opaque Secret that each credentials construct writes, with the data exactly as
 * `kubectl create secret generic --from-file` / `--from-env-file` stores it (base64 of the bytes,
 * keys sorted), and the registration that lets the conflict checks know its keys.
 */
import { ApiObject, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { ConflictRegistry } from '../registry';
import { MAX_SECRET_BYTES } from './files';
import { checkNamespace, checkSecretDataKey, checkSecretName } from '../rules/names';
import { quote } from '../rules/text';

/**
 * Options for the Secret that a credentials construct writes.
 */
export interface CredentialsSecretOptions {
  /**
   * The Secret's name: a DNS-1123 subdomain.
   *
   * @default - the Kaptain guide's name for this kind of credentials
   */
  readonly name?: string;

  /**
   * The profile namespace. Notebooks can only use Secrets of their own namespace.
   *
   * @default - the chart's namespace
   */
  readonly namespace?: string;

  /**
   * Mark the Secret immutable: the API server refuses changes (rotate by writing a new name),
   * and the kubelet stops watching it.
   *
   * @default - not emitted (mutable)
   */
  readonly immutable?: boolean;
}

/**
 * Options for referencing a Secret that already exists in the cluster (created by External
 * Secrets, Sealed Secrets or by hand) instead of writing one.
 */
export interface ExistingSecretOptions {
  /**
   * The namespace of the Secret and of the PodDefaults that use it.
   *
   * @default - the chart's namespace
   */
  readonly namespace?: string;

  /**
   * The keys the Secret holds. With them, the conflict checks can tell which variables an
   * `envFrom` of this Secret sets, and whether mounted keys exist.
   *
   * @default - for file-mounted credentials, `[key]`; otherwise unknown, and the checks that
   * need the keys are skipped for this Secret
   */
  readonly keys?: string[];

  /**
   * For file-mounted credentials: the key that holds the file. Another key is mounted under
   * the file name the consumer expects: an image-pull Secret's `.dockerconfigjson` appears as
   * `config.json`.
   *
   * @default - the file name (`config.json`, `credentials`)
   */
  readonly key?: string;
}

/** What a credentials construct knows about its Secret. */
export interface SecretState {
  readonly name: string;
  readonly namespace?: string;
  readonly keys: readonly string[];
  readonly emitted: boolean;
  /** The Secret API object, when this construct writes one. */
  readonly resource?: ApiObject;
}

/** Checks the name, namespace, keys and size of a Secret to be written. */
export function checkSecretData(name: string, namespace: string | undefined, data: ReadonlyMap<string, Uint8Array>): Array<string | undefined> {
  const problems: Array<string | undefined> = [checkSecretName(name), namespace === undefined ? undefined : checkNamespace(namespace)];
  let size = 0;
  for (const [key, value] of data) {
    problems.push(checkSecretDataKey(`Secret ${quote(name)} key`, key));
    size += value.length;
  }
  if (size > MAX_SECRET_BYTES) {
    problems.push(`Secret ${quote(name)} holds ${size} bytes; Kubernetes accepts at most ${MAX_SECRET_BYTES} (1 MiB)`);
  }
  return problems;
}

/**
 * Writes an Opaque Secret as the `Resource` child of `owner` (its `node.defaultChild`) and
 * registers its keys for the conflict checks. The caller has checked the data.
 */
export function writeSecret(
  owner: Construct,
  props: { name: string; namespace?: string; immutable?: boolean; data: ReadonlyMap<string, Uint8Array> },
): SecretState {
  const data: Record<string, string> = {};
  const keys = [...props.data.keys()].sort();
  for (const key of keys) {
    data[key] = Buffer.from(props.data.get(key)!).toString('base64');
  }
  const resource = new ApiObject(owner, 'Resource', {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: props.name, namespace: props.namespace },
    type: 'Opaque',
    immutable: props.immutable,
    data,
  });
  owner.node.defaultChild = resource;
  const state: SecretState = { name: props.name, namespace: props.namespace ?? Chart.of(owner).namespace, keys, emitted: true, resource };
  registerSecret(owner, state);
  return state;
}

/** Registers an existing Secret (not written by this App) whose keys are declared. */
export function referenceSecret(owner: Construct, name: string, options: ExistingSecretOptions): SecretState {
  const state: SecretState = {
    name,
    namespace: options.namespace ?? Chart.of(owner).namespace,
    keys: [...(options.keys ?? [])],
    emitted: false,
  };
  if (options.keys !== undefined) {
    registerSecret(owner, state);
  }
  return state;
}

function registerSecret(owner: Construct, state: SecretState): void {
  ConflictRegistry.of(owner).addSecret(owner, () => ({
    path: owner.node.path,
    name: state.name,
    namespace: state.namespace,
    keys: state.keys,
    emitted: state.emitted,
  }));
}

/** Checks the options of an existing-Secret reference. */
export function checkExistingSecret(name: string, options: ExistingSecretOptions): Array<string | undefined> {
  return [
    checkSecretName(name),
    options.namespace === undefined ? undefined : checkNamespace(options.namespace),
    ...(options.keys ?? []).map((key, index) => checkSecretDataKey(`keys[${index}]`, key)),
  ];
}
