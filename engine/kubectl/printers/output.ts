/**
 * `-o` output formats shared by get and create/apply/...: yaml, json, kyaml,
 * name, jsonpath (-file, -as-json), go-template (-file, and the aliases
 * template/templatefile), custom-columns (-file), and the tables (default and
 * wide) built from the registered handlers.
 */
import type { KObject } from '../../api/meta.js';
import { lookupResource, type ResourceInfo } from '../../api/resources.js';
import { formatV, goQuote, type GoValue } from './gofmt.js';
import type { GoTemplate } from './gotemplate.js';
import type { Template } from './jsonpath.js';
import { toJSON, toYAML } from './yaml.js';
import './tables/index.js';

/**
 * The Go template, KYAML and JSONPath printers load on first use: few commands ask for them, and the lab's
 * engine starts faster without them. runKubectl loads them before a command whose arguments can ask for them
 * (mayNeedLazyPrinters); JSONPath also serves --sort-by, custom columns and `wait --for=jsonpath=`.
 */
let goTemplates: typeof import('./gotemplate.js') | undefined;
let kyaml: typeof import('./kyaml.js') | undefined;
let jsonpath: typeof import('./jsonpath.js') | undefined;

export async function loadLazyPrinters(): Promise<void> {
  [goTemplates, kyaml, jsonpath] = await Promise.all([goTemplates ?? import('./gotemplate.js'), kyaml ?? import('./kyaml.js'), jsonpath ?? import('./jsonpath.js')]);
}

/**
 * Whether these arguments can select a lazily loaded printer: -o go-template…/template…/kyaml/jsonpath…/
 * custom-columns…, --template, --sort-by, or wait's --for=jsonpath=.
 */
export function mayNeedLazyPrinters(args: readonly string[]): boolean {
  return args.some((a) => /template|kyaml|jsonpath|custom-columns|sort-by/i.test(a));
}

/** The JSONPath module, once loadLazyPrinters has loaded it. */
export function jsonPath(): typeof import('./jsonpath.js') {
  return loaded(jsonpath);
}

function loaded<T>(m: T | undefined): T {
  if (!m) throw new Error('printer not loaded: call loadLazyPrinters first');
  return m;
}

export const GET_OUTPUT_FORMATS = ['custom-columns', 'custom-columns-file', 'go-template', 'go-template-file', 'json', 'jsonpath', 'jsonpath-as-json', 'jsonpath-file', 'kyaml', 'name', 'template', 'templatefile', 'wide', 'yaml'];

export type OutputSpec =
  | { kind: 'table'; wide: boolean }
  | { kind: 'yaml' }
  | { kind: 'json' }
  | { kind: 'kyaml' }
  | { kind: 'name' }
  | { kind: 'jsonpath'; template: Template; asJSON?: boolean }
  | { kind: 'go-template'; template: GoTemplate; raw: string; missingKeyError: boolean }
  | { kind: 'custom-columns'; columns: { header: string; template: Template }[] };

export class OutputFormatError extends Error {}

/**
 * A template that failed while printing: kubectl writes the debugging text
 * (`Error executing template: ...`) to stdout, then the error to stderr.
 */
export class PrinterExecError extends Error {
  constructor(message: string, readonly stdout: string) {
    super(message);
  }
}

const JSONPATH_FORMATS = ['jsonpath', 'jsonpath-as-json', 'jsonpath-file'];
const GO_TEMPLATE_FORMATS = ['go-template', 'go-template-file', 'template', 'templatefile'];

/** The PrintFlags' template flags of a command line (--template, --allow-missing-template-keys, whether -o was given). */
export function templateFlagsOf(f: { has(n: string): boolean; string(n: string): string; bool(n: string): boolean; changed(n: string): boolean }): TemplateFlags {
  return {
    template: f.has('template') ? f.string('template') : '',
    allowMissingKeys: f.has('allow-missing-template-keys') ? f.bool('allow-missing-template-keys') : true,
    outputGiven: f.changed('output'),
  };
}

/** Every format PrintFlags offers (json/yaml/kyaml, name, templates), as `-o` errors list them. */
export const PRINT_FLAGS_FORMATS = ['go-template', 'go-template-file', 'json', 'jsonpath', 'jsonpath-as-json', 'jsonpath-file', 'kyaml', 'name', 'template', 'templatefile', 'yaml'];

export interface TemplateFlags {
  /** --template. */
  template?: string;
  /** --allow-missing-template-keys (default true). */
  allowMissingKeys?: boolean;
  /** Whether -o was given (a --template alone means go-template). */
  outputGiven?: boolean;
}

/**
 * Parses -o as PrintFlags.ToPrinter does: json/yaml/kyaml and name (any
 * letter case), then the JSONPath formats, then the Go template ones, each
 * taking its text after `=` or from --template, and reading -file variants
 * from the virtual filesystem.
 */
