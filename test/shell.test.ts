/**
 * The shell through its whole path (parse → expand → run → output), plus the
 * pure parts: parser, expansion, line editor, editor model, realtime driver.
 * Expected texts are bash 5.2 / GNU coreutils 9.1 output (C.UTF-8), checked
 * on a real machine.
 */
import { describe, expect, it } from 'vitest';
import { Cluster } from '../engine/cluster.js';
import { VirtualClock } from '../engine/util/clock.js';
import { RealtimeDriver } from '../engine/util/realtime.js';
import { columns } from '../engine/shell/commands/ls.js';
import { Editor, E37 } from '../engine/shell/editor/editor.js';
import { braceExpand } from '../engine/shell/expand.js';
import { LineEditor } from '../engine/shell/line-editor.js';
import { VtScreen } from '../engine/shell/interactive-test-helpers.js';
import { IncompleteInput, parse, ShellSyntaxError } from '../engine/shell/parser.js';
import type { CommandSpec } from '../engine/shell/process.js';
import { driveClock } from '../engine/shell/script.js';
import { historyEntry, Session, type SessionOptions } from '../engine/shell/session.js';
import { completeLine } from '../engine/shell/complete.js';
import { binaryText } from '../engine/shell/binary.js';

/** A session on a bare clock (no cluster) and a helper that runs a line to completion, stepping time. */
function shell(opts: SessionOptions = {}) {
  const clock = opts.clock ?? new VirtualClock();
  const session = new Session({ clock, ...opts });
  const run = async (line: string) => {
    let out = '';
    const r = await driveClock(session.run(line, (t) => (out += t)), clock, 3_600_000, () => session.interrupt());
    return { out, status: r.status, incomplete: r.incomplete };
  };
  return { session, clock, run };
}

/** Steps simulated time in 100 ms slices, letting promise chains run between them (as the realtime driver does). */
async function advanceBy(clock: VirtualClock, ms: number): Promise<void> {
  for (let t = 0; t < ms; t += 100) {
    clock.advance(100);
    await new Promise((r) => setTimeout(r, 0));
  }
}

/** Prints `tick N` every second of simulated time, five times. */
/** Puts a test's own program on the node, as a file on PATH that names it (the shell runs what its files are). */
function install(session: Session, name: string): void {
  session.fs.writeFile(`/usr/local/bin/${name}`, binaryText(name));
  session.fs.setMeta(`/usr/local/bin/${name}`, 0o755, 'root', 0);
}

const ticker: CommandSpec = {
  name: 'ticker',
  summary: 'test command that streams',
  async run(ctx) {
    for (let i = 1; i <= 5; i++) {
      await ctx.sleep(1000);
      if (ctx.signal.aborted) return 130;
      ctx.stdout.write(`tick ${i}\n`);
    }
    return 0;
  },
};

describe('parser', () => {
  it('asks for more input on open quotes, constructs, pipes and heredocs', () => {
    const kind = (src: string) => {
      try {
        parse(src);
        return 'complete';
      } catch (e) {
        return e instanceof IncompleteInput ? e.kind : 'error';
      }
    };
    expect(kind('echo "abc')).toBe('quote');
    expect(kind("echo 'abc")).toBe('quote');
    expect(kind('echo $(ls')).toBe('quote');
    expect(kind('if true; then')).toBe('construct');
    expect(kind('for i in 1 2; do echo $i')).toBe('construct');
    expect(kind('echo a |')).toBe('construct');
    expect(kind('echo a &&')).toBe('construct');
    expect(kind('echo a \\')).toBe('construct');
    expect(kind('cat <<EOF\nbody')).toBe('heredoc');
    expect(kind('cat <<EOF\nbody\nEOF')).toBe('complete');
    expect(kind('echo "a;b" # comment (')).toBe('complete');
  });

  it('reports the unexpected token as bash does', () => {
    const token = (src: string) => {
      try {
        parse(src);
        return undefined;
      } catch (e) {
        return e instanceof ShellSyntaxError ? e.message : String(e);
      }
    };
    expect(token('echo a |;')).toBe("syntax error near unexpected token `;'");
    expect(token('fi')).toBe("syntax error near unexpected token `fi'");
    expect(token('echo a ||| b')).toBe("syntax error near unexpected token `|'");
    expect(token('cat >')).toBe("syntax error near unexpected token `newline'");
  });

  it('reads heredoc bodies, with tabs stripped for <<-, and marks quoted delimiters', () => {
    const list = parse('cat <<-EOF | grep x\n\tone\n\ttwo\n\tEOF\ncat <<\'END\'\n$HOME\nEND');
    const first = list.items[0].command.first.commands[0];
    const second = list.items[1].command.first.commands[0];
    expect(first.redirects[0].heredoc).toEqual({ body: 'one\ntwo\n', expand: true });
    expect(second.redirects[0].heredoc).toEqual({ body: '$HOME\n', expand: false });
  });

  it('expands aliases in command position only', () => {
    const list = parse('k get pods; echo k', { aliases: new Map([['k', 'kubectl']]) });
    expect(list.items.map((i) => (i.command.first.commands[0] as { words: string[] }).words)).toEqual([['kubectl', 'get', 'pods'], ['echo', 'k']]);
  });
});

