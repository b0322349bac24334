/**
 * `kubectl proxy`: serves the API server on 127.0.0.1:8001 of the terminal's
 * machine until Ctrl-C, so `curl localhost:8001/api/v1/namespaces/default/pods`
 * in the same terminal gets what kube-apiserver answers: discovery, versions,
 * lists and single objects as JSON (indented for curl and wget, as the API
 * server does for those user agents), and Status objects for errors. Reads
 * only: the proxy forwards GETs.
 */
import { isStatusError, StatusError, type Status } from '../../api/errors.js';
import type { KObject } from '../../api/meta.js';
import { apiVersionOf, servedGroupVersions, type ResourceInfo } from '../../api/resources.js';
import type { Exchange, Outcome } from '../../network/network.js';
import type { Client } from '../../api/client.js';
import type { Command, Invocation } from '../framework/command.js';
import { serverVersion } from './version.js';
import { verbE } from './verb-e.js';
import type { Cluster } from '../../cluster.js';
import { apiGroupList, apiResourceList, apiVersions, groupsOf, NOT_FOUND_PATH, NOT_FOUND_TEXT, status, underGoRestful } from '../../api/server/discovery.js';
import { goJSON, isPrettyPrint } from '../../api/server/serializer.js';
import { APISERVER_SECURE_PORT } from '../../api/bootstrap/kubernetes-service.js';
import { loadLazyTypes } from '../../api/schema/lazy.js';
import { loadFieldManager } from '../../api/managedfields/loader.js';

/** What the API server answers: an object written as JSON, or text (a log, "ok", net/http's not-found page) with its type. */
export interface Answer {
  status: number; body: unknown; type?: string;
  /** Written indented whoever asks (responsewriters.WriteRawJSON: /version). */
  indent?: boolean;
}

const STATUS_TEXT: Record<number, string> = { 200: 'OK', 404: 'Not Found', 405: 'Method Not Allowed', 403: 'Forbidden' };
const PLAIN_UTF8 = 'text/plain; charset=utf-8';

/**
 * The error client-go makes of a failed answer: the Status the server sent, or for text (net/http's not-found
 * page) the generic one for its code (NewGenericServerResponse), which is all kubectl prints of it.
 */
