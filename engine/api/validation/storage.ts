/**
 * Validation of PersistentVolumes, PersistentVolumeClaims (pkg/apis/core/validation/validation.go
 * ValidatePersistentVolume*, ValidatePersistentVolumeClaim*) and StorageClasses
 * (pkg/apis/storage/validation/validation.go), release-1.35, with v1.35's default feature gates
 * (VolumeAttributesClass GA, RecoverVolumeExpansionFailure GA). Loaded on first use with the storage module.
 */
import { field, type FieldError } from '../errors.js';
import type { KObject } from '../meta.js';
import { deepEqual } from '../meta.js';
import { FIELD_IMMUTABLE, isQualifiedName, nameIsDNSSubdomain, validateLabelSelector, validateObjectMeta, validateObjectMetaUpdate } from './names.js';
import { compareQuantity, formatQuantity, parseQuantityExact } from './quantity.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

/** sets.List(supportedAccessModes): sorted. */
export const ACCESS_MODES = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];
export const RECLAIM_POLICIES = ['Delete', 'Recycle', 'Retain'];
export const VOLUME_MODES = ['Block', 'Filesystem'];
export const CLASS_RECLAIM_POLICIES = ['Delete', 'Retain'];
export const BINDING_MODES = ['Immediate', 'WaitForFirstConsumer'];
const HOST_PATH_TYPES = ['', 'BlockDevice', 'CharDevice', 'Directory', 'DirectoryOrCreate', 'File', 'FileOrCreate', 'Socket'];

export const MSG_MORE_THAN_ONE_TYPE = 'may not specify more than 1 volume type';
export const MSG_PVC_SPEC_IMMUTABLE = 'spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims';
const NOT_POSITIVE = 'must be greater than zero';

/** The PersistentVolumeSource fields, in the order ValidatePersistentVolumeSpec checks them, with the path each reports. */
const PV_SOURCES: [string, string][] = [
  ['hostPath', 'hostPath'], ['gcePersistentDisk', 'gcePersistentDisk'], ['awsElasticBlockStore', 'awsElasticBlockStore'], ['glusterfs', 'glusterfs'],
  ['flocker', 'flocker'], ['nfs', 'nfs'], ['rbd', 'rbd'], ['quobyte', 'quobyte'], ['cephfs', 'cephFS'], ['iscsi', 'iscsi'], ['cinder', 'cinder'],
  ['fc', 'fc'], ['flexVolume', 'flexVolume'], ['azureFile', 'azureFile'], ['vsphereVolume', 'vsphereVolume'], ['photonPersistentDisk', 'photonPersistentDisk'],
  ['portworxVolume', 'portworxVolume'], ['azureDisk', 'azureDisk'], ['scaleIO', 'scaleIO'], ['local', 'local'], ['storageos', 'storageos'], ['csi', 'csi'],
];
export const PV_SOURCE_FIELDS = PV_SOURCES.map(([k]) => k);

function className(v: string, path: string): FieldError[] {
  return nameIsDNSSubdomain(v, false).map((m) => field.invalid(path, v, m));
}

/** validateBasicResource then ValidatePositiveQuantityValue on one quantity. */
function positiveQuantity(v: unknown, path: string): FieldError[] {
  const q = parseQuantityExact(v);
  if (!q) return [];
  if (q.milli <= 0n) return [field.invalid(path, formatQuantity(q), NOT_POSITIVE)];
  return [];
}

function validateAccessModes(modes: Any, path: string, required: string): FieldError[] {
  const errs: FieldError[] = [];
  const list: string[] = Array.isArray(modes) ? modes : [];
  if (list.length === 0) errs.push(field.required(path, required));
  let once = false;
  let other = false;
  for (const m of list) {
    if (!ACCESS_MODES.includes(m)) errs.push(field.notSupported(path, m, ACCESS_MODES));
    if (m === 'ReadWriteOncePod') once = true;
    else if (ACCESS_MODES.includes(m)) other = true;
  }
  if (once && other) errs.push(field.forbidden(path, 'may not use ReadWriteOncePod with other access modes'));
  return errs;
}

function validateHostPath(hp: Any, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!hp.path) errs.push(field.required(`${path}.path`, ''));
  else if (String(hp.path).split('/').includes('..')) errs.push(field.invalid(`${path}.path`, hp.path, "must not contain '..'"));
  if (hp.type !== undefined && !HOST_PATH_TYPES.includes(hp.type)) errs.push(field.notSupported(`${path}.type`, hp.type, HOST_PATH_TYPES));
  return errs;
}

