/**
 * Rules for credential values (docs/rulebook.md, "The trailing-newline trap" and "Error
 * messages never contain secret values"). Messages never contain the value: they name the
 * field and, at most, a length or a position.
 */
import { Problem } from '../engine/rule-ids';

/** C0 and C1 controls (U+0085 included). */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
/** Characters that print as nothing or reorder the text: zero-width, bidirectional controls, word joiners, BOM. */
const INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/;
/** A UTF-16 surrogate without its pair: stored as U+FFFD, so the credential silently changes. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const WHITESPACE = /\s/;

/** The hint that goes with every trailing-newline rejection. */
export const ECHO_HINT = 'encode with echo -n, or strip the newline: nothing downstream removes it';

/**
 * A secret value must not end with a newline (the `echo` without `-n` trap) nor contain control
 * characters; with `noWhitespace` it must not contain any whitespace either (keys, tokens).
 */
export function checkSecretValue(field: string, value: string, options: { noWhitespace?: boolean; allowEmpty?: boolean } = {}): Problem | undefined {
  const rule = 'credential-value';
  if (typeof value !== 'string') {
    return { rule, message: `${field} is not a string` };
  }
  if (value.length === 0) {
    return options.allowEmpty ? undefined : { rule, message: `${field} is empty` };
  }
  if (value.endsWith('\n') || value.endsWith('\r')) {
    return { rule, message: `${field} ends with a newline (${ECHO_HINT})` };
  }
  const control = value.search(CONTROL);
  if (control >= 0) {
    return { rule, message: `${field} contains a control character at position ${control + 1} of ${value.length} (newlines, tabs and NUL break request signing and headers)` };
  }
  const invisible = value.search(INVISIBLE);
  if (invisible >= 0) {
    return { rule, message: `${field} contains an invisible or bidirectional character (U+${value.charCodeAt(invisible).toString(16).toUpperCase().padStart(4, '0')}) at position ${invisible + 1} of ${value.length} (a copy-paste slip: the credential would not match)` };
  }
  const surrogate = value.search(LONE_SURROGATE);
  if (surrogate >= 0) {
    return { rule, message: `${field} contains a lone UTF-16 surrogate at position ${surrogate + 1} of ${value.length}, which UTF-8 stores as U+FFFD: the credential would change` };
  }
  if (options.noWhitespace && WHITESPACE.test(value)) {
    return { rule: 'aws-key-whitespace', message: `${field} contains whitespace (length ${value.length}; credentials never contain spaces, so this is usually a copy-paste slip)` };
  }
  return undefined;
}

/**
 * Whether `text` is standard padded base64 as Go's `base64.StdEncoding` reads it (what the API
 * server decodes Secret `data` with): the standard alphabet, at most two `=` at the end, a length
 * that is a multiple of 4. A single scan (a grouped pattern such as `(?:[A-Za-z0-9+/]{4})*`
 * backtracks and overflows the stack on megabytes).
 */
export function isPaddedBase64(text: string): boolean {
  return text.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(text);
}
