/**
 * What the cluster map draws, computed from the stored objects. Pod and node
 * status texts come from kubectl's own printers (printPod, the node STATUS
 * column), so the map and `kubectl get` can never disagree.
 */
import type { Cluster } from '../../../../engine/cluster';
import { CONTROL_PLANE_COMPONENTS } from '../../../../engine/cluster';
import type { KObject } from '../../../../engine/api/meta';
import { podSummary } from '../../../../engine/kubectl/printers/tables/pods';
import { nodeStatus } from '../../../../engine/kubectl/printers/tables/core';
import type { PodDiagnosis } from '../../../../engine/scheduler/diagnosis';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Colour families of the map legend; every STATUS kubectl prints falls in one. */
export type StatusClass = 'running' | 'pending' | 'creating' | 'failing' | 'terminating' | 'succeeded' | 'unknown';

export interface PodView {
  namespace: string;
  name: string;
  node?: string;
  /** The STATUS column of `kubectl get pods`. */
  status: string;
  statusClass: StatusClass;
  ready: string;
  restarts: number;
  /** Owner "Kind/name" (ReplicaSet/web-7d…), for grouping. */
  owner?: string;
  system: boolean;
}

export interface NodeView {
  name: string;
  role: string;
  /** The STATUS column of `kubectl get nodes`. */
  status: string;
  /** The simulated machine is switched off (failure injection). */
  poweredOff: boolean;
  pods: PodView[];
}

export interface ServiceView {
  namespace: string;
  name: string;
  type: string;
  clusterIP: string;
  /** "namespace/name" of pods behind ready endpoints. */
  endpoints: string[];
  /** Requests per second the page is sending (0 when none). */
  loadRps: number;
}

export interface ReplicaSetView {
  name: string;
  revision: string;
  desired: number;
  ready: number;
  image: string;
}

export interface DeploymentView {
  namespace: string;
  name: string;
  desired: number;
  ready: number;
  updated: number;
  replicaSets: ReplicaSetView[];
}

export interface HPAPoint {
  time: number;
  replicas: number;
  /** Average CPU utilisation in percent of requests, when known. */
  cpu?: number;
}

export interface HPAView {
  namespace: string;
  name: string;
  target: string;
  min: number;
  max: number;
  cpuTarget?: number;
  points: HPAPoint[];
}

export interface MapSnapshot {
  time: number;
  components: { name: string; running: boolean }[];
  nodes: NodeView[];
  /** Pods with no node yet. */
  unscheduled: PodView[];
  services: ServiceView[];
  deployments: DeploymentView[];
  hpas: HPAView[];
  podCount: number;
}

const RUNNING = new Set(['Running', 'Completed']);
const CREATING = new Set(['ContainerCreating', 'PodInitializing']);
const FAILING = new Set(['CrashLoopBackOff', 'Error', 'ErrImagePull', 'ImagePullBackOff', 'InvalidImageName', 'CreateContainerConfigError', 'CreateContainerError', 'RunContainerError', 'OOMKilled', 'Failed', 'Evicted', 'NodeLost', 'ContainerStatusUnknown', 'StartError']);

/** Maps a kubectl STATUS to its colour family ("Init:0/1" counts as creating, "Init:Error" as failing). */
export function statusClass(status: string): StatusClass {
  if (status === 'Terminating') return 'terminating';
  if (status === 'Completed' || status === 'Succeeded') return 'succeeded';
  if (RUNNING.has(status)) return 'running';
  if (status === 'Pending' || status === 'SchedulingGated') return 'pending';
  if (CREATING.has(status)) return 'creating';
  if (status.startsWith('Init:')) {
    const rest = status.slice(5);
    return /^[0-9]+\/[0-9]+$/.test(rest) ? 'creating' : 'failing';
  }
  if (FAILING.has(status) || status.startsWith('Signal:') || status.startsWith('ExitCode:')) return 'failing';
  return 'unknown';
}

