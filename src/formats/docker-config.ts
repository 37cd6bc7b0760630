/**
 * Docker `config.json` (docs/rulebook.md, "Docker config.json"): building it from registry
 * credentials, and checking one written by hand or by `docker login`. Pure functions; messages
 * never contain a username, password, auth or token, only registry names, field names and lengths.
 */
import type { BuiltFile } from './aws-credentials-file';
import {
  decodeConfig, dockerCredentials, dockerHostOf, dockerLookup, GO_MAX_DEPTH, GoAuthEntry, goBase64, goFold, OrderedJson, parseOrdered,
  podmanCredentials, podmanLookup,
} from './docker-json';
import { oversizedProblem } from './files';
import { goTemplateText } from './go-template';
import { parseJsonSafely, scanJson } from './json-scan';
import { Problem, problem } from '../engine/rule-ids';
import { quote } from '../rules/text';
import { checkSecretValue } from '../rules/values';

/** The key Docker Hub credentials must have in `auths`. */
export const DOCKER_HUB = 'https://index.docker.io/v1/';

/** Host names that mean Docker Hub. */
const HUB_HOSTS = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io', 'registry.hub.docker.com', 'hub.docker.com']);

const HOST_PORT_PATH = /^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:[0-9]{1,5})?(\/[A-Za-z0-9._\-/]*)?$/;

/**
 * One registry's credentials.
 */
export interface DockerRegistryCredentials {
  /**
   * The registry address, written as `docker login` writes it: the bare host name in lower
   * case; every Docker Hub spelling (`docker.io`, `index.docker.io`, ...) as
   * `https://index.docker.io/v1/`, the only key docker and kaniko look up for Docker Hub.
   *
   * @example 'registry.example.com:5000'
   */
  readonly server: string;

  /**
   * The username: not empty, no `:`.
   *
   * @default - required, unless the output is external (`SecretOutput.external`): then the store holds it and a value given here is not used
   */
  readonly username?: string;

  /**
   * The password or access token. Never printed in errors.
   *
   * @default - required, unless the output is external (`SecretOutput.external`): then the store holds it and a value given here is not used
   */
  readonly password?: string;

  /**
   * An e-mail address (legacy field, kept for old registries).
   *
   * @default - not written
   */
  readonly email?: string;
}

/** One registry's credentials, as the builder takes them. */
export type DockerRegistryInput = DockerRegistryCredentials;

/** What checking a config.json found: the registries it serves, or the problems. */
export interface DockerConfigCheck {
  readonly problems: Problem[];
  readonly registries: string[];
}

/** Host and port of a registry address (`https://quay.io/v2/` → `quay.io`), lower-cased. */
function hostOf(server: string): string {
  return server.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').split('/')[0].toLowerCase();
}

/**
 * The `auths` key for a registry address, as `docker login` writes it: every Docker Hub spelling
 * (`docker.io`, `index.docker.io`, `https://registry-1.docker.io`, ...) becomes
 * `https://index.docker.io/v1/`, the only key docker and kaniko look up for Docker Hub; any other
 * address becomes its bare host name in lower case (`https://GHCR.io/v2/` → `ghcr.io`), the only
 * form docker, podman and kaniko all find.
 */
