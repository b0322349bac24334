import { describe, expect, it } from 'vitest';
import { Cluster } from '../cluster.js';
import type { KObject } from '../api/meta.js';
import { Random } from '../util/random.js';
import { rfc3339 } from '../util/time.js';
import { formatMemory, formatNanoCPU, loadReadingExtension, METRIC_RESOLUTION_MS } from './metrics-server.js';
import { NODE_SYSTEM_USAGE } from '../kubelet/node-status.js';
import { simulationOf } from '../sim/of.js';

// One pod on the cluster's worker, running long enough to have a full metrics window.
function clusterWithPod(image = 'nginx:1.27', addons = true): Cluster {
  const c = new Cluster({ seed: 7, addons }).boot();
  c.client().create('pods', 'default', {
    apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } },
    spec: { containers: [{ name: 'nginx', image }] },
  });
  expect(c.clock.runUntil(() => c.client().list('pods.metrics.k8s.io', 'default').items.length === 1, 120_000)).toBe(true);
  // Move to just after the next scrape, so both clusters read the same scrape.
  const next = (Math.floor(c.clock.now() / METRIC_RESOLUTION_MS) + 1) * METRIC_RESOLUTION_MS;
  c.clock.runUntil(() => c.clock.now() >= next, 2 * METRIC_RESOLUTION_MS);
  return c;
}

const read = (c: Cluster) => JSON.stringify({ pods: c.client().list('pods.metrics.k8s.io').items, nodes: c.client().list('nodes.metrics.k8s.io').items });

/**
 * The scrape as metrics-server's loop defines it, computed in full from every
 * kubelet at the scrape's instant: what is served must always equal this
 * (the same numbers, whatever was kept from earlier scrapes or built later).
 * The noise term is read back from the served value, which is the only part
 * not derived from the kubelets.
 */
function fullScrape(c: Cluster): { pods: Map<string, { labels: unknown; containers: { name: string; cpuMilli: number; memory: string }[] }>; nodes: Map<string, { memory: string }> } {
  const now = c.clock.now();
  const pods = new Map<string, { labels: unknown; containers: { name: string; cpuMilli: number; memory: string }[] }>();
  const nodes = new Map<string, { memory: string }>();
  for (const k of c.kubelets.values()) {
    if (!k.running()) continue;
    let mem = NODE_SYSTEM_USAGE.memoryBytes;
    for (const u of k.podUsage()) {
      for (const ct of u.containers) mem += ct.memoryBytes;
      if (!u.containers.every((ct) => now - ct.startedAt >= METRIC_RESOLUTION_MS)) continue;
      pods.set(`${u.namespace}/${u.name}`, { labels: u.labels, containers: u.containers.map((ct) => ({ name: ct.name, cpuMilli: ct.cpuMilli, memory: formatMemory(ct.memoryBytes) })) });
    }
    nodes.set(k.node.name, { memory: formatMemory(mem) });
  }
  return { pods, nodes };
}

/**
 * What metrics-server serves equals `expected`, the full reading at the scrape made at `scrapedAt`, for the pods its
 * pod lister holds now in the Running phase (pkg/api/pod.go lists the pods, then looks their metrics up), with their
 * labels of now.
 */
