/**
 * The event recorder (client-go's record.EventRecorder): components note what
 * happened to an object; repeats of the same event are folded into one Event
 * whose count and lastTimestamp grow, as the real correlator does.
 */
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

export class EventRecorder {
  private seen = new Map<string, string>();
  private seq = 0;

  constructor(private readonly client: Client, private readonly clock: VirtualClock, private readonly source: EventSource) {}

  event(obj: KObject | InvolvedObject, type: EventType, reason: string, message: string, fieldPath?: string): void {
    const ref = toRef(obj, fieldPath);
    const namespace = ref.namespace || 'default';
    const nowText = rfc3339(this.clock.now());
    const aggKey = [this.source.component, this.source.host ?? '', ref.kind, namespace, ref.name, ref.uid, ref.fieldPath ?? '', type, reason, message].join('\u0000');
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
          this.client.update('events', next);
          return;
        }
      }
      const nanos = BigInt(this.clock.now()) * 1_000_000n + BigInt(this.seq++ % 1_000_000);
      const name = `${ref.name}.${nanos.toString(16)}`;
      const ev: KObject = {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name, namespace },
        involvedObject: ref,
        reason,
        message,
        source: { ...this.source },
        firstTimestamp: nowText,
        lastTimestamp: nowText,
        count: 1,
        type,
        eventTime: null,
        reportingComponent: this.source.component,
        reportingInstance: this.source.host ?? '',
      };
      this.client.create('events', namespace, ev);
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
