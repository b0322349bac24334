/**
 * containerd on one node: the image store (with serial pulls that take time),
 * pod sandboxes, and containers whose simulated process runs on the virtual
 * clock. The runtime knows nothing about Pods in the API: the kubelet drives
 * it, and it reports container exits back through `onExit` (the PLEG).
 * Containers keep running when the kubelet stops; they die only when the node
 * powers off.
 *
 * Services offered to kubectl and the shell (through Kubelet):
 * - logs: `Container.logs` (every line with its time and stream), `subscribe`
 *   for `kubectl logs -f`; the previous instance is kept by the kubelet.
 * - exec: `exec(container, argv)` runs argv with the container's shell, files
 *   and environment and returns stdout/stderr/exit code plus the simulated
 *   time it took (`durationMs`), or an `error` in containerd's words.
 * - network: `setNetwork(fn)` plugs wget/curl/nslookup inside containers
 *   into the cluster network (written by the networking part), and
 *   `serveHTTP` answers a request arriving at a container port.
 */
import type { EtcdToolContext, EtcdToolResult } from '../etcd/etcdctl.js';
import type { ImageInfo } from '../images/catalogue.js';
import { loadCatalogue, lookupImage, pullDurationMs, rootfsCode, workingDirOf } from '../images/catalogue.js';
import type { VirtualClock } from '../util/clock.js';
import type { Random } from '../util/random.js';
import type { ClientMonitor, MonitorState } from './mysql.js';
import { imagePrograms, LAZY_PROGRAMS, resolveProgram, templateFiller, type HttpRequest, type HttpResponse, type Program, type ProgramHost, type UpstreamAnswer } from './programs.js';
import { ContainerFS, type FileContent } from './container-fs.js';
import { containerShellLoaded, finishShell, loadContainerShell, ShellProcess, shellName, type Finished, type Yield } from './shell-process.js';
import type { InteractiveState, ShellHost, ShellIO } from './shell.js';
import type { AtomicVolume } from './atomic-writer.js';
import { processSecurity, type ProcessSecurity } from './security-context.js';

type ContainerLike = Parameters<typeof processSecurity>[1];
import { lazyModule } from '../util/lazy-module.js';
import { utf8Suffix } from '../util/utf8.js';

const userdb = lazyModule(() => import('../images/userdb.js'));
import { userland } from '../images/userland.js';
import { statusUser } from './pod-status.js';
import { nginxStartLogs, PidNamespaces } from './namespaces.js';
import { oomVictim, pageAligned } from './eviction.js';

export interface LogLine {
  time: number;
  stream: 'stdout' | 'stderr';
  text: string;
}

/**
 * An exec'd process the caller drives step by step on its own clock (kubectl exec): each step gives what the
 * process wrote since the last one and then either the time it now sleeps, code it waits for, or its end.
 */
export interface ExecProcess {
  next(): { writes: Array<[boolean, string]>; sleepMs?: number; load?: Promise<unknown>; exitCode?: number };
  /** The caller went away (Ctrl-C, timeout) or the process ended: its PID is gone. */
  end(): void;
  /** SIGINT from the exec's TTY (Ctrl-C, kubectl exec -it): a shell ends with 130 once its waiting command dies. */
  interrupt(): void;
}

export interface ExecResult {
  stdout: string;
  stderr: string;
  /**
   * Both streams as the process wrote them, in order (true: stderr). A terminal shows them interleaved:
   * `cat missing; echo hi` prints the error before `hi`, which stdout-then-stderr would swap.
   */
  writes?: Array<[boolean, string]>;
  exitCode: number;
  /** Simulated time the command took (its sleeps and network waits). */
  durationMs: number;
  /** Set when the command could not start at all (containerd's message). */
  error?: string;
}

/** The prompt's user (undefined for root) or, with `home`, the home /etc/passwd gives the process's uid. */
function promptUser(sec: ProcessSecurity, c: Container, home = false): string | undefined {
  const uid = sec.runAsUser ?? c.image.account?.uid ?? 0;
  const pw = (c.fs.files.get('/etc/passwd') ?? '').split('\n').map((l) => l.split(':')).find((f) => f.length > 5 && f[2] === String(uid));
  if (home) return pw?.[5] ?? (c.image.account?.uid === uid ? c.image.account.home : '');
  return uid === 0 ? undefined : pw?.[0] ?? (c.image.account?.uid === uid ? c.image.account.name : 'I have no name!');
}

/** A shell kept open in a container (`kubectl exec -it ... -- sh`): one line at a time, state kept between lines. */
export interface ShellSession {
  readonly state: InteractiveState;
  /** The shell binary's name (`sh`, `ash`, `bash`) and the image's kind (busybox/alpine or a bash-based distribution): they decide the prompt. */
  readonly shell: string;
  readonly flavour: 'busybox' | 'bash';
  /** The user the shell runs as when not root (its prompt ends in `$`; bash's `\u` for one without a name is "I have no name!"). */
  readonly user?: string;
  /** busybox's `\w`: the home its passwd entry gives (empty without one: no `~`); undefined: $HOME. */
  readonly home?: string;
  /** Starts one typed line, which the caller drives on its clock as it would an exec'd process. */
  line(src: string): ShellLine;
  /** A program's own prompt (the mysql monitor's `mysql> `), instead of a shell's. */
  prompt?(): string;
  /** What the program prints before its first prompt. */
  banner?: string;
}

/**
 * One line typed into an interactive shell, run as the caller's clock moves: each step gives what the shell wrote
 * since the last one and then the time it now sleeps, code it waits for, or the line's end (`status`, and
 * `exited` when the line ended the shell, `killed` when the container's end took the shell with it).
 */
export interface ShellLine {
  next(): { writes: Array<[boolean, string]>; sleepMs?: number; load?: Promise<unknown>; status?: number; exited?: boolean; killed?: boolean; error?: string };
  /** SIGINT to the foreground job (Ctrl-C on the TTY): the shell abandons the line, keeps what it had done, and $? is 130. */
  interrupt(): void;
}

/** Where an in-container network command comes from. */
export interface ExecOrigin {
  node: string;
  podIP: string;
  namespace: string;
  podName: string;
  /** The container's image (which wget/curl/nslookup it carries). */
  image?: string;
}

/**
 * wget/curl/nslookup/ping inside a container, answered by the cluster network. `prepare` loads what a command
 * needs first (a promise), if anything.
 */
export type NetworkFunction = ((argv: string[], from: ExecOrigin, readFile?: (path: string) => string | undefined, stdoutTTY?: boolean) => NetworkAnswer | undefined)
  & { prepare?(argv: string[]): Promise<unknown> | undefined; machine?: MachineFunction; upstream?: UpstreamFunction; resolve?: ResolveFunction; connect?: ConnectFunction; etcd?: EtcdFunction };

/** etcdctl and etcdutl in the etcd image, against the cluster's etcd (engine/etcd, loaded at their first run). */
export type EtcdFunction = (argv: string[], from: ExecOrigin, ctx: EtcdToolContext) => Promise<EtcdToolResult>;

/** A program's own request to another host (a reverse proxy's upstream), from its container. */
export type UpstreamFunction = (from: ExecOrigin, host: string, port: number, req: HttpRequest) => UpstreamAnswer;

/** A name as a program in the container resolves it (the pod's DNS): its first address, if it has one. */
export type ResolveFunction = (from: ExecOrigin, name: string) => string | undefined;

/** A TCP connection from a container for a client that speaks no HTTP (network.ts connect). */
export type ConnectFunction = (from: ExecOrigin, host: string, port: number) => { container: Container } | { error: 'unknown-host' | 'dns-timeout' | 'refused' | 'timeout' | 'unreachable' };

/** busybox's free, df, nproc, uptime and ip in a container, from its node (a promise while their code loads). */
export type MachineFunction = (argv: string[], from: ExecOrigin) => { stdout: string; stderr: string; exitCode: number } | Promise<void> | undefined;

