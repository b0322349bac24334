/**
 * Plays hostile input against a booted cluster and checks what a learner
 * could see: kubectl and the shell answer with their own error texts (never a
 * JavaScript one), a rejected manifest changes nothing it did not fully apply,
 * and no command blocks the page for long.
 *
 * Shared by test/reliability/fuzz.test.ts and scripts/fuzz.ts.
 */
import { ensureKubeadmObjects } from '../../../engine/api/bootstrap/kubeadm-objects-gate.js';
import { Cluster } from '../../../engine/cluster.js';
import { isStatusError } from '../../../engine/api/errors.js';
import type { KObject } from '../../../engine/api/meta.js';
import { kubectlRunner, type Runner } from '../../../engine/kubectl/test-helpers.js';
import { driveClock, macrotask } from '../../../engine/shell/script.js';
import { loadOptionalCommands, Session } from '../../../engine/shell/session.js';
import { caseObjects, manifestText, type ManifestCase } from './inputs.js';

export class FuzzFailure extends Error {}

/** Texts only a JavaScript failure produces; kubectl and bash never print them. */
const JS_ERROR = /\b(TypeError|RangeError|ReferenceError|SyntaxError|InternalError|Maximum call stack|Cannot read propert|Cannot create propert|Cannot set propert|Cannot convert|Invalid array length|Invalid string length|out of memory|is not a function|is not iterable|undefined is not|\[object Object\]|at [A-Za-z.<>]+ \(.*:\d+:\d+\))/;

/**
 * How kubectl reports failure (cmdutil.CheckErr and the builder's visitors;
 * texts checked against kubectl v1.35.2): one "error: ..." line, "Error from
 * server (Reason): ...", or, when several documents failed, each message on
 * its own line, which starts with what the visitor says.
 */
// `[a, b]`: apply's read errors of several documents, one aggregate line before the server's errors (utilerrors.NewAggregate).
const KUBECTL_ERROR_LINE = /^(\[|error: |Error from server|Error: |error parsing |error validating |error when |unable to recognize |unable to decode |resource mapping not found |The connection to the server |Warning: |warning: |The [A-Z][A-Za-z]* "(?:[^"\\]|\\.)*" is invalid|the server |the namespace from the provided object|\s)/;

export interface Snapshot {
  revision: number;
  objects: Map<string, KObject>;
}

/** Every stored object by "resource|namespace/name" (what a rejected command must leave alone). */
export function snapshot(cluster: Cluster): Snapshot {
  const objects = new Map<string, KObject>();
  const store = cluster.store as unknown as { buckets: Map<string, Map<string, KObject>> };
  for (const [resource, bucket] of store.buckets) for (const [key, obj] of bucket) objects.set(`${resource}|${key}`, obj);
  return { revision: cluster.store.currentRevision(), objects };
}

/** Keys whose object was created, replaced or removed between two snapshots. */
export function changedKeys(before: Snapshot, after: Snapshot): string[] {
  const out: string[] = [];
  for (const [k, v] of after.objects) if (before.objects.get(k) !== v) out.push(k);
  for (const k of before.objects.keys()) if (!after.objects.has(k)) out.push(k);
  return out;
}

/**
 * Runs `fn` and reports its wall time and the longest stretch it kept the
 * event loop from turning (what a page feels as a freeze): a chain of
 * setImmediate callbacks notes the time between turns. Promise chains that
 * never yield to the event loop count as one stretch, as they would in a page.
 */
export async function measured<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number; cpuMs: number; blockedMs: number; blockedCpuMs: number }> {
  const t0 = performance.now();
  const cpu0 = cpuMs();
  let last = t0;
  let lastCpu = cpuMs();
  let blockedMs = 0;
  let blockedCpuMs = 0;
  let done = false;
  const tick = () => {
    const now = performance.now();
    const cpu = cpuMs();
    blockedMs = Math.max(blockedMs, now - last);
    blockedCpuMs = Math.max(blockedCpuMs, cpu - lastCpu);
    last = now;
    lastCpu = cpu;
    if (!done) setImmediate(tick);
  };
  setImmediate(tick);
  try {
    const value = await fn();
    tick();
    return { value, ms: performance.now() - t0, cpuMs: cpuMs() - cpu0, blockedMs, blockedCpuMs };
  } finally {
    done = true;
  }
}

/**
 * This process's CPU time. On a shared machine a stretch of wall time also
 * counts the time other processes had the CPU; the CPU time between two turns
 * of the event loop is the work a page would have felt.
 */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

export function newTarget(seed: number): { cluster: Cluster; runner: Runner } {
  const cluster = new Cluster({ seed, bootAgeMs: 0 }).boot();
  return { cluster, runner: kubectlRunner(cluster) };
}

/**
 * `kubectl apply|create -f -` with the case's text on stdin. Throws FuzzFailure
 * when a promise is broken; returns the command's wall time.
 */
/** kubectl apply, create, or apply --server-side (structured-merge-diff's merge and its typed-patch refusals). */
export type ManifestVerb = 'apply' | 'create' | 'apply-server-side';

