/**
 * Where a credentials construct's Secret goes: a plain Secret (the default), or a Bitnami
 * SealedSecret sealed at synth with the controller's public certificate, so that no credential
 * is written to `dist/` in the clear.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import { ApiObjectProps } from 'cdk8s';
import { inspectAs, REDACTED, SecretStore } from './redact';
import { isDnsSubdomain, MAX_SUBDOMAIN, SECRET_DATA_KEY } from './rules/names';
import { quote } from './rules/text';

/**
 * Who may unseal a SealedSecret: the controller's sealing scopes.
 */
export enum SealingScope {
  /** Only a Secret of this name in this namespace (the default of kubeseal). */
  STRICT = 'strict',
  /** A Secret of any name in this namespace. */
  NAMESPACE_WIDE = 'namespace-wide',
  /** A Secret of any name in any namespace. */
  CLUSTER_WIDE = 'cluster-wide',
}

/**
 * The kind of store an ExternalSecret reads from.
 */
export enum ExternalStoreKind {
  /** A `SecretStore` of the namespace. */
  SECRET_STORE = 'SecretStore',
  /** A `ClusterSecretStore`. */
  CLUSTER_SECRET_STORE = 'ClusterSecretStore',
}

/**
 * The API version of the External Secrets Operator's ExternalSecret.
 */
export enum ExternalSecretsVersion {
  /** `external-secrets.io/v1`, served by the operator since 0.16 (the current one). */
  V1 = 'external-secrets.io/v1',
  /** `external-secrets.io/v1beta1`, for older operators (no longer served from 0.17). */
  V1BETA1 = 'external-secrets.io/v1beta1',
}

/**
 * Options for `SecretOutput.external()`.
 */
export interface ExternalOutputOptions {
  /** The name of the SecretStore or ClusterSecretStore. */
  readonly store: string;

  /**
   * The kind of store.
   *
   * @default ExternalStoreKind.SECRET_STORE
   */
  readonly storeKind?: ExternalStoreKind;

  /**
   * The remote secret (its key in the store) that holds the credential fields, one property per
   * field: `registry0_username`, `registry0_password`, ... for Docker registries;
   * `<profile>_aws_access_key_id`, ... for AWS profiles; the variable names for environment
   * credentials; `config.json` / `credentials` for a file given whole.
   */
  readonly remoteKey: string;

  /**
   * The ExternalSecret API version.
   *
   * @default ExternalSecretsVersion.V1
   */
  readonly apiVersion?: ExternalSecretsVersion;

  /**
   * How often the operator refreshes the Secret.
   *
   * @default '1h'
   */
  readonly refreshInterval?: string;
}

/**
 * How a Secret is made from remote fields: for each Secret key, a template (External Secrets
 * Operator template engine v2: Go text/template with sprig) that builds exactly the bytes this
 * library writes, and the credential fields the templates use. Keys without a template are
 * taken from the field of the same name.
 */
export interface ExternalTemplate {
  /** The remote fields (properties of the remote secret), by name. */
  readonly fields: string[];
  /** Secret key → template. */
  readonly templates: { readonly [key: string]: string };
}

/** The smallest RSA key the sealing accepts. */
const MIN_RSA_BITS = 2048;

/**
 * The sealed-secrets controller's public certificate, as `kubeseal --fetch-cert` saves it.
 * Nothing contacts a cluster.
 */
export class SealingCertificate {
  /**
   * A certificate in PEM.
   *
   * @param pem the certificate, `-----BEGIN CERTIFICATE-----` ...
   */
  public static fromPem(pem: string): SealingCertificate {
    return new SealingCertificate(pem, 'the sealing certificate');
  }

  /**
   * A certificate in a PEM file.
   *
   * @param path the file, e.g. saved by `kubeseal --fetch-cert > cert.pem`
   */
  public static fromFile(path: string): SealingCertificate {
    let pem: string;
    try {
      pem = fs.readFileSync(path, 'utf8');
    } catch (e) {
      throw new Error(`[SealingCertificate.fromFile()] the sealing certificate file ${quote(path)} cannot be read (${(e as NodeJS.ErrnoException).code ?? 'unknown error'})`);
    }
    return new SealingCertificate(pem, `the sealing certificate file ${quote(path)}`);
  }

  /** When the certificate stops being valid. */
  public readonly validTo: string;

  private readonly publicKey: crypto.KeyObject;
  private readonly fingerprint: Buffer;
  private readonly modulusBytes: number;

