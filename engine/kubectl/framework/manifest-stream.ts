/**
 * How kubectl v1.35 reads a -f source, document by document (cli-runtime's
 * StreamVisitor over apimachinery's YAMLOrJSONDecoder):
 *
 * - A source whose first non-blank byte is `{` is read as a stream of JSON
 *   values; when one fails to parse and fewer than two were read, the rest is
 *   read again as YAML (so `{"a": 1,}` is accepted, as YAML's flow syntax),
 *   and if YAML fails too the JSON error is reported (`json: offset 43:
 *   invalid character ...`, or `unexpected EOF`).
 * - Otherwise the text is cut at lines starting with `---` and each piece is
 *   converted by go-yaml v2 (sigs.k8s.io/yaml): a duplicate key keeps its last
 *   value, and errors count lines from the start of the piece.
 * - Each document is then validated (apply, create, replace: apiVersion and
 *   kind must be strings), which stops the stream, and decoded (kind must be
 *   set), which skips the document and goes on.
 */
import { markUnversioned } from './unversioned.js';
import { yamlLib } from '../../util/yaml-lib.js';
import type { KObject } from '../../api/meta.js';
import { scanJsonValue } from './json-syntax.js';

// patch's broken JSON documents are reported in encoding/json's words, loaded with this module.
export { jsonUnmarshalError } from './json-syntax.js';
import { PlainError } from './command.js';
import { lookupKind } from '../../api/resources.js';

/** An object read from a -f source, or why the rest of a document (or of the stream) could not be read. */
export type ManifestEntry = { source: string; object: KObject; error?: undefined } | { source: string; error: Error; object?: undefined };

/** infoForData's decode failure: that document is skipped, the stream goes on. */
export class DocumentDecodeError extends Error {}

/** An item of a List whose kind the server does not serve. */
export class UnrecognizedListItemError extends PlainError {}

const STOP_VALIDATE = 'if you choose to ignore these errors, turn validation off with --validate=false';

interface RawDocument {
  value: unknown;
  /** The bytes kubectl hands on: a JSON value as written, or go-yaml's conversion of a YAML document. */
  raw: string;
}

/** One source, as StreamVisitor reads it. `validate`: the verb validates (apply, create, replace without --validate=false). */
export function decodeManifestStream(text: string, source: string, validate = true): ManifestEntry[] {
  const out: ManifestEntry[] = [];
  for (const step of documents(text)) {
    if ('error' in step) {
      out.push({ source, error: new Error(`error parsing ${source}: ${step.error}`) });
      return out;
    }
    const { value, raw } = step;
    if (value === null || value === undefined) continue;
    if (validate) {
      const problems = objectKindProblems(value);
      if (problems.length) {
        const text = problems.length === 1 ? problems[0] : `[${problems.join(', ')}]`;
        out.push({ source, error: new Error(`error validating "${source}": error validating data: ${text}; ${STOP_VALIDATE}`) });
        return out;
      }
    }
    const objs: KObject[] = [];
    try {
      pushObjects(value, raw, source, objs);
      for (const object of objs) out.push({ source, object });
    } catch (e) {
      for (const object of objs) out.push({ source, object });
      out.push({ source, error: e as Error });
      if (!(e instanceof DocumentDecodeError) && !(e instanceof UnrecognizedListItemError)) return out;
    }
  }
  return out;
}

/** The validator's getObjectKind (kubectl/pkg/validation): what it finds wrong with apiVersion and kind. */
export function objectKindProblems(value: unknown): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return ['invalid object to validate'];
  const o = value as Record<string, unknown>;
  const problems: string[] = [];
  if (o.apiVersion === undefined || o.apiVersion === null) problems.push('apiVersion not set');
  else if (typeof o.apiVersion !== 'string') problems.push("apiVersion isn't string type");
  else if (o.apiVersion.split('/').length > 2) problems.push(`unexpected GroupVersion string: ${o.apiVersion}`);
  if (o.kind === undefined || o.kind === null) problems.push('kind not set');
  else if (typeof o.kind !== 'string') problems.push("kind isn't string type");
  return problems;
}

