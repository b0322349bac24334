import { describe, expect, it } from 'vitest';
import { Cluster } from '../cluster.js';
import type { KObject } from '../api/meta.js';

type Spec = Record<string, unknown>;

function pod(name: string, spec: Spec = {}, labels?: Record<string, string>): KObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, labels }, spec: { containers: [{ name: 'c', image: 'nginx' }], ...spec } };
}

function nodeOf(c: Cluster, name: string): string | undefined {
  return (c.client().get('pods', 'default', name).spec as { nodeName?: string }).nodeName;
}

function boot(seed = 3): Cluster {
  return new Cluster({ seed }).boot();
}

const BIG = { containers: [{ name: 'c', image: 'nginx', resources: { requests: { cpu: '3' } } }] };

describe('kube-scheduler on the default cluster', () => {
  it('a pod too big for any worker stays Pending with the v1.35 FailedScheduling text and PodScheduled=False', () => {
    const c = boot();
    const client = c.client();
    client.create('pods', 'default', pod('big', BIG));
    c.advance(5_000);
    const p = client.get('pods', 'default', 'big');
    expect((p.spec as Spec).nodeName).toBeUndefined();
    // Workers have 2 CPU: a 3-CPU request exceeds them, so preemption "is not helpful" there too.
    const msg = '0/3 nodes are available: 1 node(s) had untolerated taint(s), 2 Insufficient cpu. no new claims to deallocate, preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.';
    const cond = (p.status as { conditions: Record<string, unknown>[] }).conditions.find((x) => x.type === 'PodScheduled');
    expect(cond).toMatchObject({ status: 'False', reason: 'Unschedulable', message: msg });
    const ev = client.list('events', 'default').items.find((e) => e.reason === 'FailedScheduling');
    expect(ev).toMatchObject({ type: 'Warning', message: msg, reportingComponent: 'default-scheduler', action: 'Scheduling' });
    expect(c.scheduler.diagnosis('default', 'big')?.result).toBe('Unschedulable');
    expect(c.clock.errors).toEqual([]);
  });

  it('a pod that fits the allocatable but not what is left gets "No preemption victims found"', () => {
    const c = boot();
    const client = c.client();
    const half = { containers: [{ name: 'c', image: 'nginx', resources: { requests: { cpu: '1500m' } } }] };
    client.create('pods', 'default', pod('a', half));
    client.create('pods', 'default', pod('b', half));
    client.create('pods', 'default', pod('c', half));
    c.advance(5_000);
    const pending = ['a', 'b', 'c'].filter((n) => !nodeOf(c, n));
    expect(pending).toHaveLength(1);
    const cond = (client.get('pods', 'default', pending[0]).status as { conditions: Record<string, unknown>[] }).conditions.find((x) => x.type === 'PodScheduled');
    expect(cond?.message).toBe('0/3 nodes are available: 1 node(s) had untolerated taint(s), 2 Insufficient cpu. no new claims to deallocate, preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.');
    // Deleting a running pod frees the CPU: the waiting pod is placed within seconds.
    client.delete('pods', 'default', ['a', 'b', 'c'].find((n) => n !== pending[0])!, { gracePeriodSeconds: 0 });
    c.advance(3_000);
    expect(nodeOf(c, pending[0])).toMatch(/^worker-/);
  });

  it('never places pods on the control plane unless they tolerate its taint', () => {
    const c = boot();
    const client = c.client();
    for (let i = 0; i < 8; i++) client.create('pods', 'default', pod(`p${i}`));
    client.create('pods', 'default', pod('tol', {
      nodeSelector: { 'node-role.kubernetes.io/control-plane': '' },
      tolerations: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }],
    }));
    c.advance(5_000);
    for (let i = 0; i < 8; i++) expect(nodeOf(c, `p${i}`)).toMatch(/^worker-/);
    expect(nodeOf(c, 'tol')).toBe('control-plane');
    const ev = client.list('events', 'default').items.find((e) => e.reason === 'Scheduled' && (e.involvedObject as { name: string }).name === 'tol');
    expect(ev?.message).toBe('Successfully assigned default/tol to control-plane');
  });

  it('nodeSelector picks the labelled node, and an unmatched one explains itself', () => {
    const c = boot();
    const client = c.client();
    const n = client.get('nodes', undefined, 'worker-2');
    client.update('nodes', { ...n, metadata: { ...n.metadata, labels: { ...n.metadata.labels, disk: 'ssd' } } });
    client.create('pods', 'default', pod('ssd', { nodeSelector: { disk: 'ssd' } }));
    client.create('pods', 'default', pod('nvme', { nodeSelector: { disk: 'nvme' } }));
    c.advance(5_000);
    expect(nodeOf(c, 'ssd')).toBe('worker-2');
    expect(nodeOf(c, 'nvme')).toBeUndefined();
    expect(c.scheduler.diagnosis('default', 'nvme')?.message).toBe("0/3 nodes are available: 1 node(s) had untolerated taint(s), 2 node(s) didn't match Pod's node affinity/selector. no new claims to deallocate, preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.");
    // Labelling a node is a cluster event: the waiting pod is retried and placed.
    const w1 = client.get('nodes', undefined, 'worker-1');
    client.update('nodes', { ...w1, metadata: { ...w1.metadata, labels: { ...w1.metadata.labels, disk: 'nvme' } } });
    c.advance(12_000);
    expect(nodeOf(c, 'nvme')).toBe('worker-1');
  });

  it('spreads the pods a Service selects over both workers (default topology spread)', () => {
    const c = boot(11);
    const client = c.client();
    client.create('services', 'default', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } });
    c.advance(1_000);
    for (let i = 0; i < 6; i++) {
      client.create('pods', 'default', pod(`web-${i}`, {}, { app: 'web' }));
      c.advance(1_000);
    }
    const counts: Record<string, number> = {};
    for (let i = 0; i < 6; i++) counts[nodeOf(c, `web-${i}`)!] = (counts[nodeOf(c, `web-${i}`)!] ?? 0) + 1;
    expect(counts).toEqual({ 'worker-1': 3, 'worker-2': 3 });
    const d = c.scheduler.diagnosis('default', 'web-5')!;
    expect(d.weights.PodTopologySpread).toBe(2);
    expect(d.nodes.find((n) => n.chosen)?.scores?.PodTopologySpread).toBe(100);
  });

  it('a stopped scheduler leaves new pods Pending; a restarted one places them', () => {
    const c = boot();
    const client = c.client();
    c.stopComponent('kube-scheduler');
    client.create('pods', 'default', pod('later'));
    c.advance(30_000);
    expect(nodeOf(c, 'later')).toBeUndefined();
    c.startComponent('kube-scheduler');
    c.advance(2_000);
    expect(nodeOf(c, 'later')).toMatch(/^worker-/);
    expect(c.clock.errors).toEqual([]);
  });

  it('a cordoned node gets no new pods', () => {
    const c = boot();
    const client = c.client();
    const n = client.get('nodes', undefined, 'worker-1');
    client.update('nodes', { ...n, spec: { ...(n.spec as Spec), unschedulable: true } });
    c.advance(2_000);
    for (let i = 0; i < 5; i++) client.create('pods', 'default', pod(`q${i}`));
    c.advance(5_000);
    for (let i = 0; i < 5; i++) expect(nodeOf(c, `q${i}`)).toBe('worker-2');
    const d = c.scheduler.diagnosis('default', 'q0')!;
    expect(d.nodes.find((x) => x.node === 'worker-1')?.reasons).toEqual(['node(s) were unschedulable']);
  });

  it('ignores pods for another scheduler', () => {
    const c = boot();
    c.client().create('pods', 'default', pod('other', { schedulerName: 'my-scheduler' }));
    c.advance(5_000);
    expect(nodeOf(c, 'other')).toBeUndefined();
    expect(c.scheduler.diagnosis('default', 'other')).toBeUndefined();
  });

  it('same seed, same placement', () => {
    const run = () => {
      const c = boot(21);
      for (let i = 0; i < 10; i++) c.client().create('pods', 'default', pod(`s${i}`));
      c.advance(5_000);
      return Array.from({ length: 10 }, (_, i) => nodeOf(c, `s${i}`));
    };
    const a = run();
    expect(run()).toEqual(a);
    expect(new Set(a)).toEqual(new Set(['worker-1', 'worker-2']));
  });
});
