/**
 * The StatefulSet controller (pkg/controller/statefulset, release-1.35, MaxUnavailableStatefulSet on as in v1.35):
 * this file watches, queues and carries out one pass of UpdateStatefulSet per sync: revisions found or made,
 * each replica processed in ordinal order (created with its claims, replaced when failed; with OrderedReady
 * each waits for the one before it to be Running and Ready), surplus pods deleted from the highest ordinal,
 * then the rolling update (highest ordinal first, down to the partition, at most maxUnavailable at a time),
 * then status and history. Pods are recreated under the same name.
 */
import type { EventRecorder } from '../../api/events.js';
import { isAlreadyExists, isNotFound } from '../../api/errors.js';
import { clone, controllerRef, deepEqual, newControllerRef, type KObject } from '../../api/meta.js';
import { labelSelectorAsSelector, type Selector } from '../../api/selectors.js';
import { META_ONLY, WorkQueue, type Informer } from '../framework.js';
import type { Controller, ControllerContext } from '../manager.js';
import {
  applyRevision, claimsFor, countReplicas, endOrdinal, identityMatches, isCreated, isRunningAndAvailable, isRunningAndReady, isTerminating,
  isUnavailable, maxUnavailable, newRevision, newStatefulSetPod, ordinalOf, parentAndOrdinal, podPhase, podRevision, POD_INDEX_LABEL,
  revisionData, startOrdinal, statusObject, STATEFUL_SET_POD_NAME_LABEL,
} from './stateful-set-utils.js';
import { claimIsStale, claimOwnerRefs, conflictingControllerMessage, hasUnexpectedController, isClaimOwnerUpToDate } from './claim-retention.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

export const STATEFULSET_CONTROLLER = 'statefulset-controller';
const OWNER_INDEX = 'statefulset-controller-uid';
/** Pods without a controller, by namespace: the adoption candidates. */
const ORPHAN_INDEX = 'statefulset-controller-orphans';
const NAMESPACE_INDEX = 'namespace';

function ownerIndex(p: KObject): string[] {
  const ref = controllerRef(p);
  return ref && ref.kind === 'StatefulSet' ? [ref.uid] : [];
}

const key = (o: KObject) => `${o.metadata.namespace}/${o.metadata.name}`;

/** Each cached set's selector, parsed once per stored version (a sync asks it of every pod and revision); undefined when invalid. */
const selectors = new WeakMap<KObject, Selector | undefined>();

function matches(set: KObject, p: KObject): boolean {
  let selector = selectors.get(set);
  if (selector === undefined && !selectors.has(set)) {
    try {
      selector = labelSelectorAsSelector((set.spec as Any)?.selector);
    } catch {
      selector = undefined;
    }
    selectors.set(set, selector);
  }
  return !!selector && selector.matches(p.metadata.labels ?? {});
}

export class StatefulSetController implements Controller {
  readonly name = STATEFULSET_CONTROLLER;
  private ctx?: ControllerContext;
  private sets?: Informer;
  private pods?: Informer;
  private history?: Informer;
  private recorder?: EventRecorder;
  private queue?: WorkQueue;

  start(ctx: ControllerContext): void {
    this.ctx = ctx;
    this.recorder = ctx.recorder(STATEFULSET_CONTROLLER);
    this.sets = ctx.informers.for('statefulsets.apps');
    this.pods = ctx.informers.for('pods');
    this.history = ctx.informers.for('controllerrevisions.apps');
    this.pods.addIndexer(OWNER_INDEX, ownerIndex, META_ONLY);
    this.pods.addIndexer(ORPHAN_INDEX, (p) => (controllerRef(p) ? [] : [p.metadata.namespace ?? '']), META_ONLY);
    this.history.addIndexer(NAMESPACE_INDEX, (h) => [h.metadata.namespace!], META_ONLY);
    this.queue = new WorkQueue(ctx.clock, (k) => this.sync(k), 'statefulset');
    this.sets.addEventHandler({ add: (s) => this.queue!.add(key(s)), update: (_o, s) => this.queue!.add(key(s)) });
    const podChanged = (p: KObject) => {
      const set = this.ownerOf(p);
      if (set) this.queue!.add(key(set));
      // An orphan: the sets it is a member of may adopt it (getPodStatefulSets).
      else if (!controllerRef(p) && !p.metadata.deletionTimestamp) for (const s of this.memberOf(p)) this.queue!.add(key(s));
    };
    this.pods.addEventHandler({ add: podChanged, update: (o, p) => { podChanged(o); podChanged(p); }, delete: podChanged });
    const revisionChanged = (h: KObject) => {
      const ref = controllerRef(h);
      if (ref?.kind === 'StatefulSet') this.queue!.add(`${h.metadata.namespace}/${ref.name}`);
    };
    this.history.addEventHandler({ add: revisionChanged, update: (_o, h) => revisionChanged(h), delete: revisionChanged });
    for (const s of this.sets.list()) this.queue.add(key(s));
  }

