/**
 * kube-scheduler (placeholder first-fit version; replaced by the plugin
 * framework in engine/scheduler/framework.ts).
 */
import type { Client } from '../api/client.js';
import type { KObject } from '../api/meta.js';
import { EventRecorder } from '../api/events.js';
import { Informer } from '../controllers/framework.js';
import type { Component } from '../component.js';
import type { VirtualClock } from '../util/clock.js';
import type { Random } from '../util/random.js';

export class Scheduler implements Component {
  readonly name = 'kube-scheduler';
  private up = false;
  private pods?: Informer;
  private nodes?: Informer;
  private recorder: EventRecorder;

  constructor(private readonly client: Client, private readonly clock: VirtualClock, private readonly random: Random) {
    this.recorder = new EventRecorder(client, clock, { component: 'default-scheduler' });
  }

  running(): boolean { return this.up; }

  start(): void {
    if (this.up) return;
    this.up = true;
    this.pods = new Informer(this.client, this.clock, 'pods', { fieldSelector: 'spec.nodeName=' });
    this.nodes = new Informer(this.client, this.clock, 'nodes');
    this.pods.addEventHandler({ add: (p) => this.schedule(p) });
    this.nodes.start();
    this.pods.start();
  }

  stop(): void {
    this.up = false;
    this.pods?.stop();
    this.nodes?.stop();
  }

  private schedule(pod: KObject): void {
    const nodes = this.nodes!.list().filter((n) => !((n.spec as { taints?: unknown[] })?.taints?.length));
    if (!nodes.length) return;
    const node = nodes[this.random.int(nodes.length)];
    try {
      this.client.bind(pod.metadata.namespace!, pod.metadata.name!, node.metadata.name!);
      this.recorder.event(pod, 'Normal', 'Scheduled', `Successfully assigned ${pod.metadata.namespace}/${pod.metadata.name} to ${node.metadata.name}`);
    } catch {
      // retried on the next event
    }
  }
}