describe('expansion', () => {
  it('brace expansion matches bash', () => {
    expect(braceExpand('{a,b}-{1..3}')).toEqual(['a-1', 'a-2', 'a-3', 'b-1', 'b-2', 'b-3']);
    expect(braceExpand('file{01..03}')).toEqual(['file01', 'file02', 'file03']);
    expect(braceExpand("'{a,b}'")).toEqual(["'{a,b}'"]);
    expect(braceExpand('${x}')).toEqual(['${x}']);
  });

  it('pairs unbalanced braces as bash 5.2 does (printf "%s|" WORD, before quote removal)', () => {
    const cases: [string, string][] = [
      ['{{a,b}', '{a|{b'], ['{a,b}}', 'a}|b}'], ['x{a,{b,c}}y', 'xay|xby|xcy'], ['{a,b', '{a,b'], ['{{{a,b}}}', '{{a}}|{{b}}'],
      ['{}{a,b}', '{}a|{}b'], ['"{a,b}"{c,d}', '"{a,b}"c|"{a,b}"d'], ['\\{a,b}{c,d}', '\\{a,b}c|\\{a,b}d'], ['${x}{a,b}', '${x}a|${x}b'],
      ['{{{{{a,b}', '{{{{a|{{{{b'], ["'{'{a,b}", "'{'a|'{'b"], ['{a,b}}}}', 'a}}}|b}}}'],
    ];
    for (const [word, want] of cases) expect(braceExpand(word).join('|'), word).toBe(want);
    // Ten thousand braces that never close stay one word (a jsonpath typed with too many braces).
    const open = '{'.repeat(10_000) + 'a,b';
    expect(braceExpand(open)).toEqual([open]);
    expect(braceExpand(open + '}')).toEqual(['{'.repeat(9_999) + 'a', '{'.repeat(9_999) + 'b']);
  });

  it('splits unquoted expansions, keeps quoted ones, globs the VFS', async () => {
    const { run } = shell();
    await run('x="a   b"; mkdir -p d; touch d/p1.yaml d/p2.yaml d/.hidden.yaml');
    expect((await run('printf "<%s>" $x "$x" ""; echo')).out).toBe('<a><b><a   b><>\n');
    expect((await run('echo d/*.yaml')).out).toBe('d/p1.yaml d/p2.yaml\n');
    expect((await run('echo d/*.none "d/*"')).out).toBe('d/*.none d/*\n');
    expect((await run('echo ${x// /_} ${x%% *} $(( ${#x} * 2 ))')).out).toBe('a___b a 10\n');
  });
});

