/**
 * The node's PID namespaces (see processes.ts for how PIDs are handed out):
 * which namespace a container's processes live in, the processes the runtime
 * starts there (containers, execs, the forks of the shells inside), and what a
 * signal sent from inside does: nginx reloads on SIGHUP, stops on
 * SIGTERM/SIGINT/SIGQUIT; a process without a handler dies by the signal's
 * default action, except its namespace's PID 1, to which the kernel delivers
 * only the signals it installed a handler for (SIGKILL included).
 */
import { goLogTime } from './programs.js';
import { defaultAction, PidNamespace, processShape, RUNC_INIT_PIDS, signalName, userName, type Proc } from './processes.js';
import type { Container } from './runtime.js';
import { ContainerFS } from './container-fs.js';

const SIGHUP = 1;
const SIGINT = 2;
const SIGQUIT = 3;
const SIGKILL = 9;
const SIGTERM = 15;

/** What the namespaces need from the runtime. */
export interface NamespaceHost {
  /** The node's CPUs (nginx starts one worker per CPU). */
  cpus(): number;
  now(): number;
  /** Ends a container's main process (the container exits). */
  exit(c: Container, code: number, reason: string): void;
  /** Runs `fn` after `ms` as one of the container's timers (cancelled when it ends). */
  later(c: Container, ms: number, fn: () => void): void;
  /** The pod's containers, oldest first. */
  podContainers(podUID: string): readonly Container[];
}

/** Who the container's processes run as: the securityContext's runAsUser, else the image's USER. */
const uidOf = (c: Container) => c.opts.security?.runAsUser ?? c.image.uid ?? 0;

/** The root a process outside any container (the sandbox's pause) shows through /proc/PID/root. */
let pauseRoot: ContainerFS | undefined;

export class PidNamespaces {
  /** Containers whose namespace exists, made when first needed. */
  private readonly of = new WeakMap<Container, PidNamespace>();
  /** Shared namespaces (shareProcessNamespace), by pod UID: the sandbox's pause is their PID 1. */
  private readonly shared = new Map<string, PidNamespace>();

  constructor(private readonly host: NamespaceHost) {}

  /**
   * A container just started: one of a pod sharing its namespace, or an ephemeral container joining its
   * target's, enters that namespace now; any other gets its own when something first looks.
   */
  started(c: Container): void {
    const o = c.opts;
    let ns: PidNamespace | undefined;
    if (o.shareProcessNamespace) {
      ns = this.shared.get(o.podUID);
      if (!ns) {
        ns = new PidNamespace();
        // The sandbox's pause runs as the pause image's user (65535 since pause 3.3).
        ns.start({ uid: 65535, command: '/pause', kind: 'sandbox' });
        this.shared.set(o.podUID, ns);
      }
    } else if (o.targetContainer) {
      let target: Container | undefined;
      for (const s of this.host.podContainers(o.podUID)) if (s !== c && s.name === o.targetContainer && s.state === 'running') target = s;
      if (target) ns = this.namespace(target);
    }
    if (!ns) return;
    this.enter(ns, c);
    this.of.set(c, ns);
  }

  /** The pod's last container went: its shared namespace goes with it. */
  podGone(podUID: string): void {
    this.shared.delete(podUID);
  }

  /** The container's namespace, made now (its own, main process PID 1) when it has none yet. */
  namespace(c: Container): PidNamespace {
    let ns = this.of.get(c);
    if (!ns) {
      ns = new PidNamespace();
      this.enter(ns, c);
      this.of.set(c, ns);
    }
    return ns;
  }

  /** The PIDs a container's program would have in a namespace of its own, without making one (nginx's start log). */
  privatePids(c: Container): { main: number; children: number[] } {
    const shape = processShape(c.image, c.opts.argv, c.program, this.host.cpus());
    const first = 1 + RUNC_INIT_PIDS + shape.helpers + 1;
    return { main: 1, children: shape.children.map((_, i) => first + i) };
  }

  /** The container's main process and its children's PIDs, where they are now. */
  pidsOf(c: Container): { main: number; children: number[] } {
    const ns = this.of.get(c);
    if (!ns) return this.privatePids(c);
    const procs = ns.list();
    return { main: procs.find((p) => p.owner === c && p.kind === 'main')?.pid ?? 1, children: procs.filter((p) => p.owner === c && p.kind === 'child').map((p) => p.pid) };
  }

  /** The main process, its helpers and children enter `ns`. */
  private enter(ns: PidNamespace, c: Container): void {
    const shape = processShape(c.image, c.opts.argv, c.program, this.host.cpus());
    ns.start({ uid: c.opts.security?.runAsUser ?? shape.uid, command: shape.command, owner: c, kind: 'main' });
    ns.skip(shape.helpers);
    for (const ch of shape.children) ns.fork({ uid: ch.uid, command: ch.command, owner: c, kind: 'child' });
  }

