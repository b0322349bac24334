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
  plugins: { plugin: string; weight: number; scores: Int32Array }[];
  totals: Int32Array;
  chosen: number;
  omitted: number;
}

export class DiagnosisStore {
  private byKey = new Map<string, Compact>();

  record(ns: string, name: string, uid: string, time: number, attempts: number, r: ScheduleResult, error?: string): void {
    const key = `${ns}/${name}`;
    this.byKey.delete(key);
    let chosen = -1;
    if (r.node) for (let i = 0; i < r.feasible.length; i++) if (r.feasible[i].name === r.node) { chosen = i; break; }
    // Keep the chosen node plus the first others, in evaluation order.
    const idx: number[] = [];
    if (chosen >= 0) idx.push(chosen);
    for (let i = 0; i < r.feasible.length && idx.length < MAX_DIAGNOSIS_NODES; i++) if (i !== chosen) idx.push(i);
    const filtered: Compact['filtered'] = [];
    if (r.diagnosis) {
      for (const [node, s] of r.diagnosis.nodeToStatus.map) {
        if (idx.length + filtered.length >= MAX_DIAGNOSIS_NODES) break;
        filtered.push([node, s.plugin ?? '', s.reasons, codeName(s.code)]);
      }
    }
    const take = (a: readonly number[]) => {
      const out = new Int32Array(idx.length);
      for (let j = 0; j < idx.length; j++) out[j] = a[idx[j]] ?? 0;
      return out;
    };
    const described = idx.length + filtered.length;
    const total = r.feasible.length + (r.diagnosis?.nodeToStatus.len() ?? 0);
    this.byKey.set(key, {
      head: {
        namespace: ns, name, uid, time, attempts,
        result: r.node ? 'Scheduled' : error ? 'Error' : 'Unschedulable',
        node: r.node,
        message: error ?? r.message,
        numAllNodes: r.numAllNodes,
        evaluatedNodes: r.evaluatedNodes,
        feasibleNodes: r.feasible.length,
        scored: r.totals.length > 0,
      },
      filtered,
      feasible: idx.map((i) => r.feasible[i].name),
      plugins: r.pluginScores.map((p) => ({ plugin: p.plugin, weight: p.weight, scores: take(p.scores) })),
      totals: take(r.totals),
      chosen: chosen >= 0 ? 0 : -1,
      omitted: Math.max(0, total - described),
    });
    if (this.byKey.size > MAX_DIAGNOSED_PODS) this.byKey.delete(this.byKey.keys().next().value!);
  }

  forget(ns: string, name: string): void {
    this.byKey.delete(`${ns}/${name}`);
  }

  get(ns: string, name: string): PodDiagnosis | undefined {
    const c = this.byKey.get(`${ns}/${name}`);
    if (!c) return undefined;
    const weights: Record<string, number> = {};
    for (const p of c.plugins) weights[p.plugin] = p.weight;
    const nodes: NodeVerdict[] = c.feasible.map((node, i) => {
      const v: NodeVerdict = { node };
      if (c.head.scored) {
        v.scores = {};
        for (const p of c.plugins) v.scores[p.plugin] = p.scores[i];
        v.total = c.totals[i];
      }
      if (i === c.chosen) v.chosen = true;
      return v;
    });
    for (const [node, plugin, reasons, code] of c.filtered) nodes.push({ node, filteredBy: plugin, reasons: [...reasons], code });
    return { ...c.head, weights, nodes, omittedNodes: c.omitted };
  }
}
