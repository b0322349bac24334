/**
 * PodTopologySpread: spreads matching pods over topology domains. A pod's own
 * DoNotSchedule constraints filter nodes; its ScheduleAnyway constraints — or,
 * when it has none, the system defaults (hostname maxSkew 3, zone maxSkew 5)
 * over the pods of the same Services/ReplicaSet — score them, which is why a
 * ReplicaSet's replicas land on different nodes.
 */
import type { TopologySpreadConstraint } from 'kubernetes-types/core/v1';
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import type { KObject } from '../../../api/meta.js';
import { controllerRef } from '../../../api/meta.js';
import { labelSelectorAsSelector, sameLabels, type Requirement, type Selector } from '../../../api/selectors.js';
import type { Handle } from '../../framework/handle.js';
import type { NodeInfo } from '../../framework/node-info.js';
import type { PodInfo } from '../../framework/pod-info.js';
import type { SchedulerCache, TopologyDomains } from '../../framework/cache.js';
import { Code, MAX_NODE_SCORE, newStatus, type CycleState, type FilterPlugin, type PreFilterPlugin, type PreScorePlugin, type ScorePlugin } from '../../framework/types.js';
import { matchRequiredNodeAffinity } from '../../helpers/nodeaffinity.js';
import { doNotScheduleTaint, findMatchingUntoleratedTaint } from '../../helpers/taints.js';
import * as names from '../names.js';
import { eventsToRegister } from './queueing-hints.js';

export const NAME = names.PodTopologySpread;
export const ERR_REASON_CONSTRAINTS_NOT_MATCH = "node(s) didn't match pod topology spread constraints";
export const ERR_REASON_NODE_LABEL_NOT_MATCH = `${ERR_REASON_CONSTRAINTS_NOT_MATCH} (missing required label)`;
export const LABEL_HOSTNAME = 'kubernetes.io/hostname';
export const LABEL_ZONE = 'topology.kubernetes.io/zone';

/** systemDefaultConstraints */
export const SYSTEM_DEFAULT_CONSTRAINTS = [
  { topologyKey: LABEL_HOSTNAME, whenUnsatisfiable: 'ScheduleAnyway', maxSkew: 3 },
  { topologyKey: LABEL_ZONE, whenUnsatisfiable: 'ScheduleAnyway', maxSkew: 5 },
] as const;

interface Matcher {
  matches(labels: Record<string, string> | undefined): boolean;
  /** An equality requirement to look candidates up by (the label index). */
  hint?: [string, string];
  /** The selectors as text, so the cache can keep per-node counts for them up to date. */
  key?: string;
}

export interface Constraint {
  maxSkew: number;
  topologyKey: string;
  selector: Matcher;
  minDomains: number;
  honorNodeAffinity: boolean;
  honorNodeTaints: boolean;
}

function matcherOf(selectors: Selector[]): Matcher {
  let hint: [string, string] | undefined;
  for (const s of selectors) {
    for (const r of s.requirements) {
      if ((r.op === 'In' || r.op === 'Equals') && r.values.length === 1) {
        hint = [r.key, r.values[0]];
        break;
      }
    }
    if (hint) break;
  }
  const key = selectors.map((s) => (s.empty() ? 'all:' : s.requirements.length === 0 ? 'none:' : '') + JSON.stringify(s.requirements)).join('|');
  return { matches: (l) => selectors.every((s) => s.matches(l)), hint, key };
}

function selectorFromRequirements(reqs: Requirement[]): Selector {
  return labelSelectorAsSelector({
    matchExpressions: reqs.map((r) => ({ key: r.key, operator: r.op === 'Equals' ? 'In' : r.op === 'NotEquals' ? 'NotIn' : r.op, values: r.values })),
  } as LabelSelector);
}

