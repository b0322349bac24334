/**
 * GNU sed 4.9, after its compile.c and execute.c: the script is compiled once into a flat vector of commands
 * (a `{` is a jump past its block, taken when its address does not match; `b`, `t`, `T` jump to a label's
 * index), then each cycle reads a line into the pattern space, runs the vector, prints the pattern space unless
 * -n, and the append queue (`a`, `r`, `R`) is written before the next line is read. Error texts are 4.9's.
 */
import type { CommandSpec, ProcessContext } from '../process.js';
import { FsError } from '../vfs.js';
import { breToJs, ereToJs } from './grep.js';

const USAGE = `Usage: sed [OPTION]... {script-only-if-no-other-script} [input-file]...

  -n, --quiet, --silent
                 suppress automatic printing of pattern space
      --debug
                 annotate program execution
  -e script, --expression=script
                 add the script to the commands to be executed
  -f script-file, --file=script-file
                 add the contents of script-file to the commands to be executed
  --follow-symlinks
                 follow symlinks when processing in place
  -i[SUFFIX], --in-place[=SUFFIX]
                 edit files in place (makes backup if SUFFIX supplied)
  -l N, --line-length=N
                 specify the desired line-wrap length for the \`l' command
  --posix
                 disable all GNU extensions.
  -E, -r, --regexp-extended
                 use extended regular expressions in the script
                 (for portability use POSIX -E).
  -s, --separate
                 consider files as separate rather than as a single,
                 continuous long stream.
      --sandbox
                 operate in sandbox mode (disable e/r/w commands).
  -u, --unbuffered
                 load minimal amounts of data from the input files and flush
                 the output buffers more often
  -z, --null-data
                 separate lines by NUL characters
      --help     display this help and exit
      --version  output version information and exit

If no -e, --expression, -f, or --file option is given, then the first
non-option argument is taken as the sed script to interpret.  All
remaining arguments are names of input files; if no input files are
specified, then the standard input is read.

GNU sed home page: <https://www.gnu.org/software/sed/>.
General help using GNU software: <https://www.gnu.org/gethelp/>.
`;

/** A script error: bad_prog's `-e expression #N, char C: ` (status 1), or panic's bare text (status 4). */
class SedError extends Error {
  constructor(message: string, readonly where: string | undefined, readonly status = 1) {
    super(message);
  }
}

type AddrKind = 'num' | 'mod' | 'last' | 're' | 'step' | 'stepmod' | 'null';
interface Addr {
  kind: AddrKind;
  n: number;
  step: number;
  /** null: the empty regex, which is the last one used. */
  re?: RegExp | null;
}

/** Replacement pieces: literal text, a group (`&` is 0), or a case conversion (\U \L \E \u \l). */
type Piece = { text: string } | { group: number } | { convert: 'U' | 'L' | 'E' | 'u' | 'l' };

interface Subst {
  re: RegExp | null;
  pieces: Piece[];
  global: boolean;
  print: boolean;
  nth: number;
  wfile?: string;
}

const INACTIVE = 0;
const ACTIVE = 1;
const CLOSED = 2;

interface Cmd {
  name: string;
  a1?: Addr;
  a2?: Addr;
  bang: boolean;
  range: number;
  /** `{`, `b`, `t`, `T`: where execution continues. */
  jump: number;
  label: string;
  /** `a`, `i`, `c`: the text with its final newline; null when the script ended before any. */
  text: string | null;
  /** `q`/`Q`'s exit status, `l`'s line length (-1: the default). */
  int: number;
  file: string;
  s?: Subst;
  y?: Map<string, string>;
}

const EOF = '';
const isBlank = (c: string) => c === ' ' || c === '\t';
const isSpace = (c: string) => c !== EOF && ' \t\n\v\f\r'.includes(c);
const isDigit = (c: string) => c >= '0' && c <= '9' && c !== EOF;

/** The escapes GNU sed resolves before a regex, replacement or text sees them (normalize_text). */
function normalize(s: string, type: 'text' | 'repl' | 'regex'): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c !== '\\' || i + 1 >= s.length) { out += c; continue; }
    const n = s[++i];
    const simple: Record<string, string> = { a: '\x07', f: '\f', '\n': '\n', n: '\n', r: '\r', t: '\t', v: '\v' };
    if (n in simple) { out += simple[n]; continue; }
    const base = n === 'd' ? 10 : n === 'x' ? 16 : n === 'o' ? 8 : 0;
    if (base) {
      let j = i + 1;
      let v = 0;
      for (let max = 1; j < s.length && max <= 255; j++, max *= base) {
        const d = parseInt(s[j], 16);
        if (Number.isNaN(d) || d >= base) break;
        v = v * base + d;
      }
      const ch = j === i + 1 ? n : String.fromCharCode(v);
      if (type === 'repl' && (ch === '&' || ch === '\\')) out += '\\';
      out += ch;
      i = j - 1;
      continue;
    }
    if (n === 'c' && i + 1 < s.length) {
      const x = s[++i];
      if (x === '\\') {
        if (s[i + 1] !== '\\') throw new SedError('recursive escaping after \\c not allowed', undefined);
        i++;
      }
      out += String.fromCharCode(x.toUpperCase().charCodeAt(0) ^ 0x40);
      continue;
    }
    if (type !== 'text') out += '\\';
    out += n;
  }
  return out;
}

