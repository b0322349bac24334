/**
 * Cluster events and queueing hints (k8s.io/kube-scheduler/framework types.go,
 * pkg/scheduler/framework/events.go, v1.35 with SchedulerQueueingHints on):
 * which change to a Node or a Pod happened, and the functions a plugin gives
 * to say whether that change may make a pod it rejected schedulable.
 *
 * One thing worth knowing: a Pod update that fits none of the specific kinds
 * (a status write such as the scheduler's own PodScheduled=False, an
 * annotation) is `updatePodOther`, a bit of its own that only the general
 * `Update` contains: it reaches only plugins that registered the general Pod
 * Update, none of the default profile's, so it re-queues nothing.
 */
import type { KObject } from '../../api/meta.js';
import { sameLabels } from '../../api/selectors.js';
import { deepEqual } from '../../api/meta.js';
import { milliCPU } from '../../util/quantity.js';
import type { PodInfo } from './pod-info.js';

/** fwk.ActionType bits. */
export const enum ActionType {
  Add = 1,
  Delete = 2,
  UpdateNodeAllocatable = 4,
  UpdateNodeLabel = 8,
  /** An update of the node's taints, or spec.unschedulable turned off. */
  UpdateNodeTaint = 16,
  UpdateNodeCondition = 32,
  UpdateNodeAnnotation = 64,
  UpdatePodLabel = 128,
  UpdatePodScaleDown = 256,
  UpdatePodToleration = 512,
  UpdatePodSchedulingGatesEliminated = 1024,
  UpdatePodGeneratedResourceClaim = 2048,
  /** updatePodOther (unexported upstream): a Pod update in fields none of the bits above cover. */
  UpdatePodOther = 4096,
  All = 8191,
  /** The general update: every Update* bit, updatePodOther included. */
  Update = 8188,
}

/**
 * fwk.EventResource. Plugins register "Pod", which matches both kinds of pod
 * events the scheduler emits: assigned pods and the unscheduled pod itself.
 */
export type EventResource = 'Pod' | 'AssignedPod' | 'UnschedulablePod' | 'Node' | 'PersistentVolumeClaim' | 'PersistentVolume' | 'StorageClass'
  | 'ResourceClaim' | 'DeviceClass' | 'ResourceSlice' | '*';

export interface ClusterEvent {
  resource: EventResource;
  actionType: number;
  /** Only for the special events (UnschedulableTimeout). */
  label?: string;
}

/**
 * A QueueingHintFn: true is Queue, false QueueSkip. `pod` is the pending pod;
 * the objects are PodInfos for Pod events and Node objects for Node events,
 * `oldObj` undefined for an add and `newObj` undefined for a delete.
 */
export type QueueingHintFn = (pod: PodInfo, oldObj: any, newObj: any) => boolean; // eslint-disable-line @typescript-eslint/no-explicit-any

/** fwk.ClusterEventWithHint: without a hint, the event always queues (with backoff). */
export interface ClusterEventWithHint {
  event: ClusterEvent;
  hint?: QueueingHintFn;
}

export const EVENT_NODE_ADD: ClusterEvent = Object.freeze({ resource: 'Node', actionType: ActionType.Add });
export const EVENT_NODE_DELETE: ClusterEvent = Object.freeze({ resource: 'Node', actionType: ActionType.Delete });
export const EVENT_ASSIGNED_POD_ADD: ClusterEvent = Object.freeze({ resource: 'AssignedPod', actionType: ActionType.Add });
export const EVENT_ASSIGNED_POD_DELETE: ClusterEvent = Object.freeze({ resource: 'AssignedPod', actionType: ActionType.Delete });
/** EventUnschedulableTimeout: the 5-minute flush, a wildcard that moves every pod it is given. */
export const EVENT_UNSCHEDULABLE_TIMEOUT: ClusterEvent = Object.freeze({ resource: '*', actionType: ActionType.All, label: 'UnschedulableTimeout' });

export function isWildCard(e: ClusterEvent): boolean {
  return e.resource === '*' && e.actionType === ActionType.All;
}

/** ClusterEvent.Match: `registered` (from EventsToRegister) against an incoming event. */
export function matchClusterEvent(registered: ClusterEvent, incoming: ClusterEvent): boolean {
  if (isWildCard(registered)) return true;
  const r = registered.resource;
  const resourceMatches = r === '*' || r === incoming.resource || (r === 'Pod' && (incoming.resource === 'AssignedPod' || incoming.resource === 'UnschedulablePod'));
  return resourceMatches && (registered.actionType & incoming.actionType) !== 0;
}

// ---------- NodeSchedulingPropertiesChange ----------

interface NodeLike {
  metadata: KObject['metadata'];
  spec?: { unschedulable?: boolean; taints?: unknown[] };
  status?: { allocatable?: Record<string, unknown>; conditions?: { type: string; status: string }[] };
}

/** equality.Semantic.DeepEqual of two ResourceLists: the same names and equal quantities ("1" equals "1000m"). */
export function sameResourceList(a: Record<string, unknown> | undefined, b: Record<string, unknown> | undefined): boolean {
  const ka = a ? Object.keys(a) : [];
  const kb = b ? Object.keys(b) : [];
  if (ka.length !== kb.length) return false;
  for (const k of ka) {
    if (!b || !(k in b)) return false;
    if (a![k] !== b[k] && milliCPU(a![k]) !== milliCPU(b[k])) return false;
  }
  return true;
}

