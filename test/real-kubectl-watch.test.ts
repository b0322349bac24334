/**
 * The oracle front's WATCH (scripts/real-kubectl/watch.ts) against the wire
 * format kube-apiserver v1.35 sends: newline-separated JSON watch events in a
 * chunked response; with the Table media type one-row Tables whose column
 * definitions only the first event carries (watchEmbeddedEncoder sets
 * TableOptions.NoHeaders after the first object, and a nil slice encodes as
 * null); the watch-list request's initial ADDED events ending in a BOOKMARK
 * annotated k8s.io/initial-events-end.
 */
import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { Cluster } from '../engine/cluster.js';
import type { KObject } from '../engine/api/meta.js';
import { serve, type Served } from '../scripts/real-kubectl/server.js';

const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';

/** Opens a watch; `lines` fills as events arrive. */
function open(url: string, accept: string): Promise<{ status: number; type: string; lines: string[]; req: http.ClientRequest }> {
  return new Promise((resolve) => {
    const lines: string[] = [];
    const req = http.get(url, { headers: { Accept: accept } }, (res) => {
      let buf = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => {
        buf += d;
        for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
          lines.push(buf.slice(0, i));
          buf = buf.slice(i + 1);
        }
      });
      resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), lines, req });
    });
  });
}

const settle = () => new Promise((r) => setTimeout(r, 50));

describe('oracle front: watch', () => {
  let served: Served | undefined;
  afterEach(async () => {
    await served?.close();
    served = undefined;
  });

  it('streams Table events from the list resourceVersion, column definitions on the first only, cells at each event instant', async () => {
    const c = new Cluster({ seed: 3 }).boot();
    const client = c.client();
    served = await serve(c);
    served.beginRun(c.clock.now());
    const rv = client.list('pods', 'default').resourceVersion;
    const w = await open(`${served.url}/api/v1/namespaces/default/pods?resourceVersion=${rv}&watch=true`, TABLE);
    expect(w.status).toBe(200);
    expect(w.type).toBe('application/json');
    expect(served.openWatches()).toBe(1);
    client.create('pods', 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } as KObject);
    c.advance(10_000);
    await settle();
    const events = w.lines.map((l) => JSON.parse(l) as { type: string; object: { kind: string; columnDefinitions: unknown; rows: { cells: unknown[]; object: { kind: string } }[] } });
    expect(events.length).toBeGreaterThan(1);
    expect(events[0].type).toBe('ADDED');
    expect(events.every((e) => e.object.kind === 'Table' && e.object.rows.length === 1)).toBe(true);
    expect((events[0].object.columnDefinitions as { name: string }[]).map((d) => d.name).slice(0, 5)).toEqual(['Name', 'Ready', 'Status', 'Restarts', 'Age']);
    expect(events.slice(1).every((e) => e.object.columnDefinitions === null)).toBe(true);
    // includeObject defaults to Metadata.
    expect(events[0].object.rows[0].object.kind).toBe('PartialObjectMetadata');
    expect(events[0].object.rows[0].cells.slice(0, 3)).toEqual(['p', '0/1', 'Pending']);
    expect(events.at(-1)!.object.rows[0].cells.slice(0, 3)).toEqual(['p', '1/1', 'Running']);
    served.closeWatches();
    await settle();
    expect(served.openWatches()).toBe(0);
    expect(c.clock.errors).toEqual([]);
  });

  it('answers a watch-list request with the current objects, then the initial-events-end bookmark, then changes', async () => {
    const c = new Cluster({ seed: 3 }).boot();
    const client = c.client();
    client.create('configmaps', 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' }, data: { k: 'v' } } as KObject);
    served = await serve(c);
    served.beginRun(c.clock.now());
    const w = await open(`${served.url}/api/v1/namespaces/default/configmaps?allowWatchBookmarks=true&fieldSelector=metadata.name%3Da&resourceVersionMatch=NotOlderThan&sendInitialEvents=true&timeoutSeconds=300&watch=true`, 'application/json');
    await settle();
    client.delete('configmaps', 'default', 'a');
    c.advance(1);
    await settle();
    const events = w.lines.map((l) => JSON.parse(l) as { type: string; object: KObject });
    expect(events.map((e) => e.type)).toEqual(['ADDED', 'BOOKMARK', 'DELETED']);
    expect(events[0].object.metadata.name).toBe('a');
    expect(events[1].object.kind).toBe('ConfigMap');
    expect(events[1].object.metadata.annotations).toEqual({ 'k8s.io/initial-events-end': 'true' });
    // timeoutSeconds ends the stream, in the cluster's time.
    c.advance(300_000);
    await settle();
    expect(served.openWatches()).toBe(0);
  });
});
