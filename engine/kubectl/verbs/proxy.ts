/**
 * `kubectl proxy`: serves the API server on 127.0.0.1:8001 of the terminal's
 * machine until Ctrl-C, so `curl localhost:8001/api/v1/namespaces/default/pods`
 * in the same terminal gets what kube-apiserver answers: discovery, versions,
 * lists and single objects as JSON (indented for curl and wget, as the API
 * server does for those user agents), and Status objects for errors. Reads
 * only: the proxy forwards GETs.
 */
import { isStatusError } from '../../api/errors.js';
import type { KObject } from '../../api/meta.js';
import { apiVersionOf, RESOURCES, servedGroupVersions, type ResourceInfo } from '../../api/resources.js';
import type { Exchange, Outcome } from '../../network/network.js';
import type { Client } from '../../api/client.js';
import type { Command, Invocation } from '../framework/command.js';
import { serverVersion } from './version.js';
import { verbE } from './verb-e.js';
import type { Cluster } from '../../cluster.js';
import { podLogs } from '../../kubelet/pod-logs.js';
import { kubeletHostOf, type KubeletHost } from '../../kubelet/kubelet-server.js';

interface Answer { status: number; body: unknown }

const STATUS_TEXT: Record<number, string> = { 200: 'OK', 404: 'Not Found', 405: 'Method Not Allowed', 403: 'Forbidden' };

function status(code: number, reason: string, message: string, details?: Record<string, unknown>): Answer {
  return { status: code, body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, details: details ?? {}, code } };
}

const NOT_FOUND = () => status(404, 'NotFound', 'the server could not find the requested resource');

/** A list as the API server encodes it: items without kind/apiVersion. */
function listBody(info: ResourceInfo, items: KObject[], resourceVersion: string): unknown {
  return {
    kind: `${info.kind}List`,
    apiVersion: apiVersionOf(info),
    metadata: { resourceVersion },
    items: items.map((o) => {
      const { kind: _k, apiVersion: _a, ...rest } = o;
      return rest;
    }),
  };
}

/** What apiGet needs besides the client: the cluster whose kubelets hold the pods' logs and whose API server listens. */
export interface ApiHost {
  kubelets: KubeletHost;
  /** kube-apiserver's advertised address and port (the control-plane node's InternalIP:6443). */
  serverAddress: string;
  now(): number;
}

export function apiHostOf(cluster: Cluster): ApiHost {
  const cp = cluster.nodeConfigs.find((n) => n.role === 'control-plane') ?? cluster.nodeConfigs[0];
  const ip = (cluster.apiserver.tryGet('nodes', undefined, cp.name)?.status as { addresses?: { type: string; address: string }[] } | undefined)?.addresses?.find((a) => a.type === 'InternalIP')?.address;
  return { kubelets: kubeletHostOf(cluster), serverAddress: ip ? `${ip}:6443` : '', now: () => cluster.clock.now() };
}

