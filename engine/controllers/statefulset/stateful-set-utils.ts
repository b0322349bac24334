/**
 * A StatefulSet's pods, claims and revisions as pkg/controller/statefulset/stateful_set_utils.go (release-1.35)
 * builds them: pods named <set>-<ordinal> with hostname and subdomain, the pod-name, pod-index and
 * controller-revision-hash labels, claims named <template>-<set>-<ordinal>; revisions hold the template as a
 * strategic merge patch `{"spec":{"template":{…,"$patch":"replace"}}}`; status as computeReplicaStatus counts it.
 */
import type { PodTemplateSpec } from 'kubernetes-types/core/v1';
import { clone, newControllerRef, stableStringify, type KObject } from '../../api/meta.js';
import { fnv32a, safeEncodeString } from '../../util/random.js';
import { parseTime } from '../../util/time.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

export const STATEFUL_SET_POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';
export const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index';
export const CONTROLLER_REVISION_HASH_LABEL = 'controller-revision-hash';

const POD_NAME_RE = /^(.*)-([0-9]+)$/;

/** getParentNameAndOrdinal: the set's name and the pod's ordinal, or -1. */
export function parentAndOrdinal(podName: string): { parent: string; ordinal: number } {
  const m = POD_NAME_RE.exec(podName);
  if (!m) return { parent: '', ordinal: -1 };
  const n = Number(m[2]);
  return { parent: m[1], ordinal: n <= 2147483647 ? n : -1 };
}

export const ordinalOf = (p: KObject): number => parentAndOrdinal(p.metadata.name ?? '').ordinal;
export const podName = (set: KObject, ordinal: number): string => `${set.metadata.name}-${ordinal}`;
export const claimName = (set: KObject, template: string, ordinal: number): string => `${template}-${set.metadata.name}-${ordinal}`;

export function startOrdinal(set: KObject): number {
  return (set.spec as Any)?.ordinals?.start ?? 0;
}
export function endOrdinal(set: KObject): number {
  return startOrdinal(set) + ((set.spec as Any)?.replicas ?? 1) - 1;
}

export const isCreated = (p: KObject): boolean => !!(p.status as Any)?.phase;
export const isTerminating = (p: KObject): boolean => !!p.metadata.deletionTimestamp;
export const podPhase = (p: KObject): string => (p.status as Any)?.phase ?? '';
/*
 * podutil's IsPodReady and IsPodAvailable, written here rather than imported: this module loads on first use,
 * and importing the eager controllers' helpers would split the page's entry into more chunks.
 */
const readyCondition = (p: KObject): Any => ((p.status as Any)?.conditions ?? []).find((c: Any) => c.type === 'Ready');
export const isRunningAndReady = (p: KObject): boolean => podPhase(p) === 'Running' && readyCondition(p)?.status === 'True';
/** Ready for longer than minReadySeconds (whole-second timestamps, a strict comparison). */
export function isRunningAndAvailable(p: KObject, minReadySeconds: number, now: number): boolean {
  const c = readyCondition(p);
  if (c?.status !== 'True') return false;
  if (!minReadySeconds) return true;
  const since = parseTime(c.lastTransitionTime ?? undefined);
  return since !== undefined && since + minReadySeconds * 1000 < now;
}

/** ComputeHash of a revision's data and collision count, in the name alphabet (the DaemonSet controller's hash too). */
function revisionHash(data: unknown, collisionCount: number): string {
  return safeEncodeString(String(fnv32a(stableStringify(data) + (collisionCount ? `#${collisionCount}` : ''))));
}
/** isUnavailable: not yet created, terminating, or not available. */
export const isUnavailable = (p: KObject, minReadySeconds: number, now: number): boolean => !isCreated(p) || isTerminating(p) || !isRunningAndAvailable(p, minReadySeconds, now);
export const podRevision = (p: KObject): string => p.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL] ?? '';

/** getPatch: what a revision of this template holds. */
export function revisionData(set: KObject): Record<string, unknown> {
  return JSON.parse(stableStringify({ spec: { template: { ...((set.spec as Any)?.template ?? {}), $patch: 'replace' } } }));
}

/** newRevision (history.NewControllerRevision): named <set>-<hash of the data and collision count>, labelled with the template's labels. */
export function newRevision(set: KObject, revision: number, collisionCount: number): KObject {
  const data = revisionData(set);
  const hash = revisionHash(data, collisionCount);
  const labels = (set.spec as Any)?.template?.metadata?.labels;
  return {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: {
      name: `${set.metadata.name}-${hash}`,
      namespace: set.metadata.namespace,
      labels: { ...labels, [CONTROLLER_REVISION_HASH_LABEL]: hash },
      ...(set.metadata.annotations ? { annotations: { ...set.metadata.annotations } } : {}),
      ownerReferences: [newControllerRef(set, 'apps/v1', 'StatefulSet')],
    },
    data,
    revision,
  } as KObject;
}

/** ApplyRevision: the set with the revision's template. */
export function applyRevision(set: KObject, revision: KObject): KObject {
  const { $patch: _, ...template } = (revision as Any).data?.spec?.template ?? {};
  return { ...set, spec: { ...(set.spec as Any), template } };
}

