import { describe, expect, it } from 'vitest';
import { Cluster } from '../../engine/cluster.js';
import { clone, type KObject } from '../../engine/api/meta.js';
import type { Client } from '../../engine/api/client.js';

type Addr = { ip: string; nodeName?: string; targetRef?: { kind: string; name: string; namespace: string; uid: string } };
type Subset = { addresses?: Addr[]; notReadyAddresses?: Addr[]; ports?: { name?: string; port: number; protocol: string }[] };
type SliceEndpoint = { addresses: string[]; conditions: { ready: boolean; serving: boolean; terminating: boolean }; nodeName?: string; targetRef?: { name: string } };

function pod(name: string, labels: Record<string, string>): KObject {
  return {
    apiVersion: 'v1', kind: 'Pod', metadata: { name, labels },
    spec: { containers: [{ name: 'web', image: 'nginx', ports: [{ name: 'http', containerPort: 80, protocol: 'TCP' }] }] },
  };
}

function service(name: string, selector: Record<string, string>): KObject {
  return {
    apiVersion: 'v1', kind: 'Service', metadata: { name, labels: { team: 'a' } },
    spec: { selector, ports: [{ name: 'web', port: 8080, targetPort: 'http', protocol: 'TCP' }] },
  };
}

function podIP(client: Client, name: string): string {
  return (client.get('pods', 'default', name).status as { podIP: string }).podIP;
}