/** The compiler's state across -e expressions: `{`…`}`, labels and an `a\` whose text is the next expression's. */
class Compiler {
  readonly cmds: Cmd[] = [];
  readonly writes = new Set<string>();
  private blocks: { index: number; where: string }[] = [];
  private labels = new Map<string, number>();
  private jumps: Cmd[] = [];
  private pending: { cmd: Cmd; text: string } | undefined;
  private src = '';
  private cur = 0;
  private where: (cur: number) => string = () => '';
  private blockWhere: () => string = () => '';
  private exprCount = 0;
  private compiled = 0;
  /** `#n` as the script's first line is -n. */
  quiet = false;

  constructor(private readonly ere: boolean, private readonly sandbox: boolean) {}

  /** One -e expression (or the script argument), or a -f file's text (`file`). */
  compile(src: string, file?: string): void {
    this.src = src;
    this.cur = 0;
    const n = file === undefined ? ++this.exprCount : 0;
    this.where = file === undefined ? (cur) => `-e expression #${n}, char ${cur}` : (cur) => `file ${file} line ${src.slice(0, cur).split('\n').length}`;
    // An unmatched `{` is reported once all is read, with its expression but no position in it (or its file's line).
    this.blockWhere = file === undefined ? () => this.where(0) : () => this.where(this.cur);
    const first = this.compiled++ === 0;
    if (this.pending) this.readText(undefined, '\n');
    for (;;) {
      let ch: string;
      do ch = this.inchar(); while (ch === ';' || isSpace(ch));
      if (ch === EOF) break;
      const cmd: Cmd = { name: '', bang: false, range: INACTIVE, jump: -1, label: '', text: null, int: -1, file: '' };
      const a1 = this.address(ch);
      if (a1) {
        if (a1.kind === 'step' || a1.kind === 'stepmod') this.fail('invalid usage of +N or ~N as first address');
        cmd.a1 = a1;
        ch = this.nonblank();
        if (ch === ',') {
          cmd.a2 = this.address(this.nonblank());
          if (!cmd.a2) this.fail("unexpected `,'");
          ch = this.nonblank();
        }
        if (a1.kind === 'num' && a1.n === 0 && ((!cmd.a2 && ch !== 'r') || (cmd.a2 && cmd.a2.kind !== 're'))) this.fail('invalid usage of line address 0');
        // A `0,/re/` range is open before the first line, so /re/ may end it on line 1.
        if (a1.kind === 'num' && a1.n === 0) cmd.range = ACTIVE;
      }
      if (ch === '!') {
        cmd.bang = true;
        ch = this.nonblank();
        if (ch === '!') this.fail("multiple `!'s");
      }
      cmd.name = ch;
      if (this.command(cmd, ch, first)) this.cmds.push(cmd);
    }
  }

  /** After the last expression: unclosed blocks, an `a\` left without text, labels. */
  finish(): Cmd[] {
    if (this.blocks.length) throw new SedError("unmatched `{'", this.blocks[this.blocks.length - 1].where);
    if (this.pending) {
      this.pending.cmd.text = this.pending.text || null;
      this.pending = undefined;
    }
    for (const j of this.jumps) {
      const target = this.labels.get(j.label);
      if (target === undefined && j.label) throw new SedError(`can't find label for jump to \`${j.label}'`, undefined, 4);
      j.jump = target ?? this.cmds.length;
    }
    return this.cmds;
  }

  private fail(msg: string): never {
    throw new SedError(msg, this.where(this.cur));
  }

  private inchar(): string {
    return this.cur < this.src.length ? this.src[this.cur++] : EOF;
  }

  private savchar(ch: string): void {
    if (ch !== EOF) this.cur--;
  }

  private nonblank(): string {
    let ch: string;
    do ch = this.inchar(); while (isBlank(ch));
    return ch;
  }

  private integer(ch: string): number {
    let n = 0;
    while (isDigit(ch)) { n = n * 10 + Number(ch); ch = this.inchar(); }
    this.savchar(ch);
    return n;
  }

  private endOfCmd(): void {
    const ch = this.nonblank();
    if (ch === '}' || ch === '#') this.savchar(ch);
    else if (ch !== EOF && ch !== '\n' && ch !== ';') this.fail('extra characters after command');
  }

  private address(ch: string): Addr | undefined {
    if (ch === '/' || ch === '\\') {
      if (ch === '\\') ch = this.inchar();
      const b = this.matchSlash(ch, true);
      if (b === undefined) this.fail('unterminated address regex');
      let flags = '';
      for (;;) {
        ch = this.nonblank();
        if (ch === 'I') flags += 'i';
        else if (ch === 'M') flags += 'm';
        else break;
      }
      this.savchar(ch);
      return { kind: 're', n: 0, step: 0, re: this.regex(b, flags) };
    }
    if (isDigit(ch)) {
      const n = this.integer(ch);
      ch = this.nonblank();
      if (ch !== '~') { this.savchar(ch); return { kind: 'num', n, step: 0 }; }
      const step = this.integer(this.nonblank());
      return step > 0 ? { kind: 'mod', n, step } : { kind: 'num', n, step: 0 };
    }
    if (ch === '+' || ch === '~') {
      const step = this.integer(this.nonblank());
      return { kind: step === 0 ? 'null' : ch === '+' ? 'step' : 'stepmod', n: -1, step };
    }
    if (ch === '$') return { kind: 'last', n: 0, step: 0 };
    return undefined;
  }

