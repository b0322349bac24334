/**
 * The PersistentVolume controller (pkg/controller/volume/persistentvolume/pv_controller.go and
 * pv_controller_base.go, release-1.35): binds each claim to the smallest matching Available volume, completes
 * the bindings users pre-set on either side, keeps both phases (Pending, Bound, Lost; Available, Bound,
 * Released, Failed), assigns the default StorageClass to claims made before one existed, waits for the external
 * provisioner of a claim's class, and reclaims the volume of a deleted claim by its policy. Both informers
 * resync every 15 s, so a Pending claim is looked at (and its event repeated) every 15 s.
 */
import type { Client } from '../../../api/client.js';
import { isNotFound } from '../../../api/errors.js';
import type { EventRecorder } from '../../../api/events.js';
import { clone, objectKey, type KObject } from '../../../api/meta.js';
import type { VirtualClock } from '../../../util/clock.js';
import { WorkQueue, type Informer } from '../../framework.js';
import type { Controller, ControllerContext } from '../../manager.js';
import { defaultClass } from '../../../api/registry/storage-impl.js';
import {
  ANN_BETA_STORAGE_PROVISIONER, ANN_BIND_COMPLETED, ANN_BOUND_BY_CONTROLLER, ANN_STORAGE_PROVISIONER, MSG_CLAIM_MISBOUND, MSG_LOST_REFERENCE,
  MSG_LOST_VOLUME, MSG_NO_VOLUME_NO_CLASS, MSG_UNKNOWN_RECLAIM_POLICY, MSG_WAIT_FOR_FIRST_CONSUMER, PV_CONTROLLER, PV_RESYNC_MS, REASON_CLAIM_LOST,
  REASON_CLAIM_MISBOUND, REASON_EXTERNAL_PROVISIONING, REASON_FAILED_BINDING, REASON_PROVISIONING_FAILED, REASON_VOLUME_FAILED_DELETE,
  REASON_VOLUME_MISMATCH, REASON_VOLUME_UNKNOWN_RECLAIM_POLICY, REASON_WAIT_FOR_FIRST_CONSUMER, REASON_WAIT_FOR_POD_SCHEDULED, BETA_STORAGE_CLASS_ANNOTATION,
  claimClass, deleteOutcome, findMatchingVolume, isVolumeBoundToClaim, msgClassNotFound, msgExternalProvisioning, msgNoPluginMatchedName,
  msgVolumeMismatch, msgWaitForPods, volumeUnsatisfied,
} from './binder.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

const PVS = 'persistentvolumes';
const PVCS = 'persistentvolumeclaims';
const CLASSES = 'storageclasses.storage.k8s.io';

/** Called when a hostPath volume under /tmp/ is deleted by its reclaim policy: the kubelet-side storage goes with it. */
export type HostPathDeleter = (path: string) => void;

export class PersistentVolumeController implements Controller {
  readonly name = PV_CONTROLLER;
  private client!: Client;
  private clock!: VirtualClock;
  private recorder!: EventRecorder;
  private volumes!: Informer;
  private claims!: Informer;
  private classes!: Informer;
  private pods!: Informer;
  private volumeQueue!: WorkQueue;
  private claimQueue!: WorkQueue;
  private resync?: number;

  constructor(private readonly deleteHostPath?: HostPathDeleter) {}

