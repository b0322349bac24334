/**
 * The pod garbage collector (pkg/controller/podgc): every 20 s it force-deletes
 *  - terminated pods (Succeeded/Failed) beyond --terminated-pod-gc-threshold, oldest first,
 *  - pods bound to nodes that no longer exist (after 40 s of quarantine and a live check),
 *  - terminating pods that were never scheduled,
 *  - terminating pods on NotReady nodes tainted node.kubernetes.io/out-of-service.
 * Pods are marked Failed (with a DisruptionTarget condition for orphans) before
 * the delete, so a pod nobody can stop does not stay Running forever.
 * It keeps its own indexes from informer events, so a pass never scans every pod.
 */
import type { NodeCondition, Taint } from 'kubernetes-types/core/v1';
import { isNotFound } from '../../api/errors.js';
import { clone, type KObject } from '../../api/meta.js';
import { updatePodCondition, type NewPodCondition } from '../../api/pod-condition.js';
import { rfc3339 } from '../../util/time.js';
import { META_AND_SPEC_ONLY, type Informer } from '../framework.js';
import type { Controller, ControllerContext } from '../manager.js';
import { NODE_INDEX, podNodeIndex } from '../nodelifecycle/nodelifecycle.js';
import { TAINT_NODE_OUT_OF_SERVICE } from '../tainteviction/taints.js';

export const POD_GC_CONTROLLER = 'pod-garbage-collector-controller';
export const GC_CHECK_PERIOD_MS = 20_000;
export const QUARANTINE_MS = 40_000;
/** --terminated-pod-gc-threshold */
export const TERMINATED_POD_GC_THRESHOLD = 12_500;
export const ORPHAN_REASON = 'DeletionByPodGC';
export const ORPHAN_MESSAGE = 'PodGC: node no longer exists';

function phase(p: KObject): string | undefined {
  return (p.status as { phase?: string } | undefined)?.phase;
}
function nodeName(p: KObject): string {
  return (p.spec as { nodeName?: string } | undefined)?.nodeName ?? '';
}
function key(p: KObject): string {
  return `${p.metadata.namespace}/${p.metadata.name}`;
}
export function isTerminated(p: KObject): boolean {
  const ph = phase(p);
  return ph !== undefined && ph !== 'Pending' && ph !== 'Running' && ph !== 'Unknown';
}

