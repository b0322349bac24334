import { describe, expect, it } from 'vitest';
import { labelSelectorAsSelector } from '../../api/selectors.js';
import { claimDecision } from './claim.js';
import { ControllerExpectations, EXPECTATIONS_TIMEOUT_MS } from './expectations.js';
import { planReplicas, podFromTemplate, slowStartBatch } from './manage.js';
import type { PodLike } from './podutil.js';
import { podDeletionCost, podsToDelete } from './ranking.js';
import { calculateStatus, statusUpToDate, wireStatus } from './status.js';
import type { ReplicaSetLike } from './types.js';

const T0 = Date.UTC(2026, 0, 1, 0, 0, 0);
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

interface PodOpts { node?: string; phase?: string; ready?: boolean; readySince?: number; created?: number; restarts?: number; cost?: string; uid?: string; owner?: string; labels?: Record<string, string>; deleting?: boolean }

function pod(name: string, o: PodOpts = {}): PodLike {
  return {
    metadata: {
      name, namespace: 'default', uid: o.uid ?? name, creationTimestamp: iso(T0 + (o.created ?? 0) * 1000),
      labels: o.labels ?? { app: 'web' },
      ...(o.cost !== undefined ? { annotations: { 'controller.kubernetes.io/pod-deletion-cost': o.cost } } : {}),
      ...(o.owner ? { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: o.owner, controller: true }] } : {}),
      ...(o.deleting ? { deletionTimestamp: iso(T0) } : {}),
    },
    spec: { nodeName: o.node ?? 'n1' },
    status: {
      phase: o.phase ?? 'Running',
      conditions: [{ type: 'Ready', status: o.ready === false ? 'False' : 'True', lastTransitionTime: iso(T0 + (o.readySince ?? 0) * 1000) }],
      containerStatuses: [{ restartCount: o.restarts ?? 0 }],
    },
  };
}

const names = (ps: PodLike[]) => ps.map((p) => p.metadata.name);
const NOW = T0 + 3600_000;

describe('which pods go first (ActivePodsWithRanks)', () => {
  it.each([
    ['unassigned before assigned', [pod('a'), pod('b', { node: '' })], 'b'],
    ['Pending before Unknown before Running', [pod('run'), pod('unk', { phase: 'Unknown' }), pod('pend', { phase: 'Pending' })], 'pend'],
    ['not ready before ready', [pod('r'), pod('nr', { ready: false })], 'nr'],
    ['lower pod-deletion-cost first', [pod('hi', { cost: '10' }), pod('lo', { cost: '-5' })], 'lo'],
    ['an invalid deletion cost counts as 0', [pod('bad', { cost: '+7' }), pod('neg', { cost: '-1' })], 'neg'],
    ['doubled up on a node before alone', [pod('alone', { node: 'n2' }), pod('dbl', { node: 'n1' }), pod('x', { node: 'n1', phase: 'Running', cost: '100' })], 'dbl'],
    ['ready for a shorter time first (log buckets)', [pod('old', { readySince: 0 }), pod('young', { readySince: 3000 })], 'young'],
    ['more restarts first', [pod('calm', { readySince: 10, uid: 'b' }), pod('crashy', { readySince: 10, restarts: 4, uid: 'a' })], 'crashy'],
    ['newer first', [pod('older', { readySince: 10, created: 0 }), pod('newer', { readySince: 10, created: 3000 })], 'newer'],
  ] as const)('%s', (_name, pods, first) => {
    expect(names(podsToDelete([...pods], [...pods], 1, NOW))).toEqual([first]);
  });

  it('ready times in the same power-of-two bucket tie, and the UID decides', () => {
    // 3600 s and 3599 s ago are both in bucket floor(log2(3.6e12 ns)) = 41
    const ps = [pod('a', { readySince: 0, uid: 'zz' }), pod('b', { readySince: 1, uid: 'aa' })];
    expect(names(podsToDelete(ps, ps, 1, NOW))).toEqual(['b']);
    const flipped = [pod('a', { readySince: 0, uid: 'aa' }), pod('b', { readySince: 1, uid: 'zz' })];
    expect(names(podsToDelete(flipped, flipped, 1, NOW))).toEqual(['a']);
  });

  it('parses pod-deletion-cost as the API does', () => {
    expect([podDeletionCost(pod('a', { cost: '10' })), podDeletionCost(pod('a', { cost: '007' })), podDeletionCost(pod('a', { cost: '-3' })), podDeletionCost(pod('a', { cost: '99999999999' }))]).toEqual([10, 0, -3, 0]);
  });
});

