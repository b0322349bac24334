/**
 * `kubectl explain` (kubectl/pkg/cmd/explain, pkg/explain/v2): the plaintext
 * template of kubectl v1.35 (pkg/explain/v2/templates/plaintext.tmpl) rendered
 * from the engine's generated schema: GROUP/KIND/VERSION, then either the
 * FIELD line of the last path element or the resource's DESCRIPTION and FIELDS,
 * each field as `name<TAB><type>[ -required-]` and its description word-wrapped
 * (mitchellh/go-wordwrap) under it.
 *
 * Field documentation (descriptions.json) is large and only explain needs it,
 * so it is imported on first use and stays out of the engine's core bundle.
 */
import { SCHEMA } from '../../api/schema/index.js';

/**
 * The schema root of a served resource: its kind, or "group/version.Kind" for a kind whose name another group's kind
 * already has (events.k8s.io/v1 Event beside core/v1 Event).
 */
function schemaKindOf(info: ResourceInfo): string {
  const qualified = `${info.group}/${info.version}.${info.kind}`;
  return SCHEMA.roots[qualified] ? qualified : info.kind;
}
import { loadLazyTypes } from '../../api/schema/lazy.js';
import { RESOURCES, type ResourceInfo } from '../../api/resources.js';
import { PlainError, type Command } from '../framework/command.js';
import { NoResourceMatchError } from '../framework/errors.js';
import { restMapping as mappingFor } from '../framework/builder.js';
import { HELP } from './help-data.js';
import { customResourceDocs } from '../../api/registry/crd-loader.js';

/**
 * descriptions.json (engine/api/schema/generate.ts): per struct key, '' its own
 * documentation, one entry per field, '!required' (comma-separated), '!enum'
 * (field → the values kubectl lists) and '!any' (field → the definition name of
 * an object-typed scalar such as FieldsV1); '!scalars' holds the documentation
 * of Quantity, Time, MicroTime, IntOrString and FieldsV1.
 */
type Docs = Record<string, Record<string, string | Record<string, string | string[]>>>;

let docsCache: Docs | undefined;
async function loadDocs(clock?: { hold(): () => void }): Promise<Docs> {
  if (!docsCache) {
    // Loading is real I/O: hold simulated time so a time-jumping driver does not race ahead meanwhile.
    const release = clock?.hold();
    try {
      // The lazily served kinds' field types too: kube-apiserver's OpenAPI has every kind it serves.
      const types = loadLazyTypes();
      docsCache = (await import('../../api/schema/descriptions.json')).default as unknown as Docs;
      await types;
    } finally {
      release?.();
    }
  }
  return docsCache;
}

const PLAINTEXT = 'plaintext';
const PLAINTEXT_OPENAPIV2 = 'plaintext-openapiv2';
export const SUGGEST_API_RESOURCES = 'Use "kubectl api-resources" for a complete list of supported resources.';

/** A schema node as the template sees it after resolving $ref/allOf: a struct, a list, a map or a scalar. */
type Node =
  | { kind: 'struct'; key: string }
  | { kind: 'array'; items: Node }
  | { kind: 'map'; values: Node }
  | { kind: 'scalar'; type: string; doc?: string };

function nodeOf(code: string, docs: Docs, anyName?: string): Node {
  if (code.startsWith('[]')) return { kind: 'array', items: nodeOf(code.slice(2), docs, anyName) };
  if (code.startsWith('{}')) return { kind: 'map', values: nodeOf(code.slice(2), docs, anyName) };
  if (code.startsWith('@')) return { kind: 'struct', key: code.slice(1) };
  const scalars = (docs['!scalars'] ?? {}) as Record<string, string>;
  // An object-typed definition without properties (FieldsV1) prints under its own name, with its documentation.
  if (code === 'any' && anyName) return { kind: 'scalar', type: anyName, doc: scalars[anyName] };
  switch (code) {
    case 's': case 'bytes': return { kind: 'scalar', type: 'string' };
    case 'b': return { kind: 'scalar', type: 'boolean' };
    case 'i32': case 'i64': return { kind: 'scalar', type: 'integer' };
    case 'f64': return { kind: 'scalar', type: 'number' };
    // Time and MicroTime are strings in OpenAPI, so their type prints as <string>; their doc still shows.
    case 't': return { kind: 'scalar', type: 'string', doc: scalars.t };
    case 'mt': return { kind: 'scalar', type: 'string', doc: scalars.mt };
    case 'q': return { kind: 'scalar', type: 'Quantity', doc: scalars.q };
    case 'ios': return { kind: 'scalar', type: 'IntOrString', doc: scalars.ios };
    default: return { kind: 'scalar', type: 'Object' };
  }
}

/** The "typeGuess" template: `[]Container`, `map[string]string`, `ObjectMeta`, `integer`. */
function typeGuess(n: Node): string {
  switch (n.kind) {
    case 'array': return `[]${typeGuess(n.items)}`;
    case 'map': return `map[string]${typeGuess(n.values)}`;
    case 'struct': return n.key.slice(n.key.lastIndexOf('.') + 1) || 'Object';
    case 'scalar': return n.type;
  }
}

