/**
 * `kubectl exec POD [-c C] -- CMD ARGS`: runs the command in the container
 * through its node's kubelet and returns its exit code
 * (`command terminated with exit code N`); with -i -t (and a terminal that
 * can hand itself over) an interactive shell session kept open in the container.
 */
import type { KObject } from '../../api/meta.js';
import { UsageError, type Command, type Invocation } from '../framework/command.js';
import { pickContainer, podForObject } from './pod-for-object.js';
import { verb } from './mutate.js';
import { dialForStream, kubeletHostOf } from '../../kubelet/kubelet-server.js';
import type { InterruptSignal } from '../../shell/process.js';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Checks the pod can be exec'ed into now (exec.go and the kubelet's texts). */
export function execTarget(inv: Invocation, pod: Any, containerFlag: string): { container: string } {
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') throw new Error(`cannot exec into a container in a completed pod; current phase is ${phase}`);
  const container = pickContainer(inv, pod, containerFlag);
  const st = [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.ephemeralContainerStatuses ?? [])].find((s: Any) => s.name === container);
  if (!st?.state?.running) throw new Error(`unable to upgrade connection: container not found ("${container}")`);
  return { container };
}

/**
 * How a failed exec reaches the learner: a missing container fails the stream
 * upgrade; containerd's failure to start the process comes back from the
 * kubelet as an internal error (`error: Internal error occurred: error executing
 * command in container: failed to exec in container: ...`).
 */
export function execErrorText(runtimeError: string): string {
  if (runtimeError.startsWith('failed to exec in container')) return `Internal error occurred: error executing command in container: ${runtimeError}`;
  return `unable to upgrade connection: ${runtimeError}`;
}

/** Code the process needs is loading: the clock holds, so the outcome is the one a loaded engine gives. */
async function loadHolding(inv: Invocation, load: Promise<unknown>): Promise<void> {
  const release = inv.ctx.hold ? inv.ctx.hold() : inv.ctx.cluster.clock.hold();
  try { await load.catch(() => undefined); } finally { release(); }
}

/** Ends one sleep early: the ^C kubectl forwarded has already ended the process's wait. */
interface Wake extends InterruptSignal { aborted: boolean; abort(): void }

function wake(): Wake {
  let fire: (() => void) | undefined;
  const w: Wake = {
    aborted: false,
    onAbort: (fn) => { if (w.aborted) fn(); else fire = fn; return () => { fire = undefined; }; },
    abort: () => { if (!w.aborted) { w.aborted = true; fire?.(); } },
  };
  return w;
}

/** How long kubectl exec waits on a process that sleeps for ever (a server run in the foreground) before giving up. */
const FOREVER_MS = 24 * 3_600_000;

/**
 * Runs one command line in the container; resolves with its exit code. The process runs as the clock moves and
 * kubectl copies both streams to the terminal as they come: a loop prints line by line and runs until Ctrl-C or
 * `timeout` stops kubectl (130 then; the caller reports its own status).
 */
export async function execOnce(inv: Invocation, pod: KObject, container: string, argv: string[], write: (text: string, stderr: boolean) => void, tty = false): Promise<number> {
  // POST pods/{name}/exec: RBAC's create on the subresource, before any stream.
  inv.client().connect('pods', pod.metadata.namespace!, pod.metadata.name!, 'exec', 'create', { command: argv, container, stderr: tty ? undefined : 'true', stdin: inv.flags.bool('stdin') ? 'true' : undefined, stdout: 'true', tty: tty ? 'true' : undefined });
  const node = (pod.spec as Any)?.nodeName;
  const kubelet = node ? dialForStream(kubeletHostOf(inv.ctx.cluster), node) : undefined;
  if (!kubelet) throw new Error(`unable to upgrade connection: container not found ("${container}")`);
  const p = kubelet.execProcess(pod.metadata.namespace!, pod.metadata.name!, container, argv, tty);
  if ('error' in p) throw new Error(execErrorText(p.error));
  // With -i -t the terminal is raw and Ctrl-C is a character for the exec's TTY, which echoes ^C and signals the
  // process: a `sh -c` loop ends with 130 and kubectl reports it. Other programs keep kubectl's own Ctrl-C.
  let sigint: Wake | undefined;
  const term = inv.ctx.terminal;
  const release = tty && term.isTTY && term.raw && INTERACTIVE_SHELL.test(argv[0] ?? '')
    ? term.raw(() => {
      write('^C', false);
      p.interrupt();
      sigint?.abort();
    })
    : undefined;
  try {
    for (;;) {
      const step = p.next();
      for (const [stderr, text] of step.writes) write(text, stderr);
      if (step.exitCode !== undefined) return step.exitCode;
      if (step.load) {
        await loadHolding(inv, step.load);
        continue;
      }
      if (release) {
        sigint = wake();
        do await inv.ctx.sleep(Math.min(step.sleepMs ?? 0, FOREVER_MS), sigint);
        while (step.sleepMs === Infinity && !sigint.aborted && !inv.ctx.signal.aborted);
        if (inv.ctx.signal.aborted) return 130;
        continue;
      }
      await inv.ctx.sleep(Math.min(step.sleepMs ?? 0, FOREVER_MS));
      if (inv.ctx.signal.aborted || step.sleepMs === Infinity) return 130;
    }
  } finally {
    release?.();
    p.end();
  }
}

/**
 * The prompt of a root shell, as each image's shell prints it by default:
 * busybox ash `\w \$ ` (`/ # `, `/tmp # `, `~ # `), bash with Debian's
 * bash.bashrc `\u@\h:\w\$ ` (`root@web-5f48c89c7-7v8xk:/# `), and dash
 * (`sh` on Debian-based images such as nginx) a plain `# `.
 */
