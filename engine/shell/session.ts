/**
 * One learner's shell: variables, aliases, working directory, history and the
 * filesystem, kept from one line to the next. The page, `kubelab shell` and
 * `kubelab script` all drive this same object: `run(line, out)` for each line
 * typed, `interrupt()` for Ctrl-C.
 */
import type { Cluster } from '../cluster.js';
import { DEFAULT_EPOCH_MS, VirtualClock } from '../util/clock.js';
import { STANDARD_COMMANDS } from './commands/index.js';
import { HOSTNAME, USER } from './commands/misc.js';
import { createHomeFileSystem, HOME, nodeFilesCode } from './home.js';
import { attachStaticPodManifests } from '../sim/manifests.js';
import { BudgetExceeded, ExitShell, FunctionNestingExceeded, Shell, shellLevel, type Budget, type Cooperation } from './interpreter.js';
import { CondSyntaxError, IncompleteInput, parse, ShellSyntaxError, NESTING_TOO_DEEP } from './parser.js';
import type { CommandSpec, Output, ShellAs, ShellNetwork, TerminalInfo, VirtualFileSystem } from './process.js';
import { CommandRegistry } from './registry.js';
import { Interrupted, LineSignal } from './signal.js';
import { EMPTY_INPUT } from './streams.js';
import type { MemoryFileSystem } from './vfs.js';

export interface SessionOptions {
  cluster?: Cluster;
  /** Used when there is no cluster (unit tests). */
  clock?: VirtualClock;
  fs?: MemoryFileSystem;
  /** Extra commands (kubectl); registered after the standard ones. */
  commands?: CommandSpec[];
  terminal?: TerminalInfo;
  network?: ShellNetwork;
  budget?: Partial<Budget>;
  /** How long lines share the event loop (default: a macrotask every few steps). */
  cooperation?: Cooperation;
  /** The node this shell runs on (`ssh` opens sessions on others); default the control-plane node. */
  node?: string;
  /** A shell opened from another on the same terminal (`ssh`): the outer session keeps the terminal's Ctrl-C. */
  nested?: boolean;
  /** Another user's shell on this node (`sudo -i`, `sudo -s`, `sudo su`): its user, environment, directory, login or not. */
  as?: ShellAs;
  /**
   * The learner's own terminal (the page, `kubelab shell`): bash reads its start-up files (startup-files.ts) before the
   * first line runs, and so do the shells opened from it (`sudo -i`, `ssh`). Tests and `kubelab script` leave them out.
   */
  startup?: boolean;
}

/** How a line runs when it is not typed at the terminal (`ssh NODE COMMAND`: no TTY, stderr kept apart). */
export interface RunOptions {
  /** Where stderr goes; with stdout when absent. */
  stderr?: Output;
  /** false: stdout is not the terminal (commands print no colours, ask for no TTY). */
  tty?: boolean;
}

export interface RunResult {
  status: number;
  /** The line opened a quote, heredoc or compound command: show `> ` and call run() with the next line. */
  incomplete: boolean;
  /** `exit` ran: the session is over. */
  exited: boolean;
}

export const PS2 = '> ';

export class Session {
  readonly shell: Shell;
  readonly fs: MemoryFileSystem;
  readonly registry: CommandRegistry;
  readonly cluster?: Cluster;
  readonly clock: VirtualClock;
  /** Input lines so far (bash's line numbers in warnings). */
  private lineNo = 0;
  private pending = '';
  private pendingFirstLine = 0;
  private running: { signal: LineSignal; out: Output } | undefined;
  /** A login on another node (`ssh NODE`): lines go there until its shell exits. */
  private remote: { node: string; session: Session; replaces?: boolean } | undefined;
  /** Set while a command holds the terminal raw (TerminalInfo.raw). */
  private rawInterrupt: (() => void) | undefined;
  private pendingLogin: Session | undefined;
  /** The pending login replaces this shell (`exec bash`): when it ends, this one has ended too. */
  private loginReplaces = false;
  private readonly options: SessionOptions;
  /** The start-up files' reading: begun at the first line (or by start()), once; `startedUp` when it is over. */
  private started: Promise<void> | undefined;
  private startedUp = false;

