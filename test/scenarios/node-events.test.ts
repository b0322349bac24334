/**
 * What a node's own components record about the Node object, and when (v1.35):
 *  - the kubelet (pkg/kubelet): BirthCry's Starting; the status setters' NodeHasSufficientMemory /
 *    NodeHasNoDiskPressure / NodeHasSufficientPID for every condition they create or change (a node built from
 *    scratch by initialNode has none: a first start builds it twice, for the container manager's getNodeAnyWay
 *    and for registerWithAPIServer, hence "(x2 over …)"), NodeReady when an existing Ready condition turns True,
 *    MachineInfo's Rebooted when the boot ID changed, NodeNotSchedulable / NodeSchedulable, and the container
 *    manager's NodeAllocatableEnforced; all about its nodeRef (kind Node, the node's name as UID), from source
 *    kubelet on the node's host, in namespace default;
 *  - kube-proxy (cmd/kube-proxy/app/server.go birthCry): Starting with an empty note, through events.k8s.io.
 */
import { describe, expect, it } from 'vitest';
import type { KObject } from '../../engine/api/meta.js';
import { Cluster } from '../../engine/cluster.js';
import { loadOptionalCommands, Session } from '../../engine/shell/session.js';

type Ev = KObject & { reason: string; message?: string; type: string; count?: number; source: { component?: string; host?: string }; involvedObject: Record<string, string> };

/** The node's events from one source, oldest first (by creation: the names' suffix counts up from the time). */
function nodeEvents(c: Cluster, node: string, component: string): Ev[] {
  return (c.client().list('events', 'default').items as Ev[])
    .filter((e) => e.involvedObject.kind === 'Node' && e.involvedObject.name === node && (e.source.component || e.reportingComponent) === component)
    .sort((a, b) => a.metadata.name!.length - b.metadata.name!.length || (a.metadata.name! < b.metadata.name! ? -1 : 1));
}

const brief = (e: Ev) => [e.type, e.reason, e.message ?? '', e.count];

async function describeEventsOf(c: Cluster, node: string): Promise<string[]> {
  const s = new Session({ cluster: c });
  await loadOptionalCommands(s);
  let out = '';
  await s.run(`kubectl describe node ${node}`, { write: (t) => { out += t; } });
  return out.slice(out.indexOf('Events:')).split('\n').slice(3).filter((l) => l.trim() !== '');
}

