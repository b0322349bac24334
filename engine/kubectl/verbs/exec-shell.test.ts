/**
 * `kubectl exec -it POD -- sh` keeps one shell open in the container: `cd`,
 * variables and `$?` carry over between lines, and the prompt is the image
 * shell's own (busybox ash `\w # `, Debian bash `root@HOST:\w# `, dash `# `).
 */
import { describe, expect, it } from 'vitest';
import { interactiveSession, type TypedLine } from '../../shell/interactive-test-helpers.js';
import { shellPrompt } from './exec.js';


const session = (lines: TypedLine[] = [], seed = 7) => interactiveSession(lines, seed);

describe('kubectl exec -it: a persistent shell', () => {
  it('keeps cd, variables and $? between lines in a busybox pod', async () => {
    const { screen, run, cluster } = await session(['cd /tmp', 'pwd', 'X=42', 'echo $X', 'false', 'echo $?', 'touch f; ls', 'exit 3']);
    await run('kubectl run bb --image=busybox -- sleep 3600');
    await run('kubectl wait --for=condition=Ready pod/bb --timeout=60s');
    const r = await run('kubectl exec -it bb -- sh');
    expect(screen.text).toBe('/ # cd /tmp\n/tmp # pwd\n/tmp\n/tmp # X=42\n/tmp # echo $X\n42\n/tmp # false\n/tmp # echo $?\n1\n/tmp # touch f; ls\nf\n/tmp # exit 3\n');
    expect(r.out).toBe('command terminated with exit code 3\n');
    expect(r.status).toBe(3);
    expect(cluster.clock.errors).toEqual([]);
  });

  it('shows what a line writes to stdout and stderr in the order it wrote it, as a TTY does', async () => {
    const { screen, run } = await session(['cat nofile; echo hi; ls /nope; echo bye', 'exit']);
    await run('kubectl run bb --image=busybox -- sleep 3600');
    await run('kubectl wait --for=condition=Ready pod/bb --timeout=60s');
    await run('kubectl exec -it bb -- sh');
    expect(screen.text).toBe("/ # cat nofile; echo hi; ls /nope; echo bye\ncat: can't open 'nofile': No such file or directory\nhi\nls: /nope: No such file or directory\nbye\n/ # exit\n");
  });

  it("shows busybox wget's stderr lines around the page it writes to stdout, in the order written", async () => {
    const { run } = await session();
    await run('kubectl create deployment web --image=nginx:1.25');
    await run('kubectl expose deployment web --port=80');
    await run('kubectl run bb --image=busybox:1.36 -- sleep 3600');
    await run('kubectl wait --for=condition=Ready pod/bb --timeout=60s');
    await run('kubectl wait --for=condition=Available deploy/web --timeout=60s');
    await run('sleep 2');
    const out = (await run('kubectl exec bb -- wget -O- web')).out;
    // busybox 1.36: "Connecting to", "writing to stdout" (stderr), the body (stdout), the progress line and
    // "written to stdout" (stderr).
    expect(out).toMatch(/^Connecting to web \(10\.\d+\.\d+\.\d+:80\)\nwriting to stdout\n<!DOCTYPE html>\n[\s\S]*<\/html>\n- {20}100% \|\*{32}\| {3}615  0:00:00 ETA\nwritten to stdout\n$/);
  });

  it('without a TTY copies stdout and stderr to the terminal in the order the command wrote them', async () => {
    const { run } = await session();
    await run('kubectl run bb --image=busybox -- sleep 3600');
    await run('kubectl wait --for=condition=Ready pod/bb --timeout=60s');
    expect((await run("kubectl exec bb -- sh -c 'cat nofile; echo hi; ls /nope; echo bye'")).out)
      .toBe("cat: can't open 'nofile': No such file or directory\nhi\nls: /nope: No such file or directory\nbye\n");
    expect((await run("kubectl exec bb -- sh -c 'cat nofile; echo hi' 2>/dev/null")).out).toBe('hi\n');
  });

  it('shows bash\'s prompt with the pod name in a Debian-based image, and says exit', async () => {
    const { screen, run } = await session(['cd', 'pwd', 'exit']);
    await run('kubectl run web --image=nginx');
    await run('kubectl wait --for=condition=Ready pod/web --timeout=60s');
    const r = await run('kubectl exec -it web -- bash');
    // bash writes "exit" to the TTY as it leaves: it belongs to the session's stream, not to kubectl's.
    expect(screen.text).toBe('root@web:/# cd\nroot@web:~# pwd\n/root\nroot@web:~# exit\nexit\n');
    expect(r.out).toBe('');
    expect(r.status).toBe(0);
  });
});

