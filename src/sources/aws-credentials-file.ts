import { Problem } from '../engine/rule-ids';
import { throwIfProblemsAt } from '../errors';
import { parseCredentialsFile, ParsedProfiles } from '../formats/aws-credentials-file';
import { decodeCredentialBytes, readCredentialFile } from '../formats/files';
import { inspectAs, REDACTED, SecretStore } from '../redact';
import { quote } from '../rules/text';

/** The problems of a credentials file's text (its bytes, then as botocore and the AWS JS SDK read it), and its profiles. */
export function checkCredentialsText(text: string, field: string): { problems: Problem[]; profiles: ParsedProfiles } {
  const bytes = decodeCredentialBytes(Buffer.from(text, 'utf8'), field, 'aws');
  return bytes.problem ? { problems: [bytes.problem], profiles: new Map() } : parseCredentialsFile(text, field);
}

/** The text and profiles of each value, kept out of every printout. */
const CONTENT = new SecretStore<{ readonly text: string; readonly profiles: ParsedProfiles }>();

/**
 * An AWS shared credentials file, read and checked once as botocore and the AWS JS SDK read it:
 * what `S3ConfigurationProvider.fromFile` holds and what `AwsFileCredentials` writes (`file`
 * prop), so that the file is parsed once wherever it goes.
 *
 * Its contents are never printed: `toString()`, `toJSON()` and `util.inspect` show the source
 * and the profile names only.
 *
 * @example
 * const file = AwsCredentialsFile.fromFile(`${process.env.HOME}/.aws/credentials`);
 * new AwsFileCredentials(chart, 'Aws', { file });
 */
export class AwsCredentialsFile {
  /**
   * Reads a credentials file. Missing, unreadable, empty, non-UTF-8 and BOM-prefixed files fail,
   * and so does every problem a credentials file is checked for (CRLF line ends are fine).
   *
   * @param path the credentials file
   */
  public static fromFile(path: string): AwsCredentialsFile {
    return AwsCredentialsFile._read(path, 'AwsCredentialsFile.fromFile()');
  }

  /**
   * Checks the text of a credentials file, stored byte for byte.
   *
   * @param text the file's contents
   */
  public static fromText(text: string): AwsCredentialsFile {
    const content = typeof text === 'string' ? text : '';
    const check = checkCredentialsText(content, 'credentialsFile');
    throwIfProblemsAt('AwsCredentialsFile.fromText()', check.problems);
    return new AwsCredentialsFile('credentialsFile', content, check.profiles);
  }

  /**
   * Reads and checks a file; problems are thrown at `caller` (a construct path, or a factory).
   * @internal
   */
  public static _read(path: string, caller: string): AwsCredentialsFile {
    const file = readCredentialFile(path, 'AWS credentials');
    throwIfProblemsAt(caller, [file.problem]);
    const check = parseCredentialsFile(file.text!, `file ${quote(path)}`);
    throwIfProblemsAt(caller, check.problems);
    return new AwsCredentialsFile(path, file.text!, check.profiles);
  }

  /** Where it came from: a file path, or `credentialsFile`. */
  public readonly source: string;

  private constructor(source: string, text: string, profiles: ParsedProfiles) {
    this.source = source;
    CONTENT.set(this, { text, profiles });
  }

  /** The profile names of the file, in file order. */
  public get profiles(): string[] {
    return [...CONTENT.get(this).profiles.keys()];
  }

  /** The file exactly as read. It holds credentials: do not log it. */
  public text(): string {
    return CONTENT.get(this).text;
  }

  /**
   * The keys and values of one profile, as botocore reads them.
   * @internal
   */
  public _profile(name: string): ReadonlyMap<string, string> | undefined {
    return CONTENT.get(this).profiles.get(name);
  }

  /** A description without credentials. */
  public toString(): string {
    return `AwsCredentialsFile(source: ${quote(this.source)}, profiles: [${this.profiles.map(quote).join(', ')}], credentials: ${REDACTED})`;
  }

  /** What `JSON.stringify` shows: no credentials. */
  public toJSON(): { [key: string]: any } {
    return { kind: 'AwsCredentialsFile', source: this.source, profiles: this.profiles, credentials: REDACTED };
  }
}

inspectAs(AwsCredentialsFile.prototype, (self: AwsCredentialsFile) => self.toString());
