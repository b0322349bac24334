/**
 * NodeResourcesBalancedAllocation: prefers nodes whose cpu and memory would be
 * used in similar proportions after placing the pod (on actual requests).
 * Pods that request nothing skip it (kubernetes#129138), so they spread by
 * LeastAllocated instead of piling onto one node.
 */
import { Code, MAX_NODE_SCORE, newStatus, type PreScorePlugin, type ScorePlugin } from '../../framework/types.js';
import type { NodeNumbers } from '../../framework/node-info.js';
import { hasRequests, type Resource } from '../../framework/pod-info.js';
import * as names from '../names.js';

export const NAME = names.NodeResourcesBalancedAllocation;

/**
 * balancedResourceScorer: (1 − std of the used fractions) × 100; with two
 * resources std = |f1 − f2| / 2. Example: cpu 50 %, memory 10 % → std 0.2 → 80.
 */
export function balancedScore(requested: readonly number[], allocatable: readonly number[]): number {
  const fractions: number[] = [];
  let total = 0;
  for (let i = 0; i < requested.length; i++) {
    if (allocatable[i] === 0) continue;
    const f = Math.min(requested[i] / allocatable[i], 1);
    total += f;
    fractions.push(f);
  }
  let std = 0;
  if (fractions.length === 2) std = Math.abs((fractions[0] - fractions[1]) / 2);
  else if (fractions.length > 2) {
    const mean = total / fractions.length;
    let sum = 0;
    for (const f of fractions) sum += (f - mean) * (f - mean);
    std = Math.sqrt(sum / fractions.length);
  }
  return Math.trunc((1 - std) * MAX_NODE_SCORE);
}

export function nodeBalancedScore(podRequests: Resource, node: NodeNumbers): number {
  const cpu = node.allocatableMilliCPU;
  const memory = node.allocatableMemory;
  // The two-resource case of balancedScore without its arrays: this runs for every scored node.
  if (cpu === 0 || memory === 0) {
    return balancedScore([node.requestedMilliCPU + podRequests.milliCPU, node.requestedMemory + podRequests.memory], [cpu, memory]);
  }
  const f1 = Math.min((node.requestedMilliCPU + podRequests.milliCPU) / cpu, 1);
  const f2 = Math.min((node.requestedMemory + podRequests.memory) / memory, 1);
  return Math.trunc((1 - Math.abs((f1 - f2) / 2)) * MAX_NODE_SCORE);
}

export function newPlugin(): PreScorePlugin & ScorePlugin {
  return {
    name: NAME,
    preScore(_s, pod) {
      return hasRequests(pod.requests) ? null : newStatus(Code.Skip);
    },
    score(_s, pod, node) {
      return nodeBalancedScore(pod.requests, node);
    },
    scoreNodes(_s, pod, nodes, scores) {
      for (let i = 0; i < nodes.length; i++) scores[i] = nodeBalancedScore(pod.requests, nodes[i]);
    },
  };
}