describe('running lines', () => {
  it('keeps variables, aliases and the working directory between lines', async () => {
    const { run, session } = shell();
    await run('export A=1; B=2; cd /tmp; alias ll="ls -l"');
    expect((await run('echo $A $B; pwd; type ll')).out).toBe("1 2\n/tmp\nll is aliased to `ls -l'\n");
    expect(session.prompt()).toBe('learner@control-plane:/tmp$ ');
    await run('cd');
    expect(session.prompt()).toBe('learner@control-plane:~$ ');
  });

  it('returns exit codes: 127 for unknown commands, $? and pipelines', async () => {
    const { run } = shell();
    const r = await run('nosuch');
    expect(r).toMatchObject({ status: 127, out: 'bash: nosuch: command not found\n' });
    expect((await run('false | true; echo $?; true | false; echo $?; ! true; echo $?')).out).toBe('0\n1\n1\n');
    expect((await run('grep -q zzz pod.yaml')).status).toBe(1);
  });

  it('writes redirections into the virtual filesystem', async () => {
    const { run, session } = shell();
    await run('echo one > f.txt; echo two >> f.txt; ls nofile 2> err.txt; cat f.txt nofile > all.txt 2>&1');
    expect(session.fs.readFile('/home/learner/f.txt')).toBe('one\ntwo\n');
    expect(session.fs.readFile('/home/learner/err.txt')).toBe("ls: cannot access 'nofile': No such file or directory\n");
    expect(session.fs.readFile('/home/learner/all.txt')).toBe('one\ntwo\ncat: nofile: No such file or directory\n');
  });

  it('feeds heredocs into pipes (cat <<EOF | cmd)', async () => {
    const { run } = shell();
    const first = await run('cat <<EOF | tr a-z A-Z');
    expect(first.incomplete).toBe(true);
    expect((await run('name: $HOME')).incomplete).toBe(true);
    expect((await run('EOF')).out).toBe('NAME: /HOME/LEARNER\n');
  });

  it('streams through a pipe while the writer is still running', async () => {
    const clock = new VirtualClock();
    const session = new Session({ clock, commands: [ticker] });
    install(session, 'ticker');
    let out = '';
    let done = false;
    const p = session.run('ticker | grep -v 2', (t) => (out += t)).then((r) => ((done = true), r));
    await advanceBy(clock, 3050);
    expect(done).toBe(false);
    expect(out).toBe('tick 1\ntick 3\n');
    await advanceBy(clock, 3000);
    const r = await p;
    expect(r.status).toBe(0);
    expect(out).toBe('tick 1\ntick 3\ntick 4\ntick 5\n');
  });

  it('Ctrl-C stops a streaming command, prints ^C, exits 130, and the session goes on', async () => {
    const clock = new VirtualClock();
    const session = new Session({ clock, commands: [ticker] });
    install(session, 'ticker');
    let out = '';
    const p = session.run('ticker; echo not-reached', (t) => (out += t));
    await advanceBy(clock, 2050);
    session.interrupt();
    const r = await p;
    expect(r.status).toBe(130);
    expect(out).toBe('tick 1\ntick 2\n^C\n');
    let next = '';
    await session.run('echo $?', (t) => (next += t));
    expect(next).toBe('130\n');
  });

  it('Ctrl-C at a continuation prompt drops the half-typed command', async () => {
    const { run, session } = shell();
    expect((await run('echo "open')).incomplete).toBe(true);
    session.interrupt();
    expect(session.continuing).toBe(false);
    expect((await run('echo fine')).out).toBe('fine\n');
  });

  it('stops runaway loops, recursion and floods with a message, then goes on', async () => {
    const { run } = shell({ budget: { maxOutput: 1_000_000 } });
    const loop = await run('while true; do :; done');
    expect(loop.status).toBe(1);
    expect(loop.out).toMatch(/kubelab: stopped after 50000 commands in one line/);
    const rec = await run('f() { f; }; f');
    expect(rec.out).toBe('bash: f: maximum function nesting level exceeded (1000)\n');
    const flood = await run('yes');
    expect(flood.out).toMatch(/kubelab: stopped after 1 MiB of output in one line\n$/);
    const big = 'x'.repeat(100) + '\n';
    const heredoc = await run(`cat <<EOF\n${big.repeat(20_000)}EOF`);
    expect(heredoc.status).toBe(1);
    expect(heredoc.out.length).toBeLessThan(1_100_000);
    expect((await run('yes | head -n 2')).out).toBe('y\ny\n');
    expect((await run('echo still here')).out).toBe('still here\n');
  });

  it('prints expanded history lines for !! and numbers history like bash', async () => {
    const { run } = shell();
    await run('echo first');
    expect((await run('!!')).out).toBe('echo first\nfirst\n');
    expect((await run('history')).out).toBe('    1  echo first\n    2  echo first\n    3  history\n');
    expect(historyEntry('if true; then\necho c\nfi')).toBe('if true; then echo c; fi');
    expect(historyEntry('echo "a\nb"')).toBe('echo "a\nb"');
    expect(historyEntry('foo |\nbar')).toBe('foo | bar');
  });
});

