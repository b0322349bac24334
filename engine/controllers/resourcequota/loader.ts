/**
 * The resource quota controller loads on first use (first-use.ts), at the
 * first ResourceQuota. A lab that never makes one never fetches its code.
 */
import { FirstUseControllers } from '../first-use.js';
import { lazyModule } from '../../util/lazy-module.js';
import { loadKinds } from '../../api/registry/kinds.js';
import type { Controller } from '../manager.js';

export interface QuotaModule { ResourceQuotaController: new (managerStartedAt?: number) => Controller }

const quota = lazyModule<QuotaModule>(() => Promise.all([import('./resourcequota.js'), loadKinds()]).then(([m]) => m));

export function loadQuotaController(): Promise<QuotaModule> {
  return quota.load();
}

export function quotaControllerLoader(): FirstUseControllers<QuotaModule> {
  return new FirstUseControllers('resourcequota-controller', ['resourcequotas'], quota, (m, startedAt) => [new m.ResourceQuotaController(startedAt)]);
}