  constructor(opts: SessionOptions = {}) {
    this.cluster = opts.cluster;
    this.options = opts;
    this.clock = opts.cluster?.clock ?? opts.clock ?? new VirtualClock();
    const nodes = opts.cluster?.nodeConfigs?.map((n) => ({ name: n.name, internalIP: n.internalIP }));
    const cp = opts.cluster?.nodeConfigs?.find((n) => n.role === 'control-plane');
    this.fs = opts.fs?.base ?? createHomeFileSystem(() => this.clock.now(), nodes, cp && opts.cluster
      ? { node: cp.name, nodeIP: cp.internalIP, role: 'control-plane', controlPlaneIP: cp.internalIP, initAt: opts.cluster.options.epochMs ?? DEFAULT_EPOCH_MS, cluster: opts.cluster }
      : undefined);
    // The terminal is a shell on the control-plane node: its kubelet watches /etc/kubernetes/manifests there.
    if (opts.cluster && !opts.fs) {
      // kubeadm wrote the manifests before the files its fill marks as its own (node-files.ts).
      const fill = this.fs.pendingFill;
      this.fs.pendingFill = undefined;
      attachStaticPodManifests(opts.cluster, this.fs);
      this.fs.pendingFill = fill;
      // Its files are that node's: its pods' hostPath volumes (and the kubelet's pod directories) live there too.
      const kubelet = opts.cluster.kubelets?.get(cp?.name ?? '');
      if (kubelet) kubelet.hostFiles ??= this.fs;
    }
    this.registry = new CommandRegistry([...STANDARD_COMMANDS, ...(opts.commands ?? [])]);
    if (opts.terminal && !opts.nested) {
      opts.terminal.raw = (onInterrupt) => {
        this.rawInterrupt = onInterrupt;
        return () => { if (this.rawInterrupt === onInterrupt) this.rawInterrupt = undefined; };
      };
    }
    const as = opts.as;
    this.shell = new Shell({
      // The terminal's shell is the learner's: the kernel's permission checks stand between it and the files.
      fs: as?.umask === undefined ? this.fs.as(as?.user ?? USER) : Object.assign(this.fs.as(as.user), { umask: as.umask }),
      registry: this.registry,
      clock: this.clock,
      cluster: opts.cluster,
      terminal: opts.terminal,
      network: opts.network ?? opts.cluster?.network,
      budget: opts.budget,
      cooperation: opts.cooperation,
      host: {
        node: opts.node ?? HOSTNAME,
        open: (node, fs, wrap, as) => this.openOn(node, fs, wrap, as),
        login: (shell, replaces) => { this.pendingLogin = shell as Session; this.loginReplaces = !!replaces; },
      },
      env: as?.env ?? {
        HOME,
        USER,
        LOGNAME: USER,
        SHELL: '/bin/bash',
        PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
        TERM: 'xterm-256color',
        LANG: 'C.UTF-8',
        KUBECONFIG: `${HOME}/.kube/config`,
      },
      cwd: as?.cwd ?? HOME,
    });
    // bash sets HOSTNAME without exporting it (env, and sudo's env_keep, do not see it) and exports PWD.
    this.shell.setVar('HOSTNAME', opts.node ?? HOSTNAME);
    this.shell.exportVar('PWD');
    // A login shell's environment has no SHLVL (1), su's without `-` the caller's (2).
    this.shell.setVar('SHLVL', shellLevel(as?.env.SHLVL).level, true);
    this.shell.setVar('PS1', '\\u@\\h:\\w\\$ ');
    this.shell.setVar('BASH', '/usr/bin/bash');
    this.shell.setVar('BASH_VERSION', '5.2.21(1)-release');
  }

