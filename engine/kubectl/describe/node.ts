/** The Node describer (describeNode, describeNodeLease, describeNodeResource). */
import type { KObject } from '../../api/meta.js';
import { isStatusError } from '../../api/errors.js';
import { formatQuantity, parseQuantityExact, type ParsedQuantity } from '../../api/validation/quantity.js';
import { quantityString, sortedNames } from './containers.js';
import { searchEvents, type DescribeContext } from './context.js';
import { annotationsMultiline, describeEvents, labelsMultiline, PrefixWriter, rfc1123z, tabbed, taintsMultiline, age, type Any } from './format.js';

const NODE_LEASE_NAMESPACE = 'kube-node-lease';
const LABEL_NODE_ROLE_PREFIX = 'node-role.kubernetes.io/';
const NODE_LABEL_ROLE = 'kubernetes.io/role';
const STANDARD_CONTAINER_RESOURCES = new Set(['cpu', 'memory', 'ephemeral-storage']);

/** findNodeRoles: node-role.kubernetes.io/<role> labels and kubernetes.io/role, sorted. */
export function nodeRoles(node: Any): string[] {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries<string>(node.metadata.labels ?? {})) {
    if (k.startsWith(LABEL_NODE_ROLE_PREFIX)) {
      const role = k.slice(LABEL_NODE_ROLE_PREFIX.length);
      if (role) roles.add(role);
    } else if (k === NODE_LABEL_ROLE && v) roles.add(v);
  }
  return [...roles].sort();
}

type ResourceList = Map<string, ParsedQuantity>;

/** addResourceList: the first quantity's format is kept, as Quantity.Add does. */
function addList(into: ResourceList, list: Record<string, unknown> | undefined): void {
  for (const [name, v] of Object.entries(list ?? {})) {
    const q = parseQuantityExact(v);
    if (!q) continue;
    const cur = into.get(name);
    into.set(name, cur ? { milli: cur.milli + q.milli, format: cur.format } : { ...q });
  }
}

function maxList(into: ResourceList, list: ResourceList): void {
  for (const [name, q] of list) {
    const cur = into.get(name);
    if (!cur || q.milli > cur.milli) into.set(name, { ...q });
  }
}

/** kubectl's resourcehelper.PodRequestsAndLimits: containers add up, init containers count at their peak, overhead on top. */
export function podRequestsAndLimits(pod: Any): { reqs: ResourceList; limits: ResourceList } {
  const spec = pod.spec ?? {};
  const statuses = new Map<string, Any>();
  for (const s of [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? [])]) statuses.set(s.name, s);
  // determineContainerReqs: an Infeasible resize's desired requests do not count, only what is allocated and runs.
  const infeasible = (pod.status?.conditions ?? []).some((c: Any) => c.type === 'PodResizePending' && c.reason === 'Infeasible');
  const containerReqs = (c: Any): Record<string, unknown> | undefined => {
    const cs = statuses.get(c.name);
    if (!cs?.resources) return c.resources?.requests;
    const m: ResourceList = new Map();
    if (!infeasible) addList(m, c.resources?.requests);
    const fromStatus: ResourceList = new Map();
    addList(fromStatus, cs.resources.requests);
    maxList(m, fromStatus);
    const alloc: ResourceList = new Map();
    addList(alloc, cs.allocatedResources);
    maxList(m, alloc);
    return Object.fromEntries([...m].map(([k, q]) => [k, formatQuantity(q)]));
  };
  const sum = (pick: (c: Any) => Record<string, unknown> | undefined): ResourceList => {
    const out: ResourceList = new Map();
    for (const c of spec.containers ?? []) addList(out, pick(c));
    const sidecars: ResourceList = new Map();
    const initMax: ResourceList = new Map();
    for (const c of spec.initContainers ?? []) {
      if (c.restartPolicy === 'Always') {
        addList(out, pick(c));
        addList(sidecars, pick(c));
        maxList(initMax, sidecars);
      } else {
        const tmp: ResourceList = new Map();
        addList(tmp, pick(c));
        for (const [k, q] of sidecars) { const cur = tmp.get(k); tmp.set(k, cur ? { milli: cur.milli + q.milli, format: cur.format } : { ...q }); }
        maxList(initMax, tmp);
      }
    }
    maxList(out, initMax);
    return out;
  };
  const reqs = sum(containerReqs);
  if (spec.overhead) addList(reqs, spec.overhead);
  const limits = sum((c) => c.resources?.limits);
  if (spec.overhead) {
    for (const [name, v] of Object.entries(spec.overhead)) {
      const cur = limits.get(name);
      const q = parseQuantityExact(v);
      if (cur && cur.milli !== 0n && q) limits.set(name, { milli: cur.milli + q.milli, format: cur.format });
    }
  }
  return { reqs, limits };
}

