/** cloud-controller-manager (placeholder; the service and node controllers come with part 1). */
import type { Client } from '../api/client.js';
import type { Component } from '../component.js';
import type { VirtualClock } from '../util/clock.js';
import type { Random } from '../util/random.js';

export class CloudControllerManager implements Component {
  readonly name = 'cloud-controller-manager';
  private up = false;
  constructor(readonly client: Client, readonly clock: VirtualClock, readonly random: Random) {}
  running(): boolean { return this.up; }
  start(): void { this.up = true; }
  stop(): void { this.up = false; }
}
