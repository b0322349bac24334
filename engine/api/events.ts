/**
 * The event recorder (client-go's record.EventRecorder): components note what
 * happened to an object, and client-go's EventCorrelator (event-correlator.ts)
 * decides whether that creates an Event, updates one (count, lastTimestamp,
 * message), or is dropped by the spam filter.
 */
import type { WriteOptions } from './apiserver.js';
import type { Client } from './client.js';
import { isAlreadyExists } from './errors.js';
import type { KObject } from './meta.js';
import type { VirtualClock } from '../util/clock.js';
import { rfc3339 } from '../util/time.js';
import { EventCorrelator, type CorrelatorOptions } from './event-correlator.js';

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
  /** Made with the first Event: most kubelets of a large idle cluster record none (three LRU maps each). */
  private correlator?: EventCorrelator;
  private seq = 0;

  /** The Events' `source`, one frozen object shared by all of this recorder's Events while the source stays the same. */
  private shared?: Readonly<EventSource>;

  /**
   * The last involvedObject written: the Events that follow about the same version of the same object and
   * field (a kubelet's Pulled, Created and Started) share it, frozen, instead of each keeping a copy.
   */
  private lastRef?: Readonly<InvolvedObject>;

  constructor(private readonly client: Client, private readonly clock: VirtualClock, private readonly source: EventSource, private readonly options?: CorrelatorOptions) {}

  private sourceObject(): Readonly<EventSource> {
    const { component, host } = this.source;
    if (this.shared?.component !== component || this.shared.host !== host) {
      this.shared = Object.freeze(host === undefined ? { component } : { component, host });
    }
    return this.shared;
  }

  private refOf(obj: KObject | InvolvedObject, fieldPath: string | undefined): Readonly<InvolvedObject> {
    // The same frozen input as last time (a kubelet's nodeRef, a stored version) names the same reference.
    if (obj === this.lastInput && fieldPath === this.lastFieldPath && this.lastRef) return this.lastRef;
    this.lastInput = Object.isFrozen(obj) ? obj : undefined;
    this.lastFieldPath = fieldPath;
    const ref = toRef(obj, fieldPath);
    const usual = isUsualRef(obj);
    // Two usual references list their members in the same order: equal values make them the same.
    if (this.lastRef && (usual && this.lastRefUsual ? sameRefValues(this.lastRef, ref) : sameRef(this.lastRef, ref))) return this.lastRef;
    this.lastRefUsual = usual;
    return (this.lastRef = Object.freeze(ref));
  }

  private lastRefUsual = false;
  private lastInput?: KObject | InvolvedObject;
  private lastFieldPath?: string;

  event(obj: KObject | InvolvedObject, type: EventType, reason: string, message: string, fieldPath?: string): void {
    const ref = this.refOf(obj, fieldPath);
    const namespace = ref.namespace || 'default';
    const now = this.clock.now();
    try {
      const d = (this.correlator ??= new EventCorrelator(this.options)).correlate({
        component: this.source.component, host: this.source.host ?? '', kind: ref.kind ?? '', namespace, name: ref.name ?? '', uid: ref.uid ?? '',
        apiVersion: ref.apiVersion ?? '', fieldPath: ref.fieldPath ?? '', type, reason, message,
      }, now, eventName(ref.name, eventNameSuffix(now, this.seq++ % 1_000_000)));
      if (d.skip) return;
      const nowText = rfc3339(now);
      if (d.existing) {
        // recordToSink PATCHes count, lastTimestamp and message; an Event gone meanwhile (or never written, the
        // spam filter having dropped its first occurrence) is created again under its name with the whole count.
        const existing = this.client.tryGet('events', namespace, d.existing);
        if (existing) {
          // A shallow copy: the server changes only the top of the object and of its metadata; the rest is the
          // stored, frozen version's (a node's first start repeats three Events on each of thousands of nodes).
          this.client.update('events', { ...existing, metadata: { ...existing.metadata }, count: d.count, lastTimestamp: nowText, message: d.message }, HANDED_OVER);
          return;
        }
      }
      const ev: KObject = {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name: d.name, namespace },
        involvedObject: ref,
        reason,
        message: d.message,
        source: this.sourceObject(),
        firstTimestamp: d.firstTimestamp === now ? nowText : rfc3339(d.firstTimestamp),
        lastTimestamp: nowText,
        count: d.count,
        type,
        eventTime: null,
        // The aggregator's combined Event is built without the reporting fields (events_cache.go EventAggregate).
        reportingComponent: d.aggregated ? '' : this.source.component,
        reportingInstance: d.aggregated ? '' : this.source.host ?? '',
      };
      const name = createUniquelyNamed(this.client, namespace, ev, () => eventName(ref.name, eventNameSuffix(now, this.seq++ % 1_000_000)));
      // The correlator learns the name its repeats must update.
      if (name !== d.name) this.correlator!.renameLast(name);
    } catch {
      // Events are best effort: a component never fails because its event could not be written.
    }
  }

}

