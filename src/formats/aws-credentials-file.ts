/**
 * The AWS shared credentials file (docs/rulebook.md, "AWS shared credentials file"): building it from profiles, and checking one
 * written by hand or by `aws configure`.
 *
 * A file is accepted exactly when its consumers read the same credentials from it: botocore
 * (Python's configparser) and the AWS JS SDK, both modelled in `formats/aws-ini.ts` and compared
 * with the real ones by the differential tests. What both normalize (whitespace around values,
 * indented keys that configparser does not take as continuations, comments after a section
 * header, profiles that are not credentials) is accepted, and the file is stored byte for byte;
 * what one of them reads differently is refused, naming it. General INI libraries (npm `ini`)
 * read these files in a third way, so they are the wrong tool here.
 */
import {
  botocoreCredentials, ConsumerRead, jsSdkCredentials, readAsBotocore, readAsJsSdk, ReadCredentials,
} from './aws-ini';
import { oversizedProblem } from './files';
import { goTemplateText } from './go-template';
import { Problem } from '../engine/rule-ids';
import { SECRET_DATA_KEY } from '../rules/names';
import { quote } from '../rules/text';
import { checkSecretValue } from '../rules/values';
/** The keys of a credentials profile. */
export const ACCESS_KEY_ID = 'aws_access_key_id';
export const SECRET_ACCESS_KEY = 'aws_secret_access_key';
export const SESSION_TOKEN = 'aws_session_token';


/** One profile, as `AwsFileCredentials` takes it. */
export interface AwsProfileInput {
  readonly name?: string;
  readonly accessKeyId?: string;
  readonly secretAccessKey?: string;
  readonly sessionToken?: string;
  readonly withSessionToken?: boolean;
}

/** A profile read from a file: its keys and values, in file order. */
export type ParsedProfiles = Map<string, Map<string, string>>;

