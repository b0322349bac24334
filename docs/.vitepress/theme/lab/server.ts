/**
 * The engine side of the lab: one cluster, one shell session, the real-time
 * driver and the map snapshots. It knows nothing of the DOM: it receives
 * PageRequests and posts EngineMessages, so it runs in the Web Worker
 * (worker.ts), in-process as a fallback (host.ts), and in vitest.
 */
import { Cluster } from '../../../../engine/cluster';
import { Session } from '../../../../engine/shell/session';
import type { Editor } from '../../../../engine/shell/editor/editor';
import { completeLine } from '../../../../engine/shell/complete';
import { splitKeys } from '../../../../engine/shell/line-editor';
import { kubectl } from '../../../../engine/kubectl/index';
import type { EditedFile, InteractiveLineIO, TerminalInfo, TerminalRead } from '../../../../engine/shell/process';
import { LineSignal } from '../../../../engine/shell/signal';
import { RealtimeDriver } from './driver';
import { simulationOf } from '../../../../engine/sim/of';
import { loadLazyCommands } from '../../../../engine/shell/commands/lazy';
import { loadContainerShell } from '../../../../engine/kubelet/shell-process';
import { flagTablesLoaded, loadFlagTables } from '../../../../engine/kubectl/verbs/flag-tables';
import type { EngineMessage, Injection, PageRequest, Speed } from './protocol';
import { buildSnapshot, HPAHistory, podDetail } from './snapshot';
import type { ResultPoster } from './exercise-runner';
import type { ExerciseChecker } from '../../../../checker/checker';

export interface ServerHost {
  post(msg: EngineMessage): void;
  /** Wall clock in ms (performance.now). */
  realNow(): number;
  /** setTimeout; the server never blocks longer than one driver slice. */
  schedule(fn: () => void, delayMs: number): void;
}

/** Real milliseconds between map snapshots while something changes (and at most this often). */
export const SNAPSHOT_INTERVAL_MS = 250;

/**
 * Big clusters are redrawn less often: a snapshot costs the page about 1 ms per
 * 200 pods to receive and draw, so 2,000 pods every second stays under 1%.
 */
export function snapshotInterval(podCount: number): number {
  return Math.max(SNAPSHOT_INTERVAL_MS, Math.min(2000, Math.round(podCount / 2)));
}
/** Idle tick: the clock still moves at 1x, AGE columns still grow. */
export const IDLE_TICK_MS = 50;

/** Real milliseconds after the prompt is ready before the engine's lazily loaded code is prefetched. */
export const PREFETCH_DELAY_MS = 1500;

/**
 * The engine code that loads on first use (rarely used kubectl verbs, the Go
 * template, KYAML and JSONPath printers, --help texts, explain's descriptions, the
 * editor, kustomize, the node tools crictl/systemctl/ps/ssh, the public hosts' example manifests): fetched once the lab is ready, so a lesson page's start
 * does not wait for it, the first use does not wait either, and it is in the
 * HTTP cache for offline use. Loading it changes no engine state.
 */
