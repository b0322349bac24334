/**
 * The garbage collector (pkg/controller/garbagecollector): watches every
 * deletable resource, keeps the owner/dependent graph, and
 *  - deletes dependents whose owners are gone (background propagation),
 *  - deletes the blocking dependents of an owner in foreground deletion, then
 *    removes its `foregroundDeletion` finalizer so it can go,
 *  - strips the owner's references from the dependents of an owner deleted with
 *    propagationPolicy Orphan, then removes its `orphan` finalizer.
 * Owners are always checked against the API server, never only the cache, as
 * the real collector does with its live lookups.
 */
import { isNotFound } from '../../api/errors.js';
import { clone, type KObject } from '../../api/meta.js';
import { RESOURCES, lookupKind, resourceKey } from '../../api/resources.js';
import { WorkQueue } from '../framework.js';
import type { Controller, ControllerContext } from '../manager.js';
import { Graph, type GraphChanges, type GraphNode } from './graph.js';
import { FINALIZER_DELETE_DEPENDENTS, FINALIZER_ORPHAN, decide, hasFinalizer, ownerState, sameOwnerRefs, type OwnerState } from './owners.js';

function sameList(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  if (a === b) return true;
  if ((a?.length ?? 0) !== (b?.length ?? 0)) return false;
  return (a ?? []).every((x, i) => x === b![i]);
}

export const GARBAGE_COLLECTOR_CONTROLLER = 'garbage-collector-controller';

/** --garbage-collector ignored resources (DefaultIgnoredResources): events never own or get collected. */
const IGNORED = new Set(['events', 'events.events.k8s.io', 'bindings']);

/** The resources the collector watches: everything stored that can be listed, watched and deleted. */
export function monitoredResources(): string[] {
  const out: string[] = [];
  for (const r of RESOURCES) {
    if (r.virtual || r.computed) continue;
    const key = resourceKey(r);
    if (IGNORED.has(key)) continue;
    if (!r.verbs.includes('watch') || !r.verbs.includes('delete')) continue;
    out.push(key);
  }
  return out;
}

export class GarbageCollector implements Controller {
  readonly name = GARBAGE_COLLECTOR_CONTROLLER;
  readonly graph = new Graph();
  private ctx?: ControllerContext;
  private attemptToDelete?: WorkQueue;
  private attemptToOrphan?: WorkQueue;

  start(ctx: ControllerContext): void {
    this.ctx = ctx;
    this.attemptToDelete = new WorkQueue(ctx.clock, (uid) => this.processDelete(uid), 'garbage_collector_attempt_to_delete');
    this.attemptToOrphan = new WorkQueue(ctx.clock, (uid) => this.processOrphan(uid), 'garbage_collector_attempt_to_orphan');
    this.monitored.clear();
    this.syncMonitors(false);
    // GarbageCollector.Sync: every 30s the monitors follow discovery (the resources CRDs come to serve).
    this.stopSync?.();
    this.stopSync = ctx.clock.every(30_000, () => this.syncMonitors(true));
  }

  /** The resources the collector's handlers watch (a deleted CRD's informer keeps relisting until it is served again). */
  private monitored = new Set<string>();
  private stopSync?: () => void;

  /** Monitors for the resources discovery lists that have none yet; started if the component's informers already are. */
  private syncMonitors(start: boolean): void {
    const ctx = this.ctx!;
    for (const resource of monitoredResources()) {
      if (this.monitored.has(resource)) continue;
      this.monitored.add(resource);
      const informer = ctx.informers.for(resource);
      informer.addEventHandler({
        add: (o) => this.apply(this.graph.observe(resource, o)),
        update: (old, o) => {
          // Status writes are most of the traffic: skip them unless something the graph keeps changed.
          if (sameOwnerRefs(old.metadata.ownerReferences, o.metadata.ownerReferences) && old.metadata.deletionTimestamp === o.metadata.deletionTimestamp
            && sameList(old.metadata.finalizers, o.metadata.finalizers) && this.graph.get(o.metadata.uid!)?.observed) return;
          this.apply(this.graph.observe(resource, o));
        },
        delete: (o) => this.apply(this.graph.remove(o)),
      });
      if (start) informer.start();
    }
  }

  stop(): void {
    this.stopSync?.();
    this.stopSync = undefined;
    this.attemptToDelete?.stop();
    this.attemptToOrphan?.stop();
  }

  private apply(ch: GraphChanges): void {
    for (const uid of ch.attemptToDelete) this.attemptToDelete!.add(uid);
    for (const uid of ch.attemptToOrphan) this.attemptToOrphan!.add(uid);
  }

  private live(node: GraphNode): KObject | undefined {
    const obj = this.ctx!.client.tryGet(node.resource, node.namespace, node.name);
    return obj && obj.metadata.uid === node.uid ? obj : undefined;
  }

