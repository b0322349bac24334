/**
 * kube-scheduler's queueing hints on the default cluster (control-plane,
 * worker-1, worker-2), over virtual time: a pending pod is retried on exactly
 * the cluster events a plugin that rejected it says may help (v1.35,
 * SchedulerQueueingHints GA, SchedulerPopFromBackoffQ on), promptly, and not on
 * the others; the 5-minute flush is the only other way back.
 *
 * FailedScheduling is counted the way `kubectl get events` shows it: the
 * scheduler writes events.k8s.io Events, one object per series, whose
 * series.count says how many attempts it covers (a second attempt is written
 * at once; later ones only count up in memory until the 30-minute refresh).
 */
import { describe, expect, it } from 'vitest';
import { Cluster } from '../../engine/cluster.js';
import { clone, type KObject } from '../../engine/api/meta.js';

type Client = ReturnType<Cluster['client']>;

const nodeName = (p: KObject) => (p.spec as { nodeName?: string }).nodeName;

function labelNode(client: Client, name: string, key: string, value: string): void {
  const n = clone(client.get('nodes', undefined, name));
  n.metadata.labels = { ...n.metadata.labels, [key]: value };
  client.update('nodes', n);
}

/** A pod placed by its nodeName (the scheduler does not see it pending). */
function placed(name: string, node: string, labels: Record<string, string>): KObject {
  return {
    apiVersion: 'v1', kind: 'Pod', metadata: { name, labels },
    spec: { nodeName: node, tolerations: [{ operator: 'Exists' }], containers: [{ name: 'c', image: 'nginx:1.25' }] },
  };
}

/** The FailedScheduling attempts a learner can see for a pod: the sum of the Events' counts. */
function failedSchedulingShown(client: Client, pod: string): { objects: number; count: number } {
  const evs = client.list('events', 'default').items.filter((e) => e.reason === 'FailedScheduling' && (e.involvedObject as { name: string }).name === pod);
  let count = 0;
  for (const e of evs) count += (e.series as { count?: number } | undefined)?.count ?? 1;
  return { objects: evs.length, count };
}

const ANTI_STORE_BY_RACK = {
  podAntiAffinity: {
    requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'store' } }, topologyKey: 'rack' }],
  },
};

/** A pod that hates app=store per rack; `tolerateAll` leaves InterPodAffinity as the only plugin to reject it. */
function loner(tolerateAll: boolean): KObject {
  return {
    apiVersion: 'v1', kind: 'Pod', metadata: { name: 'loner', labels: { app: 'loner' } },
    spec: { affinity: ANTI_STORE_BY_RACK, ...(tolerateAll ? { tolerations: [{ operator: 'Exists' }] } : {}), containers: [{ name: 'c', image: 'nginx:1.25' }] },
  } as KObject;
}

/** Every node in rack r1 with an app=store pod on it: a pod that hates app=store per rack fits nowhere. */
function rackCluster(seed: number): { c: Cluster; client: Client } {
  const c = new Cluster({ seed }).boot();
  const client = c.client();
  for (const n of ['control-plane', 'worker-1', 'worker-2']) {
    labelNode(client, n, 'rack', 'r1');
    client.create('pods', 'default', placed(`store-${n}`, n, { app: 'store' }));
  }
  c.advance(10_000);
  return { c, client };
}

