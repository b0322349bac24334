/**
 * The kubelet's side of an in-place resize (KEP-1287, GA in v1.35): whether a
 * node can allocate what a pod now asks for (pkg/kubelet/allocation and the
 * resource predicate's messages), which containers a resize restarts
 * (kuberuntime computePodResizeAction), the PodResizePending and
 * PodResizeInProgress conditions (status manager updatedPodResizeCondition)
 * and the ResizeCompleted event's summary (pkg/kubelet/events).
 */
import type { Container as ContainerSpec, Pod, ResourceRequirements } from 'kubernetes-types/core/v1';
import { bytes, milliCPU } from '../util/quantity.js';
import { rfc3339 } from '../util/time.js';
import { podRequests as schedulerPodRequests } from '../scheduler/framework/pod-info.js';
import type { Container as RuntimeContainer } from './runtime.js';
import { REASON_KILLING } from './messages.js';

/** What the kubelet tracks of a pod's resize: the conditions it reports until the resize is done. */
export interface ResizeState {
  pending?: ResizeCondition;
  inProgress?: ResizeCondition;
}

export interface ResizeCondition {
  type: 'PodResizePending' | 'PodResizeInProgress';
  observedGeneration?: number;
  status: 'True';
  lastProbeTime: string;
  lastTransitionTime: string;
  reason?: string;
  message?: string;
}

/** updatedPodResizeCondition: probed now; the transition time kept while the reason stays the same. */
export function resizeCondition(type: ResizeCondition['type'], old: ResizeCondition | undefined, reason: string, message: string, generation: number, now: number): ResizeCondition {
  const t = rfc3339(now);
  const lastTransitionTime = old && (old.reason ?? '') === reason ? old.lastTransitionTime : t;
  // PodCondition's members in their Go order (observedGeneration only with a generation).
  const c = (generation ? { type, observedGeneration: generation, status: 'True', lastProbeTime: t, lastTransitionTime } : { type, status: 'True', lastProbeTime: t, lastTransitionTime }) as ResizeCondition;
  if (reason) c.reason = reason;
  if (message) c.message = message;
  return c;
}

/** The containers a resize can change: the regular ones and the sidecars (restartable init containers). */
export function resizable(spec: ContainerSpec, init: boolean): boolean {
  return !init || spec.restartPolicy === 'Always';
}

type List = Record<string, unknown> | undefined;

function cpu(list: List): number {
  return list?.cpu !== undefined ? milliCPU(list.cpu) : 0;
}
function mem(list: List): number {
  return list?.memory !== undefined ? bytes(list.memory) : 0;
}

/** The same requests and limits, quantities compared by value (apiequality.Semantic). */
export function sameResources(a: ResourceRequirements | undefined, b: ResourceRequirements | undefined): boolean {
  for (const k of ['requests', 'limits'] as const) {
    const x = (a?.[k] ?? {}) as Record<string, unknown>;
    const y = (b?.[k] ?? {}) as Record<string, unknown>;
    const names = new Set([...Object.keys(x), ...Object.keys(y)]);
    for (const n of names) {
      if (!(n in x) || !(n in y)) return false;
      const v = n === 'cpu' ? milliCPU(x[n]) === milliCPU(y[n]) : bytes(x[n]) === bytes(y[n]);
      if (!v) return false;
    }
  }
  return true;
}

/** resource.PodRequests' cpu and memory for the containers given (the scheduler's computation, on their specs). */
export function podRequests(containers: { spec: ContainerSpec; init: boolean }[]): { cpu: number; memory: number } {
  const r = schedulerPodRequests({ containers: containers.filter((x) => !x.init).map((x) => x.spec), initContainers: containers.filter((x) => x.init).map((x) => x.spec) });
  return { cpu: r.milliCPU, memory: r.memory };
}

export type ResizeVerdict = { fit: true } | { fit: false; reason: 'Infeasible' | 'Deferred'; message: string };

/**
 * Whether the node can allocate the pod's new requests: more than the node has at all is Infeasible (memory
 * looked at first); more than the other pods' allocations leave is Deferred, with the resource predicate's
 * InsufficientResourceError text.
 */
export function resizeFit(requested: { cpu: number; memory: number }, used: { cpu: number; memory: number }, allocatable: { cpu: number; memory: number }): ResizeVerdict {
  if (requested.memory > allocatable.memory) return { fit: false, reason: 'Infeasible', message: `Node didn't have enough capacity: memory, requested: ${requested.memory}, capacity: ${allocatable.memory}` };
  if (requested.cpu > allocatable.cpu) return { fit: false, reason: 'Infeasible', message: `Node didn't have enough capacity: cpu, requested: ${requested.cpu}, capacity: ${allocatable.cpu}` };
  for (const [name, r, u, a] of [['cpu', requested.cpu, used.cpu, allocatable.cpu], ['memory', requested.memory, used.memory, allocatable.memory]] as const) {
    if (r > 0 && r > a - u) return { fit: false, reason: 'Deferred', message: `Node didn't have enough resource: ${name}, requested: ${r}, used: ${u}, capacity: ${a}` };
  }
  return { fit: true };
}

