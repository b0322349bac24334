import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadExercise } from '../schema.js';
import { formatResult, runExercise } from '../run.js';

describe('podProblem', () => {
  it('a pod left on a node that stopped reporting: READY 1/1 with Ready=False, and why', async () => {
    const ex = loadExercise('exercises/node-down-keep-serving.yaml', readFileSync(new URL('../../exercises/node-down-keep-serving.yaml', import.meta.url), 'utf8'));
    const { result } = await runExercise(ex, ['sleep 80', 'kubectl get pods']);
    const text = formatResult(ex, result);
    expect(text).toMatch(/is Running \(READY 1\/1, but its Ready condition is False: the node controller marks it so when node worker-1 stops reporting\)/);
    expect(text).not.toContain('not ready: READY 1/1');
  }, 60_000);
});
