/**
 * `diff` as GNU diffutils 3.10 has it on Ubuntu 24.04 (src/diff.c, dir.c, analyze.c): two files, a file and a
 * folder (the folder's file of the same name), or two folders (their files in name order, `Only in`, `Common
 * subdirectories`, all of it with -r), `-` for standard input; normal, context, unified, ed, RCS and side-by-side
 * output; -q, -s, -i, -w, -b, -Z, -E, -B, -I, -N, -a, --label, --color. Exit status 0 (same), 1 (different),
 * 2 (trouble), with getopt's and diff's own texts for bad usage.
 */
import type { CommandSpec, ProcessContext } from '../../process.js';
import { basename, ERRNO_TEXT, FsError } from '../../vfs.js';
import { humanTime } from '../inode.js';
import { quotef } from '../util.js';
import { breToJs } from '../grep.js';
import { patternToRegExp } from '../../glob.js';
import { utf8Length, utf8Prefix } from '../../../util/utf8.js';
import { compareTexts, splitLines, WhiteSpace } from './analyze.js';
import { contextFormat, edFormat, forwardEdFormat, hasChanges, ifdefFormat, normalFormat, rcsFormat, sideBySideFormat, unifiedFormat, type FormatOptions } from './format.js';
import { getopt, GetoptError, type LongOption } from './getopt.js';
import { DIFF_HELP, diffutilsVersion } from './help.js';

const SHORTOPTS = '0123456789abBcC:dD:eEfF:hHiI:lL:nNpPqrsS:tTuU:vwW:x:X:yZ';

const LONGOPTS: LongOption[] = [
  ['binary', 0, 'binary'], ['brief', 0, 'q'], ['color', 2, 'color'], ['context', 2, 'C'], ['ed', 0, 'e'], ['exclude', 1, 'x'],
  ['exclude-from', 1, 'X'], ['expand-tabs', 0, 't'], ['forward-ed', 0, 'f'], ['from-file', 1, 'from-file'], ['help', 0, 'help'],
  ['horizon-lines', 1, 'horizon-lines'], ['ifdef', 1, 'D'], ['ignore-all-space', 0, 'w'], ['ignore-blank-lines', 0, 'B'],
  ['ignore-case', 0, 'i'], ['ignore-file-name-case', 0, 'ignore-file-name-case'], ['ignore-matching-lines', 1, 'I'],
  ['ignore-space-change', 0, 'b'], ['ignore-tab-expansion', 0, 'E'], ['ignore-trailing-space', 0, 'Z'],
  ['inhibit-hunk-merge', 0, 'inhibit-hunk-merge'], ['initial-tab', 0, 'T'], ['label', 1, 'L'], ['left-column', 0, 'left-column'],
  ['minimal', 0, 'd'], ['new-file', 0, 'N'], ['no-dereference', 0, 'no-dereference'], ['no-ignore-file-name-case', 0, 'no-ignore-file-name-case'],
  ['normal', 0, 'normal'], ['paginate', 0, 'l'],
  ['palette', 1, 'palette'], ['rcs', 0, 'n'], ['recursive', 0, 'r'], ['report-identical-files', 0, 's'],
  ['sdiff-merge-assist', 0, 'sdiff-merge-assist'], ['show-c-function', 0, 'p'], ['show-function-line', 1, 'F'], ['side-by-side', 0, 'y'],
  ['speed-large-files', 0, 'H'], ['starting-file', 1, 'S'], ['strip-trailing-cr', 0, 'strip-trailing-cr'],
  ['suppress-blank-empty', 0, 'suppress-blank-empty'], ['suppress-common-lines', 0, 'suppress-common-lines'], ['tabsize', 1, 'tabsize'],
  ['text', 0, 'a'], ['to-file', 1, 'to-file'],
  ['unidirectional-new-file', 0, 'P'], ['unified', 2, 'U'], ['version', 0, 'v'], ['width', 1, 'W'],
].map(([name, arg, key]) => ({ name, arg, key }) as LongOption);

