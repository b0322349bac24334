/**
 * `kubectl get deploy web -o jsonpath='{...env}'` prints the list as JSON and,
 * like every jsonpath output, no final newline: bash's prompt follows on the
 * same line. Typing at that prompt must not wipe the output (it did: the line
 * editor redrew from column 0 at every key, so the learner saw nothing).
 */
import { describe, expect, it } from 'vitest';
import { Cluster } from '../../cluster.js';
import { macrotask } from '../../shell/script.js';
import { loadOptionalCommands, Session } from '../../shell/session.js';
import { TerminalSession } from '../../shell/terminal.js';
import { columnAfter } from '../../shell/line-editor.js';
import { kubectlRunner } from '../test-helpers.js';

/** Enough of a VT100 to see what is on the screen: text, CR/LF, cursor moves, erase below. */
class Screen {
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
      if (ch === '\n') { this.r++; this.line(); continue; }
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

describe('jsonpath output of a list', () => {
  it('prints a list or map value as compact JSON with sorted keys, no newline', async () => {
    const cluster = new Cluster({ seed: 2 }).boot();
    const k = kubectlRunner(cluster);
    await k.run(['create', 'deployment', 'web', '--image=nginx']);
    await k.run(['set', 'env', 'deploy/web', 'GREETING=hello', 'A=<b>']);
    expect((await k.run(['get', 'deploy', 'web', '-o', 'jsonpath={.spec.template.spec.containers[0].env}'])).stdout)
      .toBe('[{"name":"GREETING","value":"hello"},{"name":"A","value":"\\u003cb\\u003e"}]');
    expect((await k.run(['get', 'deploy', 'web', '-o', 'jsonpath={.metadata.labels}'])).stdout).toBe('{"app":"web"}');
  });
});

describe('the prompt after output without a newline', () => {
  it('columnAfter follows the last line of output', () => {
    expect(columnAfter('abc', 0, 80)).toBe(3);
    expect(columnAfter('abc\nde', 0, 80)).toBe(2);
    expect(columnAfter('x', 5, 80)).toBe(6);
    expect(columnAfter('\x1b[1mab\x1b[0m', 0, 80)).toBe(2);
    expect(columnAfter('ok\n', 7, 80)).toBe(0);
    expect(columnAfter('a'.repeat(85), 0, 80)).toBe(5);
  });

  it('keeps the output in front of the prompt while the learner types and edits', async () => {
    const cluster = new Cluster({ seed: 2 }).boot();
    const session = new Session({ cluster });
    await loadOptionalCommands(session);
    const screen = new Screen();
    const term = new TerminalSession(session, (t) => screen.write(t), { columns: 120, rows: 30 });
    term.start();
    const type = async (keys: string) => {
      term.input(keys);
      for (let i = 0; i < 20; i++) await macrotask();
    };
    await type('kubectl create deployment web --image=nginx\r');
    await type('kubectl set env deploy/web GREETING=hello\r');
    await type("kubectl get deploy web -o jsonpath='{.spec.template.spec.containers[0].env}'\r");
    const out = '[{"name":"GREETING","value":"hello"}]';
    expect(screen.current).toBe(`${out}${session.prompt()}`);
    await type('lsx');
    expect(screen.current).toBe(`${out}${session.prompt()}lsx`);
    await type('\x7f');
    expect(screen.current).toBe(`${out}${session.prompt()}ls`);
    await type('\x1b[D\x1b[Dc');
    expect(screen.current).toBe(`${out}${session.prompt()}cls`);
    expect(screen.c).toBe(out.length + session.prompt().length + 1);
  });
});