/** A pod's own constraints of one kind, with matchLabelKeys folded into the selector. */
export function podConstraints(pod: PodInfo, action: 'DoNotSchedule' | 'ScheduleAnyway'): Constraint[] {
  const out: Constraint[] = [];
  for (const c of pod.topologySpreadConstraints as TopologySpreadConstraint[]) {
    if ((c.whenUnsatisfiable ?? 'DoNotSchedule') !== action) continue;
    const selectors = [labelSelectorAsSelector(c.labelSelector)];
    const extra: Requirement[] = [];
    for (const k of c.matchLabelKeys ?? []) if (k in pod.labels) extra.push({ key: k, op: 'In', values: [pod.labels[k]] });
    if (extra.length) selectors.push(selectorFromRequirements(extra));
    out.push({
      maxSkew: c.maxSkew,
      topologyKey: c.topologyKey,
      selector: matcherOf(selectors),
      minDomains: c.minDomains ?? 1,
      honorNodeAffinity: (c.nodeAffinityPolicy ?? 'Honor') === 'Honor',
      honorNodeTaints: c.nodeTaintsPolicy === 'Honor',
    });
  }
  return out;
}

/**
 * helper.DefaultSelector: the selectors of the Services that select the pod,
 * merged, plus its controlling ReplicaSet's selector. Empty when neither exists.
 */
export function defaultSelector(pod: PodInfo, services: readonly KObject[], rs: KObject | undefined): Selector[] | undefined {
  const set: Record<string, string> = {};
  let any = false;
  for (const svc of services) {
    const sel = (svc.spec as { selector?: Record<string, string> } | undefined)?.selector;
    if (!sel || Object.keys(sel).length === 0) continue;
    if (!Object.entries(sel).every(([k, v]) => pod.labels[k] === v)) continue;
    Object.assign(set, sel);
    any = true;
  }
  const selectors: Selector[] = [];
  if (any) selectors.push(labelSelectorAsSelector({ matchLabels: set }));
  if (rs) {
    const s = labelSelectorAsSelector((rs.spec as { selector?: LabelSelector } | undefined)?.selector);
    if (!s.empty()) selectors.push(s);
  }
  return selectors.length ? selectors : undefined;
}

/** Assigned, non-terminating pods of the namespace matching the selector, counted per node. */
export function countByNode(cache: SchedulerCache, namespace: string, m: Matcher): Map<string, number> {
  // Counting anew walks every matching pod, each cycle: 150,000 replicas made that quadratic. The cache keeps the counts instead.
  if (m.key !== undefined) return cache.matchingPodsPerNode(namespace, m.key, m.matches, () => countAnew(cache, namespace, m));
  return countAnew(cache, namespace, m);
}

/** countByNode, plus the same counts by NodeInfo id when the cache keeps them. */
function counterOf(cache: SchedulerCache, namespace: string, m: Matcher): { counts: ReadonlyMap<string, number>; byId?: Int32Array } {
  if (m.key !== undefined) return cache.podCounter(namespace, m.key, m.matches, () => countAnew(cache, namespace, m));
  return { counts: countAnew(cache, namespace, m) };
}

function countAnew(cache: SchedulerCache, namespace: string, m: Matcher): Map<string, number> {
  const out = new Map<string, number>();
  const candidates = m.hint ? cache.podsWithLabel(namespace, m.hint[0], m.hint[1]) : cache.podsWithLabel(namespace);
  for (const p of candidates) {
    if (p.terminating || !m.matches(p.labels)) continue;
    out.set(p.nodeName, (out.get(p.nodeName) ?? 0) + 1);
  }
  return out;
}

function labelsHaveKeys(labels: Record<string, string>, cs: readonly Constraint[]): boolean {
  for (const c of cs) if (!(c.topologyKey in labels)) return false;
  return true;
}

function includesNode(c: Constraint, pod: PodInfo, node: NodeInfo): boolean {
  if (c.honorNodeAffinity && !matchRequiredNodeAffinity(pod.nodeSelector, pod.requiredNodeAffinity, node.labels, node.name)) return false;
  if (c.honorNodeTaints && findMatchingUntoleratedTaint(node.taints, pod.tolerations, doNotScheduleTaint)) return false;
  return true;
}

