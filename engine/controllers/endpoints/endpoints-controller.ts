/**
 * The Endpoints controller (pkg/controller/endpoint): for every Service with a
 * selector, an Endpoints object of the same name listing its pods' addresses,
 * ready ones under `addresses` and the others under `notReadyAddresses`.
 * Deprecated as an API since v1.33 but still run by kube-controller-manager.
 * This file only watches, queues and writes; the decision is in subsets.ts.
 */
import { isAlreadyExists, isConflict, isNotFound, isStatusError } from '../../api/errors.js';
import { sameLabels } from '../../api/selectors.js';
import type { EventRecorder } from '../../api/events.js';
import { objectKey, splitKey, type KObject } from '../../api/meta.js';
import type { Controller, ControllerContext } from '../manager.js';
import { WorkQueue, type Informer } from '../framework.js';
import { ensurePodLabelIndex, hasSelector, isPodReady, podsForSelector, servicesForPod, type PodLike, type ServiceLike } from './pods.js';
import { computeSubsets, desiredEndpoints, ENDPOINT_CONTROLLER_NAME, MANAGED_BY_LABEL } from './subsets.js';
import { TriggerTimeTracker } from './trigger-time.js';

export const ENDPOINTS_CONTROLLER_NAME = 'endpoints-controller';
/** The event source the controller reports as. */
export const ENDPOINT_EVENT_SOURCE = 'endpoint-controller';
export const REASON_FAILED_TO_CREATE = 'FailedToCreateEndpoint';
export const REASON_FAILED_TO_UPDATE = 'FailedToUpdateEndpoint';
const SERVICE_NAMESPACE_INDEX = 'endpoints/namespace';

/** Whether a pod change can change any Service's endpoints (podEndpointsChanged). */
export function podEndpointsChanged(a: PodLike, b: PodLike): boolean {
  if (a.metadata.resourceVersion === b.metadata.resourceVersion) return false;
  if (!!a.metadata.deletionTimestamp !== !!b.metadata.deletionTimestamp) return true;
  // Any one difference answers: the plain members first (a status write changes the phase or the IP, a bind the
  // node), the conditions only when the status is another object and those agree.
  const sa = a.status ?? {};
  const sb = b.status ?? {};
  if (sa.podIP !== sb.podIP || sa.phase !== sb.phase) return true;
  const pa = a.spec ?? {};
  const pb = b.spec ?? {};
  if (pa.nodeName !== pb.nodeName || pa.hostname !== pb.hostname || pa.subdomain !== pb.subdomain) return true;
  if (a.status !== b.status) {
    if (isPodReady(a) !== isPodReady(b)) return true;
    if (!samePodIPs(sa.podIPs, sb.podIPs)) return true;
    const ra = a.status?.conditions?.find((c) => c.type === 'Ready')?.lastTransitionTime;
    const rb = b.status?.conditions?.find((c) => c.type === 'Ready')?.lastTransitionTime;
    if (ra !== rb) return true;
  }
  return !sameLabels(a.metadata.labels, b.metadata.labels);
}

function samePodIPs(a: { ip?: string }[] | undefined, b: { ip?: string }[] | undefined): boolean {
  if (a === b) return true;
  const x = a ?? [];
  const y = b ?? [];
  if (x.length !== y.length) return false;
  // PodIP has one field.
  for (let i = 0; i < x.length; i++) if (x[i].ip !== y[i].ip) return false;
  return true;
}

export class EndpointsController implements Controller {
  readonly name = ENDPOINTS_CONTROLLER_NAME;
  private queue?: WorkQueue;
  private services?: Informer;
  private pods?: Informer;
  private endpoints?: Informer;
  private recorder?: EventRecorder;
  private ctx?: ControllerContext;
  private tracker = new TriggerTimeTracker();

  start(ctx: ControllerContext): void {
    this.ctx = ctx;
    this.recorder = ctx.recorder(ENDPOINT_EVENT_SOURCE);
    this.queue = new WorkQueue(ctx.clock, (k) => this.sync(k), this.name);
    this.services = ctx.informers.for('services');
    this.pods = ctx.informers.for('pods');
    this.endpoints = ctx.informers.for('endpoints');
    ensurePodLabelIndex(this.pods);
    this.services.addIndexer(SERVICE_NAMESPACE_INDEX, (o) => [o.metadata.namespace ?? '']);
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
    // A deleted Endpoints is recreated; one left over from a deleted Service is removed (checkLeftoverEndpoints).
    this.endpoints.addEventHandler({
      add: (ep) => { if (ep.metadata.labels?.[MANAGED_BY_LABEL] === ENDPOINT_CONTROLLER_NAME) enqueue(ep); },
      delete: enqueue,
    });
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
      // Conflicts with a stale cache, an API server that is down: try again after the back-off.
      this.queue!.addRateLimited(key);
    }
  }

  private syncService(key: string): void {
    const [namespace, name] = splitKey(key);
    const client = this.ctx!.client;
    const service = this.services!.get(key) as ServiceLike | undefined;
    if (!service) {
      const current = this.endpoints!.get(key);
      if (current && current.metadata.labels?.[MANAGED_BY_LABEL] === ENDPOINT_CONTROLLER_NAME) {
        try {
          client.delete('endpoints', namespace, name);
        } catch (e) {
          if (!isNotFound(e)) throw e;
        }
      }
      this.tracker.deleteService(namespace, name);
      return;
    }
    // ExternalName Services and Services without a selector get no endpoints from this controller.
    if (service.spec?.type === 'ExternalName' || !hasSelector(service)) return;
    const pods = podsForSelector(this.pods!, namespace, service.spec!.selector!);
    const trigger = this.tracker.compute(service, pods);
    const subsets = computeSubsets(service, pods);
    const current = this.endpoints!.get(key);
    const next = desiredEndpoints(service, current, subsets, trigger);
    if (!next) return;
    try {
      if (current) client.update('endpoints', next);
      else client.create('endpoints', namespace, next);
    } catch (e) {
      if (isConflict(e) || isAlreadyExists(e) || !isStatusError(e)) throw e;
      const msg = (e as Error)?.message ?? String(e);
      if (current) this.recorder!.event(next, 'Warning', REASON_FAILED_TO_UPDATE, `Failed to update endpoint ${namespace}/${name}: ${msg}`);
      else if (!/because it is being terminated/.test(msg)) this.recorder!.event(next, 'Warning', REASON_FAILED_TO_CREATE, `Failed to create endpoint for service ${namespace}/${name}: ${msg}`);
      else return;
      throw e;
    }
  }
}

export function newEndpointsController(): Controller {
  return new EndpointsController();
}
