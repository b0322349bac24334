/**
 * The API server's field manager (k8s.io/apimachinery/pkg/util/managedfields/internal and
 * sigs.k8s.io/structured-merge-diff's merge.Updater): who owns which field of an object.
 *
 * Managers are told apart by manager name, operation, subresource and, for Update, the API version
 * (BuildManagerIdentifier). An Update (any create, PUT or non-apply PATCH) takes the fields it added or
 * changed from everyone else and adds them to its manager's set; a removed field leaves every set; the
 * entry's time moves only when the write took something. An Apply owns exactly the fields of its
 * configuration: taking a field another manager owns with a different value is a conflict unless forced,
 * and a field it applied before and no longer does is removed from the object unless someone else owns it.
 * An entry whose set becomes empty is dropped.
 */
import { FieldSet, fieldElement, pathString } from './fieldset.js';
import { compare, removeItems, toFieldSet, type Comparison } from './typed.js';

export type Operation = 'Apply' | 'Update';

export interface Manager {
  manager: string;
  operation: Operation;
  apiVersion: string;
  subresource?: string;
  /** RFC 3339, seconds; absent where kube-apiserver leaves it unset (a scale subresource's new entry). */
  time?: string;
  set: FieldSet;
}

/** The ManagedFieldsEntry as served. */
export interface ManagedFieldsEntry {
  apiVersion: string;
  fieldsType: 'FieldsV1';
  fieldsV1: Record<string, unknown>;
  manager: string;
  operation: Operation;
  subresource?: string;
  time?: string;
}

/** Managers by identifier, in no particular order (the entries are sorted when encoded). */
export type Managed = Map<string, Manager>;

/**
 * BuildManagerIdentifier: the entry without its set and time, as JSON (the 409 lists managers sorted by it).
 * The API version is left out for appliers: an applier is the same manager at every version.
 */
export function identifier(m: Pick<Manager, 'manager' | 'operation' | 'apiVersion' | 'subresource'>): string {
  const e: Record<string, string> = { manager: m.manager, operation: m.operation };
  if (m.operation !== 'Apply' && m.apiVersion) e.apiVersion = m.apiVersion;
  if (m.subresource) e.subresource = m.subresource;
  return JSON.stringify(e);
}

/** StripMetaManager: metadata the server sets, never owned by anyone. */
const STRIPPED = FieldSet.of(
  ['f:apiVersion'], ['f:kind'], ['f:metadata'],
  ...['name', 'namespace', 'creationTimestamp', 'selfLink', 'uid', 'clusterName', 'generation', 'managedFields', 'resourceVersion'].map((f) => ['f:metadata', fieldElement(f)]),
);

function filter(c: Comparison, ignored: Ignore): Comparison {
  return { added: ignored(c.added), modified: ignored(c.modified), removed: ignored(c.removed) };
}

/** What a write's field manager does not track (the strategy's reset fields): a function of the set. */
export type Ignore = (s: FieldSet) => FieldSet;

const STATUS = FieldSet.of(['f:status']);
/** The main resource of a kind with a status subresource: its status is the status writers'. */
export const IGNORE_STATUS: Ignore = (s) => s.recursiveDifference(STATUS);
/** The status subresource: only status (and metadata, which a status write may carry) is tracked. */
export const ONLY_STATUS: Ignore = (s) => {
  const out = new FieldSet();
  for (const k of ['f:status', 'f:metadata']) {
    const c = s.children.get(k);
    if (c) out.children.set(k, c.copy());
    if (s.members.has(k)) out.members.add(k);
  }
  return out;
};
export const IGNORE_NOTHING: Ignore = (s) => s;

export interface Write {
  manager: string;
  apiVersion: string;
  subresource?: string;
  time: string;
}

function copyManaged(m: Managed): Managed {
  return new Map([...m].map(([k, v]) => [k, { ...v }]));
}

/** merge.Updater.update: the changed fields leave the other managers (their conflicts, when not forced). */
function takeFrom(managed: Managed, cmp: Comparison, self: string): Map<string, FieldSet> {
  const changed = cmp.added.union(cmp.modified);
  const conflicts = new Map<string, FieldSet>();
  for (const [id, m] of managed) {
    if (id === self) continue;
    const c = m.set.intersection(changed);
    if (!c.empty()) conflicts.set(id, c);
  }
  return conflicts;
}

function drop(managed: Managed, cmp: Comparison, conflicts: Map<string, FieldSet>, self: string): void {
  for (const [id, m] of [...managed]) {
    if (id === self) continue;
    let set = m.set;
    const c = conflicts.get(id);
    if (c) set = set.difference(c);
    if (!cmp.removed.empty()) set = set.difference(cmp.removed);
    if (set.empty()) managed.delete(id);
    else if (set !== m.set) managed.set(id, { ...m, set });
  }
}

