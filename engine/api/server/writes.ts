/**
 * kube-apiserver's write handlers (staging/src/k8s.io/apiserver/pkg/endpoints/handlers/create.go, update.go,
 * patch.go, delete.go) over the engine's API server: what a POST, PUT, PATCH or DELETE of a resource's path does,
 * for every HTTP client of the simulated server (curl on the secure port, `kubectl proxy`, the oracle's front in
 * scripts/real-kubectl):
 *
 *   POST   collection                      create (201)
 *   PUT    object | /status | /scale       update (200)
 *   PATCH  object | /status | /scale       Content-Type: application/json-patch+json (json),
 *                                          merge-patch+json (merge), strategic-merge-patch+json,
 *                                          apply-patch+yaml (server-side apply)
 *   DELETE object                          DeleteOptions from the body or the query (200; the
 *                                          object while it terminates, else a Success Status)
 *   DELETE collection (in a namespace)     deletecollection: the same options, labelSelector and
 *                                          fieldSelector; 200 with the list as it was before
 *   POST   pods/NAME/eviction              DisruptionTarget, then a delete of the pod (kubectl drain), 201 Success
 *
 * The body of a create or an update is read as its Content-Type says (JSON or YAML; anything else is the
 * negotiator's 415), and a body without apiVersion and kind takes the path's, as the decoder's default GVK does.
 * Query: dryRun=All, fieldManager, fieldValidation (Strict, Warn: the unknown fields come back as warnings,
 * Ignore). Errors are the engine's StatusErrors, thrown for the caller to send as metav1.Status.
 */
import { parse as parseYaml, parseDocument } from 'yaml';
import type { Cluster } from '../../cluster.js';
import { evictPod } from '../eviction.js';
import type { KObject } from '../meta.js';
import type { DeleteOptions, WriteOptions } from '../apiserver.js';
import type { UserInfo } from '../rbac/authorizer.js';
import type { PatchType } from '../patch.js';
import { badRequest, StatusError } from '../errors.js';
import { jsonUnmarshalError } from '../../kubectl/framework/json-syntax.js';
import { goJsonKind, yamlErrorText } from '../../kubectl/framework/manifest-stream.js';
import { apiVersionOf, resourceKey, SERVED, type ResourceInfo } from '../resources.js';
import { SCALABLE } from '../scale.js';

/** One write as a client sent it (the oracle compares what each kubectl sent). */
export interface WriteRecord {
  verb: 'create' | 'update' | 'patch' | 'delete';
  resource: string;
  namespace?: string;
  name?: string;
  subresource?: string;
  patchType?: PatchType;
  fieldManager?: string;
  dryRun?: boolean;
}

/** What the handlers read off the request. */
export interface WriteRequest {
  method: string;
  contentType?: string;
  userAgent?: string;
  query: URLSearchParams;
  body: string;
}

export interface WriteAnswer { code: number; body: unknown; warnings?: string[] }

const PATCH_TYPES: Record<string, PatchType> = {
  'application/json-patch+json': 'json',
  'application/merge-patch+json': 'merge',
  'application/strategic-merge-patch+json': 'strategic',
  'application/apply-patch+yaml': 'apply',
};
/** The installer's supportedTypes for PATCH, in its order (CBOR apply patches only behind their alpha gate). */
const PATCH_MEDIA_TYPES = Object.keys(PATCH_TYPES);
/** The legacy codecs' SupportedMediaTypes: what a create or an update may send (CBOR is behind an alpha gate). */
const BODY_MEDIA_TYPES = ['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf'];

/** kube-apiserver's default manager: the User-Agent's first word, up to the first '/' ("kubectl/v1.35.2 (linux/amd64)..." → "kubectl"). */
export function managerFromUserAgent(ua: string | undefined): string {
  return (ua ?? '').split('/')[0].trim() || 'unknown';
}

/** negotiation.NewUnsupportedMediaTypeError. */
function unsupportedMediaType(accepted: string[]): StatusError {
  const message = `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`;
  return new StatusError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason: 'UnsupportedMediaType', details: {}, code: 415 });
}

