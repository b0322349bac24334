/**
 * kube-apiserver's secure port as a pod or a node reaches it (the `kubernetes`
 * Service, or the advertise address on 6443), behind the TLS handshake the
 * network has already made: the handler chain (DefaultBuildHandlerChain) of
 * authentication, then authorization by RBAC (kubeadm's Node,RBAC; the Node
 * authorizer is not modelled), then the routes: /version and the health
 * checks, legacy discovery, GET of an object and LIST of a collection.
 *
 * JSON is written as the server's negotiated serializer writes it: indented
 * by two spaces when the client looks like a person (a User-Agent starting
 * `curl`, `Wget` or `Mozilla/5.0`, or `?pretty=true`; handlers/negotiation
 * isPrettyPrint), compact with a newline otherwise, with the Go structs'
 * field order (schema/go-order.ts).
 */
import type { Cluster } from '../../cluster.js';
import type { HttpResponse } from '../../kubelet/programs.js';
import { httpDate, setSecureServing } from '../../network/network.js';
import { utf8Length } from '../../util/utf8.js';
import { isStatusError } from '../errors.js';
import type { KObject } from '../meta.js';
import { apiVersionOf, SERVED, resourceKey } from '../resources.js';
import { checkAuthorized, checkEscalation, checkNonResource, materialise } from '../rbac/index.js';
import { kubeadmObjects } from '../bootstrap/kubeadm-objects-gate.js';
import type { UserInfo } from '../rbac/authorizer.js';
import { APISERVER_SECURE_PORT } from '../bootstrap/kubernetes-service.js';
import { serverVersion } from '../../kubectl/verbs/version.js';
import { Random, fnv32a } from '../../util/random.js';
import { ANONYMOUS, authenticate } from './authentication.js';
import { clientCertificateUser } from './client-certificate.js';
import { apiGroup, apiGroupList, apiResourceList, apiVersions, groupsOf, NOT_FOUND_PATH, NOT_FOUND_TEXT, status, underGoRestful } from './discovery.js';
import { attributesOf } from './request-info.js';
import { healthAnswer } from './health.js';
import { goOrdered } from '../schema/go-order.js';
import { podLogText } from './pod-log.js';
import { goJSON, isPrettyPrint } from './serializer.js';
import { PROXY_METHODS, PROXY_PATH, proxyConnect } from './proxy-subresource.js';
import { scaleOrdered, servedBody, serveWrite, warningHeaders, writeTarget, type WriteAnswer } from './writes.js';
import { SCALABLE, scaleOf } from '../scale.js';

export interface SecureRequest {
  method: string; path: string; headers: Record<string, string>; http2?: boolean; remote?: string; body?: string;
  /** The client certificate presented in the TLS handshake (PEM). */
  clientCertificate?: string;
}

const UNAUTHORIZED = status(401, 'Unauthorized', 'Unauthorized');
const HEALTH = new Set(['/healthz', '/livez', '/readyz']);

function header(h: Record<string, string>, name: string): string | undefined {
  const k = Object.keys(h).find((x) => x.toLowerCase() === name);
  return k === undefined ? undefined : h[k];
}

/**
 * kube-apiserver's authenticator chain: a union of the x509 authenticator and the token authenticators, then
 * anonymous only if the union failed without an error. A client certificate that does not verify (another CA,
 * expired, no client-auth usage) is an error, so with no good bearer token beside it the request is refused (401)
 * rather than anonymous.
 */
function requestUser(cluster: Cluster, req: SecureRequest): UserInfo | undefined {
  const authorization = header(req.headers, 'authorization');
  if (req.clientCertificate === undefined) return authenticate(cluster.apiserver, authorization);
  const x509 = clientCertificateUser(req.clientCertificate, cluster.clock.now());
  if (x509) return x509;
  const token = authenticate(cluster.apiserver, authorization);
  return token === ANONYMOUS ? undefined : token;
}

