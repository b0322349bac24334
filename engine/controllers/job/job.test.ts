/**
 * The Job, CronJob and TTL-after-finished controllers over virtual time, on a
 * booted cluster (kubelet, scheduler and all). Expected texts and timings are
 * those of pkg/controller/job, cronjob and ttlafterfinished (release-1.35).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { Cluster } from '../../cluster.js';
import type { KObject } from '../../api/meta.js';
import { parseTime, rfc3339 } from '../../util/time.js';
import { loadBatchControllers } from './loader.js';
import { backoffRemaining, formatIndexes, newBackoffRecord, wantActive } from './decisions.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

beforeAll(async () => {
  await loadBatchControllers();
});

function boot(): Cluster {
  return new Cluster({ seed: 11 }).boot();
}

function makeJob(c: Cluster, name: string, spec: Any, command = ['sh', '-c', 'sleep 2']): number {
  const t0 = c.clock.now();
  const restartPolicy = spec.restartPolicy ?? 'Never';
  delete spec.restartPolicy;
  c.client().create('jobs.batch', 'default', {
    apiVersion: 'batch/v1', kind: 'Job', metadata: { name },
    spec: { ...spec, template: { spec: { restartPolicy, containers: [{ name: 'main', image: 'busybox', command }] } } },
  });
  return t0;
}

function jobEvents(c: Cluster, name: string): { reason: string; message: string; at: number }[] {
  return (c.client().list('events', 'default').items as Any[])
    .filter((e) => e.involvedObject.kind === 'Job' && e.involvedObject.name === name)
    .map((e) => ({ reason: e.reason, message: e.message, at: parseTime(e.firstTimestamp)! }))
    .sort((a, b) => a.at - b.at);
}

const getJob = (c: Cluster, name: string) => c.client().get('jobs.batch', 'default', name) as Any;
const podsOf = (c: Cluster, name: string) => (c.client().list('pods', 'default', { labelSelector: `job-name=${name}` }).items as Any[]);

describe('decisions', () => {
  it('back-off: 10 s, doubling per failure after a success, capped at 10 min', () => {
    expect(backoffRemaining({ failuresAfterLastSuccess: 1, lastFailureTime: 1000 }, 1000)).toBe(10_000);
    expect(backoffRemaining({ failuresAfterLastSuccess: 3, lastFailureTime: 1000 }, 6000)).toBe(35_000);
    expect(backoffRemaining({ failuresAfterLastSuccess: 12, lastFailureTime: 0 }, 0)).toBe(600_000);
    expect(backoffRemaining({ failuresAfterLastSuccess: 0 }, 0)).toBe(0);
    const pod = (phase: string, at: string): KObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { creationTimestamp: at }, status: { phase, containerStatuses: [{ state: { terminated: { finishedAt: at } } }] } });
    const rec = newBackoffRecord({ failuresAfterLastSuccess: 4, lastFailureTime: 0 }, [pod('Succeeded', '2026-01-01T00:00:10Z')], [pod('Failed', '2026-01-01T00:00:05Z'), pod('Failed', '2026-01-01T00:00:20Z')]);
    expect(rec).toEqual({ failuresAfterLastSuccess: 1, lastFailureTime: Date.parse('2026-01-01T00:00:20Z') });
  });

  it('wants up to parallelism, never more than the completions left', () => {
    expect(wantActive({ completions: 3, parallelism: 2 }, 2, 1)).toBe(1);
    expect(wantActive({ parallelism: 4 }, 0, 0)).toBe(4);
    expect(wantActive({ parallelism: 4 }, 1, 3)).toBe(3);
    expect(formatIndexes(new Set([0, 1, 2, 5, 7, 8]))).toBe('0-2,5,7,8');
  });
});

describe('Job controller', () => {
  it('runs completions 3 with parallelism 2 to Complete: SuccessCriteriaMet then Complete, events, counters', () => {
    const c = boot();
    const t0 = makeJob(c, 'par', { completions: 3, parallelism: 2 });
    c.advance(2000);
    expect(podsOf(c, 'par').filter((p) => p.status?.phase !== 'Succeeded')).toHaveLength(2);
    const first = podsOf(c, 'par')[0];
    expect(first.metadata.name).toMatch(/^par-[a-z0-9]{5}$/);
    expect(first.metadata.finalizers).toEqual(['batch.kubernetes.io/job-tracking']);
    expect(first.metadata.ownerReferences).toEqual([{ apiVersion: 'batch/v1', kind: 'Job', name: 'par', uid: getJob(c, 'par').metadata.uid, controller: true, blockOwnerDeletion: true }]);
    c.advance(30_000);
    const j = getJob(c, 'par');
    expect(j.status.succeeded).toBe(3);
    expect(j.status.active).toBeUndefined();
    expect(j.status.conditions.map((x: Any) => `${x.type}=${x.status}`)).toEqual(['SuccessCriteriaMet=True', 'Complete=True']);
    expect(j.status.completionTime).toBe(j.status.conditions[1].lastTransitionTime);
    expect(j.status.startTime).toBe(rfc3339(t0));
    expect(j.status.uncountedTerminatedPods).toEqual({});
    const events = jobEvents(c, 'par');
    expect(events.map((e) => e.reason)).toEqual(['SuccessfulCreate', 'SuccessfulCreate', 'SuccessfulCreate', 'Completed']);
    expect(events[3].message).toBe('Job completed');
    expect(events[2].at).toBeGreaterThan(events[0].at);
    // Every pod was counted and released.
    expect(podsOf(c, 'par').every((p) => !p.metadata.finalizers?.length && p.status.phase === 'Succeeded')).toBe(true);
    expect(c.clock.errors).toEqual([]);
  });

  it('backs off 10 s then 20 s between failed pods, then fails the Job past backoffLimit', () => {
    const c = boot();
    makeJob(c, 'fail', { backoffLimit: 2 }, ['sh', '-c', 'exit 1']);
    c.advance(120_000);
    const pods = podsOf(c, 'fail').sort((a, b) => (a.metadata.creationTimestamp < b.metadata.creationTimestamp ? -1 : 1));
    expect(pods).toHaveLength(3);
    const finished = (p: Any) => parseTime(p.status.containerStatuses[0].state.terminated.finishedAt)!;
    const created = (p: Any) => parseTime(p.metadata.creationTimestamp)!;
    // The replacement comes when the back-off has run from the failure, at the next sync (whole seconds).
    expect(created(pods[1]) - finished(pods[0])).toBeGreaterThanOrEqual(10_000);
    expect(created(pods[1]) - finished(pods[0])).toBeLessThan(12_000);
    expect(created(pods[2]) - finished(pods[1])).toBeGreaterThanOrEqual(20_000);
    expect(created(pods[2]) - finished(pods[1])).toBeLessThan(22_000);
    const j = getJob(c, 'fail');
    expect(j.status.failed).toBe(3);
    expect(j.status.conditions.map((x: Any) => `${x.type}/${x.reason}`)).toEqual(['FailureTarget/BackoffLimitExceeded', 'Failed/BackoffLimitExceeded']);
    expect(j.status.completionTime).toBeUndefined();
    const last = jobEvents(c, 'fail').pop()!;
    expect(last).toMatchObject({ reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' });
    expect(c.clock.errors).toEqual([]);
  });

  it('stops a Job past activeDeadlineSeconds: its pods are deleted, Failed comes once they are gone', () => {
    const c = boot();
    const t0 = makeJob(c, 'slow', { activeDeadlineSeconds: 10 }, ['sleep', '3600']);
    c.advance(12_000);
    let j = getJob(c, 'slow');
    expect(j.status.conditions.map((x: Any) => `${x.type}/${x.reason}`)).toEqual(['FailureTarget/DeadlineExceeded']);
    expect(j.status.terminating).toBe(1);
    expect(jobEvents(c, 'slow').map((e) => e.reason)).toEqual(['SuccessfulCreate', 'SuccessfulDelete']);
    // The deadline runs from status.startTime, which the API keeps in whole seconds.
    expect(jobEvents(c, 'slow')[1].at - parseTime(j.status.startTime)!).toBe(10_000);
    expect(parseTime(j.status.startTime)! - t0).toBeLessThanOrEqual(0);
    c.advance(40_000);
    j = getJob(c, 'slow');
    expect(j.status.conditions.map((x: Any) => x.type)).toEqual(['FailureTarget', 'Failed']);
    expect(j.status.terminating).toBe(0);
    expect(jobEvents(c, 'slow').pop()).toMatchObject({ reason: 'DeadlineExceeded', message: 'Job was active longer than specified deadline' });
    expect(c.clock.errors).toEqual([]);
  });

  it('deletes a finished Job and its pods ttlSecondsAfterFinished after it finished', () => {
    const c = boot();
    makeJob(c, 'ttl', { ttlSecondsAfterFinished: 30 }, ['sh', '-c', 'echo ok']);
    c.advance(10_000);
    const done = parseTime(getJob(c, 'ttl').status.completionTime)!;
    c.clock.runUntil(() => !c.client().tryGet('jobs.batch', 'default', 'ttl'), 120_000);
    expect(c.clock.now() - done).toBeGreaterThanOrEqual(30_000);
    expect(c.clock.now() - done).toBeLessThan(32_000);
    c.advance(5_000);
    expect(podsOf(c, 'ttl')).toEqual([]);
    expect(c.clock.errors).toEqual([]);
  });

  it('keeps a suspended Job without pods, then starts it on resume', () => {
    const c = boot();
    makeJob(c, 'later', { suspend: true });
    c.advance(5_000);
    let j = getJob(c, 'later');
    expect(podsOf(c, 'later')).toEqual([]);
    expect(j.status.startTime).toBeUndefined();
    expect(j.status.conditions).toMatchObject([{ type: 'Suspended', status: 'True', reason: 'JobSuspended', message: 'Job suspended' }]);
    c.client().patch('jobs.batch', 'default', 'later', 'merge', { spec: { suspend: false } });
    c.advance(20_000);
    j = getJob(c, 'later');
    expect(j.status.conditions.map((x: Any) => `${x.type}=${x.status}/${x.reason ?? ''}`)).toEqual(['Suspended=False/JobResumed', 'SuccessCriteriaMet=True/', 'Complete=True/']);
    // manageJob creates the pods before the sync records the Resumed condition.
    expect(jobEvents(c, 'later').map((e) => e.reason)).toEqual(['Suspended', 'SuccessfulCreate', 'Resumed', 'Completed']);
  });

  it('runs an Indexed Job with one pod per index and JOB_COMPLETION_INDEX', () => {
    const c = boot();
    makeJob(c, 'idx', { completions: 3, parallelism: 3, completionMode: 'Indexed' });
    c.advance(20_000);
    const pods = podsOf(c, 'idx');
    expect(pods.map((p) => p.metadata.annotations['batch.kubernetes.io/job-completion-index']).sort()).toEqual(['0', '1', '2']);
    expect(pods.every((p) => p.metadata.name.startsWith(`idx-${p.metadata.labels['batch.kubernetes.io/job-completion-index']}-`))).toBe(true);
    expect(pods[0].spec.containers[0].env).toEqual([{ name: 'JOB_COMPLETION_INDEX', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: "metadata.labels['batch.kubernetes.io/job-completion-index']" } } }]);
    expect(getJob(c, 'idx').status).toMatchObject({ completedIndexes: '0-2', succeeded: 3 });
  });
});

describe('deleting a Job', () => {
  it('orphans its pods when the delete names no propagation policy (batch/v1 DefaultGarbageCollectionPolicy), deletes them in the background otherwise', () => {
    const c = boot();
    makeJob(c, 'keep', {}, ['sleep', '3600']);
    makeJob(c, 'drop', {}, ['sleep', '3600']);
    c.advance(5_000);
    c.client().delete('jobs.batch', 'default', 'keep');
    c.client().delete('jobs.batch', 'default', 'drop', { propagationPolicy: 'Background' });
    c.advance(60_000);
    expect(c.client().tryGet('jobs.batch', 'default', 'keep')).toBeUndefined();
    const kept = podsOf(c, 'keep');
    expect(kept).toHaveLength(1);
    expect(kept[0].metadata.ownerReferences ?? []).toEqual([]);
    expect(kept[0].metadata.finalizers ?? []).toEqual([]);
    expect(podsOf(c, 'drop')).toEqual([]);
    expect(c.clock.errors).toEqual([]);
  });
});

describe('CronJob controller', () => {
  it('creates a Job each minute named by the scheduled minute and keeps 3 successful ones', () => {
    const c = boot();
    c.client().create('cronjobs.batch', 'default', {
      apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'tick' },
      spec: { schedule: '*/1 * * * *', jobTemplate: { spec: { template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'c', image: 'busybox', command: ['date'] }] } } } } },
    });
    const firstMinute = Math.floor(c.clock.now() / 60_000) + 1;
    c.advance(5 * 60_000 + 30_000);
    const jobs = (c.client().list('jobs.batch', 'default').items as Any[]).map((j) => j.metadata.name).sort();
    const last = Math.floor(c.clock.now() / 60_000);
    expect(jobs).toEqual([last - 2, last - 1, last].map((m) => `tick-${m}`));
    const j = getJob(c, `tick-${last}`);
    expect(j.metadata.annotations['batch.kubernetes.io/cronjob-scheduled-timestamp']).toBe(new Date(last * 60_000).toISOString().replace('.000Z', 'Z'));
    expect(j.metadata.ownerReferences[0]).toMatchObject({ kind: 'CronJob', name: 'tick', controller: true, blockOwnerDeletion: true });
    const cj = c.client().get('cronjobs.batch', 'default', 'tick') as Any;
    expect(cj.status.lastScheduleTime).toBe(new Date(last * 60_000).toISOString().replace('.000Z', 'Z'));
    expect(cj.status.lastSuccessfulTime).toBeDefined();
    const events = (c.client().list('events', 'default').items as Any[]).filter((e) => e.involvedObject.kind === 'CronJob').map((e) => `${e.reason}: ${e.message}`);
    expect(events).toContain(`SuccessfulCreate: Created job tick-${firstMinute}`);
    expect(events).toContain(`SawCompletedJob: Saw completed job: tick-${firstMinute}, condition: Complete`);
    expect(events).toContain(`SuccessfulDelete: Deleted job tick-${firstMinute}`);
    expect(c.clock.errors).toEqual([]);
  });

  it('does not start a Job while one runs under concurrencyPolicy Forbid', () => {
    const c = boot();
    c.client().create('cronjobs.batch', 'default', {
      apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'one' },
      spec: { schedule: '* * * * *', concurrencyPolicy: 'Forbid', jobTemplate: { spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox', command: ['sleep', '3600'] }] } } } } },
    });
    c.advance(3 * 60_000 + 10_000);
    expect(c.client().list('jobs.batch', 'default').items).toHaveLength(1);
    const events = (c.client().list('events', 'default').items as Any[]).filter((e) => e.reason === 'JobAlreadyActive');
    expect(events[0]?.message).toBe('Not starting job because prior execution is running and concurrency policy is Forbid');
  });
});
