/**
 * Golden transcripts whose kubectl outputs come from the REAL kubectl.
 *
 *   npm run golden                      # every scenarios/*.sh → test/transcripts/real-<name>.txt
 *   npm run golden -- pods services     # only these scenarios
 *   npm run golden -- --check pods      # compare and print differences, write nothing
 *
 * Each scenario is a shell script typed line by line into a fresh
 * `new Cluster({seed}).boot()` exactly as `kubelab script` does. Before a
 * read-only kubectl line (get, describe, explain, ...) runs in the simulated
 * shell, the real kubectl v1.35.2 runs the same line in a real bash against
 * the loopback front (server.ts) at the same virtual instant: the virtual
 * clock only moves when this script drives it, so it stands still while the
 * real binary runs. The transcript records the real output for those lines and
 * the simulated shell's output for every other line (setup: create, apply,
 * sleep, sim ...), so the golden replays in test/transcripts.test.ts.
 */
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Cluster } from '../../engine/cluster.js';
import type { MemoryFileSystem } from '../../engine/shell/vfs.js';
import type { Session } from '../../engine/shell/session.js';
import { DEFAULT_MAX_LINE_MS, macrotask, runScriptStreaming, type ScriptOptions } from '../../engine/shell/script.js';
import type { VirtualClock } from '../../engine/util/clock.js';
import { kubeconfigFor, serve, type Served } from './server.js';
import { Replay, writeLine, stateOf, stateDifference, recordWrites } from './replay.js';
import { recordLine } from './writes.js';
import { mayTouchKubeSystem } from '../../engine/api/bootstrap/kubeadm-objects-gate.js';
import { materialise as writeBootObjects, materialised as bootObjectsWritten } from '../../engine/api/bootstrap/kubeadm-objects.js';

/**
 * Our kubectl writes kube-system's and kube-public's boot objects before a command that may read them (a word
 * naming ServiceAccounts, ConfigMaps, Secrets or a token, or a manifest: kubeadm-objects-gate.ts): the real
 * kubectl's cluster gets them at the same line, so both clusters hold the same objects and resourceVersions.
 */
function bootObjectsBefore(cluster: Cluster, line: string): void {
  for (const command of line.split(/[|;&]+/)) {
    const words = command.trim().split(/\s+/);
    const at = words.indexOf('kubectl');
    if (at < 0) continue;
    const args = words.slice(at + 1);
    if (mayTouchKubeSystem(args) || args.some((a) => /^(-f|--filename|-k|--kustomize)(=|$)|^-f./.test(a))) writeBootObjects(cluster);
  }
}

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '../..');
const SCENARIOS = join(HERE, 'scenarios');
const OUT_DIR = join(ROOT, 'test/transcripts');

/**
 * Scenarios whose write lines are not compared (they keep --every's behaviour: a write the real binary sends to the
 * read-only front is refused and that line keeps KubeLab's output). `--no-writes` does the same for every scenario.
 */
export const READ_ONLY_SCENARIOS = new Set<string>([
  // Every scenario's writes are compared now (session 10 made errors-manifests' manifest without apiVersion go where
  // the real kubectl sends it: a path without a version, which kube-apiserver answers with its generic 404).
]);

/** kubectl verbs that only read: their output can be taken from the real binary against a read-only front. */
export const READ_VERBS = new Set(['get', 'describe', 'explain', 'api-resources', 'api-versions', 'top', 'events', 'logs']);

/** The kubectl verb of a line typed at the prompt ("kubectl -n x get pods" → "get"), or undefined when the line is not a plain kubectl command. */
export function kubectlVerb(line: string): string | undefined {
  const words = line.trim().split(/\s+/);
  if (words[0] !== 'kubectl') return undefined;
  for (let i = 1; i < words.length; i++) {
    const w = words[i];
    if (!w.startsWith('-')) return w;
    // Global flags that take a separate value.
    if (/^(-n|--namespace|--context|--cluster|--user|--kubeconfig|-s|--server)$/.test(w)) i++;
  }
  return undefined;
}

