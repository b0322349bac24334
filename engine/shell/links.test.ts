/**
 * Symbolic and hard links on the node's files (vfs.ts) as Linux resolves them, and the commands that make, read and
 * show them as GNU coreutils 9.4 and bash 5.2 print it: ln, readlink, realpath, ls, rm, cp, mv, test -L, cd and pwd -P;
 * the links a kubeadm node on Ubuntu 24.04 has (kubelet-client-current.pem, /etc/resolv.conf, merged /usr).
 */
import { describe, expect, it } from 'vitest';
import { MemoryFileSystem } from './vfs.js';
import { errno } from './fs-test-helpers.js';
import { lab } from './commands/node/test-lab.js';

/** Runs each line in turn and compares what it printed (stdout and stderr) and its status; the line names a failure. */
async function expectLines(run: (line: string) => Promise<{ out: string; status: number }>, cases: Array<[string, string, number]>) {
  for (const [line, out, status] of cases) expect([line, await run(line)]).toEqual([line, { out, status }]);
}

describe('links in the filesystem (vfs.ts)', () => {
  const tree = () => {
    const fs = new MemoryFileSystem();
    fs.mkdir('/srv/a/b', true);
    fs.writeFile('/srv/a/b/file', 'text');
    return fs;
  };

  it('follows relative links from their own folder, absolute ones from /, and chains of them', () => {
    const fs = tree();
    fs.symlink('a/b', '/srv/rel');
    fs.symlink('/srv/a/b/file', '/srv/abs');
    fs.symlink('../rel/file', '/srv/a/up');
    fs.symlink('up', '/srv/a/chain');
    expect(fs.readFile('/srv/rel/file')).toBe('text');
    expect(fs.readFile('/srv/abs')).toBe('text');
    expect(fs.readFile('/srv/a/chain')).toBe('text');
    expect(fs.realpath('/srv/a/chain')).toBe('/srv/a/b/file');
    expect(fs.readDir('/srv/rel')).toEqual(['file']);
    // stat follows, lstat does not: a link is 0777 and as long as its target.
    expect(fs.stat('/srv/abs')).toMatchObject({ type: 'file', size: 4 });
    expect(fs.lstat('/srv/abs')).toMatchObject({ type: 'link', size: 13, mode: 0o777, target: '/srv/a/b/file' });
    expect(fs.readlink('/srv/a/chain')).toBe('up');
    expect(errno(() => fs.readlink('/srv/a/b/file'))).toBe('EINVAL');
    expect(errno(() => fs.readlink('/srv/none'))).toBe('ENOENT');
  });

  it('gives up after 40 links with ELOOP, as the kernel does', () => {
    const fs = tree();
    fs.symlink('/srv/a/b/file', '/srv/l0');
    for (let i = 1; i <= 41; i++) fs.symlink(`l${i - 1}`, `/srv/l${i}`);
    expect(fs.readFile('/srv/l39')).toBe('text');
    expect(errno(() => fs.readFile('/srv/l40'))).toBe('ELOOP');
    fs.symlink('self', '/srv/self');
    expect(errno(() => fs.stat('/srv/self'))).toBe('ELOOP');
    expect(fs.lstat('/srv/self')?.type).toBe('link');
  });

  it('keeps a dangling link: not there for stat, written through (the target is made), removed as itself', () => {
    const fs = tree();
    fs.symlink('made', '/srv/dangling');
    expect(fs.stat('/srv/dangling')).toBeUndefined();
    expect(errno(() => fs.mkdir('/srv/dangling', true))).toBe('EEXIST');
    expect(errno(() => fs.symlink('x', '/srv/dangling'))).toBe('EEXIST');
    fs.writeFile('/srv/dangling', 'new');
    expect(fs.readFile('/srv/made')).toBe('new');
    fs.symlink('a', '/srv/dir');
    expect(fs.remove('/srv/dir', true)).toBe(true);
    expect(fs.readDir('/srv/a')).toEqual(['b']);
    // mkdir -p goes through a link to a folder; rename moves the link, not its target.
    fs.symlink('a', '/srv/dir');
    fs.mkdir('/srv/dir/c/d', true);
    expect(fs.stat('/srv/a/c/d')?.type).toBe('dir');
    fs.rename('/srv/dir', '/srv/moved');
    expect([fs.lstat('/srv/moved')?.type, fs.stat('/srv/a')?.type, fs.lstat('/srv/dir')]).toEqual(['link', 'dir', undefined]);
  });

  it("checks a link's target for access, and the link's folder for making it", () => {
    const fs = tree();
    fs.writeFile('/srv/secret', 's');
    fs.chmod('/srv/secret', { mode: 0o600 });
    fs.symlink('/srv/secret', '/srv/open');
    const learner = fs.as('learner');
    expect(errno(() => learner.readFile('/srv/open'))).toBe('EACCES');
    expect(learner.lstat('/srv/open')?.mode).toBe(0o777);
    expect(errno(() => learner.symlink('/srv/secret', '/srv/mine'))).toBe('EACCES');
    expect(errno(() => learner.remove('/srv/open'))).toBe('EACCES');
  });

  it('shares one file between hard links: its text, and the count of its names', () => {
    const fs = tree();
    fs.link('/srv/a/b/file', '/srv/hard');
    fs.appendFile('/srv/hard', '+');
    expect(fs.readFile('/srv/a/b/file')).toBe('text+');
    expect(fs.stat('/srv/a/b/file')?.nlink).toBe(2);
    fs.rename('/srv/hard', '/srv/a/b/file');
    expect(fs.stat('/srv/hard')?.nlink).toBe(2);
    fs.remove('/srv/a/b/file');
    expect(fs.stat('/srv/hard')).toMatchObject({ nlink: 1, size: 5 });
    expect(errno(() => fs.link('/srv/a', '/srv/dirlink'))).toBe('EPERM');
    expect(errno(() => fs.link('/srv/hard', '/srv/a/b'))).toBe('EEXIST');
  });
});

