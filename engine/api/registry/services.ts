/**
 * Services (pkg/registry/core/service/strategy.go and storage/alloc.go,
 * SetDefaults_Service, ValidateService / ValidateServiceUpdate, release-1.35).
 */
import { field, internalError, invalid, type FieldError } from '../errors.js';
import type { KObject } from '../meta.js';
import type { Strategy, StrategyContext } from '../strategy.js';
import {
  isDNS1123Label, isDNS1123Subdomain, isValidPortName, isValidPortNum, nameIsDNS1035Label,
  validateLabels, validateObjectMeta, validateObjectMetaUpdate,
} from '../validation/names.js';
import { PROTOCOLS } from '../validation/pod.js';
import {
  allocators, ERR_IP_ALLOCATED, ERR_PORT_ALLOCATED, errIPNotInRange, errPortNotInRange, heldBy, inServiceCIDR, nextClusterIP, nextNodePort, NODE_PORT_RANGE_TEXT, nodePortInRange, SERVICE_CIDR,
} from './allocators.js';
import { intToIP, ipToInt, isIPv4 } from '../../util/ipv4.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

export const SERVICE_TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
export const SESSION_AFFINITIES = ['ClientIP', 'None'];
export const DEFAULT_CLIENT_IP_TIMEOUT = 10800;

const externallyAccessible = (spec: Any) => spec.type === 'LoadBalancer' || spec.type === 'NodePort' || (spec.type === 'ClusterIP' && (spec.externalIPs ?? []).length > 0);
const needsNodePorts = (spec: Any) => spec?.type === 'NodePort' || (spec?.type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts !== false);
/** apiservice.NeedsHealthCheck: kube-proxy serves a health check for the cloud's load balancer. */
const needsHealthCheck = (spec: Any) => spec?.type === 'LoadBalancer' && spec.externalTrafficPolicy === 'Local';
const needsClusterIP = (spec: Any) => spec?.type !== 'ExternalName' && spec?.clusterIP !== 'None';

/** SetDefaults_Service. */
export function defaultService(obj: Any): void {
  const spec = (obj.spec ??= {});
  spec.sessionAffinity ||= 'None';
  if (spec.sessionAffinity === 'None') delete spec.sessionAffinityConfig;
  if (spec.sessionAffinity === 'ClientIP' && spec.sessionAffinityConfig?.clientIP?.timeoutSeconds === undefined) {
    spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: DEFAULT_CLIENT_IP_TIMEOUT } };
  }
  spec.type ||= 'ClusterIP';
  for (const p of Array.isArray(spec.ports) ? spec.ports : []) {
    if (!p || typeof p !== 'object') continue;
    p.protocol ||= 'TCP';
    if (p.targetPort === undefined || p.targetPort === 0 || p.targetPort === '') p.targetPort = p.port;
  }
  if (externallyAccessible(spec)) spec.externalTrafficPolicy ||= 'Cluster';
  if (spec.internalTrafficPolicy === undefined && ['NodePort', 'LoadBalancer', 'ClusterIP'].includes(spec.type)) spec.internalTrafficPolicy = 'Cluster';
  if (spec.type === 'LoadBalancer') spec.allocateLoadBalancerNodePorts ??= true;
}

/** The IP-family fields the registry fills before validation (single-stack IPv4 cluster). */
function defaultIPFamilies(spec: Any): void {
  if (spec.type === 'ExternalName') return;
  if (spec.clusterIP && !spec.clusterIPs?.length) spec.clusterIPs = [spec.clusterIP];
  spec.ipFamilies ??= ['IPv4'];
  spec.ipFamilyPolicy ??= 'SingleStack';
}

function validatePortNumOrName(v: unknown, path: string): FieldError[] {
  if (typeof v === 'number') return isValidPortNum(v).map((m) => field.invalid(path, v, m));
  if (typeof v === 'string') return isValidPortName(v).map((m) => field.invalid(path, v, m));
  return [];
}

