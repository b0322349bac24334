import { describe, expect, it } from 'vitest';
import type { KObject } from '../../api/meta.js';
import { rolloutStatus, stuckRequeueDelay } from './progress.js';
import { calculateStatus, pausedConditionChange, planCleanup } from './sync.js';
import type { DeploymentLike, ReplicaSetLike } from './types.js';
import {
  computeHash, equalIgnoreHash, findActiveOrLatest, findNewReplicaSet, setCondition, setNewReplicaSetAnnotations,
} from './util.js';

const T0 = Date.UTC(2026, 0, 1, 0, 0, 0);
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

function rs(name: string, replicas: number, opts: { revision?: string; created?: number; available?: number; status?: number; image?: string } = {}): ReplicaSetLike {
  return {
    metadata: { name, uid: name, creationTimestamp: iso(T0 + (opts.created ?? 0) * 1000), annotations: opts.revision ? { 'deployment.kubernetes.io/revision': opts.revision } : {}, generation: 1 },
    spec: { replicas, template: { metadata: { labels: { app: 'web', 'pod-template-hash': name } }, spec: { containers: [{ name: 'c', image: opts.image ?? 'redis:7' }] } } },
    status: { replicas: opts.status ?? replicas, availableReplicas: opts.available ?? replicas, readyReplicas: opts.available ?? replicas, observedGeneration: 1 },
  } as KObject as ReplicaSetLike;
}

function deploy(replicas: number, status: DeploymentLike['status'] = {}, image = 'redis:7'): DeploymentLike {
  return {
    metadata: { name: 'web', uid: 'd', generation: 2, annotations: { 'kubernetes.io/change-cause': 'rollout', 'kubectl.kubernetes.io/last-applied-configuration': '{}' } },
    spec: { replicas, progressDeadlineSeconds: 600, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image }] } } },
    status,
  } as DeploymentLike;
}

describe('pod-template-hash', () => {
  it('is a stable string in the name alphabet and changes with the template and the collision count', () => {
    const t = deploy(1).spec!.template;
    const h = computeHash(t, undefined);
    expect(h).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{1,10}$/);
    expect(computeHash(t, undefined)).toBe(h);
    expect(computeHash(deploy(1, {}, 'redis:7.2').spec!.template, undefined)).not.toBe(h);
    expect(computeHash(t, 1)).not.toBe(h);
    expect(computeHash(t, 1)).not.toBe(computeHash(t, 2));
  });

  it('EqualIgnoreHash ignores the hash label and nil-versus-empty differences', () => {
    const a = { metadata: { labels: { app: 'web', 'pod-template-hash': 'abc' } }, spec: { containers: [{ name: 'c', image: 'x', env: [] }] } };
    const b = { metadata: { labels: { app: 'web' }, annotations: {} }, spec: { containers: [{ name: 'c', image: 'x' }] } };
    expect(equalIgnoreHash(a, b)).toBe(true);
    expect(equalIgnoreHash(a, { ...b, spec: { containers: [{ name: 'c', image: 'y' }] } })).toBe(false);
  });
});

describe('finding sets', () => {
  it('the new set is the oldest whose template matches', () => {
    const d = deploy(1, {}, 'redis:7');
    const found = findNewReplicaSet(d, [rs('b', 1, { created: 5 }), rs('a', 1, { created: 1 }), rs('c', 1, { image: 'other' })]);
    expect(found?.metadata.name).toBe('a');
  });

  it('FindActiveOrLatest: the only active set, or the newest when none is active, or none when several are', () => {
    expect(findActiveOrLatest(rs('new', 0, { created: 3 }), [rs('o1', 0, { created: 1 }), rs('o2', 2, { created: 2 })])?.metadata.name).toBe('o2');
    expect(findActiveOrLatest(undefined, [rs('o1', 0, { created: 1 }), rs('o2', 0, { created: 2 })])?.metadata.name).toBe('o2');
    expect(findActiveOrLatest(rs('new', 0, { created: 3 }), [rs('o1', 0, { created: 1 })])?.metadata.name).toBe('new');
    expect(findActiveOrLatest(rs('new', 1), [rs('o1', 1)])).toBeUndefined();
  });
});

