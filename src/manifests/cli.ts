#!/usr/bin/env node
/**
 * `npx cdk8s-kubeflow-credentials check FILE|DIR|- ...`: checks Kubernetes YAML written by any
 * tool with the checks `cdk8s synth` runs. Exit 0 when clean, 1 on problems, 2 when an input
 * cannot be read or the usage is wrong (the worst outcome wins; never a stack trace).
 */
import * as fs from 'fs';
import * as path from 'path';
import { checkSources, ManifestProblem, ManifestSource } from './check';
import { githubAnnotations, sarifLog } from './formats';
import { previewNotebook } from './preview';
import { readInputs } from './read';
import { PROBLEMS_PER_RULE } from '../engine/aggregate';
import { ALTERNATIVES_ANNOTATION } from '../engine/alternatives';
import { objectsOf } from '../engine/objects';
import { printable } from '../rules/text';

const NAME = 'cdk8s-kubeflow-credentials';
const FORMATS = ['text', 'json', 'sarif', 'github'] as const;
type Format = (typeof FORMATS)[number];

const CHECK_OPTIONS = ['--format', '--json', '--all', '--namespace', '-n', '--notebook', '--select', '-k', '--kustomize', '--help', '-h'];
const PREVIEW_OPTIONS = ['--namespace', '-n', '--select', '--json', '-k', '--kustomize', '--help', '-h'];

const CHECK_USAGE = `usage: ${NAME} check [--format text|json|sarif|github] [--all] [-n NS] [--notebook NAME] [--select NAME,...] [-k] FILE|DIR|- ...

Checks the PodDefaults, Secrets (SealedSecrets and ExternalSecrets as the Secrets they make),
ConfigMaps, Kyverno ClusterPolicies and ClusterExternalSecrets in Kubernetes YAML (several
documents, kind: List, kubectl get -o yaml) as the Kubeflow PodDefault webhook and Kubernetes
would see them, with every subset of a namespace's PodDefaults selected together.

Inputs: a file; - for standard input (helm template ... | ${NAME} check -); a directory, read
recursively (*.yaml, *.yml, *.json), in which a directory holding a kustomization.yaml is built
with kubectl kustomize (the files it uses, patches included, are not read as objects). Every
input is read: one that cannot be read is reported and the others are still checked.

  --format F        text (default), json (an array of {file, object, rule, origin, message, line,
                    column}), sarif (SARIF 2.1.0, for code scanning) or github (workflow
                    annotations, ::error file=...,line=...::)
  --json            the same as --format json
  -n, --namespace NS
                    the namespace of objects that have none (as kubectl -n would apply them)
  --notebook NAME   check against one notebook of this name instead of any notebook
  --select NAME,... check these PodDefaults selected together (in each namespace), as a notebook
                    that ticks them gets them, alternatives or not; by default every selection a
                    notebook can make, and two members of one group of alternatives
                    (annotation ${ALTERNATIVES_ANNOTATION}) are never selected together
  -k, --kustomize   build every DIR given with kubectl kustomize
  --all             show every problem (by default each object shows at most ${PROBLEMS_PER_RULE} of one
                    rule, then one line counting the others)
  -h, --help        this help

Exit status: 0 clean, 1 problems found, 2 an input could not be read or bad usage (the worst wins).
Nothing printed quotes a file's contents beyond names, and control characters are escaped.`;

const PREVIEW_USAGE = `usage: ${NAME} preview [--json] -n NS --select NAME,... [-k] FILE|DIR|- ...

Prints what a notebook pod of namespace NS receives when the boxes of the PodDefaults NAME,...
are ticked (env with the Secret and key of each value, never a value; envFrom; mounts and the
files they show; labels, annotations, tolerations, containers), or why the webhook or the API
server refuses the pod. Inputs are read as by check.

  -n, --namespace NS  the notebook's profile namespace (required)
  --select NAME,...   the PodDefaults whose boxes are ticked (required)
  --json              print the preview as JSON
  -k, --kustomize     build every DIR given with kubectl kustomize
  -h, --help          this help

Exit status: 0 accepted, 1 refused, 2 an input could not be read or bad usage.`;

