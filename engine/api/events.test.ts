import { describe, expect, it } from 'vitest';
import { Cluster } from '../cluster.js';
import { EventRecorder } from './events.js';
import { MAX_LRU_CACHE_ENTRIES } from './event-correlator.js';

describe('EventRecorder', () => {
  it('folds repeats while it remembers them, and forgets the least recently used beyond 4096 (maxLruCacheEntries)', () => {
    expect(MAX_LRU_CACHE_ENTRIES).toBe(4096);
    const cluster = new Cluster({ seed: 2, nodes: [], freeze: false, recordHistory: false });
    cluster.startComponent('etcd');
    cluster.startComponent('kube-apiserver');
    const client = cluster.client('test');
    client.create('namespaces', undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } });
    const recorder = new EventRecorder(client, cluster.clock, { component: 'test-controller' });
    const obj = (i: number) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: `p${i}`, namespace: 'default', uid: `u${i}` } });
    const countOf = (i: number) => client.list('events', 'default').items.filter((e) => (e.involvedObject as { name: string }).name === `p${i}`).map((e) => e.count);

    recorder.event(obj(0), 'Normal', 'Tested', 'first');
    recorder.event(obj(0), 'Normal', 'Tested', 'first');
    expect(countOf(0)).toEqual([2]);
    // 4096 more distinct events push p0 out of the cache (a repeat starts a new Event); the newest one is still folded.
    for (let i = 1; i <= MAX_LRU_CACHE_ENTRIES; i++) recorder.event(obj(i), 'Normal', 'Tested', 'first');
    recorder.event(obj(0), 'Normal', 'Tested', 'first');
    expect(countOf(0)).toEqual([2, 1]);
    recorder.event(obj(MAX_LRU_CACHE_ENTRIES), 'Normal', 'Tested', 'first');
    expect(countOf(MAX_LRU_CACHE_ENTRIES)).toEqual([2]);
  });
});
