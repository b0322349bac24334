/**
 * A node's memory is finite: the kubelet's eviction manager evicts pods under memory.available<100Mi, and the
 * kernel's OOM killer kills a container when a leak fills the node between two of its looks.
 * Texts: pkg/kubelet/eviction/helpers.go and eviction_manager.go, pkg/kubelet/nodestatus/setters.go,
 * pkg/kubelet/oom/oom_watcher_linux.go (v1.35).
 */
import { describe, expect, it } from 'vitest';
import type { KObject } from '../../engine/api/meta.js';
import { Cluster } from '../../engine/cluster.js';
import { loadOptionalCommands, Session } from '../../engine/shell/session.js';
import { deployment } from './network-helpers.js';

const Mi = 2 ** 20;
type Cond = { type: string; status: string; reason?: string; message?: string };
type PodStatus = {
  phase: string; reason?: string; message?: string; conditions: Cond[];
  containerStatuses: { restartCount: number; state: { running?: unknown; terminated?: { reason: string; exitCode: number } }; lastState: { terminated?: { reason: string; exitCode: number } } }[];
};

const status = (p: KObject) => p.status as PodStatus;
const memoryPressure = (c: Cluster, node: string) => ((c.client().get('nodes', undefined, node).status as { conditions: Cond[] }).conditions).find((x) => x.type === 'MemoryPressure')!;
const taints = (c: Cluster, node: string) => ((c.client().get('nodes', undefined, node).spec as { taints?: { key: string; effect: string }[] }).taints ?? []).map((t) => `${t.key}:${t.effect}`);
const events = (c: Cluster, kind: string, name: string) => c.client().list('events').items
  .filter((e) => (e.involvedObject as { kind: string; name: string }).kind === kind && (e.involvedObject as { name: string }).name === name)
  .map((e) => ({ type: e.type as string, reason: e.reason as string, message: e.message as string }));

async function run(s: Session, line: string): Promise<string> {
  let out = '';
  await s.run(line, { write: (t) => { out += t; } });
  return out;
}

function podsOf(c: Cluster, app: string): KObject[] {
  return c.client().list('pods', 'default').items.filter((p) => p.metadata.labels?.app === app);
}

function runningOn(c: Cluster, app: string): KObject {
  expect(c.clock.runUntil(() => podsOf(c, app).some((p) => status(p)?.phase === 'Running'), 60_000)).toBe(true);
  return podsOf(c, app).find((p) => status(p).phase === 'Running')!;
}

function leak(c: Cluster, pod: KObject, bytesPerSec: number): void {
  const node = (pod.spec as { nodeName: string }).nodeName;
  expect(c.kubelets.get(node)!.inject('default', pod.metadata.name!, undefined, { leakBytesPerSec: bytesPerSec })).toBe(true);
}

