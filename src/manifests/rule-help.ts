// ~~ Generated from docs/checks.ts by `npx projen docs:checks`. Do not edit.
/** What each rule checks and the failure it prevents (README "What we check"), for SARIF help text. */
export const RULE_HELP: { readonly [rule: string]: { readonly check: string; readonly prevents: string; readonly area: string } | undefined } = {
  'poddefault-name': {
    check: 'a PodDefault\'s name is a DNS-1123 subdomain of at most 52 characters',
    prevents: 'the API server refuses other names; past 52 the webhook\'s pod annotation poddefault.admission.kubeflow.org/poddefault-<name> passes 63 characters and every pod creation fails',
    area: 'Any object',
  },
  'secret-name': {
    check: 'a Secret\'s name, and every Secret a PodDefault names (volumes, envFrom, secretKeyRef, imagePullSecrets), is a DNS-1123 subdomain (Docker, a_b and a b are not)',
    prevents: 'the API server refuses the Secret or the pod, or the Secret can never exist',
    area: 'Any object',
  },
  'object-name': {
    check: 'a ConfigMap\'s, SealedSecret\'s or ExternalSecret\'s name is a DNS-1123 subdomain',
    prevents: 'the API server refuses the object',
    area: 'Any object',
  },
  'namespace-name': {
    check: 'every object\'s namespace is a DNS-1123 label (a Secret alone too)',
    prevents: 'the manifest cannot be applied',
    area: 'Any object',
  },
  'label': {
    check: 'label keys and values (an object\'s own, and those a PodDefault gives the pod) follow the Kubernetes rules: qualified keys, values of at most 63 characters',
    prevents: 'the API server refuses the object or the notebook pod',
    area: 'Any object',
  },
  'annotation': {
    check: 'annotation keys are qualified names, and an object\'s annotations hold at most 256 KiB (a PodDefault\'s spec.annotations too)',
    prevents: 'the API server refuses the object or the notebook pod',
    area: 'Any object',
  },
  'unrendered-template': {
    check: 'text a template engine has not rendered ({{ .Values.x }}, {% %}, ${VAR}, <YOUR_NAMESPACE>) in an object\'s name or namespace, or in a PodDefault\'s fields, labels or annotations read by check (a YAML file that does not parse around such text says so too)',
    prevents: 'Helm chart templates or envsubst inputs checked before rendering: the API server refuses the names, or the pod gets the literal text',
    area: 'Any object',
  },
  'two-versions': {
    check: 'two versions of one object (kind, namespace and name): copies with the same content are one object (a cluster\'s state beside the repository\'s files), different content is refused',
    prevents: 'the one applied last silently replaces the other',
    area: 'Any object',
  },
  'pruned-field': {
    check: 'every field is one the PodDefault CRD keeps (spec.resources, a misspelled secret.secretname are not)',
    prevents: 'the API server drops unknown fields silently: no GPU is requested, no Secret is mounted',
    area: 'One PodDefault',
  },
  'desc': {
    check: 'desc is not empty',
    prevents: 'the spawner shows a bare name instead of a description',
    area: 'One PodDefault',
  },
  'selector-invalid': {
    check: 'the selector\'s keys and values are valid labels; matchExpressions use In or NotIn with values, Exists or DoesNotExist without',
    prevents: 'a PodDefault with an invalid selector makes the webhook deny every pod of the namespace; while one PodDefault has an invalid selector, the webhook refuses every pod of the namespace',
    area: 'One PodDefault',
  },
  'selector-spawner': {
    check: 'the selector is matchLabels with exactly one key set to "true" and no matchExpressions',
    prevents: 'the spawner reads only the first key and sets it to "true": ticking the box does nothing, and an empty selector matches every pod',
    area: 'One PodDefault',
  },
  'volume-name': {
    check: 'volume names are DNS-1123 labels',
    prevents: 'pod validation refuses the notebook',
    area: 'One PodDefault',
  },
  'volume-source': {
    check: 'every volume has exactly one source',
    prevents: 'the API server refuses the notebook pod',
    area: 'One PodDefault',
  },
  'file-mode': {
    check: 'defaultMode and item mode are integers from 0 to 0777',
    prevents: 'pod validation refuses the notebook',
    area: 'One PodDefault',
  },
  'item-key': {
    check: 'item keys are Secret data keys',
    prevents: 'the API server refuses the pod',
    area: 'One PodDefault',
  },
  'item-path': {
    check: 'item paths are relative, without .., not starting with ..',
    prevents: 'pod validation refuses the notebook',
    area: 'One PodDefault',
  },
  'mount-path': {
    check: 'every mountPath (sidecars and init containers included) is absolute and has no :',
    prevents: 'pod validation refuses the notebook, or the runtime splits the path',
    area: 'One PodDefault',
  },
  'mount-without-volume': {
    check: 'every mount, the sidecars\' and init containers\' too, names a volume of its own PodDefault (or the notebook\'s dshm)',
    prevents: 'selected alone, the PodDefault gives the pod a mount without its volume, which the API server refuses',
    area: 'One PodDefault',
  },
  'sub-path': {
    check: 'subPath is relative without .., and not given with subPathExpr',
    prevents: 'the API server refuses the notebook pod',
    area: 'One PodDefault',
  },
  'ca-bundle-path': {
    check: 'AWS_CA_BUNDLE, REQUESTS_CA_BUNDLE, SSL_CERT_FILE, PIP_CERT, GIT_SSL_CAINFO, NODE_EXTRA_CA_CERTS and KF_PIPELINES_SSL_SA_CERTS name an absolute path that a volume of the same PodDefault mounts (an item it projects, or a key of its Secret or ConfigMap)',
    prevents: 'a notebook that ticks it alone gets a variable naming no file: botocore, requests and pip fail before any request ("Could not find a suitable TLS CA certificate bundle")',
    area: 'One PodDefault',
  },
  'aws-token-file': {
    check: 'web identity has AWS_ROLE_ARN and AWS_WEB_IDENTITY_TOKEN_FILE together, EKS Pod Identity its token file with the agent\'s URI, and each token file is a projected service-account token that the same PodDefault mounts, for the right audience (sts.amazonaws.com, pods.eks.amazonaws.com), not a copy in a Secret',
    prevents: 'the SDKs skip web identity or find no token, STS refuses the audience ("Incorrect token audience"), or a copied token expires',
    area: 'One PodDefault',
  },
  'aws-role-arn': {
    check: 'AWS_ROLE_ARN (and roleArn) is an IAM role ARN: arn:aws:iam::<12 digits>:role/<name>',
    prevents: 'STS refuses the request (ValidationError): the notebook gets no credentials',
    area: 'One PodDefault',
  },
  'env-name': {
    check: 'env names and envFrom prefixes follow the Kubernetes rule',
    prevents: 'pod validation refuses the notebook',
    area: 'One PodDefault',
  },
  'env-source': {
    check: 'an env var has value or valueFrom, not both, and valueFrom has one source with a name and a valid key',
    prevents: 'the API server refuses the notebook pod',
    area: 'One PodDefault',
  },
  'env-from-source': {
    check: 'an envFrom entry has one of secretRef and configMapRef, with a valid name',
    prevents: 'the API server refuses the notebook pod',
    area: 'One PodDefault',
  },
  'literal-credential': {
    check: 'no literal value for credential-looking env names (*SECRET*, *PASSWORD*, *TOKEN*, *ACCESS_KEY*, ...), in the notebook\'s env and the sidecars\'; no credential-looking key (*SECRET*, *PASSWORD*, *TOKEN*, ...) in a ConfigMap; its AWS and S3 settings in the form their readers accept',
    prevents: 'credentials in clear text in the PodDefault, and printed whole in the webhook\'s conflict messages; a ConfigMap is readable by anyone who reads the namespace\'s configuration and is never encrypted at rest',
    area: 'One PodDefault',
  },
  'toleration': {
    check: 'tolerations: operator Exists or Equal, no value with Exists, an empty key only with Exists, a known effect, tolerationSeconds only with NoExecute',
    prevents: 'the API server refuses the notebook pod',
    area: 'One PodDefault',
  },
  'container': {
    check: 'init containers and sidecars have DNS-1123 label names and an image',
    prevents: 'the API server refuses the notebook pod',
    area: 'One PodDefault',
  },
  'service-account-name': {
    check: 'serviceAccountName is a DNS-1123 subdomain',
    prevents: 'the API server refuses the notebook pod',
    area: 'One PodDefault',
  },
  'secret-data': {
    check: 'data keys are letters, digits, -, _ and . (not ., .. or starting with ..); data values are standard padded base64 (kubectl get -o yaml output cut with ..., or wrapped by base64 without -w0, is not); the decoded data of a Secret is at most 1 MiB (a larger credential input is refused before it is parsed)',
    prevents: 'the API server refuses the Secret',
    area: 'One Secret or ConfigMap',
  },
  'config-map-data': {
    check: 'ConfigMap keys are data keys, values are strings (binaryData base64), at most 1 MiB in all',
    prevents: 'the API server refuses the ConfigMap',
    area: 'One Secret or ConfigMap',
  },
  'kfp-launcher-root': {
    check: 'the defaultPipelineRoot of a kfp-launcher ConfigMap is s3://, minio:// or gs:// bucket and prefix, as the launcher parses it, on the store of the credentials that write it',
    prevents: 'every step of every v2 run fails: "unsupported Cloud bucket"',
    area: 'One Secret or ConfigMap',
  },
  'kfp-launcher-provider': {
    check: 'the providers of a kfp-launcher ConfigMap is YAML of the launcher\'s structure (known fields, Go types), with an entry for the root\'s scheme, default credentials (fromEnv: true or a secretRef with its keys) and, for S3 and MinIO, a region',
    prevents: 'the launcher fails to read it, drops a misspelt field in silence, or sends the steps to their own environment (no credentials) or the in-cluster default store',
    area: 'One Secret or ConfigMap',
  },
  'credential-value': {
    check: 'a credential that ends with a newline, contains control characters (C0 and C1), invisible or bidirectional characters (U+200B, U+202E, ...) or a lone surrogate, or is empty (AWS variables, MinIO\'s accesskey/secretkey, docker usernames and passwords)',
    prevents: 'echo without -n: request signing fails, docker gets 401, and Python prints the token in its error',
    area: 'Credentials in a Secret',
  },
  'aws-key-whitespace': {
    check: 'AWS keys and tokens with whitespace',
    prevents: 'copy-paste slips that fail at the first request',
    area: 'Credentials in a Secret',
  },
  'aws-env-keys': {
    check: 'AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY together, or neither; missing AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY in the environment that fromEnv reads',
    prevents: 'botocore fails with PartialCredentialsError; a configuration without credentials',
    area: 'Credentials in a Secret',
  },
  'aws-env-machine': {
    check: 'AWS_CA_BUNDLE in the environment that fromEnv reads (it names a file of that machine): refused by default, pointing at CaBundle; CaBundleFromEnv.READ reads it into a CA bundle, LEAVE_OUT leaves it out (variables only about that machine, AWS_PAGER, AWS_PROFILE, AWS_CLI_*, ..., are left out and named on stderr)',
    prevents: 'notebooks get a variable naming a file they do not have, or lose the private CA the synth machine trusts',
    area: 'Inputs of the constructs and providers',
  },
  'docker-registry-url': {
    check: 'Config.dockerRegistryUrl is a registry address (host[:port], as the SDK\'s docker_registry_url) that the Docker credentials cover, as docker looks them up',
    prevents: 'the SDK builds the model\'s image and cannot push it to the private registry',
    area: 'Inputs of the constructs and providers',
  },
  'certificate-host': {
    check: 'a registry certificate that is the registry\'s own self-signed certificate names the host of dockerRegistryUrl (a CA need not)',
    prevents: 'docker and the SDK refuse the connection: "certificate is valid for ..., not ..."',
    area: 'Inputs of the constructs and providers',
  },
  'aws-region': {
    check: 'AWS_REGION and AWS_DEFAULT_REGION are region names, and the same one',
    prevents: 'the S3 clients fail at the first request',
    area: 'Credentials in a Secret',
  },
  's3-endpoint': {
    check: 'S3_ENDPOINT is an http(s) URL without path or credentials, or host:port; AWS_ENDPOINT_URL* complete URLs; S3_FORCE_PATH_STYLE, S3_USE_HTTPS, S3_VERIFY_SSL booleans',
    prevents: 'the S3 clients cannot connect, or credentials end up in the endpoint',
    area: 'Credentials in a Secret',
  },
  's3-signature-version': {
    check: 'S3_SIGNATURE_VERSION is s3v4 or s3',
    prevents: 'the S3 clients fail at the first request',
    area: 'Credentials in a Secret',
  },
  'certificate-pem': {
    check: 'a CA bundle (the Kaptain docs\' certificate.crt; ca.crt, ca-bundle.crt, trust-bundle.pem, ... of a Secret or ConfigMap; a key a CA variable names) holds PEM certificates that parse as X.509, and no private key or other block',
    prevents: 'OpenSSL and Go refuse the whole file, or skip what is not a certificate; a private key there is readable by whoever reads the object',
    area: 'Credentials in a Secret',
  },
  'certificate-expired': {
    check: 'every certificate of a CA bundle is valid now (not after its notAfter)',
    prevents: 'TLS clients refuse every chain through it: "certificate has expired"',
    area: 'Credentials in a Secret',
  },
  'certificate-not-yet-valid': {
    check: 'every certificate of a CA bundle is valid now (not before its notBefore)',
    prevents: 'TLS clients refuse it until then: "certificate is not yet valid" (a clock or a certificate made for later)',
    area: 'Credentials in a Secret',
  },
  'certificate-not-ca': {
    check: 'each certificate of a CA bundle is a CA (CA:TRUE) or self-signed (a server\'s own certificate, trusted as its own anchor), not a leaf that another CA issued',
    prevents: 'clients look for the issuer of the server\'s certificate, which the bundle does not hold: "unable to get local issuer certificate"',
    area: 'Credentials in a Secret',
  },
  'certificate-key-usage': {
    check: 'a CA certificate whose key usage extension is present allows keyCertSign',
    prevents: 'OpenSSL refuses every certificate that CA issued: "key usage does not include certificate signing"',
    area: 'Credentials in a Secret',
  },
  'gcp-key-file': {
    check: 'a Google credentials file (user-gcp-sa.json or any JSON key with a Google type) is a service-account key with client_email, an https token_uri, a PEM private_key that parses and a project_id; GOOGLE_APPLICATION_CREDENTIALS names a file its PodDefault mounts',
    prevents: 'google-auth fails to load it ("missing fields token_uri", "Could not deserialize key data"), or finds no file',
    area: 'Credentials in a Secret',
  },
  'file-encoding': {
    check: 'a credentials file or config.json that is not UTF-8 or starts with a byte-order mark (CRLF line ends are fine)',
    prevents: 'docker and botocore cannot parse it',
    area: 'Credentials in a Secret',
  },
  'docker-config-json': {
    check: 'config.json (config.json or .dockerconfigjson) is JSON that docker, podman and kaniko load, with registries in auths (field names in any case and repeated keys are read as Go reads them: accepted)',
    prevents: 'the tools cannot load the file, or find no registry in it',
    area: 'Credentials in a Secret',
  },
  'docker-registry-lookup': {
    check: 'every registry key is found by docker, podman and kaniko alike: the bare lower-case host (ghcr.io) or a URL with a scheme; no ghcr.io/, no registry.example.com/v2/ without scheme, no upper case, no two spellings without the bare one; an auth in every entry (username/password, identitytoken or registrytoken alone are docker-only)',
    prevents: 'one tool finds the credentials and another does not: a pull that works with docker fails with podman or kaniko',
    area: 'Credentials in a Secret',
  },
  'docker-auth': {
    check: 'auth is padded base64 of username:password with a non-empty username without :',
    prevents: 'docker refuses the file: "invalid auth configuration file"',
    area: 'Credentials in a Secret',
  },
  'docker-creds-helper': {
    check: 'no credsStore or credHelpers',
    prevents: 'the helper program does not exist in the pod: no credentials',
    area: 'Credentials in a Secret',
  },
  'docker-registry-key': {
    check: 'Docker Hub under https://index.docker.io/v1/ (registries are normalized); one entry per registry; keys are registry addresses',
    prevents: 'docker and kaniko look up Docker Hub only under that key; duplicates are ambiguous',
    area: 'Credentials in a Secret',
  },
  'aws-file-section': {
    check: 'credentials file: bare [name] sections, never [profile x]; at least one profile with both keys',
    prevents: '[profile x] belongs to the config file; in the credentials file the profile is not found',
    area: 'Credentials in a Secret',
  },
  'aws-file-duplicates': {
    check: 'credentials file: botocore and the AWS JS SDK read the same credentials from it: no duplicate sections or keys, no indented continuation lines, lower-case keys with =, no [DEFAULT], no aws_security_token, both keys in every profile (whitespace around values, indented first keys and comments after a header are read alike and accepted)',
    prevents: 'botocore refuses the file while the JS SDK silently keeps the last value, or the two read different credentials',
    area: 'Credentials in a Secret',
  },
  'aws-file-value': {
    check: 'credentials file: values without whitespace inside, not starting with # or ;, without  # or  ; comments',
    prevents: 'the JS SDK reads  #... as a comment, botocore as part of the value',
    area: 'Credentials in a Secret',
  },
  'aws-profile-name': {
    check: 'profile names are not JavaScript object property names (__proto__, constructor, ...)',
    prevents: 'the AWS JS SDK refuses or mis-reads them',
    area: 'Credentials in a Secret',
  },
  'shared-selector': {
    check: 'two PodDefaults sharing a selector key',
    prevents: 'ticking either box applies both (the Kaptain guide\'s AWS example has this bug)',
    area: 'All PodDefaults of a namespace',
  },
  'volume-conflict': {
    check: 'the same volume name with different content; a volume named dshm other than the notebook\'s own (emptyDir: {medium: Memory}, which may be repeated)',
    prevents: 'the webhook refuses every notebook that selects both; it clashes with the notebook\'s shared-memory volume: the webhook refuses the notebook',
    area: 'All PodDefaults of a namespace',
  },
  'mount-name-conflict': {
    check: 'one volume mounted at two paths, in one PodDefault or two, including /x and /x/ (the webhook compares strings)',
    prevents: 'the webhook refuses every notebook that selects both',
    area: 'All PodDefaults of a namespace',
  },
  'mount-path-conflict': {
    check: 'one mountPath for two different mounts, or a mount on the notebook\'s own paths (/home/jovyan, /dev/shm, the service-account token)',
    prevents: 'the webhook refuses every notebook that selects both',
    area: 'All PodDefaults of a namespace',
  },
  'mount-path-normalized': {
    check: 'one mountPath for two volumes, compared after normalizing trailing /, //, . and ..; a mount on the notebook\'s own paths spelled another way (/home/jovyan/, /dev/shm/); nesting under the workspace is fine',
    prevents: 'two volumes on one path: the container fails; the webhook compares paths as strings and merges it, and the container cannot start with two mounts on one path',
    area: 'All PodDefaults of a namespace',
  },
  'mount-nested': {
    check: 'a mount nested under another mount; a mount above the notebook\'s own mounts (/home, /dev, /var/run/secrets, /) or under its read-only service-account token',
    prevents: 'secret volumes are read-only, so the inner mount point cannot be created and the container fails to start; the notebook\'s mount points cannot be created inside a read-only secret volume, and the container fails to start',
    area: 'All PodDefaults of a namespace',
  },
  'env-conflict': {
    check: 'env vars of the same name with different values or sources',
    prevents: 'the webhook refuses every notebook that selects both',
    area: 'All PodDefaults of a namespace',
  },
  'env-from-overlap': {
    check: 'envFrom of Secrets or ConfigMaps whose known keys overlap, or env and envFrom setting one variable',
    prevents: 'one value silently overrides the other at runtime',
    area: 'All PodDefaults of a namespace',
  },
  'env-from-invalid-key': {
    check: 'envFrom keys that are not valid variable names after prefixing',
    prevents: 'the kubelet skips them silently',
    area: 'All PodDefaults of a namespace',
  },
  'secret-key-missing': {
    check: 'volume items, secretKeyRef and configMapKeyRef keys that a known Secret (a SealedSecret\'s or ExternalSecret\'s too) or ConfigMap does not have',
    prevents: 'the pod waits for the missing key forever, or its container never starts (CreateContainerConfigError)',
    area: 'All PodDefaults of a namespace',
  },
  'toleration-conflict': {
    check: 'two tolerations for one key that differ in anything, effect included (also against the pod\'s own not-ready and unreachable tolerations)',
    prevents: 'the webhook merges tolerations by key and refuses every notebook that selects both',
    area: 'All PodDefaults of a namespace',
  },
  'label-conflict': {
    check: 'a label with another value than another PodDefault\'s label, another PodDefault\'s selector key (b: "false" unticks box b), or the notebook\'s own labels (app, statefulset, notebook-name, ...)',
    prevents: 'the webhook refuses every notebook that selects both',
    area: 'All PodDefaults of a namespace',
  },
  'annotation-conflict': {
    check: 'an annotation with another value than another PodDefault\'s',
    prevents: 'the webhook refuses every notebook that selects both',
    area: 'All PodDefaults of a namespace',
  },
  'container-conflict': {
    check: 'two init containers or two sidecars with one name and different content',
    prevents: 'the webhook refuses every notebook that selects both',
    area: 'All PodDefaults of a namespace',
  },
  'container-name-unique': {
    check: 'one name for an init container and a sidecar',
    prevents: 'container names are unique in a pod: the API server refuses every notebook that selects both',
    area: 'All PodDefaults of a namespace',
  },
  'service-account-differs': {
    check: 'two different serviceAccountName or automountServiceAccountToken values',
    prevents: 'the webhook silently keeps the last one: the notebook runs as another account than one of the boxes says',
    area: 'All PodDefaults of a namespace',
  },
  'command-differs': {
    check: 'two different command or args values',
    prevents: 'the webhook silently gives every container the first one',
    area: 'All PodDefaults of a namespace',
  },
  'aws-role-conflict': {
    check: 'PodDefaults of one namespace that a notebook can tick together give one IAM role (AWS_ROLE_ARN), unless they are alternatives',
    prevents: 'the webhook refuses every notebook that selects both (a pod assumes one role)',
    area: 'All PodDefaults of a namespace',
  },
  'aws-credential-precedence': {
    check: 'keyless AWS credentials (web identity, EKS Pod Identity) and another source (static keys, a credentials file) are not offered to one notebook together, unless they are alternatives; the message names which one botocore takes',
    prevents: 'a notebook that ticks both silently uses one of them: botocore takes environment keys, then web identity, then the shared credentials file, then container credentials (the AWS JS SDK reads the file before web identity)',
    area: 'All PodDefaults of a namespace',
  },
  'secret-namespace': {
    check: 'a Secret given as an object (cdk8s-plus, an ApiObject, a credentials construct) is in the PodDefault\'s namespace',
    prevents: 'a pod can only use Secrets of its own namespace: the notebook waits forever',
    area: 'Inputs of the constructs and providers',
  },
  'docker-required-images': {
    check: 'requiredImages: each image (resolved as docker resolves it: model:1 is Docker Hub) is on a registry the config.json has credentials for',
    prevents: 'the notebook cannot pull or push the model image (the Kaptain guide: the Docker credentials must cover the registry of the model\'s image)',
    area: 'Inputs of the constructs and providers',
  },
  'file-unreadable': {
    check: 'a file that is missing, a directory, unreadable, empty or over 1 MiB',
    prevents: 'an empty or partial Secret',
    area: 'Inputs of the constructs and providers',
  },
  'sealed-scope': {
    check: 'a JSON patch does not move a SealedSecret (name, namespace, scope annotations) away from what its values were sealed for',
    prevents: 'the sealed-secrets controller refuses to decrypt it, and the Secret is never made',
    area: 'Inputs of the constructs and providers',
  },
  'kyverno-text': {
    check: 'text of a PodDefault that ProfileAccess places with a Kyverno generate rule, which no escape makes Kyverno read as written ({{ and $( are escaped; an escaped reference that spans another cannot be)',
    prevents: 'Kyverno substitutes it as a variable or a reference (or fails the rule), and every profile namespace receives another PodDefault, or none',
    area: 'Inputs of the constructs and providers',
  },
  'aws-profile-missing': {
    check: 'a profile that is not in the credentials file',
    prevents: 'the provider would hand out no credentials',
    area: 'Inputs of the constructs and providers',
  },
};