/** A subresource the kind does not have (pods/scale): no route, so the API server's 404 for an unknown path. */
const NO_SUCH_PATH = () => new StatusError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'the server could not find the requested resource', reason: 'NotFound', details: {}, code: 404 });
/** go-restful has no route for the method on that path. */
const METHOD_NOT_ALLOWED = () => new StatusError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'the server does not allow this method on the requested resource', reason: 'MethodNotAllowed', details: {}, code: 405 });

function success(code: number, details?: Record<string, unknown>) {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', ...(details ? { details } : {}), code };
}

/** The media type without its parameters (`; charset=utf-8`), as mime.ParseMediaType leaves it. */
function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0].trim().toLowerCase();
}

/** handlers/rest.go summarizeData: the body's first 30 bytes, as text when it opens an object, else in hex. */
function summarizeData(body: string): string {
  const bytes = new TextEncoder().encode(body);
  if (bytes.length === 0) return '<empty>';
  const head = bytes.slice(0, 30);
  const more = bytes.length > 30 ? ' ...' : '';
  if (body[0] === '{') return new TextDecoder().decode(head) + more;
  return [...head].map((b) => b.toString(16).padStart(2, '0')).join('') + more;
}

/**
 * The object a create or an update sends, decoded as its media type says, its apiVersion and kind defaulted from
 * the path; a body that does not parse is transformDecodeError's "unrecognized" Bad Request.
 */
function decodeObject(req: WriteRequest, info: ResourceInfo): KObject {
  const type = mediaType(req.contentType) || BODY_MEDIA_TYPES[0];
  if (!BODY_MEDIA_TYPES.includes(type)) throw unsupportedMediaType(BODY_MEDIA_TYPES);
  const unrecognized = (why: string) => badRequest(`the object provided is unrecognized (must be of type ${info.kind}): ${why} (${summarizeData(req.body)})`);
  if (type === 'application/vnd.kubernetes.protobuf') throw unrecognized('provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]');
  let obj: unknown;
  if (type === 'application/yaml') {
    // sigs.k8s.io/yaml's YAMLToJSON: go-yaml's own error, as it is.
    const doc = parseDocument(req.body);
    if (doc.errors.length) throw unrecognized(yamlErrorText(req.body, doc.errors));
    obj = doc.toJS();
  } else {
    const syntax = jsonUnmarshalError(req.body);
    if (syntax) throw unrecognized(`couldn't get version/kind; json parse error: ${syntax}`);
    obj = JSON.parse(req.body);
  }
  // SimpleMetaFactory.Interpret reads apiVersion and kind into a struct: JSON null leaves it empty, anything but an
  // object is encoding/json's type error.
  if (obj === null || obj === undefined) obj = {};
  if (typeof obj !== 'object' || Array.isArray(obj)) throw unrecognized(`couldn't get version/kind; json parse error: json: cannot unmarshal ${goJsonKind(obj)} into Go value of type struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }`);
  const o = obj as KObject;
  // The decoder's default GVK: a body that names no apiVersion or kind is the path's.
  return { ...o, apiVersion: o.apiVersion || apiVersionOf(info), kind: o.kind || info.kind };
}

/** A patch body as its patch type reads it. */
function decodePatch(body: string, type: PatchType): unknown {
  // handlers/patch.go: a strategic merge patch is decoded strictly and the decoder's error is the message; a merge
  // patch's is prefixed "error decoding patch: ".
  const syntax = type === 'strategic' || type === 'merge' ? jsonUnmarshalError(body) : undefined;
  if (syntax) throw badRequest(type === 'merge' ? `error decoding patch: ${syntax}` : syntax);
  try {
    return type === 'apply' ? parseYaml(body) : JSON.parse(body);
  } catch (e) {
    throw badRequest(`error decoding patch: ${(e as Error).message}`);
  }
}

/** rest.EnsureObjectNamespaceMatchesRequestNamespace: an unset namespace takes the path's; another is refused. */
function inRequestNamespace(obj: KObject, namespace: string | undefined): KObject {
  const own = obj.metadata?.namespace;
  if (!namespace) return own ? { ...obj, metadata: { ...obj.metadata, namespace: undefined } } : obj;
  if (own && own !== namespace) throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
  return { ...obj, metadata: { ...(obj.metadata ?? {}), namespace } };
}