  private constructor(pem: string, what: string) {
    let certificate: crypto.X509Certificate;
    try {
      certificate = new crypto.X509Certificate(pem);
    } catch {
      throw new Error(`[SealingCertificate] ${what} is not a PEM certificate (save it with kubeseal --fetch-cert)`);
    }
    const key = certificate.publicKey;
    const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
    if (key.asymmetricKeyType !== 'rsa') {
      throw new Error(`[SealingCertificate] ${what} has a ${key.asymmetricKeyType ?? 'non-RSA'} key; the sealed-secrets controller seals with RSA`);
    }
    if (bits < MIN_RSA_BITS) {
      throw new Error(`[SealingCertificate] ${what} has a ${bits}-bit RSA key; at least ${MIN_RSA_BITS} bits are needed`);
    }
    // The controller's keys use the exponent 65537; a small one (3) weakens RSA-OAEP's margins.
    const exponent = key.asymmetricKeyDetails?.publicExponent;
    if (exponent !== undefined && exponent < BigInt(65537)) {
      throw new Error(`[SealingCertificate] ${what} has the RSA public exponent ${exponent}; the sealed-secrets controller's keys use 65537 (fetch its certificate with kubeseal --fetch-cert)`);
    }
    if (Date.parse(certificate.validTo) < Date.now()) {
      throw new Error(`[SealingCertificate] ${what} expired on ${certificate.validTo}; fetch the controller's current one with kubeseal --fetch-cert`);
    }
    if (Date.parse(certificate.validFrom) > Date.now()) {
      throw new Error(`[SealingCertificate] ${what} is not valid before ${certificate.validFrom} (this machine's clock, or a certificate that is not the controller's current one)`);
    }
    this.publicKey = key;
    this.validTo = certificate.validTo;
    this.fingerprint = Buffer.from(certificate.fingerprint256, 'utf8');
    this.modulusBytes = Math.ceil(bits / 8);
  }

  /**
   * Seals one value as the controller's `HybridEncrypt` does: a fresh 32-byte AES-256-GCM
   * session key (zero nonce: it is used once) encrypted with RSA-OAEP (SHA-256) under `label`;
   * the result is `uint16 length || RSA ciphertext || AES ciphertext and tag`.
   * @internal
   */
  public _seal(plaintext: Uint8Array, label: string, stable?: { key: StableSealingKey; dataKey: string }): Buffer {
    let sessionKey: Buffer;
    let rsa: Buffer;
    if (stable) {
      // Everything random in HybridEncrypt (the session key, OAEP's seed) derived from the
      // pipeline's key, the certificate, the label, the data key and the value.
      const material = stable.key._derive('value', this.fingerprint, label, stable.dataKey, plaintext);
      sessionKey = stable.key._derive('session-key', material);
      const encoded = oaepEncode(sessionKey, Buffer.from(label, 'utf8'), stable.key._derive('oaep-seed', material), this.modulusBytes);
      rsa = crypto.publicEncrypt({ key: this.publicKey, padding: crypto.constants.RSA_NO_PADDING }, encoded);
    } else {
      sessionKey = crypto.randomBytes(32);
      rsa = crypto.publicEncrypt(
        { key: this.publicKey, padding: crypto.constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256', oaepLabel: Buffer.from(label, 'utf8') },
        sessionKey,
      );
    }
    const cipher = crypto.createCipheriv('aes-256-gcm', sessionKey, Buffer.alloc(12));
    const aes = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
    const length = Buffer.alloc(2);
    length.writeUInt16BE(rsa.length);
    return Buffer.concat([length, rsa, aes]);
  }
}

/** The smallest stable sealing key accepted, in characters. */
const MIN_STABLE_KEY = 32;
const STABLE_KEYS = new SecretStore<Buffer>();

/**
 * A secret that the pipeline holds and git never sees, which makes sealing deterministic
 * (`SealedOutputOptions.stableKey`): the same value, sealed for the same place with the same
 * certificate and key, gives the same ciphertext, so that an unchanged credential changes no byte
 * of the repository. Never printed.
 */
export class StableSealingKey {
  /**
   * Reads the key from an environment variable of the machine that runs synth (a CI secret).
   *
   * @param name the variable, e.g. `SEALING_KEY`
   */
  public static fromEnv(name: string): StableSealingKey {
    const value = process.env[name];
    if (value === undefined || value === '') {
      throw new Error(`[StableSealingKey.fromEnv()] ${quote(name)} is not set (give the pipeline's sealing key, e.g. from openssl rand -base64 32)`);
    }
    return new StableSealingKey(value, `${quote(name)}`);
  }

