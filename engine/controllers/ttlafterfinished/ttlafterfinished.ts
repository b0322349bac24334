/**
 * The TTL-after-finished controller (pkg/controller/ttlafterfinished,
 * release-1.35): a finished Job with spec.ttlSecondsAfterFinished is deleted
 * that many seconds after its Complete or Failed condition, in the foreground
 * (its pods go first), with the version it judged as a precondition.
 */
import type { Client } from '../../api/client.js';
import { isNotFound } from '../../api/errors.js';
import { objectKey, type KObject } from '../../api/meta.js';
import type { VirtualClock } from '../../util/clock.js';
import { parseTime } from '../../util/time.js';
import { WorkQueue, type Informer } from '../framework.js';
import type { Controller, ControllerContext } from '../manager.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

export const TTL_AFTER_FINISHED_CONTROLLER = 'ttl-after-finished-controller';

/** jobFinishTime: when the Complete or Failed condition became True; undefined while the Job runs. */
export function jobFinishTime(job: KObject): number | undefined {
  for (const c of ((job.status as Any)?.conditions ?? []) as Any[]) {
    if ((c.type === 'Complete' || c.type === 'Failed') && c.status === 'True') return parseTime(c.lastTransitionTime);
  }
  return undefined;
}

/** timeLeft: ms until the Job expires (≤ 0: now), or undefined when it has no TTL or is not finished. */
export function ttlTimeLeft(job: KObject, now: number): number | undefined {
  const ttl = (job.spec as Any)?.ttlSecondsAfterFinished;
  if (ttl === undefined || ttl === null || job.metadata.deletionTimestamp) return undefined;
  const finished = jobFinishTime(job);
  return finished === undefined ? undefined : finished + ttl * 1000 - now;
}

export class TTLAfterFinishedController implements Controller {
  readonly name = TTL_AFTER_FINISHED_CONTROLLER;
  private client!: Client;
  private clock!: VirtualClock;
  private jobs!: Informer;
  private queue!: WorkQueue;

  start(ctx: ControllerContext): void {
    this.client = ctx.client;
    this.clock = ctx.clock;
    this.queue = new WorkQueue(ctx.clock, (key) => this.process(key), TTL_AFTER_FINISHED_CONTROLLER);
    this.jobs = ctx.informers.for('jobs.batch');
    const enqueue = (j: KObject) => { if (ttlTimeLeft(j, this.clock.now()) !== undefined) this.queue.add(objectKey(j)); };
    this.jobs.addEventHandler({ add: enqueue, update: (_o, j) => enqueue(j) });
  }

  stop(): void {
    this.queue?.stop();
  }

  private process(key: string): void {
    const cached = this.jobs.get(key);
    if (!cached) return;
    const left = ttlTimeLeft(cached, this.clock.now());
    if (left === undefined) return;
    if (left > 0) {
      this.queue.addAfter(key, left);
      return;
    }
    try {
      // The cache may be stale: the fresh Job is judged again before it is deleted.
      const fresh = this.client.get('jobs.batch', cached.metadata.namespace, cached.metadata.name ?? '');
      const freshLeft = ttlTimeLeft(fresh, this.clock.now());
      if (freshLeft === undefined) return;
      if (freshLeft > 0) return this.queue.addAfter(key, freshLeft);
      this.client.delete('jobs.batch', fresh.metadata.namespace, fresh.metadata.name ?? '', {
        propagationPolicy: 'Foreground', preconditions: { resourceVersion: fresh.metadata.resourceVersion },
      });
    } catch (e) {
      if (!isNotFound(e)) this.queue.addRateLimited(key);
    }
  }
}
