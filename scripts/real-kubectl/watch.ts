/**
 * WATCH for the oracle's front (server.ts): a LIST URL with `?watch=true`
 * streams the simulated cluster's own watch events, one JSON
 * `{"type":...,"object":...}` per line in a chunked response, as
 * kube-apiserver's WatchServer does (staging/src/k8s.io/apiserver/pkg/endpoints/handlers/watch.go).
 *
 * What kubectl v1.35.2 sends (seen with -v=8 against this front):
 *   get -w          ?resourceVersion=<the list's>&watch=true, Accept: as=Table (JSON without a table printer)
 *   get NAME -w     ?fieldSelector=metadata.name=NAME&resourceVersion=0&watch=true
 *   rollout status, wait (an informer through UntilWithSync):
 *                   ?allowWatchBookmarks=true&fieldSelector=...&resourceVersionMatch=NotOlderThan&sendInitialEvents=true&timeoutSeconds=N&watch=true
 *                   (the watch-list request: the initial state as ADDED events, then a BOOKMARK annotated
 *                   k8s.io/initial-events-end; client-go falls back to LIST + WATCH when it fails)
 *
 * Table form: each event's object is a one-row Table whose cells are printed at
 * the event's virtual instant (AGE then); only the stream's first Table carries
 * columnDefinitions, because the watch encoder sets TableOptions.NoHeaders after
 * encoding the first object (watchEmbeddedEncoder.doEncode).
 */
import type http from 'node:http';
import type { Cluster } from '../../engine/cluster.js';
import type { KObject } from '../../engine/api/meta.js';
import type { WatchEvent } from '../../engine/api/apiserver.js';
import { apiVersionOf, resourceKey, type ResourceInfo } from '../../engine/api/resources.js';
import { isStatusError } from '../../engine/api/errors.js';
import { shiftTimes, tableOf } from './server.js';

/** The annotation of the bookmark that ends a watch-list request's initial events (metav1.InitialEventsAnnotationKey). */
export const INITIAL_EVENTS_END = 'k8s.io/initial-events-end';

export interface OpenWatch {
  end(): void;
}

export interface WatchTarget {
  info: ResourceInfo;
  key: string;
  ns?: string;
  url: URL;
}

/** The JSON line of one event as the front sends it: a one-row Table (with column definitions only when `headers`), or the object. */
export function eventLine(info: ResourceInfo, e: { type: string; object: KObject }, now: number, opts: { table: boolean; headers: boolean; includeObject: string; delta: number }): string {
  let object: unknown = e.object;
  if (opts.table && e.type !== 'ERROR' && e.type !== 'BOOKMARK') {
    const t = tableOf(info, [e.object], now, opts.includeObject, e.object.metadata?.resourceVersion) as Record<string, unknown>;
    object = opts.headers ? t : { ...t, columnDefinitions: null };
  }
  return JSON.stringify({ type: e.type, object: shiftTimes(object, opts.delta) }) + '\n';
}

/** The bookmark object kube-apiserver sends: the kind's own type, holding only a resourceVersion (and the annotation). */
function bookmark(info: ResourceInfo, resourceVersion: string, initialEventsEnd: boolean): KObject {
  return {
    kind: info.kind,
    apiVersion: apiVersionOf(info),
    metadata: { resourceVersion, ...(initialEventsEnd ? { annotations: { [INITIAL_EVENTS_END]: 'true' } } : {}) },
  } as KObject;
}

export function serveWatch(cluster: Cluster, target: WatchTarget, req: http.IncomingMessage, res: http.ServerResponse, opts: { delta: number; tables: boolean; open: Set<OpenWatch>; sent?: { events: number } }): void {
  const q = target.url.searchParams;
  const includeObject = q.get('includeObject') ?? 'Metadata';
  const labelSelector = q.get('labelSelector') ?? undefined;
  const fieldSelector = q.get('fieldSelector') ?? undefined;
  const sendInitialEvents = q.get('sendInitialEvents') === 'true';
  const bookmarks = q.get('allowWatchBookmarks') === 'true';
  const timeoutSeconds = Number(q.get('timeoutSeconds') ?? 0);
  let headers = true;
  let ended = false;
  let stop = () => {};
  const write = (e: { type: string; object: KObject }) => {
    if (ended) return;
    if (opts.sent) opts.sent.events++;
    // Every object is sent with its managedFields (a bookmark has none).
    const object = e.type === 'BOOKMARK' || e.type === 'ERROR' ? e.object : cluster.apiserver.withManagedFields(resourceKey(target.info), e.object);
    res.write(eventLine(target.info, { type: e.type, object }, cluster.clock.now(), { table: opts.tables, headers, includeObject, delta: opts.delta }));
    if (opts.tables && e.type !== 'BOOKMARK' && e.type !== 'ERROR') headers = false;
  };
  const w: OpenWatch = {
    end: () => {
      if (ended) return;
      ended = true;
      stop();
      opts.open.delete(w);
      res.end();
    },
  };
  let initial: { items: KObject[]; resourceVersion: string } | undefined;
  let handle;
  try {
    // A watch-list request: the state now, then the bookmark that ends it, then the changes after that list.
    if (sendInitialEvents) initial = cluster.apiserver.list(target.key, target.ns, { labelSelector, fieldSelector });
    const rv = initial ? initial.resourceVersion : (q.get('resourceVersion') ?? '');
    handle = cluster.apiserver.watch(target.key, target.ns, { resourceVersion: rv, labelSelector, fieldSelector },
      (e: WatchEvent) => {
        write(e);
        // The engine ends a watch it cannot resume (410 Gone) after its ERROR event, as the watch cache does.
        if (e.type === 'ERROR') w.end();
      },
      () => w.end());
  } catch (e) {
    const status = isStatusError(e) ? e.status : { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: String(e), reason: 'InternalError', code: 500 };
    res.writeHead(status.code ?? 500, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(status) + '\n');
    return;
  }
  stop = () => handle.stop();
  opts.open.add(w);
  res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
  res.flushHeaders();
  if (initial) {
    for (const object of initial.items) write({ type: 'ADDED', object });
    if (bookmarks) write({ type: 'BOOKMARK', object: bookmark(target.info, initial.resourceVersion, true) });
  }
  // timeoutSeconds: the server ends the stream then (in virtual time: the front's clock is the cluster's).
  // Cancelled when the stream ends first, so that a watch that ended leaves nothing on the cluster's clock.
  if (timeoutSeconds > 0) {
    const timer = cluster.clock.schedule(timeoutSeconds * 1000, () => w.end(), { daemon: true });
    const stopWatch = stop;
    stop = () => { cluster.clock.cancel(timer); stopWatch(); };
  }
  req.on('close', () => w.end());
}
