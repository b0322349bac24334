/**
 * The resource builder (cli-runtime's resource.Builder): turns what the user
 * typed — `pods`, `deploy,rs,po`, `all`, `deployment/web`, `pods a b`,
 * `-f file|dir|-`, `-l`, `--field-selector`, `-A` — into a list of Infos
 * (resource, namespace, name, object), with kubectl's own error texts.
 */
import { compareRanks, groupRank } from '../../api/group-priority.js';
import { yamlLib } from '../../util/yaml-lib.js';
import { StatusError, isStatusError } from '../../api/errors.js';
import { parseLabelSelector, type Selector } from '../../api/selectors.js';
import type { KObject } from '../../api/meta.js';
import { RESOURCES, apiVersionOf, lookupKind, lookupResource, resolveResource, resourceKey, type ResourceInfo } from '../../api/resources.js';
import { mapperWarning } from './warnings.js';
import { kubectlDiscovery } from '../../api/registry/crd-loader.js';
import { AggregateError, type Invocation } from './command.js';
import { goQuote } from '../printers/gofmt.js';
import { NoResourceMatchError } from './errors.js';
import { kustomizeObjects } from '../verbs/kustomize.js';
import type { ManifestEntry } from './manifest-stream.js';
import { internet, mentionsInternetHost, NODE_NAMESERVER } from '../../network/internet/hosts.js';
import { FOREVER_MS, parseUrl } from '../../network/commands/url.js';
import { TCP_CONNECT_TIMEOUT_MS } from '../../network/network.js';
import { expandGlob, hasGlobChars } from '../../shell/glob.js';
import { ERRNO_TEXT, FsError } from '../../shell/vfs.js';
import { unversionedInfo, unversionedSource, versionedInfo } from './unversioned.js';

export interface Info {
  resource: ResourceInfo;
  namespace?: string;
  name: string;
  object: KObject;
  /** The file (or `STDIN`) the object was named in, for errors that name their source (AddSourceToErr). */
  source?: string;
  /** Read from a manifest and never fetched: RetrieveLatest leaves an object without a name as it was read. */
  local?: boolean;
}

export interface BuilderRequest {
  args: string[];
  /** WithScheme (set, rollout, expose…): the typed decoder refuses a manifest document without apiVersion. */
  typed?: boolean;
  /** The object is then read through the typed client (describe) or a full mapping (patch): a document without apiVersion is its core kind's v1. */
  versionedMapping?: boolean;
  filenames?: string[];
  recursive?: boolean;
  labelSelector?: string;
  fieldSelector?: string;
  allNamespaces?: boolean;
  /** Listing a type with no names and no selector is allowed (get, describe); delete needs --all. */
  allowEmptySelector?: boolean;
  /** Keep going after a NotFound and report the errors at the end (get, describe). */
  continueOnError?: boolean;
  /** --all (SelectAllParam): every object of the types given. */
  selectAll?: boolean;
  /** --subresource: fetched by name only. */
  subresource?: string;
  /** Latest() (get): an object read from a manifest without a name is kept as read (RetrieveLatest returns early), not fetched. */
  latest?: boolean;
  /** SingleResourceType (get -w, logs): one type only. */
  singleResourceType?: boolean;
  /** ResourceNames(type, args...): each argument a NAME of this type or a TYPE/NAME (logs, exec, attach). */
  namesOfType?: string;
}

export interface BuilderResult {
  infos: Info[];
  errors: unknown[];
  /** One name was asked for (`get pod x`, `get pod/x`): -o yaml prints the object, not a List. */
  singleItemImplied: boolean;
  /**
   * The type of each Info the real builder hands a server-printing `get`: one
   * per list it made (even an empty one), one per object fetched by name.
   */
  visited: ResourceInfo[];
}

/**
 * A resource type named in arguments, resolved through discovery, with the
 * builder's error (mappingFor): only the part before the first dot is named.
 */
export function mappingFor(typed: string): ResourceInfo {
  const info = (kubectlDiscovery.resolve ?? resolveResource)(typed);
  mapperWarning(typed);
  if (!info || info.resource === 'bindings') {
    const dot = typed.indexOf('.');
    throw new Error(`the server doesn't have a resource type ${goQuote(dot >= 0 ? typed.slice(0, dot) : typed)}`);
  }
  return info;
}

