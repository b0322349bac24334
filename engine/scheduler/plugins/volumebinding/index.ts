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

const hasClaims = (pod: PodInfo) => !!(pod.pod.spec as { volumes?: { persistentVolumeClaim?: unknown }[] } | undefined)?.volumes?.some((v) => v.persistentVolumeClaim);

/** EventsToRegister with queueing hints on: claims, volumes and classes added or updated, nodes added or relabelled. */
export function eventsToRegister(): ClusterEventWithHint[] {
  const addOrUpdate = ActionType.Add | ActionType.Update;
  return [
    { event: { resource: 'StorageClass', actionType: addOrUpdate } }, { event: { resource: 'PersistentVolumeClaim', actionType: addOrUpdate } },
    { event: { resource: 'PersistentVolume', actionType: addOrUpdate } }, { event: { resource: 'Node', actionType: ActionType.Add | ActionType.UpdateNodeLabel } },
  ];
}

export function newPlugin(h: Handle): PreFilterPlugin & FilterPlugin {
  return {
    name: NAME,
    eventsToRegister,
    preFilter(state, pod) {
      if (!hasClaims(pod)) return { status: newStatus(Code.Skip) };
      const m = impl.loaded();
      if (m) return m.preFilter(h, state, pod);
      void impl.load();
      // Not loaded: no claim has been seen yet, so this one does not exist.
      const name = (pod.pod.spec as { volumes: { persistentVolumeClaim?: { claimName: string } }[] }).volumes.find((v) => v.persistentVolumeClaim)!.persistentVolumeClaim!.claimName;
      return { status: newStatus(Code.UnschedulableAndUnresolvable, `persistentvolumeclaim "${name}" not found`) };
    },
    filter(state, pod, node) {
      return impl.loaded()?.filter(h, state, pod, node) ?? null;
    },
  };
}

/** PreBind: reserves the volumes chosen for the pod's WaitForFirstConsumer claims on `node` (a no-op for other pods). */
export function preBind(h: Handle, client: Client, pod: PodInfo, node: string): void {
  if (hasClaims(pod)) impl.loaded()?.preBind(h, client, pod, node);
}
