/**
 * The file commands' questions and refusals for the learner (uid 1000, umask 002) on a terminal and through a pipe:
 * rm's prompts (GNU coreutils 9.4 src/remove.c prompt(), src/rm.c), cp and mv's (src/copy.c overwrite_ok,
 * abandon_move; Ubuntu 24.04's cp -n), vim's and nano's messages on files the learner may not read or write, and
 * bash 5.2's umask with the modes new files get.
 */
import { describe, expect, it } from 'vitest';
import { Cluster } from '../cluster.js';
import { Editor, type Flavour } from './editor/editor.js';
import { scriptedTerminal, VtScreen, type Screen } from './interactive-test-helpers.js';
import type { EditedFile } from './process.js';
import { driveClock, macrotask } from './script.js';
import { loadOptionalCommands, Session } from './session.js';
import { TerminalSession } from './terminal.js';

/**
 * A shell on a terminal: `answers` are the lines the learner types when a command reads the terminal (pushed before
 * each run), `keys` the keys typed into the next full-screen editor, whose messages after each key are `messages`.
 */
async function terminalLab() {
  const cluster = new Cluster({ seed: 5 }).boot();
  const screen: Screen = { text: '' };
  const answers: string[] = [];
  const editing = { flavour: 'vi' as Flavour, keys: [] as string[], messages: [] as string[] };
  const terminal = {
    ...scriptedTerminal(answers, screen),
    async edit(path: string, content: string, file?: EditedFile) {
      const e = new Editor(path, content, editing.flavour, file);
      editing.messages = [e.message];
      for (const k of editing.keys) {
        const r = e.key(k);
        editing.messages.push(e.message);
        if (r.done) return r.saved;
      }
      throw new Error('the editor is still open');
    },
  };
  const session = new Session({ cluster, terminal });
  await loadOptionalCommands(session);
  const run = async (line: string, ...typed: string[]) => {
    answers.push(...typed);
    screen.text = '';
    let out = '';
    const r = await driveClock(session.run(line, (t) => (out += t)), cluster.clock, 600_000, () => session.interrupt());
    expect(answers).toEqual([]);
    return { out, status: r.status, typed: screen.text };
  };
  return { run, editing };
}

