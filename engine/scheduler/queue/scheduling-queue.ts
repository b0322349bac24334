/**
 * The scheduling queue (pkg/scheduler/backend/queue, v1.35, with
 * SchedulerQueueingHints and SchedulerPopFromBackoffQ on by default):
 *
 * - activeQ, ordered by the QueueSort plugin;
 * - backoffQ, pods waiting out their backoff: 1 s doubling to 10 s after each
 *   unschedulable attempt, the expiry truncated to the second (the ordering
 *   window) and flushed on whole seconds. When activeQ is empty the scheduler
 *   takes the head of backoffQ at once instead of waiting (KEP-5142). Pods that
 *   failed with an error (no rejecting plugin) wait in a separate error backoff
 *   queue that is never popped early;
 * - unschedulablePods, parked until a cluster event for which a plugin that
 *   rejected them gives the queueing hint Queue, or for at most 5 minutes
 *   (checked every 30 s). Pods a PreEnqueue plugin rejects on their way into
 *   activeQ or backoffQ ("gated", e.g. by spec.schedulingGates) wait here too,
 *   and only an event their gating plugin registered moves them: the 5-minute
 *   flush does not.
 *
 * Events that arrive while a pod is being scheduled ("in flight") are kept and
 * replayed through its hints when it comes back unschedulable.
 */
import type { VirtualClock } from '../../util/clock.js';
import {
  EVENT_UNSCHEDULABLE_TIMEOUT, isWildCard, matchClusterEvent, podSchedulingPropertiesChange,
  type ClusterEvent, type ClusterEventWithHint,
} from '../framework/cluster-event.js';
import type { PodInfo } from '../framework/pod-info.js';
import { Code, type PreEnqueuePlugin, type QueuedPodInfo } from '../framework/types.js';

export const POD_INITIAL_BACKOFF_MS = 1_000;
export const POD_MAX_BACKOFF_MS = 10_000;
/** DefaultPodMaxInUnschedulablePodsDuration */
export const POD_MAX_IN_UNSCHEDULABLE_MS = 5 * 60_000;
/** How often leftover unschedulable pods are checked (flushUnschedulablePodsLeftover). */
export const UNSCHEDULABLE_FLUSH_PERIOD_MS = 30_000;
/** backoffQOrderingWindowDuration: backoff expiries are truncated to it, and backoffQ is flushed on its boundaries. */
export const BACKOFF_ORDERING_WINDOW_MS = 1_000;

/** calculateBackoffDuration: 1 s, 2 s, 4 s, 8 s, then 10 s (count is UnschedulableCount or ConsecutiveErrorsCount). */
export function backoffDuration(count: number): number {
  if (count <= 0) return 0;
  const shift = count - 1;
  if (shift >= 31 || POD_INITIAL_BACKOFF_MS > POD_MAX_BACKOFF_MS / 2 ** shift) return POD_MAX_BACKOFF_MS;
  return POD_INITIAL_BACKOFF_MS * 2 ** shift;
}

/** alignToWindow: the start of the ordering window `t` falls in. */
export function alignToWindow(t: number): number {
  return t - (((t % BACKOFF_ORDERING_WINDOW_MS) + BACKOFF_ORDERING_WINDOW_MS) % BACKOFF_ORDERING_WINDOW_MS);
}

/** queueingStrategy */
export const enum QueueingStrategy {
  Skip = 0,
  AfterBackoff = 1,
}

/** A plugin's registered event with its hint (the queueingHintMap of the profile). */
export interface RegisteredHint extends ClusterEventWithHint {
  plugin: string;
}

/** Where a pod went after a requeue decision. */
export type QueueName = 'Active' | 'Backoff' | 'Unschedulable';

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

/** An entry of the in-flight log: a pod that was popped, or an event seen after it. */
interface InFlightEntry {
  uid?: string;
  event?: ClusterEvent;
  oldObj?: unknown;
  newObj?: unknown;
}

const EMPTY_KEYS: ReadonlySet<string> = new Set();

