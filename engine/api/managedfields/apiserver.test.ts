/**
 * managedFields through the API server's verbs: each write's manager and subresource, the writes that bypass
 * the field manager, server-side apply's 409, and the records' chain (worked out late or early, the same).
 */
import { describe, expect, it } from 'vitest';
import { apiServerOnly, rejected } from '../test-helpers.js';
import type { KObject } from '../meta.js';
import { loadFieldManager } from './loader.js';
import { loadLazyTypes } from '../schema/lazy.js';
import { encode, IGNORE_NOTHING, IGNORE_STATUS, ONLY_STATUS, update, type Managed } from './manager.js';
import { rootType } from './typed.js';
import { roundTrip } from '../schema/go-json.js';
import { rfc3339 } from '../../util/time.js';

const pod = (name: string): KObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] } });
const cm = (data: Record<string, string>): KObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg' }, data });

async function cluster() {
  const c = apiServerOnly(5);
  await loadFieldManager(c.apiserver);
  return c;
}

const entries = (c: Awaited<ReturnType<typeof cluster>>, resource: string, name: string) =>
  (c.apiserver.withManagedFields(resource, c.apiserver.get(resource, 'default', name)).metadata.managedFields ?? []) as { manager: string; operation: string; subresource?: string; fieldsV1: Record<string, unknown> }[];

