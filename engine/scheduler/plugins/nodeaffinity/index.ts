/**
 * NodeAffinity: spec.nodeSelector and required node affinity filter nodes;
 * preferred node affinity adds the weights of the terms a node matches.
 * A required term pinning metadata.name (DaemonSet pods do this) narrows the
 * cycle to those nodes in PreFilter; the other nodes then report
 * "node(s) didn't satisfy plugin(s) [NodeAffinity]".
 */
import type { NodeSelectorTerm, PreferredSchedulingTerm } from 'kubernetes-types/core/v1';
import { ActionType, type ClusterEventWithHint } from '../../framework/cluster-event.js';
import type { PodInfo } from '../../framework/pod-info.js';
import { Code, newStatus, type FilterPlugin, type PreFilterPlugin, type PreScorePlugin, type ScorePlugin } from '../../framework/types.js';
import { matchRequiredNodeAffinity, matchTerm } from '../../helpers/nodeaffinity.js';
import { defaultNormalizeScore } from '../helper.js';
import * as names from '../names.js';

export const NAME = names.NodeAffinity;
export const ERR_REASON_POD = "node(s) didn't match Pod's node affinity/selector";
export const ERR_REASON_CONFLICT = 'pod affinity terms conflict';

export function fits(nodeSelector: Record<string, string> | undefined, terms: readonly NodeSelectorTerm[] | undefined, labels: Record<string, string>, nodeName: string): boolean {
  return matchRequiredNodeAffinity(nodeSelector, terms, labels, nodeName);
}

/**
 * The node names the required terms pin through matchFields metadata.name In;
 * undefined when some term does not pin a name (then every node may match,
 * since terms are ORed), an empty set when the pins contradict each other.
 */
export function pinnedNodeNames(terms: readonly NodeSelectorTerm[] | undefined): Set<string> | undefined {
  if (!terms) return undefined;
  let all: Set<string> | undefined;
  for (const t of terms) {
    let names: Set<string> | undefined;
    for (const r of t.matchFields ?? []) {
      if (r.key !== 'metadata.name' || r.operator !== 'In') continue;
      const s = new Set(r.values ?? []);
      names = names ? new Set([...names].filter((n) => s.has(n))) : s;
    }
    if (!names) return undefined;
    all = all ? new Set([...all, ...names]) : names;
  }
  return all;
}

/** Sum of the weights of the preferred terms the node matches. */
export function preferredScore(terms: readonly PreferredSchedulingTerm[], labels: Record<string, string>, nodeName: string): number {
  let score = 0;
  for (const t of terms) if (t.weight && matchTerm(t.preference, labels, nodeName)) score += t.weight;
  return score;
}

type NodeLike = { metadata: { name?: string; labels?: Record<string, string> } };

/**
 * isSchedulableAfterNodeChange: the node matches the pod's nodeSelector and
 * required node affinity now, and (for an update) did not before.
 */
export function isSchedulableAfterNodeChange(pod: PodInfo, oldNode: NodeLike | undefined, newNode: NodeLike): boolean {
  const matches = (n: NodeLike) => fits(pod.nodeSelector, pod.requiredNodeAffinity, n.metadata.labels ?? {}, n.metadata.name ?? '');
  if (!matches(newNode)) return false;
  return !oldNode || !matches(oldNode);
}

/** EventsToRegister (v1.35, queueing hints on): Node Add|UpdateNodeLabel. */
export function eventsToRegister(): ClusterEventWithHint[] {
  return [{ event: { resource: 'Node', actionType: ActionType.Add | ActionType.UpdateNodeLabel }, hint: isSchedulableAfterNodeChange }];
}

export function newPlugin(): PreFilterPlugin & FilterPlugin & PreScorePlugin & ScorePlugin {
  return {
    name: NAME,
    eventsToRegister,
    preFilter(_s, pod) {
      if (!pod.requiredNodeAffinity && !pod.nodeSelector) return { status: newStatus(Code.Skip) };
      const pinned = pinnedNodeNames(pod.requiredNodeAffinity);
      if (pinned && pinned.size === 0) return { status: newStatus(Code.UnschedulableAndUnresolvable, ERR_REASON_CONFLICT) };
      return pinned ? { result: { nodeNames: pinned } } : {};
    },
    filter(_s, pod, node) {
      return fits(pod.nodeSelector, pod.requiredNodeAffinity, node.labels, node.name) ? null : newStatus(Code.UnschedulableAndUnresolvable, ERR_REASON_POD);
    },
    preScore(_s, pod) {
      return pod.preferredNodeAffinity ? null : newStatus(Code.Skip);
    },
    score(_s, pod, node) {
      return preferredScore(pod.preferredNodeAffinity!, node.labels, node.name);
    },
    normalizeScore(_s, _p, _n, scores) {
      defaultNormalizeScore(scores, false);
    },
  };
}
