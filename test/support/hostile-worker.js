// Runs one case of test/support/hostile-cases.ts in a worker thread and posts its result, with the
// time it took. The parent gives the worker its heap limit and its deadline.
const { parentPort, workerData } = require('worker_threads');
require('ts-node').register({ transpileOnly: true, project: require('path').join(__dirname, '..', 'tsconfig.json') });
const { CASES } = require('./hostile-cases');

const c = CASES.find((x) => x.name === workerData.name);
const start = process.hrtime.bigint();
const result = c.run();
parentPort.postMessage({ ...result, ms: Number(process.hrtime.bigint() - start) / 1e6 });
