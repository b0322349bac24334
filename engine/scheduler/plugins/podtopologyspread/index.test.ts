import { describe, expect, it } from 'vitest';
import type { KObject } from '../../../api/meta.js';
import { parseLabelSelector } from '../../../api/selectors.js';
import { Random } from '../../../util/random.js';
import { SchedulerCache } from '../../framework/cache.js';
import { podInfoOf } from '../../framework/pod-info.js';
import { countByNode, ERR_REASON_CONSTRAINTS_NOT_MATCH, ERR_REASON_NODE_LABEL_NOT_MATCH, normalizeSpreadScores, scoreForCount, SYSTEM_DEFAULT_CONSTRAINTS, topologyNormalizingWeight } from './index.js';

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
