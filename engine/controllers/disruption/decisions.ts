/**
 * The disruption controller's arithmetic as pure functions (pkg/controller/disruption/disruption.go and
 * k8s.io/component-helpers/apps/poddisruptionbudget, release-1.35): how many pods a budget expects, how many
 * must stay healthy, which are healthy now, and the DisruptionAllowed condition.
 */
import { parseTime, rfc3339 } from '../../util/time.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

/** DeletionTimeout: how long a pod stays in status.disruptedPods waiting to be seen deleted. */
export const DELETION_TIMEOUT_MS = 2 * 60_000;
/** stalePodDisruptionTimeout: a DisruptionTarget condition on a pod that is not terminating is reset after this. */
export const STALE_POD_DISRUPTION_TIMEOUT_MS = 2 * 60_000;

export const DISRUPTION_ALLOWED_CONDITION = 'DisruptionAllowed';
export const SUFFICIENT_PODS_REASON = 'SufficientPods';
export const INSUFFICIENT_PODS_REASON = 'InsufficientPods';
export const SYNC_FAILED_REASON = 'SyncFailed';

export const REASON_NO_PODS = 'NoPods';
export const MESSAGE_NO_PODS = 'No matching pods found';
export const REASON_CALCULATE_FAILED = 'CalculateExpectedPodCountFailed';
export const REASON_UNMANAGED_PODS = 'UnmanagedPods';
export const REASON_NOT_DELETED = 'NotDeleted';

export const calculateFailedMessage = (err: string) => `Failed to calculate the number of expected pods: ${err}`;
export const noControllersError = (pod: string) => `found no controllers for pod "${pod}"`;
export const noScaleError = (groupResource: string) => `${groupResource} does not implement the scale subresource`;
/** The UnmanagedPods warning prints the selector with Go's %v of a *metav1.LabelSelector. */
export const unmanagedPodsMessage = (selector: string) =>
  `Pods selected by this PodDisruptionBudget (selector: ${selector}) were found to be unmanaged. As a result, the status of the PDB cannot be calculated correctly, which may result in undefined behavior. To account for these pods please set ".spec.minAvailable" field of the PDB to an integer value.`;
/** buildDisruptedPodMap's event names the budget's namespace twice, as the real format string does. */
export const notDeletedMessage = (namespace: string) => `Pod was expected by PDB ${namespace}/${namespace} to be deleted but it wasn't`;

/** intstr.GetScaledValueFromIntOrPercent with roundUp: an int is itself, "N%" is ⌈N·total/100⌉. */
export function scaledValue(v: number | string, total: number): number {
  if (typeof v === 'number') return v;
  const n = Number(v.slice(0, -1));
  return Math.ceil((n * total) / 100);
}

/** Whether getExpectedPodCount needs the pods' controllers' scale: a maxUnavailable, or a percentage minAvailable. */
export function needsScale(spec: Any): boolean {
  if (spec?.maxUnavailable != null) return true;
  return typeof spec?.minAvailable === 'string';
}

/** getExpectedPodCount once the scale (when needed) is known: [expectedCount, desiredHealthy]. */
export function expectedAndDesired(spec: Any, podCount: number, scale: number): [number, number] {
  if (spec?.maxUnavailable != null) return [scale, Math.max(0, scale - scaledValue(spec.maxUnavailable, scale))];
  const min = spec?.minAvailable;
  if (typeof min === 'number') return [podCount, min];
  if (typeof min === 'string') return [scale, scaledValue(min, scale)];
  return [0, 0];
}

export function isPodReady(pod: Any): boolean {
  return (pod.status?.conditions ?? []).some((c: Any) => c.type === 'Ready' && c.status === 'True');
}

/** countHealthyPods: Ready pods that are neither being deleted nor recently evicted. */
export function countHealthyPods(pods: Any[], disrupted: Record<string, string>, now: number): number {
  let n = 0;
  for (const pod of pods) {
    if (pod.metadata.deletionTimestamp) continue;
    const at = disrupted[pod.metadata.name];
    if (at !== undefined && (parseTime(at) ?? 0) + DELETION_TIMEOUT_MS > now) continue;
    if (isPodReady(pod)) n++;
  }
  return n;
}

export interface DisruptedPodMap {
  /** The entries still awaited. */
  disrupted: Record<string, string>;
  /** When the first of them expires, if any. */
  recheckAt?: number;
  /** Pods whose entry expired without their deletion (a NotDeleted warning each). */
  notDeleted: Any[];
}

/** buildDisruptedPodMap: keeps the entries of existing, not yet deleting pods whose deletion is still expected. */
export function buildDisruptedPodMap(pods: Any[], status: Any, now: number): DisruptedPodMap {
  const out: DisruptedPodMap = { disrupted: {}, notDeleted: [] };
  const prev: Record<string, string> | undefined = status?.disruptedPods;
  if (!prev) return out;
  for (const pod of pods) {
    if (pod.metadata.deletionTimestamp) continue;
    const at = prev[pod.metadata.name];
    if (at === undefined) continue;
    const expected = (parseTime(at) ?? 0) + DELETION_TIMEOUT_MS;
    if (expected < now) out.notDeleted.push(pod);
    else {
      if (out.recheckAt === undefined || expected < out.recheckAt) out.recheckAt = expected;
      out.disrupted[pod.metadata.name] = at;
    }
  }
  return out;
}

