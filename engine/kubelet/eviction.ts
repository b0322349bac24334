/**
 * The kubelet's eviction manager for memory (pkg/kubelet/eviction: eviction_manager.go synchronize, helpers.go)
 * and the kernel's choice of a victim when the node really runs out (oom_badness with the oom_score_adj the
 * kubelet gives each container, pkg/kubelet/qos/policy.go).
 *
 * kubeadm leaves the kubelet's defaults: one hard threshold memory.available<100Mi, checked every 10 s
 * (housekeeping), --eviction-pressure-transition-period 5m, no soft thresholds and no minimum reclaim. Under the
 * threshold the node reports MemoryPressure, and the manager evicts one pod per pass, ranked as rankMemoryPressure
 * ranks them, with a grace period of 1 s (immediateEvictionGracePeriodSeconds: a hard threshold), then waits for
 * the pod to be cleaned up (polling every second, for at most 30 s) before it looks again.
 *
 * The decisions are pure functions below; `EvictionManager` keeps the little state the real one keeps (when the
 * threshold was last met) and asks its host (the kubelet) for the numbers and to do the evicting.
 */
import { formatBytes } from '../util/quantity.js';
import { EVICTION_HARD_MEMORY } from './node-status.js';

export const SIGNAL_MEMORY_AVAILABLE = 'memory.available';
/** The resource the memory.available signal reclaims (signalToResource), as the messages name it. */
export const RESOURCE_MEMORY = 'memory';
/** The default hard threshold (kubelet's DefaultEvictionHard), in bytes: the same 100Mi node-status takes off allocatable. */
export const MEMORY_AVAILABLE_THRESHOLD = EVICTION_HARD_MEMORY;
/** --housekeeping-interval: how often the manager synchronizes (evictionMonitoringPeriod). */
export const EVICTION_MONITORING_INTERVAL_MS = 10_000;
/** --eviction-pressure-transition-period: how long a node keeps reporting pressure after the threshold was last met. */
export const PRESSURE_TRANSITION_PERIOD_MS = 5 * 60_000;
/** immediateEvictionGracePeriodSeconds: the grace a hard eviction gives (1, not 0: 0 would mean the pod's own). */
export const IMMEDIATE_EVICTION_GRACE_PERIOD_SECONDS = 1;
/** waitForPodsCleanup: podCleanupTimeout and podCleanupPollFreq. */
export const POD_CLEANUP_TIMEOUT_MS = 30_000;
export const POD_CLEANUP_POLL_MS = 1_000;

// Texts (helpers.go, eviction_manager.go, nodestatus/setters.go, oom_watcher_linux.go, core/v1 types)
export const REASON_EVICTED = 'Evicted';
export const REASON_EVICTION_THRESHOLD_MET = 'EvictionThresholdMet';
export const msgAttemptingToReclaim = (resource: string) => `Attempting to reclaim ${resource}`;
export const CONDITION_DISRUPTION_TARGET = 'DisruptionTarget';
export const REASON_TERMINATION_BY_KUBELET = 'TerminationByKubelet';
export const REASON_SYSTEM_OOM = 'SystemOOM';
export const msgSystemOOM = (process: string, pid: number) => `System OOM encountered, victim process: ${process}, pid: ${pid}`;
export const REASON_KUBELET_HAS_INSUFFICIENT_MEMORY = 'KubeletHasInsufficientMemory';
export const MSG_KUBELET_HAS_INSUFFICIENT_MEMORY = 'kubelet has insufficient memory available';
export const REASON_KUBELET_HAS_SUFFICIENT_MEMORY = 'KubeletHasSufficientMemory';
export const MSG_KUBELET_HAS_SUFFICIENT_MEMORY = 'kubelet has sufficient memory available';

const nodeLowMessage = (resource: string) => `The node was low on resource: ${resource}. `;
const thresholdMetMessage = (quantity: string, available: string) => `Threshold quantity: ${quantity}, available: ${available}. `;
const containerMessage = (name: string, usage: string, request: string, resource: string) => `Container ${name} was using ${usage}, request is ${request}, has larger consumption of ${resource}. `;

