/**
 * etcd down for longer than --node-monitor-grace-period. kube-controller-manager cannot renew its Lease, so it
 * ends after the renew deadline and its successor takes the Lease 15 s after it first reads it, once etcd is
 * back: by then the kubelets have renewed their node Leases, and a node lifecycle controller that starts afresh
 * times nodes from its own first look, so no node goes NotReady and every pod stays Ready.
 *
 * When something else does mark a healthy node's pods not Ready (the node lifecycle controller's
 * MarkPodsNotReady writes the Ready condition False), the kubelets say otherwise: the status manager's 10 s
 * syncBatch (needsReconcile: the stored pod status differs from the one it last reported) writes the pods'
 * statuses again, so they are Ready and back in their Endpoints within seconds. They used to stay not Ready
 * until something changed in their containers.
 */
import { describe, expect, it } from 'vitest';
import { Cluster } from '../../engine/cluster.js';
import type { KObject } from '../../engine/api/meta.js';

type Any = any; // eslint-disable-line @typescript-eslint/no-explicit-any

const ready = (p: KObject) => (p.status as Any)?.conditions?.find((c: Any) => c.type === 'Ready')?.status;

describe('a control-plane outage longer than the node grace period', () => {
  it('leaves pods Ready, and the kubelets put back a Ready condition someone else wrote False', () => {
    const c = new Cluster({ seed: 21 }).boot();
    const api = c.client('test');
    api.create('deployments.apps', 'default', {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' },
      spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } } },
    });
    api.create('services', 'default', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } });
    const pods = () => api.list('pods', 'default').items.filter((p) => p.metadata.labels?.app === 'web');
    const endpoints = () => ((api.get('endpoints', 'default', 'web') as Any).subsets?.[0]?.addresses ?? []).length;
    expect(c.clock.runUntil(() => pods().filter((p) => ready(p) === 'True').length === 2 && endpoints() === 2, 120_000)).toBe(true);

    const holder = () => (api.get('leases.coordination.k8s.io', 'kube-system', 'kube-controller-manager').spec as Any).holderIdentity;
    const before = holder();
    c.stopComponent('etcd');
    c.advance(70_000);
    c.startComponent('etcd');
    // A new kube-controller-manager leads once the old Lease has had its 15 s; no pod went not Ready meanwhile.
    expect(c.clock.runUntil(() => holder() !== before, 30_000)).toBe(true);
    c.advance(30_000);
    expect(pods().every((p) => ready(p) === 'True') && endpoints() === 2).toBe(true);
    expect(api.list('nodes').items.every((n) => (n.status as Any).conditions.find((x: Any) => x.type === 'Ready').status === 'True')).toBe(true);

    // MarkPodsNotReady's write, on pods whose kubelet is fine…
    for (const p of pods()) {
      const status = structuredClone(p.status) as Any;
      status.conditions.find((x: Any) => x.type === 'Ready').status = 'False';
      api.updateStatus('pods', { ...p, status });
    }
    expect(pods().every((p) => ready(p) === 'False')).toBe(true);
    const notReadyAt = c.clock.now();
    // …and the kubelets' status managers put them back within one 10 s batch.
    expect(c.clock.runUntil(() => pods().every((p) => ready(p) === 'True') && endpoints() === 2, 60_000)).toBe(true);
    expect(c.clock.now() - notReadyAt).toBeLessThanOrEqual(20_000);
    expect(c.clock.errors).toEqual([]);
  });
});
