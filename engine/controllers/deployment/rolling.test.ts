import { describe, expect, it } from 'vitest';
import type { KObject } from '../../api/meta.js';
import { planCleanupUnhealthyReplicas, planNewReplicaSet, planReconcileOldReplicaSets, planScaleDownOldReplicaSets } from './rolling.js';
import type { DeploymentLike, ReplicaSetLike } from './types.js';
import { maxSurge, maxUnavailable, newRSNewReplicas, proportionalSizes, resolveFenceposts, scaledValue } from './util.js';

function deploy(replicas: number, surge: number | string, unavailable: number | string, extra: Partial<DeploymentLike> = {}): DeploymentLike {
  return {
    metadata: { name: 'web', uid: 'd', generation: 1 },
    spec: { replicas, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: surge, maxUnavailable: unavailable } } },
    ...extra,
  } as DeploymentLike;
}

function rs(name: string, replicas: number, available: number, createdSec: number, annotations: Record<string, string> = {}): ReplicaSetLike {
  return {
    metadata: { name, uid: name, creationTimestamp: new Date(Date.UTC(2026, 0, 1, 0, 0, createdSec)).toISOString().replace('.000Z', 'Z'), annotations },
    spec: { replicas },
    status: { replicas, availableReplicas: available },
  } as KObject as ReplicaSetLike;
}

const steps = (s: { rs: ReplicaSetLike; to: number }[]) => s.map((x) => `${x.rs.metadata.name}→${x.to}`);

describe('maxSurge / maxUnavailable resolution (ResolveFenceposts, as TestResolveFenceposts)', () => {
  it.each([
    // maxSurge, maxUnavailable, desired → surge, unavailable
    ['0%', '0%', 0, 0, 1],
    ['39%', '39%', 10, 4, 3],
    ['oops', '39%', 10, 'error', 0],
    ['55%', 'urg', 10, 'error', 0],
    ['5', '1', 10, 'error', 0],
    [0, 0, 5, 0, 1],
    ['25%', '25%', 10, 3, 2],
    ['25%', '25%', 1, 1, 0],
    ['25%', '25%', 3, 1, 0],
    [1, 0, 4, 1, 0],
    ['10%', '10%', 3, 1, 0],
    ['1%', '1%', 3, 1, 0],
    ['0%', '10%', 3, 0, 1],
  ] as const)('maxSurge %s, maxUnavailable %s of %i → surge %s, unavailable %s', (s, u, desired, surge, unavailable) => {
    if (surge === 'error') {
      expect(() => resolveFenceposts(s, u, desired)).toThrow(/^invalid value for IntOrString: /);
      return;
    }
    expect(resolveFenceposts(s, u, desired)).toEqual({ surge, unavailable });
  });

  it('rounds percentages of maxSurge up and of maxUnavailable down', () => {
    expect(scaledValue('25%', 10, true)).toBe(3);
    expect(scaledValue('25%', 10, false)).toBe(2);
    expect(scaledValue('33%', 100, false)).toBe(33);
  });

  it('uses the real error texts for malformed values', () => {
    expect(() => scaledValue('5', 10, true)).toThrow('invalid value for IntOrString: invalid type: string is not a percentage');
    expect(() => scaledValue('x%', 10, true)).toThrow('invalid value for IntOrString: invalid value "x%": strconv.Atoi: parsing "x": invalid syntax');
  });

  it('caps maxUnavailable at replicas and is 0 for Recreate or 0 replicas', () => {
    expect(maxUnavailable(deploy(2, 0, 5))).toBe(2);
    expect(maxUnavailable(deploy(0, 1, 1))).toBe(0);
    const recreate = { metadata: { name: 'r' }, spec: { replicas: 3, strategy: { type: 'Recreate' } } } as DeploymentLike;
    expect(maxUnavailable(recreate)).toBe(0);
    expect(maxSurge(recreate)).toBe(0);
    // apps/v1 defaults (25%/25%) apply when the strategy is left empty
    expect([maxSurge({ metadata: {}, spec: { replicas: 10 } } as DeploymentLike), maxUnavailable({ metadata: {}, spec: { replicas: 10 } } as DeploymentLike)]).toEqual([3, 2]);
  });
});

