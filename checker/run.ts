/**
 * A whole graded run, as `kubelab check` and the exercise tests do it: set the
 * exercise up on a fresh cluster, type the lines at the learner's prompt
 * (virtual time jumps while a line waits, as in `kubelab script`), then keep
 * the cluster running for the exercise's check window, evaluating every
 * simulated second, and stop early once every task has passed.
 */
import { driveClock, DEFAULT_MAX_LINE_MS } from '../engine/shell/script.js';
import { EVALUATE_EVERY_MS } from './checker.js';
import { prepareExercise } from './setup.js';
import { loadImageCode } from '../engine/kubelet/programs.js';
import type { Exercise, ExerciseResult } from './types.js';

export interface RunOptions {
  seed?: number;
  /** Receives the transcript as it is produced (`$ line` then its output). */
  write?: (text: string) => void;
  /** Overrides the exercise's check window (ms). */
  checkWindowMs?: number;
}

export interface RunOutcome {
  result: ExerciseResult;
  transcript: string;
  /** Errors the engine's event handlers raised (should be none). */
  engineErrors: unknown[];
}

export async function runExercise(ex: Exercise, lines: string[], opts: RunOptions = {}): Promise<RunOutcome> {
  let transcript = '';
  const write = (t: string) => {
    transcript += t;
    opts.write?.(t);
  };
  const { cluster, session, checker } = await prepareExercise(ex, { seed: opts.seed });
  checker.startTicking();
  let last = '\n';
  const emit = (t: string) => {
    if (!t) return;
    write(t);
    last = t[t.length - 1];
  };
  for (const line of lines) {
    if (last !== '\n') emit('\n');
    emit(`${session.continuing ? '>' : '$'} ${line}\n`);
    const r = await driveClock(session.run(line, emit), cluster.clock, DEFAULT_MAX_LINE_MS, () => session.interrupt());
    if (r.exited) break;
  }
  await driveClock(session.endOfInput(emit), cluster.clock, DEFAULT_MAX_LINE_MS, () => session.interrupt());
  if (last !== '\n') emit('\n');
  // The check window jumps the clock without heeding holds: what a container started in it may wait for loads first.
  await loadImageCode();
  const window = opts.checkWindowMs ?? ex.checkWindow;
  const until = cluster.clock.now() + window;
  let result = checker.evaluate();
  while (!result.passed && cluster.clock.now() < until) {
    cluster.clock.runUntilTime(Math.min(until, cluster.clock.now() + EVALUATE_EVERY_MS));
    result = checker.evaluate();
  }
  checker.stop();
  return { result, transcript, engineErrors: [...cluster.clock.errors] };
}

/** The result as text, one line per check, in one language (for the command line). */
export function formatResult(ex: Exercise, r: ExerciseResult, lang: 'ko' | 'en' = 'en'): string {
  const out: string[] = [];
  for (const [i, t] of r.tasks.entries()) {
    const spec = ex.tasks[i];
    out.push(`${t.passed ? 'PASS' : 'FAIL'}  task ${t.id}: ${spec.text[lang].split('\n')[0]}`);
    for (const c of t.checks) out.push(`  ${c.status === 'pass' ? 'ok  ' : c.status === 'unknown' ? '??  ' : 'no  '} ${c.id}: ${c.msg[lang]}`);
  }
  const passed = r.tasks.filter((t) => t.passed).length;
  out.push(`${passed}/${r.tasks.length} tasks passed`);
  return out.join('\n') + '\n';
}
