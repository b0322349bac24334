/**
 * Inter-pod affinity terms as the scheduler keeps them (fwk.AffinityTerm,
 * fwk.WeightedAffinityTerm, framework.NewPodInfo): selectors parsed once per
 * pod version, namespaces resolved from the term and the pod's own namespace.
 */
import type { Affinity, PodAffinityTerm, WeightedPodAffinityTerm } from 'kubernetes-types/core/v1';
import { labelSelectorAsSelector, type Selector } from '../../api/selectors.js';
import { mergeLabelKeys } from '../../api/registry/pod-affinity-label-keys.js';

export interface AffinityTerm {
  /** Namespaces named by the term, or the pod's own when it names none and has no namespaceSelector. */
  namespaces: ReadonlySet<string>;
  /** The term's labelSelector; a missing one selects nothing. */
  selector: Selector;
  topologyKey: string;
  /** The term's namespaceSelector; a missing one selects nothing, an empty one every namespace. */
  namespaceSelector: Selector;
}

export interface WeightedAffinityTerm extends AffinityTerm {
  weight: number;
}

/** The parsed terms of a pod; a field is left out when the pod has no such term. */
export interface PodAffinityTerms {
  requiredAffinityTerms?: AffinityTerm[];
  requiredAntiAffinityTerms?: AffinityTerm[];
  preferredAffinityTerms?: WeightedAffinityTerm[];
  preferredAntiAffinityTerms?: WeightedAffinityTerm[];
  /** podWithAffinity: the pod has a podAffinity or podAntiAffinity stanza (NodeInfo.PodsWithAffinity). */
  withAffinity: boolean;
  /** Set when a selector cannot be parsed (framework.NewPodInfo's error). */
  parseError?: string;
}

/**
 * getNamespacesFromPodAffinityTerm: a term with neither namespaces nor a
 * namespaceSelector means the pod's own namespace; otherwise only the listed
 * ones (the selector adds more when matched).
 */
export function termNamespaces(podNamespace: string, term: PodAffinityTerm): Set<string> {
  if (!term.namespaces?.length && term.namespaceSelector == null) return new Set([podNamespace]);
  return new Set(term.namespaces ?? []);
}

/**
 * The API server merges matchLabelKeys / mismatchLabelKeys into the selector at
 * pod creation (engine/api/registry/pod-affinity-label-keys.ts); the scheduler
 * applies the same merge as it reads a term, so the rule holds whichever side
 * merged it: merging twice adds the same requirement twice, which selects the
 * same pods.
 */
export { mergeLabelKeys };

export function newAffinityTerm(podNamespace: string, term: PodAffinityTerm, podLabels: Record<string, string> = {}): AffinityTerm {
  return {
    namespaces: termNamespaces(podNamespace, term),
    selector: labelSelectorAsSelector(mergeLabelKeys(term, podLabels)),
    topologyKey: term.topologyKey,
    namespaceSelector: labelSelectorAsSelector(term.namespaceSelector),
  };
}

/**
 * AffinityTerm.Matches: the pod's namespace is listed, or its namespace's
 * labels match the namespaceSelector; and its labels match the selector.
 * Example: a term with namespaceSelector {} matches pods of every namespace.
 */
export function termMatches(t: AffinityTerm, namespace: string, labels: Record<string, string>, nsLabels: Record<string, string> | undefined): boolean {
  if (t.namespaces.has(namespace) || t.namespaceSelector.matches(nsLabels)) return t.selector.matches(labels);
  return false;
}

/** podMatchesAllAffinityTerms: false for no terms (no pod can "match" an absent rule). */
export function matchesAllTerms(terms: readonly AffinityTerm[] | undefined, namespace: string, labels: Record<string, string>): boolean {
  if (!terms || terms.length === 0) return false;
  // Incoming pods' terms have their namespaceSelector folded into namespaces, hence no namespace labels here.
  for (const t of terms) if (!termMatches(t, namespace, labels, undefined)) return false;
  return true;
}

function required(ns: string, labels: Record<string, string>, terms: PodAffinityTerm[] | undefined): AffinityTerm[] | undefined {
  return terms?.length ? terms.map((t) => newAffinityTerm(ns, t, labels)) : undefined;
}

function preferred(ns: string, labels: Record<string, string>, terms: WeightedPodAffinityTerm[] | undefined): WeightedAffinityTerm[] | undefined {
  return terms?.length ? terms.map((t) => ({ ...newAffinityTerm(ns, t.podAffinityTerm, labels), weight: t.weight })) : undefined;
}

const NONE: PodAffinityTerms = Object.freeze({ withAffinity: false });

/** The affinity terms of a pod (framework.NewPodInfo); shared NONE for the common pod without any. */
export function podAffinityTerms(namespace: string, labels: Record<string, string>, affinity: Affinity | undefined): PodAffinityTerms {
  const pa = affinity?.podAffinity;
  const paa = affinity?.podAntiAffinity;
  if (!pa && !paa) return NONE;
  try {
    return {
      requiredAffinityTerms: required(namespace, labels, pa?.requiredDuringSchedulingIgnoredDuringExecution),
      requiredAntiAffinityTerms: required(namespace, labels, paa?.requiredDuringSchedulingIgnoredDuringExecution),
      preferredAffinityTerms: preferred(namespace, labels, pa?.preferredDuringSchedulingIgnoredDuringExecution),
      preferredAntiAffinityTerms: preferred(namespace, labels, paa?.preferredDuringSchedulingIgnoredDuringExecution),
      withAffinity: true,
    };
  } catch (err) {
    return { withAffinity: true, parseError: (err as Error).message };
  }
}
