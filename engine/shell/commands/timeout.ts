import type { CommandSpec } from '../process.js';
import { LineSignal } from '../signal.js';
import { parseDuration } from './sleep.js';
import { q, usageError } from './util.js';
import { execvpFile } from './which.js';

/** timeout DURATION COMMAND...: interrupts the command after DURATION of simulated time; exit 124 then. */
export const timeout: CommandSpec = {
  name: 'timeout',
  summary: 'run a command with a time limit',
  async run(ctx) {
    const args = ctx.argv.slice(1);
    while (args[0]?.startsWith('-') && args[0] !== '--') {
      const a = args.shift()!;
      if (a === '-s' || a === '-k' || a === '--signal' || a === '--kill-after') args.shift();
    }
    if (args[0] === '--') args.shift();
    // coreutils' usage(EXIT_CANCELED) without a message: fewer than two operands print only the Try line, before the
    // duration is looked at.
    if (args.length < 2) { ctx.stderr.write("Try 'timeout --help' for more information.\n"); return 125; }
    const ms = parseDuration(args[0]);
    if (ms === undefined) return usageError(ctx, 'timeout', `invalid time interval ${q(args[0])}`, 125);
    const found = execvpFile(ctx, args[1], ctx.env.PATH, ctx.cwd);
    if ('error' in found) {
      ctx.stderr.write(`timeout: failed to run command ${q(args[1])}: ${found.error}\n`);
      return found.status;
    }
    const child = new LineSignal(ctx.signal);
    let fired = false;
    const timer = ctx.sleep(ms).then(() => {
      if (!ctx.signal.aborted) { fired = true; child.abort('timeout'); }
    });
    void timer;
    const status = await ctx.run!(args.slice(1), { signal: child, program: found.program });
    if (!fired) child.abort('interrupt');
    return fired ? 124 : status;
  },
};
