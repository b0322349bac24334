/**
 * Strategic merge patch (k8s.io/apimachinery/pkg/util/strategicpatch): JSON
 * merge patch, except that lists tagged with patchStrategy "merge" merge their
 * items by patchMergeKey (containers by name, ports by containerPort, ...)
 * or, for lists of scalars (finalizers), by value; untagged lists are atomic.
 * Directives: `$patch: replace | delete | merge`, `$retainKeys`,
 * `$deleteFromPrimitiveList/<field>` and `$setElementOrder/<field>`.
 * The tags come from the generated schema (schema/types.json).
 */
import type { KObject } from './meta.js';
import { clone } from './meta.js';
import type { ResourceInfo } from './resources.js';
import { rootOf, structOf, type StructSchema } from './schema/index.js';

type Json = unknown;
type Obj = Record<string, Json>;

const DIRECTIVE = '$patch';
const RETAIN_KEYS = '$retainKeys';
const DELETE_PRIMITIVE = '$deleteFromPrimitiveList/';
const SET_ORDER = '$setElementOrder/';

export class StrategicMergeError extends Error {}

function isObj(v: Json): v is Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Go's %v of a map[string]interface{}: `map[image:nginx name:web]`. */
function goMap(v: Json): string {
  if (isObj(v)) return `map[${Object.keys(v).sort().map((k) => `${k}:${goMap(v[k])}`).join(' ')}]`;
  if (Array.isArray(v)) return `[${v.map(goMap).join(' ')}]`;
  return v === null ? '<nil>' : String(v);
}

interface FieldInfo {
  /** The element (for lists) or value (for structs) schema, when it is a struct. */
  struct?: StructSchema;
  list: boolean;
  /** Elements are scalars. */
  scalarList: boolean;
  strategy: string[];
  mergeKey?: string;
}

function fieldInfo(s: StructSchema | undefined, key: string): FieldInfo {
  const t = s?.f[key];
  const tag = s?.p?.[key] ?? '';
  const [strategyPart, mergeKey] = tag.split(':');
  const info: FieldInfo = { list: false, scalarList: false, strategy: strategyPart ? strategyPart.split(',') : [], mergeKey: mergeKey || undefined };
  if (!t) return info;
  let elem = t;
  if (t.startsWith('[]')) {
    info.list = true;
    elem = t.slice(2);
    info.scalarList = !elem.startsWith('@');
  } else if (t.startsWith('{}')) {
    elem = t.slice(2);
  }
  if (elem.startsWith('@')) info.struct = structOf(elem.slice(1));
  return info;
}

/**
 * Applies a strategic merge patch to an object of the given kind. `apply`: the merge of a server-side apply, whose
 * keyed lists come out in structured-merge-diff's order (typed/merge.go visitListItems): the live list walked in
 * step with the configuration, an item only the live list has staying where it is and the configuration's in its
 * own order, so an item the configuration adds lands after the live ones before it (a strategic merge puts it first).
 * Only until the field manager's code loads: server-side apply then merges by structured-merge-diff's own types
 * (managedfields/typed.ts applyMerge: list-map keys, atomic maps), and a custom resource, which has no Go type.
 */
export function strategicMergePatch(current: KObject, patch: Json, info: Pick<ResourceInfo, 'kind'>, apply = false): Json {
  if (!isObj(patch)) throw new StrategicMergeError('json: cannot unmarshal into Go value of type map[string]interface {}');
  return mergeMap(clone(current) as Obj, patch, rootOf(info.kind), apply);
}

