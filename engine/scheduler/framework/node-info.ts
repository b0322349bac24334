/**
 * framework.NodeInfo: a node with running sums of what its pods request, so a
 * fit test is a few subtractions instead of a walk over the node's pods.
 */
import type { Node, Taint } from 'kubernetes-types/core/v1';
import type { KObject } from '../../api/meta.js';
import { bytes, milliCPU } from '../../util/quantity.js';
import type { PodInfo, Resource } from './pod-info.js';

export interface Allocatable extends Resource {
  allowedPodNumber: number;
}

/**
 * The numbers the filter and score loops read for every node of every cycle,
 * as plain fields of the NodeInfo itself: the same values as allocatable,
 * requested and nonZeroRequested (scalar resources aside) and pods.size, but
 * without an object of their own each. Walking 500 nodes per pod between
 * the API server's and the kubelets' work, every separate object is a cache
 * miss, and those misses were most of what a fit check cost.
 */
export interface NodeNumbers {
  podCount: number;
  allowedPodNumber: number;
  allocatableMilliCPU: number;
  allocatableMemory: number;
  allocatableEphemeralStorage: number;
  requestedMilliCPU: number;
  requestedMemory: number;
  requestedEphemeralStorage: number;
  nonZeroMilliCPU: number;
  nonZeroMemory: number;
}

export class NodeInfo implements NodeNumbers {
  // The hot fields first, so they share the object's first cache lines: taints, pod room and the id PodTopologySpread
  // counts by (every filtered and scored node of every pod), then cpu and memory, each allocatable, requested (the fit
  // filter, BalancedAllocation) and non-zero (LeastAllocated) side by side. A pod visits hundreds of nodes last read
  // many pods ago, and every other line of a NodeInfo it touches is a miss to memory.
  /** taints.length > 0 */
  hasTaints = false;
  /**
   * This NodeInfo's slot in the cache's per-node arrays (counts of pods matching
   * a selector, topology domains), stable while it exists and reused after it goes; −1 outside a cache.
   */
  id = -1;
  podCount = 0;
  allowedPodNumber = 0;
  allocatableMilliCPU = 0;
  requestedMilliCPU = 0;
  nonZeroMilliCPU = 0;
  allocatableMemory = 0;
  requestedMemory = 0;
  nonZeroMemory = 0;
  allocatableEphemeralStorage = 0;
  requestedEphemeralStorage = 0;
  /** The Node object; undefined while only pods reference the node (it may arrive later). */
  node?: KObject;
  labels: Record<string, string> = {};
  taints: Taint[] = [];
  unschedulable = false;
  allocatable: Allocatable = { milliCPU: 0, memory: 0, ephemeralStorage: 0, allowedPodNumber: 0 };
  /** Sum of the pods' requests (Requested). */
  readonly requested: Resource = { milliCPU: 0, memory: 0, ephemeralStorage: 0 };
  /** Same with default requests for containers that set none (NonZeroRequested). */
  readonly nonZeroRequested: Resource = { milliCPU: 0, memory: 0, ephemeralStorage: 0 };
  readonly pods = new Map<string, PodInfo>();
  /** "protocol/port" → host IPs bound (HostPortInfo). */
  readonly usedPorts = new Map<string, Map<string, number>>();
  /** Image names on the node (status.images) → size in bytes. */
  images = new Map<string, number>();
  /** Position in the cache's node list (−1 when not listed). */
  index = -1;

  constructor(readonly name: string) {}

