/**
 * The resource builder (cli-runtime's resource.Builder): turns what the user
 * typed — `pods`, `deploy,rs,po`, `all`, `deployment/web`, `pods a b`,
 * `-f file|dir|-`, `-l`, `--field-selector`, `-A` — into a list of Infos
 * (resource, namespace, name, object), with kubectl's own error texts.
 */
import { yamlLib } from '../../util/yaml-lib.js';
import { isNotFound } from '../../api/errors.js';
import type { KObject } from '../../api/meta.js';
import { RESOURCES, apiVersionOf, lookupKind, resolveResource, resourceKey, type ResourceInfo } from '../../api/resources.js';
import { AggregateError, PlainError, UsageError, type Invocation } from './command.js';
import { NoResourceMatchError } from './errors.js';
import { kustomizeObjects } from '../verbs/kustomize.js';

export interface Info {
  resource: ResourceInfo;
  namespace?: string;
  name: string;
  object: KObject;
}

export interface BuilderRequest {
  args: string[];
  filenames?: string[];
  recursive?: boolean;
  labelSelector?: string;
  fieldSelector?: string;
  allNamespaces?: boolean;
  /** Listing a type with no names and no selector is allowed (get, describe); delete needs --all. */
  allowEmptySelector?: boolean;
  /** Keep going after a NotFound and report the errors at the end (get, describe). */
  continueOnError?: boolean;
}

export interface BuilderResult {
  infos: Info[];
  errors: unknown[];
  /** One name was asked for (`get pod x`, `get pod/x`): -o yaml prints the object, not a List. */
  singleItemImplied: boolean;
}

/** A resource type named in arguments, resolved through discovery. */
export function mappingFor(typed: string): ResourceInfo {
  const info = resolveResource(typed);
  if (!info || info.resource === 'bindings') {
    const lower = typed.toLowerCase();
    const dot = lower.indexOf('.');
    if (dot > 0) throw new NoResourceMatchError(lower.slice(0, dot), lower.slice(dot + 1));
    throw new NoResourceMatchError(lower);
  }
  return info;
}

/** `all` and other categories expand to their member resources in discovery order. */
export function expandCategory(typed: string): ResourceInfo[] | undefined {
  const members = RESOURCES.filter((r) => r.categories.includes(typed) && !r.virtual);
  return members.length ? members : undefined;
}

export function splitTypes(arg: string): string[] {
  return arg.split(',').filter((s) => s.length > 0);
}

function expandTypes(arg: string): ResourceInfo[] {
  const out: ResourceInfo[] = [];
  for (const t of splitTypes(arg)) {
    const cat = expandCategory(t);
    if (cat) out.push(...cat);
    else out.push(mappingFor(t));
  }
  return out;
}

interface Tuple { resource: ResourceInfo; name: string }

/** Parses positional arguments as ResourceTypeOrNameArgs does. */
export function parseResourceArgs(args: string[]): { types: ResourceInfo[]; names: string[]; tuples: Tuple[] } {
  let a = args;
  if (a.length >= 2) {
    const types = splitTypes(a[0]);
    if (types.length > 1) a = types.flatMap((t) => a.slice(1).map((n) => `${t}/${n}`));
  }
  const slashed = a.filter((s) => s.includes('/')).length;
  if (slashed > 0 && slashed !== a.length) {
    throw new PlainError("error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'");
  }
  if (slashed > 0) {
    const tuples: Tuple[] = [];
    for (const s of a) {
      const seg = s.split('/');
      if (seg.length !== 2) throw new Error('arguments in resource/name form may not have more than one slash');
      const [r, n] = seg;
      if (!r || !n || splitTypes(r).length !== 1) throw new Error('arguments in resource/name form must have a single resource and name');
      tuples.push({ resource: mappingFor(r), name: n });
    }
    return { types: [], names: [], tuples };
  }
  if (a.length === 0) return { types: [], names: [], tuples: [] };
  return { types: expandTypes(a[0]), names: a.slice(1), tuples: [] };
}

/** An object read from a -f source, or why the rest of a document (or of the stream) could not be read. */
export type ManifestEntry = { source: string; object: KObject; error?: undefined } | { source: string; error: Error; object?: undefined };

/** Reads -f sources into objects: files, folders (.json/.yaml/.yml), `-` for stdin. Throws the first error. */
export async function readFilenameObjects(inv: Invocation, filenames: string[], recursive: boolean): Promise<{ source: string; object: KObject }[]> {
  const out: { source: string; object: KObject }[] = [];
  for (const e of await readFilenameStreams(inv, filenames, recursive)) {
    if (e.error) throw e.error;
    out.push({ source: e.source, object: e.object });
  }
  return out;
}

