/**
 * VolumeBinding (pkg/scheduler/framework/plugins/volumebinding, v1.35): a pod's PersistentVolumeClaims must exist,
 * and those of Immediate classes be bound, before it is scheduled; a bound claim's volume must be reachable from the
 * node, and a WaitForFirstConsumer claim must have an Available volume there, which PreBind then reserves for it.
 * The checks load on first use (impl.ts), with the volume controllers, at the lab's first volume or claim: this part
 * only skips pods without claims, which is every pod until then.
 */
import { ActionType, type ClusterEventWithHint } from '../../framework/cluster-event.js';
import { Code, newStatus, type FilterPlugin, type PreFilterPlugin } from '../../framework/types.js';
import type { Handle } from '../../framework/handle.js';
import type { Client } from '../../../api/client.js';
import type { PodInfo } from '../../framework/pod-info.js';
import { lazyModule } from '../../../util/lazy-module.js';

export const NAME = 'VolumeBinding';
const impl = lazyModule(() => import('./impl.js'));
export const loadVolumeBinding = () => impl.load();

type Claimed = { volumes?: { persistentVolumeClaim?: { claimName: string } }[] } | undefined;
const claimOf = (pod: PodInfo) => (pod.pod.spec as Claimed)?.volumes?.find((v) => v.persistentVolumeClaim)?.persistentVolumeClaim;
const hasClaims = (pod: PodInfo) => !!claimOf(pod);

/** Until the checks have loaded no claim has been seen (they load with the first one), so the pod's does not exist. */
function notLoaded(pod: PodInfo): { status: ReturnType<typeof newStatus> } {
  void impl.load();
  return { status: newStatus(Code.UnschedulableAndUnresolvable, `persistentvolumeclaim "${claimOf(pod)!.claimName}" not found`) };
}

/** EventsToRegister with queueing hints on: classes, claims and volumes added or updated, nodes added or relabelled. */
const EVENTS: ClusterEventWithHint[] = [
  ...(['StorageClass', 'PersistentVolumeClaim', 'PersistentVolume'] as const).map((resource) => ({ event: { resource, actionType: ActionType.Add | ActionType.Update } })),
  { event: { resource: 'Node', actionType: ActionType.Add | ActionType.UpdateNodeLabel } },
];

export function newPlugin(h: Handle): PreFilterPlugin & FilterPlugin {
  return {
    name: NAME,
    eventsToRegister: () => EVENTS,
    preFilter: (state, pod) => (!hasClaims(pod) ? { status: newStatus(Code.Skip) } : impl.loaded()?.preFilter(h, state, pod) ?? notLoaded(pod)),
    filter: (state, pod, node) => impl.loaded()?.filter(h, state, pod, node) ?? null,
  };
}

/** PreBind: reserves the volumes chosen for the pod's WaitForFirstConsumer claims on `node` (a no-op for other pods). */
export function preBind(h: Handle, client: Client, pod: PodInfo, node: string): void {
  if (hasClaims(pod)) impl.loaded()?.preBind(h, client, pod, node);
}
