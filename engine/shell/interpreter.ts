/**
 * Runs parsed command lists. Commands run as promises: a pipeline's commands
 * run together joined by streaming Pipes; waiting happens on the virtual clock
 * through `ctx.sleep`, so the same code runs at wall speed in the page and
 * jumps in scripts. Runaway work is stopped by step and output budgets
 * (counted work, not wall time, to stay deterministic).
 */
import type { Cluster } from '../cluster.js';
import type { VirtualClock } from '../util/clock.js';
import { Random } from '../util/random.js';
import type { AndOr, Command, List, Pipeline, Redirect, SimpleCommand } from './ast.js';
import { BUILTINS, REGISTRY_BUILTINS } from './builtins.js';
import { binaryOf, executable, searchPath } from './binary.js';
import { ExpansionError, UnboundVariable, expandHeredoc, expandPattern, expandWordToFields, expandWordToString, type ExpandHost } from './expand.js';
import { patternToRegExp } from './glob.js';
import { IncompleteInput, parse, scanWord, ShellSyntaxError, NESTING_TOO_DEEP } from './parser.js';
import { evaluateArithmetic } from './arith.js';
import type { CommandSpec, ExecOptions, HostAccess, Input, InterruptSignal, Output, ProcessContext, ShellNetwork, ShellScript, TerminalInfo, VirtualFileSystem } from './process.js';
import { CommandRegistry } from './registry.js';
import { Interrupted, LineSignal } from './signal.js';
import { BadFileDescriptor, BrokenPipe, BufferOutput, EMPTY_INPUT, NULL_OUTPUT, Pipe, StringInput, WRITE_ONLY_INPUT } from './streams.js';
import { ERRNO_TEXT, FsError, machineFiles, MemoryFileSystem } from './vfs.js';
import { loadForProc } from './commands/node/index.js';

/** Any fixed seed: `$RANDOM` only has to be repeatable, not the same as bash's. */
const RANDOM_SEED = 32768;

export interface ShellIO {
  stdin: Input;
  stdout: Output;
  stderr: Output;
  signal: LineSignal;
  /** File descriptors 3 and up a redirection or `exec` opened (`exec 3< file`, `2>&3`, `read -u 3`). */
  fds?: ReadonlyMap<number, Input | Output>;
}

/**
 * What `exec`'s redirections left open in the learner's shell for the lines after: the terminal's own output and
 * error streams by their number (1, 2), since each line has its own writers for them.
 */
type HeldFd = Input | Output | 1 | 2;

/** Per-line limits: a learner's typo must not hang the tab. */
export interface Budget {
  /** Simple commands run plus loop iterations. */
  maxSteps: number;
  /** Characters written to pipes, files, substitutions and the terminal. */
  maxOutput: number;
  /** Function call depth. */
  maxCallDepth: number;
}

export const DEFAULT_BUDGET: Budget = { maxSteps: 50_000, maxOutput: 16 * 1024 * 1024, maxCallDepth: 1000 };

/**
 * How a line shares the event loop with the page. JavaScript cannot pre-empt a
 * promise chain, so a loop that never awaits real I/O (`while true; do :; done`)
 * would hold the tab until its budget runs out; instead the interpreter hands
 * control back every few steps, which lets keystrokes, Ctrl-C and the page's
 * drawing in. Counted in steps (deterministic); a host may add its own test
 * (the page: a few milliseconds of wall time since the last yield).
 */
export interface Cooperation {
  /** Asked at every step: true to yield now whatever the step count. */
  shouldYield?: () => boolean;
  /** Hands control to the host's event loop; default: one macrotask. */
  yieldNow?: () => Promise<void>;
}

/**
 * Steps between yields. A step (one simple command or loop turn) costs 5–100 µs
 * of work here, so 64 keeps each stretch within a few milliseconds even on a
 * slow shared machine, while a yield costs a few microseconds.
 */
export const YIELD_EVERY_STEPS = 64;

/** One line's budgets and signal; background jobs keep their line's, so a job left running cannot spend the next line's. */
interface LineState {
  steps: number;
  output: number;
  callDepth: number;
  signal: LineSignal;
  message: string | undefined;
  /** The foreground has finished: a background job that runs out of budget reports it itself. */
  foregroundDone: boolean;
  reported: boolean;
}

function newLineState(): LineState {
  return { steps: 0, output: 0, callDepth: 0, signal: new LineSignal(), message: undefined, foregroundDone: false, reported: false };
}

/** One macrotask: setImmediate (Node), a MessageChannel round trip (browsers and workers: setTimeout is clamped to 4 ms when nested), else setTimeout. */
export function macrotask(): Promise<void> {
  const g = globalThis as unknown as {
    setImmediate?: (fn: () => void) => void;
    MessageChannel?: new () => { port1: { onmessage: (() => void) | null; close(): void }; port2: { postMessage(v: unknown): void; close(): void } };
    setTimeout: (fn: () => void, ms: number) => void;
  };
  if (g.setImmediate) return new Promise((resolve) => g.setImmediate!(resolve));
  if (g.MessageChannel) {
    return new Promise((resolve) => {
      const ch = new g.MessageChannel!();
      ch.port1.onmessage = () => {
        ch.port1.close();
        resolve();
      };
      ch.port2.postMessage(0);
    });
  }
  return new Promise((resolve) => g.setTimeout(resolve, 0));
}

export const STEP_BUDGET_EXCEEDED = (n: number) => `kubelab: stopped after ${n} commands in one line (a loop that never ends?)`;
export const OUTPUT_BUDGET_EXCEEDED = (n: number) => `kubelab: stopped after ${Math.round(n / 1024 / 1024)} MiB of output in one line`;

export class BudgetExceeded extends Error {}

class BreakLoop { constructor(public n: number) {} }
class ContinueLoop { constructor(public n: number) {} }
export class ReturnFromFunction { constructor(readonly status: number) {} }
export class ExitShell { constructor(readonly status: number) {} }

export interface ShellOptions {
  fs: VirtualFileSystem;
  registry: CommandRegistry;
  clock: VirtualClock;
  cluster?: Cluster;
  terminal?: TerminalInfo;
  network?: ShellNetwork;
  env?: Record<string, string>;
  cwd?: string;
  budget?: Partial<Budget>;
  cooperation?: Cooperation;
  host?: HostAccess;
}

export interface Var {
  value: string;
  exported: boolean;
  /** An indexed array's elements (sparse: `unset 'a[1]'` leaves a hole); `value` is element 0, what `$a` gives. */
  arr?: string[];
  /** `declare -A`: an associative array's elements by key (`value` is unused). */
  assoc?: Map<string, string>;
  /** `declare -i` / `-r`: 'i' evaluates each assignment arithmetically, 'r' refuses it. */
  attrs?: string;
  /** Declared (`declare -r x`, `export x`) but never given a value: still unset for `${x-…}`. */
  noValue?: boolean;
}

/**
 * declare.ts once loaded: a variable gets attributes or becomes an associative array only through it
 * (`declare`, `local`, `readonly`, `name=([k]=v)`), so whatever meets one finds it here.
 */
let declared: DeclareHooks | undefined;
type DeclareHooks = Pick<typeof import('./declare.js'), 'attributed' | 'assocKeys' | 'assignCompound'>;
export function declareLoaded(m: DeclareHooks): void {
  declared = m;
}

/** An assignment to a `readonly` variable: bash reports it and abandons the line. */
export class ReadonlyVariable extends Error {
  constructor(readonly variable: string) {
    super(`${variable}: readonly variable`);
  }
}

/** `name[subscript]`. */
/** A background job (`cmd &`): its number, PID, text as typed, and how it ended. */
export interface Job {
  n: number;
  pid: number;
  signal: LineSignal;
  text: string;
  done: Promise<number>;
  status?: number;
  /** The signal `kill` sent it. */
  killedBy?: number;
}

