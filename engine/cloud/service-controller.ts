/**
 * The cloud-controller-manager's service controller
 * (k8s.io/cloud-provider/controllers/service): a Service of type LoadBalancer
 * gets a load balancer from the cloud and its address in
 * status.loadBalancer.ingress; a finalizer keeps the Service until the load
 * balancer is gone again (Service deleted, or its type changed).
 */
import type { Client } from '../api/client.js';
import { isNotFound, isStatusError } from '../api/errors.js';
import type { EventRecorder } from '../api/events.js';
import { clone, deepEqual, objectKey, type KObject } from '../api/meta.js';
import { WorkQueue, type Informer, type InformerFactory } from '../controllers/framework.js';
import type { VirtualClock } from '../util/clock.js';
import type { SimCloud } from './cloud.js';

export const SERVICE_CONTROLLER_SOURCE = 'service-controller';
/** servicehelper.LoadBalancerCleanupFinalizer */
export const LB_CLEANUP_FINALIZER = 'service.kubernetes.io/load-balancer-cleanup';

export const REASON_ENSURING = 'EnsuringLoadBalancer';
export const MESSAGE_ENSURING = 'Ensuring load balancer';
export const REASON_ENSURED = 'EnsuredLoadBalancer';
export const MESSAGE_ENSURED = 'Ensured load balancer';
export const REASON_DELETING = 'DeletingLoadBalancer';
export const MESSAGE_DELETING = 'Deleting load balancer';
export const REASON_DELETED = 'DeletedLoadBalancer';
export const MESSAGE_DELETED = 'Deleted load balancer';
export const REASON_SYNC_FAILED = 'SyncLoadBalancerFailed';

interface ServiceLike extends KObject {
  spec?: {
    type?: string; loadBalancerClass?: string; loadBalancerIP?: string; ports?: unknown[]; sessionAffinity?: string;
    externalTrafficPolicy?: string; externalIPs?: string[]; loadBalancerSourceRanges?: string[];
  };
  status?: { loadBalancer?: { ingress?: { ip?: string; hostname?: string; ipMode?: string }[] } };
}

/** wantsLoadBalancer: type LoadBalancer and no loadBalancerClass (another implementation's job). */
export function wantsLoadBalancer(svc: ServiceLike): boolean {
  return svc.spec?.type === 'LoadBalancer' && !svc.spec?.loadBalancerClass;
}

export function needsCleanup(svc: ServiceLike): boolean {
  return !!svc.metadata.deletionTimestamp && (svc.metadata.finalizers ?? []).includes(LB_CLEANUP_FINALIZER);
}

/**
 * needsUpdate: which Service changes matter to its load balancer. Returns the
 * event to record (reason, message) when the change has one, as upstream does.
 */
export function needsUpdate(oldSvc: ServiceLike, newSvc: ServiceLike): { update: boolean; event?: [string, string] } {
  const ow = wantsLoadBalancer(oldSvc);
  const nw = wantsLoadBalancer(newSvc);
  if (!ow && !nw) return { update: false };
  if (ow !== nw) return { update: true, event: ['Type', `${oldSvc.spec?.type ?? ''} -> ${newSvc.spec?.type ?? ''}`] };
  const o = oldSvc.spec ?? {};
  const n = newSvc.spec ?? {};
  if (nw && !deepEqual(o.loadBalancerSourceRanges ?? null, n.loadBalancerSourceRanges ?? null)) {
    return { update: true, event: ['LoadBalancerSourceRanges', `[${(o.loadBalancerSourceRanges ?? []).join(' ')}] -> [${(n.loadBalancerSourceRanges ?? []).join(' ')}]`] };
  }
  if (!deepEqual(o.ports ?? [], n.ports ?? []) || o.sessionAffinity !== n.sessionAffinity) return { update: true };
  if ((o.loadBalancerIP ?? '') !== (n.loadBalancerIP ?? '')) return { update: true, event: ['LoadbalancerIP', `${o.loadBalancerIP ?? ''} -> ${n.loadBalancerIP ?? ''}`] };
  if ((o.externalIPs ?? []).length !== (n.externalIPs ?? []).length) return { update: true, event: ['ExternalIP', `Count: ${(o.externalIPs ?? []).length} -> ${(n.externalIPs ?? []).length}`] };
  if (!deepEqual(oldSvc.metadata.annotations ?? {}, newSvc.metadata.annotations ?? {})) return { update: true };
  if (oldSvc.metadata.uid !== newSvc.metadata.uid) return { update: true, event: ['UID', `${oldSvc.metadata.uid} -> ${newSvc.metadata.uid}`] };
  if (o.externalTrafficPolicy !== n.externalTrafficPolicy) return { update: true, event: ['ExternalTrafficPolicy', `${o.externalTrafficPolicy ?? ''} -> ${n.externalTrafficPolicy ?? ''}`] };
  return { update: false };
}

export class ServiceController {
  private queue: WorkQueue;
  private services: Informer;
  /** Last seen state per key, to clean up a Service deleted without our finalizer. */
  private cache = new Map<string, ServiceLike>();
  /** Keys whose EnsuringLoadBalancer was recorded and whose load balancer is still being provisioned. */
  private provisioning = new Set<string>();