/** A network command's output, all at once, and as timed pieces (`segments`, for a command that prints as it goes). */
export interface NetworkAnswer {
  stdout: string;
  stderr: string;
  exitCode: number;
  durationMs?: number;
  files?: Record<string, string>;
  segments?: { delayMs: number; stdout?: string; stderr?: string }[];
}

/** Simulation controls on one container (the `sim` command and the page set these). */
export interface Injections {
  failLiveness?: boolean;
  failReadiness?: boolean;
  /** The app stops answering: HTTP and gRPC probes time out, TCP still connects. */
  hang?: boolean;
  leakBytesPerSec?: number;
  leakSince?: number;
  leakBase?: number;
  /** Requests per second sent to the app (CPU load). */
  loadRps?: number;
  /** Extra CPU burned regardless of requests. */
  cpuMilli?: number;
}

export interface StartOptions {
  podUID: string;
  podName: string;
  /** The pod's hostname when it is not its name (spec.hostname, the node's for hostNetwork). */
  hostname?: string;
  /** What the kubelet's /etc/hosts adds: the subdomain's domain (`web.default.svc.cluster.local`), spec.hostAliases. */
  hostsExtra?: { domain?: string; aliases?: { ip?: string; hostnames?: string[] }[] };
  namespace: string;
  podIP: string;
  name: string;
  attempt: number;
  image: ImageInfo;
  argv: string[];
  env: Record<string, string>;
  memoryLimit?: number;
  cpuLimitMilli?: number;
  /** Its CPU request: the weight it gets while the node's CPU is contended. */
  cpuRequestMilli?: number;
  /** Files the kubelet writes into the container (resolv.conf). */
  mounts?: Record<string, FileContent>;
  /** ConfigMap, Secret and projected volumes, laid out by the AtomicWriter when the container's files are first read. */
  volumes?: AtomicVolume[];
  /** The container's volume mounts (the spec's own list): what the image has under a mount path is hidden by the volume. */
  volumeMounts?: readonly { mountPath: string; subPath?: string }[];
  /** Set only for a container that mounts a PersistentVolumeClaim: the file maps that keep its paths in the volume. */
  fsMaps?: { files: Map<string, string>; dirs: Set<string>; hides(path: string): boolean };
  /** The container's stdin is open (spec stdin, not yet closed by a stdinOnce attach). */
  stdin?: boolean;
  /** Set only for a pod with `shareProcessNamespace: true`: the sandbox's pause is PID 1 of one namespace for all. */
  shareProcessNamespace?: boolean;
  /** Set only for an ephemeral container with `targetContainerName`: it joins that container's PID namespace. */
  targetContainer?: string;
  /** Mount paths of the pod's emptyDir volumes: the kubelet makes each a 0777 directory (setgid, group fsGroup, with an fsGroup). */
  emptyDirs?: string[];
  /** Set only when the pod or the container has a securityContext: the processes' identity and privileges. */
  security?: ProcessSecurity;
}

/** Whether the process's user and groups come from the image's files or a named account, or the securityContext sets them. */
function namesUsers(image: ImageInfo, sec: ProcessSecurity | undefined): boolean {
  return !!(image.account || userland(image) || sec?.runAsUser !== undefined || sec?.runAsGroup !== undefined || sec?.groups);
}

/** Holds the clock while the rest of the image catalogue loads, then goes on at the same simulated instant. */
function afterCatalogue(clock: VirtualClock, then: () => void): void {
  const release = clock.hold();
  void loadCatalogue().then(() => {
    release();
    then();
  }, release);
}

/**
 * Loads the user files and the code that reads them when a container of the pod needs them (namesUsers),
 * before it is created: the sandbox takes SANDBOX_MS of simulated time first, and the clock waits for the load.
 */
export function needUserFiles(clock: VirtualClock, pod: Parameters<typeof processSecurity>[0], specs: readonly (ContainerLike & { image?: string })[]): void {
  if (userdb.loaded()) return;
  for (const s of specs) {
    const r = s.image ? lookupImage(s.image) : undefined;
    // What the image is comes with the rest of the catalogue: the sandbox waits for both.
    if (r && !r.ok && r.pending) return afterCatalogue(clock, () => needUserFiles(clock, pod, specs));
    if (r?.ok && namesUsers(r.image, processSecurity(pod, s))) {
      const release = clock.hold();
      void userdb.load().then(release, release);
      return;
    }
  }
}

/**
 * The user containerd puts in a container's spec when it creates it, as ContainerStatus reports it (statusUser's
 * shared object); undefined until the image's user files are loaded, which needUserFiles sees to first.
 */
function createdUser(image: ImageInfo, sec: ProcessSecurity | undefined): object | undefined {
  if (!namesUsers(image, sec)) {
    // The image's numeric USER (pause: 65535:65535) or root, and no /etc/group to add anything.
    const id = image.uid ?? 0;
    return statusUser(id, id, [id]);
  }
  const db = userdb.loaded();
  if (!db) return void userdb.load();
  const files = db.userFiles(image);
  const who = db.identityOf(sec, image.account, files?.passwd, files?.group);
  return statusUser(who.uid, who.gid, who.groups);
}

/** A failed start leaves the created container behind: its ID and the user its spec names. */
export type StartResult = { ok: true; container: Container } | { ok: false; error: string; id: string; user?: object };

const OOM_EXIT_CODE = 137;
const SIGKILL_EXIT_CODE = 137;
const REQUEST_WINDOW_MS = 15_000;
/** An exec that sleeps longer is cut off (exit 130): a learner would press Ctrl-C long before. */
const EXEC_LIMIT_MS = 24 * 3_600_000;
/** containerd's max_container_log_line_size: a longer line is split into partial entries. */
const MAX_LOG_LINE = 16 * 1024;
const INTERACTIVE_SHELL_NAME = /^(ba|a|da)?sh$/;

/** kubecontainer's MaxContainerTerminationMessageLength and MaxContainerTerminationMessageLogLength. */
const MAX_TERMINATION_MESSAGE = 4096;
const MAX_TERMINATION_LOG_BYTES = 2048;

const NO_LINES: readonly LogLine[] = Object.freeze([]);
const NO_INJECTIONS: Readonly<Injections> = Object.freeze({});

export class Container implements ProgramHost {
  private files?: ContainerFS;
  state: 'running' | 'exited' = 'running';
  /** How the process ended, once it has (one object then, rather than four members every running container carries). */
  private ended?: { finishedAt: number; exitCode: number; reason: string; message?: string; termination?: string };
  terminating = false;
  /** `kubectl logs -f` followers; made for the few containers that have one. */
  private subs?: Set<(l: LogLine) => void>;
  /** Log followers told when the process ends (their stream ends with it). */
  private endSubs?: Set<() => void>;
  /** Raw writes to the container's TTY, as an attached terminal sees them (no line buffering). */
  private ttySubs?: Set<(text: string) => void>;
  /**
   * SIGINT to the foreground process group of the container's TTY (Ctrl-C from an attached terminal) while its
   * main process is a shell script: the running command dies of it; the shell, PID 1 without a handler, does not.
   */
  interruptForeground?: () => void;
  /*
   * The lines written, the simulation controls, the process's timers and the recent requests are made when
   * first needed: most containers of a large cluster (a pause container) never log, are never injected into,
   * set no timer and get no request, and four empty lists or objects would cost ~150 bytes each.
   */
  private lines?: LogLine[];
  private injected?: Injections;
  private timerIds?: number[];
  private requests?: number[];
  /** The image's /etc/passwd and /etc/group were put in (installUserFiles). */
  userFilesIn?: boolean;
  /** @internal What the runtime's kept working set counts for this container (its page-aligned memory while running). */
  countedBytes = 0;
  private madeUser?: object;
  upstreamIP?: string;
  /** Set when a script became a server (`sleep 20; exec nginx`); until then the program started with the container. */
  private programStart?: number;
  /** The mysql client's connection, when its program is one: the TTY's lines go to it (openShell). */
  monitor?: MonitorState;

