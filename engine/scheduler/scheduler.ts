/**
 * kube-scheduler (pkg/scheduler): watches pods and nodes, keeps its cache and
 * scheduling queue up to date, and runs one scheduling cycle per queued pod —
 * the default profile's plugins pick a node, then the pod is bound (POST
 * pods/binding) and a Scheduled event recorded; a pod that fits nowhere gets a
 * FailedScheduling event and PodScheduled=False, and waits for a cluster event.
 */
import type { Client } from '../api/client.js';
import { ElectedProcess, type LeaderElectionHost } from '../api/leader-election.js';
import { sameLabels } from '../api/selectors.js';
import { isNotFound } from '../api/errors.js';
import { clone, type KObject } from '../api/meta.js';
import { Informer } from '../controllers/framework.js';
import { kindReady } from '../api/registry/lazy-kinds.js';
import type { Component } from '../component.js';
import type { KeptTimer, VirtualClock } from '../util/clock.js';
import type { Random } from '../util/random.js';
import { rfc3339 } from '../util/time.js';
import { DiagnosisStore, type PodDiagnosis } from './diagnosis.js';
import { EventsRecorder } from './events.js';
import { SchedulerCache } from './framework/cache.js';
import { Framework } from './framework/framework.js';
import type { Handle } from './framework/handle.js';
import { podInfoOf, specWithStatusRequests, type PodInfo } from './framework/pod-info.js';
import type { PodSpec, PodStatus } from 'kubernetes-types/core/v1';
import { isPreEnqueue, type QueuedPodInfo } from './framework/types.js';
import { buildPlugins } from './plugins/registry.js';
import {
  ActionType, type EventResource, EVENT_ASSIGNED_POD_ADD, EVENT_ASSIGNED_POD_DELETE, EVENT_NODE_ADD, EVENT_NODE_DELETE, nodeSchedulingPropertiesChange, podSchedulingPropertiesChange,
} from './framework/cluster-event.js';
import * as queuesort from './plugins/queuesort/index.js';
import { preBind as volumePreBind } from './plugins/volumebinding/index.js';
import { SchedulingQueue, type QueueName, type RegisteredHint } from './queue/scheduling-queue.js';
import type { WeightedPlugin } from './framework/framework.js';

export const DEFAULT_SCHEDULER_NAME = 'default-scheduler';
export const REASON_SCHEDULED = 'Scheduled';
export const REASON_FAILED_SCHEDULING = 'FailedScheduling';
/** v1.PodReasonUnschedulable */
export const POD_REASON_UNSCHEDULABLE = 'Unschedulable';
/** v1.PodReasonSchedulerError */
export const POD_REASON_SCHEDULER_ERROR = 'SchedulerError';
/** One flat text: every pod's Scheduled event keeps it, and a template literal would keep a chain of five pieces. */
export const scheduledMessage = (ns: string, name: string, node: string): string => ['Successfully assigned ', ns, '/', name, ' to ', node].join('');
/** The node the scheduler's static pod runs on; its event reportingInstance is "default-scheduler-<host>". */
export const SCHEDULER_HOST = 'control-plane';

export type { PodDiagnosis } from './diagnosis.js';

/** The profile's queueingHintMap: every plugin's EventsToRegister, flattened. */
export function queueingHints(plugins: readonly WeightedPlugin[]): RegisteredHint[] {
  const out: RegisteredHint[] = [];
  for (const { plugin } of plugins) for (const e of plugin.eventsToRegister?.() ?? []) out.push({ ...e, plugin: plugin.name });
  return out;
}

export class Scheduler implements Component {
  readonly name = 'kube-scheduler';
  private pods?: Informer;
  private nodes?: Informer;
  private services?: Informer;
  private replicaSets?: Informer;
  private namespaces?: Informer;
  /** PersistentVolumeClaims, PersistentVolumes and StorageClasses (VolumeBinding), by resource. */
  private storage = new Map<string, Informer>();
  /** ResourceClaims, DeviceClasses and ResourceSlices (DynamicResources): watched from the first pod naming a claim. */
  private dra?: Informer[];
  private handle?: Handle;
  private cache = new SchedulerCache();
  private queue?: SchedulingQueue;
  private framework?: Framework;
  private recorder: EventsRecorder;
  private draining = false;
  /** The queue's drain, as a kept timer: queued again for every pod that becomes active. */
  private drainTimer?: KeptTimer;
  private readonly diagnoses = new DiagnosisStore();

