/**
 * metrics-server: scrapes every kubelet's resource usage each metric
 * resolution (15 s, as the upstream manifests set --metric-resolution) and
 * serves the latest scrape as metrics.k8s.io/v1beta1 PodMetrics and
 * NodeMetrics (virtual resources of the API server). A pod appears once it
 * has been running for a full window, as with the real two-scrape CPU rate.
 */
import type { APIServer } from '../api/apiserver.js';
import type { KObject } from '../api/meta.js';
import type { Kubelet, PodUsage } from '../kubelet/kubelet.js';
import type { VirtualClock } from '../util/clock.js';
import { bytes } from '../util/quantity.js';
import { rfc3339 } from '../util/time.js';

export const METRIC_RESOLUTION_MS = 15_000;
/** Node usage beyond its pods: the OS, the kubelet, containerd. */
export const NODE_OVERHEAD = { cpuMilli: 45, memoryBytes: 520 * 2 ** 20 };

/** CPU in nanocores as metrics-server serialises it (canonical quantity form). */
export function formatNanoCPU(nano: number): string {
  const n = Math.round(nano);
  if (n === 0) return '0';
  if (n % 1_000_000 === 0) return `${n / 1_000_000}m`;
  if (n % 1000 === 0) return `${n / 1000}u`;
  return `${n}n`;
}

/** Memory in Ki as metrics-server serialises working-set bytes. */
export function formatMemory(b: number): string {
  const ki = Math.round(b / 1024);
  if (ki === 0) return '0';
  if (ki % (1024 * 1024) === 0) return `${ki / 1024 / 1024}Gi`;
  if (ki % 1024 === 0) return `${ki / 1024}Mi`;
  return `${ki}Ki`;
}

/**
 * One scrape. The kubelets' numbers are read at the scrape's instant; the
 * PodMetrics built from them (formatting, noise, sorting) only when something
 * reads them (kubectl top, the HPA controller), since most scrapes of a large
 * cluster are replaced unread 15 s later. Built from the same numbers and the
 * same instant, they are the objects an eager scrape would have served.
 */
class Scrape {
  private built?: KObject[];

  constructor(readonly at: number, private readonly usages: PodUsage[], readonly nodes: KObject[]) {}

  get pods(): KObject[] {
    return (this.built ??= podMetrics(this.usages, this.at));
  }
}

function podMetrics(usages: PodUsage[], now: number): KObject[] {
  const ts = rfc3339(now - 1000);
  const created = rfc3339(now);
  const window = `${METRIC_RESOLUTION_MS / 1000}s`;
  const pods: KObject[] = [];
  for (const u of usages) {
    pods.push({
      kind: 'PodMetrics',
      apiVersion: 'metrics.k8s.io/v1beta1',
      metadata: { name: u.name, namespace: u.namespace, creationTimestamp: created, labels: u.labels },
      timestamp: ts,
      window,
      containers: u.containers.map((c) => ({ name: c.name, usage: { cpu: formatNanoCPU(c.cpuMilli * 1e6 + jitter(u.name + c.name, now)), memory: formatMemory(c.memoryBytes) } })),
    });
  }
  pods.sort((a, b) => `${a.metadata.namespace}/${a.metadata.name}`.localeCompare(`${b.metadata.namespace}/${b.metadata.name}`));
  return pods;
}

export class MetricsServer {
  private scrape = new Scrape(0, [], []);
  private cancel?: () => void;

  constructor(private readonly apiserver: APIServer, private readonly clock: VirtualClock, private readonly kubelets: () => Iterable<Kubelet>) {}

  start(): void {
    this.apiserver.registerVirtual('pods.metrics.k8s.io', { list: (ns) => this.scrape.pods.filter((p) => !ns || p.metadata.namespace === ns) });
    this.apiserver.registerVirtual('nodes.metrics.k8s.io', { list: () => this.scrape.nodes });
    this.collect();
    this.cancel?.();
    this.cancel = this.clock.every(METRIC_RESOLUTION_MS, () => this.collect(), { label: 'metrics-server scrape' });
  }

  stop(): void {
    this.cancel?.();
    this.cancel = undefined;
    this.apiserver.registerVirtual('pods.metrics.k8s.io', undefined);
    this.apiserver.registerVirtual('nodes.metrics.k8s.io', undefined);
  }

  /** One scrape of every reachable kubelet. */
  collect(): void {
    const now = this.clock.now();
    const ts = rfc3339(now - 1000);
    const usages: PodUsage[] = [];
    const nodes: KObject[] = [];
    for (const k of this.kubelets()) {
      if (!k.running()) continue;
      let cpu = NODE_OVERHEAD.cpuMilli;
      let mem = NODE_OVERHEAD.memoryBytes;
      for (const u of k.podUsage()) {
        let ready = 0;
        for (const c of u.containers) {
          cpu += c.cpuMilli;
          mem += c.memoryBytes;
          if (now - c.startedAt >= METRIC_RESOLUTION_MS) ready++;
        }
        if (ready === 0 || ready !== u.containers.length) continue;
        usages.push(u);
      }
      const capacity = bytes(k.node.memory);
      nodes.push({
        kind: 'NodeMetrics',
        apiVersion: 'metrics.k8s.io/v1beta1',
        metadata: { name: k.node.name, creationTimestamp: rfc3339(now), labels: { 'kubernetes.io/hostname': k.node.name } },
        timestamp: ts,
        window: '20.05s',
        usage: { cpu: formatNanoCPU(cpu * 1e6 + jitter(k.node.name, now)), memory: formatMemory(Math.min(mem, capacity)) },
      });
    }
    this.scrape = new Scrape(now, usages, nodes);
  }
}

/** A few thousand nanocores of noise so usage reads like a measurement, deterministic per name and time. */
function jitter(name: string, now: number): number {
  let h = 2166136261;
  const s = `${name}|${Math.floor(now / METRIC_RESOLUTION_MS)}`;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619) >>> 0;
  return (h % 900_000) + 1;
}