  constructor(
    readonly id: string,
    readonly opts: StartOptions,
    public program: Program,
    readonly startedAt: number,
    private readonly clock: VirtualClock,
    /** Told of the first request, which makes the CPU use follow the traffic (see ContainerRuntime.usageStamp). */
    private readonly owner?: { requested(c: Container): void; upstream?(c: Container, host: string, port: number, req: HttpRequest): UpstreamAnswer | undefined; connect?(c: Container, host: string, port: number): ReturnType<ConnectFunction> | undefined },
  ) {}

  upstream(host: string, port: number, req: HttpRequest): UpstreamAnswer {
    return this.owner?.upstream?.(this, host, port, req) ?? { error: 'unresolved', ms: 0 };
  }

  connect(host: string, port: number): ReturnType<ConnectFunction> {
    return this.owner?.connect?.(this, host, port) ?? { error: 'unknown-host' };
  }

  get hostname(): string { return this.opts.hostname ?? this.opts.podName; }

  /** New payloads of the container's volumes (kubelet refreshVolumes): one that changed replaces the old one. */
  refreshVolumes(vols: AtomicVolume[]): void {
    const current = this.opts.volumes ?? [];
    for (const v of vols) {
      const i = current.findIndex((o) => o.dir === v.dir);
      if (i < 0 || JSON.stringify([current[i].files, current[i].modes]) === JSON.stringify([v.files, v.modes])) continue;
      current[i] = v;
      this.files?.rewriteAtomic(v);
    }
  }

  /** Who containerd made the process when it created the container (createdUser). */
  get user(): object | undefined {
    return (this.madeUser ??= createdUser(this.image, this.opts.security));
  }
  get podIP(): string { return this.opts.podIP; }
  get finishedAt(): number | undefined { return this.ended?.finishedAt; }
  get exitCode(): number | undefined { return this.ended?.exitCode; }
  get reason(): string | undefined { return this.ended?.reason; }
  get message(): string | undefined { return this.ended?.message; }

  /** When the current program started. */
  get programStartedAt(): number {
    return this.programStart ?? this.startedAt;
  }

  set programStartedAt(at: number) {
    this.programStart = at;
  }

  /**
   * The termination message the kubelet reports for this exited container (kuberuntime's getTerminationMessage):
   * the last 4096 bytes of the file at terminationMessagePath, else, under FallbackToLogsOnError after a non-zero
   * exit, the last 2048 bytes of the last 80 log lines; read once, as the file no longer changes.
   */
  terminationMessage(path: string | undefined, policy: string | undefined): string | undefined {
    const ended = this.ended;
    if (!ended) return undefined;
    if (ended.termination !== undefined) return ended.termination || undefined;
    // Files are made when first touched: a container whose files nobody touched wrote no message.
    const written = path && this.files ? utf8Suffix(this.files.files.get(path) ?? '', MAX_TERMINATION_MESSAGE) : '';
    let text = written;
    if (!text && policy === 'FallbackToLogsOnError' && ended.exitCode !== 0) {
      const lines = this.logs;
      text = utf8Suffix(lines.slice(-80).map((l) => `${l.text}\n`).join(''), MAX_TERMINATION_LOG_BYTES);
    }
    ended.termination = text;
    return text || undefined;
  }

  /** The process ended at `at` (called by the runtime). */
  end(at: number, exitCode: number, reason: string, message: string | undefined): void {
    this.state = 'exited';
    this.ended = message === undefined ? { finishedAt: at, exitCode, reason } : { finishedAt: at, exitCode, reason, message };
    if (this.endSubs) for (const f of [...this.endSubs]) f();
  }

  /**
   * The container's files: the image's, the mounts as they were at start, /etc/hostname and /etc/hosts.
   * Built when a shell, probe or program first reads them: most containers of a large cluster never are.
   */
  get fs(): ContainerFS {
    const o = this.opts;
    if (this.files) return this.files;
    const under = o.volumeMounts?.filter((m) => !m.subPath).map((m) => m.mountPath.replace(/\/+$/, ''));
    const image = under?.length ? Object.fromEntries(Object.entries(o.image.files).filter(([p]) => !under.some((m) => p.startsWith(`${m}/`)))) : o.image.files;
    this.files = new ContainerFS({ ...image, ...(o.mounts ?? {}), '/etc/hostname': `${this.hostname}\n`, '/etc/hosts': managedHosts(o.podIP, this.hostname, o.hostsExtra) }, o.fsMaps, rootfsCode.loaded()?.treeOf(o.image));
    for (const m of under ?? []) this.files.mkdirp(m);
    // An emptyDir is a 0777 directory; with an fsGroup the kubelet gives it that group and the setgid bit.
    const sec = o.security;
    for (const d of o.emptyDirs ?? []) {
      (this.files.dirStats ??= new Map()).set(d, { mode: sec?.fsGroup !== undefined ? 'drwxrwsrwx' : 'drwxrwxrwx', size: 4096, nlink: 2 });
      if (sec?.fsGroup) (this.files.owners ??= new Map()).set(d, [0, sec.fsGroup]);
    }
    for (const v of o.volumes ?? []) this.files.atomicWrite(v);
    // The image's WORKDIR exists in it (curlimages/curl: the user's home; redis: /data).
    const workdir = workingDirOf(o.image);
    if (workdir !== '/') this.files.mkdirp(workdir);
    return this.files;
  }

  /** Every line written (time, stream, text), oldest first: for reading only (before the first line, a frozen empty list). */
  get logs(): LogLine[] {
    return this.lines ?? (NO_LINES as LogLine[]);
  }

  /** Simulation controls on this container (the `sim` command and the page set them). */
  get inj(): Injections {
    return (this.injected ??= {});
  }

  /** Clock timers of the process (its exit, a signal's effect): cancelled when it ends. */
  get timers(): number[] {
    return (this.timerIds ??= []);
  }

  set timers(ids: number[]) {
    this.timerIds = ids;
  }

  /** Runs `fn` after `ms` while the process lives (a server's own periodic work: redis's background saves). */
  after(ms: number, fn: () => void): void {
    this.timers.push(this.clock.schedule(ms, fn));
  }

  /** Cancels the process's timers (it ended). */
  cancelTimers(): void {
    const ids = this.timerIds;
    if (!ids) return;
    this.timerIds = undefined;
    for (const t of ids) this.clock.cancel(t);
  }

  get name(): string { return this.opts.name; }
  get image(): ImageInfo { return this.opts.image; }

  now(): number { return this.clock.now(); }

  readFile(path: string): string | undefined {
    return this.fs.files.get(path);
  }

  isDir(path: string): boolean {
    return this.fs.dirs.has(path);
  }

  log(text: string, stream: 'stdout' | 'stderr' = 'stdout'): void {
    const line = { time: this.clock.now(), stream, text };
    const lines = (this.lines ??= []);
    lines.push(line);
    // Long-running chatty containers keep the last lines only, as the kubelet's log rotation does.
    if (lines.length > 5000) lines.splice(0, lines.length - 4000);
    if (this.subs) for (const s of this.subs) s(line);
  }

  /** What the main process writes, as it writes it (an attached TTY); returns an unsubscribe function. */
  subscribeTTY(fn: (text: string) => void): () => void {
    const subs = (this.ttySubs ??= new Set());
    subs.add(fn);
    return () => subs.delete(fn);
  }

  /** The main process wrote `text` (to stdout or stderr: with a TTY both are the terminal). */
  wrote(text: string): void {
    if (this.ttySubs) for (const s of this.ttySubs) s(text);
  }

  /** New log lines as they are written (`kubectl logs -f`); returns an unsubscribe function. */
  subscribe(fn: (l: LogLine) => void, ended?: () => void): () => void {
    const subs = (this.subs ??= new Set());
    subs.add(fn);
    if (ended) (this.endSubs ??= new Set()).add(ended);
    return () => { subs.delete(fn); if (ended) this.endSubs!.delete(ended); };
  }

  /** Ports accepting connections now. */
  listening(port: number): boolean {
    return this.state === 'running' && this.clock.now() >= this.programStartedAt + this.program.readyAfterMs && this.program.ports.includes(port);
  }

