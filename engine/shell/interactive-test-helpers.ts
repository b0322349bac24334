/**
 * For tests of interactive sessions (`kubectl exec -it`, `kubectl debug -it`,
 * `kubectl attach -it`): a terminal that types scripted lines into whatever
 * session opens and records what a learner would see, and a booted cluster
 * with a shell session whose commands drive the virtual clock.
 */
import { Cluster } from '../cluster.js';
import type { TerminalInfo } from './process.js';
import { driveClock } from './script.js';
import { loadOptionalCommands, Session } from './session.js';

export interface Screen { text: string }

/** Each interactive session takes the lines typed next, up to the one that ends it; the screen gets prompt, line and output. */
export function scriptedTerminal(lines: string[], screen: Screen): TerminalInfo {
  return {
    isTTY: true, columns: 80, rows: 24,
    async interactive(prompt, onLine, promptAfter) {
      let p = prompt;
      while (lines.length) {
        const l = lines.shift()!;
        screen.text += p + l + '\n';
        const out = await onLine(l);
        if (out === null) return;
        screen.text += out;
        p = promptAfter ? promptAfter() : prompt;
      }
    },
  };
}

/** A booted cluster, the learner's shell on it typing `lines` into interactive sessions, and `run` for command lines. */
export async function interactiveSession(lines: string[] = [], seed = 7) {
  const cluster = new Cluster({ seed }).boot();
  const screen: Screen = { text: '' };
  const s = new Session({ cluster, terminal: scriptedTerminal(lines, screen) });
  await loadOptionalCommands(s);
  const run = async (line: string) => {
    let out = '';
    const r = await driveClock(s.run(line, (t) => (out += t)), cluster.clock, 600_000, () => s.interrupt());
    return { out, status: r.status };
  };
  return { cluster, screen, run, client: cluster.client() };
}