  /** The text up to an unescaped `slash` (match_slash): undefined when the line or script ends first. */
  private matchSlash(slash: string, regex: boolean): string | undefined {
    let b = '';
    let ch: string;
    while ((ch = this.inchar()) !== EOF && ch !== '\n') {
      if (ch === slash) return b;
      if (ch === '\\') {
        ch = this.inchar();
        if (ch === EOF) break;
        if (ch !== '\n' && (ch !== slash || (!regex && ch === '&'))) b += '\\';
      } else if (ch === '[' && regex) {
        // A delimiter inside a bracket expression is literal.
        const close = this.bracketEnd();
        if (close === undefined) break;
        b += close;
        continue;
      }
      b += ch;
    }
    if (ch === '\n') this.savchar(ch);
    return undefined;
  }

  /** The two parts of `s/RE/REPL/` or `y/SRC/DST/`, delimited by the character after the command. */
  private parts(cmd: 's' | 'y'): [string, string] {
    const slash = this.inchar();
    const a = this.matchSlash(slash, cmd === 's');
    const b = a === undefined ? undefined : this.matchSlash(slash, false);
    if (b === undefined) this.fail(`unterminated \`${cmd}' command`);
    return [a!, b];
  }

  private bracketEnd(): string | undefined {
    let b = '[';
    let ch = this.inchar();
    if (ch === '^') { b += ch; ch = this.inchar(); }
    if (ch === ']') { b += ch; ch = this.inchar(); }
    while (ch !== EOF && ch !== '\n' && ch !== ']') {
      b += ch;
      if (ch === '[' && ':.='.includes(this.src[this.cur] ?? '\0')) {
        const kind = this.inchar();
        b += kind;
        const end = this.src.indexOf(kind + ']', this.cur);
        if (end < 0) return undefined;
        b += this.src.slice(this.cur, end + 2);
        this.cur = end + 2;
      }
      ch = this.inchar();
    }
    if (ch !== ']') { this.savchar(ch); return undefined; }
    return b + ch;
  }

  private regex(src: string, flags: string, groups = 0): RegExp | null {
    if (src === '') return null;
    const js = normalize(src, 'regex');
    let re: RegExp;
    try {
      // POSIX `.` matches a newline in the pattern space unless M (REG_NEWLINE) is given.
      re = new RegExp(this.ere ? ereToJs(js) : breToJs(js), flags.includes('m') ? flags : flags + 's');
    } catch {
      this.fail(regexError(src, this.ere));
    }
    const has = new RegExp(`${re.source}|`, re.flags).exec('')!.length - 1;
    if (groups > has) this.fail(`invalid reference \\${groups} on \`s' command's RHS`);
    return re;
  }

  /** Reads `a`/`i`/`c` text (read_text): up to an unescaped newline; a trailing backslash continues it in the next -e. */
  private readText(cmd: Cmd | undefined, leadin: string): void {
    if (cmd) this.pending = { cmd, text: '' };
    const p = this.pending!;
    if (leadin === EOF) return;
    if (leadin !== '\n') p.text += leadin;
    let ch = this.inchar();
    while (ch !== EOF && ch !== '\n') {
      if (ch === '\\') {
        ch = this.inchar();
        if (ch !== EOF) p.text += '\\';
      }
      if (ch === EOF) { p.text += '\n'; return; }
      p.text += ch;
      ch = this.inchar();
    }
    p.cmd.text = normalize(p.text + '\n', 'text');
    this.pending = undefined;
  }

  private label(): string {
    let ch = this.nonblank();
    let b = '';
    while (ch !== EOF && ch !== '\n' && !isBlank(ch) && ch !== ';' && ch !== '}' && ch !== '#') { b += ch; ch = this.inchar(); }
    this.savchar(ch);
    return b;
  }

  private filename(): string {
    if (this.sandbox) this.fail('e/r/w commands disabled in sandbox mode');
    let ch = this.nonblank();
    let b = '';
    while (ch !== EOF && ch !== '\n') { b += ch; ch = this.inchar(); }
    if (!b) this.fail('missing filename in r/R/w/W commands');
    return b;
  }

