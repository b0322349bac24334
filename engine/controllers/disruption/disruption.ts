/**
 * The disruption controller (pkg/controller/disruption/disruption.go, release-1.35): for every
 * PodDisruptionBudget, the pods its selector picks, how many of them the budget expects (their controllers'
 * scale, when a percentage or maxUnavailable needs it), how many are healthy, and so how many disruptions the
 * eviction subresource may allow now (status.disruptionsAllowed and the DisruptionAllowed condition). It syncs a
 * budget when the budget or one of its pods changes, and again when an entry of status.disruptedPods (written
 * by an approved eviction) expires. It also resets a DisruptionTarget condition left on a pod that was never
 * deleted.
 *
 * Loaded on first use (loader.ts), at the first PodDisruptionBudget: a cluster without one does no work here.
 */
import type { Client } from '../../api/client.js';
import { isConflict, isNotFound } from '../../api/errors.js';
import type { OwnerReference } from 'kubernetes-types/meta/v1';
import { clone, controllerRef, objectKey, type KObject } from '../../api/meta.js';
import { updatePodCondition } from '../../api/pod-condition.js';
import { lookupKind, lookupResource, resourceKey } from '../../api/resources.js';
import { labelSelectorAsSelector, type Selector } from '../../api/selectors.js';
import type { EventRecorder } from '../../api/events.js';
import { PDB_RESOURCE } from '../../api/registry/policy.js';
import type { VirtualClock } from '../../util/clock.js';
import { parseTime, rfc3339 } from '../../util/time.js';
import { WorkQueue, type Informer } from '../framework.js';
import type { Controller, ControllerContext } from '../manager.js';
import { ensurePodLabelIndex, podsForSelector } from '../endpoints/pods.js';
import {
  buildDisruptedPodMap, calculateFailedMessage, countHealthyPods, expectedAndDesired, failSafeStatus, MESSAGE_NO_PODS, needsScale, nextStatus,
  noControllersError, noScaleError, notDeletedMessage, REASON_CALCULATE_FAILED, REASON_NO_PODS, REASON_NOT_DELETED, REASON_UNMANAGED_PODS,
  STALE_POD_DISRUPTION_TIMEOUT_MS, unmanagedPodsMessage,
} from './decisions.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

export const DISRUPTION_CONTROLLER = 'disruption-controller';
/** The recorder's source: NewDisruptionController records as "controllermanager". */
export const EVENT_SOURCE = 'controllermanager';
const NAMESPACE_INDEX = 'pdb-namespace';
/** The kinds whose scale the controller can read (their scale subresource). */
const SCALABLE = new Set(['deployments.apps', 'replicasets.apps', 'statefulsets.apps', 'replicationcontrollers']);
const TERMINATION_BY_KUBELET = 'TerminationByKubelet';

class SyncError extends Error {}

/** Go's %v of a *metav1.LabelSelector (its generated String method). */
export function labelSelectorString(sel: Any): string {
  if (!sel) return '<nil>';
  const ml = sel.matchLabels ?? {};
  const labels = Object.keys(ml).sort().map((k) => `${k}: ${ml[k]},`).join('');
  const exprs = (sel.matchExpressions ?? []).map((r: Any) => `LabelSelectorRequirement{Key:${r.key},Operator:${r.operator},Values:[${(r.values ?? []).join(' ')}],},`).join('');
  return `&LabelSelector{MatchLabels:map[string]string{${labels}},MatchExpressions:[]LabelSelectorRequirement{${exprs}},}`;
}

/** Each cached budget's selector, parsed once (every pod event asks every budget of its namespace); undefined when invalid. */
const selectors = new WeakMap<KObject, Selector | undefined>();
function selectorOf(pdb: KObject): Selector | undefined {
  if (selectors.has(pdb)) return selectors.get(pdb);
  let sel: Selector | undefined;
  try {
    sel = labelSelectorAsSelector((pdb.spec as Any)?.selector);
  } catch {
    // An invalid selector picks no pod.
  }
  selectors.set(pdb, sel);
  return sel;
}

export class DisruptionController implements Controller {
  readonly name = DISRUPTION_CONTROLLER;
  private client!: Client;
  private clock!: VirtualClock;
  private recorder!: EventRecorder;
  private pdbs!: Informer;
  private pods!: Informer;
  private queue!: WorkQueue;
  private staleQueue!: WorkQueue;

