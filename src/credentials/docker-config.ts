/**
 * Docker `config.json` (RULES.md §3): building it from registry credentials, and checking one
 * written by hand or by `docker login`. Pure functions; messages never contain a username,
 * password, auth or token, only registry names, field names and lengths.
 */
import { parseJsonSafely, scanJson } from './json-scan';
import { quote } from '../rules/text';
import { checkSecretValue } from '../rules/values';

/** The key Docker Hub credentials must have in `auths`. */
export const DOCKER_HUB = 'https://index.docker.io/v1/';

/** Host names that mean Docker Hub. */
const HUB_HOSTS = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io', 'registry.hub.docker.com', 'hub.docker.com']);

/** Entry fields docker/cli reads. */
const STRING_FIELDS = ['auth', 'username', 'password', 'identitytoken', 'registrytoken', 'email', 'serveraddress'];

/** Deeper than this is not a config.json (docker's own is 4 levels deep). */
const MAX_DEPTH = 32;

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const HOST_PORT_PATH = /^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:[0-9]{1,5})?(\/[A-Za-z0-9._\-/]*)?$/;

/** One registry's credentials, as `DockerCredentials` takes them. */
export interface DockerRegistryInput {
  readonly server: string;
  readonly username: string;
  readonly password: string;
  readonly email?: string;
}

/** What checking a config.json found: the registries it serves, or the problems. */
export interface DockerConfigCheck {
  readonly problems: string[];
  readonly registries: string[];
}

/** Host and port of a registry address (`https://quay.io/v2/` → `quay.io`), lower-cased. */
function hostOf(server: string): string {
  return server.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').split('/')[0].toLowerCase();
}

/**
 * The `auths` key for a registry address: every Docker Hub spelling (`docker.io`,
 * `index.docker.io`, `https://registry-1.docker.io`, ...) becomes `https://index.docker.io/v1/`,
 * which is the only key docker/cli and kaniko look up for Docker Hub; other addresses are kept.
 */
export function normalizeRegistry(server: string): string {
  return HUB_HOSTS.has(hostOf(server)) ? DOCKER_HUB : server;
}

/** Checks a registry address: a URL with http(s), or host[:port][/path]; no credentials in it. */
export function checkRegistryAddress(field: string, server: string): string | undefined {
  if (typeof server !== 'string') {
    return `${field} is not a string`;
  }
  if (server.length === 0) {
    return `${field} is empty (a registry address such as "https://index.docker.io/v1/" or "registry.example.com:5000")`;
  }
  if (/[\s\u0000-\u001f\u007f]/.test(server)) {
    return `${field} contains whitespace or a control character (a registry address such as "registry.example.com:5000")`;
  }
  if (server.includes('@')) {
    return `${field} contains "@" (credentials do not belong in the address; it is not quoted here for that reason)`;
  }
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(server);
  if (scheme && !/^https?$/i.test(scheme[1])) {
    return `${field} ${quote(server)} has scheme ${quote(scheme[1])} (use https://, http:// or no scheme)`;
  }
  const rest = scheme ? server.slice(scheme[0].length) : server;
  const host = rest.split('/')[0];
  if ([host, host.toLowerCase()].some((h) => Object.prototype.hasOwnProperty.call(Object.prototype, h))) {
    return `${field} ${quote(server)} is a JavaScript object property name, not a registry host`;
  }
  if (!HOST_PORT_PATH.test(rest)) {
    return `${field} ${quote(server)} is not a registry address (host[:port][/path], optionally after https://)`;
  }
  return undefined;
}

/** Checks a username: non-empty, no `:` (docker splits `auth` at the first one), no control characters. */
function checkUsername(field: string, username: string): string | undefined {
  if (typeof username !== 'string') {
    return `${field} is not a string`;
  }
  if (username.length === 0) {
    return `${field} is empty (docker rejects an auth without a username)`;
  }
  if (username.includes(':')) {
    return `${field} contains ":" (length ${username.length}; docker splits auth at the first ":", so a username cannot have one)`;
  }
  return checkSecretValue(field, username);
}

/**
 * Builds config.json from registry credentials, formatted as `docker login` writes it (tab
 * indent, keys in order), with `auth` = base64(`username:password`).
 */
export function buildDockerConfig(registries: readonly DockerRegistryInput[]): { problems: string[]; content: string } {
  const problems: Array<string | undefined> = [];
  if (!Array.isArray(registries) || registries.length === 0) {
    return { problems: ['registries is empty (give at least one registry, or configJson)'], content: '' };
  }
  const auths = new Map<string, Record<string, string>>();
  const hosts = new Map<string, number>();
  for (const [index, registry] of registries.entries()) {
    const field = `registries[${index}]`;
    const addressProblem = checkRegistryAddress(`${field}.server`, registry.server);
    problems.push(
      addressProblem,
      checkUsername(`${field}.username`, registry.username),
      checkSecretValue(`${field}.password`, registry.password),
      registry.email === undefined ? undefined : checkSecretValue(`${field}.email`, registry.email),
    );
    if (addressProblem) {
      continue;
    }
    const key = normalizeRegistry(registry.server);
    const host = hostOf(key);
    const earlier = hosts.get(host);
    if (earlier !== undefined) {
      problems.push(`${field}.server ${quote(registry.server)} is the same registry as registries[${earlier}].server (docker would use only one of them)`);
      continue;
    }
    hosts.set(host, index);
    const entry: Record<string, string> = { auth: Buffer.from(`${registry.username}:${registry.password}`, 'utf8').toString('base64') };
    if (registry.email !== undefined) {
      entry.email = registry.email;
    }
    auths.set(key, entry);
  }
  const found = problems.filter((p): p is string => p !== undefined);
  const sorted = Object.fromEntries([...auths.keys()].sort().map((k) => [k, auths.get(k)!]));
  return { problems: found, content: found.length > 0 ? '' : JSON.stringify({ auths: sorted }, null, '\t') };
}

