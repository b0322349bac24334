/**
 * Event expiry (kube-apiserver --event-ttl, default 1h): the events registry
 * stores every Event under an etcd lease of the TTL, renewed by each write
 * (its TTLFunc returns the TTL for creates and updates alike), and etcd
 * deletes the key when the lease runs out — watchers see a DELETED event.
 * Without it a long-running cluster keeps every Event it ever recorded.
 */
import type { VirtualClock } from '../util/clock.js';
import { objectKey } from './meta.js';
import type { Store, StoreEvent } from './store.js';

/** The default of kube-apiserver's --event-ttl. */
export const DEFAULT_EVENT_TTL_MS = 60 * 60 * 1000;

/** Resources stored with the event TTL (events.k8s.io/v1 shares core Events' storage). */
const EXPIRING_RESOURCES = new Set(['events', 'events.events.k8s.io']);

/**
 * Keeps one lease per Event write. Writes come in time order, so the leases
 * form a queue in expiry order: one timer, at the head's expiry, is enough.
 * The queue is four parallel arrays rather than an object per lease: a
 * 150,000-pod cluster holds some 600,000 leases, and an object with a boxed
 * expiry time costs ~80 bytes where the arrays' slots cost 32.
 */
export class EventTTL {
  private resources: string[] = [];
  private keys: string[] = [];
  /** the write that took the lease; a later write took a newer one */
  private versions: string[] = [];
  private expiries: number[] = [];
  private head = 0;
  private timer: number | undefined;

  constructor(private readonly store: Store, private readonly clock: VirtualClock, readonly ttlMs = DEFAULT_EVENT_TTL_MS) {
    store.onChange((e) => this.observe(e));
  }

  private observe(e: StoreEvent): void {
    if (e.type === 'DELETED' || !EXPIRING_RESOURCES.has(e.resource)) return;
    this.resources.push(e.resource);
    this.keys.push(e.key ?? objectKey(e.object));
    this.versions.push(e.object.metadata.resourceVersion!);
    this.expiries.push(this.clock.now() + this.ttlMs);
    if (this.timer === undefined) this.arm();
  }

  private arm(): void {
    if (this.head >= this.expiries.length) return;
    // Housekeeping: pending expiries must not keep runUntilIdle busy for an hour.
    this.timer = this.clock.at(this.expiries[this.head], () => this.expire(), { daemon: true });
  }

  private expire(): void {
    this.timer = undefined;
    const now = this.clock.now();
    while (this.head < this.expiries.length && this.expiries[this.head] <= now) {
      const i = this.head++;
      const current = this.store.get(this.resources[i], this.keys[i]);
      // A newer write renewed the TTL (its own lease is further back in the queue).
      if (current && current.metadata.resourceVersion === this.versions[i]) this.store.remove(this.resources[i], this.keys[i]);
    }
    if (this.head > 1024 && this.head * 2 > this.expiries.length) {
      this.resources = this.resources.slice(this.head);
      this.keys = this.keys.slice(this.head);
      this.versions = this.versions.slice(this.head);
      this.expiries = this.expiries.slice(this.head);
      this.head = 0;
    }
    this.arm();
  }
}
