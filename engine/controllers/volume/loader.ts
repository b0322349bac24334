/**
 * kube-controller-manager's volume controllers (persistentvolume-binder, pv-protection, pvc-protection) load on
 * first use (first-use.ts), at the first PersistentVolume or claim, with the storage strategies, the scheduler's
 * VolumeBinding checks and the kubelet's claim mounts. A lab that never makes one never fetches them.
 */
import { FirstUseControllers } from '../first-use.js';
import { lazyModule } from '../../util/lazy-module.js';
import { loadStorage } from '../../api/registry/storage.js';
import { loadVolumeBinding } from '../../scheduler/plugins/volumebinding/index.js';
import { loadVolumeManager } from '../../kubelet/kubelet.js';

type VolumeModule = typeof import('./volume-controllers.js');

const volume = lazyModule<VolumeModule>(() => Promise.all([import('./volume-controllers.js'), loadStorage(), loadVolumeBinding(), loadVolumeManager()]).then(([m]) => m));

/** Loads the volume controllers' module (the lab prefetches it at idle; scripts and tests await it first). */
export const loadVolumeControllers = () => volume.load();

export const volumeControllersLoader = () => new FirstUseControllers('volume-controllers', ['persistentvolumes', 'persistentvolumeclaims'], volume, (m) => m.controllers());