  start(ctx: ControllerContext): void {
    this.client = ctx.client;
    this.clock = ctx.clock;
    this.recorder = ctx.recorder(PV_CONTROLLER);
    this.volumeQueue = new WorkQueue(ctx.clock, (k) => this.syncVolumeKey(k), `${PV_CONTROLLER}-volumes`);
    this.claimQueue = new WorkQueue(ctx.clock, (k) => this.syncClaimKey(k), `${PV_CONTROLLER}-claims`);
    this.volumes = ctx.informers.for(PVS);
    this.claims = ctx.informers.for(PVCS);
    this.classes = ctx.informers.for(CLASSES);
    this.pods = ctx.informers.for('pods');
    this.volumes.addEventHandler({
      add: (v) => this.volumeQueue.add(objectKey(v)),
      update: (_o, v) => this.volumeQueue.add(objectKey(v)),
      // A deleted volume's claim learns it is Lost.
      delete: (v) => {
        const ref = (v.spec as Any)?.claimRef;
        if (ref?.name) this.claimQueue.add(`${ref.namespace}/${ref.name}`);
      },
    });
    this.claims.addEventHandler({
      add: (c) => this.claimQueue.add(objectKey(c)),
      update: (_o, c) => this.claimQueue.add(objectKey(c)),
      // deleteClaim: the volume it was bound to is released at once.
      delete: (c) => {
        const vol = (c.spec as Any)?.volumeName;
        if (vol) this.volumeQueue.add(vol);
      },
    });
    // A new default class may be assigned to waiting claims (RetroactiveDefaultStorageClass).
    this.classes.addEventHandler({ add: () => this.enqueueAllClaims(), update: () => this.enqueueAllClaims() });
    this.scheduleResync();
  }

  stop(): void {
    this.volumeQueue?.stop();
    this.claimQueue?.stop();
    if (this.resync !== undefined) this.clock.cancel(this.resync);
    this.resync = undefined;
  }

  private scheduleResync(): void {
    this.resync = this.clock.schedule(PV_RESYNC_MS, () => {
      for (const v of this.volumes.cache.values()) this.volumeQueue.add(objectKey(v));
      this.enqueueAllClaims();
      this.scheduleResync();
    });
  }

  private enqueueAllClaims(): void {
    for (const c of this.claims.cache.values()) this.claimQueue.add(objectKey(c));
  }

  // ---------- claims ----------

  private syncClaimKey(key: string): void {
    const claim = this.claims.get(key);
    if (!claim) return;
    try {
      if (claim.metadata.annotations?.[ANN_BIND_COMPLETED] === undefined) this.syncUnboundClaim(claim);
      else this.syncBoundClaim(claim);
    } catch (e) {
      if (!isNotFound(e)) this.claimQueue.addRateLimited(key);
    }
  }

  private classOf(name: string): KObject | undefined {
    return this.classes.get(name);
  }

  /** IsDelayBindingMode: the claim's class exists and binds WaitForFirstConsumer. */
  private delayBinding(claim: KObject): boolean {
    const name = claimClass(claim);
    return !!name && (this.classOf(name) as Any)?.volumeBindingMode === 'WaitForFirstConsumer';
  }

  private syncUnboundClaim(claim: KObject): void {
    const spec = claim.spec as Any;
    if (!spec?.volumeName) {
      const delay = this.delayBinding(claim);
      const volume = findMatchingVolume(claim, this.sortedVolumes(), delay);
      if (volume) return this.bind(volume, claim);
      // A volume created in the same instant has not been made Available yet (there is no latency between two writes
      // here): look again once it has, as the next request of a real client would find it.
      if (this.sortedVolumes().some((v) => (v.status as Any)?.phase === 'Pending')) return this.claimQueue.addAfter(objectKey(claim), 100);
      // No volume: a claim made before the default class existed gets it now, and is looked at again.
      if (this.assignDefaultStorageClass(claim)) return;
      if (delay && !claim.metadata.annotations?.[ANN_STORAGE_PROVISIONER]) {
        const waiting = this.nonScheduledPodsUsing(claim);
        if (waiting.length) this.recorder.event(claim, 'Normal', REASON_WAIT_FOR_POD_SCHEDULED, msgWaitForPods(waiting));
        else this.recorder.event(claim, 'Normal', REASON_WAIT_FOR_FIRST_CONSUMER, MSG_WAIT_FOR_FIRST_CONSUMER);
      } else if (claimClass(claim)) {
        this.provisionClaim(claim);
        return;
      } else {
        this.recorder.event(claim, 'Normal', REASON_FAILED_BINDING, MSG_NO_VOLUME_NO_CLASS);
      }
      this.updateClaimStatus(claim, 'Pending', undefined);
      return;
    }
    // The user named the volume.
    const volume = this.volumes.get(spec.volumeName);
    if (!volume) {
      this.updateClaimStatus(claim, 'Pending', undefined);
      return;
    }
    const ref = (volume.spec as Any)?.claimRef;
    if (!ref) {
      const why = volumeUnsatisfied(volume, claim);
      if (why) {
        this.recorder.event(claim, 'Warning', REASON_VOLUME_MISMATCH, msgVolumeMismatch(spec.volumeName, why));
        this.updateClaimStatus(claim, 'Pending', undefined);
        return;
      }
      return this.bind(volume, claim);
    }
    if (isVolumeBoundToClaim(volume, claim)) return this.bind(volume, claim);
    // Claimed by another: the user asked for it, so wait.
    this.updateClaimStatus(claim, 'Pending', undefined);
  }