/**
 * Reads -f sources as the builder with ContinueOnError visits them (apply,
 * create, delete, get): in order, documents before a broken one are read, a
 * stream stops at a syntax or validation error, a document that does not
 * decode is skipped, and the other files are still read. Errors about the
 * arguments themselves (a missing path) are thrown before anything is read.
 */
export async function readFilenameStreams(inv: Invocation, filenames: string[], recursive: boolean): Promise<ManifestEntry[]> {
  // -k DIR: the kustomization's build instead of files (FilenameOptions.validate's texts).
  const kustomizeDir = inv.flags.has('kustomize') ? inv.flags.string('kustomize') : '';
  if (kustomizeDir) {
    if (filenames.length) throw new Error('only one of -f or -k can be specified');
    if (recursive) throw new Error("the -k flag can't be used with -f or -R");
    return kustomizeObjects(inv, kustomizeDir);
  }
  const { fs, cwd } = inv.ctx;
  const out: ManifestEntry[] = [];
  let stdinUsed = false;
  for (const f of filenames) {
    if (f === '-') {
      if (stdinUsed) throw new Error('standard input cannot be used for multiple arguments');
      stdinUsed = true;
      const text = await inv.ctx.stdin.readAll();
      for (const e of decodeManifestStream(text, 'STDIN')) out.push(e);
      continue;
    }
    if (/^https?:\/\//.test(f)) throw new Error(`unable to read URL "${f}", server reported 404 Not Found, status code=404`);
    const p = fs.resolve(cwd, f);
    const st = fs.stat(p);
    if (!st) throw new Error(`the path "${f}" does not exist`);
    if (st.type === 'file') {
      for (const e of decodeManifestStream(fs.readFile(p) ?? '', f)) out.push(e);
      continue;
    }
    const files = listManifestFiles(inv, p, recursive);
    for (const file of files) for (const e of decodeManifestStream(fs.readFile(file) ?? '', file)) out.push(e);
  }
  return out;
}

function listManifestFiles(inv: Invocation, dir: string, recursive: boolean): string[] {
  const { fs } = inv.ctx;
  const out: string[] = [];
  for (const entry of [...(fs.readDir(dir) ?? [])].sort()) {
    const p = `${dir.replace(/\/$/, '')}/${entry}`;
    const st = fs.stat(p);
    if (st?.type === 'dir') {
      if (recursive) out.push(...listManifestFiles(inv, p, recursive));
    } else if (/\.(json|yaml|yml)$/.test(entry)) out.push(p);
  }
  return out;
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

/**
 * One source, document by document, as cli-runtime's StreamVisitor reads it:
 * the objects before a document that fails to parse or validate, then that
 * error and nothing after it (kubectl v1.35.2 applies `first` and reports the
 * broken second document); a document whose metadata does not decode is
 * reported and skipped, and reading goes on.
 */
export function decodeManifestStream(text: string, source: string): ManifestEntry[] {
  const out: ManifestEntry[] = [];
  const push = (v: unknown): boolean => {
    const objs: { source: string; object: KObject }[] = [];
    try {
      pushObjects(v, source, objs);
    } catch (e) {
      for (const o of objs) out.push(o);
      out.push({ source, error: e as Error });
      return e instanceof DocumentDecodeError;
    }
    for (const o of objs) out.push(o);
    return true;
  };
  const trimmed = text.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    let v: unknown;
    try {
      v = JSON.parse(trimmed);
    } catch (e) {
      out.push({ source, error: new Error(`error parsing ${source}: ${jsonErrorText(trimmed, e)}`) });
      return out;
    }
    push(v);
    return out;
  }
  // runKubectl loads the library before a command that reads manifests runs.
  const docs = yamlLib().parseAllDocuments(text, { uniqueKeys: true, prettyErrors: false });
  let first = true;
  for (const doc of Array.isArray(docs) ? docs : [docs]) {
    // The first chunk starts at the top of the text, comments included.
    const start = first ? 0 : documentStart(text, doc.range?.[0] ?? 0);
    first = false;
    if (doc.errors.length) {
      out.push({ source, error: new Error(`error parsing ${source}: error converting YAML to JSON: yaml: ${yamlErrorText(text, doc.errors, start)}`) });
      return out;
    }
    let v: unknown;
    try {
      v = doc.toJS({ maxAliasCount: 100 });
    } catch (e) {
      out.push({ source, error: new Error(`error parsing ${source}: error converting YAML to JSON: yaml: ${yamlAliasErrorText(String((e as Error)?.message ?? e))}`) });
      return out;
    }
    if (v === null || v === undefined) continue;
    if (!push(v)) return out;
  }
  return out;
}

/** infoForData's decode failure: that document is skipped, the stream goes on. */
export class DocumentDecodeError extends Error {}

function pushObjects(v: unknown, source: string, out: { source: string; object: KObject }[]): void {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    throw new Error(`error validating "${source}": error validating data: invalid object to validate; if you choose to ignore these errors, turn validation off with --validate=false`);
  }
  const o = v as KObject;
  if (typeof o.kind === 'string' && o.kind.endsWith('List') && Array.isArray((o as { items?: unknown }).items)) {
    for (const item of (o as unknown as { items: unknown[] }).items) pushObjects(item, source, out);
    return;
  }
  const meta = (o as { metadata?: unknown }).metadata;
  if (meta !== undefined && meta !== null && (typeof meta !== 'object' || Array.isArray(meta))) {
    // The builder decodes metadata into ObjectMeta first (metadataOnlyObject): a scalar there is a decode error.
    throw new DocumentDecodeError(`unable to decode "${source}": json: cannot unmarshal ${goJsonKind(meta)} into Go struct field metadataOnlyObject.metadata of type v1.ObjectMeta`);
  }
  if (!o.kind) throw new Error(`error validating "${source}": error validating data: kind not set; if you choose to ignore these errors, turn validation off with --validate=false`);
  if (!o.apiVersion) throw new Error(`error validating "${source}": error validating data: apiVersion not set; if you choose to ignore these errors, turn validation off with --validate=false`);
  out.push({ source, object: o });
}

