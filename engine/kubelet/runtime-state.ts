/**
 * The kubelet's view of its container runtime (pkg/kubelet/runtime.go
 * runtimeState, pleg/generic.go Healthy), as pure functions of virtual time.
 *
 * updateRuntimeUp asks the runtime for its status every 5 s from the kubelet's
 * start; a success records lastBaseRuntimeSync. runtimeErrors reports "container
 * runtime is down" once 30 s (maxWaitForContainerRuntime) pass without one, and
 * the PLEG health check fails once its last successful relist (every 1 s) is
 * more than 3 min (relistThreshold) old. The node's Ready condition carries
 * these errors (nodestatus ReadyCondition), and the sync loop skips every pod
 * while there are any.
 *
 * No timer runs for this: the checks fall on a fixed grid from the kubelet's
 * start, so when the last one before an outage, or the first one after it,
 * happened is computed when someone asks (a 10,000-node cluster pays nothing).
 * Only a stopped containerd needs any of it, and only the node tools stop it:
 * this module loads with them, and hands the kubelet its checks' answers.
 */
import type { VirtualClock } from '../util/clock.js';
import type { Kubelet } from './kubelet.js';
import { goDuration } from './messages.js';
import type { RuntimeHealth } from './node-status.js';

/** kubelet.go Run: go wait.Until(kl.updateRuntimeUp, 5*time.Second, ...). */
export const RUNTIME_STATUS_PERIOD_MS = 5_000;
/** kubelet.go maxWaitForContainerRuntime: the runtimeState's baseRuntimeSyncThreshold. */
export const MAX_WAIT_FOR_CONTAINER_RUNTIME_MS = 30_000;
/** pleg/generic.go relistThreshold. */
export const PLEG_RELIST_THRESHOLD_MS = 3 * 60_000;
/** The generic PLEG's relist period (kubelet.go genericPlegRelistPeriod). */
export const PLEG_RELIST_PERIOD_MS = 1_000;

export const MSG_RUNTIME_DOWN = 'container runtime is down';
export const MSG_RUNTIME_CHECK_PENDING = 'container runtime status check may not have completed yet';
export const MSG_PLEG_NEVER_RELISTED = 'pleg has yet to be successful';
export const msgPLEGLastSeen = (elapsedMs: number, thresholdMs: number) => `pleg was last seen active ${goDuration(elapsedMs)} ago; threshold is ${goDuration(thresholdMs)}`;
/** runtimeState.runtimeErrors: "%s is not healthy: %v" of the health check named "PLEG". */
export const msgNotHealthy = (check: string, err: string) => `${check} is not healthy: ${err}`;

/** The kubelet's CRI endpoint (kubeadm's containerRuntimeEndpoint) and the socket path it dials. */
export const KUBELET_CRI_ENDPOINT = 'unix:///var/run/containerd/containerd.sock';
export const KUBELET_CRI_SOCKET = '/var/run/containerd/containerd.sock';
/**
 * What every CRI call returns while containerd is stopped: its socket was removed, and gRPC (v1.72, as
 * cri-client v0.35 pins it) fails the call fast with the dial error. cri-client passes it on unchanged.
 */
export const criUnavailable = (socket: string) =>
  `rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing: dial unix ${socket}: connect: no such file or directory"`;

/** An outage of the runtime as the kubelet lives it: containerd went away at `downAt`, came back at `upAt`. */
export interface RuntimeOutage {
  downAt: number;
  upAt?: number;
}

/** The last tick of a `period` grid starting at `origin` at or before `t` (undefined: none yet). */
export function lastTickAtOrBefore(origin: number, period: number, t: number): number | undefined {
  if (t < origin) return undefined;
  return origin + Math.floor((t - origin) / period) * period;
}

/** The first tick of the grid at or after `t`. */
export function firstTickAtOrAfter(origin: number, period: number, t: number): number {
  if (t <= origin) return origin;
  return origin + Math.ceil((t - origin) / period) * period;
}

/**
 * runtimeErrors() at `now`, for a kubelet started at `origin` (its checks' grid): the errors' texts in the
 * runtimeState's order, empty when the runtime is healthy again (both checks have succeeded since `upAt`).
 */