type Style = 'normal' | 'context' | 'unified' | 'ed' | 'forward-ed' | 'rcs' | 'side' | 'ifdef';

interface Options extends FormatOptions {
  style?: Style;
  brief: boolean;
  reportIdentical: boolean;
  recursive: boolean;
  newFile: boolean;
  unidirectional: boolean;
  labels: string[];
  text: boolean;
  minimal: boolean;
  speedLargeFiles: boolean;
  horizon: number;
  ignoreCase: boolean;
  stripTrailingCr: boolean;
  noDereference: boolean;
  excludes: RegExp[];
  ignoreRegexp?: RegExp;
  functionRegexp?: RegExp;
  fromFile?: string;
  /** -D NAME: the merged file with `#ifdef NAME` around the differences. */
  ifdef?: string;
  toFile?: string;
  /** The options as given, shell-quoted: the ` -r` of the `diff -r a/x b/x` line before each pair of a folder. */
  switches: string;
}

/** Ends diff with status 2 after its message (die/fatal); try_help adds its hint. */
class Trouble extends Error {
  constructor(message: string, readonly hint: boolean) {
    super(message);
  }
}
const tryHelp = (message: string) => new Trouble(message, true);

/** Side-by-side's and GNU's own `ls`-like file types, as file_type() names them. */
function fileType(st: { type: string; size: number } | undefined): string {
  if (!st) return 'regular empty file';
  if (st.type === 'dir') return 'directory';
  if (st.type === 'link') return 'symbolic link';
  return st.size === 0 ? 'regular empty file' : 'regular file';
}

interface Entry {
  name: string;
  /** -1: not there (-N), 0: the standard input, 1: a file to open. */
  desc: 'none' | 'stdin' | 'file' | 'error';
  errno?: string;
  st?: { type: 'file' | 'dir' | 'link'; size: number; mtimeMs: number; ino?: number; target?: string };
}

class Diff {
  private out = '';
  private err = '';
  constructor(private readonly ctx: ProcessContext, private readonly o: Options) {}

  flush(): void {
    if (this.out) this.ctx.stdout.write(this.out);
    if (this.err) this.ctx.stderr.write(this.err);
    this.out = this.err = '';
  }

  private perror(name: string, why: string): void {
    this.flush();
    this.err += `diff: ${name}: ${why}\n`;
    this.flush();
  }

  private message(text: string): void {
    this.out += text;
  }

  private statEntry(e: Entry): void {
    const { ctx, o } = this;
    const p = ctx.fs.resolve(ctx.cwd, e.name);
    try {
      const st = o.noDereference && ctx.fs.lstat ? ctx.fs.lstat(p) : ctx.fs.stat(p);
      if (!st) throw new FsError('ENOENT', p);
      e.st = { type: st.type, size: st.size, mtimeMs: st.mtimeMs, ino: st.ino, target: st.target };
    } catch (err) {
      if (!(err instanceof FsError)) throw err;
      e.desc = 'error';
      e.errno = err.code;
    }
  }

