/**
 * NodeUnschedulable: a cordoned node (spec.unschedulable) takes no new pods,
 * unless the pod tolerates the node.kubernetes.io/unschedulable:NoSchedule
 * taint (as DaemonSet pods do).
 */
import type { Toleration } from 'kubernetes-types/core/v1';
import type { Handle } from '../../framework/handle.js';
import { Code, newStatus, type FilterPlugin } from '../../framework/types.js';
import { tolerationsTolerateTaint } from '../../helpers/taints.js';
import * as names from '../names.js';

export const NAME = names.NodeUnschedulable;
export const ERR_REASON_UNSCHEDULABLE = 'node(s) were unschedulable';
export const TAINT_NODE_UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';

export function fits(unschedulable: boolean, tolerations: readonly Toleration[]): boolean {
  return !unschedulable || tolerationsTolerateTaint(tolerations, { key: TAINT_NODE_UNSCHEDULABLE, effect: 'NoSchedule' });
}

export function newPlugin(h?: Handle): FilterPlugin {
  return {
    name: NAME,
    passesAll(_s, pod, nodes) {
      return (h !== undefined && nodes === h.cache.nodeList && h.cache.unschedulableNodes === 0) || fits(true, pod.tolerations);
    },
    filter(_s, pod, node) {
      return fits(node.unschedulable, pod.tolerations) ? null : newStatus(Code.UnschedulableAndUnresolvable, ERR_REASON_UNSCHEDULABLE);
    },
  };
}
