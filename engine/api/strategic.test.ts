import { describe, expect, it } from 'vitest';
import { strategicMergePatch } from './strategic.js';
import type { KObject } from './meta.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

const pod = (): KObject => ({
  apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', finalizers: ['a'], labels: { x: '1', y: '2' } },
  spec: {
    containers: [
      { name: 'web', image: 'nginx', ports: [{ containerPort: 80, protocol: 'TCP' }], env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }], volumeMounts: [{ name: 'v', mountPath: '/data' }] },
      { name: 'side', image: 'busybox' },
    ],
    volumes: [{ name: 'v', emptyDir: {} }],
    tolerations: [{ key: 'k', operator: 'Exists' }],
    nodeSelector: { disk: 'ssd' },
  },
});
const kind = { kind: 'Pod' };

describe('strategic merge patch (apimachinery strategicpatch semantics, k8s.io/api release-1.35 tags)', () => {
  it('merges lists by their patchMergeKey and keeps the rest', () => {
    const out = strategicMergePatch(pod(), { spec: { containers: [{ name: 'web', env: [{ name: 'B', value: '3' }, { name: 'C', value: '4' }], ports: [{ containerPort: 8080 }] }] } }, kind) as Any;
    expect(out.spec.containers.map((c: Any) => c.name)).toEqual(['web', 'side']);
    expect(out.spec.containers[0].env).toEqual([{ name: 'A', value: '1' }, { name: 'B', value: '3' }, { name: 'C', value: '4' }]);
    // A patch item the live list lacks goes before the server's own items (strategicpatch's normalizeElementOrder).
    expect(out.spec.containers[0].ports).toEqual([{ containerPort: 8080 }, { containerPort: 80, protocol: 'TCP' }]);
    expect(out.spec.containers[0].image).toBe('nginx');
  });

  it('orders the merged list as kubectl v1.35.2 patch --local does: patch items in patch order, interleaved with the server-only ones', () => {
    // Real: kubectl patch --local -f pod.yaml -p '{"metadata":{"finalizers":["c","a"]},"spec":{"containers":[{"name":"web",...},{"name":"new","image":"redis"}]}}'
    const live = pod();
    live.metadata.finalizers = ['a', 'b'];
    const out = strategicMergePatch(live, { metadata: { finalizers: ['c', 'a'] }, spec: { containers: [{ name: 'web', ports: [{ containerPort: 8080 }] }, { name: 'new', image: 'redis' }] } }, kind) as Any;
    expect(out.metadata.finalizers).toEqual(['c', 'a', 'b']);
    expect(out.spec.containers.map((c: Any) => c.name)).toEqual(['web', 'new', 'side']);
    // The kubectl patch task: a second container patched onto a one-container template comes first.
    const one = strategicMergePatch({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'patch-demo-ctr', image: 'nginx' }] } }, { spec: { containers: [{ name: 'patch-demo-ctr-2', image: 'redis' }] } }, kind) as Any;
    expect(one.spec.containers.map((c: Any) => c.name)).toEqual(['patch-demo-ctr-2', 'patch-demo-ctr']);
  });

  it('replaces atomic lists (tolerations carry no patch strategy)', () => {
    const out = strategicMergePatch(pod(), { spec: { tolerations: [{ key: 'j', operator: 'Exists' }] } }, kind) as Any;
    expect(out.spec.tolerations).toEqual([{ key: 'j', operator: 'Exists' }]);
  });

  it('merges finalizers as a set and deletes with $deleteFromPrimitiveList', () => {
    const out = strategicMergePatch(pod(), { metadata: { finalizers: ['a', 'b'] } }, kind) as Any;
    expect(out.metadata.finalizers).toEqual(['a', 'b']);
    const removed = strategicMergePatch(out, { metadata: { '$deleteFromPrimitiveList/finalizers': ['a'] } }, kind) as Any;
    expect(removed.metadata.finalizers).toEqual(['b']);
  });

  it('honours $patch: delete and replace, and null deletes a key', () => {
    const del = strategicMergePatch(pod(), { spec: { containers: [{ name: 'side', $patch: 'delete' }] } }, kind) as Any;
    expect(del.spec.containers.map((c: Any) => c.name)).toEqual(['web']);
    const rep = strategicMergePatch(pod(), { spec: { containers: [{ name: 'only', image: 'x' }, { $patch: 'replace' }] } }, kind) as Any;
    expect(rep.spec.containers).toEqual([{ name: 'only', image: 'x' }]);
    const map = strategicMergePatch(pod(), { spec: { nodeSelector: { $patch: 'replace', zone: 'a' } } }, kind) as Any;
    expect(map.spec.nodeSelector).toEqual({ zone: 'a' });
    const nul = strategicMergePatch(pod(), { metadata: { labels: { x: null } } }, kind) as Any;
    expect(nul.metadata.labels).toEqual({ y: '2' });
  });

  it('applies $retainKeys (volumes are merge,retainKeys by name)', () => {
    const out = strategicMergePatch(pod(), { spec: { volumes: [{ name: 'v', configMap: { name: 'cm' }, $retainKeys: ['configMap', 'name'] }] } }, kind) as Any;
    expect(out.spec.volumes).toEqual([{ name: 'v', configMap: { name: 'cm' } }]);
  });

  it('merges Service ports by port and Deployment strategy with retainKeys', () => {
    const svc: KObject = { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { ports: [{ name: 'http', port: 80, targetPort: 8080 }] } };
    const out = strategicMergePatch(svc, { spec: { ports: [{ port: 80, targetPort: 9090 }, { name: 'https', port: 443 }] } }, { kind: 'Service' }) as Any;
    expect(out.spec.ports).toEqual([{ name: 'http', port: 80, targetPort: 9090 }, { name: 'https', port: 443 }]);
    const d: KObject = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } } } };
    const r = strategicMergePatch(d, { spec: { strategy: { type: 'Recreate', $retainKeys: ['type'] } } }, { kind: 'Deployment' }) as Any;
    expect(r.spec.strategy).toEqual({ type: 'Recreate' });
  });

  it('requires the merge key in patch items', () => {
    expect(() => strategicMergePatch(pod(), { spec: { containers: [{ image: 'nginx' }] } }, kind)).toThrow('map: map[image:nginx] does not contain declared merge key: name');
  });
});

