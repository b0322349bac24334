/**
 * The scale subresource (autoscaling/v1 Scale) as kube-apiserver serves it for the workloads that have one
 * (the registries' scaleFrom* functions): `kubectl scale` writes through it, and so does the autoscaler.
 */
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import type { KObject } from './meta.js';
import { labelSelectorAsSelector, selectorFromSet } from './selectors.js';

/** The resources with a scale subresource. */
export const SCALABLE = new Set(['deployments.apps', 'replicasets.apps', 'statefulsets.apps', 'replicationcontrollers']);

/** The custom resources' scale subresources (registry/crd): the Scale of an object, and the object scaled; undefined for other kinds. */
export const customScale: { of?(obj: KObject): KObject | undefined; scaled?(obj: KObject, replicas: number): KObject | undefined } = {};

/** The object with the Scale's spec.replicas written where its kind keeps it. */
export function withReplicas(obj: KObject, replicas: number): KObject {
  return customScale.scaled?.(obj, replicas) ?? { ...obj, metadata: { ...obj.metadata }, spec: { ...((obj.spec as object) ?? {}), replicas } } as KObject;
}

/** The Scale of a workload: its replicas wanted and seen, and its selector as a string. */
export function scaleOf(obj: KObject): KObject {
  const custom = customScale.of?.(obj);
  if (custom) return custom;
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
