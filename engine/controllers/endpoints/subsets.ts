/**
 * The Endpoints controller's decision, as pure functions
 * (pkg/controller/endpoint/endpoints_controller.go syncService, and
 * pkg/api/v1/endpoints RepackSubsets): which addresses a Service has, ready or
 * not, on which ports; and the Endpoints object to write, or nothing when the
 * stored one is already right.
 */
import { clone, deepEqual, type KObject } from '../../api/meta.js';
import { rfc3339 } from '../../util/time.js';
import {
  findPort, isPodReady, podIPOfFamily, serviceIPFamily, shouldPodBeInEndpoints, shouldSetHostname,
  type PodLike, type ServiceLike,
} from './pods.js';

export interface EndpointAddress {
  ip: string;
  hostname?: string;
  nodeName?: string;
  targetRef?: { kind: string; namespace?: string; name?: string; uid?: string };
}

export interface EndpointPort { name?: string; port: number; protocol: string; appProtocol?: string }

export interface EndpointSubset {
  addresses?: EndpointAddress[];
  notReadyAddresses?: EndpointAddress[];
  ports?: EndpointPort[];
}

/** v1.EndpointsLastChangeTriggerTime */
export const LAST_CHANGE_TRIGGER_TIME = 'endpoints.kubernetes.io/last-change-trigger-time';
/** v1.EndpointsOverCapacity and its only value */
export const OVER_CAPACITY = 'endpoints.kubernetes.io/over-capacity';
export const TRUNCATED = 'truncated';
/** v1.IsHeadlessService */
export const HEADLESS_LABEL = 'service.kubernetes.io/headless';
/** LabelManagedBy / ControllerName (added with the Endpoints deprecation in v1.33) */
export const MANAGED_BY_LABEL = 'endpoints.kubernetes.io/managed-by';
export const ENDPOINT_CONTROLLER_NAME = 'endpoint-controller';
/** An Endpoints object holds at most this many addresses; the rest are dropped and the object is annotated. */
export const MAX_CAPACITY = 1000;

interface Entry { addr: EndpointAddress; ready: boolean; ports: EndpointPort[] }

/** The per-pod, per-port subsets before repacking (one address and at most one port each). */
export function podSubsets(service: ServiceLike, pods: PodLike[]): Entry[] {
  const tolerateUnready = !!service.spec?.publishNotReadyAddresses;
  const family = serviceIPFamily(service);
  const entries: Entry[] = [];
  for (const pod of pods) {
    if (!shouldPodBeInEndpoints(pod, tolerateUnready)) continue;
    const ip = podIPOfFamily(pod, family);
    if (!ip) continue;
    const addr: EndpointAddress = {
      ip,
      nodeName: pod.spec?.nodeName ?? '',
      targetRef: { kind: 'Pod', namespace: pod.metadata.namespace, name: pod.metadata.name, uid: pod.metadata.uid },
    };
    if (shouldSetHostname(pod, service)) addr.hostname = pod.spec!.hostname;
    const ready = tolerateUnready || isPodReady(pod);
    const ports = service.spec?.ports ?? [];
    if (ports.length === 0) {
      // Only a headless Service may have no ports; its addresses carry none.
      if (service.spec?.clusterIP === 'None') entries.push({ addr, ready, ports: [] });
      continue;
    }
    for (const sp of ports) {
      const num = findPort(pod, sp);
      if (num === undefined) continue;
      const epp: EndpointPort = { port: num, protocol: sp.protocol ?? 'TCP' };
      if (sp.name) epp.name = sp.name;
      if (sp.appProtocol) epp.appProtocol = sp.appProtocol;
      entries.push({ addr, ready, ports: [epp] });
    }
  }
  return entries;
}

function portKey(p: EndpointPort): string {
  return `${p.name ?? ''}|${p.port}|${p.protocol}|${p.appProtocol ?? ''}`;
}

function addrKey(a: EndpointAddress): string {
  return `${a.ip}|${a.targetRef?.uid ?? ''}`;
}

