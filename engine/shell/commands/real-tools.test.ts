/**
 * expr, date and bash's arrays and `kill` against what the real tools printed
 * (engine/shell/fixtures/real-tools.json, recorded from GNU coreutils 9.1 and
 * bash 5.2 by scripts/shell-fixtures/record.ts; nothing in it is typed by hand).
 */
import { describe, expect, it } from 'vitest';
import type { Cluster } from '../../cluster.js';
import { VirtualClock } from '../../util/clock.js';
import { driveClock } from '../script.js';
import { Session } from '../session.js';
import { runExpr } from './expr.js';
import FIXTURE from '../fixtures/real-tools.json';
import { ContainerFS, finishShell, Shell as ContainerShell, type ShellHost } from '../../kubelet/shell.js';

interface Case { argv: string[]; stdout: string; stderr: string; status: number }
const CASES = (FIXTURE as { cases: Case[] }).cases;
/** The instant cases.ts calls NOW: 2026-01-01T00:02:00Z. */
const NOW_MS = Date.UTC(2026, 0, 1, 0, 2, 0);

function session() {
  const clock = new VirtualClock(NOW_MS);
  const s = new Session({ clock, cluster: { clock, nodeConfigs: [], history: [] } as unknown as Cluster });
  const run = async (line: string) => {
    let out = '';
    const r = await driveClock(s.run(line, (t) => (out += t)), clock, 3_600_000, () => s.interrupt());
    return { out, status: r.status };
  };
  return { run, clock };
}

/** The same line as the interactive shell prints it: `bash -c` puts `line 1: ` after `bash: `. */
const interactive = (text: string) => text.replace(/^bash: (-c: )?line [0-9]+: /gm, 'bash: ');

describe('GNU expr, as recorded', () => {
  for (const c of CASES.filter((x) => x.argv[0] === 'expr')) {
    it(c.argv.join(' '), () => {
      expect(runExpr(c.argv.slice(1), true)).toEqual({ stdout: c.stdout, stderr: c.stderr, status: c.status });
    });
  }
});

describe('GNU date, as recorded (clock at 2026-01-01T00:02:00Z)', () => {
  for (const c of CASES.filter((x) => x.argv[0] === 'date')) {
    it(c.argv.join(' '), async () => {
      const { run } = session();
      const line = c.argv.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
      const r = await run(line);
      expect(r.out).toBe(c.stdout + c.stderr);
      expect(r.status).toBe(c.status);
    });
  }
});

describe('bash lines (arrays, kill, case, [[ ]], set, trap, read, head/tail, tutorial one-liners), as recorded', () => {
  for (const c of CASES.filter((x) => x.argv[0] === 'bash' && !/sleep/.test(x.argv[x.argv.length - 1]))) {
    const line = c.argv[c.argv.length - 1];
    it(line, async () => {
      const { run } = session();
      const r = await run(line);
      expect(r.out).toBe(interactive(c.stdout) + interactive(c.stderr));
      expect(r.status).toBe(c.status);
    });
  }
});

/** Runs `sh -c LINE` (or `bash -c`) in a container shell of that userland. */
async function containerRun(flavour: ShellHost['flavour'], shell: 'sh' | 'bash', line: string) {
  const applets = ['sh', 'echo', 'printf', 'wc', 'rm', 'cat', 'expr', 'date', 'ls', 'touch', 'mkdir', 'sleep', 'head', 'tail', ...(flavour === 'bash' ? ['bash'] : [])];
  const host: ShellHost = {
    env: { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', HOME: '/root' }, hostname: 'box', flavour, fs: new ContainerFS(), now: () => NOW_MS,
    hasBinary: (n) => applets.includes(n), processes: () => [], kill: () => false,
  };
  let stdout = '';
  let stderr = '';
  const gen = new ContainerShell(host, shell).run([shell, '-c', line], { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  const r = await finishShell(gen, new VirtualClock(NOW_MS), Infinity);
  return { stdout, stderr, status: r.value };
}

describe('busybox ash (the busybox image\'s sh), as recorded', () => {
  for (const c of CASES.filter((x) => x.argv[0] === 'busybox')) {
    const line = c.argv[c.argv.length - 1];
    it(line, async () => {
      expect(await containerRun('busybox', 'sh', line)).toEqual({ stdout: c.stdout, stderr: c.stderr, status: c.status });
    });
  }
});

// Recorded as /bin/sh and /bin/bash: `kubectl exec POD -- sh -c` names the shell `sh`.
describe("a Debian image's sh (dash) and bash -c, as recorded", () => {
  for (const c of CASES.filter((x) => x.argv[0] === '/bin/sh' || x.argv[0] === '/bin/bash')) {
    const line = c.argv[c.argv.length - 1];
    const shell = c.argv[0] === '/bin/sh' ? 'sh' : 'bash';
    it(`${shell}: ${line}`, async () => {
      const strip = (t: string) => t.replaceAll(`${c.argv[0]}: `, `${shell}: `);
      expect(await containerRun('bash', shell, line)).toEqual({ stdout: c.stdout, stderr: strip(c.stderr), status: c.status });
    });
  }
});

describe("the node's text tools on a missing file", () => {
  // GNU sed 4.9, mawk 1.3.4, coreutils 9.1 (tac quotes the name shell-style, quoteaf) and util-linux's rev.
  it('word it as the real tools do, with their exit statuses', async () => {
    const { run } = session();
    expect(await run("sed p /nope; echo $?")).toEqual({ out: "sed: can't read /nope: No such file or directory\n2\n", status: 0 });
    expect(await run("awk '{print}' /nope; echo $?")).toEqual({ out: 'awk: cannot open /nope (No such file or directory)\n2\n', status: 0 });
    expect(await run('tac /nope; echo $?')).toEqual({ out: "tac: failed to open '/nope' for reading: No such file or directory\n1\n", status: 0 });
    expect(await run('rev /nope; echo $?')).toEqual({ out: 'rev: cannot open /nope: No such file or directory\n1\n', status: 0 });
  });
});
