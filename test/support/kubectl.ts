/**
 * kubectl as the reference for Secret data: `kubectl create secret generic --dry-run=client`
 * works offline. Tests that need it are skipped, with a message, only when kubectl is absent and
 * CI is not set; under CI a missing kubectl fails them.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export const KUBECTL = process.env.KUBECTL ?? 'kubectl';

function kubectlPresent(): boolean {
  return spawnSync(KUBECTL, ['version', '--client'], { stdio: 'ignore' }).status === 0;
}

export const HAVE_KUBECTL = kubectlPresent();

/** `describe` when kubectl can run (or CI demands it), otherwise `describe.skip` with a notice. */
export function describeWithKubectl(name: string, body: () => void): void {
  describeWithTool('kubectl', HAVE_KUBECTL, name, body);
}

/**
 * `describe` when `tool` is present (or CI demands it: .ci/run installs every tool), otherwise
 * `describe.skip` with a notice.
 */
export function describeWithTool(tool: string, present: boolean, name: string, body: () => void): void {
  if (present || process.env.CI) {
    describe(name, body);
  } else {
    // eslint-disable-next-line no-console
    console.warn(`skipping "${name}": ${tool} is not installed (these tests never skip when CI is set)`);
    describe.skip(name, body);
  }
}

/** A temporary directory, removed at exit. */
export function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kf-creds-'));
  process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Runs `kubectl create secret generic` with `args` and returns the Secret's `data` (base64). */
export function kubectlSecretData(args: string[]): Record<string, string> {
  const out = execFileSync(KUBECTL, ['create', 'secret', 'generic', 'reference', ...args, '--dry-run=client', '-o', 'json'], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(out).data ?? {};
}

/** kubectl's data for files: `--from-file=<key>=<path>` for each entry, in one call. */
export function kubectlFromFiles(files: ReadonlyMap<string, Uint8Array>, dir: string = tempDir()): Record<string, string> {
  const args: string[] = [];
  let index = 0;
  for (const [key, bytes] of files) {
    const file = path.join(dir, `file-${index++}`);
    fs.writeFileSync(file, bytes);
    args.push(`--from-file=${key}=${file}`);
  }
  return kubectlSecretData(args);
}

/** kubectl's data for an env file with `KEY=VALUE` lines. */
export function kubectlFromEnvFile(variables: ReadonlyArray<[string, string]>, dir: string = tempDir()): Record<string, string> {
  const file = path.join(dir, `env-${Date.now()}-${Math.random().toString(36).slice(2)}`);
  fs.writeFileSync(file, variables.map(([k, v]) => `${k}=${v}\n`).join(''));
  return kubectlSecretData([`--from-env-file=${file}`]);
}