function isReady(p: KObject): boolean {
  return ((p.status as { conditions?: { type: string; status: string }[] })?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

function slicesOf(client: Client, svc: string): KObject[] {
  return client.list('endpointslices.discovery.k8s.io', 'default', { labelSelector: `kubernetes.io/service-name=${svc}` }).items;
}

/**
 * The kubelet is not what these tests are about, so they play it: the worker
 * kubelets are stopped (their nodes stay Ready for the 50 s grace period,
 * longer than any check here) and the test reports each pod Running and Ready
 * once the scheduler has placed it, as the kubelet would.
 */
export function stopWorkerKubelets(c: Cluster): void {
  for (const n of c.nodeConfigs) {
    const k = c.kubelets.get(n.name);
    if (n.role === 'worker' && k?.running()) c.stopComponent(n.name);
  }
}

export function reportRunning(c: Cluster, client: Client, names: string[]): void {
  c.clock.runUntil(() => names.every((n) => !!(client.get('pods', 'default', n).spec as { nodeName?: string }).nodeName), 10_000);
  names.forEach((n) => {
    const next = clone(client.get('pods', 'default', n));
    const now = new Date(c.clock.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const node = (next.spec as { nodeName: string }).nodeName;
    const ip = `10.244.${node === 'worker-2' ? 2 : 1}.${10 + ipSeq++}`;
    next.status = {
      phase: 'Running', podIP: ip, podIPs: [{ ip }], hostIP: '172.18.0.3', startTime: now,
      conditions: ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled']
        .map((type) => ({ type, status: 'True', lastProbeTime: null, lastTransitionTime: now })),
    };
    client.updateStatus('pods', next);
  });
  c.advance(100);
}
let ipSeq = 0;

function bootWithPods(seed: number, names: string[]): { c: Cluster; client: Client } {
  const c = new Cluster({ seed }).boot();
  const client = c.client();
  stopWorkerKubelets(c);
  for (const n of names) client.create('pods', 'default', pod(n, { app: 'web' }));
  reportRunning(c, client, names);
  return { c, client };
}

describe('Service endpoints', () => {
  it('lists exactly the ready pods, on the resolved target port, and moves an unready one to notReadyAddresses', () => {
    const { c, client } = bootWithPods(11, ['web-0', 'web-1', 'web-2']);
    // Another pod with a different label must not appear.
    client.create('pods', 'default', pod('other', { app: 'other' }));
    client.create('services', 'default', service('web', { app: 'web' }));
    c.advance(5_000);

    const ips = ['web-0', 'web-1', 'web-2'].map((n) => podIP(client, n)).sort();
    const ep = client.get('endpoints', 'default', 'web');
    const subsets = ep.subsets as Subset[];
    expect(subsets).toHaveLength(1);
    expect(subsets[0].addresses!.map((a) => a.ip)).toEqual(ips);
    expect(subsets[0].notReadyAddresses).toBeUndefined();
    expect(subsets[0].ports).toEqual([{ name: 'web', port: 80, protocol: 'TCP' }]);
    const first = subsets[0].addresses![0];
    expect(first.targetRef?.kind).toBe('Pod');
    expect(first.nodeName).toMatch(/^worker-/);
    expect(ep.metadata.labels).toMatchObject({ team: 'a', 'endpoints.kubernetes.io/managed-by': 'endpoint-controller' });
    expect(ep.metadata.annotations?.['endpoints.kubernetes.io/last-change-trigger-time']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);

    const slices = slicesOf(client, 'web');
    expect(slices).toHaveLength(1);
    const slice = slices[0];
    expect(slice.metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(slice.metadata.labels).toMatchObject({
      'kubernetes.io/service-name': 'web',
      'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
      team: 'a',
    });
    expect(slice.addressType).toBe('IPv4');
    expect(slice.ports).toEqual([{ name: 'web', port: 80, protocol: 'TCP' }]);
    const eps = slice.endpoints as SliceEndpoint[];
    expect(eps.map((e) => e.addresses[0]).sort()).toEqual(ips);
    expect(eps.every((e) => e.conditions.ready && e.conditions.serving && !e.conditions.terminating)).toBe(true);
    const owner = slice.metadata.ownerReferences?.[0];
    expect(owner).toMatchObject({ apiVersion: 'v1', kind: 'Service', name: 'web', controller: true, blockOwnerDeletion: true });

    // web-1 stops being Ready.
    const p1 = clone(client.get('pods', 'default', 'web-1'));
    const conds = (p1.status as { conditions: { type: string; status: string }[] }).conditions;
    for (const cnd of conds) if (cnd.type === 'Ready' || cnd.type === 'ContainersReady') cnd.status = 'False';
    client.updateStatus('pods', p1);
    const ip1 = podIP(client, 'web-1');
    c.clock.runUntil(() => ((client.get('endpoints', 'default', 'web').subsets as Subset[])[0].notReadyAddresses?.length ?? 0) === 1, 1_000);
    c.advance(10);
    const after = client.get('endpoints', 'default', 'web').subsets as Subset[];
    expect(after).toHaveLength(1);
    expect(after[0].notReadyAddresses!.map((a) => a.ip)).toEqual([ip1]);
    expect(after[0].addresses!.map((a) => a.ip)).toEqual(ips.filter((ip) => ip !== ip1));
    const ep1 = (slicesOf(client, 'web')[0].endpoints as SliceEndpoint[]).find((e) => e.addresses[0] === ip1)!;
    expect(ep1.conditions).toEqual({ ready: false, serving: false, terminating: false });
    expect(c.clock.errors).toEqual([]);
  });

  it('gives a selector matching nothing an Endpoints object without subsets and an empty placeholder slice', () => {
    const c = new Cluster({ seed: 12 }).boot();
    const client = c.client();
    stopWorkerKubelets(c);
    client.create('services', 'default', service('nobody', { app: 'does-not-exist' }));
    c.advance(2_000);
    const ep = client.get('endpoints', 'default', 'nobody');
    expect('subsets' in ep).toBe(false);
    const slices = slicesOf(client, 'nobody');
    expect(slices).toHaveLength(1);
    expect(slices[0].endpoints).toBeNull();
    expect(slices[0].ports).toBeNull();

    // When a matching pod appears the placeholder is reused (same name), not replaced.
    const placeholderName = slices[0].metadata.name;
    client.create('pods', 'default', pod('late', { app: 'does-not-exist' }));
    reportRunning(c, client, ['late']);
    c.clock.runUntil(() => ((client.get('endpoints', 'default', 'nobody').subsets as Subset[] | undefined)?.[0]?.addresses?.length ?? 0) === 1, 60_000);
    const now = slicesOf(client, 'nobody');
    expect(now.map((s) => s.metadata.name)).toEqual([placeholderName]);
    expect((now[0].endpoints as SliceEndpoint[]).map((e) => e.targetRef?.name)).toEqual(['late']);
    expect(c.clock.errors).toEqual([]);
  });

  it('leaves a Service without a selector alone', () => {
    const c = new Cluster({ seed: 13 }).boot();
    const client = c.client();
    const svc = service('manual', {});
    delete (svc.spec as { selector?: unknown }).selector;
    client.create('services', 'default', svc);
    c.advance(2_000);
    expect(client.tryGet('endpoints', 'default', 'manual')).toBeUndefined();
    expect(slicesOf(client, 'manual')).toEqual([]);
  });

  it('drops a terminating pod from Endpoints but keeps it in the slice as terminating', () => {
    const { c, client } = bootWithPods(14, ['web-0', 'web-1']);
    client.create('services', 'default', service('web', { app: 'web' }));
    c.advance(2_000);
    // With the kubelet stopped nobody confirms the deletion, so the pod stays Terminating.
    client.delete('pods', 'default', 'web-0');
    c.advance(1_000);
    const ip0 = podIP(client, 'web-0');
    const subsets = client.get('endpoints', 'default', 'web').subsets as Subset[];
    const all = subsets.flatMap((s) => [...(s.addresses ?? []), ...(s.notReadyAddresses ?? [])]).map((a) => a.ip);
    expect(all).not.toContain(ip0);
    expect(all).toContain(podIP(client, 'web-1'));
    const ep0 = (slicesOf(client, 'web')[0].endpoints as SliceEndpoint[]).find((e) => e.addresses[0] === ip0)!;
    expect(ep0.conditions).toEqual({ ready: false, serving: true, terminating: true });
  });

  it('deletes the Endpoints with its Service', () => {
    const { c, client } = bootWithPods(15, ['web-0']);
    client.create('services', 'default', service('web', { app: 'web' }));
    c.advance(2_000);
    expect(client.tryGet('endpoints', 'default', 'web')).toBeDefined();
    client.delete('services', 'default', 'web');
    c.advance(2_000);
    expect(client.tryGet('endpoints', 'default', 'web')).toBeUndefined();
  });

  it('has the API server\'s own `kubernetes` Service at 10.96.0.1, pointing at the control-plane node', () => {
    const c = new Cluster({ seed: 16 }).boot();
    const client = c.client();
    const svc = client.get('services', 'default', 'kubernetes');
    expect(svc.metadata.labels).toEqual({ component: 'apiserver', provider: 'kubernetes' });
    const spec = svc.spec as { clusterIP: string; ports: unknown[]; type: string; selector?: unknown };
    expect(spec.clusterIP).toBe('10.96.0.1');
    expect(spec.type).toBe('ClusterIP');
    expect(spec.selector).toBeUndefined();
    expect(spec.ports).toEqual([{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }]);
    const cpIP = c.nodeConfigs.find((n) => n.role === 'control-plane')!.internalIP;
    const ep = client.get('endpoints', 'default', 'kubernetes');
    expect(ep.subsets).toEqual([{ addresses: [{ ip: cpIP }], ports: [{ name: 'https', port: 6443, protocol: 'TCP' }] }]);
    expect(ep.metadata.labels).toEqual({ 'endpointslice.kubernetes.io/skip-mirror': 'true' });
    const slice = client.get('endpointslices.discovery.k8s.io', 'default', 'kubernetes');
    expect(slice.metadata.labels).toEqual({ 'kubernetes.io/service-name': 'kubernetes' });
    expect(slice.endpoints).toEqual([{ addresses: [cpIP], conditions: { ready: true } }]);

    // Deleted by hand, the API server puts it back within its 10 s reconcile period.
    client.delete('endpoints', 'default', 'kubernetes');
    c.advance(10_000);
    expect(client.get('endpoints', 'default', 'kubernetes').subsets).toEqual(ep.subsets);
  });
});
