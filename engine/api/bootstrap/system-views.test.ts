/**
 * The resources kube-apiserver v1.35 computes, as a fresh kubeadm cluster answers them. Expected values from the
 * upstream source: pkg/registry/core/componentstatus (rest.go, validator.go), cmd/kube-apiserver/app/aggregator.go
 * and pkg/controlplane/apiserver/aggregator.go (apiVersionPriorities), k8s.io/apiserver/pkg/apis/flowcontrol/
 * bootstrap/default.go and apf_controller.go, pkg/controlplane/controller/defaultservicecidr, the Service IP
 * allocator (pkg/registry/core/service/ipallocator) and metrics-server's components.yaml.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { Cluster } from '../../cluster.js';
import { isStatusError, type StatusError } from '../errors.js';
import type { KObject } from '../meta.js';
import { systemViewsCode } from './system-views.js';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let cluster: Cluster;
beforeAll(async () => {
  await systemViewsCode.load();
  cluster = new Cluster({ seed: 3 }).boot();
});

const names = (items: Any[]) => items.map((o) => o.metadata.name);
const caught = (f: () => unknown): StatusError => {
  try { f(); } catch (e) { if (isStatusError(e)) return e; throw e; }
  throw new Error('no error');
};

describe('componentstatuses', () => {
  it('lists scheduler, controller-manager and etcd-0, healthy with message ok and no metadata but the name', () => {
    const list = cluster.client().list('componentstatuses', undefined).items;
    expect(names(list)).toEqual(['scheduler', 'controller-manager', 'etcd-0']);
    for (const cs of list) {
      expect(cs.metadata).toEqual({ name: cs.metadata.name });
      expect((cs as Any).conditions).toEqual([{ type: 'Healthy', status: 'True', message: 'ok' }]);
    }
  });

  it('reports a stopped kube-scheduler as the HTTP prober reports a refused dial: Failure, the error text as message, no error', () => {
    const c = new Cluster({ seed: 4 }).boot();
    c.stopComponent('kube-scheduler');
    const cs = c.client().get('componentstatuses', undefined, 'scheduler') as Any;
    expect(cs.conditions).toEqual([{ type: 'Healthy', status: 'False', message: 'Get "https://127.0.0.1:10259/healthz": dial tcp 127.0.0.1:10259: connect: connection refused' }]);
    c.stopComponent('kube-controller-manager');
    expect((c.client().get('componentstatuses', undefined, 'controller-manager') as Any).conditions[0].message)
      .toBe('Get "https://127.0.0.1:10257/healthz": dial tcp 127.0.0.1:10257: connect: connection refused');
    c.startComponent('kube-scheduler');
    expect((c.client().get('componentstatuses', undefined, 'scheduler') as Any).conditions[0].status).toBe('True');
  });

  it('answers an unknown name with REST.Get\'s plain error (500, no reason) and refuses writes (no route: 405)', () => {
    const e = caught(() => cluster.client().get('componentstatuses', undefined, 'foo'));
    expect([e.code, e.reason, e.message]).toEqual([500, '', 'Component not found: foo']);
    const d = caught(() => cluster.client().delete('componentstatuses', undefined, 'scheduler'));
    expect([d.code, d.reason, d.message]).toEqual([405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource']);
  });
});

describe('apiservices', () => {
  it('has a Local APIService per served group/version with kube-apiserver\'s priorities, and metrics-server\'s', () => {
    const list = cluster.client().list('apiservices.apiregistration.k8s.io', undefined).items as Any[];
    const by = new Map(list.map((a) => [a.metadata.name, a]));
    expect(by.get('v1.')!.spec).toEqual({ groupPriorityMinimum: 18000, version: 'v1', versionPriority: 1 });
    expect(by.get('v2.autoscaling')!.spec).toEqual({ group: 'autoscaling', groupPriorityMinimum: 17500, version: 'v2', versionPriority: 30 });
    expect(by.get('v1.autoscaling')!.spec.versionPriority).toBe(15);
    expect(by.get('v1.flowcontrol.apiserver.k8s.io')!.spec).toEqual({ group: 'flowcontrol.apiserver.k8s.io', groupPriorityMinimum: 16100, version: 'v1', versionPriority: 21 });
    expect(by.get('v1.apps')!.metadata.labels).toEqual({ 'kube-aggregator.kubernetes.io/automanaged': 'onstart' });
    expect(by.get('v1.apps')!.status.conditions[0]).toMatchObject({ type: 'Available', status: 'True', reason: 'Local', message: 'Local APIServices are always available' });
    // The aggregator's own group has no priority: makeAPIService skips it.
    expect(by.has('v1.apiregistration.k8s.io')).toBe(false);
    const metrics = by.get('v1beta1.metrics.k8s.io')!;
    expect(metrics.spec).toEqual({ group: 'metrics.k8s.io', groupPriorityMinimum: 100, insecureSkipTLSVerify: true, service: { name: 'metrics-server', namespace: 'kube-system', port: 443 }, version: 'v1beta1', versionPriority: 100 });
    expect(metrics.status.conditions[0]).toMatchObject({ status: 'True', reason: 'Passed', message: 'all checks passed' });
  });
});

describe('flowschemas and prioritylevelconfigurations', () => {
  it('are the mandatory and suggested bootstrap objects, each FlowSchema marked not dangling', () => {
    const fs = cluster.client().list('flowschemas.flowcontrol.apiserver.k8s.io', undefined).items as Any[];
    expect(names(fs)).toEqual(['catch-all', 'exempt', 'global-default', 'kube-controller-manager', 'kube-scheduler', 'kube-system-service-accounts',
      'probes', 'service-accounts', 'system-leader-election', 'system-node-high', 'system-nodes']);
    const exempt = fs.find((f) => f.metadata.name === 'exempt')!;
    expect(exempt.metadata.annotations).toEqual({ 'apf.kubernetes.io/autoupdate-spec': 'true' });
    expect(exempt.spec.matchingPrecedence).toBe(1);
    expect(exempt.spec.distinguisherMethod).toBeUndefined();
    expect(exempt.spec.rules[0].subjects).toEqual([{ kind: 'Group', group: { name: 'system:masters' } }]);
    const leader = fs.find((f) => f.metadata.name === 'system-leader-election')!;
    expect(leader.spec.rules[0].resourceRules).toEqual([{ apiGroups: ['coordination.k8s.io'], namespaces: ['*'], resources: ['leases'], verbs: ['get', 'create', 'update'] }]);
    expect(leader.status.conditions[0]).toMatchObject({ type: 'Dangling', status: 'False', reason: 'Found',
      message: 'This FlowSchema references the PriorityLevelConfiguration object named "leader-election" and it exists' });
    const pl = cluster.client().list('prioritylevelconfigurations.flowcontrol.apiserver.k8s.io', undefined).items as Any[];
    expect(names(pl)).toEqual(['catch-all', 'exempt', 'global-default', 'leader-election', 'node-high', 'system', 'workload-high', 'workload-low']);
    expect(pl.find((p) => p.metadata.name === 'exempt')!.spec).toEqual({ exempt: { lendablePercent: 0, nominalConcurrencyShares: 0 }, type: 'Exempt' });
    expect(pl.find((p) => p.metadata.name === 'catch-all')!.spec.limited).toEqual({ lendablePercent: 0, limitResponse: { type: 'Reject' }, nominalConcurrencyShares: 5 });
    expect(pl.find((p) => p.metadata.name === 'workload-low')!.spec.limited).toEqual({
      lendablePercent: 90, limitResponse: { queuing: { handSize: 6, queueLengthLimit: 50, queues: 128 }, type: 'Queue' }, nominalConcurrencyShares: 100,
    });
  });
});

describe('servicecidrs and ipaddresses', () => {
  it('has the default ServiceCIDR, Ready', () => {
    const cidr = cluster.client().get('servicecidrs.networking.k8s.io', undefined, 'kubernetes') as Any;
    expect(cidr.spec).toEqual({ cidrs: ['10.96.0.0/12'] });
    expect(cidr.metadata.finalizers).toEqual(['networking.k8s.io/service-cidr-finalizer']);
    expect(cidr.status.conditions[0]).toMatchObject({ type: 'Ready', status: 'True', reason: '', message: 'Kubernetes Service CIDR is ready' });
  });

  it('has one IPAddress per allocated ClusterIP, made with the Service and gone with it', () => {
    const c = new Cluster({ seed: 5 }).boot();
    const client = c.client();
    const svc = client.create('services', 'default', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { ports: [{ port: 80 }], selector: { app: 'web' } } } as KObject);
    const ip = (svc.spec as Any).clusterIP as string;
    const addr = client.get('ipaddresses.networking.k8s.io', undefined, ip) as Any;
    expect(addr.metadata.labels).toEqual({ 'ipaddress.kubernetes.io/ip-family': 'IPv4', 'ipaddress.kubernetes.io/managed-by': 'ipallocator.k8s.io' });
    // serviceToRef's Group is "", left out by its json tag's omitempty.
    expect(addr.spec).toEqual({ parentRef: { name: 'web', namespace: 'default', resource: 'services' } });
    expect(addr.metadata.creationTimestamp).toBe(svc.metadata.creationTimestamp);
    expect(names(client.list('ipaddresses.networking.k8s.io', undefined).items)).toEqual(expect.arrayContaining(['10.96.0.1', '10.96.0.10', ip]));
    // A headless Service has no ClusterIP, so no IPAddress.
    client.create('services', 'default', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'db' }, spec: { clusterIP: 'None', ports: [{ port: 5432 }] } } as KObject);
    expect(client.list('ipaddresses.networking.k8s.io', undefined).items).toHaveLength(3);
    client.delete('services', 'default', 'web');
    const e = caught(() => client.get('ipaddresses.networking.k8s.io', undefined, ip));
    expect([e.code, e.message]).toEqual([404, `ipaddresses.networking.k8s.io "${ip}" not found`]);
  });

  it('follows the allocator: none for a dry run or a refused create, the ClusterIP given back with ExternalName, a new one after', () => {
    const c = new Cluster({ seed: 5 }).boot();
    const client = c.client();
    const svc = (name: string, spec: Any = {}) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name }, spec: { ports: [{ port: 80 }], selector: { app: name }, ...spec } } as KObject);
    const ips = () => names(client.list('ipaddresses.networking.k8s.io', undefined).items);
    client.create('services', 'default', svc('dry'), { dryRun: true });
    expect(caught(() => client.create('services', 'default', svc('bad', { clusterIP: '10.96.0.70', sessionAffinity: 'Sometimes' }))).code).toBe(422);
    expect(ips()).toEqual(['10.96.0.1', '10.96.0.10']);
    const web = client.create('services', 'default', svc('web', { clusterIP: '10.96.0.70' }));
    const first = (client.get('ipaddresses.networking.k8s.io', undefined, '10.96.0.70') as Any).metadata.resourceVersion;
    expect(first).toBe(String(Number(web.metadata.resourceVersion) - 1));
    client.patch('services', 'default', 'web', 'merge', { spec: { type: 'ExternalName', externalName: 'example.com' } });
    expect(ips()).toEqual(['10.96.0.1', '10.96.0.10']);
    const back = client.patch('services', 'default', 'web', 'merge', { spec: { type: 'ClusterIP', externalName: null } });
    const ip = (back.spec as Any).clusterIP as string;
    expect(ips()).toEqual(expect.arrayContaining(['10.96.0.1', '10.96.0.10', ip]));
    expect(ips()).toHaveLength(3);
    // Written with the update that allocated it, not with the Service's first address.
    expect((client.get('ipaddresses.networking.k8s.io', undefined, ip) as Any).metadata.resourceVersion).toBe(String(Number(back.metadata.resourceVersion) - 1));
  });
});

describe('csinodes', () => {
  it('has one CSINode per Node, owned by it, with no drivers', () => {
    const list = cluster.client().list('csinodes.storage.k8s.io', undefined).items as Any[];
    expect(names(list)).toEqual(['control-plane', 'worker-1', 'worker-2']);
    const node = cluster.client().get('nodes', undefined, 'worker-1');
    const csi = list.find((o) => o.metadata.name === 'worker-1')!;
    expect(csi.metadata.ownerReferences).toEqual([{ apiVersion: 'v1', kind: 'Node', name: 'worker-1', uid: node.metadata.uid }]);
    expect(csi.spec).toEqual({ drivers: null });
  });
});

describe('events.k8s.io/v1', () => {
  it('shows each stored Event through the v1 schema (conversion.go): regarding, note, deprecated* fields, reportingController', () => {
    const core = cluster.client().list('events', 'kube-system').items as Any[];
    const v1 = cluster.client().list('events.events.k8s.io', 'kube-system').items as Any[];
    expect(names(v1)).toEqual(names(core));
    const kubelet = core.find((e) => e.source?.component === 'kubelet')!;
    const seen = cluster.client().get('events.events.k8s.io', 'kube-system', kubelet.metadata.name!) as Any;
    expect(seen.apiVersion).toBe('events.k8s.io/v1');
    expect(seen.regarding).toEqual(kubelet.involvedObject);
    expect(seen.note).toBe(kubelet.message);
    expect(seen.deprecatedSource).toEqual(kubelet.source);
    expect([seen.deprecatedFirstTimestamp, seen.deprecatedLastTimestamp, seen.deprecatedCount]).toEqual([kubelet.firstTimestamp, kubelet.lastTimestamp, kubelet.count]);
    expect(seen.reportingController).toBe(kubelet.reportingComponent);
    expect('message' in seen || 'involvedObject' in seen || 'source' in seen).toBe(false);
    expect(seen.eventTime).toBeNull();
  });
});

describe('discovery', () => {
  it('puts apiservices in the api-extensions category, as kube-aggregator\'s REST.Categories does', async () => {
    const { lookupResource } = await import('../resources.js');
    expect(lookupResource('apiservices.apiregistration.k8s.io')!.categories).toEqual(['api-extensions']);
    expect(names(cluster.client().list('apiservices.apiregistration.k8s.io', undefined).items)).toContain('v1.');
  });
});