  /**
   * Takes the key as text.
   *
   * @param key at least 32 characters, e.g. the output of `openssl rand -base64 32`
   */
  public static fromText(key: string): StableSealingKey {
    return new StableSealingKey(key, 'the key');
  }

  private constructor(key: string, what: string) {
    if (typeof key !== 'string' || key.length < MIN_STABLE_KEY) {
      throw new Error(`[StableSealingKey] ${what} has ${typeof key === 'string' ? key.length : 0} characters; at least ${MIN_STABLE_KEY} are needed (openssl rand -base64 32)`);
    }
    STABLE_KEYS.set(this, crypto.createHash('sha256').update(`cdk8s-kubeflow-credentials stable sealing v1\u0000${key}`).digest());
  }

  /**
   * HMAC-SHA256 under the key of the parts, each length-prefixed.
   * @internal
   */
  public _derive(purpose: string, ...parts: Array<string | Uint8Array>): Buffer {
    const hmac = crypto.createHmac('sha256', STABLE_KEYS.get(this)).update(purpose);
    for (const part of parts) {
      const bytes = typeof part === 'string' ? Buffer.from(part, 'utf8') : Buffer.from(part);
      const length = Buffer.alloc(4);
      length.writeUInt32BE(bytes.length);
      hmac.update(length).update(bytes);
    }
    return hmac.digest();
  }

  /** No key in any printout. */
  public toString(): string {
    return `StableSealingKey(${REDACTED})`;
  }

  /** No key in any printout. */
  public toJSON(): string {
    return this.toString();
  }
}

inspectAs(StableSealingKey.prototype, (self: StableSealingKey) => self.toString());

/** MGF1 with SHA-256 (RFC 8017, B.2.1). */
function mgf1(seed: Buffer, length: number): Buffer {
  const blocks: Buffer[] = [];
  for (let counter = 0; blocks.length * 32 < length; counter++) {
    const c = Buffer.alloc(4);
    c.writeUInt32BE(counter);
    blocks.push(crypto.createHash('sha256').update(seed).update(c).digest());
  }
  return Buffer.concat(blocks).subarray(0, length);
}

/** EME-OAEP encoding with SHA-256 and a given seed (RFC 8017, 7.1.1): what RSA-OAEP encrypts, with its randomness chosen. */
function oaepEncode(message: Buffer, label: Buffer, seed: Buffer, k: number): Buffer {
  const hLen = 32;
  const lHash = crypto.createHash('sha256').update(label).digest();
  const db = Buffer.concat([lHash, Buffer.alloc(k - message.length - 2 * hLen - 2), Buffer.from([1]), message]);
  const maskedDb = xor(db, mgf1(seed, k - hLen - 1));
  const maskedSeed = xor(seed, mgf1(maskedDb, hLen));
  return Buffer.concat([Buffer.from([0]), maskedSeed, maskedDb]);
}

function xor(a: Buffer, b: Buffer): Buffer {
  // eslint-disable-next-line no-bitwise
  return Buffer.from(a.map((byte, i) => byte ^ b[i]));
}

/**
 * Options for `SecretOutput.sealed()`.
 */
export interface SealedOutputOptions {
  /** The sealed-secrets controller's public certificate. */
  readonly certificate: SealingCertificate;

  /**
   * Who may unseal it.
   *
   * @default SealingScope.STRICT
   */
  readonly scope?: SealingScope;

