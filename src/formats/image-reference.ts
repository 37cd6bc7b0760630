/**
 * Image references as docker resolves them (distribution/reference `ParseNormalizedNamed`), and
 * the config.json key docker looks up for their registry. Pure functions.
 */
import { dockerHostOf, dockerLookup, DOCKER_HUB_KEY, GoAuthEntry } from './docker-json';

/** An image reference, resolved. */
export interface ImageReference {
  /** The registry host (`docker.io` for Docker Hub), with its port. */
  readonly registry: string;
  /** The repository path within the registry (`library/python` for `python`). */
  readonly repository: string;
}

const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9A-Fa-f]{32,}$/;

/**
 * Resolves an image reference as docker does: the first path component is the registry when it
 * has a `.` or a `:` or is `localhost`; otherwise the image is on Docker Hub (`docker.io`), and
 * a single name is under `library/`. Returns a problem (without the reference's credentials,
 * which a reference never holds) when docker would refuse it.
 */
export function parseImageReference(reference: string): { image?: ImageReference; problem?: string } {
  if (typeof reference !== 'string' || reference.length === 0) {
    return { problem: 'is empty' };
  }
  let rest = reference;
  const at = rest.indexOf('@');
  if (at >= 0) {
    if (!DIGEST.test(rest.slice(at + 1))) {
      return { problem: 'has a malformed digest after "@"' };
    }
    rest = rest.slice(0, at);
  }
  const slash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > slash) {
    if (!TAG.test(rest.slice(colon + 1))) {
      return { problem: 'has a malformed tag after ":"' };
    }
    rest = rest.slice(0, colon);
  }
  const parts = rest.split('/');
  let registry = 'docker.io';
  if (parts.length > 1 && (/[.:]/.test(parts[0]) || parts[0] === 'localhost')) {
    registry = parts.shift()!;
  }
  if (registry === 'index.docker.io') {
    registry = 'docker.io';
  }
  if (registry === 'docker.io' && parts.length === 1) {
    parts.unshift('library');
  }
  if (parts.length === 0 || parts.some((p) => !COMPONENT.test(p))) {
    return { problem: 'has a repository that is not lower-case letters, digits and separators (docker refuses it)' };
  }
  if (!/^[A-Za-z0-9.-]+(?::[0-9]+)?$/.test(registry)) {
    return { problem: `has a registry ${JSON.stringify(registry)} that is not a host name with an optional port` };
  }
  return { image: { registry, repository: parts.join('/') } };
}

/**
 * The config.json key docker reads for an image's registry, among `keys`; `undefined` when none
 * covers it. Docker Hub needs `https://index.docker.io/v1/`.
 */
export function coveringKey(keys: readonly string[], image: ImageReference): string | undefined {
  const auths = new Map<string, GoAuthEntry>(keys.map((k) => [k, {}]));
  return dockerLookup(auths, image.registry).key;
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
