/**
 * watch re-runs its command through the shell every interval; the command reads no input (the fuzz run found
 * `watch wc` and `watch cat -` failing on a missing stdin instead).
 */
import { describe, expect, it } from 'vitest';
import type { Cluster } from '../../cluster.js';
import { VirtualClock } from '../../util/clock.js';
import { driveClock } from '../script.js';
import { Session } from '../session.js';

async function run(line: string): Promise<{ out: string; status: number }> {
  const clock = new VirtualClock(Date.UTC(2026, 0, 1, 0, 2, 0));
  const s = new Session({ clock, cluster: { clock, nodeConfigs: [], history: [] } as unknown as Cluster });
  let out = '';
  const r = await driveClock(s.run(line, (t) => (out += t)), clock, 3_600_000, () => s.interrupt());
  return { out, status: r.status };
}

describe('watch', () => {
  it('gives its command an empty input: wc counts nothing every 2 s until timeout stops it', async () => {
    const r = await run('timeout 3 watch wc');
    expect(r.status).toBe(124);
    const frames = r.out.split('\x1b[H\x1b[2J').filter(Boolean);
    expect(frames).toHaveLength(2);
    for (const f of frames) expect(f).toMatch(/^Every 2\.0s: wc +control-plane: Thu Jan {2}1 00:02:0[02] UTC 2026\n\n {6}0 {7}0 {7}0\n$/);
  });

  it('cat - reads end of file and prints nothing', async () => {
    const r = await run('timeout 1 watch cat -');
    expect(r.out).toMatch(/^\x1b\[H\x1b\[2JEvery 2\.0s: cat - +control-plane: Thu Jan {2}1 00:02:00 UTC 2026\n\n$/); // eslint-disable-line no-control-regex
  });
});
