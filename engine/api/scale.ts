/**
 * The scale subresource (autoscaling/v1 Scale) as kube-apiserver serves it for the workloads that have one
 * (the registries' scaleFrom* functions): `kubectl scale` writes through it, and so does the autoscaler.
 */
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import type { KObject } from './meta.js';
import { labelSelectorAsSelector, selectorFromSet } from './selectors.js';

/** The resources with a scale subresource. */
export const SCALABLE = new Set(['deployments.apps', 'replicasets.apps', 'statefulsets.apps', 'replicationcontrollers']);

/** The Scale of a workload: its replicas wanted and seen, and its selector as a string. */
export function scaleOf(obj: KObject): KObject {
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
