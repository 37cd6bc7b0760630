/**
 * How docker (docker/cli configfile, also used by go-containerregistry and so kaniko) and podman
 * (containers/image pkg/docker/config) read a `config.json`, so that the library can accept
 * exactly the files on which they agree.
 *
 * Both decode with Go's encoding/json: object keys match struct fields case-insensitively
 * (`Auths` is `auths`), a repeated field overwrites (a string) or merges (a map: two `auths`
 * objects are one), a repeated map key keeps the last value, unknown fields are ignored, and
 * nesting deeper than 10,000 is an error. Pure functions; nothing here throws.
 */
import { isPaddedBase64 } from '../rules/values';

/** A JSON value with object entries in file order, duplicates kept. */
export type OrderedJson = null | boolean | number | string | OrderedJson[] | { readonly entries: ReadonlyArray<[string, OrderedJson]> };

/** Go's encoding/json refuses deeper nesting. */
export const GO_MAX_DEPTH = 10_000;

/** A JSON number or literal, at a given index. */
const SCALAR = /-?[0-9][0-9.eE+-]*|true|false|null/y;

/**
 * Parses JSON text that `JSON.parse` has accepted, keeping object entries in order with their
 * duplicates. Iterative, so hostile nesting cannot overflow the stack.
 */
export function parseOrdered(text: string): OrderedJson {
  type Frame = { kind: 'object'; entries: Array<[string, OrderedJson]>; key?: string } | { kind: 'array'; items: OrderedJson[] };
  const stack: Frame[] = [];
  let result: OrderedJson = null;
  let i = 0;
  const put = (value: OrderedJson) => {
    const top = stack[stack.length - 1];
    if (!top) {
      result = value;
    } else if (top.kind === 'array') {
      top.items.push(value);
    } else {
      top.entries.push([top.key!, value]);
      top.key = undefined;
    }
  };
  while (i < text.length) {
    const c = text[i];
    if (c === '{') {
      stack.push({ kind: 'object', entries: [] });
      i++;
    } else if (c === '[') {
      stack.push({ kind: 'array', items: [] });
      i++;
    } else if (c === '}' || c === ']') {
      const frame = stack.pop()!;
      put(frame.kind === 'object' ? { entries: frame.entries } : frame.items);
      i++;
    } else if (c === '"') {
      let j = i + 1;
      while (text[j] !== '"') {
        j += text[j] === '\\' ? 2 : 1;
      }
      const value = JSON.parse(text.slice(i, j + 1)) as string;
      i = j + 1;
      while (/\s/.test(text[i] ?? '')) {
        i++;
      }
      const top = stack[stack.length - 1];
      if (text[i] === ':' && top?.kind === 'object' && top.key === undefined) {
        top.key = value;
        i++;
      } else {
        put(value);
      }
    } else if (/[-0-9tfn]/.test(c)) {
      // Sticky, over the whole text: a number has no length limit (Go reads 500 digits).
      SCALAR.lastIndex = i;
      const match = SCALAR.exec(text)!;
      put(JSON.parse(match[0]) as OrderedJson);
      i += match[0].length;
    } else {
      i++;
    }
  }
  return result;
}

/** How encoding/json matches a key to a field name: Unicode simple folding, per character. */
export function goFold(key: string): string {
  let out = '';
  for (const ch of key) {
    const upper = ch.toUpperCase();
    out += upper.length === ch.length ? upper.toLowerCase() : ch.toLowerCase();
  }
  return out;
}

