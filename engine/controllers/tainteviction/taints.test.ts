import { describe, expect, it } from 'vitest';
import type { Taint, Toleration } from 'kubernetes-types/core/v1';
import { matchingTolerations, minTolerationMs, swapTaints, toleratesTaint } from './taints.js';
import { planEviction } from './tainteviction.js';

const unreachable: Taint = { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' };

describe('toleratesTaint (k8s.io/api Toleration.ToleratesTaint)', () => {
  const cases: [string, Toleration, Taint, boolean][] = [
    ['empty key + Exists tolerates every taint', { operator: 'Exists' }, { key: 'a', value: 'b', effect: 'NoSchedule' }, true],
    ['empty key + Exists with an effect only that effect', { operator: 'Exists', effect: 'NoExecute' }, { key: 'a', effect: 'NoSchedule' }, false],
    ['Exists on the key ignores the value', { key: 'a', operator: 'Exists' }, { key: 'a', value: 'x', effect: 'NoSchedule' }, true],
    ['Equal is the default operator', { key: 'a', value: 'x' }, { key: 'a', value: 'x', effect: 'NoSchedule' }, true],
    ['Equal needs the same value', { key: 'a', operator: 'Equal', value: 'y' }, { key: 'a', value: 'x', effect: 'NoSchedule' }, false],
    ['empty value equals a missing value', { key: 'a', operator: 'Equal', value: '' }, { key: 'a', effect: 'NoSchedule' }, true],
    ['another key does not match', { key: 'b', operator: 'Exists' }, { key: 'a', effect: 'NoSchedule' }, false],
    ['an empty effect matches all effects', { key: 'a', operator: 'Exists' }, { key: 'a', effect: 'NoExecute' }, true],
  ];
  for (const [name, t, taint, want] of cases) it(name, () => expect(toleratesTaint(t, taint)).toBe(want));
});

describe('getMinTolerationTime', () => {
  it('is 0 without tolerations, -1 (forever) without seconds, else the smallest', () => {
    expect(minTolerationMs([])).toBe(0);
    expect(minTolerationMs([{ operator: 'Exists' }])).toBe(-1);
    expect(minTolerationMs([{ operator: 'Exists', tolerationSeconds: 300 }, { operator: 'Exists', tolerationSeconds: 60 }])).toBe(60_000);
    expect(minTolerationMs([{ operator: 'Exists', tolerationSeconds: 300 }, { operator: 'Exists', tolerationSeconds: -5 }])).toBe(0);
  });
  it('uses the first toleration that matches each taint', () => {
    const r = matchingTolerations([unreachable], [{ key: 'other', operator: 'Exists' }, { key: unreachable.key, operator: 'Exists', tolerationSeconds: 30 }, { operator: 'Exists' }]);
    expect(r).toEqual({ allTolerated: true, used: [{ key: unreachable.key, operator: 'Exists', tolerationSeconds: 30 }] });
  });
});

describe('planEviction (processPodOnNode)', () => {
  it('evicts at once when a NoExecute taint is not tolerated', () => {
    expect(planEviction([unreachable], undefined, 1000)).toEqual({ kind: 'now' });
  });
  it('waits tolerationSeconds from now, or from when the eviction was first scheduled', () => {
    const tol = [{ key: unreachable.key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }];
    expect(planEviction([unreachable], tol, 1000)).toEqual({ kind: 'at', ms: 301_000 });
    expect(planEviction([unreachable], tol, 50_000, 1000)).toEqual({ kind: 'at', ms: 301_000 });
  });
  it('cancels when tolerated forever or when the taints are gone', () => {
    expect(planEviction([unreachable], [{ operator: 'Exists' }], 0)).toEqual({ kind: 'cancel' });
    expect(planEviction([], undefined, 0)).toEqual({ kind: 'cancel' });
  });
});

describe('swapTaints (SwapNodeControllerTaint)', () => {
  const cp: Taint = { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' };
  it('appends new taints and removes old ones, keeping the others in place', () => {
    const noSched = { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute', timeAdded: 'T1' };
    expect(swapTaints([cp, noSched], [{ ...unreachable, timeAdded: 'T2' }], [{ key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' }]))
      .toEqual([cp, { ...unreachable, timeAdded: 'T2' }]);
  });
  it('reports no change when the taint is already there (its timeAdded is kept)', () => {
    expect(swapTaints([{ ...unreachable, timeAdded: 'T1' }], [{ ...unreachable, timeAdded: 'T2' }], [])).toBeUndefined();
  });
});
