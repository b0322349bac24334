/**
 * A whole cluster in one object: etcd, the API server, the control-plane
 * components and the nodes, wired to one virtual clock and one seed. This is
 * what the page, the CLI, the checker and the tests create.
 */
import { APIServer } from './api/apiserver.js';
import { Client, type ClientOptions } from './api/client.js';

import { APIServerIdentity } from './api/bootstrap/apiserver-identity.js';
import type { LeaderElectionHost } from './api/leader-election.js';
import { startKubernetesServiceController } from './api/bootstrap/kubernetes-service.js';
import { createSystemPriorityClasses } from './api/bootstrap/priority-classes.js';
import { startSystemNamespacesController } from './api/bootstrap/system-namespaces.js';
import { RBAC_MATERIALISED, rbacCode } from './api/rbac/loader.js';
import { installSystemViews } from './api/bootstrap/system-views.js';
import { installCRDControllers } from './api/registry/crd-loader.js';
import { ADDON_IMAGES, installKubeadmAddons } from './addons/kubeadm-addons.js';
import type { KObject } from './api/meta.js';
import { installAPIServerHooks, registerAllStrategies } from './api/registry/index.js';
import { Store, type StoreEvent } from './api/store.js';
import { EventTTL } from './api/event-ttl.js';
import type { Component } from './component.js';
import { CONTROLLERS } from './controllers/index.js';
import { ControllerManager, DEFAULT_CONTROLLER_MANAGER_CONFIG, type ControllerManagerConfig } from './controllers/manager.js';
import { CloudControllerManager } from './cloud/cloud-controller-manager.js';
import { Kubelet, type NodeConfig } from './kubelet/kubelet.js';
import type { NetworkFunction } from './kubelet/runtime.js';
import { MetricsServer } from './metrics/metrics-server.js';
import { ClusterNetwork } from './network/network.js';
import { PodNetwork, SERVICE_SUBNET_STATE, type PodNetworkOptions } from './network/pod-cidr.js';
import { flatten, preloadContainerCommand, runInContainer } from './network/commands/index.js';
import { containerMachine } from './shell/commands/node/index.js';
import { Scheduler } from './scheduler/scheduler.js';
import { VirtualClock, DEFAULT_EPOCH_MS } from './util/clock.js';
import { Random } from './util/random.js';

/** In-process components write objects built from typed data (see ClientOptions.typed). */
const TYPED: ClientOptions = { typed: true };

export type ClusterProfile = 'cloud' | 'bare-metal';

export interface ClusterOptions {
  seed?: number;
  /** Number of worker nodes (default 2); ignored when `nodes` is given. */
  workers?: number;
  /** Full node list; the first control-plane entry hosts the static pods. */
  nodes?: (Partial<NodeConfig> & { name: string })[];
  /** Default size of worker nodes. */
  workerCPU?: string;
  workerMemory?: string;
  /** "cloud": LoadBalancer Services get an external IP; "bare-metal" (kind, minikube): they stay <pending>. */
  profile?: ClusterProfile;
  epochMs?: number;
  /** Freeze stored objects to catch accidental mutation (default true). */
  freeze?: boolean;
  /** Keep a history of every stored change for the checker (default true). */
  recordHistory?: boolean;
  controllerManager?: Partial<ControllerManagerConfig>;
  /** Simulated time to run after boot so the cluster is settled and a few minutes old (default 120 s). */
  bootAgeMs?: number;
  /** Install kubeadm's add-ons, CoreDNS and kube-proxy (default true). */
  addons?: boolean;
  /**
   * kubeadm's --pod-network-cidr (default 10.244.0.0/16, flannel's) and kube-controller-manager's
   * --node-cidr-mask-size (default 24): a /16 holds 256 nodes, so larger clusters need a wider one; and kubeadm's
   * --service-cidr (serviceSubnet, default 10.96.0.0/12).
   */
  podNetwork?: PodNetworkOptions;
}

