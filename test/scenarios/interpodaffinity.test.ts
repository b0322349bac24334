import { describe, expect, it } from 'vitest';
import { Cluster } from '../../engine/cluster.js';
import type { KObject } from '../../engine/api/meta.js';

const HOST = 'kubernetes.io/hostname';

/**
 * The Kubernetes docs' "redis-cache" Deployment (concepts/scheduling-eviction/
 * assign-pod-node, "More practical use-cases"): one replica per node through
 * required anti-affinity on the hostname.
 */
function redisCache(replicas: number): KObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'redis-cache' },
    spec: {
      selector: { matchLabels: { app: 'store' } },
      replicas,
      template: {
        metadata: { labels: { app: 'store' } },
        spec: {
          affinity: {
            podAntiAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: [{
                labelSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['store'] }] },
                topologyKey: HOST,
              }],
            },
          },
          containers: [{ name: 'redis-server', image: 'redis:3.2-alpine' }],
        },
      },
    },
  };
}

function pod(name: string, labels: Record<string, string>, affinity?: Record<string, unknown>): KObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, labels }, spec: { containers: [{ name: 'c', image: 'nginx:1.25' }], affinity } };
}

const nodeName = (p: KObject) => (p.spec as { nodeName?: string }).nodeName;

describe('inter-pod affinity on the default cluster', () => {
  it('required anti-affinity on the hostname: 3 replicas on 2 workers leave one Pending until a third worker joins', () => {
    const c = new Cluster({ seed: 5 }).boot();
    const client = c.client();
    client.create('deployments.apps', 'default', redisCache(3));
    c.advance(20_000);
    const pods = () => client.list('pods', 'default', { labelSelector: 'app=store' }).items;
    expect(pods()).toHaveLength(3);
    const placed = pods().map(nodeName).filter(Boolean).sort();
    expect(placed).toEqual(['worker-1', 'worker-2']);
    const pending = pods().find((p) => !nodeName(p))!;
    // Text of a real v1.35 cluster (1 control plane, 2 workers): the taint, the anti-affinity
    // (Unschedulable, so preemption looks for victims and finds none), DRA's PostFilter, then preemption.
    const msg = "0/3 nodes are available: 1 node(s) had untolerated taint(s), 2 node(s) didn't match pod anti-affinity rules. no new claims to deallocate, preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.";
    const cond = (pending.status as { conditions: Record<string, unknown>[] }).conditions.find((x) => x.type === 'PodScheduled');
    expect(cond).toMatchObject({ status: 'False', reason: 'Unschedulable', message: msg });
    const ev = client.list('events', 'default').items.find((e) => e.reason === 'FailedScheduling' && (e.involvedObject as { name: string }).name === pending.metadata.name);
    expect(ev).toMatchObject({ type: 'Warning', message: msg });

    expect(c.addNode({ name: 'worker-3' })).toBeUndefined();
    c.advance(60_000);
    expect(nodeName(client.get('pods', 'default', pending.metadata.name!))).toBe('worker-3');
    expect(c.clock.errors).toEqual([]);
  });

  it('required affinity co-locates with a labelled pod, and a waiting pod follows it as soon as it is placed', () => {
    const c = new Cluster({ seed: 8 }).boot();
    const client = c.client();
    const withCache = { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'cache' } }, topologyKey: HOST }] } };
    // The web pod comes first: nothing matches its term and it does not match the term itself, so no node will do.
    client.create('pods', 'default', pod('web', { app: 'web' }, withCache));
    c.advance(5_000);
    const cond = (client.get('pods', 'default', 'web').status as { conditions: Record<string, unknown>[] }).conditions.find((x) => x.type === 'PodScheduled');
    expect(cond?.message).toBe("0/3 nodes are available: 1 node(s) had untolerated taint(s), 2 node(s) didn't match pod affinity rules. no new claims to deallocate, preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.");
    client.create('pods', 'default', pod('cache', { app: 'cache' }));
    // The cache pod's binding is an assigned pod added that matches web's term: web is retried within its backoff, not after 5 minutes.
    c.advance(15_000);
    const cacheNode = nodeName(client.get('pods', 'default', 'cache'));
    expect(cacheNode).toMatch(/^worker-/);
    expect(nodeName(client.get('pods', 'default', 'web'))).toBe(cacheNode);
    expect(c.clock.errors).toEqual([]);
  });

  it("an existing pod's anti-affinity keeps matching pods off its node", () => {
    const c = new Cluster({ seed: 9 }).boot();
    const client = c.client();
    const loner = { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { role: 'batch' } }, topologyKey: HOST }] } };
    client.create('pods', 'default', pod('loner', { app: 'loner' }, loner));
    c.advance(5_000);
    const lonerNode = nodeName(client.get('pods', 'default', 'loner'));
    expect(lonerNode).toMatch(/^worker-/);
    for (let i = 0; i < 4; i++) client.create('pods', 'default', pod(`batch-${i}`, { role: 'batch' }));
    c.advance(10_000);
    const batchNodes = [0, 1, 2, 3].map((i) => nodeName(client.get('pods', 'default', `batch-${i}`)));
    expect(batchNodes.every((n) => n && n !== lonerNode)).toBe(true);
    expect(c.clock.errors).toEqual([]);
  });

  it('preferred affinity with a high weight draws pods to the node of the pod they prefer', () => {
    const c = new Cluster({ seed: 12 }).boot();
    const client = c.client();
    client.create('pods', 'default', pod('db', { app: 'db' }));
    c.advance(5_000);
    const dbNode = nodeName(client.get('pods', 'default', 'db'));
    expect(dbNode).toMatch(/^worker-/);
    const nearDb = { podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: { labelSelector: { matchLabels: { app: 'db' } }, topologyKey: HOST } }] } };
    for (let i = 0; i < 3; i++) client.create('pods', 'default', pod(`api-${i}`, { app: 'api' }, nearDb));
    c.advance(10_000);
    for (let i = 0; i < 3; i++) expect(nodeName(client.get('pods', 'default', `api-${i}`))).toBe(dbNode);
    const d = c.scheduler.diagnosis('default', 'api-0')!;
    expect(d.weights.InterPodAffinity).toBe(2);
    expect(d.nodes.find((n) => n.node === dbNode)?.scores?.InterPodAffinity).toBe(100);
    expect(c.clock.errors).toEqual([]);
  });

  it('namespaceSelector picks the namespaces whose pods count', () => {
    const c = new Cluster({ seed: 14 }).boot();
    const client = c.client();
    client.create('namespaces', undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a', labels: { team: 'a' } } });
    // The namespace's default ServiceAccount, which pod admission wants, comes from the controller manager.
    c.advance(2_000);
    client.create('pods', 'team-a', { ...pod('a', { app: 'web' }), metadata: { name: 'a', namespace: 'team-a', labels: { app: 'web' } } });
    c.advance(5_000);
    const aNode = nodeName(client.get('pods', 'team-a', 'a'));
    expect(aNode).toMatch(/^worker-/);
    const awayFromTeamA = {
      podAntiAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'web' } }, namespaceSelector: { matchLabels: { team: 'a' } }, topologyKey: HOST }],
      },
    };
    for (let i = 0; i < 3; i++) client.create('pods', 'default', pod(`w-${i}`, { app: 'other' }, awayFromTeamA));
    c.advance(10_000);
    for (let i = 0; i < 3; i++) {
      const n = nodeName(client.get('pods', 'default', `w-${i}`));
      expect(n).toMatch(/^worker-/);
      expect(n).not.toBe(aNode);
    }
    expect(c.clock.errors).toEqual([]);
  });
});
