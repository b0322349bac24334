/**
 * For tests of interactive sessions (`kubectl exec -it`, `kubectl debug -it`,
 * `kubectl attach -it`): a terminal that types scripted lines into whatever
 * session opens and records what a learner would see, and a booted cluster
 * with a shell session whose commands drive the virtual clock.
 */
import { Cluster, type ClusterOptions } from '../cluster.js';
import type { TerminalInfo } from './process.js';
import { driveClock } from './script.js';
import { loadOptionalCommands, Session } from './session.js';
import { LineSignal } from './signal.js';
import { VirtualClock } from '../util/clock.js';

export interface Screen { text: string }

/** A typed line, and (for a line that runs on) the simulated time after which the learner presses Ctrl-C. */
export type TypedLine = string | { line: string; ctrlCAfterMs: number };

/**
 * Each interactive session takes the lines typed next, up to the one that ends it; the screen gets prompt, line
 * and output (a hidden line: only the newline, or nothing for `read -s`). Ctrl-C echoes `^C` and aborts the running
 * line, as a TTY does. With no line left, the session ends as at Ctrl-D.
 */
export function scriptedTerminal(lines: TypedLine[], screen: Screen, clock?: () => VirtualClock): TerminalInfo {
  return {
    isTTY: true, columns: 80, rows: 24,
    async interactive(prompt, onLine, promptAfter, hidden) {
      let p = prompt;
      while (lines.length) {
        const typed = lines.shift()!;
        const l = typeof typed === 'string' ? typed : typed.line;
        screen.text += p + (hidden ? (hidden === true ? '\n' : '') : l + '\n');
        const signal = new LineSignal();
        const ctrlC = typeof typed === 'string' ? undefined : clock!().schedule(typed.ctrlCAfterMs, () => {
          screen.text += '^C\n';
          signal.abort();
        });
        const out = await onLine(l, { write: (t) => { screen.text += t; }, signal });
        if (ctrlC !== undefined) clock!().cancel(ctrlC);
        if (out === null) return;
        screen.text += out;
        p = promptAfter ? promptAfter() : prompt;
      }
    },
  };
}

/** `Warning:` as kubectl writes it on a terminal (stderr a TTY, TERM=xterm-256color): bold yellow, then reset. */
export const WARNING = '\u001b[33;1mWarning:\u001b[0m';

/**
 * A booted cluster (`workers` workers, 2 by default; `options` for the rest of its configuration), the learner's shell
 * on it typing `lines` into interactive sessions, and `run` for command lines.
 */
export async function interactiveSession(lines: TypedLine[] = [], seed = 7, workers?: number, options: ClusterOptions = {}) {
  const cluster = new Cluster({ ...options, seed, workers }).boot();
  const screen: Screen = { text: '' };
  const s = new Session({ cluster, terminal: scriptedTerminal(lines, screen, () => cluster.clock) });
  await loadOptionalCommands(s);
  const run = async (line: string) => {
    let out = '';
    const r = await driveClock(s.run(line, (t) => (out += t)), cluster.clock, 600_000, () => s.interrupt());
    return { out, status: r.status };
  };
  return { cluster, screen, run, client: cluster.client(), session: s };
}

/** Enough of a VT100 to see what is on the screen: text, CR/LF, backspace, cursor moves, erase below, wrapping. */
export class VtScreen {
  rows: string[] = [''];
  r = 0;
  c = 0;
  constructor(readonly cols = 120) {}
  write(s: string): void {
    for (let i = 0; i < s.length; i++) {
      const ch = s[i];
      if (ch === '\x1b') {
        const m = /^\x1b(\[\??[0-9;]*[A-Za-z])/.exec(s.slice(i));
        if (!m) continue;
        i += m[0].length - 1;
        const n = Number(/[0-9]+/.exec(m[1])?.[0] ?? '1');
        const cmd = m[1][m[1].length - 1];
        if (cmd === 'A') this.r = Math.max(0, this.r - n);
        else if (cmd === 'B') this.r += n;
        else if (cmd === 'C') this.c += n;
        else if (cmd === 'D') this.c = Math.max(0, this.c - n);
        else if (cmd === 'J') { this.line(); this.rows[this.r] = this.rows[this.r].slice(0, this.c); this.rows.length = this.r + 1; }
        else if (cmd === 'K') { this.line(); this.rows[this.r] = this.rows[this.r].slice(0, this.c); }
        continue;
      }
      if (ch === '\r') { this.c = 0; continue; }
      if (ch === '\b') { this.c = Math.max(0, this.c - 1); continue; }
      if (ch === '\n') { this.r++; this.line(); continue; }
      // Past the last column the cursor waits; the next character wraps to the next row.
      if (this.c >= this.cols) { this.r++; this.c = 0; }
      this.line();
      const row = this.rows[this.r].padEnd(this.c);
      this.rows[this.r] = row.slice(0, this.c) + ch + row.slice(this.c + 1);
      this.c++;
    }
  }
  private line(): void {
    while (this.rows.length <= this.r) this.rows.push('');
  }
  get current(): string {
    return this.rows[this.r];
  }
}

/** A shell without a cluster whose lines drive its own clock: each returns what it printed, its status and whether it ended the shell. */
export async function lineShell(setup?: string) {
  const clock = new VirtualClock();
  const s = new Session({ clock });
  await loadOptionalCommands(s);
  const run = async (line: string) => {
    let out = '';
    const r = await driveClock(s.run(line, (t) => (out += t)), clock, 3_600_000, () => s.interrupt());
    return { out, status: r.status, exited: r.exited };
  };
  if (setup) await run(setup);
  return run;
}
