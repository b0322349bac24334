import type { CommandSpec, FileStat, ProcessContext, VirtualFileSystem } from '../process.js';
import { basename, FsError } from '../vfs.js';
import { folderLinks } from './inode.js';
import { fsErrorText, lstatOf, parseArgs, sq, usageFailure } from './util.js';
import { MONTHS } from '../../util/time.js';

const SIX_MONTHS_MS = 15_778_476_000;

/**
 * ls [-l] [-a] [-A] [-1] [-d] [-F] [-L] [-R is not supported]: columns with tab stops on a terminal, one per line
 * otherwise, as GNU ls. Symbolic links as coreutils 9.4 shows them: `-l` the link itself (`name -> target`), an
 * operand that links to a folder lists the folder unless `-l`, `-d` or `-F` is given, `-L` follows every link.
 */
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
        { short: 'F', long: 'classify', key: 'F' }, { short: 'L', long: 'dereference', key: 'L' },
      ]);
    } catch (e) {
      return usageFailure(ctx, 'ls', e, 2);
    }
    const now = ctx.cluster?.clock?.now?.() ?? 0;
    const targets = a.operands.length ? a.operands : ['.'];
    let status = 0;
    const files: Listed[] = [];
    const dirs: string[] = [];
    // What the kernel refuses is reported as coreutils does (file_failure), the other operands still listed.
    const failed = (what: string, t: string, e: unknown, code = 2) => {
      ctx.stderr.write(`ls: ${what} ${sq(t)}: ${fsErrorText(e)}\n`);
      status = Math.max(status, code);
    };
    // An operand that links to a folder is the folder, unless -l, -d or -F ask about the link (DEREF_COMMAND_LINE_SYMLINK_TO_DIR).
    const followOperand = a.flags.L || !(a.flags.l || a.flags.d || a.flags.F);
    for (const t of targets) {
      const abs = ctx.fs.resolve(ctx.cwd, t);
      let st;
      try {
        st = lstatOf(ctx.fs, abs);
        // A trailing slash makes the kernel follow the link too; a link stat cannot follow is shown as itself.
        const deref = a.flags.L || t.endsWith('/');
        if (st?.type === 'link' && (followOperand || deref)) {
          const to = followed(ctx.fs, abs);
          if (!(to instanceof FsError) && (deref || to.type === 'dir')) st = to;
          else if (deref) throw to instanceof FsError ? to : new FsError('ENOENT', abs);
        }
      } catch (e) {
        failed('cannot access', t, e);
        continue;
      }
      if (!st) failed('cannot access', t, new FsError('ENOENT', t));
      else if (st.type === 'dir' && !a.flags.d) dirs.push(t);
      else files.push(entry(ctx, t, abs, st));
    }
    const blocks: string[] = [];
    if (files.length) blocks.push(render(ctx, files.sort((x, y) => collate(x.name, y.name)), a.flags, now, false));
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
      const listed: Listed[] = [];
      for (const n of names) {
        const p = n === '.' ? abs : n === '..' ? ctx.fs.resolve(abs, '..') : `${abs === '/' ? '' : abs}/${n}`;
        let st = lstatOf(ctx.fs, p);
        if (st?.type === 'link' && a.flags.L) {
          const to = followed(ctx.fs, p);
          // A dangling link under -L: the error, then the link with what stat could not tell as `?`.
          // Named as attach() joins them: the folder unless it is `.`, then the name.
          if (to instanceof FsError) failed('cannot access', d === '.' ? n : `${d.endsWith('/') ? d : `${d}/`}${n}`, to, 1);
          st = to instanceof FsError ? { type: 'link', size: 0, mtimeMs: 0, unknown: true } as FileStat : to;
        }
        if (st) listed.push(entry(ctx, n, p, st));
      }
      const header = targets.length > 1 ? `${d}:\n` : '';
      blocks.push(header + render(ctx, listed, a.flags, now, true));
    }
    ctx.stdout.write(blocks.filter((b) => b !== '' || targets.length > 1).join('\n'));
    return status;
  },
};

/** A file as ls shows it: its name, what stat or lstat told (`unknown`: nothing), and a link's target with what that is. */
interface Listed {
  name: string;
  abs: string;
  st: FileStat & { unknown?: boolean };
  target?: string;
  to?: FileStat;
}

