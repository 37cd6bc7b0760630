import * as fs from 'fs';
import * as path from 'path';
import { loadSharedConfigFiles } from '@smithy/shared-ini-file-loader';
import { Testing } from 'cdk8s';
import { AwsFileCredentials } from '../src';
import { describeWithKubectl, kubectlSecretData, tempDir } from './support/kubectl';
import { expectValidManifests } from './support/schema';
import { expectNoSecrets, secretData } from './support/secrets';
import { errorOf, testChart } from './support/synth';
import { parseCredentialsFile } from '../src/formats/aws-credentials-file';

const KEY_ID = 'AKIADISTINCTIVE00001';
const SECRET = 'distinctiveSecret/Key+0000000000000000000';
const TOKEN = 'distinctiveToken//Session==';
const file = (...lines: string[]) => lines.join('\n') + '\n';

describe('AwsFileCredentials: the guide Secret and PodDefault', () => {
  test('writes Secret aws-credentials with key credentials and PodDefault aws-credentials', () => {
    // GIVEN
    const chart = testChart('user');
    // WHEN
    const aws = new AwsFileCredentials(chart, 'Aws', { profiles: [{ accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'secret', sessionToken: 'token' }] });
    aws.addPodDefault();
    // THEN
    const manifests = Testing.synth(chart);
    expect(manifests).toMatchSnapshot();
    expectValidManifests(manifests);
    expect(secretData(chart, 'aws-credentials').credentials).toBe(file(
      '[default]', 'aws_access_key_id = AKIAEXAMPLE', 'aws_secret_access_key = secret', 'aws_session_token = token'));
    expect(manifests[1].spec).toEqual({
      desc: 'Add AWS credentials',
      selector: { matchLabels: { 'aws-credentials': 'true' } },
      volumes: [{ name: 'aws-secret-volume', secret: { secretName: 'aws-credentials' } }],
      volumeMounts: [{ name: 'aws-secret-volume', mountPath: '/home/kubeflow/.aws/' }],
    });
    expect(aws.profiles).toEqual(['default']);
  });

  test('uses its own selector, not the guide\'s copy-pasted docker-config', () => {
    const chart = testChart();
    new AwsFileCredentials(chart, 'Aws', { profiles: [{ accessKeyId: 'a', secretAccessKey: 'b' }] }).addPodDefault();
    expect(Object.keys(Testing.synth(chart)[1].spec.selector.matchLabels)).toEqual(['aws-credentials']);
  });

  test('writes several profiles, the first named default', () => {
    const chart = testChart();
    new AwsFileCredentials(chart, 'Aws', {
      profiles: [{ accessKeyId: 'a', secretAccessKey: 'b' }, { name: 'prod', accessKeyId: 'c', secretAccessKey: 'd' }],
    });
    expect(secretData(chart, 'aws-credentials').credentials).toBe(
      '[default]\naws_access_key_id = a\naws_secret_access_key = b\n\n[prod]\naws_access_key_id = c\naws_secret_access_key = d\n');
  });
});

