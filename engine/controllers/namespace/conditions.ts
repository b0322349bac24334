/**
 * The status conditions a terminating namespace carries
 * (pkg/controller/namespace/deletion/status_condition_utils.go): each of five
 * types is either its failure/remaining variant or its "ok" variant.
 */
import type { NamespaceCondition } from 'kubernetes-types/core/v1';

export const CONDITION_TYPES = [
  'NamespaceDeletionDiscoveryFailure',
  'NamespaceDeletionGroupVersionParsingFailure',
  'NamespaceDeletionContentFailure',
  'NamespaceContentRemaining',
  'NamespaceFinalizersRemaining',
] as const;

export const OK: Record<(typeof CONDITION_TYPES)[number], { reason: string; message: string }> = {
  NamespaceDeletionDiscoveryFailure: { reason: 'ResourcesDiscovered', message: 'All resources successfully discovered' },
  NamespaceDeletionGroupVersionParsingFailure: { reason: 'ParsedGroupVersions', message: 'All legacy kube types successfully parsed' },
  NamespaceDeletionContentFailure: { reason: 'ContentDeleted', message: 'All content successfully deleted, may be waiting on finalization' },
  NamespaceContentRemaining: { reason: 'ContentRemoved', message: 'All content successfully removed' },
  NamespaceFinalizersRemaining: { reason: 'ContentHasNoFinalizers', message: 'All content-preserving finalizers finished' },
};

export interface ContentReport {
  /** Errors from deleting content, e.g. "unexpected items still remain in namespace: x for gvr: /v1, Resource=pods". */
  errors: string[];
  /** "pods." → 2: what is still there, keyed as resource.group. */
  remaining?: Map<string, number>;
  /** finalizer → number of objects still carrying it. */
  finalizers?: Map<string, number>;
}

/** The failure conditions a deletion pass produced (the others get their ok variant). */
export function failureConditions(r: ContentReport): Map<string, { reason: string; message: string }> {
  const out = new Map<string, { reason: string; message: string }>();
  if (r.errors.length) {
    const msgs = [...r.errors].sort();
    out.set('NamespaceDeletionContentFailure', { reason: 'ContentDeletionFailed', message: `Failed to delete all resource types, ${msgs.length} remaining: ${msgs.join(', ')}` });
  }
  const rem = [...(r.remaining ?? [])].filter(([, n]) => n > 0).map(([k, n]) => `${k} has ${n} resource instances`).sort();
  if (r.remaining && r.remaining.size) out.set('NamespaceContentRemaining', { reason: 'SomeResourcesRemain', message: `Some resources are remaining: ${rem.join(', ')}` });
  const fin = [...(r.finalizers ?? [])].filter(([, n]) => n > 0).map(([f, n]) => `${f} in ${n} resource instances`).sort();
  if (r.finalizers && r.finalizers.size) out.set('NamespaceFinalizersRemaining', { reason: 'SomeFinalizersRemain', message: `Some content in the namespace has finalizers remaining: ${fin.join(', ')}` });
  return out;
}

/**
 * updateConditions: returns the new condition list, or undefined when nothing
 * changed. lastTransitionTime moves only when a condition's status flips.
 */
export function updateConditions(current: readonly NamespaceCondition[] | undefined, failures: Map<string, { reason: string; message: string }>, now: string): NamespaceCondition[] | undefined {
  const out = (current ?? []).map((c) => ({ ...c }));
  let changed = false;
  for (const type of CONDITION_TYPES) {
    const f = failures.get(type);
    const want = { type, status: f ? 'True' : 'False', reason: f ? f.reason : OK[type].reason, message: f ? f.message : OK[type].message };
    const old = out.find((c) => c.type === type);
    if (!old) {
      out.push({ ...want, lastTransitionTime: now });
      changed = true;
    } else if (old.status !== want.status || old.reason !== want.reason || old.message !== want.message) {
      if (old.status !== want.status) old.lastTransitionTime = now;
      Object.assign(old, want);
      changed = true;
    }
  }
  return changed ? out : undefined;
}
