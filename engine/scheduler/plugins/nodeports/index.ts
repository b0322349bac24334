/** NodePorts: two pods cannot bind the same hostPort/protocol on one IP (0.0.0.0 overlaps every IP). */
import { Code, newStatus, type FilterPlugin, type PreFilterPlugin } from '../../framework/types.js';
import type { HostPort } from '../../framework/pod-info.js';
import * as names from '../names.js';

export const NAME = names.NodePorts;
export const ERR_REASON = "node(s) didn't have free ports for the requested pod ports";
const ANY_IP = '0.0.0.0';

/** HostPortInfo.CheckConflict over the node's used ports ("protocol/port" → IPs). */
export function fits(wanted: readonly HostPort[], used: ReadonlyMap<string, ReadonlyMap<string, number>>): boolean {
  for (const hp of wanted) {
    const ips = used.get(`${hp.protocol}/${hp.port}`);
    if (!ips || ips.size === 0) continue;
    if (hp.ip === ANY_IP || ips.has(ANY_IP) || ips.has(hp.ip)) return false;
  }
  return true;
}

export function newPlugin(): PreFilterPlugin & FilterPlugin {
  return {
    name: NAME,
    preFilter(_s, pod) {
      // "Skip if a pod has no ports": its Filter is then not run on any node.
      return pod.hostPorts.length === 0 ? { status: newStatus(Code.Skip) } : {};
    },
    filter(_s, pod, node) {
      if (pod.hostPorts.length === 0) return null;
      return fits(pod.hostPorts, node.usedPorts) ? null : newStatus(Code.Unschedulable, ERR_REASON);
    },
  };
}
