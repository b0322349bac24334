/**
 * metrics-server: scrapes every kubelet's resource usage each metric
 * resolution (15 s, as the upstream manifests set --metric-resolution) and
 * serves the latest scrape as metrics.k8s.io/v1beta1 PodMetrics and
 * NodeMetrics (virtual resources of the API server). A pod appears once it
 * has been running for a full window, as with the real two-scrape CPU rate.
 */
import type { APIServer } from '../api/apiserver.js';
import { notFound } from '../api/errors.js';
import { deepEqual, type KObject } from '../api/meta.js';
import type { Kubelet, PodUsage } from '../kubelet/kubelet.js';
import { NODE_SYSTEM_USAGE } from '../kubelet/node-status.js';
import type { Container, ContainerRuntime } from '../kubelet/runtime.js';
import { lazyModule } from '../util/lazy-module.js';
import type { VirtualClock } from '../util/clock.js';
import { rfc3339 } from '../util/time.js';

export const METRIC_RESOLUTION_MS = 15_000;

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
 * PodMetrics built from them (which pods have a full window, formatting, noise,
 * sorting) only when something reads them (kubectl top, the HPA controller),
 * since most scrapes of a large cluster are replaced unread 15 s later. Built
 * from the same numbers and the same instant, they are the objects an eager
 * scrape would have served.
 */
class Scrape {
  private built?: KObject[];
  private builtNodes?: KObject[];

  /**
   * `usages`: each node's pods, in the kubelets' order; `nodeNames`, `nodeCpuMilli` and `nodeMemoryBytes`:
   * each node's name and usage (its pods' and its own), in the same order.
   */
  constructor(
    readonly at: number,
    private readonly usages: readonly PodUsage[][],
    private readonly nodeNames: readonly string[] = [],
    private readonly nodeCpuMilli: readonly number[] = [],
    private readonly nodeMemoryBytes: readonly number[] = [],
  ) {}

  get pods(): KObject[] {
    return (this.built ??= podMetrics(this.usages, this.at));
  }

  get nodes(): KObject[] {
    return (this.builtNodes ??= nodeMetrics(this.nodeNames, this.nodeCpuMilli, this.nodeMemoryBytes, this.at));
  }
}

function nodeMetrics(names: readonly string[], cpuMilli: readonly number[], memoryBytes: readonly number[], now: number): KObject[] {
  const ts = rfc3339(now - 1000);
  const created = rfc3339(now);
  const nodes: KObject[] = [];
  for (let i = 0; i < names.length; i++) {
    const name = names[i];
    nodes.push({
      kind: 'NodeMetrics',
      apiVersion: 'metrics.k8s.io/v1beta1',
      metadata: { name, creationTimestamp: created, labels: { 'kubernetes.io/hostname': name } },
      timestamp: ts,
      window: '20.05s',
      usage: { cpu: formatNanoCPU(cpuMilli[i] * 1e6 + jitter(name, now)), memory: formatMemory(memoryBytes[i]) },
    });
  }
  return nodes;
}

function podMetrics(usages: readonly PodUsage[][], now: number): KObject[] {
  const ts = rfc3339(now - 1000);
  const created = rfc3339(now);
  const window = `${METRIC_RESOLUTION_MS / 1000}s`;
  const pods: KObject[] = [];
  for (const onNode of usages) {
    for (const u of onNode) {
      // A pod appears once every container has run for a full window (the CPU rate needs two samples).
      if (u.containers.length === 0 || !u.containers.every((c) => now - c.startedAt >= METRIC_RESOLUTION_MS)) continue;
      pods.push({
        kind: 'PodMetrics',
        apiVersion: 'metrics.k8s.io/v1beta1',
        metadata: { name: u.name, namespace: u.namespace, creationTimestamp: created, labels: u.labels },
        timestamp: ts,
        window,
        containers: u.containers.map((c) => ({ name: c.name, usage: { cpu: formatNanoCPU(c.cpuMilli * 1e6 + jitter(u.name + c.name, now)), memory: formatMemory(c.memoryBytes) } })),
      });
    }
  }
  pods.sort((a, b) => `${a.metadata.namespace}/${a.metadata.name}`.localeCompare(`${b.metadata.namespace}/${b.metadata.name}`));
  return pods;
}

/** What one node's kubelet reported at a scrape, kept to tell whether the next scrape would read the same. */
export interface NodeReading {
  /** The running containers, in the runtime's order, with their usage at the scrape. */
  containers: Container[];
  cpuMilli: number[];
  memoryBytes: number[];
  usages: PodUsage[];
  cpuMilliSum: number;
  memoryBytesSum: number;
  /** What the containers asked for (cpuMilli summed in order, as shareCPU sums it): over the kubelet's capacity, they shared it. */
  demandMilli: number;
  /** namespace/name of every pod in `usages`, made the first time the reading is extended. */
  podKeys?: Set<string>;
  /** The runtime's usageStamp when this was known to be what it reports. */
  stamp: number | undefined;
}