describe('revision annotations (SetNewReplicaSetAnnotations)', () => {
  it('a new set gets max+1, the replicas annotations and the Deployment annotations except kubectl’s and the controller’s own', () => {
    const a: Record<string, string> = {};
    expect(setNewReplicaSetAnnotations(deploy(4), a, 3, false)).toBe(true);
    expect(a).toEqual({
      'kubernetes.io/change-cause': 'rollout',
      'deployment.kubernetes.io/revision': '3',
      'deployment.kubernetes.io/desired-replicas': '4',
      'deployment.kubernetes.io/max-replicas': '5',
    });
  });

  it('an old set brought back gets the new revision and remembers its old ones in revision-history', () => {
    const a: Record<string, string> = { 'deployment.kubernetes.io/revision': '1' };
    setNewReplicaSetAnnotations(deploy(1), a, 3, true);
    expect(a['deployment.kubernetes.io/revision']).toBe('3');
    expect(a['deployment.kubernetes.io/revision-history']).toBe('1');
    setNewReplicaSetAnnotations(deploy(1), a, 5, true);
    expect(a['deployment.kubernetes.io/revision-history']).toBe('1,3');
    expect(a['deployment.kubernetes.io/desired-replicas']).toBeUndefined();
  });

  it('never lowers a revision', () => {
    const a: Record<string, string> = { 'deployment.kubernetes.io/revision': '7', 'kubernetes.io/change-cause': 'rollout' };
    expect(setNewReplicaSetAnnotations(deploy(1), a, 3, true)).toBe(false);
    expect(a['deployment.kubernetes.io/revision']).toBe('7');
  });
});

