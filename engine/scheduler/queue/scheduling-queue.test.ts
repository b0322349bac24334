/** The scheduling queue's own rules (backend/queue, v1.35) over a bare virtual clock. */
import { describe, expect, it } from 'vitest';
import type { KObject } from '../../api/meta.js';
import { VirtualClock } from '../../util/clock.js';
import { ActionType, EVENT_NODE_ADD, nodeSchedulingPropertiesChange, podSchedulingPropertiesChange } from '../framework/cluster-event.js';
import { podInfoOf } from '../framework/pod-info.js';
import { less } from '../plugins/queuesort/index.js';
import * as schedulinggates from '../plugins/schedulinggates/index.js';
import { alignToWindow, backoffDuration, SchedulingQueue, type RegisteredHint } from './scheduling-queue.js';

const pod = (name: string, labels: Record<string, string> = {}) =>
  podInfoOf({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', uid: `uid-${name}`, labels }, spec: { containers: [{ name: 'c', image: 'x' }] } } as KObject);

function setup(hints: RegisteredHint[]) {
  const clock = new VirtualClock(Date.UTC(2026, 0, 1, 0, 0, 0, 400));
  const q = new SchedulingQueue(clock, less, () => {}, hints);
  return { clock, q };
}

/** Pops `name` and brings it back rejected by `plugins`. */
function fail(q: SchedulingQueue, plugins: string[]) {
  const p = q.pop()!;
  p.unschedulablePlugins = new Set(plugins);
  q.addUnschedulable(p);
  return p;
}

describe('backoff', () => {
  it('1 s doubling to 10 s by unschedulable attempts', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 50].map(backoffDuration)).toEqual([0, 1000, 2000, 4000, 8000, 10000, 10000, 10000]);
  });
  it('expiries are truncated to the second and a pod leaves backoff on the next whole second after its window', () => {
    expect(alignToWindow(12_345)).toBe(12_000);
    const { clock, q } = setup([{ plugin: 'X', event: EVENT_NODE_ADD }]);
    q.add(pod('a'));
    const p = fail(q, ['X']);
    // Failed at .400: expiry window = trunc(.400 + 1 s) = +1.000; backing off through that window.
    expect(q.backoffTime(p)).toBe(alignToWindow(clock.now() + 1000));
    expect(q.isPodBackingOff(p)).toBe(true);
    clock.advance(600 + 999);
    expect(q.isPodBackingOff(p)).toBe(true);
    clock.advance(1);
    expect(q.isPodBackingOff(p)).toBe(false);
  });
});

describe('queueing hints in the queue', () => {
  it('a parked pod moves only when a rejecting plugin registered for the event says Queue', () => {
    let verdict = false;
    const { q } = setup([
      { plugin: 'A', event: { resource: 'Node', actionType: ActionType.Add }, hint: () => verdict },
      { plugin: 'B', event: { resource: 'Node', actionType: ActionType.UpdateNodeLabel } },
    ]);
    q.add(pod('a'));
    fail(q, ['A']);
    expect(q.where('default/a')).toBe('Unschedulable');
    q.moveAllToActiveOrBackoff({ resource: 'Node', actionType: ActionType.UpdateNodeLabel }, undefined, undefined);
    expect(q.where('default/a')).toBe('Unschedulable');
    q.moveAllToActiveOrBackoff(EVENT_NODE_ADD, undefined, {});
    expect(q.where('default/a')).toBe('Unschedulable');
    verdict = true;
    q.moveAllToActiveOrBackoff(EVENT_NODE_ADD, undefined, {});
    // Still within its 1 s backoff: backoffQ, which an idle scheduler pops at once.
    expect(q.where('default/a')).toBe('Backoff');
    expect(q.pop()?.info.name).toBe('a');
  });

  it('an event that arrives while the pod is in flight requeues it when it comes back', () => {
    const { q } = setup([{ plugin: 'A', event: EVENT_NODE_ADD }]);
    q.add(pod('a'));
    const p = q.pop()!;
    q.moveAllToActiveOrBackoff(EVENT_NODE_ADD, undefined, {});
    p.unschedulablePlugins = new Set(['A']);
    q.addUnschedulable(p);
    expect(q.where('default/a')).toBe('Backoff');
    // Without such an event it is parked.
    const p2 = q.pop()!;
    p2.unschedulablePlugins = new Set(['A']);
    q.addUnschedulable(p2);
    expect(q.where('default/a')).toBe('Unschedulable');
  });

  it('an error (no rejecting plugin) goes to the error backoff queue, which is not popped early', () => {
    const { clock, q } = setup([]);
    q.add(pod('a'));
    fail(q, []);
    expect(q.where('default/a')).toBe('Backoff');
    expect(q.pop()).toBeUndefined();
    clock.advance(2_000);
    expect(q.where('default/a')).toBe('Active');
  });

  it('parked pods return after 5 minutes, found by the 30-second flush', () => {
    const { clock, q } = setup([{ plugin: 'A', event: EVENT_NODE_ADD, hint: () => false }]);
    q.start();
    q.add(pod('a'));
    fail(q, ['A']);
    clock.advance(300_000);
    expect(q.where('default/a')).toBe('Unschedulable');
    clock.advance(30_000);
    expect(q.where('default/a')).toBe('Active');
    q.stop();
  });

  it("the pending pod's own update in fields no specific kind covers (updatePodOther) reaches only plugins that registered the general Update", () => {
    const seen: string[] = [];
    const { q } = setup([
      { plugin: 'T', event: { resource: 'Pod', actionType: ActionType.UpdatePodToleration }, hint: () => (seen.push('T'), true) },
      { plugin: 'G', event: { resource: 'Pod', actionType: ActionType.Update }, hint: () => (seen.push('G'), true) },
    ]);
    q.add(pod('a'));
    fail(q, ['T']);
    q.add(pod('b'));
    fail(q, ['G']);
    q.update(pod('a'));
    expect(seen).toEqual([]);
    expect(q.where('default/a')).toBe('Unschedulable');
    q.update(pod('b'));
    expect(seen).toEqual(['G']);
    expect(q.where('default/b')).toBe('Backoff');
  });
});