export function normalizeRegistry(server: string): string {
  const host = hostOf(server);
  return HUB_HOSTS.has(host) ? DOCKER_HUB : host;
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
function checkUsername(field: string, username: string | undefined): Problem | undefined {
  if (username === undefined) {
    return { rule: 'docker-auth', message: `${field} is missing (it is needed unless the output is external)` };
  }
  if (typeof username !== 'string') {
    return { rule: 'docker-auth', message: `${field} is not a string` };
  }
  if (username.length === 0) {
    return { rule: 'docker-auth', message: `${field} is empty (docker rejects an auth without a username)` };
  }
  if (username.includes(':')) {
    return { rule: 'docker-auth', message: `${field} contains ":" (length ${username.length}; docker splits auth at the first ":", so a username cannot have one)` };
  }
  return checkSecretValue(field, username);
}

/**
 * Builds config.json from registry credentials, formatted as `docker login` writes it (tab
 * indent, keys in order), with `auth` = base64(`username:password`).
 */
export function buildDockerConfig(registries: readonly DockerRegistryInput[], options: { external?: boolean } = {}): BuiltFile {
  const problems: Array<Problem | undefined> = [];
  if (!Array.isArray(registries) || registries.length === 0) {
    return { problems: [{ rule: 'docker-config-json', message: 'registries is empty (give at least one registry, or configJson)' }], content: '', template: '', fields: [] };
  }
  const auths = new Map<string, Record<string, string>>();
  // The same file as an External Secrets template: each auth built from its remote fields.
  const authTemplates = new Map<string, string>();
  const fields: string[] = [];
  const hosts = new Map<string, number>();
  for (const [index, registry] of registries.entries()) {
    const field = `registries[${index}]`;
    const addressProblem = checkRegistryAddress(`${field}.server`, registry.server);
    problems.push(
      problem('docker-registry-key', addressProblem),
      // With external output the store holds the credentials: only the shape is needed here.
      options.external ? undefined : checkUsername(`${field}.username`, registry.username),
      options.external ? undefined : registry.password === undefined
        ? { rule: 'credential-value', message: `${field}.password is missing (it is needed unless the output is external)` }
        : checkSecretValue(`${field}.password`, registry.password),
      registry.email === undefined ? undefined : checkSecretValue(`${field}.email`, registry.email),
    );
    if (addressProblem) {
      continue;
    }
    const key = normalizeRegistry(registry.server);
    const host = hostOf(key);
    const earlier = hosts.get(host);
    if (earlier !== undefined) {
      problems.push({ rule: 'docker-registry-key', message: `${field}.server ${quote(registry.server)} is the same registry as registries[${earlier}].server (docker would use only one of them)` });
      continue;
    }
    hosts.set(host, index);
    const entry: Record<string, string> = { auth: Buffer.from(`${registry.username ?? ''}:${registry.password ?? ''}`, 'utf8').toString('base64') };
    if (registry.email !== undefined) {
      entry.email = registry.email;
    }
    auths.set(key, entry);
    const [user, password] = [`registry${index}_username`, `registry${index}_password`];
    fields.push(user, password);
    authTemplates.set(key, `{{ printf "%s:%s" (index . ${JSON.stringify(user)}) (index . ${JSON.stringify(password)}) | b64enc }}`);
  }
  const keys = [...auths.keys()].sort();
  const content = JSON.stringify({ auths: Object.fromEntries(keys.map((k) => [k, auths.get(k)!])) }, null, '\t');
  problems.push(oversizedProblem('the config.json built from registries', content));
  const found = problems.filter((p): p is Problem => p !== undefined);
  // Placeholders keep JSON's formatting; each is then replaced by its template (inside the quotes).
  const placeholder = (i: number) => `\u0000auth${i}\u0000`;
  const withPlaceholders = JSON.stringify({ auths: Object.fromEntries(keys.map((k, i) => [k, { ...auths.get(k)!, auth: placeholder(i) }])) }, null, '\t');
  // One pass over the text (a replace per registry would be quadratic in their number); the
  // literal JSON between the actions (registry keys, e-mails) escaped for Go templates.
  const template = withPlaceholders.split(/\\u0000auth([0-9]+)\\u0000/)
    .map((part, i) => (i % 2 === 1 ? authTemplates.get(keys[Number(part)])! : goTemplateText(part))).join('');
  return { problems: found, content: found.length > 0 ? '' : content, template: found.length > 0 ? '' : template, fields };
}

/**
 * Checks a config.json as its consumers read it: docker (and go-containerregistry, so kaniko)
 * and podman, modelled in `formats/docker-json.ts`. Accepted when, for every registry of the
 * file, both find the same entry and read the same username and password from its `auth`;
 * refused, naming the tool that reads it differently, otherwise. `source` names it in messages.
 */
export function checkDockerConfig(text: string, source: string): DockerConfigCheck {
  const parsed = parseJsonSafely(text);
  const rule = 'docker-config-json';
  if (parsed.problem) {
    return { problems: [{ rule, message: `${source} ${parsed.problem}; docker, podman and kaniko cannot load it` }], registries: [] };
  }
  const depth = scanJson(text).maxDepth;
  if (depth > GO_MAX_DEPTH) {
    return { problems: [{ rule, message: `${source} is nested ${depth} levels deep; Go's JSON decoder (docker, podman, kaniko) refuses more than ${GO_MAX_DEPTH}` }], registries: [] };
  }
  const root = parseOrdered(text);
  const docker = decodeConfig(root, 'docker');
  const podman = decodeConfig(root, 'podman');
  const failed = [docker.error, podman.error].filter((e): e is string => e !== undefined);
  if (failed.length > 0) {
    return { problems: failed.map((e) => ({ rule, message: `${source}: ${e}` })), registries: [] };
  }
  const problems: Array<Problem | undefined> = [];
  const helper = (message: string) => problems.push({ rule: 'docker-creds-helper', message });
  if (docker.credsStore !== undefined) {
    helper(`${source} sets credsStore ${quote(docker.credsStore)}: a credential helper runs on the machine that ran docker login and does not exist in the notebook pod, so the notebook would get no credentials (run docker login with credsStore removed, or give registries)`);
  }
  if (docker.credHelpers.length > 0) {
    helper(`${source} sets credHelpers for ${docker.credHelpers.map(quote).join(', ')}: credential helpers do not exist in the notebook pod, so those registries would get no credentials`);
  }
  const registries = [...docker.auths.keys()];
  if (!rootHasAuths(root)) {
    problems.push({ rule, message: `${source} has no "auths" object (the registries and their credentials)` });
  } else if (registries.length === 0) {
    problems.push({ rule, message: `${source} has an empty "auths" object (no registry credentials)` });
  }
  const checkedHosts = new Set<string>();
  for (const key of registries) {
    const field = `${source} auths[${quote(key)}]`;
    const address = checkRegistryAddress(`${source} auths key`, key);
    if (address) {
      problems.push({ rule: 'docker-registry-key', message: address });
      continue;
    }
    const host = registryHost(key);
    if (checkedHosts.has(host)) {
      continue;
    }
    checkedHosts.add(host);
    problems.push(...checkRegistryEntry(field, key, host, docker.auths, podman.auths));
  }
  return { problems: problems.filter((p): p is Problem => p !== undefined), registries };
}

function rootHasAuths(root: OrderedJson): boolean {
  return root !== null && typeof root === 'object' && !Array.isArray(root) && root.entries.some(([k, v]) => goFold(k) === 'auths' && v !== null);
}

/** The registry host a key is meant for, lower-cased; Docker Hub is `docker.io`. */
function registryHost(key: string): string {
  const host = dockerHostOf(key).toLowerCase();
  return HUB_HOSTS.has(host) ? 'docker.io' : host;
}

/** Whether docker and podman read the same credentials for `host`, whose first key is `key`. */
function checkRegistryEntry(
  field: string, key: string, host: string, dockerAuths: ReadonlyMap<string, GoAuthEntry>, podmanAuths: ReadonlyMap<string, GoAuthEntry>,
): Array<Problem | undefined> {
  const lookup = (message: string): Problem[] => [{ rule: 'docker-registry-lookup', message }];
  const auth = (message: string): Problem[] => [{ rule: 'docker-auth', message }];
  const d = dockerLookup(dockerAuths, host);
  const p = podmanLookup(podmanAuths, host);
  if (d.ambiguous || p.ambiguous) {
    return lookup(`${field}: several keys name the registry ${quote(host)} and none is the bare host name, so ${d.ambiguous ? 'docker' : 'podman'} picks one at random (keep one key: ${quote(host)}, as docker login writes it)`);
  }
  if (host === 'docker.io' && d.key === undefined) {
    return [{ rule: 'docker-registry-key', message: `${field}: Docker Hub credentials must be under ${quote(DOCKER_HUB)}, the only key docker and kaniko look up for Docker Hub (DockerCredentials normalizes this when given registries)` }];
  }
  if (d.key === undefined || p.key === undefined) {
    const missing = d.key === undefined ? 'docker and kaniko' : 'podman and buildah';
    const other = d.key === undefined ? 'podman' : 'docker';
    const fix = key !== key.toLowerCase() ? `write it in lower case: ${quote(host)}` : `write the bare host name ${quote(host)}, as docker login does`;
    return lookup(`${field} is not found by ${missing} for images of ${quote(host)} while ${other} finds it (${fix})`);
  }
  const dc = dockerCredentials(dockerAuths.get(d.key)!);
  const pc = podmanCredentials(podmanAuths.get(p.key)!);
  const where = d.key === key ? field : `${field.replace(quote(key), quote(d.key))}`;
  const authText = dockerAuths.get(d.key)!.auth;
  if (authText && !goBase64(authText)) {
    return auth(`${where}.auth is not standard padded base64 (length ${authText.length}; docker rejects the file: "invalid auth configuration file", and podman fails)`);
  }
  if (dc.error) {
    return auth(dc.username === undefined && /username:password/.test(dc.error) && goBase64(authText ?? '')?.toString('utf8').startsWith(':')
      ? `${where}.auth has an empty username (docker rejects the file: "invalid auth configuration file")`
      : `${where}.auth does not decode to username:password (no ":"; docker rejects the file: "invalid auth configuration file", podman ignores the entry)`);
  }
  if (pc.error) {
    return auth(`${where}: ${pc.error}`);
  }
  if (!dockerAuths.get(d.key)!.auth) {
    const what = dc.username !== undefined || dc.password !== undefined ? 'username and password' : dc.identityToken ? 'identitytoken' : dc.registryToken ? 'registrytoken' : undefined;
    return lookup(what === undefined
      ? `${where} has no credentials (none of auth, username and password, identitytoken, registrytoken)`
      : `${where} has ${what} but no "auth": docker uses ${what === 'username and password' ? 'them' : 'it'}, podman and buildah do not (write "auth", the base64 of username:password, as docker login does)`);
  }
  if (dc.username !== pc.username || dc.password !== pc.password) {
    return lookup(`${where}: docker reads the entry ${quote(d.key)} and podman the entry ${quote(p.key)}, with other credentials (keep one key: ${quote(host)})`);
  }
  if (dc.username === undefined) {
    return auth(`${where}.auth does not decode to username:password (no ":"; docker rejects the file: "invalid auth configuration file")`);
  }
  return [
    dc.username === '' ? auth(`${where}.auth has an empty username (docker rejects an auth without a username)`)[0] : checkSecretValue(`${where}.auth username`, dc.username),
    checkSecretValue(`${where}.auth password`, dc.password ?? '', { allowEmpty: true }),
    dc.identityToken ? checkSecretValue(`${where}.identitytoken`, dc.identityToken) : undefined,
  ];
}