export type HistoryEntry =
  | { time: number; kind: 'change'; event: StoreEvent }
  | { time: number; kind: 'command'; line: string; exitCode?: number }
  /** One kubectl run, whatever line ran it (an alias `k`, a loop, a script): its arguments and exit code. */
  | { time: number; kind: 'kubectl'; argv: string[]; exitCode: number }
  | { time: number; kind: 'injection'; action: string; target: string; detail?: Record<string, unknown> };

export const CONTROL_PLANE_COMPONENTS = ['etcd', 'kube-apiserver', 'kube-scheduler', 'kube-controller-manager', 'cloud-controller-manager'] as const;
export type ControlPlaneComponentName = (typeof CONTROL_PLANE_COMPONENTS)[number];

/** A component that is only a flag (etcd and the API server are always in-process; "down" makes clients fail). */
class FlagComponent implements Component {
  private up = false;
  /** `stopping` runs while the process still serves (kube-apiserver's pre-shutdown hooks). */
  constructor(readonly name: string, private readonly onChange?: (up: boolean) => void, private readonly stopping?: () => void) {}
  running(): boolean { return this.up; }
  start(): void { if (!this.up) { this.up = true; this.onChange?.(true); } }
  stop(): void { if (this.up) { this.stopping?.(); this.up = false; this.onChange?.(false); } }
}

/** apiserver.state: how etcd's start logs, set when it opened a data dir (engine/etcd/data-dir.ts). */
export const ETCD_START_LOG = 'etcd.startLog';

export class Cluster {
  readonly clock: VirtualClock;
  readonly random: Random;
  readonly store: Store;
  readonly apiserver: APIServer;
  readonly profile: ClusterProfile;
  readonly history: HistoryEntry[] = [];
  readonly components = new Map<string, Component>();
  readonly kubelets = new Map<string, Kubelet>();
  readonly nodeConfigs: NodeConfig[];
  readonly controllerManager: ControllerManager;
  readonly scheduler: Scheduler;
  readonly cloudControllerManager: CloudControllerManager;
  readonly metricsServer: MetricsServer;
  /** Services, kube-proxy rules, CoreDNS and the request path (curl, wget, nslookup, load). */
  readonly network: ClusterNetwork;
  /** Pod addresses: each node's block of the cluster CIDR. */
  readonly podNetwork: PodNetwork;
  private readonly etcd: FlagComponent;
  private readonly kubeAPIServer: FlagComponent;
  /** kube-apiserver's identity Lease, kept from its first start in boot() on. */
  readonly apiserverIdentity: APIServerIdentity;
  private booted = false;
  private stopSystemNamespaces?: () => void;

