/**
 * The event recorder (client-go's record.EventRecorder): components note what
 * happened to an object; repeats of the same event are folded into one Event
 * whose count and lastTimestamp grow, as the real correlator does.
 */
import type { WriteOptions } from './apiserver.js';
import type { Client } from './client.js';
import { clone, type KObject } from './meta.js';
import type { VirtualClock } from '../util/clock.js';
import { rfc3339 } from '../util/time.js';

export type EventType = 'Normal' | 'Warning';

export interface EventSource {
  component: string;
  host?: string;
}

export interface InvolvedObject {
  apiVersion?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  fieldPath?: string;
}

/**
 * client-go's EventCorrelator remembers at most this many events (maxLruCacheEntries);
 * older ones are forgotten, so a repeat after that starts a new Event. It also
 * keeps a 150,000-pod cluster's recorders from growing without bound.
 */
export const MAX_LRU_CACHE_ENTRIES = 4096;

/** The recorder builds each Event afresh and keeps no reference: the server may store it without a copy. */
const HANDED_OVER: WriteOptions = Object.freeze({ owned: true });

const TWO_24 = 16_777_216;

/**
 * `(ms × 10^6 + n).toString(16)` for a time in ms and 0 ≤ n < 10^6, exactly,
 * without BigInt: the value passes 2^53, so it is carried as high × 2^24 + low.
 */
export function eventNameSuffix(ms: number, n: number): string {
  const q = Math.floor(ms / TWO_24);
  let low = (ms - q * TWO_24) * 1_000_000 + n;
  const carry = Math.floor(low / TWO_24);
  low -= carry * TWO_24;
  const high = q * 1_000_000 + carry;
  return high === 0 ? low.toString(16) : high.toString(16) + low.toString(16).padStart(6, '0');
}

export class EventRecorder {
  private seen = new Map<string, string>();
  private seq = 0;

  /** The Events' `source`, one frozen object shared by all of this recorder's Events while the source stays the same. */
  private shared?: Readonly<EventSource>;

  constructor(private readonly client: Client, private readonly clock: VirtualClock, private readonly source: EventSource) {}

  private sourceObject(): Readonly<EventSource> {
    const { component, host } = this.source;
    if (this.shared?.component !== component || this.shared.host !== host) {
      this.shared = Object.freeze(host === undefined ? { component } : { component, host });
    }
    return this.shared;
  }

  event(obj: KObject | InvolvedObject, type: EventType, reason: string, message: string, fieldPath?: string): void {
    const ref = toRef(obj, fieldPath);
    const namespace = ref.namespace || 'default';
    const now = this.clock.now();
    const nowText = rfc3339(now);
    const aggKey = `${this.source.component}\u0000${this.source.host ?? ''}\u0000${ref.kind ?? ''}\u0000${namespace}\u0000${ref.name ?? ''}\u0000${ref.uid ?? ''}\u0000${ref.fieldPath ?? ''}\u0000${type}\u0000${reason}\u0000${message}`;
    try {
      const existingName = this.seen.get(aggKey);
      if (existingName) {
        // Most recently used last, as the correlator's LRU cache keeps them.
        this.seen.delete(aggKey);
        this.seen.set(aggKey, existingName);
        const existing = this.client.tryGet('events', namespace, existingName);
        if (existing) {
          const next = clone(existing);
          next.count = ((existing.count as number) ?? 1) + 1;
          next.lastTimestamp = nowText;
          this.client.update('events', next, HANDED_OVER);
          return;
        }
      }
      const name = `${ref.name}.${eventNameSuffix(now, this.seq++ % 1_000_000)}`;
      const ev: KObject = {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name, namespace },
        involvedObject: ref,
        reason,
        message,
        source: this.sourceObject(),
        firstTimestamp: nowText,
        lastTimestamp: nowText,
        count: 1,
        type,
        eventTime: null,
        reportingComponent: this.source.component,
        reportingInstance: this.source.host ?? '',
      };
      this.client.create('events', namespace, ev, HANDED_OVER);
      this.seen.set(aggKey, name);
      if (this.seen.size > MAX_LRU_CACHE_ENTRIES) this.seen.delete(this.seen.keys().next().value!);
    } catch {
      // Events are best effort: a component never fails because its event could not be written.
    }
  }
}

function toRef(obj: KObject | InvolvedObject, fieldPath?: string): InvolvedObject {
  if ('metadata' in obj && obj.metadata) {
    const o = obj as KObject;
    const ref: InvolvedObject = {
      kind: o.kind, namespace: o.metadata.namespace, name: o.metadata.name, uid: o.metadata.uid,
      apiVersion: o.apiVersion, resourceVersion: o.metadata.resourceVersion,
    };
    if (fieldPath) ref.fieldPath = fieldPath;
    return stripUndef(ref);
  }
  return stripUndef({ ...(obj as InvolvedObject), ...(fieldPath ? { fieldPath } : {}) });
}

function stripUndef<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}
