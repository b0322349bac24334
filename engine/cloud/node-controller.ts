/**
 * The cloud-controller-manager's node controller
 * (k8s.io/cloud-provider/controllers/node): fills in what only the cloud
 * knows about a machine — its providerID, instance type, region and zone
 * labels (stable and the deprecated beta ones, as upstream still sets both) —
 * and lifts the node.cloudprovider.kubernetes.io/uninitialized taint a kubelet
 * started with --cloud-provider=external registers with.
 */
import type { Client } from '../api/client.js';
import type { EventRecorder } from '../api/events.js';
import { clone, type KObject } from '../api/meta.js';
import { WorkQueue, type Informer, type InformerFactory } from '../controllers/framework.js';
import type { VirtualClock } from '../util/clock.js';
import { CLOUD_REGION, instanceTypeFor, PROVIDER_ID_PREFIX, zoneOfProviderID } from './cloud.js';

export const NODE_CONTROLLER_SOURCE = 'cloud-node-controller';
export const UNINITIALIZED_TAINT = 'node.cloudprovider.kubernetes.io/uninitialized';
export const LABEL_INSTANCE_TYPE = 'node.kubernetes.io/instance-type';
export const LABEL_INSTANCE_TYPE_BETA = 'beta.kubernetes.io/instance-type';
export const LABEL_ZONE = 'topology.kubernetes.io/zone';
export const LABEL_ZONE_BETA = 'failure-domain.beta.kubernetes.io/zone';
export const LABEL_REGION = 'topology.kubernetes.io/region';
export const LABEL_REGION_BETA = 'failure-domain.beta.kubernetes.io/region';
export const REASON_SYNCED = 'Synced';
export const MESSAGE_SYNCED = 'Node synced successfully';

interface NodeLike extends KObject {
  spec?: { providerID?: string; taints?: { key: string; effect: string; value?: string }[] };
  status?: { capacity?: Record<string, string> };
}

/** What the cloud says about a node: the changes to make, or undefined when it is already initialized. */
export function initializeNode(node: NodeLike): NodeLike | undefined {
  const providerID = node.spec?.providerID || `${PROVIDER_ID_PREFIX}sim/${zoneOfProviderID(undefined)}/${node.metadata.name}`;
  const zone = zoneOfProviderID(providerID);
  const cap = node.status?.capacity;
  if (!cap) return undefined; // not yet reported by its kubelet: the size decides the instance type
  const type = instanceTypeFor(cap.cpu, cap.memory);
  const want: Record<string, string> = {
    [LABEL_INSTANCE_TYPE_BETA]: type,
    [LABEL_INSTANCE_TYPE]: type,
    [LABEL_ZONE_BETA]: zone,
    [LABEL_ZONE]: zone,
    [LABEL_REGION_BETA]: CLOUD_REGION,
    [LABEL_REGION]: CLOUD_REGION,
  };
  const labels = node.metadata.labels ?? {};
  const tainted = (node.spec?.taints ?? []).some((t) => t.key === UNINITIALIZED_TAINT);
  const labelsOK = Object.entries(want).every(([k, v]) => labels[k] === v);
  if (labelsOK && !tainted && node.spec?.providerID === providerID) return undefined;
  const next = clone(node);
  next.metadata.labels = { ...labels, ...want };
  next.spec = { ...(next.spec ?? {}), providerID };
  if (tainted) {
    const taints = (next.spec.taints ?? []).filter((t) => t.key !== UNINITIALIZED_TAINT);
    if (taints.length) next.spec.taints = taints;
    else delete next.spec.taints;
  }
  return next;
}

export class CloudNodeController {
  private queue: WorkQueue;
  private nodes: Informer;

  constructor(private readonly client: Client, clock: VirtualClock, informers: InformerFactory, private readonly recorder: EventRecorder) {
    this.queue = new WorkQueue(clock, (k) => this.sync(k), 'cloud-node-controller');
    this.nodes = informers.for('nodes');
    this.nodes.addEventHandler({ add: (n) => this.queue.add(n.metadata.name!), update: (_o, n) => this.queue.add(n.metadata.name!) });
  }

  stop(): void {
    this.queue.stop();
  }

  private sync(name: string): void {
    const node = this.nodes.get(name) as NodeLike | undefined;
    if (!node) return;
    const next = initializeNode(node);
    if (!next) return;
    try {
      this.client.update('nodes', next);
      this.queue.forget(name);
      this.recorder.event(node, 'Normal', REASON_SYNCED, MESSAGE_SYNCED);
    } catch {
      // A kubelet heartbeat won the race (conflict) or the API server is down: try again.
      this.queue.addRateLimited(name);
    }
  }
}