  /** Compiles command `ch` into `cmd`; false for what takes no slot (comments, `v`). */
  private command(cmd: Cmd, ch: string, first: boolean): boolean {
    const oneAddress = () => { if (cmd.a2) this.fail('command only uses one address'); };
    switch (ch) {
      case '#':
        if (cmd.a1) this.fail("comments don't accept any addresses");
        ch = this.inchar();
        if (ch === 'n' && first && this.cur === 2) this.quiet = true;
        while (ch !== EOF && ch !== '\n') ch = this.inchar();
        return false;
      case 'v':
        this.label();
        return false;
      case '{':
        this.blocks.push({ index: this.cmds.length, where: this.blockWhere() });
        // The jump past the block is taken when the address does not match.
        cmd.bang = !cmd.bang;
        return true;
      case '}':
        if (!this.blocks.length) this.fail("unexpected `}'");
        if (cmd.a1) this.fail("`}' doesn't want any addresses");
        this.endOfCmd();
        this.cmds[this.blocks.pop()!.index].jump = this.cmds.length;
        return true;
      case 'a': case 'i': case 'c': {
        ch = this.nonblank();
        if (ch === EOF) this.fail("expected \\ after `a', `c' or `i'");
        if (ch === '\\') ch = this.inchar();
        else { this.savchar(ch); ch = '\n'; }
        this.readText(cmd, ch);
        return true;
      }
      case ':': {
        if (cmd.a1) this.fail(': doesn\'t want any addresses');
        const l = this.label();
        if (!l) this.fail('":" lacks a label');
        this.labels.set(l, this.cmds.length);
        return true;
      }
      case 'b': case 't': case 'T':
        cmd.label = this.label();
        this.jumps.push(cmd);
        return true;
      case 'q': case 'Q': case 'l': case 'L':
        if (ch === 'q' || ch === 'Q') oneAddress();
        ch = this.nonblank();
        if (isDigit(ch)) cmd.int = this.integer(ch);
        else this.savchar(ch);
        this.endOfCmd();
        return true;
      case '=': case 'd': case 'D': case 'F': case 'g': case 'G': case 'h': case 'H': case 'n': case 'N': case 'p': case 'P': case 'z': case 'x':
        this.endOfCmd();
        return true;
      case 'r': case 'R':
        cmd.file = this.filename();
        // `0r FILE` puts the file before the first line.
        if (ch === 'r' && cmd.a1?.kind === 'num' && cmd.a1.n === 0 && !cmd.a2) { cmd.a1.n = 1; cmd.range = INACTIVE; cmd.name = '0r'; }
        return true;
      case 'w': case 'W':
        cmd.file = this.filename();
        this.writes.add(cmd.file);
        return true;
      case 's': {
        const [re, repl] = this.parts('s');
        const { pieces, maxGroup } = replacement(normalize(repl, 'repl'));
        const s: Subst = { re: null, pieces, global: false, print: false, nth: 0 };
        let flags = '';
        for (let done = false; !done;) {
          const f = this.nonblank();
          switch (f) {
            case 'i': case 'I': flags += 'i'; break;
            case 'm': case 'M': flags += 'm'; break;
            case 'p': if (s.print) this.fail("multiple `p' options to `s' command"); s.print = true; break;
            case 'g': if (s.global) this.fail("multiple `g' options to `s' command"); s.global = true; break;
            case 'w': s.wfile = this.filename(); this.writes.add(s.wfile); done = true; break;
            case '}': case '#': this.savchar(f); done = true; break;
            case EOF: case '\n': case ';': done = true; break;
            default:
              if (!isDigit(f)) this.fail("unknown option to `s'");
              if (s.nth) this.fail("multiple number options to `s' command");
              s.nth = this.integer(f);
              if (!s.nth) this.fail("number option to `s' command may not be zero");
          }
        }
        s.re = this.regex(re, flags, maxGroup);
        cmd.s = s;
        return true;
      }
      case 'y': {
        const [from, to] = this.parts('y');
        const a = [...normalize(from, 'text')];
        const b = [...normalize(to, 'text')];
        if (a.length !== b.length) this.fail("strings for `y' command are different lengths");
        this.endOfCmd();
        cmd.y = new Map(a.map((c, i) => [c, b[i]]));
        return true;
      }
      case EOF: return this.fail('missing command');
      default: return this.fail(`unknown command: \`${ch}'`);
    }
  }
}

/** glibc's message for a regex it cannot compile, as far as the JavaScript translation's failure tells. */
function regexError(src: string, ere: boolean): string {
  let depth = 0;
  for (let i = 0; i < src.length; i++) {
    if (src[i] === '\\') {
      i++;
      if (!ere && src[i] === '(') depth++;
      if (!ere && src[i] === ')') depth--;
    } else if (ere && src[i] === '(') depth++;
    else if (ere && src[i] === ')') depth--;
    else if (src[i] === '[') {
      const close = src.indexOf(']', i + 2);
      if (close < 0) return 'Unmatched [, [^, [:, [., or [=';
      i = close;
    }
  }
  if (depth > 0) return 'Unmatched ( or \\(';
  if (depth < 0) return 'Unmatched ) or \\)';
  return 'Invalid preceding regular expression';
}

/** The replacement's pieces (setup_replacement), and the highest group it names. */
function replacement(text: string): { pieces: Piece[]; maxGroup: number } {
  const pieces: Piece[] = [];
  let lit = '';
  let maxGroup = 0;
  const flush = () => { if (lit) pieces.push({ text: lit }); lit = ''; };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '&') { flush(); pieces.push({ group: 0 }); continue; }
    if (c !== '\\' || i + 1 >= text.length) { lit += c; continue; }
    const n = text[++i];
    if (isDigit(n)) { flush(); pieces.push({ group: Number(n) }); maxGroup = Math.max(maxGroup, Number(n)); }
    else if ('ULEul'.includes(n)) { flush(); pieces.push({ convert: n as 'U' }); }
    else lit += n;
  }
  flush();
  return { pieces, maxGroup };
}

