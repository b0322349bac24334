/**
 * What kube-apiserver does with matchLabelKeys / mismatchLabelKeys of a pod's
 * (anti-)affinity terms when the pod is created (MatchLabelKeysInPodAffinity,
 * GA in v1.33; pkg/registry/core/pod/strategy.go): each key the pod carries
 * becomes `key In (value)` / `key NotIn (value)` in the term's labelSelector,
 * so `kubectl get pod -o yaml` shows the merged selector. A term without a
 * labelSelector is left alone (it selects nothing anyway).
 */
import type { Affinity, PodAffinityTerm } from 'kubernetes-types/core/v1';
import type { LabelSelector, LabelSelectorRequirement } from 'kubernetes-types/meta/v1';

/**
 * The term's labelSelector with the pod's label values of its matchLabelKeys
 * (In) and mismatchLabelKeys (NotIn) appended; the selector itself when there is
 * nothing to add. The scheduler reads terms through it too.
 * Example: matchLabelKeys [pod-template-hash] on a pod labelled
 * pod-template-hash=5d8f → `app=web,pod-template-hash in (5d8f)`.
 */
export function mergeLabelKeys(term: PodAffinityTerm, podLabels: Record<string, string>): LabelSelector | undefined {
  const sel = term.labelSelector;
  if ((!term.matchLabelKeys?.length && !term.mismatchLabelKeys?.length) || sel == null || typeof sel !== 'object') return sel;
  const extra: LabelSelectorRequirement[] = [];
  for (const key of term.matchLabelKeys ?? []) if (Object.hasOwn(podLabels, key)) extra.push({ key, operator: 'In', values: [podLabels[key]] });
  for (const key of term.mismatchLabelKeys ?? []) if (Object.hasOwn(podLabels, key)) extra.push({ key, operator: 'NotIn', values: [podLabels[key]] });
  if (extra.length === 0) return sel;
  return { ...sel, matchExpressions: [...(sel.matchExpressions ?? []), ...extra] };
}

export function applyMatchLabelKeys(pod: { metadata?: { labels?: Record<string, string> }; spec?: { affinity?: Affinity } }): void {
  const affinity = pod.spec?.affinity;
  if (!affinity) return;
  const labels = pod.metadata?.labels ?? {};
  const merge = (t: PodAffinityTerm) => {
    const merged = mergeLabelKeys(t, labels);
    if (merged !== t.labelSelector) t.labelSelector = merged;
  };
  for (const a of [affinity.podAffinity, affinity.podAntiAffinity]) {
    if (!a) continue;
    for (const t of a.requiredDuringSchedulingIgnoredDuringExecution ?? []) merge(t);
    for (const w of a.preferredDuringSchedulingIgnoredDuringExecution ?? []) if (w.podAffinityTerm) merge(w.podAffinityTerm);
  }
}
