/**
 * StatefulSets (pkg/registry/apps/statefulset/strategy.go, release-1.35). Their defaults and validation load on
 * first use (statefulset-strategy.ts): kubectl loads them before a command that may write or list one, the
 * controller manager at the first StatefulSet, and the lab prefetches them at idle. A write from another API
 * client before that is stored as sent and starts the load.
 */
import type { Strategy } from '../strategy.js';
import { lazyModule } from '../../util/lazy-module.js';
import { defaultPodTemplate } from './podspec.js';

/** One chunk holds all the StatefulSet code (strategy, controller, `get` table): each lazily loaded chunk costs the entry its name. */
export const statefulSetCode = lazyModule(() => import('../../controllers/statefulset/code.js'));

const loaded = (): Strategy | undefined => statefulSetCode.loaded()?.strategy ?? void statefulSetCode.load();
/* eslint-disable-next-line @typescript-eslint/no-explicit-any */
const hook = (k: keyof Strategy) => (...a: any[]) => (loaded()?.[k] as any)?.(...a);

export const statefulSetStrategy: Strategy = {
  tracksGeneration: true,
  defaults(o, c) {
    if (!loaded()) return;
    hook('defaults')(o, c);
    defaultPodTemplate((o.spec as { template?: unknown }).template);
  },
  prepareForCreate: hook('prepareForCreate'),
  validate: hook('validate'),
  validateUpdate: hook('validateUpdate'),
  validateStatusUpdate: hook('validateStatusUpdate'),
};
