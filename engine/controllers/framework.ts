/**
 * client-go's machinery in miniature: shared informers (list, then watch, with a
 * local cache) and a work queue of keys, driven by the virtual clock. A
 * controller reacts to cache events by queueing keys and reconciles one key at a
 * time from the cache, which is how every kube-controller-manager loop works.
 */
import type { Client } from '../api/client.js';
import type { WatchEvent, Watch } from '../api/apiserver.js';
import { objectKey, type KObject } from '../api/meta.js';
import type { KeptTimer, VirtualClock } from '../util/clock.js';

export interface EventHandler {
  add?(obj: KObject): void;
  update?(oldObj: KObject, newObj: KObject): void;
  delete?(obj: KObject): void;
}

/** How long an informer waits before it lists again after losing its watch (reflector back-off, simplified). */
export const RELIST_DELAY_MS = 1000;

export class Informer {
  readonly cache = new Map<string, KObject>();
  private handlers: EventHandler[] = [];
  private watch?: Watch;
  private running = false;
  private synced = false;
  private retry?: number;
  /** Optional secondary indexes: name → (index value → keys). */
  private indexers = new Map<string, { fn: (o: KObject) => string[]; index: Map<string, Set<string>>; metaAndSpecOnly: boolean; metaOnly: boolean }>();

  constructor(
    private readonly client: Client,
    private readonly clock: VirtualClock,
    readonly resource: string,
    private readonly opts: { namespace?: string; fieldSelector?: string; labelSelector?: string } = {},
  ) {}

  addEventHandler(h: EventHandler): void {
    // A list of its final size: most informers get one handler, and a pushed one-member list reserves 17 slots.
    this.handlers = [...this.handlers, h];
    if (this.synced) for (const obj of this.cache.values()) h.add?.(obj);
  }

  /**
   * `metaAndSpecOnly`: the index values depend on nothing but the object's namespace, labels, ownerReferences
   * and spec, so an update that shares all of them with the cached version (a status write) skips the index.
   * `metaOnly`: the values depend on nothing but namespace, labels and ownerReferences (a bind, which changes the
   * spec, skips it too).
   */
  addIndexer(name: string, fn: (o: KObject) => string[], opts: { metaAndSpecOnly?: boolean; metaOnly?: boolean } = {}): void {
    const index = new Map<string, Set<string>>();
    this.indexers.set(name, { fn, index, metaAndSpecOnly: !!opts.metaAndSpecOnly || !!opts.metaOnly, metaOnly: !!opts.metaOnly });
    for (const [k, o] of this.cache) this.indexAdd(name, k, o);
  }

  byIndex(name: string, value: string): KObject[] {
    const ix = this.indexers.get(name);
    const keys = ix?.index.get(value);
    if (!keys) return [];
    // Made at its final size: a list grown by push reserves 17 slots for its first member (~150 bytes), and the
    // endpoints controllers ask for a namespace's Services (the one "kubernetes" Service) on every pod write.
    const out = new Array<KObject>(keys.size);
    let n = 0;
    for (const k of keys) {
      const o = this.cache.get(k);
      if (o) out[n++] = o;
    }
    out.length = n;
    return out;
  }

  hasSynced(): boolean {
    return this.synced;
  }

  get(key: string): KObject | undefined {
    return this.cache.get(key);
  }

  list(): KObject[] {
    return [...this.cache.values()];
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.listAndWatch();
  }

  stop(): void {
    this.running = false;
    this.synced = false;
    this.watch?.stop();
    this.watch = undefined;
    if (this.retry !== undefined) this.clock.cancel(this.retry);
    this.retry = undefined;
  }

  private listAndWatch(): void {
    if (!this.running) return;
    try {
      const list = this.client.list(this.resource, this.opts.namespace, { fieldSelector: this.opts.fieldSelector, labelSelector: this.opts.labelSelector });
      this.replace(list.items);
      this.watch = this.client.watch(
        this.resource, this.opts.namespace,
        { resourceVersion: list.resourceVersion, fieldSelector: this.opts.fieldSelector, labelSelector: this.opts.labelSelector },
        (e) => this.onEvent(e),
        () => this.onClosed(),
      );
      this.synced = true;
    } catch {
      this.onClosed();
    }
  }

