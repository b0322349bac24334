/**
 * DynamicResources for a pod that names ResourceClaims (index.ts): loaded with resource.k8s.io's kinds
 * (api/registry/resource-kinds.ts), before any claim can exist. PreFilter reads the pod's claims and their device
 * classes (a missing class stops it there); with no DRA driver nothing publishes a device, so Filter finds none on
 * any node, "cannot allocate all claims", and PostFilter has nothing to deallocate, "still not schedulable".
 */
import type { KObject } from '../../../api/meta.js';
import type { Handle } from '../../framework/handle.js';
import type { PodInfo } from '../../framework/pod-info.js';
import { Code, newStatus, type CycleState, type PreFilterResult, type Status } from '../../framework/types.js';
import { NAME, claimNames, claimNotFound, provideClaimsCode, unschedulable } from './index.js';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const STATE_KEY = 'PreFilter' + NAME;

export function preFilter(h: Handle | undefined, state: CycleState, pod: PodInfo): { result?: PreFilterResult; status?: Status } {
  const ns = pod.pod.metadata.namespace ?? '';
  const claims: KObject[] = [];
  for (const name of claimNames(pod.pod)) {
    const claim = h?.resourceClaim?.(ns, name);
    if (!claim) return { status: claimNotFound(name) };
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

provideClaimsCode({ preFilter, filter, postFilter });