describe('the links of a kubeadm node on Ubuntu 24.04', () => {
  it("links kubelet-client-current.pem to the pair the kubelet stored at its start, named in client-go's format", async () => {
    // A cluster started on another day: the name follows kubeadm init's moment, not a fixed date.
    const { run } = await lab({ seed: 3, epochMs: Date.UTC(2026, 10, 29, 2, 0, 7) });
    expect(await run('sudo ls -l /var/lib/kubelet/pki')).toEqual({
      out: 'total 12\n'
        + '-rw------- 1 root root 2834 Nov 29 02:00 kubelet-client-2026-11-29-02-00-07.pem\n'
        + 'lrwxrwxrwx 1 root root   59 Nov 29 02:00 kubelet-client-current.pem -> /var/lib/kubelet/pki/kubelet-client-2026-11-29-02-00-07.pem\n'
        + '-rw-r--r-- 1 root root 2303 Nov 29 02:00 kubelet.crt\n'
        + '-rw------- 1 root root 1679 Nov 29 02:00 kubelet.key\n',
      status: 0,
    });
    // kubelet.conf names the link; reading through it reaches the pair.
    expect(await run('sudo grep client-certificate: /etc/kubernetes/kubelet.conf; sudo openssl x509 -in /var/lib/kubelet/pki/kubelet-client-current.pem -noout -subject')).toEqual({
      out: '    client-certificate: /var/lib/kubelet/pki/kubelet-client-current.pem\nsubject=O = system:nodes, CN = system:node:control-plane\n', status: 0,
    });
    expect(await run('sudo readlink -f /var/lib/kubelet/pki/kubelet-client-current.pem')).toEqual({ out: '/var/lib/kubelet/pki/kubelet-client-2026-11-29-02-00-07.pem\n', status: 0 });
    expect(await run('ssh worker-1 sudo readlink /var/lib/kubelet/pki/kubelet-client-current.pem')).toEqual({ out: '/var/lib/kubelet/pki/kubelet-client-2026-11-29-02-00-07.pem\n', status: 0 });
  });

  it("has /etc/resolv.conf link to systemd-resolved's stub, and /bin, /lib, /lib64 and /sbin into /usr", async () => {
    const { run } = await lab();
    expect((await run('ls -l /etc/resolv.conf')).out).toMatch(/^lrwxrwxrwx 1 root root 39 Jan {2}1 \d\d:\d\d \/etc\/resolv\.conf -> \.\.\/run\/systemd\/resolve\/stub-resolv\.conf\n$/);
    expect(await run('grep nameserver /etc/resolv.conf; realpath /etc/resolv.conf; test -L /etc/resolv.conf && echo link')).toEqual({
      out: 'nameserver 127.0.0.53\n/run/systemd/resolve/stub-resolv.conf\nlink\n', status: 0,
    });
    expect((await run('ls -l / | grep ^l')).out.replace(/Jan {2}1 \d\d:\d\d/g, 'DATE')).toBe(
      'lrwxrwxrwx 1 root root    7 DATE bin -> usr/bin\nlrwxrwxrwx 1 root root    7 DATE lib -> usr/lib\n'
      + 'lrwxrwxrwx 1 root root    9 DATE lib64 -> usr/lib64\nlrwxrwxrwx 1 root root    8 DATE sbin -> usr/sbin\n');
  });
});

