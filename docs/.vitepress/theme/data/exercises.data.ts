/**
 * Build-time list of exercises (exercises/*.yaml: id, lesson, title {ko,en},
 * difficulty). Read in Node by VitePress's data loader, so the page gets
 * plain JSON and never ships a YAML parser.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { normalizeExercises, type ExerciseSummary } from './exercises';

declare const data: ExerciseSummary[];
export { data };

export default {
  watch: ['../../../../exercises/*.yaml'],
  load(files: string[]): ExerciseSummary[] {
    const raw: unknown[] = [];
    for (const f of files) {
      try {
        raw.push(parse(readFileSync(f, 'utf8')));
      } catch {
        // A malformed exercise file is the exercise checker's concern; the site lists the others.
      }
    }
    return normalizeExercises(raw);
  },
};
