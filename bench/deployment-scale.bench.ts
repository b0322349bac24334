/**
 * A 5,000-node cluster (every node a simulated kubelet) and one Deployment
 * scaled to 150,000 replicas, measured from the scale until every pod is
 * Running: wall time, simulated time and peak heap (heapUsed sampled every 5
 * simulated seconds, garbage included) and the live heap once all are Running.
 *
 * The pods go the whole way: the Deployment and ReplicaSet controllers
 * (500-pod bursts with expectations), the scheduler, each node's kubelet
 * (sandbox, image, start) and the status writes back to the API server.
 * Without kubeadm's add-ons, so only the Deployment's pods are counted.
 */
import v8 from 'node:v8';
import { Cluster } from '../engine/cluster.js';
import type { KObject } from '../engine/api/meta.js';
import { HeapPeak, liveHeapMiB, report } from './report.js';

// KUBELAB_BENCH_NODES / KUBELAB_BENCH_REPLICAS scale the shape down for a quicker look (`npm run bench deployment-scale`).
const NODES = Number(process.env.KUBELAB_BENCH_NODES) || 5_000;
const REPLICAS = Number(process.env.KUBELAB_BENCH_REPLICAS) || 150_000;
// KUBELAB_BENCH_KCM_QPS=100 runs kube-controller-manager with --kube-api-qps=100 --kube-api-burst=100, as Kubernetes'
// own 5,000-node scalability tests do (CONTROLLER_MANAGER_TEST_ARGS); the default is the flags' defaults, 20 and 30.
const KCM_QPS = Number(process.env.KUBELAB_BENCH_KCM_QPS) || undefined;

function deployment(replicas: number): KObject {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment',
    metadata: { name: 'scale', namespace: 'default' },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'scale' } },
      template: {
        metadata: { labels: { app: 'scale' } },
        spec: { containers: [{ name: 'pause', image: 'registry.k8s.io/pause:3.10' }] },
      },
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

export default async function run(): Promise<void> {
  const heap = new HeapPeak();
  const tBoot = performance.now();
  const nodes = [{ name: 'control-plane', role: 'control-plane' as const }, ...Array.from({ length: NODES }, (_, i) => ({ name: `node-${i}`, role: 'worker' as const }))];
  const cluster = new Cluster({
    seed: 1, freeze: false, recordHistory: false, addons: false, bootAgeMs: 0, nodes,
    // 5,001 /24 node blocks: flannel's 10.244.0.0/16 holds 256, a /10 holds 16,384.
    podNetwork: { clusterCIDR: '10.128.0.0/10' },
    controllerManager: KCM_QPS ? { kubeAPIQPS: KCM_QPS, kubeAPIBurst: KCM_QPS } : undefined,
  }).boot();
  const bootMs = performance.now() - tBoot;
  heap.sample();
  const admin = cluster.client('bench');
  const sim0 = cluster.clock.now();
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  admin.create('deployments.apps', 'default', deployment(REPLICAS));
  let running = 0;
  // Check progress every 5 simulated seconds rather than after every event. Counting 150,000 pods each time
  // cost the measurement ~3 s of its own: the Deployment's readyReplicas (a pause container without probes is
  // Ready in the status write that makes it Running) gates the count, which then confirms every pod is Running.
  for (let s = 0; s < 2000; s++) {
    cluster.clock.advance(5000);
    heap.sample();
    const d = cluster.store.bucket('deployments.apps').get('default/scale');
    if (((d?.status as { readyReplicas?: number } | undefined)?.readyReplicas ?? 0) < REPLICAS) continue;
    running = runningCount(cluster);
    if (running === REPLICAS) break;
  }
  running = runningCount(cluster);
  const t1 = performance.now();
  const cpu = process.cpuUsage(cpu0);
  if (running !== REPLICAS) throw new Error(`only ${running} of ${REPLICAS} pods Running`);
  // Every pod Running is the largest the cluster gets (at the default QPS the oldest Events expire before the end,
  // but the pods, their informer entries and the newest hour of Events are all there), so the live heap is taken here,
  // after the timing, where its full collections cost nothing measured.
  const liveHeapAtEnd = liveHeapMiB();
  report('deployment-scale', {
    shape: `${NODES} nodes, Deployment of ${REPLICAS} replicas to Running${KCM_QPS ? ` (kube-controller-manager --kube-api-qps=${KCM_QPS} --kube-api-burst=${KCM_QPS})` : ''}`,
    wallMs: Math.round(t1 - t0),
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    bootMs: Math.round(bootMs),
    simulatedMs: cluster.clock.now() - sim0,
    peakHeapMiB: heap.mib(),
    liveHeapAtEndMiB: liveHeapAtEnd,
    // The old-space limit the run had (node --max-old-space-size): with a 2,048 MiB limit, finishing shows the shape fits in it.
    heapLimitMiB: Math.round(v8.getHeapStatistics().heap_size_limit / 2 ** 20),
    storedObjects: [...['pods', 'events', 'events.events.k8s.io', 'leases.coordination.k8s.io']].map((r) => `${r}=${cluster.store.bucket(r).size}`).join(' '),
    clockErrors: cluster.clock.errors.length,
  });
}
