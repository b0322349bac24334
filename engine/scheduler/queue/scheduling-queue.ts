/**
 * The scheduling queue (pkg/scheduler/backend/queue): activeQ ordered by the
 * QueueSort plugin; backoffQ for pods that failed recently (1 s doubling to
 * 10 s); unschedulablePods, parked until a cluster event that may help (a node
 * added or changed, an assigned pod deleted) or for at most 5 minutes.
 */
import type { VirtualClock } from '../../util/clock.js';
import type { PodInfo } from '../framework/pod-info.js';
import type { QueuedPodInfo } from '../framework/types.js';

export const POD_INITIAL_BACKOFF_MS = 1_000;
export const POD_MAX_BACKOFF_MS = 10_000;
/** podMaxInUnschedulablePodsDuration */
export const POD_MAX_IN_UNSCHEDULABLE_MS = 5 * 60_000;
/** How often leftover unschedulable pods are checked (flushUnschedulablePodsLeftover). */
export const UNSCHEDULABLE_FLUSH_PERIOD_MS = 30_000;

/** calculateBackoffDuration: 1 s, 2 s, 4 s, 8 s, then 10 s. */
export function backoffDuration(attempts: number): number {
  let d = POD_INITIAL_BACKOFF_MS;
  for (let i = 1; i < attempts; i++) {
    if (d > POD_MAX_BACKOFF_MS - d) return POD_MAX_BACKOFF_MS;
    d += d;
  }
  return d;
}

class Heap {
  private items: QueuedPodInfo[] = [];
  readonly byKey = new Map<string, QueuedPodInfo>();
  constructor(private readonly less: (a: QueuedPodInfo, b: QueuedPodInfo) => boolean) {}
  get size(): number { return this.items.length; }
  peek(): QueuedPodInfo | undefined { return this.items[0]; }
  push(q: QueuedPodInfo): void {
    this.byKey.set(q.info.key, q);
    this.items.push(q);
    this.up(this.items.length - 1);
  }
  pop(): QueuedPodInfo | undefined {
    const top = this.items[0];
    if (!top) return undefined;
    this.removeAt(0);
    return top;
  }
  delete(key: string): QueuedPodInfo | undefined {
    const q = this.byKey.get(key);
    if (!q) return undefined;
    this.removeAt(this.items.indexOf(q));
    return q;
  }
  private removeAt(i: number): void {
    const q = this.items[i];
    this.byKey.delete(q.info.key);
    const last = this.items.pop()!;
    if (i < this.items.length) {
      this.items[i] = last;
      this.up(i);
      this.down(i);
    }
  }
  private up(i: number): void {
    const h = this.items;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(h[i], h[p])) break;
      [h[i], h[p]] = [h[p], h[i]];
      i = p;
    }
  }
  private down(i: number): void {
    const h = this.items;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= h.length) return;
      const r = l + 1;
      const c = r < h.length && this.less(h[r], h[l]) ? r : l;
      if (!this.less(h[c], h[i])) return;
      [h[i], h[c]] = [h[c], h[i]];
      i = c;
    }
  }
}

export class SchedulingQueue {
  private readonly activeQ: Heap;
  private readonly backoffQ: Heap;
  private readonly unschedulable = new Map<string, QueuedPodInfo>();
  /** Plugin → keys of unschedulable pods it rejected: an event one plugin cares about visits only those. */
  private readonly rejectedBy = new Map<string, Set<string>>();
  /** A cluster event arrived while a pod was being scheduled: its failure goes to backoff, not to sleep. */
  private moveRequestCycle = -1;
  private schedulingCycle = 0;
  private backoffTimer?: number;
  private backoffTimerAt = Infinity;
  private stopFlush?: () => void;

  constructor(private readonly clock: VirtualClock, less: (a: QueuedPodInfo, b: QueuedPodInfo) => boolean, private readonly onActive: () => void) {
    this.activeQ = new Heap(less);
    this.backoffQ = new Heap((a, b) => this.backoffExpiry(a) < this.backoffExpiry(b));
  }

  start(): void {
    this.stopFlush = this.clock.every(UNSCHEDULABLE_FLUSH_PERIOD_MS, () => this.flushUnschedulableLeftover(), { label: 'kube-scheduler flush unschedulable pods' });
  }

  stop(): void {
    this.stopFlush?.();
    if (this.backoffTimer !== undefined) this.clock.cancel(this.backoffTimer);
    this.backoffTimer = undefined;
    this.backoffTimerAt = Infinity;
  }

  lengths(): { active: number; backoff: number; unschedulable: number } {
    return { active: this.activeQ.size, backoff: this.backoffQ.size, unschedulable: this.unschedulable.size };
  }

  has(key: string): boolean {
    return this.activeQ.byKey.has(key) || this.backoffQ.byKey.has(key) || this.unschedulable.has(key);
  }

  add(info: PodInfo): void {
    if (this.has(info.key)) return this.update(info);
    const now = this.clock.now();
    this.activeQ.push({ info, initialAttemptTimestamp: now, timestamp: now, attempts: 0, unschedulablePlugins: new Set() });
    this.onActive();
  }

