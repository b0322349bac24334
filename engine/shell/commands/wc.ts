import type { CommandSpec } from '../process.js';
import { utf8Length } from '../../util/utf8.js';
import { parseArgs, readInputs, usageFailure } from './util.js';

/** wc [-l] [-w] [-c] [-m]: right-aligned counts; one file or stdin alone prints no padding, like GNU wc. */
export const wc: CommandSpec = {
  name: 'wc',
  summary: 'print newline, word, and byte counts',
  async run(ctx) {
    let a;
    try {
      a = parseArgs('wc', ctx.argv.slice(1), [{ short: 'l', long: 'lines', key: 'l' }, { short: 'w', long: 'words', key: 'w' }, { short: 'c', long: 'bytes', key: 'c' }, { short: 'm', long: 'chars', key: 'm' }]);
    } catch (e) {
      return usageFailure(ctx, 'wc', e);
    }
    const f = a.flags;
    const all = !f.l && !f.w && !f.c && !f.m;
    const { texts, ok } = await readInputs(ctx, 'wc', a.operands);
    const rows = texts.map((t) => ({
      name: a.operands.length ? t.name : '',
      counts: [
        all || f.l ? (t.text.match(/\n/g) ?? []).length : undefined,
        all || f.w ? t.text.split(/\s+/).filter(Boolean).length : undefined,
        f.m ? [...t.text].length : undefined,
        all || f.c ? utf8Length(t.text) : undefined,
      ].filter((x): x is number => x !== undefined),
    }));
    if (rows.length > 1) rows.push({ name: 'total', counts: rows[0].counts.map((_, i) => rows.reduce((s, r) => s + r.counts[i], 0)) });
    const fromStdin = a.operands.length === 0 || a.operands.includes('-');
    const single = texts.length === 1 && rows[0].counts.length === 1;
    // GNU wc sizes columns from the files' total byte size; input it cannot stat (stdin) gets width 7.
    const width = fromStdin ? 7 : String(texts.reduce((s, t) => s + utf8Length(t.text), 0)).length;
    for (const r of rows) {
      const cols = single ? String(r.counts[0]) : r.counts.map((c) => String(c).padStart(width)).join(' ');
      ctx.stdout.write(cols + (r.name ? ` ${r.name}` : '') + '\n');
    }
    return ok ? 0 : 1;
  },
};
