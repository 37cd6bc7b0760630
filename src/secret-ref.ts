import * as kplus from 'cdk8s-plus-27';

/** The Kubernetes name of a Secret given by name or as a cdk8s-plus `ISecret`. */
export function secretNameOf(secret: string | kplus.ISecret): string {
  if (typeof secret === 'string') {
    return secret;
  }
  if (secret && typeof secret === 'object' && typeof secret.name === 'string') {
    return secret.name;
  }
  throw new Error('a Secret must be given by name (a string) or as a cdk8s-plus-27 ISecret');
}

/** The namespace of a Secret defined in this App as a cdk8s-plus `Secret`, when it has one. */
export function secretNamespaceOf(secret: string | kplus.ISecret): string | undefined {
  if (secret instanceof kplus.Secret) {
    return secret.metadata.namespace;
  }
  return undefined;
}
