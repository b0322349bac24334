/**
 * PID namespaces of the simulated container runtime: which processes a
 * container's `ps` sees, with which PIDs, and what a signal sent from inside
 * does to them.
 *
 * A container has a PID namespace of its own (its main process is PID 1) unless
 * the pod sets `shareProcessNamespace: true`, when the pod sandbox's `/pause`
 * is PID 1 and every container's processes share the one namespace, or it is
 * an ephemeral container with `targetContainerName`, which joins the target
 * container's namespace (CRI NamespaceMode TARGET).
 *
 * PIDs are handed out in order. What a real node shows (busybox `ps` in
 * containerd pods) pins the gaps: a process the runtime starts (the sandbox, a
 * container, an exec) is followed by five PIDs runc's init stages use, so the
 * first container of a shared namespace is PID 7, the next 13, an exec'd shell
 * 19 and the first command it runs 25; a process forked inside (nginx's
 * workers, a command typed at a shell) takes the next PID. nginx's
 * docker-entrypoint.sh runs 22 short-lived helpers before it execs nginx: the
 * image's own log names workers 29 and 30 when nginx is PID 1 (1, then 5 for
 * runc, then 22 helpers).
 *
 * Namespaces are made when first needed (a `ps`, an exec, a kill, a shared
 * namespace's first container): most containers of a large cluster never have one.
 */
import type { ImageInfo } from '../images/catalogue.js';
import type { Program } from './programs.js';

/** PIDs runc's init stages take right after a process the runtime started (sandbox, container, exec). */
export const RUNC_INIT_PIDS = 5;
/** Processes nginx's docker-entrypoint.sh forks (find, sort, the /docker-entrypoint.d scripts) before `exec nginx`. */
export const NGINX_ENTRYPOINT_PIDS = 22;
/** The nginx user the official image's workers run as (`user nginx;`, uid 101 in Debian and Alpine builds). */
export const NGINX_WORKER_UID = 101;
/** httpd's default `User daemon` and mpm_event's StartServers. */
export const HTTPD_CHILD_UID = 1;
export const HTTPD_START_SERVERS = 3;
/** The redis image's entrypoint drops to the redis user (uid 999) with gosu. */
export const REDIS_UID = 999;

/** One process of a namespace, as `ps` lists it. */
export interface Proc {
  readonly pid: number;
  readonly uid: number;
  /** /proc/PID/cmdline joined by spaces, or the title the program set (nginx's "master process …"). */
  command: string;
  /** The container whose process it is (its files are /proc/PID/root); none for the sandbox's pause. */
  readonly owner?: { readonly state: string; readonly fs?: unknown };
  readonly kind: 'sandbox' | 'main' | 'child' | 'exec' | 'fork';
  /** Set once it ended (the namespace forgets it). */
  gone?: boolean;
}

export class PidNamespace {
  private last = 0;
  private readonly procs: Proc[] = [];

  /** A process the runtime started: the next PID, then runc's init stages take theirs. */
  start(p: Omit<Proc, 'pid'>): Proc {
    const proc = this.add(p);
    this.last += RUNC_INIT_PIDS;
    return proc;
  }

  /** A process forked inside the namespace: the next PID. */
  fork(p: Omit<Proc, 'pid'>): Proc {
    return this.add(p);
  }

  /** Processes that came and went without anyone seeing them (an entrypoint's helpers). */
  skip(n: number): void {
    this.last += n;
  }

  end(proc: Proc): void {
    proc.gone = true;
    const i = this.procs.indexOf(proc);
    if (i >= 0) this.procs.splice(i, 1);
  }

  /** The processes alive now, by PID (a container that exited took its processes with it). */
  list(): Proc[] {
    for (let i = this.procs.length - 1; i >= 0; i--) {
      const p = this.procs[i];
      if (p.owner && p.owner.state !== 'running') { p.gone = true; this.procs.splice(i, 1); }
    }
    return this.procs.slice();
  }

  get(pid: number): Proc | undefined {
    return this.list().find((p) => p.pid === pid);
  }

  /** The lowest PID alive: the namespace's init (its PID 1 unless that one is gone). */
  get init(): Proc | undefined {
    return this.list()[0];
  }

  private add(p: Omit<Proc, 'pid'>): Proc {
    const proc: Proc = { ...p, pid: ++this.last };
    this.procs.push(proc);
    return proc;
  }
}

/** What a container's program runs as: its main process, helpers that came and went, and the children it keeps. */
export interface ProcessShape {
  command: string;
  uid: number;
  /** PIDs used by short-lived helpers between the main process's start and its children. */
  helpers: number;
  children: { command: string; uid: number }[];
}

/**
 * The processes of a container's main program, from its image, argv and the
 * node's CPU count (nginx's `worker_processes auto` starts one worker per CPU
 * the node has: it counts online CPUs, not the container's CPU limit).
 */
