/**
 * The PersistentVolumeClaim retention policy (StatefulSetAutoDeletePVC, GA since v1.32): a StatefulSet's claims
 * carry owner references that let the garbage collector delete them, as stateful_set_utils.go (release-1.35)
 * decides them:
 *
 *   Retain on scale-down and on deletion: no reference to the set or the pod
 *   Retain on scale-down, Delete on deletion: the set controls the claim
 *   Delete on scale-down, Retain on deletion: the pod controls the claim once it is scaled away
 *   Delete on both: the set while the pod is in range, the pod once it is scaled away
 *
 * Pure functions over the objects; the controller reads the claims and writes what `claimOwnerRefs` returns.
 */
import type { OwnerReference } from 'kubernetes-types/meta/v1';
import { newControllerRef, type KObject } from '../../api/meta.js';
import { endOrdinal, ordinalOf, startOrdinal } from './stateful-set-utils.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

type Kind = { apiVersion: string; kind: string };
const SET_KIND: Kind = { apiVersion: 'apps/v1', kind: 'StatefulSet' };
const POD_KIND: Kind = { apiVersion: 'v1', kind: 'Pod' };

export interface RetentionPolicy { whenDeleted: string; whenScaled: string }

export function retentionPolicy(set: KObject): RetentionPolicy {
  const p = (set.spec as Any)?.persistentVolumeClaimRetentionPolicy ?? {};
  return { whenDeleted: p.whenDeleted || 'Retain', whenScaled: p.whenScaled || 'Retain' };
}

const retainsAll = (p: RetentionPolicy) => p.whenDeleted !== 'Delete' && p.whenScaled !== 'Delete';

/** podInOrdinalRange: the pod's ordinal is one the set keeps. */
export function podInOrdinalRange(pod: KObject, set: KObject): boolean {
  const o = ordinalOf(pod);
  return o >= startOrdinal(set) && o <= endOrdinal(set);
}

const group = (apiVersion: string) => (apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '');

/** matchesRef: the reference names this object by group, kind and name (whatever its UID). */
function matchesRef(ref: OwnerReference, obj: KObject, kind: Kind): boolean {
  return group(ref.apiVersion) === group(kind.apiVersion) && ref.kind === kind.kind && ref.name === obj.metadata.name;
}

const refs = (claim: KObject): OwnerReference[] => claim.metadata.ownerReferences ?? [];
const hasOwnerRef = (claim: KObject, owner: KObject) => !!owner.metadata.uid && refs(claim).some((r) => r.uid === owner.metadata.uid);

/** hasStaleOwnerRef: a reference to this name whose UID is another's (a previous set or pod of the same name). */
export function hasStaleOwnerRef(claim: KObject, obj: KObject, kind: Kind): boolean {
  const r = refs(claim).find((x) => matchesRef(x, obj, kind));
  return !!r && r.uid !== obj.metadata.uid;
}

/** hasUnexpectedController: under a Delete policy, a controller of the claim other than this set or pod. */
export function hasUnexpectedController(claim: KObject, set: KObject, pod: KObject): boolean {
  if (retainsAll(retentionPolicy(set))) return false;
  for (const r of refs(claim)) {
    if (matchesRef(r, set, SET_KIND)) {
      if (r.uid !== set.metadata.uid) return true;
      continue;
    }
    if (matchesRef(r, pod, POD_KIND)) {
      if (r.uid !== pod.metadata.uid) return true;
      continue;
    }
    if (r.controller) return true;
  }
  return false;
}

const hasNonControllerOwner = (claim: KObject, set: KObject, pod: KObject) =>
  refs(claim).some((r) => (r.uid === set.metadata.uid || (!!pod.metadata.uid && r.uid === pod.metadata.uid)) && !r.controller);

/** isClaimOwnerUpToDate: the claim's references already say what the policy wants (or must not be touched). */
export function isClaimOwnerUpToDate(claim: KObject, set: KObject, pod: KObject): boolean {
  // Managed by a previous set or pod of the same name: left alone.
  if (hasStaleOwnerRef(claim, set, SET_KIND) || hasStaleOwnerRef(claim, pod, POD_KIND)) return true;
  if (hasUnexpectedController(claim, set, pod)) return !(hasOwnerRef(claim, set) || hasOwnerRef(claim, pod));
  if (hasNonControllerOwner(claim, set, pod)) return false;
  const policy = retentionPolicy(set);
  const setRef = hasOwnerRef(claim, set);
  const podRef = hasOwnerRef(claim, pod);
  const scaledDown = !podInOrdinalRange(pod, set);
  if (policy.whenScaled === 'Delete' && policy.whenDeleted === 'Delete') return scaledDown !== setRef && scaledDown === podRef;
  if (policy.whenScaled === 'Delete') return !setRef && scaledDown === podRef;
  if (policy.whenDeleted === 'Delete') return setRef && !podRef;
  return !setRef && !podRef;
}

/** updateClaimOwnerRefForSetAndPod: the claim's references with this set's and pod's replaced as the policy says. */
export function claimOwnerRefs(claim: KObject, set: KObject, pod: KObject): OwnerReference[] {
  const unexpected = hasUnexpectedController(claim, set, pod);
  const out = refs(claim).filter((r) => !matchesRef(r, set, SET_KIND) && !matchesRef(r, pod, POD_KIND));
  if (unexpected) return out;
  const policy = retentionPolicy(set);
  const scaledDown = !podInOrdinalRange(pod, set);
  const add = (owner: KObject, kind: Kind) => {
    // A pod not created yet has no UID to refer to: its reference comes on a later pass.
    if (owner.metadata.uid && !out.some((r) => r.uid === owner.metadata.uid)) out.push(newControllerRef(owner, kind.apiVersion, kind.kind));
  };
  if (policy.whenScaled === 'Delete' && scaledDown) add(pod, POD_KIND);
  if (policy.whenDeleted === 'Delete' && (policy.whenScaled !== 'Delete' || !scaledDown)) add(set, SET_KIND);
  return out;
}

/** PodClaimIsStale: under whenScaled Delete, a claim still owned by an earlier pod of this name blocks its successor. */
export function claimIsStale(set: KObject, pod: KObject, claim: KObject | undefined): boolean {
  return retentionPolicy(set).whenScaled === 'Delete' && !!claim && hasStaleOwnerRef(claim, pod, POD_KIND);
}

/** The Warning event's text when another controller holds a claim (UpdatePodClaimForRetentionPolicy). */
export const conflictingControllerMessage = (claimName: string) =>
  `PersistentVolumeClaim ${claimName} has a conflicting OwnerReference that acts as a manging controller, the retention policy is ignored for this claim`;
