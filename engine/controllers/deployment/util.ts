/**
 * pkg/controller/deployment/util/deployment_util.go as pure functions: the
 * annotations, revisions, condition bookkeeping, surge/unavailability
 * arithmetic, proportions and the pod-template-hash.
 */
import { stableStringify } from '../../api/meta.js';
import { fnv32a, safeEncodeString } from '../../util/random.js';
import { parseTime, rfc3339 } from '../../util/time.js';
import type { PodTemplate } from '../replicaset/types.js';
import type { DeploymentCondition, DeploymentLike, DeploymentStatus, IntOrString, ReplicaSetLike } from './types.js';

// ---- names the controller writes (apps/v1 and deployment_util.go) ----

export const DEFAULT_DEPLOYMENT_UNIQUE_LABEL_KEY = 'pod-template-hash';
export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';
export const REVISION_HISTORY_ANNOTATION = 'deployment.kubernetes.io/revision-history';
export const DESIRED_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/max-replicas';
export const CHANGE_CAUSE_ANNOTATION = 'kubernetes.io/change-cause';
export const LAST_APPLIED_CONFIG_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';
export const DEPRECATED_ROLLBACK_TO_ANNOTATION = 'deprecated.deployment.rollback.to';
/** maxRevHistoryLengthInChars: how long the revision-history annotation may grow. */
export const MAX_REV_HISTORY_LENGTH_IN_CHARS = 2000;

export const ROLLING_UPDATE = 'RollingUpdate';
export const RECREATE = 'Recreate';

// condition types and reasons
export const DEPLOYMENT_AVAILABLE = 'Available';
export const DEPLOYMENT_PROGRESSING = 'Progressing';
export const DEPLOYMENT_REPLICA_FAILURE = 'ReplicaFailure';
export const REPLICASET_UPDATED_REASON = 'ReplicaSetUpdated';
export const FAILED_RS_CREATE_REASON = 'ReplicaSetCreateError';
export const NEW_REPLICASET_REASON = 'NewReplicaSetCreated';
export const FOUND_NEW_RS_REASON = 'FoundNewReplicaSet';
export const NEW_RS_AVAILABLE_REASON = 'NewReplicaSetAvailable';
export const TIMED_OUT_REASON = 'ProgressDeadlineExceeded';
export const PAUSED_DEPLOY_REASON = 'DeploymentPaused';
export const RESUMED_DEPLOY_REASON = 'DeploymentResumed';
export const MINIMUM_REPLICAS_AVAILABLE = 'MinimumReplicasAvailable';
export const MINIMUM_REPLICAS_UNAVAILABLE = 'MinimumReplicasUnavailable';

// condition messages
export const MIN_AVAILABILITY_MESSAGE = 'Deployment has minimum availability.';
export const NO_MIN_AVAILABILITY_MESSAGE = 'Deployment does not have minimum availability.';
export const PAUSED_MESSAGE = 'Deployment is paused';
export const RESUMED_MESSAGE = 'Deployment is resumed';
export const foundNewRSMessage = (rs: string) => `Found new replica set "${rs}"`;
export const createdNewRSMessage = (rs: string) => `Created new replica set "${rs}"`;
export const failedRSCreateMessage = (rs: string, err: string) => `Failed to create new replica set "${rs}": ${err}`;
export const progressedMessage = (d: string, rs?: string) => (rs ? `ReplicaSet "${rs}" has successfully progressed.` : `Deployment "${d}" has successfully progressed.`);
export const progressingMessage = (d: string, rs?: string) => (rs ? `ReplicaSet "${rs}" is progressing.` : `Deployment "${d}" is progressing.`);
export const timedOutMessage = (d: string, rs?: string) => (rs ? `ReplicaSet "${rs}" has timed out progressing.` : `Deployment "${d}" has timed out progressing.`);

