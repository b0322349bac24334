/**
 * The pods/resize subresource (KEP-1287, GA in v1.35): pkg/registry/core/pod
 * strategy.go podResizeStrategy and pkg/apis/core/validation ValidatePodResize.
 * A write through it keeps the stored pod and takes only each container's
 * resources and resizePolicy from the request; the checks then refuse what a
 * resize may not do (change the QoS class, remove a request or limit, touch
 * anything but cpu and memory). In v1.35 memory limits may be lowered: the
 * kubelet, not the API server, guards against going below usage.
 */
import { field, type FieldError } from '../errors.js';
import { deepEqual, type KObject } from '../meta.js';
import type { SubresourceStrategy } from '../strategy.js';
import { validateObjectMetaUpdate } from '../validation/names.js';
import { validatePodSpec } from '../validation/pod.js';
import { MIRROR_POD_ANNOTATION } from './ephemeralcontainers.js';
import { defaultPod, podQOSClass } from './podspec.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

const LISTS = ['containers', 'initContainers'] as const;

/**
 * dropNonResizeUpdates: the stored spec with the request's resources and resizePolicy per container, unless
 * the request adds, removes, renames or reorders containers (then its spec goes on as it is, for the
 * validation to refuse). Pod-level resources stay as stored: their resize is alpha (off) in v1.35.
 */
function dropNonResizeUpdates(obj: KObject, old: KObject): KObject {
  // The request is decoded and defaulted whole (requests from limits) before anything is taken from it.
  defaultPod(obj);
  const spec = (obj.spec ?? {}) as Any;
  const oldSpec = (old.spec ?? {}) as Any;
  const reshaped = LISTS.some((k) => (spec[k] ?? []).length !== (oldSpec[k] ?? []).length || (oldSpec[k] ?? []).some((c: Any, i: number) => c?.name !== spec[k][i]?.name));
  const out: KObject = { ...old, metadata: { ...old.metadata } };
  if (reshaped) return { ...out, spec: { ...oldSpec, containers: spec.containers, initContainers: spec.initContainers } };
  const next: Any = { ...oldSpec };
  for (const k of LISTS) {
    if (!oldSpec[k]) continue;
    next[k] = oldSpec[k].map((c: Any, i: number) => {
      const { resources, resizePolicy } = spec[k][i] ?? {};
      const merged: Any = { ...c, resources, resizePolicy };
      if (resources === undefined) delete merged.resources;
      if (resizePolicy === undefined) delete merged.resizePolicy;
      return merged;
    });
  }
  return { ...out, spec: next };
}

/** A list with its cpu and memory as in `old` (dropCPUMemoryResourcesFromContainer's dropCPUMemoryUpdates). */
function keepCPUMemory(list: Any, old: Any): Any {
  if (!old) return undefined;
  const out: Any = { ...(list ?? {}) };
  for (const r of ['cpu', 'memory']) {
    if (r in old) out[r] = old[r];
    else delete out[r];
  }
  return out;
}

function withOldCPUMemory(c: Any, old: Any): Any {
  const resources: Any = {};
  const limits = keepCPUMemory(c?.resources?.limits, old?.resources?.limits);
  const requests = keepCPUMemory(c?.resources?.requests, old?.resources?.requests);
  if (limits) resources.limits = limits;
  if (requests) resources.requests = requests;
  return { ...c, resources };
}

/** apiequality.Semantic.DeepEqual of two containers: empty resource lists are no lists. */
function sameContainer(a: Any, b: Any): boolean {
  const norm = (c: Any) => {
    const r = c?.resources ?? {};
    const resources: Any = {};
    for (const k of Object.keys(r)) if (r[k] && (typeof r[k] !== 'object' || Object.keys(r[k]).length)) resources[k] = r[k];
    const out: Any = { ...c, resources };
    if (!Object.keys(resources).length) delete out.resources;
    return out;
  };
  return deepEqual(norm(a), norm(b));
}

function removed(list: Any, old: Any): boolean {
  return Object.keys(old ?? {}).some((k) => !(k in (list ?? {})));
}

/** isPodResizeRequestSupported: a running container without status resources ran on a node that cannot resize. */
function resizeSupported(old: KObject): boolean {
  for (const s of ((old.status as Any)?.containerStatuses ?? []) as Any[]) if (s?.state?.running) return s.resources != null;
  return true;
}

