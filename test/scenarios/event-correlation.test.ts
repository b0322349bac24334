/**
 * What client-go's EventCorrelator does to a controller's Events, seen the way
 * a learner sees it: a ReplicaSet that creates 30 pods writes nine
 * "Created pod" Events, then one "(combined from similar events)" Event whose
 * count stops at 16 when the source's burst of 25 writes about the object is
 * spent (events_cache.go: aggregate from the 10th message, spam burst 25).
 */
import { describe, expect, it } from 'vitest';
import { Cluster } from '../../engine/cluster.js';
import { kubectlRunner } from '../../engine/kubectl/test-helpers.js';

describe('Event correlation', () => {
  it('folds a ReplicaSet\'s 30 SuccessfulCreate events into nine and one combined, within the spam burst', async () => {
    const c = new Cluster({ seed: 1 }).boot();
    const k = kubectlRunner(c);
    await k.run(['create', 'deployment', 'web', '--image=nginx', '--replicas=30']);
    c.advance(60_000);
    const pods = c.client().list('pods', 'default').items;
    expect(pods).toHaveLength(30);
    const rsEvents = c.client().list('events', 'default').items.filter((e) => (e.involvedObject as { kind: string }).kind === 'ReplicaSet');
    const plain = rsEvents.filter((e) => String(e.message).startsWith('Created pod: '));
    const combined = rsEvents.filter((e) => String(e.message).startsWith('(combined from similar events): Created pod: '));
    expect(plain).toHaveLength(9);
    expect(plain.every((e) => e.count === 1)).toBe(true);
    expect(combined).toHaveLength(1);
    expect(combined[0].count).toBe(16);
    // Every message names a pod that was created.
    const names = new Set(pods.map((p) => p.metadata.name));
    for (const e of [...plain, ...combined]) expect(names.has(String(e.message).split('Created pod: ')[1])).toBe(true);
    const describe = (await k.run(['describe', 'rs'])).stdout;
    expect(describe).toMatch(/ Normal {2}SuccessfulCreate {2}\d+s \(x16 over \d+s\) {2}replicaset-controller {2}\(combined from similar events\): Created pod: web-/);
    expect(c.clock.errors).toEqual([]);
  });
});