/**
 * Serves one write. `key` is the engine's resource key, `name`/`subresource` from the path. Throws the engine's
 * StatusErrors. `check` sees each object a create or an update would store (RBAC's escalation check).
 */
export function serveWrite(cluster: Cluster, req: WriteRequest, info: ResourceInfo, key: string, ns: string | undefined, name: string | undefined, subresource: string | undefined, hooks: WriteHooks = {}): WriteAnswer {
  cluster.apiserver.takeWarnings(); // the controllers' requests left theirs
  const answer = serveWriteRequest(cluster, req, info, key, ns, name, subresource, hooks);
  // Admission's warnings (PodSecurity's) follow the decoder's.
  const admission = cluster.apiserver.takeWarnings();
  // The decoder's warnings the API server itself recorded (fieldValidation=Warn) are in both: each is said once.
  return admission.length ? { ...answer, warnings: [...new Set([...(answer.warnings ?? []), ...admission])] } : answer;
}

type WriteHooks = { record?: (r: WriteRecord) => void; check?: (obj: KObject) => void; user?: UserInfo };

function serveWriteRequest(cluster: Cluster, req: WriteRequest, info: ResourceInfo, key: string, ns: string | undefined, name: string | undefined, subresource: string | undefined, hooks: WriteHooks): WriteAnswer {
  const api = cluster.apiserver;
  const q = req.query;
  const record = hooks.record ?? (() => undefined);
  const dryRun = q.getAll('dryRun').includes('All');
  const fieldManager = q.get('fieldManager') ?? managerFromUserAgent(req.userAgent);
  const fv = q.get('fieldValidation');
  // Without the parameter kube-apiserver warns about unknown fields (the default directive is Warn).
  const fieldValidation = (fv === 'Strict' || fv === 'Warn' || fv === 'Ignore' ? fv : 'Warn') as WriteOptions['fieldValidation'];
  // force: a server-side apply takes the fields it conflicts on (PatchOptions.force).
  // Without a fieldManager the server names the writer after the User-Agent (as the engine does for its clients).
  const opts: WriteOptions = { dryRun, fieldManager: q.get('fieldManager') ?? undefined, userAgent: req.userAgent, fieldValidation, force: q.get('force') === 'true', user: hooks.user };
  const namespace = info.namespaced ? ns : undefined;
  const warnings: string[] = [];
  /** fieldValidation=Warn: kube-apiserver answers with one warning per unknown field (a patch's $directives are not fields). */
  const warnUnknown = (obj: unknown) => {
    if (fieldValidation === 'Warn' && api.unknownFields) for (const f of api.unknownFields(info, obj)) if (!f.includes('$')) warnings.push(`unknown field "${f}"`);
  };
  const base = { resource: key, namespace, name, subresource, fieldManager, dryRun };

  if (req.method === 'POST') {
    if (key === 'pods' && name && subresource === 'eviction') {
      const ev = inRequestNamespace((req.body.trim() ? decodeObject(req, info) : {}) as KObject, namespace) as KObject & { deleteOptions?: DeleteOptions };
      if (ev.metadata?.name !== name) throw badRequest('name in URL does not match name in Eviction object');
      record({ ...base, verb: 'create' });
      const d = ev.deleteOptions ?? {};
      // The engine's own eviction (engine/api/eviction.ts): DisruptionTarget through the status store, then the delete.
      evictPod(cluster.client('kube-apiserver'), namespace!, name, { ...d, dryRun: dryRun || (d as { dryRun?: unknown }).dryRun !== undefined }, cluster.clock.now());
      // The eviction REST answers a bare Status{Status: Success}: no details.
      return { code: 201, body: success(201) };
    }
    if (name) throw METHOD_NOT_ALLOWED();
    const obj = inRequestNamespace(decodeObject(req, info), namespace);
    warnUnknown(obj);
    hooks.check?.(obj);
    record({ ...base, verb: 'create', name: obj?.metadata?.name ?? obj?.metadata?.generateName });
    return { code: 201, body: api.create(key, namespace, obj, opts), warnings };
  }
  if (!name && req.method === 'DELETE') return deleteCollection(cluster, req, info, key, namespace, dryRun, (r) => record({ ...base, verb: 'delete', dryRun: r }));
  if (!name) throw METHOD_NOT_ALLOWED();

  if (req.method === 'PUT') {
    const obj = decodeObject(req, subresource === 'scale' ? { ...info, kind: 'Scale', group: 'autoscaling', version: 'v1' } : info);
    record({ ...base, verb: 'update' });
    if (subresource === 'scale' && !SCALABLE.has(key)) throw NO_SUCH_PATH();
    if (subresource === 'scale') return { code: 200, body: api.updateScale(key, namespace, name, obj, opts), warnings };
    warnUnknown(obj);
    const own = inRequestNamespace(obj, namespace);
    hooks.check?.(own);
    if (subresource === 'status') return { code: 200, body: api.update(key, own, { ...opts, subresource: 'status' }), warnings };
    return { code: 200, body: api.update(key, own, opts), warnings };
  }

  if (req.method === 'PATCH') {
    const type = PATCH_TYPES[mediaType(req.contentType)];
    if (!type) throw unsupportedMediaType(PATCH_MEDIA_TYPES);
    const patch = decodePatch(req.body, type);
    record({ ...base, verb: 'patch', patchType: type });
    if (subresource === 'scale') {
      if (!SCALABLE.has(key)) throw NO_SUCH_PATH();
      return { code: 200, body: api.patch(key, namespace, name, type, patch, { ...opts, subresource: 'scale' }), warnings };
    }
    if (type !== 'json') warnUnknown(patch);
    const sub = subresource === 'status' ? { subresource: 'status' as const } : {};
    if (hooks.check && !subresource) hooks.check(api.patch(key, namespace, name, type, patch, { ...opts, dryRun: true }));
    return { code: 200, body: api.patch(key, namespace, name, type, patch, { ...opts, ...sub }), warnings };
  }

  if (req.method === 'DELETE') {
    const d = deleteOptionsOf(req, dryRun);
    record({ ...base, verb: 'delete', dryRun: d.dryRun });
    const before = api.get(key, namespace, name);
    const out = api.delete(key, namespace, name, d);
    // Still there (graceful deletion, finalizers, a dry run): the object; gone: the registry's Success Status
    // (pods return the deleted object: their storage sets ReturnDeletedObject).
    const still = api.tryGet(key, namespace, name);
    if (still || d.dryRun || key === 'pods') return { code: 200, body: still ?? out };
    return { code: 200, body: success(200, { name, ...(info.group ? { group: info.group } : {}), kind: info.resource, uid: before.metadata.uid }) };
  }
  throw METHOD_NOT_ALLOWED();
}

