import { describe, expect, it } from 'vitest';
import type { KObject } from '../../api/meta.js';
import { Cluster } from '../../cluster.js';
import { isTerminated, terminatedToDelete } from './podgc.js';

const p = (name: string, created: string, phase: string, reason?: string): KObject => ({ metadata: { name, creationTimestamp: created }, status: { phase, ...(reason ? { reason } : {}) } });

describe('pod GC decisions', () => {
  it('deletes the excess terminated pods, evicted first, then the oldest', () => {
    const pods = [p('c', '2026-01-01T00:00:03Z', 'Succeeded'), p('a', '2026-01-01T00:00:01Z', 'Failed'), p('e', '2026-01-01T00:00:09Z', 'Failed', 'Evicted'), p('b', '2026-01-01T00:00:02Z', 'Succeeded')];
    expect(terminatedToDelete(pods, 2).map((x) => x.metadata.name)).toEqual(['e', 'a']);
    expect(terminatedToDelete(pods, 4)).toEqual([]);
    expect(isTerminated(p('x', '', 'Running'))).toBe(false);
    expect(isTerminated(p('x', '', 'Unknown'))).toBe(false);
  });
});

describe('pod GC in a cluster', () => {
  it('force-deletes the pods of a deleted node after the quarantine, marked Failed with DisruptionTarget', () => {
    const c = new Cluster({ seed: 41 }).boot();
    const client = c.client();
    client.create('pods', 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'orphan' }, spec: { nodeName: 'worker-2', containers: [{ name: 'c', image: 'nginx:1.25' }] } });
    c.advance(10_000);
    // A new image makes generation 2: what the condition and the status observe.
    const running = structuredClone(client.get('pods', 'default', 'orphan')) as KObject & { spec: { containers: { image: string }[] } };
    running.spec.containers[0].image = 'nginx:1.27';
    expect(client.update('pods', running).metadata.generation).toBe(2);
    c.stopComponent('worker-2');
    client.delete('nodes', undefined, 'worker-2');
    const deletedAt = c.clock.now();
    c.clock.runUntil(() => !client.tryGet('pods', 'default', 'orphan'), 200_000);
    // The status write and the delete happen in one pass: read the last state from the store's history.
    const last = c.history.filter((h) => h.kind === 'change' && h.event.resource === 'pods' && h.event.object.metadata.name === 'orphan').pop();
    expect(last?.kind === 'change' && last.event.type).toBe('DELETED');
    const seenFailed = last?.kind === 'change' ? last.event.object : undefined;
    expect(seenFailed!.status).toMatchObject({ phase: 'Failed', observedGeneration: 2 });
    expect(client.tryGet('pods', 'default', 'orphan')).toBeUndefined();
    // Quarantine of 40 s, found by a pass every 20 s.
    expect(c.clock.now() - deletedAt).toBeGreaterThanOrEqual(40_000);
    expect(c.clock.now() - deletedAt).toBeLessThanOrEqual(81_000);
    const dt = (seenFailed!.status as { conditions: { type: string; reason?: string; message?: string }[] }).conditions.find((x) => x.type === 'DisruptionTarget');
    expect(dt).toMatchObject({ observedGeneration: 2, status: 'True', reason: 'DeletionByPodGC', message: 'PodGC: node no longer exists' });
    expect(c.clock.errors).toEqual([]);
  });
});