describe('cluster events', () => {
  const node = (labels: Record<string, string>, extra: Record<string, unknown> = {}) => ({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n', labels }, spec: {}, status: { allocatable: { cpu: '4' }, conditions: [{ type: 'Ready', status: 'True', lastHeartbeatTime: 'x' }] }, ...extra } as KObject);
  it('NodeSchedulingPropertiesChange: a heartbeat is nothing; labels, taints, uncordon, allocatable are their own events', () => {
    const a = node({ x: 'y' });
    const beat = { ...a, status: { allocatable: { cpu: '4000m' }, conditions: [{ type: 'Ready', status: 'True', lastHeartbeatTime: 'z' }] } } as KObject;
    expect(nodeSchedulingPropertiesChange(beat, a)).toEqual([]);
    expect(nodeSchedulingPropertiesChange(node({ x: 'z' }), a).map((e) => e.actionType)).toEqual([ActionType.UpdateNodeLabel]);
    const cordoned = node({ x: 'y' }, { spec: { unschedulable: true } });
    expect(nodeSchedulingPropertiesChange(a, cordoned).map((e) => e.actionType)).toEqual([ActionType.UpdateNodeTaint]);
    expect(nodeSchedulingPropertiesChange(cordoned, a)).toEqual([]);
  });
  it('PodSchedulingPropertiesChange: labels and tolerations are specific, anything else updatePodOther', () => {
    expect(podSchedulingPropertiesChange(pod('a', { x: '1' }), pod('a')).map((e) => e.actionType)).toEqual([ActionType.UpdatePodLabel]);
    expect(podSchedulingPropertiesChange(pod('a'), pod('a'))).toEqual([{ resource: 'UnschedulablePod', actionType: ActionType.UpdatePodOther }]);
  });
});

describe('PreEnqueue (scheduling gates)', () => {
  const withGates = (name: string, gates: string[]) => {
    const p = pod(name);
    (p.pod.spec as Record<string, unknown>).schedulingGates = gates.map((g) => ({ name: g }));
    return podInfoOf(p.pod);
  };
  function gatedSetup() {
    const clock = new VirtualClock(Date.UTC(2026, 0, 1));
    const sg = schedulinggates.newPlugin();
    const hints: RegisteredHint[] = [
      ...sg.eventsToRegister!().map((e) => ({ ...e, plugin: sg.name })),
      { plugin: 'X', event: EVENT_NODE_ADD },
    ];
    const q = new SchedulingQueue(clock, less, () => {}, hints, [sg]);
    q.start();
    return { clock, q };
  }

  it('a gated pod is parked, not popped, and neither cluster events nor the 5-minute flush move it', () => {
    const { clock, q } = gatedSetup();
    q.add(withGates('g', ['a']));
    q.add(pod('free'));
    expect(q.where('default/g')).toBe('Unschedulable');
    expect(q.get('default/g')).toMatchObject({ gatingPlugin: 'SchedulingGates', attempts: 0 });
    expect(q.pop()?.info.name).toBe('free');
    expect(q.pop()).toBeUndefined();
    q.moveAllToActiveOrBackoff(EVENT_NODE_ADD, undefined, {});
    clock.advance(6 * 60_000);
    expect(q.where('default/g')).toBe('Unschedulable');
  });

  it('an update that leaves a gate keeps it parked; the one that removes the last gate sends it to activeQ', () => {
    const { q } = gatedSetup();
    q.add(withGates('g', ['a', 'b']));
    q.update(withGates('g', ['b']));
    expect(q.where('default/g')).toBe('Unschedulable');
    q.update(pod('g'));
    expect(q.where('default/g')).toBe('Active');
    expect(q.get('default/g')?.gatingPlugin).toBeUndefined();
    expect(q.pop()?.info.name).toBe('g');
  });
});
