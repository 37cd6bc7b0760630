/**
 * The PodDefault webhook's rules as cases (kubeflow/dashboard components/poddefaults-webhooks,
 * main.go). Each case names the webhook function it comes from and what the webhook (or the API
 * server) does with a notebook that selects every PodDefault of the case:
 * - `refuse`: the webhook denies the pod (a conflict in `safeToApplyPodDefaultsOnPod`);
 * - `invalid`: the webhook merges, and the API server or the kubelet rejects the pod (origin
 *   `kubernetes`, or `runtime` when the pod is accepted and cannot start);
 * - `beyond`: the webhook merges silently into something wrong, one of our documented checks
 *   (origin `beyond-webhook`, `spawner` when the spawner applies it wrongly, or `runtime`
 *   when the container cannot start);
 * - `clean`: the webhook merges, and the pod is valid.
 * The engine must report a problem of that origin for each non-clean case, and nothing for clean ones.
 */
import { findConflicts, objectsOf, PodDefaultRecord } from './support/engine';
import { previewNotebookPod } from '../src/engine';

type Verdict = 'refuse' | 'invalid' | 'beyond' | 'clean';
const ORIGINS: Record<Exclude<Verdict, 'clean'>, readonly string[]> = {
  refuse: ['webhook'], invalid: ['kubernetes', 'runtime'], beyond: ['beyond-webhook', 'spawner', 'runtime'],
};

interface Case {
  readonly name: string;
  readonly webhook: string;
  readonly verdict: Verdict;
  readonly specs: ReadonlyArray<Record<string, unknown>>;
}

const secretVolume = (name: string, secret: Record<string, unknown> = { secretName: 's' }) => ({ name, secret });
const mounted = (name: string, mountPath: string, extra: Record<string, unknown> = {}) => ({
  volumes: [secretVolume(name)], volumeMounts: [{ name, mountPath, ...extra }],
});
const emptyDir = (sizeLimit: string) => ({ volumes: [{ name: 'scratch', emptyDir: { sizeLimit } }], volumeMounts: [{ name: 'scratch', mountPath: '/scratch' }] });
const env = (...entries: Array<Record<string, unknown>>) => ({ env: entries });
const secretKeyRef = (extra: Record<string, unknown> = {}) => ({ secretKeyRef: { name: 's', key: 'k', ...extra } });
const container = (extra: Record<string, unknown> = {}) => ({ name: 'proxy', image: 'registry.example.com/proxy:1', ...extra });