describe('rm asks (remove.c prompt, rm.c)', () => {
  it('asks about a write-protected file on a terminal; n keeps it, y removes it; piped stdin and -f never ask', async () => {
    const { run } = await terminalLab();
    await run('cd /tmp; echo data > ro; touch empty; chmod 444 ro empty');
    expect(await run('rm ro', 'n')).toEqual({ out: "rm: remove write-protected regular file 'ro'? ", status: 0, typed: 'n\n' });
    expect((await run('ls -1')).out).toBe('empty\nro\n');
    expect(await run('rm empty', 'yes')).toMatchObject({ out: "rm: remove write-protected regular empty file 'empty'? ", status: 0 });
    expect((await run('ls -1')).out).toBe('ro\n');
    // Standard input is a pipe: no question, removed (the folder allows it).
    expect(await run('echo n | rm ro; ls -1')).toMatchObject({ out: '', status: 0 });
    await run('touch ro; chmod 444 ro');
    expect(await run('rm -f ro; ls -1')).toMatchObject({ out: '', status: 0, typed: '' });
    // Only an answer starting with y or Y is yes (the C locale's ^[yY]).
    await run('touch a; chmod 444 a');
    expect((await run('rm a', ' y')).out).toBe("rm: remove write-protected regular empty file 'a'? ");
    expect((await run('rm a; ls', 'Yup')).out).toBe("rm: remove write-protected regular empty file 'a'? ");
  });

  it('root is never asked: sudo rm removes a write-protected file at once', async () => {
    const { run } = await terminalLab();
    await run('sudo touch /tmp/r; sudo chmod 444 /tmp/r');
    expect(await run('sudo rm /tmp/r; ls /tmp')).toEqual({ out: '', status: 0, typed: '' });
  });

  it('rm -i asks about every file, reading one answer each from a pipe; a refused file stays and the exit is 0', async () => {
    const { run } = await terminalLab();
    await run('cd /tmp; echo x > a; touch b');
    expect(await run("printf 'n\\ny\\n' | rm -i a b; echo $?; ls")).toMatchObject({
      out: "rm: remove regular file 'a'? rm: remove regular empty file 'b'? 0\na\n",
    });
    // End of input is no.
    expect((await run('rm -i a < /dev/null; ls -1')).out).toBe("rm: remove regular file 'a'? a\n");
    expect((await run('rm -i missing')).out).toBe("rm: cannot remove 'missing': No such file or directory\n");
    // A link: -i names it; on a terminal its permissions never make rm ask (write_protected_non_symlink).
    await run('ln -s a l; ln -s /etc/hosts h');
    expect((await run('rm -i l', 'n')).out).toBe("rm: remove symbolic link 'l'? ");
    expect(await run('rm h; ls -1')).toMatchObject({ out: 'a\nl\n', typed: '' });
  });

  it('a question and read share standard input as the real tools do (bash 5.2.15, coreutils 9.1 and find 4.9.0 on Debian)', async () => {
    const { run } = await terminalLab();
    await run("cd /tmp; printf 'y\\nhello\\n' > in");
    // From a pipe rm's stdio takes all the pipe holds: read finds its end. A here-string is a pipe in bash 5.2.
    expect((await run(`touch f; printf 'y\\nhello\\n' | { rm -i f; read x; echo "x=$x $?"; }; ls`)).out).toBe("rm: remove regular empty file 'f'? x= 1\nin\n");
    expect((await run(`touch f; { rm -i f; read x; echo "x=$x"; } <<< $'y\\nhello'; ls`)).out).toBe("rm: remove regular empty file 'f'? x=\nin\n");
    // Then the next rm finds none either: the second file stays.
    expect((await run(`touch f g; printf 'y\\ny\\n' | { rm -i f; rm -i g; }; ls -1; rm g`)).out).toBe("rm: remove regular empty file 'f'? rm: remove regular empty file 'g'? g\nin\n");
    // From a file, close_stdin seeks back after the line rm used: read and cat go on from there (find -ok too).
    expect((await run(`touch f; { rm -i f; read x; echo "x=$x"; } < in; ls`)).out).toBe("rm: remove regular empty file 'f'? x=hello\nin\n");
    expect((await run('touch f; { find f -ok echo yes \\; ; read x; echo "x=$x"; } < in; rm f')).out).toBe('< echo ... f > ? yes\nx=hello\n');
    // read takes its line alone, byte by byte from a pipe: rm gets the next one.
    expect((await run(`touch f; printf 'hello\\ny\\n' | { read x; rm -i f; echo "x=$x"; }; ls`)).out).toBe("rm: remove regular empty file 'f'? x=hello\nin\n");
    // A pipe that holds one line at a time (the writer sleeps between them) leaves the second to read.
    expect((await run(`touch f; { echo y; sleep 1; echo hello; } | { rm -i f; read x; echo "x=$x"; }; ls`)).out).toBe("rm: remove regular empty file 'f'? x=hello\nin\n");
  });

  it('rm -I asks once for more than three files or -r; -f and -i given later override it, and the last one wins', async () => {
    const { run } = await terminalLab();
    await run('cd /tmp; touch a b c d; mkdir t');
    expect(await run('rm -I a b c d', 'n')).toMatchObject({ out: 'rm: remove 4 arguments? ', status: 0 });
    expect((await run('ls -1')).out).toBe('a\nb\nc\nd\nt\n');
    expect((await run('rm -I a b c')).out).toBe('');
    expect(await run('rm -I -r t', 'n')).toMatchObject({ out: 'rm: remove 1 argument recursively? ' });
    expect((await run('rm -I -r t d', 'y')).out).toBe('rm: remove 2 arguments recursively? ');
    expect((await run('ls -1')).out).toBe('');
    await run('touch a');
    expect((await run('rm -f -i a', 'n')).out).toBe("rm: remove regular empty file 'a'? ");
    expect((await run('rm -i -f a; ls -1')).out).toBe('');
  });

  it('rm -ri descends and asks each entry; a folder whose entry stayed is left without a question', async () => {
    const { run } = await terminalLab();
    await run('cd /tmp; mkdir -p t/u e; touch t/g t/u/f');
    expect(await run('rm -ri t', 'y', 'y', 'y', 'n')).toMatchObject({
      out: "rm: descend into directory 't'? rm: remove regular empty file 't/g'? rm: descend into directory 't/u'? rm: remove regular empty file 't/u/f'? ",
      status: 0,
    });
    expect((await run('ls t t/u')).out).toBe('t:\nu\n\nt/u:\nf\n');
    // An empty folder is asked about once.
    expect((await run('rm -ri e; ls', 'y')).out).toBe("rm: remove directory 'e'? t\n");
    expect((await run('rm -ri t; ls', 'y', 'y', 'y', 'y', 'y')).out).toBe(
      "rm: descend into directory 't'? rm: descend into directory 't/u'? rm: remove regular empty file 't/u/f'? rm: remove directory 't/u'? rm: remove directory 't'? ",
    );
  });

  it('a write-protected folder: rm -r asks to descend, then cannot remove what is inside', async () => {
    const { run } = await terminalLab();
    await run('cd /tmp; mkdir w; touch w/f; chmod 555 w');
    expect(await run('rm -r w', 'y')).toEqual({
      out: "rm: descend into write-protected directory 'w'? rm: cannot remove 'w/f': Permission denied\n",
      status: 1,
      typed: 'y\n',
    });
    expect((await run('rm -r w', 'n')).status).toBe(0);
    expect((await run('ls w')).out).toBe('f\n');
  });

  it('--interactive[=WHEN] takes never, once, always and their abbreviations; anything else is argmatch\'s error', async () => {
    const { run } = await terminalLab();
    await run('cd /tmp; touch a b c d; chmod 444 a');
    expect((await run('rm --interactive=never a; ls -1')).out).toBe('b\nc\nd\n');
    expect((await run('rm --interactive b', 'n')).out).toBe("rm: remove regular empty file 'b'? ");
    expect((await run('rm --interactive=al b', 'n')).out).toBe("rm: remove regular empty file 'b'? ");
    expect((await run('rm --interactive=once b c d e', 'n')).out).toBe('rm: remove 4 arguments? ');
    expect(await run('rm --interactive=x b')).toEqual({
      out: "rm: invalid argument 'x' for '--interactive'\nValid arguments are:\n  - 'never', 'no', 'none'\n  - 'once'\n  - 'always', 'yes'\nTry 'rm --help' for more information.\n",
      status: 1,
      typed: '',
    });
    expect((await run('ls -1')).out).toBe('b\nc\nd\n');
    // Every word starting with n means never (argmatch takes an abbreviation of several words with one meaning).
    expect((await run('chmod 444 b; rm --interactive=n b; ls -1')).out).toBe('c\nd\n');
  });
});