function strip(managed: Managed): void {
  for (const [id, m] of [...managed]) {
    const set = m.set.difference(STRIPPED);
    if (set.empty()) managed.delete(id);
    else managed.set(id, { ...m, set });
  }
}

function same(c: Comparison): boolean {
  return c.added.empty() && c.modified.empty() && c.removed.empty();
}

/**
 * An Update by `w` from `live` to `next` (a create is an update from the kind's empty object).
 * Returns the new managers; `managed` is left as it was.
 */
export function update(managed: Managed, live: unknown, next: unknown, ty: Parameters<typeof compare>[2], w: Write, ignored: Ignore): Managed {
  const out = copyManaged(managed);
  const cmp = filter(compare(live, next, ty), ignored);
  const self = '\0current-operation';
  drop(out, cmp, takeFrom(out, cmp, self), self);
  if (same(cmp)) { strip(out); return out; }
  const set = cmp.added.union(cmp.modified).difference(STRIPPED);
  strip(out);
  if (set.empty()) return out;
  const m: Manager = { manager: w.manager, operation: 'Update', apiVersion: w.apiVersion, subresource: w.subresource, time: w.time, set };
  const id = identifier(m);
  const previous = out.get(id);
  out.set(id, previous ? { ...m, set: set.union(previous.set) } : m);
  return out;
}

export interface Conflict {
  id: string;
  manager: Manager;
  path: string[];
}

export class ConflictError extends Error {
  constructor(readonly conflicts: Conflict[]) {
    super(conflictMessage(conflicts));
  }
}

/** printManager: an updater with its API version (the identifier has no time), an applier by name. */
function printManager(m: Manager): string {
  let s = JSON.stringify(m.manager);
  if (m.subresource) s += ` with subresource ${JSON.stringify(m.subresource)}`;
  return m.operation === 'Update' ? `${s} using ${m.apiVersion}` : s;
}

/** The 409's message (internal/conflict.go getConflictMessage). */
export function conflictMessage(conflicts: Conflict[]): string {
  if (conflicts.length === 1) return `Apply failed with 1 conflict: conflict with ${printManager(conflicts[0].manager)}: ${pathString(conflicts[0].path)}`;
  const ids = [...new Set(conflicts.map((c) => c.id))].sort();
  const lines: string[] = [];
  for (const id of ids) {
    const mine = conflicts.filter((c) => c.id === id);
    lines.push(`conflicts with ${printManager(mine[0].manager)}:`);
    for (const c of mine) lines.push(`- ${pathString(c.path)}`);
  }
  return `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`;
}

/** The status causes of the 409, one a conflict. */
export function conflictCauses(conflicts: Conflict[]): { type: string; message: string; field: string }[] {
  return conflicts.map((c) => ({ type: 'FieldManagerConflict', message: `conflict with ${printManager(c.manager)}`, field: pathString(c.path) }));
}

export interface ApplyResult {
  object: unknown;
  managed: Managed;
  /** The object changed (the entry's time then moves). */
  changed: boolean;
}

/**
 * An Apply by `w` of `config` to `live`, `merged` being live with config merged in; `typed` gives a value
 * as the Go types hold it, for the comparison (`live` is typed already). Throws ConflictError when not
 * forced and another manager owns a field the apply changes.
 */
export function apply(managed: Managed, live: unknown, config: unknown, merged: unknown, ty: Parameters<typeof compare>[2], w: Write, force: boolean, ignored: Ignore, typed: (v: unknown) => unknown = (v) => v): ApplyResult {
  const out = copyManaged(managed);
  const me: Manager = { manager: w.manager, operation: 'Apply', apiVersion: w.apiVersion, subresource: w.subresource, set: new FieldSet() };
  const id = identifier(me);
  const last = out.get(id);
  const set = ignored(toFieldSet(config, ty));
  out.set(id, { ...me, time: last?.time, set });
  let object = merged;
  if (last && !last.set.empty()) object = prune(merged, ty, out, id, last.set);
  const next = typed(object);
  const cmp = filter(compare(live, next, ty), ignored);
  const conflicts = takeFrom(out, cmp, id);
  if (!force && conflicts.size) {
    const list: Conflict[] = [];
    for (const [cid, c] of conflicts) for (const p of c.paths()) list.push({ id: cid, manager: out.get(cid)!, path: p });
    throw new ConflictError(list);
  }
  drop(out, cmp, conflicts, id);
  strip(out);
  const changed = !same(compare(live, next, ty));
  if (changed && out.has(id)) out.set(id, { ...out.get(id)!, time: w.time });
  return { object, managed: out, changed };
}

