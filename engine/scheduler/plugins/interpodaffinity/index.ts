/**
 * InterPodAffinity: podAffinity / podAntiAffinity. Required terms filter
 * nodes (the incoming pod's own terms and the anti-affinity of pods already
 * placed); preferred terms, and existing pods' terms, score them.
 *
 * Most pods have no such terms: PreFilter and PreScore then answer Skip from
 * the cache's sets of pods with affinity, without looking at any node.
 */
import type { KObject } from '../../../api/meta.js';
import type { Handle } from '../../framework/handle.js';
import { Code, newStatus, type FilterPlugin, type PreFilterPlugin, type PreScorePlugin, type ScorePlugin } from '../../framework/types.js';
import * as names from '../names.js';
import {
  existingAntiAffinityCounts, incomingAffinityCounts, mergeNamespaces, satisfyExistingPodsAntiAffinity, satisfyPodAffinity,
  satisfyPodAntiAffinity, updateWithPod, type NamespaceLike, type PreFilterState,
} from './filtering.js';
import { normalizeAffinityScores, scoreNode, topologyScores, type ScoreMap } from './scoring.js';
import { eventsToRegister } from './queueing-hints.js';

export const NAME = names.InterPodAffinity;
/** ErrReasonExistingAntiAffinityRulesNotMatch */
export const ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH = "node(s) didn't satisfy existing pods anti-affinity rules";
/** ErrReasonAffinityRulesNotMatch */
export const ERR_REASON_AFFINITY_RULES_NOT_MATCH = "node(s) didn't match pod affinity rules";
/** ErrReasonAntiAffinityRulesNotMatch */
export const ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH = "node(s) didn't match pod anti-affinity rules";

const PRE_FILTER_KEY = `PreFilter${NAME}`;
const PRE_SCORE_KEY = `PreScore${NAME}`;

export { isSchedulableAfterPodChange, isSchedulableAfterNodeChange } from './queueing-hints.js';

export interface InterPodAffinityPlugin extends PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin {}

export function newPlugin(h: Handle): InterPodAffinityPlugin {
  const namespaces = (): NamespaceLike[] => (h.namespaces?.() ?? []).map((n: KObject) => ({ name: n.metadata.name!, labels: n.metadata.labels }));
  // GetNamespaceLabelsSnapshot: an unknown namespace has no labels.
  const namespaceLabels = (ns: string) => h.namespace?.(ns)?.metadata.labels;
  return {
    name: NAME,
    eventsToRegister,
    preFilter(state, pod) {
      const a = pod.affinity;
      if (a.parseError) return { status: newStatus(Code.UnschedulableAndUnresolvable, `parsing pod: ${a.parseError}`) };
      if (!a.requiredAffinityTerms && !a.requiredAntiAffinityTerms && h.cache.podsWithRequiredAntiAffinity.size === 0) return { status: newStatus(Code.Skip) };
      const requiredAffinityTerms = (a.requiredAffinityTerms ?? []).map((t) => mergeNamespaces(t, namespaces));
      const requiredAntiAffinityTerms = (a.requiredAntiAffinityTerms ?? []).map((t) => mergeNamespaces(t, namespaces));
      const nsLabels = namespaceLabels(pod.namespace);
      const existing = existingAntiAffinityCounts(h.cache, pod.namespace, pod.labels, nsLabels);
      if (existing.size === 0 && requiredAffinityTerms.length === 0 && requiredAntiAffinityTerms.length === 0) return { status: newStatus(Code.Skip) };
      const incoming = incomingAffinityCounts(h.cache, requiredAffinityTerms, requiredAntiAffinityTerms);
      state.write(PRE_FILTER_KEY, {
        existingAntiAffinityCounts: existing,
        affinityCounts: incoming.affinity,
        antiAffinityCounts: incoming.antiAffinity,
        requiredAffinityTerms,
        requiredAntiAffinityTerms,
        namespace: pod.namespace,
        labels: pod.labels,
        namespaceLabels: nsLabels,
      } satisfies PreFilterState);
      return {};
    },
    removePod(state, _pod, victim, node) {
      const s = state.read<PreFilterState>(PRE_FILTER_KEY);
      if (s) updateWithPod(s, victim, node.labels, -1);
    },
    filter(state, _pod, node) {
      const s = state.read<PreFilterState>(PRE_FILTER_KEY);
      if (!s) return null;
      // The order decides the reason a node shows, and affinity first matters: it is the unresolvable one.
      if (!satisfyPodAffinity(s, node.labels)) return newStatus(Code.UnschedulableAndUnresolvable, ERR_REASON_AFFINITY_RULES_NOT_MATCH);
      if (!satisfyPodAntiAffinity(s, node.labels)) return newStatus(Code.Unschedulable, ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH);
      if (!satisfyExistingPodsAntiAffinity(s, node.labels)) return newStatus(Code.Unschedulable, ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH);
      return null;
    },
    preScore(state, pod, feasible) {
      if (feasible.length === 0) return null;
      const a = pod.affinity;
      const hasConstraints = !!(a.preferredAffinityTerms || a.preferredAntiAffinityTerms);
      if (!hasConstraints && h.cache.podsWithAffinity.size === 0) return newStatus(Code.Skip);
      const preferred = {
        affinity: (a.preferredAffinityTerms ?? []).map((t) => mergeNamespaces(t, namespaces)),
        antiAffinity: (a.preferredAntiAffinityTerms ?? []).map((t) => mergeNamespaces(t, namespaces)),
      };
      const m = topologyScores(h.cache, pod, preferred, namespaceLabels(pod.namespace));
      // No term matched anything anywhere: every node would score the same.
      if (m.size === 0) return newStatus(Code.Skip);
      state.write(PRE_SCORE_KEY, m);
      return null;
    },
    score(state, _pod, node) {
      const m = state.read<ScoreMap>(PRE_SCORE_KEY);
      return m ? scoreNode(m, node.labels) : 0;
    },
    normalizeScore(state, _pod, _nodes, scores) {
      if (!state.read<ScoreMap>(PRE_SCORE_KEY)?.size) return;
      normalizeAffinityScores(scores);
    },
  };
}