/** topologyNormalizingWeight: ln(domains + 2). */
export function topologyNormalizingWeight(size: number): number {
  return Math.log(size + 2);
}

/** scoreForCount: more matching pods in the domain → higher raw score (worse); maxSkew − 1 softens small skews. */
export function scoreForCount(cnt: number, maxSkew: number, weight: number): number {
  return cnt * weight + (maxSkew - 1);
}

/**
 * NormalizeScore: inverts so the emptiest domain gets 100; ignored nodes get 0.
 * Example: raw [3, 1] → max 3, min 1 → [100·(4−3)/3, 100·(4−1)/3] = [33, 100].
 */
export function normalizeSpreadScores(scores: number[], ignored?: readonly boolean[]): void {
  let min = Number.MAX_SAFE_INTEGER;
  let max = 0;
  for (let i = 0; i < scores.length; i++) {
    if (ignored && ignored[i]) continue;
    if (scores[i] < min) min = scores[i];
    if (scores[i] > max) max = scores[i];
  }
  for (let i = 0; i < scores.length; i++) {
    if (ignored && ignored[i]) scores[i] = 0;
    else if (max === 0) scores[i] = MAX_NODE_SCORE;
    else scores[i] = Math.trunc((MAX_NODE_SCORE * (max + min - scores[i])) / max);
  }
}

interface FilterState {
  constraints: Constraint[];
  /** per constraint: domain value → matching pods */
  tpValueToMatchNum: Map<string, number>[];
  minMatch: number[];
}

/**
 * PreScore's state. Topology pairs are the cache's domain numbers of each
 * constraint's key (TopologyDomains): a pair (key, value) is domain k of
 * constraint i, seen[i][k] says whether a scored node is in it (the pairs of
 * TopologyPairToPodCounts), pairCounts[i][k] its matching pods.
 */
interface ScoreState {
  constraints: Constraint[];
  ignored: Set<string>;
  domains: TopologyDomains[];
  seen: Uint8Array[];
  pairCounts: Float64Array[];
  perNode: ReadonlyMap<string, number>[];
  /** perNode by NodeInfo id where the cache keeps the count. */
  perNodeById: (Int32Array | undefined)[];
  weights: number[];
}

const NO_PAIRS = new Uint8Array(0);
const NO_COUNTS = new Float64Array(0);

/** The node's domain number for the key (of "" when it lacks the label); −1 for a value the cache's nodes do not have. */
function domainOf(d: TopologyDomains, key: string, node: NodeInfo): number {
  const id = node.id;
  // A NodeInfo with an id is one of the cache's nodes, which the domains were computed from.
  if (id >= 0 && id < d.byId.length) return d.byId[id];
  return d.index.get(Object.prototype.hasOwnProperty.call(node.labels, key) ? node.labels[key] : '') ?? -1;
}

function lacksLabel(d: TopologyDomains, key: string, node: NodeInfo): boolean {
  const id = node.id;
  if (id >= 0 && id < d.absent.length) return d.absent[id] === 1;
  return !Object.prototype.hasOwnProperty.call(node.labels, key);
}

/** One node's raw score (Score before NormalizeScore). */
function rawScore(s: ScoreState, node: NodeInfo): number {
  if (s.ignored.size !== 0 && s.ignored.has(node.name)) return 0;
  let score = 0;
  for (let i = 0; i < s.constraints.length; i++) {
    const c = s.constraints[i];
    const d = s.domains[i];
    if (lacksLabel(d, c.topologyKey, node)) continue;
    let cnt: number;
    if (c.topologyKey === LABEL_HOSTNAME) {
      const byId = s.perNodeById[i];
      cnt = byId !== undefined && node.id >= 0 && node.id < byId.length ? byId[node.id] : (s.perNode[i].get(node.name) ?? 0);
    } else {
      const k = domainOf(d, c.topologyKey, node);
      cnt = k >= 0 && s.seen[i][k] === 1 ? s.pairCounts[i][k] : 0;
    }
    score += scoreForCount(cnt, c.maxSkew, s.weights[i]);
  }
  return Math.round(score);
}