/** Memory is charged by the page: a working set is a whole number of 4 KiB pages (so Quantity prints it in Ki). */
export const PAGE_SIZE = 4096;
export function pageAligned(bytes: number): number {
  return bytes - (bytes % PAGE_SIZE);
}

/** SystemCriticalPriority: pods at or above it (and static and mirror pods) are critical and never evicted. */
export const SYSTEM_CRITICAL_PRIORITY = 2_000_000_000;

/** What the manager knows of one active pod: its priority, its memory request and what its containers use. */
export interface PodMemory {
  priority: number;
  /** The pod's memory request (GetResourceRequestQuantity), in bytes. */
  requestBytes: number;
  /** Its working set: what its running containers use, in bytes. */
  usageBytes: number;
  /** Each container's working set and request, in the pod's spec order (app containers, then init containers). */
  containers: { name: string; usageBytes: number; requestBytes: number; /** The request as stored ("64Mi"), "0" without one. */ request: string }[];
}

/** Whether the threshold memory.available<100Mi is met (thresholdsMet: the quantity is greater than what is available). */
export function memoryThresholdMet(availableBytes: number, thresholdBytes = MEMORY_AVAILABLE_THRESHOLD): boolean {
  return thresholdBytes > availableBytes;
}

/** nodeConditionsObservedSince: the condition holds while the threshold was met less than the transition period ago. */
export function underPressure(lastObservedAt: number | undefined, now: number, periodMs = PRESSURE_TRANSITION_PERIOD_MS): boolean {
  return lastObservedAt !== undefined && now - lastObservedAt < periodMs;
}

/**
 * rankMemoryPressure: pods using more than they request first, then lower priority first, then the larger use
 * above the request first. (Go's sort is not stable; ties keep the given order here.)
 */
export function rankMemoryPressure<T extends PodMemory>(pods: readonly T[]): T[] {
  return pods
    .map((p, i) => ({ p, i }))
    .sort((a, b) => {
      const ea = a.p.usageBytes > a.p.requestBytes;
      const eb = b.p.usageBytes > b.p.requestBytes;
      if (ea !== eb) return ea ? -1 : 1;
      if (a.p.priority !== b.p.priority) return a.p.priority - b.p.priority;
      const over = (b.p.usageBytes - b.p.requestBytes) - (a.p.usageBytes - a.p.requestBytes);
      return over !== 0 ? over : a.i - b.i;
    })
    .map((x) => x.p);
}

/**
 * evictionMessage for memory: the resource, the threshold and what was available, then every container using
 * more than it requests. Quantities print as resource.Quantity prints bytes ("100Mi", "3891456Ki", "0").
 */
export function evictionMessage(pod: PodMemory, availableBytes: number, thresholdBytes = MEMORY_AVAILABLE_THRESHOLD): string {
  let message = nodeLowMessage(RESOURCE_MEMORY) + thresholdMetMessage(formatBytes(thresholdBytes), formatBytes(availableBytes));
  for (const c of pod.containers) {
    if (c.usageBytes > c.requestBytes) message += containerMessage(c.name, formatBytes(c.usageBytes), c.request, RESOURCE_MEMORY);
  }
  return message;
}

export type QOSClass = 'Guaranteed' | 'Burstable' | 'BestEffort';

const GUARANTEED_OOM_SCORE_ADJ = -997;
const BESTEFFORT_OOM_SCORE_ADJ = 1000;

/**
 * GetContainerOOMScoreAdjust: node-critical pods and Guaranteed ones -997, BestEffort 1000, Burstable
 * 1000 - 1000 × request / capacity (integer division), kept within [3, 999] so that it stays above a
 * Guaranteed container's and below a BestEffort one's. A 4 GiB node and a 256Mi request: 1000 - 62 = 938.
 */
export function oomScoreAdj(qos: QOSClass, nodeCritical: boolean, containerRequestBytes: number, capacityBytes: number): number {
  if (nodeCritical) return GUARANTEED_OOM_SCORE_ADJ;
  if (qos === 'Guaranteed') return GUARANTEED_OOM_SCORE_ADJ;
  if (qos === 'BestEffort') return BESTEFFORT_OOM_SCORE_ADJ;
  const adj = 1000 - Math.trunc((1000 * containerRequestBytes) / capacityBytes);
  if (adj < 1000 + GUARANTEED_OOM_SCORE_ADJ) return 1000 + GUARANTEED_OOM_SCORE_ADJ;
  if (adj === BESTEFFORT_OOM_SCORE_ADJ) return adj - 1;
  return adj;
}

