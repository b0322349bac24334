import type { CommandSpec } from '../process.js';
import { lines, parseArgs, readFileFor, usageFailure } from './util.js';

/** sort [-n] [-r] [-u] [-k N[,M]] [-t SEP] [-h]: byte order as in the C.UTF-8 locale; stable last-resort comparison on the whole line. */
export const sort: CommandSpec = {
  name: 'sort',
  summary: 'sort lines of text files',
  async run(ctx) {
    let a;
    try {
      a = parseArgs('sort', ctx.argv.slice(1), [
        { short: 'n', long: 'numeric-sort', key: 'n' }, { short: 'r', long: 'reverse', key: 'r' }, { short: 'u', long: 'unique', key: 'u' },
        { short: 'k', long: 'key', key: 'k', value: true }, { short: 't', long: 'field-separator', key: 't', value: true },
        { short: 'h', long: 'human-numeric-sort', key: 'h' }, { short: 'f', long: 'ignore-case', key: 'f' }, { short: 'V', long: 'version-sort', key: 'V' },
      ]);
    } catch (e) {
      return usageFailure(ctx, 'sort', e, 2);
    }
    const f = a.flags;
    let text = '';
    for (const file of a.operands.length ? a.operands : ['-']) {
      if (file === '-') { text += await ctx.stdin.readAll(); continue; }
      const p = ctx.fs.resolve(ctx.cwd, file);
      if (!ctx.fs.stat(p)) { ctx.stderr.write(`sort: cannot read: ${file}: No such file or directory\n`); return 2; }
      const t = readFileFor(ctx, 'sort', file);
      if (t === undefined) return 2;
      text += t.endsWith('\n') || t === '' ? t : t + '\n';
    }
    const sep = f.t as string | undefined;
    const keySpec = f.k as string | undefined;
    const key = (line: string): string => {
      if (!keySpec) return line;
      const m = /^([0-9]+)(?:\.[0-9]+)?[a-zA-Z]*(?:,([0-9]+)(?:\.[0-9]+)?[a-zA-Z]*)?$/.exec(keySpec);
      if (!m) return line;
      const start = Number(m[1]) - 1;
      const end = m[2] ? Number(m[2]) : undefined;
      if (sep) return line.split(sep).slice(start, end).join(sep);
      // Without -t, fields start at a blank-to-nonblank transition and keep their leading blanks.
      const fields = line.match(/\s*\S+/g) ?? [];
      return fields.slice(start, end).join('');
    };
    const numeric = f.n || f.h || (keySpec && /n/.test(keySpec.replace(/^[0-9,.]+/, '')));
    const num = (s: string) => {
      const m = /^\s*(-?[0-9]*\.?[0-9]+)([KMGTPE]?)/.exec(s);
      if (!m) return 0;
      return Number(m[1]) * (f.h ? 1024 ** ('KMGTPE'.indexOf(m[2]) + 1) : 1);
    };
    const cmpStr = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
    const cmp = (x: string, y: string) => {
      const kx = key(x);
      const ky = key(y);
      let c = numeric ? num(kx) - num(ky) : f.f ? cmpStr(kx.toUpperCase(), ky.toUpperCase()) : f.V ? kx.localeCompare(ky, undefined, { numeric: true }) : cmpStr(kx.trimStart(), ky.trimStart());
      if (c === 0 && !f.u) c = cmpStr(x, y);
      return f.r ? -c : c;
    };
    let ls = lines(text).sort(cmp);
    if (f.u) ls = ls.filter((l, i) => i === 0 || cmp(ls[i - 1], l) !== 0);
    ctx.stdout.write(ls.map((l) => l + '\n').join(''));
    return 0;
  },
};
