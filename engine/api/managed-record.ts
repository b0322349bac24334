/**
 * metadata.managedFields, kept cheap: kube-apiserver's field manager works out on every write who owns
 * which field, but nothing in the simulation reads the result except a client that asks to see it (or a
 * server-side apply). So each stored version only has, under a symbol, a record of the write that made it,
 * with what that write's comparison needs: references into the stored versions, which are immutable. The
 * lazily loaded managedfields module works the field sets out from the records when something reads them,
 * and keeps them then.
 *
 * What a record keeps is what the comparison reads and nothing more, as every record stays until then:
 *   create: the spec as the field manager saw it, when a later step of the create changes the spec
 *     (admission, allocation); the created object is otherwise the version's own, or, once a later write
 *     changes the metadata, the created metadata. A create with nothing of its own to keep (most Events)
 *     shares one record with every create by the same manager.
 *   update (PUT or a non-apply PATCH of the object), scale: the versions before and after.
 *   status (a status write): the statuses and annotations before and after, not the versions.
 *   soleStatus: a status write of a Node by the manager that alone ever wrote its status (the kubelet):
 *     that manager's status entry is then exactly what the status holds, as of the write; nothing is kept.
 *   sole: an update of a Lease by the manager that created it and alone ever wrote it (a renewal): that
 *     manager owns exactly what the version holds, as of the write; nothing else is kept.
 *   A write past the field manager (a binding, graceful deletion) changes no owner: a binding shares the
 *   record of the version it changed when that is a create's (whose spec is kept; a binding leaves the
 *   metadata alone), and otherwise the write gets a `same` record holding that version.
 */
import type { KObject } from './meta.js';

/**
 * Each stored version's record is a member under this symbol: for-in, JSON and the printers never see it
 * (a WeakMap side table cost more: each of a busy cluster's writes paid a hashed insertion).
 */
const RECORD = Symbol('managedFields');
type Recorded = { [RECORD]?: ManagedRecord };

export type WriteKind = 'create' | 'update' | 'status' | 'soleStatus' | 'scale' | 'same' | 'sole' | 'known';

export interface ManagedRecord {
  kind: WriteKind;
  /** The record of the version before the write (update, status, scale, same). */
  prev?: ManagedRecord;
  /**
   * What the comparison reads before and after the write: update, scale: the versions (`x` is also same's);
   * status: the statuses; create: the spec snapshot and the created metadata (once a later write changes it).
   */
  x?: unknown;
  y?: unknown;
  /** status: the annotations before and after (an apps status write carries them). */
  annotationsBefore?: unknown;
  annotations?: unknown;
  /** The request's fieldManager; without one, the manager is the user agent's first word. */
  fieldManager?: string;
  userAgent?: string;
  subresource?: string;
  /** Virtual milliseconds (a create's time is its creationTimestamp). */
  time: number;
  /** The managers (managedfields/manager.ts Managed), once known. */
  state?: unknown;
  /** Writes since the last known managers: a chain grows until it is worked out. */
  depth: number;
  /** A create record shared by many objects: worked out each time, never changed. */
  shared: boolean;
  /**
   * The object's status writer so far: the record of its last status write when one manager alone wrote its
   * status, null once another did or a write past the field manager changed it, undefined before any.
   */
  statusBy: ManagedRecord | null | undefined;
}

export function recordOf(obj: KObject): ManagedRecord | undefined {
  return (obj as Recorded)[RECORD];
}

function record(kind: WriteKind, prev: ManagedRecord | undefined, fieldManager: string | undefined, userAgent: string | undefined, subresource: string | undefined, time: number): ManagedRecord {
  // Every record has every member, in one order: one shape for all.
  return {
    kind, prev, x: undefined, y: undefined, annotationsBefore: undefined, annotations: undefined, fieldManager, userAgent, subresource, time, state: undefined, depth: prev && prev.kind !== 'known' ? prev.depth + 1 : prev ? 1 : 0, shared: false,
    statusBy: prev?.statusBy,
  };
}

/** Create records without anything of their own, one per manager (fieldManager, then user agent). */
const sharedCreates = new Map<string | undefined, Map<string | undefined, ManagedRecord>>();

/** A create's record; `spec` is specSnapshot's, when the create path changes the spec after the field manager. */
export function createRecord(fieldManager: string | undefined, userAgent: string | undefined, spec: Record<string, unknown> | undefined): ManagedRecord {
  if (spec === undefined) {
    let byAgent = sharedCreates.get(fieldManager);
    if (!byAgent) sharedCreates.set(fieldManager, (byAgent = new Map()));
    let rec = byAgent.get(userAgent);
    if (!rec) byAgent.set(userAgent, (rec = { ...record('create', undefined, fieldManager, userAgent, undefined, 0), shared: true }));
    return rec;
  }
  const rec = record('create', undefined, fieldManager, userAgent, undefined, 0);
  rec.x = spec;
  return rec;
}

/**
 * The record of the version `parent` as a later write sees it: a shared create record becomes the object's
 * own, so that what follows can refer to it, and a create's keeps the created metadata when the write may
 * change it (`metadata`: not a status write that leaves the annotations as they were).
 */
