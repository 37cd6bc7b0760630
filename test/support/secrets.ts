import { Chart, Testing } from 'cdk8s';

/** The synthesized objects of a chart, by kind and name. */
export function objectsOf(chart: Chart): Map<string, any> {
  return new Map(Testing.synth(chart).map((o) => [`${o.kind}/${o.metadata.name}`, o]));
}

/** The decoded data of the Secret `name` in `chart`. */
export function secretData(chart: Chart, name: string): Record<string, string> {
  const secret = Testing.synth(chart).find((o) => o.kind === 'Secret' && o.metadata.name === name);
  if (!secret) {
    throw new Error(`no Secret ${name}`);
  }
  return Object.fromEntries(Object.entries(secret.data as Record<string, string>).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]));
}

/** Asserts that `text` contains none of `secrets`, nor their base64. */
export function expectNoSecrets(text: string, secrets: readonly string[]): void {
  for (const secret of secrets) {
    expect(text).not.toContain(secret);
    expect(text).not.toContain(Buffer.from(secret).toString('base64'));
  }
}
