/**
 * The Job controller's decisions as pure functions (pkg/controller/job,
 * release-1.35): how many pods should run, the pod failure back-off, when a
 * pod finished, and the texts of its conditions and events.
 */
import type { KObject } from '../../api/meta.js';
import { parseTime } from '../../util/time.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

export const JOB_CONTROLLER = 'job-controller';
export const JOB_TRACKING_FINALIZER = 'batch.kubernetes.io/job-tracking';
/** syncJobBatchPeriod: pod events reach a Job's sync one second later, batched. */
export const SYNC_JOB_BATCH_PERIOD_MS = 1000;
/** DefaultJobPodFailureBackOff and MaxJobPodFailureBackOff. */
export const DEFAULT_POD_FAILURE_BACKOFF_MS = 10_000;
export const MAX_POD_FAILURE_BACKOFF_MS = 10 * 60_000;
export const MAX_POD_CREATE_DELETE_PER_SYNC = 500;

export const REASON_BACKOFF_LIMIT_EXCEEDED = 'BackoffLimitExceeded';
export const MESSAGE_BACKOFF_LIMIT_EXCEEDED = 'Job has reached the specified backoff limit';
export const REASON_DEADLINE_EXCEEDED = 'DeadlineExceeded';
export const MESSAGE_DEADLINE_EXCEEDED = 'Job was active longer than specified deadline';
export const REASON_COMPLETED = 'Completed';
export const MESSAGE_COMPLETED = 'Job completed';
export const REASON_TOO_MANY_SUCCEEDED = 'TooManySucceededPods';
export const MESSAGE_TOO_MANY_SUCCEEDED = 'Too many succeeded pods running after completion count reached';
export const REASON_SUSPENDED = 'Suspended';
export const MESSAGE_SUSPENDED = 'Job suspended';
export const REASON_RESUMED = 'Resumed';
export const MESSAGE_RESUMED = 'Job resumed';
export const COMPLETION_INDEX_ANNOTATION = 'batch.kubernetes.io/job-completion-index';
export const JOB_INDEX_LABEL = 'batch.kubernetes.io/job-completion-index';
export const COMPLETION_INDEX_ENV = 'JOB_COMPLETION_INDEX';

export function isPodTerminal(p: KObject): boolean {
  const phase = (p.status as Any)?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}

/** IsPodActive: not finished and not being deleted. */
export function isPodActive(p: KObject): boolean {
  return !isPodTerminal(p) && !p.metadata.deletionTimestamp;
}

export function isPodReady(p: KObject): boolean {
  return ((p.status as Any)?.conditions ?? []).some((c: Any) => c.type === 'Ready' && c.status === 'True');
}

export function hasTrackingFinalizer(p: KObject): boolean {
  return (p.metadata.finalizers ?? []).includes(JOB_TRACKING_FINALIZER);
}

/** isPodFailed: Failed, or (unless only failed pods are replaced) deleted before it succeeded. */
export function isPodFailed(p: KObject, job: KObject): boolean {
  const phase = (p.status as Any)?.phase;
  if (phase === 'Failed') return true;
  if ((job.spec as Any)?.podReplacementPolicy === 'Failed') return false;
  return !!p.metadata.deletionTimestamp && phase !== 'Succeeded';
}

/** getFinishedTime: the last container's finish, else the deletion time, else the creation time. */
export function podFinishedTime(p: KObject): number {
  let latest: number | undefined;
  for (const cs of ((p.status as Any)?.containerStatuses ?? []) as Any[]) {
    const t = parseTime(cs.state?.terminated?.finishedAt);
    if (t === undefined) { latest = undefined; break; }
    if (latest === undefined || t > latest) latest = t;
  }
  if (latest !== undefined) return latest;
  const ready = ((p.status as Any)?.conditions ?? []).find((c: Any) => c.type === 'Ready' && c.status === 'False');
  const readyAt = parseTime(ready?.lastTransitionTime);
  if (readyAt !== undefined) return readyAt;
  return parseTime(p.metadata.deletionTimestamp) ?? parseTime(p.metadata.creationTimestamp) ?? 0;
}

/** A Job's pod failure back-off: failures since its last success, and when the last one happened. */
export interface BackoffRecord {
  failuresAfterLastSuccess: number;
  lastFailureTime?: number;
}

/** newBackoffRecord: newly finished pods in the order they finished; a success starts the count again. */
export function newBackoffRecord(prev: BackoffRecord | undefined, succeeded: KObject[], failed: KObject[]): BackoffRecord {
  const rec: BackoffRecord = { ...(prev ?? { failuresAfterLastSuccess: 0 }) };
  if (!succeeded.length && !failed.length) return rec;
  const lastSuccess = succeeded.length ? Math.max(...succeeded.map(podFinishedTime)) : undefined;
  const failedTimes = failed.map(podFinishedTime).sort((a, b) => a - b);
  if (lastSuccess !== undefined) {
    const after = failedTimes.filter((t) => t > lastSuccess);
    return after.length ? { failuresAfterLastSuccess: after.length, lastFailureTime: after[after.length - 1] } : { failuresAfterLastSuccess: 0 };
  }
  if (failedTimes.length) {
    rec.failuresAfterLastSuccess += failedTimes.length;
    rec.lastFailureTime = Math.max(rec.lastFailureTime ?? 0, failedTimes[failedTimes.length - 1]);
  }
  return rec;
}

