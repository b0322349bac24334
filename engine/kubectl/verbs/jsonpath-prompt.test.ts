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
import { VtScreen as Screen } from '../../shell/interactive-test-helpers.js';

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
