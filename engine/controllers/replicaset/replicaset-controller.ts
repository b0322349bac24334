/**
 * The ReplicaSet controller (pkg/controller/replicaset/replica_set.go): keeps
 * `spec.replicas` pods of the set's template alive. It watches ReplicaSets
 * and pods, queues the set's key, and each sync claims matching pods, creates
 * or deletes the difference (behind expectations, so its own writes in flight
 * are never repeated), and writes the status.
 */
import type { WriteOptions } from '../../api/apiserver.js';
import type { Client } from '../../api/client.js';
import { isConflict, isNotFound, isStatusError } from '../../api/errors.js';
import type { EventRecorder } from '../../api/events.js';
import { controllerRef, deepEqual, newControllerRef, objectKey, splitKey, type KObject } from '../../api/meta.js';
import { labelSelectorAsSelector, selectorFromSet, type Selector } from '../../api/selectors.js';
import type { VirtualClock } from '../../util/clock.js';
import { WorkQueue, type Informer } from '../framework.js';
import type { Controller, ControllerContext } from '../manager.js';
import { claimDecision, withoutOwner, withOwner } from './claim.js';
import { TokenBucket } from './client-limiter.js';
import { ControllerExpectations } from './expectations.js';
import { claimCandidates, CONTROLLER_INDEX, ensureControllerIndex, ensureNamespaceIndex, NAMESPACE_INDEX, ownedBy } from './indexes.js';
import { planCreations, planReplicas, podFromTemplate, SlowStart, SLOW_START_INITIAL_BATCH_SIZE, type ReplicaPlan } from './manage.js';
import { isPodActive, isPodReady, isPodTerminating, type PodLike } from './podutil.js';
import { calculateStatus, statusFromCounts, statusUpToDate, wireStatus } from './status.js';
import { PodTally } from './tally.js';
import { PODS_RESOURCE, REPLICASET_KIND, type ReplicaSetKind, type ReplicaSetLike } from './types.js';

/** A pod made from the template is handed to the API server, which may keep it without a copy. */
const HANDED_OVER: WriteOptions = Object.freeze({ owned: true });

export const CONTROLLER_NAME = 'replicaset-controller';

// Event reasons and messages of pkg/controller/controller_utils.go (RealPodControl).
export const SUCCESSFUL_CREATE_REASON = 'SuccessfulCreate';
export const FAILED_CREATE_REASON = 'FailedCreate';
export const SUCCESSFUL_DELETE_REASON = 'SuccessfulDelete';
export const FAILED_DELETE_REASON = 'FailedDelete';
export const createdPodMessage = (name: string) => `Created pod: ${name}`;
export const errorCreatingMessage = (err: string) => `Error creating: ${err}`;
export const deletedPodMessage = (name: string) => `Deleted pod: ${name}`;
export const errorDeletingMessage = (err: string) => `Error deleting: ${err}`;

/** The StatusCause the API server attaches when a namespace is being deleted. */
const NAMESPACE_TERMINATING_CAUSE = 'NamespaceTerminating';

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** What one manageReplicas pass did. */
interface ManageResult {
  error?: string;
  created: PodLike[];
  deleted: PodLike[];
}

/** A sync waiting inside its client's rate limiter for the rest of its creations. */
interface BlockedSync {
  timer?: number;
  /** The key was queued meanwhile: sync it again once this one is done (the work queue's dirty set). */
  dirty: boolean;
}

function namespaceTerminating(e: unknown): boolean {
  if (!isStatusError(e)) return false;
  if (e.status.details?.causes?.some((c) => c.type === NAMESPACE_TERMINATING_CAUSE)) return true;
  return e.reason === 'Forbidden' && /because it is being terminated/.test(e.message);
}

const NOTHING_DONE: ManageResult = { created: [], deleted: [] };

