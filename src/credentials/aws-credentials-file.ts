/**
 * The AWS shared credentials file (RULES.md §3): building it from profiles, and checking one
 * written by hand.
 *
 * The parser accepts exactly the files on which botocore (Python's configparser) and the AWS JS
 * SDK agree: `[name]` sections, `key = value` lines, `#` and `;` comment lines. Everything they
 * read differently is rejected rather than guessed: duplicate sections or keys (botocore fails,
 * the JS SDK keeps the last), indented lines (configparser continues the previous value),
 * `[profile x]` headers (the config file's form), values with whitespace. General INI libraries
 * (npm `ini`) accept all of these silently, nest `[a.b]` sections and turn `true` into a boolean,
 * so they are the wrong tool here; the tests compare this parser with the AWS SDK's own.
 */
import { quote } from '../rules/text';
import { checkSecretValue } from '../rules/values';

/** The keys of a credentials profile. */
export const ACCESS_KEY_ID = 'aws_access_key_id';
export const SECRET_ACCESS_KEY = 'aws_secret_access_key';
export const SESSION_TOKEN = 'aws_session_token';

const SECTION = /^\[([^\]]*)\]$/;
const KEY_VALUE = /^([A-Za-z0-9_.-]+)[ \t]*=[ \t]*([\s\S]*)$/;
const PROFILE_NAME = /^[A-Za-z0-9_.@+-]+$/;

/** One profile, as `AwsFileCredentials` takes it. */
export interface AwsProfileInput {
  readonly name?: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/** A profile read from a file: its keys and values, in file order. */
export type ParsedProfiles = Map<string, Map<string, string>>;

/** Checks a profile name (a section name in the credentials file). */
export function checkProfileName(field: string, name: string): string | undefined {
  if (typeof name !== 'string' || name.length === 0) {
    return `${field} is empty`;
  }
  if (/^profile\s/.test(name)) {
    return `${field} ${quote(name)} uses the "profile " prefix, which belongs to the AWS config file; in the credentials file a section is the bare name, e.g. [${name.replace(/^profile\s+/, '')}]`;
  }
  if (!PROFILE_NAME.test(name)) {
    return `${field} ${quote(name)} is not a profile name (letters, digits, '-', '_', '.', '@' and '+')`;
  }
  if (name in Object.prototype) {
    return `${field} ${quote(name)} is a JavaScript object property name: the AWS JS SDK refuses "__proto__" and mis-reads the others, so botocore and the JS SDK would disagree`;
  }
  return undefined;
}

function checkValue(field: string, value: string): string | undefined {
  if (typeof value === 'string' && (value.startsWith('#') || value.startsWith(';'))) {
    // After "key = ", the JS SDK strips "#..." and ";..." as a comment; botocore keeps them.
    return `${field} starts with "#" or ";" (length ${value.length}), which the AWS JS SDK reads as a comment after "key = " while botocore does not`;
  }
  return checkSecretValue(field, value, { noWhitespace: true });
}

/** Builds a credentials file; the first profile's name defaults to `default`. */
export function buildCredentialsFile(profiles: readonly AwsProfileInput[]): { problems: string[]; content: string } {
  if (!Array.isArray(profiles) || profiles.length === 0) {
    return { problems: ['profiles is empty (give at least one profile, or credentialsFile)'], content: '' };
  }
  const problems: Array<string | undefined> = [];
  const seen = new Map<string, number>();
  const sections: string[] = [];
  for (const [index, profile] of profiles.entries()) {
    const name = profile.name ?? (index === 0 ? 'default' : undefined);
    const field = `profiles[${index}]`;
    if (name === undefined) {
      problems.push(`${field}.name is missing (only the first profile defaults to "default")`);
      continue;
    }
    const nameProblem = checkProfileName(`${field}.name`, name);
    problems.push(
      nameProblem,
      checkValue(`${field}.accessKeyId`, profile.accessKeyId),
      checkValue(`${field}.secretAccessKey`, profile.secretAccessKey),
      profile.sessionToken === undefined ? undefined : checkValue(`${field}.sessionToken`, profile.sessionToken),
    );
    if (!nameProblem && seen.has(name)) {
      problems.push(`${field}.name ${quote(name)} is also the name of profiles[${seen.get(name)}] (botocore rejects duplicate sections)`);
    }
    seen.set(name, index);
    const lines = [`[${name}]`, `${ACCESS_KEY_ID} = ${profile.accessKeyId}`, `${SECRET_ACCESS_KEY} = ${profile.secretAccessKey}`];
    if (profile.sessionToken !== undefined) {
      lines.push(`${SESSION_TOKEN} = ${profile.sessionToken}`);
    }
    sections.push(lines.join('\n') + '\n');
  }
  const found = problems.filter((p): p is string => p !== undefined);
  return { problems: found, content: found.length > 0 ? '' : sections.join('\n') };
}

/**
 * Parses and checks a credentials file. `source` names it in messages, which give line numbers,
 * section and key names, never values.
 */
export function parseCredentialsFile(text: string, source: string): { problems: string[]; profiles: ParsedProfiles } {
  const problems: Array<string | undefined> = [];
  const profiles: ParsedProfiles = new Map();
  let current: Map<string, string> | undefined;
  let currentName = '';
  const lines = text.split('\n');
  for (const [index, raw] of lines.entries()) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const where = `${source} line ${index + 1}`;
    if (line.trim() === '') {
      continue;
    }
    if (/^\s/.test(line)) {
      problems.push(`${where} is indented (configparser would read it as the continuation of the previous value)`);
      continue;
    }
    if (line.startsWith('#') || line.startsWith(';')) {
      continue;
    }
    const section = SECTION.exec(line.trimEnd());
    if (section) {
      const name = section[1];
      const nameProblem = checkProfileName(`${where}: section`, name);
      if (nameProblem) {
        problems.push(nameProblem);
        current = undefined;
      } else if (profiles.has(name)) {
        problems.push(`${where}: section [${name}] appears twice (botocore rejects the file; the JS SDK silently keeps the last values)`);
        current = undefined;
      } else {
        current = new Map();
        currentName = name;
        profiles.set(name, current);
      }
      continue;
    }
    const keyValue = KEY_VALUE.exec(line);
    if (!keyValue) {
      problems.push(`${where} is neither a [section], a comment nor key = value`);
      continue;
    }
    if (!current) {
      if (profiles.size === 0) {
        problems.push(`${where}: a key outside any [section]`);
      }
      continue;
    }
    const key = keyValue[1];
    const value = keyValue[2];
    const field = `${source} [${currentName}] ${key}`;
    if (current.has(key)) {
      problems.push(`${field} appears twice (line ${index + 1}; botocore rejects the file; the JS SDK silently keeps the last value)`);
      continue;
    }
    if (key !== key.toLowerCase()) {
      problems.push(`${field} is not lower-case (botocore lower-cases keys, the JS SDK does not)`);
    }
    problems.push(checkValue(field, value));
    current.set(key, value);
  }
  if (profiles.size === 0 && problems.length === 0) {
    problems.push(`${source} has no [profile] section`);
  }
  for (const [name, keys] of profiles) {
    for (const required of [ACCESS_KEY_ID, SECRET_ACCESS_KEY]) {
      if (!keys.has(required)) {
        problems.push(`${source} [${name}] has no ${required}`);
      }
    }
  }
  return { problems: problems.filter((p): p is string => p !== undefined), profiles };
}
