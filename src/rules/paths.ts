/** Mount path and file path rules (docs/rulebook.md, "Kubernetes names and fields"; k8s.io/kubernetes pkg/apis/core/validation), as pure functions. */
import { quote } from './text';

/** A volume mount path: non-empty, absolute, no `:` (the container runtime splits on it). */
export function checkMountPath(value: string): string | undefined {
  if (typeof value !== 'string' || value.length === 0) {
    return 'mountPath is empty (it must be an absolute path such as "/home/kubeflow/.docker/")';
  }
  if (!value.startsWith('/')) {
    return `mountPath ${quote(value)} is not absolute (it must start with "/")`;
  }
  if (value.includes(':')) {
    return `mountPath ${quote(value)} contains ":" (the container runtime reads it as a separator)`;
  }
  if (/[\u0000-\u001f\u007f]/.test(value)) {
    return `mountPath ${quote(value)} contains a control character`;
  }
  return undefined;
}

/**
 * Normalizes an absolute path for comparison: no trailing slash, no empty segments (`//`), no `.`,
 * and `..` resolved (never above the root). `/a/./b/` and `/a//c/../b` both become `/a/b`.
 */
export function normalizeMountPath(value: string): string {
  const out: string[] = [];
  for (const segment of value.split('/')) {
    if (segment === '' || segment === '.') {
      continue;
    }
    if (segment === '..') {
      out.pop();
    } else {
      out.push(segment);
    }
  }
  return '/' + out.join('/');
}

/** The proper ancestors of a normalized path, nearest last: `/a/b/c` → `/`, `/a`, `/a/b`. */
export function ancestorsOf(normalized: string): string[] {
  if (normalized === '/') {
    return [];
  }
  const result = ['/'];
  let index = normalized.indexOf('/', 1);
  while (index > 0) {
    result.push(normalized.slice(0, index));
    index = normalized.indexOf('/', index + 1);
  }
  return result;
}

/** A secret volume item path: relative, non-empty, no `..` segment, not starting with `..` (the kubelet's `..data` links). */
export function checkItemPath(field: string, value: string): string | undefined {
  if (typeof value !== 'string' || value.length === 0) {
    return `${field} is empty (it must be a relative file name such as "config.json")`;
  }
  if (value.startsWith('/')) {
    return `${field} ${quote(value)} is absolute (item paths are relative to the mount)`;
  }
  if (value.split('/').includes('..')) {
    return `${field} ${quote(value)} contains a ".." segment (item paths may not leave the mount)`;
  }
  if (value.startsWith('..')) {
    return `${field} ${quote(value)} starts with ".." (reserved for the kubelet's own "..data" links; the API server refuses it)`;
  }
  if (/[\u0000-\u001f\u007f]/.test(value)) {
    return `${field} ${quote(value)} contains a control character`;
  }
  return undefined;
}

/** A file mode (`defaultMode`, item `mode`): an integer from 0 to 0777 (511). */
export function checkFileMode(field: string, value: number): string | undefined {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 0o777) {
    return `${field} ${String(value)} is not a file mode (an integer from 0 to 0777, i.e. 511; write it in octal as 0o400 in TypeScript)`;
  }
  return undefined;
}
