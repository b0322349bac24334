/**
 * When the kubelet's pod worker syncs a pod, as pure functions: which API
 * changes are worth a sync (pkg/kubelet/config podsDifferSemantically), when a
 * worker requeues itself (pod_workers.go completeWork), and the 1 s grids on
 * which PLEG relists (pleg/generic.go) and the sync loop picks up due work
 * (kubelet.go syncLoop's syncTicker).
 */

/** --sync-frequency: a pod worker that synced without error comes back after this (plus jitter). */
export const RESYNC_INTERVAL_MS = 60_000;
/** kubelet.go backOffPeriod: a pod worker whose sync failed comes back after this (plus jitter). */
export const BACKOFF_PERIOD_MS = 10_000;
/** pod_workers.go workerBackOffPeriodJitterFactor (also workerResyncIntervalJitterFactor). */
export const WORKER_JITTER_FACTOR = 0.5;
/** PLEG's relist period and the sync loop's ticker: both 1 s. */
export const RELIST_PERIOD_MS = 1_000;

/** apimachinery wait.Jitter: d plus up to maxFactor·d, drawn from `random` (a float in [0, 1)). */
export function jitter(durationMs: number, maxFactor: number, random: number): number {
  const f = maxFactor <= 0 ? 1 : maxFactor;
  return durationMs + Math.floor(random * f * durationMs);
}

/**
 * How long after `now` a pod worker whose sync failed requeues itself (completeWork's default branch): until the
 * earliest back-off expiry the error carries (kubecontainer.MinBackoffExpiration, a crash-loop back-off), else the
 * 10 s back-off period; kept within [0, resync interval], then jittered by up to half.
 *
 * Worked example: a container that exited at t=100 s with a 20 s back-off, synced at t=101 s, comes back after
 * 19 s to 28.5 s, so it restarts between t=120 s and t=129.5 s (then on the next sync-loop tick).
 */
export function errorRequeueMs(now: number, backoffExpiry: number | undefined, random: number): number {
  let d = backoffExpiry === undefined ? BACKOFF_PERIOD_MS : backoffExpiry - now;
  if (d < 0) d = 0;
  else if (d > RESYNC_INTERVAL_MS) d = RESYNC_INTERVAL_MS;
  return jitter(d, WORKER_JITTER_FACTOR, random);
}

/**
 * The first tick of a 1 s loop started at `origin` at or after `t` (`strict`: after `t`). The sync loop picks up
 * work that is due at or before its tick; a relist at the very instant a container exits may or may not see it, so
 * PLEG is taken to see a change at the first relist strictly after it.
 */
export function nextTick(origin: number, t: number, strict: boolean): number {
  const k = Math.ceil((t - origin) / RELIST_PERIOD_MS);
  const at = origin + Math.max(0, k) * RELIST_PERIOD_MS;
  return strict && at <= t ? at + RELIST_PERIOD_MS : at;
}

interface PodLike {
  metadata?: {
    uid?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    deletionTimestamp?: string | null;
    deletionGracePeriodSeconds?: number | null;
  };
  spec?: unknown;
}

/**
 * Whether an update of a pod is worth a sync (pkg/kubelet/config podsDifferSemantically): its spec, labels,
 * annotations, deletion timestamp or grace period changed. Anything else, the kubelet's own status writes coming
 * back through the watch above all, is a RECONCILE: the kubelet stores it and does not sync the pod (HandlePodReconcile
 * syncs only for a readiness-gate condition to fix, which the simulation does not serve). A mirror pod with a new UID
 * (recreated) is a new pod to the kubelet's pod manager.
 */
export function podsDifferSemantically(existing: PodLike, ref: PodLike): boolean {
  const a = existing.metadata ?? {};
  const b = ref.metadata ?? {};
  if (a.uid !== b.uid) return true;
  if ((a.deletionTimestamp ?? undefined) !== (b.deletionTimestamp ?? undefined)) return true;
  if ((a.deletionGracePeriodSeconds ?? undefined) !== (b.deletionGracePeriodSeconds ?? undefined)) return true;
  if (!sameStringMap(a.labels, b.labels) || !sameStringMap(a.annotations, b.annotations)) return true;
  // The API server hands out the same spec object while the spec is unchanged (a status write shares it).
  return existing.spec !== ref.spec && !deepEqual(existing.spec, ref.spec);
}

/** reflect.DeepEqual of a nil map and an empty one is false; isAnnotationMapEqual treats them alike, and so do we for both. */
function sameStringMap(a: Record<string, string> | undefined, b: Record<string, string> | undefined): boolean {
  if (a === b) return true;
  const x = a ?? {};
  const y = b ?? {};
  let n = 0;
  for (const k in x) {
    if (x[k] !== y[k]) return false;
    n++;
  }
  for (const _ in y) n--;
  return n === 0;
}

/** Structural equality of decoded JSON, where a member set to undefined counts as absent. */
function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const y = b as unknown[];
    if (a.length !== y.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], y[i])) return false;
    return true;
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  for (const k in x) if (!deepEqual(x[k], y[k])) return false;
  for (const k in y) if (!(k in x) && y[k] !== undefined) return false;
  return true;
}
