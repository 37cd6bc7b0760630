/**
 * A Secret's credentials as their consumers read them, whoever wrote the Secret: the same
 * consumer-faithful parsers that check the constructs' inputs (`formats/`), over the decoded
 * values of its keys. Messages name the key, never a value.
 */
import { isCertificateKey } from './ca-files';
import { Problem } from './rule-ids';
import { parseCredentialsFile } from '../formats/aws-credentials-file';
import { checkAwsEnvValues } from '../formats/aws-env';
import { checkCertificateBundle } from '../formats/certificates';
import { checkDockerConfig } from '../formats/docker-config';
import { decodeCredentialBytes } from '../formats/files';
import { checkGcpKeyFile, isGoogleCredentialsText } from '../formats/gcp-key';
import { quote } from '../rules/text';
import { checkSecretValue } from '../rules/values';

/** Keys that hold a Docker config.json (the Kaptain layout, and an image-pull Secret's). */
const DOCKER_KEYS = new Set(['config.json', '.dockerconfigjson']);
/** The key that holds an AWS shared credentials file. */
const AWS_FILE_KEY = 'credentials';
/** Kubeflow Pipelines' MinIO credentials (`mlpipeline-minio-artifact`), read as env values. */
const MINIO_KEYS = new Set(['accesskey', 'secretkey']);

/**
 * An empty value in a Secret is an empty credential, not a file that cannot be read; an oversized
 * one is already the Secret's own size problem (`secret-data`), said once for the whole object.
 */
function asValueProblem(p: Problem): Problem[] {
  return p.rule === 'secret-data' ? [] : [p.rule === 'file-unreadable' ? { ...p, rule: 'credential-value' } : p];
}

/** The problems of a Secret's decoded data, key by key. */
export function secretContentProblems(data: ReadonlyMap<string, Uint8Array>): Problem[] {
  const problems: Problem[] = [];
  const env = new Map<string, string>();
  for (const [key, bytes] of data) {
    const field = `key ${quote(key)}`;
    if (DOCKER_KEYS.has(key) || key === AWS_FILE_KEY) {
      const docker = key !== AWS_FILE_KEY;
      const text = decodeCredentialBytes(bytes, field, docker ? 'docker' : 'aws');
      if (text.problem !== undefined) {
        problems.push(...asValueProblem(text.problem));
        continue;
      }
      problems.push(...(docker ? checkDockerConfig(text.text!, field).problems : parseCredentialsFile(text.text!, field).problems));
    } else if (isCertificateKey(key)) {
      // Not a secret, but the SDK's documented Secret (docker-registry-certificate) holds one.
      const text = decodeCredentialBytes(bytes, field, 'certificate');
      if (text.problem === undefined) {
        problems.push(...checkCertificateBundle(text.text!, field).problems);
      } else if (text.problem.rule !== 'secret-data') {
        problems.push(text.problem.rule === 'file-unreadable' ? { ...text.problem, rule: 'certificate-pem' } : text.problem);
      }
    } else if (key.endsWith('.json') && isGoogleCredentialsText(Buffer.from(bytes).toString('utf8'))) {
      problems.push(...checkGcpKeyFile(Buffer.from(bytes).toString('utf8'), field).problems);
    } else if (/^(AWS|S3)_/.test(key) || MINIO_KEYS.has(key)) {
      const text = decodeCredentialBytes(bytes, field, 'aws');
      if (text.problem !== undefined) {
        problems.push(...asValueProblem(text.problem));
      } else if (MINIO_KEYS.has(key)) {
        const p = checkSecretValue(field, text.text!, { noWhitespace: true });
        if (p) {
          problems.push(p);
        }
      } else {
        env.set(key, text.text!);
      }
    }
  }
  problems.push(...checkAwsEnvValues(env, (key) => `key ${key}`));
  return problems;
}