/** The RESTMapper's own error (explain, create): a group or version typed is named too. */
export function restMapping(typed: string): ResourceInfo {
  const info = (kubectlDiscovery.resolve ?? resolveResource)(typed);
  mapperWarning(typed);
  if (!info || info.resource === 'bindings') {
    const lower = typed.toLowerCase();
    const dot = lower.indexOf('.');
    if (dot > 0) throw new NoResourceMatchError(lower.slice(0, dot), lower.slice(dot + 1));
    throw new NoResourceMatchError(lower);
  }
  return info;
}

const expandMapping = mappingFor;

/**
 * `all` and other categories expand to their member resources in discovery order: the core group's first, then the
 * groups as /apis lists them (apiservices before the admission policies in `api-extensions`), each group's in its order.
 */
export function expandCategory(typed: string): ResourceInfo[] | undefined {
  const members = RESOURCES.filter((r) => r.categories.includes(typed) && !r.virtual);
  if (!members.length) return undefined;
  const rank = (r: ResourceInfo): [number, string] => (r.group ? groupRank(r.group, r.version, !!r.crd) : [Infinity, '']);
  // Array sort is stable: a group's resources keep their order.
  return members.sort((a, b) => (a.group === b.group ? 0 : !a.group ? -1 : !b.group ? 1 : compareRanks(rank(a), rank(b))));
}

/** SplitResourceArgument: comma-separated, each once, empty parts kept (they name no type). */
export function splitTypes(arg: string): string[] {
  return [...new Set(arg.split(','))];
}

/** ReplaceAliases: a category (`all`) becomes the types it stands for. */
function replaceAliases(arg: string): string {
  return arg.split(',').map((t) => {
    const members = expandCategory(t);
    return members ? members.map((r) => (r.group ? `${r.resource}.${r.group}` : r.resource)).join(',') : t;
  }).join(',');
}

interface Tuple { typed: string; name: string }
interface ParsedArgs { types: string[]; names: string[]; tuples: Tuple[] }

/** ResourceTypeOrNameArgs: `TYPE[,TYPE] [NAME...]` or `TYPE/NAME...`, unresolved. */
export function splitResourceArgs(args: string[]): ParsedArgs {
  let a = args;
  if (a.length >= 2) {
    // normalizeMultipleResourcesArgs: `a,b x y` means a/x a/y b/x b/y.
    const types = splitTypes(a[0]);
    if (types.length > 1) a = types.flatMap((t) => a.slice(1).map((n) => `${t}/${n}`));
  }
  const slashed = a.filter((s) => s.includes('/')).length;
  if (slashed > 0 && slashed !== a.length) {
    throw new Error("there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'");
  }
  if (slashed > 0) {
    const tuples: Tuple[] = [];
    for (const s of a) {
      const seg = s.split('/');
      if (seg.length !== 2) throw new Error('arguments in resource/name form may not have more than one slash');
      const [r, n] = seg;
      if (!r || !n || splitTypes(r).length !== 1) throw new Error('arguments in resource/name form must have a single resource and name');
      tuples.push({ typed: r, name: n });
    }
    return { types: [], names: [], tuples };
  }
  if (a.length === 0) return { types: [], names: [], tuples: [] };
  return { types: splitTypes(replaceAliases(a[0])), names: a.slice(1), tuples: [] };
}

/** ResourceNames: NAME means TYPE/NAME of the given type. */
function resourceNames(typed: string, args: string[]): ParsedArgs {
  const tuples: Tuple[] = [];
  for (const a of args) {
    if (!a.includes('/')) {
      tuples.push({ typed, name: a });
      continue;
    }
    const seg = a.split('/');
    if (seg.length !== 2) throw new Error('arguments in resource/name form may not have more than one slash');
    if (!seg[0] || !seg[1] || splitTypes(seg[0]).length !== 1) throw new Error('arguments in resource/name form must have a single resource and name');
    tuples.push({ typed: seg[0], name: seg[1] });
  }
  return { types: [], names: [], tuples };
}

/** Parses positional arguments as ResourceTypeOrNameArgs does, resolving each type. */
export function parseResourceArgs(args: string[]): { types: ResourceInfo[]; names: string[]; tuples: { resource: ResourceInfo; name: string }[] } {
  const p = splitResourceArgs(args);
  return { types: p.types.map(mappingFor), names: p.names, tuples: p.tuples.map((t) => ({ resource: mappingFor(t.typed), name: t.name })) };
}