/** The replacement for match `m`, with GNU's case conversions: \u and \l wait for the next non-empty piece. */
function expand(pieces: Piece[], m: RegExpExecArray): string {
  let out = '';
  let mode: 'U' | 'L' | 'E' = 'E';
  let once: 'u' | 'l' | undefined;
  for (const p of pieces) {
    if ('convert' in p) {
      if (p.convert === 'u' || p.convert === 'l') once = p.convert;
      else { mode = p.convert; once = undefined; }
      continue;
    }
    let s = 'text' in p ? p.text : m[p.group] ?? '';
    if (!s) continue;
    if (mode === 'U') s = s.toUpperCase();
    else if (mode === 'L') s = s.toLowerCase();
    if (once) { s = (once === 'u' ? s[0].toUpperCase() : s[0].toLowerCase()) + s.slice(1); once = undefined; }
    out += s;
  }
  return out;
}

/** `l`'s escaped form of the pattern space, wrapped at `width` (0: never). */
function list(text: string, width: number, nl: string): string {
  const names: Record<number, string> = { 7: 'a', 8: 'b', 12: 'f', 10: 'n', 13: 'r', 9: 't', 11: 'v' };
  let out = '';
  let col = 0;
  for (const byte of new TextEncoder().encode(text)) {
    const o = byte === 0x5c ? '\\\\' : byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : names[byte] ? `\\${names[byte]}` : `\\${byte.toString(8).padStart(3, '0')}`;
    if (width > 0 && width - o.length <= col) { out += `\\${nl}`; col = 0; }
    out += o;
    col += o.length;
  }
  return `${out}$${nl}`;
}

/** An output stream that, like GNU's, owes a newline when the last line it got had none. */
class Output {
  text = '';
  private missing = false;

  constructor(private readonly nl: string) {}

  line(s: string, nl: boolean): void {
    this.flushMissing();
    this.text += s + (nl ? this.nl : '');
    this.missing = !nl;
  }

  raw(s: string): void {
    this.flushMissing();
    this.text += s;
  }

  flushMissing(): void {
    if (this.missing) { this.text += this.nl; this.missing = false; }
  }
}

interface Line { text: string; chomped: boolean; file: string }

/** Splits input text into lines, noting whether the last had its newline. */
function splitLines(text: string, file: string, nl: string): Line[] {
  if (text === '') return [];
  const parts = text.split(nl);
  const last = parts.pop()!;
  const out = parts.map((t) => ({ text: t, chomped: true, file }));
  if (last !== '') out.push({ text: last, chomped: false, file });
  return out;
}

class Runner {
  private hold = '';
  private ps = '';
  private chomped = true;
  private replaced = false;
  private lineNumber = 0;
  private pos = 0;
  private lines: Line[] = [];
  private file = '-';
  private appendQueue: { text?: string; file?: string }[] = [];
  private lastRe: RegExp | undefined;
  private readonly rfiles = new Map<string, { lines: Line[]; pos: number }>();
  out: Output;

  constructor(
    private readonly cmds: Cmd[],
    private readonly quiet: boolean,
    private readonly lineLength: number,
    readonly stdout: Output,
    private readonly files: Map<string, Output>,
    private readonly readFile: (f: string) => string | undefined,
    private readonly nl: string,
  ) {
    this.out = stdout;
  }

  /** A fresh stream (another file under -i or -s): line numbers, hold space and ranges start over. */
  reset(lines: Line[]): void {
    this.lines = lines;
    this.pos = 0;
    this.lineNumber = 0;
    this.hold = '';
    for (const c of this.cmds) c.range = c.a1?.kind === 'num' && c.a1.n === 0 ? ACTIVE : INACTIVE;
    for (const r of this.rfiles.values()) r.pos = 0;
  }

  /** Runs every cycle of the current stream; a number is `q`'s exit status. */
  run(): number | undefined {
    while (this.read(false)) {
      const status = this.execute();
      if (status !== undefined) return status;
    }
    return undefined;
  }

  private isLast(): boolean {
    return this.pos >= this.lines.length;
  }

  private read(append: boolean): boolean {
    this.dumpAppends();
    this.replaced = false;
    if (this.pos >= this.lines.length) return false;
    const l = this.lines[this.pos++];
    this.ps = append ? this.ps + l.text : l.text;
    this.chomped = l.chomped;
    this.file = l.file;
    this.lineNumber++;
    return true;
  }

  private dumpAppends(): void {
    if (!this.appendQueue.length) return;
    this.out.flushMissing();
    for (const a of this.appendQueue) {
      if (a.text !== undefined) this.out.raw(a.text);
      // A file that cannot be read is an empty one (POSIX), so no error.
      if (a.file !== undefined) this.out.raw(this.readFile(a.file) ?? '');
    }
    this.appendQueue = [];
  }

  private emit(s: string, nl: boolean, to = this.out): void {
    to.line(s, nl);
  }

  private match(a: Addr): boolean {
    switch (a.kind) {
      case 'null': return true;
      case 're': return this.test(a.re!, this.ps);
      case 'mod': return this.lineNumber >= a.n && (this.lineNumber - a.n) % a.step === 0;
      case 'step': case 'stepmod': return a.n <= this.lineNumber;
      case 'last': return this.isLast();
      case 'num': return a.n === this.lineNumber;
    }
  }

