/**
 * diff and cmp against what GNU diffutils printed for the same files (engine/shell/fixtures/diff-real.json,
 * recorded by scripts/shell-fixtures/record-diff.ts: seeded random pairs under 32 option sets, larger manifests,
 * folders, errors and usage lines; nothing in it is typed by hand), run through the learner's shell.
 */
import { describe, expect, it } from 'vitest';
import type { Cluster } from '../../../cluster.js';
import { VirtualClock } from '../../../util/clock.js';
import { driveClock } from '../../script.js';
import { Session } from '../../session.js';
import FIXTURE from '../../fixtures/diff-real.json';
import { compareTexts } from './analyze.js';

interface Case { files: Record<string, string | null>; mtimes: Record<string, number>; argv: string[]; stdout: string; stderr: string; status: number; stdin?: string }
const CASES = (FIXTURE as unknown as { cases: Case[] }).cases;
const NOW_MS = Date.UTC(2026, 0, 1, 0, 2, 0);

// One shell for every case (a fresh one each costs more than the case), each case in a folder of its own.
const clock = new VirtualClock(NOW_MS);
const s = new Session({ clock, cluster: { clock, nodeConfigs: [], history: [] } as unknown as Cluster });

async function runCase(c: Case, k: number) {
  const DIR = `/tmp/case${k}`;
  s.fs.mkdir(DIR, true);
  for (const [name, content] of Object.entries(c.files)) {
    const p = `${DIR}/${name}`;
    if (content === null) s.fs.mkdir(p, true);
    else {
      s.fs.mkdir(p.slice(0, p.lastIndexOf('/')), true);
      s.fs.writeFile(p, content);
      s.fs.setMeta(p, 0o644, 'learner', c.mtimes[name]);
    }
  }
  if (c.stdin !== undefined) s.fs.writeFile(`${DIR}.stdin`, c.stdin);
  const quoted = c.argv.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const line = `cd ${DIR} && ${quoted}${c.stdin !== undefined ? ` <${DIR}.stdin` : ''} 2>${DIR}.stderr`;
  let out = '';
  const r = await driveClock(s.run(line, (t) => (out += t)), clock, 3_600_000, () => s.interrupt());
  return { stdout: out, stderr: s.fs.readFile(`${DIR}.stderr`) ?? '', status: r.status };
}

/** Standard input is dated when it is read: the recorded run's clock is not the test's. */
const undate = (t: string) => t.replace(/^(---|\+\+\+|\*\*\*) -\t.*$/gm, '$1 -\t(now)');

describe('GNU diff and cmp, as recorded', () => {
  CASES.forEach((c, k) => {
    it(`#${k} ${c.argv.join(' ')}`, async () => {
      const r = await runCase(c, k);
      expect({ ...r, stdout: undate(r.stdout) }).toEqual({ stdout: undate(c.stdout), stderr: c.stderr, status: c.status });
    });
  });
});

describe('the line comparison', () => {
  it('finds the same hunks as an exhaustive LCS when there are few lines (the minimal script)', () => {
    const a = 'a\nb\nc\na\nb\nb\na\n';
    const b = 'c\nb\na\nb\na\nc\n';
    const { changes } = compareTexts(a, b, { minimal: true });
    const edits = changes.reduce((n, c) => n + c.deleted + c.inserted, 0);
    // Myers' paper's example: D = 5.
    expect(edits).toBe(5);
  });
  it('keeps a 20,000-line file with scattered edits fast and within the stack', () => {
    const a = Array.from({ length: 20000 }, (_, i) => `line ${i % 97} ${i % 13}`);
    const b = a.map((l, i) => (i % 250 === 0 ? l + ' changed' : l));
    const { changes } = compareTexts(a.join('\n') + '\n', b.join('\n') + '\n');
    expect(changes.length).toBe(80);
  });
});
