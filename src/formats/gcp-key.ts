/**
 * Google Cloud service-account key files (the JSON `gcloud iam service-accounts keys create`
 * writes), as google-auth reads them through `GOOGLE_APPLICATION_CREDENTIALS`
 * (google-auth `_default.load_credentials_from_file`, `service_account.Credentials.from_service_account_info`:
 * `type` selects the loader; `client_email`, `token_uri` and `private_key` are required; the key
 * is a PEM private key that signs the token request), and Kubeflow's long-standing layout for
 * them (the Secret `user-gcp-sa`, key `user-gcp-sa.json`, mounted at `/secret/gcp`). Messages name
 * fields, never a value but the account's email (not a secret).
 */
import * as crypto from 'crypto';
import { Problem } from '../engine/rule-ids';
import { quote } from '../rules/text';

/** Kubeflow's layout for a service-account key (KFP's `use_gcp_secret`, the legacy `user-gcp-sa` Secret). */
export const GCP_KEY = {
  secretName: 'user-gcp-sa',
  key: 'user-gcp-sa.json',
  mountPath: '/secret/gcp',
  variable: 'GOOGLE_APPLICATION_CREDENTIALS',
} as const;

/** The `type` values of Google credential files, and what each is. */
const CREDENTIAL_TYPES: { readonly [type: string]: string } = {
  service_account: 'a service-account key',
  authorized_user: 'a user\'s own credentials (gcloud auth application-default login), not a service account\'s',
  external_account: 'a workload identity federation configuration (no key: it points at a token source outside GCP)',
  impersonated_service_account: 'an impersonation configuration (it needs another credential to start from)',
};

/** What a valid key file says. */
export interface GcpKeyInfo {
  readonly clientEmail: string;
  readonly projectId: string;
}

/** Whether a JSON text looks like a Google credentials file (an object with one of their `type` values). */
export function isGoogleCredentialsText(text: string): boolean {
  const trimmed = text.trimStart();
  if (!trimmed.startsWith('{') || !trimmed.includes('"type"')) {
    return false;
  }
  try {
    const value = JSON.parse(text);
    return value !== null && typeof value === 'object' && typeof value.type === 'string' && CREDENTIAL_TYPES[value.type] !== undefined;
  } catch {
    return false;
  }
}

/**
 * Checks a service-account key file as google-auth loads it: JSON (read as Python's json reads
 * it, as `JSON.parse` does: the last of duplicate keys), `type` `service_account`, `client_email` an email of the
 * account, `token_uri` an https URL, `private_key` a PEM private key that parses, `project_id` set.
 * `field` names the input.
 */
export function checkGcpKeyFile(text: string, field: string): { problems: Problem[]; info?: GcpKeyInfo } {
  const problems: Problem[] = [];
  const add = (message: string) => problems.push({ rule: 'gcp-key-file', message: `${field} ${message}` });
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    add('is not JSON (google-auth: "File ... is not a valid json file"); download the key again');
    return { problems };
  }
  const key = value as Record<string, unknown>;
  if (key === null || typeof key !== 'object' || Array.isArray(key)) {
    add('is not a JSON object');
    return { problems };
  }
  const type = key.type;
  if (type !== 'service_account') {
    add(typeof type === 'string' && CREDENTIAL_TYPES[type] !== undefined
      ? `is ${CREDENTIAL_TYPES[type]} (type ${quote(type)}): give a service-account key (type "service_account")`
      : 'has no type "service_account": google-auth cannot tell which credentials it holds ("The file ... does not have a valid type")');
    return { problems };
  }
  const email = key.client_email;
  if (typeof email !== 'string' || !/^[^@\s]+@[^@\s]+\.[a-z]{2,}$/.test(email)) {
    add('has no client_email that is an email address (google-auth: "missing fields client_email")');
  }
  if (typeof key.token_uri !== 'string' || !/^https:\/\/[^\s@]+$/.test(key.token_uri)) {
    add('has no token_uri that is an https URL (google-auth: "missing fields token_uri"; Google\'s is https://oauth2.googleapis.com/token)');
  }
  if (typeof key.private_key !== 'string' || !key.private_key.includes('-----BEGIN PRIVATE KEY-----')) {
    add(`has no private_key in PEM${typeof key.private_key === 'string' ? ` (length ${key.private_key.length})` : ''}: google-auth cannot sign the token request`);
  } else {
    try {
      crypto.createPrivateKey(key.private_key);
    } catch {
      add(`private_key (length ${key.private_key.length}) does not parse as a PEM private key (cut, or its \\n written as text): google-auth cannot sign the token request`);
    }
  }
  if (typeof key.project_id !== 'string' || key.project_id === '') {
    add('has no project_id: google.auth.default() finds no project, and clients that need one fail');
  }
  return problems.length > 0 ? { problems } : { problems, info: { clientEmail: email as string, projectId: key.project_id as string } };
}
