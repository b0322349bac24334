/**
 * The node lifecycle controller (pkg/controller/nodelifecycle): every 5 s it
 * checks each node's heartbeat (Lease renewals and Ready condition), turns the
 * conditions of a silent node Unknown, marks its pods not ready, and has the
 * NoExecute taints (unreachable / not-ready) put on it, rate limited per zone;
 * the taint eviction controller then evicts the pods that do not tolerate them.
 * On every node change it mirrors conditions and spec.unschedulable into
 * NoSchedule taints (TaintNodesByCondition), which keeps the scheduler away.
 */
import type { NodeCondition, PodCondition, Taint } from 'kubernetes-types/core/v1';
import type { EventRecorder } from '../../api/events.js';
import { isNotFound } from '../../api/errors.js';
import { clone, type KObject } from '../../api/meta.js';
import { rfc3339 } from '../../util/time.js';
import { META_AND_SPEC_ONLY, WorkQueue, type Informer } from '../framework.js';
import type { Controller, ControllerContext } from '../manager.js';
import { swapTaints, taintExists } from '../tainteviction/taints.js';
import { checkNodeHealth, readyCondition, type NodeHealth } from './health.js';
import { NOT_READY_NO_EXECUTE, UNREACHABLE_NO_EXECUTE, noScheduleTaintDiff } from './taints.js';
import { LABEL_EXCLUDE_DISRUPTION, computeZoneState, zoneKey, zoneQPS, type ZoneState } from './zones.js';

export const NODE_LIFECYCLE_CONTROLLER = 'node-lifecycle-controller';
/** The event source of this controller's events. */
export const NODE_CONTROLLER_COMPONENT = 'node-controller';
/** --node-monitor-period */
export const NODE_MONITOR_PERIOD_MS = 5_000;
/** --node-startup-grace-period */
export const NODE_STARTUP_GRACE_PERIOD_MS = 60_000;
export const NODE_INDEX = 'spec.nodeName';

export const EVENT_REGISTERED_NODE = 'RegisteredNode';
export const EVENT_REMOVING_NODE = 'RemovingNode';
export const EVENT_NODE_NOT_READY = 'NodeNotReady';
export const POD_NODE_NOT_READY_MESSAGE = 'Node is not ready';

export function podNodeIndex(o: KObject): string[] {
  const n = (o.spec as { nodeName?: string } | undefined)?.nodeName;
  return n ? [n] : [];
}

/** A node the controller has registered. */
interface KnownNode {
  /** The node as first seen (for the RemovingNode event). */
  node: KObject;
  /** Its Lease's key in the informer ("kube-node-lease/<name>"), made once rather than on every pass. */
  leaseKey: string;
  health?: NodeHealth;
  /**
   * The stored version of the node the fields below were read from. Versions are immutable snapshots and a
   * node's changes are rare (status every 5 minutes), so most passes read none of its labels or conditions.
   */
  version?: KObject;
  zone: string;
  excludedFromDisruption: boolean;
  ready?: NodeCondition;
}

function observeVersion(known: KnownNode, node: KObject): void {
  known.version = node;
  known.zone = zoneKey(node);
  known.excludedFromDisruption = !!node.metadata.labels?.[LABEL_EXCLUDE_DISRUPTION];
  known.ready = readyCondition(node);
}

/** One zone's NoExecute tainting queue with its token bucket (burst 1). */
interface ZoneTainter {
  queue: string[];
  qps: number;
  /** When the bucket next has a token (ms). */
  nextToken: number;
  timer?: number;
}

export class NodeLifecycleController implements Controller {
  readonly name = NODE_LIFECYCLE_CONTROLLER;
  private ctx?: ControllerContext;
  private nodes?: Informer;
  private leases?: Informer;
  private pods?: Informer;
  private recorder?: EventRecorder;
  private cancelMonitor?: () => void;
  private nodeQueue?: WorkQueue;
  private podQueue?: WorkQueue;
  /** The nodes the controller knows (by name), with what it knows of each: one lookup per node on every pass. */
  private known = new Map<string, KnownNode>();
  private zoneStates = new Map<string, ZoneState>();
  private tainters = new Map<string, ZoneTainter>();
  private retry = new Set<string>();

