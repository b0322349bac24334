/**
 * The resource builder (cli-runtime's resource.Builder): turns what the user
 * typed — `pods`, `deploy,rs,po`, `all`, `deployment/web`, `pods a b`,
 * `-f file|dir|-`, `-l`, `--field-selector`, `-A` — into a list of Infos
 * (resource, namespace, name, object), with kubectl's own error texts.
 */
import { isNotFound } from '../../api/errors.js';
import type { KObject } from '../../api/meta.js';
import { RESOURCES, apiVersionOf, lookupKind, resolveResource, resourceKey, type ResourceInfo } from '../../api/resources.js';
import { AggregateError, PlainError, UsageError, type Invocation } from './command.js';
import { NoResourceMatchError } from './errors.js';
import { kustomizeObjects } from '../verbs/kustomize.js';
import { decodeManifestStream, type ManifestEntry } from './manifest-stream.js';

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

export type { ManifestEntry } from './manifest-stream.js';
export { DocumentDecodeError, yamlErrorText } from './manifest-stream.js';

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
  // The verbs with --validate check apiVersion and kind before decoding; --validate=false (ignore) does not.
  const validate = inv.flags.has('validate') && !/^(false|ignore)$/i.test(inv.flags.string('validate'));
  let stdinUsed = false;
  for (const f of filenames) {
    if (f === '-') {
      if (stdinUsed) throw new Error('standard input cannot be used for multiple arguments');
      stdinUsed = true;
      const text = await inv.ctx.stdin.readAll();
      for (const e of decodeManifestStream(text, 'STDIN', validate)) out.push(e);
      continue;
    }
    if (/^https?:\/\//.test(f)) throw new Error(`unable to read URL "${f}", server reported 404 Not Found, status code=404`);
    const p = fs.resolve(cwd, f);
    const st = fs.stat(p);
    if (!st) throw new Error(`the path "${f}" does not exist`);
    if (st.type === 'file') {
      for (const e of decodeManifestStream(fs.readFile(p) ?? '', f, validate)) out.push(e);
      continue;
    }
    // Files of a folder are named by the path as typed joined with their names (filepath.Walk), in lexical order.
    const files = listManifestFiles(inv, p, recursive).map((abs) => ({ abs, shown: f.replace(/\/+$/, '') + abs.slice(p.replace(/\/+$/, '').length) }));
    if (files.length === 0) throw new Error(`error reading [${f}]: recognized file extensions are [.json .yaml .yml]`);
    for (const file of files) for (const e of decodeManifestStream(fs.readFile(file.abs) ?? '', file.shown, validate)) out.push(e);
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

export { decodeManifestStream };

/** Builds Infos for `get`/`describe`-style commands. */
export async function buildInfos(inv: Invocation, req: BuilderRequest): Promise<BuilderResult> {
  const client = inv.client();
  const namespace = req.allNamespaces ? '' : inv.namespace;
  const errors: unknown[] = [];
  const infos: Info[] = [];
  const label = req.labelSelector || undefined;
  const fieldSel = req.fieldSelector || undefined;
  if (req.filenames?.length || (inv.flags.has('kustomize') && inv.flags.string('kustomize'))) {
    // visitByPaths: arguments beside -f are refused, by their form (resource/name, or types and names).
    if (req.args.some((a) => a.includes('/'))) throw new Error('resource/name arguments cannot be provided when a path is specified');
    if (req.args.length) throw new Error('when paths, URLs, or stdin is provided as input, you may not specify resource arguments as well');
    // ContinueOnError (get, describe, delete): what was read before a broken document is still visited, its error reported with theirs.
    const entries = await readFilenameStreams(inv, req.filenames ?? [], !!req.recursive);
    const objs: { object: KObject; source: string }[] = [];
    for (const e of entries) {
      if (!e.error) objs.push(e);
      else if (!req.continueOnError) throw e.error;
      else errors.push(e.error);
    }
    for (const { object, source } of objs) {
      const info = lookupKind(String(object.apiVersion), String(object.kind));
      if (!info) {
        const gv = String(object.apiVersion);
        // infoForData's mapping error names the file the document came from; ContinueOnError visits the others.
        const err = new Error(`resource mapping not found for name: "${object.metadata?.name ?? ''}" namespace: "${object.metadata?.namespace ?? ''}" from "${source}": no matches for kind "${object.kind}" in version "${gv}"\nensure CRDs are installed first`);
        if (!req.continueOnError) throw err;
        errors.push(err);
        continue;
      }
      const ns = info.namespaced ? object.metadata?.namespace || inv.namespace : undefined;
      if (info.namespaced && inv.explicitNamespace && object.metadata?.namespace && object.metadata.namespace !== inv.namespace) {
        throw new Error(`the namespace from the provided object "${object.metadata.namespace}" does not match the namespace "${inv.namespace}". You must pass '--namespace=${object.metadata.namespace}' to perform this operation.`);
      }
      try {
        infos.push({ resource: info, namespace: ns, name: object.metadata?.name ?? '', object: client.get(resourceKey(info), ns, object.metadata?.name ?? '') });
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
