#!/usr/bin/env node
/**
 * `npx cdk8s-kubeflow-credentials check FILE|DIR|- ...`: checks Kubernetes YAML written by any
 * tool with the checks `cdk8s synth` runs. Exit 0 when clean, 1 on problems, 2 when the input
 * cannot be read (with a message, never a stack trace).
 */
import * as fs from 'fs';
import * as path from 'path';
import { Composer, LineCounter, Parser } from 'yaml';
import { checkSources, ManifestSource } from './check';
import { firstNonJsonNumber, kubectlTags } from './kubectl-yaml';
import { previewNotebook } from './preview';
import { PROBLEMS_PER_RULE } from '../engine/aggregate';
import { printable } from '../rules/text';

const USAGE = `usage: cdk8s-kubeflow-credentials check [--json] [--all] [--namespace NS] [--notebook NAME] FILE|DIR|- ...
       cdk8s-kubeflow-credentials preview [--json] --namespace NS --select NAME,... FILE|DIR|- ...

Checks the PodDefaults and Secrets in Kubernetes YAML (several documents, kind: List, kustomize
output) as the Kubeflow PodDefault webhook and Kubernetes would see them, with every subset of a
namespace's PodDefaults selected together. A directory is read recursively (*.yaml, *.yml,
*.json); - reads standard input.

  --json            print one JSON array of {file, object, rule, origin, message}
  --namespace NS    the namespace of objects that have none (as kubectl -n would apply them)
  --notebook NAME   check against one notebook of this name instead of any notebook
  --all             show every problem (by default each object shows at most ${PROBLEMS_PER_RULE} of one
                    rule, then one line counting the others)

preview prints what a notebook pod of namespace NS receives when the boxes of the PodDefaults
NAME,... are ticked (env with the Secret and key of each value, never a value; envFrom; mounts
and the files they show; labels, annotations, tolerations, containers), or why the webhook or
the API server refuses the pod.

Exit status: 0 clean (or accepted), 1 problems found (or refused), 2 unreadable input or bad usage.
Nothing printed quotes a file's contents beyond names, and control characters are escaped.`;

/** An input problem: reported with exit status 2. */
class InputError extends Error {}

interface Args {
  readonly command: 'check' | 'preview';
  readonly select: string[];
  readonly json: boolean;
  readonly all: boolean;
  readonly namespace?: string;
  readonly notebookName?: string;
  readonly inputs: string[];
}

function parseArgs(argv: string[]): Args {
  const [command, ...rest] = argv;
  if (command !== 'check' && command !== 'preview') {
    throw new InputError(command === undefined ? 'no command given' : `unknown command ${JSON.stringify(command)}`);
  }
  let json = false;
  let all = false;
  let select: string[] | undefined;
  let namespace: string | undefined;
  let notebookName: string | undefined;
  const inputs: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (arg === '--json') {
      json = true;
    } else if (arg === '--all') {
      all = true;
    } else if (arg === '--namespace' || arg === '-n' || arg === '--notebook' || arg === '--select') {
      const value = rest[++i];
      if (value === undefined || value === '') {
        throw new InputError(`${arg} needs a value`);
      }
      if (arg === '--notebook') {
        notebookName = value;
      } else if (arg === '--select') {
        select = value.split(',').map((v) => v.trim()).filter(Boolean);
      } else {
        namespace = value;
      }
    } else if (arg.startsWith('-') && arg !== '-') {
      throw new InputError(`unknown option ${JSON.stringify(arg)}`);
    } else {
      inputs.push(arg);
    }
  }
  if (inputs.length === 0) {
    throw new InputError('no FILE, DIR or - given');
  }
  if (command === 'preview' && (namespace === undefined || select === undefined)) {
    throw new InputError('preview needs --namespace NS and --select NAME,...');
  }
  return { command, select: select ?? [], json, all, namespace, notebookName, inputs };
}

/** The YAML files of a directory, recursively, in a stable order. */
function filesOf(dir: string): string[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    throw new InputError(`${dir}: the directory cannot be listed (${(e as NodeJS.ErrnoException).code ?? 'unknown error'})`);
  }
  return entries
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        return filesOf(full);
      }
      return /\.(ya?ml|json)$/.test(entry.name) ? [full] : [];
    });
}

/**
 * Parses every document of a YAML (or JSON) text; refuses a text that does not parse. Documents
 * are composed and converted one at a time (the `yaml` package's streaming Composer), so that
 * only the text and the objects are held: a 50 MB file takes a third of the memory of
 * `parseAllDocuments`.
 */
export function parseYaml(text: string, file: string): unknown[] {
  const lines = new LineCounter();
  const tokens = new Parser(lines.addNewLine).parse(text);
  // Scalars as kubectl reads them (go-yaml v2), not as the yaml package's YAML 1.1 schema does.
  const composer = new Composer({ version: '1.1', customTags: kubectlTags });
  const manifests: unknown[] = [];
  let index = 0;
  for (const document of composer.compose(tokens, true, text.length)) {
    index++;
    if (document.errors.length > 0) {
      const line = lines.linePos(document.errors[0].pos[0]);
      // The parser's own message may quote the input (a secret value): say only where.
      throw new InputError(`${file}: not valid YAML (line ${line.line}, column ${line.col})`);
    }
    let value: unknown;
    try {
      value = document.toJS({ maxAliasCount: 100 });
    } catch (e) {
      // Raised while aliases and merge keys are resolved; the message may quote the input.
      const reason = /alias count/i.test((e as Error).message) ? 'an alias used more than 100 times (a billion-laughs document)'
        : /alias/i.test((e as Error).message) ? 'an alias that refers to no anchor of its document' : 'an alias or merge key that cannot be resolved';
      throw new InputError(`${file}: not valid YAML (document ${index}: ${reason})`);
    }
    const nonJson = firstNonJsonNumber(value);
    if (nonJson !== undefined) {
      throw new InputError(`${file}: not valid for kubectl (document ${index}: ${printable(nonJson)} is .nan or .inf, which JSON cannot hold: "json: unsupported value")`);
    }
    if (value !== null && value !== undefined) {
      manifests.push(value);
    }
  }
  return manifests;
}