  private test(re: RegExp | null, s: string): boolean {
    const r = this.regex(re);
    r.lastIndex = 0;
    return r.test(s);
  }

  private regex(re: RegExp | null): RegExp {
    if (re) { this.lastRe = re; return re; }
    if (!this.lastRe) throw new SedError('no previous regular expression', '-e expression #1, char 0');
    return this.lastRe;
  }

  /** match_address_p, with its range states. */
  private selected(c: Cmd): boolean {
    const { a1, a2 } = c;
    if (!a1) return true;
    const n = this.lineNumber;
    if (c.range !== ACTIVE) {
      if (!a2) return this.match(a1);
      // A line-number start is a state, not a match: a range jumped over by `b` still starts after it.
      if (a1.kind === 'num') {
        if (c.range === CLOSED || n < a1.n) return false;
      } else if (!this.match(a1)) return false;
      c.range = ACTIVE;
      switch (a2.kind) {
        case 're': return true;
        case 'num':
          if (n >= a2.n) c.range = CLOSED;
          return n <= a2.n || this.match(a1);
        case 'step': a2.n = n + a2.step; return true;
        case 'stepmod': a2.n = n + (a2.step - (n % a2.step)); return true;
        default: break;
      }
    }
    if (a2!.kind === 'num') {
      if (n >= a2!.n) c.range = CLOSED;
      return n <= a2!.n;
    }
    if (this.match(a2!)) c.range = CLOSED;
    return true;
  }

  private subst(s: Subst): void {
    const base = this.regex(s.re);
    const re = new RegExp(base.source, base.flags.includes('g') ? base.flags : base.flags + 'g');
    const line = this.ps;
    let m = re.exec(line);
    if (!m) return;
    let out = '';
    let start = 0;
    let lastEnd = 0;
    let count = 0;
    let again = true;
    let done = false;
    for (;;) {
      const offset = m.index;
      let matched = m[0].length;
      if (start < offset) { out += line.slice(start, offset); start = offset; }
      // An empty match right after a match is not one (`s/a*/x/g` on baaac is xbxcx).
      if ((matched > 0 || count === 0 || offset > lastEnd) && ++count >= s.nth) {
        done = true;
        out += expand(s.pieces, m);
        again = s.global;
      } else {
        if (matched === 0) {
          if (start >= line.length) break;
          matched = 1;
        }
        out += line.substr(offset, matched);
      }
      start = offset + matched;
      lastEnd = offset + m[0].length;
      if (!again || start > line.length) break;
      re.lastIndex = start;
      const next = re.exec(line);
      if (!next) break;
      m = next;
    }
    if (start < line.length) out += line.slice(start);
    if (!done) return;
    this.ps = out;
    this.replaced = true;
    if (s.print) this.emit(this.ps, this.chomped);
    if (s.wfile) this.emit(this.ps, this.chomped, this.files.get(s.wfile));
  }

  /** One cycle (execute_program): undefined to go on, or the exit status to quit with. */
  private execute(): number | undefined {
    const cmds = this.cmds;
    let i = 0;
    while (i < cmds.length) {
      const c = cmds[i];
      if (this.selected(c) === c.bang) { i++; continue; }
      switch (c.name) {
        case '{': case 'b': i = c.jump; continue;
        case 'a': this.appendQueue.push({ text: c.text ?? '' }); break;
        case 'i': if (c.text !== null) this.emit(c.text.slice(0, -1), true); break;
        case 'c':
          // In a range, the text replaces the whole range: it is printed at its last line.
          if (c.range !== ACTIVE && c.text !== null) this.emit(c.text.slice(0, -1), true);
          return undefined;
        case 'd': return undefined;
        case 'D': {
          const nl = this.ps.indexOf(this.nl);
          if (nl < 0) return undefined;
          this.ps = this.ps.slice(nl + 1);
          i = 0;
          continue;
        }
        case 'g': this.ps = this.hold; break;
        case 'G': this.ps += this.nl + this.hold; break;
        case 'h': this.hold = this.ps; break;
        case 'H': this.hold += this.nl + this.ps; break;
        case 'x': [this.ps, this.hold] = [this.hold, this.ps]; break;
        case 'l': this.out.raw(list(this.ps, c.int === -1 ? this.lineLength : c.int, this.nl)); break;
        case 'n':
          if (!this.quiet) this.emit(this.ps, this.chomped);
          if (this.isLast() || !this.read(false)) return undefined;
          break;
        case 'N':
          this.ps += this.nl;
          if (this.isLast() || !this.read(true)) {
            // GNU prints the pattern space when N finds no next line (POSIX would delete it).
            this.ps = this.ps.slice(0, -1);
            if (!this.quiet) this.emit(this.ps, this.chomped);
            return undefined;
          }
          break;
        case 'p': this.emit(this.ps, this.chomped); break;
        case 'P': {
          const nl = this.ps.indexOf(this.nl);
          this.emit(nl < 0 ? this.ps : this.ps.slice(0, nl), nl < 0 ? this.chomped : true);
          break;
        }
        case 'q':
          if (!this.quiet) this.emit(this.ps, this.chomped);
          this.dumpAppends();
          return Math.max(0, c.int);
        case 'Q': return Math.max(0, c.int);
        case 'r': this.appendQueue.push({ file: c.file }); break;
        case '0r': this.out.raw(this.readFile(c.file) ?? ''); break;
        case 'R': {
          let r = this.rfiles.get(c.file);
          if (!r) this.rfiles.set(c.file, (r = { lines: splitLines(this.readFile(c.file) ?? '', c.file, this.nl), pos: 0 }));
          const l = r.lines[r.pos++];
          if (l) this.appendQueue.push({ text: l.text + (l.chomped ? this.nl : '') });
          break;
        }
        case 's': this.subst(c.s!); break;
        case 't': case 'T':
          if (this.replaced === (c.name === 't')) { this.replaced = false; i = c.jump; continue; }
          this.replaced = false;
          break;
        case 'w': this.emit(this.ps, this.chomped, this.files.get(c.file)); break;
        case 'W': {
          const nl = this.ps.indexOf(this.nl);
          this.emit(nl < 0 ? this.ps : this.ps.slice(0, nl), nl < 0 ? this.chomped : true, this.files.get(c.file));
          break;
        }
        case 'y': this.ps = [...this.ps].map((ch) => c.y!.get(ch) ?? ch).join(''); break;
        case 'z': this.ps = ''; break;
        case '=': this.out.raw(`${this.lineNumber}${this.nl}`); break;
        case 'F': this.out.raw(`${this.file}${this.nl}`); break;
        case 'L': throw new SedError('INTERNAL ERROR: Bad cmd L', undefined, 4);
        default: break; // `}` and `:` do nothing when reached.
      }
      i++;
    }
    if (!this.quiet) this.emit(this.ps, this.chomped);
    return undefined;
  }