  private onClosed(): void {
    this.watch = undefined;
    if (!this.running) return;
    this.retry = this.clock.schedule(RELIST_DELAY_MS, () => {
      this.retry = undefined;
      this.listAndWatch();
    }, { daemon: true });
  }

  /** Replaces the cache with a fresh list, telling handlers what changed meanwhile. */
  private replace(items: KObject[]): void {
    const seen = new Set<string>();
    for (const obj of items) {
      const key = objectKey(obj);
      seen.add(key);
      const old = this.cache.get(key);
      this.setCache(key, obj, old);
      if (!old) for (const h of this.handlers) h.add?.(obj);
      else if (old.metadata.resourceVersion !== obj.metadata.resourceVersion) for (const h of this.handlers) h.update?.(old, obj);
    }
    for (const [key, old] of [...this.cache]) {
      if (seen.has(key)) continue;
      this.deleteCache(key, old);
      for (const h of this.handlers) h.delete?.(old);
    }
  }

  private onEvent(e: WatchEvent): void {
    if (e.type === 'ERROR') {
      this.watch?.stop();
      this.onClosed();
      return;
    }
    const obj = e.object;
    // The store's own key when the server sends it: the caches and indexes of every informer then keep one string per object, not one each.
    const key = e.key ?? objectKey(obj);
    const old = this.cache.get(key);
    if (e.type === 'DELETED') {
      this.deleteCache(key, old ?? obj);
      for (const h of this.handlers) h.delete?.(obj);
    } else {
      this.setCache(key, obj, old);
      if (old) for (const h of this.handlers) h.update?.(old, obj);
      else for (const h of this.handlers) h.add?.(obj);
    }
  }

  private setCache(key: string, obj: KObject, old: KObject | undefined): void {
    this.cache.set(key, obj);
    if (!old) {
      for (const name of this.indexers.keys()) this.indexAdd(name, key, obj);
      return;
    }
    // Most updates (a pod's status) leave every index value as it was: then the index is left alone, as
    // client-go's updateSingleIndex returns early (its sets are Go maps, so ByIndex has no order to keep).
    const om = old.metadata;
    const nm = obj.metadata;
    const sameMeta = om.labels === nm.labels && om.ownerReferences === nm.ownerReferences && om.namespace === nm.namespace;
    const sameSpec = old.spec === obj.spec;
    for (const ix of this.indexers.values()) {
      if (sameMeta && (ix.metaOnly || (sameSpec && ix.metaAndSpecOnly))) continue;
      const before = ix.fn(old);
      const after = ix.fn(obj);
      if (sameValues(before, after)) continue;
      this.removeValues(ix.index, key, before);
      this.addValues(ix.index, key, after);
    }
  }

  private deleteCache(key: string, old: KObject): void {
    for (const name of this.indexers.keys()) this.indexRemove(name, key, old);
    this.cache.delete(key);
  }

  private indexAdd(name: string, key: string, obj: KObject): void {
    const ix = this.indexers.get(name)!;
    this.addValues(ix.index, key, ix.fn(obj));
  }

  private indexRemove(name: string, key: string, obj: KObject): void {
    const ix = this.indexers.get(name)!;
    this.removeValues(ix.index, key, ix.fn(obj));
  }

  private addValues(index: Map<string, Set<string>>, key: string, values: string[]): void {
    for (const v of values) {
      let s = index.get(v);
      if (!s) index.set(v, (s = new Set()));
      s.add(key);
    }
  }

  private removeValues(index: Map<string, Set<string>>, key: string, values: string[]): void {
    for (const v of values) {
      const s = index.get(v);
      s?.delete(key);
      if (s && s.size === 0) index.delete(v);
    }
  }
}

