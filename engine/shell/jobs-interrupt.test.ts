/**
 * Ctrl-C at an interactive bash: SIGINT goes to the foreground process group only. A job started with `&`
 * (on the same line or before) has a process group of its own and keeps running. And jobspecs by name
 * (`%name`, `%?text`). Expected texts: an interactive bash 5.2 under `script`, fed the same lines.
 */
import { describe, expect, it } from 'vitest';
import type { Cluster } from '../cluster.js';
import { VirtualClock } from '../util/clock.js';
import { Session } from './session.js';

async function advanceBy(clock: VirtualClock, ms: number): Promise<void> {
  const end = clock.now() + ms;
  for (;;) {
    await new Promise((r) => setTimeout(r, 0));
    const next = clock.nextAt();
    if (next === undefined || next > end) break;
    clock.runUntilTime(next);
  }
  clock.runUntilTime(end);
  await new Promise((r) => setTimeout(r, 0));
}

describe('Ctrl-C and background jobs', () => {
  it('stops the foreground command of the line and leaves its & job running', async () => {
    const clock = new VirtualClock(0);
    const session = new Session({ clock, cluster: { clock, nodeConfigs: [], history: [] } as unknown as Cluster });
    let out = '';
    const p = session.run('sleep 100 & sleep 50; echo not-reached', (t) => (out += t));
    await advanceBy(clock, 2000);
    session.interrupt();
    const r = await p;
    expect(r.status).toBe(130);
    expect(out).toBe('[1] 1001\n^C\n');
    let jobs = '';
    await session.run('jobs', (t) => (jobs += t));
    expect(jobs).toBe('[1]+  Running                 sleep 100 &\n');
    // It still ends on its own, 100 s after it started.
    await advanceBy(clock, 98_500);
    let later = '';
    await session.run('jobs', (t) => (later += t));
    expect(later).toBe('[1]+  Done                    sleep 100\n');
  });

  it('names jobs by the start of their command (%name) or a part of it (%?text); two that fit are ambiguous', async () => {
    const clock = new VirtualClock(0);
    const session = new Session({ clock, cluster: { clock, nodeConfigs: [], history: [] } as unknown as Cluster });
    const run = async (line: string) => {
      let out = '';
      await session.run(line, (t) => (out += t));
      return out;
    };
    await run('sleep 100 &');
    await run('sleep 200 &');
    expect(await run('jobs %sl')).toBe('bash: jobs: sl: ambiguous job spec\nbash: jobs: %sl: no such job\n');
    expect(await run('kill %sleep')).toBe('bash: kill: sleep: ambiguous job spec\n');
    expect(await run('kill %?nope; kill %nope')).toBe('bash: kill: %?nope: no such job\nbash: kill: %nope: no such job\n');
    // bash reports the job's end at its next prompt once the process has died (here at once); then only the
    // first job is left, now the current one.
    expect(await run('kill %?200')).toBe('[2]+  Terminated              sleep 200\n');
    expect(await run('jobs %?200; jobs')).toBe('bash: jobs: %?200: no such job\n[1]+  Running                 sleep 100 &\n');
  });
});