export function serveSecure(cluster: Cluster, req: SecureRequest): HttpResponse | 'hang' {
  const url = new URL(req.path, 'https://kubernetes.default.svc');
  const path = url.pathname.length > 1 ? url.pathname.replace(/\/$/, '') : url.pathname;
  const indent = isPrettyPrint(url.searchParams, header(req.headers, 'user-agent') ?? '');
  const auditID = nextAuditID(cluster);
  const user = requestUser(cluster, req);
  const respond = (code: number, text: string, type: string, extra: Record<string, string> = {}): HttpResponse => {
    const headers: Record<string, string> = { 'Audit-Id': auditID, 'Cache-Control': 'no-cache, private', 'Content-Type': type, ...extra };
    if (code >= 400 || type.startsWith('text/')) headers['X-Content-Type-Options'] = 'nosniff';
    // The authentication filter answers a 401 before priority and fairness classifies the request.
    if (user) Object.assign(headers, flowSchemaHeaders(path, user));
    return { status: code, headers: goResponseHeaders(headers, utf8Length(text), cluster.clock.now(), !!req.http2), body: text, ordered: true };
  };
  const json = (code: number, body: unknown) => respond(code, goJSON(body, indent), 'application/json');
  if (!user) return json(401, UNAUTHORIZED);
  try {
    authorize(cluster, user, req.method, path, url);
    const health = healthAnswer(path, url.searchParams, cluster.components.get('etcd')?.running() ?? true);
    if (health) return { ...respond(health.status, health.body, 'text/plain; charset=utf-8'), ms: health.ms };
    const proxied = PROXY_PATH.exec(url.pathname);
    if (proxied) return proxy(cluster, proxied, url, req, json, respond);
    const log = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/log$/.exec(path);
    if (log && (req.method === 'GET' || req.method === 'HEAD')) return respond(200, podLogText(cluster, cluster.apiserver.get('pods', log[1], log[2]), url.searchParams), 'text/plain');
    if (WRITE_METHODS.has(req.method)) {
      const w = writeRoute(cluster, user, req, path, url);
      if (w) return respond(w.code, goJSON(w.body, indent), 'application/json', warningHeaders(w.warnings));
    }
    return route(cluster, req.method, path, url, json, respond);
  } catch (e) {
    if (isStatusError(e)) return json(e.status.code, e.status);
    return json(500, status(500, 'InternalError', String((e as Error)?.message ?? e)));
  }
}

/**
 * The head Go's net/http writes for a handler that set these headers and wrote `length` bytes in one go. HTTP/1.1
 * (chunkWriter.writeHeader): the handler's headers sorted, then Date, then Content-Length when the body fit the
 * 2,048-byte buffer before the handler returned, else chunked. HTTP/2 (x/net/http2 writeResHeaders): the names in
 * lower case, sorted, then content-length (a body within the 4,096-byte buffer), then date.
 */
export function goResponseHeaders(handler: Record<string, string>, length: number, now: number, http2: boolean): Record<string, string> {
  const out: Record<string, string> = {};
  const names = Object.keys(handler).sort();
  if (http2) {
    for (const k of names) out[k.toLowerCase()] = handler[k];
    if (length <= 4096) out['content-length'] = String(length);
    out.date = httpDate(now);
    return out;
  }
  for (const k of names) out[k] = handler[k];
  out.Date = httpDate(now);
  if (length <= 2048) out['Content-Length'] = String(length);
  else out['Transfer-Encoding'] = 'chunked';
  return out;
}

/**
 * APF's response headers: the uids of the bootstrap FlowSchema that matched the request and of its priority level
 * (the health checks: probes, exempt; a ServiceAccount: kube-system-service-accounts, workload-high in kube-system,
 * else service-accounts, workload-low; anyone else here: global-default).
 */
function flowSchemaHeaders(path: string, user: UserInfo): Record<string, string> {
  const sa = user.groups.includes('system:serviceaccounts');
  const [fs, pl] = HEALTH.has(path) ? ['probes', 'exempt']
    : sa && user.groups.includes('system:serviceaccounts:kube-system') ? ['kube-system-service-accounts', 'workload-high']
      : sa ? ['service-accounts', 'workload-low'] : ['global-default', 'global-default'];
  const uid = (kind: string, name: string) => new Random(fnv32a(`${kind}/${name}`)).uuid();
  return { 'X-Kubernetes-Pf-Flowschema-Uid': uid('flowschemas', fs), 'X-Kubernetes-Pf-Prioritylevel-Uid': uid('prioritylevelconfigurations', pl) };
}

