import { describe, expect, it } from 'vitest';
import { Cluster } from '../../engine/cluster.js';
import { clone, controllerRef, type KObject } from '../../engine/api/meta.js';

// A bare ReplicaSet as in the Kubernetes docs (controllers/frontend.yaml), with an image the simulated runtime starts.
function frontend(replicas: number, extra: Record<string, unknown> = {}): KObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: 'frontend', labels: { app: 'guestbook', tier: 'frontend' } },
    spec: {
      replicas,
      selector: { matchLabels: { tier: 'frontend' } },
      template: { metadata: { labels: { tier: 'frontend' } }, spec: { containers: [{ name: 'redis', image: 'redis:7' }] } },
      ...extra,
    },
  };
}

const api = (c: Cluster) => c.client();
const rsOf = (c: Cluster) => api(c).get('replicasets.apps', 'default', 'frontend');
const pods = (c: Cluster) => api(c).list('pods', 'default').items;
const live = (c: Cluster) => pods(c).filter((p) => !p.metadata.deletionTimestamp);
const status = (o: KObject) => (o.status ?? {}) as Record<string, unknown>;
const rsEvents = (c: Cluster) => api(c).list('events', 'default').items.filter((e) => (e.involvedObject as { kind: string }).kind === 'ReplicaSet');

function settled(c: Cluster, n: number): boolean {
  const s = status(rsOf(c));
  return s.availableReplicas === n && s.replicas === n && live(c).length === n;
}

