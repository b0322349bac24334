/**
 * The scheduler records events through the events.k8s.io/v1 API
 * (client-go tools/events), not the old core recorder: events carry
 * reportingController/Instance, an action and a microsecond eventTime, and no
 * source or first/lastTimestamp. A repeat of the same (object, action, reason)
 * within 6 minutes becomes a series: the second occurrence is written at once
 * with series.count 2; later ones only count up in memory and are written by
 * the 30-minute series refresh — which is why `kubectl describe` often shows
 * "(x2 over ...)" even after many retries.
 */
import type { WriteOptions } from '../api/apiserver.js';
import type { Client } from '../api/client.js';
import { eventNameSuffix } from '../api/events.js';
import { clone, type KObject } from '../api/meta.js';
import type { VirtualClock } from '../util/clock.js';
import { rfc3339Micro } from '../util/time.js';

const HANDED_OVER: WriteOptions = Object.freeze({ owned: true });
/** events.k8s.io Events carry an empty core source: one frozen object for all (stored objects are never changed in place). */
const NO_SOURCE = Object.freeze({});

/** "\0action\0reason", one text per pair for every recorder. */
const seriesTails = new Map<string, Map<string, string>>();

function seriesTail(action: string, reason: string): string {
  let byReason = seriesTails.get(action);
  if (!byReason) seriesTails.set(action, (byReason = new Map()));
  let tail = byReason.get(reason);
  if (tail === undefined) byReason.set(reason, (tail = ['', action, reason].join('\u0000')));
  return tail;
}

/** finishTime: a series not seen for this long is closed. */
export const SERIES_FINISH_MS = 6 * 60_000;
/** refreshTime: how often open series are written to the server. */
export const SERIES_REFRESH_MS = 30 * 60_000;

interface Cached {
  name: string;
  namespace: string;
  count: number;
  written: number;
  last: number;
}

export class EventsRecorder {
  private cache = new Map<string, Cached>();
  private seq = 0;
  private lastPrune = 0;
  private stopRefresh?: () => void;
  private eventTimeOf = NaN;
  private eventTimeText = '';

  constructor(private readonly client: Client, private readonly clock: VirtualClock, readonly controller: string, readonly instance: string) {}

  start(): void {
    this.stopRefresh = this.clock.every(SERIES_REFRESH_MS, () => this.refresh());
  }

  stop(): void {
    this.stopRefresh?.();
  }

  eventf(regarding: KObject, type: 'Normal' | 'Warning', reason: string, action: string, note: string): void {
    const now = this.clock.now();
    const uid = regarding.metadata.uid ?? '';
    // The object's UID and a text shared by every key of the same action and reason: kept for 6 minutes per object.
    const key = uid + seriesTail(action, reason);
    const cached = this.cache.get(key);
    try {
      if (cached && now - cached.last <= SERIES_FINISH_MS) {
        cached.count++;
        cached.last = now;
        if (cached.count === 2) this.writeSeries(cached);
        return;
      }
      const ns = regarding.metadata.namespace || 'default';
      const name = [String(regarding.metadata.name), '.', this.nameSuffix(now)].join('');
      const m = regarding.metadata;
      this.client.create('events', ns, {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name, namespace: ns },
        involvedObject: {
          kind: regarding.kind ?? 'Pod', namespace: regarding.metadata.namespace, name: regarding.metadata.name,
          uid: regarding.metadata.uid, apiVersion: regarding.apiVersion ?? 'v1', resourceVersion: regarding.metadata.resourceVersion,
        },
        reason,
        message: note,
        source: NO_SOURCE,
        firstTimestamp: null,
        lastTimestamp: null,
        type,
        eventTime: this.eventTime(now),
        action,
        reportingComponent: this.controller,
        reportingInstance: this.instance,
        // Built afresh and not kept: handed over without a copy, unless a member is missing (the copy drops it).
      } as KObject, m.namespace !== undefined && m.name !== undefined && m.uid !== undefined && m.resourceVersion !== undefined ? HANDED_OVER : undefined);
      this.cache.set(key, { name, namespace: ns, count: 1, written: 1, last: now });
    } catch {
      // Events are best effort.
    }
    // Closed series are dropped at most once a minute, so a burst of events stays linear.
    if (now - this.lastPrune >= 60_000) this.prune(now);
  }

  /** The name's hex suffix: the time in nanoseconds plus a sequence number, as the recorder's UnixNano (no BigInts per Event). */
  private nameSuffix(now: number): string {
    return eventNameSuffix(now, this.seq++ % 1_000_000);
  }

  private eventTime(now: number): string {
    if (now !== this.eventTimeOf) {
      this.eventTimeOf = now;
      this.eventTimeText = rfc3339Micro(now);
    }
    return this.eventTimeText;
  }

  private writeSeries(c: Cached): void {
    try {
      const cur = this.client.tryGet('events', c.namespace, c.name);
      if (!cur) return;
      const next = clone(cur);
      next.series = { count: c.count, lastObservedTime: rfc3339Micro(c.last) };
      this.client.update('events', next);
      c.written = c.count;
    } catch {
      // retried by the refresh
    }
  }

  private refresh(): void {
    const now = this.clock.now();
    for (const c of this.cache.values()) if (c.count > c.written) this.writeSeries(c);
    this.prune(now);
  }

  private prune(now: number): void {
    this.lastPrune = now;
    for (const [k, c] of this.cache) if (now - c.last > SERIES_FINISH_MS) this.cache.delete(k);
  }
}
