/**
 * The DaemonSet controller (pkg/controller/daemon): one pod per eligible node.
 * This file only watches, queues and carries out: sync.ts decides what to
 * create and delete (manage, then the rolling update) and computes status.
 * Pods are created unbound with a node affinity naming their node; the
 * scheduler binds them, as since Kubernetes 1.12.
 */
import type { PodSpec, PodTemplateSpec } from 'kubernetes-types/core/v1';
import type { EventRecorder } from '../../api/events.js';
import { isAlreadyExists, isNotFound } from '../../api/errors.js';
import { clone, controllerRef, deepEqual, type KObject } from '../../api/meta.js';
import { labelSelectorAsSelector, sameLabels } from '../../api/selectors.js';
import { META_ONLY, WorkQueue, type Informer } from '../framework.js';
import { newRevision, planHistory, revisionOwner, type Revision } from './history.js';
import type { Selector } from '../../api/selectors.js';

type HistoryRepairs = typeof import('./history-repair.js');
const repairCode = lazyModule(() => import('./history-repair.js'));

/** Loads the history repairs (the lab prefetches them at idle; the clock is held while they load). */
export function loadHistoryRepairs(clock?: { hold(): () => void }): Promise<HistoryRepairs> {
  const release = clock?.hold();
  return repairCode.load().finally(() => release?.());
}
import type { Controller, ControllerContext } from '../manager.js';
import { CONTROLLER_REVISION_HASH_LABEL, daemonPodTemplate, newDaemonPod, predicatePodSpec, targetNodeName, templateHash } from './pod.js';
import { nodeShouldRunDaemonPod, type ShouldRun } from './predicates.js';
import { calculateStatus, isPodReady, planManage, planRollingUpdate, type DaemonSetSpecLike } from './sync.js';
import { lazyModule } from '../../util/lazy-module.js';

export const DAEMONSET_CONTROLLER = 'daemonset-controller';
export const EVENT_SUCCESSFUL_CREATE = 'SuccessfulCreate';
export const EVENT_SUCCESSFUL_DELETE = 'SuccessfulDelete';
export const EVENT_FAILED_CREATE = 'FailedCreate';
export const EVENT_FAILED_DELETE = 'FailedDelete';
export const EVENT_FAILED_DAEMON_POD = 'FailedDaemonPod';
const OWNER_INDEX = 'daemonset-controller-uid';
const NAMESPACE_INDEX = 'namespace';
const MAX_SYNCS_PER_INSTANT = 4;
/** Pods without a controller, by namespace: the adoption candidates (scanning every pod would not scale). */
const ORPHAN_INDEX = 'daemonset-controller-orphans';

/**
 * daemon_controller.go updatePod: an orphan's matching DaemonSets are synced to adopt it only when its labels or
 * its controller reference changed; a status write (the kubelet's, every few seconds per pod) changes neither.
 */
export function orphanMayBeAdopted(old: KObject, cur: KObject): boolean {
  const ref = controllerRef(cur);
  if (ref) return false;
  return controllerRef(old) !== undefined || !sameLabels(old.metadata.labels, cur.metadata.labels);
}

function orphanIndex(p: KObject): string[] {
  return controllerRef(p) ? [] : [p.metadata.namespace ?? ''];
}

function ownerIndex(p: KObject): string[] {
  const ref = controllerRef(p);
  return ref && ref.kind === 'DaemonSet' ? [ref.uid] : [];
}

export class DaemonSetController implements Controller {
  readonly name = DAEMONSET_CONTROLLER;
  private ctx?: ControllerContext;
  private dsets?: Informer;
  private pods?: Informer;
  private nodes?: Informer;
  private history?: Informer;
  private recorder?: EventRecorder;
  private queue?: WorkQueue;
  /** Pod creations and deletions sent but not yet seen in the cache, per DaemonSet key (ControllerExpectations). */
  private expectCreate = new Map<string, number>();
  private expectDelete = new Map<string, Set<string>>();
  /**
   * Per DaemonSet: its template hash and predicate pod spec (for one generation), and each node's
   * predicate result for the node's resourceVersion, so a sync of a 5,000-node DaemonSet does not
   * re-evaluate every node whenever one pod changes.
   */
  private cache = new Map<string, { version: string; hash: string; spec: PodSpec; nodes: Map<string, { rv: string; r: ShouldRun }> }>();
  /** Syncs that wrote pods at the current instant, per key: a guard against a same-instant create/delete loop. */
  private burst = new Map<string, { at: number; n: number }>();
  /** DaemonSets whose next pass repairs their history. */
  private repairing = new Set<string>();

