/**
 * expr and date inside containers, through the container shell. busybox 1.36's
 * texts come from its source (coreutils/expr.c, coreutils/date.c,
 * libbb/time.c parse_datestr, bb_msg_invalid_date "invalid date '%s'");
 * the Debian images' GNU coreutils texts from the recorded fixture of the host's tools.
 */
import { describe, expect, it, vi } from 'vitest';
import { ContainerFS, finishShell, Shell, type ShellHost } from './shell.js';
import { parseBusyboxTime } from './date-applet.js';
import { VirtualClock } from '../util/clock.js';

const NOW = Date.UTC(2026, 0, 1, 0, 2, 0);

async function sh(flavour: 'busybox' | 'bash', script: string) {
  const host: ShellHost = {
    env: {}, hostname: 'box', flavour, fs: new ContainerFS(), now: () => NOW,
    hasBinary: (n) => ['sh', 'expr', 'date', 'echo'].includes(n), processes: () => [], kill: () => false,
  };
  let stdout = '';
  let stderr = '';
  const gen = new Shell(host).run(['sh', '-c', script], { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  const r = await finishShell(gen, new VirtualClock(), Infinity);
  return { stdout, stderr, status: r.value };
}

describe('busybox expr', () => {
  it('evaluates and exits 0, or 1 for a null or zero result', async () => {
    expect(await sh('busybox', 'expr 1 + 2')).toEqual({ stdout: '3\n', stderr: '', status: 0 });
    expect(await sh('busybox', 'expr 5 - 5')).toEqual({ stdout: '0\n', stderr: '', status: 1 });
    expect(await sh('busybox', 'expr length hello; expr substr hello 2 3; expr index hello l')).toMatchObject({ stdout: '5\nell\n3\n' });
    expect(await sh('busybox', "expr pod-12 : 'pod-\\([0-9]*\\)'")).toMatchObject({ stdout: '12\n', status: 0 });
    expect(await sh('busybox', 'i=0; while [ $i -lt 3 ]; do echo $i; i=$(expr $i + 1); done')).toMatchObject({ stdout: '0\n1\n2\n' });
  });

  it("has busybox's own texts: too few arguments, syntax error, non-numeric argument (exit 2)", async () => {
    expect(await sh('busybox', 'expr')).toEqual({ stdout: '', stderr: 'expr: too few arguments\n', status: 2 });
    expect(await sh('busybox', 'expr 1 +')).toEqual({ stdout: '', stderr: 'expr: syntax error\n', status: 2 });
    expect(await sh('busybox', 'expr 1 2')).toEqual({ stdout: '', stderr: 'expr: syntax error\n', status: 2 });
    expect(await sh('busybox', 'expr a + 1')).toEqual({ stdout: '', stderr: 'expr: non-numeric argument\n', status: 2 });
    expect(await sh('busybox', 'expr 1 / 0')).toEqual({ stdout: '', stderr: 'expr: division by zero\n', status: 2 });
    // busybox evaluates both sides of `|` (GNU would print 1).
    expect(await sh('busybox', "expr 1 '|' 1 / 0")).toMatchObject({ stderr: 'expr: division by zero\n', status: 2 });
  });

  it('is GNU expr in the Debian-based images', async () => {
    expect(await sh('bash', 'expr 1 +')).toEqual({ stdout: '', stderr: 'expr: syntax error: missing argument after ‘+’\n', status: 2 });
  });
});

describe('busybox date', () => {
  it('+FORMAT, -u, -d @SECONDS and the TIME forms parse_datestr accepts', async () => {
    expect(await sh('busybox', 'date +%H:%M')).toMatchObject({ stdout: '00:02\n', status: 0 });
    expect(await sh('busybox', 'date -u -d @0')).toMatchObject({ stdout: 'Thu Jan  1 00:00:00 UTC 1970\n' });
    expect(await sh('busybox', "date -d '2026-03-04 05:06' +%s")).toMatchObject({ stdout: `${Date.UTC(2026, 2, 4, 5, 6) / 1000}\n` });
    expect(parseBusyboxTime('10:30', NOW)).toBe(Date.UTC(2026, 0, 1, 10, 30));
    expect(parseBusyboxTime('2025.12.31-23:59:58', NOW)).toBe(Date.UTC(2025, 11, 31, 23, 59, 58));
    expect(parseBusyboxTime('2026-02-03', NOW)).toBe(Date.UTC(2026, 1, 3));
  });

  it('-R, -I[SPEC] as date.c builds them (+hh:mm zone)', async () => {
    expect((await sh('busybox', 'date -R')).stdout).toBe('Thu, 01 Jan 2026 00:02:00 +0000\n');
    expect((await sh('busybox', 'date -I')).stdout).toBe('2026-01-01\n');
    expect((await sh('busybox', 'date -Iseconds')).stdout).toBe('2026-01-01T00:02:00+00:00\n');
    expect((await sh('busybox', 'date -Im')).stdout).toBe('2026-01-01T00:02+00:00\n');
  });

  it("rejects what it cannot parse: date: invalid date '…' (exit 1)", async () => {
    expect(await sh('busybox', "date -d '5 minutes ago'")).toEqual({ stdout: '', stderr: "date: invalid date '5 minutes ago'\n", status: 1 });
  });
});

describe('uname', () => {
  // A container shares its node's kernel; busybox and upstream coreutils leave out -p and -i from -a (unknown).
  it("prints the node's kernel, field by field in uname's order", async () => {
    const host = { env: {}, hostname: 'box', flavour: 'busybox' as const, fs: new ContainerFS(), now: () => NOW, hasBinary: (n: string) => ['sh', 'uname'].includes(n), processes: () => [], kill: () => false };
    const run = async (script: string) => {
      let stdout = '';
      await finishShell(new Shell(host).run(['sh', '-c', script], { stdout: (t) => (stdout += t), stderr: (t) => (stdout += t) }), new VirtualClock(), Infinity);
      return stdout;
    };
    expect(await run('uname -a')).toBe('Linux box 6.8.0-51-generic #52-Ubuntu SMP PREEMPT_DYNAMIC Thu Dec  5 13:09:44 UTC 2024 x86_64 GNU/Linux\n');
    expect(await run('uname; uname -r; uname -m -n; uname -sv')).toBe('Linux\n6.8.0-51-generic\nbox x86_64\nLinux #52-Ubuntu SMP PREEMPT_DYNAMIC Thu Dec  5 13:09:44 UTC 2024\n');
  });
});
