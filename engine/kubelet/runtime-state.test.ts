/**
 * The kubelet's runtime checks while containerd is away: the texts are
 * pkg/kubelet/runtime.go runtimeErrors', pleg/generic.go Healthy's and
 * apimachinery's aggregate Error(); the timings kubelet.go's (updateRuntimeUp
 * every 5 s, maxWaitForContainerRuntime 30 s, relist every 1 s, relistThreshold 3 min).
 */
import { describe, expect, it } from 'vitest';
import { Cluster } from '../cluster.js';
import type { KObject } from '../api/meta.js';
import { aggregateError, containerRuntimeStarted, containerRuntimeStopped, firstTickAtOrAfter, lastTickAtOrBefore, recoveredAt, runtimeErrors } from './runtime-state.js';

describe('runtime state: runtimeErrors over virtual time', () => {
  const O = 1_000_000; // the kubelet's start: its checks fall on a grid from here

  it('says nothing for 30 s after the last successful status check, then "container runtime is down"', () => {
    // Down at O+12.3 s: the last check that succeeded was at O+10 s.
    const outage = { downAt: O + 12_300 };
    expect(runtimeErrors(O, outage, O + 39_999)).toEqual([]);
    expect(runtimeErrors(O, outage, O + 40_000)).toEqual(['container runtime is down']);
  });

  it('adds PLEG\'s error once its last relist is more than 3m0s old, with the elapsed time as Go prints a Duration', () => {
    const outage = { downAt: O + 12_300 }; // last relist at O+12 s
    expect(runtimeErrors(O, outage, O + 192_000)).toEqual(['container runtime is down']);
    expect(runtimeErrors(O, outage, O + 200_000)).toEqual([
      'container runtime is down',
      'PLEG is not healthy: pleg was last seen active 3m8s ago; threshold is 3m0s',
    ]);
  });

  it('clears each check at its first tick after containerd is back', () => {
    const outage = { downAt: O + 12_300, upAt: O + 300_500 };
    // The relist at O+301 s succeeds; the status check waits for O+305 s.
    expect(runtimeErrors(O, outage, O + 301_000)).toEqual(['container runtime is down']);
    expect(runtimeErrors(O, outage, O + 305_000)).toEqual([]);
    expect(recoveredAt(O, outage)).toBe(O + 305_000);
  });

  it('a kubelet started while containerd is away has no successful check yet', () => {
    expect(runtimeErrors(O, { downAt: O - 50_000 }, O + 10_000)).toEqual([
      'container runtime status check may not have completed yet',
      'PLEG is not healthy: pleg has yet to be successful',
    ]);
  });

  it('grids and aggregates', () => {
    expect(lastTickAtOrBefore(O, 5_000, O + 9_999)).toBe(O + 5_000);
    expect(lastTickAtOrBefore(O, 5_000, O - 1)).toBeUndefined();
    expect(firstTickAtOrAfter(O, 5_000, O + 5_001)).toBe(O + 10_000);
    expect(aggregateError(['a'])).toBe('a');
    expect(aggregateError(['a', 'b', 'a'])).toBe('[a, b]');
  });
});

type Cond = { type: string; status: string; reason: string; message: string; lastTransitionTime: string };

describe('kubelet: containerd stopped and started again', () => {
  it('keeps the node Ready for 30 s, then NotReady with KubeletNotReady, starts no new pod, and recovers', () => {
    const c = new Cluster({ seed: 7 }).boot();
    const client = c.client();
    const kubelet = c.kubelets.get('worker-1')!;
    const ready = () => ((client.get('nodes', undefined, 'worker-1').status as { conditions: Cond[] }).conditions.find((x) => x.type === 'Ready')!);
    const runtimeVersion = () => (client.get('nodes', undefined, 'worker-1').status as { nodeInfo: { containerRuntimeVersion: string } }).nodeInfo.containerRuntimeVersion;
    const running = [...kubelet.runtime.containers.values()].filter((x) => x.state === 'running').length;
    expect(running).toBeGreaterThan(0);
    expect(ready().status).toBe('True');

    const down = c.clock.now();
    containerRuntimeStopped(kubelet, c.clock.now());
    // The Version call fails at the next status update: the node reports an unknown runtime version at once.
    c.advance(10_000);
    expect(ready().status).toBe('True');
    expect(runtimeVersion()).toBe('containerd://Unknown');

    // 30 s after the last successful check (at most 5 s before the stop), plus up to one 10 s status period.
    c.advance(30_000);
    const r = ready();
    expect(r).toMatchObject({ status: 'False', reason: 'KubeletNotReady', message: 'container runtime is down' });
    const since = Date.parse(r.lastTransitionTime);
    expect(since - down).toBeGreaterThanOrEqual(25_000);
    expect(since - down).toBeLessThanOrEqual(40_000);
    const events = client.list('events', 'default').items.filter((e: KObject) => (e as { reason?: string }).reason === 'NodeNotReady' && (e as { source?: { component?: string } }).source?.component === 'kubelet');
    expect(events.map((e: KObject) => (e as { message?: string }).message)).toEqual(['Node worker-1 status is now: NodeNotReady']);

    // The containers keep running.
    expect([...kubelet.runtime.containers.values()].filter((x) => x.state === 'running').length).toBe(running);

    // A pod bound to the node now gets no sync: no status from the kubelet, no container.
    client.create('pods', 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'late' }, spec: { nodeName: 'worker-1', containers: [{ name: 'c', image: 'nginx' }] } });
    c.advance(20_000);
    const late = () => client.get('pods', 'default', 'late') as { status?: { phase?: string; containerStatuses?: unknown[] } };
    expect(late().status?.containerStatuses).toBeUndefined();

    // Past 3 minutes without a relist (now 3.5 min after the stop), PLEG joins in.
    c.advance(150_000);
    expect(ready().message).toMatch(/^\[container runtime is down, PLEG is not healthy: pleg was last seen active 3m\d+s ago; threshold is 3m0s\]$/);

    // containerd is back: Ready again at the next status update after both checks succeed, and the pod starts.
    containerRuntimeStarted(kubelet, c.clock);
    c.advance(20_000);
    expect(ready()).toMatchObject({ status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' });
    expect(runtimeVersion()).toBe('containerd://2.1.3');
    c.clock.runUntil(() => late().status?.phase === 'Running', 120_000);
    expect(late().status?.phase).toBe('Running');
    expect(c.clock.errors).toEqual([]);
  });
});
