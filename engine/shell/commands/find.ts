/**
 * find as GNU findutils 4.9.0 has it (find/parser.c, tree.c, pred.c, print.c, ftsfind.c; lib/listfile.c for -ls),
 * on the node's files as the user sees them (vfs.ts, inode.ts).
 *
 * The expression is built as find builds it: a list of predicates with `-a` put between two that touch, the whole
 * wrapped in `( … ) -print` unless it has an action, then the precedence climb of tree.c's get_expr/scan_rest, whose
 * errors are find's own. A folder's entries are visited in the vfs's order, by name (on a real disk fts reads them
 * in the order readdir gives, which on ext4 is the hash order of the names).
 *
 * Tests: -name -iname -path -ipath -wholename -iwholename -regex -iregex (-regextype emacs, the default, posix-basic,
 * grep, sed, posix-extended, egrep, posix-egrep; others are taken as posix-extended) -lname -ilname -type -xtype
 * -user -group -uid -gid -nouser -nogroup -perm -size -empty -newer -anewer -cnewer -mtime -atime -ctime -mmin -amin
 * -cmin -inum -links -readable -writable -executable -true -false. Actions: -print -print0 -printf -ls -delete -exec
 * -execdir -ok -okdir -quit -prune. Options: -maxdepth -mindepth -depth -d -daystart -follow -xdev -mount -noleaf
 * -ignore_readdir_race -noignore_readdir_race -warn -nowarn, and -H -L -P before the starting points. Not here:
 * -fprint and the other -f… actions, -samefile, -newerXY, -used, -context, -files0-from, -D and -O.
 */
import type { CommandSpec, ProcessContext } from '../process.js';
import { FsError } from '../vfs.js';
import { patternToRegExp } from '../glob.js';
import { yesno, stdinIsTerminal } from './answer.js';
import { ereToJs, breToJs } from './grep.js';
import { applyMode, GROUPS as GROUP_IDS, USERS as USER_IDS } from './perms.js';
import { cConvert, inodeOrError, modeString, nanos, type Inode } from './inode.js';
import { fsErrorText } from './util.js';
import { MONTHS, WEEKDAYS } from '../../util/time.js';

/** quotearg's locale style in a UTF-8 locale: ‘name’. */
const lq = (s: string) => `‘${s}’`;

class FindError extends Error {}

/** Thrown by -quit through the expression's evaluation. */
const QUIT = Symbol('quit');

const DAY = 86_400_000;

/** Precedences (tree.c). */
const NO_PREC = 0;
const COMMA_PREC = 1;
const OR_PREC = 2;
const AND_PREC = 3;
const NEGATE_PREC = 4;

type Kind = 'primary' | 'uni' | 'bi' | 'open' | 'close';

interface Visit {
  /** The name as find prints it (the starting point as typed, then `/` and each entry). */
  path: string;
  abs: string;
  depth: number;
  /** The starting point it was found under (%H, %P). */
  start: string;
  /** What lstat, or with -L stat, tells. */
  inode: Inode;
  /** Set by -prune: the folder is not entered. */
  prune?: boolean;
}

interface Pred {
  kind: Kind;
  name: string;
  prec: number;
  artificial?: boolean;
  /** An action that prints or runs something: no default -print (parser.c's no_default_print). */
  acts?: boolean;
  eval?: (v: Visit) => boolean | Promise<boolean>;
  op?: 'and' | 'or' | 'comma' | 'not';
  left?: Pred;
  right?: Pred;
}

/** The state of one run of find. */
interface Run {
  ctx: ProcessContext;
  follow: 'P' | 'L' | 'H';
  maxdepth: number;
  mindepth: number;
  depthFirst: boolean;
  daystart: boolean;
  warnings: boolean;
  regextype: string;
  status: number;
  quit: boolean;
  /** The instant find started (options.start_time) and cur_day_start. */
  now: number;
  /** -exec … {} + batches, run at the end. */
  batches: { argv: string[]; paths: string[]; dir?: string }[];
  /** -ls's column widths, which only grow (listfile.c). */
  widths: { ino: number; blocks: number; nlink: number; owner: number; group: number; size: number };
  out: string[];
  ask?: (q: string) => Promise<boolean>;
}

/** Primaries that take no argument, by what they test. */
type Test = (run: Run, v: Visit) => boolean;

/** The type letter -type and %y use. */
const typeLetter = (i: Inode) => ({ file: 'f', dir: 'd', link: 'l', chr: 'c' })[i.type];

/** gnulib's base_name for %f: the last component, trailing slashes kept; `/` itself. */
function baseName(p: string): string {
  const trimmed = p.replace(/\/+$/, '');
  if (trimmed === '') return p.startsWith('/') ? '/' : p;
  return p.slice(trimmed.lastIndexOf('/') + 1);
}

/** The last component without trailing slashes, what -name matches (pred_name's base_name of a stripped copy). */
function nameOf(p: string): string {
  const trimmed = p.replace(/\/+$/, '');
  if (trimmed === '') return '/';
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

/** %h (print.c): the folders part, with find's quirk that `a/` gives `a`. */
function dirPart(p: string): string {
  let end = p.length - 1;
  while (end >= 0 && p[end] === '/') end--;
  const s = end > 0 && end < p.length - 1 ? p.slice(0, end + 1) : p;
  const i = s.lastIndexOf('/');
  return i < 0 ? '.' : s.slice(0, i);
}

/** Emacs regular expressions (RE_SYNTAX_EMACS, find's default) as POSIX extended ones: `\( \) \|` group, `( ) | { }` are plain. */
function emacsToEre(p: string): string {
  let out = '';
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '\\' && i + 1 < p.length) {
      const n = p[++i];
      out += '()|'.includes(n) ? n : `\\${n}`;
    } else if (c === '[') {
      const end = p.indexOf(']', i + (p[i + 1] === '^' ? 3 : 2));
      if (end < 0) { out += '\\['; continue; }
      out += p.slice(i, end + 1);
      i = end;
    } else out += '(){}|'.includes(c) ? `\\${c}` : c;
  }
  return out;
}

