import { describe, expect, it } from 'vitest';
import { DiagnosisStore } from './diagnosis.js';
import type { ScheduleResult } from './framework/framework.js';
import type { NodeInfo } from './framework/node-info.js';

function result(nodes: string[], scores: number[], weight: number): ScheduleResult {
  return {
    node: nodes[1], numAllNodes: nodes.length, evaluatedNodes: nodes.length,
    feasible: nodes.map((name) => ({ name }) as NodeInfo),
    totals: scores.map((s) => s * weight),
    pluginScores: [{ plugin: 'NodeResourcesFit', weight, scores }],
  };
}

describe('DiagnosisStore', () => {
  it('keeps each pod its own scores, small and large, across many records', () => {
    const store = new DiagnosisStore();
    for (let i = 0; i < 2_000; i++) store.record('default', `p${i}`, `u${i}`, 0, 1, result(['a', 'b', 'c'], [i % 101, 100, 7], i === 5 ? 1_000 : 1));
    const d = store.get('default', 'p1234')!;
    expect(d.node).toBe('b');
    // The chosen node comes first, then the others in evaluation order.
    expect(d.nodes.map((n) => [n.node, n.scores?.NodeResourcesFit, n.total, !!n.chosen])).toEqual([
      ['b', 100, 100, true], ['a', 1234 % 101, 1234 % 101, false], ['c', 7, 7, false],
    ]);
    // A total beyond 16 bits is kept exactly.
    expect(store.get('default', 'p5')!.nodes.map((n) => n.total)).toEqual([100_000, 5_000, 7_000]);
  });
});
