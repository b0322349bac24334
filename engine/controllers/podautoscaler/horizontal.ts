/**
 * The HorizontalPodAutoscaler controller (pkg/controller/podautoscaler/horizontal.go),
 * autoscaling/v2. Every --horizontal-pod-autoscaler-sync-period (15 s) each
 * HPA reads its target's scale, asks the metrics for a replica count,
 * stabilizes and limits it, writes the target's spec.replicas when it
 * changes, and reports conditions, events and status as upstream does.
 */
import type { Client } from '../../api/client.js';
import { isStatusError } from '../../api/errors.js';
import type { EventRecorder } from '../../api/events.js';
import { clone, deepEqual, objectKey, type KObject } from '../../api/meta.js';
import { RESOURCES } from '../../api/resources.js';
import { parseLabelSelector } from '../../api/selectors.js';
import { parseQuantity } from '../../util/quantity.js';
import { rfc3339 } from '../../util/time.js';
import type { PodLike } from '../endpoints/pods.js';
import { WorkQueue, type Informer } from '../framework.js';
import type { Controller, ControllerContext } from '../manager.js';
import { getResourceMetric } from './metrics.js';
import {
  defaultScaleDown, defaultScaleUp, limitWithBehavior, limitWithRules, MESSAGE_READY_FOR_NEW_SCALE, MESSAGE_SCALE_DOWN_STABILIZED,
  REASON_READY_FOR_NEW_SCALE, REASON_SCALE_DOWN_STABILIZED, stabilize, stabilizeWithBehavior, storeScaleEvent,
  type Behavior, type HPAState,
} from './normalize.js';
import {
  DEFAULT_CPU_INITIALIZATION_PERIOD_MS, DEFAULT_INITIAL_READINESS_DELAY_MS, plainMetricReplicas, resourceReplicas, type CalcOptions, type Tolerances,
} from './replica-calculator.js';

export const HPA_CONTROLLER_NAME = 'horizontal-pod-autoscaler-controller';
/** The event source of the HPA controller's events. */
export const HPA_EVENT_SOURCE = 'horizontal-pod-autoscaler';
const HPA_RESOURCE = 'horizontalpodautoscalers.autoscaling';

export const REASON_SUCCESSFUL_RESCALE = 'SuccessfulRescale';
export const REASON_FAILED_RESCALE = 'FailedRescale';
export const REASON_FAILED_GET_SCALE = 'FailedGetScale';
export const REASON_FAILED_COMPUTE = 'FailedComputeMetricsReplicas';
export const REASON_FAILED_GET_RESOURCE_METRIC = 'FailedGetResourceMetric';
export const REASON_FAILED_GET_CONTAINER_RESOURCE_METRIC = 'FailedGetContainerResourceMetric';
export const REASON_FAILED_UPDATE_STATUS = 'FailedUpdateStatus';
export const REASON_SELECTOR_REQUIRED = 'SelectorRequired';
export const REASON_INVALID_SELECTOR = 'InvalidSelector';
export const REASON_VALID_METRIC_FOUND = 'ValidMetricFound';
export const REASON_SUCCEEDED_GET_SCALE = 'SucceededGetScale';
export const REASON_SUCCEEDED_RESCALE = 'SucceededRescale';
export const REASON_SCALING_DISABLED = 'ScalingDisabled';
export const RESCALE_ABOVE_MAX = 'Current number of replicas above Spec.MaxReplicas';
export const RESCALE_BELOW_MIN = 'Current number of replicas below Spec.MinReplicas';
export const RESCALE_ALL_BELOW = 'All metrics below target';

