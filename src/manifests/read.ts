/**
 * Reading the inputs of `check` and `preview`: files, directories (recursively), standard input,
 * and kustomize directories (built with `kubectl kustomize`). Every input is read: one that
 * cannot be read is reported with the reason (never its content) and the others are still
 * checked. Each object keeps the line and column where it starts, for SARIF and annotations.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { MessageChannel, MessagePort, receiveMessageOnPort, Worker } from 'worker_threads';
import { Composer, Document, isMap, LineCounter, Parser, visit, YAMLError } from 'yaml';
import { ManifestSource } from './check';
import { parseYamlFast, Position } from './fast-yaml';
import { isObject } from '../engine/objects';
import { firstNonJsonNumber, kubectlTags } from '../formats/kubectl-yaml';
import { printable, templateMarkerIn } from '../rules/text';

export type { Position } from './fast-yaml';

/** What the inputs gave: the sources read, and one message per input that could not be. */
export interface ReadResult {
  readonly sources: ManifestSource[];
  readonly errors: string[];
}

/** An input that cannot be read: reported, and the others still checked. */
export class ReadError extends Error {}

/** The file names kustomize looks for in a directory. */
const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/** What the YAML reader's error codes mean, in words that quote nothing. */
const YAML_REASONS: { readonly [code: string]: string } = {
  TAB_AS_INDENT: 'a tab in indentation (YAML indents with spaces)',
  BAD_INDENT: 'indentation that does not line up with the enclosing mapping or sequence',
  MISSING_CHAR: 'an unclosed quote, bracket or brace',
  DUPLICATE_KEY: 'a key given twice in one mapping',
  BLOCK_AS_IMPLICIT_KEY: 'a key that spans several lines, or a missing ": " after a key',
  MULTILINE_IMPLICIT_KEY: 'a key that spans several lines, or a missing ": " after a key',
  BAD_DQ_ESCAPE: 'an invalid escape in a double-quoted string',
  KEY_OVER_1024_CHARS: 'a key longer than 1024 characters',
  UNEXPECTED_TOKEN: 'a character that cannot start anything here (an unquoted value starting with @, `, % or a template?)',
  BAD_SCALAR_START: 'a value that cannot start this way unquoted',
  MULTIPLE_ANCHORS: 'two anchors on one node',
  MULTIPLE_TAGS: 'two tags on one node',
  BLOCK_IN_FLOW: 'a block collection inside a flow collection ([...] or {...})',
  BAD_DIRECTIVE: 'an unknown directive (a line starting with %)',
  TAG_RESOLVE_FAILED: 'a tag that cannot be resolved',
};

/** The reason of a YAML error: an unrendered template on its line first, then the reader's code. */
function yamlReason(error: YAMLError, text: string, lines: LineCounter): string {
  const start = error.pos[0];
  const lineStart = text.lastIndexOf('\n', Math.max(0, start - 1)) + 1;
  const lineEnd = text.indexOf('\n', start);
  const around = text.slice(Math.max(0, lineStart - 2048), lineEnd === -1 ? text.length : Math.min(lineEnd, start + 2048));
  const marker = templateMarkerIn(around);
  const { line, col } = lines.linePos(start);
  if (marker !== undefined) {
    return `line ${line}, column ${col}: an unrendered template: ${marker}; render it first (helm template, kustomize build, envsubst) and check the output [unrendered-template]`;
  }
  return `line ${line}, column ${col}: ${YAML_REASONS[error.code] ?? 'a syntax error'}`;
}

/**
 * Where a flow mapping starts with `{{` (an unquoted template action), if one does. `next` finds
 * the first `{{` at or after an offset (one scan of the text for all its documents).
 */
