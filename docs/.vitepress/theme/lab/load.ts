/**
 * "Send load to a Service": kube-proxy spreads connections evenly over the
 * ready endpoints, so each backend pod gets rps / endpoints. Recomputed when
 * the endpoints change (the HPA adds pods, a pod dies) so load follows them.
 */

/** pod key ("ns/name") → requests per second, for every Service under load. */
export function distributeLoad(loads: ReadonlyMap<string, number>, endpoints: ReadonlyMap<string, string[]>): Map<string, number> {
  const out = new Map<string, number>();
  for (const [svc, rps] of loads) {
    const pods = endpoints.get(svc) ?? [];
    if (pods.length === 0 || rps <= 0) continue;
    const each = rps / pods.length;
    for (const p of pods) out.set(p, (out.get(p) ?? 0) + each);
  }
  return out;
}

/** What changed between two distributions: pods to set (0 clears a pod's load). */
export function loadChanges(before: ReadonlyMap<string, number>, after: ReadonlyMap<string, number>): [string, number][] {
  const changes: [string, number][] = [];
  for (const [pod, rps] of after) if (before.get(pod) !== rps) changes.push([pod, rps]);
  for (const pod of before.keys()) if (!after.has(pod)) changes.push([pod, 0]);
  return changes.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}