/** The documents of a source in order; an error ends the stream. */
function* documents(text: string): Generator<RawDocument | { error: string }> {
  let pos = 0;
  if (/^\s*\{/.test(text)) {
    let count = 0;
    for (;;) {
      while (pos < text.length && /\s/.test(text[pos])) pos++;
      if (pos >= text.length) return;
      const scan = scanJsonValue(text, pos);
      if (scan.ok) {
        const raw = text.slice(pos, scan.end);
        pos = scan.end;
        count++;
        yield { value: JSON.parse(raw), raw };
        continue;
      }
      const jsonError = scan.eof ? scan.message : `json: offset ${scan.offset}: ${scan.message}`;
      // More than one JSON value read: a JSON stream for sure, and the bare error is returned.
      if (count > 1) {
        yield { error: scan.message };
        return;
      }
      // Nested past Go's limit: go-yaml stops at its own limit too, so the JSON error stands (without walking the depth again).
      if (/exceeded max depth$/.test(scan.message)) {
        yield { error: jsonError };
        return;
      }
      // The YAML decoder takes over where JSON stopped, after the blanks up to the first newline.
      while (pos < text.length && /[ \t\r]/.test(text[pos])) pos++;
      if (text[pos] === '\n') pos++;
      let first = true;
      for (const step of yamlDocuments(text.slice(pos))) {
        if ('error' in step) {
          yield { error: first ? jsonError : step.error };
          return;
        }
        first = false;
        yield step;
      }
      return;
    }
  }
  yield* yamlDocuments(text);
}

/** YAMLReader's pieces (cut at `---` lines), each converted as sigs.k8s.io/yaml does. */
function* yamlDocuments(text: string): Generator<RawDocument | { error: string }> {
  const lines = text.split(/(?<=\n)/);
  let chunk = '';
  const pieces: string[] = [];
  for (const line of lines) {
    if (line.startsWith('---')) {
      const rest = line.slice(3).trim();
      if (rest !== '' && !rest.startsWith('#')) {
        yield* convertAll(pieces);
        yield { error: `invalid Yaml document separator: ${rest}` };
        return;
      }
      if (chunk !== '') pieces.push(chunk);
      chunk = '';
      continue;
    }
    chunk += line;
  }
  if (chunk !== '') pieces.push(chunk);
  yield* convertAll(pieces);
}

function* convertAll(pieces: string[]): Generator<RawDocument | { error: string }> {
  for (const piece of pieces.splice(0)) {
    const step = convertYaml(piece);
    yield step;
    if ('error' in step) return;
  }
}

/** go-yaml v2 reads a plain 0-prefixed integer with strconv.ParseInt(s, 0, 64), as octal: `defaultMode: 0400` is 256. */
const GO_YAML_OCTAL = { identify: (v: unknown) => typeof v === 'number', default: true, tag: 'tag:yaml.org,2002:int', test: /^[-+]?0[0-7]+$/, resolve: (s: string) => parseInt(s, 8) };

/** go-yaml v2 reads one document of a piece (what follows `...` is ignored); keys repeat without error, the last wins. */
function convertYaml(piece: string): RawDocument | { error: string } {
  const docs = yamlLib().parseAllDocuments(piece, { uniqueKeys: false, prettyErrors: false, customTags: (tags) => [GO_YAML_OCTAL, ...tags] });
  const doc = (Array.isArray(docs) ? docs : [docs])[0];
  const own = goYamlPrescan(piece);
  if (own || doc?.errors.length) {
    const theirs = doc?.errors.length ? goYamlError(piece, doc.errors) : undefined;
    const chosen = own && (!theirs || own.pos <= theirs.pos) ? own : theirs!;
    return { error: `error converting YAML to JSON: yaml: ${chosen.text}` };
  }
  if (!doc) return { value: null, raw: 'null' };
  // go-yaml decodes into map[interface{}]interface{}, whose keys cannot be maps or slices: the first such key, in
  // document order, ends the decode with its value written as Go's %#v.
  const bad = invalidMapKey(doc.contents);
  if (bad !== undefined) return { error: `error converting YAML to JSON: yaml: invalid map key: ${goSharpV(bad, doc)}` };
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    return { error: `error converting YAML to JSON: yaml: ${aliasErrorText(String((e as Error)?.message ?? e))}` };
  }
  // An alias inside its own anchor makes a cycle, which go-yaml refuses while decoding.
  if (cyclic(value)) {
    const alias = /\*([^\s,\]}]+)/.exec(piece)?.[1] ?? '';
    return { error: `error converting YAML to JSON: yaml: anchor '${alias}' value contains itself` };
  }
  return { value, raw: goJson(value) };
}

