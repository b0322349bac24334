/**
 * The scale subresource as kube-apiserver serves it (autoscaling/v1 Scale,
 * the registries' scaleFrom* functions), for the oracle's front: the real
 * kubectl's scale client finds the Scale kind in discovery and reads it.
 */
import type { KObject } from '../../engine/api/meta.js';
export { SCALABLE } from '../../engine/api/server/discovery.js';

/** The Scale of a workload: its replicas wanted and seen, and its selector as a string. */
export function scaleOf(obj: KObject): KObject {
  const spec = (obj.spec ?? {}) as { replicas?: number; selector?: Record<string, unknown> };
  const sel = (obj.kind === 'ReplicationController' ? spec.selector : spec.selector?.matchLabels) as Record<string, string> | undefined;
  const selector = Object.keys(sel ?? {}).sort().map((k) => `${k}=${sel![k]}`).join(',');
  const m = obj.metadata;
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: { name: m.name, namespace: m.namespace, uid: m.uid, resourceVersion: m.resourceVersion, creationTimestamp: m.creationTimestamp },
    spec: { replicas: spec.replicas ?? 0 },
    status: { replicas: (obj.status as { replicas?: number } | undefined)?.replicas ?? 0, ...(selector ? { selector } : {}) },
  } as KObject;
}
