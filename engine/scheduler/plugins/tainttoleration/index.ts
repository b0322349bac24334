/**
 * TaintToleration: NoSchedule/NoExecute taints a pod does not tolerate rule the
 * node out; untolerated PreferNoSchedule taints lower its score.
 *
 * Since v1.35 (kubernetes#134740, also in 1.34.2) the reason no longer names the
 * taint, because taint keys and values may be sensitive: it was
 * `node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }`.
 */
import type { Taint, Toleration } from 'kubernetes-types/core/v1';
import type { KObject } from '../../../api/meta.js';
import { ActionType, type ClusterEventWithHint } from '../../framework/cluster-event.js';
import type { PodInfo } from '../../framework/pod-info.js';
import { Code, newStatus, type FilterPlugin, type PreScorePlugin, type ScorePlugin } from '../../framework/types.js';
import { doNotScheduleTaint, findMatchingUntoleratedTaint, tolerationsTolerateTaint } from '../../helpers/taints.js';
import { defaultNormalizeScore } from '../helper.js';
import * as names from '../names.js';

export const NAME = names.TaintToleration;
export const ERR_REASON_UNTOLERATED = 'node(s) had untolerated taint(s)';

/** The taint that keeps the pod off the node, if any. */
export function untoleratedTaint(taints: readonly Taint[], tolerations: readonly Toleration[]): Taint | undefined {
  return findMatchingUntoleratedTaint(taints, tolerations, doNotScheduleTaint);
}

/** countIntolerableTaintsPreferNoSchedule; only tolerations with an empty or PreferNoSchedule effect count. */
export function countIntolerablePreferNoSchedule(taints: readonly Taint[], tolerations: readonly Toleration[]): number {
  let n = 0;
  let prefer: Toleration[] | undefined;
  for (const taint of taints) {
    if (taint.effect !== 'PreferNoSchedule') continue;
    prefer ??= tolerations.filter((t) => !t.effect || t.effect === 'PreferNoSchedule');
    if (!tolerationsTolerateTaint(prefer, taint)) n++;
  }
  return n;
}

/** isSchedulableAfterNodeChange: the node (added, or before the update) had a taint the pod does not tolerate, and now has none. */
export function isSchedulableAfterNodeChange(pod: PodInfo, oldNode: KObject | undefined, newNode: KObject): boolean {
  const taintsOf = (n: KObject) => (n.spec as { taints?: Taint[] } | undefined)?.taints ?? [];
  const wasUntolerated = !oldNode || !!untoleratedTaint(taintsOf(oldNode), pod.tolerations);
  return wasUntolerated && !untoleratedTaint(taintsOf(newNode), pod.tolerations);
}

/**
 * isSchedulableAfterPodTolerationChange: any update of the pending pod itself
 * (upstream does not look at what changed: a general Update matches too).
 */
export function isSchedulableAfterPodTolerationChange(pod: PodInfo, _old: PodInfo | undefined, modified: PodInfo): boolean {
  return pod.uid === modified.uid;
}

/** EventsToRegister (v1.35, queueing hints on): Node Add|UpdateNodeTaint, Pod UpdatePodToleration. */
export function eventsToRegister(): ClusterEventWithHint[] {
  return [
    { event: { resource: 'Node', actionType: ActionType.Add | ActionType.UpdateNodeTaint }, hint: isSchedulableAfterNodeChange },
    { event: { resource: 'Pod', actionType: ActionType.UpdatePodToleration }, hint: isSchedulableAfterPodTolerationChange },
  ];
}

export function newPlugin(): FilterPlugin & PreScorePlugin & ScorePlugin {
  return {
    name: NAME,
    eventsToRegister,
    filter(_s, pod, node) {
      if (!node.hasTaints) return null;
      return untoleratedTaint(node.taints, pod.tolerations) ? newStatus(Code.UnschedulableAndUnresolvable, ERR_REASON_UNTOLERATED) : null;
    },
    preScore() {
      return null;
    },
    score(_s, pod, node) {
      return node.taints.length === 0 ? 0 : countIntolerablePreferNoSchedule(node.taints, pod.tolerations);
    },
    scoreNodes(_s, pod, nodes, scores) {
      for (let i = 0; i < nodes.length; i++) {
        const node = nodes[i];
        scores[i] = node.hasTaints ? countIntolerablePreferNoSchedule(node.taints, pod.tolerations) : 0;
      }
    },
    normalizeScore(_s, _p, _n, scores) {
      defaultNormalizeScore(scores, true);
    },
  };
}