/** NodeInfo ids of the scored nodes (scoreByIds' scratch). */
let scratchIds = new Int32Array(1024);

/**
 * rawScore for every node, constraint after constraint over the nodes' ids
 * instead of node after node over the constraints: each pass is one tight loop
 * over typed arrays. Each node's terms are still added in constraint order from
 * 0, so the sums (and their rounding) are rawScore's. False, with nothing
 * written, when some node is not one of the cache's (no id, or an id the
 * arrays do not cover): rawScore handles those.
 */
function scoreByIds(s: ScoreState, nodes: readonly NodeInfo[], scores: number[]): boolean {
  const n = nodes.length;
  if (scratchIds.length < n) scratchIds = new Int32Array(Math.max(n, 2 * scratchIds.length));
  const ids = scratchIds;
  let maxId = -1;
  for (let j = 0; j < n; j++) {
    const id = nodes[j].id;
    if (id < 0) return false;
    ids[j] = id;
    if (id > maxId) maxId = id;
  }
  for (let i = 0; i < s.constraints.length; i++) {
    const d = s.domains[i];
    if (maxId >= d.absent.length || maxId >= d.byId.length) return false;
    if (s.constraints[i].topologyKey === LABEL_HOSTNAME) {
      const byId = s.perNodeById[i];
      if (byId === undefined || maxId >= byId.length) return false;
    }
  }
  for (let j = 0; j < n; j++) scores[j] = 0;
  for (let i = 0; i < s.constraints.length; i++) {
    const c = s.constraints[i];
    const absent = s.domains[i].absent;
    const weight = s.weights[i];
    const soften = c.maxSkew - 1;
    if (c.topologyKey === LABEL_HOSTNAME) {
      const byId = s.perNodeById[i]!;
      for (let j = 0; j < n; j++) {
        const id = ids[j];
        if (absent[id] === 1) continue;
        scores[j] += byId[id] * weight + soften;
      }
    } else {
      const domainById = s.domains[i].byId;
      const seen = s.seen[i];
      const pairCounts = s.pairCounts[i];
      for (let j = 0; j < n; j++) {
        const id = ids[j];
        if (absent[id] === 1) continue;
        const k = domainById[id];
        scores[j] += (k >= 0 && seen[k] === 1 ? pairCounts[k] : 0) * weight + soften;
      }
    }
  }
  const ignored = s.ignored;
  for (let j = 0; j < n; j++) scores[j] = ignored.size !== 0 && ignored.has(nodes[j].name) ? 0 : Math.round(scores[j]);
  return true;
}

/**
 * The system-default constraints of the last pod that had them, and what they
 * were made from: the replicas of one ReplicaSet scheduled one after another
 * share them (and so their selectors' text, the key of the cache's counts).
 */
interface DefaultsMemo {
  namespace: string;
  rs: KObject | undefined;
  services: readonly KObject[];
  labels: Record<string, string>;
  constraints: Constraint[];
}