/** stat(2) of what `p` links to, or why it cannot be followed (ENOENT: dangling, ELOOP). */
function followed(fs: VirtualFileSystem, p: string): FileStat | FsError {
  try {
    return fs.stat(p) ?? new FsError('ENOENT', p);
  } catch (e) {
    if (e instanceof FsError) return e;
    throw e;
  }
}

function entry(ctx: ProcessContext, name: string, abs: string, st: FileStat): Listed {
  if (st.type !== 'link' || (st as Listed['st']).unknown) return { name, abs, st };
  const to = followed(ctx.fs, abs);
  return { name, abs, st, target: st.target, to: to instanceof FsError ? undefined : to };
}

/** GNU ls in a UTF-8 locale sorts ignoring leading dots and case (en_US); in C.UTF-8 it is byte order. */
function collate(x: string, y: string): number {
  return x < y ? -1 : x > y ? 1 : 0;
}

/** -F's mark (get_type_indicator): `/` a folder, `*` an executable file, `@` a link; none for what is unknown. */
function indicator(st: FileStat | undefined): string {
  if (!st || (st as Listed['st']).unknown) return st?.type === 'link' ? '@' : '';
  return st.type === 'dir' ? '/' : st.type === 'link' ? '@' : (st.mode ?? 0) & 0o111 ? '*' : '';
}

function render(ctx: ProcessContext, items: Listed[], flags: Record<string, unknown>, now: number, isDir: boolean): string {
  if (flags.t) items = [...items].sort((x, y) => y.st.mtimeMs - x.st.mtimeMs);
  if (flags.r) items = [...items].reverse();
  if (items.length === 0) return flags.l && isDir ? 'total 0\n' : '';
  if (flags.l) {
    const rows = items.map(({ name, abs, st, target, to }) => {
      // Only the name is known of a dangling link under -L: `l?????????` and `?` in every column (print_long_format).
      const unknown = (st as Listed['st']).unknown;
      const mode = unknown ? 'l?????????' : modeText(st.type, st.mode ?? (st.type === 'dir' ? 0o755 : 0o644));
      const links = unknown ? '?' : st.type === 'dir' ? String(folderLinks(ctx.fs, abs)) : String(st.nlink ?? 1);
      const size = unknown ? '?' : flags.h ? human(st.size) : String(st.size);
      const shown = target === undefined ? name + (flags.F ? indicator(st) : '') : `${name} -> ${target}${flags.F ? indicator(to) : ''}`;
      return { mode, owner: unknown ? '?' : st.owner ?? 'root', group: unknown ? '?' : st.group ?? st.owner ?? 'root', links, size, date: unknown ? '?'.padStart(12) : lsDate(st.mtimeMs, now), name: shown, blocks: st.type === 'dir' ? 4 : st.type === 'link' ? 0 : Math.ceil(st.size / 4096) * 4 };
    });
    const lw = Math.max(...rows.map((r) => r.links.length));
    const sw = Math.max(...rows.map((r) => r.size.length));
    const total = rows.reduce((s, r) => s + r.blocks, 0);
    const ow = Math.max(...rows.map((r) => r.owner.length));
    const gw = Math.max(...rows.map((r) => r.group.length));
    const body = rows.map((r) => `${r.mode} ${r.links.padStart(lw)} ${r.owner.padEnd(ow)} ${r.group.padEnd(gw)} ${r.size.padStart(sw)} ${r.date} ${r.name}\n`).join('');
    return (isDir ? `total ${total}\n` : '') + body;
  }
  const names = items.map((i) => i.name + (flags.F ? indicator(i.st) : ''));
  if (flags['1'] || !ctx.terminal.isTTY) return names.map((n) => n + '\n').join('');
  return columns(names, ctx.terminal.columns || 80);
}

/** `drwxr-xr-x` from the type and permission bits. */
export function modeText(type: FileStat['type'], mode: number): string {
  const bits = Array.from({ length: 9 }, (_, i) => ((mode >> (8 - i)) & 1 ? 'rwx'[i % 3] : '-'));
  // The sticky bit (/tmp's 1777) shows in the others' execute place: t over x, T without it.
  if (mode & 0o1000) bits[8] = bits[8] === 'x' ? 't' : 'T';
  // Set-user-ID and set-group-ID (sudo's 4755) in the owner's and the group's execute place: s over x, S without it.
  if (mode & 0o4000) bits[2] = bits[2] === 'x' ? 's' : 'S';
  if (mode & 0o2000) bits[5] = bits[5] === 'x' ? 's' : 'S';
  return (type === 'dir' ? 'd' : type === 'link' ? 'l' : '-') + bits.join('');
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