function read(input: string): ManifestSource[] {
  if (input === '-') {
    return [{ file: '-', manifests: parseYaml(readStdin(), '-') }];
  }
  let stat: fs.Stats;
  try {
    stat = fs.statSync(input);
  } catch {
    throw new InputError(`${input}: no such file or directory`);
  }
  const files = stat.isDirectory() ? filesOf(input) : [input];
  if (stat.isDirectory() && files.length === 0) {
    throw new InputError(`${input}: no *.yaml, *.yml or *.json files in this directory`);
  }
  return files.map((file) => ({ file, manifests: parseYaml(readFile(file), file) }));
}

/** A regular file's text: a FIFO, a device or a socket is refused before any read (a FIFO would hang it, /dev/zero never ends). */
function readFile(file: string): string {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (e) {
    throw new InputError(`${file}: cannot be read (${(e as NodeJS.ErrnoException).code ?? 'unknown error'})`);
  }
  if (!stat.isFile()) {
    throw new InputError(`${file}: not a regular file (a FIFO, a device or a socket): give its contents on standard input with -`);
  }
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(`${file}: cannot be read (${(e as NodeJS.ErrnoException).code ?? 'unknown error'})`);
  }
}

function readStdin(): string {
  try {
    return fs.readFileSync(0, 'utf8');
  } catch {
    throw new InputError('-: standard input cannot be read');
  }
}

/**
 * Runs the command; returns its exit status: 0 clean, 1 problems, 2 unreadable input or bad
 * usage. It never throws: an unexpected error is reported by its kind only (its message could
 * quote the input), with status 2.
 */
export function main(argv: string[], write: (line: string) => void, writeError: (line: string) => void): number {
  // Names and paths come from the input: nothing printed may move the cursor or reorder a line.
  const out = (line: string) => write(printable(line));
  const err = (line: string) => writeError(printable(line));
  try {
    return run(argv, out, err);
  } catch (error) {
    if (error instanceof InputError) {
      err(`cdk8s-kubeflow-credentials: ${error.message}`);
      if (/command|option|needs a value|needs --namespace|no FILE/.test(error.message)) {
        err(USAGE);
      }
    } else {
      const kind = error instanceof Error ? error.constructor.name : typeof error;
      err(`cdk8s-kubeflow-credentials: internal error (${kind}); nothing was checked. Please report it with the command line (not the input, which may hold credentials).`);
    }
    return 2;
  }
}

function run(argv: string[], out: (line: string) => void, err: (line: string) => void): number {
  const args = parseArgs(argv);
  const sources = args.inputs.flatMap(read);
  if (args.command === 'preview') {
    return preview(args, sources, out);
  }
  const maxProblemsPerRule = args.all ? 0 : undefined;
  const problems = checkSources(sources, { namespace: args.namespace, notebookName: args.notebookName, maxProblemsPerRule });
  if (args.json) {
    out(JSON.stringify(problems, undefined, 2));
  } else {
    for (const p of problems) {
      out(`${p.file}: ${p.object}: ${p.message} [${p.rule}, ${p.origin}]`);
    }
    const objects = sources.reduce((n, s) => n + s.manifests.length, 0);
    err(problems.length === 0
      ? `checked ${objects} objects in ${sources.length} files: no problems`
      : `checked ${objects} objects in ${sources.length} files: ${problems.length} problems`);
  }
  return problems.length === 0 ? 0 : 1;
}

/** The preview command: what the notebook receives, or why it is refused. */
function preview(args: Args, sources: ManifestSource[], out: (line: string) => void): number {
  const result = previewNotebook(sources.flatMap((s) => s.manifests), { namespace: args.namespace!, select: args.select });
  if (args.json) {
    out(JSON.stringify(result, undefined, 2));
    return result.refusals.length === 0 ? 0 : 1;
  }
  out(`notebook in namespace ${JSON.stringify(args.namespace)}, ticked: ${args.select.join(', ')}`);
  out(`PodDefaults applied: ${result.applied.join(', ') || 'none'}`);
  if (result.refusals.length > 0) {
    out('the notebook is refused:');
    result.refusals.forEach((r) => out(`  ${r}`));
    return 1;
  }
  const width = Math.max(...result.entries.map((e) => e.kind.length));
  for (const e of result.entries) {
    out(`  ${e.kind.padEnd(width)}  ${e.name}: ${e.detail} (from ${e.from})`);
  }
  result.warnings.forEach((w) => out(`warning: ${w}`));
  return 0;
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2), (line) => process.stdout.write(`${line}\n`), (line) => process.stderr.write(`${line}\n`));
}
