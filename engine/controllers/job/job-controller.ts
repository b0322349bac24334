/**
 * The Job controller (pkg/controller/job/job_controller.go, release-1.35):
 * runs a Job's pods up to its parallelism until enough succeed, counts
 * finished pods through the batch.kubernetes.io/job-tracking finalizer and
 * status.uncountedTerminatedPods, backs off after failures (10 s doubling to
 * 10 min), fails the Job past backoffLimit or activeDeadlineSeconds (the
 * FailureTarget condition first, Failed once no pod is terminating), and
 * marks success with SuccessCriteriaMet, then Complete. A podFailurePolicy
 * decides per failed pod (FailJob, FailIndex, Ignore, Count); an Indexed Job
 * may back off and fail per index (backoffLimitPerIndex, maxFailedIndexes)
 * and succeed early by its successPolicy.
 */
import type { Client } from '../../api/client.js';
import { isNotFound, isStatusError } from '../../api/errors.js';
import type { EventRecorder } from '../../api/events.js';
import { clone, controllerRef, objectKey, type KObject } from '../../api/meta.js';
import type { VirtualClock } from '../../util/clock.js';
import { parseTime, rfc3339 } from '../../util/time.js';
import { WorkQueue, type Informer } from '../framework.js';
import type { Controller, ControllerContext } from '../manager.js';
import { ControllerExpectations } from '../replicaset/expectations.js';
import { ensureControllerIndex, ownedBy } from '../replicaset/indexes.js';
import { createdPodMessage, deletedPodMessage, errorCreatingMessage } from '../replicaset/replicaset-controller.js';
import {
  COMPLETION_INDEX_ANNOTATION, COMPLETION_INDEX_ENV, JOB_CONTROLLER, JOB_INDEX_LABEL, JOB_TRACKING_FINALIZER, MAX_POD_CREATE_DELETE_PER_SYNC,
  MESSAGE_BACKOFF_LIMIT_EXCEEDED, MESSAGE_COMPLETED, MESSAGE_DEADLINE_EXCEEDED, MESSAGE_RESUMED, MESSAGE_SUSPENDED, MESSAGE_TOO_MANY_SUCCEEDED,
  REASON_BACKOFF_LIMIT_EXCEEDED, REASON_COMPLETED, REASON_DEADLINE_EXCEEDED, REASON_RESUMED, REASON_SUSPENDED, REASON_TOO_MANY_SUCCEEDED,
  SYNC_JOB_BATCH_PERIOD_MS, backoffRemaining, deletionOrder, ensureCondition, findCondition, hasTrackingFinalizer, isJobFinished, isPodActive,
  isPodFailed, isPodReady, isPodTerminal, newBackoffRecord, newCondition, pastBackoffLimitOnFailure, wantActive, parseIndexes, formatIndexes,
  REASON_POD_FAILURE_POLICY, REASON_FAILED_INDEXES, MESSAGE_FAILED_INDEXES, REASON_MAX_FAILED_INDEXES_EXCEEDED, MESSAGE_MAX_FAILED_INDEXES_EXCEEDED,
  REASON_SUCCESS_POLICY, JOB_CONTROLLER_NAME, INDEX_FAILURE_COUNT_ANNOTATION, INDEX_IGNORED_FAILURE_COUNT_ANNOTATION, failJobMessage, matchPodFailurePolicy,
  matchSuccessPolicy, isIndexFailed, indexAbsoluteFailureCount, indexBackoffRemaining, newIndexFailureCounts, onlyReplaceFailedPods, podFinishedTime,
  type BackoffRecord, type JobCondition,
} from './decisions.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

const JOBS = 'jobs.batch';

function completionIndex(p: KObject): number {
  const v = p.metadata.annotations?.[COMPLETION_INDEX_ANNOTATION];
  return v !== undefined && /^[0-9]+$/.test(v) ? Number(v) : -1;
}

function validIndex(p: KObject, completions: number): boolean {
  const ix = completionIndex(p);
  return ix >= 0 && ix < completions;
}

