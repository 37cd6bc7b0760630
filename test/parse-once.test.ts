/**
 * One way in: the providers read files, and the constructs' factories are thin calls of them,
 * so that a file is parsed once.
 */
import * as fs from 'fs';
import * as path from 'path';
import { AwsFileCredentials, DockerConfigurationProvider, DockerCredentials } from '../src';
import { tempDir } from './support/kubectl';
import { errorOf, testChart } from './support/synth';
import * as awsFormat from '../src/formats/aws-credentials-file';
import * as dockerFormat from '../src/formats/docker-config';

const write = (name: string, text: string) => {
  const file = path.join(tempDir(), name);
  fs.writeFileSync(file, text);
  return file;
};
const CONFIG = JSON.stringify({ auths: { 'ghcr.io': { auth: Buffer.from('u:p').toString('base64') } } });
const CREDENTIALS = '[default]\naws_access_key_id = a\naws_secret_access_key = b\n';

afterEach(() => jest.restoreAllMocks());

test('DockerCredentials.fromFile parses config.json once, through the provider', () => {
  const check = jest.spyOn(dockerFormat, 'checkDockerConfig');
  const docker = DockerCredentials.fromFile(testChart(), 'Docker', write('config.json', CONFIG));
  expect(check).toHaveBeenCalledTimes(1);
  expect(Buffer.from(docker.toJson().data['config.json'], 'base64').toString('utf8')).toBe(CONFIG);
});

test('DockerCredentials.fromProvider does not parse again what the provider checked', () => {
  const provider = DockerConfigurationProvider.fromFile(write('config.json', CONFIG));
  const check = jest.spyOn(dockerFormat, 'checkDockerConfig');
  DockerCredentials.fromProvider(testChart(), 'Docker', provider);
  expect(check).not.toHaveBeenCalled();
});

test('AwsFileCredentials.fromFile parses the credentials file once, through the provider', () => {
  const parse = jest.spyOn(awsFormat, 'parseCredentialsFile');
  const aws = AwsFileCredentials.fromFile(testChart(), 'Aws', write('credentials', CREDENTIALS));
  expect(parse).toHaveBeenCalledTimes(1);
  expect(aws.profiles).toEqual(['default']);
});

test('errors of a file read through the provider are reported at the construct', () => {
  expect(errorOf(() => DockerCredentials.fromFile(testChart(), 'Docker', '/nonexistent/config.json')))
    .toBe('[user/Docker] Docker config file "/nonexistent/config.json" does not exist [file-unreadable, runtime]');
  expect(errorOf(() => AwsFileCredentials.fromFile(testChart(), 'Aws', '/nonexistent/credentials')))
    .toBe('[user/Aws] AWS credentials file "/nonexistent/credentials" does not exist [file-unreadable, runtime]');
});

test('content given directly is still checked', () => {
  expect(errorOf(() => new DockerCredentials(testChart(), 'Docker', { configJson: '{}' }))).toMatch(/has no "auths" object/);
});
