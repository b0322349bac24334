/**
 * Build-time routes of the exercise pages (docs/exercises/[id].paths.ts and
 * its English twin): every exercises/*.yaml, validated by the checker's own
 * schema, becomes one page whose params carry the whole exercise as JSON.
 * A malformed exercise stops the build with the file, the line and the reason.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { lessonSlugs, loadAll } from '../../../../checker/catalog';
import type { Exercise } from '../../../../checker/types';

const EXERCISES = fileURLToPath(new URL('../../../../exercises/', import.meta.url));
const CONFIG = fileURLToPath(new URL('../../config.ts', import.meta.url));

export function loadCourseExercises(): Exercise[] {
  const files = readdirSync(EXERCISES).filter((f) => f.endsWith('.yaml')).sort().map((f) => ({ path: `exercises/${f}`, text: readFileSync(EXERCISES + f, 'utf8') }));
  const { exercises, errors } = loadAll(files, { lessons: lessonSlugs(readFileSync(CONFIG, 'utf8')) });
  if (errors.length) throw new Error(errors.map((e) => e.message).join('\n'));
  return exercises;
}

export function exercisePaths(lang: 'ko' | 'en'): { params: { id: string; exercise: Exercise }; content: string }[] {
  return loadCourseExercises().map((exercise) => ({
    params: { id: exercise.id, exercise },
    // The heading is the page title (and the browser tab's); the component renders the rest.
    content: `# ${exercise.title[lang].replace(/[<>{}]/g, '')}\n\n<Exercise />\n`,
  }));
}
