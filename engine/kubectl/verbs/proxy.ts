/**
 * `kubectl proxy`: serves the API server on 127.0.0.1:8001 of the terminal's
 * machine until Ctrl-C, so `curl localhost:8001/api/v1/namespaces/default/pods`
 * in the same terminal gets what kube-apiserver answers: discovery, versions,
 * lists and single objects as JSON (indented for curl and wget, as the API
 * server does for those user agents), and Status objects for errors; writes
 * (POST, PUT, PATCH, DELETE) go to the server's write handlers as the user
 * kubectl authenticates as.
 */
import type { KObject } from '../../api/meta.js';
import { STATUS_TEXT, type Exchange, type Outcome } from '../../network/network.js';
import type { Command, Invocation } from '../framework/command.js';
import { verbE } from './verb-e.js';
import type { Cluster } from '../../cluster.js';
import type { Answer } from './api-get.js';
import { goJSON, isPrettyPrint } from '../../api/server/serializer.js';
import { APISERVER_SECURE_PORT } from '../../api/bootstrap/kubernetes-service.js';
import { loadLazyTypes } from '../../api/schema/lazy.js';
import { loadFieldManager } from '../../api/managedfields/loader.js';
import { kubeadmObjects } from '../../api/bootstrap/kubeadm-objects-gate.js';

const PLAIN_UTF8 = 'text/plain; charset=utf-8';

/** What apiGet needs besides the client: the cluster (its kubelets hold the pods' logs) and how the server orders JSON. */
export interface ApiHost {
  cluster: Cluster;
  /** encoding/json's key order (schema/go-order.ts), once loaded: the Go structs' order kube-apiserver writes. */
  order?: (kind: string, obj: unknown) => unknown;
  /** GET pods/NAME/log (api/server/pod-log.ts, loaded with the host: the server-side log path loads on first use). */
  podLog?: (pod: KObject, query: URLSearchParams) => string;
  /** The answering half (api-get.ts), loaded with the host: `proxy` must stay in the entry, the rest need not. */
  api: typeof import('./api-get.js');
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
    // kube-apiserver sends every object with its managedFields: the field manager's code comes along; so do kube-system's
    // boot objects, through their lazy handle (api-get.ts writes them at the first path of their kinds).
    const [m, logs, api] = await Promise.all([import('../../api/schema/go-order.js'), import('../../api/server/pod-log.js'), import('./api-get.js'), loadLazyTypes(), loadFieldManager(cluster.apiserver), kubeadmObjects.load()]);
    return { cluster, order: m.goOrdered, podLog: (pod, q) => logs.podLogText(cluster, pod, q), api };
  } finally {
    release();
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
  const { apiGet, apiWrite, METHOD_NOT_ALLOWED, NOT_FOUND_TEXT } = host.api;
  net.loopbackForwards.set(key, (ex: Exchange): Outcome => {
    let a: Answer;
    const path = '/' + ex.path.slice(prefix.length).replace(/^\/+/, '');
    // The proxy's own mux answers a path outside --api-prefix; the rest goes to the API server, whose bytes come back as they are.
    if (!ex.path.startsWith(prefix)) a = { status: 404, body: NOT_FOUND_TEXT, type: PLAIN_UTF8 };
    else if (ex.method !== 'GET' && ex.method !== 'HEAD') a = apiWrite(client, path, host, { method: ex.method, headers: ex.headers ?? {}, body: ex.body }) ?? METHOD_NOT_ALLOWED;
    // The proxy's reverse proxy names its client (curl, on loopback) in X-Forwarded-For.
    else a = apiGet(client, path, host, { method: ex.method, headers: { ...ex.headers, ...(ex.userAgent ? { 'User-Agent': ex.userAgent } : {}), 'X-Forwarded-For': '127.0.0.1' } });
    if (a.hang) return { kind: 'hang', ip: '127.0.0.1' };
    const text = typeof a.body === 'string';
    const pretty = isPrettyPrint(new URLSearchParams(path.split('?')[1] ?? ''), ex.userAgent ?? '');
    const body = text ? (a.body as string) : goJSON(a.body, a.indent || pretty);
    const type = text ? a.type ?? PLAIN_UTF8 : 'application/json';
    return {
      kind: 'response', ip: '127.0.0.1', status: a.status, statusText: STATUS_TEXT[a.status] ?? '', ms: 1 + (a.ms ?? 0),
      headers: a.headers ?? (ex.path.startsWith(prefix) ? host.api.proxiedHeaders(c, path, a.status, type, body, a.extraHeaders) : { 'Content-Type': type }),
      body: ex.method === 'HEAD' ? '' : body,
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