  constructor(readonly options: ClusterOptions = {}) {
    registerAllStrategies();
    this.clock = new VirtualClock(options.epochMs ?? DEFAULT_EPOCH_MS);
    this.random = new Random(options.seed ?? 1);
    this.store = new Store();
    this.apiserver = new APIServer(this.store, this.clock, this.random.fork());
    this.apiserver.freeze = options.freeze ?? true;
    installAPIServerHooks(this.apiserver);
    new EventTTL(this.store, this.clock);
    this.profile = options.profile ?? 'cloud';
    if (options.recordHistory ?? true) {
      this.store.onChange((event) => this.history.push({ time: this.clock.now(), kind: 'change', event }));
    }
    this.etcd = new FlagComponent('etcd', (up) => { if (!up) this.apiserver.closeAllWatches('etcd unavailable'); });
    // The control-plane processes' own randomness (identities, retry jitter), apart from the seeded sequence the
    // components have always drawn from, so their Leases change no generated name.
    const processes = new Random(((options.seed ?? 1) ^ 0x1ea5e) >>> 0);
    const hostname = controlPlaneName(options);
    this.apiserverIdentity = new APIServerIdentity(this.client('kube-apiserver', TYPED), this.clock, processes.fork(), hostname);
    this.kubeAPIServer = new FlagComponent('kube-apiserver', (up) => {
      if (!up) {
        this.apiserver.closeAllWatches('apiserver stopped');
        this.stopSystemNamespaces?.();
      } else if (this.booted) {
        this.apiserverIdentity.start();
        this.postStartHooks(true);
      }
    }, () => this.apiserverIdentity.stop());
    // A process that loses its Lease exits: its static pod's container ends, and the kubelet's restart starts the next.
    const host = (name: string): LeaderElectionHost => ({ hostname, random: processes.fork(), exit: (lost) => [...this.kubelets.values()].some((k) => k.staticProcessLostLease(lost)) });
    const cm = { ...DEFAULT_CONTROLLER_MANAGER_CONFIG, ...(options.controllerManager ?? {}) };
    this.controllerManager = new ControllerManager(this.client('kube-controller-manager', TYPED), this.clock, this.random.fork(), CONTROLLERS, cm, host('kube-controller-manager'));
    this.scheduler = new Scheduler(this.client('kube-scheduler', TYPED), this.clock, this.random.fork(), host('kube-scheduler'));
    this.cloudControllerManager = new CloudControllerManager(this.client('cloud-controller-manager', TYPED), this.clock, this.random.fork(), this.profile, host('cloud-controller-manager'));
    for (const c of [this.etcd, this.kubeAPIServer, this.scheduler, this.controllerManager, this.cloudControllerManager]) this.components.set(c.name, c);
    const podNetwork = PodNetwork.of(options.podNetwork);
    // The cluster's own configuration, written by whoever builds it (a lab, a test, a bench), never a learner's input.
    if (typeof podNetwork === 'string') throw new Error(podNetwork);
    this.podNetwork = podNetwork;
    if (options.podNetwork?.serviceSubnet) this.apiserver.state.set(SERVICE_SUBNET_STATE, options.podNetwork.serviceSubnet);
    this.nodeConfigs = this.makeNodeConfigs(options);
    if (this.nodeConfigs.length > podNetwork.capacity) {
      throw new Error(`${this.nodeConfigs.length} nodes do not fit in cluster CIDR ${podNetwork.clusterCIDR} (${podNetwork.capacity} blocks of /${podNetwork.nodeCIDRMaskSize}): give a wider podNetwork.clusterCIDR`);
    }
    for (const n of this.nodeConfigs) {
      const k = new Kubelet(n, this.client(`kubelet/${n.name}`, TYPED), this.clock, this.random.fork(), { podNetwork: options.podNetwork });
      // A restarted static pod container is a new process of its component (one already running stays as it is).
      k.onStaticPodStarted = (component, c) => {
        this.components.get(component)?.start();
        // etcd's start lines, once etcd has opened a data dir of the learner's choosing (data-dir.ts, loaded then).
        const lines = component === 'etcd' ? this.apiserver.state.get(ETCD_START_LOG) as ((argv: string[], ms: number) => string[]) | undefined : undefined;
        if (lines) for (const l of lines(c.opts.argv, this.clock.now())) c.log(l, 'stderr');
      };
      this.kubelets.set(n.name, k);
    }
    this.metricsServer = new MetricsServer(this.apiserver, this.clock, () => this.kubelets.values());
    this.network = new ClusterNetwork(this, this.random.fork());
    for (const k of this.kubelets.values()) k.runtime.setNetwork(this.containerNetwork());
  }

  private clientHandle?: ConstructorParameters<typeof Client>[0];

  /** A client that fails like a real one whenever the API server (or etcd behind it) is down. */
  client(userAgent = 'kubectl', options?: ClientOptions): Client {
    // One handle for every client (each of 10,000 kubelets has one): the same API server, seen up or down alike.
    return new Client(this.clientHandle ??= { apiserver: this.apiserver, apiserverUp: () => this.kubeAPIServer.running() && this.etcd.running() }, userAgent, options);
  }

  /**
   * kube-apiserver's post-start hooks, at each start of its process: the system namespaces controller, the system
   * PriorityClasses, and on a restart the bootstrap RBAC policy (what an etcd that came back empty lost).
   */
  private postStartHooks(restart: boolean): void {
    const client = this.client('kube-apiserver', TYPED);
    this.stopSystemNamespaces?.();
    this.stopSystemNamespaces = startSystemNamespacesController(client, this.clock);
    createSystemPriorityClasses(client);
    if (!restart || !this.apiserver.state.has(RBAC_MATERIALISED)) return;
    const release = this.clock.hold();
    void rbacCode.load().then((m) => m.reconcileBootstrapPolicy(this.apiserver), () => undefined).finally(release);
  }