function expectServed(c: Cluster, expected: ReturnType<typeof fullScrape>, scrapedAt: number): void {
  const api = c.client();
  const served = api.list('pods.metrics.k8s.io').items as unknown as { metadata: { namespace: string; name: string; labels: unknown; creationTimestamp: string }; containers: { name: string; usage: { cpu: string; memory: string } }[] }[];
  const podNow = (key: string) => api.tryGet('pods', key.split('/')[0], key.split('/')[1]);
  const listed = [...expected.pods.keys()].filter((k) => (podNow(k)?.status as { phase?: string } | undefined)?.phase === 'Running');
  expect(served.map((p) => `${p.metadata.namespace}/${p.metadata.name}`).sort()).toEqual(listed.sort());
  for (const p of served) {
    const key = `${p.metadata.namespace}/${p.metadata.name}`;
    const e = expected.pods.get(key)!;
    expect(p.metadata.creationTimestamp).toBe(rfc3339(scrapedAt));
    expect(p.metadata.labels).toEqual(podNow(key)!.metadata.labels);
    expect(p.containers.map((ct) => ct.name)).toEqual(e.containers.map((ct) => ct.name));
    p.containers.forEach((ct, i) => {
      expect(ct.usage.memory).toBe(e.containers[i].memory);
      // The usage is the container's millicores plus under a millicore of noise.
      const nano = Number(ct.usage.cpu.replace(/n$/, '').replace(/u$/, '000').replace(/m$/, '000000'));
      expect(Math.floor(nano / 1e6)).toBe(e.containers[i].cpuMilli);
    });
  }
  const nodes = api.list('nodes.metrics.k8s.io').items as unknown as { metadata: { name: string }; usage: { memory: string } }[];
  expect(new Map(nodes.map((n) => [n.metadata.name, { memory: n.usage.memory }]))).toEqual(expected.nodes);
}

describe('metrics-server', () => {
  it('serves what it scraped, whenever it is read: usage that changes after a scrape waits for the next one', () => {
    const early = clusterWithPod();
    const late = clusterWithPod();
    expect(late.clock.now()).toBe(early.clock.now());
    const atScrape = read(early);
    // The pod's CPU triples and memory grows after the scrape; nothing reads the metrics until 10 s later.
    const kubelet = [...late.kubelets.values()].find((k) => k.podUsage().some((u) => u.name === 'web'))!;
    expect(kubelet.inject('default', 'web', 'nginx', { cpuMilli: 400, leakBytesPerSec: 1_000_000 })).toBe(true);
    late.advance(10_000);
    expect(read(late)).toBe(atScrape);
    // The next scrape sees the new usage.
    late.advance(METRIC_RESOLUTION_MS);
    const after = late.client().list('pods.metrics.k8s.io', 'default').items[0] as unknown as { containers: { usage: { cpu: string } }[] };
    const before = JSON.parse(atScrape).pods[0] as { containers: { usage: { cpu: string } }[] };
    expect(after.containers[0].usage.cpu).not.toBe(before.containers[0].usage.cpu);
    expect(late.clock.errors).toEqual([]);
  });

  it('answers a get as metrics-server does: the lister\'s NotFound for a missing object, the metrics resource\'s before the first full window', () => {
    const c = new Cluster({ seed: 5 }).boot();
    const api = c.client();
    const message = (f: () => unknown) => { try { f(); return 'no error'; } catch (e) { return (e as Error).message; } };
    expect(message(() => api.get('pods.metrics.k8s.io', 'default', 'nope'))).toBe('pods "nope" not found');
    expect(message(() => api.get('nodes.metrics.k8s.io', undefined, 'nope'))).toBe('node "nope" not found');
    api.create('pods', 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web' }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } } as KObject);
    c.advance(5_000);
    expect(message(() => api.get('pods.metrics.k8s.io', 'default', 'web'))).toBe('podmetrics.metrics.k8s.io "default/web" not found');
    c.advance(60_000);
    expect(api.get('pods.metrics.k8s.io', 'default', 'web').metadata.name).toBe('web');
    // Deleted: gone from the next list at once, though the last scrape still holds it.
    api.delete('pods', 'default', 'web', { gracePeriodSeconds: 0 });
    expect(api.list('pods.metrics.k8s.io', 'default').items).toEqual([]);
    expect(message(() => api.get('pods.metrics.k8s.io', 'default', 'web'))).toBe('pods "web" not found');
  });

  it('each scrape equals a full reading of every kubelet, through labels, load, leaks, restarts, scaling and deletions', () => {
    const c = new Cluster({ seed: 11 }).boot();
    const api = c.client();
    const rnd = new Random(3);
    const between = (lo: number, hi: number) => lo + rnd.int(hi - lo + 1);
    api.create('deployments.apps', 'default', {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' },
      spec: { replicas: 4, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } } },
    } as KObject);
    const ms = c.metricsServer;
    let expected: ReturnType<typeof fullScrape> | undefined;
    let scrapedAt = 0;
    const collect = ms.collect.bind(ms);
    ms.collect = () => {
      collect();
      expected = fullScrape(c);
      scrapedAt = c.clock.now();
    };
    let compared = 0;
    let labelChanges = 0;
    for (let step = 0; step < 60; step++) {
      c.advance(between(1_000, 20_000));
      const running = api.list('pods', 'default').items.filter((p) => (p.status as { phase?: string } | undefined)?.phase === 'Running' && !p.metadata.deletionTimestamp);
      const pick = running.length ? running[between(0, running.length - 1)] : undefined;
      const action = between(0, 5);
      if (pick && action === 0) {
        api.patch('pods', 'default', pick.metadata.name!, 'merge', { metadata: { labels: { tier: `t${step}` } } });
        labelChanges++;
      } else if (pick && action === 1) {
        const k = c.kubelets.get((pick.spec as { nodeName: string }).nodeName)!;
        k.inject('default', pick.metadata.name!, undefined, between(0, 1) ? { cpuMilli: between(1, 500) } : { leakBytesPerSec: between(1, 100_000) });
      } else if (pick && action === 2) {
        c.kubelets.get((pick.spec as { nodeName: string }).nodeName)!.killContainer('default', pick.metadata.name!);
      } else if (action === 3) {
        const d = api.get('deployments.apps', 'default', 'web');
        api.update('deployments.apps', { ...d, spec: { ...(d.spec as object), replicas: between(1, 8) } });
      } else if (pick && action === 4) {
        api.delete('pods', 'default', pick.metadata.name!);
      }
      if (!expected) continue;
      expectServed(c, expected, scrapedAt);
      compared++;
    }
    expect(compared).toBeGreaterThan(50);
    expect(labelChanges).toBeGreaterThan(3);
    expect(formatNanoCPU(1_000_000)).toBe('1m');
    expect(c.clock.errors).toEqual([]);
  });
});