describe('conditions (SetDeploymentCondition)', () => {
  it('keeps everything when status and reason are the same, keeps the transition time when only the reason changes, and moves the condition last', () => {
    const s: DeploymentLike['status'] = {
      conditions: [
        { type: 'Progressing', status: 'True', reason: 'NewReplicaSetCreated', lastUpdateTime: iso(T0), lastTransitionTime: iso(T0), message: 'a' },
        { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', lastUpdateTime: iso(T0), lastTransitionTime: iso(T0), message: 'b' },
      ],
    };
    setCondition(s, { type: 'Progressing', status: 'True', reason: 'NewReplicaSetCreated', lastUpdateTime: iso(T0 + 5000), lastTransitionTime: iso(T0 + 5000), message: 'x' });
    expect(s.conditions![0].message).toBe('a');
    setCondition(s, { type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated', lastUpdateTime: iso(T0 + 9000), lastTransitionTime: iso(T0 + 9000), message: 'y' });
    expect(s.conditions!.map((c) => c.type)).toEqual(['Available', 'Progressing']);
    expect(s.conditions![1]).toMatchObject({ reason: 'ReplicaSetUpdated', lastUpdateTime: iso(T0 + 9000), lastTransitionTime: iso(T0) });
  });
});

describe('status and progress', () => {
  it('calculateStatus sums the sets and sets Available from replicas − maxUnavailable', () => {
    const newRS = rs('new', 3, { available: 1 });
    const oldRS = { ...rs('old', 1, { available: 1 }), status: { replicas: 1, availableReplicas: 1, readyReplicas: 1, terminatingReplicas: 2 } } as ReplicaSetLike;
    (newRS.status as { terminatingReplicas?: number }).terminatingReplicas = 0;
    const s = calculateStatus([oldRS, newRS], newRS, deploy(4), T0);
    expect(s).toMatchObject({ observedGeneration: 2, replicas: 4, updatedReplicas: 3, readyReplicas: 2, availableReplicas: 2, unavailableReplicas: 2, terminatingReplicas: 2 });
    // 4 replicas, 25% → 1 may be unavailable: 2 available is not enough
    expect(s.conditions).toEqual([{ type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.', lastUpdateTime: iso(T0), lastTransitionTime: iso(T0) }]);
  });

  it('terminatingReplicas is unknown while some set has not reported it', () => {
    expect(calculateStatus([rs('a', 1)], rs('a', 1), deploy(1), T0).terminatingReplicas).toBeUndefined();
  });

  it('reports progress, completion and a timeout with the real messages', () => {
    const created = { type: 'Progressing', status: 'True', reason: 'NewReplicaSetCreated', message: 'Created new replica set "web-abc"', lastUpdateTime: iso(T0), lastTransitionTime: iso(T0) };
    const newRS = rs('web-abc', 2, { available: 0, status: 2 });
    const d = deploy(2, { observedGeneration: 2, replicas: 2, updatedReplicas: 0, conditions: [created] });
    const progressing = rolloutStatus([newRS], newRS, d, T0 + 10_000);
    expect(progressing.conditions?.find((c) => c.type === 'Progressing')).toMatchObject({ reason: 'ReplicaSetUpdated', message: 'ReplicaSet "web-abc" is progressing.', lastUpdateTime: iso(T0 + 10_000), lastTransitionTime: iso(T0) });
    const still = { ...d, status: { ...progressing } };
    expect(rolloutStatus([newRS], newRS, still, T0 + 609_000).conditions?.find((c) => c.type === 'Progressing')?.reason).toBe('ReplicaSetUpdated');
    const timedOut = rolloutStatus([newRS], newRS, still, T0 + 611_000).conditions?.find((c) => c.type === 'Progressing');
    expect(timedOut).toMatchObject({ status: 'False', reason: 'ProgressDeadlineExceeded', message: 'ReplicaSet "web-abc" has timed out progressing.' });
    const done = rolloutStatus([rs('web-abc', 2)], rs('web-abc', 2), still, T0 + 20_000).conditions?.find((c) => c.type === 'Progressing');
    expect(done).toMatchObject({ status: 'True', reason: 'NewReplicaSetAvailable', message: 'ReplicaSet "web-abc" has successfully progressed.' });
  });

  it('wakes up one second after the deadline would pass', () => {
    const cond = { type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated', lastUpdateTime: iso(T0), lastTransitionTime: iso(T0) };
    const d = deploy(2, { conditions: [cond] });
    expect(stuckRequeueDelay(d, { replicas: 2, updatedReplicas: 1, availableReplicas: 0 }, T0 + 180_000)).toBe(421_000);
    expect(stuckRequeueDelay(d, { replicas: 2, updatedReplicas: 1, availableReplicas: 0 }, T0 + 599_500)).toBe(0);
    expect(stuckRequeueDelay(d, { replicas: 2, updatedReplicas: 2, availableReplicas: 2, observedGeneration: 2 }, T0)).toBeUndefined();
  });

  it('pausing and resuming set Progressing Unknown, but never over a timeout', () => {
    const d = deploy(1, { conditions: [] });
    d.spec!.paused = true;
    expect(pausedConditionChange(d, T0)?.conditions?.[0]).toMatchObject({ status: 'Unknown', reason: 'DeploymentPaused', message: 'Deployment is paused' });
    const resumed = deploy(1, pausedConditionChange(d, T0));
    expect(pausedConditionChange(resumed, T0)?.conditions?.[0]).toMatchObject({ status: 'Unknown', reason: 'DeploymentResumed', message: 'Deployment is resumed' });
    const timedOut = deploy(1, { conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' }] });
    timedOut.spec!.paused = true;
    expect(pausedConditionChange(timedOut, T0)).toBeUndefined();
  });
});

describe('cleanup of old ReplicaSets', () => {
  it('deletes the lowest revisions beyond the limit, but only empty and observed ones', () => {
    const old = [rs('r1', 0, { revision: '1' }), rs('r2', 0, { revision: '2' }), rs('r3', 0, { revision: '3', status: 1 }), rs('r4', 0, { revision: '4' }), rs('r5', 0, { revision: '5' })];
    expect(planCleanup(old, 2).map((x) => x.metadata.name)).toEqual(['r1', 'r2']);
    expect(planCleanup(old, 0).map((x) => x.metadata.name)).toEqual(['r1', 'r2', 'r4', 'r5']);
    expect(planCleanup(old, 5)).toEqual([]);
  });
});