/**
 * A server-side apply's merge orders keyed lists as structured-merge-diff does (typed/merge.go visitListItems): the
 * triplets are the single-key cases of its own typed/merge_test.go "associative list" table (lhs live, rhs applied).
 */
describe('server-side apply merge order (structured-merge-diff)', () => {
  const envPod = (names: string[]): KObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'i', env: names.map((n) => ({ name: n, value: n })) }] } });
  const merged = (live: string[], applied: string[], apply: boolean) => ((strategicMergePatch(envPod(live), { spec: { containers: [{ name: 'c', env: applied.map((n) => ({ name: n, value: n })) }] } }, kind, apply) as Any)
    .spec.containers[0].env as { name: string }[]).map((e) => e.name);
  it.each([
    [['a'], ['a'], ['a']],
    [['b'], ['a', 'b', 'c'], ['a', 'b', 'c']],
    [['a', 'b', 'c'], ['c', 'b'], ['a', 'c', 'b']],
    [['a', 'b', 'c'], ['c', 'a'], ['b', 'c', 'a']],
  ])('live %j, applied %j: %j', (live, applied, want) => {
    expect(merged(live, applied, true)).toEqual(want);
  });

  it('puts an added item after the live ones, where a strategic merge puts it first', () => {
    expect(merged(['A', 'B'], ['C'], true)).toEqual(['A', 'B', 'C']);
    expect(merged(['A', 'B'], ['C'], false)).toEqual(['C', 'A', 'B']);
  });

  it('orders a set of scalars the same way', () => {
    const live: KObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', finalizers: ['a', 'b', 'c'] } };
    expect((strategicMergePatch(live, { metadata: { finalizers: ['c', 'a'] } }, kind, true) as Any).metadata.finalizers).toEqual(['b', 'c', 'a']);
  });
});
