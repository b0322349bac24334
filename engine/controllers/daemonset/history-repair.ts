/**
 * The rarer half of a DaemonSet's history (pkg/controller/daemon/update.go), loaded on first use: claiming
 * revisions (ClaimControllerRevisions: adopt a matching orphan, release one that stopped matching, label one
 * without its hash), deduplicating revisions of the current template (dedupCurHistories), a hash collision
 * (snapshot bumps status.collisionCount) and truncation beyond revisionHistoryLimit (cleanupHistory).
 */
import type { Client } from '../../api/client.js';
import { isAlreadyExists } from '../../api/errors.js';
import { clone, controllerRef, type KObject } from '../../api/meta.js';
import type { Selector } from '../../api/selectors.js';
import { matchesRevision, newRevision, planHistory, type Revision } from './history.js';
import { CONTROLLER_REVISION_HASH_LABEL as HASH } from './pod.js';

/** dedupCurHistories: the one with the highest revision (the last of equals) is kept. */
export function keptRevision(current: readonly Revision[]): Revision {
  let keep = current[0];
  for (const h of current) if ((h.revision ?? 0) >= (keep.revision ?? 0)) keep = h;
  return keep;
}

/**
 * cleanupHistory: beyond revisionHistoryLimit, the oldest revisions go first, except
 * those some live pod still carries the hash of.
 */
export function revisionsToDelete(ds: KObject, old: readonly Revision[], liveHashes: ReadonlySet<string>): string[] {
  let toKill = old.length - ((ds.spec as { revisionHistoryLimit?: number }).revisionHistoryLimit ?? 10);
  const out: string[] = [];
  for (const h of [...old].sort((a, b) => (a.revision ?? 0) - (b.revision ?? 0))) {
    if (toKill <= 0) break;
    if (liveHashes.has(h.metadata.labels?.[HASH] ?? '')) continue;
    out.push(h.metadata.name!);
    toKill--;
  }
  return out;
}

/**
 * constructHistory with every repair: `candidates` are the namespace's revisions the DaemonSet controls or
 * could adopt. Returns the current revision's hash and the old revisions.
 */
export function constructHistory(client: Client, ds: KObject, candidates: readonly Revision[], hash: string, selector: Selector, nodeToPods: Map<string, KObject[]>): { hash: string; old: Revision[] } {
  const ns = ds.metadata.namespace!;
  const histories: Revision[] = [];
  for (let h of candidates) {
    const ref = controllerRef(h);
    if (ref && !selector.matches(h.metadata.labels)) {
      const next = clone(h);
      next.metadata.ownerReferences = next.metadata.ownerReferences!.filter((r) => r.uid !== ds.metadata.uid);
      client.update('controllerrevisions.apps', next);
      continue;
    }
    if (!ref || !h.metadata.labels?.[HASH]) {
      const next = clone(h);
      if (!ref) (next.metadata.ownerReferences ??= []).push(newRevision(ds, '', 0).metadata.ownerReferences![0]);
      // A revision without the hash label gets its name as the label, which cannot collide.
      (next.metadata.labels ??= {})[HASH] ??= next.metadata.name!;
      h = client.update('controllerrevisions.apps', next);
    }
    histories.push(h);
  }
  const plan = planHistory(ds, histories);
  if (!plan.current.length) return { hash: snapshot(client, ds, hash, plan.next).metadata.labels![HASH], old: plan.old };
  const cur = keptRevision(plan.current);
  const curHash = cur.metadata.labels![HASH];
  if (plan.current.length > 1) {
    for (const pods of nodeToPods.values()) {
      for (const p of pods) {
        if (p.metadata.labels?.[HASH] !== curHash) client.patch('pods', ns, p.metadata.name!, 'merge', { metadata: { labels: { [HASH]: curHash } } });
      }
    }
    for (const h of plan.current) if (h !== cur) client.delete('controllerrevisions.apps', ns, h.metadata.name!);
  }
  if ((cur.revision ?? 0) < plan.next) client.update('controllerrevisions.apps', { ...clone(cur), revision: plan.next } as KObject);
  return { hash: curHash, old: plan.old };
}

/** snapshot: a hash that names another template's revision bumps status.collisionCount, and the sync is retried. */
function snapshot(client: Client, ds: KObject, hash: string, revision: number): Revision {
  const ns = ds.metadata.namespace!;
  const cr = newRevision(ds, hash, revision);
  try {
    return client.create('controllerrevisions.apps', ns, cr);
  } catch (e) {
    if (!isAlreadyExists(e)) throw e;
    const existing = client.get('controllerrevisions.apps', ns, cr.metadata.name!);
    if (matchesRevision(ds, existing)) return existing;
    const fresh = clone(client.get('daemonsets.apps', ns, ds.metadata.name!));
    const status = (fresh.status ??= {}) as { collisionCount?: number };
    // A stale collision count is not bumped again: the retry sees the new one.
    if (status.collisionCount === (ds.status as { collisionCount?: number } | undefined)?.collisionCount) {
      status.collisionCount = (status.collisionCount ?? 0) + 1;
      client.updateStatus('daemonsets.apps', fresh);
    }
    throw e;
  }
}

/** cleanupHistory: old revisions beyond revisionHistoryLimit whose hash no pod carries are deleted. */
export function cleanupHistory(client: Client, ds: KObject, old: readonly Revision[], nodeToPods: Map<string, KObject[]>): void {
  const live = new Set<string>();
  for (const pods of nodeToPods.values()) for (const p of pods) if (p.metadata.labels?.[HASH]) live.add(p.metadata.labels[HASH]);
  for (const name of revisionsToDelete(ds, old, live)) client.delete('controllerrevisions.apps', ds.metadata.namespace!, name);
}