export function answerError(a: Answer): StatusError {
  if (typeof a.body === 'string' && a.status === 404) return new StatusError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'the server could not find the requested resource', reason: 'NotFound', code: 404 });
  return new StatusError({ ...(a.body as Status), kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure' });
}

/** A path no route serves: go-restful's Status below a web service's root, else the not-found handler's page. */
function notFoundAt(path: string, groups: ReadonlyMap<string, ResourceInfo[]>): Answer {
  return underGoRestful(path, groups) ? { status: 404, body: NOT_FOUND_PATH } : { status: 404, body: NOT_FOUND_TEXT, type: PLAIN_UTF8 };
}

/** What apiGet needs besides the client: the cluster (its kubelets hold the pods' logs) and how the server orders JSON. */
export interface ApiHost {
  cluster: Cluster;
  /** encoding/json's key order (schema/go-order.ts), once loaded: the Go structs' order kube-apiserver writes. */
  order?: (kind: string, obj: unknown) => unknown;
  /** GET pods/NAME/log (api/server/pod-log.ts, loaded with the host: the server-side log path loads on first use). */
  podLog?: (pod: KObject, query: URLSearchParams) => string;
}

/** kube-apiserver's advertised address and secure port (the control-plane node's InternalIP:6443), which /api names. */
export function serverAddressOf(cluster: Cluster): string {
  const cp = cluster.nodeConfigs.find((n) => n.role === 'control-plane') ?? cluster.nodeConfigs[0];
  return `${cp.internalIP}:${APISERVER_SECURE_PORT}`;
}

/** The host with the Go field order loaded (with the lazily served kinds' types), the clock held meanwhile. */
export async function loadApiHost(cluster: Cluster): Promise<ApiHost> {
  const release = cluster.clock.hold();
  try {
    // kube-apiserver sends every object with its managedFields: the field manager's code comes along.
    const [m, logs] = await Promise.all([import('../../api/schema/go-order.js'), import('../../api/server/pod-log.js'), loadLazyTypes(), loadFieldManager(cluster.apiserver)]);
    return { cluster, order: m.goOrdered, podLog: (pod, q) => logs.podLogText(cluster, pod, q) };
  } finally {
    release();
  }
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
export function apiGet(client: Client, path: string, host?: ApiHost): Answer {
  const [raw, query = ''] = path.split('?');
  // The discovery documents answer with a trailing slash too (`curl localhost:8001/api/`, as the docs do it).
  const p = /^\/apis?(\/[^/]+){0,2}\/$/.test(raw) ? raw.slice(0, -1) : raw;
  const params = new URLSearchParams(query);
  const parts = p.split('/').filter(Boolean);
  const order = host?.order ?? AS_STORED;
  // routes.Index: the registered paths, sorted, by WriteRawJSON (indented whoever asks).
  if (parts.length === 0) return { status: 200, body: { paths: ['/api', '/api/v1', '/apis', ...servedGroupVersions().filter((g) => g.includes('/')).map((g) => `/apis/${g}`), '/healthz', '/livez', '/readyz', '/version'].sort() }, indent: true };
  if (p === '/version' || p === '/version/') return { status: 200, body: serverVersion(), indent: true };
  // The health checks answer the text "ok", without a newline.
  if (['/healthz', '/livez', '/readyz'].includes(p)) return { status: 200, body: 'ok', type: PLAIN_UTF8 };
  if (p === '/api') return { status: 200, body: apiVersions(host ? serverAddressOf(host.cluster) : '') };
  const groups = groupsOf();
  if (p === '/apis') return { status: 200, body: apiGroupList(groups) };
  const NOT_FOUND = () => notFoundAt(p, groups);
  const discovery = apiResourceList(groups, p);
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
  if (!info || rest.length > 3 || (namespace !== undefined && !info.namespaced)) return NOT_FOUND();
  const key = group ? `${info.resource}.${group}` : info.resource;
  // GET on a subresource: status (the whole object, as the status registries return it) and a pod's log.
  const sub = rest[2];
  const log = sub === 'log' && key === 'pods';
  const podLog = host?.podLog;
  if (sub !== undefined && !(sub === 'status' && info.statusSubresource) && !(log && podLog)) return NOT_FOUND();
  try {
    if (log) return { status: 200, body: podLog!(client.get(key, namespace, rest[1]), params), type: 'text/plain' };
    const served = (o: KObject) => order(info.kind, host ? host.cluster.apiserver.withManagedFields(key, o) : o);
    if (rest.length >= 2) return { status: 200, body: served(client.get(key, info.namespaced ? namespace : undefined, rest[1])) };
    const l = client.list(key, namespace, { labelSelector: params.get('labelSelector') ?? undefined, fieldSelector: params.get('fieldSelector') ?? undefined });
    return { status: 200, body: listBody(info, l.items.map(served), l.resourceVersion) };
  } catch (e) {
    if (isStatusError(e)) return { status: e.code, body: { ...e.status, kind: 'Status', apiVersion: 'v1', metadata: {} } };
    throw e;
  }
}

async function runProxy(inv: Invocation): Promise<number> {
  const port = inv.flags.int('port');
  const address = inv.flags.string('address') || '127.0.0.1';
  // Validate, then net.Listen's port check.
  if (port !== 8001 && inv.flags.string('unix-socket')) throw new Error('cannot set --unix-socket and --port at the same time');
  if (port < 0 || port > 65535) throw new Error(`listen tcp: address ${port}: invalid port`);
  const c = inv.ctx.cluster;
  const node = (c.nodeConfigs.find((n) => n.role === 'control-plane') ?? c.nodeConfigs[0]).name;
  const key = `${node}:${port}`;
  const net = c.network;
  if (net.loopbackForwards.has(key)) throw new Error(`listen tcp ${address}:${port}: bind: address already in use`);
  const client = inv.client();
  const host = await loadApiHost(c);
  const prefix = inv.flags.string('api-prefix') || '/';
  net.loopbackForwards.set(key, (ex: Exchange): Outcome => {
    let a: Answer;
    const path = '/' + ex.path.slice(prefix.length).replace(/^\/+/, '');
    // The proxy's own mux answers a path outside --api-prefix; the rest goes to the API server, whose bytes come back as they are.
    if (!ex.path.startsWith(prefix)) a = { status: 404, body: NOT_FOUND_TEXT, type: PLAIN_UTF8 };
    else if (ex.method !== 'GET' && ex.method !== 'HEAD') a = { status: 405, body: status(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource', {}) };
    else a = apiGet(client, path, host);
    const text = typeof a.body === 'string';
    const pretty = isPrettyPrint(new URLSearchParams(path.split('?')[1] ?? ''), ex.userAgent ?? '');
    return {
      kind: 'response', ip: '127.0.0.1', status: a.status, statusText: STATUS_TEXT[a.status] ?? '', ms: 1,
      headers: { 'Content-Type': text ? a.type ?? PLAIN_UTF8 : 'application/json' },
      body: ex.method === 'HEAD' ? '' : text ? (a.body as string) : goJSON(a.body, a.indent || pretty),
    };
  });
  inv.out(`Starting to serve on ${address}:${port}\n`);
  try {
    while (!inv.ctx.signal.aborted) await inv.ctx.sleep(1000);
  } finally {
    net.loopbackForwards.delete(key);
  }
  return 0;
}

export const proxy: Command = verbE('proxy', { run: runProxy });
