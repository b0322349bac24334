/**
 * etcd: a versioned key-value store. One cluster-wide revision counter stamps
 * every write (that is what resourceVersion is), and a bounded history of
 * changes lets watches resume from a revision until it is compacted away.
 */
import type { KObject } from './meta.js';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface StoreEvent {
  type: WatchEventType;
  /** resource key, e.g. "deployments.apps" */
  resource: string;
  /** the object's key in the store ("namespace/name" or "name"), always set by the Store: one string shared by every index */
  key?: string;
  /** the object after the change (for DELETED, the last state) */
  object: KObject;
  /** the object before the change (MODIFIED/DELETED) */
  previous?: KObject;
  revision: number;
}

export interface StoreOptions {
  /** Changes kept for watch resumption per resource (etcd compacts older ones). */
  historyLimit?: number;
}

export class Store {
  /** @internal The fields below are etcd's own: restoring a snapshot (engine/etcd/data-dir.ts) replaces them. */
  revision = 0;
  /** @internal */
  readonly buckets = new Map<string, Map<string, KObject>>();
  /** @internal */
  readonly history = new Map<string, StoreEvent[]>();
  /** @internal */
  readonly historyStart = new Map<string, number>();
  /** @internal */
  listeners: ((e: StoreEvent) => void)[] = [];
  readonly historyLimit: number;

  constructor(opts: StoreOptions = {}) {
    this.historyLimit = opts.historyLimit ?? 10_000;
  }

  currentRevision(): number {
    return this.revision;
  }

  bucket(resource: string): Map<string, KObject> {
    let b = this.buckets.get(resource);
    if (!b) {
      b = new Map();
      this.buckets.set(resource, b);
    }
    return b;
  }

  /** The resources that have (or had) a bucket: etcd's key space is theirs (engine/etcd). */
  resourceNames(): IterableIterator<string> {
    return this.buckets.keys();
  }

  get(resource: string, key: string): KObject | undefined {
    return this.buckets.get(resource)?.get(key);
  }

  /** Writes `obj` (which the store now owns) under a new revision. */
  put(resource: string, key: string, obj: KObject): KObject {
    const b = this.bucket(resource);
    const previous = b.get(key);
    const revision = ++this.revision;
    obj.metadata.resourceVersion = String(revision);
    b.set(key, obj);
    this.record({ type: previous ? 'MODIFIED' : 'ADDED', resource, key, object: obj, previous, revision });
    return obj;
  }

  remove(resource: string, key: string): KObject | undefined {
    const b = this.buckets.get(resource);
    const previous = b?.get(key);
    if (!b || !previous) return undefined;
    const revision = ++this.revision;
    b.delete(key);
    // etcd reports the deleted object at the deletion's revision.
    const object = { ...previous, metadata: { ...previous.metadata, resourceVersion: String(revision) } };
    this.record({ type: 'DELETED', resource, key, object, previous, revision });
    return object;
  }

  onChange(fn: (e: StoreEvent) => void): () => void {
    this.listeners.push(fn);
    return () => {
      this.listeners = this.listeners.filter((l) => l !== fn);
    };
  }

  /**
   * Events of `resource` after `revision`, or undefined when that revision has
   * been compacted (the caller answers 410 Gone).
   */
  eventsSince(resource: string, revision: number): StoreEvent[] | undefined {
    const h = this.history.get(resource) ?? [];
    const start = this.historyStart.get(resource) ?? 0;
    if (revision < start) return undefined;
    let lo = 0;
    let hi = h.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (h[mid].revision <= revision) lo = mid + 1;
      else hi = mid;
    }
    return h.slice(lo);
  }

  /** The oldest revision a watch of `resource` can still resume from. */
  compactedRevision(resource: string): number {
    return this.historyStart.get(resource) ?? 0;
  }

  private record(e: StoreEvent): void {
    let h = this.history.get(e.resource);
    if (!h) {
      h = [];
      this.history.set(e.resource, h);
    }
    h.push(e);
    if (h.length > this.historyLimit * 2) {
      const drop = h.length - this.historyLimit;
      this.historyStart.set(e.resource, h[drop - 1].revision);
      h.splice(0, drop);
    }
    for (const l of this.listeners) l(e);
  }
}
