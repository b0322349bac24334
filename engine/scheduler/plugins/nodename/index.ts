/** NodeName: a pod that names its node (spec.nodeName) fits only there. */
import { Code, newStatus, type FilterPlugin } from '../../framework/types.js';
import * as names from '../names.js';

export const NAME = names.NodeName;
export const ERR_REASON = "node(s) didn't match the requested node name";

export function fits(requested: string, nodeName: string): boolean {
  return !requested || requested === nodeName;
}

export function newPlugin(): FilterPlugin {
  return {
    name: NAME,
    passesAll(_s, pod) {
      return !pod.nodeName;
    },
    filter(_s, pod, node) {
      return fits(pod.nodeName, node.name) ? null : newStatus(Code.UnschedulableAndUnresolvable, ERR_REASON);
    },
  };
}
