/**
 * InterPodAffinity's PreScore, Score and NormalizeScore
 * (interpodaffinity/scoring.go): weights summed per topology pair, from
 * - the incoming pod's preferred affinity (+weight) and anti-affinity
 *   (−weight) terms, for each existing pod matching them;
 * - existing pods' required affinity terms matching the incoming pod
 *   (+hardPodAffinityWeight, 1 by default), and their preferred affinity
 *   (+weight) and anti-affinity (−weight) terms matching it.
 * A node scores the sum over the pairs its labels carry; scores are then
 * spread linearly between the lowest (0) and the highest (100).
 */
import type { AffinityTerm, WeightedAffinityTerm } from '../../framework/affinity-terms.js';
import { termMatches } from '../../framework/affinity-terms.js';
import type { SchedulerCache } from '../../framework/cache.js';
import type { PodInfo } from '../../framework/pod-info.js';
import { MAX_NODE_SCORE } from '../../framework/types.js';
import { forEachCandidate } from './filtering.js';

/** InterPodAffinityArgs.HardPodAffinityWeight default. */
export const DEFAULT_HARD_POD_AFFINITY_WEIGHT = 1;

/** topology key → value → summed weight */
export type ScoreMap = Map<string, Map<string, number>>;

function add(m: ScoreMap, nodeLabels: Record<string, string>, topologyKey: string, weight: number): void {
  const v = nodeLabels[topologyKey];
  if (v === undefined) return;
  let values = m.get(topologyKey);
  if (!values) m.set(topologyKey, (values = new Map()));
  values.set(v, (values.get(v) ?? 0) + weight);
}

function hasLabels(labels: Record<string, string>): boolean {
  for (const _ in labels) return true;
  return false;
}

export interface IncomingPreferred {
  affinity: readonly WeightedAffinityTerm[];
  antiAffinity: readonly WeightedAffinityTerm[];
}

/**
 * The PreScore sums. `preferred` are the incoming pod's preferred terms with
 * namespaceSelector folded in; `nsLabels` its namespace's labels.
 * Each term is walked over its candidate pods rather than each pod over every
 * term: the sums are the same, and pods without affinity are not visited at
 * all unless a preferred term of the incoming pod can match them.
 */
export function topologyScores(cache: SchedulerCache, pod: PodInfo, preferred: IncomingPreferred, nsLabels: Record<string, string> | undefined, hardPodAffinityWeight = DEFAULT_HARD_POD_AFFINITY_WEIGHT): ScoreMap {
  const m: ScoreMap = new Map();
  const incoming = (terms: readonly WeightedAffinityTerm[], sign: 1 | -1) => {
    for (const t of terms) {
      forEachCandidate(cache, t, (p, nodeLabels) => {
        if (hasLabels(nodeLabels) && termMatches(t, p.namespace, p.labels, undefined)) add(m, nodeLabels, t.topologyKey, sign * t.weight);
      });
    }
  };
  incoming(preferred.affinity, 1);
  incoming(preferred.antiAffinity, -1);
  const matches = (t: AffinityTerm) => termMatches(t, pod.namespace, pod.labels, nsLabels);
  for (const p of cache.podsWithAffinity) {
    const node = cache.nodeInfo(p.nodeName);
    if (!node || !hasLabels(node.labels)) continue;
    const a = p.affinity;
    if (hardPodAffinityWeight > 0) for (const t of a.requiredAffinityTerms ?? []) if (matches(t)) add(m, node.labels, t.topologyKey, hardPodAffinityWeight);
    for (const t of a.preferredAffinityTerms ?? []) if (matches(t)) add(m, node.labels, t.topologyKey, t.weight);
    for (const t of a.preferredAntiAffinityTerms ?? []) if (matches(t)) add(m, node.labels, t.topologyKey, -t.weight);
  }
  return m;
}

/** Score: the sums of the pairs the node's labels carry. */
export function scoreNode(m: ScoreMap, nodeLabels: Record<string, string>): number {
  let score = 0;
  for (const [key, values] of m) {
    const v = nodeLabels[key];
    if (v !== undefined) score += values.get(v) ?? 0;
  }
  return score;
}

/**
 * NormalizeScore: (score − min) / (max − min) × 100, truncated; all 0 when
 * every node has the same score.
 * Example: [−5, 0, 5] → [0, 50, 100].
 */
export function normalizeAffinityScores(scores: number[]): void {
  let min = Infinity;
  let max = -Infinity;
  for (const s of scores) {
    if (s > max) max = s;
    if (s < min) min = s;
  }
  const diff = max - min;
  for (let i = 0; i < scores.length; i++) scores[i] = diff > 0 ? Math.trunc(MAX_NODE_SCORE * ((scores[i] - min) / diff)) : 0;
}
