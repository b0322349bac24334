/**
 * What every strategy shares (pkg/controller/deployment/sync.go): finding or
 * creating the new ReplicaSet and syncing revisions, scaling one set with its
 * event, proportional scaling, cleanup of old sets, and the status.
 */
import type { Client } from '../../api/client.js';
import { isAlreadyExists, isNotFound, isStatusError } from '../../api/errors.js';
import type { EventRecorder } from '../../api/events.js';
import { clone, controllerRef, deepEqual, newControllerRef, type KObject } from '../../api/meta.js';
import { REPLICASET_RESOURCE } from '../replicaset/types.js';
import {
  actualReplicaCount, availableReplicaCount, byRevision, computeHash, createdNewRSMessage, DEFAULT_DEPLOYMENT_UNIQUE_LABEL_KEY,
  DEPLOYMENT_AVAILABLE, DEPLOYMENT_PROGRESSING, desiredReplicasAnnotation, effectiveSpec, equalIgnoreHash, failedRSCreateMessage,
  FAILED_RS_CREATE_REASON, filterActiveReplicaSets, findActiveOrLatest, findNewReplicaSet, findOldReplicaSets, foundNewRSMessage,
  FOUND_NEW_RS_REASON, getCondition, hasProgressDeadline, isSaturated, maxRevision, maxSurge, maxUnavailable,
  MINIMUM_REPLICAS_AVAILABLE, MINIMUM_REPLICAS_UNAVAILABLE, MIN_AVAILABILITY_MESSAGE, newCondition, newRSNewReplicas,
  NEW_REPLICASET_REASON, NO_MIN_AVAILABILITY_MESSAGE, PAUSED_DEPLOY_REASON, PAUSED_MESSAGE, proportionalSizes, readyReplicaCount,
  replicaCount, replicasAnnotationsNeedUpdate, RESUMED_DEPLOY_REASON, RESUMED_MESSAGE, REVISION_ANNOTATION, rsReplicas,
  scaledMessage, SCALING_REPLICASET_REASON, setCondition, setNewReplicaSetAnnotations, setReplicasAnnotations, TIMED_OUT_REASON,
  terminatingReplicaCount, ROLLING_UPDATE,
} from './util.js';
import { DEPLOYMENT_RESOURCE, type DeploymentLike, type DeploymentStatus, type ReplicaSetLike } from './types.js';

/** What the sync functions need from the controller: its client, recorder, clock, caches and queue. */
export interface DC {
  client: Client;
  recorder: EventRecorder;
  now(): number;
  /** The ReplicaSet cache (namespace/name). */
  cachedReplicaSet(namespace: string, name: string): ReplicaSetLike | undefined;
  enqueueAfter(d: DeploymentLike, ms: number): void;
  enqueueRateLimited(d: DeploymentLike): void;
}

const NAMESPACE_TERMINATING_CAUSE = 'NamespaceTerminating';

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

// ---------- writing the Deployment ----------

/**
 * Writes the Deployment's status (and, first, its annotations if they changed:
 * the revision lives there) and keeps `d` pointing at what the server stored,
 * so the next write of this pass does not conflict with the previous one.
 */
export function writeDeployment(dc: DC, d: DeploymentLike, stored: DeploymentLike): void {
  let current: KObject = stored;
  const annotationsChanged = !deepEqual(d.metadata.annotations ?? {}, stored.metadata.annotations ?? {});
  if (annotationsChanged || !sameStatus(d.status, stored.status)) {
    // Like the real controller, the revision annotation travels with the status update: the status
    // strategy keeps annotations and, unlike an update of the Deployment itself, bumps no generation.
    const next = { ...clone(stored), status: wireDeploymentStatus(d.status ?? {}) };
    next.metadata.annotations = { ...(d.metadata.annotations ?? {}) };
    current = dc.client.updateStatus(DEPLOYMENT_RESOURCE, next);
  }
  if (annotationsChanged && !deepEqual(d.metadata.annotations ?? {}, current.metadata.annotations ?? {})) {
    // A server whose status endpoint ignores metadata: write the annotations the ordinary way.
    const next = clone(current);
    next.metadata.annotations = { ...(d.metadata.annotations ?? {}) };
    current = dc.client.update(DEPLOYMENT_RESOURCE, next);
  }
  d.metadata = clone(current.metadata);
  d.status = clone((current as DeploymentLike).status);
  Object.defineProperty(d, STORED, { value: current, enumerable: false, configurable: true, writable: true });
}