export async function runManifestCase(target: { cluster: Cluster; runner: Runner }, c: ManifestCase, verb: ManifestVerb): Promise<{ ms: number; blockedMs: number; code: number; stderr: string; textLength: number }> {
  const { cluster, runner } = target;
  const text = manifestText(c);
  // What earlier cases left due at this instant runs first: kubectl lets the instant's work run when it exits, and
  // an earlier Deployment's status write would otherwise count as this case's change.
  // A load an earlier case started holds the instant until it is done.
  for (let i = 0; cluster.clock.held() && i < 10_000; i++) await new Promise((r) => setTimeout(r, 1));
  cluster.clock.runDue();
  // kube-system's boot objects are there from boot on a real cluster; the lab writes them at the first command that
  // may read them (a manifest does), which is not this case's change.
  await ensureKubeadmObjects(cluster);
  const before = snapshot(cluster);
  let m;
  try {
    m = await measured(() => runner.run(verb === 'apply-server-side' ? ['apply', '--server-side', '-f', '-'] : [verb, '-f', '-'], { stdin: text }));
  } catch (e) {
    throw new FuzzFailure(`kubectl ${verb} threw ${String((e as Error)?.stack ?? e)}`);
  }
  const r = m.value;
  const after = snapshot(cluster);
  const out = r.stdout + r.stderr;
  if (JS_ERROR.test(out)) throw new FuzzFailure(`kubectl ${verb} printed a JavaScript error:\n${out.slice(0, 2000)}`);
  if (r.code !== 0) {
    if (!r.stderr) throw new FuzzFailure(`kubectl ${verb} failed (exit ${r.code}) without a message`);
    // Continuation lines of a multi-line message (field errors, YAML context) follow a recognised first line.
    if (!KUBECTL_ERROR_LINE.test(r.stderr.split('\n')[0])) throw new FuzzFailure(`kubectl ${verb} failed with an unfamiliar message: ${JSON.stringify(r.stderr.slice(0, 500))}`);
  }
  // Whatever changed must be an object one of the documents names, written in full.
  const named = new Set<string>();
  // A replaced, cut or edited text names its objects in the text (a cut can leave `name: a` of `name: a00aaab1qc`): any `name: x` in it counts.
  if (c.text.op !== 'none') for (const m of text.matchAll(/name"?\s*:\s*"?([^"\s,}]+)/g)) named.add(m[1]);
  for (const o of safeObjects(c)) {
    const meta = (o as { metadata?: { name?: unknown } } | null)?.metadata;
    if (meta && typeof meta.name === 'string') named.add(meta.name);
  }
  for (const k of changedKeys(before, after)) {
    if (k.startsWith('events|') || k.startsWith('events.events.k8s.io|')) continue;
    const name = k.slice(k.lastIndexOf('/') + 1).replace(/^[^|]*\|/, '');
    const obj = after.objects.get(k);
    if (!named.has(name) && !(obj && isOwnedByNamed(obj, named, after.objects))) {
      throw new FuzzFailure(`kubectl ${verb} (exit ${r.code}) changed ${k}, which no document names`);
    }
    if (verb !== 'create' && !obj) throw new FuzzFailure(`kubectl ${verb} (exit ${r.code}) removed ${k}`);
    // Only what kubectl wrote (its field manager is kubectl-client-side-apply); a controller's ServiceAccount or Endpoints has none.
    const byKubectl = obj?.metadata.managedFields?.some((f) => f.manager?.startsWith('kubectl'));
    if (verb === 'apply' && obj && byKubectl && !obj.metadata.annotations?.['kubectl.kubernetes.io/last-applied-configuration']) {
      throw new FuzzFailure(`kubectl apply (exit ${r.code}) left ${k} without its last-applied-configuration: a half-applied object`);
    }
  }
  return { ms: m.ms, blockedMs: m.blockedMs, code: r.code, stderr: r.stderr, textLength: text.length };
}

function safeObjects(c: ManifestCase): unknown[] {
  try {
    return c.text.op === 'replace' ? [] : caseObjects(c);
  } catch {
    return [];
  }
}

/**
 * What the API server and the controllers made of a named object while kubectl ran and exited (the control plane
 * reacts before the next command runs): anything in a named namespace (its default ServiceAccount and root CA
 * ConfigMap), anything whose owner chain reaches a named object (a Deployment's ReplicaSet and pods, a DaemonSet's
 * ControllerRevision), a Service's EndpointSlices by their service-name label.
 */
function isOwnedByNamed(obj: KObject, named: Set<string>, objects: Map<string, KObject>, depth = 0): boolean {
  if (obj.metadata.namespace && named.has(obj.metadata.namespace)) return true;
  const service = obj.metadata.labels?.['kubernetes.io/service-name'];
  if (service && named.has(service)) return true;
  for (const ref of obj.metadata.ownerReferences ?? []) {
    if (named.has(ref.name)) return true;
    if (depth > 4) continue;
    for (const o of objects.values()) if (o.metadata.uid === ref.uid && isOwnedByNamed(o, named, objects, depth + 1)) return true;
  }
  return false;
}

/** The API server itself, without kubectl in front: anything but a Status error is a bug. */
export function runApiCase(cluster: Cluster, resource: string, input: unknown): void {
  const api = cluster.client('fuzz');
  const before = cluster.store.currentRevision();
  for (const call of [
    () => api.create(resource, 'default', input as KObject),
    () => api.update(resource, input as KObject),
    () => api.patch(resource, 'default', 'kubernetes', 'merge', input),
    () => api.patch(resource, 'default', 'kubernetes', 'json', input),
    () => api.patch(resource, 'default', 'kubernetes', 'strategic', input),
  ]) {
    const rev = cluster.store.currentRevision();
    try {
      call();
    } catch (e) {
      if (!isStatusError(e)) throw new FuzzFailure(`the API server threw a non-Status error for ${resource}: ${String((e as Error)?.stack ?? e).slice(0, 1500)}`);
      if (cluster.store.currentRevision() !== rev) throw new FuzzFailure(`a rejected ${resource} write still changed the store (${(e as Error).message})`);
    }
  }
  void before;
}

/**
 * A shell session on `cluster` and a helper that runs one line to completion in simulated time.
 * Each run reports, besides its times (read by `npm run fuzz` and `npm run bench`, never asserted in a
 * test), the line's steps and how many times it handed the event loop back to the host: deterministic
 * figures a test can hold the interpreter's cooperation to.
 */
export async function newShell(cluster: Cluster): Promise<{ session: Session; run: (line: string) => Promise<ShellRun> }> {
  let yields = 0;
  let atYield = 0;
  let maxGap = 0;
  // The steps the line took between two turns of the event loop: what the page would feel as one stretch of work.
  const cooperation = {
    yieldNow: () => {
      const steps = shell.session.shell.lineSteps;
      maxGap = Math.max(maxGap, steps - atYield);
      atYield = steps;
      yields++;
      return macrotask();
    },
  };
  const open = async () => {
    const s = new Session({ cluster, terminal: { isTTY: true, columns: 80, rows: 24 }, cooperation });
    await loadOptionalCommands(s);
    return s;
  };
  const shell = {
    session: await open(),
    async run(line: string): Promise<ShellRun> {
      const session = shell.session;
      let out = '';
      let m;
      let waitTurns = 0;
      yields = 0;
      atYield = 0;
      maxGap = 0;
      try {
        // Output beyond 64 KiB is counted, not kept: a loop that prints forever must not fill the test's memory.
        // Jobs the line left in the background (a fork bomb's) are part of what it costs: wait for them too, while they
        // work. A busy job holds the clock across its turns (Shell.pause), as a lazy load does; one that waits for
        // simulated time (`sleep 600 &`, `watch date &`) does neither and would wait here for ever: the next line's clock
        // drive runs it, as the page's clock does. (Waiting for it cost every later line 100,000 turns of the event loop,
        // ~0.5 s: the slow round of `npm run fuzz -- --seed 1841933560`, whose `watch … &` stayed for its 70 lines.)
        m = await measured(async () => {
          const r = await driveClock(session.run(line, (t) => (out = out.length > 65536 ? out : out + t)), cluster.clock, 120_000, () => session.interrupt());
          for (let steps = -1; waitTurns < 100_000 && session.shell.backgroundJobs > 0; waitTurns++) {
            if (!cluster.clock.held() && session.shell.lineSteps === steps) break;
            steps = session.shell.lineSteps;
            await macrotask();
          }
          return r;
        });
      } catch (e) {
        throw new FuzzFailure(`the shell threw for ${JSON.stringify(line.slice(0, 200))}: ${String((e as Error)?.stack ?? e).slice(0, 1500)}`);
      }
      const r = m.value;
      const steps = session.shell.lineSteps;
      maxGap = Math.max(maxGap, steps - atYield);
      if (r.incomplete) session.interrupt();
      if (JS_ERROR.test(out)) throw new FuzzFailure(`the shell printed a JavaScript error for ${JSON.stringify(line.slice(0, 200))}:\n${out.slice(0, 2000)}`);
      if (r.exited || session.exited) shell.session = await open();
      return { out, status: r.status, steps, yields, stepsBetweenYields: maxGap, waitTurns, ms: m.ms, cpuMs: m.cpuMs, blockedMs: m.blockedMs, blockedCpuMs: m.blockedCpuMs };
    },
  };
  return shell;
}

export interface ShellRun {
  out: string;
  status: number;
  /** Steps the line took (engine/shell/interpreter.ts counts them against its budget). */
  steps: number;
  /** Turns of the event loop the line gave back to the host. */
  yields: number;
  /** The most steps the line took without handing the event loop back. */
  stepsBetweenYields: number;
  /** Turns of the event loop spent after the line for the background jobs it left working. */
  waitTurns: number;
  ms: number;
  cpuMs: number;
  blockedMs: number;
  blockedCpuMs: number;
}
