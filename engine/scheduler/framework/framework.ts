/**
 * One scheduling profile (frameworkImpl) and the scheduling algorithm of
 * schedule_one.go: PreFilter, Filter over a rotating window of nodes until
 * enough feasible ones are found, PostFilter when none is, then PreScore,
 * Score, NormalizeScore, weights, and a random pick among the best.
 */
import type { Random } from '../../util/random.js';
import { fitErrorMessage, ERR_NO_NODES_AVAILABLE, type Diagnosis } from './fit-error.js';
import type { NodeInfo } from './node-info.js';
import type { PodInfo } from './pod-info.js';
import {
  Code, CycleState, NodeToStatus, newStatus, isRejected, statusMessage,
  isFilter, isPostFilter, isPreFilter, isPreScore, isScore,
  type FilterPlugin, type Plugin, type PostFilterPlugin, type PreFilterPlugin, type PreScorePlugin, type ScorePlugin, type Status,
} from './types.js';

/** minFeasibleNodesToFind */
export const MIN_FEASIBLE_NODES_TO_FIND = 100;
/** minFeasibleNodesPercentageToFind */
export const MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;

/**
 * numFeasibleNodesToFind with the adaptive default of percentageOfNodesToScore:
 * 50 % − nodes/125, at least 5 %, and never fewer than 100 nodes.
 * Example: 5,000 nodes → 50 − 40 = 10 % → 500 nodes.
 */
export function numFeasibleNodesToFind(numAllNodes: number, percentageOfNodesToScore = 0): number {
  if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND) return numAllNodes;
  let percentage = percentageOfNodesToScore;
  if (percentage === 0) {
    percentage = 50 - Math.trunc(numAllNodes / 125);
    if (percentage < MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND) percentage = MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND;
  }
  const n = Math.trunc((numAllNodes * percentage) / 100);
  return n < MIN_FEASIBLE_NODES_TO_FIND ? MIN_FEASIBLE_NODES_TO_FIND : n;
}

type FilterFn = FilterPlugin['filter'];

export interface WeightedPlugin {
  plugin: Plugin;
  weight: number;
}

export interface PluginScores {
  plugin: string;
  weight: number;
  /** Normalised scores (0–100), parallel to ScheduleResult.feasible. */
  scores: number[];
}

export interface ScheduleResult {
  /** Chosen node, or undefined when the pod fits nowhere. */
  node?: string;
  /** FitError text (or ERR_NO_NODES_AVAILABLE) when unschedulable. */
  message?: string;
  /** true when the failure is a rejection (Unschedulable), false for an internal error. */
  rejected?: boolean;
  numAllNodes: number;
  evaluatedNodes: number;
  feasible: NodeInfo[];
  /** Weighted sums, parallel to feasible; empty when scoring was skipped (a single feasible node). */
  totals: number[];
  pluginScores: PluginScores[];
  diagnosis?: Diagnosis;
  /** Index of the chosen node in feasible. */
  chosen?: number;
}

export class Framework {
  readonly preFilter: PreFilterPlugin[] = [];
  readonly filter: FilterPlugin[] = [];
  readonly postFilter: PostFilterPlugin[] = [];
  readonly preScore: PreScorePlugin[] = [];
  readonly score: { plugin: ScorePlugin; weight: number }[] = [];
  /** Where the next cycle starts walking the node list (nextStartNodeIndex), so load spreads over big clusters. */
  private nextStartNodeIndex = 0;
  /**
   * Scratch arrays reused by every cycle (feasible nodes, per-plugin scores,
   * totals): a 5,000-node cluster scores 500 nodes per pod, and fresh arrays
   * each time were a fifth of the scheduler's time in garbage collection.
   * A ScheduleResult is therefore only valid until the next schedulePod call.
   */
  private readonly scratchFeasible: NodeInfo[] = [];
  /** Per Score plugin (parallel to score). */
  private readonly scratchScores: number[][] = [];
  private readonly scratchTotals: number[] = [];
  private readonly scratchActiveFns: FilterFn[] = [];
  private readonly scratchActiveNames: string[] = [];
  /** Each Filter plugin's filter, bound to it (parallel to filter). */
  private readonly filterFns: FilterFn[] = [];

  constructor(plugins: readonly WeightedPlugin[], private readonly random: Random, readonly percentageOfNodesToScore = 0) {
    for (const { plugin, weight } of plugins) {
      if (isPreFilter(plugin)) this.preFilter.push(plugin);
      if (isFilter(plugin)) this.filter.push(plugin);
      if (isPostFilter(plugin)) this.postFilter.push(plugin);
      if (isPreScore(plugin)) this.preScore.push(plugin);
      if (isScore(plugin)) this.score.push({ plugin, weight: weight || 1 });
    }
    for (const pl of this.filter) this.filterFns.push(pl.filter.bind(pl));
    for (let i = 0; i < this.score.length; i++) this.scratchScores.push([]);
  }

