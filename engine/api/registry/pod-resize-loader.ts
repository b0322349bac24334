/**
 * pods/resize's strategy loads on first use (pod-resize.ts): kubectl and the HTTP front await it with the
 * pods' other lazy rules (lazy-kinds.ts) before a write. A resize sent without waiting starts the load and
 * changes nothing (the stored pod comes back), as no part of the request can be taken unchecked.
 */
import type { KObject } from '../meta.js';
import type { SubresourceStrategy } from '../strategy.js';
import { lazyModule } from '../../util/lazy-module.js';

export const podResizeModule = lazyModule(() => import('./pod-resize.js'));

export const podResizeCode: SubresourceStrategy = {
  prepareForUpdate(obj, old, ctx): KObject {
    const m = podResizeModule.loaded();
    if (m) return m.podResizeStrategy.prepareForUpdate(obj, old, ctx);
    void podResizeModule.load();
    return old;
  },
  validateUpdate(obj, old, ctx) {
    return podResizeModule.loaded()?.podResizeStrategy.validateUpdate(obj, old, ctx) ?? [];
  },
};
