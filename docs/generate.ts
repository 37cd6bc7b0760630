/** Regenerates README.md's "What we check" section and src/manifests/rule-help.ts from docs/checks.ts. */
import * as fs from 'fs';
import * as path from 'path';
import { ruleHelpModule, withChecks } from './checks';

const readme = path.join(__dirname, '..', 'README.md');
fs.writeFileSync(readme, withChecks(fs.readFileSync(readme, 'utf8')));
fs.writeFileSync(path.join(__dirname, '..', 'src', 'manifests', 'rule-help.ts'), ruleHelpModule());
