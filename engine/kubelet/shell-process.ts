/**
 * A shell process in a container, as the runtime drives it: the container's main `sh -c …`, `kubectl exec`,
 * exec probes and hooks, the terminal of `exec -it`, `attach` and `debug -it`. The interpreter (shell.ts, some
 * 11 KB of the page's gzipped JavaScript) is not needed before a learner's first command: no pod kubeadm starts at
 * boot runs a shell (their probes are HTTP requests, their images have none). It comes with the first pull of an
 * image that has a shell (runtime.ts `kick`, the clock held), so a container starts with it there, as in a lab that
 * had loaded it. A process that finds it missing all the same (that load failed) yields a `load` at its first step,
 * as the interpreter yields one for its rarer applets, and every driver holds the virtual clock until it is there
 * (`finishShell` below, the runtime's main-process and exec loops, the terminal's session). lazy-shell.test.ts.
 */

import type { InteractiveState, Shell, ShellHost, ShellIO } from './shell.js';
import { retryingLoader } from '../util/lazy-module.js';

/**
 * A step of the interpreter. `sleepMs: Infinity`: the process now runs until it is killed (it became a server).
 * `load`: code must load before the next step; the driver holds the clock until `load` settles and resumes at
 * the same virtual instant, so nothing a container does depends on what was loaded before.
 */
export type Yield = { sleepMs: number; load?: undefined } | { load: Promise<void>; sleepMs?: undefined };

/** How a command run to its end went: its value and the time its sleeps took, or cut off past `limitMs`. */
export interface Finished<T> {
  value?: T;
  durationMs: number;
  cut: boolean;
}

/**
 * Runs a shell generator to its end at one virtual instant, adding its sleeps up (an exec: kubectl exec,
 * probes, hooks, an interactive line). Returns at once, or a promise when code had to load first: the clock is
 * held meanwhile, so the outcome is the one an already loaded engine gives at the same instant.
 */
export function finishShell<T>(gen: Generator<Yield, T>, clock: { hold(): () => void }, limitMs: number): Finished<T> | Promise<Finished<T>> {
  let durationMs = 0;
  const go = (): Finished<T> | Promise<Finished<T>> => {
    for (;;) {
      const r = gen.next();
      if (r.done) return { value: r.value, durationMs, cut: false };
      if (r.value.load) {
        const release = clock.hold();
        return r.value.load.then(() => {
          release();
          return go();
        });
      }
      durationMs += r.value.sleepMs;
      if (durationMs > limitMs) return { durationMs, cut: true };
    }
  };
  return go();
}

/** The name a shell gives itself in its messages: its program's (`bash`, `dash`); busybox's ash answers to `sh`. */
export function shellName(program: string): string {
  const base = program.split('/').pop()!;
  return base === 'bash' || base === 'dash' ? base : 'sh';
}

type Interpreter = typeof import('./shell.js');
let interpreter: Interpreter | undefined;
/**
 * Loads the interpreter; a failed load (offline before the page's prefetch) leaves it unloaded with the error
 * kept for the process to print, and the next shell tries again.
 */
const interpreterLoader = retryingLoader(() => import('./shell.js'), (m) => { interpreter = m; });
export const loadContainerShell = (): Promise<void> => interpreterLoader.load();

/** The interpreter once it is loaded (for tests of laziness). */
export function containerShellLoaded(): boolean {
  return interpreter !== undefined;
}

/** What a shell whose interpreter could not load exits with: the kernel's ENOEXEC as a shell reports it. */
const UNLOADED_STATUS = 126;

/** A shell (shell.ts's Shell) made at its first step, once the interpreter is there. */
export class ShellProcess {
  private shell?: Shell;
  /** SIGINT that came while the interpreter loaded: the shell gets it as soon as it exists. */
  private sigint = false;

  constructor(private readonly host: ShellHost, readonly name = 'sh') {}

  /** Runs `argv` (an exec or a container command) as a generator of sleeps; returns the exit code. */
  *run(argv: string[], io: ShellIO): Generator<Yield, number> {
    const shell = yield* this.started(io);
    return shell ? yield* shell.run(argv, io) : UNLOADED_STATUS;
  }

  /** One line typed at an interactive shell (shell.ts `interactiveLine`). */
  *interactiveLine(src: string, state: InteractiveState, io: ShellIO): Generator<Yield, { status: number; exit: boolean }> {
    const shell = yield* this.started(io);
    if (shell) return yield* shell.interactiveLine(src, state, io);
    state.last = UNLOADED_STATUS;
    return { status: UNLOADED_STATUS, exit: false };
  }

  /** SIGINT on the TTY: true when the shell was waiting and now ends its command (shell.ts `interrupt`). */
  interrupt(): boolean {
    if (this.shell) return this.shell.interrupt();
    this.sigint = true;
    return false;
  }

  private *started(io: ShellIO): Generator<Yield, Shell | undefined> {
    if (this.shell) return this.shell;
    if (!interpreter) yield { load: loadContainerShell() };
    if (!interpreter) {
      io.stderr(`${this.name}: ${interpreterLoader.error() ?? 'not loaded'}\n`);
      return undefined;
    }
    this.shell = new interpreter.Shell(this.host, this.name);
    if (this.sigint) this.shell.interrupt();
    return this.shell;
  }
}
