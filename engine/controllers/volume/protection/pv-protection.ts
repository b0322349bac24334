/**
 * The PV protection controller (pkg/controller/volume/pvprotection, release-1.35): a volume being deleted keeps
 * its kubernetes.io/pv-protection finalizer, and so stays Terminating, while it is Bound to a claim.
 */
import type { Client } from '../../../api/client.js';
import { isNotFound } from '../../../api/errors.js';
import { clone, objectKey, type KObject } from '../../../api/meta.js';
import { WorkQueue, type Informer } from '../../framework.js';
import type { Controller, ControllerContext } from '../../manager.js';
import { PV_PROTECTION_FINALIZER } from '../../../api/registry/storage-impl.js';

export const PV_PROTECTION_CONTROLLER = 'pv-protection-controller';
const PVS = 'persistentvolumes';

export class PVProtectionController implements Controller {
  readonly name = PV_PROTECTION_CONTROLLER;
  private client!: Client;
  private volumes!: Informer;
  private queue!: WorkQueue;

  start(ctx: ControllerContext): void {
    this.client = ctx.client;
    this.queue = new WorkQueue(ctx.clock, (k) => this.sync(k), PV_PROTECTION_CONTROLLER);
    this.volumes = ctx.informers.for(PVS);
    const on = (v: KObject) => {
      const has = (v.metadata.finalizers ?? []).includes(PV_PROTECTION_FINALIZER);
      if (v.metadata.deletionTimestamp ? has : !has) this.queue.add(objectKey(v));
    };
    this.volumes.addEventHandler({ add: on, update: (_o, v) => on(v) });
  }

  stop(): void {
    this.queue?.stop();
  }

  private sync(key: string): void {
    const volume = this.volumes.get(key);
    if (!volume) return;
    const fins = volume.metadata.finalizers ?? [];
    try {
      if (!volume.metadata.deletionTimestamp) {
        if (fins.includes(PV_PROTECTION_FINALIZER)) return;
        const v = clone(volume);
        v.metadata.finalizers = [...fins, PV_PROTECTION_FINALIZER];
        this.client.update(PVS, v);
        return;
      }
      // isBeingUsed: a Bound volume is in use.
      if (!fins.includes(PV_PROTECTION_FINALIZER) || (volume.status as { phase?: string } | undefined)?.phase === 'Bound') return;
      const v = clone(volume);
      const rest = fins.filter((f) => f !== PV_PROTECTION_FINALIZER);
      v.metadata.finalizers = rest.length ? rest : undefined;
      this.client.update(PVS, v);
    } catch (e) {
      if (!isNotFound(e)) this.queue.addRateLimited(key);
    }
  }
}
