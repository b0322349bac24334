/**
 * A DaemonSet's ControllerRevisions (pkg/controller/daemon/update.go:
 * constructHistory, snapshot, dedupCurHistories, cleanupHistory, Match,
 * getPatch). Each template the DaemonSet has had is kept as a strategic merge
 * patch that puts it back, `{"spec":{"template":{…,"$patch":"replace"}}}`,
 * named `<ds>-<hash>` and numbered: the current template always holds the
 * highest revision, so an old one that returns (a rollback) is renumbered.
 * This is what every DaemonSet needs (kube-proxy's at boot); the repairs
 * (adoption, duplicates, hash collisions, truncation) are in history-repair.ts,
 * loaded on first use.
 */
import type { PodTemplateSpec } from 'kubernetes-types/core/v1';
import { controllerRef, deepEqual, newControllerRef, stableStringify, type KObject } from '../../api/meta.js';
import { CONTROLLER_REVISION_HASH_LABEL } from './pod.js';

export type Revision = KObject & { data?: unknown; revision?: number };

/** getPatch: the data a revision of this DaemonSet's current template holds. */
export function revisionData(ds: KObject): Record<string, unknown> {
  return { spec: { template: { ...(ds.spec as { template?: PodTemplateSpec }).template, $patch: 'replace' } } };
}

/** Match: the revision holds the DaemonSet's current template. */
export function matchesRevision(ds: KObject, cr: Revision): boolean {
  return deepEqual(revisionData(ds), cr.data);
}

/** snapshot's object: the template's labels plus the hash, the DaemonSet's annotations, controlled by it. */
export function newRevision(ds: KObject, hash: string, revision: number): Revision {
  const labels = (ds.spec as { template?: PodTemplateSpec }).template?.metadata?.labels;
  return {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: {
      name: `${ds.metadata.name}-${hash}`,
      namespace: ds.metadata.namespace,
      labels: { ...labels, [CONTROLLER_REVISION_HASH_LABEL]: hash },
      ...(ds.metadata.annotations ? { annotations: { ...ds.metadata.annotations } } : {}),
      ownerReferences: [newControllerRef(ds, 'apps/v1', 'DaemonSet')],
    },
    // Go marshals the patch from a map: keys sorted, as kubectl's rollback compares the bytes.
    data: JSON.parse(stableStringify(revisionData(ds))),
    revision,
  };
}

export interface HistoryPlan {
  /** Revisions holding the current template (more than one only after a hash collision or a race). */
  current: Revision[];
  old: Revision[];
  /** The number the current revision must carry: one above every old one. */
  next: number;
}

/** constructHistory's split of the controlled revisions into the current template's and the old ones. */
export function planHistory(ds: KObject, histories: readonly Revision[]): HistoryPlan {
  const current: Revision[] = [];
  const old: Revision[] = [];
  let max = 0;
  for (const h of histories) {
    if (matchesRevision(ds, h)) current.push(h);
    else {
      old.push(h);
      max = Math.max(max, h.revision ?? 0);
    }
  }
  return { current, old, next: max + 1 };
}

/** The DaemonSet a revision names as its controller, if any. */
export function revisionOwner(cr: KObject): string | undefined {
  const ref = controllerRef(cr);
  return ref?.kind === 'DaemonSet' ? `${cr.metadata.namespace}/${ref.name}` : undefined;
}