/** Every scrape from now for `ms` compared with a full reading at its instant; returns how many were compared. */
function compareScrapes(c: Cluster, ms: number): number {
  const ms0 = c.metricsServer;
  const collect = ms0.collect.bind(ms0);
  let compared = 0;
  ms0.collect = () => {
    collect();
    expectServed(c, fullScrape(c), c.clock.now());
    compared++;
  };
  c.advance(ms);
  ms0.collect = collect;
  return compared;
}

describe('a quiet node between scrapes', () => {
  // metrics-server keeps a node's reading while its runtime's usage stamp holds: these are the cases where time
  // alone moves the usage (no container starts, ends or is injected into), and a kept reading would be stale.
  it('a leak alone still grows the next scrape\'s memory', () => {
    // Without kubeadm's add-ons, nothing else on the node serves requests (CoreDNS's probes would).
    const c = clusterWithPod('nginx:1.27', false);
    const kubelet = [...c.kubelets.values()].find((k) => k.podUsage().some((u) => u.name === 'web'))!;
    expect(kubelet.inject('default', 'web', 'nginx', { leakBytesPerSec: 200_000 })).toBe(true);
    const memory = () => (c.client().list('pods.metrics.k8s.io', 'default').items[0] as unknown as { containers: { usage: { memory: string } }[] }).containers[0].usage.memory;
    c.advance(METRIC_RESOLUTION_MS);
    const first = memory();
    expect(compareScrapes(c, 4 * METRIC_RESOLUTION_MS)).toBe(4);
    expect(memory()).not.toBe(first);
    expect(c.clock.errors).toEqual([]);
  });

  it('requests, and their ageing out of the rate window once they stop, move the next scrapes\' CPU', () => {
    // php-apache: each request costs 200 core-ms.
    const c = clusterWithPod('registry.k8s.io/hpa-example');
    const api = c.client();
    api.create('services', 'default', {
      apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' },
      spec: { selector: { app: 'web' }, ports: [{ port: 80 }] },
    } as KObject);
    c.advance(2_000);
    // 2 requests a second for 40 s, then none: the rate over the last minute climbs, then falls back.
    const load = simulationOf(c).load('web', 2, 40_000);
    const cpu = () => (api.list('pods.metrics.k8s.io', 'default').items.find((p) => p.metadata.name === 'web') as unknown as { containers: { usage: { cpu: string } }[] }).containers[0].usage.cpu;
    const seen = new Set<string>();
    for (let i = 0; i < 10; i++) {
      expect(compareScrapes(c, METRIC_RESOLUTION_MS)).toBe(1);
      seen.add(cpu().replace(/\d{6}n$/, ''));
    }
    // Traffic came and went: the CPU read more than one whole-millicore value.
    expect(load.ok).toBeGreaterThan(70);
    expect(seen.size).toBeGreaterThan(2);
    expect(c.clock.errors).toEqual([]);
  });
});