/** The headers kube-apiserver answers kubectl's request with (HTTP/2, the admin user's flow schema): `kubectl -v=8` logs them, `kubectl proxy` passes them on. */
export function apiResponseHeaders(cluster: Cluster, path: string, code: number, type: string, length: number): Record<string, string> {
  const headers: Record<string, string> = { 'Audit-Id': nextAuditID(cluster), 'Cache-Control': 'no-cache, private', 'Content-Type': type };
  if (code >= 400 || type.startsWith('text/')) headers['X-Content-Type-Options'] = 'nosniff';
  Object.assign(headers, flowSchemaHeaders(path, { name: 'kubernetes-admin', groups: ['kubeadm:cluster-admins', 'system:authenticated'] }));
  // As Go's HTTP/2 client reads them: the lower-case names canonicalised (content-length → Content-Length).
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(goResponseHeaders(headers, length, cluster.clock.now(), true))) out[k.replace(/(^|-)([a-z])/g, (_m, d: string, c: string) => d + c.toUpperCase())] = v;
  return out;
}

const auditCounters = new WeakMap<Cluster, number>();

/** A request's Audit-Id: a UUID per request, the same for the same request in the same history. */
function nextAuditID(cluster: Cluster): string {
  const n = (auditCounters.get(cluster) ?? 0) + 1;
  auditCounters.set(cluster, n);
  return new Random(fnv32a(`audit|${n}`)).uuid();
}

function authorize(cluster: Cluster, user: UserInfo, method: string, path: string, url: URL): void {
  materialise(cluster.apiserver);
  // Through their lazy handle, which this module's loaders (curl's, the container tools', kubectl's API host) load:
  // the token controllers that start at the first token Secret find their code there at that instant.
  kubeadmObjects.loaded()?.materialiseFor(cluster, path);
  // The RequestInfo as the path gives it: a namespace is the path's (none for a LIST across all of them).
  const a = attributesOf(method, path, url);
  if (a.resourceRequest) checkAuthorized(cluster.apiserver, user, a);
  else checkNonResource(cluster.apiserver, user, a);
}

type JSONWriter = (code: number, body: unknown) => HttpResponse;

/**
 * pods/proxy and services/proxy on the secure port: the backend's answer with the server's own headers (the
 * authentication filter has taken the bearer token off the request before it goes on).
 */