export function runtimeErrors(origin: number, outage: RuntimeOutage | undefined, now: number): string[] {
  if (!outage) return [];
  const errs: string[] = [];
  const back = (period: number) => outage.upAt !== undefined && firstTickAtOrAfter(origin, period, Math.max(outage.upAt, origin)) <= now;
  if (!back(RUNTIME_STATUS_PERIOD_MS)) {
    const lastSync = lastTickAtOrBefore(origin, RUNTIME_STATUS_PERIOD_MS, outage.downAt);
    if (lastSync === undefined) errs.push(MSG_RUNTIME_CHECK_PENDING);
    else if (now >= lastSync + MAX_WAIT_FOR_CONTAINER_RUNTIME_MS) errs.push(MSG_RUNTIME_DOWN);
  }
  if (!back(PLEG_RELIST_PERIOD_MS)) {
    const relisted = lastTickAtOrBefore(origin, PLEG_RELIST_PERIOD_MS, outage.downAt);
    if (relisted === undefined) errs.push(msgNotHealthy('PLEG', MSG_PLEG_NEVER_RELISTED));
    else if (now - relisted > PLEG_RELIST_THRESHOLD_MS) errs.push(msgNotHealthy('PLEG', msgPLEGLastSeen(now - relisted, PLEG_RELIST_THRESHOLD_MS)));
  }
  return errs;
}

/** When the outage is over for the kubelet: both checks have succeeded since the runtime came back. */
export function recoveredAt(origin: number, outage: RuntimeOutage): number | undefined {
  if (outage.upAt === undefined) return undefined;
  const up = Math.max(outage.upAt, origin);
  return Math.max(firstTickAtOrAfter(origin, RUNTIME_STATUS_PERIOD_MS, up), firstTickAtOrAfter(origin, PLEG_RELIST_PERIOD_MS, up));
}

/** utilerrors.NewAggregate(errs).Error(): one error as it is, several (duplicates dropped) in brackets. */
export function aggregateError(errs: string[]): string {
  const seen: string[] = [];
  for (const e of errs) if (!seen.includes(e)) seen.push(e);
  if (seen.length === 1) return seen[0];
  return `[${seen.join(', ')}]`;
}

/** A CRI call of the kubelet's that failed (cri-client logs it): kept as data, formatted when journalctl reads it. */
export interface FailedCall {
  at: number;
  call: 'RunPodSandbox' | 'ExecSync';
  containerID?: string;
  cmd?: string[];
}
/** How many failed calls a kubelet remembers (the journal keeps no more). */
const FAILED_CALLS_MAX = 2_000;
const failedCalls = new WeakMap<Kubelet, FailedCall[]>();

/** The kubelet's failed CRI calls, oldest first. */
export function failedCallsOf(kubelet: Kubelet): readonly FailedCall[] {
  return failedCalls.get(kubelet) ?? [];
}

function recordFailure(kubelet: Kubelet): (c: FailedCall) => void {
  return (c) => {
    let calls = failedCalls.get(kubelet);
    if (!calls) failedCalls.set(kubelet, (calls = []));
    calls.push(c);
    if (calls.length > FAILED_CALLS_MAX) calls.splice(0, calls.length - FAILED_CALLS_MAX);
  };
}

/** The outage each kubelet lives through now (none: containerd answers). */
const outages = new WeakMap<Kubelet, RuntimeOutage>();

function healthOf(outage: RuntimeOutage): (tickOrigin: number, now: number) => RuntimeHealth {
  return (origin, now) => {
    const errs = runtimeErrors(origin, outage, now);
    return { notReady: errs.length ? aggregateError(errs) : undefined, unreachable: outage.upAt === undefined };
  };
}

/**
 * containerd stopped (`systemctl stop containerd`): its socket is gone. The containers live on (the unit's
 * KillMode=process leaves the shims), but every call of the kubelet's fails: the runtime status check and
 * PLEG's relist stop succeeding, and the node turns NotReady once their thresholds pass.
 */
export function containerRuntimeStopped(kubelet: Kubelet, now: number): void {
  const o = outages.get(kubelet);
  if (o && o.upAt === undefined) return;
  // Stopped again before the checks saw it back: their last successes are still those before the first stop.
  const still = o && (recoveredAt(kubelet.startedAt(), o) ?? Infinity) > now;
  const outage: RuntimeOutage = { downAt: still ? o.downAt : now };
  outages.set(kubelet, outage);
  kubelet.runtimeOutage = { health: healthOf(outage), criError: criUnavailable(KUBELET_CRI_SOCKET), failed: recordFailure(kubelet) };
}

/** containerd started again: the next runtime status check and relist succeed, and the pods skipped meanwhile sync. */
export function containerRuntimeStarted(kubelet: Kubelet, clock: VirtualClock): void {
  const o = outages.get(kubelet);
  if (!o || o.upAt !== undefined) return;
  o.upAt = clock.now();
  clock.at(recoveredAt(kubelet.startedAt(), o)!, () => {
    if (outages.get(kubelet) !== o) return;
    outages.delete(kubelet);
    kubelet.runtimeRecovered();
  });
}