  start(ctx: ControllerContext): void {
    this.ctx = ctx;
    this.recorder = ctx.recorder(DAEMONSET_CONTROLLER);
    this.dsets = ctx.informers.for('daemonsets.apps');
    this.pods = ctx.informers.for('pods');
    this.nodes = ctx.informers.for('nodes');
    this.pods.addIndexer(OWNER_INDEX, ownerIndex, META_ONLY);
    this.pods.addIndexer(ORPHAN_INDEX, orphanIndex, META_ONLY);
    this.history = ctx.informers.for('controllerrevisions.apps');
    this.history.addIndexer(NAMESPACE_INDEX, (h) => [h.metadata.namespace!], META_ONLY);
    this.queue = new WorkQueue(ctx.clock, (k) => this.sync(k), 'daemonset');
    this.dsets.addEventHandler({
      add: (d) => this.queue!.add(key(d)),
      update: (_o, d) => this.queue!.add(key(d)),
      delete: (d) => {
        this.cache.delete(d.metadata.uid!);
        this.burst.delete(key(d));
        this.expectCreate.delete(key(d));
        this.expectDelete.delete(key(d));
      },
    });
    this.pods.addEventHandler({
      add: (p) => {
        const ds = this.ownerOf(p);
        if (ds) {
          this.creationObserved(key(ds));
          this.queue!.add(key(ds));
        } else if (!controllerRef(p) && !p.metadata.deletionTimestamp) {
          for (const d of this.matchingDaemonSets(p)) this.queue!.add(key(d));
        }
      },
      update: (o, p) => {
        if (p.metadata.deletionTimestamp) this.deletionObserved(p);
        const now = this.ownerOf(p);
        const before = this.ownerOf(o);
        if (now) this.queue!.add(key(now));
        if (before && before !== now) this.queue!.add(key(before));
        // A deleted orphan goes to deletePod upstream, which adopts nothing.
        if (!now && !p.metadata.deletionTimestamp && orphanMayBeAdopted(o, p)) for (const d of this.matchingDaemonSets(p)) this.queue!.add(key(d));
      },
      delete: (p) => {
        this.deletionObserved(p);
        const ds = this.ownerOf(p);
        if (ds) this.queue!.add(key(ds));
      },
    });
    // addHistory, updateHistory, deleteHistory: a revision's controller is synced; an orphan's matching DaemonSets may adopt it.
    const revisionChanged = (h: KObject) => {
      const owner = revisionOwner(h);
      if (owner) this.queue!.add(owner);
      else for (const d of this.matchingDaemonSets(h)) this.queue!.add(key(d));
    };
    this.history.addEventHandler({
      add: revisionChanged,
      update: (o, h) => {
        if (revisionOwner(o) !== revisionOwner(h)) revisionChanged(o);
        revisionChanged(h);
      },
      delete: revisionChanged,
    });
    this.nodes.addEventHandler({
      add: (n) => {
        for (const d of this.dsets!.list()) if (nodeShouldRunDaemonPod(n, this.entry(d).spec).shouldRun) this.queue!.add(key(d));
      },
      update: (o, n) => {
        for (const d of this.dsets!.list()) {
          const spec = this.entry(d).spec;
          const a = nodeShouldRunDaemonPod(o, spec);
          const b = nodeShouldRunDaemonPod(n, spec);
          if (a.shouldRun !== b.shouldRun || a.shouldContinueRunning !== b.shouldContinueRunning) this.queue!.add(key(d));
        }
      },
      delete: () => {
        for (const d of this.dsets!.list()) this.queue!.add(key(d));
      },
    });
  }

  stop(): void {
    this.queue?.stop();
  }

  private ownerOf(p: KObject): KObject | undefined {
    const ref = controllerRef(p);
    if (!ref || ref.kind !== 'DaemonSet') return undefined;
    const ds = this.dsets!.get(`${p.metadata.namespace}/${ref.name}`);
    return ds && ds.metadata.uid === ref.uid ? ds : undefined;
  }

  private matchingDaemonSets(p: KObject): readonly KObject[] {
    // Asked on every update of a pod without a controller: no list is made while there is no DaemonSet.
    if (this.dsets!.cache.size === 0) return NO_DAEMONSETS;
    return this.dsets!.list().filter((d) => d.metadata.namespace === p.metadata.namespace
      && !d.metadata.deletionTimestamp
      && labelSelectorAsSelector((d.spec as { selector?: never }).selector).matches(p.metadata.labels));
  }

