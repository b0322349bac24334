/**
 * Services (pkg/registry/core/service/strategy.go, SetDefaults_Service, ValidateService / ValidateServiceUpdate,
 * release-1.35); the allocations (storage/alloc.go) are in service-writes.ts.
 */
import { field, type FieldError } from '../errors.js';
import type { Strategy } from '../strategy.js';
import {
  isDNS1123Label, isDNS1123Subdomain, isValidPortName, isValidPortNum, nameIsDNS1035Label,
  validateLabels, validateObjectMeta, validateObjectMetaUpdate,
} from '../validation/names.js';
import { PROTOCOLS } from '../validation/pod.js';
import { isIPv4 } from '../../util/ipv4.js';
import { lazyModule } from '../../util/lazy-module.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

export const SERVICE_TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
export const SESSION_AFFINITIES = ['ClientIP', 'None'];
export const DEFAULT_CLIENT_IP_TIMEOUT = 10800;
const TRAFFIC_POLICIES = ['Cluster', 'Local'];

/** apiservice.ExternallyAccessible: traffic from outside the cluster reaches it (externalTrafficPolicy applies). */
export const externallyAccessible = (spec: Any) => spec.type === 'LoadBalancer' || spec.type === 'NodePort' || (spec.type === 'ClusterIP' && (spec.externalIPs ?? []).length > 0);
/** apiservice.NeedsHealthCheck: kube-proxy serves a health check for the cloud's load balancer. */
export const needsHealthCheck = (spec: Any) => spec?.type === 'LoadBalancer' && spec.externalTrafficPolicy === 'Local';
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
  if ((spec.type === 'LoadBalancer' || spec.type === 'NodePort') && headless) {
    errs.push(field.invalid('spec.clusterIPs[0]', 'None', `may not be set to 'None' for ${spec.type} services`));
  }
  if (spec.type === 'ExternalName') {
    for (const f of ['clusterIPs', 'ipFamilies'] as const) if (spec[f]?.length) errs.push(field.forbidden(`spec.${f}`, 'may not be set for ExternalName services'));
    if (spec.ipFamilyPolicy) errs.push(field.forbidden('spec.ipFamilyPolicy', 'may not be set for ExternalName services'));
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
  // validateServiceExternalTrafficPolicy.
  if (!externallyAccessible(spec)) {
    if (spec.externalTrafficPolicy) errs.push(field.invalid('spec.externalTrafficPolicy', spec.externalTrafficPolicy, 'may only be set for externally-accessible services'));
  } else if (!TRAFFIC_POLICIES.includes(spec.externalTrafficPolicy)) errs.push(field.notSupported('spec.externalTrafficPolicy', spec.externalTrafficPolicy ?? '', TRAFFIC_POLICIES));
  if (spec.healthCheckNodePort && !needsHealthCheck(spec)) errs.push(field.invalid('spec.healthCheckNodePort', spec.healthCheckNodePort, "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'"));
  errs.push(...validateLabels(spec.selector, 'spec.selector'));
  if (!SESSION_AFFINITIES.includes(spec.sessionAffinity)) errs.push(field.notSupported('spec.sessionAffinity', spec.sessionAffinity ?? '', SESSION_AFFINITIES));
  errs.push(...validateClusterIPsRelatedFields(spec));
  return errs;
}

/** ValidateServiceClusterIPsRelatedFields' checks of clusterIP and clusterIPs. */
export function validateClusterIPsRelatedFields(spec: Any): FieldError[] {
  const errs: FieldError[] = [];
  if (spec.type === 'ExternalName') return errs;
  const ips = (spec.clusterIPs ?? []) as string[];
  if (spec.clusterIP) {
    if (!ips.length) errs.push(field.required('spec.clusterIPs', ''));
    else if (ips[0] !== spec.clusterIP) errs.push(field.invalid('spec.clusterIPs', ips, 'first value must match `clusterIP`'));
  } else if (ips.length) errs.push(field.invalid('spec.clusterIPs', ips, 'must be empty when `clusterIP` is not specified'));
  ips.forEach((ip, i) => {
    if (i === 0 && ip === 'None') {
      if (ips.length > 1) errs.push(field.invalid('spec.clusterIPs', ips, "'None' must be the first and only value"));
    } else if (!isIPv4(ip)) errs.push(field.invalid(`spec.clusterIPs[${i}]`, ip, 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'));
  });
  if (ips.length > 2) errs.push(field.invalid('spec.clusterIPs', ips, 'may only hold up to 2 values'));
  return errs;
}

/**
 * The allocations (service-writes.ts) load with what a learner's writes need (schema/go-json-loader.ts: kubectl and
 * the HTTP front wait for it before a write). A component's own write before then is stored as sent, naming its
 * addresses (kube-apiserver's `kubernetes` Service, kubeadm's kube-dns): the allocators count it when next rebuilt
 * from the store.
 */
export const serviceWrites = lazyModule(() => import('./service-writes.js'));
/** Where the API server keeps the allocators (allocators.ts), dropped for a rebuild when a write goes by without them. */
export const ALLOCATORS_STATE = 'service-allocators';
const NOTHING_TAKEN = () => undefined;

export const serviceStrategy: Strategy = {
  defaults: defaultService,
  prepareForCreate(obj) {
    obj.status = { loadBalancer: {} };
  },
  prepareForUpdate(obj, old) {
    serviceWrites.loaded()?.dropTypeDependentFields(obj, old);
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
  begin(obj, old, ctx) {
    const writes = serviceWrites.loaded();
    if (writes) return writes.begin(obj, old, ctx);
    ctx.state.delete(ALLOCATORS_STATE);
    return NOTHING_TAKEN;
  },
  release(obj, ctx) {
    const writes = serviceWrites.loaded();
    if (writes) writes.release(obj, ctx);
    else ctx.state.delete(ALLOCATORS_STATE);
  },
  selectableFields(obj) {
    const spec = obj.spec as Any;
    return { 'spec.clusterIP': spec?.clusterIP ?? '', 'spec.type': spec?.type ?? '' };
  },
};
