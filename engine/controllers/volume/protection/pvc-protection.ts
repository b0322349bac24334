/**
 * The PVC protection controller (pkg/controller/volume/pvcprotection, release-1.35): a claim being deleted keeps
 * its kubernetes.io/pvc-protection finalizer, and so stays Terminating, while a pod that is not finished uses it;
 * the last such pod's deletion or completion lets it go. A claim that lost the finalizer gets it back.
 */
import type { Client } from '../../../api/client.js';
import { isNotFound } from '../../../api/errors.js';
import { clone, objectKey, type KObject } from '../../../api/meta.js';
import { WorkQueue, type Informer } from '../../framework.js';
import type { Controller, ControllerContext } from '../../manager.js';
import { PVC_PROTECTION_FINALIZER } from '../../../api/registry/storage-impl.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

export const PVC_PROTECTION_CONTROLLER = 'pvc-protection-controller';
const PVCS = 'persistentvolumeclaims';

/** The claims a pod's volumes name (persistentVolumeClaim; a generic ephemeral volume's claim is "<pod>-<volume>"). */
export function claimsOf(pod: KObject): string[] {
  const out: string[] = [];
  for (const v of ((pod.spec as Any)?.volumes ?? []) as Any[]) {
    if (v?.persistentVolumeClaim?.claimName) out.push(v.persistentVolumeClaim.claimName);
    else if (v?.ephemeral) out.push(`${pod.metadata.name}-${v.name}`);
  }
  return out;
}

/** A pod that can no longer start its containers does not hold a claim. */
export function podIsShutDown(pod: KObject): boolean {
  const phase = (pod.status as Any)?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}

export class PVCProtectionController implements Controller {
  readonly name = PVC_PROTECTION_CONTROLLER;
  private client!: Client;
  private claims!: Informer;
  private pods!: Informer;
  private queue!: WorkQueue;

  start(ctx: ControllerContext): void {
    this.client = ctx.client;
    this.queue = new WorkQueue(ctx.clock, (k) => this.sync(k), PVC_PROTECTION_CONTROLLER);
    this.claims = ctx.informers.for(PVCS);
    this.pods = ctx.informers.for('pods');
    this.claims.addEventHandler({ add: (c) => this.onClaim(c), update: (_o, c) => this.onClaim(c) });
    const onPod = (p: KObject) => {
      for (const name of claimsOf(p)) this.queue.add(`${p.metadata.namespace}/${name}`);
    };
    this.pods.addEventHandler({ update: (_o, p) => { if (podIsShutDown(p)) onPod(p); }, delete: onPod });
  }

  stop(): void {
    this.queue?.stop();
  }

  private onClaim(c: KObject): void {
    const fins = c.metadata.finalizers ?? [];
    if (c.metadata.deletionTimestamp ? fins.includes(PVC_PROTECTION_FINALIZER) : !fins.includes(PVC_PROTECTION_FINALIZER)) this.queue.add(objectKey(c));
  }

  private inUse(claim: KObject): boolean {
    for (const p of this.pods.cache.values()) {
      if (p.metadata.namespace !== claim.metadata.namespace || podIsShutDown(p)) continue;
      if (claimsOf(p).includes(claim.metadata.name!)) return true;
    }
    return false;
  }

  private sync(key: string): void {
    const claim = this.claims.get(key);
    if (!claim) return;
    const fins = claim.metadata.finalizers ?? [];
    try {
      if (!claim.metadata.deletionTimestamp) {
        if (fins.includes(PVC_PROTECTION_FINALIZER)) return;
        const c = clone(claim);
        c.metadata.finalizers = [...fins, PVC_PROTECTION_FINALIZER];
        this.client.update(PVCS, c);
        return;
      }
      if (!fins.includes(PVC_PROTECTION_FINALIZER) || this.inUse(claim)) return;
      const c = clone(claim);
      const rest = fins.filter((f) => f !== PVC_PROTECTION_FINALIZER);
      c.metadata.finalizers = rest.length ? rest : undefined;
      this.client.update(PVCS, c);
    } catch (e) {
      if (!isNotFound(e)) this.queue.addRateLimited(key);
    }
  }
}