  /** The pending pod itself changed: refresh it, and give an unschedulable one another try. */
  update(info: PodInfo): void {
    for (const h of [this.activeQ, this.backoffQ]) {
      const q = h.byKey.get(info.key);
      if (q) {
        q.info = info;
        return;
      }
    }
    const q = this.unschedulable.get(info.key);
    if (q) {
      q.info = info;
      this.unpark(q);
      this.requeue(q);
    }
  }

  delete(key: string): void {
    this.activeQ.delete(key);
    this.backoffQ.delete(key);
    const q = this.unschedulable.get(key);
    if (q) this.unpark(q);
  }

  pop(): QueuedPodInfo | undefined {
    const q = this.activeQ.pop();
    if (q) {
      q.attempts++;
      this.schedulingCycle++;
    }
    return q;
  }

  cycle(): number {
    return this.schedulingCycle;
  }

  /** AddUnschedulableIfNotPresent: back into the queue after a failed attempt. */
  addUnschedulable(q: QueuedPodInfo, podCycle: number, error = false): void {
    if (this.has(q.info.key)) return;
    q.timestamp = this.clock.now();
    if (error || this.moveRequestCycle >= podCycle) this.pushBackoff(q);
    else this.park(q);
  }

  private park(q: QueuedPodInfo): void {
    this.unschedulable.set(q.info.key, q);
    for (const pl of q.unschedulablePlugins) {
      let keys = this.rejectedBy.get(pl);
      if (!keys) this.rejectedBy.set(pl, (keys = new Set()));
      keys.add(q.info.key);
    }
  }

  private unpark(q: QueuedPodInfo): void {
    this.unschedulable.delete(q.info.key);
    for (const pl of q.unschedulablePlugins) {
      const keys = this.rejectedBy.get(pl);
      keys?.delete(q.info.key);
      if (keys?.size === 0) this.rejectedBy.delete(pl);
    }
  }

  /**
   * A cluster event only `plugin` registered for (with its queueing hint):
   * moves the unschedulable pods that plugin rejected and for which `hint`
   * says the event may help; the others stay parked.
   */
  movePodsRejectedBy(plugin: string, hint: (q: QueuedPodInfo) => boolean): void {
    const keys = this.rejectedBy.get(plugin);
    if (!keys) return;
    let moved = false;
    for (const key of [...keys]) {
      const q = this.unschedulable.get(key);
      if (!q || !hint(q)) continue;
      this.unpark(q);
      this.requeue(q);
      moved = true;
    }
    if (moved) this.moveRequestCycle = this.schedulingCycle;
  }

  /** MoveAllToActiveOrBackoffQueue: a cluster event that may make parked pods schedulable. */
  moveAllToActiveOrBackoff(filter?: (q: QueuedPodInfo) => boolean): void {
    for (const [key, q] of [...this.unschedulable]) {
      if (filter && !filter(q)) continue;
      this.unpark(q);
      this.requeue(q);
    }
    this.moveRequestCycle = this.schedulingCycle;
  }

  private requeue(q: QueuedPodInfo): void {
    if (this.backoffExpiry(q) > this.clock.now()) this.pushBackoff(q);
    else {
      this.activeQ.push(q);
      this.onActive();
    }
  }

  private backoffExpiry(q: QueuedPodInfo): number {
    return q.timestamp + backoffDuration(q.attempts);
  }

  private pushBackoff(q: QueuedPodInfo): void {
    this.backoffQ.push(q);
    this.armBackoffTimer();
  }

  private armBackoffTimer(): void {
    const head = this.backoffQ.peek();
    if (!head) return;
    const at = this.backoffExpiry(head);
    if (at >= this.backoffTimerAt) return;
    if (this.backoffTimer !== undefined) this.clock.cancel(this.backoffTimer);
    this.backoffTimerAt = at;
    this.backoffTimer = this.clock.at(at, () => {
      this.backoffTimer = undefined;
      this.backoffTimerAt = Infinity;
      this.flushBackoffCompleted();
    }, { label: 'kube-scheduler backoff' });
  }

  private flushBackoffCompleted(): void {
    const now = this.clock.now();
    let moved = false;
    for (let head = this.backoffQ.peek(); head && this.backoffExpiry(head) <= now; head = this.backoffQ.peek()) {
      this.backoffQ.pop();
      this.activeQ.push(head);
      moved = true;
    }
    if (moved) this.onActive();
    this.armBackoffTimer();
  }

  private flushUnschedulableLeftover(): void {
    const now = this.clock.now();
    this.moveAllToActiveOrBackoffIf((q) => now - q.timestamp > POD_MAX_IN_UNSCHEDULABLE_MS);
  }

  private moveAllToActiveOrBackoffIf(pred: (q: QueuedPodInfo) => boolean): void {
    for (const [key, q] of [...this.unschedulable]) {
      if (!pred(q)) continue;
      this.unpark(q);
      this.requeue(q);
    }
  }
}
