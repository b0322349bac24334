import { describe, expect, it } from 'vitest';
import { answerA, searchCandidates, type DnsData } from './dns.js';
import { noEndpointVerdict, nodePortKey, ruleKey, serviceRules, usableEndpoints, type ServiceView, type SliceView } from './rules.js';

const svc = (extra: Partial<ServiceView> = {}): ServiceView => ({ namespace: 'default', name: 'web', type: 'NodePort', clusterIP: '10.96.0.20', ports: [{ port: 80, nodePort: 30080 }], ingressIPs: [], ...extra });
const ep = (ip: string, node: string, c: { ready?: boolean; serving?: boolean; terminating?: boolean }) => ({ addresses: [ip], nodeName: node, conditions: c, targetRef: { kind: 'Pod', name: ip } });
const slice = (...endpoints: ReturnType<typeof ep>[]): SliceView => ({ addressType: 'IPv4', ports: [{ name: '', port: 8080, protocol: 'TCP' }], endpoints });

describe('kube-proxy rules', () => {
  it('a NodePort Service answers on its ClusterIP and on the node port, forwarding to the slice port', () => {
    const rules = serviceRules(svc(), [slice(ep('10.244.1.2', 'worker-1', { ready: true }))]);
    expect(rules.map((r) => r.key)).toEqual([ruleKey('10.96.0.20', 80), nodePortKey(30080)]);
    expect(rules[0].rule.endpoints.map((e) => `${e.ip}:${e.port}`)).toEqual(['10.244.1.2:8080']);
    expect(serviceRules(svc({ clusterIP: 'None' }), [])).toEqual([]);
  });

  it('uses ready endpoints, falls back to serving terminating ones, and honours Local policies', () => {
    const [r] = serviceRules(svc({ externalTrafficPolicy: 'Local' }), [slice(
      ep('10.244.1.2', 'worker-1', { ready: false, serving: true, terminating: true }),
      ep('10.244.2.2', 'worker-2', { ready: true, serving: true, terminating: false }),
      ep('10.244.2.3', 'worker-2', { ready: false, serving: false, terminating: false }),
    )]);
    expect(usableEndpoints(r.rule, 'worker-1', false).map((e) => e.ip)).toEqual(['10.244.2.2']);
    expect(usableEndpoints(r.rule, 'worker-1', true).map((e) => e.ip)).toEqual(['10.244.1.2']);
    expect(usableEndpoints(r.rule, 'control-plane', true)).toEqual([]);
    expect(noEndpointVerdict(r.rule, true)).toBe('drop');
    const [empty] = serviceRules(svc(), []);
    expect(noEndpointVerdict(empty.rule, false)).toBe('reject');
  });
});

describe('CoreDNS answers and the resolver search list', () => {
  const data: DnsData = {
    service: (ns, name) => (ns === 'default' && name === 'web' ? svc() : ns === 'default' && name === 'db' ? svc({ name: 'db', clusterIP: 'None' }) : undefined),
    slices: (_ns, name) => (name === 'db' ? [slice(ep('10.244.1.7', 'worker-1', { ready: true }), ep('10.244.2.7', 'worker-2', { ready: false }))] : []),
    namespaceExists: (ns) => ns === 'default',
    upstream: () => undefined,
  };
  it('answers Service, headless and pod names; everything else is NXDOMAIN', () => {
    expect(answerA('web.default.svc.cluster.local', data)).toEqual({ rcode: 'NOERROR', addresses: ['10.96.0.20'] });
    expect(answerA('db.default.svc.cluster.local', data)).toEqual({ rcode: 'NOERROR', addresses: ['10.244.1.7'] });
    expect(answerA('10-244-1-7.default.pod.cluster.local', data)).toEqual({ rcode: 'NOERROR', addresses: ['10.244.1.7'] });
    expect(answerA('web.svc.cluster.local', data)).toEqual({ rcode: 'NXDOMAIN' });
    expect(answerA('example.com', data)).toEqual({ rcode: 'NXDOMAIN' });
  });
  it('tries the search domains first for names with fewer than ndots dots', () => {
    expect(searchCandidates('web.default', ['default.svc.cluster.local', 'svc.cluster.local'])).toEqual(['web.default.default.svc.cluster.local', 'web.default.svc.cluster.local', 'web.default']);
    expect(searchCandidates('a.b.c.d.e.f', ['x'])).toEqual(['a.b.c.d.e.f', 'a.b.c.d.e.f.x']);
    expect(searchCandidates('web.', ['x'])).toEqual(['web']);
  });
});