  memoryBytes(now = this.clock.now()): number {
    if (this.state !== 'running') return 0;
    let m = this.image.memoryBytes + this.program.extraMemoryBytes;
    const inj = this.injected ?? NO_INJECTIONS;
    if (inj.leakBytesPerSec) m += (inj.leakBase ?? 0) + (inj.leakBytesPerSec * Math.max(0, now - (inj.leakSince ?? now))) / 1000;
    else if (inj.leakBase) m += inj.leakBase;
    return Math.round(m);
  }

  /** CPU in millicores, throttled at the limit by CFS quota. */
  cpuMilli(now = this.clock.now()): number {
    if (this.state !== 'running') return 0;
    const requests = this.requests;
    while (requests?.length && requests[0] < now - REQUEST_WINDOW_MS) requests.shift();
    const inj = this.injected ?? NO_INJECTIONS;
    const rps = (inj.loadRps ?? 0) + (requests?.length ?? 0) / (REQUEST_WINDOW_MS / 1000);
    const use = this.image.cpuMilli + this.program.extraCpuMilli + (inj.cpuMilli ?? 0) + rps * this.image.cpuPerRequestMilli;
    return Math.round(this.opts.cpuLimitMilli ? Math.min(use, this.opts.cpuLimitMilli) : use);
  }

  /**
   * How long answering one request takes: its CPU cost (cpuPerRequestMilli
   * core-ms) stretched by the CFS quota. hpa-example's 200 core-ms under a 500m
   * limit take 400 ms, so the walkthrough's one-at-a-time wget loop sends about
   * 2.4 requests/s in all (~490m), however many replicas share them.
   */
  serviceMs(): number {
    const perRequest = this.image.cpuPerRequestMilli;
    if (!perRequest) return 0;
    return Math.round((perRequest * 1000) / (this.opts.cpuLimitMilli ?? 1000));
  }

  /** The injected memory leak in bytes per second (0 without one). */
  leakRate(): number {
    return this.injected?.leakBytesPerSec ?? 0;
  }

  recordRequest(): void {
    if (!this.requests) this.owner?.requested(this);
    const requests = (this.requests ??= []);
    requests.push(this.clock.now());
    if (requests.length > 100_000) requests.splice(0, 50_000);
  }
}

interface PullWaiter {
  image: string;
  enqueuedAt: number;
  cb: (r: PullResult) => void;
}

export type PullResult =
  | { ok: true; image: ImageInfo; pullMs: number; totalMs: number }
  | { ok: false; error: string };

const NO_CONTAINERS: readonly Container[] = [];
/** What an idle runtime shows until its first image or container (read only: the runtime writes only maps of its own). */
const NO_IMAGES: ReadonlyMap<string, ImageInfo> = new Map();
const NO_CONTAINER_MAP: ReadonlyMap<string, Container> = new Map();

/** How long the registry takes to say a reference does not exist. */
const PULL_FAILURE_MS = 1_200;

export class ContainerRuntime {
  /*
   * The maps, the pull queue and the PID namespaces are made when first needed: most of the kubelets of a large
   * cluster are idle (no image, no container), and each of these cost every one of them ~0.1-0.6 KB.
   */
  private imageMap?: Map<string, ImageInfo>;
  private containerMap?: Map<string, Container>;
  /** The same containers by pod UID, in creation order: a node with thousands of pods must not scan them all per pod. */
  private byPod?: Map<string, Container[]>;
  private queue?: PullWaiter[];
  private pulling = false;
  private network?: NetworkFunction;
  /** The image programs' code could not be loaded (offline): pulls go on without it. */
  /** A tree's load failed (offline): later pulls run without one. */
  private treesFailed?: boolean;
  private programsFailed?: boolean;
  /** The containers' shell failed to load with a pull (offline): pulls go on, and its first process loads it again. */
  private shellFailed?: boolean;
  /** The PLEG: called when a container's process ends. */
  onExit?: (c: Container) => void;
  /** A container's process started (what runs in it may announce itself: kube-proxy's birth cry). */
  onStarted?: (c: Container) => void;
  /** The node's CPUs, as a process counts them (nginx's `worker_processes auto`). */
  cpus = 2;
  private pidNamespaces?: PidNamespaces;
  /**
   * The machine's memory and what its system daemons take of it: set by the kubelet, they let the kernel's OOM
   * killer act when a leak fills the node before the eviction manager looks again.
   */
  memoryCapacity?: number;
  systemMemoryBytes = 0;
  /** The oom_score_adj the kubelet gave a container (policy.go); 0 when it says nothing. */
  oomScoreAdj?: (c: Container) => number;
  /** The kernel killed `victim` for the whole node (the kubelet's OOM watcher reads it from the kernel log). */
  onSystemOOM?: (victim: Container, pid: number) => void;
  /** Bumped when a container starts, ends or changes its memory behaviour (metrics-server's usage stamp; the kept working set follows it through recount). */
  private memoryEpoch = 0;
  private workingSet?: { epoch: number; bytes: number };
  /** Running containers whose memory grows (an injected leak), made with the first. */
  private leaking?: Set<Container>;
  /** Running containers that have been sent requests (their CPU use follows the last minute's rate), made with the first. */
  private serving?: Set<Container>;
  private nodeOOMTimer?: number;

  /** Images present on the node, by normalized name. */
  get images(): ReadonlyMap<string, ImageInfo> {
    return this.imageMap ?? NO_IMAGES;
  }

  get containers(): ReadonlyMap<string, Container> {
    return this.containerMap ?? NO_CONTAINER_MAP;
  }

  /** PID namespaces, made when first needed. */
  private get pids(): PidNamespaces {
    return (this.pidNamespaces ??= new PidNamespaces({
      cpus: () => this.cpus,
      now: () => this.clock.now(),
      exit: (c, code, reason) => this.exit(c, code, reason),
      later: (c, ms, fn) => { c.timers.push(this.clock.schedule(ms, fn)); },
      podContainers: (uid) => this.containersOfPod(uid),
    }));
  }

  constructor(private readonly clock: VirtualClock, private readonly random: Random, readonly nodeName: string) {}

  setNetwork(fn: NetworkFunction | undefined): void {
    this.network = fn;
  }

  hasImage(image: string): ImageInfo | undefined {
    const r = lookupImage(image);
    if (!r.ok) return undefined;
    return this.images.get(r.image.name);
  }

  /** Pre-loads images (what kubeadm pulled before `init`), without events. */
  preload(image: string): void {
    const r = lookupImage(image);
    if (r.ok) (this.imageMap ??= new Map()).set(r.image.name, r.image);
  }

  /**
   * Pulls one image. Pulls are serial per node (the kubelet's default
   * serializeImagePulls), so a waiting pull reports "including waiting" time.
   */
  pull(image: string, cb: (r: PullResult) => void): void {
    (this.queue ??= []).push({ image, enqueuedAt: this.clock.now(), cb });
    this.kick();
  }

