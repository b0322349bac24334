/**
 * A loopback HTTP front for the engine's API server, so the REAL kubectl
 * binary can read a simulated cluster's objects (dev tooling only: never part
 * of `npm test`, never in the browser, listens on 127.0.0.1 only).
 *
 * Read side only: discovery (legacy /api and /apis documents), /version, GET
 * of one object, LIST with labelSelector/fieldSelector, WATCH (watch.ts), the
 * OpenAPI v3 documents `kubectl explain` reads, and the Table form `kubectl
 * get` asks for. Writes (writes.ts) only when asked (the replay copy of a write line); exec answers 404.
 *
 * Why Tables are served: kubectl v1.35 no longer carries the per-kind table
 * printers; they live in the API server (pkg/printers/internalversion). Given
 * a plain list it prints only NAME and AGE (cli-runtime's default handler),
 * which a real cluster never shows. So the server answers Table requests the
 * way kube-apiserver does, with the cells computed by KubeLab's own table
 * handlers (engine/kubectl/printers/tables). The real binary still does all
 * the client-side work (columns hidden without -o wide, NAMESPACE with -A,
 * `kind/` prefixes, -L, --show-labels, --no-headers, --sort-by, empty-list
 * messages), but the cell texts of a `get` table are ours: see README.md.
 *
 * Timestamps: every RFC 3339 string in a served object is shifted by a whole
 * number of seconds (virtual clock → wall clock, see beginRun) so that
 * kubectl's ages, computed from its own wall clock, come out as the engine's
 * virtual ages.
 */
import http from 'node:http';
import type { Cluster } from '../../engine/cluster.js';
import type { KObject } from '../../engine/api/meta.js';
import { SERVED, apiVersionOf, resourceKey, type ResourceInfo } from '../../engine/api/resources.js';
import { isStatusError } from '../../engine/api/errors.js';
import { tableOf } from '../../engine/kubectl/printers/server-table.js';
import '../../engine/kubectl/printers/tables/index.js';
import '../../engine/kubectl/printers/tables/statefulsets.js';
// The kinds whose code the engine loads on first use are served from the start.
import '../../engine/kubectl/printers/tables/policy.js';
import '../../engine/api/registry/policy.js';
import { loadDisruptionController } from '../../engine/controllers/disruption/loader.js';
import '../../engine/kubectl/printers/tables/storage.js';
import { serverVersion } from '../../engine/kubectl/verbs/version.js';
import { resourceWarning } from '../../engine/kubectl/framework/warnings.js';
import { openapiDocuments } from './openapi.js';
import { loadKindTables } from '../../engine/kubectl/printers/tables/lazy-kinds.js';
import { loadLazyKinds } from '../../engine/api/registry/lazy-kinds.js';

// Ingress, PriorityClass, ResourceQuota...: their field schema (for the OpenAPI documents), tables and API rules;
// every lazily served kind's types and strategy, as kube-apiserver has them before its first request; kube-system's
// boot objects through their lazy handle, where the token controllers (started at the first token Secret) find them.
await Promise.all([loadKindTables(), loadLazyKinds(), loadFieldManagerCode(), kubeadmObjects.load()]);
import { SCALABLE, scaleOf } from './scale-subresource.js';
import { apiGroup, apiGroupList, apiResourceList, apiVersions, groupsOf, NOT_FOUND_PATH, NOT_FOUND_TEXT, status, underGoRestful } from '../../engine/api/server/discovery.js';
import { goJSON, isPrettyPrint } from '../../engine/api/server/serializer.js';
import { podLogOf } from './pod-log.js';
import { serveWatch, type OpenWatch } from './watch.js';
import { serveWrite, type WriteRecord } from './writes.js';
import { decodeProtobuf, isProtobuf } from './protobuf.js';
import { loadGoJSON } from '../../engine/api/schema/go-json-loader.js';
import { serverAddressOf } from '../../engine/kubectl/verbs/proxy.js';
import { goOrdered } from '../../engine/api/schema/go-order.js';
import { loadLazyTypes } from '../../engine/api/schema/lazy.js';
import { loadFieldManager } from '../../engine/api/managedfields/loader.js';
import { checkEscalation, guard, impersonation, serveReview } from './rbac.js';
import { materialiseFor } from '../../engine/api/bootstrap/kubeadm-objects.js';
import { kubeadmObjects } from '../../engine/api/bootstrap/kubeadm-objects-gate.js';

// Loaded before any line: a controller whose module is there starts at its first object's instant, in every cluster.
void loadDisruptionController();

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;

