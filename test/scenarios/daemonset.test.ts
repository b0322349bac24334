import { describe, expect, it } from 'vitest';
import type { Toleration } from 'kubernetes-types/core/v1';
import { Cluster } from '../../engine/cluster.js';
import type { KObject } from '../../engine/api/meta.js';
import { Kubelet } from '../../engine/kubelet/kubelet.js';

function daemonSet(name: string, extra: { tolerations?: Toleration[]; hostNetwork?: boolean; image?: string } = {}): KObject {
  return {
    apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name, namespace: 'kube-system' },
    spec: {
      selector: { matchLabels: { 'k8s-app': name } },
      template: {
        metadata: { labels: { 'k8s-app': name } },
        spec: {
          containers: [{ name, image: extra.image ?? 'registry.k8s.io/kube-proxy:v1.35.0' }],
          ...(extra.tolerations ? { tolerations: extra.tolerations } : {}),
          ...(extra.hostNetwork ? { hostNetwork: true } : {}),
        },
      },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } },
    },
  };
}

type PodSpecLike = { nodeName?: string; tolerations?: Toleration[]; affinity?: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: { matchFields: { key: string; operator: string; values: string[] }[] }[] } } } };
const spec = (p: KObject) => p.spec as PodSpecLike;
const target = (p: KObject) => spec(p).affinity!.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchFields[0].values[0];
const dsPods = (c: Cluster, name: string) => c.client().list('pods', 'kube-system', { labelSelector: `k8s-app=${name}` }).items;
const status = (c: Cluster, name: string) => c.client().get('daemonsets.apps', 'kube-system', name).status as Record<string, number>;

