/**
 * manageReplicas's decisions as pure functions: how many pods to create or
 * which to delete, the slow-start batching of creations, and the pod a
 * ReplicaSet stamps out of its template (controller_utils.go GetPodFromTemplate).
 */
import type { OwnerReference } from 'kubernetes-types/meta/v1';
import { clone, type KObject } from '../../api/meta.js';
import type { PodLike } from './podutil.js';
import { podsToDelete } from './ranking.js';
import type { PodTemplate } from './types.js';

/** BurstReplicas: the most creations or deletions one sync starts (the rest wait for the next sync). */
export const BURST_REPLICAS = 500;
/** SlowStartInitialBatchSize: the first batch of creations; each later batch doubles. */
export const SLOW_START_INITIAL_BATCH_SIZE = 1;

export type ReplicaPlan =
  | { kind: 'none' }
  | { kind: 'create'; count: number }
  | { kind: 'delete'; pods: PodLike[] };

/** `related` is only read when pods must go: finding a Deployment's sibling sets costs a lookup. */
export function planReplicas(active: PodLike[], related: () => PodLike[], replicas: number, now: number, burst = BURST_REPLICAS): ReplicaPlan {
  const diff = active.length - replicas;
  if (diff > 0) return { kind: 'delete', pods: podsToDelete(active, related(), Math.min(diff, burst), now) };
  return planCreations(active.length, replicas, burst);
}

/** The plan when the set has no more than `replicas` active pods: only the count matters, not which pods. */
export function planCreations(activeCount: number, replicas: number, burst = BURST_REPLICAS): ReplicaPlan {
  const diff = activeCount - replicas;
  if (diff < 0) return { kind: 'create', count: Math.min(-diff, burst) };
  return { kind: 'none' };
}

/**
 * slowStartBatch: calls `fn` in batches of 1, 2, 4, … and stops after the first
 * batch with a failure, so a quota or admission error costs one call rather than
 * hundreds. Returns how many succeeded and the first error.
 */
export function slowStartBatch<E>(count: number, initialBatchSize: number, fn: () => E | undefined): { successes: number; error?: E } {
  let remaining = count;
  let successes = 0;
  for (let batch = Math.min(remaining, initialBatchSize); batch > 0; batch = Math.min(2 * batch, remaining)) {
    let firstError: E | undefined;
    let failures = 0;
    for (let i = 0; i < batch; i++) {
      const err = fn();
      if (err !== undefined) {
        failures++;
        firstError ??= err;
      }
    }
    successes += batch - failures;
    if (failures > 0) return { successes, error: firstError };
    remaining -= batch;
  }
  return { successes };
}

/** The generateName prefix for an owner's pods: `web-7d4b9c8f5-`. */
export function podsPrefix(ownerName: string): string {
  return `${ownerName}-`;
}

/** A new pod from the template, owned by `owner`: labels, annotations and finalizers come from the template. */
export function podFromTemplate(template: PodTemplate, ownerName: string, ref: OwnerReference): KObject {
  const meta = template.metadata ?? {};
  const pod: KObject = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      generateName: podsPrefix(ownerName),
      ...(meta.labels ? { labels: { ...meta.labels } } : {}),
      ...(meta.annotations ? { annotations: { ...meta.annotations } } : {}),
      ...(meta.finalizers ? { finalizers: [...meta.finalizers] } : {}),
      ownerReferences: [{ ...ref }],
    },
    spec: clone(template.spec ?? {}),
  };
  return pod;
}