const CASES: Case[] = [
  // mergeVolumes: by name, reflect.DeepEqual, against the pod's own volumes.
  { name: 'one volume in two PodDefaults, identical', webhook: 'mergeVolumes', verdict: 'clean', specs: [mounted('creds', '/c'), mounted('creds', '/c')] },
  { name: 'one volume name, two Secrets', webhook: 'mergeVolumes', verdict: 'refuse', specs: [mounted('creds', '/c'), { volumes: [secretVolume('creds', { secretName: 't' })], volumeMounts: [{ name: 'creds', mountPath: '/c' }] }] },
  { name: 'optional: false differs from no optional (a pointer)', webhook: 'mergeVolumes', verdict: 'refuse', specs: [mounted('creds', '/c'), { volumes: [secretVolume('creds', { secretName: 's', optional: false })], volumeMounts: [{ name: 'creds', mountPath: '/c' }] }] },
  { name: 'defaultMode 420 differs from no defaultMode (the PodDefault is not defaulted)', webhook: 'mergeVolumes', verdict: 'refuse', specs: [mounted('creds', '/c'), { volumes: [secretVolume('creds', { secretName: 's', defaultMode: 420 })], volumeMounts: [{ name: 'creds', mountPath: '/c' }] }] },
  { name: 'items: [] differs from no items (a nil slice)', webhook: 'mergeVolumes', verdict: 'refuse', specs: [mounted('creds', '/c'), { volumes: [secretVolume('creds', { secretName: 's', items: [] })], volumeMounts: [{ name: 'creds', mountPath: '/c' }] }] },
  { name: 'secretName "" equals no secretName (a string)... but the pod is invalid', webhook: 'mergeVolumes', verdict: 'invalid', specs: [{ volumes: [{ name: 'v', secret: { secretName: '' } }], volumeMounts: [{ name: 'v', mountPath: '/v' }] }] },
  { name: 'the notebook\'s dshm repeated identically', webhook: 'mergeVolumes', verdict: 'clean', specs: [{ volumes: [{ name: 'dshm', emptyDir: { medium: 'Memory' } }], volumeMounts: [{ name: 'dshm', mountPath: '/dev/shm' }] }] },
  { name: 'dshm with a size limit', webhook: 'mergeVolumes', verdict: 'refuse', specs: [{ volumes: [{ name: 'dshm', emptyDir: { medium: 'Memory', sizeLimit: '1Gi' } }], volumeMounts: [{ name: 'dshm', mountPath: '/dev/shm' }] }] },
  { name: 'a Secret named dshm', webhook: 'mergeVolumes', verdict: 'refuse', specs: [mounted('dshm', '/home/kubeflow/.s')] },
  { name: 'sizeLimit 1024Mi and 1048576Ki decode alike', webhook: 'mergeVolumes', verdict: 'clean', specs: [emptyDir('1024Mi'), emptyDir('1048576Ki')] },
  { name: 'sizeLimit 1Gi keeps its text, 1024Mi does not', webhook: 'mergeVolumes', verdict: 'refuse', specs: [emptyDir('1Gi'), emptyDir('1024Mi')] },
  { name: 'sizeLimit 1Gi twice', webhook: 'mergeVolumes', verdict: 'clean', specs: [emptyDir('1Gi'), emptyDir('1Gi')] },
  { name: 'sizeLimit 500m and 0.5', webhook: 'mergeVolumes', verdict: 'refuse', specs: [emptyDir('500m'), emptyDir('0.5')] },

  // mergeVolumeMounts: by name and, separately, by mountPath, in the notebook container.
  { name: 'one mount in two PodDefaults, identical', webhook: 'mergeVolumeMounts', verdict: 'clean', specs: [mounted('creds', '/c'), mounted('creds', '/c')] },
  { name: 'one volume at two paths', webhook: 'mergeVolumeMounts', verdict: 'refuse', specs: [mounted('creds', '/a'), mounted('creds', '/b')] },
  { name: 'one volume at two paths in one PodDefault', webhook: 'mergeVolumeMounts', verdict: 'refuse', specs: [{ volumes: [secretVolume('creds')], volumeMounts: [{ name: 'creds', mountPath: '/a' }, { name: 'creds', mountPath: '/b' }] }] },
  { name: 'two volumes on one path', webhook: 'mergeVolumeMounts', verdict: 'refuse', specs: [mounted('a', '/c'), { volumes: [secretVolume('b', { secretName: 't' })], volumeMounts: [{ name: 'b', mountPath: '/c' }] }] },
  { name: 'readOnly: false equals no readOnly (a bool)', webhook: 'mergeVolumeMounts', verdict: 'clean', specs: [mounted('creds', '/c'), mounted('creds', '/c', { readOnly: false })] },
  { name: 'readOnly: true differs', webhook: 'mergeVolumeMounts', verdict: 'refuse', specs: [mounted('creds', '/c'), mounted('creds', '/c', { readOnly: true })] },
  { name: 'subPath "" equals no subPath', webhook: 'mergeVolumeMounts', verdict: 'clean', specs: [mounted('creds', '/c'), mounted('creds', '/c', { subPath: '' })] },
  { name: 'mountPropagation set differs from none (a pointer)', webhook: 'mergeVolumeMounts', verdict: 'refuse', specs: [mounted('creds', '/c'), mounted('creds', '/c', { mountPropagation: 'None' })] },
  { name: 'a mount on the workspace, /home/jovyan', webhook: 'mergeVolumeMounts', verdict: 'refuse', specs: [mounted('creds', '/home/jovyan')] },
  { name: 'a mount on /dev/shm under another name', webhook: 'mergeVolumeMounts', verdict: 'refuse', specs: [mounted('creds', '/dev/shm')] },
  { name: 'a mount on the service-account token path', webhook: 'mergeVolumeMounts', verdict: 'refuse', specs: [mounted('creds', '/var/run/secrets/kubernetes.io/serviceaccount')] },
  { name: 'a mount of the notebook\'s dshm at another path', webhook: 'mergeVolumeMounts', verdict: 'refuse', specs: [{ volumeMounts: [{ name: 'dshm', mountPath: '/shm' }] }] },
  { name: 'credentials under /home/jovyan (a writable volume)', webhook: 'mergeVolumeMounts', verdict: 'clean', specs: [mounted('creds', '/home/jovyan/.aws')] },

  // mergeEnv: by name, in the notebook container.
  { name: 'one variable, one value', webhook: 'mergeEnv', verdict: 'clean', specs: [env({ name: 'A', value: 'x' }), env({ name: 'A', value: 'x' })] },
  { name: 'value "" equals no value', webhook: 'mergeEnv', verdict: 'clean', specs: [env({ name: 'A', value: '' }), env({ name: 'A' })] },
  { name: 'two values', webhook: 'mergeEnv', verdict: 'refuse', specs: [env({ name: 'A', value: 'x' }), env({ name: 'A', value: 'y' })] },
  { name: 'two values in one PodDefault', webhook: 'mergeEnv', verdict: 'refuse', specs: [env({ name: 'A', value: 'x' }, { name: 'A', value: 'y' })] },
  { name: 'secretKeyRef optional: false differs from none', webhook: 'mergeEnv', verdict: 'refuse', specs: [env({ name: 'A', valueFrom: secretKeyRef() }), env({ name: 'A', valueFrom: secretKeyRef({ optional: false }) })] },
  { name: 'the same secretKeyRef', webhook: 'mergeEnv', verdict: 'clean', specs: [env({ name: 'A', valueFrom: secretKeyRef() }), env({ name: 'A', valueFrom: secretKeyRef() })] },
  { name: 'NB_PREFIX, which the notebook sets', webhook: 'mergeEnv', verdict: 'refuse', specs: [env({ name: 'NB_PREFIX', value: '/notebook/x' })] },
  { name: 'resourceFieldRef divisor 1Mi twice', webhook: 'mergeEnv', verdict: 'clean', specs: [env({ name: 'M', valueFrom: { resourceFieldRef: { resource: 'limits.memory', divisor: '1Mi' } } }), env({ name: 'M', valueFrom: { resourceFieldRef: { resource: 'limits.memory', divisor: '1Mi' } } })] },

  // mergeEnvFrom: appended, never a conflict.
  { name: 'one Secret twice with envFrom', webhook: 'mergeEnvFrom', verdict: 'clean', specs: [{ envFrom: [{ secretRef: { name: 's' } }] }, { envFrom: [{ secretRef: { name: 's' } }] }] },

  // mergeTolerations: by key only; any difference, effect included, conflicts.
  { name: 'one toleration twice', webhook: 'mergeTolerations', verdict: 'clean', specs: [{ tolerations: [{ key: 'gpu', operator: 'Exists', effect: 'NoSchedule' }] }, { tolerations: [{ key: 'gpu', operator: 'Exists', effect: 'NoSchedule' }] }] },
  { name: 'one key, two effects', webhook: 'mergeTolerations', verdict: 'refuse', specs: [{ tolerations: [{ key: 'gpu', operator: 'Exists', effect: 'NoSchedule' }] }, { tolerations: [{ key: 'gpu', operator: 'Exists', effect: 'NoExecute' }] }] },
  { name: 'the API server\'s not-ready toleration, repeated', webhook: 'mergeTolerations', verdict: 'clean', specs: [{ tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }] }] },
  { name: 'the not-ready key with other seconds', webhook: 'mergeTolerations', verdict: 'refuse', specs: [{ tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 60 }] }] },

  // mergeMap: labels and annotations by key, against the pod's labels (its own and the ticked boxes').
  { name: 'one label, one value', webhook: 'mergeMap', verdict: 'clean', specs: [{ labels: { team: 'a' } }, { labels: { team: 'a' } }] },
  { name: 'one label, two values', webhook: 'mergeMap', verdict: 'refuse', specs: [{ labels: { team: 'a' } }, { labels: { team: 'b' } }] },
  { name: 'a label that unticks another box', webhook: 'mergeMap', verdict: 'refuse', specs: [{ labels: { 'pd-1': 'false' } }, {}] },
  { name: 'a label that sets another box to "true"', webhook: 'mergeMap', verdict: 'clean', specs: [{ labels: { 'pd-1': 'true' } }, {}] },
  { name: 'a label on the notebook\'s own app label', webhook: 'mergeMap', verdict: 'refuse', specs: [{ labels: { app: 'x' } }] },
  { name: 'two selectors on one key with other values (never selected together)', webhook: 'filterPodDefaults', verdict: 'beyond', specs: [{ selector: { matchLabels: { k: 'true' } } }, { selector: { matchLabels: { k: 'false' } } }] },
  { name: 'one annotation, two values', webhook: 'mergeMap', verdict: 'refuse', specs: [{ annotations: { 'example.com/a': 'x' } }, { annotations: { 'example.com/a': 'y' } }] },
  { name: 'one annotation, one value', webhook: 'mergeMap', verdict: 'clean', specs: [{ annotations: { 'example.com/a': 'x' } }, { annotations: { 'example.com/a': 'x' } }] },

  // mergeContainers: init containers and sidecars by name.
  { name: 'one sidecar twice', webhook: 'mergeContainers', verdict: 'clean', specs: [{ sidecars: [container()] }, { sidecars: [container()] }] },
  { name: 'one sidecar name, two images', webhook: 'mergeContainers', verdict: 'refuse', specs: [{ sidecars: [container()] }, { sidecars: [container({ image: 'registry.example.com/proxy:2' })] }] },
  { name: 'ports without protocol equal TCP (the CRD defaults it)', webhook: 'mergeContainers', verdict: 'clean', specs: [{ initContainers: [container({ ports: [{ containerPort: 80 }] })] }, { initContainers: [container({ ports: [{ containerPort: 80, protocol: 'TCP' }] })] }] },
  { name: 'memory limits 1024Mi and 1048576Ki', webhook: 'mergeContainers', verdict: 'clean', specs: [{ sidecars: [container({ resources: { limits: { memory: '1024Mi' } } })] }, { sidecars: [container({ resources: { limits: { memory: '1048576Ki' } } })] }] },
  { name: 'cpu limits 1 and 1000m', webhook: 'mergeContainers', verdict: 'refuse', specs: [{ sidecars: [container({ resources: { limits: { cpu: '1' } } })] }, { sidecars: [container({ resources: { limits: { cpu: '1000m' } } })] }] },
  { name: 'an init container and a sidecar with one name', webhook: 'mergeContainers', verdict: 'invalid', specs: [{ initContainers: [container()] }, { sidecars: [container()] }] },

  // mergeImagePullSecrets: by name; a LocalObjectReference has only the name, so never a conflict.
  { name: 'image pull secrets', webhook: 'mergeImagePullSecrets', verdict: 'clean', specs: [{ imagePullSecrets: [{ name: 'a' }] }, { imagePullSecrets: [{ name: 'a' }, { name: 'b' }] }] },

  // applyPodDefaultsOnPod / setCommandAndArgs: no conflict check, one value wins silently.
  { name: 'two service accounts', webhook: 'applyPodDefaultsOnPod', verdict: 'beyond', specs: [{ serviceAccountName: 'a' }, { serviceAccountName: 'b' }] },
  { name: 'one service account', webhook: 'applyPodDefaultsOnPod', verdict: 'clean', specs: [{ serviceAccountName: 'a' }, { serviceAccountName: 'a' }] },
  { name: 'automountServiceAccountToken true and false', webhook: 'applyPodDefaultsOnPod', verdict: 'beyond', specs: [{ automountServiceAccountToken: true }, { automountServiceAccountToken: false }] },
  { name: 'two commands', webhook: 'setCommandAndArgs', verdict: 'beyond', specs: [{ command: ['a'] }, { command: ['b'] }] },
  { name: 'two args', webhook: 'setCommandAndArgs', verdict: 'beyond', specs: [{ args: ['a'] }, { args: ['b'] }] },

  // filterPodDefaults: an invalid selector fails every pod of the namespace.
  { name: 'a selector with In and no values', webhook: 'filterPodDefaults', verdict: 'refuse', specs: [{ selector: { matchLabels: { a: 'true' }, matchExpressions: [{ key: 'b', operator: 'In', values: [] }] } }] },
  { name: 'a selector with an unknown operator', webhook: 'filterPodDefaults', verdict: 'refuse', specs: [{ selector: { matchLabels: { a: 'true' }, matchExpressions: [{ key: 'b', operator: 'Is' }] } }] },

  // The pod after the merge (API server validation).
  { name: 'a mount whose volume is in another PodDefault', webhook: 'API server', verdict: 'invalid', specs: [mounted('creds', '/c'), { volumeMounts: [{ name: 'creds', mountPath: '/c' }] }] },
  { name: 'a volume with two sources', webhook: 'API server', verdict: 'invalid', specs: [{ volumes: [{ name: 'v', secret: { secretName: 's' }, emptyDir: {} }], volumeMounts: [{ name: 'v', mountPath: '/v' }] }] },
  { name: 'value and valueFrom', webhook: 'API server', verdict: 'invalid', specs: [env({ name: 'A', value: 'x', valueFrom: secretKeyRef() })] },
  { name: 'subPath with ..', webhook: 'API server', verdict: 'invalid', specs: [mounted('creds', '/c', { subPath: '../x' })] },
  { name: 'subPath and subPathExpr', webhook: 'API server', verdict: 'invalid', specs: [mounted('creds', '/c', { subPath: 'x', subPathExpr: '$(A)' })] },
  { name: 'an item path starting with ..', webhook: 'API server', verdict: 'invalid', specs: [{ volumes: [secretVolume('v', { secretName: 's', items: [{ key: 'k', path: '..data' }] })], volumeMounts: [{ name: 'v', mountPath: '/v' }] }] },
  { name: 'a sidecar without image', webhook: 'API server', verdict: 'invalid', specs: [{ sidecars: [{ name: 'proxy' }] }] },
  { name: 'a toleration with Exists and a value', webhook: 'API server', verdict: 'invalid', specs: [{ tolerations: [{ key: 'gpu', operator: 'Exists', value: 'x' }] }] },
  { name: 'an invalid label value', webhook: 'API server', verdict: 'invalid', specs: [{ labels: { team: 'a b' } }] },

  // Merged cleanly by the webhook, wrong in the container: our documented checks.
  { name: '/x and /x/ for two volumes', webhook: 'mergeVolumeMounts', verdict: 'beyond', specs: [mounted('a', '/c'), { volumes: [secretVolume('b', { secretName: 't' })], volumeMounts: [{ name: 'b', mountPath: '/c/' }] }] },
  { name: 'nested secret mounts', webhook: 'mergeVolumeMounts', verdict: 'beyond', specs: [mounted('a', '/c'), { volumes: [secretVolume('b', { secretName: 't' })], volumeMounts: [{ name: 'b', mountPath: '/c/d' }] }] },
  { name: 'a mount above the workspace', webhook: 'mergeVolumeMounts', verdict: 'beyond', specs: [mounted('a', '/home')] },
  { name: 'envFrom of two Secrets with one key', webhook: 'mergeEnvFrom', verdict: 'beyond', specs: [{ envFrom: [{ secretRef: { name: 'one' } }] }, { envFrom: [{ secretRef: { name: 'two' } }] }] },
];

