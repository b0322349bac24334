/**
 * The Deployment controller (pkg/controller/deployment/deployment_controller.go):
 * watches Deployments, ReplicaSets and pods, queues the Deployment's key and
 * dispatches each sync to the right strategy. The work itself lives in
 * sync.ts, rolling.ts, recreate.ts and progress.ts.
 */
import type { Client } from '../../api/client.js';
import { isNotFound } from '../../api/errors.js';
import type { EventRecorder } from '../../api/events.js';
import { controllerRef, deepEqual, newControllerRef, objectKey, type KObject } from '../../api/meta.js';
import { labelSelectorAsSelector, type Selector } from '../../api/selectors.js';
import type { VirtualClock } from '../../util/clock.js';
import { WorkQueue, type Informer } from '../framework.js';
import type { Controller, ControllerContext } from '../manager.js';
import { claimDecision, withoutOwner, withOwner } from '../replicaset/claim.js';
import { claimCandidates, ensureControllerIndex, ensureNamespaceIndex, NAMESPACE_INDEX, ownedBy } from '../replicaset/indexes.js';
import { PODS_RESOURCE, REPLICASET_RESOURCE } from '../replicaset/types.js';
import { rolloutRecreate } from './recreate.js';
import { rolloutRolling } from './rolling.js';
import { checkPausedConditions, flushDeployment, isScalingEvent, sync, syncStatusOnly, workingCopy, type DC } from './sync.js';
import { DEPLOYMENT_RESOURCE, type DeploymentLike, type ReplicaSetLike } from './types.js';
import { effectiveSpec, RECREATE, ROLLING_UPDATE, SELECTING_ALL_MESSAGE, SELECTING_ALL_REASON } from './util.js';

export const CONTROLLER_NAME = 'deployment-controller';

export class DeploymentController implements Controller {
  readonly name = CONTROLLER_NAME;
  private client!: Client;
  private clock!: VirtualClock;
  private recorder!: EventRecorder;
  private dInformer!: Informer;
  private rsInformer!: Informer;
  private podInformer!: Informer;
  private queue!: WorkQueue;

  start(ctx: ControllerContext): void {
    this.client = ctx.client;
    this.clock = ctx.clock;
    this.recorder = ctx.recorder(CONTROLLER_NAME);
    this.queue = new WorkQueue(ctx.clock, (key) => this.process(key), CONTROLLER_NAME);
    this.dInformer = ctx.informers.for(DEPLOYMENT_RESOURCE);
    this.rsInformer = ctx.informers.for(REPLICASET_RESOURCE);
    this.podInformer = ctx.informers.for(PODS_RESOURCE);
    ensureNamespaceIndex(this.dInformer);
    ensureNamespaceIndex(this.rsInformer);
    ensureControllerIndex(this.rsInformer);
    ensureControllerIndex(this.podInformer);
    this.dInformer.addEventHandler({
      add: (d) => this.enqueue(d),
      update: (_o, d) => this.enqueue(d),
      delete: (d) => this.enqueue(d),
    });
    this.rsInformer.addEventHandler({
      add: (rs) => this.addReplicaSet(rs as ReplicaSetLike),
      update: (o, rs) => this.updateReplicaSet(o as ReplicaSetLike, rs as ReplicaSetLike),
      delete: (rs) => this.deleteReplicaSet(rs as ReplicaSetLike),
    });
    this.podInformer.addEventHandler({ delete: (p) => this.deletePod(p) });
  }

  stop(): void {
    this.queue?.stop();
  }

  private enqueue(d: KObject): void {
    this.queue.add(objectKey(d));
  }

  // ---------- event handlers ----------

  private resolveControllerRef(namespace: string | undefined, ref: ReturnType<typeof controllerRef>): DeploymentLike | undefined {
    if (!ref || ref.kind !== 'Deployment') return undefined;
    const d = this.dInformer.get(`${namespace}/${ref.name}`);
    if (!d || d.metadata.uid !== ref.uid) return undefined;
    return d as DeploymentLike;
  }