  stop(): void {
    this.queue?.stop();
  }

  private ownerOf(p: KObject): KObject | undefined {
    const ref = controllerRef(p);
    if (!ref || ref.kind !== 'StatefulSet') return undefined;
    const set = this.sets!.get(`${p.metadata.namespace}/${ref.name}`);
    return set && set.metadata.uid === ref.uid ? set : undefined;
  }

  /** The sets whose selector matches an orphan pod named as their member. */
  private memberOf(p: KObject): KObject[] {
    if (this.sets!.cache.size === 0) return [];
    const parent = parentAndOrdinal(p.metadata.name ?? '').parent;
    const s = this.sets!.get(`${p.metadata.namespace}/${parent}`);
    return s && !s.metadata.deletionTimestamp && matches(s, p) ? [s] : [];
  }

  private sync(k: string): void {
    const set = this.sets!.get(k);
    if (!set) return;
    try {
      this.syncStatefulSet(set);
      this.queue!.forget(k);
    } catch {
      // The API server is away or a write conflicted: try again with back-off.
      this.queue!.addRateLimited(k);
    }
  }

  /**
   * getPodsForStatefulSet: its pods (ClaimPods, filtered by isMemberOf): those it controls that still match its
   * selector, and orphans that match and are named as its members, which it adopts; a controlled pod that no
   * longer matches is released.
   */
  private podsOf(set: KObject): KObject[] {
    const client = this.ctx!.client;
    const member = (p: KObject) => p.metadata.namespace === set.metadata.namespace && parentAndOrdinal(p.metadata.name ?? '').parent === set.metadata.name;
    const out: KObject[] = [];
    for (const p of this.pods!.byIndex(OWNER_INDEX, set.metadata.uid!)) {
      if (!member(p)) continue;
      if (matches(set, p) || set.metadata.deletionTimestamp) {
        out.push(p);
        continue;
      }
      const next = clone(p);
      next.metadata.ownerReferences = next.metadata.ownerReferences!.filter((r) => r.uid !== set.metadata.uid);
      if (!next.metadata.ownerReferences.length) delete next.metadata.ownerReferences;
      try { client.update('pods', next); } catch { /* retried on the next sync */ }
    }
    if (set.metadata.deletionTimestamp) return out;
    for (const p of this.pods!.byIndex(ORPHAN_INDEX, set.metadata.namespace!)) {
      if (controllerRef(p) || p.metadata.deletionTimestamp || !member(p) || !matches(set, p)) continue;
      const next = clone(p);
      next.metadata.ownerReferences = [...(next.metadata.ownerReferences ?? []), newControllerRef(set, 'apps/v1', 'StatefulSet')];
      try {
        out.push(client.update('pods', next));
      } catch {
        // Someone else claimed it, or it is gone.
      }
    }
    return out;
  }

  /** ListRevisions after adoptOrphanRevisions: its revisions, with the orphans its selector matches adopted. */
  private revisionsOf(set: KObject): KObject[] {
    const out: KObject[] = [];
    for (const h of this.history!.byIndex(NAMESPACE_INDEX, set.metadata.namespace!)) {
      const ref = controllerRef(h);
      if (ref) {
        if (ref.uid === set.metadata.uid) out.push(h);
        continue;
      }
      if (set.metadata.deletionTimestamp || !matches(set, h)) continue;
      const next = clone(h);
      next.metadata.ownerReferences = [...(next.metadata.ownerReferences ?? []), newControllerRef(set, 'apps/v1', 'StatefulSet')];
      out.push(this.ctx!.client.update('controllerrevisions.apps', next));
    }
    return out.sort((a, b) => ((a as Any).revision ?? 0) - ((b as Any).revision ?? 0) || (a.metadata.name! < b.metadata.name! ? -1 : 1));
  }