export function prefetchLazyCode(): Promise<unknown> {
  return Promise.all([
    import('../../../../engine/kubectl/verbs/lazy').then((m) => m.loadLazyVerbs()),
    import('../../../../engine/kubectl/printers/output').then((m) => m.loadLazyPrinters()),
    import('../../../../engine/kubectl/framework/help').then((m) => m.loadHelpTexts()),
    import('../../../../engine/kubectl/verbs/kustomize-build'),
    // The images learners pull (the boot images are in the entry); the code of their file trees (each tree's data comes
    // with its image's pull) and busybox's small one.
    import('../../../../engine/images/catalogue').then((m) => Promise.all([m.loadCatalogue(), m.rootfsCode.load().then((r) => r.loadTrees({ rootfs: ['busybox-glibc'] }))])),
    // The pulled images' programs: the mysql image's server and client, the tutorials' web apps.
    import('../../../../engine/kubelet/programs').then((m) => m.imagePrograms.load()),
    // The kubelet's admission, which a pod bound by hand (spec.nodeName) otherwise waits for; a lost Lease's log lines.
    import('../../../../engine/kubelet/kubelet').then((m) => Promise.all([m.loadAdmission(), m.loadLeaseLost()])),
    import('../../../../engine/api/schema/descriptions.json'),
    import('../../../../engine/shell/editor/editor'),
    // The node's kubeadm files (admin.conf, the PKI), written at the first touch of the node's files.
    import('../../../../engine/shell/home').then((m) => m.nodeFilesCode.load()),
    import('../../../../engine/shell/commands/node/index').then((m) => m.loadNodeTools()),
    loadLazyCommands(),
    // The containers' shell and its rarer applets.
    loadContainerShell().then(() => import('../../../../engine/kubelet/shell')).then((m) => m.loadContainerApplets()),
    // The containers' text filters (seq, sort, uniq, sed, awk …), with the node tools behind them.
    import('../../../../engine/kubelet/text-tools'),
    import('../../../../engine/network/commands/index').then((m) => Promise.all([m.preloadContainerCommand(['ping']), m.preloadContainerCommand(['curl'])])),
    import('../../../../engine/controllers/job/loader').then((m) => m.loadBatchControllers()),
    import('../../../../engine/controllers/volume/loader').then((m) => m.loadVolumeControllers()),
    import('../../../../engine/kubectl/printers/tables/storage'),
    import('../../../../engine/controllers/podautoscaler/loader').then((m) => m.loadHorizontalController()),
    import('../../../../engine/kubectl/framework/root').then((m) => m.loadPolicyKinds()),
    import('../../../../engine/api/schema/go-json-loader').then((m) => m.loadGoJSON()),
    import('../../../../engine/kubectl/printers/tables/lazy-kinds').then((m) => m.loadKindTables()),
    import('../../../../engine/controllers/daemonset/daemonset').then((m) => m.loadHistoryRepairs()),
    import('../../../../engine/controllers/statefulset/code'),
    import('../../../../engine/api/registry/lazy-kinds').then((m) => m.loadLazyKinds()),
    import('../../../../engine/api/rbac/loader').then((m) => m.loadRBAC()),
    // The documentation's example manifests (https://k8s.io/examples/...): a few KB, so a lab that goes offline still has them.
    import('../../../../engine/network/internet/hosts').then((m) => m.internet.load()),
    // The field manager's code: the API server loads it itself when a chain of writes grows long.
    import('../../../../engine/api/managedfields/index'),
    // etcdctl and etcdutl in the etcd pod, and what etcd opens when its manifest changes (a restored snapshot).
    import('../../../../engine/etcd/etcdctl'),
    import('../../../../engine/etcd/data-dir'),
    // metrics-server's extension of a node's reading by the pods it gained (large clusters read less with it).
    import('../../../../engine/metrics/metrics-server').then((m) => m.loadReadingExtension()),
  ]);
}


type Mode = { kind: 'shell' } | { kind: 'editor'; editor: Editor; resolve: (saved: string | null) => void } | { kind: 'interactive'; prompt: string; onLine: (line: string, io: InteractiveLineIO) => Promise<string | null>; resolve: () => void; promptAfter?: () => string; line?: LineSignal; hidden?: boolean | 'silent' };

/**
 * A lesson's cluster. Only an exercise's checker reads the recorded history of stored changes, and an exercise
 * boots its own cluster (exercise-runner.ts), so a lesson's records nothing: a tab left open would otherwise keep
 * every Lease renewal it ever saw (0.6 MiB an hour on the default cluster).
 */
function lessonCluster(seed: number, workers?: number): Cluster {
  return new Cluster({ seed, workers, recordHistory: false }).boot();
}

