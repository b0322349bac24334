/**
 * ls's listing options on the node. The expected text was recorded from GNU ls (coreutils 9.1; 9.4's ls prints the
 * same for these) on the same tree, outside a terminal (one name per line unless a format is asked for); inode
 * numbers and times differ from a real disk's, so those are checked against stat.
 */
import { describe, expect, it } from 'vitest';
import { lab } from './node/test-lab.js';

const TREE = "mkdir -p t/a/b/c && cd t && printf '%5000s' x > a/f1 && printf '%100s' x > a/b/f2 && printf '%10000s' x > a/b/c/f3 && ln a/f1 a/b/hl && ln -s f1 a/sl && echo x > top && chmod 755 top";
const ESC = '\x1b';

describe('ls', () => {
  it('lists folders recursively (-R), depth first, each under its name', async () => {
    const { run } = await lab(3);
    expect((await run(TREE)).status).toBe(0);
    expect((await run('ls -R a')).out).toBe('a:\nb\nf1\nsl\n\na/b:\nc\nf2\nhl\n\na/b/c:\nf3\n');
    expect((await run('ls -Rs a')).out).toBe('a:\ntotal 12\n4 b\n8 f1\n0 sl\n\na/b:\ntotal 16\n4 c\n4 f2\n8 hl\n\na/b/c:\ntotal 12\n12 f3\n');
    expect((await run('ls -Rd a')).out).toBe('a\n');
    expect((await run('ls -R a/b/c .')).out).toBe('.:\na\ntop\n\n./a:\nb\nf1\nsl\n\n./a/b:\nc\nf2\nhl\n\n./a/b/c:\nf3\n\na/b/c:\nf3\n');
    // A folder the user may not read, met on the way down: its error, exit 1 (a named one is 2).
    expect(await run('sudo mkdir a/secret && sudo chmod 700 a/secret && ls -R a >/dev/null')).toEqual({ out: "ls: cannot open directory 'a/secret': Permission denied\n", status: 1 });
  });

  it('shows block counts (-s, -h), inode numbers (-i) as stat tells them, and sorts by size, extension or not at all', async () => {
    const { run } = await lab(3);
    await run(TREE);
    expect((await run('ls -s1 a/b')).out).toBe('total 16\n4 c\n4 f2\n8 hl\n');
    expect((await run('ls -sh a/b')).out).toBe('total 16K\n4.0K c\n4.0K f2\n8.0K hl\n');
    expect((await run('ls -sd a')).out).toBe('4 a\n');
    expect((await run('ls -S1 a/b')).out).toBe('hl\nc\nf2\n');
    expect((await run('ls -Sr1 a/b')).out).toBe('f2\nc\nhl\n');
    expect((await run('ls -X1 a/b')).out).toBe('c\nf2\nhl\n');
    expect((await run('ls -U1 a/b | sort')).out).toBe('c\nf2\nhl\n');
    const inodes = (await run('stat -c %i a/b/c a/b/f2 a/b/hl')).out.trim().split('\n');
    const w = Math.max(...inodes.map((i) => i.length));
    expect((await run('ls -i a/b')).out).toBe(['c', 'f2', 'hl'].map((n, k) => `${inodes[k].padStart(w)} ${n}\n`).join(''));
    // A hard link is the same inode.
    expect((await run('ls -i a/f1')).out).toBe(`${inodes[2]} a/f1\n`);
  });

  it('writes the column formats (-m, -x, -C), -p and -F, and long listings without owner or group (-g, -o, -n)', async () => {
    const { run } = await lab(3);
    await run(TREE);
    expect((await run('ls -m a a/b')).out).toBe('a:\nb, f1, sl\n\na/b:\nc, f2, hl\n');
    expect((await run('ls -x a/b')).out).toBe('c  f2  hl\n');
    expect((await run('ls -C a/b')).out).toBe('c  f2  hl\n');
    expect((await run('ls -p a')).out).toBe('b/\nf1\nsl\n');
    expect((await run('ls -F a')).out).toBe('b/\nf1\nsl@\n');
    expect((await run('ls -ngo a/b/c')).out).toMatch(/^total 12\n-rw-rw-r-- 1 10000 \w{3} [ \d]\d \d\d:\d\d f3\n$/);
    expect((await run('ls -ln a/b/c')).out).toMatch(/^total 12\n-rw-rw-r-- 1 1000 1000 10000 \w{3} [ \d]\d \d\d:\d\d f3\n$/);
    expect((await run('ls -l --full-time a/b/c')).out).toMatch(/^total 12\n-rw-rw-r-- 1 learner learner 10000 \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{9} \+0000 f3\n$/);
    // -1 after -l does not undo it.
    expect((await run('ls -l1 a/b/c')).out).toBe((await run('ls -l a/b/c')).out);
  });

  it("colours as ls's built-in table does, only when asked to or on a terminal, and refuses an unknown --color", async () => {
    const { run } = await lab(3);
    await run(TREE);
    expect((await run('ls --color=always a')).out).toBe(`${ESC}[0m${ESC}[01;34mb${ESC}[0m\nf1\n${ESC}[01;36msl${ESC}[0m\n`);
    expect((await run('ls --color=always -F a')).out).toBe(`${ESC}[0m${ESC}[01;34mb${ESC}[0m/\nf1\n${ESC}[01;36msl${ESC}[0m@\n`);
    expect((await run('ls --color -R a')).out).toBe(`a:\n${ESC}[0m${ESC}[01;34mb${ESC}[0m\nf1\n${ESC}[01;36msl${ESC}[0m\n\na/b:\n${ESC}[01;34mc${ESC}[0m\nf2\nhl\n\na/b/c:\nf3\n`);
    expect((await run('ls -1 --color=always --group-directories-first a/b')).out).toBe(`${ESC}[0m${ESC}[01;34mc${ESC}[0m\nf2\nhl\n`);
    expect((await run('ls --color=always top')).out).toBe(`${ESC}[0m${ESC}[01;32mtop${ESC}[0m\n`);
    expect((await run('ls --color=auto a')).out).toBe('b\nf1\nsl\n');
    expect((await run('ls --color=always -d /tmp')).out).toBe(`${ESC}[0m${ESC}[30;42m/tmp${ESC}[0m\n`);
    expect(await run('ls --color=maybe a')).toEqual({
      out: "ls: invalid argument ‘maybe’ for ‘--color’\nValid arguments are:\n  - ‘always’, ‘yes’, ‘force’\n  - ‘never’, ‘no’, ‘none’\n  - ‘auto’, ‘tty’, ‘if-tty’\nTry 'ls --help' for more information.\n",
      status: 2,
    });
  });
});
