/**
 * The exercises' solution runs (issue 6): for every exercise, the untouched
 * setup fails every task, the reference solution passes every task, and each
 * listed wrong attempt fails with its stated check. One fresh cluster per run.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadExercise } from '../checker/schema.js';
import { formatResult, runExercise } from '../checker/run.js';
import type { Exercise, ExerciseResult } from '../checker/types.js';

const DIR = new URL('../exercises/', import.meta.url);
const lessons = [...readFileSync(new URL('../docs/.vitepress/config.ts', import.meta.url), 'utf8').matchAll(/slug: '([^']+)'/g)].map((m) => m[1]);
const files = readdirSync(DIR).filter((f) => f.endsWith('.yaml')).sort();
const only = process.env.EXERCISE;
const exercises: Exercise[] = files.map((f) => loadExercise(`exercises/${f}`, readFileSync(new URL(f, DIR), 'utf8'), { lessons }));

function checkStatus(r: ExerciseResult, id: string): string | undefined {
  for (const t of r.tasks) for (const c of t.checks) if (c.id === id) return c.status;
  return undefined;
}

describe('exercises', () => {
  it('there are at least 20, with four per area and two on the architecture', () => {
    const byArea = new Map<string, number>();
    for (const e of exercises) byArea.set(e.area, (byArea.get(e.area) ?? 0) + 1);
    expect(exercises.length).toBeGreaterThanOrEqual(20);
    for (const a of ['failure-recovery', 'rolling-update', 'scaling', 'services']) expect(byArea.get(a) ?? 0, a).toBeGreaterThanOrEqual(4);
    expect(byArea.get('architecture') ?? 0).toBeGreaterThanOrEqual(2);
  });

  for (const ex of exercises.filter((e) => !only || e.id === only)) {
    describe(ex.id, () => {
      it('the untouched setup fails every task', async () => {
        const { result, engineErrors } = await runExercise(ex, []);
        for (const t of result.tasks) expect(t.passed, `task ${t.id} passed without doing anything:\n${formatResult(ex, result)}`).toBe(false);
        expect(engineErrors).toEqual([]);
      });

      it('the reference solution passes every task', async () => {
        const { result, transcript, engineErrors } = await runExercise(ex, ex.solution);
        expect(result.passed, `${transcript}\n${formatResult(ex, result)}`).toBe(true);
        expect(engineErrors).toEqual([]);
      });

      for (const [i, w] of ex.wrong.entries()) {
        it(`wrong attempt ${i + 1} fails ${w.fails}`, async () => {
          const { result, transcript } = await runExercise(ex, w.lines);
          const status = checkStatus(result, w.fails);
          expect(status, `${transcript}\n${formatResult(ex, result)}`).not.toBe('pass');
          expect(status).toBeDefined();
        });
      }
    });
  }
});
