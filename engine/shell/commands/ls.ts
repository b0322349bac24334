import type { CommandSpec, FileStat, ProcessContext, VirtualFileSystem } from '../process.js';
import { basename, FsError } from '../vfs.js';
import { folderLinks, humanTime, inodeOf, type Inode } from './inode.js';
import { humanCeil } from './node/units.js';
import { fsErrorText, lstatOf, parseArgs, sq, usageFailure, UsageError } from './util.js';
import { MONTHS } from '../../util/time.js';

const SIX_MONTHS_MS = 15_778_476_000;

/**
 * GNU ls (coreutils 9.4): columns with tab stops on a terminal, one per line otherwise. Symbolic links as ls shows
 * them: `-l` the link itself (`name -> target`), an operand that links to a folder lists the folder unless `-l`,
 * `-d` or `-F` is given, `-L` follows every link. Colours are LS_COLORS's (~/.bashrc sets it through dircolors), or
 * ls's built-in ones when it is unset and TERM names a terminal with colours.
 */
export const ls: CommandSpec = {
  name: 'ls',
  summary: 'list directory contents',
  run(ctx) {
    let a;
    let color: boolean;
    try {
      const argv = ctx.argv.slice(1);
      color = colorWanted(ctx, argv);
      a = parseArgs('ls', argv.filter((x) => x !== COLOR_DONE), [
        { short: 'l', key: 'l' }, { short: 'a', long: 'all', key: 'a' }, { short: 'A', long: 'almost-all', key: 'A' },
        { short: '1', key: '1' }, { short: 'd', long: 'directory', key: 'd' }, { short: 'h', long: 'human-readable', key: 'h' },
        { short: 't', key: 't' }, { short: 'r', long: 'reverse', key: 'r' }, { short: 'R', long: 'recursive', key: 'R' },
        { short: 'F', long: 'classify', key: 'F' }, { short: 'L', long: 'dereference', key: 'L' }, { short: 'p', key: 'p' },
        { short: 'i', long: 'inode', key: 'i' }, { short: 's', long: 'size', key: 's' }, { short: 'S', key: 'S' },
        { short: 'U', key: 'U' }, { short: 'X', key: 'X' }, { short: 'f', key: 'f' }, { short: 'n', long: 'numeric-uid-gid', key: 'n' },
        { short: 'g', key: 'g' }, { short: 'o', key: 'o' }, { short: 'G', long: 'no-group', key: 'G' },
        { short: 'C', key: 'C' }, { short: 'x', key: 'x' }, { short: 'm', key: 'm' }, { short: 'c', key: 'c' }, { short: 'u', key: 'u' },
        { long: 'full-time', key: 'full-time' }, { long: 'group-directories-first', key: 'group-directories-first' },
      ]);
    } catch (e) {
      return usageFailure(ctx, 'ls', e, 2);
    }
    let palette: Palette | undefined;
    if (color) {
      const found = paletteFrom(ctx.env, (t) => ctx.stderr.write(t));
      if (found === 'unparsable') ctx.stderr.write('ls: unparsable value for LS_COLORS environment variable\n');
      else palette = found;
      color = palette !== undefined;
    }
    const o = options(ctx, a.flags, a.order, color, palette);
    const now = ctx.cluster?.clock?.now?.() ?? 0;
    const targets = a.operands.length ? a.operands : ['.'];
    let status = 0;
    const files: Listed[] = [];
    const dirs: Listed[] = [];
    // What the kernel refuses is reported as coreutils does (file_failure), the other operands still listed.
    const failed = (what: string, t: string, e: unknown, code = 2) => {
      ctx.stderr.write(`ls: ${what} ${sq(t)}: ${fsErrorText(e)}\n`);
      status = Math.max(status, code);
    };
    // An operand that links to a folder is the folder, unless -l, -d or -F ask about the link (DEREF_COMMAND_LINE_SYMLINK_TO_DIR).
    const followOperand = a.flags.L || !(o.format === 'long' || a.flags.d || a.flags.F);
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
      else if (st.type === 'dir' && !a.flags.d) dirs.push(entry(ctx, t, abs, st, o));
      else files.push(entry(ctx, t, abs, st, o));
    }
    const blocks: string[] = [];
    if (files.length) blocks.push(render(ctx, sortListed(files, o), o, now, false));
    // Folders still to list, the next on top: a folder's subfolders go on top as it is listed (depth first).
    const pending: { name: string; abs: string; top: boolean }[] = sortListed(dirs, o).reverse().map((d) => ({ name: d.name, abs: d.abs, top: true }));
    const header = targets.length > 1 || !!a.flags.R;
    while (pending.length) {
      const d = pending.pop()!;
      let names;
      try {
        names = ctx.fs.readDir(d.abs) ?? [];
      } catch (e) {
        failed('cannot open directory', d.name, e, d.top ? 2 : 1);
        continue;
      }
      if (!a.flags.a && !a.flags.A && !a.flags.f) names = names.filter((n) => !n.startsWith('.'));
      if (a.flags.a || a.flags.f) names = ['.', '..', ...names];
      const listed: Listed[] = [];
      for (const n of names) {
        const p = n === '.' ? d.abs : n === '..' ? ctx.fs.resolve(d.abs, '..') : `${d.abs === '/' ? '' : d.abs}/${n}`;
        let st = lstatOf(ctx.fs, p);
        if (st?.type === 'link' && a.flags.L) {
          const to = followed(ctx.fs, p);
          // A dangling link under -L: the error, then the link with what stat could not tell as `?`.
          // Named as attach() joins them: the folder unless it is `.`, then the name.
          if (to instanceof FsError) failed('cannot access', d.name === '.' ? n : `${d.name.endsWith('/') ? d.name : `${d.name}/`}${n}`, to, 1);
          st = to instanceof FsError ? { type: 'link', size: 0, mtimeMs: 0, unknown: true } as FileStat : to;
        }
        if (st) listed.push(entry(ctx, n, p, st, o));
      }
      const sorted = sortListed(listed, o);
      blocks.push((header ? `${d.name}:\n` : '') + render(ctx, sorted, o, now, true));
      if (a.flags.R) {
        // extract_dirs_from_files: the subfolders (not a link to one, unless -L), named as file_name_concat joins them.
        const subs = sorted.filter((f) => f.st.type === 'dir' && f.name !== '.' && f.name !== '..');
        for (const f of subs.reverse()) pending.push({ name: d.name.endsWith('/') ? d.name + f.name : `${d.name}/${f.name}`, abs: f.abs, top: false });
      }
    }
    ctx.stdout.write(blocks.filter((b) => b !== '').join('\n'));
    return status;
  },
};