describe('queueing hints: InterPodAffinity and node events', () => {
  it('a pod pending on anti-affinity only is not retried when a node gets an unrelated label, and is scheduled at once when a node leaves the crowded rack', () => {
    const { c, client } = rackCluster(21);
    // It tolerates every taint, so only InterPodAffinity rejects it.
    client.create('pods', 'default', loner(true));
    c.advance(10_000);
    expect(nodeName(client.get('pods', 'default', 'loner'))).toBeUndefined();
    expect(c.scheduler.queuedPod('default', 'loner')).toEqual({ queue: 'Unschedulable', attempts: 1, unschedulablePlugins: ['InterPodAffinity'] });
    // Its own PodScheduled=False write is a general Pod update: InterPodAffinity's hint skips an unscheduled pod.
    expect(failedSchedulingShown(client, 'loner')).toEqual({ objects: 1, count: 1 });

    // A label no term looks at: QueueSkip, the pod stays parked.
    labelNode(client, 'worker-2', 'disk', 'ssd');
    c.advance(20_000);
    expect(c.scheduler.queuedPod('default', 'loner')).toMatchObject({ queue: 'Unschedulable', attempts: 1 });
    expect(failedSchedulingShown(client, 'loner')).toEqual({ objects: 1, count: 1 });

    // A new node without the rack label is in no rack: the anti-affinity cannot reject it.
    const t0 = c.clock.now();
    expect(c.addNode({ name: 'worker-3' })).toBeUndefined();
    expect(c.clock.runUntil(() => nodeName(client.get('pods', 'default', 'loner')) === 'worker-3', 60_000)).toBe(true);
    // Node/Add: anti-affinity terms always queue on it; the pod waits only for the node to come up.
    expect(c.clock.now() - t0).toBeLessThan(60_000);
    expect(c.clock.errors).toEqual([]);
  });

  it('a node changing to another value of the topology key queues the pod, which is bound within its backoff, not after the 5-minute flush', () => {
    const { c, client } = rackCluster(22);
    client.create('pods', 'default', loner(true));
    c.advance(10_000);
    expect(c.scheduler.queuedPod('default', 'loner')).toMatchObject({ queue: 'Unschedulable', attempts: 1 });
    // The store pod on worker-2 goes: an assigned pod matching the anti-affinity deleted, Queue. But rack r1
    // still holds the other store pods, so the retry fails and the pod is parked again.
    client.delete('pods', 'default', 'store-worker-2', { gracePeriodSeconds: 0 });
    c.advance(5_000);
    expect(c.scheduler.queuedPod('default', 'loner')).toMatchObject({ queue: 'Unschedulable', attempts: 2 });
    // Now worker-2 moves to rack r2, empty of app=store: UpdateNodeLabel with another topology value, Queue.
    const t0 = c.clock.now();
    labelNode(client, 'worker-2', 'rack', 'r2');
    expect(c.clock.runUntil(() => nodeName(client.get('pods', 'default', 'loner')) === 'worker-2', 5 * 60_000)).toBe(true);
    // Backoff after one attempt is 1 s (and an idle scheduler pops backoffQ at once).
    expect(c.clock.now() - t0).toBeLessThanOrEqual(2_000);
    expect(failedSchedulingShown(client, 'loner')).toEqual({ objects: 1, count: 2 });
    expect(c.clock.errors).toEqual([]);
  });

  it("a pod also rejected by TaintToleration is not retried when the scheduler writes its PodScheduled condition (updatePodOther reaches no default plugin), only at the 5-minute flush", () => {
    const { c, client } = rackCluster(23);
    client.create('pods', 'default', loner(false));
    c.advance(10_000);
    expect(c.scheduler.queuedPod('default', 'loner')).toEqual({ queue: 'Unschedulable', attempts: 1, unschedulablePlugins: ['InterPodAffinity', 'TaintToleration'] });
    expect(failedSchedulingShown(client, 'loner')).toEqual({ objects: 1, count: 1 });
    // Then nothing until the 5-minute flush (checked every 30 s).
    c.advance(4 * 60_000);
    expect(c.scheduler.queuedPod('default', 'loner')).toMatchObject({ attempts: 1 });
    c.advance(90_000);
    expect(c.scheduler.queuedPod('default', 'loner')).toMatchObject({ queue: 'Unschedulable', attempts: 2 });
    expect(c.clock.errors).toEqual([]);
  });
});

/** Nodes labelled zone=a (worker-1) and zone=b (worker-2), and `web` pods placed per zone. */
function zoneCluster(seed: number, perZone: { a: number; b: number }): { c: Cluster; client: Client } {
  const c = new Cluster({ seed }).boot();
  const client = c.client();
  labelNode(client, 'worker-1', 'zone', 'a');
  labelNode(client, 'worker-2', 'zone', 'b');
  for (let i = 0; i < perZone.a; i++) client.create('pods', 'default', placed(`web-a-${i}`, 'worker-1', { app: 'web' }));
  for (let i = 0; i < perZone.b; i++) client.create('pods', 'default', placed(`web-b-${i}`, 'worker-2', { app: 'web' }));
  c.advance(10_000);
  return { c, client };
}

/** A web pod that must go to zone a, spread over zones with maxSkew 1 counting every zone (nodeAffinityPolicy Ignore). */
function spreadPod(name: string): KObject {
  return {
    apiVersion: 'v1', kind: 'Pod', metadata: { name, labels: { app: 'web' } },
    spec: {
      nodeSelector: { zone: 'a' },
      topologySpreadConstraints: [{
        maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'web' } }, nodeAffinityPolicy: 'Ignore',
      }],
      containers: [{ name: 'c', image: 'nginx:1.25' }],
    },
  };
}

