/** Regenerates README.md's "What we check" section from docs/checks.ts. */
import * as fs from 'fs';
import * as path from 'path';
import { withChecks } from './checks';

const readme = path.join(__dirname, '..', 'README.md');
fs.writeFileSync(readme, withChecks(fs.readFileSync(readme, 'utf8')));