/**
 * Creates Event `ev` (handed over) under its name; a name another recorder took in the same virtual millisecond
 * (the real suffix is the time in nanoseconds, which two processes practically never share) moves on to
 * `nextName()`. Returns the name the Event got; throws what the create threw, or AlreadyExists past the retries.
 */
export function createUniquelyNamed(client: Client, namespace: string, ev: KObject, nextName: () => string): string {
  for (let i = 0; ; i++) {
    try {
      client.create('events', namespace, ev, HANDED_OVER);
      return ev.metadata.name!;
    } catch (e) {
      if (!isAlreadyExists(e) || i === NAME_RETRIES) throw e;
      // A copy: the server may have frozen the one it refused.
      ev = { ...ev, metadata: { name: nextName(), namespace } };
    }
  }
}

/** Names tried after the first one is taken, before the Event is given up. */
const NAME_RETRIES = 16;

/** "<object>.<suffix>" as one flat string: a template literal would keep it as a chain of pieces, twice the size. */
function eventName(object: string | undefined, suffix: string): string {
  return [String(object), suffix].join('.');
}

/** The same members, in the same order, with the same values (as JSON would show them). */
function sameRef(a: InvolvedObject, b: InvolvedObject): boolean {
  // The values first: most Events are about another object than the last one, told apart by the UID at once.
  if (!sameRefValues(a, b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (let i = 0; i < ka.length; i++) {
    const k = ka[i] as keyof InvolvedObject;
    if (k !== kb[i] || a[k] !== b[k]) return false;
  }
  return true;
}

function sameRefValues(a: InvolvedObject, b: InvolvedObject): boolean {
  return a.uid === b.uid && a.resourceVersion === b.resourceVersion && a.fieldPath === b.fieldPath && a.name === b.name
    && a.namespace === b.namespace && a.kind === b.kind && a.apiVersion === b.apiVersion;
}

/** Whether toRef writes the reference of `obj` out whole, as one literal (a fixed order of members). */
function isUsualRef(obj: KObject | InvolvedObject): boolean {
  if (!('metadata' in obj) || !obj.metadata) return false;
  const o = obj as KObject;
  const m = o.metadata;
  return o.kind !== undefined && m.namespace !== undefined && m.name !== undefined && m.uid !== undefined && o.apiVersion !== undefined && m.resourceVersion !== undefined;
}

function toRef(obj: KObject | InvolvedObject, fieldPath?: string): InvolvedObject {
  if ('metadata' in obj && obj.metadata) {
    const o = obj as KObject;
    const m = o.metadata;
    if (isUsualRef(obj)) {
      // The usual reference, written out whole: a literal keeps every member in the object itself (no deletes, no separate property store).
      return fieldPath
        ? { kind: o.kind, namespace: m.namespace, name: m.name, uid: m.uid, apiVersion: o.apiVersion, resourceVersion: m.resourceVersion, fieldPath }
        : { kind: o.kind, namespace: m.namespace, name: m.name, uid: m.uid, apiVersion: o.apiVersion, resourceVersion: m.resourceVersion };
    }
    const ref: InvolvedObject = {
      kind: o.kind, namespace: o.metadata.namespace, name: o.metadata.name, uid: o.metadata.uid,
      apiVersion: o.apiVersion, resourceVersion: o.metadata.resourceVersion,
    };
    if (fieldPath) ref.fieldPath = fieldPath;
    return stripUndef(ref);
  }
  return stripUndef({ ...(obj as InvolvedObject), ...(fieldPath ? { fieldPath } : {}) });
}

/** Every ObjectReference member is an omitempty string: a Node's reference has no `namespace: ""`. */
function stripUndef<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined || (o[k] as unknown) === '') delete o[k];
  return o;
}