/** What GNU regcomp says of an emacs-syntax pattern it refuses (the common cases), or undefined. */
function emacsError(p: string): string | undefined {
  let open = 0;
  let closed = 0;
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '[') {
      if (i === p.length - 1) return 'Invalid regular expression';
      const end = p.indexOf(']', i + (p[i + 1] === '^' ? 3 : 2));
      if (end < 0) return 'Unmatched [, [^, [:, [., or [=';
      i = end;
    } else if (c === '\\') {
      const n = p[++i];
      if (n === undefined) return 'Trailing backslash';
      if (n === '(') open++;
      else if (n === ')') {
        if (!open) return 'Unmatched ) or \\)';
        open--;
        closed++;
      } else if (/[1-9]/.test(n) && Number(n) > closed) return 'Invalid back reference';
    }
  }
  return open ? 'Unmatched ( or \\(' : undefined;
}

function compileRegex(run: Run, pattern: string, flags: string): RegExp {
  const t = run.regextype;
  const refused = t === 'emacs' || t === 'findutils-default' ? emacsError(pattern) : undefined;
  if (refused) throw new FindError(`failed to compile regular expression '${pattern}': ${refused}`);
  const src = t === 'emacs' || t === 'findutils-default' ? ereToJs(emacsToEre(pattern))
    : ['posix-basic', 'grep', 'sed', 'ed', 'posix-minimal-basic'].includes(t) ? breToJs(pattern) : ereToJs(pattern);
  try {
    return new RegExp(`^(?:${src})$`, `s${flags}`);
  } catch {
    throw new FindError(`failed to compile regular expression '${pattern}': Invalid regular expression`);
  }
}

const REGEX_TYPES = ['findutils-default', 'ed', 'emacs', 'gnu-awk', 'grep', 'posix-awk', 'awk', 'posix-basic', 'posix-egrep', 'egrep', 'posix-extended', 'posix-minimal-basic', 'sed'];

/** get_num: `[+-]N` as a comparison; undefined when not a decimal number. */
function comparison(arg: string): { cmp: '+' | '-' | '='; n: number } | undefined {
  const m = /^([+-]?)(\d+)$/.exec(arg);
  if (!m) return undefined;
  return { cmp: (m[1] || '=') as '+' | '-' | '=', n: Number(m[2]) };
}

const compare = (c: { cmp: string; n: number }, v: number) => (c.cmp === '+' ? v > c.n : c.cmp === '-' ? v < c.n : v === c.n);

/** -size's units (parse_size). */
const SIZE_UNITS: Record<string, number> = { b: 512, c: 1, w: 2, k: 1024, M: 1024 ** 2, G: 1024 ** 3 };

/** parse_time and do_parse_xmin: which of the file's times is before or after the reference, or within the window. */
function timeTest(run: Run, arg: string, unitMs: number, minutes: boolean): ((t: number) => boolean) | undefined {
  const m = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)$/.exec(arg);
  if (!m) return undefined;
  const offset = Number(m[2]) * unitMs;
  const sign = m[1];
  // cur_day_start: a day before the start, or with -daystart tomorrow's midnight less a day (today's midnight).
  let origin = run.daystart ? Math.floor(run.now / DAY) * DAY : run.now - DAY;
  if (minutes) origin += DAY;
  else if (sign === '-') origin += DAY - 1000;
  const ref = origin - offset;
  if (sign === '+') return (t) => t < ref;
  if (sign === '-') return (t) => t > ref;
  const window = minutes ? 60_000 : DAY;
  return (t) => t - ref > 0 && t - ref <= window;
}

/** The -perm MODE test: exact, all of (-MODE) or any of (/MODE) the bits. */
function permTest(arg: string): ((perm: number) => boolean) | undefined {
  const kind = arg[0] === '-' || arg[0] === '/' ? arg[0] : '';
  const spec = kind ? arg.slice(1) : arg;
  if (spec === '' || (/^\d+$/.test(spec) && !/^[0-7]+$/.test(spec))) return undefined;
  const mode = applyMode(spec, 0, false, 0);
  if (mode === undefined || /^\+/.test(arg)) return undefined;
  if (kind === '-') return (p) => (p & mode) === mode;
  if (kind === '/') return (p) => mode === 0 || (p & mode) !== 0;
  return (p) => (p & 0o7777) === mode;
}

/** The ctime(3)-like text %t, %a and %c print, with find's ten digits of fraction. */
function ctimeText(ms: number): string {
  const d = new Date(ms);
  const p2 = (n: number) => String(n).padStart(2, '0');
  return `${WEEKDAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${p2(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}.${nanos(ms)}0 ${d.getUTCFullYear()}`;
}