describe('NewRSNewReplicas (as TestNewRSNewReplicas)', () => {
  it.each([
    // name, strategy, replicas, maxSurge, old pods, new pods → expected
    ['can not scale up - to newRSReplicas', 'RollingUpdate', 1, 1, 5, 0, 0],
    ['scale up - to depReplicas', 'RollingUpdate', 6, 10, 5, 0, 6],
    ['recreate - to depReplicas', 'Recreate', 3, 1, 5, 0, 3],
    ['surge room is shared with the old set', 'RollingUpdate', 10, 3, 10, 0, 3],
    ['never past replicas', 'RollingUpdate', 4, 4, 1, 3, 4],
  ] as const)('%s', (_name, strategy, replicas, surge, oldPods, newPods, expected) => {
    const d = { metadata: { name: 'web' }, spec: { replicas, strategy: strategy === 'Recreate' ? { type: 'Recreate' } : { type: 'RollingUpdate', rollingUpdate: { maxSurge: surge, maxUnavailable: 1 } } } } as DeploymentLike;
    const newRS = rs('new', newPods, 0, 2);
    const oldRS = rs('old', oldPods, oldPods, 1);
    expect(newRSNewReplicas(d, [newRS, oldRS], newRS)).toBe(expected);
  });
});

describe('reconcileNewReplicaSet (as TestReconcileNewReplicaSet)', () => {
  it.each([
    // replicas, maxSurge, old, new → scale to (undefined = no change)
    [10, 0, 10, 0, undefined],
    [10, 2, 10, 0, 2],
    [10, 3, 10, 2, 3],
    [10, 0, 0, 10, undefined],
    [10, 2, 10, 12, 10],
    [10, 3, 8, 5, undefined],
  ] as const)('replicas %i, maxSurge %i, old %i, new %i → %s', (replicas, surge, oldN, newN, expected) => {
    const d = deploy(replicas, surge, 0);
    const newRS = rs('new', newN, 0, 2);
    const oldRS = rs('old', oldN, oldN, 1);
    expect(planNewReplicaSet(d, [oldRS, newRS], newRS)).toBe(expected);
  });
});

describe('reconcileOldReplicaSets (as TestReconcileOldReplicaSets)', () => {
  it.each([
    // replicas, maxUnavailable, old (replicas, healthy), new (replicas, healthy) → steps
    { replicas: 10, unav: 0, old: [10, 10], new: [0, 0], expected: [] },
    { replicas: 10, unav: 2, old: [10, 10], new: [0, 0], expected: ['old→8'] },
    { replicas: 10, unav: 2, old: [8, 8], new: [2, 0], expected: [] },
    { replicas: 10, unav: 2, old: [10, 0], new: [0, 0], expected: ['old→8'] },
    { replicas: 10, unav: 3, old: [10, 7], new: [0, 0], expected: ['old→7'] },
    { replicas: 10, unav: 2, old: [0, 0], new: [10, 10], expected: [] },
    // the example in rolling.go: 13 pods, minAvailable 8, 5 new unavailable → nothing
    { replicas: 10, unav: 2, old: [8, 8], new: [5, 0], expected: [] },
    // after a rollback to the good set: new 1 unavailable → 4 of the crashing ones may go
    { replicas: 10, unav: 2, old: [5, 0], new: [8, 7], expected: ['old→1'] },
  ])('%o', ({ replicas, unav, old, new: nw, expected }) => {
    const d = deploy(replicas, 3, unav);
    const oldRS = rs('old', old[0], old[1], 1);
    const newRS = rs('new', nw[0], nw[1], 2);
    expect(steps(planReconcileOldReplicaSets([oldRS, newRS], [oldRS], newRS, d))).toEqual(expected);
  });
});

describe('cleanupUnhealthyReplicas (as TestCleanupUnhealthyReplicas)', () => {
  it.each([
    // old replicas, available, max cleanup → scaled down by
    [10, 8, 3, 2],
    [10, 8, 1, 1],
    [10, 10, 3, 0],
    [0, 0, 3, 0],
    [10, 0, 0, 0],
  ])('old %i with %i available, max %i → %i', (replicas, available, max, expected) => {
    const plan = planCleanupUnhealthyReplicas([rs('old', replicas, available, 1)], max);
    expect(plan.scaled).toBe(expected);
    expect(plan.steps.map((s) => s.to)).toEqual(expected ? [replicas - expected] : []);
  });

  it('starts with the oldest set and stops at the limit', () => {
    const plan = planCleanupUnhealthyReplicas([rs('b', 3, 1, 2), rs('a', 2, 0, 1)], 3);
    expect(steps(plan.steps)).toEqual(['a→0', 'b→2']);
  });
});

