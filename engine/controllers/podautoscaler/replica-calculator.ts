/**
 * The HPA's replica calculator (pkg/controller/podautoscaler/replica_calculator.go)
 * as pure functions of the pods, their metrics and the time: how many
 * replicas a resource metric asks for. Errors carry upstream's texts, which
 * end up verbatim in the HPA's events and conditions.
 */
import { milliCPU, parseQuantity } from '../../util/quantity.js';
import { parseTime } from '../../util/time.js';
import type { PodLike } from '../endpoints/pods.js';

export interface PodMetric {
  /** milli-units: millicores for cpu, milli-bytes for memory (Quantity.MilliValue) */
  value: number;
  timestamp: number;
  windowMs: number;
}

export type PodMetricsInfo = Map<string, PodMetric>;

export interface Tolerances { scaleDown: number; scaleUp: number }

export function isWithin(t: Tolerances, usageRatio: number): boolean {
  return 1 - t.scaleDown <= usageRatio && usageRatio <= 1 + t.scaleUp;
}

export class ReplicaCalcError extends Error {}

export interface CalcOptions {
  now: number;
  /** --horizontal-pod-autoscaler-cpu-initialization-period (5 min) */
  cpuInitializationPeriodMs: number;
  /** --horizontal-pod-autoscaler-initial-readiness-delay (30 s) */
  delayOfInitialReadinessStatusMs: number;
}

export const DEFAULT_CPU_INITIALIZATION_PERIOD_MS = 5 * 60_000;
export const DEFAULT_INITIAL_READINESS_DELAY_MS = 30_000;

/** Quantity.MilliValue, rounded up as resource.Quantity does. */
export function milliValue(q: unknown): number {
  const v = parseQuantity(q);
  return v === undefined ? 0 : Math.ceil(Math.round(v * 1e6) / 1e3);
}

interface Grouped { readyPodCount: number; unready: Set<string>; missing: Set<string>; ignored: Set<string> }

/**
 * groupPods: deleted and failed pods are ignored; pending ones count as
 * unready; pods without a metric are missing; for cpu, a pod still in its
 * initialization period is unready if not Ready or if its sample predates
 * readiness by less than one window, and after it only if it never was Ready.
 */
export function groupPods(pods: PodLike[], metrics: PodMetricsInfo, resource: string, o: CalcOptions): Grouped {
  const g: Grouped = { readyPodCount: 0, unready: new Set(), missing: new Set(), ignored: new Set() };
  for (const pod of pods) {
    const name = pod.metadata.name!;
    if (pod.metadata.deletionTimestamp || pod.status?.phase === 'Failed') { g.ignored.add(name); continue; }
    if (pod.status?.phase === 'Pending') { g.unready.add(name); continue; }
    const metric = metrics.get(name);
    if (!metric) { g.missing.add(name); continue; }
    if (resource === 'cpu') {
      const cond = pod.status?.conditions?.find((c) => c.type === 'Ready');
      const start = parseTime(pod.status?.startTime);
      let unready: boolean;
      if (!cond || start === undefined) unready = true;
      else {
        const transition = parseTime(cond.lastTransitionTime) ?? 0;
        if (start + o.cpuInitializationPeriodMs > o.now) unready = cond.status === 'False' || metric.timestamp < transition + metric.windowMs;
        else unready = cond.status === 'False' && start + o.delayOfInitialReadinessStatusMs > transition;
      }
      if (unready) { g.unready.add(name); continue; }
    }
    g.readyPodCount++;
  }
  return g;
}

/** calculateRequests: per pod, the sum of its containers' (and sidecars') requests, in milli-units. */
export function calculateRequests(pods: PodLike[], resource: string, container = ''): Map<string, number> {
  const out = new Map<string, number>();
  for (const pod of pods) {
    const containers = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? []).filter((c) => c.restartPolicy === 'Always')];
    let sum = 0;
    let found = container === '';
    for (const c of containers) {
      if (container === '' || container === c.name) {
        const req = c.resources?.requests?.[resource];
        if (req === undefined) throw new ReplicaCalcError(`missing request for ${resource} in container ${c.name} of Pod ${pod.metadata.name}`);
        sum += resource === 'cpu' ? milliCPU(req) : milliValue(req);
        if (container === c.name) { found = true; break; }
      }
    }
    if (!found) throw new ReplicaCalcError(`container ${container} not found in Pod ${pod.metadata.name}`);
    out.set(pod.metadata.name!, sum);
  }
  return out;
}

/** GetResourceUtilizationRatio: utilization is an integer percentage (truncated), the ratio is against the target. */
export function resourceUtilizationRatio(metrics: PodMetricsInfo, requests: Map<string, number>, target: number): { ratio: number; utilization: number; rawAverage: number } {
  let metricsTotal = 0;
  let requestsTotal = 0;
  let n = 0;
  for (const [pod, m] of metrics) {
    const r = requests.get(pod);
    if (r === undefined) continue;
    metricsTotal += m.value;
    requestsTotal += r;
    n++;
  }
  if (requestsTotal === 0) throw new ReplicaCalcError('no metrics returned matched known pods');
  const utilization = Math.trunc((metricsTotal * 100) / requestsTotal);
  return { ratio: utilization / target, utilization, rawAverage: Math.trunc(metricsTotal / n) };
}

