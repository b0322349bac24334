/**
 * The pod status the kubelet reports, computed from what it knows of each
 * container (pure functions, as the status manager's generateAPIPodStatus,
 * getPhase and the pkg/kubelet/status conditions do).
 */
import type { Container as ContainerSpec, Pod } from 'kubernetes-types/core/v1';
import { milliCPU, bytes, formatBytes, formatMilliCPU } from '../util/quantity.js';
import { rfc3339 } from '../util/time.js';
import { CONDITION_DISRUPTION_TARGET, REASON_EVICTED, REASON_TERMINATION_BY_KUBELET } from './eviction.js';

export interface TerminatedInfo {
  exitCode: number;
  reason: string;
  message?: string;
  /** NaN for a container that never ran (its times are null). */
  startedAt: number;
  finishedAt: number;
  containerID: string;
}

/** What the kubelet knows about one container of a pod. */
export interface ContainerView {
  name: string;
  init: boolean;
  /** "nginx:1.25" as in the spec, or the normalized name once the image is present. */
  image: string;
  imageID: string;
  containerID?: string;
  running?: { startedAt: number };
  terminated?: TerminatedInfo;
  waiting?: { reason: string; message?: string };
  lastTerminated?: TerminatedInfo;
  restartCount: number;
  ready: boolean;
  started: boolean;
  /** statusVolumeMounts of the container's spec: listed from the first status on, whether it ever runs or not. */
  volumeMounts?: readonly object[];
  /**
   * What only a container the runtime has (created, running or exited) reports: statusResources, the spec's
   * requests as allocatedResources, and the user containerd made its process (statusUser).
   */
  resources?: object;
  allocatedResources?: object;
  user?: object;
}

export interface PodView {
  sandboxReady: boolean;
  podIP?: string;
  hostIP: string;
  startTime?: number;
  containers: ContainerView[];
  initContainers: ContainerView[];
  /**
   * Set once an evicted pod's containers have all stopped (the status manager holds back a terminal phase while
   * any could run): the pod is Failed with reason Evicted and the eviction manager's message.
   */
  evicted?: { message: string };
  /** Deleted, and every container has stopped: the status manager gives a phase that is not terminal yet Failed (Succeeded when all succeeded). */
  terminal?: boolean;
  /** PodResizePending and PodResizeInProgress as the kubelet holds them (a terminal pod reports neither). */
  resize?: readonly object[];
}

type Condition = { type: string; observedGeneration?: number; status: string; lastProbeTime: null; lastTransitionTime: string; reason?: string; message?: string };

type QOSClass = 'Guaranteed' | 'Burstable' | 'BestEffort';

/** By spec object: the API server hands out the same spec until it changes, and each status the kubelet computes asks again. */
const qosBySpec = new WeakMap<object, QOSClass>();

export function qosClass(pod: Pod): QOSClass {
  const spec = pod.spec;
  if (!spec) return computeQOSClass(pod);
  let q = qosBySpec.get(spec);
  if (q === undefined) qosBySpec.set(spec, (q = computeQOSClass(pod)));
  return q;
}

