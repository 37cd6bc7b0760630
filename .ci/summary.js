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
if (status !== 0 && failed === 0) {
  console.log(`the build failed outside jest (exit status ${status}); see the output above`);
  failed = 1;
}
console.log(`${passed} passed, ${failed} failed`);
