/**
 * PersistentVolumes, PersistentVolumeClaims and StorageClasses: their strategies (storage-impl.ts) load on first
 * use, like batch/v1 validation, and register themselves as they load. kubectl loads them before a command that may
 * write one, the PV controller's module before it starts, and the lab prefetches them at idle.
 */
import { lazyModule } from '../../util/lazy-module.js';

const storage = lazyModule(() => import('./storage-impl.js'));

export const loadStorage = () => storage.load();
export const storageLoaded = () => !!storage.loaded();