describe('node events', () => {
  it('a first start: Starting, the three conditions twice, NodeAllocatableEnforced; then kube-proxy Starting', async () => {
    const c = new Cluster({ seed: 1 }).boot();
    const kubelet = nodeEvents(c, 'worker-1', 'kubelet');
    expect(kubelet.map(brief)).toEqual([
      ['Normal', 'Starting', 'Starting kubelet.', 1],
      ['Normal', 'NodeHasSufficientMemory', 'Node worker-1 status is now: NodeHasSufficientMemory', 2],
      ['Normal', 'NodeHasNoDiskPressure', 'Node worker-1 status is now: NodeHasNoDiskPressure', 2],
      ['Normal', 'NodeHasSufficientPID', 'Node worker-1 status is now: NodeHasSufficientPID', 2],
      ['Normal', 'NodeAllocatableEnforced', 'Updated Node Allocatable limit across pods', 1],
    ]);
    for (const e of kubelet) {
      expect(e.metadata.namespace).toBe('default');
      // ObjectReference's `namespace` is omitempty: a real NodeReady Event shows `involvedObject: {kind: Node, name, uid}`.
      expect(e.involvedObject).toEqual({ kind: 'Node', name: 'worker-1', uid: 'worker-1' });
      expect(e.source).toEqual({ component: 'kubelet', host: 'worker-1' });
    }
    // The node registered Ready: no Ready condition turned True.
    expect(kubelet.some((e) => e.reason === 'NodeReady')).toBe(false);

    const proxy = nodeEvents(c, 'worker-1', 'kube-proxy');
    expect(proxy).toHaveLength(1);
    expect(proxy[0]).toMatchObject({
      type: 'Normal', reason: 'Starting', action: 'StartKubeProxy', reportingComponent: 'kube-proxy', reportingInstance: 'kube-proxy-worker-1',
      involvedObject: { kind: 'Node', name: 'worker-1', uid: 'worker-1' }, firstTimestamp: null, lastTimestamp: null,
    });
    expect(proxy[0].message).toBeUndefined();
    expect(proxy[0].eventTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);

    // kubectl describe: kube-proxy's Event has no lastTimestamp, so it sorts first; the repeats show their count.
    const lines = await describeEventsOf(c, 'worker-1');
    expect(lines[0]).toMatch(/^ {2}Normal +Starting +2m +kube-proxy *$/);
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}Normal +NodeHasSufficientMemory +2m \(x2 over 2m\) +kubelet +Node worker-1 status is now: NodeHasSufficientMemory$/));
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}Normal +Starting +2m +kubelet +Starting kubelet\.$/));
    // The cloud node controller's Synced, written in the same millisecond as the kubelet's first Event, is kept.
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}Normal +Synced +2m +cloud-node-controller +Node synced successfully$/));
    expect(c.clock.errors).toEqual([]);
  });

  it('a kubelet restart after the node went Unknown: a new set, each condition twice, and NodeReady', () => {
    const c = new Cluster({ seed: 2 }).boot();
    const before = nodeEvents(c, 'worker-1', 'kubelet').length;
    c.stopComponent('worker-1');
    c.advance(60_000);
    const ready = () => ((c.client().get('nodes', undefined, 'worker-1').status as { conditions: { type: string; status: string }[] }).conditions.find((x) => x.type === 'Ready')!.status);
    expect(ready()).toBe('Unknown');
    c.startComponent('worker-1');
    c.advance(30_000);
    expect(ready()).toBe('True');
    const restarted = nodeEvents(c, 'worker-1', 'kubelet').slice(before);
    // A new process: new Events (its correlator remembers nothing); initialNode's, then the update's from Unknown.
    expect(restarted.map(brief)).toEqual([
      ['Normal', 'Starting', 'Starting kubelet.', 1],
      ['Normal', 'NodeAllocatableEnforced', 'Updated Node Allocatable limit across pods', 1],
      ['Normal', 'NodeHasSufficientMemory', 'Node worker-1 status is now: NodeHasSufficientMemory', 2],
      ['Normal', 'NodeHasNoDiskPressure', 'Node worker-1 status is now: NodeHasNoDiskPressure', 2],
      ['Normal', 'NodeHasSufficientPID', 'Node worker-1 status is now: NodeHasSufficientPID', 2],
      ['Normal', 'NodeReady', 'Node worker-1 status is now: NodeReady', 1],
    ]);
    // The containers kept running: kube-proxy did not start again, and the machine did not reboot.
    expect(nodeEvents(c, 'worker-1', 'kube-proxy')).toHaveLength(1);
    expect(c.clock.errors).toEqual([]);
  });

  it('a quick kubelet restart: the conditions once (the node informer has the Node), no NodeReady', () => {
    const c = new Cluster({ seed: 4 }).boot();
    const before = nodeEvents(c, 'worker-2', 'kubelet').length;
    c.stopComponent('worker-2');
    c.advance(5_000);
    c.startComponent('worker-2');
    c.advance(30_000);
    expect(nodeEvents(c, 'worker-2', 'kubelet').slice(before).map((e) => [e.reason, e.count])).toEqual([
      ['Starting', 1], ['NodeAllocatableEnforced', 1], ['NodeHasSufficientMemory', 1], ['NodeHasNoDiskPressure', 1], ['NodeHasSufficientPID', 1],
    ]);
  });

  it('a reboot: Rebooted with the new boot ID, and kube-proxy starts again', () => {
    const c = new Cluster({ seed: 5 }).boot();
    const bootID = () => (c.client().get('nodes', undefined, 'worker-2').status as { nodeInfo: { bootID: string } }).nodeInfo.bootID;
    const oldBoot = bootID();
    const before = nodeEvents(c, 'worker-2', 'kubelet').length;
    c.kubelets.get('worker-2')!.reboot();
    c.advance(90_000);
    expect(bootID()).not.toBe(oldBoot);
    const after = nodeEvents(c, 'worker-2', 'kubelet').slice(before);
    expect(after.map(brief)).toContainEqual(['Warning', 'Rebooted', `Node worker-2 has been rebooted, boot id: ${bootID()}`, 1]);
    expect(after.map((e) => e.reason)).toEqual(['Starting', 'NodeAllocatableEnforced', 'NodeHasSufficientMemory', 'NodeHasNoDiskPressure', 'NodeHasSufficientPID', 'Rebooted']);
    expect(nodeEvents(c, 'worker-2', 'kube-proxy')).toHaveLength(2);
    expect(c.clock.errors).toEqual([]);
  });

  it('cordon and uncordon: the next status update records NodeNotSchedulable, then NodeSchedulable', async () => {
    const c = new Cluster({ seed: 6 }).boot();
    const s = new Session({ cluster: c });
    await loadOptionalCommands(s);
    await s.run('kubectl cordon worker-1', { write: () => {} });
    const reasons = () => nodeEvents(c, 'worker-1', 'kubelet').map((e) => e.reason);
    expect(reasons()).not.toContain('NodeNotSchedulable');
    // nodeStatusUpdateFrequency: seen within 10 s.
    c.advance(10_000);
    expect(nodeEvents(c, 'worker-1', 'kubelet').filter((e) => e.reason === 'NodeNotSchedulable').map(brief)).toEqual([['Normal', 'NodeNotSchedulable', 'Node worker-1 status is now: NodeNotSchedulable', 1]]);
    await s.run('kubectl uncordon worker-1', { write: () => {} });
    c.advance(10_000);
    expect(reasons().slice(-2)).toEqual(['NodeNotSchedulable', 'NodeSchedulable']);
    expect(nodeEvents(c, 'worker-1', 'kubelet').at(-1)!.message).toBe('Node worker-1 status is now: NodeSchedulable');
  });
});