/** The last copy of this Deployment the server returned (the cache's until the first write). */
const STORED = Symbol('stored');

function storedOf(d: DeploymentLike): DeploymentLike {
  return (d as unknown as Record<symbol, DeploymentLike>)[STORED];
}

/** A private copy of a cached Deployment to work on; it remembers the stored version it came from. */
export function workingCopy(cached: DeploymentLike): DeploymentLike {
  const d = clone(cached);
  Object.defineProperty(d, STORED, { value: cached, enumerable: false, configurable: true, writable: true });
  return d;
}

/** Persists the in-memory changes of `d` (annotations, status) if any. */
export function flushDeployment(dc: DC, d: DeploymentLike): void {
  writeDeployment(dc, d, storedOf(d));
}

/** DeploymentStatus as the server stores it: zero counts are omitted, pointers kept. */
export function wireDeploymentStatus(s: DeploymentStatus): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (s.observedGeneration) out.observedGeneration = s.observedGeneration;
  if (s.replicas) out.replicas = s.replicas;
  if (s.updatedReplicas) out.updatedReplicas = s.updatedReplicas;
  if (s.readyReplicas) out.readyReplicas = s.readyReplicas;
  if (s.availableReplicas) out.availableReplicas = s.availableReplicas;
  if (s.unavailableReplicas) out.unavailableReplicas = s.unavailableReplicas;
  if (s.terminatingReplicas !== undefined) out.terminatingReplicas = s.terminatingReplicas;
  if (s.conditions?.length) out.conditions = s.conditions;
  if (s.collisionCount !== undefined) out.collisionCount = s.collisionCount;
  return out;
}

// ---------- the new ReplicaSet ----------

export interface ReplicaSets {
  newRS: ReplicaSetLike | undefined;
  oldRSs: ReplicaSetLike[];
}

/**
 * getAllReplicaSetsAndSyncRevision: the new set (created when asked and
 * missing) with its revision raised above every old one, and all old sets.
 */
export function getAllReplicaSetsAndSyncRevision(dc: DC, d: DeploymentLike, rsList: ReplicaSetLike[], createIfNotExisted: boolean): ReplicaSets {
  const { all } = findOldReplicaSets(d, rsList);
  const newRS = getNewReplicaSet(dc, d, rsList, all, createIfNotExisted);
  return { newRS, oldRSs: all };
}

/**
 * The ReplicaSet spec with the Deployment's minReadySeconds. The field is an int32 with omitempty: a zero is not
 * stored, so a ReplicaSet of a Deployment without one shows none (`kubectl get rs -o yaml`).
 */
function withMinReadySeconds(rsSpec: NonNullable<ReplicaSetLike['spec']>, minReadySeconds: number): NonNullable<ReplicaSetLike['spec']> {
  const { minReadySeconds: _, ...rest } = rsSpec;
  return minReadySeconds ? { ...rest, minReadySeconds } : rest;
}