export type { ManifestEntry } from './manifest-stream.js';

/**
 * The manifest decoder (go-yaml's and encoding/json's error texts) loads on first use, as the YAML library does:
 * a lab reads no manifest until the learner applies one. Simulated time waits while it loads.
 */
export async function manifestDecoder(inv: Invocation): Promise<typeof import('./manifest-stream.js')> {
  const release = inv.ctx.cluster.clock.hold();
  try {
    return await import('./manifest-stream.js');
  } finally {
    release();
  }
}

/** Reads -f sources into objects: files, folders (.json/.yaml/.yml), `-` for stdin. Throws the first error. */
export async function readFilenameObjects(inv: Invocation, filenames: string[], recursive: boolean): Promise<{ source: string; object: KObject }[]> {
  const out: { source: string; object: KObject }[] = [];
  for (const e of await readFilenameStreams(inv, filenames, recursive)) {
    if (e.error) throw e.error;
    out.push({ source: e.source, object: e.object });
  }
  return out;
}

/** --local's objects (the builder's LocalParam): the files' objects as Infos, mapped offline and never fetched. */
export async function readLocalInfos(inv: Invocation, filenames: string[], recursive: boolean): Promise<Info[]> {
  return (await readFilenameObjects(inv, filenames, recursive)).map(({ object, source }) => ({ resource: infoOf(object, source), name: object.metadata?.name ?? '', object }));
}

/**
 * FilenameParam's expandIfFilePattern: a path that does not exist is taken as a pattern (filepath.Glob), so
 * `-f '*.yaml'` reads every match, in lexical order; a pattern that matches nothing is a missing path.
 */
export function filenameMatches(inv: Invocation, f: string): string[] | undefined {
  const { fs, cwd } = inv.ctx;
  try {
    if (fs.stat(fs.resolve(cwd, f))) return [f];
  } catch {
    // os.Stat failed otherwise than IsNotExist (a folder above refuses the search): a path, which lstat then fails.
    return [f];
  }
  const matches = hasGlobChars(f) ? expandGlob(f, cwd, fs) : [];
  return matches.length ? matches : undefined;
}

/**
 * Reads -f sources as the builder with ContinueOnError visits them (apply,
 * create, delete, get): in order, documents before a broken one are read, a
 * stream stops at a syntax or validation error, a document that does not
 * decode is skipped, and the other files are still read. Errors about the
 * arguments themselves (a missing path) are thrown before anything is read.
 */
export async function readFilenameStreams(inv: Invocation, filenames: string[], recursive: boolean): Promise<ManifestEntry[]> {
  const { decodeManifestStream } = await manifestDecoder(inv);
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
    if (/^https?:\/\//.test(f)) {
      const text = await readURL(inv, f);
      for (const e of decodeManifestStream(text, f, validate)) out.push(e);
      continue;
    }
    for (const match of filenameMatches(inv, f) ?? [f]) readPath(match);
  }
  return out;

  function readPath(f: string): void {
    const p = fs.resolve(cwd, f);
    const st = goFS(() => fs.stat(p), 'lstat', f);
    if (!st) throw new Error(`the path "${f}" does not exist`);
    if (st.type === 'file') {
      for (const e of decodeManifestStream(goFS(() => fs.readFile(p), 'open', f) ?? '', f, validate)) out.push(e);
      return;
    }
    // Files of a folder are named by the path as typed joined with their names (filepath.Walk), in lexical order.
    const files = listManifestFiles(inv, p, recursive).map((abs) => ({ abs, shown: f.replace(/\/+$/, '') + abs.slice(p.replace(/\/+$/, '').length) }));
    if (files.length === 0) throw new Error(`error reading [${f}]: recognized file extensions are [.json .yaml .yml]`);
    for (const file of files) for (const e of decodeManifestStream(goFS(() => fs.readFile(file.abs), 'open', file.shown) ?? '', file.shown, validate)) out.push(e);
  }
}

/** A file operation as Go's os package reports a refusal: `open PATH: permission denied` (*PathError), PATH as given. */
export function goFS<T>(op: () => T, verb: string, shown: string): T {
  try {
    return op();
  } catch (e) {
    if (e instanceof FsError) throw new Error(`${verb} ${shown}: ${ERRNO_TEXT[e.code].toLowerCase()}`);
    throw e;
  }
}

