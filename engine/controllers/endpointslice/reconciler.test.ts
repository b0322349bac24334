import { describe, expect, it } from 'vitest';
import type { KObject } from '../../api/meta.js';
import type { PodLike, ServiceLike } from '../endpoints/pods.js';
import { reconcileSlices } from './reconciler.js';

const svc: ServiceLike = {
  metadata: { name: 'web', namespace: 'ns', uid: 'svc-uid', labels: { tier: 'front' } },
  spec: { clusterIP: '10.96.0.20', selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }] },
};

function pods(n: number, from = 0): PodLike[] {
  return Array.from({ length: n }, (_, k) => {
    const i = k + from;
    const ip = `10.0.${Math.floor(i / 200)}.${i % 200}`;
    return { metadata: { name: `p${i}`, namespace: 'ns', uid: `u${i}` }, spec: { nodeName: 'n1' }, status: { phase: 'Running', podIP: ip, podIPs: [{ ip }], conditions: [{ type: 'Ready', status: 'True' }] } };
  });
}

const zoneOf = (n: string) => (n === 'n1' ? 'zone-a' : undefined);
let seq = 0;
/** What the API server would store: a name for each created slice. */
function persist(created: KObject[]): KObject[] {
  return created.map((s) => ({ ...s, metadata: { ...s.metadata, name: `web-${seq++}` } }));
}

describe('reconcileSlices', () => {
  it('splits 250 endpoints into slices of at most 100', () => {
    const r = reconcileSlices({ service: svc, pods: pods(250), existing: [], zoneOf, maxPerSlice: 100 });
    expect(r.create.map((s) => (s.endpoints as unknown[]).length)).toEqual([100, 100, 50]);
    expect(r.update).toEqual([]);
    const ep = (r.create[0].endpoints as Record<string, unknown>[])[0];
    expect(ep).toEqual({ addresses: ['10.0.0.0'], conditions: { ready: true, serving: true, terminating: false }, targetRef: { kind: 'Pod', namespace: 'ns', name: 'p0', uid: 'u0' }, nodeName: 'n1', zone: 'zone-a' });
    expect(r.create[0].metadata).toMatchObject({ generateName: 'web-', labels: { tier: 'front', 'kubernetes.io/service-name': 'web', 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io' } });
    expect(r.create[0].ports).toEqual([{ name: 'http', port: 8080, protocol: 'TCP' }]);
  });

  it('changes only the slice that holds a changed endpoint, and fills free room before creating', () => {
    const existing = persist(reconcileSlices({ service: svc, pods: pods(150), existing: [], zoneOf, maxPerSlice: 100 }).create);
    const now = pods(150);
    now.splice(120, 1); // p120 is gone (second slice)
    const r = reconcileSlices({ service: svc, pods: [...now, ...pods(1, 500)], existing, zoneOf, maxPerSlice: 100 });
    expect(r.create).toEqual([]);
    expect(r.delete).toEqual([]);
    expect(r.update.map((s) => s.metadata.name)).toEqual([existing[1].metadata.name]);
    const names = (r.update[0].endpoints as { targetRef: { name: string } }[]).map((e) => e.targetRef.name);
    expect(names).not.toContain('p120');
    expect(names).toContain('p500');
  });

  it('keeps one empty placeholder for a Service without endpoints, and reuses it when endpoints come', () => {
    const first = reconcileSlices({ service: svc, pods: [], existing: [], zoneOf, maxPerSlice: 100 });
    expect(first.create).toHaveLength(1);
    expect(first.create[0].endpoints).toBeNull();
    expect(first.create[0].ports).toBeNull();
    const existing = persist(first.create).map((s) => ({ ...s, metadata: { ...s.metadata, ownerReferences: [{ apiVersion: 'v1', kind: 'Service', name: 'web', uid: 'svc-uid', controller: true, blockOwnerDeletion: true }] } }));
    expect(reconcileSlices({ service: svc, pods: [], existing, zoneOf, maxPerSlice: 100 })).toEqual({ create: [], update: [], delete: [] });
    const r = reconcileSlices({ service: svc, pods: pods(2), existing, zoneOf, maxPerSlice: 100 });
    expect(r.create).toEqual([]);
    expect(r.delete).toEqual([]);
    expect(r.update.map((s) => s.metadata.name)).toEqual([existing[0].metadata.name]);
    expect((r.update[0].endpoints as unknown[]).length).toBe(2);
  });
});
