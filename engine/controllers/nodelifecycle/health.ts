/**
 * How the node lifecycle controller judges a node's health
 * (tryUpdateNodeHealth in node_lifecycle_controller.go). The controller does
 * not trust the timestamps a kubelet writes: it notes, on its own clock, when
 * it last *saw* the Ready condition's heartbeat or the node Lease's renewTime
 * change (the probe timestamp). When that is older than the grace period, the
 * kubelet is presumed gone and the conditions it owns become Unknown.
 *
 * Worked example with the defaults: the kubelet renews its Lease every 10 s and
 * stops at t=100 s just after a renewal; the controller, checking every 5 s,
 * saw the renewal at t=100..105 s, so at the first check after t=150..155 s
 * (grace 50 s) Ready turns Unknown: about 50-60 s after the kubelet stopped.
 */
import type { NodeCondition } from 'kubernetes-types/core/v1';
import { clone, type KObject } from '../../api/meta.js';
import { rfc3339 } from '../../util/time.js';

export const NODE_STATUS_UNKNOWN_REASON = 'NodeStatusUnknown';
export const NODE_STATUS_UNKNOWN_MESSAGE = 'Kubelet stopped posting node status.';
export const NODE_STATUS_NEVER_UPDATED_REASON = 'NodeStatusNeverUpdated';
export const NODE_STATUS_NEVER_UPDATED_MESSAGE = 'Kubelet never posted node status.';

/** The conditions the kubelet owns; NetworkUnavailable is managed by the control plane and left alone. */
export const KUBELET_CONDITION_TYPES = ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'];

export interface NodeHealth {
  /** When the controller last saw a sign of life (ms, its own clock). */
  probeTimestamp: number;
  readyTransitionTimestamp: number;
  /** The Ready condition as last seen. */
  ready?: NodeCondition;
  /** The Lease renewTime as last seen. */
  leaseRenewTime?: string;
}

export interface HealthResult {
  health: NodeHealth;
  /** The Ready condition before this check (a fake Unknown one if the kubelet never posted one). */
  observedReady: NodeCondition;
  /** The Ready condition after this check. */
  currentReady?: NodeCondition;
  /** The node with Unknown conditions, when its status must be written. */
  statusUpdate?: KObject;
}

export function readyCondition(node: KObject): NodeCondition | undefined {
  const conditions = (node.status as { conditions?: NodeCondition[] } | undefined)?.conditions;
  if (!conditions) return undefined;
  // A loop rather than find: every node is looked at on every 5-second pass.
  for (let i = 0; i < conditions.length; i++) if (conditions[i].type === 'Ready') return conditions[i];
  return undefined;
}

export function creationMs(node: KObject): number {
  const t = Date.parse(node.metadata.creationTimestamp ?? '');
  return Number.isNaN(t) ? 0 : t;
}

/**
 * One health check of `node` at `now`. `saved` is what the controller knew;
 * `leaseRenewTime` the node Lease's spec.renewTime if there is a Lease;
 * `current` the node's Ready condition, when the caller has it already.
 */
export function checkNodeHealth(
  node: KObject,
  saved: NodeHealth | undefined,
  leaseRenewTime: string | undefined,
  now: number,
  gracePeriodMs: number,
  startupGracePeriodMs: number,
  current: NodeCondition | undefined = readyCondition(node),
): HealthResult {
  let gracePeriod = gracePeriodMs;
  let observedReady: NodeCondition;
  let health = saved;
  if (!current) {
    const created = creationMs(node);
    // Never posted: measure from the node's creation with the longer startup grace.
    observedReady = { type: 'Ready', status: 'Unknown', lastHeartbeatTime: node.metadata.creationTimestamp, lastTransitionTime: node.metadata.creationTimestamp };
    gracePeriod = startupGracePeriodMs;
    health = health ? { ...health, ready: undefined } : { probeTimestamp: created, readyTransitionTimestamp: created };
  } else {
    // Stored objects are frozen snapshots: the condition can be kept as it is.
    observedReady = current;
  }
  const savedReady = health?.ready;
  if (!health) {
    health = { probeTimestamp: now, readyTransitionTimestamp: now, ready: current };
  } else if (!savedReady && current) {
    health = { probeTimestamp: now, readyTransitionTimestamp: now, ready: current, leaseRenewTime: health.leaseRenewTime };
  } else if (savedReady && current && savedReady.lastHeartbeatTime !== current.lastHeartbeatTime) {
    const transition = savedReady.lastTransitionTime !== current.lastTransitionTime ? now : health.readyTransitionTimestamp;
    health = { probeTimestamp: now, readyTransitionTimestamp: transition, ready: current, leaseRenewTime: health.leaseRenewTime };
  }
  // A renewed Lease counts as a sign of life even when the status is not posted (the common case: status every 5 min, Lease every 10 s).
  if (leaseRenewTime !== undefined && leaseRenewTime !== health.leaseRenewTime
    && (health.leaseRenewTime === undefined || parseTime(health.leaseRenewTime) < parseTime(leaseRenewTime))) {
    if (health === saved) health = { ...health };
    health.leaseRenewTime = leaseRenewTime;
    health.probeTimestamp = now;
  }
  if (now <= health.probeTimestamp + gracePeriod) return { health, observedReady, currentReady: current };

  const next = clone(node);
  const status = (next.status ??= {}) as { conditions?: NodeCondition[] };
  const conditions = (status.conditions ??= []);
  const nowText = rfc3339(now);
  for (const type of KUBELET_CONDITION_TYPES) {
    const c = conditions.find((x) => x.type === type);
    if (!c) {
      conditions.push({
        type, status: 'Unknown', reason: NODE_STATUS_NEVER_UPDATED_REASON, message: NODE_STATUS_NEVER_UPDATED_MESSAGE,
        lastHeartbeatTime: node.metadata.creationTimestamp, lastTransitionTime: nowText,
      });
    } else if (c.status !== 'Unknown') {
      c.status = 'Unknown';
      c.reason = NODE_STATUS_UNKNOWN_REASON;
      c.message = NODE_STATUS_UNKNOWN_MESSAGE;
      c.lastTransitionTime = nowText;
    }
  }
  const newReady = conditions.find((c) => c.type === 'Ready');
  if (sameCondition(newReady, observedReady)) return { health, observedReady, currentReady: current };
  health = { ...health, ready: newReady, readyTransitionTimestamp: now };
  return { health, observedReady, currentReady: newReady, statusUpdate: next };
}

function sameCondition(a: NodeCondition | undefined, b: NodeCondition | undefined): boolean {
  if (!a || !b) return a === b;
  return a.status === b.status && a.reason === b.reason && a.message === b.message
    && a.lastHeartbeatTime === b.lastHeartbeatTime && a.lastTransitionTime === b.lastTransitionTime;
}

/**
 * Date.parse of a renewTime. Kubelets renew at shared instants, so a pass over thousands of nodes reads the
 * same two texts (the renewal before and the latest): the last two are remembered.
 */
let parsedA = '';
let parsedAMs = NaN;
let parsedB = '';
let parsedBMs = NaN;
function parseTime(text: string): number {
  if (text === parsedA) return parsedAMs;
  if (text === parsedB) return parsedBMs;
  parsedB = parsedA;
  parsedBMs = parsedAMs;
  parsedA = text;
  parsedAMs = Date.parse(text);
  return parsedAMs;
}