/** encoding/json's name for a JSON value's type in "cannot unmarshal X into ...". */
function goJsonKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'boolean') return 'bool';
  return typeof v === 'number' || typeof v === 'string' ? typeof v : 'object';
}

/** go-yaml's wording for the alias errors the yaml library reports in its own words (kubectl v1.35.2). */
function yamlAliasErrorText(message: string): string {
  const unresolved = /^Unresolved alias[^:]*: (.*)$/.exec(message);
  if (unresolved) return `unknown anchor '${unresolved[1]}' referenced`;
  if (/Excessive alias count/.test(message)) return 'document contains excessive aliasing';
  return message;
}

/** go-yaml's wording for the syntax errors learners make most. */
/**
 * Where a document's own lines begin: after its `---` line. kubectl's
 * YAMLOrJSONDecoder hands go-yaml one document at a time, so the line in its
 * errors counts from there (line 5 of the second document, not line 11).
 */
function documentStart(text: string, start: number): number {
  if (!text.startsWith('---', start)) return start;
  const nl = text.indexOf('\n', start);
  return nl < 0 ? text.length : nl + 1;
}

type YamlError = { code?: string; message: string; pos?: [number, number] };

export function yamlErrorText(text: string, errors: YamlError[], docStart = 0): string {
  const err = errors[0];
  const lineAt = (pos: number) => Math.max(1, text.slice(docStart, Math.max(docStart, Math.min(pos, text.length))).split('\n').length);
  const flow = /^Flow (sequence|map)/.exec(err.message);
  if (flow) {
    // An unclosed `[` or `{`: go-yaml reports the line it opened on, wanting another item or the close.
    const open = flow[1] === 'sequence' ? '[' : '{';
    const at = unclosedBracket(text, err.pos?.[0] ?? text.length, open);
    if (at >= 0) {
      const rest = text.slice(at + 1).trim();
      return rest === '' ? `line ${lineAt(at)}: did not find expected node content` : `line ${lineAt(at)}: did not find expected ',' or '${open === '[' ? ']' : '}'}'`;
    }
  }
  // A second `key:` on a value's line or below it: go-yaml stops at that colon.
  const last = errors[errors.length - 1];
  const line = err.code === 'BLOCK_AS_IMPLICIT_KEY' || err.code === 'MULTILINE_IMPLICIT_KEY' ? lineAt(Math.max(0, (last.pos?.[1] ?? 1) - 1)) : lineAt(err.pos?.[0] ?? docStart);
  switch (err.code) {
    case 'DUPLICATE_KEY': {
      const m = /Map keys must be unique/.test(err.message) ? findDuplicate(text, line) : undefined;
      return `unmarshal errors:\n  line ${line}: key ${m ?? '""'} already set in map`;
    }
    case 'TAB_AS_INDENT':
      return `line ${line}: found character that cannot start any token`;
    case 'BAD_INDENT':
    case 'MISSING_CHAR':
      return `line ${line}: did not find expected key`;
    case 'MULTILINE_IMPLICIT_KEY':
    case 'BLOCK_AS_IMPLICIT_KEY':
    case 'UNEXPECTED_TOKEN':
    default:
      return `line ${line}: mapping values are not allowed in this context`;
  }
}

/** The last `open` bracket before `pos` that nothing closes (outside quotes), or -1. */
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

