/**
 * resource.k8s.io/v1, Dynamic Resource Allocation (GA in v1.34, served by default): DeviceClass, ResourceClaim,
 * ResourceClaimTemplate and ResourceSlice with release-1.35's v1 defaults (pkg/apis/resource/v1/defaults.go) and
 * validation (pkg/apis/resource/validation/validation.go). A kubeadm cluster has no DRA driver, so nothing publishes
 * ResourceSlices or allocates claims; a pod that needs one stays Pending (the scheduler's dynamicresources plugin).
 * CEL selector expressions are not compiled here: only their presence and length are checked.
 */
import { field, type FieldError } from '../errors.js';
import { deepEqual, type KObject } from '../meta.js';
import { registerStrategy } from '../strategy.js';
import {
  FIELD_IMMUTABLE, isDNS1123Label, isDNS1123Subdomain, nameIsDNSSubdomain, validateAnnotations, validateLabels, validateObjectMeta, validateObjectMetaUpdate,
} from '../validation/names.js';
import '../bootstrap/served-builtins.js';
// DRA's driver names are CSI driver names (validateDriverName = corevalidation.ValidateCSIDriverName).
import { validateCSIDriverName } from './storage-kinds.js';
// The scheduler's side of a claim comes with the kind.
import '../../scheduler/plugins/dynamicresources/claims.js';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export const DEVICE_CLASSES = 'deviceclasses.resource.k8s.io';
export const RESOURCE_CLAIMS = 'resourceclaims.resource.k8s.io';
export const RESOURCE_CLAIM_TEMPLATES = 'resourceclaimtemplates.resource.k8s.io';
export const RESOURCE_SLICES = 'resourceslices.resource.k8s.io';

const ALLOCATION_MODES = ['All', 'ExactCount'];
const CEL_SELECTOR_EXPRESSION_MAX_LENGTH = 10 * 1024;
const POOL_NAME_MAX_LENGTH = 253;

const label = (v: unknown, path: string): FieldError[] => isDNS1123Label(String(v ?? '')).map((m) => field.invalid(path, v ?? '', m));
const subdomain = (v: unknown, path: string): FieldError[] => isDNS1123Subdomain(String(v ?? '')).map((m) => field.invalid(path, v ?? '', m));

/** validateSet's duplicate check: each item's key once. */
function duplicates<T>(items: T[], key: (t: T) => string, path: string): FieldError[] {
  const seen = new Set<string>();
  const errs: FieldError[] = [];
  items.forEach((t, i) => {
    const k = key(t);
    if (seen.has(k)) errs.push(field.duplicate(`${path}[${i}]`, k));
    seen.add(k);
  });
  return errs;
}

// ---------- defaults ----------

/** SetDefaults_ExactDeviceRequest and SetDefaults_DeviceSubRequest: ExactCount of one device. */
function defaultDeviceRequest(r: Any | undefined): void {
  if (!r || typeof r !== 'object') return;
  r.allocationMode ||= 'ExactCount';
  if (r.allocationMode === 'ExactCount' && !r.count) r.count = 1;
  for (const t of (r.tolerations ?? []) as Any[]) if (t && !t.operator) t.operator = 'Equal';
}

function defaultClaimSpec(spec: Any | undefined): void {
  for (const req of (spec?.devices?.requests ?? []) as Any[]) {
    defaultDeviceRequest(req?.exactly);
    for (const sub of (req?.firstAvailable ?? []) as Any[]) defaultDeviceRequest(sub);
  }
}

// ---------- validation ----------

function validateSelectors(selectors: Any[] | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  (selectors ?? []).forEach((s, i) => {
    const p = `${path}[${i}].cel`;
    if (s?.cel == null) errs.push(field.required(p, ''));
    else if (String(s.cel.expression ?? '').length > CEL_SELECTOR_EXPRESSION_MAX_LENGTH) errs.push(field.tooLong(`${p}.expression`, CEL_SELECTOR_EXPRESSION_MAX_LENGTH));
    else if (!s.cel.expression) errs.push(field.required(`${p}.expression`, ''));
  });
  return errs;
}

/** validateExactDeviceRequest (and a sub-request's, after its name). */
function validateDeviceRequestBody(r: Any, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!r.deviceClassName) errs.push(field.required(`${path}.deviceClassName`, ''));
  else errs.push(...subdomain(r.deviceClassName, `${path}.deviceClassName`));
  errs.push(...validateSelectors(r.selectors, `${path}.selectors`));
  const count = Number(r.count ?? 0);
  if (r.allocationMode === 'All') {
    if (count !== 0) errs.push(field.invalid(`${path}.count`, count, "must not be specified when allocationMode is 'All'"));
  } else if (r.allocationMode === 'ExactCount') {
    if (count <= 0) errs.push(field.invalid(`${path}.count`, count, 'must be greater than zero'));
  } else errs.push(field.notSupported(`${path}.allocationMode`, r.allocationMode ?? '', ALLOCATION_MODES));
  return errs;
}