export class LabServer {
  cluster!: Cluster;
  session!: Session;
  private driver!: RealtimeDriver;
  private readonly terminal: TerminalInfo;
  private mode: Mode = { kind: 'shell' };
  private hpaHistory = new HPAHistory();
  private lastSnapshotAt = -Infinity;
  private lastRevision = -1;
  private lastPodCount = 0;
  private ticking = false;
  private booted = false;
  private outBuf = '';
  private flushQueued = false;
  private generation = 0;
  private lastLine = '';
  /** A cluster booted ahead of the page's `boot` (the `preboot` request), waiting to be adopted. */
  private prebooted?: { seed: number; workers?: number; cluster: Cluster; session: Session; bootMs: number };
  /** The exercise being graded on the current cluster, if this lab was booted with one. */
  private checker?: ExerciseChecker;
  private results?: ResultPoster;
  private prefetching = false;

  constructor(private readonly host: ServerHost) {
    this.terminal = {
      isTTY: true,
      columns: 80,
      rows: 24,
      edit: (path, content, file) => this.openEditor(path, content, file),
      interactive: (prompt, onLine, promptAfter, hidden, read) => this.openInteractive(prompt, onLine, promptAfter, hidden, read),
      keys: (onKey) => {
        this.keyReader = onKey;
        this.host.post({ type: 'raw', on: true });
        return () => {
          if (this.keyReader !== onKey) return;
          this.keyReader = undefined;
          this.host.post({ type: 'raw', on: false });
        };
      },
    };
  }

  /** A running program reading the keys itself (top), which the page then sends as they are typed. */
  private keyReader?: (data: string) => void;

  handle(msg: PageRequest): void {
    try {
      this.dispatch(msg);
    } catch (e) {
      this.fatal(e);
    }
  }

  private dispatch(msg: PageRequest): void {
    switch (msg.type) {
      case 'preboot': return this.preboot(msg.seed, msg.workers);
      case 'boot': return this.boot(msg.seed, msg.columns, msg.rows, msg.speed, msg.history, msg.workers);
      case 'run': return void this.run(msg.id, msg.line);
      case 'eof': return void this.eof(msg.id);
      case 'interrupt':
        // In `kubectl exec -it`, Ctrl-C goes to the container shell's running line, not to kubectl.
        if (this.mode.kind === 'interactive' && this.mode.line) {
          this.write('^C\n');
          this.mode.line.abort();
        } else this.session?.interrupt();
        return;
      case 'exercise': return void this.bootExercise(msg);
      case 'check':
        if (this.checker && this.checker.cluster === this.cluster) this.results?.offer(this.checker.evaluate(), true);
        return;
      case 'complete': {
        if (!flagTablesLoaded()) {
          // The lazily loaded verbs' flag tables are what Tab lists after `kubectl drain --`: they load first
          // (before the prefetch), simulated time waiting meanwhile, so the answer is what it would have been.
          const release = this.cluster.clock.hold();
          // Offline before they came: Tab lists what is there.
          void loadFlagTables().catch(() => undefined).then(() => {
            release();
            this.host.post({ type: 'completion', id: msg.id, ...this.complete(msg.line, msg.cursor) });
          });
          return;
        }
        this.host.post({ type: 'completion', id: msg.id, ...this.complete(msg.line, msg.cursor) });
        return;
      }
      case 'speed': this.driver.setSpeed(msg.speed, this.host.realNow()); this.kick(); return;
      case 'forward': this.driver.forward(msg.ms); this.kick(); return;
      case 'inject': {
        const r = this.inject(msg.injection);
        this.host.post({ type: 'injected', id: msg.id, ...r });
        this.lastSnapshotAt = -Infinity;
        this.kick();
        return;
      }
      case 'pod': this.host.post({ type: 'pod', id: msg.id, detail: podDetail(this.cluster, msg.namespace, msg.name) }); return;
      case 'resize':
        this.terminal.columns = msg.columns;
        this.terminal.rows = msg.rows;
        if (this.mode.kind === 'editor') this.host.post({ type: 'screen', screen: this.mode.editor.render(msg.columns, msg.rows) });
        return;
      case 'keys': return this.keyReader ? this.keyReader(msg.data) : this.editorKeys(msg.data);
      case 'line': return void this.interactiveLine(msg.line);
    }
  }