export class JobController implements Controller {
  readonly name = JOB_CONTROLLER;
  private client!: Client;
  private clock!: VirtualClock;
  private recorder!: EventRecorder;
  private jobs!: Informer;
  private pods!: Informer;
  private queue!: WorkQueue;
  private expectations!: ControllerExpectations;
  /** Pod UIDs whose finalizer removal was sent but not yet seen, per Job key. */
  private finalizerRemovals = new Map<string, Set<string>>();
  private backoff = new Map<string, BackoffRecord>();

  start(ctx: ControllerContext): void {
    this.client = ctx.client;
    this.clock = ctx.clock;
    this.recorder = ctx.recorder(JOB_CONTROLLER);
    this.expectations = new ControllerExpectations(() => this.clock.now());
    this.queue = new WorkQueue(ctx.clock, (key) => this.sync(key), JOB_CONTROLLER);
    this.jobs = ctx.informers.for(JOBS);
    this.pods = ctx.informers.for('pods');
    ensureControllerIndex(this.pods);
    this.jobs.addEventHandler({
      add: (j) => this.queue.add(objectKey(j)),
      update: (o, j) => {
        this.queue.add(objectKey(j));
        // A changed deadline is checked when it comes due.
        const ads = (j.spec as Any)?.activeDeadlineSeconds;
        const start = parseTime((j.status as Any)?.startTime);
        if (ads !== undefined && start !== undefined && ads !== (o.spec as Any)?.activeDeadlineSeconds) this.queue.addAfter(objectKey(j), start + ads * 1000 - this.clock.now());
      },
      delete: (j) => {
        const key = objectKey(j);
        this.expectations.delete(key);
        this.finalizerRemovals.delete(key);
        this.backoff.delete(key);
        // Pods still carrying the finalizer are released: the Job that would count them is gone.
        for (const p of ownedBy(this.pods, j.metadata.uid ?? '')) this.removeFinalizers([p], undefined);
      },
    });
    this.pods.addEventHandler({
      add: (p) => this.onPod(p, 'add'),
      update: (_o, p) => this.onPod(p, 'update'),
      delete: (p) => this.onPod(p, 'delete'),
    });
  }

  stop(): void {
    this.queue?.stop();
  }

  private jobOf(p: KObject): { key: string; job?: KObject } | undefined {
    const ref = controllerRef(p);
    if (!ref || ref.kind !== 'Job' || ref.apiVersion?.split('/')[0] !== 'batch') return undefined;
    const key = `${p.metadata.namespace}/${ref.name}`;
    const job = this.jobs.get(key);
    return { key, job: job && job.metadata.uid === ref.uid ? job : undefined };
  }

  private onPod(p: KObject, what: 'add' | 'update' | 'delete'): void {
    const owner = this.jobOf(p);
    if (!owner) return;
    if (!owner.job) {
      // An orphan of a deleted Job keeps nothing from going: its finalizer is removed.
      if (what !== 'delete' && hasTrackingFinalizer(p)) this.removeFinalizers([p], undefined);
      return;
    }
    if (what === 'add') this.expectations.creationObserved(owner.key);
    if (what === 'delete') this.expectations.deletionObserved(owner.key, objectKey(p));
    if (!hasTrackingFinalizer(p) || what === 'delete') this.finalizerRemovals.get(owner.key)?.delete(p.metadata.uid ?? '');
    this.queue.addAfter(owner.key, SYNC_JOB_BATCH_PERIOD_MS);
  }

  private sync(key: string): void {
    try {
      this.syncJob(key);
      this.queue.forget(key);
    } catch (e) {
      if (!isStatusError(e) || !isNotFound(e)) this.queue.addRateLimited(key);
    }
  }

