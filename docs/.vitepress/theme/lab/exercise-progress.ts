/**
 * The learner's exercise progress as kept in localStorage: which tasks passed
 * (and when, in real time), how many hints were opened, whether the solution
 * was shown. Pure helpers: parsing with a schema version (anything unreadable
 * is discarded with a notice), and a merge that two tabs can both apply
 * without losing each other's progress (a passed task stays passed, the
 * earliest time wins, hint counts only grow).
 */

export const PROGRESS_KEY = 'kubelab.exercises';
export const PROGRESS_VERSION = 1;

export interface TaskProgress {
  /** Real time (ms since the epoch) the task first passed. */
  passedAt?: number;
  /** Hints opened so far (they are revealed in order). */
  hints: number;
}

export interface ExerciseProgress {
  /** Real time the learner first opened the exercise. */
  startedAt: number;
  /** How many tasks the exercise had when last seen (for "1/3 tasks" on the overview). */
  taskCount: number;
  tasks: Record<string, TaskProgress>;
  solutionShown: boolean;
}

export interface Progress {
  version: typeof PROGRESS_VERSION;
  exercises: Record<string, ExerciseProgress>;
}

export type ParsedProgress = { progress: Progress; discarded: false } | { progress: Progress; discarded: true; reason: string };

export const emptyProgress = (): Progress => ({ version: PROGRESS_VERSION, exercises: {} });

const ID = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isTime = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;
const isCount = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0;

function readExercise(v: unknown): ExerciseProgress | string {
  if (!isObject(v)) return 'an exercise entry is not an object';
  if (!isTime(v.startedAt)) return 'startedAt is not a time';
  if (!isCount(v.taskCount)) return 'taskCount is not a count';
  if (typeof v.solutionShown !== 'boolean') return 'solutionShown is not true or false';
  if (!isObject(v.tasks)) return 'tasks is not an object';
  const tasks: Record<string, TaskProgress> = {};
  for (const [id, t] of Object.entries(v.tasks)) {
    if (!ID.test(id) || !isObject(t) || !isCount(t.hints) || (t.passedAt !== undefined && !isTime(t.passedAt))) return `task ${JSON.stringify(id)} is malformed`;
    tasks[id] = t.passedAt === undefined ? { hints: t.hints } : { passedAt: t.passedAt, hints: t.hints };
  }
  return { startedAt: v.startedAt, taskCount: v.taskCount, tasks, solutionShown: v.solutionShown };
}

export function parseProgress(raw: string | null): ParsedProgress {
  if (raw === null) return { progress: emptyProgress(), discarded: false };
  const fail = (reason: string): ParsedProgress => ({ progress: emptyProgress(), discarded: true, reason });
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    return fail('not JSON');
  }
  if (!isObject(v)) return fail('not an object');
  if (v.version !== PROGRESS_VERSION) return fail(`version ${JSON.stringify(v.version ?? null)}`);
  if (!isObject(v.exercises)) return fail('exercises is not an object');
  const exercises: Record<string, ExerciseProgress> = {};
  for (const [id, e] of Object.entries(v.exercises)) {
    if (!ID.test(id)) return fail(`exercise id ${JSON.stringify(id)}`);
    const r = readExercise(e);
    if (typeof r === 'string') return fail(`${id}: ${r}`);
    exercises[id] = r;
  }
  return { progress: { version: PROGRESS_VERSION, exercises }, discarded: false };
}

export function serializeProgress(p: Progress): string {
  return JSON.stringify({ version: PROGRESS_VERSION, exercises: p.exercises });
}

const minDefined = (a: number | undefined, b: number | undefined): number | undefined => (a === undefined ? b : b === undefined ? a : Math.min(a, b));

function mergeTask(a: TaskProgress | undefined, b: TaskProgress | undefined): TaskProgress {
  const passedAt = minDefined(a?.passedAt, b?.passedAt);
  const hints = Math.max(a?.hints ?? 0, b?.hints ?? 0);
  return passedAt === undefined ? { hints } : { passedAt, hints };
}

