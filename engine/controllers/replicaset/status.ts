/**
 * ReplicaSet status (replica_set_utils.go calculateStatus / updateReplicaSetStatus):
 * computed from the pods the set owns, written only when a counted field,
 * a condition or the observed generation changed.
 */
import { deepEqual } from '../../api/meta.js';
import { selectorFromSet } from '../../api/selectors.js';
import { rfc3339 } from '../../util/time.js';
import { isPodAvailable, isPodReady, type PodLike } from './podutil.js';
import type { ReplicaSetLike } from './types.js';

export interface ReplicaSetCondition {
  type: string;
  status: string;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

export interface ReplicaSetStatus {
  replicas: number;
  fullyLabeledReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  /** Beta and on by default in v1.35 (feature gate DeploymentReplicaSetTerminatingReplicas). */
  terminatingReplicas?: number;
  observedGeneration?: number;
  conditions?: ReplicaSetCondition[];
}

export const REPLICA_FAILURE = 'ReplicaFailure';
export const FAILED_CREATE_REASON = 'FailedCreate';
export const FAILED_DELETE_REASON = 'FailedDelete';

/**
 * The status the set should have. `manageError` is the message of the create or
 * delete that failed in this pass: it sets ReplicaFailure (reason from the
 * direction it was scaling), and a clean pass removes the condition.
 */
export function calculateStatus(
  rs: ReplicaSetLike, activePods: PodLike[], terminatingPods: PodLike[], manageError: string | undefined, now: number,
): ReplicaSetStatus {
  const templateLabels = selectorFromSet(rs.spec?.template?.metadata?.labels);
  const minReadySeconds = rs.spec?.minReadySeconds ?? 0;
  let fullyLabeled = 0;
  let ready = 0;
  let available = 0;
  for (const pod of activePods) {
    if (templateLabels.matches(pod.metadata.labels)) fullyLabeled++;
    if (isPodReady(pod)) {
      ready++;
      if (isPodAvailable(pod, minReadySeconds, now)) available++;
    }
  }
  return statusFromCounts(rs, { replicas: activePods.length, fullyLabeled, ready, available, terminating: terminatingPods.length }, manageError, now);
}

/** Counts over the pods the set claims (`available` as isPodAvailable judges them now). */
export interface StatusCounts {
  replicas: number;
  fullyLabeled: number;
  ready: number;
  available: number;
  terminating: number;
}

/** calculateStatus from counts kept elsewhere (the controller's tally of its pods). */
export function statusFromCounts(rs: ReplicaSetLike, counts: StatusCounts, manageError: string | undefined, now: number): ReplicaSetStatus {
  const old = rs.status ?? { replicas: 0 };
  const { fullyLabeled, ready, available } = counts;
  let conditions = old.conditions ? [...old.conditions] : undefined;
  const failure = conditions?.find((c) => c.type === REPLICA_FAILURE);
  if (manageError !== undefined && !failure) {
    const diff = counts.replicas - (rs.spec?.replicas ?? 1);
    const reason = diff < 0 ? FAILED_CREATE_REASON : diff > 0 ? FAILED_DELETE_REASON : '';
    conditions = [...(conditions ?? []), { type: REPLICA_FAILURE, status: 'True', lastTransitionTime: rfc3339(now), reason, message: manageError }];
  } else if (manageError === undefined && failure) {
    conditions = conditions!.filter((c) => c.type !== REPLICA_FAILURE);
  }
  const status: ReplicaSetStatus = {
    replicas: counts.replicas,
    fullyLabeledReplicas: fullyLabeled,
    readyReplicas: ready,
    availableReplicas: available,
    terminatingReplicas: counts.terminating,
    observedGeneration: old.observedGeneration,
  };
  if (conditions && conditions.length) status.conditions = conditions;
  return status;
}

/** updateReplicaSetStatus's steady-state check: nothing to write. */
export function statusUpToDate(rs: ReplicaSetLike, next: ReplicaSetStatus): boolean {
  const s = rs.status ?? { replicas: 0 };
  return (s.replicas ?? 0) === next.replicas
    && (s.fullyLabeledReplicas ?? 0) === (next.fullyLabeledReplicas ?? 0)
    && (s.readyReplicas ?? 0) === (next.readyReplicas ?? 0)
    && (s.availableReplicas ?? 0) === (next.availableReplicas ?? 0)
    && s.terminatingReplicas === next.terminatingReplicas
    && (rs.metadata.generation ?? 0) === (s.observedGeneration ?? 0)
    && deepEqual(s.conditions ?? [], next.conditions ?? []);
}

/**
 * The status as the API server stores it: int32 fields with omitempty vanish at
 * zero (replicas is always present), and terminatingReplicas, a pointer, stays
 * even when 0.
 */
export function wireStatus(s: ReplicaSetStatus, generation: number | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = { replicas: s.replicas };
  if (s.fullyLabeledReplicas) out.fullyLabeledReplicas = s.fullyLabeledReplicas;
  if (generation) out.observedGeneration = generation;
  if (s.readyReplicas) out.readyReplicas = s.readyReplicas;
  if (s.availableReplicas) out.availableReplicas = s.availableReplicas;
  if (s.terminatingReplicas !== undefined) out.terminatingReplicas = s.terminatingReplicas;
  if (s.conditions?.length) out.conditions = s.conditions;
  return out;
}
