/**
 * The scheduler's cache (pkg/scheduler/backend/cache): node infos kept up to
 * date from the informers, pods counted on their node as soon as they are
 * bound ("assumed") so the next cycle sees the capacity already taken, and an
 * index of assigned pods by namespace and label for topology spreading.
 */
import type { KObject } from '../../api/meta.js';
import { sameLabels } from '../../api/selectors.js';
import { NodeInfo } from './node-info.js';
import type { PodInfo } from './pod-info.js';

export class SchedulerCache {
  private readonly infos = new Map<string, NodeInfo>();
  /** Nodes that exist, in the order they were added: the order the filter walks them. */
  readonly nodeList: NodeInfo[] = [];
  /** uid → (node, pod) of every assigned pod. */
  private readonly podNode = new Map<string, { node: string; info: PodInfo }>();
  /** "namespace\0key=value" → assigned pods carrying that label; "namespace" → all of them. */
  private readonly byLabel = new Map<string, Set<PodInfo>>();
  /** Image name → number of nodes that have it (ImageStateSummary.NumNodes). */
  readonly imageNodes = new Map<string, number>();
  /** Image name → its sizes as nodes report them → how many nodes report that size (for the largest). */
  private readonly imageSizes = new Map<string, Map<number, number>>();
  /** Per-node counts of assigned, non-terminating pods matching a selector, kept current as pods come and go (most recently used last). */
  private readonly counters = new Map<string, Counter>();
  /** Assigned pods with a podAffinity or podAntiAffinity stanza (HavePodsWithAffinityList, as pods). */
  readonly podsWithAffinity = new Set<PodInfo>();
  /** Assigned pods with required anti-affinity terms (HavePodsWithRequiredAntiAffinityList, as pods). */
  readonly podsWithRequiredAntiAffinity = new Set<PodInfo>();
  /** Bumped whenever a node appears, goes or changes labels: per-domain sums of the counters are then rebuilt. */
  private nodeLabelsGeneration = 0;

  nodeInfo(name: string): NodeInfo | undefined {
    const i = this.infos.get(name);
    return i?.node ? i : undefined;
  }

  numNodes(): number {
    return this.nodeList.length;
  }

  addOrUpdateNode(node: KObject): NodeInfo {
    const name = node.metadata.name!;
    let info = this.infos.get(name);
    if (!info) this.infos.set(name, (info = new NodeInfo(name)));
    if (info.node) this.countImages(info, -1);
    const isNew = !info.node;
    const oldLabels = info.labels;
    info.setNode(node);
    if (isNew || !sameLabels(oldLabels, info.labels)) this.nodeLabelsGeneration++;
    this.countImages(info, 1);
    if (isNew) {
      info.index = this.nodeList.length;
      this.nodeList.push(info);
    }
    return info;
  }

  removeNode(name: string): void {
    const info = this.infos.get(name);
    if (!info?.node) return;
    this.countImages(info, -1);
    this.nodeLabelsGeneration++;
    const i = info.index;
    this.nodeList.splice(i, 1);
    for (let j = i; j < this.nodeList.length; j++) this.nodeList[j].index = j;
    info.node = undefined;
    info.index = -1;
    // Pods still bound to a deleted node keep their ghost entry until they go.
    if (info.pods.size === 0) this.infos.delete(name);
  }

  private countImages(info: NodeInfo, sign: 1 | -1): void {
    for (const [name, size] of info.images) {
      const n = (this.imageNodes.get(name) ?? 0) + sign;
      if (n > 0) this.imageNodes.set(name, n);
      else this.imageNodes.delete(name);
      let sizes = this.imageSizes.get(name);
      if (!sizes) this.imageSizes.set(name, (sizes = new Map()));
      const m = (sizes.get(size) ?? 0) + sign;
      if (m > 0) sizes.set(size, m);
      else sizes.delete(size);
      if (sizes.size === 0) this.imageSizes.delete(name);
    }
  }

  /** The largest size any node reports for the image (0 when none has it). */
  maxImageSize(name: string): number {
    let max = 0;
    for (const size of this.imageSizes.get(name)?.keys() ?? []) if (size > max) max = size;
    return max;
  }

  hasPod(uid: string): boolean {
    return this.podNode.has(uid);
  }

  /** Adds (or moves) an assigned pod; used both for "assume" after binding and for informer events. */
  addOrUpdatePod(p: PodInfo): void {
    const prev = this.podNode.get(p.uid);
    if (prev) this.removePod(p.uid);
    let info = this.infos.get(p.nodeName);
    if (!info) this.infos.set(p.nodeName, (info = new NodeInfo(p.nodeName)));
    info.addPod(p);
    this.podNode.set(p.uid, { node: p.nodeName, info: p });
    this.index(p, 1);
  }

  removePod(uid: string): PodInfo | undefined {
    const prev = this.podNode.get(uid);
    if (!prev) return undefined;
    this.podNode.delete(uid);
    const info = this.infos.get(prev.node);
    info?.removePod(uid);
    if (info && !info.node && info.pods.size === 0) this.infos.delete(prev.node);
    this.index(prev.info, -1);
    return prev.info;
  }