/** cli-runtime's defaultHttpGetAttempts, and the pause between attempts (readHttpWithRetries). */
const HTTP_GET_ATTEMPTS = 3;
const HTTP_RETRY_PAUSE_MS = 1000;
/** net/http's default CheckRedirect. */
const GO_MAX_REDIRECTS = 10;

/**
 * The body of a -f URL as the builder's URLVisitor reads it, from the node kubectl runs on, through the cluster
 * network (whose public hosts serve the documentation's examples): http.Get follows redirects; a final status
 * other than 200 fails with the URL as typed and that status; a failed request or a 5xx is tried three times a
 * second apart. http.Get has no timeout: a connection that is never answered waits for the kernel's.
 */
async function readURL(inv: Invocation, url: string): Promise<string> {
  if (mentionsInternetHost([url]) && !internet.loaded()) {
    const release = inv.ctx.cluster.clock.hold();
    try {
      await internet.load();
    } finally {
      release();
    }
  }
  const net = inv.ctx.cluster.network;
  const origin = { node: inv.ctx.host?.node ?? inv.ctx.cluster.nodeConfigs.find((n) => n.role === 'control-plane')?.name ?? inv.ctx.cluster.nodeConfigs[0].name };
  let err = '';
  for (let attempt = 0; attempt < HTTP_GET_ATTEMPTS; attempt++) {
    if (attempt > 0) await inv.ctx.sleep(HTTP_RETRY_PAUSE_MS);
    let current = url;
    let result: { status: number; statusText: string; body: string } | undefined;
    for (let hops = 0; !result; hops++) {
      const u = parseUrl(current)!;
      const r = net.resolve(u.host, origin);
      await inv.ctx.sleep(r.ms);
      if (!r.ok) { err = `Get "${current}": dial tcp: lookup ${u.host} on ${NODE_NAMESERVER}:53: no such host`; break; }
      const ip = r.addresses[0];
      const o = net.exchange(origin, ip, u.port, { method: 'GET', path: u.path, headers: { Host: u.hostHeader, 'User-Agent': GO_USER_AGENT, 'Accept-Encoding': 'gzip' }, userAgent: GO_USER_AGENT });
      if (o.kind === 'refused' || o.kind === 'unreachable') {
        await inv.ctx.sleep(o.ms);
        err = `Get "${current}": dial tcp ${ip}:${u.port}: connect: ${o.kind === 'refused' ? 'connection refused' : 'no route to host'}`;
        break;
      }
      if (o.kind === 'timeout') {
        await inv.ctx.sleep(TCP_CONNECT_TIMEOUT_MS);
        err = `Get "${current}": dial tcp ${ip}:${u.port}: connect: connection timed out`;
        break;
      }
      if (o.kind === 'hang') { await inv.ctx.sleep(FOREVER_MS); err = `Get "${current}": context canceled`; break; }
      if (o.kind === 'empty') { await inv.ctx.sleep(o.ms); err = `Get "${current}": EOF`; break; }
      // Go's TLS client: a plain-HTTP answer on https, or a chain it cannot verify (the cluster's own CA is not in the system pool).
      if (o.kind === 'not-tls') { await inv.ctx.sleep(o.ms); err = `Get "${current}": http: server gave HTTP response to HTTPS client`; break; }
      if (o.kind === 'tls-aborted') { await inv.ctx.sleep(o.ms); err = `Get "${current}": tls: failed to verify certificate: x509: certificate signed by unknown authority`; break; }
      await inv.ctx.sleep(o.ms);
      const location = o.headers.Location ?? o.headers.location;
      if (o.status >= 300 && o.status < 400 && location && (o.status === 301 || o.status === 302 || o.status === 303 || o.status === 307 || o.status === 308)) {
        if (hops + 1 >= GO_MAX_REDIRECTS) { err = `Get "${location}": stopped after ${GO_MAX_REDIRECTS} redirects`; break; }
        current = new URL(location, current).toString();
        continue;
      }
      result = { status: o.status, statusText: o.statusText, body: o.body };
    }
    if (inv.ctx.signal.aborted) throw new Error(`Get "${url}": context canceled`);
    if (!result) continue;
    if (result.status === 200) return result.body;
    err = `unable to read URL "${url}", server reported ${result.status} ${result.statusText}, status code=${result.status}`;
    if (result.status < 500 || result.status >= 600) break;
  }
  throw new Error(err);
}