/** updatePdbStatus' disruptionsAllowed: none while the budget expects no pods. */
export function disruptionsAllowed(currentHealthy: number, desiredHealthy: number, expectedCount: number): number {
  const allowed = currentHealthy - desiredHealthy;
  return expectedCount <= 0 || allowed <= 0 ? 0 : allowed;
}

/** apimeta.SetStatusCondition: the transition time moves only when the status does. */
export function setStatusCondition(conditions: Any[], cond: { type: string; status: string; reason: string; message: string; observedGeneration?: number }, now: number): Any[] {
  const out = conditions.map((c) => ({ ...c }));
  const existing = out.find((c) => c.type === cond.type);
  if (!existing) {
    out.push({ type: cond.type, status: cond.status, ...(cond.observedGeneration ? { observedGeneration: cond.observedGeneration } : {}), lastTransitionTime: rfc3339(now), reason: cond.reason, message: cond.message });
    return out;
  }
  if (existing.status !== cond.status) {
    existing.status = cond.status;
    existing.lastTransitionTime = rfc3339(now);
  }
  existing.reason = cond.reason;
  existing.message = cond.message;
  if (cond.observedGeneration) existing.observedGeneration = cond.observedGeneration;
  else delete existing.observedGeneration;
  return out;
}

/** pdbhelper.UpdateDisruptionAllowedCondition: True/SufficientPods while a disruption is allowed, else False/InsufficientPods. */
export function updateDisruptionAllowedCondition(status: Any, now: number): void {
  const allowed = (status.disruptionsAllowed ?? 0) > 0;
  status.conditions = setStatusCondition(status.conditions ?? [], {
    type: DISRUPTION_ALLOWED_CONDITION,
    status: allowed ? 'True' : 'False',
    reason: allowed ? SUFFICIENT_PODS_REASON : INSUFFICIENT_PODS_REASON,
    message: '',
    observedGeneration: status.observedGeneration,
  }, now);
}

/** pdbhelper.ConditionsAreUpToDate. */
export function conditionsAreUpToDate(pdb: Any): boolean {
  const status = pdb.status ?? {};
  const cond = (status.conditions ?? []).find((c: Any) => c.type === DISRUPTION_ALLOWED_CONDITION);
  if (!cond) return false;
  if ((status.observedGeneration ?? 0) !== (pdb.metadata.generation ?? 0)) return false;
  if ((status.disruptionsAllowed ?? 0) > 0) return cond.status === 'True' && cond.reason === SUFFICIENT_PODS_REASON;
  return cond.status === 'False' && cond.reason === INSUFFICIENT_PODS_REASON;
}

function sameDisrupted(a: Record<string, string> | undefined, b: Record<string, string>): boolean {
  const ak = Object.keys(a ?? {});
  if (ak.length !== Object.keys(b).length) return false;
  return ak.every((k) => parseTime(a![k]) === parseTime(b[k]));
}

/** The status updatePdbStatus writes, or undefined when the stored one already says it all. */
export function nextStatus(pdb: Any, currentHealthy: number, desiredHealthy: number, expectedPods: number, disrupted: Record<string, string>, now: number): Any | undefined {
  const allowed = disruptionsAllowed(currentHealthy, desiredHealthy, expectedPods);
  const s = pdb.status ?? {};
  const generation = pdb.metadata.generation ?? 0;
  if (
    (s.currentHealthy ?? 0) === currentHealthy && (s.desiredHealthy ?? 0) === desiredHealthy && (s.expectedPods ?? 0) === expectedPods
    && (s.disruptionsAllowed ?? 0) === allowed && sameDisrupted(s.disruptedPods, disrupted) && (s.observedGeneration ?? 0) === generation
    && conditionsAreUpToDate(pdb)
  ) return undefined;
  const status: Any = {
    currentHealthy, desiredHealthy, expectedPods, disruptionsAllowed: allowed,
    ...(Object.keys(disrupted).length ? { disruptedPods: disrupted } : {}),
    ...(generation ? { observedGeneration: generation } : {}),
    conditions: s.conditions ?? [],
  };
  updateDisruptionAllowedCondition(status, now);
  return status;
}

/** failSafe: no disruption allowed, and the DisruptionAllowed condition False/SyncFailed with the error. */
export function failSafeStatus(pdb: Any, err: string, now: number): Any {
  const status: Any = { ...(pdb.status ?? {}), disruptionsAllowed: 0 };
  status.conditions = setStatusCondition(status.conditions ?? [], {
    type: DISRUPTION_ALLOWED_CONDITION, status: 'False', reason: SYNC_FAILED_REASON, message: err, observedGeneration: status.observedGeneration,
  }, now);
  return status;
}
