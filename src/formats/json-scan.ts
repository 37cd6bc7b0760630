/**
 * What `JSON.parse` does not tell: duplicate keys (it keeps the last one silently, as does Go's
 * decoder) and nesting depth. One iterative pass over text that `JSON.parse` has accepted, so
 * hostile nesting cannot overflow the stack.
 */

/** A duplicate key: the path of the object it is in (keys from the root) and the key itself. */
export interface DuplicateKey {
  readonly path: readonly string[];
  readonly key: string;
}

/** The result of scanning valid JSON text. */
export interface JsonScan {
  readonly duplicates: readonly DuplicateKey[];
  readonly maxDepth: number;
}

interface Frame {
  readonly keys: Set<string> | undefined;
  readonly key: string | undefined;
}

/** Scans JSON text that `JSON.parse` accepted. */
export function scanJson(text: string): JsonScan {
  const duplicates: DuplicateKey[] = [];
  const stack: Frame[] = [];
  let maxDepth = 0;
  let pendingKey: string | undefined;
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      const end = endOfString(text, i);
      const value = JSON.parse(text.slice(i, end + 1)) as string;
      let j = end + 1;
      while (j < text.length && /\s/.test(text[j])) {
        j++;
      }
      const top = stack[stack.length - 1];
      if (text[j] === ':' && top?.keys) {
        if (top.keys.has(value)) {
          duplicates.push({ path: stack.slice(1).map((f) => f.key ?? '[]'), key: value });
        }
        top.keys.add(value);
        pendingKey = value;
      }
      i = end + 1;
      continue;
    }
    if (c === '{' || c === '[') {
      stack.push({ keys: c === '{' ? new Set() : undefined, key: pendingKey });
      pendingKey = undefined;
      maxDepth = Math.max(maxDepth, stack.length);
    } else if (c === '}' || c === ']') {
      stack.pop();
    } else if (c === ',') {
      pendingKey = undefined;
    }
    i++;
  }
  return { duplicates, maxDepth };
}

function endOfString(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length) {
    if (text[i] === '\\') {
      i += 2;
    } else if (text[i] === '"') {
      return i;
    } else {
      i++;
    }
  }
  return text.length - 1;
}

/**
 * Parses JSON without letting the parser's message (which may quote the input) escape:
 * on failure it gives the line and column only.
 */
export function parseJsonSafely(text: string): { value?: unknown; problem?: string } {
  try {
    return { value: JSON.parse(text) };
  } catch (e) {
    const match = /position (\d+)/.exec((e as Error).message);
    if (!match) {
      return { problem: 'is not valid JSON' };
    }
    const position = Number(match[1]);
    const before = text.slice(0, position);
    const line = before.split('\n').length;
    const column = position - before.lastIndexOf('\n');
    return { problem: `is not valid JSON (line ${line}, column ${column})` };
  }
}