/** Checks a profile name for a file this library writes: one that botocore and the JS SDK both read as written. */
export function checkProfileName(field: string, name: string): string | undefined {
  if (typeof name !== 'string' || name.length === 0) {
    return `${field} is empty`;
  }
  if (/^profile\s/.test(name)) {
    return `${field} ${quote(name)} uses the "profile " prefix, which belongs to the AWS config file; in the credentials file a section is the bare name, e.g. [${name.replace(/^profile\s+/, '')}]`;
  }
  if (name === 'DEFAULT') {
    return `${field} ${quote(name)} is configparser's defaults section: botocore merges it into every profile and has no profile of that name (use "default")`;
  }
  if (/[[\]#;=\s\u0000-\u001f\u007f]/.test(name)) {
    return `${field} ${quote(name)} has whitespace, a control character or one of [ ] # ; =, which botocore and the AWS JS SDK read differently`;
  }
  if (name in Object.prototype) {
    return `${field} ${quote(name)} is a JavaScript object property name: the AWS JS SDK refuses "__proto__" and mis-reads the others, so botocore and the JS SDK would disagree`;
  }
  return undefined;
}

function checkValue(field: string, value: string | undefined): Problem | undefined {
  if (value === undefined) {
    return { rule: 'credential-value', message: `${field} is missing (it is needed unless the output is external)` };
  }
  if (typeof value === 'string' && (value.startsWith('#') || value.startsWith(';'))) {
    // After "key = ", the JS SDK strips "#..." and ";..." as a comment; botocore keeps them.
    return { rule: 'aws-file-value', message: `${field} starts with "#" or ";" (length ${value.length}), which the AWS JS SDK reads as a comment after "key = " while botocore does not` };
  }
  return checkSecretValue(field, value, { noWhitespace: true });
}

/** A file built from credentials, and the same file as an External Secrets template over its fields. */
export interface BuiltFile {
  readonly problems: Problem[];
  readonly content: string;
  readonly template: string;
  readonly fields: string[];
}

/** The remote field of one profile's value, for an ExternalSecret template. */
export function profileField(profile: string, key: string): string {
  return `${remoteProfileName(profile)}_${key}`;
}

/**
 * A profile's name in the remote fields: itself when the CRD's `secretKey` pattern allows it
 * (`[-._a-zA-Z0-9]`), otherwise `profile-` and the hexadecimal of its UTF-8 bytes (`team/ml` →
 * `profile-7465616d2f6d6c`), so that every profile name botocore accepts has a valid key.
 */
export function remoteProfileName(profile: string): string {
  return SECRET_DATA_KEY.test(profile) ? profile : `profile-${Buffer.from(profile, 'utf8').toString('hex')}`;
}

/**
 * Builds a credentials file; the first profile's name defaults to `default`. `template` is the
 * same file as an External Secrets template, each value read from its remote field.
 */
export function buildCredentialsFile(profiles: readonly AwsProfileInput[], options: { external?: boolean } = {}): BuiltFile {
  if (!Array.isArray(profiles) || profiles.length === 0) {
    return { problems: [{ rule: 'aws-file-section', message: 'profiles is empty (give at least one profile, or credentialsFile)' }], content: '', template: '', fields: [] };
  }
  const problems: Array<Problem | undefined> = [];
  const section = (message: string | undefined): Problem | undefined => (message === undefined ? undefined : { rule: 'aws-file-section', message });
  const seen = new Map<string, number>();
  const sections: string[] = [];
  const templates: string[] = [];
  const fields: string[] = [];
  for (const [index, profile] of profiles.entries()) {
    const name = profile.name ?? (index === 0 ? 'default' : undefined);
    const field = `profiles[${index}]`;
    if (name === undefined) {
      problems.push(section(`${field}.name is missing (only the first profile defaults to "default")`));
      continue;
    }
    const nameProblem = checkProfileName(`${field}.name`, name);
    problems.push(
      nameProblem === undefined ? undefined : { rule: name in Object.prototype ? 'aws-profile-name' : 'aws-file-section', message: nameProblem },
      // With external output the store holds the credentials: only the shape is needed here.
      ...(options.external ? [] : [
        checkValue(`${field}.accessKeyId`, profile.accessKeyId),
        checkValue(`${field}.secretAccessKey`, profile.secretAccessKey),
        profile.sessionToken === undefined ? undefined : checkValue(`${field}.sessionToken`, profile.sessionToken),
      ]),
    );
    if (!nameProblem && seen.has(name)) {
      problems.push({ rule: 'aws-file-duplicates', message: `${field}.name ${quote(name)} is also the name of profiles[${seen.get(name)}] (botocore rejects duplicate sections)` });
    }
    seen.set(name, index);
    const values: Array<[string, string]> = [[ACCESS_KEY_ID, profile.accessKeyId ?? ''], [SECRET_ACCESS_KEY, profile.secretAccessKey ?? '']];
    if (profile.sessionToken !== undefined || (options.external && profile.withSessionToken)) {
      values.push([SESSION_TOKEN, profile.sessionToken ?? '']);
    }
    sections.push([`[${name}]`, ...values.map(([key, value]) => `${key} = ${value}`)].join('\n') + '\n');
    templates.push([goTemplateText(`[${name}]`), ...values.map(([key]) => `${key} = {{ index . ${JSON.stringify(profileField(name, key))} }}`)].join('\n') + '\n');
    fields.push(...values.map(([key]) => profileField(name, key)));
  }
  const content = sections.join('\n');
  problems.push(oversizedProblem('the credentials file built from profiles', content));
  const found = problems.filter((p): p is Problem => p !== undefined);
  return { problems: found, content: found.length > 0 ? '' : content, template: templates.join('\n'), fields };
}

/**
 * Checks a credentials file as its consumers read it. `source` names it in messages, which give
 * profile and key names, never values. `profiles` holds the keys of every profile both consumers
 * read (credentials as both read them).
 */
export function parseCredentialsFile(text: string, source: string): { problems: Problem[]; profiles: ParsedProfiles } {
  const botocore = readAsBotocore(text);
  const jsSdk = readAsJsSdk(text);
  const problems: Array<Problem | undefined> = [];
  if (botocore.error || jsSdk.error) {
    for (const [who, read] of [['botocore', botocore], ['the AWS JS SDK', jsSdk]] as const) {
      if (read.error) {
        const rule = text.startsWith('\ufeff') ? 'file-encoding' : /Duplicate/.test(read.error) ? 'aws-file-duplicates' : 'aws-file-section';
        problems.push({ rule, message: `${source}: ${who} cannot read it: ${read.error}${hintFor(read, text)}` });
      }
    }
    return { problems: problems as Problem[], profiles: new Map() };
  }
  const profiles: ParsedProfiles = new Map();
  const names = [...new Set([...botocore.profiles.keys(), ...jsSdk.profiles.keys()])];
  for (const name of names) {
    const b = botocore.profiles.get(name);
    const j = jsSdk.profiles.get(name);
    const bCreds = b && botocoreCredentials(b);
    const jCreds = j && jsSdkCredentials(j);
    const where = `${source} [${name}]`;
    if (!bCreds && !jCreds) {
      // Neither consumer reads credentials here (settings, or a half profile both ignore).
      if (b && j) {
        profiles.set(name, new Map(b));
      }
      continue;
    }
    const difference = compare(where, name, bCreds, jCreds, b, j);
    if (difference) {
      problems.push(difference);
      continue;
    }
    problems.push(
      checkValue(`${where} ${ACCESS_KEY_ID}`, bCreds!.accessKeyId),
      checkValue(`${where} ${SECRET_ACCESS_KEY}`, bCreds!.secretAccessKey!),
      bCreds!.sessionToken ? checkValue(`${where} ${SESSION_TOKEN}`, bCreds!.sessionToken) : undefined,
      name in Object.prototype ? { rule: 'aws-profile-name', message: `${where}: ${quote(name)} is a JavaScript object property name, which the AWS JS SDK mis-reads (rename the profile)` } : undefined,
    );
    profiles.set(name, new Map(b));
  }
  if (problems.length === 0 && ![...profiles.keys()].some((name) => botocoreCredentials(profiles.get(name)!))) {
    problems.push({ rule: 'aws-file-section', message: `${source} has no profile with ${ACCESS_KEY_ID} and ${SECRET_ACCESS_KEY}` });
  }
  return { problems: problems.filter((p): p is Problem => p !== undefined), profiles };
}

/** Why botocore and the JS SDK read one profile differently, or `undefined` when they agree. */
function compare(
  where: string, name: string, b: ReadCredentials | undefined, j: ReadCredentials | undefined,
  bKeys: ReadonlyMap<string, string> | undefined, jKeys: ReadonlyMap<string, string> | undefined,
): Problem | undefined {
  const differ = (message: string, rule: Problem['rule'] = 'aws-file-duplicates'): Problem => ({ rule, message });
  if (name === 'DEFAULT') {
    return differ(`${where} is configparser's defaults section: botocore has no profile "DEFAULT" and merges its keys into every other profile, while the AWS JS SDK reads a profile "DEFAULT" (name it [default], in lower case)`);
  }
  if (!b || !j) {
    const reader = b ? 'botocore' : 'the AWS JS SDK';
    const other = b ? 'the AWS JS SDK' : 'botocore';
    let why = 'rewrite the profile as [name] with lower-case "key = value" lines';
    if (/^profile\s|^profile\./.test(name)) {
      why = 'in the credentials file a section is the bare profile name, never [profile x]';
    } else if (b && bKeys && !jKeys) {
      why = 'botocore reads this section name, the JS SDK does not (a name with a space, or keys before it it cannot place)';
    } else if (b && [b.accessKeyId, b.secretAccessKey ?? ''].some((v) => /^[#;]/.test(v))) {
      why = 'after "key = ", the AWS JS SDK reads a value starting with "#" or ";" as a comment, botocore as the value';
    } else if (b && jKeys && !jKeys.has(ACCESS_KEY_ID)) {
      why = `botocore lower-cases keys and also takes ":" as the delimiter; write "${ACCESS_KEY_ID} = ..." in lower case`;
    } else if (b && !b.secretAccessKey) {
      return differ(`${where} has ${ACCESS_KEY_ID} without ${SECRET_ACCESS_KEY}: botocore fails (PartialCredentialsError) and the AWS JS SDK ignores the profile (give both)`);
    } else if (b && jKeys && !jKeys.has(SECRET_ACCESS_KEY)) {
      why = `botocore lower-cases keys and also takes ":" as the delimiter; write "${SECRET_ACCESS_KEY} = ..." in lower case`;
    }
    const rule = /^profile\s|^profile\./.test(name) ? 'aws-file-section' : /comment/.test(why) ? 'aws-file-value' : 'aws-file-duplicates';
    return differ(`${where}: ${reader} reads credentials from it and ${other} does not (${why})`, rule);
  }
  if (b.tokenKey === 'aws_security_token') {
    return differ(`${where} has aws_security_token, which botocore uses before aws_session_token and the AWS JS SDK ignores (keep only aws_session_token)`);
  }
  for (const [field, bv, jv] of [
    [ACCESS_KEY_ID, b.accessKeyId, j.accessKeyId],
    [SECRET_ACCESS_KEY, b.secretAccessKey, j.secretAccessKey],
    [SESSION_TOKEN, b.sessionToken || undefined, j.sessionToken || undefined],
  ] as const) {
    if (bv === jv) {
      continue;
    }
    let why = 'remove indentation, inline comments and whitespace inside the value';
    if (bv?.includes('\n')) {
      why = 'an indented line after it continues the value in botocore (configparser) but not in the AWS JS SDK; remove the indentation';
    } else if (bv !== undefined && jv !== undefined && bv.startsWith(jv) && /\s[#;]/.test(bv)) {
      why = 'the AWS JS SDK cuts the value at a " #" or " ;" (a comment), botocore keeps it';
    } else if (bv === undefined || jv === undefined) {
      why = `${bv === undefined ? 'botocore' : 'the AWS JS SDK'} does not read it; write it "${field} = ..." in lower case`;
    }
    return differ(`${where} ${field} is read differently by botocore and the AWS JS SDK (lengths ${bv?.length ?? 'none'} and ${jv?.length ?? 'none'}): ${why}`, /comment/.test(why) ? 'aws-file-value' : 'aws-file-duplicates');
  }
  return undefined;
}

/** A fix for a file a consumer cannot read at all. */
function hintFor(read: ConsumerRead, text: string): string {
  if (text.startsWith('\ufeff') && /MissingSectionHeader/.test(read.error ?? '')) {
    return ' (the file starts with a byte-order mark, which configparser keeps as part of the first line; save it as UTF-8 without BOM)';
  }
  return '';
}