interface MetricTarget { type?: string; averageUtilization?: number; averageValue?: string; value?: string }
interface MetricSpec {
  type: string;
  resource?: { name: string; target: MetricTarget };
  containerResource?: { name: string; container: string; target: MetricTarget };
  pods?: { metric: { name: string } };
  object?: { metric: { name: string }; describedObject?: { kind?: string; name?: string } };
  external?: { metric: { name: string } };
}
interface Condition { type: string; status: string; lastTransitionTime?: string; reason?: string; message?: string }
interface HPAStatus {
  observedGeneration?: number;
  lastScaleTime?: string;
  currentReplicas?: number;
  desiredReplicas?: number;
  currentMetrics?: Record<string, unknown>[];
  conditions?: Condition[];
}
interface HPA extends KObject {
  spec: {
    scaleTargetRef: { apiVersion?: string; kind: string; name: string };
    minReplicas?: number;
    maxReplicas: number;
    metrics?: MetricSpec[];
    behavior?: Behavior;
  };
  status?: HPAStatus;
}

class MetricError extends Error {
  constructor(message: string, readonly condition?: Condition) { super(message); }
}

/** setCondition: the transition time moves only when the status flips. */
export function setCondition(status: HPAStatus, type: string, value: string, reason: string, message: string, now: number): void {
  const list = (status.conditions ??= []);
  const existing = list.find((c) => c.type === type);
  if (!existing) {
    list.push({ type, status: value, lastTransitionTime: rfc3339(now), reason, message });
    return;
  }
  if (existing.status !== value) existing.lastTransitionTime = rfc3339(now);
  existing.status = value;
  existing.reason = reason;
  existing.message = message;
}

/** resource.NewMilliQuantity(v, DecimalSI).String() */
export function formatMilliQuantity(milli: number): string {
  if (milli % 1000 !== 0) return `${milli}m`;
  let v = milli / 1000;
  if (v === 0) return '0';
  let i = 0;
  const suffixes = ['', 'k', 'M', 'G', 'T', 'P', 'E'];
  while (i < suffixes.length - 1 && v % 1000 === 0) {
    v /= 1000;
    i++;
  }
  return `${v}${suffixes[i]}`;
}

function toleranceOf(rules: { tolerance?: string | number } | undefined, dflt: number): number {
  if (rules?.tolerance === undefined) return dflt;
  const v = parseQuantity(rules.tolerance);
  return v === undefined ? dflt : v;
}

export class HorizontalController implements Controller {
  readonly name = HPA_CONTROLLER_NAME;
  private queue?: WorkQueue;
  private hpas?: Informer;
  private pods?: Informer;
  private ctx?: ControllerContext;
  private recorder?: EventRecorder;
  /** Per HPA: recent recommendations and scale events (kept in memory only, like upstream). */
  private state = new Map<string, HPAState>();

  start(ctx: ControllerContext): void {
    this.ctx = ctx;
    this.recorder = ctx.recorder(HPA_EVENT_SOURCE);
    this.queue = new WorkQueue(ctx.clock, (k) => this.process(k), this.name);
    this.hpas = ctx.informers.for(HPA_RESOURCE);
    this.pods = ctx.informers.for('pods');
    // Requests always wait a sync period in the queue, so every HPA is looked at once per period.
    const enqueue = (o: KObject) => this.queue!.addAfter(objectKey(o), ctx.config.hpaSyncPeriodMs);
    this.hpas.addEventHandler({
      add: enqueue,
      update: (_o, n) => enqueue(n),
      delete: (o) => this.state.delete(objectKey(o)),
    });
  }

  stop(): void {
    this.queue?.stop();
  }

  private process(key: string): void {
    const hpa = this.hpas!.get(key) as HPA | undefined;
    if (!hpa) {
      this.state.delete(key);
      return;
    }
    try {
      this.reconcile(hpa, key);
    } catch {
      // An unreachable API server or a conflict: the next period tries again.
    }
    this.queue!.addAfter(key, this.ctx!.config.hpaSyncPeriodMs);
  }

  private stateOf(key: string, current: number, now: number): HPAState {
    let s = this.state.get(key);
    if (!s) {
      // recordInitialRecommendation: the current size counts as the first recommendation.
      s = { recommendations: [{ replicas: current, at: now }], scaleUpEvents: [], scaleDownEvents: [] };
      this.state.set(key, s);
    }
    return s;
  }

