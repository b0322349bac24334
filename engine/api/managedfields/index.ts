/**
 * The field manager's lazily loaded half: works out a stored version's managers from the records its
 * writes left (managed-record.ts), and performs server-side apply. APIServer reaches it through its
 * `fieldManager` hook once loaded (loader.ts).
 */
import { badRequest, StatusError, unknownError } from '../errors.js';
import { clone, type KObject } from '../meta.js';
import { recordOf, type ManagedRecord } from '../managed-record.js';
import { apiVersionOf, type ResourceInfo } from '../resources.js';
import { roundTrip } from '../schema/go-json.js';
import { rfc3339 } from '../../util/time.js';
import {
  apply, conflictCauses, ConflictError, decode, encode, identifier, IGNORE_NOTHING, IGNORE_STATUS, ONLY_STATUS, scale, update,
  type Ignore, type Managed, type ManagedFieldsEntry, type Write,
} from './manager.js';
import { appliedConfigErrors, applyMerge as typedMerge, compare, rootType, toFieldSet } from './typed.js';
import type { FieldSet } from './fieldset.js';

export { ConflictError, conflictCauses };

/** managerOrUserAgent: the request's fieldManager, else the user agent up to its first "/" (printable, at most 128 characters). */
export function managerName(fieldManager: string | undefined, userAgent: string | undefined): string {
  if (fieldManager) return fieldManager;
  const prefix = (userAgent ?? '').split('/')[0];
  let out = '';
  for (const ch of prefix) {
    if (out.length >= 128) break;
    if (/\p{L}|\p{M}|\p{N}|\p{P}|\p{S}| /u.test(ch)) out += ch;
  }
  return out;
}

function ignoredFor(info: ResourceInfo, subresource: string | undefined): Ignore {
  if (!info.statusSubresource) return IGNORE_NOTHING;
  return subresource === 'status' ? ONLY_STATUS : subresource ? IGNORE_NOTHING : IGNORE_STATUS;
}

/** The object as the Go types hold it (encoding/json writes these fields whether set or not). */
function typed(info: ResourceInfo, obj: unknown): unknown {
  return roundTrip(info.kind, clone(obj), true);
}

function writeOf(info: ResourceInfo, rec: ManagedRecord, time: number): Write {
  return { manager: managerName(rec.fieldManager, rec.userAgent), apiVersion: apiVersionOf(info), subresource: rec.subresource, time: rfc3339(time) };
}

const EMPTY: Managed = new Map();

/**
 * The managers of a stored version, worked out from its record and those before it (and kept on the records
 * then, which lets go of what they held).
 */
export function managersOf(info: ResourceInfo, obj: KObject): Managed {
  // The records back to one whose managers are known (or to the create), newest first, each with the version
  // its write made as far as its comparison reads it: a status write changes nothing but status and annotations.
  // A sole status writer's write carries the status it wrote: the one before the next status write, or the
  // version's; of several in a row only the last counts (each makes its writer's status entry anew).
  const chain: [ManagedRecord, KObject, unknown][] = [];
  let o = obj;
  let status = obj.status;
  let soleAfter = false;
  let rec = recordOf(obj);
  while (rec && rec.kind !== 'known') {
    const versions = rec.kind === 'update' || rec.kind === 'scale' || rec.kind === 'same';
    if (rec.kind === 'soleStatus' && soleAfter) chain.push([rec, o, SUPERSEDED]);
    else chain.push([rec, rec.kind === 'update' || rec.kind === 'scale' ? rec.y as KObject : o, status]);
    if (rec.kind === 'soleStatus') soleAfter = true;
    if (rec.kind === 'status') { soleAfter = false; status = rec.x; }
    if (rec.kind === 'create' || rec.kind === 'sole') break;
    if (versions) { o = rec.x as KObject; status = o.status; }
    rec = rec.prev;
  }
  let state: Managed = rec?.kind === 'known' ? rec.state as Managed : EMPTY;
  for (let i = chain.length - 1; i >= 0; i--) state = settle(info, chain[i][1], chain[i][0], state, chain[i][2]);
  return state;
}

const SUPERSEDED = Symbol('superseded');

