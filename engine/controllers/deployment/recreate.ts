/**
 * The Recreate strategy (pkg/controller/deployment/recreate.go): scale every
 * old ReplicaSet to 0, wait until none of their pods is left running, then
 * create (or scale up) the new one. Old and new pods never run together.
 */
import type { KObject } from '../../api/meta.js';
import type { PodLike } from '../replicaset/podutil.js';
import type { DeploymentLike, ReplicaSetLike } from './types.js';
import { actualReplicaCount, deploymentComplete, effectiveSpec, filterActiveReplicaSets } from './util.js';
import { cleanupDeployment, getAllReplicaSetsAndSyncRevision, scaleReplicaSetAndRecordEvent, type DC } from './sync.js';
import { syncRolloutStatus } from './progress.js';

/**
 * oldPodsRunning: an old set still reports pods, or a pod of a set other than
 * the new one has not finished (Pending, Running, Unknown — terminating
 * included: its containers may still be serving).
 */
export function oldPodsRunning(newRS: ReplicaSetLike | undefined, oldRSs: ReplicaSetLike[], podMap: Map<string, KObject[]>): boolean {
  if (actualReplicaCount(oldRSs) > 0) return true;
  for (const [uid, pods] of podMap) {
    if (newRS && newRS.metadata.uid === uid) continue;
    for (const pod of pods as PodLike[]) {
      const phase = pod.status?.phase;
      if (phase === 'Failed' || phase === 'Succeeded') continue;
      return true;
    }
  }
  return false;
}

export function rolloutRecreate(dc: DC, d: DeploymentLike, rsList: ReplicaSetLike[], podMap: Map<string, KObject[]>): void {
  // Do not create the new set yet: it must not scale up before the old ones are down.
  let { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(dc, d, rsList, false);
  let allRSs = newRS ? [...oldRSs, newRS] : [...oldRSs];

  let scaledDown = false;
  for (const rs of filterActiveReplicaSets(oldRSs)) {
    if (scaleReplicaSetAndRecordEvent(dc, rs, 0, d).scaled) scaledDown = true;
  }
  if (scaledDown) return syncRolloutStatus(dc, allRSs, newRS, d);

  if (oldPodsRunning(newRS, oldRSs, podMap)) return syncRolloutStatus(dc, allRSs, newRS, d);

  if (!newRS) {
    ({ newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(dc, d, rsList, true));
    allRSs = newRS ? [...oldRSs, newRS] : [...oldRSs];
  }
  if (newRS) scaleReplicaSetAndRecordEvent(dc, newRS, effectiveSpec(d).replicas, d);
  if (deploymentComplete(d, d.status ?? {})) cleanupDeployment(dc, oldRSs, d);
  syncRolloutStatus(dc, allRSs, newRS, d);
}
