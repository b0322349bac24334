/**
 * scheduler_perf's SchedulingBasic shape: 5,000 nodes (4 CPU, 32Gi, 110 pods),
 * 1,000 pods placed first (not measured), then 10,000 pods (100m / 500Mi each)
 * measured from the first create until every one is bound.
 *
 * The cluster runs only etcd, the API server and the scheduler: nodes are
 * created directly through the API with a Ready status instead of booting
 * 5,000 kubelets, so the figure is the scheduler's (plus the API server's
 * bind and event writes), not the node simulation's.
 */
import { Cluster } from '../engine/cluster.js';
import type { KObject } from '../engine/api/meta.js';
import { HeapPeak, report } from './report.js';

const NODES = 5_000;
const INIT_PODS = 1_000;
const MEASURED_PODS = 10_000;

function node(i: number): KObject {
  const name = `node-${i}`;
  return {
    apiVersion: 'v1', kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64' } },
    spec: {},
    status: {
      capacity: { cpu: '4', memory: '32Gi', pods: '110' },
      allocatable: { cpu: '4', memory: '32Gi', pods: '110' },
      conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' }],
    },
  };
}

function pod(prefix: string, i: number): KObject {
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name: `${prefix}-${i}`, namespace: 'default' },
    spec: {
      containers: [{
        name: 'pause', image: 'registry.k8s.io/pause:3.10', ports: [{ containerPort: 80 }],
        resources: { requests: { cpu: '100m', memory: '500Mi' }, limits: { cpu: '100m', memory: '500Mi' } },
      }],
    },
  };
}

export default async function run(): Promise<void> {
  const heap = new HeapPeak();
  const cluster = new Cluster({ seed: 1, nodes: [], freeze: false, recordHistory: false });
  cluster.startComponent('etcd');
  cluster.startComponent('kube-apiserver');
  const admin = cluster.client('bench');
  for (const ns of ['default', 'kube-system']) admin.create('namespaces', undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  // The ServiceAccount admission plugin wants the namespace's default account (the controller manager, not run here, makes it).
  admin.create('serviceaccounts', 'default', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: 'default' } });
  for (let i = 0; i < NODES; i++) {
    const n = admin.create('nodes', undefined, node(i));
    admin.updateStatus('nodes', { ...n, status: node(i).status });
  }
  cluster.startComponent('kube-scheduler');
  cluster.clock.runUntilIdle(60_000);
  heap.sample();

  const bound = (prefix: string, count: number) => {
    let n = 0;
    for (const p of admin.list('pods', 'default').items) if (p.metadata.name!.startsWith(prefix) && (p.spec as { nodeName?: string }).nodeName) n++;
    return n === count;
  };
  for (let i = 0; i < INIT_PODS; i++) admin.create('pods', 'default', pod('init', i));
  cluster.clock.runUntilIdle(600_000);
  if (!bound('init-', INIT_PODS)) throw new Error('initial pods were not all scheduled');
  heap.sample();

  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < MEASURED_PODS; i++) {
    admin.create('pods', 'default', pod('measured', i));
    if (i % 1000 === 0) heap.sample();
  }
  const tCreated = performance.now();
  cluster.clock.runUntilIdle(600_000);
  const t1 = performance.now();
  const cpu = process.cpuUsage(cpu0);
  heap.sample();
  if (!bound('measured-', MEASURED_PODS)) throw new Error('measured pods were not all scheduled');

  report('scheduler', {
    shape: `${NODES} nodes, ${INIT_PODS} init pods, ${MEASURED_PODS} measured pods`,
    scheduledPodsPerSecond: Math.round(MEASURED_PODS / ((t1 - t0) / 1000)),
    schedulingOnlyPodsPerSecond: Math.round(MEASURED_PODS / ((t1 - tCreated) / 1000)),
    createMs: Math.round(tCreated - t0),
    scheduleMs: Math.round(t1 - tCreated),
    // CPU time of this process over the same span: on a shared machine, wall time also counts waiting for a core.
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    cpuPodsPerSecond: Math.round(MEASURED_PODS / ((cpu.user + cpu.system) / 1e6)),
    peakHeapMiB: heap.mib(),
    clockErrors: cluster.clock.errors.length,
  });
}
