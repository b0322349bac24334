/**
 * client-go's EventCorrelator (tools/record/events_cache.go), which every
 * core/v1 event recorder (kubelet, kube-controller-manager's controllers,
 * cloud-controller-manager) runs before it writes an Event:
 *
 *  1. the aggregator: from the 10th distinct message of the same source,
 *     object, type and reason within 10 minutes, events are folded into one
 *     Event whose message is "(combined from similar events): <latest>";
 *  2. the logger: a repeat of an Event it remembers updates that Event
 *     (count + 1, lastTimestamp, message) instead of creating one;
 *  3. the spam filter: a source may write 25 Events about one object at once,
 *     then one every 5 minutes; the rest are dropped, but the logger has already
 *     counted them, so the next Event written carries the whole count.
 *
 * This is why a ReplicaSet that creates 300 pods shows nine "Created pod: …"
 * Events and one combined Event on a real cluster, and a pod crash-looping for
 * hours shows "(x180 over 3h)" although far fewer writes were made. Pure
 * decisions over explicit times, so the recorder stays deterministic.
 */

/** Each of the three caches is an LRU of this many entries (maxLruCacheEntries). */
export const MAX_LRU_CACHE_ENTRIES = 4096;
/** defaultAggregateMaxEvents: distinct messages in a group before they are combined. */
export const AGGREGATE_MAX_EVENTS = 10;
/** defaultAggregateIntervalInSeconds: a group not seen for longer starts again. */
export const AGGREGATE_INTERVAL_MS = 600_000;
/** defaultSpamBurst and defaultSpamQPS (1/300): per source and object. */
export const SPAM_BURST = 25;
export const SPAM_REFILL_MS = 300_000;
/** EventAggregatorByReasonMessageFunc's prefix. */
export const COMBINED_PREFIX = '(combined from similar events): ';

export interface CorrelatedEvent {
  /** The source, involved object, type and reason, each as the Event carries it. */
  component: string;
  host: string;
  kind: string;
  namespace: string;
  name: string;
  uid: string;
  apiVersion: string;
  fieldPath: string;
  type: string;
  reason: string;
  message: string;
}

export type Decision =
  /** Dropped by the spam filter (already counted). */
  | { skip: true }
  /**
   * Write it: `existing` names the Event to update (count, lastTimestamp,
   * message) when the logger remembers one; otherwise create `name` (the
   * recorder's own name when undefined).
   */
  | { skip: false; message: string; count: number; firstTimestamp: number; existing?: string; aggregated: boolean };

/**
 * The distinct messages seen, oldest first (at most AGGREGATE_MAX_EVENTS): almost always a single one, kept as
 * the string itself rather than in an array (an array that grows by push reserves 17 slots, ~150 bytes).
 */
interface AggregateRecord { messages: string | string[]; last: number }
interface EventLog { count: number; first: number; name: string | undefined }
interface Bucket { tokens: number; at: number }

/**
 * A Map used as an LRU: a use moves an entry to the end, an insertion beyond
 * `max` evicts from the front. The correlator looks an entry up and, when it is
 * there, changes it in place, so a use is one lookup and one move (none when the
 * entry is already the most recent: a burst about one object), and a new entry
 * is added without looking for it again.
 */
class Lru<V> {
  private readonly map = new Map<string, V>();
  private newest: string | undefined;
  /**
   * The eviction cursor, made once: every key before it was evicted or moved to the end, so the oldest entry is
   * the next one it yields. A fresh keys().next() walks from the table's start over every slot deleted since V8
   * last compacted it, thousands per eviction when each touch moves a key (4 % of the KWOK pods shape).
   */
  private oldest: Iterator<string> | undefined;
  constructor(private readonly max: number) {}
  /** The entry under `k`, now the most recently used; undefined when there is none (then nothing changes). */
  use(k: string): V | undefined {
    const v = this.map.get(k);
    if (v !== undefined && this.newest !== k) {
      this.map.delete(k);
      this.map.set(k, v);
      this.newest = k;
    }
    return v;
  }
  /** Adds `k`, which `use` just did not find, as the most recently used. */
  add(k: string, v: V): V {
    this.map.set(k, v);
    this.newest = k;
    if (this.map.size > this.max) this.map.delete((this.oldest ??= this.map.keys()).next().value!);
    return v;
  }
}

export interface CorrelatorOptions {
  /** The spam filter's key also holds type and reason (cloud-provider's service controller, getNewSpamKey). */
  spamKeyByReason?: boolean;
}

export class EventCorrelator {
  private readonly aggregates = new Lru<AggregateRecord>(MAX_LRU_CACHE_ENTRIES);
  private readonly logs = new Lru<EventLog>(MAX_LRU_CACHE_ENTRIES);
  private readonly spam = new Lru<Bucket>(MAX_LRU_CACHE_ENTRIES);
  /** The time of the first event correlated: the entries' times count from it. */
  private epoch?: number;
  private lastLog?: EventLog;