/**
 * The kernel's victim (oom_badness): the largest resident memory plus oom_score_adj thousandths of the machine's
 * memory; -1000 is never chosen; on a tie the first one found stays chosen. Returns the index, or -1.
 */
export function oomVictim(candidates: readonly { usageBytes: number; oomScoreAdj: number }[], capacityBytes: number): number {
  let chosen = -1;
  let chosenPoints = -Infinity;
  for (let i = 0; i < candidates.length; i++) {
    const c = candidates[i];
    if (c.oomScoreAdj <= -1000) continue;
    const points = c.usageBytes + (c.oomScoreAdj * capacityBytes) / 1000;
    if (points > chosenPoints) {
      chosen = i;
      chosenPoints = points;
    }
  }
  return chosen;
}

/** What the manager asks of the kubelet. */
export interface EvictionHost {
  now(): number;
  /** The node's memory capacity, in bytes. */
  capacityBytes(): number;
  /** The node's working set: its system daemons and every running container. */
  workingSetBytes(): number;
  /** The pods that may still run (activePods), with their memory. */
  activePods(): EvictionCandidate[];
  /** Evicts the pod with `message`; false when it may not be evicted (a critical pod). */
  evict(pod: EvictionCandidate, message: string): boolean;
  /** Whether an evicted pod's containers are all gone. */
  cleanedUp(pod: EvictionCandidate): boolean;
  nodeEvent(type: 'Normal' | 'Warning', reason: string, message: string): void;
  /** Runs `fn` in `ms` (only while an evicted pod is being cleaned up). */
  schedule(ms: number, fn: () => void): void;
}

export interface EvictionCandidate extends PodMemory {
  key: string;
}

/**
 * One node's eviction manager. `synchronize` is called on the kubelet's 10 s tick (no timer of its own on a
 * quiet node); only after an eviction does it poll, every second, for the pod to be gone, then look again.
 */
export class EvictionManager {
  /** When the threshold was last met (nodeConditionsLastObservedAt). */
  private lastObservedAt?: number;
  private cleaningUp = false;

  constructor(private readonly host: EvictionHost) {}

  /** IsUnderMemoryPressure: what the node status reports. */
  underMemoryPressure(): boolean {
    return underPressure(this.lastObservedAt, this.host.now());
  }

  /** One pass of the control loop: observe, then evict at most one pod. Returns the key of the pod evicted. */
  synchronize(): string | undefined {
    // The real loop does not sleep while it waits for an evicted pod to be cleaned up: its next pass follows that.
    if (this.cleaningUp) return undefined;
    const now = this.host.now();
    const capacity = this.host.capacityBytes();
    const available = capacity - this.host.workingSetBytes();
    if (!memoryThresholdMet(available)) return undefined;
    this.lastObservedAt = now;
    this.host.nodeEvent('Warning', REASON_EVICTION_THRESHOLD_MET, msgAttemptingToReclaim(RESOURCE_MEMORY));
    // Nothing at node level reclaims memory: pods go.
    const ranked = rankMemoryPressure(this.host.activePods());
    for (const pod of ranked) {
      if (!this.host.evict(pod, evictionMessage(pod, available))) continue;
      this.waitForCleanup(pod, now);
      return pod.key;
    }
    return undefined;
  }

  private waitForCleanup(pod: EvictionCandidate, since: number): void {
    this.cleaningUp = true;
    const poll = () => {
      if (this.host.cleanedUp(pod) || this.host.now() - since >= POD_CLEANUP_TIMEOUT_MS) {
        this.cleaningUp = false;
        this.synchronize();
        return;
      }
      this.host.schedule(POD_CLEANUP_POLL_MS, poll);
    };
    this.host.schedule(POD_CLEANUP_POLL_MS, poll);
  }
}
