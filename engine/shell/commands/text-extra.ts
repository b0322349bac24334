/**
 * Small text tools tutorials pipe into: util-linux `column -t` and `rev`,
 * coreutils `paste`, `tac`, `basename`, `dirname`. Loaded on first use (commands/lazy.ts).
 */
import type { CommandSpec, ProcessContext } from '../process.js';
import { lineChunks } from './head-count.js';
import { q, readFileFor, sq, usageError } from './util.js';

async function inputs(ctx: ProcessContext, name: string, files: string[], missing?: (file: string, why: string) => string): Promise<(string | undefined)[]> {
  const out: (string | undefined)[] = [];
  let stdin: string | undefined;
  for (const f of files.length ? files : ['-']) out.push(f === '-' ? (stdin ??= await ctx.stdin.readAll()) : readFileFor(ctx, name, f, missing));
  return out;
}

const lines = (t: string) => lineChunks(t).map((l) => l.replace(/\n$/, ''));

/** `column -t [-s SEP] [-o OUTSEP]`: cells padded to their column's width; every cell but the table's last column is followed by the separator. */
export const column: CommandSpec = {
  name: 'column',
  summary: 'columnate lists',
  async run(ctx) {
    let sep = ' \t';
    let outSep = '  ';
    const files: string[] = [];
    const args = ctx.argv.slice(1);
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (a === '-s' || a === '-o') (a === '-s' ? (sep = args[++i] ?? sep) : (outSep = args[++i] ?? outSep));
      else if (/^-[to]/.test(a) || /^-s./.test(a)) {
        if (a.startsWith('-s')) sep = a.slice(2);
        else if (a.startsWith('-o')) outSep = a.slice(2);
      } else if (a.startsWith('-') && a !== '-') continue;
      else files.push(a);
    }
    let status = 0;
    const rows: string[][] = [];
    const splitter = new RegExp(`[${sep.replace(/[\]\\^-]/g, '\\$&')}]+`);
    for (const t of await inputs(ctx, 'column', files)) {
      if (t === undefined) { status = 1; continue; }
      for (const l of lines(t)) {
        const cells = l.split(splitter).filter((c, i, all) => c !== '' || (i > 0 && i < all.length - 1));
        if (cells.length) rows.push(cells);
      }
    }
    const n = Math.max(0, ...rows.map((r) => r.length));
    const widths = Array.from({ length: n }, (_, i) => Math.max(...rows.map((r) => [...(r[i] ?? '')].length)));
    for (const r of rows) ctx.stdout.write(r.map((c, i) => (i === n - 1 ? c : c + ' '.repeat(widths[i] - [...c].length) + outSep)).join('') + '\n');
    return status;
  },
};

/** `paste [-s] [-d LIST] [FILE]...`: lines side by side (or, with -s, each file on one line), delimiters taken in turn. */
export const paste: CommandSpec = {
  name: 'paste',
  summary: 'merge lines of files',
  async run(ctx) {
    let serial = false;
    let delims = '\t';
    const files: string[] = [];
    const args = ctx.argv.slice(1);
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (a === '-' || !a.startsWith('-')) { files.push(a); continue; }
      for (let k = 1; k < a.length; k++) {
        if (a[k] === 's') serial = true;
        else if (a[k] === 'd') { delims = a.slice(k + 1) || (args[++i] ?? ''); break; }
      }
    }
    const d = delims.replace(/\\(.)/g, (_, c: string) => (c === 't' ? '\t' : c === 'n' ? '\n' : c === '0' ? '' : c));
    const delim = (i: number) => (d ? d[i % d.length] : '');
    // `paste - -` reads standard input's lines in turn, one per `-`.
    const stdinLines = files.includes('-') || !files.length ? lines(await ctx.stdin.readAll()) : [];
    let status = 0;
    const cols: (string[] | 'stdin')[] = [];
    for (const f of files.length ? files : ['-']) {
      if (f === '-') { cols.push('stdin'); continue; }
      const t = readFileFor(ctx, 'paste', f);
      if (t === undefined) { status = 1; continue; }
      cols.push(lines(t));
    }
    if (serial) {
      for (const c of cols) {
        const ls = c === 'stdin' ? stdinLines.splice(0) : c;
        ctx.stdout.write(ls.map((l, i) => (i ? delim(i - 1) : '') + l).join('') + '\n');
      }
      return status;
    }
    let s = 0;
    const next = (c: string[] | 'stdin', row: number) => (c === 'stdin' ? stdinLines[s++] : c[row]);
    for (let row = 0; ; row++) {
      const cells = cols.map((c) => next(c, row));
      if (cells.every((c) => c === undefined)) break;
      ctx.stdout.write(cells.map((c, i) => (i ? delim(i - 1) : '') + (c ?? '')).join('') + '\n');
    }
    return status;
  },
};