  private kick(): void {
    if (this.pulling) return;
    const next = this.queue?.[0];
    if (!next) return;
    const r = lookupImage(next.image);
    // Not a boot image: the pull starts once the rest of the catalogue is in, at this same simulated instant.
    if (!r.ok && r.pending) return afterCatalogue(this.clock, () => this.kick());
    // An image with a shell: the interpreter comes with its pull, the clock held, so that the container's main
    // process, its exec probes and hooks start with it there, as in a lab that has loaded it (shell-process.ts).
    if (r.ok && !containerShellLoaded() && !this.shellFailed && r.image.binaries.has('sh')) {
      const release = this.clock.hold();
      void loadContainerShell().then(() => { this.shellFailed = !containerShellLoaded(); release(); this.kick(); });
      return;
    }
    // An image whose programs have code of their own (mysql, the tutorials' web apps): that code comes with the pull, the clock held.
    // An image with a file tree: the tree comes with its pull, the clock held (offline before it came: the
    // catalogue's list of its programs answers, and the usual folders stand for its files).
    if (r.ok && r.image.rootfs && !this.treesFailed) {
      const m = rootfsCode.loaded();
      const loading = m ? m.loadTrees(r.image) : rootfsCode.load();
      if (loading) {
        const release = this.clock.hold();
        void loading.catch(() => { this.treesFailed = true; }).finally(() => { release(); this.kick(); });
        return;
      }
    }
    if (r.ok && LAZY_PROGRAMS.has(r.image.program) && !imagePrograms.loaded() && !this.programsFailed) {
      const release = this.clock.hold();
      // Offline before it came: the pull goes on, and the image runs as a plain server.
      void imagePrograms.load().catch(() => { this.programsFailed = true; }).finally(() => { release(); this.kick(); });
      return;
    }
    this.queue!.shift();
    this.pulling = true;
    const started = this.clock.now();
    const duration = r.ok ? (this.images.has(r.image.name) ? 400 : pullDurationMs(r.image)) : PULL_FAILURE_MS;
    this.clock.schedule(duration, () => {
      this.pulling = false;
      if (r.ok) (this.imageMap ??= new Map()).set(r.image.name, r.image);
      const now = this.clock.now();
      try {
        next.cb(r.ok ? { ok: true, image: r.image, pullMs: now - started, totalMs: now - next.enqueuedAt } : { ok: false, error: r.error });
      } finally {
        this.kick();
      }
    });
  }

  newContainerID(): string {
    return this.random.hex(64);
  }

  /** Creates and starts a container; a missing executable fails as runc does (StartError, exit code 128). */
  start(opts: StartOptions): StartResult {
    const id = this.newContainerID();
    const now = this.clock.now();
    const fill = templateFiller({ now, podIP: opts.podIP, podName: opts.podName, hostname: opts.hostname });
    const resolved = resolveProgram(opts.image, opts.argv, fill, opts.env);
    if (!resolved.ok) return { ok: false, error: resolved.error, id, user: createdUser(opts.image, opts.security) };
    const c = new Container(id, opts, resolved.program, now, this.clock, this);
    (this.containerMap ??= new Map()).set(id, c);
    const siblings = (this.byPod ??= new Map()).get(opts.podUID);
    if (siblings) siblings.push(c);
    else this.byPod!.set(opts.podUID, [c]);
    if (opts.shareProcessNamespace || opts.targetContainer) this.pids.started(c);
    let p = resolved.program;
    if (p.begin) p = c.program = this.begin(c, p);
    // nginx logs its own PID and its workers': where it runs decides them.
    for (const l of p.startLogs.length && opts.image.program === 'nginx' && !p.shellArgv ? nginxStartLogs(p.startLogs, this.pids.pidsOf(c)) : p.startLogs) c.log(l);
    // A bare shell whose stdin is open (kubectl run -it … -- sh) waits for what the attached terminal types.
    const readsStdin = !!opts.stdin && p.shellArgv?.length === 1 && INTERACTIVE_SHELL_NAME.test(p.shellArgv[0].split('/').pop()!);
    if (p.upstreamName) c.upstreamIP = this.network?.resolve?.(this.originOf(c), p.upstreamName);
    if (p.shellArgv) { if (!readsStdin) this.runScript(c, p.shellArgv); }
    else if (p.upstreamName && !c.upstreamIP) {
      c.timers.push(this.clock.schedule(10, () => {
        for (const l of imagePrograms.loaded()?.upstreamNotFound(p.upstreamName!, this.clock.now()) ?? []) c.log(l, 'stderr');
        this.exit(c, 1, 'Error');
      }));
    } else if (p.exitAfterMs !== undefined) {
      c.timers.push(this.clock.schedule(p.exitAfterMs, () => {
        if (p.exitLogs) for (const l of p.exitLogs) c.log(l.text, l.stream);
        this.exit(c, p.exitCode ?? 0, p.exitCode ? 'Error' : 'Completed');
      }));
    }
    this.checkMemory(c);
    if (this.onStarted && c.state === 'running') this.onStarted(c);
    return { ok: true, container: c };
  }

  /** A program that looks at its files or the network as it starts: its lines as they come, then its end or its port. */
  private begin(c: Container, p: Program): Program {
    const network = this.network;
    const from = { node: this.nodeName, podIP: c.podIP, namespace: c.opts.namespace, podName: c.opts.podName, image: c.image.name };
    const plan = p.begin!({
      now: this.clock.now(), stdin: !!c.opts.stdin, podIP: c.podIP, fs: c.fs, self: c,
      connect: (host, port) => network?.connect?.(from, host, port) ?? { error: 'unknown-host' },
    });
    for (const l of plan.logs) {
      if (l.afterMs <= 0) c.log(l.text, l.stream);
      else c.timers.push(this.clock.schedule(l.afterMs, () => c.log(l.text, l.stream)));
    }
    if (plan.monitor) c.monitor = plan.monitor;
    const out: Program = { ...p, begin: undefined };
    if (plan.readyAfterMs !== undefined) out.readyAfterMs = plan.readyAfterMs;
    if (plan.exit) { out.exitAfterMs = plan.exit.afterMs; out.exitCode = plan.exit.code; }
    return out;
  }

  /**
   * The image's /etc/passwd and /etc/group go in with the first shell that runs there (their lists load then):
   * undefined once they are in, or a promise while their code loads (the shell holds the clock meanwhile).
   */
  private installUserFiles(c: Container): Promise<unknown> | undefined {
    if (c.userFilesIn) return undefined;
    const db = userdb.loaded();
    if (!db) return userdb.load();
    c.userFilesIn = true;
    const files = db.userFiles(c.image);
    if (!files) return undefined;
    const fs = c.fs;
    // What the image's own files or a mount put there stays.
    if (!fs.files.has('/etc/passwd')) fs.files.set('/etc/passwd', files.passwd);
    if (!fs.files.has('/etc/group')) fs.files.set('/etc/group', files.group);
    return undefined;
  }

  /** What a shell in `c` sees; `pid` is the shell's own process (an exec), the main process when absent. */
  private shellHost(c: Container, main = false, pid?: number): ShellHost {
    const pids = this.pids;
    const from = () => this.originOf(c);
    return {
      get pid() { return pid ?? pids.main(c)?.pid ?? 1; },
      spawn: (argv) => (c.state === 'running' ? pids.fork(c, argv).pid : undefined),
      reap: (p) => pids.end(c, p),
      execed: (argv) => {
        // The main process's new command line outlives a namespace made later.
        if (pid === undefined && c.program.shellArgv) c.program = { ...c.program, execArgv: argv };
        pids.execed(c, pid, argv);
      },
      procRoot: (p) => pids.root(c, p),
      serve: main ? (argv, viaExec) => this.becomeServer(c, argv, viaExec) : undefined,
      env: c.opts.env,
      hostname: c.hostname,
      hasBinary: (b, cwd) => this.hasProgram(c, b, cwd),
      ...(c.fs.lower ? { simulated: (b: string) => c.image.binaries.has(b) || c.image.binaries.has(b.slice(b.lastIndexOf('/') + 1)), imageVersion: c.image.version } : undefined),
      user: c.image.account,
      workingDir: workingDirOf(c.image),
      ...(c.opts.security ? { security: c.opts.security } : undefined),
      prepare: () => this.installUserFiles(c),
      process: (p) => {
        const x = pids.process(c, p);
        return x && { uid: x.uid, command: x.command, main: x.main, security: x.owner?.opts.security };
      },
      // The bash image is Alpine's busybox with bash added: its sh and tools are busybox's.
      flavour: c.image.binaries.has('bash') && !c.image.binaries.has('ash') ? 'bash' : 'busybox',
      fs: c.fs,
      now: () => this.clock.now(),
      processes: () => pids.list(c),
      kill: (target, signo, from) => pids.kill(c, target, signo, from),
      network: this.network ? (argv, readFile, stdoutTTY) => this.network!(argv, from(), readFile, stdoutTTY) : undefined,
      machine: this.network?.machine && ((argv) => this.network!.machine!(argv, from())),
      client: (argv, tty) => imagePrograms.loaded()?.imageClient(c, argv, tty),
      etcd: this.network?.etcd && ((argv, x) => this.network!.etcd!(argv, from(), x)),
      prepareNetwork: this.network?.prepare,
    };
  }

