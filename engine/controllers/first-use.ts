/**
 * Controllers whose code loads on first use: a small stand-in watches the
 * kinds they act on and, at the first object of one, loads their module with
 * the virtual clock held (the load is real I/O), then starts them on the same
 * informers, whose caches replay what is there. Once the module is loaded a
 * later cluster starts them in the add handler itself, at the same instant.
 */
import type { Controller, ControllerContext } from './manager.js';
import type { LazyModule } from '../util/lazy-module.js';
import type { KObject } from '../api/meta.js';

export class FirstUseControllers<M> implements Controller {
  private ctx?: ControllerContext;
  private loading = false;
  private running: Controller[] = [];
  /** When the controller manager started them: a controller's periodic work keeps that phase. */
  private startedAt = 0;

  constructor(
    readonly name: string,
    private readonly resources: string[],
    private readonly module: LazyModule<M>,
    private readonly controllers: (m: M, startedAt: number) => Controller[],
    /** Which objects count as a first use (all of them when not given: a pod naming a ResourceClaim, not any pod). */
    private readonly uses: (obj: KObject) => boolean = () => true,
  ) {}

  start(ctx: ControllerContext): void {
    this.ctx = ctx;
    this.loading = false;
    this.startedAt = ctx.clock.now();
    const first = { add: (o: KObject) => { if (this.uses(o)) this.first(); } };
    for (const r of this.resources) ctx.informers.for(r).addEventHandler(first);
  }

  stop(): void {
    for (const c of this.running) c.stop();
    this.running = [];
    this.ctx = undefined;
  }

  /** A started controller, by name. */
  controller(name: string): Controller | undefined {
    return this.running.find((c) => c.name === name);
  }

  private first(): void {
    const ctx = this.ctx;
    if (this.loading || !ctx) return;
    this.loading = true;
    const m = this.module.loaded();
    if (m) return this.run(ctx, m);
    const release = ctx.clock.hold();
    this.module.load().then(
      (loaded) => { release(); if (this.ctx === ctx) this.run(ctx, loaded); },
      () => { release(); this.loading = false; },
    );
  }

  private run(ctx: ControllerContext, m: M): void {
    this.running = this.controllers(m, this.startedAt);
    for (const c of this.running) c.start(ctx);
  }
}
