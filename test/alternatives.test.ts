/**
 * Alternatives (issue 19, part 6): configurations of one namespace that a user ticks one of. Synth
 * and `check` accept overlaps between members of a group; an overlap with anything else is still
 * refused; `preview` and `check --select` of two members still report it.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, Chart, Testing, Yaml } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { AwsEnvConfiguration, checkManifests, DockerCredentials, NotebookPodDefault, previewNotebook } from '../src';
import { tempDir } from './support/kubectl';
import { ALTERNATIVES_ANNOTATION, MAX_ALTERNATIVE_PASSES, selectionsOf } from '../src/engine/alternatives';
import { main } from '../src/manifests/cli';

const ANNOTATION = 'kubeflow-credentials.cdk8s.io/alternatives';
const KEYS = { accessKeyId: 'AKIAEXAMPLE000000000', secretAccessKey: 'alt-secret-key-value/000000000000000000' };

/** The README's example: the in-cluster MinIO or a Ceph endpoint, one box each, a user ticks one. */
function storageChoice(app: App, group: string | undefined): Chart {
  const chart = new Chart(app, 'team-a', { namespace: 'team-a' });
  new AwsEnvConfiguration(chart, 'Minio', { name: 'minio-configuration', ...KEYS, s3Endpoint: 'http://minio-service.kubeflow:9000', s3ForcePathStyle: true })
    .addPodDefault({ name: 'minio-storage', desc: 'Storage: the in-cluster MinIO (or Ceph, not both)', alternatives: group });
  new AwsEnvConfiguration(chart, 'Ceph', { name: 'ceph-configuration', ...KEYS, s3Endpoint: 'https://ceph.example.com', s3ForcePathStyle: true })
    .addPodDefault({ name: 'ceph-storage', desc: 'Storage: Ceph (or the in-cluster MinIO, not both)', alternatives: group });
  return chart;
}

const errorOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  return 'no error';
};