  private syncJob(key: string): void {
    const cached = this.jobs.get(key);
    if (!cached) return;
    // managedByExternalController: a Job another controller manages is left to it.
    const managedBy = (cached.spec as Any)?.managedBy;
    if (managedBy != null && managedBy !== JOB_CONTROLLER_NAME) return;
    if (isJobFinished(cached)) {
      const leftover = ownedBy(this.pods, cached.metadata.uid ?? '').filter(hasTrackingFinalizer);
      if (leftover.length) this.removeFinalizers(leftover, key);
      return;
    }
    const job = clone(cached);
    const spec = job.spec as Any;
    const status = (job.status ??= {}) as Any;
    status.uncountedTerminatedPods ??= {};
    const uncounted = status.uncountedTerminatedPods;
    const uncSucceeded = new Set<string>(uncounted.succeeded ?? []);
    const uncFailed = new Set<string>(uncounted.failed ?? []);
    const expectedRm = this.finalizerRemovals.get(key) ?? new Set<string>();
    const satisfied = this.expectations.satisfied(key) && expectedRm.size === 0;
    const now = this.clock.now();
    const nowText = rfc3339(now);
    const pods = ownedBy(this.pods, job.metadata.uid ?? '');
    let activePods = pods.filter(isPodActive);
    let terminating = pods.filter((p) => !isPodTerminal(p) && !!p.metadata.deletionTimestamp).length;
    let ready = activePods.filter(isPodReady).length;
    let active = activePods.length;
    const indexed = spec.completionMode === 'Indexed';
    // getValidPodsWithFilter: not counted yet and, for an Indexed Job, with an index in range.
    const fresh = (p: KObject) => hasTrackingFinalizer(p) && !expectedRm.has(p.metadata.uid ?? '') && (!indexed || validIndex(p, spec.completions));
    const newSucceeded = pods.filter((p) => fresh(p) && !uncSucceeded.has(p.metadata.uid ?? '') && (p.status as Any)?.phase === 'Succeeded');
    const newFailed = pods.filter((p) => fresh(p) && !uncFailed.has(p.metadata.uid ?? '') && isPodFailed(p, job));
    let succeeded = (status.succeeded ?? 0) + newSucceeded.length + uncSucceeded.size;
    // nonIgnoredFailedPodsCount: failures an Ignore rule matched do not count.
    const counted = spec.podFailurePolicy ? newFailed.filter((p) => matchPodFailurePolicy(spec.podFailurePolicy, p).count).length : newFailed.length;
    const failed = (status.failed ?? 0) + counted + uncFailed.size;
    const suspended = spec.suspend === true;
    if (!status.startTime && !suspended) status.startTime = nowText;
    const backoff = newBackoffRecord(this.backoff.get(key), newSucceeded, newFailed);

    let finished: JobCondition | undefined = status.conditions?.find((c: JobCondition) => c.type === 'SuccessCriteriaMet' && c.status === 'True');
    if (!finished) {
      const target = findCondition(status.conditions, 'FailureTarget');
      const failJob = target?.status === 'True' ? undefined : failJobMessage(job, pods);
      if (target?.status === 'True') finished = newCondition('Failed', 'True', target.reason ?? '', target.message ?? '', nowText);
      // The interim FailureTarget keeps the rule's message until the pods are gone.
      else if (failJob) finished = newCondition('FailureTarget', 'True', REASON_POD_FAILURE_POLICY, failJob, nowText);
    }
    if (!finished) {
      const start = parseTime(status.startTime);
      if (failed > spec.backoffLimit || pastBackoffLimitOnFailure(job, pods)) {
        finished = newCondition('FailureTarget', 'True', REASON_BACKOFF_LIMIT_EXCEEDED, MESSAGE_BACKOFF_LIMIT_EXCEEDED, nowText);
      } else if (spec.activeDeadlineSeconds !== undefined && start !== undefined && !suspended) {
        const due = start + spec.activeDeadlineSeconds * 1000;
        if (now >= due) finished = newCondition('FailureTarget', 'True', REASON_DEADLINE_EXCEEDED, MESSAGE_DEADLINE_EXCEEDED, nowText);
        else this.queue.addAfter(key, due - now);
      }
    }
    // An Indexed Job counts completed indexes, not pods (calculateSucceededIndexes), and with
    // backoffLimitPerIndex, failed ones (calculateFailedIndexes).
    let indexes: Set<number> | undefined;
    let failedIndexes: Set<number> | undefined;
    let delayed: Map<number, KObject> | undefined;
    if (indexed) {
      indexes = parseIndexes(status.completedIndexes, spec.completions);
      for (const p of pods) {
        if ((p.status as Any)?.phase === 'Succeeded' && hasTrackingFinalizer(p) && validIndex(p, spec.completions)) indexes.add(completionIndex(p));
      }
      succeeded = indexes.size;
      if (spec.backoffLimitPerIndex != null) {
        failedIndexes = parseIndexes(status.failedIndexes, spec.completions);
        for (const p of pods) {
          if (validIndex(p, spec.completions) && hasTrackingFinalizer(p) && isIndexFailed(job, p)) failedIndexes.add(completionIndex(p));
        }
        if (!finished) {
          if (spec.maxFailedIndexes != null && failedIndexes.size > spec.maxFailedIndexes) {
            finished = newCondition('FailureTarget', 'True', REASON_MAX_FAILED_INDEXES_EXCEEDED, MESSAGE_MAX_FAILED_INDEXES_EXCEEDED, nowText);
          } else if (failedIndexes.size > 0 && failedIndexes.size + indexes.size >= spec.completions) {
            finished = newCondition('FailureTarget', 'True', REASON_FAILED_INDEXES, MESSAGE_FAILED_INDEXES, nowText);
          }
        }
        delayed = this.podsWithDelayedDeletion(job, pods, activePods, indexes, failedIndexes, fresh);
      }
      if (!finished) {
        const msg = matchSuccessPolicy(spec.successPolicy, spec.completions, indexes);
        if (msg) finished = newCondition('SuccessCriteriaMet', 'True', REASON_SUCCESS_POLICY, msg, nowText);
      }
    }

    let suspendChanged = false;
    if (finished) {
      // A failing Job stops its pods; it is finished once nothing is left to count.
      const deleted = this.deletePods(job, activePods, false);
      if (deleted.length !== active || !satisfied) finished = undefined;
      active -= deleted.length;
      terminating += deleted.length;
      ready -= deleted.filter(isPodReady).length;
      activePods = activePods.filter((p) => !deleted.includes(p));
    } else {
      let managed = false;
      if (satisfied && !job.metadata.deletionTimestamp) {
        managed = true;
        const r = this.manageJob(key, job, pods, activePods, succeeded, terminating, backoff, now, indexes, failedIndexes, delayed);
        active = r.active;
        terminating += r.deleted.length;
        ready -= r.deleted.filter(isPodReady).length;
      }
      const complete = spec.completions === undefined || spec.completions === null ? succeeded > 0 && active === 0 : succeeded >= spec.completions && active === 0;
      if (complete) finished = newCondition('SuccessCriteriaMet', 'True', '', '', nowText);
      else if (managed) {
        const conds = (status.conditions ??= []) as JobCondition[];
        if (suspended) {
          if (ensureCondition(conds, 'Suspended', 'True', 'JobSuspended', MESSAGE_SUSPENDED, nowText)) {
            suspendChanged = true;
            this.recorder.event(job, 'Normal', REASON_SUSPENDED, MESSAGE_SUSPENDED);
          }
        } else if (ensureCondition(conds, 'Suspended', 'False', 'JobResumed', MESSAGE_RESUMED, nowText)) {
          suspendChanged = true;
          this.recorder.event(job, 'Normal', REASON_RESUMED, MESSAGE_RESUMED);
          // ActiveDeadlineSeconds counts continuous activity: a resumed Job starts again.
          status.startTime = nowText;
        }
        if (!conds.length) delete status.conditions;
      }
    }
    const needsUpdate = suspendChanged || active !== (status.active ?? 0) || ready !== status.ready || terminating !== status.terminating;
    status.active = active;
    status.ready = ready;
    status.terminating = terminating;
    this.trackStatus(key, job, pods, expectedRm, finished, backoff, terminating, needsUpdate, satisfied, indexes, failedIndexes, delayed);
  }

