/** NodePorts: two pods cannot bind the same hostPort/protocol on one IP (0.0.0.0 overlaps every IP). */
import { ActionType, type ClusterEventWithHint } from '../../framework/cluster-event.js';
import { Code, newStatus, type FilterPlugin, type PreFilterPlugin } from '../../framework/types.js';
import type { HostPort, PodInfo } from '../../framework/pod-info.js';
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

/** The HostPortInfo of a pod's ports ("protocol/port" → IPs). */
function usedPortsOf(ports: readonly HostPort[]): Map<string, Map<string, number>> {
  const used = new Map<string, Map<string, number>>();
  for (const hp of ports) {
    const key = `${hp.protocol}/${hp.port}`;
    let ips = used.get(key);
    if (!ips) used.set(key, (ips = new Map()));
    ips.set(hp.ip, (ips.get(hp.ip) ?? 0) + 1);
  }
  return used;
}

/**
 * isSchedulableAfterPodDeleted: an assigned pod went away that held a host
 * port the pending pod wants (same protocol and port, overlapping IP).
 */
export function isSchedulableAfterPodDeleted(pod: PodInfo, deleted: PodInfo): boolean {
  if (!deleted.nodeName) return false;
  if (deleted.hostPorts.length === 0) return false;
  return !fits(pod.hostPorts, usedPortsOf(deleted.hostPorts));
}

/** EventsToRegister (v1.35, queueing hints on): Pod Delete (hint), Node Add (always Queue). */
export function eventsToRegister(): ClusterEventWithHint[] {
  return [
    { event: { resource: 'Pod', actionType: ActionType.Delete }, hint: (pod, old) => isSchedulableAfterPodDeleted(pod, old) },
    { event: { resource: 'Node', actionType: ActionType.Add } },
  ];
}

export function newPlugin(): PreFilterPlugin & FilterPlugin {
  return {
    name: NAME,
    eventsToRegister,
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