const FULL_DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const FULL_MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** %Tk and friends: strftime's letter k of a time (UTC), seconds with find's fraction where find adds it (S, T, X, +, @). */
function timePart(ms: number, k: string): string {
  const d = new Date(ms);
  const p2 = (n: number) => String(n).padStart(2, '0');
  const frac = `.${nanos(ms)}0`;
  const [Y, mo, day, H, M, S] = [d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()];
  const hms = `${p2(H)}:${p2(M)}:${p2(S)}`;
  const yday = Math.floor((Date.UTC(Y, mo, day) - Date.UTC(Y, 0, 1)) / DAY) + 1;
  switch (k) {
    case '@': return `${Math.floor(ms / 1000)}${frac}`;
    case 'Y': return String(Y);
    case 'y': return p2(Y % 100);
    case 'm': return p2(mo + 1);
    case 'd': return p2(day);
    case 'e': return String(day).padStart(2);
    case 'H': return p2(H);
    case 'k': return String(H).padStart(2);
    case 'I': return p2(H % 12 || 12);
    case 'l': return String(H % 12 || 12).padStart(2);
    case 'M': return p2(M);
    case 'S': return p2(S) + frac;
    case 'p': return H < 12 ? 'AM' : 'PM';
    case 'r': return `${p2(H % 12 || 12)}:${p2(M)}:${p2(S)} ${H < 12 ? 'AM' : 'PM'}`;
    case 'T': case 'X': return hms + frac;
    case '+': return `${Y}-${p2(mo + 1)}-${p2(day)}+${hms}${frac}`;
    case 'D': case 'x': return `${p2(mo + 1)}/${p2(day)}/${p2(Y % 100)}`;
    case 'F': return `${Y}-${p2(mo + 1)}-${p2(day)}`;
    case 'a': return WEEKDAYS[d.getUTCDay()];
    case 'A': return FULL_DAYS[d.getUTCDay()];
    case 'b': case 'h': return MONTHS[mo];
    case 'B': return FULL_MONTHS[mo];
    case 'c': return `${WEEKDAYS[d.getUTCDay()]} ${MONTHS[mo]} ${String(day).padStart(2)} ${hms} ${Y}`;
    case 'j': return String(yday).padStart(3, '0');
    case 'Z': return 'UTC';
    case 'z': return '+0000';
    case 's': return String(Math.floor(ms / 1000));
    default: return `%${k}`;
  }
}

