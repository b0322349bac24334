/**
 * kube-controller-manager's batch controllers (job, cronjob, ttl-after-finished)
 * load on first use: this small part watches Jobs and CronJobs and, at the
 * first one, loads them with the virtual clock held (the load is real I/O),
 * then starts them on the same informers, whose caches replay what is there.
 * A lab that never makes a Job never fetches their code.
 */
import type { Controller, ControllerContext } from '../manager.js';
import { loadBatchValidation } from '../../api/registry/batch.js';

export interface BatchModule {
  controllers(): Controller[];
}

let loaded: BatchModule | undefined;

/** Loads the batch controllers' module (the lab prefetches it at idle; tests await it first). */
export async function loadBatchControllers(): Promise<BatchModule> {
  if (loaded) return loaded;
  const [m] = await Promise.all([import('./batch-controllers.js'), loadBatchValidation()]);
  return (loaded ??= m);
}

export class BatchControllersLoader implements Controller {
  readonly name = 'batch-controllers';
  private ctx?: ControllerContext;
  private loading = false;
  private running: Controller[] = [];

  start(ctx: ControllerContext): void {
    this.ctx = ctx;
    this.loading = false;
    const first = { add: () => this.load() };
    ctx.informers.for('jobs.batch').addEventHandler(first);
    ctx.informers.for('cronjobs.batch').addEventHandler(first);
  }

  stop(): void {
    for (const c of this.running) c.stop();
    this.running = [];
    this.ctx = undefined;
  }

  /** The started controllers, by name (job-controller, cronjob-controller, ttl-after-finished-controller). */
  controller(name: string): Controller | undefined {
    return this.running.find((c) => c.name === name);
  }

  private load(): void {
    const ctx = this.ctx;
    if (this.loading || !ctx) return;
    this.loading = true;
    if (loaded) return this.run(ctx, loaded);
    const release = ctx.clock.hold();
    loadBatchControllers().then(
      (m) => { release(); if (this.ctx === ctx) this.run(ctx, m); },
      () => { release(); this.loading = false; },
    );
  }

  private run(ctx: ControllerContext, m: BatchModule): void {
    this.running = m.controllers();
    for (const c of this.running) c.start(ctx);
  }
}