// events
export const SCALING_REPLICASET_REASON = 'ScalingReplicaSet';
export const SELECTING_ALL_REASON = 'SelectingAll';
export const SELECTING_ALL_MESSAGE = 'This deployment is selecting all pods. A non-empty selector is required.';
export const scaledMessage = (direction: 'up' | 'down', rs: string, from: number, to: number) => `Scaled ${direction} replica set ${rs} from ${from} to ${to}`;

// ---- the spec with apps/v1 defaults (SetDefaults_Deployment) ----

export interface EffectiveSpec {
  replicas: number;
  strategy: string;
  maxSurge: IntOrString;
  maxUnavailable: IntOrString;
  minReadySeconds: number;
  /** undefined: keep every old ReplicaSet */
  revisionHistoryLimit: number | undefined;
  /** undefined: no deadline */
  progressDeadlineSeconds: number | undefined;
  paused: boolean;
}

const MAX_INT32 = 2147483647;

/** The spec as the API server defaults it, so a missing field reads like the real default. */
export function effectiveSpec(d: DeploymentLike): EffectiveSpec {
  const s = d.spec ?? {};
  const strategy = s.strategy?.type ?? ROLLING_UPDATE;
  const ru = s.strategy?.rollingUpdate;
  const deadline = s.progressDeadlineSeconds ?? 600;
  return {
    replicas: s.replicas ?? 1,
    strategy,
    maxSurge: ru?.maxSurge ?? (strategy === ROLLING_UPDATE ? '25%' : 0),
    maxUnavailable: ru?.maxUnavailable ?? (strategy === ROLLING_UPDATE ? '25%' : 0),
    minReadySeconds: s.minReadySeconds ?? 0,
    revisionHistoryLimit: s.revisionHistoryLimit ?? 10,
    progressDeadlineSeconds: deadline === MAX_INT32 ? undefined : deadline,
    paused: !!s.paused,
  };
}

export function rsReplicas(rs: ReplicaSetLike | undefined): number {
  return rs?.spec?.replicas ?? 1;
}

// ---- surge and unavailability ----

/**
 * intstr.GetScaledValueFromIntOrPercent: "25%" of 10 is 2.5, which is 3 when
 * rounding up (maxSurge) and 2 when rounding down (maxUnavailable).
 */
export function scaledValue(v: IntOrString, total: number, roundUp: boolean): number {
  if (typeof v === 'number') return v;
  if (!v.endsWith('%')) throw new Error('invalid value for IntOrString: invalid type: string is not a percentage');
  const digits = v.slice(0, -1);
  if (!/^[+-]?\d+$/.test(digits)) {
    throw new Error(`invalid value for IntOrString: invalid value "${v}": strconv.Atoi: parsing "${digits}": invalid syntax`);
  }
  const x = (Number(digits) * total) / 100;
  return roundUp ? Math.ceil(x) : Math.floor(x);
}

/**
 * ResolveFenceposts: surge rounds up, unavailability down, and if both come to
 * zero (10% of 3 replicas each), one pod may be unavailable so the rollout can
 * move at all.
 */
export function resolveFenceposts(maxSurge: IntOrString | undefined, maxUnavailable: IntOrString | undefined, desired: number): { surge: number; unavailable: number } {
  const surge = scaledValue(maxSurge ?? 0, desired, true);
  let unavailable = scaledValue(maxUnavailable ?? 0, desired, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable };
}

export function maxSurge(d: DeploymentLike): number {
  const s = effectiveSpec(d);
  if (s.strategy !== ROLLING_UPDATE) return 0;
  return resolveFenceposts(s.maxSurge, s.maxUnavailable, s.replicas).surge;
}

export function maxUnavailable(d: DeploymentLike): number {
  const s = effectiveSpec(d);
  if (s.strategy !== ROLLING_UPDATE || s.replicas === 0) return 0;
  const { unavailable } = resolveFenceposts(s.maxSurge, s.maxUnavailable, s.replicas);
  return Math.min(unavailable, s.replicas);
}

