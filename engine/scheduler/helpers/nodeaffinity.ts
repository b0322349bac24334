/**
 * Node selector matching (k8s.io/component-helpers/scheduling/corev1/nodeaffinity):
 * a pod's nodeSelector AND any one of its required node-affinity terms.
 */
import type { NodeSelectorRequirement, NodeSelectorTerm } from 'kubernetes-types/core/v1';

/** Label matching of one requirement; unparsable requirements (bad Gt value, bad op) never match. */
export function matchLabelRequirement(r: NodeSelectorRequirement, labels: Record<string, string>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  const v = has ? labels[r.key] : undefined;
  const values = r.values ?? [];
  switch (r.operator) {
    case 'In': return has && values.includes(v!);
    case 'NotIn': return !has || !values.includes(v!);
    case 'Exists': return has;
    case 'DoesNotExist': return !has;
    case 'Gt':
    case 'Lt': {
      if (!has || values.length !== 1) return false;
      const n = Number(v);
      const bound = Number(values[0]);
      if (!/^-?\d+$/.test(v!) || !/^-?\d+$/.test(values[0])) return false;
      return r.operator === 'Gt' ? n > bound : n < bound;
    }
    default: return false;
  }
}

/** matchFields supports only metadata.name with In/NotIn. */
export function matchFieldRequirement(r: NodeSelectorRequirement, nodeName: string): boolean {
  if (r.key !== 'metadata.name') return false;
  const values = r.values ?? [];
  switch (r.operator) {
    case 'In': return values.length === 1 && values[0] === nodeName;
    case 'NotIn': return values.length === 1 && values[0] !== nodeName;
    default: return false;
  }
}

/** A term with neither expressions nor fields matches nothing; otherwise all of them must match. */
export function matchTerm(term: NodeSelectorTerm, labels: Record<string, string>, nodeName: string): boolean {
  const exprs = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) return false;
  for (const r of exprs) if (!matchLabelRequirement(r, labels)) return false;
  for (const r of fields) if (!matchFieldRequirement(r, nodeName)) return false;
  return true;
}

export function matchAnyTerm(terms: readonly NodeSelectorTerm[], labels: Record<string, string>, nodeName: string): boolean {
  for (const t of terms) if (matchTerm(t, labels, nodeName)) return true;
  return false;
}

/** RequiredNodeAffinity.Match: nodeSelector labels all equal, and (if any) one required term matches. */
export function matchRequiredNodeAffinity(
  nodeSelector: Record<string, string> | undefined,
  terms: readonly NodeSelectorTerm[] | undefined,
  labels: Record<string, string>,
  nodeName: string,
): boolean {
  if (nodeSelector) for (const k in nodeSelector) if (labels[k] !== nodeSelector[k]) return false;
  if (terms) return matchAnyTerm(terms, labels, nodeName);
  return true;
}
