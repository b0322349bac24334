import type { CommandSpec, ProcessContext } from '../process.js';
import { basename, FsError, machineFiles } from '../vfs.js';
import { fsErrorText } from './util.js';
import { parseArgs, sq, usageFailure } from './util.js';
import { MONTHS } from '../../util/time.js';

const SIX_MONTHS_MS = 15_778_476_000;

/** ls [-l] [-a] [-A] [-1] [-d] [-R is not supported]: columns with tab stops on a terminal, one per line otherwise, as GNU ls. */
export const ls: CommandSpec = {
  name: 'ls',
  summary: 'list directory contents',
  run(ctx) {
    let a;
    try {
      a = parseArgs('ls', ctx.argv.slice(1), [
        { short: 'l', key: 'l' }, { short: 'a', long: 'all', key: 'a' }, { short: 'A', long: 'almost-all', key: 'A' },
        { short: '1', key: '1' }, { short: 'd', long: 'directory', key: 'd' }, { short: 'h', long: 'human-readable', key: 'h' },
        { short: 't', key: 't' }, { short: 'r', long: 'reverse', key: 'r' }, { long: 'color', key: 'color', value: true },
      ]);
    } catch (e) {
      return usageFailure(ctx, 'ls', e, 2);
    }
    const now = ctx.cluster?.clock?.now?.() ?? 0;
    const targets = a.operands.length ? a.operands : ['.'];
    let status = 0;
    const files: string[] = [];
    const dirs: string[] = [];
    // What the kernel refuses is reported as coreutils does (file_failure), the other operands still listed.
    const failed = (what: string, t: string, e: unknown) => {
      ctx.stderr.write(`ls: ${what} ${sq(t)}: ${fsErrorText(e)}\n`);
      status = 2;
    };
    for (const t of targets) {
      let st;
      try {
        st = ctx.fs.stat(ctx.fs.resolve(ctx.cwd, t));
      } catch (e) {
        failed('cannot access', t, e);
        continue;
      }
      if (!st) failed('cannot access', t, new FsError('ENOENT', t));
      else if (st.type === 'dir' && !a.flags.d) dirs.push(t);
      else files.push(t);
    }
    const blocks: string[] = [];
    if (files.length) blocks.push(render(ctx, files.sort(), (f) => ctx.fs.resolve(ctx.cwd, f), a.flags, now, false));
    for (const d of dirs.sort()) {
      const abs = ctx.fs.resolve(ctx.cwd, d);
      let names;
      try {
        names = ctx.fs.readDir(abs) ?? [];
      } catch (e) {
        failed('cannot open directory', d, e);
        continue;
      }
      if (!a.flags.a && !a.flags.A) names = names.filter((n) => !n.startsWith('.'));
      if (a.flags.a) names = ['.', '..', ...names];
      names.sort((x, y) => collate(x, y));
      const header = targets.length > 1 ? `${d}:\n` : '';
      blocks.push(header + render(ctx, names, (n) => (n === '.' ? abs : n === '..' ? ctx.fs.resolve(abs, '..') : `${abs === '/' ? '' : abs}/${n}`), a.flags, now, true));
    }
    ctx.stdout.write(blocks.filter((b) => b !== '' || targets.length > 1).join('\n'));
    return status;
  },
};

/** GNU ls in a UTF-8 locale sorts ignoring leading dots and case (en_US); in C.UTF-8 it is byte order. */
function collate(x: string, y: string): number {
  return x < y ? -1 : x > y ? 1 : 0;
}

