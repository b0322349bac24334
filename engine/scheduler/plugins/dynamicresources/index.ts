/**
 * DynamicResources (pkg/scheduler/framework/plugins/dynamicresources, DRA, on by default since v1.34). For a pod
 * without ResourceClaims only its PostFilter shows, and it always says the same thing: that is where "no new claims
 * to deallocate, " in every v1.35 FailedScheduling message comes from. A pod that names claims waits at PreEnqueue
 * (no attempt, no event) until each of them exists, then is handled by claims.ts, which loads with resource.k8s.io's
 * kinds.
 */
import type { KObject } from '../../../api/meta.js';
import { ActionType, type ClusterEventWithHint } from '../../framework/cluster-event.js';
import type { Handle } from '../../framework/handle.js';
import { Code, newStatus, type FilterPlugin, type PostFilterPlugin, type PreEnqueuePlugin, type PreFilterPlugin } from '../../framework/types.js';
import * as names from '../names.js';

export const NAME = names.DynamicResources;
export const MSG_NO_CLAIMS = 'no new claims to deallocate';
/** claims.ts, once resource.k8s.io's code has loaded it (it sets itself here). */
type ClaimsCode = Pick<typeof import('./claims.js'), 'preEnqueue' | 'preFilter' | 'filter' | 'postFilter' | 'afterClaimChange' | 'afterPodChange'>;
let claimsCode: ClaimsCode | undefined;
export function provideClaimsCode(code: ClaimsCode): void {
  claimsCode = code;
}

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The pod's spec.resourceClaims entries. */
export const podResourceClaims = (pod: KObject): Any[] => (((pod.spec as Any)?.resourceClaims ?? []) as Any[]);

/** statusUnschedulable: DRA's rejections are UnschedulableAndUnresolvable, so preemption is no help. */
export const unschedulable = (reason: string) => newStatus(Code.UnschedulableAndUnresolvable, reason);

/**
 * EventsToRegister (v1.35, queueing hints on): nodes added or relabelled, a claim of the pod created or its status
 * changed (or any claim deallocated), the pod's own claim recorded by kube-controller-manager, classes and slices
 * added or updated.
 */
function eventsToRegister(h: Handle | undefined): ClusterEventWithHint[] {
  return [
    { event: { resource: 'Node', actionType: ActionType.Add | ActionType.UpdateNodeLabel } },
    // Until resource.k8s.io's code has loaded no claim exists: nothing to judge, the pod stays where it is.
    { event: { resource: 'ResourceClaim', actionType: ActionType.Add | ActionType.Update }, hint: (pod, oldClaim, claim) => !!claimsCode?.afterClaimChange(h, pod, oldClaim, claim) },
    { event: { resource: 'Pod', actionType: ActionType.UpdatePodGeneratedResourceClaim }, hint: (pod, _old, modified) => !!claimsCode?.afterPodChange(h, pod, modified) },
    { event: { resource: 'DeviceClass', actionType: ActionType.Add | ActionType.Update } },
    { event: { resource: 'ResourceSlice', actionType: ActionType.Add | ActionType.Update } },
  ];
}

export function newPlugin(h?: Handle): PreEnqueuePlugin & PreFilterPlugin & FilterPlugin & PostFilterPlugin {
  return {
    name: NAME,
    eventsToRegister: () => eventsToRegister(h),
    preEnqueue(pod) {
      if (!podResourceClaims(pod.pod).length) return null;
      // Before resource.k8s.io's code has loaded no claim exists (the text is only ever logged).
      return claimsCode ? claimsCode.preEnqueue(h, pod) : unschedulable('ResourceClaim not created yet');
    },
    preFilter(state, pod) {
      if (!podResourceClaims(pod.pod).length) return { status: newStatus(Code.Skip) };
      return claimsCode?.preFilter(h, state, pod) ?? { status: unschedulable('ResourceClaim not created yet') };
    },
    filter: (state) => claimsCode?.filter(state) ?? null,
    postFilter(state, _pod, statuses) {
      const claims = claimsCode?.postFilter(state);
      if (claims) return claims;
      // A plugin's PreFilter rejected the pod before DRA's ran (VolumeBinding's "pod has unbound immediate
      // PersistentVolumeClaims"): DRA has no state for it and adds nothing, as real v1.35 messages show.
      if (statuses.absent.plugin && statuses.len() === 0) return newStatus(Code.Unschedulable);
      return newStatus(Code.Unschedulable, MSG_NO_CLAIMS);
    },
  };
}