function mergeMap(original: Obj, patch: Obj, schema: StructSchema | undefined, apply = false): Obj | undefined {
  const directive = patch[DIRECTIVE];
  if (directive === 'replace') {
    const out = clone(patch);
    delete out[DIRECTIVE];
    return stripNulls(out);
  }
  if (directive === 'delete') return undefined;
  if (directive !== undefined && directive !== 'merge') throw new StrategicMergeError(`Unknown patch type: ${String(directive)}`);
  let out: Obj = { ...original };
  const retain = patch[RETAIN_KEYS];
  if (retain !== undefined) {
    if (!Array.isArray(retain)) throw new StrategicMergeError('invalid retainKeys list');
    const keep = new Set(retain.map(String));
    out = Object.fromEntries(Object.entries(out).filter(([k]) => keep.has(k)));
  }
  for (const [k, v] of Object.entries(patch)) {
    if (k === DIRECTIVE || k === RETAIN_KEYS || k.startsWith(SET_ORDER)) continue;
    if (k.startsWith(DELETE_PRIMITIVE)) {
      const f = k.slice(DELETE_PRIMITIVE.length);
      const drop = new Set((Array.isArray(v) ? v : []).map((x) => JSON.stringify(x)));
      if (Array.isArray(out[f])) out[f] = (out[f] as Json[]).filter((x) => !drop.has(JSON.stringify(x)));
      continue;
    }
    if (v === null) {
      delete out[k];
      continue;
    }
    const fi = fieldInfo(schema, k);
    const cur = out[k];
    if (Array.isArray(v)) {
      out[k] = fi.strategy.includes('merge') ? mergeList(Array.isArray(cur) ? cur : [], v, fi, apply) : stripDirectives(v);
    } else if (isObj(v)) {
      const merged = mergeMap(isObj(cur) ? cur : {}, v, fi.struct, apply);
      if (merged === undefined) delete out[k];
      else out[k] = merged;
    } else {
      out[k] = v;
    }
  }
  // `$setElementOrder/<list>` orders the merged list, whether or not the patch touches the list itself.
  for (const [k, order] of Object.entries(patch)) {
    if (!k.startsWith(SET_ORDER) || !Array.isArray(order)) continue;
    const f = k.slice(SET_ORDER.length);
    const live = original[f];
    if (!Array.isArray(out[f])) continue;
    out[f] = orderLikeUpstream(out[f] as Json[], order, Array.isArray(live) ? live : [], fieldInfo(schema, f).mergeKey);
  }
  return out;
}

function mergeList(original: Json[], patch: Json[], fi: FieldInfo, apply: boolean): Json[] {
  const order = apply ? orderLikeApply : orderLikeUpstream;
  if (fi.scalarList || !fi.mergeKey) {
    // Lists of scalars merge as sets; `{$patch: replace}` is not valid for them.
    const items = patch.filter((x) => !isObj(x));
    const merged = [...original];
    for (const x of items) if (!merged.some((o) => sameElement(o, x, undefined))) merged.push(x);
    return order(merged, items, original, undefined);
  }
  const key = fi.mergeKey;
  if (patch.some((x) => isObj(x) && x[DIRECTIVE] === 'replace')) {
    return patch.filter((x) => !(isObj(x) && x[DIRECTIVE] === 'replace')).map((x) => stripDirectives(x));
  }
  let live = original;
  const items: Json[] = [];
  for (const item of patch) {
    if (!isObj(item)) throw new StrategicMergeError(`unable to find api field in struct for the given key: ${key}`);
    if (!(key in item)) throw new StrategicMergeError(`map: ${goMap(item)} does not contain declared merge key: ${key}`);
    if (item[DIRECTIVE] === 'delete') live = live.filter((o) => !sameElement(o, item, key));
    else items.push(item);
  }
  const out = [...live];
  for (const item of items) {
    const idx = out.findIndex((o) => sameElement(o, item, key));
    if (idx >= 0) {
      const merged = mergeMap(out[idx] as Obj, item as Obj, fi.struct, apply);
      if (merged === undefined) out.splice(idx, 1);
      else out[idx] = merged;
    } else {
      out.push(stripDirectives(item));
    }
  }
  return order(out, items, live, key);
}

