/**
 * InterPodAffinity's queueing hints (interpodaffinity/plugin.go, v1.35):
 * EventsToRegister is Pod Add|UpdatePodLabel|Delete and Node Add|UpdateNodeLabel
 * (UpdateNodeTaint only without queueing hints, which v1.35 always has).
 */
import { matchesAllTerms } from '../../framework/affinity-terms.js';
import { ActionType, type ClusterEventWithHint } from '../../framework/cluster-event.js';
import type { PodInfo } from '../../framework/pod-info.js';

/** What the pod hint needs of the pod that changed (a PodInfo has all of it). */
export interface ChangedPod {
  namespace: string;
  labels: Record<string, string>;
  nodeName: string;
}

/** What the node hint needs of a Node. */
export interface ChangedNode {
  metadata: { labels?: Record<string, string> };
}

/**
 * isSchedulableAfterPodChange. An unscheduled pod on either side never helps.
 * Queue when
 * - an added pod matches all the pending pod's required affinity terms,
 * - an updated pod starts matching them, or stops matching all its anti-affinity terms,
 * - a deleted pod matched all its anti-affinity terms.
 */
export function isSchedulableAfterPodChange(pending: PodInfo, oldPod: ChangedPod | undefined, newPod: ChangedPod | undefined): boolean {
  if ((newPod && !newPod.nodeName) || (oldPod && !oldPod.nodeName)) return false;
  // As upstream, the pending pod's terms as written: a namespaceSelector is not resolved here.
  const terms = pending.affinity.requiredAffinityTerms;
  const antiTerms = pending.affinity.requiredAntiAffinityTerms;
  const all = (t: typeof terms, p: ChangedPod) => matchesAllTerms(t, p.namespace, p.labels);
  if (oldPod && newPod) {
    if (!all(terms, oldPod) && all(terms, newPod)) return true;
    return all(antiTerms, oldPod) && !all(antiTerms, newPod);
  }
  if (newPod) return all(terms, newPod);
  return !!oldPod && all(antiTerms, oldPod);
}

/**
 * isSchedulableAfterNodeChange. For required affinity terms: Queue when a node
 * is added with the term's topology key, gains the key, or moves to another
 * value of it. For anti-affinity terms: Queue for any node added (a node
 * without the key always accepts the pod; whether the new domain holds a pod
 * it hates is left to the next attempt), or when a node loses the key or moves
 * to another value. Everything else (an unrelated label) is QueueSkip.
 */
export function isSchedulableAfterNodeChange(pending: PodInfo, oldNode: ChangedNode | undefined, newNode: ChangedNode): boolean {
  const newLabels = newNode.metadata.labels ?? {};
  const oldLabels = oldNode?.metadata.labels ?? {};
  for (const t of pending.affinity.requiredAffinityTerms ?? []) {
    const k = t.topologyKey;
    const hasNew = Object.hasOwn(newLabels, k);
    if (!oldNode) {
      if (hasNew) return true;
      continue;
    }
    const hasOld = Object.hasOwn(oldLabels, k);
    if (!hasOld && hasNew) return true;
    if (hasOld && hasNew && oldLabels[k] !== newLabels[k]) return true;
  }
  for (const t of pending.affinity.requiredAntiAffinityTerms ?? []) {
    if (!oldNode) return true;
    const k = t.topologyKey;
    const hasNew = Object.hasOwn(newLabels, k);
    const hasOld = Object.hasOwn(oldLabels, k);
    if (hasOld && !hasNew) return true;
    if (hasOld && hasNew && oldLabels[k] !== newLabels[k]) return true;
  }
  return false;
}

export function eventsToRegister(): ClusterEventWithHint[] {
  return [
    { event: { resource: 'Pod', actionType: ActionType.Add | ActionType.UpdatePodLabel | ActionType.Delete }, hint: isSchedulableAfterPodChange },
    { event: { resource: 'Node', actionType: ActionType.Add | ActionType.UpdateNodeLabel }, hint: isSchedulableAfterNodeChange },
  ];
}