function own(parent: KObject, metadata = true): ManagedRecord | undefined {
  const rec = recordOf(parent);
  if (!rec || rec.kind !== 'create') return rec;
  if (!rec.shared) {
    if (metadata) rec.y ??= parent.metadata;
    return rec;
  }
  const mine = record('create', undefined, rec.fieldManager, rec.userAgent, undefined, 0);
  mine.y = parent.metadata;
  return mine;
}

/**
 * Resources whose only writer is usually their creator and that it writes again and again: a kubelet's Lease
 * (renewed every 10 s), an Event (its count and last time, each time it repeats). A sole writer's set is then
 * the version's own, whatever came before: each update takes what it added or changed and loses what it
 * removed, which leaves exactly what differs from the kind's empty object. A Lease's empty object holds no
 * values at all; an Event's holds empty reportingComponent and reportingInstance and null times, which its
 * recorder never writes back once set.
 */
const SOLE_WRITER_RESOURCES = new Set(['leases.coordination.k8s.io', 'events']);

/** An update of the object (PUT or a non-apply PATCH), or a write of its scale subresource. */
export function updateRecord(resource: string, parent: KObject, fieldManager: string | undefined, userAgent: string | undefined, subresource: string | undefined, time: number): ManagedRecord {
  const prev = recordOf(parent);
  if (prev && subresource === undefined && (prev.kind === 'sole' || (prev.kind === 'create' && prev.shared)) && prev.fieldManager === fieldManager && prev.userAgent === userAgent && SOLE_WRITER_RESOURCES.has(resource)) {
    return record('sole', undefined, fieldManager, userAgent, undefined, time);
  }
  const rec = record(subresource === 'scale' ? 'scale' : 'update', own(parent), fieldManager, userAgent, subresource, time);
  rec.x = parent;
  return rec;
}

/** Resources whose status has one writer (a Node's, its kubelet) and changes all the time. */
const SOLE_STATUS_RESOURCES = new Set(['nodes']);

/** A status write: only the statuses and annotations are kept (a status write changes nothing else). */
export function statusRecord(resource: string, parent: KObject, written: KObject, fieldManager: string | undefined, userAgent: string | undefined, time: number): ManagedRecord {
  const annotations = written.metadata.annotations !== parent.metadata.annotations;
  // A Job's status write can bring its labels (the body is defaulted from the template as it is decoded): the
  // created metadata is kept then too, or its creator would be found to own labels it never sent.
  const prev = own(parent, annotations || written.metadata.labels !== parent.metadata.labels);
  const by = prev?.statusBy;
  if (!annotations && by !== null && SOLE_STATUS_RESOURCES.has(resource) && (by === undefined || (by.fieldManager === fieldManager && by.userAgent === userAgent))) {
    const rec = record('soleStatus', prev, fieldManager, userAgent, 'status', time);
    rec.statusBy = rec;
    return rec;
  }
  const rec = record('status', prev, fieldManager, userAgent, 'status', time);
  rec.statusBy = null;
  rec.x = parent.status;
  rec.y = written.status;
  rec.annotationsBefore = parent.metadata.annotations;
  rec.annotations = written.metadata.annotations;
  return rec;
}

/** A write past the field manager: the owners stay those of `parent`. `binding`: only spec and status change. */
export function sameRecord(parent: KObject, binding = false): ManagedRecord {
  const prev = recordOf(parent);
  // A create's record keeps the spec it created: a version that changed nothing else it compares can share it.
  // A binding sets a status condition nobody owns: the status has no sole writer any more.
  if (binding && prev && prev.kind === 'create' && !prev.shared) {
    prev.statusBy = null;
    return prev;
  }
  const rec = record('same', own(parent), undefined, undefined, undefined, 0);
  rec.x = parent;
  if (binding) rec.statusBy = null;
  return rec;
}

/** The object a deletion reports (the last version, at the deletion's resourceVersion) has that version's owners. */
export function inherit(obj: KObject, from: KObject | undefined): void {
  const rec = from && recordOf(from);
  if (rec) (obj as Recorded)[RECORD] = rec;
}

/** Attaches `rec` to the version being stored. */
export function attach(obj: KObject, rec: ManagedRecord): void {
  (obj as Recorded)[RECORD] = rec;
  if ((rec.kind === 'update' || rec.kind === 'scale') && rec.y === undefined) rec.y = obj;
}

/**
 * What the field manager saw of a created object's spec, kept from the create path's later steps: they set
 * metadata the field manager never tracks (uid, creationTimestamp, generation) and status (not tracked on
 * create), and change the spec: its members (a pod's serviceAccountName, volumes, tolerations, priority; a
 * Service's clusterIP) and its lists' items (each container's volumeMounts and resources; a Service port's
 * nodePort). So the spec and each of its lists' items are copied, one level each; everything deeper is
 * shared, as those steps replace rather than change it.
 */
export function specSnapshot(obj: KObject): Record<string, unknown> {
  const spec = obj.spec as Record<string, unknown> | undefined;
  // No spec sent: the created object had none (a later step may add one, as a namespace's finalizers).
  if (!spec || typeof spec !== 'object') return {};
  const copy: Record<string, unknown> = {};
  for (const k in spec) {
    const v = spec[k];
    copy[k] = Array.isArray(v) ? v.map((x) => (x && typeof x === 'object' && !Array.isArray(x) ? { ...x } : x)) : v;
  }
  return copy;
}
