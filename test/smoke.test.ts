import { describe, expect, it } from 'vitest';
import { Cluster } from '../engine/cluster.js';

describe('cluster boot', () => {
  it('registers three Ready nodes with leases', () => {
    const c = new Cluster({ seed: 7 }).boot();
    const client = c.client();
    const nodes = client.list('nodes').items;
    expect(nodes.map((n) => n.metadata.name)).toEqual(['control-plane', 'worker-1', 'worker-2']);
    const leases = client.list('leases.coordination.k8s.io', 'kube-node-lease').items;
    expect(leases).toHaveLength(3);
  });

  it('schedules and runs a pod', () => {
    const c = new Cluster({ seed: 7 }).boot();
    const client = c.client();
    client.create('pods', 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } });
    c.advance(10_000);
    const p = client.get('pods', 'default', 'p');
    expect((p.status as { phase: string }).phase).toBe('Running');
    client.delete('pods', 'default', 'p');
    c.advance(5_000);
    expect(client.tryGet('pods', 'default', 'p')).toBeUndefined();
    expect(c.clock.errors).toEqual([]);
  });
});
