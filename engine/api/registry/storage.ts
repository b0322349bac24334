/**
 * PersistentVolumes, PersistentVolumeClaims and StorageClasses: their strategies (storage-impl.ts) load on first
 * use, like batch/v1 validation. kubectl loads them before a command that may write one, the PV controller's
 * module before it starts, and the lab prefetches them at idle; until then each hook starts the load.
 */
import type { Strategy } from '../strategy.js';
import { lazyModule } from '../../util/lazy-module.js';

const storage = lazyModule(() => import('./storage-impl.js'));

export const loadStorage = () => storage.load();
export const storageLoaded = () => storage.loaded() !== undefined;

const HOOKS = ['defaults', 'prepareForCreate', 'validate', 'prepareForUpdate', 'validateUpdate', 'prepareForStatusUpdate', 'validateStatusUpdate', 'admit'] as const;

/** The strategy of `key`, each hook delegating to the loaded module (validation answers no errors before it is there). */
export function lazyStorageStrategy(key: string): Strategy {
  const s: Strategy = { statusUpdateKeepsAnnotations: false };
  for (const h of HOOKS) {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    (s as any)[h] = (...a: any[]) => {
      const m = storage.loaded();
      if (!m) void storage.load();
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      return (m?.STRATEGIES[key] as any)?.[h]?.(...a) ?? (h[0] === 'v' ? [] : undefined);
    };
  }
  return s;
}
