import type { CommandSpec } from '../process.js';
import { lines, parseArgs, readInputs, usageFailure } from './util.js';

/** uniq [-c] [-d] [-u] [-i]: adjacent duplicates; -c pads counts to 7 columns as GNU uniq. */
export const uniq: CommandSpec = {
  name: 'uniq',
  summary: 'report or omit repeated lines',
  async run(ctx) {
    let a;
    try {
      a = parseArgs('uniq', ctx.argv.slice(1), [{ short: 'c', long: 'count', key: 'c' }, { short: 'd', long: 'repeated', key: 'd' }, { short: 'u', long: 'unique', key: 'u' }, { short: 'i', long: 'ignore-case', key: 'i' }]);
    } catch (e) {
      return usageFailure(ctx, 'uniq', e);
    }
    const { texts, ok } = await readInputs(ctx, 'uniq', a.operands.slice(0, 1));
    if (!ok) return 1;
    const ls = lines(texts[0]?.text ?? '');
    const norm = (s: string) => (a.flags.i ? s.toLowerCase() : s);
    let out = '';
    for (let i = 0; i < ls.length; ) {
      let j = i + 1;
      while (j < ls.length && norm(ls[j]) === norm(ls[i])) j++;
      const n = j - i;
      if ((!a.flags.d || n > 1) && (!a.flags.u || n === 1)) out += (a.flags.c ? `${String(n).padStart(7)} ` : '') + ls[i] + '\n';
      i = j;
    }
    ctx.stdout.write(out);
    return 0;
  },
};
