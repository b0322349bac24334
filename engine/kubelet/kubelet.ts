/**
 * The kubelet of one node: registers the Node, renews its Lease every 10 s,
 * posts node status on change (and every 5 min), and runs the pods bound to
 * the node on the node's container runtime: sandbox and pod IP, image pulls
 * with back-off, config checks, init containers, starts and restarts with the
 * crash back-off, probes, graceful termination, and the pod status. On the
 * control-plane node it also runs kubeadm's static pods and mirrors them.
 *
 * A stopped kubelet stops heart-beating and managing pods, but its containers
 * keep running; `powerOff` takes the containers down with the node.
 */
import type { Container as ContainerSpec, EnvVar, Pod, Probe } from 'kubernetes-types/core/v1';
import type { Client } from '../api/client.js';
import { ConnectionRefusedError, isAlreadyExists, isNotFound } from '../api/errors.js';
import { EventRecorder } from '../api/events.js';
import type { KObject } from '../api/meta.js';
import { Informer, type EventHandler } from '../controllers/framework.js';
import type { Component } from '../component.js';
import { lookupImage, parseImageReference, InvalidImageNameError, type ImageInfo } from '../images/catalogue.js';
import type { VirtualClock } from '../util/clock.js';
import { fnv32a, Random } from '../util/random.js';
import { emptyDirMounts, processSecurity, runAsNonRootError } from './security-context.js';
import { issueServiceAccountToken, SERVICE_ACCOUNT_ISSUER } from '../api/service-account-token.js';
import { bytes, milliCPU } from '../util/quantity.js';
import { rfc3339, rfc3339Micro, parseTime } from '../util/time.js';
import { Backoff } from './backoff.js';
import { PodIPRange } from './ipam.js';
import { bridgeIPOf, type PodNetworkOptions } from '../network/pod-cidr.js';
import * as M from './messages.js';
import * as N from './node-status.js';
import { NODE_SYSTEM_USAGE, nodeObject, nodeStatus, statusChanged, type NodeConfig, type NodeIdentity, type RuntimeHealth } from './node-status.js';
import { milliCPUToShares, shareCPU } from './cpu-share.js';
import { computePodStatus, qosClass, sameStatus, statusResources, statusVolumeMounts, unlocatedContainer, type ContainerView, type TerminatedInfo } from './pod-status.js';
import * as E from './eviction.js';
import { firstProbeDelay, PROBE_DEFAULTS, runProbe, type ProbeKind, type ProbeResult } from './probes.js';
import { containerArgv } from './programs.js';
import { expandEnvRefs } from './env-expansion.js';
import { podResolvConf } from '../network/dns.js';
import { podDNS, usesClusterDNS, type PodDNS } from './pod-dns.js';
import { Container, ContainerRuntime, needUserFiles, type ExecProcess, type ExecResult, type LogLine, type ShellSession, type StartOptions } from './runtime.js';
import type { FileContent } from './container-fs.js';
import type { AtomicVolume } from './atomic-writer.js';
import { ANNOTATION_HASH, ANNOTATION_MIRROR, mirrorPod, manifestHash, staticPodManifest, STATIC_POD_COMPONENTS } from './static-pods.js';
import { ephemeralNeedsStart, ephemeralStatusJSON, newEphemeralSpecs } from './ephemeral.js';
import { errorRequeueMs, nextTick, podsDifferSemantically } from './pod-worker.js';
import { lazyModule, type LazyModule } from '../util/lazy-module.js';
import type { LostLease } from '../api/leader-election.js';
import type * as Resize from './resize.js';
import { resizeCode } from './resize-loader.js';
import { base64Decode } from '../util/base64.js';
import type { VirtualFileSystem } from '../shell/process.js';

/** The volume manager's claim mounts (volumes.ts), loaded at the first pod that mounts a PersistentVolumeClaim. */
const volumeManager = lazyModule(() => import('./volumes.js'));
const admission = lazyModule(() => import('./admission.js'));
/** The lifecycle hook runner (lifecycle-hooks.ts), loaded with the first hook a container runs. */
const hookRunner = lazyModule(() => import('./lifecycle-hooks.js'));
/** The last log lines of a control-plane process that lost its Lease (lease-lost.ts). */
const leaseLost = lazyModule(() => import('./lease-lost.js'));
export const loadLeaseLost = () => leaseLost.load();
export const loadVolumeManager = () => volumeManager.load();
export const loadAdmission = () => admission.load();
/** A volume whose files a restarted container finds again: the volume manager (volumes.ts) mounts it. */
const outlivesContainer = (v: { persistentVolumeClaim?: unknown; emptyDir?: unknown }) => !!(v.persistentVolumeClaim || v.emptyDir);

export type { NodeConfig } from './node-status.js';
export { KUBELET_VERSION, CONTAINER_RUNTIME_VERSION } from './node-status.js';

export const LEASE_DURATION_SECONDS = 40;
export const NODE_LEASE_RENEW_INTERVAL_MS = 10_000;
export const NODE_STATUS_UPDATE_FREQUENCY_MS = 10_000;
export const NODE_STATUS_REPORT_FREQUENCY_MS = 300_000;
/** PLEG relist period: how soon the kubelet notices a container exit. */
export const PLEG_RELIST_MS = 1_000;
// Pod workers sync a pod on what the real kubelet syncs it on (kubelet.go syncLoopIteration): a new pod or a change
// of its spec, labels, annotations or deletion (not the kubelet's own status writes coming back: pod-worker.ts
// podsDifferSemantically); a container or sandbox started or died, seen by PLEG's next 1 s relist; the worker's own
// requeue after a failed sync (a crash-loop back-off until its expiry, other errors 10 s, both jittered by up to
// half, picked up on the sync loop's 1 s tick); a startup probe success. Like the real SyncPod, a sync writes the
// status it finds before acting, and what it failed at (the reason cache) shows in the next sync's status. Only the
// pod's first sync also reports what it started at its end, where the real kubelet waits for the ContainerStarted
// event of the next relist (up to 1 s later). The 60 s periodic resync of a healthy pod is left out: it finds
// nothing to do here.
/** Sandbox creation (pause container + CNI) before containers can start. */
export const SANDBOX_MS = 500;
/** kubelet.go ContainerGCPeriod (from the kubelet's start), and housekeeping's period (HandlePodCleanups). */
const CONTAINER_GC_PERIOD_MS = 60_000;
const HOUSEKEEPING_PERIOD_MS = 2_000;
/** Pod workers retry a failed sync (config errors, conflicts) after this. */
export const RESYNC_ON_ERROR_MS = 10_000;
/** The kubelet's syncFrequency: a pod worker resyncs a pod this long (plus up to half again) after its last sync. */
const POD_RESYNC_MS = 60_000;

interface ProbeState {
  kind: ProbeKind;
  probe: Probe;
  successes: number;
  failures: number;
  cancel: () => void;
}

export interface ContainerRecord {
  spec: ContainerSpec;
  init: boolean;
  /** An ephemeral container (kubectl debug): started once, never restarted, reported apart. */
  ephemeral?: boolean;
  current?: Container;
  previous?: Container;
  restartCount: number;
  attempts: number;
  waiting?: { reason: string; message?: string };
  lastTerminated?: TerminatedInfo;
  /** A failed start that never produced a process (StartError); the created container names its user. */
  startFailure?: TerminatedInfo & { user?: object };
  pulling: boolean;
  pulledImage?: ImageInfo;
  lastPullError?: string;
  ready: boolean;
  started: boolean;
  probes: ProbeState[];
  backoffEventFor?: number;
  /** The event's involvedObject.fieldPath, made once: every event of the container keeps the same text. */
  fieldPath?: string;
  /**
   * The spec whose resources the current container runs with (its actual resources) when a resize changed
   * `spec` (the allocation) since it started; `spec` otherwise.
   */
  runningSpec?: ContainerSpec;
  /** What waits for the current container to stop (a postStart hook's kill, a preStop exec that dies with it). */
  onStopped?: () => void;
}

export interface PodRecord {
  uid: string;
  key: string;
  pod: Pod & KObject;
  podIP?: string;
  sandboxAt?: number;
  /** The sandbox's resolv.conf, made with it (GetPodDNS). */
  resolvConf?: string;
  sandboxReady: boolean;
  startTime: number;
  containers: ContainerRecord[];
  inits: ContainerRecord[];
  ephemerals: ContainerRecord[];
  terminating: boolean;
  finished: boolean;
  /** The status last written (computePodStatus builds every status with the same key order and no undefined members, so a structural compare is exact). */
  lastStatus?: Record<string, unknown>;
  timer?: number;
  timerAt?: number;
  /** The pending sync was asked for by a trigger (not a step of a sync under way): it starts with a status write. */
  syncTriggered?: boolean;
  /** Image pulls under way: the real worker is inside SyncPod until they end, so syncs asked for meanwhile wait. */
  pulls?: number;
  /** The container whose postStart hook (or the kill after it failed) the worker waits in, inside startContainer. */
  hook?: ContainerRecord;
  /** A sync was asked for while pulls or a postStart hook were under way. */
  syncAfterBusy?: boolean;
  /** The pod's first sync is still under way (sandbox, pulls): what it starts is reported at its end (see syncPod). */
  firstSync: boolean;
  /** Whether the record is in the kubelet's pod map (set there, not yet removed): read instead of looking it up again. */
  live: boolean;
  mirror: boolean;
  /** The order records were made in: the order of the kubelet's pod map, which the status manager's pass keeps. */
  seq: number;
  /** The eviction manager evicted the pod, with this message: it ends Failed, and is not restarted or deleted. */
  evicted?: string;
  /** An in-place resize not yet allocated (PodResizePending) or not yet actuated (PodResizeInProgress). */
  resize?: Resize.ResizeState;
  /** The periodic resync that remounts ConfigMap and Secret volumes is scheduled (refreshVolumes). */
  volumeResync?: boolean;
  /** When the prober manager's workers for the pod started (AddPod, as the pod was added): their tickers' phase. */
  probesFrom: number;
}

export interface ContainerUsage {
  name: string;
  cpuMilli: number;
  memoryBytes: number;
  startedAt: number;
}

export interface PodUsage {
  namespace: string;
  name: string;
  labels: Record<string, string>;
  containers: ContainerUsage[];
}

export interface KubeletOptions {
  /** Run kubeadm's control-plane static pods (default: on for the control-plane role). */
  staticPods?: boolean;
  /** The pod network kubeadm was given, for the control plane's static pod flags. */
  podNetwork?: PodNetworkOptions;
}

export class Kubelet implements Component {
  readonly name: string;
  readonly runtime: ContainerRuntime;
  /** The node's CPU less what its system daemons use: what its containers share. */
  private readonly containerCPUMilli: number;
  private up = false;
  private powered = true;
  private informer?: Informer;
  private cancelHeartbeat?: () => void;
  private cancelStatus?: () => void;
  private recorder: EventRecorder;
  private pods = new Map<string, PodRecord>();
  private recordSeq = 0;
  /**
   * The records the status manager's pass must look at: a status written and the pod as last seen holding
   * something else (or a mirror pod). Every other record holds its own last status, and on a 5,000-node
   * cluster of 150,000 pods visiting each of them every 10 s was 4 % of the time.
   */
  private statusSuspects = new Set<PodRecord>();
  /** The first record of each namespace/name, for metrics scrapes; rebuilt after the records change. */
  private recordsByName?: Map<string, PodRecord>;
  /** The Pulled message of each image present (images are few; the texts are kept by events anyway). */
  private readonly alreadyPresent = new Map<string, string>();
  private crashBackoff = new Backoff();
  private imageBackoff = new Backoff();
  private ipam: PodIPRange;
  /** @internal cni0's address: the source of probes to the pods' own addresses. */
  readonly bridgeIP: string;
  private identity: NodeIdentity;
  /** The inputs of the last node status check that found no change (a 10,000-node cluster checks 1,000 a second). */
  private unchangedFor?: { status: unknown; identity: NodeIdentity; images: ImageInfo[]; pressure: boolean; runtime: RuntimeHealth };
  /**
   * Set while containerd is away (runtime-state.ts, loaded with the node tools that stop it): what the runtime
   * status check and PLEG's health check report, until both succeed again.
   */
  runtimeOutage?: { health(tickOrigin: number, now: number): RuntimeHealth; criError: string; failed(c: { at: number; call: 'RunPodSandbox' | 'ExecSync'; containerID?: string; cmd?: string[] }): void };
  /** Pods whose sync fell while the runtime was down: the sync loop skipped them, they sync once it is back. */
  private parked?: Set<PodRecord>;
  private lastNodeStatusAt = -Infinity;
  /** The node's Lease as this kubelet last stored it. */
  private lease?: KObject;
  /** The last stored version of the Node that a renewal found Ready. */
  private readyNode?: KObject;
  private staticManifests = new Map<string, KObject>();
  /** A static pod's container started (kubeadm's label `component` names it): the process it runs starts with it. */
  onStaticPodStarted?: (component: string, container: Container) => void;
  /** Dead containers of a removed static pod, kept until the container GC: their sandbox was stopped with them. */
  private stoppedSandbox?: WeakSet<Container>;
  private removedStatic = new Set<string>();
  private configSeen: string;
  /** When this kubelet started: PLEG's relists and the sync loop's ticks fall every second from here. */
  private tickOrigin = 0;
  /** Jitter of pod worker requeues (wait.Jitter), apart from the identities drawn above. */
  private readonly jitterRandom: Random;
  /**
   * The periodic resync's own jitter, seeded from the node's name: the resyncs of the pods that have them (those
   * with ConfigMap or Secret volumes, CoreDNS and kube-proxy among them) leave every other draw as it was.
   */
  private readonly resyncRandom: Random;
  /** The node's memory in bytes (machine capacity). */
  private readonly memoryCapacity: number;
  /** Made the first time memory.available falls under the threshold: a node that never runs short keeps none. */
  private eviction?: E.EvictionManager;
  /** Whether this kubelet object has started before: a later start is a new kubelet process. */
  private startedBefore = false;
  /** This process is not the machine's first kubelet. */
  private restarted = false;
  /** registrationCompleted: the Node was created, or found, since this process started. */
  private registered = false;
  /** lastNodeUnschedulable: spec.unschedulable as the last status update saw it (a new process starts from false). */
  private lastNodeUnschedulable = false;

