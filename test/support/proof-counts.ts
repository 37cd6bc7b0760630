/**
 * Counts that the proof suites report (cases generated, kubectl comparisons, schema
 * validations), appended to test-reports/proof-counts.jsonl and totalled by .ci/summary.js.
 */
import * as fs from 'fs';
import * as path from 'path';

const FILE = path.resolve(__dirname, '..', '..', 'test-reports', 'proof-counts.jsonl');

export interface ProofCounts {
  readonly generatedCases?: number;
  readonly kubectlComparisons?: number;
  readonly schemaValidations?: number;
  readonly leakChecks?: number;
  /** Inputs compared with a real consumer (botocore, the AWS JS SDK, docker, podman). */
  readonly consumerComparisons?: number;
}

export function recordCounts(suite: string, counts: ProofCounts): void {
  fs.mkdirSync(path.dirname(FILE), { recursive: true });
  fs.appendFileSync(FILE, JSON.stringify({ suite, ...counts }) + '\n');
}
