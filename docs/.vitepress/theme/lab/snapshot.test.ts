import { describe, expect, it } from 'vitest';
import { Cluster } from '../../../../engine/cluster';
import type { KObject } from '../../../../engine/api/meta';
import { buildSnapshot, eventsFor, HPAHistory, podDetail, statusClass } from './snapshot';

describe('statusClass', () => {
  it.each([
    ['Running', 'running'], ['Pending', 'pending'], ['ContainerCreating', 'creating'], ['Init:0/1', 'creating'],
    ['Init:CrashLoopBackOff', 'failing'], ['CrashLoopBackOff', 'failing'], ['ImagePullBackOff', 'failing'], ['ErrImagePull', 'failing'],
    ['Terminating', 'terminating'], ['Completed', 'succeeded'], ['OOMKilled', 'failing'], ['Unknown', 'unknown'],
  ])('%s → %s', (status, cls) => expect(statusClass(status)).toBe(cls));
});

function deployment(name: string, replicas: number, extra: Record<string, unknown> = {}): KObject {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name },
    spec: { replicas, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.25' }], ...extra } } },
  } as unknown as KObject;
}

describe('buildSnapshot', () => {
  it('shows the three nodes Ready, the control plane up, and a new Deployment’s pods on the workers as Running', () => {
    const c = new Cluster({ seed: 3 }).boot();
    let s = buildSnapshot(c, new HPAHistory(), new Map());
    expect(s.nodes.map((n) => [n.name, n.status])).toEqual([['control-plane', 'Ready'], ['worker-1', 'Ready'], ['worker-2', 'Ready']]);
    expect(s.components.every((x) => x.running)).toBe(true);
    expect(s.nodes[0].pods.some((p) => p.name === 'kube-scheduler-control-plane' && p.status === 'Running' && p.system)).toBe(true);

    c.client('kubectl').create('deployments.apps', 'default', deployment('web', 3));
    c.advance(1);
    s = buildSnapshot(c, new HPAHistory(), new Map());
    const fresh = [...s.unscheduled, ...s.nodes.flatMap((n) => n.pods)].filter((p) => p.namespace === 'default');
    expect(fresh.length).toBe(3);
    c.advance(60_000);
    s = buildSnapshot(c, new HPAHistory(), new Map());
    const placed = s.nodes.flatMap((n) => n.pods.filter((p) => p.namespace === 'default').map((p) => [n.name, p.status, p.statusClass]));
    expect(placed.length).toBe(3);
    expect(placed.every(([node, st, cls]) => node !== 'control-plane' && st === 'Running' && cls === 'running')).toBe(true);
    expect(s.deployments.filter((d) => d.namespace === 'default')).toMatchObject([{ name: 'web', desired: 3, ready: 3, replicaSets: [{ revision: '1', desired: 3, ready: 3, image: 'nginx:1.25' }] }]);
    expect(c.clock.errors).toEqual([]);
  });

  it('explains a Pending pod with the scheduler’s FailedScheduling text and events', () => {
    const c = new Cluster({ seed: 4 }).boot();
    c.client('kubectl').create('deployments.apps', 'default', deployment('picky', 1, { nodeSelector: { disk: 'ssd' } }));
    c.advance(5_000);
    const s = buildSnapshot(c, new HPAHistory(), new Map());
    expect(s.unscheduled.filter((p) => p.namespace === 'default').map((p) => p.status)).toEqual(['Pending']);
    const d = podDetail(c, 'default', s.unscheduled.find((p) => p.namespace === 'default')!.name)!;
    expect(d.scheduling?.result).toBe('Unschedulable');
    // NodeAffinity's reason text (ErrReasonPod in pkg/scheduler/framework/plugins/nodeaffinity).
    expect(d.scheduling?.message).toMatch(/^0\/3 nodes are available: .*2 node\(s\) didn't match Pod's node affinity\/selector/);
    expect(d.events.some((e) => e.reason === 'FailedScheduling' && e.type === 'Warning')).toBe(true);
  });

  it('keeps annotations verbatim (the page renders them as text)', () => {
    const c = new Cluster({ seed: 5 }).boot();
    c.client('kubectl').create('pods', 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x', annotations: { note: '<img src=x onerror=alert(1)>' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } as unknown as KObject);
    expect(podDetail(c, 'default', 'x')!.annotations.note).toBe('<img src=x onerror=alert(1)>');
  });
});

describe('eventsFor', () => {
  it('reads both core/v1 and events.k8s.io shapes and orders them by last time', () => {
    const evs = [
      { metadata: { name: 'a' }, involvedObject: { kind: 'Pod', name: 'p', namespace: 'ns' }, reason: 'Pulled', message: 'm1', type: 'Normal', count: 2, lastTimestamp: '2026-01-01T00:00:10Z' },
      { metadata: { name: 'b' }, regarding: { kind: 'Pod', name: 'p', namespace: 'ns' }, reason: 'Scheduled', note: 'm0', type: 'Normal', eventTime: '2026-01-01T00:00:01.000000Z' },
      { metadata: { name: 'c' }, involvedObject: { kind: 'Pod', name: 'other', namespace: 'ns' }, reason: 'X' },
    ] as unknown as KObject[];
    expect(eventsFor(evs, 'ns', 'Pod', 'p').map((e) => [e.reason, e.message, e.count])).toEqual([['Scheduled', 'm0', 1], ['Pulled', 'm1', 2]]);
  });
});