/** A PodDefault of the case, named and selected as the spawner needs it unless the case sets a selector. */
function records(specs: ReadonlyArray<Record<string, unknown>>): PodDefaultRecord[] {
  return specs.map((spec, i) => ({
    path: `pd${i}`,
    name: `pd-${i}`,
    namespace: 'user',
    spec: { desc: `PodDefault ${i}`, selector: { matchLabels: { [`pd-${i}`]: 'true' } }, ...spec },
  }));
}

/** Keys of the Secrets that envFrom cases use. */
const SECRETS = [
  { path: 'one', name: 'one', namespace: 'user', keys: ['AWS_REGION'], emitted: true },
  { path: 'two', name: 'two', namespace: 'user', keys: ['AWS_REGION'], emitted: true },
];

describe('the webhook\'s rules, case by case', () => {
  test.each(CASES.map((c) => [`${c.webhook}: ${c.name} → ${c.verdict}`, c]))('%s', (_name, c) => {
    // GIVEN the PodDefaults of the case in one namespace
    const found = findConflicts(records(c.specs), SECRETS);
    // THEN
    if (c.verdict === 'clean') {
      expect(found.map((f) => f.message)).toEqual([]);
    } else {
      expect(found.map((f) => f.origin).filter((o) => ORIGINS[c.verdict as Exclude<Verdict, 'clean'>].includes(o))).not.toEqual([]);
    }
  });

  test.each(CASES.filter((c) => c.webhook !== 'filterPodDefaults').map((c) => [`${c.webhook}: ${c.name}`, c]))(
    'the webhook\'s merge of the case, with every box ticked, conflicts exactly when the checks say it refuses: %s', (_name, c) => {
      // GIVEN every PodDefault of the case ticked on one notebook
      const objects = [...objectsOf(records(c.specs), SECRETS).keys()];
      const select = c.specs.map((_s, i) => `pd-${i}`);
      // WHEN the webhook's merge runs
      const preview = previewNotebookPod(objects, { namespace: 'user', select });
      // THEN it finds a conflict when, and only when, the checks report a webhook refusal
      expect(preview.applied).toEqual(select);
      expect(preview.conflicts.length > 0).toBe(c.verdict === 'refuse');
      expect(preview.problems.some((p) => p.origin === 'webhook')).toBe(c.verdict === 'refuse');
    });

  test('the cases cover every merge function of the webhook, and every verdict', () => {
    expect(new Set(CASES.map((c) => c.webhook))).toEqual(new Set([
      'mergeVolumes', 'mergeVolumeMounts', 'mergeEnv', 'mergeEnvFrom', 'mergeTolerations', 'mergeMap', 'mergeContainers',
      'mergeImagePullSecrets', 'applyPodDefaultsOnPod', 'setCommandAndArgs', 'filterPodDefaults', 'API server',
    ]));
    expect(new Set(CASES.map((c) => c.verdict))).toEqual(new Set(['refuse', 'invalid', 'beyond', 'clean']));
  });

  test('a refusing pair is found whatever the order of the PodDefaults (any subset may be ticked)', () => {
    for (const c of CASES.filter((x) => x.verdict !== 'clean' && x.specs.length === 2)) {
      const reversed = findConflicts(records([...c.specs].reverse()), SECRETS);
      expect(reversed.map((f) => f.origin).filter((o) => ORIGINS[c.verdict as Exclude<Verdict, 'clean'>].includes(o))).not.toEqual([]);
    }
  });

  test('a conflicting pair among many clean PodDefaults is still found, once', () => {
    const clean = Array.from({ length: 50 }, (_, i) => mounted(`v${i}`, `/c${i}`));
    const found = findConflicts(records([...clean, env({ name: 'A', value: 'x' }), ...clean.map(() => ({})), env({ name: 'A', value: 'y' })]));
    expect(found.map((f) => f.rule)).toEqual(['env-conflict']);
  });

  test('with the notebook\'s name known, its labels and container become comparable', () => {
    const sidecar = records([{ sidecars: [{ name: 'my-notebook', image: 'x' }] }]);
    expect(findConflicts(sidecar).map((f) => f.rule)).toEqual([]);
    expect(findConflicts(sidecar, [], { notebookName: 'my-notebook' }).map((f) => f.rule)).toEqual(['container-conflict']);
    const label = records([{ labels: { app: 'my-notebook' } }]);
    expect(findConflicts(label, [], { notebookName: 'my-notebook' })).toEqual([]);
    expect(findConflicts(label).map((f) => f.rule)).toEqual(['label-conflict']);
  });
});