function validateDeviceRequest(req: Any, path: string): FieldError[] {
  const errs = label(req?.name, `${path}.name`);
  const first = (req?.firstAvailable ?? []) as Any[];
  const types = (first.length ? 1 : 0) + (req?.exactly != null ? 1 : 0);
  if (types === 0) errs.push(field.required(path, 'exactly one of `exactly` or `firstAvailable` is required'));
  else if (types > 1) errs.push(field.invalid(path, null, 'exactly one of `exactly` or `firstAvailable` is required, but multiple fields are set'));
  else if (first.length) {
    first.forEach((sub, i) => errs.push(...label(sub?.name, `${path}.firstAvailable[${i}].name`), ...validateDeviceRequestBody(sub ?? {}, `${path}.firstAvailable[${i}]`)));
    errs.push(...duplicates(first, (s) => String(s?.name ?? ''), `${path}.firstAvailable`));
  } else errs.push(...validateDeviceRequestBody(req.exactly, `${path}.exactly`));
  return errs;
}

/** validateResourceClaimSpec: the device requests (constraints and config by the requests they name). */
function validateClaimSpec(spec: Any | undefined, path: string): FieldError[] {
  const devices = (spec?.devices ?? {}) as Any;
  const requests = (devices.requests ?? []) as Any[];
  const errs: FieldError[] = [];
  requests.forEach((r, i) => errs.push(...validateDeviceRequest(r ?? {}, `${path}.devices.requests[${i}]`)));
  errs.push(...duplicates(requests, (r) => String(r?.name ?? ''), `${path}.devices.requests`));
  const names = new Map<string, Set<string>>(requests.map((r) => [String(r?.name ?? ''), new Set(((r?.firstAvailable ?? []) as Any[]).map((s) => String(s?.name ?? '')))]));
  const known = (n: string) => {
    const [req, sub, more] = n.split('/');
    return more === undefined && names.has(req) && (sub === undefined || names.get(req)!.has(sub));
  };
  const refs = (list: unknown[] | undefined, p: string) => (list ?? []).forEach((n, j) => {
    if (!known(String(n))) errs.push(field.invalid(`${p}[${j}]`, n, "must be the name of a request in the claim or the name of a request and a subrequest separated by '/'"));
  });
  ((devices.constraints ?? []) as Any[]).forEach((c, i) => {
    refs(c?.requests, `${path}.devices.constraints[${i}].requests`);
    if (c?.matchAttribute == null && c?.distinctAttribute == null) errs.push(field.required(`${path}.devices.constraints[${i}].matchAttribute`, ''));
  });
  ((devices.config ?? []) as Any[]).forEach((c, i) => {
    refs(c?.requests, `${path}.devices.config[${i}].requests`);
    errs.push(...validateOpaqueConfig(c, `${path}.devices.config[${i}]`));
  });
  return errs;
}

function validateOpaqueConfig(c: Any | undefined, path: string): FieldError[] {
  if (c?.opaque == null) return [field.required(`${path}.opaque`, '')];
  return validateCSIDriverName(String(c.opaque.driver ?? ''), `${path}.opaque.driver`);
}

export function validateDeviceClass(obj: KObject): FieldError[] {
  const spec = ((obj as Any).spec ?? {}) as Any;
  const errs = validateObjectMeta(obj, false, nameIsDNSSubdomain);
  errs.push(...validateSelectors(spec.selectors, 'spec.selectors'));
  ((spec.config ?? []) as Any[]).forEach((c, i) => errs.push(...validateOpaqueConfig(c, `spec.config[${i}]`)));
  return errs;
}

export function validateResourceClaim(obj: KObject): FieldError[] {
  return [...validateObjectMeta(obj, true, nameIsDNSSubdomain), ...validateClaimSpec((obj as Any).spec, 'spec')];
}

/** The spec is immutable: an update is checked for that alone. */
export function validateResourceClaimUpdate(obj: KObject, old: KObject): FieldError[] {
  const errs = [...validateObjectMeta(obj, true, nameIsDNSSubdomain), ...validateObjectMetaUpdate(obj, old)];
  if (!deepEqual((obj as Any).spec, (old as Any).spec)) errs.push(field.invalid('spec', (obj as Any).spec, FIELD_IMMUTABLE));
  return errs;
}

export function validateResourceClaimTemplate(obj: KObject): FieldError[] {
  const spec = ((obj as Any).spec ?? {}) as Any;
  const errs = validateObjectMeta(obj, true, nameIsDNSSubdomain);
  // ValidateTemplateObjectMeta: the claims' labels and annotations.
  errs.push(...validateLabels(spec.metadata?.labels, 'spec.metadata.labels'), ...validateAnnotations(spec.metadata?.annotations, 'spec.metadata.annotations'));
  errs.push(...validateClaimSpec(spec.spec, 'spec.spec'));
  return errs;
}

export function validateResourceClaimTemplateUpdate(obj: KObject, old: KObject): FieldError[] {
  const errs = validateObjectMetaUpdate(obj, old);
  if (!deepEqual((obj as Any).spec, (old as Any).spec)) errs.push(field.invalid('spec', (obj as Any).spec, FIELD_IMMUTABLE));
  return errs;
}

