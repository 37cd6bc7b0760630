/**
 * One way in: the providers read files, and the constructs' factories are thin calls of them,
 * so that a file is parsed once.
 */
import * as fs from 'fs';
import * as path from 'path';
import { inspect } from 'util';
import {
  AwsCredentialsFile, AwsEnvConfiguration, AwsFileCredentials, DefaultMinioConfigurationProvider, DockerConfig, DockerConfigurationProvider,
  DockerCredentials, S3ConfigurationProvider,
} from '../src';
import { tempDir } from './support/kubectl';
import { errorOf, testChart } from './support/synth';
import * as awsFormat from '../src/formats/aws-credentials-file';
import { MINIO_SETTINGS } from '../src/formats/aws-env';
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

describe('sources are values: parsed once, shared by providers and constructs, never printed', () => {
  test('a DockerConfig read once is written byte for byte by any number of constructs, with no parse', () => {
    // GIVEN
    const config = DockerConfig.fromFile(write('config.json', CONFIG));
    const check = jest.spyOn(dockerFormat, 'checkDockerConfig');
    // WHEN two namespaces write it
    const a = new DockerCredentials(testChart('a'), 'Docker', { config });
    const b = new DockerCredentials(testChart('b'), 'Docker', { config });
    // THEN
    expect(check).not.toHaveBeenCalled();
    for (const docker of [a, b]) {
      expect(Buffer.from(docker.toJson().data['config.json'], 'base64').toString('utf8')).toBe(CONFIG);
      expect(docker.registries).toEqual(['ghcr.io']);
    }
    expect(DockerConfigurationProvider.fromConfig(config).config).toBe(config);
  });

  test('a DockerConfig prints its source and registries only', () => {
    const config = DockerConfig.fromJson(CONFIG);
    for (const printed of [String(config), JSON.stringify(config), inspect(config), inspect(config, { customInspect: false })]) {
      expect(printed).not.toContain(Buffer.from('u:p').toString('base64'));
    }
    expect(String(config)).toBe('DockerConfig(source: "configJson", registries: ["ghcr.io"], auths: <redacted>)');
    expect(config.covers('ghcr.io/team/model:1')).toBe(true);
    expect(config.covers('quay.io/team/model:1')).toBe(false);
  });

  test('DockerConfig factories refuse what DockerCredentials refuses, with the rule id', () => {
    expect(errorOf(() => DockerConfig.fromJson('{"auths": {}}'))).toBe('[DockerConfig.fromJson()] configJson has an empty "auths" object (no registry credentials) [docker-config-json, runtime]');
    expect(errorOf(() => DockerConfig.fromRegistries([]))).toMatch(/^\[DockerConfig.fromRegistries\(\)\] registries is empty/);
  });

  test('a config that is not a DockerConfig is refused', () => {
    expect(errorOf(() => new DockerCredentials(testChart(), 'Docker', { config: { configJson: () => CONFIG } as any })))
      .toBe('[user/Docker] config must be a DockerConfig (DockerConfig.fromFile, fromJson or fromRegistries)');
  });

  test('an AwsCredentialsFile read once is the provider\'s file and is written without a parse', () => {
    const provider = S3ConfigurationProvider.fromFile(write('credentials', CREDENTIALS));
    expect(provider.file?.profiles).toEqual(['default']);
    const parse = jest.spyOn(awsFormat, 'parseCredentialsFile');
    const aws = AwsFileCredentials.fromProvider(testChart(), 'Aws', provider);
    const direct = new AwsFileCredentials(testChart('other'), 'Aws', { file: provider.file! });
    expect(parse).not.toHaveBeenCalled();
    for (const construct of [aws, direct]) {
      expect(Buffer.from(construct.toJson().data.credentials, 'base64').toString('utf8')).toBe(CREDENTIALS);
    }
    expect(String(provider.file)).toMatch(/^AwsCredentialsFile\(source: ".*credentials", profiles: \["default"\], credentials: <redacted>\)$/);
    expect(JSON.stringify(provider.file)).not.toContain('aws_secret_access_key = b');
  });

  test('AwsCredentialsFile.fromText checks as the consumers read', () => {
    expect(AwsCredentialsFile.fromText(CREDENTIALS).profiles).toEqual(['default']);
    expect(errorOf(() => AwsCredentialsFile.fromText('[profile dev]\naws_access_key_id = a\naws_secret_access_key = b\n'))).toMatch(/never \[profile x\]\) \[aws-file-section, runtime\]$/m);
  });

  test('a profile without credentials is refused by the provider', () => {
    const file = write('credentials', `${CREDENTIALS}\n[other]\nregion = eu-west-1\n`);
    expect(errorOf(() => S3ConfigurationProvider.fromFile(file, 'other'))).toMatch(/profile "other" holds no aws_access_key_id and aws_secret_access_key: botocore finds no credentials .* \[aws-profile-missing, runtime\]$/);
    expect(S3ConfigurationProvider.fromFile(file, 'default').accessKeyId).toBe('a');
  });

  test('the in-cluster MinIO is a set of settings, the same for the provider and the construct', () => {
    const provider = DefaultMinioConfigurationProvider.default();
    expect({
      s3Endpoint: provider.s3Endpoint,
      region: provider.region,
      s3SignatureVersion: provider.s3SignatureVersion,
      s3ForcePathStyle: provider.s3ForcePathStyle,
      credentialsFromSecret: provider.credentialsFromSecret,
    }).toEqual(MINIO_SETTINGS);
    const fromProvider = AwsEnvConfiguration.fromProvider(testChart('a'), 'S3', provider);
    const direct = AwsEnvConfiguration.minio(testChart('b'), 'S3');
    expect(fromProvider.toJson().data).toEqual(direct.toJson().data);
  });
});