export function podView(p: KObject, now: number): PodView {
  const s = podSummary(p as never, now);
  const owner = p.metadata.ownerReferences?.find((o) => o.controller);
  const namespace = p.metadata.namespace ?? 'default';
  return {
    namespace,
    name: p.metadata.name ?? '',
    node: (p as Any).spec?.nodeName || undefined,
    status: s.status,
    statusClass: statusClass(s.status),
    ready: s.ready,
    restarts: Number.parseInt(s.restarts, 10) || 0,
    owner: owner ? `${owner.kind}/${owner.name}` : undefined,
    system: namespace === 'kube-system',
  };
}

/** Ready endpoints of each Service ("ns/svc" → pod keys), from its EndpointSlices. */
export function readyEndpoints(slices: Iterable<KObject>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const sl of slices) {
    const svc = sl.metadata.labels?.['kubernetes.io/service-name'];
    if (!svc) continue;
    const key = `${sl.metadata.namespace}/${svc}`;
    const list = out.get(key) ?? [];
    for (const ep of ((sl as Any).endpoints ?? []) as Any[]) {
      if (ep.conditions?.ready === false) continue;
      const ref = ep.targetRef;
      if (ref?.kind === 'Pod' && ref.name) list.push(`${ref.namespace ?? sl.metadata.namespace}/${ref.name}`);
    }
    out.set(key, list);
  }
  for (const l of out.values()) l.sort();
  return out;
}

function cpuUtilisation(hpa: Any): number | undefined {
  for (const m of (hpa.status?.currentMetrics ?? []) as Any[]) {
    if (m.type === 'Resource' && m.resource?.name === 'cpu' && typeof m.resource.current?.averageUtilization === 'number') return m.resource.current.averageUtilization;
  }
  return undefined;
}

function cpuTarget(hpa: Any): number | undefined {
  for (const m of (hpa.spec?.metrics ?? []) as Any[]) {
    if (m.type === 'Resource' && m.resource?.name === 'cpu' && typeof m.resource.target?.averageUtilization === 'number') return m.resource.target.averageUtilization;
  }
  return undefined;
}

/** Points kept per HPA: at one sample per 15 s (the HPA sync period) this is 20 minutes. */
export const HPA_HISTORY_POINTS = 80;

/**
 * Keeps the HPA series between snapshots: one point per HPA per call, only
 * when the value or at least `periodMs` of time changed, capped at HPA_HISTORY_POINTS.
 */
export class HPAHistory {
  private series = new Map<string, HPAPoint[]>();
  constructor(private readonly periodMs = 15_000) {}

  add(key: string, p: HPAPoint): HPAPoint[] {
    const s = this.series.get(key) ?? [];
    const last = s[s.length - 1];
    if (!last || p.time - last.time >= this.periodMs || last.replicas !== p.replicas || last.cpu !== p.cpu) {
      s.push(p);
      if (s.length > HPA_HISTORY_POINTS) s.splice(0, s.length - HPA_HISTORY_POINTS);
    }
    this.series.set(key, s);
    return s;
  }

  retain(keys: Set<string>): void {
    for (const k of this.series.keys()) if (!keys.has(k)) this.series.delete(k);
  }
}

