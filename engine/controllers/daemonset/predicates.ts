/**
 * Which nodes a DaemonSet's pod belongs on (NodeShouldRunDaemonPod in
 * daemon_controller.go): the template's nodeName, its nodeSelector and
 * required node affinity, and the node's NoSchedule/NoExecute taints against
 * the pod's tolerations (with the ones the controller adds).
 */
import type { NodeSelectorRequirement, NodeSelectorTerm, PodSpec, Taint } from 'kubernetes-types/core/v1';
import type { KObject } from '../../api/meta.js';
import { findUntoleratedTaint } from '../tainteviction/taints.js';

export interface ShouldRun {
  /** A pod should be created on the node if it has none. */
  shouldRun: boolean;
  /** An existing pod may stay (it tolerates the NoExecute taints). */
  shouldContinueRunning: boolean;
}

function matchRequirement(r: NodeSelectorRequirement, value: string | undefined): boolean {
  const values = r.values ?? [];
  switch (r.operator) {
    case 'In': return value !== undefined && values.includes(value);
    case 'NotIn': return value === undefined || !values.includes(value);
    case 'Exists': return value !== undefined;
    case 'DoesNotExist': return value === undefined;
    case 'Gt':
    case 'Lt': {
      if (value === undefined || values.length !== 1) return false;
      const a = Number.parseInt(value, 10);
      const b = Number.parseInt(values[0], 10);
      if (!/^-?\d+$/.test(value) || !/^-?\d+$/.test(values[0])) return false;
      return r.operator === 'Gt' ? a > b : a < b;
    }
    default: return false;
  }
}

/** A node selector term matches when all its expressions and fields match; an empty term matches nothing. */
export function matchNodeSelectorTerm(term: NodeSelectorTerm, node: KObject): boolean {
  const exprs = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) return false;
  const labels = node.metadata.labels ?? {};
  for (const r of exprs) if (!matchRequirement(r, labels[r.key])) return false;
  for (const r of fields) {
    if (r.key !== 'metadata.name') return false;
    if (!matchRequirement(r, node.metadata.name)) return false;
  }
  return true;
}

/** GetRequiredNodeAffinity(pod).Match(node): nodeSelector and required node affinity (terms ORed). */
export function fitsNodeAffinity(spec: PodSpec, node: KObject): boolean {
  const labels = node.metadata.labels ?? {};
  for (const [k, v] of Object.entries(spec.nodeSelector ?? {})) if (labels[k] !== v) return false;
  const terms = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (!terms) return true;
  return terms.some((t) => matchNodeSelectorTerm(t, node));
}

/** `spec` is the pod the controller would create (its tolerations already include the DaemonSet ones). */
export function nodeShouldRunDaemonPod(node: KObject, spec: PodSpec): ShouldRun {
  const no = { shouldRun: false, shouldContinueRunning: false };
  if (spec.nodeName && spec.nodeName !== node.metadata.name) return no;
  if (!fitsNodeAffinity(spec, node)) return no;
  const taints = (node.spec as { taints?: Taint[] } | undefined)?.taints;
  const untolerated = findUntoleratedTaint(taints, spec.tolerations, (t) => t.effect === 'NoSchedule' || t.effect === 'NoExecute');
  if (untolerated) {
    const noExecute = findUntoleratedTaint(taints, spec.tolerations, (t) => t.effect === 'NoExecute');
    return { shouldRun: false, shouldContinueRunning: !noExecute };
  }
  return { shouldRun: true, shouldContinueRunning: true };
}