describe('script mode time', () => {
  it('sleep 60 advances the cluster clock by exactly 60 s', async () => {
    const cluster = new Cluster({ seed: 1 }).boot();
    const session = new Session({ cluster });
    const before = cluster.clock.now();
    let out = '';
    const r = await driveClock(session.run('sleep 60; date +%s', (t) => (out += t)), cluster.clock, 600_000, () => session.interrupt());
    expect(r.status).toBe(0);
    expect(cluster.clock.now() - before).toBe(60_000);
    expect(out).toBe(`${Math.floor((before + 60_000) / 1000)}\n`);
    expect(cluster.clock.errors).toEqual([]);
  });

  it('timeout interrupts a waiting command after its limit with exit 124', async () => {
    const { run, clock } = shell();
    const before = clock.now();
    const r = await run('timeout 5 sleep 100; echo "status $?"');
    expect(r.out).toBe('status 124\n');
    expect(clock.now() - before).toBe(5000);
  });
});

describe('commands', () => {
  it('ls lays out columns with tab stops as GNU ls on a terminal', () => {
    // `script -qc ls` in a directory with these files, coreutils 9.1, 80 columns.
    const names = ['a-very-long-file-name-here.txt', 'configmap.yaml', 'deployment.yaml', 'pod.yaml', 'service.yaml'];
    expect(columns(names, 80)).toBe('a-very-long-file-name-here.txt\tdeployment.yaml  service.yaml\nconfigmap.yaml\t\t\tpod.yaml\n');
  });

  it('curl and friends fail as a host without the cluster network', async () => {
    // On a terminal: curl writes no progress meter there (curl-progress.test.ts has the other case).
    const { run } = shell({ terminal: { isTTY: true, columns: 80, rows: 24 } });
    expect((await run('curl web')).out).toBe('curl: (6) Could not resolve host: web\n');
    expect((await run('curl -s web; echo $?')).out).toBe('6\n');
    expect((await run('curl http://10.96.0.5/')).out).toBe("curl: (7) Failed to connect to 10.96.0.5 port 80 after 0 ms: Couldn't connect to server\n");
    expect((await run('nslookup web')).out).toBe("Server:\t\t127.0.0.53\nAddress:\t127.0.0.53#53\n\n** server can't find web: NXDOMAIN\n\n");
    expect((await run('ping web')).out).toBe('ping: web: Name or service not known\n');
  });

  it('vi without a full-screen terminal explains instead of hanging', async () => {
    const { run } = shell();
    const r = await run('vi pod.yaml');
    expect(r.status).toBe(1);
  });
});

describe('tab completion', () => {
  it('completes commands, paths, and delegates to a command completer', () => {
    const spec: CommandSpec = { name: 'kubectl', summary: '', run: () => 0, complete: (argv) => (argv[1] === 'get' ? ['pods', 'deployments'] : ['get', 'describe']) };
    const session = new Session({ clock: new VirtualClock(), commands: [spec] });
    expect(completeLine(session, 'wh', 2).candidates).toEqual(['which', 'which.debianutils', 'while', 'whoami']);
    expect(completeLine(session, 'cat dep', 7)).toEqual({ start: 4, candidates: ['deployment.yaml'] });
    expect(completeLine(session, 'cat .ku', 7).candidates).toEqual(['.kube/']);
    expect(completeLine(session, 'kubectl get po', 14).candidates).toEqual(['pods']);
  });
});