describe('cp and mv ask (copy.c overwrite_ok, abandon_move)', () => {
  it('cp -i asks before overwriting; n keeps the file and fails, y copies', async () => {
    const { run } = await terminalLab();
    await run('cd /tmp; echo new > a; echo old > b; mkdir d; echo old > d/a');
    expect(await run('cp -i a b; echo $?; cat b', 'n')).toMatchObject({ out: "cp: overwrite 'b'? 1\nold\n" });
    expect(await run('cp -i a b; echo $?; cat b', 'y')).toMatchObject({ out: "cp: overwrite 'b'? 0\nnew\n" });
    expect((await run('cp -i a d/', 'n')).out).toBe("cp: overwrite 'd/a'? ");
    expect((await run('echo y | cp -i a d; cat d/a')).out).toBe("cp: overwrite 'd/a'? new\n");
    // A new destination is not asked about.
    expect(await run('cp -i a c; cat c')).toMatchObject({ out: 'new\n', typed: '' });
  });

  it('a write-protected destination: cp -i says so and still cannot open it; cp -f removes it and makes it anew', async () => {
    const { run } = await terminalLab();
    await run('cd /tmp; echo new > a; echo old > ro; chmod 444 ro');
    expect((await run('cp -i a ro', 'y')).out).toBe("cp: unwritable 'ro' (mode 0444, r--r--r--); try anyway? cp: cannot create regular file 'ro': Permission denied\n");
    expect((await run('cp a ro')).out).toBe("cp: cannot create regular file 'ro': Permission denied\n");
    expect((await run('cp -if a ro', 'y')).out).toBe("cp: replace 'ro', overriding mode 0444 (r--r--r--)? ");
    expect((await run('cat ro; ls -l ro')).out).toMatch(/^new\n-rw-rw-r-- 1 learner learner 4 /);
    await run('chmod 444 ro');
    expect((await run('cp -fv a ro; cat ro')).out).toBe("removed 'ro'\n'a' -> 'ro'\nnew\n");
    // Root's file in a folder the learner may not write: removing it fails too.
    expect((await run('cp -f a /etc/hosts')).out).toBe("cp: cannot remove '/etc/hosts': Permission denied\n");
  });

  it('cp -n keeps an existing file quietly and succeeds, with Ubuntu 24.04\'s warning about -n', async () => {
    const { run } = await terminalLab();
    await run('cd /tmp; echo new > a; echo old > b');
    const warning = 'cp: warning: behavior of -n is non-portable and may change in future; use --update=none instead\n';
    expect(await run('cp -n a b; echo $?; cat b')).toMatchObject({ out: `${warning}0\nold\n` });
    expect((await run('cp -n a c; cat c')).out).toBe(`${warning}new\n`);
    // The last of -i and -n wins.
    expect((await run('cp -n -i a b', 'n')).out).toBe(`${warning}cp: overwrite 'b'? `);
    expect((await run('cp -i -n a b; cat b')).out).toBe(`${warning}old\n`);
  });

  it('mv onto a write-protected file asks on a terminal only; -f never asks; -i asks about any file; -n refuses', async () => {
    const { run } = await terminalLab();
    await run('cd /tmp; echo new > a; echo old > ro; chmod 444 ro');
    expect(await run('mv a ro; echo $?; cat ro', 'n')).toMatchObject({ out: "mv: replace 'ro', overriding mode 0444 (r--r--r--)? 1\nold\n" });
    expect(await run('mv a ro; ls -1; cat ro', 'y')).toMatchObject({ out: "mv: replace 'ro', overriding mode 0444 (r--r--r--)? ro\nnew\n" });
    await run('echo a > a; echo b > b; chmod 444 b');
    expect(await run('echo n | mv a b; ls -1; cat b')).toMatchObject({ out: 'b\nro\na\n', typed: '' });
    await run('echo a > a; echo b > b; chmod 444 b');
    expect((await run('mv -f a b; ls -1; cat b')).out).toBe('b\nro\na\n');
    await run('echo a > a');
    expect((await run('mv -i a b; echo $?', 'n')).out).toBe("mv: overwrite 'b'? 1\n");
    expect(await run('mv -n a b; echo $?; cat b')).toMatchObject({ out: "mv: not replacing 'b'\n1\na\n" });
    // The last of -f, -i and -n wins.
    expect((await run('mv -n -f a b; ls -1; cat b')).out).toBe('b\nro\na\n');
  });
});

