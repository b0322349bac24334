/**
 * The contract between the shell and the commands it runs (kubectl, curl, ls…).
 * A command gets its arguments, streams and a handle on the cluster, writes its
 * output as it goes (so `kubectl get -w` streams) and returns an exit code.
 * Commands that wait (watch, rollout status, sleep) wait on the virtual clock
 * through `sleep` or watch callbacks, never on the wall clock, so the same code
 * runs at wall speed in the page and instantly in scripts and tests.
 */
import type { Cluster } from '../cluster.js';

export interface Output {
  write(text: string): void;
}

export interface Input {
  /** Everything until end of input (a pipe's writer finished, a heredoc, a file). */
  readAll(): Promise<string>;
  /** Lines as they arrive (for `kubectl get -w | grep x`). */
  lines(): AsyncIterable<string>;
  /** Lines as they arrive with their newline kept (the last one may have none): `head -n` copies them exactly. */
  rawLines?(): AsyncIterable<string>;
}

export interface InterruptSignal {
  readonly aborted: boolean;
  /** Called once on Ctrl-C (or a `timeout` expiring); returns an unsubscribe function. */
  onAbort(fn: () => void): () => void;
}

export interface FileStat {
  /** 'link' only from lstat: stat follows links. */
  type: 'file' | 'dir' | 'link';
  size: number;
  mtimeMs: number;
  /** Permission bits, when not the usual 0644/0755; owner and group. */
  mode?: number;
  owner?: string;
  group?: string;
  /** A symbolic link's target; a file's names when it has more than one (hard links). */
  target?: string;
  nlink?: number;
  /** The node's files (vfs.ts): the inode's number and times as the vfs keeps them (stat.ts reads them). */
  ino?: number;
  btimeMs?: number;
  atimeMs?: number;
  ctimeMs?: number;
}

/** The learner's files: a small in-memory tree with a home folder of example manifests. */
export interface VirtualFileSystem {
  resolve(cwd: string, path: string): string;
  stat(path: string): FileStat | undefined;
  readFile(path: string): string | undefined;
  writeFile(path: string, content: string): void;
  appendFile(path: string, content: string): void;
  readDir(path: string): string[] | undefined;
  mkdir(path: string, recursive?: boolean): void;
  remove(path: string, recursive?: boolean): boolean;
  /** The node's files (vfs.ts): the user the checks are for, and what only they do. */
  user?: string;
  rename?(from: string, to: string): void;
  chmod?(path: string, meta: { mode?: number; owner?: string; group?: string }): void;
  access?(path: string, want: number): boolean;
  /** Symbolic and hard links (vfs.ts). */
  lstat?(path: string): FileStat | undefined;
  readlink?(path: string): string;
  realpath?(path: string): string | undefined;
  symlink?(target: string, path: string): void;
  link?(existing: string, path: string): void;
}

export interface TerminalInfo {
  isTTY: boolean;
  /**
   * Whether stderr is the terminal (a command's own view; unset on the session's terminal): kubectl colours
   * `Warning:` only there, so `2>err.txt` or `2>&1 | less` gets plain text while `| grep` leaves stderr coloured.
   */
  stderrIsTTY?: boolean;
  columns: number;
  rows: number;
  /**
   * Opens the full-screen editor on `content` (for `kubectl edit`, `vi`, `nano`);
   * resolves with the saved text, or null when the learner quit without saving.
   */
  edit?(path: string, content: string, file?: EditedFile): Promise<string | null>;
  /**
   * Hands the terminal to an interactive session (`kubectl exec -it`, `kubectl run -it`).
   * `onLine` runs one typed line: it writes what the session prints as it prints it, and resolves with text
   * still to show before the next prompt, or null when the session ended.
   * `promptAfter`, when given, is the prompt to show after each line (a shell's prompt follows `cd`); `hidden`: the
   * terminal does not echo what is typed (a password; 'silent': not even Enter's newline, `read -s`); `read`: one
   * line for bash's `read` (read.ts), which Ctrl-C and `read.signal` end.
   */
  interactive?(prompt: string, onLine: (line: string, io: InteractiveLineIO) => Promise<string | null>, promptAfter?: () => string, hidden?: boolean | 'silent', read?: TerminalRead): Promise<void>;
  /**
   * Puts the terminal in raw mode for a command attached to a container's TTY (`kubectl run -it`, `kubectl
   * attach -it` to a process that is not a shell): Ctrl-C goes to the container, `onInterrupt`, instead of
   * stopping the command. Returns the release.
   */
  raw?(onInterrupt: () => void): () => void;
  /** Hands every key typed to a full-screen program that reads them one by one (top) until the release is called. */
  keys?(onKey: (data: string) => void): () => void;
}