  /**
   * Reads bash's start-up files (a login shell's or an interactive one's, startup-files.ts) once, with simulated time
   * held: what they print goes to `out`. The first line waits for it.
   */
  start(out: Output | ((text: string) => void) = () => {}): Promise<void> {
    const sink: Output = typeof out === 'function' ? { write: out } : out;
    return (this.started ??= (async () => {
      const release = this.clock.hold();
      try {
        await (await nodeFilesCode.load()).startShell(this.shell, sink);
      } finally {
        release();
        this.startedUp = true;
      }
    })());
  }


  register(spec: CommandSpec, ...aliases: string[]): void {
    this.registry.register(spec, ...aliases);
  }

  /** True while a previous line is waiting for its continuation. */
  get continuing(): boolean {
    if (this.remote) return this.remote.session.continuing;
    return this.pending !== '';
  }

  get busy(): boolean {
    return this.running !== undefined || !!this.remote?.session.busy;
  }

  get exited(): boolean {
    return this.shell.exitStatus !== undefined;
  }

  /** `learner@control-plane:~$ `, root's `root@control-plane:~# ` (or `> ` while a command continues). */
  prompt(): string {
    if (this.remote) return this.remote.session.prompt();
    if (this.pending) return PS2;
    const [user, host, cwd, home] = [this.options.as?.user ?? USER, this.options.node ?? HOSTNAME, this.shell.cwd, this.shell.getVar('HOME') ?? HOME];
    const m = nodeFilesCode.loaded();
    if (m && (this.startedUp || !this.options.startup)) return m.renderPrompt(this.shell.getVar('PS1') ?? '', user, host, cwd, home, (n) => this.shell.getVar(n));
    // Until PS1 can be read (its code loads with the node's files): bash.bashrc's prompt, or for the learner's terminal
    // the one ~/.bashrc sets on xterm-256color, green and blue under an xterm title (startup.test.ts checks they agree).
    const w = cwd === home ? '~' : cwd.startsWith(home + '/') ? '~' + cwd.slice(home.length) : cwd;
    const at = `${user}@${host}`;
    return this.options.startup && !this.options.as ? `\x1b]0;${at}: ${w}\x07\x1b[01;32m${at}\x1b[00m:\x1b[01;34m${w}\x1b[00m$ ` : `${at}:${w}${user === 'root' ? '#' : '$'} `;
  }

  /** Ctrl-C: stops the running line (prints `^C`), or drops a half-typed continuation. */
  interrupt(): void {
    // A command attached to a container's TTY holds the terminal raw: Ctrl-C is a character sent to the container.
    if (this.rawInterrupt) return this.rawInterrupt();
    if (this.remote) return this.remote.session.interrupt();
    if (this.running) {
      this.running.out.write('^C\n');
      this.running.signal.abort('interrupt');
      return;
    }
    this.pending = '';
  }

  /** Runs one input line. Output of stdout and stderr goes to `out` in the order written. */
  async run(line: string, out: Output | ((text: string) => void), opts?: RunOptions): Promise<RunResult> {
    const sink: Output = typeof out === 'function' ? { write: out } : out;
    if (this.remote) return this.runRemote(line, sink);
    // The start-up files' aliases and history settings already apply to the first line.
    if (this.options.startup) await this.start(sink);
    const r = await this.runLine(line, sink, opts);
    // Before the next prompt bash reports the background jobs that ended (`[1]+  Done  sleep 5`).
    if (this.shell.finishedJobs.length && !r.incomplete && !r.exited) {
      const release = this.clock.hold();
      try {
        sink.write((await import('./jobs.js')).jobNotices(this.shell));
      } finally {
        release();
      }
    }
    return r;
  }