const podLevel = (spec: Any) => Object.keys(spec?.resources?.requests ?? {}).length + Object.keys(spec?.resources?.limits ?? {}).length > 0;

/** ValidatePodResize, as v1.35 has it (InPlacePodLevelResourcesVerticalScaling off, SidecarContainers on). */
export function validatePodResize(pod: KObject, old: KObject): FieldError[] {
  const spec = (pod.spec ?? {}) as Any;
  const oldSpec = (old.spec ?? {}) as Any;
  const errs = [...validateObjectMetaUpdate(pod, old), ...validatePodSpec(spec, 'spec')];
  if (podLevel(oldSpec) || podLevel(spec)) return [field.forbidden('[]', 'pods with pod-level resources cannot be resized')];
  if (old.metadata.annotations?.[MIRROR_POD_ANNOTATION] !== undefined) return [field.forbidden('[]', 'static pods cannot be resized')];
  if (oldSpec.os?.name === 'windows') return [field.forbidden('[]', 'windows pods cannot be resized')];
  const oldQOS = (old.status as Any)?.qosClass || podQOSClass(oldSpec);
  if (oldQOS !== podQOSClass(spec)) errs.push(field.invalid('spec', (pod.status as Any)?.qosClass ?? '', 'Pod QOS Class may not change as a result of resizing'));
  if (!resizeSupported(old)) errs.push(field.forbidden('spec', 'Pod running on node without support for resize'));
  const order: FieldError[] = [];
  for (const k of LISTS) {
    const next: Any[] = spec[k] ?? [];
    const prev: Any[] = oldSpec[k] ?? [];
    if (next.length !== prev.length) order.push(field.forbidden(`spec.${k}`, `${k} may not be added or removed on resize`));
    else prev.forEach((c, i) => { if (c?.name !== next[i]?.name) order.push(field.forbidden(`spec.${k}[${i}].name`, `${k} may not be renamed or reordered on resize`)); });
  }
  if (order.length) return [...errs, ...order];
  const check = (k: string, i: number) => {
    const n = spec[k][i]?.resources;
    const o = oldSpec[k][i]?.resources;
    const p = `spec.${k}[${i}].resources`;
    if (removed(n?.requests, o?.requests)) errs.push(field.forbidden(`${p}.requests`, 'resource requests cannot be removed'));
    if (removed(n?.limits, o?.limits)) errs.push(field.forbidden(`${p}.limits`, 'resource limits cannot be removed'));
  };
  (oldSpec.initContainers ?? []).forEach((c: Any, i: number) => { if (c?.restartPolicy === 'Always') check('initContainers', i); });
  (oldSpec.containers ?? []).forEach((_: Any, i: number) => check('containers', i));
  const munged: Any = { ...spec };
  munged.containers = (spec.containers ?? []).map((c: Any, i: number) => {
    const kept = withOldCPUMemory(c, oldSpec.containers[i]);
    if (!sameContainer(kept, oldSpec.containers[i])) errs.push(field.forbidden('spec', 'only cpu and memory resources are mutable'));
    return kept;
  });
  if (spec.initContainers) {
    munged.initContainers = spec.initContainers.map((c: Any, i: number) => {
      const prev = oldSpec.initContainers[i];
      if (c?.restartPolicy === 'Always') {
        const kept = withOldCPUMemory(c, prev);
        if (!sameContainer(kept, prev)) errs.push(field.forbidden('spec', 'only cpu and memory resources for sidecar containers are mutable'));
        return kept;
      }
      if (!sameContainer(c, prev)) errs.push(field.forbidden('spec', 'resources for non-sidecar init containers are immutable'));
      return c;
    });
  }
  if (errs.length) return errs;
  const strip = (s: Any) => ({ ...s, containers: (s.containers ?? []).map((c: Any) => withOldCPUMemory(c, c)), initContainers: (s.initContainers ?? []).map((c: Any) => withOldCPUMemory(c, c)) });
  return deepEqual(strip(munged), strip(oldSpec)) ? errs : [field.forbidden('spec', 'only cpu and memory resources are mutable')];
}

/** podResizeStrategy: PrepareForUpdate (dropNonResizeUpdates; the generation moves with the spec) and ValidateUpdate. */
export const podResizeStrategy: SubresourceStrategy = {
  prepareForUpdate: dropNonResizeUpdates,
  validateUpdate: validatePodResize,
};