describe('ln, readlink and realpath (GNU coreutils 9.4)', () => {
  it('makes symbolic links, with the texts of what it refuses', async () => {
    const { run } = await lab();
    await run('cd /tmp; mkdir d');
    const cases: Array<[string, string, number]> = [
      ['ln -s /etc/hosts h && readlink h', '/etc/hosts\n', 0],
      ['ln -s /etc/os-release h', "ln: failed to create symbolic link 'h': File exists\n", 1],
      ['ln -sfv /etc/os-release h && readlink h', "'h' -> '/etc/os-release'\n/etc/os-release\n", 0],
      ['ln -sv /etc/hosts d', "'d/hosts' -> '/etc/hosts'\n", 0],
      ['ln -s /etc/hostname', '', 0],
      ['ln -sv /etc/hostname', "ln: failed to create symbolic link './hostname': File exists\n", 1],
      ['ln -s x /etc/evil', "ln: failed to create symbolic link '/etc/evil': Permission denied\n", 1],
      ['ln -s "" e', "ln: failed to create symbolic link 'e' -> '': No such file or directory\n", 1],
      ['ln -s x /nowhere/y', "ln: failed to create symbolic link '/nowhere/y': No such file or directory\n", 1],
      ['ln -sfT /etc d', 'ln: d: cannot overwrite directory\n', 1],
      ['ln -sf /etc d && readlink d/etc', '/etc\n', 0],
      ['ln -s d dl; ln -sfn /etc dl && readlink dl', '/etc\n', 0],
      ['ln -srv /tmp/d/hosts d/sub/rel', "ln: failed to create symbolic link 'd/sub/rel': No such file or directory\n", 1],
      ['ln -srv /etc/hosts d/rel', "'d/rel' -> '../../etc/hosts'\n", 0],
      ['ln a b c', "ln: target 'c': No such file or directory\n", 1],
      ['ln', "ln: missing file operand\nTry 'ln --help' for more information.\n", 1],
      ['ln -T a', "ln: missing destination file operand after 'a'\nTry 'ln --help' for more information.\n", 1],
      ['ln -r a b', 'ln: cannot do --relative without --symbolic\n', 1],
      ['ln -z a b', "ln: invalid option -- 'z'\nTry 'ln --help' for more information.\n", 1],
    ];
    await expectLines(run, cases);
  });

  it('makes hard links: one file under two names, no folders', async () => {
    const { run } = await lab();
    await run('cd /tmp; echo one > f; mkdir d');
    expect(await run('ln -v f g; echo two >> g; cat f; ls -l f g | cut -c1-12')).toEqual({ out: "'g' => 'f'\none\ntwo\n-rw-rw-r-- 2\n-rw-rw-r-- 2\n", status: 0 });
    const cases: Array<[string, string, number]> = [
      ['ln f g', "ln: failed to create hard link 'g': File exists\n", 1],
      ['ln -f f f', "ln: 'f' and 'f' are the same file\n", 1],
      ['ln d e', 'ln: d: hard link not allowed for directory\n', 1],
      ['ln none e', "ln: failed to access 'none': No such file or directory\n", 1],
      ['ln f /etc/f', "ln: failed to create hard link '/etc/f' => 'f': Permission denied\n", 1],
      ['rm f; cat g; ls -l g | cut -c1-12', 'one\ntwo\n-rw-rw-r-- 1\n', 0],
    ];
    await expectLines(run, cases);
  });

  it('reads links: readlink without an option only reads a link, -f/-e/-m canonicalise; realpath says why it cannot', async () => {
    const { run } = await lab();
    await run('cd /tmp; mkdir -p d/e; ln -s d/e l; ln -s nowhere dangling; ln -s loop2 loop1; ln -s loop1 loop2');
    const cases: Array<[string, string, number]> = [
      ['readlink l', 'd/e\n', 0],
      ['readlink d', '', 1],
      ['readlink -v d', 'readlink: d: Invalid argument\n', 1],
      ['readlink -n l', 'd/e', 0],
      ['readlink -n l l', 'readlink: ignoring --no-newline with multiple arguments\nd/e\nd/e\n', 0],
      ['readlink -f l/../x', '/tmp/d/x\n', 0],
      ['readlink -e l/../x', '', 1],
      ['readlink -f dangling', '/tmp/nowhere\n', 0],
      ['readlink -e dangling', '', 1],
      ['readlink -m dangling/a/b', '/tmp/nowhere/a/b\n', 0],
      ['readlink -f loop1', '', 1],
      ['readlink -vf loop1', 'readlink: loop1: Too many levels of symbolic links\n', 1],
      ['readlink -m loop1', '/tmp/loop1\n', 0],
      ['readlink', "readlink: missing operand\nTry 'readlink --help' for more information.\n", 1],
      ['realpath l /bin/../etc', '/tmp/d/e\n/usr/etc\n', 0],
      ['realpath -e /bin/../etc', 'realpath: /bin/../etc: No such file or directory\n', 1],
      ['realpath -s /bin/../etc l', '/etc\n/tmp/l\n', 0],
      ['realpath /nope/x loop1', 'realpath: /nope/x: No such file or directory\nrealpath: loop1: Too many levels of symbolic links\n', 1],
      ['realpath --relative-to=/usr /bin/ls', 'bin/ls\n', 0],
      ['cd l; pwd; pwd -P; cd -P ../../l; pwd', '/tmp/l\n/tmp/d/e\n/tmp/d/e\n', 0],
    ];
    await expectLines(run, cases);
  });
});