export interface ResourceReplicas { replicas: number; utilization: number; rawAverage: number }

/** GetResourceReplicas for an averageUtilization target. `metrics` is consumed (entries are removed and added). */
export function resourceReplicas(currentReplicas: number, targetUtilization: number, resource: string, tol: Tolerances,
  pods: PodLike[], metricsIn: PodMetricsInfo, o: CalcOptions): ResourceReplicas {
  if (pods.length === 0) throw new ReplicaCalcError('no pods returned by selector while calculating replica count');
  const metrics = new Map(metricsIn);
  const g = groupPods(pods, metrics, resource, o);
  for (const n of g.ignored) metrics.delete(n);
  for (const n of g.unready) metrics.delete(n);
  if (metrics.size === 0) throw new ReplicaCalcError('did not receive metrics for targeted pods (pods might be unready)');
  const requests = calculateRequests(pods, resource);
  const { ratio, utilization, rawAverage } = resourceUtilizationRatio(metrics, requests, targetUtilization);
  const scaleUpWithUnready = g.unready.size > 0 && ratio > 1.0;
  if (!scaleUpWithUnready && g.missing.size === 0) {
    if (isWithin(tol, ratio)) return { replicas: currentReplicas, utilization, rawAverage };
    return { replicas: Math.ceil(ratio * g.readyPodCount), utilization, rawAverage };
  }
  if (g.missing.size > 0) {
    if (ratio < 1.0) {
      // On a scale-down a pod without metrics counts as using all it asked for (or the target, if above 100 %).
      const fallback = Math.max(100, targetUtilization);
      for (const n of g.missing) metrics.set(n, { value: Math.trunc((requests.get(n)! * fallback) / 100), timestamp: 0, windowMs: 0 });
    } else if (ratio > 1.0) {
      for (const n of g.missing) metrics.set(n, { value: 0, timestamp: 0, windowMs: 0 });
    }
  }
  if (scaleUpWithUnready) for (const n of g.unready) metrics.set(n, { value: 0, timestamp: 0, windowMs: 0 });
  const next = resourceUtilizationRatio(metrics, requests, targetUtilization).ratio;
  if (isWithin(tol, next) || (ratio < 1.0 && next > 1.0) || (ratio > 1.0 && next < 1.0)) return { replicas: currentReplicas, utilization, rawAverage };
  const replicas = Math.ceil(next * metrics.size);
  if ((next < 1.0 && replicas > currentReplicas) || (next > 1.0 && replicas < currentReplicas)) return { replicas: currentReplicas, utilization, rawAverage };
  return { replicas, utilization, rawAverage };
}

/** GetRawResourceReplicas / calcPlainMetricReplicas for an averageValue target (milli-units). */
export function plainMetricReplicas(currentReplicas: number, targetUsage: number, resource: string, tol: Tolerances,
  pods: PodLike[], metricsIn: PodMetricsInfo, o: CalcOptions): { replicas: number; usage: number } {
  if (pods.length === 0) throw new ReplicaCalcError('no pods returned by selector while calculating replica count');
  const metrics = new Map(metricsIn);
  const g = groupPods(pods, metrics, resource, o);
  for (const n of g.ignored) metrics.delete(n);
  for (const n of g.unready) metrics.delete(n);
  if (metrics.size === 0) throw new ReplicaCalcError('did not receive metrics for targeted pods (pods might be unready)');
  const ratioOf = (m: PodMetricsInfo) => {
    let total = 0;
    for (const v of m.values()) total += v.value;
    const usage = Math.trunc(total / m.size);
    return { ratio: usage / targetUsage, usage };
  };
  const { ratio, usage } = ratioOf(metrics);
  const scaleUpWithUnready = g.unready.size > 0 && ratio > 1.0;
  if (!scaleUpWithUnready && g.missing.size === 0) {
    if (isWithin(tol, ratio)) return { replicas: currentReplicas, usage };
    return { replicas: Math.ceil(ratio * g.readyPodCount), usage };
  }
  if (g.missing.size > 0) {
    if (ratio < 1.0) for (const n of g.missing) metrics.set(n, { value: targetUsage, timestamp: 0, windowMs: 0 });
    else if (ratio > 1.0) for (const n of g.missing) metrics.set(n, { value: 0, timestamp: 0, windowMs: 0 });
  }
  if (scaleUpWithUnready) for (const n of g.unready) metrics.set(n, { value: 0, timestamp: 0, windowMs: 0 });
  const next = ratioOf(metrics).ratio;
  if (isWithin(tol, next) || (ratio < 1.0 && next > 1.0) || (ratio > 1.0 && next < 1.0)) return { replicas: currentReplicas, usage };
  const replicas = Math.ceil(next * metrics.size);
  if ((next < 1.0 && replicas > currentReplicas) || (next > 1.0 && replicas < currentReplicas)) return { replicas: currentReplicas, usage };
  return { replicas, usage };
}