/** LessEndpointAddress: by IP as text, then by target UID. */
function compareAddresses(a: EndpointAddress, b: EndpointAddress): number {
  if (a.ip !== b.ip) return a.ip < b.ip ? -1 : 1;
  const au = a.targetRef?.uid ?? '';
  const bu = b.targetRef?.uid ?? '';
  return au < bu ? -1 : au > bu ? 1 : 0;
}

/**
 * RepackSubsets: ports offered by exactly the same addresses (with the same
 * readiness) share one subset. Addresses are sorted as upstream sorts them;
 * upstream orders ports and subsets by an object hash, here they keep the
 * Service's port order and subsets follow their first address.
 */
export function repackSubsets(entries: Entry[], portOrder: EndpointPort[] = []): EndpointSubset[] {
  const NO_PORT = '\u0000none';
  const byPort = new Map<string, { port?: EndpointPort; addrs: Map<string, { addr: EndpointAddress; ready: boolean }> }>();
  for (const e of entries) {
    const keys = e.ports.length ? e.ports.map((p) => [portKey(p), p] as const) : [[NO_PORT, undefined] as const];
    for (const [k, p] of keys) {
      let slot = byPort.get(k);
      if (!slot) byPort.set(k, (slot = { port: p, addrs: new Map() }));
      const ak = addrKey(e.addr);
      // mapAddressByPort: for the same port, not ready always trumps ready.
      const prev = slot.addrs.get(ak);
      slot.addrs.set(ak, { addr: prev?.addr ?? e.addr, ready: prev ? prev.ready && e.ready : e.ready });
    }
  }
  const groups = new Map<string, { ports: EndpointPort[]; ready: EndpointAddress[]; notReady: EndpointAddress[] }>();
  for (const [k, slot] of byPort) {
    const members = [...slot.addrs.entries()].map(([ak, v]) => `${ak}:${v.ready ? 1 : 0}`).sort().join(',');
    let g = groups.get(members);
    if (!g) {
      const ready: EndpointAddress[] = [];
      const notReady: EndpointAddress[] = [];
      for (const v of slot.addrs.values()) (v.ready ? ready : notReady).push(v.addr);
      ready.sort(compareAddresses);
      notReady.sort(compareAddresses);
      groups.set(members, (g = { ports: [], ready, notReady }));
    }
    if (k !== NO_PORT && slot.port) g.ports.push(slot.port);
  }
  const order = new Map(portOrder.map((p, i) => [`${p.name ?? ''}|${p.protocol ?? 'TCP'}`, i]));
  const rank = (p: EndpointPort) => order.get(`${p.name ?? ''}|${p.protocol}`) ?? Number.MAX_SAFE_INTEGER;
  const subsets: EndpointSubset[] = [];
  for (const g of groups.values()) {
    g.ports.sort((a, b) => rank(a) - rank(b) || a.port - b.port);
    const s: EndpointSubset = {};
    if (g.ready.length) s.addresses = g.ready;
    if (g.notReady.length) s.notReadyAddresses = g.notReady;
    if (g.ports.length) s.ports = g.ports;
    subsets.push(s);
  }
  const first = (s: EndpointSubset) => (s.addresses ?? s.notReadyAddresses ?? [])[0];
  subsets.sort((a, b) => compareAddresses(first(a), first(b)));
  return subsets;
}

/** The subsets a Service should have for these pods (the pods its selector matches). */
export function computeSubsets(service: ServiceLike, pods: PodLike[]): EndpointSubset[] {
  const order = (service.spec?.ports ?? []).map((p) => ({ name: p.name, port: p.port, protocol: p.protocol ?? 'TCP' }));
  return repackSubsets(podSubsets(service, pods), order);
}

/**
 * truncateEndpoints: past 1000 addresses, keep ready ones first, each subset
 * keeping its share (rounded up). Returns true when something was dropped.
 */