function computeQOSClass(pod: Pod): QOSClass {
  const all = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])];
  let any = false;
  let guaranteed = true;
  for (const c of all) {
    const req = c.resources?.requests ?? {};
    const lim = c.resources?.limits ?? {};
    for (const r of ['cpu', 'memory']) {
      const q = (req as Record<string, unknown>)[r] ?? (lim as Record<string, unknown>)[r];
      if (q !== undefined && (r === 'cpu' ? milliCPU(q) : bytes(q)) > 0) any = true;
    }
    for (const r of ['cpu', 'memory']) {
      const l = (lim as Record<string, unknown>)[r];
      const q = (req as Record<string, unknown>)[r] ?? l;
      if (l === undefined || (r === 'cpu' ? milliCPU(q) !== milliCPU(l) : bytes(q) !== bytes(l))) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

/**
 * getPhase: Pending while anything waits to start, Running while anything runs or will restart, then Succeeded/Failed.
 * A sidecar (restartable init container) holds the pod Pending only until it has started, or once a regular
 * container has run; a running one counts as running.
 */
export function podPhase(pod: Pod, view: PodView): 'Pending' | 'Running' | 'Succeeded' | 'Failed' {
  const policy = pod.spec?.restartPolicy ?? 'Always';
  let running = 0;
  let pendingSidecars = 0;
  for (const c of view.initContainers) {
    if (pod.spec?.initContainers?.find((s) => s.name === c.name)?.restartPolicy === 'Always') {
      if (c.running) running++;
      if (c.running ? !c.started : !c.terminated && !c.lastTerminated) pendingSidecars++;
      continue;
    }
    if (c.terminated && c.terminated.exitCode === 0) continue;
    if (c.terminated && policy === 'Never') return 'Failed';
    return 'Pending';
  }
  if (pendingSidecars > 0 && !view.containers.some((c) => c.running || c.terminated)) return 'Pending';
  let waiting = 0;
  let stopped = 0;
  let succeeded = 0;
  for (const c of view.containers) {
    if (c.running) running++;
    else if (c.terminated) {
      stopped++;
      if (c.terminated.exitCode === 0) succeeded++;
    } else if (c.waiting) {
      if (c.lastTerminated) stopped++;
      else waiting++;
    } else waiting++;
  }
  if (waiting > 0) return 'Pending';
  if (running > 0) return 'Running';
  if (stopped > 0) {
    if (policy === 'Always') return 'Running';
    if (stopped === succeeded) return 'Succeeded';
    if (policy === 'Never') return 'Failed';
    return 'Running';
  }
  return 'Pending';
}

function terminatedJSON(t: TerminatedInfo): Record<string, unknown> {
  // Members are added only when set (in JSON order), rather than deleted afterwards: deleting would leave slow dictionary-mode objects.
  const out: Record<string, unknown> = {};
  if (t.containerID) out.containerID = `containerd://${t.containerID}`;
  out.exitCode = t.exitCode;
  out.finishedAt = Number.isNaN(t.finishedAt) ? null : rfc3339(t.finishedAt);
  if (t.message !== undefined) out.message = t.message;
  if (t.reason !== undefined) out.reason = t.reason;
  out.startedAt = Number.isNaN(t.startedAt) ? null : rfc3339(t.startedAt);
  return out;
}

const UNLOCATED: TerminatedInfo = Object.freeze({ exitCode: 137, reason: 'ContainerStatusUnknown', message: 'The container could not be located when the pod was terminated', startedAt: NaN, finishedAt: NaN, containerID: '' });

/** A container of a terminal pod that never ran: the status manager's TerminatePod marks it terminated, status unknown. */
export function unlocatedContainer(v: ContainerView): ContainerView {
  return { ...v, waiting: undefined, terminated: UNLOCATED };
}

export function containerStatusJSON(c: ContainerView): Record<string, unknown> {
  const state = c.running ? runningState(rfc3339(c.running.startedAt))
    : c.terminated ? { terminated: terminatedJSON(c.terminated) }
    : { waiting: c.waiting?.message ? { message: c.waiting.message, reason: c.waiting.reason } : { reason: c.waiting?.reason ?? 'ContainerCreating' } };
  const out: Record<string, unknown> = {};
  if (c.containerID) out.containerID = `containerd://${c.containerID}`;
  out.image = c.image;
  out.imageID = c.imageID;
  out.lastState = c.lastTerminated ? { terminated: terminatedJSON(c.lastTerminated) } : NO_LAST_STATE;
  out.name = c.name;
  out.ready = c.ready;
  out.restartCount = c.restartCount;
  out.started = c.started;
  out.state = state;
  if (c.allocatedResources) out.allocatedResources = c.allocatedResources;
  if (c.resources) out.resources = c.resources;
  if (c.volumeMounts) out.volumeMounts = c.volumeMounts;
  if (c.user) out.user = c.user;
  return out;
}

/*
 * The parts of a container status that follow from its spec alone are made once per spec object (the API
 * server hands out the same spec until it changes) and shared by every status written for it.
 */
const mountsBySpec = new WeakMap<object, readonly object[] | null>();

/**
 * convertToAPIContainerStatuses (RecursiveReadOnlyMounts, GA in 1.33): the spec's volumeMounts in its order,
 * readOnly only when set, and for a read-only one recursiveReadOnly as resolveRecursiveReadOnly settles it:
 * Disabled unless asked for (IfPossible, Enabled) on a mount without propagation; containerd 2.1 on a kernel
 * of 5.12 or later does support it, so those are Enabled.
 */
export function statusVolumeMounts(spec: ContainerSpec): readonly object[] | undefined {
  let list = mountsBySpec.get(spec);
  if (list === undefined) {
    list = spec.volumeMounts?.length ? Object.freeze(spec.volumeMounts.map((m) => {
      const out: Record<string, unknown> = { name: m.name, mountPath: m.mountPath };
      if (m.readOnly) {
        out.readOnly = true;
        out.recursiveReadOnly = /^(IfPossible|Enabled)$/.test(m.recursiveReadOnly ?? '') && (m.mountPropagation ?? 'None') === 'None' ? 'Enabled' : 'Disabled';
      }
      return Object.freeze(out);
    })) : null;
    mountsBySpec.set(spec, list);
  }
  return list ?? undefined;
}

const runningResourcesBySpec = new WeakMap<object, object>();
const NO_RESOURCES = Object.freeze({});

/**
 * convertContainerStatusResources: a container that is not running shows its spec's resources as they are; a
 * running one, what containerd reports of its cgroup where it says more than the spec: the CPU request from
 * cpu.shares above 2m and the limit from the CFS quota above 10m, as canonical millicores ("0.5" shows as 500m);
 * the memory limit in bytes, in binary units where they divide it (resource.NewQuantity BinarySI: "1G" shows as
 * 1000000000).
 */
export function statusResources(spec: ContainerSpec, running: boolean): object {
  const r = (spec.resources ?? NO_RESOURCES) as { limits?: Record<string, unknown>; requests?: Record<string, unknown> };
  if (!running || (!r.limits && r.requests?.cpu === undefined)) return r;
  let run = runningResourcesBySpec.get(spec);
  if (!run) {
    const out: Record<string, unknown> = { ...r };
    if (r.limits) {
      const l = { ...r.limits };
      if (l.cpu !== undefined && milliCPU(l.cpu) > 10) l.cpu = formatMilliCPU(milliCPU(l.cpu));
      if (l.memory !== undefined) l.memory = formatBytes(bytes(l.memory));
      out.limits = l;
    }
    if (r.requests?.cpu !== undefined && milliCPU(r.requests.cpu) > 2) out.requests = { ...r.requests, cpu: formatMilliCPU(milliCPU(r.requests.cpu)) };
    runningResourcesBySpec.set(spec, (run = Object.freeze(out)));
  }
  return run;
}

const usersByKey = new Map<string, object>();

/** The status's user (SupplementalGroupsPolicy, GA in 1.35): containerd's uid, gid and additional gids (sorted, the gid among them). */
export function statusUser(uid: number, gid: number, groups: readonly number[]): object {
  const key = `${uid}:${gid}:${groups.join(',')}`;
  let u = usersByKey.get(key);
  if (!u) usersByKey.set(key, (u = Object.freeze({ linux: Object.freeze({ uid, gid, supplementalGroups: Object.freeze([...groups]) }) })));
  return u;
}

/**
 * The full status. Conditions keep their lastTransitionTime while their status
 * is unchanged, as the status manager does.
 */
export function computePodStatus(pod: Pod, view: PodView, now: number): Record<string, unknown> {
  const old = (pod.status?.conditions ?? []) as unknown as Condition[];
  const nowText = rfc3339(now);
  const specInit = pod.spec?.initContainers ?? [];
  const incompleteInit = view.initContainers.length === 0 ? NO_NAMES : view.initContainers.filter((c) => !(c.terminated && c.terminated.exitCode === 0) && !isSidecarStarted(specInit, c)).map((c) => c.name);
  const initialized = incompleteInit.length === 0;
  const unready = view.containers.every(isReady) ? NO_NAMES : view.containers.filter((c) => !c.ready).map((c) => c.name);
  let phase = view.evicted ? 'Failed' : podPhase(pod, view);
  if (view.terminal && (phase === 'Pending' || phase === 'Running')) phase = view.containers.every((c) => c.terminated?.exitCode === 0) ? 'Succeeded' : 'Failed';
  const terminal = phase === 'Succeeded' || phase === 'Failed';
  const readyReason = terminal ? 'PodCompleted' : 'ContainersNotReady';
  // The messages only go with a condition that is False (condition drops them otherwise): not made for a running pod.
  const readyMessage = terminal || unready.length === 0 ? undefined : `containers with unready status: [${unready.join(' ')}]`;
  // PodObservedGenerationTracking (GA in 1.35): the status and each condition the kubelet makes carry the generation it saw.
  const gen = pod.metadata?.generation ?? 0;
  // One literal of five: an array grown by push would reserve 23 slots in the stored pod. PodScheduled is made
  // again too, keeping the binding's lastTransitionTime (the status manager's updateLastTransitionTime).
  const conditions: Condition[] = [
    condition(old, nowText, gen, 'PodReadyToStartContainers', view.sandboxReady && !terminal),
    condition(old, nowText, gen, 'Initialized', initialized, terminal && initialized ? 'PodCompleted' : 'ContainersNotInitialized', initialized ? undefined : `containers with incomplete status: [${incompleteInit.join(' ')}]`),
    condition(old, nowText, gen, 'Ready', unready.length === 0 && !terminal, readyReason, readyMessage),
    condition(old, nowText, gen, 'ContainersReady', unready.length === 0 && !terminal, readyReason, readyMessage),
    condition(old, nowText, gen, 'PodScheduled', true),
  ];
  if (terminal && initialized) conditions[1] = { ...conditions[1], status: 'True', reason: 'PodCompleted' } as Condition;
  // generateAPIPodStatus puts the resize conditions ahead of the kubelet's others.
  if (view.resize && !terminal) conditions.unshift(...(view.resize as Condition[]));
  // The eviction's DisruptionTarget comes first: generateAPIPodStatus copies it over before the kubelet's own.
  if (view.evicted) conditions.unshift(disruptionTarget(old, nowText, gen, view.evicted.message));
  // mergePodStatus: conditions the kubelet does not own (a taint eviction's DisruptionTarget) stay, ahead of its own.
  else if (old.some(notKubelets)) conditions.unshift(...old.filter(notKubelets));
  const status: Record<string, unknown> = {
    conditions,
    containerStatuses: view.containers.map(containerStatusJSON),
    hostIP: view.hostIP,
    hostIPs: hostIPsOf(view.hostIP),
    phase,
    qosClass: qosClass(pod),
  };
  // SetPodStatus: the generation of the pod the status was made for (encoding/json puts it first).
  if (gen) status.observedGeneration = gen;
  if (view.evicted) {
    status.message = view.evicted.message;
    status.reason = REASON_EVICTED;
  }
  if (view.initContainers.length) status.initContainerStatuses = view.initContainers.map(containerStatusJSON);
  if (view.podIP) {
    status.podIP = view.podIP;
    status.podIPs = [{ ip: view.podIP }];
  }
  if (view.startTime !== undefined) status.startTime = rfc3339(view.startTime);
  return status;
}

/**
 * Whether two statuses computePodStatus built are the same: plain JSON data whose members are never undefined
 * (so counting members is enough), compared without allocating.
 */
export function sameStatus(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameStatus(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let n = 0;
  for (const k in x) {
    const w = y[k];
    if (w === undefined || !sameStatus(x[k], w)) return false;
    n++;
  }
  for (const _ in y) n--;
  return n === 0;
}

/*
 * The kubelet hands each status it computes over to the API server, which stores it as it is (frozen). Parts
 * that are the same in many pods are made once and shared, frozen, rather than kept once per pod: the empty
 * lastState, the node's hostIPs, and a condition or running state made in the same second as the last one of
 * its kind (a scale-up starts thousands of pods a second). An unchanged condition is the stored one itself.
 */
const NO_LAST_STATE = Object.freeze({});

const hostIPsByIP = new Map<string, readonly { ip: string }[]>();

function hostIPsOf(ip: string): readonly { ip: string }[] {
  let list = hostIPsByIP.get(ip);
  if (!list) hostIPsByIP.set(ip, (list = Object.freeze([Object.freeze({ ip })])));
  return list;
}

let lastRunning: { startedAt: string; state: object } | undefined;

function runningState(startedAt: string): object {
  if (lastRunning?.startedAt !== startedAt) lastRunning = { startedAt, state: Object.freeze({ running: Object.freeze({ startedAt }) }) };
  return lastRunning.state;
}

/** The last condition made of each type, by status (a scale-up turns thousands of pods Ready in the same second, while others still become not Ready). */
const lastMade = { True: new Map<string, Condition>(), False: new Map<string, Condition>() };

/** A condition that keeps its lastTransitionTime while its status is unchanged. */
function condition(old: Condition[], nowText: string, gen: number, type: string, ok: boolean, reason?: string, message?: string): Condition {
  const status = ok ? 'True' : 'False';
  let prev: Condition | undefined;
  for (const c of old) if (c.type === type) { prev = c; break; }
  if (!ok && !reason) reason = undefined;
  if (!ok && !message) message = undefined;
  if (ok) reason = message = undefined;
  const lastTransitionTime = prev && prev.status === status ? prev.lastTransitionTime : nowText;
  if (prev && isCondition(prev, gen, status, lastTransitionTime, reason, message)) return prev;
  const made = lastMade[status].get(type);
  if (made && isCondition(made, gen, status, lastTransitionTime, reason, message)) return made;
  const c: Condition = gen ? { type, observedGeneration: gen, status, lastProbeTime: null, lastTransitionTime } : { type, status, lastProbeTime: null, lastTransitionTime };
  if (reason !== undefined) c.reason = reason;
  if (message !== undefined) c.message = message;
  lastMade[status].set(type, Object.freeze(c));
  return c;
}

/** Whether `c` is exactly the condition `condition` would build: the same members, in the same order, with the same values. */
function isCondition(c: Condition, gen: number, status: string, lastTransitionTime: string, reason: string | undefined, message: string | undefined): boolean {
  if (c.status !== status || c.lastTransitionTime !== lastTransitionTime || c.lastProbeTime !== null || c.reason !== reason || c.message !== message || (c.observedGeneration ?? 0) !== gen) return false;
  // type, observedGeneration (only with a generation), status, lastProbeTime, lastTransitionTime, reason, message.
  const base = gen ? 5 : 4;
  let i = 0;
  for (const k in c) {
    const expected = i === 0 ? 'type' : gen && i === 1 ? 'observedGeneration' : i < base ? CONDITION_KEYS[i - base + 3] : i === base && reason !== undefined ? 'reason' : 'message';
    if (k !== expected) return false;
    i++;
  }
  return i === base + (reason !== undefined ? 1 : 0) + (message !== undefined ? 1 : 0);
}

const CONDITION_KEYS = ['status', 'lastProbeTime', 'lastTransitionTime'];

/** The DisruptionTarget condition an eviction by the kubelet adds (reason TerminationByKubelet, the eviction message). */
function disruptionTarget(old: Condition[], nowText: string, gen: number, message: string): Condition {
  const prev = old.find((c) => c.type === CONDITION_DISRUPTION_TARGET);
  if (prev && prev.status === 'True' && prev.message === message && (prev.observedGeneration ?? 0) === gen) return prev;
  // The eviction manager's condition carries the pod's generation (pod.Generation) as it was then.
  const rest = { status: 'True', lastProbeTime: null, lastTransitionTime: nowText, reason: REASON_TERMINATION_BY_KUBELET, message };
  return gen ? { type: CONDITION_DISRUPTION_TARGET, observedGeneration: gen, ...rest } : { type: CONDITION_DISRUPTION_TARGET, ...rest };
}

/** PodConditionByKubelet: the condition types the kubelet writes itself. */
const KUBELET_CONDITIONS = new Set(['PodScheduled', 'Ready', 'Initialized', 'ContainersReady', 'PodReadyToStartContainers', 'PodResizePending', 'PodResizeInProgress']);
const notKubelets = (c: Condition) => !KUBELET_CONDITIONS.has(c.type);

/** No container names: most statuses list none as unready or incompletely initialized. */
const NO_NAMES: readonly string[] = Object.freeze([]);

function isReady(c: ContainerView): boolean {
  return c.ready;
}

/** Sidecars (init containers with restartPolicy Always) count as initialized once started. */
function isSidecarStarted(specs: ContainerSpec[], c: ContainerView): boolean {
  const spec = specs.find((s) => s.name === c.name);
  return spec?.restartPolicy === 'Always' && c.started;
}
