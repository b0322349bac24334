import { describe, expect, it } from 'vitest';
import { Cluster } from '../cluster.js';
import { METRIC_RESOLUTION_MS } from './metrics-server.js';

// One pod on the cluster's worker, running long enough to have a full metrics window.
function clusterWithPod(): Cluster {
  const c = new Cluster({ seed: 7 }).boot();
  c.client().create('pods', 'default', {
    apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } },
    spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] },
  });
  expect(c.clock.runUntil(() => c.client().list('pods.metrics.k8s.io', 'default').items.length === 1, 120_000)).toBe(true);
  // Move to just after the next scrape, so both clusters read the same scrape.
  const next = (Math.floor(c.clock.now() / METRIC_RESOLUTION_MS) + 1) * METRIC_RESOLUTION_MS;
  c.clock.runUntil(() => c.clock.now() >= next, 2 * METRIC_RESOLUTION_MS);
  return c;
}

describe('metrics-server', () => {
  it('serves what it scraped, whenever it is read: usage that changes after a scrape waits for the next one', () => {
    const early = clusterWithPod();
    const late = clusterWithPod();
    expect(late.clock.now()).toBe(early.clock.now());
    const read = (c: Cluster) => JSON.stringify({ pods: c.client().list('pods.metrics.k8s.io', 'default').items, nodes: c.client().list('nodes.metrics.k8s.io').items });
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
});
