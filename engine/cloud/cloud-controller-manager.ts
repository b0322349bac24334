/**
 * cloud-controller-manager: the cloud provider's control loops, here for the
 * simulated cloud (cloud.ts) — the service controller (LoadBalancer Services)
 * and the node controller (providerID, instance type, region and zone).
 *
 * It runs on the 'cloud' profile only. On 'bare-metal' (kind, minikube,
 * kubeadm on your own machines) there is no cloud provider, nothing gives a
 * LoadBalancer Service an address, and it stays <pending>: start() does
 * nothing there and running() stays false.
 *
 * It shows as no pod in kube-system. A kubeadm cluster without an external
 * cloud provider has none, and managed clusters (GKE, EKS, AKS, DOKS), which
 * the 'cloud' profile stands for, run it on the provider's hidden control
 * plane. What shows is its leader-election Lease, kube-system/cloud-controller-manager
 * (k8s.io/cloud-provider's app: --leader-elect on, no ReleaseOnCancel): its
 * loops run only while it holds it.
 */
import type { Client } from '../api/client.js';
import { EventRecorder } from '../api/events.js';
import { ElectedProcess, type LeaderElectionHost } from '../api/leader-election.js';
import type { Component } from '../component.js';
import { InformerFactory } from '../controllers/framework.js';
import type { VirtualClock } from '../util/clock.js';
import type { Random } from '../util/random.js';
import { SimCloud } from './cloud.js';
import { CloudNodeController, NODE_CONTROLLER_SOURCE } from './node-controller.js';
import { SERVICE_CONTROLLER_SOURCE, ServiceController } from './service-controller.js';

export type CloudProfile = 'cloud' | 'bare-metal';

export class CloudControllerManager implements Component {
  readonly name = 'cloud-controller-manager';
  /** The cloud outlives the process: load balancers stay when the CCM restarts. */
  readonly cloud = new SimCloud();
  private informers?: InformerFactory;
  private services?: ServiceController;
  private nodes?: CloudNodeController;

  readonly process: ElectedProcess;

  constructor(readonly client: Client, readonly clock: VirtualClock, readonly random: Random, readonly profile: CloudProfile = 'cloud', leaderElection?: LeaderElectionHost) {
    // cloud-provider's app/controllermanager.go: no ReleaseOnCancel. No static pod runs it here: a process that loses
    // its Lease is replaced at once.
    this.process = new ElectedProcess(client, clock, leaderElection, { name: this.name, eventSource: this.name, releaseOnCancel: false }, () => this.run(), () => this.halt());
  }

  running(): boolean {
    return this.process.running();
  }

  start(): void {
    if (this.profile === 'cloud') this.process.start();
  }

  private run(): void {
    this.informers = new InformerFactory(this.client, this.clock);
    this.services = new ServiceController(this.client, this.clock, this.cloud, this.informers,
      // cloud-provider's service controller keys its spam filter on type and reason too (getNewSpamKey), so a
      // Service's EnsuringLoadBalancer events do not use up the budget of its EnsuredLoadBalancer ones.
      new EventRecorder(this.client, this.clock, { component: SERVICE_CONTROLLER_SOURCE }, { spamKeyByReason: true }));
    this.nodes = new CloudNodeController(this.client, this.clock, this.informers,
      new EventRecorder(this.client, this.clock, { component: NODE_CONTROLLER_SOURCE }));
    this.informers.start();
  }

  stop(): void {
    this.process.stop();
  }

  private halt(): void {
    this.services?.stop();
    this.nodes?.stop();
    this.informers?.stop();
    this.services = this.nodes = this.informers = undefined;
  }
}
