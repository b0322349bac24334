import { describe, expect, it } from 'vitest';
import type { NamespaceCondition } from 'kubernetes-types/core/v1';
import { Cluster } from '../../engine/cluster.js';
import type { KObject } from '../../engine/api/meta.js';

const ns = (name: string): KObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });

describe('namespaces', () => {
  it('gives every namespace its default ServiceAccount and kube-root-ca.crt, and puts them back', () => {
    const c = new Cluster({ seed: 31 }).boot();
    const client = c.client();
    for (const n of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) {
      expect(client.tryGet('serviceaccounts', n, 'default')).toBeDefined();
      expect(client.tryGet('configmaps', n, 'kube-root-ca.crt')).toBeDefined();
    }
    client.create('namespaces', undefined, ns('team-a'));
    c.advance(1_000);
    const sa = client.get('serviceaccounts', 'team-a', 'default');
    expect(sa.metadata.ownerReferences).toBeUndefined();
    const cm = client.get('configmaps', 'team-a', 'kube-root-ca.crt');
    expect(Object.keys(cm.data as object)).toEqual(['ca.crt']);
    expect((cm.data as Record<string, string>)['ca.crt']).toMatch(/^-----BEGIN CERTIFICATE-----\n[A-Za-z0-9+/=\n]+-----END CERTIFICATE-----\n$/);
    expect(cm.metadata.annotations?.['kubernetes.io/description']).toBe(
      'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.');

    client.delete('serviceaccounts', 'team-a', 'default');
    client.patch('configmaps', 'team-a', 'kube-root-ca.crt', 'merge', { data: { 'ca.crt': 'tampered' } });
    c.advance(1_000);
    expect(client.get('serviceaccounts', 'team-a', 'default').metadata.uid).not.toBe(sa.metadata.uid);
    expect((client.get('configmaps', 'team-a', 'kube-root-ca.crt').data as Record<string, string>)['ca.crt']).toBe((cm.data as Record<string, string>)['ca.crt']);
    expect(c.clock.errors).toEqual([]);
  });

  it('deletes a namespace: Terminating, then its content, then itself', () => {
    const c = new Cluster({ seed: 32 }).boot();
    const client = c.client();
    client.create('namespaces', undefined, ns('shop'));
    c.advance(1_000);
    client.create('deployments.apps', 'shop', {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' },
      spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.25' }] } } },
    });
    client.create('configmaps', 'shop', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data: { a: '1' } });
    c.advance(30_000);
    expect(client.list('pods', 'shop').items.length).toBe(2);

    client.delete('namespaces', undefined, 'shop');
    const terminating = client.get('namespaces', undefined, 'shop');
    expect((terminating.status as { phase: string }).phase).toBe('Terminating');
    expect(terminating.metadata.deletionTimestamp).toBeDefined();
    // Nothing new may be created in it.
    expect(() => client.create('configmaps', 'shop', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'late' } }))
      .toThrow('configmaps "late" is forbidden: unable to create new content in namespace shop because it is being terminated');
    c.advance(200);
    const conds = (client.get('namespaces', undefined, 'shop').status as { conditions?: NamespaceCondition[] }).conditions ?? [];
    expect(conds.map((x) => x.type)).toEqual([
      'NamespaceDeletionDiscoveryFailure', 'NamespaceDeletionGroupVersionParsingFailure', 'NamespaceDeletionContentFailure',
      'NamespaceContentRemaining', 'NamespaceFinalizersRemaining',
    ]);
    expect(conds.find((x) => x.type === 'NamespaceDeletionDiscoveryFailure')).toMatchObject({ status: 'False', reason: 'ResourcesDiscovered', message: 'All resources successfully discovered' });

    c.clock.runUntil(() => !client.tryGet('namespaces', undefined, 'shop'), 120_000);
    expect(client.tryGet('namespaces', undefined, 'shop')).toBeUndefined();
    for (const r of ['pods', 'configmaps', 'serviceaccounts', 'deployments.apps', 'replicasets.apps', 'events']) {
      expect(client.list(r, 'shop').items).toEqual([]);
    }
    expect(c.clock.errors).toEqual([]);
  });

  it('waits on a pod that cannot be stopped and says so in its conditions', () => {
    const c = new Cluster({ seed: 33 }).boot();
    const client = c.client();
    client.create('namespaces', undefined, ns('stuck'));
    // As on a real cluster, a pod cannot be created before the ServiceAccount controller has made `default`.
    c.advance(1_000);
    client.create('pods', 'stuck', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { nodeName: 'worker-1', containers: [{ name: 'c', image: 'nginx:1.25' }] } });
    c.advance(10_000);
    c.stopComponent('worker-1');
    client.delete('namespaces', undefined, 'stuck');
    c.advance(120_000);
    const n = client.get('namespaces', undefined, 'stuck');
    const conds = (n.status as { conditions: NamespaceCondition[] }).conditions;
    expect(conds.find((x) => x.type === 'NamespaceDeletionContentFailure')).toMatchObject({
      status: 'True', reason: 'ContentDeletionFailed',
      message: 'Failed to delete all resource types, 1 remaining: unexpected items still remain in namespace: stuck for gvr: /v1, Resource=pods',
    });
    expect(n.spec).toEqual({ finalizers: ['kubernetes'] });
    // The kubelet comes back, confirms the pod is gone, and the namespace goes.
    c.startComponent('worker-1');
    c.clock.runUntil(() => !client.tryGet('namespaces', undefined, 'stuck'), 300_000);
    expect(client.tryGet('namespaces', undefined, 'stuck')).toBeUndefined();
  });
});