// ---- counting over ReplicaSets ----

export function filterActiveReplicaSets(rss: (ReplicaSetLike | undefined)[]): ReplicaSetLike[] {
  return rss.filter((rs): rs is ReplicaSetLike => !!rs && rsReplicas(rs) > 0);
}

/** Sum of spec.replicas: the pods the sets are asked for. */
export function replicaCount(rss: (ReplicaSetLike | undefined)[]): number {
  let n = 0;
  for (const rs of rss) if (rs) n += rsReplicas(rs);
  return n;
}

/** Sum of status.replicas: the pods that exist (and are not being deleted). */
export function actualReplicaCount(rss: (ReplicaSetLike | undefined)[]): number {
  let n = 0;
  for (const rs of rss) if (rs) n += rs.status?.replicas ?? 0;
  return n;
}

export function readyReplicaCount(rss: (ReplicaSetLike | undefined)[]): number {
  let n = 0;
  for (const rs of rss) if (rs) n += rs.status?.readyReplicas ?? 0;
  return n;
}

export function availableReplicaCount(rss: (ReplicaSetLike | undefined)[]): number {
  let n = 0;
  for (const rs of rss) if (rs) n += rs.status?.availableReplicas ?? 0;
  return n;
}

/** Unknown (undefined) as soon as one set has not reported terminatingReplicas. */
export function terminatingReplicaCount(rss: (ReplicaSetLike | undefined)[]): number | undefined {
  let n = 0;
  for (const rs of rss) {
    if (!rs) continue;
    const t = rs.status?.terminatingReplicas;
    if (t === undefined) return undefined;
    n += t;
  }
  return n;
}

// ---- ordering ----

function createdAt(rs: ReplicaSetLike): number {
  return parseTime(rs.metadata.creationTimestamp) ?? 0;
}

/** controller.ReplicaSetsByCreationTimestamp: older first, then by name. */
export function byCreationTimestamp(a: ReplicaSetLike, b: ReplicaSetLike): number {
  const ta = createdAt(a);
  const tb = createdAt(b);
  if (ta !== tb) return ta - tb;
  const na = a.metadata.name ?? '';
  const nb = b.metadata.name ?? '';
  return na < nb ? -1 : na > nb ? 1 : 0;
}

/** ReplicaSetsBySizeOlder: larger first; equal sizes, older first (who to shrink first). */
export function bySizeOlder(a: ReplicaSetLike, b: ReplicaSetLike): number {
  const d = rsReplicas(b) - rsReplicas(a);
  return d !== 0 ? d : byCreationTimestamp(a, b);
}

/** ReplicaSetsBySizeNewer: larger first; equal sizes, newer first (who to grow first). */
export function bySizeNewer(a: ReplicaSetLike, b: ReplicaSetLike): number {
  const d = rsReplicas(b) - rsReplicas(a);
  return d !== 0 ? d : byCreationTimestamp(b, a);
}

/** ReplicaSetsByRevision: lower revision first, then older first. */
export function byRevision(a: ReplicaSetLike, b: ReplicaSetLike): number {
  const ra = revisionOf(a) ?? 0;
  const rb = revisionOf(b) ?? 0;
  return ra !== rb ? ra - rb : byCreationTimestamp(a, b);
}

// ---- templates and the hash ----

/** Go's semantic equality treats nil and empty maps/slices alike; so does this normal form. */
function normalize(v: unknown): unknown {
  if (v === null || v === undefined) return undefined;
  if (Array.isArray(v)) {
    if (v.length === 0) return undefined;
    return v.map((x) => normalize(x) ?? null);
  }
  if (typeof v === 'object') {
    const out: Record<string, unknown> = {};
    let any = false;
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      const n = normalize(x);
      if (n !== undefined) {
        out[k] = n;
        any = true;
      }
    }
    return any ? out : undefined;
  }
  return v;
}