  constructor(readonly node: NodeConfig, private readonly client: Client, /** @internal */ readonly clock: VirtualClock, private readonly random: Random, opts: KubeletOptions = {}) {
    this.name = `kubelet@${node.name}`;
    this.recorder = new EventRecorder(client, clock, { component: 'kubelet', host: node.name });
    this.runtime = new ContainerRuntime(clock, random.fork(), node.name);
    this.runtime.cpus = Math.max(1, Math.floor(milliCPU(node.cpu) / 1000));
    this.containerCPUMilli = milliCPU(node.cpu) - NODE_SYSTEM_USAGE.cpuMilli;
    this.ipam = new PodIPRange(node.podCIDR);
    this.bridgeIP = bridgeIPOf(node.podCIDR);
    this.runtime.onExit = (c) => this.onContainerExit(c);
    // random.hex draws as int(16) does, digit by digit, but makes one flat text: appended one digit at a time,
    // the machine ID kept a chain of ~20 partial strings (about 0.6 KB on each of 10,000 kubelets).
    this.identity = { machineID: this.random.hex(32), systemUUID: random.uuid(), bootID: random.uuid() };
    this.configSeen = rfc3339Nano(clock.now());
    if (opts.staticPods ?? node.role === 'control-plane') {
      for (const c of STATIC_POD_COMPONENTS) {
        const m = staticPodManifest(c, node, opts.podNetwork);
        this.staticManifests.set(c, m);
        for (const ctr of (m.spec as Pod['spec'])!.containers) this.runtime.preload(ctr.image!);
      }
      this.runtime.preload('registry.k8s.io/pause:3.10.1');
    }
    this.jitterRandom = random.fork();
    this.resyncRandom = new Random(fnv32a(`pod-resync|${node.name}`));
    this.memoryCapacity = bytes(node.memory);
    this.runtime.memoryCapacity = this.memoryCapacity;
    this.runtime.systemMemoryBytes = NODE_SYSTEM_USAGE.memoryBytes;
    this.runtime.oomScoreAdj = (c) => this.containerOOMScoreAdj(c);
    this.runtime.onSystemOOM = (c, pid) => this.onSystemOOM(c, pid);
  }

  running(): boolean {
    return this.up;
  }

  /** @internal The virtual time (for the eviction manager). */
  clockNow(): number {
    return this.clock.now();
  }

  poweredOn(): boolean {
    return this.powered;
  }

  start(): void {
    if (this.up || !this.powered) return;
    this.up = true;
    // A new kubelet process: its event recorder (and the correlator's memory of what it recorded) starts empty.
    this.restarted = this.startedBefore;
    if (this.restarted) this.recorder = new EventRecorder(this.client, this.clock, { component: 'kubelet', host: this.node.name });
    this.startedBefore = true;
    this.lastNodeUnschedulable = false;
    this.tickOrigin = this.clock.now();
    // RunKubelet's BirthCry, before the kubelet runs.
    this.nodeEvent('Normal', N.EVENT_STARTING_KUBELET, N.MSG_STARTING_KUBELET);
    this.registerNode();
    this.renewLease();
    this.cancelHeartbeat = this.clock.every(NODE_LEASE_RENEW_INTERVAL_MS, () => { this.renewLease(); this.reconcileMirrorPods(); });
    // The eviction manager's 10 s housekeeping rides on the node status tick (no timer of its own): it looks
    // first, so that the status written next reports what it saw.
    this.cancelStatus = this.clock.every(NODE_STATUS_UPDATE_FREQUENCY_MS, () => {
      this.evictionHousekeeping();
      if (!this.registered) this.tryRegister();
      this.updateNodeStatus();
      this.reconcilePodStatuses();
    });
    this.informer = new Informer(this.client, this.clock, 'pods', { fieldSelector: `spec.nodeName=${this.node.name}` });
    this.informer.addEventHandler(new PodEvents(this));
    this.informer.start();
    this.reconcileMirrorPods();
  }

  stop(): void {
    if (!this.up) return;
    this.up = false;
    this.cancelHeartbeat?.();
    this.cancelStatus?.();
    this.informer?.stop();
    this.informer = undefined;
    // The kubelet's memory (back-offs, probe workers, pod workers) is lost; containers keep running.
    for (const rec of this.pods.values()) {
      if (rec.timer !== undefined) this.clock.cancel(rec.timer);
      for (const c of [...rec.inits, ...rec.containers]) for (const p of c.probes) p.cancel();
      rec.live = false;
    }
    this.pods.clear();
    this.statusSuspects.clear();
    this.recordsByName = undefined;
    this.crashBackoff = new Backoff();
    this.imageBackoff = new Backoff();
    this.unchangedFor = undefined;
    this.lease = undefined;
    this.eviction = undefined;
    this.parked = undefined;
  }

  // ---------- container runtime ----------

  /** @internal When this kubelet started: its periodic checks (runtime status, PLEG relist) fall on a grid from here. */
  startedAt(): number {
    return this.tickOrigin;
  }

  /** @internal The runtime answers again and both checks succeeded: the pods the sync loop skipped sync now. */
  runtimeRecovered(): void {
    this.runtimeOutage = undefined;
    const parked = this.parked;
    this.parked = undefined;
    if (!this.up || !parked) return;
    for (const rec of parked) if (rec.live) this.syncSoon(rec, 0, true);
  }

  /** Node failure injection: the machine loses power; every container dies with it. */
  powerOff(): void {
    this.stop();
    this.powered = false;
    for (const c of this.runtime.containers.values()) this.runtime.lose(c);
    this.ipam.clear();
  }

  /** The machine boots again: a new boot ID, the kubelet starts, pods come back per restartPolicy. */
  powerOn(): void {
    if (this.powered) return;
    this.powered = true;
    this.identity = { ...this.identity, bootID: this.random.uuid() };
    this.start();
  }

  reboot(): void {
    this.powerOff();
    this.clock.schedule(30_000, () => this.powerOn());
  }

  // ---------- static pods ----------

  /** Moves a static pod manifest out of /etc/kubernetes/manifests: its pod stops and the mirror pod goes. */
  removeStaticPod(component: string): boolean {
    if (!this.staticManifests.has(component)) return false;
    this.removedStatic.add(component);
    this.reconcileMirrorPods();
    return true;
  }

  /** Puts the manifest back: the kubelet starts the pod and recreates its mirror. */
  restoreStaticPod(component: string): boolean {
    if (!this.staticManifests.has(component)) return false;
    this.removedStatic.delete(component);
    this.reconcileMirrorPods();
    return true;
  }

  /**
   * The manifest's file changed (kubeadm's text edited): the pod is a new one (its UID is the new config hash), so
   * the old pod's containers are killed, and the mirror, now outdated, is replaced once the API server answers.
   */
  replaceStaticPod(component: string, manifest: KObject): void {
    if (!this.staticManifests.has(component)) return;
    this.staticManifests.set(component, manifest);
    const rec = this.pods.get(`static:kube-system/${component}-${this.node.name}`);
    // The old pod (its UID the old config hash) is no longer in the config: its dead containers stay, Exited in
    // crictl ps -a under their own sandbox, until housekeeping forgets its worker and the next container GC pass
    // (every minute; MinAge 0, so they all go) removes them.
    if (rec) this.teardown(rec, this.nextStaticGC(), rec.pod.metadata.annotations?.[ANNOTATION_HASH]);
    this.reconcileMirrorPods();
  }

  /**
   * The process in static pod `lost.name`'s running container lost its Lease: it logs so on stderr and exits 1, and
   * the kubelet restarts it as any container (the lines' code loads first if needed, the clock held). False when
   * none runs here.
   */
  staticProcessLostLease(lost: LostLease): boolean {
    if (!this.staticManifests.has(lost.name)) return false;
    const podName = `${lost.name}-${this.node.name}`;
    for (const c of this.runtime.containers.values()) {
      if (c.state !== 'running' || c.opts.namespace !== 'kube-system' || c.opts.podName !== podName) continue;
      const exit = (m: typeof import('./lease-lost.js')) => {
        for (const l of m.lostLeaseLines(lost)) c.log(l, 'stderr');
        this.runtime.exit(c, 1, 'Error');
      };
      const m = leaseLost.loaded();
      if (m) exit(m);
      else this.loadHolding(leaseLost, exit);
      return true;
    }
    return false;
  }

  private activeManifests(): Map<string, KObject> {
    const out = new Map<string, KObject>();
    for (const [c, m] of this.staticManifests) if (!this.removedStatic.has(c)) out.set(`kube-system/${c}-${this.node.name}`, m);
    return out;
  }

  private reconcileMirrorPods(): void {
    if (!this.up || this.staticManifests.size === 0 || !this.informer?.hasSynced()) return;
    const active = this.activeManifests();
    try {
      for (const [key, m] of active) {
        const existing = this.informer.get(key);
        if (existing && existing.metadata.annotations?.[ANNOTATION_MIRROR] === manifestHash(m)) continue;
        // An outdated mirror (the manifest changed, or a restored etcd brought an old one back) is deleted first.
        if (existing) this.client.delete('pods', 'kube-system', existing.metadata.name!, { gracePeriodSeconds: 0, preconditions: { uid: existing.metadata.uid } });
        // syncPod creates a mirror only for a node it can get (GetNode): after an etcd that came back empty there is
        // none until the kubelet registers again (it does not: registrationCompleted stays true), so no mirror either.
        const node = this.client.tryGet('nodes', undefined, this.node.name);
        if (!node && this.registered) {
          // The static pod runs from its file all the same (the kubelet's file source), with no mirror to show it.
          const rec = this.pods.get(`static:${key}`);
          if (!rec || rec.terminating) this.onPod({ ...mirrorPod(m, this.node.name, undefined, this.configSeen), status: { phase: 'Pending' } } as KObject);
          continue;
        }
        this.client.create('pods', 'kube-system', mirrorPod(m, this.node.name, node?.metadata.uid, this.configSeen));
      }
      for (const pod of this.informer.list()) {
        if (!pod.metadata.annotations?.[ANNOTATION_MIRROR]) continue;
        if (active.has(`${pod.metadata.namespace}/${pod.metadata.name}`)) continue;
        this.client.delete('pods', pod.metadata.namespace, pod.metadata.name!, { gracePeriodSeconds: 0, preconditions: { uid: pod.metadata.uid } });
      }
    } catch {
      // API server down or a race with a watch event: the next heartbeat reconciles again.
    }
  }

  // ---------- node ----------

  /**
   * The first runtime check starts the container manager with getNodeAnyWay(): a node not yet in the kubelet's
   * node informer (a first start) is built from scratch by initialNode, whose status setters record the condition
   * events; the container manager then enforces node allocatable. registerWithAPIServer builds initialNode again
   * (the same events, counted by the correlator: "(x2 over …)") and creates the Node, or finds it registered.
   */
  private registerNode(): void {
    try {
      // This machine's first kubelet finds no Node of its name (nobody else registers it): no need to look.
      if (!this.restarted || !this.client.tryGet('nodes', undefined, this.node.name)) this.recordNodeStatusEvents(undefined, false);
    } catch {
      // The API server is down: the node informer has nothing either.
      this.recordNodeStatusEvents(undefined, false);
    }
    this.nodeEvent('Normal', N.EVENT_NODE_ALLOCATABLE_ENFORCED, N.MSG_NODE_ALLOCATABLE_ENFORCED);
    this.recordNodeStatusEvents(undefined, false);
    this.registered = false;
    const created = this.tryRegister();
    // The real kubelet creates the Node with initialNode's status, which its first update finds unchanged: the
    // status written next is that one, and its events were just recorded.
    this.updateNodeStatus(true, created);
  }

  /**
   * tryRegisterWithAPIServer: creates the Node, or finds it there (AlreadyExists; a restarted kubelet). Until one
   * succeeds, the node status loop tries again (registerWithAPIServer); after, never again: a Node deleted later (or
   * lost with etcd's data) stays gone until the kubelet restarts (kubernetes/kubernetes#71398).
   */
  private tryRegister(): boolean {
    try {
      this.client.create('nodes', undefined, nodeObject(this.node));
      this.registered = true;
      return true;
    } catch (e) {
      if (isAlreadyExists(e)) this.registered = true;
      return false;
    }
  }

  /** The setters' events for a status going from `previous` (none: a node built from scratch) to this kubelet's. */
  private recordNodeStatusEvents(previous: Record<string, unknown> | undefined, memoryPressure: boolean, notReady = false): void {
    for (const e of N.nodeStatusEvents(this.node.name, previous, this.identity.bootID, memoryPressure, notReady)) this.nodeEvent(e.type, e.reason, e.message);
  }

  private updateNodeStatus(force = false, registered = false): void {
    if (!this.up) return;
    let cur: KObject;
    try {
      cur = this.client.get('nodes', undefined, this.node.name);
    } catch {
      return;
    }
    this.postNodeStatus(cur, force, registered);
    this.recordNodeSchedulableEvent(cur);
  }

  /** tryUpdateNodeStatus once the Node is read: the status setters, then a write when something changed or a report is due. */
  private postNodeStatus(cur: KObject, force: boolean, registered: boolean): void {
    try {
      const now = this.clock.now();
      const images = [...this.runtime.images.values()];
      const quiet = !force && now - this.lastNodeStatusAt < NODE_STATUS_REPORT_FREQUENCY_MS;
      // Same stored status, identity and images as a check that found nothing to post: nothing to post now either
      // (conditions that match keep their transition times, and heartbeat times are not compared).
      const pressure = this.eviction?.underMemoryPressure() ?? false;
      const runtime = this.runtimeOutage?.health(this.tickOrigin, now) ?? RUNTIME_HEALTHY;
      if (quiet && this.unchangedFor && this.unchangedFor.status === cur.status && this.unchangedFor.identity === this.identity && this.unchangedFor.pressure === pressure && this.unchangedFor.runtime === runtime && sameItems(this.unchangedFor.images, images)) return;
      const status = nodeStatus(this.node, this.identity, images, cur.status as Record<string, unknown>, now, pressure, runtime);
      const changed = statusChanged(cur.status as Record<string, unknown>, status);
      // The setters record what they change (an unchanged status has nothing to record) before the status is written.
      if (changed && !registered) this.recordNodeStatusEvents(cur.status as Record<string, unknown> | undefined, pressure, runtime.notReady !== undefined);
      this.unchangedFor = changed ? undefined : { status: cur.status, identity: this.identity, images, pressure, runtime };
      if (quiet && !changed) return;
      // Status writes read only metadata and status: the rest of the stored node is shared, not cloned. The status
      // is handed over (nodeStatus builds every part afresh, the rest is the stored, immutable old one's), and
      // copied by for-in rather than a double spread, which V8 gave a hidden class per node (as it did pods').
      const stored = this.client.updateStatus('nodes', { ...cur, status: mergedStatus(cur.status as Record<string, unknown> | undefined, status) } as KObject, HANDED_OVER);
      this.lastNodeStatusAt = now;
      // The stored status is the one just built (no other members, same order): the next check, with the same
      // inputs, would build it again and find no change, so it is recorded as such now (10,000 builds and
      // comparisons after a 10,000-node cluster registers, and after each 5-minute report).
      if (sameKeyOrder(stored.status as object, status)) this.unchangedFor = { status: stored.status, identity: this.identity, images, pressure, runtime };
    } catch {
      // The API server may be down; the next period tries again.
    }
  }

  /** recordNodeSchedulableEvent, the last status setter: a cordon or uncordon the kubelet sees. */
  private recordNodeSchedulableEvent(node: KObject): void {
    const unschedulable = (node.spec as { unschedulable?: boolean } | undefined)?.unschedulable === true;
    if (unschedulable === this.lastNodeUnschedulable) return;
    this.lastNodeUnschedulable = unschedulable;
    const reason = unschedulable ? N.EVENT_NODE_NOT_SCHEDULABLE : N.EVENT_NODE_SCHEDULABLE;
    this.nodeEvent('Normal', reason, N.msgNodeStatusIsNow(this.node.name, reason));
  }