  /**
   * Boots before the page asks: no message is posted and the virtual clock
   * stays where boot left it, so the adopted cluster is the same one a later
   * `boot` would have built (same seed, same events, same virtual time).
   */
  private preboot(seed: number, workers?: number): void {
    if (this.booted || this.prebooted) return;
    const t0 = this.host.realNow();
    const cluster = lessonCluster(seed, workers);
    const session = new Session({ cluster, terminal: this.terminal, commands: [kubectl], startup: true });
    this.prebooted = { seed, workers, cluster, session, bootMs: Math.round(this.host.realNow() - t0) };
  }

  private boot(seed: number, columns: number, rows: number, speed: Speed, history: string[], workers?: number): void {
    const t0 = this.host.realNow();
    this.generation++;
    this.terminal.columns = columns;
    this.terminal.rows = rows;
    const pre = this.prebooted;
    this.prebooted = undefined;
    let bootMs: number;
    if (pre && pre.seed === seed && pre.workers === workers) {
      this.cluster = pre.cluster;
      this.session = pre.session;
      bootMs = pre.bootMs;
    } else {
      this.cluster = lessonCluster(seed, workers);
      this.session = new Session({ cluster: this.cluster, terminal: this.terminal, commands: [kubectl], startup: true });
      bootMs = Math.round(this.host.realNow() - t0);
    }
    this.session.shell.history.push(...history);
    this.driver = new RealtimeDriver(this.cluster.clock, this.host.realNow(), speed);
    this.hpaHistory = new HPAHistory();
    this.mode = { kind: 'shell' };
    this.booted = true;
    this.host.post({ type: 'ready', prompt: this.session.prompt(), bootMs, history: [] });
    this.postSnapshot();
    this.kick();
    this.prefetchLater();
  }

  private prefetchLater(): void {
    if (this.prefetching) return;
    this.prefetching = true;
    // A failed prefetch (offline before it finished) is retried by the first use itself.
    this.host.schedule(() => void prefetchLazyCode().catch(() => undefined), PREFETCH_DELAY_MS);
  }

  /** Like boot, on the exercise's cluster after its setup (simulated time runs to completion, so this takes a moment). */
  private async bootExercise(msg: Extract<PageRequest, { type: 'exercise' }>): Promise<void> {
    const t0 = this.host.realNow();
    const gen = ++this.generation;
    this.booted = false;
    this.prebooted = undefined;
    this.terminal.columns = msg.columns;
    this.terminal.rows = msg.rows;
    let run: Awaited<ReturnType<typeof import('./exercise-runner').setUpExercise>>;
    let Poster: typeof ResultPoster;
    try {
      // The checker is only needed on exercise pages: a lesson page's worker never loads it.
      const runner = await import('./exercise-runner');
      Poster = runner.ResultPoster;
      run = await runner.setUpExercise(msg.exercise, msg.seed, this.terminal);
    } catch (e) {
      if (gen === this.generation) this.fatal(e);
      return;
    }
    if (gen !== this.generation) return;
    this.cluster = run.cluster;
    this.session = run.session;
    this.session.shell.history.push(...msg.history);
    this.checker = run.checker;
    const results = new Poster((result) => this.host.post({ type: 'checked', result }));
    this.results = results;
    run.checker.startTicking((r) => results.offer(r));
    this.driver = new RealtimeDriver(this.cluster.clock, this.host.realNow(), msg.speed);
    this.hpaHistory = new HPAHistory();
    this.mode = { kind: 'shell' };
    this.booted = true;
    this.host.post({ type: 'ready', prompt: this.session.prompt(), bootMs: Math.round(this.host.realNow() - t0), history: [] });
    results.offer(run.checker.evaluate(), true);
    this.postSnapshot();
    this.kick();
    this.prefetchLater();
  }

