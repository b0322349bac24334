/**
 * Where the Service registry allocates, as kube-apiserver v1.35 does it (pkg/registry/core/service/storage/storage.go
 * beginCreate/beginUpdate, alloc.go; staging/src/k8s.io/apiserver/pkg/registry/generic/registry/store.go create: the
 * BeginCreate hook runs before rest.BeforeCreate's validation, createValidation's quota and the store's
 * AlreadyExists, and its FinishFunc gives back what it took when any of them fails). The v1.35 ClusterIP allocator is
 * the MetaAllocator over ServiceCIDRs and IPAddresses (MultiCIDRServiceAllocator and DisableAllocatorDualWrite GA
 * and locked on): an address outside every ServiceCIDR is ErrMismatchedNetwork; its dry run (ipallocator.go
 * dryRunAllocator) answers the range's network address without looking for a free one and checks a requested
 * address against the range only; the NodePort operation's dry run (portallocator/operation.go) counts up from 32768.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { Cluster } from '../../cluster.js';
import { rejected } from '../test-helpers.js';
import type { KObject } from '../meta.js';
import type { Allocators } from './allocators.js';
import { loadKinds } from './kinds.js';
import { ALLOCATORS_STATE } from './services.js';

// ResourceQuota's code (its controller and admission plugin) loads with the lazily served kinds.
beforeAll(() => loadKinds());

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

function boot() {
  const c = new Cluster({ seed: 5 }).boot();
  return { c, cl: c.client() };
}

const svc = (name: string, spec: Any = {}): KObject => ({ apiVersion: 'v1', kind: 'Service', metadata: { name }, spec: { selector: { app: 'x' }, ports: [{ port: 80 }], ...spec } });
const nodePort = (name: string, port: number, extra: Any = {}) => svc(name, { type: 'NodePort', ports: [{ port: 80, nodePort: port }], ...extra });
const DRY = { dryRun: true };

describe('BeginCreate comes before validation, quota and AlreadyExists', () => {
  it('a taken NodePort is the error even when a field is invalid too', () => {
    const { c, cl } = boot();
    cl.create('services', 'default', nodePort('a', 30080));
    expect(rejected(c, () => cl.create('services', 'default', nodePort('b', 30080, { sessionAffinity: 'Sometimes' }))).message)
      .toBe('Service "b" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated');
  });

  it('a taken ClusterIP is the error even when the name exists', () => {
    const { c, cl } = boot();
    cl.create('services', 'default', svc('a', { clusterIP: '10.96.0.50' }));
    const e = rejected(c, () => cl.create('services', 'default', svc('a', { clusterIP: '10.96.0.50' })));
    expect(e.code).toBe(422);
    expect(e.message).toBe('Service "a" is invalid: spec.clusterIPs: Invalid value: ["10.96.0.50"]: failed to allocate IP 10.96.0.50: provided IP is already allocated');
  });

  it('what a create took is given back when validation, AlreadyExists or quota refuses it', () => {
    const { c, cl } = boot();
    expect(rejected(c, () => cl.create('services', 'default', nodePort('a', 30081, { clusterIP: '10.96.0.51', sessionAffinity: 'Sometimes' }))).message)
      .toBe('Service "a" is invalid: spec.sessionAffinity: Unsupported value: "Sometimes": supported values: "ClientIP", "None"');
    cl.create('services', 'default', svc('taken'));
    expect(rejected(c, () => cl.create('services', 'default', nodePort('taken', 30081, { clusterIP: '10.96.0.51' }))).message).toBe('services "taken" already exists');
    const q = cl.create('resourcequotas', 'default', { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'q' }, spec: { hard: { 'services.nodeports': '0' } } } as KObject);
    // The status the quota controller writes (its first sync).
    c.apiserver.update('resourcequotas', { ...q, status: { hard: { 'services.nodeports': '0' }, used: { 'services.nodeports': '0' } } }, { subresource: 'status' });
    expect(rejected(c, () => cl.create('services', 'default', nodePort('np', 30081, { clusterIP: '10.96.0.51' }))).message)
      .toBe('services "np" is forbidden: exceeded quota: q, requested: services.nodeports=1, used: services.nodeports=0, limited: services.nodeports=0');
    // Quota is validating admission: a bad port is validation's error, which comes first.
    expect(rejected(c, () => cl.create('services', 'default', svc('np', { type: 'NodePort', ports: [{ port: 70000, targetPort: 80 }] }))).message)
      .toBe('Service "np" is invalid: spec.ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive');
    cl.delete('resourcequotas', 'default', 'q');
    const s = cl.create('services', 'default', nodePort('np', 30081, { clusterIP: '10.96.0.51' })) as Any;
    expect([s.spec.clusterIP, s.spec.ports[0].nodePort]).toEqual(['10.96.0.51', 30081]);
  });

  it('a malformed clusterIP is the only error: the allocator checks the clusterIPs before it takes anything', () => {
    const { c, cl } = boot();
    cl.create('services', 'default', nodePort('a', 30082));
    expect(rejected(c, () => cl.create('services', 'default', nodePort('b', 30082, { clusterIP: '10.96.0.300', sessionAffinity: 'Sometimes' }))).message)
      .toBe('Service "b" is invalid: spec.clusterIPs[0]: Invalid value: "10.96.0.300": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)');
  });

  it('an address no ServiceCIDR holds (the network and broadcast addresses included) is a mismatched network', () => {
    const { c, cl } = boot();
    for (const ip of ['192.168.1.10', '10.96.0.0', '10.111.255.255']) {
      expect(rejected(c, () => cl.create('services', 'default', svc('a', { clusterIP: ip }))).message)
        .toBe(`Service "a" is invalid: spec.clusterIPs: Invalid value: ["${ip}"]: failed to allocate IP ${ip}: the provided network does not match the current range`);
    }
    expect((cl.create('services', 'default', svc('a', { clusterIP: '10.111.255.254' })) as Any).spec.clusterIPs).toEqual(['10.111.255.254']);
  });

  it('ports of one number share the NodePort asked for by any of them; two numbers asking for one port collide', () => {
    const { c, cl } = boot();
    const s = cl.create('services', 'default', svc('dns', { type: 'NodePort', ports: [{ name: 'udp', port: 53, protocol: 'UDP' }, { name: 'tcp', port: 53, protocol: 'TCP', nodePort: 30053 }] })) as Any;
    expect(s.spec.ports.map((p: Any) => p.nodePort)).toEqual([30053, 30053]);
    expect(rejected(c, () => cl.create('services', 'default', svc('two', { type: 'NodePort', ports: [{ name: 'a', port: 80, nodePort: 30090 }, { name: 'b', port: 81, nodePort: 30090 }] }))).message)
      .toBe('Service "two" is invalid: spec.ports[1].nodePort: Invalid value: 30090: provided port is already allocated');
    expect((cl.create('services', 'default', nodePort('again', 30090)) as Any).spec.ports[0].nodePort).toBe(30090);
  });

  it('a full range is an internal error', () => {
    const { c, cl } = boot();
    cl.create('services', 'default', svc('warm'));
    const a = c.apiserver.state.get(ALLOCATORS_STATE) as Allocators;
    for (let p = 30000; p <= 32767; p++) a.ports.add(p);
    const e = rejected(c, () => cl.create('services', 'default', svc('np', { type: 'NodePort' })));
    expect([e.code, e.reason, e.message]).toEqual([500, 'InternalError', 'Internal error occurred: failed to allocate a nodePort: range is full']);
    a.ports.delete(30500);
    expect(rejected(c, () => cl.create('services', 'default', svc('lb', { type: 'LoadBalancer', externalTrafficPolicy: 'Local' }))).message)
      .toBe('Internal error occurred: failed to allocate a HealthCheck NodePort 0: range is full');
    // The NodePort the failed create took is free again.
    expect((cl.create('services', 'default', svc('np', { type: 'NodePort' })) as Any).spec.ports[0].nodePort).toBe(30500);
    const base = (10 << 24) + (96 << 16);
    for (let i = 1; i < (1 << 20) - 1; i++) a.ips.add(base + i);
    const ip = rejected(c, () => cl.create('services', 'default', svc('full')));
    expect([ip.code, ip.message]).toEqual([500, 'Internal error occurred: failed to allocate a serviceIP: range is full']);
  });

  it('a headless Service without a selector asks for both families (RequireDualStack), one with a selector for one', () => {
    const { cl } = boot();
    const bare = cl.create('services', 'default', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'bare' }, spec: { clusterIP: 'None', ports: [{ port: 80 }] } } as KObject) as Any;
    expect([bare.spec.clusterIPs, bare.spec.ipFamilyPolicy, bare.spec.ipFamilies]).toEqual([['None'], 'RequireDualStack', ['IPv4', 'IPv6']]);
    const sel = cl.create('services', 'default', svc('sel', { clusterIP: 'None' })) as Any;
    expect([sel.spec.ipFamilyPolicy, sel.spec.ipFamilies]).toEqual(['SingleStack', ['IPv4']]);
  });

  it('headless NodePort and LoadBalancer Services are refused, an ExternalName one with a clusterIP too', () => {
    const { c, cl } = boot();
    for (const type of ['NodePort', 'LoadBalancer']) {
      expect(rejected(c, () => cl.create('services', 'default', svc('h', { type, clusterIP: 'None' }))).message)
        .toBe(`Service "h" is invalid: spec.clusterIPs[0]: Invalid value: "None": may not be set to 'None' for ${type} services`);
    }
    expect(rejected(c, () => cl.create('services', 'default', svc('e', { type: 'ExternalName', externalName: 'example.com', clusterIP: '10.96.0.80' }))).message)
      .toBe('Service "e" is invalid: spec.clusterIPs: Forbidden: may not be set for ExternalName services');
  });

  it('RequireDualStack on this single-stack cluster is refused', () => {
    const { c, cl } = boot();
    expect(rejected(c, () => cl.create('services', 'default', svc('ds', { ipFamilyPolicy: 'RequireDualStack' }))).message)
      .toBe('Service "ds" is invalid: spec.ipFamilyPolicy: Invalid value: "RequireDualStack": this cluster is not configured for dual-stack services');
  });
});

describe('server-side dry run allocates nothing', () => {
  it('answers the network address and NodePorts counted up from 32768; the store and the allocators stay as they were', () => {
    const { c, cl } = boot();
    cl.create('services', 'default', svc('warm'));
    const allocated = c.apiserver.state.get(ALLOCATORS_STATE) as Allocators;
    const held = [allocated.ips.size, allocated.ports.size];
    const before = c.store.currentRevision();
    const ip = cl.create('services', 'default', svc('a'), DRY) as Any;
    expect([ip.spec.clusterIP, ip.spec.clusterIPs, ip.spec.ipFamilies, ip.spec.ipFamilyPolicy]).toEqual(['10.96.0.0', ['10.96.0.0'], ['IPv4'], 'SingleStack']);
    const np = cl.create('services', 'default', svc('b', { type: 'LoadBalancer', externalTrafficPolicy: 'Local', ports: [{ name: 'a', port: 80 }, { name: 'b', port: 81 }] }), DRY) as Any;
    expect([np.spec.clusterIP, np.spec.ports.map((p: Any) => p.nodePort), np.spec.healthCheckNodePort]).toEqual(['10.96.0.0', [32769, 32770], 32771]);
    const asked = cl.create('services', 'default', svc('c', { type: 'NodePort', ports: [{ name: 'a', port: 80, nodePort: 30100 }, { name: 'b', port: 81 }] }), DRY) as Any;
    expect(asked.spec.ports.map((p: Any) => p.nodePort)).toEqual([30100, 30101]);
    expect(c.store.currentRevision()).toBe(before);
    expect([allocated.ips.size, allocated.ports.size]).toEqual(held);
  });

  it('checks a requested NodePort against the allocated ones but a requested IP against the range only', () => {
    const { c, cl } = boot();
    cl.create('services', 'default', nodePort('a', 30080, { clusterIP: '10.96.0.50' }));
    expect(rejected(c, () => cl.create('services', 'default', nodePort('b', 30080), DRY)).message)
      .toBe('Service "b" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated');
    expect((cl.create('services', 'default', svc('b', { clusterIP: '10.96.0.50' }), DRY) as Any).spec.clusterIP).toBe('10.96.0.50');
    expect(rejected(c, () => cl.create('services', 'default', svc('b', { clusterIP: '192.168.1.10' }), DRY)).message)
      .toBe('Service "b" is invalid: spec.clusterIPs: Invalid value: ["192.168.1.10"]: failed to allocate IP 192.168.1.10: the provided IP (192.168.1.10) is not in the valid range. The range of valid IPs is 10.96.0.0/12');
  });
});

describe('BeginUpdate: type changes allocate and release', () => {
  const patch = (cl: ReturnType<typeof boot>['cl'], name: string, p: Any, opts = {}) => cl.patch('services', 'default', name, 'merge', p, opts) as Any;

  it('ClusterIP → NodePort allocates a NodePort; back to ClusterIP drops it and gives it back', () => {
    const { cl } = boot();
    cl.create('services', 'default', svc('a'));
    const np = patch(cl, 'a', { spec: { type: 'NodePort' } });
    const port = np.spec.ports[0].nodePort;
    expect(port).toBeGreaterThanOrEqual(30000);
    expect(port).toBeLessThanOrEqual(32767);
    expect(np.spec.externalTrafficPolicy).toBe('Cluster');
    const back = patch(cl, 'a', { spec: { type: 'ClusterIP' } });
    expect(back.spec.ports[0].nodePort).toBeUndefined();
    expect((cl.create('services', 'default', nodePort('b', port)) as Any).spec.ports[0].nodePort).toBe(port);
  });

  it('a dry-run type change shows the dry-run NodePort and takes nothing', () => {
    const { c, cl } = boot();
    cl.create('services', 'default', svc('a'));
    const before = c.store.currentRevision();
    expect(patch(cl, 'a', { spec: { type: 'NodePort' } }, DRY).spec.ports[0].nodePort).toBe(32769);
    expect(c.store.currentRevision()).toBe(before);
  });

  it('an update refused by validation gives back the NodePort it took', () => {
    const { c, cl } = boot();
    cl.create('services', 'default', svc('a'));
    expect(rejected(c, () => patch(cl, 'a', { spec: { type: 'NodePort', ports: [{ port: 80, nodePort: 30200 }], sessionAffinity: 'Sometimes' } })).message)
      .toBe('Service "a" is invalid: spec.sessionAffinity: Unsupported value: "Sometimes": supported values: "ClientIP", "None"');
    expect((cl.create('services', 'default', nodePort('b', 30200)) as Any).spec.ports[0].nodePort).toBe(30200);
  });

  it('LoadBalancer with allocateLoadBalancerNodePorts: false takes none, and keeps the ones it had when switched off', () => {
    const { cl } = boot();
    const none = cl.create('services', 'default', svc('a', { type: 'LoadBalancer', allocateLoadBalancerNodePorts: false })) as Any;
    expect(none.spec.ports[0].nodePort).toBeUndefined();
    const lb = cl.create('services', 'default', svc('b', { type: 'LoadBalancer' })) as Any;
    const kept = patch(cl, 'b', { spec: { allocateLoadBalancerNodePorts: false } });
    expect(kept.spec.ports[0].nodePort).toBe(lb.spec.ports[0].nodePort);
  });

  it('externalTrafficPolicy Local allocates healthCheckNodePort; back to Cluster drops and releases it', () => {
    const { c, cl } = boot();
    cl.create('services', 'default', svc('a', { type: 'LoadBalancer' }));
    const local = patch(cl, 'a', { spec: { externalTrafficPolicy: 'Local' } });
    const hc = local.spec.healthCheckNodePort;
    expect(hc).toBeGreaterThanOrEqual(30000);
    expect(rejected(c, () => cl.create('services', 'default', nodePort('b', hc))).message)
      .toBe(`Service "b" is invalid: spec.ports[0].nodePort: Invalid value: ${hc}: provided port is already allocated`);
    const cluster = patch(cl, 'a', { spec: { externalTrafficPolicy: 'Cluster' } });
    expect(cluster.spec.healthCheckNodePort).toBeUndefined();
    expect((cl.create('services', 'default', nodePort('b', hc)) as Any).spec.ports[0].nodePort).toBe(hc);
  });

  it('LoadBalancer → ClusterIP drops what the type had: NodePorts, healthCheckNodePort, externalTrafficPolicy, the load balancer\'s status', () => {
    const { c, cl } = boot();
    const lb = cl.create('services', 'default', svc('a', { type: 'LoadBalancer', externalTrafficPolicy: 'Local' })) as Any;
    c.apiserver.update('services', { ...lb, status: { loadBalancer: { ingress: [{ ip: '203.0.113.10', ipMode: 'VIP' }] } } }, { subresource: 'status' });
    const back = patch(cl, 'a', { spec: { type: 'ClusterIP' } });
    expect([back.spec.ports[0].nodePort, back.spec.healthCheckNodePort, back.spec.externalTrafficPolicy, back.spec.allocateLoadBalancerNodePorts, back.status])
      .toEqual([undefined, undefined, undefined, undefined, { loadBalancer: {} }]);
    for (const port of [lb.spec.ports[0].nodePort, lb.spec.healthCheckNodePort]) expect((cl.create('services', 'default', nodePort(`np${port}`, port)) as Any).spec.ports[0].nodePort).toBe(port);
    // Named in the same update, the policy stays, and validation says why it may not.
    cl.create('services', 'default', svc('b', { type: 'NodePort' }));
    expect(rejected(c, () => patch(cl, 'b', { spec: { type: 'ClusterIP', externalTrafficPolicy: 'Local' } })).message)
      .toBe('Service "b" is invalid: spec.externalTrafficPolicy: Invalid value: "Local": may only be set for externally-accessible services');
  });

  it('the ClusterIP may not change; ExternalName gives it back and a return to ClusterIP allocates a new one', () => {
    const { c, cl } = boot();
    cl.create('services', 'default', svc('a', { clusterIP: '10.96.0.60' }));
    expect(rejected(c, () => patch(cl, 'a', { spec: { clusterIP: '10.96.0.61', clusterIPs: ['10.96.0.61'] } })).message)
      .toBe('Service "a" is invalid: spec.clusterIPs[0]: Invalid value: ["10.96.0.61"]: may not change once set');
    const ext = patch(cl, 'a', { spec: { type: 'ExternalName', externalName: 'example.com' } });
    expect([ext.spec.clusterIP, ext.spec.clusterIPs, ext.spec.ipFamilies, ext.spec.ipFamilyPolicy]).toEqual([undefined, undefined, undefined, undefined]);
    expect((cl.create('services', 'default', svc('b', { clusterIP: '10.96.0.60' })) as Any).spec.clusterIP).toBe('10.96.0.60');
    const back = patch(cl, 'a', { spec: { type: 'ClusterIP', externalName: null } });
    expect(back.spec.clusterIP).toMatch(/^10\.(9[6-9]|10\d|11[01])\.\d+\.\d+$/);
    expect(back.spec.clusterIP).not.toBe('10.96.0.60');
    expect([back.spec.ipFamilies, back.spec.ipFamilyPolicy]).toEqual([['IPv4'], 'SingleStack']);
  });
});
