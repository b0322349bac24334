/**
 * metrics-server's extension of a node's reading (extend-reading.ts) loads with the lab's idle prefetch: before it,
 * every node that changed is read whole. Either way the scrapes served are the same, at the same instants.
 */
import { describe, expect, it } from 'vitest';
import { Cluster } from '../cluster.js';
import type { KObject } from '../api/meta.js';
import { loadImageCode } from '../kubelet/programs.js';
import { loadReadingExtension, METRIC_RESOLUTION_MS } from './metrics-server.js';

/** Every scrape's PodMetrics and NodeMetrics while a Deployment grows to 11 pods, two at a time. */
function scrapes(): string[] {
  const c = new Cluster({ seed: 4, addons: false }).boot();
  const api = c.client();
  const seen: string[] = [];
  const ms = c.metricsServer;
  const collect = ms.collect.bind(ms);
  ms.collect = () => {
    collect();
    seen.push(JSON.stringify([c.clock.now(), api.list('pods.metrics.k8s.io').items, api.list('nodes.metrics.k8s.io').items]));
  };
  for (let replicas = 1; replicas <= 11; replicas += 2) {
    const spec = { replicas, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } } };
    const d = api.tryGet('deployments.apps', 'default', 'web');
    if (d) api.update('deployments.apps', { ...d, spec });
    else api.create('deployments.apps', 'default', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' }, spec } as KObject);
    c.advance(METRIC_RESOLUTION_MS);
  }
  c.advance(2 * METRIC_RESOLUTION_MS);
  expect(c.clock.errors).toEqual([]);
  return seen;
}

describe('metrics-server before and after its reading extension loads', () => {
  it('serves the same scrapes', async () => {
    await loadImageCode();
    const before = scrapes();
    await loadReadingExtension();
    const after = scrapes();
    expect(before.length).toBe(8);
    // Pods were served (each had run a full window by the later scrapes).
    expect(JSON.parse(before.at(-1)!)[1].filter((p: KObject) => p.metadata.namespace === 'default').length).toBe(11);
    expect(after).toEqual(before);
  });
});