/** visitListItems' order for `merged`, the items of `live` (lhs) and `config` (rhs) by key. */
function orderLikeApply(merged: Json[], config: Json[], live: Json[], mergeKey: string | undefined): Json[] {
  const keyOf = (x: Json) => elementKey(x, mergeKey);
  const L = live.map(keyOf);
  const R = config.map(keyOf);
  const inL = new Set(L);
  const inR = new Set(R);
  const shared = R.filter((k) => inL.has(k));
  let next: string | undefined = shared.shift();
  const done = new Set<string>();
  const keys: string[] = [];
  for (let l = 0, r = 0; l < L.length || r < R.length;) {
    if (l < L.length && r < R.length) {
      if (L[l] === R[r]) {
        keys.push(L[l]);
        done.add(L[l]);
        l++;
        r++;
        next = shared.shift();
        continue;
      }
      // A shared item, but not the one this round wants.
      if (inR.has(L[l]) && next !== undefined && next !== L[l]) {
        l++;
        continue;
      }
    }
    if (l < L.length) {
      if (!inR.has(L[l])) {
        keys.push(L[l++]);
        continue;
      }
      if (done.has(L[l])) l++;
    }
    if (r < R.length) {
      const k = R[r++];
      keys.push(k);
      done.add(k);
      if (next === k) next = shared.shift();
    }
  }
  const byKey = new Map(merged.map((x) => [keyOf(x), x]));
  const out: Json[] = [];
  for (const k of keys) {
    const x = byKey.get(k);
    if (x === undefined) continue;
    out.push(x);
    byKey.delete(k);
  }
  // Items neither list named (none in practice) keep their merged order at the end.
  return [...out, ...byKey.values()];
}

/** An item's identity in its list: its merge key's value, or the scalar itself. */
function elementKey(x: Json, mergeKey: string | undefined): string {
  return JSON.stringify(mergeKey !== undefined ? (isObj(x) ? x[mergeKey] : undefined) : x);
}

function sameElement(a: Json, b: Json, mergeKey: string | undefined): boolean {
  return elementKey(a, mergeKey) === elementKey(b, mergeKey);
}

/**
 * strategicpatch's mergeSlice ends by splitting the merged list into the patch's items (or those `$setElementOrder`
 * names, in its order) and the server's own, each kept in its source's order, then interleaving them: a patch item that the live list does not hold goes before the
 * server items after it, so a new container lands first (the kubectl patch task's redis before nginx).
 */
function orderLikeUpstream(merged: Json[], patchItems: Json[], live: Json[], mergeKey: string | undefined): Json[] {
  const fromPatch = (x: Json) => patchItems.some((p) => sameElement(p, x, mergeKey));
  return normalizeElementOrder(merged.filter(fromPatch), merged.filter((x) => !fromPatch(x)), patchItems, live, mergeKey);
}

function normalizeElementOrder(patchItems: Json[], serverOnly: Json[], patchOrder: Json[], serverOrder: Json[], mergeKey: string | undefined): Json[] {
  const left = sortByOrder(serverOnly, serverOrder, mergeKey);
  const right = sortByOrder(patchItems, patchOrder, mergeKey);
  const at = (x: Json) => serverOrder.findIndex((o) => sameElement(o, x, mergeKey));
  const out: Json[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (j >= right.length) out.push(left[i++]);
    else if (i >= left.length) out.push(right[j++]);
    else {
      const li = at(left[i]);
      const ri = at(right[j]);
      if (li >= 0 && ri >= 0 && li < ri) out.push(left[i++]);
      else out.push(right[j++]);
    }
  }
  return out;
}

/** sort.SliceStable by position in `order` (an insertion sort for short lists), items missing from it counting as less. */
function sortByOrder(list: Json[], order: Json[], mergeKey: string | undefined): Json[] {
  const at = (x: Json) => order.findIndex((o) => sameElement(o, x, mergeKey));
  const out = [...list];
  const less = (a: Json, b: Json) => {
    const ia = at(a);
    const ib = at(b);
    return ia >= 0 && ib >= 0 ? ia < ib : true;
  };
  for (let i = 1; i < out.length; i++) {
    for (let j = i; j > 0 && less(out[j], out[j - 1]); j--) [out[j], out[j - 1]] = [out[j - 1], out[j]];
  }
  return out;
}

function stripDirectives<T extends Json>(v: T): T {
  if (Array.isArray(v)) return v.map(stripDirectives) as T;
  if (!isObj(v)) return v;
  const out: Obj = {};
  for (const [k, x] of Object.entries(v)) {
    if (k === DIRECTIVE || k === RETAIN_KEYS || k.startsWith(SET_ORDER) || k.startsWith(DELETE_PRIMITIVE)) continue;
    if (x === null) continue;
    out[k] = stripDirectives(x);
  }
  return out as T;
}

function stripNulls(o: Obj): Obj {
  return stripDirectives(o);
}
