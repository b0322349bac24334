/**
 * EndpointSlice port names are DNS-1123 labels (ValidateDNS1123Label in
 * pkg/apis/discovery/validation), not IANA service names: the "80-80" that
 * `kubectl create service nodeport web --tcp=80:80` writes must get a slice.
 */
import { describe, expect, it } from 'vitest';
import { Cluster } from '../../cluster.js';
import type { KObject } from '../meta.js';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('EndpointSlice port names', () => {
  it('a Service port named 80-80 gets its EndpointSlice with that port name', () => {
    const c = new Cluster({ seed: 2, bootAgeMs: 10_000 }).boot();
    const client = c.client();
    client.create('pods', 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.26' }] } } as KObject);
    client.create('services', 'default', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { type: 'NodePort', selector: { app: 'web' }, ports: [{ name: '80-80', port: 80, targetPort: 80, protocol: 'TCP', nodePort: 30080 }] } } as KObject);
    c.advance(20_000);
    const slices = client.list('endpointslices.discovery.k8s.io', 'default', { labelSelector: 'kubernetes.io/service-name=web' }).items as Any[];
    expect(slices).toHaveLength(1);
    expect(slices[0].ports).toEqual([{ name: '80-80', port: 80, protocol: 'TCP' }]);
    expect(slices[0].endpoints.map((e: Any) => e.conditions.ready)).toEqual([true]);
    expect(c.clock.errors).toEqual([]);
  });

  it('a name that is not a DNS-1123 label is still refused', () => {
    const c = new Cluster({ seed: 2, bootAgeMs: 10_000 }).boot();
    const create = () => c.client().create('endpointslices.discovery.k8s.io', 'default', { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name: 'x' }, addressType: 'IPv4', endpoints: [], ports: [{ name: 'Web_Port', port: 80, protocol: 'TCP' }] } as KObject);
    expect(create).toThrow(/ports\[0\]\.name: Invalid value: "Web_Port": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character/);
  });
});
