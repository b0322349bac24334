/**
 * PersistentVolumes, PersistentVolumeClaims (pkg/registry/core/persistentvolume{,claim}/strategy.go,
 * pkg/apis/core/v1/defaults.go) and StorageClasses (pkg/registry/storage/storageclass/strategy.go,
 * pkg/apis/storage/v1/defaults.go), release-1.35, with the two admission plugins a kubeadm cluster runs on
 * them: DefaultStorageClass and StorageObjectInUseProtection. Loaded on first use (storage.ts).
 */
import type { KObject } from '../meta.js';
import { registerStrategy, type Strategy, type StrategyContext } from '../strategy.js';
import { canonicalQuantity } from '../validation/quantity.js';
import { rfc3339 } from '../../util/time.js';
import * as v from '../validation/storage.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

export const PVC_PROTECTION_FINALIZER = 'kubernetes.io/pvc-protection';
export const PV_PROTECTION_FINALIZER = 'kubernetes.io/pv-protection';
export const IS_DEFAULT_CLASS_ANNOTATION = 'storageclass.kubernetes.io/is-default-class';
export const BETA_IS_DEFAULT_CLASS_ANNOTATION = 'storageclass.beta.kubernetes.io/is-default-class';
export const BETA_STORAGE_CLASS_ANNOTATION = 'volume.beta.kubernetes.io/storage-class';
export const STORAGE_CLASSES = 'storageclasses.storage.k8s.io';

function canonicalList(list: Any): void {
  if (!list || typeof list !== 'object') return;
  for (const k of Object.keys(list)) list[k] = canonicalQuantity(list[k]);
}

function addFinalizer(obj: KObject, f: string): void {
  const fins = obj.metadata.finalizers ?? [];
  if (!fins.includes(f)) obj.metadata.finalizers = [...fins, f];
}

/** storageutil.IsDefaultAnnotation: the GA annotation or the beta one, set to "true". */
export function isDefaultClass(sc: KObject): boolean {
  const a = sc.metadata.annotations ?? {};
  return a[IS_DEFAULT_CLASS_ANNOTATION] === 'true' || a[BETA_IS_DEFAULT_CLASS_ANNOTATION] === 'true';
}

/**
 * GetDefaultClass (component-helpers/storage/volume): of several default classes the newest wins
 * (by creationTimestamp, then name), so adding a second default is not an error since v1.26.
 */
export function defaultClass(classes: Iterable<KObject>): KObject | undefined {
  let best: KObject | undefined;
  for (const sc of classes) {
    if (!isDefaultClass(sc)) continue;
    if (!best) { best = sc; continue; }
    const a = sc.metadata.creationTimestamp ?? '';
    const b = best.metadata.creationTimestamp ?? '';
    if (a > b || (a === b && (sc.metadata.name ?? '') < (best.metadata.name ?? ''))) best = sc;
  }
  return best;
}

/** SetDefaults_PersistentVolume (with SetDefaults_HostPathVolumeSource). */
export function defaultPersistentVolume(obj: KObject): void {
  const spec = (obj.spec ??= {}) as Any;
  spec.persistentVolumeReclaimPolicy ||= 'Retain';
  spec.volumeMode ??= 'Filesystem';
  if (spec.hostPath && typeof spec.hostPath === 'object') spec.hostPath.type ??= '';
  canonicalList(spec.capacity);
}

/** SetDefaults_PersistentVolumeClaimSpec. */
export function defaultPersistentVolumeClaim(obj: KObject): void {
  const spec = (obj.spec ??= {}) as Any;
  spec.volumeMode ??= 'Filesystem';
  canonicalList(spec.resources?.requests);
  canonicalList(spec.resources?.limits);
}

/** SetDefaults_StorageClass. */
export function defaultStorageClass(obj: KObject): void {
  const o = obj as Any;
  o.reclaimPolicy ??= 'Delete';
  o.volumeBindingMode ??= 'Immediate';
}

/** DefaultStorageClass admission: a new claim that names no class (nil, not "") gets the default one, if any. */
export function admitDefaultStorageClass(pvc: KObject, ctx: StrategyContext): void {
  const spec = pvc.spec as Any;
  if (spec.storageClassName !== undefined && spec.storageClassName !== null) return;
  if (pvc.metadata.annotations?.[BETA_STORAGE_CLASS_ANNOTATION] !== undefined) return;
  const def = defaultClass(ctx.listAll(STORAGE_CLASSES));
  if (def) spec.storageClassName = def.metadata.name;
}

export const persistentVolumeStrategy: Strategy = {
  defaults: defaultPersistentVolume,
  prepareForCreate(obj, ctx) {
    // PersistentVolumeLastPhaseTransitionTime (GA): a new volume is Pending as of now.
    obj.status = { phase: 'Pending', lastPhaseTransitionTime: rfc3339(ctx.now) };
  },
  validate: (obj) => v.validatePersistentVolume(obj),
  validateUpdate: (obj, old) => v.validatePersistentVolumeUpdate(obj, old),
  statusUpdateKeepsAnnotations: false,
  prepareForStatusUpdate(obj, old, ctx) {
    const s = (obj.status ??= {}) as Any;
    const o = (old.status ?? {}) as Any;
    if (s.phase === o.phase && !s.lastPhaseTransitionTime) s.lastPhaseTransitionTime = o.lastPhaseTransitionTime;
    else if (s.phase !== o.phase && (!s.lastPhaseTransitionTime || s.lastPhaseTransitionTime === o.lastPhaseTransitionTime)) s.lastPhaseTransitionTime = rfc3339(ctx.now);
  },
  validateStatusUpdate: (obj, old) => v.validateStatusUpdate(obj, old),
  admit(obj, old) {
    // StorageObjectInUseProtection: the volume is not removed while a claim is bound to it.
    if (!old) addFinalizer(obj, PV_PROTECTION_FINALIZER);
  },
};

export const persistentVolumeClaimStrategy: Strategy = {
  defaults: defaultPersistentVolumeClaim,
  prepareForCreate(obj) {
    // Stored with an empty status, read back defaulted: Pending.
    obj.status = { phase: 'Pending' };
  },
  validate: (obj) => v.validatePersistentVolumeClaim(obj),
  validateUpdate: (obj, old) => v.validatePersistentVolumeClaimUpdate(obj, old),
  statusUpdateKeepsAnnotations: false,
  validateStatusUpdate: (obj, old) => v.validateStatusUpdate(obj, old),
  admit(obj, old, ctx) {
    if (old) return;
    admitDefaultStorageClass(obj, ctx);
    // StorageObjectInUseProtection: the claim is not removed while a pod uses it.
    addFinalizer(obj, PVC_PROTECTION_FINALIZER);
  },
};

export const storageClassStrategy: Strategy = {
  defaults: defaultStorageClass,
  validate: (obj) => v.validateStorageClass(obj),
  validateUpdate: (obj, old) => v.validateStorageClassUpdate(obj, old),
};

// Registered as this module loads (storage.ts): until then the API server stores these kinds unchecked, which only an
// API client in a page's first moments could see (kubectl and the volume controllers load this module first).
registerStrategy('persistentvolumes', persistentVolumeStrategy);
registerStrategy('persistentvolumeclaims', persistentVolumeClaimStrategy);
registerStrategy(STORAGE_CLASSES, storageClassStrategy);
