/**
 * The Kaptain guide's scenario with no credential in the output: every Secret is written as a
 * Bitnami SealedSecret, sealed with the controller's public certificate, safe to commit.
 *
 *   npx ts-node -P examples/tsconfig.json examples/sealed.ts    # writes dist/sealed/
 *
 * `examples/sealing-cert.pem` is a throwaway certificate made for this example (its private key
 * was not kept); for a real cluster, save the controller's with `kubeseal --fetch-cert` and set
 * EXAMPLE_SEALING_CERT to its path. With EXAMPLE_SEALING_KEY set (the pipeline's stable sealing
 * key, at least 32 characters), sealing is deterministic: two runs write byte-identical files.
 */
import * as path from 'path';
import { App } from 'cdk8s';
import { GuideChart, GuideOptions } from './guide';
import { SealingCertificate, SecretOutput, StableSealingKey } from '../src';

/** The guide's scenario, sealed. */
export function sealedGuide(app: App, options: GuideOptions = {}): GuideChart {
  const env = options.env ?? process.env;
  const certificate = SealingCertificate.fromFile(env.EXAMPLE_SEALING_CERT ?? path.join(__dirname, 'sealing-cert.pem'));
  const stableKey = env.EXAMPLE_SEALING_KEY ? StableSealingKey.fromText(env.EXAMPLE_SEALING_KEY) : undefined;
  return new GuideChart(app, 'guide-sealed', { ...options, output: SecretOutput.sealed({ certificate, stableKey }) });
}

if (require.main === module) {
  const app = new App({ outdir: path.join('dist', 'sealed') });
  sealedGuide(app);
  app.synth();
}