const ELEMENT = /^([A-Za-z_][A-Za-z0-9_]*)\[([^\]]*)\]$/;
/** `name=(…)` / `name+=(…)` as the parser keeps it. */
const COMPOUND = /^([A-Za-z_][A-Za-z0-9_]*)(\+?)=\(([\s\S]*)\)$/;

export class Shell {
  vars = new Map<string, Var>();
  aliases = new Map<string, string>();
  functions = new Map<string, Command>();
  positional: string[] = [];
  status = 0;
  history: string[] = [];
  /** bash's hash table: where each command was found on PATH and how often it ran since (`hash`, `type`); shared by forks. */
  hashed = new Map<string, { path: string; hits: number }>();
  /** `$0`: the shell's name, or the script it runs. */
  arg0 = 'bash';
  /** A non-interactive shell's script (ExecOptions.script); undefined for the learner's interactive shell. */
  script: ShellScript | undefined;
  /** The line of the script the running command started on ($LINENO, error messages). */
  lineNumber = 0;

  /** How the shell's own messages begin: bash's "bash: " at the prompt, "NAME: line N: " in a script, dash's "NAME: N: ". */
  errorPrefix(): string {
    if (!this.script) return 'bash: ';
    return this.script.dialect === 'dash' ? `${this.arg0}: ${this.lineNumber}: ` : `${this.arg0}: line ${this.lineNumber}: `;
  }

  /**
   * A script as bash and dash read one: a complete command at a time, each run before the next is read, so a
   * syntax error stops the script there (status 2) after what came before it ran.
   */
  async runScript(text: string, io: ShellIO): Promise<number> {
    const lines = text.split('\n');
    let status = 0;
    for (let start = 0; start < lines.length;) {
      let end = start;
      let list: List;
      for (;;) {
        const last = end + 1 >= lines.length;
        try {
          const at = end + 1;
          // bash warns of a here-document ended by the end of the script; dash says nothing.
          const warn = (m: string) => { if (this.script!.dialect === 'bash') io.stderr.write(`${this.arg0}: line ${at}: ${m}\n`); };
          list = parse(lines.slice(start, end + 1).join('\n'), { final: last, firstLine: start + 1, warn });
          break;
        } catch (e) {
          if (e instanceof IncompleteInput && !last) { end++; continue; }
          if (e instanceof ShellSyntaxError || e instanceof IncompleteInput) {
            io.stderr.write(this.syntaxErrorText(e, lines, end + 1));
            return 2;
          }
          throw e;
        }
      }
      status = await this.runList(list, io);
      start = end + 1;
    }
    return status;
  }

  /** bash: the message and the line it was in; dash: "Syntax error: " and what it did not expect. */
  private syntaxErrorText(e: ShellSyntaxError | IncompleteInput, lines: string[], line: number): string {
    const name = this.script!.commandString && this.script!.dialect === 'bash' ? `${this.arg0}: -c` : this.arg0;
    if (this.script!.dialect === 'dash') {
      const what = e instanceof ShellSyntaxError ? `"${e.token}" unexpected` : e.kind === 'quote' ? 'Unterminated quoted string' : 'end of file unexpected';
      return `${name}: ${line}: Syntax error: ${what}\n`;
    }
    if (e instanceof IncompleteInput) return `${name}: line ${e.kind === 'quote' ? line : line + 1}: ${e.message}\n`;
    return `${name}: line ${line}: ${e.message}\n${name}: line ${line}: \`${lines[line - 1]}'\n`;
  }
  /** Set by `exit`; the session ends. */
  exitStatus: number | undefined;
  /** The files as this shell's user sees them (vfs.ts's view; `sudo`'s fork has root's). */
  fs: VirtualFileSystem;
  /** The commands on PATH (a program `sudo` runs may see some replaced: ExecOptions.wrap). */
  registry: CommandRegistry;
  readonly clock: VirtualClock;
  readonly cluster?: Cluster;
  terminal: TerminalInfo;
  network?: ShellNetwork;
  host?: HostAccess;
  /** A login shell (`ssh NODE`): `exit` says "logout". */
  loginShell = false;
  /** Files being sourced (`.`): `return` ends one. */
  sourceDepth = 0;
  readonly budget: Budget;
  /** The terminal's Output for the current line (set by the session). */
  ttyOutput: Output | undefined;
  readonly cooperation: Cooperation;
  private line: LineState = newLineState();
  private jobs = 0;
  /** Background jobs still running by job number, with their PIDs (`kill %1`, `kill 1001`); shared by forks. */
  readonly jobTable = new Map<number, Job>();
  /** Jobs that ended since the last prompt: bash reports them (`[1]+  Done …`) before the next one; shared by forks. */
  readonly finishedJobs: Job[] = [];
  /** `$!`. */
  lastBackgroundPid: number | undefined;
  /** `set -e`, `-u`, `-x`, `-o pipefail`. */
  options = { errexit: false, nounset: false, xtrace: false, pipefail: false };
  /** Inside an `if`/`while` condition, a `!` pipeline or the left of `&&`/`||`: `set -e` and the ERR trap stand aside. */
  private noErrexit = 0;
  /** `trap` commands by condition (EXIT, ERR, INT…); a subshell starts without them. */
  traps = new Map<string, string>();
  /** Per function call, the variables `local` shadows and what to put back when the call returns (undefined: unset). */
  private localScopes: Map<string, Var | undefined>[] = [];

  /** Makes `name` local to the running function; false outside any function. */
  makeLocal(name: string): boolean {
    const scope = this.localScopes[this.localScopes.length - 1];
    if (!scope) return false;
    if (!scope.has(name)) scope.set(name, this.vars.get(name));
    return true;
  }

  /** Whether a function is running (`local` works only there). */
  inFunction(): boolean {
    return this.localScopes.length > 0;
  }

  /** Whether the running function has already made `name` local. */
  isLocal(name: string): boolean {
    return this.localScopes[this.localScopes.length - 1]?.has(name) ?? false;
  }

  /** `${PIPESTATUS[@]}`: each command's status in the last pipeline. */
  pipeStatus: number[] = [];
  /** Command substitutions deep (`set -x` prints `++` inside one). */
  private xtraceLevel = 1;
  /** Background jobs still running, from any line (shared by forks). */
  private background = { running: 0 };
  /**
   * Steps since the last yield and the yield in progress, shared by every job
   * and fork: a fork bomb's thousand concurrent jobs wait for the same turn
   * rather than each taking its own 64 steps per turn.
   */
  private turn: { sinceYield: number; gate: Promise<void> | undefined } = { sinceYield: 0, gate: undefined };

  constructor(opts: ShellOptions) {
    this.fs = opts.fs;
    this.registry = opts.registry;
    this.clock = opts.clock;
    this.cluster = opts.cluster;
    this.terminal = opts.terminal ?? { isTTY: false, columns: 80, rows: 24 };
    this.network = opts.network;
    this.host = opts.host;
    this.budget = { ...DEFAULT_BUDGET, ...opts.budget };
    this.cooperation = opts.cooperation ?? {};
    for (const [k, v] of Object.entries(opts.env ?? {})) this.vars.set(k, { value: v, exported: true });
    this.setVar('PWD', opts.cwd ?? this.getVar('HOME') ?? '/');
  }

  get cwd(): string {
    return this.getVar('PWD') ?? '/';
  }

  set cwd(path: string) {
    this.setVar('PWD', path, true);
  }

