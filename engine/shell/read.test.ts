/**
 * bash 5.2's `read` (read.ts): from pipes, files and here-strings, with what bash 5.2.15 printed for the same lines
 * (`bash -c '…'`); from the terminal of `kubelab shell` (TerminalSession) and of the interactive test helpers, as bash
 * 5.2 behaved under tmux (prompt, echo, -n, -t, Ctrl-C, Ctrl-D).
 */
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../util/clock.js';
import { interactiveSession } from './interactive-test-helpers.js';
import { driveClock, macrotask } from './script.js';
import { loadOptionalCommands, Session } from './session.js';
import { TerminalSession } from './terminal.js';

async function shell() {
  const clock = new VirtualClock();
  const s = new Session({ clock });
  await loadOptionalCommands(s);
  return async (line: string) => {
    let out = '';
    const r = await driveClock(s.run(line, (t) => (out += t)), clock, 3_600_000, () => s.interrupt());
    return { out, status: r.status };
  };
}

const USAGE = 'read: usage: read [-ers] [-a array] [-d delim] [-i text] [-n nchars] [-N nchars] [-p prompt] [-t timeout] [-u fd] [name ...]\n';

describe('read from a pipe, a file or a here-string', () => {
  it('splits by IFS, escapes with backslashes unless -r, and keeps the rest of the input for the next read', async () => {
    const run = await shell();
    const cases: Array<[string, string]> = [
      ['echo \'a b  c\' | { read x y; echo "[$x][$y]"; }', '[a][b  c]\n'],
      ['read a b <<< \'x\\ y z\'; echo "[$a][$b]"', '[x y][z]\n'],
      ['read -r a b <<< \'x\\ y z\'; echo "[$a][$b]"', '[x\\][y z]\n'],
      ['printf \'a\\\\\\nb\\n\' | { read x; echo "[$x]"; }', '[ab]\n'],
      ['read <<< "  lead  trail  "; echo "[$REPLY]"', '[  lead  trail  ]\n'],
      ['read x <<< "  lead  trail  "; echo "[$x]"', '[lead  trail]\n'],
      ['IFS=, read a b <<< " x , y ,z"; echo "[$a][$b]"', '[ x ][ y ,z]\n'],
      // The last line without its newline is read, and read says the input ended (while skips it).
      ['printf abc | { read x; echo "$? [$x]"; }', '1 [abc]\n'],
      ['printf \'l1\\nl2\\nl3\' > /tmp/lines; while read l; do echo "<$l>"; done < /tmp/lines', '<l1>\n<l2>\n'],
      ['printf \'1\\n2\\n\' | { read a; read b; echo "$a$b"; }', '12\n'],
    ];
    for (const [line, out] of cases) expect((await run(line)).out, line).toBe(out);
  });

  it('-a, -d, -n, -N and -t 0', async () => {
    const run = await shell();
    const cases: Array<[string, string]> = [
      ['read -a arr <<< "a b  c"; declare -p arr', 'declare -a arr=([0]="a" [1]="b" [2]="c")\n'],
      ['IFS=, read -a arr <<< ",b,,c"; declare -p arr', 'declare -a arr=([0]="" [1]="b" [2]="" [3]="c")\n'],
      ['read -d , a <<< "x,y"; echo "[$a]"', '[x]\n'],
      ['read -d "" a <<< "x,y"; echo "[$a]"', '[x,y]\n'],
      ['read -n 2 a <<< "xyz"; echo "[$a]"', '[xy]\n'],
      ['read -N 5 a <<< "ab"; echo "$? [$a]"', '1 [ab\n]\n'],
      ['read -N 2 a b <<< "a b"; echo "[$a][$b]"', '[a ][]\n'],
      ['read -N 2 a <<< "x\\\\yz"; echo "[$a]"', '[xy]\n'],
      ['a=x; read -n 0 a <<< q; echo "$? [$a]"', '0 []\n'],
      ['read -t 0 a <<< x; echo $?', '0\n'],
      ['read -u 0 a <<< q; echo $a', 'q\n'],
    ];
    for (const [line, out] of cases) expect((await run(line)).out, line).toBe(out);
  });

  it('-t gives up on the virtual clock with 142, keeping what came before', async () => {
    const run = await shell();
    expect((await run('(printf ab; sleep 5) | { read -t 1 x; echo "$? [$x]"; }')).out).toBe('142 [ab]\n');
    expect((await run('sleep 3 | { read -t 1.5 x; echo "$? [$x]"; }')).out).toBe('142 []\n');
    expect((await run('TMOUT=2; sleep 3 | { read x; echo $?; }')).out).toBe('142\n');
  });

  it('prints bash\'s errors for bad options, values and names', async () => {
    const run = await shell();
    expect(await run('read -x')).toEqual({ out: `bash: read: -x: invalid option\n${USAGE}`, status: 2 });
    expect(await run('read -p')).toEqual({ out: `bash: read: -p: option requires an argument\n${USAGE}`, status: 2 });
    expect(await run('read -t abc x')).toEqual({ out: 'bash: read: abc: invalid timeout specification\n', status: 1 });
    expect(await run('read -t -1 x')).toEqual({ out: 'bash: read: -1: invalid timeout specification\n', status: 1 });
    expect(await run('read -n abc x')).toEqual({ out: 'bash: read: abc: invalid number\n', status: 1 });
    expect(await run('read -u x y')).toEqual({ out: 'bash: read: x: invalid file descriptor specification\n', status: 1 });
    expect(await run('read -u 5 y')).toEqual({ out: 'bash: read: 5: invalid file descriptor: Bad file descriptor\n', status: 1 });
    expect(await run('read 1a')).toEqual({ out: 'bash: read: `1a\': not a valid identifier\n', status: 1 });
    expect(await run('read -a 1a <<< x')).toEqual({ out: 'bash: read: `1a\': not a valid identifier\n', status: 1 });
    expect(await run('read a 1b <<< "x y"; echo "[$a] $?"')).toEqual({ out: 'bash: read: `1b\': not a valid identifier\n[x] 1\n', status: 0 });
    expect(await run('read x 0>/tmp/wo')).toEqual({ out: 'bash: read: read error: 0: Bad file descriptor\n', status: 1 });
  });
});

