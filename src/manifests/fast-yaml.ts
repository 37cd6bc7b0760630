/**
 * The fast way through a YAML stream, for the texts that need nothing the `yaml` package's
 * reader (read.ts, `parseYamlSequential`) is there for. js-yaml's event parser (`parseEvents`,
 * source offsets and no syntax tree) reads 60,000 cdk8s objects 8 times faster than the `yaml`
 * package's Lexer, Parser and Composer (1.3 s against 6 s on this project's machine, see README
 * "Performance"), and its constructor builds the values from the same events.
 *
 * A text takes this way only when the two readers give the same objects and positions:
 * - no directive, tag, anchor, alias or merge key (`<<`): the `yaml` package resolves them
 *   (YAML 1.1 tags, `maxAliasCount`), and its messages name what is wrong; no null key (`~:`),
 *   which kubectl refuses and the two readers name differently;
 * - no mapping key that is a collection or longer than 1024 characters, and no flow mapping
 *   starting with `{{` (an unrendered template): the `yaml` package refuses or reports them;
 * - no document (or List item) that is a block scalar, whose start the events do not give;
 * - no number that JSON cannot hold (`.nan`, `.inf`): kubectl refuses them, with its message;
 * - js-yaml reads it (a syntax error, a duplicate key or a depth over 100 is reported by the
 *   `yaml` package, with its reason and position).
 * Anything else returns `undefined`, and the caller reads the whole text the other way.
 * Plain scalars are resolved as kubectl resolves them (go-yaml v2, kubectl-yaml.ts), the others
 * are strings, mappings plain objects. `test/fast-yaml.test.ts` compares both readers.
 *
 * The text is read in pieces of about 64 KiB cut at document markers, so that the events of one
 * piece only are held at a time (the events of 20 MB in one piece take 390 MB; in pieces of
 * 1 MiB, 256 KiB and 64 KiB, `check` of 60,000 objects peaks at 330, 320 and 228 MB).
 */
import {
  COLLECTION_STYLE, constructFromEvents, defineScalarTag, Event, EVENT_ID, FAILSAFE_SCHEMA, getScalarValue, NOT_RESOLVED, parseEvents,
  SCALAR_STYLE, Schema,
} from 'js-yaml';
import { firstNonJsonNumber, goYamlV2Scalar } from '../formats/kubectl-yaml';

/** Where an object starts in its file (1-based). */
export interface Position {
  readonly line: number;
  readonly column: number;
}

/** The objects of a text and where each starts. */
export interface Placed {
  readonly manifests: unknown[];
  readonly positions: Position[];
}

/** The first characters of every plain scalar that go-yaml v2 reads as other than a string (kubectl-yaml.ts). */
const NON_STRING_FIRST = ['', '-', '+', '.', '~', ...'0123456789yYnNtTfFoO'];

/** Plain scalars as go-yaml v2 reads them; the others stay strings (FAILSAFE_SCHEMA's `str`). */
const GO_YAML_V2_PLAIN = defineScalarTag('tag:cdk8s-kubeflow-credentials,2026:go-yaml-v2-plain', {
  implicit: true,
  implicitFirstChars: NON_STRING_FIRST,
  resolve: (source: string) => {
    const value = goYamlV2Scalar(source);
    return value === source ? NOT_RESOLVED : value;
  },
  identify: () => false,
});

let schema: Schema | undefined;

/** The longest implicit key the `yaml` package (and YAML 1.2 §7.4) accepts. */
const MAX_IMPLICIT_KEY = 1024;
/** The size of the pieces read one at a time. */
const PIECE_CHARS = 64 * 1024;

/** A document or collection being read. */
interface Frame {
  readonly document: boolean;
  readonly mapping: boolean;
  /** How many children it has had (a mapping's keys and values alternate). */
  children: number;
  /** For a mapping: the text of its last key (only `items` matters). */
  key?: string;
  /** The path of this node when its start is kept: a document's content (`''`) or an item of a List. */
  readonly path?: string;
  /** For the `items` sequence of a kept mapping: that mapping's path (its children's starts are kept). */
  readonly itemsOf?: string;
}

/**
 * Reads a YAML stream with js-yaml when the text allows it (see above); `undefined` when not,
 * or when js-yaml refuses it.
 */
export function parseYamlFast(text: string): Placed | undefined {
  schema ??= FAILSAFE_SCHEMA.withTags(GO_YAML_V2_PLAIN);
  const manifests: unknown[] = [];
  const positions: Position[] = [];
  const lines = new LineFinder(text);
  for (const piece of pieces(text)) {
    let documents: unknown[];
    let starts: Array<Map<string, number>> | undefined;
    try {
      const events = parseEvents(piece.text, {});
      starts = documentStarts(events, piece.text);
      documents = starts === undefined ? [] : constructFromEvents(events, { source: piece.text, schema });
    } catch {
      return undefined;
    }
    if (starts === undefined || documents.length !== starts.length) {
      return undefined;
    }
    for (const [index, value] of documents.entries()) {
      if (value === null || value === undefined) {
        continue;
      }
      if (firstNonJsonNumber(value) !== undefined) {
        return undefined;
      }
      place(value, '', starts[index], (offset) => lines.at(piece.offset + offset), manifests, positions);
    }
  }
  return { manifests, positions };
}

/**
 * The objects of one document with where each starts: the items of a `kind: ...List` (nested
 * Lists too), or itself, as read.ts `placed` does.
 */
