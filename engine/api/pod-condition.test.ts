import { describe, expect, it } from 'vitest';
import type { KObject } from './meta.js';
import { updatePodCondition } from './pod-condition.js';

// pkg/api/v1/pod/util.go (release-1.35): UpdatePodCondition replaces the condition, keeps lastTransitionTime while
// the status stays, and reports a change of status, reason, message, probe or transition time, or observedGeneration;
// the DisruptionTarget writers give it CalculatePodConditionObservedGeneration, the pod's generation.
const T1 = '2026-01-01T00:00:01Z';
const T2 = '2026-01-01T00:00:02Z';
const taint = { type: 'DisruptionTarget', status: 'True', reason: 'DeletionByTaintManager', message: 'Taint manager: deleting due to NoExecute taint' };
const pod = (generation: number, conditions?: unknown[]): KObject => ({ metadata: { name: 'p', generation }, status: conditions ? { conditions } : {} });

describe('updatePodCondition', () => {
  it('appends the condition with the pod\'s generation, in PodCondition\'s field order', () => {
    const p = pod(3, [{ type: 'Ready', status: 'True' }]);
    expect(updatePodCondition(p, taint, T1)).toBe(true);
    expect(JSON.stringify((p.status as { conditions: unknown[] }).conditions[1])).toBe(
      '{"type":"DisruptionTarget","observedGeneration":3,"status":"True","lastProbeTime":null,"lastTransitionTime":"2026-01-01T00:00:01Z","reason":"DeletionByTaintManager","message":"Taint manager: deleting due to NoExecute taint"}');
  });

  it('keeps the transition time of an unchanged status; the same condition again is no change', () => {
    const p = pod(2);
    updatePodCondition(p, taint, T1);
    expect(updatePodCondition(p, taint, T2)).toBe(false);
    expect((p.status as { conditions: { lastTransitionTime: string }[] }).conditions[0].lastTransitionTime).toBe(T1);
  });

  it('a new generation, reason or status is a change; a status change moves the transition time and drops what the new one leaves out', () => {
    const p = pod(1);
    updatePodCondition(p, taint, T1);
    p.metadata.generation = 2;
    expect(updatePodCondition(p, taint, T2)).toBe(true);
    expect((p.status as { conditions: { observedGeneration: number }[] }).conditions[0].observedGeneration).toBe(2);
    expect(updatePodCondition(p, { ...taint, reason: 'EvictionByEvictionAPI' }, T2)).toBe(true);
    expect(updatePodCondition(p, { type: 'DisruptionTarget', status: 'False' }, T2)).toBe(true);
    expect((p.status as { conditions: unknown[] }).conditions).toEqual([{ type: 'DisruptionTarget', observedGeneration: 2, status: 'False', lastProbeTime: null, lastTransitionTime: T2 }]);
  });
});
