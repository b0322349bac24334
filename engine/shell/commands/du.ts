/**
 * du (GNU coreutils 9.4) over the node's files: fts's walk (a folder's entries in the vfs's name order, each folder
 * printed after what it holds), sizes from the same st_blocks stat, find and ls read (inode.ts: whole 4 KiB blocks,
 * a folder one, a symbolic link none), the apparent size of files and links only (9.4's change: a folder counts 0),
 * hard links and, with several operands or -L, every file counted once, -a/-s/-d/-S/-c/-x/-L/-D/-P, --exclude and
 * -X, --threshold, --inodes, --time with its styles, human_readable's units (-h, --si, -k, -m, -B SIZE with or
 * without a number), and the errors and warnings of du.c and xstrtol_fatal.
 */
import type { CommandSpec, ProcessContext } from '../process.js';
import { patternToRegExp } from '../glob.js';
import { FsError } from '../vfs.js';
import { formatDate } from './date-format.js';
import { inodeOrError, type Inode } from './inode.js';
import { humanCeil } from './node/units.js';
import { getoptLong, type LongOption } from './node/getopt.js';
import { fsErrorText, q, quoteAlways, quotef, readInputs } from './util.js';

const TRY = "Try 'du --help' for more information.\n";

const LONGS: LongOption[] = [
  { name: 'all', key: 'a' }, { name: 'apparent-size', key: 'apparent' }, { name: 'block-size', key: 'B', arg: 'required' },
  { name: 'bytes', key: 'b' }, { name: 'count-links', key: 'l' }, { name: 'dereference', key: 'L' }, { name: 'dereference-args', key: 'D' },
  { name: 'exclude', key: 'exclude', arg: 'required' }, { name: 'exclude-from', key: 'X', arg: 'required' },
  { name: 'files0-from', key: 'files0', arg: 'required' }, { name: 'human-readable', key: 'h' }, { name: 'inodes', key: 'inodes' },
  { name: 'si', key: 'si' }, { name: 'max-depth', key: 'd', arg: 'required' }, { name: 'null', key: '0' }, { name: 'no-dereference', key: 'P' },
  { name: 'one-file-system', key: 'x' }, { name: 'separate-dirs', key: 'S' }, { name: 'summarize', key: 's' }, { name: 'total', key: 'c' },
  { name: 'threshold', key: 't', arg: 'required' }, { name: 'time', key: 'time', arg: 'optional' }, { name: 'time-style', key: 'time-style', arg: 'required' },
  { name: 'help', key: 'help' }, { name: 'version', key: 'version' },
];

export const DU_HELP = `Usage: du [OPTION]... [FILE]...
  or:  du [OPTION]... --files0-from=F
Summarize device usage of the set of FILEs, recursively for directories.

Mandatory arguments to long options are mandatory for short options too.
  -0, --null            end each output line with NUL, not newline
  -a, --all             write counts for all files, not just directories
      --apparent-size   print apparent sizes rather than device usage; although
                          the apparent size is usually smaller, it may be
                          larger due to holes in ('sparse') files, internal
                          fragmentation, indirect blocks, and the like
  -B, --block-size=SIZE  scale sizes by SIZE before printing them; e.g.,
                           '-BM' prints sizes in units of 1,048,576 bytes;
                           see SIZE format below
  -b, --bytes           equivalent to '--apparent-size --block-size=1'
  -c, --total           produce a grand total
  -D, --dereference-args  dereference only symlinks that are listed on the
                          command line
  -d, --max-depth=N     print the total for a directory (or file, with --all)
                          only if it is N or fewer levels below the command
                          line argument;  --max-depth=0 is the same as
                          --summarize
      --files0-from=F   summarize device usage of the
                          NUL-terminated file names specified in file F;
                          if F is -, then read names from standard input
  -H                    equivalent to --dereference-args (-D)
  -h, --human-readable  print sizes in human readable format (e.g., 1K 234M 2G)
      --inodes          list inode usage information instead of block usage
  -k                    like --block-size=1K
  -L, --dereference     dereference all symbolic links
  -l, --count-links     count sizes many times if hard linked
  -m                    like --block-size=1M
  -P, --no-dereference  don't follow any symbolic links (this is the default)
  -S, --separate-dirs   for directories do not include size of subdirectories
      --si              like -h, but use powers of 1000 not 1024
  -s, --summarize       display only a total for each argument
  -t, --threshold=SIZE  exclude entries smaller than SIZE if positive,
                          or entries greater than SIZE if negative
      --time            show time of the last modification of any file in the
                          directory, or any of its subdirectories
      --time=WORD       show time as WORD instead of modification time:
                          atime, access, use, ctime or status
      --time-style=STYLE  show times using STYLE, which can be:
                            full-iso, long-iso, iso, or +FORMAT;
                            FORMAT is interpreted like in 'date'
  -X, --exclude-from=FILE  exclude files that match any pattern in FILE
      --exclude=PATTERN    exclude files that match PATTERN
  -x, --one-file-system    skip directories on different file systems
      --help        display this help and exit
      --version     output version information and exit

Display values are in units of the first available SIZE from --block-size,
and the DU_BLOCK_SIZE, BLOCK_SIZE and BLOCKSIZE environment variables.
Otherwise, units default to 1024 bytes (or 512 if POSIXLY_CORRECT is set).

The SIZE argument is an integer and optional unit (example: 10K is 10*1024).
Units are K,M,G,T,P,E,Z,Y,R,Q (powers of 1024) or KB,MB,... (powers of 1000).
Binary prefixes can be used, too: KiB=K, MiB=M, and so on.

GNU coreutils online help: <https://www.gnu.org/software/coreutils/>
Report any translation bugs to <https://translationproject.org/team/>
Full documentation <https://www.gnu.org/software/coreutils/du>
or available locally via: info '(coreutils) du invocation'
`;

