/**
 * A fake docker engine on a unix socket (it records what the docker CLI sends with `docker pull`:
 * the image, the tag and the X-Registry-Auth credentials) and a fake registry on 127.0.0.1 that
 * asks for Basic auth and records what podman answers. Nothing leaves the machine.
 */
import * as http from 'http';
import { AddressInfo } from 'net';
import * as path from 'path';

export interface Sent { username?: string; password?: string }

/** The fake engine and registry, each recording credentials per image name. */
export class Fakes {
  public readonly docker = new Map<string, Sent>();
  public readonly podman = new Map<string, Sent>();
  /** Every pull the engine was asked for, in order: the image, the tag, and the username sent (if any). */
  public readonly pulls: Array<{ fromImage: string; tag: string; username?: string }> = [];
  public port = 0;
  public socket = '';
  private readonly servers: http.Server[] = [];

  public async start(dir: string): Promise<void> {
    this.socket = path.join(dir, 'engine.sock');
    const engine = http.createServer((req, res) => {
      if (req.url?.includes('/_ping')) {
        res.writeHead(200, { 'Api-Version': '1.45', 'Ostype': 'linux' });
        res.end('OK');
        return;
      }
      const image = new URL(req.url ?? '/', 'http://engine').searchParams.get('fromImage') ?? '';
      const header = req.headers['x-registry-auth'];
      const auth = typeof header === 'string' && header !== '' ? JSON.parse(Buffer.from(header, 'base64').toString('utf8')) : {};
      const query = new URL(req.url ?? '/', 'http://engine').searchParams;
      this.pulls.push({ fromImage: query.get('fromImage') ?? '', tag: query.get('tag') ?? '', username: auth.username || undefined });
      // docker omits an empty password (omitempty); podman sends it empty: the same credentials.
      this.docker.set(image.replace(/^[^/]+\//, ''), auth.username ? { username: auth.username, password: auth.password ?? '' } : {});
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{"status":"done"}\n');
    });
    const registry = http.createServer((req, res) => {
      const authorization = req.headers.authorization;
      if (!authorization) {
        res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="fake"', 'Docker-Distribution-Api-Version': 'registry/2.0' });
        res.end();
        return;
      }
      const decoded = Buffer.from(authorization.replace(/^Basic /, ''), 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      const image = (req.url ?? '').replace(/^\/v2\//, '').replace(/\/manifests\/.*$/, '');
      this.podman.set(image, { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) });
      res.writeHead(404, { 'Docker-Distribution-Api-Version': 'registry/2.0', 'Content-Type': 'application/json' });
      res.end('{"errors":[{"code":"MANIFEST_UNKNOWN","message":"fake"}]}');
    });
    await new Promise<void>((resolve) => engine.listen(this.socket, resolve));
    await new Promise<void>((resolve) => registry.listen(0, '127.0.0.1', resolve));
    this.port = (registry.address() as AddressInfo).port;
    this.servers.push(engine, registry);
  }

  public async stop(): Promise<void> {
    await Promise.all(this.servers.map((s) => new Promise((resolve) => s.close(resolve))));
  }
}
