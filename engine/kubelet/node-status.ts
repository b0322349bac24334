/**
 * The Node object a kubeadm-joined kubelet registers and the status it
 * reports (pkg/kubelet/nodestatus setters), as pure functions.
 */
import { isExtendedResourceName } from '../api/validation/resource-names.js';
import type { KObject } from '../api/meta.js';
import type { ImageInfo } from '../images/catalogue.js';
import { bytes, formatBytes } from '../util/quantity.js';
import { rfc3339 } from '../util/time.js';

export interface NodeConfig {
  name: string;
  role: 'control-plane' | 'worker';
  cpu: string;
  memory: string;
  pods: number;
  /** 0-based position in registration order: which block of the cluster CIDR the node gets, and its InternalIP. */
  index: number;
  /** spec.podCIDR, e.g. 10.244.1.0/24: what kube-controller-manager's range allocator gave the index-th node. */
  podCIDR: string;
  internalIP: string;
  providerID?: string;
  zone?: string;
}

export const KUBELET_VERSION = 'v1.35.0';
export const CONTAINER_RUNTIME_VERSION = 'containerd://2.1.3';
/** VersionInfo's `fmt.Sprintf("%s://%s", runtimeType, "Unknown")` when the runtime's Version call fails. */
export const CONTAINER_RUNTIME_UNKNOWN = 'containerd://Unknown';

/** nodestatus ReadyCondition's reason when the runtime state reports errors. */
export const REASON_KUBELET_NOT_READY = 'KubeletNotReady';

/** What the node status setters learn of the runtime: the Ready condition's errors, and whether it answers at all. */
export interface RuntimeHealth {
  /** The aggregated runtime errors (runtime-state.ts), when there are any. */
  notReady?: string;
  /** containerd's socket is gone: the Version call fails. */
  unreachable: boolean;
}
export const KERNEL_VERSION = '6.8.0-51-generic';
/** The kernel's build (uname -v), with KERNEL_VERSION: every node runs the same one, and so do its containers. */
export const KERNEL_BUILD = '#52-Ubuntu SMP PREEMPT_DYNAMIC Thu Dec  5 13:09:44 UTC 2024';
export const OS_IMAGE = 'Ubuntu 24.04.1 LTS';

/** What a node uses beyond its pods: the OS, the kubelet, containerd (metrics-server reports it in the node's usage). */
export const NODE_SYSTEM_USAGE = { cpuMilli: 45, memoryBytes: 520 * 2 ** 20 };

/** kubeadm sets no kube/system reservation; only the hard eviction threshold memory.available<100Mi comes off. */
export const EVICTION_HARD_MEMORY = 100 * 2 ** 20;
export const EPHEMERAL_STORAGE_CAPACITY_KI = 61202244;
/** nodefs.available<10% is reserved from ephemeral storage. */
export const EPHEMERAL_STORAGE_ALLOCATABLE = 56403987978;

export interface NodeIdentity {
  machineID: string;
  systemUUID: string;
  bootID: string;
}

export function nodeObject(n: NodeConfig): KObject {
  const labels: Record<string, string> = {
    'beta.kubernetes.io/arch': 'amd64',
    'beta.kubernetes.io/os': 'linux',
    'kubernetes.io/arch': 'amd64',
    'kubernetes.io/hostname': n.name,
    'kubernetes.io/os': 'linux',
  };
  if (n.role === 'control-plane') {
    labels['node-role.kubernetes.io/control-plane'] = '';
    labels['node.kubernetes.io/exclude-from-external-load-balancers'] = '';
  }
  if (n.zone) labels['topology.kubernetes.io/zone'] = n.zone;
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: n.name,
      labels,
      annotations: {
        'kubeadm.alpha.kubernetes.io/cri-socket': 'unix:///var/run/containerd/containerd.sock',
        'node.alpha.kubernetes.io/ttl': '0',
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
      },
    },
    spec: {
      podCIDR: n.podCIDR,
      podCIDRs: [n.podCIDR],
      ...(n.providerID ? { providerID: n.providerID } : {}),
      ...(n.role === 'control-plane' ? { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] } : {}),
    },
  };
}