export function shellPrompt(shell: string, flavour: 'busybox' | 'bash', cwd: string, vars: Record<string, string>, user?: string, pwHome?: string): string {
  // busybox's `\w` takes the home from the uid's passwd entry (none: no `~`); bash's from $HOME.
  const home = (shell !== 'bash' ? pwHome : undefined) ?? (vars.HOME || '/root');
  const w = !home ? cwd : cwd === home ? '~' : cwd.startsWith(home + '/') ? '~' + cwd.slice(home.length) : cwd;
  // `\$`: `$` for a user that is not root (curlimages/curl's curl_user: `~ $ `).
  const sign = user ? '$' : '#';
  if (shell === 'bash') return `${user ?? 'root'}@${vars.HOSTNAME ?? ''}:${w}${sign} `;
  if (flavour === 'bash') return `${sign} `;
  return `${w} ${sign} `;
}

/** Shells `exec -it` keeps open as an interactive session. */
export const INTERACTIVE_SHELL = /^(\/usr)?(\/bin\/)?(ba|a|da)?sh$/;

/**
 * An interactive shell over exec, through the terminal's interactive mode: one
 * shell process in the container for the whole session, so `cd`, variables and
 * `$?` carry over from line to line. Resolves with the shell's exit code.
 */
export async function interactiveShell(inv: Invocation, pod: KObject, container: string, bin = 'sh', attach = false, args: string[] = []): Promise<number> {
  const term = inv.ctx.terminal;
  if (!term.interactive) {
    inv.err('Unable to use a TTY - input is not a terminal or the right kind of file\n');
    return 0;
  }
  // An attach's caller has authorized it already (attachError decides between the stream and the log).
  if (!attach) inv.client().connect('pods', pod.metadata.namespace!, pod.metadata.name!, 'exec', 'create', { command: [bin, ...args], container, stdin: 'true', stdout: 'true', tty: 'true' });
  const node = (pod.spec as Any)?.nodeName;
  const kubelet = node ? dialForStream(kubeletHostOf(inv.ctx.cluster), node) : undefined;
  const session = kubelet?.openShell(pod.metadata.namespace!, pod.metadata.name!, container, bin, attach, args) ?? { error: `container not found ("${container}")` };
  if ('error' in session) throw new Error(execErrorText(session.error));
  if (session.banner) inv.out(session.banner);
  const prompt = () => session.prompt?.() ?? shellPrompt(session.shell, session.flavour, session.state.cwd, session.state.vars, session.user, session.home);
  let last = 0;
  await term.interactive(prompt(), async (text, io) => {
    // The line runs as the clock moves and its output reaches the TTY as it is written (one stream: stderr too).
    const line = session.line(text);
    for (;;) {
      const step = line.next();
      for (const [, t] of step.writes) io.write(t);
      if (step.status !== undefined) {
        last = step.status;
        if (!step.exited) return '';
        // An interactive bash says "exit" as it leaves; ash and dash do not, nor does a shell SIGKILLed with its container.
        if (session.shell === 'bash' && !step.error && !step.killed) io.write('exit\n');
        return null;
      }
      if (step.load) {
        await loadHolding(inv, step.load);
      } else {
        // A process that sleeps for ever (`sleep infinity`, a server in the foreground) waits for Ctrl-C.
        do await inv.ctx.sleep(Math.min(step.sleepMs ?? 0, FOREVER_MS), io.signal);
        while (step.sleepMs === Infinity && !io.signal.aborted && !inv.ctx.signal.aborted);
      }
      if (inv.ctx.signal.aborted) {
        // kubectl itself was stopped (`timeout`): the session ends with it.
        line.interrupt();
        last = 130;
        return null;
      }
      if (io.signal.aborted) {
        // Ctrl-C reaches the shell's foreground job: the shell drops the line and prompts again.
        line.interrupt();
        last = 130;
        return '';
      }
    }
  }, prompt);
  return last;
}

async function runExec(inv: Invocation): Promise<number> {
  const f = inv.flags;
  const dash = inv.argsLenAtDash;
  // ExecOptions.Complete: the first argument names the pod unless `--` comes first.
  const target = inv.args.length > 0 && dash !== 0 ? inv.args[0] : '';
  let argv: string[] = [];
  if (dash > -1) argv = inv.args.slice(dash);
  else if (inv.args.length > 1 || (inv.args.length > 0 && f.strings('filename').length)) throw new UsageError('exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead');
  // Validate
  if (!target && !f.strings('filename').length) throw new Error('pod, type/name or --filename must be specified');
  if (argv.length === 0) throw new Error('you must specify at least one command for the container');
  const pod = await podForObject(inv, target) as Any;
  const { container } = execTarget(inv, pod, f.string('container'));
  const tty = f.bool('tty');
  const stdin = f.bool('stdin');
  if (tty && !stdin) inv.err('Unable to use a TTY - input is not a terminal or the right kind of file\n');
  // redis-cli with no command reads commands from its TTY, at its own prompt.
  const client = /^(.*\/)?redis-cli$/.test(argv[0]) && /^((-h|-p) \S+ ?)*$/.test(argv.slice(1).join(' '));
  if (tty && stdin && ((argv.length === 1 && INTERACTIVE_SHELL.test(argv[0])) || client)) {
    const code = await interactiveShell(inv, pod as KObject, container, argv[0], false, argv.slice(1));
    if (code !== 0) inv.err(`command terminated with exit code ${code}\n`);
    return code;
  }
  const code = await execOnce(inv, pod as KObject, container, argv, (text, stderr) => (stderr ? inv.err(text) : inv.out(text)), tty && stdin);
  if (code !== 0) {
    inv.err(`command terminated with exit code ${code}\n`);
    return code;
  }
  return 0;
}

export const exec: Command = verb('exec', { run: runExec });