function settle(info: ResourceInfo, obj: KObject, rec: ManagedRecord, before: Managed, status: unknown): Managed {
  const ty = rootType(info.kind);
  let state = before;
  if (ty) {
    if (rec.kind === 'soleStatus' && status !== SUPERSEDED) {
      // Its writer alone wrote the status: it owns what the status holds, as of this write.
      const w = writeOf(info, rec, rec.time);
      const mine = update(EMPTY, typed(info, {}), roundTrip(info.kind, clone({ metadata: {}, status }), true), ty, w, ONLY_STATUS);
      const id = identifier({ manager: w.manager, operation: 'Update', apiVersion: w.apiVersion, subresource: 'status' });
      state = new Map(before);
      state.delete(id);
      const entry = mine.get(id);
      if (entry) state.set(id, entry);
    } else if (rec.kind === 'sole') {
      state = update(EMPTY, typed(info, {}), typed(info, obj), ty, writeOf(info, rec, rec.time), ignoredFor(info, undefined));
    } else if (rec.kind === 'create') {
      const created = { ...obj, metadata: (rec.y as KObject['metadata'] | undefined) ?? obj.metadata, spec: rec.x ?? obj.spec };
      const time = Date.parse(created.metadata.creationTimestamp ?? '') || 0;
      state = update(EMPTY, typed(info, {}), typed(info, created), ty, writeOf(info, rec, time), ignoredFor(info, undefined));
    } else if (before.size && rec.kind === 'update') {
      // skipNonAppliedManager: an object nobody owns anything of is not tracked by updates.
      state = update(before, typed(info, rec.x), typed(info, obj), ty, writeOf(info, rec, rec.time), ignoredFor(info, rec.subresource));
    } else if (before.size && rec.kind === 'status') {
      const view = (annotations: unknown, status: unknown) => roundTrip(info.kind, clone({ metadata: { annotations }, status }), true);
      state = update(before, view(rec.annotationsBefore, rec.x), view(rec.annotations, rec.y), ty, writeOf(info, rec, rec.time), ONLY_STATUS);
    } else if (rec.kind === 'scale') {
      const replicas = (o: unknown) => ((o as KObject).spec as { replicas?: number } | undefined)?.replicas ?? 0;
      state = scale(before, replicas(rec.x), replicas(obj), writeOf(info, rec, rec.time));
    }
  }
  // A shared create record is every such object's: it stays as it is.
  if (rec.shared) return state;
  rec.kind = 'known';
  rec.state = state;
  rec.prev = rec.x = rec.y = rec.annotationsBefore = rec.annotations = undefined;
  rec.depth = 0;
  return state;
}

/** metadata.managedFields of a stored version. */
export function managedFieldsOf(info: ResourceInfo, obj: KObject): ManagedFieldsEntry[] | undefined {
  const m = managersOf(info, obj);
  return m.size ? encode(m) : undefined;
}

/** The object as kube-apiserver returns it: with metadata.managedFields. */
export function withManagedFields(info: ResourceInfo, obj: KObject): KObject {
  const entries = managedFieldsOf(info, obj);
  if (!entries) return obj;
  const metadata: Record<string, unknown> = {};
  // ObjectMeta's field order: managedFields comes after labels and annotations, ownerReferences and finalizers before it.
  for (const [k, v] of Object.entries(obj.metadata)) {
    if (k === 'managedFields') continue;
    metadata[k] = v;
  }
  metadata.managedFields = entries;
  return { ...obj, metadata } as KObject;
}

export interface ApplyRequest {
  fieldManager: string;
  force: boolean;
  time: number;
  /** An apply to the status subresource owns status fields only, recorded with `subresource: status`. */
  subresource?: 'status';
}

/**
 * The merge of a server-side apply (structuredMergeManager.Apply before the updater's ownership): the configuration
 * typed as structured-merge-diff types it, its refusals first, then merged over the live object (undefined: the
 * apply creates, and the configuration is the object). Undefined for a kind without Go types (a custom resource),
 * which the API server merges by its own rules.
 */
export function applyMerge(info: ResourceInfo, live: KObject | undefined, config: KObject, namespace: string | undefined): KObject | undefined {
  if (config.metadata && (config.metadata as { managedFields?: unknown }).managedFields !== undefined) throw badRequest('metadata.managedFields must be nil');
  const ty = rootType(info.kind);
  if (!ty) return undefined;
  const errs = appliedConfigErrors(config, ty);
  if (errs.length) {
    // An error that is not an API status: ErrorToAPIStatus makes it a 500 without a reason.
    const gvk = `${info.group}/${info.version}, Kind=${info.kind}`;
    const body = errs.length === 1 ? errs[0] : ['errors:', ...errs.map((e) => `  ${e}`)].join('\n');
    throw unknownError(`failed to create typed patch object (${config.metadata?.namespace ?? namespace ?? ''}/${config.metadata?.name ?? ''}; ${gvk}): ${body}`);
  }
  return live ? typedMerge(clone(live), config, ty) as KObject : config;
}

