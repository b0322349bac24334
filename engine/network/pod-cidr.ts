/**
 * The pod network's address plan: kube-controller-manager's --cluster-cidr cut
 * into one block per node of --node-cidr-mask-size bits (the range allocator
 * of pkg/controller/nodeipam hands them out in order as nodes register), and
 * what flannel makes of a node's block: .0 on the overlay (flannel.1), .1 on
 * the bridge (cni0), pods from .2 to the last address before broadcast.
 */
import { intToIP, ipToInt, isIPv4 } from '../util/ipv4.js';

/** kubeadm's --pod-network-cidr as flannel's manifest expects it. */
export const DEFAULT_CLUSTER_CIDR = '10.244.0.0/16';
/** kube-controller-manager's default --node-cidr-mask-size for IPv4. */
export const DEFAULT_NODE_CIDR_MASK_SIZE = 24;
/** kubeadm's default --service-cidr, kube-apiserver's --service-cluster-ip-range. */
export const DEFAULT_SERVICE_SUBNET = '10.96.0.0/12';
/** Where the API server keeps a --service-cluster-ip-range other than the default (its allocators and ServiceCIDR read it). */
export const SERVICE_SUBNET_STATE = 'service-cluster-ip-range';

export interface PodNetworkOptions {
  clusterCIDR?: string;
  nodeCIDRMaskSize?: number;
  /**
   * kubeadm's --service-cidr (default 10.96.0.0/12), e.g. the /28 of the "Extend Service IP Ranges" task's cluster:
   * 10.96.0.0 with a prefix of 12 to 28, so the `kubernetes` Service (the first address) and kube-dns (the tenth) keep theirs.
   */
  serviceSubnet?: string;
}

/** An address's number, or undefined for a text that is not an IPv4 address (a host name, a hostNetwork pod's nothing). */
export function ipv4ToNumber(ip: string): number | undefined {
  return isIPv4(ip) ? ipToInt(ip) : undefined;
}

export class PodNetwork {
  readonly clusterCIDR: string;
  readonly nodeCIDRMaskSize: number;
  /** How many node blocks the cluster CIDR holds. */
  readonly capacity: number;
  /** Addresses in one node's block. */
  readonly blockSize: number;
  private readonly base: number;

  /** An error text (the cluster's own configuration, not a learner's input) when the options make no pod network. */
  static of(opts: PodNetworkOptions = {}): PodNetwork | string {
    const cidr = opts.clusterCIDR ?? DEFAULT_CLUSTER_CIDR;
    const mask = opts.nodeCIDRMaskSize ?? DEFAULT_NODE_CIDR_MASK_SIZE;
    const m = /^([0-9.]+)\/(\d{1,2})$/.exec(cidr);
    const addr = m ? ipv4ToNumber(m[1]) : undefined;
    const prefix = m ? Number(m[2]) : NaN;
    if (addr === undefined || !(prefix >= 0 && prefix <= 32)) return `clusterCIDR ${cidr} is not an IPv4 CIDR`;
    // A node's block must fit in the cluster CIDR and leave room for flannel's two addresses, a pod and broadcast.
    if (!Number.isInteger(mask) || mask <= prefix || mask > 29) return `nodeCIDRMaskSize ${mask} must be longer than clusterCIDR's /${prefix} and at most 29`;
    const svc = /^10\.96\.0\.0\/(\d\d)$/.exec(opts.serviceSubnet ?? DEFAULT_SERVICE_SUBNET);
    if (!svc || Number(svc[1]) < 12 || Number(svc[1]) > 28) return `serviceSubnet ${opts.serviceSubnet} must be 10.96.0.0/12 to 10.96.0.0/28`;
    return new PodNetwork(cidr, addr - (addr % 2 ** (32 - prefix)), prefix, mask);
  }

  private constructor(cidr: string, base: number, prefix: number, mask: number) {
    this.clusterCIDR = cidr;
    this.base = base;
    this.nodeCIDRMaskSize = mask;
    this.capacity = 2 ** (mask - prefix);
    this.blockSize = 2 ** (32 - mask);
  }

  /** The first address of node block `index`, as a number. */
  blockStart(index: number): number {
    return this.base + index * this.blockSize;
  }

  /** spec.podCIDR of the node-th node to register. */
  nodePodCIDR(index: number): string {
    return `${intToIP(this.blockStart(index))}/${this.nodeCIDRMaskSize}`;
  }

  /** Which node block an address falls in, or undefined outside the cluster CIDR. */
  blockOf(ip: string): number | undefined {
    const n = ipv4ToNumber(ip);
    if (n === undefined || n < this.base || n >= this.base + this.capacity * this.blockSize) return undefined;
    return Math.floor((n - this.base) / this.blockSize);
  }

  /** cni0 on the node: the gateway of its pods and the source of what the node sends them (probes, masqueraded traffic). */
  bridgeIP(index: number): string {
    return intToIP(this.blockStart(index) + 1);
  }

  /** flannel.1 on the node: the source of what it sends to another node's pods. */
  overlayIP(index: number): string {
    return intToIP(this.blockStart(index));
  }
}

/** cni0's address on a node with this spec.podCIDR (its block's first host). */
export function bridgeIPOf(podCIDR: string): string {
  return intToIP((ipv4ToNumber(podCIDR.split('/')[0]) ?? 0) + 1);
}