/** True when every running container of the runtime is the one read before, using what it used then. */
function sameReading(runtime: ContainerRuntime, prev: NodeReading, now: number): boolean {
  let j = 0;
  for (const c of runtime.containers.values()) {
    if (c.state !== 'running') continue;
    if (j >= prev.containers.length || prev.containers[j] !== c || c.cpuMilli(now) !== prev.cpuMilli[j] || c.memoryBytes(now) !== prev.memoryBytes[j]) return false;
    j++;
  }
  return j === prev.containers.length;
}

/**
 * extendReading (a reading that only gained pods is extended rather than read again): it changes only how much
 * is read, never what is served, so the lab loads it with its idle prefetch and reads whole nodes until then.
 */
const extension = lazyModule(() => import('./extend-reading.js'));
export const loadReadingExtension = () => extension.load();

function readNode(k: Kubelet, now: number): NodeReading {
  const usages = k.podUsage();
  const r: NodeReading = { containers: [], cpuMilli: [], memoryBytes: [], usages, cpuMilliSum: 0, memoryBytesSum: 0, demandMilli: 0, stamp: k.runtime.usageStamp() };
  for (const u of usages) {
    for (const c of u.containers) {
      r.cpuMilliSum += c.cpuMilli;
      r.memoryBytesSum += c.memoryBytes;
    }
  }
  for (const c of k.runtime.containers.values()) {
    if (c.state !== 'running') continue;
    const cpu = c.cpuMilli(now);
    r.containers.push(c);
    r.cpuMilli.push(cpu);
    r.memoryBytes.push(c.memoryBytes(now));
    r.demandMilli += cpu;
  }
  return r;
}

export const podKey = (ns: string | undefined, name: string | undefined) => `${ns ?? ''}/${name ?? ''}`;

export class MetricsServer {
  private scrape = new Scrape(0, []);
  private cancel?: () => void;
  private unwatch?: () => void;
  private readonly readings = new Map<string, NodeReading>();
  /**
   * Pods (namespace/name) whose labels, as the kubelet reports them, may differ
   * from what the last reading of their node holds: changed in the API (or the
   * pod came or went) and not yet seen matching. Their node is read afresh.
   */
  private readonly labelsPending = new Map<string, Set<string>>();

  constructor(private readonly apiserver: APIServer, private readonly clock: VirtualClock, private readonly kubelets: () => Iterable<Kubelet>) {}

  start(): void {
    // Get (pkg/api/pod.go, node.go): the object from the informer's lister first (its NotFound as the lister
    // words it: a metadata lister's "pods", client-go's typed node lister's "node"), then its metrics, or the
    // metrics resource's NotFound (registered as podmetrics/nodemetrics; a pod's named namespace/name).
    this.apiserver.registerVirtual('pods.metrics.k8s.io', {
      list: (ns) => this.servedPods(ns),
      get: (name, ns) => {
        if (!this.apiserver.tryGet('pods', ns, name)) throw notFound('pods', '', name);
        const m = this.servedPods(ns).find((p) => p.metadata.name === name);
        if (!m) throw notFound('podmetrics', 'metrics.k8s.io', `${ns}/${name}`);
        return m;
      },
    });
    this.apiserver.registerVirtual('nodes.metrics.k8s.io', {
      list: () => this.scrape.nodes,
      get: (name) => {
        if (!this.apiserver.tryGet('nodes', undefined, name)) throw notFound('node', '', name);
        const m = this.scrape.nodes.find((n) => n.metadata.name === name);
        if (!m) throw notFound('nodemetrics', 'metrics.k8s.io', name);
        return m;
      },
    });
    this.unwatch?.();
    this.readings.clear();
    this.labelsPending.clear();
    // Synchronous with the write, so never later than the kubelet hearing of it.
    this.unwatch = this.apiserver.store.onChange((e) => {
      if (e.resource !== 'pods') return;
      const cur = e.object;
      const prev = e.previous;
      if (e.type === 'MODIFIED' && prev && (cur.metadata.labels === prev.metadata.labels || deepEqual(cur.metadata.labels ?? {}, prev.metadata.labels ?? {}))) return;
      const node = (cur.spec as { nodeName?: string } | undefined)?.nodeName ?? (prev?.spec as { nodeName?: string } | undefined)?.nodeName;
      if (!node) return;
      let pending = this.labelsPending.get(node);
      if (!pending) this.labelsPending.set(node, (pending = new Set()));
      pending.add(podKey(cur.metadata.namespace, cur.metadata.name));
    });
    this.collect();
    this.cancel?.();
    this.cancel = this.clock.every(METRIC_RESOLUTION_MS, () => this.collect());
  }