const NODE_SELECTION = 'exactly one of `nodeName`, `nodeSelector`, `allNodes`, `perDeviceNodeSelection` is required';

function validateResourceSliceSpec(spec: Any, old: Any | undefined): FieldError[] {
  const errs = validateCSIDriverName(String(spec.driver ?? ''), 'spec.driver');
  const pool = (spec.pool ?? {}) as Any;
  const poolName = String(pool.name ?? '');
  if (!poolName) errs.push(field.required('spec.pool.name', ''));
  else {
    if (poolName.length > POOL_NAME_MAX_LENGTH) errs.push(field.tooLong('spec.pool.name', POOL_NAME_MAX_LENGTH));
    for (const part of poolName.split('/')) errs.push(...subdomain(part, 'spec.pool.name'));
  }
  if (!(Number(pool.resourceSliceCount ?? 0) > 0)) errs.push(field.invalid('spec.pool.resourceSliceCount', pool.resourceSliceCount ?? 0, 'must be greater than zero'));
  if (Number(pool.generation ?? 0) < 0) errs.push(field.invalid('spec.pool.generation', pool.generation, 'must be greater than or equal to zero'));
  if (old) {
    const was = (old.pool ?? {}) as Any;
    if (poolName !== String(was.name ?? '')) errs.push(field.invalid('spec.pool.name', poolName, FIELD_IMMUTABLE));
    if (spec.driver !== old.driver) errs.push(field.invalid('spec.driver', spec.driver ?? '', FIELD_IMMUTABLE));
    if ((spec.nodeName ?? null) !== (old.nodeName ?? null)) errs.push(field.invalid('spec.nodeName', spec.nodeName ?? null, FIELD_IMMUTABLE));
  }
  const set: string[] = [];
  if (spec.nodeName != null) {
    if (spec.nodeName !== '') {
      set.push('`nodeName`');
      errs.push(...subdomain(spec.nodeName, 'spec.nodeName'));
    } else errs.push(field.invalid('spec.nodeName', '', 'must be either unset or set to a non-empty string'));
  }
  if (spec.nodeSelector != null) {
    set.push('`nodeSelector`');
    const terms = (spec.nodeSelector.nodeSelectorTerms ?? []) as unknown[];
    if (terms.length !== 1) errs.push(field.invalid('spec.nodeSelector.nodeSelectorTerms', terms, 'must have exactly one node selector term'));
  }
  for (const key of ['allNodes', 'perDeviceNodeSelection']) {
    if (spec[key] == null) continue;
    if (spec[key]) set.push(`\`${key}\``);
    else errs.push(field.invalid(`spec.${key}`, false, 'must be either unset or set to true'));
  }
  if (set.length === 0) errs.push(field.required('spec', NODE_SELECTION));
  else if (set.length > 1) errs.push(field.invalid('spec', `{${set.join(', ')}}`, `${NODE_SELECTION}, but multiple fields are set`));
  if (spec.sharedCounters != null && spec.devices != null) errs.push(field.invalid('spec', '', 'only one of `sharedCounters` or `devices` is allowed'));
  const devices = (spec.devices ?? []) as Any[];
  devices.forEach((d, i) => errs.push(...label(d?.name, `spec.devices[${i}].name`)));
  errs.push(...duplicates(devices, (d) => String(d?.name ?? ''), 'spec.devices'));
  return errs;
}

export function validateResourceSlice(obj: KObject): FieldError[] {
  return [...validateObjectMeta(obj, false, nameIsDNSSubdomain), ...validateResourceSliceSpec(((obj as Any).spec ?? {}) as Any, undefined)];
}

export function validateResourceSliceUpdate(obj: KObject, old: KObject): FieldError[] {
  return [...validateObjectMetaUpdate(obj, old), ...validateResourceSliceSpec(((obj as Any).spec ?? {}) as Any, ((old as Any).spec ?? {}) as Any)];
}

registerStrategy(DEVICE_CLASSES, { validate: validateDeviceClass, validateUpdate: (obj, old) => [...validateObjectMetaUpdate(obj, old), ...validateDeviceClass(obj)], tracksGeneration: true });
registerStrategy(RESOURCE_CLAIMS, {
  defaults: (obj) => defaultClaimSpec((obj as Any).spec),
  validate: validateResourceClaim,
  validateUpdate: validateResourceClaimUpdate,
  validateStatusUpdate: (obj, old) => validateObjectMetaUpdate(obj, old),
});
registerStrategy(RESOURCE_CLAIM_TEMPLATES, {
  defaults: (obj) => defaultClaimSpec((obj as Any).spec?.spec),
  validate: validateResourceClaimTemplate,
  validateUpdate: validateResourceClaimTemplateUpdate,
});
registerStrategy(RESOURCE_SLICES, { validate: validateResourceSlice, validateUpdate: validateResourceSliceUpdate, tracksGeneration: true });