/** A marker left in argv where --color was read (colorWanted), so that parseArgs does not see it. */
const COLOR_DONE = '\0color';

/**
 * --color[=WHEN]: its argument is optional, which parseArgs cannot say; the last one given wins, as getopt_long gives
 * them in order. Throws UsageError with argmatch's text for a WHEN it does not know.
 */
function colorWanted(ctx: ProcessContext, argv: string[]): boolean {
  let color = false;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--') break;
    const m = /^--(col|colo|color)(=(.*))?$/.exec(argv[i]);
    if (!m) continue;
    argv[i] = COLOR_DONE;
    const when = m[2] === undefined ? 'always' : m[3];
    if (['always', 'yes', 'force'].includes(when)) color = true;
    else if (['never', 'no', 'none'].includes(when)) color = false;
    else if (['auto', 'tty', 'if-tty'].includes(when)) color = !!ctx.terminal.isTTY;
    else throw new UsageError(`invalid argument ‘${when}’ for ‘--color’\nValid arguments are:\n  - ‘always’, ‘yes’, ‘force’\n  - ‘never’, ‘no’, ‘none’\n  - ‘auto’, ‘tty’, ‘if-tty’`);
  }
  return color;
}

type Format = 'long' | 'one' | 'columns' | 'across' | 'commas';

interface Options {
  format: Format;
  owner: boolean;
  group: boolean;
  numeric: boolean;
  inode: boolean;
  size: boolean;
  human: boolean;
  sort: 'name' | 'time' | 'size' | 'none' | 'extension';
  reverse: boolean;
  time: 'mtimeMs' | 'ctimeMs' | 'atimeMs';
  fullTime: boolean;
  dirsFirst: boolean;
  classify: boolean;
  slash: boolean;
  color: boolean;
  palette: Palette;
  /** Columns for the column formats: the terminal's, or 80 when it is not one. */
  width: number;
  /** Whether a colour was written yet: the first is preceded by a reset, once per run (put_indicator's used_color). */
  painted: { used: boolean };
}