  /**
   * What metrics-server's List serves (pkg/api/pod.go): the pods its pod lister holds now, Running ones only, with
   * the last scrape's numbers; a pod deleted or finished since the scrape is gone at once, and a selector matches
   * the pod's labels of now.
   */
  private servedPods(ns: string | undefined): KObject[] {
    const served: KObject[] = [];
    for (const m of this.scrape.pods) {
      if (ns && m.metadata.namespace !== ns) continue;
      const pod = this.apiserver.tryGet('pods', m.metadata.namespace, m.metadata.name!);
      if ((pod?.status as { phase?: string } | undefined)?.phase !== 'Running') continue;
      served.push(pod!.metadata.labels === m.metadata.labels ? m : { ...m, metadata: { ...m.metadata, labels: pod!.metadata.labels } });
    }
    return served;
  }

  stop(): void {
    this.cancel?.();
    this.cancel = undefined;
    this.unwatch?.();
    this.unwatch = undefined;
    this.apiserver.registerVirtual('pods.metrics.k8s.io', undefined);
    this.apiserver.registerVirtual('nodes.metrics.k8s.io', undefined);
  }

  /**
   * One scrape of every reachable kubelet. A node whose running containers are
   * the ones read last time, each using exactly what it used then, and whose
   * pods' labels have not changed, reports what it reported then: its last
   * reading is kept instead of asking the kubelet about every pod again (on a
   * large cluster most nodes are quiet between two scrapes); one that only
   * gained pods, with no CPU shared, has its reading extended (extend-reading.ts).
   */
  collect(): void {
    const now = this.clock.now();
    const usages: PodUsage[][] = [];
    const names: string[] = [];
    const cpuMilli: number[] = [];
    const memoryBytes: number[] = [];
    for (const k of this.kubelets()) {
      if (!k.running()) continue;
      const name = k.node.name;
      let reading = this.readings.get(name);
      const pending = this.labelsPending.get(name);
      // An unchanged stamp spares looking at every container (5,000 nodes of 30 pods, every 15 s).
      const stamp = k.runtime.usageStamp();
      if (!reading || pending || stamp === undefined || reading.stamp !== stamp) {
        const ext = extension.loaded();
        const kept = !reading || pending ? undefined : ext ? ext.extendReading(k, reading, now) : sameReading(k.runtime, reading, now) ? reading : undefined;
        if (kept) {
          reading = kept;
          reading.stamp = stamp;
        } else {
          reading = readNode(k, now);
          this.readings.set(name, reading);
          if (pending) {
            this.settleLabels(pending, reading.usages);
            if (pending.size === 0) this.labelsPending.delete(name);
          }
        }
      }
      usages.push(reading.usages);
      names.push(name);
      cpuMilli.push(NODE_SYSTEM_USAGE.cpuMilli + reading.cpuMilliSum);
      // Not capped at capacity: the kubelet's eviction manager and the kernel's OOM killer keep it below.
      memoryBytes.push(NODE_SYSTEM_USAGE.memoryBytes + reading.memoryBytesSum);
    }
    // NodeMetrics, like PodMetrics, are built from these numbers when first read.
    this.scrape = new Scrape(now, usages, names, cpuMilli, memoryBytes);
  }

  /** Forgets the pods whose labels the kubelet now reports as the API has them, or that it no longer reports. */
  private settleLabels(pending: Set<string>, usages: PodUsage[]): void {
    const reported = new Map<string, PodUsage>();
    for (const u of usages) {
      const key = podKey(u.namespace, u.name);
      if (!reported.has(key)) reported.set(key, u);
    }
    for (const key of pending) {
      const u = reported.get(key);
      if (!u) {
        pending.delete(key);
        continue;
      }
      const slash = key.indexOf('/');
      const pod = this.apiserver.tryGet('pods', key.slice(0, slash), key.slice(slash + 1));
      if (pod && deepEqual(pod.metadata.labels ?? {}, u.labels)) pending.delete(key);
    }
  }
}

/** A few thousand nanocores of noise so usage reads like a measurement, deterministic per name and time. */
function jitter(name: string, now: number): number {
  let h = 2166136261;
  const s = `${name}|${Math.floor(now / METRIC_RESOLUTION_MS)}`;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619) >>> 0;
  return (h % 900_000) + 1;
}