  getVar(name: string): string | undefined {
    const v = this.vars.get(name);
    // `$RANDOM`: 0–32767, from the shell's own seeded generator so a session replays the same numbers.
    if (!v && name === 'RANDOM') return String(this.random.int(32768));
    // bash's $LINENO in a script: the running command's line (Debian's dash has none).
    if (!v && name === 'LINENO' && this.script?.dialect === 'bash') return String(this.lineNumber);
    return v?.noValue ? undefined : v?.value;
  }

  /** `$RANDOM`'s generator; `RANDOM=n` seeds it. */
  private random = new Random(RANDOM_SEED);

  setVar(name: string, value: string, exported?: boolean): void {
    if (name === 'RANDOM') {
      this.random = new Random(Number(value) || 0);
      return;
    }
    // sv_path: a new PATH empties the hash table.
    if (name === 'PATH') this.hashed.clear();
    const el = ELEMENT.exec(name);
    const assoc = el && this.vars.get(el[1]);
    if (assoc?.assoc) {
      assoc.assoc.set(el![2], assoc.attrs ? declared!.attributed(this, el![1], assoc, value) : value);
      assoc.noValue = undefined;
      return;
    }
    if (el) return this.setElement(el[1], this.subscript(el[1], el[2]), value);
    const cur = this.vars.get(name);
    if (cur?.assoc) return this.setVar(`${name}[0]`, value);
    if (cur?.attrs) value = declared!.attributed(this, name, cur, value);
    // `a=x` on an array sets its element 0.
    if (cur?.arr) cur.arr[0] = value;
    this.vars.set(name, { value, exported: exported ?? cur?.exported ?? false, arr: cur?.arr, attrs: cur?.attrs });
  }

  /** An array's elements (a scalar is a one-element array), undefined when unset. */
  getArray(name: string): string[] | undefined {
    if (name === 'PIPESTATUS') return this.pipeStatus.map(String);
    const v = this.vars.get(name);
    if (v?.assoc) return declared!.assocKeys(v.assoc).map((k) => v.assoc!.get(k)!);
    return v && (v.arr ?? (v.noValue ? [] : [v.value]));
  }

  /** `${!a[@]}`: an array's indices, or an associative array's keys in bash's order. */
  getKeys(name: string): string[] {
    const v = this.vars.get(name);
    if (v?.assoc) return declared!.assocKeys(v.assoc);
    return Object.keys(this.getArray(name) ?? []);
  }

  /** Whether `name` is an associative array: its subscripts are strings, not arithmetic. */
  isAssoc(name: string): boolean {
    return this.vars.get(name)?.assoc !== undefined;
  }

  /** `name+=value`: appended, or added when `name` is an integer. */
  appended(name: string, value: string): string {
    const old = this.getRef(name) ?? '';
    return this.vars.get(ELEMENT.exec(name)?.[1] ?? name)?.attrs?.includes('i') ? `${old || 0}+(${value || 0})` : old + value;
  }

  setArray(name: string, values: string[]): void {
    const cur = this.vars.get(name);
    if (cur?.attrs) values = values.map((v) => declared!.attributed(this, name, cur, v));
    this.vars.set(name, { value: values[0] ?? '', exported: cur?.exported ?? false, arr: values, attrs: cur?.attrs });
  }

  setElement(name: string, i: number, value: string | undefined): void {
    const arr = this.getArray(name)?.slice() ?? [];
    if (value === undefined) delete arr[i];
    else arr[i] = value;
    this.setArray(name, arr);
  }

  /** An arithmetic subscript; negative ones count back from the end, as bash's do. */
  subscript(name: string, sub: string): number {
    const i = evaluateArithmetic(sub, { get: (k) => this.getVar(k), set: (k, v) => this.setVar(k, v) });
    return i < 0 ? i + (this.getArray(name)?.length ?? 0) : i;
  }

  /** `name` or `name[subscript]`, as `$((a[1]))` and `${a[i]}` read them. */
  getRef(ref: string): string | undefined {
    const el = ELEMENT.exec(ref);
    if (!el) return this.vars.get(ref)?.assoc?.get('0') ?? this.getVar(ref);
    const assoc = this.vars.get(el[1])?.assoc;
    if (assoc) return assoc.get(el[2]);
    return this.getArray(el[1])?.[this.subscript(el[1], el[2])];
  }

  exportVar(name: string): void {
    const cur = this.vars.get(name);
    if (cur) cur.exported = true;
    else this.vars.set(name, { value: '', exported: true, noValue: true });
  }

