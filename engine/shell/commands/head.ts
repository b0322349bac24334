import type { CommandSpec } from '../process.js';
import { lines, parseArgs, readFileFor, usageFailure, q } from './util.js';

/** head [-n N] [-c N] [FILE]...: stops reading a pipe after N lines, so `yes | head -3` ends. */
export const head: CommandSpec = {
  name: 'head',
  summary: 'output the first part of files',
  async run(ctx) {
    const args = ctx.argv.slice(1).map((x) => (/^-[0-9]+$/.test(x) ? `-n${x.slice(1)}` : x));
    let a;
    try {
      a = parseArgs('head', args, [{ short: 'n', long: 'lines', key: 'n', value: true }, { short: 'c', long: 'bytes', key: 'c', value: true }, { short: 'q', key: 'q' }]);
    } catch (e) {
      return usageFailure(ctx, 'head', e);
    }
    const nRaw = (a.flags.n as string | undefined) ?? '10';
    if (!/^-?[0-9]+$/.test(nRaw)) { ctx.stderr.write(`head: invalid number of lines: ${q(nRaw)}\n`); return 1; }
    const n = Number(nRaw);
    const files = a.operands.length ? a.operands : ['-'];
    let status = 0;
    for (const [i, f] of files.entries()) {
      if (files.length > 1) ctx.stdout.write(`${i ? '\n' : ''}==> ${f === '-' ? 'standard input' : f} <==\n`);
      if (f === '-') {
        if (a.flags.c !== undefined) { ctx.stdout.write((await ctx.stdin.readAll()).slice(0, Number(a.flags.c))); continue; }
        if (n < 0) { const ls = lines(await ctx.stdin.readAll()); ctx.stdout.write(ls.slice(0, n).map((l) => l + '\n').join('')); continue; }
        let k = 0;
        if (n === 0) continue;
        for await (const line of ctx.stdin.lines()) {
          ctx.stdout.write(line + '\n');
          if (++k >= n) break;
        }
        continue;
      }
      const t = readFileFor(ctx, 'head', f);
      if (t === undefined) { status = 1; continue; }
      if (a.flags.c !== undefined) { ctx.stdout.write(t.slice(0, Number(a.flags.c))); continue; }
      const ls = lines(t);
      const sel = n >= 0 ? ls.slice(0, n) : ls.slice(0, Math.max(0, ls.length + n));
      let out = sel.map((l) => l + '\n').join('');
      if (sel.length === ls.length && out && !t.endsWith('\n')) out = out.slice(0, -1);
      ctx.stdout.write(out);
    }
    return status;
  },
};