/** A line without the environment assignments before its command (`EDITOR='sed -i ...' kubectl edit ...`). */
export function withoutAssignments(line: string): string {
  return line.replace(/^\s*(?:[A-Za-z_]\w*=(?:'[^']*'|"(?:[^"\\]|\\.)*"|(?:[^\s\\]|\\.)*)\s+)+/, '');
}

/**
 * kubectl edit names the copy it keeps of a failed edit with a random number (/tmp/kubectl-edit-NNN.yaml); ours
 * comes from the seeded Random. The real output takes our names, in order, so that the transcript replays.
 */
export function sameTempFiles(real: string, ours: string): string {
  const names = ours.match(/kubectl-edit-\d+\.yaml/g) ?? [];
  let i = 0;
  return real.replace(/kubectl-edit-\d+\.yaml/g, (m) => names[i++] ?? m);
}

/**
 * kubectl drain evicts each pod in a goroutine of its own, which prints its "evicting pod" and "pod/… evicted"
 * lines: their order is the Go scheduler's (the last pod listed usually first). Its refusals are grouped in a Go
 * map, so their order in the `[a, b]` error line and in the lines after it changes from run to run. When the real
 * output is ours in another order, it takes our order, so the transcript replays; any other difference stays.
 */
export function sameGoroutineOrder(line: string, real: string, ours: string): string {
  if (!/^\s*kubectl\s+drain\b/.test(withoutAssignments(line)) || real === ours) return real;
  const unordered = (t: string) => t.split('\n').map((l) => l.replace(/\[([^\]]*)\]/g, (_, inner: string) => `[${inner.split(', ').sort().join(', ')}]`)).sort().join('\n');
  return unordered(real) === unordered(ours) ? ours : real;
}

/**
 * kubectl's describers print a LimitRange item's resources by ranging over a Go map (describeLimitRangeSpec's
 * `set`), so `describe limitrange` and `describe namespace` list them in an order that changes from run to run.
 * When the real output is ours with those rows in another order, it takes ours; any other difference stays.
 */
export function sameLimitRangeOrder(line: string, real: string, ours: string): string {
  if (real === ours || kubectlVerb(withoutAssignments(line)) !== 'describe') return real;
  const row = /^\s*(Container|Pod|PersistentVolumeClaim)\s{2,}\S/;
  const rest = (t: string) => t.split('\n').filter((l) => !row.test(l)).join('\n');
  const rows = (t: string) => t.split('\n').filter((l) => row.test(l)).sort().join('\n');
  return rest(real) === rest(ours) && rows(real) === rows(ours) ? ours : real;
}

/**
 * How a line that watches runs against the real binary:
 * - `window`: `[timeout N] kubectl get ... -w|--watch-only`. Its output depends only on the events and on cells the
 *   server prints at each event's instant, so the cluster runs through the window at once and the front then ends
 *   the stream, which get -w takes quietly (its watch loop drops UntilWithoutRetry's ErrWatchClosed, exit 0): the
 *   lines a learner sees when `timeout` kills it at the end of that window.
 * - `paced`: `rollout status`, `wait`: they end by themselves, on conditions and on --timeout, a wall-clock
 *   deadline, so virtual time follows the wall clock from the first request on.
 * `limitMs` is the window: `timeout N`, else the runner's Ctrl-C limit.
 */
export interface WatchMode { mode: 'window' | 'paced'; limitMs?: number }

export function watchMode(line: string): WatchMode | undefined {
  // A background job's output interleaves with the next lines' in the transcript: nothing to compare it with.
  if (/&\s*$/.test(line) && !/&&\s*$/.test(line)) return undefined;
  const words = line.trim().split(/\s+/);
  let limitMs: number | undefined;
  if (words[0] === 'timeout') {
    const m = /^(\d+(?:\.\d+)?)(s|m|h)?$/.exec(words[1] ?? '');
    if (!m) return undefined;
    limitMs = Number(m[1]) * ({ s: 1000, m: 60_000, h: 3_600_000 }[m[2] ?? 's'] ?? 1000);
    words.splice(0, 2);
  }
  const rest = words.join(' ');
  const verb = kubectlVerb(rest);
  if (verb === 'get' && words.some((w) => /^(-w|--watch|--watch-only)(=true)?$/.test(w))) return { mode: 'window', limitMs };
  if (verb === 'wait' || (verb === 'rollout' && words[words.indexOf('rollout') + 1] === 'status')) return { mode: 'paced', limitMs };
  return undefined;
}

/**
 * Moves `clock` to `end` the way the script runner's driveClock does (one instant at a time, a macrotask between,
 * waiting while a code load holds the clock), so the cluster takes the same steps as under our own line.
 */
async function advanceTo(clock: VirtualClock, end: number): Promise<void> {
  for (;;) {
    await macrotask();
    if (clock.held()) continue;
    const next = clock.nextAt();
    if (next === undefined || next > end) {
      clock.runUntilTime(end);
      return;
    }
    for (let at = next; at <= next && !clock.held(); at = clock.nextAt() ?? Infinity) clock.step();
    if (!clock.held()) clock.runUntilTime(next);
  }
}

/** Header line options, as test/transcripts.test.ts reads them. */
export function parseHeader(first: string | undefined): ScriptOptions | undefined {
  if (!first?.startsWith('# kubelab script')) return undefined;
  const opts: ScriptOptions = {};
  const args = first.split(/\s+/).slice(3);
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--seed') opts.seed = Number(args[++i]);
    else if (args[i] === '--nodes') opts.nodes = Number(args[++i]);
  }
  return opts;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number) => String(n).padStart(2, '0');

