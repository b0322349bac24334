/**
 * The Job controller's decisions as pure functions (pkg/controller/job,
 * release-1.35): how many pods should run, the pod failure back-off, when a
 * pod finished, the texts of its conditions and events, and the pod failure
 * policy, per-index failure and success policy rules (pod_failure_policy.go,
 * indexed_job_utils.go, backoff_utils.go, success_policy.go).
 */
import type { KObject } from '../../api/meta.js';
import { parseTime } from '../../util/time.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

export const JOB_CONTROLLER = 'job-controller';
export const JOB_TRACKING_FINALIZER = 'batch.kubernetes.io/job-tracking';
/** batch.JobControllerName: the spec.managedBy value that leaves a Job to this controller. */
export const JOB_CONTROLLER_NAME = 'kubernetes.io/job-controller';
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
export const INDEX_FAILURE_COUNT_ANNOTATION = 'batch.kubernetes.io/job-index-failure-count';
export const INDEX_IGNORED_FAILURE_COUNT_ANNOTATION = 'batch.kubernetes.io/job-index-ignored-failure-count';
export const REASON_POD_FAILURE_POLICY = 'PodFailurePolicy';
export const REASON_FAILED_INDEXES = 'FailedIndexes';
export const MESSAGE_FAILED_INDEXES = 'Job has failed indexes';
export const REASON_MAX_FAILED_INDEXES_EXCEEDED = 'MaxFailedIndexesExceeded';
export const MESSAGE_MAX_FAILED_INDEXES_EXCEEDED = 'Job has exceeded the specified maximal number of failed indexes';
export const REASON_SUCCESS_POLICY = 'SuccessPolicy';

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

/** onlyReplaceFailedPods: podReplacementPolicy Failed, which a pod failure policy implies. */
export function onlyReplaceFailedPods(job: KObject): boolean {
  const spec = job.spec as Any;
  return spec?.podReplacementPolicy === 'Failed' || !!spec?.podFailurePolicy;
}

/** isPodFailed: Failed, or (unless only failed pods are replaced) deleted before it succeeded. */
export function isPodFailed(p: KObject, job: KObject): boolean {
  const phase = (p.status as Any)?.phase;
  if (phase === 'Failed') return true;
  if (onlyReplaceFailedPods(job)) return false;
  return !!p.metadata.deletionTimestamp && phase !== 'Succeeded';
}

/** What a pod failure policy makes of a failed pod: the FailJob message, whether it counts, the action matched. */
export interface PolicyMatch {
  message?: string;
  count: boolean;
  action?: 'FailJob' | 'FailIndex' | 'Ignore' | 'Count';
}

function exitCodeMatches(code: number, req: Any): boolean {
  const values: number[] = req.values ?? [];
  if (req.operator === 'In') return values.includes(code);
  if (req.operator === 'NotIn') return !values.includes(code);
  return false;
}

/** getMatchingContainerFromList: the first terminated container, non-zero exit, of the named container if one is named. */
function matchingContainer(statuses: Any[] | undefined, req: Any): Any | undefined {
  for (const cs of statuses ?? []) {
    const t = cs.state?.terminated;
    if (!t) continue;
    if (req.containerName != null && req.containerName !== cs.name) continue;
    if (t.exitCode !== 0 && exitCodeMatches(t.exitCode, req)) return cs;
  }
  return undefined;
}

/**
 * matchPodFailurePolicy: the first rule that matches decides. onExitCodes looks at the
 * containers, then the init containers; onPodConditions at the pod's conditions in order.
 */
export function matchPodFailurePolicy(policy: Any, pod: KObject): PolicyMatch {
  if (!policy) return { count: true };
  const st = (pod.status ?? {}) as Any;
  const rules: Any[] = policy.rules ?? [];
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i];
    let what: string | undefined;
    if (rule.onExitCodes) {
      const cs = matchingContainer(st.containerStatuses, rule.onExitCodes) ?? matchingContainer(st.initContainerStatuses, rule.onExitCodes);
      if (!cs) continue;
      what = `Container ${cs.name} for pod ${pod.metadata.namespace}/${pod.metadata.name} failed with exit code ${cs.state.terminated.exitCode}`;
    } else if (rule.onPodConditions) {
      const patterns: Any[] = rule.onPodConditions;
      const cond = ((st.conditions ?? []) as Any[]).find((c) => patterns.some((p) => p.type === c.type && (p.status ?? 'True') === c.status));
      if (!cond) continue;
      what = `Pod ${pod.metadata.namespace}/${pod.metadata.name} has condition ${cond.type}`;
    } else continue;
    switch (rule.action) {
      case 'Ignore': return { count: false, action: 'Ignore' };
      case 'Count': return { count: true, action: 'Count' };
      case 'FailIndex': return { count: true, action: 'FailIndex' };
      case 'FailJob': return { count: true, action: 'FailJob', message: `${what} matching FailJob rule at index ${i}` };
    }
    // An action this controller does not know (a newer API) falls through to the next rule, as Go's switch does.
  }
  return { count: true };
}

