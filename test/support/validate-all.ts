/**
 * Jest setup (setupFilesAfterEnv): every chart that any test synthesizes is recorded, and after
 * each test file every PodDefault is validated against the shared PodDefault CRD, every
 * Secret and ConfigMap against its core v1 shape (the `providers` of a `kfp-launcher` ConfigMap
 * against the pipeline launcher's structure), and every SealedSecret, ExternalSecret,
 * ClusterExternalSecret and Kyverno ClusterPolicy against its project's CRD (test/fixtures).
 * So the schema proof covers all snapshots and all examples, not a chosen few.
 */
import * as path from 'path';
import { Chart } from 'cdk8s';
import { recordCounts } from './proof-counts';
import {
  clusterExternalSecretSchemaErrors, clusterPolicySchemaErrors, configMapSchemaErrors, externalSecretSchemaErrors, launcherProvidersSchemaErrors,
  podDefaultSchemaErrors, sealedSecretSchemaErrors, secretSchemaErrors,
} from './schema';

const synthesized: any[] = [];
const original = Chart.prototype.toJson;
Chart.prototype.toJson = function toJson(this: Chart): any[] {
  const manifests = original.call(this);
  synthesized.push(...manifests);
  return manifests;
};

afterAll(() => {
  const problems: string[] = [];
  let validated = 0;
  for (const manifest of synthesized) {
    const errors = manifest.kind === 'PodDefault' ? podDefaultSchemaErrors(manifest)
      : manifest.kind === 'Secret' ? secretSchemaErrors(manifest)
        : manifest.kind === 'SealedSecret' ? sealedSecretSchemaErrors(manifest)
          : manifest.kind === 'ExternalSecret' ? externalSecretSchemaErrors(manifest)
            : manifest.kind === 'ClusterExternalSecret' ? clusterExternalSecretSchemaErrors(manifest)
              : manifest.kind === 'ClusterPolicy' ? clusterPolicySchemaErrors(manifest)
                : manifest.kind === 'ConfigMap' ? [...configMapSchemaErrors(manifest), ...(manifest.metadata?.name === 'kfp-launcher' ? launcherProvidersSchemaErrors(manifest) : [])]
                  : undefined;
    if (errors === undefined) {
      continue;
    }
    validated++;
    if (errors.length > 0) {
      problems.push(`${manifest.kind} ${manifest.metadata?.namespace}/${manifest.metadata?.name}: ${errors.join('; ')}`);
    }
  }
  recordCounts(path.basename(expect.getState().testPath ?? 'unknown'), { schemaValidations: validated });
  if (problems.length > 0) {
    throw new Error(`synthesized manifests that fail their schema:\n${problems.join('\n')}`);
  }
});