  private reconcile(shared: HPA, key: string): void {
    const client = this.ctx!.client;
    const now = this.ctx!.clock.now();
    const hpa = clone(shared);
    const original = clone(shared.status ?? {});
    const status: HPAStatus = hpa.status ?? {};
    hpa.status = status;
    const ref = hpa.spec.scaleTargetRef;
    const reference = `${ref.kind}/${hpa.metadata.namespace}/${ref.name}`;
    const ns = hpa.metadata.namespace!;

    // The scale subresource of the target, found through the RESTMapper (scaleForResourceMappings): a kind
    // without one (a DaemonSet) answers the subresource's GET with a 404.
    const group = (ref.apiVersion ?? '').includes('/') ? ref.apiVersion!.split('/')[0] : '';
    const info = RESOURCES.find((r) => r.kind === ref.kind && r.group === group && !r.virtual);
    const resource = info ? (info.group ? `${info.resource}.${info.group}` : info.resource) : '';
    let scale: KObject | undefined;
    let error: string | undefined;
    if (!info) {
      error = `no matches for kind "${ref.kind}" in group "${group}"`;
    } else {
      try {
        scale = client.getScale(resource, ns, ref.name);
      } catch (e) {
        if (!isStatusError(e)) throw e;
        error = e.message;
      }
    }
    if (!scale) {
      this.recorder!.event(hpa, 'Warning', REASON_FAILED_GET_SCALE, error!);
      setCondition(status, 'AbleToScale', 'False', REASON_FAILED_GET_SCALE, `the HPA controller was unable to get the target's current scale: ${error}`, now);
      this.writeStatus(hpa, original);
      return;
    }
    setCondition(status, 'AbleToScale', 'True', REASON_SUCCEEDED_GET_SCALE, "the HPA controller was able to get the target's current scale", now);
    const currentReplicas = (scale.spec as { replicas?: number }).replicas ?? 0;
    const st = this.stateOf(key, currentReplicas, now);
    const minReplicas = hpa.spec.minReplicas ?? 1;
    let desired = 0;
    let rescaleReason = '';
    let rescale = true;
    let metricStatuses: Record<string, unknown>[] | undefined;

    if (currentReplicas === 0 && minReplicas !== 0) {
      desired = 0;
      rescale = false;
      setCondition(status, 'ScalingActive', 'False', REASON_SCALING_DISABLED, 'scaling is disabled since the replica count of the target is zero', now);
    } else if (currentReplicas > hpa.spec.maxReplicas) {
      rescaleReason = RESCALE_ABOVE_MAX;
      desired = hpa.spec.maxReplicas;
    } else if (currentReplicas < minReplicas) {
      rescaleReason = RESCALE_BELOW_MIN;
      desired = minReplicas;
    } else {
      const selector = (scale.status as { selector?: string } | undefined)?.selector ?? '';
      const r = this.computeReplicasForMetrics(hpa, status, currentReplicas, selector, now);
      metricStatuses = r.statuses;
      if (r.replicas === -1) {
        status.currentReplicas = currentReplicas;
        status.currentMetrics = r.statuses;
        this.writeStatus(hpa, original);
        this.recorder!.event(hpa, 'Warning', REASON_FAILED_COMPUTE, r.error!);
        return;
      }
      let rescaleMetric = '';
      if (r.replicas > desired) {
        desired = r.replicas;
        rescaleMetric = r.metric;
      }
      if (desired > currentReplicas) rescaleReason = `${rescaleMetric} above target`;
      if (desired < currentReplicas) rescaleReason = RESCALE_ALL_BELOW;
      desired = hpa.spec.behavior
        ? this.normalizeWithBehaviors(hpa, status, st, currentReplicas, desired, minReplicas, now)
        : this.normalize(hpa, status, st, currentReplicas, desired, minReplicas, now);
      rescale = desired !== currentReplicas;
    }

    if (rescale) {
      try {
        client.updateScale(resource, ns, ref.name, { ...scale, spec: { replicas: desired } } as KObject);
      } catch (e) {
        const msg = (e as Error)?.message ?? String(e);
        this.recorder!.event(hpa, 'Warning', REASON_FAILED_RESCALE, `New size: ${desired}; reason: ${rescaleReason}; error: ${msg}`);
        setCondition(status, 'AbleToScale', 'False', 'FailedUpdateScale', `the HPA controller was unable to update the target scale: ${msg}`, now);
        status.currentReplicas = currentReplicas;
        if (metricStatuses) status.currentMetrics = metricStatuses;
        this.writeStatus(hpa, original);
        return;
      }
      setCondition(status, 'AbleToScale', 'True', REASON_SUCCEEDED_RESCALE, `the HPA controller was able to update the target scale to ${desired}`, now);
      this.recorder!.event(hpa, 'Normal', REASON_SUCCESSFUL_RESCALE, `New size: ${desired}; reason: ${rescaleReason}`);
      if (hpa.spec.behavior) {
        const b = this.behaviorOf(hpa);
        storeScaleEvent(st, b, currentReplicas, desired, now);
      }
    } else {
      desired = currentReplicas;
    }
    // setStatus
    const next: HPAStatus = {};
    if (status.observedGeneration !== undefined) next.observedGeneration = status.observedGeneration;
    const lastScaleTime = rescale ? rfc3339(now) : status.lastScaleTime;
    if (lastScaleTime) next.lastScaleTime = lastScaleTime;
    next.currentReplicas = currentReplicas;
    next.desiredReplicas = desired;
    if (metricStatuses?.length) next.currentMetrics = metricStatuses;
    if (status.conditions) next.conditions = status.conditions;
    hpa.status = next;
    this.writeStatus(hpa, original);
  }

