/**
 * KWOK's CI shapes (kubernetes-sigs/kwok, the benchmark job):
 *  - 10,000 pods on one node until every one is Running (KWOK's floor: 120 s);
 *  - 10,000 nodes until every one is Ready (KWOK's floor: 180 s).
 *
 * Unlike KWOK, each node here is a full simulated kubelet (Lease renewals,
 * node status, a pod informer, a container runtime), and the pods go through
 * the scheduler and the kubelet's sandbox, image and start steps.
 * The cluster runs without kubeadm's add-ons (a kwokctl cluster has none).
 */
import { Cluster } from '../engine/cluster.js';
import type { KObject } from '../engine/api/meta.js';
import { HeapPeak, report } from './report.js';

const PODS_ON_ONE_NODE = 10_000;
const NODES = 10_000;

function pod(i: number): KObject {
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name: `fake-pod-${i}`, namespace: 'default' },
    spec: {
      nodeSelector: { 'kubernetes.io/hostname': 'kwok-node-0' },
      containers: [{ name: 'fake-container', image: 'registry.k8s.io/pause:3.10' }],
    },
  };
}

function runningCount(cluster: Cluster): number {
  let n = 0;
  for (const p of cluster.store.bucket('pods').values()) {
    if (p.metadata.namespace === 'default' && (p.status as { phase?: string } | undefined)?.phase === 'Running') n++;
  }
  return n;
}

function readyCount(cluster: Cluster): number {
  let n = 0;
  for (const node of cluster.store.bucket('nodes').values()) {
    const ready = (node.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions?.find((c) => c.type === 'Ready');
    if (ready?.status === 'True') n++;
  }
  return n;
}

function podsOnOneNode(): void {
  const heap = new HeapPeak();
  const cluster = new Cluster({
    seed: 1, freeze: false, recordHistory: false, addons: false, bootAgeMs: 0,
    // KWOK's node template reports pods capacity 1,000,000; a /17 per node (--node-cidr-mask-size=17) gives each of the
    // 10,000 pods an address of its own, as a /24's 253 could not.
    podNetwork: { clusterCIDR: '10.244.0.0/16', nodeCIDRMaskSize: 17 },
    nodes: [{ name: 'control-plane', role: 'control-plane' }, { name: 'kwok-node-0', role: 'worker', cpu: '32', memory: '256Gi', pods: 1_000_000 }],
  }).boot();
  const admin = cluster.client('bench');
  // KWOK has no images: one pod first puts the pause image on the node, so the measured pods find it present.
  admin.create('pods', 'default', { ...pod(0), metadata: { name: 'warm-up', namespace: 'default' } });
  cluster.clock.runUntil(() => runningCount(cluster) === 1, 600_000);
  admin.delete('pods', 'default', 'warm-up', { gracePeriodSeconds: 0 });
  cluster.settle();
  heap.sample();
  const sim0 = cluster.clock.now();
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < PODS_ON_ONE_NODE; i++) {
    admin.create('pods', 'default', pod(i));
    if (i % 1000 === 0) heap.sample();
  }
  const tCreated = performance.now();
  // Check progress every simulated second rather than after every event.
  let running = 0;
  for (let s = 0; s < 3600; s++) {
    cluster.clock.advance(1000);
    heap.sample();
    running = runningCount(cluster);
    if (running === PODS_ON_ONE_NODE) break;
  }
  const t1 = performance.now();
  const cpu = process.cpuUsage(cpu0);
  if (running !== PODS_ON_ONE_NODE) throw new Error(`only ${running} of ${PODS_ON_ONE_NODE} pods Running`);
  report('kwok-pods-on-one-node', {
    shape: `${PODS_ON_ONE_NODE} pods on 1 node to Running`,
    wallMs: Math.round(t1 - t0),
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    createMs: Math.round(tCreated - t0),
    simulatedMs: cluster.clock.now() - sim0,
    kwokFloorMs: 120_000,
    peakHeapMiB: heap.mib(),
    clockErrors: cluster.clock.errors.length,
  });
}

function nodesToReady(): void {
  const heap = new HeapPeak();
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const nodes = [{ name: 'control-plane', role: 'control-plane' as const }, ...Array.from({ length: NODES }, (_, i) => ({ name: `kwok-node-${i}`, role: 'worker' as const }))];
  // 10,001 nodes need 10,001 /24 blocks: flannel's 10.244.0.0/16 holds 256, a /10 holds 16,384.
  const cluster = new Cluster({ seed: 1, freeze: false, recordHistory: false, addons: false, bootAgeMs: 0, nodes, podNetwork: { clusterCIDR: '10.128.0.0/10' } });
  const tConstructed = performance.now();
  const sim0 = cluster.clock.now();
  heap.sample();
  cluster.boot();
  heap.sample();
  const ready = readyCount(cluster);
  const t1 = performance.now();
  const cpu = process.cpuUsage(cpu0);
  if (ready !== NODES + 1) throw new Error(`only ${ready} of ${NODES + 1} nodes Ready`);
  // Then a simulated minute of steady state: 10,000 Lease renewals every 10 s.
  const t2 = performance.now();
  const cpu2 = process.cpuUsage();
  cluster.clock.advance(60_000);
  const t3 = performance.now();
  const cpuSteady = process.cpuUsage(cpu2);
  heap.sample();
  report('kwok-nodes-ready', {
    shape: `${NODES} nodes (plus the control plane) to Ready`,
    wallMs: Math.round(t1 - t0),
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    constructMs: Math.round(tConstructed - t0),
    simulatedMs: cluster.clock.now() - sim0 - 60_000,
    steadyMinuteWallMs: Math.round(t3 - t2),
    steadyMinuteCpuMs: Math.round((cpuSteady.user + cpuSteady.system) / 1000),
    kwokFloorMs: 180_000,
    peakHeapMiB: heap.mib(),
    clockErrors: cluster.clock.errors.length,
  });
}

export default async function run(): Promise<void> {
  podsOnOneNode();
  nodesToReady();
}