  private syncBoundClaim(claim: KObject): void {
    const name = (claim.spec as Any)?.volumeName;
    if (!name) return this.updateClaimStatusWithEvent(claim, 'Lost', undefined, 'Warning', REASON_CLAIM_LOST, MSG_LOST_REFERENCE);
    const volume = this.volumes.get(name);
    if (!volume) return this.updateClaimStatusWithEvent(claim, 'Lost', undefined, 'Warning', REASON_CLAIM_LOST, MSG_LOST_VOLUME);
    const ref = (volume.spec as Any)?.claimRef;
    if (!ref || ref.uid === claim.metadata.uid) return this.bind(volume, claim);
    this.updateClaimStatusWithEvent(claim, 'Lost', undefined, 'Warning', REASON_CLAIM_MISBOUND, MSG_CLAIM_MISBOUND);
  }

  /** assignDefaultStorageClass: only a claim whose class is nil (not "") and that has no beta annotation. */
  private assignDefaultStorageClass(claim: KObject): boolean {
    const spec = claim.spec as Any;
    if (spec?.storageClassName !== undefined && spec?.storageClassName !== null) return false;
    if (claim.metadata.annotations?.[BETA_STORAGE_CLASS_ANNOTATION] !== undefined) return false;
    const def = defaultClass(this.classes.cache.values());
    if (!def) return false;
    const c = clone(claim);
    (c.spec as Any).storageClassName = def.metadata.name;
    this.client.update(PVCS, c);
    return true;
  }

  /** provisionClaim: a class that does not exist fails; an external provisioner is waited for (and named on the claim). */
  private provisionClaim(claim: KObject): void {
    const name = claimClass(claim);
    const cls = this.classOf(name) as Any;
    if (!cls) {
      this.recorder.event(claim, 'Warning', REASON_PROVISIONING_FAILED, msgClassNotFound(name));
      this.updateClaimStatus(claim, 'Pending', undefined);
      return;
    }
    const provisioner = String(cls.provisioner ?? '');
    // In-tree names ("kubernetes.io/...") have no provisionable plugin left in v1.35: kubernetes.io/no-provisioner says so.
    if (provisioner.startsWith('kubernetes.io/')) {
      this.recorder.event(claim, 'Warning', REASON_PROVISIONING_FAILED, msgNoPluginMatchedName(provisioner));
      this.updateClaimStatus(claim, 'Pending', undefined);
      return;
    }
    let current = claim;
    const ann = claim.metadata.annotations ?? {};
    if (ann[ANN_STORAGE_PROVISIONER] !== provisioner || ann[ANN_BETA_STORAGE_PROVISIONER] !== provisioner) {
      const c = clone(claim);
      c.metadata.annotations = { ...(c.metadata.annotations ?? {}), [ANN_BETA_STORAGE_PROVISIONER]: provisioner, [ANN_STORAGE_PROVISIONER]: provisioner };
      current = this.client.update(PVCS, c);
    }
    this.recorder.event(current, 'Normal', REASON_EXTERNAL_PROVISIONING, msgExternalProvisioning(provisioner));
    this.updateClaimStatus(current, 'Pending', undefined);
  }

