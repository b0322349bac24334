/**
 * Taints and tolerations as pure functions, the way k8s.io/api's
 * Toleration.ToleratesTaint and component-helpers' GetMatchingTolerations
 * decide them. Shared by the node lifecycle, taint eviction and DaemonSet
 * controllers.
 */
import type { Taint, Toleration } from 'kubernetes-types/core/v1';

export const TAINT_NODE_NOT_READY = 'node.kubernetes.io/not-ready';
export const TAINT_NODE_UNREACHABLE = 'node.kubernetes.io/unreachable';
export const TAINT_NODE_UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';
export const TAINT_NODE_MEMORY_PRESSURE = 'node.kubernetes.io/memory-pressure';
export const TAINT_NODE_DISK_PRESSURE = 'node.kubernetes.io/disk-pressure';
export const TAINT_NODE_PID_PRESSURE = 'node.kubernetes.io/pid-pressure';
export const TAINT_NODE_NETWORK_UNAVAILABLE = 'node.kubernetes.io/network-unavailable';
export const TAINT_NODE_OUT_OF_SERVICE = 'node.kubernetes.io/out-of-service';

export type TaintEffect = 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';

/** Toleration.ToleratesTaint: effect (empty matches all), key (empty + Exists matches all), then operator. */
export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  const op = t.operator || 'Equal';
  if (op === 'Exists') return true;
  if (op === 'Equal') return (t.value ?? '') === (taint.value ?? '');
  return false;
}

export function tolerationsTolerateTaint(tolerations: readonly Toleration[] | undefined, taint: Taint): boolean {
  if (!tolerations) return false;
  for (const t of tolerations) if (toleratesTaint(t, taint)) return true;
  return false;
}

/** The first taint (passing `filter`) that no toleration tolerates, as FindMatchingUntoleratedTaint. */
export function findUntoleratedTaint(
  taints: readonly Taint[] | undefined,
  tolerations: readonly Toleration[] | undefined,
  filter: (t: Taint) => boolean = () => true,
): Taint | undefined {
  if (!taints) return undefined;
  for (const taint of taints) {
    if (!filter(taint)) continue;
    if (!tolerationsTolerateTaint(tolerations, taint)) return taint;
  }
  return undefined;
}

/**
 * GetMatchingTolerations: whether every taint is tolerated, and for each taint
 * the first toleration that tolerates it (the ones whose tolerationSeconds count).
 */
export function matchingTolerations(taints: readonly Taint[], tolerations: readonly Toleration[] | undefined): { allTolerated: boolean; used: Toleration[] } {
  if (taints.length === 0) return { allTolerated: true, used: [] };
  if (!tolerations || tolerations.length === 0) return { allTolerated: false, used: [] };
  const used: Toleration[] = [];
  for (const taint of taints) {
    const t = tolerations.find((x) => toleratesTaint(x, taint));
    if (!t) return { allTolerated: false, used: [] };
    used.push(t);
  }
  return { allTolerated: true, used };
}

/**
 * getMinTolerationTime: 0 when there is nothing to wait for (no tolerations, or
 * one with tolerationSeconds <= 0), -1 for "forever" (none sets tolerationSeconds),
 * else the smallest tolerationSeconds in ms.
 */
export function minTolerationMs(used: readonly Toleration[]): number {
  if (used.length === 0) return 0;
  let min = Infinity;
  for (const t of used) {
    if (t.tolerationSeconds === undefined || t.tolerationSeconds === null) continue;
    if (t.tolerationSeconds <= 0) return 0;
    if (t.tolerationSeconds < min) min = t.tolerationSeconds;
  }
  return min === Infinity ? -1 : min * 1000;
}

export function noExecuteTaints(taints: readonly Taint[] | undefined): Taint[] {
  return (taints ?? []).filter((t) => t.effect === 'NoExecute');
}

/** Taints are the same taint when key and effect match (taints.MatchTaint). */
export function sameTaint(a: Taint, b: Taint): boolean {
  return a.key === b.key && a.effect === b.effect;
}

export function taintExists(taints: readonly Taint[] | undefined, t: Taint): boolean {
  return !!taints?.some((x) => sameTaint(x, t));
}

/**
 * AddOrUpdateTaintOnNode + RemoveTaintOffNode in one step: returns the new taint
 * list, or undefined when nothing changes. Added taints go to the end; an
 * existing taint with the same key and effect is kept as it is unless its value changed.
 */
export function swapTaints(current: readonly Taint[] | undefined, add: readonly Taint[], remove: readonly Taint[]): Taint[] | undefined {
  let changed = false;
  const out: Taint[] = [];
  for (const t of current ?? []) {
    if (remove.some((r) => sameTaint(r, t))) {
      changed = true;
      continue;
    }
    const replacement = add.find((a) => sameTaint(a, t));
    if (replacement && (replacement.value ?? '') !== (t.value ?? '')) {
      out.push(replacement);
      changed = true;
      continue;
    }
    out.push(t);
  }
  for (const a of add) {
    if (out.some((t) => sameTaint(t, a))) continue;
    out.push(a);
    changed = true;
  }
  return changed ? out : undefined;
}