  /** compare_files: one pair of names under PARENT (the folders being compared), or the operands themselves. */
  async compareFiles(parent: [string, string] | undefined, name0: string | undefined, name1: string | undefined): Promise<number> {
    const { o, ctx } = this;
    if (!((name0 && name1) || (o.unidirectional && name1) || o.newFile)) {
      this.message(`Only in ${parent![name0 ? 0 : 1]}: ${name0 ?? name1}\n`);
      return 1;
    }
    const present = [name0 !== undefined, name1 !== undefined];
    const n0 = name0 ?? name1!;
    const n1 = name1 ?? name0!;
    const join = (dir: string, name: string) => (dir.endsWith('/') ? dir + name : `${dir}/${name}`);
    const files: [Entry, Entry] = [
      { name: parent ? join(parent[0], n0) : n0, desc: present[0] ? 'file' : 'none' },
      { name: parent ? join(parent[1], n1) : n1, desc: present[1] ? 'file' : 'none' },
    ];
    let stdinText: string | undefined;
    for (let f = 0; f < 2; f++) {
      const e = files[f];
      if (e.desc === 'none') continue;
      if (f === 1 && e.name === files[0].name) {
        e.desc = files[0].desc;
        e.st = files[0].st;
        e.errno = files[0].errno;
      } else if (e.name === '-') {
        e.desc = 'stdin';
        stdinText ??= await ctx.stdin.readAll();
        e.st = { type: 'file', size: utf8Length(stdinText), mtimeMs: ctx.cluster.clock.now() };
      } else this.statEntry(e);
    }
    // -N and --unidirectional-new-file: a top-level operand that does not exist is an empty file.
    for (let f = 0; f < 2; f++) {
      const e = files[f];
      const other = files[1 - f];
      if ((o.newFile || (f === 0 && o.unidirectional)) && e.desc === 'error' && e.errno === 'ENOENT' && !parent && (other.desc === 'file' || other.desc === 'stdin')) e.desc = 'none';
    }
    for (let f = 0; f < 2; f++) if (files[f].desc === 'none') files[f].st = files[1 - f].st ? { ...files[1 - f].st!, size: 0, mtimeMs: 0, ino: undefined } : undefined;
    let status = 0;
    for (const e of files) {
      if (e.desc === 'error') {
        this.perror(e.name, ERRNO_TEXT[e.errno as keyof typeof ERRNO_TEXT] ?? e.errno!);
        status = 2;
      }
    }
    const isDir = (f: number) => files[f].st?.type === 'dir';
    if (status === 0 && !parent && isDir(0) !== isDir(1)) {
      // A folder and a file named on the command line: the folder's file of the same name.
      const fnm = isDir(0) ? 1 : 0;
      const dir = 1 - fnm;
      if (files[fnm].name === '-') throw new Trouble("cannot compare '-' to a directory", false);
      files[dir] = { name: join(files[dir].name, basename(files[fnm].name)), desc: 'file' };
      this.statEntry(files[dir]);
      if (files[dir].desc === 'error') {
        this.perror(files[dir].name, ERRNO_TEXT[files[dir].errno as keyof typeof ERRNO_TEXT]);
        status = 2;
      }
    }
    const label = (f: number) => o.labels[f] ?? files[f].name;
    if (status !== 0) {
      // One of the files should be there but is not.
    } else if (files[0].desc === 'none' && files[1].desc === 'none') {
      // Neither is there: nothing to compare.
    } else if (files[0].desc !== 'none' && files[1].desc !== 'none' && files[0].st?.ino !== undefined && files[0].st.ino === files[1].st?.ino && files[0].desc === files[1].desc && noDiffMeansNoOutput(o)) {
      // The same file twice: identical without reading it.
    } else if (isDir(0) && isDir(1)) {
      if (o.style === 'ifdef') throw new Trouble('-D option not supported with directories', false);
      if (parent && !o.recursive) this.message(`Common subdirectories: ${files[0].name} and ${files[1].name}\n`);
      else status = await this.diffDirs(files);
    } else if (isDir(0) || isDir(1) || (parent && !(files[0].st?.type !== 'dir' && files[1].st?.type !== 'dir'))) {
      if (files[0].desc === 'none' || files[1].desc === 'none') {
        if (o.recursive && (o.newFile || (o.unidirectional && files[0].desc === 'none'))) status = await this.diffDirs(files);
        else {
          this.message(`Only in ${parent![files[0].desc === 'none' ? 1 : 0]}: ${n0}\n`);
          status = 1;
        }
      } else {
        this.message(`File ${label(0)} is a ${fileType(files[0].st)} while file ${label(1)} is a ${fileType(files[1].st)}\n`);
        status = 1;
      }
    } else if (files[0].st?.type === 'link' || files[1].st?.type === 'link') {
      if (files[0].st?.type === 'link' && files[1].st?.type === 'link') {
        if (files[0].st.target !== files[1].st.target) {
          this.message(`Symbolic links ${files[0].name} and ${files[1].name} differ\n`);
          status = 1;
        }
      } else {
        this.message(`File ${label(0)} is a ${fileType(files[0].st)} while file ${label(1)} is a ${fileType(files[1].st)}\n`);
        status = 1;
      }
    } else {
      const texts: string[] = [];
      for (const e of files) {
        if (e.desc === 'none') texts.push('');
        else if (e.desc === 'stdin') texts.push(stdinText!);
        else {
          try {
            texts.push(ctx.fs.readFile(ctx.fs.resolve(ctx.cwd, e.name)) ?? '');
          } catch (err) {
            if (!(err instanceof FsError)) throw err;
            this.perror(e.name, ERRNO_TEXT[err.code]);
            status = 2;
          }
        }
      }
      if (status === 0) status = this.diff2Files(files, texts as [string, string], !!parent);
    }
    if (status === 0 && o.reportIdentical && !isDir(0)) this.message(`Files ${label(0)} and ${label(1)} are identical\n`);
    this.flush();
    return status;
  }