  /** Starts every component, creates what kubeadm creates, and runs until the cluster has settled. */
  boot(): this {
    this.etcd.start();
    this.kubeAPIServer.start();
    installSystemViews(this.apiserver, (name) => this.components.get(name)?.running() ?? false, this.options.seed ?? 1);
    installCRDControllers(this.apiserver);
    const admin = this.client('kubeadm');
    for (const ns of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) {
      admin.create('namespaces', undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels: { 'kubernetes.io/metadata.name': ns } } } as KObject);
    }
    this.postStartHooks(false);
    this.booted = true;
    this.apiserverIdentity.start();
    const controlPlaneIP = (this.nodeConfigs.find((n) => n.role === 'control-plane') ?? this.nodeConfigs[0]).internalIP;
    startKubernetesServiceController(this.client('kube-apiserver', TYPED), this.clock, controlPlaneIP);
    if (this.options.addons ?? true) {
      // kubeadm's preflight pulls the add-on images (kind's node image ships them): no pull delay at boot.
      for (const k of this.kubelets.values()) for (const image of ADDON_IMAGES) k.runtime.preload(image);
      installKubeadmAddons(admin, controlPlaneIP, this.podNetwork.clusterCIDR);
    }
    this.controllerManager.start();
    this.scheduler.start();
    this.cloudControllerManager.start();
    for (const k of this.kubelets.values()) k.start();
    this.metricsServer.start();
    this.network.start();
    // Until the add-ons run: a Deployment's progress-deadline recheck (10 min out) is not part of booting.
    this.clock.runUntil(() => this.clock.pendingForeground() === 0 || this.addonsReady(), 600_000);
    this.clock.advance(this.options.bootAgeMs ?? 120_000);
    this.clock.runUntil(() => this.clock.pendingForeground() === 0 || this.addonsReady(), 600_000);
    return this;
  }

  /** The add-on pods (2 CoreDNS, one kube-proxy per node) are running (false without add-ons). */
  /** wget, curl, nslookup and ping inside containers, answered by this cluster's network. */
  private containerNetwork(): NetworkFunction {
    const fn: NetworkFunction = (argv, from, readFile, stdoutTTY) => { const r = runInContainer(argv, from, this.network, readFile, stdoutTTY); return r && flatten(r); };
    fn.prepare = preloadContainerCommand;
    fn.machine = containerMachine(this);
    fn.upstream = (from, host, port, req) => this.network.upstream(from, host, port, req);
    fn.resolve = (from, name) => {
      const r = this.network.resolve(name, this.network.originOfExec(from));
      return r.ok ? r.addresses[0] : undefined;
    };
    fn.connect = (from, host, port) => this.network.connect(from, host, port);
    fn.etcd = (argv, from, x) => import('./etcd/etcdctl.js').then((m) => m.etcdTool(this, argv, from, x));
    return fn;
  }

  private addonsReady(): boolean {
    if (!(this.options.addons ?? true)) return false;
    let n = 0;
    for (const p of this.store.bucket('pods').values()) {
      const app = p.metadata.labels?.['k8s-app'];
      if (p.metadata.namespace === 'kube-system' && (app === 'kube-dns' || app === 'kube-proxy') && (p.status as { phase?: string } | undefined)?.phase === 'Running') n++;
    }
    return n >= 2 + this.nodeConfigs.length;
  }

  component(name: string): Component | undefined {
    return this.components.get(name) ?? this.kubelets.get(name);
  }

  stopComponent(name: string): boolean {
    const c = this.component(name);
    if (!c) return false;
    c.stop();
    // A control-plane component is a static pod: stopping it is moving its manifest out of /etc/kubernetes/manifests.
    for (const k of this.kubelets.values()) k.removeStaticPod(name);
    this.history.push({ time: this.clock.now(), kind: 'injection', action: 'stop', target: name });
    return true;
  }

  startComponent(name: string): boolean {
    const c = this.component(name);
    if (!c) return false;
    c.start();
    for (const k of this.kubelets.values()) k.restoreStaticPod(name);
    this.history.push({ time: this.clock.now(), kind: 'injection', action: 'start', target: name });
    return true;
  }

  /** Advances simulated time by `ms`, running everything that happens meanwhile. */
  advance(ms: number): void {
    this.clock.advance(ms);
  }

  /** Runs until nothing but periodic housekeeping is pending (bounded by `maxMs` of simulated time). */
  settle(maxMs = 600_000): boolean {
    return this.clock.runUntilIdle(maxMs);
  }

  /**
   * Joins a new worker node (what `kubeadm join` on a new machine does): its
   * kubelet registers the Node and the DaemonSets, scheduler and kube-proxy
   * take it in from there. Returns an error text, or undefined on success.
   */
  addNode(spec: { name: string; cpu?: string; memory?: string; pods?: number }): string | undefined {
    if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(spec.name) || spec.name.length > 63) return `invalid node name "${spec.name}"`;
    if (this.kubelets.has(spec.name)) return `node "${spec.name}" already exists`;
    const index = this.nodeConfigs.length;
    // kube-controller-manager's range allocator would leave the node without a podCIDR (CIDRNotAvailable) and its pods without addresses.
    if (index >= this.podNetwork.capacity) return `no remaining pod CIDR in ${this.podNetwork.clusterCIDR} for node "${spec.name}"`;
    const config: NodeConfig = {
      name: spec.name,
      role: 'worker',
      cpu: spec.cpu ?? this.options.workerCPU ?? '2',
      memory: spec.memory ?? this.options.workerMemory ?? '4025836Ki',
      pods: spec.pods ?? 110,
      index,
      podCIDR: this.podNetwork.nodePodCIDR(index),
      internalIP: `172.18.${Math.floor((index + 2) / 256)}.${(index + 2) % 256}`,
      providerID: this.profile === 'cloud' ? `kubelab://sim/zone-a/${spec.name}` : undefined,
    };
    this.nodeConfigs.push(config);
    const kubelet = new Kubelet(config, this.client(`kubelet/${config.name}`, TYPED), this.clock, this.random.fork(), { podNetwork: this.options.podNetwork });
    kubelet.runtime.setNetwork(this.containerNetwork());
    this.kubelets.set(config.name, kubelet);
    this.network.nodeJoined(kubelet);
    kubelet.start();
    this.history.push({ time: this.clock.now(), kind: 'injection', action: 'node-add', target: config.name, detail: { cpu: config.cpu, memory: config.memory } });
    return undefined;
  }

  private makeNodeConfigs(o: ClusterOptions): NodeConfig[] {
    const raw: (Partial<NodeConfig> & { name: string })[] = o.nodes ?? [
      { name: 'control-plane', role: 'control-plane' as const },
      ...Array.from({ length: o.workers ?? 2 }, (_, i) => ({ name: `worker-${i + 1}`, role: 'worker' as const })),
    ];
    return raw.map((n, index) => ({
      name: n.name,
      role: n.role ?? 'worker',
      cpu: n.cpu ?? (n.role === 'control-plane' ? '2' : o.workerCPU ?? '2'),
      memory: n.memory ?? (n.role === 'control-plane' ? '4025836Ki' : o.workerMemory ?? '4025836Ki'),
      pods: n.pods ?? 110,
      index,
      podCIDR: this.podNetwork.nodePodCIDR(index),
      internalIP: n.internalIP ?? `172.18.${Math.floor((index + 2) / 256)}.${(index + 2) % 256}`,
      providerID: n.providerID ?? (this.profileOf(o) === 'cloud' ? `kubelab://sim/zone-a/${n.name}` : undefined),
      zone: n.zone,
    }));
  }

  private profileOf(o: ClusterOptions): ClusterProfile {
    return o.profile ?? 'cloud';
  }
}

/** The node that hosts the static pods, as makeNodeConfigs names it: the control-plane processes' hostname. */
function controlPlaneName(o: ClusterOptions): string {
  if (!o.nodes) return 'control-plane';
  return (o.nodes.find((n) => n.role === 'control-plane') ?? o.nodes[0])?.name ?? 'control-plane';
}
