/**
 * One graded run per learner's way: the lines are typed at the prompt of a
 * freshly set-up exercise, and the checker's verdict is compared with what a
 * real cluster would make of them.
 */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { loadExercise } from '../../checker/schema.js';
import { formatResult, runExercise } from '../../checker/run.js';
import type { Exercise, ExerciseResult } from '../../checker/types.js';

const lessons = [...readFileSync(new URL('../../docs/.vitepress/config.ts', import.meta.url), 'utf8').matchAll(/slug: '([^']+)'/g)].map((m) => m[1]);

export const exercise = (id: string): Exercise => loadExercise(`exercises/${id}.yaml`, readFileSync(new URL(`../../exercises/${id}.yaml`, import.meta.url), 'utf8'), { lessons });

export interface Way {
  /** What the learner does, in a few words. */
  what: string;
  lines: string[];
  /** The check that must not pass (the way does not reach the goal); absent: every task passes. */
  fails?: string;
  /** What that check's English feedback must say. */
  says?: RegExp;
  /** Output the transcript must show (a real error message, say). */
  shows?: string | RegExp;
  checkWindowMs?: number;
}

function checkOf(r: ExerciseResult, id: string) {
  for (const t of r.tasks) for (const c of t.checks) if (c.id === id) return c;
  return undefined;
}

const HANGUL = /[\uac00-\ud7a3]/;

/** One test per way: it passes every task, or fails its check with true feedback in both languages. */
export function ways(id: string, list: Way[]): void {
  const ex = exercise(id);
  for (const w of list) {
    it(`${w.fails ? 'rejects' : 'accepts'}: ${w.what}`, async () => {
      const { result, transcript, engineErrors } = await runExercise(ex, w.lines, { checkWindowMs: w.checkWindowMs });
      const report = `${transcript}\n${formatResult(ex, result)}`;
      expect(engineErrors, report).toEqual([]);
      if (w.shows) expect(transcript).toMatch(w.shows);
      if (!w.fails) {
        expect(result.passed, report).toBe(true);
        return;
      }
      const c = checkOf(result, w.fails);
      expect(c, `no check ${w.fails}`).toBeDefined();
      expect(c!.status, report).not.toBe('pass');
      if (process.env.SHOW_FEEDBACK) console.log(`[${id}] ${w.what}\n  en: ${c!.msg.en}\n  ko: ${c!.msg.ko}`);
      if (w.says) expect(c!.msg.en, report).toMatch(w.says);
      expect(c!.msg.ko).toMatch(HANGUL);
      expect(result.passed).toBe(false);
    });
  }
}
