/**
 * What the scheduler needs from a Pod, computed once per pod version instead
 * of once per node (framework.PodInfo plus the NodeResourcesFit pre-filter
 * state): requests, host ports, tolerations, affinity.
 */
import type { Container, ContainerStatus, NodeSelectorTerm, PodSpec, PodStatus, PreferredSchedulingTerm, Toleration, TopologySpreadConstraint } from 'kubernetes-types/core/v1';
import { namespacePrefix, type KObject } from '../../api/meta.js';
import { bytes, milliCPU, parseQuantity } from '../../util/quantity.js';
import { podAffinityTerms, type PodAffinityTerms } from './affinity-terms.js';

export interface Resource {
  milliCPU: number;
  memory: number;
  ephemeralStorage: number;
  /** Extended and hugepages resources; undefined when the pod asks for none. */
  scalar?: Map<string, number>;
}

export interface HostPort {
  ip: string;
  protocol: string;
  port: number;
}

export interface PodInfo {
  pod: KObject;
  uid: string;
  namespace: string;
  name: string;
  /** "namespace/name" */
  key: string;
  labels: Record<string, string>;
  priority: number;
  preemptionPolicy: string;
  schedulerName: string;
  nodeName: string;
  terminating: boolean;
  /** resource.PodRequests: containers summed, init containers as max, sidecars and overhead added. */
  requests: Resource;
  /** The same with 100m CPU / 200Mi memory for containers that request none (scoring only). */
  nonZero: Resource;
  hostPorts: HostPort[];
  tolerations: Toleration[];
  nodeSelector?: Record<string, string>;
  requiredNodeAffinity?: NodeSelectorTerm[];
  preferredNodeAffinity?: PreferredSchedulingTerm[];
  topologySpreadConstraints: TopologySpreadConstraint[];
  /** Inter-pod (anti-)affinity terms, parsed once (InterPodAffinity). */
  affinity: PodAffinityTerms;
  /** Container and init-container images, normalised with ":latest". */
  images: string[];
  containerCount: number;
  /** The requests come from the status too (a resize not yet done): a status write may change them. */
  sizedByStatus: boolean;
}

/** schedutil.DefaultMilliCPURequest: 0.1 core. */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
/** schedutil.DefaultMemoryRequest: 200 MB. */
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

export function newResource(): Resource {
  return { milliCPU: 0, memory: 0, ephemeralStorage: 0 };
}

type ResourceList = Record<string, unknown> | undefined;

function addList(r: Resource, list: ResourceList, nonMissing: boolean): void {
  if (list) {
    for (const name in list) {
      const q = list[name];
      switch (name) {
        case 'cpu': r.milliCPU += milliCPU(q); break;
        case 'memory': r.memory += bytes(q); break;
        case 'ephemeral-storage': r.ephemeralStorage += bytes(q); break;
        case 'pods': break;
        default: {
          const v = bytes(q);
          (r.scalar ??= new Map()).set(name, (r.scalar.get(name) ?? 0) + v);
        }
      }
    }
  }
  if (nonMissing) {
    if (!list || !('cpu' in list)) r.milliCPU += DEFAULT_MILLI_CPU_REQUEST;
    if (!list || !('memory' in list)) r.memory += DEFAULT_MEMORY_REQUEST;
  }
}

function copy(r: Resource): Resource {
  return { milliCPU: r.milliCPU, memory: r.memory, ephemeralStorage: r.ephemeralStorage, scalar: r.scalar ? new Map(r.scalar) : undefined };
}

function add(into: Resource, r: Resource): void {
  into.milliCPU += r.milliCPU;
  into.memory += r.memory;
  into.ephemeralStorage += r.ephemeralStorage;
  if (r.scalar) for (const [k, v] of r.scalar) (into.scalar ??= new Map()).set(k, (into.scalar.get(k) ?? 0) + v);
}

function max(into: Resource, r: Resource): void {
  into.milliCPU = Math.max(into.milliCPU, r.milliCPU);
  into.memory = Math.max(into.memory, r.memory);
  into.ephemeralStorage = Math.max(into.ephemeralStorage, r.ephemeralStorage);
  if (r.scalar) for (const [k, v] of r.scalar) (into.scalar ??= new Map()).set(k, Math.max(into.scalar.get(k) ?? 0, v));
}

function containerRequests(c: Container, nonMissing: boolean): Resource {
  const r = newResource();
  addList(r, c.resources?.requests as ResourceList, nonMissing);
  return r;
}

/**
 * resource.PodRequests (k8s.io/component-helpers): regular containers run
 * together so they add up; init containers run one at a time so the pod needs
 * the largest of them, except restartable (sidecar) init containers, which keep
 * running and so add to everything after them. Overhead is added last.
 * Example: init 2 CPU; containers 1 + 0.5 CPU → max(2, 1.5) = 2 CPU.
 */
export function podRequests(spec: PodSpec | undefined, nonMissing = false): Resource {
  const reqs = newResource();
  for (const c of spec?.containers ?? []) add(reqs, containerRequests(c, nonMissing));
  const sidecars = newResource();
  const initMax = newResource();
  for (const c of spec?.initContainers ?? []) {
    const cr = containerRequests(c, nonMissing);
    if (c.restartPolicy === 'Always') {
      add(reqs, cr);
      add(sidecars, cr);
      max(initMax, sidecars);
    } else {
      const tmp = copy(cr);
      add(tmp, sidecars);
      max(initMax, tmp);
    }
  }
  max(reqs, initMax);
  if (spec?.overhead) addList(reqs, spec.overhead as ResourceList, false);
  return reqs;
}

