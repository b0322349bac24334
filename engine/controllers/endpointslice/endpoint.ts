/**
 * One pod as an EndpointSlice endpoint (staging/src/k8s.io/endpointslice
 * utils.go podToEndpoint, getEndpointPorts) and the labels a managed slice
 * carries (setEndpointSliceLabels).
 */
import type { KObject } from '../../api/meta.js';
import { findPort, isPodReady, podIPOfFamily, shouldSetHostname, type PodLike, type ServiceLike } from '../endpoints/pods.js';
import { HEADLESS_LABEL } from '../endpoints/subsets.js';

/** discovery.LabelServiceName */
export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
/** discovery.LabelManagedBy */
export const MANAGED_BY_LABEL = 'endpointslice.kubernetes.io/managed-by';
/** The value this controller writes into MANAGED_BY_LABEL. */
export const ENDPOINTSLICE_CONTROLLER_NAME = 'endpointslice-controller.k8s.io';
/** v1.LabelTopologyZone */
export const ZONE_LABEL = 'topology.kubernetes.io/zone';
/** --max-endpoints-per-slice default */
export const DEFAULT_MAX_ENDPOINTS_PER_SLICE = 100;

export interface EndpointConditions { ready?: boolean; serving?: boolean; terminating?: boolean }

export interface Endpoint {
  addresses: string[];
  conditions: EndpointConditions;
  hostname?: string;
  targetRef?: { kind: string; namespace?: string; name?: string; uid?: string };
  nodeName?: string;
  zone?: string;
}

export interface SlicePort { name: string; port: number; protocol: string; appProtocol?: string }

/**
 * podToEndpoint: `serving` follows the Ready condition; `ready` is serving
 * and not terminating (or always true with publishNotReadyAddresses).
 */
export function podToEndpoint(pod: PodLike, service: ServiceLike, zoneOf: (node: string) => string | undefined, family: 'IPv4' | 'IPv6'): Endpoint | undefined {
  const ip = podIPOfFamily(pod, family);
  if (!ip) return undefined;
  const serving = isPodReady(pod);
  const terminating = !!pod.metadata.deletionTimestamp;
  const ready = !!service.spec?.publishNotReadyAddresses || (serving && !terminating);
  const ep: Endpoint = {
    addresses: [ip],
    conditions: { ready, serving, terminating },
    targetRef: { kind: 'Pod', namespace: pod.metadata.namespace, name: pod.metadata.name, uid: pod.metadata.uid },
  };
  if (shouldSetHostname(pod, service)) ep.hostname = pod.spec!.hostname;
  const node = pod.spec?.nodeName;
  if (node) {
    ep.nodeName = node;
    const zone = zoneOf(node);
    if (zone) ep.zone = zone;
  }
  return ep;
}

/** getEndpointPorts: the Service's ports this pod offers; a headless Service may have none. */
export function endpointPorts(service: ServiceLike, pod: PodLike): SlicePort[] {
  const out: SlicePort[] = [];
  const ports = service.spec?.ports ?? [];
  if (ports.length === 0 && service.spec?.clusterIP === 'None') return out;
  for (const sp of ports) {
    const num = findPort(pod, sp);
    if (num === undefined) continue;
    const p: SlicePort = { name: sp.name ?? '', port: num, protocol: sp.protocol ?? 'TCP' };
    if (sp.appProtocol) p.appProtocol = sp.appProtocol;
    out.push(p);
  }
  return out;
}

function isReservedLabel(k: string): boolean {
  return k === SERVICE_NAME_LABEL || k === MANAGED_BY_LABEL || k === HEADLESS_LABEL;
}

/** The Service's labels (reserved ones skipped), the headless mark, the service name and the managing controller. */
export function sliceLabels(service: ServiceLike): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(service.metadata.labels ?? {})) if (!isReservedLabel(k)) labels[k] = v;
  const ip = service.spec?.clusterIP;
  if (!ip || ip === 'None') labels[HEADLESS_LABEL] = '';
  labels[SERVICE_NAME_LABEL] = service.metadata.name!;
  labels[MANAGED_BY_LABEL] = ENDPOINTSLICE_CONTROLLER_NAME;
  return labels;
}

export function isManagedSliceOf(slice: KObject, service: { metadata: { name?: string } }): boolean {
  const l = slice.metadata.labels ?? {};
  return l[MANAGED_BY_LABEL] === ENDPOINTSLICE_CONTROLLER_NAME && l[SERVICE_NAME_LABEL] === service.metadata.name;
}