/** A -printf format, checked when parsed (its warnings), run for each file. */
function compilePrintf(fmt: string, warn: (m: string) => void): (run: Run, v: Visit) => string {
  type Piece = string | { flags: string; width: number; prec?: number; letter: string; k?: string };
  const pieces: Piece[] = [];
  let text = '';
  let stop = false;
  for (let i = 0; i < fmt.length && !stop; i++) {
    const c = fmt[i];
    if (c === '\\') {
      const n = fmt[i + 1];
      const oct = /^[0-7]{1,3}/.exec(fmt.slice(i + 1));
      if (oct) {
        text += String.fromCharCode(parseInt(oct[0], 8) & 0xff);
        i += oct[0].length;
        continue;
      }
      i++;
      const known: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\' };
      if (n === 'c') { stop = true; break; }
      if (n === undefined) {
        warn("warning: escape `\\' followed by nothing at all");
        text += '\\';
        break;
      }
      if (n in known) text += known[n];
      else {
        warn(`warning: unrecognized escape \`\\${n}'`);
        text += `\\${n}`;
      }
      continue;
    }
    if (c !== '%') { text += c; continue; }
    if (fmt[i + 1] === '%') { text += '%'; i++; continue; }
    const m = /^%([-+ #0]*)(\d*)(?:\.(\d*))?/.exec(fmt.slice(i))!;
    const letter = fmt[i + m[0].length];
    if (letter === undefined) throw new FindError('error: % at end of format string');
    let k: string | undefined;
    let len = m[0].length + 1;
    if ('ABCT'.includes(letter)) {
      k = fmt[i + len];
      if (k === undefined) {
        warn(`warning: format directive \`%${letter}' should be followed by another character`);
        text += `%${letter}`;
        break;
      }
      len++;
    } else if (!'abcdDfFgGhHiklmMnpPsStuUyYZ'.includes(letter)) {
      warn(`warning: unrecognized format directive \`%${letter}'`);
      text += `%${letter}`;
      i += m[0].length;
      continue;
    }
    if (text) pieces.push(text);
    text = '';
    pieces.push({ flags: m[1], width: Number(m[2] || 0), prec: m[3] === undefined ? undefined : Number(m[3] || 0), letter, k });
    i += len - 1;
  }
  if (text) pieces.push(text);
  return (run, v) => pieces.map((p) => (typeof p === 'string' ? p : directive(run, v, p.flags, p.width, p.prec, p.letter, p.k))).join('');
}

/** One -printf directive of a file. */
function directive(run: Run, v: Visit, flags: string, width: number, prec: number | undefined, letter: string, k?: string): string {
  const i = v.inode;
  const s = (x: string) => cConvert(flags.replace(/[+ #0]/g, ''), width, prec, 's', x);
  const n = (x: number) => cConvert(flags, width, prec, 'd', x);
  const rel = v.path.slice(v.start.length).replace(/^\/+/, '');
  switch (letter) {
    case 'p': return s(v.path);
    case 'f': return s(baseName(v.path));
    case 'h': return s(dirPart(v.path));
    case 'P': return s(rel);
    case 'H': return s(v.start);
    case 'd': return n(v.depth);
    case 's': return s(String(i.size));
    case 'k': return s(String(Math.ceil(i.blocks / 2)));
    case 'b': return s(String(i.blocks));
    case 'i': return s(String(i.ino));
    case 'n': return s(String(i.nlink));
    case 'D': return s(String((i.dev[0] << 8) | i.dev[1]));
    case 'F': return s(i.dev[0] === 8 ? 'ext4' : i.dev[1] === 5 ? 'devtmpfs' : 'tmpfs');
    case 'm': return cConvert(flags.replace(/[+ ]/g, ''), width, prec, 'o', i.perm);
    case 'M': return s(modeString(i));
    case 'u': return s(i.user);
    case 'U': return s(String(i.uid));
    case 'g': return s(i.group);
    case 'G': return s(String(i.gid));
    case 'l': return s(i.type === 'link' ? i.target ?? '' : '');
    case 'y': return s(typeLetter(i));
    case 'Y': {
      if (i.type !== 'link') return s(typeLetter(i));
      const to = inodeOrError(run.ctx.fs, v.abs, true);
      return s(to instanceof FsError ? (to.code === 'ELOOP' ? 'L' : 'N') : typeLetter(to));
    }
    case 'S': return s(i.blocks === 0 || i.size === 0 ? (i.size === 0 ? '1' : '0') : String((i.blocks * 512) / i.size));
    case 'Z': return s('');
    case 't': return s(ctimeText(i.mtimeMs));
    case 'a': return s(ctimeText(i.atimeMs));
    case 'c': return s(ctimeText(i.ctimeMs));
    case 'T': return s(timePart(i.mtimeMs, k!));
    case 'A': return s(timePart(i.atimeMs, k!));
    case 'C': return s(timePart(i.ctimeMs, k!));
    case 'B': return s(timePart(i.btimeMs ?? 0, k!));
    default: return '';
  }
}

/** print_name_with_quoting (listfile.c): -ls's names with `\ `, `\\` and octal escapes. */
const lsName = (p: string) => p.replace(/[\\\n\b\r\t\f "]|[^\x21-\x7e]/g, (c) => ({ '\\': '\\\\', '\n': '\\n', '\b': '\\b', '\r': '\\r', '\t': '\\t', '\f': '\\f', ' ': '\\ ', '"': '\\"' })[c] ?? `\\${c.charCodeAt(0).toString(8).padStart(3, '0')}`);

/** list_file: -ls's line, its columns as wide as the widest so far. */
function lsLine(run: Run, v: Visit): string {
  const i = v.inode;
  const w = run.widths;
  const col = (key: keyof Run['widths'], text: string, left = false) => {
    w[key] = Math.max(w[key], text.length);
    return left ? text.padEnd(w[key]) : text.padStart(w[key]);
  };
  const d = new Date(i.mtimeMs);
  const recent = run.now - 180 * DAY <= i.mtimeMs && i.mtimeMs <= run.now + 3_600_000;
  const p2 = (x: number) => String(x).padStart(2, '0');
  const when = `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2)} ${recent ? `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}` : ` ${d.getUTCFullYear()}`}`;
  const size = i.type === 'chr' ? `${String(i.rdev[0]).padStart(3)}, ${String(i.rdev[1]).padStart(3)}` : col('size', String(i.size));
  return `${col('ino', String(i.ino))} ${col('blocks', String(Math.ceil(i.blocks / 2)))} ${modeString(i)} ${col('nlink', String(i.nlink))} ${col('owner', i.user, true)} ${col('group', i.group, true)} ${size} ${when} ${lsName(v.path)}${i.type === 'link' ? ` -> ${lsName(i.target ?? '')}` : ''}\n`;
}

/** -exec/-ok's command line for one file: every `{}` in an argument is the name. */
const substitute = (argv: string[], name: string) => argv.map((a) => a.split('{}').join(name));

/** Where -execdir runs and the name it gives (`./entry`, or the starting point `/` itself). */
function execdirOf(run: Run, v: Visit): { dir: string; name: string } {
  const base = nameOf(v.path);
  if (v.abs === '/') return { dir: '/', name: '/' };
  return { dir: run.ctx.fs.resolve(v.abs, '..'), name: `./${base}` };
}

/**
 * Runs a command for -exec and -ok. find execs it itself, so a command that cannot start is find's error with
 * execvp's errno (`find: ‘nosuchcmd’: No such file or directory`), not the shell's line.
 */
async function runCommand(run: Run, argv: string[], cwd?: string): Promise<number> {
  const ctx = run.ctx;
  flush(run);
  if (!ctx.run) return 127;
  const prefix = `bash: ${argv[0]}: `;
  const stderr = {
    write: (t: string) => {
      const why = t.startsWith(prefix) && t.endsWith('\n') ? t.slice(prefix.length, -1) : undefined;
      if (why === 'command not found' || why === 'Permission denied' || why === 'No such file or directory') ctx.stderr.write(`find: ${lq(argv[0])}: ${why === 'command not found' ? 'No such file or directory' : why}\n`);
      else ctx.stderr.write(t);
    },
  };
  return ctx.run(argv, { stdout: ctx.stdout, stderr, ...(cwd ? { cwd } : {}) });
}

function flush(run: Run): void {
  if (run.out.length) run.ctx.stdout.write(run.out.join(''));
  run.out.length = 0;
}

const OPTIONS = new Set(['-maxdepth', '-mindepth', '-depth', '-d', '-xdev', '-mount', '-noleaf', '-ignore_readdir_race', '-noignore_readdir_race', '-regextype', '-follow']);
const POSITIONAL = new Set(['-daystart', '-warn', '-nowarn']);
const NO_ARG_TESTS: Record<string, Test> = {
  '-true': () => true,
  '-false': () => false,
  '-nouser': (_r, v) => !Object.prototype.hasOwnProperty.call(USER_IDS, v.inode.user),
  '-nogroup': (_r, v) => !Object.prototype.hasOwnProperty.call(GROUP_IDS, v.inode.group),
  '-readable': (r, v) => r.ctx.fs.access?.(v.abs, 4) ?? true,
  '-writable': (r, v) => r.ctx.fs.access?.(v.abs, 2) ?? true,
  '-executable': (r, v) => r.ctx.fs.access?.(v.abs, 1) ?? true,
  '-empty': (r, v) => {
    if (v.inode.type !== 'dir') return v.inode.type === 'file' && v.inode.size === 0;
    try {
      return (r.ctx.fs.readDir(v.abs) ?? []).length === 0;
    } catch (e) {
      r.ctx.stderr.write(`find: cannot search ${lq(v.path)}: ${fsErrorText(e)}\n`);
      r.status = 1;
      return false;
    }
  },
};
/** Actions that print or run: an expression with one has no default -print. */
const ACTIONS = new Set(['-print', '-print0', '-printf', '-ls', '-delete', '-exec', '-execdir', '-ok', '-okdir']);
const WITH_ARG = new Set(['-name', '-iname', '-path', '-ipath', '-wholename', '-iwholename', '-regex', '-iregex', '-lname', '-ilname', '-type', '-xtype', '-user', '-group', '-uid', '-gid', '-perm', '-size', '-newer', '-anewer', '-cnewer', '-mtime', '-atime', '-ctime', '-mmin', '-amin', '-cmin', '-inum', '-links', '-printf', '-maxdepth', '-mindepth', '-regextype']);
const KNOWN = new Set([...OPTIONS, ...POSITIONAL, ...Object.keys(NO_ARG_TESTS), ...ACTIONS, ...WITH_ARG, '-quit', '-prune', '(', ')', '!', '-not', '-a', '-and', '-o', '-or', ',']);

/** looks_like_expression (util.c). */
function looksLikeExpression(arg: string, leading: boolean): boolean {
  if (arg[0] === '-') return arg.length > 1;
  if (arg === ')' || arg === ',') return !leading;
  return arg === '!' || arg === '(';
}

/** Parses the expression (argv from its first predicate) into find's predicate list; throws FindError. */
function parsePredicates(run: Run, args: string[]): Pred[] {
  const preds: Pred[] = [];
  let firstNonOption: string | undefined;
  const warn = (m: string) => run.ctx.stderr.write(`find: ${m}\n`);
  /** get_new_pred_chk_op: an implicit -a after a primary or `)`. */
  const add = (p: Pred) => {
    const last = preds[preds.length - 1];
    if (p.kind !== 'bi' && p.kind !== 'close' && last && (last.kind === 'primary' || last.kind === 'close')) preds.push({ kind: 'bi', op: 'and', name: '-a', prec: AND_PREC });
    preds.push(p);
  };
  const primary = (name: string, evalFn: (v: Visit) => boolean | Promise<boolean>, acts = false) => add({ kind: 'primary', name, prec: NO_PREC, eval: evalFn, acts });
  for (let i = 0; i < args.length;) {
    const name = args[i];
    if (!looksLikeExpression(name, false)) {
      let text = `paths must precede expression: \`${name}'`;
      if (run.ctx.fs.stat(run.ctx.fs.resolve(run.ctx.cwd, name))) text += `\nfind: possible unquoted pattern after predicate \`${preds[preds.length - 1]?.name ?? '('}'?`;
      throw new FindError(text);
    }
    if (!KNOWN.has(name)) throw new FindError(`unknown predicate \`${name}'`);
    i++;
    if (OPTIONS.has(name)) {
      if (firstNonOption !== undefined && run.warnings) warn(`warning: you have specified the global option ${name} after the argument ${firstNonOption}, but global options are not positional, i.e., ${name} affects tests specified before it as well as those specified after it.  Please specify global options before other arguments.`);
    } else if (!POSITIONAL.has(name)) firstNonOption ??= name;
    const needs = WITH_ARG.has(name) ? 1 : 0;
    const arg = args[i];
    if (needs && arg === undefined) throw new FindError(`missing argument to \`${name}'`);
    i += needs;
    const invalid = () => new FindError(`invalid argument \`${arg}' to \`${name}'`);
    switch (name) {
      case '-maxdepth': case '-mindepth': {
        if (!/^\d+$/.test(arg)) throw new FindError(`Expected a positive decimal integer argument to ${name}, but got ${lq(arg)}`);
        if (name === '-maxdepth') run.maxdepth = Number(arg);
        else run.mindepth = Number(arg);
        break;
      }
      case '-d':
        if (run.warnings) warn('warning: the -d option is deprecated; please use -depth instead, because the latter is a POSIX-compliant feature.');
        run.depthFirst = true;
        break;
      case '-depth': run.depthFirst = true; break;
      case '-follow': run.follow = 'L'; break;
      case '-daystart': run.daystart = true; break;
      case '-warn': run.warnings = true; break;
      case '-nowarn': run.warnings = false; break;
      case '-regextype':
        if (!REGEX_TYPES.includes(arg)) throw new FindError(`Unknown regular expression type ${lq(arg)}; valid types are ${REGEX_TYPES.map(lq).join(', ')}.`);
        run.regextype = arg;
        break;
      case '-xdev': case '-mount': case '-noleaf': case '-ignore_readdir_race': case '-noignore_readdir_race': break;
      case '(': add({ kind: 'open', name, prec: NO_PREC }); break;
      case ')': add({ kind: 'close', name, prec: NO_PREC }); break;
      case '!': case '-not': add({ kind: 'uni', op: 'not', name, prec: NEGATE_PREC }); break;
      case '-a': case '-and': add({ kind: 'bi', op: 'and', name, prec: AND_PREC }); break;
      case '-o': case '-or': add({ kind: 'bi', op: 'or', name, prec: OR_PREC }); break;
      case ',': add({ kind: 'bi', op: 'comma', name, prec: COMMA_PREC }); break;
      case '-name': case '-iname': case '-lname': case '-ilname': {
        if (name.endsWith('name') && !name.includes('l') && arg.includes('/') && run.warnings && arg !== '/') {
          warn(`warning: ${lq(name)} matches against basenames only, but the given pattern contains a directory separator (${lq('/')}), thus the expression will evaluate to false all the time.  Did you mean ${lq('-wholename')}?`);
        }
        const re = patternToRegExp(arg, false, 'full');
        const re2 = name.includes('i') ? new RegExp(re.source, 'i') : re;
        if (name.includes('l')) primary(name, (v) => v.inode.type === 'link' && re2.test(v.inode.target ?? ''));
        else primary(name, (v) => re2.test(nameOf(v.path)));
        break;
      }
      case '-path': case '-ipath': case '-wholename': case '-iwholename': {
        const re = patternToRegExp(arg, false, 'full');
        const re2 = name.startsWith('-i') ? new RegExp(re.source, 'i') : re;
        primary(name, (v) => re2.test(v.path));
        break;
      }
      case '-regex': case '-iregex': {
        const re = compileRegex(run, arg, name === '-iregex' ? 'i' : '');
        primary(name, (v) => re.test(v.path));
        break;
      }
      case '-type': case '-xtype': {
        const letters = new Set<string>();
        for (let k = 0; k < arg.length; k++) {
          const c = arg[k];
          if (!'bcdpflsD'.includes(c) || c === ',') throw new FindError(`Unknown argument to ${name}: ${c}`);
          if (c === 'D') throw new FindError(`${name} ${c} is not supported because Solaris doors are not supported on the platform find was compiled on.`);
          if (letters.has(c)) throw new FindError(`Duplicate file type '${c}' in the argument list to ${name}.`);
          letters.add(c);
          if (k + 1 < arg.length) {
            if (arg[k + 1] !== ',') throw new FindError(`Must separate multiple arguments to ${name} using: ','`);
            if (k + 2 >= arg.length) throw new FindError(`Last file type in list argument to ${name} is missing, i.e., list is ending on: ','`);
            k++;
          }
        }
        if (arg === '') throw new FindError(`Arguments to ${name} should contain at least one letter`);
        // -type looks at what -L/-H follow; -xtype at the other one (the link itself under -L, what it names otherwise).
        primary(name, (v) => {
          let i = v.inode;
          const other = name === '-xtype' && (i.type === 'link' || run.follow === 'L');
          if (other) {
            const o = inodeOrError(run.ctx.fs, v.abs, run.follow !== 'L');
            if (!(o instanceof FsError)) i = o;
          }
          return letters.has(typeLetter(i));
        });
        break;
      }
      case '-user': case '-group': {
        const table = name === '-user' ? USER_IDS : GROUP_IDS;
        if (arg === '') throw new FindError(name === '-user' ? 'The argument to -user should not be empty' : 'argument to -group is empty, but should be a group name');
        const id = Object.prototype.hasOwnProperty.call(table, arg) ? table[arg] : /^\d+$/.test(arg) ? Number(arg) : undefined;
        if (id === undefined) throw new FindError(name === '-user' ? `${lq(arg)} is not the name of a known user` : `${lq(arg)} is not the name of an existing group`);
        primary(name, (v) => (name === '-user' ? v.inode.uid : v.inode.gid) === id);
        break;
      }
      case '-uid': case '-gid': case '-inum': case '-links': {
        const c = comparison(arg);
        if (!c) throw invalid();
        primary(name, (v) => compare(c, name === '-uid' ? v.inode.uid : name === '-gid' ? v.inode.gid : name === '-inum' ? v.inode.ino : v.inode.nlink));
        break;
      }
      case '-perm': {
        const test = permTest(arg);
        if (!test) throw new FindError(`invalid mode ${lq(arg)}`);
        primary(name, (v) => test(v.inode.perm));
        break;
      }
      case '-size': {
        if (arg === '') throw new FindError('invalid null argument to -size');
        let num = arg;
        let unit = 512;
        const last = arg[arg.length - 1];
        if (last in SIZE_UNITS) {
          unit = SIZE_UNITS[last];
          num = arg.slice(0, -1);
        } else if (!/\d/.test(last)) throw new FindError(`invalid -size type \`${last}'`);
        const c = comparison(num);
        if (!c) throw new FindError(`Invalid argument \`${arg}' to -size`);
        primary(name, (v) => compare(c, Math.ceil(v.inode.size / unit)));
        break;
      }
      case '-newer': case '-anewer': case '-cnewer': {
        const ref = arg === '' ? new FsError('ENOENT', arg) : inodeOrError(run.ctx.fs, run.ctx.fs.resolve(run.ctx.cwd, arg), run.follow !== 'P');
        if (ref instanceof FsError) throw new FindError(`${lq(arg)}: ${fsErrorText(ref)}`);
        const at = name === '-newer' ? 'mtimeMs' : name === '-anewer' ? 'atimeMs' : 'ctimeMs';
        primary(name, (v) => v.inode[at] > ref.mtimeMs);
        break;
      }
      case '-mtime': case '-atime': case '-ctime': case '-mmin': case '-amin': case '-cmin': {
        const minutes = name.endsWith('min');
        const test = timeTest(run, arg, minutes ? 60_000 : DAY, minutes);
        if (!test) throw invalid();
        const at = name[1] === 'm' ? 'mtimeMs' : name[1] === 'a' ? 'atimeMs' : 'ctimeMs';
        primary(name, (v) => test(v.inode[at]));
        break;
      }
      case '-print': primary(name, (v) => (run.out.push(`${v.path}\n`), true), true); break;
      case '-print0': primary(name, (v) => (run.out.push(`${v.path}\0`), true), true); break;
      case '-printf': {
        const fn = compilePrintf(arg, warn);
        primary(name, (v) => (run.out.push(fn(run, v)), true), true);
        break;
      }
      case '-ls': primary(name, (v) => (run.out.push(lsLine(run, v)), true), true); break;
      case '-prune': primary(name, (v) => ((v.prune = true), true)); break;
      case '-quit': primary(name, () => {
        // pred_quit: find ends here, after the pending -exec … + batches; nothing after it in the expression runs.
        run.quit = true;
        throw QUIT;
      }); break;
      case '-delete': {
        run.depthFirst = true;
        primary(name, (v) => {
          if (v.path === '.' || v.abs === '/') return true;
          try {
            run.ctx.fs.remove(v.abs);
            return true;
          } catch (e) {
            flush(run);
            run.ctx.stderr.write(`find: cannot delete ${lq(v.path)}: ${fsErrorText(e)}\n`);
            run.status = 1;
            return false;
          }
        }, true);
        break;
      }
      case '-exec': case '-execdir': case '-ok': case '-okdir': {
        // insert_exec_ok: the command runs to `;`, or for -exec and -execdir to a `+` right after an argument with `{}`.
        const start = i;
        let end = start;
        let plus = false;
        let braces = 0;
        let braceArg = '';
        for (let sawBraces = false; end < args.length && args[end] !== ';'; end++) {
          if (!name.startsWith('-ok') && args[end] === '+' && sawBraces) { plus = true; break; }
          sawBraces = args[end].includes('{}');
          if (sawBraces) {
            braces++;
            braceArg = args[end];
          }
        }
        if (end === start || end >= args.length) {
          if (args[end] !== undefined) throw new FindError(`invalid argument \`${args[end]}' to \`${name}'`);
          throw new FindError(`missing argument to \`${name}'`);
        }
        const argv = args.slice(start, end);
        i = end + 1;
        const suffix = name === '-execdir' ? 'dir' : '';
        if (plus && braces > 1) throw new FindError(`Only one instance of {} is supported with -exec${suffix} ... +`);
        if (plus && braceArg.length !== 2) throw new FindError(`In ${lq(`-exec${suffix} ... {} +`)} the ${lq('{}')} must appear by itself, but you specified ${lq(braceArg)}`);
        if (plus) {
          const fixed = argv.slice(0, -1);
          primary(name, (v) => {
            // -execdir … + runs once per file, as findutils 4.9.0 does (recorded); -exec … + once at the end.
            const where = name === '-execdir' ? execdirOf(run, v) : undefined;
            let batch = where ? undefined : run.batches.find((b) => b.argv === fixed);
            if (!batch) run.batches.push((batch = { argv: fixed, paths: [], dir: where?.dir }));
            batch.paths.push(where ? where.name : v.path);
            return true;
          }, true);
        } else {
          primary(name, async (v) => {
            const where = name.endsWith('dir') ? execdirOf(run, v) : undefined;
            const shown = where ? where.name : v.path;
            const line = substitute(argv, shown);
            if (name.startsWith('-ok')) {
              flush(run);
              run.ask ??= yesno(run.ctx);
              if (!(await run.ask(`< ${line[0]} ... ${shown} > ? `))) return false;
            }
            return (await runCommand(run, line, where?.dir)) === 0;
          }, true);
        }
        break;
      }
      default: {
        const test = NO_ARG_TESTS[name];
        primary(name, (v) => test(run, v));
      }
    }
  }
  return preds;
}

/** tree.c's get_expr: the expression starting at preds[pos.i], binding tighter than `prevPrec`. */
function getExpr(preds: Pred[], pos: { i: number }, prevPrec: number, prev: Pred | undefined): Pred {
  const cur = preds[pos.i];
  let next: Pred;
  if (!cur) throw new FindError('invalid expression');
  switch (cur.kind) {
    case 'bi':
      throw new FindError(`invalid expression; you have used a binary operator '${cur.name}' with nothing before it.`);
    case 'close':
      if (!prev) throw new FindError(`invalid expression: expected expression before closing parentheses '${cur.name}'.`);
      if ((prev.kind === 'uni' || prev.kind === 'bi') && !cur.artificial) throw new FindError(`expected an expression between '${prev.name}' and ')'`);
      if (cur.artificial) throw new FindError(`expected an expression after '${prev.name}'`);
      throw new FindError("invalid expression; you have too many ')'");
    case 'primary':
      next = cur;
      pos.i++;
      break;
    case 'uni':
      next = { ...cur };
      pos.i++;
      next.right = getExpr(preds, pos, NEGATE_PREC, cur);
      break;
    default: {
      const after = preds[pos.i + 1];
      if (!after || after.artificial) throw new FindError(`invalid expression; expected to find a ')' but didn't see one. Perhaps you need an extra predicate after '${cur.name}'`);
      if (after.kind === 'close') {
        if (cur.artificial) throw new FindError(`invalid expression: expected expression before closing parentheses '${after.name}'.`);
        throw new FindError('invalid expression; empty parentheses are not allowed.');
      }
      pos.i++;
      next = getExpr(preds, pos, NO_PREC, cur);
      if (preds[pos.i]?.kind !== 'close') throw new FindError("invalid expression; I was expecting to find a ')' somewhere but did not see one.");
      pos.i++;
    }
  }
  const here = preds[pos.i];
  if (!here) return next;
  if (here.prec > prevPrec) {
    const rest = scanRest(preds, pos, next, prevPrec);
    if (!rest) throw new FindError('invalid expression');
    next = rest;
  }
  return next;
}

/** tree.c's scan_rest: binary operators of higher precedence than `prevPrec`, left to right. */
function scanRest(preds: Pred[], pos: { i: number }, head: Pred, prevPrec: number): Pred | undefined {
  if (!preds[pos.i] || preds[pos.i].kind === 'close') return undefined;
  let tree = head;
  while (preds[pos.i] && preds[pos.i].prec > prevPrec) {
    const p = preds[pos.i];
    if (p.kind === 'close') return tree;
    if (p.kind !== 'bi') throw new FindError('invalid expression');
    pos.i++;
    tree = { ...p, left: tree, right: getExpr(preds, pos, p.prec, p) };
  }
  return tree;
}

/** Builds the expression tree as build_expression_tree does, with its default -print. */
function buildTree(run: Run, args: string[]): Pred {
  const user = parsePredicates(run, args);
  let preds: Pred[];
  const print: Pred = { kind: 'primary', name: '-print', prec: NO_PREC, artificial: true, acts: true, eval: (v) => (run.out.push(`${v.path}\n`), true) };
  if (user.length === 0) preds = [print];
  else if (user.some((p) => p.acts)) preds = user;
  else {
    preds = [{ kind: 'open', name: '(', prec: NO_PREC, artificial: true }, ...user, { kind: 'close', name: ')', prec: NO_PREC, artificial: true }, { kind: 'bi', op: 'and', name: '-a', prec: AND_PREC }, print];
  }
  const pos = { i: 0 };
  const tree = getExpr(preds, pos, NO_PREC, undefined);
  const left = preds[pos.i];
  if (left) throw new FindError(left.kind === 'close' ? "you have too many ')'" : `unexpected extra predicate '${left.name}'`);
  return tree;
}

async function evaluate(p: Pred, v: Visit): Promise<boolean> {
  switch (p.op) {
    case 'not': return !(await evaluate(p.right!, v));
    case 'and': return (await evaluate(p.left!, v)) && evaluate(p.right!, v);
    case 'or': return (await evaluate(p.left!, v)) || evaluate(p.right!, v);
    case 'comma':
      await evaluate(p.left!, v);
      return evaluate(p.right!, v);
    default: return p.eval!(v);
  }
}

/** Files visited between two turns of the page's event loop (the shell's step budget counts one command). */
const VISITS_PER_TURN = 64;

export const find: CommandSpec = {
  name: 'find',
  summary: 'search for files in a directory hierarchy',
  async run(ctx) {
    const args = ctx.argv.slice(1);
    const run: Run = {
      ctx, follow: 'P', maxdepth: Infinity, mindepth: 0, depthFirst: false, daystart: false, warnings: stdinIsTerminal(ctx), regextype: 'emacs',
      status: 0, quit: false, now: ctx.cluster?.clock?.now?.() ?? 0, batches: [], out: [],
      widths: { ino: 9, blocks: 6, nlink: 3, owner: 8, group: 8, size: 8 },
    };
    let i = 0;
    // The leading options (-H, -L, -P; the last wins), up to `--` or the first other argument.
    for (; i < args.length; i++) {
      const a = args[i];
      if (a === '--') { i++; break; }
      if (!/^-[HLP]+$/.test(a)) break;
      run.follow = a[a.length - 1] as 'H' | 'L' | 'P';
    }
    const starts: string[] = [];
    while (i < args.length && !looksLikeExpression(args[i], true)) starts.push(args[i++]);
    let tree: Pred;
    try {
      tree = buildTree(run, args.slice(i));
    } catch (e) {
      if (!(e instanceof FindError)) throw e;
      ctx.stderr.write(`find: ${e.message}\n`);
      return 1;
    }
    let visits = 0;
    const visit = async (path: string, abs: string, depth: number, start: string, ancestors: { ino: number; path: string }[]): Promise<void> => {
      if (run.quit) return;
      if (++visits % VISITS_PER_TURN === 0) {
        flush(run);
        await ctx.cooperate?.();
      }
      if (ctx.signal.aborted) { run.quit = true; run.status = 130; return; }
      const follow = run.follow === 'L' || (run.follow === 'H' && depth === 0);
      let inode = inodeOrError(ctx.fs, abs, follow);
      // A link -L cannot follow (dangling, or a loop) is taken as the link itself.
      if (follow && inode instanceof FsError && inode.code === 'ENOENT') {
        const own = inodeOrError(ctx.fs, abs, false);
        if (!(own instanceof FsError)) inode = own;
      }
      if (inode instanceof FsError) {
        flush(run);
        ctx.stderr.write(`find: ${lq(path)}: ${fsErrorText(inode)}\n`);
        run.status = 1;
        return;
      }
      const v: Visit = { path, abs, depth, start, inode };
      const loop = inode.type === 'dir' ? ancestors.find((a) => a.ino === (inode as Inode).ino) : undefined;
      if (loop) {
        flush(run);
        ctx.stderr.write(`find: File system loop detected; ${lq(path)} is part of the same file system loop as ${lq(loop.path)}.\n`);
        run.status = 1;
        return;
      }
      const test = async () => {
        if (depth < run.mindepth) return;
        try {
          await evaluate(tree, v);
        } catch (e) {
          if (e !== QUIT) throw e;
        }
      };
      if (!run.depthFirst) await test();
      if (inode.type === 'dir' && depth < run.maxdepth && !(v.prune && !run.depthFirst) && !run.quit) {
        let names: string[] | undefined;
        try {
          names = ctx.fs.readDir(abs) ?? [];
        } catch (e) {
          flush(run);
          ctx.stderr.write(`find: ${lq(path)}: ${fsErrorText(e)}\n`);
          run.status = 1;
        }
        for (const n of names ?? []) {
          if (run.quit) break;
          await visit(path.endsWith('/') ? `${path}${n}` : `${path}/${n}`, `${abs === '/' ? '' : abs}/${n}`, depth + 1, start, [...ancestors, { ino: inode.ino, path }]);
        }
      }
      if (run.depthFirst && !run.quit) await test();
    };
    for (const s of starts.length ? starts : ['.']) {
      if (run.quit) break;
      if (s === '') {
        ctx.stderr.write(`find: ${lq('')}: ${fsErrorText(new FsError('ENOENT', ''))}\n`);
        run.status = 1;
        continue;
      }
      await visit(s, ctx.fs.resolve(ctx.cwd, s), 0, s, []);
    }
    flush(run);
    for (const b of run.batches) {
      if ((await runCommand(run, [...b.argv, ...b.paths], b.dir)) !== 0) run.status = 1;
    }
    return run.status;
  },
};
