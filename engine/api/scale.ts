/**
 * The scale subresource (autoscaling/v1 Scale) as kube-apiserver serves it for the workloads that have one
 * (the registries' scaleFrom* functions): `kubectl scale` writes through it, and so does the autoscaler.
 */
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import type { KObject } from './meta.js';
import { labelSelectorAsSelector, selectorFromSet } from './selectors.js';

/** The resources with a scale subresource. */
export const SCALABLE = new Set(['deployments.apps', 'replicasets.apps', 'statefulsets.apps', 'replicationcontrollers']);

/** A custom resource's scale subresource (its CRD's subresources.scale), by apiVersion/kind; its key joins SCALABLE. */
export const customScale = new Map<string, { specReplicasPath: string; statusReplicasPath: string; labelSelectorPath?: string }>();

const at = (obj: unknown, path: string | undefined): unknown => (path ?? '').split('.').filter(Boolean)
  .reduce<unknown>((cur, k) => (cur && typeof cur === 'object' && !Array.isArray(cur) ? (cur as Record<string, unknown>)[k] : undefined), obj);

/** The object with the Scale's spec.replicas written where its kind keeps it. */
export function withReplicas(obj: KObject, replicas: number): KObject {
  const custom = customScale.get(`${obj.apiVersion}/${obj.kind}`);
  if (!custom) return { ...obj, metadata: { ...obj.metadata }, spec: { ...((obj.spec as object) ?? {}), replicas } } as KObject;
  const next = structuredClone(obj) as Record<string, unknown>;
  const parts = custom.specReplicasPath.split('.').filter(Boolean);
  let cur = next;
  for (const k of parts.slice(0, -1)) cur = (cur[k] && typeof cur[k] === 'object' ? cur[k] : (cur[k] = {})) as Record<string, unknown>;
  cur[parts[parts.length - 1]] = replicas;
  return next as KObject;
}

/** The Scale of a workload: its replicas wanted and seen, and its selector as a string. */
export function scaleOf(obj: KObject): KObject {
  const custom = customScale.get(`${obj.apiVersion}/${obj.kind}`);
  if (custom) {
    // scaleFromCustomResource: the values at the CRD's paths, 0 and "" when absent.
    const m = obj.metadata;
    const selector = at(obj, custom.labelSelectorPath);
    return {
      kind: 'Scale',
      apiVersion: 'autoscaling/v1',
      metadata: { name: m.name, namespace: m.namespace, uid: m.uid, resourceVersion: m.resourceVersion, creationTimestamp: m.creationTimestamp },
      spec: { replicas: Number(at(obj, custom.specReplicasPath) ?? 0) },
      status: { replicas: Number(at(obj, custom.statusReplicasPath) ?? 0), ...(typeof selector === 'string' && selector ? { selector } : {}) },
    } as KObject;
  }
  const spec = (obj.spec ?? {}) as { replicas?: number; selector?: unknown };
  // scaleFromDeployment & co: metav1.LabelSelectorAsSelector(spec.selector).String() (matchExpressions too);
  // an RC's selector is a label map (labels.SelectorFromSet).
  const selector = obj.kind === 'ReplicationController'
    ? selectorFromSet(spec.selector as Record<string, string> | undefined).toString()
    : labelSelectorAsSelector(spec.selector as LabelSelector | undefined).toString();
  const m = obj.metadata;
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: { name: m.name, namespace: m.namespace, uid: m.uid, resourceVersion: m.resourceVersion, creationTimestamp: m.creationTimestamp },
    spec: { replicas: spec.replicas ?? 0 },
    status: { replicas: (obj.status as { replicas?: number } | undefined)?.replicas ?? 0, ...(selector ? { selector } : {}) },
  } as KObject;
}