/**
 * merge.Updater.prune: what the applier applied last time and no longer applies is removed, unless
 * another manager (or the applier's new configuration) owns it.
 */
function prune(merged: unknown, ty: Parameters<typeof compare>[2], managed: Managed, self: string, lastSet: FieldSet): unknown {
  let owned = new FieldSet();
  for (const m of managed.values()) owned = owned.union(m.set);
  const candidates = lastSet.difference(owned);
  if (candidates.empty()) return merged;
  // A path whose subtree someone still owns stays (addBackOwnedItems): only remove what nobody holds below.
  return removeItems(merged, ty, withoutOwnedBelow(candidates, owned));
}

function withoutOwnedBelow(candidates: FieldSet, owned: FieldSet): FieldSet {
  const out = new FieldSet();
  for (const m of candidates.members) {
    const below = owned.children.get(m);
    if (!below || below.empty()) out.members.add(m);
  }
  for (const [k, c] of candidates.children) {
    const o = owned.children.get(k);
    const sub = o ? withoutOwnedBelow(c, o) : c.copy();
    if (!sub.empty()) out.children.set(k, sub);
  }
  return out;
}

/** encodeManagedFields: the entries as served, sorted by operation, time (seconds), manager, API version, subresource. */
export function encode(managed: Managed): ManagedFieldsEntry[] {
  const entries = [...managed.values()];
  const secs = (m: Manager) => (m.time ? Date.parse(m.time) / 1000 : 0);
  entries.sort((p, q) => (p.operation !== q.operation ? (p.operation < q.operation ? -1 : 1)
    : secs(p) !== secs(q) ? secs(p) - secs(q)
    : p.manager !== q.manager ? (p.manager < q.manager ? -1 : 1)
    : p.apiVersion !== q.apiVersion ? (p.apiVersion < q.apiVersion ? -1 : 1)
    : (p.subresource ?? '') < (q.subresource ?? '') ? -1 : (p.subresource ?? '') > (q.subresource ?? '') ? 1 : 0));
  return entries.map((m) => {
    const e: ManagedFieldsEntry = { apiVersion: m.apiVersion, fieldsType: 'FieldsV1', fieldsV1: m.set.toJSON(), manager: m.manager, operation: m.operation };
    if (m.subresource) e.subresource = m.subresource;
    if (m.time) e.time = m.time;
    return e;
  });
}

export function decode(entries: readonly ManagedFieldsEntry[]): Managed {
  const out: Managed = new Map();
  for (const e of entries) {
    const m: Manager = { manager: e.manager, operation: e.operation, apiVersion: e.apiVersion, subresource: e.subresource, time: e.time, set: FieldSet.fromJSON(e.fieldsV1) };
    out.set(identifier(m), m);
  }
  return out;
}

const REPLICAS = ['f:spec', 'f:replicas'];

/**
 * A write through the scale subresource (managedfields.ScaleHandler): the parent's owners of spec.replicas
 * become Scale owners at autoscaling/v1 (so an updater's identifier changes), the Scale update runs, and
 * back in the parent every updater loses spec.replicas while each Scale owner of it gets an entry of its
 * own at the parent's version, whose time is the parent's time for that identifier: none.
 */
export function scale(managed: Managed, oldReplicas: number, newReplicas: number, w: Write): Managed {
  const scaleSide: Managed = new Map();
  for (const m of managed.values()) {
    if (!m.set.has(REPLICAS)) continue;
    const s: Manager = { ...m, apiVersion: 'autoscaling/v1', set: FieldSet.of(REPLICAS) };
    scaleSide.set(identifier(s), s);
  }
  let updated = scaleSide;
  // skipNonAppliedManager: a Scale nobody owns anything of is not tracked.
  if (scaleSide.size && oldReplicas !== newReplicas) {
    // The update took spec.replicas from every other Scale owner, whose sets are then empty.
    updated = new Map();
    const me: Manager = { manager: w.manager, operation: 'Update', apiVersion: 'autoscaling/v1', subresource: 'scale', time: w.time, set: FieldSet.of(REPLICAS) };
    updated.set(identifier(me), me);
  }
  const out: Managed = new Map();
  for (const [id, m] of managed) {
    if (!m.set.has(REPLICAS)) { out.set(id, m); continue; }
    if (updated.has(id)) { out.set(id, m); updated.delete(id); continue; }
    const set = m.set.difference(FieldSet.of(REPLICAS));
    if (!set.empty()) out.set(id, { ...m, set });
  }
  for (const m of updated.values()) {
    const parent: Manager = { manager: m.manager, operation: m.operation, apiVersion: w.apiVersion, subresource: m.subresource, set: FieldSet.of(REPLICAS) };
    out.set(identifier(parent), parent);
  }
  return out;
}
