import type { CommandSpec } from '../process.js';
import { q, usageError } from './util.js';

/** Numbers written per chunk. */
const SEQ_CHUNK = 10_000;

/** seq [FIRST [INCREMENT]] LAST, -s SEP, -w. */
export const seq: CommandSpec = {
  name: 'seq',
  summary: 'print a sequence of numbers',
  async run(ctx) {
    const args = ctx.argv.slice(1);
    let sep = '\n';
    let width = false;
    while (args.length && /^-[sw]/.test(args[0])) {
      const a = args.shift()!;
      if (a === '-w') width = true;
      else if (a === '-s') sep = args.shift() ?? '\n';
      else if (a.startsWith('-s')) sep = a.slice(2);
    }
    if (args.length === 0) return usageError(ctx, 'seq', 'missing operand');
    if (args.length > 3) return usageError(ctx, 'seq', `extra operand ${q(args[3])}`);
    for (const x of args) {
      if (!/^[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)$/.test(x)) return usageError(ctx, 'seq', `invalid floating point argument: ${q(x)}`);
    }
    const nums = args.map(Number);
    const [first, inc, last] = nums.length === 1 ? [1, 1, nums[0]] : nums.length === 2 ? [nums[0], 1, nums[1]] : nums;
    if (inc === 0) return usageError(ctx, 'seq', `invalid Zero increment value: ${q(args[1])}`);
    const decimals = Math.max(...args.map((x) => (x.includes('.') ? x.split('.')[1].length : 0)));
    const count = Math.floor((last - first) / inc + 1e-9) + 1;
    if (count > 1_000_000) { ctx.stderr.write('seq: too many numbers for the simulated terminal\n'); return 1; }
    if (count <= 0) return 0;
    const at = (i: number) => (first + i * inc).toFixed(decimals);
    let w = 0;
    if (width) for (let i = 0; i < count; i++) w = Math.max(w, at(i).length);
    // In chunks, with a turn of the page's event loop between them: a million numbers take a moment.
    for (let start = 0; start < count; start += SEQ_CHUNK) {
      if (start > 0) await ctx.cooperate?.();
      const end = Math.min(count, start + SEQ_CHUNK);
      let text = '';
      for (let i = start; i < end; i++) text += (width ? at(i).padStart(w, '0') : at(i)) + (i === count - 1 ? '\n' : sep);
      ctx.stdout.write(text);
    }
    return 0;
  },
};
