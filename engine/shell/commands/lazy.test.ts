/**
 * The node's lazily loaded commands (lazy.ts) are declared as their modules
 * build them (name, summary, completion), load with the virtual clock held,
 * and print what the loaded command prints.
 */
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../util/clock.js';
import type { CommandSpec, ProcessContext } from '../process.js';
import { LAZY_COMMANDS } from './lazy.js';

/** The declaration's data: everything but the code. */
const shape = (c: CommandSpec) => ({ name: c.name, summary: c.summary, completes: typeof c.complete === 'function' });

describe('lazily loaded node commands', () => {
  for (const lazy of LAZY_COMMANDS) {
    it(`${lazy.name} declares the command its module builds`, async () => {
      expect(shape(lazy)).toEqual(shape(await lazy.load()));
    });
  }

  it('holds the clock while the module loads, then runs the loaded command', async () => {
    const clock = new VirtualClock();
    let out = '';
    const seq = LAZY_COMMANDS.find((c) => c.name === 'seq')!;
    const ctx = { argv: ['seq', '3'], cluster: { clock }, stdout: { write: (t: string) => void (out += t) }, stderr: { write: () => {} } } as unknown as ProcessContext;
    const run = seq.run(ctx);
    expect(clock.held()).toBe(true);
    expect(await run).toBe(0);
    expect(clock.held()).toBe(false);
    expect(out).toBe('1\n2\n3\n');
  });
});
