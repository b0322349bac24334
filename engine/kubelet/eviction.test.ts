import { describe, expect, it } from 'vitest';
import {
  EvictionManager, evictionMessage, memoryThresholdMet, oomScoreAdj, oomVictim, rankMemoryPressure, underPressure,
  type EvictionCandidate, type EvictionHost, type PodMemory,
} from './eviction.js';
import { msgNodeHadCondition, msgPodRejected, toleratesMemoryPressure } from './admission.js';

const Mi = 2 ** 20;
const Ki = 2 ** 10;
const GiB4 = 4 * 2 ** 30;

function pod(key: string, usageBytes: number, requestBytes: number, priority = 0): EvictionCandidate {
  return { key, priority, usageBytes, requestBytes, containers: [{ name: key, usageBytes, requestBytes, request: requestBytes ? `${requestBytes / Mi}Mi` : '0' }] };
}

describe('memory.available<100Mi', () => {
  it('is met only when less than 100Mi is available (thresholdsMet: quantity > available)', () => {
    expect(memoryThresholdMet(100 * Mi - 1)).toBe(true);
    expect(memoryThresholdMet(100 * Mi)).toBe(false);
    expect(memoryThresholdMet(-5 * Mi)).toBe(true);
  });

  it('keeps the node under pressure for the 5 m transition period after the threshold was last met', () => {
    expect(underPressure(undefined, 1_000)).toBe(false);
    expect(underPressure(0, 299_999)).toBe(true);
    expect(underPressure(0, 300_000)).toBe(false);
  });
});

describe('evictionMessage', () => {
  it('is nodeLowMessageFmt, thresholdMetMessageFmt and containerMessageFmt (helpers.go, v1.35 wording)', () => {
    const p: PodMemory = { priority: 0, requestBytes: 0, usageBytes: 3405312 * Ki, containers: [{ name: 'nginx', usageBytes: 3405312 * Ki, requestBytes: 0, request: '0' }] };
    expect(evictionMessage(p, 59372 * Ki)).toBe(
      'The node was low on resource: memory. Threshold quantity: 100Mi, available: 59372Ki. ' +
      'Container nginx was using 3405312Ki, request is 0, has larger consumption of memory. ',
    );
  });

  it('names only the containers using more than their request, with the request as stored, and prints bytes as Quantity does', () => {
    const p: PodMemory = {
      priority: 0, requestBytes: 192 * Mi, usageBytes: 0,
      containers: [
        { name: 'app', usageBytes: 300 * Mi + 1, requestBytes: 128 * Mi, request: '128Mi' },
        { name: 'sidecar', usageBytes: 10 * Mi, requestBytes: 64 * Mi, request: '64Mi' },
      ],
    };
    expect(evictionMessage(p, 1000)).toBe(
      'The node was low on resource: memory. Threshold quantity: 100Mi, available: 1000. ' +
      'Container app was using 314572801, request is 128Mi, has larger consumption of memory. ',
    );
  });
});