describe('line editor', () => {
  it('edits, moves, kills and submits', () => {
    const ed = new LineEditor();
    ed.begin('$ ');
    ed.feed('kubectl get pod');
    ed.feed('\x1b[D\x1b[D\x1b[D'); // left ×3
    ed.feed('X');
    expect(ed.buffer).toBe('kubectl get Xpod');
    ed.feed('\x01'); // Ctrl-A
    expect(ed.cursor).toBe(0);
    ed.feed('\x1bf'); // Alt-F
    expect(ed.cursor).toBe(7);
    ed.feed('\x0b'); // Ctrl-K
    expect(ed.buffer).toBe('kubectl');
    ed.feed(' get\x17'); // Ctrl-W
    expect(ed.buffer).toBe('kubectl ');
    const r = ed.feed('version\r');
    expect(r.events).toEqual([{ type: 'submit', line: 'kubectl version' }]);
    expect(r.output.endsWith('\r\n')).toBe(true);
  });

  it('typing and erasing at the end writes only the change, as readline does (no redraw from the prompt)', () => {
    const ed = new LineEditor();
    ed.columns = 20;
    const screen = new VtScreen(20);
    screen.write(ed.begin('$ '));
    const outputs: string[] = [];
    for (const ch of 'kubectl get pods -A') {
      const out = ed.feed(ch).output;
      outputs.push(out);
      screen.write(out);
    }
    // Nothing is cleared or rewritten: a multiplexer's scrollback holds no copy of the line per keystroke.
    expect(outputs.slice(0, 17)).toEqual([...'kubectl get pods '].map((c) => c));
    // The 18th character fills the last column: a newline makes the wrap real, as placeCursor does.
    expect(outputs[17]).toBe('-\r\n');
    expect(screen.rows.slice(0, 2)).toEqual(['$ kubectl get pods -', 'A']);
    expect([screen.r, screen.c]).toEqual([1, 1]);
    const bs = ed.feed('\x7f').output;
    expect(bs).toBe('\b\x1b[K');
    screen.write(bs);
    expect([screen.r, screen.c]).toEqual([1, 0]);
    // Erasing back over the wrap redraws from the prompt; the screen still shows the line.
    screen.write(ed.feed('\x7f').output);
    expect(ed.buffer).toBe('kubectl get pods ');
    expect(screen.rows.slice(0, 1)).toEqual(['$ kubectl get pods ']);
    expect([screen.r, screen.c]).toEqual([0, 19]);
    // An edit inside the line is a redraw.
    screen.write(ed.feed('\x01X').output);
    expect(screen.rows[0]).toBe('$ Xkubectl get pods ');
  });

  // bash 5.2 under tmux, 30 columns, PS1='$ ': `echo 12345678901234567890123` fills the row exactly, and after
  // Enter its output is on the very next row.
  it('Enter on a line that exactly fills the row adds no empty row', () => {
    const ed = new LineEditor();
    ed.columns = 30;
    const screen = new VtScreen(30);
    screen.write(ed.begin('$ '));
    screen.write(ed.feed('echo 12345678901234567890123').output);
    const r = ed.feed('\r');
    expect(r.events).toEqual([{ type: 'submit', line: 'echo 12345678901234567890123' }]);
    screen.write(r.output);
    screen.write('12345678901234567890123\r\n');
    expect(screen.rows.slice(0, 3)).toEqual(['$ echo 12345678901234567890123', '12345678901234567890123', '']);
    // One character short of the margin, Enter moves to the next row as always.
    const ed2 = new LineEditor();
    ed2.columns = 30;
    const screen2 = new VtScreen(30);
    screen2.write(ed2.begin('$ '));
    screen2.write(ed2.feed('echo 1234567890123456789012\r').output);
    expect([screen2.r, screen2.c]).toEqual([1, 0]);
  });

  it('walks history with up/down and keeps the draft', () => {
    const ed = new LineEditor();
    ed.begin('$ ', ['one', 'two']);
    ed.feed('dra');
    ed.feed('\x1b[A');
    expect(ed.buffer).toBe('two');
    ed.feed('\x1b[A\x1b[A');
    expect(ed.buffer).toBe('one');
    ed.feed('\x1b[B\x1b[B');
    expect(ed.buffer).toBe('dra');
  });

  it('Ctrl-C abandons the line with ^C, Ctrl-L clears, Ctrl-D on empty is EOF', () => {
    const ed = new LineEditor();
    ed.begin('$ ');
    const c = ed.feed('abc\x03');
    expect(c.events).toEqual([{ type: 'interrupt' }]);
    expect(c.output).toContain('^C\r\n');
    ed.begin('$ ');
    expect(ed.feed('\x0c').output.startsWith('\x1b[H\x1b[2J$ ')).toBe(true);
    expect(ed.feed('\x04').events).toEqual([{ type: 'eof' }]);
  });
});