  private async runLine(line: string, sink: Output, opts?: RunOptions): Promise<RunResult> {
    this.lineNo++;
    if (!this.pending) this.pendingFirstLine = this.lineNo;
    if (!this.pending) {
      const expanded = this.expandHistory(line, sink);
      if (expanded === undefined) return { status: 1, incomplete: false, exited: false };
      line = expanded;
    }
    const text = this.pending ? `${this.pending}\n${line}` : line;
    if (text.trim() === '') {
      this.pending = '';
      return { status: this.shell.status, incomplete: false, exited: false };
    }
    let list;
    try {
      list = parse(text, { aliases: this.shell.aliases, firstLine: this.pendingFirstLine, warn: (m) => sink.write(`bash: ${m}\n`) });
    } catch (e) {
      if (e instanceof IncompleteInput) {
        this.pending = text;
        return { status: this.shell.status, incomplete: true, exited: false };
      }
      this.pending = '';
      this.addHistory(text);
      if (e instanceof CondSyntaxError) {
        sink.write(`bash: ${e.message}\n`);
        return { status: this.shell.status, incomplete: false, exited: false };
      }
      if (e instanceof ShellSyntaxError || (e instanceof Error && (e.message === NESTING_TOO_DEEP || e.message.includes('not a valid identifier')))) {
        sink.write(`bash: ${e.message}\n`);
        this.shell.status = e instanceof ShellSyntaxError ? 2 : 1;
        return { status: this.shell.status, incomplete: false, exited: false };
      }
      throw e;
    }
    this.pending = '';
    this.addHistory(text);
    return this.execute(list, text, sink, opts);
  }

  /** A line typed while logged in elsewhere; when that shell exits, ssh says the connection closed and this shell is back. */
  private async runRemote(line: string, sink: Output): Promise<RunResult> {
    const { node, session, replaces } = this.remote!;
    const r = await session.run(line, sink);
    if (!r.exited) return r;
    this.remote = undefined;
    if (replaces) {
      this.shell.exitStatus = r.status;
      this.shell.status = r.status;
      return r;
    }
    // Another user's shell on this node ends as bash does ("logout" or "exit", printed by it); ssh adds its own line.
    if (!session.options.as) sink.write(`Connection to ${node} closed.\n`);
    this.shell.status = r.status;
    return { status: r.status, incomplete: false, exited: false };
  }

  /** Parse-only: takes a line as run() would and says whether the command continues on the next line (reading transcripts). */
  wouldContinue(line: string): boolean {
    const text = this.pending ? `${this.pending}\n${line}` : line;
    try {
      parse(text, { aliases: this.shell.aliases });
      this.pending = '';
      return false;
    } catch (e) {
      if (e instanceof IncompleteInput) {
        this.pending = text;
        return true;
      }
      this.pending = '';
      return false;
    }
  }

  /**
   * End of input while a command is still open (Ctrl-D at `> `, or the end of a
   * script): bash reports what was missing, or runs a heredoc delimited by EOF.
   */
  async endOfInput(out: Output | ((text: string) => void)): Promise<RunResult | undefined> {
    const sink: Output = typeof out === 'function' ? { write: out } : out;
    if (this.remote) return this.remote.session.endOfInput(sink);
    if (!this.pending) return undefined;
    const text = this.pending;
    this.pending = '';
    this.addHistory(text);
    try {
      const list = parse(text, { aliases: this.shell.aliases, final: true, firstLine: this.pendingFirstLine, warn: (m) => sink.write(`bash: ${m}\n`) });
      return this.execute(list, text, sink);
    } catch (e) {
      if (e instanceof IncompleteInput || e instanceof ShellSyntaxError) {
        sink.write(`bash: ${e.message}\n`);
        this.shell.status = 2;
        return { status: 2, incomplete: false, exited: false };
      }
      throw e;
    }
  }