export class SchedulingQueue {
  private readonly activeQ: Heap;
  /** podBackoffQ: pods some plugin rejected; its head may be popped early. */
  private readonly backoffQ: Heap;
  /** podErrorBackoffQ: pods that failed with an error; only their expiry moves them. */
  private readonly errorBackoffQ: Heap;
  private readonly unschedulable = new Map<string, QueuedPodInfo>();
  /** Plugin → keys of unschedulable pods it rejected: an event visits only the pods of the plugins registered for it. */
  private readonly rejectedBy = new Map<string, Set<string>>();
  /** Which plugins registered an event matching an incoming one (by resource and action), computed once. */
  private readonly pluginsForEvent = new Map<string, readonly string[]>();
  private readonly inFlightPods = new Map<string, number>();
  private inFlightLog: (InFlightEntry | undefined)[] = [];
  private inFlightBase = 0;
  private schedulingCycle = 0;
  private backoffTimer?: number;
  private backoffTimerAt = Infinity;
  private stopFlush?: () => void;

  constructor(
    private readonly clock: VirtualClock,
    less: (a: QueuedPodInfo, b: QueuedPodInfo) => boolean,
    private readonly onActive: () => void,
    private readonly hints: readonly RegisteredHint[] = [],
    private readonly preEnqueuePlugins: readonly PreEnqueuePlugin[] = [],
  ) {
    this.activeQ = new Heap(less);
    // lessBackoffCompletedWithPriority: by expiry window, then as activeQ orders.
    this.backoffQ = new Heap((a, b) => {
      const ea = this.backoffTime(a);
      const eb = this.backoffTime(b);
      return ea !== eb ? ea < eb : less(a, b);
    });
    this.errorBackoffQ = new Heap((a, b) => this.backoffTime(a) < this.backoffTime(b));
  }

  start(): void {
    this.stopFlush = this.clock.every(UNSCHEDULABLE_FLUSH_PERIOD_MS, () => this.flushUnschedulableLeftover());
  }

  stop(): void {
    this.stopFlush?.();
    if (this.backoffTimer !== undefined) this.clock.cancel(this.backoffTimer);
    this.backoffTimer = undefined;
    this.backoffTimerAt = Infinity;
  }

  lengths(): { active: number; backoff: number; unschedulable: number } {
    return { active: this.activeQ.size, backoff: this.backoffQ.size + this.errorBackoffQ.size, unschedulable: this.unschedulable.size };
  }

  has(key: string): boolean {
    return this.activeQ.byKey.has(key) || this.backoffQ.byKey.has(key) || this.errorBackoffQ.byKey.has(key) || this.unschedulable.has(key);
  }

  /** Where a pod waits now, for tests and the page. */
  where(key: string): QueueName | undefined {
    if (this.activeQ.byKey.has(key)) return 'Active';
    if (this.backoffQ.byKey.has(key) || this.errorBackoffQ.byKey.has(key)) return 'Backoff';
    if (this.unschedulable.has(key)) return 'Unschedulable';
    return undefined;
  }

  /** The queued pod of `key` wherever it waits. */
  get(key: string): QueuedPodInfo | undefined {
    return this.activeQ.byKey.get(key) ?? this.backoffQ.byKey.get(key) ?? this.errorBackoffQ.byKey.get(key) ?? this.unschedulable.get(key);
  }

  /** Add: a new unscheduled pod goes to activeQ, unless a PreEnqueue plugin gates it. */
  add(info: PodInfo): void {
    if (this.has(info.key)) return this.update(info);
    this.moveToActive(this.newQueuedPodInfo(info));
  }

  /** moveToActiveQ: PreEnqueue first; a gated pod is parked instead. */
  private moveToActive(q: QueuedPodInfo): boolean {
    if (this.gated(q)) return false;
    this.activeQ.push(q);
    this.onActive();
    return true;
  }

  /**
   * runPreEnqueuePlugins: the first plugin that rejects the pod becomes its
   * gating plugin and counts among its rejecting plugins, so that plugin's
   * hints decide when it may leave; a gated pod is parked.
   */
  private gated(q: QueuedPodInfo): boolean {
    for (const pl of this.preEnqueuePlugins) {
      const s = pl.preEnqueue(q.info);
      if (!s || s.code === Code.Success) continue;
      q.unschedulablePlugins.add(pl.name);
      q.gatingPlugin = pl.name;
      if (!this.unschedulable.has(q.info.key)) this.park(q);
      return true;
    }
    if (q.gatingPlugin !== undefined) q.gatingPlugin = undefined;
    return false;
  }