/** Shifts every RFC 3339 timestamp in `v` by `delta` ms, keeping each one's precision; `seen` collects their unshifted times (ms). */
export function shiftTimes(v: unknown, delta: number, seen?: Set<number>): unknown {
  if (typeof v === 'string') {
    if (!ISO.test(v)) return v;
    seen?.add(Date.parse(v));
    return shiftStamp(v, delta);
  }
  if (Array.isArray(v)) return v.map((x) => shiftTimes(x, delta, seen));
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = shiftTimes(x, delta, seen);
    return out;
  }
  return v;
}

/** "2026-01-01T00:00:05Z" + 1000 → "2026-01-01T00:00:06Z"; fractions keep their digit count (MicroTime has six). */
export function shiftStamp(s: string, delta: number): string {
  const frac = /\.(\d+)Z$/.exec(s)?.[1] ?? '';
  const iso = new Date(Date.parse(s) + delta).toISOString();
  if (!frac) return iso.replace(/\.\d+Z$/, 'Z');
  // Date keeps milliseconds only: digits past the third are carried over unchanged (delta is whole milliseconds).
  const ms = iso.slice(20, 23);
  return iso.slice(0, 20) + (ms + frac.slice(3)).slice(0, frac.length).padEnd(frac.length, '0') + 'Z';
}

const TABLE_ACCEPT = /as=Table/;

/** Kinds kube-apiserver has but the engine does not store; `kubectl describe namespace` lists them. */

export interface ServeOptions {
  /** Serve Tables to `kubectl get` (default), or only plain objects (kubectl then prints NAME and AGE). */
  tables?: boolean;
  /** Log each request to stderr. */
  trace?: boolean;
  /** Serve writes (writes.ts) into the cluster; without it they are refused (405), as for the read-only lines. */
  writes?: boolean;
}

export interface Served {
  port: number;
  url: string;
  /**
   * Starts a run at virtual instant `virtualNow`: the first request waits for
   * the wall clock's millisecond to equal the virtual one, and from then on
   * wall time maps to virtual time by a whole number of seconds (`delta`), so
   * stamps of every precision shift exactly and kubectl's "now" reads as
   * `virtualNow` plus its own remaining run time.
   */
  beginRun(virtualNow: number): void;
  /** The run so far: the shift used (undefined before any request), the wall time of the first request, and the virtual ms of every timestamp served. */
  run(): { delta?: number; firstRequestAt?: number; stamps: Set<number> };
  /** Watch streams open now (kubectl get -w holds one; rollout status and wait hold an informer's). */
  openWatches(): number;
  /** Ends every open watch stream the way kube-apiserver ends one at its timeout: the chunked response simply ends. */
  closeWatches(): void;
  /** Watch events sent so far, on every stream (a write line's pacing waits for kubectl to take them in). */
  watchEvents(): number;
  /** Lets writes through (or refuses them again, 405) from now on. */
  allowWrites(on: boolean): void;
  /** The writes served since the last call, in order (and forgets them). */
  takeWrites(): WriteRecord[];
  close(): Promise<void>;
}

const EMPTY_OPENAPI_V2 = Symbol('empty /openapi/v2');
/** kube-apiserver's health endpoints answer the text "ok", without a newline. */
const HEALTHY = Symbol('ok');

export { tableOf };

/** The field manager's code, before any cluster is served (each served cluster's API server gets it at serve()). */
function loadFieldManagerCode(): Promise<void> {
  return import('../../engine/api/managedfields/index.js').then(() => undefined);
}