function isObject(value: OrderedJson | undefined): value is { readonly entries: ReadonlyArray<[string, OrderedJson]> } {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** One registry entry as a Go struct holds it. */
export interface GoAuthEntry {
  readonly [field: string]: string | undefined;
}

/** What one tool decodes from config.json. */
export interface ToolConfig {
  /** The tool cannot load the file (it then has no credentials at all). */
  readonly error?: string;
  /** `auths`, after Go's merging of repeated and case-folded keys. */
  readonly auths: ReadonlyMap<string, GoAuthEntry>;
  readonly credsStore?: string;
  readonly credHelpers: readonly string[];
}

/** The fields of docker's `types.AuthConfig` and of podman's `dockerAuthConfig`. */
const DOCKER_ENTRY = ['username', 'password', 'auth', 'email', 'serveraddress', 'identitytoken', 'registrytoken'];
const PODMAN_ENTRY = ['auth', 'identitytoken'];

/** String fields of docker's ConfigFile whose wrong type makes docker fail to load the file. */
const DOCKER_STRINGS = ['psformat', 'imagesformat', 'networksformat', 'pluginsformat', 'volumesformat', 'statsformat', 'detachkeys',
  'credsstore', 'serviceinspectformat', 'servicesformat', 'tasksformat', 'secretformat', 'configformat', 'nodesformat', 'experimental', 'currentcontext'];

/** Decodes config.json as docker (`tool: 'docker'`) or podman does. */
export function decodeConfig(root: OrderedJson, tool: 'docker' | 'podman'): ToolConfig {
  const auths = new Map<string, GoAuthEntry>();
  const credHelpers: string[] = [];
  let credsStore: string | undefined;
  const typeError = (what: string): ToolConfig => ({ error: `${tool} cannot load it: ${what} has the wrong JSON type`, auths: new Map(), credHelpers: [] });
  if (root === null) {
    return { auths, credHelpers };
  }
  if (!isObject(root)) {
    return typeError('the top level');
  }
  const entryFields = tool === 'docker' ? DOCKER_ENTRY : PODMAN_ENTRY;
  for (const [key, value] of root.entries) {
    const field = goFold(key);
    if (field === 'auths') {
      if (value === null) {
        auths.clear();
        continue;
      }
      if (!isObject(value)) {
        return typeError('"auths"');
      }
      for (const [registry, entryJson] of value.entries) {
        if (entryJson !== null && !isObject(entryJson)) {
          return typeError('"auths" entry');
        }
        const entry: Record<string, string> = {};
        for (const [name, fieldValue] of isObject(entryJson) ? entryJson.entries : []) {
          const folded = goFold(name);
          if (!entryFields.includes(folded) || fieldValue === null) {
            continue;
          }
          if (typeof fieldValue !== 'string') {
            return typeError(`the "${folded}" field of a registry entry`);
          }
          entry[folded] = fieldValue;
        }
        auths.set(registry, entry);
      }
    } else if (field === 'credhelpers') {
      if (value !== null && !isObject(value)) {
        return typeError('"credHelpers"');
      }
      for (const [registry, helper] of isObject(value) ? value.entries : []) {
        if (helper !== null && typeof helper !== 'string') {
          return typeError('a "credHelpers" value');
        }
        credHelpers.push(registry);
      }
    } else if (field === 'credsstore' && tool === 'docker') {
      if (value !== null && typeof value !== 'string') {
        return typeError('"credsStore"');
      }
      credsStore = value ?? undefined;
    } else if (tool === 'docker' && DOCKER_STRINGS.includes(field) && value !== null && typeof value !== 'string') {
      return typeError(`"${key}"`);
    }
  }
  return { auths, credsStore: credsStore || undefined, credHelpers };
}

/** docker's `ConvertToHostname`: the host of a key, scheme and path removed (case kept). */
export function dockerHostOf(key: string): string {
  const stripped = key.startsWith('http://') ? key.slice(7) : key.startsWith('https://') ? key.slice(8) : key;
  return stripped.split('/')[0];
}

/** containers/image's `normalizeAuthFileKey` (non-legacy file) and `normalizeRegistry`. */
export function podmanKeyOf(key: string): string {
  let stripped = key.startsWith('http://') ? key.slice(7) : key;
  stripped = stripped.startsWith('https://') ? stripped.slice(8) : stripped;
  if (stripped !== key) {
    stripped = stripped.split('/')[0];
  }
  return stripped === 'registry-1.docker.io' || stripped === 'docker.io' ? 'index.docker.io' : stripped;
}

/** The key Docker Hub credentials are looked up under by docker. */
export const DOCKER_HUB_KEY = 'https://index.docker.io/v1/';
const HUB_NAMES = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);

