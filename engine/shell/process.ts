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
}

export interface InterruptSignal {
  readonly aborted: boolean;
  /** Called once on Ctrl-C (or a `timeout` expiring); returns an unsubscribe function. */
  onAbort(fn: () => void): () => void;
}

export interface FileStat {
  type: 'file' | 'dir';
  size: number;
  mtimeMs: number;
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
}

export interface TerminalInfo {
  isTTY: boolean;
  columns: number;
  rows: number;
  /**
   * Opens the full-screen editor on `content` (for `kubectl edit`, `vi`, `nano`);
   * resolves with the saved text, or null when the learner quit without saving.
   */
  edit?(path: string, content: string): Promise<string | null>;
  /** Hands the terminal to an interactive session (`kubectl exec -it`, `kubectl run -it`). */
  interactive?(prompt: string, onLine: (line: string) => Promise<string | null>): Promise<void>;
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
  /** Resolves after `ms` of simulated time, or early (rejecting nothing) when interrupted. */
  sleep(ms: number): Promise<void>;
  terminal: TerminalInfo;
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
