/**
 * isSchedulableAfterPodChange (interpodaffinity/plugin.go): whether an
 * assigned pod appearing, changing labels or going away may let a pod that
 * InterPodAffinity rejected fit now. Unassigned pods never do.
 */
import { matchesAllTerms } from '../../framework/affinity-terms.js';
import type { PodInfo } from '../../framework/pod-info.js';

/** What the hint needs of the pod that changed. */
export interface ChangedPod {
  namespace: string;
  labels: Record<string, string>;
  nodeName: string;
}

/**
 * Queue (true) when
 * - an added pod matches all the pending pod's required affinity terms,
 * - an updated pod starts matching them, or stops matching its anti-affinity terms,
 * - a deleted pod matched its anti-affinity terms.
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
