/**
 * kube-proxy's health check server for Services that need one (type LoadBalancer with externalTrafficPolicy Local,
 * pkg/proxy/healthcheck/service_health.go): on every node it listens on the Service's healthCheckNodePort and
 * answers any path with the number of the Service's ready endpoints on that node, 200 when there is one and the
 * proxy is healthy, else 503. The cloud's load balancer probes it to send traffic only to nodes that keep it.
 * Loaded with the clients that can ask (curl, wget).
 */
import type { KObject } from '../api/meta.js';
import { goTimeString, type HttpResponse } from '../kubelet/programs.js';
import { rfc1123 } from '../util/time.js';
import type { SliceView } from './rules.js';

/** The Service whose health check listens on `port`, if any. */
export function healthCheckedService(services: KObject[], port: number): KObject | undefined {
  return services.find((o) => {
    const spec = (o.spec ?? {}) as { type?: string; externalTrafficPolicy?: string; healthCheckNodePort?: number };
    return spec.type === 'LoadBalancer' && spec.externalTrafficPolicy === 'Local' && spec.healthCheckNodePort === port;
  });
}

/**
 * hcHandler.ServeHTTP: the JSON is a dedented Sprintf, tabs and all, without a final newline. Go writes the handler's
 * two headers (sorted), then Date and Content-Length.
 */
export function serviceHealthAnswer(svc: KObject, slices: SliceView[], node: string, now: number): HttpResponse {
  // The proxier's LocalReadyEndpoints: each local, ready endpoint once, whatever its ports.
  const local = new Set<string>();
  for (const s of slices) {
    if (s.addressType && s.addressType !== 'IPv4') continue;
    for (const e of s.endpoints ?? []) if (e.nodeName === node && (e.conditions?.ready ?? true) && e.addresses[0]) local.add(e.addresses[0]);
  }
  const count = local.size;
  const body = `{\n\t"service": {\n\t\t"namespace": ${JSON.stringify(svc.metadata.namespace)},\n\t\t"name": ${JSON.stringify(svc.metadata.name)}\n\t},\n\t"localEndpoints": ${count},\n\t"serviceProxyHealthy": true\n}`;
  return { status: count > 0 ? 200 : 503, headers: { 'Content-Type': 'application/json', 'X-Content-Type-Options': 'nosniff', Date: rfc1123(now, 'GMT'), 'Content-Length': String(body.length) }, body, ordered: true };
}

/**
 * kube-proxy's own health server on :10256 (pkg/proxy/healthcheck/proxier_health.go): /healthz and /livez answer
 * Fprintf's %q of time.Now() values (Time.String(), the monotonic reading included), one line without a newline.
 * While the proxier keeps up, lastUpdated is the current time. The node stays eligible here: nothing taints it
 * ToBeDeletedByClusterAutoscaler. Other paths are the ServeMux's 404 (undefined: the caller's).
 */
export function proxierHealthAnswer(path: string, now: number, startedAt: number): HttpResponse | undefined {
  const t = JSON.stringify(goTimeString(now, startedAt));
  const body = path === '/healthz' ? `{"lastUpdated": ${t},"currentTime": ${t}, "nodeEligible": true}` : path === '/livez' ? `{"lastUpdated": ${t},"currentTime": ${t}}` : undefined;
  if (body === undefined) return undefined;
  return { status: 200, headers: { 'Content-Type': 'application/json', 'X-Content-Type-Options': 'nosniff', Date: rfc1123(now, 'GMT'), 'Content-Length': String(body.length) }, body, ordered: true };
}