describe('queueing hints: PodTopologySpread and assigned pod events', () => {
  it('a pod pending on DoNotSchedule spread is scheduled right after a pod of the crowded domain is deleted', () => {
    const { c, client } = zoneCluster(31, { a: 2, b: 1 });
    client.create('pods', 'default', spreadPod('spread'));
    c.advance(10_000);
    const q = c.scheduler.queuedPod('default', 'spread');
    expect(q?.queue).toBe('Unschedulable');
    expect(q?.unschedulablePlugins).toContain('PodTopologySpread');
    const attempts = q!.attempts;
    // A pod the selector does not match (app=other) going away changes nothing.
    client.create('pods', 'default', placed('other', 'worker-1', { app: 'other' }));
    c.advance(5_000);
    client.delete('pods', 'default', 'other', { gracePeriodSeconds: 0 });
    c.clock.runUntil(() => !client.tryGet('pods', 'default', 'other'), 60_000);
    c.advance(5_000);
    expect(c.scheduler.queuedPod('default', 'spread')).toMatchObject({ queue: 'Unschedulable', attempts });

    client.delete('pods', 'default', 'web-a-0', { gracePeriodSeconds: 0 });
    expect(c.clock.runUntil(() => !client.tryGet('pods', 'default', 'web-a-0'), 60_000)).toBe(true);
    const gone = c.clock.now();
    expect(c.clock.runUntil(() => nodeName(client.get('pods', 'default', 'spread')) === 'worker-1', 5 * 60_000)).toBe(true);
    expect(c.clock.now() - gone).toBeLessThanOrEqual(2_000);
    expect(c.clock.errors).toEqual([]);
  });

  it('adding a matching pod in the empty domain fixes the skew and queues the pod; a pod the selector does not match does not', () => {
    const { c, client } = zoneCluster(32, { a: 1, b: 0 });
    client.create('pods', 'default', spreadPod('spread'));
    c.advance(10_000);
    const q = c.scheduler.queuedPod('default', 'spread');
    expect(q?.queue).toBe('Unschedulable');
    const attempts = q!.attempts;
    client.create('pods', 'default', placed('db-b', 'worker-2', { app: 'db' }));
    c.advance(10_000);
    expect(c.scheduler.queuedPod('default', 'spread')).toMatchObject({ queue: 'Unschedulable', attempts });

    const t0 = c.clock.now();
    client.create('pods', 'default', placed('web-b-0', 'worker-2', { app: 'web' }));
    expect(c.clock.runUntil(() => nodeName(client.get('pods', 'default', 'spread')) === 'worker-1', 5 * 60_000)).toBe(true);
    expect(c.clock.now() - t0).toBeLessThanOrEqual(2_000);
    expect(c.clock.errors).toEqual([]);
  });
});

describe('queueing hints: resources and taints', () => {
  it('a pod too big for every node waits for a node with room, not for unrelated nodes', () => {
    const c = new Cluster({ seed: 41 }).boot();
    const client = c.client();
    client.create('pods', 'default', {
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'big' },
      spec: { containers: [{ name: 'c', image: 'nginx:1.25', resources: { requests: { cpu: '6' } } }] },
    });
    c.advance(10_000);
    const q = c.scheduler.queuedPod('default', 'big')!;
    expect(q.queue).toBe('Unschedulable');
    expect(q.unschedulablePlugins).toEqual(['NodeResourcesFit', 'TaintToleration']);
    // A small node: NodeResourcesFit's hint sees the pod would not fit even on it empty; TaintToleration's
    // sees an untainted node, though: it was "untolerated" before (a new node) and is tolerated now, Queue.
    expect(c.addNode({ name: 'small', cpu: '2' })).toBeUndefined();
    c.advance(30_000);
    const after = c.scheduler.queuedPod('default', 'big')!;
    expect(after.attempts).toBeGreaterThan(q.attempts);
    expect(nodeName(client.get('pods', 'default', 'big'))).toBeUndefined();
    // A node label change is no event either plugin registered: no attempt.
    labelNode(client, 'small', 'disk', 'ssd');
    c.advance(10_000);
    expect(c.scheduler.queuedPod('default', 'big')!.attempts).toBe(after.attempts);
    expect(c.addNode({ name: 'large', cpu: '8' })).toBeUndefined();
    expect(c.clock.runUntil(() => nodeName(client.get('pods', 'default', 'big')) === 'large', 120_000)).toBe(true);
    expect(c.clock.errors).toEqual([]);
  });

  it('a cordoned node uncordoned queues pods NodeUnschedulable rejected', () => {
    const c = new Cluster({ seed: 42 }).boot();
    const client = c.client();
    for (const n of ['worker-1', 'worker-2']) {
      const node = clone(client.get('nodes', undefined, n));
      (node.spec as { unschedulable?: boolean }).unschedulable = true;
      client.update('nodes', node);
    }
    c.advance(5_000);
    client.create('pods', 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'nginx:1.25' }] } });
    c.advance(10_000);
    expect(c.scheduler.queuedPod('default', 'p')?.unschedulablePlugins).toEqual(['NodeUnschedulable', 'TaintToleration']);
    const attempts = c.scheduler.queuedPod('default', 'p')!.attempts;
    // The node lifecycle's unschedulable taint and the cordon go together: uncordoning is UpdateNodeTaint.
    const t0 = c.clock.now();
    const node = clone(client.get('nodes', undefined, 'worker-1'));
    (node.spec as { unschedulable?: boolean }).unschedulable = false;
    client.update('nodes', node);
    expect(c.clock.runUntil(() => nodeName(client.get('pods', 'default', 'p')) === 'worker-1', 60_000)).toBe(true);
    expect(c.clock.now() - t0).toBeLessThan(5_000);
    expect(attempts).toBeGreaterThanOrEqual(1);
    expect(c.clock.errors).toEqual([]);
  });
});
