/**
 * The resource quota controller (pkg/controller/resourcequota, release-1.35):
 * keeps each ResourceQuota's status.hard equal to spec.hard and status.used
 * equal to what the namespace holds, recounted when a quota changes, when
 * something it counts is deleted or a pod finishes (replenishment), and every
 * 5 minutes (--resource-quota-sync-period). Creates need no recount: the
 * quota admission plugin charges them as they are admitted.
 */
import type { Client } from '../../api/client.js';
import { isNotFound } from '../../api/errors.js';
import { clone, deepEqual, objectKey, type KObject } from '../../api/meta.js';
import { add, fromList, podHoldsQuota, scopesMatch, toList, usage, type ResourceList } from '../../api/registry/quota-usage.js';
import type { VirtualClock } from '../../util/clock.js';
import { WorkQueue, type Informer } from '../framework.js';
import type { Controller, ControllerContext } from '../manager.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

export const RESOURCE_QUOTA_CONTROLLER = 'resourcequota-controller';
/** --resource-quota-sync-period. */
export const RESOURCE_QUOTA_SYNC_PERIOD_MS = 5 * 60_000;

const POD_NAMES = new Set(['pods', 'cpu', 'memory', 'ephemeral-storage', 'requests.cpu', 'requests.memory', 'requests.ephemeral-storage', 'limits.cpu', 'limits.memory', 'limits.ephemeral-storage', 'count/pods']);
const SERVICE_NAMES = new Set(['services', 'services.nodeports', 'services.loadbalancers', 'count/services']);
const LEGACY = new Set(['configmaps', 'secrets', 'resourcequotas', 'replicationcontrollers', 'persistentvolumeclaims']);
/** What deletions the controller watches to give quota back (its replenishment controllers). */
const REPLENISHED = ['services', 'configmaps', 'secrets'];

/** The resource whose objects a quota name counts, or undefined for one nothing here counts. */
export function countedResource(name: string): string | undefined {
  if (POD_NAMES.has(name) || name.startsWith('hugepages-') || name.startsWith('requests.hugepages-') || (name.startsWith('requests.') && name.includes('/'))) return 'pods';
  if (SERVICE_NAMES.has(name)) return 'services';
  if (LEGACY.has(name)) return name;
  if (name.startsWith('count/')) return name.slice('count/'.length);
  return undefined;
}

/** CalculateUsage: status.used for every name of hard, 0 where nothing is counted. */
export function calculateUsed(quota: KObject, hard: Record<string, unknown>, list: (resource: string) => KObject[], now: number): Record<string, string> {
  const names = Object.keys(hard);
  let used: ResourceList = new Map();
  for (const resource of new Set(names.map(countedResource).filter((r): r is string => !!r))) {
    for (const obj of list(resource)) {
      if (!scopesMatch(quota, resource, obj)) continue;
      used = add(used, usage(resource, obj, now));
    }
  }
  const out: ResourceList = new Map();
  for (const n of names) out.set(n, used.get(n) ?? { milli: 0n, format: toList({ [n]: hard[n] }).get(n)?.format ?? 'DecimalSI' });
  // The sum of no objects is a plain 0.
  for (const [n, v] of out) if (v.milli === 0n) out.set(n, { milli: 0n, format: 'DecimalSI' });
  return fromList(out);
}

export class ResourceQuotaController implements Controller {
  readonly name = RESOURCE_QUOTA_CONTROLLER;
  private client!: Client;
  private clock!: VirtualClock;
  private quotas!: Informer;
  private queue!: WorkQueue;
  /** Namespace → its quotas' keys, so an event elsewhere costs one lookup. */
  private byNamespace = new Map<string, Set<string>>();

  start(ctx: ControllerContext): void {
    this.client = ctx.client;
    this.clock = ctx.clock;
    this.byNamespace = new Map();
    this.queue = new WorkQueue(ctx.clock, (key) => this.sync(key), RESOURCE_QUOTA_CONTROLLER);
    this.quotas = ctx.informers.for('resourcequotas');
    this.quotas.addEventHandler({
      add: (q) => { this.track(q); this.queue.add(objectKey(q)); },
      update: (old, q) => { if (!deepEqual(old.spec, q.spec) || !deepEqual((q.status as Any)?.hard, (q.spec as Any)?.hard)) this.queue.add(objectKey(q)); },
      delete: (q) => this.untrack(q),
    });
    const replenish = (o: KObject) => {
      for (const key of this.byNamespace.get(o.metadata.namespace ?? '') ?? []) this.queue.add(key);
    };
    ctx.informers.for('pods').addEventHandler({
      update: (old, pod) => { if (this.byNamespace.has(pod.metadata.namespace ?? '') && podHoldsQuota(old, this.clock.now()) && !podHoldsQuota(pod, this.clock.now())) replenish(pod); },
      delete: (pod) => { if (this.byNamespace.has(pod.metadata.namespace ?? '')) replenish(pod); },
    });
    for (const r of REPLENISHED) ctx.informers.for(r).addEventHandler({ delete: (o) => { if (this.byNamespace.has(o.metadata.namespace ?? '')) replenish(o); } });
  }

  stop(): void {
    this.queue?.stop();
  }

  private track(q: KObject): void {
    const ns = q.metadata.namespace ?? '';
    const keys = this.byNamespace.get(ns) ?? new Set<string>();
    keys.add(objectKey(q));
    this.byNamespace.set(ns, keys);
  }

  private untrack(q: KObject): void {
    const ns = q.metadata.namespace ?? '';
    const keys = this.byNamespace.get(ns);
    keys?.delete(objectKey(q));
    if (keys && !keys.size) this.byNamespace.delete(ns);
  }

  private sync(key: string): void {
    const cached = this.quotas.get(key);
    if (!cached) return;
    const ns = cached.metadata.namespace ?? '';
    try {
      const fresh = this.client.get('resourcequotas', ns, cached.metadata.name ?? '');
      const hard = { ...((fresh.spec as Any)?.hard ?? {}) };
      const list = (resource: string): KObject[] => {
        try { return this.client.list(resource, ns).items; } catch { return []; }
      };
      const used = calculateUsed(fresh, hard, list, this.clock.now());
      const status = fresh.status as Any;
      if (!deepEqual(status?.hard ?? {}, hard) || !deepEqual(status?.used ?? {}, used)) {
        const next = clone(fresh);
        next.status = { hard, used };
        this.client.updateStatus('resourcequotas', next);
      }
      this.queue.addAfter(key, RESOURCE_QUOTA_SYNC_PERIOD_MS);
    } catch (e) {
      if (!isNotFound(e)) this.queue.addRateLimited(key);
    }
  }
}
