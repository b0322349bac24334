import { describe, expect, it } from 'vitest';
import { runScript } from '../../engine/shell/script.js';
import { Cluster } from '../../engine/cluster.js';

describe('joining a node', () => {
  it('registers Ready, gets kube-proxy, and takes pods that did not fit', async () => {
    const c = new Cluster({ seed: 3 }).boot();
    const client = c.client();
    // Two 1.5-CPU pods cannot both fit on 2-CPU workers with system pods; a third worker takes the one left Pending.
    for (const name of ['a', 'b', 'c']) {
      client.create('pods', 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [{ name: 'c', image: 'nginx:1.25', resources: { requests: { cpu: '1500m' } } }] } });
    }
    c.advance(20_000);
    const pending = () => client.list('pods', 'default').items.filter((p) => !(p.spec as { nodeName?: string }).nodeName).map((p) => p.metadata.name);
    expect(pending()).toHaveLength(1);
    expect(c.addNode({ name: 'worker-3' })).toBeUndefined();
    expect(c.addNode({ name: 'worker-3' })).toBe('node "worker-3" already exists');
    c.advance(60_000);
    const node = client.get('nodes', undefined, 'worker-3');
    const ready = (node.status as { conditions: { type: string; status: string }[] }).conditions.find((x) => x.type === 'Ready');
    expect(ready?.status).toBe('True');
    expect(pending()).toEqual([]);
    const proxies = client.list('pods', 'kube-system', { labelSelector: 'k8s-app=kube-proxy' }).items.map((p) => (p.spec as { nodeName?: string }).nodeName);
    expect(proxies).toContain('worker-3');
    expect(c.history.some((h) => h.kind === 'injection' && h.action === 'node-add' && h.target === 'worker-3')).toBe(true);
    expect(c.clock.errors).toEqual([]);
  });

  it('is reachable from the sim command with its errors', async () => {
    const out = await runScript('sim node add Bad_Name\nsim node add worker-3 --cpu 4 --memory 8Gi\nsleep 30\nkubectl get nodes worker-3 -o jsonpath={.status.capacity.cpu}\n');
    expect(out).toContain('sim: invalid node name "Bad_Name"');
    expect(out).toContain('node/worker-3 joining');
    expect(out).toMatch(/jsonpath=\{\.status\.capacity\.cpu\}\n4\n?$/);
  });
});