  /** A script became a server (`exec nginx …` replaces the shell; run in the foreground it is the shell's child). */
  becameServer(c: Container, viaExec: boolean): void {
    const ns = this.of.get(c);
    if (!ns) return;
    const shape = processShape(c.image, c.opts.argv, c.program, this.host.cpus());
    const main = ns.list().find((p) => p.owner === c && p.kind === 'main');
    if (viaExec && main) main.command = shape.command;
    else ns.fork({ uid: shape.uid, command: shape.command, owner: c, kind: 'child' });
    for (const ch of shape.children) ns.fork({ uid: ch.uid, command: ch.command, owner: c, kind: 'child' });
  }

  /** A process the runtime starts in the container (kubectl exec, an exec probe, a hook): ended with `end`. */
  exec(c: Container, argv: readonly string[]): Proc {
    // It runs as the image's USER, as the container's own processes do.
    return this.namespace(c).start({ uid: uidOf(c), command: argv.join(' '), owner: c, kind: 'exec' });
  }

  /** The container's main process (an attached terminal talks to it). */
  main(c: Container): Proc | undefined {
    return this.namespace(c).list().find((p) => p.owner === c && p.kind === 'main');
  }

  /** A command a shell in the container forks. */
  fork(c: Container, argv: readonly string[]): Proc {
    return this.namespace(c).fork({ uid: uidOf(c), command: argv.join(' '), owner: c, kind: 'fork' });
  }

  /** Process `pid` of `c` (its main process when undefined) became `argv` by exec. */
  execed(c: Container, pid: number | undefined, argv: readonly string[]): void {
    const ns = this.of.get(c);
    if (!ns) return;
    const p = ns.list().find((x) => x.owner === c && (pid === undefined ? x.kind === 'main' : x.pid === pid));
    if (p) p.command = argv.join(' ');
  }

  end(c: Container, pid: number): void {
    const ns = this.of.get(c);
    const p = ns?.list().find((x) => x.pid === pid);
    if (ns && p) ns.end(p);
  }

  /** `ps` as container `c` sees it: its namespace's processes, users named from its own /etc/passwd. */
  list(c: Container): { pid: number; user: string; command: string }[] {
    const passwd = c.fs.files.get('/etc/passwd');
    // An image whose USER its own /etc/passwd names (curlimages/curl's curl_user) shows that name.
    const own = passwd === undefined ? c.image.account : undefined;
    return this.namespace(c).list().map((p) => ({ pid: p.pid, user: p.uid === own?.uid ? own.name : userName(p.uid, passwd), command: p.command }));
  }

  /** Process `pid` as seen from `c`: its uid, command line and container (for /proc/PID/status); undefined when none. */
  process(c: Container, pid: number): { uid: number; command: string; owner?: Container; main: boolean } | undefined {
    const p = this.namespace(c).get(pid);
    return p && { uid: p.uid, command: p.command, owner: p.owner as Container | undefined, main: p.kind === 'main' || p.kind === 'sandbox' };
  }

  /** The files behind /proc/PID/root as seen from `c`; undefined when no such process. */
  root(c: Container, pid: number): ContainerFS | undefined {
    const p = this.namespace(c).get(pid);
    if (!p) return undefined;
    const owner = p.owner as Container | undefined;
    return owner ? owner.fs : (pauseRoot ??= new ContainerFS({ '/pause': '' }));
  }

  /** Signal `signo` sent from process `from` inside `c`'s namespace to `pid`; false when there is no such process. */
  kill(c: Container, pid: number, signo: number, from: number | undefined): boolean {
    const ns = this.namespace(c);
    const target = ns.get(pid);
    if (!target) return false;
    const owner = target.owner as Container | undefined;
    // Signal 0 only asks whether the process exists; pause's handlers are not modelled (its death would recreate the sandbox).
    if (signo === 0 || !owner || owner.state !== 'running' || target.kind === 'sandbox') return true;
    // The kernel drops a signal to its namespace's init unless the process installed a handler for it.
    const init = target.pid === 1;
    if (target.kind === 'main') this.signalMain(ns, owner, target, signo, from, init);
    else if (target.kind === 'child' && owner.image.program === 'nginx') this.signalWorker(ns, owner, target, signo);
    else if (target.kind === 'child' && defaultAction(signo) === 'terminate') ns.end(target);
    return true;
  }

