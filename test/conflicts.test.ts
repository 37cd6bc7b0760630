import {
  checkPodDefaultFields, findConflicts, PodDefaultRecord, PodDefaultSpecJson, SecretRecord,
} from './support/engine';
import { canonicalJson } from '../src/engine';
import { selectorKeyOf } from '../src/engine/namespace';

/** A PodDefault spec as one would write it by hand. */
function record(name: string, spec: Partial<PodDefaultSpecJson> = {}, namespace = 'user'): PodDefaultRecord {
  return {
    path: `manifests/${name}.yaml`,
    name,
    namespace,
    spec: { selector: { matchLabels: { [name]: 'true' } }, desc: name, ...spec },
  };
}

function mount(volume: string, secretName: string, mountPath: string): Partial<PodDefaultSpecJson> {
  return { volumes: [{ name: volume, secret: { secretName } }], volumeMounts: [{ name: volume, mountPath }] };
}

const messages = (pds: PodDefaultRecord[], secrets: SecretRecord[] = []) => findConflicts(pds, secrets).map((c) => `${c.owner.path}: ${c.message}`);

describe('checkPodDefaultFields (manifests not built by our constructs)', () => {
  test('accepts the guide PodDefaults', () => {
    expect(checkPodDefaultFields(record('docker-config', mount('docker-secret-volume', 'docker-secret', '/home/kubeflow/.docker/')))).toEqual([]);
  });
  test('rejects an empty selector (it matches every pod)', () => {
    expect(checkPodDefaultFields(record('x', { selector: {} }))).toEqual([expect.stringMatching(/selector has no matchLabels \(an empty selector matches every pod/)]);
  });
  test('rejects a missing selector', () => {
    expect(checkPodDefaultFields(record('x', { selector: undefined }))).toEqual([expect.stringMatching(/selector has no matchLabels/)]);
  });
  test.each([
    [{ matchLabels: { a: 'yes' } }],
    [{ matchLabels: { a: 'true', b: 'true' } }],
    [{ matchLabels: { a: 'true' }, matchExpressions: [{ key: 'b', operator: 'Exists' }] }],
  ])('rejects a selector the spawner cannot use: %j', (selector) => {
    expect(checkPodDefaultFields(record('x', { selector }))).toContainEqual(expect.stringMatching(/exactly one key whose value is "true"/));
  });
  test('rejects an invalid selector key', () => {
    expect(checkPodDefaultFields(record('x', { selector: { matchLabels: { 'bad key': 'true' } } }))).toContainEqual(expect.stringMatching(/selector key "bad key"/));
  });
  test('rejects a mount without its volume', () => {
    expect(checkPodDefaultFields(record('x', { volumeMounts: [{ name: 'missing', mountPath: '/a' }] })))
      .toEqual([expect.stringMatching(/volumeMounts\[0\] \(volume "missing"\) refers to no volume of this PodDefault/)]);
  });
  test('rejects bad names, paths, modes, items, env names and prefixes together', () => {
    const problems = checkPodDefaultFields({
      path: 'x.yaml',
      name: 'Bad_Name',
      namespace: 'Bad.NS',
      spec: {
        selector: { matchLabels: { x: 'true' } },
        desc: '',
        volumes: [{ name: 'v.1', secret: { secretName: 's', defaultMode: 1000, items: [{ key: '..', path: '../x', mode: -1 }] } }],
        volumeMounts: [{ name: 'v.1', mountPath: 'relative' }],
        env: [{ name: '1X', value: 'v' }],
        envFrom: [{ prefix: '9', secretRef: { name: 's' } }],
      },
    });
    expect(problems).toHaveLength(11);
    expect(problems).toContainEqual(expect.stringMatching(/^desc is empty/));
  });
});

describe('findConflicts', () => {
  test('reports nothing for the guide set', () => {
    expect(messages([
      record('docker-config', mount('docker-secret-volume', 'docker-secret', '/home/kubeflow/.docker/')),
      record('aws-credentials', mount('aws-secret-volume', 'aws-credentials', '/home/kubeflow/.aws/')),
      record('aws-configuration', { envFrom: [{ secretRef: { name: 'aws-configuration' } }] }),
    ])).toEqual([]);
  });

  test('reports each conflict once, on the later record, naming the earlier', () => {
    const result = messages([
      record('a', mount('a', 'a', '/x/')),
      record('b', mount('b', 'b', '/x')),
    ]);
    expect(result).toEqual([expect.stringMatching(/^manifests\/b.yaml: mountPath "\/x" is also used by \[manifests\/a.yaml\]/)]);
  });

  test('groups by namespace', () => {
    expect(messages([record('a', mount('a', 'a', '/x'), 'one'), record('a', mount('b', 'b', '/x'), 'two')])).toEqual([]);
  });

  test('PodDefaults without a namespace form their own group', () => {
    const noNamespace = (r: PodDefaultRecord): PodDefaultRecord => ({ ...r, namespace: undefined });
    expect(messages([noNamespace(record('a', mount('a', 'a', '/x'))), noNamespace(record('b', mount('b', 'b', '/x')))]))
      .toEqual([expect.stringMatching(/in no namespace \(the one kubectl applies to\)/)]);
  });

  test('mounts with different readOnly on one path conflict; the same mount spelled with readOnly false does not', () => {
    const a = record('a', { volumes: [{ name: 'v', secret: { secretName: 's' } }], volumeMounts: [{ name: 'v', mountPath: '/x' }] });
    const same = record('b', { volumes: [{ name: 'v', secret: { secretName: 's' } }], volumeMounts: [{ name: 'v', mountPath: '/x', readOnly: false }] });
    const differs = record('c', { volumes: [{ name: 'v', secret: { secretName: 's' } }], volumeMounts: [{ name: 'v', mountPath: '/x', readOnly: true }] });
    expect(messages([a, same])).toEqual([]);
    expect(messages([a, differs])).toEqual([
      expect.stringMatching(/volumeMount "v" at "\/x" differs \(readOnly, subPath or another field\)/),
    ]);
  });

  test('volumes compare by content whatever the key order', () => {
    const a = record('a', { volumes: [{ name: 'v', secret: { secretName: 's', defaultMode: 256 } }] });
    const b = record('b', { volumes: [{ secret: { defaultMode: 256, secretName: 's' }, name: 'v' } as any] });
    expect(messages([a, b])).toEqual([]);
  });

  test('env vars with literal and referenced values conflict', () => {
    expect(messages([
      record('a', { env: [{ name: 'X', value: '1' }] }),
      record('b', { env: [{ name: 'X', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }] }),
    ])).toEqual([expect.stringMatching(/env "X" differs/)]);
  });

  test('envFrom overlap uses the keys of Secrets the app writes', () => {
    const secrets: SecretRecord[] = [
      { path: 'secrets/one', name: 'one', namespace: 'user', keys: ['AWS_REGION', 'A'], emitted: true },
      { path: 'secrets/two', name: 'two', namespace: 'user', keys: ['AWS_REGION'], emitted: false },
    ];
    expect(messages([
      record('a', { envFrom: [{ secretRef: { name: 'one' } }] }),
      record('b', { envFrom: [{ secretRef: { name: 'two' } }] }),
    ], secrets)).toEqual([expect.stringMatching(/^manifests\/b.yaml: envFrom Secret "two" provides "AWS_REGION", which envFrom Secret "one"/)]);
  });

  test('the same envFrom twice is kept twice by the webhook, and is harmless', () => {
    const secrets: SecretRecord[] = [{ path: 's', name: 'one', namespace: 'user', keys: ['A'], emitted: true }];
    expect(messages([
      record('a', { envFrom: [{ secretRef: { name: 'one' } }] }),
      record('b', { envFrom: [{ secretRef: { name: 'one' } }] }),
    ], secrets)).toEqual([]);
  });

  test('a Secret written twice in one namespace: the same content is one object, other content is two versions', () => {
    const secrets: SecretRecord[] = [
      { path: 'a', name: 'docker-secret', namespace: 'user', keys: ['config.json'], emitted: true },
      { path: 'b', name: 'docker-secret', namespace: 'user', keys: ['config.json'], emitted: true },
      { path: 'c', name: 'docker-secret', namespace: 'other', keys: ['other.json'], emitted: true },
      { path: 'd', name: 'docker-secret', namespace: 'user', keys: ['config.json'], emitted: false },
      { path: 'e', name: 'docker-secret', namespace: 'user', keys: ['.dockerconfigjson'], emitted: true },
    ];
    expect(messages([], secrets)).toEqual(['e: two versions of Secret "docker-secret" in namespace "user": this one and [a] differ (whichever is applied last replaces the other; give one another name, or keep one)']);
  });

  test('a mount nested within the same PodDefault', () => {
    const spec: Partial<PodDefaultSpecJson> = {
      volumes: [{ name: 'a', secret: { secretName: 'a' } }, { name: 'b', secret: { secretName: 'b' } }],
      volumeMounts: [{ name: 'a', mountPath: '/k' }, { name: 'b', mountPath: '/k/b' }],
    };
    expect(messages([record('x', spec)])).toEqual([expect.stringMatching(/mountPath "\/k\/b" is nested under "\/k", mounted by this PodDefault/)]);
  });

  test('the verdict does not depend on the order of the records', () => {
    const pds = [
      record('a', mount('a', 'a', '/k')),
      record('b', mount('b', 'b', '/k/x')),
      record('c', mount('c', 'c', '/k/')),
      record('d', { ...mount('d', 'd', '/m'), selector: { matchLabels: { a: 'true' } } }),
    ];
    const count = messages(pds).length;
    expect(count).toBeGreaterThan(0);
    expect(messages([...pds].reverse())).toHaveLength(count);
    expect(messages([pds[2], pds[0], pds[3], pds[1]])).toHaveLength(count);
  });

  test('stays linear: 20,000 PodDefaults in one namespace are checked quickly', () => {
    const pds: PodDefaultRecord[] = [];
    for (let i = 0; i < 20_000; i++) {
      pds.push(record(`pd-${i}`, mount(`v-${i}`, `s-${i}`, `/home/kubeflow/.c${i}/x`)));
    }
    pds.push(record('late', mount('late', 'late', '/home/kubeflow/.c19999')));
    expect(messages(pds)).toEqual([expect.stringMatching(/contains "\/home\/kubeflow\/.c19999\/x"/)]);
  });
});

describe('helpers', () => {
  test('canonicalJson sorts keys and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: [{ d: undefined, c: 'x' }] })).toBe('{"a":[{"c":"x"}],"b":1}');
  });
  test('selectorKeyOf reads the first matchLabels key, as the spawner does', () => {
    expect(selectorKeyOf({ selector: { matchLabels: { first: 'true', second: 'true' } } })).toBe('first');
    expect(selectorKeyOf({})).toBeUndefined();
  });
});