/** The few checks of the sources a course's PersistentVolume uses; the others are taken as given. */
function validateSource(key: string, src: Any, path: string): FieldError[] {
  switch (key) {
    case 'hostPath': return validateHostPath(src, path);
    case 'nfs': {
      const errs: FieldError[] = [];
      if (!src.server) errs.push(field.required(`${path}.server`, ''));
      if (!src.path) errs.push(field.required(`${path}.path`, ''));
      else if (!String(src.path).startsWith('/')) errs.push(field.invalid(`${path}.path`, src.path, 'must be an absolute path'));
      return errs;
    }
    case 'local': return src.path ? [] : [field.required(`${path}.path`, '')];
    case 'csi': return src.driver ? [] : [field.required(`${path}.driver`, '')];
    default: return [];
  }
}

export function validatePersistentVolumeSpec(spec: Any, path = 'spec'): FieldError[] {
  const errs: FieldError[] = [];
  spec ??= {};
  errs.push(...validateAccessModes(spec.accessModes, `${path}.accessModes`, ''));
  const cap = spec.capacity && typeof spec.capacity === 'object' ? spec.capacity : {};
  const keys = Object.keys(cap);
  if (keys.length === 0) errs.push(field.required(`${path}.capacity`, ''));
  // The bad value is the map itself, as JSON: null when absent.
  if (!('storage' in cap) || keys.length > 1) errs.push(field.notSupported(`${path}.capacity`, spec.capacity ?? null, ['storage']));
  for (const k of keys.sort()) errs.push(...positiveQuantity(cap[k], `${path}.capacity[${k}]`));
  if (spec.persistentVolumeReclaimPolicy && !RECLAIM_POLICIES.includes(spec.persistentVolumeReclaimPolicy)) {
    errs.push(field.notSupported(`${path}.persistentVolumeReclaimPolicy`, spec.persistentVolumeReclaimPolicy, RECLAIM_POLICIES));
  }
  let nodeAffinity = false;
  if (spec.nodeAffinity) {
    const terms = spec.nodeAffinity.required?.nodeSelectorTerms;
    if (!spec.nodeAffinity.required) errs.push(field.required(`${path}.nodeAffinity.required`, 'must specify required node constraints'));
    else if (!Array.isArray(terms) || terms.length === 0) errs.push(field.required(`${path}.nodeAffinity.required.nodeSelectorTerms`, 'must have at least one node selector term'));
    else nodeAffinity = true;
  }
  let n = 0;
  for (const [key, reported] of PV_SOURCES) {
    const src = spec[key];
    if (src === undefined || src === null) continue;
    // FlexVolume is counted without the check (as upstream does).
    if (n > 0 && key !== 'flexVolume') {
      errs.push(field.forbidden(`${path}.${reported}`, MSG_MORE_THAN_ONE_TYPE));
      continue;
    }
    n++;
    errs.push(...validateSource(key, src, `${path}.${key === 'cephfs' ? 'cephfs' : reported}`));
    if (key === 'local' && !nodeAffinity) errs.push(field.required(`${path}.nodeAffinity`, 'Local volume requires node affinity'));
  }
  if (n === 0) errs.push(field.required(path, 'must specify a volume type'));
  if (spec.hostPath?.path && normalizePath(spec.hostPath.path) === '/' && spec.persistentVolumeReclaimPolicy === 'Recycle') {
    errs.push(field.forbidden(`${path}.persistentVolumeReclaimPolicy`, "may not be 'recycle' for a hostPath mount of '/'"));
  }
  if (spec.storageClassName) errs.push(...className(spec.storageClassName, `${path}.storageClassName`));
  if (spec.volumeMode !== undefined && !VOLUME_MODES.includes(spec.volumeMode)) errs.push(field.notSupported(`${path}.volumeMode`, spec.volumeMode, VOLUME_MODES));
  if (spec.volumeAttributesClassName !== undefined && spec.volumeAttributesClassName !== null) {
    if (spec.volumeAttributesClassName === '') errs.push(field.required(`${path}.volumeAttributesClassName`, 'an empty string is disallowed'));
    else errs.push(...className(spec.volumeAttributesClassName, `${path}.volumeAttributesClassName`));
    if (!spec.csi) errs.push(field.required(`${path}.csi`, 'has to be specified when using volumeAttributesClassName'));
  }
  return errs;
}

/** path.Clean, enough to tell "/" apart. */
function normalizePath(p: string): string {
  const parts: string[] = [];
  for (const s of p.split('/')) {
    if (!s || s === '.') continue;
    if (s === '..') parts.pop();
    else parts.push(s);
  }
  return (p.startsWith('/') ? '/' : '') + parts.join('/') || '.';
}

export function validatePersistentVolume(pv: KObject): FieldError[] {
  return [...validateObjectMeta(pv, false, nameIsDNSSubdomain), ...validatePersistentVolumeSpec(pv.spec)];
}