/**
 * The terminal's line for bash's `read` builtin: Ctrl-C sends SIGINT to the shell (Session.interrupt), which stops
 * the whole command line, and the typed line is dropped, as the tty flushes it.
 */
export interface TerminalRead {
  /**
   * Ends the read early (Ctrl-C, `read -t`'s timeout): the terminal gives the line back to the running command, and
   * what was typed of it stays in the tty's buffer for the next prompt.
   */
  signal: InterruptSignal;
  /** read -n N: the read ends at N characters (the tty in cbreak mode). */
  limit?: number;
  /** read -e -i TEXT: the line starts with TEXT. */
  text?: string;
}

/** A file `vi` or `nano` opened (editors.ts), as the editor tells the user about it (editor.ts). */
export interface EditedFile {
  /** The name as typed (the open and nano's messages) and as vim shortens it for its write messages. */
  name: string;
  shortName: string;
  /** It did not exist, or could not be read (the buffer starts empty). */
  state?: 'new' | 'denied';
  /** The user may not write it: vim's 'readonly', nano's "is unwritable". */
  readonly?: boolean;
  /** Writes the text now (`:w`, ^O; `force`: vim's `:w!`): undefined when written, else why not (strerror's text). */
  write(text: string, force?: boolean): string | undefined;
}

/** What a line typed into an interactive session gets from the terminal while it runs. */
export interface InteractiveLineIO {
  /** Output as the session writes it: a TTY is one stream, and the next prompt follows it on the same row. */
  write(text: string): void;
  /** Aborted by Ctrl-C typed while the line runs: the TTY sends SIGINT to the session's foreground job. */
  readonly signal: InterruptSignal;
}

export interface ProcessContext {
  /** argv[0] is the command name as typed. */
  argv: string[];
  stdin: Input;
  stdout: Output;
  stderr: Output;
  /** The shell's variables as this command sees them (exported ones). */
  env: Record<string, string>;
  cwd: string;
  fs: VirtualFileSystem;
  signal: InterruptSignal;
  cluster: Cluster;
  /**
   * Resolves after `ms` of simulated time, or early (rejecting nothing) when interrupted: by this command's
   * signal, or by `signal` when given (a line of an interactive session the command drives).
   */
  sleep(ms: number, signal?: InterruptSignal): Promise<void>;
  /** Holds the shell's virtual clock while real work (loading a command's code) is done; returns the release. */
  hold?(): () => void;
  /** Lets the page's event loop turn (keystrokes, Ctrl-C); a command that works long in one go awaits it now and then. */
  cooperate?(): Promise<void>;
  terminal: TerminalInfo;
  /** The cluster network as seen from where the shell runs (curl, wget, nslookup, ping); absent until the network model provides it. */
  network?: ShellNetwork;
  /**
   * Runs a command line (string, parsed by the shell as `sh -c` would) or an argv
   * (no shell parsing) on behalf of this command: `watch`, `timeout`, `xargs`, `sudo`.
   * Resolves with its exit status; 124 when `signal` was aborted by a timeout, 130 by an interrupt.
   */
  run?(command: string | string[], io?: { stdin?: Input; stdout?: Output; stderr?: Output; signal?: InterruptSignal } & ExecOptions): Promise<number>;
  /** The node this shell runs on; absent: the control-plane node the terminal opens on. */
  host?: HostAccess;
}

