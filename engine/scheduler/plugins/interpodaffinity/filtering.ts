/**
 * InterPodAffinity's PreFilter and Filter (interpodaffinity/filtering.go):
 * three counts per topology pair (a node label key and value), made once per
 * cycle, then a node is checked by looking its labels up in them.
 *
 * - existing anti-affinity: assigned pods whose required anti-affinity terms
 *   match the incoming pod, counted at their node's value of the term's key;
 * - affinity: assigned pods matching ALL the incoming pod's required affinity
 *   terms, counted once per term at that term's key;
 * - anti-affinity: assigned pods matching one of its anti-affinity terms.
 */
import { NOTHING, type Selector } from '../../../api/selectors.js';
import type { AffinityTerm } from '../../framework/affinity-terms.js';
import { matchesAllTerms, termMatches } from '../../framework/affinity-terms.js';
import type { SchedulerCache } from '../../framework/cache.js';
import type { PodInfo } from '../../framework/pod-info.js';

/**
 * Topology pair (node label key, value) → count, as key → value → count:
 * nested maps rather than "key=value" texts, since Filter looks a pair up for
 * every label of every node evaluated. Zero counts are removed, and keys left
 * without values, so `size` is 0 exactly when no pair is counted.
 */
export type TopologyCounts = Map<string, Map<string, number>>;

export function countOf(m: TopologyCounts, key: string, value: string): number {
  return m.get(key)?.get(value) ?? 0;
}

function update(m: TopologyCounts, nodeLabels: Record<string, string>, topologyKey: string, value: number): void {
  const v = nodeLabels[topologyKey];
  if (v === undefined) return;
  let values = m.get(topologyKey);
  if (!values) m.set(topologyKey, (values = new Map()));
  const n = (values.get(v) ?? 0) + value;
  if (n !== 0) values.set(v, n);
  else {
    values.delete(v);
    if (values.size === 0) m.delete(topologyKey);
  }
}

export interface PreFilterState {
  existingAntiAffinityCounts: TopologyCounts;
  affinityCounts: TopologyCounts;
  antiAffinityCounts: TopologyCounts;
  /** The incoming pod's required terms, namespaceSelector folded into namespaces. */
  requiredAffinityTerms: AffinityTerm[];
  requiredAntiAffinityTerms: AffinityTerm[];
  namespace: string;
  labels: Record<string, string>;
  /** The incoming pod's namespace labels, for existing pods' namespaceSelectors. */
  namespaceLabels: Record<string, string> | undefined;
}

export interface NamespaceLike {
  name: string;
  labels: Record<string, string> | undefined;
}

/**
 * mergeAffinityTermNamespacesIfNotEmpty: the namespaces an incoming pod's
 * namespaceSelector selects now are added to the term's list and the selector
 * dropped, so existing pods need no namespace lookup. An empty selector
 * ({}, every namespace) is kept as it is.
 */
export function mergeNamespaces<T extends AffinityTerm>(t: T, namespaces: () => readonly NamespaceLike[]): T {
  if (t.namespaceSelector.empty() || t.namespaceSelector === NOTHING) return t;
  const names = new Set(t.namespaces);
  for (const ns of namespaces()) if (t.namespaceSelector.matches(ns.labels)) names.add(ns.name);
  return { ...t, namespaces: names, namespaceSelector: NOTHING };
}

/** An `key=value` requirement of the selector, to look candidate pods up in the cache's label index. */
function equalityHint(s: Selector): [string, string] | undefined {
  for (const r of s.requirements) if ((r.op === 'In' || r.op === 'Equals') && r.values.length === 1) return [r.key, r.values[0]];
  return undefined;
}

/**
 * Calls fn for every assigned pod on a listed node that could match the term
 * (at least: in one of its namespaces and carrying its first equality label):
 * a superset of the matching pods, found without walking the whole cluster.
 */
export function forEachCandidate(cache: SchedulerCache, t: AffinityTerm, fn: (p: PodInfo, nodeLabels: Record<string, string>) => void): void {
  if (t.selector === NOTHING) return;
  const hint = equalityHint(t.selector);
  const visit = (p: PodInfo) => {
    const node = cache.nodeInfo(p.nodeName);
    if (node) fn(p, node.labels);
  };
  if (t.namespaceSelector.empty()) {
    // Every namespace: there is no per-namespace index to narrow it.
    for (const { info } of cache.assignedPods()) visit(info);
    return;
  }
  for (const ns of t.namespaces) {
    for (const p of hint ? cache.podsWithLabel(ns, hint[0], hint[1]) : cache.podsWithLabel(ns)) visit(p);
  }
}