/** The first pair (depth first, in document order) whose key is a mapping or a sequence. */
function invalidMapKey(node: unknown): unknown {
  const lib = yamlLib();
  if (lib.isMap(node)) {
    for (const pair of node.items) {
      if (lib.isCollection(pair.key)) return pair.key;
      const inner = invalidMapKey(pair.value);
      if (inner) return inner;
    }
  } else if (lib.isSeq(node)) {
    for (const item of node.items) {
      const inner = invalidMapKey(item);
      if (inner) return inner;
    }
  }
  return undefined;
}

/**
 * fmt's %#v of what go-yaml v2 decodes into an interface{}: a string quoted, a number as Go writes a float64 or
 * an int, nil as interface {}(nil). fmt sorts a map's keys by type, then value: strings come before numbers.
 */
function goSharpV(node: unknown, doc: unknown): string {
  const lib = yamlLib();
  if (lib.isAlias(node)) return goSharpV(node.resolve(doc as never), doc);
  if (lib.isSeq(node)) return `[]interface {}{${node.items.map((i) => goSharpV(i, doc)).join(', ')}}`;
  if (lib.isMap(node)) {
    const entries = node.items.map((p) => ({ key: scalarOf(p.key, doc), text: `${goSharpV(p.key, doc)}:${goSharpV(p.value, doc)}` }));
    const rank = (v: unknown) => (typeof v === 'string' ? 0 : typeof v === 'number' ? 1 : 2);
    entries.sort((a, b) => rank(a.key) - rank(b.key) || (a.key! < b.key! ? -1 : a.key! > b.key! ? 1 : 0));
    return `map[interface {}]interface {}{${entries.map((e) => e.text).join(', ')}}`;
  }
  const v = scalarOf(node, doc);
  if (v === null || v === undefined) return 'interface {}(nil)';
  if (typeof v === 'string') return JSON.stringify(v);
  return String(v);
}

function scalarOf(node: unknown, doc: unknown): unknown {
  const lib = yamlLib();
  if (lib.isAlias(node)) return scalarOf(node.resolve(doc as never), doc);
  return lib.isScalar(node) ? node.value : undefined;
}

function cyclic(v: unknown, ancestors = new Set<object>()): boolean {
  if (typeof v !== 'object' || v === null) return false;
  if (ancestors.has(v)) return true;
  ancestors.add(v);
  for (const child of Object.values(v)) if (cyclic(child, ancestors)) return true;
  ancestors.delete(v);
  return false;
}

