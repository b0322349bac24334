/**
 * kubectl's own cost, the way a learner meets it: the command line parsed,
 * the API server asked, the table or description printed. Each figure is the
 * median and 95th percentile of repeated runs of one command through the
 * kubectl command (engine/kubectl) with a minimal process context.
 *
 *  - `kubectl get pods -A` with 1,000 and with 10,000 pods (aim: < 5 ms at 1,000);
 *  - `kubectl describe deployment` of a 1,000-replica Deployment (its ReplicaSets and events);
 *  - `kubectl apply -f` of a 200-object file (100 ConfigMaps, 50 Services,
 *    50 Deployments) into a fresh namespace, and applied again unchanged.
 */
import { Cluster } from '../engine/cluster.js';
import { kubectlRunner, type Runner } from '../engine/kubectl/test-helpers.js';
import { HeapPeak, report } from './report.js';

const WORKERS = 120;

function percentile(sorted: number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return Math.round(sorted[Math.max(0, i)] * 100) / 100;
}

async function measure(k: Runner, args: string[], runs: number, before?: (i: number) => void): Promise<{ medianMs: number; p95Ms: number; cpuMedianMs: number; cpuP95Ms: number; runs: number; outputLines: number }> {
  const times: number[] = [];
  const cpu: number[] = [];
  let lines = 0;
  for (let i = 0; i < runs; i++) {
    before?.(i);
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const r = await k.run(args.map((a) => a.replace('{i}', String(i))));
    times.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
    if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} failed: ${r.stderr}`);
    lines = r.stdout.split('\n').length - 1;
  }
  times.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  // CPU time too: on a shared machine the wall time also counts waiting for a core.
  return { medianMs: percentile(times, 50), p95Ms: percentile(times, 95), cpuMedianMs: percentile(cpu, 50), cpuP95Ms: percentile(cpu, 95), runs, outputLines: lines };
}

function deploymentYAML(name: string, replicas: number): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  labels:
    app: ${name}
spec:
  replicas: ${replicas}
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
    spec:
      containers:
      - name: web
        image: nginx:1.26
        ports:
        - containerPort: 80
        resources:
          requests:
            cpu: 1m
            memory: 1Mi
`;
}

function manifest200(): string {
  const docs: string[] = [];
  for (let i = 0; i < 100; i++) {
    docs.push(`apiVersion: v1
kind: ConfigMap
metadata:
  name: config-${i}
  labels:
    app: app-${i % 50}
data:
  index: "${i}"
  settings.conf: |
    mode=production
    replicas=${i % 7}
`);
  }
  for (let i = 0; i < 50; i++) {
    docs.push(`apiVersion: v1
kind: Service
metadata:
  name: app-${i}
spec:
  selector:
    app: app-${i}
  ports:
  - port: 80
    targetPort: 80
`);
  }
  for (let i = 0; i < 50; i++) docs.push(deploymentYAML(`app-${i}`, 1).replace(/^/, ''));
  return docs.join('---\n');
}

export default async function run(): Promise<void> {
  const heap = new HeapPeak();
  const cluster = new Cluster({ seed: 1, workers: WORKERS, workerCPU: '16', workerMemory: '64Gi', freeze: false, recordHistory: false }).boot();
  const k = kubectlRunner(cluster);
  k.fs.writeFile('/root/web.yaml', deploymentYAML('web', 1000));
  k.fs.writeFile('/root/objects.yaml', manifest200());

  if ((await k.run(['apply', '-f', 'web.yaml'])).code !== 0) throw new Error('apply web.yaml failed');
  cluster.clock.runUntil(() => (cluster.store.get('deployments.apps', 'default/web')?.status as { readyReplicas?: number } | undefined)?.readyReplicas === 1000, 3_600_000);
  heap.sample();
  const podCount = () => cluster.store.bucket('pods').size;

  const get1k = await measure(k, ['get', 'pods', '-A'], 50);
  report('kubectl-get-pods-A', { pods: podCount(), ...get1k, aimMs: 5 });

  const describe = await measure(k, ['describe', 'deployment', 'web'], 50);
  report('kubectl-describe-deployment', { replicas: 1000, ...describe });

  const apply = await measure(k, ['apply', '-f', 'objects.yaml', '-n', 'bench-{i}'], 20, (i) => {
    cluster.client('bench').create('namespaces', undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: `bench-${i}` } });
    cluster.settle(600_000);
  });
  report('kubectl-apply-200-objects', { objects: 200, ...apply });
  cluster.settle(600_000);
  const reapply = await measure(k, ['apply', '-f', 'objects.yaml', '-n', 'bench-0'], 20);
  report('kubectl-apply-200-objects-unchanged', { objects: 200, ...reapply });

  if ((await k.run(['scale', 'deployment', 'web', '--replicas=10000'])).code !== 0) throw new Error('scale failed');
  cluster.clock.runUntil(() => (cluster.store.get('deployments.apps', 'default/web')?.status as { readyReplicas?: number } | undefined)?.readyReplicas === 10000, 3_600_000);
  heap.sample();
  const get10k = await measure(k, ['get', 'pods', '-A'], 20);
  report('kubectl-get-pods-A', { pods: podCount(), ...get10k });
  report('kubectl-cluster', { workers: WORKERS, peakHeapMiB: heap.mib(), clockErrors: cluster.clock.errors.length });
}
