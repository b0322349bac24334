/**
 * The RollingUpdate strategy (pkg/controller/deployment/rolling.go). Each pass
 * either scales the new ReplicaSet up or the old ones down, never both, and
 * returns: the next watch event continues. The decisions are pure planners
 * returning the scale steps; rolloutRolling applies them.
 */
import {
  availableReplicaCount, byCreationTimestamp, deploymentComplete, effectiveSpec, filterActiveReplicaSets, maxUnavailable,
  newRSNewReplicas, replicaCount, rsReplicas,
} from './util.js';
import type { DeploymentLike, ReplicaSetLike } from './types.js';
import { cleanupDeployment, getAllReplicaSetsAndSyncRevision, scaleReplicaSetAndRecordEvent, type DC } from './sync.js';
import { syncRolloutStatus } from './progress.js';

export interface ScaleStep {
  rs: ReplicaSetLike;
  to: number;
}

/**
 * reconcileNewReplicaSet's decision: the size the new set should get now, or
 * undefined when it is already right. Above the Deployment's replicas it
 * shrinks straight back; below, it grows as far as maxSurge allows.
 */
export function planNewReplicaSet(d: DeploymentLike, allRSs: ReplicaSetLike[], newRS: ReplicaSetLike): number | undefined {
  const replicas = effectiveSpec(d).replicas;
  const cur = rsReplicas(newRS);
  if (cur === replicas) return undefined;
  if (cur > replicas) return replicas;
  const next = newRSNewReplicas(d, allRSs, newRS);
  return next === cur ? undefined : next;
}

/**
 * cleanupUnhealthyReplicas: old sets lose their unavailable pods first (oldest
 * set first), at most `maxCleanupCount` in all: removing a pod that is not
 * serving anyway costs no availability, and a crash-looping old set would
 * otherwise block the rollout forever.
 */
export function planCleanupUnhealthyReplicas(oldRSs: ReplicaSetLike[], maxCleanupCount: number): { steps: ScaleStep[]; scaled: number; oldRSs: ReplicaSetLike[] } {
  const sorted = [...oldRSs].sort(byCreationTimestamp);
  const steps: ScaleStep[] = [];
  let total = 0;
  const after = sorted.map((rs) => {
    if (total >= maxCleanupCount) return rs;
    const replicas = rsReplicas(rs);
    if (replicas === 0) return rs;
    const available = rs.status?.availableReplicas ?? 0;
    if (replicas === available) return rs;
    const down = Math.min(maxCleanupCount - total, replicas - available);
    const to = replicas - down;
    steps.push({ rs, to });
    total += down;
    return { ...rs, spec: { ...rs.spec, replicas: to } } as ReplicaSetLike;
  });
  return { steps, scaled: total, oldRSs: after };
}

/**
 * scaleDownOldReplicaSetsForRollingUpdate: old sets shrink (oldest first) by
 * as many available pods as exceed replicas − maxUnavailable.
 */
export function planScaleDownOldReplicaSets(allRSs: ReplicaSetLike[], oldRSs: ReplicaSetLike[], d: DeploymentLike): { steps: ScaleStep[]; scaled: number } {
  const minAvailable = effectiveSpec(d).replicas - maxUnavailable(d);
  const available = availableReplicaCount(allRSs);
  if (available <= minAvailable) return { steps: [], scaled: 0 };
  const want = available - minAvailable;
  const steps: ScaleStep[] = [];
  let total = 0;
  for (const rs of [...oldRSs].sort(byCreationTimestamp)) {
    if (total >= want) break;
    const replicas = rsReplicas(rs);
    if (replicas === 0) continue;
    const down = Math.min(replicas, want - total);
    steps.push({ rs, to: replicas - down });
    total += down;
  }
  return { steps, scaled: total };
}

/**
 * reconcileOldReplicaSets: how far the old sets may shrink right now.
 *
 * maxScaledDown = allPods − minAvailable − newRSUnavailable. Example: 10
 * replicas, maxUnavailable 2, maxSurge 3; the new set has 5 pods that never
 * become available and the old set 8: 13 − 8 − 5 = 0, so nothing more goes.
 */
export function planReconcileOldReplicaSets(allRSs: ReplicaSetLike[], oldRSs: ReplicaSetLike[], newRS: ReplicaSetLike, d: DeploymentLike): ScaleStep[] {
  if (replicaCount(oldRSs) === 0) return [];
  const allPods = replicaCount(allRSs);
  const minAvailable = effectiveSpec(d).replicas - maxUnavailable(d);
  const newUnavailable = rsReplicas(newRS) - (newRS.status?.availableReplicas ?? 0);
  const maxScaledDown = allPods - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return [];
  const cleanup = planCleanupUnhealthyReplicas(oldRSs, maxScaledDown);
  const all = [...cleanup.oldRSs, newRS];
  const down = planScaleDownOldReplicaSets(all, cleanup.oldRSs, d);
  // A set touched by both steps is written twice, as the real controller does.
  return [...cleanup.steps, ...down.steps];
}

/** rolloutRolling: scale up if we can, else scale down if we can, else clean up; then the status. */
export function rolloutRolling(dc: DC, d: DeploymentLike, rsList: ReplicaSetLike[]): void {
  const { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(dc, d, rsList, true);
  const allRSs = newRS ? [...oldRSs, newRS] : [...oldRSs];
  if (newRS) {
    const to = planNewReplicaSet(d, allRSs, newRS);
    if (to !== undefined) {
      const { scaled } = scaleReplicaSetAndRecordEvent(dc, newRS, to, d);
      if (scaled) return syncRolloutStatus(dc, allRSs, newRS, d);
    }
    const steps = planReconcileOldReplicaSets(allRSs, filterActiveReplicaSets(oldRSs), newRS, d);
    let scaledDown = false;
    const latest = new Map<string, ReplicaSetLike>();
    for (const step of steps) {
      const rs = latest.get(step.rs.metadata.uid!) ?? step.rs;
      const r = scaleReplicaSetAndRecordEvent(dc, rs, step.to, d);
      latest.set(rs.metadata.uid!, r.rs);
      if (r.scaled) scaledDown = true;
    }
    if (scaledDown) return syncRolloutStatus(dc, allRSs, newRS, d);
  }
  if (deploymentComplete(d, d.status ?? {})) cleanupDeployment(dc, oldRSs, d);
  syncRolloutStatus(dc, allRSs, newRS, d);
}