/** The "description" template below a field's own text: the referenced type's documentation. */
function nodeDescription(n: Node, docs: Docs): string {
  switch (n.kind) {
    case 'array': return nodeDescription(n.items, docs);
    case 'map': return nodeDescription(n.values, docs);
    case 'struct': { const d = (docs[n.key] ?? customResourceDocs[n.key])?.[''] as string | undefined; return d ? `${d}\n` : ''; }
    case 'scalar': return n.doc ? `${n.doc}\n` : '';
  }
}

interface Field { name: string; node: Node; description: string; required: boolean; enum?: string[] }

/** The fields a node offers (a list or map offers its element's), sorted as Go ranges over a map. */
function fieldsOf(n: Node, docs: Docs): Field[] {
  if (n.kind === 'array') return fieldsOf(n.items, docs);
  if (n.kind === 'map') return fieldsOf(n.values, docs);
  if (n.kind !== 'struct') return [];
  const s = SCHEMA.types[n.key];
  if (!s) return [];
  const d = docs[n.key] ?? customResourceDocs[n.key] ?? {};
  const required = new Set(String(d['!required'] ?? '').split(',').filter(Boolean));
  const enums = (d['!enum'] ?? {}) as Record<string, string[]>;
  const anys = (d['!any'] ?? {}) as Record<string, string>;
  return Object.keys(s.f).sort().map((name) => ({
    name,
    node: nodeOf(s.f[name], docs, anys[name]),
    description: (d[name] as string | undefined) ?? '',
    required: required.has(name),
    enum: enums[name],
  }));
}

/** The template's `extractEnum` element: the empty string shows as `""`. */
const enumElement = (v: string): string => (v === '' ? '""' : v);
/** How many values a field list shows before `, ....` (fieldDetail's limit). */
const ENUM_SHORT_LIMIT = 4;

/** extractEnum in the field list: a line `enum: A, B, C, D, ....` under the field, at the field's indentation. */
function enumShort(values: string[] | undefined, indentAmount: number): string {
  if (!values?.length) return '';
  const shown = values.slice(0, ENUM_SHORT_LIMIT).map(enumElement).join(', ');
  return `\n${' '.repeat(indentAmount)}enum: ${shown}${values.length > ENUM_SHORT_LIMIT ? ', ....' : ''}`;
}

/** extractEnum below the FIELD line: `ENUM:` and every value on its own line. */
function enumLong(values: string[] | undefined): string {
  if (!values?.length) return '';
  return 'ENUM:' + values.map((v) => `\n    ${enumElement(v)}`).join('');
}

/**
 * mitchellh/go-wordwrap v1.0.1 WrapString: breaks only at spaces, never inside
 * a word; a word longer than the limit stays whole on its own line.
 */
export function wordWrap(s: string, lim: number): string {
  let out = '';
  let current = 0;
  let word = '';
  let wordLen = 0;
  let space = '';
  let spaceLen = 0;
  const isSpace = (ch: string) => ch !== '\u00a0' && /\s/u.test(ch);
  for (const ch of s) {
    if (ch === '\n') {
      if (wordLen === 0) {
        if (current + spaceLen <= lim) out += space;
      } else {
        out += space + word;
      }
      space = ''; spaceLen = 0; word = ''; wordLen = 0;
      out += ch;
      current = 0;
    } else if (isSpace(ch)) {
      if (spaceLen === 0 || wordLen > 0) {
        current += spaceLen + wordLen;
        out += space + word;
        space = ''; spaceLen = 0; word = ''; wordLen = 0;
      }
      space += ch;
      spaceLen++;
    } else {
      word += ch;
      wordLen++;
      if (current + spaceLen + wordLen > lim && wordLen < lim) {
        out += '\n';
        current = 0;
        space = ''; spaceLen = 0;
      }
    }
  }
  if (wordLen === 0) {
    if (current + spaceLen <= lim) out += space;
  } else out += space + word;
  return out;
}

/** The template's `indent`: every line, blank ones too, gets the padding. */
function indent(n: number, s: string): string {
  const pad = ' '.repeat(n);
  return pad + s.split('\n').join('\n' + pad);
}

function fieldList(n: Node, level: number, recursive: boolean, docs: Docs, seen: Set<string>): string {
  // A list or map lists its element's fields: a type already expanded above (a recursive one) is not again.
  while (n.kind === 'array' || n.kind === 'map') n = n.kind === 'array' ? n.items : n.values;
  if (n.kind === 'struct') {
    if (seen.has(n.key)) return '';
    seen = new Set(seen).add(n.key);
  }
  let out = '';
  const pad = level * 2;
  for (const f of fieldsOf(n, docs)) {
    out += `${indent(pad, f.name)}\t<${typeGuess(f.node)}>${f.required ? ' -required-' : ''}${enumShort(f.enum, pad)}\n`;
    if (!recursive) out += `${indent(pad + 2, wordWrap(f.description || '<no description>', 78 - pad))}\n\n`;
    else out += fieldList(f.node, level + 1, recursive, docs, seen);
  }
  return out;
}

