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

/** Applies a strategic merge patch to an object of the given kind. */
export function strategicMergePatch(current: KObject, patch: Json, info: Pick<ResourceInfo, 'kind'>): Json {
  if (!isObj(patch)) throw new StrategicMergeError('json: cannot unmarshal into Go value of type map[string]interface {}');
  return mergeMap(clone(current) as Obj, patch, rootOf(info.kind));
}

function mergeMap(original: Obj, patch: Obj, schema: StructSchema | undefined): Obj | undefined {
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
      out[k] = fi.strategy.includes('merge') ? mergeList(Array.isArray(cur) ? cur : [], v, fi) : stripDirectives(v);
      const order = patch[`${SET_ORDER}${k}`];
      if (Array.isArray(order) && Array.isArray(out[k])) out[k] = applyOrder(out[k] as Json[], order, fi.mergeKey);
    } else if (isObj(v)) {
      const merged = mergeMap(isObj(cur) ? cur : {}, v, fi.struct);
      if (merged === undefined) delete out[k];
      else out[k] = merged;
    } else {
      out[k] = v;
    }
  }
  return out;
}

function mergeList(original: Json[], patch: Json[], fi: FieldInfo): Json[] {
  if (fi.scalarList || !fi.mergeKey) {
    // Lists of scalars merge as sets; `{$patch: replace}` is not valid for them.
    const out = [...original];
    const seen = new Set(out.map((x) => JSON.stringify(x)));
    for (const x of patch) {
      if (isObj(x)) continue;
      const key = JSON.stringify(x);
      if (!seen.has(key)) { out.push(x); seen.add(key); }
    }
    return out;
  }
  const key = fi.mergeKey;
  if (patch.some((x) => isObj(x) && x[DIRECTIVE] === 'replace')) {
    return patch.filter((x) => !(isObj(x) && x[DIRECTIVE] === 'replace')).map((x) => stripDirectives(x));
  }
  const out = original.map((x) => x);
  for (const item of patch) {
    if (!isObj(item)) throw new StrategicMergeError(`unable to find api field in struct for the given key: ${key}`);
    if (!(key in item)) throw new StrategicMergeError(`map: ${goMap(item)} does not contain declared merge key: ${key}`);
    const idx = out.findIndex((o) => isObj(o) && JSON.stringify(o[key]) === JSON.stringify(item[key]));
    if (item[DIRECTIVE] === 'delete') {
      if (idx >= 0) out.splice(idx, 1);
      continue;
    }
    if (idx >= 0) {
      const merged = mergeMap(out[idx] as Obj, item, fi.struct);
      if (merged === undefined) out.splice(idx, 1);
      else out[idx] = merged;
    } else {
      out.push(stripDirectives(item));
    }
  }
  return out;
}

function applyOrder(list: Json[], order: Json[], mergeKey: string | undefined): Json[] {
  const keyOf = (x: Json) => JSON.stringify(mergeKey && isObj(x) ? x[mergeKey] : x);
  const rank = new Map(order.map((o, i) => [keyOf(o), i]));
  const ordered = list.filter((x) => rank.has(keyOf(x))).sort((a, b) => rank.get(keyOf(a))! - rank.get(keyOf(b))!);
  return [...ordered, ...list.filter((x) => !rank.has(keyOf(x)))];
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