describe('scaleDownOldReplicaSetsForRollingUpdate (as TestScaleDownOldReplicaSets)', () => {
  it.each([
    // replicas, maxUnavailable, old (replicas, available), new available → steps
    { replicas: 10, unav: 2, old: [10, 10], newAvail: 0, expected: ['old→8'] },
    { replicas: 10, unav: 2, old: [10, 10], newAvail: 3, expected: ['old→5'] },
    { replicas: 10, unav: 2, old: [10, 8], newAvail: 0, expected: [] },
    { replicas: 10, unav: 0, old: [10, 10], newAvail: 10, expected: ['old→0'] },
  ])('%o', ({ replicas, unav, old, newAvail, expected }) => {
    const d = deploy(replicas, 2, unav);
    const oldRS = rs('old', old[0], old[1], 1);
    const newRS = rs('new', newAvail, newAvail, 2);
    expect(steps(planScaleDownOldReplicaSets([oldRS, newRS], [oldRS], d).steps)).toEqual(expected);
  });
});

describe('proportional scaling (scale() with GetProportion)', () => {
  const ann = (desired: number, max: number) => ({ 'deployment.kubernetes.io/desired-replicas': String(desired), 'deployment.kubernetes.io/max-replicas': String(max) });
  const sizes = (d: DeploymentLike, sets: ReplicaSetLike[]) =>
    Object.fromEntries(proportionalSizes(d, sets).map((x) => [x.rs.metadata.name, x.size]));

  it.each([
    // name, new replicas, old replicas → sizes (old annotations say the Deployment was `was` with max `max`)
    // 3·10/5 = 6 and 2·10/5 = 4
    { name: '5 -> 10', was: 5, max: 5, to: 10, surge: 0, sets: { new: 2, old: 3 }, expected: { new: 4, old: 6 } },
    // shrinking: larger (then older) sets first; 3·3/5 = 1.8 → 2, 2·3/5 = 1.2 → 1
    { name: '5 -> 3', was: 5, max: 5, to: 3, surge: 0, sets: { new: 2, old: 3 }, expected: { new: 1, old: 2 } },
    { name: '9 -> 4', was: 9, max: 9, to: 4, surge: 0, sets: { new: 8, old: 1 }, expected: { new: 4, old: 0 } },
    // equal sizes when growing: the newer set first
    { name: '7 -> 10', was: 7, max: 7, to: 10, surge: 0, sets: { new: 2, old: 3, older: 2 }, expected: { new: 3, old: 4, older: 3 } },
    { name: '13 -> 8', was: 13, max: 13, to: 8, surge: 0, sets: { new: 2, old: 8, older: 3 }, expected: { new: 1, old: 5, older: 2 } },
    // 1·4/3 = 1.33 rounds to no change for each; the leftover goes to the first set (the newest of equals)
    { name: '3 -> 4 with a leftover', was: 3, max: 3, to: 4, surge: 0, sets: { new: 1, old: 1, older: 1 }, expected: { new: 2, old: 1, older: 1 } },
    { name: 'the rolling.go example: 10 -> 20 with new 5, old 8', was: 10, max: 13, to: 20, surge: 3, sets: { new: 5, old: 8 }, expected: { new: 9, old: 14 } },
    { name: 'scaling down to 0', was: 10, max: 13, to: 0, surge: 3, sets: { new: 5, old: 8 }, expected: { new: 0, old: 0 } },
  ])('$name', ({ was, max, to, surge, sets, expected }) => {
    const d = deploy(to, surge, 0);
    const created: Record<string, number> = { new: 3, old: 2, older: 1 };
    const rss = Object.entries(sets).map(([n, r]) => rs(n, r, r, created[n], ann(was, max)));
    expect(sizes(d, rss)).toEqual(expected);
  });
});
