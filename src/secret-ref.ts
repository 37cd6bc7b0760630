import * as kplus from 'cdk8s-plus-27';

/**
 * A Secret given by name or as an object: a `Secret` of any cdk8s-plus major (27, 33, ...), a
 * cdk8s `ApiObject` of kind Secret, or one of this library's credentials constructs. Objects
 * are read by shape, not by class, so that any cdk8s-plus major works.
 */
type SecretLike = string | kplus.ISecret;

/** The Kubernetes name of a Secret given by name or as an object with a `name`. */
export function secretNameOf(secret: SecretLike): string {
  if (typeof secret === 'string') {
    return secret;
  }
  if (secret && typeof secret === 'object' && typeof secret.name === 'string') {
    return secret.name;
  }
  throw new Error('a Secret must be given by name (a string) or as an object with a name (a cdk8s-plus ISecret of any major, or a cdk8s ApiObject)');
}

/**
 * The namespace of a Secret given as an object, when it has one: `metadata.namespace` (a
 * cdk8s-plus `Secret` of any major, a cdk8s `ApiObject`; the chart's namespace when not given)
 * or `namespace` (this library's credentials constructs). A Secret imported by name has none.
 */
export function secretNamespaceOf(secret: SecretLike): string | undefined {
  if (typeof secret !== 'object' || secret === null) {
    return undefined;
  }
  const shaped = secret as { readonly metadata?: { readonly namespace?: unknown }; readonly namespace?: unknown };
  const namespace = shaped.metadata?.namespace ?? shaped.namespace;
  return typeof namespace === 'string' ? namespace : undefined;
}
