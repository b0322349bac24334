/**
 * Scheduling readiness over virtual time: the SchedulingGates PreEnqueue
 * plugin keeps a gated pod out of activeQ (no attempt, no FailedScheduling,
 * not even after the 5-minute flush), and the update that removes the last
 * gate sends it to activeQ at once.
 */
import { describe, expect, it } from 'vitest';
import { Cluster } from '../../../cluster.js';
import type { KObject } from '../../../api/meta.js';
import { rfc3339 } from '../../../util/time.js';
import { podInfoOf } from '../../framework/pod-info.js';
import { preEnqueue } from './index.js';

type Spec = Record<string, unknown>;

const gated = (name: string, gates: string[], labels?: Record<string, string>): KObject => ({
  apiVersion: 'v1', kind: 'Pod', metadata: { name, labels },
  spec: { schedulingGates: gates.map((g) => ({ name: g })), containers: [{ name: 'pause', image: 'registry.k8s.io/pause:3.6' }] },
});

describe('PreEnqueue', () => {
  it('rejects a pod with gates as UnschedulableAndUnresolvable, naming them as Go prints a []string', () => {
    const s = preEnqueue(podInfoOf(gated('p', ['example.com/foo', 'example.com/bar'])));
    expect(s).toEqual({ code: 3, reasons: ['waiting for scheduling gates: [example.com/foo example.com/bar]'] });
    expect(preEnqueue(podInfoOf(gated('p', [])))).toBeNull();
  });
});

describe('a gated pod in the scheduler', () => {
  it('waits with no attempt and no event until its last gate is removed, then is bound at once', () => {
    const c = new Cluster({ seed: 3 }).boot();
    const client = c.client();
    client.create('pods', 'default', gated('test-pod', ['example.com/foo', 'example.com/bar']));
    // Past the 5-minute unschedulable flush (checked every 30 s): a gated pod is not moved by it.
    c.advance(6 * 60_000);
    expect(c.scheduler.queuedPod('default', 'test-pod')).toEqual({ queue: 'Unschedulable', attempts: 0, unschedulablePlugins: ['SchedulingGates'] });
    expect(c.scheduler.diagnosis('default', 'test-pod')).toBeUndefined();
    const events = () => client.list('events', 'default').items.filter((e) => (e.involvedObject as Spec).name === 'test-pod');
    expect(events()).toEqual([]);
    const cond = () => ((client.get('pods', 'default', 'test-pod').status as Spec).conditions as Spec[]).find((x) => x.type === 'PodScheduled');
    expect(cond()).toMatchObject({ status: 'False', reason: 'SchedulingGated' });

    // Another update (a label, one gate of two) leaves it where it is.
    client.patch('pods', 'default', 'test-pod', 'merge', { metadata: { labels: { a: 'b' } } });
    client.patch('pods', 'default', 'test-pod', 'json', [{ op: 'remove', path: '/spec/schedulingGates/0' }]);
    c.advance(1_000);
    expect(c.scheduler.queuedPod('default', 'test-pod')?.queue).toBe('Unschedulable');
    expect((client.get('pods', 'default', 'test-pod').spec as Spec).nodeName).toBeUndefined();

    const ungatedAt = c.clock.now();
    client.patch('pods', 'default', 'test-pod', 'json', [{ op: 'remove', path: '/spec/schedulingGates' }]);
    c.advance(0);
    const p = client.get('pods', 'default', 'test-pod');
    expect((p.spec as Spec).nodeName).toMatch(/^worker-/);
    // No backoff: it was never attempted. The bind replaces the condition; the kubelet's first status makes it
    // again with the generation it saw (two gate removals: 3), keeping the bind's lastTransitionTime.
    expect(cond()).toEqual({ type: 'PodScheduled', observedGeneration: 3, status: 'True', lastProbeTime: null, lastTransitionTime: rfc3339(ungatedAt) });
    expect(events().map((e) => e.reason)).toEqual(['Scheduled']);
    expect(c.clock.errors).toEqual([]);
  });

  it('a Deployment whose template has a gate keeps its pods gated and unavailable; a gated pod is deleted at once', () => {
    const c = new Cluster({ seed: 4 }).boot();
    const client = c.client();
    const template = gated('', ['example.com/hold'], { app: 'web' });
    client.create('deployments.apps', 'default', {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' },
      spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { metadata: template.metadata, spec: template.spec } },
    });
    c.advance(30_000);
    const pods = client.list('pods', 'default').items;
    expect(pods).toHaveLength(2);
    for (const p of pods) {
      expect((p.spec as Spec).nodeName).toBeUndefined();
      expect(c.scheduler.queuedPod('default', p.metadata.name!)?.attempts).toBe(0);
    }
    expect(client.get('deployments.apps', 'default', 'web').status).toMatchObject({ replicas: 2, updatedReplicas: 2, unavailableReplicas: 2 });
    // Not scheduled, so no grace period: gone in the same instant, and the ReplicaSet makes another gated pod.
    client.delete('pods', 'default', pods[0].metadata.name!);
    expect(client.tryGet('pods', 'default', pods[0].metadata.name!)).toBeUndefined();
    c.advance(1_000);
    const after = client.list('pods', 'default').items;
    expect(after).toHaveLength(2);
    expect(after.every((p) => ((p.spec as Spec).schedulingGates as unknown[]).length === 1)).toBe(true);
    expect(c.scheduler.pending()).toEqual({ active: 0, backoff: 0, unschedulable: 2 });
    expect(c.clock.errors).toEqual([]);
  });
});
