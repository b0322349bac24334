import { describe, expect, it } from 'vitest';
import { Cluster } from '../../engine/cluster.js';

describe('kubelet: static pods, node status, metrics', () => {
  it('runs the control plane as static pods with mirror pods', () => {
    const c = new Cluster({ seed: 3 }).boot();
    const client = c.client();
    const names = client.list('pods', 'kube-system').items.map((p) => p.metadata.name);
    for (const n of ['etcd-control-plane', 'kube-apiserver-control-plane', 'kube-controller-manager-control-plane', 'kube-scheduler-control-plane']) expect(names).toContain(n);
    const sched = client.get('pods', 'kube-system', 'kube-scheduler-control-plane');
    expect(sched.metadata.labels).toEqual({ component: 'kube-scheduler', tier: 'control-plane' });
    expect(sched.metadata.annotations!['kubernetes.io/config.source']).toBe('file');
    expect(sched.metadata.ownerReferences![0]).toMatchObject({ kind: 'Node', name: 'control-plane' });
    expect((sched.spec as { priority: number }).priority).toBe(2000001000);
    expect((sched.status as { phase: string; podIP: string }).phase).toBe('Running');
    expect((sched.status as { podIP: string }).podIP).toBe(c.nodeConfigs[0].internalIP);
  });

  it('stopping kube-scheduler removes its mirror pod and starting it brings it back', () => {
    const c = new Cluster({ seed: 3 }).boot();
    const client = c.client();
    c.stopComponent('kube-scheduler');
    c.advance(2_000);
    expect(client.tryGet('pods', 'kube-system', 'kube-scheduler-control-plane')).toBeUndefined();
    c.startComponent('kube-scheduler');
    c.advance(2_000);
    expect(client.tryGet('pods', 'kube-system', 'kube-scheduler-control-plane')).toBeDefined();
    expect(c.clock.runUntil(() => (client.get('pods', 'kube-system', 'kube-scheduler-control-plane').status as { phase?: string })?.phase === 'Running', 30_000)).toBe(true);
  });

  it('reports allocatable as capacity minus the 100Mi eviction threshold, and a kubeadm nodeInfo', () => {
    const c = new Cluster({ seed: 3 }).boot();
    const n = c.client().get('nodes', undefined, 'worker-1');
    const st = n.status as { capacity: Record<string, string>; allocatable: Record<string, string>; nodeInfo: Record<string, string>; images: unknown[] };
    expect(st.capacity.memory).toBe('4025836Ki');
    expect(st.allocatable.memory).toBe('3923436Ki');
    expect(st.nodeInfo.kubeletVersion).toMatch(/^v1\.35\./);
    expect(st.nodeInfo.containerRuntimeVersion).toMatch(/^containerd:\/\/2\./);
  });

  it('serves pod metrics through pods.metrics.k8s.io', () => {
    const c = new Cluster({ seed: 3, bootAgeMs: 10_000 }).boot();
    const client = c.client();
    client.create('pods', 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web' }, spec: { nodeName: 'worker-1', containers: [{ name: 'nginx', image: 'nginx:1.25' }] } });
    c.advance(60_000);
    const items = client.list('pods.metrics.k8s.io', 'default').items;
    expect(items.map((i) => i.metadata.name)).toEqual(['web']);
    const usage = (items[0].containers as { name: string; usage: { cpu: string; memory: string } }[])[0];
    expect(usage.name).toBe('nginx');
    expect(usage.usage.memory).toMatch(/^\d+(Ki|Mi)$/);
    expect(items[0].window).toBe('15s');
    expect(client.list('nodes.metrics.k8s.io').items.length).toBe(3);
  });

  it('a stopped kubelet stops renewing its lease but its containers keep running', () => {
    const c = new Cluster({ seed: 3, bootAgeMs: 10_000 }).boot();
    const client = c.client();
    client.create('pods', 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web' }, spec: { nodeName: 'worker-1', containers: [{ name: 'nginx', image: 'nginx:1.25' }] } });
    c.advance(20_000);
    const renew = () => (client.get('leases.coordination.k8s.io', 'kube-node-lease', 'worker-1').spec as { renewTime: string }).renewTime;
    c.stopComponent('worker-1');
    const before = renew();
    c.advance(60_000);
    expect(renew()).toBe(before);
    const k = c.kubelets.get('worker-1')!;
    expect(k.container('default', 'web', 'nginx')!.current!.state).toBe('running');
    k.powerOff();
    expect(k.runtime.containers.size === 0 || [...k.runtime.containers.values()].every((x) => x.state === 'exited')).toBe(true);
  });
});
