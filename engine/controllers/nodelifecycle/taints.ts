/**
 * Which taints the node lifecycle controller keeps on a node
 * (doNoScheduleTaintingPass, TaintNodesByCondition): a NoSchedule taint per
 * troubled condition, and node.kubernetes.io/unschedulable for a cordoned node.
 * The NoExecute taints that evict pods are added separately, rate limited.
 */
import type { NodeCondition, Taint } from 'kubernetes-types/core/v1';
import type { KObject } from '../../api/meta.js';
import {
  TAINT_NODE_DISK_PRESSURE, TAINT_NODE_MEMORY_PRESSURE, TAINT_NODE_NETWORK_UNAVAILABLE, TAINT_NODE_NOT_READY,
  TAINT_NODE_PID_PRESSURE, TAINT_NODE_UNREACHABLE, TAINT_NODE_UNSCHEDULABLE,
} from '../tainteviction/taints.js';

/** nodeConditionToTaintKeyStatusMap */
export const CONDITION_TAINTS: Record<string, Record<string, string>> = {
  Ready: { False: TAINT_NODE_NOT_READY, Unknown: TAINT_NODE_UNREACHABLE },
  MemoryPressure: { True: TAINT_NODE_MEMORY_PRESSURE },
  DiskPressure: { True: TAINT_NODE_DISK_PRESSURE },
  NetworkUnavailable: { True: TAINT_NODE_NETWORK_UNAVAILABLE },
  PIDPressure: { True: TAINT_NODE_PID_PRESSURE },
};

const MANAGED_KEYS = new Set([TAINT_NODE_NOT_READY, TAINT_NODE_UNREACHABLE, TAINT_NODE_MEMORY_PRESSURE, TAINT_NODE_DISK_PRESSURE, TAINT_NODE_NETWORK_UNAVAILABLE, TAINT_NODE_PID_PRESSURE, TAINT_NODE_UNSCHEDULABLE]);

export const UNREACHABLE_NO_EXECUTE: Taint = { key: TAINT_NODE_UNREACHABLE, effect: 'NoExecute' };
export const NOT_READY_NO_EXECUTE: Taint = { key: TAINT_NODE_NOT_READY, effect: 'NoExecute' };

/** The NoSchedule taints to add and remove so they mirror the node's conditions and spec.unschedulable. */
export function noScheduleTaintDiff(node: KObject): { add: Taint[]; remove: Taint[] } {
  const want: Taint[] = [];
  const conditions = (node.status as { conditions?: NodeCondition[] } | undefined)?.conditions ?? [];
  for (const c of conditions) {
    const key = CONDITION_TAINTS[c.type]?.[c.status];
    if (key) want.push({ key, effect: 'NoSchedule' });
  }
  if ((node.spec as { unschedulable?: boolean } | undefined)?.unschedulable) want.push({ key: TAINT_NODE_UNSCHEDULABLE, effect: 'NoSchedule' });
  const have = ((node.spec as { taints?: Taint[] } | undefined)?.taints ?? []).filter((t) => t.effect === 'NoSchedule' && MANAGED_KEYS.has(t.key));
  const add = want.filter((w) => !have.some((h) => h.key === w.key && (h.value ?? '') === (w.value ?? '')));
  const remove = have.filter((h) => !want.some((w) => w.key === h.key && (w.value ?? '') === (h.value ?? '')));
  return { add, remove };
}
