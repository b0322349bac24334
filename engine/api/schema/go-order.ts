/**
 * The key order of an object as kube-apiserver writes it: encoding/json walks
 * a Go struct's fields in their declaration order (an embedded struct's in
 * its place: TypeMeta's kind and apiVersion first) and a map's keys sorted.
 * The store keeps objects in whatever order they were built; the order table
 * (field-order.json, from the Go types: scripts/go-types) puts them back.
 * Fields no Go struct has (an object stored before the Go round trip loaded)
 * keep their place after the known ones.
 */
import orderData from './field-order.json';
import { SCHEMA } from './index.js';
import { lookupKind } from '../resources.js';

const ORDER = orderData as Record<string, string>;
const fieldLists = new Map<string, string[]>();

function fieldsOf(key: string): string[] | undefined {
  let f = fieldLists.get(key);
  if (!f && ORDER[key]) fieldLists.set(key, (f = ORDER[key].split(',')));
  return f;
}

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * The struct key of a kind's Go type. A root named by group and version comes first (events.k8s.io/v1 Event beside
 * core/v1 Event); a custom resource has none, whatever its kind is called (the server encodes it as unstructured
 * content); CustomResourceDefinition's types are the CRD decoder's, under a root explain does not look up
 * (registry/crd/decode.ts).
 */
export function goRootOf(kind: string, apiVersion?: unknown): string | undefined {
  if (typeof apiVersion === 'string' && apiVersion) {
    const qualified = SCHEMA.roots[`${apiVersion}.${kind}`];
    if (qualified) return qualified;
    if (lookupKind(apiVersion, kind)?.crd) return undefined;
  }
  return SCHEMA.roots[kind] ?? SCHEMA.roots[`crd:${kind}`];
}

/** `obj` (of kind `kind`) with its keys in encoding/json's order; a kind without Go types is only map-sorted. */
export function goOrdered(kind: string, obj: unknown): unknown {
  const root = goRootOf(kind, isObject(obj) ? obj.apiVersion : undefined);
  return root ? struct(root, obj) : sortedDeep(obj);
}

function value(t: string, v: unknown): unknown {
  if (t[0] === '@') return struct(t.slice(1), v);
  if (t[0] === '[' && Array.isArray(v)) return v.map((x) => value(t.slice(2), x));
  if (t[0] === '{' && isObject(v)) {
    const out: Obj = {};
    for (const k of Object.keys(v).sort()) out[k] = value(t.slice(2), v[k]);
    return out;
  }
  return t === 'any' ? sortedDeep(v) : v;
}

function struct(key: string, v: unknown): unknown {
  const s = SCHEMA.types[key];
  const fields = fieldsOf(key);
  if (!s || !fields || !isObject(v)) return v;
  const out: Obj = {};
  for (const f of fields) if (f in v) out[f] = value(s.f[f], v[f]);
  for (const k in v) if (!(k in out)) out[k] = v[k];
  return out;
}

/** map[string]interface{} (unstructured content): every level's keys sorted. */
function sortedDeep(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortedDeep);
  if (!isObject(v)) return v;
  const out: Obj = {};
  for (const k of Object.keys(v).sort()) out[k] = sortedDeep(v[k]);
  return out;
}
