/**
 * storage.k8s.io/v1 CSIDriver, CSIStorageCapacity, VolumeAttachment and VolumeAttributesClass (GA in v1.34, served
 * by default since), as release-1.35 defines them: the v1 defaults (pkg/apis/storage/v1/defaults.go), validation
 * (pkg/apis/storage/validation/validation.go) and strategies (pkg/registry/storage/*). A kubeadm cluster has none of
 * them until a CSI driver is installed; their `get` tables are in kubectl/printers/tables/storage-dra.ts.
 */
import { field, type FieldError } from '../errors.js';
import { deepEqual, type KObject } from '../meta.js';
import { registerStrategy } from '../strategy.js';
import {
  FIELD_IMMUTABLE, isDNS1123Subdomain, nameIsDNSSubdomain, validateLabelSelector, validateObjectMeta, validateObjectMetaUpdate,
} from '../validation/names.js';
import { parseQuantityExact } from '../validation/quantity.js';
import { validateParameters, validatePersistentVolumeSpec, validateProvisioner } from '../validation/storage.js';
import '../bootstrap/served-builtins.js';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export const CSI_DRIVERS = 'csidrivers.storage.k8s.io';
export const CSI_STORAGE_CAPACITIES = 'csistoragecapacities.storage.k8s.io';
export const VOLUME_ATTACHMENTS = 'volumeattachments.storage.k8s.io';
export const VOLUME_ATTRIBUTES_CLASSES = 'volumeattributesclasses.storage.k8s.io';

const FS_GROUP_POLICIES = ['File', 'None', 'ReadWriteOnceWithFSType'];
const LIFECYCLE_MODES = ['Persistent', 'Ephemeral'];
const MAX_ATTACHMENT_METADATA_SIZE = 256 * (1 << 10);
const MAX_ERROR_MESSAGE = 1024;

// ---------- CSIDriver ----------

/** SetDefaults_CSIDriver (SELinuxMountReadWriteOncePod is on by default in v1.35). */
function defaultCSIDriver(obj: KObject): void {
  const spec = ((obj as Any).spec ??= {}) as Any;
  spec.attachRequired ??= true;
  spec.podInfoOnMount ??= false;
  spec.storageCapacity ??= false;
  spec.fsGroupPolicy ??= 'ReadWriteOnceWithFSType';
  if (!spec.volumeLifecycleModes?.length) spec.volumeLifecycleModes = ['Persistent'];
  spec.requiresRepublish ??= false;
  spec.seLinuxMount ??= false;
}

function validateCSIDriverSpec(spec: Any): FieldError[] {
  const errs: FieldError[] = [];
  // The Go field path is spelled attachedRequired.
  if (spec.attachRequired == null) errs.push(field.required('spec.attachedRequired', ''));
  if (spec.podInfoOnMount == null) errs.push(field.required('spec.podInfoOnMount', ''));
  if (spec.storageCapacity == null) errs.push(field.required('spec.storageCapacity', ''));
  if (spec.fsGroupPolicy != null && !FS_GROUP_POLICIES.includes(spec.fsGroupPolicy)) errs.push(field.notSupported('spec.fsGroupPolicy', spec.fsGroupPolicy, FS_GROUP_POLICIES));
  const audiences = new Set<string>();
  ((spec.tokenRequests ?? []) as Any[]).forEach((t, i) => {
    const p = `spec.tokenRequests[${i}]`;
    const audience = String(t?.audience ?? '');
    if (audiences.has(audience)) {
      errs.push(field.duplicate(`${p}.audience`, audience));
      return;
    }
    audiences.add(audience);
    const secs = t?.expirationSeconds;
    if (secs == null) return;
    if (secs < 600) errs.push(field.invalid(`${p}.expirationSeconds`, secs, 'may not specify a duration less than 10 minutes'));
    if (secs > 2 ** 32) errs.push(field.invalid(`${p}.expirationSeconds`, secs, 'may not specify a duration larger than 2^32 seconds'));
  });
  for (const mode of (spec.volumeLifecycleModes ?? []) as string[]) {
    if (!LIFECYCLE_MODES.includes(mode)) errs.push(field.notSupported('spec.volumeLifecycleModes', mode, LIFECYCLE_MODES));
  }
  if (spec.seLinuxMount == null) errs.push(field.required('spec.seLinuxMount', ''));
  const period = spec.nodeAllocatableUpdatePeriodSeconds;
  if (period != null && period < 10) errs.push(field.invalid('spec.nodeAllocatableUpdatePeriodSeconds', period, 'must be greater than or equal to 10 seconds'));
  return errs;
}

