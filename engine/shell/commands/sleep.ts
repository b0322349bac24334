import type { CommandSpec } from '../process.js';
import { q, usageError } from './util.js';

/** Parses coreutils durations: 5, 1.5, 2m, 1h, 1d. Returns ms or undefined. */
export function parseDuration(s: string): number | undefined {
  const m = /^([0-9]*\.?[0-9]+)([smhd]?)$/.exec(s);
  if (!m) return undefined;
  return Math.round(Number(m[1]) * { '': 1000, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2]]!);
}

/** sleep NUMBER[SUFFIX]...: waits on the virtual clock (so scripts jump ahead) and ends early on Ctrl-C. */
export const sleep: CommandSpec = {
  name: 'sleep',
  summary: 'delay for a specified amount of time',
  async run(ctx) {
    const args = ctx.argv.slice(1);
    if (args.length === 0) return usageError(ctx, 'sleep', 'missing operand');
    let total = 0;
    for (const a of args) {
      const ms = parseDuration(a);
      if (ms === undefined) return usageError(ctx, 'sleep', `invalid time interval ${q(a)}`);
      total += ms;
    }
    await ctx.sleep(total);
    return 0;
  },
};