/** encoding/json's compact form of a converted document: map keys sorted, <, > and & escaped. */
export function goJson(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return `[${v.map(goJson).join(',')}]`;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o).sort().map((k) => `${goString(k)}:${goJson(o[k])}`).join(',')}}`;
  }
  if (typeof v === 'string') return goString(v);
  return JSON.stringify(v);
}

function goString(s: string): string {
  return JSON.stringify(s).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function aliasErrorText(message: string): string {
  const unresolved = /^Unresolved alias[^:]*: (.*)$/.exec(message);
  if (unresolved) return `unknown anchor '${unresolved[1]}' referenced`;
  if (/Excessive alias count/.test(message)) return 'document contains excessive aliasing';
  return message;
}

interface GoYamlError { pos: number; text: string }

type LineInfo = { start: number; text: string; indent: number; content: string };

function lineInfos(piece: string): LineInfo[] {
  const out: LineInfo[] = [];
  let start = 0;
  for (const text of piece.split('\n')) {
    const indent = /^ */.exec(text)![0].length;
    out.push({ start, text, indent, content: text.slice(indent) });
    start += text.length + 1;
  }
  return out;
}

const blankOrComment = (l: LineInfo) => /^\s*(#.*)?$/.test(l.text);

/** A `key:` or `key: value` entry of a block mapping (not a quoted or flow line, not a list item). */
const MAP_ENTRY = /^(?!- |-$)[^\s#'"[{|>&*!][^:#]*:(\s|$)/;

/** The value of an entry (or item) ends the line with a plain scalar, which go-yaml would continue onto the next lines. */
function endsWithPlainScalar(content: string): boolean {
  const m = /^(?:- +)*(?:[^\s#'"[{][^:#]*:\s+)?(.*?)\s*(#.*)?$/.exec(content);
  const value = m ? m[1] : '';
  return value !== '' && !/^['"[{|>&*!]/.test(value) && !/:$/.test(value);
}

/** The column of the mapping a plain scalar value belongs to: the entry's key column (after `- ` markers). */
function entryColumn(l: LineInfo): number {
  const dashes = /^(- +)*/.exec(l.content)![0].length;
  return l.indent + dashes;
}

/**
 * The go-yaml scanner errors the YAML library reports differently or not at
 * all: a tab in a line's indentation, and a bare word at a mapping's key
 * column with no `:` after it.
 */
function goYamlPrescan(piece: string): GoYamlError | undefined {
  const lines = lineInfos(piece);
  let prev: LineInfo | undefined;
  let blockScalarOf = -1;
  for (let n = 0; n < lines.length; n++) {
    const l = lines[n];
    // Inside a block scalar (`|`, `>`) tabs are content.
    if (blockScalarOf >= 0) {
      if (blankOrComment(l) || l.indent > blockScalarOf) continue;
      blockScalarOf = -1;
    }
    const lead = /^[ \t]*/.exec(l.text)![0];
    const tab = lead.indexOf('\t');
    if (tab >= 0) {
      // Continuing a plain scalar, a tab left of its indentation breaks it; anywhere else a tab cannot start a token.
      const plain = prev && endsWithPlainScalar(prev.content);
      if (plain && tab < entryColumn(prev!) + 1) return { pos: l.start + tab, text: `line ${n + 1}: found a tab character that violates indentation` };
      if (!plain) return { pos: l.start + tab, text: `line ${n + 1}: found character that cannot start any token` };
    }
    if (blankOrComment(l)) continue;
    // A bare word where the mapping's next key goes: go-yaml wants its ':' before the next token.
    if (prev && MAP_ENTRY.test(prev.content) && l.indent === prev.indent && !MAP_ENTRY.test(l.content) && /^[^\s\-#'"[{|>&*!?%@`]/.test(l.content) && !/:(\s|$)/.test(l.content)) {
      let next = n + 1;
      while (next < lines.length && blankOrComment(lines[next])) next++;
      const line = next < lines.length ? next + 1 : lines.length;
      return { pos: l.start + l.indent, text: `line ${line}: could not find expected ':'` };
    }
    // Its content is indented past the line that opens it (a key's or a list item's).
    if (/[:-]\s+[|>][-+0-9]*\s*(#.*)?$/.test(l.text)) blockScalarOf = l.indent;
    prev = l;
  }
  return undefined;
}

type YamlError = { code?: string; message: string; pos?: [number, number] };

