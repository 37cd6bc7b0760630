import { App, Chart, Testing } from 'cdk8s';

/** A chart in a fresh test App, in `namespace` (default `user`). */
export function testChart(namespace: string | undefined = 'user', app: App = Testing.app()): Chart {
  return new Chart(app, namespace ?? 'no-namespace', { namespace });
}

/** Runs `fn` and returns the message it throws; fails the test when it does not throw. */
export function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(Error);
    return (e as Error).message;
  }
  throw new Error('expected an error, but none was thrown');
}

/** The validation message of synthesizing `chart` (which validates its whole App). */
export function synthError(chart: Chart): string {
  return errorOf(() => Testing.synth(chart));
}