describe('vim and nano on files the learner may not read or write', () => {
  /** What the message line said, each message once (it stays while keys move the cursor), without the typed ex commands. */
  const said = (messages: string[]) => messages.filter((m, i) => m && !m.startsWith(':') && m !== messages[i - 1]);
  const ESC = '\x1b';
  const ex = (cmd: string) => [':', ...cmd, '\r'];

  it("vim: [Permission Denied] on opening root's 0600 file, E45 on :w, E212 on :w!, and :q! leaves", async () => {
    const { run, editing } = await terminalLab();
    editing.keys = [...ex('w'), ...ex('w!'), ...ex('q!')];
    expect(await run('vi /etc/kubernetes/admin.conf')).toMatchObject({ out: '', status: 0 });
    expect(said(editing.messages)).toEqual([
      '"/etc/kubernetes/admin.conf" [Permission Denied]',
      "E45: 'readonly' option is set (add ! to override)",
      '"/etc/kubernetes/admin.conf" E212: Can\'t open file for writing',
    ]);
    expect((await run('sudo head -c 10 /etc/kubernetes/admin.conf')).out).toBe('apiVersion');
  });

  it('vim: a readable file root owns opens [readonly]; changing it warns W10; :wq stays with E45, :wq! with E212', async () => {
    const { run, editing } = await terminalLab();
    const before = (await run('cat /etc/hosts')).out;
    const lines = before.split('\n').length - 1;
    editing.keys = ['x', ...ex('wq'), ...ex('wq!'), ...ex('q'), ...ex('q!')];
    await run('vim /etc/hosts');
    expect(said(editing.messages)).toEqual([
      `"/etc/hosts" [readonly] ${lines}L, ${before.length}B`,
      'W10: Warning: Changing a readonly file',
      "E45: 'readonly' option is set (add ! to override)",
      '"/etc/hosts" E212: Can\'t open file for writing',
      'E37: No write since last change (add ! to override)',
    ]);
    expect((await run('cat /etc/hosts')).out).toBe(before);
    // As root the same file opens and saves.
    editing.keys = ['x', ...ex('wq')];
    await run('sudo vim /etc/hosts');
    expect(editing.messages[0]).toBe(`"/etc/hosts" ${lines}L, ${before.length}B`);
    expect((await run('cat /etc/hosts')).out).toBe(before.slice(1));
  });

  it('vim: a new file says [New]; where the learner may not create it :wq fails with E212, at home it is written with mode 664', async () => {
    const { run, editing } = await terminalLab();
    editing.keys = ['i', ...'hi', ESC, ...ex('wq'), ...ex('q!')];
    await run('vi /etc/motd.new');
    expect(editing.messages[0]).toBe('"/etc/motd.new" [New]');
    expect(editing.messages).toContain('"/etc/motd.new" E212: Can\'t open file for writing');
    expect((await run('ls /etc/motd.new')).status).toBe(2);
    editing.keys = ['i', ...'hi', ESC, ...ex('w'), ...ex('q')];
    await run('vi notes.txt');
    expect(editing.messages).toContain('"notes.txt" [New] 1L, 3B written');
    expect((await run('cat notes.txt; ls -l notes.txt')).out).toMatch(/^hi\n-rw-rw-r-- 1 learner learner 3 /);
    // vim names a file under the working folder relative to it once written.
    editing.keys = [...ex('w'), ...ex('q')];
    await run('vi ~/notes.txt');
    expect(editing.messages[0]).toBe('"/home/learner/notes.txt" 1L, 3B');
    expect(editing.messages).toContain('"notes.txt" 1L, 3B written');
  });

  it("vim's :w! writes a read-only file the learner owns (its mode kept) or may remove (it becomes the learner's), else E212", async () => {
    const { run, editing } = await terminalLab();
    await run('cd /tmp; echo old > mine; chmod 444 mine; sudo cp /etc/hostname ~/theirs; sudo touch roots');
    editing.keys = ['x', ...ex('w'), ...ex('w!'), ...ex('q')];
    await run('vi mine');
    expect(said(editing.messages)).toEqual(['"mine" [readonly] 1L, 4B', 'W10: Warning: Changing a readonly file', "E45: 'readonly' option is set (add ! to override)", '"mine" 1L, 3B written']);
    expect((await run('cat mine; ls -l mine')).out).toMatch(/^ld\n-r--r--r-- 1 learner learner 3 /);
    editing.keys = ['x', ...ex('wq!')];
    await run('vi ~/theirs');
    expect((await run('ls -l ~/theirs')).out).toMatch(/^-rw-r--r-- 1 learner learner /);
    // /tmp is sticky: root's file there cannot be removed by the learner.
    editing.keys = ['i', 'x', ESC, ...ex('wq!'), ...ex('q!')];
    await run('vi roots');
    expect(said(editing.messages)).toContain('"roots" E212: Can\'t open file for writing');
    expect((await run('ls -l roots')).out).toMatch(/^-rw-r--r-- 1 root root 0 /);
  });

  it("nano: Error reading on a file it may not read, is unwritable on root's readable file, Error writing on ^O and on ^X's Y", async () => {
    const { run, editing } = await terminalLab();
    editing.flavour = 'nano';
    editing.keys = ['a', '\x0f', '\x18', 'y', '\x18', 'n'];
    await run('nano /etc/kubernetes/admin.conf');
    expect(editing.messages).toEqual([
      '[ Error reading /etc/kubernetes/admin.conf: Permission denied ]',
      '[ Error reading /etc/kubernetes/admin.conf: Permission denied ]',
      '[ Error writing /etc/kubernetes/admin.conf: Permission denied ]',
      'Save modified buffer?  Y Yes  N No  ^C Cancel',
      '[ Error writing /etc/kubernetes/admin.conf: Permission denied ]',
      'Save modified buffer?  Y Yes  N No  ^C Cancel',
      'Save modified buffer?  Y Yes  N No  ^C Cancel',
    ]);
    editing.keys = ['\x18'];
    await run('nano /etc/hosts');
    expect(editing.messages[0]).toBe("[ File '/etc/hosts' is unwritable ]");
    editing.keys = ['h', 'i', '\x0f', '\x18'];
    await run('nano new.txt');
    expect(editing.messages[0]).toBe('[ New File ]');
    expect(editing.messages[3]).toBe('[ Wrote 1 line ]');
    expect((await run('cat new.txt')).out).toBe('hi\n');
    editing.keys = ['\x18'];
    await run('nano new.txt');
    expect(editing.messages[0]).toBe('[ Read 1 line ]');
  });
});

