/**
 * The small POSIX shell inside simulated containers (busybox ash / dash). It runs
 * both `kubectl exec` commands and container commands such as
 * `sh -c "touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600"`.
 * The interpreter is a generator that yields each sleep, so a container's
 * main process advances on the virtual clock while an exec simply adds the
 * sleeps up. Supported: ; && || newlines, while/until … do … done, for … in,
 * if/then/else/fi, assignments, $VAR ${VAR} $((arith)) $(cmd), quotes,
 * > >> 2>&1 >&2 redirections, and the builtins below.
 *
 * Rarely used applets (`expr`, `date` with options) load on first use: the
 * interpreter yields a `load` step, as it yields sleeps, and whoever drives it
 * holds the virtual clock until the code is there, then resumes it at the
 * same instant (`finishShell` for the drivers that run a command to its end). This module itself loads the same
 * way, at the first shell a container runs (shell-process.ts); the container's files are in container-fs.ts.
 */

import { formatPs, signalNumber } from './processes.js';
import { KERNEL_BUILD, KERNEL_VERSION } from './node-status.js';
import { plainDate } from '../shell/commands/date.js';
import { ArithError, evaluateArithmetic } from '../shell/arith.js';
import { patternToRegExp } from '../shell/glob.js';
import { utf8Length } from '../util/utf8.js';
import type { NetworkAnswer } from './runtime.js';
import type { EtcdToolContext, EtcdToolResult } from '../etcd/etcdctl.js';
import { ContainerFS } from './container-fs.js';
import { shellName, type Yield } from './shell-process.js';
import type { ImageAccount } from '../images/catalogue.js';
import { retryingLoader } from '../util/lazy-module.js';
import type { ProcessSecurity } from './security-context.js';
import type { Identity } from './identity.js';

// Moved out so that the page's entry keeps them without the interpreter (shell-process.ts loads it on first use).
export { ContainerFS, LazyFiles, type FileContent } from './container-fs.js';
export { finishShell, shellName, type Finished, type Yield } from './shell-process.js';

type Applets = typeof import('./applets.js');
let applets: Applets | undefined;
/** Loads the lazily loaded applets; a failed load leaves them unloaded, its error for the command to print. */
const appletsLoader = retryingLoader(() => import('./applets.js'), (m) => { applets = m; });
export const loadContainerApplets = (): Promise<void> => appletsLoader.load();

