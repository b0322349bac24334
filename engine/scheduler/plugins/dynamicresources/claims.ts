/**
 * DynamicResources for a pod that names ResourceClaims (index.ts): loaded with resource.k8s.io's kinds
 * (api/registry/resource-kinds.ts), before any claim can exist. The pod waits at PreEnqueue until each claim exists
 * (a template's made by kube-controller-manager and recorded in the pod's status); PreFilter checks the claims'
 * device classes (a missing class stops it there); with no DRA driver nothing publishes a device, so Filter finds none on
 * any node, "cannot allocate all claims", and PostFilter has nothing to deallocate, "still not schedulable".
 */
import type { KObject } from '../../../api/meta.js';
import type { Handle } from '../../framework/handle.js';
import { Code, newStatus, type CycleState, type PreFilterResult, type Status } from '../../framework/types.js';
import type { PodInfo } from '../../framework/pod-info.js';
import { NAME, podResourceClaims, provideClaimsCode, unschedulable } from './index.js';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const STATE_KEY = 'PreFilter' + NAME;

/**
 * resourceclaim.Name (k8s.io/dynamic-resource-allocation): the claim a pod's entry stands for. A template's claim is
 * the one kube-controller-manager recorded in status.resourceClaimStatuses (null there: none is needed); before that
 * it has not been created yet.
 */
export function claimName(pod: KObject, podClaim: Any): { name?: string | null; mustCheckOwner: boolean; error?: string } {
  if (podClaim?.resourceClaimName) return { name: podClaim.resourceClaimName, mustCheckOwner: false };
  if (podClaim?.resourceClaimTemplateName) {
    const status = (((pod.status as Any)?.resourceClaimStatuses ?? []) as Any[]).find((s) => s?.name === podClaim.name);
    if (status) return { name: status.resourceClaimName ?? null, mustCheckOwner: true };
    return { mustCheckOwner: false, error: `pod "${pod.metadata.namespace}/${pod.metadata.name}": ResourceClaim not created yet` };
  }
  return { mustCheckOwner: false, error: `pod "${pod.metadata.namespace}/${pod.metadata.name}", spec.resourceClaim "${podClaim?.name}": resource claims are not supported` };
}

/** resourceclaim.IsForPod: a generated claim must be controlled by this very pod. */
export function isForPod(pod: KObject, claim: KObject): string | undefined {
  const owned = claim.metadata.namespace === pod.metadata.namespace
    && (claim.metadata.ownerReferences ?? []).some((r) => r.controller && r.uid === pod.metadata.uid);
  return owned ? undefined : `ResourceClaim ${claim.metadata.name} was not created for pod ${pod.metadata.namespace}/${pod.metadata.name} (pod is not owner)`;
}

/** foreachPodResourceClaim: every claim of the pod, or the first reason one is not usable yet. */
export function podClaims(h: Handle | undefined, pod: KObject): { claims: KObject[]; error?: string } {
  const claims: KObject[] = [];
  for (const podClaim of podResourceClaims(pod)) {
    const { name, mustCheckOwner, error } = claimName(pod, podClaim);
    if (error) return { claims, error };
    if (!name) continue;
    const claim = h?.resourceClaim?.(pod.metadata.namespace ?? '', name);
    if (!claim) return { claims, error: `resourceclaim.resource.k8s.io "${name}" not found` };
    if (claim.metadata.deletionTimestamp) return { claims, error: `resourceclaim "${name}" is being deleted` };
    const notOwner = mustCheckOwner ? isForPod(pod, claim) : undefined;
    if (notOwner) return { claims, error: notOwner };
    claims.push(claim);
  }
  return { claims };
}

/** PreEnqueue: the pod waits, without an attempt, until each of its claims exists. */
export function preEnqueue(h: Handle | undefined, pod: PodInfo): Status | null {
  const { error } = podClaims(h, pod.pod);
  return error ? unschedulable(error) : null;
}

/** isSchedulableAfterClaimChange: a claim of the pod created or its status changed, or any claim deallocated. */
export function afterClaimChange(h: Handle | undefined, pod: PodInfo, oldClaim: KObject | undefined, claim: KObject): boolean {
  const { claims, error } = podClaims(h, pod.pod);
  if (error) return false;
  if ((oldClaim?.status as Any | undefined)?.allocation && !(claim.status as Any | undefined)?.allocation) return true;
  if (!claims.some((c) => c.metadata.uid === claim.metadata.uid)) return false;
  return !oldClaim || JSON.stringify(oldClaim.status ?? {}) !== JSON.stringify(claim.status ?? {});
}

/** isSchedulableAfterPodChange: the pod's own update that makes all its claims available. */
export function afterPodChange(h: Handle | undefined, pod: PodInfo, modified: PodInfo): boolean {
  return pod.uid === modified.uid && !podClaims(h, modified.pod).error;
}

export function preFilter(h: Handle | undefined, state: CycleState, pod: PodInfo): { result?: PreFilterResult; status?: Status } {
  const { claims, error } = podClaims(h, pod.pod);
  if (error) return { status: unschedulable(error) };
  if (!claims.length) return { status: newStatus(Code.Skip) };
  for (const claim of claims) {
    if ((claim.status as Any | undefined)?.allocation) continue;
    for (const r of (((claim.spec as Any)?.devices?.requests ?? []) as Any[])) {
      const wanted: [string, string][] = r?.exactly ? [[r.name, r.exactly.deviceClassName]] : ((r?.firstAvailable ?? []) as Any[]).map((s) => [`${r.name}/${s?.name}`, s?.deviceClassName]);
      for (const [request, cls] of wanted) {
        if (cls && !h?.deviceClass?.(cls)) return { status: unschedulable(`request ${request}: device class ${cls} does not exist`) };
      }
    }
  }
  state.write(STATE_KEY, claims);
  return {};
}

/** No driver publishes devices here: an unallocated claim fits no node. */
export function filter(state: CycleState): Status | null {
  const claims = state.read<KObject[]>(STATE_KEY);
  if (!claims?.length) return null;
  return claims.some((c) => !(c.status as Any | undefined)?.allocation) ? unschedulable('cannot allocate all claims') : null;
}

/** PostFilter of a pod whose claims PreFilter read: none allocated to give back. */
export function postFilter(state: CycleState): Status | undefined {
  return state.read<KObject[]>(STATE_KEY)?.length ? newStatus(Code.Unschedulable, 'still not schedulable') : undefined;
}

provideClaimsCode({ preEnqueue, preFilter, filter, postFilter, afterClaimChange, afterPodChange });
