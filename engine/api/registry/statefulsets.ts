/**
 * StatefulSets (pkg/registry/apps/statefulset/strategy.go, release-1.35). Their strategy loads on first use
 * (statefulset-strategy.ts): kubectl loads it before a command that may write or list one, the controller manager
 * at the first StatefulSet, and the lab prefetches it at idle. A write from another API client before that is
 * stored as sent and starts the load.
 */
import type { Strategy } from '../strategy.js';
import { lazyModule } from '../../util/lazy-module.js';
import { loadStorage } from './storage.js';
import { loadLazyTypes } from '../schema/lazy.js';
import { defaultPodTemplate } from './podspec.js';

/** One chunk holds all the StatefulSet code (strategy, controller, `get` table): each lazily loaded chunk costs the entry its name. */
// A StatefulSet's controller creates PersistentVolumeClaims from its volumeClaimTemplates: the claims' strategy
// (defaults: phase Pending) must be there when it does, so the storage kinds load with the StatefulSet code.
// Its field types (types-lazy.json) come along: the strategy and the controller's writes decode against them.
export const statefulSetCode = lazyModule(() => Promise.all([import('../../controllers/statefulset/code.js'), loadStorage(), loadLazyTypes()]).then(([m]) => m));

/** The loaded strategy's hook, or nothing (the API server reads a missing answer as no errors). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const hook = (k: keyof Strategy): any => (...a: unknown[]) => (statefulSetCode.loaded()?.strategy[k] as (...a: unknown[]) => unknown)?.(...a);

export const statefulSetStrategy: Strategy = {
  tracksGeneration: true,
  defaults(o, c) {
    if (!statefulSetCode.loaded()) return void statefulSetCode.load();
    hook('defaults')(o, c);
    defaultPodTemplate((o.spec as { template?: unknown }).template);
  },
  prepareForCreate: hook('prepareForCreate'),
  validate: hook('validate'),
  validateUpdate: hook('validateUpdate'),
  validateStatusUpdate: hook('validateStatusUpdate'),
};
