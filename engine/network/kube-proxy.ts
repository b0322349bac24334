/**
 * kube-proxy on every node. All running proxies see the same Services and
 * EndpointSlices, so they share one rule table ("live"), rebuilt per changed
 * Service as its sync runner does: at once when the last sync is at least one
 * minSyncPeriod (1 s) old, else when that second is up, with the changes in
 * between coalesced into that one sync. A node whose kube-proxy
 * is not running keeps the rules it last wrote (iptables rules outlive the
 * process) and gets no updates: when the live table is about to change, such
 * a node is given a frozen copy first. A node that lost power lost its
 * rules; it has none until its kube-proxy runs again.
 */
import type { Client } from '../api/client.js';
import { createUniquelyNamed, eventNameSuffix } from '../api/events.js';
import type { KObject } from '../api/meta.js';
import { Informer } from '../controllers/framework.js';
import type { Kubelet } from '../kubelet/kubelet.js';
import type { Container } from '../kubelet/runtime.js';
import type { VirtualClock } from '../util/clock.js';
import { rfc3339Micro } from '../util/time.js';
import { serviceRules, type ProxyTable, type ServicePortRule, type ServiceView, type SliceView } from './rules.js';

export const KUBE_PROXY_REPOSITORY = 'registry.k8s.io/kube-proxy';
const KUBE_PROXY = 'kube-proxy';
/** birthCry: reason "Starting", action "StartKubeProxy", an empty note. */
export const BIRTH_CRY_REASON = 'Starting';
export const BIRTH_CRY_ACTION = 'StartKubeProxy';
/** iptables.minSyncPeriod default: at least one second between the end of one sync and the start of the next. */
export const MIN_SYNC_PERIOD_MS = 1000;
const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';

interface NodeState {
  /** Rules this node keeps while its kube-proxy is not running; undefined = follows the live table. */
  frozen?: ProxyTable;
  container?: Container;
}

export function serviceView(o: KObject): ServiceView {
  const spec = (o.spec ?? {}) as Record<string, any>;
  const status = (o.status ?? {}) as Record<string, any>;
  return {
    namespace: o.metadata.namespace!, name: o.metadata.name!, type: spec.type, clusterIP: spec.clusterIP, externalName: spec.externalName,
    externalIPs: spec.externalIPs, ports: spec.ports ?? [], sessionAffinity: spec.sessionAffinity,
    affinityTimeoutSeconds: spec.sessionAffinityConfig?.clientIP?.timeoutSeconds,
    externalTrafficPolicy: spec.externalTrafficPolicy, internalTrafficPolicy: spec.internalTrafficPolicy,
    healthCheckNodePort: spec.healthCheckNodePort,
    ingressIPs: ((status.loadBalancer?.ingress ?? []) as { ip?: string }[]).map((i) => i.ip).filter((x): x is string => !!x),
  };
}

export class KubeProxies {
  readonly services: Informer;
  readonly slices: Informer;
  private live: ProxyTable = new Map();
  /** Keys each Service wrote, to remove them when it changes. */
  private keysOf = new Map<string, string[]>();
  private dirty = new Set<string>();
  private timer?: number;
  private lastSyncAt = -Infinity;
  private nodes = new Map<string, NodeState>();
  /** ClientIP affinity per node and rule: client → endpoint and last use. */
  readonly affinity = new Map<string, Map<string, { ip: string; port: number; at: number }>>();

  constructor(private readonly client: Client, private readonly clock: VirtualClock, private readonly kubelets: Map<string, Kubelet>) {
    this.services = new Informer(client, clock, 'services');
    this.slices = new Informer(client, clock, 'endpointslices.discovery.k8s.io');
    this.slices.addIndexer('service', (o) => {
      const n = o.metadata.labels?.[SERVICE_NAME_LABEL];
      return n ? [`${o.metadata.namespace}/${n}`] : [];
    });
    const svcHandler = { add: (o: KObject) => this.touch(`${o.metadata.namespace}/${o.metadata.name}`), update: (_: KObject, o: KObject) => this.touch(`${o.metadata.namespace}/${o.metadata.name}`), delete: (o: KObject) => this.touch(`${o.metadata.namespace}/${o.metadata.name}`) };
    const sliceKey = (o: KObject) => { const n = o.metadata.labels?.[SERVICE_NAME_LABEL]; if (n) this.touch(`${o.metadata.namespace}/${n}`); };
    this.services.addEventHandler(svcHandler);
    this.slices.addEventHandler({ add: sliceKey, update: (a, b) => { sliceKey(a); sliceKey(b); }, delete: sliceKey });
  }