/** decode_switches: the last of -l/-1/-C/-x/-m sets the format (-1 not after -l), and the last sort option the order. */
function options(ctx: ProcessContext, flags: Record<string, unknown>, order: string[], color: boolean, palette?: Palette): Options {
  let format: Format = ctx.terminal.isTTY ? 'columns' : 'one';
  let sort: Options['sort'] = 'name';
  let time: Options['time'] = 'mtimeMs';
  let timeGiven = false;
  let sortGiven = false;
  for (const k of order) {
    if (k === 'l' || k === 'g' || k === 'o' || k === 'n' || k === 'full-time') format = 'long';
    else if (k === '1') { if (format !== 'long') format = 'one'; }
    else if (k === 'C') format = 'columns';
    else if (k === 'x') format = 'across';
    else if (k === 'm') format = 'commas';
    else if (k === 't') { sort = 'time'; sortGiven = true; }
    else if (k === 'S') { sort = 'size'; sortGiven = true; }
    else if (k === 'U' || k === 'f') { sort = 'none'; sortGiven = true; }
    else if (k === 'X') { sort = 'extension'; sortGiven = true; }
    else if (k === 'c') { time = 'ctimeMs'; timeGiven = true; }
    else if (k === 'u') { time = 'atimeMs'; timeGiven = true; }
  }
  // -c and -u sort by that time unless the listing is long (then they only show it) or another sort was asked for.
  if (timeGiven && !sortGiven && format !== 'long') sort = 'time';
  return {
    format, sort, time,
    owner: !flags.g, group: !flags.o && !flags.G, numeric: !!flags.n, inode: !!flags.i, size: !!flags.s, human: !!flags.h,
    reverse: !!flags.r, fullTime: !!flags['full-time'], dirsFirst: !!flags['group-directories-first'],
    classify: !!flags.F, slash: !!flags.p, color, palette: palette ?? BUILT_IN,
    width: ctx.terminal.isTTY ? ctx.terminal.columns || 80 : 80,
    painted: { used: false },
  };
}

