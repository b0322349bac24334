/**
 * The API server's answer to one GET, as kube-apiserver writes it (discovery, /version, objects and lists in the
 * Go structs' order with their managedFields, a pod's log, the not-found answers): what `kubectl proxy` passes on
 * and `kubectl get --raw` prints. Loaded with the proxy's host (proxy.ts loadApiHost) on first use.
 */
import { isStatusError, StatusError, type Status } from '../../api/errors.js';
import type { KObject } from '../../api/meta.js';
import { apiVersionOf, resourceKey, servedGroupVersions, type ResourceInfo } from '../../api/resources.js';
import { scaleOrdered, servedBody, serveWrite, warningHeaders, writeTarget } from '../../api/server/writes.js';
import { attributesOf } from '../../api/server/request-info.js';
import { SCALABLE, scaleOf } from '../../api/scale.js';
import type { Client } from '../../api/client.js';
import { CLIENT_VERSION, serverVersion } from './version.js';
import { apiGroup, apiGroupList, apiResourceList, apiVersions, groupsOf, NOT_FOUND_PATH, NOT_FOUND_TEXT, status, underGoRestful } from '../../api/server/discovery.js';
import { serverAddressOf, type ApiHost } from './proxy.js';
import { PROXY_PATH, proxyConnect } from '../../api/server/proxy-subresource.js';

export { goJSON } from '../../api/server/serializer.js';
import { apiResponseHeaders } from '../../api/server/handler.js';
import { healthAnswer, healthIndexPaths } from '../../api/server/health.js';
import { kubeadmObjects } from '../../api/bootstrap/kubeadm-objects-gate.js';
import { utf8Length } from '../../util/utf8.js';
import type { Cluster } from '../../cluster.js';
export { NOT_FOUND_TEXT };