function proxy(cluster: Cluster, m: RegExpExecArray, url: URL, req: SecureRequest, json: JSONWriter, respond: (code: number, text: string, type: string) => HttpResponse): HttpResponse | 'hang' {
  if (!PROXY_METHODS.includes(req.method)) return json(405, status(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource', {}));
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (k.toLowerCase() !== 'authorization') headers[k] = v;
  const r = proxyConnect(cluster, m, { method: req.method, path: url.pathname, query: url.search.slice(1), headers, clientIP: (req.remote ?? '').split(':')[0] });
  if (r.kind === 'hang') return 'hang';
  if (r.kind === 'error') return { ...json(r.error.code, r.error.status), ms: r.ms };
  // The server's headers (set before the handler) with the backend's; Go writes the Date and length itself.
  const own = respond(r.status, r.body, '').headers;
  const merged: Record<string, string> = {};
  for (const [k, v] of Object.entries(own)) if (!['content-type', 'date', 'content-length', 'transfer-encoding', 'x-content-type-options'].includes(k.toLowerCase())) merged[k] = v;
  for (const [k, v] of Object.entries(r.headers)) if (!['date', 'content-length'].includes(k.toLowerCase())) merged[k] = v;
  return { status: r.status, headers: goResponseHeaders(merged, utf8Length(r.body), cluster.clock.now(), !!req.http2), body: r.body, ordered: true, ms: r.ms };
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/**
 * A write to a resource's path, as the handlers answer it (writes.ts), the objects it sends out in their Go field
 * order with their managedFields; undefined for a path that is no resource's (the routes answer it).
 */
function writeRoute(cluster: Cluster, user: UserInfo, req: SecureRequest, path: string, url: URL): WriteAnswer | undefined {
  const t = writeTarget(path);
  if (!t) return undefined;
  const api = cluster.apiserver;
  const ans = serveWrite(cluster, { method: req.method, contentType: header(req.headers, 'content-type'), userAgent: header(req.headers, 'user-agent'), query: url.searchParams, body: req.body ?? '' }, t.info, t.key, t.namespace, t.name, t.subresource, {
    // RBAC's escalation check on the Role or binding the request would store.
    check: (obj) => { if (t.key.endsWith('.rbac.authorization.k8s.io')) checkEscalation(api, user, t.info, obj.metadata?.namespace ?? t.namespace, obj); },
    user,
  });
  return { ...ans, body: servedBody(ans.body, t.key, goOrdered, (k, o) => api.withManagedFields(k, o)) };
}

function route(cluster: Cluster, method: string, path: string, url: URL, json: JSONWriter, respond: (code: number, text: string, type: string) => HttpResponse): HttpResponse {
  // What is served now: the lazily served kinds join discovery when their code loads, a CRD's group with it.
  const groups = groupsOf();
  if (!underGoRestful(path, groups) && path !== '/apis') return respond(404, NOT_FOUND_TEXT, 'text/plain; charset=utf-8');
  if (method !== 'GET' && method !== 'HEAD') return json(405, status(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource', {}));
  // WriteRawJSON: indented whoever asks.
  if (path === '/version') return respond(200, goJSON(serverVersion(), true), 'application/json');
  const cp = cluster.nodeConfigs.find((n) => n.role === 'control-plane') ?? cluster.nodeConfigs[0];
  if (path === '/api') return json(200, apiVersions(`${cp.internalIP}:${APISERVER_SECURE_PORT}`));
  if (path === '/apis') return json(200, apiGroupList(groups));
  const disc = apiResourceList(groups, path) ?? apiGroup(groups, path);
  if (disc) return json(200, disc);
  // A collection, an object, an object's status (GET status answers with the whole object) or a workload's Scale.
  const m = /^\/(?:api\/v1|apis\/([^/]+)\/([^/]+))(?:\/namespaces\/([^/]+))?\/([^/]+)(?:\/([^/]+)(?:\/(status|scale))?)?$/.exec(path);
  const info = m && SERVED.find((r) => r.resource === m[4] && r.group === (m[1] ?? '') && r.version === (m[2] ?? 'v1'));
  // A cluster-scoped resource has no route under a namespace, a namespaced one's objects none outside one; only
  // some resources have a status or a scale.
  if (!m || !info || (m[3] !== undefined && !info.namespaced) || (info.namespaced && m[3] === undefined && m[5] !== undefined)
    || (m[6] === 'status' && !info.statusSubresource) || (m[6] === 'scale' && !SCALABLE.has(resourceKey(info)))) {
    // A namespace's own path, /api/v1/namespaces/NAME.
    const ns = /^\/api\/v1\/namespaces\/([^/]+)$/.exec(path);
    return ns ? json(200, goOrdered('Namespace', cluster.apiserver.withManagedFields('namespaces', cluster.apiserver.get('namespaces', undefined, ns[1])))) : json(404, NOT_FOUND_PATH);
  }
  const key = resourceKey(info);
  const ns = info.namespaced ? m[3] : undefined;
  // The Scale is made from the workload, not stored: it has no managedFields.
  if (m[6] === 'scale') return json(200, scaleOrdered(goOrdered, scaleOf(cluster.apiserver.get(key, ns, m[5]))));
  // Every object goes out with its managedFields, as kube-apiserver sends them.
  if (m[5]) return json(200, goOrdered(info.kind, cluster.apiserver.withManagedFields(key, cluster.apiserver.get(key, ns, m[5]))));
  const list = cluster.apiserver.list(key, ns, {
    labelSelector: url.searchParams.get('labelSelector') ?? undefined,
    fieldSelector: url.searchParams.get('fieldSelector') ?? undefined,
  });
  // A list's items carry no kind or apiVersion: the list's TypeMeta is the only one.
  const items = list.items.map((o) => { const { kind: _k, apiVersion: _a, ...rest } = goOrdered(info.kind, cluster.apiserver.withManagedFields(key, o)) as KObject; return rest; });
  return json(200, { kind: `${info.kind}List`, apiVersion: apiVersionOf(info), metadata: { resourceVersion: String(list.resourceVersion ?? '1') }, items });
}

setSecureServing(serveSecure);