  /**
   * Seal deterministically with this key (held by the pipeline, never in git): re-synthesizing
   * unchanged credentials changes no byte of the SealedSecrets, and snapshots stay stable. What
   * an observer of the repository then learns is in the README ("Stable sealing").
   *
   * @default - every synth seals afresh (random session keys, as kubeseal does)
   */
  readonly stableKey?: StableSealingKey;
}

/** The annotations kubeseal writes for each scope. */
const SCOPE_ANNOTATIONS: { readonly [scope: string]: { readonly [key: string]: string } | undefined } = {
  [SealingScope.STRICT]: undefined,
  [SealingScope.NAMESPACE_WIDE]: { 'sealedsecrets.bitnami.com/namespace-wide': 'true' },
  [SealingScope.CLUSTER_WIDE]: { 'sealedsecrets.bitnami.com/cluster-wide': 'true' },
};

/**
 * The label a SealedSecret's values are sealed with, as the controller computes it from the
 * object's scope annotations (`EncryptionLabel`): `namespace/name` (strict), `namespace`
 * (namespace-wide) or nothing (cluster-wide).
 */
export function sealingLabel(
  annotations: { readonly [key: string]: string } | undefined, namespace: string | undefined, name: string | undefined,
): string {
  if (annotations?.['sealedsecrets.bitnami.com/cluster-wide'] === 'true') {
    return '';
  }
  if (annotations?.['sealedsecrets.bitnami.com/namespace-wide'] === 'true') {
    return namespace ?? '';
  }
  return `${namespace ?? ''}/${name ?? ''}`;
}

/** A Go duration, as `time.ParseDuration` reads it (`refreshInterval`): `0`, or numbers with units. */
const GO_DURATION = /^[-+]?(?:0|(?:(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:ns|us|µs|μs|ms|s|m|h))+)$/;

/** What the operator would refuse of the options (each a sentence). */
function externalOptionProblems(options: ExternalOutputOptions): string[] {
  const problems: string[] = [];
  if (!isDnsSubdomain(options.store)) {
    problems.push(`store ${quote(options.store)} is not a Kubernetes object name (a DNS-1123 subdomain of at most 253 characters: lower-case letters, digits, '-' and '.'), so no SecretStore can have it`);
  }
  const kinds = Object.values(ExternalStoreKind) as string[];
  if (options.storeKind !== undefined && !kinds.includes(options.storeKind)) {
    problems.push(`storeKind ${quote(String(options.storeKind))} is not one of ${kinds.join(', ')}`);
  }
  const versions = Object.values(ExternalSecretsVersion) as string[];
  if (options.apiVersion !== undefined && !versions.includes(options.apiVersion)) {
    problems.push(`apiVersion ${quote(String(options.apiVersion))} is not one of ${versions.join(', ')}`);
  }
  const interval = options.refreshInterval;
  if (interval !== undefined && (typeof interval !== 'string' || interval.length > 64 || !GO_DURATION.test(interval) || interval.startsWith('-'))) {
    problems.push(`refreshInterval ${quote(String(interval))} is not a Go duration such as "1h", "30m" or "1h30m" (units ns, us, ms, s, m, h; no days), which the operator needs`);
  }
  return problems;
}

/**
 * Where a credentials construct writes its Secret. Whatever the output, the object keeps the
 * Secret's name and namespace, and the PodDefaults are the same.
 */
export class SecretOutput {
  /** A plain Secret (`v1`), its data in base64: keep `dist/` out of git. */
  public static plain(): SecretOutput {
    return new SecretOutput(undefined);
  }

  /**
   * A Bitnami SealedSecret (`bitnami.com/v1alpha1`) for the same name, namespace, type and keys,
   * sealed at synth with the controller's certificate: safe to commit. The controller makes the
   * Secret in the cluster.
   *
   * @param options the certificate and the scope
   */
  public static sealed(options: SealedOutputOptions): SecretOutput {
    if (!(options?.certificate instanceof SealingCertificate)) {
      throw new Error('[SecretOutput.sealed()] certificate is required (SealingCertificate.fromPem or fromFile)');
    }
    if (options.stableKey !== undefined && !(options.stableKey instanceof StableSealingKey)) {
      throw new Error('[SecretOutput.sealed()] stableKey must be a StableSealingKey (StableSealingKey.fromEnv or fromText)');
    }
    return new SecretOutput(options);
  }

  /**
   * An External Secrets Operator `ExternalSecret` that makes the same Secret from a named store:
   * a remote property per credential field, and for `config.json` and the AWS credentials file a
   * template that builds the file exactly as this library writes it. No credential is written.
   *
   * @param options the store, the remote key and the API version
   */
  public static external(options: ExternalOutputOptions): SecretOutput {
    if (typeof options?.store !== 'string' || options.store === '' || typeof options.remoteKey !== 'string' || options.remoteKey === '') {
      throw new Error('[SecretOutput.external()] store and remoteKey are required (the SecretStore\'s name and the remote secret\'s key)');
    }
    const problems = externalOptionProblems(options);
    if (problems.length > 0) {
      throw new Error(problems.map((p) => `[SecretOutput.external()] ${p}`).join('\n'));
    }
    return new SecretOutput(undefined, options);
  }

  private constructor(private readonly sealing: SealedOutputOptions | undefined, private readonly external?: ExternalOutputOptions) {}

