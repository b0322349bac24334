/**
 * What a sync would count over a ReplicaSet's pods, kept up to date from the
 * pod informer's events instead of recounted on every sync. Upstream walks all
 * of a set's pods each sync (claim, then calculateStatus); with 150,000
 * replicas and a sync after every instant with a pod change that walk is the
 * controller's whole cost. The counts here are exactly those the walk gives
 * whenever the walk would claim nothing and release nothing: the controller
 * checks that (no orphans in the namespace, every owned active pod matching)
 * and otherwise takes the upstream path.
 */
import { controllerRef, objectKey } from '../../api/meta.js';
import { labelSelectorAsSelector, selectorFromSet, type Selector } from '../../api/selectors.js';
import { isPodActive, isPodReady, isPodTerminating, type PodLike } from './podutil.js';
import type { ReplicaSetLike } from './types.js';

const ACTIVE = 1;
const TERMINATING = 2;
const MATCHES = 4;
const READY = 8;
const FULLY_LABELED = 16;

/** The counts calculateStatus needs, over the pods a sync claims. */
export interface PodCounts {
  /** active pods the set owns and whose labels match its selector */
  replicas: number;
  fullyLabeled: number;
  ready: number;
  /** pods the set owns that are being deleted (matching or not, as the sync counts them) */
  terminating: number;
}

export function emptyCounts(): PodCounts {
  return { replicas: 0, fullyLabeled: 0, ready: 0, terminating: 0 };
}

/** One pod's part in its owner's counts. */
export function podBits(pod: PodLike, selector: Selector, templateLabels: Selector): number {
  let bits = 0;
  if (isPodTerminating(pod)) bits |= TERMINATING;
  if (!isPodActive(pod)) return bits;
  bits |= ACTIVE;
  if (!selector.matches(pod.metadata.labels)) return bits;
  bits |= MATCHES;
  if (isPodReady(pod)) bits |= READY;
  if (templateLabels.matches(pod.metadata.labels)) bits |= FULLY_LABELED;
  return bits;
}

/** Adds (sign 1) or removes (sign -1) a pod's bits to `c`; active pods that do not match go to `unmatched`. */
function apply(c: OwnerTally, bits: number, sign: 1 | -1): void {
  if (bits & TERMINATING) c.counts.terminating += sign;
  if (!(bits & ACTIVE)) return;
  if (!(bits & MATCHES)) {
    c.unmatched += sign;
    return;
  }
  c.counts.replicas += sign;
  if (bits & READY) c.counts.ready += sign;
  if (bits & FULLY_LABELED) c.counts.fullyLabeled += sign;
}

interface OwnerTally {
  /** the selector and template labels the bits were computed against */
  shape: string;
  selector: Selector;
  templateLabels: Selector;
  counts: PodCounts;
  /** owned active pods that no longer match the selector: the sync must release them */
  unmatched: number;
}

/** The selector and template labels a tally depends on, as one comparable text. */
function shapeOf(rs: ReplicaSetLike): string {
  return JSON.stringify([rs.spec?.selector ?? null, rs.spec?.template?.metadata?.labels ?? null]);
}

export class PodTally {
  private owners = new Map<string, OwnerTally>();
  /** pod key → the owner UID and bits it was counted under */
  private counted = new Map<string, { uid: string; bits: number }>();

  /**
   * The set's counts, (re)built from `owned` (the pods whose controller is the set)
   * when it has none yet or its selector or template labels changed. Undefined
   * for an invalid selector.
   */
  countsFor(rs: ReplicaSetLike, owned: () => PodLike[]): { counts: PodCounts; unmatched: number } | undefined {
    const uid = rs.metadata.uid!;
    const shape = shapeOf(rs);
    let t = this.owners.get(uid);
    if (!t || t.shape !== shape) {
      let selector: Selector;
      try {
        selector = labelSelectorAsSelector(rs.spec?.selector);
      } catch {
        return undefined;
      }
      if (t) this.forget(uid);
      t = { shape, selector, templateLabels: selectorFromSet(rs.spec?.template?.metadata?.labels), counts: emptyCounts(), unmatched: 0 };
      this.owners.set(uid, t);
      for (const pod of owned()) this.add(pod);
    }
    return { counts: { ...t.counts }, unmatched: t.unmatched };
  }

  /** Drops a set's tally (the set is gone). */
  forget(uid: string): void {
    if (!this.owners.delete(uid)) return;
    for (const [key, c] of this.counted) if (c.uid === uid) this.counted.delete(key);
  }

  add(pod: PodLike): void {
    const uid = controllerRef(pod)?.uid;
    if (!uid) return;
    const t = this.owners.get(uid);
    if (!t) return;
    const key = objectKey(pod);
    this.remove(pod);
    const bits = podBits(pod, t.selector, t.templateLabels);
    apply(t, bits, 1);
    this.counted.set(key, { uid, bits });
  }

  /**
   * remove(old) then add(pod), for two versions of one pod (one key), looking the key up once: the usual update
   * (a status write) keeps the pod's controller, and its bits are counted again in place.
   */
  update(_old: PodLike, pod: PodLike): void {
    const key = objectKey(pod);
    const uid = controllerRef(pod)?.uid;
    const c = this.counted.get(key);
    if (c) {
      const t = this.owners.get(c.uid);
      if (t && uid === c.uid) {
        const bits = podBits(pod, t.selector, t.templateLabels);
        apply(t, c.bits, -1);
        apply(t, bits, 1);
        c.bits = bits;
        return;
      }
      this.counted.delete(key);
      if (t) apply(t, c.bits, -1);
    }
    if (!uid) return;
    const t = this.owners.get(uid);
    if (!t) return;
    const bits = podBits(pod, t.selector, t.templateLabels);
    apply(t, bits, 1);
    this.counted.set(key, { uid, bits });
  }

  remove(pod: PodLike): void {
    const key = objectKey(pod);
    const c = this.counted.get(key);
    if (!c) return;
    this.counted.delete(key);
    const t = this.owners.get(c.uid);
    if (t) apply(t, c.bits, -1);
  }
}