function helmActionIn(document: Document.Parsed, text: string, next: (from: number) => number): number | undefined {
  const [start, , end] = document.range;
  const first = next(start);
  if (first === -1 || first >= end) {
    return undefined;
  }
  let found: number | undefined;
  visit(document, {
    Map(_, node) {
      const at = node.range?.[0];
      if (isMap(node) && node.flow && at !== undefined && text[at] === '{' && text[at + 1] === '{') {
        found = at;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}

/** The objects of a parsed document with where each starts: the items of a `kind: ...List`, or itself. */
function placed(value: unknown, node: any, lines: LineCounter): Array<{ manifest: unknown; position: Position }> {
  const at = (n: any): Position => {
    const { line, col } = lines.linePos(Array.isArray(n?.range) ? n.range[0] : 0);
    return { line, column: col };
  };
  if (isObject(value) && typeof value.kind === 'string' && value.kind.endsWith('List') && Array.isArray(value.items)) {
    const itemsNode = typeof node?.get === 'function' ? node.get('items', true) : undefined;
    const nodes: any[] = Array.isArray(itemsNode?.items) ? itemsNode.items : [];
    return (value.items as unknown[]).flatMap((item, i) => placed(item, nodes[i] ?? node, lines));
  }
  return [{ manifest: value, position: at(node) }];
}

/**
 * Parses every document of a YAML (or JSON) text; a text that does not parse is a `ReadError`
 * that names the reason and where, never the text. The objects of a `kind: List` are its items.
 * Most texts are read by js-yaml's event parser (fast-yaml.ts); a text it does not read exactly
 * as the `yaml` package does, or at all, is read by the latter, whose documents are composed and
 * converted one at a time (its streaming Composer), in worker threads for large texts.
 */
export function parseYamlPlaced(text: string, file: string): { manifests: unknown[]; positions: Position[] } {
  const fast = parseYamlFast(text);
  if (fast !== undefined) {
    return fast;
  }
  const chunks = text.length >= PARALLEL_MIN_CHARS ? splitDocuments(text, parallelism()) : [];
  if (chunks.length > 1) {
    const parsed = parseInParallel(chunks);
    if (parsed !== undefined) {
      return parsed;
    }
    // A chunk that does not parse: the whole text again, for the message a sequential read gives
    // (its document number and position are the file's).
  }
  return parseYamlSequential(text, file);
}

/** `parseYamlPlaced()` in one thread. */
export function parseYamlSequential(text: string, file: string): { manifests: unknown[]; positions: Position[] } {
  const lines = new LineCounter();
  const tokens = new Parser(lines.addNewLine).parse(text);
  // Scalars as kubectl reads them (go-yaml v2), not as the yaml package's YAML 1.1 schema does.
  const composer = new Composer({ version: '1.1', customTags: kubectlTags });
  const manifests: unknown[] = [];
  const positions: Position[] = [];
  let index = 0;
  // Documents come in order: the last `{{` found serves every document before it.
  let braces = -2;
  const nextBraces = (from: number) => {
    if (braces === -2 || (braces !== -1 && braces < from)) {
      braces = text.indexOf('{{', from);
    }
    return braces;
  };
  for (const document of composer.compose(tokens, true, text.length)) {
    index++;
    if (document.errors.length > 0) {
      // The parser's own message may quote the input (a secret value): say only where and why.
      throw new ReadError(`${file}: not valid YAML (${yamlReason(document.errors[0], text, lines)})`);
    }
    // `{{ .Values.x }}` unquoted is valid YAML (a flow mapping in a flow mapping), and no object.
    const template = helmActionIn(document, text, nextBraces);
    if (template !== undefined) {
      const { line, col } = lines.linePos(template);
      throw new ReadError(`${file}: not a manifest yet (line ${line}, column ${col}: an unrendered template: a Helm or Go template ({{ ... }}); render it first (helm template, kustomize build, envsubst) and check the output [unrendered-template])`);
    }
    let value: unknown;
    try {
      value = document.toJS({ maxAliasCount: 100 });
    } catch (e) {
      // Raised while aliases and merge keys are resolved; the message may quote the input.
      const reason = /alias count/i.test((e as Error).message) ? 'an alias used more than 100 times (a billion-laughs document)'
        : /alias/i.test((e as Error).message) ? 'an alias that refers to no anchor of its document' : 'an alias or merge key that cannot be resolved';
      throw new ReadError(`${file}: not valid YAML (document ${index}: ${reason})`);
    }
    const nonJson = firstNonJsonNumber(value);
    if (nonJson !== undefined) {
      throw new ReadError(`${file}: not valid for kubectl (document ${index}: ${printable(nonJson)} is .nan or .inf, which JSON cannot hold: "json: unsupported value")`);
    }
    if (value !== null && value !== undefined) {
      for (const p of placed(value, document.contents, lines)) {
        manifests.push(p.manifest);
        positions.push(p.position);
      }
    }
  }
  return { manifests, positions };
}

/**
 * Large texts are parsed in parallel (issue 19: 60,000 objects in 5 s): the YAML reader is most
 * of `check`'s time, and the documents of a stream are independent. The text is cut at document
 * markers (`---` at the start of a line, which ends any scalar or collection before it: YAML 1.2
 * §9.1, c-forbidden), each piece parsed by the same function in a worker thread, and the pieces'
 * objects joined in order with their lines shifted. A text with directives (`%YAML`, `%TAG`, which
 * bind to the document after them) is read in one thread.
 */
const PARALLEL_MIN_CHARS = 4 * 1024 * 1024;
/** A worker that has not answered in this long is given up, and the text parsed in one thread. */
const WORKER_TIMEOUT_MS = 10 * 60 * 1000;

/** A piece of a YAML stream and the line it starts on (0-based offset). */
export interface YamlChunk {
  readonly text: string;
  readonly lineOffset: number;
}

/** The threads to parse in: the CPUs node may use, at most 4. */
function parallelism(): number {
  const cpus = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return Math.max(1, Math.min(4, cpus));
}

/**
 * Cuts a YAML stream into at most `parts` pieces at document markers near equal sizes; one piece
 * (the text itself) when it holds directives or no marker where a cut would go.
 */
export function splitDocuments(text: string, parts: number): YamlChunk[] {
  if (parts < 2 || /^%/m.test(text)) {
    return [{ text, lineOffset: 0 }];
  }
  const cuts: number[] = [];
  for (let k = 1; k < parts; k++) {
    let at = text.indexOf('\n---', Math.max(Math.floor((k * text.length) / parts), (cuts[cuts.length - 1] ?? 0)));
    // A marker is `---` followed by a space, a tab or the end of the line (`---x` is a scalar).
    while (at !== -1 && !/^(?:[ \t\r\n]|$)/.test(text.slice(at + 4, at + 5))) {
      at = text.indexOf('\n---', at + 4);
    }
    if (at === -1) {
      break;
    }
    if (at + 1 > (cuts[cuts.length - 1] ?? 0)) {
      cuts.push(at + 1);
    }
  }
  const chunks: YamlChunk[] = [];
  let start = 0;
  let lineOffset = 0;
  for (const cut of [...cuts, text.length]) {
    const piece = text.slice(start, cut);
    chunks.push({ text: piece, lineOffset });
    lineOffset += newlines(piece);
    start = cut;
  }
  return chunks;
}

function newlines(text: string): number {
  let count = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
    count++;
  }
  return count;
}

/** What a worker sends back. */
type ChunkResult = { ok: true; manifests: unknown[]; positions: Position[] } | { ok: false };

/**
 * Parses the chunks, the first in this thread and the others in worker threads, and waits for
 * them synchronously (the callers are synchronous). `undefined` when a chunk does not parse or a
 * worker fails, so that the caller reads the text in one thread.
 */
export function parseInParallel(chunks: readonly YamlChunk[]): { manifests: unknown[]; positions: Position[] } | undefined {
  const started = chunks.slice(1).map((chunk) => {
    const flag = new Int32Array(new SharedArrayBuffer(4));
    const { port1, port2 } = new MessageChannel();
    // Under ts-node (the tests), the worker compiles this module as its parent does.
    const source = __filename.endsWith('.ts') ? "require('ts-node').register({ transpileOnly: true });\n" : '';
    const worker = new Worker(`${source}require(${JSON.stringify(__filename)}).parseChunkInWorker(require('worker_threads').workerData);`, {
      eval: true,
      workerData: { text: chunk.text, flag, port: port2 },
      transferList: [port2],
    });
    worker.unref();
    return { chunk, flag, port: port1, worker };
  });
  const results: ChunkResult[] = [];
  try {
    results.push(chunkResult(chunks[0].text));
    for (const { flag, port } of started) {
      const answered = Atomics.wait(flag, 0, 0, WORKER_TIMEOUT_MS) !== 'timed-out';
      const message = answered ? receiveMessageOnPort(port)?.message as ChunkResult | undefined : undefined;
      results.push(message ?? { ok: false });
    }
  } finally {
    for (const { port, worker } of started) {
      port.close();
      void worker.terminate();
    }
  }
  const manifests: unknown[] = [];
  const positions: Position[] = [];
  for (const [i, result] of results.entries()) {
    if (!result.ok) {
      return undefined;
    }
    const offset = chunks[i].lineOffset;
    manifests.push(...result.manifests);
    for (const p of result.positions) {
      positions.push(offset === 0 ? p : { line: p.line + offset, column: p.column });
    }
  }
  return { manifests, positions };
}

/** One chunk, parsed here; a chunk that does not parse is `ok: false` (the caller reads the whole text). */
function chunkResult(text: string): ChunkResult {
  try {
    return { ok: true, ...parseYamlSequential(text, '-') };
  } catch {
    return { ok: false };
  }
}

/** A worker's work: parse its chunk, post the result, then raise the flag the parent waits on. */
export function parseChunkInWorker(data: { text: string; flag: Int32Array; port: MessagePort }): void {
  try {
    data.port.postMessage(chunkResult(data.text));
  } catch {
    data.port.postMessage({ ok: false });
  } finally {
    Atomics.store(data.flag, 0, 1);
    Atomics.notify(data.flag, 0);
    data.port.close();
  }
}

/** Parses every document of a YAML text (objects of Lists flattened). */
export function parseYaml(text: string, file: string): unknown[] {
  return parseYamlPlaced(text, file).manifests;
}

/** How the inputs are read. */
export interface ReadOptions {
  /** Build directories with kustomize (`-k`), even without a kustomization file found. */
  readonly kustomize?: boolean;
  /** The command that builds a kustomization (`kubectl` by default; `KUBECTL` overrides). */
  readonly kubectl?: string;
  /** Standard input's text. */
  readonly stdin?: () => string;
}

/** Whether a directory is a kustomization root. */
function kustomizationIn(dir: string): string | undefined {
  return KUSTOMIZATION_FILES.find((name) => fs.existsSync(path.join(dir, name)));
}

/**
 * What `kubectl kustomize DIR` builds: what is applied. Files a kustomization names as patches,
 * components or generators' inputs are consumed by it and are not objects.
 */
function kustomize(dir: string, options: ReadOptions): ManifestSource {
  const kubectl = options.kubectl ?? process.env.KUBECTL ?? 'kubectl';
  const result = spawnSync(kubectl, ['kustomize', dir], { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
  const code = (result.error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') {
    throw new ReadError(`${dir}: a kustomization, which needs kubectl to build it, and kubectl is not installed (install it, or run kustomize build ${dir} | cdk8s-kubeflow-credentials check -)`);
  }
  if (result.error || result.status !== 0) {
    // kubectl's message may quote the kustomization's files: say only that it failed.
    throw new ReadError(`${dir}: kubectl kustomize failed (exit status ${result.status ?? code ?? 'unknown'}); run kubectl kustomize ${dir} to see why`);
  }
  const file = `${dir} (kustomize)`;
  const parsed = parseYamlPlaced(result.stdout, file);
  // kustomize output has no lines of the files: problems point at the kustomization file.
  return { file, manifests: parsed.manifests, artifact: path.join(dir, kustomizationIn(dir) ?? KUSTOMIZATION_FILES[0]) };
}

/** A regular file's text: a FIFO, a device or a socket is refused before any read (a FIFO would hang it, /dev/zero never ends). */
function readFile(file: string): string {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (e) {
    throw new ReadError(`${file}: cannot be read (${(e as NodeJS.ErrnoException).code ?? 'unknown error'})`);
  }
  if (!stat.isFile()) {
    throw new ReadError(`${file}: not a regular file (a FIFO, a device or a socket): give its contents on standard input with -`);
  }
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new ReadError(`${file}: cannot be read (${(e as NodeJS.ErrnoException).code ?? 'unknown error'})`);
  }
}

/** One file, parsed; a `ReadError` says why not. */
function fileSource(file: string): ManifestSource {
  const parsed = parseYamlPlaced(readFile(file), file);
  return { file, manifests: parsed.manifests, positions: parsed.positions };
}

/** Reads one input into `into`: every file of a directory, each on its own. */
function readInput(input: string, options: ReadOptions, into: ReadResult): void {
  const attempt = (what: () => ManifestSource) => {
    try {
      into.sources.push(what());
    } catch (e) {
      if (!(e instanceof ReadError)) {
        throw e;
      }
      into.errors.push(e.message);
    }
  };
  if (input === '-') {
    attempt(() => {
      let text: string;
      try {
        text = (options.stdin ?? (() => fs.readFileSync(0, 'utf8')))();
      } catch {
        throw new ReadError('-: standard input cannot be read');
      }
      const parsed = parseYamlPlaced(text, '-');
      return { file: '-', manifests: parsed.manifests, positions: parsed.positions };
    });
    return;
  }
  let stat: fs.Stats;
  try {
    stat = fs.statSync(input);
  } catch {
    into.errors.push(`${input}: no such file or directory`);
    return;
  }
  if (!stat.isDirectory()) {
    attempt(() => fileSource(input));
    return;
  }
  if (options.kustomize) {
    attempt(() => kustomize(input, options));
    return;
  }
  const tree = scan(input, into.errors);
  const referenced = new Set(tree.kustomizations.flatMap((dir) => referencedBy(dir)));
  const before = into.sources.length + into.errors.length;
  for (const dir of tree.kustomizations.filter((d) => !referenced.has(d))) {
    attempt(() => kustomize(dir, options));
  }
  const inKustomization = (file: string) => tree.kustomizations.some((dir) => file.startsWith(`${dir}${path.sep}`));
  for (const file of tree.files.filter((f) => !referenced.has(f) && !inKustomization(f))) {
    attempt(() => fileSource(file));
  }
  if (into.sources.length + into.errors.length === before) {
    into.errors.push(`${input}: no *.yaml, *.yml or *.json files in this directory`);
  }
}

/** The YAML files and the kustomization directories of a tree, recursively, in a stable order. */
function scan(dir: string, errors: string[]): { files: string[]; kustomizations: string[] } {
  const files: string[] = [];
  const kustomizations: string[] = [];
  const visitDir = (current: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(current, { withFileTypes: true });
    } catch (e) {
      errors.push(`${current}: the directory cannot be listed (${(e as NodeJS.ErrnoException).code ?? 'unknown error'})`);
      return;
    }
    if (kustomizationIn(current) !== undefined) {
      kustomizations.push(path.resolve(current));
    }
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) {
        visitDir(full);
      } else if (/\.(ya?ml|json)$/.test(entry.name) && !KUSTOMIZATION_FILES.includes(entry.name)) {
        files.push(path.resolve(full));
      }
    }
  };
  visitDir(dir);
  return { files, kustomizations };
}

/**
 * What a kustomization consumes, as absolute paths: its resources, bases and components (other
 * kustomizations, or files), its patches, and the files of its generators. A consumed
 * kustomization is built by the one that uses it, and a consumed file is not an object.
 */
function referencedBy(dir: string): string[] {
  const name = kustomizationIn(dir);
  let document: unknown;
  try {
    [document] = parseYaml(fs.readFileSync(path.join(dir, name!), 'utf8'), name!);
  } catch {
    return [];
  }
  const k = isObject(document) ? document : {};
  const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);
  const paths = (value: unknown): string[] => (Array.isArray(value) ? value.map((v) => (isObject(v) && typeof v.path === 'string' ? v.path : undefined)).filter((v): v is string => v !== undefined) : []);
  const generatorFiles = (value: unknown): string[] => (Array.isArray(value) ? value.flatMap((g) => (isObject(g) ? [...strings(g.files).map((f) => f.split('=').pop()!), ...strings(g.envs), ...(typeof g.env === 'string' ? [g.env] : [])] : [])) : []);
  return [
    ...strings(k.resources), ...strings(k.bases), ...strings(k.components), ...strings(k.patchesStrategicMerge), ...strings(k.crds),
    ...strings(k.transformers), ...strings(k.generators), ...strings(k.configurations),
    ...paths(k.patches), ...paths(k.patchesJson6902), ...paths(k.replacements),
    ...generatorFiles(k.configMapGenerator), ...generatorFiles(k.secretGenerator),
  ].filter((p) => !/^[a-z]+:\/\//i.test(p)).map((p) => path.resolve(dir, p));
}

/** Reads every input; the ones that cannot be read are named in `errors`, with the reason. */
export function readInputs(inputs: readonly string[], options: ReadOptions = {}): ReadResult {
  const result: ReadResult = { sources: [], errors: [] };
  for (const input of inputs) {
    readInput(input, options, result);
  }
  return result;
}
