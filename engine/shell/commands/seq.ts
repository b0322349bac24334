import type { CommandSpec } from '../process.js';
import { q } from './util.js';

/** seq [FIRST [INCREMENT]] LAST, -s SEP, -w. */
export const seq: CommandSpec = {
  name: 'seq',
  summary: 'print a sequence of numbers',
  run(ctx) {
    const args = ctx.argv.slice(1);
    let sep = '\n';
    let width = false;
    while (args.length && /^-[sw]/.test(args[0])) {
      const a = args.shift()!;
      if (a === '-w') width = true;
      else if (a === '-s') sep = args.shift() ?? '\n';
      else if (a.startsWith('-s')) sep = a.slice(2);
    }
    if (args.length === 0) { ctx.stderr.write("seq: missing operand\nTry 'seq --help' for more information.\n"); return 1; }
    if (args.length > 3) { ctx.stderr.write(`seq: extra operand ${q(args[3])}\nTry 'seq --help' for more information.\n`); return 1; }
    for (const x of args) {
      if (!/^[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)$/.test(x)) { ctx.stderr.write(`seq: invalid floating point argument: ${q(x)}\nTry 'seq --help' for more information.\n`); return 1; }
    }
    const nums = args.map(Number);
    const [first, inc, last] = nums.length === 1 ? [1, 1, nums[0]] : nums.length === 2 ? [nums[0], 1, nums[1]] : nums;
    if (inc === 0) { ctx.stderr.write(`seq: invalid Zero increment value: ${q(args[1])}\nTry 'seq --help' for more information.\n`); return 1; }
    const decimals = Math.max(...args.map((x) => (x.includes('.') ? x.split('.')[1].length : 0)));
    const out: string[] = [];
    const count = Math.floor((last - first) / inc + 1e-9) + 1;
    if (count > 1_000_000) { ctx.stderr.write('seq: too many numbers for the simulated terminal\n'); return 1; }
    for (let i = 0; i < count; i++) out.push((first + i * inc).toFixed(decimals));
    const w = width ? out.reduce((m, s) => Math.max(m, s.length), 0) : 0;
    ctx.stdout.write(out.length ? out.map((s) => s.padStart(w, '0')).join(sep) + '\n' : '');
    return 0;
  },
};
