/**
 * The kubelet of one node (minimal first version): registers its Node, renews
 * its Lease every 10 s, and runs the pods bound to it — pull, start, report
 * status — and finishes their graceful deletion. Part 2 replaces the container
 * lifecycle with data-driven stages and an image catalogue.
 */
import type { Client } from '../api/client.js';
import { isNotFound } from '../api/errors.js';
import { EventRecorder } from '../api/events.js';
import { clone, type KObject } from '../api/meta.js';
import { Informer } from '../controllers/framework.js';
import type { Component } from '../component.js';
import type { VirtualClock } from '../util/clock.js';
import type { Random } from '../util/random.js';
import { rfc3339, rfc3339Micro, parseTime } from '../util/time.js';

export interface NodeConfig {
  name: string;
  role: 'control-plane' | 'worker';
  cpu: string;
  memory: string;
  pods: number;
  /** 0-based position, used for the pod CIDR (10.244.N.0/24) and the InternalIP. */
  index: number;
  internalIP: string;
  providerID?: string;
  zone?: string;
}

export const KUBELET_VERSION = 'v1.35.0';
export const CONTAINER_RUNTIME_VERSION = 'containerd://2.1.3';
export const LEASE_DURATION_SECONDS = 40;
export const NODE_LEASE_RENEW_INTERVAL_MS = 10_000;
/** Time to pull an image not yet on the node. */
export const DEFAULT_PULL_MS = 3_000;

export class Kubelet implements Component {
  readonly name: string;
  private up = false;
  private informer?: Informer;
  private cancelHeartbeat?: () => void;
  private timers = new Map<string, number>();
  private images = new Set<string>();
  private podIPSeq = 1;
  private recorder: EventRecorder;

  constructor(readonly node: NodeConfig, private readonly client: Client, private readonly clock: VirtualClock, private readonly random: Random) {
    this.name = `kubelet@${node.name}`;
    this.recorder = new EventRecorder(client, clock, { component: 'kubelet', host: node.name });
  }

  running(): boolean {
    return this.up;
  }

  start(): void {
    if (this.up) return;
    this.up = true;
    this.registerNode();
    this.renewLease();
    this.cancelHeartbeat = this.clock.every(NODE_LEASE_RENEW_INTERVAL_MS, () => this.renewLease(), { label: `lease ${this.node.name}` });
    this.informer = new Informer(this.client, this.clock, 'pods', { fieldSelector: `spec.nodeName=${this.node.name}` });
    this.informer.addEventHandler({
      add: (p) => this.syncPod(p),
      update: (_o, p) => this.syncPod(p),
    });
    this.informer.start();
  }

  stop(): void {
    if (!this.up) return;
    this.up = false;
    this.cancelHeartbeat?.();
    this.informer?.stop();
    for (const t of this.timers.values()) this.clock.cancel(t);
    this.timers.clear();
  }