/** Node memory as capacity and allocatable texts, by the configured quantity (10,000 nodes share a handful). */
const memoryByQuantity = new Map<string, { capacity: string; allocatable: string }>();

function memoryTexts(memory: string): { capacity: string; allocatable: string } {
  let m = memoryByQuantity.get(memory);
  if (!m) {
    const capacity = bytes(memory);
    memoryByQuantity.set(memory, (m = { capacity: formatBytes(capacity), allocatable: formatBytes(capacity - EVICTION_HARD_MEMORY) }));
  }
  return m;
}

/**
 * The RuntimeHandlers setter's list: containerd's CRI Status answers with its default handler under the name ""
 * and each configured one (a stock config has runc only), sorted by name (containerd 2.1.4 on; 2.1.3 gave map
 * order), each with what runc's features report: rro mounts (the kernel is 5.12 or later) and user namespaces
 * with idmap mounts (runc 1.2 on). The setter writes both features, false or true. Shared by every node and
 * frozen: stored objects are immutable.
 */
const RUNTIME_HANDLERS = Object.freeze(['', 'runc'].map((name) => Object.freeze({ name, features: Object.freeze({ recursiveReadOnlyMounts: true, userNamespaces: true }) })));

type Cond = { type: string; status: string; lastHeartbeatTime: string; lastTransitionTime: string; reason: string; message: string };