function describeNode(n: Node, ownDescription: string, recursive: boolean, docs: Docs): string {
  const description = (ownDescription ? `${ownDescription}\n` : '') + nodeDescription(n, docs);
  let out = `DESCRIPTION:\n${indent(4, wordWrap(description || '<empty>', 76))}\n`;
  const fields = fieldList(n, 1, recursive, docs, new Set());
  if (fields) out += `FIELDS:\n${fields}`;
  return out;
}

export class ExplainError extends Error {}

/** The text for a resource and field path, or an ExplainError with the message after the header. */
export function renderExplain(info: ResourceInfo, path: string[], recursive: boolean, docs: Docs): { header: string; body?: string; error?: string } {
  const header = `${info.group ? `GROUP:      ${info.group}\n` : ''}KIND:       ${info.kind}\nVERSION:    ${info.version}\n\n`;
  let node: Node = { kind: 'struct', key: SCHEMA.roots[schemaKindOf(info)] };
  let own = '';
  let fieldLine = '';
  for (let i = 0; i < path.length; i++) {
    const f: Field | undefined = fieldsOf(node, docs).find((x) => x.name === path[i]);
    if (!f) return { header, error: `error: field "${path[path.length - 1]}" does not exist` };
    node = f.node;
    own = f.description;
    if (i === path.length - 1) fieldLine = `FIELD: ${f.name} <${typeGuess(f.node)}>\n${enumLong(f.enum)}\n\n`;
  }
  return { header, body: `${fieldLine}${describeNode(node, own, recursive, docs)}\n` };
}

/** SplitAndParseResourceRequest(WithMatchingPrefix): the resource, then field names, all plain JSONPath fields. */
function splitRequest(arg: string, matchPrefix: boolean): { info: ResourceInfo; path: string[] } {
  const input = arg.replace(/\.$/, '');
  const parts = input.split('.');
  if (parts.some((p) => !/^[^[\]{}()*@$'"]*$/.test(p))) throw new Error('invalid jsonpath syntax, first node must be field node');
  const info = mappingFor(parts[0]);
  if (matchPrefix) {
    const groupResource = info.group ? `${info.resource}.${info.group}` : info.resource;
    if (input.startsWith(groupResource)) {
      const rest = input.slice(groupResource.length);
      return { info, path: rest ? rest.split('.').slice(1).filter((p) => p !== '') : [] };
    }
  }
  return { info, path: parts.slice(1).filter((p) => p !== '') };
}

function parseGroupVersion(gv: string): { group: string; version: string } {
  const parts = gv.split('/');
  if (parts.length === 1) return { group: '', version: parts[0] };
  if (parts.length === 2) return { group: parts[0], version: parts[1] };
  throw new Error(`unexpected GroupVersion string: ${gv}`);
}

export const explain: Command = {
  name: 'explain',
  short: 'Get documentation for a resource',
  ...HELP.explain,
  async run(inv) {
    if (inv.args.length === 0) throw new Error(`You must specify the type of resource to explain. ${SUGGEST_API_RESOURCES}\n`);
    if (inv.args.length > 1) throw new Error('We accept only this format: explain RESOURCE\n');
    // explain reads discovery and the OpenAPI document from the server: with it down, the connection error is what shows.
    inv.client().tryGet('namespaces', undefined, 'default');
    const apiVersion = inv.flags.string('api-version');
    const format = inv.flags.string('output') || PLAINTEXT;
    let info: ResourceInfo;
    let path: string[];
    try {
      ({ info, path } = splitRequest(inv.args[0], !apiVersion));
    } catch (e) {
      // explain prints the RESTMapper's error bare, without get's "error: " prefix.
      if (e instanceof NoResourceMatchError) throw new PlainError(e.message);
      throw e;
    }
    if (format !== PLAINTEXT && format !== PLAINTEXT_OPENAPIV2) throw new Error(`unrecognized format: ${format}`);
    if (apiVersion) {
      const gv = parseGroupVersion(apiVersion);
      const served = RESOURCES.some((r) => !r.virtual && r.group === gv.group && r.version === gv.version);
      const gvr = `${gv.group}/${gv.version}, Resource=${info.resource}`;
      if (!served) throw new Error(`couldn't find resource for "${gvr}"`);
      const match = RESOURCES.find((r) => !r.virtual && r.group === gv.group && r.version === gv.version && r.resource === info.resource);
      if (!match) throw new Error(`GVR (${gvr}) not found in OpenAPI schema`);
      info = match;
    }
    const docs = await loadDocs(inv.ctx.cluster.clock);
    if (!SCHEMA.roots[schemaKindOf(info)] || info.virtual) throw new Error(`GVR (${info.group}/${info.version}, Resource=${info.resource}) not found in OpenAPI schema`);
    const r = renderExplain(info, path, inv.flags.bool('recursive'), docs);
    // The template has written the header before it finds that a field is missing.
    inv.out(r.header);
    if (r.error) throw new Error(r.error);
    inv.out(r.body!);
    return 0;
  },
};

