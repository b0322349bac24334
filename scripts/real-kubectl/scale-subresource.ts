/**
 * The scale subresource as kube-apiserver serves it (autoscaling/v1 Scale,
 * the registries' scaleFrom* functions), for the oracle's front: the real
 * kubectl's scale client finds the Scale kind in discovery and reads it.
 */
import type { ResourceInfo } from '../../engine/api/resources.js';

export { SCALABLE, scaleOf } from '../../engine/api/scale.js';
import { SCALABLE } from '../../engine/api/scale.js';

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
