/**
 * Equality as the PodDefault webhook sees it: Go's `reflect.DeepEqual` over the structs that
 * Kubernetes' JSON decoding makes of a PodDefault (k8s.io/api/core/v1).
 *
 * Decoding loses what a struct cannot hold: a value field that is absent equals its zero value
 * (`""`, `false`, `0`), while a pointer, slice or map keeps "absent" apart from "zero" (`optional:
 * false` differs from no `optional`, `items: []` from no `items`). Unknown fields are dropped (the
 * API server prunes them from a structural CRD). `canonical()` turns a JSON value into a string
 * that is equal for two values exactly when their decoded structs are DeepEqual.
 */

/** How one Go type decodes from JSON. */
export type GoType =
  | 'string' | 'bool' | 'int' | 'quantity' // value types: absent equals zero
  | { readonly ptr: GoType } // pointer: absent is nil, anything present is not
  | { readonly slice: GoType }
  | { readonly map: GoType }
  | { readonly struct: { readonly [field: string]: GoType } }
  | 'opaque'; // a pointer to a struct we do not model: compared as its JSON

const S = 'string';
const ptr = (t: GoType): GoType => ({ ptr: t });
const slice = (t: GoType): GoType => ({ slice: t });
const struct = (fields: { [field: string]: GoType }): GoType => ({ struct: fields });
const ptrStruct = (fields: { [field: string]: GoType }): GoType => ptr(struct(fields));

const KEY_SELECTOR = ptrStruct({ name: S, key: S, optional: ptr('bool') });
const KEY_TO_PATH = slice(struct({ key: S, path: S, mode: ptr('int') }));

/** core/v1 EnvVar. */
export const ENV_VAR: GoType = struct({
  name: S,
  value: S,
  valueFrom: ptrStruct({
    fieldRef: ptrStruct({ apiVersion: S, fieldPath: S }),
    resourceFieldRef: ptrStruct({ containerName: S, resource: S, divisor: 'quantity' }),
    configMapKeyRef: KEY_SELECTOR,
    secretKeyRef: KEY_SELECTOR,
    fileKeyRef: 'opaque',
  }),
});

/** core/v1 EnvFromSource. */
export const ENV_FROM: GoType = struct({
  prefix: S,
  configMapRef: ptrStruct({ name: S, optional: ptr('bool') }),
  secretRef: ptrStruct({ name: S, optional: ptr('bool') }),
});

/** core/v1 VolumeMount. */
export const VOLUME_MOUNT: GoType = struct({
  name: S,
  readOnly: 'bool',
  recursiveReadOnly: ptr(S),
  mountPath: S,
  subPath: S,
  mountPropagation: ptr(S),
  subPathExpr: S,
});

/** The volume sources a Volume may have (exactly one). */
export const VOLUME_SOURCES: { readonly [source: string]: GoType } = {
  secret: ptrStruct({ secretName: S, items: KEY_TO_PATH, defaultMode: ptr('int'), optional: ptr('bool') }),
  configMap: ptrStruct({ name: S, items: KEY_TO_PATH, defaultMode: ptr('int'), optional: ptr('bool') }),
  emptyDir: ptrStruct({ medium: S, sizeLimit: ptr('quantity') }),
  persistentVolumeClaim: ptrStruct({ claimName: S, readOnly: 'bool' }),
  hostPath: ptrStruct({ path: S, type: ptr(S) }),
  nfs: ptrStruct({ server: S, path: S, readOnly: 'bool' }),
  downwardAPI: 'opaque',
  projected: 'opaque',
  csi: 'opaque',
  ephemeral: 'opaque',
  image: 'opaque',
  awsElasticBlockStore: 'opaque',
  gcePersistentDisk: 'opaque',
  gitRepo: 'opaque',
  iscsi: 'opaque',
  glusterfs: 'opaque',
  rbd: 'opaque',
  flexVolume: 'opaque',
  cinder: 'opaque',
  cephfs: 'opaque',
  flocker: 'opaque',
  fc: 'opaque',
  azureFile: 'opaque',
  vsphereVolume: 'opaque',
  quobyte: 'opaque',
  azureDisk: 'opaque',
  photonPersistentDisk: 'opaque',
  portworxVolume: 'opaque',
  scaleIO: 'opaque',
  storageos: 'opaque',
};

/** core/v1 Volume. */
export const VOLUME: GoType = struct({ name: S, ...VOLUME_SOURCES });

/** core/v1 Toleration. */
export const TOLERATION: GoType = struct({ key: S, operator: S, value: S, effect: S, tolerationSeconds: ptr('int') });

