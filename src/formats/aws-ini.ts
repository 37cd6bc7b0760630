/**
 * How the two real consumers read an AWS shared credentials file, so that the library can accept
 * exactly the files on which they agree:
 *
 * - botocore: `configparser.RawConfigParser` (strict, `=` and `:` delimiters, `#`/`;` full-line
 *   comments, indented lines continue the previous value, keys lower-cased, `[DEFAULT]` merged
 *   into every section), then `SharedCredentialProvider` (`aws_security_token` before
 *   `aws_session_token`);
 * - the AWS JS SDK v3: `parseIni` of @smithy (lines trimmed, `#`/`;` after whitespace start a
 *   comment anywhere, `key =` with no value opens a sub-section, `[x y]` sections with a prefix),
 *   then static credentials from `aws_access_key_id`, `aws_secret_access_key`, `aws_session_token`.
 *
 * Both models are pure functions over the text; they never throw.
 */

/** Credentials one consumer reads from one profile. */
export interface ReadCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey?: string;
  readonly sessionToken?: string;
  /** Which key the session token came from (botocore reads two). */
  readonly tokenKey?: string;
}

/** What one consumer reads from a file: its profiles' keys, or the error that stops it. */
export interface ConsumerRead {
  /** The consumer refuses the file (a message without any value of the file). */
  readonly error?: string;
  /** Profiles and their keys, in file order. */
  readonly profiles: ReadonlyMap<string, ReadonlyMap<string, string>>;
}

/** Python's whitespace (`str.isspace`): unlike JavaScript's, it has U+001C..U+001F and U+0085 and not U+FEFF. */
const PY_SPACE = '\\t\\n\\v\\f\\r \\u001c-\\u001f\\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const IS_PY_SPACE = new RegExp(`^[${PY_SPACE}]$`);
const PY_NON_SPACE = new RegExp(`[^${PY_SPACE}]`);

/*
 * Every scan below is one pass over the line: no regular expression that can backtrack over a
 * run of whitespace (`\s+$` alone is quadratic on a long run followed by a letter), so a 1 MiB
 * file of spaces is read in linear time.
 */

/** The index after the last character of `s` that is not Python whitespace (0 when none). */
function pyEnd(s: string): number {
  let end = s.length;
  while (end > 0 && IS_PY_SPACE.test(s[end - 1])) {
    end--;
  }
  return end;
}

/** The index of the first character of `s` that is not Python whitespace (`s.length` when none). */
function pyStart(s: string): number {
  const first = s.search(PY_NON_SPACE);
  return first < 0 ? s.length : first;
}

/** Python's `str.strip()`. */
function pyStrip(s: string): string {
  const start = pyStart(s);
  return start === s.length ? '' : s.slice(start, pyEnd(s));
}

/** configparser's SECTCRE `\[(?P<header>.+)\]` (a match at the start, up to the last `]`; `.` is any character but `\n`). */
function sectionHeader(value: string): string | undefined {
  const close = value.lastIndexOf(']');
  return value.startsWith('[') && close > 1 ? value.slice(1, close) : undefined;
}

/**
 * configparser's OPTCRE `(?P<option>.*?)\s*(?P<vi>=|:)\s*(?P<value>.*)$` on a stripped line: the
 * option is the text before the first delimiter (trailing whitespace aside), the value what
 * follows it (leading whitespace aside).
 */
function optionLine(value: string): { option: string; value: string } | undefined {
  const delimiter = value.search(/[=:]/);
  if (delimiter < 0) {
    return undefined;
  }
  const rest = value.slice(delimiter + 1);
  return { option: value.slice(0, pyEnd(value.slice(0, delimiter))), value: rest.slice(pyStart(rest)) };
}

/** Splits text into lines as Python's universal newlines do (`\n`, `\r\n`, `\r` and the other line boundaries of str.splitlines are not used by file iteration). */
function pythonLines(text: string): string[] {
  const lines = text.split(/\r\n|\r|\n/);
  if (lines.length > 0 && lines[lines.length - 1] === '') {
    lines.pop();
  }
  return lines;
}

/**
 * The file as botocore reads it: `configparser.RawConfigParser().read()`, then every section's
 * options with the defaults merged in (`raw_config_parse`).
 */