  private creationObserved(dsKey: string): void {
    const n = this.expectCreate.get(dsKey);
    if (n === undefined) return;
    if (n <= 1) this.expectCreate.delete(dsKey);
    else this.expectCreate.set(dsKey, n - 1);
  }

  private deletionObserved(p: KObject): void {
    const ds = this.ownerOf(p);
    if (!ds) return;
    const set = this.expectDelete.get(key(ds));
    set?.delete(p.metadata.name!);
    if (set && set.size === 0) this.expectDelete.delete(key(ds));
  }

  private satisfied(dsKey: string): boolean {
    return !this.expectCreate.has(dsKey) && !this.expectDelete.has(dsKey);
  }

  private sync(dsKey: string): void {
    const ds = this.dsets!.get(dsKey);
    if (!ds) return;
    const now = this.ctx!.clock.now();
    const b = this.burst.get(dsKey);
    // Real API calls take time, so a controller fighting another component (a pod bound elsewhere than its
    // node affinity says) cannot spin; in virtual time it could, so such a loop is slowed to one pass a second.
    if (b && b.at === now && b.n >= MAX_SYNCS_PER_INSTANT) {
      this.queue!.addAfter(dsKey, 1000);
      return;
    }
    try {
      this.syncDaemonSet(dsKey, ds);
      this.queue!.forget(dsKey);
    } catch {
      // The API server is away or a write conflicted: try again with back-off.
      this.queue!.addRateLimited(dsKey);
    }
  }