export class ReplicaSetController implements Controller {
  readonly name: string;
  private client!: Client;
  private clock!: VirtualClock;
  private recorder!: EventRecorder;
  private rsInformer!: Informer;
  private podInformer!: Informer;
  private queue!: WorkQueue;
  expectations!: ControllerExpectations;
  private limiter!: TokenBucket;
  private readonly tally = new PodTally();
  private readonly blocked = new Map<string, BlockedSync>();

  /** `kind`: ReplicaSets, or ReplicationControllers seen through pkg/controller/replication's adapter. */
  constructor(private readonly kind: ReplicaSetKind = REPLICASET_KIND) {
    this.name = kind.controllerName;
  }

  start(ctx: ControllerContext): void {
    this.client = ctx.client;
    this.clock = ctx.clock;
    this.limiter = new TokenBucket(ctx.config.kubeAPIQPS, ctx.config.kubeAPIBurst, ctx.clock.now());
    this.recorder = ctx.recorder(this.kind.eventSource);
    this.expectations = new ControllerExpectations(() => this.clock.now());
    this.queue = new WorkQueue(ctx.clock, (key) => this.process(key), this.kind.queueName);
    this.rsInformer = ctx.informers.for(this.kind.resource);
    this.podInformer = ctx.informers.for(PODS_RESOURCE);
    ensureNamespaceIndex(this.rsInformer);
    ensureControllerIndex(this.rsInformer);
    ensureControllerIndex(this.podInformer);
    this.rsInformer.addEventHandler({
      add: (rs) => this.queue.add(objectKey(rs)),
      update: (_old, rs) => this.queue.add(objectKey(rs)),
      delete: (rs) => {
        const key = objectKey(rs);
        this.expectations.delete(key);
        this.tally.forget(rs.metadata.uid!);
        this.queue.add(key);
      },
    });
    this.podInformer.addEventHandler({
      add: (p) => this.tally.add(p as PodLike),
      update: (o, p) => this.tally.update(o as PodLike, p as PodLike),
      delete: (p) => this.tally.remove(p as PodLike),
    });
    this.podInformer.addEventHandler({
      add: (p) => this.addPod(p as PodLike),
      update: (o, p) => this.updatePod(o as PodLike, p as PodLike),
      delete: (p) => this.deletePod(p as PodLike),
    });
  }

  stop(): void {
    this.queue?.stop();
    // A stopped process finishes no batch: what it created stays, the rest is the next leader's to do.
    for (const b of this.blocked.values()) if (b.timer !== undefined) this.clock.cancel(b.timer);
    this.blocked.clear();
  }

  // ---------- event handlers ----------

  /** The ReplicaSet a controller reference points at, if it is one we manage and still the same object. */
  private resolveControllerRef(namespace: string | undefined, ref: ReturnType<typeof controllerRef>): ReplicaSetLike | undefined {
    if (!ref || ref.kind !== this.kind.kind) return undefined;
    const rs = this.rsInformer.get(`${namespace}/${ref.name}`);
    if (!rs || rs.metadata.uid !== ref.uid) return undefined;
    return this.kind.asReplicaSet(rs);
  }

  /** ReplicaSets of the pod's namespace whose selector matches it (for orphans). */
  private podReplicaSets(pod: PodLike): ReplicaSetLike[] {
    const out: ReplicaSetLike[] = [];
    for (const obj of this.rsInformer.byIndex(NAMESPACE_INDEX, pod.metadata.namespace ?? '')) {
      const rs = this.kind.asReplicaSet(obj);
      let sel: Selector;
      try {
        sel = labelSelectorAsSelector(rs.spec?.selector);
      } catch {
        continue;
      }
      if (sel.empty() || !sel.matches(pod.metadata.labels)) continue;
      out.push(rs);
    }
    return out;
  }

