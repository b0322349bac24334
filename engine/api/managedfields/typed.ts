/**
 * Objects as structured-merge-diff walks them (typed.TypedValue): the field types come from the decoder's
 * schema (engine/api/schema: `s b i32 i64 f64 q t mt ios bytes any`, `[]T`, `{}T`, `@struct`), and how each
 * list, map and struct takes part in field ownership from relationships.json (the Go markers, through
 * scripts/go-types/generate.ts). Here are the three walks the field manager needs: a value's field set
 * (ToFieldSet, for an applied configuration), the comparison of two versions (Compare: what an update added,
 * changed and removed) and the removal of paths (RemoveItems, when an applier stops applying a field).
 */
import { SCHEMA } from '../schema/index.js';
import relationshipData from './relationships.json';
import { FieldSet, fieldElement, keyElement, pathString, valueElement } from './fieldset.js';

const RELATIONSHIPS = relationshipData as Record<string, Record<string, string | string[]>>;

type Obj = Record<string, unknown>;

/** A type as the schema spells it, and for a struct's member the struct and field it came from. */
interface Type {
  t: string;
  /** list: keys (an associative list keyed by them), 'set', or undefined (atomic); map: 'atomic' or undefined. */
  rel?: string | string[];
}

type Shape = 'scalar' | 'struct' | 'map' | 'list';

function shapeOf(t: string): Shape {
  if (t[0] === '@') return SCHEMA.types[t.slice(1)] ? 'struct' : 'scalar';
  if (t.startsWith('[]')) return 'list';
  if (t.startsWith('{}')) return 'map';
  return 'scalar';
}

function isObj(v: unknown): v is Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** The member `key` of a value of type `ty` (a struct's field, or a map's element). */
function memberType(ty: Type, key: string): Type | undefined {
  if (ty.t[0] === '@') {
    const struct = ty.t.slice(1);
    // Own properties only: a field named `constructor` or `__proto__` is no member of any Go struct.
    const fields = SCHEMA.types[struct]?.f;
    if (!fields || !Object.prototype.hasOwnProperty.call(fields, key)) return undefined;
    const rels = RELATIONSHIPS[struct];
    return { t: fields[key], rel: rels && Object.prototype.hasOwnProperty.call(rels, key) ? rels[key] : undefined };
  }
  return { t: ty.t.slice(2) };
}

function atomic(ty: Type, shape: Shape): boolean {
  if (shape === 'struct') return RELATIONSHIPS[ty.t.slice(1)]?.['.'] === 'atomic';
  if (shape === 'map') return ty.rel === 'atomic';
  if (shape === 'list') return ty.rel === undefined;
  return true;
}

/**
 * The path element of a list item: its key fields, or its value in a set. A key field the item
 * lacks takes the schema's default where there is one (a port's protocol is "TCP").
 */
export function itemElement(ty: Type, item: unknown): string | undefined {
  if (Array.isArray(ty.rel)) {
    if (!isObj(item)) return undefined;
    const fields: [string, unknown][] = [];
    for (const k of ty.rel) {
      if (k in item && item[k] !== undefined) fields.push([k, item[k]]);
      else if (k === 'protocol') fields.push([k, 'TCP']);
    }
    return fields.length ? keyElement(fields) : undefined;
  }
  return valueElement(item);
}

export function rootType(kind: string): Type | undefined {
  const key = SCHEMA.roots[kind];
  return key ? { t: `@${key}` } : undefined;
}

/** typed.ToFieldSet: the leaves of a value, its atomic parts whole, and each list item. */
export function toFieldSet(v: unknown, ty: Type): FieldSet {
  const set = new FieldSet();
  collect(v, ty, [], set);
  return set;
}

function collect(v: unknown, ty: Type, path: string[], set: FieldSet): void {
  const shape = shapeOf(ty.t);
  if (shape === 'scalar') { set.insert(path); return; }
  if (atomic(ty, shape)) { set.insert(path); return; }
  if (shape === 'list') {
    if (!Array.isArray(v)) return;
    for (const item of v) {
      const pe = itemElement(ty, item);
      if (pe === undefined) continue;
      const p = [...path, pe];
      collect(item, { t: ty.t.slice(2) }, p, set);
      set.insert(p);
    }
    return;
  }
  if (!isObj(v)) return;
  for (const k in v) {
    const x = v[k];
    if (x === undefined) continue;
    const mt = memberType(ty, k);
    const p = [...path, fieldElement(k)];
    if (!mt) { set.insert(p); continue; }
    collect(x, mt, p, set);
    // A member that is null or {} is a leaf; so is each key of a map (its value's own leaves come too).
    if (x === null || (isObj(x) && Object.keys(x).length === 0) || shape === 'map') set.insert(p);
  }
}

export interface Comparison {
  added: FieldSet;
  modified: FieldSet;
  removed: FieldSet;
}

/** typed.Compare: what changed from `lhs` to `rhs` (values absent on a side are undefined). */
export function compare(lhs: unknown, rhs: unknown, ty: Type): Comparison {
  const c: Comparison = { added: new FieldSet(), modified: new FieldSet(), removed: new FieldSet() };
  walkCompare(lhs, rhs, ty, [], c);
  return c;
}

