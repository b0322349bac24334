/**
 * networking.k8s.io/v1 validation (pkg/apis/networking/validation/validation.go,
 * release-1.35): Ingress, IngressClass and NetworkPolicy, with their defaults
 * (pkg/apis/networking/v1/defaults.go). Loaded on first use (registry/kinds.ts).
 */
import { field, type FieldError } from '../errors.js';
import type { KObject } from '../meta.js';
import { isIPv4 } from '../../util/ipv4.js';
import {
  FIELD_IMMUTABLE, isDNS1123Label, isDNS1123Subdomain, isValidPathSegmentName, isValidPortName, isValidPortNum,
  nameIsDNSSubdomain, validateLabelSelector, validateObjectMeta, validateObjectMetaUpdate,
} from './names.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

export const INGRESS_CLASS_ANNOTATION = 'kubernetes.io/ingress.class';
const MAX_LEN_INGRESS_CLASS_CONTROLLER = 250;
const PATH_TYPES = ['Exact', 'ImplementationSpecific', 'Prefix'];
const INVALID_PATH_SEQUENCES = ['//', '/./', '/../', '%2f', '%2F'];
const INVALID_PATH_SUFFIXES = ['/..', '/.'];
const NETPOL_PROTOCOLS = ['TCP', 'UDP', 'SCTP'];
const POLICY_TYPES = ['Ingress', 'Egress'];

// ---------- defaults ----------

/** SetDefaults_NetworkPolicyPort and SetDefaults_NetworkPolicy: TCP ports; policyTypes from the rules. */
export function defaultNetworkPolicy(obj: KObject): void {
  const spec = (obj.spec ??= {}) as Any;
  for (const list of [...(spec.ingress ?? []), ...(spec.egress ?? [])]) {
    for (const p of list?.ports ?? []) if (p && p.protocol === undefined) p.protocol = 'TCP';
  }
  if (!spec.policyTypes?.length) {
    const types = ['Ingress'];
    if (spec.egress?.length) types.push('Egress');
    spec.policyTypes = types;
  }
}

// ---------- Ingress ----------

/** IsWildcardDNS1123Subdomain: "*." followed by a DNS-1123 subdomain. */
const WILDCARD_DNS1123_SUBDOMAIN_FMT = '\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*';
const WILDCARD_RE = new RegExp(`^${WILDCARD_DNS1123_SUBDOMAIN_FMT}$`);

function isWildcardDNS1123Subdomain(v: string): string[] {
  const errs: string[] = [];
  if (v.length > 253) errs.push('must be no more than 253 characters');
  if (!WILDCARD_RE.test(v)) {
    errs.push(`a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character (e.g. '*.example.com', regex used for validation is '${WILDCARD_DNS1123_SUBDOMAIN_FMT}')`);
  }
  return errs;
}

function validateBackend(b: Any, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const hasResource = b?.resource != null;
  const hasService = b?.service != null;
  if (hasResource && hasService) return [field.invalid(path, '', 'cannot set both resource and service backends')];
  if (hasResource) return validateTypedLocalObjectReference(b.resource, `${path}.resource`);
  if (!hasService) return [field.invalid(path, '', 'resource or service backend is required')];
  const svc = b.service;
  if (!svc.name) errs.push(field.required(`${path}.service.name`, ''));
  // RelaxedServiceNameValidation (beta, on in v1.35): a backend Service's name is a DNS-1123 label.
  else for (const m of isDNS1123Label(svc.name)) errs.push(field.invalid(`${path}.service.name`, svc.name, m));
  const portName = svc.port?.name ?? '';
  const portNumber = svc.port?.number ?? 0;
  if (portName && portNumber) errs.push(field.invalid(path, '', 'cannot set both port name & port number'));
  else if (portName) for (const m of isValidPortName(portName)) errs.push(field.invalid(`${path}.service.port.name`, portName, m));
  else if (portNumber) for (const m of isValidPortNum(portNumber)) errs.push(field.invalid(`${path}.service.port.number`, portNumber, m));
  else errs.push(field.required(path, 'port name or number is required'));
  return errs;
}