describe('the file commands on links', () => {
  it('ls shows a link with -l, follows one to a folder without it, marks it with -F and follows every link with -L', async () => {
    const { run } = await lab();
    await run('cd /tmp; mkdir d; echo hi > d/f; chmod +x d/f; ln -s d dl; ln -s d/f fl; ln -s nowhere dangling');
    const strip = (o: { out: string; status: number }) => ({ ...o, out: o.out.replace(/Jan {2}1 \d\d:\d\d/g, 'DATE') });
    expect(strip(await run('ls -l'))).toEqual({
      out: 'total 4\ndrwxrwxr-x 2 learner learner 4096 DATE d\nlrwxrwxrwx 1 learner learner    7 DATE dangling -> nowhere\n'
        + 'lrwxrwxrwx 1 learner learner    1 DATE dl -> d\nlrwxrwxrwx 1 learner learner    3 DATE fl -> d/f\n',
      status: 0,
    });
    expect(await run('ls dl; ls -d dl; ls -F; ls -F dl')).toEqual({ out: 'f\ndl\nd/\ndangling@\ndl@\nfl@\ndl@\n', status: 0 });
    expect(strip(await run('ls -lF dl fl dangling'))).toEqual({
      out: 'lrwxrwxrwx 1 learner learner 7 DATE dangling -> nowhere\nlrwxrwxrwx 1 learner learner 1 DATE dl -> d/\nlrwxrwxrwx 1 learner learner 3 DATE fl -> d/f*\n',
      status: 0,
    });
    expect(strip(await run('ls -lL'))).toEqual({
      out: "ls: cannot access 'dangling': No such file or directory\ntotal 12\ndrwxrwxr-x 2 learner learner 4096 DATE d\nl????????? ? ?       ?          ?            ? dangling\n"
        + 'drwxrwxr-x 2 learner learner 4096 DATE dl\n-rwxrwxr-x 1 learner learner    3 DATE fl\n',
      status: 1,
    });
    expect(await run('ls -L dangling; ls dangling')).toEqual({ out: "ls: cannot access 'dangling': No such file or directory\ndangling\n", status: 0 });
  });

  it('cat, rm, cp and mv: a dangling link is not there to read, rm and mv act on the link, cp copies what it names', async () => {
    const { run } = await lab();
    await run('cd /tmp; mkdir d; echo hi > d/f; ln -s d dl; ln -s d/f fl; ln -s nowhere dangling; ln -s loop loop');
    const cases: Array<[string, string, number]> = [
      ['cat fl dangling loop', "hi\ncat: dangling: No such file or directory\ncat: loop: Too many levels of symbolic links\n", 1],
      ['cp fl c1; ls -l c1 | cut -c1-10; cat c1', '-rw-rw-r--\nhi\n', 0],
      ['cp -P fl c2; cp -d fl c3; readlink c2 c3', 'd/f\nd/f\n', 0],
      ['cp -a dl c4; cp -r dl c5; readlink c4 c5', 'd\nd\n', 0],
      ['cp dangling c6', "cp: cannot stat 'dangling': No such file or directory\n", 1],
      ['mv dangling moved; readlink moved', 'nowhere\n', 0],
      ['rm dl/', "rm: cannot remove 'dl/': Is a directory\n", 1],
      ['rm dl; ls d', 'f\n', 0],
      ['ln -s d dl; rm -r dl; ls d', 'f\n', 0],
      ['[ -L fl ] && [ -h moved ] && [[ -L fl ]] && ! [ -e moved ] && ! [ -L d ] && echo yes', 'yes\n', 0],
      ['echo new > moved; cat nowhere', 'new\n', 0],
    ];
    await expectLines(run, cases);
  });
});
