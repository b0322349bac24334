import { describe, expect, it } from 'vitest';
import { bridgeIPOf, PodNetwork } from './pod-cidr.js';

function net(opts = {}): PodNetwork {
  const n = PodNetwork.of(opts);
  if (typeof n === 'string') throw new Error(n);
  return n;
}

describe('the pod network address plan', () => {
  it('kubeadm with flannel: 10.244.0.0/16 in /24 blocks, 256 nodes', () => {
    const n = net();
    expect(n.capacity).toBe(256);
    expect(n.nodePodCIDR(0)).toBe('10.244.0.0/24');
    expect(n.nodePodCIDR(3)).toBe('10.244.3.0/24');
    expect(n.nodePodCIDR(255)).toBe('10.244.255.0/24');
    expect(n.blockOf('10.244.3.7')).toBe(3);
    expect(n.blockOf('10.244.255.254')).toBe(255);
    expect(n.blockOf('10.245.0.2')).toBeUndefined();
    expect(n.blockOf('10.96.0.1')).toBeUndefined();
    expect(n.blockOf('172.18.0.3')).toBeUndefined();
    expect(n.blockOf('not-an-ip')).toBeUndefined();
    expect(n.bridgeIP(3)).toBe('10.244.3.1');
    expect(n.overlayIP(3)).toBe('10.244.3.0');
  });

  it('a wider cluster CIDR carries blocks across octets', () => {
    const n = net({ clusterCIDR: '10.128.0.0/10' });
    expect(n.capacity).toBe(16_384);
    // 300 × 256 addresses past 10.128.0.0.
    expect(n.nodePodCIDR(300)).toBe('10.129.44.0/24');
    expect(n.blockOf('10.129.44.9')).toBe(300);
    expect(n.blockOf('10.191.255.254')).toBe(16_383);
    expect(n.blockOf('10.192.0.1')).toBeUndefined();
    expect(n.bridgeIP(300)).toBe('10.129.44.1');
  });

  it('a larger node block (--node-cidr-mask-size)', () => {
    const n = net({ clusterCIDR: '10.244.0.0/16', nodeCIDRMaskSize: 17 });
    expect(n.capacity).toBe(2);
    expect(n.nodePodCIDR(1)).toBe('10.244.128.0/17');
    expect(n.blockOf('10.244.200.3')).toBe(1);
    expect(bridgeIPOf('10.244.128.0/17')).toBe('10.244.128.1');
  });

  it('options that make no network are refused', () => {
    expect(PodNetwork.of({ clusterCIDR: '10.244.0.0' })).toMatch(/not an IPv4 CIDR/);
    expect(PodNetwork.of({ clusterCIDR: '10.244.0.300/16' })).toMatch(/not an IPv4 CIDR/);
    expect(PodNetwork.of({ clusterCIDR: '10.244.0.0/24', nodeCIDRMaskSize: 24 })).toMatch(/must be longer/);
    expect(PodNetwork.of({ clusterCIDR: '10.244.0.0/16', nodeCIDRMaskSize: 31 })).toMatch(/at most 29/);
    // The `kubernetes` Service's 10.96.0.1 and kube-dns's 10.96.0.10 must stay inside the Service range.
    expect(PodNetwork.of({ serviceSubnet: '10.96.0.0/29' })).toBe('serviceSubnet 10.96.0.0/29 must be 10.96.0.0/12 to 10.96.0.0/28');
    expect(PodNetwork.of({ serviceSubnet: '10.100.0.0/16' })).toBe('serviceSubnet 10.100.0.0/16 must be 10.96.0.0/12 to 10.96.0.0/28');
    expect(typeof PodNetwork.of({ serviceSubnet: '10.96.0.0/28' })).toBe('object');
  });
});