function place(
  value: unknown, path: string, starts: ReadonlyMap<string, number>, at: (offset: number) => Position, manifests: unknown[], positions: Position[],
): void {
  if (isList(value)) {
    value.items.forEach((item, i) => {
      const itemPath = `${path}/items/${i}`;
      place(item, starts.has(itemPath) ? itemPath : path, starts, at, manifests, positions);
    });
    return;
  }
  manifests.push(value);
  positions.push(at(starts.get(path) ?? 0));
}

function isList(value: unknown): value is { kind: string; items: unknown[] } {
  const v = value as { kind?: unknown; items?: unknown } | null;
  return v !== null && typeof v === 'object' && !Array.isArray(v) && typeof v.kind === 'string' && v.kind.endsWith('List') && Array.isArray(v.items);
}

/**
 * Per document, where its content starts (path `''`) and where each item of an `items`
 * sequence of a kept mapping starts (`/items/3`, `/items/3/items/1`, ...); `undefined` when the
 * text needs the `yaml` package (a directive, tag, anchor, alias, merge key, collection key, key
 * over 1024 characters, or a flow mapping starting with `{{`).
 */
function documentStarts(events: readonly Event[], text: string): Array<Map<string, number>> | undefined {
  const documents: Array<Map<string, number>> = [];
  let starts = new Map<string, number>();
  const stack: Frame[] = [];
  /** Counts a node that starts at `start` as its parent's child; its path when its start is kept. */
  const enter = (parent: Frame, start: number): string | undefined => {
    const path = parent.document ? '' : parent.itemsOf !== undefined ? `${parent.itemsOf}/items/${parent.children}` : undefined;
    if (path !== undefined) {
      starts.set(path, start);
    }
    parent.children++;
    return path;
  };
  const atKey = (parent: Frame) => parent.mapping && parent.children % 2 === 0;
  for (const event of events) {
    const parent = stack[stack.length - 1];
    switch (event.type) {
      case EVENT_ID.DOCUMENT:
        if (event.directives.length > 0) {
          return undefined;
        }
        starts = new Map();
        stack.push({ document: true, mapping: false, children: 0 });
        break;
      case EVENT_ID.MAPPING:
      case EVENT_ID.SEQUENCE: {
        const mapping = event.type === EVENT_ID.MAPPING;
        if (event.anchorStart !== -1 || event.tagStart !== -1 || atKey(parent)
          || (mapping && event.style === COLLECTION_STYLE.FLOW && text.startsWith('{{', event.start))) {
          return undefined;
        }
        const itemsOf = !mapping && parent.mapping && parent.path !== undefined && parent.key === 'items' ? parent.path : undefined;
        const path = enter(parent, event.start);
        stack.push({ document: false, mapping, children: 0, path, itemsOf });
        break;
      }
      case EVENT_ID.SCALAR: {
        if (event.anchorStart !== -1 || event.tagStart !== -1) {
          return undefined;
        }
        const plain = event.style === SCALAR_STYLE.PLAIN;
        if (atKey(parent)) {
          const key = plain ? text.slice(event.valueStart, event.valueEnd) : getScalarValue(text, event);
          // A merge key, or a null key (kubectl refuses it: "unsupported map key"; the readers name it differently).
          if (key.length > MAX_IMPLICIT_KEY || (plain && (key === '<<' || goYamlV2Scalar(key) === null))) {
            return undefined;
          }
          parent.key = key;
        }
        // A quoted scalar starts at its quote; a block scalar's indicator is not in the event.
        const quoted = event.style === SCALAR_STYLE.SINGLE_QUOTED || event.style === SCALAR_STYLE.DOUBLE_QUOTED;
        if (enter(parent, quoted ? event.valueStart - 1 : event.valueStart) !== undefined && !plain && !quoted) {
          return undefined;
        }
        break;
      }
      case EVENT_ID.ALIAS:
        return undefined;
      case EVENT_ID.POP:
        stack.pop();
        if (stack.length === 0) {
          documents.push(starts);
        }
        break;
    }
  }
  return documents;
}

/** The text in pieces of about `PIECE_CHARS`, cut where a line starts with a document marker. */
function pieces(text: string): Array<{ text: string; offset: number }> {
  const result: Array<{ text: string; offset: number }> = [];
  let start = 0;
  while (start < text.length) {
    let cut = text.length;
    if (text.length - start > PIECE_CHARS) {
      cut = markerAtOrAfter(text, start + PIECE_CHARS);
    }
    result.push({ text: text.slice(start, cut), offset: start });
    start = cut;
  }
  return result;
}

/** The start of the first line at or after `from` that is a document marker (`---` then a blank or the line's end); the text's end if none. */
function markerAtOrAfter(text: string, from: number): number {
  let at = text.indexOf('\n---', from - 1);
  while (at !== -1) {
    const next = text.charCodeAt(at + 4);
    if (Number.isNaN(next) || next === 0x20 || next === 0x09 || next === 0x0a || next === 0x0d) {
      return at + 1;
    }
    at = text.indexOf('\n---', at + 4);
  }
  return text.length;
}

/** Line and column (1-based) of offsets, asked in increasing order (as documents come). */
class LineFinder {
  private line = 1;
  private lineStart = 0;

  public constructor(private readonly text: string) {}

  public at(offset: number): Position {
    if (offset < this.lineStart) {
      this.line = 1;
      this.lineStart = 0;
    }
    for (let i = this.text.indexOf('\n', this.lineStart); i !== -1 && i < offset; i = this.text.indexOf('\n', i + 1)) {
      this.line++;
      this.lineStart = i + 1;
    }
    return { line: this.line, column: offset - this.lineStart + 1 };
  }
}
