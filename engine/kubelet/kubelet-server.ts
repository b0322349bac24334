/**
 * The kubelet's HTTPS server as the API server reaches it for a pod's logs,
 * exec, attach and port-forward: on the node's address and port 10250. A
 * stopped kubelet refuses the connection; a machine without power does not
 * answer. Those failures reach kubectl as the API server words them.
 */
import { unknownError } from '../api/errors.js';
import type { KObject } from '../api/meta.js';
import type { Kubelet } from './kubelet.js';

export interface KubeletHost {
  readonly kubelets: ReadonlyMap<string, Kubelet>;
  /** The Node object (its InternalIP is what the API server dials). */
  node(name: string): KObject | undefined;
}

/** A cluster's kubelets and Nodes as the API server sees them. */
export function kubeletHostOf(cluster: { kubelets: ReadonlyMap<string, Kubelet>; apiserver: { tryGet(resource: string, namespace: string | undefined, name: string): KObject | undefined } }): KubeletHost {
  return { kubelets: cluster.kubelets, node: (name) => cluster.apiserver.tryGet('nodes', undefined, name) };
}

/** The kubelet's HTTPS port, where the API server sends log, exec, attach and port-forward requests. */
export const KUBELET_PORT = 10250;

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The address the API server dials (--kubelet-preferred-address-types, InternalIP first as kubeadm sets it). */
function kubeletAddress(node: KObject | undefined, nodeName: string): string {
  const addresses = ((node?.status as Any | undefined)?.addresses ?? []) as { type: string; address: string }[];
  return addresses.find((a) => a.type === 'InternalIP')?.address ?? addresses.find((a) => a.type === 'Hostname')?.address ?? nodeName;
}

/**
 * The kubelet behind `nodeName`, or the error the API server answers with when it cannot dial it: a stopped
 * kubelet's port refuses the connection; a machine without power does not answer at all. `request` writes the
 * failed request the way the API server's transport names it, given host:port.
 */
export function dialKubelet(host: KubeletHost, nodeName: string, request: (hostPort: string) => string): Kubelet {
  const kubelet = host.kubelets.get(nodeName);
  if (kubelet?.running()) return kubelet;
  const ip = kubeletAddress(host.node(nodeName), nodeName);
  const hostPort = `${ip}:${KUBELET_PORT}`;
  const why = kubelet && !kubelet.poweredOn() ? 'no route to host' : 'connection refused';
  // Not an API status: the API server answers a 500 with no reason ("Error from server: …").
  throw unknownError(`${request(hostPort)}dial tcp ${hostPort}: connect: ${why}`);
}

/** The dial of exec, attach and cp: the API server's upgrade proxy words a failure "error dialing backend". */
export function dialForStream(host: KubeletHost, nodeName: string): Kubelet {
  return dialKubelet(host, nodeName, () => 'error dialing backend: ');
}
