import { describe, expect, it } from 'vitest';
import { ERR_REASON_CONSTRAINTS_NOT_MATCH, ERR_REASON_NODE_LABEL_NOT_MATCH, normalizeSpreadScores, scoreForCount, SYSTEM_DEFAULT_CONSTRAINTS, topologyNormalizingWeight } from './index.js';

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
