/**
 * find and stat on a kubeadm node as the learner types them (the lines recorded against the real tools are in
 * find-stat.test.ts): the learner's permissions and sudo's, the order find walks in, its actions, what stat shows of
 * the inode numbers, links and times the node's files keep, and a long walk giving the page its turns.
 */
import { describe, expect, it } from 'vitest';
import type { Cluster } from '../../cluster.js';
import { VirtualClock } from '../../util/clock.js';
import { driveClock } from '../script.js';
import { Session } from '../session.js';
import { lab } from './node/test-lab.js';

const EPOCH = Date.UTC(2026, 10, 29, 2, 0, 0);

describe('find and stat on the control-plane node', () => {
  it('finds the kubeadm files the learner may see, and says Permission denied where the learner may not look', async () => {
    const { run } = await lab({ seed: 3, epochMs: EPOCH });
    expect(await run("find /etc/kubernetes -name '*.conf'")).toEqual({
      out: ['admin', 'controller-manager', 'kubelet', 'scheduler', 'super-admin'].map((n) => `/etc/kubernetes/${n}.conf\n`).join(''),
      status: 0,
    });
    // The folder itself is tested before find tries to read it (fts's pre-order), then the error; the status is 1.
    expect(await run('find /var/lib/kubelet -maxdepth 2 -type d')).toEqual({ out: "/var/lib/kubelet\nfind: ‘/var/lib/kubelet’: Permission denied\n", status: 1 });
    expect(await run('sudo find /var/lib/kubelet -maxdepth 2 -type d')).toEqual({
      out: ['', '/checkpoints', '/device-plugins', '/pki', '/plugins', '/plugins_registry', '/pod-resources', '/pods'].map((d) => `/var/lib/kubelet${d}\n`).join(''),
      status: 0,
    });
    expect(await run('find /root -name x')).toEqual({ out: 'find: ‘/root’: Permission denied\n', status: 1 });
    // The keys are root's 0600: stat needs only to search their folder; reading them (-readable) needs sudo.
    expect(await run("stat -c '%a %U %n' /etc/kubernetes/pki/ca.key /etc/kubernetes/pki/sa.key")).toEqual({ out: '600 root /etc/kubernetes/pki/ca.key\n600 root /etc/kubernetes/pki/sa.key\n', status: 0 });
    expect(await run("find /etc/kubernetes/pki -maxdepth 1 -name '*.key' -readable")).toEqual({ out: '', status: 0 });
    expect((await run("sudo find /etc/kubernetes/pki -maxdepth 1 -name '*.key' -readable")).out.split('\n').length - 1).toBe(7);
    expect(await run('stat /root/.bashrc')).toEqual({ out: "stat: cannot statx '/root/.bashrc': Permission denied\n", status: 1 });
    expect(await run('stat /nope')).toEqual({ out: "stat: cannot statx '/nope': No such file or directory\n", status: 1 });
  });

  it("prints stat's default format with kubeadm's times, and -f with the root disk df reports", async () => {
    const { run } = await lab({ seed: 3, epochMs: EPOCH });
    const { out } = await run('stat /etc/kubernetes/admin.conf');
    expect(out.replace(/Inode: \d+ +/, 'Inode: N ')).toBe([
      '  File: /etc/kubernetes/admin.conf',
      '  Size: 5638      \tBlocks: 16         IO Block: 4096   regular file',
      'Device: 8,1\tInode: N Links: 1',
      'Access: (0600/-rw-------)  Uid: (    0/    root)   Gid: (    0/    root)',
      'Access: 2026-11-29 02:02:00.500000000 +0000',
      'Modify: 2026-11-29 02:00:00.000000000 +0000',
      'Change: 2026-11-29 02:00:00.000000000 +0000',
      ' Birth: 2026-11-29 02:00:00.000000000 +0000',
      '',
    ].join('\n'));
    const df = (await run('df /')).out.split('\n')[1].split(/\s+/);
    const fs = (await run('stat -f -c "%b %f %a %s %T" /')).out.trim().split(' ');
    expect(fs.map(Number).slice(0, 3)).toEqual([Math.floor(Number(df[1]) / 4), Math.floor((Number(df[1]) - Number(df[2])) / 4), Math.floor(Number(df[3]) / 4)]);
    expect(fs.slice(3)).toEqual(['4096', 'ext2/ext3']);
    expect(await run('stat -f /nope')).toEqual({ out: "stat: cannot read file system information for '/nope': No such file or directory\n", status: 1 });
    // procfs: no birth time, 1 KiB I/O blocks.
    expect((await run('stat -c "%w %W %o %Hd" /proc/meminfo')).out).toBe('- 0 1024 0\n');
    expect(await run('stat -t /dev/null')).toMatchObject({ out: expect.stringMatching(/^\/dev\/null 0 0 21b6 0 0 5 5 1 1 3 \d+ \d+ \d+ \d+ 4096\n$/) });
  });

  it('walks folders by name, before their entries or with -depth after them, and acts on what it finds', async () => {
    const { run } = await lab({ seed: 3, epochMs: EPOCH });
    await run('mkdir -p t/b/c t/a; touch t/b/c/f t/a/x t/z');
    expect((await run('find t')).out).toBe('t\nt/a\nt/a/x\nt/b\nt/b/c\nt/b/c/f\nt/z\n');
    expect((await run('find t -depth')).out).toBe('t/a/x\nt/a\nt/b/c/f\nt/b/c\nt/b\nt/z\nt\n');
    expect((await run('find t/ -mindepth 1 -maxdepth 1 -printf "%f %d %y\\n"')).out).toBe('a 1 d\nb 1 d\nz 1 f\n');
    expect(await run('find t -name x -exec echo found {} \\; -o -name f -exec echo all {} +')).toEqual({ out: 'found t/a/x\nall t/b/c/f\n', status: 0 });
    // -ok asks on stderr and reads the answer from standard input.
    expect(await run('echo y | find t -name z -ok rm {} \\;')).toEqual({ out: '< rm ... t/z > ? ', status: 0 });
    expect((await run('ls t')).out).toBe('a\nb\n');
    expect(await run('echo n | find t -name x -ok rm {} \\;')).toEqual({ out: '< rm ... t/a/x > ? ', status: 0 });
    // -delete turns on -depth: a folder goes once its entries are gone.
    expect(await run('find t/b -delete; ls t')).toEqual({ out: 'a\n', status: 0 });
    expect(await run('find /etc/hostname -delete')).toEqual({ out: 'find: cannot delete ‘/etc/hostname’: Permission denied\n', status: 1 });
    expect(await run('sudo find /etc/kubernetes/manifests -name "*.yaml" -quit -print')).toEqual({ out: '', status: 0 });
    expect(await run('find t -name a -prune -o -print')).toEqual({ out: 't\n', status: 0 });
    // find runs the command itself: one that cannot start is execvp's error in find's words (recorded with findutils 4.9.0).
    expect(await run('find t -maxdepth 0 -exec nosuchcmd {} \\;')).toEqual({ out: 'find: ‘nosuchcmd’: No such file or directory\n', status: 0 });
    expect(await run('find t -maxdepth 0 -exec nosuchcmd {} +')).toEqual({ out: 'find: ‘nosuchcmd’: No such file or directory\n', status: 1 });
  });

  it('gives each file one inode number for stat, find and hard links, and keeps relatime access, change and birth times', async () => {
    const { run } = await lab({ seed: 3, epochMs: EPOCH });
    await run('echo one > f');
    const born = Number((await run('stat -c %.3W f')).out) * 1000;
    const times = async (name: string) => (await run(`stat -c '%.3X %.3Y %.3Z %.3W' ${name}`)).out.trim().split(' ').map((s) => Math.round(Number(s) * 1000 - born));
    expect(await times('f')).toEqual([0, 0, 0, 0]);
    await run('sleep 5; cat f');
    expect(await times('f')).toEqual([5000, 0, 0, 0]);
    // A read after the last one, with nothing changed since: relatime leaves the access time.
    await run('sleep 5; cat f');
    expect(await times('f')).toEqual([5000, 0, 0, 0]);
    await run('sleep 5; echo two >> f');
    expect(await times('f')).toEqual([5000, 15000, 15000, 0]);
    await run('sleep 5; chmod 600 f');
    expect(await times('f')).toEqual([5000, 15000, 20000, 0]);
    await run('sleep 5; cat f');
    expect(await times('f')).toEqual([25000, 15000, 20000, 0]);
    await run('ln f g; mv g h');
    const inode = (await run('stat -c %i f')).out;
    expect((await run('stat -c "%i %h" h')).out).toBe(`${inode.trim()} 2\n`);
    expect((await run('find . -maxdepth 1 -name h -printf "%i %n\\n"')).out).toBe(`${inode.trim()} 2\n`);
    expect((await run('find . -maxdepth 1 -inum ' + inode.trim())).out).toBe('./f\n./h\n');
    // A folder's links as ls -l counts them: itself, its `.`, and each subfolder's `..`.
    await run('mkdir -p d/x d/y');
    expect((await run('stat -c %h d')).out).toBe('4\n');
    expect((await run('ls -ld d')).out).toMatch(/^drwxrwxr-x 4 /);
  });

  it('warns of a global option after a test when asked to (-warn; by default only when standard input is the terminal)', async () => {
    const { run } = await lab({ seed: 3, epochMs: EPOCH });
    expect(await run('find /etc/kubernetes -name x -maxdepth 1')).toEqual({ out: '', status: 0 });
    expect((await run('find /etc/kubernetes -warn -name x -maxdepth 1')).out).toBe('find: warning: you have specified the global option -maxdepth after the argument -name, but global options are not positional, i.e., -maxdepth affects tests specified before it as well as those specified after it.  Please specify global options before other arguments.\n');
  });
});

describe('a long walk', () => {
  it('gives the page a turn every 64 files and prints every one', async () => {
    const clock = new VirtualClock(EPOCH);
    let turns = 0;
    const s = new Session({ clock, cluster: { clock, nodeConfigs: [], history: [] } as unknown as Cluster, cooperation: { yieldNow: async () => void turns++ } });
    s.fs.mkdir('/srv', true);
    for (let d = 0; d < 30; d++) {
      s.fs.mkdir(`/srv/${d}`, true);
      for (let f = 0; f < 100; f++) s.fs.writeFile(`/srv/${d}/${f}`, '');
    }
    let out = '';
    const r = await driveClock(s.run('find /srv', (t) => (out += t)), clock, 60_000, () => s.interrupt());
    expect(r.status).toBe(0);
    expect(out.split('\n').length - 1).toBe(1 + 30 + 3000);
    expect(turns).toBeGreaterThanOrEqual(Math.floor(3031 / 64));
  });
});