describe('a node whose containers want more CPU than it has', () => {
  it('reports no more than its CPU, shared by the containers\' requests (CFS weights), each at most its limit', () => {
    const c = new Cluster({ seed: 5 }).boot();
    const api = c.client();
    // Five hogs per 2-CPU worker, each allowed 500m: 2,500m wanted of the 1,955m its pods can have.
    api.create('deployments.apps', 'default', {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'hog', namespace: 'default' },
      spec: {
        replicas: 10, selector: { matchLabels: { app: 'hog' } },
        template: { metadata: { labels: { app: 'hog' } }, spec: { containers: [{ name: 'php', image: 'registry.k8s.io/hpa-example', resources: { requests: { cpu: '200m' }, limits: { cpu: '500m' } } }] } },
      },
    } as KObject);
    const pods = () => api.list('pods', 'default', { labelSelector: 'app=hog' }).items;
    expect(c.clock.runUntil(() => pods().filter((p) => (p.status as { phase?: string }).phase === 'Running').length === 10, 120_000)).toBe(true);
    const perNode = new Map<string, number>();
    for (const p of pods()) {
      const node = (p.spec as { nodeName: string }).nodeName;
      perNode.set(node, (perNode.get(node) ?? 0) + 1);
      for (const k of c.kubelets.values()) k.inject('default', p.metadata.name!, 'php', { cpuMilli: 1000 });
    }
    expect([...perNode.values()]).toEqual([5, 5]);
    c.advance(2 * METRIC_RESOLUTION_MS);
    const milli = (q: string) => (q.endsWith('n') ? Number(q.slice(0, -1)) / 1e6 : q.endsWith('u') ? Number(q.slice(0, -1)) / 1e3 : q.endsWith('m') ? Number(q.slice(0, -1)) : Number(q) * 1000);
    for (const n of c.client().list('nodes.metrics.k8s.io').items as unknown as { metadata: { name: string }; usage: { cpu: string } }[]) {
      if (n.metadata.name === 'control-plane') continue;
      // The whole node, its system daemons included, can use no more than its 2 CPUs (give or take the reading's noise).
      expect(milli(n.usage.cpu)).toBeLessThanOrEqual(2001);
      expect(milli(n.usage.cpu)).toBeGreaterThan(1990);
    }
    for (const p of c.client().list('pods.metrics.k8s.io', 'default').items as unknown as { containers: { usage: { cpu: string } }[] }[]) {
      // (1,955m less what kube-proxy and CoreDNS take) / 5 each, well under the 500m limit.
      const use = milli(p.containers[0].usage.cpu);
      expect(use).toBeGreaterThan(370);
      expect(use).toBeLessThan(395);
    }
    expect(c.clock.errors).toEqual([]);
  });
});