/** max of resource lists (component-helpers): every name of either, at the larger quantity. */
function maxList(lists: ResourceList[]): ResourceList {
  let out: Record<string, unknown> | undefined;
  for (const l of lists) {
    if (!l) continue;
    for (const k in l) {
      if (!out) out = {};
      if (!(k in out) || (parseQuantity(l[k]) ?? 0) > (parseQuantity(out[k]) ?? 0)) out[k] = l[k];
    }
  }
  return out;
}

function sameList(a: ResourceList, b: ResourceList): boolean {
  const ka = Object.keys(a ?? {});
  if (ka.length !== Object.keys(b ?? {}).length) return false;
  return ka.every((k) => b && k in b && parseQuantity(a![k]) === parseQuantity(b[k]));
}

/**
 * resource.PodRequests with UseStatusResources (in-place resize): a container whose status reports its
 * resources counts the largest of its desired (spec), allocated and actual requests; while the pod's resize
 * is Infeasible, only the allocated and actual ones (determineContainerReqs). The spec as it is when nothing
 * differs.
 */
export function specWithStatusRequests(spec: PodSpec, status: PodStatus | undefined): PodSpec {
  const statuses = [...(status?.containerStatuses ?? []), ...(status?.initContainerStatuses ?? [])];
  if (!statuses.length) return spec;
  const infeasible = !!status?.conditions?.some((c) => c.type === 'PodResizePending' && c.reason === 'Infeasible');
  const byName = new Map<string, ContainerStatus>();
  for (const cs of statuses) if (cs.resources) byName.set(cs.name, cs);
  let changed = false;
  const adjust = (c: Container): Container => {
    const cs = byName.get(c.name);
    if (!cs) return c;
    const desired = c.resources?.requests as ResourceList;
    const requests = maxList(infeasible ? [cs.resources!.requests as ResourceList, cs.allocatedResources as ResourceList] : [desired, cs.resources!.requests as ResourceList, cs.allocatedResources as ResourceList]);
    if (sameList(requests, desired)) return c;
    changed = true;
    return { ...c, resources: { ...c.resources, requests: requests as NonNullable<Container['resources']>['requests'] } };
  };
  const containers = spec.containers?.map(adjust);
  const initContainers = spec.initContainers?.map(adjust);
  return changed ? { ...spec, containers: containers!, ...(initContainers ? { initContainers } : {}) } : spec;
}

/** Whether any of the pod's requests is non-zero (a BestEffort-like request set). */
export function hasRequests(r: Resource): boolean {
  return r.milliCPU > 0 || r.memory > 0 || r.ephemeralStorage > 0 || (!!r.scalar && r.scalar.size > 0);
}

/** imagelocality.normalizedImageName: an untagged image means ":latest". */
export function normalizedImageName(name: string): string {
  return name.lastIndexOf(':') <= name.lastIndexOf('/') ? `${name}:latest` : name;
}

/** The labels of a pod without any (read only). */
const NO_LABELS: Record<string, string> = Object.freeze({}) as Record<string, string>;

/** The empty list every PodInfo without host ports, images or spread constraints shares (never changed in place). */
const NONE: never[] = Object.freeze([]) as never[];

export function podInfoOf(pod: KObject): PodInfo {
  const spec = (pod.spec ?? {}) as PodSpec;
  const meta = pod.metadata;
  // Lists of their final size (a pushed list reserves 17 slots), and no list of its own when empty: the cache keeps one PodInfo per pod.
  let hostPorts: HostPort[] = NONE as HostPort[];
  let images: string[] = NONE as string[];
  const all = [...(spec.initContainers ?? []), ...(spec.containers ?? [])];
  for (const c of all) {
    if (c.image) images = images.concat(normalizedImageName(c.image));
    for (const p of c.ports ?? []) {
      if (p.hostPort && p.hostPort > 0) hostPorts = hostPorts.concat({ ip: p.hostIP || '0.0.0.0', protocol: p.protocol || 'TCP', port: p.hostPort });
    }
  }
  const na = spec.affinity?.nodeAffinity;
  const sized = specWithStatusRequests(spec, pod.status as PodStatus | undefined);
  const requests = podRequests(sized);
  return {
    pod,
    uid: meta.uid ?? '',
    namespace: meta.namespace ?? 'default',
    name: meta.name ?? '',
    // The namespace's one shared "namespace/" text and the name (a template literal copies the prefix into each key).
    key: namespacePrefix(meta.namespace ?? 'default') + meta.name,
    labels: meta.labels ?? NO_LABELS,
    priority: spec.priority ?? 0,
    preemptionPolicy: spec.preemptionPolicy ?? 'PreemptLowerPriority',
    schedulerName: spec.schedulerName || 'default-scheduler',
    nodeName: spec.nodeName ?? '',
    terminating: !!meta.deletionTimestamp,
    requests,
    nonZero: podRequests(sized, true),
    hostPorts,
    tolerations: spec.tolerations ?? [],
    nodeSelector: spec.nodeSelector && Object.keys(spec.nodeSelector).length ? spec.nodeSelector : undefined,
    requiredNodeAffinity: na?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms,
    preferredNodeAffinity: na?.preferredDuringSchedulingIgnoredDuringExecution?.length ? na.preferredDuringSchedulingIgnoredDuringExecution : undefined,
    topologySpreadConstraints: spec.topologySpreadConstraints ?? (NONE as TopologySpreadConstraint[]),
    affinity: podAffinityTerms(meta.namespace ?? 'default', meta.labels ?? {}, spec.affinity),
    images,
    containerCount: all.length,
    sizedByStatus: sized !== spec,
  };
}