const USAGE = `usage: ${NAME} check [options] FILE|DIR|- ...
       ${NAME} preview [options] -n NS --select NAME,... FILE|DIR|- ...
       ${NAME} help [check|preview]
       ${NAME} --version

Commands:
  check     check manifests with the checks cdk8s synth runs (${NAME} check --help)
  preview   show what a notebook pod receives for a selection (${NAME} preview --help)`;

/** Bad usage: reported with the usage of the command, exit status 2. */
class UsageError extends Error {
  public constructor(message: string, public readonly usage: string) {
    super(message);
  }
}

/** What the command line asks for. */
type Request =
  | { readonly kind: 'help'; readonly text: string }
  | { readonly kind: 'version' }
  | Args;

interface Args {
  readonly kind: 'check' | 'preview';
  readonly select: string[];
  readonly format: Format;
  readonly all: boolean;
  readonly kustomize: boolean;
  readonly namespace?: string;
  readonly notebookName?: string;
  readonly inputs: string[];
}

function parseArgs(argv: string[]): Request {
  const [command, ...rest] = argv;
  if (command === undefined) {
    throw new UsageError('no command given', USAGE);
  }
  if (command === '--help' || command === '-h' || command === 'help') {
    const topic = rest[0];
    return { kind: 'help', text: topic === 'check' ? CHECK_USAGE : topic === 'preview' ? PREVIEW_USAGE : USAGE };
  }
  if (command === '--version' || command === '-V' || command === 'version') {
    return { kind: 'version' };
  }
  if (command !== 'check' && command !== 'preview') {
    throw new UsageError(`unknown command ${JSON.stringify(command)} (the commands are check and preview)`, USAGE);
  }
  const usage = command === 'check' ? CHECK_USAGE : PREVIEW_USAGE;
  const allowed = command === 'check' ? CHECK_OPTIONS : PREVIEW_OPTIONS;
  let format: Format = 'text';
  let all = false;
  let kustomize = false;
  let select: string[] | undefined;
  let namespace: string | undefined;
  let notebookName: string | undefined;
  const inputs: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (arg === '--help' || arg === '-h') {
      return { kind: 'help', text: usage };
    }
    if (arg.startsWith('-') && arg !== '-' && !allowed.includes(arg)) {
      throw new UsageError(`unknown option ${JSON.stringify(arg)} for ${command} (its options are ${allowed.join(', ')})`, usage);
    }
    if (arg === '--json') {
      format = 'json';
    } else if (arg === '--all') {
      all = true;
    } else if (arg === '-k' || arg === '--kustomize') {
      kustomize = true;
    } else if (arg === '--namespace' || arg === '-n' || arg === '--notebook' || arg === '--select' || arg === '--format') {
      const value = rest[++i];
      if (value === undefined || value === '') {
        throw new UsageError(`${arg} needs a value`, usage);
      }
      if (arg === '--notebook') {
        notebookName = value;
      } else if (arg === '--select') {
        select = value.split(',').map((v) => v.trim()).filter(Boolean);
      } else if (arg === '--format') {
        if (!(FORMATS as readonly string[]).includes(value)) {
          throw new UsageError(`--format ${JSON.stringify(value)} is not one of ${FORMATS.join(', ')}`, usage);
        }
        format = value as Format;
      } else {
        namespace = value;
      }
    } else {
      inputs.push(arg);
    }
  }
  if (inputs.length === 0) {
    throw new UsageError('no FILE, DIR or - given', usage);
  }
  if (command === 'preview' && (namespace === undefined || select === undefined)) {
    throw new UsageError('preview needs --namespace NS and --select NAME,...', usage);
  }
  return { kind: command, select: select ?? [], format, all, kustomize, namespace, notebookName, inputs };
}

