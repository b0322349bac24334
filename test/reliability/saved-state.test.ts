/**
 * What the lab keeps in localStorage (docs/.vitepress/theme/lab/saved-state.ts),
 * under hostile storage: anything a reload can find there, from a good save
 * to a truncated write, a hand edit or another version, must load or be
 * discarded with a reason, never throw. Two tabs writing in turn must leave
 * one whole, loadable state.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SPEEDS, type Speed } from '../../docs/.vitepress/theme/lab/protocol';
import { emptyProgress, mergeProgress, parseProgress, recordHints, recordOpened, recordSolutionShown, recordTaskPassed, serializeProgress, type Progress } from '../../docs/.vitepress/theme/lab/exercise-progress';
import { MAX_SAVED_HISTORY, parseSavedState, SAVED_STATE_VERSION, serializeState, type SavedState } from '../../docs/.vitepress/theme/lab/saved-state';

const SEED = Number(process.env.KUBELAB_FC_SEED ?? 20260101);

const stateArb: fc.Arbitrary<SavedState> = fc.record({
  version: fc.constant(SAVED_STATE_VERSION),
  history: fc.array(fc.string({ unit: 'grapheme', maxLength: 40 }), { maxLength: MAX_SAVED_HISTORY + 20 }),
  speed: fc.constantFrom<Speed>(...SPEEDS),
});

/** What a successful load must look like, whatever was stored. */
function wellFormed(s: SavedState): boolean {
  return s.version === SAVED_STATE_VERSION && Array.isArray(s.history) && s.history.every((h) => typeof h === 'string') && s.history.length <= MAX_SAVED_HISTORY && SPEEDS.includes(s.speed);
}

describe('saved lab state', () => {
  it('survives a reload: what was saved loads back (the newest entries when over the limit)', () => {
    fc.assert(fc.property(stateArb, (s) => {
      const r = parseSavedState(serializeState(s));
      expect(r.discarded).toBe(false);
      expect(r.state).toEqual({ ...s, history: s.history.slice(-MAX_SAVED_HISTORY) });
    }), { numRuns: 200, seed: SEED });
  });

  it('a truncated write is discarded with a reason, never loaded half', () => {
    fc.assert(fc.property(stateArb, fc.nat(), (s, cut) => {
      const raw = serializeState(s);
      const r = parseSavedState(raw.slice(0, cut % raw.length));
      expect(r.discarded).toBe(true);
      expect(r.discarded && r.reason.length).toBeGreaterThan(0);
      expect(wellFormed(r.state)).toBe(true);
    }), { numRuns: 300, seed: SEED });
  });

  it('anything else in storage (garbage, other shapes, other versions, edited fields) loads well-formed or is discarded, never throws', () => {
    const tamperedArb = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.json({ maxDepth: 4 }),
      fc.record({ version: fc.oneof(fc.integer(), fc.string(), fc.constant(null)), history: fc.anything({ maxDepth: 2 }), speed: fc.anything({ maxDepth: 1 }) }).map((o) => JSON.stringify(o)),
      fc.tuple(stateArb, fc.nat(), fc.string({ maxLength: 3 })).map(([s, at, junk]) => {
        const raw = serializeState(s);
        const i = at % (raw.length + 1);
        return raw.slice(0, i) + junk + raw.slice(i);
      }),
    );
    fc.assert(fc.property(tamperedArb, (raw) => {
      const r = parseSavedState(raw);
      expect(wellFormed(r.state)).toBe(true);
      if (r.discarded) expect(r.reason).not.toBe('');
    }), { numRuns: 500, seed: SEED });
  });

  it('a save from another version is discarded with the version in the notice', () => {
    fc.assert(fc.property(fc.integer().filter((v) => v !== SAVED_STATE_VERSION), (version) => {
      const r = parseSavedState(JSON.stringify({ version, history: ['kubectl get pods'], speed: 1 }));
      expect(r).toMatchObject({ discarded: true, reason: `version ${version}` });
      expect(r.state.history).toEqual([]);
    }), { numRuns: 100, seed: SEED });
  });

  it('two tabs saving in turn leave one tab\'s whole state, never a mix', () => {
    fc.assert(fc.property(stateArb, stateArb, fc.array(fc.boolean(), { minLength: 1, maxLength: 10 }), (a, b, order) => {
      // localStorage.setItem replaces the value at once: the last writer's whole document.
      let stored: string | null = null;
      for (const tabA of order) stored = serializeState(tabA ? a : b);
      const r = parseSavedState(stored);
      expect(r.discarded).toBe(false);
      const last = order[order.length - 1] ? a : b;
      expect(r.state).toEqual({ ...last, history: last.history.slice(-MAX_SAVED_HISTORY) });
    }), { numRuns: 100, seed: SEED });
  });
});

