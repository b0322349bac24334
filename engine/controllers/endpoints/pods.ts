/**
 * What the Endpoints and EndpointSlice controllers ask of a Pod and a Service
 * (k8s.io/endpointslice/util and pkg/api/v1/pod): is it ready, should it be
 * listed at all, which IP and which port does it offer for a Service port.
 * Shared by both controllers, as upstream shares them.
 */
import type { KObject } from '../../api/meta.js';
import { META_ONLY, type Informer } from '../framework.js';

export interface PodCondition { type: string; status: string; lastTransitionTime?: string }
export interface ContainerPort { name?: string; containerPort: number; protocol?: string }
export interface PodContainer { name: string; ports?: ContainerPort[]; restartPolicy?: string; resources?: { requests?: Record<string, string> } }

export interface PodLike extends KObject {
  spec?: { nodeName?: string; hostname?: string; subdomain?: string; containers?: PodContainer[]; initContainers?: PodContainer[] };
  status?: { phase?: string; podIP?: string; podIPs?: { ip: string }[]; conditions?: PodCondition[]; startTime?: string };
}

export interface ServicePort { name?: string; port: number; targetPort?: number | string; protocol?: string; appProtocol?: string }

export interface ServiceLike extends KObject {
  spec?: {
    selector?: Record<string, string>;
    ports?: ServicePort[];
    clusterIP?: string;
    clusterIPs?: string[];
    ipFamilies?: string[];
    type?: string;
    publishNotReadyAddresses?: boolean;
  };
}

export function podReadyCondition(pod: PodLike): PodCondition | undefined {
  return pod.status?.conditions?.find((c) => c.type === 'Ready');
}

/** podutil.IsPodReady: the Ready condition is True. */
export function isPodReady(pod: PodLike): boolean {
  return podReadyCondition(pod)?.status === 'True';
}

export function isPodTerminal(pod: PodLike): boolean {
  const phase = pod.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}

/**
 * endpointsliceutil.ShouldPodBeInEndpoints: finished pods and pods without an
 * IP never appear; terminating pods only when the caller includes them (the
 * Endpoints controller does only for publishNotReadyAddresses, EndpointSlices
 * always do and mark them terminating).
 */
export function shouldPodBeInEndpoints(pod: PodLike, includeTerminating: boolean): boolean {
  if (isPodTerminal(pod)) return false;
  if (!pod.status?.podIP && !(pod.status?.podIPs?.length)) return false;
  if (!includeTerminating && pod.metadata.deletionTimestamp) return false;
  return true;
}

/** A Service selects pods only when its selector has at least one label (an empty map is dropped by the API's omitempty). */
export function hasSelector(svc: ServiceLike): boolean {
  const sel = svc.spec?.selector;
  return !!sel && Object.keys(sel).length > 0;
}

export function isIPv6(ip: string): boolean {
  return ip.includes(':');
}

/** The family the Service serves: ipFamilies[0], else guessed from the ClusterIP; IPv4 by default. */
export function serviceIPFamily(svc: ServiceLike): 'IPv4' | 'IPv6' {
  const fam = svc.spec?.ipFamilies?.[0];
  if (fam === 'IPv6' || fam === 'IPv4') return fam;
  const cip = svc.spec?.clusterIP;
  if (cip && cip !== 'None' && isIPv6(cip)) return 'IPv6';
  return 'IPv4';
}

/** The pod's IP of the given family (podToEndpointAddressForService), or undefined. */
export function podIPOfFamily(pod: PodLike, family: 'IPv4' | 'IPv6'): string | undefined {
  const ips = pod.status?.podIPs?.length ? pod.status.podIPs.map((p) => p.ip) : pod.status?.podIP ? [pod.status.podIP] : [];
  return ips.find((ip) => isIPv6(ip) === (family === 'IPv6'));
}

/**
 * podutil.FindPort: a numeric targetPort is used as is; a named one is looked
 * up among the ports of the containers (and sidecar init containers) with the
 * same protocol. Undefined when the pod does not offer it.
 */
export function findPort(pod: PodLike, sp: ServicePort): number | undefined {
  const target = sp.targetPort ?? sp.port;
  if (typeof target === 'number') return target;
  if (/^[0-9]+$/.test(target)) return Number(target);
  const proto = sp.protocol ?? 'TCP';
  const containers = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? []).filter((c) => c.restartPolicy === 'Always')];
  for (const c of containers) {
    for (const p of c.ports ?? []) {
      if (p.name === target && (p.protocol ?? 'TCP') === proto) return p.containerPort;
    }
  }
  return undefined;
}

/** endpointsliceutil.ShouldSetHostname: a pod with hostname and a subdomain naming this Service. */
export function shouldSetHostname(pod: PodLike, svc: ServiceLike): boolean {
  return !!pod.spec?.hostname && pod.spec?.subdomain === svc.metadata.name && pod.metadata.namespace === svc.metadata.namespace;
}

const LABEL_INDEX = 'endpoints/namespace-label';
const indexed = new WeakSet<Informer>();

/**
 * Indexes a pod informer by "namespace/key=value" for every label, so a
 * Service's selector finds its pods without scanning 150,000 of them.
 */
export function ensurePodLabelIndex(pods: Informer): void {
  if (indexed.has(pods)) return;
  indexed.add(pods);
  pods.addIndexer(LABEL_INDEX, (o) => {
    const ns = o.metadata.namespace ?? '';
    const labels = o.metadata.labels ?? {};
    return Object.keys(labels).map((k) => `${ns}/${k}=${labels[k]}`);
  }, META_ONLY);
}

/** The pods of `namespace` whose labels contain every pair of `selector` (labels.SelectorFromSet). */
export function podsForSelector(pods: Informer, namespace: string, selector: Record<string, string>): PodLike[] {
  const keys = Object.keys(selector);
  if (keys.length === 0) return [];
  let smallest: KObject[] | undefined;
  for (const k of keys) {
    const bucket = pods.byIndex(LABEL_INDEX, `${namespace}/${k}=${selector[k]}`);
    if (!smallest || bucket.length < smallest.length) smallest = bucket;
    if (bucket.length === 0) return [];
  }
  return (smallest ?? []).filter((p) => {
    const l = p.metadata.labels ?? {};
    for (const k of keys) if (l[k] !== selector[k]) return false;
    return true;
  }) as PodLike[];
}

/** Which Services of the pod's namespace select it (GetPodServiceMemberships). */
export function servicesForPod(services: Iterable<KObject>, pod: KObject): ServiceLike[] {
  const out: ServiceLike[] = [];
  const labels = pod.metadata.labels ?? {};
  for (const s of services as Iterable<ServiceLike>) {
    if (s.metadata.namespace !== pod.metadata.namespace || !hasSelector(s)) continue;
    const sel = s.spec!.selector!;
    let ok = true;
    for (const k in sel) if (labels[k] !== sel[k]) { ok = false; break; }
    if (ok) out.push(s);
  }
  return out;
}
