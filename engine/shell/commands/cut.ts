import type { CommandSpec } from '../process.js';
import { parseArgs, usageFailure, UsageError } from './util.js';

/** cut -f LIST [-d DELIM] | -c LIST | -b LIST: streams line by line. */
export const cut: CommandSpec = {
  name: 'cut',
  summary: 'remove sections from each line of files',
  async run(ctx) {
    let a;
    try {
      a = parseArgs('cut', ctx.argv.slice(1), [{ short: 'f', long: 'fields', key: 'f', value: true }, { short: 'd', long: 'delimiter', key: 'd', value: true }, { short: 'c', long: 'characters', key: 'c', value: true }, { short: 'b', long: 'bytes', key: 'c', value: true }, { short: 's', long: 'only-delimited', key: 's' }]);
      if (!a.flags.f && !a.flags.c) throw new UsageError('you must specify a list of bytes, characters, or fields');
      if (a.flags.d !== undefined && String(a.flags.d).length !== 1) throw new UsageError('the delimiter must be a single character');
    } catch (e) {
      return usageFailure(ctx, 'cut', e);
    }
    const list = String(a.flags.f ?? a.flags.c);
    const ranges = list.split(',').map((r) => {
      const m = /^([0-9]*)(-?)([0-9]*)$/.exec(r);
      if (!m) return [0, 0];
      const from = m[1] ? Number(m[1]) : 1;
      const to = m[2] ? (m[3] ? Number(m[3]) : Infinity) : from;
      return [from, to];
    });
    const sel = (i: number) => ranges.some(([x, y]) => i >= x && i <= y);
    const delim = (a.flags.d as string | undefined) ?? '\t';
    const cutLine = (line: string): string | undefined => {
      if (a.flags.c) return [...line].filter((_, i) => sel(i + 1)).join('');
      if (!line.includes(delim)) return a.flags.s ? undefined : line;
      return line.split(delim).filter((_, i) => sel(i + 1)).join(delim);
    };
    let status = 0;
    const files = a.operands.length ? a.operands : ['-'];
    for (const file of files) {
      if (file === '-') {
        for await (const l of ctx.stdin.lines()) { const r = cutLine(l); if (r !== undefined) ctx.stdout.write(r + '\n'); }
        continue;
      }
      const p = ctx.fs.resolve(ctx.cwd, file);
      if (!ctx.fs.stat(p)) { ctx.stderr.write(`cut: ${file}: No such file or directory\n`); status = 1; continue; }
      const t = ctx.fs.readFile(p) ?? '';
      for (const l of t.replace(/\n$/, '').split('\n')) { if (t === '') break; const r = cutLine(l); if (r !== undefined) ctx.stdout.write(r + '\n'); }
    }
    return status;
  },
};