  private syncStatefulSet(set: KObject): void {
    const client = this.ctx!.client;
    const now = this.ctx!.clock.now();
    const spec: Any = set.spec ?? {};
    const minReady = spec.minReadySeconds ?? 0;
    const pods = this.podsOf(set);
    const revisions = this.revisionsOf(set);
    const { current, update, collisionCount } = this.getRevisions(set, revisions);
    const currentSet = applyRevision(set, current);
    const updateSet = applyRevision(set, update);
    const currentName = current.metadata.name!;
    const updateName = update.metadata.name!;

    const start = startOrdinal(set);
    const end = endOrdinal(set);
    const replicas: (KObject | undefined)[] = new Array(Math.max(0, end - start + 1));
    const condemned: KObject[] = [];
    for (const p of pods) {
      const o = ordinalOf(p);
      if (o >= start && o <= end) replicas[o - start] = p;
      else if (o >= 0) condemned.push(p);
    }
    condemned.sort((a, b) => ordinalOf(b) - ordinalOf(a));
    const monotonic = spec.podManagementPolicy !== 'Parallel';
    const status = () => ({
      observedGeneration: set.metadata.generation ?? 0, currentRevision: currentName, updateRevision: updateName, collisionCount,
      ...countReplicas([...replicas.filter((p): p is KObject => !!p), ...condemned], minReady, now, currentName, updateName),
    });
    const finish = (deleted = 0) => {
      const s = status();
      s.currentReplicas -= deleted;
      this.writeStatus(set, s);
      this.truncateHistory(set, pods, revisions, current, update);
      if (minReady > 0 && s.readyReplicas !== s.availableReplicas) this.queue!.addAfter(key(set), minReady * 1000);
    };
    if (set.metadata.deletionTimestamp) return finish();

    // Replicas in ordinal order; in OrderedReady mode the first that is not Running and Ready ends the pass.
    for (let i = 0; i < replicas.length; i++) {
      const ord = start + i;
      let p = replicas[i];
      if (p && (podPhase(p) === 'Failed' || podPhase(p) === 'Succeeded')) {
        if (!isTerminating(p)) this.deletePod(set, p);
        if (monotonic) return finish();
        continue;
      }
      if (!p) {
        const partition = currentSet.spec && (currentSet.spec as Any).updateStrategy?.rollingUpdate;
        const useCurrent = ((currentSet.spec as Any).updateStrategy?.type === 'RollingUpdate' && !partition && i < ((set.status as Any)?.currentReplicas ?? 0))
          || (!!partition && i < (partition.partition ?? 0));
        p = useCurrent ? newStatefulSetPod(currentSet, ord, currentName) : newStatefulSetPod(updateSet, ord, updateName);
        // A claim still controlled by an earlier pod of this name waits for the garbage collector (PodClaimIsStale).
        if (this.claimIsStale(set, p)) {
          if (monotonic) return finish();
          continue;
        }
        // The pass goes on with the pod it built, not yet created in its eyes (no phase): counted from the next pass on.
        this.createPod(set, p);
        replicas[i] = p;
        if (monotonic) return finish();
        continue;
      }
      if (podPhase(p) === 'Pending') {
        this.createClaims(set, p);
        this.updateClaimsForRetention(set, p);
      }
      if (monotonic && (isTerminating(p) || !isRunningAndReady(p) || !isRunningAndAvailable(p, minReady, now))) return finish();
      if (!identityMatches(set, p) || !this.claimsMatchRetention(updateSet, p)) this.updateStatefulPod(set, updateSet, p);
    }

    // Condemned pods' claims take the policy's references before the pods go (so whenScaled: Delete reaches them).
    for (const p of condemned) {
      if (!this.claimsMatchRetention(updateSet, p)) this.updateClaimsForRetention(updateSet, p);
    }

    // Surplus pods, highest ordinal first; in OrderedReady mode one at a time, each after its predecessors are healthy.
    const firstUnhealthy = [...replicas, ...[...condemned].reverse()].find((p) => p && isUnavailable(p, minReady, now));
    for (const p of condemned) {
      if (isTerminating(p)) {
        if (monotonic) return finish();
        continue;
      }
      if (monotonic && p !== firstUnhealthy && (!isRunningAndReady(p) || !isRunningAndAvailable(p, minReady, now))) return finish();
      this.deletePod(set, p);
      if (monotonic) return finish();
    }

    if (spec.updateStrategy?.type === 'OnDelete') return finish();

    // updateStatefulSetAfterInvariantEstablished: at most maxUnavailable pods down, from the highest ordinal to the partition.
    const unavailable = replicas.filter((p) => !p || isUnavailable(p, minReady, now)).length;
    const max = maxUnavailable(set);
    if (unavailable > max) return finish();
    const partition = spec.updateStrategy?.rollingUpdate?.partition ?? 0;
    let deleted = 0;
    for (let t = replicas.length - 1; t >= partition && deleted < max - unavailable; t--) {
      const p = replicas[t];
      if (p && podRevision(p) !== updateName && !isTerminating(p)) {
        this.deletePod(set, p);
        deleted++;
      }
    }
    finish(deleted);
  }