/** Go's net/http client, as kubectl's URL visitor sends it. */
const GO_USER_AGENT = 'Go-http-client/1.1';

function listManifestFiles(inv: Invocation, dir: string, recursive: boolean): string[] {
  const { fs } = inv.ctx;
  const out: string[] = [];
  for (const entry of [...(goFS(() => fs.readDir(dir), 'open', dir) ?? [])].sort()) {
    const p = `${dir.replace(/\/$/, '')}/${entry}`;
    const st = fs.stat(p);
    if (st?.type === 'dir') {
      if (recursive) out.push(...listManifestFiles(inv, p, recursive));
    } else if (/\.(json|yaml|yml)$/.test(entry)) out.push(p);
  }
  return out;
}


/**
 * Builds Infos as cli-runtime's Builder.Do() visits them. First the errors the
 * builder collects while its parameters are set (missing -f paths, malformed
 * type/name arguments), all reported together; then one way of visiting,
 * in the builder's order of precedence: -f paths, selectors (a lone type
 * argument selects everything where allowEmptySelector), type/name tuples,
 * names of one type. Only what the visit finds on the server (NotFound, a
 * rejected selector, a name the request refuses) is collected in `errors`
 * with continueOnError; anything else is thrown.
 */
export async function buildInfos(inv: Invocation, req: BuilderRequest): Promise<BuilderResult> {
  const filenames = req.filenames ?? [];
  const kustomize = inv.flags.has('kustomize') ? inv.flags.string('kustomize') : '';
  const errs: unknown[] = [];
  // FilenameParam
  const hasPaths = filenames.length > 0 || kustomize !== '';
  errs.push(...filenameErrors(inv, filenames, kustomize, !!req.recursive));
  // LabelSelectorParam / FieldSelectorParam: blank is no selector.
  let labelSelector: string | undefined = req.labelSelector?.trim() || undefined;
  const fieldSelector = req.fieldSelector?.trim() || undefined;
  // ResourceTypeOrNameArgs
  let parsed: ParsedArgs = { types: [], names: [], tuples: [] };
  try {
    parsed = req.namesOfType !== undefined ? resourceNames(req.namesOfType, req.args) : splitResourceArgs(req.args);
  } catch (e) {
    errs.push(e);
  }
  if (errs.length) throw errs.length === 1 ? errs[0] : new AggregateError(errs);
  if (req.args.length === 1 && parsed.tuples.length === 0 && labelSelector === undefined && req.allowEmptySelector) labelSelector = '';
  if (req.selectAll) labelSelector = '';

  if (hasPaths) return visitByPaths(inv, req, parsed, labelSelector);
  if (labelSelector !== undefined || fieldSelector !== undefined) return visitBySelector(inv, req, parsed, labelSelector ?? '', fieldSelector ?? '');
  if (parsed.tuples.length) return visitByResource(inv, req, parsed.tuples);
  if (parsed.names.length) return visitByName(inv, req, parsed);
  if (parsed.types.length) {
    for (const t of parsed.types) expandMapping(t);
    throw new Error('resource(s) were provided, but no name was specified');
  }
  throw new Error(MISSING_RESOURCE);
}

/** infoForData's mapping: a document's kind, or the error that names the file it came from. */
export function infoOf(obj: KObject, source: string): ResourceInfo {
  const apiVersion = String(obj.apiVersion ?? '');
  const kind = String(obj.kind ?? '');
  if (unversionedSource(obj) !== undefined) {
    // No apiVersion: mapped by kind in the core group only, with version "".
    const core = RESOURCES.find((r) => !r.group && r.kind === kind);
    if (!core) throw new Error(`resource mapping not found for name: "${obj.metadata?.name ?? ''}" namespace: "${obj.metadata?.namespace ?? ''}" from "${source}": no matches for kind "${obj.kind}" in version ""\nensure CRDs are installed first`);
    return unversionedInfo(core);
  }
  // The discovery RESTMapper also maps each kind written in lower case (restmapper.NewDiscoveryRESTMapper): the
  // server then refuses the object, whose kind it does not know.
  const info = lookupKind(apiVersion, kind) ?? RESOURCES.find((r) => r.kind.toLowerCase() === kind && apiVersionOf(r) === apiVersion);
  if (!info) {
    throw new Error(`resource mapping not found for name: "${obj.metadata?.name ?? ''}" namespace: "${obj.metadata?.namespace ?? ''}" from "${source}": no matches for kind "${obj.kind}" in version "${obj.apiVersion}"\nensure CRDs are installed first`);
  }
  return info;
}