/** `$(…)` runs at once while words expand, where the interpreter cannot stop: a substitution (not `$((arith))`) loads the applets first. */
const SUBSTITUTION = /\$\((?!\()/;

export interface ShellIO {
  stdout(text: string): void;
  stderr(text: string): void;
  /** stdout is the exec's TTY (kubectl exec -it): a pipe or a redirection makes a new ShellIO without it. */
  tty?: boolean;
}

/** What a command inside the container can see and change. */
export interface ShellHost {
  env: Record<string, string>;
  hostname: string;
  /** Executables present in the image (busybox applets, nginx, …): with its file tree, a program file found through PATH (or the path, from `cwd`). */
  hasBinary(name: string, cwd?: string): boolean;
  /** The image's version (busybox's banner names it). */
  imageVersion?: string;
  /** With an image tree: whether the lab runs this program of it (else it says it does not, rather than do nothing). */
  simulated?(name: string): boolean;
  /**
   * The image's userland: busybox (its ash as `sh`, its applets' texts), or a Debian image's (`sh` is dash,
   * `bash` is bash, GNU coreutils' texts).
   */
  flavour: 'busybox' | 'bash';
  fs: ContainerFS;
  now(): number;
  /** `ps` listing of the processes the container's PID namespace holds, by PID. */
  processes(): { pid: number; user: string; command: string }[];
  /** `kill -SIG <pid>` (signal number) sent by process `from`. Returns false when no such process. */
  kill(pid: number, signal: number, from?: number): boolean;
  /** This shell's own PID (`$$`). */
  pid?: number;
  /** The user the container runs as when it is not root (the image's USER): `id`, `whoami`, where it may write; its home is the image's WORKDIR. */
  user?: ImageAccount;
  /** The image's WORKDIR, where an exec'd command starts. */
  workingDir?: string;
  /** Set only when the pod or container has a securityContext: who the shell runs as, its groups and privileges. */
  security?: ProcessSecurity;
  /** What must be in the container before a shell's first command (the image's /etc/passwd and /etc/group): a promise while it loads. */
  prepare?(): Promise<unknown> | undefined;
  /** Process PID as this container sees it (for /proc/PID/status); undefined when there is none. */
  process?(pid: number): { uid: number; command: string; main: boolean; security?: ProcessSecurity } | undefined;
  /** A command the shell forks (anything not built in): its PID, shown by `ps` until `reap`. */
  spawn?(argv: string[]): number | undefined;
  reap?(pid: number): void;
  /** The shell's process became `argv` (exec): `ps` shows that command line from now on. */
  execed?(argv: string[]): void;
  /** The files of process PID's container (`/proc/PID/root/…`), undefined when there is no such process. */
  procRoot?(pid: number): ContainerFS | undefined;
  /** The terminal's width when the output goes to one (busybox ps cuts its lines to it). */
  columns?: number;
  /** wget / curl / nslookup, answered by the network (engine/net); undefined means unreachable. */
  network?(argv: string[], readFile?: (path: string) => string | undefined, stdoutTTY?: boolean): NetworkAnswer | undefined;
  /** Loads what a network command needs before it runs (ping's code): a promise, or undefined when it is there. */
  prepareNetwork?(argv: string[]): Promise<unknown> | undefined;
  /** free, df, nproc, uptime, ip: the node's figures and the pod's devices; a promise while their code loads. */
  machine?(argv: string[]): { stdout: string; stderr: string; exitCode: number } | Promise<void> | undefined;
  /** A client of the image's server that the pulled image's code runs (redis-cli); undefined: not modelled. */
  client?(argv: string[], stdoutTTY: boolean): { stdout: string; stderr: string; status: number } | undefined;
  /** etcdctl and etcdutl against the cluster's etcd (engine/etcd): a promise of their output, their code loading first. */
  etcd?(argv: string[], ctx: EtcdToolContext): Promise<EtcdToolResult>;
  /**
   * Only for a container's main process: runs an image's own server in the
   * foreground (`nginx -g 'daemon off;'`), or as the process itself after
   * `exec`. Returns false when argv is not a long-running server, which then
   * runs and prints nothing as before.
   */
  serve?(argv: string[], viaExec: boolean): boolean;
}

/** What an interactive shell keeps between lines. */
export interface InteractiveState {
  vars: Record<string, string>;
  cwd: string;
  last: number;
  /** Lines read so far: dash numbers its messages with them (`sh: 3: foo: not found`). */
  lines?: number;
}
class ExitSignal {
  constructor(readonly code: number) {}
}
class ReturnSignal {
  constructor(readonly code: number) {}
}
/**
 * An error that ends a script (an interactive shell abandons the line): ash's `arithmetic syntax error`, exit 2
 * (bash: `status`). `message` follows the shell's prefix (`sh: `, `sh: 1: `, `bash: line 1: `).
 */
export class ScriptError {
  constructor(readonly message: string, readonly status = 2) {}
}

/**
 * A script that does not parse. The three shells word it differently, so it keeps what went wrong: a token out
 * of place, the end of the text while a compound command was open, or a quote left open. `line` counts from 1.
 */
export class ShellSyntaxError extends SyntaxError {
  constructor(readonly kind: 'unexpected' | 'eof' | 'unterminated', readonly line: number, readonly token?: string, readonly expecting?: string, readonly quote?: string) {
    const wanted = expecting ? ` (expecting "${expecting}")` : '';
    super(kind === 'unexpected' ? `syntax error: unexpected "${token}"${wanted}`
      : kind === 'eof' ? `syntax error: unexpected end of file${wanted}`
        : 'syntax error: unterminated quoted string');
  }
}

export interface Frame {
  vars: Record<string, string>;
  io: ShellIO;
  cwd: string;
  last: number;
  /** The PID a pipeline stage was forked with before the stages ran (every stage of `ps | grep x` exists at once). */
  stagePid?: number;
  /** The process's own argv is being run (not a command inside a script). */
  top?: boolean;
  /** What runs is the end of a `sh -c` process: its last simple command replaces the shell, as ash execs it. */
  tail?: boolean;
  /** $1 … (`sh -c 'script' $0 $1 …`, a function's arguments). */
  args?: string[];
  /** The running function's `local` variables and the values to put back (undefined: unset). */
  locals?: Map<string, string | undefined>;
  /** The script line of the command running (dash and bash put it in their messages). */
  line?: number;
}

/** ash's built-in commands: they run inside the shell's own process (no fork, no PID). */
const BUILTINS = new Set(['echo', 'exit', 'true', 'false', ':', 'cd', 'export', 'test', '[', 'sleep', 'pwd', 'kill', 'exec', 'trap', 'set', 'unset', 'read', 'printf', 'local', 'return', 'shift']);
/** Handled by the interpreter itself (it owns the time) but a forked applet in busybox: `sleep` has a process of its own. */
const FORKED_BUILTINS = new Set(['sleep']);
/** `ls -l`'s mode column: the type, then rwx for owner, group and others with setuid, setgid and sticky (s, S, t, T). */
function modeString(mode: number, type = '-'): string {
  const bit = (on: number, ch: string) => (mode & on ? ch : '-');
  const x = (exec: number, special: number, ch: string) => (mode & special ? (mode & exec ? ch : ch.toUpperCase()) : mode & exec ? 'x' : '-');
  return type + bit(0o400, 'r') + bit(0o200, 'w') + x(0o100, 0o4000, 's') + bit(0o40, 'r') + bit(0o20, 'w') + x(0o10, 0o2000, 's') + bit(0o4, 'r') + bit(0o2, 'w') + x(0o1, 0o1000, 't');
}

/** What ash, dash and bash have built in that the shell here answers only in an image with a file tree (`command -v`, `type`). */
const TREE_BUILTINS = new Set(['command', 'type']);
const ESCAPED_DOLLAR = '\u0000';
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;
/** Where an array assignment's words part (tokenize marks them; expansion keeps the mark). */
export const ARRAY_SPLIT = '\x01';
const ARRAY_SPLIT_WORD = /^[A-Za-z_][A-Za-z0-9_]*=\(/;
const PROC_ROOT = /^\/proc\/(\d+|self)\/root(\/.*)?$/;
/** /proc/PID and the files under it (status). */
const PROC_PID = /^\/proc\/(\d+|self)(\/[^/]+)?$/;

/**
 * Splits a script into tokens: words (with quoting kept as markers) and operators, and the line each token
 * starts on (a newline is a `;` token).
 */
function tokenize(src: string): { toks: string[]; lines: number[] } {
  const out: string[] = [];
  const lines: number[] = [];
  let i = 0;
  let line = 1;
  let wordLine = 1;
  let cur = '';
  let inWord = false;
  const push = () => {
    if (inWord) { out.push(cur); lines.push(wordLine); }
    cur = '';
    inWord = false;
  };
  const op = (t: string) => { push(); out.push(t); lines.push(line); };
  const newlines = (a: number, b: number) => { for (let k = a; k < b; k++) if (src.charCodeAt(k) === 10) line++; };
  while (i < src.length) {
    const ch = src[i];
    if (!inWord) wordLine = line;
    if (ch === '\\' && i + 1 < src.length) {
      if (src[i + 1] === '\n') { line++; i += 2; continue; }
      cur += `\\${src[i + 1]}`; inWord = true; i += 2; continue;
    }
    if (ch === "'" ) {
      const j = src.indexOf("'", i + 1);
      if (j < 0) throw new ShellSyntaxError('unterminated', line, undefined, undefined, "'");
      newlines(i, j);
      cur += `'${src.slice(i + 1, j)}'`; inWord = true; i = j + 1; continue;
    }
    if (ch === '"') {
      let j = i + 1;
      while (j < src.length && src[j] !== '"') { if (src[j] === '\\') j++; j++; }
      if (j >= src.length) throw new ShellSyntaxError('unterminated', line, undefined, undefined, '"');
      newlines(i, j);
      cur += src.slice(i, j + 1); inWord = true; i = j + 1; continue;
    }
    if (ch === '$' && (src[i + 1] === '(' || src[i + 1] === '{')) {
      const [open, close] = src[i + 1] === '(' ? ['(', ')'] : ['{', '}'];
      let depth = 0;
      let j = i + 1;
      for (; j < src.length; j++) {
        if (src[j] === open) depth++;
        else if (src[j] === close) { depth--; if (depth === 0) break; }
      }
      newlines(i, j);
      cur += src.slice(i, j + 1); inWord = true; i = j + 1; continue;
    }
    if (ch === '(' && /^[A-Za-z_][A-Za-z0-9_]*=$/.test(cur)) {
      // bash's array assignment `name=(a "b c")`: one word, its unquoted blanks marked where it splits when assigned.
      let q = '';
      let j = i;
      for (; j < src.length && (q || src[j] !== ')'); j++) {
        const c = src[j];
        if (q ? c === q : c === "'" || c === '"') q = q ? '' : c;
        cur += !q && /\s/.test(c) ? ARRAY_SPLIT : c;
      }
      if (j >= src.length) throw new ShellSyntaxError('eof', line);
      newlines(i, j);
      cur += ')'; i = j + 1; continue;
    }
    if (ch === '#' && !inWord) {
      while (i < src.length && src[i] !== '\n') i++;
      continue;
    }
    if (ch === ' ' || ch === '\t') { push(); i++; continue; }
    if (ch === ';' && src[i + 1] === ';') { op(';;'); i += 2; continue; }
    if (ch === '\n' || ch === ';') { op(';'); if (ch === '\n') line++; i++; continue; }
    if (ch === '&' && src[i + 1] === '&') { op('&&'); i += 2; continue; }
    if (ch === '|' && src[i + 1] === '|') { op('||'); i += 2; continue; }
    if (ch === '|') { op('|'); i++; continue; }
    if (ch === '&' && src[i + 1] !== '>') { op('&'); i++; continue; }
    if (ch === '>' || ch === '<') {
      if (/^\d$/.test(cur) && inWord) { const fd = cur; cur = ''; inWord = false; i = redirect(src, i, `${fd}`); continue; }
      push();
      i = redirect(src, i, '');
      continue;
    }
    cur += ch; inWord = true; i++;
  }
  push();
  return { toks: out, lines };

  function redirect(s: string, k: number, fd: string): number {
    let o = s[k];
    k++;
    if (s[k] === '>') { o += '>'; k++; }
    if (s[k] === '&') { o += '&'; k++; }
    out.push(`${fd}${o}`);
    lines.push(line);
    return k;
  }
}

export type Node =
  | { t: 'cmd'; words: string[]; redirs: { op: string; target: string }[]; line?: number }
  | { t: 'list'; items: { node: Node; op: ';' | '&&' | '||' }[] }
  | { t: 'while'; until: boolean; cond: Node; body: Node }
  | { t: 'for'; name: string; words: string[]; body: Node }
  | { t: 'if'; cond: Node; then: Node; else?: Node }
  | { t: 'pipe'; parts: Node[] }
  | { t: 'case'; word: string; items: { patterns: string[]; body: Node }[] }
  | { t: 'func'; name: string; body: Node }
  | { t: 'group'; body: Node }
  /** A compound command with redirections (`while read l; do …; done < file`). */
  | { t: 'redir'; node: Node; redirs: { op: string; target: string }[] };

const REDIRECT = /^\d?(>>?|<)&?$/;
/**
 * Text that needs the parser's rarer part (case, a `{ …; }` group, `f()`) or a `${…}` more than a name:
 * script() loads it first.
 */
const RARER_SYNTAX = /(^|[\s;&|])(case|\{|\})(?=[\s;&|]|$)|\(\)|\$\{(?![A-Za-z_][A-Za-z0-9_]*\})|[A-Za-z0-9_]=\(/;

/** Where the `{` at `i` (of a `${`) closes: its `}`, past nested `${…}` and quotes (the text's end when it never closes). */
export function braceEnd(s: string, i: number): number {
  let depth = 0;
  for (let j = i; j < s.length; j++) {
    const c = s[j];
    if (c === '\\') { j++; continue; }
    if (c === "'") { const k = s.indexOf("'", j + 1); if (k < 0) return s.length; j = k; continue; }
    if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return j;
  }
  return s.length;
}

export class Parser {
  i = 0;
  constructor(readonly toks: string[], readonly lines: number[] = []) {}
  peek(): string | undefined { return this.toks[this.i]; }
  /** The line of the token at `i` (the last line at the end of the text). */
  line(i = this.i): number { return this.lines[Math.min(i, this.lines.length - 1)] ?? 1; }
  /** What went wrong at the current token: it is out of place, or the text ended while `expecting` was due. */
  error(expecting?: string): ShellSyntaxError {
    const t = this.peek();
    return t === undefined ? new ShellSyntaxError('eof', this.line(), undefined, expecting) : new ShellSyntaxError('unexpected', this.line(), t === ';' ? (this.lineBreak() ? 'newline' : ';') : t, expecting);
  }
  /** A `;` token that stands for a newline: the following token is on a later line. */
  private lineBreak(): boolean { return this.i + 1 < this.lines.length && this.lines[this.i + 1] > this.lines[this.i]; }
  parseList(stop: string[] = []): Node {
    const items: { node: Node; op: ';' | '&&' | '||' }[] = [];
    let op: ';' | '&&' | '||' = ';';
    for (;;) {
      while (this.peek() === ';' || this.peek() === '&') this.i++;
      const p = this.peek();
      if (p === undefined || stop.includes(p)) break;
      const at = this.i;
      const node = this.parsePipe();
      // A reserved word out of place (`fi` alone): parseScript reports it.
      if (this.i === at) break;
      items.push({ node, op });
      const n = this.peek();
      if (n === '&&' || n === '||') { op = n; this.i++; } else op = ';';
    }
    return { t: 'list', items };
  }
  parsePipe(): Node {
    const parts = [this.parseCommand()];
    while (this.peek() === '|') { this.i++; parts.push(this.parseCommand()); }
    return parts.length === 1 ? parts[0] : { t: 'pipe', parts };
  }
  expect(word: string): void {
    while (this.peek() === ';') this.i++;
    if (this.peek() === word) this.i++;
    else throw this.error(word);
  }
  parseCommand(): Node {
    const node = this.parseCompound();
    if (!node) return this.parseSimple();
    const redirs: { op: string; target: string }[] = [];
    while (this.peek() !== undefined && REDIRECT.test(this.peek()!)) { this.i++; redirs.push({ op: this.toks[this.i - 1], target: this.toks[this.i++] ?? '' }); }
    return redirs.length ? { t: 'redir', node, redirs } : node;
  }
  /** A list that must hold a command (`if` with no condition, `do` with nothing in it): its first token is out of place. */
  parseBody(stop: string[]): Node {
    const node = this.parseList(stop);
    if (node.t === 'list' && node.items.length === 0) throw this.error(this.peek() === undefined ? stop[stop.length - 1] : undefined);
    return node;
  }
  parseCompound(): Node | undefined {
    const w = this.peek();
    // case, { …; } and function definitions: parsed by ash-read.ts, which script() loads when the text has them.
    const extra = applets?.parseCompound(this);
    if (extra) return extra;
    if (w === 'while' || w === 'until') {
      this.i++;
      const cond = this.parseBody(['do']);
      this.expect('do');
      const body = this.parseBody(['done']);
      this.expect('done');
      return { t: 'while', until: w === 'until', cond, body };
    }
    if (w === 'for') {
      this.i++;
      const name = this.toks[this.i++];
      const words: string[] = [];
      if (this.peek() === 'in') { this.i++; while (this.peek() !== undefined && this.peek() !== ';' && this.peek() !== 'do') words.push(this.toks[this.i++]); }
      this.expect('do');
      const body = this.parseBody(['done']);
      this.expect('done');
      return { t: 'for', name, words, body };
    }
    if (w === 'if') {
      this.i++;
      const cond = this.parseBody(['then']);
      this.expect('then');
      const then = this.parseBody(['else', 'elif', 'fi']);
      let els: Node | undefined;
      if (this.peek() === 'elif') { this.toks[this.i] = 'if'; els = this.parseCommand(); return { t: 'if', cond, then, else: els }; }
      if (this.peek() === 'else') { this.i++; els = this.parseBody(['fi']); }
      this.expect('fi');
      return { t: 'if', cond, then, else: els };
    }
    return undefined;
  }
  parseSimple(): Node {
    const line = this.line();
    const words: string[] = [];
    const redirs: { op: string; target: string }[] = [];
    for (;;) {
      const p = this.peek();
      if (p === undefined || p === ';' || p === ';;' || p === '&&' || p === '||' || p === '|' || p === '&') break;
      if (REDIRECT.test(p)) { this.i++; redirs.push({ op: p, target: this.toks[this.i++] ?? '' }); continue; }
      if (words.length === 0 && ['do', 'done', 'then', 'fi', 'else', 'elif', 'esac', '}'].includes(p)) break;
      words.push(p);
      this.i++;
    }
    return { t: 'cmd', words, redirs, line };
  }
}

export function parseScript(src: string): Node {
  const { toks, lines } = tokenize(src);
  const p = new Parser(toks, lines);
  const node = p.parseList();
  if (p.peek() !== undefined) throw p.error();
  return node;
}

/** Longest a script may loop without sleeping before the interpreter stops it (a busy loop would hang the page). */
const MAX_STEPS_WITHOUT_SLEEP = 10_000;
/** The status of a command killed by SIGINT, as the shells report it (128 + 2). */
const SIGINT_STATUS = 130;

export class Shell {
  private steps = 0;
  /** The outputs of the `$(…)` the words being expanded hold, run ahead of the expansion (`expanding`). */
  private substituted?: Map<string, string[]>;
  /** The status of the last `$(…)` the words of the command now running held: an assignment alone returns it. */
  private substitutionStatus = 0;
  /** Functions defined so far (an interactive shell keeps them from line to line). */
  private readonly functions = new Map<string, Node>();
  /** Which shell this is: bash, busybox's ash, or in a Debian image dash (its `sh`). They word errors apart. */
  private readonly dialect: 'ash' | 'dash' | 'bash';
  /** A terminal's shell (`kubectl exec -it POD -- sh`): ash and bash then name no line in their messages. */
  private interactive = false;
  /** SIGINT reached the foreground command (Ctrl-C on an attached TTY); it dies of it when its wait resumes. */
  private sigint = false;
  /** The script is inside a command's wait (a sleep, a request on the network, a server in the foreground). */
  private waiting = false;
  /** Lines an interactive shell read before the running one: dash numbers its messages from its first. */
  private linesBefore = 0;
  /** The last script did not parse (an interactive dash then does not count its lines). */
  private unparsed = false;
  constructor(private readonly host: ShellHost, readonly name = 'sh') {
    this.dialect = name === 'bash' ? 'bash' : host.flavour === 'busybox' ? 'ash' : 'dash';
  }

  /** How the shell begins a message about the command it runs: `sh: `, dash's `sh: 2: `, bash -c's `bash: line 2: `. */
  private where(frame: Frame): string {
    const line = this.linesBefore + (frame.line ?? 1);
    if (this.dialect === 'dash') return `${this.name}: ${line}: `;
    if (this.dialect === 'bash' && !this.interactive) return `${this.name}: line ${line}: `;
    return `${this.name}: `;
  }

  /** A builtin's complaint. ash puts the line after the builtin's name and counts a `-c` script's lines from 0. */
  private builtinError(frame: Frame, builtin: string, text: string): string {
    if (this.dialect !== 'ash') return `${this.where(frame)}${builtin}: ${text}\n`;
    return `${this.name}: ${builtin}: ${this.interactive ? '' : `line ${(frame.line ?? 1) - 1}: `}${text}\n`;
  }

  /**
   * Code a line needs before it runs, loaded once: with a securityContext, the image's /etc/passwd and /etc/group
   * and the applets that work out identities; otherwise the files and those applets when the line reaches into
   * /etc or asks who it is (id, whoami), and the applets (which make /proc/PID/status) when it reaches into /proc.
   */
  private *prepared(text: string, cwd: string): Generator<Yield, void> {
    const sec = !!this.host.security;
    const where = `${cwd} ${text}`;
    // An image's tree has files of other owners than root (/etc/shadow's group shadow): `ls` names them.
    const users = sec || /passwd|group|\/etc\/?(?:\s|$)|\b(?:id|whoami)\b/.test(where) || (this.host.fs.lower !== undefined && /\bls\b/.test(text));
    if (users) for (let p = this.host.prepare?.(); p; p = this.host.prepare?.()) yield { load: p.then(() => undefined) };
    if (!applets && (users || /\/proc/.test(where))) yield { load: loadContainerApplets() };
  }

  /** Runs `argv` (an exec or a container command) as a generator of sleeps; returns the exit code. */
  *run(argv: string[], io: ShellIO): Generator<Yield, number> {
    yield* this.prepared(argv.join(' '), this.host.workingDir ?? '/');
    const frame: Frame = { vars: { ...this.host.env }, io, cwd: this.host.workingDir ?? '/', last: 0, top: true };
    try {
      return yield* this.command(argv, frame);
    } catch (e) {
      if (e instanceof ExitSignal) return e.code;
      if (e instanceof ReturnSignal) return e.code;
      if (e instanceof ScriptError) { io.stderr(`${e.message}\n`); return e.status; }
      throw e;
    }
  }

  /**
   * SIGINT to the TTY's foreground process group (Ctrl-C on an attached terminal): the command that waits dies of
   * it, and a non-interactive ash or dash, which catches SIGINT under -c or reading a script, then exits with
   * 130 (its onint: re-raising the signal does nothing to a container's PID 1, so the EXINT exception ends it).
   * True when a command was waiting, so whoever drives the script resumes it now.
   */
  interrupt(): boolean {
    this.sigint = true;
    return this.waiting;
  }

  /** A command's wait of `ms`, which SIGINT cuts short by ending the shell. */
  private *pause(ms: number): Generator<Yield, void> {
    if (!this.sigint) {
      this.waiting = true;
      try {
        yield { sleepMs: ms };
      } finally {
        this.waiting = false;
      }
    }
    if (this.sigint) throw new ExitSignal(SIGINT_STATUS);
  }

  /**
   * One line typed at an interactive shell (`kubectl exec -it POD -- sh`): variables,
   * the working directory and $? live in `state` from one line to the next.
   * Returns the line's status, or `exit` with the code when the shell ended.
   */
  *interactiveLine(src: string, state: InteractiveState, io: ShellIO): Generator<Yield, { status: number; exit: boolean }> {
    yield* this.prepared(src, state.cwd);
    const frame: Frame = { vars: state.vars, io, cwd: state.cwd, last: state.last };
    this.steps = 0;
    this.interactive = true;
    this.linesBefore = state.lines ?? 0;
    state.lines = this.linesBefore + src.split('\n').length;
    this.unparsed = false;
    try {
      const status = yield* this.script(src, frame);
      if (this.unparsed) state.lines = this.linesBefore;
      state.last = status;
      return { status, exit: false };
    } catch (e) {
      if (e instanceof ExitSignal) return { status: e.code, exit: true };
      if (e instanceof ScriptError) { io.stderr(`${e.message}\n`); state.last = e.status; return { status: e.status, exit: false }; }
      if (e instanceof ReturnSignal) { state.last = e.code; return { status: e.code, exit: false }; }
      throw e;
    } finally {
      // Also when Ctrl-C abandons the line: a `cd` it had made stays made.
      state.cwd = frame.cwd;
    }
  }

  private dialectInfo(): { dialect: 'ash' | 'dash' | 'bash'; name: string; interactive: boolean; linesBefore: number } {
    return { dialect: this.dialect, name: this.name, interactive: this.interactive, linesBefore: this.linesBefore };
  }

  /** The first address /etc/hosts gives `name`. */
  private hostsAddress(name: string): string | undefined {
    for (const line of (this.host.fs.files.get('/etc/hosts') ?? '').split('\n')) {
      const [ip, ...names] = line.replace(/#.*/, '').trim().split(/\s+/);
      if (ip && names.includes(name)) return ip;
    }
    return undefined;
  }

  /** A Debian image: its tools are GNU coreutils, with their own texts (and no locale: ASCII quotes). */
  private gnu(): boolean { return this.host.flavour === 'bash'; }

  /** A `-c` script as a process of its own: `exit` and a fatal error end it, not the shell that started it. */
  private *child(src: string, frame: Frame): Generator<Yield, number> {
    try {
      return yield* this.script(src, frame);
    } catch (e) {
      if (e instanceof ExitSignal || e instanceof ReturnSignal) return e.code;
      if (e instanceof ScriptError) { frame.io.stderr(`${e.message}\n`); return e.status; }
      throw e;
    }
  }

  private *script(src: string, frame: Frame): Generator<Yield, number> {
    if (!applets && RARER_SYNTAX.test(src)) yield { load: loadContainerApplets() };
    let node: Node;
    try {
      node = parseScript(src);
    } catch (e) {
      if (!(e instanceof ShellSyntaxError)) throw e;
      // The wording of each shell's syntax errors loads with the applets: a fresh lab prints none.
      if (!applets) yield { load: loadContainerApplets() };
      frame.io.stderr(applets ? applets.syntaxMessage(e, src, this.dialectInfo()) : `${this.name}: ${e.message}\n`);
      this.unparsed = true;
      return 2;
    }
    const bad = this.dialect === 'bash' || !applets || !src.includes('${') ? undefined : applets.badSubstitutionLine(src, this.dialect);
    if (bad !== undefined) {
      frame.io.stderr(this.dialect === 'dash' ? `${this.name}: ${this.linesBefore + bad}: Bad substitution\n` : `${this.name}: syntax error: bad substitution\n`);
      return 2;
    }
    return yield* this.exec(node, frame);
  }

  /** A filter's input: FILE, or what the pipe before it wrote; undefined (after the tool's error) when FILE is missing. */
  private inputText(tool: string, file: string | undefined, frame: Frame, io: Frame['io']): string | undefined {
    if (file === undefined || file === '-') return frame.vars.__stdin ?? '';
    const f = this.fileText(ContainerFS.normalize(frame.cwd, file));
    if (f !== undefined) return f;
    const gnu = this.gnu();
    io.stderr(tool === 'grep' || tool === 'wc' ? `${tool}: ${file}: No such file or directory\n` : gnu ? `${tool}: cannot open '${file}' for reading: No such file or directory\n` : `${tool}: can't open '${file}': No such file or directory\n`);
    return undefined;
  }

  private *exec(node: Node, frame: Frame): Generator<Yield, number> {
    if (++this.steps > MAX_STEPS_WITHOUT_SLEEP) throw new ExitSignal(137);
    const tail = frame.tail === true;
    if (tail) frame.tail = false;
    switch (node.t) {
      case 'list': {
        let code = frame.last;
        const items = node.items;
        for (let i = 0; i < items.length; i++) {
          const { node: n, op } = items[i];
          if (op === '&&' && code !== 0) continue;
          if (op === '||' && code === 0) continue;
          frame.tail = tail && i === items.length - 1;
          code = yield* this.exec(n, frame);
          frame.tail = false;
          frame.last = code;
        }
        return code;
      }
      case 'pipe': {
        // Each stage's output becomes the next one's input (only `cat`-like consumers care).
        let input = '';
        let code = 0;
        const pids = node.parts.map((part) => this.forkStage(part));
        try {
          for (let i = 0; i < node.parts.length; i++) {
            let out = '';
            const sub: Frame = { ...frame, io: { stdout: (t) => { out += t; }, stderr: frame.io.stderr }, stagePid: pids[i] };
            sub.vars.__stdin = input;
            code = yield* this.exec(node.parts[i], sub);
            input = out;
          }
        } finally {
          for (const pid of pids) if (pid !== undefined) this.host.reap?.(pid);
        }
        frame.io.stdout(input);
        return code;
      }
      case 'while': {
        for (;;) {
          const c = yield* this.exec(node.cond, frame);
          if ((c === 0) === node.until) return 0;
          yield* this.exec(node.body, frame);
        }
      }
      case 'for': {
        let code = 0;
        if (!applets && node.words.some((w) => SUBSTITUTION.test(w))) yield { load: loadContainerApplets() };
        const words = yield* this.expanding(node.words, frame, () => node.words.flatMap((w) => this.expandSplit(w, frame)));
        for (const w of words) {
          frame.vars[node.name] = w;
          code = yield* this.exec(node.body, frame);
        }
        return code;
      }
      case 'if': {
        const c = yield* this.exec(node.cond, frame);
        if (c === 0) return yield* this.exec(node.then, frame);
        return node.else ? yield* this.exec(node.else, frame) : 0;
      }
      case 'group': return yield* this.exec(node.body, frame);
      case 'func': this.functions.set(node.name, node.body); return 0;
      case 'case': {
        if (!applets) yield { load: loadContainerApplets() };
        const word = yield* this.expanding([node.word], frame, () => this.expand(node.word, frame));
        const expand = (w: string) => this.expand(w, frame);
        for (const item of node.items) {
          if (item.patterns.some((p) => patternToRegExp(applets ? applets.casePattern(p, expand) : expand(p), false).test(word))) return yield* this.exec(item.body, frame);
        }
        return 0;
      }
      case 'redir': {
        const stdin = frame.vars.__stdin;
        if (this.host.user && !applets) yield { load: loadContainerApplets() };
        const { io, buffer, denied, errno } = this.redirect(node.redirs, frame);
        if (denied !== undefined) return this.cannotCreate(denied, frame, errno);
        const sub: Frame = { ...frame, io };
        try {
          return yield* this.exec(node.node, sub);
        } finally {
          frame.cwd = sub.cwd;
          frame.vars.__stdin = stdin;
          this.flush(buffer);
        }
      }
      case 'cmd': {
        frame.line = node.line;
        // A user that is not root needs the applets' access rules for its writes.
        if (!applets && (this.host.user || node.words.some((w) => SUBSTITUTION.test(w)) || node.redirs.some((r) => SUBSTITUTION.test(r.target)))) yield { load: loadContainerApplets() };
        const { words, io, buffer, denied, errno } = yield* this.expanding([...node.words, ...node.redirs.map((r) => r.target)], frame, () => ({ words: node.words.flatMap((w) => this.expandSplit(w, frame)), ...this.redirect(node.redirs, frame) }));
        if (denied !== undefined) return this.cannotCreate(denied, frame, errno);
        if (words.length === 0) { this.flush(buffer); return 0; }
        const sub: Frame = { ...frame, io };
        // busybox ash ends `sh -c '…; cmd'` by exec'ing cmd: the process becomes it, no fork. (dash and bash in
        // the Debian-based images are left as they were: the shell stays and the command is its child.)
        const fn = this.functions.get(words[0]);
        const code = fn ? yield* this.call(fn, words, sub) : tail && this.host.flavour === 'busybox' && this.forks(words[0]) ? yield* this.tailExec(words, sub) : yield* this.forked(words, sub);
        this.flush(buffer);
        // `cd` changed the copy's directory, `set --` and `shift` its parameters: they belong to this shell.
        frame.cwd = sub.cwd;
        frame.args = sub.args;
        return code;
      }
    }
  }

  /** Where a command's output goes: `> file` (written when it ends), `2>&1`, `/dev/null`; `< file` becomes its input. */
  private redirect(redirs: { op: string; target: string }[], frame: Frame): { io: ShellIO; buffer?: { path: string; append: boolean; text: string }; denied?: string; errno?: string } {
    let io = frame.io;
    let buffer: { path: string; append: boolean; text: string } | undefined;
    for (const r of redirs) {
      const target = this.expand(r.target, frame);
      if (r.op.endsWith('&')) {
        if (r.op.startsWith('2') && target === '1') io = { stdout: io.stdout, stderr: io.stdout };
        else if (!r.op.startsWith('2') && target === '2') io = { stdout: io.stderr, stderr: io.stderr };
        continue;
      }
      if (r.op.includes('<')) { frame.vars.__stdin = this.host.fs.files.get(ContainerFS.normalize(frame.cwd, target)) ?? ''; continue; }
      const toErr = r.op.startsWith('2');
      const path = ContainerFS.normalize(frame.cwd, target);
      if (path === '/dev/null') {
        io = toErr ? { stdout: io.stdout, stderr: () => {} } : { stdout: () => {}, stderr: io.stderr };
        continue;
      }
      if (path === '/proc/1/fd/1' || path === '/dev/stdout') continue;
      const errno = this.writeError(path);
      if (errno) return { io, denied: target, errno };
      const b = { path, append: r.op.includes('>>'), text: '' };
      buffer = b;
      io = toErr ? { stdout: io.stdout, stderr: (t) => { b.text += t; } } : { stdout: (t) => { b.text += t; }, stderr: io.stderr };
    }
    return { io, buffer };
  }

  /**
   * Why creating or writing `path` fails, as errno's text; undefined when it may. A securityContext's process
   * meets the kernel's checks (a read-only root, the directory's owner, group and mode); otherwise only an
   * image's own USER is refused outside its places.
   */
  private writeError(path: string): string | undefined {
    if (this.host.security) return applets!.writeError(this.host.security, this.who(), this.host.fs, path);
    if (this.host.fs.files.has(path)) return undefined;
    return this.host.user && applets!.writeDenied(this.host.user.home, path) ? 'Permission denied' : undefined;
  }

  private whoCache?: Identity;

  /** Who this shell's process is: worked out once, from the securityContext and the image's files (applets loaded). */
  private who(): Identity {
    return (this.whoCache ??= applets!.identityOf(this.host.security, this.host.user, this.host.fs.files.get('/etc/passwd'), this.host.fs.files.get('/etc/group')));
  }

  /** A file or directory this process made: its owner, and its group (the directory's own when that is setgid). */
  private made(path: string): void {
    if (this.host.security) applets!.setOwner(this.host.fs, path, this.who());
  }

  private cannotCreate(target: string, frame: Frame, errno = 'Permission denied'): number {
    const r = applets!.cannotCreate(this.dialect, this.where(frame), target, errno);
    frame.io.stderr(r.text);
    return r.status;
  }

  private flush(buffer: { path: string; append: boolean; text: string } | undefined): void {
    if (!buffer) return;
    const prev = buffer.append ? this.host.fs.files.get(buffer.path) ?? '' : '';
    const isNew = !this.host.fs.files.has(buffer.path);
    this.host.fs.write(buffer.path, prev + buffer.text);
    if (isNew) this.made(buffer.path);
  }

  /** A shell function: its own positional parameters, `local` variables put back and `return` caught when it ends. */
  private *call(body: Node, argv: string[], frame: Frame): Generator<Yield, number> {
    const saved = frame.args;
    const locals = frame.locals;
    frame.args = argv.slice(1);
    frame.locals = new Map();
    const mine = frame.locals;
    try {
      return yield* this.exec(body, frame);
    } catch (e) {
      if (e instanceof ReturnSignal) return e.code;
      throw e;
    } finally {
      frame.args = saved;
      frame.locals = locals;
      for (const [k, v] of mine) {
        if (v === undefined) delete frame.vars[k];
        else frame.vars[k] = v;
      }
    }
  }

  /**
   * A command typed or scripted: anything not built into the shell runs in a process of its own, which `ps`
   * lists while it runs (a pipeline's stages were forked together beforehand).
   */
  private *forked(argv: string[], frame: Frame): Generator<Yield, number> {
    const stage = frame.stagePid;
    frame.stagePid = undefined;
    if (stage !== undefined || !this.host.spawn || !this.forks(argv[0] ?? '')) return yield* this.command(argv, frame);
    const pid = this.host.spawn(argv);
    try {
      return yield* this.command(argv, frame);
    } finally {
      if (pid !== undefined) this.host.reap?.(pid);
    }
  }

  private *tailExec(argv: string[], frame: Frame): Generator<Yield, number> {
    this.host.execed?.(argv);
    return yield* this.command(argv, frame, true);
  }

  /** Whether ash forks for this command: found on $PATH and not one of its builtins (nor an assignment). */
  private forks(name: string): boolean {
    if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(name)) return false;
    const base = name.split('/').pop()!;
    if (BUILTINS.has(base) && !FORKED_BUILTINS.has(base)) return false;
    return this.host.hasBinary(base) || this.host.hasBinary(name);
  }

  /** A pipeline stage's process, forked before any stage runs. */
  private forkStage(part: Node): number | undefined {
    if (part.t !== 'cmd' || !this.host.spawn || part.words.length === 0) return undefined;
    // The words as typed: expanding them here would run a $(…) twice.
    const argv = part.words.map((w) => w.replace(/^'(.*)'$/s, '$1').replace(/^"(.*)"$/s, '$1'));
    return this.forks(argv[0]) ? this.host.spawn(argv) : undefined;
  }

  /** A file's text, also through another process's root (`/proc/8/root/etc/nginx/nginx.conf`). */
  private fileText(path: string): string | undefined {
    const st = PROC_PID.exec(path);
    if (st?.[2] === '/status' && applets) {
      const p = this.procOf(st[1]);
      if (!p) return undefined;
      const who = applets!.identityOf(p.security, this.host.user && p.uid === this.host.user.uid ? this.host.user : undefined, this.host.fs.files.get('/etc/passwd'), this.host.fs.files.get('/etc/group'));
      // The exec'd shell's and PID 1's parents are outside the namespace (0); a command the shell forked has the shell.
      return applets!.procStatus({ pid: p.pid, command: p.command, running: false, who: { ...who, uid: p.uid }, sec: p.security, ppid: p.main || p.pid === this.host.pid ? 0 : this.host.pid ?? 0 });
    }
    const m = PROC_ROOT.exec(path);
    if (!m) return this.host.fs.files.get(path);
    const fs = this.procFS(m[1]);
    return fs?.files.get(m[2] ?? '/');
  }

  /** One line of `ls -l`: a file, a directory (a volume's with its own mode and size) or a symbolic link. */
  private lsEntry(full: string, name: string): { name: string; dir: boolean; size: number; mode?: string; nlink?: number; blocks?: number; owner?: string; group?: string } {
    const e = this.lsStat(full, name);
    const who = (this.host.fs.owners || this.host.fs.lower) && applets!.ownerNames(this.host.fs, full);
    return who ? { ...e, ...who } : e;
  }

  private lsStat(full: string, name: string): { name: string; dir: boolean; size: number; mode?: string; nlink?: number; blocks?: number } {
    const fs = this.host.fs;
    const link = name === '.' || name === '..' ? undefined : fs.links?.get(full);
    // A short link's target lives in its inode: no blocks.
    if (link !== undefined) return { name: `${name} -> ${link}`, dir: false, size: link.length, mode: 'lrwxrwxrwx', nlink: 1, blocks: 0 };
    const dir = fs.dirs.has(full);
    const stat = dir ? fs.dirStats?.get(full) : undefined;
    if (stat) return { name, dir, size: stat.size, mode: stat.mode, nlink: stat.nlink, blocks: stat.mode === 'drwxrwxrwt' || stat.size < 4096 ? 0 : 4 };
    // The image's inode (its tree), unless the container wrote over it: mode, size and hard links.
    const node = !dir && (fs.files as { fromImage?(k: string): boolean }).fromImage?.(full) ? fs.lower?.nodes.get(full) : undefined;
    if (node) return { name, dir, size: node.size, mode: modeString(node.mode), nlink: node.nlink };
    if (dir && fs.lower?.nodes.get(full)?.mode !== undefined && fs.lower.nodes.get(full)!.mode !== 0o755) {
      return { name, dir, size: 4096, mode: modeString(fs.lower.nodes.get(full)!.mode, 'd'), nlink: 2 + fs.list(full).filter((n) => fs.dirs.has(full === '/' ? `/${n}` : `${full}/${n}`)).length };
    }
    // A directory's links: its own ".", its name in the parent, and each subdirectory's "..".
    return dir ? { name, dir, size: 4096, nlink: 2 + fs.list(full).filter((n) => fs.dirs.has(full === '/' ? `/${n}` : `${full}/${n}`)).length } : { name, dir, size: fs.files.get(full)?.length ?? 0, mode: fs.fileModes?.get(full) };
  }

  private isDir(path: string): boolean {
    const pid = PROC_PID.exec(path);
    if (pid && !pid[2]) return this.procOf(pid[1]) !== undefined;
    const m = PROC_ROOT.exec(path);
    if (!m) return this.host.fs.dirs.has(path);
    const fs = this.procFS(m[1]);
    return !!fs && fs.dirs.has(m[2] ?? '/');
  }

  /** Process PID (or `self`, the shell) as the container sees it. */
  private procOf(pid: string): ({ pid: number; uid: number; command: string; main: boolean; security?: ProcessSecurity }) | undefined {
    const n = pid === 'self' ? this.host.pid ?? 1 : Number(pid);
    const p = this.host.process?.(n);
    return p && { ...p, pid: n };
  }

  private procFS(pid: string): ContainerFS | undefined {
    if (pid === 'self') return this.host.fs;
    return this.host.procRoot ? this.host.procRoot(Number(pid)) : Number(pid) === 1 ? this.host.fs : undefined;
  }

  /** Runs one simple command (builtins, or sh -c). */
  private *command(argv: string[], frame: Frame, viaExec = false): Generator<Yield, number> {
    const io = frame.io;
    const assign = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(argv[0]);
    if (assign && argv.every((a) => ASSIGNMENT.test(a))) {
      // Only assignments: all are made, and the status is the last command substitution's (0 without one).
      for (const a of argv) {
        const eq = a.indexOf('=');
        if (this.dialect === 'bash' && applets && /^\(.*\)$/s.test(a.slice(eq + 1))) applets.assignArray(frame.vars, a.slice(0, eq), a.slice(eq + 2, -1));
        else frame.vars[a.slice(0, eq)] = a.slice(eq + 1);
      }
      return this.substitutionStatus;
    }
    if (assign) {
      // `IFS=: read a b`: the variable is set for that one command.
      const old = frame.vars[assign[1]];
      frame.vars[assign[1]] = assign[2];
      try {
        return yield* this.command(argv.slice(1), frame, viaExec);
      } finally {
        if (old === undefined) delete frame.vars[assign[1]];
        else frame.vars[assign[1]] = old;
      }
    }
    const name = argv[0];
    const base = name.split('/').pop()!;
    const args = argv.slice(1);
    const notFound = () => {
      io.stderr(`${this.where(frame)}${name}: ${this.dialect === 'bash' ? 'command not found' : 'not found'}\n`);
      return 127;
    };
    if (!BUILTINS.has(base) && !(this.host.simulated ? this.host.hasBinary(name, frame.cwd) || TREE_BUILTINS.has(name) : this.host.hasBinary(base) || this.host.hasBinary(name))) return notFound();
    if (this.host.user && !applets) yield { load: loadContainerApplets() };
    switch (base) {
      case 'sh': case 'ash': case 'bash': case 'dash': {
        const c = args.indexOf('-c');
        // A new process: `bash -c` inside nginx's dash is bash, and a `-c` shell is never interactive.
        const shell = frame.top === true ? this : new Shell(this.host, shellName(base));
        if (c >= 0 && args[c + 1] !== undefined) return yield* shell.child(args[c + 1], { ...frame, vars: { ...frame.vars }, top: false, tail: frame.top === true, args: args.slice(c + 3), locals: undefined, line: undefined });
        return 0;
      }
      case ':': case 'true': case 'trap': case 'unset': return 0;
      case 'set': case 'shift': case 'read': case 'local': {
        // Loaded on first use with the applets (ash-read.ts): what they change is the frame's. `set -e` and the
        // like change nothing here and load nothing.
        if (base === 'set' && !(args[0] === '--' || (args.length && !/^[-+]/.test(args[0])))) return 0;
        if (!applets) yield { load: loadContainerApplets() };
        if (!applets) { io.stderr(`${this.name}: ${base}: ${appletsLoader.error() ?? 'not loaded'}\n`); return 126; }
        if (base === 'local' && !frame.locals) {
          io.stderr(this.builtinError(frame, 'local', this.dialect === 'bash' ? 'can only be used in a function' : 'not in a function'));
          return this.dialect === 'bash' ? 1 : 2;
        }
        return applets.ashBuiltin(base, args, frame);
      }
      case 'return': throw new ReturnSignal(args[0] !== undefined ? Number(args[0]) & 255 : frame.last);
      case 'false': return 1;
      case 'exit': throw new ExitSignal(args[0] !== undefined ? (Number(args[0]) & 255) : frame.last);
      case 'exec': return args.length ? yield* this.command(args, frame, true) : 0;
      case 'export': {
        for (const a of args) { const m = /^([^=]+)=(.*)$/s.exec(a); if (m) frame.vars[m[1]] = m[2]; }
        return 0;
      }
      case 'echo': io.stdout(echoText(this.dialect, args)); return 0;
      case 'printf': {
        const fmt = (args[0] ?? '').replace(/\\n/g, '\n').replace(/\\t/g, '\t');
        let k = 1;
        io.stdout(fmt.replace(/%[sd]/g, () => args[k++] ?? ''));
        return 0;
      }
      case 'pwd': io.stdout(`${frame.cwd}\n`); return 0;
      case 'cd': {
        const p = ContainerFS.normalize(frame.cwd, args[0] ?? '/root');
        if (!this.isDir(p)) {
          if (this.dialect === 'bash') { io.stderr(this.builtinError(frame, 'cd', `${args[0]}: No such file or directory`)); return 1; }
          io.stderr(this.builtinError(frame, 'cd', `can't cd to ${args[0]}${this.dialect === 'ash' ? ': No such file or directory' : ''}`));
          return 2;
        }
        frame.cwd = p;
        return 0;
      }
      case 'sleep': {
        const secs = args.reduce((s, a) => s + parseDuration(a), 0);
        if (!Number.isFinite(secs)) {
          const bad = args.find((a) => !Number.isFinite(parseDuration(a))) ?? '';
          io.stderr(this.gnu() ? `sleep: invalid time interval '${bad}'\nTry 'sleep --help' for more information.\n` : `sleep: invalid number '${bad}'\n`);
          return 1;
        }
        this.steps = 0;
        if (secs > 0) yield* this.pause(Math.round(secs * 1000));
        return 0;
      }
      case 'test': case '[': return this.test(base === '[' ? args.slice(0, -1) : args, frame);
      // -i: the name looked up in /etc/hosts, where the kubelet wrote the pod's IP.
      case 'hostname': io.stdout(`${args[0] === '-i' ? this.hostsAddress(this.host.hostname) ?? this.host.hostname : this.host.hostname}\n`); return 0;
      case 'wc': {
        if (!applets) yield { load: loadContainerApplets() };
        if (!applets) { io.stderr(`${this.name}: wc: ${appletsLoader.error() ?? 'not loaded'}\n`); return 126; }
        // The inputs as wc reads them (a missing file's error printed), and the bytes GNU sizes its columns by.
        return applets.wc(args, (name) => this.inputText('wc', name, frame, io), (name) => utf8Length(this.fileText(ContainerFS.normalize(frame.cwd, name)) ?? ''), this.gnu(), io);
      }
      case 'env': case 'printenv': {
        const vars = { ...this.host.env };
        for (const [k, v] of Object.entries(frame.vars)) if (!k.startsWith('__') && k in this.host.env) vars[k] = v;
        if (base === 'printenv' && args.length) {
          let code = 0;
          for (const a of args) { if (a in vars) io.stdout(`${vars[a]}\n`); else code = 1; }
          return code;
        }
        io.stdout(Object.entries(vars).map(([k, v]) => `${k}=${v}\n`).join(''));
        return 0;
      }
      case 'cat': {
        if (args.length === 0) { io.stdout(frame.vars.__stdin ?? ''); return 0; }
        let code = 0;
        for (const a of args) {
          const p = ContainerFS.normalize(frame.cwd, a);
          const f = this.fileText(p);
          if (f !== undefined) io.stdout(f);
          else if (this.isDir(p)) { io.stderr(this.gnu() ? `cat: ${a}: Is a directory\n` : `cat: read error: Is a directory\n`); code = 1; }
          else { io.stderr(this.gnu() ? `cat: ${a}: No such file or directory\n` : `cat: can't open '${a}': No such file or directory\n`); code = 1; }
        }
        return code;
      }
      case 'ls': {
        const flags = args.filter((a) => a.startsWith('-')).join('');
        const long = flags.includes('l');
        const human = flags.includes('h');
        // -l, and the columns of a terminal, are the applets' (loaded on first use).
        const needApplets = long || (io.tty && !flags.includes('1'));
        if (needApplets && !applets) yield { load: loadContainerApplets() };
        if (needApplets && !applets) { io.stderr(`${this.name}: ls: ${appletsLoader.error() ?? 'not loaded'}\n`); return 126; }
        const targets = args.filter((a) => !a.startsWith('-'));
        let code = 0;
        const list = targets.length ? targets : ['.'];
        // -a lists the names that start with a dot, "." and ".." first; -A the same without those two.
        const dots = flags.includes('a') ? 'all' : flags.includes('A') ? 'almost' : '';
        // -S: largest first (names break ties); -r reverses the order. -t changes nothing: every file has the same time.
        const order = <T extends { name: string; size: number }>(xs: T[]): T[] => {
          const sorted = flags.includes('S') ? [...xs].sort((x, y) => y.size - x.size || (x.name < y.name ? -1 : x.name > y.name ? 1 : 0)) : xs;
          return flags.includes('r') ? [...sorted].reverse() : sorted;
        };
        const show = (names: string[]) => {
          if (names.length) io.stdout(io.tty && !flags.includes('1') ? applets!.lsColumns(names, this.host.columns ?? 80, this.gnu()) : `${names.join('\n')}\n`);
        };
        const missing = (t: string) => {
          io.stderr(this.gnu() ? `ls: cannot access '${t}': No such file or directory\n` : `ls: ${t}: No such file or directory\n`);
          code = this.gnu() ? 2 : 1;
        };
        const at = (t: string) => ContainerFS.normalize(frame.cwd, t);
        const entry = (t: string) => this.lsEntry(at(t), t);
        // Operands are listed by name (then by -S, -r), whatever order they were given in.
        const byName = (xs: string[]) => order([...xs].sort().map((t) => ({ name: t, size: this.lsStat(at(t), t).size }))).map((e) => e.name);
        if (flags.includes('d')) {
          // -d: the operands themselves, folders too, never their contents.
          const found = byName(list.filter((t) => {
            const p = at(t);
            if (this.host.fs.files.has(p) || this.host.fs.dirs.has(p) || this.host.fs.links?.has(p)) return true;
            missing(t);
            return false;
          }));
          if (long) io.stdout(applets!.longListing(found.map(entry), false, this.gnu(), human));
          else show(found);
          return code;
        }
        // Files named on the command line come first, as one group; then each folder, set apart by a blank line.
        const fileOperands: string[] = [];
        const dirOperands: string[] = [];
        for (const t of list) {
          const p = at(t);
          // -l shows a link named on the command line as itself; otherwise (or as `NAME/`) ls follows it.
          const link = long && !t.endsWith('/') ? this.host.fs.links?.get(p) : undefined;
          if (this.host.fs.files.has(p) || link !== undefined) fileOperands.push(t);
          else if (this.host.fs.dirs.has(p)) dirOperands.push(t);
          else missing(t);
        }
        let printed = false;
        if (fileOperands.length) {
          const files = byName(fileOperands);
          if (long) io.stdout(applets!.longListing(files.map(entry), false, this.gnu(), human, dirOperands.map(entry)));
          else show(files);
          printed = true;
        }
        for (const t of byName(dirOperands)) {
          const p = at(t);
          if (printed) io.stdout('\n');
          printed = true;
          if (list.length > 1) io.stdout(`${t}:\n`);
          const names = this.host.fs.list(p).filter((n) => dots || !n.startsWith('.'));
          if (dots === 'all') names.unshift('.', '..');
          const full = (n: string) => (n === '.' ? p : n === '..' ? p.slice(0, p.lastIndexOf('/')) || '/' : p === '/' ? `/${n}` : `${p}/${n}`);
          const sorted = flags.includes('S') || flags.includes('r') ? order(names.map((n) => ({ name: n, size: this.lsStat(full(n), n).size }))).map((e) => e.name) : names;
          if (long) io.stdout(applets!.longListing(sorted.map((n) => this.lsEntry(full(n), n)), true, this.gnu(), human));
          else show(sorted);
        }
        return code;
      }
      case 'touch': {
        for (const a of args.filter((x) => !x.startsWith('-'))) {
          const p = ContainerFS.normalize(frame.cwd, a);
          const dir = p.slice(0, p.lastIndexOf('/')) || '/';
          if (!this.host.fs.dirs.has(dir)) { io.stderr(this.gnu() ? `touch: cannot touch '${a}': No such file or directory\n` : `touch: ${a}: No such file or directory\n`); return 1; }
          const errno = this.writeError(p);
          if (errno) { io.stderr(this.gnu() ? `touch: cannot touch '${a}': ${errno}\n` : `touch: ${a}: ${errno}\n`); return 1; }
          if (!this.host.fs.files.has(p)) { this.host.fs.files.set(p, ''); this.made(p); }
        }
        return 0;
      }
      case 'mkdir': {
        const parents = args.includes('-p');
        for (const a of args.filter((x) => !x.startsWith('-'))) {
          const p = ContainerFS.normalize(frame.cwd, a);
          const cannot = this.gnu() ? 'cannot create' : "can't create";
          if (this.host.fs.dirs.has(p)) { if (!parents) { io.stderr(`mkdir: ${cannot} directory '${a}': File exists\n`); return 1; } continue; }
          const parent = p.slice(0, p.lastIndexOf('/')) || '/';
          if (!parents && !this.host.fs.dirs.has(parent)) { io.stderr(`mkdir: ${cannot} directory '${a}': No such file or directory\n`); return 1; }
          const errno = this.writeError(p);
          if (errno) { io.stderr(`mkdir: ${cannot} directory '${a}': ${errno}\n`); return 1; }
          this.host.fs.mkdirp(p);
          this.made(p);
        }
        return 0;
      }
      case 'rm': {
        const flags = args.filter((a) => a.startsWith('-')).join('');
        let code = 0;
        for (const a of args.filter((x) => !x.startsWith('-'))) {
          const p = ContainerFS.normalize(frame.cwd, a);
          if (this.host.fs.files.delete(p)) continue;
          if (this.host.fs.dirs.has(p)) {
            if (!flags.includes('r')) { io.stderr(this.gnu() ? `rm: cannot remove '${a}': Is a directory\n` : `rm: '${a}' is a directory\n`); code = 1; continue; }
            for (const f of [...this.host.fs.files.keys()]) if (f.startsWith(`${p}/`)) this.host.fs.files.delete(f);
            for (const d of [...this.host.fs.dirs]) if (d === p || d.startsWith(`${p}/`)) this.host.fs.dirs.delete(d);
            continue;
          }
          if (!flags.includes('f')) { io.stderr(`rm: ${this.gnu() ? 'cannot' : "can't"} remove '${a}': No such file or directory\n`); code = 1; }
        }
        return code;
      }
      case 'date': case 'expr': {
        // Plain `date` (a log line's stamp) needs no more than the default format.
        if (base === 'date' && args.length === 0) { io.stdout(`${plainDate(this.host.now())}\n`); return 0; }
        if (!applets) yield { load: loadContainerApplets() };
        if (!applets) { io.stderr(`${this.name}: ${name}: ${appletsLoader.error() ?? 'not loaded'}\n`); return 126; }
        const gnu = this.gnu();
        const r = base === 'date' ? applets.dateApplet(args, this.host.now(), gnu) : applets.runExpr(args, gnu);
        io.stdout(r.stdout);
        io.stderr(r.stderr);
        return r.status;
      }
      case 'ps': {
        io.stdout(formatPs(this.host.processes(), this.host.columns));
        return 0;
      }
      case 'kill': {
        // kill [-s SIG | -SIG | -N] PID…: busybox's kill, built into ash (the shell's own PID is the sender).
        let sig = 'TERM';
        const pids: string[] = [];
        for (let i = 0; i < args.length; i++) {
          const a = args[i];
          if (a === '-s' || a === '-n') sig = args[++i] ?? '';
          else if (a.startsWith('-') && pids.length === 0 && a !== '-') sig = a.slice(1);
          else pids.push(a);
        }
        const signo = signalNumber(sig);
        if (signo === undefined) { io.stderr(`${this.name}: bad signal name '${sig}'\n`); return 1; }
        let code = 0;
        for (const p of pids) {
          if (!/^-?\d+$/.test(p)) { io.stderr(`${this.name}: invalid number '${p}'\n`); code = 1; continue; }
          if (!this.host.kill(Number(p), signo, this.host.pid)) { io.stderr(`${this.name}: can't kill pid ${p}: No such process\n`); code = 1; }
        }
        return code;
      }
      case 'head': case 'tail': {
        // head/tail [-n N | -N | -c N] [FILE]: what a pipe inside a container usually ends with.
        let n = 10;
        let bytes: number | undefined;
        const files: string[] = [];
        for (let i = 0; i < args.length; i++) {
          const a = args[i];
          if (a === '-n') n = Number(args[++i]);
          else if (/^-n\d+$/.test(a)) n = Number(a.slice(2));
          else if (a === '-c') bytes = Number(args[++i]);
          else if (/^-c\d+$/.test(a)) bytes = Number(a.slice(2));
          else if (/^--bytes=\d+$/.test(a)) bytes = Number(a.slice(8));
          else if (/^-\d+$/.test(a)) n = Number(a.slice(1));
          else files.push(a);
        }
        const text = this.inputText(base, files[0], frame, io);
        if (text === undefined) return 1;
        if (bytes !== undefined) {
          io.stdout(base === 'head' ? text.slice(0, bytes) : bytes === 0 ? '' : text.slice(-bytes));
          return 0;
        }
        const lines = text.split('\n');
        if (lines[lines.length - 1] === '') lines.pop();
        const picked = base === 'head' ? lines.slice(0, n) : n === 0 ? [] : lines.slice(-n);
        io.stdout(picked.map((l) => l + '\n').join(''));
        return 0;
      }
      case 'grep': {
        // grep [-i -v -c -n -q -E -F] PATTERN [FILE], enough for `… | grep nameserver`.
        const flags = new Set<string>();
        const rest: string[] = [];
        for (const a of args) {
          if (/^-[ivcnqEFw]+$/.test(a)) for (const c of a.slice(1)) flags.add(c);
          else rest.push(a);
        }
        const [pattern, file] = rest;
        if (pattern === undefined) { io.stderr(this.gnu() ? "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n" : 'Usage: grep [-HhnlLoqvsrRiwFE] [-m N] [-A|B|C N] { PATTERN | -e PATTERN... | -f FILE... } [FILE]...\n'); return 2; }
        const text = this.inputText('grep', file, frame, io);
        if (text === undefined) return 2;
        let re: RegExp;
        try {
          const src = flags.has('F') ? pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : flags.has('E') ? pattern : pattern.replace(/\\\|/g, '|');
          re = new RegExp(flags.has('w') ? `\\b(?:${src})\\b` : src, flags.has('i') ? 'i' : '');
        } catch {
          re = new RegExp(pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
        }
        const lines = text.split('\n');
        if (lines[lines.length - 1] === '') lines.pop();
        let count = 0;
        lines.forEach((l, i) => {
          if (re.test(l) === flags.has('v')) return;
          count++;
          if (!flags.has('c') && !flags.has('q')) io.stdout(`${flags.has('n') ? `${i + 1}:` : ''}${l}\n`);
        });
        if (flags.has('c')) io.stdout(`${count}\n`);
        return count > 0 ? 0 : 1;
      }
      // busybox's root is in wheel too; Debian's only in root. A named USER is in its own group only.
      case 'id': if (this.host.security || (applets && this.host.fs.files.has('/etc/group'))) { io.stdout(applets!.idText(this.who(), this.host.fs.files.get('/etc/passwd'), this.host.fs.files.get('/etc/group'), this.gnu())); return 0; }
        io.stdout(this.host.user ? applets!.identity(this.host.user) : this.gnu() ? 'uid=0(root) gid=0(root) groups=0(root)\n' : 'uid=0(root) gid=0(root) groups=0(root),10(wheel)\n'); return 0;
      case 'whoami': {
        if (!this.host.security && !(applets && this.host.fs.files.has('/etc/passwd'))) { io.stdout(`${this.host.user?.name ?? 'root'}\n`); return 0; }
        const who = this.who();
        if (who.name) { io.stdout(`${who.name}\n`); return 0; }
        io.stderr(applets!.whoamiUnknown(who.uid, this.gnu()));
        return 1;
      }
      case 'uname': {
        // The node's kernel. -a leaves out the processor and platform, which both busybox and upstream coreutils
        // (the Debian images') report as unknown; Ubuntu's patched uname on the node prints them.
        const flags = new Set(args.join('').replace(/-/g, '').split('').filter(Boolean));
        const all = flags.has('a');
        const fields: [string, string][] = [['s', 'Linux'], ['n', this.host.hostname], ['r', KERNEL_VERSION], ['v', KERNEL_BUILD], ['m', 'x86_64'], ['o', 'GNU/Linux']];
        const picked = fields.filter(([f]) => all || flags.has(f)).map(([, v]) => v);
        io.stdout(`${picked.length ? picked.join(' ') : 'Linux'}\n`);
        return 0;
      }
      case 'free': case 'df': case 'nproc': case 'uptime': case 'ip': {
        let r = this.host.machine?.(argv);
        if (r instanceof Promise) { yield { load: r }; r = this.host.machine!(argv); }
        if (!r || r instanceof Promise) return 0;
        io.stdout(r.stdout);
        io.stderr(r.stderr);
        return r.exitCode;
      }
      case 'wget': case 'curl': case 'nslookup': case 'ping': case 'getent': {
        const loading = this.host.prepareNetwork?.(argv);
        if (loading) yield { load: loading.then(() => undefined, () => undefined) };
        const net = this.host.network?.(argv, (p) => this.fileText(ContainerFS.normalize(frame.cwd, p)), io.tty === true);
        if (!net) {
          if (base === 'getent') return 2;
          io.stderr(base === 'nslookup' ? `;; connection timed out; no servers could be reached\n\n` : base === 'curl' ? `curl: (6) Could not resolve host: ${args.filter((a) => !a.startsWith('-')).pop() ?? ''}\n` : `wget: bad address '${(args.filter((a) => !a.startsWith('-')).pop() ?? '').replace(/^https?:\/\//, '').split('/')[0]}'\n`);
          return 1;
        }
        if (net.segments) {
          // Each stream as the tool writes it, when it writes it: wget's "Connecting to" before the page, ping a
          // line a second (a ping without -c runs until it is stopped; SIGINT's summary is not modelled, so its
          // waits are not cut short).
          yield* this.play(net.segments, io, base === 'ping');
        } else {
          if (net.durationMs) yield* this.pause(net.durationMs);
          io.stdout(net.stdout);
          io.stderr(net.stderr);
        }
        for (const [f, content] of Object.entries(net.files ?? {})) this.host.fs.write(ContainerFS.normalize(frame.cwd, f), content);
        return net.exitCode;
      }
      case 'apk': case 'apt-get': case 'apt': {
        // The package managers, offline (package-managers.ts); a use they do not model runs and prints nothing.
        if (!applets) yield { load: loadContainerApplets() };
        if (!applets) { io.stderr(`${this.name}: ${base}: ${appletsLoader.error() ?? 'not loaded'}\n`); return 126; }
        const host = { readFile: (p: string) => this.fileText(p), env: this.host.env, tty: this.interactive };
        const r = base === 'apk' ? applets.apk(args, host) : applets.aptGet(argv, host);
        if (!r) return yield* this.unmodelled(argv, viaExec);
        yield* this.play(r.steps, io);
        return r.status;
      }
      case 'seq': case 'sort': case 'uniq': case 'cut': case 'tr': case 'sed': case 'awk': case 'base64': case 'tee':
      case 'basename': case 'dirname': case 'tac': case 'rev': case 'paste': {
        // The node shell's tools, loaded on first use (text-tools.ts): the driver holds the clock while one runs.
        let result: import('./text-tools.js').TextToolResult | undefined;
        const read = (p: string) => this.fileText(p);
        const { __stdin: stdin = '', ...env } = frame.vars;
        yield { load: import('./text-tools.js').then((m) => m.runTextTool([base, ...args], stdin, env, frame.cwd, this.host.fs, read, this.host.flavour)).then((r) => { result = r; }, (e: unknown) => { result = { stdout: '', stderr: `${this.name}: ${name}: ${e instanceof Error ? e.message : String(e)}\n`, status: 126 }; }) };
        // Driven without waiting for its steps (a `$(…)` expansion met outside a command's words): not run.
        if (!result) { io.stderr(`${this.name}: ${name}: not loaded\n`); return 126; }
        io.stdout(result.stdout);
        io.stderr(result.stderr);
        return result.status;
      }
      case 'etcdctl': case 'etcdutl': {
        const { __stdin: _, ...vars } = frame.vars;
        const run = this.host.etcd?.(argv, { fs: this.host.fs, cwd: frame.cwd, env: { ...this.host.env, ...vars } });
        if (!run) return yield* this.unmodelled(argv, viaExec);
        let r: EtcdToolResult | undefined;
        yield { load: run.then((x) => { r = x; }, (e: unknown) => { r = { segments: [{ stderr: `${this.name}: ${name}: ${e instanceof Error ? e.message : String(e)}\n` }], status: 126 }; }) };
        if (!r) { io.stderr(`${this.name}: ${name}: not loaded\n`); return 126; }
        yield* this.play(r.segments, io);
        if (r.hang) yield* this.pause(Infinity);
        return r.status;
      }
      case 'redis-cli': {
        const r = this.host.client?.(argv, io.tty === true);
        if (!r) return yield* this.unmodelled(argv, viaExec);
        io.stdout(r.stdout);
        io.stderr(r.stderr);
        return r.status;
      }
      case 'nginx': {
        // nginx's own -v, -t and -s (applets.ts); anything else is the server below.
        if (args[0] !== '-v' && args[0] !== '-t' && args[0] !== '-s') return yield* this.unmodelled(argv, viaExec);
        if (!applets) yield { load: loadContainerApplets() };
        if (applets && args[0] === '-s') return applets.nginxSignal(args[1], this.host, io);
        return applets ? applets.nginxCheck(args[0] as '-v' | '-t', frame.vars.NGINX_VERSION ?? this.host.env.NGINX_VERSION ?? '', io) : 126;
      }
      case 'iptables': {
        // kube-proxy's image, distroless-iptables (kubernetes/release images/build/distroless-iptables, bookworm):
        // Debian 12's iptables 1.8.9 behind iptables-wrapper, which picks nft on a node whose kubelet wrote its hint
        // chain with nf_tables (Ubuntu 24.04's default). Its rules themselves are not modelled here.
        if (args[0] !== '-V' && args[0] !== '--version') return yield* this.unmodelled(argv, viaExec);
        io.stdout('iptables v1.8.9 (nf_tables)\n');
        return 0;
      }
      case 'node': {
        // Node's own --version (-v): the release the image's NODE_VERSION names; anything else is a server or nothing.
        const version = frame.vars.NODE_VERSION ?? this.host.env.NODE_VERSION;
        if ((args[0] !== '--version' && args[0] !== '-v') || !version) return yield* this.unmodelled(argv, viaExec);
        io.stdout(`v${version}\n`);
        return 0;
      }
      case 'which': case 'command': case 'type': case 'busybox': {
        if (!this.host.simulated) return yield* this.unmodelled(argv, viaExec, io);
        if (!applets) yield { load: loadContainerApplets() };
        if (!applets) { io.stderr(`${this.name}: ${base}: ${appletsLoader.error() ?? 'not loaded'}\n`); return 126; }
        const r = applets.lookupCommand(argv, { find: (n) => this.findProgram(n, frame), builtin: (n) => BUILTINS.has(n) || TREE_BUILTINS.has(n), dialect: this.dialect, applets: () => this.busyboxApplets(), version: this.host.imageVersion, columns: io.tty ? this.host.columns : undefined });
        if (r.run) return yield* this.command(r.run, frame, viaExec);
        io.stdout(r.stdout);
        io.stderr(r.stderr);
        return r.status;
      }
      default: return yield* this.unmodelled(argv, viaExec, io);
    }
  }

  /** The file a name runs (through PATH), as `which` and `command -v` print it. */
  private findProgram(name: string, frame: Frame): string | undefined {
    const fs = this.host.fs;
    if (!this.host.hasBinary(name, frame.cwd)) return undefined;
    if (name.includes('/')) return name;
    const path = frame.vars.PATH ?? this.host.env.PATH ?? '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
    for (const d of path.split(':')) {
      const p = `${d.replace(/\/+$/, '')}/${name}`;
      if (fs.files.has(p) && this.host.hasBinary(p)) return p;
    }
    return undefined;
  }

  /** busybox's applets: the names in its folder that are links to it (the image's /bin/busybox inode). */
  private busyboxApplets(): string[] {
    const fs = this.host.fs;
    const me = fs.lower?.nodes.get('/bin/busybox');
    if (!me) return [];
    const names = new Set<string>();
    for (const d of ['/bin', '/sbin', '/usr/bin', '/usr/sbin']) {
      for (const n of fs.list(d)) {
        const p = `${d}/${n}`;
        if (n !== 'busybox' && (fs.lower?.nodes.get(p) === me || fs.links?.get(p)?.endsWith('/bin/busybox'))) names.add(n);
      }
    }
    return [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }

  /** A tool's output as it writes it: each stream's text after its wait (`uncut`: a wait SIGINT does not end). */
  private *play(segments: readonly { delayMs?: number; stdout?: string; stderr?: string }[], io: ShellIO, uncut = false): Generator<Yield, void> {
    for (const s of segments) {
      if (s.delayMs) {
        if (uncut) yield { sleepMs: s.delayMs };
        else yield* this.pause(s.delayMs);
      }
      if (s.stdout) io.stdout(s.stdout);
      if (s.stderr) io.stderr(s.stderr);
    }
  }

  private *unmodelled(argv: string[], viaExec: boolean, io?: ShellIO): Generator<Yield, number> {
    // A server in the foreground never returns: the script waits (or, after exec, is) that server until killed.
    if (this.host.serve?.(argv, viaExec)) {
      yield* this.pause(Infinity);
      return 0;
    }
    // A program file of the image the lab does not run: it says so rather than succeed having done nothing.
    if (io && this.host.simulated && !this.host.simulated(argv[0])) {
      io.stderr(`kubelab: ${argv[0].slice(argv[0].lastIndexOf('/') + 1)} is not simulated\n`);
      return 1;
    }
    // A binary that exists but that the simulation does not model: it runs and prints nothing.
    return 0;
  }

  private test(args: string[], frame: Frame): number {
    if (args[0] === '!') return this.test(args.slice(1), frame) === 0 ? 1 : 0;
    if (args.length === 2) {
      const p = ContainerFS.normalize(frame.cwd, args[1]);
      switch (args[0]) {
        case '-f': return this.host.fs.files.has(p) ? 0 : 1;
        case '-d': return this.host.fs.dirs.has(p) ? 0 : 1;
        case '-e': return this.host.fs.files.has(p) || this.host.fs.dirs.has(p) ? 0 : 1;
        case '-z': return args[1] === '' ? 0 : 1;
        case '-n': return args[1] !== '' ? 0 : 1;
      }
    }
    if (args.length === 3) {
      const [a, op, b] = args;
      switch (op) {
        case '=': case '==': return a === b ? 0 : 1;
        case '!=': return a !== b ? 0 : 1;
        case '-eq': return Number(a) === Number(b) ? 0 : 1;
        case '-ne': return Number(a) !== Number(b) ? 0 : 1;
        case '-lt': return Number(a) < Number(b) ? 0 : 1;
        case '-le': return Number(a) <= Number(b) ? 0 : 1;
        case '-gt': return Number(a) > Number(b) ? 0 : 1;
        case '-ge': return Number(a) >= Number(b) ? 0 : 1;
      }
    }
    if (args.length === 1) return args[0] !== '' ? 0 : 1;
    return 1;
  }

  /** Expands one word; unquoted words are split on whitespace. */
  private expandSplit(word: string, frame: Frame): string[] {
    if (word === '"$@"') return [...(frame.args ?? [])];
    const quoted = /['"]/.test(word) || ARRAY_SPLIT_WORD.test(word);
    const v = this.expand(word, frame);
    if (quoted) return [v];
    return v.split(/\s+/).filter((s) => s !== '');
  }

  expand(word: string, frame: Frame): string {
    let out = '';
    let i = 0;
    while (i < word.length) {
      const ch = word[i];
      if (ch === '\\') { out += word[i + 1] ?? ''; i += 2; continue; }
      if (ch === "'") { const j = word.indexOf("'", i + 1); out += word.slice(i + 1, j < 0 ? undefined : j); i = j < 0 ? word.length : j + 1; continue; }
      if (ch === '"') {
        let j = i + 1;
        let inner = '';
        while (j < word.length && word[j] !== '"') {
          if (word[j] === '$' && word[j + 1] === '{') { const e = braceEnd(word, j + 1); inner += word.slice(j, e + 1); j = e + 1; continue; }
          inner += word[j]; if (word[j] === '\\') { inner += word[j + 1] ?? ''; j++; } j++;
        }
        // `\$` is a dollar sign, not an expansion: it goes through expandVars as a character no shell word holds.
        out += this.expandVars(inner.replace(/\\(["\\$`])/g, (_, c: string) => (c === '$' ? ESCAPED_DOLLAR : c)), frame).replaceAll(ESCAPED_DOLLAR, '$');
        i = j + 1;
        continue;
      }
      let j = i;
      while (j < word.length && word[j] !== "'" && word[j] !== '"' && word[j] !== '\\') {
        if (word[j] === '$' && word[j + 1] === '(') {
          let depth = 0;
          for (; j < word.length; j++) { if (word[j] === '(') depth++; else if (word[j] === ')') { depth--; if (depth === 0) break; } }
        } else if (word[j] === '$' && word[j + 1] === '{') j = braceEnd(word, j + 1);
        j++;
      }
      out += this.expandVars(word.slice(i, j), frame);
      i = j;
    }
    return out;
  }

  private expandVars(s: string, frame: Frame): string {
    let out = '';
    for (let i = 0; i < s.length; i++) {
      if (s[i] !== '$') { out += s[i]; continue; }
      if (s.startsWith('$((', i)) {
        let depth = 0;
        let end = i + 1;
        for (; end < s.length; end++) { if (s[end] === '(') depth++; else if (s[end] === ')' && --depth === 0) break; }
        if (s[end - 1] === ')') { out += String(this.arith(this.expandVars(s.slice(i + 3, end - 1), frame), frame)); i = end; continue; }
      }
      if (s[i + 1] === '(') {
        let depth = 0;
        let j = i + 1;
        for (; j < s.length; j++) { if (s[j] === '(') depth++; else if (s[j] === ')') { depth--; if (depth === 0) break; } }
        out += this.substitute(s.slice(i + 2, j), frame).replace(/\n+$/, '');
        i = j;
        continue;
      }
      if (s[i + 1] === '{') {
        const end = braceEnd(s, i + 1);
        out += this.parameter(s.slice(i + 2, end), frame);
        i = end;
        continue;
      }
      if (s[i + 1] === '?') { out += String(frame.last); i++; continue; }
      if (s[i + 1] === '#') { out += String(frame.args?.length ?? 0); i++; continue; }
      if (s[i + 1] === '@' || s[i + 1] === '*') { out += (frame.args ?? []).join(' '); i++; continue; }
      if (/[0-9]/.test(s[i + 1] ?? '')) { out += s[i + 1] === '0' ? this.name : frame.args?.[Number(s[i + 1]) - 1] ?? ''; i++; continue; }
      if (s[i + 1] === '$') { out += String(this.host.pid ?? 1); i++; continue; }
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(s.slice(i + 1));
      if (!m) { out += '$'; continue; }
      out += frame.vars[m[0]] ?? '';
      i += m[0].length;
    }
    return out;
  }

  /** `${body}`: a plain name here, the operators in the lazily loaded param-expansion.ts (script() loaded it). */
  private parameter(body: string, frame: Frame): string {
    const get = (name: string): string | undefined => {
      if (/^[0-9]+$/.test(name)) return name === '0' ? this.name : frame.args?.[Number(name) - 1];
      if (name === '?') return String(frame.last);
      if (name === '#') return String(frame.args?.length ?? 0);
      if (name === '@' || name === '*') return (frame.args ?? []).join(' ');
      if (name === '$') return String(this.host.pid ?? 1);
      return frame.vars[name];
    };
    if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(body)) return frame.vars[body] ?? '';
    if (!applets) return get(body) ?? '';
    return applets.expandParameter(body, {
      dialect: this.dialect, interactive: this.interactive, get,
      set: (k, v) => { frame.vars[k] = v; },
      word: (t) => this.expand(t, frame),
      pattern: (t) => applets!.patternWord(t, (w) => this.expand(w, frame), (w) => this.expandVars(w, frame)),
      arith: (t) => this.arith(this.expandVars(t, frame), frame),
      fail: (text, bashStatus) => { throw new ScriptError(`${this.where(frame)}${text}`, this.dialect === 'bash' ? bashStatus : 2); },
    });
  }

  /**
   * Expands `texts` with `expand`, their `$(…)` run first as the generator they are: what one waits for (a sleep, a
   * curl) takes its virtual time and what it loads (a text filter's code) is there, though expansion itself cannot
   * stop. Each substitution runs once, in the order expansion meets it, as a subshell: its `exit` ends only it.
   */
  private *expanding<T>(texts: readonly string[], frame: Frame, expand: () => T): Generator<Yield, T> {
    let ran: Map<string, string[]> | undefined;
    this.substitutionStatus = 0;
    for (const t of texts) {
      if (!SUBSTITUTION.test(t)) continue;
      for (const src of commandSubstitutions(t)) {
        let text = '';
        const status = yield* this.child(src, { ...frame, io: { stdout: (x) => { text += x; }, stderr: frame.io.stderr } });
        this.substitutionStatus = status;
        ran ??= new Map();
        const q = ran.get(src);
        if (q) q.push(text);
        else ran.set(src, [text]);
      }
    }
    const outer = this.substituted;
    this.substituted = ran;
    try {
      return expand();
    } finally {
      this.substituted = outer;
    }
  }

  /** $(cmd): its output when `expanding` ran it already, else it runs at once (sleeps inside are not waited for). */
  private substitute(src: string, frame: Frame): string {
    const done = this.substituted?.get(src);
    if (done?.length) return done.shift()!;
    let text = '';
    const sub: Frame = { ...frame, io: { stdout: (t) => { text += t; }, stderr: frame.io.stderr } };
    const gen = this.script(src, sub);
    for (let r = gen.next(); !r.done; r = gen.next());
    return text;
  }

  /**
   * `$((…))`, its variables already expanded: C's integer arithmetic. An error ends the script: ash's two texts,
   * dash's `arithmetic expression: …: "EXPR"` (dash has no `**`), bash's own (status 1).
   */
  private arith(expr: string, frame: Frame): number {
    try {
      if (this.dialect === 'dash' && expr.includes('**')) throw new ArithError('operand expected');
      return evaluateArithmetic(expr, { get: (k) => frame.vars[k], set: (k, v) => { frame.vars[k] = v; } });
    } catch (e) {
      if (!(e instanceof ArithError)) throw e;
      const byZero = /division by 0/.test(e.message);
      if (this.dialect === 'bash') throw new ScriptError(`${this.where(frame)}${e.message}`, 1);
      if (this.dialect === 'ash') throw new ScriptError(`${this.where(frame)}${byZero ? 'divide by zero' : 'arithmetic syntax error'}`);
      const why = byZero ? 'division by zero' : /operand expected/.test(e.message) ? 'expecting primary' : 'expecting EOF';
      throw new ScriptError(`${this.where(frame)}arithmetic expression: ${why}: "${expr}"`);
    }
  }
}

/**
 * The bodies of the `$(…)` that expanding `word` runs, in order: none inside single quotes, none that is `$((…))`
 * itself (a `$(…)` inside one still runs), nested ones with their outer one.
 */
export function commandSubstitutions(word: string): string[] {
  const found: string[] = [];
  let inDouble = false;
  for (let i = 0; i < word.length; i++) {
    const ch = word[i];
    if (ch === '\\') { i++; continue; }
    if (ch === "'" && !inDouble) { const j = word.indexOf("'", i + 1); i = j < 0 ? word.length : j; continue; }
    if (ch === '"') { inDouble = !inDouble; continue; }
    if (ch !== '$' || word[i + 1] !== '(' || word[i + 2] === '(') continue;
    let depth = 0;
    let j = i + 1;
    for (; j < word.length; j++) { if (word[j] === '(') depth++; else if (word[j] === ')' && --depth === 0) break; }
    found.push(word.slice(i + 2, j));
    i = j;
  }
  return found;
}

/** `sleep 10`, `sleep 1.5`, `sleep 1m`, `sleep infinity`. */
export function parseDuration(a: string): number {
  if (a === 'infinity' || a === 'inf') return 1e9;
  const m = /^(\d+(?:\.\d+)?)([smhd]?)$/.exec(a);
  if (!m) return NaN;
  return Number(m[1]) * ({ '': 1, s: 1, m: 60, h: 3600, d: 86400 } as Record<string, number>)[m[2]];
}

/**
 * echo's output in each shell. busybox's and bash's take any run of -n, -e, -E words first and read backslash
 * escapes only with -e; dash's takes -n alone, as the first word, and always reads them (no \x). \c ends the
 * output there, the newline too.
 */
export function echoText(dialect: 'ash' | 'dash' | 'bash', args: string[]): string {
  let noNewline = false;
  let escapes = dialect === 'dash';
  let i = 0;
  if (dialect === 'dash') {
    if (args[0] === '-n') { noNewline = true; i = 1; }
  } else {
    for (; i < args.length && /^-[neE]+$/.test(args[i]); i++) {
      for (const f of args[i].slice(1)) {
        if (f === 'n') noNewline = true;
        else escapes = f === 'e';
      }
    }
  }
  const text = args.slice(i).join(' ');
  if (!escapes) return text + (noNewline ? '' : '\n');
  let out = '';
  for (let k = 0; k < text.length; k++) {
    const c = text[k];
    if (c !== '\\' || k + 1 >= text.length) { out += c; continue; }
    const n = text[++k];
    const simple: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\' };
    if (n in simple) out += simple[n];
    else if (n === 'c') return out;
    else if (n === 'e' && dialect !== 'dash') out += '\x1b';
    else if (n === '0') {
      const m = /^[0-7]{0,3}/.exec(text.slice(k + 1))![0];
      out += String.fromCharCode(parseInt(m || '0', 8) & 0xff);
      k += m.length;
    } else if (n === 'x' && dialect !== 'dash' && /^[0-9a-fA-F]/.test(text[k + 1] ?? '')) {
      const m = /^[0-9a-fA-F]{1,2}/.exec(text.slice(k + 1))![0];
      out += String.fromCharCode(parseInt(m, 16));
      k += m.length;
    } else out += `\\${n}`;
  }
  return out + (noNewline ? '' : '\n');
}