function rfc1123z(ms: number): string {
  const d = new Date(ms);
  return `${DAYS[d.getUTCDay()]}, ${pad(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}

/** Undoes the server's time shift in printed output (RFC 3339 and RFC 1123Z stamps); delta is whole seconds. */
export function unshiftText(text: string, delta: number): string {
  return text
    .replace(/\b\w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d \+0000/g, (s) => rfc1123z(Date.parse(s) - delta))
    .replace(/\b(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(\.\d+)?Z/g, (_s, secs: string, frac = '') =>
      new Date(Date.parse(secs + 'Z') - delta).toISOString().slice(0, 19) + frac + 'Z')
    // Go's time.Time String() in UTC (describe networkpolicy's "Created on:").
    .replace(/\b(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d) \+0000 UTC/g, (_s, day: string, secs: string) =>
      new Date(Date.parse(`${day}T${secs}Z`) - delta).toISOString().slice(0, 19).replace('T', ' ') + ' +0000 UTC');
}

/** How long a write line may run against the replay copy, in wall time. */
const WRITE_WALL_LIMIT_MS = 60_000;

interface RealRun { output: string; endedAt: number; status: number }

export class RealKubectl {
  private dir = mkdtempSync(join(tmpdir(), 'real-kubectl-'));
  private constructor(private served: Served, private binDir: string, private cluster: Cluster) {}

  static async start(cluster: Cluster, binary: string, writes = false): Promise<RealKubectl> {
    const served = await serve(cluster, { trace: !!process.env.TRACE, writes });
    const r = new RealKubectl(served, '', cluster);
    r.binDir = join(r.dir, 'bin');
    mkdirSync(r.binDir);
    symlinkSync(binary, join(r.binDir, 'kubectl'));
    mkdirSync(join(r.dir, 'home'));
    mkdirSync(join(r.dir, 'work'));
    writeFileSync(join(r.dir, 'kubeconfig'), kubeconfigFor(served.url));
    return r;
  }

  /**
   * Runs `line` in a real bash with the real kubectl first on PATH, the
   * server mapping wall time to `virtualNow` from its first request on (see
   * Served.beginRun). kubectl reads its clock a little later than that; when
   * that lag could have carried an age across a whole second for some served
   * timestamp, the run is repeated, and reported if it keeps happening.
   */
  async run(line: string, virtualNow: number): Promise<string> {
    for (let attempt = 0; ; attempt++) {
      this.served.beginRun(virtualNow);
      const r = await this.exec(line);
      const run = this.served.run();
      if (run.delta === undefined) return r.output; // no request reached the server (client-side errors, explain of nothing)
      const lag = r.endedAt - run.firstRequestAt!;
      const risky = [...run.stamps].some((s) => Math.floor((virtualNow - s) / 1000) !== Math.floor((virtualNow + lag - s) / 1000));
      if (!risky || attempt >= 2) {
        if (risky) process.stderr.write(`warning: "${line}": kubectl ran ${lag}ms after its first request; an age may read a second later than at the virtual instant\n`);
        return unshiftText(r.output, run.delta);
      }
    }
  }

  /**
   * Runs a watching line (see WatchMode) while `cluster`, which this front serves, moves on in virtual time:
   * `window` waits for kubectl's watch, runs the window through and ends the stream; `paced` keeps virtual
   * time level with the wall clock until kubectl (or `timeout`) ends.
   */
  async runWatch(line: string, cluster: Cluster, how: WatchMode, maxLineMs: number): Promise<string> {
    const clock = cluster.clock;
    const t0 = clock.now();
    const end = t0 + (how.limitMs ?? maxLineMs);
    this.served.beginRun(t0);
    let exited = false;
    let exitedEarly = false;
    // In a window the front ends the stream at the window's virtual end; the real `timeout N` would count wall
    // seconds, and on a loaded machine could cut the stream short, so the window runs without it.
    const command = how.mode === 'window' ? line.trim().replace(/^timeout\s+\S+\s+/, '') : line;
    const running = this.exec(command).then((r) => { exited = true; return r; });
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    if (how.mode === 'window') {
      while (!exited && this.served.openWatches() === 0) await sleep(2);
      exitedEarly = exited;
      if (!exited) {
        await advanceTo(clock, end);
        this.served.closeWatches();
      }
    } else {
      while (!exited && this.served.run().firstRequestAt === undefined) await sleep(1);
      while (!exited && clock.now() < end) {
        const wall = this.served.run().firstRequestAt!;
        await advanceTo(clock, Math.min(end, t0 + (Date.now() - wall)));
        await sleep(2);
      }
      this.served.closeWatches();
    }
    const r = await running;
    const delta = this.served.run().delta;
    const out = delta === undefined ? r.output : unshiftText(r.output, delta);
    // Without `timeout`, the runner ends the line as a learner's Ctrl-C, which the terminal echoes as ^C.
    return how.mode === 'window' && how.limitMs === undefined && !exitedEarly ? `${out}^C\n` : out;
  }

  /**
   * A watching line tried at the standing clock first: when kubectl ends at once without opening a watch (a flag
   * error, a condition already met, --timeout=0) no time could have entered its output, and no replay is needed.
   * Undefined when it opens a watch or is still running after `quickMs`: it is then stopped (its own process
   * group) and the line needs moving time.
   */
  async runStanding(line: string, virtualNow: number, quickMs = 400): Promise<string | undefined> {
    this.served.beginRun(virtualNow);
    let exited = false;
    let pid: number | undefined;
    const running = this.exec(line, (p) => (pid = p)).then((r) => { exited = true; return r; });
    const started = Date.now();
    while (!exited && this.served.openWatches() === 0 && Date.now() - started < quickMs) await new Promise((r) => setTimeout(r, 2));
    if (!exited) {
      if (pid !== undefined) try { process.kill(-pid, 'SIGKILL'); } catch { /* already gone */ }
      this.served.closeWatches();
      await running;
      return undefined;
    }
    const r = await running;
    const delta = this.served.run().delta;
    return delta === undefined ? r.output : unshiftText(r.output, delta);
  }

  private exec(line: string, started?: (pid: number | undefined) => void): Promise<RealRun> {
    bootObjectsBefore(this.cluster, line);
    return new Promise((done) => {
      const child = spawn('bash', ['-c', `exec 2>&1\n${line}`], {
        // Its own process group, so that runStanding can stop bash and kubectl together.
        detached: true,
        cwd: join(this.dir, 'work'),
        stdio: ['ignore', 'pipe', 'inherit'],
        env: {
          PATH: `${this.binDir}:/usr/bin:/bin`,
          HOME: join(this.dir, 'home'),
          KUBECONFIG: join(this.dir, 'kubeconfig'),
          TZ: 'UTC',
          LANG: 'C.UTF-8',
        },
      });
      started?.(child.pid);
      let out = '';
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (d: string) => (out += d));
      const work = join(this.dir, 'work');
      child.on('close', (code) => done({ output: this.virtualCwd ? out.split(work).join(this.virtualCwd) : out, endedAt: Date.now(), status: code ?? 1 }));
    });
  }

  /**
   * Copies the simulated shell's working directory (what `cat <<EOF > x.yaml` wrote there, folders too, not dot files)
   * into the real bash's working directory, so `kubectl apply -f x.yaml` reads the same bytes in both.
   */
  mirror(fs: MemoryFileSystem, cwd: string): void {
    const work = join(this.dir, 'work');
    rmSync(work, { recursive: true, force: true });
    const copy = (from: string, to: string) => {
      mkdirSync(to, { recursive: true });
      for (const name of fs.readDir(from) ?? []) {
        if (name.startsWith('.')) continue;
        const p = `${from.replace(/\/$/, '')}/${name}`;
        const st = fs.stat(p);
        if (st?.type === 'dir') copy(p, join(to, name));
        else if (st?.type === 'file') writeFileSync(join(to, name), fs.readFile(p) ?? '');
      }
    };
    copy(cwd, work);
    this.virtualCwd = cwd;
  }

  /**
   * Runs a write line against `cluster` (a replay copy this front serves, writes allowed). The copy's clock stands
   * still while kubectl talks to it; while kubectl waits on a watch (delete waiting for the object to go, drain,
   * rollout restart's wait-free path) the copy moves one instant at a time, each instant's watch events given a
   * moment to reach kubectl before the next, so the line ends at the virtual instant its condition is met, as our
   * own line does under the runner. Returns the output, the exit status and the writes the front served.
   */
  async runWrite(line: string, cluster: Cluster, maxLineMs: number): Promise<{ output: string; status: number; writes: string[] }> {
    const clock = cluster.clock;
    const t0 = clock.now();
    this.served.takeWrites();
    this.served.beginRun(t0);
    let exited = false;
    let pid: number | undefined;
    const running = this.exec(line, (p) => (pid = p)).then((r) => { exited = true; return r; });
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    let sent = this.served.watchEvents();
    const started = Date.now();
    while (!exited) {
      // A line that polls with GETs (drain's wait for its evictions) never opens a watch, so the copy's clock
      // never moves for it: it is stopped, and the difference shows.
      if (Date.now() - started > WRITE_WALL_LIMIT_MS) {
        process.stderr.write(`warning: "${line}" still ran after ${WRITE_WALL_LIMIT_MS / 1000} s against the replay copy: stopped\n`);
        if (pid !== undefined) try { process.kill(-pid, 'SIGKILL'); } catch { /* gone */ }
        break;
      }
      if (this.served.openWatches() === 0 || this.served.run().firstRequestAt === undefined) { await sleep(2); continue; }
      // Before the next instant, kubectl takes in what the last one sent: it may be the event it waits for, and
      // it must end at that instant. An instant that sent nothing to kubectl needs only a short pause.
      const now = this.served.watchEvents();
      await sleep(now !== sent ? 300 : 20);
      sent = now;
      if (exited || this.served.watchEvents() !== sent) continue;
      const next = clock.nextAt();
      if (next === undefined || next > t0 + maxLineMs) { await sleep(5); continue; }
      await advanceTo(clock, next);
    }
    this.served.closeWatches();
    const r = await running;
    const delta = this.served.run().delta;
    return { output: delta === undefined ? r.output : unshiftText(r.output, delta), status: r.status, writes: this.served.takeWrites().map(recordLine) };
  }

  /** The simulated shell's working directory, which real kubectl's absolute paths (`-k .`) name instead of ours. */
  private virtualCwd = '';

  async close(): Promise<void> {
    await this.served.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export interface Difference { line: string; real: string; ours: string }

/**
 * Plays one scenario through the same runner as `kubelab script` and the
 * transcript test; returns the transcript (real output for read-only kubectl
 * lines) and where ours differed.
 */
export async function generate(scenario: string, binary: string, every = false, writes = true): Promise<{ transcript: string; differences: Difference[]; compared: number }> {
  const lines = scenario.split('\n');
  const header = parseHeader(lines[0]);
  if (header) lines.shift();
  const opts = header ?? {};
  const differences: Difference[] = [];
  let compared = 0;
  let real: RealKubectl | undefined;
  let text = header ? `# kubelab script${opts.seed !== undefined ? ` --seed ${opts.seed}` : ''}${opts.nodes !== undefined ? ` --nodes ${opts.nodes}` : ''}\n` : '';
  let index = -1;
  // Write lines (see replay.ts): the real kubectl writes into a replay copy kept in step with this cluster.
  let replay: Replay | undefined;
  let copyReal: RealKubectl | undefined;
  let ourWrites: (() => string[]) | undefined;
  let main: { cluster: Cluster; session: Session } | undefined;
  let pending: { line: string; status: number; writes: string[] } | undefined;
  /** After a write line: the two clusters' objects, the exit statuses and the writes sent, compared; a copy that differs is dropped. */
  const settle = async (at: { cluster: Cluster; session: Session }) => {
    const p = pending!;
    pending = undefined;
    // bootObjectsBefore guesses from the words; our kubectl decides after parsing, and a line that ends before its run
    // (--help, a command group's help, an unknown subcommand) writes nothing. A real cluster holds these objects from
    // boot on, so when the engine writes them is not observable: ours get them here too, before the stores are compared
    // (had ours needed them before a write of the line, their resourceVersions would still differ).
    if (bootObjectsWritten(at.cluster) && !bootObjectsWritten(main!.cluster)) writeBootObjects(main!.cluster);
    const real = stateOf(at.cluster);
    const ours = stateOf(main!.cluster);
    real.set('(exit status)', String(p.status));
    ours.set('(exit status)', String(main!.session.shell.status));
    // The requests themselves (subresource, patch type, field manager) leave no trace in the engine, which keeps no
    // managedFields: a difference there is noted, not counted.
    const sent = { real: p.writes.join('; '), ours: ourWrites!().join('; ') };
    if (sent.real !== sent.ours) process.stderr.write(`note: "${p.line}" sends other writes:\n  real:    ${sent.real || '(none)'}\n  KubeLab: ${sent.ours || '(none)'}\n`);
    const d = stateDifference(real, ours);
    if (!d) return;
    differences.push({ line: `${p.line}    [exit status and stored objects after the line]`, ...d });
    await dropReplay();
  };
  const dropReplay = async () => {
    await copyReal?.close();
    await replay?.stop();
    copyReal = replay = undefined;
  };
  try {
    await runScriptStreaming(lines.join('\n'), {
      ...opts,
      aroundLine: async (line, cluster, continuing, session) => {
        index++;
        main ??= { cluster, session };
        ourWrites ??= recordWrites(cluster);
        if (pending) await settle(await replay!.reach(index));
        const writeVerb = continuing ? undefined : kubectlVerb(withoutAssignments(line));
        if (writes && writeLine(line, writeVerb)) {
          replay ??= new Replay(lines, opts);
          const at = await replay.reach(index);
          copyReal ??= await RealKubectl.start(at.cluster, binary, true);
          copyReal.mirror(at.session.fs, at.session.shell.cwd);
          const r = await copyReal.runWrite(line, at.cluster, opts.maxLineMs ?? DEFAULT_MAX_LINE_MS);
          replay.skip(index, r.status);
          ourWrites();
          pending = { line, status: r.status, writes: r.writes };
          compared++;
          return (ours) => {
            const real = sameLimitRangeOrder(line, sameGoroutineOrder(line, sameTempFiles(r.output, ours), ours), ours);
            if (ours !== real) differences.push({ line, real, ours });
            return real;
          };
        }
        const how = continuing ? undefined : watchMode(line);
        if (how) {
          real ??= await RealKubectl.start(cluster, binary);
          real.mirror(session.fs, session.shell.cwd);
          // The real binary watches a replay of the script up to this line (the engine is deterministic: the same
          // cluster at the same instant), which then moves on in time; this cluster stays where it is for our line.
          const realOut = await real.runStanding(line, cluster.clock.now()) ?? await realWatch(lines.slice(0, index + 1), opts, binary, how);
          compared++;
          return (ours) => {
            if (ours !== realOut) differences.push({ line, real: realOut, ours });
            return realOut;
          };
        }
        const verb = continuing ? undefined : kubectlVerb(line);
        if (!verb || (!every && !READ_VERBS.has(verb))) return undefined;
        real ??= await RealKubectl.start(cluster, binary);
        real.mirror(session.fs, session.shell.cwd);
        const at = cluster.clock.now();
        const realOut = await real.run(line, at);
        // --every: a line the real binary tried to write through the read-only front is not compared (its answer is the refusal).
        // Generators (create deployment, run, expose...) print the refusal's message wrapped in their own words.
        if (every && /MethodNotAllowed|not served by the loopback front|the server does not allow this method on the requested resource/.test(realOut)) return undefined;
        compared++;
        return (ours) => {
          if (cluster.clock.now() !== at) process.stderr.write(`warning: "${line}" moved the virtual clock by ${cluster.clock.now() - at}ms\n`);
          if (ours !== realOut) differences.push({ line, real: realOut, ours });
          return realOut;
        };
      },
    }, (t) => (text += t));
    if (pending) await settle(await replay!.finish());
  } finally {
    await real?.close();
    await dropReplay();
  }
  return { transcript: text, differences, compared };
}

