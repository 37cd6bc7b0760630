/**
 * JSON-schema validators for what we synthesize: the real PodDefault CRD (test/fixtures) and
 * the core v1 Secret shape.
 */
import * as path from 'path';
import Ajv, { ValidateFunction } from 'ajv';
import { Yaml } from 'cdk8s';
import { parse as parseYaml } from 'yaml';

/** The PodDefault CRD that Kubeflow releases deploy, kept in the repository as a test fixture. */
export const PODDEFAULT_CRD = path.join(__dirname, '..', 'fixtures', 'poddefault-crd.yaml');

/**
 * Turns a structural CRD schema into a strict JSON schema: fields the API server would prune
 * (not declared where `properties` are) become errors, since a pruned field is a silent bug.
 */
export function strictSchema(node: any): any {
  if (Array.isArray(node)) {
    return node.map(strictSchema);
  }
  if (node === null || typeof node !== 'object') {
    return node;
  }
  const out: any = {};
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith('x-kubernetes-') || key === 'format' || key === 'description') {
      continue;
    }
    out[key] = strictSchema(value);
  }
  if (out.properties && out.additionalProperties === undefined) {
    out.additionalProperties = false;
  }
  return out;
}

let podDefaultValidator: ValidateFunction | undefined;

/** Validates a PodDefault manifest against the shared CRD's openAPIV3Schema; returns the errors. */
export function podDefaultSchemaErrors(manifest: unknown): string[] {
  if (!podDefaultValidator) {
    const [crd] = Yaml.load(PODDEFAULT_CRD);
    const version = crd.spec.versions.find((v: any) => v.name === 'v1alpha1');
    const ajv = new Ajv({ allErrors: true, strict: false });
    podDefaultValidator = ajv.compile(strictSchema(version.schema.openAPIV3Schema));
  }
  const ok = podDefaultValidator(manifest);
  return ok ? [] : (podDefaultValidator.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

/** The core v1 Secret shape (what the API server accepts for an Opaque Secret). */
export const SECRET_SCHEMA = {
  type: 'object',
  required: ['apiVersion', 'kind', 'metadata'],
  additionalProperties: false,
  properties: {
    apiVersion: { const: 'v1' },
    kind: { const: 'Secret' },
    metadata: {
      type: 'object',
      required: ['name'],
      properties: {
        name: { type: 'string', pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$', maxLength: 253 },
        namespace: { type: 'string', pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$', maxLength: 63 },
        labels: { type: 'object', additionalProperties: { type: 'string' } },
        annotations: { type: 'object', additionalProperties: { type: 'string' } },
      },
    },
    type: { type: 'string' },
    immutable: { type: 'boolean' },
    data: {
      type: 'object',
      propertyNames: { pattern: '^[-._a-zA-Z0-9]+$', maxLength: 253 },
      additionalProperties: { type: 'string', pattern: '^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$' },
    },
    stringData: { type: 'object', additionalProperties: { type: 'string' } },
  },
};

/** The core v1 ConfigMap shape (keys as the API server validates them; `binaryData` in base64). */
export const CONFIG_MAP_SCHEMA = {
  type: 'object',
  required: ['apiVersion', 'kind', 'metadata'],
  additionalProperties: false,
  properties: {
    apiVersion: { const: 'v1' },
    kind: { const: 'ConfigMap' },
    metadata: SECRET_SCHEMA.properties.metadata,
    immutable: { type: 'boolean' },
    data: { type: 'object', propertyNames: { pattern: '^[-._a-zA-Z0-9]+$', maxLength: 253 }, additionalProperties: { type: 'string' } },
    binaryData: SECRET_SCHEMA.properties.data,
  },
};

let configMapValidator: ValidateFunction | undefined;

/** Validates a ConfigMap manifest against the core v1 ConfigMap shape; returns the errors. */
export function configMapSchemaErrors(manifest: unknown): string[] {
  configMapValidator ??= new Ajv({ allErrors: true, strict: false }).compile(CONFIG_MAP_SCHEMA);
  const ok = configMapValidator(manifest);
  return ok ? [] : (configMapValidator.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

/**
 * The Kubeflow Pipelines v2 launcher's `providers` structure, from its Go structs
 * (kubeflow/pipelines backend/src/v2/config: env.go `BucketProviders`, s3.go `S3ProviderConfig`,
 * `S3ProviderDefault`, `S3Credentials`, `S3Override`, `S3SecretRef`, minio.go `MinioProviderConfig`
 * = `S3ProviderConfig`, gcs.go `GCSProviderConfig`, `GCSCredentials`, `GCSSecretRef`), their `json`
 * tags as field names and Go's types as JSON types; unknown fields refused (encoding/json would
 * drop them in silence).
 */
const S3_CREDENTIALS = {
  type: 'object',
  additionalProperties: false,
  properties: {
    fromEnv: { type: 'boolean' },
    secretRef: { type: 'object', additionalProperties: false, properties: { secretName: { type: 'string' }, accessKeyKey: { type: 'string' }, secretKeyKey: { type: 'string' } } },
  },
};
const GCS_CREDENTIALS = {
  type: 'object',
  additionalProperties: false,
  properties: { fromEnv: { type: 'boolean' }, secretRef: { type: 'object', additionalProperties: false, properties: { secretName: { type: 'string' }, tokenKey: { type: 'string' } } } },
};
const S3_PROVIDER = {
  type: 'object',
  additionalProperties: false,
  properties: {
    default: {
      type: 'object',
      additionalProperties: false,
      properties: {
        endpoint: { type: 'string' }, credentials: S3_CREDENTIALS, region: { type: 'string' }, disableSSL: { type: 'boolean' }, forcePathStyle: { type: 'boolean' }, maxRetries: { type: 'integer' },
      },
    },
    Overrides: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        properties: {
          endpoint: { type: 'string' },
          region: { type: 'string' },
          disableSSL: { type: 'boolean' },
          bucketName: { type: 'string' },
          keyPrefix: { type: 'string' },
          credentials: S3_CREDENTIALS,
          forcePathStyle: { type: 'boolean' },
          maxRetries: { type: 'integer' },
        },
      },
    },
  },
};
export const LAUNCHER_PROVIDERS_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    minio: S3_PROVIDER,
    s3: S3_PROVIDER,
    gs: {
      type: 'object',
      additionalProperties: false,
      properties: {
        default: { type: 'object', additionalProperties: false, properties: { credentials: GCS_CREDENTIALS } },
        Overrides: { type: 'array', items: { type: 'object', additionalProperties: false, properties: { bucketName: { type: 'string' }, keyPrefix: { type: 'string' }, credentials: GCS_CREDENTIALS } } },
      },
    },
  },
};

let launcherValidator: ValidateFunction | undefined;

/** Validates the `providers` of a `kfp-launcher` ConfigMap against the launcher's structure; returns the errors. */
export function launcherProvidersSchemaErrors(configMap: any): string[] {
  const text = configMap?.data?.providers;
  if (text === undefined) {
    return [];
  }
  launcherValidator ??= new Ajv({ allErrors: true, strict: false }).compile(LAUNCHER_PROVIDERS_SCHEMA);
  // sigs.k8s.io/yaml reads YAML as go-yaml v2 does: YAML 1.1.
  const providers = parseYaml(String(text), { version: '1.1' });
  const ok = launcherValidator(providers);
  return ok ? [] : (launcherValidator.errors ?? []).map((e) => `providers${e.instancePath} ${e.message}`);
}

let secretValidator: ValidateFunction | undefined;

/** Validates a Secret manifest against the core v1 Secret shape; returns the errors. */
export function secretSchemaErrors(manifest: unknown): string[] {
  if (!secretValidator) {
    secretValidator = new Ajv({ allErrors: true, strict: false }).compile(SECRET_SCHEMA);
  }
  const ok = secretValidator(manifest);
  return ok ? [] : (secretValidator.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

/** Validates every PodDefault and Secret of a synthesized manifest list; returns how many were checked. */
export function expectValidManifests(manifests: any[]): number {
  let checked = 0;
  for (const manifest of manifests) {
    if (manifest.kind === 'PodDefault') {
      expect(podDefaultSchemaErrors(manifest)).toEqual([]);
      checked++;
    } else if (manifest.kind === 'Secret') {
      expect(secretSchemaErrors(manifest)).toEqual([]);
      checked++;
    }
  }
  return checked;
}

let sealedSecretValidator: ValidateFunction | undefined;

/** Validates a SealedSecret manifest against the sealed-secrets CRD (test/fixtures); returns the errors. */
export function sealedSecretSchemaErrors(manifest: unknown): string[] {
  if (!sealedSecretValidator) {
    const [crd] = Yaml.load(path.join(__dirname, '..', 'fixtures', 'sealedsecret-crd.yaml'));
    const version = crd.spec.versions.find((v: any) => v.name === 'v1alpha1');
    const ajv = new Ajv({ allErrors: true, strict: false });
    sealedSecretValidator = ajv.compile(strictSchema(version.schema.openAPIV3Schema));
  }
  const ok = sealedSecretValidator(manifest);
  return ok ? [] : (sealedSecretValidator.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

const crdValidators = new Map<string, ValidateFunction>();

/**
 * Validates a manifest against a CRD kept in test/fixtures, for the version of its apiVersion,
 * unknown fields refused (`strictSchema`); returns the errors.
 */
export function crdSchemaErrors(fixture: string, manifest: any): string[] {
  const version = String(manifest?.apiVersion ?? '').split('/')[1];
  const id = `${fixture}\u0000${version}`;
  let validator = crdValidators.get(id);
  if (!validator) {
    const [crd] = Yaml.load(path.join(__dirname, '..', 'fixtures', fixture));
    const schema = crd.spec.versions.find((v: any) => v.name === version)?.schema.openAPIV3Schema;
    if (!schema) {
      return [`the CRD ${fixture} has no version ${version}`];
    }
    validator = new Ajv({ allErrors: true, strict: false }).compile(strictSchema(schema));
    crdValidators.set(id, validator);
  }
  return validator(manifest) ? [] : (validator.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

/** Validates an ExternalSecret against the External Secrets Operator CRD (test/fixtures), for its API version. */
export function externalSecretSchemaErrors(manifest: any): string[] {
  return crdSchemaErrors('externalsecret-crd.yaml', manifest);
}

/** Validates a ClusterExternalSecret against the External Secrets Operator CRD (test/fixtures, v2.9.0). */
export function clusterExternalSecretSchemaErrors(manifest: any): string[] {
  return crdSchemaErrors('clusterexternalsecret-crd.yaml', manifest);
}

/** Validates a Kyverno ClusterPolicy against Kyverno's CRD (test/fixtures, v1.19.0). */
export function clusterPolicySchemaErrors(manifest: any): string[] {
  return crdSchemaErrors('kyverno-clusterpolicy-crd.yaml', manifest);
}