function render(ctx: ProcessContext, names: string[], abs: (n: string) => string, flags: Record<string, unknown>, now: number, isDir: boolean): string {
  if (flags.t) names = [...names].sort((x, y) => (ctx.fs.stat(abs(y))?.mtimeMs ?? 0) - (ctx.fs.stat(abs(x))?.mtimeMs ?? 0));
  if (flags.r) names = [...names].reverse();
  if (names.length === 0) return flags.l && isDir ? 'total 0\n' : '';
  if (flags.l) {
    const rows = names.map((n) => {
      const st = ctx.fs.stat(abs(n))!;
      const mode = modeText(st.type, st.mode ?? (st.type === 'dir' ? 0o755 : 0o644));
      // A folder's links: its own 2 and one per subfolder, which stat(2) tells whoever may not list it (the machine's view).
      const files = machineFiles(ctx.fs);
      const links = st.type === 'dir' ? String(2 + (files.readDir(abs(n)) ?? []).filter((c) => files.stat(`${abs(n)}/${c}`)?.type === 'dir').length) : '1';
      const size = flags.h ? human(st.size) : String(st.size);
      return { mode, owner: st.owner ?? 'root', group: st.group ?? st.owner ?? 'root', links, size, date: lsDate(st.mtimeMs, now), name: n, blocks: st.type === 'dir' ? 4 : Math.ceil(st.size / 4096) * 4 };
    });
    const lw = Math.max(...rows.map((r) => r.links.length));
    const sw = Math.max(...rows.map((r) => r.size.length));
    const total = rows.reduce((s, r) => s + r.blocks, 0);
    const ow = Math.max(...rows.map((r) => r.owner.length));
    const gw = Math.max(...rows.map((r) => r.group.length));
    const body = rows.map((r) => `${r.mode} ${r.links.padStart(lw)} ${r.owner.padEnd(ow)} ${r.group.padEnd(gw)} ${r.size.padStart(sw)} ${r.date} ${r.name}\n`).join('');
    return (isDir ? `total ${total}\n` : '') + body;
  }
  if (flags['1'] || !ctx.terminal.isTTY) return names.map((n) => n + '\n').join('');
  return columns(names.map((n) => (isDir ? n : n)), ctx.terminal.columns || 80);
}

/** `drwxr-xr-x` from the type and permission bits. */
function modeText(type: 'file' | 'dir', mode: number): string {
  const bits = Array.from({ length: 9 }, (_, i) => ((mode >> (8 - i)) & 1 ? 'rwx'[i % 3] : '-'));
  // The sticky bit (/tmp's 1777) shows in the others' execute place: t over x, T without it.
  if (mode & 0o1000) bits[8] = bits[8] === 'x' ? 't' : 'T';
  return (type === 'dir' ? 'd' : '-') + bits.join('');
}

function human(n: number): string {
  if (n < 1024) return String(n);
  const units = ['K', 'M', 'G'];
  let v = n;
  let u = -1;
  while (v >= 1024 && u < units.length - 1) { v /= 1024; u++; }
  return (v < 10 ? (Math.ceil(v * 10) / 10).toFixed(1) : String(Math.ceil(v))) + units[u];
}

export function lsDate(ms: number, now: number): string {
  const d = new Date(ms);
  const mon = MONTHS[d.getUTCMonth()];
  const day = String(d.getUTCDate()).padStart(2);
  if (Math.abs(now - ms) > SIX_MONTHS_MS) return `${mon} ${day}  ${d.getUTCFullYear()}`;
  return `${mon} ${day} ${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
}

/** GNU ls's vertical column layout with 8-wide tab stops: the fewest rows that fit the width. */
export function columns(names: string[], width: number): string {
  const n = names.length;
  let chosen: { rows: number; widths: number[] } | undefined;
  for (let rows = 1; rows <= n; rows++) {
    const cols = Math.ceil(n / rows);
    const widths: number[] = [];
    for (let c = 0; c < cols; c++) {
      let w = 0;
      for (let r = 0; r < rows; r++) {
        const i = c * rows + r;
        if (i < n) w = Math.max(w, names[i].length);
      }
      widths.push(w);
    }
    const total = widths.reduce((s, w) => s + w, 0) + 2 * (cols - 1);
    if (total < width || rows === n) { chosen = { rows, widths }; break; }
  }
  const { rows, widths } = chosen!;
  let out = '';
  for (let r = 0; r < rows; r++) {
    let line = '';
    let pos = 0;
    let colStart = 0;
    for (let c = 0; c < widths.length; c++) {
      const i = c * rows + r;
      if (i >= n) break;
      if (c > 0) {
        // indent() from GNU ls: tabs while a whole tab stop fits, then spaces.
        while (pos < colStart) {
          if (Math.floor(colStart / 8) > Math.floor((pos + 1) / 8)) { line += '\t'; pos += 8 - (pos % 8); }
          else { line += ' '; pos++; }
        }
      }
      line += names[i];
      pos += names[i].length;
      colStart += widths[c] + 2;
    }
    out += line + '\n';
  }
  return out;
}

export { basename };
