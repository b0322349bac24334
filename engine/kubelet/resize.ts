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

/** resource.PodRequests' cpu and memory for the containers given: running ones add up, init containers take the largest. */
export function podRequests(containers: { spec: ContainerSpec; init: boolean }[]): { cpu: number; memory: number } {
  let c = 0;
  let m = 0;
  let sideC = 0;
  let sideM = 0;
  let initC = 0;
  let initM = 0;
  for (const x of containers) {
    const r = x.spec.resources?.requests as List;
    if (!x.init) { c += cpu(r); m += mem(r); continue; }
    if (x.spec.restartPolicy === 'Always') {
      c += cpu(r); m += mem(r); sideC += cpu(r); sideM += mem(r);
      initC = Math.max(initC, sideC); initM = Math.max(initM, sideM);
    } else {
      initC = Math.max(initC, cpu(r) + sideC);
      initM = Math.max(initM, mem(r) + sideM);
    }
  }
  return { cpu: Math.max(c, initC), memory: Math.max(m, initM) };
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