  private renewLease(): void {
    const now = this.clock.now();
    try {
      if (!this.renewCachedLease(now)) {
        const lease = this.client.tryGet('leases.coordination.k8s.io', 'kube-node-lease', this.node.name);
        const node = lease ? undefined : this.client.tryGet('nodes', undefined, this.node.name);
        // SetNodeOwnerFunc: a new Lease needs its Node's UID; without the Node the lease controller creates none.
        if (!lease && !node && this.registered) {
          this.lease = undefined;
        } else if (!lease) {
          this.lease = this.client.create('leases.coordination.k8s.io', 'kube-node-lease', {
            apiVersion: 'coordination.k8s.io/v1', kind: 'Lease',
            metadata: { name: this.node.name, namespace: 'kube-node-lease', ownerReferences: node ? [{ apiVersion: 'v1', kind: 'Node', name: this.node.name, uid: node.metadata.uid! }] : undefined },
            spec: { holderIdentity: this.node.name, leaseDurationSeconds: LEASE_DURATION_SECONDS, renewTime: renewTimeText(now) },
          });
        } else {
          this.lease = this.client.update('leases.coordination.k8s.io', renewed(lease, now));
        }
      }
      const node = this.client.tryGet('nodes', undefined, this.node.name);
      // Stored versions never change: one seen Ready is not read again (an idle node's changes every 5 minutes).
      if (node !== undefined && node === this.readyNode) return;
      const ready = (node?.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions?.find((c) => c.type === 'Ready');
      // (A node the runtime keeps NotReady is left to the status updates: the renewal has nothing to add.)
      if (!ready || ready.status !== 'True') { if (!this.runtimeOutage) this.updateNodeStatus(true); }
      else this.readyNode = node;
    } catch {
      // API server unreachable: the lease lapses, which is how the control plane notices.
      this.lease = undefined;
    }
  }

  /**
   * Renews from the Lease the last renewal stored, without reading it first, as the kubelet's lease controller
   * does (component-helpers' lease controller keeps latestLease). Someone else's change (a conflict) or a deleted
   * Lease sends the renewal back to reading it, in the same turn.
   */
  private renewCachedLease(now: number): boolean {
    const lease = this.lease;
    if (!lease) return false;
    this.lease = undefined;
    try {
      this.lease = this.client.update('leases.coordination.k8s.io', renewed(lease, now), HANDED_OVER);
      return true;
    } catch (e) {
      if (e instanceof ConnectionRefusedError) throw e;
      return false;
    }
  }

  // ---------- memory: the eviction manager and the kernel's OOM killer ----------

  /** The node as the kubelet's events name it (nodeRef: its UID is the node's name), one frozen object. */
  private nodeRef(): Readonly<{ kind: string; name: string; uid: string; namespace: string }> {
    return (this.ref ??= Object.freeze({ kind: 'Node', name: this.node.name, uid: this.node.name, namespace: '' }));
  }

  private ref?: Readonly<{ kind: string; name: string; uid: string; namespace: string }>;

  /** The eviction manager's pass: a node whose memory never ran short only compares two numbers. */
  private evictionHousekeeping(): void {
    if (!this.up) return;
    try {
      if (!this.eviction) {
        if (!E.memoryThresholdMet(this.memoryCapacity - this.memoryWorkingSet())) return;
        this.eviction = new E.EvictionManager(new KubeletEvictionHost(this));
      }
      this.eviction.synchronize();
    } catch (e) {
      this.clock.errors.push(e);
    }
  }

  /** @internal The eviction manager's host (KubeletEvictionHost): the node's memory capacity. */
  evictionCapacity(): number {
    return this.memoryCapacity;
  }

  /** The node's memory in use: its system daemons and every running container's working set. */
  memoryWorkingSet(): number {
    return NODE_SYSTEM_USAGE.memoryBytes + this.runtime.containersWorkingSet();
  }

  /** @internal The active pods (not terminal, not being evicted or deleted) with what their containers use. */
  evictionCandidates(): E.EvictionCandidate[] {
    const now = this.clock.now();
    const out: E.EvictionCandidate[] = [];
    for (const rec of this.pods.values()) {
      if (rec.finished || rec.evicted || rec.terminating || rec.pod.metadata.deletionTimestamp) continue;
      const containers: E.PodMemory['containers'] = [];
      let usage = 0;
      let request = 0;
      let initRequest = 0;
      for (const cr of [...rec.containers, ...rec.inits]) {
        const used = cr.current?.state === 'running' ? E.pageAligned(cr.current.memoryBytes(now)) : 0;
        const text = (cr.spec.resources?.requests as Record<string, string> | undefined)?.memory;
        const req = text === undefined ? 0 : bytes(text);
        usage += used;
        // GetResourceRequestQuantity: app containers and sidecars add up; a plain init container counts if larger.
        if (!cr.init || cr.spec.restartPolicy === 'Always') request += req;
        else initRequest = Math.max(initRequest, req);
        if (cr.current?.state === 'running') containers.push({ name: cr.spec.name, usageBytes: used, requestBytes: req, request: text ?? '0' });
      }
      out.push({ key: rec.key, priority: rec.pod.spec?.priority ?? 0, requestBytes: Math.max(request, initRequest), usageBytes: usage, containers });
    }
    return out;
  }

  /** Static, mirror and system-critical pods (IsCriticalPod): the eviction manager may not evict them. */
  private criticalPod(rec: PodRecord): boolean {
    return rec.mirror || (rec.pod.spec?.priority ?? 0) >= E.SYSTEM_CRITICAL_PRIORITY;
  }

  /**
   * evictPod: the Evicted event, then the pod is killed with the hard threshold's grace period (1 s, which
   * killContainer raises to its 2 s minimum) and ends Failed, reason Evicted, with a DisruptionTarget condition.
   */
  evictPod(key: string, message: string): boolean {
    const rec = this.pods.get(key);
    if (!rec || !rec.live) return false;
    if (this.criticalPod(rec)) return false;
    this.recorder.event(rec.pod, 'Warning', E.REASON_EVICTED, message);
    rec.evicted = message;
    rec.terminating = true;
    const graceMs = Math.max(E.IMMEDIATE_EVICTION_GRACE_PERIOD_SECONDS, MINIMUM_GRACE_PERIOD_SECONDS) * 1000;
    for (const cr of [...rec.containers, ...rec.inits, ...rec.ephemerals]) {
      for (const p of cr.probes) p.cancel();
      cr.probes = NO_PROBES;
      const c = cr.current;
      if (!c || c.state !== 'running') continue;
      this.event(rec, cr, 'Normal', M.REASON_KILLING, M.msgStopping(cr.spec.name));
      this.runtime.stop(c, graceMs);
    }
    this.maybeFinishTermination(rec);
    return true;
  }

  /** @internal Whether an evicted pod's containers have all stopped. */
  evictedPodGone(key: string): boolean {
    const rec = this.pods.get(key);
    return !rec || !this.anyRunning(rec);
  }

  /** @internal A node event from the kubelet. */
  nodeEvent(type: 'Normal' | 'Warning', reason: string, message: string): void {
    this.recorder.event(this.nodeRef(), type, reason, message);
  }

  private anyRunning(rec: PodRecord): boolean {
    for (const cr of rec.containers) if (cr.current?.state === 'running') return true;
    for (const cr of rec.inits) if (cr.current?.state === 'running') return true;
    for (const cr of rec.ephemerals) if (cr.current?.state === 'running') return true;
    return false;
  }

  /**
   * The kubelet's admit handlers (admission.ts, loaded with the rejection's writing): the eviction manager's under
   * MemoryPressure, then the predicate handler. A pod the scheduler bound passed all the predicates but the OS
   * ones, so only a pod bound by hand (spec.nodeName, no conditions yet), one labelled for an OS, or any pod under
   * pressure needs the code; such a pod waits for it, the clock held, and comes again.
   */
  private rejected(pod: Pod & KObject): boolean {
    const A = admission.loaded();
    const pressure = !!this.eviction?.underMemoryPressure();
    if (A) return A.rejected(this.recorder, this.client, this.node.name, pod, this.pods.values(), this.clock.now(), pressure);
    if (!pressure && !pod.metadata.labels?.['kubernetes.io/os'] && !pod.spec?.os && pod.status?.conditions) return false;
    this.loadHolding(admission, () => {
      const current = this.client.tryGet('pods', pod.metadata.namespace, pod.metadata.name!);
      if (current?.metadata.uid === pod.metadata.uid) this.onPod(current!);
    });
    return true;
  }

  /** The oom_score_adj the kubelet writes for a container (GetContainerOOMScoreAdjust). */
  private containerOOMScoreAdj(c: Container): number {
    const own = this.pods.get(c.opts.podUID);
    const rec = own ?? this.recordByName(`${c.opts.namespace}/${c.opts.podName}`);
    if (!rec) return 0;
    const spec = [...rec.containers, ...rec.inits, ...rec.ephemerals].find((cr) => cr.spec.name === c.name)?.spec;
    const request = bytes((spec?.resources?.requests as Record<string, string> | undefined)?.memory ?? 0);
    // IsNodeCriticalPod: critical, and of the system-node-critical class.
    const nodeCritical = this.criticalPod(rec) && rec.pod.spec?.priorityClassName === 'system-node-critical';
    return E.oomScoreAdj(qosClass(rec.pod), nodeCritical, request, this.memoryCapacity);
  }

  /** The OOM watcher: the kernel killed a process for the whole node. */
  private onSystemOOM(victim: Container, pid: number): void {
    if (!this.up) return;
    this.nodeEvent('Warning', E.REASON_SYSTEM_OOM, E.msgSystemOOM(processName(victim), pid));
  }

  /** @internal Runs `fn` later, while this kubelet runs (the eviction manager's cleanup polls). */
  later(ms: number, fn: () => void): void {
    this.clock.schedule(ms, () => { if (this.up) fn(); });
  }

  // ---------- pods ----------

  private recordKey(pod: KObject): string {
    const mirror = pod.metadata.annotations?.[ANNOTATION_MIRROR];
    return mirror ? `static:${pod.metadata.namespace}/${pod.metadata.name}` : pod.metadata.uid!;
  }

  /** @internal The pod informer's add and update (PodEvents). */
  onPod(obj: KObject): void {
    if (!this.up) return;
    const pod = obj as Pod & KObject;
    const mirror = !!pod.metadata.annotations?.[ANNOTATION_MIRROR];
    if (mirror && pod.metadata.deletionTimestamp && this.activeManifests().has(`${pod.metadata.namespace}/${pod.metadata.name}`)) {
      // Deleting a mirror pod does not stop the static pod: the kubelet recreates the mirror.
      try {
        this.client.delete('pods', pod.metadata.namespace, pod.metadata.name!, { gracePeriodSeconds: 0, preconditions: { uid: pod.metadata.uid } });
      } catch { /* next reconcile */ }
      return;
    }
    const key = this.recordKey(pod);
    let rec = this.pods.get(key);
    if (!rec) {
      const phase = pod.status?.phase;
      if (phase === 'Succeeded' || phase === 'Failed') {
        if (pod.metadata.deletionTimestamp) this.finalizeDeletion({ pod } as PodRecord);
        return;
      }
      if (!mirror && this.rejected(pod)) return;
      rec = this.newRecord(pod, key, mirror);
      this.pods.set(key, rec);
      rec.live = true;
      // The name index grows in place: the new record comes last in this.pods, so an older record of the same name keeps winning, as a rebuild would decide.
      const byName = this.recordsByName;
      if (byName) {
        const k = `${pod.metadata.namespace}/${pod.metadata.name}`;
        if (!byName.has(k)) byName.set(k, rec);
      }
    } else {
      const previous = rec.pod;
      rec.pod = pod;
      this.noteStatus(rec);
      if (mirror) rec.uid = pod.metadata.uid!;
      // A RECONCILE (status only, the kubelet's own writes above all) is stored, not synced.
      if (!podsDifferSemantically(previous, pod)) return;
      this.refreshSpecs(rec, previous);
      if (rec.pod.spec !== previous.spec) this.resizeOnUpdate(rec);
    }
    this.syncSoon(rec, 0, true);
  }

  /** An in-place change of a container's image (kubectl set image on a bare pod) restarts that container. */
  private refreshSpecs(rec: PodRecord, previous: Pod): void {
    // The API server hands out the same spec object until the spec changes (a status write shares it).
    if (rec.pod.spec === previous.spec) return;
    const added = newEphemeralSpecs(rec.pod, rec.ephemerals).map((spec): ContainerRecord => ({ spec, init: false, ephemeral: true, restartCount: 0, attempts: 0, pulling: false, ready: false, started: false, probes: NO_PROBES }));
    if (added.length) {
      rec.ephemerals = rec.ephemerals.concat(added);
      needUserFiles(this.clock, rec.pod, added.map((cr) => cr.spec));
    }
    const specs = [...(rec.pod.spec?.containers ?? []), ...(rec.pod.spec?.initContainers ?? [])];
    for (const cr of [...rec.containers, ...rec.inits]) {
      const spec = specs.find((s) => s.name === cr.spec.name);
      if (!spec || spec.image === cr.spec.image) continue;
      cr.spec = spec;
      cr.pulledImage = undefined;
      // The reason cache keeps the last start failure (ErrImagePull, ImagePullBackOff, …) until a start succeeds:
      // the status shows it while the new image is pulled, never ContainerCreating.
      this.crashBackoff.reset(`${rec.uid}_${spec.name}`);
      const c = cr.current;
      if (c?.state === 'running' && !rec.pod.metadata.deletionTimestamp) {
        this.event(rec, cr, 'Normal', M.REASON_KILLING, M.msgDefinitionChanged(spec.name));
        for (const p of cr.probes) p.cancel();
        this.runtime.stop(c, (rec.pod.spec?.terminationGracePeriodSeconds ?? 30) * 1000);
      }
    }
  }

  private resizeHost?: Resize.ResizeHost<PodRecord, ContainerRecord>;
  /** What the resize code (resize.ts, loaded on first use) works through. */
  private resizer(): Resize.ResizeHost<PodRecord, ContainerRecord> {
    return (this.resizeHost ??= {
      records: () => this.pods.values(),
      now: () => this.clock.now(),
      allocatable: () => ({ cpu: milliCPU(this.node.cpu), memory: this.memoryCapacity - N.EVICTION_HARD_MEMORY }),
      event: (rec, cr, type, reason, message) => this.event(rec, cr, type, reason, message),
      restart: (rec, cr, c) => {
        for (const p of cr.probes) p.cancel();
        this.crashBackoff.reset(`${rec.uid}_${cr.spec.name}`);
        this.runtime.stop(c, (rec.pod.spec?.terminationGracePeriodSeconds ?? 30) * 1000);
      },
      update: (c, r) => this.runtime.updateResources(c, r),
      syncSoon: (rec) => this.syncSoon(rec, 0, true),
      plegSoon: (rec) => this.plegSoon(rec),
    });
  }

  /** A pod whose spec changed: a resize when a container's resources moved (the code loads then, the clock held). */
  private resizeOnUpdate(rec: PodRecord): void {
    const R = resizeCode.loaded();
    if (R) {
      if (R.handleResize(this.resizer(), rec)) R.retryPendingResizes(this.resizer(), rec);
      return;
    }
    const specs = new Map((rec.pod.spec?.containers ?? []).concat(rec.pod.spec?.initContainers ?? []).map((c) => [c.name, c]));
    if ([...rec.containers, ...rec.inits].every((cr) => JSON.stringify(specs.get(cr.spec.name)?.resources ?? {}) === JSON.stringify(cr.spec.resources ?? {}))) return;
    this.loadHolding(resizeCode, () => {
      if (!rec.live) return;
      this.resizeOnUpdate(rec);
      this.syncSoon(rec, 0, true);
    });
  }

  /** @internal The pod informer's delete (PodEvents). */
  onPodDeleted(obj: KObject): void {
    if (!this.up) return;
    const key = this.recordKey(obj);
    const rec = this.pods.get(key);
    if (!rec || rec.pod.metadata.uid !== obj.metadata.uid) return;
    if (rec.mirror && this.activeManifests().has(`${obj.metadata.namespace}/${obj.metadata.name}`)) {
      // The static pod keeps running; its next mirror will take over the record.
      this.clock.schedule(0, () => this.reconcileMirrorPods());
      return;
    }
    // Force-deleted (or removed after termination): whatever still runs is killed without ceremony. A static pod whose
    // manifest is gone is not a deleted pod to the pod worker (no deletion timestamp): its dead containers stay
    // (Exited in crictl ps -a) until housekeeping forgets the worker and the next container GC pass removes them.
    this.teardown(rec, rec.mirror ? this.nextStaticGC() : undefined);
  }

  /** The container GC pass (every minute from the kubelet's start) after the next housekeeping (every 2 s). */
  private nextStaticGC(): number {
    const o = this.tickOrigin;
    return o + Math.ceil((this.clock.now() + HOUSEKEEPING_PERIOD_MS - o) / CONTAINER_GC_PERIOD_MS) * CONTAINER_GC_PERIOD_MS;
  }

  private newRecord(pod: Pod & KObject, key: string, mirror: boolean): PodRecord {
    const mk = (spec: ContainerSpec, init: boolean): ContainerRecord => ({ spec, init, restartCount: 0, attempts: 0, pulling: false, ready: false, started: false, probes: NO_PROBES });
    const ephemerals = newEphemeralSpecs(pod, []);
    // The user each container's status reports comes from its image's /etc/passwd and /etc/group.
    needUserFiles(this.clock, pod, pod.spec?.containers ?? []);
    if (pod.spec?.initContainers) needUserFiles(this.clock, pod, pod.spec.initContainers);
    // The volume manager's code, before the sandbox is up (the clock waits for it): an emptyDir never makes a container wait.
    if (!volumeManager.loaded() && pod.spec?.volumes?.some((v) => v.emptyDir)) {
      const release = this.clock.hold();
      void loadVolumeManager().then(release, release);
    }
    const rec: PodRecord = {
      uid: pod.metadata.uid!, key, pod, sandboxReady: false, startTime: this.clock.now(),
      containers: (pod.spec?.containers ?? []).map((c) => mk(c, false)),
      inits: pod.spec?.initContainers?.length ? pod.spec.initContainers.map((c) => mk(c, true)) : NO_RECORDS,
      ephemerals: ephemerals.length ? ephemerals.map((c) => ({ ...mk(c, false), ephemeral: true })) : NO_RECORDS,
      terminating: false, finished: false, mirror, firstSync: true, live: false, seq: this.recordSeq++, probesFrom: this.clock.now(),
    };
    // Adopt containers that survived a kubelet restart (same pod UID, still on this node).
    // A static pod's containers may carry its record key instead of the mirror's UID: those few scan everything.
    for (const c of mirror ? this.runtime.containers.values() : this.runtime.containersOfPod(rec.uid)) {
      if (c.opts.podUID !== rec.uid && !(mirror && c.opts.podUID === key)) continue;
      const cr = [...rec.containers, ...rec.inits, ...rec.ephemerals].find((x) => x.spec.name === c.name);
      if (!cr) continue;
      if (!cr.current || cr.current.opts.attempt < c.opts.attempt) {
        cr.current = c;
        cr.restartCount = c.opts.attempt;
        cr.attempts = c.opts.attempt + 1;
        cr.pulledImage = c.image;
        // A dead container of a static pod stopped with its sandbox (its manifest moved out and back within a GC
        // period) counts for the restart count, but the pod needs a new sandbox.
        if (this.stoppedSandbox?.has(c)) continue;
        rec.podIP = c.podIP;
        rec.sandboxReady = true;
        rec.sandboxAt = c.startedAt;
        if (c.state === 'running') { cr.started = true; cr.ready = !cr.spec.readinessProbe; }
      }
    }
    const ps = pod.status?.startTime ? parseTime(pod.status.startTime) : undefined;
    if (ps !== undefined) rec.startTime = ps;
    if (rec.podIP) this.ipam.mark(rec.podIP, true);
    for (const cr of [...rec.containers, ...rec.inits]) if (cr.current?.state === 'running') this.startProbes(rec, cr);
    return rec;
  }

  /**
   * @internal Asks for a sync at `delayMs` from now; an earlier one already asked for covers it (a sync looks at everything).
   * `triggered`: a new sync of the pod worker, which starts by writing the status; otherwise the next step of a
   * sync under way (the sandbox ready, a pull done).
   */
  syncSoon(rec: PodRecord, delayMs: number, triggered = false): void {
    if (triggered) rec.syncTriggered = true;
    const at = this.clock.now() + Math.max(0, delayMs);
    if (rec.timer !== undefined && rec.timerAt !== undefined && rec.timerAt <= at) return;
    if (rec.timer !== undefined) this.clock.cancel(rec.timer);
    rec.timerAt = at;
    rec.timer = this.clock.at(at, () => {
      rec.timer = undefined;
      rec.timerAt = undefined;
      if (!this.up || !rec.live) return;
      const outage = this.runtimeOutage;
      if (outage) {
        // Until runtimeErrors reports something (up to 30 s) the sync loop still dispatches: a pod's first sync
        // writes its status and fails at RunPodSandbox, and its worker then waits for a relist (as all do).
        if (!rec.sandboxReady && rec.sandboxAt === undefined && !this.parked?.has(rec) && !rec.pod.metadata.deletionTimestamp && !outage.health(this.tickOrigin, this.clock.now()).notReady) {
          if (rec.syncTriggered) this.writeStatus(rec);
          outage.failed({ at: this.clock.now(), call: 'RunPodSandbox' });
          this.event(rec, undefined, 'Warning', M.REASON_FAILED_CREATE_POD_SANDBOX, M.msgFailedCreatePodSandBox(outage.criError));
        }
        // The sync loop skips pods while runtimeErrors reports anything, and pod workers wait for a relist that
        // does not come: nothing is synced (or reported) until the runtime is back.
        (this.parked ??= new Set()).add(rec);
        rec.syncTriggered = true;
        return;
      }
      const trig = !!rec.syncTriggered;
      if (((rec.pulls ?? 0) > 0 || rec.hook) && !rec.pod.metadata.deletionTimestamp) {
        // The worker is still inside the SyncPod that pulls or runs a postStart hook: this sync waits for it.
        if (trig) rec.syncAfterBusy = true;
        return;
      }
      rec.syncTriggered = false;
      try {
        this.syncPod(rec, trig);
      } catch (e) {
        this.clock.errors.push(e);
      }
    });
  }

  /** A container or the sandbox started or died: PLEG's next relist sees it and the pod is synced. */
  private plegSoon(rec: PodRecord): void {
    const now = this.clock.now();
    this.syncSoon(rec, nextTick(this.tickOrigin, now, true) - now, true);
  }

  /** A sync failed: the worker requeues itself (until `backoffExpiry` for a crash-loop back-off), due on a sync-loop tick. */
  private requeueOnError(rec: PodRecord, backoffExpiry?: number): void {
    const now = this.clock.now();
    const due = now + errorRequeueMs(now, backoffExpiry, this.jitterRandom.next());
    this.syncSoon(rec, nextTick(this.tickOrigin, due, false) - now, true);
  }

  /** @internal Records an event on the pod (and the container's field path). */
  event(rec: PodRecord, cr: ContainerRecord | undefined, type: 'Normal' | 'Warning', reason: string, message: string): void {
    // Joined into one flat string: a template literal keeps four 32-byte pieces, in the record and in every Event's involvedObject.
    const fieldPath = cr ? (cr.fieldPath ??= ['spec.', cr.ephemeral ? 'ephemeralContainers' : cr.init ? 'initContainers' : 'containers', '{', cr.spec.name, '}'].join('')) : undefined;
    this.recorder.event(rec.pod, type, reason, message, fieldPath);
  }

  /** @internal format.Pod: name_namespace(uid). */
  podFull(rec: PodRecord): string {
    return M.podFullName(rec.pod.metadata.name!, rec.pod.metadata.namespace!, rec.pod.metadata.uid!);
  }

  /**
   * One pass of the pod worker. A triggered sync first reports the status as it finds it (SyncPod's
   * generateAPIPodStatus comes before the runtime's SyncPod), then decides the next step for every container.
   */
  private syncPod(rec: PodRecord, triggered = false): void {
    const pod = rec.pod;
    if (pod.metadata.deletionTimestamp) {
      this.terminate(rec);
      this.writeStatus(rec);
      // An evicted pod deleted afterwards: its containers are already stopped (or stopping).
      if (rec.evicted) this.maybeFinishTermination(rec);
      return;
    }
    if (rec.evicted) {
      // Being evicted: nothing restarts; the status turns Failed once every container has stopped.
      this.writeStatus(rec);
      return;
    }
    if (rec.finished) return;
    if (triggered) {
      if (rec.sandboxReady) rec.firstSync = false;
      this.writeStatus(rec);
      if (rec.finished) return;
    }
    const now = this.clock.now();
    if (!rec.sandboxReady) {
      if (rec.sandboxAt === undefined) {
        rec.sandboxAt = now;
        // GetPodDNS, as the sandbox's config is made: what it had to cut is said on the pod.
        const dns = podDNSOf(rec.pod, this.node.internalIP);
        rec.resolvConf = dns.text;
        for (const w of dns.warnings) this.event(rec, undefined, 'Warning', 'DNSConfigForming', w);
        this.syncSoon(rec, SANDBOX_MS);
        return;
      }
      if (now < rec.sandboxAt + SANDBOX_MS) { this.syncSoon(rec, rec.sandboxAt + SANDBOX_MS - now); return; }
      rec.podIP = pod.spec?.hostNetwork ? this.node.internalIP : this.ipam.allocate();
      rec.sandboxReady = true;
      // The sandbox started: PLEG's next relist sees it and asks for a sync, which runs once this one is over.
      this.plegSoon(rec);
    }
    // A resize state exists only once its code has loaded.
    if (rec.resize?.inProgress) resizeCode.loaded()!.actuateResize(this.resizer(), rec);
    if (pod.spec?.volumes?.some((v) => v.configMap || v.secret)) this.refreshVolumes(rec);
    const policy = pod.spec?.restartPolicy ?? 'Always';
    // Init containers run one at a time, in order; sidecars (restartPolicy Always) keep running.
    for (const cr of rec.inits) {
      const sidecar = cr.spec.restartPolicy === 'Always';
      const t = cr.current?.state === 'exited' ? this.terminatedOf(cr.current, cr.spec) : undefined;
      if (!sidecar && t && t.exitCode === 0) continue;
      if (cr.current?.state === 'running') {
        if (sidecar && cr.started) continue;
        this.reportAtEnd(rec);
        return;
      }
      if (t && !sidecar && policy === 'Never') { rec.finished = true; this.writeStatus(rec); return; }
      this.ensureStarted(rec, cr);
      const now2 = cr.current as Container | undefined;
      if (!(sidecar && now2?.state === 'running' && cr.started)) { this.reportAtEnd(rec); return; }
    }
    for (const cr of rec.containers) {
      if (cr.current?.state === 'running') continue;
      if (cr.current?.state === 'exited' || cr.startFailure) {
        const exit = cr.current?.state === 'exited' ? cr.current.exitCode ?? 0 : 128;
        const restart = policy === 'Always' || (policy === 'OnFailure' && exit !== 0);
        if (!restart) continue;
      }
      this.ensureStarted(rec, cr);
      // startContainer waits in this one's postStart hook: the containers after it start once it is over.
      if (rec.hook) return;
    }
    for (const cr of rec.ephemerals) if (ephemeralNeedsStart(cr, rec.terminating)) this.ensureStarted(rec, cr);
    this.reportAtEnd(rec);
  }

  /**
   * @internal The end of a sync reports nothing: what it started or failed to start (the reason cache: CrashLoopBackOff,
   * ErrImagePull, CreateContainerConfigError …) shows in the status the next sync writes first. Only the pod's first
   * sync, while it still creates the sandbox and pulls, reports what it started at its end; the real kubelet reports
   * that at the sync PLEG's next relist asks for, up to 1 s later.
   */
  reportAtEnd(rec: PodRecord): void {
    if (rec.firstSync && !rec.pulls && !rec.hook) this.writeStatus(rec);
  }

  /** @internal The SyncPod that pulled or ran a postStart hook is over: a sync asked for meanwhile runs after the relist that follows. */
  workerFree(rec: PodRecord): void {
    if (!rec.syncAfterBusy || rec.pulls || rec.hook) return;
    rec.syncAfterBusy = false;
    this.plegSoon(rec);
  }

  private terminatedOf(c: Container, spec: ContainerSpec): TerminatedInfo {
    // The runtime's own message (an OOM kill's), then ": " and what the application wrote (kuberuntime's convertToKubeContainerStatus).
    const written = c.terminationMessage(spec.terminationMessagePath, spec.terminationMessagePolicy);
    const message = written === undefined ? c.message : c.message ? `${c.message}: ${written}` : written;
    return { exitCode: c.exitCode ?? 0, reason: c.reason ?? 'Completed', message, startedAt: c.startedAt, finishedAt: c.finishedAt ?? c.startedAt, containerID: c.id };
  }

  private pullPolicy(spec: ContainerSpec): string {
    if (spec.imagePullPolicy) return spec.imagePullPolicy;
    try {
      const ref = parseImageReference(spec.image ?? '');
      return ref.tag === 'latest' && !ref.digest && !/:latest$/.test('') ? 'Always' : 'IfNotPresent';
    } catch {
      return 'IfNotPresent';
    }
  }

  /** Pull (if needed), check config, then create and start one container — or wait out a back-off. */
  private ensureStarted(rec: PodRecord, cr: ContainerRecord): void {
    if (cr.pulling) return;
    const now = this.clock.now();
    const spec = cr.spec;
    const dead = cr.current?.state === 'exited' ? this.terminatedOf(cr.current, cr.spec) : cr.startFailure;
    if (dead) {
      const crashKey = `${rec.uid}_${spec.name}`;
      if (this.crashBackoff.inBackoffSince(crashKey, dead.finishedAt, now)) {
        const wait = this.crashBackoff.get(crashKey);
        cr.waiting = { reason: M.CRASH_LOOP_BACKOFF, message: M.msgCrashLoop(wait, spec.name, this.podFull(rec)) };
        if (cr.backoffEventFor !== dead.finishedAt) {
          cr.backoffEventFor = dead.finishedAt;
          this.event(rec, cr, 'Warning', M.REASON_BACKOFF, M.msgBackOffRestart(spec.name, this.podFull(rec)));
        }
        // A back-off error carries its expiry (kuberuntime doBackOff's BackoffError): the worker comes back then.
        this.requeueOnError(rec, dead.finishedAt + wait);
        return;
      }
      this.crashBackoff.next(crashKey, dead.finishedAt, now);
    }
    // Image
    const image = spec.image ?? '';
    try {
      parseImageReference(image);
    } catch (e) {
      if (e instanceof InvalidImageNameError) {
        const msg = M.msgInvalidImage(image, e.message);
        cr.waiting = { reason: M.INVALID_IMAGE_NAME, message: msg };
        this.event(rec, cr, 'Warning', M.REASON_INSPECT_FAILED, msg);
        this.event(rec, cr, 'Warning', M.REASON_FAILED, M.msgError(M.INVALID_IMAGE_NAME));
        this.requeueOnError(rec);
        return;
      }
    }
    const policy = this.pullPolicy(spec);
    const present = this.runtime.hasImage(image);
    const needPull = policy === 'Always' || (policy === 'IfNotPresent' && !present);
    if (!needPull) {
      if (!present) {
        const msg = M.msgNeverPull(image);
        cr.waiting = { reason: M.ERR_IMAGE_NEVER_PULL, message: msg };
        this.event(rec, cr, 'Warning', M.REASON_NEVER_PULL, msg);
        this.event(rec, cr, 'Warning', M.REASON_FAILED, M.msgError(M.ERR_IMAGE_NEVER_PULL));
        this.requeueOnError(rec);
        return;
      }
      // One text per image: every pod's Pulled event keeps its message, so they share it instead of each keeping a copy.
      let pulled = this.alreadyPresent.get(image);
      if (pulled === undefined) this.alreadyPresent.set(image, (pulled = M.msgAlreadyPresent(image)));
      this.event(rec, cr, 'Normal', M.REASON_PULLED, pulled);
      this.createAndStart(rec, cr, present);
      return;
    }
    const imageKey = `${rec.uid}_${image}`;
    if (this.imageBackoff.inBackoffSinceUpdate(imageKey, now)) {
      cr.waiting = { reason: M.IMAGE_PULL_BACKOFF, message: `${M.msgBackOffPull(image)}: ${M.ERR_IMAGE_PULL}: ${cr.lastPullError ?? ''}` };
      const last = this.imageBackoff.lastUpdate(imageKey)!;
      if (cr.backoffEventFor !== last) {
        cr.backoffEventFor = last;
        this.event(rec, cr, 'Normal', M.REASON_BACKOFF, M.msgBackOffPull(image));
        this.event(rec, cr, 'Warning', M.REASON_FAILED, M.msgError(M.IMAGE_PULL_BACKOFF));
      }
      this.requeueOnError(rec);
      return;
    }
    cr.pulling = true;
    rec.pulls = (rec.pulls ?? 0) + 1;
    // A restart's pull keeps the status it had (terminated, or CrashLoopBackOff
    // from the reason cache): only a container that never ran is ContainerCreating.
    if (!cr.current && !cr.startFailure && (!cr.waiting || cr.waiting.reason === M.CRASH_LOOP_BACKOFF)) cr.waiting = { reason: cr.init || rec.inits.length === 0 ? M.CONTAINER_CREATING : M.POD_INITIALIZING };
    this.event(rec, cr, 'Normal', M.REASON_PULLING, M.msgPulling(image));
    const uid = rec.uid;
    this.runtime.pull(image, (r) => {
      cr.pulling = false;
      rec.pulls = Math.max(0, (rec.pulls ?? 1) - 1);
      if (!this.up || !rec.live || rec.uid !== uid || rec.pod.metadata.deletionTimestamp) return;
      if (r.ok) {
        this.event(rec, cr, 'Normal', M.REASON_PULLED, M.msgPulled(image, r.pullMs, r.totalMs, r.image.sizeBytes));
        this.createAndStart(rec, cr, r.image);
      } else {
        this.event(rec, cr, 'Warning', M.REASON_FAILED, M.msgFailedPull(image, r.error));
        this.event(rec, cr, 'Warning', M.REASON_FAILED, M.msgError(M.ERR_IMAGE_PULL));
        this.imageBackoff.next(imageKey, this.clock.now(), this.clock.now());
        cr.lastPullError = r.error;
        cr.waiting = { reason: M.ERR_IMAGE_PULL, message: r.error };
        this.requeueOnError(rec);
      }
      if (r.ok) this.reportAtEnd(rec);
      // Syncs asked for during the pull run once it is over, with the relist after it (podCache.GetNewerThan).
      this.workerFree(rec);
    });
  }

  /** generateContainerConfig's checks: env and envFrom references that must exist. */
  private configError(rec: PodRecord, spec: ContainerSpec): string | undefined {
    const ns = rec.pod.metadata.namespace!;
    const get = (resource: string, name: string) => {
      try { return this.client.tryGet(resource, ns, name); } catch { return undefined; }
    };
    for (const e of spec.envFrom ?? []) {
      if (e.configMapRef && !e.configMapRef.optional && !get('configmaps', e.configMapRef.name!)) return M.msgConfigMapNotFound(e.configMapRef.name!);
      if (e.secretRef && !e.secretRef.optional && !get('secrets', e.secretRef.name!)) return M.msgSecretNotFound(e.secretRef.name!);
    }
    for (const e of spec.env ?? []) {
      const cm = e.valueFrom?.configMapKeyRef;
      if (cm && !cm.optional) {
        const o = get('configmaps', cm.name!);
        if (!o) return M.msgConfigMapNotFound(cm.name!);
        if (!((o.data as Record<string, string> | undefined)?.[cm.key] !== undefined)) return M.msgConfigMapKeyNotFound(cm.key, ns, cm.name!);
      }
      const s = e.valueFrom?.secretKeyRef;
      if (s && !s.optional) {
        const o = get('secrets', s.name!);
        if (!o) return M.msgSecretNotFound(s.name!);
        if (!((o.data as Record<string, string> | undefined)?.[s.key] !== undefined || (o.stringData as Record<string, string> | undefined)?.[s.key] !== undefined)) return M.msgSecretKeyNotFound(s.key, ns, s.name!);
      }
    }
    return undefined;
  }

  /** A ConfigMap/Secret volume that does not exist keeps the pod in ContainerCreating with FailedMount. */
  private volumeError(rec: PodRecord): { volume: string; err: string } | undefined {
    const ns = rec.pod.metadata.namespace!;
    for (const v of rec.pod.spec?.volumes ?? []) {
      try {
        if (v.configMap && !v.configMap.optional && !this.client.tryGet('configmaps', ns, v.configMap.name!)) return { volume: v.name, err: M.msgConfigMapNotFound(v.configMap.name!) };
        if (v.secret && !v.secret.optional && !this.client.tryGet('secrets', ns, v.secret.secretName!)) return { volume: v.name, err: M.msgSecretNotFound(v.secret.secretName!) };
      } catch {
        return undefined;
      }
    }
    return undefined;
  }

  /** The node's files, where hostPath volumes live (volumes.ts). */
  hostFiles?: VirtualFileSystem;

  private createAndStart(rec: PodRecord, cr: ContainerRecord, image: ImageInfo): void {
    cr.pulledImage = image;
    // A container mounting a claim keeps the mounted paths in the volume; undefined: not there yet, so wait.
    const fsMaps = rec.pod.spec?.volumes?.some(outlivesContainer) ? volumeManager.loaded()?.volumeMounts(rec.pod, cr.spec.volumeMounts, this.client, this.clock, this) : null;
    if (fsMaps === undefined) {
      void loadVolumeManager();
      cr.waiting = { reason: cr.init || rec.inits.length === 0 ? M.CONTAINER_CREATING : M.POD_INITIALIZING };
      this.requeueOnError(rec);
      return;
    }
    const vol = this.volumeError(rec);
    if (vol) {
      cr.waiting = { reason: cr.init || rec.inits.length === 0 ? M.CONTAINER_CREATING : M.POD_INITIALIZING };
      this.event(rec, undefined, 'Warning', M.REASON_FAILED_MOUNT, M.msgFailedMount(vol.volume, vol.err));
      this.requeueOnError(rec);
      return;
    }
    const cfgErr = this.configError(rec, cr.spec) ?? runAsNonRootError(rec.pod, cr.spec, image);
    if (cfgErr) {
      cr.waiting = { reason: M.CREATE_CONTAINER_CONFIG_ERROR, message: cfgErr };
      this.event(rec, cr, 'Warning', M.REASON_FAILED, M.msgError(cfgErr));
      this.requeueOnError(rec);
      return;
    }
    const { env, kubeletEnv } = this.environment(rec, cr.spec);
    // ExpandContainerCommandAndArgs: what the kubelet passes, not the image's ENV or the runtime's PATH and HOSTNAME.
    const expand = (s: string) => expandEnvRefs(s, (n) => kubeletEnv[n]);
    const argv = containerArgv(image, cr.spec.command?.map(expand), cr.spec.args?.map(expand));
    const limits = (cr.spec.resources?.limits ?? {}) as Record<string, unknown>;
    const requests = (cr.spec.resources?.requests ?? {}) as Record<string, unknown>;
    const attempt = cr.attempts;
    const hadRun = cr.attempts > 0;
    cr.attempts++;
    if (hadRun) cr.restartCount++;
    const previous = cr.current;
    let security = processSecurity(rec.pod, cr.spec);
    // A claimed volume's GID annotation: every container's first process gets the group, the pod's spec does not show it.
    const volumeGroups = rec.pod.spec?.volumes?.some((v) => v.persistentVolumeClaim) ? volumeManager.loaded()?.volumeGroups(rec.pod, (r, ns, n) => this.client.tryGet(r, ns, n)) : undefined;
    if (volumeGroups?.length) security = { ...security, groups: [...(security?.groups ?? []), ...volumeGroups] };
    const emptyDirs = emptyDirMounts(rec.pod, cr.spec);
    const result = this.runtime.start({
      podUID: rec.mirror ? rec.key : rec.uid, podName: rec.pod.metadata.name!, namespace: rec.pod.metadata.namespace!, podIP: rec.podIP ?? '',
      ...this.podNaming(rec.pod),
      name: cr.spec.name, attempt, image, argv, env,
      memoryLimit: limits.memory !== undefined ? bytes(limits.memory) : undefined,
      cpuLimitMilli: limits.cpu !== undefined ? milliCPU(limits.cpu) : undefined,
      cpuRequestMilli: requests.cpu !== undefined ? milliCPU(requests.cpu) : undefined,
      mounts: { '/etc/resolv.conf': rec.resolvConf ?? podDNSOf(rec.pod, this.node.internalIP).text },
      volumes: this.mounts(rec, cr.spec),
      ...(fsMaps ? { fsMaps } : undefined),
      volumeMounts: cr.spec.volumeMounts,
      ...(security ? { security } : undefined),
      ...(emptyDirs ? { emptyDirs } : undefined),
      // stdinOnce: the first attach closed it, so a restarted shell reads end-of-file at once.
      stdin: !!cr.spec.stdin && !(cr.spec.stdinOnce && attempt > 0),
      // PID namespaces: only the few containers that share one carry these.
      ...(rec.pod.spec?.shareProcessNamespace ? { shareProcessNamespace: true } : cr.ephemeral && (cr.spec as { targetContainerName?: string }).targetContainerName ? { targetContainer: (cr.spec as { targetContainerName?: string }).targetContainerName } : undefined),
    });
    if (previous && previous.state === 'exited') {
      cr.previous = previous;
      cr.lastTerminated = this.terminatedOf(previous, cr.spec);
      this.runtime.remove(previous.id);
    } else if (cr.startFailure) {
      cr.lastTerminated = cr.startFailure;
    }
    cr.startFailure = undefined;
    if (!result.ok) {
      const now = this.clock.now();
      this.event(rec, cr, 'Normal', M.REASON_CREATED, M.MSG_CREATED);
      this.event(rec, cr, 'Warning', M.REASON_FAILED, M.msgError(result.error));
      cr.current = undefined;
      cr.startFailure = { exitCode: 128, reason: M.START_ERROR, message: result.error, startedAt: 0, finishedAt: now, containerID: result.id, user: result.user };
      // The reason cache's RunContainerError shows only on a container the kubelet restarts (ShouldContainerBeRestarted):
      // under restartPolicy Never the failed one stays Terminated with StartError.
      cr.waiting = cr.spec.restartPolicy === 'Always' || rec.pod.spec?.restartPolicy !== 'Never' ? { reason: M.RUN_CONTAINER_ERROR, message: result.error } : undefined;
      // The created container that failed to start is a PLEG event too.
      this.plegSoon(rec);
      return;
    }
    cr.current = result.container;
    if (rec.mirror && result.container.state === 'running') this.onStaticPodStarted?.(rec.pod.metadata.labels?.component ?? '', result.container);
    cr.runningSpec = undefined;
    cr.waiting = undefined;
    cr.ready = false;
    cr.started = false;
    this.event(rec, cr, 'Normal', M.REASON_CREATED, M.MSG_CREATED);
    this.event(rec, cr, 'Normal', M.REASON_STARTED, M.MSG_STARTED);
    const postStart = cr.spec.lifecycle?.postStart;
    if (postStart && result.container.state === 'running') {
      // startContainer waits in the hook: the worker syncs nothing else of the pod meanwhile.
      rec.hook = cr;
      this.withHookRunner((m) => m.runPostStart(this, rec, cr, result.container, postStart));
    } else this.containerStarted(rec, cr, result.container);
  }

  /** @internal startContainer is over for `c`: its probes start, and PLEG's relist after its start asks for the sync that reports it. */
  containerStarted(rec: PodRecord, cr: ContainerRecord, c: Container): void {
    cr.started = !cr.spec.startupProbe;
    if (!cr.spec.readinessProbe && cr.started) cr.ready = true;
    this.startProbes(rec, cr);
    // A process that ended as it started (`exit 1`) exited before it was this record's: PLEG sees it all the same.
    if (c.state === 'exited') this.onContainerExit(c);
    // A started init container lets the next one (or a sidecar's successor) go.
    else if (cr.init) this.syncSoon(rec, 0, true);
    // ContainerStarted: the sync PLEG's next relist asks for reports it.
    else this.plegSoon(rec);
  }

  /** Runs `use` with the lifecycle hook code (lifecycle-hooks.ts), loading it first with the clock held. */
  private withHookRunner(use: (m: typeof import('./lifecycle-hooks.js')) => void): void {
    const m = hookRunner.loaded();
    if (m) use(m);
    else this.loadHolding(hookRunner, use);
  }

  /** Loads `code` (real I/O: the clock is held meanwhile), then goes on with `then` at the same instant; a failed load is the clock's error. */
  private loadHolding<M>(code: LazyModule<M>, then: (m: M) => void): void {
    const release = this.clock.hold();
    code.load().then((m) => { release(); then(m); }, (e: unknown) => { release(); this.clock.errors.push(e); });
  }

  /**
   * @internal kuberuntime's killContainer: the Killing event, the preStop hook when there is grace to run it in
   * (lifecycle-hooks.ts), then StopContainer.
   */
  killContainerGracefully(rec: PodRecord, cr: ContainerRecord, c: Container, graceMs: number, message: string): void {
    this.event(rec, cr, 'Normal', M.REASON_KILLING, message);
    if (cr.spec.lifecycle?.preStop && graceMs > 0 && c.state === 'running') this.withHookRunner((m) => m.runPreStop(this, rec, cr, c, graceMs));
    else this.runtime.stop(c, graceMs);
  }

  /**
   * The volume manager remounts a pod's ConfigMap and Secret volumes on each sync: a change of the pod's
   * annotations, or the pod worker's periodic resync (the 1 min sync frequency, jittered by up to half). The kubelet
   * watches both kinds (configMapAndSecretChangeDetectionStrategy: Watch), so what it writes is what the API holds
   * then; AtomicWriter writes a payload only when it changed. A subPath mount keeps the file it got at start.
   */
  private refreshVolumes(rec: PodRecord): void {
    for (const cr of [...rec.inits, ...rec.containers]) {
      if (cr.current?.state !== 'running') continue;
      const vols = cr.spec.volumeMounts?.filter((vm) => !vm.subPath && rec.pod.spec?.volumes?.some((v) => v.name === vm.name && (v.configMap || v.secret)));
      if (vols?.length) cr.current.refreshVolumes(this.mounts(rec, { ...cr.spec, volumeMounts: vols }));
    }
    if (rec.volumeResync) return;
    rec.volumeResync = true;
    const resync = () => {
      if (!this.up || !rec.live || rec.finished || rec.pod.metadata.deletionTimestamp) return (rec.volumeResync = false);
      this.refreshVolumes(rec);
      this.clock.schedule(POD_RESYNC_MS * (1 + 0.5 * this.resyncRandom.next()), resync);
    };
    this.clock.schedule(POD_RESYNC_MS * (1 + 0.5 * this.resyncRandom.next()), resync);
  }

  /**
   * ConfigMap, Secret and projected volumes (the service-account token's kube-api-access-…), each as the kubelet's
   * AtomicWriter lays it out: the files in a timestamped directory, `..data` pointing at it, and each name a link
   * into `..data` (pkg/volume/util/atomic_writer.go). Secrets and projected volumes are on tmpfs.
   */
  private mounts(rec: PodRecord, spec: ContainerSpec): AtomicVolume[] {
    const out: AtomicVolume[] = [];
    const ns = rec.pod.metadata.namespace!;
    for (const vm of spec.volumeMounts ?? []) {
      const v = rec.pod.spec?.volumes?.find((x) => x.name === vm.name);
      if (!v || !(v.configMap || v.secret || v.projected || v.downwardAPI)) continue;
      const files: Record<string, FileContent> = {};
      const modes: Record<string, number> = {};
      const defaultMode = (v.configMap ?? v.secret ?? v.projected)?.defaultMode ?? 0o644;
      const keys = (data: Record<string, string>, items: readonly { key?: string; path?: string; mode?: number }[] | undefined, decode: boolean) => {
        const pairs = items?.length ? items.map((i) => [i.key!, i.path!, i.mode] as const) : Object.keys(data).map((k) => [k, k, undefined] as const);
        for (const [k, path, mode] of pairs) {
          if (data[k] === undefined) continue;
          files[path] = decode ? base64Decode(data[k]) : data[k];
          modes[path] = mode ?? defaultMode;
        }
      };
      const fields = (items: readonly { path: string; fieldRef?: { fieldPath: string } }[] | undefined) => {
        for (const item of items ?? []) {
          const value = item.fieldRef ? this.podField(rec, item.fieldRef.fieldPath) : undefined;
          if (value !== undefined) files[item.path] = value;
        }
      };
      try {
        if (v.configMap) {
          const cm = this.client.tryGet('configmaps', ns, v.configMap.name!);
          keys((cm?.data ?? {}) as Record<string, string>, v.configMap.items, false);
        } else if (v.secret) {
          const s = this.client.tryGet('secrets', ns, v.secret.secretName!);
          keys((s?.data ?? {}) as Record<string, string>, v.secret.items, true);
        } else if (v.projected) {
          for (const src of v.projected.sources ?? []) {
            if (src.serviceAccountToken) {
              // Issued now (its claims say so); signed when first read.
              const tokenSource = src.serviceAccountToken;
              const issuedAt = this.clock.now();
              files[tokenSource.path] = () => this.serviceAccountToken(rec.pod, tokenSource, issuedAt);
            }
            else if (src.configMap) keys((this.client.tryGet('configmaps', ns, src.configMap.name!)?.data ?? {}) as Record<string, string>, src.configMap.items, false);
            else if (src.secret) keys((this.client.tryGet('secrets', ns, src.secret.name!)?.data ?? {}) as Record<string, string>, src.secret.items, true);
            else if (src.downwardAPI) fields(src.downwardAPI.items);
          }
        } else if (v.downwardAPI) fields(v.downwardAPI.items);
      } catch { /* mount stays empty */ }
      out.push({ dir: vm.mountPath.replace(/\/+$/, ''), writtenAt: this.clock.now(), seed: `${rec.uid}/${vm.name}`, tmpfs: !v.configMap, files, modes, ...(vm.subPath ? { subPath: vm.subPath } : undefined) });
    }
    return out;
  }

  /**
   * A downward API field of the pod (an env var's fieldRef or a downwardAPI volume item's; the API server's
   * validation keeps each to the paths it allows): whole labels and annotations as the volume writes them, one
   * `key="value"` line each.
   */
  private podField(rec: PodRecord, path: string): string | undefined {
    const m = rec.pod.metadata;
    switch (path) {
      case 'metadata.name': return m.name ?? '';
      case 'metadata.namespace': return m.namespace ?? '';
      case 'metadata.uid': return m.uid ?? '';
      case 'metadata.labels': case 'metadata.annotations': {
        const map = (path === 'metadata.labels' ? m.labels : m.annotations) ?? {};
        return Object.keys(map).sort().map((k) => `${k}=${JSON.stringify(map[k])}`).join('\n');
      }
      case 'spec.nodeName': return this.node.name;
      case 'spec.serviceAccountName': return rec.pod.spec?.serviceAccountName ?? 'default';
      case 'status.podIP': return rec.podIP ?? '';
      case 'status.hostIP': return this.node.internalIP;
    }
    const lm = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(path);
    return lm ? (m[lm[1] as 'labels'] ?? {})[lm[2]] ?? '' : undefined;
  }

  /**
   * The token the kubelet's token manager asks TokenRequest for: bound to the pod (and its node), for the API
   * server's audience unless the projection names one, for the projection's lifetime (admission's 3607 s, which
   * the API server extends).
   */
  private serviceAccountToken(pod: KObject, src: { audience?: string; expirationSeconds?: number }, issuedAtMs: number): string {
    const ns = pod.metadata.namespace!;
    const saName = (pod.spec as { serviceAccountName?: string } | undefined)?.serviceAccountName ?? 'default';
    const sa = this.client.tryGet('serviceaccounts', ns, saName);
    const node = this.client.tryGet('nodes', undefined, this.node.name);
    return issueServiceAccountToken({
      namespace: ns, serviceAccount: { name: saName, uid: sa?.metadata.uid }, audiences: [src.audience || SERVICE_ACCOUNT_ISSUER],
      expirationSeconds: src.expirationSeconds ?? 3600,
      bound: { pod: { name: pod.metadata.name, uid: pod.metadata.uid }, node: { name: this.node.name, uid: node?.metadata.uid } },
      nowMs: issuedAtMs, seed: `${ns}/${pod.metadata.name}@${issuedAtMs}#token`,
    });
  }

  /** What the pod's hostname and /etc/hosts take beyond its name and IP (nothing for most pods). */
  private podNaming(pod: KObject): Pick<StartOptions, 'hostname' | 'hostsExtra'> | undefined {
    const spec = pod.spec as { hostname?: string; subdomain?: string; hostNetwork?: boolean; hostAliases?: { ip?: string; hostnames?: string[] }[] } | undefined;
    if (!spec || (!spec.hostname && !spec.subdomain && !spec.hostNetwork && !spec.hostAliases?.length && pod.metadata.name!.length <= 63)) return undefined;
    const domain = spec.subdomain ? `${spec.subdomain}.${pod.metadata.namespace}.svc.cluster.local` : undefined;
    return { hostname: podHostname(pod, this.node.name), hostsExtra: { domain, aliases: spec.hostAliases } };
  }

  /**
   * The container environment in containerd's order (CRI generateContainerSpec): the default PATH, HOSTNAME, the
   * image's ENV (replacing a key in place), then what the kubelet passes (Service links, the pod's env/envFrom),
   * and runc's HOME last.
   */
  private environment(rec: PodRecord, spec: ContainerSpec): { env: Record<string, string>; kubeletEnv: Record<string, string> } {
    const ns = rec.pod.metadata.namespace!;
    const env: Record<string, string> = { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', HOSTNAME: podHostname(rec.pod, this.node.name) };
    Object.assign(env, this.runtime.hasImage(spec.image ?? '')?.env ?? lookupImageEnv(spec.image ?? ''));
    const serviceEnv: Record<string, string> = {};
    try {
      const services = [...this.client.list('services', ns).items];
      if (ns !== 'default') {
        const k = this.client.tryGet('services', 'default', 'kubernetes');
        if (k) services.push(k);
      } 
      const links = rec.pod.spec?.enableServiceLinks ?? true;
      for (const svc of services) {
        const s = svc.spec as { clusterIP?: string; ports?: { name?: string; port: number; protocol?: string }[] } | undefined;
        if (!s?.clusterIP || s.clusterIP === 'None' || !s.ports?.length) continue;
        if (!links && !(svc.metadata.name === 'kubernetes' && svc.metadata.namespace === 'default')) continue;
        Object.assign(serviceEnv, serviceEnvOf(svc, s.clusterIP, s.ports));
      }
    } catch { /* API down: no service links */ }
    // makeEnvironmentVariables: envFrom first (every key, whatever its name: v1.35 checks none), then env in order,
    // each `$(NAME)` in a value resolved against what is defined so far and the Service links.
    const own: Record<string, string> = {};
    for (const e of spec.envFrom ?? []) {
      try {
        if (e.configMapRef) {
          const o = this.client.tryGet('configmaps', ns, e.configMapRef.name!);
          for (const [k, v] of Object.entries((o?.data ?? {}) as Record<string, string>)) own[`${e.prefix ?? ''}${k}`] = v;
        }
        if (e.secretRef) {
          const o = this.client.tryGet('secrets', ns, e.secretRef.name!);
          for (const [k, v] of Object.entries((o?.data ?? {}) as Record<string, string>)) own[`${e.prefix ?? ''}${k}`] = base64Decode(v);
        }
      } catch { /* checked before */ }
    }
    for (const e of spec.env ?? []) {
      const v = this.envValue(rec, e, (n) => (Object.hasOwn(own, n) ? own[n] : Object.hasOwn(serviceEnv, n) ? serviceEnv[n] : undefined));
      if (v !== undefined) own[e.name] = v;
    }
    const kubeletEnv = { ...serviceEnv, ...own };
    Object.assign(env, serviceEnv, own);
    // runc (libcontainer/env.go prepareEnv) appends HOME when the environment has none or an empty one: the
    // process uid's home in the image's /etc/passwd, "/" when it has no entry (or no passwd, as a scratch image).
    if (!env.HOME) {
      delete env.HOME;
      const image = this.runtime.hasImage(spec.image ?? '');
      const uid = spec.securityContext?.runAsUser ?? rec.pod.spec?.securityContext?.runAsUser ?? image?.account?.uid ?? 0;
      env.HOME = image?.account && uid === image.account.uid ? image.account.home : uid === 0 && image?.binaries.has('sh') ? '/root' : '/';
    }
    return { env, kubeletEnv };
  }

  /** One env entry's value; undefined for an optional reference to a ConfigMap, Secret or key that is not there. */
  private envValue(rec: PodRecord, e: EnvVar, defined: (name: string) => string | undefined): string | undefined {
    if (e.value) return expandEnvRefs(e.value, defined);
    const vf = e.valueFrom;
    const ns = rec.pod.metadata.namespace!;
    try {
      const ref = vf?.configMapKeyRef ?? vf?.secretKeyRef;
      if (ref) {
        const o = this.client.tryGet(vf?.configMapKeyRef ? 'configmaps' : 'secrets', ns, ref.name!);
        const v = ((o?.data ?? {}) as Record<string, string>)[ref.key];
        if (v === undefined) return ref.optional ? undefined : '';
        return vf?.secretKeyRef ? base64Decode(v) : v;
      }
    } catch { /* empty */ }
    if (vf?.fieldRef) return this.podField(rec, vf.fieldRef.fieldPath) ?? '';
    if (vf?.resourceFieldRef) {
      const spec = rec.pod.spec?.containers.find((c) => c.name === (vf.resourceFieldRef!.containerName ?? '')) ?? rec.pod.spec?.containers[0];
      const [kind, res] = vf.resourceFieldRef.resource.split('.');
      const q = ((spec?.resources?.[kind as 'limits'] ?? {}) as Record<string, unknown>)[res];
      if (res === 'cpu') return String(Math.ceil(milliCPU(q ?? this.node.cpu) / 1000));
      return String(bytes(q ?? '0'));
    }
    return '';
  }

  // ---------- probes ----------

  private startProbes(rec: PodRecord, cr: ContainerRecord): void {
    for (const p of cr.probes) p.cancel();
    cr.probes = NO_PROBES;
    const c = cr.current;
    if (!c) return;
    const probes: ProbeState[] = [];
    const defs: [ProbeKind, Probe | undefined][] = [['startup', cr.spec.startupProbe], ['liveness', cr.spec.livenessProbe], ['readiness', cr.spec.readinessProbe]];
    for (const [kind, probe] of defs) {
      if (!probe) continue;
      const st: ProbeState = { kind, probe, successes: 0, failures: 0, cancel: () => {} };
      const period = (probe.periodSeconds ?? PROBE_DEFAULTS.periodSeconds) * 1000;
      const initial = (probe.initialDelaySeconds ?? PROBE_DEFAULTS.initialDelaySeconds) * 1000;
      let stopped = false;
      let timer = 0;
      const startedAt = this.clock.now();
      const tick = () => {
        if (stopped || !this.up || cr.current !== c || c.state !== 'running' || rec.pod.metadata.deletionTimestamp) return;
        timer = this.clock.schedule(period, tick, { daemon: true });
        // doProbe: "Probe disabled for InitialDelaySeconds", whole seconds since the container started.
        if (Math.floor((this.clock.now() - startedAt) / 1000) < initial / 1000) return;
        this.probeOnce(rec, cr, c, st);
      };
      timer = this.clock.schedule(firstProbeDelay(kind, rec.probesFrom, startedAt, period, initial), tick, { daemon: true });
      st.cancel = () => { stopped = true; this.clock.cancel(timer); };
      probes.push(st);
    }
    if (probes.length) cr.probes = probes;
  }

  private probeOnce(rec: PodRecord, cr: ContainerRecord, c: Container, st: ProbeState): void {
    // Liveness and readiness wait for the startup probe to succeed.
    if (st.kind !== 'startup' && !cr.started) return;
    if (st.kind === 'startup' && cr.started) return;
    // An exec probe goes through the CRI (ExecSync): with containerd away it errs, and the worker throws the result
    // away (no failure counted). HTTP, TCP and gRPC probes dial the pod's address and go on as before.
    const outage = st.probe.exec && this.runtimeOutage;
    if (outage && outage.health(this.tickOrigin, this.clock.now()).unreachable) {
      // runProbeWithRetries tries an erring probe 3 times (maxProbeRetries): three failed ExecSync calls.
      for (let i = 0; i < 3; i++) outage.failed({ at: this.clock.now(), call: 'ExecSync', containerID: c.id, cmd: st.probe.exec!.command ?? [] });
      this.event(rec, cr, 'Warning', M.REASON_UNHEALTHY, M.msgProbeErrored((st.kind[0].toUpperCase() + st.kind.slice(1)) as 'Liveness', outage.criError));
      return;
    }
    const r = runProbe(st.kind, st.probe, cr.spec, c, this.runtime, this.bridgeIP);
    // An exec probe whose command's code had to load is judged at this same instant once it has (clock held).
    if (r instanceof Promise) void r.then((res) => this.probeResult(rec, cr, c, st, res)).catch((e: unknown) => this.clock.errors.push(e));
    else this.probeResult(rec, cr, c, st, r);
  }

  private probeResult(rec: PodRecord, cr: ContainerRecord, c: Container, st: ProbeState, r: ProbeResult): void {
    const successThreshold = st.probe.successThreshold ?? PROBE_DEFAULTS.successThreshold;
    const failureThreshold = st.probe.failureThreshold ?? PROBE_DEFAULTS.failureThreshold;
    const label = (st.kind[0].toUpperCase() + st.kind.slice(1)) as 'Liveness' | 'Readiness' | 'Startup';
    if (r.ok) {
      st.failures = 0;
      st.successes++;
      if (st.successes < successThreshold) return;
      if (st.kind === 'startup') { cr.started = true; if (!cr.spec.readinessProbe) cr.ready = true; this.syncSoon(rec, 0, true); }
      if (st.kind === 'readiness' && !cr.ready) { cr.ready = true; this.writeStatus(rec); }
      return;
    }
    st.successes = 0;
    st.failures++;
    this.event(rec, cr, 'Warning', M.REASON_UNHEALTHY, M.msgProbeFailed(label, r.output));
    if (st.failures < failureThreshold) return;
    if (st.kind === 'readiness') {
      if (cr.ready) { cr.ready = false; this.writeStatus(rec); }
      return;
    }
    st.failures = 0;
    const grace = st.probe.terminationGracePeriodSeconds ?? rec.pod.spec?.terminationGracePeriodSeconds ?? 30;
    for (const p of cr.probes) p.cancel();
    cr.ready = false;
    this.killContainerGracefully(rec, cr, c, grace * 1000, M.msgProbeKill(cr.spec.name, st.kind));
  }

  // ---------- exits and termination ----------

  private onContainerExit(c: Container): void {
    if (!this.up) return;
    const found = this.recordOf(c);
    if (!found) return;
    const [rec, cr] = found;
    for (const p of cr.probes) p.cancel();
    cr.probes = NO_PROBES;
    cr.ready = false;
    cr.started = false;
    const stopped = cr.onStopped;
    cr.onStopped = undefined;
    stopped?.();
    if (rec.terminating) {
      this.clock.schedule(0, () => this.maybeFinishTermination(rec));
      return;
    }
    // The first sync reported what it started ahead of the relist that would have: an exit before that relist is
    // reported with it (a `wget` that is done in milliseconds is never seen running).
    if (rec.firstSync && !rec.hook) this.writeStatus(rec);
    this.plegSoon(rec);
  }

  /** The pod record and container record whose current instance `c` is. */
  private recordOf(c: Container): [PodRecord, ContainerRecord] | undefined {
    // The record it was started for is keyed by its pod UID (a static pod's by the record key): a node with
    // thousands of pods looks there first, and through every record only when it is not there.
    const own = this.pods.get(c.opts.podUID);
    const inOwn = own && currentIn(own, c);
    if (inOwn) return [own, inOwn];
    for (const rec of this.pods.values()) {
      const cr = currentIn(rec, c);
      if (cr) return [rec, cr];
    }
    return undefined;
  }

  private terminate(rec: PodRecord): void {
    if (rec.terminating) return;
    rec.terminating = true;
    const pod = rec.pod;
    const graceS = pod.metadata.deletionGracePeriodSeconds ?? pod.spec?.terminationGracePeriodSeconds ?? 30;
    const deadline = parseTime(pod.metadata.deletionTimestamp) ?? this.clock.now() + graceS * 1000;
    const graceMs = Math.max(0, Math.min(graceS * 1000, deadline - this.clock.now() + 999));
    for (const cr of [...rec.containers, ...rec.inits, ...rec.ephemerals]) {
      for (const p of cr.probes) p.cancel();
      const c = cr.current;
      if (!c || c.state !== 'running') continue;
      this.killContainerGracefully(rec, cr, c, graceMs, M.msgStopping(cr.spec.name));
    }
    // The sync that waited in a postStart hook is cancelled: its container is stopped with the others.
    rec.hook = undefined;
    this.maybeFinishTermination(rec);
  }

  private maybeFinishTermination(rec: PodRecord): void {
    if (!rec.live) return;
    const runningLeft = [...rec.containers, ...rec.inits, ...rec.ephemerals].some((cr) => cr.current?.state === 'running');
    if (runningLeft) { this.writeStatus(rec); return; }
    this.writeStatus(rec);
    // An evicted pod stays, Failed, until someone (the pod GC) deletes it.
    if (rec.evicted && !rec.pod.metadata.deletionTimestamp) return;
    this.finalizeDeletion(rec);
  }

  /** All containers stopped: the kubelet removes the pod object with grace 0 (uid precondition). */
  private finalizeDeletion(rec: Pick<PodRecord, 'pod'>): void {
    const pod = rec.pod;
    try {
      this.client.delete('pods', pod.metadata.namespace, pod.metadata.name!, { gracePeriodSeconds: 0, preconditions: { uid: pod.metadata.uid } });
    } catch (e) {
      if (!isNotFound(e)) this.clock.schedule(RESYNC_ON_ERROR_MS / 10, () => this.finalizeDeletion(rec));
    }
  }

  /**
   * `removeAt`: when the dead containers go (default: at once). `oldUID`: a static pod replaced by another (its
   * manifest changed): its containers become that pod's, which nothing adopts, and go at `removeAt` in any case.
   */
  private teardown(rec: PodRecord, removeAt?: number, oldUID?: string): void {
    if (rec.timer !== undefined) this.clock.cancel(rec.timer);
    const kept: Container[] | undefined = removeAt === undefined ? undefined : [];
    for (const cr of [...rec.containers, ...rec.inits, ...rec.ephemerals]) {
      for (const p of cr.probes) p.cancel();
      if (cr.current?.state === 'running') {
        const cb = this.runtime.onExit;
        this.runtime.onExit = undefined;
        this.runtime.kill(cr.current);
        this.runtime.onExit = cb;
      }
      if (!kept) {
        if (cr.current) this.runtime.remove(cr.current.id);
        if (cr.previous) this.runtime.remove(cr.previous.id);
        continue;
      }
      for (const c of [cr.current, cr.previous]) {
        if (!c) continue;
        kept.push(c);
        if (oldUID) this.runtime.rekey(c, oldUID);
        else (this.stoppedSandbox ??= new WeakSet()).add(c);
      }
    }
    // (A pod back under the same key by then keeps them: the GC keeps each container's newest dead one.)
    if (kept?.length) this.clock.at(removeAt!, () => { if (oldUID || !this.pods.get(rec.key)?.live) for (const c of kept) this.runtime.remove(c.id); }, { daemon: true });
    if (rec.podIP && rec.podIP !== this.node.internalIP) this.ipam.mark(rec.podIP, false);
    this.crashBackoff.clearPrefix(`${rec.uid}_`);
    this.imageBackoff.clearPrefix(`${rec.uid}_`);
    this.pods.delete(rec.key);
    if (rec.pod.spec?.volumes?.some((v) => v.emptyDir)) volumeManager.loaded()?.removePodDir(rec.uid, this);
    this.statusSuspects.delete(rec);
    rec.live = false;
    const R = resizeCode.loaded();
    if (R) R.retryPendingResizes(this.resizer());
    // Only a record the name index points at forces a rebuild (another of the same name may take its place).
    const byName = this.recordsByName;
    if (byName && byName.get(`${rec.pod.metadata.namespace}/${rec.pod.metadata.name}`) === rec) this.recordsByName = undefined;
  }

  // ---------- status ----------

  private view(rec: PodRecord, cr: ContainerRecord): ContainerView {
    const c = cr.current;
    // A container created but not started (StartError) is the runtime's too: its ContainerStatus reports the same.
    const failed = c ? undefined : cr.startFailure;
    const image = cr.pulledImage?.name ?? cr.spec.image ?? '';
    const v: ContainerView = {
      name: cr.spec.name, init: cr.init, image, imageID: c ? c.image.repoDigest : cr.pulledImage && (cr.lastTerminated || failed) ? cr.pulledImage.repoDigest : '',
      restartCount: cr.restartCount, ready: !!c && c.state === 'running' && cr.ready, started: !!c && c.state === 'running' && cr.started,
      lastTerminated: cr.lastTerminated,
    };
    const mounts = statusVolumeMounts(cr.spec);
    if (mounts) v.volumeMounts = mounts;
    if (c || failed) {
      v.containerID = c ? c.id : failed!.containerID;
      // What the runtime's ContainerStatus gives: a container it never created shows none of these.
      v.resources = statusResources(c?.state === 'running' ? cr.runningSpec ?? cr.spec : cr.spec, c?.state === 'running');
      const requests = cr.spec.resources?.requests;
      if (requests && Object.keys(requests).length) v.allocatedResources = requests;
      const user = c ? c.user : failed!.user;
      if (user) v.user = user;
    }
    if (cr.waiting && !(c && c.state === 'running')) {
      v.waiting = cr.waiting;
      // Waiting after an exit (CrashLoopBackOff): that exit becomes lastState, as the kubelet's reason cache does.
      if (cr.startFailure) v.lastTerminated = cr.startFailure;
      else if (c?.state === 'exited') v.lastTerminated = this.terminatedOf(c, cr.spec);
    } else if (c?.state === 'running') v.running = { startedAt: c.startedAt };
    else if (c?.state === 'exited') v.terminated = this.terminatedOf(c, cr.spec);
    else if (cr.startFailure) v.terminated = cr.startFailure;
    else v.waiting = { reason: !cr.init && rec.inits.length && !this.initsDone(rec) ? M.POD_INITIALIZING : cr.init ? M.POD_INITIALIZING : M.CONTAINER_CREATING };
    if (cr.init && !c && !cr.waiting && !cr.startFailure && rec.sandboxReady === false) v.waiting = { reason: M.POD_INITIALIZING };
    return v;
  }

  private initsDone(rec: PodRecord): boolean {
    return rec.inits.every((cr) => (cr.current?.state === 'exited' && cr.current.exitCode === 0) || (cr.spec.restartPolicy === 'Always' && cr.started));
  }

  /**
   * The status manager's syncBatch, every 10 s: a pod whose stored status no longer holds what the kubelet last
   * reported (the node lifecycle controller marked it not Ready while the node's lease had lapsed, during a
   * control-plane outage) is written again (needsReconcile). A stored status that is the kubelet's own last
   * write is that very object, and costs nothing to check.
   */
  private reconcilePodStatuses(): void {
    if (this.statusSuspects.size === 0) return;
    // In the pod map's order, as the real pass goes over every pod: the writes it makes come in that order.
    const suspects = [...this.statusSuspects].sort((a, b) => a.seq - b.seq);
    for (const rec of suspects) {
      const last = rec.lastStatus;
      // rec.pod is the informer's object (onPod takes every version it delivers; a mirror pod's deletion is the
      // exception): when it holds the kubelet's own last status, the informer does too.
      if (!rec.live || !last || (rec.pod.status === last && !rec.mirror)) {
        this.statusSuspects.delete(rec);
        continue;
      }
      const cur = this.informer?.get(rec.pod.metadata.namespace + '/' + rec.pod.metadata.name);
      if (!cur || cur.metadata.uid !== rec.pod.metadata.uid || cur.status === last) continue;
      const stored = cur.status as Record<string, unknown> | undefined;
      if (stored && sameStatus(mergedStatus(stored, last), stored)) continue;
      // The cached status is sent again as it was (not recomputed: what changed since is for the next sync to
      // report). A cache behind the server's latest version conflicts, and the next pass looks again.
      try {
        const written = this.client.updateStatus('pods', { ...cur, status: mergedStatus(stored, last) } as KObject, HANDED_OVER) as Pod & KObject;
        rec.pod = written;
        if (sameMemberCount(written.status, last)) rec.lastStatus = written.status as Record<string, unknown>;
        this.noteStatus(rec);
      } catch {
        // A conflict or the API server down.
      }
    }
  }

  /** Puts the record among the status pass's suspects when the pod as last seen does not hold its own last status. */
  private noteStatus(rec: PodRecord): void {
    if (rec.lastStatus && (rec.mirror || rec.pod.status !== rec.lastStatus)) this.statusSuspects.add(rec);
  }

  private writeStatus(rec: PodRecord): void {
    if (!this.up) return;
    const now = this.clock.now();
    // The status manager's TerminatePod: a deleted pod whose containers have all stopped is terminal, and what
    // never started never will.
    const terminal = rec.terminating && !rec.mirror && !this.anyRunning(rec);
    const view = (cr: ContainerRecord) => { const v = this.view(rec, cr); return terminal && !v.terminated && !v.running ? unlocatedContainer(v) : v; };
    const status = computePodStatus(rec.pod, {
      sandboxReady: rec.sandboxReady,
      podIP: rec.sandboxReady ? rec.podIP : undefined,
      hostIP: this.node.internalIP,
      startTime: rec.startTime,
      containers: rec.containers.map(view),
      initContainers: rec.inits.length ? rec.inits.map(view) : NO_VIEWS,
      ...(terminal ? { terminal } : undefined),
      ...(rec.evicted && !this.anyRunning(rec) ? { evicted: { message: rec.evicted } } : undefined),
      ...(rec.resize ? { resize: resizeCode.loaded()!.resizeConditions(this.resizer(), rec) } : undefined),
    }, now);
    if (rec.ephemerals.length) status.ephemeralContainerStatuses = rec.ephemerals.map((cr) => ephemeralStatusJSON(this.view(rec, cr)));
    if (rec.lastStatus && sameStatus(status, rec.lastStatus)) return;
    const phase = status.phase as string;
    try {
      const cur = this.informer?.get(rec.pod.metadata.namespace + '/' + rec.pod.metadata.name) ?? rec.pod;
      if (cur.metadata.uid !== rec.pod.metadata.uid) return;
      // A status write reads only metadata and status (the server copies the status it keeps): the rest is shared, not cloned.
      const next = { ...cur, status: mergedStatus(cur.status as Record<string, unknown> | undefined, status) } as KObject;
      // Handed over: computePodStatus builds every part afresh, and rec.lastStatus is only ever read.
      const stored = this.client.updateStatus('pods', next, HANDED_OVER) as Pod & KObject;
      rec.pod = stored;
      // The stored status is this one merged over the old (which has no other members, as a rule): then it is kept
      // itself, equal member for member, rather than a second top-level object per pod.
      rec.lastStatus = sameMemberCount(stored.status, status) ? stored.status as Record<string, unknown> : status;
      this.noteStatus(rec);
      if ((phase === 'Succeeded' || phase === 'Failed') && !rec.pod.metadata.deletionTimestamp) rec.finished = true;
    } catch {
      // Conflict or API down: the status manager writes again (through a sync here).
      this.syncSoon(rec, PLEG_RELIST_MS, true);
    }
  }

  // ---------- services for kubectl, the shell, metrics-server and injection ----------

  /** @internal The pods it keeps: their previous containers' logs stay on the node (pod-log-files.ts). */
  podRecords(): Iterable<PodRecord> {
    return this.pods.values();
  }

  /** The kubelet's record of a pod container, for logs/exec (current and previous instance). */
  container(namespace: string, pod: string, name?: string): { current?: Container; previous?: Container; spec: ContainerSpec } | undefined {
    const rec = this.recordByName(`${namespace}/${pod}`);
    if (rec) {
      const all = [...rec.containers, ...rec.inits, ...rec.ephemerals];
      const cr = name ? all.find((c) => c.spec.name === name) : rec.containers[0];
      if (!cr) return undefined;
      return { current: cr.current, previous: cr.previous, spec: cr.spec };
    }
    // A stopped kubelet still has running containers: look in the runtime directly.
    let best: Container | undefined;
    for (const c of this.runtime.containers.values()) {
      if (c.opts.namespace === namespace && c.opts.podName === pod && (!name || c.name === name)) if (!best || c.opts.attempt > best.opts.attempt) best = c;
    }
    return best ? { current: best, spec: { name: best.name, image: best.image.name } } : undefined;
  }

  logs(namespace: string, pod: string, container?: string, opts: { previous?: boolean } = {}): LogLine[] | undefined {
    const c = this.container(namespace, pod, container);
    const inst = opts.previous ? c?.previous : c?.current;
    return inst?.logs;
  }

  exec(namespace: string, pod: string, container: string | undefined, argv: string[]): ExecResult | Promise<ExecResult> {
    const c = this.container(namespace, pod, container)?.current;
    if (!c || c.state !== 'running') return { stdout: '', stderr: '', exitCode: 1, durationMs: 0, error: `container not found ("${container ?? ''}")` };
    return this.runtime.exec(c, argv);
  }

  /** `exec` as a process the caller drives on its clock (kubectl exec), or why it cannot start. */
  execProcess(namespace: string, pod: string, container: string | undefined, argv: string[], tty = false): ExecProcess | { error: string } {
    const c = this.container(namespace, pod, container)?.current;
    if (!c || c.state !== 'running') return { error: `container not found ("${container ?? ''}")` };
    return this.runtime.execProcess(c, argv, tty);
  }

  /** An interactive shell in a pod's container (kubectl exec -it), or why it cannot start. */
  openShell(namespace: string, pod: string, container: string | undefined, bin: string, attach = false, args?: string[]): ShellSession | { error: string } {
    const c = this.container(namespace, pod, container)?.current;
    if (!c || c.state !== 'running') return { error: `container not found ("${container ?? ''}")` };
    return this.runtime.openShell(c, bin, attach, args);
  }

  /** The first pod record (in the order the kubelet took them on) named namespace/name. */
  private recordByName(key: string): PodRecord | undefined {
    let records = this.recordsByName;
    if (!records) {
      // Kept while no record comes or goes (a record's namespace and name never change).
      records = new Map();
      for (const r of this.pods.values()) {
        const k = `${r.pod.metadata.namespace}/${r.pod.metadata.name}`;
        if (!records.has(k)) records.set(k, r);
      }
      this.recordsByName = records;
    }
    return records.get(key);
  }

  /** Usage of every running pod, for metrics-server. */
  podUsage(): PodUsage[] {
    // Grouped by namespace, then name, with the strings the containers already hold (no key text per container).
    const byPod = new Map<string, Map<string, PodUsage>>();
    const out: PodUsage[] = [];
    const now = this.clock.now();
    const running: Container[] = [];
    const demands: number[] = [];
    for (const c of this.runtime.containers.values()) {
      if (c.state !== 'running') continue;
      running.push(c);
      demands.push(c.cpuMilli(now));
    }
    // Containers wanting more CPU than the node has (each at most its limit) share it by their requests' weights.
    const cpu = shareCPU(this.containerCPUMilli, demands, (i) => milliCPUToShares(running[i].opts.cpuRequestMilli));
    for (let i = 0; i < running.length; i++) {
      const c = running[i];
      const { namespace, podName } = c.opts;
      let inNamespace = byPod.get(namespace);
      if (!inNamespace) byPod.set(namespace, (inNamespace = new Map()));
      const usage = this.containerUsage(c, cpu[i], now);
      const u = inNamespace.get(podName);
      if (u) {
        u.containers.push(usage);
        continue;
      }
      const first = this.podUsageOf(c, usage);
      inNamespace.set(podName, first);
      out.push(first);
    }
    return out;
  }

  /** podUsage's entry for running container `c`, given its CPU (millicores, after any sharing). */
  containerUsage(c: Container, cpuMilli: number, now: number): ContainerUsage {
    return { name: c.name, cpuMilli: Math.round(cpuMilli), memoryBytes: c.memoryBytes(now), startedAt: c.startedAt };
  }

  /** podUsage's entry for the pod of running container `c`, begun with that container's `usage`. */
  podUsageOf(c: Container, usage: ContainerUsage): PodUsage {
    const { namespace, podName } = c.opts;
    const own = this.pods.get(c.opts.podUID);
    const rec = own && own.pod.metadata.name === podName && own.pod.metadata.namespace === namespace ? own : this.recordByName(`${namespace}/${podName}`);
    // The stored pod's labels are immutable: shared, not copied. A list made with its first container, not an
    // empty one pushed into (which reserves 17 slots): metrics-server keeps it.
    return { namespace, name: podName, labels: rec?.pod.metadata.labels ?? {}, containers: [usage] };
  }

  /** The CPU (millicores) the node's containers can use: past it, podUsage shares it by their requests' weights. */
  containerCPUCapacityMilli(): number {
    return this.containerCPUMilli;
  }

  /** Kills a container's process from outside (crictl stop / the OOM killer's cousin): it restarts per restartPolicy. */
  killContainer(namespace: string, pod: string, container?: string): boolean {
    const c = this.container(namespace, pod, container)?.current;
    if (!c || c.state !== 'running') return false;
    this.runtime.kill(c);
    return true;
  }

  /** Sets simulation controls on a running container (probe failures, hang, leak, load). */
  inject(namespace: string, pod: string, container: string | undefined, change: Partial<Container['inj']>): boolean {
    const c = this.container(namespace, pod, container)?.current;
    if (!c || c.state !== 'running') return false;
    if (change.leakBytesPerSec !== undefined) {
      const now = this.clock.now();
      c.inj.leakBase = c.memoryBytes(now) - c.image.memoryBytes - c.program.extraMemoryBytes;
      c.inj.leakSince = now;
    }
    Object.assign(c.inj, change);
    this.runtime.checkMemory(c);
    return true;
  }
}

/** killContainer's minimumGracePeriodInSeconds: no container gets less than 2 s between SIGTERM and SIGKILL. */
const MINIMUM_GRACE_PERIOD_SECONDS = 2;

/** The eviction manager's view of its kubelet. */
class KubeletEvictionHost implements E.EvictionHost {
  constructor(private readonly kubelet: Kubelet) {}
  now(): number { return this.kubelet.clockNow(); }
  capacityBytes(): number { return this.kubelet.evictionCapacity(); }
  workingSetBytes(): number { return this.kubelet.memoryWorkingSet(); }
  activePods(): E.EvictionCandidate[] { return this.kubelet.evictionCandidates(); }
  evict(pod: E.EvictionCandidate, message: string): boolean { return this.kubelet.evictPod(pod.key, message); }
  cleanedUp(pod: E.EvictionCandidate): boolean { return this.kubelet.evictedPodGone(pod.key); }
  nodeEvent(type: 'Normal' | 'Warning', reason: string, message: string): void { this.kubelet.nodeEvent(type, reason, message); }
  schedule(ms: number, fn: () => void): void { this.kubelet.later(ms, fn); }
}

/** The victim's name in the kernel log (its comm: the executable's name, at most 15 characters). */
function processName(c: Container): string {
  const p = c.program;
  const argv = p.shellArgv ?? p.serverArgv ?? c.opts.argv;
  const viaEntrypoint = !p.shellArgv && !p.serverArgv && /(^|\/)docker-entrypoint(\.sh)?$/.test(argv[0] ?? '');
  const exe = (viaEntrypoint ? argv[1] : argv[0]) ?? c.image.program ?? '';
  return exe.split('/').pop()!.slice(0, 15);
}

function lookupImageEnv(image: string): Record<string, string> {
  const r = lookupImage(image);
  return r.ok ? r.image.env : {};
}

/** The Docker-links style variables the kubelet injects for each Service (pkg/kubelet/envvars). */
export function serviceEnv(name: string, ip: string, ports: { name?: string; port: number; protocol?: string }[]): Record<string, string> {
  const n = name.toUpperCase().replace(/-/g, '_');
  const env: Record<string, string> = {};
  env[`${n}_SERVICE_HOST`] = ip;
  env[`${n}_SERVICE_PORT`] = String(ports[0].port);
  for (const p of ports) if (p.name) env[`${n}_SERVICE_PORT_${p.name.toUpperCase().replace(/-/g, '_')}`] = String(p.port);
  const first = ports[0];
  env[`${n}_PORT`] = `${(first.protocol ?? 'TCP').toLowerCase()}://${ip}:${first.port}`;
  for (const p of ports) {
    const proto = (p.protocol ?? 'TCP');
    const prefix = `${n}_PORT_${p.port}_${proto}`;
    env[prefix] = `${proto.toLowerCase()}://${ip}:${p.port}`;
    env[`${prefix}_PROTO`] = proto.toLowerCase();
    env[`${prefix}_PORT`] = String(p.port);
    env[`${prefix}_ADDR`] = ip;
  }
  return env;
}

/**
 * A Service's variables, made once per stored version of it: every container started while it is unchanged gets the
 * same texts (kept in each container's environment) instead of its own copies.
 */
/*
 * Most pods have no init or ephemeral containers and most containers no probes: one frozen empty list each
 * stands for none (lists are replaced, never changed in place), instead of three empty arrays a pod.
 */
const NO_RECORDS: ContainerRecord[] = Object.freeze([]) as unknown as ContainerRecord[];

/**
 * The pod informer's handler: methods on a prototype instead of three closures per kubelet (an idle node's
 * kubelet keeps nothing else per handler).
 */
class PodEvents implements EventHandler {
  constructor(private readonly kubelet: Kubelet) {}
  add(p: KObject): void { this.kubelet.onPod(p); }
  update(_o: KObject, p: KObject): void { this.kubelet.onPod(p); }
  delete(p: KObject): void { this.kubelet.onPodDeleted(p); }
}

/**
 * `{ ...old, ...status }` by for-in copies (same members, same order): V8 (Node 20) gives each double-spread copy
 * a hidden class of its own once the site has seen enough of them, one shape per pod kept by every stored status.
 */
function mergedStatus(old: Record<string, unknown> | undefined, status: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (old) for (const k in old) out[k] = old[k];
  for (const k in status) out[k] = status[k];
  return out;
}
/** The init container views of a pod without init containers (computePodStatus only reads them). */
const NO_VIEWS: ContainerView[] = Object.freeze([]) as unknown as ContainerView[];
const NO_PROBES: ProbeState[] = Object.freeze([]) as unknown as ProbeState[];

/** A runtime that answers, with no errors: one object, so the unchanged-status check compares it by identity. */
const RUNTIME_HEALTHY: RuntimeHealth = Object.freeze({ unreachable: false });

/** The kubelet built the object for this write and keeps no mutable reference into it: the server may store it as it is. */
const HANDED_OVER = Object.freeze({ owned: true });

const serviceEnvCache = new WeakMap<object, { clusterIP: string; ports: object; env: Record<string, string> }>();
function serviceEnvOf(svc: KObject, clusterIP: string, ports: { name?: string; port: number; protocol?: string }[]): Record<string, string> {
  // Keyed by the stored object (never changed in place: a new version is a new object), checked against the members read.
  const hit = serviceEnvCache.get(svc);
  if (hit && hit.clusterIP === clusterIP && hit.ports === ports) return hit.env;
  const env = serviceEnv(svc.metadata.name!, clusterIP, ports);
  serviceEnvCache.set(svc, { clusterIP, ports, env });
  return env;
}

/** Kubelets of a cluster are made at the same simulated instant: the last text is kept. */
let nanoMs = NaN;
let nanoText = '';
function rfc3339Nano(ms: number): string {
  if (ms !== nanoMs) {
    nanoMs = ms;
    nanoText = new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z');
  }
  return nanoText;
}

const resolvByNamespace = new Map<string, string>();

/**
 * The pod's DNS config and resolv.conf (pod-dns.ts). A ClusterFirst pod without a dnsConfig, nearly every pod, gets
 * its namespace's one text, shared by every container's file rather than rebuilt (and kept) per pod.
 */
function podDNSOf(pod: Pod, nodeIP: string): PodDNS {
  if (pod.spec?.dnsConfig || !usesClusterDNS(pod)) return podDNS(pod, nodeIP);
  const ns = pod.metadata!.namespace ?? 'default';
  let text = resolvByNamespace.get(ns);
  if (text === undefined) resolvByNamespace.set(ns, (text = podResolvConf(ns)));
  return { text, warnings: [] };
}

/** The Lease with a new renewTime; the API server decodes a private copy of what it is sent, so one level of copying is enough. */
/** A new Lease object (its own metadata and spec; deeper parts shared with the stored one), handed over to the server. */
function renewed(lease: KObject, now: number): KObject {
  return { ...lease, metadata: { ...lease.metadata }, spec: { ...(lease.spec as object), renewTime: renewTimeText(now) } };
}

/** Every kubelet of a cluster renews at the same simulated instants: the text of the last one is kept. */
let renewMs = NaN;
let renewText = '';
function renewTimeText(ms: number): string {
  if (ms !== renewMs) {
    renewMs = ms;
    renewText = rfc3339Micro(ms);
  }
  return renewText;
}

function currentIn(rec: PodRecord, c: Container): ContainerRecord | undefined {
  for (const cr of rec.inits) if (cr.current === c) return cr;
  for (const cr of rec.containers) if (cr.current === c) return cr;
  for (const cr of rec.ephemerals) if (cr.current === c) return cr;
  return undefined;
}

function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Whether two objects have as many members (the stored status has every member of the one written, so then the same ones). */
/** Whether two objects have the same members in the same order. */
function sameKeyOrder(a: object | undefined, b: object): boolean {
  if (typeof a !== 'object' || a === null) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return false;
  return true;
}

function sameMemberCount(a: unknown, b: object): boolean {
  if (typeof a !== 'object' || a === null) return false;
  let n = 0;
  for (const _ in a) n++;
  for (const _ in b) n--;
  return n === 0;
}

/**
 * A pod's hostname (kubelet GeneratePodHostNameAndDomain): the node's under hostNetwork, else spec.hostname,
 * else its name cut to 63 characters without a trailing '-' or '.'.
 */
export function podHostname(pod: KObject, nodeName: string): string {
  const spec = pod.spec as { hostname?: string; hostNetwork?: boolean } | undefined;
  if (spec?.hostNetwork) return nodeName;
  if (spec?.hostname) return spec.hostname;
  const name = pod.metadata.name!;
  return name.length <= 63 ? name : name.slice(0, 63).replace(/[-.]+$/, '');
}