  constructor(private readonly options: CorrelatorOptions = {}) {}

  /**
   * What to do with an event at time `at` (ms). `name` is the name a new Event
   * would get; the correlator remembers it so a repeat updates that Event.
   */
  correlate(e: CorrelatedEvent, at: number, name: string): Decision & { name: string } {
    // Times are kept as ms since this correlator's first event, as int32 where they fit: V8 stores those in the
    // entry itself, while a clock reading (~1.8e12), or any result of arithmetic on one, is boxed: 16 bytes more
    // for each of the three kinds of entry per object.
    const epoch = (this.epoch ??= at);
    const since = at - epoch;
    const now = (since | 0) === since ? since | 0 : since;
    // One correlator serves one recorder, whose source (component, host) never changes, and an object's UID
    // names its kind, namespace and name: the keys hold only what can differ. A reference without a UID keeps them.
    // A key is the object's part followed by a shared text for the rest (see sharedTail): one 32-byte pair per key.
    const object = e.uid ? e.uid : ['', e.kind, e.namespace, e.name, e.apiVersion].join('\u0000');
    // EventAggregatorByReasonFunc; the recorder's reportingController/Instance are its source's, so they add nothing.
    const aggregateKey = object + sharedTail(e.type, e.reason);
    // Entries are changed in place: no one else holds them.
    let record = this.aggregates.use(aggregateKey);
    if (!record) record = this.aggregates.add(aggregateKey, { messages: e.message, last: now });
    else if (now - record.last > AGGREGATE_INTERVAL_MS) record.messages = e.message;
    else record.messages = withMessage(record.messages, e.message);
    record.last = now;
    let key = aggregateKey + sharedTail(e.fieldPath, e.message);
    let message = e.message;
    let aggregated = false;
    if (typeof record.messages !== 'string' && record.messages.length >= AGGREGATE_MAX_EVENTS) {
      // sets.String.PopAny takes whichever Go's map yields; the oldest keeps the simulation deterministic.
      record.messages.shift();
      key = '\u0001' + aggregateKey;
      message = COMBINED_PREFIX + e.message;
      aggregated = true;
    }
    let log = this.logs.use(key);
    if (log) log.count++;
    else log = this.logs.add(key, { count: 1, first: now, name });
    this.lastLog = log;
    const spamKey = this.options.spamKeyByReason ? aggregateKey : object;
    if (!this.tryAccept(spamKey, now)) return { skip: true, name: log.name! };
    return { skip: false, message, count: log.count, firstTimestamp: log.first + epoch, existing: log.count > 1 ? log.name : undefined, aggregated, name: log.name! };
  }

  /** The Event the last correlated event was written as is named `name` after all (its first name was taken). */
  renameLast(name: string): void {
    if (this.lastLog) this.lastLog.name = name;
  }

  /** x/time/rate's Limiter.Allow: a bucket of SPAM_BURST tokens, refilled continuously at one per SPAM_REFILL_MS (`now` counts from the epoch). */
  private tryAccept(key: string, now: number): boolean {
    const b = this.spam.use(key) ?? this.spam.add(key, { tokens: SPAM_BURST, at: now });
    b.tokens = Math.min(SPAM_BURST, b.tokens + (now - b.at) / SPAM_REFILL_MS);
    b.at = now;
    const ok = b.tokens >= 1;
    if (ok) b.tokens -= 1;
    return ok;
  }
}

/** `messages` with `message` added at the end unless present. */
function withMessage(messages: string | string[], message: string): string | string[] {
  if (typeof messages === 'string') return messages === message ? messages : [messages, message];
  if (!messages.includes(message)) messages.push(message);
  return messages;
}

/*
 * The parts of the keys after the object ("\0Normal\0Started", "\0spec.containers{app}\0Container started"),
 * one string each for every correlator: they repeat across the objects of a cluster. A key made as the object's
 * part + the shared tail is then a 32-byte pair of two strings kept anyway, where a key of its own text would
 * take ~100 bytes more (several such keys per pod). V8 flattens a pair into a text of its own only when it is
 * compared with another string of the same text (a repeat of an event), which few keys are. Forgetting the
 * tails now and then only costs that sharing.
 */
const tails = new Map<string, Map<string, string>>();
let tailCount = 0;
const MAX_TAILS = 4096;

/** The shared "\0a\0b", found by its two parts (no text joined to look it up). */
function sharedTail(a: string, b: string): string {
  let byB = tails.get(a);
  const known = byB?.get(b);
  if (known !== undefined) return known;
  if (tailCount >= MAX_TAILS) {
    tails.clear();
    tailCount = 0;
    byB = undefined;
  }
  if (!byB) tails.set(a, (byB = new Map()));
  const tail = ['', a, b].join('\u0000');
  byB.set(b, tail);
  tailCount++;
  return tail;
}
