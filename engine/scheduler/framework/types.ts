/**
 * The scheduling framework's vocabulary (pkg/scheduler/framework and
 * k8s.io/kube-scheduler/framework): status codes, the plugin interfaces of
 * each extension point, and the per-cycle state plugins share.
 */
import type { NodeInfo } from './node-info.js';
import type { PodInfo } from './pod-info.js';
import type { ClusterEventWithHint } from './cluster-event.js';

/** fwk.Code. Only the codes this engine produces. */
export const enum Code {
  Success = 0,
  Error = 1,
  /** The node does not fit now, but preemption might make it fit. */
  Unschedulable = 2,
  /** The node can never fit this pod; preemption is pointless there. */
  UnschedulableAndUnresolvable = 3,
  /** PreFilter/PreScore: this plugin has nothing to do for the pod. */
  Skip = 5,
}

export interface Status {
  code: Code;
  reasons: string[];
  /** The plugin that returned it (set by the framework). */
  plugin?: string;
}

export function newStatus(code: Code, ...reasons: string[]): Status {
  return { code, reasons };
}

export function isRejected(s: Status | null | undefined): boolean {
  return !!s && (s.code === Code.Unschedulable || s.code === Code.UnschedulableAndUnresolvable);
}

/** Status.Message(): the reasons joined by ", ". */
export function statusMessage(s: Status): string {
  return s.reasons.join(', ');
}

export function codeName(c: Code): string {
  switch (c) {
    case Code.Success: return 'Success';
    case Code.Error: return 'Error';
    case Code.Unschedulable: return 'Unschedulable';
    case Code.UnschedulableAndUnresolvable: return 'UnschedulableAndUnresolvable';
    case Code.Skip: return 'Skip';
  }
}

/** framework.MaxNodeScore */
export const MAX_NODE_SCORE = 100;

/** Data one scheduling cycle's plugins share (CycleState); keys are plugin-chosen. */
export class CycleState {
  private data = new Map<string, unknown>();
  /** Plugins whose PreFilter returned Skip: their Filter is not run (SkipFilterPlugins). */
  readonly skipFilter = new Set<string>();
  /** Plugins whose PreScore returned Skip: their Score is not run (SkipScorePlugins). */
  readonly skipScore = new Set<string>();
  read<T>(key: string): T | undefined { return this.data.get(key) as T | undefined; }
  write(key: string, value: unknown): void { this.data.set(key, value); }
}

/** Per-node statuses of one cycle, plus the status of nodes not listed (NodeToStatus). */
export class NodeToStatus {
  readonly map = new Map<string, Status>();
  absent: Status = newStatus(Code.UnschedulableAndUnresolvable);
  set(node: string, s: Status): void { this.map.set(node, s); }
  get(node: string): Status { return this.map.get(node) ?? this.absent; }
  len(): number { return this.map.size; }
}

export interface Plugin {
  readonly name: string;
  /**
   * EnqueueExtensions.EventsToRegister: the cluster events that may make a
   * pod this plugin rejected schedulable, each with its queueing hint.
   */
  eventsToRegister?(): ClusterEventWithHint[];
}

/** PreEnqueuePlugin: a rejected pod stays out of activeQ (it is "gated") until an event its hints accept. */
export interface PreEnqueuePlugin extends Plugin {
  preEnqueue(pod: PodInfo): Status | null;
}

export interface PreFilterResult {
  /** Only these nodes need to be evaluated (undefined = all). */
  nodeNames?: Set<string>;
}

export interface PreFilterPlugin extends Plugin {
  preFilter(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): { result?: PreFilterResult; status?: Status };
  /**
   * PreFilterExtensions.RemovePod: updates this cycle's PreFilter state as if
   * `removed` were gone from `node` (preemption's dry run over its victims).
   */
  removePod?(state: CycleState, pod: PodInfo, removed: PodInfo, node: NodeInfo): void;
}

export interface FilterPlugin extends Plugin {
  /** null means the node passes. */
  filter(state: CycleState, pod: PodInfo, node: NodeInfo): Status | null;
  /**
   * Optional, and not a Kubernetes extension point: true when Filter would pass
   * every one of `nodes` for this pod (a pod naming no node, a cluster without
   * cordoned nodes), so the framework leaves the plugin out of this cycle's walk.
   * Only saves work: the outcome is the one Filter would have given.
   */
  passesAll?(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): boolean;
}

export interface PostFilterPlugin extends Plugin {
  postFilter(state: CycleState, pod: PodInfo, statuses: NodeToStatus, allNodes: readonly NodeInfo[]): Status;
}

export interface PreScorePlugin extends Plugin {
  /** null = proceed; a Skip status means Score is not run for this pod. */
  preScore(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], allNodes: readonly NodeInfo[]): Status | null;
}

export interface ScorePlugin extends Plugin {
  score(state: CycleState, pod: PodInfo, node: NodeInfo): number;
  /**
   * Optional: Score for every node at once, scores[i] for nodes[i], with the
   * same results as calling score per node. One call site per plugin keeps the
   * per-node work monomorphic (and inlined) in the scoring loop of a
   * 5,000-node cluster, where a call per node and plugin was the main cost.
   */
  scoreNodes?(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], scores: number[]): void;
  /** NormalizeScore: rewrites `scores` (parallel to `nodes`) in place into [0, MAX_NODE_SCORE]. */
  normalizeScore?(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], scores: number[]): void;
}

export interface QueueSortPlugin extends Plugin {
  less(a: QueuedPodInfo, b: QueuedPodInfo): boolean;
}

/** A pod waiting in the scheduling queue. */
export interface QueuedPodInfo {
  info: PodInfo;
  /** When it first entered the queue (InitialAttemptTimestamp) and when it last did (Timestamp). */
  initialAttemptTimestamp: number;
  timestamp: number;
  attempts: number;
  /** Attempts that ended with a rejecting plugin (their backoff doubles). */
  unschedulableCount: number;
  /** Attempts in a row that ended with an error instead (no rejecting plugin). */
  consecutiveErrorsCount: number;
  /** The backoff expiry, cached (0 = not computed since the last attempt). */
  backoffExpiration: number;
  /** Plugins that rejected it in the last attempt. */
  unschedulablePlugins: Set<string>;
  /** The PreEnqueue plugin keeping it out of activeQ, if any (GatingPlugin). */
  gatingPlugin?: string;
}

export function isPreEnqueue(p: Plugin): p is PreEnqueuePlugin { return typeof (p as PreEnqueuePlugin).preEnqueue === 'function'; }
export function isPreFilter(p: Plugin): p is PreFilterPlugin { return typeof (p as PreFilterPlugin).preFilter === 'function'; }
export function isFilter(p: Plugin): p is FilterPlugin { return typeof (p as FilterPlugin).filter === 'function'; }
export function isPostFilter(p: Plugin): p is PostFilterPlugin { return typeof (p as PostFilterPlugin).postFilter === 'function'; }
export function isPreScore(p: Plugin): p is PreScorePlugin { return typeof (p as PreScorePlugin).preScore === 'function'; }
export function isScore(p: Plugin): p is ScorePlugin { return typeof (p as ScorePlugin).score === 'function'; }
export function isQueueSort(p: Plugin): p is QueueSortPlugin { return typeof (p as QueueSortPlugin).less === 'function'; }