describe('umask (bash 5.2 umask.def; pam_umask with USERGROUPS_ENAB)', () => {
  it('is 0002 for the learner: new files 664, folders 775; root (sudo) keeps 0022', async () => {
    const { run } = await terminalLab();
    expect((await run('umask; umask -S; umask -p; umask -p -S')).out).toBe('0002\nu=rwx,g=rwx,o=rx\numask 0002\numask -S u=rwx,g=rwx,o=rx\n');
    expect((await run('cd /tmp; touch f; mkdir -p d/e; echo x > g; ls -l | cut -c1-10; ls -ld d/e | cut -c1-10')).out).toBe('total 8\ndrwxrwxr-x\n-rw-rw-r--\n-rw-rw-r--\ndrwxrwxr-x\n');
    expect((await run('sudo touch /tmp/r; sudo mkdir /tmp/rd; ls -ld /tmp/r /tmp/rd | cut -c1-10')).out).toBe('-rw-r--r--\ndrwxr-xr-x\n');
    // cp makes the copy with the source's mode less the umask; -a keeps the mode.
    expect((await run('cd /tmp; chmod 666 g; cp g g2; cp -a g g3; ls -l g2 g3 | cut -c1-10')).out).toBe('-rw-rw-r--\n-rw-rw-rw-\n');
  });

  it('umask MODE sets octal and symbolic masks; a subshell keeps its own', async () => {
    const { run } = await terminalLab();
    expect((await run('umask 077; cd /tmp; touch p; mkdir q; ls -ld p q | cut -c1-10; umask')).out).toBe('-rw-------\ndrwx------\n0077\n');
    expect((await run('umask -S u=rwx,g=rx,o=; umask; umask g-x,o+r; umask; umask a=rw; umask')).out).toBe('u=rwx,g=rx,o=\n0027\n0033\n0111\n');
    expect((await run('umask 022; (umask 0; umask); umask')).out).toBe('0000\n0022\n');
    expect((await run('umask 1777; umask')).out).toBe('0777\n');
    // chmod without a who leaves alone what the umask masks: +w is ug+w under 0002, u+w under 0022 (GNU chmod).
    expect((await run('umask 002; cd /tmp; touch w; chmod 444 w; chmod +w w; ls -l w | cut -c1-10; umask 022; chmod a-w w; chmod +w w; ls -l w | cut -c1-10')).out).toBe('-rw-rw-r--\n-rw-r--r--\n');
  });

  it('rejects a bad mode with bash\'s texts and keeps the mask', async () => {
    const { run } = await terminalLab();
    expect(await run('umask 8')).toMatchObject({ out: 'bash: umask: 8: octal number out of range\n', status: 1 });
    expect(await run('umask 1x')).toMatchObject({ out: 'bash: umask: 1x: octal number out of range\n', status: 1 });
    expect(await run('umask u=q')).toMatchObject({ out: "bash: umask: `q': invalid symbolic mode character\n", status: 1 });
    expect(await run("umask 'u!r'")).toMatchObject({ out: "bash: umask: `!': invalid symbolic mode operator\n", status: 1 });
    expect(await run('umask u=rw+x')).toMatchObject({ out: "bash: umask: `+': invalid symbolic mode character\n", status: 1 });
    expect(await run('umask a')).toMatchObject({ out: "bash: umask: `\0': invalid symbolic mode operator\n", status: 1 });
    expect(await run('umask -z')).toMatchObject({ out: 'bash: umask: -z: invalid option\numask: usage: umask [-p] [-S] [mode]\n', status: 2 });
    expect((await run('umask')).out).toBe('0002\n');
  });
});