describe('admission under MemoryPressure', () => {
  it('words the rejection as Admit (nodeConditionMessageFmt) and rejectPod do', () => {
    expect(msgPodRejected(msgNodeHadCondition(['MemoryPressure']))).toBe('Pod was rejected: The node had condition: [MemoryPressure]. ');
  });

  it('lets in a BestEffort pod only if it tolerates node.kubernetes.io/memory-pressure:NoSchedule', () => {
    expect(toleratesMemoryPressure(undefined)).toBe(false);
    expect(toleratesMemoryPressure([{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' }])).toBe(false);
    expect(toleratesMemoryPressure([{ key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' }])).toBe(true);
    expect(toleratesMemoryPressure([{ key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoExecute' }])).toBe(false);
    expect(toleratesMemoryPressure([{ operator: 'Exists' }])).toBe(true);
    expect(toleratesMemoryPressure([{ key: 'node.kubernetes.io/memory-pressure', value: 'x' }])).toBe(false);
  });
});

describe('rankMemoryPressure', () => {
  it('puts pods above their requests first, even before a lower-priority pod within its request', () => {
    const within = pod('within', 100 * Mi, 200 * Mi, -10);
    const over = pod('over', 50 * Mi, 0, 1000);
    expect(rankMemoryPressure([within, over]).map((p) => p.key)).toEqual(['over', 'within']);
  });

  it('then lower priority first, then the larger use above the request first', () => {
    const a = pod('a', 300 * Mi, 100 * Mi, 0); // 200Mi over
    const b = pod('b', 500 * Mi, 0, 0); // 500Mi over
    const c = pod('c', 900 * Mi, 0, 100); // higher priority
    const d = pod('d', 50 * Mi, 0, -5); // lowest priority
    expect(rankMemoryPressure([a, b, c, d]).map((p) => p.key)).toEqual(['d', 'b', 'a', 'c']);
  });
});

describe('oomScoreAdj (GetContainerOOMScoreAdjust)', () => {
  it('is -997 for Guaranteed and node-critical pods, 1000 for BestEffort', () => {
    expect(oomScoreAdj('Guaranteed', false, 256 * Mi, GiB4)).toBe(-997);
    expect(oomScoreAdj('Burstable', true, 0, GiB4)).toBe(-997);
    expect(oomScoreAdj('BestEffort', false, 0, GiB4)).toBe(1000);
  });

  it('is 1000 - 1000 × request / capacity for Burstable, within [3, 999]', () => {
    expect(oomScoreAdj('Burstable', false, 256 * Mi, GiB4)).toBe(938);
    expect(oomScoreAdj('Burstable', false, 1 * Mi, GiB4)).toBe(999);
    expect(oomScoreAdj('Burstable', false, 0, GiB4)).toBe(999);
    expect(oomScoreAdj('Burstable', false, GiB4, GiB4)).toBe(3);
  });
});

describe('oomVictim (oom_badness)', () => {
  it('kills the BestEffort container before a Guaranteed one using far more', () => {
    const guaranteed = { usageBytes: 3 * 2 ** 30, oomScoreAdj: -997 };
    const bestEffort = { usageBytes: 20 * Mi, oomScoreAdj: 1000 };
    expect(oomVictim([guaranteed, bestEffort], GiB4)).toBe(1);
  });

  it('picks the larger user among equals, keeps the first on a tie, never one at -1000', () => {
    expect(oomVictim([{ usageBytes: 10, oomScoreAdj: 1000 }, { usageBytes: 20, oomScoreAdj: 1000 }], GiB4)).toBe(1);
    expect(oomVictim([{ usageBytes: 10, oomScoreAdj: 0 }, { usageBytes: 10, oomScoreAdj: 0 }], GiB4)).toBe(0);
    expect(oomVictim([{ usageBytes: GiB4, oomScoreAdj: -1000 }], GiB4)).toBe(-1);
  });
});

describe('EvictionManager', () => {
  function host(workingSet: () => number, pods: EvictionCandidate[], critical = new Set<string>()) {
    let now = 0;
    const timers: { at: number; fn: () => void }[] = [];
    const evicted: { key: string; message: string }[] = [];
    const events: string[] = [];
    const gone = new Set<string>();
    const h: EvictionHost = {
      now: () => now,
      capacityBytes: () => GiB4,
      workingSetBytes: workingSet,
      activePods: () => pods.filter((p) => !evicted.some((e) => e.key === p.key)),
      evict: (p, message) => {
        if (critical.has(p.key)) return false;
        evicted.push({ key: p.key, message });
        return true;
      },
      cleanedUp: (p) => gone.has(p.key),
      nodeEvent: (type, reason, message) => events.push(`${type} ${reason} ${message}`),
      schedule: (ms, fn) => timers.push({ at: now + ms, fn }),
    };
    const advance = (ms: number) => {
      const end = now + ms;
      for (;;) {
        timers.sort((a, b) => a.at - b.at);
        const t = timers[0];
        if (!t || t.at > end) break;
        timers.shift();
        now = t.at;
        t.fn();
      }
      now = end;
    };
    return { h, evicted, events, gone, advance, timers };
  }

  it('does nothing while 100Mi or more is available', () => {
    const t = host(() => GiB4 - 100 * Mi, [pod('a', 1 * Mi, 0)]);
    const m = new EvictionManager(t.h);
    expect(m.synchronize()).toBeUndefined();
    expect(m.underMemoryPressure()).toBe(false);
    expect(t.events).toEqual([]);
  });

  it('evicts one pod per pass, skipping a critical one, then looks again once it is cleaned up', () => {
    let used = GiB4 - 10 * Mi;
    const t = host(() => used, [pod('system', 900 * Mi, 0, 2_000_000_000), pod('big', 500 * Mi, 0), pod('small', 5 * Mi, 0)], new Set(['system']));
    const m = new EvictionManager(t.h);
    expect(m.synchronize()).toBe('big');
    expect(m.underMemoryPressure()).toBe(true);
    expect(t.events).toEqual(['Warning EvictionThresholdMet Attempting to reclaim memory']);
    expect(t.evicted[0].message).toBe('The node was low on resource: memory. Threshold quantity: 100Mi, available: 10Mi. Container big was using 500Mi, request is 0, has larger consumption of memory. ');
    // While it waits for the pod to go, the 10 s tick does not evict another.
    expect(m.synchronize()).toBeUndefined();
    t.advance(3_000);
    expect(t.evicted.map((e) => e.key)).toEqual(['big']);
    // Gone, and memory still short: the next pass follows at once and takes the next pod.
    t.gone.add('big');
    t.advance(1_000);
    expect(t.evicted.map((e) => e.key)).toEqual(['big', 'small']);
    // Memory recovered: MemoryPressure stays True for 5 minutes after the threshold was last met.
    used = 1 * 2 ** 30;
    t.gone.add('small');
    t.advance(1_000);
    t.advance(290_000);
    expect(m.underMemoryPressure()).toBe(true);
    t.advance(10_000);
    expect(m.underMemoryPressure()).toBe(false);
  });
});