export function validatePersistentVolumeUpdate(pv: KObject, old: KObject): FieldError[] {
  const errs = [...validatePersistentVolume(pv), ...validateObjectMetaUpdate(pv, old)];
  const spec = (pv.spec ?? {}) as Any;
  const oldSpec = (old.spec ?? {}) as Any;
  const source = (s: Any) => Object.fromEntries(PV_SOURCE_FIELDS.filter((k) => s[k] !== undefined).map((k) => [k, s[k]]));
  if (!deepEqual(source(spec), source(oldSpec))) {
    errs.push(field.forbidden('spec.persistentvolumesource', 'spec.persistentvolumesource is immutable after creation'));
  }
  if (spec.volumeMode !== oldSpec.volumeMode) errs.push(field.invalid('volumeMode', spec.volumeMode ?? null, FIELD_IMMUTABLE));
  if (oldSpec.nodeAffinity && !deepEqual(spec.nodeAffinity, oldSpec.nodeAffinity)) errs.push(field.invalid('nodeAffinity', spec.nodeAffinity ?? null, FIELD_IMMUTABLE));
  if (oldSpec.volumeAttributesClassName != null && spec.volumeAttributesClassName == null) {
    errs.push(field.forbidden('spec.volumeAttributesClassName', 'update from non-nil value to nil is forbidden'));
  }
  return errs;
}

export function validateStatusUpdate(obj: KObject, old: KObject): FieldError[] {
  return validateObjectMetaUpdate(obj, old);
}

export function validatePersistentVolumeClaimSpec(spec: Any, path = 'spec'): FieldError[] {
  const errs: FieldError[] = [];
  spec ??= {};
  const modes = spec.accessModes;
  if (!Array.isArray(modes) || modes.length === 0) errs.push(field.required(`${path}.accessModes`, 'at least 1 access mode is required'));
  if (spec.selector) errs.push(...validateLabelSelector(spec.selector, `${path}.selector`));
  errs.push(...validateAccessModes(modes, `${path}.accessModes`, 'x').filter((e) => e.type !== 'FieldValueRequired'));
  const storage = spec.resources?.requests?.storage;
  if (storage === undefined) errs.push(field.required(`${path}.resources[storage]`, ''));
  else errs.push(...positiveQuantity(storage, `${path}.resources[storage]`));
  if (spec.storageClassName) errs.push(...className(spec.storageClassName, `${path}.storageClassName`));
  if (spec.volumeMode !== undefined && !VOLUME_MODES.includes(spec.volumeMode)) errs.push(field.notSupported(`${path}.volumeMode`, spec.volumeMode, VOLUME_MODES));
  for (const key of ['dataSource', 'dataSourceRef']) {
    const ds = spec[key];
    if (!ds) continue;
    if (!ds.name) errs.push(field.required(`${path}.${key}.name`, ''));
    if (!ds.kind) errs.push(field.required(`${path}.${key}.kind`, ''));
    if (!ds.apiGroup && ds.kind !== 'PersistentVolumeClaim') errs.push(field.invalid(`${path}.${key}`, ds.kind ?? '', "must be 'PersistentVolumeClaim' when referencing the default apiGroup"));
  }
  if (spec.volumeAttributesClassName) errs.push(...className(spec.volumeAttributesClassName, `${path}.volumeAttributesClassName`));
  return errs;
}

export function validatePersistentVolumeClaim(pvc: KObject): FieldError[] {
  return [...validateObjectMeta(pvc, true, nameIsDNSSubdomain), ...validatePersistentVolumeClaimSpec(pvc.spec)];
}

/**
 * ValidatePersistentVolumeClaimUpdate: the spec is frozen, except that the controller may set volumeName once,
 * a bound claim's storage request may grow (expansion), and volumeAttributesClassName may change.
 * Upstream appends cmp.Diff of the two specs to the message; that diff's layout is randomised by go-cmp on purpose, so
 * only its first line is given here.
 */