describe('manageReplicas plan', () => {
  it('creates the shortfall, capped at 500 per pass, or deletes the surplus in ranked order', () => {
    expect(planReplicas([pod('a')], () => [], 3, NOW)).toEqual({ kind: 'create', count: 2 });
    expect(planReplicas([], () => [], 1200, NOW)).toEqual({ kind: 'create', count: 500 });
    const plan = planReplicas([pod('a'), pod('b', { ready: false })], () => [], 1, NOW);
    expect(plan.kind === 'delete' && names(plan.pods)).toEqual(['b']);
    expect(planReplicas([pod('a')], () => { throw new Error('not needed'); }, 1, NOW)).toEqual({ kind: 'none' });
  });

  it('slow start: batches of 1, 2, 4, … and stops after the first batch with a failure', () => {
    const calls: number[] = [];
    let n = 0;
    const r = slowStartBatch(10, 1, () => {
      n++;
      calls.push(n);
      return n === 5 ? 'quota exceeded' : undefined;
    });
    // batches 1, 2, 4: the failure is the 5th call, in the third batch, which still runs to its end
    expect(calls).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(r).toEqual({ successes: 6, error: 'quota exceeded' });
    expect(slowStartBatch(10, 1, () => undefined)).toEqual({ successes: 10 });
  });

  it('stamps pods from the template with generateName and a controller reference', () => {
    const ref = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-abc', uid: 'u1', controller: true, blockOwnerDeletion: true };
    const p = podFromTemplate({ metadata: { labels: { app: 'web' }, annotations: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'x' }] } }, 'web-abc', ref);
    expect(p).toEqual({
      apiVersion: 'v1', kind: 'Pod',
      metadata: { generateName: 'web-abc-', labels: { app: 'web' }, annotations: { a: 'b' }, ownerReferences: [ref] },
      spec: { containers: [{ name: 'c', image: 'x' }] },
    });
  });
});

describe('expectations', () => {
  it('block the key until every create and delete it asked for is observed, or five minutes pass', () => {
    let now = T0;
    const e = new ControllerExpectations(() => now);
    expect(e.satisfied('k')).toBe(true);
    e.expectCreations('k', 2);
    expect(e.satisfied('k')).toBe(false);
    e.creationObserved('k');
    e.creationObserved('k');
    expect(e.satisfied('k')).toBe(true);
    e.expectDeletions('k', ['default/a', 'default/b']);
    e.deletionObserved('k', 'default/zzz');
    e.deletionObserved('k', 'default/a');
    e.deletionObserved('k', 'default/a');
    expect(e.satisfied('k')).toBe(false);
    now += EXPECTATIONS_TIMEOUT_MS + 1;
    expect(e.satisfied('k')).toBe(true);
  });
});

describe('claiming', () => {
  const sel = labelSelectorAsSelector({ matchLabels: { app: 'web' } });
  const owner = { uid: 'rs1', namespace: 'default', deleting: false };
  it.each([
    ['own and matching', pod('a', { owner: 'rs1' }), owner, 'own'],
    ['own but not matching any more', pod('a', { owner: 'rs1', labels: { app: 'db' } }), owner, 'release'],
    ['someone else’s', pod('a', { owner: 'rs2' }), owner, 'ignore'],
    ['a matching orphan', pod('a'), owner, 'adopt'],
    ['an orphan being deleted', pod('a', { deleting: true }), owner, 'ignore'],
    ['a non-matching orphan', pod('a', { labels: { app: 'db' } }), owner, 'ignore'],
    ['anything, while the owner is being deleted', pod('a'), { ...owner, deleting: true }, 'ignore'],
  ] as const)('%s', (_n, p, o, expected) => {
    expect(claimDecision(o, sel, p)).toBe(expected);
  });
});

describe('ReplicaSet status', () => {
  const rs = (replicas: number, minReadySeconds = 0, status?: ReplicaSetLike['status']): ReplicaSetLike => ({
    metadata: { name: 'web-abc', generation: 2 },
    spec: { replicas, minReadySeconds, template: { metadata: { labels: { app: 'web', tier: 'fe' } } } },
    status,
  });

  it('counts fully labeled, ready, available (after minReadySeconds) and terminating pods', () => {
    const pods = [
      pod('a', { labels: { app: 'web', tier: 'fe' }, readySince: 0 }),
      pod('b', { labels: { app: 'web' }, readySince: 3595 }),
      pod('c', { ready: false }),
    ];
    const s = calculateStatus(rs(3, 10), pods, [pod('d', { deleting: true })], undefined, NOW);
    expect(s).toEqual({ replicas: 3, fullyLabeledReplicas: 1, readyReplicas: 2, availableReplicas: 1, terminatingReplicas: 1, observedGeneration: undefined });
    expect(wireStatus({ ...s, readyReplicas: 0, availableReplicas: 0 }, 2)).toEqual({ replicas: 3, fullyLabeledReplicas: 1, observedGeneration: 2, terminatingReplicas: 1 });
  });

  it('sets ReplicaFailure FailedCreate on a failed create and removes it after a clean pass', () => {
    const failed = calculateStatus(rs(3), [pod('a')], [], 'pods "web-abc-x" is forbidden: exceeded quota', NOW);
    expect(failed.conditions).toEqual([{ type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate', message: 'pods "web-abc-x" is forbidden: exceeded quota', lastTransitionTime: iso(NOW) }]);
    const ok = calculateStatus(rs(3, 0, { replicas: 1, conditions: failed.conditions }), [pod('a')], [], undefined, NOW);
    expect(ok.conditions).toBeUndefined();
  });

  it('is up to date only when counts, conditions and observedGeneration all agree', () => {
    const next = calculateStatus(rs(1), [pod('a')], [], undefined, NOW);
    expect(statusUpToDate(rs(1, 0, { replicas: 1, fullyLabeledReplicas: 0, readyReplicas: 1, availableReplicas: 1, terminatingReplicas: 0, observedGeneration: 2 }), next)).toBe(true);
    expect(statusUpToDate(rs(1, 0, { replicas: 1, readyReplicas: 1, availableReplicas: 1, terminatingReplicas: 0, observedGeneration: 1 }), next)).toBe(false);
    expect(statusUpToDate(rs(1, 0, { replicas: 1, readyReplicas: 1, availableReplicas: 1, observedGeneration: 2 }), next)).toBe(false);
  });
});