  /** A gated pod moves only on an event its gating plugin registered (GatingPluginEvents). */
  private gatedAgainst(q: QueuedPodInfo, event: ClusterEvent): boolean {
    const pl = q.gatingPlugin;
    return pl !== undefined && !this.hints.some((h) => h.plugin === pl && matchClusterEvent(h.event, event));
  }

  private newQueuedPodInfo(info: PodInfo): QueuedPodInfo {
    const now = this.clock.now();
    return { info, initialAttemptTimestamp: now, timestamp: now, attempts: 0, unschedulableCount: 0, consecutiveErrorsCount: 0, backoffExpiration: 0, unschedulablePlugins: new Set(), gatingPlugin: undefined };
  }

  /**
   * Update: the pending pod itself changed. In flight, the change is kept for
   * when it comes back; in activeQ or backoffQ it is just refreshed; parked, its
   * rejecting plugins' hints decide whether the change may make it schedulable.
   */
  update(info: PodInfo): void {
    if (this.inFlightPods.has(info.uid)) {
      // The in-flight pod is requeued from the informer's latest version; its own events are recorded for the hints.
      const prev = this.inFlightPod(info.uid);
      if (prev) for (const e of podSchedulingPropertiesChange(info, prev)) this.inFlightLog.push({ event: e, oldObj: prev, newObj: info });
      this.inFlightInfo.set(info.uid, info);
      return;
    }
    for (const h of [this.activeQ, this.backoffQ, this.errorBackoffQ]) {
      const q = h.byKey.get(info.key);
      if (q) {
        q.info = info;
        return;
      }
    }
    const q = this.unschedulable.get(info.key);
    if (!q) {
      this.moveToActive(this.newQueuedPodInfo(info));
      return;
    }
    const old = q.info;
    q.info = info;
    for (const e of podSchedulingPropertiesChange(info, old)) {
      const strategy = this.isPodWorthRequeuing(q, e, old, info);
      if (strategy === QueueingStrategy.Skip) continue;
      this.unpark(q);
      this.requeue(q, strategy);
      return;
    }
  }

  delete(key: string): void {
    this.activeQ.delete(key);
    this.backoffQ.delete(key);
    this.errorBackoffQ.delete(key);
    const q = this.unschedulable.get(key);
    if (q) this.unpark(q);
  }

  /**
   * Pop: the head of activeQ, or when activeQ is empty the head of backoffQ
   * whether or not its backoff is over. The pod is in flight until done() or
   * addUnschedulable().
   */
  pop(): QueuedPodInfo | undefined {
    const q = this.activeQ.pop() ?? this.backoffQ.pop();
    if (!q) return undefined;
    q.attempts++;
    this.schedulingCycle++;
    this.inFlightPods.set(q.info.uid, this.inFlightBase + this.inFlightLog.length);
    this.inFlightLog.push({ uid: q.info.uid });
    this.inFlightInfo.set(q.info.uid, q.info);
    return q;
  }

  private readonly inFlightInfo = new Map<string, PodInfo>();

  private inFlightPod(uid: string): PodInfo | undefined {
    return this.inFlightInfo.get(uid);
  }

  cycle(): number {
    return this.schedulingCycle;
  }

  /** Done: the pod's attempt is over (bound, or dropped); events seen since only older in-flight pods need are forgotten. */
  done(uid: string): void {
    const at = this.inFlightPods.get(uid);
    if (at === undefined) return;
    this.inFlightPods.delete(uid);
    this.inFlightInfo.delete(uid);
    this.inFlightLog[at - this.inFlightBase] = undefined;
    // Entries before the oldest pod still in flight are no longer anyone's.
    let i = 0;
    const log = this.inFlightLog;
    while (i < log.length && (log[i] === undefined || log[i]!.uid === undefined)) i++;
    if (i > 0) {
      this.inFlightLog = log.slice(i);
      this.inFlightBase += i;
    }
  }