  /** getStatefulSetRevisions: the update revision found (renumbered when an older one returns) or created, and the current one. */
  private getRevisions(set: KObject, revisions: KObject[]): { current: KObject; update: KObject; collisionCount: number } {
    const client = this.ctx!.client;
    let collisionCount = (set.status as Any)?.collisionCount ?? 0;
    const next = revisions.length ? ((revisions[revisions.length - 1] as Any).revision ?? 0) + 1 : 1;
    const data = revisionData(set);
    const equal = revisions.filter((r) => deepEqual((r as Any).data, data));
    let update: KObject;
    if (equal.length && equal[equal.length - 1] === revisions[revisions.length - 1]) update = revisions[revisions.length - 1];
    else if (equal.length) update = client.update('controllerrevisions.apps', { ...clone(equal[equal.length - 1]), revision: next } as KObject);
    else {
      for (;;) {
        try {
          update = client.create('controllerrevisions.apps', set.metadata.namespace, newRevision(set, next, collisionCount));
          break;
        } catch (e) {
          if (!isAlreadyExists(e)) throw e;
          // The name is taken: by this very template, which is then the update revision, or by another one (a
          // hash collision), counted before hashing again.
          const exists = client.get('controllerrevisions.apps', set.metadata.namespace, newRevision(set, next, collisionCount).metadata.name!);
          if (deepEqual((exists as Any).data, data)) {
            update = exists;
            break;
          }
          collisionCount++;
        }
      }
    }
    const currentName = (set.status as Any)?.currentRevision;
    const current = revisions.find((r) => r.metadata.name === currentName) ?? update;
    return { current, update, collisionCount };
  }

  /**
   * createPersistentVolumeClaims: each claim the pod uses, made when missing; every claim is tried, and the
   * failures come back as one aggregate error (a single one as itself, several as `[a, b]`).
   */
  private createClaims(set: KObject, pod: KObject): void {
    const client = this.ctx!.client;
    const errs: string[] = [];
    for (const claim of claimsFor(set, ordinalOf(pod))) {
      const got = client.tryGet('persistentvolumeclaims', claim.metadata.namespace, claim.metadata.name!);
      if (got) {
        if (got.metadata.deletionTimestamp) errs.push(`pvc ${claim.metadata.name} is being deleted`);
        continue;
      }
      try {
        client.create('persistentvolumeclaims', claim.metadata.namespace, claim);
        this.recorder!.event(set, 'Normal', 'SuccessfulCreate', `create Claim ${claim.metadata.name} Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} success`);
      } catch (err) {
        const msg = (err as Error).message;
        errs.push(`failed to create PVC ${claim.metadata.name}: ${msg}`);
        if (!isAlreadyExists(err)) this.recorder!.event(set, 'Warning', 'FailedCreate', `create Claim ${claim.metadata.name} for Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} failed error: ${msg}`);
      }
    }
    if (errs.length) throw new Error(errs.length === 1 ? errs[0] : `[${errs.join(', ')}]`);
  }

  /** The pod's claims as stored (GetClaim for each template's claim name); undefined where none is. */
  private storedClaims(set: KObject, pod: KObject): (KObject | undefined)[] {
    const client = this.ctx!.client;
    return claimsFor(set, ordinalOf(pod)).map((c) => client.tryGet('persistentvolumeclaims', c.metadata.namespace, c.metadata.name!));
  }

  private claimIsStale(set: KObject, pod: KObject): boolean {
    return this.storedClaims(set, pod).some((claim) => claimIsStale(set, pod, claim));
  }

  /** ClaimsMatchRetentionPolicy: every existing claim of the pod already carries the references the policy wants. */
  private claimsMatchRetention(set: KObject, pod: KObject): boolean {
    return this.storedClaims(set, pod).every((claim) => !claim || isClaimOwnerUpToDate(claim, set, pod));
  }

  /** UpdatePodClaimForRetentionPolicy: each existing claim of the pod rewritten with the policy's references. */
  private updateClaimsForRetention(set: KObject, pod: KObject): void {
    const client = this.ctx!.client;
    for (const claim of this.storedClaims(set, pod)) {
      if (!claim) continue;
      if (hasUnexpectedController(claim, set, pod)) this.recorder!.event(set, 'Warning', 'ConflictingController', conflictingControllerMessage(claim.metadata.name!));
      if (isClaimOwnerUpToDate(claim, set, pod)) continue;
      const next = clone(claim);
      const refs = claimOwnerRefs(claim, set, pod);
      if (refs.length) next.metadata.ownerReferences = refs;
      else delete next.metadata.ownerReferences;
      try {
        client.update('persistentvolumeclaims', next);
      } catch (e) {
        throw new Error(`could not update claim ${claim.metadata.name} for delete policy ownerRefs: ${(e as Error).message}`);
      }
    }
  }