function sameObjects(a: readonly KObject[], b: readonly KObject[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

const PRE_FILTER_KEY = `PreFilter${NAME}`;
const PRE_SCORE_KEY = `PreScore${NAME}`;

export function newPlugin(h: Handle): PreFilterPlugin & FilterPlugin & PreScorePlugin & ScorePlugin {
  let memo: DefaultsMemo | undefined;
  // Per constraint position: the pair arrays PreScore hands its cycle's Score.
  const scratchSeen: Uint8Array[] = [];
  const scratchPairCounts: Float64Array[] = [];
  // Informer objects are immutable snapshots: the same ReplicaSet and Service objects and equal pod labels give the same selectors.
  const systemDefaultConstraints = (pod: PodInfo): Constraint[] => {
    const owner = controllerRef(pod.pod);
    const rs = owner && owner.kind === 'ReplicaSet' && owner.apiVersion?.startsWith('apps/') ? h.replicaSet(pod.namespace, owner.name) : undefined;
    const services = h.services(pod.namespace);
    if (memo && memo.namespace === pod.namespace && memo.rs === rs && sameObjects(memo.services, services) && sameLabels(memo.labels, pod.labels)) return memo.constraints;
    const sel = defaultSelector(pod, services, rs);
    const constraints = sel ? SYSTEM_DEFAULT_CONSTRAINTS.map((d) => ({
      maxSkew: d.maxSkew, topologyKey: d.topologyKey, selector: matcherOf(sel), minDomains: 1, honorNodeAffinity: true, honorNodeTaints: false,
    })) : [];
    memo = { namespace: pod.namespace, rs, services, labels: pod.labels, constraints };
    return constraints;
  };
  return {
    name: NAME,
    eventsToRegister,
    preFilter(state, pod, allNodes) {
      const constraints = podConstraints(pod, 'DoNotSchedule');
      if (constraints.length === 0) return { status: newStatus(Code.Skip) };
      const counts = constraints.map((c) => countByNode(h.cache, pod.namespace, c.selector));
      const tp = constraints.map(() => new Map<string, number>());
      for (const node of allNodes) {
        if (!labelsHaveKeys(node.labels, constraints)) continue;
        constraints.forEach((c, i) => {
          if (!includesNode(c, pod, node)) return;
          const v = node.labels[c.topologyKey];
          tp[i].set(v, (tp[i].get(v) ?? 0) + (counts[i].get(node.name) ?? 0));
        });
      }
      const minMatch = constraints.map((c, i) => {
        if (tp[i].size < c.minDomains) return 0;
        let m = Number.MAX_SAFE_INTEGER;
        for (const n of tp[i].values()) if (n < m) m = n;
        return m === Number.MAX_SAFE_INTEGER ? 0 : m;
      });
      state.write(PRE_FILTER_KEY, { constraints, tpValueToMatchNum: tp, minMatch } satisfies FilterState);
      return {};
    },
    filter(state, pod, node) {
      const s = state.read<FilterState>(PRE_FILTER_KEY);
      if (!s) return null;
      for (let i = 0; i < s.constraints.length; i++) {
        const c = s.constraints[i];
        const v = node.labels[c.topologyKey];
        if (v === undefined) return newStatus(Code.UnschedulableAndUnresolvable, ERR_REASON_NODE_LABEL_NOT_MATCH);
        const self = c.selector.matches(pod.labels) ? 1 : 0;
        const skew = (s.tpValueToMatchNum[i].get(v) ?? 0) + self - s.minMatch[i];
        if (skew > c.maxSkew) return newStatus(Code.Unschedulable, ERR_REASON_CONSTRAINTS_NOT_MATCH);
      }
      return null;
    },
    preScore(state, pod, feasible, allNodes) {
      const systemDefaulted = pod.topologySpreadConstraints.length === 0;
      const constraints = systemDefaulted ? systemDefaultConstraints(pod) : podConstraints(pod, 'ScheduleAnyway');
      if (constraints.length === 0) return newStatus(Code.Skip);
      const requireAll = !systemDefaulted;
      const ignored = new Set<string>();
      const domains = constraints.map((c) => h.cache.topologyDomains(c.topologyKey));
      // Hostname constraints count per node instead (one domain per node: no pairs needed).
      // The pair arrays of the previous cycle are reused, zeroed (its CycleState is gone): the same keys give the same sizes.
      const seen: Uint8Array[] = [];
      const pairCounts: Float64Array[] = [];
      for (let i = 0; i < constraints.length; i++) {
        if (constraints[i].topologyKey === LABEL_HOSTNAME) {
          seen.push(NO_PAIRS);
          pairCounts.push(NO_COUNTS);
          continue;
        }
        const size = domains[i].values.length;
        let sc = scratchSeen[i];
        let pc = scratchPairCounts[i];
        if (sc === undefined || sc.length !== size) scratchSeen[i] = sc = new Uint8Array(size);
        else sc.fill(0);
        if (pc === undefined || pc.length !== size) scratchPairCounts[i] = pc = new Float64Array(size);
        else pc.fill(0);
        seen.push(sc);
        pairCounts.push(pc);
      }
      const topoSize = constraints.map(() => 0);
      // Constraints with a domain no scored node was found in yet: once every domain of every
      // constraint is seen (one zone, or a few, take a handful of nodes), the rest cannot add a pair.
      let open = 0;
      for (let i = 0; i < constraints.length; i++) if (constraints[i].topologyKey !== LABEL_HOSTNAME && domains[i].values.length > 0) open++;
      for (let n = 0; n < feasible.length; n++) {
        const node = feasible[n];
        if (requireAll) {
          let all = true;
          for (let i = 0; i < constraints.length && all; i++) all = !lacksLabel(domains[i], constraints[i].topologyKey, node);
          if (!all) {
            ignored.add(node.name);
            continue;
          }
        } else if (open === 0) break;
        for (let i = 0; i < constraints.length; i++) {
          const c = constraints[i];
          if (c.topologyKey === LABEL_HOSTNAME || topoSize[i] === domains[i].values.length) continue;
          const k = domainOf(domains[i], c.topologyKey, node);
          if (k >= 0 && seen[i][k] === 0) {
            seen[i][k] = 1;
            if (++topoSize[i] === domains[i].values.length) open--;
          }
        }
      }
      const weights = constraints.map((c, i) => topologyNormalizingWeight(c.topologyKey === LABEL_HOSTNAME ? feasible.length - ignored.size : topoSize[i]));
      const counters = constraints.map((c) => counterOf(h.cache, pod.namespace, c.selector));
      const perNode = counters.map((c) => c.counts);
      // Domain totals over every node (not only the feasible ones) that the constraint includes.
      // When every node is included (system defaults, no node selector or required affinity, taints ignored),
      // those totals are the cache's running per-domain sums; otherwise every node with matching pods is visited.
      const includesAll = !requireAll && !pod.nodeSelector && pod.requiredNodeAffinity === undefined;
      constraints.forEach((c, i) => {
        if (c.topologyKey === LABEL_HOSTNAME) return;
        const sums = includesAll && !c.honorNodeTaints && c.selector.key !== undefined ? h.cache.matchingPodsPerDomain(pod.namespace, c.selector.key, c.topologyKey) : undefined;
        const values = domains[i].values;
        if (sums) {
          for (let k = 0; k < values.length; k++) if (seen[i][k] === 1) pairCounts[i][k] = sums.get(values[k]) ?? 0;
          return;
        }
        for (const [nodeName, n] of perNode[i]) {
          const node = h.cache.nodeInfo(nodeName);
          if (!node) continue;
          if (requireAll && !labelsHaveKeys(node.labels, constraints)) continue;
          if (!includesNode(c, pod, node)) continue;
          const k = domainOf(domains[i], c.topologyKey, node);
          if (k >= 0 && seen[i][k] === 1) pairCounts[i][k] += n;
        }
      });
      void allNodes;
      state.write(PRE_SCORE_KEY, { constraints, ignored, domains, seen, pairCounts, perNode, perNodeById: counters.map((c) => c.byId), weights } satisfies ScoreState);
      return null;
    },
    score(state: CycleState, _pod, node) {
      return rawScore(state.read<ScoreState>(PRE_SCORE_KEY)!, node);
    },
    scoreNodes(state, _pod, nodes, scores) {
      const s = state.read<ScoreState>(PRE_SCORE_KEY)!;
      if (!scoreByIds(s, nodes, scores)) for (let i = 0; i < nodes.length; i++) scores[i] = rawScore(s, nodes[i]);
    },
    normalizeScore(state, _pod, nodes, scores) {
      const s = state.read<ScoreState>(PRE_SCORE_KEY);
      if (!s) return;
      normalizeSpreadScores(scores, s.ignored.size === 0 ? undefined : nodes.map((n) => s.ignored.has(n.name)));
    },
  };
}