const ZERO: ParsedQuantity = { milli: 0n, format: 'DecimalSI' };
const str = (q: ParsedQuantity | undefined) => formatQuantity(q ?? ZERO);
/** Quantity.Value(): whole units, rounded up. */
const value = (q: ParsedQuantity | undefined) => { const m = (q ?? ZERO).milli; return Number(m >= 0n ? (m + 999n) / 1000n : m / 1000n); };
const milliValue = (q: ParsedQuantity | undefined) => Number((q ?? ZERO).milli);
/** int64(float64(a) / float64(b) * 100), as Go truncates it. */
const percent = (a: number, b: number) => Math.trunc((a / b) * 100);

function describeNodeResource(w: PrefixWriter, pods: Any[], node: Any, now: number): void {
  w.write(0, `Non-terminated Pods:\t(${pods.length} in total)\n`);
  w.write(1, 'Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n');
  w.write(1, '---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n');
  const allocList = Object.keys(node.status?.allocatable ?? {}).length ? node.status.allocatable : node.status?.capacity ?? {};
  const allocatable: ResourceList = new Map();
  addList(allocatable, allocList);
  const allocCPU = milliValue(allocatable.get('cpu'));
  const allocMem = value(allocatable.get('memory'));
  const totalReqs: ResourceList = new Map();
  const totalLimits: ResourceList = new Map();
  for (const pod of pods) {
    const { reqs, limits } = podRequestsAndLimits(pod);
    const cpuReq = reqs.get('cpu'), cpuLim = limits.get('cpu'), memReq = reqs.get('memory'), memLim = limits.get('memory');
    w.write(1, `${pod.metadata.namespace}\t${pod.metadata.name}\t\t${str(cpuReq)} (${percent(milliValue(cpuReq), allocCPU)}%)\t${str(cpuLim)} (${percent(milliValue(cpuLim), allocCPU)}%)\t${str(memReq)} (${percent(value(memReq), allocMem)}%)\t${str(memLim)} (${percent(value(memLim), allocMem)}%)\t${age(pod.metadata.creationTimestamp, now)}\n`);
    for (const [k, q] of reqs) { const cur = totalReqs.get(k); totalReqs.set(k, cur ? { milli: cur.milli + q.milli, format: cur.format } : { ...q }); }
    for (const [k, q] of limits) { const cur = totalLimits.get(k); totalLimits.set(k, cur ? { milli: cur.milli + q.milli, format: cur.format } : { ...q }); }
  }
  w.write(0, 'Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n');
  w.write(1, 'Resource\tRequests\tLimits\n');
  w.write(1, '--------\t--------\t------\n');
  const row = (name: string, by: (q: ParsedQuantity | undefined) => number) => {
    const alloc = by(allocatable.get(name));
    const r = totalReqs.get(name), l = totalLimits.get(name);
    const pr = alloc !== 0 ? percent(by(r), alloc) : 0;
    const pl = alloc !== 0 ? percent(by(l), alloc) : 0;
    w.write(1, `${name}\t${str(r)} (${pr}%)\t${str(l)} (${pl}%)\n`);
  };
  row('cpu', milliValue);
  row('memory', value);
  row('ephemeral-storage', value);
  const names = [...allocatable.keys()];
  for (const name of names.filter((n) => n.startsWith('hugepages-')).sort()) row(name, value);
  for (const name of names.filter((n) => !n.startsWith('hugepages-') && !STANDARD_CONTAINER_RESOURCES.has(n) && n !== 'pods').sort()) {
    w.write(1, `${name}\t${str(totalReqs.get(name))}\t${str(totalLimits.get(name))}\n`);
  }
}

export interface NodeExtras {
  /** The node's Lease in kube-node-lease, or the error text of getting it. */
  lease: Any | string;
  /** Its non-terminated pods. */
  pods: Any[];
}

