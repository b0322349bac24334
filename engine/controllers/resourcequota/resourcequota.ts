/**
 * The resource quota controller (pkg/controller/resourcequota, release-1.35):
 * keeps each ResourceQuota's status.hard equal to spec.hard and status.used
 * equal to what the namespace holds. A quota is recounted when it is made or
 * its spec.hard changes, when its quota monitor sees an object it counts go
 * (a delete, or an update the monitor's filter lets through: a pod that
 * finishes or whose allocated resources change, a Service that changes quota
 * type, any update of a claim), and at the full resync every 5 minutes
 * (--resource-quota-sync-period) counted from the controller manager's start.
 * Creates need no recount: the quota admission plugin charges them as they are
 * admitted, and a charge for a create that then fails (AlreadyExists) stays
 * until one of those recounts.
 */
import type { Client } from '../../api/client.js';
import { isNotFound } from '../../api/errors.js';
import { lookupResource } from '../../api/resources.js';
import { clone, deepEqual, objectKey, type KObject } from '../../api/meta.js';
import { add, countedResource, fromList, matchingResources, podHoldsQuota, scopesMatch, toList, usage, type ResourceList } from '../../api/registry/quota-usage.js';
import type { VirtualClock } from '../../util/clock.js';
import { WorkQueue, type Informer } from '../framework.js';
import type { Controller, ControllerContext } from '../manager.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

export { countedResource };

export const RESOURCE_QUOTA_CONTROLLER = 'resourcequota-controller';
/** --resource-quota-sync-period. */
export const RESOURCE_QUOTA_SYNC_PERIOD_MS = 5 * 60_000;

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

/** GetQuotaServiceType: what a Service's type is to quota (NodePort, LoadBalancer, or nothing). */
function quotaServiceType(svc: KObject): string {
  const type = (svc.spec as Any)?.type;
  return type === 'NodePort' || type === 'LoadBalancer' ? type : '';
}

/** hasAllocatedResourcesChanged: a resize the kubelet has taken on changes what the pod holds. */
function allocatedResourcesChanged(old: KObject, cur: KObject): boolean {
  const a = ((old.status as Any)?.containerStatuses ?? []) as Any[];
  const b = ((cur.status as Any)?.containerStatuses ?? []) as Any[];
  if (a.length !== b.length) return false;
  return a.some((s, i) => {
    const x = toList(s?.allocatedResources);
    const y = toList(b[i]?.allocatedResources);
    return x.size !== y.size || [...x].some(([k, v]) => y.get(k)?.milli !== v.milli);
  });
}

/**
 * The quota monitor's update filter (pkg/quota/v1/install/update_filter.go). A claim's is
 * RequiresQuotaReplenish, whose first test compares the two *Quantity pointers that
 * ResourceList.Storage() returns, never equal: every update of a claim lets it through.
 */
function updateCounts(resource: string, old: KObject, cur: KObject, now: number): boolean {
  switch (resource) {
    case 'pods': return allocatedResourcesChanged(old, cur) || (podHoldsQuota(old, now) && !podHoldsQuota(cur, now));
    case 'services': return quotaServiceType(old) !== quotaServiceType(cur);
    case 'persistentvolumeclaims': return true;
    default: return false;
  }
}

export class ResourceQuotaController implements Controller {
  readonly name = RESOURCE_QUOTA_CONTROLLER;
  private client!: Client;
  private clock!: VirtualClock;
  private ctx!: ControllerContext;
  private quotas!: Informer;
  private queue!: WorkQueue;
  private stopResync?: () => void;
  /** Namespace → its quotas' keys, so an event elsewhere costs one lookup. */
  private byNamespace = new Map<string, Set<string>>();
  /** The resources a monitor watches (those some quota has named). */
  private monitored = new Set<string>();

  /** `managerStartedAt`: when kube-controller-manager started, which sets the phase of the full resync. */
  constructor(private readonly managerStartedAt?: number) {}

  start(ctx: ControllerContext): void {
    this.ctx = ctx;
    this.client = ctx.client;
    this.clock = ctx.clock;
    this.byNamespace = new Map();
    this.monitored = new Set();
    this.queue = new WorkQueue(ctx.clock, (key) => this.sync(key), RESOURCE_QUOTA_CONTROLLER);
    this.quotas = ctx.informers.for('resourcequotas');
    this.quotas.addEventHandler({
      add: (q) => { this.track(q); this.monitor(q); this.queue.add(objectKey(q)); },
      // Only a change of spec.hard: status writes (the controller's, admission's) are not recounts.
      update: (old, q) => { this.monitor(q); if (!deepEqual((old.spec as Any)?.hard, (q.spec as Any)?.hard)) this.queue.add(objectKey(q)); },
      delete: (q) => this.untrack(q),
    });
    // wait.Until(enqueueAll, resyncPeriod) from Run: at the start, then every period.
    const started = this.managerStartedAt ?? ctx.clock.now();
    const since = ctx.clock.now() - started;
    const firstDelayMs = RESOURCE_QUOTA_SYNC_PERIOD_MS - (since % RESOURCE_QUOTA_SYNC_PERIOD_MS);
    this.stopResync = ctx.clock.every(RESOURCE_QUOTA_SYNC_PERIOD_MS, () => this.enqueueAll(), { firstDelayMs });
  }

  stop(): void {
    this.queue?.stop();
    this.stopResync?.();
    this.stopResync = undefined;
  }

  private enqueueAll(): void {
    for (const q of this.quotas.list()) this.queue.add(objectKey(q));
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

  /** Watches what the quota's names count for deletes and counted updates (the quota monitor of that resource). */
  private monitor(q: KObject): void {
    const names = [...Object.keys((q.spec as Any)?.hard ?? {}), ...Object.keys((q.status as Any)?.hard ?? {})];
    for (const resource of names.map(countedResource)) {
      if (!resource || this.monitored.has(resource)) continue;
      // GetQuotableResources: only what the server serves, namespaced; events are ignored (install.DefaultIgnoredResources).
      if (!lookupResource(resource)?.namespaced || resource === 'events') continue;
      this.monitored.add(resource);
      const informer = this.ctx.informers.for(resource);
      informer.addEventHandler({
        update: (old, cur) => { if (this.byNamespace.has(cur.metadata.namespace ?? '') && updateCounts(resource, old, cur, this.clock.now())) this.replenish(resource, cur); },
        delete: (o) => this.replenish(resource, o),
      });
      informer.start();
    }
  }

  /** replenishQuota: recount the namespace's quotas whose status.hard names something this resource uses. */
  private replenish(resource: string, o: KObject): void {
    for (const key of this.byNamespace.get(o.metadata.namespace ?? '') ?? []) {
      const hard = (this.quotas.get(key)?.status as Any)?.hard ?? {};
      if (matchingResources(resource, Object.keys(hard)).length) this.queue.add(key);
    }
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
    } catch (e) {
      if (!isNotFound(e)) this.queue.addRateLimited(key);
    }
  }
}