describe('the constructs', () => {
  test('without a group, MinIO and Ceph side by side are refused: their variables overlap', () => {
    const app = Testing.app();
    storageChoice(app, undefined);
    const message = errorOf(() => app.synth());
    expect(message).toMatch(/env-from-overlap/);
    expect(message).toContain('S3_ENDPOINT');
    expect(message).not.toContain(KEYS.secretAccessKey);
  });

  test('as alternatives they synthesize, each PodDefault carrying the annotation', () => {
    const app = Testing.app();
    const chart = storageChoice(app, 'storage');
    const manifests = Testing.synth(chart);
    const podDefaults = manifests.filter((m) => m.kind === 'PodDefault');
    expect(podDefaults.map((pd) => pd.metadata.annotations?.[ANNOTATION])).toEqual(['storage', 'storage']);
    expect(ALTERNATIVES_ANNOTATION).toBe(ANNOTATION);
    expect(checkManifests(manifests)).toEqual([]);
  });

  test('an overlap with a PodDefault outside the group is still refused', () => {
    const app = Testing.app();
    const chart = storageChoice(app, 'storage');
    new AwsEnvConfiguration(chart, 'Other', { name: 'other-configuration', ...KEYS, s3Endpoint: 'https://s3.example.org' })
      .addPodDefault({ name: 'other-storage', desc: 'Other storage' });
    const message = errorOf(() => app.synth());
    expect(message).toMatch(/other-storage|other-configuration/);
    expect(message).toMatch(/env-from-overlap/);
  });

  test('two groups: members of different groups are still checked together', () => {
    const app = Testing.app();
    const chart = storageChoice(app, 'storage');
    new DockerCredentials(chart, 'Hub', { name: 'hub-secret', registries: [{ server: 'https://index.docker.io/v1/', username: 'u', password: 'p' }] })
      .addPodDefault({ name: 'hub', desc: 'Docker Hub (or the mirror)', alternatives: 'registry' });
    new DockerCredentials(chart, 'Mirror', { name: 'mirror-secret', registries: [{ server: 'mirror.example.com', username: 'u', password: 'p' }] })
      .addPodDefault({ name: 'mirror', desc: 'The mirror (or Docker Hub)', alternatives: 'registry' });
    expect(() => app.synth()).not.toThrow();
    // A registry member that also sets S3_ENDPOINT clashes with each storage member.
    const clash = new NotebookPodDefault(chart, 'Clash', { name: 'clash', desc: 'Clash', alternatives: 'registry' });
    clash.addEnv('S3_ENDPOINT', kplus.EnvValue.fromValue('http://elsewhere:9000'));
    expect(errorOf(() => app.synth())).toMatch(/env-from-overlap/);
  });

  test('an empty group name is refused; a named one accepted', () => {
    const chart = Testing.chart();
    expect(errorOf(() => new NotebookPodDefault(chart, 'A', { name: 'a', desc: 'A', alternatives: ' ' }))).toMatch(/alternatives is empty.*\[annotation/s);
    expect(() => new NotebookPodDefault(chart, 'B', { name: 'b', desc: 'B', alternatives: 'storage' })).not.toThrow();
  });
});

describe('check, check --select and preview on the same manifests', () => {
  const app = Testing.app();
  const manifests = Testing.synth(storageChoice(app, 'storage'));

  test('check: clean; check --select of both members: the overlap', () => {
    expect(checkManifests(manifests)).toEqual([]);
    const out: string[] = [];
    const file = path.join(tempDir(), 'team-a.yaml');
    fs.writeFileSync(file, Yaml.stringify(...manifests));
    expect(main(['check', file], (l) => out.push(l), () => undefined)).toBe(0);
    expect(main(['check', '--select', 'minio-storage,ceph-storage', file], (l) => out.push(l), () => undefined)).toBe(1);
    expect(out.join('\n')).toMatch(/env-from-overlap/);
    out.length = 0;
    expect(main(['check', '--select', 'minio-storage', file], (l) => out.push(l), () => undefined)).toBe(0);
  });

  test('preview of both members reports the overlap; of one, none', () => {
    const both = previewNotebook(manifests, { namespace: 'team-a', select: ['minio-storage', 'ceph-storage'] });
    expect([...both.refusals, ...both.warnings].join('\n')).toMatch(/S3_ENDPOINT/);
    const one = previewNotebook(manifests, { namespace: 'team-a', select: ['minio-storage'] });
    expect(one.applied).toEqual(['minio-storage']);
    expect([...one.refusals, ...one.warnings].join('\n')).not.toMatch(/S3_ENDPOINT/);
  });
});

describe('selectionsOf', () => {
  const entry = (name: string, group?: string) => ({
    object: { source: name, manifest: { kind: 'PodDefault', metadata: { name, ...(group ? { annotations: { [ANNOTATION]: group } } : {}) } } },
    path: name,
    name,
    spec: {},
  }) as any;

  test('one member of each group with every other PodDefault, in every combination', () => {
    const [a1, a2, b1, b2, c] = [entry('a1', 'a'), entry('a2', 'a'), entry('b1', 'b'), entry('b2', 'b'), entry('c')];
    const sets = selectionsOf([a1, a2, b1, b2, c]).map((s) => s.map((e) => e.name).join(','));
    expect(sets).toEqual(['a1,b1,c', 'a1,b2,c', 'a2,b1,c', 'a2,b2,c']);
    expect(selectionsOf([entry('x', 'lonely'), c]).map((s) => s.map((e) => e.name))).toEqual([['x', 'c']]);
  });

  test(`past ${MAX_ALTERNATIVE_PASSES} combinations the namespace is checked whole (every overlap reported)`, () => {
    const many = Array.from({ length: 40 }, (_, i) => entry(`m${i}`, `g${i % 20}`));
    const sets = selectionsOf(many);
    expect(sets).toHaveLength(1);
    expect(sets[0]).toHaveLength(40);
  });
});
