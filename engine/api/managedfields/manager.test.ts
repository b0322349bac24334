import { describe, expect, it } from 'vitest';
import { FieldSet } from './fieldset.js';
import { apply, ConflictError, conflictMessage, encode, identifier, IGNORE_NOTHING, IGNORE_STATUS, scale, update, type Managed, type Manager } from './manager.js';
import { compare, rootType, toFieldSet } from './typed.js';

const CM = rootType('ConfigMap')!;
const DEPLOY = rootType('Deployment')!;
const T1 = '2026-01-01T00:00:01Z';
const T2 = '2026-01-01T00:00:02Z';
const v1 = (manager: string, time = T1) => ({ manager, apiVersion: 'v1', time });
const json = (m: Managed) => encode(m).map((e) => ({ ...e }));

function managed(...ms: Manager[]): Managed {
  return new Map(ms.map((m) => [identifier(m), m]));
}

describe('typed field sets', () => {
  it('takes an applied configuration\'s leaves, without "." on its maps (the server-side apply docs\' ConfigMap)', () => {
    // kubernetes.io/docs/reference/using-api/server-side-apply: the Apply entry of `kubectl apply --server-side` of test-cm.
    const config = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'test-cm', namespace: 'default', labels: { 'test-label': 'test' } }, data: { key: 'some value' } };
    const out = apply(new Map(), undefined, config, config, CM, { manager: 'kubectl', apiVersion: 'v1', time: T1 }, false, IGNORE_NOTHING);
    expect(json(out.managed)).toEqual([{
      apiVersion: 'v1', fieldsType: 'FieldsV1', manager: 'kubectl', operation: 'Apply', time: T1,
      fieldsV1: { 'f:data': { 'f:key': {} }, 'f:metadata': { 'f:labels': { 'f:test-label': {} } } },
    }]);
  });

  it('keys associative lists by their list-map keys, a port by containerPort and protocol', () => {
    const spec = { template: { spec: { containers: [{ name: 'web', image: 'nginx', ports: [{ containerPort: 80, protocol: 'TCP' }], args: ['-v'] }] } } };
    const set = toFieldSet({ spec }, DEPLOY);
    const c = ['f:spec', 'f:template', 'f:spec', 'f:containers', 'k:{"name":"web"}'];
    expect(set.has([...c, 'f:ports', 'k:{"containerPort":80,"protocol":"TCP"}', 'f:containerPort'])).toBe(true);
    // args is atomic: the list is one leaf.
    expect(set.has([...c, 'f:args'])).toBe(true);
    expect(set.has([...c, 'f:args', 'v:"-v"'])).toBe(false);
  });

  it('counts a new map or list item as added itself (".") and an existing one only through its members', () => {
    const cmp = compare({ metadata: {}, data: null }, { metadata: { labels: { a: '1' } }, data: { k: 'v' } }, CM);
    expect(cmp.added.toJSON()).toEqual({ 'f:data': { 'f:k': {} }, 'f:metadata': { 'f:labels': { '.': {}, 'f:a': {} } } });
  });
});