export function serve(cluster: Cluster, opts: ServeOptions = {}): Promise<Served> {
  // Loaded above: the hook is in place before the first request.
  void loadFieldManager(cluster.apiserver);
  let runAt = 0;
  let delta: number | undefined;
  let firstRequestAt: number | undefined;
  let stamps = new Set<number>();
  let aligning: Promise<void> | undefined;
  /** Waits until the wall clock's millisecond equals the virtual one, then fixes the whole-second shift. */
  const align = (): Promise<void> => {
    aligning ??= (async () => {
      const want = ((runAt % 1000) + 1000) % 1000;
      for (;;) {
        const wait = (want - (Date.now() % 1000) + 1000) % 1000;
        if (wait === 0) break;
        // setTimeout wakes a millisecond or two late: sleep most of the way, then spin.
        if (wait > 3) await new Promise((r) => setTimeout(r, wait - 3));
        else for (const until = Date.now() + wait; Date.now() < until;);
      }
      firstRequestAt = Date.now();
      delta = Math.round((firstRequestAt - runAt) / 1000) * 1000;
    })();
    return aligning;
  };
  const served = SERVED;
  const groups = groupsOf(served);
  const openapi = openapiDocuments();
  const useTables = opts.tables !== false;
  let writes = !!opts.writes;
  let written: WriteRecord[] = [];

  const isDiscoveryPath = (p: string) => p === '' || p === '/api' || p === '/apis' || p === '/version' || p === '/healthz' || p === '/livez' || p === '/readyz'
    || openapi[p] !== undefined || served.some((r) => p === (r.group ? `/apis/${r.group}` : '/api/v1') || p === `/apis/${r.group}/${r.version}`);
  const handle = (req: http.IncomingMessage, delta: number, body: string): { code: number; body: unknown; warning?: string | string[]; text?: string; type?: string; indent?: boolean } => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const p = url.pathname.replace(/\/$/, '');
    // A path no route serves: go-restful's Status below a web service's root, else net/http's not-found page.
    const notFound = () => (underGoRestful(p, groups) ? { code: 404, body: NOT_FOUND_PATH } : { code: 404, body: undefined, text: NOT_FOUND_TEXT, type: 'text/plain; charset=utf-8' });
    // Impersonation and authorization (rbac.ts), then the POSTs that store nothing (self-reviews, TokenRequest).
    const user = impersonation(req);
    // kube-system's and kube-public's boot objects, written at the first request for their kinds, as in the engine.
    materialiseFor(cluster, p);
    const denied = guard(cluster, req, user, p, url);
    if (denied) return denied;
    const review = req.method === 'POST' ? serveReview(cluster, p, body, user) : undefined;
    if (review) return { code: review.code, body: shiftTimes(review.body, delta, stamps) };
    if (req.method !== 'GET') {
      const w = writes ? /^\/(?:api\/v1|apis\/([^/]+)\/([^/]+))(?:\/namespaces\/([^/]+))?\/([^/]+)(?:\/([^/]+))?(?:\/(scale|status|eviction))?$/.exec(p) : null;
      const winfo = w && served.find((r) => r.resource === w[4] && r.group === (w[1] ?? '') && r.version === (w[2] ?? 'v1'));
      // With writes served, a path that is no resource's (`/api/namespaces/...`, from a manifest without apiVersion)
      // has no route at all: kube-apiserver's 404. Discovery paths have a route, for GET only: 405.
      if (writes && !winfo && !isDiscoveryPath(p)) return notFound();
      if (!w || !winfo) return { code: 405, body: status(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource', {}) };
      // A namespace object's path names it as the resource's "name" (/api/v1/namespaces/NAME): the regex reads it as a namespace.
      const [ns, name] = w[3] !== undefined && w[4] === 'namespaces' && !w[5] ? [undefined, w[3]] : [w[3], w[5]];
      if (req.method === 'POST' || req.method === 'PUT') {
        let parsed: unknown;
        try { parsed = JSON.parse(body); } catch { parsed = undefined; }
        const escalation = parsed ? checkEscalation(cluster, user, resourceKey(winfo), ns, parsed) : undefined;
        if (escalation) return escalation;
      }
      const ans = serveWrite(cluster, req, url, body, winfo, resourceKey(winfo), ns, name, w[6], (r) => written.push(r));
      return { code: ans.code, body: shiftTimes(withManaged(resourceKey(winfo), ans.body), delta, stamps), warning: ans.warnings?.length ? ans.warnings : undefined };
    }
    // Shifted like every served stamp, so that the transcript's shift back restores the build date.
    // responsewriters.WriteRawJSON: indented whoever asks.
    if (p === '/version') return { code: 200, body: shiftTimes(serverVersion(), delta), indent: true };
    if (p === '/healthz' || p === '/livez' || p === '/readyz') return { code: 200, body: HEALTHY };
    if (openapi[p] !== undefined) return { code: 200, body: openapi[p] };
    // kubectl reads the v2 document (protobuf) only for a kind the v3 documents have no PATCH operation for (an unknown
    // kind in a served group, `kind: Pood`); the real document holds no such kind either, so an empty one (zero bytes
    // decode to an empty openapi_v2.Document) answers the same: no client-side validation, then the mapping error.
    if (p === '/openapi/v2') return { code: 200, body: EMPTY_OPENAPI_V2 };
    // The simulated API server's advertised address, as the engine's own `get --raw /api` answers it.
    if (p === '/api') return { code: 200, body: apiVersions(serverAddressOf(cluster)) };
    if (p === '/apis') return { code: 200, body: apiGroupList(groups) };
    const groupDoc = apiGroup(groups, p);
    if (groupDoc) return { code: 200, body: groupDoc };
    const disc = /^\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))$/.test(p);
    if (disc) {
      const list = apiResourceList(groups, p);
      return list ? { code: 200, body: list } : notFound();
    }
    const m = /^\/(?:api\/v1|apis\/([^/]+)\/([^/]+))(?:\/namespaces\/([^/]+))?\/([^/]+)(?:\/([^/]+))?(?:\/(scale|log|status))?$/.exec(p);
    if (!m) return notFound();
    const [, group = '', version = 'v1', ns, resource, name, subresource] = m;
    const info = served.find((r) => r.resource === resource && r.group === group && r.version === version);
    if (!info) return notFound();
    const key = resourceKey(info);
    if (subresource === 'log') {
      if (key !== 'pods' || !name) return notFound();
      return { code: 200, body: undefined, text: podLogOf(cluster, cluster.apiserver.get('pods', ns, name), url.searchParams, delta) };
    }
    // GET on status: the whole object, as the status registries return it.
    if (subresource === 'status') {
      if (!info.statusSubresource || !name) return notFound();
      return read(info, key, ns, name, url, req, delta);
    }
    if (subresource) {
      if (!SCALABLE.has(key) || !name) return notFound();
      return { code: 200, body: shiftTimes(scaleOf(cluster.apiserver.get(key, ns, name)), delta, stamps) };
    }
    const warning = resourceWarning(key);
    if (warning) return { ...read(info, key, ns, name, url, req, delta), warning };
    return read(info, key, ns, name, url, req, delta);
  };

  const read = (info: ResourceInfo, key: string, ns: string | undefined, name: string | undefined, url: URL, req: http.IncomingMessage, delta: number): { code: number; body: unknown } => {
    const now = cluster.clock.now();
    const asTable = useTables && TABLE_ACCEPT.test(String(req.headers.accept ?? ''));
    const includeObject = url.searchParams.get('includeObject') ?? 'Metadata';
    if (name) {
      const obj = withManaged(key, cluster.apiserver.get(key, info.namespaced ? ns : undefined, name));
      // JSON in the Go structs' order, as kube-apiserver writes it (what `get --raw` shows).
      return { code: 200, body: shiftTimes(asTable ? tableOf(info, [obj], now, includeObject) : goOrdered(info.kind, obj), delta, stamps) };
    }
    const list = cluster.apiserver.list(key, info.namespaced ? ns : undefined, {
      labelSelector: url.searchParams.get('labelSelector') ?? undefined,
      fieldSelector: url.searchParams.get('fieldSelector') ?? undefined,
    });
    const rv = String(list.resourceVersion ?? '1');
    if (asTable) return { code: 200, body: shiftTimes(tableOf(info, list.items, now, includeObject, rv), delta, stamps) };
    // A list's items carry no kind or apiVersion (the typed list's TypeMeta is the list's only); kubectl fills them in.
    const items = list.items.map((o) => { const { kind: _k, apiVersion: _a, ...rest } = goOrdered(info.kind, withManaged(key, o)) as KObject; return rest; });
    return { code: 200, body: shiftTimes({ kind: `${info.kind}List`, apiVersion: apiVersionOf(info), metadata: { resourceVersion: rv }, items }, delta, stamps) };
  };

  /** kube-apiserver sends every object with its managedFields (a Scale, a Status: as they are). */
  const withManaged = <T,>(key: string, body: T): T => {
    const o = body as KObject | undefined;
    if (!o || typeof o !== 'object' || !o.metadata || o.kind === 'Scale' || o.kind === 'Status') return body;
    return cluster.apiserver.withManagedFields(key, o) as T;
  };

  const watches = new Set<OpenWatch>();
  const sent = { events: 0 };
  /** A LIST URL with ?watch=true (or 1): the resource and namespace it names, for watch.ts. */
  const watchTarget = (req: http.IncomingMessage): { info: ResourceInfo; key: string; ns?: string; url: URL } | undefined => {
    if (req.method !== 'GET') return undefined;
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const w = url.searchParams.get('watch');
    if (w !== 'true' && w !== '1') return undefined;
    const m = /^\/(?:api\/v1|apis\/([^/]+)\/([^/]+))(?:\/namespaces\/([^/]+))?\/([^/]+)$/.exec(url.pathname.replace(/\/$/, ''));
    if (!m) return undefined;
    const [, group = '', version = 'v1', ns, resource] = m;
    const info = served.find((r) => r.resource === resource && r.group === group && r.version === version);
    return info ? { info, key: resourceKey(info), ns: info.namespaced ? ns : undefined, url } : undefined;
  };

  const server = http.createServer(async (req, res) => {
    let out: { code: number; body: unknown; warning?: string | string[]; text?: string; type?: string; indent?: boolean };
    let body = '';
    if (req.method !== 'GET') {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const bytes = Buffer.concat(chunks);
      // kubectl's typed clients write protobuf (protobuf.ts); the rest JSON, or YAML for server-side apply.
      body = isProtobuf(bytes) ? JSON.stringify(decodeProtobuf(new Uint8Array(bytes))) : bytes.toString('utf8');
      // The Go types' round trip (omitempty...) loads on first use, as kubectl loads it before a write in the lab.
      await loadGoJSON();
    }
    // The lazily served kinds' field types order their JSON (go-order.ts) as the engine's own `get --raw` does.
    await loadLazyTypes();
    await align();
    const target = watchTarget(req);
    const deniedWatch = target ? guard(cluster, req, impersonation(req), target.url.pathname.replace(/\/$/, ''), target.url) : undefined;
    if (target && !deniedWatch) {
      if (opts.trace) process.stderr.write(`${req.method} ${req.url} ${req.headers.accept ?? ''} -> watch\n`);
      serveWatch(cluster, target, req, res, { delta: delta!, tables: useTables && TABLE_ACCEPT.test(String(req.headers.accept ?? '')), open: watches, sent });
      return;
    }
    try {
      out = deniedWatch ?? handle(req, delta!, body ? unshiftBody(body, delta!) : body);
    } catch (e) {
      out = isStatusError(e)
        ? { code: e.status.code, body: e.status }
        : { code: 500, body: status(500, 'InternalError', String((e as Error)?.message ?? e)) };
    }
    if (opts.trace) process.stderr.write(`${req.method} ${req.url} ${req.headers.accept ?? ''} ${req.headers["content-type"] ?? ''} -> ${out.code}${out.code >= 400 ? " " + JSON.stringify(out.body) : ''}\n`);
    // kube-apiserver's warning headers (RFC 7234 style: code 299, agent "-"), which kubectl prints as "Warning: ...".
    if (out.body === HEALTHY) {
      res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('ok');
      return;
    }
    if (out.text !== undefined) {
      res.writeHead(out.code, { 'Content-Type': out.type ?? 'text/plain', ...(out.code >= 400 ? { 'X-Content-Type-Options': 'nosniff' } : {}) });
      res.end(out.text);
      return;
    }
    if (out.body === EMPTY_OPENAPI_V2) {
      res.writeHead(200, { 'Content-Type': 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf' });
      res.end();
      return;
    }
    const warnings = typeof out.warning === 'string' ? [out.warning] : out.warning ?? [];
    res.writeHead(out.code, { 'Content-Type': 'application/json', ...(warnings.length ? { Warning: warnings.map((w) => `299 - ${JSON.stringify(w)}`) } : {}) });
    // The json serializer's bytes: compact with a newline for kubectl's User-Agent, HTML characters escaped.
    res.end(goJSON(out.body, out.indent ?? isPrettyPrint(new URL(req.url ?? '/', 'http://127.0.0.1').searchParams, String(req.headers['user-agent'] ?? ''))));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
    const port = (server.address() as { port: number }).port;
    resolve({
      port,
      url: `http://127.0.0.1:${port}`,
      beginRun: (virtualNow) => {
        runAt = virtualNow;
        delta = undefined;
        firstRequestAt = undefined;
        aligning = undefined;
        stamps = new Set();
      },
      run: () => ({ delta, firstRequestAt, stamps }),
      openWatches: () => watches.size,
      closeWatches: () => { for (const w of [...watches]) w.end(); },
      watchEvents: () => sent.events,
      allowWrites: (on) => { writes = on; },
      takeWrites: () => { const out = written; written = []; return out; },
      close: () => new Promise((done) => { for (const w of [...watches]) w.end(); server.closeAllConnections?.(); server.close(() => done()); }),
    });
  }));
}

/** A written body's timestamps (kubectl sends back what it read, shifted) in the cluster's virtual time. */
function unshiftBody(body: string, delta: number): string {
  return body.replace(/"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z)"/g, (_s, t: string) => JSON.stringify(shiftStamp(t, -delta)));
}

/** A kubeconfig naming the loopback server (no credentials: the front has none). */
export function kubeconfigFor(url: string): string {
  return `apiVersion: v1
kind: Config
clusters:
- cluster:
    server: ${url}
  name: kubelab
contexts:
- context:
    cluster: kubelab
    user: kubelab
  name: kubelab
current-context: kubelab
users:
- name: kubelab
  user: {}
`;
}
