/**
 * The taint eviction controller (pkg/controller/tainteviction, the
 * "taint-eviction-controller" of kube-controller-manager since
 * SeparateTaintEvictionController): a pod on a node with a NoExecute taint it
 * does not tolerate is deleted at once; one that tolerates it for
 * tolerationSeconds is deleted when that time runs out, unless the taint goes
 * away first. The deletion is an ordinary graceful delete, so on a node whose
 * kubelet is gone the pod stays Terminating; its controller replaces it elsewhere.
 */
import type { Taint, Toleration } from 'kubernetes-types/core/v1';
import type { EventRecorder } from '../../api/events.js';
import { isNotFound } from '../../api/errors.js';
import { clone, type KObject } from '../../api/meta.js';
import { updatePodCondition } from '../../api/pod-condition.js';
import { rfc3339 } from '../../util/time.js';
import { META_AND_SPEC_ONLY, WorkQueue, type Informer } from '../framework.js';
import type { Controller, ControllerContext } from '../manager.js';
import { NODE_INDEX, podNodeIndex } from '../nodelifecycle/nodelifecycle.js';
import { matchingTolerations, minTolerationMs, noExecuteTaints } from './taints.js';

export const TAINT_EVICTION_CONTROLLER = 'taint-eviction-controller';
export const EVENT_TAINT_MANAGER_EVICTION = 'TaintManagerEviction';
export const DISRUPTION_TARGET_REASON = 'DeletionByTaintManager';
export const DISRUPTION_TARGET_MESSAGE = 'Taint manager: deleting due to NoExecute taint';
const RETRIES = 5;

export type EvictionPlan = { kind: 'cancel' } | { kind: 'now' } | { kind: 'at'; ms: number };

/**
 * processPodOnNode as a pure function: what to do with a pod's scheduled
 * eviction given the node's NoExecute taints, the pod's tolerations, and when
 * an already scheduled eviction was created (its start time is kept, so a
 * re-check does not push the deadline back).
 */
export function planEviction(taints: readonly Taint[], tolerations: readonly Toleration[] | undefined, now: number, scheduledSince?: number): EvictionPlan {
  if (taints.length === 0) return { kind: 'cancel' };
  const { allTolerated, used } = matchingTolerations(taints, tolerations);
  if (!allTolerated) return { kind: 'now' };
  const min = minTolerationMs(used);
  if (min < 0) return { kind: 'cancel' };
  const start = scheduledSince ?? now;
  return { kind: 'at', ms: start + min };
}

interface Work {
  createdAt: number;
  fireAt: number;
  /** undefined once the work ran: kept so the same pod is not evicted twice. */
  timer?: number;
}

export class TaintEvictionController implements Controller {
  readonly name = TAINT_EVICTION_CONTROLLER;
  private ctx?: ControllerContext;
  private nodes?: Informer;
  private pods?: Informer;
  private recorder?: EventRecorder;
  private nodeQueue?: WorkQueue;
  private podQueue?: WorkQueue;
  private tainted = new Map<string, Taint[]>();
  private work = new Map<string, Work>();

  start(ctx: ControllerContext): void {
    this.ctx = ctx;
    this.recorder = ctx.recorder(TAINT_EVICTION_CONTROLLER);
    this.nodes = ctx.informers.for('nodes');
    this.pods = ctx.informers.for('pods');
    this.pods.addIndexer(NODE_INDEX, podNodeIndex, META_AND_SPEC_ONLY);
    this.nodeQueue = new WorkQueue(ctx.clock, (n) => this.handleNodeUpdate(n), 'noexec_taint_node');
    this.podQueue = new WorkQueue(ctx.clock, (k) => this.handlePodUpdate(k), 'noexec_taint_pod');
    this.nodes.addEventHandler({
      add: (n) => this.nodeQueue!.add(n.metadata.name!),
      update: (o, n) => {
        if (sameTaints(noExecuteTaints(taintsOf(o)), noExecuteTaints(taintsOf(n)))) return;
        this.nodeQueue!.add(n.metadata.name!);
      },
      delete: (n) => this.nodeQueue!.add(n.metadata.name!),
    });
    this.pods.addEventHandler({
      add: (p) => this.podQueue!.add(podKey(p)),
      update: (o, p) => {
        if (nodeOf(o) === nodeOf(p) && sameTolerations(tolerationsOf(o), tolerationsOf(p))) return;
        this.podQueue!.add(podKey(p));
      },
      delete: (p) => this.podQueue!.add(podKey(p)),
    });
  }

  stop(): void {
    this.nodeQueue?.stop();
    this.podQueue?.stop();
    for (const w of this.work.values()) if (w.timer !== undefined) this.ctx?.clock.cancel(w.timer);
    this.work.clear();
    this.tainted.clear();
  }