  private syncDaemonSet(dsKey: string, ds: KObject): void {
    const now = this.ctx!.clock.now();
    const selector = labelSelectorAsSelector((ds.spec as { selector?: never }).selector);
    const nodes = this.nodes!.list().sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : 1));
    const evaluated = this.evaluate(ds, nodes);
    const should = evaluated.should;
    const nodeToPods = this.claimPods(ds, selector);

    if (ds.metadata.deletionTimestamp) {
      // Being deleted: only status, as the real controller.
      this.writeStatus(ds, calculateStatus(ds, nodes, should, nodeToPods, evaluated.hash, now));
      return;
    }
    const history = this.constructHistory(dsKey, ds, evaluated.hash, selector, nodeToPods);
    if (!history) return;
    const { hash, old } = history;
    if (this.satisfied(dsKey)) {
      const manage = planManage(ds, nodes, should, nodeToPods, hash, now);
      for (const f of manage.failed) {
        this.recorder!.event(ds, 'Warning', EVENT_FAILED_DAEMON_POD, `Found failed daemon pod ${ds.metadata.namespace}/${f.pod} on node ${f.node}, will try to kill it`);
      }
      const changed = this.syncNodes(dsKey, ds, manage.delete, manage.create, hash);
      if (!changed && this.satisfied(dsKey) && ((ds.spec as DaemonSetSpecLike).updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate') {
        const roll = planRollingUpdate(ds, nodes, should, nodeToPods, hash, now);
        this.syncNodes(dsKey, ds, roll.delete, roll.create, hash);
      }
      if (old.length > ((ds.spec as { revisionHistoryLimit?: number }).revisionHistoryLimit ?? 10)) repairCode.loaded()!.cleanupHistory(this.ctx!.client, ds, old, nodeToPods);
    }
    const status = calculateStatus(ds, nodes, should, nodeToPods, hash, now);
    this.writeStatus(ds, status);
    this.requeueForAvailability(dsKey, ds, nodeToPods, now);
  }

  /**
   * constructHistory: the current template's revision found, renumbered above the old ones, or created.
   * Returns its hash, which the pods carry, and the old revisions; undefined when a repair (adoption, duplicates,
   * a hash collision, truncation) is due: history-repair.ts does it on the next pass at the same instant.
   */
  private constructHistory(dsKey: string, ds: KObject, hash: string, selector: Selector, nodeToPods: Map<string, KObject[]>): { hash: string; old: Revision[] } | undefined {
    const client = this.ctx!.client;
    const ns = ds.metadata.namespace!;
    const candidates: Revision[] = [];
    let repair = false;
    for (const h of this.history!.byIndex(NAMESPACE_INDEX, ns)) {
      const ref = controllerRef(h);
      const matches = selector.matches(h.metadata.labels);
      if (ref ? ref.uid !== ds.metadata.uid : !matches) continue;
      repair ||= !ref || !matches || !h.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL];
      candidates.push(h);
    }
    const plan = planHistory(ds, candidates);
    let cur = plan.current[0];
    repair ||= plan.current.length > 1 || plan.old.length > ((ds.spec as { revisionHistoryLimit?: number }).revisionHistoryLimit ?? 10);
    if (!repair && !cur) {
      try {
        cur = client.create('controllerrevisions.apps', ns, newRevision(ds, hash, plan.next));
      } catch (e) {
        // The name is taken (informer caches see every write at once, so by another template's revision): a repair.
        if (!isAlreadyExists(e)) throw e;
        repair = true;
      }
    }
    if (repair) {
      const m = this.repairs(dsKey);
      return m && m.constructHistory(client, ds, candidates, hash, selector, nodeToPods);
    }
    if ((cur.revision ?? 0) < plan.next) client.update('controllerrevisions.apps', { ...clone(cur), revision: plan.next } as KObject);
    return { hash: cur.metadata.labels![CONTROLLER_REVISION_HASH_LABEL], old: plan.old };
  }

  /**
   * The repairs' module for this pass, or undefined: the first pass that needs it asks again at the same instant
   * (loading the module with the clock held), so a lab that loaded it earlier behaves the same.
   */
  private repairs(dsKey: string): HistoryRepairs | undefined {
    if (this.repairing.has(dsKey)) {
      const loaded = repairCode.loaded();
      if (loaded) {
        this.repairing.delete(dsKey);
        return loaded;
      }
      this.queue!.addAfter(dsKey, 100);
      return undefined;
    }
    this.repairing.add(dsKey);
    if (!repairCode.loaded()) void loadHistoryRepairs(this.ctx!.clock);
    this.queue!.add(dsKey);
    return undefined;
  }

  private entry(ds: KObject) {
    const collision = (ds.status as { collisionCount?: number } | undefined)?.collisionCount;
    const version = `${ds.metadata.resourceVersion === undefined ? '' : ds.metadata.generation}/${collision ?? ''}/${ds.metadata.annotations?.['deprecated.daemonset.template.generation'] ?? ''}`;
    let c = this.cache.get(ds.metadata.uid!);
    if (!c || c.version !== version) {
      const template = (ds.spec as { template?: PodTemplateSpec }).template;
      c = { version, hash: templateHash(template, collision), spec: predicatePodSpec(ds), nodes: new Map() };
      this.cache.set(ds.metadata.uid!, c);
    }
    return c;
  }

  private evaluate(ds: KObject, nodes: KObject[]): { hash: string; should: Map<string, ShouldRun> } {
    const c = this.entry(ds);
    const should = new Map<string, ShouldRun>();
    for (const n of nodes) {
      const name = n.metadata.name!;
      const rv = n.metadata.resourceVersion ?? '';
      let e = c.nodes.get(name);
      if (!e || e.rv !== rv) c.nodes.set(name, (e = { rv, r: nodeShouldRunDaemonPod(n, c.spec) }));
      should.set(name, e.r);
    }
    if (c.nodes.size > nodes.length) for (const name of [...c.nodes.keys()]) if (!should.has(name)) c.nodes.delete(name);
    return { hash: c.hash, should };
  }

  /** Pods this DaemonSet controls, by node; orphans that match are adopted, owned ones that stopped matching released. */
  private claimPods(ds: KObject, selector: ReturnType<typeof labelSelectorAsSelector>): Map<string, KObject[]> {
    const out = new Map<string, KObject[]>();
    const client = this.ctx!.client;
    const owned = this.pods!.byIndex(OWNER_INDEX, ds.metadata.uid!);
    const add = (p: KObject) => {
      const n = targetNodeName(p);
      if (n === undefined) return;
      if (!out.has(n)) out.set(n, []);
      out.get(n)!.push(p);
    };
    for (const p of owned) {
      if (p.metadata.namespace !== ds.metadata.namespace) continue;
      if (!selector.matches(p.metadata.labels) && !ds.metadata.deletionTimestamp) {
        const next = clone(p);
        next.metadata.ownerReferences = (next.metadata.ownerReferences ?? []).filter((r) => r.uid !== ds.metadata.uid);
        if (!next.metadata.ownerReferences.length) delete next.metadata.ownerReferences;
        try { client.update('pods', next); } catch { /* retried on the next sync */ }
        continue;
      }
      add(p);
    }
    if (!ds.metadata.deletionTimestamp) {
      for (const p of this.pods!.byIndex(ORPHAN_INDEX, ds.metadata.namespace!)) {
        if (controllerRef(p) || p.metadata.deletionTimestamp) continue;
        if (!selector.matches(p.metadata.labels)) continue;
        const next = clone(p);
        next.metadata.ownerReferences = [...(next.metadata.ownerReferences ?? []), { apiVersion: 'apps/v1', kind: 'DaemonSet', name: ds.metadata.name!, uid: ds.metadata.uid!, controller: true, blockOwnerDeletion: true }];
        try {
          add(client.update('pods', next));
        } catch {
          // Someone else claimed it, or it is gone.
        }
      }
    }
    return out;
  }

  /** syncNodes: delete, then create (each with its event); returns whether anything was sent. */
  private syncNodes(dsKey: string, ds: KObject, podsToDelete: string[], nodesNeedingPods: string[], hash: string): boolean {
    if (podsToDelete.length === 0 && nodesNeedingPods.length === 0) return false;
    const now = this.ctx!.clock.now();
    const b = this.burst.get(dsKey);
    this.burst.set(dsKey, b && b.at === now ? { at: now, n: b.n + 1 } : { at: now, n: 1 });
    const client = this.ctx!.client;
    const ns = ds.metadata.namespace!;
    if (podsToDelete.length) {
      const set = this.expectDelete.get(dsKey) ?? new Set<string>();
      for (const name of podsToDelete) set.add(name);
      this.expectDelete.set(dsKey, set);
    }
    for (const name of podsToDelete) {
      try {
        client.delete('pods', ns, name);
        this.recorder!.event(ds, 'Normal', EVENT_SUCCESSFUL_DELETE, `Deleted pod: ${name}`);
      } catch (e) {
        this.expectDelete.get(dsKey)?.delete(name);
        if (!isNotFound(e)) this.recorder!.event(ds, 'Warning', EVENT_FAILED_DELETE, `Error deleting: ${(e as Error).message}`);
      }
    }
    if (this.expectDelete.get(dsKey)?.size === 0) this.expectDelete.delete(dsKey);
    if (nodesNeedingPods.length) {
      const template = daemonPodTemplate(ds, hash);
      this.expectCreate.set(dsKey, (this.expectCreate.get(dsKey) ?? 0) + nodesNeedingPods.length);
      for (let i = 0; i < nodesNeedingPods.length; i++) {
        try {
          const pod = client.create('pods', ns, newDaemonPod(ds, template, nodesNeedingPods[i]));
          this.recorder!.event(ds, 'Normal', EVENT_SUCCESSFUL_CREATE, `Created pod: ${pod.metadata.name}`);
        } catch (e) {
          // Stop here as slowStartBatch does; the ones not sent are no longer expected.
          this.recorder!.event(ds, 'Warning', EVENT_FAILED_CREATE, `Error creating: ${(e as Error).message}`);
          const left = (this.expectCreate.get(dsKey) ?? 0) - (nodesNeedingPods.length - i);
          if (left > 0) this.expectCreate.set(dsKey, left);
          else this.expectCreate.delete(dsKey);
          throw e;
        }
      }
    }
    return true;
  }

  private writeStatus(ds: KObject, status: ReturnType<typeof calculateStatus>): void {
    if (deepEqual(ds.status ?? {}, status)) return;
    const next = clone(ds);
    next.status = status as unknown as Record<string, unknown>;
    this.ctx!.client.updateStatus('daemonsets.apps', next);
  }

  /** With minReadySeconds, come back when a ready pod turns available. */
  private requeueForAvailability(dsKey: string, ds: KObject, nodeToPods: Map<string, KObject[]>, now: number): void {
    const minReady = (ds.spec as DaemonSetSpecLike).minReadySeconds ?? 0;
    if (!minReady) return;
    let soonest = Infinity;
    for (const pods of nodeToPods.values()) {
      for (const p of pods) {
        if (!isPodReady(p)) continue;
        const c = (p.status as { conditions: { type: string; lastTransitionTime?: string }[] }).conditions.find((x) => x.type === 'Ready');
        const at = Date.parse(c?.lastTransitionTime ?? '') + minReady * 1000 + 1000;
        if (at > now && at < soonest) soonest = at;
      }
    }
    if (soonest !== Infinity) this.queue!.addAfter(dsKey, soonest - now);
  }
}

function key(o: KObject): string {
  return `${o.metadata.namespace}/${o.metadata.name}`;
}

const NO_DAEMONSETS: readonly KObject[] = Object.freeze([]);