  /** Drives a container's main shell process on the virtual clock. */
  private runScript(c: Container, argv: string[]): void {
    const shell = new ShellProcess(this.shellHost(c, true), shellName(argv[0]));
    let outBuf = '';
    let errBuf = '';
    const flush = (final = false) => {
      const emit = (buf: string, stream: 'stdout' | 'stderr') => {
        const parts = buf.split('\n');
        let rest = final ? '' : parts.pop()!;
        // containerd writes a line that reaches 16 KiB without its newline as a partial entry.
        while (rest.length >= MAX_LOG_LINE) { parts.push(rest.slice(0, MAX_LOG_LINE)); rest = rest.slice(MAX_LOG_LINE); }
        for (const l of final ? parts.filter((x, i) => i < parts.length - 1 || x !== '') : parts) c.log(l, stream);
        return rest;
      };
      outBuf = emit(outBuf, 'stdout');
      errBuf = emit(errBuf, 'stderr');
    };
    const gen = shell.run(argv, { stdout: (t) => { outBuf += t; c.wrote(t); }, stderr: (t) => { errBuf += t; c.wrote(t); } });
    /** The timer that resumes the script after its current wait. */
    let resume: number | undefined;
    let loading = false;
    const step = () => {
      resume = undefined;
      loading = false;
      if (c.state !== 'running') return;
      let r: IteratorResult<Yield, number>;
      try {
        r = gen.next();
      } catch {
        r = { done: true, value: 1 };
      }
      flush(r.done);
      if (r.done) {
        c.interruptForeground = undefined;
        this.exit(c, r.value, exitReason(r.value));
        return;
      }
      if (r.value.load) {
        // Code loads: simulated time waits, and the process goes on at this same instant.
        const release = this.clock.hold();
        loading = true;
        void r.value.load.then(() => {
          release();
          try {
            step();
          } catch (e) {
            this.clock.errors.push(e);
          }
        });
        return;
      }
      // Infinity: the process became a server and runs until it is stopped.
      if (Number.isFinite(r.value.sleepMs)) {
        resume = this.clock.schedule(r.value.sleepMs, step);
        c.timers.push(resume);
      }
    };
    c.interruptForeground = () => {
      // While code loads the script has not reached its next wait: the signal waits for it there.
      if (c.state !== 'running' || !shell.interrupt() || loading) return;
      // The waiting command ends now: the script goes on at this instant.
      if (resume !== undefined) this.clock.cancel(resume);
      step();
    };
    // The process starts right after the container; its first output is stamped at start.
    step();
  }

  /**
   * The main script starts the image's server (`sh -c "sleep 20; exec nginx -g 'daemon off;'"`):
   * from now on the container listens, answers and logs as that server, once
   * the server's own start-up time has passed. After `exec` the server is PID 1
   * and handles SIGTERM itself; run in the foreground, the shell stays PID 1
   * and, without a handler, ignores SIGTERM (the grace period ends it).
   */
  private becomeServer(c: Container, argv: string[], viaExec: boolean): boolean {
    if (c.state !== 'running') return false;
    const now = this.clock.now();
    const r = resolveProgram(c.image, argv, templateFiller({ now, podIP: c.podIP, podName: c.opts.podName, hostname: c.hostname }), c.opts.env);
    if (!r.ok || r.program.shellArgv || r.program.exitAfterMs !== undefined || (!r.program.http && r.program.ports.length === 0)) return false;
    c.program = { ...r.program, sigterm: viaExec ? r.program.sigterm : c.program.sigterm, shellArgv: viaExec ? undefined : c.program.shellArgv, serverArgv: argv };
    c.programStartedAt = now;
    this.pids.becameServer(c, viaExec);
    for (const l of r.program.startLogs.length && c.image.program === 'nginx' ? nginxStartLogs(r.program.startLogs, this.pids.pidsOf(c)) : r.program.startLogs) c.log(l);
    this.checkMemory(c);
    return true;
  }

  /** @internal A container's first request. */
  requested(c: Container): void {
    if (c.state === 'running') (this.serving ??= new Set()).add(c);
  }

  upstream(c: Container, host: string, port: number, req: HttpRequest): UpstreamAnswer | undefined {
    return this.network?.upstream?.(this.originOf(c), host, port, req);
  }

  connect(c: Container, host: string, port: number): ReturnType<ConnectFunction> | undefined {
    return this.network?.connect?.(this.originOf(c), host, port);
  }

  /** Where a command or request from `c` comes from, for the cluster network. */
  private originOf(c: Container): ExecOrigin {
    return { node: this.nodeName, podIP: c.podIP, namespace: c.opts.namespace, podName: c.opts.podName, image: c.image.name };
  }

  /**
   * What metrics-server reads of the running containers (which they are, in order, and what each uses) is the
   * same for two equal stamps. The epoch moves whenever a container starts, ends or changes how it uses CPU or
   * memory (a new program, an injection); while something leaks or serves requests, its use moves with time
   * alone, and there is no stamp.
   */
  usageStamp(): number | undefined {
    return this.leaking?.size || this.serving?.size ? undefined : this.memoryEpoch;
  }

  /**
   * UpdateContainerResources: a running container's cgroup takes new limits in place (an in-place resize). A
   * memory limit now under what the process uses is enforced as the kernel would, by the OOM killer.
   */
  updateResources(c: Container, r: Pick<StartOptions, 'memoryLimit' | 'cpuLimitMilli' | 'cpuRequestMilli'>): void {
    const o = c.opts as { memoryLimit?: number; cpuLimitMilli?: number; cpuRequestMilli?: number };
    o.memoryLimit = r.memoryLimit;
    o.cpuLimitMilli = r.cpuLimitMilli;
    o.cpuRequestMilli = r.cpuRequestMilli;
    this.checkMemory(c);
  }

  /** Checks the memory limit now and schedules the moment a leak crosses it. */
  checkMemory(c: Container): void {
    const kept = this.keptWorkingSet();
    this.memoryEpoch++;
    if (c.state === 'running' && c.leakRate() > 0) (this.leaking ??= new Set()).add(c);
    else this.leaking?.delete(c);
    if (kept && !this.leaking?.size) this.recount(kept, c, c.state === 'running' ? pageAligned(c.memoryBytes()) : 0);
    this.scheduleNodeOOM();
    const limit = c.opts.memoryLimit;
    if (!limit || c.state !== 'running') return;
    const now = this.clock.now();
    if (c.memoryBytes(now) > limit) {
      // The allocation happens as the process starts; the OOM killer strikes within a moment.
      c.timers.push(this.clock.schedule(50, () => this.exit(c, OOM_EXIT_CODE, 'OOMKilled')));
      return;
    }
    const rate = c.leakRate();
    if (rate > 0) {
      const ms = Math.ceil(((limit - c.memoryBytes(now)) / rate) * 1000) + 1;
      c.timers.push(this.clock.schedule(ms, () => this.checkMemory(c)));
    }
  }

  /**
   * What the node's containers use (their working sets, summed): kept while no container started, ended or
   * changed how it uses memory, and nothing leaks (a quiet node of 5,000 is not summed every 10 s).
   */
  containersWorkingSet(now = this.clock.now()): number {
    const memo = this.keptWorkingSet();
    if (memo) return memo.bytes;
    let total = 0;
    for (const c of this.containers.values()) {
      c.countedBytes = c.state === 'running' ? pageAligned(c.memoryBytes(now)) : 0;
      total += c.countedBytes;
    }
    this.workingSet = { epoch: this.memoryEpoch, bytes: total };
    return total;
  }

  /** The working set as last summed, while it still holds: no container changed since but through recount, and nothing leaks. */
  private keptWorkingSet(): { epoch: number; bytes: number } | undefined {
    const memo = this.workingSet;
    return memo && memo.epoch === this.memoryEpoch && !this.leaking?.size ? memo : undefined;
  }