  private behaviorOf(hpa: HPA): { up: ReturnType<typeof defaultScaleUp>; down: ReturnType<typeof defaultScaleDown> } {
    const windowS = Math.trunc(this.ctx!.config.hpaDownscaleStabilizationMs / 1000);
    return { up: defaultScaleUp(hpa.spec.behavior?.scaleUp), down: defaultScaleDown(hpa.spec.behavior?.scaleDown, windowS) };
  }

  private tolerances(hpa: HPA): Tolerances {
    const d = this.ctx!.config.hpaTolerance;
    return { scaleUp: toleranceOf(hpa.spec.behavior?.scaleUp, d), scaleDown: toleranceOf(hpa.spec.behavior?.scaleDown, d) };
  }

  /** normalizeDesiredReplicas: no behavior — stabilize downscales over the window, limit scale-up to max(2x, 4). */
  private normalize(hpa: HPA, status: HPAStatus, st: HPAState, current: number, desired: number, min: number, now: number): number {
    const stabilized = stabilize(st, desired, now, this.ctx!.config.hpaDownscaleStabilizationMs);
    if (stabilized !== desired) setCondition(status, 'AbleToScale', 'True', REASON_SCALE_DOWN_STABILIZED, MESSAGE_SCALE_DOWN_STABILIZED, now);
    else setCondition(status, 'AbleToScale', 'True', REASON_READY_FOR_NEW_SCALE, MESSAGE_READY_FOR_NEW_SCALE, now);
    const r = limitWithRules(current, stabilized, min, hpa.spec.maxReplicas);
    setCondition(status, 'ScalingLimited', r.replicas === stabilized ? 'False' : 'True', r.reason, r.message, now);
    return r.replicas;
  }

  /** normalizeDesiredReplicasWithBehaviors */
  private normalizeWithBehaviors(hpa: HPA, status: HPAStatus, st: HPAState, current: number, desired: number, min: number, now: number): number {
    const b = this.behaviorOf(hpa);
    const s = stabilizeWithBehavior(st, current, desired, now, b.up.stabilizationWindowSeconds, b.down.stabilizationWindowSeconds);
    if (s.replicas !== desired) setCondition(status, 'AbleToScale', 'True', s.reason, s.message, now);
    else setCondition(status, 'AbleToScale', 'True', REASON_READY_FOR_NEW_SCALE, MESSAGE_READY_FOR_NEW_SCALE, now);
    const r = limitWithBehavior(st, current, s.replicas, min, hpa.spec.maxReplicas, b.up, b.down, now);
    setCondition(status, 'ScalingLimited', r.replicas === s.replicas ? 'False' : 'True', r.reason, r.message, now);
    return r.replicas;
  }

