/**
 * The dependency graph the collector keeps (graph.go + graph_builder.go): one
 * node per object seen by the informers, keyed by uid, with its owner
 * references and the set of objects that name it as owner. Owners referenced
 * but not (yet) seen are "virtual" nodes. Applying an informer event returns
 * the uids to look at again, so the builder stays a pure bookkeeping step.
 */
import type { OwnerReference } from 'kubernetes-types/meta/v1';
import type { KObject } from '../../api/meta.js';
import { FINALIZER_DELETE_DEPENDENTS, FINALIZER_ORPHAN, hasFinalizer, sameOwnerRefs } from './owners.js';

/** Shared by every node without dependents (most: pods); replaced by a node's own set on its first. */
/** The owners of a node without any: one frozen list for all (a node's owners are replaced, never changed in place). */
const NO_OWNERS: OwnerReference[] = Object.freeze([]) as unknown as OwnerReference[];
const NO_DEPENDENTS: Set<GraphNode> = new Set();

export interface GraphNode {
  uid: string;
  /** false for a virtual node: referenced as an owner but not observed. */
  observed: boolean;
  resource: string;
  namespace?: string;
  name: string;
  owners: OwnerReference[];
  dependents: Set<GraphNode>;
  beingDeleted: boolean;
  deletingDependents: boolean;
  orphaning: boolean;
}

export interface GraphChanges {
  /** uids for attemptToDelete */
  attemptToDelete: string[];
  /** uids for attemptToOrphan */
  attemptToOrphan: string[];
}

export class Graph {
  readonly nodes = new Map<string, GraphNode>();

  get(uid: string): GraphNode | undefined {
    return this.nodes.get(uid);
  }

  /** An object was added or changed. */
  observe(resource: string, obj: KObject): GraphChanges {
    const out: GraphChanges = { attemptToDelete: [], attemptToOrphan: [] };
    const uid = obj.metadata.uid;
    if (!uid) return out;
    const refs = obj.metadata.ownerReferences ?? [];
    let node = this.nodes.get(uid);
    const wasDeletingDependents = !!node?.observed && node.deletingDependents;
    const wasOrphaning = !!node?.observed && node.orphaning;
    if (!node) {
      node = { uid, observed: false, resource, namespace: obj.metadata.namespace, name: obj.metadata.name!, owners: NO_OWNERS, dependents: NO_DEPENDENTS, beingDeleted: false, deletingDependents: false, orphaning: false };
      this.nodes.set(uid, node);
    }
    if (!node.observed) {
      node.observed = true;
      node.resource = resource;
      node.namespace = obj.metadata.namespace;
      node.name = obj.metadata.name!;
      node.owners = NO_OWNERS;
    }
    if (!sameOwnerRefs(node.owners, refs)) this.setOwners(node, refs, out);
    node.beingDeleted = !!obj.metadata.deletionTimestamp;
    node.deletingDependents = node.beingDeleted && hasFinalizer(obj, FINALIZER_DELETE_DEPENDENTS);
    node.orphaning = node.beingDeleted && hasFinalizer(obj, FINALIZER_ORPHAN);
    if (node.orphaning && !wasOrphaning) {
      out.attemptToOrphan.push(uid);
      return out;
    }
    if (node.deletingDependents && !wasDeletingDependents) {
      for (const d of node.dependents) out.attemptToDelete.push(d.uid);
      out.attemptToDelete.push(uid);
    }
    return out;
  }

  /** An object is gone: its dependents lose an owner, its owners a blocking dependent. */
  remove(obj: KObject): GraphChanges {
    const out: GraphChanges = { attemptToDelete: [], attemptToOrphan: [] };
    const uid = obj.metadata.uid;
    const node = uid ? this.nodes.get(uid) : undefined;
    if (!node || !node.observed) return out;
    this.setOwners(node, [], out);
    node.observed = false;
    node.beingDeleted = false;
    node.deletingDependents = false;
    node.orphaning = false;
    if (node.dependents.size === 0) this.nodes.delete(node.uid);
    else for (const d of node.dependents) out.attemptToDelete.push(d.uid);
    return out;
  }

  private setOwners(node: GraphNode, refs: readonly OwnerReference[], out: GraphChanges): void {
    if (node.owners.length > 0) {
      const next = new Map(refs.map((r) => [r.uid, r]));
      for (const old of node.owners) {
        const owner = this.nodes.get(old.uid);
        const now = next.get(old.uid);
        if (now && !!now.blockOwnerDeletion === !!old.blockOwnerDeletion) continue;
        // A reference went away or stopped blocking: an owner waiting on its dependents may now finish.
        if (owner?.deletingDependents) out.attemptToDelete.push(owner.uid);
        if (!now && owner) {
          owner.dependents.delete(node);
          if (!owner.observed && owner.dependents.size === 0) this.nodes.delete(owner.uid);
        }
      }
    }
    for (const r of refs) {
      if (node.owners.length > 0 && node.owners.some((o) => o.uid === r.uid)) continue;
      let owner = this.nodes.get(r.uid);
      if (!owner) {
        owner = { uid: r.uid, observed: false, resource: '', name: r.name, owners: [], dependents: new Set(), beingDeleted: false, deletingDependents: false, orphaning: false };
        this.nodes.set(r.uid, owner);
      }
      if (owner.dependents === NO_DEPENDENTS) owner.dependents = new Set();
      owner.dependents.add(node);
      // The owner has not been seen (yet): the collector checks with the API server whether it exists.
      if (!owner.observed) out.attemptToDelete.push(node.uid);
    }
    // Stored objects are frozen snapshots, so the references can be kept as they are.
    node.owners = refs as OwnerReference[];
  }
}