  private signalMain(ns: PidNamespace, c: Container, proc: Proc, signo: number, from: number | undefined, init: boolean): void {
    const p = c.program;
    const nginx = c.image.program === 'nginx' && !p.shellArgv;
    const log = (pid: number, text: string) => c.log(`${goLogTime(this.host.now())} [notice] ${pid}#${pid}: ${text}`, 'stderr');
    const received = (action: string) => log(proc.pid, `signal ${signo} (${signalName(signo)}) received${from !== undefined ? ` from ${from}` : ''}${action}`);
    const stop = () => {
      const code = p.sigterm.exitCode ?? 0;
      this.host.later(c, p.sigterm.exitAfterMs ?? 100, () => this.host.exit(c, code, code === 0 ? 'Completed' : 'Error'));
    };
    if (nginx && signo === SIGHUP) {
      received(', reconfiguring');
      this.reload(ns, c, proc, log);
      return;
    }
    if (nginx && (signo === SIGTERM || signo === SIGINT)) { received(', exiting'); stop(); return; }
    if (nginx && signo === SIGQUIT) { received(', shutting down'); stop(); return; }
    if (!p.sigterm.ignore && (signo === SIGTERM || signo === SIGINT)) { stop(); return; }
    if (init) return;
    // Outside PID 1 the default action applies: the process (and with it the container) ends by the signal.
    if (signo === SIGKILL || defaultAction(signo) === 'terminate') this.host.exit(c, 128 + signo, 'Error');
  }

  /** nginx's SIGHUP: new workers with the configuration read again, the old ones shut down gracefully. */
  private reload(ns: PidNamespace, c: Container, master: Proc, log: (pid: number, text: string) => void): void {
    const old = ns.list().filter((p) => p.owner === c && p.kind === 'child');
    log(master.pid, 'reconfiguring');
    log(master.pid, 'using the "epoll" event method');
    log(master.pid, 'start worker processes');
    const shape = processShape(c.image, c.opts.argv, c.program, this.host.cpus());
    for (const ch of shape.children) {
      const w = ns.fork({ uid: ch.uid, command: ch.command, owner: c, kind: 'child' });
      log(master.pid, `start worker process ${w.pid}`);
    }
    for (const w of old) log(w.pid, 'gracefully shutting down');
    for (const w of old) {
      log(w.pid, 'exiting');
      log(w.pid, 'exit');
      ns.end(w);
      log(master.pid, `signal 17 (SIGCHLD) received from ${w.pid}`);
      log(master.pid, `worker process ${w.pid} exited with code 0`);
      log(master.pid, 'signal 29 (SIGIO) received');
    }
  }

  /** A worker stopped by a signal: the master starts another in its place. */
  private signalWorker(ns: PidNamespace, c: Container, worker: Proc, signo: number): void {
    if (defaultAction(signo) !== 'terminate' || signo === SIGHUP) return;
    ns.end(worker);
    const master = ns.list().find((p) => p.owner === c && p.kind === 'main');
    const w = ns.fork({ uid: worker.uid, command: worker.command, owner: c, kind: 'child' });
    if (!master) return;
    const log = (text: string) => c.log(`${goLogTime(this.host.now())} [notice] ${master.pid}#${master.pid}: ${text}`, 'stderr');
    log(`signal 17 (SIGCHLD) received from ${worker.pid}`);
    log(signo === SIGTERM || signo === SIGINT || signo === SIGQUIT ? `worker process ${worker.pid} exited with code 0` : `worker process ${worker.pid} exited on signal ${signo}`);
    log(`start worker process ${w.pid}`);
  }
}

/**
 * nginx's start log with the PIDs it has where it runs: "1#1:" is the master's PID and one
 * "start worker process N" line per worker (the catalogue's text is nginx as PID 1 on a 2-CPU node).
 */
export function nginxStartLogs(lines: readonly string[], pids: { main: number; children: number[] }): string[] {
  if (pids.main === 1) {
    // Most nginx containers are PID 1 on a node like the catalogue's: their lines are kept as they are, shared.
    const workers = lines.filter((l) => l.includes('1#1: start worker process '));
    if (workers.length === pids.children.length && workers.every((l, i) => l.endsWith(` ${pids.children[i]}`))) return lines as string[];
  }
  const out: string[] = [];
  const m = `${pids.main}#${pids.main}:`;
  let workersDone = false;
  for (const l of lines) {
    const w = /^(.*\[notice\] )1#1: start worker process \d+$/.exec(l);
    if (w) {
      if (!workersDone) for (const pid of pids.children) out.push(`${w[1]}${m} start worker process ${pid}`);
      workersDone = true;
      continue;
    }
    out.push(l.replace(/ 1#1: /, ` ${m} `));
  }
  return out;
}
