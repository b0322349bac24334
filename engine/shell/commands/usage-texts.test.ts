/**
 * coreutils' usage errors (`NAME: MESSAGE`, then `Try 'NAME --help' for more information.`) as seq, sleep, timeout,
 * tr, chmod, chown, date and env print them, byte for byte what GNU coreutils 9.1 printed on Debian in C.UTF-8
 * (the same texts in 9.4's source), with their exit statuses.
 */
import { describe, expect, it } from 'vitest';
import { lab } from './node/test-lab.js';

const TRY = (name: string) => `Try '${name} --help' for more information.\n`;

describe('coreutils usage errors', () => {
  it('seq, sleep, tr, chmod, chown, date and env name the fault, then the Try line', async () => {
    const { run } = await lab();
    const cases: Array<[string, string, number]> = [
      ['seq', 'seq: missing operand\n', 1],
      ['seq 1 2 3 4', 'seq: extra operand ‘4’\n', 1],
      ['seq a', 'seq: invalid floating point argument: ‘a’\n', 1],
      ['seq 1 0 3', 'seq: invalid Zero increment value: ‘0’\n', 1],
      ['sleep', 'sleep: missing operand\n', 1],
      ['sleep x', 'sleep: invalid time interval ‘x’\n', 1],
      ['tr -x', "tr: invalid option -- 'x'\n", 1],
      ['tr', 'tr: missing operand\n', 1],
      ['tr a', 'tr: missing operand after ‘a’\nTwo strings must be given when translating.\n', 1],
      ['chmod', 'chmod: missing operand\n', 1],
      ['chmod 7', 'chmod: missing operand after ‘7’\n', 1],
      ['chmod x f', 'chmod: invalid mode: ‘x’\n', 1],
      ['chown', 'chown: missing operand\n', 1],
      ['chown root', 'chown: missing operand after ‘root’\n', 1],
      ['date -x', "date: invalid option -- 'x'\n", 1],
      ['date --iso-8601=x', 'date: invalid argument ‘x’ for ‘--iso-8601’\nValid arguments are:\n  - ‘hours’\n  - ‘minutes’\n  - ‘date’\n  - ‘seconds’\n  - ‘ns’\n', 1],
      ['env -x', "env: invalid option -- 'x'\n", 125],
      ['env -u', "env: option requires an argument -- 'u'\n", 125],
    ];
    for (const [line, text, status] of cases) expect(await run(line), line).toEqual({ out: text + TRY(line.split(' ')[0]), status });
  });

  it('timeout with fewer than two operands prints only the Try line (usage(EXIT_CANCELED)), before reading the duration', async () => {
    const { run } = await lab();
    expect(await run('timeout')).toEqual({ out: TRY('timeout'), status: 125 });
    expect(await run('timeout x')).toEqual({ out: TRY('timeout'), status: 125 });
    expect(await run('timeout 1')).toEqual({ out: TRY('timeout'), status: 125 });
    expect(await run('timeout 1x true')).toEqual({ out: `timeout: invalid time interval ‘1x’\n${TRY('timeout')}`, status: 125 });
  });
});
