/**
 * The EndpointSlice reconciler (staging/src/k8s.io/endpointslice/reconciler.go)
 * as a pure function: given a Service, the pods it selects and the slices it
 * already has, which slices to create, update and delete. Endpoints are
 * grouped by the set of ports they offer; each group fills its existing slices
 * before new ones are made, at most `maxPerSlice` endpoints each; a Service
 * with no endpoints keeps one empty placeholder slice.
 */
import { clone, deepEqual, newControllerRef, type KObject } from '../../api/meta.js';
import { rfc3339 } from '../../util/time.js';
import { serviceIPFamily, shouldPodBeInEndpoints, type PodLike, type ServiceLike } from '../endpoints/pods.js';
import { LAST_CHANGE_TRIGGER_TIME } from '../endpoints/subsets.js';
import { endpointPorts, isManagedSliceOf, podToEndpoint, sliceLabels, type Endpoint, type SlicePort } from './endpoint.js';

export interface SliceChanges {
  create: KObject[];
  update: KObject[];
  delete: KObject[];
}

export interface ReconcileInput {
  service: ServiceLike;
  pods: PodLike[];
  existing: KObject[];
  zoneOf: (node: string) => string | undefined;
  maxPerSlice: number;
  triggerTime?: number;
}

function portsKey(ports: SlicePort[] | null | undefined): string {
  return (ports ?? []).map((p) => `${p.name}|${p.port}|${p.protocol}|${p.appProtocol ?? ''}`).sort().join(',');
}

function endpointKey(e: Endpoint): string {
  const t = e.targetRef;
  return `${e.addresses.join(',')}|${e.hostname ?? ''}|${t ? `${t.namespace}/${t.name}/${t.uid}` : ''}`;
}

function slicePorts(s: KObject): SlicePort[] {
  return (s.ports as SlicePort[] | null | undefined) ?? [];
}

function sliceEndpoints(s: KObject): Endpoint[] {
  return (s.endpoints as Endpoint[] | null | undefined) ?? [];
}

/** getEndpointSlicePrefix: "<service>-" so generated names read "<service>-<5 random>". */
export function slicePrefix(serviceName: string): string {
  return serviceName.length <= 253 - 6 ? `${serviceName}-` : serviceName;
}

export function newSlice(service: ServiceLike, ports: SlicePort[], addressType: string): KObject {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      generateName: slicePrefix(service.metadata.name!),
      namespace: service.metadata.namespace,
      labels: sliceLabels(service),
      ownerReferences: [newControllerRef(service, 'v1', 'Service')],
    },
    addressType,
    // Empty lists come back from the API server as null (protobuf drops them).
    endpoints: null,
    ports: ports.length ? ports : null,
  };
}

function setEndpoints(slice: KObject, eps: Endpoint[]): void {
  slice.endpoints = eps.length ? eps : null;
}

