/**
 * StatefulSets (pkg/registry/apps/statefulset/strategy.go, release-1.35). Their strategy loads on first use
 * (statefulset-strategy.ts): kubectl loads it before a command that may write or list one, the controller manager
 * at the first StatefulSet, and the lab prefetches it at idle. A write from another API client before that is
 * stored as sent and starts the load.
 */
import type { Strategy } from '../strategy.js';
import { lazyModule } from '../../util/lazy-module.js';
import { defaultPodTemplate } from './podspec.js';

/** One chunk holds all the StatefulSet code (strategy, controller, `get` table): each lazily loaded chunk costs the entry its name. */
export const statefulSetCode = lazyModule(() => import('../../controllers/statefulset/code.js'));

const s = () => statefulSetCode.loaded()?.strategy;

export const statefulSetStrategy: Strategy = {
  tracksGeneration: true,
  defaults(o, c) {
    if (!s()) return void statefulSetCode.load();
    s()!.defaults!(o, c);
    defaultPodTemplate((o.spec as { template?: unknown }).template);
  },
  prepareForCreate: (o, c) => s()?.prepareForCreate!(o, c),
  // Without the code, nothing to report (the API server reads undefined as no errors).
  validate: (o, c) => s()?.validate!(o, c)!,
  validateUpdate: (o, old, c) => s()?.validateUpdate!(o, old, c)!,
  validateStatusUpdate: (o, old, c) => s()?.validateStatusUpdate!(o, old, c)!,
};