/** DeleteOptions as the delete handlers read them: the body's, with the query's parameters over them. */
function deleteOptionsOf(req: WriteRequest, dryRun: boolean): DeleteOptions {
  const q = req.query;
  const fromBody = (req.body.trim() ? decodePatch(req.body, 'json') : {}) as DeleteOptions & { dryRun?: unknown; orphanDependents?: boolean };
  const d: DeleteOptions = {};
  const grace = q.get('gracePeriodSeconds') ?? fromBody.gracePeriodSeconds;
  if (grace !== undefined && grace !== null) d.gracePeriodSeconds = Number(grace);
  const policy = q.get('propagationPolicy') ?? fromBody.propagationPolicy;
  if (policy) d.propagationPolicy = policy as DeleteOptions['propagationPolicy'];
  if (fromBody.preconditions) d.preconditions = fromBody.preconditions;
  d.dryRun = dryRun || (Array.isArray(fromBody.dryRun) && fromBody.dryRun.includes('All'));
  return d;
}

/**
 * DELETE of a collection (handlers/delete.go DeleteCollection, registry Store.DeleteCollection): the objects the
 * selectors match are listed, each is deleted as a single DELETE would be (one already gone is skipped), and the
 * answer is the list as it was listed, before the deletes. The installer routes DELETECOLLECTION only on a
 * namespaced resource's path inside a namespace (or a cluster-scoped one's), and only where the storage has it.
 */