  /** Whether the output is an ExternalSecret. */
  public get isExternal(): boolean {
    return this.external !== undefined;
  }

  /**
   * The ExternalSecret's API version, for external output.
   * @internal
   */
  public get _externalApiVersion(): string | undefined {
    return this.external === undefined ? undefined : this.external.apiVersion ?? ExternalSecretsVersion.V1;
  }

  /** Whether the output is a SealedSecret. */
  public get isSealed(): boolean {
    return this.sealing !== undefined;
  }

  /**
   * The API object for a Secret: itself, or a SealedSecret that makes it.
   * @param secret the plain Secret's props (data in base64)
   * @param namespace the Secret's namespace (the chart's when the props have none)
   * @internal
   */
  public _render(secret: ApiObjectProps, namespace: string | undefined, template?: ExternalTemplate): ApiObjectProps {
    if (this.external) {
      return this.renderExternal(this.external, secret, template);
    }
    if (!this.sealing) {
      return secret;
    }
    const scope = this.sealing.scope ?? SealingScope.STRICT;
    const name = secret.metadata?.name ?? '';
    if (scope !== SealingScope.CLUSTER_WIDE && namespace === undefined) {
      throw new Error(`Secret ${quote(name)} has no namespace, which a ${scope} SealedSecret needs (set namespace, or use SealingScope.CLUSTER_WIDE)`);
    }
    const annotations = SCOPE_ANNOTATIONS[scope];
    const label = sealingLabel(annotations, namespace, name);
    const data = (secret as { data?: Record<string, string> }).data ?? {};
    const encryptedData: Record<string, string> = {};
    for (const key of Object.keys(data).sort()) {
      const stable = this.sealing.stableKey ? { key: this.sealing.stableKey, dataKey: key } : undefined;
      encryptedData[key] = this.sealing.certificate._seal(Buffer.from(data[key], 'base64'), label, stable).toString('base64');
    }
    const metadata = { name, namespace: secret.metadata?.namespace, annotations };
    return {
      apiVersion: 'bitnami.com/v1alpha1',
      kind: 'SealedSecret',
      metadata,
      spec: {
        encryptedData,
        template: {
          metadata: { name, namespace, annotations },
          type: (secret as { type?: string }).type,
          immutable: (secret as { immutable?: boolean }).immutable,
        },
      },
    };
  }

  private renderExternal(external: ExternalOutputOptions, secret: ApiObjectProps, template: ExternalTemplate | undefined): ApiObjectProps {
    const name = secret.metadata?.name ?? '';
    const keys = Object.keys((secret as { data?: Record<string, string> }).data ?? {}).sort();
    const description = template ?? { fields: keys, templates: {} };
    const fieldProblems = description.fields.filter((f) => !SECRET_DATA_KEY.test(f) || f.length > MAX_SUBDOMAIN).map((f) => (f.length > MAX_SUBDOMAIN
      ? `remote field names are at most ${MAX_SUBDOMAIN} characters (an ExternalSecret's secretKey); one has ${f.length} (shorten the profile name)`
      : `remote field ${quote(f)} is not a valid ExternalSecret secretKey ([-._a-zA-Z0-9])`));
    const repeated = description.fields.find((f, i) => description.fields.indexOf(f) !== i);
    if (repeated !== undefined) {
      fieldProblems.push(`two values would read the same remote field ${quote(repeated)} (rename one profile)`);
    }
    if (fieldProblems.length > 0) {
      throw new Error(fieldProblems.join('; '));
    }
    const templates = Object.keys(description.templates).sort();
    return {
      apiVersion: external.apiVersion ?? ExternalSecretsVersion.V1,
      kind: 'ExternalSecret',
      metadata: { name, namespace: secret.metadata?.namespace },
      spec: {
        refreshInterval: external.refreshInterval ?? '1h',
        secretStoreRef: { name: external.store, kind: external.storeKind ?? ExternalStoreKind.SECRET_STORE },
        target: {
          name,
          creationPolicy: 'Owner',
          template: {
            engineVersion: 'v2',
            type: (secret as { type?: string }).type,
            metadata: {},
            data: templates.length > 0 ? Object.fromEntries(templates.map((k) => [k, description.templates[k]])) : undefined,
          },
          immutable: (secret as { immutable?: boolean }).immutable,
        },
        data: description.fields.map((field) => ({ secretKey: field, remoteRef: { key: external.remoteKey, property: field } })),
      },
    };
  }
}
