/**
 * "Why is this pod Pending / why is it on that node": what the last scheduling
 * attempt of a pod saw, kept compactly and turned into plain data on demand.
 */
import type { ScheduleResult } from './framework/framework.js';
import { codeName } from './framework/types.js';

/** Per pod, at most this many nodes are described (the chosen one always is). */
export const MAX_DIAGNOSIS_NODES = 100;
/** Diagnoses of at most this many pods are kept (oldest dropped first). */
export const MAX_DIAGNOSED_PODS = 10_000;

export interface NodeVerdict {
  node: string;
  /** Set when a filter plugin rejected the node. */
  filteredBy?: string;
  reasons?: string[];
  code?: string;
  /** Normalised per-plugin scores (0–100) when the node was scored. */
  scores?: Record<string, number>;
  /** Σ weight × score */
  total?: number;
  chosen?: boolean;
}

export interface PodDiagnosis {
  namespace: string;
  name: string;
  uid: string;
  /** Virtual time of the attempt (ms since epoch). */
  time: number;
  attempts: number;
  result: 'Scheduled' | 'Unschedulable' | 'Error';
  node?: string;
  /** The FailedScheduling text when unschedulable. */
  message?: string;
  numAllNodes: number;
  evaluatedNodes: number;
  feasibleNodes: number;
  /** Score weights of the plugins that scored. */
  weights: Record<string, number>;
  /** false when a single node passed the filters: Kubernetes then does not score at all. */
  scored: boolean;
  nodes: NodeVerdict[];
  /** Nodes evaluated but not described because of MAX_DIAGNOSIS_NODES. */
  omittedNodes: number;
}

interface Compact {
  head: Omit<PodDiagnosis, 'nodes' | 'weights' | 'omittedNodes'>;
  filtered: [string, string, string[], string][];
  feasible: string[];
  plugins: { plugin: string; weight: number }[];
  /**
   * Scores of the described feasible nodes, plugin after plugin, then the
   * totals: (plugins + 1) × feasible.length numbers in one typed array, since
   * a scheduled pod is recorded on every cycle and one array per plugin was
   * most of the recording's cost.
   */
  scores: Int16Array | Int32Array;
  chosen: number;
  omitted: number;
}

/** Elements per shared score buffer (256 KiB). */
const SLAB_SIZE = 128 * 1024;

/**
 * Writes the scores of the described nodes (positions idx[0..n)), plugin after
 * plugin, then the totals; false when some value did not fit `into` unchanged.
 */
function copyScores(into: Int16Array | Int32Array, plugins: ScheduleResult['pluginScores'], totals: readonly number[], idx: Int32Array, n: number): boolean {
  let exact = true;
  for (let p = 0; p <= plugins.length; p++) {
    const from = p < plugins.length ? plugins[p].scores : totals;
    const base = p * n;
    for (let j = 0; j < n; j++) {
      const v = from[idx[j]] ?? 0;
      into[base + j] = v;
      if (into[base + j] !== v) exact = false;
    }
  }
  return exact;
}

export class DiagnosisStore {
  private byKey = new Map<string, Compact>();
  /**
   * The eviction cursor, made once: every key before it was evicted or recorded again (moved to the end), so the
   * oldest entry is the next one it yields. A fresh keys().next() walks over every slot deleted since V8 last
   * compacted the Map, thousands per eviction once more than MAX_DIAGNOSED_PODS pods were scheduled.
   */
  private oldest?: Iterator<string>;
  private slabBuf = new Int16Array(0);
  private slabUsed = 0;
  private lastWeights: Compact['plugins'] = [];
  private readonly scratchIdx = new Int32Array(MAX_DIAGNOSIS_NODES);

  /**
   * Score arrays are views into shared buffers: a separate ArrayBuffer per
   * scheduled pod costs an allocation outside the heap and GC bookkeeping each.
   * Diagnoses are dropped oldest first, so a buffer is freed soon after its last view.
   */
  private slab(size: number): Int16Array {
    if (size > SLAB_SIZE / 4) return new Int16Array(size);
    if (this.slabUsed + size > this.slabBuf.length) {
      this.slabBuf = new Int16Array(SLAB_SIZE);
      this.slabUsed = 0;
    }
    const view = this.slabBuf.subarray(this.slabUsed, this.slabUsed + size);
    this.slabUsed += size;
    return view;
  }