/** getFailJobMessage: the first failed pod matching a FailJob rule fails the Job. */
export function failJobMessage(job: KObject, pods: KObject[]): string | undefined {
  const policy = (job.spec as Any)?.podFailurePolicy;
  if (!policy) return undefined;
  for (const p of pods) {
    if (!isPodFailed(p, job)) continue;
    const m = matchPodFailurePolicy(policy, p);
    if (m.message) return m.message;
  }
  return undefined;
}

/** parseInt32 of the index failure annotations: anything unparsable, negative or too big is 0. */
function annotationCount(p: KObject, key: string): number {
  const v = p.metadata.annotations?.[key];
  if (v === undefined || !/^[+-]?[0-9]+$/.test(v)) return 0;
  const n = Number(v);
  return n < 0 || n > 2147483647 ? 0 : n;
}

export function indexFailureCount(p: KObject): number {
  return annotationCount(p, INDEX_FAILURE_COUNT_ANNOTATION);
}

export function indexAbsoluteFailureCount(p: KObject): number {
  return annotationCount(p, INDEX_FAILURE_COUNT_ANNOTATION) + annotationCount(p, INDEX_IGNORED_FAILURE_COUNT_ANNOTATION);
}

/** isIndexFailed: a FailIndex rule, or a counted failure with the index's failures at backoffLimitPerIndex. */
export function isIndexFailed(job: KObject, p: KObject): boolean {
  if (!isPodFailed(p, job)) return false;
  const spec = job.spec as Any;
  let counted = true;
  if (spec.podFailurePolicy) {
    const m = matchPodFailurePolicy(spec.podFailurePolicy, p);
    if (m.action === 'FailIndex') return true;
    counted = m.count;
  }
  return counted && indexFailureCount(p) >= spec.backoffLimitPerIndex;
}

/** getNewIndexFailureCounts: the replaced pod's counts, plus its own failure (ignored or counted). */
export function newIndexFailureCounts(job: KObject, replaced: KObject | undefined): [number, number] {
  if (!replaced) return [0, 0];
  let failures = indexFailureCount(replaced);
  let ignored = annotationCount(replaced, INDEX_IGNORED_FAILURE_COUNT_ANNOTATION);
  if (matchPodFailurePolicy((job.spec as Any)?.podFailurePolicy, replaced).count) failures++;
  else ignored++;
  return [failures, ignored];
}

/**
 * matchSuccessPolicy: the first rule met. A succeededIndexes rule is met when all its indexes
 * succeeded, or succeededCount of them; a succeededCount-only rule by that many succeeded indexes.
 */
export function matchSuccessPolicy(policy: Any, completions: number, succeeded: Set<number>): string | undefined {
  if (!policy || succeeded.size === 0) return undefined;
  const rules: Any[] = policy.rules ?? [];
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i];
    if (rule.succeededIndexes != null) {
      const required = parseIndexes(rule.succeededIndexes, completions);
      if (required.size === 0) continue;
      let contains = 0;
      for (const ix of required) if (succeeded.has(ix)) contains++;
      if (contains === required.size || (rule.succeededCount != null && contains >= rule.succeededCount)) return `Matched rules at index ${i}`;
    } else if (rule.succeededCount != null && succeeded.size >= rule.succeededCount) {
      return `Matched rules at index ${i}`;
    }
  }
  return undefined;
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
function remainingForFailures(failures: number, lastFailureTime: number, now: number): number {
  let d = DEFAULT_POD_FAILURE_BACKOFF_MS;
  for (let i = 1; i < failures; i++) {
    d *= 2;
    if (d >= MAX_POD_FAILURE_BACKOFF_MS) { d = MAX_POD_FAILURE_BACKOFF_MS; break; }
  }
  const elapsed = now - lastFailureTime;
  return d < elapsed ? 0 : d - elapsed;
}

export function backoffRemaining(rec: BackoffRecord | undefined, now: number): number {
  if (!rec || rec.failuresAfterLastSuccess === 0 || rec.lastFailureTime === undefined) return 0;
  return remainingForFailures(rec.failuresAfterLastSuccess, rec.lastFailureTime, now);
}

/** getRemainingTimePerIndex: the index's back-off from its last failed pod (its failures so far, plus that one). */
export function indexBackoffRemaining(lastFailed: KObject | undefined, now: number): number {
  if (!lastFailed) return 0;
  return remainingForFailures(indexAbsoluteFailureCount(lastFailed) + 1, podFinishedTime(lastFailed), now);
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

/** orderedIntervals.String(): ascending; a run of three or more as "first-last", a pair as "a,b". */
export function formatIndexes(indexes: Set<number>): string {
  const sorted = [...indexes].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    parts.push(j === i ? String(sorted[i]) : j === i + 1 ? `${sorted[i]},${sorted[j]}` : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}