/** A file as ls shows it: its name, what stat or lstat told (`unknown`: nothing), and a link's target with what that is. */
interface Listed {
  name: string;
  abs: string;
  st: FileStat & { unknown?: boolean };
  target?: string;
  to?: FileStat;
  /** stat's fuller answer (inode.ts) when -i, -s, -n, -c, -u or a total needs it. */
  node?: Inode;
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

function entry(ctx: ProcessContext, name: string, abs: string, st: FileStat, o: Options): Listed {
  const unknown = (st as Listed['st']).unknown;
  let node: Inode | undefined;
  if (!unknown && (o.inode || o.size || o.numeric || o.format === 'long' || o.time !== 'mtimeMs')) {
    try {
      node = inodeOf(ctx.fs, abs, st.type !== 'link');
    } catch {
      node = undefined;
    }
  }
  if (st.type !== 'link' || unknown) return { name, abs, st, node };
  const to = followed(ctx.fs, abs);
  return { name, abs, st, target: st.target, to: to instanceof FsError ? undefined : to, node };
}

const timeOf = (f: Listed, o: Options) => (f.node ? f.node[o.time] : f.st.mtimeMs);

/** The order ls gives: by name (bytes, C.UTF-8), newest first, largest first or by extension, ties by name; -r reverses it all. */
function sortListed(items: Listed[], o: Options): Listed[] {
  if (o.sort === 'none') return o.dirsFirst ? [...items.filter(isDirish), ...items.filter((f) => !isDirish(f))] : items;
  const byName = (x: Listed, y: Listed) => collate(x.name, y.name);
  const ext = (n: string) => { const i = n.lastIndexOf('.'); return i > 0 ? n.slice(i) : ''; };
  const cmp = o.sort === 'time' ? (x: Listed, y: Listed) => timeOf(y, o) - timeOf(x, o) || byName(x, y)
    : o.sort === 'size' ? (x: Listed, y: Listed) => y.st.size - x.st.size || byName(x, y)
      : o.sort === 'extension' ? (x: Listed, y: Listed) => collate(ext(x.name), ext(y.name)) || byName(x, y)
        : byName;
  const sorted = [...items].sort(o.reverse ? (x, y) => cmp(y, x) : cmp);
  return o.dirsFirst ? [...sorted.filter(isDirish), ...sorted.filter((f) => !isDirish(f))] : sorted;
}

/** --group-directories-first puts folders and links to folders first. */
const isDirish = (f: Listed) => f.st.type === 'dir' || f.to?.type === 'dir';

/** GNU ls in a UTF-8 locale sorts ignoring leading dots and case (en_US); in C.UTF-8 it is byte order. */
function collate(x: string, y: string): number {
  return x < y ? -1 : x > y ? 1 : 0;
}

/** -F's mark (get_type_indicator): `/` a folder, `*` an executable file, `@` a link; none for what is unknown. -p: only `/`. */
function indicator(st: FileStat | undefined, o: Options): string {
  if (o.slash && !o.classify) return st?.type === 'dir' ? '/' : '';
  if (!o.classify) return '';
  if (!st || (st as Listed['st']).unknown) return st?.type === 'link' ? '@' : '';
  return st.type === 'dir' ? '/' : st.type === 'link' ? '@' : (st.mode ?? 0) & 0o111 ? '*' : '';
}

/** The colours ls paints with: an indicator's sequence by its two letters, and the suffixes' (color_ext_list's order). */
interface Palette { codes: Record<string, string | undefined>; exts: Array<{ ext: string; seq: string; exact: boolean }> }

/** ls's built-in colours (color_indicator), used when LS_COLORS is unset or empty. */
const BUILT_IN: Palette = { codes: { rs: '0', di: '01;34', ln: '01;36', pi: '33', so: '01;35', bd: '01;33', cd: '01;33', ex: '01;32', do: '01;35', su: '37;41', sg: '30;43', st: '37;44', ow: '34;42', tw: '30;42' }, exts: [] };

/** The TERM patterns of dircolors' built-in database that ls's known_term_type accepts when LS_COLORS says nothing. */
const KNOWN_TERMS = /^(Eterm|ansi|.*color.*|con\d+x\d+|cons25|console|cygwin|.*direct.*|dtterm|gnome|hurd|jfbterm|konsole|kterm|linux|linux-c|mlterm|putty|rxvt.*|screen.*|st|terminator|tmux.*|vt100|xterm.*)$/;

/**
 * parse_ls_color: LS_COLORS's `xx=SEQ` and `*SUFFIX=SEQ` entries (backslash escapes kept as written), with its
 * rule for suffixes that differ only in case: one sequence for both matches either case, differing ones match exactly.
 * Unset or empty: the built-in colours, if COLORTERM or TERM says the terminal has them.
 */
function paletteFrom(env: Record<string, string | undefined>, warn: (text: string) => void): Palette | 'unparsable' | undefined {
  const text = env.LS_COLORS;
  if (!text) return env.COLORTERM || KNOWN_TERMS.test(env.TERM ?? '') ? BUILT_IN : undefined;
  const codes: Palette['codes'] = { ...BUILT_IN.codes };
  const exts: Palette['exts'] = [];
  for (const entry of text.split(/(?<!\\):/)) {
    if (entry === '') continue;
    const m = /^(\*(?:[^=\\]|\\.)+|[^*=][^=]?)=(.*)$/s.exec(entry);
    if (!m) return 'unparsable';
    if (m[1].startsWith('*')) exts.unshift({ ext: m[1].slice(1).replace(/\\(.)/g, '$1'), seq: m[2], exact: false });
    else if (/^(lc|rc|ec|rs|no|fi|di|ln|pi|so|bd|cd|mi|or|ex|do|su|sg|st|ow|tw|ca|mh|cl)$/.test(m[1])) codes[m[1]] = m[2];
    else {
      warn(`ls: unrecognized prefix: ‘${m[1]}’\n`);
      return 'unparsable';
    }
  }
  // color_ext_list is built by prepending: the later entry comes first and hides an identical one.
  for (let i = 0; i < exts.length; i++) {
    let caseIgnored = false;
    for (let j = i + 1; j < exts.length; j++) {
      const [a, b] = [exts[i], exts[j]];
      if (a.ext.length !== b.ext.length) continue;
      if (a.ext === b.ext) exts.splice(j--, 1);
      else if (a.ext.toLowerCase() === b.ext.toLowerCase()) {
        if (caseIgnored || a.seq === b.seq) { exts.splice(j--, 1); caseIgnored = true; }
        else a.exact = b.exact = true;
      }
    }
  }
  return { codes, exts };
}

/** is_colored: a sequence that is set and not 0 or 00. */
const colored = (seq: string | undefined) => !!seq && seq !== '0' && seq !== '00';

/**
 * get_color_indicator: the file's type (a special mode only when its colour is set), a regular file's suffix, a
 * dangling link as an orphan when `or` is set; a missing target is `mi`.
 */
function colorOf(p: Palette, name: string, st: FileStat | undefined, node: Inode | undefined, missing = false, dangling = false): string | undefined {
  const c = p.codes;
  if (missing && colored(c.mi)) return c.mi;
  if (dangling && colored(c.or)) return c.or;
  let type: string;
  if (!st || (st as Listed['st']).unknown) type = st?.type === 'link' ? (colored(c.or) ? 'or' : 'ln') : 'or';
  else if (node?.type === 'chr') type = 'cd';
  else {
    const mode = st.mode ?? (st.type === 'dir' ? 0o755 : 0o644);
    if (st.type === 'link') type = 'ln';
    else if (st.type === 'dir') type = mode & 0o1000 && mode & 0o002 && colored(c.tw) ? 'tw' : mode & 0o002 && colored(c.ow) ? 'ow' : mode & 0o1000 && colored(c.st) ? 'st' : 'di';
    else {
      type = mode & 0o4000 && colored(c.su) ? 'su' : mode & 0o2000 && colored(c.sg) ? 'sg' : mode & 0o111 && colored(c.ex) ? 'ex' : (node?.nlink ?? st.nlink ?? 1) > 1 && colored(c.mh) ? 'mh' : 'fi';
      if (type === 'fi') {
        const ext = p.exts.find((e) => e.ext.length <= name.length && (e.exact ? name.endsWith(e.ext) : name.slice(name.length - e.ext.length).toLowerCase() === e.ext.toLowerCase()));
        if (ext) return ext.seq;
      }
    }
  }
  return c[type] || undefined;
}

/** A name in its colour; the first colour ls writes is preceded by a reset (put_indicator's prep_non_filename_text). */
function paint(name: string, code: string | undefined, state: { used: boolean }, p: Palette = BUILT_IN): string {
  if (!code) return name;
  const { lc = '\x1b[', rc = 'm', rs = '0', ec } = p.codes;
  const lead = state.used ? '' : ec ?? lc + rs + rc;
  state.used = true;
  return `${lead}${lc}${code}${rc}${name}${ec ?? lc + rs + rc}`;
}

/** The size of `blocks` 512-byte blocks as -s shows it: 1K blocks, or human-readable with -h. */
const blockText = (blocks: number, o: Options) => (o.human ? humanCeil(blocks * 512, 1024) : String(Math.ceil(blocks / 2)));

function render(ctx: ProcessContext, items: Listed[], o: Options, now: number, isDir: boolean): string {
  const showTotal = isDir && (o.format === 'long' || o.size);
  if (items.length === 0) return showTotal ? 'total 0\n' : '';
  const state = o.painted;
  const hue = (name: string, st: FileStat | undefined, node: Inode | undefined, missing?: boolean, dangling?: boolean) => (o.color ? colorOf(o.palette, name, st, node, missing, dangling) : undefined);
  const blocks = items.reduce((s, f) => s + (f.node?.blocks ?? 0), 0);
  const total = showTotal ? `total ${o.human ? humanCeil(blocks * 512, 1024) : Math.ceil(blocks / 2)}\n` : '';
  const inoW = Math.max(...items.map((f) => String(f.node?.ino ?? '?').length));
  const blkW = Math.max(...items.map((f) => blockText(f.node?.blocks ?? 0, o).length));
  const prefix = (f: Listed) => (o.inode ? `${String(f.node?.ino ?? '?').padStart(inoW)} ` : '') + (o.size ? `${(f.node ? blockText(f.node.blocks, o) : '?').padStart(blkW)} ` : '');
  if (o.format === 'long') {
    const rows = items.map((f) => {
      const { name, st, target, to, node } = f;
      // Only the name is known of a dangling link under -L: `l?????????` and `?` in every column (print_long_format).
      const unknown = st.unknown;
      const mode = unknown ? 'l?????????' : modeText(st.type, st.mode ?? (st.type === 'dir' ? 0o755 : 0o644));
      const links = unknown ? '?' : String(node?.nlink ?? (st.type === 'dir' ? folderLinks(ctx.fs, f.abs) : st.nlink ?? 1));
      const size = unknown ? '?' : o.human ? humanCeil(st.size, 1024) : String(st.size);
      const owner = unknown ? '?' : o.numeric ? String(node?.uid ?? 0) : st.owner ?? 'root';
      const group = unknown ? '?' : o.numeric ? String(node?.gid ?? 0) : st.group ?? st.owner ?? 'root';
      const when = node ? node[o.time] : st.mtimeMs;
      const date = unknown ? '?'.padStart(o.fullTime ? 35 : 12) : o.fullTime ? humanTime(when) : lsDate(when, now);
      const shown = paint(name, hue(name, st, node, false, target !== undefined && !to), state, o.palette) + (target === undefined ? indicator(st, o)
        : ` -> ${paint(target, hue(target, to, undefined, !to), state, o.palette)}${o.classify ? indicator(to, o) : ''}`);
      return { pre: prefix(f), mode, owner, group, links, size, date, name: shown };
    });
    const w = (k: 'links' | 'size' | 'owner' | 'group') => Math.max(...rows.map((r) => r[k].length));
    const [lw, sw, ow, gw] = [w('links'), w('size'), w('owner'), w('group')];
    // Names are padded on the right, numeric IDs (-n) on the left, as format_user_or_group does.
    const id = (v: string, width: number) => (o.numeric ? v.padStart(width) : v.padEnd(width));
    const body = rows.map((r) => `${r.pre}${r.mode} ${r.links.padStart(lw)} ${o.owner ? `${id(r.owner, ow)} ` : ''}${o.group ? `${id(r.group, gw)} ` : ''}${r.size.padStart(sw)} ${r.date} ${r.name}\n`).join('');
    return total + body;
  }
  const plain = items.map((f) => prefix(f) + f.name + indicator(f.st, o));
  const shown = items.map((f) => prefix(f) + paint(f.name, hue(f.name, f.st, f.node, false, f.target !== undefined && !f.to), state, o.palette) + indicator(f.st, o));
  if (o.format === 'one') return total + shown.map((n) => n + '\n').join('');
  if (o.format === 'commas') return total + commas(plain, shown, o.width);
  return total + columns(plain, o.width, o.format === 'across', shown);
}

/** -m (print_with_separator): ", " between names, ",\n" where the next would reach the line's width. */
function commas(plain: string[], shown: string[], width: number): string {
  let out = '';
  let pos = 0;
  for (let i = 0; i < plain.length; i++) {
    if (i > 0) {
      if (pos + plain[i].length + 2 < width) { out += ', '; pos += 2; }
      else { out += ',\n'; pos = 0; }
    }
    out += shown[i];
    pos += plain[i].length;
  }
  return `${out}\n`;
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

export function lsDate(ms: number, now: number): string {
  const d = new Date(ms);
  const mon = MONTHS[d.getUTCMonth()];
  const day = String(d.getUTCDate()).padStart(2);
  if (Math.abs(now - ms) > SIX_MONTHS_MS) return `${mon} ${day}  ${d.getUTCFullYear()}`;
  return `${mon} ${day} ${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
}

/** The item at column c, row r: down the columns (-C), or along the rows (-x). */
const at = (c: number, r: number, rows: number, cols: number, across: boolean) => (across ? r * cols + c : c * rows + r);

/** GNU ls's column layout with 8-wide tab stops: the fewest rows that fit the width; `shown` is what is written (colours). */
export function columns(names: string[], width: number, across = false, shown = names): string {
  const n = names.length;
  let chosen: { rows: number; widths: number[] } | undefined;
  for (let rows = 1; rows <= n; rows++) {
    const cols = Math.ceil(n / rows);
    const widths: number[] = [];
    for (let c = 0; c < cols; c++) {
      let w = 0;
      for (let r = 0; r < rows; r++) {
        const i = at(c, r, rows, cols, across);
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
      const i = at(c, r, rows, widths.length, across);
      if (i >= n) break;
      if (c > 0) {
        // indent() from GNU ls: tabs while a whole tab stop fits, then spaces.
        while (pos < colStart) {
          if (Math.floor(colStart / 8) > Math.floor((pos + 1) / 8)) { line += '\t'; pos += 8 - (pos % 8); }
          else { line += ' '; pos++; }
        }
      }
      line += shown[i];
      pos += names[i].length;
      colStart += widths[c] + 2;
    }
    out += line + '\n';
  }
  return out;
}

export { basename };
