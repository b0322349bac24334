import type { CommandSpec } from '../process.js';
import { StringInput } from '../streams.js';
import { openFailed, parseArgs, readFileFor, usageFailure, q } from './util.js';
import { lineChunks, parseCount } from './head-count.js';

/** head [-n N] [-c N] [FILE]...: stops reading a pipe after N lines, so `yes | head -3` ends. */
export const head: CommandSpec = {
  name: 'head',
  summary: 'output the first part of files',
  async run(ctx) {
    // `head -5` is `head -n 5`; only as the first argument, so `-n -1` keeps its value.
    const args = ctx.argv.slice(1).map((x, i) => (i === 0 && /^-[0-9]+$/.test(x) ? `-n${x.slice(1)}` : x));
    let a;
    try {
      a = parseArgs('head', args, [{ short: 'n', long: 'lines', key: 'n', value: true }, { short: 'c', long: 'bytes', key: 'c', value: true }, { short: 'q', key: 'q' }]);
    } catch (e) {
      return usageFailure(ctx, 'head', e);
    }
    // A leading `-` means all but the last N (GNU); `+N` is N.
    const bytes = a.flags.c !== undefined;
    const raw = String((bytes ? a.flags.c : a.flags.n) ?? '10');
    const allBut = raw.startsWith('-');
    const count = parseCount(raw.replace(/^[-+]/, ''));
    if (count === undefined) { ctx.stderr.write(`head: invalid number of ${bytes ? 'bytes' : 'lines'}: ${q(raw.replace(/^-/, ''))}\n`); return 1; }
    const pick = (t: string) => {
      if (bytes) return t.slice(0, allBut ? Math.max(0, t.length - count) : count);
      const ls = lineChunks(t);
      return ls.slice(0, allBut ? Math.max(0, ls.length - count) : count).join('');
    };
    const files = a.operands.length ? a.operands : ['-'];
    let status = 0;
    for (const [i, f] of files.entries()) {
      if (files.length > 1) ctx.stdout.write(`${i ? '\n' : ''}==> ${f === '-' ? 'standard input' : f} <==\n`);
      if (f === '-') {
        if (bytes && !allBut && ctx.stdin instanceof StringInput && ctx.stdin.seekable) {
          // From a file head takes its bytes and seeks back: the next command reads on from there.
          const input = ctx.stdin;
          const t = input.text.slice(input.pos, input.pos + count);
          input.pos += t.length;
          ctx.stdout.write(t);
          continue;
        }
        if (bytes || allBut) { ctx.stdout.write(pick(await ctx.stdin.readAll())); continue; }
        let k = 0;
        if (count === 0) continue;
        // The lines as they came: a last line without its newline gets none (coreutils copies bytes).
        const lines = ctx.stdin.rawLines?.() ?? ctx.stdin.lines();
        const raw = ctx.stdin.rawLines !== undefined;
        for await (const line of lines) {
          ctx.stdout.write(raw ? line : line + '\n');
          if (++k >= count) break;
        }
        continue;
      }
      const t = readFileFor(ctx, 'head', f, openFailed('head'));
      if (t === undefined) { status = 1; continue; }
      ctx.stdout.write(pick(t));
    }
    return status;
  },
};
