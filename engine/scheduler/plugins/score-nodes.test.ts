import { describe, expect, it } from 'vitest';
import type { KObject } from '../../api/meta.js';
import { SchedulerCache } from '../framework/cache.js';
import type { Handle } from '../framework/handle.js';
import { podInfoOf } from '../framework/pod-info.js';
import { CycleState, Code, type ScorePlugin } from '../framework/types.js';
import * as balanced from './noderesources/balanced-allocation.js';
import * as fit from './noderesources/fit.js';
import * as imagelocality from './imagelocality/index.js';
import * as nodeports from './nodeports/index.js';
import * as tainttoleration from './tainttoleration/index.js';

const MB = 1024 * 1024;

function node(i: number): KObject {
  return {
    apiVersion: 'v1', kind: 'Node', metadata: { name: `n${i}`, labels: { 'kubernetes.io/hostname': `n${i}` } },
    spec: i % 3 === 0 ? { taints: [{ key: 'k', value: 'v', effect: 'PreferNoSchedule' }] } : {},
    status: {
      allocatable: { cpu: `${i + 1}`, memory: `${(i + 1) * 2}Gi`, pods: '110' },
      images: i % 2 === 0 ? [{ names: ['docker.io/library/nginx:1.27'], sizeBytes: (500 + 100 * i) * MB }] : [],
    },
  };
}

function pod(name: string, spec: Record<string, unknown>): KObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', uid: `uid-${name}` }, spec };
}

describe('scoreNodes', () => {
  const cache = new SchedulerCache();
  for (let i = 0; i < 8; i++) cache.addOrUpdateNode(node(i));
  cache.addOrUpdatePod(podInfoOf(pod('busy', {
    nodeName: 'n2', containers: [{ name: 'c', image: 'busybox', resources: { requests: { cpu: '1', memory: '1Gi' } } }],
  })));
  const h = { cache } as unknown as Handle;
  const plugins: ScorePlugin[] = [fit.newPlugin(), balanced.newPlugin(), tainttoleration.newPlugin(), imagelocality.newPlugin(h)];
  const pods = [
    podInfoOf(pod('a', { containers: [{ name: 'c', image: 'docker.io/library/nginx:1.27', resources: { requests: { cpu: '250m', memory: '300Mi' } } }] })),
    podInfoOf(pod('b', { containers: [{ name: 'c', image: 'docker.io/library/nginx:1.27' }], tolerations: [{ key: 'k', operator: 'Exists' }] })),
    podInfoOf(pod('c', { containers: [] })),
    podInfoOf(pod('d', { containers: [{ name: 'c', image: 'busybox:1.37', resources: { requests: { cpu: '2', memory: '1Gi' } } }] })),
  ];

  it('gives every node the score Score gives it', () => {
    const nodes = cache.nodeList;
    for (const pl of plugins) {
      for (const p of pods) {
        const one = nodes.map((n) => pl.score(new CycleState(), p, n));
        const all: number[] = new Array(nodes.length).fill(-1);
        pl.scoreNodes!(new CycleState(), p, nodes, all);
        expect(all, `${pl.name} ${p.name}`).toEqual(one);
      }
    }
    // The fixture must exercise non-trivial scores, or the comparison proves nothing.
    expect(new Set(nodes.map((n) => fit.newPlugin().score(new CycleState(), pods[0], n))).size).toBeGreaterThan(2);
    expect(nodes.some((n) => imagelocality.newPlugin(h).score(new CycleState(), pods[0], n) > 0)).toBe(true);
    expect(nodes.some((n) => tainttoleration.newPlugin().score(new CycleState(), pods[0], n) > 0)).toBe(true);
  });
});

describe('ImageLocality scoreNodes with small images', () => {
  const PAUSE = 'registry.k8s.io/pause:3.10';
  const withImage = (i: number, size: number): KObject => ({
    apiVersion: 'v1', kind: 'Node', metadata: { name: `m${i}` },
    status: { allocatable: { cpu: '4', memory: '8Gi', pods: '110' }, images: [{ names: [PAUSE], sizeBytes: size }] },
  });
  const scores = (cache: SchedulerCache, p: ReturnType<typeof podInfoOf>) => {
    const pl = imagelocality.newPlugin({ cache } as unknown as Handle);
    const one = cache.nodeList.map((n) => pl.score(new CycleState(), p, n));
    const all: number[] = new Array(cache.nodeList.length).fill(-1);
    pl.scoreNodes!(new CycleState(), p, cache.nodeList, all);
    expect(all).toEqual(one);
    return all;
  };

  it('scores as Score does when one node reports a copy of the image large enough to count, and after it goes', () => {
    const cache = new SchedulerCache();
    for (let i = 0; i < 6; i++) cache.addOrUpdateNode(withImage(i, 320 * 1024));
    const p = podInfoOf(pod('p', { containers: [{ name: 'c', image: PAUSE }] }));
    expect(scores(cache, p)).toEqual([0, 0, 0, 0, 0, 0]);
    // One node says the same image is 900 MB: with all six nodes holding it, that copy scores above minThreshold.
    cache.addOrUpdateNode(withImage(3, 900 * MB));
    const mixed = scores(cache, p);
    expect(mixed[3]).toBeGreaterThan(0);
    expect(mixed.filter((x) => x > 0)).toHaveLength(1);
    cache.addOrUpdateNode(withImage(3, 320 * 1024));
    expect(scores(cache, p)).toEqual([0, 0, 0, 0, 0, 0]);
  });
});

describe('NodePorts PreFilter', () => {
  it('skips pods without host ports (a containerPort alone binds nothing on the node)', () => {
    const pl = nodeports.newPlugin();
    const plain = podInfoOf(pod('p', { containers: [{ name: 'c', image: 'nginx', ports: [{ containerPort: 80 }] }] }));
    expect(pl.preFilter(new CycleState(), plain, []).status?.code).toBe(Code.Skip);
    const host = podInfoOf(pod('h', { containers: [{ name: 'c', image: 'nginx', ports: [{ containerPort: 80, hostPort: 8080 }] }] }));
    expect(pl.preFilter(new CycleState(), host, []).status).toBeUndefined();
  });
});
