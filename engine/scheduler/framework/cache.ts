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
  /** namespace → its assigned pods, all of them and by label key and value. */
  private readonly byNamespace = new Map<string, NamespacePods>();
  /** Image name → number of nodes that have it (ImageStateSummary.NumNodes). */
  readonly imageNodes = new Map<string, number>();
  /** Image name → its sizes as nodes report them → how many nodes report that size (for the largest). */
  private readonly imageSizes = new Map<string, Map<number, number>>();
  /** Per-node counts of assigned, non-terminating pods matching a selector, kept current as pods come and go. */
  private readonly counters = new Map<string, Counter>();
  /** Bumped by every counter lookup: the counter used longest ago is the one dropped. */
  private counterTick = 0;
  /** NodeInfo ids: the next unused one, those freed by NodeInfos gone, and the length of every counter's byId. */
  private nextId = 0;
  private readonly freeIds: number[] = [];
  private idCapacity = 64;
  /** Assigned pods with a podAffinity or podAntiAffinity stanza (HavePodsWithAffinityList, as pods). */
  readonly podsWithAffinity = new Set<PodInfo>();
  /** Assigned pods with required anti-affinity terms (HavePodsWithRequiredAntiAffinityList, as pods). */
  readonly podsWithRequiredAntiAffinity = new Set<PodInfo>();
  /** Per topology key, each listed node's domain, valid for one node-labels generation. */
  private readonly domains = new Map<string, TopologyDomains>();
  /** Listed nodes with spec.unschedulable (cordoned). */
  unschedulableNodes = 0;
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
    if (!info) info = this.newInfo(name);
    if (info.node) this.countImages(info, -1);
    const isNew = !info.node;
    const oldLabels = info.labels;
    if (!isNew && info.unschedulable) this.unschedulableNodes--;
    info.setNode(node);
    if (info.unschedulable) this.unschedulableNodes++;
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
    if (info.unschedulable) this.unschedulableNodes--;
    const i = info.index;
    this.nodeList.splice(i, 1);
    for (let j = i; j < this.nodeList.length; j++) this.nodeList[j].index = j;
    info.node = undefined;
    info.index = -1;
    // Pods still bound to a deleted node keep their ghost entry until they go.
    if (info.pods.size === 0) this.dropInfo(info);
  }

  private newInfo(name: string): NodeInfo {
    const info = new NodeInfo(name);
    info.id = this.freeIds.length ? this.freeIds.pop()! : this.nextId++;
    if (info.id >= this.idCapacity) {
      this.idCapacity *= 2;
      for (const c of this.counters.values()) {
        const grown = new Int32Array(this.idCapacity);
        grown.set(c.byId);
        c.byId = grown;
      }
    }
    this.infos.set(name, info);
    return info;
  }

  /** Forgets a NodeInfo without node and pods; its counts are all 0 by then, so its id can serve another. */
  private dropInfo(info: NodeInfo): void {
    this.infos.delete(info.name);
    this.freeIds.push(info.id);
    info.id = -1;
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
    const info = this.infos.get(p.nodeName) ?? this.newInfo(p.nodeName);
    info.addPod(p);
    this.podNode.set(p.uid, { node: p.nodeName, info: p });
    this.index(p, info, 1);
  }

  removePod(uid: string): PodInfo | undefined {
    const prev = this.podNode.get(uid);
    if (!prev) return undefined;
    this.podNode.delete(uid);
    const info = this.infos.get(prev.node);
    info?.removePod(uid);
    this.index(prev.info, info, -1);
    if (info && !info.node && info.pods.size === 0) this.dropInfo(info);
    return prev.info;
  }

  /**
   * The per-node count of assigned, non-terminating pods of `namespace` matching
   * the selector named `key`: built once by `build`, then updated with every pod
   * added or removed. The map is live: read it before the cache changes again.
   */
  matchingPodsPerNode(namespace: string, key: string, matches: (labels: Record<string, string>) => boolean, build: () => Map<string, number>): Map<string, number> {
    return this.podCounter(namespace, key, matches, build).counts as Map<string, number>;
  }

  /** matchingPodsPerNode's counter itself, with the same counts by NodeInfo id (live as well). */
  podCounter(namespace: string, key: string, matches: (labels: Record<string, string>) => boolean, build: () => Map<string, number>): PodCounter {
    const k = `${namespace}\u0000${key}`;
    const hit = this.counters.get(k);
    if (hit) {
      hit.lastUsed = ++this.counterTick;
      return hit;
    }
    const counts = build();
    const byId = new Int32Array(this.idCapacity);
    for (const [nodeName, n] of counts) {
      const info = this.infos.get(nodeName);
      if (info) byId[info.id] = n;
    }
    const c: Counter = { namespace, matches, counts, byId, lastUsed: ++this.counterTick };
    this.counters.set(k, c);
    if (this.counters.size > MAX_COUNTERS) {
      let oldest: string | undefined;
      let tick = Infinity;
      for (const [ck, cc] of this.counters) if (cc.lastUsed < tick) { tick = cc.lastUsed; oldest = ck; }
      this.counters.delete(oldest!);
    }
    return c;
  }

  /**
   * Each listed node's value of the label `key` as a small number, by NodeInfo
   * id, so per-node loops compare and index numbers instead of looking labels
   * up: rebuilt only when a node appears, goes or changes labels.
   */
  topologyDomains(key: string): TopologyDomains {
    let d = this.domains.get(key);
    if (d && d.generation === this.nodeLabelsGeneration && d.byId.length === this.idCapacity) return d;
    const index = new Map<string, number>();
    const values: string[] = [];
    const byId = new Int32Array(this.idCapacity);
    const absent = new Uint8Array(this.idCapacity);
    for (const node of this.nodeList) {
      const has = Object.prototype.hasOwnProperty.call(node.labels, key);
      const v = has ? node.labels[key] : '';
      let i = index.get(v);
      if (i === undefined) {
        i = values.length;
        index.set(v, i);
        values.push(v);
      }
      byId[node.id] = i;
      absent[node.id] = has ? 0 : 1;
    }
    d = { generation: this.nodeLabelsGeneration, values, index, byId, absent };
    this.domains.set(key, d);
    return d;
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

  private count(p: PodInfo, info: NodeInfo | undefined, sign: 1 | -1): void {
    if (p.terminating) return;
    for (const c of this.counters.values()) {
      if (c.namespace !== p.namespace || !c.matches(p.labels)) continue;
      const n = (c.counts.get(p.nodeName) ?? 0) + sign;
      if (n > 0) c.counts.set(p.nodeName, n);
      else c.counts.delete(p.nodeName);
      if (info) c.byId[info.id] += sign;
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

  private index(p: PodInfo, info: NodeInfo | undefined, sign: 1 | -1): void {
    if (this.counters.size) this.count(p, info, sign);
    if (p.affinity.withAffinity) {
      // Kept so that InterPodAffinity can tell in O(1) that no pod has any term (the usual case) and skip.
      if (sign > 0) this.podsWithAffinity.add(p);
      else this.podsWithAffinity.delete(p);
      if (p.affinity.requiredAntiAffinityTerms) {
        if (sign > 0) this.podsWithRequiredAntiAffinity.add(p);
        else this.podsWithRequiredAntiAffinity.delete(p);
      }
    }
    let ns = this.byNamespace.get(p.namespace);
    if (sign > 0) {
      if (!ns) this.byNamespace.set(p.namespace, (ns = { all: new Set(), byLabel: new Map() }));
      ns.all.add(p);
      for (const k in p.labels) {
        let values = ns.byLabel.get(k);
        if (!values) ns.byLabel.set(k, (values = new Map()));
        const v = p.labels[k];
        let set = values.get(v);
        if (!set) values.set(v, (set = new Set()));
        set.add(p);
      }
      return;
    }
    if (!ns) return;
    ns.all.delete(p);
    for (const k in p.labels) {
      const values = ns.byLabel.get(k);
      const set = values?.get(p.labels[k]);
      if (!set) continue;
      set.delete(p);
      if (set.size) continue;
      values!.delete(p.labels[k]);
      if (values!.size === 0) ns.byLabel.delete(k);
    }
    if (ns.all.size === 0) this.byNamespace.delete(p.namespace);
  }

  /** Assigned pods of a namespace that carry label key=value (all of the namespace's when key is undefined). */
  podsWithLabel(namespace: string, key?: string, value?: string): ReadonlySet<PodInfo> {
    const ns = this.byNamespace.get(namespace);
    if (!ns) return EMPTY;
    if (key === undefined) return ns.all;
    return ns.byLabel.get(key)?.get(value!) ?? EMPTY;
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

  /** The PodInfo the cache counts for an assigned (or assumed) pod. */
  podInfo(uid: string): PodInfo | undefined {
    return this.podNode.get(uid)?.info;
  }
}

const EMPTY: ReadonlySet<PodInfo> = new Set();

/** The domains of one topology key over the listed nodes (see SchedulerCache.topologyDomains). */
export interface TopologyDomains {
  generation: number;
  /** Domain number → label value ("" also for nodes without the label). */
  values: string[];
  index: Map<string, number>;
  /** NodeInfo id → domain number of the node's value, or of "" when it lacks the label. */
  byId: Int32Array;
  /** NodeInfo id → 1 when the node lacks the label. */
  absent: Uint8Array;
}

interface NamespacePods {
  all: Set<PodInfo>;
  /** label key → value → the pods carrying it */
  byLabel: Map<string, Map<string, Set<PodInfo>>>;
}

/** Assigned, non-terminating pods of a namespace matching one selector, counted per node. */
export interface PodCounter {
  /** node name → matching pods (nodes with none are absent) */
  readonly counts: ReadonlyMap<string, number>;
  /** NodeInfo id → matching pods: the same counts as one array load in per-node loops. */
  readonly byId: Int32Array;
}

interface Counter extends PodCounter {
  namespace: string;
  matches: (labels: Record<string, string>) => boolean;
  counts: Map<string, number>;
  byId: Int32Array;
  lastUsed: number;
  /** topology key → label value → matching pods, valid for one node-labels generation */
  domains?: Map<string, Map<string, number>>;
  domainsGeneration?: number;
}

/** Selectors whose counts are kept (a cluster has a few ReplicaSets scheduling at any time). */
const MAX_COUNTERS = 64;