  start(ctx: ControllerContext): void {
    this.ctx = ctx;
    this.recorder = ctx.recorder(NODE_CONTROLLER_COMPONENT);
    this.nodes = ctx.informers.for('nodes');
    this.leases = ctx.informers.for('leases.coordination.k8s.io', { namespace: 'kube-node-lease' });
    this.pods = ctx.informers.for('pods');
    this.pods.addIndexer(NODE_INDEX, podNodeIndex, META_AND_SPEC_ONLY);
    this.nodeQueue = new WorkQueue(ctx.clock, (name) => this.noScheduleTaintingPass(name), 'node_lifecycle_controller');
    this.podQueue = new WorkQueue(ctx.clock, (key) => this.processPod(key), 'node_lifecycle_controller_pods');
    this.nodes.addEventHandler({
      add: (n) => this.nodeQueue!.add(n.metadata.name!),
      update: (_o, n) => this.nodeQueue!.add(n.metadata.name!),
      delete: (n) => this.retry.delete(n.metadata.name!),
    });
    this.pods.addEventHandler({
      add: (p) => this.podUpdated(undefined, p),
      update: (o, p) => this.podUpdated(o, p),
    });
    this.cancelMonitor = ctx.clock.every(NODE_MONITOR_PERIOD_MS, () => this.monitorNodeHealth());
  }

  stop(): void {
    this.cancelMonitor?.();
    this.nodeQueue?.stop();
    this.podQueue?.stop();
    for (const t of this.tainters.values()) if (t.timer !== undefined) this.ctx?.clock.cancel(t.timer);
    this.tainters.clear();
  }

  // ---------- NoSchedule taints mirror conditions (on every node change) ----------

  private noScheduleTaintingPass(name: string): void {
    const node = this.nodes!.get(name);
    if (!node) return;
    const { add, remove } = noScheduleTaintDiff(node);
    if (add.length === 0 && remove.length === 0) return;
    try {
      this.swapNodeTaints(name, add, remove);
      this.nodeQueue!.forget(name);
    } catch (e) {
      if (!isNotFound(e)) this.nodeQueue!.addRateLimited(name);
    }
  }

  /** SwapNodeControllerTaint: added taints are stamped with timeAdded. Reads the node fresh so it rarely conflicts. */
  private swapNodeTaints(name: string, add: Taint[], remove: Taint[]): boolean {
    const client = this.ctx!.client;
    const fresh = client.get('nodes', undefined, name);
    const now = rfc3339(this.ctx!.clock.now());
    const spec = (fresh.spec ?? {}) as { taints?: Taint[] };
    const taints = swapTaints(spec.taints, add.map((t) => ({ ...t, timeAdded: now })), remove);
    if (!taints) return false;
    const next = clone(fresh);
    const nextSpec = (next.spec ??= {}) as { taints?: Taint[] };
    if (taints.length) nextSpec.taints = taints;
    else delete nextSpec.taints;
    client.update('nodes', next);
    return true;
  }

  // ---------- the health monitor (every 5 s) ----------

