/**
 * NodeResourcesFit: a pod fits when each of its requests fits in what the
 * node's allocatable leaves after the requests of the pods already there, and
 * the node has room for one more pod. Scores with LeastAllocated (cpu and
 * memory, weight 1 each), the default scoring strategy.
 */
import { Code, MAX_NODE_SCORE, newStatus, type FilterPlugin, type PreScorePlugin, type ScorePlugin } from '../../framework/types.js';
import type { KObject } from '../../../api/meta.js';
import { ActionType, type ClusterEventWithHint } from '../../framework/cluster-event.js';
import { NodeInfo, type NodeNumbers } from '../../framework/node-info.js';
import type { PodInfo, Resource } from '../../framework/pod-info.js';
import * as names from '../names.js';

export const NAME = names.NodeResourcesFit;
export const REASON_TOO_MANY_PODS = 'Too many pods';
export const REASON_INSUFFICIENT_CPU = 'Insufficient cpu';
export const REASON_INSUFFICIENT_MEMORY = 'Insufficient memory';
export const REASON_INSUFFICIENT_EPHEMERAL_STORAGE = 'Insufficient ephemeral-storage';
export const insufficient = (resource: string): string => `Insufficient ${resource}`;

export interface InsufficientResource {
  resource: string;
  reason: string;
  requested: number;
  used: number;
  capacity: number;
  /** The request exceeds the whole node: evicting pods (preemption) cannot help. */
  unresolvable: boolean;
}

/** fitsRequest: every resource the node lacks for the pod, in the order Kubernetes checks them. */
export function fitsRequest(req: Resource, node: Pick<NodeInfo, 'allocatable' | 'requested'> & { pods: { size: number } }): InsufficientResource[] {
  const out: InsufficientResource[] = [];
  const a = node.allocatable;
  const used = node.requested;
  if (node.pods.size + 1 > a.allowedPodNumber) {
    out.push({ resource: 'pods', reason: REASON_TOO_MANY_PODS, requested: 1, used: node.pods.size, capacity: a.allowedPodNumber, unresolvable: false });
  }
  if (req.milliCPU === 0 && req.memory === 0 && req.ephemeralStorage === 0 && !req.scalar?.size) return out;
  if (req.milliCPU > 0 && req.milliCPU > a.milliCPU - used.milliCPU) {
    out.push({ resource: 'cpu', reason: REASON_INSUFFICIENT_CPU, requested: req.milliCPU, used: used.milliCPU, capacity: a.milliCPU, unresolvable: req.milliCPU > a.milliCPU });
  }
  if (req.memory > 0 && req.memory > a.memory - used.memory) {
    out.push({ resource: 'memory', reason: REASON_INSUFFICIENT_MEMORY, requested: req.memory, used: used.memory, capacity: a.memory, unresolvable: req.memory > a.memory });
  }
  if (req.ephemeralStorage > 0 && req.ephemeralStorage > a.ephemeralStorage - used.ephemeralStorage) {
    out.push({ resource: 'ephemeral-storage', reason: REASON_INSUFFICIENT_EPHEMERAL_STORAGE, requested: req.ephemeralStorage, used: used.ephemeralStorage, capacity: a.ephemeralStorage, unresolvable: req.ephemeralStorage > a.ephemeralStorage });
  }
  if (req.scalar) {
    for (const [name, q] of req.scalar) {
      if (q === 0) continue;
      const cap = a.scalar?.get(name) ?? 0;
      const u = used.scalar?.get(name) ?? 0;
      if (q > cap - u) out.push({ resource: name, reason: insufficient(name), requested: q, used: u, capacity: cap, unresolvable: q > cap });
    }
  }
  return out;
}

/** Whether fitsRequest would find nothing missing, without allocating (and reading the node's plain numbers). */
export function fitsAll(req: Resource, node: NodeNumbers & Pick<NodeInfo, 'allocatable' | 'requested'>): boolean {
  if (node.podCount + 1 > node.allowedPodNumber) return false;
  if (req.milliCPU > 0 && req.milliCPU > node.allocatableMilliCPU - node.requestedMilliCPU) return false;
  if (req.memory > 0 && req.memory > node.allocatableMemory - node.requestedMemory) return false;
  if (req.ephemeralStorage > 0 && req.ephemeralStorage > node.allocatableEphemeralStorage - node.requestedEphemeralStorage) return false;
  if (req.scalar) {
    const a = node.allocatable;
    const used = node.requested;
    for (const [name, q] of req.scalar) {
      if (q !== 0 && q > (a.scalar?.get(name) ?? 0) - (used.scalar?.get(name) ?? 0)) return false;
    }
  }
  return true;
}

/** leastRequestedScore: the free share of the node after placing the pod, 0–100. */
export function leastRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0 || requested > capacity) return 0;
  return Math.trunc(((capacity - requested) * MAX_NODE_SCORE) / capacity);
}

/**
 * LeastAllocated over cpu and memory with weight 1 each, on non-zero requests
 * (a container without requests counts as 100m / 200Mi so empty pods still spread).
 * Example: 4-core node with 1 core requested, pod asks 1 core → cpu (4000−2000)·100/4000 = 50.
 */
