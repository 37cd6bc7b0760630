/**
 * The Opaque Secret that each credentials construct writes, with the data exactly as
 * `kubectl create secret generic --from-file` / `--from-env-file` stores it (base64 of the bytes,
 * keys sorted).
 */
import { ApiObjectProps, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { Problem, problem } from '../engine/rule-ids';
import { childPath, throwIfProblemsAt } from '../errors';
import { isOversized, MAX_SECRET_BYTES } from '../formats/files';
import { ExternalTemplate, SecretOutput } from '../output';
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

  /**
   * Where the Secret goes: a plain Secret, or a SealedSecret sealed with the sealed-secrets
   * controller's certificate (`SecretOutput.sealed({ certificate })`), safe to commit. The
   * object keeps the Secret's name and namespace, and the PodDefaults are the same.
   *
   * @default SecretOutput.plain()
   */
  readonly output?: SecretOutput;
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

/** Checks the name, namespace, keys and size of a Secret to be written (`sized`: its input was already found too large). */
export function checkSecretData(
  name: string, namespace: string | undefined, data: ReadonlyMap<string, Uint8Array>, sized = false,
): Array<Problem | undefined> {
  const problems: Array<Problem | undefined> = [
    problem('secret-name', checkSecretName(name)),
    problem('namespace-name', namespace === undefined ? undefined : checkNamespace(namespace)),
  ];
  let size = 0;
  for (const [key, value] of data) {
    const keyProblem = checkSecretDataKey('key', key);
    if (keyProblem) {
      problems.push({ rule: 'secret-data', message: `Secret ${quote(name)} ${keyProblem}` });
    }
    size += value.length;
  }
  if (size > MAX_SECRET_BYTES && !sized) {
    problems.push({ rule: 'secret-data', message: `Secret ${quote(name)} holds ${size} bytes; Kubernetes accepts at most ${MAX_SECRET_BYTES} (1 MiB)` });
  }
  return problems;
}

/**
 * The props of the Opaque Secret to write, after checking it together with the problems the
 * caller found in its inputs; throws them all at `path` if there is any.
 */
export function secretProps(
  scope: IConstruct,
  id: string,
  options: CredentialsSecretOptions,
  defaultName: string,
  data: ReadonlyMap<string, Uint8Array>,
  problems: ReadonlyArray<Problem | string | undefined>,
  template?: ExternalTemplate,
): ApiObjectProps {
  const path = childPath(scope, id);
  const name = options.name ?? defaultName;
  throwIfProblemsAt(path, [...problems, ...checkSecretData(name, options.namespace, data, problems.some(isOversized))]);
  const encoded: Record<string, string> = {};
  for (const key of [...data.keys()].sort()) {
    encoded[key] = Buffer.from(data.get(key)!).toString('base64');
  }
  const secret: ApiObjectProps = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name, namespace: options.namespace },
    type: 'Opaque',
    immutable: options.immutable,
    data: encoded,
  };
  const output = options.output ?? SecretOutput.plain();
  try {
    return output._render(secret, options.namespace ?? Chart.of(scope).namespace, template);
  } catch (e) {
    throw new Error(`[${path}] ${(e as Error).message}`);
  }
}

/** The keys of a Secret's props: its data, the encrypted data of a SealedSecret, or what an ExternalSecret makes. */
export function keysOfProps(props: ApiObjectProps): string[] {
  type Spec = {
    encryptedData?: Record<string, string>;
    target?: { template?: { data?: Record<string, string> } };
    data?: Array<{ secretKey: string }>;
  };
  const spec = (props as { spec?: Spec }).spec;
  if (spec?.encryptedData) {
    return Object.keys(spec.encryptedData);
  }
  if (props.kind === 'ExternalSecret') {
    // With templates, the Secret holds the templated keys (mergePolicy Replace); without, each field.
    const templated = Object.keys(spec?.target?.template?.data ?? {});
    return templated.length > 0 ? templated : (spec?.data ?? []).map((d) => d.secretKey);
  }
  return Object.keys((props as { data?: Record<string, string> }).data ?? {});
}

/** Checks the options of an existing-Secret reference. */
export function checkExistingSecret(name: string, options: ExistingSecretOptions): Array<Problem | undefined> {
  return [
    problem('secret-name', checkSecretName(name)),
    problem('namespace-name', options.namespace === undefined ? undefined : checkNamespace(options.namespace)),
    ...(options.keys ?? []).map((key, index) => problem('secret-data', checkSecretDataKey(`keys[${index}]`, key))),
  ];
}
