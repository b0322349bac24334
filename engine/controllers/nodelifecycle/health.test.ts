import { describe, expect, it } from 'vitest';
import type { NodeCondition } from 'kubernetes-types/core/v1';
import type { KObject } from '../../api/meta.js';
import { checkNodeHealth } from './health.js';
import { noScheduleTaintDiff } from './taints.js';
import { computeZoneState } from './zones.js';

const T0 = Date.UTC(2026, 0, 1);
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
function node(ready: string, heartbeat = T0, extra: Record<string, unknown> = {}): KObject {
  const cond = (type: string, status: string) => ({ type, status, lastHeartbeatTime: iso(heartbeat), lastTransitionTime: iso(T0), reason: 'R', message: 'M' });
  return {
    metadata: { name: 'n', creationTimestamp: iso(T0) },
    spec: extra,
    status: { conditions: [cond('MemoryPressure', 'False'), cond('DiskPressure', 'False'), cond('PIDPressure', 'False'), cond('Ready', ready)] },
  };
}

describe('checkNodeHealth (tryUpdateNodeHealth)', () => {
  it('keeps a node whose lease is renewed healthy, however old its status', () => {
    let h = checkNodeHealth(node('True'), undefined, iso(T0), T0, 50_000, 60_000).health;
    for (let t = T0 + 10_000; t <= T0 + 300_000; t += 10_000) {
      const r = checkNodeHealth(node('True'), h, iso(t), t, 50_000, 60_000);
      expect(r.statusUpdate).toBeUndefined();
      h = r.health;
    }
  });
  it('turns every kubelet condition Unknown once nothing was seen for longer than the grace period', () => {
    const h = checkNodeHealth(node('True'), undefined, iso(T0), T0, 50_000, 60_000).health;
    expect(checkNodeHealth(node('True'), h, iso(T0), T0 + 50_000, 50_000, 60_000).statusUpdate).toBeUndefined();
    const r = checkNodeHealth(node('True'), h, iso(T0), T0 + 50_001, 50_000, 60_000);
    const conds = (r.statusUpdate!.status as { conditions: NodeCondition[] }).conditions;
    expect(conds.map((c) => [c.type, c.status, c.reason, c.message])).toEqual([
      ['MemoryPressure', 'Unknown', 'NodeStatusUnknown', 'Kubelet stopped posting node status.'],
      ['DiskPressure', 'Unknown', 'NodeStatusUnknown', 'Kubelet stopped posting node status.'],
      ['PIDPressure', 'Unknown', 'NodeStatusUnknown', 'Kubelet stopped posting node status.'],
      ['Ready', 'Unknown', 'NodeStatusUnknown', 'Kubelet stopped posting node status.'],
    ]);
    // The heartbeat is left as the kubelet last wrote it; the transition is now.
    expect(conds[3].lastHeartbeatTime).toBe(iso(T0));
    expect(conds[3].lastTransitionTime).toBe(iso(T0 + 50_000));
    expect(r.observedReady.status).toBe('True');
    expect(r.currentReady?.status).toBe('Unknown');
  });
  it('gives a node that never posted status the startup grace period', () => {
    const fresh: KObject = { metadata: { name: 'n', creationTimestamp: iso(T0) }, spec: {} };
    expect(checkNodeHealth(fresh, undefined, undefined, T0 + 59_000, 50_000, 60_000).statusUpdate).toBeUndefined();
    const r = checkNodeHealth(fresh, undefined, undefined, T0 + 61_000, 50_000, 60_000);
    const ready = (r.statusUpdate!.status as { conditions: NodeCondition[] }).conditions.find((c) => c.type === 'Ready')!;
    expect([ready.status, ready.reason, ready.message]).toEqual(['Unknown', 'NodeStatusNeverUpdated', 'Kubelet never posted node status.']);
  });
});

describe('noScheduleTaintDiff (TaintNodesByCondition)', () => {
  it('mirrors Ready=Unknown, Ready=False, pressure and spec.unschedulable', () => {
    expect(noScheduleTaintDiff(node('Unknown')).add).toEqual([{ key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' }]);
    expect(noScheduleTaintDiff(node('False')).add).toEqual([{ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }]);
    expect(noScheduleTaintDiff(node('True', T0, { unschedulable: true })).add).toEqual([{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }]);
  });
  it('removes the ones whose cause is gone and leaves other taints alone', () => {
    const n = node('True', T0, { taints: [{ key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' }, { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }, { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }] });
    expect(noScheduleTaintDiff(n)).toEqual({ add: [], remove: [{ key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' }] });
  });
});

describe('computeZoneState', () => {
  const c = (s: string) => ({ type: 'Ready', status: s }) as NodeCondition;
  it('full disruption when no node is ready, partial at >= 55 % with more than 2 not ready', () => {
    expect(computeZoneState([c('Unknown'), c('False')]).state).toBe('FullDisruption');
    expect(computeZoneState([c('True'), c('Unknown'), c('Unknown')]).state).toBe('Normal');
    expect(computeZoneState([c('True'), c('True'), c('Unknown'), c('Unknown'), c('Unknown')]).state).toBe('PartialDisruption');
    expect(computeZoneState([c('True'), c('True'), c('True'), c('Unknown'), c('Unknown'), c('Unknown')]).state).toBe('Normal');
  });
});