describe('editor model', () => {
  it('vi: i, typing, Esc, dd, x, :wq', () => {
    const e = new Editor('/home/learner/a.yaml', 'one\ntwo\nthree\n', 'vi');
    for (const k of ['j', 'd', 'd']) e.key(k);
    expect(e.lines).toEqual(['one', 'three']);
    for (const k of ['i', 'X', '\x1b', 'x']) e.key(k);
    expect(e.lines).toEqual(['one', 'three']);
    for (const k of ['i', 'Y', 'Z', '\x1b']) e.key(k);
    let r;
    for (const k of [':', 'w', 'q', '\r']) r = e.key(k);
    expect(r).toEqual({ done: true, saved: 'one\nYZthree\n' });
  });

  it('vi: :q refuses with E37 after changes, :q! discards', () => {
    const e = new Editor('f', 'a\n', 'vi');
    e.key('x');
    for (const k of [':', 'q', '\r']) expect(e.key(k)).toEqual({ done: false });
    expect(e.message).toBe(E37);
    let r;
    for (const k of [':', 'q', '!', '\r']) r = e.key(k);
    expect(r).toEqual({ done: true, saved: null });
  });

  it('nano: typing inserts, ^O writes, ^X exits; ^X after changes asks', () => {
    const e = new Editor('f', 'a\n', 'nano');
    e.key('\x1b[C');
    e.key('b');
    e.key('\x0f');
    // nano's P_("Wrote %zu line", "Wrote %zu lines"): one line is singular.
    expect(e.message).toBe('[ Wrote 1 line ]');
    expect(e.key('\x18')).toEqual({ done: true, saved: 'ab\n' });
    const e2 = new Editor('f', 'a\n', 'nano');
    e2.key('z');
    expect(e2.key('\x18')).toEqual({ done: false });
    expect(e2.key('y')).toEqual({ done: true, saved: 'za\n' });
  });
});

describe('realtime driver', () => {
  it('advances the virtual clock by wall time × speed, and not while paused', () => {
    const clock = new VirtualClock(0);
    let wall = 0;
    const d = new RealtimeDriver(clock, { now: () => wall });
    d.tick();
    wall = 100;
    d.tick();
    expect(clock.now()).toBe(100);
    d.setSpeed(60);
    wall = 200;
    d.tick();
    expect(clock.now()).toBe(6100);
    d.setSpeed(0);
    wall = 1000;
    d.tick();
    expect(clock.now()).toBe(6100);
  });
});

describe('arrays, kill and jobs in sessions', () => {
  it('an array assigned on one line is there on the next, and keeps its elements in a subshell copy', async () => {
    const { run } = shell();
    await run('pods=(web-1 "web 2")');
    // bash 5.2: 2, then [web-1] [web 2], then the subshell's change stays inside it.
    expect((await run('echo ${#pods[@]}')).out).toBe('2\n');
    expect((await run('for p in "${pods[@]}"; do echo "[$p]"; done')).out).toBe('[web-1]\n[web 2]\n');
    expect((await run('(pods+=(x); echo ${#pods[@]}); echo ${#pods[@]}')).out).toBe('3\n2\n');
  });

  it('a compound assignment left open asks for more lines', async () => {
    const { run } = shell();
    expect((await run('a=(1')).incomplete).toBe(true);
    expect((await run('2)')).incomplete).toBe(false);
    expect((await run('echo ${a[@]}')).out).toBe('1 2\n');
  });

  it('kill %1 stops the background job; then it is gone (bash: kill: %1: no such job)', async () => {
    const { run, clock } = shell();
    expect((await run('sleep 100 &')).out).toBe('[1] 1001\n');
    const r = await run('kill %1');
    // bash 5.2 reports the job before the next prompt.
    expect(r).toMatchObject({ out: '[1]+  Terminated              sleep 100\n', status: 0 });
    await advanceBy(clock, 200);
    expect(await run('kill %1')).toMatchObject({ out: 'bash: kill: %1: no such job\n', status: 1 });
    expect(await run('kill 1001')).toMatchObject({ out: 'bash: kill: (1001) - No such process\n', status: 1 });
  });

  it('kill takes the jobspecs fg and wait take: %+ and %% the current job, %- the previous one', async () => {
    const { run, clock } = shell();
    // bash 5.2 without jobs: `kill %+` → "bash: kill: %+: no such job".
    expect(await run('kill %+')).toMatchObject({ out: 'bash: kill: %+: no such job\n', status: 1 });
    await run('sleep 100 &');
    await run('sleep 200 &');
    expect((await run('kill %-')).out).toBe('[1]-  Terminated              sleep 100\n');
    await advanceBy(clock, 200);
    expect((await run('kill %%')).out).toBe('[2]+  Terminated              sleep 200\n');
  });

  it('kill PID names a job by the PID it was announced with', async () => {
    const { run, clock } = shell();
    await run('sleep 100 &');
    expect((await run('kill -9 1001')).status).toBe(0);
    await advanceBy(clock, 200);
    expect((await run('kill -0 1001')).status).toBe(1);
  });
});