  start(): void {
    this.services.start();
    this.slices.start();
  }

  private touch(key: string): void {
    this.dirty.add(key);
    if (this.timer !== undefined) return;
    // BoundedFrequencyRunner (pkg/proxy/runner): Run() starts a sync as soon as the loop waits for one, which it
    // does from minSyncPeriod after the previous sync ended; calls before that coalesce into the one that follows.
    const wait = Math.max(0, this.lastSyncAt + MIN_SYNC_PERIOD_MS - this.clock.now());
    this.timer = this.clock.schedule(wait, () => {
      this.timer = undefined;
      this.sync();
      this.lastSyncAt = this.clock.now();
    });
  }

  /**
   * A container started on `node`: a kube-proxy announces itself once its informers run (ProxyServer.birthCry),
   * through the events.k8s.io recorder, about the node as its NodeRef names it (the hostname as UID). A new process
   * has an empty series cache, so each start is an Event of its own.
   */
  containerStarted(node: string, c: Container): void {
    if (c.image.repository !== KUBE_PROXY_REPOSITORY) return;
    // After the kubelet's own Created and Started events, which it records once the runtime call returns.
    this.clock.schedule(0, () => {
      if (c.state !== 'running') return;
      try {
        this.birthCry(node, this.clock.now());
      } catch {
        // Events are best effort.
      }
    });
  }

  /** ProxyServer.birthCry: "Starting" about the node, with an empty note (core/v1 omits the empty message). */
  private birthCry(node: string, now: number): void {
    let n = 0;
    createUniquelyNamed(this.client, 'default', {
      apiVersion: 'v1', kind: 'Event',
      metadata: { name: `${node}.${eventNameSuffix(now, n)}`, namespace: 'default' },
      involvedObject: { kind: 'Node', name: node, uid: node },
      reason: BIRTH_CRY_REASON, source: {}, firstTimestamp: null, lastTimestamp: null, type: 'Normal',
      eventTime: rfc3339Micro(now), action: BIRTH_CRY_ACTION,
      // hostNetwork: the process's hostname, in NewRecorder's reportingInstance, is the node's.
      reportingComponent: KUBE_PROXY, reportingInstance: `${KUBE_PROXY}-${node}`,
    } as KObject, () => `${node}.${eventNameSuffix(now, ++n)}`);
  }

  /** The running kube-proxy container of a node, if any. */
  proxyRunning(node: string): boolean {
    const k = this.kubelets.get(node);
    if (!k || !k.poweredOn()) return false;
    const st = this.state(node);
    if (st.container?.state === 'running') return true;
    st.container = undefined;
    for (const c of k.runtime.containers.values()) {
      if (c.state === 'running' && c.image.repository === KUBE_PROXY_REPOSITORY) { st.container = c; return true; }
    }
    return false;
  }

  private state(node: string): NodeState {
    let s = this.nodes.get(node);
    if (!s) this.nodes.set(node, (s = { frozen: new Map() }));
    return s;
  }

  /** The node lost power: its kernel rules are gone. */
  nodePoweredOff(node: string): void {
    const st = this.state(node);
    st.frozen = new Map();
    st.container = undefined;
    this.affinity.delete(node);
  }

  /** The rules in force on `node` now. */
  table(node: string): ProxyTable {
    const st = this.state(node);
    if (this.proxyRunning(node)) {
      // A kube-proxy that (re)started does a full sync at once.
      st.frozen = undefined;
      return this.live;
    }
    return st.frozen ?? this.live;
  }

  rule(node: string, key: string): ServicePortRule | undefined {
    return this.table(node).get(key);
  }

  /** Rebuilds the rules of every changed Service (syncProxyRules). */
  sync(): void {
    if (this.dirty.size === 0) return;
    // Nodes without a running kube-proxy keep the rules as they are now.
    for (const name of this.kubelets.keys()) {
      const st = this.state(name);
      if (st.frozen === undefined && !this.proxyRunning(name)) st.frozen = new Map(this.live);
      else if (st.frozen !== undefined && this.proxyRunning(name)) st.frozen = undefined;
    }
    for (const key of this.dirty) {
      for (const k of this.keysOf.get(key) ?? []) this.live.delete(k);
      this.keysOf.delete(key);
      const svc = this.services.get(key);
      if (!svc) continue;
      const slices = this.slices.byIndex('service', key) as unknown as SliceView[];
      const rules = serviceRules(serviceView(svc), slices);
      for (const r of rules) this.live.set(r.key, r.rule);
      this.keysOf.set(key, rules.map((r) => r.key));
    }
    this.dirty.clear();
  }
}
