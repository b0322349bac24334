/**
 * The scale subresource as kube-apiserver serves it (autoscaling/v1 Scale,
 * the registries' scaleFrom* functions), for the oracle's front: the real
 * kubectl's scale client finds the Scale kind in discovery and reads it.
 */
import type { KObject } from '../../engine/api/meta.js';
import type { ResourceInfo } from '../../engine/api/resources.js';

/** The resources with a scale subresource. */
export const SCALABLE = new Set(['deployments.apps', 'replicasets.apps', 'statefulsets.apps', 'replicationcontrollers']);

const key = (r: ResourceInfo) => (r.group ? `${r.resource}.${r.group}` : r.resource);

/** Discovery's subresource entries, listed right after their resource. */
export function subresourcesOf(r: ResourceInfo): Record<string, unknown>[] {
  const verbs = ['get', 'patch', 'update'];
  const out: Record<string, unknown>[] = [];
  if (SCALABLE.has(key(r))) out.push({ name: `${r.resource}/scale`, singularName: '', namespaced: r.namespaced, group: 'autoscaling', version: 'v1', kind: 'Scale', verbs });
  // kubectl drain evicts when discovery lists pods/eviction (policy/v1 Eviction), and deletes otherwise.
  if (key(r) === 'pods') out.push({ name: 'pods/eviction', singularName: '', namespaced: true, group: 'policy', version: 'v1', kind: 'Eviction', verbs: ['create'] });
  if (r.statusSubresource) out.push({ name: `${r.resource}/status`, singularName: '', namespaced: r.namespaced, kind: r.kind, verbs });
  return out;
}

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