/** Everything in node.status except the heartbeat times, which `withHeartbeat` stamps. */
export function nodeStatus(n: NodeConfig, id: NodeIdentity, images: ImageInfo[], previous: Record<string, unknown> | undefined, now: number, memoryPressure = false, runtime?: RuntimeHealth): Record<string, unknown> {
  const mem = memoryTexts(n.memory);
  const nowText = rfc3339(now);
  const old = (previous?.conditions ?? []) as Cond[];
  const cond = (type: string, status: string, reason: string, message: string): Cond => {
    const prev = old.find((c) => c.type === type);
    return { type, status, lastHeartbeatTime: nowText, lastTransitionTime: prev && prev.status === status ? prev.lastTransitionTime : nowText, reason, message };
  };
  const sorted = [...images].sort((a, b) => b.sizeBytes - a.sizeBytes || (a.name < b.name ? -1 : 1)).slice(0, 50);
  const own = {
    allocatable: { cpu: n.cpu, 'ephemeral-storage': String(EPHEMERAL_STORAGE_ALLOCATABLE), 'hugepages-1Gi': '0', 'hugepages-2Mi': '0', memory: mem.allocatable, pods: String(n.pods) },
    capacity: { cpu: n.cpu, 'ephemeral-storage': `${EPHEMERAL_STORAGE_CAPACITY_KI}Ki`, 'hugepages-1Gi': '0', 'hugepages-2Mi': '0', memory: mem.capacity, pods: String(n.pods) },
  };
  return {
    addresses: [{ address: n.internalIP, type: 'InternalIP' }, { address: n.name, type: 'Hostname' }],
    ...resourcesKept(own, previous),
    conditions: [
      // MemoryPressureCondition: what the eviction manager reports.
      memoryPressure
        ? cond('MemoryPressure', 'True', 'KubeletHasInsufficientMemory', 'kubelet has insufficient memory available')
        : cond('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
      cond('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
      cond('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
      // ReadyCondition: the runtime state's errors, aggregated, make the node NotReady.
      runtime?.notReady
        ? cond('Ready', 'False', REASON_KUBELET_NOT_READY, runtime.notReady)
        : cond('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
    ],
    daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
    features: { supplementalGroupsPolicy: true },
    images: sorted.map((i) => ({ names: [i.repoDigest, i.name], sizeBytes: i.sizeBytes })),
    nodeInfo: {
      architecture: 'amd64',
      bootID: id.bootID,
      // VersionInfo asks the runtime for its version at every update: "Unknown" when it does not answer.
      containerRuntimeVersion: runtime?.unreachable ? CONTAINER_RUNTIME_UNKNOWN : CONTAINER_RUNTIME_VERSION,
      kernelVersion: KERNEL_VERSION,
      // Deprecated and no longer set by the kubelet, but without omitempty: written as "" (json:"kubeProxyVersion").
      kubeProxyVersion: '',
      kubeletVersion: KUBELET_VERSION,
      machineID: id.machineID,
      operatingSystem: 'linux',
      osImage: OS_IMAGE,
      systemUUID: id.systemUUID,
    },
    runtimeHandlers: RUNTIME_HANDLERS,
  };
}

type ResourceList = Record<string, string>;

/**
 * The MachineInfo setter writes its own resources over the stored capacity and keeps the others (an extended
 * resource someone PATCHed in); allocatable drops extended resources no longer in capacity and then takes every
 * capacity value, less the kubelet's reservation for its own. Keys sorted, as Go's JSON writes a map.
 */
function resourcesKept(own: { allocatable: ResourceList; capacity: ResourceList }, previous: Record<string, unknown> | undefined): { allocatable: ResourceList; capacity: ResourceList } {
  const oldCapacity = previous?.capacity as ResourceList | undefined;
  const oldAllocatable = previous?.allocatable as ResourceList | undefined;
  const foreign = (list: ResourceList | undefined) => (list ? Object.keys(list).filter((k) => !(k in own.capacity)) : []);
  const extraCapacity = foreign(oldCapacity);
  const extraAllocatable = foreign(oldAllocatable).filter((k) => !isExtendedResourceName(k) || extraCapacity.includes(k));
  // Nobody else's resources (the usual case): the kubelet's own lists as they are.
  if (!extraCapacity.length && !extraAllocatable.length) return own;
  const capacity: ResourceList = { ...own.capacity };
  for (const k of extraCapacity) capacity[k] = oldCapacity![k];
  const allocatable: ResourceList = { ...own.allocatable };
  for (const k of extraAllocatable) allocatable[k] = oldAllocatable![k];
  for (const k of extraCapacity) allocatable[k] = capacity[k];
  const sorted = (list: ResourceList) => Object.fromEntries(Object.keys(list).sort().map((k) => [k, list[k]]));
  return { allocatable: sorted(allocatable), capacity: sorted(capacity) };
}

// Node event reasons (pkg/kubelet/events/event.go) and their texts.
export const EVENT_STARTING_KUBELET = 'Starting';
export const MSG_STARTING_KUBELET = 'Starting kubelet.';
export const EVENT_NODE_ALLOCATABLE_ENFORCED = 'NodeAllocatableEnforced';
export const MSG_NODE_ALLOCATABLE_ENFORCED = 'Updated Node Allocatable limit across pods';
export const EVENT_NODE_REBOOTED = 'Rebooted';
export const msgNodeRebooted = (node: string, bootID: string) => `Node ${node} has been rebooted, boot id: ${bootID}`;
export const EVENT_NODE_HAS_SUFFICIENT_MEMORY = 'NodeHasSufficientMemory';
export const EVENT_NODE_HAS_INSUFFICIENT_MEMORY = 'NodeHasInsufficientMemory';
export const EVENT_NODE_HAS_NO_DISK_PRESSURE = 'NodeHasNoDiskPressure';
export const EVENT_NODE_HAS_SUFFICIENT_PID = 'NodeHasSufficientPID';
export const EVENT_NODE_READY = 'NodeReady';
export const EVENT_NODE_NOT_READY = 'NodeNotReady';
export const EVENT_NODE_SCHEDULABLE = 'NodeSchedulable';
export const EVENT_NODE_NOT_SCHEDULABLE = 'NodeNotSchedulable';
/** recordNodeStatusEvent's message. */
export const msgNodeStatusIsNow = (node: string, event: string) => `Node ${node} status is now: ${event}`;

export interface NodeEvent { type: 'Normal' | 'Warning'; reason: string; message: string }

/**
 * The events the node status setters record while they set `previous` (a stored status, or none: the node the
 * kubelet builds from scratch, initialNode) to what this kubelet sees now, in the setters' order: MachineInfo
 * warns of a new boot ID; each pressure condition records the transition it makes, a condition still missing
 * counting as Unknown (so a node built from scratch, or one the node lifecycle controller marked Unknown, records
 * all three); ReadyCondition records NodeReady or NodeNotReady only when an existing condition changes status
 * (to True, or to False with `notReady`).
 */
export function nodeStatusEvents(node: string, previous: Record<string, unknown> | undefined, bootID: string, memoryPressure: boolean, notReady = false): NodeEvent[] {
  const out: NodeEvent[] = [];
  const oldBootID = (previous?.nodeInfo as { bootID?: string } | undefined)?.bootID;
  if (oldBootID && oldBootID !== bootID) out.push({ type: 'Warning', reason: EVENT_NODE_REBOOTED, message: msgNodeRebooted(node, bootID) });
  const conditions = (previous?.conditions ?? []) as { type: string; status: string }[];
  const statusOf = (type: string): string | undefined => conditions.find((c) => c.type === type)?.status;
  const status = (reason: string): void => { out.push({ type: 'Normal', reason, message: msgNodeStatusIsNow(node, reason) }); };
  const memory = statusOf('MemoryPressure');
  if (memoryPressure ? memory !== 'True' : memory !== 'False') status(memoryPressure ? EVENT_NODE_HAS_INSUFFICIENT_MEMORY : EVENT_NODE_HAS_SUFFICIENT_MEMORY);
  if (statusOf('DiskPressure') !== 'False') status(EVENT_NODE_HAS_NO_DISK_PRESSURE);
  if (statusOf('PIDPressure') !== 'False') status(EVENT_NODE_HAS_SUFFICIENT_PID);
  const ready = statusOf('Ready');
  const want = notReady ? 'False' : 'True';
  if (ready !== undefined && ready !== want) status(notReady ? EVENT_NODE_NOT_READY : EVENT_NODE_READY);
  return out;
}

/**
 * Compares two statuses ignoring heartbeat times: the kubelet posts on change or every nodeStatusReportFrequency.
 * The comparison is their JSON's (key order counts, undefined members are absent), walked without writing the text.
 */
export function statusChanged(a: Record<string, unknown> | undefined, b: Record<string, unknown>): boolean {
  if (!a) return true;
  return !sameJSON(a, b, 0);
}

const HEARTBEAT = 'lastHeartbeatTime';

/** Whether JSON.stringify would write the same text; `depth` 2 inside `conditions` skips each condition's heartbeat. */
function sameJSON(a: unknown, b: unknown, depth: number): boolean {
  if (a === b) return true;
  const ao = a !== null && typeof a === 'object';
  const bo = b !== null && typeof b === 'object';
  if (!ao || !bo) return !ao && !bo && scalarJSON(a) === scalarJSON(b);
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJSON(a[i], b[i], depth === 1 ? 2 : -1)) return false;
    return true;
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const xs = Object.keys(x);
  const ys = Object.keys(y);
  let i = 0;
  let j = 0;
  for (;;) {
    while (i < xs.length && skipped(xs[i], x[xs[i]], depth)) i++;
    while (j < ys.length && skipped(ys[j], y[ys[j]], depth)) j++;
    if (i === xs.length || j === ys.length) return i === xs.length && j === ys.length;
    const k = xs[i];
    if (k !== ys[j] || !sameJSON(x[k], y[k], depth === 0 && k === 'conditions' ? 1 : -1)) return false;
    i++;
    j++;
  }
}

function skipped(key: string, v: unknown, depth: number): boolean {
  return v === undefined || typeof v === 'function' || typeof v === 'symbol' || (depth === 2 && key === HEARTBEAT);
}

/** A scalar as JSON writes it (non-finite numbers and undefined array members become null). */
function scalarJSON(v: unknown): unknown {
  if (v === undefined || typeof v === 'function' || typeof v === 'symbol') return null;
  if (typeof v === 'number' && !Number.isFinite(v)) return null;
  return v;
}