function leaf(lhs: unknown, rhs: unknown, path: string[], c: Comparison): void {
  if (lhs === undefined) c.added.insert(path);
  else if (rhs === undefined) c.removed.insert(path);
  else if (!jsonEqual(lhs, rhs)) c.modified.insert(path);
}

function walkCompare(lhs: unknown, rhs: unknown, ty: Type, path: string[], c: Comparison): void {
  // Stored versions share what a write left alone: nothing below can differ.
  if (lhs === rhs) return;
  const shape = shapeOf(ty.t);
  if (shape === 'scalar' || atomic(ty, shape)) { leaf(lhs, rhs, path, c); return; }
  if (shape === 'list') {
    const l = Array.isArray(lhs) ? lhs : undefined;
    const r = Array.isArray(rhs) ? rhs : undefined;
    if (!l?.length && !r?.length) { leaf(lhs, rhs, path, c); return; }
    compareItems(ty, l ?? [], r ?? [], path, c);
  } else {
    const l = isObj(lhs) ? lhs : undefined;
    const r = isObj(rhs) ? rhs : undefined;
    if (!hasKeys(l) && !hasKeys(r)) { leaf(lhs, rhs, path, c); return; }
    for (const k in l) {
      const mt = memberType(ty, k);
      const p = [...path, fieldElement(k)];
      if (!mt) leaf(l[k], r?.[k], p, c);
      else walkCompare(l[k], r?.[k], mt, p, c);
    }
    if (r) {
      for (const k in r) {
        if (l && k in l) continue;
        const mt = memberType(ty, k);
        const p = [...path, fieldElement(k)];
        if (!mt) leaf(undefined, r[k], p, c);
        else walkCompare(undefined, r[k], mt, p, c);
      }
    }
  }
  if (path.length === 0) return;
  if (lhs === undefined) c.added.insert(path);
  else if (rhs === undefined) c.removed.insert(path);
}

function compareItems(ty: Type, l: unknown[], r: unknown[], path: string[], c: Comparison): void {
  const elem: Type = { t: ty.t.slice(2) };
  const left = new Map<string, unknown>();
  for (const item of l) {
    const pe = itemElement(ty, item);
    if (pe !== undefined && !left.has(pe)) left.set(pe, item);
  }
  const right = new Map<string, unknown>();
  for (const item of r) {
    const pe = itemElement(ty, item);
    if (pe !== undefined && !right.has(pe)) right.set(pe, item);
  }
  for (const [pe, item] of left) walkCompare(item, right.get(pe), elem, [...path, pe], c);
  for (const [pe, item] of right) if (!left.has(pe)) walkCompare(undefined, item, elem, [...path, pe], c);
}

function hasKeys(o: Obj | undefined): boolean {
  if (!o) return false;
  for (const _ in o) return true;
  return false;
}

function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const y = b as unknown[];
    return a.length === y.length && a.every((x, i) => jsonEqual(x, y[i]));
  }
  const x = a as Obj;
  const y = b as Obj;
  const kx = Object.keys(x).filter((k) => x[k] !== undefined);
  const ky = Object.keys(y).filter((k) => y[k] !== undefined);
  return kx.length === ky.length && kx.every((k) => jsonEqual(x[k], y[k]));
}

/** typed.RemoveItems: the value without the member paths of `set` (a new value; `v` is left as it is). */
export function removeItems(v: unknown, ty: Type, set: FieldSet): unknown {
  const shape = shapeOf(ty.t);
  if (shape === 'scalar' || atomic(ty, shape)) return v;
  if (shape === 'list') {
    if (!Array.isArray(v)) return v;
    const out: unknown[] = [];
    for (const item of v) {
      const pe = itemElement(ty, item);
      if (pe !== undefined && set.members.has(pe)) continue;
      const sub = pe === undefined ? undefined : set.children.get(pe);
      out.push(sub ? removeItems(item, { t: ty.t.slice(2) }, sub) : item);
    }
    return out;
  }
  if (!isObj(v)) return v;
  const out: Obj = {};
  for (const k in v) {
    const pe = fieldElement(k);
    if (set.members.has(pe)) continue;
    const sub = set.children.get(pe);
    const mt = memberType(ty, k);
    out[k] = sub && mt ? removeItems(v[k], mt, sub) : v[k];
  }
  return out;
}

/**
 * ObjectToTyped's check of an applied configuration (typed/validate.go, duplicates not allowed): an associative
 * list's item must have a key and must not repeat one. The texts are structured-merge-diff's ValidationErrors.
 */
export function appliedConfigErrors(v: unknown, ty: Type): string[] {
  const errs: string[] = [];
  validateApplied(v, ty, [], errs);
  return errs;
}

