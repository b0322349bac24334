/**
 * `kubectl attach (POD | TYPE/NAME) [-c C] [-i] [-t]`: joins the output
 * stream of a container's main process from now on (earlier output is what
 * `kubectl logs` is for) until the process ends or the learner presses Ctrl-C.
 * With -i -t on a container started with stdin and a TTY whose main process
 * is a shell (`kubectl run -it ... -- sh`), the terminal is handed to that
 * shell. Texts from kubectl/pkg/cmd/attach/attach.go and pkg/cmd/util/podcmd.
 */
import type { KObject } from '../../api/meta.js';
import type { Kubelet } from '../../kubelet/kubelet.js';
import type { Container } from '../../kubelet/runtime.js';
import type { Command, Invocation } from '../framework/command.js';
import { isStatusError } from '../../api/errors.js';
import { interactiveShell } from './exec.js';
import { pickContainer, podForObject } from './pod-for-object.js';
import { verbF } from './verb-f.js';
import { dialForStream, kubeletHostOf } from '../../kubelet/kubelet-server.js';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export const NEED_ARGUMENT = 'at least 1 argument is required for attach';
export const TIMEOUT_NOT_POSITIVE = '--pod-running-timeout must be higher than zero';
/** Printed on stderr before the stream opens, unless --quiet. */
export const RECORDED_NOTICE = 'All commands and output from this session will be recorded in container logs, including credentials and sensitive information passed through the command prompt.\n';
export const PROMPT_HINT = "If you don't see a command prompt, try pressing enter.\n";
export const NO_TERMINAL = 'Unable to use a TTY - input is not a terminal or the right kind of file\n';

export const tooManyArgs = (args: string[]) => `expected POD, TYPE/NAME, or TYPE NAME, (at most 2 arguments) saw ${args.length}: [${args.join(' ')}]`;
export const completedPod = (phase: string) => `cannot attach a container in a completed pod; current phase is ${phase}`;
export const noTTYAllocated = (container: string) => `error: Unable to use a TTY - container ${container} did not allocate one\n`;
/** handleAttachPod's fallback when the attach itself fails. */
export const msgAttachFailed = (pod: string, err: Error) => `warning: couldn't attach to pod/${pod}, falling back to streaming logs: ${isStatusError(err) ? err.status.message : err.message}\n`;
export const reattachMessage = (pod: string, container: string, ns: string) => `Session ended, resume using 'kubectl attach ${pod} -c ${container} -n ${ns} -i -t' command\n`;

/** Resolves once Ctrl-C arrives or `done()` is true, checking every 250 ms of simulated time. */
async function until(inv: Invocation, done: () => boolean): Promise<void> {
  while (!inv.ctx.signal.aborted && !done()) await inv.ctx.sleep(250);
}

async function runAttach(inv: Invocation): Promise<number> {
  const f = inv.flags;
  const args = inv.args;
  if (args.length === 0) throw new Error(NEED_ARGUMENT);
  if (args.length > 2) throw new Error(tooManyArgs(args));
  if (f.durationMs('pod-running-timeout') <= 0) throw new Error(TIMEOUT_NOT_POSITIVE);
  const quiet = f.bool('quiet');
  const pod = await podForObject(inv, args.length === 2 ? `${args[0]}/${args[1]}` : args[0]) as Any;
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') throw new Error(completedPod(phase));
  const requested = f.string('container');
  if (requested && ![...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? []), ...(pod.spec?.ephemeralContainers ?? [])].some((c: Any) => c.name === requested)) {
    throw new Error(`cannot attach to the container: container ${requested} not found in pod ${pod.metadata.name}`);
  }
  const container = pickContainer(inv, pod, requested);
  const spec = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? []), ...(pod.spec?.ephemeralContainers ?? [])].find((c: Any) => c.name === container) ?? {};
  let tty = f.bool('tty');
  if (tty && !spec.tty) {
    tty = false;
    if (!quiet) inv.err(noTTYAllocated(container));
  } else if (!tty && spec.tty) tty = true;
  const stdin = f.bool('stdin');
  // SetupTTY: a TTY needs stdin and a terminal behind it.
  const raw = tty && stdin && inv.ctx.terminal.isTTY;
  if (tty && stdin && !inv.ctx.terminal.isTTY && !quiet) inv.err(NO_TERMINAL);
  if (!quiet) inv.err(RECORDED_NOTICE + PROMPT_HINT);

  const ns = pod.metadata.namespace as string;
  let kubelet: Kubelet | undefined;
  let main: Container | undefined;
  const failure = attachError(inv, pod as KObject, container, () => {
    kubelet = pod.spec?.nodeName ? dialForStream(kubeletHostOf(inv.ctx.cluster), pod.spec.nodeName) : undefined;
    return (main = kubelet?.container(ns, pod.metadata.name, container)?.current);
  });
  if (failure) throw failure;

  const shell = raw && !!spec.stdin && !!inv.ctx.terminal.interactive && isShell(main!);
  await attachMainProcess(inv, pod as KObject, container, main!, kubelet!, { shell, tty, raw: raw && !!spec.stdin });
  if (raw && stdin && !quiet) inv.out(reattachMessage(pod.metadata.name, container, ns));
  return 0;
}

