/**
 * The garbage collector's decision for one object, as attemptToDeleteItem
 * makes it (pkg/controller/garbagecollector/garbagecollector.go): classify each
 * owner reference as solid, dangling, or waiting for its dependents' deletion
 * (foreground), then decide what to do with the object.
 */
import type { OwnerReference } from 'kubernetes-types/meta/v1';
import type { KObject } from '../../api/meta.js';

export const FINALIZER_ORPHAN = 'orphan';
export const FINALIZER_DELETE_DEPENDENTS = 'foregroundDeletion';

export type OwnerState = 'solid' | 'dangling' | 'waitingForDependentsDeletion';

export type Decision =
  | { action: 'none' }
  | { action: 'removeOwnerReferences'; uids: string[] }
  | { action: 'unblockOwnerReferences' }
  | { action: 'delete'; propagationPolicy: 'Background' | 'Foreground' | 'Orphan' };

export function hasFinalizer(obj: KObject, f: string): boolean {
  return !!obj.metadata.finalizers?.includes(f);
}

/** Whether an owner is being deleted in the foreground (its dependents go first). */
export function isDeletingDependents(obj: KObject): boolean {
  return !!obj.metadata.deletionTimestamp && hasFinalizer(obj, FINALIZER_DELETE_DEPENDENTS);
}

export function isOrphaning(obj: KObject): boolean {
  return !!obj.metadata.deletionTimestamp && hasFinalizer(obj, FINALIZER_ORPHAN);
}

/** The state of one owner reference given what the API server says about the owner (undefined: absent). */
export function ownerState(ref: OwnerReference, owner: KObject | undefined): OwnerState {
  if (!owner || owner.metadata.uid !== ref.uid) return 'dangling';
  if (isDeletingDependents(owner)) return 'waitingForDependentsDeletion';
  return 'solid';
}

/**
 * What to do with `item`, whose owner references have been classified.
 * `hasDependents` is whether anything in the graph names `item` as its owner;
 * `dependentIsDeletingDependents` whether one of those is itself in foreground deletion.
 */
export function decide(
  item: KObject,
  states: { ref: OwnerReference; state: OwnerState }[],
  hasDependents: boolean,
  dependentIsDeletingDependents = false,
): Decision {
  if (states.length === 0) return { action: 'none' };
  const solid = states.filter((s) => s.state === 'solid');
  const dangling = states.filter((s) => s.state === 'dangling');
  const waiting = states.filter((s) => s.state === 'waitingForDependentsDeletion');
  if (solid.length > 0) {
    if (dangling.length === 0 && waiting.length === 0) return { action: 'none' };
    // Some owners still stand: only drop the references to the ones that are gone or going.
    return { action: 'removeOwnerReferences', uids: [...dangling, ...waiting].map((s) => s.ref.uid) };
  }
  if (waiting.length > 0 && hasDependents) {
    // A cycle guard as the real one: make our references non-blocking first.
    if (dependentIsDeletingDependents && waiting.some((s) => s.ref.blockOwnerDeletion)) return { action: 'unblockOwnerReferences' };
    return { action: 'delete', propagationPolicy: 'Foreground' };
  }
  if (hasFinalizer(item, FINALIZER_ORPHAN)) return { action: 'delete', propagationPolicy: 'Orphan' };
  if (hasFinalizer(item, FINALIZER_DELETE_DEPENDENTS)) return { action: 'delete', propagationPolicy: 'Foreground' };
  return { action: 'delete', propagationPolicy: 'Background' };
}

/** Owner references compared on what the collector cares about. */
export function sameOwnerRefs(a: readonly OwnerReference[] | undefined, b: readonly OwnerReference[] | undefined): boolean {
  if (a === b) return true;
  const x = a ?? [];
  const y = b ?? [];
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) {
    if (x[i].uid !== y[i].uid || !!x[i].blockOwnerDeletion !== !!y[i].blockOwnerDeletion) return false;
  }
  return true;
}