export function validatePersistentVolumeClaimUpdate(pvc: KObject, old: KObject): FieldError[] {
  const errs = [...validatePersistentVolumeClaim(pvc), ...validateObjectMetaUpdate(pvc, old)];
  const spec = { ...((pvc.spec ?? {}) as Any) };
  const oldSpec = { ...((old.spec ?? {}) as Any) };
  if (!oldSpec.volumeName) oldSpec.volumeName = spec.volumeName;
  // Upgrade from a nil class: the first class set (by the controller's retroactive default, or a user) is allowed.
  if (oldSpec.storageClassName === undefined && spec.storageClassName !== undefined) oldSpec.storageClassName = spec.storageClassName;
  if ((pvc.status as Any)?.phase === 'Bound' && spec.resources?.requests) {
    spec.resources = { ...spec.resources, requests: { ...spec.resources.requests, storage: oldSpec.resources?.requests?.storage } };
  }
  spec.volumeAttributesClassName = oldSpec.volumeAttributesClassName;
  if (!deepEqual(stripUndefined(spec), stripUndefined(oldSpec))) errs.push(field.forbidden('spec', MSG_PVC_SPEC_IMMUTABLE));
  const newSize = parseQuantityExact((pvc.spec as Any)?.resources?.requests?.storage);
  const oldSize = parseQuantityExact((old.spec as Any)?.resources?.requests?.storage);
  const statusSize = parseQuantityExact((old.status as Any)?.capacity?.storage);
  // RecoverVolumeExpansionFailure (GA): a request may shrink back, but not to or below what the volume has.
  if (newSize && oldSize && compareQuantity(newSize, oldSize) < 0 && (!statusSize || compareQuantity(newSize, statusSize) <= 0)) {
    errs.push(field.forbidden('spec.resources.requests.storage', 'field can not be less than status.capacity'));
  }
  if ((pvc.spec as Any)?.volumeMode !== (old.spec as Any)?.volumeMode) errs.push(field.invalid('volumeMode', (pvc.spec as Any)?.volumeMode ?? null, FIELD_IMMUTABLE));
  return errs;
}

function stripUndefined(o: Any): Any {
  for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k];
  return o;
}

/** validateProvisioner (a StorageClass's provisioner, a VolumeAttributesClass's driverName): a qualified name, lower-cased. */
export function validateProvisioner(v: unknown, path: string): FieldError[] {
  if (!v) return [field.required(path, '')];
  const lower = String(v).toLowerCase();
  return isQualifiedName(lower).map((m) => field.invalid(path, lower, m));
}

const MAX_PARAMETERS = 512;
const MAX_PARAMETERS_SIZE = 256 * (1 << 10);

/** validateParameters: at most 512 keys (more is the only error), none empty, 256 kB in all; without allowEmpty, one at least. */
export function validateParameters(parameters: unknown, allowEmpty: boolean, path: string): FieldError[] {
  const params = (parameters && typeof parameters === 'object' ? parameters : {}) as Record<string, unknown>;
  const keys = Object.keys(params);
  if (keys.length > MAX_PARAMETERS) return [field.tooLong(path, MAX_PARAMETERS)];
  const errs: FieldError[] = [];
  for (const k of keys) if (k.length < 1) errs.push(field.invalid(path, k, 'field can not be empty.'));
  if (keys.reduce((n, k) => n + k.length + String(params[k]).length, 0) > MAX_PARAMETERS_SIZE) errs.push(field.tooLong(path, MAX_PARAMETERS_SIZE));
  if (!allowEmpty && keys.length === 0) errs.push(field.required(path, 'must contain at least one key/value pair'));
  return errs;
}

export function validateStorageClass(sc: KObject): FieldError[] {
  const o = sc as Any;
  const errs = validateObjectMeta(sc, false, nameIsDNSSubdomain);
  errs.push(...validateProvisioner(o.provisioner, 'provisioner'), ...validateParameters(o.parameters, true, 'parameters'));
  if (o.reclaimPolicy && !CLASS_RECLAIM_POLICIES.includes(o.reclaimPolicy)) errs.push(field.notSupported('reclaimPolicy', o.reclaimPolicy, CLASS_RECLAIM_POLICIES));
  if (o.volumeBindingMode === undefined) errs.push(field.required('volumeBindingMode', ''));
  else if (!BINDING_MODES.includes(o.volumeBindingMode)) errs.push(field.notSupported('volumeBindingMode', o.volumeBindingMode, BINDING_MODES));
  return errs;
}

export function validateStorageClassUpdate(sc: KObject, old: KObject): FieldError[] {
  const o = sc as Any;
  const p = old as Any;
  const errs = [...validateStorageClass(sc), ...validateObjectMetaUpdate(sc, old)];
  if (!deepEqual(o.parameters ?? {}, p.parameters ?? {})) errs.push(field.forbidden('parameters', 'updates to parameters are forbidden.'));
  if (o.provisioner !== p.provisioner) errs.push(field.forbidden('provisioner', 'updates to provisioner are forbidden.'));
  if (o.reclaimPolicy !== p.reclaimPolicy) errs.push(field.forbidden('reclaimPolicy', 'updates to reclaimPolicy are forbidden.'));
  if (o.volumeBindingMode !== p.volumeBindingMode) errs.push(field.invalid('volumeBindingMode', o.volumeBindingMode ?? null, FIELD_IMMUTABLE));
  return errs;
}