describe('node-pressure eviction (memory.available<100Mi)', () => {
  it('evicts a leaking Deployment pod with the kubelet\'s message; the ReplicaSet replaces it; MemoryPressure turns False 5 min later', async () => {
    const c = new Cluster({ seed: 11 }).boot();
    c.client().create('deployments.apps', 'default', deployment('web', 1, { image: 'nginx:1.27' }));
    const victim = runningOn(c, 'web');
    const node = (victim.spec as { nodeName: string }).nodeName;
    // 5Mi/s: memory.available stays under 100Mi for 20 s before the node is full, so a 10 s look finds it first.
    leak(c, victim, 5 * Mi);
    expect(c.clock.runUntil(() => status(c.client().get('pods', 'default', victim.metadata.name!)).phase === 'Failed', 20 * 60_000)).toBe(true);

    const evicted = status(c.client().get('pods', 'default', victim.metadata.name!));
    expect(evicted.reason).toBe('Evicted');
    const m = /^The node was low on resource: memory\. Threshold quantity: 100Mi, available: (\d+)Ki\. Container web was using (\d+)Ki, request is 0, has larger consumption of memory\. $/.exec(evicted.message!);
    expect(m).not.toBeNull();
    expect(Number(m![1]) * 1024).toBeLessThan(100 * Mi);
    expect(Number(m![2]) * 1024).toBeGreaterThan(3000 * Mi);
    // The DisruptionTarget condition comes first, with the same message.
    expect(evicted.conditions[0]).toMatchObject({ type: 'DisruptionTarget', status: 'True', reason: 'TerminationByKubelet', message: evicted.message });
    expect(evicted.containerStatuses[0].state.running).toBeUndefined();
    expect(events(c, 'Pod', victim.metadata.name!).filter((e) => e.reason === 'Evicted')).toEqual([{ type: 'Warning', reason: 'Evicted', message: evicted.message }]);
    expect(events(c, 'Pod', victim.metadata.name!).some((e) => e.reason === 'Killing' && e.message === 'Stopping container web')).toBe(true);

    // The node: MemoryPressure True with the kubelet's texts, its events, and the lifecycle controller's taint.
    expect(memoryPressure(c, node)).toMatchObject({ status: 'True', reason: 'KubeletHasInsufficientMemory', message: 'kubelet has insufficient memory available' });
    const nodeEvents = events(c, 'Node', node);
    expect(nodeEvents).toContainEqual({ type: 'Warning', reason: 'EvictionThresholdMet', message: 'Attempting to reclaim memory' });
    expect(nodeEvents).toContainEqual({ type: 'Normal', reason: 'NodeHasInsufficientMemory', message: `Node ${node} status is now: NodeHasInsufficientMemory` });
    expect(c.clock.runUntil(() => taints(c, node).includes('node.kubernetes.io/memory-pressure:NoSchedule'), 30_000)).toBe(true);

    // A replacement runs; the evicted pod object stays, Failed, until the pod GC.
    expect(c.clock.runUntil(() => podsOf(c, 'web').filter((p) => status(p)?.phase === 'Running').length === 1, 60_000)).toBe(true);
    expect(podsOf(c, 'web')).toHaveLength(2);
    // kubectl's STATUS column is the last container's terminated reason (printPod): nginx exits 0 on SIGTERM.
    const s = new Session({ cluster: c });
    await loadOptionalCommands(s);
    const line = (await run(s, 'kubectl get pods')).split('\n').find((l) => l.startsWith(victim.metadata.name!))!;
    expect(line.split(/\s+/).slice(1, 4)).toEqual(['0/1', 'Completed', '0']);

    // Meanwhile the kubelet admits no BestEffort pod sent straight to the node (Admit, then rejectPod), but a Burstable one.
    const pinned = (name: string, resources?: Record<string, unknown>) => c.client().create('pods', 'default', {
      apiVersion: 'v1', kind: 'Pod', metadata: { name },
      spec: { nodeName: node, containers: [{ name, image: 'nginx:1.27', ...(resources ? { resources } : {}) }] },
    });
    pinned('besteffort');
    pinned('burstable', { requests: { memory: '64Mi' } });
    expect(c.clock.runUntil(() => status(c.client().get('pods', 'default', 'besteffort'))?.phase === 'Failed', 10_000)).toBe(true);
    expect(status(c.client().get('pods', 'default', 'besteffort'))).toMatchObject({ reason: 'Evicted', message: 'Pod was rejected: The node had condition: [MemoryPressure]. ' });
    expect(events(c, 'Pod', 'besteffort')).toContainEqual({ type: 'Warning', reason: 'Evicted', message: 'The node had condition: [MemoryPressure]. ' });
    expect(c.clock.runUntil(() => status(c.client().get('pods', 'default', 'burstable'))?.phase === 'Running', 30_000)).toBe(true);

    // --eviction-pressure-transition-period: still True 4 min on, False after 5 min without pressure.
    c.advance(3 * 60_000);
    expect(memoryPressure(c, node).status).toBe('True');
    expect(c.clock.runUntil(() => memoryPressure(c, node).status === 'False', 2 * 60_000)).toBe(true);
    expect(memoryPressure(c, node)).toMatchObject({ reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available' });
    // The same event as the two of the kubelet's first start: the correlator counts it on that Event.
    const sufficient = c.client().list('events').items.filter((e) => (e.involvedObject as { name: string }).name === node && e.reason === 'NodeHasSufficientMemory');
    expect(sufficient.map((e) => [e.type, e.message, e.count])).toEqual([['Normal', `Node ${node} status is now: NodeHasSufficientMemory`, 3]]);
    expect(c.clock.runUntil(() => !taints(c, node).includes('node.kubernetes.io/memory-pressure:NoSchedule'), 30_000)).toBe(true);
    expect(c.clock.errors).toEqual([]);
  });

  it('evicts the BestEffort pod using more than its request, not the Guaranteed pod that leaks within its own', () => {
    const c = new Cluster({ seed: 11 }).boot();
    const pin = (name: string, resources?: Record<string, unknown>) => c.client().create('pods', 'default', {
      apiVersion: 'v1', kind: 'Pod', metadata: { name, labels: { app: name } },
      spec: { nodeName: 'worker-1', containers: [{ name, image: 'nginx:1.27', ...(resources ? { resources } : {}) }] },
    });
    pin('guaranteed', { requests: { cpu: '100m', memory: '3500Mi' }, limits: { cpu: '100m', memory: '3500Mi' } });
    pin('besteffort');
    const g = runningOn(c, 'guaranteed');
    runningOn(c, 'besteffort');
    leak(c, g, 5 * Mi);
    expect(c.clock.runUntil(() => status(c.client().get('pods', 'default', 'besteffort')).phase === 'Failed', 20 * 60_000)).toBe(true);
    expect(status(c.client().get('pods', 'default', 'besteffort')).reason).toBe('Evicted');
    expect(status(c.client().get('pods', 'default', 'guaranteed')).phase).toBe('Running');
    expect(status(c.client().get('pods', 'default', 'besteffort')).message).toMatch(/^The node was low on resource: memory\. Threshold quantity: 100Mi, available: \d+Ki\. Container besteffort was using \d+(Ki|Mi), request is 0, has larger consumption of memory\. $/);
  });
});

describe('the kernel OOM killer', () => {
  it('kills a fast leak that fills the node between two looks of the eviction manager: OOMKilled, 137, restarted, SystemOOM', () => {
    const c = new Cluster({ seed: 11 }).boot();
    c.client().create('deployments.apps', 'default', deployment('web', 1, { image: 'nginx:1.27' }));
    const pod = runningOn(c, 'web');
    const node = (pod.spec as { nodeName: string }).nodeName;
    // 500Mi/s: from under 100Mi available to none takes 0.2 s.
    leak(c, pod, 500 * Mi);
    expect(c.clock.runUntil(() => events(c, 'Node', node).some((e) => e.reason === 'SystemOOM'), 60_000)).toBe(true);
    const oom = events(c, 'Node', node).find((e) => e.reason === 'SystemOOM')!;
    expect(oom.type).toBe('Warning');
    expect(oom.message).toMatch(/^System OOM encountered, victim process: nginx, pid: \d+$/);
    expect(c.clock.runUntil(() => status(c.client().get('pods', 'default', pod.metadata.name!)).containerStatuses[0].restartCount === 1, 60_000)).toBe(true);
    const st = status(c.client().get('pods', 'default', pod.metadata.name!));
    expect(st.containerStatuses[0].lastState.terminated).toMatchObject({ reason: 'OOMKilled', exitCode: 137 });
    expect(st.phase).toBe('Running');
    expect(st.reason).toBeUndefined();
    // Node memory never passed its capacity.
    c.advance(30_000);
    const usage = c.client().get('nodes.metrics.k8s.io', undefined, node).usage as { memory: string };
    expect(usage.memory).toMatch(/^\d+Mi$/);
    expect(Number(usage.memory.replace('Mi', '')) * Mi).toBeLessThan(4025836 * 1024);
    expect(c.clock.errors).toEqual([]);
  });

  it('kills the BestEffort container, not the Guaranteed one that uses more memory (oom_score_adj -997 against 1000)', () => {
    const c = new Cluster({ seed: 11 }).boot();
    const pin = (name: string, resources?: Record<string, unknown>) => c.client().create('pods', 'default', {
      apiVersion: 'v1', kind: 'Pod', metadata: { name, labels: { app: name } },
      spec: { nodeName: 'worker-1', containers: [{ name, image: 'nginx:1.27', ...(resources ? { resources } : {}) }] },
    });
    pin('guaranteed', { requests: { cpu: '100m', memory: '3Gi' }, limits: { cpu: '100m', memory: '3Gi' } });
    pin('besteffort');
    const g = runningOn(c, 'guaranteed');
    const b = runningOn(c, 'besteffort');
    // The Guaranteed container takes 2.5Gi, within its limit, and keeps it.
    leak(c, g, 500 * Mi);
    c.advance(5_000);
    leak(c, g, 0);
    // The BestEffort one then leaks fast: the node fills between two looks of the eviction manager.
    leak(c, b, 500 * Mi);
    const kubelet = c.kubelets.get('worker-1')!;
    expect(c.clock.runUntil(() => events(c, 'Node', 'worker-1').some((e) => e.reason === 'SystemOOM'), 60_000)).toBe(true);
    const killed = kubelet.container('default', 'besteffort')!.current!;
    expect([killed.state, killed.reason, killed.exitCode]).toEqual(['exited', 'OOMKilled', 137]);
    expect(killed.memoryBytes()).toBe(0);
    const survivor = kubelet.container('default', 'guaranteed')!.current!;
    expect(survivor.state).toBe('running');
    expect(survivor.memoryBytes()).toBeGreaterThan(2 * 2 ** 30);
    expect(events(c, 'Node', 'worker-1').find((e) => e.reason === 'SystemOOM')!.message).toMatch(/^System OOM encountered, victim process: nginx, pid: \d+$/);
  });
});
