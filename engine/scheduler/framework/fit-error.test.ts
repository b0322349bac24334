import { describe, expect, it } from 'vitest';
import { fitErrorMessage } from './fit-error.js';
import { numFeasibleNodesToFind } from './framework.js';
import { Code, NodeToStatus, newStatus } from './types.js';

function diag(entries: [string, ...string[]][]) {
  const m = new NodeToStatus();
  for (const [node, ...reasons] of entries) m.set(node, newStatus(Code.Unschedulable, ...reasons));
  return { nodeToStatus: m, unschedulablePlugins: new Set<string>(), preFilterMsg: '', postFilterMsg: '' };
}

describe('FitError message', () => {
  it('counts reasons per node and sorts them as strings', () => {
    const d = diag([['cp', 'node(s) had untolerated taint(s)'], ['w1', 'Insufficient cpu'], ['w2', 'Insufficient cpu', 'Insufficient memory']]);
    d.postFilterMsg = 'no new claims to deallocate, preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.';
    // The text a v1.35 kind cluster prints for a pod too big for its workers.
    expect(fitErrorMessage(3, d)).toBe('0/3 nodes are available: 1 Insufficient memory, 1 node(s) had untolerated taint(s), 2 Insufficient cpu. no new claims to deallocate, preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.');
  });
  it('counts absent nodes with the absent status, and uses the PreFilter message alone when PreFilter rejected', () => {
    const d = diag([['n1', 'Insufficient cpu']]);
    d.nodeToStatus.absent = newStatus(Code.UnschedulableAndUnresolvable, "node(s) didn't satisfy plugin(s) [NodeAffinity]");
    expect(fitErrorMessage(4, d)).toBe("0/4 nodes are available: 1 Insufficient cpu, 3 node(s) didn't satisfy plugin(s) [NodeAffinity].");
    const p = diag([]);
    p.preFilterMsg = 'pod affinity terms conflict';
    expect(fitErrorMessage(2, p)).toBe('0/2 nodes are available: pod affinity terms conflict.');
  });
  it('numFeasibleNodesToFind: adaptive percentage with a floor of 100 nodes', () => {
    expect(numFeasibleNodesToFind(50)).toBe(50);
    expect(numFeasibleNodesToFind(150)).toBe(100);
    expect(numFeasibleNodesToFind(5000)).toBe(500);
    expect(numFeasibleNodesToFind(10000)).toBe(500);
  });
});