export function validateCSIDriver(obj: KObject): FieldError[] {
  return [...validateObjectMeta(obj, false, nameIsDNSSubdomain), ...validateCSIDriverSpec(((obj as Any).spec ?? {}) as Any)];
}

export function validateCSIDriverUpdate(obj: KObject, old: KObject): FieldError[] {
  const spec = ((obj as Any).spec ?? {}) as Any;
  const was = ((old as Any).spec ?? {}) as Any;
  const errs = [...validateObjectMetaUpdate(obj, old), ...validateCSIDriverSpec(spec)];
  if (!deepEqual(spec.attachRequired, was.attachRequired)) errs.push(field.invalid('spec.attachedRequired', spec.attachRequired ?? null, FIELD_IMMUTABLE));
  if (!deepEqual(spec.volumeLifecycleModes ?? [], was.volumeLifecycleModes ?? [])) errs.push(field.invalid('spec.volumeLifecycleModes', spec.volumeLifecycleModes ?? null, FIELD_IMMUTABLE));
  return errs;
}

// ---------- VolumeAttachment ----------

/** ValidateCSIDriverName (core validation): what spec.attacher must be in v1, and (DRA reuses it) a device driver's name. */
export function validateCSIDriverName(name: string, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!name) errs.push(field.required(path, ''));
  if (name.length > 63) errs.push(field.tooLong(path, 63));
  for (const m of isDNS1123Subdomain(name.toLowerCase())) errs.push(field.invalid(path, name, m));
  return errs;
}

function validateVolumeError(e: Any | undefined, path: string): FieldError[] {
  if (!e) return [];
  const errs: FieldError[] = [];
  // The limit reported is the metadata's, as upstream passes it.
  if (String(e.message ?? '').length > MAX_ERROR_MESSAGE) errs.push(field.tooLong(`${path}.message`, MAX_ATTACHMENT_METADATA_SIZE));
  if (e.errorCode != null && e.errorCode < 0) errs.push(field.invalid(`${path}.errorCode`, e.errorCode, `must be between 0 and ${2 ** 31 - 1}, inclusive`));
  return errs;
}

/** ValidateVolumeAttachment with ValidateVolumeAttachmentV1's extra checks. */
export function validateVolumeAttachment(obj: KObject): FieldError[] {
  const o = obj as Any;
  const spec = (o.spec ?? {}) as Any;
  const source = (spec.source ?? {}) as Any;
  const errs = validateObjectMeta(obj, false, nameIsDNSSubdomain);
  if (!spec.attacher) errs.push(field.required('spec.attacher', ''));
  const pvName = source.persistentVolumeName;
  if (source.inlineVolumeSpec == null && pvName == null) errs.push(field.required('spec.source', 'must specify exactly one of inlineVolumeSpec and persistentVolumeName'));
  else if (source.inlineVolumeSpec != null && pvName != null) errs.push(field.forbidden('spec.source', 'must specify exactly one of inlineVolumeSpec and persistentVolumeName'));
  else if (pvName != null) {
    if (pvName === '') errs.push(field.required('spec.source.persistentVolumeName', 'must specify non empty persistentVolumeName'));
  } else errs.push(...validatePersistentVolumeSpec(source.inlineVolumeSpec, 'spec.source.inlineVolumeSpec'));
  for (const m of isDNS1123Subdomain(String(spec.nodeName ?? ''))) errs.push(field.invalid('spec.nodeName', spec.nodeName ?? '', m));
  const status = (o.status ?? {}) as Any;
  const metadata = (status.attachmentMetadata ?? {}) as Record<string, string>;
  if (Object.entries(metadata).reduce((n, [k, v]) => n + k.length + String(v).length, 0) > MAX_ATTACHMENT_METADATA_SIZE) errs.push(field.tooLong('status.attachmentMetadata', MAX_ATTACHMENT_METADATA_SIZE));
  errs.push(...validateVolumeError(status.attachError, 'status.attachError'), ...validateVolumeError(status.detachError, 'status.detachError'));
  errs.push(...validateCSIDriverName(String(spec.attacher ?? ''), 'spec.attacher'));
  if (pvName) for (const m of isDNS1123Subdomain(pvName)) errs.push(field.invalid('spec.source.persistentVolumeName', pvName, m));
  return errs;
}