  /** What is left to write once input ends: the last cycle's append queue. */
  end(): void {
    this.dumpAppends();
  }
}

interface Options {
  quiet: boolean;
  ere: boolean;
  inPlace: boolean;
  /** -i's backup suffix: `*` in it stands for the file's name. */
  suffix: string;
  separate: boolean;
  sandbox: boolean;
  lineLength: number;
  /** The line delimiter: NUL with -z. */
  nl: string;
  scripts: { text: string; file?: string }[];
  files: string[];
}

/** GNU getopt_long over sed's options: clustered short options, `-e SCRIPT`/`-eSCRIPT`, `-i[SUFFIX]`, permuted operands. */
function parseOptions(args: string[], ctx: ProcessContext): Options | { status: number; stdout?: string; stderr?: string } {
  const o: Options = { quiet: false, ere: false, inPlace: false, suffix: '', separate: false, sandbox: false, lineLength: 70, nl: '\n', scripts: [], files: [] };
  const bad = (msg: string) => ({ status: 1, stderr: `sed: ${msg}\n${USAGE}` });
  const scriptFile = (f: string) => {
    const text = f === '-' ? undefined : ctx.fs.readFile(ctx.fs.resolve(ctx.cwd, f));
    if (text === undefined) return false;
    o.scripts.push({ text: text.endsWith('\n') ? text.slice(0, -1) : text, file: f });
    return true;
  };
  const LONG: Record<string, string> = {
    quiet: 'n', silent: 'n', expression: 'e', file: 'f', 'in-place': 'i', 'line-length': 'l', 'regexp-extended': 'E', separate: 's',
    'null-data': 'z', unbuffered: 'u', debug: '', posix: '', sandbox: 'sandbox', 'follow-symlinks': '', help: 'help',
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') { o.files.push(...args.slice(i + 1)); break; }
    let opts: [string, string | undefined][] = [];
    if (a.startsWith('--')) {
      const [name, value] = a.slice(2).split(/=(.*)/s);
      const matches = Object.keys(LONG).filter((k) => k.startsWith(name));
      const full = matches.includes(name) ? name : matches.length === 1 ? matches[0] : undefined;
      if (full === undefined) return bad(matches.length > 1 ? `option '${a}' is ambiguous` : `unrecognized option '${a}'`);
      const letter = LONG[full];
      if (letter === 'help') return { status: 0, stdout: USAGE };
      if (letter === 'sandbox') { o.sandbox = true; continue; }
      if ((letter === 'e' || letter === 'f' || letter === 'l') && value === undefined) {
        if (i + 1 >= args.length) return bad(`option '--${full}' requires an argument`);
        opts = [[letter, args[++i]]];
      } else opts = [[letter, value]];
    } else if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const l = a[j];
        if ('efl'.includes(l)) {
          let v = a.slice(j + 1);
          if (!v) {
            if (i + 1 >= args.length) return bad(`option requires an argument -- '${l}'`);
            v = args[++i];
          }
          opts.push([l, v]);
          break;
        }
        if (l === 'i') { opts.push([l, a.slice(j + 1)]); break; }
        if (!'nrEszu'.includes(l)) return bad(`invalid option -- '${l}'`);
        opts.push([l, undefined]);
      }
    } else { o.files.push(a); continue; }
    for (const [l, v] of opts) {
      if (l === 'n') o.quiet = true;
      else if (l === 'r' || l === 'E') o.ere = true;
      else if (l === 's') o.separate = true;
      else if (l === 'z') o.nl = '\0';
      else if (l === 'i') { o.inPlace = true; o.separate = true; o.suffix = v ?? ''; }
      else if (l === 'e') o.scripts.push({ text: v! });
      else if (l === 'l') o.lineLength = Number(v);
      else if (l === 'f' && !scriptFile(v!)) return { status: 4, stderr: `sed: couldn't open file ${v}: No such file or directory\n` };
    }
  }
  if (o.scripts.length === 0) {
    if (o.files.length === 0) return { status: 1, stderr: USAGE };
    o.scripts.push({ text: o.files.shift()! });
  }
  return o;
}

