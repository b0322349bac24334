/**
 * Grades one exercise on a running cluster. `begin()` marks the moment the
 * learner gets the cluster (after setup): the baseline of objects, the first
 * history entry that counts, and the injections scheduled from then on.
 * `evaluate()` observes every check, settles it (settle.ts) and folds checks
 * into tasks; a task is done once all its checks pass at the same moment, and
 * stays done. The page calls it on every tick and on the Check button; the
 * command line on every simulated second.
 */
import { ConnectionRefusedError } from '../engine/api/errors.js';
import type { Client } from '../engine/api/client.js';
import { RESOURCES, resourceKey } from '../engine/api/resources.js';
import type { Cluster } from '../engine/cluster.js';
import { CHECK_KINDS } from './checks/index.js';
import type { Check, CheckContext } from './checks/context.js';
import { applyInjection } from './inject.js';
import { ServiceLoad } from './load.js';
import { API_UNREACHABLE, CHECK_ERROR, INJECTION_TEXT } from './messages.js';
import { settle, type Gate, type SettleState } from './settle.js';
import type { CheckResult, CheckSpec, Exercise, ExerciseResult, InjectionSpec, Observation, TaskResult } from './types.js';

/** Simulated time between automatic evaluations. */
export const EVALUATE_EVERY_MS = 1_000;

export interface CheckerOptions {
  readFile?(path: string): string | undefined;
}

interface LiveCheck {
  spec: CheckSpec;
  check: Check;
  state: SettleState;
}

export class ExerciseChecker {
  private readonly client: Client;
  private readonly checks: LiveCheck[][];
  private readonly taskPassedAt = new Map<string, number>();
  private readonly injections = new Map<string, number>();
  private start = 0;
  private historyStart = 0;
  private baseline = new Map<string, string>();
  private timers: number[] = [];
  private stopTicking?: () => void;
  private began = false;
  /** The exercise's load (created when it sends any). */
  readonly load?: ServiceLoad;
  last?: ExerciseResult;

  constructor(readonly exercise: Exercise, readonly cluster: Cluster, private readonly opts: CheckerOptions = {}) {
    this.client = cluster.client('kubelab-checker');
    if (exercise.setup.inject.some((i) => i.action === 'send-load')) this.load = new ServiceLoad(cluster);
    this.checks = exercise.tasks.map((t) => t.checks.map((spec) => ({ spec, check: CHECK_KINDS.get(spec.type)!.create(spec.params), state: {} })));
  }

  /** The learner starts now: record the baseline and schedule the injections. */
  begin(): void {
    if (this.began) return;
    this.began = true;
    this.start = this.cluster.clock.now();
    this.historyStart = this.cluster.history.length;
    for (const info of RESOURCES) {
      if (info.virtual) continue;
      const resource = resourceKey(info);
      for (const [key, obj] of this.cluster.store.bucket(resource)) {
        const [ns, name] = key.includes('/') ? key.split('/') : ['', key];
        this.baseline.set(`${resource}/${ns}/${name}`, obj.metadata.uid!);
      }
    }
    for (const inj of this.exercise.setup.inject) {
      // At 0 s means "already so when the learner arrives", before their first command.
      if (inj.at === 0) this.fire(inj);
      else this.timers.push(this.cluster.clock.at(this.start + inj.at, () => this.fire(inj)));
    }
  }

  /** Evaluates on the cluster's clock every `EVALUATE_EVERY_MS` (a daemon timer: it never keeps the clock busy). */
  startTicking(onResult?: (r: ExerciseResult) => void): void {
    this.stopTicking?.();
    this.stopTicking = this.cluster.clock.every(EVALUATE_EVERY_MS, () => {
      const r = this.evaluate();
      onResult?.(r);
    }, { daemon: true });
  }

  stop(): void {
    for (const t of this.timers) this.cluster.clock.cancel(t);
    this.timers = [];
    this.load?.stop();
    this.stopTicking?.();
    this.stopTicking = undefined;
  }

  /** Simulated ms since the learner started. */
  elapsed(): number {
    return this.cluster.clock.now() - this.start;
  }

  evaluate(): ExerciseResult {
    const now = this.cluster.clock.now();
    const ctx: CheckContext = {
      cluster: this.cluster,
      client: this.client,
      now,
      start: this.start,
      historyStart: this.historyStart,
      history: this.cluster.history,
      baseline: this.baseline,
      injections: this.injections,
      readFile: this.opts.readFile,
      load: this.load,
    };
    const tasks: TaskResult[] = this.exercise.tasks.map((task, ti) => {
      const results: CheckResult[] = this.checks[ti].map((lc) => settle(lc.spec, lc.state, this.observe(lc, ctx), now, this.start, this.gate(lc.spec)));
      let passedAt = this.taskPassedAt.get(task.id);
      if (passedAt === undefined && results.every((r) => r.status === 'pass')) {
        passedAt = now;
        this.taskPassedAt.set(task.id, now);
      }
      return { id: task.id, passed: passedAt !== undefined, checks: results };
    });
    this.last = { exercise: this.exercise.id, elapsedMs: now - this.start, passed: tasks.every((t) => t.passed), tasks };
    return this.last;
  }

  private observe(lc: LiveCheck, ctx: CheckContext): Observation {
    try {
      return lc.check.observe(ctx);
    } catch (e) {
      if (e instanceof ConnectionRefusedError) return { status: 'unknown', msg: API_UNREACHABLE };
      return { status: 'unknown', msg: CHECK_ERROR(e instanceof Error ? e.message : String(e)) };
    }
  }

  private gate(spec: CheckSpec): Gate | undefined {
    if (!spec.after) return undefined;
    const inj = this.exercise.setup.inject.find((i) => i.id === spec.after)!;
    return { happenedAt: this.injections.get(spec.after), what: INJECTION_TEXT[inj.action](inj.target ?? inj.selector ?? '') };
  }

  private fire(inj: InjectionSpec): void {
    applyInjection(this.cluster, inj, this.load);
    if (inj.id && !this.injections.has(inj.id)) this.injections.set(inj.id, this.cluster.clock.now());
    if (inj.every) this.timers.push(this.cluster.clock.schedule(inj.every, () => this.fire(inj), { daemon: true }));
  }
}