  /**
   * A container that starts, ends or changes how much memory it holds moves the kept sum by the difference, rather
   * than making the next reading sum every container again: during a scale-up each node's eviction manager (every
   * 10 s) would otherwise add up all its containers after each start. A leak (memory moving with time alone) stops
   * the keeping; the next reading after it sums everything again.
   */
  private recount(memo: { epoch: number; bytes: number }, c: Container, bytes: number): void {
    memo.bytes += bytes - c.countedBytes;
    c.countedBytes = bytes;
    memo.epoch = this.memoryEpoch;
  }

  /**
   * While something leaks, the moment the node's memory runs out: the kernel's OOM killer then kills the
   * container with the highest oom_score (its memory plus oom_score_adj thousandths of the machine's).
   */
  private scheduleNodeOOM(): void {
    if (this.nodeOOMTimer !== undefined) {
      this.clock.cancel(this.nodeOOMTimer);
      this.nodeOOMTimer = undefined;
    }
    const capacity = this.memoryCapacity;
    if (capacity === undefined || !this.leaking?.size) return;
    const now = this.clock.now();
    const free = capacity - this.systemMemoryBytes - this.containersWorkingSet(now);
    let rate = 0;
    for (const c of this.leaking) rate += c.leakRate();
    const ms = free <= 0 ? 0 : Math.max(1, Math.ceil((free / rate) * 1000));
    this.nodeOOMTimer = this.clock.schedule(ms, () => {
      this.nodeOOMTimer = undefined;
      this.systemOOM();
    });
  }

  private systemOOM(): void {
    const capacity = this.memoryCapacity!;
    const now = this.clock.now();
    if (this.systemMemoryBytes + this.containersWorkingSet(now) < capacity) {
      this.scheduleNodeOOM();
      return;
    }
    const running: Container[] = [];
    for (const c of this.containers.values()) if (c.state === 'running') running.push(c);
    const i = oomVictim(running.map((c) => ({ usageBytes: c.memoryBytes(now), oomScoreAdj: this.oomScoreAdj?.(c) ?? 0 })), capacity);
    if (i < 0) return;
    const victim = running[i];
    // A host PID: the kernel log names the process by it.
    const pid = 1000 + this.random.int(4_000_000);
    this.exit(victim, OOM_EXIT_CODE, 'OOMKilled');
    this.onSystemOOM?.(victim, pid);
    // Still out of memory (another leak): the next victim goes at once; otherwise the next time it runs out.
    this.scheduleNodeOOM();
  }

  /** The process ended (by itself, OOM, or a signal). */
  exit(c: Container, code: number, reason: string, message?: string): void {
    if (c.state !== 'running') return;
    c.end(this.clock.now(), code, reason, message);
    c.cancelTimers();
    const kept = this.keptWorkingSet();
    this.memoryEpoch++;
    this.serving?.delete(c);
    if (this.leaking?.delete(c)) this.scheduleNodeOOM();
    if (kept) this.recount(kept, c, 0);
    this.onExit?.(c);
  }

  /**
   * SIGTERM, then SIGKILL after `graceMs`. Apps with a handler exit on their
   * own time; PID 1 without one (sleep, sh) waits for the SIGKILL.
   */
  stop(c: Container, graceMs: number): void {
    if (c.state !== 'running' || c.terminating) return;
    c.terminating = true;
    const s = c.program.sigterm;
    if (!s.ignore) {
      const after = Math.min(s.exitAfterMs ?? 100, graceMs);
      if (after < graceMs || (s.exitAfterMs ?? 100) <= graceMs) {
        c.timers.push(this.clock.schedule(after, () => this.exit(c, s.exitCode ?? 0, exitReason(s.exitCode ?? 0))));
        return;
      }
    }
    c.timers.push(this.clock.schedule(graceMs, () => this.exit(c, SIGKILL_EXIT_CODE, 'Error')));
  }

  /**
   * SIGINT from the container's TTY (Ctrl-C in an attached terminal). A shell script's waiting command dies and
   * the shell exits; a server that handles SIGTERM handles SIGINT the same way (nginx's fast shutdown, httpd's
   * stop); PID 1 without a handler (sleep) ignores it.
   */
  sigint(c: Container): void {
    if (c.state !== 'running') return;
    if (c.interruptForeground) return c.interruptForeground();
    const s = c.program.sigterm;
    if (s.ignore) return;
    c.timers.push(this.clock.schedule(s.exitAfterMs ?? 100, () => this.exit(c, s.exitCode ?? 0, exitReason(s.exitCode ?? 0))));
  }

  /** SIGKILL now (kill a container from outside, node power loss uses `lose`). */
  kill(c: Container): void {
    this.exit(c, SIGKILL_EXIT_CODE, 'Error');
  }

  /** Power loss: every process vanishes without an exit the kubelet could observe. */
  lose(c: Container): void {
    if (c.state !== 'running') return;
    const cb = this.onExit;
    this.onExit = undefined;
    this.exit(c, 255, 'Unknown');
    this.onExit = cb;
  }

  remove(id: string): void {
    const c = this.containers.get(id);
    if (c?.state === 'running') return;
    if (!c) return;
    this.containerMap!.delete(id);
    const siblings = this.byPod!.get(c.opts.podUID);
    if (siblings) {
      const i = siblings.indexOf(c);
      if (i >= 0) siblings.splice(i, 1);
      if (siblings.length === 0) {
        this.byPod!.delete(c.opts.podUID);
        this.pidNamespaces?.podGone(c.opts.podUID);
      }
    }
  }

  /** A dead container passes to another pod UID (a static pod's old config hash, when its manifest changed). */
  rekey(c: Container, podUID: string): void {
    if (c.opts.podUID === podUID || this.containers.get(c.id) !== c) return;
    const siblings = this.byPod!.get(c.opts.podUID);
    const i = siblings ? siblings.indexOf(c) : -1;
    if (i >= 0) siblings!.splice(i, 1);
    if (siblings?.length === 0) this.byPod!.delete(c.opts.podUID);
    c.opts.podUID = podUID;
    const next = this.byPod!.get(podUID);
    if (next) next.push(c);
    else this.byPod!.set(podUID, [c]);
  }

  /** The containers of one pod (by the podUID they were started with), oldest first. */
  containersOfPod(podUID: string): readonly Container[] {
    return this.byPod?.get(podUID) ?? NO_CONTAINERS;
  }

  /**
   * Runs argv inside a running container (kubectl exec, exec probes, preStop hooks): the result at once, or a
   * promise of it when a command's code had to load first, the clock held meanwhile (the same result, at the
   * same virtual instant, as with the code already loaded).
   */
  exec(c: Container, argv: string[]): ExecResult | Promise<ExecResult> {
    const check = this.execError(c, argv[0] ?? '');
    if (check) return { stdout: '', stderr: '', exitCode: c.state !== 'running' ? 1 : 126, durationMs: 0, error: check };
    // The exec'd process has a PID in the container's namespace for as long as it runs.
    const proc = this.pids.exec(c, argv);
    const shell = new ShellProcess(this.shellHost(c, false, proc.pid), shellName(argv[0] ?? ''));
    let stdout = '';
    let stderr = '';
    const writes: Array<[boolean, string]> = [];
    let durationMs = 0;
    const gen = shell.run(argv, { stdout: (t) => { stdout += t; writes.push([false, t]); }, stderr: (t) => { stderr += t; writes.push([true, t]); } });
    const done = (f: Finished<number>): ExecResult => {
      this.pids.end(c, proc.pid);
      // An exec that sleeps for hours is cut off (a learner would press Ctrl-C long before).
      return { stdout, stderr, writes, exitCode: f.cut ? 130 : f.value!, durationMs: f.durationMs };
    };
    let f: Finished<number> | Promise<Finished<number>>;
    try {
      f = finishShell(gen, this.clock, EXEC_LIMIT_MS);
    } catch (e) {
      this.pids.end(c, proc.pid);
      throw e;
    }
    return f instanceof Promise ? f.then(done, (e: unknown) => { this.pids.end(c, proc.pid); throw e; }) : done(f);
  }