export function parseOutput(o: string, allowed: string[], readFile: (p: string) => string | undefined, flags: TemplateFlags = {}): OutputSpec {
  const templateArg = flags.template ?? '';
  const allowMissing = flags.allowMissingKeys ?? true;
  const outputGiven = flags.outputGiven ?? o !== '';
  const unmatched = () => new OutputFormatError(`unable to match a printer suitable for the output format "${o}", allowed formats are: ${[...allowed].sort().join(',')}`);
  let format = o;
  if (templateArg && !outputGiven) format = 'go-template';
  if (format === '' && allowed.includes('wide')) return { kind: 'table', wide: false };
  if (format === 'wide' && allowed.includes('wide')) return { kind: 'table', wide: true };
  const lower = format.toLowerCase();
  if (allowed.includes(lower)) {
    if (lower === 'yaml') return { kind: 'yaml' };
    if (lower === 'json') return { kind: 'json' };
    if (lower === 'kyaml') return { kind: 'kyaml' };
    if (lower === 'name') return { kind: 'name' };
  }
  if (format.startsWith('custom-columns') && allowed.includes('custom-columns')) return parseCustomColumnsFormat(format, readFile, unmatched);
  const template = (formats: string[]): { format: string; text: string } | undefined => {
    if (!templateArg && !format) return undefined;
    let f = format;
    let text = templateArg;
    if (!templateArg) {
      const hit = formats.find((x) => format.startsWith(x + '='));
      if (hit) {
        f = hit;
        text = format.slice(hit.length + 1);
      }
    }
    if (!formats.includes(f) || !allowed.includes(f)) return undefined;
    if (!text) throw new OutputFormatError('template format specified but no template given');
    if (f.endsWith('-file') || f === 'templatefile') {
      const content = readFile(text);
      if (content === undefined) throw new OutputFormatError(`error reading --template ${text}, open ${text}: no such file or directory`);
      return { format: f, text: content };
    }
    return { format: f, text };
  };
  const jp = template(JSONPATH_FORMATS);
  if (jp) {
    try {
      return { kind: 'jsonpath', template: jsonPath().parseJSONPath(jp.text), asJSON: jp.format === 'jsonpath-as-json' };
    } catch (e) {
      if (jsonpath && e instanceof jsonpath.JSONPathError) throw new OutputFormatError(`error parsing jsonpath ${jp.text}, ${e.message}`);
      throw e;
    }
  }
  const gt = template(GO_TEMPLATE_FORMATS);
  if (gt) {
    try {
      return { kind: 'go-template', template: loaded(goTemplates).parseGoTemplate(gt.text), raw: gt.text, missingKeyError: !allowMissing };
    } catch (e) {
      if (e instanceof loaded(goTemplates).TemplateParseError) throw new OutputFormatError(`error parsing template ${gt.text}, ${e.message}`);
      throw e;
    }
  }
  throw unmatched();
}

function parseCustomColumnsFormat(format: string, readFile: (p: string) => string | undefined, unmatched: () => Error): OutputSpec {
  const eq = format.indexOf('=');
  const name = eq >= 0 ? format.slice(0, eq) : format;
  const arg = eq >= 0 ? format.slice(eq + 1) : '';
  if (name === 'custom-columns') {
    if (!arg) throw new OutputFormatError('custom-columns format specified but no custom columns given');
    return { kind: 'custom-columns', columns: parseCustomColumns(arg) };
  }
  if (name !== 'custom-columns-file') throw unmatched();
  const content = readFile(arg);
  if (content === undefined) throw new OutputFormatError(`error reading template ${arg}, open ${arg}: no such file or directory\n`);
  const lines = content.split('\n').filter((l) => l.trim() !== '');
  if (lines.length !== 2) throw new OutputFormatError(`invalid template format, expected 2 lines, found ${lines.length}`);
  const headers = lines[0].trim().split(/\s+/);
  const specs = lines[1].trim().split(/\s+/);
  if (headers.length !== specs.length) throw new OutputFormatError(`expected ${headers.length} values, found ${specs.length}`);
  return { kind: 'custom-columns', columns: headers.map((h, i) => ({ header: h, template: columnTemplate(specs[i]) })) };
}

function columnTemplate(spec: string): Template {
  try {
    const jp = jsonPath();
    return jp.parseJSONPath(jp.relaxedJSONPathExpression(spec));
  } catch (e) {
    if (jsonpath && e instanceof jsonpath.JSONPathError) throw new OutputFormatError(e.message);
    throw e;
  }
}

export function parseCustomColumns(spec: string): { header: string; template: Template }[] {
  return spec.split(',').map((part) => {
    const colon = part.indexOf(':');
    if (colon < 0) throw new OutputFormatError(`unexpected custom-columns spec: ${part}, expected <header>:<json-path-expr>`);
    return { header: part.slice(0, colon), template: columnTemplate(part.slice(colon + 1)) };
  });
}