  /** The process, with its Lease: it schedules only while it holds it. */
  readonly process: ElectedProcess;

  constructor(private readonly client: Client, private readonly clock: VirtualClock, private readonly random: Random, leaderElection?: LeaderElectionHost) {
    this.recorder = new EventsRecorder(client, clock, DEFAULT_SCHEDULER_NAME, `${DEFAULT_SCHEDULER_NAME}-${SCHEDULER_HOST}`);
    // makeLeaderElectionConfig: ReleaseOnCancel, and the first profile's scheduler name as the legacy recorder's source.
    this.process = new ElectedProcess(client, clock, leaderElection, { name: this.name, eventSource: DEFAULT_SCHEDULER_NAME, releaseOnCancel: true }, () => this.run(), () => this.halt());
  }

  /** DRA's objects, read when a pod names a claim (served only once the lab has loaded them: none before). */
  private lookup(resource: string, namespace: string | undefined, name: string): KObject | undefined {
    try { return this.client.tryGet(resource, namespace, name); } catch { return undefined; }
  }

  running(): boolean {
    return this.process.running();
  }

  /** The last scheduling attempt of a pod, as plain data (undefined if it was never attempted). */
  diagnosis(namespace: string, name: string): PodDiagnosis | undefined {
    return this.diagnoses.get(namespace, name);
  }

  /** Where a pending pod waits in the scheduling queue and how many attempts it had, for tests and the page. */
  queuedPod(namespace: string, name: string): { queue: QueueName; attempts: number; unschedulablePlugins: string[] } | undefined {
    const key = `${namespace}/${name}`;
    const q = this.queue?.get(key);
    const where = this.queue?.where(key);
    return q && where ? { queue: where, attempts: q.attempts, unschedulablePlugins: [...q.unschedulablePlugins].sort() } : undefined;
  }

  /** Queue lengths, for tests and the page. */
  pending(): { active: number; backoff: number; unschedulable: number } {
    return this.queue?.lengths() ?? { active: 0, backoff: 0, unschedulable: 0 };
  }

  start(): void {
    this.process.start();
  }

  /** OnStartedLeading: sched.Run. */
  private run(): void {
    // A restarted scheduler starts from nothing, as a new process would.
    this.cache = new SchedulerCache();
    const handle: Handle = {
      cache: this.cache,
      services: (ns) => this.services?.byIndex('namespace', ns) ?? [],
      replicaSet: (ns, name) => this.replicaSets?.get(`${ns}/${name}`),
      namespaces: () => this.namespaces?.list() ?? [],
      namespace: (name) => this.namespaces?.get(name),
      framework: () => this.framework!,
      storage: (r, key) => this.storage.get(r)?.get(key),
      storageList: (r) => this.storage.get(r)?.cache.values() ?? [],
      resourceClaim: (ns, name) => this.lookup('resourceclaims.resource.k8s.io', ns, name),
      deviceClass: (name) => this.lookup('deviceclasses.resource.k8s.io', undefined, name),
    };
    this.handle = handle;
    const plugins = buildPlugins(handle);
    this.framework = new Framework(plugins, this.random);
    this.queue = new SchedulingQueue(this.clock, queuesort.less, () => this.kick(), queueingHints(plugins), plugins.map((p) => p.plugin).filter(isPreEnqueue));
    this.queue.start();
    this.recorder.start();
    this.nodes = new Informer(this.client, this.clock, 'nodes');
    this.services = new Informer(this.client, this.clock, 'services');
    this.replicaSets = new Informer(this.client, this.clock, 'replicasets.apps');
    this.namespaces = new Informer(this.client, this.clock, 'namespaces');
    this.pods = new Informer(this.client, this.clock, 'pods', { fieldSelector: 'status.phase!=Succeeded,status.phase!=Failed' });
    const byNamespace = (o: KObject) => [o.metadata.namespace ?? ''];
    this.services.addIndexer('namespace', byNamespace);
    this.nodes.addEventHandler({
      add: (n) => this.guard(() => this.onNodeAdd(n)),
      update: (o, n) => this.guard(() => this.onNodeUpdate(o, n)),
      delete: (n) => this.guard(() => this.onNodeDelete(n)),
    });
    this.pods.addEventHandler({
      add: (p) => this.guard(() => this.onPodAdd(p)),
      update: (o, p) => this.guard(() => this.onPodUpdate(o, p)),
      delete: (p) => this.guard(() => this.onPodDelete(p)),
    });
    this.nodes.start();
    this.services.start();
    this.replicaSets.start();
    this.namespaces.start();
    this.pods.start();
    for (const [r, resource] of [['persistentvolumeclaims', 'PersistentVolumeClaim'], ['persistentvolumes', 'PersistentVolume'], ['storageclasses.storage.k8s.io', 'StorageClass']] as const) {
      this.storage.set(r, this.queueing(r, resource));
    }
  }