/** `kubelab shell`'s terminal: keys in, the screen out (cursor moves dropped, rows ended by \n). */
async function terminal() {
  const clock = new VirtualClock();
  const session = new Session({ clock });
  await loadOptionalCommands(session);
  let screen = '';
  const term = new TerminalSession(session, (t) => (screen += t));
  term.start();
  const type = async (keys: string) => {
    term.input(keys);
    for (let i = 0; i < 30; i++) await macrotask();
  };
  const rows = () => screen.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '').replace(/\r+\n/g, '\n');
  return { type, rows, clock, session };
}

const PROMPT = 'learner@control-plane:~$ ';

describe('read from the terminal of kubelab shell', () => {
  it('shows -p\'s prompt and takes the typed line; -s echoes nothing; -n 3 returns at the third character', async () => {
    const { type, rows } = await terminal();
    await type('read -p "name? " n; echo "got $n"\r');
    expect(rows().endsWith('name? ')).toBe(true);
    await type('alice\r');
    expect(rows().endsWith(`name? alice\ngot alice\n${PROMPT}`)).toBe(true);
    await type('read -s -p "pw? " p; echo "[$p] $?"\r');
    await type('secret\r');
    expect(rows().endsWith(`\npw? [secret] 0\n${PROMPT}`)).toBe(true);
    await type('read -n 3 -p "n? " x; echo "[$x] $?"\r');
    await type('abcdef');
    expect(rows().endsWith(`\nn? abc[abc] 0\n${PROMPT}def`)).toBe(true);
    // -e -i: readline's line starts with the text.
    await type('\x15read -e -i def -p "e? " x; echo "[$x]"\r');
    await type('g\r');
    expect(rows().endsWith(`\ne? defg\n[defg]\n${PROMPT}`)).toBe(true);
  });

  it('-t runs out on the clock (142), the typed text left for the next prompt; Ctrl-C stops the line (130); Ctrl-D is 1', async () => {
    const { type, rows, clock, session } = await terminal();
    await type('read -t 2 -p "t? " x; echo "st=$? x=[$x]"\r');
    await type('ab');
    clock.advance(1_999);
    await type('');
    expect(session.busy).toBe(true);
    clock.advance(1);
    await type('');
    expect(rows().endsWith(`\nt? abst=142 x=[]\n${PROMPT}ab`)).toBe(true);
    await type('\x15read -p "c? " x; echo after\r');
    await type('abc\x03');
    expect(rows().endsWith(`\nc? abc^C\n${PROMPT}`)).toBe(true);
    await type('echo $?\r');
    expect(rows().endsWith(`\n130\n${PROMPT}`)).toBe(true);
    await type('read -p "d? " x; echo "after $? [$x]"\r');
    await type('\x04');
    expect(rows().endsWith(`\nd? after 1 []\n${PROMPT}`)).toBe(true);
  });
});

describe('read with the interactive test helpers\' terminal', () => {
  it('reads the next typed line; -s shows none of it; with nothing typed, the input ends', async () => {
    const { screen, run } = await interactiveSession(['alice', 'secret']);
    expect(await run('read -p "name? " n; echo "got $n"')).toEqual({ out: 'got alice\n', status: 0 });
    expect(await run('read -s -p "pw? " p; echo "[$p]"')).toEqual({ out: '[secret]\n', status: 0 });
    expect(screen.text).toBe('name? alice\npw? ');
    expect(await run('read x; echo "$? [$x]"')).toEqual({ out: '1 []\n', status: 0 });
    // A prompt with stderr elsewhere is written there, not shown by the terminal.
    expect(await run('read -p "hidden? " x 2>/dev/null; echo $?')).toEqual({ out: '1\n', status: 0 });
    expect(screen.text).toBe('name? alice\npw? ');
  });
});
