/**
 * kube-controller-manager's horizontal-pod-autoscaler controller loads on
 * first use: this small part watches HorizontalPodAutoscalers and, at the
 * first one, loads the controller with the virtual clock held (the load is
 * real I/O), then starts it on the same informers, whose caches replay what
 * is there. Its handlers only queue each HPA a sync period later, so a start
 * at the first HPA's instant acts exactly as one at boot would. A lab that
 * never makes an HPA never fetches its code (it is the largest controller).
 */
import type { Controller, ControllerContext } from '../manager.js';

type HorizontalModule = typeof import('./horizontal.js');

let loaded: HorizontalModule | undefined;

/** Loads the controller's module (the lab prefetches it at idle; scripts and tests await it first). */
export async function loadHorizontalController(): Promise<HorizontalModule> {
  return (loaded ??= await import('./horizontal.js'));
}

export class HorizontalControllerLoader implements Controller {
  readonly name = 'horizontal-pod-autoscaler-controller';
  private ctx?: ControllerContext;
  private loading = false;
  private running?: Controller;

  start(ctx: ControllerContext): void {
    this.ctx = ctx;
    this.loading = false;
    ctx.informers.for('horizontalpodautoscalers.autoscaling').addEventHandler({ add: () => this.load() });
  }

  stop(): void {
    this.running?.stop();
    this.running = undefined;
    this.ctx = undefined;
  }

  private load(): void {
    const ctx = this.ctx;
    if (this.loading || !ctx) return;
    this.loading = true;
    if (loaded) return this.run(ctx, loaded);
    const release = ctx.clock.hold();
    loadHorizontalController().then(
      (m) => { release(); if (this.ctx === ctx) this.run(ctx, m); },
      () => { release(); this.loading = false; },
    );
  }

  private run(ctx: ControllerContext, m: HorizontalModule): void {
    this.running = new m.HorizontalController();
    this.running.start(ctx);
  }
}
