import { describe, expect, it } from 'vitest';
import {
  emptyProgress, exerciseState, mergeProgress, parseProgress, progressSummary, recordHints, recordOpened, recordSolutionShown,
  recordTaskPassed, serializeProgress, shouldOfferHint, STUCK_MS, type Progress,
} from './exercise-progress';

const T0 = 1_767_225_600_000;

describe('exercise progress storage', () => {
  it('round-trips through serialize and parse', () => {
    let p = recordOpened(emptyProgress(), 'scale-kubectl', 1, T0);
    p = recordHints(p, 'scale-kubectl', 1, 'five', 2, T0 + 5);
    p = recordTaskPassed(p, 'scale-kubectl', 1, 'five', T0 + 10);
    p = recordSolutionShown(p, 'imagepull-typo', 1, T0 + 20);
    const back = parseProgress(serializeProgress(p));
    expect(back).toEqual({ progress: p, discarded: false });
    expect(back.progress.exercises['scale-kubectl']).toEqual({ startedAt: T0, taskCount: 1, tasks: { five: { passedAt: T0 + 10, hints: 2 } }, solutionShown: false });
  });

  it('nothing stored is an empty progress, not a discard', () => {
    expect(parseProgress(null)).toEqual({ progress: { version: 1, exercises: {} }, discarded: false });
  });

  it.each([
    ['{not json', 'not JSON'],
    ['[]', 'not an object'],
    ['{"version":2,"exercises":{}}', 'version 2'],
    ['{"exercises":{}}', 'version null'],
    ['{"version":1,"exercises":[]}', 'exercises is not an object'],
    ['{"version":1,"exercises":{"Bad Id":{}}}', 'exercise id "Bad Id"'],
    ['{"version":1,"exercises":{"a":{"startedAt":-1,"taskCount":1,"tasks":{},"solutionShown":false}}}', 'a: startedAt is not a time'],
    ['{"version":1,"exercises":{"a":{"startedAt":1,"taskCount":1.5,"tasks":{},"solutionShown":false}}}', 'a: taskCount is not a count'],
    ['{"version":1,"exercises":{"a":{"startedAt":1,"taskCount":1,"tasks":{"t":{"hints":"2"}},"solutionShown":false}}}', 'a: task "t" is malformed'],
    ['{"version":1,"exercises":{"a":{"startedAt":1,"taskCount":1,"tasks":{},"solutionShown":"yes"}}}', 'a: solutionShown is not true or false'],
  ])('discards %s (%s) with an empty progress', (raw, reason) => {
    expect(parseProgress(raw)).toEqual({ progress: emptyProgress(), discarded: true, reason });
  });

  it('a passed task stays passed and keeps its first time', () => {
    const p = recordTaskPassed(emptyProgress(), 'x', 2, 'a', T0);
    expect(recordTaskPassed(p, 'x', 2, 'a', T0 + 99)).toBe(p);
    expect(exerciseState(p.exercises.x)).toBe('started');
    expect(exerciseState(recordTaskPassed(p, 'x', 2, 'b', T0 + 1).exercises.x)).toBe('done');
    expect(exerciseState(undefined)).toBe('new');
  });
});

describe('merging two tabs', () => {
  const tabA = recordHints(recordTaskPassed(recordOpened(emptyProgress(), 'x', 2, T0), 'x', 2, 'a', T0 + 30), 'x', 2, 'b', 1, T0 + 40);
  const tabB = recordSolutionShown(recordTaskPassed(recordHints(recordOpened(emptyProgress(), 'x', 2, T0 + 5), 'x', 2, 'b', 2, T0 + 6), 'x', 2, 'a', T0 + 20), 'x', 2, T0 + 50);
  const tabBOther = recordTaskPassed(tabB, 'y', 1, 'only', T0 + 60);

  it('keeps every exercise, the earliest times, the most hints and a shown solution', () => {
    const m = mergeProgress(tabA, tabBOther);
    expect(m.exercises.x).toEqual({ startedAt: T0, taskCount: 2, tasks: { a: { passedAt: T0 + 20, hints: 0 }, b: { hints: 2 } }, solutionShown: true });
    expect(m.exercises.y.tasks.only.passedAt).toBe(T0 + 60);
  });

  it('is commutative, idempotent and associative, so the order of storage events does not matter', () => {
    const c: Progress = recordTaskPassed(emptyProgress(), 'x', 2, 'b', T0 + 70);
    expect(mergeProgress(tabA, tabBOther)).toEqual(mergeProgress(tabBOther, tabA));
    expect(mergeProgress(tabA, tabA)).toEqual(tabA);
    expect(mergeProgress(mergeProgress(tabA, tabBOther), c)).toEqual(mergeProgress(tabA, mergeProgress(tabBOther, c)));
  });
});

describe('overview and hint offers', () => {
  it('counts done and started exercises among the course ones', () => {
    let p = recordTaskPassed(emptyProgress(), 'done-one', 1, 't', T0);
    p = recordOpened(p, 'opened', 3, T0);
    p = recordTaskPassed(p, 'removed-from-course', 1, 't', T0);
    expect(progressSummary(p, ['done-one', 'opened', 'untouched'])).toEqual({ total: 3, done: 1, started: 1 });
  });

  it('offers a hint only after STUCK_MS without progress, while hints remain and the task is open', () => {
    const base = { passed: false, hintsShown: 0, hintsTotal: 2, lastProgressAt: T0 };
    expect(shouldOfferHint({ ...base, now: T0 + STUCK_MS - 1 })).toBe(false);
    expect(shouldOfferHint({ ...base, now: T0 + STUCK_MS })).toBe(true);
    expect(shouldOfferHint({ ...base, hintsShown: 2, now: T0 + STUCK_MS })).toBe(false);
    expect(shouldOfferHint({ ...base, passed: true, now: T0 + STUCK_MS })).toBe(false);
  });
});
