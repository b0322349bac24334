/**
 * The lab server booted with an exercise (what an exercise page asks the Web
 * Worker for): the exercise is set up before `ready`, results arrive as
 * `checked` only when they change, `check` answers at once, the exercise's
 * load shows on the map, and a line typed at the prompt gets graded.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadExercise } from '../../../../checker/schema';
import type { ExerciseResult } from '../../../../checker/types';
import type { EngineMessage } from './protocol';
import { LabServer } from './server';
import { ResultPoster } from './exercise-runner';
import { preloadContainerCommand } from '../../../../engine/network/commands/index';

// The fake pump gives loads a bounded number of turns; the containers' network tools (first use) are loaded first,
// as the lab's prefetch has them loaded a moment after the prompt.
beforeAll(() => preloadContainerCommand(['curl']));

const load = (id: string) => loadExercise(`exercises/${id}.yaml`, readFileSync(new URL(`../../../../exercises/${id}.yaml`, import.meta.url), 'utf8'));

/** A LabServer on a fake wall clock: `pump(ms)` runs its scheduled work as that much real time passes. */
function fakeLab() {
  let real = 0;
  const timers: { at: number; fn: () => void }[] = [];
  const msgs: EngineMessage[] = [];
  const server = new LabServer({ post: (m) => msgs.push(m), realNow: () => real, schedule: (fn, ms) => void timers.push({ at: real + ms, fn }) });
  async function pump(ms: number): Promise<void> {
    const end = real + ms;
    while (real < end) {
      await new Promise((r) => setTimeout(r, 0));
      timers.sort((a, b) => a.at - b.at);
      const t = timers.shift();
      if (!t) {
        // Nothing scheduled: real time still passes, and code loading on first use (the manifest decoder) gets it.
        await new Promise((r) => setTimeout(r, 1));
        real += 1;
        continue;
      }
      real = Math.max(real, t.at);
      t.fn();
    }
  }
  const checked = () => msgs.filter((m): m is Extract<EngineMessage, { type: 'checked' }> => m.type === 'checked').map((m) => m.result);
  return { server, msgs, pump, checked };
}

const status = (r: ExerciseResult, check: string) => r.tasks.flatMap((t) => t.checks).find((c) => c.id === check);

describe('the lab with an exercise', () => {
  it('sets the exercise up, grades it as the learner works, and shows its load on the map', async () => {
    const ex = load('zero-downtime-under-load');
    const lab = fakeLab();
    lab.server.handle({ type: 'exercise', seed: 1, columns: 80, rows: 24, speed: 1, history: [], exercise: ex });
    await lab.pump(100);
    const ready = lab.msgs.findIndex((m) => m.type === 'ready');
    expect(ready).toBeGreaterThanOrEqual(0);
    const first = lab.checked()[0];
    expect(first.exercise).toBe('zero-downtime-under-load');
    expect(status(first, 'api-updated')?.msg.en).toBe("Deployment api's container echo uses image hashicorp/http-echo:0.2.3; the goal is hashicorp/http-echo:1.0.");
    // The learner's cluster is the exercise's: its Deployment is there after setup.
    expect(lab.server.cluster.client().tryGet('deployments.apps', 'default', 'api')).toBeDefined();

    await lab.pump(3_000);
    const snap = lab.msgs.filter((m): m is Extract<EngineMessage, { type: 'snapshot' }> => m.type === 'snapshot').pop()!.snapshot;
    expect(snap.services.find((s) => s.name === 'api')?.loadRps).toBe(50);
    const before = lab.checked().length;

    lab.server.handle({ type: 'check' });
    expect(lab.checked().length).toBe(before + 1);

    lab.server.handle({ type: 'run', id: 1, line: 'kubectl set image deployment/api echo=hashicorp/http-echo:1.0' });
    await lab.pump(90_000);
    const last = lab.checked().pop()!;
    expect(status(last, 'api-updated')?.status).toBe('pass');
    expect(lab.msgs.some((m) => m.type === 'fatal')).toBe(false);
  }, 60_000);

  it('a plain boot afterwards leaves the exercise behind: check answers nothing', async () => {
    const lab = fakeLab();
    lab.server.handle({ type: 'exercise', seed: 1, columns: 80, rows: 24, speed: 1, history: [], exercise: load('scale-kubectl') });
    await lab.pump(100);
    lab.server.handle({ type: 'boot', seed: 1, columns: 80, rows: 24, speed: 1, history: [] });
    await lab.pump(100);
    const n = lab.checked().length;
    lab.server.handle({ type: 'check' });
    expect(lab.checked().length).toBe(n);
    expect(lab.server.cluster.client().tryGet('deployments.apps', 'default', 'shop')).toBeUndefined();
  }, 60_000);

  it('ResultPoster passes on a result only when a status or text changed', () => {
    const got: ExerciseResult[] = [];
    const p = new ResultPoster((r) => got.push(r));
    const r = (elapsedMs: number, status: 'pass' | 'fail'): ExerciseResult => ({ exercise: 'x', elapsedMs, passed: false, tasks: [{ id: 't', passed: false, checks: [{ id: 'c', status, msg: { ko: 'k', en: 'e' } }] }] });
    p.offer(r(0, 'fail'));
    p.offer(r(1000, 'fail'));
    p.offer(r(2000, 'pass'));
    p.offer(r(3000, 'pass'), true);
    expect(got.map((x) => x.elapsedMs)).toEqual([0, 2000, 3000]);
  });
});