/** sed [OPTION]... {script} [input-file]...: GNU sed 4.9's script language over the shell's files. */
export const sed: CommandSpec = {
  name: 'sed',
  summary: 'stream editor for filtering and transforming text',
  async run(ctx) {
    const o = parseOptions(ctx.argv.slice(1), ctx);
    if ('status' in o) {
      if (o.stdout) ctx.stdout.write(o.stdout);
      if (o.stderr) ctx.stderr.write(o.stderr);
      return o.status;
    }
    const stdout = new Output(o.nl);
    const flush = () => { if (stdout.text) ctx.stdout.write(stdout.text); stdout.text = ''; };
    const fail = (e: unknown): number => {
      flush();
      if (!(e instanceof SedError)) throw e;
      ctx.stderr.write(`sed: ${e.where ? `${e.where}: ` : ''}${e.message}\n`);
      return e.status;
    };
    const compiler = new Compiler(o.ere, o.sandbox);
    let cmds: Cmd[];
    try {
      for (const s of o.scripts) compiler.compile(s.text, s.file);
      cmds = compiler.finish();
    } catch (e) {
      return fail(e);
    }
    const abs = (f: string) => ctx.fs.resolve(ctx.cwd, f);
    // `w` files are created (emptied) when the script is compiled, as GNU opens them then.
    const files = new Map<string, Output>();
    for (const f of compiler.writes) {
      if (f === '/dev/stdout') { files.set(f, stdout); continue; }
      if (f !== '/dev/stderr') {
        try {
          ctx.fs.writeFile(abs(f), '');
        } catch (e) {
          ctx.stderr.write(`sed: couldn't open file ${f}: ${e instanceof FsError ? e.message : String(e)}\n`);
          return 4;
        }
      }
      files.set(f, new Output(o.nl));
    }
    const readFile = (f: string) => {
      const st = ctx.fs.stat(abs(f));
      return st?.type === 'file' ? ctx.fs.readFile(abs(f)) : undefined;
    };
    const runner = new Runner(cmds, o.quiet || compiler.quiet, o.lineLength, stdout, files, readFile, o.nl);
    if (o.inPlace && o.files.length === 0) { ctx.stderr.write('sed: no input files\n'); return 4; }
    const stdin = o.files.length === 0 || o.files.includes('-') ? await ctx.stdin.readAll() : '';
    let status = 0;
    let quit: number | undefined;
    try {
      /** Each input file's lines, or undefined (with its error written) when it cannot be read. */
      const input = (f: string): Line[] | undefined => {
        if (f === '-' && !o.inPlace) return splitLines(stdin, '-', o.nl);
        const st = ctx.fs.stat(abs(f));
        if (!st) { ctx.stderr.write(`sed: can't read ${f}: No such file or directory\n`); status = 2; return undefined; }
        if (st.type === 'dir') {
          throw new SedError(o.inPlace ? `couldn't edit ${f}: not a regular file` : `read error on ${f}: Is a directory`, undefined, 4);
        }
        return splitLines(ctx.fs.readFile(abs(f)) ?? '', f, o.nl);
      };
      const names = o.files.length ? o.files : ['-'];
      if (o.separate) {
        for (const f of names) {
          const lines = input(f);
          if (!lines) continue;
          runner.reset(lines);
          if (o.inPlace) runner.out = new Output(o.nl);
          quit = runner.run();
          runner.end();
          if (o.inPlace && o.suffix) {
            const base = f.slice(f.lastIndexOf('/') + 1);
            const backup = o.suffix.includes('*') ? o.suffix.replaceAll('*', base) : base + o.suffix;
            ctx.fs.writeFile(abs(f.slice(0, f.lastIndexOf('/') + 1) + backup), ctx.fs.readFile(abs(f)) ?? '');
          }
          if (o.inPlace) ctx.fs.writeFile(abs(f), runner.out.text);
          if (quit !== undefined) break;
        }
      } else {
        const lines: Line[] = [];
        for (const f of names) lines.push(...(input(f) ?? []));
        runner.reset(lines);
        quit = runner.run();
        runner.end();
      }
    } catch (e) {
      writeFiles();
      return fail(e);
    }
    function writeFiles() {
      for (const [f, out] of files) {
        if (f === '/dev/stderr') ctx.stderr.write(out.text);
        else if (out !== stdout) ctx.fs.writeFile(abs(f), out.text);
      }
    }
    writeFiles();
    flush();
    return status || (quit ?? 0);
  },
};