  constructor(private readonly client: Client, private readonly clock: VirtualClock, private readonly cloud: SimCloud,
    informers: InformerFactory, private readonly recorder: EventRecorder) {
    this.queue = new WorkQueue(clock, (k) => this.sync(k), 'service-controller');
    this.services = informers.for('services');
    this.services.addEventHandler({
      add: (s) => {
        const svc = s as ServiceLike;
        if (wantsLoadBalancer(svc) || needsCleanup(svc)) this.queue.add(objectKey(s));
        // A load balancer the cloud made before a restart keeps its address.
        const ip = svc.status?.loadBalancer?.ingress?.[0]?.ip;
        if (ip && wantsLoadBalancer(svc)) this.cloud.adopt(svc.metadata.uid!, ip);
      },
      update: (o, n) => {
        const r = needsUpdate(o as ServiceLike, n as ServiceLike);
        if (r.event) this.recorder.event(n, 'Normal', r.event[0], r.event[1]);
        if (r.update || needsCleanup(n as ServiceLike)) this.queue.add(objectKey(n));
      },
      // Deletion shows up as an update (deletionTimestamp) while our finalizer holds the Service.
      delete: (s) => this.queue.add(objectKey(s)),
    });
  }

  stop(): void {
    this.queue.stop();
  }

  private sync(key: string): void {
    try {
      this.syncService(key);
      this.queue.forget(key);
    } catch (e) {
      const svc = this.services.get(key);
      if (svc && isStatusError(e) && !isNotFound(e)) {
        this.recorder.event(svc, 'Warning', REASON_SYNC_FAILED, `Error syncing load balancer: ${e.message}`);
      }
      this.queue.addRateLimited(key);
    }
  }

  private syncService(key: string): void {
    const svc = this.services.get(key) as ServiceLike | undefined;
    const cached = this.cache.get(key);
    if (!svc) {
      // Gone without our finalizer (it was never a LoadBalancer for us, or the finalizer was removed by hand).
      if (cached && this.cloud.getLoadBalancer(cached.metadata.uid!)) this.deleteLoadBalancer(cached);
      this.cache.delete(key);
      this.provisioning.delete(key);
      return;
    }
    if (cached && cached.metadata.uid !== svc.metadata.uid && this.cloud.getLoadBalancer(cached.metadata.uid!)) this.deleteLoadBalancer(cached);
    this.cache.set(key, svc);
    if (!wantsLoadBalancer(svc) || needsCleanup(svc)) {
      const existed = !!this.cloud.getLoadBalancer(svc.metadata.uid!);
      if (!existed && !(svc.metadata.finalizers ?? []).includes(LB_CLEANUP_FINALIZER) && !svc.status?.loadBalancer?.ingress?.length) {
        this.cache.delete(key);
        return;
      }
      if (existed) this.recorder.event(svc, 'Normal', REASON_DELETING, MESSAGE_DELETING);
      this.cloud.deleteLoadBalancer(svc.metadata.uid!);
      this.provisioning.delete(key);
      this.setFinalizer(key, false);
      this.recorder.event(svc, 'Normal', REASON_DELETED, MESSAGE_DELETED);
      this.writeStatus(key, []);
      this.cache.delete(key);
      return;
    }
    if (!this.provisioning.has(key)) {
      this.recorder.event(svc, 'Normal', REASON_ENSURING, MESSAGE_ENSURING);
      this.provisioning.add(key);
    }
    this.setFinalizer(key, true);
    const lb = this.cloud.ensureLoadBalancer(svc.metadata.uid!, this.clock.now(), svc.spec?.loadBalancerIP);
    if (lb.readyAt > this.clock.now()) {
      // The cloud is still building it; EnsureLoadBalancer returns when it is up.
      this.queue.addAfter(key, lb.readyAt - this.clock.now());
      return;
    }
    this.writeStatus(key, [{ ip: lb.ip, ipMode: 'VIP' }]);
    this.provisioning.delete(key);
    this.recorder.event(svc, 'Normal', REASON_ENSURED, MESSAGE_ENSURED);
  }

  private deleteLoadBalancer(svc: ServiceLike): void {
    this.recorder.event(svc, 'Normal', REASON_DELETING, MESSAGE_DELETING);
    this.cloud.deleteLoadBalancer(svc.metadata.uid!);
    this.recorder.event(svc, 'Normal', REASON_DELETED, MESSAGE_DELETED);
  }

  private setFinalizer(key: string, present: boolean): void {
    const [ns, name] = key.split('/');
    const cur = this.client.tryGet('services', ns, name);
    if (!cur) return;
    const list = cur.metadata.finalizers ?? [];
    if (list.includes(LB_CLEANUP_FINALIZER) === present) return;
    const next = clone(cur);
    next.metadata.finalizers = present ? [...list, LB_CLEANUP_FINALIZER] : list.filter((f) => f !== LB_CLEANUP_FINALIZER);
    if (!next.metadata.finalizers.length) delete next.metadata.finalizers;
    this.client.update('services', next);
  }

  private writeStatus(key: string, ingress: { ip: string; ipMode: string }[]): void {
    const [ns, name] = key.split('/');
    const cur = this.client.tryGet('services', ns, name) as ServiceLike | undefined;
    if (!cur) return;
    const want = ingress.length ? { ingress } : {};
    if (deepEqual(cur.status?.loadBalancer ?? {}, want)) return;
    const next = clone(cur);
    next.status = { ...(next.status ?? {}), loadBalancer: want };
    this.client.updateStatus('services', next);
  }
}