function getNewReplicaSet(dc: DC, d: DeploymentLike, rsList: ReplicaSetLike[], oldRSs: ReplicaSetLike[], createIfNotExisted: boolean): ReplicaSetLike | undefined {
  const existing = findNewReplicaSet(d, rsList);
  const newRevision = maxRevision(oldRSs) + 1;
  const spec = effectiveSpec(d);
  if (existing) {
    const annotations = { ...(existing.metadata.annotations ?? {}) };
    const annotationsUpdated = setNewReplicaSetAnnotations(d, annotations, newRevision, true);
    const minReadyNeedsUpdate = (existing.spec?.minReadySeconds ?? 0) !== spec.minReadySeconds;
    if (annotationsUpdated || minReadyNeedsUpdate) {
      const next = clone(existing);
      next.metadata.annotations = annotations;
      next.spec = withMinReadySeconds(next.spec ?? {}, spec.minReadySeconds);
      // The Deployment's own revision follows on the next pass, once this update comes back through the cache.
      return dc.client.update(REPLICASET_RESOURCE, next) as ReplicaSetLike;
    }
    let needsUpdate = setDeploymentRevision(d, existing.metadata.annotations?.[REVISION_ANNOTATION] ?? '');
    if (hasProgressDeadline(d) && !getCondition(d.status, DEPLOYMENT_PROGRESSING)) {
      const status = (d.status ??= {});
      setCondition(status, newCondition(DEPLOYMENT_PROGRESSING, 'True', FOUND_NEW_RS_REASON, foundNewRSMessage(existing.metadata.name!), dc.now()));
      needsUpdate = true;
    }
    if (needsUpdate) flushDeployment(dc, d);
    return existing;
  }
  if (!createIfNotExisted) return undefined;

  const template = clone(d.spec?.template ?? {});
  const hash = computeHash(template, d.status?.collisionCount);
  template.metadata = { ...(template.metadata ?? {}), labels: { ...(template.metadata?.labels ?? {}), [DEFAULT_DEPLOYMENT_UNIQUE_LABEL_KEY]: hash } };
  const selector = clone(d.spec?.selector ?? {});
  selector.matchLabels = { ...(selector.matchLabels ?? {}), [DEFAULT_DEPLOYMENT_UNIQUE_LABEL_KEY]: hash };
  const name = `${d.metadata.name}-${hash}`;
  const rs: ReplicaSetLike = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name,
      namespace: d.metadata.namespace,
      ownerReferences: [newControllerRef(d, 'apps/v1', 'Deployment')],
      labels: { ...(template.metadata.labels ?? {}) },
    },
    spec: withMinReadySeconds({ replicas: 0, selector, template }, spec.minReadySeconds),
  };
  const replicas = newRSNewReplicas(d, [...oldRSs, rs], rs);
  rs.spec!.replicas = replicas;
  const annotations: Record<string, string> = {};
  setNewReplicaSetAnnotations(d, annotations, newRevision, false);
  rs.metadata.annotations = annotations;

  let created: ReplicaSetLike;
  let alreadyExisted = false;
  try {
    created = dc.client.create(REPLICASET_RESOURCE, d.metadata.namespace, rs) as ReplicaSetLike;
  } catch (e) {
    if (isAlreadyExists(e)) {
      const found = dc.cachedReplicaSet(d.metadata.namespace ?? '', name);
      if (!found) throw e;
      const ref = controllerRef(found);
      if (ref && ref.uid === d.metadata.uid && equalIgnoreHash(d.spec?.template, found.spec?.template)) {
        created = found;
        alreadyExisted = true;
      } else {
        // A hash collision: another template hashed to this name. Count it, so the next hash differs.
        const status = (d.status ??= {});
        status.collisionCount = (status.collisionCount ?? 0) + 1;
        try {
          flushDeployment(dc, d);
        } catch {
          // The requeue below tries again.
        }
        throw e;
      }
    } else if (isStatusError(e) && e.status.details?.causes?.some((c) => c.type === NAMESPACE_TERMINATING_CAUSE)) {
      throw e;
    } else {
      const msg = failedRSCreateMessage(name, errorText(e));
      if (hasProgressDeadline(d)) {
        setCondition((d.status ??= {}), newCondition(DEPLOYMENT_PROGRESSING, 'False', FAILED_RS_CREATE_REASON, msg, dc.now()));
        try {
          flushDeployment(dc, d);
        } catch {
          // The bigger problem is already being reported.
        }
      }
      dc.recorder.event(d, 'Warning', FAILED_RS_CREATE_REASON, msg);
      throw e;
    }
  }
  if (!alreadyExisted && replicas > 0) {
    dc.recorder.event(d, 'Normal', SCALING_REPLICASET_REASON, scaledMessage('up', created.metadata.name!, 0, replicas));
  }
  let needsUpdate = setDeploymentRevision(d, String(newRevision));
  if (!alreadyExisted && hasProgressDeadline(d)) {
    setCondition((d.status ??= {}), newCondition(DEPLOYMENT_PROGRESSING, 'True', NEW_REPLICASET_REASON, createdNewRSMessage(created.metadata.name!), dc.now()));
    needsUpdate = true;
  }
  if (needsUpdate) flushDeployment(dc, d);
  return created;
}

/** SetDeploymentRevision: the Deployment shows its new set's revision. */
export function setDeploymentRevision(d: DeploymentLike, revision: string): boolean {
  const a = (d.metadata.annotations ??= {});
  if (a[REVISION_ANNOTATION] === revision) return false;
  a[REVISION_ANNOTATION] = revision;
  return true;
}

// ---------- scaling ----------

/** scaleReplicaSetAndRecordEvent: resize one set if needed; `scaled` says whether its size changed. */
export function scaleReplicaSetAndRecordEvent(dc: DC, rs: ReplicaSetLike, newScale: number, d: DeploymentLike): { scaled: boolean; rs: ReplicaSetLike } {
  if (rsReplicas(rs) === newScale) return { scaled: false, rs };
  return scaleReplicaSet(dc, rs, newScale, d);
}