/** Semantic equality treats a missing map and an empty one alike. */
function sameMap(a: Record<string, string> | undefined, b: Record<string, string> | undefined): boolean {
  return a === b || sameLabels(a, b);
}

function emptyToUndefined<T>(xs: T[] | undefined): T[] | undefined {
  return xs && xs.length ? xs : undefined;
}

function conditionStatuses(n: NodeLike): Map<string, string> {
  const m = new Map<string, string>();
  for (const c of n.status?.conditions ?? []) m.set(c.type, c.status);
  return m;
}

function sameConditionStatuses(a: NodeLike, b: NodeLike): boolean {
  const ca = a.status?.conditions;
  const cb = b.status?.conditions;
  if (ca === cb) return true;
  // A heartbeat rewrites the list in the same order: compared in place, without two maps per node update.
  if (ca && cb && ca.length === cb.length && ca.every((c, i) => c.type === cb[i].type && c.status === cb[i].status)) return true;
  const ma = conditionStatuses(a);
  const mb = conditionStatuses(b);
  if (ma.size !== mb.size) return false;
  for (const [k, v] of ma) if (mb.get(k) !== v) return false;
  return true;
}

/**
 * NodeSchedulingPropertiesChange: the UpdateNodeXYZ events one Node update
 * makes, in the order the scheduler moves pods for them. A heartbeat that
 * only renews condition timestamps makes none.
 */
export function nodeSchedulingPropertiesChange(newNode: KObject, oldNode: KObject): ClusterEvent[] {
  const n = newNode as unknown as NodeLike;
  const o = oldNode as unknown as NodeLike;
  const events: ClusterEvent[] = [];
  const push = (a: ActionType) => events.push({ resource: 'Node', actionType: a });
  // Only a node becoming schedulable counts (UpdateNodeTaint stands in for "spec.unschedulable").
  if (!!n.spec?.unschedulable !== !!o.spec?.unschedulable && !n.spec?.unschedulable) push(ActionType.UpdateNodeTaint);
  if (n.status?.allocatable !== o.status?.allocatable && !sameResourceList(o.status?.allocatable, n.status?.allocatable)) push(ActionType.UpdateNodeAllocatable);
  if (!sameMap(n.metadata.labels, o.metadata.labels)) push(ActionType.UpdateNodeLabel);
  if (n.spec?.taints !== o.spec?.taints && !deepEqual(emptyToUndefined(n.spec?.taints), emptyToUndefined(o.spec?.taints))) push(ActionType.UpdateNodeTaint);
  if (!sameConditionStatuses(o, n)) push(ActionType.UpdateNodeCondition);
  if (!sameMap(n.metadata.annotations, o.metadata.annotations)) push(ActionType.UpdateNodeAnnotation);
  return events;
}

// ---------- PodSchedulingPropertiesChange ----------

/** extractPodScaleDown: some request of the old pod is gone or smaller. */
function scaledDown(newPod: PodInfo, oldPod: PodInfo): boolean {
  const o = oldPod.requests;
  const n = newPod.requests;
  if (o.milliCPU > n.milliCPU || o.memory > n.memory || o.ephemeralStorage > n.ephemeralStorage) return true;
  if (o.scalar) for (const [k, v] of o.scalar) if (!n.scalar?.has(k) || v > n.scalar.get(k)!) return true;
  return false;
}

function schedulingGates(p: PodInfo): number {
  return ((p.pod.spec as { schedulingGates?: unknown[] } | undefined)?.schedulingGates ?? []).length;
}

/** status.resourceClaimStatuses, compared as text (kube-controller-manager records a template's claim there). */
function generatedClaims(p: PodInfo): string {
  const s = (p.pod.status as { resourceClaimStatuses?: unknown[] } | undefined)?.resourceClaimStatuses;
  return s?.length ? JSON.stringify(s) : '';
}

/**
 * PodSchedulingPropertiesChange: the UpdatePodXYZ events of one Pod update,
 * for the assigned pod or the unscheduled pod itself; updatePodOther when
 * none of them applies.
 */
export function podSchedulingPropertiesChange(newPod: PodInfo, oldPod: PodInfo): ClusterEvent[] {
  const resource: EventResource = newPod.nodeName ? 'AssignedPod' : 'UnschedulablePod';
  const events: ClusterEvent[] = [];
  const push = (a: ActionType) => events.push({ resource, actionType: a });
  if (!sameMap(newPod.labels, oldPod.labels)) push(ActionType.UpdatePodLabel);
  if (newPod.requests !== oldPod.requests && scaledDown(newPod, oldPod)) push(ActionType.UpdatePodScaleDown);
  if (schedulingGates(newPod) === 0 && schedulingGates(oldPod) !== 0) push(ActionType.UpdatePodSchedulingGatesEliminated);
  if (newPod.tolerations.length !== oldPod.tolerations.length) push(ActionType.UpdatePodToleration);
  if (generatedClaims(newPod) !== generatedClaims(oldPod)) push(ActionType.UpdatePodGeneratedResourceClaim);
  if (events.length === 0) push(ActionType.UpdatePodOther);
  return events;
}