function deleteCollection(cluster: Cluster, req: WriteRequest, info: ResourceInfo, key: string, namespace: string | undefined, dryRun: boolean, record: (dryRun: boolean) => void): WriteAnswer {
  if (!info.verbs.includes('deletecollection') || (info.namespaced && namespace === undefined)) throw METHOD_NOT_ALLOWED();
  const api = cluster.apiserver;
  const d = deleteOptionsOf(req, dryRun);
  record(!!d.dryRun);
  const list = api.list(key, namespace, { labelSelector: req.query.get('labelSelector') ?? undefined, fieldSelector: req.query.get('fieldSelector') ?? undefined });
  for (const o of list.items) {
    if (api.tryGet(key, o.metadata.namespace, o.metadata.name!)) api.delete(key, o.metadata.namespace, o.metadata.name!, { ...d });
  }
  return { code: 200, body: { kind: `${info.kind}List`, apiVersion: apiVersionOf(info), metadata: { resourceVersion: String(list.resourceVersion ?? '') }, items: list.items } };
}

const WRITE_PATH = /^\/(?:api\/v1|apis\/([^/]+)\/([^/]+))(?:\/namespaces\/([^/]+))?\/([^/]+)(?:\/([^/]+)(?:\/(status|scale|eviction))?)?$/;

/** What a write's path names: its resource, namespace, name and subresource; undefined for a path that is no resource's. */
export function writeTarget(path: string): { info: ResourceInfo; key: string; namespace?: string; name?: string; subresource?: string } | undefined {
  const m = WRITE_PATH.exec(path);
  const info = m && SERVED.find((r) => r.resource === m[4] && r.group === (m[1] ?? '') && r.version === (m[2] ?? 'v1'));
  // A cluster-scoped resource has no path inside a namespace; a namespaced one's objects have none outside one.
  if (!m || !info || (m[3] !== undefined && !info.namespaced) || (info.namespaced && m[3] === undefined && m[5] !== undefined)) return undefined;
  return { info, key: resourceKey(info), namespace: m[3], name: m[5], subresource: m[6] };
}

/**
 * A write's answer as the server's serializer writes it: an object in its Go fields' order with its managedFields,
 * a workload's Scale (made, not stored: no managedFields), a Status as it is.
 */
export function servedBody(body: unknown, key: string, order: (kind: string, obj: unknown) => unknown, withManagedFields: (key: string, obj: KObject) => KObject): unknown {
  const obj = body as KObject;
  if (obj?.kind === 'Scale') return scaleOrdered(order, obj);
  // A list's items carry no kind or apiVersion: the list's TypeMeta is the only one.
  const items = (obj as { items?: KObject[] })?.items;
  if (obj?.kind?.endsWith('List') && Array.isArray(items)) {
    const kind = obj.kind.slice(0, -'List'.length);
    return { ...obj, items: items.map((o) => { const { kind: _k, apiVersion: _a, ...rest } = order(kind, withManagedFields(key, o)) as KObject; return rest; }) };
  }
  return obj?.kind && obj.kind !== 'Status' && obj.metadata?.name ? order(obj.kind, withManagedFields(key, obj)) : obj;
}

/**
 * autoscaling/v1 Scale as encoding/json writes it (the Go types of the schema have no Scale): TypeMeta, ObjectMeta
 * in its own order, the spec's omitempty replicas, the status's replicas and omitempty selector.
 */
export function scaleOrdered(order: (kind: string, obj: unknown) => unknown, s: KObject): KObject {
  const metadata = (order('ConfigMap', { metadata: s.metadata }) as KObject).metadata;
  const spec = (s.spec ?? {}) as { replicas?: number };
  const status = (s.status ?? {}) as { replicas?: number; selector?: string };
  return {
    kind: 'Scale', apiVersion: 'autoscaling/v1', metadata,
    spec: spec.replicas ? { replicas: spec.replicas } : {},
    status: { replicas: status.replicas ?? 0, ...(status.selector ? { selector: status.selector } : {}) },
  } as KObject;
}

/** The warning recorder's header for a write's warnings: each text quoted, as RFC 7234's 299 warnings with no agent. */
export function warningHeaders(warnings: string[] | undefined): Record<string, string> {
  return warnings?.length ? { Warning: warnings.map((t) => `299 - ${JSON.stringify(t)}`).join(', ') } : {};
}