  private addPod(pod: PodLike): void {
    if (pod.metadata.deletionTimestamp) {
      // A restarted controller may first see a pod that is already being deleted.
      this.deletePod(pod);
      return;
    }
    const ref = controllerRef(pod);
    if (ref) {
      const rs = this.resolveControllerRef(pod.metadata.namespace, ref);
      if (!rs) return;
      const key = objectKey(rs);
      this.expectations.creationObserved(key);
      this.queue.add(key);
      return;
    }
    for (const rs of this.podReplicaSets(pod)) this.queue.add(objectKey(rs));
  }

  private updatePod(old: PodLike, cur: PodLike): void {
    if (old.metadata.resourceVersion === cur.metadata.resourceVersion) return;
    const labelChanged = old.metadata.labels !== cur.metadata.labels && !deepEqual(old.metadata.labels ?? {}, cur.metadata.labels ?? {});
    if (cur.metadata.deletionTimestamp) {
      // Graceful deletion: the pod stops counting now, so this is the deletion the controller waits for.
      this.deletePod(cur);
      if (labelChanged) this.deletePod(old);
      return;
    }
    const curRef = controllerRef(cur);
    const oldRef = controllerRef(old);
    const refChanged = !deepEqual(curRef ?? null, oldRef ?? null);
    if (refChanged && oldRef) {
      const rs = this.resolveControllerRef(old.metadata.namespace, oldRef);
      if (rs) this.queue.add(objectKey(rs));
    }
    if (curRef) {
      const rs = this.resolveControllerRef(cur.metadata.namespace, curRef);
      if (!rs) return;
      this.queue.add(objectKey(rs));
      // A pod that just turned Ready becomes available minReadySeconds later; nothing else would wake us then.
      const minReady = rs.spec?.minReadySeconds ?? 0;
      if (minReady > 0 && !isPodReady(old) && isPodReady(cur)) this.queue.addAfter(objectKey(rs), minReady * 1000 + 1000);
      return;
    }
    if (labelChanged || refChanged) for (const rs of this.podReplicaSets(cur)) this.queue.add(objectKey(rs));
  }

  private deletePod(pod: PodLike): void {
    const ref = controllerRef(pod);
    if (!ref) return;
    const rs = this.resolveControllerRef(pod.metadata.namespace, ref);
    if (!rs) return;
    const key = objectKey(rs);
    this.expectations.deletionObserved(key, objectKey(pod));
    this.queue.add(key);
  }

  // ---------- sync ----------

  private process(key: string): void {
    const blocked = this.blocked.get(key);
    if (blocked) {
      // A worker still holds this key (its sync waits for client tokens): the queue hands it out again only after.
      blocked.dirty = true;
      return;
    }
    this.finish(key, () => this.syncReplicaSet(key));
  }

  private finish(key: string, sync: () => void): void {
    try {
      sync();
      this.queue.forget(key);
    } catch {
      // Conflicts, outages and failed creations alike: try again after the rate limiter's back-off.
      this.queue.addRateLimited(key);
    }
  }

  private syncReplicaSet(key: string): void {
    const stored = this.rsInformer.get(key);
    if (!stored) {
      this.expectations.delete(key);
      return;
    }
    const rs = this.kind.asReplicaSet(stored);
    const needsSync = this.expectations.satisfied(key);
    let selector: Selector;
    try {
      selector = labelSelectorAsSelector(rs.spec?.selector);
    } catch {
      // An invalid selector cannot be fixed by retrying.
      return;
    }
    if (this.syncFromTally(key, rs, selector, needsSync)) return;
    const candidates = claimCandidates(this.podInformer, rs) as PodLike[];
    const active = this.claimPods(rs, selector, candidates.filter(isPodActive));
    const terminating = candidates.filter((p) => isPodTerminating(p) && controllerRef(p)?.uid === rs.metadata.uid);

    const then = (r: ManageResult) => {
      let counted = active;
      let terminatingCount = terminating;
      // Count what this pass did at once rather than one sync later: the Deployment
      // controller reads these numbers to decide how far it may scale the next step.
      if (r.created.length || r.deleted.length) {
        const gone = new Set(r.deleted.map((p) => p.metadata.uid));
        counted = [...active.filter((p) => !gone.has(p.metadata.uid)), ...r.created];
        terminatingCount = [...terminating, ...r.deleted.filter((p) => p.spec?.nodeName)];
      }
      this.finishSync(key, rs, calculateStatus(rs, counted, terminatingCount, r.error, this.clock.now()), r.error);
    };
    if (needsSync && !rs.metadata.deletionTimestamp) {
      this.manageReplicas(key, rs, planReplicas(active, () => this.relatedPods(rs, active), rs.spec?.replicas ?? 1, this.clock.now()), then);
    } else {
      then(NOTHING_DONE);
    }
  }