  /**
   * AddUnschedulableIfNotPresent: back after a failed attempt. Without a
   * rejecting plugin it was an error (ConsecutiveErrorsCount), else a rejection
   * (UnschedulableCount); events seen meanwhile go through its hints.
   */
  addUnschedulable(q: QueuedPodInfo): void {
    const uid = q.info.uid;
    if (this.has(q.info.key)) {
      this.done(uid);
      return;
    }
    if (q.unschedulablePlugins.size === 0) q.consecutiveErrorsCount++;
    else {
      q.unschedulableCount++;
      q.consecutiveErrorsCount = 0;
    }
    q.timestamp = this.clock.now();
    q.backoffExpiration = 0;
    const strategy = this.hintForInFlightPod(q);
    this.done(uid);
    if (strategy === QueueingStrategy.Skip) this.park(q);
    else this.requeue(q, strategy);
  }

  /** determineSchedulingHintForInFlightPod */
  private hintForInFlightPod(q: QueuedPodInfo): QueueingStrategy {
    if (q.unschedulablePlugins.size === 0) return QueueingStrategy.AfterBackoff;
    const at = this.inFlightPods.get(q.info.uid);
    if (at === undefined) return QueueingStrategy.AfterBackoff;
    for (let i = at - this.inFlightBase + 1; i < this.inFlightLog.length; i++) {
      const e = this.inFlightLog[i];
      if (!e?.event) continue;
      if (this.isPodWorthRequeuing(q, e.event, e.oldObj, e.newObj) !== QueueingStrategy.Skip) return QueueingStrategy.AfterBackoff;
    }
    return QueueingStrategy.Skip;
  }

  /**
   * isPodWorthRequeuing: no rejecting plugin, or a wildcard event, always
   * requeues; otherwise the first hint of a rejecting plugin registered for the
   * event that says Queue (or has no hint) does.
   */
  isPodWorthRequeuing(q: QueuedPodInfo, event: ClusterEvent, oldObj: unknown, newObj: unknown): QueueingStrategy {
    if (q.unschedulablePlugins.size === 0) return QueueingStrategy.AfterBackoff;
    if (isWildCard(event)) return QueueingStrategy.AfterBackoff;
    for (const h of this.hints) {
      if (!q.unschedulablePlugins.has(h.plugin) || !matchClusterEvent(h.event, event)) continue;
      if (!h.hint || h.hint(q.info, oldObj, newObj)) return QueueingStrategy.AfterBackoff;
    }
    return QueueingStrategy.Skip;
  }

  /** isEventOfInterest: some plugin registered an event this one matches. */
  private plugins(event: ClusterEvent): readonly string[] {
    const key = `${event.resource}/${event.actionType}`;
    let list = this.pluginsForEvent.get(key);
    if (!list) {
      const set = new Set<string>();
      for (const h of this.hints) if (matchClusterEvent(h.event, event)) set.add(h.plugin);
      list = [...set];
      this.pluginsForEvent.set(key, list);
    }
    return list;
  }

