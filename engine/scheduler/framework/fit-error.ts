/**
 * FitError.Error(): the text of FailedScheduling and of the PodScheduled
 * condition. Reasons are counted over the nodes (each node counts each of its
 * reasons once), printed as "<count> <reason>", sorted as strings, joined by
 * ", "; the PreFilter message replaces them when PreFilter rejected the pod;
 * the PostFilter message is appended as is.
 * Example: "0/3 nodes are available: 1 node(s) had untolerated taint(s), 2 Insufficient cpu."
 */
import type { NodeToStatus } from './types.js';

/** NoNodeAvailableMsg */
export const NO_NODE_AVAILABLE_MSG = (n: number): string => `0/${n} nodes are available`;
/** ErrNoNodesAvailable: the cluster has no nodes at all. */
export const ERR_NO_NODES_AVAILABLE = 'no nodes available to schedule pods';

export interface Diagnosis {
  nodeToStatus: NodeToStatus;
  unschedulablePlugins: Set<string>;
  preFilterMsg: string;
  postFilterMsg: string;
}

export function fitErrorMessage(numAllNodes: number, d: Diagnosis): string {
  let msg = `${NO_NODE_AVAILABLE_MSG(numAllNodes)}:`;
  if (d.preFilterMsg) {
    msg += ` ${d.preFilterMsg}.`;
  } else {
    const counts = new Map<string, number>();
    for (const s of d.nodeToStatus.map.values()) for (const r of s.reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
    const absent = numAllNodes - d.nodeToStatus.len();
    if (absent > 0) for (const r of d.nodeToStatus.absent.reasons) counts.set(r, (counts.get(r) ?? 0) + absent);
    const parts = [...counts].map(([r, n]) => `${n} ${r}`);
    // Go's sort.Strings compares bytes; JS default sort compares UTF-16 units, the same for these ASCII texts.
    parts.sort();
    if (parts.length) msg += ` ${parts.join(', ')}.`;
  }
  if (d.postFilterMsg) msg += ` ${d.postFilterMsg}`;
  return msg;
}