export function processShape(image: ImageInfo, argv: readonly string[], program: Program, cpus: number): ProcessShape {
  const uid = image.uid ?? 0;
  if (program.shellArgv) return { command: (program.execArgv ?? program.shellArgv).join(' '), uid, helpers: 0, children: [] };
  const viaEntrypoint = /(^|\/)docker-entrypoint(\.sh)?$/.test(argv[0] ?? '');
  const serverArgv = program.serverArgv ?? (viaEntrypoint ? argv.slice(1) : argv);
  switch (image.program) {
    case 'nginx': {
      const workers = Array.from({ length: Math.max(1, cpus) }, () => ({ command: 'nginx: worker process', uid: NGINX_WORKER_UID }));
      return { command: `nginx: master process ${serverArgv.join(' ')}`, uid, helpers: viaEntrypoint ? NGINX_ENTRYPOINT_PIDS : 0, children: workers };
    }
    case 'httpd': {
      // httpd-foreground removes a stale pid file, then execs `httpd -DFOREGROUND`.
      const command = serverArgv[0] === 'httpd-foreground' ? ['httpd', '-DFOREGROUND', ...serverArgv.slice(1)].join(' ') : serverArgv.join(' ');
      return { command, uid, helpers: serverArgv[0] === 'httpd-foreground' ? 1 : 0, children: Array.from({ length: HTTPD_START_SERVERS }, () => ({ command, uid: HTTPD_CHILD_UID })) };
    }
    case 'redis':
      // redis-server rewrites its title to the address it listens on.
      return { command: serverArgv[0] === 'redis-server' && serverArgv.length === 1 ? 'redis-server *:6379' : serverArgv.join(' '), uid: viaEntrypoint ? REDIS_UID : uid, helpers: 0, children: [] };
    default:
      return { command: serverArgv.join(' '), uid, helpers: 0, children: [] };
  }
}

/** Signal numbers on Linux x86-64 by name, as busybox's kill accepts them (with or without SIG). */
const SIGNALS: Record<string, number> = {
  HUP: 1, INT: 2, QUIT: 3, ILL: 4, TRAP: 5, ABRT: 6, IOT: 6, BUS: 7, FPE: 8, KILL: 9, USR1: 10, SEGV: 11, USR2: 12, PIPE: 13,
  ALRM: 14, TERM: 15, STKFLT: 16, CHLD: 17, CONT: 18, STOP: 19, TSTP: 20, TTIN: 21, TTOU: 22, URG: 23, XCPU: 24, XFSZ: 25,
  VTALRM: 26, PROF: 27, WINCH: 28, IO: 29, POLL: 29, PWR: 30, SYS: 31,
};

/** A signal given as a name (`HUP`, `SIGHUP`, any case) or a number; undefined when kill would not know it. */
export function signalNumber(s: string): number | undefined {
  if (/^\d+$/.test(s)) {
    const n = Number(s);
    return n <= 64 ? n : undefined;
  }
  const name = s.toUpperCase().replace(/^SIG/, '');
  return SIGNALS[name];
}

/** The signal's name as nginx logs it ("SIGHUP"). */
export function signalName(n: number): string {
  for (const [name, v] of Object.entries(SIGNALS)) if (v === n) return `SIG${name}`;
  return `SIG${n}`;
}

/** What a signal without a handler does by default: terminate, or nothing (CHLD, URG, WINCH, CONT), or stop. */
export function defaultAction(n: number): 'terminate' | 'ignore' | 'stop' {
  if (n === 17 || n === 23 || n === 28 || n === 18) return 'ignore';
  if (n === 19 || n === 20 || n === 21 || n === 22) return 'stop';
  return 'terminate';
}

/** busybox's /etc/passwd: the names its `ps` prints for these uids (others print as numbers). */
const BUSYBOX_USERS: Record<number, string> = { 0: 'root', 1: 'daemon', 2: 'bin', 3: 'sys', 4: 'sync', 8: 'mail', 33: 'www-data', 37: 'operator', 65534: 'nobody' };

/** The USER column: the name from the viewing container's /etc/passwd (busybox's when it has none), else the number. */
export function userName(uid: number, passwd: string | undefined): string {
  if (passwd !== undefined) {
    for (const line of passwd.split('\n')) {
      const f = line.split(':');
      if (f.length > 2 && Number(f[2]) === uid && f[2] !== '') return f[0];
    }
    return String(uid);
  }
  return BUSYBOX_USERS[uid] ?? String(uid);
}

/**
 * busybox `ps` (the default `-o pid,user,time,args`): PID right-aligned in 5,
 * USER cut to 8, TIME as m:ss, then the command line. Options other than -o
 * change nothing in busybox's desktop build (`ps ax`, `ps aux`, `ps -ef` print
 * the same). Longer lines are cut at the terminal's width less one when
 * writing to a terminal.
 */
export function formatPs(procs: readonly { pid: number; user: string; command: string }[], width?: number): string {
  const cut = (s: string) => (width !== undefined && s.length > width - 1 ? s.slice(0, width - 1) : s);
  let out = `${cut('PID   USER     TIME  COMMAND')}\n`;
  for (const p of procs) out += `${cut(`${String(p.pid).padStart(5)} ${p.user.slice(0, 8).padEnd(8)}  0:00 ${p.command}`)}\n`;
  return out;
}