  private async run(id: number, line: string): Promise<void> {
    const gen = this.generation;
    this.lastLine = line;
    try {
      const r = await this.session.run(line, (t) => this.write(t));
      if (gen !== this.generation) return;
      this.flush();
      this.host.post({ type: 'done', id, status: r.status, incomplete: r.incomplete, exited: r.exited, prompt: this.session.prompt() });
    } catch (e) {
      if (gen === this.generation) this.fatal(e);
    }
    this.lastSnapshotAt = -Infinity;
    this.kick();
  }

  private async eof(id: number): Promise<void> {
    const r = await this.session.endOfInput((t) => this.write(t));
    this.flush();
    this.host.post({ type: 'done', id, status: r?.status ?? this.session.shell.status, incomplete: false, exited: r?.exited ?? false, prompt: this.session.prompt() });
  }

  /** Output is batched per microtask: `kubectl get pods` on 2,000 pods is one message, not 2,000. */
  private write(text: string): void {
    this.outBuf += text;
    if (this.flushQueued) return;
    this.flushQueued = true;
    queueMicrotask(() => this.flush());
  }

  private flush(): void {
    this.flushQueued = false;
    if (!this.outBuf) return;
    const text = this.outBuf;
    this.outBuf = '';
    this.host.post({ type: 'output', text });
  }

  /** Tab completion: the shell's completer (command names, each command's own completion, file names). */
  complete(line: string, cursor: number): { start: number; candidates: string[] } {
    return completeLine(this.session, line, cursor);
  }

  private async openEditor(path: string, content: string, file?: EditedFile): Promise<string | null> {
    const flavour = /^\s*nano\b/.test(this.lastLine) ? 'nano' : 'vi';
    // The editor is loaded on first use (kubectl edit, vi, nano), not with the page; simulated time waits meanwhile.
    const release = this.cluster.clock.hold();
    let Editor: typeof import('../../../../engine/shell/editor/editor').Editor;
    try {
      ({ Editor } = await import('../../../../engine/shell/editor/editor'));
    } finally {
      release();
    }
    return new Promise((resolve) => {
      const editor = new Editor(path, content, flavour, file);
      this.mode = { kind: 'editor', editor, resolve };
      this.host.post({ type: 'screen', screen: editor.render(this.terminal.columns, this.terminal.rows) });
    });
  }

  private editorKeys(data: string): void {
    if (this.mode.kind !== 'editor') return;
    const m = this.mode;
    for (const k of splitKeys(data)) {
      const r = m.editor.key(k);
      if (r.done) {
        this.mode = { kind: 'shell' };
        this.host.post({ type: 'screen', screen: undefined });
        m.resolve(r.saved);
        return;
      }
    }
    this.host.post({ type: 'screen', screen: m.editor.render(this.terminal.columns, this.terminal.rows) });
  }

  private openInteractive(prompt: string, onLine: (line: string, io: InteractiveLineIO) => Promise<string | null>, promptAfter?: () => string, hidden?: boolean | 'silent', read?: TerminalRead): Promise<void> {
    return new Promise((resolve) => {
      const mode: Mode = { kind: 'interactive', prompt, onLine, resolve, promptAfter, hidden };
      this.mode = mode;
      this.host.post({ type: 'interactive', prompt, hidden, read: read && { limit: read.limit, text: read.text } });
      // `read -t` ran out or Ctrl-C stopped the line: the terminal goes back to running it.
      read?.signal.onAbort(() => {
        if (this.mode !== mode) return;
        this.mode = { kind: 'shell' };
        this.flush();
        this.host.post({ type: 'interactive', prompt: undefined });
        resolve();
      });
    });
  }

