/**
 * find and stat against what GNU findutils 4.9.0 and GNU coreutils stat printed for the same tree
 * (engine/shell/fixtures/find-stat.json, recorded by scripts/shell-fixtures/record-find-stat.ts from the layout and
 * lines in scripts/shell-fixtures/find-stat-cases.ts; nothing in it is typed by hand). The tree is built on the node's
 * files with the same names, modes, sizes, links and ages, root's; a line runs through `sudo` (the recording ran as
 * root) or, for the learner's cases, as the learner (uid 1000 there). A real disk lists a folder in its hash order and
 * the node's files by name, so find's lines are compared as sets; its errors and status exactly.
 */
import { describe, expect, it } from 'vitest';
import type { Cluster } from '../../cluster.js';
import { VirtualClock } from '../../util/clock.js';
import { driveClock } from '../script.js';
import { Session } from '../session.js';
import FIXTURE from '../fixtures/find-stat.json';
import { LAYOUT, type Case } from '../../../scripts/shell-fixtures/find-stat-cases.js';

interface Recorded extends Case { stdout: string; stderr: string; status: number }
const CASES = (FIXTURE as { cases: Recorded[] }).cases;
/** The recording's instant: the ages are before it. */
const NOW_MS = (FIXTURE as { now: number }).now;

async function session() {
  const clock = new VirtualClock(NOW_MS);
  const s = new Session({ clock, cluster: { clock, nodeConfigs: [], history: [] } as unknown as Cluster });
  const fs = s.fs;
  const home = '/home/learner';
  for (const e of LAYOUT) {
    const p = `${home}/${e.path}`;
    if (e.type === 'dir') fs.mkdir(p);
    else if (e.type === 'file') fs.writeFile(p, e.content ?? '');
    else fs.symlink(e.content!, p);
  }
  for (const e of LAYOUT) fs.setMeta(`${home}/${e.path}`, e.type === 'link' ? 0o777 : e.mode ?? (e.type === 'dir' ? 0o755 : 0o644), 'root', NOW_MS - e.ageMs);
  const run = async (line: string) => {
    let out = '';
    const r = await driveClock(s.run(line, (t) => (out += t)), clock, 3_600_000, () => s.interrupt());
    return { out, status: r.status };
  };
  return run;
}

const quote = (a: string) => `'${a.replace(/'/g, `'\\''`)}'`;
/** The lines (or -print0's names) in order, and with `words` each line's words too. */
const sortedLines = (t: string, words = false) => t.split(/(?<=[\n\0])/).map((l) => (words ? `${l.replace(/\n$/, '').split(' ').sort().join(' ')}\n` : l)).sort();

describe('find and stat, as GNU findutils 4.9.0 and coreutils print them (recorded)', () => {
  it('was recorded with findutils 4.9.0', () => {
    expect((FIXTURE as { versions: string[] }).versions[0]).toBe('find (GNU findutils) 4.9.0');
  });
  for (const c of CASES) {
    const line = `${c.asUser ? '' : 'sudo '}${c.argv.map(quote).join(' ')}`;
    it(`${c.asUser ? 'as the learner: ' : ''}${c.argv.join(' ')}`, async () => {
      const run = await session();
      const r = await run(`${line} 2>/tmp/err`);
      const err = (await run('cat /tmp/err')).out;
      expect(c.sorted ? sortedLines(r.out, c.words) : r.out).toEqual(c.sorted ? sortedLines(c.stdout, c.words) : c.stdout);
      expect(err).toBe(c.stderr);
      expect(r.status).toBe(c.status);
    });
  }
});