function findDuplicate(text: string, line: number): string | undefined {
  const l = text.split('\n')[line - 1] ?? '';
  const m = /^\s*(-\s+)?([^:#]+):/.exec(l);
  return m ? JSON.stringify(m[2].trim()) : undefined;
}

function jsonErrorText(text: string, e: unknown): string {
  const m = /position (\d+)/.exec(String((e as Error)?.message ?? ''));
  const pos = m ? Number(m[1]) : text.length;
  const line = text.slice(0, pos).split('\n').length;
  return `error converting YAML to JSON: yaml: line ${line}: did not find expected ',' or '}'`;
}

/** Builds Infos for `get`/`describe`-style commands. */
export async function buildInfos(inv: Invocation, req: BuilderRequest): Promise<BuilderResult> {
  const client = inv.client();
  const namespace = req.allNamespaces ? '' : inv.namespace;
  const errors: unknown[] = [];
  const infos: Info[] = [];
  const label = req.labelSelector || undefined;
  const fieldSel = req.fieldSelector || undefined;
  if (req.filenames?.length || (inv.flags.has('kustomize') && inv.flags.string('kustomize'))) {
    if (req.args.length) throw new Error('when paths, URLs, or stdin is provided as input, you may not specify a resource by arguments as well');
    // ContinueOnError (get, describe, delete): what was read before a broken document is still visited, its error reported with theirs.
    const entries = await readFilenameStreams(inv, req.filenames ?? [], !!req.recursive);
    const objs: { object: KObject }[] = [];
    for (const e of entries) {
      if (!e.error) objs.push(e);
      else if (!req.continueOnError) throw e.error;
      else errors.push(e.error);
    }
    for (const { object } of objs) {
      const info = lookupKind(String(object.apiVersion), String(object.kind));
      if (!info) {
        const gv = String(object.apiVersion);
        throw new Error(`resource mapping not found for name: "${object.metadata?.name ?? ''}" namespace: "${object.metadata?.namespace ?? ''}" from "${(req.filenames ?? []).join(',')}": no matches for kind "${object.kind}" in version "${gv}"\nensure CRDs are installed first`);
      }
      const ns = info.namespaced ? object.metadata?.namespace || inv.namespace : undefined;
      if (info.namespaced && inv.explicitNamespace && object.metadata?.namespace && object.metadata.namespace !== inv.namespace) {
        throw new Error(`the namespace from the provided object "${object.metadata.namespace}" does not match the namespace "${inv.namespace}". You must pass '--namespace=${object.metadata.namespace}' to perform this operation.`);
      }
      try {
        infos.push({ resource: info, namespace: ns, name: object.metadata.name ?? '', object: client.get(resourceKey(info), ns, object.metadata.name ?? '') });
      } catch (e) {
        if (!req.continueOnError) throw e;
        errors.push(e);
      }
    }
    return { infos, errors, singleItemImplied: objs.length === 1 };
  }
  const { types, names, tuples } = parseResourceArgs(req.args);
  if (tuples.length) {
    if (label || fieldSel) throw new Error('selectors and the all flag cannot be used when passing resource/name arguments');
    for (const t of tuples) {
      if (t.resource.namespaced && req.allNamespaces) throw new Error('a resource cannot be retrieved by name across all namespaces');
      const ns = t.resource.namespaced ? namespace : undefined;
      try {
        infos.push({ resource: t.resource, namespace: ns, name: t.name, object: client.get(resourceKey(t.resource), ns, t.name) });
      } catch (e) {
        if (!req.continueOnError || !isNotFound(e)) throw e;
        errors.push(e);
      }
    }
    return { infos, errors, singleItemImplied: tuples.length === 1 };
  }
  if (types.length === 0) throw new UsageError('Required resource not specified.');
  if (names.length) {
    if (label || fieldSel) throw new Error('name cannot be provided when a selector is specified');
    if (types.length > 1) throw new Error('you must specify only one resource');
    const r = types[0];
    if (r.namespaced && req.allNamespaces) throw new Error('a resource cannot be retrieved by name across all namespaces');
    const ns = r.namespaced ? namespace : undefined;
    for (const n of names) {
      try {
        infos.push({ resource: r, namespace: ns, name: n, object: client.get(resourceKey(r), ns, n) });
      } catch (e) {
        if (!req.continueOnError || !isNotFound(e)) throw e;
        errors.push(e);
      }
    }
    return { infos, errors, singleItemImplied: names.length === 1 };
  }
  for (const r of types) {
    const list = client.list(resourceKey(r), r.namespaced ? namespace || undefined : undefined, { labelSelector: label, fieldSelector: fieldSel });
    for (const o of list.items) infos.push({ resource: r, namespace: o.metadata.namespace, name: o.metadata.name ?? '', object: o });
  }
  return { infos, errors, singleItemImplied: false };
}

/** Throws the collected errors as CheckErr would print them. */
export function throwIfErrors(errors: unknown[]): void {
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new AggregateError(errors);
}

export { apiVersionOf, resourceKey };
