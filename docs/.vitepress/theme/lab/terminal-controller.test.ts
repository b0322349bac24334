import { afterEach, describe, expect, it } from 'vitest';
import { LabHost, type Transport } from './host';
import type { EngineMessage, PageRequest } from './protocol';
import { LabServer } from './server';
import { TerminalController } from './terminal-controller';

/** The lab wired as in the page, with the server in-process and output collected as plain text. */
function lab() {
  let server!: LabServer;
  let closed = false;
  const host = new LabHost((receive): Transport => {
    server = new LabServer({
      post: (m: EngineMessage) => queueMicrotask(() => receive(m)),
      realNow: () => performance.now(),
      schedule: (fn, ms) => { if (!closed) setTimeout(fn, ms); },
    });
    return { send: (m: PageRequest) => server.handle(m), close: () => { closed = true; } };
  });
  let screen = '';
  const term = new TerminalController({ write: (t) => { screen += t; } }, host, 120);
  return { host, term, server: () => server, screen: () => screen.replace(/\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07/g, ''), raw: () => screen, close: () => host.close() };
}

async function until(pred: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}

let current: ReturnType<typeof lab> | undefined;
afterEach(() => current?.close());

describe('TerminalController with the lab server', () => {
  it('shows a prompt, runs kubectl get nodes and lists three Ready nodes', async () => {
    const l = (current = lab());
    l.term.input('kub'); // typed before the cluster is up: kept and replayed
    l.host.boot(1, 120, 30, 1, []);
    await until(() => l.term.state === 'prompt' && l.term.editor.buffer === 'kub');
    expect(l.screen()).toContain('learner@control-plane:~$ kub');
    // ~/.bashrc's prompt on xterm-256color: the window title, then user@host in green and the folder in blue.
    expect(l.raw()).toContain('\x1b]0;learner@control-plane: ~\x07\x1b[01;32mlearner@control-plane\x1b[00m:\x1b[01;34m~\x1b[00m$ kub');
    l.term.input('ectl get nodes\r');
    await until(() => l.term.state === 'prompt' && /worker-2/.test(l.screen()));
    const rows = l.screen().split('\r\n').filter((r) => /^(control-plane|worker-\d)\s/.test(r));
    expect(rows.map((r) => r.split(/\s+/).slice(0, 2))).toEqual([['control-plane', 'Ready'], ['worker-1', 'Ready'], ['worker-2', 'Ready']]);
    expect(l.term.history()).toEqual(['kubectl get nodes']);
  });

  it('Ctrl-C stops a watch; the Run button interrupts a running command before typing its own', async () => {
    const l = (current = lab());
    l.host.boot(1, 120, 30, 1, []);
    await until(() => l.term.state === 'prompt');
    l.term.input('kubectl get nodes -w\r');
    await until(() => /worker-2/.test(l.screen()));
    expect(l.term.state).toBe('running');
    l.term.input('\x03');
    await until(() => l.term.state === 'prompt');
    expect(l.screen()).toContain('^C');
    l.term.input('sleep 1000\r');
    await until(() => l.term.state === 'running');
    await l.term.runCommand('echo hello-from-run');
    await until(() => l.term.state === 'prompt' && l.screen().includes('hello-from-run\r\n'));
    expect(l.term.history().slice(-2)).toEqual(['sleep 1000', 'echo hello-from-run']);
  });

  it('in kubectl exec -it, Ctrl-C stops the running line only; the Run button leaves the session before typing its own', async () => {
    const l = (current = lab());
    l.host.boot(1, 120, 30, 60, []);
    await until(() => l.term.state === 'prompt');
    l.term.input('kubectl run bb --image=busybox -- sleep 3600 && kubectl wait --for=condition=Ready pod/bb\r');
    await until(() => l.term.state === 'prompt' && /condition met/.test(l.screen()));
    l.term.input('kubectl exec -it bb -- sh\r');
    await until(() => l.term.state === 'interactive');
    l.term.input('while true; do echo tick; sleep 1; done\r');
    await until(() => (l.screen().match(/tick\r\n/g) ?? []).length >= 2);
    expect(l.term.state).toBe('running');
    l.term.input('\x03');
    await until(() => l.term.state === 'interactive');
    // The container's shell prompts again after ^C; the learner's own prompt has not come back.
    expect(l.screen().endsWith('tick\r\n^C\r\n/ # ')).toBe(true);
    l.term.input('sleep 1000\r');
    await until(() => l.term.state === 'running');
    await l.term.runCommand('echo outside');
    await until(() => l.term.state === 'prompt' && /\noutside\r\n/.test(l.screen()));
    expect(l.screen()).toContain('learner@control-plane:~$ echo outside');
  });

  it('sudo -i gives root\'s prompt until exit; su\'s password prompt does not echo what is typed', async () => {
    const l = (current = lab());
    // Rows as the learner reads them (the line editor ends a typed line with \r\r\n).
    const rows = () => l.screen().replace(/\r+\n/g, '\n');
    l.host.boot(1, 120, 30, 60, []);
    await until(() => l.term.state === 'prompt');
    l.term.input('sudo -i\r');
    await until(() => l.term.state === 'prompt' && rows().endsWith('$ sudo -i\nroot@control-plane:~# '));
    l.term.input('exit\r');
    await until(() => l.term.state === 'prompt' && rows().endsWith('# exit\nlogout\nlearner@control-plane:~$ '));
    l.term.input('su\r');
    await until(() => l.term.state === 'interactive' && rows().endsWith('$ su\nPassword: '));
    l.term.input('hunter2\r');
    await until(() => l.term.state === 'prompt' && rows().endsWith('$ su\nPassword: \nsu: Authentication failure\nlearner@control-plane:~$ '));
    expect(l.screen()).not.toContain('hunter2');
    // The next line is echoed again, and the password is not in the history.
    l.term.input('echo $?\r');
    await until(() => l.term.state === 'prompt' && rows().endsWith('$ echo $?\n1\nlearner@control-plane:~$ '));
    expect(l.term.history()).not.toContain('hunter2');
  });

  it('bash\'s read takes the typed line: -p\'s prompt, -s without echo, -n N, Ctrl-D, -t on the clock, Ctrl-C (bash 5.2 under tmux)', async () => {
    const l = (current = lab());
    const rows = () => l.screen().replace(/\r+\n/g, '\n');
    const PROMPT = 'learner@control-plane:~$ ';
    // Real-time speed: read -t 1 then waits a real second, long enough for the test to see it waiting and type into
    // it even on a loaded machine (at 60× it timed out before the test could look).
    l.host.boot(1, 120, 30, 1, []);
    await until(() => l.term.state === 'prompt');
    l.term.input('read -p "name? " n; echo "got $n"\r');
    await until(() => l.term.state === 'interactive' && rows().endsWith('$ read -p "name? " n; echo "got $n"\nname? '));
    l.term.input('alice\r');
    await until(() => l.term.state === 'prompt' && rows().endsWith(`name? alice\ngot alice\n${PROMPT}`));
    // What read took is not the learner's command history.
    expect(l.term.history()).toEqual(['read -p "name? " n; echo "got $n"']);
    // An answer typed ahead, before read is waiting, is read's (the tty buffered it), not the next command.
    l.term.input('read -p "again? " n; echo "got $n"\rbob\r');
    await until(() => l.term.state === 'prompt' && rows().endsWith(`again? bob\ngot bob\n${PROMPT}`));
    // -s: nothing echoed, not even Enter's newline.
    l.term.input('read -s -p "pw? " p; echo "[$p] $?"\r');
    await until(() => l.term.state === 'interactive');
    l.term.input('secret\r');
    await until(() => l.term.state === 'prompt' && rows().endsWith(`\npw? [secret] 0\n${PROMPT}`));
    // -n 3 returns at the third character; the rest was typed ahead, for the next prompt.
    l.term.input('read -n 3 -p "n? " x; echo "[$x] $?"\r');
    await until(() => l.term.state === 'interactive');
    l.term.input('abcdef');
    await until(() => l.term.state === 'prompt' && rows().endsWith(`\nn? abc[abc] 0\n${PROMPT}def`));
    l.term.input('\x05\x15');
    // Ctrl-D on the empty line: end of input, status 1, on the same row.
    l.term.input('read -p "d? " x; echo "after $? [$x]"\r');
    await until(() => l.term.state === 'interactive');
    l.term.input('\x04');
    await until(() => l.term.state === 'prompt' && rows().endsWith(`\nd? after 1 []\n${PROMPT}`));
    // -t 1 runs out on the virtual clock with 142; the half-typed text stays in the tty for the next prompt.
    l.term.input('read -t 1 -p "t? " x; echo "st=$? x=[$x]"\r');
    await until(() => l.term.state === 'interactive');
    l.term.input('ab');
    await until(() => l.term.state === 'prompt' && rows().endsWith(`\nt? abst=142 x=[]\n${PROMPT}ab`));
    l.term.input('\x05\x15');
    // Ctrl-C stops the whole line (echo does not run): ^C, status 130, and the typed text is dropped.
    l.term.input('read -p "c? " x; echo after\r');
    await until(() => l.term.state === 'interactive');
    l.term.input('abc\x03');
    await until(() => l.term.state === 'prompt' && rows().endsWith(`\nc? abc^C\n${PROMPT}`));
    l.term.input('echo $?\r');
    await until(() => l.term.state === 'prompt' && rows().endsWith(`$ echo $?\n130\n${PROMPT}`));
    expect(rows()).not.toContain('\nafter\n');
  });

  it('a notice keeps the half-typed line', async () => {
    const l = (current = lab());
    l.host.boot(1, 120, 30, 1, []);
    await until(() => l.term.state === 'prompt');
    l.term.input('kubectl ge');
    l.term.notice('hello');
    expect(l.term.editor.buffer).toBe('kubectl ge');
    const after = l.screen().slice(l.screen().lastIndexOf('hello\r\n'));
    expect(after).toContain('learner@control-plane:~$ kubectl ge');
  });

  it('hands the keys to top while it runs: q quits, and the Run button ends it before typing its own', async () => {
    const l = (current = lab());
    l.host.boot(1, 120, 30, 1, []);
    await until(() => l.term.state === 'prompt');
    l.term.input('top\r');
    await until(() => l.term.state === 'editor' && l.screen().includes('PID USER'));
    l.term.input('q');
    await until(() => l.term.state === 'prompt');
    expect(l.term.history()).toEqual(['top']);
    l.term.input('top -d 1\r');
    await until(() => l.term.state === 'editor');
    await l.term.runCommand('echo after-top');
    await until(() => l.term.state === 'prompt' && l.screen().includes('after-top\r\n'));
    expect(l.term.history()).toEqual(['top', 'top -d 1', 'echo after-top']);
  });

  it('completes command names through the engine', async () => {
    const l = (current = lab());
    l.host.boot(1, 120, 30, 1, []);
    await until(() => l.term.state === 'prompt');
    l.term.input('kubec\t');
    await until(() => l.term.editor.buffer === 'kubectl ');
  });

  it('an engine failure is printed and the terminal waits for Reset', async () => {
    const l = (current = lab());
    l.host.boot(1, 120, 30, 1, []);
    await until(() => l.term.state === 'prompt');
    l.term.receive({ type: 'fatal', message: 'Error: boom' });
    expect(l.term.state).toBe('broken');
    expect(l.screen()).toContain('Error: boom');
    expect(l.screen()).toContain('Press Reset');
    l.term.input('ls\r');
    expect(l.term.editor.buffer).toBe('');
  });

  it('injections: stopping a node makes it NotReady after the grace period; unknown targets get an error', async () => {
    const l = (current = lab());
    l.host.boot(1, 120, 30, 0, []);
    await until(() => l.term.state === 'prompt');
    expect(await l.host.inject({ action: 'stop-node', node: 'worker-9' })).toEqual({ ok: false, message: 'node "worker-9" not found' });
    expect(await l.host.inject({ action: 'stop-node', node: 'worker-1' })).toMatchObject({ ok: true });
    l.host.send({ type: 'forward', ms: 60_000 });
    const start = l.server().cluster.clock.now();
    await until(() => l.server().cluster.clock.now() >= start + 60_000);
    l.term.input('kubectl get nodes\r');
    await until(() => l.term.state === 'prompt' && /worker-1\s+NotReady/.test(l.screen()));
    expect(l.server().cluster.clock.errors).toEqual([]);
  });
});