  /**
   * The sync from the tally's counts, when the upstream walk would claim and release
   * nothing and the plan needs no choice of pods: no orphan in the namespace the set
   * would adopt, every owned active pod matching, not more pods than wanted, and no
   * minReadySeconds (availability then depends on the time of each pod's readiness).
   * Returns false when the upstream path must run.
   */
  private syncFromTally(key: string, rs: ReplicaSetLike, selector: Selector, needsSync: boolean): boolean {
    if (rs.metadata.deletionTimestamp || (rs.spec?.minReadySeconds ?? 0) > 0) return false;
    const owner = { uid: rs.metadata.uid!, namespace: rs.metadata.namespace, deleting: false };
    for (const orphan of this.podInformer.byIndex(CONTROLLER_INDEX, `orphan:${rs.metadata.namespace ?? ''}`) as PodLike[]) {
      if (isPodActive(orphan) && claimDecision(owner, selector, orphan) !== 'ignore') return false;
    }
    const tallied = this.tally.countsFor(rs, () => ownedBy(this.podInformer, rs.metadata.uid!) as PodLike[]);
    if (!tallied || tallied.unmatched > 0) return false;
    const counts = tallied.counts;
    const replicas = rs.spec?.replicas ?? 1;
    if (counts.replicas > replicas) return false;
    const then = (r: ManageResult) => {
      // As the upstream path counts them: every pod just created, before the informer has it.
      if (r.created.length) {
        const templateLabels = selectorFromSet(rs.spec?.template?.metadata?.labels);
        for (const pod of r.created) {
          counts.replicas++;
          if (templateLabels.matches(pod.metadata.labels)) counts.fullyLabeled++;
          if (isPodReady(pod)) counts.ready++;
        }
      }
      this.finishSync(key, rs, statusFromCounts(rs, { ...counts, available: counts.ready }, r.error, this.clock.now()), r.error);
    };
    if (needsSync) this.manageReplicas(key, rs, planCreations(counts.replicas, replicas), then);
    else then(NOTHING_DONE);
    return true;
  }

  /** Writes the status if it changed; throws the manage error so the key is retried. */
  private finishSync(key: string, rs: ReplicaSetLike, next: ReturnType<typeof calculateStatus>, manageError: string | undefined): void {
    let updated: ReplicaSetLike = rs;
    // ReplicationControllerStatus has no terminatingReplicas: its adapter's conversion drops the count.
    if (!this.kind.terminatingReplicas) next = { ...next, terminatingReplicas: undefined };
    if (!statusUpToDate(rs, next)) updated = this.writeStatus(rs, next);
    const minReady = updated.spec?.minReadySeconds ?? 0;
    const replicas = updated.spec?.replicas ?? 1;
    if (manageError === undefined && minReady > 0 && (next.readyReplicas ?? 0) === replicas && (next.availableReplicas ?? 0) !== replicas) {
      this.queue.addAfter(key, minReady * 1000);
    }
    if (manageError !== undefined) throw new Error(manageError);
  }

