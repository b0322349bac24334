/** The lazily loaded volume controllers of kube-controller-manager, in the order they start. */
import type { Controller } from '../manager.js';
import { PersistentVolumeController, type HostPathDeleter } from './persistentvolume/pv-controller.js';
import { PVCProtectionController } from './protection/pvc-protection.js';
import { PVProtectionController } from './protection/pv-protection.js';

export function controllers(deleteHostPath?: HostPathDeleter): Controller[] {
  return [new PersistentVolumeController(deleteHostPath), new PVProtectionController(), new PVCProtectionController()];
}
