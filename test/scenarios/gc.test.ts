import { describe, expect, it } from 'vitest';
import { Cluster } from '../../engine/cluster.js';
import type { KObject } from '../../engine/api/meta.js';

function deployment(name: string, replicas = 2): KObject {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'web', image: 'nginx:1.25' }] } },
    },
  };
}

function setup(seed: number): Cluster {
  const c = new Cluster({ seed }).boot();
  c.client().create('deployments.apps', 'default', deployment('web', 2));
  c.advance(30_000);
  return c;
}

const rsOf = (c: Cluster) => c.client().list('replicasets.apps', 'default', { labelSelector: 'app=web' }).items;
const podsOf = (c: Cluster) => c.client().list('pods', 'default', { labelSelector: 'app=web' }).items;

describe('garbage collector', () => {
  it('deletes the ReplicaSets and pods of a deleted Deployment (background)', () => {
    const c = setup(21);
    expect(rsOf(c)).toHaveLength(1);
    expect(podsOf(c)).toHaveLength(2);
    c.client().delete('deployments.apps', 'default', 'web', { propagationPolicy: 'Background' });
    // The owner goes at once; the collector removes the dependents after.
    expect(c.client().tryGet('deployments.apps', 'default', 'web')).toBeUndefined();
    c.advance(60_000);
    expect(rsOf(c)).toEqual([]);
    expect(podsOf(c)).toEqual([]);
    expect(c.clock.errors).toEqual([]);
  });

  it('leaves the dependents of an orphan deletion, without the owner reference', () => {
    const c = setup(22);
    const rsName = rsOf(c)[0].metadata.name;
    c.client().delete('deployments.apps', 'default', 'web', { propagationPolicy: 'Orphan' });
    c.advance(60_000);
    expect(c.client().tryGet('deployments.apps', 'default', 'web')).toBeUndefined();
    const rs = rsOf(c);
    expect(rs.map((r) => r.metadata.name)).toEqual([rsName]);
    expect(rs[0].metadata.ownerReferences).toBeUndefined();
    const pods = podsOf(c);
    expect(pods).toHaveLength(2);
    // Pods still belong to the ReplicaSet.
    for (const p of pods) expect(p.metadata.ownerReferences?.[0].uid).toBe(rs[0].metadata.uid);
    expect(c.clock.errors).toEqual([]);
  });

  it('deletes dependents first in a foreground deletion, then the owner', () => {
    const c = setup(23);
    const client = c.client();
    client.delete('deployments.apps', 'default', 'web', { propagationPolicy: 'Foreground' });
    const d = client.get('deployments.apps', 'default', 'web');
    expect(d.metadata.deletionTimestamp).toBeDefined();
    expect(d.metadata.finalizers).toEqual(['foregroundDeletion']);
    // Watch the order: the Deployment must outlive every pod and ReplicaSet.
    let deploymentGoneWhilePodsLeft = false;
    let rsSeenForeground = false;
    c.clock.runUntil(() => {
      const dep = client.tryGet('deployments.apps', 'default', 'web');
      const rs = rsOf(c);
      if (rs.some((r) => r.metadata.finalizers?.includes('foregroundDeletion'))) rsSeenForeground = true;
      if (!dep && (podsOf(c).length > 0 || rs.length > 0)) deploymentGoneWhilePodsLeft = true;
      return !dep;
    }, 120_000);
    expect(client.tryGet('deployments.apps', 'default', 'web')).toBeUndefined();
    expect(deploymentGoneWhilePodsLeft).toBe(false);
    expect(rsSeenForeground).toBe(true);
    expect(rsOf(c)).toEqual([]);
    expect(podsOf(c)).toEqual([]);
    expect(c.clock.errors).toEqual([]);
  });

  it('collects an object whose owner never existed, and keeps one with a live owner', () => {
    const c = new Cluster({ seed: 24 }).boot();
    const client = c.client();
    const owner = client.create('configmaps', 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'owner' } });
    const ref = (name: string, uid: string) => [{ apiVersion: 'v1', kind: 'ConfigMap', name, uid }];
    client.create('configmaps', 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'kept', ownerReferences: ref('owner', owner.metadata.uid!) } });
    client.create('configmaps', 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'stale', ownerReferences: ref('owner', '00000000-0000-4000-8000-000000000000') } });
    c.advance(5_000);
    expect(client.tryGet('configmaps', 'default', 'kept')).toBeDefined();
    expect(client.tryGet('configmaps', 'default', 'stale')).toBeUndefined();
    client.delete('configmaps', 'default', 'owner');
    c.advance(5_000);
    expect(client.tryGet('configmaps', 'default', 'kept')).toBeUndefined();
    expect(c.clock.errors).toEqual([]);
  });

  it('only drops the reference to a deleted owner when another owner remains', () => {
    const c = new Cluster({ seed: 25 }).boot();
    const client = c.client();
    const a = client.create('configmaps', 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } });
    const b = client.create('configmaps', 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b' } });
    client.create('configmaps', 'default', {
      apiVersion: 'v1', kind: 'ConfigMap',
      metadata: { name: 'child', ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'a', uid: a.metadata.uid! }, { apiVersion: 'v1', kind: 'ConfigMap', name: 'b', uid: b.metadata.uid! }] },
    });
    c.advance(2_000);
    client.delete('configmaps', 'default', 'a');
    c.advance(5_000);
    const child = client.get('configmaps', 'default', 'child');
    expect(child.metadata.ownerReferences?.map((r) => r.name)).toEqual(['b']);
  });

  it('keeps going while the API server is down and finishes after', () => {
    const c = setup(26);
    c.client().delete('deployments.apps', 'default', 'web');
    c.stopComponent('kube-apiserver');
    c.advance(30_000);
    c.startComponent('kube-apiserver');
    c.advance(120_000);
    expect(rsOf(c)).toEqual([]);
    expect(podsOf(c)).toEqual([]);
    expect(c.clock.errors).toEqual([]);
  });
});
