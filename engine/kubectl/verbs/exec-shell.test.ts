/**
 * `kubectl exec -it POD -- sh` keeps one shell open in the container: `cd`,
 * variables and `$?` carry over between lines, and the prompt is the image
 * shell's own (busybox ash `\w # `, Debian bash `root@HOST:\w# `, dash `# `).
 */
import { describe, expect, it } from 'vitest';
import { interactiveSession } from '../../shell/interactive-test-helpers.js';
import { shellPrompt } from './exec.js';


const session = (lines: string[] = [], seed = 7) => interactiveSession(lines, seed);

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
    expect(screen.text).toBe('root@web:/# cd\nroot@web:~# pwd\n/root\nroot@web:~# exit\n');
    expect(r.out).toBe('exit\n');
    expect(r.status).toBe(0);
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