/** What a tool uses for one registry host: the key of the entry it reads, or why none. */
export interface Lookup {
  /** The key whose entry the tool reads; `undefined`: none. */
  readonly key?: string;
  /** Several keys match and Go's map order (random) decides. */
  readonly ambiguous?: boolean;
}

/**
 * Which entry docker reads for images of registry `host` (lower-case `host[:port]`; Docker Hub
 * is `docker.io`): Docker Hub under its one key; others by exact key, then by the host of any key.
 */
export function dockerLookup(auths: ReadonlyMap<string, GoAuthEntry>, host: string): Lookup {
  if (HUB_NAMES.has(host)) {
    return auths.has(DOCKER_HUB_KEY) ? { key: DOCKER_HUB_KEY } : {};
  }
  if (auths.has(host)) {
    return { key: host };
  }
  const matches = [...auths.keys()].filter((k) => dockerHostOf(k) === host);
  return matches.length > 1 ? { ambiguous: true } : { key: matches[0] };
}

/** Which entry podman reads for images of registry `host`: the exact key, then normalized keys. */
export function podmanLookup(auths: ReadonlyMap<string, GoAuthEntry>, host: string): Lookup {
  const wanted = HUB_NAMES.has(host) ? 'index.docker.io' : host;
  if (!HUB_NAMES.has(host) && auths.has(host)) {
    return { key: host };
  }
  if (HUB_NAMES.has(host) && auths.has('docker.io')) {
    return { key: 'docker.io' };
  }
  const matches = [...auths.keys()].filter((k) => podmanKeyOf(k) === wanted);
  return matches.length > 1 ? { ambiguous: true } : { key: matches[0] };
}

/** The credentials a tool takes from an entry. */
export interface EntryCredentials {
  readonly username?: string;
  readonly password?: string;
  readonly identityToken?: string;
  readonly registryToken?: string;
  /** The tool cannot load the file because of this entry. */
  readonly error?: string;
}

/** Go's `base64.StdEncoding.DecodeString`: padded standard alphabet; `\r` and `\n` are skipped. */
export function goBase64(text: string): Buffer | undefined {
  const stripped = text.replace(/[\r\n]/g, '');
  if (!isPaddedBase64(stripped)) {
    return undefined;
  }
  return Buffer.from(stripped, 'base64');
}

/** docker's credentials from an entry (`decodeAuth`; without `auth`, the username and password fields). */
export function dockerCredentials(entry: GoAuthEntry): EntryCredentials {
  if (entry.auth) {
    const decoded = goBase64(entry.auth);
    if (!decoded) {
      return { error: 'docker cannot load the file: an "auth" is not base64' };
    }
    const text = decoded.toString('utf8');
    const colon = text.indexOf(':');
    if (colon <= 0) {
      return { error: 'docker cannot load the file: an "auth" does not decode to username:password ("invalid auth configuration file")' };
    }
    return { username: text.slice(0, colon), password: trimNul(text.slice(colon + 1)), ...tokens(entry) };
  }
  return { username: entry.username || undefined, password: entry.password || undefined, ...tokens(entry) };
}

function tokens(entry: GoAuthEntry): Pick<EntryCredentials, 'identityToken' | 'registryToken'> {
  return { identityToken: entry.identitytoken || undefined, registryToken: entry.registrytoken || undefined };
}

/** podman's credentials from an entry (`decodeDockerAuth`: `auth` and `identitytoken` only). */
export function podmanCredentials(entry: GoAuthEntry): EntryCredentials {
  const decoded = goBase64(entry.auth ?? '');
  if (!decoded) {
    return { error: 'podman fails: an "auth" is not base64' };
  }
  const text = decoded.toString('utf8');
  const colon = text.indexOf(':');
  if (colon < 0) {
    return { identityToken: entry.identitytoken || undefined };
  }
  return { username: text.slice(0, colon), password: trimNul(text.slice(colon + 1)), identityToken: entry.identitytoken || undefined };
}

/** Go's `strings.Trim(s, "\x00")`, in one pass (a `\u0000+$` pattern is quadratic on a long run). */
function trimNul(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && text.charCodeAt(start) === 0) {
    start++;
  }
  while (end > start && text.charCodeAt(end - 1) === 0) {
    end--;
  }
  return text.slice(start, end);
}
