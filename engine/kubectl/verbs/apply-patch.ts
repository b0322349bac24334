/**
 * Client-side apply's three-way strategic merge patch
 * (strategicpatch.CreateThreeWayMergePatch): from the last-applied
 * configuration (original), the new manifest (modified) and the live object
 * (current).
 *
 *   deletions: what the user removed since the last apply (original → modified),
 *              and only that — fields set by controllers or other clients stay;
 *   delta:     what differs between the live object and the manifest
 *              (current → modified), ignoring fields the manifest does not name.
 *
 * Lists tagged `patchStrategy:"merge"` are merged by their patchMergeKey
 * (containers by name, ports by containerPort); removed items become
 * `{"$patch":"delete", name: ...}`, removed scalars of a merge list
 * `$deleteFromPrimitiveList/<field>`; other lists are replaced whole.
 */
import { deepEqual } from '../../api/meta.js';
import { rootOf, structOf, type StructSchema } from '../../api/schema/index.js';

type Json = unknown;
type Obj = Record<string, Json>;

function isObj(v: Json): v is Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

interface Field { struct?: StructSchema; merge: boolean; mergeKey?: string; scalarList: boolean }

function fieldOf(s: StructSchema | undefined, key: string): Field {
  const t = s?.f[key] ?? '';
  const tag = s?.p?.[key] ?? '';
  const [strategy, mergeKey] = tag.split(':');
  let elem = t.startsWith('[]') || t.startsWith('{}') ? t.slice(2) : t;
  const scalarList = t.startsWith('[]') && !elem.startsWith('@');
  elem = elem.startsWith('@') ? elem.slice(1) : '';
  return { struct: elem ? structOf(elem) : undefined, merge: strategy.split(',').includes('merge'), mergeKey: mergeKey || undefined, scalarList };
}

/** The patch, or `{}` when nothing changes. */
export function threeWayMergePatch(original: Obj | undefined, modified: Obj, current: Obj, kind: string): Obj {
  const schema = rootOf(kind);
  const deletions = original ? diff(original, modified, schema, 'deletions') : {};
  const delta = diff(current, modified, schema, 'delta');
  return mergePatches(deletions, delta, schema);
}

type Mode = 'deletions' | 'delta';

function diff(from: Obj, to: Obj, schema: StructSchema | undefined, mode: Mode): Obj {
  const patch: Obj = {};
  for (const k of Object.keys(to)) {
    const tv = to[k];
    const fv = from[k];
    const f = fieldOf(schema, k);
    if (!(k in from) || fv === undefined) {
      if (mode === 'delta' && tv !== null && tv !== undefined) patch[k] = tv;
      continue;
    }
    if (isObj(tv) && isObj(fv)) {
      const sub = diff(fv, tv, f.struct, mode);
      if (Object.keys(sub).length) patch[k] = sub;
      continue;
    }
    if (Array.isArray(tv) && Array.isArray(fv) && f.merge) {
      if (f.mergeKey && !f.scalarList) {
        const list = diffKeyedList(fv, tv, f, mode);
        if (list.length) patch[k] = list;
        if (mode === 'delta' && list.length) patch[`$setElementOrder/${k}`] = tv.filter(isObj).map((x) => ({ [f.mergeKey!]: x[f.mergeKey!] }));
      } else {
        const has = new Set(tv.map((x) => JSON.stringify(x)));
        const had = new Set(fv.map((x) => JSON.stringify(x)));
        if (mode === 'deletions') {
          const gone = fv.filter((x) => !has.has(JSON.stringify(x)));
          if (gone.length) patch[`$deleteFromPrimitiveList/${k}`] = gone;
        } else {
          const added = tv.filter((x) => !had.has(JSON.stringify(x)));
          if (added.length) patch[k] = added;
        }
      }
      continue;
    }
    if (mode === 'delta' && !deepEqual(tv, fv)) patch[k] = tv;
  }
  if (mode === 'deletions') {
    for (const k of Object.keys(from)) if (!(k in to) || to[k] === undefined) patch[k] = null;
  }
  return patch;
}

function diffKeyedList(from: Json[], to: Json[], f: Field, mode: Mode): Json[] {
  const key = f.mergeKey!;
  const idOf = (x: Json) => (isObj(x) ? JSON.stringify(x[key]) : JSON.stringify(x));
  const fromById = new Map(from.map((x) => [idOf(x), x]));
  const toIds = new Set(to.map(idOf));
  const out: Json[] = [];
  for (const item of to) {
    const prev = fromById.get(idOf(item));
    if (prev === undefined) {
      if (mode === 'delta') out.push(item);
      continue;
    }
    if (isObj(item) && isObj(prev)) {
      const sub = diff(prev, item, f.struct, mode);
      if (Object.keys(sub).length) out.push({ [key]: item[key], ...sub });
    }
  }
  if (mode === 'deletions') {
    for (const item of from) if (isObj(item) && !toIds.has(idOf(item))) out.push({ [key]: item[key], $patch: 'delete' });
  }
  return out;
}

/** Merges the deletions and the delta into one patch (keyed list items combine by merge key). */
function mergePatches(a: Obj, b: Obj, schema: StructSchema | undefined): Obj {
  const out: Obj = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const cur = out[k];
    const f = fieldOf(schema, k);
    if (isObj(cur) && isObj(v)) out[k] = mergePatches(cur, v, f.struct);
    else if (Array.isArray(cur) && Array.isArray(v) && f.mergeKey) {
      const key = f.mergeKey;
      const list = [...cur];
      for (const item of v) {
        const i = isObj(item) ? list.findIndex((x) => isObj(x) && deepEqual(x[key], item[key])) : -1;
        if (i >= 0) list[i] = mergePatches(list[i] as Obj, item as Obj, f.struct);
        else list.push(item);
      }
      out[k] = list;
    } else out[k] = v;
  }
  return out;
}

/** Removes `$setElementOrder/` directives: a two-way patch (edit, set) does not send them. */
function withoutOrderDirectives(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutOrderDirectives);
  if (v === null || typeof v !== 'object') return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) if (!k.startsWith('$setElementOrder/')) out[k] = withoutOrderDirectives(x);
  return out;
}

/** strategicpatch.CreateTwoWayMergePatch: what turns `original` into `modified`, lists merged by their keys. */
export function twoWayStrategicPatch(original: Obj, modified: Obj, kind: string): Obj {
  return withoutOrderDirectives(threeWayMergePatch(original, modified, original, kind)) as Obj;
}
