/** NodeName: a pod that names its node (spec.nodeName) fits only there. */
import { ActionType, type ClusterEventWithHint } from '../../framework/cluster-event.js';
import { Code, newStatus, type FilterPlugin } from '../../framework/types.js';
import * as names from '../names.js';

export const NAME = names.NodeName;
export const ERR_REASON = "node(s) didn't match the requested node name";

export function fits(requested: string, nodeName: string): boolean {
  return !requested || requested === nodeName;
}

/** EventsToRegister (v1.35, queueing hints on): Node Add, without a hint (always Queue). */
export function eventsToRegister(): ClusterEventWithHint[] {
  return [{ event: { resource: 'Node', actionType: ActionType.Add } }];
}

export function newPlugin(): FilterPlugin {
  return {
    name: NAME,
    eventsToRegister,
    passesAll(_s, pod) {
      return !pod.nodeName;
    },
    filter(_s, pod, node) {
      return fits(pod.nodeName, node.name) ? null : newStatus(Code.UnschedulableAndUnresolvable, ERR_REASON);
    },
  };
}