  /** findNonScheduledPodsByPVC: pods of the claim's namespace that use it and have no node yet. */
  private nonScheduledPodsUsing(claim: KObject): string[] {
    const out: string[] = [];
    for (const p of this.pods.cache.values()) {
      if (p.metadata.namespace !== claim.metadata.namespace || (p.spec as Any)?.nodeName) continue;
      if (((p.spec as Any)?.volumes ?? []).some((v: Any) => v.persistentVolumeClaim?.claimName === claim.metadata.name)) out.push(p.metadata.name!);
    }
    return out.sort();
  }

  private sortedVolumes(): KObject[] {
    return [...this.volumes.cache.values()].sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : a.metadata.name! > b.metadata.name! ? 1 : 0));
  }

  // ---------- binding ----------

  /** bind: the volume points at the claim (and is Bound), then the claim at the volume (and is Bound). */
  private bind(volume: KObject, claim: KObject): void {
    const v = this.bindVolumeToClaim(volume, claim);
    const bound = this.updateVolumePhase(v, 'Bound', '');
    const c = this.bindClaimToVolume(claim, bound);
    this.updateClaimStatus(c, 'Bound', bound);
  }

  private bindVolumeToClaim(volume: KObject, claim: KObject): KObject {
    const ref = (volume.spec as Any)?.claimRef;
    const same = ref && ref.name === claim.metadata.name && ref.namespace === claim.metadata.namespace && ref.uid === claim.metadata.uid;
    if (same) return volume;
    const v = clone(volume);
    (v.spec as Any).claimRef = {
      kind: 'PersistentVolumeClaim', namespace: claim.metadata.namespace, name: claim.metadata.name, uid: claim.metadata.uid, apiVersion: 'v1',
      resourceVersion: claim.metadata.resourceVersion,
    };
    // A volume the user did not pre-bind to this claim is marked as bound by the controller.
    if (!isVolumeBoundToClaim(volume, claim)) v.metadata.annotations = { ...(v.metadata.annotations ?? {}), [ANN_BOUND_BY_CONTROLLER]: 'yes' };
    return this.client.update(PVS, v);
  }

  private bindClaimToVolume(claim: KObject, volume: KObject): KObject {
    const spec = claim.spec as Any;
    const ann = claim.metadata.annotations ?? {};
    const byController = spec?.volumeName !== volume.metadata.name;
    if (!byController && ann[ANN_BIND_COMPLETED] !== undefined) return claim;
    const c = clone(claim);
    (c.spec as Any).volumeName = volume.metadata.name;
    c.metadata.annotations = { ...(c.metadata.annotations ?? {}), [ANN_BIND_COMPLETED]: 'yes', ...(byController ? { [ANN_BOUND_BY_CONTROLLER]: 'yes' } : {}) };
    return this.client.update(PVCS, c);
  }

  private updateClaimStatus(claim: KObject, phase: string, volume: KObject | undefined): KObject {
    const s = (claim.status ?? {}) as Any;
    const next: Any = { ...s, phase };
    if (volume) {
      next.accessModes = (volume.spec as Any)?.accessModes;
      next.capacity = (volume.spec as Any)?.capacity;
    } else {
      delete next.accessModes;
      delete next.capacity;
    }
    if (s.phase === phase && JSON.stringify(s.accessModes) === JSON.stringify(next.accessModes) && JSON.stringify(s.capacity) === JSON.stringify(next.capacity)) return claim;
    const c = clone(claim);
    c.status = next;
    return this.client.updateStatus(PVCS, c);
  }

  private updateClaimStatusWithEvent(claim: KObject, phase: string, volume: KObject | undefined, type: 'Normal' | 'Warning', reason: string, message: string): void {
    if ((claim.status as Any)?.phase === phase) return;
    const c = this.updateClaimStatus(claim, phase, volume);
    this.recorder.event(c, type, reason, message);
  }

  // ---------- volumes ----------

  private syncVolumeKey(key: string): void {
    const volume = this.volumes.get(key);
    if (!volume) return;
    try {
      this.syncVolume(volume);
    } catch (e) {
      if (!isNotFound(e)) this.volumeQueue.addRateLimited(key);
    }
  }

  private syncVolume(volume: KObject): void {
    const ref = (volume.spec as Any)?.claimRef;
    if (!ref) return void this.updateVolumePhase(volume, 'Available', '');
    // Pre-bound by the user: reserved for that claim, whose sync binds it.
    if (!ref.uid) return void this.updateVolumePhase(volume, 'Available', '');
    let claim = this.claims.get(`${ref.namespace}/${ref.name}`);
    if (claim && claim.metadata.uid !== ref.uid) claim = undefined;
    if (!claim) {
      let v = volume;
      const phase = (volume.status as Any)?.phase;
      if (phase !== 'Released' && phase !== 'Failed') v = this.updateVolumePhase(volume, 'Released', '');
      this.reclaimVolume(v);
      return;
    }
    const claimVolume = (claim.spec as Any)?.volumeName;
    if (!claimVolume) {
      this.claimQueue.add(objectKey(claim));
      return;
    }
    if (claimVolume === volume.metadata.name) return void this.updateVolumePhase(volume, 'Bound', '');
    // The claim is bound elsewhere: a volume the controller bound is freed; one the user pre-bound keeps the name only.
    this.unbindVolume(volume);
  }

  private unbindVolume(volume: KObject): void {
    const v = clone(volume);
    if (v.metadata.annotations?.[ANN_BOUND_BY_CONTROLLER] !== undefined) {
      delete (v.spec as Any).claimRef;
      const { [ANN_BOUND_BY_CONTROLLER]: _drop, ...rest } = v.metadata.annotations ?? {};
      v.metadata.annotations = Object.keys(rest).length ? rest : undefined;
    } else {
      delete (v.spec as Any).claimRef.uid;
    }
    const updated = this.client.update(PVS, v);
    this.updateVolumePhase(updated, 'Available', '');
  }

  private reclaimVolume(volume: KObject): void {
    switch ((volume.spec as Any)?.persistentVolumeReclaimPolicy) {
      case 'Retain':
        return;
      case 'Recycle':
        // Deprecated; the recycler pod of kube-controller-manager is not simulated: the volume stays Released.
        return;
      case 'Delete': {
        // Already asked to go: the protection finalizer's removal finishes it.
        if (volume.metadata.deletionTimestamp) return;
        const outcome = deleteOutcome(volume);
        if (outcome.kind === 'external') return;
        if (outcome.kind === 'fail') {
          this.updateVolumePhaseWithEvent(volume, 'Failed', 'Warning', REASON_VOLUME_FAILED_DELETE, outcome.message);
          return;
        }
        this.deleteHostPath?.((volume.spec as Any).hostPath.path);
        this.client.delete(PVS, undefined, volume.metadata.name!);
        return;
      }
      default:
        this.updateVolumePhaseWithEvent(volume, 'Failed', 'Warning', REASON_VOLUME_UNKNOWN_RECLAIM_POLICY, MSG_UNKNOWN_RECLAIM_POLICY);
    }
  }

  private updateVolumePhase(volume: KObject, phase: string, message: string): KObject {
    const s = (volume.status ?? {}) as Any;
    if (s.phase === phase && (s.message ?? '') === message) return volume;
    const v = clone(volume);
    const next: Any = { ...s, phase };
    if (message) next.message = message;
    else delete next.message;
    delete next.lastPhaseTransitionTime;
    v.status = next;
    return this.client.updateStatus(PVS, v);
  }

  private updateVolumePhaseWithEvent(volume: KObject, phase: string, type: 'Normal' | 'Warning', reason: string, message: string): void {
    if ((volume.status as Any)?.phase === phase) return;
    const v = this.updateVolumePhase(volume, phase, message);
    this.recorder.event(v, type, reason, message);
  }
}
