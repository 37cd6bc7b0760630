/**
 * Image references as docker resolves them (distribution/reference `ParseNormalizedNamed`), and
 * the config.json key docker looks up for their registry. Pure functions.
 */
import { dockerHostOf, DOCKER_HUB_KEY } from './docker-json';

/** An image reference, resolved. */
export interface ImageReference {
  /** The registry host (`docker.io` for Docker Hub), with its port. */
  readonly registry: string;
  /** The repository path within the registry (`library/python` for `python`). */
  readonly repository: string;
}

/** distribution/reference's path-component: lower-case alphanumerics joined by `.`, `_`, `__` or dashes. */
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
/** A domain-component: alphanumerics and dashes, not starting or ending with a dash. */
const DOMAIN_COMPONENT = /^[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?$/;
const TAG = /^\w[\w.-]{0,127}$/;
/** The digest grammar of a reference (`[[:xdigit:]]{32,}`), then what go-digest validates. */
const DIGEST = /^([A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*):([0-9A-Fa-f]{32,})$/;
/** The digest algorithms docker knows, with the length of their hex (go-digest: sha256, sha384, sha512). */
const DIGEST_HEX_LENGTH = new Map([['sha256', 64], ['sha384', 96], ['sha512', 128]]);
/** distribution/reference's NameTotalLengthMax: the repository path, `library/` included. */
export const MAX_REPOSITORY_LENGTH = 255;

/** Whether `domain` is a reference's domain: host name, IPv4 or `[IPv6]` (no zone), then an optional `:port`. */
function isDomain(domain: string): boolean {
  const port = /:([0-9]+)$/.exec(domain);
  const host = port ? domain.slice(0, port.index) : domain;
  if (host.startsWith('[')) {
    return /^\[[a-fA-F0-9:]+\]$/.test(host);
  }
  return host.length > 0 && host.split('.').every((c) => DOMAIN_COMPONENT.test(c));
}

/** What go-digest says of a digest, in docker's words; `undefined` when docker accepts it. */
function digestProblem(digest: string): string | undefined {
  const match = DIGEST.exec(digest);
  if (!match) {
    return 'has a malformed digest after "@" (an algorithm, ":" and at least 32 hexadecimal digits; docker: "invalid reference format")';
  }
  const length = DIGEST_HEX_LENGTH.get(match[1]);
  if (length === undefined) {
    return `has a digest of algorithm ${JSON.stringify(match[1])}, which docker does not know (sha256, sha384 or sha512; docker: "unsupported digest algorithm")`;
  }
  if (match[2].length !== length) {
    return `has a ${match[1]} digest of ${match[2].length} hexadecimal digits; it has ${length} (docker: "invalid checksum digest length")`;
  }
  if (!/^[a-f0-9]+$/.test(match[2])) {
    return 'has a digest in upper-case hexadecimal digits; docker accepts lower case only ("invalid checksum digest format")';
  }
  return undefined;
}

/**
 * Resolves an image reference as the docker CLI does (distribution/reference
 * `ParseNormalizedNamed`, then go-digest), or says why docker refuses it:
 * - text of exactly 64 lower-case hexadecimal digits is an image ID, not a name;
 * - the first path component is the registry when it has a `.` or a `:`, is `localhost`, or has
 *   an upper-case letter; otherwise the image is on Docker Hub (`docker.io`), and a single name
 *   is under `library/`; `index.docker.io` is Docker Hub too, `registry-1.docker.io` is not
 *   (docker looks up its own key for it);
 * - the repository is lower case (up to the first `:`), path components of `[a-z0-9]` joined by
 *   `.`, `_`, `__` or dashes, at most 255 characters with `library/`;
 * - the registry is a host name (components of letters, digits and inner dashes), an IPv4
 *   address or `[IPv6]`, with an optional port;
 * - a tag is `[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}`; a digest is sha256, sha384 or sha512 in
 *   lower-case hex of the algorithm's length.
 *
 * test/image-reference.test.ts compares it with `docker pull` against a fake engine.
 */
export function parseImageReference(reference: string): { image?: ImageReference; problem?: string } {
  if (typeof reference !== 'string' || reference.length === 0) {
    return { problem: 'is empty' };
  }
  if (/^[a-f0-9]{64}$/.test(reference)) {
    return { problem: 'is 64 hexadecimal digits, which docker takes for an image ID, not a name ("cannot specify 64-byte hexadecimal strings")' };
  }
  const slash = reference.indexOf('/');
  const first = slash < 0 ? '' : reference.slice(0, slash);
  const hasDomain = slash >= 0 && (/[.:]/.test(first) || first === 'localhost' || first.toLowerCase() !== first);
  let registry = hasDomain ? first : 'docker.io';
  let rest = hasDomain ? reference.slice(slash + 1) : reference;
  if (registry === 'index.docker.io') {
    registry = 'docker.io';
  }
  if (registry === 'docker.io' && !rest.includes('/')) {
    rest = `library/${rest}`;
  }
  const colon = rest.indexOf(':');
  const remoteName = colon < 0 ? rest : rest.slice(0, colon);
  if (remoteName.toLowerCase() !== remoteName) {
    return { problem: 'has upper-case letters in its repository, which docker refuses ("repository name must be lowercase")' };
  }
  const at = rest.indexOf('@');
  if (at >= 0) {
    const problem = digestProblem(rest.slice(at + 1));
    if (problem) {
      return { problem };
    }
    rest = rest.slice(0, at);
  }
  const tagAt = rest.indexOf(':');
  if (tagAt >= 0) {
    if (!TAG.test(rest.slice(tagAt + 1))) {
      return { problem: 'has a malformed tag after ":" (letters, digits, "_", "." and "-", at most 128, not starting with "." or "-"; docker: "invalid reference format")' };
    }
    rest = rest.slice(0, tagAt);
  }
  if (rest.length > MAX_REPOSITORY_LENGTH) {
    return { problem: `has a repository of ${rest.length} characters${rest.startsWith('library/') && !reference.includes('library/') ? ' (with "library/")' : ''}; docker accepts at most ${MAX_REPOSITORY_LENGTH}` };
  }
  if (!rest.split('/').every((p) => PATH_COMPONENT.test(p))) {
    return { problem: 'has a repository that is not lower-case letters and digits joined by ".", "_", "__" or "-" (docker: "invalid reference format")' };
  }
  if (!isDomain(registry)) {
    return { problem: `has a registry ${JSON.stringify(registry)} that is not a host name, an IPv4 address or [IPv6], with an optional port (docker sends no credentials for it)` };
  }
  return { image: { registry, repository: rest } };
}

/**
 * The config.json key docker reads for an image's registry, among `keys`; `undefined` when none
 * covers it. Docker Hub needs `https://index.docker.io/v1/`; any other registry, including
 * `registry-1.docker.io`, its own key (the bare host, or a key whose host it is).
 */
export function coveringKey(keys: readonly string[], image: ImageReference): string | undefined {
  if (image.registry === 'docker.io') {
    return keys.includes(DOCKER_HUB_KEY) ? DOCKER_HUB_KEY : undefined;
  }
  if (keys.includes(image.registry)) {
    return image.registry;
  }
  // Several keys of that host: Go's map order picks one (config.json checks refuse such files).
  const matches = keys.filter((k) => dockerHostOf(k) === image.registry);
  return matches.length === 1 ? matches[0] : undefined;
}

/** What docker looks up for a registry, for messages. */
export function lookedUpKey(image: ImageReference): string {
  return image.registry === 'docker.io' ? DOCKER_HUB_KEY : image.registry;
}

/** The registry hosts that config.json keys give credentials for (`docker.io` for Docker Hub's key). */
export function coveredRegistries(keys: readonly string[]): string[] {
  const hosts = keys.map((k) => (k === DOCKER_HUB_KEY ? 'docker.io' : dockerHostOf(k)));
  return [...new Set(hosts)].sort();
}

/** Whether docker finds credentials for `reference` among `keys`; a problem when it does not, or cannot parse it. */
export function coverageProblem(field: string, reference: string, keys: readonly string[]): string | undefined {
  const parsed = parseImageReference(reference);
  if (!parsed.image) {
    return `${field} ${JSON.stringify(String(reference))} ${parsed.problem}`;
  }
  if (coveringKey(keys, parsed.image) !== undefined) {
    return undefined;
  }
  return `${field} ${JSON.stringify(reference)} is on registry ${JSON.stringify(parsed.image.registry)}, which config.json has no credentials for `
    + `(docker looks up ${JSON.stringify(lookedUpKey(parsed.image))}; the file has ${keys.map((k) => JSON.stringify(k)).join(', ') || 'none'})`;
}

/**
 * The registry host of the Kaptain SDK's `docker_registry_url` (`my.private.registry:5000`, as
 * its docs write it; `https://` and a trailing `/` are accepted, Docker Hub's spellings are
 * `docker.io`), or why it is not one.
 */
export function registryOfUrl(url: string): { registry?: string; problem?: string } {
  if (typeof url !== 'string' || url.length === 0) {
    return { problem: 'is empty' };
  }
  if (url === DOCKER_HUB_KEY) {
    return { registry: 'docker.io' };
  }
  const bare = url.replace(/^https?:\/\//, '').replace(/\/$/, '');
  if (bare.includes('/') || bare.includes('@') || /[\s?#]/.test(bare)) {
    return { problem: 'is not a registry address (host or host:port, e.g. "my.private.registry:5000"; no path, user or query)' };
  }
  const registry = bare === 'index.docker.io' ? 'docker.io' : bare;
  if (!isDomain(registry) || registry.toLowerCase() !== registry) {
    return { problem: 'is not a lower-case host name, IPv4 address or [IPv6], with an optional port (e.g. "my.private.registry:5000")' };
  }
  return { registry };
}

/** Whether docker finds credentials for the registry at `url` among config.json's `keys`; why not, when it does not. */
export function registryCoverageProblem(field: string, url: string, keys: readonly string[]): string | undefined {
  const parsed = registryOfUrl(url);
  if (parsed.registry === undefined) {
    return `${field} ${JSON.stringify(String(url))} ${parsed.problem}`;
  }
  const image: ImageReference = { registry: parsed.registry, repository: 'library/probe' };
  if (coveringKey(keys, image) !== undefined) {
    return undefined;
  }
  return `${field} ${JSON.stringify(url)} is registry ${JSON.stringify(parsed.registry)}, which the Docker config.json has no credentials for `
    + `(docker looks up ${JSON.stringify(lookedUpKey(image))}; the file has ${keys.map((k) => JSON.stringify(k)).join(', ') || 'none'}): the SDK could not push the model's image there`;
}