  /** Deployments of the set's namespace whose selector matches it (for orphan sets). */
  private deploymentsForReplicaSet(rs: ReplicaSetLike): DeploymentLike[] {
    const out: DeploymentLike[] = [];
    for (const d of this.dInformer.byIndex(NAMESPACE_INDEX, rs.metadata.namespace ?? '') as DeploymentLike[]) {
      let sel: Selector;
      try {
        sel = labelSelectorAsSelector(d.spec?.selector);
      } catch {
        continue;
      }
      if (sel.empty() || !sel.matches(rs.metadata.labels)) continue;
      out.push(d);
    }
    return out;
  }

  private addReplicaSet(rs: ReplicaSetLike): void {
    if (rs.metadata.deletionTimestamp) {
      this.deleteReplicaSet(rs);
      return;
    }
    const ref = controllerRef(rs);
    if (ref) {
      const d = this.resolveControllerRef(rs.metadata.namespace, ref);
      if (d) this.enqueue(d);
      return;
    }
    for (const d of this.deploymentsForReplicaSet(rs)) this.enqueue(d);
  }

  private updateReplicaSet(old: ReplicaSetLike, cur: ReplicaSetLike): void {
    if (old.metadata.resourceVersion === cur.metadata.resourceVersion) return;
    const curRef = controllerRef(cur);
    const oldRef = controllerRef(old);
    const refChanged = !deepEqual(curRef ?? null, oldRef ?? null);
    if (refChanged && oldRef) {
      const d = this.resolveControllerRef(old.metadata.namespace, oldRef);
      if (d) this.enqueue(d);
    }
    if (curRef) {
      const d = this.resolveControllerRef(cur.metadata.namespace, curRef);
      if (d) this.enqueue(d);
      return;
    }
    const labelChanged = !deepEqual(old.metadata.labels ?? {}, cur.metadata.labels ?? {});
    if (labelChanged || refChanged) for (const d of this.deploymentsForReplicaSet(cur)) this.enqueue(d);
  }

  private deleteReplicaSet(rs: ReplicaSetLike): void {
    const d = this.resolveControllerRef(rs.metadata.namespace, controllerRef(rs));
    if (d) this.enqueue(d);
  }

  /** Recreate waits for the last old pod to disappear; that deletion is what wakes it. */
  private deletePod(pod: KObject): void {
    const rsRef = controllerRef(pod);
    if (!rsRef || rsRef.kind !== 'ReplicaSet') return;
    const rs = this.rsInformer.get(`${pod.metadata.namespace}/${rsRef.name}`) as ReplicaSetLike | undefined;
    if (!rs || rs.metadata.uid !== rsRef.uid) return;
    const d = this.resolveControllerRef(rs.metadata.namespace, controllerRef(rs));
    if (!d || effectiveSpec(d).strategy !== RECREATE) return;
    const rsList = ownedBy(this.rsInformer, d.metadata.uid!) as ReplicaSetLike[];
    let pods = 0;
    for (const pods_ of this.podMap(d, rsList).values()) pods += pods_.length;
    if (pods === 0) this.enqueue(d);
  }

  // ---------- sync ----------

  private dc(): DC {
    return {
      client: this.client,
      recorder: this.recorder,
      now: () => this.clock.now(),
      cachedReplicaSet: (ns, name) => this.rsInformer.get(`${ns}/${name}`) as ReplicaSetLike | undefined,
      enqueueAfter: (d, ms) => this.queue.addAfter(objectKey(d), ms),
      enqueueRateLimited: (d) => this.queue.addRateLimited(objectKey(d)),
    };
  }

  private process(key: string): void {
    try {
      this.syncDeployment(key);
      this.queue.forget(key);
    } catch {
      // Conflicts with our own stale cache, an API server outage, a failed create: back off and retry.
      this.queue.addRateLimited(key);
    }
  }