  private monitorNodeHealth(): void {
    const clock = this.ctx!.clock;
    const nodes = this.nodes!.list();
    if (!this.nodes!.hasSynced()) return;
    /** The record of each listed node, in the list's order. */
    const records: KnownNode[] = [];
    for (const node of nodes) {
      const name = node.metadata.name!;
      let known = this.known.get(name);
      if (!known) {
        this.ensureZone(zoneKey(node));
        this.recorder!.event(nodeRef(node), 'Normal', EVENT_REGISTERED_NODE, `Node ${name} event: Registered Node ${name} in Controller`);
        this.known.set(name, (known = { node, leaseKey: `kube-node-lease/${name}`, zone: '', excludedFromDisruption: false }));
        this.markNodeAsReachable(node);
      }
      records.push(known);
    }
    // Every listed node is known now, so only when there are more known than listed has one gone (a Set of 5,000 names every 5 s otherwise).
    const seen = this.known.size > nodes.length ? new Set(nodes.map((n) => n.metadata.name!)) : undefined;
    if (seen) for (const [name, { node }] of this.known) {
      if (seen.has(name)) continue;
      this.recorder!.event(nodeRef(node), 'Normal', EVENT_REMOVING_NODE, `Node ${name} event: Removing Node ${name} from Controller`);
      this.known.delete(name);
    }

    const zoneConditions = new Map<string, (NodeCondition | undefined)[]>();
    const now = clock.now();
    const grace = this.ctx!.config.nodeMonitorGracePeriodMs;
    // Nodes of one zone come one after another as a rule: the last zone's list is kept at hand.
    let lastZone: string | undefined;
    let lastZoneConditions: (NodeCondition | undefined)[] = [];
    for (let i = 0; i < nodes.length; i++) {
      let node = nodes[i];
      const name = node.metadata.name!;
      const known = records[i];
      let result;
      try {
        if (known.version !== node) observeVersion(known, node);
        const lease = this.leases!.get(known.leaseKey);
        const renew = (lease?.spec as { renewTime?: string } | undefined)?.renewTime;
        result = checkNodeHealth(node, known.health, renew, now, grace, NODE_STARTUP_GRACE_PERIOD_MS, known.ready);
        if (result.statusUpdate) {
          node = this.ctx!.client.updateStatus('nodes', result.statusUpdate);
          observeVersion(known, node);
        }
        known.health = result.health;
      } catch {
        // Conflict or the API server is away: no decision for this node this round, as the real "Skipping - no pods will be evicted".
        continue;
      }
      const z = known.zone;
      if (!known.excludedFromDisruption) {
        if (z !== lastZone) {
          this.ensureZone(z);
          let conds = zoneConditions.get(z);
          if (!conds) zoneConditions.set(z, (conds = []));
          lastZone = z;
          lastZoneConditions = conds;
        }
        lastZoneConditions.push(result.currentReady);
      }
      if (!result.currentReady) continue;
      this.processTaintBasedEviction(node, result.observedReady, z);
      const needsRetry = this.retry.size > 0 && this.retry.has(name);
      const becameNotReady = result.currentReady.status !== 'True' && result.observedReady.status === 'True';
      if (becameNotReady) this.recorder!.event(nodeRef(node), 'Normal', EVENT_NODE_NOT_READY, `Node ${name} status is now: ${EVENT_NODE_NOT_READY}`);
      if (becameNotReady || (needsRetry && result.observedReady.status !== 'True')) {
        if (!this.markPodsNotReady(this.pods!.byIndex(NODE_INDEX, name), name)) {
          this.retry.add(name);
          continue;
        }
      }
      if (needsRetry) this.retry.delete(name);
    }
    this.handleDisruption(zoneConditions, nodes);
  }

  private processTaintBasedEviction(node: KObject, observed: NodeCondition, zone: string): void {
    const taints = (node.spec as { taints?: Taint[] } | undefined)?.taints;
    try {
      if (observed.status === 'False') {
        if (taintExists(taints, UNREACHABLE_NO_EXECUTE)) this.swapNodeTaints(node.metadata.name!, [NOT_READY_NO_EXECUTE], [UNREACHABLE_NO_EXECUTE]);
        else this.markNodeForTainting(node, 'False');
      } else if (observed.status === 'Unknown') {
        if (taintExists(taints, NOT_READY_NO_EXECUTE)) this.swapNodeTaints(node.metadata.name!, [UNREACHABLE_NO_EXECUTE], [NOT_READY_NO_EXECUTE]);
        else this.markNodeForTainting(node, 'Unknown');
      } else if (observed.status === 'True') {
        this.markNodeAsReachable(node, zone);
      }
    } catch {
      // Tried again at the next monitor pass.
    }
  }

