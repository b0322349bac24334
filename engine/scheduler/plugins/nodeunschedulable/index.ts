/**
 * NodeUnschedulable: a cordoned node (spec.unschedulable) takes no new pods,
 * unless the pod tolerates the node.kubernetes.io/unschedulable:NoSchedule
 * taint (as DaemonSet pods do).
 */
import type { Toleration } from 'kubernetes-types/core/v1';
import type { KObject } from '../../../api/meta.js';
import type { Handle } from '../../framework/handle.js';
import { ActionType, type ClusterEventWithHint } from '../../framework/cluster-event.js';
import type { PodInfo } from '../../framework/pod-info.js';
import { Code, newStatus, type FilterPlugin } from '../../framework/types.js';
import { tolerationsTolerateTaint } from '../../helpers/taints.js';
import * as names from '../names.js';

export const NAME = names.NodeUnschedulable;
export const ERR_REASON_UNSCHEDULABLE = 'node(s) were unschedulable';
export const TAINT_NODE_UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';

export function fits(unschedulable: boolean, tolerations: readonly Toleration[]): boolean {
  return !unschedulable || tolerationsTolerateTaint(tolerations, { key: TAINT_NODE_UNSCHEDULABLE, effect: 'NoSchedule' });
}

/** isSchedulableAfterNodeChange: a node added schedulable, or one uncordoned. */
export function isSchedulableAfterNodeChange(_pod: PodInfo, oldNode: KObject | undefined, newNode: KObject): boolean {
  const cordoned = (n: KObject) => !!(n.spec as { unschedulable?: boolean } | undefined)?.unschedulable;
  return oldNode ? cordoned(oldNode) && !cordoned(newNode) : !cordoned(newNode);
}

/** isSchedulableAfterPodTolerationChange: the pending pod itself now tolerates the unschedulable taint. */
export function isSchedulableAfterPodTolerationChange(pod: PodInfo, _old: PodInfo | undefined, modified: PodInfo): boolean {
  return pod.uid === modified.uid && tolerationsTolerateTaint(modified.tolerations, { key: TAINT_NODE_UNSCHEDULABLE, effect: 'NoSchedule' });
}

/** EventsToRegister (v1.35, queueing hints on): Node Add|UpdateNodeTaint, Pod UpdatePodToleration. */
export function eventsToRegister(): ClusterEventWithHint[] {
  return [
    { event: { resource: 'Node', actionType: ActionType.Add | ActionType.UpdateNodeTaint }, hint: isSchedulableAfterNodeChange },
    { event: { resource: 'Pod', actionType: ActionType.UpdatePodToleration }, hint: isSchedulableAfterPodTolerationChange },
  ];
}

export function newPlugin(h?: Handle): FilterPlugin {
  return {
    name: NAME,
    eventsToRegister,
    passesAll(_s, pod, nodes) {
      return (h !== undefined && nodes === h.cache.nodeList && h.cache.unschedulableNodes === 0) || fits(true, pod.tolerations);
    },
    filter(_s, pod, node) {
      return fits(node.unschedulable, pod.tolerations) ? null : newStatus(Code.UnschedulableAndUnresolvable, ERR_REASON_UNSCHEDULABLE);
    },
  };
}
