/**
 * Ingress, IngressClass, NetworkPolicy, PriorityClass, LimitRange and
 * ResourceQuota through the API server: defaults, validation texts
 * (pkg/apis/networking/validation, pkg/apis/scheduling/validation,
 * pkg/apis/core/validation, release-1.35) and the admission plugins
 * (plugin/pkg/admission/priority, limitranger, resourcequota).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { apiServerOnly, rejected } from '../test-helpers.js';
import { clone, type KObject } from '../meta.js';
import { loadKinds } from './kinds.js';
import type { Cluster } from '../../cluster.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

beforeAll(async () => {
  await loadKinds();
});

const pod = (name: string, extra: Any = {}, resources?: Any): KObject => ({
  apiVersion: 'v1', kind: 'Pod', metadata: { name },
  spec: { containers: [{ name: 'c', image: 'nginx', ...(resources ? { resources } : {}) }], ...extra },
});
const pc = (name: string, value: number, extra: Any = {}): KObject => ({ apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name }, value, ...extra } as KObject);
const PCS = 'priorityclasses.scheduling.k8s.io';

describe('PriorityClass', () => {
  it('defaults preemptionPolicy and starts at generation 1', () => {
    const c = apiServerOnly(1);
    const created = c.client().create(PCS, undefined, pc('high', 1000)) as Any;
    expect(created.preemptionPolicy).toBe('PreemptLowerPriority');
    expect(created.metadata.generation).toBe(1);
  });

  it('refuses reserved names, values above 1000000000 and a changed value', () => {
    const c = apiServerOnly(1);
    expect(rejected(c, () => c.client().create(PCS, undefined, pc('system-mine', 5))).message).toBe(
      `PriorityClass.scheduling.k8s.io "system-mine" is invalid: metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use only. error: system-mine is not a known system priority class`);
    expect(rejected(c, () => c.client().create(PCS, undefined, pc('system-node-critical', 5))).message).toContain('error: value of system-node-critical PriorityClass must be 2000001000');
    expect(rejected(c, () => c.client().create(PCS, undefined, pc('huge', 2000000000))).message).toBe(
      'PriorityClass.scheduling.k8s.io "huge" is invalid: value: Forbidden: maximum allowed value of a user defined priority is 1000000000');
    expect(rejected(c, () => c.client().create(PCS, undefined, pc('odd', 1, { preemptionPolicy: 'Sometimes' }))).message).toBe(
      'PriorityClass.scheduling.k8s.io "odd" is invalid: preemptionPolicy: Unsupported value: "Sometimes": supported values: "PreemptLowerPriority", "Never"');
    const high = c.client().create(PCS, undefined, pc('high', 1000));
    const next = clone(high) as Any;
    next.value = 7;
    expect(rejected(c, () => c.client().update(PCS, next)).message).toBe('PriorityClass.scheduling.k8s.io "high" is invalid: value: Forbidden: may not be changed in an update.');
  });

  it('refuses to delete a system class', () => {
    const c = apiServerOnly(1);
    expect(rejected(c, () => c.client().delete(PCS, undefined, 'system-node-critical')).message).toBe(
      'priorityclasses.scheduling.k8s.io "system-node-critical" is forbidden: this is a system priority class and cannot be deleted');
  });

  it('allows one global default only', () => {
    const c = apiServerOnly(1);
    c.client().create(PCS, undefined, pc('low', 10, { globalDefault: true }));
    expect(rejected(c, () => c.client().create(PCS, undefined, pc('other', 5, { globalDefault: true }))).message).toBe(
      'priorityclasses.scheduling.k8s.io "other" is forbidden: PriorityClass low is already marked as default. Only one default can exist');
  });

  it('resolves a pod\'s class, the global default, and refuses an unknown class or a stated preemptionPolicy', () => {
    const c = apiServerOnly(1);
    const admin = c.client();
    admin.create(PCS, undefined, pc('high', 1000));
    expect((admin.create('pods', 'default', pod('p1', { priorityClassName: 'high' })).spec as Any).priority).toBe(1000);
    expect(rejected(c, () => admin.create('pods', 'default', pod('p2', { priorityClassName: 'foo' }))).message).toBe('pods "p2" is forbidden: no PriorityClass with name foo was found');
    expect(rejected(c, () => admin.create('pods', 'default', pod('p3', { preemptionPolicy: 'Never' }))).message).toBe(
      'pods "p3" is forbidden: the string value of PreemptionPolicy (Never) must not be provided in pod spec; priority admission controller computed PreemptLowerPriority from the given PriorityClass name');
    admin.create(PCS, undefined, pc('low', 10, { globalDefault: true, preemptionPolicy: 'Never' }));
    const p4 = admin.create('pods', 'default', pod('p4')).spec as Any;
    expect([p4.priorityClassName, p4.priority, p4.preemptionPolicy]).toEqual(['low', 10, 'Never']);
    expect(rejected(c, () => admin.create('pods', 'default', pod('p5', { priority: 3 }))).message).toBe(
      'pods "p5" is forbidden: the integer value of priority (3) must not be provided in pod spec; priority admission controller computed 10 from the given PriorityClass name');
  });
});

describe('Ingress, IngressClass and NetworkPolicy validation', () => {
  const ING = 'ingresses.networking.k8s.io';
  const ingress = (name: string, spec: Any): KObject => ({ apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name }, spec } as KObject);
  const backend = { service: { name: 'web', port: { number: 80 } } };

  it('stores an empty load-balancer status and generation 1', () => {
    const c = apiServerOnly(1);
    const ing = c.client().create(ING, 'default', ingress('web', { defaultBackend: backend })) as Any;
    expect(ing.status).toEqual({ loadBalancer: {} });
    expect(ing.metadata.generation).toBe(1);
  });

  it('reports the real texts', () => {
    const c = apiServerOnly(1);
    expect(rejected(c, () => c.client().create(ING, 'default', ingress('e', {}))).message).toBe(
      'Ingress.networking.k8s.io "e" is invalid: spec: Invalid value: null: either `defaultBackend` or `rules` must be specified');
    const rules = [{ host: '10.0.0.1', http: { paths: [{ path: 'api', pathType: 'Prefix', backend }, { path: '/x', backend }, { path: '/a//b', pathType: 'Exact', backend: { service: { name: 'web' } } }] } }];
    expect(rejected(c, () => c.client().create(ING, 'default', ingress('b', { rules }))).message).toBe('Ingress.networking.k8s.io "b" is invalid: [' + [
      'spec.rules[0].host: Invalid value: "10.0.0.1": must be a DNS name, not an IP address',
      'spec.rules[0].http.paths[0].path: Invalid value: "api": must be an absolute path',
      'spec.rules[0].http.paths[1].pathType: Required value: pathType must be specified',
      "spec.rules[0].http.paths[2].path: Invalid value: \"/a//b\": must not contain '//'",
      'spec.rules[0].http.paths[2].backend: Required value: port name or number is required',
    ].join(', ') + ']');
  });

  it('wants a domain-prefixed IngressClass controller, immutable', () => {
    const c = apiServerOnly(1);
    const IC = 'ingressclasses.networking.k8s.io';
    expect(rejected(c, () => c.client().create(IC, undefined, { apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', metadata: { name: 'x' }, spec: { controller: 'nginx' } } as KObject)).message).toBe(
      'IngressClass.networking.k8s.io "x" is invalid: spec.controller: Invalid value: "nginx": must be a domain-prefixed path (such as "acme.io/foo")');
    const ic = c.client().create(IC, undefined, { apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', metadata: { name: 'nginx' }, spec: { controller: 'k8s.io/ingress-nginx' } } as KObject);
    const next = clone(ic) as Any;
    next.spec.controller = 'example.com/other';
    expect(rejected(c, () => c.client().update(IC, next)).message).toBe('IngressClass.networking.k8s.io "nginx" is invalid: spec.controller: Invalid value: "example.com/other": field is immutable');
  });

  it('defaults NetworkPolicy ports to TCP and policyTypes from the rules', () => {
    const c = apiServerOnly(1);
    const np = c.client().create('networkpolicies.networking.k8s.io', 'default', {
      apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'n' },
      spec: { podSelector: {}, ingress: [{ ports: [{ port: 80 }] }], egress: [{}] },
    } as KObject) as Any;
    expect(np.spec.ingress[0].ports[0].protocol).toBe('TCP');
    expect(np.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(rejected(c, () => c.client().create('networkpolicies.networking.k8s.io', 'default', {
      apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'b' },
      spec: { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/16', except: ['10.1.0.0/24'] } }, {}] }] },
    } as KObject)).message).toBe('NetworkPolicy.networking.k8s.io "b" is invalid: [spec.ingress[0].from[0].ipBlock.except[0]: Invalid value: "10.1.0.0/24": must be a strict subset of `cidr`, spec.ingress[0].from[1]: Required value: must specify a peer]');
  });
});

function withQuota(c: Cluster, hard: Record<string, string>, used?: Record<string, string>): void {
  const q = c.client().create('resourcequotas', 'default', { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'q' }, spec: { hard } } as KObject);
  const next = clone(q);
  next.status = { hard, used: used ?? Object.fromEntries(Object.keys(hard).map((k) => [k, '0'])) };
  c.client().updateStatus('resourcequotas', next);
}

describe('LimitRange', () => {
  const lr = (limits: Any[]): KObject => ({ apiVersion: 'v1', kind: 'LimitRange', metadata: { name: 'lr' }, spec: { limits } } as KObject);

  it('defaults a Container item from max and default (SetDefaults_LimitRangeItem)', () => {
    const c = apiServerOnly(1);
    const created = c.client().create('limitranges', 'default', lr([{ type: 'Container', max: { cpu: '1' }, min: { memory: '64Mi' } }])) as Any;
    expect(created.spec.limits[0].default).toEqual({ cpu: '1' });
    expect(created.spec.limits[0].defaultRequest).toEqual({ cpu: '1', memory: '64Mi' });
  });

  it('reports min above max and types it does not know', () => {
    const c = apiServerOnly(1);
    expect(rejected(c, () => c.client().create('limitranges', 'default', lr([{ type: 'Container', min: { cpu: '2' }, max: { cpu: '1' } }, { type: 'Node' }]))).message).toBe('LimitRange "lr" is invalid: [' + [
      'spec.limits[0].min[cpu]: Invalid value: "2": min value 2 is greater than max value 1',
      'spec.limits[0].defaultRequest[cpu]: Invalid value: "1": min value 2 is greater than default request value 1',
      'spec.limits[0].default[cpu]: Invalid value: "2": min value 2 is greater than default value 1',
      'spec.limits[1].type: Invalid value: "Node": must be a standard limit type or fully qualified',
    ].join(', ') + ']');
  });

  it('fills a pod\'s missing requests and limits, notes them, and enforces max and min', () => {
    const c = apiServerOnly(1);
    const admin = c.client();
    admin.create('limitranges', 'default', lr([{ type: 'Container', default: { cpu: '500m', memory: '256Mi' }, defaultRequest: { cpu: '100m', memory: '128Mi' }, max: { cpu: '1' }, min: { cpu: '50m' } }]));
    const p = admin.create('pods', 'default', pod('a')) as Any;
    expect(p.spec.containers[0].resources).toEqual({ limits: { cpu: '500m', memory: '256Mi' }, requests: { cpu: '100m', memory: '128Mi' } });
    expect(p.metadata.annotations['kubernetes.io/limit-ranger']).toBe('LimitRanger plugin set: cpu, memory request for container c; cpu, memory limit for container c');
    expect(p.status.qosClass).toBe('Burstable');
    expect(rejected(c, () => admin.create('pods', 'default', pod('big', {}, { limits: { cpu: '2' } }))).message).toBe('pods "big" is forbidden: maximum cpu usage per Container is 1, but limit is 2');
    expect(rejected(c, () => admin.create('pods', 'default', pod('tiny', {}, { requests: { cpu: '10m' } }))).message).toBe('pods "tiny" is forbidden: minimum cpu usage per Container is 50m, but request is 10m');
  });
});

describe('ResourceQuota admission', () => {
  it('validates resource names and values', () => {
    const c = apiServerOnly(1);
    expect(rejected(c, () => c.client().create('resourcequotas', 'default', { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'b' }, spec: { hard: { pod: '1', pods: '1.5' } } } as KObject)).message).toBe('ResourceQuota "b" is invalid: [' + [
      'spec.hard[pod]: Invalid value: "pod": must be a standard resource type or fully qualified',
      'spec.hard[pod]: Invalid value: "pod": must be a standard resource for quota',
      'spec.hard[pods]: Invalid value: "1500m": must be an integer',
    ].join(', ') + ']');
  });

  it('refuses a pod beyond the quota and charges status.used as it admits', () => {
    const c = apiServerOnly(1);
    withQuota(c, { pods: '2' });
    c.client().create('pods', 'default', pod('a'));
    expect((c.client().get('resourcequotas', 'default', 'q').status as Any).used).toEqual({ pods: '1' });
    c.client().create('pods', 'default', pod('b'));
    expect(rejected(c, () => c.client().create('pods', 'default', pod('x'))).message).toBe('pods "x" is forbidden: exceeded quota: q, requested: pods=1, used: pods=2, limited: pods=2');
  });

  it('wants every container to state what a compute quota counts', () => {
    const c = apiServerOnly(1);
    withQuota(c, { 'limits.cpu': '2', memory: '1Gi' });
    expect(rejected(c, () => c.client().create('pods', 'default', pod('nginx'))).message).toBe('pods "nginx" is forbidden: failed quota: q: must specify limits.cpu for: c; memory for: c');
    c.client().create('pods', 'default', pod('ok', {}, { limits: { cpu: '1', memory: '128Mi' } }));
    expect((c.client().get('resourcequotas', 'default', 'q').status as Any).used).toEqual({ 'limits.cpu': '1', memory: '128Mi' });
  });

  it('refuses while the quota controller has not counted', () => {
    const c = apiServerOnly(1);
    withQuota(c, { pods: '2' }, {});
    expect(rejected(c, () => c.client().create('pods', 'default', pod('a'))).message).toBe('pods "a" is forbidden: status unknown for quota: q, resources: pods');
  });

  it('counts other kinds by count/<resource> and the legacy names', () => {
    const c = apiServerOnly(1);
    withQuota(c, { configmaps: '1', 'count/configmaps': '5' });
    c.client().create('configmaps', 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } } as KObject);
    expect(rejected(c, () => c.client().create('configmaps', 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b' } } as KObject)).message).toBe(
      'configmaps "b" is forbidden: exceeded quota: q, requested: configmaps=1, used: configmaps=1, limited: configmaps=1');
  });
});
