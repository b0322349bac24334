/**
 * Script mode (`kubelab script`, golden transcripts): each line is typed at the
 * prompt of a fresh cluster, and the transcript is what a terminal would show.
 * Time jumps: while a line's promise is pending, the runner steps the virtual
 * clock to the next event, so `sleep 60`, `kubectl rollout status` and
 * `timeout 30 kubectl get pods -w` finish at once, in simulated time, whatever
 * command is waiting. Nothing here is per-command.
 */
import { Cluster } from '../cluster.js';
import type { VirtualClock } from '../util/clock.js';
import { loadOptionalCommands, Session } from './session.js';
import { loadBatchControllers } from '../controllers/job/loader.js';
import { statefulSetCode } from '../api/registry/statefulsets.js';
import { loadQuotaController } from '../controllers/resourcequota/loader.js';
import { loadVolumeControllers } from '../controllers/volume/loader.js';
import { loadHorizontalController } from '../controllers/podautoscaler/loader.js';
import { loadDisruptionController } from '../controllers/disruption/loader.js';

export interface ScriptOptions {
  seed?: number;
  /** Worker nodes (default: the Cluster's default of 2). */
  nodes?: number;
  /**
   * A line still running after this much simulated time is interrupted as if
   * the learner pressed Ctrl-C (`kubectl get pods -w` without `timeout`).
   */
  maxLineMs?: number;
  /** Terminal width the commands see (ls columns, watch header). */
  columns?: number;
  /**
   * Dev tooling (scripts/real-kubectl): called before each line runs, while
   * the clock stands still; a returned function rewrites that line's output.
   */
  aroundLine?: (line: string, cluster: Cluster, continuing: boolean, session: Session) => Promise<((output: string) => string) | undefined>;
}

export const DEFAULT_MAX_LINE_MS = 600_000;

/** Runs the event loop until pending callbacks and promise chains have run (a macrotask turn). */
export function macrotask(): Promise<void> {
  const g = globalThis as unknown as { setImmediate?: (fn: () => void) => void; setTimeout: (fn: () => void, ms: number) => void };
  return new Promise((resolve) => (g.setImmediate ? g.setImmediate(resolve) : g.setTimeout(resolve, 0)));
}

/**
 * Waits for `promise`, advancing `clock` one instant at a time while it is
 * pending. `onLimit` is called once when `maxMs` of simulated time has passed.
 */
export async function driveClock<T>(promise: Promise<T>, clock: VirtualClock, maxMs: number, onLimit: () => void): Promise<T> {
  let done = false;
  promise.then(() => (done = true), () => (done = true));
  const start = clock.now();
  let limited = false;
  for (;;) {
    await macrotask();
    if (done) return promise;
    if (!limited && clock.now() - start >= maxMs) {
      limited = true;
      onLimit();
      continue;
    }
    if (clock.held()) continue;
    const next = clock.nextAt();
    if (next === undefined || limited) {
      if (!limited) { limited = true; onLimit(); }
      continue;
    }
    // One timer at a time: one that holds the clock (code loading for a container's command) stops the instant
    // there, and the rest of it runs after the load, in the order an engine with the code loaded runs it.
    const target = Math.min(next, start + maxMs);
    for (let at = next; at <= target && !clock.held(); at = clock.nextAt() ?? Infinity) clock.step();
    if (!clock.held()) clock.runUntilTime(target);
  }
}

/** Script text → transcript text. */
export async function runScript(script: string, opts: ScriptOptions = {}): Promise<string> {
  let out = '';
  await runScriptStreaming(script, opts, (t) => (out += t));
  return out;
}

export async function runScriptStreaming(script: string, opts: ScriptOptions, write: (text: string) => void): Promise<void> {
  const cluster = new Cluster({ seed: opts.seed ?? 1, ...(opts.nodes !== undefined ? { workers: opts.nodes } : {}) }).boot();
  const session = new Session({ cluster, terminal: { isTTY: true, columns: opts.columns ?? 80, rows: 24 } });
  await loadOptionalCommands(session);
  // Controllers that load on first use start at once when already loaded: a script must not depend on how long a load takes.
  await Promise.all([loadBatchControllers(), loadHorizontalController(), statefulSetCode.load(), loadQuotaController(), loadDisruptionController(), loadVolumeControllers()]);
  let last = '\n';
  const emit = (t: string) => {
    if (t === '') return;
    write(t);
    last = t[t.length - 1];
  };
  const lines = script.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  for (const line of lines) {
    if (last !== '\n') emit('\n');
    const continuing = session.continuing;
    emit(`${continuing ? '>' : '$'}${line === '' ? '' : ' ' + line}\n`);
    const rewrite = opts.aroundLine ? await opts.aroundLine(line, cluster, continuing, session) : undefined;
    let captured = '';
    const result = await driveClock(session.run(line.replace(/\r$/, ''), rewrite ? (t) => (captured += t) : emit), cluster.clock, opts.maxLineMs ?? DEFAULT_MAX_LINE_MS, () => session.interrupt());
    if (rewrite) emit(rewrite(captured));
    if (result.exited) return;
    // A person types the next line a moment later, by which time the cluster has reacted to this one
    // (a controller's taint after `kubectl cordon`, the ServiceAccount of a new namespace): let what is
    // already due at this instant run, without moving the clock.
    cluster.clock.runUntilTime(cluster.clock.now());
  }
  const end = session.endOfInput(emit);
  await driveClock(end, cluster.clock, opts.maxLineMs ?? DEFAULT_MAX_LINE_MS, () => session.interrupt());
  if (last !== '\n') emit('\n');
}

/**
 * The script inside a transcript: `$ ` lines and the `> ` lines that continue
 * them (decided by parsing, so output that starts with `> ` stays output).
 */
export function scriptFromTranscript(transcript: string): { script: string; options: ScriptOptions; body: string } {
  const all = transcript.split('\n');
  const options: ScriptOptions = {};
  let body = transcript;
  if (all[0]?.startsWith('# kubelab script')) {
    const args = all[0].split(/\s+/).slice(3);
    for (let i = 0; i < args.length; i++) {
      if (args[i] === '--seed') options.seed = Number(args[++i]);
      else if (args[i] === '--nodes') options.nodes = Number(args[++i]);
    }
    all.shift();
    body = all.join('\n');
  }
  const script: string[] = [];
  const probe = new Session({});
  let continuing = false;
  for (const l of all) {
    if (continuing && (l.startsWith('> ') || l === '>')) {
      const text = l === '>' ? '' : l.slice(2);
      script.push(text);
      continuing = probeIncomplete(probe, text);
      continue;
    }
    if (l.startsWith('$ ') || l === '$') {
      const text = l === '$' ? '' : l.slice(2);
      script.push(text);
      probe.interrupt();
      continuing = probeIncomplete(probe, text);
    }
  }
  return { script: script.length ? script.join('\n') + '\n' : '', options, body };
}

/** Feeds a line to a parse-only session state: true when it asks for more. */
function probeIncomplete(probe: Session, line: string): boolean {
  return probe.wouldContinue(line);
}