function validateTypedLocalObjectReference(ref: Any, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (ref.apiGroup != null) for (const m of isDNS1123Subdomain(ref.apiGroup)) errs.push(field.invalid(`${path}.apiGroup`, ref.apiGroup, m));
  if (!ref.kind) errs.push(field.required(`${path}.kind`, ''));
  else for (const m of isValidPathSegmentName(ref.kind)) errs.push(field.invalid(`${path}.kind`, ref.kind, m));
  if (!ref.name) errs.push(field.required(`${path}.name`, ''));
  else for (const m of isValidPathSegmentName(ref.name)) errs.push(field.invalid(`${path}.name`, ref.name, m));
  return errs;
}

function validateHTTPPath(p: Any, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (p?.pathType == null) return [field.required(`${path}.pathType`, 'pathType must be specified')];
  const value = p.path ?? '';
  switch (p.pathType) {
    case 'Exact':
    case 'Prefix':
      if (!value.startsWith('/')) errs.push(field.invalid(`${path}.path`, value, 'must be an absolute path'));
      if (value) {
        for (const s of INVALID_PATH_SEQUENCES) if (value.includes(s)) errs.push(field.invalid(`${path}.path`, value, `must not contain '${s}'`));
        for (const s of INVALID_PATH_SUFFIXES) if (value.endsWith(s)) errs.push(field.invalid(`${path}.path`, value, `cannot end with '${s}'`));
      }
      break;
    case 'ImplementationSpecific':
      if (value && !value.startsWith('/')) errs.push(field.invalid(`${path}.path`, value, 'must be an absolute path'));
      break;
    default:
      errs.push(field.notSupported(`${path}.pathType`, p.pathType, PATH_TYPES));
  }
  errs.push(...validateBackend(p.backend, `${path}.backend`));
  return errs;
}

function validateIngressSpec(spec: Any, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const rules = (spec?.rules ?? []) as Any[];
  if (rules.length === 0 && spec?.defaultBackend == null) errs.push(field.invalid(path, spec?.rules ?? null, 'either `defaultBackend` or `rules` must be specified'));
  if (spec?.defaultBackend != null) errs.push(...validateBackend(spec.defaultBackend, `${path}.defaultBackend`));
  rules.forEach((rule, i) => {
    const rp = `${path}.rules[${i}]`;
    const host = rule?.host ?? '';
    if (host) {
      if (isIPv4(host)) errs.push(field.invalid(`${rp}.host`, host, 'must be a DNS name, not an IP address'));
      const msgs = host.includes('*') ? isWildcardDNS1123Subdomain(host) : isDNS1123Subdomain(host);
      for (const m of msgs) errs.push(field.invalid(`${rp}.host`, host, m));
    }
    if (rule?.http != null) {
      const paths = (rule.http.paths ?? []) as Any[];
      if (paths.length === 0) errs.push(field.required(`${rp}.http.paths`, ''));
      paths.forEach((p, j) => errs.push(...validateHTTPPath(p, `${rp}.http.paths[${j}]`)));
    }
  });
  ((spec?.tls ?? []) as Any[]).forEach((tls, i) => {
    ((tls?.hosts ?? []) as string[]).forEach((h, j) => {
      const msgs = h.includes('*') ? isWildcardDNS1123Subdomain(h) : isDNS1123Subdomain(h);
      for (const m of msgs) errs.push(field.invalid(`${path}.tls[${i}].hosts[${j}]`, h, m));
    });
    if (tls?.secretName) for (const m of nameIsDNSSubdomain(tls.secretName, false)) errs.push(field.invalid(`${path}.tls[${i}].secretName`, tls.secretName, m));
  });
  if (spec?.ingressClassName != null) {
    for (const m of nameIsDNSSubdomain(spec.ingressClassName, false)) errs.push(field.invalid(`${path}.ingressClassName`, spec.ingressClassName, m));
  }
  return errs;
}

export function validateIngress(obj: KObject): FieldError[] {
  const errs = [...validateObjectMeta(obj, true, nameIsDNSSubdomain), ...validateIngressSpec(obj.spec, 'spec')];
  const annotation = obj.metadata.annotations?.[INGRESS_CLASS_ANNOTATION];
  const className = (obj.spec as Any)?.ingressClassName;
  if (annotation !== undefined && className != null && annotation !== className) {
    errs.push(field.invalid(`annotations.${INGRESS_CLASS_ANNOTATION}`, annotation, 'must match `ingressClassName` when both are specified'));
  }
  return errs;
}

export function validateIngressUpdate(obj: KObject, old: KObject): FieldError[] {
  return [...validateObjectMetaUpdate(obj, old), ...validateObjectMeta(obj, true, nameIsDNSSubdomain), ...validateIngressSpec(obj.spec, 'spec')];
}

