/**
 * The ControllerRefManager's decision (pkg/controller/controller_ref_manager.go
 * ClaimObject) for one object: keep it, adopt an orphan that matches, release
 * one we own that no longer matches, or leave it alone. Shared by the
 * ReplicaSet (claiming pods) and Deployment (claiming ReplicaSets) controllers.
 */
import { clone, controllerRef, type KObject } from '../../api/meta.js';
import type { Selector } from '../../api/selectors.js';

export type Claim = 'own' | 'adopt' | 'release' | 'ignore';

export interface Claimant {
  uid: string;
  namespace?: string;
  /** The owner is being deleted: it adopts nothing and releases nothing. */
  deleting: boolean;
}

export function claimDecision(owner: Claimant, selector: Selector, obj: KObject): Claim {
  const ref = controllerRef(obj);
  const matches = selector.matches(obj.metadata.labels);
  if (ref) {
    if (ref.uid !== owner.uid) return 'ignore';
    if (matches) return 'own';
    return owner.deleting ? 'ignore' : 'release';
  }
  if (owner.deleting || !matches) return 'ignore';
  // An object on its way out is not worth adopting.
  if (obj.metadata.deletionTimestamp) return 'ignore';
  if (owner.namespace && owner.namespace !== obj.metadata.namespace) return 'ignore';
  return 'adopt';
}

/** The object with `ref` added as its controller (what the adoption patch does). */
export function withOwner(obj: KObject, ref: NonNullable<KObject['metadata']['ownerReferences']>[number]): KObject {
  const next = clone(obj);
  next.metadata.ownerReferences = [...(next.metadata.ownerReferences ?? []), { ...ref }];
  return next;
}

/** The object without the owner reference of `uid` (what the release patch does). */
export function withoutOwner(obj: KObject, uid: string): KObject {
  const next = clone(obj);
  const refs = (next.metadata.ownerReferences ?? []).filter((r) => r.uid !== uid);
  next.metadata.ownerReferences = refs.length ? refs : undefined;
  return next;
}
