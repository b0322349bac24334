/**
 * The CronJob controller (pkg/controller/cronjob/cronjob_controllerv2.go,
 * release-1.35): at each time its schedule names (in spec.timeZone, else the
 * controller's UTC), a CronJob makes a Job `<name>-<minutes since the epoch>`
 * from its template, honouring concurrencyPolicy and startingDeadlineSeconds;
 * it keeps status.active, lastScheduleTime and lastSuccessfulTime, and deletes
 * finished Jobs beyond its history limits.
 */
import type { Client } from '../../api/client.js';
import { isAlreadyExists, isNotFound } from '../../api/errors.js';
import type { EventRecorder } from '../../api/events.js';
import { clone, controllerRef, objectKey, type KObject } from '../../api/meta.js';
import { nextAfter, parseCron, type CronSchedule } from '../../api/validation/cron.js';
import { loadLocation, type Zone } from '../../util/time-zone.js';
import type { VirtualClock } from '../../util/clock.js';
import { parseTime, rfc1123, rfc3339 } from '../../util/time.js';
import { WorkQueue, type Informer } from '../framework.js';
import type { Controller, ControllerContext } from '../manager.js';
import { ensureControllerIndex, ownedBy } from '../replicaset/indexes.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

export const CRONJOB_CONTROLLER = 'cronjob-controller';
export const SCHEDULED_TIMESTAMP_ANNOTATION = 'batch.kubernetes.io/cronjob-scheduled-timestamp';
/** nextScheduleDelta: the controller wakes 100 ms after a scheduled time. */
export const NEXT_SCHEDULE_DELTA_MS = 100;
const TOO_MANY_MISSED = 100;