/** core/v1 Container (init containers and sidecars). */
export const CONTAINER: GoType = struct({
  name: S,
  image: S,
  command: slice(S),
  args: slice(S),
  workingDir: S,
  // The CRD defaults `protocol` to TCP, so the webhook sees it set.
  ports: slice(struct({ name: S, hostPort: 'int', containerPort: 'int', protocol: S, hostIP: S })),
  envFrom: slice(ENV_FROM),
  env: slice(ENV_VAR),
  resources: struct({ limits: { map: 'quantity' }, requests: { map: 'quantity' }, claims: slice(struct({ name: S, request: S })) }),
  resizePolicy: slice(struct({ resourceName: S, restartPolicy: S })),
  restartPolicy: ptr(S),
  volumeMounts: slice(VOLUME_MOUNT),
  volumeDevices: slice(struct({ name: S, devicePath: S })),
  livenessProbe: 'opaque',
  readinessProbe: 'opaque',
  startupProbe: 'opaque',
  lifecycle: 'opaque',
  terminationMessagePath: S,
  terminationMessagePolicy: S,
  imagePullPolicy: S,
  securityContext: 'opaque',
  stdin: 'bool',
  stdinOnce: 'bool',
  tty: 'bool',
});

/**
 * A string equal for two JSON values exactly when Go's DeepEqual holds for what they decode to.
 * `undefined` stands for a zero value (a value field that is absent or zero).
 */
export function canonical(type: GoType, value: unknown): string | undefined {
  if (type === 'opaque') {
    return value === undefined || value === null ? undefined : json(value);
  }
  if (typeof type === 'string') {
    return scalar(type, value);
  }
  if ('ptr' in type) {
    if (value === undefined || value === null) {
      return undefined;
    }
    // A pointer to a zero value is not nil: keep it apart from "absent".
    return `&${canonical(type.ptr, value) ?? ''}`;
  }
  if ('slice' in type) {
    if (!Array.isArray(value)) {
      return undefined;
    }
    return `[${value.map((item) => canonical(type.slice, item) ?? '').join(',')}]`;
  }
  if ('map' in type) {
    if (value === null || typeof value !== 'object') {
      return undefined;
    }
    const record = value as Record<string, unknown>;
    return `{${Object.keys(record).sort().map((k) => `${JSON.stringify(k)}:${canonical(type.map, record[k]) ?? ''}`).join(',')}}`;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return undefined;
  }
  const record = value as Record<string, unknown>;
  const parts: string[] = [];
  // Only the fields present can be non-zero; unknown fields are dropped.
  for (const field of Object.keys(record).sort()) {
    const fieldType = Object.prototype.hasOwnProperty.call(type.struct, field) ? type.struct[field] : undefined;
    const c = fieldType === undefined ? undefined : canonical(fieldType, record[field]);
    if (c !== undefined) {
      parts.push(`${field}=${c}`);
    }
  }
  return parts.length === 0 ? undefined : `{${parts.join(';')}}`;
}

function scalar(type: 'string' | 'bool' | 'int' | 'quantity', value: unknown): string | undefined {
  switch (type) {
    case 'string':
      return typeof value === 'string' && value !== '' ? JSON.stringify(value) : undefined;
    case 'bool':
      return value === true ? 'true' : undefined;
    case 'int':
      return typeof value === 'number' && value !== 0 ? String(value) : undefined;
    case 'quantity': {
      if (value === undefined || value === null) {
        return undefined;
      }
      const q = decodeQuantity(String(value));
      return q === undefined ? `invalid:${JSON.stringify(value)}` : q;
    }
  }
}

