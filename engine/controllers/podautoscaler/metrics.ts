/**
 * The HPA's resource metrics client (pkg/controller/podautoscaler/metrics):
 * PodMetrics from metrics.k8s.io, summed over a pod's containers (or one
 * container), in milli-units. Error texts are upstream's, including the way
 * client-go words an aggregated API that does not answer.
 */
import type { Client } from '../../api/client.js';
import { isStatusError } from '../../api/errors.js';
import { parseTime } from '../../util/time.js';
import { milliValue, ReplicaCalcError, type PodMetricsInfo } from './replica-calculator.js';

interface PodMetrics {
  metadata: { name?: string };
  timestamp?: string;
  window?: string;
  containers?: { name: string; usage?: Record<string, string> }[];
}

/** time.ParseDuration for the forms metrics-server writes ("15s", "10.5s", "1m0s", "500ms"). */
export function parseGoDuration(s: string | undefined): number {
  if (!s) return 0;
  const units: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1, us: 0.001, 'µs': 0.001, ns: 0.000001 };
  let total = 0;
  const re = /([0-9.]+)(h|ms|m|s|us|µs|ns)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s))) total += Number(m[1]) * units[m[2]];
  return Math.round(total);
}

function describe(e: unknown): string {
  if (isStatusError(e)) {
    if (e.reason === 'ServiceUnavailable') return 'the server is currently unable to handle the request (get pods.metrics.k8s.io)';
    if (e.reason === 'NotFound') return 'the server could not find the requested resource (get pods.metrics.k8s.io)';
    return e.message;
  }
  return (e as Error)?.message ?? String(e);
}

/** GetResourceMetric: per pod, the sum of its containers' usage; a pod with a container lacking the resource is left out. */
export function getResourceMetric(client: Client, resource: string, namespace: string, selector: string, container = ''): { metrics: PodMetricsInfo; timestamp: number } {
  let items: PodMetrics[];
  try {
    items = client.list('pods.metrics.k8s.io', namespace, { labelSelector: selector }).items as unknown as PodMetrics[];
  } catch (e) {
    throw new ReplicaCalcError(`unable to fetch metrics from resource metrics API: ${describe(e)}`);
  }
  if (items.length === 0) throw new ReplicaCalcError('no metrics returned from resource metrics API');
  const metrics: PodMetricsInfo = new Map();
  for (const m of items) {
    const timestamp = parseTime(m.timestamp) ?? 0;
    const windowMs = parseGoDuration(m.window);
    if (container) {
      const c = (m.containers ?? []).find((x) => x.name === container);
      if (!c) throw new ReplicaCalcError(`failed to get container metrics: container ${container} not present in metrics for pod ${namespace}/${m.metadata.name}`);
      const v = c.usage?.[resource];
      if (v !== undefined) metrics.set(m.metadata.name!, { value: milliValue(v), timestamp, windowMs });
      continue;
    }
    let sum = 0;
    let missing = !(m.containers?.length);
    for (const c of m.containers ?? []) {
      const v = c.usage?.[resource];
      if (v === undefined) { missing = true; break; }
      sum += milliValue(v);
    }
    if (!missing) metrics.set(m.metadata.name!, { value: sum, timestamp, windowMs });
  }
  return { metrics, timestamp: parseTime(items[0].timestamp) ?? 0 };
}
