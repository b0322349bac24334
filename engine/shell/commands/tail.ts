import type { CommandSpec } from '../process.js';
import { openFailed, parseArgs, readFileFor, usageFailure, q } from './util.js';
import { lineChunks, parseCount } from './head-count.js';

/** tail [-n N|+N] [-f] [FILE]: -f keeps following a file on the virtual clock until Ctrl-C. */
export const tail: CommandSpec = {
  name: 'tail',
  summary: 'output the last part of files',
  async run(ctx) {
    // The obsolete `tail -5` / `tail +5` (first argument only, so `-n -1` keeps its value).
    const args = ctx.argv.slice(1).map((x, i) => (i === 0 && /^[-+][0-9]+$/.test(x) ? `-n${x}` : x));
    let a;
    try {
      a = parseArgs('tail', args, [{ short: 'n', long: 'lines', key: 'n', value: true }, { short: 'f', long: 'follow', key: 'f' }, { short: 'F', key: 'f' }, { short: 'c', long: 'bytes', key: 'c', value: true }, { short: 'q', key: 'q' }]);
    } catch (e) {
      return usageFailure(ctx, 'tail', e);
    }
    const bytes = a.flags.c !== undefined;
    const nRaw = String((bytes ? a.flags.c : a.flags.n) ?? '10');
    // `+N` starts at the Nth line (or byte); `-N` is N.
    const fromStart = nRaw.startsWith('+');
    const n = parseCount(nRaw.replace(/^[-+]/, ''));
    if (n === undefined) { ctx.stderr.write(`tail: invalid number of ${bytes ? 'bytes' : 'lines'}: ${q(nRaw)}\n`); return 1; }
    const pick = (t: string) => {
      const ls: string | string[] = bytes ? t : lineChunks(t);
      const sel = fromStart ? ls.slice(Math.max(0, n - 1)) : n === 0 ? ls.slice(ls.length) : ls.slice(-Math.min(n, ls.length));
      return typeof sel === 'string' ? sel : sel.join('');
    };
    const files = a.operands.length ? a.operands : ['-'];
    let status = 0;
    for (const [i, f] of files.entries()) {
      if (files.length > 1) ctx.stdout.write(`${i ? '\n' : ''}==> ${f === '-' ? 'standard input' : f} <==\n`);
      if (f === '-') { const t = await ctx.stdin.readAll(); ctx.stdout.write(pick(t)); continue; }
      const t = readFileFor(ctx, 'tail', f, openFailed('tail'));
      if (t === undefined) { status = 1; continue; }
      ctx.stdout.write(pick(t));
    }
    if (a.flags.f && files.length === 1 && files[0] !== '-' && status === 0) {
      const p = ctx.fs.resolve(ctx.cwd, files[0]);
      let seen = (ctx.fs.readFile(p) ?? '').length;
      // tail -f polls once a second (inotify-less coreutils does the same).
      while (!ctx.signal.aborted) {
        await ctx.sleep(1000);
        const t = ctx.fs.readFile(p) ?? '';
        if (t.length > seen) ctx.stdout.write(t.slice(seen));
        seen = t.length;
      }
    }
    return status;
  },
};