  /**
   * getPodsWithDelayedDeletionPerIndex: per index still to run, its latest failed pod keeps its
   * finalizer until the replacement is created, which takes its failure count from it.
   */
  private podsWithDelayedDeletion(job: KObject, pods: KObject[], activePods: KObject[], succeeded: Set<number>, failed: Set<number>, fresh: (p: KObject) => boolean): Map<number, KObject> {
    const active = new Set(activePods.map(completionIndex));
    const out = new Map<number, KObject>();
    for (const p of pods) {
      if (!fresh(p) || !isPodFailed(p, job)) continue;
      const ix = completionIndex(p);
      if (succeeded.has(ix) || failed.has(ix) || active.has(ix)) continue;
      const last = out.get(ix);
      if (!last || (indexAbsoluteFailureCount(last) <= indexAbsoluteFailureCount(p) && podFinishedTime(p) >= podFinishedTime(last))) out.set(ix, p);
    }
    return out;
  }

  /** manageJob: delete extra pods or create missing ones (after the back-off); suspended Jobs keep none. */
  private manageJob(
    key: string, job: KObject, pods: KObject[], activePods: KObject[], succeeded: number, terminating: number, backoff: BackoffRecord, now: number,
    succeededIndexes?: Set<number>, failedIndexes?: Set<number>, delayed?: Map<number, KObject>,
  ): { active: number; deleted: KObject[] } {
    const spec = job.spec as Any;
    let active = activePods.length;
    if (spec.suspend === true) {
      const deleted = this.deletePods(job, [...activePods].sort(deletionOrder), true, key);
      return { active: active - deleted.length, deleted };
    }
    const want = wantActive(spec, succeeded, active);
    const extra = Math.max(0, active - want);
    if (extra > 0) {
      const victims = [...activePods].sort(deletionOrder).slice(0, Math.min(extra, MAX_POD_CREATE_DELETE_PER_SYNC));
      const deleted = this.deletePods(job, victims, true, key);
      return { active: active - deleted.length, deleted };
    }
    // Pods still terminating are not replaced until they are gone only when podReplacementPolicy is Failed.
    const onlyFailed = onlyReplaceFailedPods(job);
    const replacing = onlyFailed ? terminating : 0;
    let diff = want - replacing - active;
    if (diff <= 0) return { active, deleted: [] };
    // With backoffLimitPerIndex each index backs off on its own.
    const wait = spec.backoffLimitPerIndex != null ? 0 : backoffRemaining(backoff, now);
    if (wait > 0) {
      this.queue.addAfter(key, wait);
      return { active: 0, deleted: [] };
    }
    diff = Math.min(diff, MAX_POD_CREATE_DELETE_PER_SYNC);
    let indexes: number[] = [];
    if (spec.completionMode === 'Indexed') {
      const terminatingPods = onlyFailed ? pods.filter((p) => !isPodTerminal(p) && !!p.metadata.deletionTimestamp) : [];
      indexes = this.pendingIndexes(job, [...activePods, ...terminatingPods], diff, succeededIndexes, failedIndexes);
      if (spec.backoffLimitPerIndex != null) {
        // getPodCreationInfoForIndependentIndexes: the indexes past their back-off now, else a sync when the first one is.
        const ready = indexes.filter((ix) => indexBackoffRemaining(delayed?.get(ix), now) === 0);
        if (!ready.length && indexes.length) {
          this.queue.addAfter(key, Math.min(...indexes.map((ix) => indexBackoffRemaining(delayed?.get(ix), now))));
          return { active: 0, deleted: [] };
        }
        indexes = ready;
      }
      diff = indexes.length;
    }
    this.expectations.expectCreations(key, diff);
    // Slow start: batches of 1, 2, 4, …; a batch with a failure ends the round.
    for (let batch = Math.min(diff, 1), left = diff; left > 0; batch = Math.min(2 * batch, left)) {
      let failures = 0;
      for (let i = 0; i < batch; i++) {
        if (!this.createPod(key, job, indexes.shift(), delayed)) failures++;
      }
      active += batch - failures;
      left -= batch;
      if (failures > 0) {
        for (let i = 0; i < left; i++) this.expectations.creationObserved(key);
        break;
      }
    }
    return { active, deleted: [] };
  }

