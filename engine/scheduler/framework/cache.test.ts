import { describe, expect, it } from 'vitest';
import type { KObject } from '../../api/meta.js';
import { Random } from '../../util/random.js';
import * as nodeunschedulable from '../plugins/nodeunschedulable/index.js';
import { SchedulerCache } from './cache.js';
import type { Handle } from './handle.js';
import { podInfoOf, type PodInfo } from './pod-info.js';
import { CycleState } from './types.js';

const node = (name: string, labels: Record<string, string>, spec: Record<string, unknown> = {}, cpu = '4'): KObject => ({
  apiVersion: 'v1', kind: 'Node', metadata: { name, labels }, spec,
  status: { allocatable: { cpu, memory: '8Gi', 'ephemeral-storage': '10Gi', pods: '110' } },
});

const pod = (name: string, nodeName: string, labels: Record<string, string>, cpu?: string): PodInfo => podInfoOf({
  apiVersion: 'v1', kind: 'Pod',
  metadata: { name, namespace: 'default', uid: `uid-${name}`, labels },
  spec: { nodeName, containers: [{ name: 'c', image: 'nginx', ...(cpu ? { resources: { requests: { cpu, memory: '100Mi' } } } : {}) }] },
} as KObject);

describe('SchedulerCache numbers kept for the per-node loops', () => {
  it('NodeInfo plain numbers, counts by id and topology domains follow pods and nodes coming, going and changing', () => {
    const cache = new SchedulerCache();
    const random = new Random(11);
    const appOf = (p: string) => `a${p.length % 2}`;
    const counter = () => cache.podCounter('default', 'app=a0', (l) => l.app === 'a0', () => {
      const m = new Map<string, number>();
      for (const { node: n, info } of cache.assignedPods()) if (info.labels.app === 'a0') m.set(n, (m.get(n) ?? 0) + 1);
      return m;
    });
    for (let step = 0; step < 600; step++) {
      const r = random.int(10);
      if (r < 2) {
        // Nodes appear, change zone (or lose it) and are cordoned; ghosts come back.
        const n = `n${random.int(12)}`;
        const zone = random.int(4);
        cache.addOrUpdateNode(node(n, zone ? { zone: `z${zone}` } : {}, random.int(4) === 0 ? { unschedulable: true } : {}, `${1 + random.int(4)}`));
      } else if (r < 3) cache.removeNode(`n${random.int(12)}`);
      else if (r < 5) cache.removePod(`uid-p${random.int(60)}`);
      else {
        const name = `p${random.int(60)}`;
        cache.addOrUpdatePod(pod(name, `n${random.int(14)}`, { app: appOf(name + random.int(2)) }, random.int(2) ? '250m' : undefined));
      }
      if (step < 30) continue;
      const c = counter();
      const zones = cache.topologyDomains('zone');
      let cordoned = 0;
      for (const info of cache.nodeList) {
        if (info.unschedulable) cordoned++;
        // The plain numbers are the objects' numbers.
        expect([info.podCount, info.allowedPodNumber, info.allocatableMilliCPU, info.allocatableMemory, info.allocatableEphemeralStorage])
          .toEqual([info.pods.size, info.allocatable.allowedPodNumber, info.allocatable.milliCPU, info.allocatable.memory, info.allocatable.ephemeralStorage]);
        expect([info.requestedMilliCPU, info.requestedMemory, info.requestedEphemeralStorage, info.nonZeroMilliCPU, info.nonZeroMemory])
          .toEqual([info.requested.milliCPU, info.requested.memory, info.requested.ephemeralStorage, info.nonZeroRequested.milliCPU, info.nonZeroRequested.memory]);
        expect(info.hasTaints).toBe(info.taints.length > 0);
        // Counts by id are the counts by name; domains are the zone labels ("" for none).
        expect(c.byId[info.id]).toBe(c.counts.get(info.name) ?? 0);
        expect(zones.values[zones.byId[info.id]]).toBe(info.labels.zone ?? '');
        expect(zones.absent[info.id]).toBe(info.labels.zone === undefined ? 1 : 0);
      }
      expect(cache.unschedulableNodes).toBe(cordoned);
      // Every listed node has its own id.
      expect(new Set(cache.nodeList.map((n) => n.id)).size).toBe(cache.nodeList.length);
    }
  });

  it('NodeUnschedulable leaves the walk only when no listed node is cordoned or the pod tolerates it', () => {
    const cache = new SchedulerCache();
    const pl = nodeunschedulable.newPlugin({ cache } as unknown as Handle);
    const p = pod('x', '', {});
    const tolerating = podInfoOf({
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 't', namespace: 'default', uid: 't' },
      spec: { containers: [{ name: 'c' }], tolerations: [{ key: nodeunschedulable.TAINT_NODE_UNSCHEDULABLE, operator: 'Exists', effect: 'NoSchedule' }] },
    } as KObject);
    cache.addOrUpdateNode(node('a', {}));
    cache.addOrUpdateNode(node('b', {}));
    expect(pl.passesAll!(new CycleState(), p, cache.nodeList)).toBe(true);
    cache.addOrUpdateNode(node('b', {}, { unschedulable: true }));
    expect(pl.passesAll!(new CycleState(), p, cache.nodeList)).toBe(false);
    expect(pl.filter(new CycleState(), p, cache.nodeInfo('b')!)?.reasons).toEqual([nodeunschedulable.ERR_REASON_UNSCHEDULABLE]);
    expect(pl.passesAll!(new CycleState(), tolerating, cache.nodeList)).toBe(true);
    // Another list than the cache's (a narrowed one) is not vouched for.
    cache.addOrUpdateNode(node('b', {}));
    expect(pl.passesAll!(new CycleState(), p, [cache.nodeInfo('a')!])).toBe(false);
    cache.addOrUpdateNode(node('b', {}, { unschedulable: true }));
    cache.removeNode('b');
    expect(pl.passesAll!(new CycleState(), p, cache.nodeList)).toBe(true);
  });
});
