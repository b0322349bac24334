/** Small helpers over ObjectMeta that every part of the engine uses. */
import type { ObjectMeta, OwnerReference } from 'kubernetes-types/meta/v1';

/** ObjectMeta as the server writes it (kubernetes-types marks server-set fields read-only). */
export type Meta = { -readonly [K in keyof ObjectMeta]: ObjectMeta[K] };

/** Any API object. Objects handed out by the API server are read-only snapshots: clone before changing. */
export interface KObject {
  apiVersion?: string;
  kind?: string;
  metadata: Meta;
  [field: string]: unknown;
}

export function clone<T>(obj: T): T {
  return deepClone(obj);
}

function deepClone<T>(v: T): T {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    const out = new Array(v.length);
    for (let i = 0; i < v.length; i++) out[i] = deepClone(v[i]);
    return out as T;
  }
  const out: Record<string, unknown> = {};
  for (const k in v as Record<string, unknown>) {
    const x = (v as Record<string, unknown>)[k];
    if (x !== undefined) out[k] = deepClone(x);
  }
  return out as T;
}

export function deepFreeze<T>(v: T): T {
  if (v !== null && typeof v === 'object' && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const k in v as Record<string, unknown>) deepFreeze((v as Record<string, unknown>)[k]);
  }
  return v;
}

/** "namespace/name" (or "name" for cluster-scoped objects), as cache.MetaNamespaceKeyFunc. */
export function objectKey(obj: { metadata?: ObjectMeta }): string {
  const ns = obj.metadata?.namespace;
  return ns ? namespacePrefix(ns) + obj.metadata?.name : `${obj.metadata?.name}`;
}

/**
 * "namespace/", one string per namespace: a key made as `${ns}/${name}` keeps its own 24-byte copy of the
 * prefix (V8 copies concatenations shorter than 13 characters), and a cluster keeps several keys per pod.
 */
export function namespacePrefix(namespace: string): string {
  let prefix = namespacePrefixes.get(namespace);
  if (prefix === undefined) {
    if (namespacePrefixes.size >= 1024) namespacePrefixes.clear();
    namespacePrefixes.set(namespace, (prefix = namespace + '/'));
  }
  return prefix;
}

const namespacePrefixes = new Map<string, string>();

export function splitKey(key: string): [string, string] {
  const i = key.indexOf('/');
  return i < 0 ? ['', key] : [key.slice(0, i), key.slice(i + 1)];
}

export function controllerRef(obj: { metadata?: ObjectMeta }): OwnerReference | undefined {
  return obj.metadata?.ownerReferences?.find((r) => r.controller === true);
}

export function newControllerRef(owner: KObject, apiVersion: string, kind: string): OwnerReference {
  return { apiVersion, kind, name: owner.metadata.name!, uid: owner.metadata.uid!, controller: true, blockOwnerDeletion: true };
}

/** Deterministic JSON with sorted keys: for hashing and for comparing objects. */
export function stableStringify(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  // One string grown in place, no intermediate arrays or closures: the Deployment
  // controller hashes a pod template with this on every sync.
  if (Array.isArray(v)) {
    let out = '[';
    for (let i = 0; i < v.length; i++) out += (i ? ',' : '') + stableStringify(v[i]);
    return out + ']';
  }
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o).sort();
  let out = '{';
  let first = true;
  for (const k of keys) {
    const x = o[k];
    if (x === undefined) continue;
    out += (first ? '' : ',') + JSON.stringify(k) + ':' + stableStringify(x);
    first = false;
  }
  return out + '}';
}

/**
 * Whether `stableStringify(a) === stableStringify(b)`, decided by walking both
 * values instead of building the two strings: the API server compares every
 * update with the stored object, and building strings for a 150,000-pod cluster
 * was a large share of its time. Same rules: keys whose value is undefined do
 * not count, key order does not matter, and whatever JSON writes as null
 * (undefined, NaN, ±Infinity) equals null.
 */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  const ao = a !== null && typeof a === 'object';
  const bo = b !== null && typeof b === 'object';
  if (!ao || !bo) return !ao && !bo && jsonScalar(a) === jsonScalar(b);
  const aa = Array.isArray(a);
  if (aa !== Array.isArray(b)) return false;
  if (aa) {
    const x = a as unknown[];
    const y = b as unknown[];
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (!deepEqual(x[i], y[i])) return false;
    return true;
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let defined = 0;
  for (const k of Object.keys(x)) {
    const v = x[k];
    if (v === undefined) continue;
    defined++;
    const w = Object.prototype.hasOwnProperty.call(y, k) ? y[k] : undefined;
    if (w === undefined || !deepEqual(v, w)) return false;
  }
  for (const k of Object.keys(y)) if (y[k] !== undefined) defined--;
  return defined === 0;
}

/** The JSON text of a non-object value, as far as equality goes (JSON.stringify writes these as null). */
function jsonScalar(v: unknown): unknown {
  if (v === undefined || typeof v === 'function' || typeof v === 'symbol') return null;
  if (typeof v === 'number' && !Number.isFinite(v)) return null;
  return v;
}