export function readAsBotocore(text: string): ConsumerRead {
  const sections = new Map<string, Map<string, string[]>>();
  const defaults = new Map<string, string[]>();
  const added = new Set<string>();
  let current: Map<string, string[]> | undefined;
  let sectionName: string | undefined;
  let option: string | undefined;
  let indentLevel = 0;
  const errors: number[] = [];
  const lines = pythonLines(text);
  for (const [index, line] of lines.entries()) {
    const lineno = index + 1;
    const stripped = pyStrip(line);
    const comment = stripped.startsWith('#') || stripped.startsWith(';');
    const value = comment ? '' : stripped;
    if (value === '') {
      // An empty line (not a comment) is kept inside a multi-line value.
      if (!comment && current && option !== undefined) {
        current.get(option)?.push('');
      }
      continue;
    }
    const firstNonSpace = line.search(PY_NON_SPACE);
    const indent = firstNonSpace < 0 ? 0 : firstNonSpace;
    if (current && option !== undefined && indent > indentLevel) {
      current.get(option)!.push(value);
      continue;
    }
    indentLevel = indent;
    const header = sectionHeader(value);
    if (header !== undefined) {
      sectionName = header;
      if (sectionName === 'DEFAULT') {
        current = defaults;
      } else if (sections.has(sectionName)) {
        return { error: `configparser refuses section [${sectionName}] twice (DuplicateSectionError, line ${lineno})`, profiles: new Map() };
      } else {
        current = new Map();
        sections.set(sectionName, current);
      }
      added.add(sectionName);
      option = undefined;
      continue;
    }
    if (!current) {
      return { error: `configparser finds no [section] before line ${lineno} (MissingSectionHeaderError)`, profiles: new Map() };
    }
    const match = optionLine(value);
    if (!match || match.option === '') {
      errors.push(lineno);
      continue;
    }
    const name = pyStrip(match.option).toLowerCase();
    const key = `${sectionName}\u0000${name}`;
    if (added.has(key)) {
      return { error: `configparser refuses the key ${JSON.stringify(name)} twice in [${sectionName}] (DuplicateOptionError, line ${lineno})`, profiles: new Map() };
    }
    added.add(key);
    option = name;
    current.set(name, [pyStrip(match.value)]);
  }
  if (errors.length > 0) {
    return { error: `configparser cannot parse line ${errors.join(', ')} (ParsingError: neither [section], comment nor key = value)`, profiles: new Map() };
  }
  const join = (values: string[]) => {
    const joined = values.join('\n');
    return joined.slice(0, pyEnd(joined));
  };
  const profiles = new Map<string, Map<string, string>>();
  for (const [name, options] of sections) {
    const merged = new Map<string, string>();
    for (const [key, values] of options) {
      merged.set(key, join(values));
    }
    for (const [key, values] of defaults) {
      if (!merged.has(key)) {
        merged.set(key, join(values));
      }
    }
    profiles.set(name, merged);
  }
  return { profiles };
}

const SECTION_PREFIXES = new Set(['profile', 'sso-session', 'services']);
const PREFIX_KEY = /^([\w-]+)\s(["'])?([\w-@+.%:/]+)\2$/;

/** The file as the AWS JS SDK v3 reads it (`parseIni` of @smithy/core/config). */
export function readAsJsSdk(text: string): ConsumerRead {
  const profiles = new Map<string, Map<string, string>>();
  let section: string | undefined;
  let subSection: string | undefined;
  for (const line of text.split(/\r?\n/)) {
    const trimmed = line.split(/(?:^|\s)[;#]/)[0].trim();
    if (trimmed.startsWith('[') && trimmed.endsWith(']') && trimmed.length >= 2) {
      section = undefined;
      subSection = undefined;
      const name = trimmed.slice(1, -1);
      const prefixed = PREFIX_KEY.exec(name);
      if (prefixed) {
        if (SECTION_PREFIXES.has(prefixed[1])) {
          section = `${prefixed[1]}.${prefixed[3]}`;
        }
      } else {
        section = name;
      }
      if (name === '__proto__' || name === 'profile __proto__') {
        return { error: `the AWS JS SDK refuses the profile name ${JSON.stringify(name)}`, profiles: new Map() };
      }
      continue;
    }
    if (!section) {
      continue;
    }
    const equals = trimmed.indexOf('=');
    if (equals <= 0) {
      continue;
    }
    const name = trimmed.slice(0, equals).trim();
    const value = trimmed.slice(equals + 1).trim();
    if (value === '') {
      subSection = name;
      continue;
    }
    if (subSection !== undefined && line.trimStart() === line) {
      subSection = undefined;
    }
    let profile = profiles.get(section);
    if (!profile) {
      profile = new Map();
      profiles.set(section, profile);
    }
    profile.set(subSection !== undefined ? `${subSection}.${name}` : name, value);
  }
  return { profiles };
}

/** The credentials botocore's SharedCredentialProvider takes from a profile's keys. */
export function botocoreCredentials(keys: ReadonlyMap<string, string>): ReadCredentials | undefined {
  const accessKeyId = keys.get('aws_access_key_id');
  if (accessKeyId === undefined) {
    return undefined;
  }
  const tokenKey = ['aws_security_token', 'aws_session_token'].find((k) => keys.has(k));
  return { accessKeyId, secretAccessKey: keys.get('aws_secret_access_key'), sessionToken: tokenKey && keys.get(tokenKey), tokenKey };
}

/** The static credentials the AWS JS SDK takes from a profile's keys. */
export function jsSdkCredentials(keys: ReadonlyMap<string, string>): ReadCredentials | undefined {
  const accessKeyId = keys.get('aws_access_key_id');
  const secretAccessKey = keys.get('aws_secret_access_key');
  if (accessKeyId === undefined || secretAccessKey === undefined) {
    return undefined;
  }
  return { accessKeyId, secretAccessKey, sessionToken: keys.get('aws_session_token'), tokenKey: keys.has('aws_session_token') ? 'aws_session_token' : undefined };
}