/** go-yaml v2's text for the first error the YAML library found in a piece. */
function goYamlError(piece: string, errors: YamlError[]): GoYamlError {
  const err = errors[0];
  const pos = err.pos?.[0] ?? 0;
  const lineIndex = (p: number) => piece.slice(0, Math.max(0, Math.min(p, piece.length))).split('\n').length - 1;
  // Scanner errors count lines from 1; parser errors print the mark's 0-based line. Neither names the first line:
  // go-yaml's fail() only prints a line when the mark's 0-based line is not 0.
  const scanner = (p: number, text: string) => ({ pos, text: lineIndex(p) > 0 ? `line ${lineIndex(p) + 1}: ${text}` : text });
  const parser = (index: number, text: string) => ({ pos, text: index > 0 ? `line ${index}: ${text}` : text });
  const eofIndex = piece.split('\n').length - 1;
  const msg = err.message;
  if (/^Missing closing .?quote/.test(msg)) return { pos, text: `line ${eofIndex + 1}: found unexpected end of stream` };
  if (err.code === 'BAD_DQ_ESCAPE') return scanner(pos, 'found unknown escape character');
  if (err.code === 'BAD_SCALAR_START' || err.code === 'TAB_AS_INDENT') return scanner(pos, 'found character that cannot start any token');
  const flow = /^Flow (sequence|map)/.exec(msg);
  if (flow) {
    const open = flow[1] === 'sequence' ? '[' : '{';
    const at = unclosedBracket(piece, err.pos?.[1] ?? piece.length, open);
    if (at >= 0) {
      const close = open === '[' ? ']' : '}';
      if (piece.slice(at + 1).trim() === '') return parser(eofIndex, 'did not find expected node content');
      // The other kind of close as the first entry (`[}`, `{]`): go-yaml parses it as a node, and there is none.
      const first = piece.slice(at + 1).search(/\S/) + at + 1;
      if (piece[first] === (open === '[' ? '}' : ']')) return parser(lineIndex(first), 'did not find expected node content');
      // The entry runs on over the next lines until a `key:` gives go-yaml a value where it wants ',' or the close.
      const lines = lineInfos(piece);
      const from = lineIndex(at) + 1;
      for (let n = from; n < lines.length; n++) if (/^[^#]*\S:(\s|$)/.test(lines[n].text)) return parser(n, `did not find expected ',' or '${close}'`);
      return parser(eofIndex, `did not find expected ',' or '${close}'`);
    }
  }
  if (/Unexpected flow-(seq|map)-end/.test(msg)) {
    const before = piece.slice(0, pos).replace(/\s+$/, '');
    return parser(lineIndex(pos), /[:-]$/.test(before) || before === '' ? 'did not find expected node content' : 'did not find expected key');
  }
  if (/Implicit map keys need to be followed by map values/.test(msg) && err.code === 'MISSING_CHAR') {
    const lines = lineInfos(piece);
    let next = lineIndex(pos) + 1;
    while (next < lines.length && blankOrComment(lines[next])) next++;
    return { pos, text: `line ${next < lines.length ? next + 1 : lines.length}: could not find expected ':'` };
  }
  // A `- item` where a mapping wants its next key (the library reports it on the key's line, or at the newline before).
  const dash = errors.find((e) => /Unexpected block-seq-ind|block sequence may not be used as an implicit map key/.test(e.message));
  if (dash) {
    const at = dash.pos?.[1] ?? pos;
    return { pos, text: parser(lineIndex(/block sequence/.test(dash.message) ? at : dash.pos?.[0] ?? pos), 'did not find expected key').text };
  }
  if (err.code === 'BAD_INDENT' || /Sequence item without - indicator|Unexpected scalar at node end/.test(msg)) {
    return parser(lineIndex(pos), `did not find expected ${inIndentedSequence(piece, pos) ? "'-' indicator" : 'key'}`);
  }
  // A second `key:` on a value's line or under a value that spans lines: go-yaml stops at that colon.
  const multiline = errors.find((e) => e.code === 'MULTILINE_IMPLICIT_KEY');
  const colon = multiline ? (multiline.pos?.[1] ?? 1) - 1 : pos;
  return scanner(colon, 'mapping values are not allowed in this context');
}

/**
 * Whether the block collection in force at `pos` is a sequence indented under
 * its key (or at the top): there go-yaml wants another `-`; in a mapping, or
 * in a sequence written at its key's own column, it wants a key.
 */
function inIndentedSequence(piece: string, pos: number): boolean {
  const lines = lineInfos(piece);
  const index = piece.slice(0, pos).split('\n').length - 1;
  // A position inside the line's indentation stands for the line's first token.
  const column = Math.max(pos - lines[index].start, lines[index].indent);
  let n = index;
  if (column <= lines[index].indent) {
    n = index - 1;
    while (n >= 0 && (blankOrComment(lines[n]) || lines[n].indent > column)) n--;
  }
  if (n < 0) return false;
  const item = lines[n];
  if (!item.content.startsWith('- ') && item.content !== '-') return false;
  let k = n - 1;
  while (k >= 0 && (blankOrComment(lines[k]) || lines[k].indent > item.indent || (lines[k].indent === item.indent && /^-( |$)/.test(lines[k].content)))) k--;
  if (k < 0) return true;
  return !(lines[k].indent === item.indent && MAP_ENTRY.test(lines[k].content));
}

/** The last `open` bracket before `pos` that nothing closes, or -1. */
function unclosedBracket(text: string, pos: number, open: '[' | '{'): number {
  const close = open === '[' ? ']' : '}';
  let depth = 0;
  for (let i = Math.min(pos, text.length - 1); i >= 0; i--) {
    const c = text[i];
    if (c === close) depth++;
    else if (c === open) {
      if (depth === 0) return i;
      depth--;
    }
  }
  return -1;
}

/**
 * Lists are flattened; a document whose metadata does not decode, or whose
 * kind is missing, is infoForData's decode error (reported, then skipped).
 */
function pushObjects(v: unknown, raw: string, source: string, out: KObject[]): void {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    throw new DocumentDecodeError(`unable to decode "${source}": json: cannot unmarshal ${goJsonKind(v)} into Go value of type unstructured.detector`);
  }
  const o = v as KObject;
  const meta = (o as { metadata?: unknown }).metadata;
  if (meta !== undefined && meta !== null && (typeof meta !== 'object' || Array.isArray(meta))) {
    throw new DocumentDecodeError(`unable to decode "${source}": json: cannot unmarshal ${goJsonKind(meta)} into Go struct field metadataOnlyObject.metadata of type v1.ObjectMeta`);
  }
  const apiVersion = (o as { apiVersion?: unknown }).apiVersion;
  const badVersion = typeof apiVersion === 'string' && apiVersion.split('/').length > 2;
  if (typeof o.kind !== 'string' || o.kind === '' || badVersion) throw new DocumentDecodeError(`unable to decode "${source}": Object 'Kind' is missing in '${raw}'`);
  if (o.kind.endsWith('List') && Array.isArray((o as { items?: unknown }).items)) {
    for (const item of (o as unknown as { items: unknown[] }).items) {
      pushObjects(item, goJson(item), source, out);
      // FlattenListVisitor maps each item itself, with its own wording (no file, no "error: " before it).
      const added = out[out.length - 1];
      if (added && !lookupKind(String(added.apiVersion), String(added.kind))) {
        out.pop();
        throw new UnrecognizedListItemError(`unable to recognize no matches for kind "${added.kind}" in version "${added.apiVersion}"`);
      }
    }
    return;
  }
  // An unset apiVersion decodes as the core group's version (the validator, when on, has refused it already);
  // kubectl then maps the object by its kind alone (infoOf).
  if (apiVersion === undefined || apiVersion === null || apiVersion === '') {
    const obj = { ...o, apiVersion: 'v1' };
    markUnversioned(obj, goJson(o));
    out.push(obj);
  } else out.push(o);
}

/** encoding/json's name for a JSON value's type in "cannot unmarshal X into ...". */
export function goJsonKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'boolean') return 'bool';
  return typeof v === 'number' || typeof v === 'string' ? typeof v : 'object';
}

/** go-yaml's text for the first of the YAML library's errors in `text` (kubectl debug --custom reads one document). */
export function yamlErrorText(text: string, errors: YamlError[]): string {
  return (goYamlPrescan(text) ?? goYamlError(text, errors)).text;
}

/**
 * Splits a multi-document YAML or JSON text into objects; Lists are
 * flattened. Errors carry the text kubectl prints for a broken manifest.
 */
export function decodeManifests(text: string, source: string): { source: string; object: KObject }[] {
  const out: { source: string; object: KObject }[] = [];
  for (const e of decodeManifestStream(text, source)) {
    if (e.error) throw e.error;
    out.push({ source: e.source, object: e.object });
  }
  return out;
}
