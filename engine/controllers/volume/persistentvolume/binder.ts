/**
 * The PV controller's decisions as pure functions (component-helpers/storage/volume/pv_helpers.go
 * FindMatchingVolume, CheckAccessModes, CheckVolumeModeMismatches; pv_controller.go checkVolumeSatisfyClaim,
 * findDeletablePlugin; release-1.35), and the texts of the events and messages it gives.
 */
import type { KObject } from '../../../api/meta.js';
import { labelSelectorAsSelector } from '../../../api/selectors.js';
import { compareQuantity, parseQuantityExact } from '../../../api/validation/quantity.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

export const PV_CONTROLLER = 'persistentvolume-controller';
/** The informers' resync period of kube-controller-manager's PV controller (--pvclaimbinder-sync-period). */
export const PV_RESYNC_MS = 15_000;

export const ANN_BIND_COMPLETED = 'pv.kubernetes.io/bind-completed';
export const ANN_BOUND_BY_CONTROLLER = 'pv.kubernetes.io/bound-by-controller';
export const ANN_DYNAMICALLY_PROVISIONED = 'pv.kubernetes.io/provisioned-by';
export const ANN_STORAGE_PROVISIONER = 'volume.kubernetes.io/storage-provisioner';
export const ANN_BETA_STORAGE_PROVISIONER = 'volume.beta.kubernetes.io/storage-provisioner';
export const ANN_SELECTED_NODE = 'volume.kubernetes.io/selected-node';
export const BETA_STORAGE_CLASS_ANNOTATION = 'volume.beta.kubernetes.io/storage-class';

export const REASON_FAILED_BINDING = 'FailedBinding';
export const MSG_NO_VOLUME_NO_CLASS = 'no persistent volumes available for this claim and no storage class is set';
export const REASON_WAIT_FOR_FIRST_CONSUMER = 'WaitForFirstConsumer';
export const MSG_WAIT_FOR_FIRST_CONSUMER = 'waiting for first consumer to be created before binding';
export const REASON_WAIT_FOR_POD_SCHEDULED = 'WaitForPodScheduled';
export const msgWaitForPods = (names: string[]) => (names.length > 1 ? `waiting for pods ${names.join(',')} to be scheduled` : `waiting for pod ${names[0]} to be scheduled`);
export const REASON_PROVISIONING_FAILED = 'ProvisioningFailed';
export const msgClassNotFound = (name: string) => `storageclass.storage.k8s.io "${name}" not found`;
export const msgNoPluginMatchedName = (name: string) => `no volume plugin matched name: ${name}`;
export const REASON_EXTERNAL_PROVISIONING = 'ExternalProvisioning';
export const msgExternalProvisioning = (provisioner: string) =>
  `Waiting for a volume to be created either by the external provisioner '${provisioner}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.`;
export const REASON_VOLUME_MISMATCH = 'VolumeMismatch';
export const msgVolumeMismatch = (volume: string, why: string) => `Cannot bind to requested volume "${volume}": ${why}`;
export const REASON_CLAIM_LOST = 'ClaimLost';
export const MSG_LOST_REFERENCE = 'Bound claim has lost reference to PersistentVolume. Data on the volume is lost!';
export const MSG_LOST_VOLUME = 'Bound claim has lost its PersistentVolume. Data on the volume is lost!';
export const REASON_CLAIM_MISBOUND = 'ClaimMisbound';
export const MSG_CLAIM_MISBOUND = 'Two claims are bound to the same volume, this one is bound incorrectly';
export const REASON_VOLUME_FAILED_DELETE = 'VolumeFailedDelete';
export const REASON_VOLUME_UNKNOWN_RECLAIM_POLICY = 'VolumeUnknownReclaimPolicy';
export const MSG_UNKNOWN_RECLAIM_POLICY = 'Volume has unrecognized PersistentVolumeReclaimPolicy';

/** GetPersistentVolumeClaimClass. */
export function claimClass(pvc: Any): string {
  return pvc.metadata?.annotations?.[BETA_STORAGE_CLASS_ANNOTATION] ?? pvc.spec?.storageClassName ?? '';
}

/** GetPersistentVolumeClass. */
export function volumeClass(pv: Any): string {
  return pv.metadata?.annotations?.[BETA_STORAGE_CLASS_ANNOTATION] ?? pv.spec?.storageClassName ?? '';
}

/** IsVolumeBoundToClaim: the volume's claimRef names this claim (and its UID, once set). */
export function isVolumeBoundToClaim(pv: Any, pvc: KObject): boolean {
  const ref = pv.spec?.claimRef;
  if (!ref) return false;
  return ref.name === pvc.metadata.name && ref.namespace === pvc.metadata.namespace && (!ref.uid || ref.uid === pvc.metadata.uid);
}