/**
 * Server-side apply of `config` to `live` (undefined: the apply creates), `merged` being live with config
 * merged in: `merged` becomes the object to store (without what the applier stopped applying), and the record
 * of its managers is returned. Throws the 409 of the conflicts. The configuration has passed applyMerge's checks.
 */
export function serverSideApply(info: ResourceInfo, live: KObject | undefined, config: KObject, merged: KObject, req: ApplyRequest): ManagedRecord {
  const ty = rootType(info.kind);
  const w: Write = { manager: req.fieldManager, apiVersion: apiVersionOf(info), ...(req.subresource ? { subresource: req.subresource } : {}), time: rfc3339(req.time) };
  const before = live ? managersOf(info, live) : EMPTY;
  if (!ty) return known(before, req.time);
  const liveTyped = live ? typed(info, live) : typed(info, {});
  let result: ReturnType<typeof apply>;
  const applyWith = (force: boolean) => apply(before, liveTyped, config, merged, ty, w, force, ignoredFor(info, req.subresource), (v) => typed(info, v));
  try {
    try {
      result = applyWith(req.force);
    } catch (e) {
      // lastAppliedManager: kubectl's first server-side apply over its client-side applies may take the fields the
      // last-applied annotation holds (and the object still has as it says); other conflicts stand.
      const allowed = e instanceof ConflictError && req.fieldManager === 'kubectl' && live ? allowedConflictsFromLastApplied(info, live, liveTyped, ty) : undefined;
      if (!allowed) throw e;
      const remaining = (e as ConflictError).conflicts.filter((c) => !allowed.has(c.path));
      if (remaining.length) throw new ConflictError(remaining);
      result = applyWith(true);
    }
  } catch (e) {
    // errors.NewApplyConflict: 409 Conflict, one cause a conflict.
    if (e instanceof ConflictError) throw new StatusError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: e.message, reason: 'Conflict', details: { causes: conflictCauses(e.conflicts) }, code: 409 });
    throw e;
  }
  // The pruned object replaces the merged one (same metadata: name, namespace, resourceVersion).
  const object = result.object as KObject;
  if (object !== merged) {
    for (const k of Object.keys(merged)) if (!(k in object)) delete (merged as Record<string, unknown>)[k];
    Object.assign(merged, object);
  }
  // lastAppliedUpdater: kubectl's server-side apply keeps an existing last-applied annotation in step with what it
  // applied (runtime.Encode of the configuration without that annotation: compact JSON and a newline).
  const annotations = (merged.metadata as { annotations?: Record<string, string> } | undefined)?.annotations;
  if (req.fieldManager === 'kubectl' && live && annotations?.[LAST_APPLIED] !== undefined) {
    const applied = clone(config) as KObject;
    const own = { ...(applied.metadata?.annotations ?? {}) };
    delete own[LAST_APPLIED];
    if (applied.metadata) {
      if (Object.keys(own).length) applied.metadata.annotations = own;
      else delete applied.metadata.annotations;
    }
    annotations[LAST_APPLIED] = `${JSON.stringify(sortedKeys(applied))}\n`;
  }
  return known(result.managed, req.time);
}

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

function sortedKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortedKeys);
  if (v === null || typeof v !== 'object') return v;
  const o = v as Record<string, unknown>;
  return Object.fromEntries(Object.keys(o).sort().map((k) => [k, sortedKeys(o[k])]));
}

/** The fields the live object's last-applied configuration sets to the values the object still has. */
function allowedConflictsFromLastApplied(info: ResourceInfo, live: KObject, liveTyped: unknown, ty: NonNullable<ReturnType<typeof rootType>>): FieldSet | undefined {
  const text = live.metadata.annotations?.[LAST_APPLIED];
  if (!text) return undefined;
  let last: KObject;
  try {
    last = JSON.parse(text) as KObject;
  } catch {
    return undefined;
  }
  if (!last || typeof last !== 'object' || last.apiVersion !== apiVersionOf(info)) return undefined;
  const cmp = compare(last, liveTyped, ty);
  return toFieldSet(last, ty).difference(cmp.modified).difference(cmp.added).difference(cmp.removed);
}

/** DecodeManagedFields of an update's managedFields: who owns what from this write on. */
export function sentManagers(entries: unknown[], time: number): ManagedRecord {
  return known(decode(entries as ManagedFieldsEntry[]), time);
}

function known(state: Managed, time: number): ManagedRecord {
  return { kind: 'known', state, time, depth: 0, shared: false, statusBy: null };
}

/** Whether a stored version's managers are those of a worked-out record. */
export function sameManagers(info: ResourceInfo, obj: KObject, rec: ManagedRecord): boolean {
  return JSON.stringify(encode(managersOf(info, obj))) === JSON.stringify(encode(rec.state as Managed));
}

