/**
 * `-o` output formats shared by get and (in part B) create/apply/...:
 * yaml, json, name, jsonpath, jsonpath-file, custom-columns, custom-columns-file,
 * and the tables (default and wide) built from the registered handlers.
 */
import type { KObject } from '../../api/meta.js';
import { lookupResource, type ResourceInfo } from '../../api/resources.js';
import { executeJSONPath, JSONPathError, parseJSONPath, relaxedJSONPathExpression, evaluateJSONPath, type Template } from './jsonpath.js';
import { toJSON, toYAML } from './yaml.js';
import './tables/index.js';

export const GET_OUTPUT_FORMATS = ['custom-columns', 'custom-columns-file', 'go-template', 'go-template-file', 'json', 'jsonpath', 'jsonpath-as-json', 'jsonpath-file', 'kyaml', 'name', 'template', 'templatefile', 'wide', 'yaml'];

export type OutputSpec =
  | { kind: 'table'; wide: boolean }
  | { kind: 'yaml' }
  | { kind: 'json' }
  | { kind: 'name' }
  | { kind: 'jsonpath'; template: Template }
  | { kind: 'custom-columns'; columns: { header: string; template: Template }[] };

export class OutputFormatError extends Error {}

/** Parses -o, reading -file variants from the virtual filesystem. */
export function parseOutput(o: string, allowed: string[], readFile: (p: string) => string | undefined): OutputSpec {
  const eq = o.indexOf('=');
  const format = eq >= 0 ? o.slice(0, eq) : o;
  const arg = eq >= 0 ? o.slice(eq + 1) : '';
  const unmatched = () => new OutputFormatError(`unable to match a printer suitable for the output format "${o}", allowed formats are: ${allowed.join(',')}`);
  if (format === '' && allowed.includes('wide')) return { kind: 'table', wide: false };
  if (!allowed.includes(format)) throw unmatched();
  switch (format) {
    case 'wide': return { kind: 'table', wide: true };
    case 'yaml': return { kind: 'yaml' };
    case 'json': return { kind: 'json' };
    case 'name': return { kind: 'name' };
    case 'jsonpath':
    case 'jsonpath-file': {
      let text = arg;
      if (format === 'jsonpath-file') {
        if (!arg) throw new OutputFormatError('template format specified but no template file given');
        const content = readFile(arg);
        if (content === undefined) throw new OutputFormatError(`error reading --template ${arg}, open ${arg}: no such file or directory`);
        text = content;
      } else if (!arg) throw new OutputFormatError('template format specified but no template given');
      try {
        return { kind: 'jsonpath', template: parseJSONPath(text) };
      } catch (e) {
        if (e instanceof JSONPathError) throw new OutputFormatError(`error parsing jsonpath ${text}, ${e.message}`);
        throw e;
      }
    }
    case 'custom-columns':
    case 'custom-columns-file': {
      if (format === 'custom-columns') {
        if (!arg) throw new OutputFormatError('custom-columns format specified but no custom columns given');
        return { kind: 'custom-columns', columns: parseCustomColumns(arg) };
      }
      const content = readFile(arg);
      if (content === undefined) throw new OutputFormatError(`error reading template ${arg}, open ${arg}: no such file or directory\n`);
      const lines = content.split('\n').filter((l) => l.trim() !== '');
      if (lines.length !== 2) throw new OutputFormatError(`invalid template format, expected 2 lines, found ${lines.length}`);
      const headers = lines[0].trim().split(/\s+/);
      const specs = lines[1].trim().split(/\s+/);
      if (headers.length !== specs.length) throw new OutputFormatError(`expected ${headers.length} values, found ${specs.length}`);
      return { kind: 'custom-columns', columns: headers.map((h, i) => ({ header: h, template: columnTemplate(specs[i]) })) };
    }
    default:
      throw new OutputFormatError(`the output format "${format}" is not supported by this simulator`);
  }
}

function columnTemplate(spec: string): Template {
  try {
    return parseJSONPath(relaxedJSONPathExpression(spec));
  } catch (e) {
    if (e instanceof JSONPathError) throw new OutputFormatError(e.message);
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
    const vals = evaluateJSONPath(c.template, obj);
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

/** Prints one object (or a List) in a generic format. */
export function printGeneric(spec: OutputSpec, data: unknown): string {
  switch (spec.kind) {
    case 'yaml': return toYAML(data);
    case 'json': return toJSON(data) + '\n';
    case 'jsonpath': return executeJSONPath(spec.template, data);
    default: return '';
  }
}

export function infoForObject(obj: KObject): ResourceInfo | undefined {
  const apiVersion = String(obj.apiVersion ?? '');
  const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
  const kind = String(obj.kind ?? '').toLowerCase();
  return lookupResource(`${kind}s${group ? '.' + group : ''}`);
}