describe('AwsFileCredentials: profiles', () => {
  const reject = (profiles: any[]) => errorOf(() => new AwsFileCredentials(testChart(), 'Aws', { profiles }));
  test.each([
    ['accessKeyId', { accessKeyId: `${KEY_ID}\n`, secretAccessKey: SECRET }, /profiles\[0\]\.accessKeyId ends with a newline \(encode with echo -n/],
    ['secretAccessKey', { accessKeyId: KEY_ID, secretAccessKey: `${SECRET} ` }, /profiles\[0\]\.secretAccessKey contains whitespace/],
    ['sessionToken', { accessKeyId: KEY_ID, secretAccessKey: SECRET, sessionToken: `${TOKEN}\t` }, /profiles\[0\]\.sessionToken contains a control character/],
    ['an empty key', { accessKeyId: '', secretAccessKey: SECRET }, /profiles\[0\]\.accessKeyId is empty/],
  ])('rejects a bad %s without printing any credential', (_what, profile, message) => {
    const text = reject([profile]);
    expect(text).toMatch(message);
    expectNoSecrets(text, [KEY_ID, SECRET, TOKEN]);
  });
  test('rejects duplicate profile names', () => {
    expect(reject([{ accessKeyId: 'a', secretAccessKey: 'b' }, { name: 'default', accessKeyId: 'c', secretAccessKey: 'd' }]))
      .toMatch(/profiles\[1\]\.name "default" is also the name of profiles\[0\]/);
  });
  test('requires names after the first profile', () => {
    expect(reject([{ accessKeyId: 'a', secretAccessKey: 'b' }, { accessKeyId: 'c', secretAccessKey: 'd' }])).toMatch(/profiles\[1\]\.name is missing/);
  });
  test.each([
    ['profile prod', /"profile " prefix, which belongs to the AWS config file; .* \[prod\]/],
    ['my profile', /has whitespace, a control character or one of/],
    ['__proto__', /JavaScript object property name/],
    ['constructor', /JavaScript object property name/],
  ])('rejects the profile name %j', (name, message) => {
    expect(reject([{ name, accessKeyId: 'a', secretAccessKey: 'b' }])).toMatch(message);
  });
  test('rejects an empty list', () => {
    expect(reject([])).toMatch(/profiles is empty/);
  });
});

describe('AwsFileCredentials: an existing credentials file', () => {
  const reject = (text: string) => errorOf(() => new AwsFileCredentials(testChart(), 'Aws', { credentialsFile: text }));

  test('is stored byte for byte, comments and CRLF included', () => {
    const text = '# team credentials\r\n[default]\r\naws_access_key_id=a\r\naws_secret_access_key = b\r\n; more\r\n\r\n[prod]\r\naws_access_key_id = c\r\naws_secret_access_key = d\r\nregion = eu-west-1\r\n';
    const chart = testChart();
    const aws = new AwsFileCredentials(chart, 'Aws', { credentialsFile: text });
    expect(secretData(chart, 'aws-credentials').credentials).toBe(text);
    expect(aws.profiles).toEqual(['default', 'prod']);
  });
  test('rejects duplicate sections', () => {
    expect(reject(file('[default]', 'aws_access_key_id = a', 'aws_secret_access_key = b', '[default]', 'aws_access_key_id = c')))
      .toMatch(/botocore cannot read it: configparser refuses section \[default\] twice \(DuplicateSectionError, line 4\)/);
  });
  test('rejects duplicate keys, without printing values', () => {
    const message = reject(file('[default]', `aws_access_key_id = ${KEY_ID}`, `aws_secret_access_key = ${SECRET}`, `aws_secret_access_key = ${SECRET}x`));
    expect(message).toMatch(/configparser refuses the key "aws_secret_access_key" twice in \[default\] \(DuplicateOptionError, line 4\)/);
    expectNoSecrets(message, [KEY_ID, SECRET]);
  });
  test('rejects [profile x] headers', () => {
    expect(reject(file('[profile dev]', 'aws_access_key_id = a', 'aws_secret_access_key = b'))).toMatch(/a section is the bare profile name, never \[profile x\]/);
  });
  test('rejects missing keys', () => {
    expect(reject(file('[default]', 'aws_access_key_id = a'))).toMatch(/credentialsFile \[default\] has aws_access_key_id without aws_secret_access_key: botocore fails/);
  });
  test('rejects values with whitespace or control characters inside', () => {
    expect(reject(file('[default]', 'aws_access_key_id = AKIA EXAMPLE', 'aws_secret_access_key = b'))).toMatch(/aws_access_key_id contains whitespace/);
    expect(reject(file('[default]', 'aws_access_key_id = a\u0001', 'aws_secret_access_key = b'))).toMatch(/aws_access_key_id contains a control character/);
  });
  test('rejects an inline comment, which the AWS JS SDK cuts off and botocore keeps', () => {
    const message = reject(file('[default]', `aws_access_key_id = ${KEY_ID} # comment`, 'aws_secret_access_key = b'));
    expect(message).toMatch(/aws_access_key_id is read differently by botocore and the AWS JS SDK .*cuts the value at a " #"/);
    expectNoSecrets(message, [KEY_ID]);
  });
  test('rejects values that start with # or ; (a comment to the JS SDK, a value to botocore)', () => {
    const message = reject(file('[default]', `aws_access_key_id = #${KEY_ID}`, 'aws_secret_access_key = b'));
    expect(message).toMatch(/reads a value starting with "#" or ";" as a comment/);
    expectNoSecrets(message, [KEY_ID]);
    expect(reject(file('[default]', 'aws_access_key_id = a', 'aws_secret_access_key = ;b'))).toMatch(/reads a value starting with "#" or ";" as a comment/);
    expect(() => new AwsFileCredentials(testChart(), 'Aws', { profiles: [{ accessKeyId: 'a#b', secretAccessKey: 'c;d' }] })).not.toThrow();
  });
  test('rejects an indented line that configparser reads as the continuation of the previous value', () => {
    expect(reject(file('[default]', 'aws_access_key_id = a', '  aws_secret_access_key = b'))).toMatch(/\[default\] has only one of|botocore reads credentials from it and the AWS JS SDK does not|read differently/);
    expect(reject(file('[default]', 'aws_access_key_id = a', 'aws_secret_access_key = b', '  c'))).toMatch(/aws_secret_access_key is read differently .*continues the value in botocore/);
  });
  test('rejects ":" as the delimiter (botocore reads it, the JS SDK does not)', () => {
    expect(reject(file('[default]', 'aws_access_key_id: a', 'aws_secret_access_key = b'))).toMatch(/botocore reads credentials from it and the AWS JS SDK does not \(botocore lower-cases keys and also takes ":" as the delimiter/);
  });
  test('rejects keys before any section', () => {
    expect(reject(file('aws_access_key_id = a', '[default]', 'aws_access_key_id = a', 'aws_secret_access_key = b'))).toMatch(/configparser finds no \[section\] before line 1/);
  });
  test('rejects upper-case keys (botocore lower-cases them, the JS SDK does not)', () => {
    expect(reject(file('[default]', 'AWS_ACCESS_KEY_ID = a', 'aws_secret_access_key = b'))).toMatch(/botocore reads credentials from it and the AWS JS SDK does not \(botocore lower-cases keys/);
    expect(reject(file('[default]', 'AWS_ACCESS_KEY_ID = a', 'aws_access_key_id = a', 'aws_secret_access_key = b'))).toMatch(/refuses the key "aws_access_key_id" twice/);
  });
  test('rejects aws_security_token (botocore prefers it, the JS SDK ignores it) and [DEFAULT]', () => {
    expect(reject(file('[default]', 'aws_access_key_id = a', 'aws_secret_access_key = b', 'aws_security_token = t'))).toMatch(/aws_security_token, which botocore uses before aws_session_token/);
    expect(reject(file('[DEFAULT]', 'aws_access_key_id = a', 'aws_secret_access_key = b'))).toMatch(/\[DEFAULT\] is configparser's defaults section/);
  });
  test.each([
    ['whitespace after a value', ['[default]', 'aws_access_key_id = a \t\u00a0', 'aws_secret_access_key = b ']],
    ['\\r\\r\\n line ends', ['[default]', 'aws_access_key_id = a\r\r', 'aws_secret_access_key = b\r']],
    ['an indented first key (configparser takes it as a key)', ['[default]', '  aws_access_key_id = a', '  aws_secret_access_key = b']],
    ['indented comments', ['[default]', 'aws_access_key_id = a', '   # a comment', 'aws_secret_access_key = b']],
    ['a comment after the section header', ['[default] # main account', 'aws_access_key_id = a', 'aws_secret_access_key = b']],
    ['profile names with non-ASCII, / or :', ['[équipe/dev:1]', 'aws_access_key_id = a', 'aws_secret_access_key = b']],
    ['settings that are not credentials', ['[default]', 'aws_access_key_id = a', 'aws_secret_access_key = b', 'region = us-east-1', 'ca_bundle = /etc/ssl/my bundle.pem', 's3 =', '  max_concurrent_requests = 20']],
    ['an empty aws_session_token', ['[default]', 'aws_access_key_id = a', 'aws_secret_access_key = b', 'aws_session_token =']],
  ])('accepts, as botocore and the JS SDK both read it: %s (stored byte for byte)', (_name, lines) => {
    const text = lines.join('\n') + '\n';
    const aws = new AwsFileCredentials(testChart(), 'Aws', { credentialsFile: text });
    expect(Buffer.from(aws.toJson().data.credentials, 'base64').toString('utf8')).toBe(text);
  });
  test('rejects a file without sections, an empty file and a BOM', () => {
    expect(reject('# nothing\n')).toMatch(/credentialsFile has no profile with aws_access_key_id and aws_secret_access_key/);
    expect(reject('')).toMatch(/credentialsFile is empty/);
    expect(reject(`\ufeff${file('[default]', 'aws_access_key_id = a', 'aws_secret_access_key = b')}`)).toMatch(/byte-order mark, which botocore reads as part of the first line/);
  });
});

describe('AwsFileCredentials.fromFile and fromExistingSecret', () => {
  const dir = tempDir();
  test('reads a file and names it in errors', () => {
    const good = path.join(dir, 'credentials');
    fs.writeFileSync(good, file('[default]', 'aws_access_key_id = a', 'aws_secret_access_key = b'));
    const chart = testChart();
    AwsFileCredentials.fromFile(chart, 'Aws', good);
    expect(secretData(chart, 'aws-credentials').credentials).toBe(fs.readFileSync(good, 'utf8'));
    const bad = path.join(dir, 'bad');
    fs.writeFileSync(bad, file('[default]', 'aws_access_key_id = a'));
    expect(errorOf(() => AwsFileCredentials.fromFile(testChart(), 'Aws', bad))).toBe(`[user/Aws] file ${JSON.stringify(bad)} [default] has aws_access_key_id without aws_secret_access_key: botocore fails (PartialCredentialsError) and the AWS JS SDK ignores the profile (give both) [aws-file-duplicates, runtime]`);
    expect(errorOf(() => AwsFileCredentials.fromFile(testChart(), 'Aws', path.join(dir, 'none')))).toMatch(/AWS credentials file ".*none" does not exist/);
  });
  test('references an existing Secret and writes only the PodDefault', () => {
    const chart = testChart();
    AwsFileCredentials.fromExistingSecret(chart, 'Aws', 'aws-credentials').addPodDefault({ mountPath: '/home/jovyan/.aws/' });
    const manifests = Testing.synth(chart);
    expect(manifests.map((m) => m.kind)).toEqual(['PodDefault']);
    expect(manifests[0].spec.volumeMounts).toEqual([{ name: 'aws-secret-volume', mountPath: '/home/jovyan/.aws/' }]);
  });
});

describe('the credentials parser agrees with the AWS JS SDK on accepted files', () => {
  const dir = tempDir();
  const cases = [
    file('[default]', 'aws_access_key_id = a', 'aws_secret_access_key = b'),
    file('# c', '[default]', 'aws_access_key_id=a', 'aws_secret_access_key=b==', '', '; c', '[prod-1.x@y+z]', 'aws_access_key_id = c', 'aws_secret_access_key = d', 'aws_session_token = e/f+g=='),
    '[default]\r\naws_access_key_id = a\r\naws_secret_access_key = b\r\nregion = us-east-1',
  ];
  test.each(cases.map((c, i) => [i, c]))('case %i', async (index, text) => {
    const ours = parseCredentialsFile(text as string, 'file');
    expect(ours.problems).toEqual([]);
    const filepath = path.join(dir, `credentials-${index}`);
    fs.writeFileSync(filepath, text as string);
    const sdk = await loadSharedConfigFiles({ filepath, configFilepath: path.join(dir, 'no-config'), ignoreCache: true });
    const oursAsObject = Object.fromEntries([...ours.profiles].map(([name, keys]) => [name, Object.fromEntries(keys)]));
    expect(oursAsObject).toEqual(sdk.credentialsFile);
  });
});

describeWithKubectl('AwsFileCredentials: Secret data equals kubectl create secret generic --from-file', () => {
  test('for a generated and a read file', () => {
    const dir = tempDir();
    const chart = testChart();
    new AwsFileCredentials(chart, 'Gen', { name: 'gen', profiles: [{ accessKeyId: KEY_ID, secretAccessKey: SECRET, sessionToken: TOKEN }, { name: 'b', accessKeyId: 'x', secretAccessKey: 'y' }] });
    const generated = path.join(dir, 'generated');
    fs.writeFileSync(generated, secretData(chart, 'gen').credentials);
    const read = path.join(dir, 'read');
    fs.writeFileSync(read, '[default]\r\naws_access_key_id = ü\r\naws_secret_access_key = b\r\n');
    AwsFileCredentials.fromFile(chart, 'Read', read, { name: 'read' });
    const secrets = Testing.synth(chart).filter((o) => o.kind === 'Secret');
    expect(secrets[0].data).toEqual(kubectlSecretData([`--from-file=credentials=${generated}`]));
    expect(secrets[1].data).toEqual(kubectlSecretData([`--from-file=credentials=${read}`]));
  });
});