/** Namespace of a manifest, checked against an explicit -n as FilenameParam(enforceNamespace) does. */
export function manifestNamespace(inv: Invocation, info: ResourceInfo, obj: KObject): string | undefined {
  if (!info.namespaced) return undefined;
  const ns = obj.metadata?.namespace;
  if (inv.explicitNamespace && ns && ns !== inv.namespace) {
    throw new Error(`the namespace from the provided object "${ns}" does not match the namespace "${inv.namespace}". You must pass '--namespace=${ns}' to perform this operation.`);
  }
  return ns || inv.namespace;
}

/** cli-runtime's missingResourceError. */
export const MISSING_RESOURCE = `You must provide one or more resources by argument or filename.
Example resource specifications include:
   '-f rsrc.yaml'
   '--filename=rsrc.json'
   '<resource> <name>'
   '<resource>'`;

/** FilenameOptions.validate and FilenameParam's own checks, before anything is read. */
function filenameErrors(inv: Invocation, filenames: string[], kustomize: string, recursive: boolean): Error[] {
  const errs: Error[] = [];
  if (filenames.length && kustomize) errs.push(new Error('only one of -f or -k can be specified'));
  if (kustomize && recursive) errs.push(new Error("the -k flag can't be used with -f or -R"));
  if (errs.length) return errs;
  let stdin = false;
  for (const f of filenames) {
    if (f === '-') {
      if (stdin) errs.push(new Error('standard input cannot be used for multiple arguments'));
      stdin = true;
    } else if (!/^https?:\/\//.test(f) && !filenameMatches(inv, f)) {
      errs.push(new Error(`the path "${f}" does not exist`));
    }
  }
  return errs;
}

function visitResult(infos: Info[], errors: unknown[], singleItemImplied: boolean, visited: ResourceInfo[]): BuilderResult {
  return { infos, errors, singleItemImplied, visited };
}

async function visitByPaths(inv: Invocation, req: BuilderRequest, parsed: ParsedArgs, labelSelector: string | undefined): Promise<BuilderResult> {
  if (parsed.types.length) throw new Error('when paths, URLs, or stdin is provided as input, you may not specify resource arguments as well');
  if (parsed.names.length) throw new Error('name cannot be provided when a path is specified');
  if (parsed.tuples.length) throw new Error('resource/name arguments cannot be provided when a path is specified');
  let selector: Selector | undefined;
  if (labelSelector) {
    try {
      selector = parseLabelSelector(labelSelector);
    } catch (e) {
      throw new Error(`the provided selector "${labelSelector}" is not valid: ${(e as Error).message}`);
    }
  }
  const client = inv.client();
  const errors: unknown[] = [];
  const infos: Info[] = [];
  const filenames = req.filenames ?? [];
  // ContinueOnError (get, describe, delete): what was read before a broken document is still visited, its error reported with theirs.
  const entries = await readFilenameStreams(inv, filenames, !!req.recursive);
  const objs: { object: KObject; source: string }[] = [];
  for (const e of entries) {
    if (!e.error) objs.push(e);
    else if (!req.continueOnError) throw e.error;
    else errors.push(e.error);
  }
  for (const { object, source } of objs) {
    if (selector && !selector.matches(object.metadata?.labels ?? {})) continue;
    const unversioned = unversionedSource(object);
    if (req.typed && unversioned !== undefined) throw new Error(`unable to decode "${source}": Object 'apiVersion' is missing in '${unversioned}'`);
    let info: ResourceInfo;
    try {
      info = infoOf(object, source);
      if (req.versionedMapping) info = versionedInfo(info);
    } catch (err) {
      // ContinueOnError visits the other documents. The files' visitors are an EagerVisitorList, whose errors come
      // back as an aggregate even alone: one level deeper than a name's (get and describe print it without "error: ").
      if (!req.continueOnError) throw err;
      errors.push(new AggregateError([err]));
      continue;
    }
    const ns = manifestNamespace(inv, info, object);
    if (req.latest && !object.metadata?.name) {
      // SetNamespace ran before RetrieveLatest: the object carries the namespace it is visited in.
      const object2 = ns === undefined ? object : { ...object, metadata: { ...object.metadata, namespace: ns } };
      infos.push({ resource: info, namespace: ns, name: '', object: object2, local: true, source });
      continue;
    }
    try {
      infos.push({ resource: info, namespace: ns, name: object.metadata?.name ?? '', object: getObject(inv, info, ns, object.metadata?.name ?? '', req.subresource), source });
    } catch (e) {
      if (!req.continueOnError) throw e;
      errors.push(e);
    }
  }
  const single = filenames.length === 1 && filenames[0] !== '-' && !req.recursive && inv.ctx.fs.stat(inv.ctx.fs.resolve(inv.ctx.cwd, filenames[0]))?.type === 'file';
  return visitResult(infos, errors, single, infos.map((i) => i.resource));
}