describe('a node gaining pods between scrapes', () => {
  // metrics-server extends a node's last reading with the new pods' containers while no CPU is shared: pods
  // arriving one by one (extended), and an arrival that makes the CPU shared (every container's share changes).
  it('each scrape equals a full reading while pods arrive one by one, also when an arrival makes the CPU shared', async () => {
    await loadReadingExtension();
    const c = new Cluster({ seed: 9, addons: false }).boot();
    const api = c.client();
    const deployment = (replicas: number) => {
      const d = api.tryGet('deployments.apps', 'default', 'hog');
      const spec = {
        replicas, selector: { matchLabels: { app: 'hog' } },
        template: { metadata: { labels: { app: 'hog' } }, spec: { containers: [{ name: 'dns', image: 'registry.k8s.io/coredns/coredns:v1.13.1', resources: { requests: { cpu: '100m' }, limits: { cpu: '2' } } }] } },
      };
      if (d) api.update('deployments.apps', { ...d, spec });
      else api.create('deployments.apps', 'default', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'hog', namespace: 'default' }, spec } as KObject);
    };
    let compared = 0;
    for (let replicas = 1; replicas <= 8; replicas++) {
      deployment(replicas);
      compared += compareScrapes(c, METRIC_RESOLUTION_MS);
    }
    // A pod whose main container starts 20 s after its sidecar (the sidecar's startup probe waits that long): the
    // node's reading holds the pod with one container, and a later scrape must report both.
    api.create('pods', 'default', {
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'slow' },
      spec: {
        initContainers: [{ name: 'a', image: 'busybox:1.36', restartPolicy: 'Always', command: ['sleep', '3600'], startupProbe: { exec: { command: ['true'] }, initialDelaySeconds: 20 } }],
        containers: [{ name: 'b', image: 'busybox:1.36', command: ['sleep', '3600'] }],
      },
    } as KObject);
    const slowContainers = new Set<number>();
    for (let i = 0; i < 4; i++) {
      compared += compareScrapes(c, METRIC_RESOLUTION_MS);
      for (const k of c.kubelets.values()) for (const u of k.podUsage()) if (u.name === 'slow') slowContainers.add(u.containers.length);
    }
    expect([...slowContainers].sort()).toEqual([1, 2]);
    api.delete('pods', 'default', 'slow', { gracePeriodSeconds: 0 });
    compared += compareScrapes(c, METRIC_RESOLUTION_MS);
    const workers = [...c.kubelets.values()].filter((k) => k.node.name !== 'control-plane');
    // Each worker's containers made to want exactly the CPU it has for them: one hog takes what the others leave
    // (CoreDNS's own 3m each included, so the next one to start tips the node over).
    for (const k of workers) {
      const usages = k.podUsage();
      expect(usages.length).toBe(4);
      const total = usages.reduce((sum, u) => sum + u.containers[0].cpuMilli, 0);
      const first = usages[0].containers[0].cpuMilli;
      k.inject('default', usages[0].name, 'dns', { cpuMilli: k.containerCPUCapacityMilli() - total });
      expect(k.podUsage().reduce((sum, u) => sum + u.containers[0].cpuMilli, 0)).toBe(k.containerCPUCapacityMilli());
      expect(k.podUsage()[0].containers[0].cpuMilli).toBe(k.containerCPUCapacityMilli() - total + first);
    }
    compared += compareScrapes(c, METRIC_RESOLUTION_MS);
    const big = () => workers.map((k) => k.podUsage()[0].containers[0].cpuMilli);
    const wanted = big();
    // A fifth hog on each worker: now they want more than the node has, and the big one gets less.
    deployment(10);
    compared += compareScrapes(c, 3 * METRIC_RESOLUTION_MS);
    expect(workers.map((k) => k.podUsage().length)).toEqual([5, 5]);
    big().forEach((cpu, i) => expect(cpu).toBeLessThan(wanted[i]));
    expect(compared).toBe(17);
    expect(c.clock.errors).toEqual([]);
  });
});