/** JSON with object keys sorted. */
export function json(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map(json).join(',')}]`;
  }
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    return `{${Object.keys(record).filter((k) => record[k] !== undefined).sort().map((k) => `${JSON.stringify(k)}:${json(record[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

const BINARY: { readonly [suffix: string]: number } = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL: { readonly [suffix: string]: number } = { 'n': -9, 'u': -6, 'm': -3, '': 0, 'k': 3, 'M': 6, 'G': 9, 'T': 12, 'P': 15, 'E': 18 };
const INT64_MAX = 2n ** 63n - 1n;

/**
 * What `resource.ParseQuantity` (k8s.io/apimachinery) makes of a quantity, as a string: the
 * fields DeepEqual compares (amount, scale, format, and the original text that Go keeps only
 * when it is already in canonical form). `undefined` when Go refuses the quantity.
 *
 * So `1024Mi` and `1048576Ki` are equal (same amount, neither keeps its text), while `1Gi` and
 * `1024Mi` are not: `1Gi` is canonical and keeps its text.
 */
export function decodeQuantity(text: string): string | undefined {
  const str = text.trim();
  if (str.length === 0) {
    return undefined;
  }
  if (str === '0') {
    return 'i:0:0:DecimalSI:"0"';
  }
  const parsed = parseQuantityString(str);
  if (!parsed) {
    return undefined;
  }
  const { positive, value, num, denom, suffix } = parsed;
  let base: 2 | 10;
  let exponent: number;
  let format: 'BinarySI' | 'DecimalSI' | 'DecimalExponent';
  if (suffix in BINARY) {
    [base, exponent, format] = [2, BINARY[suffix], 'BinarySI'];
  } else if (suffix in DECIMAL) {
    [base, exponent, format] = [10, DECIMAL[suffix], 'DecimalSI'];
  } else if (/^[eE][-+]?[0-9]+$/.test(suffix)) {
    [base, exponent, format] = [10, parseInt(suffix.slice(1), 10), 'DecimalExponent'];
  } else {
    return undefined;
  }

  let precision: number;
  let scale = 0;
  let mantissa = 1n;
  if (format === 'BinarySI') {
    if (exponent >= 0 && denom.length === 0) {
      mantissa = 2n ** BigInt(exponent);
      precision = 15 - num.length - Math.trunc(Math.fround(exponent * 3 / 10)) - 1;
    } else {
      precision = -1;
    }
  } else {
    scale = exponent;
    precision = 18 - (num.length + denom.length);
  }
  if (precision >= 0) {
    scale -= denom.length;
    if (scale >= -9) {
      const shifted = num + denom;
      const amount = BigInt(shifted);
      if (amount > INT64_MAX) {
        return undefined;
      }
      const product = amount * mantissa;
      if (product <= INT64_MAX) {
        const result = positive ? product : -product;
        const keepsText = format === 'BinarySI'
          ? exponent % 10 === 0 && amount % 8n !== 0n
          : scale % 3 === 0 && !shifted.endsWith('000') && shifted[0] !== '0';
        return `i:${result}:${scale}:${format}:${keepsText ? JSON.stringify(str) : ''}`;
      }
    }
  }

  // The slow path: an arbitrary-precision decimal rounded up to nano units.
  const match = /^([-+]?)([0-9]*)(?:\.([0-9]*))?$/.exec(value);
  if (!match || (match[2] === '' && (match[3] ?? '') === '')) {
    return undefined;
  }
  let unscaled = BigInt((match[2] || '0') + (match[3] ?? ''));
  let decScale = (match[3] ?? '').length;
  if (base === 10) {
    decScale -= exponent;
  } else {
    unscaled *= 2n ** BigInt(exponent);
  }
  if (unscaled !== 0n) {
    if (decScale > 9) {
      const divisor = 10n ** BigInt(decScale - 9);
      unscaled = (unscaled + divisor - 1n) / divisor;
    } else {
      unscaled *= 10n ** BigInt(9 - decScale);
    }
    decScale = 9;
    if (format === 'BinarySI' && unscaled > INT64_MAX * 10n ** 9n) {
      unscaled = INT64_MAX * 10n ** 9n;
    }
    if (format === 'BinarySI' && unscaled < 10n ** 9n) {
      format = 'DecimalSI';
    }
  }
  return `d:${match[1] === '-' && unscaled !== 0n ? '-' : ''}${unscaled}:${decScale}:${format}`;
}

/** `parseQuantityString` of apimachinery: sign, digits, fraction and suffix. */
function parseQuantityString(str: string): { positive: boolean; value: string; num: string; denom: string; suffix: string } | undefined {
  let positive = true;
  let pos = 0;
  const end = str.length;
  if (str[0] === '-' || str[0] === '+') {
    positive = str[0] !== '-';
    pos++;
  }
  while (pos < end && str[pos] === '0') {
    pos++;
  }
  if (pos >= end) {
    return { positive, value: str.slice(0, end), num: '0', denom: '', suffix: '' };
  }
  let i = pos;
  while (i < end && str[i] >= '0' && str[i] <= '9') {
    i++;
  }
  const num = str.slice(pos, i) || '0';
  pos = i;
  let denom = '';
  if (pos < end && str[pos] === '.') {
    pos++;
    i = pos;
    while (i < end && str[i] >= '0' && str[i] <= '9') {
      i++;
    }
    denom = str.slice(pos, i);
    pos = i;
  }
  const value = str.slice(0, pos);
  const suffix = str.slice(pos);
  if (!/^[eEinumkKMGTP]*(?:[-+]?[0-9]*)?$/.test(suffix)) {
    return undefined;
  }
  return { positive, value, num, denom, suffix };
}
