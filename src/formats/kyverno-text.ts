/**
 * Literal text in a Kyverno generate rule. Kyverno substitutes, in every string of a rule's
 * pattern (map keys too), references `$(...)` and then variables `{{...}}`, and removes the
 * escapes `\$(...)` and `\{{` (kyverno/kyverno v1.19.0, `pkg/engine/variables/vars.go`:
 * `substituteReferencesIfAny`, `substituteVariablesIfAny`; the expressions are those of
 * `pkg/engine/variables/regex/vars.go`: `RegexReferences`, `RegexEscpReferences`,
 * `RegexVariables`). A PodDefault's description or an environment value with `{{` or
 * `$(HOME)` would be read as a variable or a reference; `kyvernoLiteral` escapes it, and
 * `kyvernoReads` gives what Kyverno makes of a string, so every escape is proved by reading it
 * back. The references are found by linear scans equivalent to the expressions (Go's `.` is
 * any character but a newline), so that no text makes them quadratic.
 */

/** `RegexVariables`: a `{{...}}` not preceded by a backslash (no backtracking beyond the next brace). */
const VARIABLES = /(^|[^\\])(\{\{(?:\{[^{}]*\}|[^{}])*\}\})/u;

/** Beyond this many escaped references, a string is not written (each is replaced over the whole string). */
const MAX_ESCAPED_REFERENCES = 64;

/**
 * For each position p: whether a `)` follows from p with no space before it, i.e. whether
 * `[^ ]*\)` matches at p (`RegexReferences`' tail).
 */
function parenAhead(text: string): Uint8Array {
  const ok = new Uint8Array(text.length + 1);
  for (let p = text.length - 1; p >= 0; p--) {
    ok[p] = text[p] === ')' ? 1 : text[p] === ' ' ? 0 : ok[p + 1];
  }
  return ok;
}

/** Whether `\$\(.[^\ ]*\)` matches at i (`.`: one character, not a newline). */
function referenceAt(text: string, i: number, ahead: Uint8Array): boolean {
  if (text[i] !== '$' || text[i + 1] !== '(' || i + 2 >= text.length || text[i + 2] === '\n') {
    return false;
  }
  const next = i + 2 + (text.codePointAt(i + 2)! > 0xffff ? 2 : 1);
  return ahead[next] === 1;
}

/** Whether `RegexReferences` finds a reference: `$(` at the start, or after any character but a backslash. */
function hasReference(text: string): boolean {
  const ahead = parenAhead(text);
  for (let i = text.indexOf('$('); i !== -1; i = text.indexOf('$(', i + 1)) {
    if ((i === 0 || text[i - 1] !== '\\') && referenceAt(text, i, ahead)) {
      return true;
    }
  }
  return false;
}

/**
 * `RegexEscpReferences.FindAllString`: `\$(`, one character (not a newline), then up to the
 * first `)`, with no space before it; the end of each scan is looked up, so that many `\$(`
 * without a `)` stay linear.
 */
function escapedReferences(text: string): string[] | undefined {
  // stop[p]: the first index >= p holding ')' or ' ' (text.length when none).
  const stop = new Uint32Array(text.length + 1);
  stop[text.length] = text.length;
  for (let p = text.length - 1; p >= 0; p--) {
    stop[p] = text[p] === ')' || text[p] === ' ' ? p : stop[p + 1];
  }
  const found: string[] = [];
  let i = text.indexOf('\\$(');
  while (i !== -1) {
    const c = i + 3;
    const j = c < text.length && text[c] !== '\n' ? stop[c + (text.codePointAt(c)! > 0xffff ? 2 : 1)] : -1;
    if (j !== -1 && text[j] === ')') {
      found.push(text.slice(i, j + 1));
      if (found.length > MAX_ESCAPED_REFERENCES) {
        return undefined;
      }
      i = text.indexOf('\\$(', j + 1);
    } else {
      i = text.indexOf('\\$(', i + 1);
    }
  }
  return found;
}

/**
 * What Kyverno makes of a string when no variable or reference of it is resolved:
 * `undefined` when it has one (Kyverno would replace it, or fail the rule).
 */
export function kyvernoReads(text: string): string | undefined {
  if (!text.includes('$(') && !text.includes('{{')) {
    return text;
  }
  if (hasReference(text)) {
    return undefined;
  }
  let value = text;
  const escaped = escapedReferences(text);
  if (escaped === undefined) {
    return undefined;
  }
  // Each one found, replaced everywhere in the current value (strings.Replace(value, v, v[1:], -1)).
  for (const v of escaped) {
    value = value.split(v).join(v.slice(1));
  }
  if (VARIABLES.test(value)) {
    return undefined;
  }
  return value.split('\\{{').join('{{');
}

/**
 * The text to write in a Kyverno rule so that Kyverno reads `text`: a backslash before each
 * `$(` that would be a reference (or whose backslash before it would be taken as an escape),
 * and each run of `{` written so that no `{{` is unescaped (`\{{` per pair, a lone `{` first
 * for an odd run). `undefined` when no escaping reads back exactly (an escaped reference that
 * spans another, or more than 64 of them).
 */
export function kyvernoLiteral(text: string): string | undefined {
  if (!text.includes('$(') && !text.includes('{{')) {
    return text;
  }
  const ahead = parenAhead(text);
  let out = '';
  for (let i = 0; i < text.length;) {
    if (referenceAt(text, i, ahead)) {
      out += '\\$';
      i++;
    } else if (text[i] === '{' && text[i + 1] === '{') {
      let run = 0;
      while (text[i + run] === '{') {
        run++;
      }
      out += (run % 2 === 1 ? '{' : '') + '\\{{'.repeat(Math.floor(run / 2));
      i += run;
    } else {
      out += text[i];
      i++;
    }
  }
  if (kyvernoReads(out) === text) {
    return out;
  }
  // Nothing to escape after all (a `{{` that is no variable, and no escape Kyverno would remove).
  return kyvernoReads(text) === text ? text : undefined;
}