  private async execute(list: ReturnType<typeof parse>, text: string, sink: Output, opts?: RunOptions): Promise<RunResult> {
    // The node's kubeadm files are written at their first touch: their code is there before a line runs.
    if (this.fs.pendingFill && !nodeFilesCode.loaded()) {
      const release = this.clock.hold();
      try { await nodeFilesCode.load(); } finally { release(); }
    }
    const signal = this.shell.beginLine();
    let atLineStart = true;
    const counting = (to: Output): Output => ({
      write: (t: string) => {
        if (signal.aborted && signal.reason !== 'budget') return;
        this.shell.countOutput(t.length);
        if (t) atLineStart = t.endsWith('\n');
        to.write(t);
      },
    });
    const counted = counting(sink);
    this.running = { signal, out: sink };
    this.shell.ttyOutput = opts?.tty === false ? undefined : counted;
    let status: number;
    let exited = false;
    const io = this.shell.beginIO({ stdin: EMPTY_INPUT, stdout: counted, stderr: opts?.stderr ? counting(opts.stderr) : counted, signal });
    try {
      status = await signal.race(this.shell.runList(list, io));
    } catch (e) {
      // An INT trap does not run here: bash 5.2 at a prompt lets Ctrl-C end the foreground command and the trap stays silent.
      if (e instanceof Interrupted && e.reason !== 'budget') status = 130;
      else if (e instanceof BudgetExceeded || e instanceof Interrupted) {
        sink.write(`${atLineStart ? '' : '\n'}${this.shell.budgetMessage ?? e.message}\n`);
        status = 1;
      } else if (e instanceof ExitShell) {
        status = await this.shell.runExitTrap({ ...io, signal: new LineSignal() }, e.status);
        exited = true;
        this.shell.exitStatus = status;
      } else if (e instanceof FunctionNestingExceeded) status = 1;
      else if ((e instanceof RangeError && /call stack/.test(e.message)) || (e instanceof Error && e.message === NESTING_TOO_DEEP)) {
        // Expansions nested thousands deep ($((1+$((1+… ) exhaust JavaScript's stack, not the parser's nesting limit: same answer.
        sink.write(`bash: ${NESTING_TOO_DEEP}\n`);
        status = 2;
      } else {
        sink.write(`bash: ${e instanceof Error ? e.message : String(e)}\n`);
        status = 1;
      }
    } finally {
      this.running = undefined;
      this.shell.endLine();
    }
    if (signal.reason === 'budget' && signal.aborted && status !== 1) status = 1;
    this.shell.status = status;
    if (this.pendingLogin && !exited) {
      this.remote = { node: this.pendingLogin.node, session: this.pendingLogin, replaces: this.loginReplaces };
      if (this.options.startup) await this.pendingLogin.start(sink);
    }
    this.pendingLogin = undefined;
    this.loginReplaces = false;
    this.cluster?.history.push({ time: this.clock.now(), kind: 'command', line: text, exitCode: status });
    return { status, incomplete: false, exited };
  }

  /** The history the line editor offers: the remote shell's while logged in on another node. */
  get history(): string[] {
    return this.remote ? this.remote.session.history : this.shell.history;
  }

  /** The shell lines go to: this one, or the one logged in from it (`ssh`, `sudo -i`). */
  get foreground(): Session {
    return this.remote?.session.foreground ?? this;
  }

  /** Logged in on another node with `ssh`: Ctrl-D at the prompt logs out of it. */
  get remoteLogin(): boolean {
    return this.remote !== undefined;
  }

  /** The node this shell runs on. */
  get node(): string {
    return this.options.node ?? HOSTNAME;
  }

  /**
   * A login shell on another node (for `ssh`), or another user's shell on this one (`as`: `sudo -i`, `su`): its own
   * files, the same commands (some replaced by `wrap`) and terminal.
   */
  private openOn(node: string, fs: VirtualFileSystem, wrap?: (spec: CommandSpec) => CommandSpec, as?: ShellAs): Session {
    const o = this.options;
    const session = new Session({ cluster: o.cluster, clock: this.clock, fs: fs as MemoryFileSystem, terminal: this.shell.terminal, network: this.shell.network, budget: o.budget, cooperation: o.cooperation, node, nested: true, as, startup: o.startup });
    for (const name of this.registry.names()) {
      const spec = this.registry.get(name)!;
      session.register(wrap ? wrap(spec) : spec, name);
    }
    session.shell.loginShell = as?.login ?? true;
    return session;
  }

