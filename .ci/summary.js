// Prints the closing line "N passed, N failed" from jest's JSON results.
// A suite that failed to run (e.g. a compile error) counts as one failure, and so does a failed
// build step outside jest (install, jsii, docgen, eslint, package), so that the line never
// reports 0 failed for a failing run.
const fs = require('fs');
const path = require('path');

const status = Number(process.argv[2] ?? 0);
const file = path.join(__dirname, '..', 'test-reports', 'jest-results.json');
let passed = 0;
let failed = 0;
if (fs.existsSync(file)) {
  const results = JSON.parse(fs.readFileSync(file, 'utf8'));
  passed = results.numPassedTests;
  failed = results.numFailedTests;
  for (const suite of results.testResults) {
    const failedAssertions = suite.assertionResults.filter((a) => a.status === 'failed').length;
    if (suite.status === 'failed' && failedAssertions === 0) {
      console.log(`suite failed to run: ${path.relative(process.cwd(), suite.name)}`);
      failed += 1;
    }
  }
  const skipped = results.numPendingTests + results.numTodoTests;
  if (skipped > 0) {
    console.log(`${skipped} tests were skipped or left as todo`);
  }
} else {
  console.log('jest did not run (no test-reports/jest-results.json)');
}
// The proof suites' counts (cases generated, kubectl comparisons, schema validations, leak checks).
const counts = path.join(__dirname, '..', 'test-reports', 'proof-counts.jsonl');
if (fs.existsSync(counts)) {
  const totals = {};
  for (const line of fs.readFileSync(counts, 'utf8').split('\n').filter(Boolean)) {
    for (const [key, value] of Object.entries(JSON.parse(line))) {
      if (typeof value === 'number') {
        totals[key] = (totals[key] ?? 0) + value;
      }
    }
  }
  console.log(`proof suites: ${Object.entries(totals).map(([k, v]) => `${k}=${v}`).join(' ')}`);
}
if (status !== 0 && failed === 0) {
  console.log(`the build failed outside jest (exit status ${status}); see the output above`);
  failed = 1;
}
console.log(`${passed} passed, ${failed} failed`);