/**
 * computePodResizeAction's determineContainerResize: a changed cpu or memory value whose resizePolicy is
 * RestartContainer makes the container restart; anything else is applied in place.
 */
export function resizeRequiresRestart(spec: ContainerSpec, actual: ResourceRequirements | undefined): boolean {
  const want = spec.resources;
  const changed = (name: 'cpu' | 'memory') => {
    const f = name === 'cpu' ? cpu : mem;
    return f(want?.requests as List) !== f(actual?.requests as List) || f(want?.limits as List) !== f(actual?.limits as List);
  };
  return (spec.resizePolicy ?? []).some((p) => p.restartPolicy === 'RestartContainer' && (p.resourceName === 'cpu' || p.resourceName === 'memory') && changed(p.resourceName));
}

/** Go's json.Marshal of a ResourceList: names sorted, each quantity as the API server stored it. */
function sortedList(list: List): Record<string, unknown> | undefined {
  if (!list) return undefined;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(list).sort()) out[k] = list[k];
  return out;
}

/** The ResizeCompleted event's message: the allocated resources of every container, init containers first. */
export function resizeCompletedMessage(pod: Pod): string {
  const entry = (c: ContainerSpec) => ({ name: c.name, resources: { ...(c.resources?.limits ? { limits: sortedList(c.resources.limits as List) } : {}), ...(c.resources?.requests ? { requests: sortedList(c.resources.requests as List) } : {}) } });
  const summary: Record<string, unknown> = {};
  if (pod.spec?.initContainers?.length) summary.initContainers = pod.spec.initContainers.map(entry);
  if (pod.spec?.containers?.length) summary.containers = pod.spec.containers.map(entry);
  return `Pod resize completed: ${JSON.stringify(summary)}`;
}

export const REASON_RESIZE_COMPLETED = 'ResizeCompleted';
export const msgResizeRequiresRestart = (name: string) => `Container ${name} resize requires restart`;

/** What the resize code needs of a container record (kubelet.ts ContainerRecord). */
interface ResizeContainer {
  spec: ContainerSpec;
  init: boolean;
  current?: RuntimeContainer;
  runningSpec?: ContainerSpec;
}

/** What the resize code needs of a pod record (kubelet.ts PodRecord). */
interface ResizePod<C extends ResizeContainer> {
  pod: Pod & { metadata: { generation?: number; deletionTimestamp?: string } };
  containers: C[];
  inits: C[];
  live: boolean;
  mirror: boolean;
  finished: boolean;
  terminating: boolean;
  resize?: ResizeState;
}

/** The kubelet as its resize steps reach it: its pods, its node's room, its events, syncs and runtime. */
export interface ResizeHost<P extends ResizePod<C>, C extends ResizeContainer> {
  records(): Iterable<P>;
  now(): number;
  /** The node's allocatable CPU (millicores) and memory (bytes) for the resize admission. */
  allocatable(): { cpu: number; memory: number };
  event(rec: P, cr: C | undefined, type: 'Normal' | 'Warning', reason: string, message: string): void;
  /** Stop a container whose resize requires a restart (its probes cancelled, its back-off reset). */
  restart(rec: P, cr: C, c: RuntimeContainer): void;
  update(c: RuntimeContainer, r: { memoryLimit?: number; cpuLimitMilli?: number; cpuRequestMilli?: number }): void;
  syncSoon(rec: P): void;
  plegSoon(rec: P): void;
}

/**
 * handlePodResourcesResize: a pod whose desired resources (its spec) differ from what this kubelet allocated
 * gets them allocated if the node has room, with PodResizeInProgress until they are actuated; otherwise it
 * stays at its allocation with PodResizePending (Infeasible: more than the node has; Deferred: more than
 * the other pods leave). Returns whether something was allocated (which may let a deferred resize through).
 */
export function handleResize<P extends ResizePod<C>, C extends ResizeContainer>(host: ResizeHost<P, C>, rec: P): boolean {
  if (rec.mirror || rec.pod.metadata.deletionTimestamp || rec.finished || rec.terminating) return false;
  const desired = new Map<string, ContainerSpec>();
  for (const c of [...(rec.pod.spec?.containers ?? []), ...(rec.pod.spec?.initContainers ?? [])]) desired.set(c.name, c);
  const changed = [...rec.containers, ...rec.inits].filter((cr) => {
    const d = desired.get(cr.spec.name);
    return d && resizable(cr.spec, cr.init) && !sameResources(d.resources, cr.spec.resources);
  });
  const state = rec.resize;
  if (!changed.length) {
    if (state?.pending) state.pending = undefined;
    return false;
  }
  const next = [...rec.containers, ...rec.inits].map((cr) => ({ spec: changed.includes(cr) ? desired.get(cr.spec.name)! : cr.spec, init: cr.init }));
  const now = host.now();
  const gen = rec.pod.metadata.generation ?? 0;
  const verdict = resizeFit(podRequests(next), allocatedRequests(host, rec), host.allocatable());
  if (!verdict.fit) {
    (rec.resize ??= {}).pending = resizeCondition('PodResizePending', state?.pending, verdict.reason, verdict.message, gen, now);
    return false;
  }
  for (const cr of changed) {
    // A running container keeps what it started with until the resize is actuated.
    if (cr.current?.state === 'running') cr.runningSpec ??= cr.spec;
    cr.spec = desired.get(cr.spec.name)!;
  }
  // A resize allocated anew starts its in-progress condition afresh (ClearPodResizeInProgressCondition first).
  rec.resize = { inProgress: resizeCondition('PodResizeInProgress', undefined, '', '', gen, now) };
  return true;
}