function mergeExercise(a: ExerciseProgress | undefined, b: ExerciseProgress | undefined): ExerciseProgress {
  if (!a) return b!;
  if (!b) return a;
  const tasks: Record<string, TaskProgress> = {};
  for (const id of new Set([...Object.keys(a.tasks), ...Object.keys(b.tasks)])) tasks[id] = mergeTask(a.tasks[id], b.tasks[id]);
  return { startedAt: Math.min(a.startedAt, b.startedAt), taskCount: Math.max(a.taskCount, b.taskCount), tasks, solutionShown: a.solutionShown || b.solutionShown };
}

/** Progress from two tabs (or this tab and storage) combined; order does not matter. */
export function mergeProgress(a: Progress, b: Progress): Progress {
  const exercises: Record<string, ExerciseProgress> = {};
  for (const id of new Set([...Object.keys(a.exercises), ...Object.keys(b.exercises)])) exercises[id] = mergeExercise(a.exercises[id], b.exercises[id]);
  return { version: PROGRESS_VERSION, exercises };
}

function withExercise(p: Progress, id: string, taskCount: number, now: number, change: (e: ExerciseProgress) => ExerciseProgress): Progress {
  const cur = p.exercises[id] ?? { startedAt: now, taskCount, tasks: {}, solutionShown: false };
  return { version: PROGRESS_VERSION, exercises: { ...p.exercises, [id]: change({ ...cur, taskCount: Math.max(cur.taskCount, taskCount) }) } };
}

/** The learner opened the exercise (records the start once). */
export function recordOpened(p: Progress, id: string, taskCount: number, now: number): Progress {
  if (p.exercises[id]) return p;
  return withExercise(p, id, taskCount, now, (e) => e);
}

/** Task `taskId` passed at `now` (an earlier pass is kept). */
export function recordTaskPassed(p: Progress, id: string, taskCount: number, taskId: string, now: number): Progress {
  if (p.exercises[id]?.tasks[taskId]?.passedAt !== undefined) return p;
  return withExercise(p, id, taskCount, now, (e) => ({ ...e, tasks: { ...e.tasks, [taskId]: mergeTask(e.tasks[taskId], { passedAt: now, hints: 0 }) } }));
}

/** The learner opened hints up to `shown` for a task. */
export function recordHints(p: Progress, id: string, taskCount: number, taskId: string, shown: number, now: number): Progress {
  return withExercise(p, id, taskCount, now, (e) => ({ ...e, tasks: { ...e.tasks, [taskId]: mergeTask(e.tasks[taskId], { hints: shown }) } }));
}

export function recordSolutionShown(p: Progress, id: string, taskCount: number, now: number): Progress {
  return withExercise(p, id, taskCount, now, (e) => ({ ...e, solutionShown: true }));
}

export type ExerciseState = 'new' | 'started' | 'done';

export function passedCount(e: ExerciseProgress | undefined): number {
  return e ? Object.values(e.tasks).filter((t) => t.passedAt !== undefined).length : 0;
}

export function exerciseState(e: ExerciseProgress | undefined): ExerciseState {
  if (!e) return 'new';
  return e.taskCount > 0 && passedCount(e) >= e.taskCount ? 'done' : 'started';
}

/** Counts over the listed exercises (ids no longer in the course are left out). */
export function progressSummary(p: Progress, ids: readonly string[]): { total: number; done: number; started: number } {
  let done = 0;
  let started = 0;
  for (const id of ids) {
    const s = exerciseState(p.exercises[id]);
    if (s === 'done') done++;
    else if (s === 'started') started++;
  }
  return { total: ids.length, done, started };
}

/** Real time without progress after which the page offers the next hint. */
export const STUCK_MS = 3 * 60_000;

/**
 * Whether to offer the next hint of an unfinished task: the learner has had
 * no progress (start, last hint, last passed check) for STUCK_MS and a hint
 * is left.
 */
export function shouldOfferHint(opts: { passed: boolean; hintsShown: number; hintsTotal: number; lastProgressAt: number; now: number }): boolean {
  return !opts.passed && opts.hintsShown < opts.hintsTotal && opts.now - opts.lastProgressAt >= STUCK_MS;
}