const conditionOf = (j: KObject): string | undefined => ((j.status as Any)?.conditions ?? []).find((c: Any) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True')?.type;

/** getJobName: the scheduled time in minutes since the epoch makes the name, so one time never makes two Jobs. */
export function jobNameFor(cronJobName: string, scheduledMs: number): string {
  return `${cronJobName}-${Math.floor(scheduledMs / 60_000)}`;
}

/** time.Time.Format(time.RFC3339) in `zone`. */
export function rfc3339In(ms: number, zone: Zone): string {
  const offsetMinutes = Math.round(zone.offsetMs(ms) / 60_000);
  if (offsetMinutes === 0) return rfc3339(ms);
  const local = new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, 19);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** time.RFC1123Z in UTC: "Mon, 02 Jan 2006 15:04:05 +0000". */
export function rfc1123z(ms: number): string {
  return rfc1123(ms, '+0000');
}

/**
 * mostRecentScheduleTime: the latest scheduled time not yet acted on (after the last schedule, or the
 * creation, or now minus startingDeadlineSeconds), and how many were missed; undefined if none is due.
 */
export function unmetScheduleTime(cj: KObject, sched: CronSchedule, now: number, zone: Zone): { time?: number; missed: number } {
  let earliest = parseTime((cj.status as Any)?.lastScheduleTime) ?? parseTime(cj.metadata.creationTimestamp) ?? now;
  const sds = (cj.spec as Any)?.startingDeadlineSeconds;
  if (sds !== undefined && sds !== null && now - sds * 1000 > earliest) earliest = now - sds * 1000;
  const t1 = nextAfter(sched, earliest, zone);
  if (!t1 || now < t1) return { missed: 0 };
  let latest = t1;
  let missed = 1;
  for (let t = nextAfter(sched, t1, zone); t && t <= now; t = nextAfter(sched, t, zone)) {
    latest = t;
    if (++missed > 10_000) break;
  }
  return { time: latest, missed };
}

export class CronJobController implements Controller {
  readonly name = CRONJOB_CONTROLLER;
  private client!: Client;
  private clock!: VirtualClock;
  private recorder!: EventRecorder;
  private cronJobs!: Informer;
  private jobs!: Informer;
  private queue!: WorkQueue;

  start(ctx: ControllerContext): void {
    this.client = ctx.client;
    this.clock = ctx.clock;
    this.recorder = ctx.recorder(CRONJOB_CONTROLLER);
    this.queue = new WorkQueue(ctx.clock, (key) => this.sync(key), CRONJOB_CONTROLLER);
    this.cronJobs = ctx.informers.for('cronjobs.batch');
    this.jobs = ctx.informers.for('jobs.batch');
    ensureControllerIndex(this.jobs);
    this.cronJobs.addEventHandler({ add: (c) => this.queue.add(objectKey(c)), update: (_o, c) => this.queue.add(objectKey(c)) });
    const parent = (j: KObject) => {
      const ref = controllerRef(j);
      if (ref?.kind === 'CronJob') this.queue.add(`${j.metadata.namespace}/${ref.name}`);
    };
    this.jobs.addEventHandler({ add: parent, update: (_o, j) => parent(j), delete: parent });
  }

  stop(): void {
    this.queue?.stop();
  }

  private sync(key: string): void {
    const cached = this.cronJobs.get(key);
    if (!cached) return;
    try {
      const cj = clone(cached);
      const jobs = ownedBy(this.jobs, cj.metadata.uid ?? '');
      const { requeueAfter, update } = this.syncCronJob(cj, jobs);
      const cleaned = this.cleanupFinishedJobs(cj, jobs);
      if (update || cleaned) this.client.updateStatus('cronjobs.batch', cj);
      if (requeueAfter !== undefined) this.queue.addAfter(key, requeueAfter);
      this.queue.forget(key);
    } catch {
      this.queue.addRateLimited(key);
    }
  }

  private syncCronJob(cj: KObject, jobs: KObject[]): { requeueAfter?: number; update: boolean } {
    const now = this.clock.now();
    const spec = cj.spec as Any;
    const status = (cj.status ??= {}) as Any;
    let update = false;
    const children = new Set<string>();
    const inActive = (uid: string | undefined) => ((status.active ?? []) as Any[]).some((r) => r.uid === uid);
    const dropActive = (uid: string | undefined) => {
      status.active = ((status.active ?? []) as Any[]).filter((r) => r.uid !== uid);
      if (!status.active.length) delete status.active;
    };
    for (const j of jobs) {
      children.add(j.metadata.uid ?? '');
      const done = conditionOf(j);
      const found = inActive(j.metadata.uid);
      if (!found && !done) {
        this.recorder.event(cj, 'Warning', 'UnexpectedJob', `Saw a job that the controller did not create or forgot: ${j.metadata.name}`);
      } else if (found && done) {
        dropActive(j.metadata.uid);
        this.recorder.event(cj, 'Normal', 'SawCompletedJob', `Saw completed job: ${j.metadata.name}, condition: ${done}`);
        update = true;
      }
      const completion = (j.status as Any)?.completionTime;
      if (done === 'Complete' && completion && (!status.lastSuccessfulTime || (parseTime(completion) ?? 0) > (parseTime(status.lastSuccessfulTime) ?? 0))) {
        status.lastSuccessfulTime = completion;
        update = true;
      }
    }
    for (const ref of [...((status.active ?? []) as Any[])]) {
      if (children.has(ref.uid)) continue;
      if (this.client.tryGet('jobs.batch', ref.namespace, ref.name)) continue;
      this.recorder.event(cj, 'Normal', 'MissingJob', `Active job went missing: ${ref.name}`);
      dropActive(ref.uid);
      update = true;
    }
    if (cj.metadata.deletionTimestamp || spec.suspend === true) return { update };
    const tz = spec.timeZone;
    const zone = tz ? loadLocation(tz) : loadLocation('');
    if (!zone) {
      this.recorder.event(cj, 'Warning', 'UnknownTimeZone', `invalid timeZone: ${JSON.stringify(tz)}: unknown time zone ${tz}`);
      return { update };
    }
    const sched = parseCron(spec.schedule ?? '');
    if (typeof sched === 'string') {
      this.recorder.event(cj, 'Warning', 'UnparseableSchedule', `unparseable schedule: ${JSON.stringify(spec.schedule)} : ${sched}`);
      return { update };
    }
    const next = () => {
      const t = nextAfter(sched, now, zone);
      return t ? t + NEXT_SCHEDULE_DELTA_MS - now : undefined;
    };
    const { time: scheduled, missed } = unmetScheduleTime(cj, sched, now, zone);
    if (missed > TOO_MANY_MISSED) {
      this.recorder.event(cj, 'Warning', 'TooManyMissedTimes', `too many missed start times: ${missed}. Set or decrease .spec.startingDeadlineSeconds or check clock skew`);
    }
    if (scheduled === undefined) return { requeueAfter: next(), update };
    const sds = spec.startingDeadlineSeconds;
    if (sds !== undefined && sds !== null && scheduled + sds * 1000 < now) {
      this.recorder.event(cj, 'Warning', 'MissSchedule', `Missed scheduled time to start a job: ${rfc1123z(scheduled)}`);
      return { requeueAfter: next(), update };
    }
    const name = jobNameFor(cj.metadata.name ?? '', scheduled);
    if (((status.active ?? []) as Any[]).some((r) => r.name === name) || parseTime(status.lastScheduleTime) === scheduled) return { requeueAfter: next(), update };
    if (spec.concurrencyPolicy === 'Forbid' && (status.active ?? []).length > 0) {
      this.recorder.event(cj, 'Normal', 'JobAlreadyActive', 'Not starting job because prior execution is running and concurrency policy is Forbid');
      return { requeueAfter: next(), update };
    }
    if (spec.concurrencyPolicy === 'Replace') {
      for (const ref of [...((status.active ?? []) as Any[])]) {
        this.deleteJob(cj, ref.namespace, ref.name);
        dropActive(ref.uid);
        update = true;
      }
    }
    const jt = spec.jobTemplate ?? {};
    const job: KObject = {
      apiVersion: 'batch/v1', kind: 'Job',
      metadata: {
        name,
        ...(jt.metadata?.labels ? { labels: { ...jt.metadata.labels } } : {}),
        annotations: { ...(jt.metadata?.annotations ?? {}), [SCHEDULED_TIMESTAMP_ANNOTATION]: rfc3339In(scheduled, zone) },
        ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name: cj.metadata.name ?? '', uid: cj.metadata.uid ?? '', controller: true, blockOwnerDeletion: true }],
      },
      spec: clone(jt.spec ?? {}),
    };
    let created: KObject;
    try {
      created = this.client.create('jobs.batch', cj.metadata.namespace, job);
    } catch (e) {
      if (isAlreadyExists(e)) return { update };
      this.recorder.event(cj, 'Warning', 'FailedCreate', `Error creating job: ${e instanceof Error ? e.message : String(e)}`);
      throw e;
    }
    this.recorder.event(cj, 'Normal', 'SuccessfulCreate', `Created job ${created.metadata.name}`);
    (status.active ??= []).push({ kind: 'Job', namespace: created.metadata.namespace, name: created.metadata.name, uid: created.metadata.uid, apiVersion: 'batch/v1', resourceVersion: created.metadata.resourceVersion });
    status.lastScheduleTime = rfc3339(scheduled);
    return { requeueAfter: next(), update: true };
  }

  private deleteJob(cj: KObject, namespace: string, name: string): void {
    try {
      this.client.delete('jobs.batch', namespace, name, { propagationPolicy: 'Background' });
    } catch (e) {
      if (isNotFound(e)) return;
      this.recorder.event(cj, 'Warning', 'FailedDelete', `Deleted job: ${e instanceof Error ? e.message : String(e)}`);
      throw e;
    }
    this.recorder.event(cj, 'Normal', 'SuccessfulDelete', `Deleted job ${name}`);
  }

  /** cleanupFinishedJobs: the oldest finished Jobs (by start time) beyond the history limits go. */
  private cleanupFinishedJobs(cj: KObject, jobs: KObject[]): boolean {
    const spec = cj.spec as Any;
    let changed = false;
    const byStart = (a: KObject, b: KObject) => {
      const sa = parseTime((a.status as Any)?.startTime);
      const sb = parseTime((b.status as Any)?.startTime);
      if (sa === undefined && sb !== undefined) return 1;
      if (sb === undefined && sa !== undefined) return -1;
      if (sa !== sb) return (sa ?? 0) - (sb ?? 0);
      return (a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1;
    };
    for (const [kind, limit] of [['Complete', spec.successfulJobsHistoryLimit], ['Failed', spec.failedJobsHistoryLimit]] as const) {
      if (limit === undefined || limit === null) continue;
      const finished = jobs.filter((j) => conditionOf(j) === kind && !j.metadata.deletionTimestamp).sort(byStart);
      for (const j of finished.slice(0, Math.max(0, finished.length - limit))) {
        this.deleteJob(cj, j.metadata.namespace ?? '', j.metadata.name ?? '');
        changed = true;
      }
    }
    return changed;
  }
}
