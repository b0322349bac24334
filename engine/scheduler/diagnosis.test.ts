import { describe, expect, it } from 'vitest';
import { DiagnosisStore, MAX_DIAGNOSED_PODS } from './diagnosis.js';
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

  it('forgets the pods diagnosed longest ago beyond MAX_DIAGNOSED_PODS, a pod diagnosed again counting as new', () => {
    const store = new DiagnosisStore();
    // A plain model: names in order of their last record, the oldest dropped past the limit.
    const model: string[] = [];
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
    for (let t = 0; t < 3 * MAX_DIAGNOSED_PODS; t++) {
      const r = next() % 10;
      // Mostly new pods; some recorded again (a retry), a few forgotten (deleted).
      const name = r < 2 ? `p${Math.max(0, t - 1 - (next() % 15_000))}` : `p${t}`;
      if (r === 9 && model.length) {
        const gone = model[next() % model.length];
        store.forget('default', gone);
        model.splice(model.indexOf(gone), 1);
      }
      store.record('default', name, `u${t}`, t, 1, result(['a', 'b', 'c'], [1, 2, 3], 1));
      const at = model.indexOf(name);
      if (at >= 0) model.splice(at, 1);
      model.push(name);
      if (model.length > MAX_DIAGNOSED_PODS) model.shift();
      if (t % 997 === 0 || t === 3 * MAX_DIAGNOSED_PODS - 1) {
        const kept = new Set(model);
        for (let i = Math.max(0, t - 16_000); i <= t; i++) {
          if ((store.get('default', `p${i}`) !== undefined) !== kept.has(`p${i}`)) expect({ t, pod: `p${i}`, kept: !kept.has(`p${i}`) }).toEqual({ t, pod: `p${i}`, kept: kept.has(`p${i}`) });
        }
      }
    }
  });
});