export function validateVolumeAttachmentUpdate(obj: KObject, old: KObject): FieldError[] {
  const errs = validateVolumeAttachment(obj);
  if (!deepEqual((obj as Any).spec, (old as Any).spec)) errs.push(field.invalid('spec', (obj as Any).spec, FIELD_IMMUTABLE));
  return errs;
}

// ---------- CSIStorageCapacity ----------

export function validateCSIStorageCapacity(obj: KObject): FieldError[] {
  const o = obj as Any;
  const errs = validateObjectMeta(obj, true, nameIsDNSSubdomain);
  errs.push(...validateLabelSelector(o.nodeTopology, 'nodeTopology'));
  for (const m of isDNS1123Subdomain(String(o.storageClassName ?? ''))) errs.push(field.invalid('storageClassName', o.storageClassName ?? '', m));
  for (const [key, path] of [['capacity', 'capacity'], ['maximumVolumeSize', 'maximumVolumeSize']] as const) {
    const q = o[key] != null ? parseQuantityExact(o[key]) : undefined;
    if (q && q.milli < 0n) errs.push(field.invalid(path, o[key], 'must be greater than or equal to 0'));
  }
  return errs;
}

export function validateCSIStorageCapacityUpdate(obj: KObject, old: KObject): FieldError[] {
  const o = obj as Any;
  const p = old as Any;
  const errs = validateObjectMetaUpdate(obj, old);
  if (!deepEqual(o.nodeTopology ?? null, p.nodeTopology ?? null)) errs.push(field.invalid('nodeTopology', o.nodeTopology ?? null, FIELD_IMMUTABLE));
  if (o.storageClassName !== p.storageClassName) errs.push(field.invalid('storageClassName', o.storageClassName ?? '', FIELD_IMMUTABLE));
  return errs;
}

// ---------- VolumeAttributesClass ----------

export function validateVolumeAttributesClass(obj: KObject): FieldError[] {
  const o = obj as Any;
  const errs = validateObjectMeta(obj, false, nameIsDNSSubdomain);
  errs.push(...validateProvisioner(o.driverName, 'driverName'), ...validateParameters(o.parameters, false, 'parameters'));
  return errs;
}

export function validateVolumeAttributesClassUpdate(obj: KObject, old: KObject): FieldError[] {
  const o = obj as Any;
  const p = old as Any;
  const errs = validateObjectMetaUpdate(obj, old);
  if (o.driverName !== p.driverName) errs.push(field.forbidden('driverName', 'updates to driverName are forbidden.'));
  if (!deepEqual(o.parameters ?? {}, p.parameters ?? {})) errs.push(field.forbidden('parameters', 'updates to parameters are forbidden.'));
  return [...errs, ...validateVolumeAttributesClass(obj)];
}

registerStrategy(CSI_DRIVERS, { defaults: defaultCSIDriver, validate: validateCSIDriver, validateUpdate: validateCSIDriverUpdate });
registerStrategy(VOLUME_ATTACHMENTS, {
  validate: validateVolumeAttachment,
  validateUpdate: validateVolumeAttachmentUpdate,
  // The status comes from the attacher, through the status subresource.
  validateStatusUpdate: (obj, old) => [...validateVolumeAttachment(obj), ...validateObjectMetaUpdate(obj, old)],
});
registerStrategy(CSI_STORAGE_CAPACITIES, { validate: validateCSIStorageCapacity, validateUpdate: validateCSIStorageCapacityUpdate });
registerStrategy(VOLUME_ATTRIBUTES_CLASSES, { validate: validateVolumeAttributesClass, validateUpdate: validateVolumeAttributesClassUpdate });