function validateApplied(v: unknown, ty: Type, path: string[], errs: string[]): void {
  const shape = shapeOf(ty.t);
  if (shape === 'scalar') return;
  if (shape === 'list') {
    if (!Array.isArray(v)) return;
    const elem: Type = { t: ty.t.slice(2) };
    const seen = new Set<string>();
    for (let i = 0; i < v.length; i++) {
      let pe = `i:${i}`;
      if (ty.rel !== undefined) {
        const bad = itemKeyError(ty, v[i]);
        // Without a path element nothing deeper can be reported: the rest of the list is skipped.
        if (bad) { errs.push(`${pathString(path)}: element ${i}: ${bad}`); return; }
        pe = itemElement(ty, v[i])!;
        if (seen.has(pe)) errs.push(`${pathString(path)}: duplicate entries for key ${pathString([pe])}`);
        seen.add(pe);
      }
      validateApplied(v[i], elem, [...path, pe], errs);
    }
    return;
  }
  if (!isObj(v)) return;
  for (const k in v) {
    const mt = memberType(ty, k);
    if (mt) validateApplied(v[k], mt, [...path, fieldElement(k)], errs);
  }
}

/** listItemToPathElement's refusals. */
function itemKeyError(ty: Type, item: unknown): string | undefined {
  if (Array.isArray(ty.rel)) {
    if (item === null) return 'associative list with keys may not have a null element';
    if (!isObj(item)) return 'associative list with keys may not have non-map elements';
    if (itemElement(ty, item) === undefined) return `associative list with keys has an element that omits all key fields [${ty.rel.map((k) => JSON.stringify(k)).join(' ')}] (and doesn't have default values for any key fields)`;
    return undefined;
  }
  if (item === null) return 'associative list without keys has an element that\'s a null type';
  if (Array.isArray(item)) return 'associative list without keys has an element that\'s a list type';
  if (isObj(item)) return 'associative list without keys has an element that\'s a map type';
  return undefined;
}

/**
 * typed.Merge for server-side apply: the applied configuration (rhs) over the live object (lhs). An atomic part is
 * the configuration's; a granular struct or map takes the union, each shared member merged; an associative list
 * matches items by their list-map keys (a port by port and protocol, not strategic merge's patchMergeKey), walking
 * the live list in step with the configuration (merge.go visitListItems), and a set by value. A member the
 * configuration sets to null is removed (the Go decoder stores null as absent).
 */
export function applyMerge(lhs: unknown, rhs: unknown, ty: Type): unknown {
  if (rhs === undefined) return lhs;
  if (lhs === undefined || lhs === null || rhs === null) return rhs;
  const shape = shapeOf(ty.t);
  if (shape === 'scalar' || atomic(ty, shape)) return rhs;
  if (shape === 'list') {
    if (!Array.isArray(lhs) || !Array.isArray(rhs)) return rhs;
    // Both empty: a leaf, so the configuration's empty list (or null) stands.
    if (!lhs.length && !rhs.length) return rhs;
    return mergeItems(ty, lhs, rhs);
  }
  if (!isObj(lhs) || !isObj(rhs)) return rhs;
  if (!hasKeys(lhs) && !hasKeys(rhs)) return rhs;
  const out: Obj = { ...lhs };
  for (const k in rhs) {
    const x = rhs[k];
    if (x === undefined) continue;
    if (x === null) { delete out[k]; continue; }
    const mt = memberType(ty, k);
    out[k] = mt ? applyMerge(lhs[k], x, mt) : x;
  }
  return out;
}

function mergeItems(ty: Type, lhs: unknown[], rhs: unknown[]): unknown[] {
  const elem: Type = { t: ty.t.slice(2) };
  const index = (list: unknown[]) => {
    const pes: string[] = [];
    const items: unknown[] = [];
    const observed = new Map<string, unknown>();
    for (const item of list) {
      const pe = itemElement(ty, item);
      if (pe === undefined) continue;
      // A key the live list repeats (written by create or update, which allow it) merges with nothing.
      observed.set(pe, observed.has(pe) ? undefined : item);
      pes.push(pe);
      items.push(item);
    }
    return { pes, items, observed };
  };
  const L = index(lhs);
  const R = index(rhs);
  const shared = R.pes.filter((pe) => L.observed.has(pe));
  let next = shared.shift();
  const mergedR = new Set<string>();
  const out: unknown[] = [];
  const take = (pe: string) => {
    const v = applyMerge(L.observed.get(pe), R.observed.get(pe), elem);
    if (v !== undefined) out.push(v);
  };
  for (let l = 0, r = 0; l < L.pes.length || r < R.pes.length;) {
    if (l < L.pes.length && r < R.pes.length) {
      const pe = L.pes[l];
      if (pe === R.pes[r]) {
        mergedR.add(pe);
        take(pe);
        l++;
        r++;
        next = shared.shift();
        continue;
      }
      // A shared item, but not the one this round wants.
      if (R.observed.has(pe) && next !== undefined && next !== pe) {
        l++;
        continue;
      }
    }
    if (l < L.pes.length) {
      const pe = L.pes[l];
      if (!R.observed.has(pe)) {
        out.push(L.items[l]);
        l++;
        continue;
      }
      if (mergedR.has(pe)) l++;
    }
    if (r < R.pes.length) {
      const pe = R.pes[r++];
      mergedR.add(pe);
      take(pe);
      if (next === pe) next = shared.shift();
    }
  }
  return out;
}