function sameValues(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** addIndexer's option for index functions that read only namespace, labels, ownerReferences and spec. */
export const META_AND_SPEC_ONLY = Object.freeze({ metaAndSpecOnly: true });
/** addIndexer's option for index functions that read only namespace, labels and ownerReferences. */
export const META_ONLY = Object.freeze({ metaOnly: true });

/** One informer per resource (and filter), shared by every controller of a component. */
export class InformerFactory {
  private informers = new Map<string, Informer>();
  constructor(private readonly client: Client, private readonly clock: VirtualClock) {}

  for(resource: string, opts: { namespace?: string; fieldSelector?: string; labelSelector?: string } = {}): Informer {
    const key = `${resource}|${opts.namespace ?? ''}|${opts.fieldSelector ?? ''}|${opts.labelSelector ?? ''}`;
    let inf = this.informers.get(key);
    if (!inf) this.informers.set(key, (inf = new Informer(this.client, this.clock, resource, opts)));
    return inf;
  }

  start(): void {
    for (const i of this.informers.values()) i.start();
  }

  stop(): void {
    for (const i of this.informers.values()) i.stop();
  }
}

/**
 * A deduplicating queue of keys. Keys added while one is being processed are
 * processed again afterwards; failed keys come back after an exponential
 * back-off (5 ms doubling to 1000 s) or, when that is shorter, after a token
 * from a bucket of 100 refilled at 10 per second shared by the whole queue:
 * client-go's DefaultControllerRateLimiter is the larger of the two. The bucket
 * matters for keys requeued rate-limited after a *successful* sync (forget
 * resets their back-off): the Deployment controller's progress check does
 * that for a rollout past its deadline, 10 times a second, not every 5 ms.
 */
const RATE_LIMIT_QPS = 10;
const RATE_LIMIT_BURST = 100;

export class WorkQueue {
  private queue: string[] = [];
  private queued = new Set<string>();
  private failures = new Map<string, number>();
  private delayed = new Map<string, number>();
  private scheduled = false;
  private stopped = false;
  private tokens = RATE_LIMIT_BURST;
  private tokensAt: number;

  constructor(private readonly clock: VirtualClock, private readonly process: (key: string) => void, readonly name = '') {
    this.tokensAt = clock.now();
  }

  add(key: string): void {
    if (this.stopped || this.queued.has(key)) return;
    this.queued.add(key);
    this.queue.push(key);
    this.kick();
  }

  addAfter(key: string, delayMs: number): void {
    if (this.stopped) return;
    if (delayMs <= 0) return this.add(key);
    const at = this.clock.now() + delayMs;
    const existing = this.delayed.get(key);
    if (existing !== undefined && existing <= at) return;
    this.delayed.set(key, at);
    this.clock.at(at, () => {
      if (this.delayed.get(key) !== at) return;
      this.delayed.delete(key);
      this.add(key);
    });
  }

  addRateLimited(key: string): void {
    const n = this.failures.get(key) ?? 0;
    this.failures.set(key, n + 1);
    this.addAfter(key, Math.max(Math.min(5 * 2 ** n, 1_000_000), this.reserveToken()));
  }

  /** rate.Limiter.Reserve().Delay(): take a token now, and wait until the bucket would have had it. */
  private reserveToken(): number {
    const now = this.clock.now();
    this.tokens = Math.min(RATE_LIMIT_BURST, this.tokens + ((now - this.tokensAt) * RATE_LIMIT_QPS) / 1000);
    this.tokensAt = now;
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : Math.ceil((-this.tokens * 1000) / RATE_LIMIT_QPS);
  }

  forget(key: string): void {
    this.failures.delete(key);
  }

  len(): number {
    return this.queue.length;
  }

  stop(): void {
    this.stopped = true;
    this.queue = [];
    this.queued.clear();
    this.delayed.clear();
  }

  start(): void {
    this.stopped = false;
  }

  /** drain as a kept timer, made with the first kick and queued again (a queue is kicked once per batch of keys). */
  private drainTimer: KeptTimer | undefined = undefined;

  private kick(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    this.clock.queueNow((this.drainTimer ??= this.clock.keptTimer(() => this.drain())));
  }

  private drain(): void {
    this.scheduled = false;
    // Process only what was queued when the drain began; later additions get their own turn, so events interleave fairly.
    const batch = this.queue;
    this.queue = [];
    for (const key of batch) {
      if (this.stopped) return;
      this.queued.delete(key);
      this.process(key);
    }
  }
}