  private addHistory(text: string): void {
    if (text.trim() === '') return;
    // HISTCONTROL and HISTSIZE are read once the start-up files' code is there (they set them).
    const m = nodeFilesCode.loaded();
    if (m) m.recordHistory(this.shell, historyEntry(text));
    else this.shell.history.push(historyEntry(text));
  }


  /** `!!`, `!n`, `!-n`, `!prefix`: bash prints the expanded line before running it. */
  private expandHistory(line: string, sink: Output): string | undefined {
    if (!line.includes('!')) return line;
    const h = this.shell.history;
    let changed = false;
    let out = '';
    let inSingle = false;
    for (let i = 0; i < line.length; i++) {
      const c = line[i];
      if (c === "'" ) inSingle = !inSingle;
      if (c === '\\' && !inSingle) { out += c + (line[i + 1] ?? ''); i++; continue; }
      if (c !== '!' || inSingle) { out += c; continue; }
      const rest = line.slice(i + 1);
      const m = /^(!|-?[0-9]+|[A-Za-z_][^\s;|&()<>]*)/.exec(rest);
      // bash leaves `${!name}` / `${!a[@]}` alone (bash_history_inhibit_expansion).
      if (!m || /^[\s=(]/.test(rest) || rest === '' || line.slice(i - 2, i) === '${') { out += c; continue; }
      let entry: string | undefined;
      if (m[1] === '!') entry = h[h.length - 1];
      else if (/^-?[0-9]+$/.test(m[1])) {
        const n = Number(m[1]);
        entry = n > 0 ? h[n - 1] : h[h.length + n];
      } else entry = [...h].reverse().find((e) => e.startsWith(m[1]));
      if (entry === undefined) {
        sink.write(`bash: !${m[1]}: event not found\n`);
        return undefined;
      }
      out += entry;
      i += m[1].length;
      changed = true;
    }
    if (changed) sink.write(out + '\n');
    return out;
  }
}

const NO_SEMICOLON_AFTER = /(\|\||&&|[|;&({]|\b(then|do|else|elif|if|while|until|in))\s*$/;

/**
 * bash's cmdhist: a command typed over several lines is saved as one entry.
 * Lines inside quotes or heredocs keep their newline, a trailing backslash
 * joins directly, lines ending after `|`, `&&`, `then`, `do`… join with a
 * space, other lines with "; ".
 */
export function historyEntry(text: string): string {
  const lines = text.split('\n');
  // Deciding each join re-parses a prefix; long inputs are heredocs and pastes, whose newlines bash keeps anyway.
  if (lines.length > 64) return text;
  let out = lines[0];
  for (let i = 1; i < lines.length; i++) {
    const prefix = lines.slice(0, i).join('\n');
    let kind: IncompleteInput['kind'] | undefined;
    try {
      parse(prefix);
    } catch (e) {
      if (e instanceof IncompleteInput) kind = e.kind;
    }
    if (/(^|[^\\])(\\\\)*\\$/.test(lines[i - 1]) && kind !== 'heredoc') out = out.slice(0, -1) + lines[i];
    else if (kind === 'quote' || kind === 'heredoc') out += '\n' + lines[i];
    else if (NO_SEMICOLON_AFTER.test(lines[i - 1]) || lines[i - 1].trim() === '') out += ' ' + lines[i];
    else out += '; ' + lines[i];
  }
  return out;
}

/**
 * Registers engine/kubectl's `kubectl` command when that module exists. The
 * path is computed so the engine still builds while kubectl is being written.
 */
export async function loadOptionalCommands(session: Session): Promise<void> {
  const path = '../kubectl/index.js';
  try {
    const mod = (await import(/* @vite-ignore */ path)) as { kubectl?: CommandSpec };
    if (mod.kubectl) session.register(mod.kubectl);
  } catch {
    // kubectl not present yet: the shell says `kubectl: command not found` as a bare node would.
  }
}