// ---------- IngressClass ----------

/** IsDomainPrefixedPath: "example.com/controller". */
function validateDomainPrefixedPath(v: string, path: string): FieldError[] {
  const slash = v.indexOf('/');
  if (slash < 0) return [field.invalid(path, v, 'must be a domain-prefixed path (such as "acme.io/foo")')];
  const host = v.slice(0, slash);
  const rest = v.slice(slash);
  const errs: FieldError[] = [];
  for (const m of isDNS1123Subdomain(host)) errs.push(field.invalid(path, host, m));
  if (!/^[A-Za-z0-9/\-._~%!$&'()*+,;=:]+$/.test(rest)) {
    errs.push(field.invalid(path, rest, "must be a valid path segment (e.g. '/foo', regex used for validation is '[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+')"));
  }
  return errs;
}

function validateIngressClassSpec(spec: Any): FieldError[] {
  const errs: FieldError[] = [];
  const controller = spec?.controller ?? '';
  if (!controller) errs.push(field.required('spec.controller', ''));
  else {
    if (controller.length > MAX_LEN_INGRESS_CLASS_CONTROLLER) errs.push(field.tooLong('spec.controller', MAX_LEN_INGRESS_CLASS_CONTROLLER));
    errs.push(...validateDomainPrefixedPath(controller, 'spec.controller'));
  }
  const params = spec?.parameters;
  if (params == null) return errs;
  const p = 'spec.parameters';
  if (params.apiGroup != null) for (const m of isDNS1123Subdomain(params.apiGroup)) errs.push(field.invalid(`${p}.apiGroup`, params.apiGroup, m));
  if (!params.kind) errs.push(field.required(`${p}.kind`, ''));
  else for (const m of isValidPathSegmentName(params.kind)) errs.push(field.invalid(`${p}.kind`, params.kind, m));
  if (!params.name) errs.push(field.required(`${p}.name`, ''));
  else for (const m of isValidPathSegmentName(params.name)) errs.push(field.invalid(`${p}.name`, params.name, m));
  if (params.scope == null) {
    errs.push(field.required(`${p}.scope`, ''));
    return errs;
  }
  if (params.scope !== 'Cluster' && params.scope !== 'Namespace') errs.push(field.notSupported(`${p}.scope`, params.scope, ['Cluster', 'Namespace']));
  else if (params.scope === 'Namespace') {
    if (params.namespace == null) errs.push(field.required(`${p}.namespace`, "`parameters.scope` is set to 'Namespace'"));
    else for (const m of isDNS1123Label(params.namespace)) errs.push(field.invalid(`${p}.namespace`, params.namespace, m));
  } else if (params.namespace != null) errs.push(field.forbidden(`${p}.namespace`, "`parameters.scope` is set to 'Cluster'"));
  return errs;
}

export function validateIngressClass(obj: KObject): FieldError[] {
  return [...validateObjectMeta(obj, false, nameIsDNSSubdomain), ...validateIngressClassSpec(obj.spec)];
}

export function validateIngressClassUpdate(obj: KObject, old: KObject): FieldError[] {
  const errs = validateObjectMetaUpdate(obj, old);
  const controller = (obj.spec as Any)?.controller;
  if (controller !== (old.spec as Any)?.controller) errs.push(field.invalid('spec.controller', controller ?? '', FIELD_IMMUTABLE));
  return [...errs, ...validateIngressClass(obj)];
}

// ---------- NetworkPolicy ----------

function validatePort(port: Any, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (port?.protocol != null && !NETPOL_PROTOCOLS.includes(port.protocol)) errs.push(field.notSupported(`${path}.protocol`, port.protocol, NETPOL_PROTOCOLS));
  if (port?.port != null) {
    if (typeof port.port === 'number') {
      for (const m of isValidPortNum(port.port)) errs.push(field.invalid(`${path}.port`, port.port, m));
      if (port.endPort != null) {
        if (port.endPort < port.port) errs.push(field.invalid(`${path}.endPort`, port.endPort, 'must be greater than or equal to `port`'));
        for (const m of isValidPortNum(port.endPort)) errs.push(field.invalid(`${path}.endPort`, port.endPort, m));
      }
    } else {
      if (port.endPort != null) errs.push(field.invalid(`${path}.endPort`, port.endPort, 'may not be specified when `port` is non-numeric'));
      for (const m of isValidPortName(String(port.port))) errs.push(field.invalid(`${path}.port`, port.port, m));
    }
  } else if (port?.endPort != null) errs.push(field.invalid(`${path}.endPort`, port.endPort, 'may not be specified when `port` is not specified'));
  return errs;
}

const CIDR_RE = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

function parseCIDR(s: string): { ip: number; bits: number } | undefined {
  const m = CIDR_RE.exec(s);
  if (!m) return undefined;
  const octets = m.slice(1, 5).map(Number);
  const bits = Number(m[5]);
  if (octets.some((o) => o > 255) || bits > 32) return undefined;
  return { ip: octets.reduce((a, o) => a * 256 + o, 0), bits };
}

function validateIPBlock(b: Any, path: string): FieldError[] {
  if (!b?.cidr) return [field.required(`${path}.cidr`, '')];
  const cidr = parseCIDR(b.cidr);
  if (!cidr) return [field.invalid(`${path}.cidr`, b.cidr, 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)')];
  const errs: FieldError[] = [];
  ((b.except ?? []) as string[]).forEach((e, i) => {
    const ex = parseCIDR(e);
    if (!ex) return void errs.push(field.invalid(`${path}.except[${i}]`, e, 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)'));
    const mask = cidr.bits === 0 ? 0 : Math.floor(ex.ip / 2 ** (32 - cidr.bits)) === Math.floor(cidr.ip / 2 ** (32 - cidr.bits));
    if (!mask || cidr.bits >= ex.bits) errs.push(field.invalid(`${path}.except[${i}]`, e, 'must be a strict subset of `cidr`'));
  });
  return errs;
}

function validatePeer(peer: Any, path: string): FieldError[] {
  const errs: FieldError[] = [];
  let n = 0;
  if (peer?.podSelector != null) { n++; errs.push(...validateLabelSelector(peer.podSelector, `${path}.podSelector`)); }
  if (peer?.namespaceSelector != null) { n++; errs.push(...validateLabelSelector(peer.namespaceSelector, `${path}.namespaceSelector`)); }
  if (peer?.ipBlock != null) { n++; errs.push(...validateIPBlock(peer.ipBlock, `${path}.ipBlock`)); }
  if (n === 0) errs.push(field.required(path, 'must specify a peer'));
  else if (n > 1 && peer.ipBlock != null) errs.push(field.forbidden(path, 'may not specify both ipBlock and another peer'));
  return errs;
}

function validateNetworkPolicySpec(spec: Any): FieldError[] {
  const errs = validateLabelSelector(spec?.podSelector, 'spec.podSelector');
  ((spec?.ingress ?? []) as Any[]).forEach((rule, i) => {
    ((rule?.ports ?? []) as Any[]).forEach((p, j) => errs.push(...validatePort(p, `spec.ingress[${i}].ports[${j}]`)));
    ((rule?.from ?? []) as Any[]).forEach((p, j) => errs.push(...validatePeer(p, `spec.ingress[${i}].from[${j}]`)));
  });
  ((spec?.egress ?? []) as Any[]).forEach((rule, i) => {
    ((rule?.ports ?? []) as Any[]).forEach((p, j) => errs.push(...validatePort(p, `spec.egress[${i}].ports[${j}]`)));
    ((rule?.to ?? []) as Any[]).forEach((p, j) => errs.push(...validatePeer(p, `spec.egress[${i}].to[${j}]`)));
  });
  const types = (spec?.policyTypes ?? []) as string[];
  if (types.length > POLICY_TYPES.length) {
    errs.push(field.invalid('spec.policyTypes', types, 'may not specify more than two policyTypes'));
    return errs;
  }
  types.forEach((t, i) => { if (!POLICY_TYPES.includes(t)) errs.push(field.notSupported(`spec.policyTypes[${i}]`, t, POLICY_TYPES)); });
  return errs;
}

export function validateNetworkPolicy(obj: KObject): FieldError[] {
  return [...validateObjectMeta(obj, true, nameIsDNSSubdomain), ...validateNetworkPolicySpec(obj.spec)];
}

export function validateNetworkPolicyUpdate(obj: KObject, old: KObject): FieldError[] {
  return [...validateObjectMetaUpdate(obj, old), ...validateNetworkPolicySpec(obj.spec)];
}