/**
 * scaleReplicaSet: one PUT with the new size and the replicas annotations,
 * then `Scaled up replica set web-7d4b9c8f5 from 0 to 3`.
 */
export function scaleReplicaSet(dc: DC, rs: ReplicaSetLike, newScale: number, d: DeploymentLike): { scaled: boolean; rs: ReplicaSetLike } {
  const desired = effectiveSpec(d).replicas;
  const max = desired + maxSurge(d);
  const sizeNeedsUpdate = rsReplicas(rs) !== newScale;
  if (!sizeNeedsUpdate && !replicasAnnotationsNeedUpdate(rs, desired, max)) return { scaled: false, rs };
  const oldScale = rsReplicas(rs);
  const next = clone(rs);
  next.spec = { ...(next.spec ?? {}), replicas: newScale };
  const annotations = { ...(next.metadata.annotations ?? {}) };
  setReplicasAnnotations(annotations, desired, max);
  next.metadata.annotations = annotations;
  const updated = dc.client.update(REPLICASET_RESOURCE, next) as ReplicaSetLike;
  if (sizeNeedsUpdate) {
    dc.recorder.event(d, 'Normal', SCALING_REPLICASET_REASON, scaledMessage(oldScale < newScale ? 'up' : 'down', updated.metadata.name!, oldScale, newScale));
  }
  return { scaled: sizeNeedsUpdate, rs: updated };
}

/**
 * scale: a resize outside a rollout step (kubectl scale, or any change while
 * paused). One active set takes the whole size; a saturated new set drains the
 * old ones; otherwise every active set grows or shrinks in proportion, so a
 * rollout in progress keeps its new:old ratio.
 */
export function scale(dc: DC, d: DeploymentLike, newRS: ReplicaSetLike | undefined, oldRSs: ReplicaSetLike[]): void {
  const replicas = effectiveSpec(d).replicas;
  const activeOrLatest = findActiveOrLatest(newRS, oldRSs);
  if (activeOrLatest) {
    if (rsReplicas(activeOrLatest) === replicas) return;
    scaleReplicaSetAndRecordEvent(dc, activeOrLatest, replicas, d);
    return;
  }
  if (isSaturated(d, newRS)) {
    for (const old of filterActiveReplicaSets(oldRSs)) scaleReplicaSetAndRecordEvent(dc, old, 0, d);
    return;
  }
  if (effectiveSpec(d).strategy !== ROLLING_UPDATE) return;
  const active = filterActiveReplicaSets([...oldRSs, newRS]);
  for (const { rs, size } of proportionalSizes(d, active)) scaleReplicaSet(dc, rs, size, d);
}