// Recorded from busybox 1.35 ash, dash 0.5.12 and bash 5.2 under tmux: a loop prints as it runs; Ctrl-C echoes
// ^C, the shell drops the line and prompts again with $? 130, keeping what the line had done (a variable, a cd).
describe('kubectl exec -it: a line runs as time passes, and Ctrl-C stops it', () => {
  it('streams a while loop line by line until Ctrl-C, then prompts with $? 130 in busybox', async () => {
    const { screen, run, cluster } = await session([
      { line: 'while true; do echo ok; sleep 1; done', ctrlCAfterMs: 2500 },
      'echo $?',
      { line: 'cd /tmp; X=1; sleep 5; echo no', ctrlCAfterMs: 300 },
      'echo $? $X; pwd',
      'exit',
    ]);
    await run('kubectl run bb --image=busybox -- sleep 3600');
    await run('kubectl wait --for=condition=Ready pod/bb --timeout=60s');
    const t0 = cluster.clock.now();
    const r = await run('kubectl exec -it bb -- sh');
    expect(screen.text).toBe('/ # while true; do echo ok; sleep 1; done\nok\nok\nok\n^C\n/ # echo $?\n130\n'
      + '/ # cd /tmp; X=1; sleep 5; echo no\n^C\n/tmp # echo $? $X; pwd\n130 1\n/tmp\n/tmp # exit\n');
    expect(r.status).toBe(0);
    // The session took the time the lines slept until Ctrl-C, not a cut-off day.
    expect(cluster.clock.now() - t0).toBeLessThan(10_000);
    expect(cluster.clock.errors).toEqual([]);
  });

  it('shows each line of a loop at the virtual instant it is written', async () => {
    const { screen, run, cluster } = await session([{ line: 'for i in 1 2 3; do echo $i; sleep 2; done; echo end', ctrlCAfterMs: 60_000 }, 'exit']);
    await run('kubectl run bb --image=busybox -- sleep 3600');
    await run('kubectl wait --for=condition=Ready pod/bb --timeout=60s');
    const shownAt = new Map<string, number>();
    const t0 = cluster.clock.now();
    const watch = () => {
      for (const l of ['1', '2', '3', 'end']) if (!shownAt.has(l) && screen.text.includes(`\n${l}\n`)) shownAt.set(l, cluster.clock.now() - t0);
      if (shownAt.size < 4) cluster.clock.schedule(100, watch);
    };
    watch();
    await run('kubectl exec -it bb -- sh');
    // The last line and `exit` come at one instant, which ends the session: no tick of the watch follows.
    watch();
    expect([...shownAt].map(([l, ms]) => [l, Math.floor(ms / 1000)])).toEqual([['1', 0], ['2', 2], ['3', 4], ['end', 6]]);
  });

  it('leaves the prompt after output without a final newline, as the shells do', async () => {
    const { screen, run } = await session(['printf abc', 'exit']);
    await run('kubectl run bb --image=busybox -- sleep 3600');
    await run('kubectl wait --for=condition=Ready pod/bb --timeout=60s');
    await run('kubectl exec -it bb -- sh');
    expect(screen.text).toBe('/ # printf abc\nabc/ # exit\n');
  });
});

describe('shellPrompt', () => {
  it.each([
    ['sh', 'busybox', '/', '/ # '],
    ['sh', 'busybox', '/root', '~ # '],
    ['sh', 'busybox', '/root/x', '~/x # '],
    ['sh', 'bash', '/tmp', '# '],
    ['bash', 'bash', '/usr/share', 'root@p:/usr/share# '],
  ] as const)('%s on %s in %s → %j', (shell, flavour, cwd, want) => {
    expect(shellPrompt(shell, flavour, cwd, { HOSTNAME: 'p' })).toBe(want);
  });
});