function visitBySelector(inv: Invocation, req: BuilderRequest, parsed: ParsedArgs, labelSelector: string, fieldSelector: string): BuilderResult {
  if (parsed.names.length) throw new Error('name cannot be provided when a selector is specified');
  if (parsed.tuples.length) throw new Error('selectors and the all flag cannot be used when passing resource/name arguments');
  if (!parsed.types.length) throw new Error('at least one resource must be specified to use a selector');
  if (req.subresource) throw new Error('subresource cannot be used when bulk resources are specified');
  const mappings = resourceMappings(parsed.types, !!req.singleResourceType);
  const namespace = req.allNamespaces ? '' : inv.namespace;
  const client = inv.client();
  const infos: Info[] = [];
  const errors: unknown[] = [];
  const visited: ResourceInfo[] = [];
  for (const r of mappings) {
    try {
      const ns = r.namespaced ? namespace : '';
      requestPathError(ns, undefined);
      let list;
      try {
        list = client.list(resourceKey(r), ns || undefined, { labelSelector: labelSelector || undefined, fieldSelector: fieldSelector || undefined });
      } catch (e) {
        throw enhanceListError(e, labelSelector, fieldSelector, r);
      }
      visited.push(r);
      for (const o of list.items) infos.push({ resource: r, namespace: o.metadata.namespace, name: o.metadata.name ?? '', object: o });
    } catch (e) {
      // EagerVisitorList visits every type and reports all failures; VisitorList stops at the first.
      if (!req.continueOnError) throw e;
      errors.push(e);
    }
  }
  return visitResult(infos, errors, false, visited);
}

function visitByResource(inv: Invocation, req: BuilderRequest, tuples: Tuple[]): BuilderResult {
  const mappings = new Map<string, ResourceInfo>();
  for (const t of tuples) if (!mappings.has(t.typed)) mappings.set(t.typed, expandMapping(t.typed));
  if (req.singleResourceType && new Set([...mappings.values()].map(resourceKey)).size > 1) throw new Error(MULTIPLE_RESOURCE_TYPES);
  const namespace = req.allNamespaces ? '' : inv.namespace;
  const items: { resource: ResourceInfo; ns?: string; name: string }[] = [];
  for (const t of tuples) {
    const r = mappings.get(t.typed)!;
    if (r.namespaced && !namespace) throw new Error(req.allNamespaces ? 'a resource cannot be retrieved by name across all namespaces' : 'namespace may not be empty when retrieving a resource by name');
    items.push({ resource: r, ns: r.namespaced ? namespace : undefined, name: t.name });
  }
  return visitItems(inv, req, items, tuples.length === 1);
}

function visitByName(inv: Invocation, req: BuilderRequest, parsed: ParsedArgs): BuilderResult {
  if (!parsed.types.length) throw new Error('you must provide a resource and a resource name together');
  if (parsed.types.length > 1) throw new Error('you must specify only one resource');
  const [r] = resourceMappings(parsed.types, !!req.singleResourceType);
  const namespace = req.allNamespaces ? '' : inv.namespace;
  if (r.namespaced && !namespace) throw new Error(req.allNamespaces ? 'a resource cannot be retrieved by name across all namespaces' : 'namespace may not be empty when retrieving a resource by name');
  return visitItems(inv, req, parsed.names.map((name) => ({ resource: r, ns: r.namespaced ? namespace : undefined, name })), parsed.names.length === 1);
}