/** reconcile() + reconcileByPortMapping() + finalize() for one address type. */
export function reconcileSlices(input: ReconcileInput): SliceChanges {
  const { service, pods, maxPerSlice } = input;
  const family = serviceIPFamily(service);
  const addressType = family;
  const wantLabels = sliceLabels(service);

  // Desired endpoints, grouped by the ports they offer.
  const desiredByPorts = new Map<string, { ports: SlicePort[]; endpoints: Map<string, Endpoint> }>();
  for (const pod of pods) {
    if (!shouldPodBeInEndpoints(pod, true)) continue;
    const ep = podToEndpoint(pod, service, input.zoneOf, family);
    if (!ep) continue;
    const ports = endpointPorts(service, pod);
    const k = portsKey(ports);
    let g = desiredByPorts.get(k);
    if (!g) desiredByPorts.set(k, (g = { ports, endpoints: new Map() }));
    g.endpoints.set(endpointKey(ep), ep);
  }

  const create: KObject[] = [];
  const update: KObject[] = [];
  let del: KObject[] = [];
  const existingByPorts = new Map<string, KObject[]>();
  for (const s of input.existing) {
    const owned = s.metadata.ownerReferences?.some((r) => r.uid === service.metadata.uid) && isManagedSliceOf(s, service) && s.addressType === addressType;
    if (!owned) {
      del.push(s);
      continue;
    }
    const k = portsKey(slicePorts(s));
    const list = existingByPorts.get(k) ?? [];
    list.push(s);
    existingByPorts.set(k, list);
  }

  for (const [k, group] of desiredByPorts) {
    const existing = existingByPorts.get(k) ?? [];
    const desired = group.endpoints;
    const toUpdate = new Map<string, KObject>();
    const unchanged: KObject[] = [];
    // 1. Drop endpoints no longer desired and refresh the ones that changed.
    for (const s of existing) {
      const kept: Endpoint[] = [];
      let changed = false;
      for (const ep of sliceEndpoints(s)) {
        const key = endpointKey(ep);
        const want = desired.get(key);
        if (!want) continue;
        kept.push(want);
        if (!deepEqual(want, ep)) changed = true;
        desired.delete(key);
      }
      const labelsChanged = !deepEqual(s.metadata.labels ?? {}, wantLabels);
      if (changed || kept.length !== sliceEndpoints(s).length) {
        if (kept.length === 0) del.push(s);
        else {
          const next = clone(s);
          setEndpoints(next, kept);
          next.metadata.labels = { ...wantLabels };
          toUpdate.set(s.metadata.name!, next);
        }
      } else if (labelsChanged) {
        const next = clone(s);
        next.metadata.labels = { ...wantLabels };
        toUpdate.set(s.metadata.name!, next);
      } else {
        unchanged.push(s);
      }
    }
    const remaining = [...desired.values()];
    // 2. Fill the slices already being updated, fullest first.
    if (remaining.length && toUpdate.size) {
      const slices = [...toUpdate.values()].sort((a, b) => sliceEndpoints(b).length - sliceEndpoints(a).length);
      for (const s of slices) {
        const eps = sliceEndpoints(s).slice();
        while (remaining.length && eps.length < maxPerSlice) eps.push(remaining.shift()!);
        setEndpoints(s, eps);
      }
    }
    // 3. Fit the rest into the untouched slice that would end up fullest, else new slices.
    while (remaining.length) {
      let target: KObject | undefined;
      if (remaining.length < maxPerSlice && unchanged.length) {
        let best: KObject | undefined;
        for (const s of unchanged) {
          const n = sliceEndpoints(s).length;
          if (n + remaining.length <= maxPerSlice && (!best || n > sliceEndpoints(best).length)) best = s;
        }
        if (best) {
          unchanged.splice(unchanged.indexOf(best), 1);
          target = clone(best);
          toUpdate.set(best.metadata.name!, target);
        }
      }
      if (!target) {
        target = newSlice(service, group.ports, addressType);
        create.push(target);
      }
      const eps = sliceEndpoints(target).slice();
      while (remaining.length && eps.length < maxPerSlice) eps.push(remaining.shift()!);
      setEndpoints(target, eps);
    }
    update.push(...toUpdate.values());
  }
  // Slices for port sets nobody offers any more.
  for (const [k, list] of existingByPorts) if (!desiredByPorts.has(k)) del.push(...list);

  // A Service with no endpoints keeps exactly one empty placeholder slice.
  if (input.existing.length === del.length && create.length === 0) {
    const placeholder = newSlice(service, [], addressType);
    if (del.length === 1 && isPlaceholderLike(del[0], placeholder)) del = [];
    else create.push(placeholder);
  }

  // Rather than delete one slice and create another, reuse the doomed slice's name.
  for (let i = 0; i < del.length && create.length > 0;) {
    const doomed = del[i];
    const owned = doomed.metadata.ownerReferences?.some((r) => r.uid === service.metadata.uid);
    if (doomed.addressType === addressType && owned) {
      const fresh = create.pop()!;
      const next = clone(doomed);
      next.metadata.labels = fresh.metadata.labels;
      next.metadata.ownerReferences = fresh.metadata.ownerReferences;
      next.endpoints = fresh.endpoints;
      next.ports = fresh.ports;
      update.push(next);
      del.splice(i, 1);
    } else {
      i++;
    }
  }

  for (const s of [...create, ...update]) {
    const annotations: Record<string, string> = { ...(s.metadata.annotations ?? {}) };
    if (input.triggerTime !== undefined) annotations[LAST_CHANGE_TRIGGER_TIME] = rfc3339(input.triggerTime);
    else delete annotations[LAST_CHANGE_TRIGGER_TIME];
    if (Object.keys(annotations).length) s.metadata.annotations = annotations;
    else delete s.metadata.annotations;
  }
  return { create, update, delete: del };
}

/** placeholderSliceCompare: same labels, owner, address type and nothing in it. */
function isPlaceholderLike(s: KObject, placeholder: KObject): boolean {
  return sliceEndpoints(s).length === 0 && slicePorts(s).length === 0 && s.addressType === placeholder.addressType
    && deepEqual(s.metadata.labels ?? {}, placeholder.metadata.labels ?? {})
    && deepEqual((s.metadata.ownerReferences ?? []).map((r) => r.uid), (placeholder.metadata.ownerReferences ?? []).map((r) => r.uid));
}
