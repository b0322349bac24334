/**
 * DynamicResources (pkg/scheduler/framework/plugins/dynamicresources, DRA, on by default since v1.34). For a pod
 * without ResourceClaims only its PostFilter shows, and it always says the same thing: that is where "no new claims
 * to deallocate, " in every v1.35 FailedScheduling message comes from. A pod that names claims is handled by
 * claims.ts, which loads with resource.k8s.io's kinds.
 */
import type { KObject } from '../../../api/meta.js';
import type { Handle } from '../../framework/handle.js';
import { Code, newStatus, type FilterPlugin, type PostFilterPlugin, type PreFilterPlugin } from '../../framework/types.js';
import * as names from '../names.js';

export const NAME = names.DynamicResources;
export const MSG_NO_CLAIMS = 'no new claims to deallocate';
/** claims.ts, once resource.k8s.io's code has loaded it (it sets itself here). */
let claimsCode: typeof import('./claims.js') | undefined;
export function provideClaimsCode(code: typeof import('./claims.js')): void {
  claimsCode = code;
}

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The claims a pod names directly (a template's claim is made by kube-controller-manager, which this cluster's lacks). */
export const claimNames = (pod: KObject): string[] => (((pod.spec as Any)?.resourceClaims ?? []) as Any[]).map((c) => c?.resourceClaimName).filter((n): n is string => !!n);

/** statusUnschedulable: DRA's rejections are UnschedulableAndUnresolvable, so preemption is no help. */
export const unschedulable = (reason: string) => newStatus(Code.UnschedulableAndUnresolvable, reason);
export const claimNotFound = (name: string) => unschedulable(`resourceclaim.resource.k8s.io "${name}" not found`);

export function newPlugin(h?: Handle): PreFilterPlugin & FilterPlugin & PostFilterPlugin {
  return {
    name: NAME,
    preFilter(state, pod) {
      const claims = claimNames(pod.pod);
      if (!claims.length) return { status: newStatus(Code.Skip) };
      // Until resource.k8s.io's code has loaded no claim has been written: the pod's does not exist.
      return claimsCode?.preFilter(h, state, pod) ?? { status: claimNotFound(claims[0]) };
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
