/**
 * The smaller kinds: Events, ServiceAccounts, Leases, Endpoints and
 * EndpointSlices (their pkg/registry/<group>/<resource>/strategy.go and
 * validation, release-1.35), each with its own Strategy.
 */
import { field, type FieldError } from '../errors.js';
import type { KObject } from '../meta.js';
import type { Strategy } from '../strategy.js';
import { FIELD_IMMUTABLE, isDNS1123Label, isValidPortName, isValidPortNum, nameIsDNSSubdomain, validateObjectMeta, validateObjectMetaUpdate } from '../validation/names.js';
import { PROTOCOLS } from '../validation/pod.js';
import { isIPv4 } from '../../util/ipv4.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

/** Any name the URL can carry: Events are named "<object>.<hex>". */
const anyName = (): string[] => [];

export const eventStrategy: Strategy = {
  validate(obj) {
    const errs = validateObjectMeta(obj, true, anyName);
    const io = (obj.involvedObject ?? {}) as Any;
    if (io.namespace && obj.metadata.namespace && io.namespace !== obj.metadata.namespace) {
      errs.push(field.invalid('involvedObject.namespace', io.namespace, 'does not match event.namespace'));
    }
    return errs;
  },
  validateUpdate(obj, old) {
    return validateObjectMetaUpdate(obj, old);
  },
  selectableFields(obj) {
    const e = obj as Any;
    const io = e.involvedObject ?? {};
    return {
      'involvedObject.kind': io.kind ?? '',
      'involvedObject.namespace': io.namespace ?? '',
      'involvedObject.name': io.name ?? '',
      'involvedObject.uid': io.uid ?? '',
      'involvedObject.apiVersion': io.apiVersion ?? '',
      'involvedObject.resourceVersion': io.resourceVersion ?? '',
      'involvedObject.fieldPath': io.fieldPath ?? '',
      reason: e.reason ?? '',
      reportingComponent: e.reportingComponent ?? '',
      source: e.source?.component || e.reportingComponent || '',
      type: e.type ?? '',
    };
  },
};

export const serviceAccountStrategy: Strategy = {
  validate(obj) {
    return validateObjectMeta(obj, true, nameIsDNSSubdomain);
  },
  validateUpdate(obj, old) {
    return validateObjectMetaUpdate(obj, old);
  },
};

function validateLeaseSpec(obj: KObject): FieldError[] {
  const spec = (obj.spec ?? {}) as Any;
  const errs: FieldError[] = [];
  if (spec.leaseDurationSeconds !== undefined && spec.leaseDurationSeconds <= 0) {
    errs.push(field.invalid('spec.leaseDurationSeconds', spec.leaseDurationSeconds, 'must be greater than 0'));
  }
  if (spec.leaseTransitions !== undefined && spec.leaseTransitions < 0) {
    errs.push(field.invalid('spec.leaseTransitions', spec.leaseTransitions, 'must be greater than or equal to 0'));
  }
  return errs;
}

export const leaseStrategy: Strategy = {
  validate(obj) {
    return [...validateObjectMeta(obj, true, nameIsDNSSubdomain), ...validateLeaseSpec(obj)];
  },
  validateUpdate(obj, old) {
    return [...validateObjectMetaUpdate(obj, old), ...validateLeaseSpec(obj)];
  },
};

function validatePort(p: Any, path: string, requireName: boolean): FieldError[] {
  const errs: FieldError[] = [];
  if (requireName && !p?.name) errs.push(field.required(`${path}.name`, ''));
  for (const m of isValidPortNum(p?.port ?? 0)) errs.push(field.invalid(`${path}.port`, p?.port ?? 0, m));
  if (!p?.protocol) errs.push(field.required(`${path}.protocol`, ''));
  else if (!PROTOCOLS.includes(p.protocol)) errs.push(field.notSupported(`${path}.protocol`, p.protocol, PROTOCOLS));
  return errs;
}

function validateEndpoints(obj: KObject): FieldError[] {
  const errs: FieldError[] = [];
  (((obj as Any).subsets ?? []) as Any[]).forEach((ss, i) => {
    const p = `subsets[${i}]`;
    for (const key of ['addresses', 'notReadyAddresses']) {
      ((ss?.[key] ?? []) as Any[]).forEach((a, j) => {
        if (!isIPv4(a?.ip ?? '')) errs.push(field.invalid(`${p}.${key}[${j}].ip`, a?.ip ?? '', 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'));
      });
    }
    ((ss?.ports ?? []) as Any[]).forEach((port, j) => errs.push(...validatePort(port, `${p}.ports[${j}]`, (ss.ports ?? []).length > 1)));
  });
  return errs;
}

export const endpointsStrategy: Strategy = {
  defaults(obj) {
    for (const ss of ((obj as Any).subsets ?? []) as Any[]) for (const p of ss?.ports ?? []) if (p) p.protocol ||= 'TCP';
  },
  validate(obj) {
    return [...validateObjectMeta(obj, true, nameIsDNSSubdomain), ...validateEndpoints(obj)];
  },
  validateUpdate(obj, old) {
    return [...validateObjectMetaUpdate(obj, old), ...validateEndpoints(obj)];
  },
};

export const ADDRESS_TYPES = ['FQDN', 'IPv4', 'IPv6'];

function validateEndpointSlice(obj: KObject): FieldError[] {
  const s = obj as Any;
  const errs: FieldError[] = [];
  if (!s.addressType) errs.push(field.required('addressType', ''));
  else if (!ADDRESS_TYPES.includes(s.addressType)) errs.push(field.notSupported('addressType', s.addressType, ADDRESS_TYPES));
  ((s.ports ?? []) as Any[]).forEach((p, i) => {
    const path = `ports[${i}]`;
    // EndpointSlice port names are DNS-1123 labels (ValidateDNS1123Label), not IANA_SVC_NAME: "80-80" from `kubectl create service` is valid.
    if (p?.name) for (const m of isDNS1123Label(p.name)) errs.push(field.invalid(`${path}.name`, p.name, m));
    if (p?.port !== undefined) for (const m of isValidPortNum(p.port)) errs.push(field.invalid(`${path}.port`, p.port, m));
    if (p?.protocol && !PROTOCOLS.includes(p.protocol)) errs.push(field.notSupported(`${path}.protocol`, p.protocol, PROTOCOLS));
  });
  return errs;
}

export const endpointSliceStrategy: Strategy = {
  tracksGeneration: true,
  defaults(obj) {
    for (const p of ((obj as Any).ports ?? []) as Any[]) {
      if (!p) continue;
      p.name ??= '';
      p.protocol ??= 'TCP';
    }
  },
  validate(obj) {
    return [...validateObjectMeta(obj, true, nameIsDNSSubdomain), ...validateEndpointSlice(obj)];
  },
  validateUpdate(obj, old) {
    const errs = [...validateObjectMetaUpdate(obj, old), ...validateEndpointSlice(obj)];
    if (obj.addressType !== old.addressType) errs.push(field.invalid('addressType', obj.addressType, FIELD_IMMUTABLE));
    return errs;
  },
};
