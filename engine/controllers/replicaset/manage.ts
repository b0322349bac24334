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
 * slowStartBatch's bookkeeping, one call at a time: batches of 1, 2, 4, …, and
 * no new batch after one with a failure, so a quota or admission error costs
 * one call rather than hundreds. The calls of a batch run to its end even after
 * a failure, as upstream's goroutines do. Kept as a state machine because a
 * create may have to wait for a client token between two calls.
 */
export class SlowStart<E> {
  private remaining: number;
  private batch: number;
  private leftInBatch: number;
  private failedInBatch = 0;
  successes = 0;
  error?: E;

  constructor(count: number, initialBatchSize: number) {
    this.remaining = count;
    this.batch = Math.min(count, initialBatchSize);
    this.leftInBatch = this.batch;
  }

  /** Whether another call is to be made. */
  more(): boolean {
    return this.leftInBatch > 0;
  }

  /** The outcome of one call (undefined for success). */
  record(err: E | undefined): void {
    this.leftInBatch--;
    if (err !== undefined) {
      this.failedInBatch++;
      this.error ??= err;
    }
    if (this.leftInBatch > 0) return;
    this.successes += this.batch - this.failedInBatch;
    this.remaining -= this.batch;
    if (this.failedInBatch > 0) return;
    this.batch = Math.min(2 * this.batch, this.remaining);
    this.leftInBatch = this.batch;
  }
}

/** slowStartBatch with calls that never wait: returns how many succeeded and the first error. */
export function slowStartBatch<E>(count: number, initialBatchSize: number, fn: () => E | undefined): { successes: number; error?: E } {
  const s = new SlowStart<E>(count, initialBatchSize);
  while (s.more()) s.record(fn());
  return s.error === undefined ? { successes: s.successes } : { successes: s.successes, error: s.error };
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
