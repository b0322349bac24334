/**
 * Rollout progress (pkg/controller/deployment/progress.go): the Progressing
 * condition — created, progressing, complete, or timed out after
 * progressDeadlineSeconds without progress — and the wake-up at the deadline.
 */
import { parseTime } from '../../util/time.js';
import type { DeploymentCondition, DeploymentLike, DeploymentStatus, ReplicaSetLike } from './types.js';
import {
  DEPLOYMENT_PROGRESSING, DEPLOYMENT_REPLICA_FAILURE, deploymentComplete, deploymentProgressing, deploymentTimedOut,
  effectiveSpec, getCondition, hasProgressDeadline, newCondition, NEW_RS_AVAILABLE_REASON, progressedMessage, progressingMessage,
  removeCondition, REPLICASET_UPDATED_REASON, setCondition, timedOutMessage, TIMED_OUT_REASON,
} from './util.js';
import { calculateStatus, flushDeployment, sameStatus, type DC } from './sync.js';

/** getReplicaFailures: the new set's ReplicaFailure first, else any old set's, as a Deployment condition. */
export function replicaFailure(allRSs: (ReplicaSetLike | undefined)[], newRS: ReplicaSetLike | undefined): DeploymentCondition | undefined {
  for (const rs of [newRS, ...allRSs]) {
    const c = rs?.status?.conditions?.find((x) => x.type === DEPLOYMENT_REPLICA_FAILURE);
    if (c) return { type: c.type, status: c.status, lastUpdateTime: c.lastTransitionTime, lastTransitionTime: c.lastTransitionTime, reason: c.reason, message: c.message };
  }
  return undefined;
}

/** The status syncRolloutStatus writes: calculateStatus plus the Progressing and ReplicaFailure conditions. */
export function rolloutStatus(allRSs: (ReplicaSetLike | undefined)[], newRS: ReplicaSetLike | undefined, d: DeploymentLike, now: number): DeploymentStatus {
  const status = calculateStatus(allRSs, newRS, d, now);
  if (!hasProgressDeadline(d)) removeCondition(status, DEPLOYMENT_PROGRESSING);
  const current = getCondition(d.status, DEPLOYMENT_PROGRESSING);
  // A finished rollout re-synced later has nothing to estimate.
  const isComplete = (status.replicas ?? 0) === (status.updatedReplicas ?? 0) && current?.reason === NEW_RS_AVAILABLE_REASON;
  if (hasProgressDeadline(d) && !isComplete) {
    const name = d.metadata.name!;
    const rsName = newRS?.metadata.name;
    if (deploymentComplete(d, status)) {
      setCondition(status, newCondition(DEPLOYMENT_PROGRESSING, 'True', NEW_RS_AVAILABLE_REASON, progressedMessage(name, rsName), now));
    } else if (deploymentProgressing(d, status)) {
      // Same reason again still counts as news here: lastUpdateTime moves, which restarts the deadline.
      const cond = newCondition(DEPLOYMENT_PROGRESSING, 'True', REPLICASET_UPDATED_REASON, progressingMessage(name, rsName), now);
      if (current) {
        if (current.status === 'True') cond.lastTransitionTime = current.lastTransitionTime;
        removeCondition(status, DEPLOYMENT_PROGRESSING);
      }
      setCondition(status, cond);
    } else if (deploymentTimedOut(d, status, now)) {
      setCondition(status, newCondition(DEPLOYMENT_PROGRESSING, 'False', TIMED_OUT_REASON, timedOutMessage(name, rsName), now));
    }
  }
  const failure = replicaFailure(allRSs, newRS);
  if (failure) setCondition(status, failure);
  else removeCondition(status, DEPLOYMENT_REPLICA_FAILURE);
  return status;
}

/**
 * requeueStuckDeployment: when to look again so a stuck rollout times out on
 * time. Progressing last updated 00:00:00, deadline 600 s, now 00:03:00 →
 * check in 7 min (+1 s against rounding). Undefined: no check needed; 0: now.
 */
export function stuckRequeueDelay(d: DeploymentLike, next: DeploymentStatus, now: number): number | undefined {
  const current = getCondition(d.status, DEPLOYMENT_PROGRESSING);
  const deadline = effectiveSpec(d).progressDeadlineSeconds;
  if (deadline === undefined || !current) return undefined;
  if (deploymentComplete(d, next) || current.reason === TIMED_OUT_REASON) return undefined;
  const after = (parseTime(current.lastUpdateTime) ?? 0) + deadline * 1000 - now;
  if (after < 1000) return 0;
  return after + 1000;
}

export function syncRolloutStatus(dc: DC, allRSs: (ReplicaSetLike | undefined)[], newRS: ReplicaSetLike | undefined, d: DeploymentLike): void {
  const now = dc.now();
  const next = rolloutStatus(allRSs, newRS, d, now);
  if (sameStatus(d.status, next)) {
    const delay = stuckRequeueDelay(d, next, now);
    if (delay === 0) dc.enqueueRateLimited(d);
    else if (delay !== undefined) dc.enqueueAfter(d, delay);
    return;
  }
  d.status = next;
  flushDeployment(dc, d);
}