  /** RunFilterPlugins: the first plugin that rejects the node decides its status. */
  runFilterPlugins(state: CycleState, pod: PodInfo, node: NodeInfo, active?: readonly FilterPlugin[]): Status | null {
    const plugins = active ?? this.filter.filter((pl) => !state.skipFilter.has(pl.name));
    for (let i = 0; i < plugins.length; i++) {
      const pl = plugins[i];
      const s = pl.filter(state, pod, node);
      if (s && s.code !== Code.Success) {
        s.plugin = pl.name;
        return s;
      }
    }
    return null;
  }

  /**
   * RunPostFilterPlugins: the first success ends it; otherwise the rejection
   * messages of every plugin are joined with ", " (DynamicResources runs before
   * DefaultPreemption, hence "no new claims to deallocate, preemption: ...").
   */
  runPostFilterPlugins(state: CycleState, pod: PodInfo, statuses: NodeToStatus, allNodes: readonly NodeInfo[]): Status {
    const reasons: string[] = [];
    for (const pl of this.postFilter) {
      const s = pl.postFilter(state, pod, statuses, allNodes);
      if (s.code === Code.Success) return s;
      if (s.code === Code.UnschedulableAndUnresolvable) return s;
      reasons.push(...s.reasons);
    }
    return newStatus(Code.Unschedulable, ...reasons);
  }

  /** schedulePod: finds the node for one pod, or explains why there is none. */
  schedulePod(pod: PodInfo, allNodes: readonly NodeInfo[]): ScheduleResult {
    const numAllNodes = allNodes.length;
    const base: ScheduleResult = { numAllNodes, evaluatedNodes: 0, feasible: [], totals: [], pluginScores: [] };
    if (numAllNodes === 0) return { ...base, message: ERR_NO_NODES_AVAILABLE, rejected: true };
    const state = new CycleState();
    const diagnosis: Diagnosis = { nodeToStatus: new NodeToStatus(), unschedulablePlugins: new Set(), preFilterMsg: '', postFilterMsg: '' };

    // PreFilter
    let narrowed: Set<string> | undefined;
    const narrowing: string[] = [];
    for (const pl of this.preFilter) {
      const { result, status } = pl.preFilter(state, pod, allNodes);
      if (status?.code === Code.Skip) {
        state.skipFilter.add(pl.name);
        continue;
      }
      if (status && status.code !== Code.Success) {
        status.plugin = pl.name;
        diagnosis.unschedulablePlugins.add(pl.name);
        diagnosis.nodeToStatus.absent = status;
        diagnosis.preFilterMsg = statusMessage(status);
        return this.fail(state, pod, allNodes, diagnosis, base);
      }
      if (result?.nodeNames) {
        narrowing.push(pl.name);
        narrowed = narrowed ? new Set([...narrowed].filter((n) => result.nodeNames!.has(n))) : new Set(result.nodeNames);
        if (narrowed.size === 0) {
          const msg = narrowing.length === 1
            ? `node(s) didn't satisfy plugin ${narrowing[0]}`
            : `node(s) didn't satisfy plugin(s) [${narrowing.join(' ')}] simultaneously`;
          diagnosis.nodeToStatus.absent = newStatus(Code.UnschedulableAndUnresolvable, msg);
          diagnosis.preFilterMsg = msg;
          return this.fail(state, pod, allNodes, diagnosis, base);
        }
      }
    }
    let nodes: readonly NodeInfo[] = allNodes;
    if (narrowed) {
      nodes = allNodes.filter((n) => narrowed!.has(n.name));
      for (const p of narrowing) diagnosis.unschedulablePlugins.add(p);
      diagnosis.nodeToStatus.absent = newStatus(Code.UnschedulableAndUnresolvable, `node(s) didn't satisfy plugin(s) [${[...narrowing].sort().join(' ')}]`);
    }

    // Filter: walk the list from where the last cycle stopped until enough nodes fit.
    const toFind = this.score.length === 0 ? 1 : numFeasibleNodesToFind(nodes.length, this.percentageOfNodesToScore);
    const n = nodes.length;
    const start = narrowed ? 0 : this.nextStartNodeIndex % n;
    const feasible = this.scratchFeasible;
    const processed = this.findNodesThatPassFilters(state, pod, nodes, start, toFind, diagnosis);
    if (!narrowed) this.nextStartNodeIndex = (start + processed) % n;
    base.evaluatedNodes = processed + (n < numAllNodes ? numAllNodes - n : 0);
    if (feasible.length === 0) return this.fail(state, pod, allNodes, diagnosis, base);

    base.feasible = feasible;
    base.diagnosis = diagnosis;
    // "When only one node after predicate, just use it": no scoring at all.
    if (feasible.length === 1) {
      base.node = feasible[0].name;
      base.chosen = 0;
      return base;
    }
    this.prioritizeNodes(state, pod, feasible, allNodes, base);
    const chosen = this.selectHost(base.totals);
    base.node = feasible[chosen].name;
    base.chosen = chosen;
    return base;
  }