const DU_VERSION = `du (GNU coreutils) 9.4
Copyright (C) 2023 Free Software Foundation, Inc.
License GPLv3+: GNU GPL version 3 or later <https://gnu.org/licenses/gpl.html>.
This is free software: you are free to change and redistribute it.
There is NO WARRANTY, to the extent permitted by law.

Written by Torbjorn Granlund, David MacKenzie, Paul Eggert,
and Jim Meyering.
`;

/** xstrtol's suffixes (powers of 1024; with `B` after them, of 1000). */
const POWERS = 'KMGTPEZYRQ';

/** human.h's option bits: how human_readable prints a size. */
interface Units {
  autoscale: boolean;
  si: boolean;
  base1024: boolean;
  /** A `B` after the unit (`-BKB` prints `17kB`, `-BKiB` `16KiB`). */
  b: boolean;
  block: number;
}

/** xstrtoumax's reading of a SIZE: a number (1 when only a unit is given) times the unit; a reason when invalid. */
function readSize(spec: string): { n: number; unitOnly: boolean; suffix: string } | 'invalid' | 'suffix' | 'large' {
  const m = /^(\d*)(.*)$/.exec(spec)!;
  const unitOnly = m[1] === '';
  let n = unitOnly ? 1 : Number(m[1]);
  const suffix = m[2];
  if (unitOnly && !suffix) return 'invalid';
  if (suffix) {
    const s = /^([kKMGTPEZYRQ])(B|iB)?$/.exec(suffix) ?? /^([bcw])$/.exec(suffix);
    if (!s) return unitOnly ? 'invalid' : 'suffix';
    const byte: Record<string, number> = { b: 512, c: 1, w: 2 };
    if (byte[s[1]]) n *= byte[s[1]];
    else n *= (s[2] === 'B' ? 1000 : 1024) ** (POWERS.indexOf(s[1].toUpperCase()) + 1);
  }
  if (!Number.isSafeInteger(n)) return 'large';
  return { n, unitOnly, suffix };
}

