import { describe, expect, it } from 'vitest';
import { Cluster } from '../../engine/cluster.js';
import type { KObject } from '../../engine/api/meta.js';
import { curlCore } from '../../engine/network/commands/curl.js';
import { flatten } from '../../engine/network/commands/index.js';

type Pod = KObject & { spec: { nodeName: string }; status: { podIP: string; podIPs: { ip: string }[] } };

function hostnamePod(name: string, nodeName: string): KObject {
  return {
    apiVersion: 'v1', kind: 'Pod', metadata: { name },
    spec: { nodeName, containers: [{ name, image: 'registry.k8s.io/e2e-test-images/agnhost:2.53', args: ['serve-hostname', '--port=8080'], ports: [{ containerPort: 8080 }] }] },
  } as KObject;
}

const workers = (n: number) => [{ name: 'control-plane', role: 'control-plane' as const }, ...Array.from({ length: n }, (_, i) => ({ name: `node-${i + 1}`, role: 'worker' as const }))];

describe('pod addresses from the cluster CIDR', () => {
  it('a cluster past 256 nodes takes a wider cluster CIDR: node blocks, pod IPs and routing follow it', () => {
    const c = new Cluster({ seed: 3, nodes: workers(299), addons: false, bootAgeMs: 10_000, podNetwork: { clusterCIDR: '10.128.0.0/10' } }).boot();
    const client = c.client();
    const node = client.get('nodes', undefined, 'node-299') as KObject & { spec: { podCIDR: string; podCIDRs: string[] } };
    expect(node.spec.podCIDR).toBe('10.129.43.0/24');
    expect(node.spec.podCIDRs).toEqual(['10.129.43.0/24']);
    client.create('pods', 'default', hostnamePod('far', 'node-299'));
    c.advance(20_000);
    const pod = client.get('pods', 'default', 'far') as Pod;
    expect(pod.status.podIP).toBe('10.129.43.2');
    expect(pod.status.podIPs).toEqual([{ ip: '10.129.43.2' }]);
    const r = flatten(curlCore(['curl', '-s', 'http://10.129.43.2:8080/'], c.network, { node: 'control-plane' }, '8.5'));
    expect(r.stdout).toBe('far');
    expect(r.exitCode).toBe(0);
    // kubeadm hands its --pod-network-cidr to kube-controller-manager and to kube-proxy's configuration.
    const kcm = client.get('pods', 'kube-system', 'kube-controller-manager-control-plane') as KObject & { spec: { containers: { command: string[] }[] } };
    expect(kcm.spec.containers[0].command).toContain('--cluster-cidr=10.128.0.0/10');
    expect(kcm.spec.containers[0].command.some((f) => f.startsWith('--node-cidr-mask-size'))).toBe(false);
    expect(c.clock.errors).toEqual([]);
  });

  it("flannel's default /16 holds 256 nodes: more is the cluster's own misconfiguration, and a node joining a full range is refused", () => {
    expect(() => new Cluster({ nodes: workers(256) })).toThrow(/257 nodes do not fit in cluster CIDR 10.244.0.0\/16 \(256 blocks of \/24\)/);
    const c = new Cluster({ seed: 1, addons: false, bootAgeMs: 0, nodes: workers(1), podNetwork: { clusterCIDR: '10.244.0.0/16', nodeCIDRMaskSize: 17 } }).boot();
    expect(c.addNode({ name: 'node-2' })).toBe('no remaining pod CIDR in 10.244.0.0/16 for node "node-2"');
    expect(c.kubelets.has('node-2')).toBe(false);
    const kcm = c.client().get('pods', 'kube-system', 'kube-controller-manager-control-plane') as KObject & { spec: { containers: { command: string[] }[] } };
    expect(kcm.spec.containers[0].command).toContain('--node-cidr-mask-size=17');
  });

  it("a node's pods and a node joined later are reached through their node's block; probes come from that node's bridge", () => {
    const c = new Cluster({ seed: 5 }).boot();
    const client = c.client();
    expect(c.addNode({ name: 'worker-3' })).toBeUndefined();
    c.advance(15_000);
    const probed = hostnamePod('probed', 'worker-2') as KObject & { spec: { containers: Record<string, unknown>[] } };
    probed.spec.containers[0] = { name: 'web', image: 'nginx:1.25', readinessProbe: { httpGet: { path: '/', port: 80 }, periodSeconds: 5 } };
    client.create('pods', 'default', probed);
    client.create('pods', 'default', hostnamePod('late', 'worker-3'));
    c.advance(30_000);
    const late = client.get('pods', 'default', 'late') as Pod;
    expect(late.status.podIP).toMatch(/^10\.244\.3\.\d+$/);
    expect(flatten(curlCore(['curl', '-s', `http://${late.status.podIP}:8080/`], c.network, { node: 'control-plane' }, '8.5')).stdout).toBe('late');
    // nginx's access log names the kubelet's probe source: cni0 of worker-2, 10.244.2.1.
    const lines = c.kubelets.get('worker-2')!.logs('default', 'probed')!.map((l) => l.text).filter((t) => t.includes('kube-probe/1.35'));
    expect(lines.length).toBeGreaterThan(3);
    for (const t of lines) expect(t.startsWith('10.244.2.1 - - [')).toBe(true);
    expect(c.clock.errors).toEqual([]);
  });
});
