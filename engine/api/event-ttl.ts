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

interface Lease {
  resource: string;
  key: string;
  /** the write that took the lease; a later write took a newer one */
  resourceVersion: string;
  expires: number;
}

/**
 * Keeps one lease per Event write. Writes come in time order, so the leases
 * form a queue in expiry order: one timer, at the head's expiry, is enough.
 */
export class EventTTL {
  private leases: Lease[] = [];
  private head = 0;
  private timer: number | undefined;

  constructor(private readonly store: Store, private readonly clock: VirtualClock, readonly ttlMs = DEFAULT_EVENT_TTL_MS) {
    store.onChange((e) => this.observe(e));
  }

  private observe(e: StoreEvent): void {
    if (e.type === 'DELETED' || !EXPIRING_RESOURCES.has(e.resource)) return;
    this.leases.push({ resource: e.resource, key: e.key ?? objectKey(e.object), resourceVersion: e.object.metadata.resourceVersion!, expires: this.clock.now() + this.ttlMs });
    if (this.timer === undefined) this.arm();
  }

  private arm(): void {
    const next = this.leases[this.head];
    if (!next) return;
    // Housekeeping: pending expiries must not keep runUntilIdle busy for an hour.
    this.timer = this.clock.at(next.expires, () => this.expire(), { daemon: true, label: 'event-ttl' });
  }

  private expire(): void {
    this.timer = undefined;
    const now = this.clock.now();
    while (this.head < this.leases.length && this.leases[this.head].expires <= now) {
      const lease = this.leases[this.head++];
      const current = this.store.get(lease.resource, lease.key);
      // A newer write renewed the TTL (its own lease is further back in the queue).
      if (current && current.metadata.resourceVersion === lease.resourceVersion) this.store.remove(lease.resource, lease.key);
    }
    if (this.head > 1024 && this.head * 2 > this.leases.length) {
      this.leases = this.leases.slice(this.head);
      this.head = 0;
    }
    this.arm();
  }
}