/** isScalingEvent: some active set was sized for a different replica count than the Deployment's now. */
export function isScalingEvent(dc: DC, d: DeploymentLike, rsList: ReplicaSetLike[]): boolean {
  const { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(dc, d, rsList, false);
  const replicas = effectiveSpec(d).replicas;
  for (const rs of filterActiveReplicaSets([...oldRSs, newRS])) {
    const desired = desiredReplicasAnnotation(rs);
    if (desired !== undefined && desired !== replicas) return true;
  }
  return false;
}

// ---------- cleanup ----------

/**
 * The old sets cleanupDeployment deletes: all but the newest
 * revisionHistoryLimit, lowest revision first, and only sets already scaled
 * to 0 with no pods left and their latest spec observed.
 */
export function planCleanup(oldRSs: ReplicaSetLike[], revisionHistoryLimit: number | undefined): ReplicaSetLike[] {
  if (revisionHistoryLimit === undefined) return [];
  const cleanable = oldRSs.filter((rs) => !rs.metadata.deletionTimestamp);
  const diff = cleanable.length - revisionHistoryLimit;
  if (diff <= 0) return [];
  const sorted = [...cleanable].sort(byRevision);
  const out: ReplicaSetLike[] = [];
  for (let i = 0; i < diff; i++) {
    const rs = sorted[i];
    if ((rs.status?.replicas ?? 0) !== 0 || rsReplicas(rs) !== 0) continue;
    if ((rs.metadata.generation ?? 0) > (rs.status?.observedGeneration ?? 0)) continue;
    out.push(rs);
  }
  return out;
}

export function cleanupDeployment(dc: DC, oldRSs: ReplicaSetLike[], d: DeploymentLike): void {
  for (const rs of planCleanup(oldRSs, effectiveSpec(d).revisionHistoryLimit)) {
    try {
      dc.client.delete(REPLICASET_RESOURCE, rs.metadata.namespace, rs.metadata.name!);
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }
}

// ---------- status ----------

/** calculateStatus: the counts over all sets plus the Available condition. */
export function calculateStatus(allRSs: (ReplicaSetLike | undefined)[], newRS: ReplicaSetLike | undefined, d: DeploymentLike, now: number): DeploymentStatus {
  const available = availableReplicaCount(allRSs);
  const total = replicaCount(allRSs);
  const status: DeploymentStatus = {
    observedGeneration: d.metadata.generation,
    replicas: actualReplicaCount(allRSs),
    updatedReplicas: actualReplicaCount([newRS]),
    readyReplicas: readyReplicaCount(allRSs),
    availableReplicas: available,
    unavailableReplicas: Math.max(0, total - available),
    terminatingReplicas: terminatingReplicaCount(allRSs),
    collisionCount: d.status?.collisionCount,
    conditions: d.status?.conditions ? d.status.conditions.map((c) => ({ ...c })) : undefined,
  };
  if (available >= effectiveSpec(d).replicas - maxUnavailable(d)) {
    setCondition(status, newCondition(DEPLOYMENT_AVAILABLE, 'True', MINIMUM_REPLICAS_AVAILABLE, MIN_AVAILABILITY_MESSAGE, now));
  } else {
    setCondition(status, newCondition(DEPLOYMENT_AVAILABLE, 'False', MINIMUM_REPLICAS_UNAVAILABLE, NO_MIN_AVAILABILITY_MESSAGE, now));
  }
  return status;
}

/** Compares statuses the way the server stores them (zero counts and absent ones are the same). */
export function sameStatus(a: DeploymentStatus | undefined, b: DeploymentStatus | undefined): boolean {
  return deepEqual(wireDeploymentStatus(a ?? {}), wireDeploymentStatus(b ?? {}));
}

/** syncDeploymentStatus: write the status if it changed. */
export function syncDeploymentStatus(dc: DC, allRSs: (ReplicaSetLike | undefined)[], newRS: ReplicaSetLike | undefined, d: DeploymentLike): void {
  const next = calculateStatus(allRSs, newRS, d, dc.now());
  if (sameStatus(d.status, next)) return;
  d.status = next;
  flushDeployment(dc, d);
}

/** sync: scaling events and paused Deployments — resize proportionally, no rollout step. */
export function sync(dc: DC, d: DeploymentLike, rsList: ReplicaSetLike[]): void {
  const { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(dc, d, rsList, false);
  scale(dc, d, newRS, oldRSs);
  if (effectiveSpec(d).paused) cleanupDeployment(dc, oldRSs, d);
  syncDeploymentStatus(dc, [...oldRSs, newRS], newRS, d);
}

/** syncStatusOnly: a Deployment being deleted only reports. */
export function syncStatusOnly(dc: DC, d: DeploymentLike, rsList: ReplicaSetLike[]): void {
  const { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(dc, d, rsList, false);
  syncDeploymentStatus(dc, [...oldRSs, newRS], newRS, d);
}

/**
 * checkPausedConditions: Progressing Unknown/DeploymentPaused while paused and
 * DeploymentResumed after, so time spent paused never counts against the
 * progress deadline. A timed-out condition is left as it is.
 */
export function pausedConditionChange(d: DeploymentLike, now: number): DeploymentStatus | undefined {
  if (!hasProgressDeadline(d)) return undefined;
  const cond = getCondition(d.status, DEPLOYMENT_PROGRESSING);
  if (cond?.reason === TIMED_OUT_REASON) return undefined;
  const pausedExists = cond?.reason === PAUSED_DEPLOY_REASON;
  const paused = effectiveSpec(d).paused;
  const status: DeploymentStatus = { ...(d.status ?? {}) };
  if (paused && !pausedExists) {
    setCondition(status, newCondition(DEPLOYMENT_PROGRESSING, 'Unknown', PAUSED_DEPLOY_REASON, PAUSED_MESSAGE, now));
    return status;
  }
  if (!paused && pausedExists) {
    setCondition(status, newCondition(DEPLOYMENT_PROGRESSING, 'Unknown', RESUMED_DEPLOY_REASON, RESUMED_MESSAGE, now));
    return status;
  }
  return undefined;
}

export function checkPausedConditions(dc: DC, d: DeploymentLike): void {
  const next = pausedConditionChange(d, dc.now());
  if (!next) return;
  d.status = next;
  flushDeployment(dc, d);
}