  /** MarkPodsNotReady: Ready=False on every pod of the node, with a NodeNotReady event on each. */
  private markPodsNotReady(pods: KObject[], nodeName: string): boolean {
    let ok = true;
    const now = rfc3339(this.ctx!.clock.now());
    for (const pod of pods) {
      if ((pod.spec as { nodeName?: string }).nodeName !== nodeName) continue;
      const conditions = (pod.status as { conditions?: PodCondition[] } | undefined)?.conditions ?? [];
      const i = conditions.findIndex((c) => c.type === 'Ready');
      if (i < 0 || conditions[i].status === 'False') continue;
      const next = clone(pod);
      const c = (next.status as { conditions: PodCondition[] }).conditions[i];
      c.status = 'False';
      c.lastTransitionTime = now;
      try {
        this.ctx!.client.updateStatus('pods', next);
      } catch (e) {
        if (isNotFound(e)) continue;
        ok = false;
        continue;
      }
      this.recorder!.event(pod, 'Warning', EVENT_NODE_NOT_READY, POD_NODE_NOT_READY_MESSAGE);
    }
    return ok;
  }

  // ---------- pods newly bound to a node that is not ready ----------

  private podUpdated(old: KObject | undefined, pod: KObject): void {
    const n = (pod.spec as { nodeName?: string } | undefined)?.nodeName;
    if (!n) return;
    if (old && (old.spec as { nodeName?: string } | undefined)?.nodeName === n) return;
    this.podQueue!.add(`${pod.metadata.namespace}/${pod.metadata.name}`);
  }

  private processPod(key: string): void {
    const pod = this.pods!.get(key);
    if (!pod) return;
    const nodeName = (pod.spec as { nodeName?: string }).nodeName!;
    const health = this.known.get(nodeName)?.health;
    if (!health?.ready || !this.nodes!.get(nodeName)) return;
    if (health.ready.status !== 'True' && !this.markPodsNotReady([pod], nodeName)) this.podQueue!.addRateLimited(key);
  }

  // ---------- NoExecute tainting, rate limited per zone ----------

  private ensureZone(zone: string): ZoneTainter {
    let t = this.tainters.get(zone);
    if (!t) {
      t = { queue: [], qps: zoneQPS('Normal', 0), nextToken: 0 };
      this.tainters.set(zone, t);
      this.zoneStates.set(zone, 'Initial');
    }
    return t;
  }

  private markNodeForTainting(node: KObject, status: 'False' | 'Unknown'): void {
    const t = this.ensureZone(zoneKey(node));
    const name = node.metadata.name!;
    const taints = (node.spec as { taints?: Taint[] } | undefined)?.taints;
    const want = status === 'False' ? NOT_READY_NO_EXECUTE : UNREACHABLE_NO_EXECUTE;
    // Queued for the other kind of trouble: start again with the right taint.
    if (!taintExists(taints, want)) t.queue = t.queue.filter((n) => n !== name);
    if (taintExists(taints, want) || t.queue.includes(name)) return;
    t.queue.push(name);
    this.scheduleTainter(zoneKey(node));
  }

  /** `zone`: the node's zoneKey, when the caller has it. */
  private markNodeAsReachable(node: KObject, zone = zoneKey(node)): void {
    const name = node.metadata.name!;
    const taints = (node.spec as { taints?: Taint[] } | undefined)?.taints;
    if (taints?.length) {
      const remove = [UNREACHABLE_NO_EXECUTE, NOT_READY_NO_EXECUTE].filter((t) => taintExists(taints, t));
      if (remove.length) this.swapNodeTaints(name, [], remove);
    }
    const t = this.tainters.get(zone);
    if (t && t.queue.length && t.queue.includes(name)) t.queue = t.queue.filter((n) => n !== name);
  }