  private registerNode(): void {
    const n = this.node;
    const labels: Record<string, string> = {
      'beta.kubernetes.io/arch': 'amd64',
      'beta.kubernetes.io/os': 'linux',
      'kubernetes.io/arch': 'amd64',
      'kubernetes.io/hostname': n.name,
      'kubernetes.io/os': 'linux',
    };
    if (n.role === 'control-plane') {
      labels['node-role.kubernetes.io/control-plane'] = '';
      labels['node.kubernetes.io/exclude-from-external-load-balancers'] = '';
    }
    const node: KObject = {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name: n.name,
        labels,
        annotations: {
          'kubeadm.alpha.kubernetes.io/cri-socket': 'unix:///var/run/containerd/containerd.sock',
          'node.alpha.kubernetes.io/ttl': '0',
          'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
        },
      },
      spec: {
        podCIDR: `10.244.${n.index}.0/24`,
        podCIDRs: [`10.244.${n.index}.0/24`],
        ...(n.providerID ? { providerID: n.providerID } : {}),
        ...(n.role === 'control-plane' ? { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] } : {}),
      },
    };
    try {
      this.client.create('nodes', undefined, node);
    } catch {
      // Already registered (a restarted kubelet): status below brings it up to date.
    }
    this.updateNodeStatus();
  }

  private updateNodeStatus(): void {
    try {
      const cur = this.client.get('nodes', undefined, this.node.name);
      const next = clone(cur);
      const now = rfc3339(this.clock.now());
      const old = (cur.status ?? {}) as { conditions?: { type: string; status: string; lastTransitionTime?: string }[] };
      const cond = (type: string, status: string, reason: string, message: string) => {
        const prev = old.conditions?.find((c) => c.type === type);
        return { type, status, lastHeartbeatTime: now, lastTransitionTime: prev && prev.status === status ? prev.lastTransitionTime : now, reason, message };
      };
      next.status = {
        ...(cur.status as object),
        capacity: { cpu: this.node.cpu, 'ephemeral-storage': '61202244Ki', 'hugepages-1Gi': '0', 'hugepages-2Mi': '0', memory: this.node.memory, pods: String(this.node.pods) },
        allocatable: { cpu: this.node.cpu, 'ephemeral-storage': '56403987978', 'hugepages-1Gi': '0', 'hugepages-2Mi': '0', memory: this.node.memory, pods: String(this.node.pods) },
        conditions: [
          cond('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
          cond('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
          cond('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
          cond('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
        ],
        addresses: [{ type: 'InternalIP', address: this.node.internalIP }, { type: 'Hostname', address: this.node.name }],
        daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
        nodeInfo: {
          machineID: this.random.uuid().replace(/-/g, ''),
          systemUUID: this.random.uuid(),
          bootID: this.random.uuid(),
          kernelVersion: '6.8.0-1015-gcp',
          osImage: 'Ubuntu 24.04.1 LTS',
          containerRuntimeVersion: CONTAINER_RUNTIME_VERSION,
          kubeletVersion: KUBELET_VERSION,
          kubeProxyVersion: '',
          operatingSystem: 'linux',
          architecture: 'amd64',
        },
      };
      this.client.updateStatus('nodes', next);
    } catch {
      // The API server may be down; the next heartbeat tries again.
    }
  }

  private renewLease(): void {
    const now = this.clock.now();
    try {
      const lease = this.client.tryGet('leases.coordination.k8s.io', 'kube-node-lease', this.node.name);
      if (!lease) {
        this.client.create('leases.coordination.k8s.io', 'kube-node-lease', {
          apiVersion: 'coordination.k8s.io/v1', kind: 'Lease',
          metadata: { name: this.node.name, namespace: 'kube-node-lease' },
          spec: { holderIdentity: this.node.name, leaseDurationSeconds: LEASE_DURATION_SECONDS, renewTime: rfc3339Micro(now) },
        });
      } else {
        const next = clone(lease);
        (next.spec as Record<string, unknown>).renewTime = rfc3339Micro(now);
        this.client.update('leases.coordination.k8s.io', next);
      }
      const node = this.client.tryGet('nodes', undefined, this.node.name);
      const ready = (node?.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions?.find((c) => c.type === 'Ready');
      if (!ready || ready.status !== 'True') this.updateNodeStatus();
    } catch {
      // API server unreachable: the lease lapses, which is how the control plane notices.
    }
  }

  private syncPod(pod: KObject): void {
    if (!this.up) return;
    const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
    if (pod.metadata.deletionTimestamp) {
      if (this.timers.has(`kill:${key}`)) return;
      this.clear(key);
      const deadline = parseTime(pod.metadata.deletionTimestamp) ?? this.clock.now();
      // Most applications exit promptly on SIGTERM; the kubelet confirms within a second.
      const delay = Math.min(Math.max(0, deadline - this.clock.now()), 1000);
      this.timers.set(`kill:${key}`, this.clock.schedule(delay, () => {
        this.timers.delete(`kill:${key}`);
        try {
          this.client.delete('pods', pod.metadata.namespace, pod.metadata.name!, { gracePeriodSeconds: 0, preconditions: { uid: pod.metadata.uid } });
        } catch (e) {
          if (!isNotFound(e)) this.timers.set(`kill:${key}`, this.clock.schedule(1000, () => this.syncPod(pod)));
        }
      }));
      return;
    }
    const status = pod.status as { phase?: string } | undefined;
    if (status?.phase || this.timers.has(`start:${key}`)) return;
    const spec = pod.spec as { containers: { name: string; image: string }[] };
    const now = rfc3339(this.clock.now());
    const podIP = `10.244.${this.node.index}.${this.podIPSeq++ % 254 + 1}`;
    this.writeStatus(pod, {
      phase: 'Pending',
      conditions: [
        { type: 'PodReadyToStartContainers', status: 'False', lastProbeTime: null, lastTransitionTime: now },
        { type: 'Initialized', status: 'True', lastProbeTime: null, lastTransitionTime: now },
        { type: 'Ready', status: 'False', lastProbeTime: null, lastTransitionTime: now, reason: 'ContainersNotReady', message: `containers with unready status: [${spec.containers.map((c) => c.name).join(' ')}]` },
        { type: 'ContainersReady', status: 'False', lastProbeTime: null, lastTransitionTime: now, reason: 'ContainersNotReady', message: `containers with unready status: [${spec.containers.map((c) => c.name).join(' ')}]` },
        { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: now },
      ],
      hostIP: this.node.internalIP,
      hostIPs: [{ ip: this.node.internalIP }],
      startTime: now,
      qosClass: 'BestEffort',
      containerStatuses: spec.containers.map((c) => ({
        name: c.name, image: c.image, imageID: '', ready: false, restartCount: 0, started: false,
        state: { waiting: { reason: 'ContainerCreating' } }, lastState: {},
      })),
    });
    const needPull = spec.containers.some((c) => !this.images.has(c.image));
    const delay = needPull ? DEFAULT_PULL_MS : 500;
    this.timers.set(`start:${key}`, this.clock.schedule(delay, () => {
      this.timers.delete(`start:${key}`);
      for (const c of spec.containers) this.images.add(c.image);
      const current = this.informer?.get(key);
      if (!current || current.metadata.uid !== pod.metadata.uid || current.metadata.deletionTimestamp) return;
      const t = rfc3339(this.clock.now());
      this.writeStatus(current, {
        ...(current.status as object),
        phase: 'Running',
        conditions: [
          { type: 'PodReadyToStartContainers', status: 'True', lastProbeTime: null, lastTransitionTime: t },
          { type: 'Initialized', status: 'True', lastProbeTime: null, lastTransitionTime: now },
          { type: 'Ready', status: 'True', lastProbeTime: null, lastTransitionTime: t },
          { type: 'ContainersReady', status: 'True', lastProbeTime: null, lastTransitionTime: t },
          { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: now },
        ],
        podIP, podIPs: [{ ip: podIP }],
        containerStatuses: spec.containers.map((c) => ({
          name: c.name, image: c.image, imageID: `docker.io/library/${c.image}@sha256:${'0'.repeat(64)}`,
          containerID: `containerd://${this.random.uuid().replace(/-/g, '')}${this.random.uuid().replace(/-/g, '')}`,
          ready: true, restartCount: 0, started: true, state: { running: { startedAt: t } }, lastState: {},
        })),
      });
    }));
  }

  private writeStatus(pod: KObject, status: Record<string, unknown>): void {
    try {
      this.client.updateStatus('pods', { ...clone(pod), status });
    } catch {
      // Conflicts and outages are retried by the next sync.
    }
  }

  private clear(key: string): void {
    const t = this.timers.get(`start:${key}`);
    if (t !== undefined) this.clock.cancel(t);
    this.timers.delete(`start:${key}`);
  }
}
