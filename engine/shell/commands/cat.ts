import type { CommandSpec } from '../process.js';
import { parseArgs, readFileFor, usageFailure } from './util.js';

/** cat [-n] [FILE]...: streams stdin through as it arrives (`kubectl get -w | cat`). */
export const cat: CommandSpec = {
  name: 'cat',
  summary: 'concatenate files and print on the standard output',
  async run(ctx) {
    let a;
    try {
      a = parseArgs('cat', ctx.argv.slice(1), [{ short: 'n', long: 'number', key: 'n' }, { short: 'A', long: 'show-all', key: 'A' }, { short: 'E', long: 'show-ends', key: 'E' }]);
    } catch (e) {
      return usageFailure(ctx, 'cat', e);
    }
    const files = a.operands.length ? a.operands : ['-'];
    let status = 0;
    let lineNo = 0;
    const emit = (text: string) => {
      if (a.flags.E || a.flags.A) text = text.replace(/\n/g, '$\n');
      if (!a.flags.n) return ctx.stdout.write(text);
      const parts = text.split('\n');
      const out = parts.map((l, i) => (i === parts.length - 1 && l === '' ? '' : `${String(++lineNo).padStart(6)}\t${l}`)).join('\n');
      ctx.stdout.write(out);
    };
    for (const f of files) {
      if (f === '-') {
        for await (const line of ctx.stdin.lines()) emit(line + '\n');
        continue;
      }
      const t = readFileFor(ctx, 'cat', f);
      if (t === undefined) status = 1;
      else emit(t);
    }
    return status;
  },
};
