/**
 * The kubelet's admit handlers (the eviction manager's, and the predicate handler's verdict from admit-check.ts)
 * and its rejection of a pod they refuse, written as rejectPod writes it: a Warning event with the reason, and the
 * pod Failed with that reason and "Pod was rejected: <message>". Loaded at the first pod bound by hand or arriving
 * under memory pressure (kubelet.ts), and at the lab's idle prefetch.
 */
import type { Pod, PodStatus, Toleration } from 'kubernetes-types/core/v1';
import type { KObject } from '../api/meta.js';
import type { Client } from '../api/client.js';
import type { EventRecorder } from '../api/events.js';
import { ERR_REASON_POD as NODE_AFFINITY_MISMATCH } from '../scheduler/plugins/nodeaffinity/index.js';
import { ERR_REASON as NODE_NAME_MISMATCH } from '../scheduler/plugins/nodename/index.js';
import { ERR_REASON as NODE_PORTS_TAKEN } from '../scheduler/plugins/nodeports/index.js';
import { rfc3339 } from '../util/time.js';
import { tolerationsTolerateTaint } from '../scheduler/helpers/taints.js';
import { admitFailure, type AdmitFailure, type AdmittedPod } from './admit-check.js';
import { TAINT_NODE_MEMORY_PRESSURE } from '../controllers/tainteviction/taints.js';
import { REASON_EVICTED, SYSTEM_CRITICAL_PRIORITY } from './eviction.js';
import { qosClass } from './pod-status.js';

/** The eviction manager's Admit message (nodeConditionMessageFmt), the conditions as Go prints a slice ("[MemoryPressure]"). */
export const msgNodeHadCondition = (conditions: string[]) => `The node had condition: [${conditions.join(' ')}]. `;
/** rejectPod's status message. */
export const msgPodRejected = (message: string) => `Pod was rejected: ${message}`;

/** The eviction manager's TolerationsTolerateTaint for node.kubernetes.io/memory-pressure:NoSchedule. */
export function toleratesMemoryPressure(tolerations: readonly Toleration[] | undefined): boolean {
  return tolerationsTolerateTaint(tolerations ?? [], { key: TAINT_NODE_MEMORY_PRESSURE, effect: 'NoSchedule' });
}

/** tainttoleration.ErrReasonNotMatch: the kubelet's wording, not the scheduler filter's "untolerated taint(s)". */
export const ERR_REASON_TAINTS_NOT_TOLERATED = "node(s) had taints that the pod didn't tolerate";

/** The PodAdmitResult messages of the handlers' own checks, and PredicateFailureError's descriptions. */
const MESSAGES: Record<string, string> = {
  PodOSSelectorNodeLabelDoesNotMatch: "Failed to admit pod as the `kubernetes.io/os` label doesn't match node label",
  PodOSNotSupported: "Failed to admit pod as the OS field doesn't match node OS",
  // The eviction manager's, under MemoryPressure.
  [REASON_EVICTED]: msgNodeHadCondition(['MemoryPressure']),
  NodeAffinity: `Predicate NodeAffinity failed: ${NODE_AFFINITY_MISMATCH}`,
  NodeName: `Predicate NodeName failed: ${NODE_NAME_MISMATCH}`,
  NodePorts: `Predicate NodePorts failed: ${NODE_PORTS_TAKEN}`,
  TaintToleration: `Predicate TaintToleration failed: ${ERR_REASON_TAINTS_NOT_TOLERATED}`,
};

/** The PodAdmitResult's reason and message: InsufficientResourceError gives "OutOf<resource>" and its Error(). */
export function rejection(failure: AdmitFailure): { reason: string; message: string } {
  if (typeof failure === 'string') return { reason: failure, message: MESSAGES[failure] };
  const { resource, requested, used, capacity } = failure;
  return { reason: `OutOf${resource}`, message: `Node didn't have enough resource: ${resource}, requested: ${Math.ceil(requested)}, used: ${Math.ceil(used)}, capacity: ${Math.floor(capacity)}` };
}

/** rejectPod: the event, and the pod Failed (the status manager gives it a start time). */
export function rejectPod(recorder: EventRecorder, client: Client, pod: Pod & KObject, failure: AdmitFailure, now: number): void {
  const { reason, message } = rejection(failure);
  recorder.event(pod, 'Warning', reason, message);
  const status: PodStatus = { ...(pod.status ?? {}), phase: 'Failed', reason, message: msgPodRejected(message), qosClass: qosClass(pod), startTime: pod.status?.startTime ?? rfc3339(now) };
  try {
    client.updateStatus('pods', { ...pod, status } as KObject);
  } catch {
    // The API server is down or the pod changed: the next event about it tries again.
  }
}

/**
 * The admit handlers in the kubelet's order, rejecting the pod at the first that refuses it: whether it was
 * rejected. First the eviction manager's: under MemoryPressure alone, a BestEffort pod that does not tolerate the
 * memory-pressure taint (critical pods always get in); then the predicate handler.
 */
export function rejected(recorder: EventRecorder, client: Client, nodeName: string, pod: Pod & KObject, others: Iterable<AdmittedPod>, now: number, memoryPressure: boolean): boolean {
  let failure: AdmitFailure | undefined;
  if (memoryPressure && (pod.spec?.priority ?? 0) < SYSTEM_CRITICAL_PRIORITY && qosClass(pod) === 'BestEffort' && !toleratesMemoryPressure(pod.spec?.tolerations)) failure = REASON_EVICTED;
  else {
    const node = client.tryGet('nodes', undefined, nodeName);
    // getNodeAnyWay falls back to a node made from the kubelet's own settings; without the Node there is nothing to check against.
    failure = node && admitFailure(node, pod, others);
  }
  if (!failure) return false;
  rejectPod(recorder, client, pod, failure, now);
  return true;
}
