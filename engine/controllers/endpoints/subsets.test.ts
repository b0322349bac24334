import { describe, expect, it } from 'vitest';
import type { PodLike, ServiceLike } from './pods.js';
import { computeSubsets, desiredEndpoints, MAX_CAPACITY, OVER_CAPACITY } from './subsets.js';

function pod(name: string, ip: string, ready = true, extra: Partial<PodLike['status']> = {}): PodLike {
  return {
    metadata: { name, namespace: 'ns', uid: `uid-${name}` },
    spec: { nodeName: 'node-1', containers: [{ name: 'c', ports: [{ name: 'http', containerPort: 8080 }, { name: 'metrics', containerPort: 9090 }] }] },
    status: { phase: 'Running', podIP: ip, podIPs: [{ ip }], conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }], ...extra },
  };
}

const svc: ServiceLike = {
  metadata: { name: 'web', namespace: 'ns', labels: { app: 'web' } },
  spec: { clusterIP: '10.96.0.20', selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }, { name: 'metrics', port: 9090, targetPort: 'metrics', protocol: 'TCP' }] },
};

describe('computeSubsets', () => {
  it('packs ports offered by the same addresses into one subset, ready and not ready apart, sorted by IP', () => {
    const subsets = computeSubsets(svc, [pod('b', '10.0.0.9'), pod('a', '10.0.0.10'), pod('c', '10.0.0.2', false)]);
    expect(subsets).toEqual([{
      addresses: [
        { ip: '10.0.0.10', nodeName: 'node-1', targetRef: { kind: 'Pod', namespace: 'ns', name: 'a', uid: 'uid-a' } },
        { ip: '10.0.0.9', nodeName: 'node-1', targetRef: { kind: 'Pod', namespace: 'ns', name: 'b', uid: 'uid-b' } },
      ],
      notReadyAddresses: [{ ip: '10.0.0.2', nodeName: 'node-1', targetRef: { kind: 'Pod', namespace: 'ns', name: 'c', uid: 'uid-c' } }],
      ports: [{ name: 'http', port: 8080, protocol: 'TCP' }, { name: 'metrics', port: 9090, protocol: 'TCP' }],
    }]);
  });

  it('leaves out pods without an IP, finished pods and, unless publishNotReadyAddresses, terminating pods', () => {
    const terminating = pod('t', '10.0.0.5');
    terminating.metadata.deletionTimestamp = '2026-01-01T00:00:00Z';
    const pods = [pod('noip', '', true, { podIP: undefined, podIPs: [] }), pod('done', '10.0.0.6', false, { phase: 'Succeeded' }), terminating, pod('ok', '10.0.0.7')];
    expect(computeSubsets(svc, pods).flatMap((s) => s.addresses ?? []).map((a) => a.ip)).toEqual(['10.0.0.7']);
    const publish = { ...svc, spec: { ...svc.spec, publishNotReadyAddresses: true } };
    expect(computeSubsets(publish, pods).flatMap((s) => s.addresses ?? []).map((a) => a.ip)).toEqual(['10.0.0.5', '10.0.0.7']);
  });

  it('skips a port the pod does not offer', () => {
    const p = pod('x', '10.0.0.1');
    p.spec!.containers![0].ports = [{ name: 'http', containerPort: 8080 }];
    expect(computeSubsets(svc, [p])[0].ports).toEqual([{ name: 'http', port: 8080, protocol: 'TCP' }]);
  });
});

describe('desiredEndpoints', () => {
  it('writes nothing when the stored object already says the same', () => {
    const subsets = computeSubsets(svc, [pod('a', '10.0.0.1')]);
    const first = desiredEndpoints(svc, undefined, subsets, Date.UTC(2026, 0, 1))!;
    expect(first.metadata.labels).toEqual({ app: 'web', 'endpoints.kubernetes.io/managed-by': 'endpoint-controller' });
    expect(first.metadata.annotations).toEqual({ 'endpoints.kubernetes.io/last-change-trigger-time': '2026-01-01T00:00:00Z' });
    expect(desiredEndpoints(svc, first, subsets, undefined)).toBeUndefined();
  });

  it('truncates past 1000 addresses and says so', () => {
    const pods = Array.from({ length: MAX_CAPACITY + 5 }, (_, i) => pod(`p${i}`, `10.1.${Math.floor(i / 250)}.${i % 250}`));
    const ep = desiredEndpoints(svc, undefined, computeSubsets(svc, pods), undefined)!;
    const subsets = ep.subsets as { addresses: unknown[] }[];
    expect(subsets.reduce((n, s) => n + s.addresses.length, 0)).toBe(MAX_CAPACITY);
    expect(ep.metadata.annotations?.[OVER_CAPACITY]).toBe('truncated');
  });
});
