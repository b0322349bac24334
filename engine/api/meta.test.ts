import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { deepEqual, objectKey, stableStringify } from './meta.js';

// deepEqual walks values instead of comparing stableStringify texts; the two must always agree.
describe('deepEqual', () => {
  const value = fc.letrec((tie) => ({
    leaf: fc.oneof(fc.constantFrom(undefined, null, 0, -0, 1, NaN, Infinity, '', 'a', '1', true, false), fc.integer(), fc.string({ maxLength: 3 })),
    arr: fc.array(tie('any'), { maxLength: 3 }),
    obj: fc.dictionary(fc.constantFrom('a', 'b', 'c', '0'), tie('any'), { maxKeys: 3 }),
    any: fc.oneof({ depthSize: 'small' }, tie('leaf'), tie('arr'), tie('obj')),
  })).any;

  it('agrees with comparing stableStringify texts', () => {
    fc.assert(fc.property(value, value, (a, b) => deepEqual(a, b) === (stableStringify(a) === stableStringify(b))), { numRuns: 3000 });
    // Pairs that are often equal: a value against a near copy of itself.
    fc.assert(fc.property(value, (a) => {
      const b = JSON.parse(JSON.stringify(a ?? null));
      return deepEqual(a, b) === (stableStringify(a) === stableStringify(b));
    }), { numRuns: 2000 });
  });

  it('ignores key order and undefined keys, but not null ones', () => {
    expect(deepEqual({ a: 1, b: { c: [1, 2] } }, { b: { c: [1, 2] }, a: 1 })).toBe(true);
    expect(deepEqual({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(deepEqual({ a: null }, {})).toBe(false);
    expect(deepEqual([undefined], [null])).toBe(true);
    expect(deepEqual([], {})).toBe(false);
    expect(deepEqual({ a: [1, 2] }, { a: [2, 1] })).toBe(false);
    expect(deepEqual('1', 1)).toBe(false);
  });
});

describe('stableStringify', () => {
  const value = fc.letrec((tie) => ({
    leaf: fc.oneof(fc.constantFrom(undefined, null, 0, -0, 1.5, NaN, -Infinity, '', 'a"b', '\u00e9\n', true, false), fc.integer(), fc.string({ maxLength: 4 })),
    arr: fc.array(tie('any'), { maxLength: 4 }),
    obj: fc.dictionary(fc.string({ maxLength: 3 }), tie('any'), { maxKeys: 4 }),
    any: fc.oneof({ depthSize: 'small' }, tie('leaf'), tie('arr'), tie('obj')),
  })).any;
  // The reference: JSON.stringify, with each object's defined keys written in sorted order
  // (integer-like keys too, which a plain object would enumerate first).
  const reference = (v: unknown): string => {
    if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
    if (Array.isArray(v)) return `[${v.map((x) => reference(x)).join(',')}]`;
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o).filter((k) => o[k] !== undefined).sort().map((k) => `${JSON.stringify(k)}:${reference(o[k])}`).join(',')}}`;
  };

  it('is JSON with sorted keys', () => {
    fc.assert(fc.property(value, (v) => {
      expect(stableStringify(v)).toBe(reference(v));
      expect(JSON.parse(stableStringify(v))).toEqual(JSON.parse(JSON.stringify(v ?? null)));
    }), { numRuns: 3000 });
    expect(stableStringify({ b: [undefined, 1], a: { d: undefined, c: 'x' } })).toBe('{"a":{"c":"x"},"b":[null,1]}');
  });
});

// cache.MetaNamespaceKeyFunc: the prefix is kept once per namespace, the text is the same.
describe('objectKey', () => {
  it('is namespace/name, or the name alone without a namespace', () => {
    fc.assert(fc.property(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), (ns, name) => {
      expect(objectKey({ metadata: { namespace: ns, name } })).toBe(ns ? `${ns}/${name}` : name);
    }), { numRuns: 2000 });
    expect(objectKey({ metadata: { namespace: 'default' } })).toBe('default/undefined');
    expect(objectKey({ metadata: { name: 'node-1' } })).toBe('node-1');
  });
});
