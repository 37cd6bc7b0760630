/** Helpers for writing rule messages. */

const MAX_QUOTED = 80;

/** What JSON leaves as is and a terminal would act on or hide: C1 controls, bidirectional controls, zero-width characters, line separators. */
const UNPRINTABLE = /[\u007f-\u009f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2069\ufeff]/g;
/** Everything a terminal would act on or hide, C0 controls too (tab and newline excepted). */
const UNPRINTABLE_TEXT = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2069\ufeff]/g;

/** A text to print (a line of `check` output): every character a terminal would act on or hide, as `\uXXXX`. */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE_TEXT, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * Quotes a non-secret value (a name, a path, a namespace) for an error message: JSON-escaped so
 * that control characters stay visible, and shortened when it is long.
 */
export function quote(value: string): string {
  const text = String(value);
  const shown = text.length <= MAX_QUOTED ? JSON.stringify(text) : `${JSON.stringify(text.slice(0, MAX_QUOTED - 20))}… (${text.length} characters)`;
  return shown.replace(UNPRINTABLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** `{{` followed by what starts a Helm or Go template action (`.Values`, `$x`, `include`, `- .x`, a comment). */
const GO_ACTION_START = /^-?[ \t]{0,8}[.$a-zA-Z(/"]/;
/** An envsubst or shell variable: `${NAME}`, `${NAME:-default}` (bounded, so that no text makes it slow). */
const SHELL_VARIABLE = /\$\{[A-Za-z_][A-Za-z0-9_]{0,127}(?:[:?=+-][^}\n]{0,256})?\}/;
/** A placeholder such as `<YOUR_NAMESPACE>`. */
const PLACEHOLDER = /<[A-Z][A-Z0-9_-]{2,63}>/;

/**
 * The kind of unrendered template text in `text`, if any: a Helm or Go template, a Jinja
 * template, a shell or envsubst variable, a placeholder. Linear in the text.
 */
export function templateMarkerIn(text: string): string | undefined {
  for (let i = text.indexOf('{{'); i !== -1; i = text.indexOf('{{', i + 2)) {
    if (GO_ACTION_START.test(text.slice(i + 2, i + 12))) {
      return 'a Helm or Go template ({{ ... }})';
    }
  }
  const jinja = text.indexOf('{%');
  if (jinja !== -1) {
    const end = text.indexOf('%}', jinja + 2);
    if (end !== -1 && text.lastIndexOf('\n', end) < jinja) {
      return 'a Jinja template ({% ... %})';
    }
  }
  if (text.includes('${') && SHELL_VARIABLE.test(text)) {
    return 'a shell or envsubst variable (${...})';
  }
  if (text.includes('<') && PLACEHOLDER.test(text)) {
    return 'a placeholder such as <YOUR_NAMESPACE>';
  }
  return undefined;
}
