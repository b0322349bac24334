/**
 * ValidatePodUpdate's rules for a gated pod (pkg/apis/core/validation,
 * release-1.35: validateNodeSelectorMutation, validateNodeAffinityMutation,
 * validateNodeSelectorTermHasOnlyAdditions), loaded on first use: a pod update
 * that involves them is rare, and kubectl loads them before one.
 */
import { field, type FieldError } from '../errors.js';
import { deepEqual } from '../meta.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

/**
 * The gated pod's nodeSelector may gain entries and its required node affinity
 * may gain requirements in existing terms (validateNodeSelectorMutation,
 * validateNodeAffinityMutation); what was checked is put back into `munged`.
 */
export function mungeGatedPlacement(munged: Any, oldSpec: Any): FieldError[] {
  const errs: FieldError[] = [];
  const oldSel: Record<string, string> = oldSpec.nodeSelector ?? {};
  if (!deepEqual(munged.nodeSelector ?? {}, oldSel)) {
    if (Object.keys(oldSel).some((k) => munged.nodeSelector?.[k] !== oldSel[k])) {
      errs.push(field.invalid('spec.nodeSelector', munged.nodeSelector ?? null, 'only additions to spec.nodeSelector are allowed (no mutations or deletions)'));
    }
    munged.nodeSelector = oldSpec.nodeSelector;
  }
  const oldNA = oldSpec.affinity?.nodeAffinity;
  const newNA = munged.affinity?.nodeAffinity;
  if (deepEqual(oldNA, newNA)) return errs;
  const oldTerms: Any[] | undefined = oldNA?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (oldNA?.requiredDuringSchedulingIgnoredDuringExecution) {
    const newTerms: Any[] | undefined = newNA?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
    const path = 'spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms';
    if (oldTerms?.length && oldTerms.length !== (newTerms?.length ?? 0)) {
      errs.push(field.invalid(path, newTerms?.map(goTerm) ?? null, 'no additions/deletions to non-empty NodeSelectorTerms list are allowed'));
    } else {
      (oldTerms ?? []).forEach((t, i) => {
        if (!onlyAdditions(newTerms![i], t)) errs.push(field.invalid(`${path}[${i}]`, goTerm(newTerms![i]), 'only additions are allowed (no mutations or deletions)'));
      });
    }
  }
  if (!munged.affinity) {
    if (oldNA) munged.affinity = { nodeAffinity: oldNA };
  } else if (!oldSpec.affinity && !munged.affinity.podAffinity && !munged.affinity.podAntiAffinity) delete munged.affinity;
  else if (oldNA) munged.affinity.nodeAffinity = oldNA;
  else delete munged.affinity.nodeAffinity;
  return errs;
}

/** validateNodeSelectorTermHasOnlyAdditions: the old requirements are a prefix of the new ones. */
function onlyAdditions(next: Any, prev: Any): boolean {
  const keys = ['matchExpressions', 'matchFields'];
  if (keys.every((k) => !prev?.[k]?.length) && keys.some((k) => next?.[k]?.length)) return false;
  return keys.every((k) => {
    const o: Any[] = prev?.[k] ?? [];
    const n: Any[] = next?.[k] ?? [];
    return n.length >= o.length && deepEqual(n.slice(0, o.length), o);
  });
}

/** A NodeSelectorTerm as Go's encoding/json writes the internal type in an error: field names as declared, nil lists as null. */
function goTerm(t: Any): Record<string, unknown> {
  const reqs = (l: Any[] | undefined) => l?.map((r) => ({ Key: r?.key ?? '', Operator: r?.operator ?? '', Values: r?.values ?? null })) ?? null;
  return { MatchExpressions: reqs(t?.matchExpressions), MatchFields: reqs(t?.matchFields) };
}