/** human_options: `human-readable`, `si`, or a SIZE whose unit alone (`-BM`) also prints the unit. */
function blockUnits(spec: string): Units | 'invalid' | 'suffix' | 'large' {
  if (spec === 'human-readable') return { autoscale: true, si: true, base1024: true, b: false, block: 1 };
  if (spec === 'si') return { autoscale: true, si: true, base1024: false, b: false, block: 1 };
  const body = spec.replace(/^'/, '');
  const r = readSize(body);
  if (typeof r === 'string') return r;
  if (r.n === 0) return 'invalid';
  const named = r.unitOnly;
  return { autoscale: false, si: named, base1024: named && !r.suffix.endsWith('B') || r.suffix.endsWith('iB'), b: named && r.suffix.endsWith('B'), block: r.n };
}

/** human_readable of a byte count in these units, rounding up. */
function formatSize(bytes: number, u: Units): string {
  if (u.autoscale) return humanCeil(bytes, u.base1024 ? 1024 : 1000);
  const amount = Math.ceil(bytes / u.block);
  if (!u.si) return String(amount);
  const base = u.base1024 ? 1024 : 1000;
  let exponent = 0;
  for (let power = 1; power < u.block && exponent < 10; power *= base) exponent++;
  const letter = exponent ? (!u.base1024 && exponent === 1 ? 'k' : POWERS[exponent - 1]) : '';
  return `${amount}${letter}${u.b ? `${u.base1024 && exponent ? 'i' : ''}B` : ''}`;
}

/** argmatch's failure: the valid words, those with one meaning on one line. */
function badArgument(ctx: ProcessContext, value: string, option: string, groups: string[][]): number {
  ctx.stderr.write(`du: invalid argument ${q(value)} for ${q(option)}\nValid arguments are:\n${groups.map((g) => `  - ${g.map(q).join(', ')}\n`).join('')}${TRY}`);
  return 1;
}

/** argmatch: the word, or an unambiguous beginning of it (beginnings of words with one meaning are not ambiguous). */
function argmatch(value: string, meanings: Record<string, string>): string | undefined {
  if (meanings[value]) return meanings[value];
  const found = new Set(Object.keys(meanings).filter((k) => k.startsWith(value)).map((k) => meanings[k]));
  return value && found.size === 1 ? [...found][0] : undefined;
}

const TIME_WORDS: Record<string, string> = { atime: 'atime', access: 'atime', use: 'atime', ctime: 'ctime', status: 'ctime' };
const TIME_STYLES: Record<string, string> = { 'full-iso': '%Y-%m-%d %H:%M:%S.%N %z', 'long-iso': '%Y-%m-%d %H:%M', iso: '%Y-%m-%d' };

/** A subtree's sums: size (bytes, or inodes), latest time. */
interface Sum { size: number; inodes: number; tmax: number }

const VISITS_PER_TURN = 256;

export const du: CommandSpec = {
  name: 'du',
  summary: 'estimate file space usage',
  async run(ctx: ProcessContext) {
    const r = getoptLong(ctx.argv.slice(1), '0abd:chHklmst:xB:DLPSX:', LONGS);
    if ('error' in r) { ctx.stderr.write(`du: ${r.error}\n${TRY}`); return 1; }
    let units: Units = { autoscale: false, si: false, base1024: false, b: false, block: 1024 };
    let apparent = false;
    let all = false, summarize = false, total = false, countLinks = false, separate = false, oneFs = false, nul = false, inodes = false;
    let follow: 'P' | 'D' | 'L' = 'P';
    let maxDepth = Infinity;
    let depthGiven = false;
    let threshold = 0;
    let timeWord: string | undefined;
    let timeStyle: string | undefined;
    let files0: string | undefined;
    const excludes: RegExp[] = [];
    let ok = true;
    const fatal = (message: string) => { ctx.stderr.write(`du: ${message}\n`); return 1; };
    // xstrtol_fatal's texts name the option as given: -B, or its long name.
    const sizeError = (why: 'invalid' | 'suffix' | 'large', option: string, value: string) => fatal(
      why === 'invalid' ? `invalid ${option} argument '${value}'` : why === 'suffix' ? `invalid suffix in ${option} argument '${value}'` : `${option} argument '${value}' too large`);
    const addPattern = (p: string) => excludes.push(patternToRegExp(p, false));
    for (const { key, value, long } of r.options) {
      const option = long ? `--${long}` : `-${key}`;
      switch (key) {
        case '0': nul = true; break;
        case 'a': all = true; break;
        case 'apparent': apparent = true; break;
        case 'b': apparent = true; units = { ...units, autoscale: false, si: false, base1024: false, b: false, block: 1 }; break;
        case 'c': total = true; break;
        case 'h': units = { autoscale: true, si: true, base1024: true, b: false, block: 1 }; break;
        case 'si': units = { autoscale: true, si: true, base1024: false, b: false, block: 1 }; break;
        case 'k': units = { autoscale: false, si: false, base1024: false, b: false, block: 1024 }; break;
        case 'm': units = { autoscale: false, si: false, base1024: false, b: false, block: 1024 * 1024 }; break;
        case 'd': {
          // 9.4 reads a signed number: -d -1 is accepted, and only the operands themselves print.
          const n = /^\s*[-+]?\d+$/.test(value!) ? Number(value) : NaN;
          if (Number.isSafeInteger(n)) { maxDepth = n; depthGiven = true; } else { ctx.stderr.write(`du: invalid maximum depth ${q(value!)}\n`); ok = false; }
          break;
        }
        case 'l': countLinks = true; break;
        case 's': summarize = true; break;
        case 't': {
          const neg = value!.startsWith('-');
          const s = readSize(neg ? value!.slice(1) : value!);
          if (typeof s === 'string') return sizeError(s === 'invalid' && value === '' ? 'invalid' : s, option, value!);
          if (s.n === 0 && neg) return fatal("invalid --threshold argument '-0'");
          threshold = neg ? -s.n : s.n;
          break;
        }
        case 'x': oneFs = true; break;
        case 'B': {
          const u = blockUnits(value!);
          if (typeof u === 'string') return sizeError(u, option, value!);
          units = u;
          break;
        }
        case 'H': case 'D': follow = 'D'; break;
        case 'L': follow = 'L'; break;
        case 'P': follow = 'P'; break;
        case 'S': separate = true; break;
        case 'X': {
          const text = ctx.fs.readFile(ctx.fs.resolve(ctx.cwd, value!));
          if (text === undefined) { ctx.stderr.write(`du: ${quotef(value!)}: No such file or directory\n`); ok = false; break; }
          for (const line of text.split('\n')) if (line) addPattern(line);
          break;
        }
        case 'files0': files0 = value; break;
        case 'exclude': addPattern(value!); break;
        case 'inodes': inodes = true; break;
        case 'time': {
          const word = value === undefined ? 'mtime' : argmatch(value, TIME_WORDS);
          if (!word) return badArgument(ctx, value!, '--time', [['atime', 'access', 'use'], ['ctime', 'status']]);
          timeWord = word;
          break;
        }
        case 'time-style': timeStyle = value; break;
        case 'help': ctx.stdout.write(DU_HELP); return 0;
        case 'version': ctx.stdout.write(DU_VERSION); return 0;
      }
    }
    if (!ok) { ctx.stderr.write(TRY); return 1; }
    if (all && summarize) { ctx.stderr.write(`du: cannot both summarize and show all entries\n${TRY}`); return 1; }
    if (summarize && depthGiven && maxDepth === 0) ctx.stderr.write('du: warning: summarizing is the same as using --max-depth=0\n');
    if (summarize && depthGiven && maxDepth !== 0) { ctx.stderr.write(`du: warning: summarizing conflicts with --max-depth=${maxDepth}\n${TRY}`); return 1; }
    if (summarize) maxDepth = 0;
    if (inodes && apparent) ctx.stderr.write('du: warning: options --apparent-size and -b are ineffective with --inodes\n');
    if (inodes) units = { ...units, block: 1, si: units.autoscale && units.si };
    let timeFormat = '';
    if (timeWord) {
      const style = timeStyle ?? 'long-iso';
      if (style.startsWith('+')) timeFormat = style.slice(1).split('\n')[0];
      else {
        const f = argmatch(style.replace(/^(posix-)+/, ''), TIME_STYLES);
        if (!f) return badArgument(ctx, style, 'time style', [['full-iso'], ['long-iso'], ['iso']]);
        timeFormat = f;
      }
    }

    let operands = r.operands;
    if (files0 !== undefined) {
      if (operands.length) {
        ctx.stderr.write(`du: extra operand ${quoteAlways(operands[0])}\nfile operands cannot be combined with --files0-from\n${TRY}`);
        return 1;
      }
      const read = await readInputs(ctx, 'du', [files0]);
      if (!read.ok) return 1;
      operands = read.texts[0].text.split('\0');
      if (operands[operands.length - 1] === '') operands.pop();
    } else if (operands.length === 0) operands = ['.'];

    // Several operands, or -L: every file and folder is counted once, so what two of them share is not counted twice.
    const hashAll = operands.length > 1 || follow === 'L';
    const seen = new Set<string>();
    const end = nul ? '\0' : '\n';
    let status = 0;
    let visits = 0;
    const grand: Sum = { size: 0, inodes: 0, tmax: -Infinity };
    const show = (s: Sum, name: string) => {
      const amount = inodes ? s.inodes : s.size;
      const time = timeWord ? `\t${formatDate(s.tmax, timeFormat)}` : '';
      ctx.stdout.write(`${formatSize(amount, units)}${time}\t${name}${end}`);
    };
    const excluded = (path: string) => excludes.some((re) => {
      // exclude.c without EXCLUDE_ANCHORED: the whole name, or what follows any of its slashes.
      if (re.test(path)) return true;
      for (let i = path.indexOf('/'); i >= 0; i = path.indexOf('/', i + 1)) if (re.test(path.slice(i + 1))) return true;
      return false;
    });
    const timeOf = (i: Inode) => (timeWord === 'atime' ? i.atimeMs : timeWord === 'ctime' ? i.ctimeMs : i.mtimeMs);

    /** One entry and what it holds: its sums for its folder (undefined when not counted); prints as fts visits it. */
    const visit = async (path: string, abs: string, level: number, rootDev: string): Promise<{ whole: Sum; isDir: boolean } | undefined> => {
      if (++visits % VISITS_PER_TURN === 0) await ctx.cooperate?.();
      if (ctx.signal.aborted) return undefined;
      if (excluded(path)) return undefined;
      const deref = follow === 'L' || (follow === 'D' && level === 0);
      let inode = inodeOrError(ctx.fs, abs, deref);
      // A link -L cannot follow is fts's FTS_SLNONE: cannot access; a dangling link without -L is the link.
      if (inode instanceof FsError) {
        ctx.stderr.write(`du: cannot access ${quoteAlways(path)}: ${fsErrorText(inode)}\n`);
        status = 1;
        return undefined;
      }
      if (oneFs && level > 0 && inode.dev.join(':') !== rootDev) return undefined;
      const key = `${inode.dev.join(':')}/${inode.ino}`;
      if (!countLinks && (hashAll || (inode.type !== 'dir' && inode.nlink > 1))) {
        if (seen.has(key)) return undefined;
        seen.add(key);
      }
      const own = apparent ? (inode.type === 'file' || inode.type === 'link' ? inode.size : 0) : inode.blocks * 512;
      const self: Sum = { size: own, inodes: 1, tmax: timeOf(inode) };
      const isDir = inode.type === 'dir';
      const shown: Sum = { ...self };
      const whole: Sum = { ...self };
      const add = (to: Sum, s: Sum) => { to.size += s.size; to.inodes += s.inodes; to.tmax = Math.max(to.tmax, s.tmax); };
      if (isDir) {
        let names: string[] = [];
        let unreadable: unknown;
        try {
          names = ctx.fs.readDir(abs) ?? [];
        } catch (e) {
          unreadable = e;
        }
        const base = path.replace(/\/+$/, '');
        for (const n of names) {
          const child = await visit(`${base}/${n}`, `${abs === '/' ? '' : abs}/${n}`, level + 1, rootDev);
          if (!child) continue;
          add(whole, child.whole);
          // -S: a folder's own line leaves out its subfolders (their lines have them).
          if (!(separate && child.isDir)) add(shown, child.whole);
        }
        if (unreadable !== undefined) {
          // fts's FTS_DNR: the folder's own size still counts.
          ctx.stderr.write(`du: cannot read directory ${quoteAlways(path)}: ${fsErrorText(unreadable)}\n`);
          status = 1;
        }
      }
      add(grand, self);
      const printed = separate ? shown : whole;
      if ((isDir && level <= maxDepth) || (all && level <= maxDepth) || level === 0) {
        const v = inodes ? printed.inodes : printed.size;
        if (threshold < 0 ? v <= -threshold : v >= threshold) show(printed, path);
      }
      return { whole, isDir };
    };

    for (const operand of operands) {
      if (ctx.signal.aborted) break;
      if (operand === '') {
        ctx.stderr.write(files0 === undefined ? 'du: invalid zero-length file name\n' : `du: ${quotef(files0)}:${operands.indexOf(operand) + 1}: invalid zero-length file name\n`);
        status = 1;
        continue;
      }
      const abs = ctx.fs.resolve(ctx.cwd, operand);
      const root = inodeOrError(ctx.fs, abs, follow !== 'P');
      const rootDev = root instanceof FsError ? '' : root.dev.join(':');
      // fts keeps one of an operand's trailing slashes.
      await visit(operand.replace(/\/{2,}$/, '/'), abs, 0, rootDev);
    }
    if (total) show({ ...grand, tmax: Math.max(0, grand.tmax) }, 'total');
    return ctx.signal.aborted ? 130 : status;
  },
};