describe('a question on the terminal (terminal.ts)', () => {
  it('shows the answer being typed after the question, with backspace, and goes on after Enter', async () => {
    const cluster = new Cluster({ seed: 5 }).boot();
    const session = new Session({ cluster });
    await loadOptionalCommands(session);
    const screen = new VtScreen(120);
    const term = new TerminalSession(session, (t) => screen.write(t), { columns: 120, rows: 30 });
    term.start();
    const type = async (keys: string) => {
      term.input(keys);
      for (let i = 0; i < 20; i++) await macrotask();
    };
    await type('cd /tmp; echo x > ro; chmod 444 ro\r');
    await type('rm ro\r');
    const question = "rm: remove write-protected regular file 'ro'? ";
    expect(screen.current).toBe(question);
    await type('nx\x7f\x7fy');
    expect(screen.current).toBe(`${question}y`);
    await type('\r');
    await type('ls\r');
    expect(screen.rows.slice(-3)).toEqual([`${question}y`, `${session.prompt()}ls`, session.prompt()]);
  });
});

describe('test -t and [[ -t ]] (isatty, as the questions judge it)', () => {
  it('are true for the terminal and false for a pipe, a redirection, a closed or unparsable descriptor', async () => {
    const { run } = await terminalLab();
    // bash 5.2 at a terminal: each line's status, then the same through the other forms.
    const line = 'for fd in 0 1 2 " 1" 3 x; do [ -t "$fd" ]; printf "%s " $?; done; echo';
    expect((await run(line)).out).toBe('0 0 0 0 1 1 \n');
    expect((await run('[[ -t 0 ]]; a=$?; [[ -t 1 ]]; b=$?; [[ -t x ]]; echo $a $b $?')).out).toBe('0 0 1\n');
    expect((await run('echo | { [ -t 0 ]; echo $?; [[ -t 0 ]]; echo $?; }')).out).toBe('1\n1\n');
    expect((await run('[ -t 1 ] | cat; echo ${PIPESTATUS[0]}; test -t 2 2>/dev/null; echo $?; [[ -t 2 ]] 2>/dev/null; echo $?')).out).toBe('1\n1\n1\n');
    expect((await run('[ -t ]; echo $?')).out).toBe('0\n');
  });
});