  /** `key` is "ns/name" (the scheduler passes its PodInfo's, so the kept diagnosis shares that text). */
  record(ns: string, name: string, uid: string, time: number, attempts: number, r: ScheduleResult, error?: string, key = `${ns}/${name}`): void {
    this.byKey.delete(key);
    const feasibleNodes = r.feasible;
    let chosen = -1;
    if (r.node && r.chosen !== undefined && feasibleNodes[r.chosen]?.name === r.node) chosen = r.chosen;
    else if (r.node) for (let i = 0; i < feasibleNodes.length; i++) if (feasibleNodes[i].name === r.node) { chosen = i; break; }
    // Keep the chosen node plus the first others, in evaluation order (their positions in a reused scratch array).
    const k = Math.min(feasibleNodes.length, MAX_DIAGNOSIS_NODES);
    const idx = this.scratchIdx;
    let n = 0;
    if (chosen >= 0) idx[n++] = chosen;
    for (let i = 0; i < feasibleNodes.length && n < k; i++) if (i !== chosen) idx[n++] = i;
    const filtered: Compact['filtered'] = [];
    if (r.diagnosis && n < MAX_DIAGNOSIS_NODES) {
      for (const [node, s] of r.diagnosis.nodeToStatus.map) {
        if (n + filtered.length >= MAX_DIAGNOSIS_NODES) break;
        filtered.push([node, s.plugin ?? '', s.reasons, codeName(s.code)]);
      }
    }
    const feasible = new Array<string>(n);
    for (let j = 0; j < n; j++) feasible[j] = feasibleNodes[idx[j]].name;
    const plugins = r.pluginScores;
    // Scores are 0–100 and totals a few hundred: 16 bits hold them, halving what 10,000 kept diagnoses retain.
    // Copied in one pass; should a value not fit, the copy is made again into 32 bits.
    const size = (plugins.length + 1) * n;
    let scores: Int16Array | Int32Array = this.slab(size);
    if (!copyScores(scores, plugins, r.totals, idx, n)) {
      scores = new Int32Array(size);
      copyScores(scores, plugins, r.totals, idx, n);
    }
    const described = n + filtered.length;
    const total = feasibleNodes.length + (r.diagnosis?.nodeToStatus.len() ?? 0);
    this.byKey.set(key, {
      head: {
        namespace: ns, name, uid, time, attempts,
        result: r.node ? 'Scheduled' : error ? 'Error' : 'Unschedulable',
        node: r.node,
        message: error ?? r.message,
        numAllNodes: r.numAllNodes,
        evaluatedNodes: r.evaluatedNodes,
        feasibleNodes: feasibleNodes.length,
        scored: r.totals.length > 0,
      },
      filtered,
      feasible,
      plugins: this.weightsOf(plugins),
      scores,
      chosen: chosen >= 0 ? 0 : -1,
      omitted: Math.max(0, total - described),
    });
    if (this.byKey.size > MAX_DIAGNOSED_PODS) this.byKey.delete((this.oldest ??= this.byKey.keys()).next().value!);
  }

  /** The plugins and weights of a result; consecutive cycles share one list when they are the same. */
  private weightsOf(plugins: ScheduleResult['pluginScores']): Compact['plugins'] {
    const last = this.lastWeights;
    let same = last.length === plugins.length;
    for (let i = 0; same && i < plugins.length; i++) same = last[i].plugin === plugins[i].plugin && last[i].weight === plugins[i].weight;
    if (!same) this.lastWeights = plugins.map((p) => ({ plugin: p.plugin, weight: p.weight }));
    return this.lastWeights;
  }

  forget(ns: string, name: string): void {
    this.byKey.delete(`${ns}/${name}`);
  }

  get(ns: string, name: string): PodDiagnosis | undefined {
    const c = this.byKey.get(`${ns}/${name}`);
    if (!c) return undefined;
    const weights: Record<string, number> = {};
    for (const p of c.plugins) weights[p.plugin] = p.weight;
    const n = c.feasible.length;
    const nodes: NodeVerdict[] = c.feasible.map((node, i) => {
      const v: NodeVerdict = { node };
      if (c.head.scored) {
        v.scores = {};
        for (let p = 0; p < c.plugins.length; p++) v.scores[c.plugins[p].plugin] = c.scores[p * n + i];
        v.total = c.scores[c.plugins.length * n + i];
      }
      if (i === c.chosen) v.chosen = true;
      return v;
    });
    for (const [node, plugin, reasons, code] of c.filtered) nodes.push({ node, filteredBy: plugin, reasons: [...reasons], code });
    return { ...c.head, weights, nodes, omittedNodes: c.omitted };
  }
}