  start(ctx: ControllerContext): void {
    this.client = ctx.client;
    this.clock = ctx.clock;
    this.recorder = ctx.recorder(EVENT_SOURCE);
    this.queue = new WorkQueue(ctx.clock, (key) => this.sync(key), 'disruption');
    this.staleQueue = new WorkQueue(ctx.clock, (key) => this.syncStalePodDisruption(key), 'stale_pod_disruption');
    this.pdbs = ctx.informers.for(PDB_RESOURCE);
    this.pdbs.addIndexer(NAMESPACE_INDEX, (o) => [o.metadata.namespace ?? '']);
    this.pods = ctx.informers.for('pods');
    ensurePodLabelIndex(this.pods);
    const enqueue = (o: KObject) => this.queue.add(objectKey(o));
    this.pdbs.addEventHandler({ add: enqueue, update: (_o, n) => enqueue(n), delete: enqueue });
    const onPod = (pod: KObject, stale: boolean) => {
      const pdb = this.pdbForPod(pod);
      if (pdb) enqueue(pdb);
      if (!stale) return;
      const wait = this.staleDisruptionWait(pod);
      if (wait !== undefined) this.staleQueue.addAfter(objectKey(pod), wait);
    };
    this.pods.addEventHandler({ add: (p) => onPod(p, true), update: (_o, p) => onPod(p, true), delete: (p) => onPod(p, false) });
  }

  stop(): void {
    this.queue?.stop();
    this.staleQueue?.stop();
  }

  /** getPdbForPod: the first budget of the pod's namespace whose selector picks it (an empty selector picks every pod). */
  private pdbForPod(pod: KObject): KObject | undefined {
    const found: KObject[] = [];
    for (const pdb of this.pdbs.byIndex(NAMESPACE_INDEX, pod.metadata.namespace ?? '')) {
      if (selectorOf(pdb)?.matches(pod.metadata.labels)) found.push(pdb);
    }
    if (found.length > 1) {
      const msg = `Pod "${pod.metadata.namespace}"/"${pod.metadata.name}" matches multiple PodDisruptionBudgets.  Chose "${found[0].metadata.name}" arbitrarily.`;
      this.recorder.event(pod, 'Warning', 'MultiplePodDisruptionBudgets', msg);
    }
    return found[0];
  }

  /** getPodsForPdb. */
  private podsForPdb(pdb: KObject): KObject[] {
    const sel = (pdb.spec as Any)?.selector;
    const ns = pdb.metadata.namespace ?? '';
    const selector = selectorOf(pdb);
    if (!selector) return [];
    const ml = sel?.matchLabels;
    // matchLabels narrow the candidates through the label index; other selectors look at the namespace's pods.
    const candidates = ml && Object.keys(ml).length ? podsForSelector(this.pods, ns, ml) : this.pods.list().filter((p) => p.metadata.namespace === ns);
    return (candidates as KObject[]).filter((p) => selector.matches(p.metadata.labels));
  }

  private sync(key: string): void {
    const pdb = this.pdbs.get(key);
    if (!pdb) return;
    try {
      this.trySync(pdb);
      this.queue.forget(key);
    } catch (e) {
      if (isConflict(e)) return this.queue.addRateLimited(key);
      try {
        this.write(pdb, failSafeStatus(pdb, e instanceof Error ? e.message : String(e), this.clock.now()));
      } catch {
        // Retried with the sync.
      }
      this.queue.addRateLimited(key);
    }
  }

  private trySync(pdb: KObject): void {
    const now = this.clock.now();
    const pods = this.podsForPdb(pdb);
    if (pods.length === 0) this.recorder.event(pdb, 'Normal', REASON_NO_PODS, MESSAGE_NO_PODS);
    const spec = pdb.spec as Any;
    let scale = 0;
    if (needsScale(spec)) {
      let unmanaged: string[];
      try {
        [scale, unmanaged] = this.expectedScale(pods);
      } catch (e) {
        this.recorder.event(pdb, 'Warning', REASON_CALCULATE_FAILED, calculateFailedMessage((e as Error).message));
        throw e;
      }
      if (unmanaged.length) this.recorder.event(pdb, 'Warning', REASON_UNMANAGED_PODS, unmanagedPodsMessage(labelSelectorString(spec.selector)));
    }
    const [expected, desired] = expectedAndDesired(spec, pods.length, scale);
    const built = buildDisruptedPodMap(pods, pdb.status, now);
    for (const pod of built.notDeleted) this.recorder.event(pod, 'Warning', REASON_NOT_DELETED, notDeletedMessage(pdb.metadata.namespace ?? ''));
    const healthy = countHealthyPods(pods, built.disrupted, now);
    const status = nextStatus(pdb, healthy, desired, expected, built.disrupted, now);
    if (status) this.write(pdb, status);
    // At the very instant an entry expires it is still kept (Before is strict): the recheck comes a moment later.
    if (built.recheckAt !== undefined) this.queue.addAfter(objectKey(pdb), Math.max(1, built.recheckAt - now));
  }