  /**
   * The per-node count of assigned, non-terminating pods of `namespace` matching
   * the selector named `key`: built once by `build`, then updated with every pod
   * added or removed. The map is live: read it before the cache changes again.
   */
  matchingPodsPerNode(namespace: string, key: string, matches: (labels: Record<string, string>) => boolean, build: () => Map<string, number>): Map<string, number> {
    const k = `${namespace}\u0000${key}`;
    const hit = this.counters.get(k);
    if (hit) {
      this.counters.delete(k);
      this.counters.set(k, hit);
      return hit.counts;
    }
    const c = { namespace, matches, counts: build() };
    this.counters.set(k, c);
    if (this.counters.size > MAX_COUNTERS) this.counters.delete(this.counters.keys().next().value!);
    return c.counts;
  }

  /**
   * The counts of matchingPodsPerNode summed per value of the node label
   * `topologyKey` ("" for nodes without it) over the nodes the cache knows,
   * or undefined when that counter is not kept. Live like the per-node map.
   */
  matchingPodsPerDomain(namespace: string, key: string, topologyKey: string): Map<string, number> | undefined {
    const c = this.counters.get(`${namespace}\u0000${key}`);
    if (!c) return undefined;
    if (!c.domains || c.domainsGeneration !== this.nodeLabelsGeneration) {
      c.domains = new Map();
      c.domainsGeneration = this.nodeLabelsGeneration;
    }
    let totals = c.domains.get(topologyKey);
    if (!totals) {
      totals = new Map();
      for (const [nodeName, n] of c.counts) {
        const node = this.nodeInfo(nodeName);
        if (!node) continue;
        const v = node.labels[topologyKey] ?? '';
        totals.set(v, (totals.get(v) ?? 0) + n);
      }
      c.domains.set(topologyKey, totals);
    }
    return totals;
  }

  private count(p: PodInfo, sign: 1 | -1): void {
    if (p.terminating) return;
    for (const c of this.counters.values()) {
      if (c.namespace !== p.namespace || !c.matches(p.labels)) continue;
      const n = (c.counts.get(p.nodeName) ?? 0) + sign;
      if (n > 0) c.counts.set(p.nodeName, n);
      else c.counts.delete(p.nodeName);
      if (!c.domains || c.domainsGeneration !== this.nodeLabelsGeneration) continue;
      const node = this.nodeInfo(p.nodeName);
      if (!node) continue;
      for (const [topologyKey, totals] of c.domains) {
        const v = node.labels[topologyKey] ?? '';
        const t = (totals.get(v) ?? 0) + sign;
        if (t > 0) totals.set(v, t);
        else totals.delete(v);
      }
    }
  }

  private index(p: PodInfo, sign: 1 | -1): void {
    if (this.counters.size) this.count(p, sign);
    if (p.affinity.withAffinity) {
      // Kept so that InterPodAffinity can tell in O(1) that no pod has any term (the usual case) and skip.
      if (sign > 0) this.podsWithAffinity.add(p);
      else this.podsWithAffinity.delete(p);
      if (p.affinity.requiredAntiAffinityTerms) {
        if (sign > 0) this.podsWithRequiredAntiAffinity.add(p);
        else this.podsWithRequiredAntiAffinity.delete(p);
      }
    }
    const keys = [p.namespace];
    for (const k in p.labels) keys.push(`${p.namespace}\u0000${k}=${p.labels[k]}`);
    for (const key of keys) {
      let set = this.byLabel.get(key);
      if (sign > 0) {
        if (!set) this.byLabel.set(key, (set = new Set()));
        set.add(p);
      } else if (set) {
        set.delete(p);
        if (set.size === 0) this.byLabel.delete(key);
      }
    }
  }

  /** Assigned pods of a namespace that carry label key=value (all of the namespace's when key is undefined). */
  podsWithLabel(namespace: string, key?: string, value?: string): ReadonlySet<PodInfo> {
    return this.byLabel.get(key === undefined ? namespace : `${namespace}\u0000${key}=${value}`) ?? EMPTY;
  }

  /** Every assigned pod (on listed nodes or not). */
  assignedPods(): IterableIterator<{ node: string; info: PodInfo }> {
    return this.podNode.values();
  }

  /** Replaces the object of an assigned pod whose requests, labels and node did not change. */
  refreshPod(uid: string, pod: KObject): void {
    const e = this.podNode.get(uid);
    if (e) e.info.pod = pod;
  }

  nodeOfPod(uid: string): string | undefined {
    return this.podNode.get(uid)?.node;
  }
}

const EMPTY: ReadonlySet<PodInfo> = new Set();

interface Counter {
  namespace: string;
  matches: (labels: Record<string, string>) => boolean;
  /** node name → matching pods */
  counts: Map<string, number>;
  /** topology key → label value → matching pods, valid for one node-labels generation */
  domains?: Map<string, Map<string, number>>;
  domainsGeneration?: number;
}

/** Selectors whose counts are kept (a cluster has a few ReplicaSets scheduling at any time). */
const MAX_COUNTERS = 64;
