/**
 * DynamicResources (pkg/scheduler/framework/plugins/dynamicresources, DRA, on by default since v1.34). A kubeadm
 * cluster runs no DRA driver: no ResourceSlice publishes a device, so a pod that names a ResourceClaim (by
 * resourceClaimName) is never placed. PreFilter reads the pod's claims and their device classes (a missing class
 * stops it there); Filter then finds no device on any node, "cannot allocate all claims"; PostFilter has nothing to
 * deallocate, "still not schedulable". For every other pod only the PostFilter shows, and it always says the same
 * thing: that is where "no new claims to deallocate, " in every v1.35 FailedScheduling message comes from.
 */
import type { KObject } from '../../../api/meta.js';
import type { Handle } from '../../framework/handle.js';
import { Code, newStatus, type FilterPlugin, type PostFilterPlugin, type PreFilterPlugin } from '../../framework/types.js';
import * as names from '../names.js';

export const NAME = names.DynamicResources;
export const MSG_NO_CLAIMS = 'no new claims to deallocate';
const STATE_KEY = 'PreFilter' + NAME;

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The claims a pod names directly (a template's claim is made by kube-controller-manager, which this cluster's lacks). */
const claimNames = (pod: KObject): string[] => (((pod.spec as Any)?.resourceClaims ?? []) as Any[]).map((c) => c?.resourceClaimName).filter((n): n is string => !!n);

/** statusUnschedulable: DRA's rejections are UnschedulableAndUnresolvable, so preemption is no help. */
const unschedulable = (reason: string) => newStatus(Code.UnschedulableAndUnresolvable, reason);

export function newPlugin(h?: Handle): PreFilterPlugin & FilterPlugin & PostFilterPlugin {
  return {
    name: NAME,
    preFilter(state, pod) {
      const names = claimNames(pod.pod);
      if (!names.length) return { status: newStatus(Code.Skip) };
      const ns = pod.pod.metadata.namespace ?? '';
      const claims: KObject[] = [];
      for (const name of names) {
        const claim = h?.resourceClaim?.(ns, name);
        if (!claim) return { status: unschedulable(`resourceclaim.resource.k8s.io "${name}" not found`) };
        if (claim.metadata.deletionTimestamp) return { status: unschedulable(`resourceclaim "${name}" is being deleted`) };
        claims.push(claim);
      }
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
    },
    // No driver publishes devices here: an unallocated claim fits no node.
    filter(state, _pod, _node) {
      const claims = state.read<KObject[]>(STATE_KEY);
      if (!claims?.length) return null;
      return claims.some((c) => !(c.status as Any | undefined)?.allocation) ? unschedulable('cannot allocate all claims') : null;
    },
    postFilter(state, _pod, statuses) {
      if (state.read<KObject[]>(STATE_KEY)?.length) return newStatus(Code.Unschedulable, 'still not schedulable');
      // A plugin's PreFilter rejected the pod before DRA's ran (VolumeBinding's "pod has unbound immediate
      // PersistentVolumeClaims"): DRA has no state for it and adds nothing, as real v1.35 messages show.
      if (statuses.absent.plugin && statuses.len() === 0) return newStatus(Code.Unschedulable);
      return newStatus(Code.Unschedulable, MSG_NO_CLAIMS);
    },
  };
}
