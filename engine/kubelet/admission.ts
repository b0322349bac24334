/**
 * The predicate admit handler's verdict on a pod the node does not fit (pkg/kubelet/lifecycle/predicate.go),
 * written as the kubelet's rejectPod does: a Warning event named after the failed predicate, and the pod
 * Failed with that reason and "Pod was rejected: <message>". Loaded when a pod is first rejected.
 */
import type { Pod } from 'kubernetes-types/core/v1';
import type { KObject } from '../api/meta.js';
import type { Client } from '../api/client.js';
import { ERR_REASON_POD } from '../scheduler/plugins/nodeaffinity/index.js';
import type { EventRecorder } from '../api/events.js';
import { msgPodRejected } from './eviction.js';
import { qosClass } from './pod-status.js';

/** PredicateFailureError.Error() of the node-affinity predicate. */
const NODE_AFFINITY_FAILED = `Predicate NodeAffinity failed: ${ERR_REASON_POD}`;

export function rejectForNodeAffinity(recorder: EventRecorder, client: Client, pod: Pod & KObject): void {
  recorder.event(pod, 'Warning', 'NodeAffinity', NODE_AFFINITY_FAILED);
  try {
    client.updateStatus('pods', { ...pod, status: { ...(pod.status ?? {}), phase: 'Failed', reason: 'NodeAffinity', message: msgPodRejected(NODE_AFFINITY_FAILED), qosClass: qosClass(pod) } } as KObject);
  } catch {
    // The API server is down or the pod changed: the next event about it tries again.
  }
}