/** The requests this kubelet has allocated to its other pods (those not done), as the resize admission adds them up. */
function allocatedRequests<P extends ResizePod<C>, C extends ResizeContainer>(host: ResizeHost<P, C>, except: P): { cpu: number; memory: number } {
  let cpu = 0;
  let memory = 0;
  for (const rec of host.records()) {
    if (rec === except || !rec.live || rec.finished) continue;
    const r = podRequests([...rec.containers, ...rec.inits]);
    cpu += r.cpu;
    memory += r.memory;
  }
  return { cpu, memory };
}

/** RetryPendingResizes: a pod gone or resized may have left room for the resizes this kubelet deferred. */
export function retryPendingResizes<P extends ResizePod<C>, C extends ResizeContainer>(host: ResizeHost<P, C>, except?: P): void {
  for (const rec of host.records()) {
    if (rec === except || rec.resize?.pending?.reason !== 'Deferred') continue;
    const before = rec.resize.pending;
    if (handleResize(host, rec) || rec.resize?.pending !== before) host.syncSoon(rec);
  }
}

/**
 * The resize step of a sync (computePodResizeAction): each running container whose allocation moved from
 * what it runs with takes the new resources in place (UpdateContainerResources), or is restarted when a
 * changed resource's resizePolicy says RestartContainer. A memory limit under what the container uses now
 * is not applied (the kubelet's best-effort guard against an OOM kill): the resize stays in progress.
 */
export function actuateResize<P extends ResizePod<C>, C extends ResizeContainer>(host: ResizeHost<P, C>, rec: P): void {
  let updated = false;
  for (const cr of [...rec.containers, ...rec.inits]) {
    const c = cr.current;
    const running = cr.runningSpec;
    if (!running || c?.state !== 'running' || sameResources(cr.spec.resources, running.resources)) continue;
    if (resizeRequiresRestart(cr.spec, running.resources)) {
      host.event(rec, cr, 'Normal', REASON_KILLING, msgResizeRequiresRestart(cr.spec.name));
      host.restart(rec, cr, c);
      continue;
    }
    const limits = (cr.spec.resources?.limits ?? {}) as Record<string, unknown>;
    const requests = (cr.spec.resources?.requests ?? {}) as Record<string, unknown>;
    const memoryLimit = limits.memory !== undefined ? bytes(limits.memory as string) : undefined;
    if (memoryLimit !== undefined && (c.opts.memoryLimit === undefined || memoryLimit < c.opts.memoryLimit) && c.memoryBytes() > memoryLimit) continue;
    host.update(c, {
      memoryLimit,
      cpuLimitMilli: limits.cpu !== undefined ? milliCPU(limits.cpu as string) : undefined,
      cpuRequestMilli: requests.cpu !== undefined ? milliCPU(requests.cpu as string) : undefined,
    });
    cr.runningSpec = cr.spec;
    updated = true;
  }
  // The runtime reports the new resources at PLEG's next relist, which the resize in progress asks for.
  if (updated) host.plegSoon(rec);
}

/** determinePodResizeStatus: the resize conditions to report; an in-progress resize whose running containers all run with their allocation is done. */
export function resizeConditions<P extends ResizePod<C>, C extends ResizeContainer>(host: ResizeHost<P, C>, rec: P): ResizeCondition[] | undefined {
  const state = rec.resize;
  if (!state) return undefined;
  if (state.inProgress && [...rec.containers, ...rec.inits].every((cr) => cr.current?.state !== 'running' || !cr.runningSpec || sameResources(cr.spec.resources, cr.runningSpec.resources))) {
    state.inProgress = undefined;
    const allocated = { spec: { containers: rec.containers.map((cr) => cr.spec), initContainers: rec.inits.map((cr) => cr.spec) } } as Pod;
    host.event(rec, undefined, 'Normal', REASON_RESIZE_COMPLETED, resizeCompletedMessage(allocated));
  }
  const list = [state.pending, state.inProgress].filter((c): c is ResizeCondition => !!c);
  if (!list.length) rec.resize = undefined;
  return list.length ? list : undefined;
}