/** The package's version, from its package.json. */
export function packageVersion(): string {
  try {
    return String(JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')).version);
  } catch {
    return 'unknown';
  }
}

/** "1 object", "2 objects". */
function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/**
 * Runs the command; returns its exit status: 0 clean, 1 problems, 2 an unreadable input or bad
 * usage (the worst outcome). It never throws: an unexpected error is reported by its kind only
 * (its message could quote the input), with status 2.
 */
export function main(argv: string[], write: (line: string) => void, writeError: (line: string) => void): number {
  // Names and paths come from the input: nothing printed may move the cursor or reorder a line.
  const out = (line: string) => write(printable(line));
  const err = (line: string) => writeError(printable(line));
  try {
    return run(argv, out, err);
  } catch (error) {
    if (error instanceof UsageError) {
      err(`${NAME}: ${error.message}`);
      err(error.usage);
    } else {
      const kind = error instanceof Error ? error.constructor.name : typeof error;
      err(`${NAME}: internal error (${kind}); nothing was checked. Please report it with the command line (not the input, which may hold credentials).`);
    }
    return 2;
  }
}

function run(argv: string[], out: (line: string) => void, err: (line: string) => void): number {
  const request = parseArgs(argv);
  if (request.kind === 'help') {
    out(request.text);
    return 0;
  }
  if (request.kind === 'version') {
    out(packageVersion());
    return 0;
  }
  const { sources, errors } = readInputs(request.inputs, { kustomize: request.kustomize });
  const readStatus = errors.length > 0 ? 2 : 0;
  if (request.kind === 'preview') {
    errors.forEach((e) => err(`${NAME}: ${e}`));
    return Math.max(readStatus, preview(request, sources, out));
  }
  const maxProblemsPerRule = request.all ? 0 : undefined;
  const select = request.select.length > 0 ? request.select : undefined;
  const problems = checkSources(sources, { namespace: request.namespace, notebookName: request.notebookName, maxProblemsPerRule, select });
  const status = Math.max(readStatus, problems.length === 0 ? 0 : 1);
  switch (request.format) {
    case 'json':
      errors.forEach((e) => err(`${NAME}: ${e}`));
      out(JSON.stringify(problems, undefined, 2));
      break;
    case 'sarif':
      errors.forEach((e) => err(`${NAME}: ${e}`));
      // printable() escapes only what JSON strings may hold escaped: the log stays valid JSON.
      out(JSON.stringify(sarifLog(problems, errors, { version: packageVersion(), sources }), undefined, 2));
      break;
    case 'github':
      // Workflow commands escape their own text (%, CR, LF, and : , in properties).
      githubAnnotations(problems, errors, sources).forEach((line) => out(line));
      err(summary(sources, problems, errors));
      break;
    default:
      errors.forEach((e) => err(`${NAME}: ${e}`));
      problems.forEach((p) => out(textLine(p)));
      err(summary(sources, problems, errors));
  }
  return status;
}

function textLine(p: ManifestProblem): string {
  const where = p.line === undefined ? p.file : `${p.file}:${p.line}:${p.column}`;
  return `${where}: ${p.object}: ${p.message} [${p.rule}, ${p.origin}]`;
}

/** The closing line: objects inside Lists counted one by one, plurals right. */
function summary(sources: readonly ManifestSource[], problems: readonly ManifestProblem[], errors: readonly string[]): string {
  const objects = sources.reduce((n, s) => n + s.manifests.flatMap(objectsOf).length, 0);
  const read = `checked ${count(objects, 'object')} in ${count(sources.length, 'file')}`;
  const unread = errors.length > 0 ? `; ${count(errors.length, 'input')} could not be read` : '';
  return problems.length === 0 ? `${read}: no problems${unread}` : `${read}: ${count(problems.length, 'problem')}${unread}`;
}

/** The preview command: what the notebook receives, or why it is refused. */
function preview(args: Args, sources: ManifestSource[], out: (line: string) => void): number {
  const result = previewNotebook(sources.flatMap((s) => s.manifests), { namespace: args.namespace!, select: args.select });
  if (args.format === 'json') {
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
