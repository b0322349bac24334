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

  it('gives the Events about one version of an object and field one shared, frozen involvedObject', () => {
    const cluster = new Cluster({ seed: 2, nodes: [], freeze: false, recordHistory: false });
    cluster.startComponent('etcd');
    cluster.startComponent('kube-apiserver');
    // A typed client, as the components' are: the server keeps what the recorder hands over.
    const client = cluster.client('test', { typed: true });
    client.create('namespaces', undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } });
    const recorder = new EventRecorder(client, cluster.clock, { component: 'kubelet', host: 'node-1' });
    const pod = (rv: string) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default', uid: 'u1', resourceVersion: rv } });
    const v1 = pod('10');
    recorder.event(v1, 'Normal', 'Pulled', 'Container image "nginx" already present on machine', 'spec.containers{web}');
    recorder.event(v1, 'Normal', 'Created', 'Container created', 'spec.containers{web}');
    recorder.event(pod('10'), 'Normal', 'Started', 'Container started', 'spec.containers{web}');
    recorder.event(pod('10'), 'Normal', 'Killing', 'Stopping container web', 'spec.containers{sidecar}');
    recorder.event(pod('11'), 'Warning', 'BackOff', 'Back-off restarting failed container web in pod web_default(u1)', 'spec.containers{web}');
    const refs = [...cluster.store.bucket('events').values()].map((e) => e.involvedObject as Record<string, unknown>);
    expect(refs.map((r) => JSON.stringify(r))).toEqual([
      ...Array.from({ length: 3 }, () => '{"kind":"Pod","namespace":"default","name":"web","uid":"u1","apiVersion":"v1","resourceVersion":"10","fieldPath":"spec.containers{web}"}'),
      '{"kind":"Pod","namespace":"default","name":"web","uid":"u1","apiVersion":"v1","resourceVersion":"10","fieldPath":"spec.containers{sidecar}"}',
      '{"kind":"Pod","namespace":"default","name":"web","uid":"u1","apiVersion":"v1","resourceVersion":"11","fieldPath":"spec.containers{web}"}',
    ]);
    expect(new Set(refs).size).toBe(3);
    expect(refs[1]).toBe(refs[0]);
    expect(refs[2]).toBe(refs[0]);
    expect(Object.isFrozen(refs[0])).toBe(true);
  });
});