  /** UpdateStatefulPod: the pod's identity labels and its claims' references made right, with its event. */
  private updateStatefulPod(set: KObject, updateSet: KObject, pod: KObject): void {
    try {
      let next: KObject | undefined;
      if (!identityMatches(updateSet, pod)) {
        next = clone(pod);
        next.metadata.labels = { ...next.metadata.labels, [STATEFUL_SET_POD_NAME_LABEL]: pod.metadata.name!, [POD_INDEX_LABEL]: String(ordinalOf(pod)) };
      }
      if (!this.claimsMatchRetention(updateSet, pod)) this.updateClaimsForRetention(updateSet, pod);
      if (next) this.ctx!.client.update('pods', next);
      this.podEvent('update', set, pod);
    } catch (e) {
      this.podEvent('update', set, pod, e);
      throw e;
    }
  }

  /** CreateStatefulPod: its claims first, then the pod, each with its event. */
  private createPod(set: KObject, pod: KObject): void {
    try {
      this.createClaims(set, pod);
    } catch (e) {
      this.podEvent('create', set, pod, e);
      throw e;
    }
    try {
      this.ctx!.client.create('pods', set.metadata.namespace, pod);
    } catch (e) {
      if (isAlreadyExists(e)) return;
      this.podEvent('create', set, pod, e);
      throw e;
    }
    // The claims take the policy's references as far as they can now (the pod built here has no UID yet).
    try {
      this.updateClaimsForRetention(set, pod);
    } catch (e) {
      this.podEvent('update', set, pod, e);
      throw e;
    }
    this.podEvent('create', set, pod);
  }

  /** recordPodEvent: SuccessfulVerb, or FailedVerb with the error. */
  private podEvent(verb: 'create' | 'update' | 'delete', set: KObject, pod: KObject, err?: unknown): void {
    const reason = verb[0].toUpperCase() + verb.slice(1);
    if (err === undefined) this.recorder!.event(set, 'Normal', `Successful${reason}`, `${verb} Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} successful`);
    else this.recorder!.event(set, 'Warning', `Failed${reason}`, `${verb} Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} failed error: ${(err as Error).message}`);
  }

  private deletePod(set: KObject, pod: KObject): void {
    try {
      this.ctx!.client.delete('pods', pod.metadata.namespace, pod.metadata.name!);
      this.podEvent('delete', set, pod);
    } catch (e) {
      if (isNotFound(e)) return;
      this.podEvent('delete', set, pod, e);
      throw e;
    }
  }

  /** updateStatefulSetStatus: completeRollingUpdate, then a write only when something changed. */
  private writeStatus(set: KObject, s: ReturnType<typeof countReplicas> & { observedGeneration: number; currentRevision: string; updateRevision: string; collisionCount: number }): void {
    const replicas = (set.spec as Any)?.replicas ?? 1;
    if ((set.spec as Any)?.updateStrategy?.type === 'RollingUpdate' && s.updatedReplicas === replicas && s.readyReplicas === replicas && s.replicas === replicas) {
      s.currentReplicas = s.updatedReplicas;
      s.currentRevision = s.updateRevision;
    }
    const next = statusObject(s);
    if (deepEqual(set.status ?? {}, next)) return;
    const updated = clone(set);
    updated.status = next;
    this.ctx!.client.updateStatus('statefulsets.apps', updated);
  }

  /** truncateHistory: revisions no pod, nor the current or update revision, uses, beyond revisionHistoryLimit, oldest first. */
  private truncateHistory(set: KObject, pods: KObject[], revisions: KObject[], current: KObject, update: KObject): void {
    const live = new Set([current.metadata.name, update.metadata.name, ...pods.map(podRevision)]);
    const old = revisions.filter((r) => !live.has(r.metadata.name));
    const limit = (set.spec as Any)?.revisionHistoryLimit ?? 10;
    if (limit < 0 || old.length <= limit) return;
    for (const r of old.slice(0, old.length - limit)) {
      try { this.ctx!.client.delete('controllerrevisions.apps', r.metadata.namespace, r.metadata.name!); } catch (e) { if (!isNotFound(e)) throw e; }
    }
  }
}
