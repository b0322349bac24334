/**
 * `ls` in a container (engine/kubelet/shell.ts): -d, -h, -S, -r, and several operands (files first as one group,
 * then each folder set apart by a blank line, GNU's long columns sized over all of them), as GNU ls 9.1 printed the
 * same listing on Debian 12 (every container file carries the same time, so the dates are the lab's); busybox's
 * -h sizes as libbb's make_human_readable_str in its 7-wide column.
 */
import { describe, expect, it } from 'vitest';
import { interactiveSession } from '../../engine/shell/interactive-test-helpers.js';

describe('ls in a container', () => {
  it('lists operands, folders themselves with -d, sizes with -h, by size with -S and backwards with -r, as GNU ls does', async () => {
    const { run } = await interactiveSession();
    await run('kubectl run n --image=nginx:1.27');
    await run('kubectl wait --for=condition=Ready pod/n --timeout=60s');
    await run("kubectl exec n -- sh -c 'mkdir -p /tmp/lsx/d1 /tmp/lsx/d2; cd /tmp/lsx; echo hi > f1; echo hello > d1/a; echo 0123456789012345678901234567890123456789 > d2/big; echo x > d2/s'");
    const out = (await run("kubectl exec n -- sh -c 'cd /tmp/lsx; ls d2 f1 d1; echo; ls -l f1 d1 d2; echo; ls -ld d1 f1; ls -lhS d2 d1; ls -r d1 d2; ls -S d2; ls -d /nope d1; echo $?'")).out;
    expect(out).toBe("f1\n\nd1:\na\n\nd2:\nbig\ns\n\n-rw-r--r-- 1 root root    3 Jan  1 00:00 f1\n\nd1:\ntotal 4\n-rw-r--r-- 1 root root 6 Jan  1 00:00 a\n\nd2:\ntotal 8\n-rw-r--r-- 1 root root 41 Jan  1 00:00 big\n-rw-r--r-- 1 root root  2 Jan  1 00:00 s\n\ndrwxr-xr-x 2 root root 4096 Jan  1 00:00 d1\n-rw-r--r-- 1 root root    3 Jan  1 00:00 f1\nd1:\ntotal 4.0K\n-rw-r--r-- 1 root root 6 Jan  1 00:00 a\n\nd2:\ntotal 8.0K\n-rw-r--r-- 1 root root 41 Jan  1 00:00 big\n-rw-r--r-- 1 root root  2 Jan  1 00:00 s\nd2:\ns\nbig\n\nd1:\na\nbig\ns\nls: cannot access '/nope': No such file or directory\nd1\n2\n");
    // Operands are sorted by name whatever their order on the line (GNU ls 9.1: `ls -d /tmp /etc`).
    expect((await run('kubectl exec n -- ls -d /tmp /etc')).out).toBe('/etc\n/tmp\n');
  });

  it("gives busybox's -h sizes and -d", async () => {
    const { run } = await interactiveSession();
    await run('kubectl run b --image=busybox:1.36 -- sleep 3600');
    await run('kubectl wait --for=condition=Ready pod/b --timeout=60s');
    expect((await run('kubectl exec b -- ls -lh /bin/busybox')).out).toMatch(/^-rwxr-xr-x +\d+ root {5}root {8}1\.1M Jan {2}1 00:00 \/bin\/busybox\n$/);
    expect((await run('kubectl exec b -- ls -ld /etc')).out).toBe('drwxr-xr-x    2 root     root          4096 Jan  1 00:00 /etc\n');
    expect((await run('kubectl exec b -- ls -d /etc /tmp')).out).toBe('/etc\n/tmp\n');
  });
});