  private write(pdb: KObject, status: Any): void {
    const next = { ...pdb, status } as KObject;
    this.client.updateStatus(PDB_RESOURCE, next);
  }

  /** getExpectedScale: the sum of the scale of the pods' controllers, and the pods that have none. */
  private expectedScale(pods: KObject[]): [number, string[]] {
    const scales = new Map<string, number>();
    const unmanaged: string[] = [];
    for (const pod of pods) {
      const ref = controllerRef(pod);
      if (!ref) {
        unmanaged.push(pod.metadata.name ?? '');
        continue;
      }
      if (scales.has(ref.uid)) continue;
      const found = this.controllerScale(ref, pod.metadata.namespace ?? '');
      if (!found) throw new SyncError(noControllersError(pod.metadata.name ?? ''));
      scales.set(found[0], found[1]);
    }
    let total = 0;
    for (const s of scales.values()) total += s;
    return [total, unmanaged];
  }

  /**
   * The finders in their order: a ReplicaSet's Deployment, a ReplicaSet of no Deployment, a StatefulSet, then any
   * kind's scale subresource. [uid, replicas], or undefined when the controller is gone or another one.
   */
  private controllerScale(ref: OwnerReference, namespace: string): [string, number] | undefined {
    const group = ref.apiVersion.includes('/') ? ref.apiVersion.slice(0, ref.apiVersion.indexOf('/')) : '';
    if (ref.kind === 'ReplicaSet' && (group === 'apps' || group === 'extensions')) {
      const rs = this.client.tryGet('replicasets.apps', namespace, ref.name);
      if (!rs || rs.metadata.uid !== ref.uid) return undefined;
      const owner = controllerRef(rs);
      if (owner?.kind === 'Deployment') {
        const d = this.client.tryGet('deployments.apps', namespace, owner.name);
        if (!d || d.metadata.uid !== owner.uid) return undefined;
        return [d.metadata.uid!, (d.spec as Any)?.replicas ?? 1];
      }
      return [rs.metadata.uid!, (rs.spec as Any)?.replicas ?? 1];
    }
    const info = lookupKind(ref.apiVersion, ref.kind) ?? lookupKind(group ? `${group}/v1` : 'v1', ref.kind);
    if (!info) throw new SyncError(`no matches for kind "${ref.kind}" in version "${ref.apiVersion}"`);
    const key = resourceKey(info);
    if (!SCALABLE.has(key) || !lookupResource(key)) throw new SyncError(noScaleError(info.group ? `${info.resource}.${info.group}` : info.resource));
    const owner = this.client.tryGet(key, namespace, ref.name);
    if (!owner || owner.metadata.uid !== ref.uid) return undefined;
    return [owner.metadata.uid!, (owner.spec as Any)?.replicas ?? 1];
  }

  /** nonTerminatingPodHasStaleDisruptionCondition: how long until the condition is stale, or undefined when it is not one. */
  private staleDisruptionWait(pod: KObject): number | undefined {
    if (pod.metadata.deletionTimestamp) return undefined;
    const status = pod.status as Any;
    const cond = (status?.conditions ?? []).find((c: Any) => c.type === 'DisruptionTarget');
    if (!cond || cond.status !== 'True' || cond.reason === TERMINATION_BY_KUBELET || status?.phase === 'Succeeded' || status?.phase === 'Failed') return undefined;
    return Math.max(0, STALE_POD_DISRUPTION_TIMEOUT_MS - (this.clock.now() - (parseTime(cond.lastTransitionTime) ?? 0)));
  }

  private syncStalePodDisruption(key: string): void {
    const pod = this.pods.get(key);
    if (!pod) return;
    const wait = this.staleDisruptionWait(pod);
    if (wait === undefined) return;
    if (wait > 0) return this.staleQueue.addAfter(key, wait);
    try {
      const fresh = clone(pod);
      // UpdatePodCondition replaces the condition: the eviction's reason and message go with it.
      updatePodCondition(fresh, { type: 'DisruptionTarget', status: 'False' }, rfc3339(this.clock.now()));
      this.client.updateStatus('pods', fresh);
      this.staleQueue.forget(key);
    } catch (e) {
      if (!isNotFound(e)) this.staleQueue.addRateLimited(key);
    }
  }
}