  private syncDeployment(key: string): void {
    const cached = this.dInformer.get(key) as DeploymentLike | undefined;
    if (!cached) return;
    const d = workingCopy(cached);
    const dc = this.dc();
    const sel = d.spec?.selector;
    if (sel && Object.keys(sel.matchLabels ?? {}).length === 0 && (sel.matchExpressions ?? []).length === 0) {
      this.recorder.event(d, 'Warning', SELECTING_ALL_REASON, SELECTING_ALL_MESSAGE);
      if ((d.status?.observedGeneration ?? 0) < (d.metadata.generation ?? 0)) {
        d.status = { ...(d.status ?? {}), observedGeneration: d.metadata.generation };
        flushDeployment(dc, d);
      }
      return;
    }
    const rsList = this.getReplicaSetsForDeployment(d);
    if (d.metadata.deletionTimestamp) return syncStatusOnly(dc, d, rsList);
    checkPausedConditions(dc, d);
    if (effectiveSpec(d).paused) return sync(dc, d, rsList);
    if (isScalingEvent(dc, d, rsList)) return sync(dc, d, rsList);
    const strategy = effectiveSpec(d).strategy;
    if (strategy === RECREATE) return rolloutRecreate(dc, d, rsList, this.podMap(d, rsList));
    if (strategy === ROLLING_UPDATE) return rolloutRolling(dc, d, rsList);
    throw new Error(`unexpected deployment strategy type: ${strategy}`);
  }

  /**
   * getReplicaSetsForDeployment: the sets this Deployment controls, adopting
   * matching orphans and releasing sets whose labels no longer match.
   */
  private getReplicaSetsForDeployment(d: DeploymentLike): ReplicaSetLike[] {
    let selector: Selector;
    try {
      selector = labelSelectorAsSelector(d.spec?.selector);
    } catch (e) {
      throw new Error(`deployment ${objectKey(d)} has invalid label selector: ${(e as Error).message}`);
    }
    const owner = { uid: d.metadata.uid!, namespace: d.metadata.namespace, deleting: !!d.metadata.deletionTimestamp };
    const out: ReplicaSetLike[] = [];
    let adoptionChecked = false;
    for (const rs of claimCandidates(this.rsInformer, d) as ReplicaSetLike[]) {
      const decision = claimDecision(owner, selector, rs);
      if (decision === 'own') {
        out.push(rs);
      } else if (decision === 'adopt') {
        if (!adoptionChecked) {
          const fresh = this.client.get(DEPLOYMENT_RESOURCE, d.metadata.namespace, d.metadata.name!);
          if (fresh.metadata.uid !== d.metadata.uid) {
            throw new Error(`original Deployment ${objectKey(d)} is gone: got uid ${fresh.metadata.uid}, wanted ${d.metadata.uid}`);
          }
          if (fresh.metadata.deletionTimestamp) throw new Error(`Deployment ${objectKey(d)} has just been deleted at ${fresh.metadata.deletionTimestamp}`);
          adoptionChecked = true;
        }
        try {
          const next = withOwner(rs, newControllerRef(d, 'apps/v1', 'Deployment'));
          out.push(this.client.patch(REPLICASET_RESOURCE, rs.metadata.namespace, rs.metadata.name!, 'merge', { metadata: { ownerReferences: next.metadata.ownerReferences } }) as ReplicaSetLike);
        } catch (e) {
          if (!isNotFound(e)) throw e;
        }
      } else if (decision === 'release') {
        try {
          const next = withoutOwner(rs, d.metadata.uid!);
          this.client.patch(REPLICASET_RESOURCE, rs.metadata.namespace, rs.metadata.name!, 'merge', { metadata: { ownerReferences: next.metadata.ownerReferences ?? null } });
        } catch (e) {
          if (!isNotFound(e)) throw e;
        }
      }
    }
    return out;
  }

  /**
   * getPodMapForDeployment: the Deployment's pods grouped by the set that
   * controls them (every pod, terminating ones included).
   */
  private podMap(d: DeploymentLike, rsList: ReplicaSetLike[]): Map<string, KObject[]> {
    const map = new Map<string, KObject[]>();
    let selector: Selector;
    try {
      selector = labelSelectorAsSelector(d.spec?.selector);
    } catch {
      return map;
    }
    for (const rs of rsList) {
      const pods = ownedBy(this.podInformer, rs.metadata.uid!).filter((p) => selector.matches(p.metadata.labels));
      map.set(rs.metadata.uid!, pods);
    }
    return map;
  }
}

export function newDeploymentController(): Controller {
  return new DeploymentController();
}