  setNode(node: KObject): void {
    this.node = node;
    const n = node as unknown as Node;
    this.labels = n.metadata?.labels ?? {};
    this.taints = n.spec?.taints ?? [];
    this.hasTaints = this.taints.length > 0;
    this.unschedulable = !!n.spec?.unschedulable;
    const alloc = (n.status?.allocatable ?? {}) as Record<string, unknown>;
    const a: Allocatable = { milliCPU: 0, memory: 0, ephemeralStorage: 0, allowedPodNumber: 0 };
    for (const name in alloc) {
      switch (name) {
        case 'cpu': a.milliCPU = milliCPU(alloc[name]); break;
        case 'memory': a.memory = bytes(alloc[name]); break;
        case 'ephemeral-storage': a.ephemeralStorage = bytes(alloc[name]); break;
        case 'pods': a.allowedPodNumber = Math.floor(bytes(alloc[name])); break;
        default: (a.scalar ??= new Map()).set(name, bytes(alloc[name]));
      }
    }
    this.allocatable = a;
    this.allowedPodNumber = a.allowedPodNumber;
    this.allocatableMilliCPU = a.milliCPU;
    this.allocatableMemory = a.memory;
    this.allocatableEphemeralStorage = a.ephemeralStorage;
    const images = new Map<string, number>();
    for (const img of n.status?.images ?? []) for (const name of img.names ?? []) images.set(name, img.sizeBytes ?? 0);
    this.images = images;
  }

  addPod(p: PodInfo): void {
    this.pods.set(p.uid, p);
    this.update(p, 1);
  }

  removePod(uid: string): PodInfo | undefined {
    const p = this.pods.get(uid);
    if (!p) return undefined;
    this.pods.delete(uid);
    this.update(p, -1);
    return p;
  }

  private update(p: PodInfo, sign: 1 | -1): void {
    const r = p.requests;
    this.requested.milliCPU += sign * r.milliCPU;
    this.requested.memory += sign * r.memory;
    this.requested.ephemeralStorage += sign * r.ephemeralStorage;
    if (r.scalar) for (const [k, v] of r.scalar) (this.requested.scalar ??= new Map()).set(k, (this.requested.scalar.get(k) ?? 0) + sign * v);
    this.nonZeroRequested.milliCPU += sign * p.nonZero.milliCPU;
    this.nonZeroRequested.memory += sign * p.nonZero.memory;
    this.podCount = this.pods.size;
    this.requestedMilliCPU = this.requested.milliCPU;
    this.requestedMemory = this.requested.memory;
    this.requestedEphemeralStorage = this.requested.ephemeralStorage;
    this.nonZeroMilliCPU = this.nonZeroRequested.milliCPU;
    this.nonZeroMemory = this.nonZeroRequested.memory;
    for (const hp of p.hostPorts) {
      const key = `${hp.protocol}/${hp.port}`;
      let ips = this.usedPorts.get(key);
      if (!ips) this.usedPorts.set(key, (ips = new Map()));
      const n = (ips.get(hp.ip) ?? 0) + sign;
      if (n > 0) ips.set(hp.ip, n);
      else ips.delete(hp.ip);
      if (ips.size === 0) this.usedPorts.delete(key);
    }
  }
}

/**
 * V8 gives an object field the representation of the first values stored in it: a NodeInfo's memory sums start at
 * 0, a small integer, and switch to doubles when a node's memory requests pass 1 GiB (six default 200Mi pods). That
 * switch deprecates the shape every fit and score loop was compiled for, and they ran unoptimised after it. Storing
 * a fraction once here, before any real NodeInfo exists, makes the byte counts doubles from the start (as they end
 * up anyway); this object is thrown away. Pod counts and millicores stay small integers, kept in the object itself
 * (a double field is a separate box: one more memory read per node).
 */
function settleFieldRepresentations(): void {
  const warm = new NodeInfo('');
  const fraction = 0.5;
  warm.allocatableMemory = fraction;
  warm.requestedMemory = fraction;
  warm.nonZeroMemory = fraction;
  warm.allocatableEphemeralStorage = fraction;
  warm.requestedEphemeralStorage = fraction;
  for (const r of [warm.allocatable, warm.requested, warm.nonZeroRequested]) {
    r.memory = fraction;
    r.ephemeralStorage = fraction;
  }
}
settleFieldRepresentations();