  private async interactiveLine(line: string | null): Promise<void> {
    if (this.mode.kind !== 'interactive') return;
    const m = this.mode;
    const signal = new LineSignal();
    m.line = signal;
    const out = line === null ? null : await m.onLine(line, { write: (t) => this.write(t), signal });
    m.line = undefined;
    if (out) this.write(out);
    this.flush();
    if (out === null) {
      this.mode = { kind: 'shell' };
      this.host.post({ type: 'interactive', prompt: undefined });
      m.resolve();
      return;
    }
    // The prompt follows the line's output on its row, as the shell prints it.
    this.host.post({ type: 'interactive', prompt: m.promptAfter?.() ?? m.prompt, hidden: m.hidden });
  }

  /** Failure and load injection through the engine's simulation controls (engine/sim), which record each in the cluster history. */
  inject(inj: Injection): { ok: boolean; message: string } {
    const sim = simulationOf(this.cluster);
    try {
      switch (inj.action) {
        case 'stop-node': sim.powerOffNode(inj.node); return { ok: true, message: `node ${inj.node}: power off` };
        case 'start-node': sim.startNode(inj.node); return { ok: true, message: `node ${inj.node}: power on` };
        case 'stop-component': sim.stopComponent(inj.component); return { ok: true, message: `${inj.component}: stopped` };
        case 'start-component': sim.startComponent(inj.component); return { ok: true, message: `${inj.component}: started` };
        case 'kill-container': sim.killContainer(inj.namespace, inj.pod, inj.container); return { ok: true, message: `${inj.pod}: container killed` };
        case 'send-load': {
          const target = `${inj.namespace}/${inj.service}`;
          for (const h of sim.activeLoads()) if (h.target === target) sim.stopLoad(h.id);
          if (inj.rps <= 0) return { ok: true, message: `${target}: load stopped` };
          sim.load(target, inj.rps);
          return { ok: true, message: `${target}: ${inj.rps} requests/s` };
        }
      }
    } catch (e) {
      return { ok: false, message: e instanceof Error ? e.message : String(e) };
    }
  }

  private loads(): Map<string, number> {
    const out = new Map<string, number>();
    for (const h of simulationOf(this.cluster).activeLoads()) {
      const key = h.target.includes('/') ? h.target : `default/${h.target}`;
      out.set(key, (out.get(key) ?? 0) + h.rps);
    }
    // The exercise's own load (inject: send-load) flows on the map like the learner's.
    if (this.checker?.cluster === this.cluster) for (const [key, rps] of this.checker.load?.activeRates() ?? []) out.set(key, (out.get(key) ?? 0) + rps);
    return out;
  }

  private postSnapshot(): void {
    const snapshot = buildSnapshot(this.cluster, this.hpaHistory, this.loads());
    this.lastPodCount = snapshot.podCount;
    this.host.post({ type: 'snapshot', snapshot });
    this.lastSnapshotAt = this.host.realNow();
    this.lastRevision = this.cluster.store.currentRevision();
  }

  /** Starts the tick loop if it is not running. */
  private kick(): void {
    if (this.ticking || !this.booted) return;
    this.ticking = true;
    this.host.schedule(() => this.tick(), 0);
  }

  private tick(): void {
    this.ticking = false;
    let caughtUp = true;
    try {
      caughtUp = this.driver.slice(() => this.host.realNow());
      const now = this.host.realNow();
      const changed = this.cluster.store.currentRevision() !== this.lastRevision;
      if (now - this.lastSnapshotAt >= (changed ? snapshotInterval(this.lastPodCount) : Math.max(1000, snapshotInterval(this.lastPodCount)))) this.postSnapshot();
    } catch (e) {
      this.fatal(e);
      return;
    }
    this.ticking = true;
    this.host.schedule(() => this.tick(), caughtUp ? IDLE_TICK_MS : 0);
  }

  private fatal(e: unknown): void {
    const message = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    this.host.post({ type: 'fatal', message });
  }
}