  /** ClaimPods: adopt matching orphans, release owned pods that stopped matching; returns the pods the set owns. */
  private claimPods(rs: ReplicaSetLike, selector: Selector, pods: PodLike[]): PodLike[] {
    const owner = { uid: rs.metadata.uid!, namespace: rs.metadata.namespace, deleting: !!rs.metadata.deletionTimestamp };
    const claimed: PodLike[] = [];
    let adoptionChecked = false;
    for (const pod of pods) {
      const decision = claimDecision(owner, selector, pod);
      if (decision === 'own') {
        claimed.push(pod);
      } else if (decision === 'adopt') {
        if (!adoptionChecked) {
          // canAdopt: re-read the set uncached, so a set deleted and re-created under the same name adopts nothing.
          const fresh = this.client.get(this.kind.resource, rs.metadata.namespace, rs.metadata.name!);
          if (fresh.metadata.uid !== rs.metadata.uid) {
            throw new Error(`original ${this.kind.kind} ${rs.metadata.namespace}/${rs.metadata.name} is gone: got uid ${fresh.metadata.uid}, wanted ${rs.metadata.uid}`);
          }
          if (fresh.metadata.deletionTimestamp) {
            throw new Error(`${this.kind.kind} ${rs.metadata.namespace}/${rs.metadata.name} has just been deleted at ${fresh.metadata.deletionTimestamp}`);
          }
          adoptionChecked = true;
        }
        try {
          const ref = newControllerRef(rs, this.kind.apiVersion, this.kind.kind);
          const next = withOwner(pod, ref);
          claimed.push(this.client.patch(PODS_RESOURCE, pod.metadata.namespace, pod.metadata.name!, 'merge', { metadata: { ownerReferences: next.metadata.ownerReferences } }) as PodLike);
        } catch (e) {
          if (!isNotFound(e)) throw e;
        }
      } else if (decision === 'release') {
        try {
          const next = withoutOwner(pod, rs.metadata.uid!);
          this.client.patch(PODS_RESOURCE, pod.metadata.namespace, pod.metadata.name!, 'merge', { metadata: { ownerReferences: next.metadata.ownerReferences ?? null } });
        } catch (e) {
          if (!isNotFound(e)) throw e;
        }
      }
    }
    return claimed;
  }