/** getRemainingTimeForFailuresCount: 10 s doubled for each failure after the first, capped at 10 min, less the time since the last failure. */
export function backoffRemaining(rec: BackoffRecord | undefined, now: number): number {
  if (!rec || rec.failuresAfterLastSuccess === 0 || rec.lastFailureTime === undefined) return 0;
  let d = DEFAULT_POD_FAILURE_BACKOFF_MS;
  for (let i = 1; i < rec.failuresAfterLastSuccess; i++) {
    d *= 2;
    if (d >= MAX_POD_FAILURE_BACKOFF_MS) { d = MAX_POD_FAILURE_BACKOFF_MS; break; }
  }
  const elapsed = now - rec.lastFailureTime;
  return d < elapsed ? 0 : d - elapsed;
}

/** manageJob's target: up to parallelism, never more than the completions left. */
export function wantActive(spec: Any, succeeded: number, active: number): number {
  const parallelism = spec.parallelism ?? 1;
  if (spec.completions === undefined || spec.completions === null) return succeeded > 0 ? active : parallelism;
  return Math.max(0, Math.min(spec.completions - succeeded, parallelism));
}

/** pastBackoffLimitOnFailure: for restartPolicy OnFailure, the restarts of running and pending pods count as failures. */
export function pastBackoffLimitOnFailure(job: KObject, pods: KObject[]): boolean {
  const spec = job.spec as Any;
  if (spec.template?.spec?.restartPolicy !== 'OnFailure') return false;
  let restarts = 0;
  for (const p of pods) {
    const st = p.status as Any;
    if (st?.phase !== 'Running' && st?.phase !== 'Pending') continue;
    for (const cs of [...(st.initContainerStatuses ?? []), ...(st.containerStatuses ?? [])]) restarts += cs.restartCount ?? 0;
  }
  return spec.backoffLimit === 0 ? restarts > 0 : restarts >= spec.backoffLimit;
}

/** controller.ActivePods' order for deletion: unscheduled, pending, not ready, then the newest first. */
export function deletionOrder(a: KObject, b: KObject): number {
  const node = (p: KObject) => ((p.spec as Any)?.nodeName ? 1 : 0);
  if (node(a) !== node(b)) return node(a) - node(b);
  const rank = (p: KObject) => ({ Pending: 0, Unknown: 1, Running: 2 } as Record<string, number>)[(p.status as Any)?.phase] ?? 0;
  if (rank(a) !== rank(b)) return rank(a) - rank(b);
  const ready = (p: KObject) => (isPodReady(p) ? 1 : 0);
  if (ready(a) !== ready(b)) return ready(a) - ready(b);
  const ca = a.metadata.creationTimestamp ?? '';
  const cb = b.metadata.creationTimestamp ?? '';
  return ca === cb ? 0 : ca > cb ? -1 : 1;
}

export interface JobCondition {
  type: string;
  status: string;
  lastProbeTime: string;
  lastTransitionTime: string;
  reason?: string;
  message?: string;
}

export function newCondition(type: string, status: string, reason: string, message: string, nowText: string): JobCondition {
  const c: JobCondition = { type, status, lastProbeTime: nowText, lastTransitionTime: nowText };
  if (reason) c.reason = reason;
  if (message) c.message = message;
  return c;
}

export function findCondition(conds: JobCondition[] | undefined, type: string): JobCondition | undefined {
  return (conds ?? []).find((c) => c.type === type);
}

export function isConditionTrue(job: KObject, type: string): boolean {
  return findCondition((job.status as Any)?.conditions, type)?.status === 'True';
}

export function isJobFinished(job: KObject): boolean {
  return isConditionTrue(job, 'Complete') || isConditionTrue(job, 'Failed');
}

/** ensureJobConditionStatus: sets a condition (never adds one that is False); whether anything changed. */
export function ensureCondition(conds: JobCondition[], type: string, status: string, reason: string, message: string, nowText: string): boolean {
  const i = conds.findIndex((c) => c.type === type);
  if (i >= 0) {
    const c = conds[i];
    if (c.status === status && (c.reason ?? '') === reason && (c.message ?? '') === message) return false;
    conds[i] = newCondition(type, status, reason, message, nowText);
    return true;
  }
  if (status === 'False') return false;
  conds.push(newCondition(type, status, reason, message, nowText));
  return true;
}

/** parseIndexesFromString: "0-2,5" → {0,1,2,5}, indexes at or beyond completions left out. */
export function parseIndexes(text: string | undefined, completions: number): Set<number> {
  const out = new Set<number>();
  for (const part of String(text ?? '').split(',').filter(Boolean)) {
    const [a, b] = part.split('-').map(Number);
    for (let i = a; i <= (b ?? a) && i < completions; i++) if (Number.isInteger(i) && i >= 0) out.add(i);
  }
  return out;
}

/** orderedIntervals.String(): ascending, consecutive runs as "first-last". */
export function formatIndexes(indexes: Set<number>): string {
  const sorted = [...indexes].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    parts.push(j > i ? `${sorted[i]}-${sorted[j]}` : String(sorted[i]));
    i = j + 1;
  }
  return parts.join(',');
}