describe('exercise progress in two tabs (docs/.vitepress/theme/lab/exercise-progress.ts)', () => {
  type Action = { tab: 0 | 1; kind: 'open' | 'pass' | 'hints' | 'solution' | 'sync'; exercise: number; task: number; hints: number };
  const actionArb: fc.Arbitrary<Action> = fc.record({
    tab: fc.constantFrom(0 as const, 1 as const),
    kind: fc.constantFrom('open' as const, 'pass' as const, 'hints' as const, 'solution' as const, 'sync' as const),
    exercise: fc.nat(3),
    task: fc.nat(2),
    hints: fc.nat(3),
  });

  it('both tabs\' progress survives, whatever the order of their writes', () => {
    fc.assert(fc.property(fc.array(actionArb, { maxLength: 40 }), (actions) => {
      // One localStorage; each tab keeps its own copy and saves by reading, merging and writing (synchronous, as localStorage is).
      let stored: string | null = null;
      const tabs: Progress[] = [emptyProgress(), emptyProgress()];
      const expected = { passed: new Set<string>(), hints: new Map<string, number>(), solution: new Set<string>(), opened: new Set<string>() };
      let now = 1_000;
      for (const a of actions) {
        now += 1000;
        const id = `ex-${a.exercise}`;
        const task = `t${a.task}`;
        let p = tabs[a.tab];
        if (a.kind === 'sync') {
          // The other tab's write arrives as a storage event.
          p = mergeProgress(p, parseProgress(stored).progress);
        } else {
          if (a.kind === 'open') p = recordOpened(p, id, 3, now);
          if (a.kind === 'pass') { p = recordTaskPassed(p, id, 3, task, now); expected.passed.add(`${id}/${task}`); }
          if (a.kind === 'hints') { p = recordHints(p, id, 3, task, a.hints, now); expected.hints.set(`${id}/${task}`, Math.max(expected.hints.get(`${id}/${task}`) ?? 0, a.hints)); }
          if (a.kind === 'solution') { p = recordSolutionShown(p, id, 3, now); expected.solution.add(id); }
          expected.opened.add(id);
          stored = serializeProgress(mergeProgress(parseProgress(stored).progress, p));
        }
        tabs[a.tab] = p;
      }
      const final = parseProgress(stored);
      expect(final.discarded).toBe(false);
      const ex = final.progress.exercises;
      for (const id of expected.opened) expect(ex[id]).toBeDefined();
      for (const k of expected.passed) {
        const [id, task] = k.split('/');
        expect(ex[id].tasks[task]?.passedAt).toBeGreaterThan(0);
      }
      for (const [k, n] of expected.hints) {
        const [id, task] = k.split('/');
        expect(ex[id].tasks[task]?.hints ?? 0).toBeGreaterThanOrEqual(n);
      }
      for (const id of expected.solution) expect(ex[id].solutionShown).toBe(true);
      // Nothing appears that neither tab did.
      for (const id of Object.keys(ex)) expect(expected.opened.has(id)).toBe(true);
    }), { numRuns: 300, seed: SEED });
  });
});