  /**
   * manageReplicas: creates or deletes the difference, at most BurstReplicas per pass,
   * then hands what it did to `then` (the rest of the sync: the status write).
   *
   * Every create waits for a token of the controller's client (20 a second after a
   * burst of 30), and upstream's worker waits with it, inside slowStartBatch: one sync
   * creates its whole batch of up to 500 pods over ~25 s and writes the status once at
   * the end; the pod events that arrive meanwhile only mark the key to be synced again
   * (replica_set.go manageReplicas, client-go's flowcontrol token bucket). Here the
   * sync resumes at each token's time, so every pod is created when upstream's would be.
   */
  private manageReplicas(key: string, rs: ReplicaSetLike, plan: ReplicaPlan, then: (r: ManageResult) => void): void {
    const created: PodLike[] = [];
    const deleted: PodLike[] = [];
    if (plan.kind === 'create') {
      this.expectations.expectCreations(key, plan.count);
      const ref = newControllerRef(rs, this.kind.apiVersion, this.kind.kind);
      const batches = new SlowStart<string>(plan.count, SLOW_START_INITIAL_BATCH_SIZE);
      const createOne = (): string | undefined => {
        try {
          // podFromTemplate builds the pod afresh (its spec a copy of the template's) and nothing keeps it: handed over, not copied again.
          const pod = this.client.create(PODS_RESOURCE, rs.metadata.namespace, podFromTemplate(rs.spec?.template ?? {}, rs.metadata.name!, ref), HANDED_OVER) as PodLike;
          created.push(pod);
          this.recorder.event(rs, 'Normal', SUCCESSFUL_CREATE_REASON, createdPodMessage(pod.metadata.name!));
          return undefined;
        } catch (e) {
          // Nothing can be created in a namespace being deleted; that is not worth an error.
          if (namespaceTerminating(e)) return undefined;
          this.recorder.event(rs, 'Warning', FAILED_CREATE_REASON, errorCreatingMessage(errorText(e)));
          return errorText(e);
        }
      };
      const done = () => {
        // The informer will never see the pods that were not created: stop waiting for them.
        for (let i = batches.successes; i < plan.count; i++) this.expectations.creationObserved(key);
        then({ error: batches.error, created, deleted });
      };
      // Returns false when the sync must wait for a token.
      const run = (): boolean => {
        const now = this.clock.now();
        for (let tokens = this.limiter.available(now); batches.more(); tokens--) {
          if (tokens === 0) return false;
          this.limiter.take(now);
          batches.record(createOne());
        }
        return true;
      };
      if (run()) return done();
      const blocked: BlockedSync = { dirty: false };
      this.blocked.set(key, blocked);
      const resume = () => {
        blocked.timer = undefined;
        let finished = false;
        this.finish(key, () => {
          if (!run()) return wait();
          finished = true;
          this.blocked.delete(key);
          done();
        });
        if (finished) {
          if (blocked.dirty) this.queue.add(key);
        } else if (blocked.timer === undefined) {
          // Something threw while waiting (finish caught it and requeued the key): let the key go.
          this.blocked.delete(key);
        }
      };
      const wait = () => {
        blocked.timer = this.clock.schedule(this.limiter.delayFor(1, this.clock.now()), resume);
      };
      wait();
      return;
    }
    if (plan.kind === 'delete') {
      this.expectations.expectDeletions(key, plan.pods.map((p) => objectKey(p)));
      let error: string | undefined;
      for (const pod of plan.pods) {
        try {
          this.client.delete(PODS_RESOURCE, pod.metadata.namespace, pod.metadata.name!);
          deleted.push(pod);
          this.recorder.event(rs, 'Normal', SUCCESSFUL_DELETE_REASON, deletedPodMessage(pod.metadata.name!));
        } catch (e) {
          this.expectations.deletionObserved(key, objectKey(pod));
          if (isNotFound(e)) continue;
          this.recorder.event(rs, 'Warning', FAILED_DELETE_REASON, errorDeletingMessage(errorText(e)));
          error ??= `unable to delete pods: ${errorText(e)}`;
        }
      }
      return then({ error, created, deleted });
    }
    then({ created, deleted });
  }

  /** Active pods of every ReplicaSet with the same controller as `rs` (a Deployment's old and new sets). */
  private relatedPods(rs: ReplicaSetLike, own: PodLike[]): PodLike[] {
    const owner = controllerRef(rs);
    if (!owner) return own;
    const seen = new Set<string>();
    const out: PodLike[] = [];
    const add = (p: PodLike) => {
      if (seen.has(p.metadata.uid!)) return;
      seen.add(p.metadata.uid!);
      out.push(p);
    };
    own.forEach(add);
    for (const sibling of ownedBy(this.rsInformer, owner.uid)) {
      if (sibling.metadata.uid === rs.metadata.uid) continue;
      for (const p of ownedBy(this.podInformer, sibling.metadata.uid!) as PodLike[]) add(p);
    }
    return out;
  }

  /** updateReplicaSetStatus: one PUT, and on a conflict one more with a fresh copy. */
  private writeStatus(rs: ReplicaSetLike, next: ReturnType<typeof calculateStatus>): ReplicaSetLike {
    // The stored object, not the adapter's view of it: an RC's selector goes back as it was.
    let current: KObject = this.kind.stored(rs);
    for (let attempt = 0; ; attempt++) {
      try {
        return this.kind.asReplicaSet(this.client.updateStatus(this.kind.resource, { ...current, status: wireStatus(next, current.metadata.generation) }));
      } catch (e) {
        if (attempt >= 1 || !isConflict(e)) throw e;
        const [ns, name] = splitKey(objectKey(rs));
        current = this.client.get(this.kind.resource, ns, name);
      }
    }
  }
}

export function newReplicaSetController(): Controller {
  return new ReplicaSetController();
}