export function buildSnapshot(cluster: Cluster, history: HPAHistory, loads: ReadonlyMap<string, number>): MapSnapshot {
  const now = cluster.clock.now();
  const store = cluster.store;
  const nodes: NodeView[] = [];
  const byNode = new Map<string, NodeView>();
  for (const cfg of cluster.nodeConfigs) {
    const obj = store.get('nodes', cfg.name);
    const view: NodeView = {
      name: cfg.name,
      role: cfg.role,
      status: obj ? nodeStatus(obj) : 'NotRegistered',
      poweredOff: cluster.kubelets.get(cfg.name)?.poweredOn() === false,
      pods: [],
    };
    nodes.push(view);
    byNode.set(cfg.name, view);
  }
  // Nodes registered by the learner's own objects (kubectl create -f node.yaml) are shown too.
  for (const obj of store.bucket('nodes').values()) {
    const name = obj.metadata.name ?? '';
    if (byNode.has(name)) continue;
    const view: NodeView = { name, role: 'worker', status: nodeStatus(obj), poweredOff: false, pods: [] };
    nodes.push(view);
    byNode.set(name, view);
  }
  const unscheduled: PodView[] = [];
  let podCount = 0;
  for (const p of store.bucket('pods').values()) {
    const v = podView(p, now);
    podCount++;
    const n = v.node ? byNode.get(v.node) : undefined;
    if (n) n.pods.push(v);
    else unscheduled.push(v);
  }
  const byName = (a: PodView, b: PodView) => (a.system === b.system ? (a.namespace + '/' + a.name < b.namespace + '/' + b.name ? -1 : 1) : a.system ? -1 : 1);
  for (const n of nodes) n.pods.sort(byName);
  unscheduled.sort(byName);

  const endpoints = readyEndpoints(store.bucket('endpointslices.discovery.k8s.io').values());
  const services: ServiceView[] = [];
  for (const s of store.bucket('services').values()) {
    const ns = s.metadata.namespace ?? 'default';
    const key = `${ns}/${s.metadata.name}`;
    const spec = (s as Any).spec ?? {};
    services.push({ namespace: ns, name: s.metadata.name ?? '', type: spec.type ?? 'ClusterIP', clusterIP: spec.clusterIP ?? '', endpoints: endpoints.get(key) ?? [], loadRps: loads.get(key) ?? 0 });
  }
  services.sort((a, b) => (`${a.namespace}/${a.name}` < `${b.namespace}/${b.name}` ? -1 : 1));

  const rsByOwner = new Map<string, ReplicaSetView[]>();
  for (const rs of store.bucket('replicasets.apps').values()) {
    const owner = rs.metadata.ownerReferences?.find((o) => o.controller && o.kind === 'Deployment');
    if (!owner) continue;
    const key = `${rs.metadata.namespace}/${owner.name}`;
    const r = rs as Any;
    const list = rsByOwner.get(key) ?? [];
    list.push({
      name: rs.metadata.name ?? '',
      revision: rs.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? '',
      desired: r.spec?.replicas ?? 0,
      ready: r.status?.readyReplicas ?? 0,
      image: (r.spec?.template?.spec?.containers ?? []).map((c: Any) => c.image).join(','),
    });
    rsByOwner.set(key, list);
  }
  const deployments: DeploymentView[] = [];
  for (const d of store.bucket('deployments.apps').values()) {
    const key = `${d.metadata.namespace}/${d.metadata.name}`;
    const a = d as Any;
    const rss = (rsByOwner.get(key) ?? []).sort((x, y) => Number(y.revision) - Number(x.revision));
    deployments.push({ namespace: d.metadata.namespace ?? 'default', name: d.metadata.name ?? '', desired: a.spec?.replicas ?? 0, ready: a.status?.readyReplicas ?? 0, updated: a.status?.updatedReplicas ?? 0, replicaSets: rss });
  }
  deployments.sort((a, b) => (`${a.namespace}/${a.name}` < `${b.namespace}/${b.name}` ? -1 : 1));

  const hpas: HPAView[] = [];
  const seen = new Set<string>();
  for (const h of store.bucket('horizontalpodautoscalers.autoscaling').values()) {
    const a = h as Any;
    const key = `${h.metadata.namespace}/${h.metadata.name}`;
    seen.add(key);
    const points = history.add(key, { time: now, replicas: a.status?.currentReplicas ?? 0, cpu: cpuUtilisation(a) });
    hpas.push({
      namespace: h.metadata.namespace ?? 'default',
      name: h.metadata.name ?? '',
      target: `${a.spec?.scaleTargetRef?.kind ?? ''}/${a.spec?.scaleTargetRef?.name ?? ''}`,
      min: a.spec?.minReplicas ?? 1,
      max: a.spec?.maxReplicas ?? 0,
      cpuTarget: cpuTarget(a),
      points: points.slice(),
    });
  }
  history.retain(seen);

  const components = CONTROL_PLANE_COMPONENTS.map((name) => ({ name, running: cluster.component(name)?.running() ?? false }));
  return { time: now, components, nodes, unscheduled, services, deployments, hpas, podCount };
}

