/**
 * What kube-apiserver does with matchLabelKeys / mismatchLabelKeys of a pod's
 * (anti-)affinity terms when the pod is created (MatchLabelKeysInPodAffinity,
 * GA in v1.33; pkg/registry/core/pod/strategy.go): each key the pod carries
 * becomes `key In (value)` / `key NotIn (value)` in the term's labelSelector,
 * so `kubectl get pod -o yaml` shows the merged selector. A term without a
 * labelSelector is left alone (it selects nothing anyway).
 */
type Requirement = { key: string; operator: string; values?: string[] };
type Term = { labelSelector?: { matchExpressions?: Requirement[] } | null; matchLabelKeys?: string[]; mismatchLabelKeys?: string[] };
type Affinity = {
  podAffinity?: { requiredDuringSchedulingIgnoredDuringExecution?: Term[]; preferredDuringSchedulingIgnoredDuringExecution?: { podAffinityTerm?: Term }[] };
  podAntiAffinity?: { requiredDuringSchedulingIgnoredDuringExecution?: Term[]; preferredDuringSchedulingIgnoredDuringExecution?: { podAffinityTerm?: Term }[] };
};

export function applyMatchLabelKeys(pod: { metadata?: { labels?: Record<string, string> }; spec?: { affinity?: Affinity } }): void {
  const affinity = pod.spec?.affinity;
  if (!affinity) return;
  const labels = pod.metadata?.labels ?? {};
  for (const a of [affinity.podAffinity, affinity.podAntiAffinity]) {
    if (!a) continue;
    for (const t of a.requiredDuringSchedulingIgnoredDuringExecution ?? []) merge(t, labels);
    for (const w of a.preferredDuringSchedulingIgnoredDuringExecution ?? []) if (w.podAffinityTerm) merge(w.podAffinityTerm, labels);
  }
}

function merge(term: Term, labels: Record<string, string>): void {
  const sel = term.labelSelector;
  if (!sel || typeof sel !== 'object') return;
  const extra: Requirement[] = [];
  for (const key of term.matchLabelKeys ?? []) if (Object.hasOwn(labels, key)) extra.push({ key, operator: 'In', values: [labels[key]] });
  for (const key of term.mismatchLabelKeys ?? []) if (Object.hasOwn(labels, key)) extra.push({ key, operator: 'NotIn', values: [labels[key]] });
  if (extra.length) sel.matchExpressions = [...(sel.matchExpressions ?? []), ...extra];
}