  /**
   * The Filter walk: from `start`, round the list, until `toFind` nodes passed
   * or every node was tried; feasible nodes go to scratchFeasible, rejected
   * ones to the diagnosis. Returns how many nodes were evaluated.
   */
  private findNodesThatPassFilters(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], start: number, toFind: number, diagnosis: Diagnosis): number {
    // The scratch arrays are overwritten from index 0 and cut to size at the end: `length = 0` would make V8 drop
    // their storage, and the pushes after it grow a new one step by step, every cycle.
    const feasible = this.scratchFeasible;
    let found = 0;
    // The plugins to run, as their Filter functions: calling one of a few functions costs less per node
    // than looking the method up on plugin objects of a dozen shapes.
    const fns = this.scratchActiveFns;
    const fnNames = this.scratchActiveNames;
    let m = 0;
    for (let j = 0; j < this.filter.length; j++) {
      const pl = this.filter[j];
      if (state.skipFilter.size !== 0 && state.skipFilter.has(pl.name)) continue;
      if (pl.passesAll !== undefined && pl.passesAll(state, pod, nodes)) continue;
      fns[m] = this.filterFns[j];
      fnNames[m++] = pl.name;
    }
    fns.length = m;
    fnNames.length = m;
    const n = nodes.length;
    let processed = 0;
    for (; processed < n && found < toFind; processed++) {
      const i = start + processed;
      const node = nodes[i < n ? i : i - n];
      // RunFilterPlugins, inlined: the first plugin that rejects decides the node's status.
      let s: Status | null = null;
      let j = 0;
      for (; j < m; j++) {
        s = fns[j](state, pod, node);
        if (s !== null && s.code !== Code.Success) break;
      }
      if (j === m) {
        feasible[found++] = node;
        continue;
      }
      s!.plugin = fnNames[j];
      diagnosis.nodeToStatus.set(node.name, s!);
      if (isRejected(s)) diagnosis.unschedulablePlugins.add(fnNames[j]);
    }
    feasible.length = found;
    return processed;
  }

  /** PreScore, Score, NormalizeScore and the weights: base.totals and base.pluginScores, parallel to feasible. */
  private prioritizeNodes(state: CycleState, pod: PodInfo, feasible: NodeInfo[], allNodes: readonly NodeInfo[], base: ScheduleResult): void {
    for (const pl of this.preScore) {
      const s = pl.preScore(state, pod, feasible, allNodes);
      if (s?.code === Code.Skip) state.skipScore.add(pl.name);
    }
    const totals = this.scratchTotals;
    totals.length = feasible.length;
    totals.fill(0);
    for (let p = 0; p < this.score.length; p++) {
      const { plugin, weight } = this.score[p];
      if (state.skipScore.has(plugin.name)) continue;
      const scores = this.scratchScores[p];
      scores.length = feasible.length;
      if (plugin.scoreNodes) plugin.scoreNodes(state, pod, feasible, scores);
      else for (let i = 0; i < feasible.length; i++) scores[i] = plugin.score(state, pod, feasible[i]);
      plugin.normalizeScore?.(state, pod, feasible, scores);
      for (let i = 0; i < feasible.length; i++) totals[i] += scores[i] * weight;
      base.pluginScores.push({ plugin: plugin.name, weight, scores });
    }
    base.totals = totals;
  }

  /** selectHost: the highest total; ties are broken uniformly at random (reservoir sampling). */
  selectHost(totals: readonly number[]): number {
    let best = 0;
    let ties = 1;
    for (let i = 1; i < totals.length; i++) {
      if (totals[i] > totals[best]) {
        best = i;
        ties = 1;
      } else if (totals[i] === totals[best]) {
        ties++;
        if (this.random.int(ties) === 0) best = i;
      }
    }
    return best;
  }

  private fail(state: CycleState, pod: PodInfo, allNodes: readonly NodeInfo[], diagnosis: Diagnosis, base: ScheduleResult): ScheduleResult {
    if (base.evaluatedNodes === 0) base.evaluatedNodes = allNodes.length;
    if (this.postFilter.length) {
      const s = this.runPostFilterPlugins(state, pod, diagnosis.nodeToStatus, allNodes);
      diagnosis.postFilterMsg = statusMessage(s);
    }
    return { ...base, diagnosis, message: fitErrorMessage(allNodes.length, diagnosis), rejected: true };
  }
}