describe('DaemonSet controller', () => {
  it('puts one pod on each worker, not on the tainted control plane, with the daemon tolerations and node affinity', () => {
    const c = new Cluster({ seed: 11 }).boot();
    c.client().create('daemonsets.apps', 'kube-system', daemonSet('agent'));
    c.advance(30_000);
    const pods = dsPods(c, 'agent');
    expect(pods.map(target).sort()).toEqual(['worker-1', 'worker-2']);
    for (const p of pods) {
      expect(p.metadata.name).toMatch(/^agent-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
      expect(p.metadata.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'agent', uid: c.client().get('daemonsets.apps', 'kube-system', 'agent').metadata.uid, controller: true, blockOwnerDeletion: true }]);
      expect(p.metadata.labels!['controller-revision-hash']).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]+$/);
      expect(spec(p).affinity!.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms).toEqual([
        { matchFields: [{ key: 'metadata.name', operator: 'In', values: [target(p)] }] },
      ]);
      // The scheduler places it where the affinity says.
      expect(spec(p).nodeName).toBe(target(p));
      const tol = spec(p).tolerations!.map((t) => `${t.key}:${t.operator}:${t.effect}:${t.tolerationSeconds ?? ''}`);
      expect(tol).toEqual(expect.arrayContaining([
        'node.kubernetes.io/not-ready:Exists:NoExecute:',
        'node.kubernetes.io/unreachable:Exists:NoExecute:',
        'node.kubernetes.io/disk-pressure:Exists:NoSchedule:',
        'node.kubernetes.io/memory-pressure:Exists:NoSchedule:',
        'node.kubernetes.io/pid-pressure:Exists:NoSchedule:',
        'node.kubernetes.io/unschedulable:Exists:NoSchedule:',
      ]));
      expect(tol.some((t) => t.startsWith('node.kubernetes.io/network-unavailable'))).toBe(false);
    }
    const s = status(c, 'agent');
    expect(s).toMatchObject({ desiredNumberScheduled: 2, currentNumberScheduled: 2, numberMisscheduled: 0, numberReady: 2, numberAvailable: 2, updatedNumberScheduled: 2, observedGeneration: 1 });
    expect(s.numberUnavailable).toBeUndefined();
    const created = c.client().list('events', 'kube-system').items.filter((e) => e.reason === 'SuccessfulCreate' && (e.involvedObject as { name: string }).name === 'agent');
    expect(created.map((e) => e.message).sort()).toEqual(pods.map((p) => `Created pod: ${p.metadata.name}`).sort());
    expect((created[0].source as { component: string }).component).toBe('daemonset-controller');
    expect(c.clock.errors).toEqual([]);
  });

  it('runs on the control plane too when it tolerates everything (as kube-proxy), and tolerates network-unavailable with hostNetwork', () => {
    const c = new Cluster({ seed: 12 }).boot();
    c.client().create('daemonsets.apps', 'kube-system', daemonSet('proxy', { tolerations: [{ operator: 'Exists' }], hostNetwork: true }));
    c.advance(30_000);
    const pods = dsPods(c, 'proxy');
    expect(pods.map(target).sort()).toEqual(['control-plane', 'worker-1', 'worker-2']);
    const tol = spec(pods[0]).tolerations!;
    expect(tol[0]).toEqual({ operator: 'Exists' });
    expect(tol[tol.length - 1]).toEqual({ key: 'node.kubernetes.io/network-unavailable', operator: 'Exists', effect: 'NoSchedule' });
    expect(status(c, 'proxy').desiredNumberScheduled).toBe(3);
  });

  it('adds a pod to a node that joins later, and replaces a deleted pod', () => {
    const c = new Cluster({ seed: 13 }).boot();
    const client = c.client();
    client.create('daemonsets.apps', 'kube-system', daemonSet('agent'));
    c.advance(30_000);
    const k = new Kubelet({ name: 'worker-3', role: 'worker', cpu: '2', memory: '4025836Ki', pods: 110, index: 3, podCIDR: '10.244.3.0/24', internalIP: '172.18.0.5' }, c.client('kubelet/worker-3'), c.clock, c.random.fork());
    c.kubelets.set('worker-3', k);
    k.start();
    c.advance(30_000);
    expect(dsPods(c, 'agent').map(target).sort()).toEqual(['worker-1', 'worker-2', 'worker-3']);
    expect(status(c, 'agent').desiredNumberScheduled).toBe(3);

    const victim = dsPods(c, 'agent').find((p) => target(p) === 'worker-2')!;
    client.delete('pods', 'kube-system', victim.metadata.name!);
    c.advance(30_000);
    const now = dsPods(c, 'agent');
    expect(now.map(target).sort()).toEqual(['worker-1', 'worker-2', 'worker-3']);
    expect(now.map((p) => p.metadata.name)).not.toContain(victim.metadata.name);
    expect(c.clock.errors).toEqual([]);
  });

  it('rolls out a new template one node at a time (maxUnavailable 1)', () => {
    const c = new Cluster({ seed: 14 }).boot();
    const client = c.client();
    client.create('daemonsets.apps', 'kube-system', daemonSet('agent', { image: 'nginx:1.25' }));
    c.advance(30_000);
    const oldHash = dsPods(c, 'agent')[0].metadata.labels!['controller-revision-hash'];
    client.patch('daemonsets.apps', 'kube-system', 'agent', 'merge', { spec: { template: { spec: { containers: [{ name: 'agent', image: 'nginx:1.26' }] } } } });
    let maxTerminatingOrMissing = 0;
    const until = c.clock.now() + 120_000;
    while (c.clock.now() < until) {
      c.advance(250);
      const pods = dsPods(c, 'agent');
      const live = pods.filter((p) => !p.metadata.deletionTimestamp && (p.status as { phase?: string }).phase === 'Running');
      maxTerminatingOrMissing = Math.max(maxTerminatingOrMissing, 2 - live.length);
    }
    const pods = dsPods(c, 'agent');
    expect(pods).toHaveLength(2);
    const newHash = pods[0].metadata.labels!['controller-revision-hash'];
    expect(newHash).not.toBe(oldHash);
    expect(pods.every((p) => p.metadata.labels!['controller-revision-hash'] === newHash)).toBe(true);
    expect(maxTerminatingOrMissing).toBe(1);
    expect(status(c, 'agent')).toMatchObject({ updatedNumberScheduled: 2, numberAvailable: 2, observedGeneration: 2 });
    const deleted = client.list('events', 'kube-system').items.filter((e) => e.reason === 'SuccessfulDelete' && (e.involvedObject as { name: string }).name === 'agent');
    expect(deleted).toHaveLength(2);
    expect(deleted[0].message).toMatch(/^Deleted pod: agent-/);
  });

  it('keeps its pod on a lost node (tolerated forever) and counts it misscheduled; runs on a cordoned node', () => {
    const c = new Cluster({ seed: 15 }).boot();
    const client = c.client();
    client.patch('nodes', undefined, 'worker-1', 'merge', { spec: { unschedulable: true } });
    client.create('daemonsets.apps', 'kube-system', daemonSet('agent'));
    c.advance(30_000);
    expect(dsPods(c, 'agent').map((p) => spec(p).nodeName).sort()).toEqual(['worker-1', 'worker-2']);
    c.stopComponent('worker-2');
    c.advance(600_000);
    const pods = dsPods(c, 'agent');
    expect(pods).toHaveLength(2);
    expect(pods.every((p) => !p.metadata.deletionTimestamp)).toBe(true);
    // The lost node's unreachable:NoSchedule taint is not among the daemon tolerations, so (as updateDaemonSetStatus counts with
    // shouldRun) it drops out of DESIRED and its kept pod counts as misscheduled.
    const s = status(c, 'agent');
    expect(s).toMatchObject({ desiredNumberScheduled: 1, currentNumberScheduled: 1, numberMisscheduled: 1, numberReady: 1, numberAvailable: 1 });
    expect(s.numberUnavailable).toBeUndefined();
    expect(c.clock.errors).toEqual([]);
  });
});