  /**
   * The same command as `exec`, run as the caller's clock moves: output appears as the process writes it and a
   * loop runs until the caller stops it (kubectl exec streams; a `while true` loop ends with Ctrl-C).
   */
  execProcess(c: Container, argv: string[], tty = false): ExecProcess | { error: string } {
    const check = this.execError(c, argv[0] ?? '');
    if (check) return { error: check };
    const proc = this.pids.exec(c, argv);
    const shell = new ShellProcess(this.shellHost(c, false, proc.pid), shellName(argv[0]));
    const { io, take } = writeBuffer(tty);
    const gen = shell.run(argv, io);
    let ended = false;
    const end = () => { if (!ended) { ended = true; this.pids.end(c, proc.pid); } };
    return {
      end,
      interrupt: () => { shell.interrupt(); },
      next: () => {
        // The container stopped under it: the exec'd process died with it (SIGKILL).
        if (c.state !== 'running') { end(); return { writes: take(), exitCode: 137 }; }
        let r: IteratorResult<Yield, number>;
        try {
          r = gen.next();
        } catch (e) {
          end();
          throw e;
        }
        if (r.done) { end(); return { writes: take(), exitCode: r.value }; }
        return pauseStep(r.value, take());
      },
    };
  }

  /**
   * Opens an interactive shell in a running container; `error` as exec gives it when that is impossible.
   * `attach`: the terminal talks to the container's main shell (kubectl attach, kubectl debug -it), which has
   * its PID already; otherwise the shell is a new process started in the container (kubectl exec -it).
   */
  openShell(c: Container, bin: string, attach = false, args: string[] = []): ShellSession | { error: string } {
    if (attach && c.monitor) return this.monitorSession(c, imagePrograms.loaded()!.mysqlMonitor(c.monitor));
    const check = this.execError(c, bin);
    if (check) return { error: check };
    const base = bin.split('/').pop()!;
    // A client with its own prompt (redis-cli without a command), from the pulled image's code.
    const client = imagePrograms.loaded()?.clientMonitor(c, [bin, ...args]);
    if (client) return this.monitorSession(c, client, base);
    const proc = attach ? undefined : this.pids.exec(c, [bin]);
    const host = this.shellHost(c, false, proc?.pid);
    const shell = new ShellProcess(host, shellName(base));
    const state: InteractiveState = { vars: { ...c.opts.env }, cwd: workingDirOf(c.image), last: 0 };
    const sec = c.opts.security;
    return {
      state,
      shell: base,
      flavour: host.flavour,
      // Without a securityContext: the image's own USER. With one, the prompt follows the uid and its passwd entry.
      get user() { return sec ? promptUser(sec, c) : host.user?.name; },
      get home() { return sec ? promptUser(sec, c, true) : undefined; },
      line: (src) => {
        // An interactive shell is always on the exec's (or attach's) TTY.
        const { io, take } = writeBuffer(true);
        let gen: Generator<Yield, { status: number; exit: boolean }> | undefined;
        let over = false;
        return {
          next: () => {
            if (over) return { writes: take(), status: state.last };
            if (c.state !== 'running') {
              over = true;
              // Typed after the container stopped: the stream is gone. While a line ran: killed with it (SIGKILL).
              return gen ? { writes: take(), status: 137, exited: true, killed: true } : { writes: [], status: 1, exited: true, error: `container not found ("${c.name}")` };
            }
            gen ??= shell.interactiveLine(src, state, io);
            const r = gen.next();
            if (r.done) {
              over = true;
              if (r.value.exit && proc) this.pids.end(c, proc.pid);
              return { writes: take(), status: r.value.status, exited: r.value.exit };
            }
            return pauseStep(r.value, take());
          },
          interrupt: () => {
            if (over) return;
            over = true;
            // The generator's finally blocks run: the line's processes end and the shell keeps its working directory.
            gen?.return({ status: 130, exit: false });
            state.last = 130;
          },
        };
      },
    };
  }

  /** A client's prompt on the container's TTY (the mysql monitor, redis-cli): each typed line answered at once; `exit` ends the client. */
  private monitorSession(c: Container, m: ClientMonitor, shell = 'mysql'): ShellSession {
    return {
      state: { vars: {}, cwd: '/', last: 0 },
      shell,
      flavour: 'bash',
      banner: m.banner,
      prompt: () => m.prompt(),
      line: (src) => {
        let done = false;
        return {
          next: () => {
            if (done) return { writes: [], status: 0 };
            done = true;
            if (c.state !== 'running') return { writes: [], status: 1, exited: true, error: `container not found ("${c.name}")` };
            const r = m.line(src);
            return { writes: r.out ? [[false, r.out]] : [], status: 0, exited: r.exit };
          },
          interrupt: () => { done = true; },
        };
      },
    };
  }

  /** `name` runs a program file of the container: through its image's tree and PATH when it has one, else the catalogue's list. */
  private hasProgram(c: Container, name: string, cwd?: string): boolean {
    const m = c.fs.lower && rootfsCode.loaded();
    return m ? m.findProgram(c.fs, name, c.opts.env.PATH, cwd) !== undefined : c.image.binaries.has(name);
  }

  private execError(c: Container, bin: string): string | undefined {
    if (c.state !== 'running') return `container not found ("${c.name}")`;
    const base = bin.split('/').pop()!;
    if (c.fs.lower ? !this.hasProgram(c, bin) : !c.image.binaries.has(bin) && !c.image.binaries.has(base)) {
      return `failed to exec in container: failed to start exec "${this.newContainerID()}": OCI runtime exec failed: exec failed: unable to start container process: exec: ${JSON.stringify(bin)}: executable file not found in $PATH: unknown`;
    }
    return undefined;
  }

  /** A request reaching `port` of container `c`: refused, timed out (hang) or answered. */
  serveHTTP(c: Container, port: number, req: HttpRequest): { response?: HttpResponse; error?: 'refused' | 'timeout' } {
    if (!c.listening(port)) return { error: 'refused' };
    if (c.inj.hang) return { error: 'timeout' };
    c.recordRequest();
    if (!c.program.http) return { error: 'refused' };
    return { response: c.program.http({ ...req, port }, c) };
  }
}

/** What a shell writes, in order (true: stderr), kept until its driver takes it with the next step. */
function writeBuffer(tty = false): { io: ShellIO; take(): Array<[boolean, string]> } {
  let pending: Array<[boolean, string]> = [];
  return {
    io: { stdout: (t) => { pending.push([false, t]); }, stderr: (t) => { pending.push([true, t]); }, ...(tty ? { tty } : {}) },
    take: () => { const w = pending; pending = []; return w; },
  };
}

/** A shell's pause as its driver's step: code to wait for, or time to sleep. */
function pauseStep(y: Yield, writes: Array<[boolean, string]>): { writes: Array<[boolean, string]>; load?: Promise<unknown>; sleepMs?: number } {
  return y.load ? { writes, load: y.load } : { writes, sleepMs: y.sleepMs };
}

function exitReason(code: number): string {
  return code === 0 ? 'Completed' : 'Error';
}


/**
 * The /etc/hosts the kubelet writes into a pod (kubelet_pods.go managedHostsFileContent): localhost and the
 * IPv6 names, the pod's IP with its name (and its FQDN under a subdomain), then spec.hostAliases.
 */
function managedHosts(podIP: string, hostname: string, extra: StartOptions['hostsExtra']): string {
  let text = '# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n'
    + 'fe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n';
  if (podIP) text += extra?.domain ? `${podIP}\t${hostname}.${extra.domain}\t${hostname}\n` : `${podIP}\t${hostname}\n`;
  if (extra?.aliases?.length) {
    text += '\n# Entries added by HostAliases.\n';
    for (const a of extra.aliases) text += `${a.ip ?? ''}\t${(a.hostnames ?? []).join('\t')}\n`;
  }
  return text;
}