  /** The owner a reference names, as the API server has it now; null when its kind is not served (cannot tell). */
  private lookupOwner(ref: { apiVersion: string; kind: string; name: string }, namespace: string | undefined): KObject | undefined | null {
    const info = lookupKind(ref.apiVersion, ref.kind);
    if (!info || info.virtual) return null;
    // A cluster-scoped object cannot be owned by a namespaced kind: the reference is unresolvable and the object is never collected.
    if (info.namespaced && !namespace) return null;
    return this.ctx!.client.tryGet(resourceKey(info), info.namespaced ? namespace : undefined, ref.name);
  }

  private processDelete(uid: string): void {
    try {
      this.attemptToDeleteItem(uid);
      this.attemptToDelete!.forget(uid);
    } catch (e) {
      // Gone meanwhile: the graph hears of it. Anything else (a conflict, the API server down) is retried.
      if (isNotFound(e)) this.attemptToDelete!.forget(uid);
      else this.attemptToDelete!.addRateLimited(uid);
    }
  }

  private attemptToDeleteItem(uid: string): void {
    const node = this.graph.get(uid);
    if (!node || !node.observed) return;
    const latest = this.live(node);
    if (!latest) return;
    if (latest.metadata.deletionTimestamp && !hasFinalizer(latest, FINALIZER_DELETE_DEPENDENTS)) return;
    if (latest.metadata.deletionTimestamp && hasFinalizer(latest, FINALIZER_DELETE_DEPENDENTS)) {
      this.processDeletingDependents(node, latest);
      return;
    }
    const refs = latest.metadata.ownerReferences ?? [];
    if (refs.length === 0) return;
    const states: { ref: (typeof refs)[number]; state: OwnerState }[] = [];
    for (const ref of refs) {
      const owner = this.lookupOwner(ref, latest.metadata.namespace);
      // An owner of a kind we do not serve cannot be checked: leave the object alone.
      states.push({ ref, state: owner === null ? 'solid' : ownerState(ref, owner) });
    }
    let depDeleting = false;
    for (const d of node.dependents) if (d.deletingDependents) depDeleting = true;
    const decision = decide(latest, states, node.dependents.size > 0, depDeleting);
    const client = this.ctx!.client;
    switch (decision.action) {
      case 'none':
        return;
      case 'removeOwnerReferences': {
        const next = clone(latest);
        next.metadata.ownerReferences = refs.filter((r) => !decision.uids.includes(r.uid));
        if (next.metadata.ownerReferences.length === 0) delete next.metadata.ownerReferences;
        client.update(node.resource, next);
        return;
      }
      case 'unblockOwnerReferences': {
        const next = clone(latest);
        next.metadata.ownerReferences = refs.map((r) => ({ ...r, blockOwnerDeletion: false }));
        client.update(node.resource, next);
        this.attemptToDelete!.add(uid);
        return;
      }
      case 'delete':
        client.delete(node.resource, node.namespace, node.name, {
          propagationPolicy: decision.propagationPolicy,
          preconditions: { uid: latest.metadata.uid, resourceVersion: latest.metadata.resourceVersion },
        });
        return;
    }
  }

  /** An owner in foreground deletion: delete its blocking dependents, or let it go when none is left. */
  private processDeletingDependents(node: GraphNode, latest: KObject): void {
    const blocking: GraphNode[] = [];
    for (const d of node.dependents) {
      if (!d.observed) continue;
      if (d.owners.some((r) => r.uid === node.uid && r.blockOwnerDeletion)) blocking.push(d);
    }
    if (blocking.length === 0) {
      this.removeFinalizer(node, latest, FINALIZER_DELETE_DEPENDENTS);
      return;
    }
    for (const d of blocking) if (!d.deletingDependents) this.attemptToDelete!.add(d.uid);
  }

  private removeFinalizer(node: GraphNode, latest: KObject, finalizer: string): void {
    if (!hasFinalizer(latest, finalizer)) return;
    const next = clone(latest);
    next.metadata.finalizers = (next.metadata.finalizers ?? []).filter((f) => f !== finalizer);
    if (next.metadata.finalizers.length === 0) delete next.metadata.finalizers;
    this.ctx!.client.update(node.resource, next);
  }

  private processOrphan(uid: string): void {
    try {
      const node = this.graph.get(uid);
      if (!node || !node.observed) return;
      const latest = this.live(node);
      if (!latest || !latest.metadata.deletionTimestamp || !hasFinalizer(latest, FINALIZER_ORPHAN)) return;
      for (const d of [...node.dependents]) {
        if (!d.observed) continue;
        const dep = this.live(d);
        const refs = dep?.metadata.ownerReferences;
        if (!dep || !refs?.some((r) => r.uid === uid)) continue;
        const next = clone(dep);
        next.metadata.ownerReferences = refs.filter((r) => r.uid !== uid);
        if (next.metadata.ownerReferences.length === 0) delete next.metadata.ownerReferences;
        this.ctx!.client.update(d.resource, next);
      }
      this.removeFinalizer(node, this.live(node) ?? latest, FINALIZER_ORPHAN);
      this.attemptToOrphan!.forget(uid);
    } catch (e) {
      if (isNotFound(e)) return;
      this.attemptToOrphan!.addRateLimited(uid);
    }
  }
}