/** The answer to one GET on the API server. */
export function apiGet(client: Client, path: string, host?: ApiHost): Answer {
  const [raw, query = ''] = path.split('?');
  // The discovery documents answer with a trailing slash too (`curl localhost:8001/api/`, as the docs do it).
  const p = /^\/apis?(\/[^/]+){0,2}\/$/.test(raw) ? raw.slice(0, -1) : raw;
  const params = new URLSearchParams(query);
  const parts = p.split('/').filter(Boolean);
  if (parts.length === 0) return { status: 200, body: { paths: ['/api', '/api/v1', '/apis', ...servedGroupVersions().filter((g) => g.includes('/')).map((g) => `/apis/${g}`), '/healthz', '/livez', '/readyz', '/version'] } };
  if (p === '/version' || p === '/version/') return { status: 200, body: serverVersion() };
  if (['/healthz', '/livez', '/readyz'].includes(p)) return { status: 200, body: 'ok' };
  if (p === '/api') return { status: 200, body: { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: host?.serverAddress ?? '' }] } };
  if (p === '/apis') {
    const groups = [...new Set(RESOURCES.filter((r) => r.group).map((r) => r.group))];
    return {
      status: 200,
      body: {
        kind: 'APIGroupList', apiVersion: 'v1',
        groups: groups.map((g) => {
          const gv = apiVersionOf(RESOURCES.find((r) => r.group === g)!);
          return { name: g, versions: [{ groupVersion: gv, version: gv.split('/')[1] }], preferredVersion: { groupVersion: gv, version: gv.split('/')[1] } };
        }),
      },
    };
  }
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
  const inGroup = RESOURCES.filter((r) => r.group === group && r.version === version);
  if (inGroup.length === 0) return NOT_FOUND();
  if (rest.length === 0) {
    return {
      status: 200,
      body: {
        kind: 'APIResourceList', apiVersion: 'v1', groupVersion: group ? `${group}/${version}` : version,
        resources: inGroup.map((r) => ({ name: r.resource, singularName: r.singular, namespaced: r.namespaced, kind: r.kind, verbs: r.verbs, ...(r.shortNames.length ? { shortNames: r.shortNames } : {}), ...(r.categories.length ? { categories: r.categories } : {}) })),
      },
    };
  }
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
  if (sub !== undefined && !(sub === 'status' && info.statusSubresource) && !(log && host)) return NOT_FOUND();
  try {
    if (log) return { status: 200, body: podLog(host!, client.get(key, namespace, rest[1]), params) };
    if (rest.length >= 2) return { status: 200, body: client.get(key, info.namespaced ? namespace : undefined, rest[1]) };
    const l = client.list(key, namespace, { labelSelector: params.get('labelSelector') ?? undefined, fieldSelector: params.get('fieldSelector') ?? undefined });
    return { status: 200, body: listBody(info, l.items, l.resourceVersion) };
  } catch (e) {
    if (isStatusError(e)) return { status: e.code, body: { ...e.status, kind: 'Status', apiVersion: 'v1', metadata: {} } };
    throw e;
  }
}

/** pods/NAME/log: PodLogOptions from the query, read through the kubelet as `kubectl logs` is. */
function podLog(host: ApiHost, pod: KObject, q: URLSearchParams): string {
  const int = (k: string) => (q.get(k) === null ? undefined : Number(q.get(k)));
  const since = q.get('sinceTime');
  return podLogs(host.kubelets, pod, {
    container: q.get('container') ?? undefined,
    previous: q.get('previous') === 'true',
    timestamps: q.get('timestamps') === 'true',
    sinceSeconds: int('sinceSeconds'),
    sinceTime: since ? Date.parse(since) : undefined,
    tailLines: int('tailLines'),
    limitBytes: int('limitBytes'),
  }, host.now()).text;
}

function encode(body: unknown, pretty: boolean): string {
  if (typeof body === 'string') return body;
  return pretty ? JSON.stringify(body, null, 2) + '\n' : JSON.stringify(body) + '\n';
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
  const prefix = inv.flags.string('api-prefix') || '/';
  net.loopbackForwards.set(key, (ex: Exchange): Outcome => {
    let a: Answer;
    if (ex.method !== 'GET' && ex.method !== 'HEAD') a = status(405, 'MethodNotAllowed', `the server does not allow this method on the requested resource`);
    else if (!ex.path.startsWith(prefix)) a = { status: 404, body: '404 page not found\n' };
    else a = apiGet(client, '/' + ex.path.slice(prefix.length).replace(/^\/+/, ''), apiHostOf(c));
    const pretty = /^(curl|Wget)/.test(ex.userAgent ?? '');
    const isText = typeof a.body === 'string';
    return {
      kind: 'response', ip: '127.0.0.1', status: a.status, statusText: STATUS_TEXT[a.status] ?? '', ms: 1,
      headers: { 'Content-Type': isText ? 'text/plain; charset=utf-8' : 'application/json' },
      body: ex.method === 'HEAD' ? '' : encode(a.body, pretty),
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
