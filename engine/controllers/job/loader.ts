/**
 * kube-controller-manager's batch controllers (job, cronjob, ttl-after-finished)
 * load on first use (first-use.ts), at the first Job or CronJob. A lab that
 * never makes a Job never fetches their code.
 */
import type { Controller } from '../manager.js';
import { FirstUseControllers } from '../first-use.js';
import { lazyModule } from '../../util/lazy-module.js';
import { loadBatchValidation } from '../../api/registry/batch.js';

export interface BatchModule {
  controllers(): Controller[];
}

const batch = lazyModule<BatchModule>(() => Promise.all([import('./batch-controllers.js'), loadBatchValidation()]).then(([m]) => m));

/** Loads the batch controllers' module (the lab prefetches it at idle; tests await it first). */
export function loadBatchControllers(): Promise<BatchModule> {
  return batch.load();
}

/** The job, cronjob and ttl-after-finished controllers, started at the first Job or CronJob. */
export function batchControllersLoader(): FirstUseControllers<BatchModule> {
  return new FirstUseControllers('batch-controllers', ['jobs.batch', 'cronjobs.batch'], batch, (m) => m.controllers());
}