export function truncateSubsets(subsets: EndpointSubset[]): boolean {
  let totalReady = 0;
  let totalNotReady = 0;
  for (const s of subsets) {
    totalReady += s.addresses?.length ?? 0;
    totalNotReady += s.notReadyAddresses?.length ?? 0;
  }
  if (totalReady + totalNotReady <= MAX_CAPACITY) return false;
  const truncateReady = totalReady > MAX_CAPACITY;
  const max = truncateReady ? MAX_CAPACITY : MAX_CAPACITY - totalReady;
  const numTotal = truncateReady ? totalReady : totalNotReady;
  let canBeAdded = max;
  for (const s of subsets) {
    const inSubset = truncateReady ? s.addresses?.length ?? 0 : s.notReadyAddresses?.length ?? 0;
    const toBeAdded = Math.min(Math.ceil((inSubset / numTotal) * max), canBeAdded);
    if (truncateReady) {
      s.addresses = (s.addresses ?? []).slice(0, toBeAdded);
      delete s.notReadyAddresses;
      canBeAdded -= s.addresses.length;
    } else {
      s.notReadyAddresses = (s.notReadyAddresses ?? []).slice(0, toBeAdded);
      canBeAdded -= s.notReadyAddresses.length;
    }
  }
  return true;
}

function isServiceIPSet(service: ServiceLike): boolean {
  const ip = service.spec?.clusterIP;
  return !!ip && ip !== 'None';
}

/** The labels the controller keeps on an Endpoints: the Service's, plus managed-by and, for headless Services, the headless mark. */
export function endpointsLabels(service: ServiceLike): Record<string, string> {
  const labels: Record<string, string> = { ...(service.metadata.labels ?? {}) };
  if (!isServiceIPSet(service)) labels[HEADLESS_LABEL] = '';
  else delete labels[HEADLESS_LABEL];
  labels[MANAGED_BY_LABEL] = ENDPOINT_CONTROLLER_NAME;
  return labels;
}

function stripTargetRefVersion(subsets: EndpointSubset[] | undefined): unknown {
  return (subsets ?? []).map((s) => ({
    ...s,
    addresses: s.addresses?.map((a) => ({ ...a, targetRef: a.targetRef ? { ...a.targetRef, resourceVersion: undefined } : undefined })),
    notReadyAddresses: s.notReadyAddresses?.map((a) => ({ ...a, targetRef: a.targetRef ? { ...a.targetRef, resourceVersion: undefined } : undefined })),
  }));
}

/**
 * The Endpoints object to write for `service`, or undefined when `current`
 * already says the same (subsets, labels and capacity annotation). The trigger
 * time annotation is set when `triggerTime` is known and cleared otherwise.
 */
export function desiredEndpoints(service: ServiceLike, current: KObject | undefined, subsets: EndpointSubset[], triggerTime: number | undefined): KObject | undefined {
  const labels = endpointsLabels(service);
  const total = subsets.reduce((n, s) => n + (s.addresses?.length ?? 0) + (s.notReadyAddresses?.length ?? 0), 0);
  if (current) {
    const curSubsets = (current.subsets as EndpointSubset[] | undefined) ?? [];
    const capacityOK = total <= MAX_CAPACITY && !(current.metadata.annotations ?? {})[OVER_CAPACITY];
    if (deepEqual(stripTargetRefVersion(curSubsets), stripTargetRefVersion(subsets)) && deepEqual(current.metadata.labels ?? {}, labels) && capacityOK) return undefined;
  }
  const next: KObject = current ? clone(current) : { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: service.metadata.name, namespace: service.metadata.namespace } };
  const annotations: Record<string, string> = { ...(next.metadata.annotations ?? {}) };
  const copy = clone(subsets);
  if (triggerTime !== undefined) annotations[LAST_CHANGE_TRIGGER_TIME] = rfc3339(triggerTime);
  else delete annotations[LAST_CHANGE_TRIGGER_TIME];
  if (truncateSubsets(copy)) annotations[OVER_CAPACITY] = TRUNCATED;
  else delete annotations[OVER_CAPACITY];
  if (Object.keys(annotations).length) next.metadata.annotations = annotations;
  else delete next.metadata.annotations;
  next.metadata.labels = labels;
  if (copy.length) next.subsets = copy;
  else delete next.subsets;
  return next;
}
