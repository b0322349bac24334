/**
 * kube-controller-manager: one process, many control loops sharing informers.
 * Each controller is registered by name (as NewControllerDescriptors does) and
 * started when the manager starts; stopping the manager stops them all.
 */
import type { Client } from '../api/client.js';
import { EventRecorder } from '../api/events.js';
import { ElectedProcess, type LeaderElectionHost } from '../api/leader-election.js';
import type { Component } from '../component.js';
import type { VirtualClock } from '../util/clock.js';
import type { Random } from '../util/random.js';
import { InformerFactory } from './framework.js';

export interface ControllerContext {
  client: Client;
  clock: VirtualClock;
  random: Random;
  informers: InformerFactory;
  /** An event recorder whose source component is `name` (e.g. "deployment-controller"). */
  recorder(name: string): EventRecorder;
  /** Cluster-wide settings the controllers read (flags of kube-controller-manager). */
  config: ControllerManagerConfig;
}

export interface ControllerManagerConfig {
  /** --node-monitor-grace-period, ms */
  nodeMonitorGracePeriodMs: number;
  /** --horizontal-pod-autoscaler-sync-period, ms */
  hpaSyncPeriodMs: number;
  /** --horizontal-pod-autoscaler-downscale-stabilization, ms */
  hpaDownscaleStabilizationMs: number;
  /** --horizontal-pod-autoscaler-tolerance */
  hpaTolerance: number;
  /** --kube-api-qps and --kube-api-burst: each controller's client budget (see replicaset/client-limiter.ts); QPS ≤ 0 turns it off. */
  kubeAPIQPS: number;
  kubeAPIBurst: number;
}

export const DEFAULT_CONTROLLER_MANAGER_CONFIG: ControllerManagerConfig = {
  // 50 s since v1.32 (kubernetes/kubernetes#126287); older docs and courses still say 40 s.
  nodeMonitorGracePeriodMs: 50_000,
  hpaSyncPeriodMs: 15_000,
  hpaDownscaleStabilizationMs: 300_000,
  hpaTolerance: 0.1,
  kubeAPIQPS: 20,
  kubeAPIBurst: 30,
};

export interface Controller {
  readonly name: string;
  /** Register informer handlers and timers; called once the manager is up. */
  start(ctx: ControllerContext): void;
  /** Drop queues and timers; informers are stopped by the manager. */
  stop(): void;
}

export type ControllerFactory = () => Controller;

export class ControllerManager implements Component {
  readonly name = 'kube-controller-manager';
  private controllers: Controller[] = [];
  private factory?: InformerFactory;
  /** The process, with its Lease: its controllers run only while it holds it. */
  readonly process: ElectedProcess;

  constructor(
    private readonly client: Client,
    private readonly clock: VirtualClock,
    private readonly random: Random,
    private readonly factories: ControllerFactory[],
    readonly config: ControllerManagerConfig = DEFAULT_CONTROLLER_MANAGER_CONFIG,
    leaderElection?: LeaderElectionHost,
  ) {
    // leaderElectAndRun: no ReleaseOnCancel; the Events come from the manager's recorder (kube-controller-manager).
    this.process = new ElectedProcess(client, clock, leaderElection, { name: this.name, eventSource: this.name, releaseOnCancel: false }, () => this.run(), () => this.halt());
  }

  running(): boolean {
    return this.process.running();
  }

  start(): void {
    this.process.start();
  }

  /** OnStartedLeading: the controllers and their informers. */
  private run(): void {
    this.factory = new InformerFactory(this.client, this.clock);
    const ctx: ControllerContext = {
      client: this.client,
      clock: this.clock,
      random: this.random,
      informers: this.factory,
      recorder: (component) => new EventRecorder(this.client, this.clock, { component }),
      config: this.config,
    };
    this.controllers = this.factories.map((f) => f());
    for (const c of this.controllers) c.start(ctx);
    this.factory.start();
  }

  stop(): void {
    this.process.stop();
  }

  private halt(): void {
    for (const c of this.controllers) c.stop();
    this.factory?.stop();
    this.factory = undefined;
    this.controllers = [];
  }

  controller(name: string): Controller | undefined {
    return this.controllers.find((c) => c.name === name);
  }
}