  private handleNodeUpdate(name: string): void {
    const node = this.nodes!.get(name);
    if (!node) {
      this.tainted.delete(name);
      return;
    }
    const taints = noExecuteTaints(taintsOf(node));
    if (taints.length) this.tainted.set(name, taints);
    else this.tainted.delete(name);
    const pods = this.pods!.byIndex(NODE_INDEX, name);
    if (pods.length === 0) return;
    if (taints.length === 0) {
      for (const p of pods) this.cancelWithEvent(podKey(p));
      return;
    }
    const now = this.ctx!.clock.now();
    for (const p of pods) this.processPodOnNode(podKey(p), tolerationsOf(p), taints, now);
  }

  private handlePodUpdate(key: string): void {
    const pod = this.pods!.get(key);
    if (!pod) {
      this.cancelWithEvent(key);
      return;
    }
    const node = nodeOf(pod);
    if (!node) return;
    const taints = this.tainted.get(node);
    if (!taints) return;
    this.processPodOnNode(key, tolerationsOf(pod), taints, this.ctx!.clock.now());
  }

  private processPodOnNode(key: string, tolerations: Toleration[] | undefined, taints: Taint[], now: number): void {
    const existing = this.work.get(key);
    const plan = planEviction(taints, tolerations, now, existing?.timer !== undefined ? existing.createdAt : undefined);
    if (plan.kind === 'cancel') {
      this.cancelWithEvent(key);
      return;
    }
    if (plan.kind === 'now') {
      this.cancelWithEvent(key);
      this.addWork(key, now, now);
      return;
    }
    if (existing?.timer !== undefined) {
      if (existing.fireAt <= plan.ms) return;
      this.cancelWithEvent(key);
    }
    this.addWork(key, existing?.timer !== undefined ? existing.createdAt : now, plan.ms);
  }

  private addWork(key: string, createdAt: number, fireAt: number): void {
    if (this.work.has(key)) return;
    const w: Work = { createdAt, fireAt };
    this.work.set(key, w);
    w.timer = this.ctx!.clock.at(fireAt, () => {
      w.timer = undefined;
      if (!this.evict(key)) this.work.delete(key);
    });
  }

  private cancelWithEvent(key: string): void {
    const w = this.work.get(key);
    if (!w) return;
    this.work.delete(key);
    if (w.timer === undefined) return;
    this.ctx!.clock.cancel(w.timer);
    const [namespace, name] = splitPodKey(key);
    this.recorder!.event({ apiVersion: 'v1', kind: 'Pod', name, namespace }, 'Normal', EVENT_TAINT_MANAGER_EVICTION, `Cancelling deletion of Pod ${key}`);
  }

  /** deletePodHandler: event, DisruptionTarget condition, delete. Returns whether it succeeded. */
  private evict(key: string): boolean {
    const [namespace, name] = splitPodKey(key);
    this.recorder!.event({ apiVersion: 'v1', kind: 'Pod', name, namespace }, 'Normal', EVENT_TAINT_MANAGER_EVICTION, `Marking for deletion Pod ${key}`);
    const client = this.ctx!.client;
    for (let i = 0; i < RETRIES; i++) {
      try {
        const pod = client.get('pods', namespace, name);
        const next = clone(pod);
        const cond = { type: 'DisruptionTarget', status: 'True', reason: DISRUPTION_TARGET_REASON, message: DISRUPTION_TARGET_MESSAGE };
        if (updatePodCondition(next, cond, rfc3339(this.ctx!.clock.now()))) client.updateStatus('pods', next);
        client.delete('pods', namespace, name, { preconditions: { uid: pod.metadata.uid } });
        return true;
      } catch (e) {
        if (isNotFound(e)) return true;
      }
    }
    return false;
  }
}

function taintsOf(n: KObject): Taint[] | undefined {
  return (n.spec as { taints?: Taint[] } | undefined)?.taints;
}
function tolerationsOf(p: KObject): Toleration[] | undefined {
  return (p.spec as { tolerations?: Toleration[] } | undefined)?.tolerations;
}
function nodeOf(p: KObject): string {
  return (p.spec as { nodeName?: string } | undefined)?.nodeName ?? '';
}
function podKey(p: KObject): string {
  return `${p.metadata.namespace}/${p.metadata.name}`;
}
function splitPodKey(k: string): [string, string] {
  const i = k.indexOf('/');
  return [k.slice(0, i), k.slice(i + 1)];
}
function sameTaints(a: Taint[], b: Taint[]): boolean {
  return a.length === b.length && a.every((t, i) => t.key === b[i].key && t.effect === b[i].effect && (t.value ?? '') === (b[i].value ?? '') && t.timeAdded === b[i].timeAdded);
}
/** Compared field by field: this runs on every pod status write, so no serialising. */
function sameTolerations(a: Toleration[] | undefined, b: Toleration[] | undefined): boolean {
  if (a === b) return true;
  const x = a ?? [];
  const y = b ?? [];
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) {
    const p = x[i];
    const q = y[i];
    if (p.key !== q.key || p.operator !== q.operator || p.value !== q.value || p.effect !== q.effect || p.tolerationSeconds !== q.tolerationSeconds) return false;
  }
  return true;
}