export interface EventView {
  type: string;
  reason: string;
  message: string;
  count: number;
  /** Virtual ms of the last occurrence. */
  last: number;
  source: string;
}

export interface PodDetail {
  namespace: string;
  name: string;
  pod: PodView;
  ip?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  containers: { name: string; image: string; state: string; restartCount: number; lastState?: string }[];
  /** The scheduler's last attempt: why it is on its node, or why it is Pending. */
  scheduling?: PodDiagnosis;
  events: EventView[];
  time: number;
}

function stateText(s: Any | undefined): string {
  if (!s) return '';
  if (s.running) return 'Running';
  if (s.waiting) return `Waiting: ${s.waiting.reason ?? ''}`.trim();
  if (s.terminated) return `Terminated: ${s.terminated.reason ?? ''} (exit code ${s.terminated.exitCode ?? 0})`;
  return '';
}

const ms = (t: unknown): number => (typeof t === 'string' ? Date.parse(t) : 0) || 0;

/** Events about one object, from both the core/v1 and the events.k8s.io shapes, oldest first. */
export function eventsFor(all: Iterable<KObject>, namespace: string, kind: string, name: string, uid?: string): EventView[] {
  const out: EventView[] = [];
  for (const e of all) {
    const a = e as Any;
    const ref = a.involvedObject ?? a.regarding;
    if (!ref || ref.kind !== kind || ref.name !== name || (ref.namespace ?? namespace) !== namespace) continue;
    if (uid && ref.uid && ref.uid !== uid) continue;
    out.push({
      type: a.type ?? 'Normal',
      reason: a.reason ?? '',
      message: a.message ?? a.note ?? '',
      count: a.count ?? a.series?.count ?? a.deprecatedCount ?? 1,
      last: ms(a.series?.lastObservedTime) || ms(a.lastTimestamp) || ms(a.eventTime) || ms(a.deprecatedLastTimestamp) || ms(a.metadata?.creationTimestamp),
      source: a.source?.component ?? a.reportingController ?? a.reportingComponent ?? '',
    });
  }
  return out.sort((x, y) => x.last - y.last);
}

export function podDetail(cluster: Cluster, namespace: string, name: string): PodDetail | undefined {
  const p = cluster.store.get('pods', `${namespace}/${name}`);
  if (!p) return undefined;
  const a = p as Any;
  const now = cluster.clock.now();
  const statuses = new Map<string, Any>(((a.status?.containerStatuses ?? []) as Any[]).map((c) => [c.name, c]));
  return {
    namespace,
    name,
    pod: podView(p, now),
    ip: a.status?.podIP,
    labels: { ...(p.metadata.labels ?? {}) },
    annotations: { ...(p.metadata.annotations ?? {}) },
    containers: ((a.spec?.containers ?? []) as Any[]).map((c) => {
      const st = statuses.get(c.name);
      return { name: c.name, image: c.image ?? '', state: stateText(st?.state) || 'Waiting', restartCount: st?.restartCount ?? 0, lastState: stateText(st?.lastState) || undefined };
    }),
    scheduling: cluster.scheduler.diagnosis?.(namespace, name),
    events: eventsFor(cluster.store.bucket('events').values(), namespace, 'Pod', name, p.metadata.uid),
    time: now,
  };
}
