import { describe, expect, it } from 'vitest';
import type { NodeCondition, Taint } from 'kubernetes-types/core/v1';
import { Cluster } from '../../engine/cluster.js';
import type { KObject } from '../../engine/api/meta.js';

const conditions = (n: KObject) => (n.status as { conditions: NodeCondition[] }).conditions;
const ready = (n: KObject) => conditions(n).find((c) => c.type === 'Ready')!;
const taints = (n: KObject) => ((n.spec as { taints?: Taint[] }).taints ?? []);

function pod(name: string, extra: Record<string, unknown> = {}): KObject {
  return {
    apiVersion: 'v1', kind: 'Pod', metadata: { name, labels: { app: 'web' } },
    spec: { containers: [{ name: 'web', image: 'nginx' }], ...extra },
  };
}

describe('node lifecycle', () => {
  it('turns a silent node Unknown after the grace period, taints it, and recovers', () => {
    const c = new Cluster({ seed: 3 }).boot();
    const client = c.client();
    expect(ready(client.get('nodes', undefined, 'worker-1')).status).toBe('True');
    // The node controller registered every node.
    const registered = client.list('events', 'default').items.filter((e) => e.reason === 'RegisteredNode');
    expect(registered.map((e) => e.message)).toContain('Node worker-1 event: Registered Node worker-1 in Controller');

    const stoppedAt = c.clock.now();
    c.stopComponent('worker-1');
    c.clock.runUntil(() => ready(client.get('nodes', undefined, 'worker-1')).status !== 'True', 120_000);
    const after = c.clock.now() - stoppedAt;
    // 50 s grace, checked every 5 s, counted from the last lease renewal the controller saw (every 10 s).
    expect(after).toBeGreaterThanOrEqual(40_000);
    expect(after).toBeLessThanOrEqual(65_000);
    const node = client.get('nodes', undefined, 'worker-1');
    for (const type of ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure']) {
      const cond = conditions(node).find((x) => x.type === type)!;
      expect(cond.status).toBe('Unknown');
      expect(cond.reason).toBe('NodeStatusUnknown');
      expect(cond.message).toBe('Kubelet stopped posting node status.');
    }
    c.advance(10_000);
    const t = taints(client.get('nodes', undefined, 'worker-1'));
    expect(t.map((x) => `${x.key}:${x.effect}`).sort()).toEqual(['node.kubernetes.io/unreachable:NoExecute', 'node.kubernetes.io/unreachable:NoSchedule']);
    for (const x of t) expect(x.timeAdded).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const notReady = client.list('events', 'default').items.find((e) => e.reason === 'NodeNotReady' && (e.involvedObject as { name: string }).name === 'worker-1');
    expect(notReady?.message).toBe('Node worker-1 status is now: NodeNotReady');
    expect((notReady?.source as { component: string }).component).toBe('node-controller');
    // The other nodes are untouched.
    expect(ready(client.get('nodes', undefined, 'worker-2')).status).toBe('True');
    expect(taints(client.get('nodes', undefined, 'worker-2'))).toEqual([]);

    c.startComponent('worker-1');
    c.advance(15_000);
    const back = client.get('nodes', undefined, 'worker-1');
    expect(ready(back).status).toBe('True');
    expect(taints(back)).toEqual([]);
    expect(c.clock.errors).toEqual([]);
  });

  it('marks the pods of an unreachable node not ready and evicts them when their toleration runs out', () => {
    const c = new Cluster({ seed: 5 }).boot();
    const client = c.client();
    const toleration = { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 };
    client.create('pods', 'default', pod('tolerant', { nodeName: 'worker-1', tolerations: [toleration] }));
    // tolerationSeconds 0: tolerated for no time at all (and DefaultTolerationSeconds admission leaves it alone).
    client.create('pods', 'default', pod('intolerant', { nodeName: 'worker-1', tolerations: [{ ...toleration, tolerationSeconds: 0 }] }));
    client.create('pods', 'default', pod('forever', { nodeName: 'worker-1', tolerations: [{ ...toleration, tolerationSeconds: undefined }] }));
    c.advance(10_000);
    expect((client.get('pods', 'default', 'tolerant').status as { phase: string }).phase).toBe('Running');

    c.stopComponent('worker-1');
    c.clock.runUntil(() => taints(client.get('nodes', undefined, 'worker-1')).some((t) => t.effect === 'NoExecute'), 120_000);
    const taintedAt = c.clock.now();
    const podReady = (name: string) => (client.get('pods', 'default', name).status as { conditions: { type: string; status: string }[] }).conditions.find((x) => x.type === 'Ready')!.status;
    expect(podReady('tolerant')).toBe('False');
    const ev = client.list('events', 'default').items.filter((e) => e.reason === 'NodeNotReady' && (e.involvedObject as { kind: string }).kind === 'Pod');
    expect(ev.map((e) => e.message)).toContain('Node is not ready');
    expect(ev[0].type).toBe('Warning');

    // Not tolerated for any time: deleted at once; the kubelet is gone, so it stays Terminating.
    c.advance(1_000);
    const intolerant = client.get('pods', 'default', 'intolerant');
    expect(intolerant.metadata.deletionTimestamp).toBeDefined();
    const dt = (intolerant.status as { conditions: { type: string; reason?: string; message?: string }[] }).conditions.find((x) => x.type === 'DisruptionTarget');
    // The taint manager's condition observes the pod's generation (CalculatePodConditionObservedGeneration).
    expect(dt).toEqual({ type: 'DisruptionTarget', observedGeneration: 1, status: 'True', lastProbeTime: null, lastTransitionTime: expect.any(String), reason: 'DeletionByTaintManager', message: 'Taint manager: deleting due to NoExecute taint' });
    const marking = client.list('events', 'default').items.find((e) => e.reason === 'TaintManagerEviction' && e.message === 'Marking for deletion Pod default/intolerant');
    expect((marking?.source as { component: string }).component).toBe('taint-eviction-controller');
    expect(client.get('pods', 'default', 'tolerant').metadata.deletionTimestamp).toBeUndefined();

    c.clock.runUntil(() => !!client.get('pods', 'default', 'tolerant').metadata.deletionTimestamp, 400_000);
    const waited = c.clock.now() - taintedAt;
    expect(waited).toBeGreaterThanOrEqual(299_000);
    expect(waited).toBeLessThanOrEqual(301_000);
    c.advance(600_000);
    expect(client.get('pods', 'default', 'forever').metadata.deletionTimestamp).toBeUndefined();
    expect(client.get('pods', 'default', 'tolerant').metadata.deletionTimestamp).toBeDefined();

    // The kubelet comes back and finishes the deletions it could not confirm.
    c.startComponent('worker-1');
    c.advance(30_000);
    expect(client.tryGet('pods', 'default', 'tolerant')).toBeUndefined();
    expect(client.tryGet('pods', 'default', 'intolerant')).toBeUndefined();
    expect(client.get('pods', 'default', 'forever').metadata.deletionTimestamp).toBeUndefined();
    expect(c.clock.errors).toEqual([]);
  });

  it('cancels a pending eviction when the node recovers in time', () => {
    const c = new Cluster({ seed: 9 }).boot();
    const client = c.client();
    const toleration = { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 };
    client.create('pods', 'default', pod('p', { nodeName: 'worker-2', tolerations: [toleration] }));
    c.advance(10_000);
    c.stopComponent('worker-2');
    c.clock.runUntil(() => taints(client.get('nodes', undefined, 'worker-2')).some((t) => t.effect === 'NoExecute'), 120_000);
    c.advance(60_000);
    c.startComponent('worker-2');
    c.advance(400_000);
    expect(client.get('pods', 'default', 'p').metadata.deletionTimestamp).toBeUndefined();
    const cancel = client.list('events', 'default').items.find((e) => e.reason === 'TaintManagerEviction');
    expect(cancel?.message).toBe('Cancelling deletion of Pod default/p');
    expect(c.clock.errors).toEqual([]);
  });

  it('taints a cordoned node unschedulable and removes the taint on uncordon', () => {
    const c = new Cluster({ seed: 4 }).boot();
    const client = c.client();
    client.patch('nodes', undefined, 'worker-1', 'merge', { spec: { unschedulable: true } });
    c.advance(1_000);
    expect(taints(client.get('nodes', undefined, 'worker-1')).map((t) => [t.key, t.effect])).toEqual([['node.kubernetes.io/unschedulable', 'NoSchedule']]);
    client.patch('nodes', undefined, 'worker-1', 'merge', { spec: { unschedulable: null } });
    c.advance(1_000);
    expect(taints(client.get('nodes', undefined, 'worker-1'))).toEqual([]);
    // The control-plane taint is not ours to touch.
    expect(taints(client.get('nodes', undefined, 'control-plane')).map((t) => t.key)).toEqual(['node-role.kubernetes.io/control-plane']);
  });

  it('does not evict anything when every node goes silent at once', () => {
    const c = new Cluster({ seed: 6 }).boot();
    const client = c.client();
    client.create('pods', 'default', pod('p', { nodeName: 'worker-1' }));
    c.advance(10_000);
    for (const n of ['control-plane', 'worker-1', 'worker-2']) c.stopComponent(n);
    c.advance(200_000);
    const nodes = client.list('nodes').items;
    for (const n of nodes) {
      expect(ready(n).status).toBe('Unknown');
      expect(taints(n).filter((t) => t.effect === 'NoExecute')).toEqual([]);
    }
    expect(client.get('pods', 'default', 'p').metadata.deletionTimestamp).toBeUndefined();
    expect(c.clock.errors).toEqual([]);
  });

  it('replaces the pods of a Deployment on a lost node about 300 s after the taint (DefaultTolerationSeconds), the old ones Terminating', () => {
    const c = new Cluster({ seed: 8 }).boot();
    const client = c.client();
    client.create('deployments.apps', 'default', {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' },
      spec: { replicas: 4, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.25' }] } } },
    });
    c.advance(60_000);
    const pods = () => client.list('pods', 'default', { labelSelector: 'app=web' }).items;
    const on = (n: string) => pods().filter((p) => (p.spec as { nodeName?: string }).nodeName === n);
    const lost = on('worker-1');
    expect(lost.length).toBeGreaterThan(0);
    // The admission plugin gave every pod the 300 s tolerations the eviction timing rests on.
    const tol = (lost[0].spec as { tolerations: { key: string; tolerationSeconds?: number }[] }).tolerations;
    expect(tol.find((t) => t.key === 'node.kubernetes.io/unreachable')?.tolerationSeconds).toBe(300);

    c.stopComponent('worker-1');
    c.clock.runUntil(() => taints(client.get('nodes', undefined, 'worker-1')).some((t) => t.effect === 'NoExecute'), 120_000);
    const taintedAt = c.clock.now();
    c.advance(290_000);
    expect(on('worker-1').every((p) => !p.metadata.deletionTimestamp)).toBe(true);
    c.clock.runUntil(() => on('worker-1').every((p) => !!p.metadata.deletionTimestamp), 30_000);
    expect(c.clock.now() - taintedAt).toBeGreaterThanOrEqual(299_000);
    expect(c.clock.now() - taintedAt).toBeLessThanOrEqual(301_000);
    c.advance(60_000);
    // Old pods stay Terminating on the unreachable node; replacements run on worker-2.
    const old = on('worker-1');
    expect(old.map((p) => p.metadata.name).sort()).toEqual(lost.map((p) => p.metadata.name).sort());
    expect(old.every((p) => !!p.metadata.deletionTimestamp)).toBe(true);
    const running = pods().filter((p) => !p.metadata.deletionTimestamp && (p.status as { phase?: string }).phase === 'Running');
    expect(running).toHaveLength(4);
    expect(running.every((p) => (p.spec as { nodeName?: string }).nodeName === 'worker-2')).toBe(true);

    c.startComponent('worker-1');
    c.advance(30_000);
    const back = client.get('nodes', undefined, 'worker-1');
    expect(ready(back).status).toBe('True');
    expect(taints(back)).toEqual([]);
    expect(on('worker-1')).toEqual([]);
    expect(pods().filter((p) => !p.metadata.deletionTimestamp)).toHaveLength(4);
    expect(c.clock.errors).toEqual([]);
  });
});
