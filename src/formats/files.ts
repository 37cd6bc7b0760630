/**
 * Reads a credential file (a Docker config.json, an AWS credentials file) with a clear outcome
 * for each way it can be wrong. Messages quote the path, never the contents.
 */
import * as fs from 'fs';
import { Problem } from '../engine/rule-ids';
import { quote } from '../rules/text';

/** Kubernetes refuses Secrets whose data passes 1 MiB; no credential file comes near it. */
export const MAX_SECRET_BYTES = 1024 * 1024;

const TOO_LARGE = `a Secret holds at most ${MAX_SECRET_BYTES} (1 MiB)`;

/** A problem when a file built from inputs cannot fit in a Secret (`label` names it). */
export function oversizedProblem(label: string, content: string): Problem | undefined {
  const bytes = Buffer.byteLength(content, 'utf8');
  return bytes > MAX_SECRET_BYTES ? { rule: 'secret-data', message: `${label} has ${bytes} bytes; ${TOO_LARGE}` } : undefined;
}

/** Whether a problem is an input found too large for a Secret (so that the Secret's own size need not be said again). */
export function isOversized(p: Problem | string | undefined): boolean {
  return typeof p === 'object' && p.rule === 'secret-data' && p.message.endsWith(TOO_LARGE);
}

/** A file's text, or the problem that prevents reading it. */
export interface CredentialFile {
  readonly text?: string;
  readonly problem?: Problem;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Reads `path` as UTF-8 text. Missing, unreadable, a directory, larger than 1 MiB, empty, not
 * UTF-8, or starting with a byte-order mark: each gives a problem that says which.
 */
export function readCredentialFile(path: string, what: 'Docker config' | 'AWS credentials' | 'certificate' | 'Google key'): CredentialFile {
  const label = `${what} file ${quote(path)}`;
  const unreadable = (message: string): CredentialFile => ({ problem: { rule: 'file-unreadable', message } });
  let stat: fs.Stats;
  try {
    stat = fs.statSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return unreadable(code === 'ENOENT' || code === 'ENOTDIR' ? `${label} does not exist` : `${label} cannot be read (${code ?? 'unknown error'})`);
  }
  if (stat.isDirectory()) {
    return unreadable(`${label} is a directory`);
  }
  if (stat.size > MAX_SECRET_BYTES) {
    return unreadable(`${label} has ${stat.size} bytes; a Secret holds at most ${MAX_SECRET_BYTES}`);
  }
  if (!stat.isFile()) {
    return unreadable(`${label} is not a regular file (a device, a FIFO or a socket)`);
  }
  let bytes: Buffer;
  try {
    bytes = readAtMost(path, MAX_SECRET_BYTES + 1);
  } catch (e) {
    return unreadable(`${label} cannot be read (${(e as NodeJS.ErrnoException).code ?? 'unknown error'})`);
  }
  // The size that counts is what was read: a file can grow after stat, and /proc files report 0.
  if (bytes.length > MAX_SECRET_BYTES) {
    return unreadable(`${label} has more than ${MAX_SECRET_BYTES} bytes; a Secret holds at most ${MAX_SECRET_BYTES}`);
  }
  const kinds = { 'Docker config': 'docker', 'AWS credentials': 'aws', 'certificate': 'certificate', 'Google key': 'gcp' } as const;
  return decodeCredentialBytes(bytes, label, kinds[what]);
}

/** At most `limit` bytes of a file, however large it says it is. */
function readAtMost(path: string, limit: number): Buffer {
  const fd = fs.openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(limit);
    let length = 0;
    while (length < limit) {
      const read = fs.readSync(fd, buffer, length, limit - length, null);
      if (read === 0) {
        break;
      }
      length += read;
    }
    return buffer.subarray(0, length);
  } finally {
    fs.closeSync(fd);
  }
}

/** Who refuses a byte-order mark, per kind of file. */
const BOM_CONSUMERS = {
  docker: 'which docker, podman and kaniko refuse (Go\'s JSON decoder sees an invalid character)',
  aws: 'which botocore reads as part of the first line, so that it finds no [section] (the AWS JS SDK would accept it)',
  certificate: 'before which OpenSSL and Go find no BEGIN line, and skip the first certificate',
  gcp: 'which Python\'s json (google-auth) refuses: "Unexpected UTF-8 BOM"',
};

/** The checks that apply to credential bytes wherever they come from (size, emptiness, BOM, UTF-8), and their text. */
export function decodeCredentialBytes(bytes: Uint8Array, label: string, kind: keyof typeof BOM_CONSUMERS): CredentialFile {
  if (bytes.length > MAX_SECRET_BYTES) {
    // Refused before it is parsed: nothing larger can be stored in a Secret.
    return { problem: { rule: 'secret-data', message: `${label} has ${bytes.length} bytes; ${TOO_LARGE}` } };
  }
  if (bytes.length === 0) {
    return { problem: { rule: 'file-unreadable', message: `${label} is empty` } };
  }
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { problem: { rule: 'file-encoding', message: `${label} starts with a UTF-8 byte-order mark, ${BOM_CONSUMERS[kind]} (save it as UTF-8 without BOM)` } };
  }
  try {
    return { text: UTF8.decode(bytes) };
  } catch {
    return { problem: { rule: 'file-encoding', message: `${label} is not valid UTF-8 text` } };
  }
}
