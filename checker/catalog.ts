/** Loads every exercise file of a folder listing (Node and the page pass the texts in; no file access here). */
import { ExerciseError, loadExercise, type LoadOptions } from './schema.js';
import type { Exercise } from './types.js';

export function loadAll(files: { path: string; text: string }[], opts: LoadOptions = {}): { exercises: Exercise[]; errors: ExerciseError[] } {
  const exercises: Exercise[] = [];
  const errors: ExerciseError[] = [];
  for (const f of files) {
    try {
      exercises.push(loadExercise(f.path, f.text, opts));
    } catch (e) {
      if (e instanceof ExerciseError) errors.push(e);
      else throw e;
    }
  }
  return { exercises: exercises.sort((a, b) => a.lesson.localeCompare(b.lesson) || a.id.localeCompare(b.id)), errors };
}

/** Lesson slugs from the site's config text (`slug: '...'` entries of LESSONS). */
export function lessonSlugs(configText: string): string[] {
  return [...configText.matchAll(/slug: '([^']+)'/g)].map((m) => m[1]);
}
