/**
 * etcd down for longer than --node-monitor-grace-period: when it is back, the node lifecycle controller finds
 * every lease stale, marks the nodes NotReady and their pods not Ready (MarkPodsNotReady) before the kubelets'
 * next renewals land. The kubelets are fine and say so again: the lease and node status bring the nodes back,
 * and the status manager's 10 s syncBatch (needsReconcile: the stored pod status differs from the one it last
 * reported) writes its pods' statuses again, so they are Ready and back in their Endpoints within seconds. They
 * used to stay not Ready until something changed in their containers.
 */
import { describe, expect, it } from 'vitest';
import { Cluster } from '../../engine/cluster.js';
import type { KObject } from '../../engine/api/meta.js';

type Any = any; // eslint-disable-line @typescript-eslint/no-explicit-any

const ready = (p: KObject) => (p.status as Any)?.conditions?.find((c: Any) => c.type === 'Ready')?.status;

describe('a control-plane outage longer than the node grace period', () => {
  it('leaves pods Ready again once the kubelets report, and back in their Endpoints', () => {
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

    c.stopComponent('etcd');
    c.advance(70_000);
    c.startComponent('etcd');
    // The controller's first pass after the outage sees stale leases: the pods go not Ready…
    expect(c.clock.runUntil(() => pods().some((p) => ready(p) === 'False'), 30_000)).toBe(true);
    const notReadyAt = c.clock.now();
    // …and the kubelets' status managers put them back within one 10 s batch (plus the node's own recovery).
    expect(c.clock.runUntil(() => pods().every((p) => ready(p) === 'True') && endpoints() === 2, 60_000)).toBe(true);
    expect(c.clock.now() - notReadyAt).toBeLessThanOrEqual(20_000);
    expect(c.clock.errors).toEqual([]);
  });
});