export function renderNode(node: Any, extras: NodeExtras, events: KObject[] | undefined, now: number): string {
  const w = new PrefixWriter();
  const spec = node.spec ?? {};
  const status = node.status ?? {};
  w.write(0, `Name:\t${node.metadata.name}\n`);
  const roles = nodeRoles(node);
  w.write(0, `Roles:\t${roles.length ? roles.join(',') : '<none>'}\n`);
  labelsMultiline(w, 'Labels', node.metadata.labels);
  annotationsMultiline(w, 'Annotations', node.metadata.annotations);
  w.write(0, `CreationTimestamp:\t${rfc1123z(node.metadata.creationTimestamp)}\n`);
  taintsMultiline(w, 'Taints', spec.taints);
  w.write(0, `Unschedulable:\t${spec.unschedulable === true}\n`);
  if (typeof extras.lease === 'string') w.write(0, `Lease:\tFailed to get lease: ${extras.lease}\n`);
  else {
    const ls = extras.lease.spec ?? {};
    w.write(0, 'Lease:\n');
    w.write(1, `HolderIdentity:\t${ls.holderIdentity ?? '<unset>'}\n`);
    w.write(1, `AcquireTime:\t${ls.acquireTime ? rfc1123z(ls.acquireTime) : '<unset>'}\n`);
    w.write(1, `RenewTime:\t${ls.renewTime ? rfc1123z(ls.renewTime) : '<unset>'}\n`);
  }
  if (status.conditions?.length) {
    w.write(0, 'Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n');
    w.write(1, '----\t------\t-----------------\t------------------\t------\t-------\n');
    for (const c of status.conditions) {
      w.write(1, `${c.type} \t${c.status} \t${rfc1123z(c.lastHeartbeatTime)} \t${rfc1123z(c.lastTransitionTime)} \t${c.reason ?? ''} \t${c.message ?? ''}\n`);
    }
  }
  w.write(0, 'Addresses:\n');
  for (const a of status.addresses ?? []) w.write(1, `${a.type}:\t${a.address}\n`);
  const printList = (list: Record<string, unknown>) => { for (const k of sortedNames(list)) w.write(0, `  ${k}:\t${quantityString(list[k])}\n`); };
  if (Object.keys(status.capacity ?? {}).length) { w.write(0, 'Capacity:\n'); printList(status.capacity); }
  if (Object.keys(status.allocatable ?? {}).length) { w.write(0, 'Allocatable:\n'); printList(status.allocatable); }
  const info = status.nodeInfo ?? {};
  w.write(0, 'System Info:\n');
  w.write(0, `  Machine ID:\t${info.machineID ?? ''}\n`);
  w.write(0, `  System UUID:\t${info.systemUUID ?? ''}\n`);
  w.write(0, `  Boot ID:\t${info.bootID ?? ''}\n`);
  w.write(0, `  Kernel Version:\t${info.kernelVersion ?? ''}\n`);
  w.write(0, `  OS Image:\t${info.osImage ?? ''}\n`);
  w.write(0, `  Operating System:\t${info.operatingSystem ?? ''}\n`);
  w.write(0, `  Architecture:\t${info.architecture ?? ''}\n`);
  w.write(0, `  Container Runtime Version:\t${info.containerRuntimeVersion ?? ''}\n`);
  w.write(0, `  Kubelet Version:\t${info.kubeletVersion ?? ''}\n`);
  w.write(0, `  Kube-Proxy Version:\t${info.kubeProxyVersion ?? ''}\n`);
  if (spec.podCIDR) w.write(0, `PodCIDR:\t${spec.podCIDR}\n`);
  if (spec.podCIDRs?.length) w.write(0, `PodCIDRs:\t${spec.podCIDRs.join(',')}\n`);
  if (spec.providerID) w.write(0, `ProviderID:\t${spec.providerID}\n`);
  describeNodeResource(w, extras.pods, node, now);
  describeEvents(w, events, now);
  return tabbed(w);
}

export function describeNodeObject(node: Any, ctx: DescribeContext): string {
  const name = node.metadata.name;
  const pods = ctx.client.list('pods', undefined, { fieldSelector: `spec.nodeName=${name},status.phase!=Succeeded,status.phase!=Failed` }).items as Any[];
  let lease: Any | string;
  try {
    lease = ctx.client.get('leases.coordination.k8s.io', NODE_LEASE_NAMESPACE, name);
  } catch (e) {
    lease = isStatusError(e) ? e.message : String((e as Error)?.message ?? e);
  }
  let events: KObject[] | undefined;
  if (ctx.showEvents) {
    // Controllers name a node by its uid, the kubelet by its name: both searches are merged.
    events = [
      ...searchEvents(ctx, { name, namespace: '', kind: 'Node', uid: node.metadata.uid }),
      ...searchEvents(ctx, { name, namespace: '', kind: 'Node', uid: name }),
    ];
  }
  return renderNode(node, { lease, pods }, events, ctx.now);
}
