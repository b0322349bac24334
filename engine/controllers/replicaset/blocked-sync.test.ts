/**
 * A sync that waits in its client's rate limiter (replica_set.go manageReplicas:
 * slowStartBatch's creates each wait for a token of the controller's client,
 * --kube-api-qps 20, --kube-api-burst 30): one sync creates its whole batch
 * and writes the status once, at the end.
 */
import { describe, expect, it } from 'vitest';
import { Cluster } from '../../cluster.js';
import type { KObject } from '../../api/meta.js';

function frontend(replicas: number): KObject {
  return {
    apiVersion: 'apps/v1', kind: 'ReplicaSet',
    metadata: { name: 'frontend', namespace: 'default' },
    spec: {
      replicas,
      selector: { matchLabels: { tier: 'frontend' } },
      template: { metadata: { labels: { tier: 'frontend' } }, spec: { containers: [{ name: 'redis', image: 'redis:7' }] } },
    },
  };
}

interface Trace { podsAdded: number[]; statusWrites: { at: number; replicas: number }[] }

function traced(c: Cluster): Trace {
  const t: Trace = { podsAdded: [], statusWrites: [] };
  c.store.onChange((e) => {
    if (e.resource === 'pods' && e.type === 'ADDED' && e.object.metadata.name?.startsWith('frontend-')) t.podsAdded.push(c.clock.now());
    if (e.resource === 'replicasets.apps' && e.type === 'MODIFIED' && e.object.metadata.name === 'frontend') {
      t.statusWrites.push({ at: c.clock.now(), replicas: (e.object.status as { replicas?: number } | undefined)?.replicas ?? 0 });
    }
  });
  return t;
}

const livePods = (c: Cluster) => c.client().list('pods', 'default').items.filter((p) => p.metadata.name?.startsWith('frontend-') && !p.metadata.deletionTimestamp).length;

describe('ReplicaSet controller: a sync blocked in the client rate limiter', () => {
  it('creates 30 pods at once and one every 50 ms after, then writes the status once', () => {
    const c = new Cluster({ seed: 5, addons: false }).boot();
    c.advance(5_000);
    const t = traced(c);
    c.client().create('replicasets.apps', 'default', frontend(100));
    expect(c.clock.runUntil(() => t.podsAdded.length === 100, 60_000)).toBe(true);
    const t0 = t.podsAdded[0];
    const offsets = t.podsAdded.map((at) => at - t0);
    expect(offsets.slice(0, 30)).toEqual(Array(30).fill(0));
    expect(offsets.slice(30)).toEqual(Array.from({ length: 70 }, (_, i) => (i + 1) * 50));
    c.advance(0);
    // Nothing between the first create and the last: the worker was inside slowStartBatch.
    const done = t0 + 70 * 50;
    expect(t.statusWrites.filter((w) => w.at < done)).toEqual([]);
    expect(t.statusWrites[0]).toEqual({ at: done, replicas: 100 });
    expect(c.clock.errors).toEqual([]);
  });

  it('finishes its batch before it sees a scale-down, then deletes the surplus', () => {
    const c = new Cluster({ seed: 6, addons: false }).boot();
    c.advance(5_000);
    const t = traced(c);
    c.client().create('replicasets.apps', 'default', frontend(100));
    c.advance(1_000);
    const midway = t.podsAdded.length;
    expect(midway).toBeGreaterThan(30);
    expect(midway).toBeLessThan(100);
    const rs = c.client().get('replicasets.apps', 'default', 'frontend');
    c.client().update('replicasets.apps', { ...rs, spec: { ...(rs.spec as object), replicas: 10 } });
    let peak = 0;
    expect(c.clock.runUntil(() => {
      peak = Math.max(peak, livePods(c));
      return livePods(c) === 10 && t.podsAdded.length === 100;
    }, 120_000)).toBe(true);
    expect(peak).toBe(100);
    expect(c.clock.errors).toEqual([]);
  });
});