/** Replays `prefix` (its last line the watching one) in a fresh cluster and runs that last line with the real binary there. */
async function realWatch(prefix: string[], opts: ScriptOptions, binary: string, how: WatchMode): Promise<string> {
  const done = new Error('the real run is over');
  let out = '';
  let index = -1;
  try {
    await runScriptStreaming(prefix.join('\n'), {
      ...opts,
      aroundLine: async (line, cluster, _continuing, session) => {
        if (++index < prefix.length - 1) return undefined;
        const real = await RealKubectl.start(cluster, binary);
        try {
          real.mirror(session.fs, session.shell.cwd);
          out = await real.runWatch(line, cluster, how, opts.maxLineMs ?? DEFAULT_MAX_LINE_MS);
        } finally {
          await real.close();
        }
        throw done;
      },
    }, () => {});
  } catch (e) {
    if (e !== done) throw e;
  }
  return out;
}

function unifiedDiff(real: string, ours: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'golden-diff-'));
  try {
    writeFileSync(join(dir, 'real'), real);
    writeFileSync(join(dir, 'ours'), ours);
    try {
      execFileSync('diff', ['-u', 'real', 'ours'], { cwd: dir, encoding: 'utf8' });
      return '';
    } catch (e) {
      return String((e as { stdout?: string }).stdout ?? '').split('\n').slice(2).join('\n');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function realBinary(): string {
  // The real kubectl v1.35.2 (unpacked from an npm package by the shared tool), or REAL_KUBECTL=/path.
  return process.env.REAL_KUBECTL ?? execFileSync('bash', [join(ROOT, '../shared/tools/real-kubectl.sh')], { encoding: 'utf8' }).trim();
}

/**
 * `--every FILE`: plays FILE's lines and compares every kubectl line, any verb, whose real run wrote nothing: client-side
 * errors, flag and argument checks, usage texts, dry runs. Writes nothing; for finding differences, not for goldens.
 */
async function compareEvery(file: string | undefined): Promise<number> {
  if (!file) throw new Error('--every needs a file of shell lines');
  const { differences, compared } = await generate(readFileSync(file, 'utf8'), realBinary(), true, !process.argv.includes('--no-writes'));
  for (const d of differences) console.log(`--- real / +++ KubeLab: $ ${d.line}\n${unifiedDiff(d.real, d.ours)}`);
  console.log(`${compared} lines compared, ${differences.length} differ`);
  return 0;
}

async function main(argv: string[]): Promise<number> {
  const check = argv.includes('--check');
  const noWrites = argv.includes('--no-writes');
  const every = argv.indexOf('--every');
  if (every >= 0) return compareEvery(argv[every + 1]);
  const names = argv.filter((a) => !a.startsWith('--'));
  const all = readdirSync(SCENARIOS).filter((f) => f.endsWith('.sh')).map((f) => basename(f, '.sh')).sort();
  const chosen = names.length ? names : all;
  for (const n of chosen) if (!all.includes(n)) throw new Error(`no scenario ${n} (have: ${all.join(', ')})`);
  const binary = realBinary();
  let total = 0;
  let differing = 0;
  for (const name of chosen) {
    // errors-*.sh compare every kubectl line, not only the read-only ones: their subject is what kubectl refuses.
    // daemonset-history.sh too: `rollout history` and `rollout undo` only read when they print, skip or dry-run.
    // rbac.sh too: its subject is `auth can-i`/`whoami` and what impersonated requests are refused.
    const { transcript, differences, compared } = await generate(readFileSync(join(SCENARIOS, `${name}.sh`), 'utf8'), binary, name.startsWith('errors') || name === 'daemonset-history' || name === 'rbac', !noWrites && !READ_ONLY_SCENARIOS.has(name));
    total += compared;
    differing += differences.length;
    console.log(`${name}: ${compared} kubectl lines from the real binary, ${differences.length} differ from KubeLab`);
    for (const d of differences) console.log(`--- real / +++ KubeLab: $ ${d.line}\n${unifiedDiff(d.real, d.ours)}`);
    if (!check) writeFileSync(join(OUT_DIR, `real-${name}.txt`), transcript);
  }
  console.log(`${total} lines compared, ${differing} differ`);
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then((code) => process.exit(code), (e) => {
    console.error(e);
    process.exit(1);
  });
}