/** How a program another starts runs (`sudo`, `su`, `env`): unset, as a child of the shell with its variables. */
export interface ExecOptions {
  /** The user it runs as: the kernel's file checks are for them. */
  user?: string;
  /** Its whole environment: nothing else of the shell (variables, functions, aliases) reaches it. */
  env?: Record<string, string>;
  /** Its working directory (`sudo -i` starts in the target's home). */
  cwd?: string;
  /** Replaces commands as it finds them (kubectl with no kubeconfig of its own, for root). */
  wrap?: (spec: CommandSpec) => CommandSpec;
  /** The file an argv runs, found by the caller (execve(2) rather than the shell's lookup): env's and sudo's. */
  program?: string;
  /** A script run from its file: its name ($0), then its arguments ($1…). */
  scriptArgs?: string[];
  /** Its umask (sudo's: sudoers' 0022 with the invoker's own bits); unset, the user's own or the shell's. */
  umask?: number;
  /** Variables it sets and exports itself on top of what it inherits (a child bash's SHLVL). */
  set?: Record<string, string>;
  /**
   * A line run by a new non-interactive shell (`bash -c`, `bash FILE`, `sh -c`, watch's `sh -c`): it reads and runs
   * the text a command at a time, so what comes before a syntax error runs, and its messages carry its name and the
   * line (bash's "FILE: line 3: ", dash's "sh: 3: "). `commandString`: the text came with -c (bash's syntax errors
   * then say "bash: -c: line 1: ").
   */
  script?: ShellScript;
}

export interface ShellScript {
  dialect: 'bash' | 'dash';
  commandString: boolean;
}

/** Where the shell runs (engine/shell/commands/node: crictl, systemctl, ps, ssh act on that node). */
export interface HostAccess {
  node: string;
  /** A shell on `node` with its files `fs` and this shell's commands (`wrap` may replace one): `ssh NODE [COMMAND]`. */
  open?(node: string, fs: VirtualFileSystem, wrap?: (spec: CommandSpec) => CommandSpec, as?: ShellAs): RemoteShell;
  /** `ssh NODE`: after this line the session reads its lines in `shell` until that shell exits; `replaces` (`exec bash`): this shell ends with it. */
  login?(shell: RemoteShell, replaces?: boolean): void;
}

/** Another user's interactive shell on the node (`sudo -i`, `sudo -s`, `su`). */
export interface ShellAs {
  user: string;
  /** Its whole environment, as sudo or su built it. */
  env: Record<string, string>;
  cwd: string;
  /** A login shell (`-i`, `su -`): `exit` says "logout". */
  login: boolean;
  /** Its umask, when not the user's own (sudo's). */
  umask?: number;
}

/** A shell on another node, as `ssh` drives it: one line at a time. */
export interface RemoteShell {
  readonly node: string;
  /** `opts` for a command ssh runs without a terminal: its stderr apart, stdout not a TTY. */
  run(line: string, out: Output | ((text: string) => void), opts?: { stderr?: Output; tty?: boolean }): Promise<{ status: number; incomplete: boolean; exited: boolean }>;
}

/** Where a network request starts: the node the terminal is on, or a pod (`kubectl exec`). */
export interface NetworkOrigin {
  node?: string;
  pod?: { namespace: string; name: string };
}

export interface HttpRequest {
  method: string;
  /** Host as typed (a name or an IP) and the port (80/443 by default). */
  host: string;
  port: number;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export type HttpResult =
  | { ok: true; status: number; statusText: string; headers: Record<string, string>; body: string; ip: string; addresses?: string[] }
  /** `resolve`: DNS failed (curl exit 6); `refused`: nothing listens (7); `timeout`: packets dropped (28). */
  | { ok: false; error: 'resolve' | 'refused' | 'timeout'; ip?: string };

/** The cluster's network (Services, DNS, kube-proxy), provided by the networking model. */
export interface ShellNetwork {
  /** DNS A lookup with the origin's search path; undefined means NXDOMAIN. */
  lookup(name: string, from: NetworkOrigin): { name: string; addresses: string[] } | undefined;
  /** One HTTP exchange; may take simulated time (a timeout waits on the virtual clock). */
  request(req: HttpRequest, from: NetworkOrigin, signal: InterruptSignal): Promise<HttpResult>;
  /** The nameserver the origin uses (nslookup prints it). */
  nameserver(from: NetworkOrigin): string;
  /** An ICMP echo: the reply's TTL and round trip, or undefined when nothing answers. */
  echoFrom?(ip: string, from: NetworkOrigin): { ttl: number; us: number } | undefined;
}

export type CommandHandler = (ctx: ProcessContext) => number | Promise<number>;

export interface CommandSpec {
  name: string;
  /** One line for `help` and completion. */
  summary: string;
  run: CommandHandler;
  /** Tab completion of the word at `argv.length - 1`. */
  complete?(argv: string[], ctx: Pick<ProcessContext, 'cluster' | 'fs' | 'cwd'>): string[];
}
