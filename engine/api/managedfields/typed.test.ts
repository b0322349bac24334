import { describe, expect, it } from 'vitest';
import { appliedConfigErrors, applyMerge, rootType, toFieldSet } from './typed.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

const POD = rootType('Pod')!;
const SERVICE = rootType('Service')!;

/**
 * typed.Merge as server-side apply uses it. The order triplets are the single-key cases of structured-merge-diff's
 * typed/merge_test.go "associative list" table (lhs live, rhs applied).
 */
describe('server-side apply merge (structured-merge-diff typed.Merge)', () => {
  const envPod = (names: string[]) => ({ spec: { containers: [{ name: 'c', env: names.map((n) => ({ name: n, value: n })) }] } });
  const merged = (live: string[], applied: string[]) => ((applyMerge(envPod(live), envPod(applied), POD) as Any).spec.containers[0].env as { name: string }[]).map((e) => e.name);
  it.each([
    [['a'], ['a'], ['a']],
    [['b'], ['a', 'b', 'c'], ['a', 'b', 'c']],
    [['a', 'b', 'c'], ['c', 'b'], ['a', 'c', 'b']],
    [['a', 'b', 'c'], ['c', 'a'], ['b', 'c', 'a']],
    [['A', 'B'], ['C'], ['A', 'B', 'C']],
  ])('live %j, applied %j: %j', (live, applied, want) => {
    expect(merged(live, applied)).toEqual(want);
  });

  it('keys a Service port by port and protocol, a missing protocol being TCP', () => {
    const live = { spec: { ports: [{ name: 'dns', port: 53, protocol: 'UDP' }, { name: 'dns-tcp', port: 53, protocol: 'TCP' }] } };
    const out = applyMerge(live, { spec: { ports: [{ name: 'tcp', port: 53 }] } }, SERVICE) as Any;
    expect(out.spec.ports).toEqual([{ name: 'dns', port: 53, protocol: 'UDP' }, { name: 'tcp', port: 53, protocol: 'TCP' }]);
  });

  it('takes an atomic list or map whole, merges a granular map, and orders a set like a keyed list', () => {
    const live = { metadata: { labels: { a: '1', b: '2' }, finalizers: ['a', 'b', 'c'] }, spec: { nodeSelector: { x: '1', y: '2' }, containers: [{ name: 'c', args: ['-a', '-b'] }] } };
    const out = applyMerge(live, { metadata: { labels: { b: '3' }, finalizers: ['c', 'a'] }, spec: { nodeSelector: { z: '3' }, containers: [{ name: 'c', args: ['-x'] }] } }, POD) as Any;
    expect(out.metadata.labels).toEqual({ a: '1', b: '3' });
    expect(out.metadata.finalizers).toEqual(['b', 'c', 'a']);
    expect(out.spec.nodeSelector).toEqual({ z: '3' });
    expect(out.spec.containers[0].args).toEqual(['-x']);
  });

  it('keeps what only the live object has, and a key the live list repeats', () => {
    const live = { spec: { containers: [{ name: 'c', ports: [{ containerPort: 93, name: 'p' }, { containerPort: 93, name: 'q' }] }, { name: 'd' }] } };
    const out = applyMerge(live, { spec: { containers: [{ name: 'd', image: 'x' }] } }, POD) as Any;
    expect(out.spec.containers).toEqual([{ name: 'c', ports: [{ containerPort: 93, name: 'p' }, { containerPort: 93, name: 'q' }] }, { name: 'd', image: 'x' }]);
  });
});

describe('the applied configuration typed (ObjectToTyped without duplicates)', () => {
  it('refuses a repeated key or an item without any key, in structured-merge-diff\'s words', () => {
    expect(appliedConfigErrors({ spec: { containers: [{ name: 'serve', ports: [{ containerPort: 93 }, { containerPort: 93, protocol: 'TCP' }] }] } }, POD))
      .toEqual(['.spec.containers[name="serve"].ports: duplicate entries for key [containerPort=93,protocol="TCP"]']);
    expect(appliedConfigErrors({ spec: { containers: [{ image: 'nginx' }] } }, POD))
      .toEqual(['.spec.containers: element 0: associative list with keys has an element that omits all key fields ["name"] (and doesn\'t have default values for any key fields)']);
    expect(appliedConfigErrors({ metadata: { finalizers: ['a', 'a'] } }, POD)).toEqual(['.metadata.finalizers: duplicate entries for key [="a"]']);
    expect(appliedConfigErrors({ spec: { containers: [{ name: 'a' }, { name: 'b' }] } }, POD)).toEqual([]);
  });

  it('takes a field named like an Object property for no member (the fuzzer\'s `constructor` and `__proto__`)', () => {
    const config = JSON.parse('{"constructor":{"a":1},"__proto__":{"b":2},"data":{"k":"v"}}');
    expect(appliedConfigErrors(config, rootType('ConfigMap')!)).toEqual([]);
    expect(toFieldSet(config, rootType('ConfigMap')!).has(['f:data', 'f:k'])).toBe(true);
    expect(applyMerge({ data: { j: 'w' } }, config, rootType('ConfigMap')!)).toMatchObject({ data: { j: 'w', k: 'v' } });
  });
});