/** go-restful's answer to a method no route of the path takes (the proxy forwards reads only). */
export const METHOD_NOT_ALLOWED: Answer = { status: 405, body: status(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource', {}) };

/** What the API server answers: an object written as JSON, or text (a log, "ok", net/http's not-found page) with its type. */
export interface Answer {
  status: number; body: unknown; type?: string;
  /** Written indented whoever asks (responsewriters.WriteRawJSON: /version). */
  indent?: boolean;
  /** A proxied backend's answer: its headers, passed on as they came (the body is its text). */
  headers?: Record<string, string>;
  /** How long the answer took beyond the API server's own turn (a proxied backend's, a dial's timeout). */
  ms?: number;
  /** A proxied backend that never answers. */
  hang?: boolean;
  /** The headers a write's answer adds (its warnings: unknown fields). */
  extraHeaders?: Record<string, string>;
}

/** The request as it reached the API server, for the proxy subresources that pass it on. */
export interface ApiRequest {
  method?: string;
  headers?: Record<string, string>;
}

const PLAIN_UTF8 = 'text/plain; charset=utf-8';

/** rest.DefaultKubernetesUserAgent: the binary, its version, the platform and the commit's first seven digits. */
export const KUBECTL_USER_AGENT = `kubectl/${CLIENT_VERSION.gitVersion} (${CLIENT_VERSION.platform}) kubernetes/${CLIENT_VERSION.gitCommit.slice(0, 7)}`;

/**
 * The error client-go makes of a failed answer: the Status the server sent, or for text (net/http's not-found
 * page) the generic one for its code (NewGenericServerResponse), which is all kubectl prints of it.
 */
export function answerError(a: Answer): StatusError {
  if (typeof a.body !== 'string') return new StatusError({ ...(a.body as Status), kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure' });
  // A proxied backend's JSON may be a Status too; anything else is the generic error of its code.
  try {
    const s = JSON.parse(a.body) as Omit<Status, 'status'> & { status?: string };
    if (s && s.kind === 'Status' && s.status !== 'Success') return new StatusError({ ...s, kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code: s.code || a.status });
  } catch {
    // not JSON
  }
  const type = a.headers ? Object.entries(a.headers).find(([k]) => k.toLowerCase() === 'content-type')?.[1] ?? '' : a.type ?? PLAIN_UTF8;
  // newUnstructuredResponseError: a text body (its first 2048 bytes) is the server's message, else "unknown".
  return genericServerResponse(a.status, type.startsWith('text/') ? a.body.slice(0, 2048).trim() : 'unknown');
}

/** errors.NewGenericServerResponse for a request with no resource (an absolute path), as client-go makes it. */
function genericServerResponse(code: number, serverMessage: string): StatusError {
  const known: Record<number, [string, string]> = {
    409: ['Conflict', 'the server reported a conflict'],
    404: ['NotFound', 'the server could not find the requested resource'],
    400: ['BadRequest', 'the server rejected our request for an unknown reason'],
    401: ['Unauthorized', 'the server has asked for the client to provide credentials'],
    403: ['Forbidden', serverMessage],
    406: ['NotAcceptable', serverMessage === '' || serverMessage === 'unknown' ? 'the server was unable to respond with a content type that the client supports' : serverMessage],
    415: ['UnsupportedMediaType', serverMessage],
    405: ['MethodNotAllowed', 'the server does not allow this method on the requested resource'],
    422: ['Invalid', 'the server rejected our request due to an error in our request'],
    503: ['ServiceUnavailable', 'the server is currently unable to handle the request'],
    504: ['Timeout', 'the server was unable to return a response in the time allotted, but may still be processing the request'],
    429: ['TooManyRequests', 'the server has received too many requests and has asked us to try again later'],
  };
  const [reason, message] = known[code]
    ?? (code >= 500 ? ['InternalError', `an error on the server (${JSON.stringify(serverMessage)}) has prevented the request from succeeding`] : ['Unknown', `the server responded with the status code ${code} but did not return more information`]);
  return new StatusError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason: reason as Status['reason'], code, details: { causes: [{ type: 'UnexpectedServerResponse', message: serverMessage, field: '' }] } });
}

/** GET on pods/proxy or services/proxy: authorized as the subresource, then sent on to the pod. */
function proxyAnswer(client: Client, host: ApiHost, m: RegExpExecArray, path: string, query: string, req: ApiRequest): Answer {
  const method = req.method ?? 'GET';
  try {
    // RequestInfo: the id (name:port and all) is the name RBAC judges.
    client.connect(m[2], m[1], m[3], 'proxy', method === 'HEAD' || method === 'GET' ? 'get' : method.toLowerCase());
  } catch (e) {
    if (isStatusError(e)) return { status: e.code, body: { ...e.status, kind: 'Status', apiVersion: 'v1', metadata: {} } };
    throw e;
  }
  // kubectl runs on the control-plane node: the API server sees the request come from its address.
  const clientIP = serverAddressOf(host.cluster).split(':')[0];
  const r = proxyConnect(host.cluster, m, { method, path, query, headers: req.headers ?? {}, clientIP });
  if (r.kind === 'hang') return { status: 0, body: '', hang: true };
  if (r.kind === 'error') return { status: r.error.code, body: { ...r.error.status, kind: 'Status', apiVersion: 'v1', metadata: {} }, ms: r.ms };
  return { status: r.status, body: r.body, headers: r.headers, ms: r.ms };
}

/** A path no route serves: go-restful's Status below a web service's root, else the not-found handler's page. */
function notFoundAt(path: string, groups: ReadonlyMap<string, ResourceInfo[]>): Answer {
  return underGoRestful(path, groups) ? { status: 404, body: NOT_FOUND_PATH } : { status: 404, body: NOT_FOUND_TEXT, type: PLAIN_UTF8 };
}

/** A list as the API server encodes it: items without kind/apiVersion. */
function listBody(info: ResourceInfo, items: unknown[], resourceVersion: string): unknown {
  return {
    kind: `${info.kind}List`,
    apiVersion: apiVersionOf(info),
    metadata: { resourceVersion },
    items: items.map((o) => {
      const { kind: _k, apiVersion: _a, ...rest } = o as KObject;
      return rest;
    }),
  };
}

const AS_STORED = (_kind: string, obj: unknown) => obj;

/** The answer to one GET on the API server. */
export function apiGet(client: Client, path: string, host?: ApiHost, req: ApiRequest = {}): Answer {
  const [raw, query = ''] = path.split('?');
  // loadApiHost loaded the boot objects' module through its handle (see server/handler.ts).
  if (host) kubeadmObjects.loaded()?.materialiseFor(host.cluster, raw);
  const proxied = host && PROXY_PATH.exec(raw);
  if (proxied) return proxyAnswer(client, host, proxied, raw, path.slice(raw.length + 1), req);
  // The discovery documents answer with a trailing slash too (`curl localhost:8001/api/`, as the docs do it).
  const p = /^\/apis?(\/[^/]+){0,2}\/$/.test(raw) ? raw.slice(0, -1) : raw;
  const params = new URLSearchParams(query);
  const parts = p.split('/').filter(Boolean);
  const order = host?.order ?? AS_STORED;
  // routes.Index: the registered paths, sorted, by WriteRawJSON (indented whoever asks).
  if (parts.length === 0) return { status: 200, body: { paths: ['/api', '/api/v1', '/apis', ...servedGroupVersions().filter((g) => g.includes('/')).map((g) => `/apis/${g}`), ...healthIndexPaths(), '/version'].sort() }, indent: true };
  if (p === '/version' || p === '/version/') return { status: 200, body: serverVersion(), indent: true };
  const health = healthAnswer(p, params, host?.cluster.components.get('etcd')?.running() ?? true);
  if (health) return { status: health.status, body: health.body, type: PLAIN_UTF8, ms: health.ms };
  if (p === '/api') return { status: 200, body: apiVersions(host ? serverAddressOf(host.cluster) : '') };
  const groups = groupsOf();
  if (p === '/apis') return { status: 200, body: apiGroupList(groups) };
  const NOT_FOUND = () => notFoundAt(p, groups);
  const discovery = apiResourceList(groups, p) ?? apiGroup(groups, p);
  if (discovery) return { status: 200, body: discovery };
  let rest: string[];
  let group = '';
  let version: string;
  if (parts[0] === 'api') {
    version = parts[1];
    rest = parts.slice(2);
    if (version !== 'v1') return NOT_FOUND();
  } else if (parts[0] === 'apis' && parts.length >= 3) {
    group = parts[1];
    version = parts[2];
    rest = parts.slice(3);
  } else return NOT_FOUND();
  const inGroup = groups.get(group ? `${group}/${version}` : version) ?? [];
  if (inGroup.length === 0) return NOT_FOUND();
  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  const info = inGroup.find((r) => r.resource === rest[0]);
  // Outside a namespace a namespaced resource has only its list across namespaces: no route for an object.
  if (!info || rest.length > 3 || (namespace !== undefined && !info.namespaced) || (namespace === undefined && info.namespaced && rest.length > 1)) return NOT_FOUND();
  const key = resourceKey(info);
  // GET on a subresource: status and pods/resize (the whole object, as their registries return it) and a pod's log.
  const sub = rest[2];
  const log = sub === 'log' && key === 'pods';
  const podLog = host?.podLog;
  const scale = sub === 'scale' && SCALABLE.has(key);
  if (sub !== undefined && !(sub === 'status' && info.statusSubresource) && !(sub === 'resize' && key === 'pods') && !(log && podLog) && !scale) return NOT_FOUND();
  try {
    if (scale) {
      // RBAC judges the scale subresource itself; the answer is the workload's autoscaling/v1 Scale.
      client.connect(key, namespace ?? '', rest[1], 'scale', 'get');
      return { status: 200, body: scaleOrdered(order, scaleOf(client.get(key, namespace, rest[1]))) };
    }
    if (log) {
      // RBAC judges pods/log itself (get), not the pod.
      client.connect('pods', namespace ?? '', rest[1], 'log', 'get');
      return { status: 200, body: podLog!(client.get(key, namespace, rest[1]), params), type: 'text/plain' };
    }
    const served = (o: KObject) => order(info.kind, host ? host.cluster.apiserver.withManagedFields(key, o) : o);
    if (rest.length >= 2) return { status: 200, body: served(client.get(key, info.namespaced ? namespace : undefined, rest[1])) };
    const l = client.list(key, namespace, { labelSelector: params.get('labelSelector') ?? undefined, fieldSelector: params.get('fieldSelector') ?? undefined });
    return { status: 200, body: listBody(info, l.items.map(served), l.resourceVersion) };
  } catch (e) {
    if (isStatusError(e)) return { status: e.code, body: { ...e.status, kind: 'Status', apiVersion: 'v1', metadata: {} } };
    throw e;
  }
}

/**
 * The API server's answer to a POST, PUT, PATCH or DELETE of a resource's path (api/server/writes.ts), judged
 * for the client's user first (RBAC's verb for the method); undefined for a path that is no resource's.
 */
export function apiWrite(client: Client, path: string, host: ApiHost, req: { method: string; headers: Record<string, string>; body?: string }): Answer | undefined {
  const [raw, query = ''] = path.split('?');
  kubeadmObjects.loaded()?.materialiseFor(host.cluster, raw);
  const t = writeTarget(raw.length > 1 ? raw.replace(/\/$/, '') : raw);
  if (!t) return undefined;
  const header = (name: string) => Object.entries(req.headers).find(([k]) => k.toLowerCase() === name)?.[1];
  const url = new URL(path, 'http://127.0.0.1');
  const a = attributesOf(req.method, url.pathname, url);
  try {
    client.connect(t.key, t.info.namespaced ? t.namespace ?? '' : '', t.name ?? '', t.subresource ?? '', a.verb);
    const ans = serveWrite(host.cluster, { method: req.method, contentType: header('content-type'), userAgent: header('user-agent'), query: new URLSearchParams(query), body: req.body ?? '' }, t.info, t.key, t.namespace, t.name, t.subresource);
    const body = servedBody(ans.body, t.key, host.order ?? AS_STORED, (k, o) => client.withManagedFields(k, o));
    return { status: ans.code, body, extraHeaders: warningHeaders(ans.warnings) };
  } catch (e) {
    if (isStatusError(e)) return { status: e.status.code, body: e.status };
    throw e;
  }
}

/**
 * The API server's answer as the proxy's ReverseProxy passes it on over HTTP/1.1: kube-apiserver's headers as Go's
 * HTTP/2 client read them (Date and Content-Length among them), written in sorted order, then chunked
 * transfer for a body kube-apiserver sent without a length.
 */
export function proxiedHeaders(cluster: Cluster, path: string, status: number, type: string, body: string, extra: Record<string, string> = {}): Record<string, string> {
  const h: Record<string, string> = { ...extra, ...apiResponseHeaders(cluster, path.split('?')[0], status, type, utf8Length(body)) };
  const out: Record<string, string> = {};
  for (const k of Object.keys(h).sort()) out[k] = h[k];
  if (!('Content-Length' in out)) out['Transfer-Encoding'] = 'chunked';
  return out;
}