  /** firstPendingIndexes: the lowest indexes neither succeeded, failed, running nor (replacing only failed pods) terminating. */
  private pendingIndexes(job: KObject, activePods: KObject[], count: number, succeeded?: Set<number>, failed?: Set<number>): number[] {
    const completions = (job.spec as Any).completions as number;
    const done = new Set<number>(succeeded ?? []);
    for (const ix of failed ?? []) done.add(ix);
    for (const p of activePods) done.add(completionIndex(p));
    const out: number[] = [];
    for (let i = 0; i < completions && out.length < count; i++) if (!done.has(i)) out.push(i);
    return out;
  }

  private createPod(key: string, job: KObject, index: number | undefined, delayed?: Map<number, KObject>): boolean {
    const template = clone((job.spec as Any).template ?? {});
    const meta = template.metadata ?? {};
    const spec = template.spec ?? {};
    const annotations = { ...(meta.annotations ?? {}) };
    const labels = { ...(meta.labels ?? {}) };
    let generateName = `${job.metadata.name}-`;
    if (index !== undefined) {
      annotations[COMPLETION_INDEX_ANNOTATION] = String(index);
      labels[JOB_INDEX_LABEL] = String(index);
      spec.hostname = `${job.metadata.name}-${index}`;
      generateName = `${job.metadata.name}-${index}-`;
      if ((job.spec as Any).backoffLimitPerIndex != null) {
        // addIndexFailureCountAnnotation: the index's failures so far travel with its next pod.
        const [failures, ignored] = newIndexFailureCounts(job, delayed?.get(index));
        annotations[INDEX_FAILURE_COUNT_ANNOTATION] = String(failures);
        if (ignored > 0) annotations[INDEX_IGNORED_FAILURE_COUNT_ANNOTATION] = String(ignored);
      }
      for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) {
        // addCompletionIndexEnvVariables: the index from the pod's own annotation.
        const env = (c.env ??= []) as Any[];
        if (!env.some((e) => e.name === COMPLETION_INDEX_ENV)) {
          env.push({ name: COMPLETION_INDEX_ENV, valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: `metadata.labels['${JOB_INDEX_LABEL}']` } } });
        }
      }
    }
    const finalizers = [...(meta.finalizers ?? [])];
    if (!finalizers.includes(JOB_TRACKING_FINALIZER)) finalizers.push(JOB_TRACKING_FINALIZER);
    const pod: KObject = {
      apiVersion: 'v1', kind: 'Pod',
      metadata: {
        generateName, labels,
        ...(Object.keys(annotations).length ? { annotations } : {}),
        finalizers,
        ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name: job.metadata.name ?? '', uid: job.metadata.uid ?? '', controller: true, blockOwnerDeletion: true }],
      },
      spec,
    };
    try {
      const created = this.client.create('pods', job.metadata.namespace, pod);
      this.recorder.event(job, 'Normal', 'SuccessfulCreate', createdPodMessage(created.metadata.name ?? ''));
      return true;
    } catch (e) {
      this.expectations.creationObserved(key);
      this.recorder.event(job, 'Warning', 'FailedCreate', errorCreatingMessage(e instanceof Error ? e.message : String(e)));
      return false;
    }
  }

  /** Deletes pods (deleteJobPods releases their finalizer first; deleteActivePods keeps it for counting). */
  private deletePods(job: KObject, pods: KObject[], releaseFirst: boolean, key?: string): KObject[] {
    const deleted: KObject[] = [];
    if (key) this.expectations.expectDeletions(key, pods.map(objectKey));
    for (const p of pods) {
      try {
        if (releaseFirst && hasTrackingFinalizer(p)) this.patchFinalizers(p);
        this.client.delete('pods', p.metadata.namespace, p.metadata.name ?? '');
        this.recorder.event(job, 'Normal', 'SuccessfulDelete', deletedPodMessage(p.metadata.name ?? ''));
        deleted.push(p);
      } catch (e) {
        if (key) this.expectations.deletionObserved(key, objectKey(p));
        if (isNotFound(e)) deleted.push(p);
        else this.recorder.event(job, 'Warning', 'FailedDelete', `Error deleting: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    return deleted;
  }

  private patchFinalizers(p: KObject): void {
    const finalizers = (p.metadata.finalizers ?? []).filter((f) => f !== JOB_TRACKING_FINALIZER);
    this.client.patch('pods', p.metadata.namespace, p.metadata.name ?? '', 'merge', { metadata: { finalizers: finalizers.length ? finalizers : null } });
  }

  /** removeTrackingFinalizerFromPods: which pods lost the finalizer (a pod already gone counts as done). */
  private removeFinalizers(pods: KObject[], key: string | undefined): Set<string> {
    const done = new Set<string>();
    const expected = key ? (this.finalizerRemovals.get(key) ?? this.finalizerRemovals.set(key, new Set()).get(key)!) : undefined;
    for (const p of pods) {
      const uid = p.metadata.uid ?? '';
      expected?.add(uid);
      try {
        this.patchFinalizers(p);
        done.add(uid);
      } catch (e) {
        expected?.delete(uid);
        if (isNotFound(e)) done.add(uid);
      }
    }
    return done;
  }

  /**
   * trackJobStatusAndRemoveFinalizers: finished pods go to uncountedTerminatedPods (written first), lose their
   * finalizer, then move to the counters; the interim FailureTarget/SuccessCriteriaMet condition is written with
   * them, and the final Failed/Complete once nothing is uncounted or terminating.
   */
  private trackStatus(
    key: string, job: KObject, pods: KObject[], expectedRm: Set<string>, finished: JobCondition | undefined, backoff: BackoffRecord, terminating: number,
    needsFlushIn: boolean, satisfied: boolean, indexes?: Set<number>, failedIndexes?: Set<number>, delayed?: Map<number, KObject>,
  ): void {
    let needsFlush = needsFlushIn;
    const status = job.status as Any;
    const unc = status.uncountedTerminatedPods;
    const uncSucceeded: string[] = [...(unc.succeeded ?? [])];
    const uncFailed: string[] = [...(unc.failed ?? [])];
    const withFinalizer = new Set<string>(pods.filter((p) => hasTrackingFinalizer(p) && !expectedRm.has(p.metadata.uid ?? '')).map((p) => p.metadata.uid ?? ''));
    if (this.countUncounted(status, uncSucceeded, uncFailed, withFinalizer)) needsFlush = true;
    const toRelease: KObject[] = [];
    for (const p of pods) {
      const uid = p.metadata.uid ?? '';
      if (!hasTrackingFinalizer(p) || expectedRm.has(uid)) continue;
      const failedPod = isPodFailed(p, job);
      const phase = (p.status as Any)?.phase;
      // canRemoveFinalizer: a failed pod whose index waits for its replacement keeps it.
      const ix = completionIndex(p);
      const waiting = !!delayed && delayed.get(ix)?.metadata.uid === uid;
      if (!(job.metadata.deletionTimestamp || finished || phase === 'Succeeded' || (failedPod && !waiting))) continue;
      toRelease.push(p);
      if (phase === 'Succeeded' && !uncFailed.includes(uid)) {
        if (!indexes && !uncSucceeded.includes(uid)) { uncSucceeded.push(uid); needsFlush = true; }
      } else if (failedPod || (finished && finished.type !== 'SuccessCriteriaMet')) {
        const inRange = !indexes || validIndex(p, (job.spec as Any).completions);
        const countIt = inRange && (!(job.spec as Any).podFailurePolicy || matchPodFailurePolicy((job.spec as Any).podFailurePolicy, p).count);
        if (!uncFailed.includes(uid) && countIt) { uncFailed.push(uid); needsFlush = true; }
      }
    }
    status.uncountedTerminatedPods = this.uncountedOf(uncSucceeded, uncFailed);
    if (indexes) {
      const text = formatIndexes(indexes);
      if (text !== (status.completedIndexes ?? '')) needsFlush = true;
      status.completedIndexes = text;
      status.succeeded = indexes.size;
      const failedText = failedIndexes ? formatIndexes(failedIndexes) : undefined;
      if (failedText !== status.failedIndexes) {
        if (failedText === undefined) delete status.failedIndexes;
        else status.failedIndexes = failedText;
        needsFlush = true;
      }
    }
    let final = finished;
    if (finished?.type === 'FailureTarget') {
      (status.conditions ??= []).push(finished);
      needsFlush = true;
      final = newCondition('Failed', 'True', finished.reason ?? '', finished.message ?? '', finished.lastTransitionTime);
    }
    if (finished?.type === 'SuccessCriteriaMet') {
      if (!findCondition(status.conditions, 'SuccessCriteriaMet')) {
        (status.conditions ??= []).push(finished);
        needsFlush = true;
      }
      final = newCondition('Complete', 'True', finished.reason ?? '', finished.message ?? '', finished.lastTransitionTime);
    }
    let current = job;
    if (needsFlush) {
      this.omitZeros(status);
      current = this.client.updateStatus(JOBS, current);
      this.backoff.set(key, backoff);
      needsFlush = false;
    }
    if (toRelease.length) {
      const released = this.removeFinalizers(toRelease, key);
      for (const uid of released) withFinalizer.delete(uid);
    }
    const st = clone(current.status ?? {}) as Any;
    const s2: string[] = [...(st.uncountedTerminatedPods?.succeeded ?? [])];
    const f2: string[] = [...(st.uncountedTerminatedPods?.failed ?? [])];
    if (this.countUncounted(st, s2, f2, withFinalizer)) needsFlush = true;
    st.uncountedTerminatedPods = this.uncountedOf(s2, f2);
    let jobFinished = false;
    if (final && satisfied && s2.length + f2.length === 0 && terminating === 0) {
      const conds = (st.conditions ??= []) as JobCondition[];
      const nowText = rfc3339(this.clock.now());
      ensureCondition(conds, final.type, final.status, final.reason ?? '', final.message ?? '', nowText);
      if (final.type === 'Complete') st.completionTime = findCondition(conds, 'Complete')!.lastTransitionTime;
      jobFinished = true;
      needsFlush = true;
    }
    if (!needsFlush) return;
    const next = clone(current);
    this.omitZeros(st);
    next.status = st;
    const written = this.client.updateStatus(JOBS, next);
    if (!jobFinished || !final) return;
    if (final.type === 'Complete') {
      const spec = written.spec as Any;
      if (spec.completions !== undefined && (st.succeeded ?? 0) > spec.completions) this.recorder.event(written, 'Warning', REASON_TOO_MANY_SUCCEEDED, MESSAGE_TOO_MANY_SUCCEEDED);
      this.recorder.event(written, 'Normal', REASON_COMPLETED, MESSAGE_COMPLETED);
    } else {
      this.recorder.event(written, 'Warning', final.reason ?? '', final.message ?? '');
    }
  }

  /** JobStatus's active, succeeded and failed are omitted when zero (ready and terminating are pointers, kept). */
  private omitZeros(status: Any): void {
    for (const k of ['active', 'succeeded', 'failed', 'completedIndexes']) if (!status[k]) delete status[k];
  }

  private uncountedOf(succeeded: string[], failed: string[]): Any {
    const u: Any = {};
    if (succeeded.length) u.succeeded = succeeded;
    if (failed.length) u.failed = failed;
    return u;
  }

  /** cleanUncountedPodsWithoutFinalizers: UIDs whose pod lost its finalizer move to the counters. */
  private countUncounted(status: Any, succeeded: string[], failed: string[], withFinalizer: Set<string>): boolean {
    let changed = false;
    const keepS = succeeded.filter((u) => withFinalizer.has(u));
    if (keepS.length !== succeeded.length) {
      status.succeeded = (status.succeeded ?? 0) + succeeded.length - keepS.length;
      succeeded.splice(0, succeeded.length, ...keepS);
      changed = true;
    }
    const keepF = failed.filter((u) => withFinalizer.has(u));
    if (keepF.length !== failed.length) {
      status.failed = (status.failed ?? 0) + failed.length - keepF.length;
      failed.splice(0, failed.length, ...keepF);
      changed = true;
    }
    return changed;
  }
}
