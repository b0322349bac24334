/**
 * SchedulingGates (pkg/scheduler/framework/plugins/schedulinggates, v1.35): a
 * PreEnqueue plugin. A pod with spec.schedulingGates never reaches activeQ: it
 * waits in the unschedulable pool, with no scheduling attempt and so no
 * FailedScheduling event, until an update removes its last gate.
 */
import { ActionType, type ClusterEventWithHint } from '../../framework/cluster-event.js';
import type { PodInfo } from '../../framework/pod-info.js';
import { Code, newStatus, type PreEnqueuePlugin, type Status } from '../../framework/types.js';
import * as names from '../names.js';

export const NAME = names.SchedulingGates;

export function preEnqueue(pod: PodInfo): Status | null {
  const gates = (pod.pod.spec as { schedulingGates?: { name?: string }[] } | undefined)?.schedulingGates;
  if (!gates?.length) return null;
  // Go's %v of a []string: `[a b]`.
  return newStatus(Code.UnschedulableAndUnresolvable, `waiting for scheduling gates: [${gates.map((g) => g.name ?? '').join(' ')}]`);
}

/** EventsToRegister (queueing hints on): only the update that removes the last gate, always Queue. */
export function eventsToRegister(): ClusterEventWithHint[] {
  return [{ event: { resource: 'Pod', actionType: ActionType.UpdatePodSchedulingGatesEliminated }, hint: () => true }];
}

export function newPlugin(): PreEnqueuePlugin {
  return { name: NAME, eventsToRegister, preEnqueue };
}
