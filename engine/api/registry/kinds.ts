/**
 * Ingress, IngressClass, NetworkPolicy, PriorityClass, LimitRange and
 * ResourceQuota: their strategies and the admission they add load on first
 * use (kinds-lazy.ts); kubectl loads them before a command that may write and
 * the lab prefetches them at idle. A write that comes before is stored as
 * sent (checked only by the decoder) and starts the load.
 */
import type { Strategy } from '../strategy.js';
import { createAdmission } from '../strategy.js';
import { lazyModule } from '../../util/lazy-module.js';
import { loadLazyTypes } from '../schema/lazy-types.js';

const kinds = lazyModule(() => Promise.all([import('./kinds-lazy.js'), loadLazyTypes()]).then(([m]) => m));

export function loadKinds(): Promise<unknown> {
  return kinds.load();
}

export function kindsLoaded(): boolean {
  return kinds.loaded() !== undefined;
}

/** A strategy whose rules are the loaded module's. */
function lazyStrategy(key: string, tracksGeneration: boolean): Strategy {
  const s = () => kinds.loaded()?.STRATEGIES[key] ?? (void kinds.load(), undefined);
  return {
    tracksGeneration,
    defaults: (o, c) => s()?.defaults?.(o, c),
    prepareForCreate: (o, c) => s()?.prepareForCreate?.(o, c),
    validate: (o, c) => s()?.validate?.(o, c) ?? [],
    validateUpdate: (o, p, c) => s()?.validateUpdate?.(o, p, c) ?? [],
    validateStatusUpdate: (o, p, c) => s()?.validateStatusUpdate?.(o, p, c) ?? [],
    admit: (o, p, c) => s()?.admit?.(o, p, c),
  };
}

export const KIND_STRATEGIES: [string, Strategy][] = [
  ['ingresses.networking.k8s.io', lazyStrategy('ingresses.networking.k8s.io', true)],
  ['ingressclasses.networking.k8s.io', lazyStrategy('ingressclasses.networking.k8s.io', true)],
  ['networkpolicies.networking.k8s.io', lazyStrategy('networkpolicies.networking.k8s.io', true)],
  ['priorityclasses.scheduling.k8s.io', lazyStrategy('priorityclasses.scheduling.k8s.io', true)],
  ['limitranges', lazyStrategy('limitranges', false)],
  ['resourcequotas', lazyStrategy('resourcequotas', false)],
];

// LimitRanger and ResourceQuota act only where LimitRanges or ResourceQuotas exist, which loads them first.
createAdmission.run = (obj, ctx) => kinds.loaded()?.admitCreate(obj, ctx);