  stop(): void {
    this.process.stop();
  }

  private halt(): void {
    for (const i of [this.pods, this.nodes, this.services, this.replicaSets, this.namespaces, ...this.storage.values(), ...this.dra ?? []]) i?.stop();
    this.storage.clear();
    this.dra = undefined;
    this.queue?.stop();
    this.recorder.stop();
    this.queue = undefined;
  }

  private guard(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      // A bad object must not stop the scheduler; the clock keeps the error for tests.
      this.clock.errors.push(err);
    }
  }

  // ---------- informer handlers ----------

  private responsibleFor(p: KObject): boolean {
    const name = (p.spec as { schedulerName?: string } | undefined)?.schedulerName;
    return !name || name === DEFAULT_SCHEDULER_NAME;
  }

  /** A started informer whose adds and updates of `r` are cluster events for the scheduling queue. */
  private queueing(r: string, resource: EventResource): Informer {
    const i = new Informer(this.client, this.clock, r);
    const on = (actionType: number, o?: KObject, n?: KObject) => this.guard(() => this.queue?.moveAllToActiveOrBackoff({ resource, actionType }, o, n));
    i.addEventHandler({ add: (n) => on(ActionType.Add, undefined, n), update: (o, n) => on(ActionType.Update, o, n) });
    i.start();
    return i;
  }

  /**
   * resource.k8s.io is served once its code has loaded (the first DRA object, or here): until a pod names a claim
   * nothing can wait on one, so the three informers start with the first such pod, the clock held while they load.
   */
  private watchDRA(): void {
    if (this.dra) return;
    const mine: Informer[] = (this.dra = []);
    const start = () => {
      // A scheduler stopped (and perhaps started again) meanwhile has its own informers, or none.
      if (!this.process.running() || this.dra !== mine) return;
      for (const [r, resource] of [['resourceclaims.resource.k8s.io', 'ResourceClaim'], ['deviceclasses.resource.k8s.io', 'DeviceClass'], ['resourceslices.resource.k8s.io', 'ResourceSlice']] as const) {
        mine.push(this.queueing(r, resource));
      }
    };
    const ready = kindReady('resourceclaims.resource.k8s.io');
    if (!ready) return start();
    const release = this.clock.hold();
    ready.then(() => { release(); start(); }, () => { release(); if (this.dra === mine) this.dra = undefined; });
  }

  private onPodAdd(p: KObject): void {
    if ((p.spec as { resourceClaims?: unknown[] } | undefined)?.resourceClaims?.length) this.watchDRA();
    const nodeName = (p.spec as { nodeName?: string } | undefined)?.nodeName;
    if (nodeName) this.addAssignedPod(p);
    else if (this.responsibleFor(p) && !p.metadata.deletionTimestamp) this.queue?.add(podInfoOf(p));
  }

  /** addAssignedPodToCache: the cache counts it, and an AssignedPodAdd event goes to the queue. */
  private addAssignedPod(p: KObject): void {
    const assumed = this.cache.nodeOfPod(p.metadata.uid!);
    const nodeName = (p.spec as { nodeName: string }).nodeName;
    let info = assumed === nodeName ? this.cache.podInfo(p.metadata.uid!) : undefined;
    // The bind we made comes back from the watch: the assumed entry only needs the newer object.
    if (info && sameLabels(info.labels, p.metadata.labels ?? {}) && info.terminating === !!p.metadata.deletionTimestamp) this.cache.refreshPod(p.metadata.uid!, p);
    else {
      info = podInfoOf(p);
      this.cache.addOrUpdatePod(info);
    }
    this.queue?.moveAllToActiveOrBackoff(EVENT_ASSIGNED_POD_ADD, undefined, info);
  }

  private onPodUpdate(old: KObject, p: KObject): void {
    const nodeName = (p.spec as { nodeName?: string } | undefined)?.nodeName;
    const oldNodeName = (old.spec as { nodeName?: string } | undefined)?.nodeName;
    if (oldNodeName) return this.updateAssignedPod(old, p);
    if (nodeName) {
      // A binding: the pod leaves the queue and is an assigned pod added.
      this.queue?.delete(`${p.metadata.namespace}/${p.metadata.name}`);
      return this.addAssignedPod(p);
    }
    const key = `${p.metadata.namespace}/${p.metadata.name}`;
    if (p.metadata.deletionTimestamp || !this.responsibleFor(p)) {
      this.queue?.delete(key);
      return;
    }
    if (old.metadata.resourceVersion === p.metadata.resourceVersion) return;
    this.queue?.update(podInfoOf(p));
  }

  /**
   * updateAssignedPodInCache: one event per kind of change (labels, requests
   * scaled down, tolerations), or the general Update. A status write (the
   * kubelet's, most of the traffic) shares labels and spec with the old object:
   * its general Update reaches the hints of InterPodAffinity and
   * PodTopologySpread (labels unchanged: QueueSkip), of TaintToleration and
   * NodeUnschedulable (another pod: QueueSkip) and NodeResourcesFit (no request
   * went down: QueueSkip), so it is not handed to the queue at all.
   */
  private updateAssignedPod(old: KObject, p: KObject): void {
    const uid = p.metadata.uid!;
    const before = this.cache.podInfo(uid);
    // With a resize under way the kubelet's allocated and actual resources count too: such a status write is an update.
    if (before && old.spec === p.spec && sameLabels(before.labels, p.metadata.labels ?? {}) && before.terminating === !!p.metadata.deletionTimestamp
      && !before.sizedByStatus && specWithStatusRequests(p.spec as PodSpec, p.status as PodStatus | undefined) === p.spec) {
      this.cache.refreshPod(uid, p);
      return;
    }
    const after = podInfoOf(p);
    this.cache.addOrUpdatePod(after);
    const prev = before ?? podInfoOf(old);
    for (const e of podSchedulingPropertiesChange(after, prev)) this.queue?.moveAllToActiveOrBackoff(e, prev, after);
  }

  private onPodDelete(p: KObject): void {
    const nodeName = (p.spec as { nodeName?: string } | undefined)?.nodeName;
    if (nodeName) {
      const removed = this.cache.removePod(p.metadata.uid!) ?? podInfoOf(p);
      this.queue?.moveAllToActiveOrBackoff(EVENT_ASSIGNED_POD_DELETE, removed, undefined);
    } else {
      this.queue?.delete(`${p.metadata.namespace}/${p.metadata.name}`);
      this.diagnoses.forget(p.metadata.namespace ?? 'default', p.metadata.name!);
    }
  }

  private onNodeAdd(n: KObject): void {
    this.cache.addOrUpdateNode(n);
    this.queue?.moveAllToActiveOrBackoff(EVENT_NODE_ADD, undefined, n);
  }

  /** updateNodeInCache: one move per kind of change (NodeSchedulingPropertiesChange); a heartbeat makes none. */
  private onNodeUpdate(old: KObject, n: KObject): void {
    this.cache.addOrUpdateNode(n);
    for (const e of nodeSchedulingPropertiesChange(n, old)) this.queue?.moveAllToActiveOrBackoff(e, old, n);
  }

  private onNodeDelete(n: KObject): void {
    this.queue?.moveAllToActiveOrBackoff(EVENT_NODE_DELETE, n, undefined);
    this.cache.removeNode(n.metadata.name!);
  }

  // ---------- scheduling ----------

  private kick(): void {
    if (this.draining || !this.process.running()) return;
    this.draining = true;
    this.clock.queueNow((this.drainTimer ??= this.clock.keptTimer(() => {
      this.draining = false;
      this.drain();
    })));
  }

  private drain(): void {
    for (;;) {
      if (!this.process.running() || !this.queue) return;
      const q = this.queue.pop();
      if (!q) return;
      this.guard(() => this.scheduleOne(q));
    }
  }

  private scheduleOne(q: QueuedPodInfo): void {
    const info = q.info;
    const current = this.pods?.get(info.key);
    if (!current || current.metadata.uid !== info.uid || current.metadata.deletionTimestamp || (current.spec as { nodeName?: string }).nodeName) {
      this.queue!.done(info.uid);
      return;
    }
    const result = this.framework!.schedulePod(info, this.cache.nodeList);
    const now = this.clock.now();
    if (!result.node) {
      this.diagnoses.record(info.namespace, info.name, info.uid, now, q.attempts, result, undefined, info.key);
      // handleSchedulingFailure: back to the queue first (which plugins rejected it decides which
      // cluster events may bring it back), then the event and the PodScheduled condition.
      q.unschedulablePlugins = new Set(result.diagnosis?.unschedulablePlugins ?? []);
      this.queue!.addUnschedulable(q);
      this.recorder.eventf(current, 'Warning', REASON_FAILED_SCHEDULING, 'Scheduling', result.message!);
      this.setUnschedulable(current, result.rejected ? POD_REASON_UNSCHEDULABLE : POD_REASON_SCHEDULER_ERROR, result.message!);
      return;
    }
    // Assume: count the pod on its node now, so the next cycle sees the capacity taken.
    const assumed: PodInfo = { ...info, nodeName: result.node };
    this.cache.addOrUpdatePod(assumed);
    try {
      volumePreBind(this.handle!, this.client, info, result.node);
      this.client.bind(info.namespace, info.name, result.node, { uid: info.uid });
    } catch (err) {
      this.cache.removePod(info.uid);
      this.diagnoses.record(info.namespace, info.name, info.uid, now, q.attempts, { ...result, node: undefined }, `Binding rejected: ${(err as Error).message}`, info.key);
      // handleBindingCycleError: the forgotten assumed pod is an assigned pod deleted; the pod itself failed with an error.
      this.queue!.moveAllToActiveOrBackoff(EVENT_ASSIGNED_POD_DELETE, assumed, undefined);
      q.unschedulablePlugins = new Set();
      if (!isNotFound(err)) this.queue!.addUnschedulable(q);
      else this.queue!.done(info.uid);
      return;
    }
    this.queue!.done(info.uid);
    this.diagnoses.record(info.namespace, info.name, info.uid, now, q.attempts, result, undefined, info.key);
    this.recorder.eventf(current, 'Normal', REASON_SCHEDULED, 'Binding', scheduledMessage(info.namespace, info.name, result.node));
  }

  /** updatePod: writes PodScheduled=False only when status, reason or message changed. */
  private setUnschedulable(pod: KObject, reason: string, message: string): void {
    try {
      const cur = this.client.tryGet('pods', pod.metadata.namespace, pod.metadata.name!);
      if (!cur || cur.metadata.uid !== pod.metadata.uid) return;
      const conditions = ((cur.status as { conditions?: Record<string, unknown>[] } | undefined)?.conditions ?? []);
      const old = conditions.find((c) => c.type === 'PodScheduled');
      if (old && old.status === 'False' && old.reason === reason && old.message === message) return;
      const next = clone(cur);
      const status = (next.status ??= {}) as { conditions?: Record<string, unknown>[] };
      // PodObservedGenerationTracking (GA in 1.35): the generation of the pod the attempt saw.
      const gen = pod.metadata.generation ?? 0;
      const cond = {
        type: 'PodScheduled', ...(gen ? { observedGeneration: gen } : undefined), status: 'False', lastProbeTime: null,
        lastTransitionTime: old && old.status === 'False' ? old.lastTransitionTime : rfc3339(this.clock.now()),
        reason, message,
      };
      const list = (status.conditions ??= []);
      const i = list.findIndex((c) => c.type === 'PodScheduled');
      if (i >= 0) list[i] = cond;
      else list.push(cond);
      this.client.updateStatus('pods', next);
    } catch {
      // Conflicts and outages: the next attempt writes it again.
    }
  }
}