describe('ReplicaSet controller', () => {
  it('creates replicas with generateName <rs>-, owner references and events, and reports status', () => {
    const c = new Cluster({ seed: 21 }).boot();
    const writes: number[] = [];
    c.store.onChange((e) => { if (e.resource === 'pods' && e.type === 'ADDED') writes.push(c.clock.now()); });
    api(c).create('replicasets.apps', 'default', frontend(3));
    expect(c.clock.runUntil(() => settled(c, 3), 60_000)).toBe(true);
    const rs = rsOf(c);
    // Exactly three creations: the expectations keep a second sync from creating again before the cache catches up.
    expect(writes).toHaveLength(3);
    for (const p of live(c)) {
      expect(p.metadata.name).toMatch(/^frontend-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
      expect(p.metadata.labels).toEqual({ tier: 'frontend' });
      expect(controllerRef(p)).toEqual({ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'frontend', uid: rs.metadata.uid, controller: true, blockOwnerDeletion: true });
    }
    expect(status(rs)).toEqual({ replicas: 3, fullyLabeledReplicas: 3, readyReplicas: 3, availableReplicas: 3, terminatingReplicas: 0, observedGeneration: 1 });
    expect(rsEvents(c).map((e) => `${e.type} ${e.reason} ${e.message}`).sort()).toEqual(live(c).map((p) => `Normal SuccessfulCreate Created pod: ${p.metadata.name}`).sort());
    expect(c.clock.errors).toEqual([]);
  });

  it('adopts a matching orphan instead of creating, and releases a pod whose labels stop matching', () => {
    const c = new Cluster({ seed: 22 }).boot();
    api(c).create('pods', 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'stray', labels: { tier: 'frontend' } }, spec: { containers: [{ name: 'redis', image: 'redis:7' }] } });
    c.advance(10_000);
    api(c).create('replicasets.apps', 'default', frontend(2));
    expect(c.clock.runUntil(() => settled(c, 2), 60_000)).toBe(true);
    const rs = rsOf(c);
    const stray = api(c).get('pods', 'default', 'stray');
    expect(controllerRef(stray)?.uid).toBe(rs.metadata.uid);
    expect(live(c)).toHaveLength(2);
    // Take the adopted pod out of the set: it is released and replaced.
    const out = clone(stray);
    out.metadata.labels = { tier: 'debug' };
    api(c).update('pods', out);
    const owned = () => live(c).filter((p) => controllerRef(p)?.uid === rs.metadata.uid);
    expect(c.clock.runUntil(() => owned().length === 2 && status(rsOf(c)).availableReplicas === 2 && !controllerRef(api(c).get('pods', 'default', 'stray')), 60_000)).toBe(true);
    expect(live(c)).toHaveLength(3);
    expect(owned().map((p) => p.metadata.name)).not.toContain('stray');
    expect(c.clock.errors).toEqual([]);
  });

  it('scales down by deleting the least valuable pods first and counts them as terminating meanwhile', () => {
    const c = new Cluster({ seed: 23 }).boot();
    api(c).create('replicasets.apps', 'default', frontend(3));
    c.clock.runUntil(() => settled(c, 3), 60_000);
    // A pod that is not scheduled (no node matches) is the first to go.
    const next = clone(rsOf(c));
    (next.spec as { replicas: number }).replicas = 4;
    (next.spec as { template: { spec: Record<string, unknown> } }).template.spec.nodeSelector = { disktype: 'ssd' };
    api(c).update('replicasets.apps', next);
    expect(c.clock.runUntil(() => live(c).length === 4, 30_000)).toBe(true);
    const pending = live(c).find((p) => !(p.spec as { nodeName?: string }).nodeName)!;
    expect(pending).toBeDefined();
    const terminating: number[] = [];
    c.store.onChange((e) => { if (e.resource === 'replicasets.apps') terminating.push((e.object.status as { terminatingReplicas?: number }).terminatingReplicas ?? -1); });
    const down = clone(rsOf(c));
    (down.spec as { replicas: number }).replicas = 2;
    api(c).update('replicasets.apps', down);
    expect(c.clock.runUntil(() => live(c).length === 2 && pods(c).length === 2 && status(rsOf(c)).replicas === 2 && status(rsOf(c)).terminatingReplicas === 0, 60_000)).toBe(true);
    expect(api(c).tryGet('pods', 'default', pending.metadata.name!)).toBeUndefined();
    expect(Math.max(...terminating)).toBe(1);
    const deleted = rsEvents(c).filter((e) => e.reason === 'SuccessfulDelete').map((e) => e.message);
    expect(deleted).toHaveLength(2);
    expect(deleted).toContain(`Deleted pod: ${pending.metadata.name}`);
    expect(c.clock.errors).toEqual([]);
  });

  it('reports a failed create as a FailedCreate event and a ReplicaFailure condition, and clears it once creation works', () => {
    const c = new Cluster({ seed: 24 }).boot();
    // Admission refuses pods that name a ServiceAccount which does not exist; the ReplicaSet itself is fine.
    api(c).create('replicasets.apps', 'default', frontend(2, {
      template: { metadata: { labels: { tier: 'frontend' } }, spec: { serviceAccountName: 'builder', containers: [{ name: 'redis', image: 'redis:7' }] } },
    }));
    c.advance(5_000);
    const failure = () => ((rsOf(c).status as { conditions?: Record<string, string>[] }).conditions ?? []).find((x) => x.type === 'ReplicaFailure');
    expect(failure()).toMatchObject({ status: 'True', reason: 'FailedCreate' });
    const ev = rsEvents(c).find((e) => e.reason === 'FailedCreate');
    expect(ev?.type).toBe('Warning');
    expect(String(ev?.message)).toMatch(/^Error creating: pods "frontend-[a-z0-9]*" is forbidden: .*builder/);
    expect(failure()?.message).toBe(String(ev?.message).slice('Error creating: '.length));
    // Slow start: one attempt per sync, not two.
    expect(live(c)).toHaveLength(0);
    api(c).create('serviceaccounts', 'default', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'builder' } });
    expect(c.clock.runUntil(() => settled(c, 2) && !failure(), 120_000)).toBe(true);
    expect(c.clock.errors).toEqual([]);
  });

  it('does nothing while the controller manager is stopped and catches up when it starts', () => {
    const c = new Cluster({ seed: 25 }).boot();
    api(c).create('replicasets.apps', 'default', frontend(2));
    c.clock.runUntil(() => settled(c, 2), 60_000);
    c.stopComponent('kube-controller-manager');
    api(c).delete('pods', 'default', live(c)[0].metadata.name!);
    c.advance(30_000);
    expect(live(c)).toHaveLength(1);
    c.startComponent('kube-controller-manager');
    expect(c.clock.runUntil(() => settled(c, 2), 60_000)).toBe(true);
    expect(c.clock.errors).toEqual([]);
  });
});