export function baseName(path: string, suffix = ''): string {
  if (/^\/+$/.test(path)) return '/';
  const b = path.replace(/\/+$/, '').replace(/^.*\//, '');
  return suffix && b !== suffix && b.endsWith(suffix) ? b.slice(0, -suffix.length) : b;
}

export const basename: CommandSpec = {
  name: 'basename',
  summary: 'strip directory and suffix from filenames',
  run(ctx) {
    let all = false;
    let suffix = '';
    const names: string[] = [];
    const args = ctx.argv.slice(1);
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (a === '-a' || a === '--multiple') all = true;
      else if (a === '-s' || a === '--suffix') { suffix = args[++i] ?? ''; all = true; }
      else if (a.startsWith('--suffix=')) { suffix = a.slice(9); all = true; }
      else names.push(a);
    }
    if (!names.length) return usageError(ctx, 'basename', 'missing operand');
    if (!all) {
      if (names.length > 2) return usageError(ctx, 'basename', `extra operand ${q(names[2])}`);
      suffix = names[1] ?? '';
      names.length = 1;
    }
    for (const n of names) ctx.stdout.write(baseName(n, suffix) + '\n');
    return 0;
  },
};

export const dirname: CommandSpec = {
  name: 'dirname',
  summary: 'strip last component from file name',
  run(ctx) {
    const names = ctx.argv.slice(1);
    if (!names.length) return usageError(ctx, 'dirname', 'missing operand');
    for (const n of names) {
      const t = n.replace(/\/+$/, '');
      const d = t === '' ? (n.startsWith('/') ? '/' : '.') : t.includes('/') ? t.replace(/\/[^/]*$/, '').replace(/\/+$/, '') || '/' : '.';
      ctx.stdout.write(d + '\n');
    }
    return 0;
  },
};

/** `tac`: lines last first; a last line without newline is joined to the one printed after it, as coreutils does. */
export const tac: CommandSpec = {
  name: 'tac',
  summary: 'concatenate and print files in reverse',
  async run(ctx) {
    let status = 0;
    for (const t of await inputs(ctx, 'tac', ctx.argv.slice(1), (file, why) => `tac: failed to open ${sq(file)} for reading: ${why}`)) {
      if (t === undefined) { status = 1; continue; }
      ctx.stdout.write(lineChunks(t).reverse().join(''));
    }
    return status;
  },
};

/** `rev`: each line's characters reversed. */
export const rev: CommandSpec = {
  name: 'rev',
  summary: 'reverse lines characterwise',
  async run(ctx) {
    let status = 0;
    // util-linux's rev on the node.
    for (const t of await inputs(ctx, 'rev', ctx.argv.slice(1), (file, why) => `rev: cannot open ${file}: ${why}`)) {
      if (t === undefined) { status = 1; continue; }
      ctx.stdout.write(lineChunks(t).map((l) => [...l.replace(/\n$/, '')].reverse().join('') + (l.endsWith('\n') ? '\n' : '')).join(''));
    }
    return status;
  },
};