/** CheckAccessModes: every mode the claim asks for is one the volume has. */
export function checkAccessModes(pvc: Any, pv: Any): boolean {
  const have: string[] = pv.spec?.accessModes ?? [];
  return ((pvc.spec?.accessModes ?? []) as string[]).every((m) => have.includes(m));
}

/** CheckVolumeModeMismatches (both default to Filesystem). */
export function volumeModeMismatch(pvc: Any, pv: Any): boolean {
  return (pvc.spec?.volumeMode ?? 'Filesystem') !== (pv.spec?.volumeMode ?? 'Filesystem');
}

function storageOf(list: Any): ReturnType<typeof parseQuantityExact> {
  return parseQuantityExact(list?.storage ?? '0');
}

/**
 * FindMatchingVolume without a node (the PV controller's call): the volume pre-bound to the claim if there is one,
 * else the smallest Available volume of the claim's class, selector and access modes that is big enough.
 * `delayBinding` (WaitForFirstConsumer): only a pre-bound volume is taken; the scheduler picks the others.
 */
export function findMatchingVolume(pvc: Any, volumes: readonly KObject[], delayBinding: boolean): KObject | undefined {
  const requested = storageOf(pvc.spec?.resources?.requests);
  const cls = claimClass(pvc);
  const selector = pvc.spec?.selector ? labelSelectorAsSelector(pvc.spec.selector) : undefined;
  let best: KObject | undefined;
  let bestQty: ReturnType<typeof parseQuantityExact>;
  for (const v of volumes) {
    const pv = v as Any;
    const qty = storageOf(pv.spec?.capacity);
    if (!qty || !requested || compareQuantity(qty, requested) < 0) continue;
    if (volumeModeMismatch(pvc, pv)) continue;
    if (pv.metadata.deletionTimestamp) continue;
    if (isVolumeBoundToClaim(pv, pvc)) return v;
    if (delayBinding) continue;
    if (pv.status?.phase !== 'Available' || pv.spec?.claimRef) continue;
    if (selector && !selector.matches(pv.metadata.labels)) continue;
    if (volumeClass(pv) !== cls) continue;
    if (!checkAccessModes(pvc, pv)) continue;
    if (!best || compareQuantity(bestQty!, qty) > 0) {
      best = v;
      bestQty = qty;
    }
  }
  return best;
}

/** checkVolumeSatisfyClaim: why a volume the claim names cannot be its own, or undefined. */
export function volumeUnsatisfied(pv: Any, pvc: Any): string | undefined {
  if (pv.metadata.deletionTimestamp) return `the volume is marked for deletion "${pv.metadata.name}"`;
  const requested = storageOf(pvc.spec?.resources?.requests);
  const qty = storageOf(pv.spec?.capacity);
  if (requested && qty && compareQuantity(qty, requested) < 0) return 'requested PV is too small';
  if (volumeClass(pv) !== claimClass(pvc)) return 'storageClassName does not match';
  if (volumeModeMismatch(pvc, pv)) return 'incompatible volumeMode';
  if (!checkAccessModes(pvc, pv)) return 'incompatible accessMode';
  return undefined;
}

/**
 * What reclaiming a released volume with the Delete policy does: the in-tree deleters of kube-controller-manager
 * (hostPath, only under /tmp/), waiting for the external provisioner that made it, or the error that fails it.
 */
export type DeleteOutcome = { kind: 'delete' } | { kind: 'external' } | { kind: 'fail'; message: string };

/** Volume plugins kube-controller-manager loads (ProbeControllerVolumePlugins, ProbeAttachableVolumePlugins); only hostPath deletes. */
const KCM_PLUGIN_SOURCES = ['hostPath', 'nfs', 'csi', 'fc', 'iscsi'];

export function deleteOutcome(pv: Any): DeleteOutcome {
  const provisioner = pv.metadata.annotations?.[ANN_DYNAMICALLY_PROVISIONED];
  if (provisioner && !provisioner.startsWith('kubernetes.io/')) return { kind: 'external' };
  const spec = pv.spec ?? {};
  if (spec.hostPath) {
    const path = String(spec.hostPath.path ?? '');
    return /\/tmp\/.+/.test(path) ? { kind: 'delete' } : { kind: 'fail', message: `host_path deleter only supports /tmp/.+ but received provided ${path}` };
  }
  const matched = KCM_PLUGIN_SOURCES.some((k) => spec[k]);
  return { kind: 'fail', message: `error getting deleter volume plugin for volume "${pv.metadata.name}": ${matched ? 'no deletable volume plugin matched' : 'no volume plugin matched'}` };
}