/** Fetches named objects (RetrieveLazy); with continueOnError every failure is collected, not only NotFound. */
function visitItems(inv: Invocation, req: BuilderRequest, items: { resource: ResourceInfo; ns?: string; name: string }[], single: boolean): BuilderResult {
  const infos: Info[] = [];
  const errors: unknown[] = [];
  for (const it of items) {
    try {
      infos.push({ resource: it.resource, namespace: it.ns, name: it.name, object: getObject(inv, it.resource, it.ns, it.name, req.subresource) });
    } catch (e) {
      if (!req.continueOnError) throw e;
      errors.push(e);
    }
  }
  return visitResult(infos, errors, single, infos.map((i) => i.resource));
}

/**
 * Helper.Get: client-go refuses a bad path segment before asking; a subresource the resource does not serve
 * for GET is the server's 404 (pods/resize returns the pod itself).
 */
function getObject(inv: Invocation, r: ResourceInfo, ns: string | undefined, name: string, subresource?: string): KObject {
  requestPathError(ns, name);
  if (subresource && (subresource !== 'status' || !r.statusSubresource) && !(subresource === 'scale' && SCALABLE.has(resourceKey(r))) && !(subresource === 'resize' && resourceKey(r) === 'pods')) {
    throw new StatusError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'the server could not find the requested resource', reason: 'NotFound', code: 404 });
  }
  const gone = goneText(r, ` ${name}`);
  if (gone) throw new StatusError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: gone, reason: 'NotFound', code: 404 });
  return inv.client().get(resourceKey(r), ns, name);
}

const SCALABLE = new Set(['deployments.apps', 'replicasets.apps', 'statefulsets.apps', 'replicationcontrollers']);

/** client-go's Request.Namespace and Request.Name checks (IsValidPathSegmentName), in their order. */
export function requestPathError(namespace: string | undefined, name: string | undefined): void {
  if (namespace) {
    const msgs = pathSegmentProblems(namespace);
    if (msgs.length) throw new Error(`invalid namespace "${namespace}": [${msgs.join(' ')}]`);
  }
  if (name === undefined) return;
  if (name === '') throw new Error('resource name may not be empty');
  const msgs = pathSegmentProblems(name);
  if (msgs.length) throw new Error(`invalid resource name ${goQuote(name)}: [${msgs.join(' ')}]`);
}

function pathSegmentProblems(s: string): string[] {
  if (s === '.' || s === '..') return [`may not be '${s}'`];
  return ['/', '%'].filter((c) => s.includes(c)).map((c) => `may not contain '${c}'`);
}

/**
 * A deleted CRD's resource, still in kubectl's discovery cache: the server answers its path with a plain-text 404,
 * which client-go words as NewGenericServerResponse does.
 */
function goneText(r: ResourceInfo, name: string): string | undefined {
  return r.crd && lookupResource(resourceKey(r)) !== r ? `the server could not find the requested resource (get ${r.resource}.${r.group}${name})` : undefined;
}

/** EnhanceListError: a list the server refuses (BadRequest, NotFound) names what was listed, still as a server error. */
function enhanceListError(e: unknown, labelSelector: string, fieldSelector: string, r: ResourceInfo): unknown {
  if (!isStatusError(e) || (e.reason !== 'BadRequest' && e.reason !== 'NotFound')) return e;
  const subj = `${r.group}/${r.version}, Resource=${r.resource}`;
  const text = goneText(r, '') ?? e.status.message;
  const message = !labelSelector && !fieldSelector
    ? `Unable to list "${subj}": ${text}`
    : `Unable to find "${subj}" that match label selector ${goQuote(labelSelector)}, field selector ${goQuote(fieldSelector)}: ${text}`;
  return new StatusError({ ...e.status, message });
}

export const MULTIPLE_RESOURCE_TYPES = 'you may only specify a single resource type';

/** resourceMappings: each type once (by what it maps to), in the order given. */
function resourceMappings(types: string[], single: boolean): ResourceInfo[] {
  if (types.length > 1 && single) throw new Error(MULTIPLE_RESOURCE_TYPES);
  const out: ResourceInfo[] = [];
  const seen = new Set<string>();
  for (const t of types) {
    const r = expandMapping(t);
    const key = resourceKey(r);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(r);
  }
  return out;
}

/** Throws the collected errors as CheckErr would print them. */
export function throwIfErrors(errors: unknown[]): void {
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new AggregateError(errors);
}

export { apiVersionOf, resourceKey };