describe('managedFields', () => {
  it('names the manager after the fieldManager, else the user agent up to its first "/"', async () => {
    const c = await cluster();
    c.client('kubelet/node-1').create('pods', 'default', pod('a'));
    c.client('kubectl').create('pods', 'default', pod('b'), { fieldManager: 'kubectl-run' });
    expect(entries(c, 'pods', 'a').map((e) => e.manager)).toEqual(['kubelet']);
    expect(entries(c, 'pods', 'b').map((e) => e.manager)).toEqual(['kubectl-run']);
  });

  it('does not count what admission added on create (the service account volume) as the creator\'s', async () => {
    const c = await cluster();
    c.client('kubectl').create('pods', 'default', pod('a'), { fieldManager: 'kubectl-run' });
    const stored = c.apiserver.get('pods', 'default', 'a');
    expect(JSON.stringify(stored.spec)).toContain('kube-api-access-');
    const spec = JSON.stringify(entries(c, 'pods', 'a')[0].fieldsV1['f:spec']);
    expect(spec).toContain('f:containers');
    expect(spec).not.toContain('f:volumes');
    expect(spec).not.toContain('f:serviceAccountName');
  });

  it('leaves a binding out: nobody owns spec.nodeName, and the kubelet\'s status write is its own entry', async () => {
    const c = await cluster();
    c.client('kube-controller-manager').create('pods', 'default', pod('a'));
    c.apiserver.bind('default', 'a', 'node-1');
    const bound = c.apiserver.get('pods', 'default', 'a');
    c.client('kubelet/node-1').updateStatus('pods', { ...bound, status: { ...(bound.status as object), phase: 'Running' } } as KObject);
    const es = entries(c, 'pods', 'a');
    expect(es.map((e) => [e.manager, e.subresource])).toEqual([['kube-controller-manager', undefined], ['kubelet', 'status']]);
    expect(JSON.stringify(es)).not.toContain('f:nodeName');
    expect(es[1].fieldsV1).toEqual({ 'f:status': { 'f:phase': {} } });
  });

  it('does not count a namespace\'s finalizers, set when it is created, as its creator\'s', async () => {
    const c = await cluster();
    c.client('kubeadm').create('namespaces', undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' } });
    expect((c.apiserver.get('namespaces', undefined, 'team').spec as { finalizers?: string[] }).finalizers).toEqual(['kubernetes']);
    const es = c.apiserver.withManagedFields('namespaces', c.apiserver.get('namespaces', undefined, 'team')).metadata.managedFields as { manager: string; fieldsV1: object }[];
    expect(es.map((e) => [e.manager, e.fieldsV1])).toEqual([['kubeadm', { 'f:metadata': { 'f:labels': { '.': {}, 'f:kubernetes.io/metadata.name': {} } } }]]);
  });

  it('does not count the labels a Job takes at its controller\'s first status write as its creator\'s', async () => {
    const c = await cluster();
    // Jobs are among the kinds whose types load on first use.
    await loadLazyTypes();
    c.client('kubectl').create('jobs.batch', 'default', { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j' }, spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } } } } as KObject, { fieldManager: 'kubectl-create' });
    const created = c.apiserver.get('jobs.batch', 'default', 'j');
    expect(created.metadata.labels).toBeUndefined();
    c.client('kube-controller-manager').updateStatus('jobs.batch', { ...created, status: { active: 1 } } as KObject);
    expect(Object.keys(c.apiserver.get('jobs.batch', 'default', 'j').metadata.labels ?? {})).toContain('batch.kubernetes.io/job-name');
    const es = c.apiserver.withManagedFields('jobs.batch', c.apiserver.get('jobs.batch', 'default', 'j')).metadata.managedFields as { manager: string; fieldsV1: Record<string, unknown> }[];
    // Written in the same second: sorted by manager (sortEncodedManagedFields).
    expect(es.map((e) => e.manager)).toEqual(['kube-controller-manager', 'kubectl-create']);
    expect(es[1].fieldsV1['f:metadata']).toBeUndefined();
    expect(es[0].fieldsV1).toEqual({ 'f:status': { 'f:active': {} } });
  });

  it('leaves graceful deletion out: the creator does not own deletionTimestamp', async () => {
    const c = await cluster();
    c.client('kubectl').create('pods', 'default', pod('a'), { fieldManager: 'kubectl-run' });
    c.apiserver.bind('default', 'a', 'node-1');
    c.apiserver.delete('pods', 'default', 'a', { gracePeriodSeconds: 30 });
    expect(c.apiserver.get('pods', 'default', 'a').metadata.deletionTimestamp).toBeDefined();
    expect(JSON.stringify(entries(c, 'pods', 'a'))).not.toContain('deletion');
  });

  it('answers a server-side apply\'s conflict with 409 and its causes, and changes nothing', async () => {
    const c = await cluster();
    const k = c.client('kubectl');
    k.create('configmaps', 'default', cm({ a: '1' }), { fieldManager: 'kubectl-create' });
    const err = rejected(c, () => k.patch('configmaps', 'default', 'cfg', 'apply', cm({ a: '2' }), { fieldManager: 'kubectl' }));
    expect(err.code).toBe(409);
    expect(err.message).toBe('Apply failed with 1 conflict: conflict with "kubectl-create" using v1: .data.a');
    expect(err.status.details?.causes).toEqual([{ type: 'FieldManagerConflict', message: 'conflict with "kubectl-create" using v1', field: '.data.a' }]);
    k.patch('configmaps', 'default', 'cfg', 'apply', cm({ a: '2' }), { fieldManager: 'kubectl', force: true });
    // The creator added the data map itself (".") and keeps it; the applier took the key.
    expect(entries(c, 'configmaps', 'cfg').map((e) => [e.manager, e.operation, e.fieldsV1])).toEqual([
      ['kubectl', 'Apply', { 'f:data': { 'f:a': {} } }],
      ['kubectl-create', 'Update', { 'f:data': {} }],
    ]);
  });

  it('gives the same managers whether a long chain of writes is worked out at the end or along the way', async () => {
    const run = async (early: boolean) => {
      const c = apiServerOnly(5);
      if (early) await loadFieldManager(c.apiserver);
      const k = c.client('kubectl');
      k.create('configmaps', 'default', cm({ a: '0' }), { fieldManager: 'kubectl-create' });
      for (let i = 1; i <= 20; i++) {
        const cur = c.apiserver.get('configmaps', 'default', 'cfg');
        c.client(i % 3 ? 'kube-controller-manager' : 'kubelet/n').update('configmaps', { ...cur, data: { ...(cur.data as object), a: String(i), [`k${i % 4}`]: String(i) } } as KObject);
        c.clock.advance(1000);
      }
      await loadFieldManager(c.apiserver);
      return entries(c, 'configmaps', 'cfg');
    };
    const late = await run(false);
    // Sorted by time: the kubelet's last write (18 s) before the controller manager's (20 s).
    expect(late.map((e) => e.manager)).toEqual(['kubectl-create', 'kubelet', 'kube-controller-manager']);
    expect(await run(true)).toEqual(late);
  });

  it('works out a Lease renewed by its creator alone as the chain of its updates would', async () => {
    const c = await cluster();
    const kubelet = c.client('kubelet/node-1');
    const lease = (spec: Record<string, unknown>): KObject => ({ apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'node-1', namespace: 'default' }, spec });
    const specs = [
      { holderIdentity: 'node-1', leaseDurationSeconds: 40, renewTime: '2026-01-01T00:00:00.000000Z' },
      { holderIdentity: 'node-1', leaseDurationSeconds: 40, renewTime: '2026-01-01T00:00:10.000000Z' },
      { holderIdentity: 'node-1', renewTime: '2026-01-01T00:00:20.000000Z' },
      { holderIdentity: 'node-2', leaseDurationSeconds: 30, renewTime: '2026-01-01T00:00:30.000000Z', leaseTransitions: 1 },
    ];
    const versions: KObject[] = [];
    const t0 = c.clock.now();
    kubelet.create('leases.coordination.k8s.io', 'default', lease(specs[0]));
    versions.push(c.apiserver.get('leases.coordination.k8s.io', 'default', 'node-1'));
    for (const spec of specs.slice(1)) {
      c.clock.advance(10_000);
      const cur = c.apiserver.get('leases.coordination.k8s.io', 'default', 'node-1');
      kubelet.update('leases.coordination.k8s.io', { ...cur, spec } as KObject);
      versions.push(c.apiserver.get('leases.coordination.k8s.io', 'default', 'node-1'));
    }
    // The field manager's own way: each write an Update of the one before.
    const ty = rootType('Lease')!;
    const typed = (o: unknown) => roundTrip('Lease', JSON.parse(JSON.stringify(o)), true);
    let m: Managed = new Map();
    let before: unknown = typed({});
    versions.forEach((v, i) => {
      m = update(m, before, typed(v), ty, { manager: 'kubelet', apiVersion: 'coordination.k8s.io/v1', time: rfc3339(t0 + i * 10_000) }, IGNORE_NOTHING);
      before = typed(v);
    });
    expect(entries(c, 'leases.coordination.k8s.io', 'node-1')).toEqual(JSON.parse(JSON.stringify(encode(m))));
  });

  it('works out a Node whose status its kubelet alone writes as the chain of its writes would', async () => {
    const c = await cluster();
    const kubelet = c.client('kubelet/node-1');
    const kcm = c.client('kube-controller-manager');
    const cond = (type: string, status: string, t: string) => ({ type, status, lastHeartbeatTime: t, lastTransitionTime: '2026-01-01T00:00:00Z', reason: 'R', message: 'm' });
    // [writer, 'status' | 'spec', what is written]
    const writes: [typeof kubelet, 'status' | 'spec', Record<string, unknown>][] = [
      [kubelet, 'status', { conditions: [cond('Ready', 'False', '2026-01-01T00:00:01Z')], capacity: { cpu: '4' } }],
      [kubelet, 'status', { conditions: [cond('Ready', 'True', '2026-01-01T00:00:02Z'), cond('MemoryPressure', 'False', '2026-01-01T00:00:02Z')], capacity: { cpu: '4', pods: '110' } }],
      [kcm, 'spec', { podCIDR: '10.244.1.0/24', podCIDRs: ['10.244.1.0/24'] }],
      [kubelet, 'status', { conditions: [cond('Ready', 'True', '2026-01-01T00:00:03Z')], capacity: { cpu: '4', pods: '110' } }],
      [kcm, 'status', { conditions: [cond('Ready', 'Unknown', '2026-01-01T00:00:03Z')], capacity: { cpu: '4', pods: '110' } }],
      [kubelet, 'status', { conditions: [cond('Ready', 'True', '2026-01-01T00:00:05Z')], capacity: { cpu: '4', pods: '110' } }],
    ];
    const t0 = c.clock.now();
    kubelet.create('nodes', undefined, { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-1', labels: { a: 'b' } } } as KObject);
    const versions: [KObject, string, string | undefined][] = [[c.apiserver.get('nodes', undefined, 'node-1'), 'kubelet', undefined]];
    for (const [client, part, value] of writes) {
      c.clock.advance(1000);
      const cur = c.apiserver.get('nodes', undefined, 'node-1');
      if (part === 'status') client.updateStatus('nodes', { ...cur, status: value } as KObject);
      else client.update('nodes', { ...cur, spec: value } as KObject);
      versions.push([c.apiserver.get('nodes', undefined, 'node-1'), client === kubelet ? 'kubelet' : 'kube-controller-manager', part === 'status' ? 'status' : undefined]);
    }
    const ty = rootType('Node')!;
    const typed = (o: unknown) => roundTrip('Node', JSON.parse(JSON.stringify(o)), true);
    let m: Managed = new Map();
    let before: unknown = typed({});
    versions.forEach(([v, manager, subresource], i) => {
      m = update(m, before, typed(v), ty, { manager, apiVersion: 'v1', subresource, time: rfc3339(t0 + i * 1000) }, subresource ? ONLY_STATUS : IGNORE_STATUS);
      before = typed(v);
    });
    expect(entries(c, 'nodes', 'node-1')).toEqual(JSON.parse(JSON.stringify(encode(m))));
    // The controller manager's status write was all taken back by the kubelet's next one.
    expect(entries(c, 'nodes', 'node-1').map((e) => [e.manager, e.subresource])).toEqual([['kubelet', undefined], ['kube-controller-manager', undefined], ['kubelet', 'status']]);
  });
});
