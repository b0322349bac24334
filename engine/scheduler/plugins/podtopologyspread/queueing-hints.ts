/**
 * PodTopologySpread's queueing hints (podtopologyspread/plugin.go, v1.35):
 * EventsToRegister is Pod Add|UpdatePodLabel|UpdatePodToleration|Delete and
 * Node Add|Delete|UpdateNodeLabel|UpdateNodeTaint. Only the pod's hard
 * (DoNotSchedule) constraints count: soft ones never reject it.
 */
import type { Taint } from 'kubernetes-types/core/v1';
import { deepEqual } from '../../../api/meta.js';
import { sameLabels } from '../../../api/selectors.js';
import { ActionType, type ClusterEventWithHint } from '../../framework/cluster-event.js';
import type { PodInfo } from '../../framework/pod-info.js';
import { podConstraints, type Constraint } from './index.js';

/** What the node hint reads of a Node. */
export interface ChangedNode {
  metadata: { labels?: Record<string, string> };
  spec?: { taints?: Taint[] };
}

/** involvedInTopologySpreading: the pending pod itself, or an assigned pod of its namespace. */
function involved(incoming: PodInfo, pending: PodInfo): boolean {
  return incoming.uid === pending.uid || (incoming.nodeName !== '' && incoming.namespace === pending.namespace);
}

function podLabelsMatch(cs: readonly Constraint[], labels: Record<string, string>): boolean {
  for (const c of cs) if (c.selector.matches(labels)) return true;
  return false;
}

/** nodeLabelsMatchSpreadConstraints: the node has every constraint's topology key. */
function nodeLabelsMatch(labels: Record<string, string>, cs: readonly Constraint[]): boolean {
  for (const c of cs) if (!Object.hasOwn(labels, c.topologyKey)) return false;
  return true;
}

/**
 * isSchedulableAfterPodChange. Queue when
 * - the pending pod got a new toleration and a constraint honours taints,
 * - a pod's labels changed so that some constraint's selector now matches it or no longer does,
 * - an assigned pod of the namespace matching some selector was added or deleted.
 */
export function isSchedulableAfterPodChange(pending: PodInfo, oldPod: PodInfo | undefined, newPod: PodInfo | undefined): boolean {
  if ((newPod && !involved(newPod, pending)) || (oldPod && !involved(oldPod, pending))) return false;
  const cs = podConstraints(pending, 'DoNotSchedule');
  if (oldPod && newPod) {
    if (pending.uid === newPod.uid && !deepEqual(newPod.tolerations, oldPod.tolerations) && cs.some((c) => c.honorNodeTaints)) return true;
    if (sameLabels(newPod.labels, oldPod.labels)) return false;
    for (const c of cs) if (c.selector.matches(oldPod.labels) !== c.selector.matches(newPod.labels)) return true;
    return false;
  }
  if (newPod) return podLabelsMatch(cs, newPod.labels);
  return !!oldPod && podLabelsMatch(cs, oldPod.labels);
}

/**
 * isSchedulableAfterNodeChange. Queue when a node with every topology key is
 * added or deleted; when an update makes the node gain or lose one of them;
 * or when a node that has them all changes a topology value or its taints.
 */
export function isSchedulableAfterNodeChange(pending: PodInfo, oldNode: ChangedNode | undefined, newNode: ChangedNode | undefined): boolean {
  const cs = podConstraints(pending, 'DoNotSchedule');
  const oldMatching = !!oldNode && nodeLabelsMatch(oldNode.metadata.labels ?? {}, cs);
  const newMatching = !!newNode && nodeLabelsMatch(newNode.metadata.labels ?? {}, cs);
  if (oldNode && newNode) {
    if (oldMatching !== newMatching) return true;
    if (!newMatching) return false;
    const o = oldNode.metadata.labels ?? {};
    const n = newNode.metadata.labels ?? {};
    for (const c of cs) if (o[c.topologyKey] !== n[c.topologyKey]) return true;
    return !deepEqual(oldNode.spec?.taints ?? [], newNode.spec?.taints ?? []);
  }
  return newNode ? newMatching : oldMatching;
}

export function eventsToRegister(): ClusterEventWithHint[] {
  return [
    { event: { resource: 'Pod', actionType: ActionType.Add | ActionType.UpdatePodLabel | ActionType.UpdatePodToleration | ActionType.Delete }, hint: isSchedulableAfterPodChange },
    { event: { resource: 'Node', actionType: ActionType.Add | ActionType.Delete | ActionType.UpdateNodeLabel | ActionType.UpdateNodeTaint }, hint: isSchedulableAfterNodeChange },
  ];
}
