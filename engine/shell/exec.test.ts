/**
 * bash 5.2's `exec` and file descriptors 3 and up: redirections that stay open for the rest of the shell, `read -u`,
 * `>&N`, and a program that replaces the shell. Expectations are what bash 5.2.15 printed (`bash -c '…'`) and, for
 * lines at the learner's prompt, what an interactive bash 5.2 did.
 */
import { describe, expect, it } from 'vitest';
import { lineShell } from './interactive-test-helpers.js';

const shell = () => lineShell("printf 'a\\nb\\nc\\n' > /tmp/f3");

describe('exec', () => {
  it('keeps its redirections open in a script, and fd 3 and up work in redirections and read -u', async () => {
    const run = await shell();
    const cases: Array<[string, string, number]> = [
      ["bash -c 'exec 3</tmp/f3; read -u 3 x; echo $x; cat <&3; exec 3<&-; read -u 3 y; echo rc=$?'", 'a\nb\nc\nbash: line 1: read: 3: invalid file descriptor: Bad file descriptor\nrc=1\n', 0],
      ["bash -c 'exec 4>/tmp/o4; echo hi >&4; exec 4>&-; cat /tmp/o4; echo x >&4; echo rc=$?'", 'hi\nbash: line 1: 4: Bad file descriptor\nrc=1\n', 0],
      ["bash -c 'exec 3</nonexist; echo after $?'", 'bash: line 1: /nonexist: No such file or directory\nafter 1\n', 0],
      ["bash -c 'exec 3<&5; echo after $?'", 'bash: line 1: 5: Bad file descriptor\nafter 1\n', 0],
      ["bash -c 'exec 3>&1; echo via3 >&3'", 'via3\n', 0],
      ["bash -c 'read -u 3 x 3</tmp/f3; echo $x'", 'a\n', 0],
      ["bash -c 'echo x 1>&7'", 'bash: line 1: 7: Bad file descriptor\n', 1],
      ["bash -c 'exec 2>/dev/null; ls /nope; echo rc=$?'", 'rc=2\n', 0],
      // A duplicate shares the open file's offset.
      ["bash -c 'exec 3</tmp/f3; exec 4<&3; read -u 4 a; read -u 3 b; echo $a$b'", 'ab\n', 0],
      ["bash -c 'exec 3>/tmp/o6; read -u 3 x; echo rc=$?'", 'bash: line 1: read: read error: 3: Bad file descriptor\nrc=1\n', 0],
      ["bash -c 'f() { exec 3</tmp/f3; }; f; read -u 3 z; echo $z'", 'a\n', 0],
      // A program replaces the shell: nothing after it runs; one not found ends a script with 127.
      ["bash -c 'exec echo hi; echo after'", 'hi\n', 0],
      ["bash -c 'exec nonexist; echo after'", 'bash: line 1: exec: nonexist: not found\n', 127],
      ["bash -c 'exec cd /tmp; echo after'", 'bash: line 1: exec: cd: not found\n', 127],
      ["bash -c 'exec ls /nonexist; echo after'", "ls: cannot access '/nonexist': No such file or directory\n", 2],
      ["bash -c 'exec -x; echo $?'", 'bash: line 1: exec: -x: invalid option\nexec: usage: exec [-cl] [-a name] [command [argument ...]] [redirection ...]\n2\n', 0],
      ["bash -c 'exec -a'", 'bash: line 1: exec: -a: option requires an argument\nexec: usage: exec [-cl] [-a name] [command [argument ...]] [redirection ...]\n', 2],
    ];
    for (const [line, want, status] of cases) {
      const r = await run(line);
      expect(r.out, line).toBe(want);
      expect(r.status, line).toBe(status);
    }
  });

  it("keeps descriptors open across the learner's lines, the terminal among them", async () => {
    const run = await shell();
    await run('exec 3</tmp/f3');
    expect((await run('read -u 3 x; echo $x')).out).toBe('a\n');
    expect((await run('read -u 3 x; echo $x')).out).toBe('b\n');
    await run('exec 3<&-');
    expect((await run('read -u 3 x; echo rc=$?')).out).toBe('bash: read: 3: invalid file descriptor: Bad file descriptor\nrc=1\n');
    await run('exec 4>/tmp/log');
    await run('echo one >&4');
    await run('echo two >&4');
    expect((await run('cat /tmp/log')).out).toBe('one\ntwo\n');
    await run('exec 5>&1');
    expect((await run('echo to5 >&5')).out).toBe('to5\n');
    await run('exec 2>/tmp/err');
    expect((await run('ls /nope')).out).toBe('');
    await run('exec 2>&1');
    expect((await run('ls /nope; cat /tmp/err')).out).toBe("ls: cannot access '/nope': No such file or directory\nls: cannot access '/nope': No such file or directory\n");
    // An interactive shell stays when the program is not found.
    const r = await run('exec nonexist; echo still here $?');
    expect(r.out).toBe('bash: exec: nonexist: not found\nstill here 127\n');
    expect(r.exited).toBe(false);
  });

  it('exec bash at the prompt: a new shell with only the exported variables, at the same SHLVL, and its exit ends the terminal', async () => {
    const run = await shell();
    await run('x=1; export Y=2; alias foo=ls');
    expect((await run('exec bash')).exited).toBe(false);
    expect((await run('echo "x=$x Y=$Y SHLVL=$SHLVL"; alias')).out).toBe('x= Y=2 SHLVL=1\n');
    const r = await run('exit 3');
    expect(r).toEqual({ out: 'exit\n', status: 3, exited: true });
  });
});
