/** The fields of an exercise the site shows, validated (pure; used at build time). */
export type Difficulty = 'easy' | 'medium' | 'hard';

export interface ExerciseSummary {
  id: string;
  lesson: string;
  title: { ko: string; en: string };
  difficulty: string;
}

const ID = /^[a-z0-9][a-z0-9-]*$/;

export function normalizeExercises(raw: unknown[]): ExerciseSummary[] {
  const out: ExerciseSummary[] = [];
  for (const r of raw) {
    if (typeof r !== 'object' || r === null) continue;
    const o = r as Record<string, unknown>;
    const t = o.title as Record<string, unknown> | undefined;
    if (typeof o.id !== 'string' || !ID.test(o.id) || typeof o.lesson !== 'string' || typeof t !== 'object' || t === null) continue;
    const ko = typeof t.ko === 'string' ? t.ko : typeof t.en === 'string' ? t.en : o.id;
    const en = typeof t.en === 'string' ? t.en : ko;
    out.push({ id: o.id, lesson: o.lesson, title: { ko, en }, difficulty: typeof o.difficulty === 'string' ? o.difficulty : '' });
  }
  return out.sort((a, b) => (a.lesson === b.lesson ? (a.id < b.id ? -1 : 1) : a.lesson < b.lesson ? -1 : 1));
}

/** Exercises of one lesson ("04-architecture"), in file order. */
export function exercisesOf(all: ExerciseSummary[], lesson: string): ExerciseSummary[] {
  return all.filter((e) => e.lesson === lesson);
}