  env(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, v] of this.vars) if (v.exported && !v.noValue) out[k] = v.value;
    return out;
  }

  /** A copy for a pipeline element or `( ... )`: changes inside do not leak out, as with bash's subshells. */
  fork(): Shell {
    const s = Object.create(Shell.prototype) as Shell;
    Object.assign(s, this);
    s.vars = new Map([...this.vars].map(([k, v]) => [k, { ...v, arr: v.arr?.slice(), assoc: v.assoc && new Map(v.assoc) }]));
    s.aliases = new Map(this.aliases);
    s.functions = new Map(this.functions);
    s.positional = [...this.positional];
    s.options = { ...this.options };
    s.localScopes = this.localScopes.map((m) => new Map(m));
    s.traps = new Map();
    s.parent = this.parent ?? this;
    s.countOutput = (n: number) => s.chargeOutput(n);
    return s;
  }

  /** The shell the session drives (forks point at it). */
  private parent: Shell | undefined;
  /** The terminal as a command writing to `io` sees it: isTTY only when stdout is the terminal itself (ls prints columns there, one name per line into a pipe). */
  terminalFor(io: ShellIO): TerminalInfo {
    return { ...this.terminal, isTTY: this.terminal.isTTY && io.stdout === this.root().ttyOutput, stderrIsTTY: this.terminal.isTTY && io.stderr === this.root().ttyOutput };
  }

  /** The learner's shell itself, for a subshell the one it was copied from. */
  root(): Shell {
    return this.parent ?? this;
  }

  /** A pipeline element, `( … )` or `$( … )` rather than the learner's shell itself. */
  get isSubshell(): boolean {
    return this.parent !== undefined;
  }

  /** Why the current line was stopped, when a budget ran out. */
  get budgetMessage(): string | undefined {
    return this.line.message;
  }

  /** Steps the current line has taken, its background jobs' included (what the step budget counts). */
  get lineSteps(): number {
    return this.line.steps;
  }

  /** Background jobs still running (`:(){ :|:& };:` leaves some behind its line). */
  get backgroundJobs(): number {
    return this.background.running;
  }

  /** Starts a new line: fresh budgets and a fresh interrupt signal. */
  beginLine(): LineSignal {
    this.line = newLineState();
    return this.line.signal;
  }

  /** The line's foreground is over; its message, if any, was printed by the session. */
  endLine(): void {
    this.line.foregroundDone = true;
    if (this.line.message) this.line.reported = true;
  }

  /** Charges output against the line's budget. */
  countOutput = (n: number): void => this.chargeOutput(n);

  private chargeOutput(n: number): void {
    const l = this.line;
    l.output += n;
    if (l.output > this.budget.maxOutput) this.exhaust(OUTPUT_BUDGET_EXCEEDED(this.budget.maxOutput));
  }

  private exhaust(message: string): never {
    const l = this.line;
    l.message ??= message;
    l.signal.abort('budget');
    throw new BudgetExceeded(l.message);
  }

  private step(io: ShellIO): void {
    if (io.signal.aborted) throw new Interrupted(io.signal.reason);
    if (++this.line.steps > this.budget.maxSteps) this.exhaust(STEP_BUDGET_EXCEEDED(this.budget.maxSteps));
  }

  /** A step, and every YIELD_EVERY_STEPS of them (or when the host asks) a turn of the event loop for the page. */
  private async tick(io: ShellIO): Promise<void> {
    this.step(io);
    const t = this.turn;
    // Jobs released by a turn count again: a turn lets YIELD_EVERY_STEPS of them go, the rest wait for the next.
    for (;;) {
      if (!t.gate) {
        if (++t.sinceYield < YIELD_EVERY_STEPS && !this.cooperation.shouldYield?.()) return;
        t.sinceYield = 0;
        t.gate = this.pause().finally(() => (t.gate = undefined));
      }
      await t.gate;
      // Ctrl-C or a budget spent by a sibling while we were away.
      if (io.signal.aborted) throw new Interrupted(io.signal.reason);
    }
  }

  /**
   * Yields to the host. The clock is held meanwhile, so a driver that jumps
   * simulated time (scripts, tests) does not mistake a busy loop for waiting:
   * transcripts stay the same however often a line yields.
   */
  pause = async (): Promise<void> => {
    const release = this.clock.hold();
    try {
      await (this.cooperation.yieldNow ?? macrotask)();
    } finally {
      release();
    }
  };

  // ---- lists ----

  async runList(list: List, io: ShellIO): Promise<number> {
    for (const item of list.items) {
      if (item.background) {
        // Job numbers start again after the highest one still listed; PIDs only grow.
        const n = Math.max(0, ...this.jobTable.keys(), ...this.finishedJobs.map((j) => j.n)) + 1;
        const pid = 1000 + ++this.jobs;
        // Only the interactive shell announces its jobs; subshells (a pipeline's elements, `( )`) do not.
        if (!this.parent) io.stderr.write(`[${n}] ${pid}\n`);
        const child = this.fork();
        // A signal of its own: `kill %n` stops this job alone. Interactive bash puts the job in a process group of
        // its own, so Ctrl-C (SIGINT to the foreground group) leaves it running; a spent budget still stops it.
        const signal = new LineSignal();
        io.signal.onAbort(() => { if (io.signal.reason !== 'interrupt') signal.abort(io.signal.reason); });
        const bg: ShellIO = { ...io, stdin: EMPTY_INPUT, signal };
        const line = this.line;
        this.background.running++;
        const job: Job = { n, pid, signal, text: item.text ?? '', done: undefined as unknown as Promise<number> };
        this.jobTable.set(n, job);
        this.lastBackgroundPid = job.pid;
        job.done = child.runAndOr(item.command, bg).catch((e) => {
          // After the foreground has finished nobody else will say why the job stopped.
          if ((e instanceof BudgetExceeded || (e instanceof Interrupted && e.reason === 'budget')) && line.foregroundDone && !line.reported && line.message) {
            line.reported = true;
            bg.stderr.write(`${line.message}\n`);
          }
          return e instanceof ExitShell ? e.status : 128 + (job.killedBy ?? 2);
        }).then((status) => {
          this.background.running--;
          this.jobTable.delete(n);
          job.status = status;
          if (!this.parent) this.finishedJobs.push(job);
          return status;
        });
        this.status = 0;
        continue;
      }
      this.status = await this.runAndOr(item.command, io);
    }
    return this.status;
  }

  async runAndOr(node: AndOr, io: ShellIO): Promise<number> {
    // Only the last pipeline of `a && b || c` may trigger `set -e` or the ERR trap.
    let last = node.first;
    let status = await this.unchecked(node.rest.length > 0, () => this.runPipeline(node.first, io));
    this.status = status;
    for (const [i, { op, pipeline }] of node.rest.entries()) {
      if ((op === '&&' && status !== 0) || (op === '||' && status === 0)) continue;
      last = pipeline;
      status = await this.unchecked(i < node.rest.length - 1, () => this.runPipeline(pipeline, io));
      this.status = status;
    }
    // A compound command's status comes from a command inside it, which has already had its turn.
    const cmd = last.commands[last.commands.length - 1];
    if (status !== 0 && last === (node.rest.length ? node.rest[node.rest.length - 1].pipeline : node.first) && !last.bang && !this.noErrexit && (cmd.type === 'simple' || cmd.type === 'subshell' || cmd.type === 'cond')) {
      const err = this.traps.get('ERR');
      if (err) {
        await this.unchecked(true, () => this.runText(err, io, 'trap'));
        this.status = status;
      }
      if (this.options.errexit) throw new ExitShell(status);
    }
    return status;
  }

  /** Runs `fn` where a failure does not trigger `set -e` or the ERR trap (conditions, `!`, the left of `&&`). */
  async unchecked<T>(yes: boolean, fn: () => Promise<T>): Promise<T> {
    if (yes) this.noErrexit++;
    try {
      return await fn();
    } finally {
      if (yes) this.noErrexit--;
    }
  }

  async runPipeline(p: Pipeline, io: ShellIO): Promise<number> {
    let status: number;
    if (p.bang) {
      // Avoids a second call: a negated pipeline never triggers `set -e`.
      const inner = { ...p, bang: false };
      status = await this.unchecked(true, () => this.runPipeline(inner, io));
      return status === 0 ? 1 : 0;
    }
    if (p.commands.length === 1) {
      status = await this.runCommand(p.commands[0], io);
      this.pipeStatus = [status];
    } else {
      const pipes = p.commands.slice(1).map(() => new Pipe(this.countOutput));
      const runs = p.commands.map(async (cmd, i) => {
        const sub = this.fork();
        const cio: ShellIO = {
          ...io,
          stdin: i === 0 ? io.stdin : pipes[i - 1],
          stdout: i === p.commands.length - 1 ? io.stdout : pipes[i],
        };
        try {
          return await sub.runCommand(cmd, cio);
        } catch (e) {
          if (e instanceof BrokenPipe) return 141;
          if (e instanceof ExitShell) return e.status;
          throw e;
        } finally {
          if (i < pipes.length) pipes[i].close();
          if (i > 0) pipes[i - 1].closeReader();
        }
      });
      const results = await Promise.all(runs);
      status = results[results.length - 1];
      this.pipeStatus = results;
      // pipefail: the last command to fail decides.
      if (this.options.pipefail) for (const r of results) if (r !== 0) status = r;
    }
    return status;
  }

  // ---- commands ----

  async runCommand(cmd: Command, io: ShellIO): Promise<number> {
    await this.tick(io);
    // Before its redirections: a file that cannot be opened is reported at the command's line.
    if (cmd.type === 'simple' && cmd.line !== undefined) this.lineNumber = cmd.line;
    let rio: ShellIO;
    try {
      rio = await this.applyRedirects(cmd.redirects, io);
    } catch (e) {
      if (e instanceof RedirectError) {
        const dash = this.script?.dialect === 'dash';
        io.stderr.write(`${this.errorPrefix()}${(dash && e.dash) || e.message}\n`);
        return dash ? 2 : 1;
      }
      throw e;
    }
    switch (cmd.type) {
      case 'simple': {
        const status = await this.runSimple(cmd, rio);
        // `exec` without a command: its redirections stay for the rest of this shell, not for this command alone.
        if (this.execRedirections) {
          this.execRedirections = false;
          io.stdin = rio.stdin;
          io.stdout = rio.stdout;
          io.stderr = rio.stderr;
          io.fds = rio.fds;
          if (io === this.lineIO) this.holdFds(io);
        }
        return status;
      }
      case 'group': return this.runList(cmd.body, rio);
      case 'subshell': {
        const sub = this.fork();
        let status: number;
        try {
          status = await sub.runList(cmd.body, rio);
        } catch (e) {
          // A readonly assignment ends the subshell alone.
          if (e instanceof ReadonlyVariable) { rio.stderr.write(`${this.errorPrefix()}${e.message}\n`); status = 1; }
          else if (!(e instanceof ExitShell)) throw e;
          else status = e.status;
        }
        return sub.runExitTrap(rio, status);
      }
      case 'if': {
        for (const c of cmd.clauses) {
          if ((await this.unchecked(true, () => this.runList(c.cond, rio))) === 0) return this.runList(c.body, rio);
        }
        if (cmd.otherwise) return this.runList(cmd.otherwise, rio);
        return 0;
      }
      case 'while': {
        let status = 0;
        for (;;) {
          await this.tick(rio);
          const c = await this.unchecked(true, () => this.runList(cmd.cond, rio));
          if (cmd.until ? c === 0 : c !== 0) break;
          const r = await this.loopBody(() => this.runList(cmd.body, rio));
          if (r === 'break') break;
          if (typeof r === 'number') status = r;
        }
        this.status = status;
        return status;
      }
      case 'arith': return (await this.arithmeticValue(cmd.expr, rio)) ? 0 : 1;
      case 'for': {
        if (cmd.arith) {
          const [init, test, step] = cmd.arith;
          let status = 0;
          // An expression in error (NaN) ends the loop with status 1.
          if (Number.isNaN(await this.arithmeticValue(init, rio))) return 1;
          for (;;) {
            // An empty test is true (`for ((;;))`).
            const go = test.trim() === '' ? 1 : await this.arithmeticValue(test, rio);
            if (Number.isNaN(go)) return 1;
            if (!go) break;
            await this.tick(rio);
            const r = await this.loopBody(() => this.runList(cmd.body, rio));
            if (r === 'break') break;
            if (typeof r === 'number') status = r;
            if (Number.isNaN(await this.arithmeticValue(step, rio))) return 1;
          }
          return status;
        }
        const words = cmd.words === null ? [...this.positional] : await this.expandWords(cmd.words, rio);
        let status = 0;
        for (const w of words) {
          await this.tick(rio);
          this.setVar(cmd.name, w);
          const r = await this.loopBody(() => this.runList(cmd.body, rio));
          if (r === 'break') break;
          if (typeof r === 'number') status = r;
        }
        return status;
      }
      case 'function':
        this.functions.set(cmd.name, cmd.body);
        return 0;
      case 'case': {
        const host = this.expandHost(rio);
        const word = await expandWordToString(cmd.word, host);
        let status = 0;
        let fallThrough = false;
        for (const item of cmd.items) {
          if (!fallThrough && !(await someAsync(item.patterns, async (p) => patternToRegExp(await expandPattern(p, host), false).test(word)))) continue;
          status = await this.runList(item.body, rio);
          if (item.end === ';;') break;
          fallThrough = item.end === ';&';
        }
        return status;
      }
      case 'cond': {
        const release = this.clock.hold();
        try {
          condModule ??= import('./cond.js');
          await condModule;
        } finally {
          release();
        }
        return (await condModule).evalCond(this, cmd.expr, rio);
      }
    }
  }

  /** `(( expr ))` and `for ((…))`: expanded as `$((…))` would be, then evaluated (NaN on an error, which bash reports). */
  private async arithmeticValue(expr: string, io: ShellIO): Promise<number> {
    if (expr.trim() === '') return 0;
    try {
      return Number(await expandWordToString(`$((${expr}))`, this.expandHost(io)));
    } catch (e) {
      if (e instanceof ExpansionError && !(e instanceof UnboundVariable)) {
        // bash names the command: `bash: ((: 1 + : syntax error…`.
        io.stderr.write(`${this.errorPrefix()}((: ${e.message}\n`);
        return NaN;
      }
      throw e;
    }
  }

  /** Runs one loop iteration; returns 'break', 'continue', or the body's status. */
  private async loopBody(fn: () => Promise<number>): Promise<number | 'break' | 'continue'> {
    try {
      return await fn();
    } catch (e) {
      if (e instanceof BreakLoop) {
        if (e.n > 1) { e.n--; throw e; }
        return 'break';
      }
      if (e instanceof ContinueLoop) {
        if (e.n > 1) { e.n--; throw e; }
        return 'continue';
      }
      throw e;
    }
  }

  breakLoop(n: number): never { throw new BreakLoop(n); }
  continueLoop(n: number): never { throw new ContinueLoop(n); }

  async expandWords(words: string[], io: ShellIO): Promise<string[]> {
    let host: ExpandHost | undefined;
    const out: string[] = [];
    for (const w of words) {
      // Most words are plain (`kubectl`, `get`, `-n`): skip the expansion machinery, which loops pay for 100,000 times.
      if (PLAIN_WORD.test(w)) out.push(w);
      // A loop, not push(...fields): `$(seq 1 1000000)` gives a million fields, more than a call's arguments may be.
      else for (const f of await expandWordToFields(w, (host ??= this.expandHost(io)))) out.push(f);
    }
    return out;
  }

  expandHost(io: ShellIO): ExpandHost {
    return {
      getVar: (n) => this.getRef(n),
      setVar: (n, v) => this.setVar(n, v),
      getArray: (n) => this.getArray(n),
      getKeys: (n) => this.getKeys(n),
      isAssoc: (n) => this.isAssoc(n),
      positional: () => this.positional,
      arg0: () => this.arg0,
      lastStatus: () => this.status,
      lastBackground: () => this.lastBackgroundPid,
      nounset: () => this.options.nounset,
      flags: () => `${this.options.errexit ? 'e' : ''}him${this.options.nounset ? 'u' : ''}${this.options.xtrace ? 'x' : ''}BHs`,
      commandSubstitution: (src) => this.commandSubstitution(src, io),
      cooperate: this.pause,
      processSubstitution: async (src) => {
        const text = await this.commandSubstitution(src, io);
        const fs = machineFiles(this.fs);
        if (!fs.stat('/dev/fd')) fs.mkdir('/dev/fd', true);
        fs.writeFile('/dev/fd/63', text);
        return '/dev/fd/63';
      },
      fs: this.fs,
      cwd: () => this.cwd,
      home: () => this.getVar('HOME') ?? '/',
    };
  }

  private substituted = false;
  /** The names a declaration builtin's `name=(…)` words just assigned (the builtin keeps their values). */
  assignedNames: string[] = [];

  private async commandSubstitution(src: string, io: ShellIO): Promise<string> {
    this.substituted = true;
    const sub = this.fork();
    sub.xtraceLevel = this.xtraceLevel + 1;
    const out = new BufferOutput(this.countOutput);
    let list: List;
    try {
      list = parse(src, { aliases: this.aliases, final: true });
    } catch (e) {
      if (e instanceof ShellSyntaxError || e instanceof IncompleteInput) {
        io.stderr.write(`${this.errorPrefix()}command substitution: line 1: ${e.message}\n`);
        this.status = 2;
        return '';
      }
      throw e;
    }
    try {
      this.status = await sub.runList(list, { ...io, stdout: out });
    } catch (e) {
      if (e instanceof ExitShell) this.status = e.status;
      else throw e;
    }
    return out.text;
  }

  private async runSimple(cmd: SimpleCommand, io: ShellIO): Promise<number> {
    // `$?` inside the words is the previous command's status; an assignment-only line takes its substitutions' status.
    this.substituted = false;
    let argv: string[];
    const host = this.expandHost(io);
    const assigns: [string, string, boolean][] = [];
    try {
      for (const a of cmd.assigns) {
        if (await this.compoundAssign(a, host)) continue;
        const eq = a.indexOf('=');
        const append = a[eq - 1] === '+';
        let name = a.slice(0, append ? eq - 1 : eq);
        // `m[$key]=v`: an associative array's key is a word, expanded here.
        const el = ELEMENT.exec(name);
        if (el && this.isAssoc(el[1])) name = `${el[1]}[${await expandWordToString(el[2], host)}]`;
        const raw = a.slice(eq + 1);
        const value = await expandWordToString(raw.startsWith('~') ? raw : raw, host);
        assigns.push([name, value, append]);
      }
      // `declare -a a=(…)`: the builtin's compound assignments happen here, where their words are still raw.
      // The builtin still sees each such name, to give it its attributes (`declare -ra a=(…)`).
      const compound: string[] = [];
      const assocDecl = cmd.words.some((w) => /^-[A-Za-z]*A/.test(w));
      const words = DECLARATION_BUILTINS.has(cmd.words[0]) ? await mapAsync(cmd.words, async (w) => {
        if (!(await this.compoundAssign(w, host, cmd.words[0] !== 'export' && cmd.words[0] !== 'readonly', assocDecl))) return w;
        const name = COMPOUND.exec(w)![1];
        compound.push(name);
        return name;
      }) : cmd.words;
      this.assignedNames = compound;
      argv = await this.expandWords(words, io);
    } catch (e) {
      // An unset variable under `set -u` abandons the whole line, as bash does.
      if (e instanceof ExpansionError && !(e instanceof UnboundVariable)) {
        io.stderr.write(`${this.errorPrefix()}${e.message}\n`);
        return 1;
      }
      throw e;
    }
    if (this.options.xtrace) {
      const ps4 = this.getVar('PS4') ?? '+ ';
      const words = [...assigns.map(([n, v, append]) => `${n}${append ? '+' : ''}=${traceQuote(v)}`), ...argv.map(traceQuote)];
      io.stderr.write(`${ps4[0]?.repeat(this.xtraceLevel - 1) ?? ''}${ps4}${words.join(' ')}\n`);
    }
    if (argv.length === 0) {
      for (const [n, v, append] of assigns) this.setVar(n, append ? this.appended(n, v) : v);
      return this.substituted ? this.status : 0;
    }
    // `VAR=x cmd`: the variables exist only for that command.
    const saved = new Map<string, Var | undefined>();
    for (const [n, v, append] of assigns) {
      // bash refuses the one assignment and still runs the command.
      if (this.vars.get(n)?.attrs?.includes('r')) { io.stderr.write(`${this.errorPrefix()}${n}: readonly variable\n`); continue; }
      saved.set(n, this.vars.get(n));
      this.vars.set(n, { value: append ? (this.getVar(n) ?? '') + v : v, exported: true });
    }
    try {
      return await this.invoke(argv, io);
    } finally {
      for (const [n, v] of saved) {
        if (v) this.vars.set(n, v);
        else this.vars.delete(n);
      }
    }
  }

  /** `a=(x "y z" $v)` and `a+=(…)`: each word expanded to fields (split and globbed) becomes an element. */
  private async compoundAssign(word: string, host: ExpandHost, local = false, declareAssoc = false): Promise<boolean> {
    const m = COMPOUND.exec(word);
    if (!m) return false;
    // `local a=(…)` / `declare a=(…)` in a function: the array is the function's own.
    const fresh = local && !this.isLocal(m[1]) && this.makeLocal(m[1]);
    const cur = fresh ? undefined : this.vars.get(m[1]);
    // `[key]=value` items and associative arrays: declare.ts, loaded on first use (simulated time held).
    if (declareAssoc || cur?.assoc || /(^|\s)\[/.test(m[3])) {
      const release = this.clock.hold();
      try {
        declared = await import('./declare.js');
      } finally {
        release();
      }
      await declared.assignCompound(this, m[1], m[2] === '+', m[3], host, cur, declareAssoc || cur?.assoc !== undefined);
      return true;
    }
    const values: string[] = [];
    const inner = m[3];
    for (let i = 0; ;) {
      while (i < inner.length && /[ \t\n]/.test(inner[i])) i++;
      if (inner[i] === '#') { while (i < inner.length && inner[i] !== '\n') i++; continue; }
      if (i >= inner.length) break;
      const end = scanWord(inner, i);
      for (const f of await expandWordToFields(inner.slice(i, end), host)) values.push(f);
      i = end;
    }
    if (m[2]) {
      const arr = this.getArray(m[1])?.slice() ?? [];
      arr.push(...values);
      this.setArray(m[1], arr);
    } else this.setArray(m[1], values);
    return true;
  }

  /** Runs one command by name: function, builtin, or registry command; 127 when none. */
  async invoke(argv: string[], io: ShellIO): Promise<number> {
    const name = argv[0];
    const fn = this.functions.get(name);
    if (fn) return this.callFunction(name, fn, argv.slice(1), io);
    // Own entries only: a command named __proto__ or constructor is not a builtin.
    const builtin = Object.prototype.hasOwnProperty.call(BUILTINS, name) ? BUILTINS[name] : undefined;
    if (builtin) {
      try {
        return await builtin(this, argv, io);
      } catch (e) {
        if (e instanceof FsError) {
          io.stderr.write(`${this.errorPrefix()}${argv[0]}: ${e.path}: ${ERRNO_TEXT[e.code]}\n`);
          return 1;
        }
        throw e;
      }
    }
    // bash's own echo, printf, pwd, test and [ (builtins the registry implements) need no file.
    const own = REGISTRY_BUILTINS.has(name) ? this.registry.get(name) : undefined;
    if (own) return this.runProgram(own, argv, io);
    const path = name.includes('/') ? name : this.searchCommand(name);
    if (path === undefined) {
      io.stderr.write(`${this.errorPrefix()}${name}: ${this.script?.dialect === 'dash' ? 'not found' : 'command not found'}\n`);
      return 127;
    }
    return this.exec(path, argv, io);
  }

  /**
   * execve(2) of `path` with `argv`: a program's file (binary.ts) runs that program of the registry; a multi-call
   * binary, a script, a file that cannot run or is not there is exec-file.ts's, loaded then.
   */
  /** Where `exec` finds a program: a path as given, else PATH (functions and builtins are not programs). */
  commandPath(name: string): string | undefined {
    if (name.includes('/')) return this.fs.stat(this.fs.resolve(this.cwd, name)) ? name : undefined;
    return this.searchCommand(name);
  }

  /** search_for_command: the hashed path as it is (a file moved since is "No such file or directory" there), else PATH, hashed. */
  private searchCommand(name: string): string | undefined {
    const h = this.hashed.get(name);
    if (h) {
      h.hits++;
      return h.path;
    }
    const found = searchPath(this.fs, this.getVar('PATH'), this.cwd, name)[0];
    if (found !== undefined) this.hashed.set(name, { path: found, hits: 1 });
    return found;
  }

  async exec(path: string, argv: string[], io: ShellIO): Promise<number> {
    const p = this.fs.resolve(this.cwd, path);
    const bin = executable(this.fs, p) ? binaryOf(machineFiles(this.fs).readFile(p) ?? '') : undefined;
    const spec = bin && this.registry.get(bin.program);
    if (spec) return this.runProgram(spec, argv, io);
    const release = this.clock.hold();
    let m;
    try {
      m = await import('./exec-file.js');
    } finally {
      release();
    }
    return m.execFile(this, path, p, argv, io);
  }

  /** Runs a registry program as a process of this shell. */
  async runProgram(spec: CommandSpec, argv: string[], io: ShellIO): Promise<number> {
    const name = argv[0];
    const ctx = this.processContext(argv, io);
    const proc = loadForProc(ctx, argv);
    if (proc) await proc;
    try {
      return await io.signal.race(Promise.resolve().then(() => spec.run(ctx)));
    } catch (e) {
      if (e instanceof Interrupted || e instanceof BudgetExceeded || e instanceof BrokenPipe) throw e;
      if (e instanceof FsError) {
        io.stderr.write(`${name}: ${e.path}: ${ERRNO_TEXT[e.code]}\n`);
        return 1;
      }
      if (e instanceof BadFileDescriptor) {
        // How each names its standard input (GNU grep and coreutils, checked with bash 5.2).
        io.stderr.write(`${name}: ${STDIN_NAME[spec.name] ?? '-'}: ${e.message}\n`);
        return spec.name === 'grep' ? 2 : 1;
      }
      // A command's bug must not end the learner's session.
      io.stderr.write(`${name}: ${e instanceof Error ? e.message : String(e)}\n`);
      return 1;
    }
  }

  private async callFunction(name: string, body: Command, args: string[], io: ShellIO): Promise<number> {
    const r = this.line;
    if (r.callDepth >= this.budget.maxCallDepth) {
      io.stderr.write(`${this.errorPrefix()}${name}: maximum function nesting level exceeded (${this.budget.maxCallDepth})\n`);
      throw new FunctionNestingExceeded();
    }
    const savedArgs = this.positional;
    this.positional = args;
    r.callDepth++;
    this.localScopes.push(new Map());
    try {
      return await this.runCommand(body, io);
    } catch (e) {
      if (e instanceof ReturnFromFunction) return e.status;
      throw e;
    } finally {
      r.callDepth--;
      this.positional = savedArgs;
      for (const [n, v] of this.localScopes.pop()!) {
        if (v) this.vars.set(n, v);
        else this.vars.delete(n);
      }
    }
  }

  /** What a registry command sees. */
  processContext(argv: string[], io: ShellIO): ProcessContext {
    const signal = io.signal;
    const clock = this.clock;
    const guard = (out: Output): Output => ({ write: (t) => { if (!signal.aborted) out.write(t); } });
    return {
      argv,
      stdin: io.stdin,
      stdout: guard(io.stdout),
      stderr: guard(io.stderr),
      env: this.env(),
      cwd: this.cwd,
      fs: this.fs,
      signal,
      cluster: this.cluster as Cluster,
      terminal: this.terminalFor(io),
      network: this.network,
      sleep: (ms: number, also?: InterruptSignal) => sleepOn(clock, ms, signal, also),
      hold: () => clock.hold(),
      cooperate: this.pause,
      run: (command, opts = {}) => this.runNested(command, { ...io, ...opts, signal: (opts.signal as LineSignal | undefined) ?? io.signal }, opts),
      host: this.host,
    };
  }

  /** `watch`, `timeout`, `xargs`, `sudo`, `env`: run a line or an argv on behalf of a command. */
  async runNested(command: string | string[], io: ShellIO, opts: ExecOptions = {}): Promise<number> {
    const sh = this.fork();
    // `sudo`: the command runs as its user, the kernel's checks for that user on every file.
    const base = machineFiles(this.fs);
    if (opts.user && base instanceof MemoryFileSystem) sh.fs = base.as(opts.user);
    if (opts.umask !== undefined) sh.fs = Object.assign(Object.create(sh.fs) as MemoryFileSystem, { umask: opts.umask });
    if (opts.env) {
      // A program exec'd with an environment of its own (sudo's, env's) knows nothing else of this shell.
      const cwd = opts.cwd ?? this.cwd;
      sh.vars = new Map(Object.entries(opts.env).map(([k, v]) => [k, { value: v, exported: true }]));
      // A shell started for a command line exports PWD, as bash does; a program exec'd directly has only its own.
      sh.vars.set('PWD', { value: cwd, exported: typeof command === 'string' || 'PWD' in opts.env });
      sh.functions = new Map();
      sh.aliases = new Map();
      sh.hashed = new Map();
    } else if (opts.cwd) sh.cwd = opts.cwd;
    // A script file: its name is $0, its arguments the positional parameters.
    if (opts.scriptArgs) [sh.arg0, ...sh.positional] = opts.scriptArgs;
    if (opts.script) {
      // A new shell: no aliases expanded (expand_aliases is off), no options or traps of the caller's.
      sh.script = opts.script;
      sh.aliases = new Map();
      sh.options = { errexit: false, nounset: false, xtrace: false, pipefail: false };
      sh.traps = new Map();
      sh.localScopes = [];
    }
    for (const [k, v] of Object.entries(opts.set ?? {})) sh.setVar(k, v, true);
    if (opts.wrap) {
      const wrapped = new CommandRegistry();
      for (const name of this.registry.names()) wrapped.register(opts.wrap(this.registry.get(name)!), name);
      sh.registry = wrapped;
    }
    try {
      if (typeof command === 'string') {
        if (sh.script) return await sh.runScript(command, io);
        let list: List;
        try {
          list = parse(command, { aliases: this.aliases, final: true });
        } catch (e) {
          if (e instanceof ShellSyntaxError || e instanceof IncompleteInput) {
            io.stderr.write(`sh: 1: ${e.message}\n`);
            return 2;
          }
          throw e;
        }
        return await sh.runList(list, io);
      }
      await this.tick(io);
      return await (opts.program ? sh.exec(opts.program, command, io) : sh.invoke(command, io));
    } catch (e) {
      if (e instanceof Interrupted && io.signal.aborted && !this.line.signal.aborted) return e.reason === 'timeout' ? 124 : 130;
      if (e instanceof ExitShell) return e.status;
      throw e;
    }
  }

  // ---- redirections ----

  private async applyRedirects(redirects: Redirect[], io: ShellIO): Promise<ShellIO> {
    if (redirects.length === 0) return io;
    const out: ShellIO = { ...io };
    const host = this.expandHost(io);
    for (const r of redirects) {
      if (r.heredoc) {
        const body = r.heredoc.expand ? await expandHeredoc(r.heredoc.body, host) : r.heredoc.body;
        out.stdin = new StringInput(body);
        continue;
      }
      let target: string;
      try {
        if (r.op === '<<<') {
          out.stdin = new StringInput((await expandWordToString(r.target, host)) + '\n');
          continue;
        }
        const fields = await expandWordToFields(r.target, host);
        if (fields.length !== 1) throw new RedirectError(`${r.target}: ambiguous redirect`);
        target = fields[0];
      } catch (e) {
        if (e instanceof ExpansionError) throw new RedirectError(e.message);
        throw e;
      }
      const fd = r.fd ?? (r.op === '<' || r.op === '<&' ? 0 : 1);
      if (r.op === '>&' || r.op === '<&') {
        if (target === '-') {
          if (fd > 2) this.closeFd(out, fd);
          else this.setFd(out, fd, NULL_OUTPUT);
          continue;
        }
        if (/^[0-9]+$/.test(target)) {
          const src = Number(target);
          if (src === 1) this.setFd(out, fd, out.stdout);
          else if (src === 2) this.setFd(out, fd, out.stderr);
          else if (src === 0 && fd === 0) continue;
          else if (src === 0 && fd > 2) this.setFd(out, fd, out.stdin);
          else if (src > 2 && out.fds?.has(src)) this.setFd(out, fd, out.fds.get(src)!);
          else throw new RedirectError(`${target}: Bad file descriptor`);
          continue;
        }
        if (r.op === '<&') throw new RedirectError(`${target}: ambiguous redirect`);
        // `>&file` is `&>file`.
        const f = this.openForWrite(target, false);
        out.stdout = f;
        out.stderr = f;
        continue;
      }
      if (r.op === '<') {
        const p = this.fs.resolve(this.cwd, target);
        let text;
        try {
          const st = this.fs.stat(p);
          if (!st) throw new FsError('ENOENT', p);
          // bash opens the file for reading: a folder opens (and reading it fails in the command), as here.
          if (st.type === 'dir') throw new FsError('EISDIR', p);
          text = this.fs.readFile(p) ?? '';
        } catch (e) {
          if (e instanceof FsError) throw new RedirectError(`${target}: ${ERRNO_TEXT[e.code]}`, `cannot open ${target}: ${DASH_ERRNO[e.code] ?? ERRNO_TEXT[e.code]}`);
          throw e;
        }
        this.setFd(out, fd, new StringInput(text, true));
        continue;
      }
      if (r.op === '&>' || r.op === '&>>') {
        const f = this.openForWrite(target, r.op === '&>>');
        out.stdout = f;
        out.stderr = f;
        continue;
      }
      const file = this.openForWrite(target, r.op === '>>');
      // `0>file` opens the file on standard input for writing only: reading it fails (EBADF).
      this.setFd(out, fd, fd === 0 ? WRITE_ONLY_INPUT : file);
    }
    return out;
  }

  private setFd(io: ShellIO, fd: number, stream: Output | Input): void {
    if (fd === 0) io.stdin = stream as Input;
    else if (fd === 1) io.stdout = stream as Output;
    else if (fd === 2) io.stderr = stream as Output;
    else io.fds = new Map(io.fds).set(fd, stream);
  }

  private closeFd(io: ShellIO, fd: number): void {
    if (!io.fds?.has(fd)) return;
    const fds = new Map(io.fds);
    fds.delete(fd);
    io.fds = fds;
  }

  /** Set by `exec` run without a command: runCommand keeps its redirections in the shell's own streams. */
  execRedirections = false;
  /** The streams the learner's shell runs its current line with (the session's), which `exec` changes for good. */
  private lineIO: ShellIO | undefined;
  private held: Map<number, HeldFd> | undefined;

  /**
   * A line of the learner's shell begins: what earlier `exec`s opened is still open. Standard input stays the
   * terminal: an `exec < file` would have the interactive shell read its commands from the file, not simulated.
   */
  beginIO(io: ShellIO): ShellIO {
    const terminal = { stdout: io.stdout, stderr: io.stderr };
    for (const [fd, s] of this.held ?? []) this.setFd(io, fd, s === 1 ? terminal.stdout : s === 2 ? terminal.stderr : s);
    this.lineIO = io;
    this.lineTerminal = terminal;
    return io;
  }

  private lineTerminal: { stdout: Output; stderr: Output } | undefined;

  private holdFds(io: ShellIO): void {
    const t = this.lineTerminal!;
    const held = new Map<number, HeldFd>();
    const name = (s: Input | Output): HeldFd => (s === t.stdout ? 1 : s === t.stderr ? 2 : s);
    if (io.stdout !== t.stdout) held.set(1, name(io.stdout));
    if (io.stderr !== t.stderr) held.set(2, name(io.stderr));
    for (const [fd, s] of io.fds ?? []) held.set(fd, name(s));
    this.held = held;
  }

  private openForWrite(target: string, append: boolean): Output {
    const p = this.fs.resolve(this.cwd, target);
    try {
      const st = this.fs.stat(p);
      if (st?.type === 'dir') throw new FsError('EISDIR', p);
      // open(O_WRONLY|O_APPEND) of a file the user may not write fails before the command runs.
      if (st && this.fs.access?.(p, 2) === false) throw new FsError('EACCES', p);
      if (!append || !st) this.fs.writeFile(p, '');
    } catch (e) {
      if (e instanceof FsError) throw new RedirectError(`${target}: ${ERRNO_TEXT[e.code]}`, `cannot create ${target}: ${e.code === 'ENOENT' ? 'Directory nonexistent' : ERRNO_TEXT[e.code]}`);
      throw e;
    }
    return {
      write: (t: string) => {
        this.countOutput(t.length);
        this.fs.appendFile(p, t);
      },
    };
  }

  /** A (sub)shell ends: its EXIT trap runs once, and an `exit` inside it sets the status. */
  async runExitTrap(io: ShellIO, status: number): Promise<number> {
    const text = this.traps.get('EXIT');
    if (!text) return status;
    this.traps.delete('EXIT');
    this.status = status;
    try {
      await this.runText(text, io, 'trap');
    } catch (e) {
      if (e instanceof ExitShell) return e.status;
      throw e;
    }
    return status;
  }

  /** Parses and runs text (`eval`, `source`). */
  async runText(text: string, io: ShellIO, what: string): Promise<number> {
    let list: List;
    try {
      list = parse(text, { aliases: this.aliases, final: true, warn: (m) => io.stderr.write(`${this.errorPrefix()}${m}\n`) });
    } catch (e) {
      if (e instanceof ShellSyntaxError || e instanceof IncompleteInput) {
        io.stderr.write(`${this.errorPrefix()}${what}: ${e.message}\n`);
        return 2;
      }
      if (e instanceof Error && e.message === NESTING_TOO_DEEP) {
        io.stderr.write(`${this.errorPrefix()}${what}: ${e.message}\n`);
        return 2;
      }
      throw e;
    }
    return this.runList(list, io);
  }
}

