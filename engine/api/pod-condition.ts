/**
 * podutil.UpdatePodCondition as the DisruptionTarget writers use it (taint eviction, the eviction API, pod GC, the
 * disruption controller's stale reset).
 */
import type { KObject } from './meta.js';

export interface NewPodCondition { type: string; status: string; reason?: string; message?: string }

type StoredCondition = NewPodCondition & { observedGeneration?: number; lastProbeTime?: string | null; lastTransitionTime?: string };

/**
 * Replaces (or appends) the condition of `cond`'s type in `pod`'s status, a private copy. The condition carries the
 * pod's generation (CalculatePodConditionObservedGeneration: PodObservedGenerationTracking is on in v1.35) and keeps
 * its lastTransitionTime when its status does not change. Returns whether any of its fields changed.
 */
export function updatePodCondition(pod: KObject, cond: NewPodCondition, now: string): boolean {
  const status = (pod.status ??= {}) as { conditions?: StoredCondition[] };
  const conditions = (status.conditions ??= []);
  const i = conditions.findIndex((c) => c.type === cond.type);
  const old = i >= 0 ? conditions[i] : undefined;
  const generation = pod.metadata.generation ?? 0;
  // PodCondition's field order; observedGeneration and an empty reason or message are omitempty.
  const next: StoredCondition = { type: cond.type, ...(generation ? { observedGeneration: generation } : {}), status: cond.status, lastProbeTime: null, lastTransitionTime: old?.status === cond.status ? old.lastTransitionTime : now };
  if (cond.reason) next.reason = cond.reason;
  if (cond.message) next.message = cond.message;
  if (!old) {
    conditions.push(next);
    return true;
  }
  conditions[i] = next;
  return old.status !== next.status || (old.reason ?? '') !== (next.reason ?? '') || (old.message ?? '') !== (next.message ?? '') || (old.lastProbeTime ?? null) !== null
    || old.lastTransitionTime !== next.lastTransitionTime || (old.observedGeneration ?? 0) !== generation;
}