  /** computeReplicasForMetrics: the largest proposal wins; any failing metric on a scale-down (or all failing) stops the sync. */
  private computeReplicasForMetrics(hpa: HPA, status: HPAStatus, specReplicas: number, selectorText: string, now: number): { replicas: number; metric: string; statuses: Record<string, unknown>[]; error?: string } {
    if (!selectorText) {
      const msg = 'selector is required';
      this.recorder!.event(hpa, 'Warning', REASON_SELECTOR_REQUIRED, msg);
      setCondition(status, 'ScalingActive', 'False', REASON_INVALID_SELECTOR, "the HPA target's scale is missing a selector", now);
      return { replicas: -1, metric: '', statuses: [], error: msg };
    }
    let selector;
    try {
      selector = parseLabelSelector(selectorText);
    } catch (e) {
      const msg = `couldn't convert selector into a corresponding internal selector object: ${(e as Error).message}`;
      this.recorder!.event(hpa, 'Warning', REASON_INVALID_SELECTOR, msg);
      setCondition(status, 'ScalingActive', 'False', REASON_INVALID_SELECTOR, msg, now);
      return { replicas: -1, metric: '', statuses: [], error: msg };
    }
    const ns = hpa.metadata.namespace!;
    const pods = this.pods!.list().filter((p) => p.metadata.namespace === ns && selector.matches(p.metadata.labels)) as PodLike[];
    const specs = hpa.spec.metrics?.length ? hpa.spec.metrics : [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }];
    const statuses: Record<string, unknown>[] = specs.map(() => ({ type: '' }));
    let replicas = 0;
    let metric = '';
    let invalid = 0;
    let firstError: MetricError | undefined;
    specs.forEach((spec, i) => {
      try {
        const r = this.computeForMetric(hpa, spec, specReplicas, selectorText, pods, now);
        statuses[i] = r.status;
        if (replicas === 0 || r.replicas > replicas) {
          replicas = r.replicas;
          metric = r.metric;
        }
      } catch (e) {
        if (!(e instanceof MetricError)) throw e;
        if (!firstError) firstError = e;
        invalid++;
      }
    });
    if (invalid >= specs.length || (invalid > 0 && replicas < specReplicas)) {
      const c = firstError!.condition!;
      setCondition(status, c.type, c.status, c.reason!, c.message!, now);
      return { replicas: -1, metric: '', statuses, error: `invalid metrics (${invalid} invalid out of ${specs.length}), first error is: ${firstError!.message}` };
    }
    setCondition(status, 'ScalingActive', 'True', REASON_VALID_METRIC_FOUND, `the HPA was able to successfully calculate a replica count from ${metric}`, now);
    return { replicas, metric, statuses };
  }

  private unableToCompute(hpa: HPA, reason: string, err: string): Condition {
    this.recorder!.event(hpa, 'Warning', reason, err);
    return { type: 'ScalingActive', status: 'False', reason, message: `the HPA was unable to compute the replica count: ${err}` };
  }

  private computeForMetric(hpa: HPA, spec: MetricSpec, specReplicas: number, selector: string, pods: PodLike[], now: number): { replicas: number; metric: string; status: Record<string, unknown> } {
    const o: CalcOptions = { now, cpuInitializationPeriodMs: DEFAULT_CPU_INITIALIZATION_PERIOD_MS, delayOfInitialReadinessStatusMs: DEFAULT_INITIAL_READINESS_DELAY_MS };
    const tol = this.tolerances(hpa);
    const ns = hpa.metadata.namespace!;
    if (spec.type === 'Resource' || spec.type === 'ContainerResource') {
      const src = spec.type === 'Resource' ? spec.resource : spec.containerResource;
      const name = src?.name ?? '';
      const container = spec.type === 'ContainerResource' ? spec.containerResource?.container ?? '' : '';
      const failReason = spec.type === 'Resource' ? REASON_FAILED_GET_RESOURCE_METRIC : REASON_FAILED_GET_CONTAINER_RESOURCE_METRIC;
      const outer = spec.type === 'Resource' ? `failed to get ${name} resource metric value` : `failed to get ${name} container metric value`;
      const target = src?.target ?? {};
      try {
        if (target.averageValue !== undefined) {
          let m;
          try {
            m = getResourceMetric(this.ctx!.client, name, ns, selector, container);
          } catch (e) {
            throw new Error(`unable to get metrics for resource ${name}: ${(e as Error).message}`);
          }
          const r = plainMetricReplicas(specReplicas, Math.ceil((parseQuantity(target.averageValue) ?? 0) * 1000), name, tol, pods, m.metrics, o);
          const current = { averageValue: formatMilliQuantity(r.usage) };
          return { replicas: r.replicas, metric: `${name} resource`, status: this.resourceStatus(spec.type, name, container, current) };
        }
        if (target.averageUtilization === undefined) {
          throw new Error('invalid resource metric source: neither an average utilization target nor an average value (usage) target was set');
        }
        let m;
        try {
          m = getResourceMetric(this.ctx!.client, name, ns, selector, container);
        } catch (e) {
          throw new Error(`unable to get metrics for resource ${name}: ${(e as Error).message}`);
        }
        const r = resourceReplicas(specReplicas, target.averageUtilization, name, tol, pods, m.metrics, o);
        const current = { averageUtilization: r.utilization, averageValue: formatMilliQuantity(r.rawAverage) };
        const metric = spec.type === 'Resource' ? `${name} resource utilization (percentage of request)` : `${name} container resource utilization (percentage of request)`;
        return { replicas: r.replicas, metric, status: this.resourceStatus(spec.type, name, container, current) };
      } catch (e) {
        const inner = (e as Error).message;
        const detail = inner.startsWith('invalid resource metric source') ? inner
          : target.averageValue !== undefined ? `failed to get ${name} usage: ${inner}` : `failed to get ${name} utilization: ${inner}`;
        const cond = this.unableToCompute(hpa, failReason, detail);
        throw new MetricError(`${outer}: ${detail}`, cond);
      }
    }
    // Pods, Object and External metrics need a custom or external metrics API, which this cluster does not serve.
    const metricName = spec.pods?.metric.name ?? spec.object?.metric.name ?? spec.external?.metric.name ?? '';
    const reason = spec.type === 'Pods' ? 'FailedGetPodsMetric' : spec.type === 'Object' ? 'FailedGetObjectMetric' : spec.type === 'External' ? 'FailedGetExternalMetric' : 'InvalidMetricSourceType';
    if (reason === 'InvalidMetricSourceType') {
      const msg = `unknown metric source type "${spec.type}"`;
      const cond = this.unableToCompute(hpa, reason, msg);
      throw new MetricError(msg, cond);
    }
    const api = spec.type === 'External' ? 'external metrics API' : 'custom metrics API';
    const group = spec.type === 'External' ? 'external.metrics.k8s.io' : 'custom.metrics.k8s.io';
    const detail = `unable to get metric ${metricName}: unable to fetch metrics from ${api}: no ${api.replace(' API', '')} API (${group}) registered`;
    const cond = this.unableToCompute(hpa, reason, detail);
    throw new MetricError(`failed to get ${spec.type.toLowerCase()} metric value: ${detail}`, cond);
  }

  private resourceStatus(type: string, name: string, container: string, current: Record<string, unknown>): Record<string, unknown> {
    return type === 'Resource'
      ? { type: 'Resource', resource: { name, current } }
      : { type: 'ContainerResource', containerResource: { name, container, current } };
  }

  /** updateStatusIfNeeded */
  private writeStatus(hpa: HPA, original: HPAStatus): void {
    if (deepEqual(hpa.status ?? {}, original)) return;
    try {
      this.ctx!.client.updateStatus(HPA_RESOURCE, hpa);
    } catch (e) {
      if (isStatusError(e)) this.recorder!.event(hpa, 'Warning', REASON_FAILED_UPDATE_STATUS, e.message);
      throw e;
    }
  }
}
