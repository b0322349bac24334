import { describe, expect, it } from 'vitest';
import { labelSelectorAsSelector, selectorFromSet } from '../../api/selectors.js';
import { Random } from '../../util/random.js';
import { isPodActive, isPodReady, isPodTerminating, type PodLike } from './podutil.js';
import { PodTally } from './tally.js';
import type { ReplicaSetLike } from './types.js';

function rs(uid: string, templateLabels: Record<string, string>): ReplicaSetLike {
  return {
    apiVersion: 'apps/v1', kind: 'ReplicaSet',
    metadata: { name: uid, namespace: 'default', uid },
    spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: templateLabels } } },
  } as ReplicaSetLike;
}

function randomPod(r: Random, name: string): PodLike {
  const owner = r.pick(['rs-a', 'rs-b', '']);
  return {
    metadata: {
      name, namespace: 'default', uid: `${name}-${r.int(1000)}`,
      labels: r.pick([{ app: 'web' }, { app: 'web', tier: 'front' }, { app: 'db' }]),
      ...(owner ? { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: owner, uid: owner, controller: true }] } : {}),
      ...(r.int(5) === 0 ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {}),
    },
    status: {
      phase: r.pick(['Pending', 'Running', 'Running', 'Succeeded', 'Failed']),
      conditions: [{ type: 'Ready', status: r.pick(['True', 'False']) }],
    },
  } as PodLike;
}

/** What the upstream walk counts: the set's owned pods, active and matching, and its terminating ones. */
function walk(set: ReplicaSetLike, pods: Iterable<PodLike>) {
  const selector = labelSelectorAsSelector(set.spec?.selector);
  const template = selectorFromSet(set.spec?.template?.metadata?.labels);
  const c = { replicas: 0, fullyLabeled: 0, ready: 0, terminating: 0 };
  let unmatched = 0;
  for (const p of pods) {
    if (p.metadata.ownerReferences?.[0]?.uid !== set.metadata.uid) continue;
    if (isPodTerminating(p)) c.terminating++;
    if (!isPodActive(p)) continue;
    if (!selector.matches(p.metadata.labels)) {
      unmatched++;
      continue;
    }
    c.replicas++;
    if (isPodReady(p)) c.ready++;
    if (template.matches(p.metadata.labels)) c.fullyLabeled++;
  }
  return { counts: c, unmatched };
}

describe('PodTally', () => {
  it('keeps the counts a full walk of the pods gives, through adds, updates and deletes', () => {
    const r = new Random(7);
    const cache = new Map<string, PodLike>();
    const tally = new PodTally();
    const sets = [rs('rs-a', { app: 'web', tier: 'front' }), rs('rs-b', { app: 'web' })];
    const owned = (uid: string) => () => [...cache.values()].filter((p) => p.metadata.ownerReferences?.[0]?.uid === uid);
    for (let step = 0; step < 2000; step++) {
      const name = `p${r.int(60)}`;
      const old = cache.get(name);
      if (old && r.int(4) === 0) {
        cache.delete(name);
        tally.remove(old);
      } else {
        const pod = randomPod(r, name);
        cache.set(name, pod);
        if (old) {
          tally.remove(old);
          tally.add(pod);
        } else {
          tally.add(pod);
        }
      }
      // The tallies start mid-way, from what the cache holds then.
      if (step < 300) continue;
      for (const set of sets) expect(tally.countsFor(set, owned(set.metadata.uid!))).toEqual(walk(set, cache.values()));
    }
  });

  it('recounts when the template labels change, and forgets a deleted set', () => {
    const tally = new PodTally();
    const pods = [
      { metadata: { name: 'a', namespace: 'default', labels: { app: 'web' }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs-a', uid: 'rs-a', controller: true }] }, status: { phase: 'Running' } },
    ] as PodLike[];
    expect(tally.countsFor(rs('rs-a', { app: 'web', tier: 'front' }), () => pods)?.counts.fullyLabeled).toBe(0);
    expect(tally.countsFor(rs('rs-a', { app: 'web' }), () => pods)?.counts.fullyLabeled).toBe(1);
    tally.forget('rs-a');
    tally.remove(pods[0]);
    expect(tally.countsFor(rs('rs-a', { app: 'web' }), () => [])?.counts.replicas).toBe(0);
  });
});
