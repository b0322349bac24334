/**
 * The DaemonSet controller's decisions as pure functions of the nodes, the
 * DaemonSet and its pods (daemon_controller.go manage/podsShouldBeOnNode,
 * update.go rollingUpdate, updateDaemonSetStatus). The controller file only
 * gathers inputs and carries out what these return.
 */
import type { PodCondition, PodSpec } from 'kubernetes-types/core/v1';
import type { KObject } from '../../api/meta.js';
import { CONTROLLER_REVISION_HASH_LABEL, TEMPLATE_GENERATION_LABEL, DEPRECATED_TEMPLATE_GENERATION_ANNOTATION } from './pod.js';
import { nodeShouldRunDaemonPod, type ShouldRun } from './predicates.js';

export interface DaemonSetSpecLike {
  minReadySeconds?: number;
  updateStrategy?: { type?: string; rollingUpdate?: { maxUnavailable?: number | string; maxSurge?: number | string } };
}

export interface NodePlan {
  /** Nodes that need a daemon pod created. */
  create: string[];
  /** Names of pods to delete. */
  delete: string[];
}

export function isPodReady(pod: KObject): boolean {
  const c = (pod.status as { conditions?: PodCondition[] } | undefined)?.conditions?.find((x) => x.type === 'Ready');
  return c?.status === 'True';
}

/** IsPodAvailable: ready, and for at least minReadySeconds. */
export function isPodAvailable(pod: KObject, minReadySeconds: number, now: number): boolean {
  const c = (pod.status as { conditions?: PodCondition[] } | undefined)?.conditions?.find((x) => x.type === 'Ready');
  if (c?.status !== 'True') return false;
  if (!minReadySeconds) return true;
  const t = Date.parse(c.lastTransitionTime ?? '');
  return !Number.isNaN(t) && t + minReadySeconds * 1000 < now;
}

