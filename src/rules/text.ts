/** Helpers for writing rule messages. */

const MAX_QUOTED = 80;

/**
 * Quotes a non-secret value (a name, a path, a namespace) for an error message: JSON-escaped so
 * that control characters stay visible, and shortened when it is long.
 */
export function quote(value: string): string {
  const text = String(value);
  if (text.length <= MAX_QUOTED) {
    return JSON.stringify(text);
  }
  return `${JSON.stringify(text.slice(0, MAX_QUOTED - 20))}… (${text.length} characters)`;
}