  private scheduleTainter(zone: string): void {
    const t = this.tainters.get(zone)!;
    if (t.timer !== undefined || t.queue.length === 0 || t.qps <= 0) return;
    const clock = this.ctx!.clock;
    t.timer = clock.at(Math.max(clock.now(), t.nextToken), () => {
      t.timer = undefined;
      this.runTainter(zone);
    });
  }

  /** doNoExecuteTaintingPass for one zone: one node per token. */
  private runTainter(zone: string): void {
    const t = this.tainters.get(zone);
    if (!t || t.qps <= 0) return;
    const clock = this.ctx!.clock;
    while (t.queue.length && clock.now() >= t.nextToken) {
      const name = t.queue[0];
      t.nextToken = clock.now() + 1000 / t.qps;
      let done = true;
      const node = this.nodes!.get(name);
      const ready = node && readyCondition(node);
      if (node && ready && (ready.status === 'False' || ready.status === 'Unknown')) {
        const [add, opposite] = ready.status === 'False' ? [NOT_READY_NO_EXECUTE, UNREACHABLE_NO_EXECUTE] : [UNREACHABLE_NO_EXECUTE, NOT_READY_NO_EXECUTE];
        try {
          this.swapNodeTaints(name, [add], [opposite]);
        } catch (e) {
          done = isNotFound(e);
        }
      }
      t.queue.shift();
      if (!done) t.queue.push(name);
    }
    this.scheduleTainter(zone);
  }

  private handleDisruption(zoneConditions: Map<string, (NodeCondition | undefined)[]>, nodes: KObject[]): void {
    const newStates = new Map<string, ZoneState>();
    let allAreFullyDisrupted = true;
    for (const [zone, conds] of zoneConditions) {
      const { state } = computeZoneState(conds);
      if (state !== 'FullDisruption') allAreFullyDisrupted = false;
      newStates.set(zone, state);
      if (!this.zoneStates.has(zone)) this.zoneStates.set(zone, 'Initial');
    }
    let allWasFullyDisrupted = true;
    for (const [zone, state] of [...this.zoneStates]) {
      if (!zoneConditions.has(zone)) {
        this.zoneStates.delete(zone);
        continue;
      }
      if (state !== 'FullDisruption') {
        allWasFullyDisrupted = false;
        break;
      }
    }
    if (allAreFullyDisrupted && allWasFullyDisrupted) return;
    if (allAreFullyDisrupted) {
      // Every node is down at once: more likely the control plane cannot see them than that they all died. Stop evicting.
      for (const n of nodes) {
        try {
          this.markNodeAsReachable(this.nodes!.get(n.metadata.name!) ?? n);
        } catch {
          // next pass
        }
      }
      for (const zone of this.zoneStates.keys()) {
        this.ensureZone(zone).qps = 0;
        this.zoneStates.set(zone, 'FullDisruption');
      }
      return;
    }
    if (allWasFullyDisrupted) {
      const now = this.ctx!.clock.now();
      for (const n of nodes) {
        const known = this.known.get(n.metadata.name!);
        if (known?.health) known.health = { ...known.health, probeTimestamp: now, readyTransitionTimestamp: now };
      }
      for (const zone of this.zoneStates.keys()) this.setZoneState(zone, newStates.get(zone) ?? 'Normal', zoneConditions.get(zone)?.length ?? 0);
      return;
    }
    for (const [zone, state] of this.zoneStates) {
      const next = newStates.get(zone) ?? state;
      if (next !== state) this.setZoneState(zone, next, zoneConditions.get(zone)?.length ?? 0);
    }
  }

  private setZoneState(zone: string, state: ZoneState, size: number): void {
    const t = this.ensureZone(zone);
    t.qps = zoneQPS(state, size);
    this.zoneStates.set(zone, state);
    this.scheduleTainter(zone);
  }
}

function nodeRef(node: KObject) {
  return { apiVersion: 'v1', kind: 'Node', name: node.metadata.name, uid: node.metadata.uid, namespace: '' };
}
