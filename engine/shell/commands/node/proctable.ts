/**
 * The node's whole process table as a program reading /proc sees it (top, pgrep, pkill, pidof, the kill
 * builtin): the node's own processes (processes.ts), the learner's login, and the program itself; and what a
 * signal sent from the host to one of them does.
 *
 * Signals: the sender must be root or own the process (kill(2)'s EPERM otherwise). A container's main process is
 * PID 1 of its PID namespace: from the host the kernel delivers SIGKILL, and the other signals only when the
 * program installed a handler for them, which here means the SIGTERM/SIGINT handling its image has (nginx, Go
 * servers such as kube-scheduler); the container then exits and the kubelet restarts it as its restartPolicy
 * says, exactly as when the runtime's own kill ends it. The kubelet's process ends on SIGTERM, SIGINT, SIGHUP or
 * SIGKILL and systemd starts it again (kubelet-exit.ts). Signals to the other processes (containerd and systemd's
 * other services, containerd-shim, pause, nginx's workers, the login) are delivered and change nothing here.
 */
import type { ProcessContext } from '../../process.js';
import { USER } from '../misc.js';
import { currentNodeName, newPid, nodeHost, type NodeHost } from './host.js';
import { kubeletKilled } from './kubelet-exit.js';
import { loginProcesses } from './ps.js';
import { signalName } from '../../kill.js';
import { nodeProcesses, type Proc } from './processes.js';

/** The UIDs of the node's users that own processes (Ubuntu 24.04's /etc/passwd, with the learner added). */
const UIDS: Record<string, number> = { root: 0, messagebus: 101, 'systemd-resolve': 991, 'systemd-network': 998, [USER]: 1000, nobody: 65534 };

/** A process owner's UID: its name's, or the number it is shown as when /etc/passwd has no name for it. */
export function uidOf(user: string): number {
  return Object.prototype.hasOwnProperty.call(UIDS, user) ? UIDS[user] : Number(user);
}

/** A user as pgrep -u or top -u take it (a name /etc/passwd has, or a number); undefined when not a user. */
export function userSpec(spec: string): number | undefined {
  if (Object.prototype.hasOwnProperty.call(UIDS, spec)) return UIDS[spec];
  return /^[0-9]+$/.test(spec) ? Number(spec) : undefined;
}

/** Who the program runs as: sudo's target, else the learner. */
export function runningAs(ctx: ProcessContext): string {
  return ctx.fs.user ?? USER;
}

/**
 * Every process now, by PID, with `self` (the program reading them: a new PID, on the learner's terminal, its
 * command line `argv`) among them.
 */
export function processTable(ctx: ProcessContext, h: NodeHost, comm: string): { procs: Proc[]; self: Proc } {
  const now = ctx.cluster.clock.now();
  const system = nodeProcesses(ctx.cluster, h, ctx.fs);
  const login = loginProcesses(h, now);
  const self: Proc = { pid: newPid(h), ppid: login[2].pid, user: runningAs(ctx), tty: 'pts/0', stat: 'R+', startedAt: now, cpuMs: 0, rssKiB: 4_352, vszKiB: 11_184, command: ctx.argv.join(' '), comm };
  return { procs: [...system, ...login, self].sort((a, b) => a.pid - b.pid), self };
}

/** bash's kill builtin with a PID that is none of its jobs: kill(2) on the node's process of that PID. */
export function signalPid(ctx: ProcessContext, pid: number, signo: number): 'ok' | 'EPERM' | 'ESRCH' {
  // A shell over no cluster's nodes (a bare session) has no node processes.
  const h = ctx.cluster?.kubelets && nodeHost(ctx.cluster, currentNodeName(ctx));
  if (!h) return 'ESRCH';
  const p = [...nodeProcesses(ctx.cluster, h, ctx.fs), ...loginProcesses(h, ctx.cluster.clock.now())].find((x) => x.pid === pid);
  return p ? signalProcess(ctx, h, p, signo) : 'ESRCH';
}

const SIGHUP = 1;
const SIGINT = 2;
const SIGKILL = 9;
const SIGTERM = 15;

/** kill(2) from the host as `user`: 'ok', or the errno it fails with. */
export function signalProcess(ctx: ProcessContext, h: NodeHost, p: Proc, signo: number): 'ok' | 'EPERM' {
  const user = runningAs(ctx);
  if (user !== 'root' && p.user !== user) return 'EPERM';
  if (p.unit === 'kubelet' && (signo === SIGHUP || signo === SIGINT || signo === SIGKILL || signo === SIGTERM)) {
    kubeletKilled(ctx.cluster, h, signo, signalName(signo)!);
    return 'ok';
  }
  const c = p.main;
  if (signo === 0 || !c || c.state !== 'running') return 'ok';
  const rt = h.kubelet.runtime;
  if (signo === SIGKILL) rt.kill(c);
  else if ((signo === SIGTERM || signo === SIGINT) && !c.program.sigterm.ignore) {
    const s = c.program.sigterm;
    const code = s.exitCode ?? 0;
    c.after(s.exitAfterMs ?? 100, () => rt.exit(c, code, code === 0 ? 'Completed' : 'Error'));
  }
  return 'ok';
}