/** Go's %v for the values custom columns print: maps as map[k:v], slices as [a b]. */
export function goFormat(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'string') return v;
  if (typeof v !== 'object') return String(v);
  if (Array.isArray(v)) return `[${v.map(goFormat).join(' ')}]`;
  const o = v as Record<string, unknown>;
  return `map[${Object.keys(o).sort().map((k) => `${k}:${goFormat(o[k])}`).join(' ')}]`;
}

export function customColumnCells(columns: { template: Template }[], obj: unknown): string[] {
  return columns.map((c) => {
    const vals = jsonPath().evaluateJSONPath(c.template, obj);
    return vals.length ? vals.map(goFormat).join(',') : '<none>';
  });
}

/** `-o name`: "pod/web", "deployment.apps/web". */
export function nameOf(obj: KObject, info?: ResourceInfo): string {
  const kind = (info?.kind ?? obj.kind ?? '').toLowerCase();
  const group = info?.group ?? (String(obj.apiVersion ?? '').includes('/') ? String(obj.apiVersion).split('/')[0] : '');
  return `${kind}${group ? '.' + group : ''}/${obj.metadata?.name ?? ''}`;
}

/** The List wrapper kubectl prints around several objects for -o yaml/json/jsonpath. */
export function listOf(items: KObject[], resourceVersion = ''): Record<string, unknown> {
  return { apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion } };
}

/**
 * Prints one object (or a List) in a generic format. `ordered` keeps the
 * object's own key order where Go would (typed objects built on the client,
 * e.g. dry-run generators); objects read from the server marshal sorted.
 */
export function printGeneric(spec: OutputSpec, data: unknown, ordered = false): string {
  switch (spec.kind) {
    case 'yaml': return toYAML(data);
    case 'json': return toJSON(data, !ordered) + '\n';
    case 'kyaml': return loaded(kyaml).toKYAML(data, !ordered);
    case 'jsonpath':
      if (spec.asJSON) return jsonPath().jsonPathResults(spec.template, data).map((r) => goJSONIndent(r) + '\n').join('');
      return jsonPath().executeJSONPath(spec.template, data);
    case 'go-template': return printGoTemplate(spec, data, ordered);
    default: return '';
  }
}

function printGoTemplate(spec: Extract<OutputSpec, { kind: 'go-template' }>, data: unknown, ordered: boolean): string {
  try {
    return loaded(goTemplates).executeGoTemplate(spec.template, data as GoValue, { missingKeyError: spec.missingKeyError });
  } catch (e) {
    if (!(e instanceof loaded(goTemplates).TemplateExecError)) throw e;
    const debug = `Error executing template: ${e.message}. Printing more information for debugging the template:\n`
      + `\ttemplate was:\n\t\t${spec.raw}\n`
      + `\traw data was:\n\t\t${goJSON(data, !ordered)}\n`
      + `\tobject given to template engine was:\n\t\t${formatV(data as GoValue)}\n\n`;
    throw new PrinterExecError(`error executing template ${goQuote(spec.raw)}: ${e.message}`, e.partialOutput + debug);
  }
}

/** json.Marshal: compact, HTML characters escaped. */
export function goJSON(v: unknown, sortKeys = true): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return goJSONString(v);
  if (typeof v !== 'object') return String(v);
  if (Array.isArray(v)) return `[${v.map((x) => goJSON(x, sortKeys)).join(',')}]`;
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o).filter((k) => o[k] !== undefined);
  if (sortKeys) keys.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${keys.map((k) => `${goJSONString(k)}:${goJSON(o[k], sortKeys)}`).join(',')}}`;
}

export function goJSONString(s: string): string {
  return JSON.stringify(s).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** json.MarshalIndent(v, "", "    "). */
export function goJSONIndent(v: unknown, indent = ''): string {
  if (v === null || v === undefined || typeof v !== 'object') return goJSON(v);
  const inner = indent + '    ';
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    return `[\n${v.map((x) => inner + goJSONIndent(x, inner)).join(',\n')}\n${indent}]`;
  }
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o).filter((k) => o[k] !== undefined).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (keys.length === 0) return '{}';
  return `{\n${keys.map((k) => `${inner}${goJSONString(k)}: ${goJSONIndent(o[k], inner)}`).join(',\n')}\n${indent}}`;
}

export function infoForObject(obj: KObject): ResourceInfo | undefined {
  const apiVersion = String(obj.apiVersion ?? '');
  const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
  const kind = String(obj.kind ?? '').toLowerCase();
  return lookupResource(`${kind}s${group ? '.' + group : ''}`);
}

/** printers/typed-order.ts, loaded on first use; simulated time waits meanwhile. */
export async function loadTypedOrder(inv: { ctx: { cluster: { clock: { hold(): () => void } } } }): Promise<typeof import('./typed-order.js')> {
  const release = inv.ctx.cluster.clock.hold();
  try {
    return await import('./typed-order.js');
  } finally {
    release();
  }
}