export function validateServiceSpec(spec: Any): FieldError[] {
  const errs: FieldError[] = [];
  const ports = (spec.ports ?? []) as Any[];
  const headless = spec.clusterIP === 'None';
  if (ports.length === 0 && !headless && spec.type !== 'ExternalName') errs.push(field.required('spec.ports', ''));
  if (spec.type === 'ExternalName') {
    if (!spec.externalName) errs.push(field.required('spec.externalName', ''));
    else for (const m of isDNS1123Subdomain(spec.externalName.replace(/\.$/, ''))) errs.push(field.invalid('spec.externalName', spec.externalName, m));
  }
  const names = new Set<string>();
  ports.forEach((p, i) => {
    const pp = `spec.ports[${i}]`;
    if (ports.length > 1 && !p?.name) errs.push(field.required(`${pp}.name`, ''));
    else if (p?.name) {
      for (const m of isDNS1123Label(p.name)) errs.push(field.invalid(`${pp}.name`, p.name, m));
      if (names.has(p.name)) errs.push(field.duplicate(`${pp}.name`, p.name));
      names.add(p.name);
    }
    for (const m of isValidPortNum(p?.port ?? 0)) errs.push(field.invalid(`${pp}.port`, p?.port ?? 0, m));
    if (!p?.protocol) errs.push(field.required(`${pp}.protocol`, ''));
    else if (!PROTOCOLS.includes(p.protocol)) errs.push(field.notSupported(`${pp}.protocol`, p.protocol, PROTOCOLS));
    errs.push(...validatePortNumOrName(p?.targetPort, `${pp}.targetPort`));
  });
  if (!SERVICE_TYPES.includes(spec.type)) errs.push(field.notSupported('spec.type', spec.type ?? '', SERVICE_TYPES));
  if (spec.type === 'ClusterIP') {
    ports.forEach((p, i) => { if (p?.nodePort) errs.push(field.forbidden(`spec.ports[${i}].nodePort`, "may not be used when `type` is 'ClusterIP'")); });
  }
  const seen = new Set<string>();
  ports.forEach((p, i) => {
    if (!p?.nodePort) return;
    const k = `${p.nodePort}/${p.protocol}`;
    if (seen.has(k)) errs.push(field.duplicate(`spec.ports[${i}].nodePort`, p.nodePort));
    seen.add(k);
  });
  if (spec.healthCheckNodePort && !needsHealthCheck(spec)) errs.push(field.invalid('spec.healthCheckNodePort', spec.healthCheckNodePort, "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'"));
  errs.push(...validateLabels(spec.selector, 'spec.selector'));
  if (!SESSION_AFFINITIES.includes(spec.sessionAffinity)) errs.push(field.notSupported('spec.sessionAffinity', spec.sessionAffinity ?? '', SESSION_AFFINITIES));
  if (spec.clusterIP && spec.clusterIP !== 'None' && !isIPv4(spec.clusterIP)) {
    errs.push(field.invalid('spec.clusterIPs[0]', spec.clusterIP, 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'));
  }
  return errs;
}

/** Updates keep what was allocated unless the new object names something else (patchAllocatedValues). */
function patchAllocatedValues(spec: Any, old: Any): void {
  if (needsClusterIP(old) && needsClusterIP(spec)) {
    if (!spec.clusterIP) spec.clusterIP = old.clusterIP;
    if (!spec.clusterIPs?.length || (spec.clusterIP !== old.clusterIP && spec.clusterIPs?.[0] === old.clusterIPs?.[0])) {
      spec.clusterIPs = spec.clusterIP === old.clusterIP ? old.clusterIPs : [spec.clusterIP];
    }
  }
  if (needsNodePorts(old) && needsNodePorts(spec)) {
    for (const p of spec.ports ?? []) {
      if (p.nodePort) continue;
      const match = (old.ports ?? []).find((o: Any) => o.port === p.port && o.protocol === p.protocol);
      if (match?.nodePort) p.nodePort = match.nodePort;
    }
  }
  // A health check port is kept while one is needed, and dropped with the need unless the update names it (dropTypeDependentFields).
  if (needsHealthCheck(old) && needsHealthCheck(spec)) spec.healthCheckNodePort ||= old.healthCheckNodePort;
  else if (needsHealthCheck(old) && spec.healthCheckNodePort === old.healthCheckNodePort) delete spec.healthCheckNodePort;
}

function allocate(obj: KObject, old: KObject | undefined, ctx: StrategyContext): void {
  const spec = obj.spec as Any;
  const a = allocators(ctx);
  const before = heldBy(old);
  const gotIPs: number[] = [];
  const gotPorts: number[] = [];
  const fail = (errs: FieldError[] | string) => {
    for (const ip of gotIPs) a.ips.delete(ip);
    for (const p of gotPorts) a.ports.delete(p);
    throw typeof errs === 'string' ? internalError(errs) : invalid('Service', '', obj.metadata.name ?? '', errs);
  };
  if (needsClusterIP(spec)) {
    if (spec.clusterIP) {
      const ip = ipToInt(spec.clusterIP);
      if (!before.ips.includes(ip)) {
        if (!inServiceCIDR(ip)) fail([field.invalid('spec.clusterIPs', [spec.clusterIP], `failed to allocate IP ${spec.clusterIP}: ${errIPNotInRange(spec.clusterIP, SERVICE_CIDR)}`)]);
        if (a.ips.has(ip)) fail([field.invalid('spec.clusterIPs', [spec.clusterIP], `failed to allocate IP ${spec.clusterIP}: ${ERR_IP_ALLOCATED}`)]);
        a.ips.add(ip);
        gotIPs.push(ip);
      }
    } else {
      const ip = nextClusterIP(a, ctx);
      if (ip === undefined) fail([field.invalid('spec.clusterIPs', [], 'failed to allocate a serviceIP: range is full')]);
      a.ips.add(ip!);
      gotIPs.push(ip!);
      spec.clusterIP = intToIP(ip!);
    }
    spec.clusterIPs = [spec.clusterIP];
  } else if (spec.clusterIP === 'None') {
    spec.clusterIPs = ['None'];
  }
  if (needsNodePorts(spec)) {
    ((spec.ports ?? []) as Any[]).forEach((p, i) => {
      const path = `spec.ports[${i}].nodePort`;
      if (p.nodePort) {
        if (before.ports.includes(p.nodePort) || gotPorts.includes(p.nodePort)) return;
        if (!nodePortInRange(p.nodePort)) fail([field.invalid(path, p.nodePort, errPortNotInRange(NODE_PORT_RANGE_TEXT))]);
        if (a.ports.has(p.nodePort)) fail([field.invalid(path, p.nodePort, ERR_PORT_ALLOCATED)]);
        a.ports.add(p.nodePort);
        gotPorts.push(p.nodePort);
      } else {
        // Ports of one Service with the same number but different protocols share a NodePort.
        const twin = (spec.ports as Any[]).find((q) => q !== p && q.port === p.port && q.nodePort);
        if (twin) { p.nodePort = twin.nodePort; return; }
        const np = nextNodePort(a, ctx);
        if (np === undefined) fail([field.invalid(path, 0, 'range is full')]);
        a.ports.add(np!);
        gotPorts.push(np!);
        p.nodePort = np;
      }
    });
  }
  // allocHealthCheckNodePort, from the NodePort range: a failure is an internal error in the real server.
  if (needsHealthCheck(spec) && !before.ports.includes(spec.healthCheckNodePort) && !gotPorts.includes(spec.healthCheckNodePort)) {
    const asked = spec.healthCheckNodePort;
    const hc = asked || nextNodePort(a, ctx);
    const why = hc === undefined ? 'range is full' : !nodePortInRange(hc) ? errPortNotInRange(NODE_PORT_RANGE_TEXT) : a.ports.has(hc) ? ERR_PORT_ALLOCATED : '';
    if (why) fail(asked ? `failed to allocate requested HealthCheck NodePort ${asked}: ${why}` : `failed to allocate a HealthCheck NodePort ${hc ?? 0}: ${why}`);
    a.ports.add(hc);
    gotPorts.push(hc);
    spec.healthCheckNodePort = hc;
  }
  // Release what the old object held and the new one does not.
  const after = heldBy(obj);
  for (const ip of before.ips) if (!after.ips.includes(ip)) a.ips.delete(ip);
  for (const p of before.ports) if (!after.ports.includes(p)) a.ports.delete(p);
}

export const serviceStrategy: Strategy = {
  defaults: defaultService,
  prepareForCreate(obj) {
    defaultIPFamilies(obj.spec as Any);
    obj.status = { loadBalancer: {} };
  },
  prepareForUpdate(obj, old) {
    patchAllocatedValues(obj.spec as Any, old.spec as Any);
    defaultIPFamilies(obj.spec as Any);
  },
  validate(obj) {
    return [...validateObjectMeta(obj, true, nameIsDNS1035Label), ...validateServiceSpec(obj.spec ?? {})];
  },
  validateUpdate(obj, old) {
    const errs = [...validateObjectMetaUpdate(obj, old), ...validateServiceSpec(obj.spec ?? {})];
    const spec = obj.spec as Any;
    const oldSpec = old.spec as Any;
    if (needsClusterIP(oldSpec) && needsClusterIP(spec) && oldSpec.clusterIPs?.length && spec.clusterIPs?.[0] !== oldSpec.clusterIPs[0]) {
      errs.push(field.invalid('spec.clusterIPs[0]', spec.clusterIPs, 'may not change once set'));
    }
    if ((oldSpec.clusterIP === 'None') !== (spec.clusterIP === 'None') && oldSpec.type !== 'ExternalName' && spec.type !== 'ExternalName') {
      errs.push(field.invalid('spec.clusterIPs[0]', spec.clusterIPs ?? [], 'may not change once set'));
    }
    return errs;
  },
  allocate,
  release(obj, ctx) {
    const a = allocators(ctx);
    const held = heldBy(obj);
    for (const ip of held.ips) a.ips.delete(ip);
    for (const p of held.ports) a.ports.delete(p);
  },
  selectableFields(obj) {
    const spec = obj.spec as Any;
    return { 'spec.clusterIP': spec?.clusterIP ?? '', 'spec.type': spec?.type ?? '' };
  },
};
