/**
 * Ingress, IngressClass, NetworkPolicy, PriorityClass, LimitRange and
 * ResourceQuota: their strategies, field schema and the admission they add
 * load on first use (kinds-lazy.ts registers them); kubectl loads them before
 * its first command and the lab prefetches them at idle (lazy-kinds.ts). A write
 * that comes before is stored as sent.
 */
import { lazyModule } from '../../util/lazy-module.js';
import { loadLazyTypes } from '../schema/lazy.js';

/** The chunk: kinds-lazy.ts, which also carries the replication controller (controllers/replication/loader.ts). */
export const kindsCode = lazyModule(() => Promise.all([import('./kinds-lazy.js'), loadLazyTypes()]).then(([m]) => m));

export function loadKinds(): Promise<unknown> {
  return kindsCode.load();
}

export function kindsLoaded(): boolean {
  return kindsCode.loaded() !== undefined;
}
