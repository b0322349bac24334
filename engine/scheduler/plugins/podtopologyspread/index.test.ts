import { describe, expect, it } from 'vitest';
import type { KObject } from '../../../api/meta.js';
import { parseLabelSelector } from '../../../api/selectors.js';
import { Random } from '../../../util/random.js';
import { SchedulerCache } from '../../framework/cache.js';
import { podInfoOf } from '../../framework/pod-info.js';
import type { Handle } from '../../framework/handle.js';
import { CycleState } from '../../framework/types.js';
import { countByNode, newPlugin, ERR_REASON_CONSTRAINTS_NOT_MATCH, ERR_REASON_NODE_LABEL_NOT_MATCH, normalizeSpreadScores, scoreForCount, SYSTEM_DEFAULT_CONSTRAINTS, topologyNormalizingWeight } from './index.js';

describe('PodTopologySpread', () => {
  it('reason texts and system defaults', () => {
    expect(ERR_REASON_CONSTRAINTS_NOT_MATCH).toBe("node(s) didn't match pod topology spread constraints");
    expect(ERR_REASON_NODE_LABEL_NOT_MATCH).toBe("node(s) didn't match pod topology spread constraints (missing required label)");
    expect(SYSTEM_DEFAULT_CONSTRAINTS.map((c) => [c.topologyKey, c.maxSkew])).toEqual([['kubernetes.io/hostname', 3], ['topology.kubernetes.io/zone', 5]]);
  });
  it('a node with fewer matching pods scores higher after normalising', () => {
    const w = topologyNormalizingWeight(2);
    const raw = [Math.round(scoreForCount(1, 3, w)), Math.round(scoreForCount(0, 3, w))];
    expect(raw).toEqual([3, 2]); // ln(4)+2 = 3.39 → 3
    normalizeSpreadScores(raw, [false, false]);
    expect(raw).toEqual([66, 100]); // 100·(3+2−3)/3, 100·(3+2−2)/3
  });
});

describe('PodTopologySpread counts kept by the cache', () => {
  const pod = (name: string, node: string, labels: Record<string, string>, terminating = false) => podInfoOf({
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name, namespace: 'default', uid: `uid-${name}`, labels, ...(terminating ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {}) },
    spec: { nodeName: node, containers: [{ name: 'c', image: 'nginx' }] },
  } as KObject);
  const selector = (s: string) => {
    const sel = parseLabelSelector(s);
    return { matches: (l: Record<string, string> | undefined) => sel.matches(l), hint: undefined };
  };

  it('match a fresh count after pods are added, moved, relabelled, terminated and removed', () => {
    const cache = new SchedulerCache();
    const random = new Random(5);
    const kept = { ...selector('app=web,tier!=db'), key: 'app=web,tier!=db' };
    const labelsOf: Record<string, string>[] = [{ app: 'web' }, { app: 'web', tier: 'db' }, { app: 'api' }, { app: 'web', tier: 'fe' }];
    for (let step = 0; step < 400; step++) {
      const name = `p${random.int(40)}`;
      if (random.int(5) === 0) cache.removePod(`uid-${name}`);
      else cache.addOrUpdatePod(pod(name, `n${random.int(6)}`, labelsOf[random.int(labelsOf.length)], random.int(6) === 0));
      // The kept count is created at some step and must then follow every change.
      if (step < 50) continue;
      const live = countByNode(cache, 'default', kept);
      const fresh = countByNode(cache, 'default', selector('app=web,tier!=db'));
      expect(new Map([...live].sort())).toEqual(new Map([...fresh].sort()));
      // Nodes appear and change zones now and then; the per-zone sums must follow both.
      if (step % 7 === 0) {
        const n = `n${random.int(7)}`;
        cache.addOrUpdateNode({ apiVersion: 'v1', kind: 'Node', metadata: { name: n, labels: random.int(3) ? { zone: `z${random.int(2)}` } : {} } } as KObject);
      }
      const sums = cache.matchingPodsPerDomain('default', 'app=web,tier!=db', 'zone')!;
      const expected = new Map<string, number>();
      for (const [node, count] of fresh) {
        const info = cache.nodeInfo(node);
        if (!info) continue;
        const zone = info.labels.zone ?? '';
        expected.set(zone, (expected.get(zone) ?? 0) + count);
      }
      expect(new Map([...sums].sort())).toEqual(new Map([...expected].sort()));
    }
  });
});

describe('PodTopologySpread scoring with the system defaults', () => {
  // hostname maxSkew 3 and zone maxSkew 5 over the ReplicaSet's pods; n3 has no zone label.
  const rs = { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web-1', namespace: 'default', uid: 'rs' }, spec: { selector: { matchLabels: { app: 'web' } } } } as KObject;
  const node = (name: string, zone?: string): KObject => ({
    apiVersion: 'v1', kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, ...(zone ? { 'topology.kubernetes.io/zone': zone } : {}) } },
    status: { allocatable: { cpu: '4', memory: '8Gi', pods: '110' } },
  });
  const replica = (name: string, nodeName?: string) => podInfoOf({
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name, namespace: 'default', uid: `uid-${name}`, labels: { app: 'web' }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-1', uid: 'rs', controller: true }] },
    spec: { ...(nodeName ? { nodeName } : {}), containers: [{ name: 'c', image: 'nginx' }] },
  } as KObject);

  it('scores as Kubernetes does: count × ln(domains + 2) + maxSkew − 1 per constraint, then inverted into 0–100', () => {
    const cache = new SchedulerCache();
    for (const [n, z] of [['n0', 'a'], ['n1', 'a'], ['n2', 'b'], ['n3', undefined]] as const) cache.addOrUpdateNode(node(n, z));
    for (const [p, n] of [['r0', 'n0'], ['r1', 'n0'], ['r2', 'n2']]) cache.addOrUpdatePod(replica(p, n));
    const h = { cache, services: () => [], replicaSet: () => rs } as unknown as Handle;
    const pl = newPlugin(h);
    const incoming = replica('new');
    // Twice: the second pod of the ReplicaSet reuses the first one's constraints and counts.
    for (let round = 0; round < 2; round++) {
      const state = new CycleState();
      expect(pl.preScore(state, incoming, cache.nodeList, cache.nodeList)).toBeNull();
      const one = cache.nodeList.map((n) => pl.score(state, incoming, n));
      const all = new Array<number>(4).fill(-1);
      pl.scoreNodes!(state, incoming, cache.nodeList, all);
      // hostname weight ln(4 + 2); zone domains a, b and "" (n3): weight ln(3 + 2).
      const host = Math.log(6);
      const zone = Math.log(5);
      expect(all).toEqual([
        Math.round(2 * host + 2 + 2 * zone + 4), // n0: 2 here, 2 in zone a
        Math.round(0 * host + 2 + 2 * zone + 4), // n1
        Math.round(1 * host + 2 + 1 * zone + 4), // n2
        Math.round(0 * host + 2), // n3: no zone label, no zone term
      ]);
      expect(one).toEqual(all);
      pl.normalizeScore!(state, incoming, cache.nodeList, all);
      // min 2, max 13: 100·(13 + 2 − s)/13
      expect(all).toEqual([15, 46, 46, 100]);
      cache.addOrUpdatePod(replica(`x${round}`, 'n1'));
      cache.removePod(`uid-x${round}`);
    }
  });
});
