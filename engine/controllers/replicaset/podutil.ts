/**
 * The pod predicates the workload controllers share (k8s.io/kubernetes
 * pkg/api/v1/pod and pkg/controller's IsPodActive / IsPodTerminating).
 */
import type { KObject } from '../../api/meta.js';
import { parseTime } from '../../util/time.js';

export interface PodCondition {
  type: string;
  status: string;
  lastTransitionTime?: string | null;
}

export interface PodLike extends KObject {
  spec?: { nodeName?: string; [k: string]: unknown };
  status?: {
    phase?: string;
    conditions?: PodCondition[];
    containerStatuses?: { restartCount?: number }[];
    initContainerStatuses?: { name?: string; restartCount?: number }[];
    [k: string]: unknown;
  };
}

export function podReadyCondition(pod: PodLike): PodCondition | undefined {
  return pod.status?.conditions?.find((c) => c.type === 'Ready');
}

export function isPodReady(pod: PodLike): boolean {
  return podReadyCondition(pod)?.status === 'True';
}

/**
 * Ready for longer than minReadySeconds. Timestamps are whole seconds, and the
 * comparison is strict, as podutil.IsPodAvailable: with minReadySeconds 5 a pod
 * Ready at 12:00:00 is available from 12:00:05.001 on.
 */
export function isPodAvailable(pod: PodLike, minReadySeconds: number, now: number): boolean {
  const c = podReadyCondition(pod);
  if (!c || c.status !== 'True') return false;
  if (!minReadySeconds) return true;
  const since = parseTime(c.lastTransitionTime ?? undefined);
  return since !== undefined && since + minReadySeconds * 1000 < now;
}

export function isPodTerminal(pod: PodLike): boolean {
  const phase = pod.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}

/** Counts toward a controller's replicas: not finished and not being deleted. */
export function isPodActive(pod: PodLike): boolean {
  return !isPodTerminal(pod) && !pod.metadata.deletionTimestamp;
}

/** Being deleted but not finished: what status.terminatingReplicas counts. */
export function isPodTerminating(pod: PodLike): boolean {
  return !isPodTerminal(pod) && !!pod.metadata.deletionTimestamp;
}
