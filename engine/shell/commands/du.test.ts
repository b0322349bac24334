/**
 * du on the node as the learner types it. The expected lines were recorded from GNU du (coreutils 9.1) on the same
 * tree, with what 9.4 changed applied (NEWS: --apparent-size counts only files and links, so a folder adds 0 to -b;
 * -d reads a signed number); fts walks a real disk in its hash order, the vfs in name order.
 */
import { describe, expect, it } from 'vitest';
import { lab } from './node/test-lab.js';

const TREE = "mkdir -p t/a/b/c && cd t && printf '%5000s' x > a/f1 && printf '%100s' x > a/b/f2 && printf '%10000s' x > a/b/c/f3 && ln a/f1 a/b/hl && ln -s f1 a/sl && echo x > top";

describe('du', () => {
  it('sums blocks as stat and ls count them, a hard-linked file once, a link as nothing', async () => {
    const { run } = await lab(3);
    expect((await run(TREE)).status).toBe(0);
    expect((await run('du a')).out).toBe('16\ta/b/c\n32\ta/b\n36\ta\n');
    // a/f1 is a/b/hl's other name: counted (and shown) once, where fts met it first.
    expect((await run('du -a a')).out).toBe('12\ta/b/c/f3\n16\ta/b/c\n4\ta/b/f2\n8\ta/b/hl\n32\ta/b\n0\ta/sl\n36\ta\n');
    expect((await run('du -l a')).out).toBe('16\ta/b/c\n32\ta/b\n44\ta\n');
    expect((await run('du -S a')).out).toBe('16\ta/b/c\n16\ta/b\n4\ta\n');
    expect((await run('du -b a')).out).toBe('10000\ta/b/c\n15100\ta/b\n15102\ta\n');
    expect((await run('du --apparent-size a')).out).toBe('10\ta/b/c\n15\ta/b\n15\ta\n');
    expect((await run('du -c a top')).out).toBe('16\ta/b/c\n32\ta/b\n36\ta\n4\ttop\n40\ttotal\n');
    // Two operands: what the first counted the second does not count again.
    expect((await run('du -s a a')).out).toBe('36\ta\n');
    expect((await run('du -d 1 a/')).out).toBe('32\ta/b\n36\ta/\n');
    expect((await run('du -d -1 a')).out).toBe('36\ta\n');
    expect((await run('du --exclude=c a')).out).toBe('16\ta/b\n20\ta\n');
    expect((await run('du -t 17K a')).out).toBe('32\ta/b\n36\ta\n');
    expect((await run('du -t -16K a')).out).toBe('16\ta/b/c\n');
    expect((await run('du --inodes a')).out).toBe('2\ta/b/c\n5\ta/b\n7\ta\n');
    expect((await run('du a/sl; du -L a/sl; du -0 a/b/c')).out).toBe('0\ta/sl\n8\ta/sl\n16\ta/b/c\0');
    expect((await run('du -La a')).out).toBe('12\ta/b/c/f3\n16\ta/b/c\n4\ta/b/f2\n8\ta/b/hl\n32\ta/b\n36\ta\n');
  });

  it("prints human_readable's units: -h, --si, -k, -m and -B with and without a number", async () => {
    const { run } = await lab(3);
    await run(TREE);
    const one = async (flags: string) => (await run(`du -s ${flags} a`)).out.split('\t')[0];
    expect(await Promise.all(['-h', '--si', '-k', '-m', '-BM', '-B1M', '-BK', '-B1K', '-Bk', '-BKB', '-BKiB', '-B512', '-hb', '-bh'].map(one)))
      .toEqual(['36K', '37k', '36', '1', '1M', '1', '36K', '36', '36K', '37kB', '36KiB', '72', '15102', '15K']);
    expect((await run('du -h a/b/f2')).out).toBe('4.0K\ta/b/f2\n');
    expect((await run("du -s --time --time-style=full-iso a; du --time-style=iso --time a/b/c; du -s --time=ctime --time-style=+%H a")).out)
      .toMatch(/^36\t\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{9} \+0000\ta\n16\t\d{4}-\d\d-\d\d\ta\/b\/c\n36\t\d\d\ta\n$/);
  });

  it('gives du.c and getopt their errors and warnings', async () => {
    const { run } = await lab(3);
    await run(TREE);
    const TRY = "Try 'du --help' for more information.\n";
    expect(await run('du -sh nope a')).toEqual({ out: "du: cannot access 'nope': No such file or directory\n36K\ta\n", status: 1 });
    expect(await run('du -s -d 1 a')).toEqual({ out: `du: warning: summarizing conflicts with --max-depth=1\n${TRY}`, status: 1 });
    expect(await run('du -s -d 0 a')).toEqual({ out: 'du: warning: summarizing is the same as using --max-depth=0\n36\ta\n', status: 0 });
    expect(await run('du -as a')).toEqual({ out: `du: cannot both summarize and show all entries\n${TRY}`, status: 1 });
    expect(await run('du -d 1x a')).toEqual({ out: `du: invalid maximum depth ‘1x’\n${TRY}`, status: 1 });
    expect(await run('du -B x a')).toEqual({ out: "du: invalid -B argument 'x'\n", status: 1 });
    expect(await run('du --block-size=x a')).toEqual({ out: "du: invalid --block-size argument 'x'\n", status: 1 });
    expect(await run('du -B 0 a')).toEqual({ out: "du: invalid -B argument '0'\n", status: 1 });
    expect(await run('du -B 1x a')).toEqual({ out: "du: invalid suffix in -B argument '1x'\n", status: 1 });
    expect(await run('du -B 99999999999999999999999 a')).toEqual({ out: "du: -B argument '99999999999999999999999' too large\n", status: 1 });
    expect(await run('du --thr=x a')).toEqual({ out: "du: invalid --threshold argument 'x'\n", status: 1 });
    expect(await run('du -t -0 a')).toEqual({ out: "du: invalid --threshold argument '-0'\n", status: 1 });
    expect(await run('du --time=bad a')).toEqual({
      out: `du: invalid argument ‘bad’ for ‘--time’\nValid arguments are:\n  - ‘atime’, ‘access’, ‘use’\n  - ‘ctime’, ‘status’\n${TRY}`, status: 1,
    });
    expect(await run('du --bogus')).toEqual({ out: `du: unrecognized option '--bogus'\n${TRY}`, status: 1 });
    expect(await run('du -q')).toEqual({ out: `du: invalid option -- 'q'\n${TRY}`, status: 1 });
    expect(await run('du --max-depth')).toEqual({ out: `du: option '--max-depth' requires an argument\n${TRY}`, status: 1 });
    expect((await run('du --help')).out).toMatch(/^Usage: du \[OPTION\]\.\.\. \[FILE\]\.\.\.\n[\s\S]*Units are K,M,G,T,P,E,Z,Y,R,Q \(powers of 1024\)[\s\S]*info '\(coreutils\) du invocation'\n$/);
    expect((await run('du --version')).out.split('\n')[0]).toBe('du (GNU coreutils) 9.4');
  });

  it("reads the node's folders as the learner may, and with sudo; the program is /usr/bin/du", async () => {
    const { run } = await lab(3);
    // The folder's own block still counts when it cannot be read (fts's FTS_DNR).
    expect(await run('du -sh /var/lib/etcd')).toEqual({ out: "du: cannot read directory '/var/lib/etcd': Permission denied\n4.0K\t/var/lib/etcd\n", status: 1 });
    // Four folders and the member's two preallocated 64,000,000-byte WAL files (62,500 KiB each).
    expect(await run('sudo du -s /var/lib/etcd')).toEqual({ out: '125016\t/var/lib/etcd\n', status: 0 });
    const pods = (await run('sudo du -s /var/log/pods/*')).out.trim().split('\n');
    expect(pods.length).toBeGreaterThan(3);
    for (const l of pods) expect(l).toMatch(/^\d+\t\/var\/log\/pods\/kube-system_/);
    const depth = (await run('du -h --max-depth=1 /etc/kubernetes')).out;
    expect(depth).toMatch(/^\d+K\t\/etc\/kubernetes\/manifests\n\d+K\t\/etc\/kubernetes\/pki\n\d+K\t\/etc\/kubernetes\n$/);
    // /bin is a link into /usr: du does not follow it unless told.
    expect((await run('du /bin')).out).toBe('0\t/bin\n');
    expect((await run('du -sD /bin')).out).toBe((await run('du -s /usr/bin')).out.replace('/usr/bin', '/bin'));
    // What ls -l's total and stat's block count say of a folder's files, du says too.
    const blocks = Number((await run("stat -c '%b' /etc/kubernetes/admin.conf")).out) / 2;
    expect((await run('du /etc/kubernetes/admin.conf')).out).toBe(`${blocks}\t/etc/kubernetes/admin.conf\n`);
    expect((await run('ls -l /usr/bin/du')).out).toMatch(/^-rwxr-xr-x 1 root root 175440 /);
  });
});