/** newStatefulSetPod: the template, its identity (initIdentity) and its claims' volumes (updateStorage). */
export function newStatefulSetPod(set: KObject, ordinal: number, revision: string): KObject {
  const template = ((set.spec as Any)?.template ?? {}) as PodTemplateSpec;
  const spec: Any = clone(template.spec ?? { containers: [] });
  const name = podName(set, ordinal);
  spec.hostname = name;
  spec.subdomain = (set.spec as Any)?.serviceName;
  if (!spec.subdomain) delete spec.subdomain;
  const claims: Any[] = (set.spec as Any)?.volumeClaimTemplates ?? [];
  if (claims.length) {
    const names = new Set(claims.map((c) => c.metadata?.name));
    spec.volumes = [
      ...claims.map((c) => ({ name: c.metadata?.name, persistentVolumeClaim: { claimName: claimName(set, c.metadata?.name, ordinal) } })),
      ...(spec.volumes ?? []).filter((v: Any) => !names.has(v.name)),
    ];
  }
  const meta = template.metadata ?? {};
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: set.metadata.namespace,
      labels: { ...(meta.labels ?? {}), [STATEFUL_SET_POD_NAME_LABEL]: name, [POD_INDEX_LABEL]: String(ordinal), [CONTROLLER_REVISION_HASH_LABEL]: revision },
      ...(meta.annotations ? { annotations: { ...meta.annotations } } : {}),
      ...(meta.finalizers ? { finalizers: [...meta.finalizers] } : {}),
      ownerReferences: [newControllerRef(set, 'apps/v1', 'StatefulSet')],
    },
    spec,
  };
}

/** getPersistentVolumeClaims: the claims a pod of this ordinal uses, the selector's labels added to the template's. */
export function claimsFor(set: KObject, ordinal: number): KObject[] {
  return ((set.spec as Any)?.volumeClaimTemplates ?? []).map((t: Any) => {
    const { status: _, ...rest } = clone(t);
    return {
      ...rest,
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { ...rest.metadata, name: claimName(set, t.metadata?.name, ordinal), namespace: set.metadata.namespace, labels: { ...(rest.metadata?.labels ?? {}), ...((set.spec as Any)?.selector?.matchLabels ?? {}) } },
    } as KObject;
  });
}

/** identityMatches, as far as a pod's labels go (its hostname and subdomain are set once, at creation). */
export function identityMatches(set: KObject, p: KObject): boolean {
  const { parent, ordinal } = parentAndOrdinal(p.metadata.name ?? '');
  return ordinal >= 0 && parent === set.metadata.name && p.metadata.namespace === set.metadata.namespace
    && p.metadata.labels?.[STATEFUL_SET_POD_NAME_LABEL] === p.metadata.name && p.metadata.labels?.[POD_INDEX_LABEL] === String(ordinal);
}

export interface ReplicaCounts { replicas: number; readyReplicas: number; availableReplicas: number; currentReplicas: number; updatedReplicas: number }

/** computeReplicaStatus over every list given. */
export function countReplicas(pods: KObject[], minReadySeconds: number, now: number, current: string, update: string): ReplicaCounts {
  const s = { replicas: 0, readyReplicas: 0, availableReplicas: 0, currentReplicas: 0, updatedReplicas: 0 };
  for (const p of pods) {
    if (isCreated(p)) s.replicas++;
    if (isRunningAndReady(p)) {
      s.readyReplicas++;
      if (isRunningAndAvailable(p, minReadySeconds, now)) s.availableReplicas++;
    }
    if (isCreated(p) && !isTerminating(p)) {
      const rev = podRevision(p);
      if (rev === current) s.currentReplicas++;
      if (rev === update) s.updatedReplicas++;
    }
  }
  return s;
}

/** getStatefulSetMaxUnavailable: an int or a percent of the replicas rounded down, at least 1. */
export function maxUnavailable(set: KObject): number {
  const v = (set.spec as Any)?.updateStrategy?.rollingUpdate?.maxUnavailable ?? 1;
  const replicas = (set.spec as Any)?.replicas ?? 1;
  const n = typeof v === 'string' && v.endsWith('%') ? Math.floor((Number(v.slice(0, -1)) * replicas) / 100) : Number(v);
  return Math.max(1, Number.isFinite(n) ? n : 1);
}

/** The status as Go writes it: omitempty counts and strings dropped when zero, replicas and availableReplicas always. */
export function statusObject(s: ReplicaCounts & { observedGeneration: number; currentRevision: string; updateRevision: string; collisionCount: number }): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (s.observedGeneration) out.observedGeneration = s.observedGeneration;
  out.replicas = s.replicas;
  if (s.readyReplicas) out.readyReplicas = s.readyReplicas;
  if (s.currentReplicas) out.currentReplicas = s.currentReplicas;
  if (s.updatedReplicas) out.updatedReplicas = s.updatedReplicas;
  if (s.currentRevision) out.currentRevision = s.currentRevision;
  if (s.updateRevision) out.updateRevision = s.updateRevision;
  out.collisionCount = s.collisionCount;
  out.availableReplicas = s.availableReplicas;
  return out;
}