/** byEvictionAndCreationTimestamp: evicted pods first, then the oldest, then by name. */
export function byEvictionAndCreation(a: KObject, b: KObject): number {
  const ev = (p: KObject) => phase(p) === 'Failed' && (p.status as { reason?: string }).reason === 'Evicted';
  if (ev(a) !== ev(b)) return ev(a) ? -1 : 1;
  const at = a.metadata.creationTimestamp ?? '';
  const bt = b.metadata.creationTimestamp ?? '';
  if (at !== bt) return at < bt ? -1 : 1;
  return (a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1;
}

/** How many of the oldest terminated pods to delete. */
export function terminatedToDelete(terminated: KObject[], threshold: number): KObject[] {
  const excess = terminated.length - threshold;
  if (threshold <= 0 || excess <= 0) return [];
  return [...terminated].sort(byEvictionAndCreation).slice(0, excess);
}

export class PodGCController implements Controller {
  readonly name = POD_GC_CONTROLLER;
  private ctx?: ControllerContext;
  private pods?: Informer;
  private nodes?: Informer;
  private cancel?: () => void;
  private terminated = new Set<string>();
  private terminating = new Set<string>();
  /** How many pods name each node, so nodes that vanished are found without a scan. */
  private podsPerNode = new Map<string, number>();
  /** Node name → when its quarantine ends. */
  private quarantine = new Map<string, number>();

  constructor(readonly threshold = TERMINATED_POD_GC_THRESHOLD) {}

  start(ctx: ControllerContext): void {
    this.ctx = ctx;
    this.pods = ctx.informers.for('pods');
    this.nodes = ctx.informers.for('nodes');
    this.pods.addIndexer(NODE_INDEX, podNodeIndex, META_AND_SPEC_ONLY);
    this.pods.addEventHandler({
      add: (p) => this.track(undefined, p),
      update: (o, p) => this.track(o, p),
      delete: (p) => this.track(p, undefined),
    });
    this.cancel = ctx.clock.every(GC_CHECK_PERIOD_MS, () => this.gc());
  }

  stop(): void {
    this.cancel?.();
    this.terminated.clear();
    this.terminating.clear();
    this.podsPerNode.clear();
    this.quarantine.clear();
  }

  private track(old: KObject | undefined, cur: KObject | undefined): void {
    // Most updates (status writes) keep the node, and the pod neither terminated nor terminating: then every count and
    // set stays as it is, in the same order (a node's count above one is only lowered and raised again).
    if (old && cur && !isTerminated(old) && !isTerminated(cur) && !old.metadata.deletionTimestamp && !cur.metadata.deletionTimestamp) {
      const n = nodeName(cur);
      if (nodeName(old) === n && (!n || (this.podsPerNode.get(n) ?? 0) > 1)) return;
    }
    if (old) {
      const n = nodeName(old);
      if (n) {
        const c = (this.podsPerNode.get(n) ?? 1) - 1;
        if (c <= 0) this.podsPerNode.delete(n);
        else this.podsPerNode.set(n, c);
      }
      this.terminated.delete(key(old));
      this.terminating.delete(key(old));
    }
    if (cur) {
      const n = nodeName(cur);
      if (n) this.podsPerNode.set(n, (this.podsPerNode.get(n) ?? 0) + 1);
      if (isTerminated(cur)) this.terminated.add(key(cur));
      if (cur.metadata.deletionTimestamp) this.terminating.add(key(cur));
    }
  }

  private gc(): void {
    if (!this.pods!.hasSynced() || !this.nodes!.hasSynced()) return;
    try {
      this.gcTerminated();
      this.gcTerminating();
      this.gcOrphaned();
      this.gcUnscheduledTerminating();
    } catch {
      // The API server went away mid-pass: the next pass starts over.
    }
  }

  private podsOf(keys: Iterable<string>): KObject[] {
    const out: KObject[] = [];
    for (const k of keys) {
      const p = this.pods!.get(k);
      if (p) out.push(p);
    }
    return out;
  }

  private gcTerminated(): void {
    if (this.terminated.size <= this.threshold) return;
    for (const p of terminatedToDelete(this.podsOf(this.terminated), this.threshold)) this.markFailedAndDelete(p);
  }

  private gcTerminating(): void {
    for (const p of this.podsOf(this.terminating)) {
      const node = this.nodes!.get(nodeName(p));
      if (!node) continue;
      const ready = (node.status as { conditions?: NodeCondition[] } | undefined)?.conditions?.find((c) => c.type === 'Ready');
      const outOfService = ((node.spec as { taints?: Taint[] } | undefined)?.taints ?? []).some((t) => t.key === TAINT_NODE_OUT_OF_SERVICE);
      if (ready?.status !== 'True' && outOfService) this.markFailedAndDelete(p);
    }
  }

  private gcOrphaned(): void {
    const now = this.ctx!.clock.now();
    for (const n of this.podsPerNode.keys()) {
      if (this.nodes!.get(n)) continue;
      // AddAfter keeps the earlier deadline of a node already waiting.
      if (!this.quarantine.has(n)) this.quarantine.set(n, now + QUARANTINE_MS);
    }
    const deleted: string[] = [];
    for (const [n, until] of [...this.quarantine]) {
      if (until > now) continue;
      this.quarantine.delete(n);
      if (this.nodes!.get(n)) continue;
      try {
        if (this.ctx!.client.tryGet('nodes', undefined, n)) continue;
      } catch {
        continue;
      }
      deleted.push(n);
    }
    for (const n of deleted) {
      for (const p of this.pods!.byIndex(NODE_INDEX, n)) {
        this.markFailedAndDelete(p, { type: 'DisruptionTarget', status: 'True', reason: ORPHAN_REASON, message: ORPHAN_MESSAGE });
      }
    }
  }

  private gcUnscheduledTerminating(): void {
    for (const p of this.podsOf(this.terminating)) if (!nodeName(p)) this.markFailedAndDelete(p);
  }

  /** markFailedAndDeletePodWithCondition: phase Failed (plus the condition) unless already terminal, then delete with grace 0. */
  private markFailedAndDelete(pod: KObject, condition?: NewPodCondition): void {
    const client = this.ctx!.client;
    try {
      if (phase(pod) !== 'Succeeded' && phase(pod) !== 'Failed') {
        const next = clone(pod);
        const status = (next.status ??= {}) as { phase?: string; observedGeneration?: number };
        status.phase = 'Failed';
        // CalculatePodStatusObservedGeneration: the pod's generation, as PodObservedGenerationTracking is on.
        if (pod.metadata.generation) status.observedGeneration = pod.metadata.generation;
        if (condition) updatePodCondition(next, condition, rfc3339(this.ctx!.clock.now()));
        client.updateStatus('pods', next);
      }
      client.delete('pods', pod.metadata.namespace, pod.metadata.name!, { gracePeriodSeconds: 0, preconditions: { uid: pod.metadata.uid } });
    } catch (e) {
      if (!isNotFound(e)) return;
    }
  }
}