function withoutHash(t: PodTemplate | undefined): unknown {
  const labels = { ...(t?.metadata?.labels ?? {}) };
  delete labels[DEFAULT_DEPLOYMENT_UNIQUE_LABEL_KEY];
  return normalize({ ...(t ?? {}), metadata: { ...(t?.metadata ?? {}), labels } });
}

/** EqualIgnoreHash: the same pod template once the pod-template-hash label is set aside. */
export function equalIgnoreHash(a: PodTemplate | undefined, b: PodTemplate | undefined): boolean {
  return canonicalWithoutHash(a) === canonicalWithoutHash(b);
}

/**
 * Every sync compares the Deployment's template with each ReplicaSet's several
 * times; a ReplicaSet's template is a frozen snapshot, so its canonical text
 * is computed once per stored version instead of on every comparison.
 */
const canonicalCache = new WeakMap<object, string>();
function canonicalWithoutHash(t: PodTemplate | undefined): string {
  if (!t || !Object.isFrozen(t)) return stableStringify(withoutHash(t));
  let s = canonicalCache.get(t);
  if (s === undefined) canonicalCache.set(t, (s = stableStringify(withoutHash(t))));
  return s;
}

function utf8Bytes(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) out += ch;
    else if (c < 0x800) out += String.fromCharCode(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out += String.fromCharCode(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out += String.fromCharCode(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return out;
}

/**
 * controller.ComputeHash: FNV-32a over the template (Go hashes its spew dump;
 * a canonical JSON stands in for it), then the collision count as 8
 * little-endian bytes, printed in decimal and mapped onto the name alphabet.
 * So the hash is 7 to 10 characters of `bcdfghjklmnpqrstvwxz2456789`.
 */
export function computeHash(template: PodTemplate | undefined, collisionCount: number | undefined): string {
  let bytes = utf8Bytes(stableStringify(normalize(template) ?? {}));
  if (collisionCount !== undefined) {
    const c = collisionCount >>> 0;
    bytes += String.fromCharCode(c & 0xff, (c >>> 8) & 0xff, (c >>> 16) & 0xff, (c >>> 24) & 0xff, 0, 0, 0, 0);
  }
  return safeEncodeString(String(fnv32a(bytes)));
}

// ---- revisions and annotations ----

export function revisionOf(rs: { metadata: { annotations?: Record<string, string> } }): number | undefined {
  const v = rs.metadata.annotations?.[REVISION_ANNOTATION];
  if (v === undefined || !/^-?\d+$/.test(v)) return undefined;
  return Number(v);
}

/** MaxRevision over all sets (unparseable revisions count as 0). */
export function maxRevision(rss: ReplicaSetLike[]): number {
  let max = 0;
  for (const rs of rss) max = Math.max(max, revisionOf(rs) ?? 0);
  return max;
}

function skipCopyAnnotation(key: string): boolean {
  return key === LAST_APPLIED_CONFIG_ANNOTATION || key === REVISION_ANNOTATION || key === REVISION_HISTORY_ANNOTATION
    || key === DESIRED_REPLICAS_ANNOTATION || key === MAX_REPLICAS_ANNOTATION || key === DEPRECATED_ROLLBACK_TO_ANNOTATION;
}

/**
 * SetNewReplicaSetAnnotations on a mutable annotation map: copies the
 * Deployment's own annotations (change-cause among them), raises the revision
 * to `newRevision` if it is lower — keeping the old number in revision-history
 * when an old set comes back (a rollback) — and, for a set about to be created,
 * the replicas annotations. Returns whether anything changed.
 */
export function setNewReplicaSetAnnotations(
  d: DeploymentLike, rsAnnotations: Record<string, string>, newRevision: number, exists: boolean,
): boolean {
  let changed = false;
  for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) {
    if (skipCopyAnnotation(k) || rsAnnotations[k] === v) continue;
    rsAnnotations[k] = v;
    changed = true;
  }
  const had = Object.prototype.hasOwnProperty.call(rsAnnotations, REVISION_ANNOTATION);
  const oldRevision = rsAnnotations[REVISION_ANNOTATION] ?? '';
  let oldInt = 0;
  if (oldRevision !== '') {
    if (!/^-?\d+$/.test(oldRevision)) return false;
    oldInt = Number(oldRevision);
  }
  if (oldInt < newRevision) {
    rsAnnotations[REVISION_ANNOTATION] = String(newRevision);
    changed = true;
    if (had) {
      const history = rsAnnotations[REVISION_HISTORY_ANNOTATION] ?? '';
      const olds = history.split(',');
      if (olds[0].length === 0) {
        rsAnnotations[REVISION_HISTORY_ANNOTATION] = oldRevision;
      } else {
        let total = history.length + oldRevision.length + 1;
        let start = 0;
        while (total > MAX_REV_HISTORY_LENGTH_IN_CHARS && start < olds.length) {
          total -= olds[start].length + 1;
          start++;
        }
        if (total <= MAX_REV_HISTORY_LENGTH_IN_CHARS) rsAnnotations[REVISION_HISTORY_ANNOTATION] = [...olds.slice(start), oldRevision].join(',');
      }
    }
  }
  if (!exists) {
    const r = effectiveSpec(d).replicas;
    if (setReplicasAnnotations(rsAnnotations, r, r + maxSurge(d))) changed = true;
  }
  return changed;
}

/** desired-replicas and max-replicas: the Deployment size a set was last scaled for (proportional scaling reads them). */
export function setReplicasAnnotations(annotations: Record<string, string>, desired: number, max: number): boolean {
  let changed = false;
  if (annotations[DESIRED_REPLICAS_ANNOTATION] !== String(desired)) {
    annotations[DESIRED_REPLICAS_ANNOTATION] = String(desired);
    changed = true;
  }
  if (annotations[MAX_REPLICAS_ANNOTATION] !== String(max)) {
    annotations[MAX_REPLICAS_ANNOTATION] = String(max);
    changed = true;
  }
  return changed;
}

export function replicasAnnotationsNeedUpdate(rs: ReplicaSetLike, desired: number, max: number): boolean {
  const a = rs.metadata.annotations ?? {};
  return a[DESIRED_REPLICAS_ANNOTATION] !== String(desired) || a[MAX_REPLICAS_ANNOTATION] !== String(max);
}

function intAnnotation(rs: ReplicaSetLike, key: string): number | undefined {
  const v = rs.metadata.annotations?.[key];
  if (v === undefined || !/^-?\d+$/.test(v)) return undefined;
  return Number(v);
}

export function desiredReplicasAnnotation(rs: ReplicaSetLike): number | undefined {
  return intAnnotation(rs, DESIRED_REPLICAS_ANNOTATION);
}

// ---- finding the new and old sets ----

/** FindNewReplicaSet: the oldest set whose template equals the Deployment's. */
export function findNewReplicaSet(d: DeploymentLike, rsList: ReplicaSetLike[]): ReplicaSetLike | undefined {
  // The Deployment's side is a working copy, so its canonical text is computed once here rather than per set.
  const wanted = canonicalWithoutHash(d.spec?.template);
  return [...rsList].sort(byCreationTimestamp).find((rs) => canonicalWithoutHash(rs.spec?.template) === wanted);
}

/** FindOldReplicaSets: every other set (all, and those still asked for pods). */
export function findOldReplicaSets(d: DeploymentLike, rsList: ReplicaSetLike[]): { required: ReplicaSetLike[]; all: ReplicaSetLike[] } {
  const newRS = findNewReplicaSet(d, rsList);
  const all = rsList.filter((rs) => !newRS || rs.metadata.uid !== newRS.metadata.uid);
  return { all, required: all.filter((rs) => rsReplicas(rs) !== 0) };
}

/** FindActiveOrLatest: the only set with pods, or the newest when none has any; undefined when several have pods. */
export function findActiveOrLatest(newRS: ReplicaSetLike | undefined, oldRSs: ReplicaSetLike[]): ReplicaSetLike | undefined {
  if (!newRS && oldRSs.length === 0) return undefined;
  const sortedOld = [...oldRSs].sort((a, b) => byCreationTimestamp(b, a));
  const active = filterActiveReplicaSets([...sortedOld, newRS]);
  if (active.length === 0) return newRS ?? sortedOld[0];
  if (active.length === 1) return active[0];
  return undefined;
}

/** IsSaturated: the new set has all the Deployment's replicas, all available. */
export function isSaturated(d: DeploymentLike, rs: ReplicaSetLike | undefined): boolean {
  if (!rs) return false;
  const desired = desiredReplicasAnnotation(rs);
  if (desired === undefined) return false;
  const r = effectiveSpec(d).replicas;
  return rsReplicas(rs) === r && desired === r && (rs.status?.availableReplicas ?? 0) === r;
}

// ---- rollout arithmetic ----

/**
 * NewRSNewReplicas: how big the new set may be now. Rolling: grow until the
 * sets together hold replicas + maxSurge, never past replicas. Recreate: all.
 */
export function newRSNewReplicas(d: DeploymentLike, allRSs: (ReplicaSetLike | undefined)[], newRS: ReplicaSetLike): number {
  const s = effectiveSpec(d);
  if (s.strategy === RECREATE) return s.replicas;
  if (s.strategy !== ROLLING_UPDATE) throw new Error(`deployment type ${s.strategy} isn't supported`);
  const surge = scaledValue(s.maxSurge, s.replicas, true);
  const current = replicaCount(allRSs);
  const maxTotal = s.replicas + surge;
  if (current >= maxTotal) return rsReplicas(newRS);
  const up = Math.min(maxTotal - current, s.replicas - rsReplicas(newRS));
  return rsReplicas(newRS) + up;
}

/** integer.RoundToInt32: halves away from zero. */
function roundHalfAway(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

/**
 * getReplicaSetFraction: the share of `toAdd` a set gets in proportion to its
 * size against the Deployment size it was last scaled for (max-replicas).
 * Example: old set 4 of max-replicas 13, Deployment now 20 + 3 surge → 4·23/13
 * = 7.08 → 7, so this set grows by 3.
 */
export function replicaSetFraction(rs: ReplicaSetLike, d: DeploymentLike): number {
  const s = effectiveSpec(d);
  if (s.replicas === 0) return -rsReplicas(rs);
  const deploymentMax = s.replicas + maxSurge(d);
  let annotated = intAnnotation(rs, MAX_REPLICAS_ANNOTATION);
  if (annotated === undefined || annotated === 0) annotated = d.status?.replicas ?? 0;
  if (annotated === 0) return 0;
  return roundHalfAway((rsReplicas(rs) * deploymentMax) / annotated) - rsReplicas(rs);
}

/** GetProportion: the fraction, capped by what is still left to add (or remove). */
export function getProportion(rs: ReplicaSetLike | undefined, d: DeploymentLike, toAdd: number, added: number): number {
  if (!rs || rsReplicas(rs) === 0 || toAdd === 0 || toAdd === added) return 0;
  const fraction = replicaSetFraction(rs, d);
  const allowed = toAdd - added;
  return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
}

/**
 * The proportional scaling of `scale()`: new sizes for every active set when the
 * Deployment is resized in the middle of a rollout. Leftovers from rounding go
 * to the first (largest) set. Returns [set, new size] in the order to apply.
 */
export function proportionalSizes(d: DeploymentLike, active: ReplicaSetLike[]): { rs: ReplicaSetLike; size: number }[] {
  const s = effectiveSpec(d);
  const total = replicaCount(active);
  const allowed = s.replicas > 0 ? s.replicas + maxSurge(d) : 0;
  const toAdd = allowed - total;
  const sorted = [...active];
  if (toAdd > 0) sorted.sort(bySizeNewer);
  else if (toAdd < 0) sorted.sort(bySizeOlder);
  let added = 0;
  const sizes = sorted.map((rs) => {
    if (toAdd === 0) return rsReplicas(rs);
    const p = getProportion(rs, d, toAdd, added);
    added += p;
    return rsReplicas(rs) + p;
  });
  if (sorted.length && toAdd !== 0) sizes[0] = Math.max(0, sizes[0] + toAdd - added);
  return sorted.map((rs, i) => ({ rs, size: sizes[i] }));
}

// ---- conditions ----

export function getCondition(status: DeploymentStatus | undefined, type: string): DeploymentCondition | undefined {
  return status?.conditions?.find((c) => c.type === type);
}

export function newCondition(type: string, status: string, reason: string, message: string, now: number): DeploymentCondition {
  const t = rfc3339(now);
  return { type, status, lastUpdateTime: t, lastTransitionTime: t, reason, message };
}

/**
 * SetDeploymentCondition: same status and reason → no change at all; same
 * status → keep the transition time; the condition moves to the end of the list.
 */
export function setCondition(status: DeploymentStatus, cond: DeploymentCondition): void {
  const cur = getCondition(status, cond.type);
  if (cur && cur.status === cond.status && cur.reason === cond.reason) return;
  const next = { ...cond };
  if (cur && cur.status === cond.status) next.lastTransitionTime = cur.lastTransitionTime;
  status.conditions = [...(status.conditions ?? []).filter((c) => c.type !== cond.type), next];
}

export function removeCondition(status: DeploymentStatus, type: string): void {
  if (!status.conditions) return;
  const rest = status.conditions.filter((c) => c.type !== type);
  status.conditions = rest.length ? rest : undefined;
}

export function hasProgressDeadline(d: DeploymentLike): boolean {
  return effectiveSpec(d).progressDeadlineSeconds !== undefined;
}

/** DeploymentComplete: every replica updated and available, and the latest spec observed. */
export function deploymentComplete(d: DeploymentLike, s: DeploymentStatus): boolean {
  const r = effectiveSpec(d).replicas;
  return (s.updatedReplicas ?? 0) === r && (s.replicas ?? 0) === r && (s.availableReplicas ?? 0) === r
    && (s.observedGeneration ?? 0) >= (d.metadata.generation ?? 0);
}

/** DeploymentProgressing: more updated, fewer old, or more ready or available pods than last time. */
export function deploymentProgressing(d: DeploymentLike, next: DeploymentStatus): boolean {
  const old = d.status ?? {};
  const oldOld = (old.replicas ?? 0) - (old.updatedReplicas ?? 0);
  const newOld = (next.replicas ?? 0) - (next.updatedReplicas ?? 0);
  return (next.updatedReplicas ?? 0) > (old.updatedReplicas ?? 0) || newOld < oldOld
    || (next.readyReplicas ?? 0) > (old.readyReplicas ?? 0) || (next.availableReplicas ?? 0) > (old.availableReplicas ?? 0);
}

/** DeploymentTimedOut: the Progressing condition has not been updated for progressDeadlineSeconds. */
export function deploymentTimedOut(d: DeploymentLike, next: DeploymentStatus, now: number): boolean {
  const deadline = effectiveSpec(d).progressDeadlineSeconds;
  if (deadline === undefined) return false;
  const c = getCondition(next, DEPLOYMENT_PROGRESSING);
  if (!c) return false;
  if (c.reason === NEW_RS_AVAILABLE_REASON) return false;
  if (c.reason === TIMED_OUT_REASON) return true;
  const from = parseTime(c.lastUpdateTime) ?? 0;
  return from + deadline * 1000 < now;
}