  /**
   * MoveAllToActiveOrBackoffQueue: a cluster event. Each parked pod that a
   * plugin registered for it rejected asks that plugin's hint; those that get
   * Queue go to backoffQ while backing off, else to activeQ. `preCheck` narrows
   * the pods looked at. The event is also kept for pods in flight.
   */
  moveAllToActiveOrBackoff(event: ClusterEvent, oldObj: unknown, newObj: unknown, preCheck?: (q: QueuedPodInfo) => boolean): void {
    const plugins = this.plugins(event);
    if (plugins.length === 0) return;
    if (this.unschedulable.size !== 0) {
      // One plugin: its set as is. Several: each pod once, in the order the plugins list them.
      let keys: Iterable<string>;
      if (plugins.length === 1) keys = [...(this.rejectedBy.get(plugins[0]) ?? EMPTY_KEYS)];
      else {
        const all = new Set<string>();
        for (const p of plugins) for (const k of this.rejectedBy.get(p) ?? EMPTY_KEYS) all.add(k);
        keys = all;
      }
      for (const key of keys) {
        const q = this.unschedulable.get(key);
        if (!q || (preCheck && !preCheck(q)) || this.gatedAgainst(q, event)) continue;
        const strategy = this.isPodWorthRequeuing(q, event, oldObj, newObj);
        if (strategy === QueueingStrategy.Skip) continue;
        this.unpark(q);
        this.requeue(q, strategy);
      }
    }
    if (this.inFlightPods.size !== 0) this.inFlightLog.push({ event, oldObj, newObj });
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

  /** requeuePodWithQueueingStrategy (for Queue): backoffQ while backing off, activeQ otherwise; parked if gated. */
  private requeue(q: QueuedPodInfo, _strategy: QueueingStrategy): QueueName {
    if (this.isPodBackingOff(q)) {
      // moveToBackoffQ: with SchedulerPopFromBackoffQ, PreEnqueue runs on the way into backoffQ, not again on the way out.
      if (this.gated(q)) return 'Unschedulable';
      if (q.unschedulablePlugins.size === 0) this.errorBackoffQ.push(q);
      else this.backoffQ.push(q);
      this.armBackoffTimer();
      // A broadcast: an idle scheduler pops from backoffQ.
      this.onActive();
      return 'Backoff';
    }
    return this.moveToActive(q) ? 'Active' : 'Unschedulable';
  }

  /** getBackoffTime: Timestamp + the backoff of its count, truncated to the ordering window; 0 when it has none. */
  backoffTime(q: QueuedPodInfo): number {
    const count = q.consecutiveErrorsCount > 0 ? q.consecutiveErrorsCount : q.unschedulableCount;
    if (count === 0) return 0;
    if (q.backoffExpiration === 0) q.backoffExpiration = alignToWindow(q.timestamp + backoffDuration(count));
    return q.backoffExpiration;
  }

  /** isPodBackingoff: its window has not ended yet (an expiry in the current window still counts as backing off). */
  isPodBackingOff(q: QueuedPodInfo): boolean {
    const t = this.backoffTime(q);
    return t !== 0 && t >= alignToWindow(this.clock.now());
  }

  /** The flush that will release backoffQ's head: the first window boundary after its expiry window. */
  private armBackoffTimer(): void {
    let at = Infinity;
    for (const h of [this.backoffQ, this.errorBackoffQ]) {
      const head = h.peek();
      if (head) at = Math.min(at, this.backoffTime(head) + BACKOFF_ORDERING_WINDOW_MS);
    }
    if (at === Infinity || at >= this.backoffTimerAt) return;
    if (this.backoffTimer !== undefined) this.clock.cancel(this.backoffTimer);
    this.backoffTimerAt = at;
    this.backoffTimer = this.clock.at(at, () => {
      this.backoffTimer = undefined;
      this.backoffTimerAt = Infinity;
      this.flushBackoffCompleted();
    });
  }

  /** flushBackoffQCompleted: every pod whose backoff is over moves to activeQ. */
  private flushBackoffCompleted(): void {
    let moved = false;
    for (const h of [this.backoffQ, this.errorBackoffQ]) {
      for (let head = h.peek(); head && !this.isPodBackingOff(head); head = h.peek()) {
        h.pop();
        this.activeQ.push(head);
        moved = true;
      }
    }
    if (moved) this.onActive();
    this.armBackoffTimer();
  }

  /** flushUnschedulablePodsLeftover: pods parked longer than 5 minutes go back (the UnschedulableTimeout wildcard). */
  private flushUnschedulableLeftover(): void {
    const now = this.clock.now();
    const toMove: QueuedPodInfo[] = [];
    for (const q of this.unschedulable.values()) if (now - q.timestamp > POD_MAX_IN_UNSCHEDULABLE_MS && !this.gatedAgainst(q, EVENT_UNSCHEDULABLE_TIMEOUT)) toMove.push(q);
    for (const q of toMove) {
      const strategy = this.isPodWorthRequeuing(q, EVENT_UNSCHEDULABLE_TIMEOUT, undefined, undefined);
      if (strategy === QueueingStrategy.Skip) continue;
      this.unpark(q);
      this.requeue(q, strategy);
    }
  }
}