/**
 * Why an attach cannot join the container, or undefined: pods/attach refused (the API server's Forbidden), or
 * no running container of that name for the kubelet's GetAttach (its own words, with the pod's full name).
 */
export function attachError(inv: Invocation, pod: KObject, container: string, lookup: () => Container | undefined): Error | undefined {
  try {
    inv.client().connect('pods', pod.metadata.namespace!, pod.metadata.name!, 'attach', 'create');
  } catch (e) {
    if (isStatusError(e)) return e;
    throw e;
  }
  // The kubelet is dialled only once the API server has authorized the request.
  const main = lookup();
  if (!main || main.state !== 'running') return new Error(`unable to upgrade connection: container ${container} not found in pod ${pod.metadata.name}_${pod.metadata.namespace}`);
  return undefined;
}

/** logOpts (run.go, debug.go): the container's log as it stands, read through pods/log as any client reads it. */
export function printContainerLog(inv: Invocation, kubelet: Kubelet | undefined, ns: string, pod: string, container: string): void {
  inv.client().connect('pods', ns, pod, 'log', 'get');
  for (const l of kubelet?.logs(ns, pod, container) ?? []) inv.out(l.text + '\n');
}

/** A main process that is a bare shell (`-- sh`, or an image whose command is one, as busybox's). */
export function isShell(main: Container): boolean {
  return main.program.shellArgv?.length === 1 || !!main.monitor;
}

/**
 * Joins a running container's main process as attach.go does: a shell (when
 * `shell`) gets the terminal, and leaving it ends the container; any other
 * process shows what it prints from now on (with a TTY, stderr shares the
 * terminal stream) until it ends or Ctrl-C. Returns the shell's exit code, 0 for
 * a stream.
 */
export async function attachMainProcess(inv: Invocation, pod: KObject, container: string, main: Container, kubelet: Kubelet, opts: { shell: boolean; tty: boolean; raw?: boolean }): Promise<number> {
  if (opts.shell && isShell(main)) {
    // The terminal reaches the main shell itself: no new process in the container.
    const code = await interactiveShell(inv, pod, container, main.program.shellArgv?.[0] ?? 'sh', true);
    if (main.state === 'running') kubelet.runtime.exit(main, code, code === 0 ? 'Completed' : 'Error');
    return code;
  }
  const term = inv.ctx.terminal;
  if (opts.tty && opts.raw && term.isTTY && term.raw) {
    // Raw mode: the container's TTY is the terminal. Its output arrives as written (`OK!OK!` with no newline),
    // and Ctrl-C is a character for it: the TTY echoes ^C and signals its foreground process, kubectl goes on.
    const release = term.raw(() => {
      inv.out('^C');
      kubelet.runtime.sigint(main);
    });
    const unsubscribe = main.subscribeTTY((t) => inv.out(t));
    try {
      await until(inv, () => main.state !== 'running');
    } finally {
      unsubscribe();
      release();
    }
    return 0;
  }
  const unsubscribe = main.subscribe((l) => (l.stream === 'stderr' && !opts.tty ? inv.err(l.text + '\n') : inv.out(l.text + '\n')));
  try {
    await until(inv, () => main.state !== 'running');
  } finally {
    unsubscribe();
  }
  return 0;
}

export const attach: Command = verbF('attach', { run: runAttach });