/**
 * What only an interactive bash shows: job notices before the prompt, `jobs`,
 * `wait`, traps at exit, `set -u` abandoning the line, continuation prompts.
 * Texts checked with bash 5.2 run interactively on a pseudo-terminal.
 */
describe('interactive bash: jobs, traps and options at the prompt', () => {
  it('reports a background job that ended before the next prompt: Done, Exit N, Terminated', async () => {
    const { run, clock } = shell();
    expect((await run('sleep 5 &')).out).toBe('[1] 1001\n');
    expect((await run('sleep 100 &')).out).toBe('[2] 1002\n');
    expect((await run('false &')).out).toBe('[3] 1003\n');
    await advanceBy(clock, 5100);
    // Job 1 is neither the current job (3, the newest) nor the previous one (2, still running).
    expect((await run('')).out).toBe('[1]   Done                    sleep 5\n[3]+  Exit 1                  false\n');
    expect((await run('jobs')).out).toBe('[2]+  Running                 sleep 100 &\n');
    expect((await run('jobs -l')).out).toBe('[2]+ 1002 Running                 sleep 100 &\n');
    expect((await run('kill %2')).out).toBe('[2]+  Terminated              sleep 100\n');
    expect((await run('jobs')).out).toBe('');
    // Job numbers start again from 1 once the list is empty; PIDs do not.
    expect((await run('sleep 1 &')).out).toBe('[1] 1004\n');
    expect((await run('echo $!')).out).toBe('1004\n');
  });

  it('jobs lists a job that ended once, with its status, and then forgets it', async () => {
    const { run, clock } = shell();
    await run('sleep 100 &');
    await run('false &');
    await advanceBy(clock, 200);
    // `jobs` runs before the prompt's notices, so it is the one to report job 2.
    expect((await run('jobs')).out).toBe('[1]-  Running                 sleep 100 &\n[2]+  Exit 1                  false\n');
    expect((await run('jobs')).out).toBe('[1]+  Running                 sleep 100 &\n');
    expect(await run('jobs %7')).toMatchObject({ out: 'bash: jobs: %7: no such job\n', status: 1 });
  });

  it('wait $! gives the job status and reports it at once; plain wait reports nothing', async () => {
    const { run } = shell();
    await run('false &');
    expect((await run('wait $!; echo $?')).out).toBe('[1]+  Exit 1                  false\n1\n');
    await run('sleep 1 &');
    expect((await run('wait; echo all')).out).toBe('all\n');
    expect(await run('wait %4; echo $?')).toMatchObject({ out: 'bash: wait: %4: no such job\n127\n' });
    expect((await run('wait 12345; echo $?')).out).toBe('bash: wait: pid 12345 is not a child of this shell\n127\n');
    expect((await run('fg %7')).out).toBe('bash: fg: %7: no such job\n');
  });

  it('set -u abandons the whole line with status 1; set -e leaves the shell, running the EXIT trap', async () => {
    const { run, session } = shell();
    await run('set -u');
    expect(await run('echo $nope; echo after')).toMatchObject({ out: 'bash: nope: unbound variable\n', status: 1 });
    expect((await run('echo ${nope:-default}')).out).toBe('default\n');
    await run('set +u; set -e');
    await run("trap 'echo bye' EXIT");
    expect((await run('false || echo survived; if false; then :; fi')).out).toBe('survived\n');
    expect(await run('false; echo unreachable')).toMatchObject({ out: 'bye\n', status: 1 });
    expect(session.exited).toBe(true);
  });

  it('exit runs the EXIT trap after saying exit', async () => {
    const { run, session } = shell();
    await run("trap 'echo bye' EXIT");
    expect(await run('exit 3')).toMatchObject({ out: 'exit\nbye\n', status: 3 });
    expect(session.exited).toBe(true);
  });

  it('case and [[ continue on the next line; a malformed [[ leaves $? alone', async () => {
    const { run } = shell();
    expect((await run('case x in')).incomplete).toBe(true);
    expect((await run('x) echo yes;;')).incomplete).toBe(true);
    expect((await run('esac')).out).toBe('yes\n');
    expect((await run('[[ a &&')).incomplete).toBe(true);
    expect((await run('a ]]; echo $?')).out).toBe('0\n');
    await run('false');
    expect((await run('[[ a b ]]')).out).toBe('bash: conditional binary operator expected\n');
    expect((await run('echo $?')).out).toBe('1\n');
    expect((await run('f() { echo "$#"; }; f "$@"')).out).toBe('0\n');
  });
});
