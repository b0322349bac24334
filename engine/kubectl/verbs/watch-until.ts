/**
 * UntilWithSync over one object, as kubectl's waits run it (run's waitForPod, rollout status): a watch on the
 * object by name that `step` reads event by event until it settles the wait; Ctrl-C and the timeout settle it
 * too. Whichever comes first, the watch, the abort hook and the timer end together.
 */
import type { WatchEvent } from '../../api/apiserver.js';
import type { Invocation } from '../framework/command.js';

/** How a wait ends: with a value, or with an error to throw. */
export type Settled<T> = { value: T } | { error: unknown };

export interface WatchUntil<T> {
  resource: string;
  namespace: string | undefined;
  name: string;
  /** Resume after this revision (what was already read), instead of a synthetic ADDED of the object as it is. */
  resourceVersion?: string;
  /** Ctrl-C. */
  aborted: () => Settled<T>;
  /** Milliseconds of simulated time, and how the wait ends then; none when absent. */
  timeout?: { ms: number; settle: () => Settled<T> };
  /** Each event; undefined goes on watching. */
  step: (e: WatchEvent) => Settled<T> | undefined;
}

export function watchUntil<T>(inv: Invocation, w: WatchUntil<T>): Promise<T> {
  const clock = inv.ctx.cluster.clock;
  return new Promise<T>((resolve, reject) => {
    let finished = false;
    const finish = (s: Settled<T>) => {
      if (finished) return;
      finished = true;
      watch.stop();
      unsub();
      if (timer !== undefined) clock.cancel(timer);
      if ('error' in s) reject(s.error);
      else resolve(s.value);
    };
    const watch = inv.client().watch(w.resource, w.namespace, { fieldSelector: `metadata.name=${w.name}`, ...(w.resourceVersion !== undefined ? { resourceVersion: w.resourceVersion } : {}) }, (e) => {
      if (finished) return;
      const s = w.step(e);
      if (s) finish(s);
    });
    const unsub = inv.ctx.signal.onAbort(() => finish(w.aborted()));
    const timer = w.timeout ? clock.schedule(w.timeout.ms, () => finish(w.timeout!.settle())) : undefined;
  });
}