/** getExistingAntiAffinityCounts */
export function existingAntiAffinityCounts(cache: SchedulerCache, namespace: string, labels: Record<string, string>, nsLabels: Record<string, string> | undefined): TopologyCounts {
  const m: TopologyCounts = new Map();
  for (const p of cache.podsWithRequiredAntiAffinity) {
    const node = cache.nodeInfo(p.nodeName);
    if (!node) continue;
    for (const t of p.affinity.requiredAntiAffinityTerms!) {
      if (termMatches(t, namespace, labels, nsLabels)) update(m, node.labels, t.topologyKey, 1);
    }
  }
  return m;
}

/** getIncomingAffinityAntiAffinityCounts */
export function incomingAffinityCounts(cache: SchedulerCache, affinityTerms: readonly AffinityTerm[], antiAffinityTerms: readonly AffinityTerm[]): { affinity: TopologyCounts; antiAffinity: TopologyCounts } {
  const affinity: TopologyCounts = new Map();
  const antiAffinity: TopologyCounts = new Map();
  if (affinityTerms.length) {
    // A pod must match every term, so the first term's candidates are all there is to check.
    forEachCandidate(cache, affinityTerms[0], (p, nodeLabels) => {
      if (!matchesAllTerms(affinityTerms, p.namespace, p.labels)) return;
      for (const t of affinityTerms) update(affinity, nodeLabels, t.topologyKey, 1);
    });
  }
  for (const t of antiAffinityTerms) {
    forEachCandidate(cache, t, (p, nodeLabels) => {
      if (termMatches(t, p.namespace, p.labels, undefined)) update(antiAffinity, nodeLabels, t.topologyKey, 1);
    });
  }
  return { affinity, antiAffinity };
}

/**
 * updateWithPod (the AddPod/RemovePod extensions): what adding (+1) or
 * removing (−1) one assigned pod changes in the counts, e.g. preemption
 * evicting a victim in its dry run.
 */
export function updateWithPod(s: PreFilterState, p: PodInfo, nodeLabels: Record<string, string>, multiplier: 1 | -1): void {
  for (const t of p.affinity.requiredAntiAffinityTerms ?? []) {
    if (termMatches(t, s.namespace, s.labels, s.namespaceLabels)) update(s.existingAntiAffinityCounts, nodeLabels, t.topologyKey, multiplier);
  }
  if (matchesAllTerms(s.requiredAffinityTerms, p.namespace, p.labels)) {
    for (const t of s.requiredAffinityTerms) update(s.affinityCounts, nodeLabels, t.topologyKey, multiplier);
  }
  for (const t of s.requiredAntiAffinityTerms) {
    if (termMatches(t, p.namespace, p.labels, undefined)) update(s.antiAffinityCounts, nodeLabels, t.topologyKey, multiplier);
  }
}

/** satisfyExistingPodsAntiAffinity: no pair of the node's labels is repelled by an existing pod. */
export function satisfyExistingPodsAntiAffinity(s: PreFilterState, nodeLabels: Record<string, string>): boolean {
  const m = s.existingAntiAffinityCounts;
  if (m.size === 0) return true;
  // Only the keys some pod's term uses can repel: walk those rather than every label of the node.
  for (const [key, values] of m) {
    const v = nodeLabels[key];
    if (v !== undefined && (values.get(v) ?? 0) > 0) return false;
  }
  return true;
}

/** satisfyPodAntiAffinity: no pod the incoming pod repels shares a topology pair with the node. */
export function satisfyPodAntiAffinity(s: PreFilterState, nodeLabels: Record<string, string>): boolean {
  if (s.antiAffinityCounts.size === 0) return true;
  for (const t of s.requiredAntiAffinityTerms) {
    const v = nodeLabels[t.topologyKey];
    if (v !== undefined && countOf(s.antiAffinityCounts, t.topologyKey, v) > 0) return false;
  }
  return true;
}

/**
 * satisfyPodAffinity: the node has every term's topology key, and each pair
 * holds a matching pod. When no pod anywhere matches, a pod that matches its
 * own terms may go first (the first replica of a group with affinity to
 * itself), on any node with all the keys.
 */
export function satisfyPodAffinity(s: PreFilterState, nodeLabels: Record<string, string>): boolean {
  let podsExist = true;
  for (const t of s.requiredAffinityTerms) {
    const v = nodeLabels[t.topologyKey];
    if (v === undefined) return false;
    if (countOf(s.affinityCounts, t.topologyKey, v) <= 0) podsExist = false;
  }
  if (podsExist) return true;
  return s.affinityCounts.size === 0 && matchesAllTerms(s.requiredAffinityTerms, s.namespace, s.labels);
}
