/**
 * Which pods a ReplicaSet deletes first when it scales down: the order of
 * controller.ActivePodsWithRanks (pkg/controller/controller_utils.go, v1.35,
 * with PodDeletionCost and LogarithmicScaleDown on, as they are by default).
 */
import { parseTime } from '../../util/time.js';
import { isPodActive, isPodReady, podReadyCondition, type PodLike } from './podutil.js';

export const POD_DELETION_COST_ANNOTATION = 'controller.kubernetes.io/pod-deletion-cost';

const PHASE_ORDINAL: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

function phaseOrdinal(pod: PodLike): number {
  // Go's map lookup gives 0 for phases outside the table (the zero value), like Pending.
  return PHASE_ORDINAL[pod.status?.phase ?? ''] ?? 0;
}

/** The annotation's int32 value; absent or malformed ("+1", "007", "1.5") counts as 0, as helper.GetDeletionCostFromPodAnnotations. */
export function podDeletionCost(pod: PodLike): number {
  const v = pod.metadata.annotations?.[POD_DELETION_COST_ANNOTATION];
  if (v === undefined) return 0;
  if (!/^-?(0|[1-9][0-9]*)$/.test(v)) return 0;
  const n = Number(v);
  if (n > 2147483647 || n < -2147483648) return 0;
  return n;
}

function readyTime(pod: PodLike): number | undefined {
  if (!isPodReady(pod)) return undefined;
  return parseTime(podReadyCondition(pod)?.lastTransitionTime ?? undefined);
}

function maxContainerRestarts(pod: PodLike): number {
  let max = 0;
  for (const c of pod.status?.containerStatuses ?? []) max = Math.max(max, c.restartCount ?? 0);
  return max;
}

/**
 * floor(log2(now - t)) with durations in nanoseconds, as logarithmicRankDiff:
 * pods whose ages fall in the same power-of-two bucket count as the same age,
 * so scale-down does not always pick the very newest pods.
 */
export function logarithmicBucket(t: number, now: number): number {
  const dNanos = (now - t) * 1_000_000;
  return dNanos > 0 ? Math.floor(Math.log2(dNanos)) : -1;
}

/** afterOrZero: a missing time counts as later than any real one. */
function afterOrZero(a: number | undefined, b: number | undefined): boolean {
  if (a === undefined || b === undefined) return a === undefined;
  return a > b;
}

export interface RankedPod {
  pod: PodLike;
  /** Active pods of the same owner family on this pod's node (more = delete first). */
  rank: number;
}

/** Negative when `a` should be deleted before `b`. */
export function compareForDeletion(a: RankedPod, b: RankedPod, now: number): number {
  return lessForDeletion(a, b, now) ? -1 : lessForDeletion(b, a, now) ? 1 : 0;
}

function lessForDeletion(x: RankedPod, y: RankedPod, now: number): boolean {
  const a = x.pod;
  const b = y.pod;
  const an = a.spec?.nodeName ?? '';
  const bn = b.spec?.nodeName ?? '';
  // 1. Unassigned < assigned
  if (an !== bn && (an === '' || bn === '')) return an === '';
  // 2. Pending < Unknown < Running
  if (phaseOrdinal(a) !== phaseOrdinal(b)) return phaseOrdinal(a) < phaseOrdinal(b);
  // 3. Not ready < ready
  if (isPodReady(a) !== isPodReady(b)) return !isPodReady(a);
  // 4. Lower pod-deletion-cost < higher
  const ca = podDeletionCost(a);
  const cb = podDeletionCost(b);
  if (ca !== cb) return ca < cb;
  // 5. Doubled up < not doubled up
  if (x.rank !== y.rank) return x.rank > y.rank;
  // 6. Ready for a shorter time < longer, in logarithmic buckets
  if (isPodReady(a) && isPodReady(b)) {
    const ra = readyTime(a);
    const rb = readyTime(b);
    if (ra !== rb) {
      if (ra === undefined || rb === undefined) return afterOrZero(ra, rb);
      const diff = logarithmicBucket(ra, now) - logarithmicBucket(rb, now);
      if (diff === 0) return (a.metadata.uid ?? '') < (b.metadata.uid ?? '');
      return diff < 0;
    }
  }
  // 7. More restarts < fewer
  const ma = maxContainerRestarts(a);
  const mb = maxContainerRestarts(b);
  if (ma !== mb) return ma > mb;
  // 8. Newer < older, in logarithmic buckets
  const ta = parseTime(a.metadata.creationTimestamp);
  const tb = parseTime(b.metadata.creationTimestamp);
  if (ta !== tb) {
    if (ta === undefined || tb === undefined) return afterOrZero(ta, tb);
    const diff = logarithmicBucket(ta, now) - logarithmicBucket(tb, now);
    if (diff === 0) return (a.metadata.uid ?? '') < (b.metadata.uid ?? '');
    return diff < 0;
  }
  return false;
}

/**
 * getPodsToDelete: the first `diff` pods in deletion order. `related` are the
 * active pods of every ReplicaSet with the same owner (a Deployment's old and
 * new sets), used to prefer nodes that run several of them.
 */
export function podsToDelete(pods: PodLike[], related: PodLike[], diff: number, now: number): PodLike[] {
  if (diff >= pods.length) return pods.slice(0, diff);
  const onNode = new Map<string, number>();
  for (const p of related) {
    if (!isPodActive(p)) continue;
    const n = p.spec?.nodeName ?? '';
    onNode.set(n, (onNode.get(n) ?? 0) + 1);
  }
  const ranked: RankedPod[] = pods.map((pod) => ({ pod, rank: onNode.get(pod.spec?.nodeName ?? '') ?? 0 }));
  ranked.sort((a, b) => compareForDeletion(a, b, now));
  return ranked.slice(0, diff).map((r) => r.pod);
}