/** podByCreationTimestampAndPhase: scheduled first, then oldest, then by name. */
export function byCreation(a: KObject, b: KObject): number {
  const an = !!(a.spec as PodSpec).nodeName;
  const bn = !!(b.spec as PodSpec).nodeName;
  if (an !== bn) return an ? -1 : 1;
  const at = a.metadata.creationTimestamp ?? '';
  const bt = b.metadata.creationTimestamp ?? '';
  if (at !== bt) return at < bt ? -1 : 1;
  return (a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1;
}

function phaseOf(p: KObject): string | undefined {
  return (p.status as { phase?: string } | undefined)?.phase;
}

/** IsPodUpdated: the pod carries the current revision hash (or the current template generation). */
export function isPodUpdated(ds: KObject, pod: KObject, hash: string): boolean {
  const gen = ds.metadata.annotations?.[DEPRECATED_TEMPLATE_GENERATION_ANNOTATION];
  const labels = pod.metadata.labels ?? {};
  return (hash !== '' && labels[CONTROLLER_REVISION_HASH_LABEL] === hash) || (gen !== undefined && labels[TEMPLATE_GENERATION_LABEL] === gen);
}

/** intstr.GetScaledValueFromIntOrPercent with rounding up. */
export function scaledValue(v: number | string | undefined, total: number, fallback: number): number {
  if (v === undefined || v === null) return fallback;
  if (typeof v === 'number') return v;
  const m = /^(\d+)%$/.exec(v);
  if (m) return Math.ceil((Number(m[1]) * total) / 100);
  const n = Number.parseInt(v, 10);
  return Number.isNaN(n) ? fallback : n;
}

export function surgeCount(spec: DaemonSetSpecLike, desired: number): number {
  if ((spec.updateStrategy?.type ?? 'RollingUpdate') !== 'RollingUpdate') return 0;
  return scaledValue(spec.updateStrategy?.rollingUpdate?.maxSurge, desired, 0);
}

export function unavailableCount(spec: DaemonSetSpecLike, desired: number): number {
  if ((spec.updateStrategy?.type ?? 'RollingUpdate') !== 'RollingUpdate') return 0;
  const r = spec.updateStrategy?.rollingUpdate;
  if (!r) return 0;
  return scaledValue(r.maxUnavailable, desired, 0);
}

/** Evaluates every node once: what the predicates say about it. */
export function evaluateNodes(nodes: KObject[], podSpec: PodSpec): Map<string, ShouldRun> {
  const out = new Map<string, ShouldRun>();
  for (const n of nodes) out.set(n.metadata.name!, nodeShouldRunDaemonPod(n, podSpec));
  return out;
}

/**
 * manage(): per node, create the missing daemon pod, delete failed or
 * succeeded ones, extra ones (keeping the oldest, or with surge the right
 * old/new pair), and every pod on a node it should not run on.
 */
export function planManage(ds: KObject, nodes: KObject[], should: Map<string, ShouldRun>, nodeToPods: Map<string, KObject[]>, hash: string, now: number): NodePlan & { failed: { pod: string; node: string }[] } {
  const spec = (ds.spec ?? {}) as DaemonSetSpecLike;
  const minReady = spec.minReadySeconds ?? 0;
  const surge = surgeCount(spec, 1) > 0;
  const create: string[] = [];
  const del: string[] = [];
  const failed: { pod: string; node: string }[] = [];
  for (const node of nodes) {
    const name = node.metadata.name!;
    const { shouldRun, shouldContinueRunning } = should.get(name)!;
    const pods = nodeToPods.get(name) ?? [];
    const exists = pods.length > 0;
    if (shouldRun && !exists) {
      create.push(name);
      continue;
    }
    if (shouldContinueRunning) {
      const running: KObject[] = [];
      for (const p of pods) {
        if (p.metadata.deletionTimestamp) continue;
        const phase = phaseOf(p);
        if (phase === 'Failed') {
          failed.push({ pod: p.metadata.name!, node: name });
          del.push(p.metadata.name!);
        } else if (phase === 'Succeeded') {
          del.push(p.metadata.name!);
        } else {
          running.push(p);
        }
      }
      if (running.length <= 1 && !surge) continue;
      running.sort(byCreation);
      if (!surge) {
        for (let i = 1; i < running.length; i++) del.push(running[i].metadata.name!);
        continue;
      }
      let oldestNew: KObject | undefined;
      let oldestOld: KObject | undefined;
      for (const p of running) {
        if ((p.metadata.labels ?? {})[CONTROLLER_REVISION_HASH_LABEL] === hash) {
          if (!oldestNew) { oldestNew = p; continue; }
        } else if (!oldestOld) {
          oldestOld = p;
          continue;
        }
        del.push(p.metadata.name!);
      }
      if (oldestNew && oldestOld && (!isPodReady(oldestOld) || isPodAvailable(oldestNew, minReady, now))) del.push(oldestOld.metadata.name!);
      continue;
    }
    if (exists) for (const p of pods) if (!p.metadata.deletionTimestamp) del.push(p.metadata.name!);
  }
  return { create, delete: del, failed };
}

/** findUpdatedPodsOnNode: the node's one new and one old live pod, or not ok when it has more. */
function updatedPodsOnNode(ds: KObject, pods: KObject[], hash: string): { ok: boolean; newPod?: KObject; oldPod?: KObject } {
  let newPod: KObject | undefined;
  let oldPod: KObject | undefined;
  for (const p of pods) {
    if (p.metadata.deletionTimestamp) continue;
    if (isPodUpdated(ds, p, hash)) {
      if (newPod) return { ok: false };
      newPod = p;
    } else {
      if (oldPod) return { ok: false };
      oldPod = p;
    }
  }
  return { ok: true, newPod, oldPod };
}

/**
 * rollingUpdate(): which old pods to delete (and, with maxSurge, on which nodes
 * to start a new pod beside the old one) so that no more than maxUnavailable
 * nodes lack an available pod at any time.
 */
export function planRollingUpdate(ds: KObject, nodes: KObject[], should: Map<string, ShouldRun>, nodeToPods: Map<string, KObject[]>, hash: string, now: number): NodePlan {
  const spec = (ds.spec ?? {}) as DaemonSetSpecLike;
  const minReady = spec.minReadySeconds ?? 0;
  const byNode = new Map(nodeToPods);
  let desired = 0;
  for (const n of nodes) {
    if (!should.get(n.metadata.name!)?.shouldRun) continue;
    desired++;
    if (!byNode.has(n.metadata.name!)) byNode.set(n.metadata.name!, []);
  }
  let maxUnavailable = unavailableCount(spec, desired);
  const maxSurge = surgeCount(spec, desired);
  // An impossible configuration (both 0) falls back to one unavailable node, as the real controller does.
  if (desired > 0 && maxUnavailable === 0 && maxSurge === 0) maxUnavailable = 1;
  const names = [...byNode.keys()].sort();
  if (maxSurge === 0) {
    let numUnavailable = 0;
    const allowed: string[] = [];
    const candidates: string[] = [];
    for (const node of names) {
      const { ok, newPod, oldPod } = updatedPodsOnNode(ds, byNode.get(node)!, hash);
      if (!ok) { numUnavailable++; continue; }
      if ((!oldPod && !newPod) || (oldPod && newPod)) { numUnavailable++; continue; }
      if (newPod) {
        if (!isPodAvailable(newPod, minReady, now)) numUnavailable++;
        continue;
      }
      if (!isPodAvailable(oldPod!, minReady, now)) allowed.push(oldPod!.metadata.name!);
      else if (numUnavailable >= maxUnavailable) continue;
      else candidates.push(oldPod!.metadata.name!);
    }
    const remaining = Math.min(Math.max(0, maxUnavailable - numUnavailable), candidates.length);
    return { create: [], delete: [...allowed, ...candidates.slice(0, remaining)] };
  }
  let numSurge = 0;
  const allowedNew: string[] = [];
  const candidateNew: string[] = [];
  const oldToDelete: string[] = [];
  for (const node of names) {
    const { ok, newPod, oldPod } = updatedPodsOnNode(ds, byNode.get(node)!, hash);
    if (!ok) { numSurge++; continue; }
    if (!oldPod) continue;
    if (!newPod) {
      if (!isPodAvailable(oldPod, minReady, now)) allowedNew.push(node);
      else if (numSurge >= maxSurge) continue;
      else candidateNew.push(node);
      continue;
    }
    if (!isPodAvailable(newPod, minReady, now)) { numSurge++; continue; }
    oldToDelete.push(oldPod.metadata.name!);
  }
  const remaining = Math.min(Math.max(0, maxSurge - numSurge), candidateNew.length);
  return { create: [...allowedNew, ...candidateNew.slice(0, remaining)], delete: oldToDelete };
}

export interface DaemonSetStatus {
  currentNumberScheduled: number;
  numberMisscheduled: number;
  desiredNumberScheduled: number;
  numberReady: number;
  observedGeneration?: number;
  updatedNumberScheduled?: number;
  numberAvailable?: number;
  numberUnavailable?: number;
  collisionCount?: number;
  conditions?: unknown[];
}

/** updateDaemonSetStatus's counts (zero-valued omitempty fields left out, as the JSON shows them). */
export function calculateStatus(ds: KObject, nodes: KObject[], should: Map<string, ShouldRun>, nodeToPods: Map<string, KObject[]>, hash: string, now: number): DaemonSetStatus {
  const minReady = ((ds.spec ?? {}) as DaemonSetSpecLike).minReadySeconds ?? 0;
  let desired = 0;
  let current = 0;
  let mis = 0;
  let ready = 0;
  let available = 0;
  let updated = 0;
  for (const node of nodes) {
    const name = node.metadata.name!;
    const pods = nodeToPods.get(name) ?? [];
    const scheduled = pods.length > 0;
    if (should.get(name)!.shouldRun) {
      desired++;
      if (!scheduled) continue;
      current++;
      const pod = pods.length === 1 ? pods[0] : [...pods].sort(byCreation)[0];
      if (isPodReady(pod)) {
        ready++;
        if (isPodAvailable(pod, minReady, now)) available++;
      }
      if (isPodUpdated(ds, pod, hash)) updated++;
    } else if (scheduled) {
      mis++;
    }
  }
  const old = (ds.status ?? {}) as DaemonSetStatus;
  const status: DaemonSetStatus = {
    currentNumberScheduled: current,
    numberMisscheduled: mis,
    desiredNumberScheduled: desired,
    numberReady: ready,
    observedGeneration: ds.metadata.generation,
  };
  if (updated) status.updatedNumberScheduled = updated;
  if (available) status.numberAvailable = available;
  if (desired - available) status.numberUnavailable = desired - available;
  if (old.collisionCount) status.collisionCount = old.collisionCount;
  if (old.conditions) status.conditions = old.conditions;
  return status;
}
