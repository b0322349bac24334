/**
 * The pod a DaemonSet creates for a node (CreatePodTemplate, NewPod,
 * ReplaceDaemonSetPodNodeNameNodeAffinity in pkg/controller/daemon): the
 * template with the revision hash and template generation labels, the
 * tolerations every daemon pod gets, and a required node affinity naming the
 * node, so the scheduler binds it there.
 */
import type { Affinity, PodSpec, PodTemplateSpec, Toleration } from 'kubernetes-types/core/v1';
import { clone, newControllerRef, stableStringify, type KObject } from '../../api/meta.js';
import { fnv32a, safeEncodeString } from '../../util/random.js';
import {
  TAINT_NODE_DISK_PRESSURE, TAINT_NODE_MEMORY_PRESSURE, TAINT_NODE_NETWORK_UNAVAILABLE, TAINT_NODE_NOT_READY,
  TAINT_NODE_PID_PRESSURE, TAINT_NODE_UNREACHABLE, TAINT_NODE_UNSCHEDULABLE,
} from '../tainteviction/taints.js';

export const CONTROLLER_REVISION_HASH_LABEL = 'controller-revision-hash';
export const TEMPLATE_GENERATION_LABEL = 'pod-template-generation';
export const DEPRECATED_TEMPLATE_GENERATION_ANNOTATION = 'deprecated.daemonset.template.generation';

/** ComputeHash of the template (and collisionCount), printed in the name alphabet like every controller hash. */
export function templateHash(template: unknown, collisionCount?: number): string {
  const text = stableStringify(template) + (collisionCount ? `#${collisionCount}` : '');
  return safeEncodeString(String(fnv32a(text)));
}

/** AddOrUpdateDaemonPodTolerations: appended after the template's own, in this order. */
export function daemonTolerations(hostNetwork: boolean): Toleration[] {
  const t: Toleration[] = [
    { key: TAINT_NODE_NOT_READY, operator: 'Exists', effect: 'NoExecute' },
    { key: TAINT_NODE_UNREACHABLE, operator: 'Exists', effect: 'NoExecute' },
    { key: TAINT_NODE_DISK_PRESSURE, operator: 'Exists', effect: 'NoSchedule' },
    { key: TAINT_NODE_MEMORY_PRESSURE, operator: 'Exists', effect: 'NoSchedule' },
    { key: TAINT_NODE_PID_PRESSURE, operator: 'Exists', effect: 'NoSchedule' },
    { key: TAINT_NODE_UNSCHEDULABLE, operator: 'Exists', effect: 'NoSchedule' },
  ];
  if (hostNetwork) t.push({ key: TAINT_NODE_NETWORK_UNAVAILABLE, operator: 'Exists', effect: 'NoSchedule' });
  return t;
}

/** AddOrUpdateTolerationInPodSpec: replace a toleration with the same key/operator/value/effect, else append. */
function addOrUpdateTolerations(spec: PodSpec, add: Toleration[]): void {
  const list = (spec.tolerations ??= []);
  for (const t of add) {
    const i = list.findIndex((x) => (x.key ?? '') === (t.key ?? '') && (x.operator || 'Equal') === t.operator && (x.value ?? '') === (t.value ?? '') && (x.effect ?? '') === (t.effect ?? ''));
    if (i >= 0) list[i] = { ...t };
    else list.push({ ...t });
  }
}

export function nodeNameAffinity(affinity: Affinity | undefined, nodeName: string): Affinity {
  const term = { matchFields: [{ key: 'metadata.name', operator: 'In', values: [nodeName] }] };
  const a: Affinity = affinity ? clone(affinity) : {};
  const na = (a.nodeAffinity ??= {});
  const req = na.requiredDuringSchedulingIgnoredDuringExecution;
  if (!req) na.requiredDuringSchedulingIgnoredDuringExecution = { nodeSelectorTerms: [term] };
  else req.nodeSelectorTerms = [term];
  return a;
}

/** The DaemonSet's template as its pods carry it: labels and daemon tolerations added. */
export function daemonPodTemplate(ds: KObject, hash: string): PodTemplateSpec {
  const template = clone(((ds.spec as { template?: PodTemplateSpec }).template ?? {}) as PodTemplateSpec);
  const spec = (template.spec ??= { containers: [] });
  addOrUpdateTolerations(spec, daemonTolerations(!!spec.hostNetwork));
  const labels = ((template.metadata ??= {}).labels ??= {});
  const generation = ds.metadata.annotations?.[DEPRECATED_TEMPLATE_GENERATION_ANNOTATION];
  if (generation !== undefined && /^\d+$/.test(generation)) labels[TEMPLATE_GENERATION_LABEL] = generation;
  if (hash) labels[CONTROLLER_REVISION_HASH_LABEL] = hash;
  return template;
}

/** The spec the predicates judge: the template with the daemon tolerations (NewPod). */
export function predicatePodSpec(ds: KObject): PodSpec {
  return daemonPodTemplate(ds, '').spec!;
}

/** The pod to create on `nodeName` (GetPodFromTemplate + node affinity). */
export function newDaemonPod(ds: KObject, template: PodTemplateSpec, nodeName: string): KObject {
  const spec = clone(template.spec!);
  spec.affinity = nodeNameAffinity(spec.affinity, nodeName);
  const meta = template.metadata ?? {};
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      generateName: `${ds.metadata.name}-`,
      namespace: ds.metadata.namespace,
      labels: { ...(meta.labels ?? {}) },
      ...(meta.annotations ? { annotations: { ...meta.annotations } } : {}),
      ...(meta.finalizers ? { finalizers: [...meta.finalizers] } : {}),
      ownerReferences: [newControllerRef(ds, 'apps/v1', 'DaemonSet')],
    },
    spec: spec as unknown as Record<string, unknown>,
  };
}

/** GetTargetNodeName: the node a daemon pod is on, or is meant for while unscheduled. */
export function targetNodeName(pod: KObject): string | undefined {
  const spec = pod.spec as PodSpec | undefined;
  if (spec?.nodeName) return spec.nodeName;
  for (const term of spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? []) {
    for (const f of term.matchFields ?? []) {
      if (f.key === 'metadata.name' && f.operator === 'In' && f.values?.length === 1) return f.values[0];
    }
  }
  return undefined;
}
