/**
 * RFC 6902 patches as gopkg.in/evanphx/json-patch.v4 applies them. The exact texts of the library are checked
 * against the real kubectl v1.35.2 by the oracle scenario patch-local (test/transcripts/real-patch-local.txt);
 * here, the properties: the document given is never changed, every failure is one of the two kinds callers
 * expect, and operations that apply do what RFC 6902 says.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isStatusError } from './errors.js';
import { JSONPatchApplyError, jsonPatch } from './patch.js';

const doc = () => ({ spec: { replicas: 1, list: ['a', 'b', 'c'], nested: { k: 'v' } }, metadata: { name: 'x' } });

describe('jsonPatch', () => {
  it('never changes its input and fails only with a decode error or the library\'s apply error', () => {
    const segment = fc.constantFrom('spec', 'replicas', 'list', 'nested', 'k', 'metadata', 'name', '0', '1', '3', '-', '-1', 'x', '~1', '');
    const path = fc.array(segment, { maxLength: 4 }).map((s) => (s.length ? '/' + s.join('/') : ''));
    const op = fc.record({
      op: fc.constantFrom('add', 'remove', 'replace', 'move', 'copy', 'test', 'frob', 5),
      path: fc.oneof(path, fc.constant(undefined), fc.constant(7)),
      from: fc.oneof(path, fc.constant(undefined)),
      value: fc.oneof(fc.jsonValue(), fc.constant(undefined)),
    }, { requiredKeys: [] });
    fc.assert(fc.property(fc.array(fc.oneof(op, fc.constant(null), fc.integer())), (ops) => {
      const input = doc();
      const before = JSON.stringify(input);
      try {
        jsonPatch(input, ops);
      } catch (e) {
        expect(e instanceof JSONPatchApplyError || isStatusError(e)).toBe(true);
      }
      expect(JSON.stringify(input)).toBe(before);
    }), { numRuns: 2000 });
  });

  it('applies each operation as RFC 6902 describes', () => {
    expect(jsonPatch(doc(), [{ op: 'add', path: '/spec/list/1', value: 'z' }])).toMatchObject({ spec: { list: ['a', 'z', 'b', 'c'] } });
    expect(jsonPatch(doc(), [{ op: 'add', path: '/spec/list/-', value: 'z' }])).toMatchObject({ spec: { list: ['a', 'b', 'c', 'z'] } });
    expect(jsonPatch(doc(), [{ op: 'remove', path: '/spec/list/0' }])).toMatchObject({ spec: { list: ['b', 'c'] } });
    expect(jsonPatch(doc(), [{ op: 'replace', path: '/spec/replicas', value: 3 }])).toMatchObject({ spec: { replicas: 3 } });
    expect(jsonPatch(doc(), [{ op: 'move', from: '/spec/nested/k', path: '/metadata/k' }])).toEqual({ spec: { replicas: 1, list: ['a', 'b', 'c'], nested: {} }, metadata: { name: 'x', k: 'v' } });
    expect(jsonPatch(doc(), [{ op: 'copy', from: '/spec/list', path: '/spec/copy' }])).toMatchObject({ spec: { copy: ['a', 'b', 'c'] } });
    expect(jsonPatch(doc(), [{ op: 'test', path: '/spec/nested', value: { k: 'v' } }, { op: 'remove', path: '/spec/nested' }])).toEqual({ spec: { replicas: 1, list: ['a', 'b', 'c'] }, metadata: { name: 'x' } });
    expect(() => jsonPatch(doc(), [{ op: 'test', path: '/spec/replicas', value: 2 }])).toThrow('testing value /spec/replicas failed: test failed');
  });
});