export function leastAllocatedScore(podNonZero: Resource, node: NodeNumbers): number {
  let score = 0;
  let weights = 0;
  if (node.allocatableMilliCPU > 0) {
    score += leastRequestedScore(node.nonZeroMilliCPU + podNonZero.milliCPU, node.allocatableMilliCPU);
    weights++;
  }
  if (node.allocatableMemory > 0) {
    score += leastRequestedScore(node.nonZeroMemory + podNonZero.memory, node.allocatableMemory);
    weights++;
  }
  return weights === 0 ? 0 : Math.trunc(score / weights);
}

/**
 * isSchedulableAfterPodEvent. A deleted assigned pod may free what the
 * pending pod needs: Queue. A scale-down (InPlacePodVerticalScaling, GA in
 * v1.35) queues when it is the pending pod itself, or an assigned pod whose
 * request of something the pending pod asks for went down. Because a general
 * Pod update also matches UpdatePodScaleDown, any update of the pending pod
 * itself queues.
 */
export function isSchedulableAfterPodEvent(pod: PodInfo, oldPod: PodInfo | undefined, newPod: PodInfo | undefined): boolean {
  if (!newPod) return !!oldPod?.nodeName;
  if (newPod.uid === pod.uid) return true;
  if (!newPod.nodeName || !oldPod) return false;
  const want = pod.requests;
  const o = oldPod.requests;
  const n = newPod.requests;
  if (want.milliCPU > 0 && o.milliCPU > n.milliCPU) return true;
  if (want.memory > 0 && o.memory > n.memory) return true;
  if (want.ephemeralStorage > 0 && o.ephemeralStorage > n.ephemeralStorage) return true;
  if (want.scalar) for (const [k, v] of want.scalar) if (v > 0 && (o.scalar?.get(k) ?? 0) > (n.scalar?.get(k) ?? 0)) return true;
  return false;
}

function nodeInfoOf(node: KObject): NodeInfo {
  const ni = new NodeInfo(node.metadata.name ?? '');
  ni.setNode(node);
  return ni;
}

/** haveAnyRequestedResourcesIncreased: more pods allowed, or more of something the pod requests. */
function requestedResourcesIncreased(req: Resource, before: NodeInfo, after: NodeInfo): boolean {
  const o = before.allocatable;
  const n = after.allocatable;
  if (n.allowedPodNumber > o.allowedPodNumber) return true;
  if (req.milliCPU === 0 && req.memory === 0 && req.ephemeralStorage === 0 && !req.scalar?.size) return false;
  if ((req.milliCPU > 0 && n.milliCPU > o.milliCPU) || (req.memory > 0 && n.memory > o.memory) || (req.ephemeralStorage > 0 && n.ephemeralStorage > o.ephemeralStorage)) return true;
  if (req.scalar) for (const [k, v] of req.scalar) if (v !== 0 && (n.scalar?.get(k) ?? 0) > (o.scalar?.get(k) ?? 0)) return true;
  return false;
}

/**
 * isSchedulableAfterNodeChange: the pod would fit on the node were it empty
 * (isFit), and the node is new or some allocatable the pod asks for grew.
 */
export function isSchedulableAfterNodeChange(pod: PodInfo, oldNode: KObject | undefined, newNode: KObject): boolean {
  const after = nodeInfoOf(newNode);
  if (fitsRequest(pod.requests, after).length !== 0) return false;
  if (!oldNode) return true;
  return requestedResourcesIncreased(pod.requests, nodeInfoOf(oldNode), after);
}

/** EventsToRegister (v1.35, queueing hints and in-place resize on): Pod Delete|UpdatePodScaleDown, Node Add|UpdateNodeAllocatable. */
export function eventsToRegister(): ClusterEventWithHint[] {
  return [
    { event: { resource: 'Pod', actionType: ActionType.Delete | ActionType.UpdatePodScaleDown }, hint: isSchedulableAfterPodEvent },
    { event: { resource: 'Node', actionType: ActionType.Add | ActionType.UpdateNodeAllocatable }, hint: isSchedulableAfterNodeChange },
  ];
}

export function newPlugin(): FilterPlugin & PreScorePlugin & ScorePlugin {
  return {
    name: NAME,
    eventsToRegister,
    filter(_s, pod, node) {
      // Most nodes fit: answer those without building the list of what is missing.
      if (fitsAll(pod.requests, node)) return null;
      const missing = fitsRequest(pod.requests, node);
      if (missing.length === 0) return null;
      let code = Code.Unschedulable;
      const reasons: string[] = [];
      for (const m of missing) {
        reasons.push(m.reason);
        if (m.unresolvable) code = Code.UnschedulableAndUnresolvable;
      }
      return newStatus(code, ...reasons);
    },
    preScore() {
      return null;
    },
    score(_s, pod, node) {
      return leastAllocatedScore(pod.nonZero, node);
    },
    scoreNodes(_s, pod, nodes, scores) {
      for (let i = 0; i < nodes.length; i++) scores[i] = leastAllocatedScore(pod.nonZero, nodes[i]);
    },
  };
}