  /** dir.c's diff_dirs: both folders' names in order, each compared (or reported as only in one). */
  private async diffDirs(files: [Entry, Entry]): Promise<number> {
    const { ctx, o } = this;
    const lists: string[][] = [];
    for (const e of files) {
      let names: string[] = [];
      if (e.desc !== 'none') {
        try {
          names = ctx.fs.readDir(ctx.fs.resolve(ctx.cwd, e.name)) ?? [];
        } catch (err) {
          if (!(err instanceof FsError)) throw err;
          this.perror(e.name, ERRNO_TEXT[err.code]);
          return 2;
        }
      }
      lists.push(names.filter((n) => !o.excludes.some((re) => re.test(n))).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    }
    const parent: [string, string] = [files[0].name, files[1].name];
    let status = 0;
    let i = 0, j = 0;
    while (i < lists[0].length || j < lists[1].length) {
      const a = lists[0][i];
      const b = lists[1][j];
      const c = a === undefined ? 1 : b === undefined ? -1 : a < b ? -1 : a > b ? 1 : 0;
      const v = await this.compareFiles(parent, c <= 0 ? a : undefined, c >= 0 ? b : undefined);
      if (c <= 0) i++;
      if (c >= 0) j++;
      status = Math.max(status, v);
    }
    return status;
  }

  /** analyze.c's diff_2_files over two texts. */
  private diff2Files(files: [Entry, Entry], texts: [string, string], recursive: boolean): number {
    const { o } = this;
    const label = (f: number) => o.labels[f] ?? files[f].name;
    if (o.stripTrailingCr) for (let f = 0; f < 2; f++) texts[f] = texts[f].replace(/\r\n/g, '\n').replace(/\r$/, '');
    const binary = (t: string) => !o.text && utf8Prefix(t, 4096).includes('\0');
    if (binary(texts[0]) || binary(texts[1])) {
      if (texts[0] === texts[1]) return 0;
      this.message(`${o.brief ? 'Files' : 'Binary files'} ${label(0)} and ${label(1)} differ\n`);
      return 1;
    }
    const ed = o.style === 'ed' || o.style === 'forward-ed';
    const { changes: script, files: lines } = compareTexts(texts[0], texts[1], {
      ignoreCase: o.ignoreCase, whiteSpace: o.whiteSpace, minimal: o.minimal, speedLargeFiles: o.speedLargeFiles, horizon: o.horizon, ed, tabSize: o.tabSize,
    });
    if (ed) for (const f of lines) if (f.missingNewline) f.lines[f.lines.length - 1] += '\n';
    const changed = hasChanges(script, lines, o);
    if (o.brief) {
      if (changed) this.message(`Files ${label(0)} and ${label(1)} differ\n`);
    } else if (changed || !noDiffMeansNoOutput(o)) {
      let text: string;
      const stamp = (f: number) => o.labels[f] ?? `${c_escape(files[f].name)}\t${humanTime(files[f].st?.mtimeMs ?? 0)}`;
      const header = { label0: stamp(0), label1: stamp(1) };
      switch (o.style) {
        case 'context': text = contextFormat(script, lines, o, header); break;
        case 'unified': text = unifiedFormat(script, lines, o, header); break;
        case 'ed': text = edFormat(script, lines, o); break;
        case 'forward-ed': text = forwardEdFormat(script, lines, o); break;
        case 'rcs': text = rcsFormat(script, lines, o); break;
        case 'side': text = sideBySideFormat(script, lines, o); break;
        case 'ifdef': text = ifdefFormat(script, lines, o, o.ifdef!); break;
        default: text = normalFormat(script, lines, o);
      }
      // begin_output: in a folder comparison, the command for this pair comes first.
      if (text && recursive) this.message(`diff${o.switches} ${c_escape(label(0))} ${c_escape(label(1))}\n`);
      this.message(text);
    }
    let status = changed ? 1 : 0;
    if (ed) {
      for (let f = 0; f < 2; f++) {
        if (splitLines(texts[f]).missingNewline) {
          this.flush();
          this.err += `diff: ${label(f)}: No newline at end of file\n\n`;
          this.flush();
          status = 2;
        }
      }
    }
    return status;
  }
}

/** Whether identical files print nothing: not with -D, nor side by side unless common lines are suppressed. */
const noDiffMeansNoOutput = (o: Options) => (o.style === 'ifdef' ? false : o.style !== 'side' || !!o.suppressCommonLines);

/** add_regexp: a grep-syntax expression as JavaScript's, or GNU regex's complaint about it (diff's status 2). */
function regexp(pattern: string): string {
  const src = breToJs(pattern);
  try {
    new RegExp(src);
  } catch {
    const open = (pattern.match(/\\\(/g) ?? []).length;
    const close = (pattern.match(/\\\)/g) ?? []).length;
    throw new Trouble(`${pattern}: ${open > close ? 'Unmatched ( or \\(' : open < close ? 'Unmatched ) or \\)' : 'Invalid regular expression'}`, false);
  }
  return src;
}

/** util.c's c_escape: a name with a space or a control character in double quotes, C-escaped. */
function c_escape(name: string): string {
  const esc: Record<string, string> = { '\x07': 'a', '\b': 'b', '\t': 't', '\n': 'n', '\v': 'v', '\f': 'f', '\r': 'r', '"': '"', '\\': '\\' };
  if (!/[\x00-\x1f "\\]/.test(name)) return name;
  let out = '';
  for (const c of name) {
    if (esc[c]) out += '\\' + esc[c];
    else if (c < ' ') out += '\\' + c.charCodeAt(0).toString(8).padStart(3, '0');
    else out += c;
  }
  return `"${out}"`;
}

function parseOptions(ctx: ProcessContext, args: string[]): { o: Options; operands: string[]; exit?: 'help' | 'version' } {
  const parsed = getopt(args, SHORTOPTS, LONGOPTS);
  const o: Options = {
    context: 0, brief: false, reportIdentical: false, recursive: false, newFile: false, unidirectional: false, labels: [], text: false,
    minimal: false, speedLargeFiles: false, horizon: 0, ignoreCase: false, stripTrailingCr: false, noDereference: false, excludes: [], switches: '',
  };
  let ocontext = -1;
  let explicitContext = false;
  let prev = '';
  let width = 0;
  let tabSize = 0;
  let showCFunction = false;
  let colors: 'never' | 'auto' | 'always' = 'never';
  const ignoreRes: string[] = [];
  let ws = WhiteSpace.None;
  const style = (s: Style) => {
    if (o.style !== undefined && o.style !== s) throw tryHelp('conflicting output style options');
    o.style = s;
  };
  const number = (v: string) => (/^\s*[-+]?\d+$/.test(v) ? Number(v) : NaN);
  /** -W and --tabsize: a positive number, the same one if given again. */
  const positiveOnce = (value: string, what: string, current: number) => {
    const n = number(value);
    if (!(n > 0)) throw tryHelp(`invalid ${what} '${value}'`);
    if (current && current !== n) throw new Trouble(`conflicting ${what} options`, false);
    return n;
  };
  for (const { key, value } of parsed.options) {
    switch (key) {
      case 'help': return { o, operands: [], exit: 'help' };
      case 'v': return { o, operands: [], exit: 'version' };
      case 'a': o.text = true; break;
      case 'b': if (ws < WhiteSpace.SpaceChange) ws = WhiteSpace.SpaceChange; break;
      case 'Z': if (ws < WhiteSpace.SpaceChange) ws |= WhiteSpace.Trailing; break;
      case 'E': if (ws < WhiteSpace.SpaceChange) ws |= WhiteSpace.TabExpansion; break;
      case 'w': ws = WhiteSpace.All; break;
      case 'B': o.ignoreBlankLines = true; break;
      case 'C': case 'U': {
        let n = 3;
        if (value !== undefined) {
          n = number(value);
          if (!(n >= 0)) throw tryHelp(`invalid context length '${value}'`);
        }
        style(key === 'U' ? 'unified' : 'context');
        if (o.context < n) o.context = n;
        explicitContext = true;
        break;
      }
      case 'c': style('context'); if (o.context < 3) o.context = 3; break;
      case 'u': style('unified'); if (o.context < 3) o.context = 3; break;
      case 'd': o.minimal = true; break;
      case 'D': style('ifdef'); o.ifdef = value; break;
      case 'e': style('ed'); break;
      case 'f': style('forward-ed'); break;
      case 'n': style('rcs'); break;
      case 'y': style('side'); break;
      case 'q': o.brief = true; break;
      case 's': o.reportIdentical = true; break;
      case 'r': o.recursive = true; break;
      case 'N': o.newFile = true; break;
      case 'P': o.unidirectional = true; break;
      case 'i': o.ignoreCase = true; break;
      case 'H': o.speedLargeFiles = true; break;
      case 't': o.expandTabs = true; break;
      case 'T': o.initialTab = true; break;
      case 'p': showCFunction = true; o.functionRegexp = /^[A-Za-z$_]/; break;
      case 'F': o.functionRegexp = new RegExp(regexp(value!)); break;
      case 'I': ignoreRes.push(regexp(value!)); break;
      case 'L':
        if (o.labels.length >= 2) throw new Trouble('too many file label options', false);
        o.labels.push(value!);
        break;
      case 'x': o.excludes.push(patternToRegExp(value!, false)); break;
      case 'X': {
        const p = ctx.fs.resolve(ctx.cwd, value!);
        let list: string | undefined;
        try {
          list = ctx.fs.readFile(p);
        } catch (e) {
          if (!(e instanceof FsError)) throw e;
          throw new Trouble(`${value}: ${ERRNO_TEXT[e.code]}`, false);
        }
        if (list === undefined) throw new Trouble(`${value}: ${ERRNO_TEXT.ENOENT}`, false);
        for (const pat of list.split('\n')) if (pat) o.excludes.push(patternToRegExp(pat, false));
        break;
      }
      case 'W': width = positiveOnce(value!, 'width', width); break;
      case 'tabsize': tabSize = positiveOnce(value!, 'tabsize', tabSize); break;
      case 'horizon-lines': {
        const n = number(value!);
        if (!(n >= 0)) throw tryHelp(`invalid horizon length '${value}'`);
        o.horizon = Math.max(o.horizon, n);
        break;
      }
      case 'color':
        if (value === undefined || value === 'auto') colors = 'auto';
        else if (value === 'always' || value === 'never') colors = value;
        else throw tryHelp(`invalid color '${value}'`);
        break;
      case 'left-column': o.leftColumn = true; break;
      case 'suppress-common-lines': o.suppressCommonLines = true; break;
      case 'suppress-blank-empty': o.suppressBlankEmpty = true; break;
      case 'strip-trailing-cr': o.stripTrailingCr = true; break;
      case 'no-dereference': o.noDereference = true; break;
      case 'normal': style('normal'); break;
      case 'from-file':
        if (o.fromFile !== undefined && o.fromFile !== value) throw new Trouble('conflicting --from-file option value', false);
        o.fromFile = value;
        break;
      case 'to-file':
        if (o.toFile !== undefined && o.toFile !== value) throw new Trouble('conflicting --to-file option value', false);
        o.toFile = value;
        break;
      default:
        if (/^\d$/.test(key)) {
          const d = Number(key);
          ocontext = /^\d$/.test(prev) ? Math.min(10 * ocontext + d, 2 ** 53) : d;
        }
        // --binary, -h, -l's pager and the remaining options change nothing a learner's files show.
        break;
    }
    prev = key;
  }
  if (colors === 'auto' && ctx.env.TERM === 'dumb') colors = 'never';
  o.color = colors === 'always' || (colors === 'auto' && ctx.terminal.isTTY);
  if (o.style === undefined) {
    if (showCFunction) {
      style('context');
      if (ocontext < 0) o.context = 3;
    } else style('normal');
  }
  if (ocontext >= 0 && (o.style === 'context' || o.style === 'unified') && (o.context < ocontext || (ocontext < o.context && !explicitContext))) o.context = ocontext;
  o.tabSize = tabSize || 8;
  o.width = width || 130;
  if (o.horizon < o.context) o.horizon = o.context;
  o.whiteSpace = ws;
  if (ignoreRes.length) o.ignoreRegexp = new RegExp(ignoreRes.join('|'));
  o.switches = parsed.raw.map((a) => ' ' + quotef(a)).join('');
  return { o, operands: parsed.operands };
}

export const diff: CommandSpec = {
  name: 'diff',
  summary: 'compare files line by line',
  async run(ctx) {
    let d: Diff | undefined;
    try {
      const { o, operands, exit } = parseOptions(ctx, ctx.argv.slice(1));
      if (exit === 'help') {
        ctx.stdout.write(DIFF_HELP);
        return 0;
      }
      if (exit === 'version') {
        ctx.stdout.write(diffutilsVersion('diff', 'Paul Eggert, Mike Haertel, David Hayes,\nRichard Stallman, and Len Tower'));
        return 0;
      }
      d = new Diff(ctx, o);
      let status = 0;
      if (o.fromFile !== undefined) {
        if (o.toFile !== undefined) throw new Trouble('--from-file and --to-file both specified', false);
        for (const f of operands) status = Math.max(status, await d.compareFiles(undefined, o.fromFile, f));
      } else if (o.toFile !== undefined) {
        for (const f of operands) status = Math.max(status, await d.compareFiles(undefined, f, o.toFile));
      } else {
        if (operands.length !== 2) {
          const argv = ctx.argv;
          throw tryHelp(operands.length < 2 ? `missing operand after '${argv[argv.length - 1]}'` : `extra operand '${operands[2]}'`);
        }
        status = await d.compareFiles(undefined, operands[0], operands[1]);
      }
      d.flush();
      return status;
    } catch (e) {
      d?.flush();
      if (e instanceof GetoptError) {
        ctx.stderr.write(`diff: ${e.message}\ndiff: Try 'diff --help' for more information.\n`);
        return 2;
      }
      if (e instanceof Trouble) {
        ctx.stderr.write(`diff: ${e.message}\n${e.hint ? "diff: Try 'diff --help' for more information.\n" : ''}`);
        return 2;
      }
      throw e;
    }
  },
};