/**
 * Checks a config.json: valid JSON without duplicate keys, an `auths` object with at least one
 * registry, each with usable credentials, no credential helpers. `source` names it in messages.
 */
export function checkDockerConfig(text: string, source: string): DockerConfigCheck {
  const parsed = parseJsonSafely(text);
  if (parsed.problem) {
    return { problems: [`${source} ${parsed.problem}`], registries: [] };
  }
  const scan = scanJson(text);
  if (scan.maxDepth > MAX_DEPTH) {
    return { problems: [`${source} is nested ${scan.maxDepth} levels deep; a config.json has a handful`], registries: [] };
  }
  const problems: Array<string | undefined> = scan.duplicates.map((d) =>
    `${source} has the key ${quote(d.key)} twice in ${d.path.length === 0 ? 'the top-level object' : quote(d.path.join('.'))} (JSON parsers silently keep only the last one)`);
  const config = parsed.value;
  if (!isObject(config)) {
    return { problems: [...problems as string[], `${source} is not a JSON object`], registries: [] };
  }
  if (typeof config.credsStore === 'string' && config.credsStore !== '') {
    problems.push(`${source} sets credsStore ${quote(config.credsStore)}: a credential helper runs on the machine that ran docker login and does not exist in the notebook pod, so the notebook would get no credentials (run docker login with credsStore removed, or give registries)`);
  }
  if (isObject(config.credHelpers) && Object.keys(config.credHelpers).length > 0) {
    problems.push(`${source} sets credHelpers for ${Object.keys(config.credHelpers).map(quote).join(', ')}: credential helpers do not exist in the notebook pod, so those registries would get no credentials`);
  }
  const auths = config.auths;
  const registries: string[] = [];
  if (!isObject(auths)) {
    problems.push(`${source} has no "auths" object (the registries and their credentials)`);
  } else if (Object.keys(auths).length === 0) {
    problems.push(`${source} has an empty "auths" object (no registry credentials)`);
  } else {
    const hosts = new Map<string, string>();
    for (const registry of Object.keys(auths)) {
      const field = `${source} auths[${quote(registry)}]`;
      registries.push(registry);
      const address = checkRegistryAddress(`${source} auths key`, registry);
      if (address) {
        problems.push(address);
      } else if (HUB_HOSTS.has(hostOf(registry)) && registry !== DOCKER_HUB) {
        problems.push(`${field}: Docker Hub credentials must be under ${quote(DOCKER_HUB)}, the only key docker and kaniko look up for Docker Hub (DockerCredentials normalizes this when given registries)`);
      } else {
        const earlier = hosts.get(hostOf(registry));
        if (earlier !== undefined) {
          problems.push(`${field} is the same registry as auths[${quote(earlier)}] (docker would use only one of them)`);
        }
        hosts.set(hostOf(registry), registry);
      }
      problems.push(...checkAuthEntry(field, auths[registry]));
    }
  }
  return { problems: problems.filter((p): p is string => p !== undefined), registries };
}

function checkAuthEntry(field: string, entry: unknown): Array<string | undefined> {
  if (!isObject(entry)) {
    return [`${field} is not an object`];
  }
  const problems: Array<string | undefined> = [];
  for (const name of STRING_FIELDS) {
    if (entry[name] !== undefined && typeof entry[name] !== 'string') {
      problems.push(`${field}.${name} is not a string`);
    }
  }
  if (problems.length > 0) {
    return problems;
  }
  const auth = entry.auth as string | undefined;
  const username = entry.username as string | undefined;
  const password = entry.password as string | undefined;
  const token = (entry.identitytoken ?? entry.registrytoken) as string | undefined;
  if (auth) {
    if (!BASE64.test(auth)) {
      problems.push(`${field}.auth is not standard padded base64 (length ${auth.length}; docker rejects the file: "invalid auth configuration file")`);
    } else {
      const decoded = Buffer.from(auth, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon < 0) {
        problems.push(`${field}.auth does not decode to username:password (no ":"; docker rejects the file: "invalid auth configuration file")`);
      } else {
        problems.push(
          colon === 0 ? `${field}.auth has an empty username (docker rejects an auth without a username)` : checkSecretValue(`${field}.auth username`, decoded.slice(0, colon)),
          checkSecretValue(`${field}.auth password`, decoded.slice(colon + 1), { allowEmpty: true }),
        );
      }
    }
  } else if (username !== undefined || password !== undefined) {
    problems.push(checkUsername(`${field}.username`, username ?? ''), checkSecretValue(`${field}.password`, password ?? ''));
  } else if (!token) {
    problems.push(`${field} has no credentials (none of auth, username and password, identitytoken, registrytoken)`);
  }
  for (const name of ['identitytoken', 'registrytoken']) {
    if (entry[name]) {
      problems.push(checkSecretValue(`${field}.${name}`, entry[name] as string));
    }
  }
  return problems;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
