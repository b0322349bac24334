/**
 * DefaultPreemption's PostFilter, as far as its message goes: which nodes
 * preemption cannot help (rejected as UnschedulableAndUnresolvable), and on the
 * others whether there is any lower-priority pod to evict and whether the pod
 * would fit without them.
 *
 * Evicting victims is not simulated: when the pod would fit after evicting
 * lower-priority pods, this engine reports it like a node without victims.
 */
import { fitErrorMessage } from '../../framework/fit-error.js';
import type { Handle } from '../../framework/handle.js';
import { NodeInfo } from '../../framework/node-info.js';
import type { PodInfo } from '../../framework/pod-info.js';
import { Code, CycleState, NodeToStatus, newStatus, type PostFilterPlugin, type Status } from '../../framework/types.js';
import * as names from '../names.js';

export const NAME = names.DefaultPreemption;
export const MSG_NOT_HELPFUL = 'Preemption is not helpful for scheduling';
export const MSG_NO_VICTIMS = 'No preemption victims found for incoming pod';
export const MSG_POLICY_NEVER = 'not eligible due to preemptionPolicy=Never.';
export const PREEMPTION_PREFIX = 'preemption: ';

/** The status preemption leaves on one node that filtering rejected. */
export function preemptionStatus(filterStatus: Status, lowerPriorityPods: number, fitsWithoutThem: () => Status | null): Status {
  if (filterStatus.code === Code.UnschedulableAndUnresolvable) return newStatus(Code.UnschedulableAndUnresolvable, MSG_NOT_HELPFUL);
  if (lowerPriorityPods === 0) return newStatus(Code.UnschedulableAndUnresolvable, MSG_NO_VICTIMS);
  return fitsWithoutThem() ?? newStatus(Code.UnschedulableAndUnresolvable, MSG_NO_VICTIMS);
}

export function newPlugin(h: Handle): PostFilterPlugin {
  return {
    name: NAME,
    postFilter(_state, pod, statuses, allNodes) {
      if (pod.preemptionPolicy === 'Never') return newStatus(Code.Unschedulable, MSG_POLICY_NEVER);
      const out = new NodeToStatus();
      out.absent = newStatus(Code.UnschedulableAndUnresolvable, MSG_NOT_HELPFUL);
      for (const node of allNodes) {
        const s = statuses.get(node.name);
        const victims = s.code === Code.UnschedulableAndUnresolvable ? [] : [...node.pods.values()].filter((p) => p.priority < pod.priority);
        out.set(node.name, preemptionStatus(s, victims.length, () => dryRun(h, pod, node, victims)));
      }
      return newStatus(Code.Unschedulable, PREEMPTION_PREFIX + fitErrorMessage(allNodes.length, { nodeToStatus: out, unschedulablePlugins: new Set(), preFilterMsg: '', postFilterMsg: '' }));
    },
  };
}

/** SelectVictimsOnNode's first step: does the pod fit once every lower-priority pod is gone? */
function dryRun(h: Handle, pod: PodInfo, node: NodeInfo, victims: PodInfo[]): Status | null {
  const copy = new NodeInfo(node.name);
  copy.setNode(node.node!);
  const gone = new Set(victims.map((v) => v.uid));
  for (const p of node.pods.values()) if (!gone.has(p.uid)) copy.addPod(p);
  const fw = h.framework();
  const state = new CycleState();
  for (const pl of fw.preFilter) {
    const r = pl.preFilter(state, pod, h.cache.nodeList);
    if (r.status?.code === Code.Skip) state.skipFilter.add(pl.name);
    // The state was computed with the victims in place: take them out (RemovePod), e.g. their anti-affinity.
    else if (pl.removePod) for (const v of victims) pl.removePod(state, pod, v, node);
  }
  return fw.runFilterPlugins(state, pod, copy);
}
