/**
 * The EndpointSlice controller (pkg/controller/endpointslice): for every
 * Service with a selector, EndpointSlices named `<service>-<5 random>` listing
 * its pods with ready/serving/terminating conditions. This file watches,
 * queues and writes; reconciler.ts decides.
 */
import { isNotFound } from '../../api/errors.js';
import { sameLabels } from '../../api/selectors.js';
import { objectKey, splitKey, type KObject } from '../../api/meta.js';
import type { Controller, ControllerContext } from '../manager.js';
import { WorkQueue, type Informer } from '../framework.js';
import { podEndpointsChanged } from '../endpoints/endpoints-controller.js';
import { ensurePodLabelIndex, hasSelector, podsForSelector, servicesForPod, type PodLike, type ServiceLike } from '../endpoints/pods.js';
import { TriggerTimeTracker } from '../endpoints/trigger-time.js';
import { DEFAULT_MAX_ENDPOINTS_PER_SLICE, ENDPOINTSLICE_CONTROLLER_NAME, MANAGED_BY_LABEL, SERVICE_NAME_LABEL, ZONE_LABEL } from './endpoint.js';
import { reconcileSlices } from './reconciler.js';

export const ENDPOINTSLICE_CONTROLLER = 'endpointslice-controller';
const SERVICE_NAMESPACE_INDEX = 'endpointslice/namespace';
const SLICE_SERVICE_INDEX = 'endpointslice/service';

export class EndpointSliceController implements Controller {
  readonly name = ENDPOINTSLICE_CONTROLLER;
  private queue?: WorkQueue;
  private services?: Informer;
  private pods?: Informer;
  private slices?: Informer;
  private nodes?: Informer;
  private ctx?: ControllerContext;
  private tracker = new TriggerTimeTracker();

  constructor(private readonly maxPerSlice = DEFAULT_MAX_ENDPOINTS_PER_SLICE) {}

  start(ctx: ControllerContext): void {
    this.ctx = ctx;
    this.queue = new WorkQueue(ctx.clock, (k) => this.sync(k), this.name);
    this.services = ctx.informers.for('services');
    this.pods = ctx.informers.for('pods');
    this.slices = ctx.informers.for('endpointslices.discovery.k8s.io');
    this.nodes = ctx.informers.for('nodes');
    ensurePodLabelIndex(this.pods);
    this.services.addIndexer(SERVICE_NAMESPACE_INDEX, (o) => [o.metadata.namespace ?? '']);
    this.slices.addIndexer(SLICE_SERVICE_INDEX, (o) => {
      const l = o.metadata.labels ?? {};
      return l[MANAGED_BY_LABEL] === ENDPOINTSLICE_CONTROLLER_NAME && l[SERVICE_NAME_LABEL] ? [`${o.metadata.namespace}/${l[SERVICE_NAME_LABEL]}`] : [];
    });
    const enqueue = (o: KObject) => this.queue!.add(objectKey(o));
    this.services.addEventHandler({ add: enqueue, update: (_o, n) => enqueue(n), delete: enqueue });
    this.pods.addEventHandler({
      add: (p) => this.enqueueForPod(p),
      update: (o, n) => {
        if (!podEndpointsChanged(o as PodLike, n as PodLike)) return;
        this.enqueueForPod(n);
        if (!sameLabels(o.metadata.labels, n.metadata.labels)) this.enqueueForPod(o);
      },
      delete: (p) => this.enqueueForPod(p),
    });
    // Someone else touching our slices (or deleting one) makes the Service resync.
    const enqueueOwner = (s: KObject) => {
      const l = s.metadata.labels ?? {};
      if (l[MANAGED_BY_LABEL] === ENDPOINTSLICE_CONTROLLER_NAME && l[SERVICE_NAME_LABEL]) this.queue!.add(`${s.metadata.namespace}/${l[SERVICE_NAME_LABEL]}`);
    };
    this.slices.addEventHandler({ update: (_o, n) => enqueueOwner(n), delete: enqueueOwner });
  }

  stop(): void {
    this.queue?.stop();
  }

  private enqueueForPod(pod: KObject): void {
    const candidates = this.services!.byIndex(SERVICE_NAMESPACE_INDEX, pod.metadata.namespace ?? '');
    for (const s of servicesForPod(candidates, pod)) this.queue!.add(objectKey(s));
  }

  private sync(key: string): void {
    try {
      this.syncService(key);
      this.queue!.forget(key);
    } catch {
      // A stale cache (conflict, already exists) or an unreachable API server: retry after the back-off.
      this.queue!.addRateLimited(key);
    }
  }

  private syncService(key: string): void {
    const [namespace, name] = splitKey(key);
    const service = this.services!.get(key) as ServiceLike | undefined;
    if (!service) {
      // The slices carry an ownerReference to the Service: the garbage collector removes them.
      this.tracker.deleteService(namespace, name);
      return;
    }
    if (service.spec?.type === 'ExternalName' || !hasSelector(service)) return;
    const pods = podsForSelector(this.pods!, namespace, service.spec!.selector!);
    const triggerTime = this.tracker.compute(service, pods);
    const existing = this.slices!.byIndex(SLICE_SERVICE_INDEX, key).filter((s) => !s.metadata.deletionTimestamp);
    const zoneOf = (node: string) => this.nodes!.get(node)?.metadata.labels?.[ZONE_LABEL];
    const changes = reconcileSlices({ service, pods, existing, zoneOf, maxPerSlice: this.maxPerSlice, triggerTime });
    const client = this.ctx!.client;
    const resource = 'endpointslices.discovery.k8s.io';
    for (const s of changes.create) client.create(resource, namespace, s);
    for (const s of changes.update) client.update(resource, s);
    for (const s of changes.delete) {
      try {
        client.delete(resource, namespace, s.metadata.name!);
      } catch (e) {
        if (!isNotFound(e)) throw e;
      }
    }
  }
}