/** How `set -x` shows a word: as is when nothing in it is special, else single-quoted. */
function traceQuote(w: string): string {
  return /^[A-Za-z0-9_\-.\/:,=+@%^]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`;
}

const PLAIN_WORD = /^[A-Za-z0-9_\-.\/:,=+@%]+$/;
const DECLARATION_BUILTINS = new Set(['declare', 'local', 'typeset', 'readonly', 'export']);

/** `[[ … ]]` loads on first use (simulated time held meanwhile, as for `kill`). */
let condModule: Promise<typeof import('./cond.js')> | undefined;

async function someAsync<T>(items: T[], test: (t: T) => Promise<boolean>): Promise<boolean> {
  for (const t of items) if (await test(t)) return true;
  return false;
}

async function mapAsync<T>(items: T[], f: (t: T) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (const t of items) out.push(await f(t));
  return out;
}

/** Standard input as commands name it in their error messages. */
const STDIN_NAME: Record<string, string> = { grep: '(standard input)', cat: '-', head: "error reading 'standard input'", tail: "error reading 'standard input'", sort: 'read failed: -' };

export class RedirectError extends Error {
  /** dash's own words for it (`cannot open f: No such file`), where they differ from bash's. */
  constructor(message: string, readonly dash?: string) {
    super(message);
  }
}

/** dash's strerror for the errors its redirections report (dash's own table, shorter than glibc's). */
const DASH_ERRNO: Partial<Record<keyof typeof ERRNO_TEXT, string>> = { ENOENT: 'No such file' };
/** Bash aborts the whole line when FUNCNEST is exceeded. */
export class FunctionNestingExceeded extends Error {}

/**
 * bash's adjust_shell_level (variables.c): the SHLVL a starting bash exports, one more than the one it inherited
 * (0 when unset or not a number, never below 0), and 1 again past 999, with its warning.
 */
export function shellLevel(inherited: string | undefined): { level: string; warning?: string } {
  const n = /^\s*[-+]?\d+\s*$/.test(inherited ?? '') ? Number(inherited) + 1 : 1;
  if (n >= 1000) return { level: '1', warning: `bash: warning: shell level (${n}) too high, resetting to 1\n` };
  return { level: String(Math.max(0, n)) };
}

/** Resolves after `ms` of simulated time, or at once when the line (or `also`, a line it drives) is interrupted. */
export function sleepOn(clock: VirtualClock, ms: number, signal: InterruptSignal, also?: InterruptSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    if (signal.aborted || also?.aborted) return resolve();
    let offs: Array<() => void> = [];
    const id = clock.schedule(ms, () => {
      for (const off of offs) off();
      resolve();
    });
    const wake = () => {
      for (const off of offs) off();
      clock.cancel(id);
      resolve();
    };
    offs = also ? [signal.onAbort(wake), also.onAbort(wake)] : [signal.onAbort(wake)];
  });
}