describe('Update', () => {
  it('takes changed fields from other managers and drops an entry left with none', () => {
    const before = managed({ ...v1('a'), operation: 'Update', set: FieldSet.of(['f:data', 'f:x']) }, { ...v1('b'), operation: 'Update', set: FieldSet.of(['f:data', 'f:y']) });
    const out = update(before, { data: { x: '1', y: '1' } }, { data: { x: '2', y: '1' } }, CM, { manager: 'b', apiVersion: 'v1', time: T2 }, IGNORE_NOTHING);
    expect(json(out)).toEqual([{ apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:data': { 'f:x': {}, 'f:y': {} } }, manager: 'b', operation: 'Update', time: T2 }]);
  });

  it('removes a removed field from every manager and keeps the time of a write that took nothing', () => {
    const before = managed({ ...v1('a'), operation: 'Update', set: FieldSet.of(['f:data', 'f:x'], ['f:data', 'f:y']) });
    const out = update(before, { data: { x: '1', y: '1' } }, { data: { x: '1' } }, CM, { manager: 'b', apiVersion: 'v1', time: T2 }, IGNORE_NOTHING);
    expect(json(out)).toEqual([{ apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:data': { 'f:x': {} } }, manager: 'a', operation: 'Update', time: T1 }]);
  });

  it('leaves status to the status writers on the main resource, and never tracks server-set metadata', () => {
    // The kind's empty object has its metadata, spec and status (structs Go always writes).
    const out = update(new Map(), { metadata: {}, spec: {}, status: {} }, { metadata: { name: 'x', uid: 'u', labels: { a: 'b' } }, spec: { replicas: 1 }, status: { replicas: 1 } }, DEPLOY, { manager: 'm', apiVersion: 'apps/v1', time: T1 }, IGNORE_STATUS);
    expect(encode(out)[0].fieldsV1).toEqual({ 'f:metadata': { 'f:labels': { '.': {}, 'f:a': {} } }, 'f:spec': { 'f:replicas': {} } });
  });
});

describe('Apply', () => {
  const live = { data: { a: '1', b: '2' } };
  const owners = () => managed({ ...v1('kubectl-create'), operation: 'Update', set: FieldSet.of(['f:data', 'f:a'], ['f:data', 'f:b']) });

  it('is a conflict to change a field another manager owns, with the 409\'s message', () => {
    const config = { data: { a: '9' } };
    expect(() => apply(owners(), live, config, { data: { a: '9', b: '2' } }, CM, { manager: 'kubectl', apiVersion: 'v1', time: T2 }, false, IGNORE_NOTHING)).toThrow(ConflictError);
    try {
      apply(owners(), live, config, { data: { a: '9', b: '2' } }, CM, { manager: 'kubectl', apiVersion: 'v1', time: T2 }, false, IGNORE_NOTHING);
    } catch (e) {
      expect((e as Error).message).toBe('Apply failed with 1 conflict: conflict with "kubectl-create" using v1: .data.a');
    }
  });

  it('shares a field applied with the value it has, and takes it when forced', () => {
    const same = apply(owners(), live, { data: { a: '1' } }, live, CM, { manager: 'kubectl', apiVersion: 'v1', time: T2 }, false, IGNORE_NOTHING);
    expect(json(same.managed).map((e) => [e.manager, e.fieldsV1, e.time])).toEqual([
      // Nothing changed in the object: the applier's new entry has no time.
      ['kubectl', { 'f:data': { 'f:a': {} } }, undefined],
      ['kubectl-create', { 'f:data': { 'f:a': {}, 'f:b': {} } }, T1],
    ]);
    const forced = apply(owners(), live, { data: { a: '9' } }, { data: { a: '9', b: '2' } }, CM, { manager: 'kubectl', apiVersion: 'v1', time: T2 }, true, IGNORE_NOTHING);
    expect(json(forced.managed).map((e) => [e.manager, e.fieldsV1, e.time])).toEqual([
      ['kubectl', { 'f:data': { 'f:a': {} } }, T2],
      ['kubectl-create', { 'f:data': { 'f:b': {} } }, T1],
    ]);
  });

  it('removes what the applier no longer applies unless another manager owns it', () => {
    const mine = managed({ manager: 'kubectl', operation: 'Apply', apiVersion: 'v1', time: T1, set: FieldSet.of(['f:data', 'f:a'], ['f:data', 'f:b'], ['f:data', 'f:c']) },
      { ...v1('kubectl-patch'), operation: 'Update', set: FieldSet.of(['f:data', 'f:c']) });
    const before = { data: { a: '1', b: '2', c: '3' } };
    const out = apply(mine, before, { data: { a: '1' } }, before, CM, { manager: 'kubectl', apiVersion: 'v1', time: T2 }, false, IGNORE_NOTHING);
    expect(out.object).toEqual({ data: { a: '1', c: '3' } });
    expect(json(out.managed).map((e) => [e.manager, e.fieldsV1])).toEqual([
      ['kubectl', { 'f:data': { 'f:a': {} } }],
      ['kubectl-patch', { 'f:data': { 'f:c': {} } }],
    ]);
  });

  it('lists several conflicts by manager, sorted (internal/conflict.go)', () => {
    const foo: Manager = { manager: 'foo', operation: 'Update', apiVersion: 'v1', set: new FieldSet() };
    const bar: Manager = { manager: 'bar', operation: 'Apply', apiVersion: 'v1', set: new FieldSet() };
    expect(conflictMessage([
      { id: identifier(foo), manager: foo, path: ['f:spec', 'f:replicas'] },
      { id: identifier(bar), manager: bar, path: ['f:metadata', 'f:labels', 'f:app'] },
    ])).toBe('Apply failed with 2 conflicts: conflicts with "bar":\n- .metadata.labels.app\nconflicts with "foo" using v1:\n- .spec.replicas');
    const scaler: Manager = { manager: 'foo', operation: 'Update', apiVersion: 'v1', subresource: 'scale', set: new FieldSet() };
    expect(conflictMessage([{ id: identifier(scaler), manager: scaler, path: ['f:spec', 'f:replicas'] }]))
      .toBe('Apply failed with 1 conflict: conflict with "foo" with subresource "scale" using v1: .spec.replicas');
  });
});

describe('encode', () => {
  it('sorts entries by operation, time in seconds, manager (TestSortEncodedManagedFields "manager sorted")', () => {
    const at = (manager: string, operation: 'Apply' | 'Update', time?: string): Manager => ({ manager, operation, apiVersion: 'v1', time, set: FieldSet.of(['f:data']) });
    const m = managed(at('c', 'Update', '2001-01-01T01:00:00Z'), at('a', 'Apply'), at('g', 'Apply'), at('f', 'Update', '2002-01-01T01:00:00Z'), at('i', 'Apply'),
      at('d', 'Update', '2002-01-01T01:00:00Z'), at('h', 'Apply'), at('e', 'Update', '2003-01-01T01:00:00Z'), at('b', 'Apply'));
    expect(encode(m).map((e) => e.manager)).toEqual(['a', 'b', 'g', 'h', 'i', 'c', 'd', 'f', 'e']);
  });
});

describe('scale subresource', () => {
  it('moves spec.replicas to the scaler\'s entry at the parent\'s version, with no time (ScaleHandler.ToParent)', () => {
    const before = managed({ manager: 'kubectl-create', operation: 'Update', apiVersion: 'apps/v1', time: T1, set: FieldSet.of(['f:spec', 'f:replicas'], ['f:spec', 'f:paused']) });
    const out = scale(before, 1, 3, { manager: 'kubectl', apiVersion: 'apps/v1', subresource: 'scale', time: T2 });
    expect(json(out).map((e) => [e.manager, e.subresource, e.time, e.fieldsV1])).toEqual([
      ['kubectl', 'scale', undefined, { 'f:spec': { 'f:replicas': {} } }],
      ['kubectl-create', undefined, T1, { 'f:spec': { 'f:paused': {} } }],
    ]);
  });
});
