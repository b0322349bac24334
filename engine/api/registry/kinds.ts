/**
 * Ingress, IngressClass, NetworkPolicy, PriorityClass, LimitRange and
 * ResourceQuota: their strategies, field schema and the admission they add
 * load on first use (kinds-lazy.ts registers them); kubectl loads them before
 * its first command and the lab prefetches them at idle. A write that comes
 * before is stored as sent.
 */
import { lazyModule } from '../../util/lazy-module.js';
import { SCHEMA } from '../schema/index.js';

const kinds = lazyModule(() => Promise.all([import('./kinds-lazy.js'), import('../schema/types-lazy.json')]).then(([m, t]) => {
  Object.assign(SCHEMA.types, t.default.types);
  Object.assign(SCHEMA.roots, t.default.roots);
  return m;
}));

export function loadKinds(): Promise<unknown> {
  return kinds.load();
}
