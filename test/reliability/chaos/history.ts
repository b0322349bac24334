/**
 * Random histories over virtual time: Deployments created, scaled, updated,
 * rolled back and deleted while kubelets stop, machines lose power, containers
 * are killed and control-plane components go down. `runHistory` plays one on a
 * fresh cluster, checks the promises after every step (and some at every store
 * change), then stops the faults and checks the cluster converges.
 *
 * Shared by test/reliability/chaos.test.ts (a few hundred seeds) and
 * scripts/chaos.ts (thousands).
 */
import fc from 'fast-check';
import { Cluster, CONTROL_PLANE_COMPONENTS } from '../../../engine/cluster.js';
import { clone, stableStringify, type KObject } from '../../../engine/api/meta.js';
import type { StoreEvent } from '../../../engine/api/store.js';
import {
  checkStoreEvent, conditionOf, diffStates, EndpointReadiness, endpointsMismatch, fenceposts, hashText, isActive, isPodReady, isTerminating,
  nodeNameOf, overcommittedNodes, podPhase, sliceMismatch, stateAt,
} from './oracle.js';

export const DEPLOYMENTS = 3;
export const WORKERS = ['worker-1', 'worker-2'] as const;
export const NODES = ['control-plane', ...WORKERS] as const;
/** Images the catalogue serves, so every rollout can finish once the faults stop. */
export const IMAGES = ['nginx:1.26', 'nginx:1.27', 'redis:7', 'redis:7.2', 'httpd:2.4'] as const;
export const STRATEGIES = [
  {},
  { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
  { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } },
  { type: 'RollingUpdate', rollingUpdate: { maxSurge: '50%', maxUnavailable: '50%' } },
  { type: 'Recreate' },
] as const;
export const MAX_REPLICAS = 6;
/**
 * Once every fault is undone, each Deployment must be complete within this much
 * simulated time: the longest honest wait is a container killed into
 * CrashLoopBackOff (capped at 5 min) plus a node's return (lease 10 s, status
 * 10 s) and a rollout of 6 pods; 10 minutes covers it with room.
 */
export const CONVERGENCE_BOUND_MS = 600_000;
/** Requests sent through each Service after a step (from different nodes). */
export const REQUESTS_PER_SERVICE = 3;
/**
 * How long a pod may still receive traffic after its EndpointSlice stopped
 * listing it ready: kube-proxy rebuilds its rules at most once a second
 * (--iptables-min-sync-period 1s), plus a second of room.
 */
export const PROXY_LAG_MS = 2_000;
/** Requests are judged only when the control plane and every node have been healthy this long (stale rules are honest otherwise). */
export const HEALTHY_FOR_MS = 10_000;

export type Action =
  | { t: 'create'; d: number; replicas: number; image: number; strategy: number; wait: number }
  | { t: 'scale'; d: number; replicas: number; wait: number }
  | { t: 'image'; d: number; image: number; wait: number }
  | { t: 'undo'; d: number; wait: number }
  | { t: 'delete'; d: number; wait: number }
  | { t: 'stopKubelet'; n: number; wait: number }
  | { t: 'startKubelet'; n: number; wait: number }
  | { t: 'powerOff'; n: number; wait: number }
  | { t: 'powerOn'; n: number; wait: number }
  | { t: 'kill'; pick: number; wait: number }
  | { t: 'stopComponent'; c: number; wait: number }
  | { t: 'startComponent'; c: number; wait: number }
  | { t: 'wait'; wait: number };

/** Simulated milliseconds between steps: mostly short, sometimes long enough for a node to be evicted. */
const waitArb = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0, max: 15_000 }) },
  { weight: 3, arbitrary: fc.integer({ min: 15_000, max: 120_000 }) },
  { weight: 1, arbitrary: fc.integer({ min: 120_000, max: 420_000 }) },
);
const d = fc.integer({ min: 0, max: DEPLOYMENTS - 1 });

export const actionArb: fc.Arbitrary<Action> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ t: fc.constant('create' as const), d, replicas: fc.integer({ min: 0, max: MAX_REPLICAS }), image: fc.nat(IMAGES.length - 1), strategy: fc.nat(STRATEGIES.length - 1), wait: waitArb }) },
  { weight: 4, arbitrary: fc.record({ t: fc.constant('scale' as const), d, replicas: fc.integer({ min: 0, max: MAX_REPLICAS }), wait: waitArb }) },
  { weight: 5, arbitrary: fc.record({ t: fc.constant('image' as const), d, image: fc.nat(IMAGES.length - 1), wait: waitArb }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('undo' as const), d, wait: waitArb }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('delete' as const), d, wait: waitArb }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('stopKubelet' as const), n: fc.nat(NODES.length - 1), wait: waitArb }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('startKubelet' as const), n: fc.nat(NODES.length - 1), wait: waitArb }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('powerOff' as const), n: fc.nat(WORKERS.length - 1), wait: waitArb }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('powerOn' as const), n: fc.nat(WORKERS.length - 1), wait: waitArb }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('kill' as const), pick: fc.nat(1000), wait: waitArb }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('stopComponent' as const), c: fc.nat(CONTROL_PLANE_COMPONENTS.length - 1), wait: waitArb }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('startComponent' as const), c: fc.nat(CONTROL_PLANE_COMPONENTS.length - 1), wait: waitArb }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('wait' as const), wait: waitArb }) },
);

export const historyArb = (maxSteps: number) =>
  fc.record({ seed: fc.integer({ min: 1, max: 0x7fffffff }), actions: fc.array(actionArb, { minLength: 1, maxLength: maxSteps }) });

export interface RunResult {
  /** Simulated milliseconds from the end of boot to the end of the convergence check. */
  simulatedMs: number;
  /** A hash of every recorded change and injection, to compare two runs of one seed. */
  historyHash: number;
  steps: number;
  writes: number;
  /** Requests sent through Services and judged, and how many a pod answered (the others found no endpoint or no listener). */
  requests: number;
  answered: number;
}

export class InvariantViolation extends Error {}

const name = (i: number) => `web-${i}`;
const NS = 'default';

interface Model {
  /** What the harness last wrote successfully: the spec the cluster must converge to. */
  replicas: number;
  image: string;
  strategy: number;
  deleted: boolean;
}

/** One Deployment shaped like `kubectl create deployment web-N --image=... --replicas=N` plus small requests. */
export function deploymentManifest(i: number, replicas: number, image: string, strategy: number): KObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: name(i), labels: { app: name(i) } },
    spec: {
      replicas,
      selector: { matchLabels: { app: name(i) } },
      strategy: clone(STRATEGIES[strategy]) as Record<string, unknown>,
      template: {
        metadata: { labels: { app: name(i) } },
        spec: { containers: [{ name: 'app', image, resources: { requests: { cpu: '50m', memory: '32Mi' } } }] },
      },
    },
  };
}

function serviceManifest(i: number): KObject {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name: name(i) }, spec: { selector: { app: name(i) }, ports: [{ port: 80, targetPort: 80 }] } };
}

const imageOf = (o: KObject) => ((o.spec as { template: { spec: { containers: { image: string }[] } } }).template.spec.containers[0].image);
const podImage = (p: KObject) => (p.spec as { containers: { image: string }[] }).containers[0].image;

export interface RunOptions {
  /** Checks every resourceVersion replay at the end (slower); default true. */
  replayWatches?: boolean;
  convergenceBoundMs?: number;
  /** Called after each step (for `npm run chaos -- --trace`). */
  trace?: (step: number, cluster: Cluster) => void;
}

/** Plays `actions` on a fresh cluster of `seed`; throws InvariantViolation with the step and the broken promise. */
export function runHistory(seed: number, actions: readonly Action[], opts: RunOptions = {}): RunResult {
  const cluster = new Cluster({ seed, bootAgeMs: 0 }).boot();
  const api = cluster.client('chaos');
  const store = cluster.store;
  const models = new Map<number, Model>();
  const bootEnd = cluster.clock.now();
  let step = -1;
  let writes = 0;
  let requestsSent = 0;
  let requestsAnswered = 0;
  const fail = (msg: string): never => {
    throw new InvariantViolation(`seed ${seed}, step ${step} (${step >= 0 && step < actions.length ? JSON.stringify(actions[step]) : 'convergence'}), t=${cluster.clock.now() - bootEnd} ms: ${msg}`);
  };

  // ---- promises checked at every store change ----
  let lastRevision = store.currentRevision();
  /** Rollouts started on a complete Deployment with no fault anywhere; closed by any fault or edit. */
  const cleanRollouts = new Map<string, { replicas: number; surge: number; unavailable: number }>();
  let eventViolation: string | undefined;
  const pods = () => store.bucket('pods').values();
  const readiness = new EndpointReadiness();
  const SLICES = 'endpointslices.discovery.k8s.io';
  const SERVICE_NAME = 'kubernetes.io/service-name';
  store.onChange((e: StoreEvent) => {
    if (eventViolation) return;
    eventViolation = checkStoreEvent(e, lastRevision);
    lastRevision = e.revision;
    if (e.resource === SLICES) {
      const svc = e.object.metadata.labels?.[SERVICE_NAME];
      const ns = e.object.metadata.namespace;
      if (svc) readiness.observe(`${ns}/${svc}`, [...store.bucket(SLICES).values()].filter((o) => o.metadata.namespace === ns && o.metadata.labels?.[SERVICE_NAME] === svc), cluster.clock.now());
    }
    if (eventViolation || e.resource !== 'pods' || cleanRollouts.size === 0) return;
    const app = e.object.metadata.labels?.app;
    const window = app && cleanRollouts.get(app);
    if (!window) return;
    let active = 0;
    let available = 0;
    for (const p of pods()) {
      if (p.metadata.labels?.app !== app || !isActive(p)) continue;
      active++;
      if (isPodReady(p)) available++;
    }
    if (active > window.replicas + window.surge) eventViolation = `${app}: ${active} pods during a rolling update of ${window.replicas} replicas with maxSurge ${window.surge}`;
    else if (available < window.replicas - window.unavailable) eventViolation = `${app}: ${available} available pods during a rolling update of ${window.replicas} replicas with maxUnavailable ${window.unavailable}`;
  });

  /**
   * A killed container is a fault until its pod is surely back: the kubelet sees the exit at its next relist (up to
   * a second), restarts it (its back-off may run 10 s and more) and the pod is Ready again. A rollout started in the
   * same instant as a kill once counted as clean, and the kill's unready pod as the rollout's doing. (Traffic is
   * still judged meanwhile: a request may reach only a ready endpoint, kill or no kill.)
   */
  let killedUntil = -Infinity;
  const KILL_SETTLE_MS = 60_000;
  const faultFree = () =>
    CONTROL_PLANE_COMPONENTS.every((c) => cluster.component(c)!.running())
    && NODES.every((n) => cluster.kubelets.get(n)!.running())
    && [...store.bucket('nodes').values()].every((n) => conditionOf(n, 'Ready')?.status === 'True' && !((n.spec as { taints?: unknown[] }).taints ?? []).some((t) => (t as { effect: string }).effect === 'NoExecute'));

  // The last hop of every request: which pod's container answered (a spy at the runtime's door, not the network's choice).
  const answeredBy: string[] = [];
  for (const k of cluster.kubelets.values()) {
    const rt = k.runtime;
    const serve = rt.serveHTTP.bind(rt);
    rt.serveHTTP = (c, port, req) => {
      answeredBy.push(`${c.opts.namespace}/${c.opts.podName}`);
      return serve(c, port, req);
    };
  }
  let unhealthyAt = -Infinity;

  /** Tries a write the way a user would: a refused connection or a conflict just means it did not happen. */
  const attempt = (fn: () => void): boolean => {
    for (let i = 0; i < 3; i++) {
      try {
        fn();
        writes++;
        return true;
      } catch (e) {
        const reason = (e as { status?: { reason?: string } }).status?.reason;
        if (reason === 'Conflict') continue;
        if ((e as Error).name === 'ConnectionRefusedError' || /connection to the server .* was refused/.test(String((e as Error).message))) return false;
        if (reason === 'NotFound' || reason === 'AlreadyExists') return false;
        throw e;
      }
    }
    return false;
  };

  const editDeployment = (i: number, change: (spec: Record<string, any>) => void): boolean =>
    attempt(() => {
      const cur = clone(api.get('deployments.apps', NS, name(i)));
      change(cur.spec as Record<string, any>);
      api.update('deployments.apps', cur);
    });

  const apply = (a: Action) => {
    switch (a.t) {
      case 'create': {
        const m = models.get(a.d);
        if (m && !m.deleted) return;
        if (store.get('deployments.apps', `${NS}/${name(a.d)}`)) return; // the previous one is still being deleted
        if (attempt(() => api.create('deployments.apps', NS, deploymentManifest(a.d, a.replicas, IMAGES[a.image], a.strategy)))) {
          models.set(a.d, { replicas: a.replicas, image: IMAGES[a.image], strategy: a.strategy, deleted: false });
          if (!store.get('services', `${NS}/${name(a.d)}`)) attempt(() => api.create('services', NS, serviceManifest(a.d)));
        }
        return;
      }
      case 'scale': {
        const m = models.get(a.d);
        if (!m || m.deleted) return;
        cleanRollouts.delete(name(a.d));
        if (editDeployment(a.d, (s) => { s.replicas = a.replicas; })) m.replicas = a.replicas;
        return;
      }
      case 'image': {
        const m = models.get(a.d);
        if (!m || m.deleted) return;
        cleanRollouts.delete(name(a.d));
        const clean = faultFree() && cluster.clock.now() >= killedUntil && complete(a.d, m) === undefined && IMAGES[a.image] !== m.image && (STRATEGIES[m.strategy] as { type?: string }).type !== 'Recreate';
        if (editDeployment(a.d, (s) => { s.template.spec.containers[0].image = IMAGES[a.image]; })) {
          m.image = IMAGES[a.image];
          if (clean) {
            const ru = (STRATEGIES[m.strategy] as { rollingUpdate?: { maxSurge?: number | string; maxUnavailable?: number | string } }).rollingUpdate;
            cleanRollouts.set(name(a.d), { replicas: m.replicas, ...fenceposts(ru?.maxSurge, ru?.maxUnavailable, m.replicas) });
          }
        }
        return;
      }
      case 'undo': {
        // kubectl rollout undo: the template of the previous revision's ReplicaSet, without pod-template-hash.
        const m = models.get(a.d);
        if (!m || m.deleted) return;
        const dep = store.get('deployments.apps', `${NS}/${name(a.d)}`);
        if (!dep) return;
        const current = Number(dep.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? 0);
        let prev: KObject | undefined;
        for (const rs of store.bucket('replicasets.apps').values()) {
          if (rs.metadata.ownerReferences?.[0]?.uid !== dep.metadata.uid) continue;
          const rev = Number(rs.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? 0);
          if (rev < current && (!prev || rev > Number(prev.metadata.annotations!['deployment.kubernetes.io/revision']))) prev = rs;
        }
        if (!prev) return;
        cleanRollouts.delete(name(a.d));
        const tpl = clone((prev.spec as { template: { metadata: { labels: Record<string, string> } } }).template);
        delete tpl.metadata.labels['pod-template-hash'];
        if (editDeployment(a.d, (s) => { s.template = tpl; })) m.image = imageOf(prev);
        return;
      }
      case 'delete': {
        const m = models.get(a.d);
        if (!m || m.deleted) return;
        cleanRollouts.delete(name(a.d));
        if (attempt(() => api.delete('deployments.apps', NS, name(a.d)))) m.deleted = true;
        return;
      }
      case 'stopKubelet':
        cleanRollouts.clear();
        cluster.stopComponent(NODES[a.n]);
        return;
      case 'startKubelet':
        cluster.startComponent(NODES[a.n]);
        return;
      case 'powerOff':
        cleanRollouts.clear();
        cluster.kubelets.get(WORKERS[a.n])!.powerOff();
        cluster.history.push({ time: cluster.clock.now(), kind: 'injection', action: 'powerOff', target: WORKERS[a.n] });
        return;
      case 'powerOn':
        cluster.kubelets.get(WORKERS[a.n])!.powerOn();
        cluster.history.push({ time: cluster.clock.now(), kind: 'injection', action: 'powerOn', target: WORKERS[a.n] });
        return;
      case 'kill': {
        const running = [...store.bucket('pods').values()].filter((p) => p.metadata.labels?.app?.startsWith('web-') && podPhase(p) === 'Running' && nodeNameOf(p));
        if (!running.length) return;
        const p = running[a.pick % running.length];
        cleanRollouts.delete(p.metadata.labels!.app);
        killedUntil = cluster.clock.now() + KILL_SETTLE_MS;
        cluster.kubelets.get(nodeNameOf(p)!)!.killContainer(NS, p.metadata.name!);
        cluster.history.push({ time: cluster.clock.now(), kind: 'injection', action: 'kill', target: p.metadata.name! });
        return;
      }
      case 'stopComponent':
        cleanRollouts.clear();
        cluster.stopComponent(CONTROL_PLANE_COMPONENTS[a.c]);
        return;
      case 'startComponent':
        cluster.startComponent(CONTROL_PLANE_COMPONENTS[a.c]);
        return;
      case 'wait':
        return;
    }
  };

  /** Why Deployment `i` is not yet complete at its model's spec, or undefined when it is. */
  const complete = (i: number, m: Model): string | undefined => {
    const mine = [...store.bucket('pods').values()].filter((p) => p.metadata.labels?.app === name(i));
    const rss = [...store.bucket('replicasets.apps').values()].filter((rs) => rs.metadata.labels?.app === name(i));
    const dep = store.get('deployments.apps', `${NS}/${name(i)}`);
    if (m.deleted) {
      if (dep || rss.length || mine.length) return `deleted but ${dep ? 1 : 0} deployment, ${rss.length} replica sets, ${mine.length} pods remain`;
      return undefined;
    }
    if (!dep) return 'deployment missing';
    const spec = dep.spec as { replicas: number };
    if (spec.replicas !== m.replicas || imageOf(dep) !== m.image) return `stored spec ${spec.replicas} × ${imageOf(dep)} differs from the last write ${m.replicas} × ${m.image}`;
    const s = (dep.status ?? {}) as Record<string, number | undefined>;
    if ((s.observedGeneration ?? 0) < (dep.metadata.generation ?? 0)) return `observedGeneration ${s.observedGeneration} < generation ${dep.metadata.generation}`;
    for (const f of ['replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas'] as const) {
      if ((s[f] ?? 0) !== m.replicas) return `status.${f} ${s[f] ?? 0} ≠ ${m.replicas}`;
    }
    if ((s.unavailableReplicas ?? 0) !== 0) return `status.unavailableReplicas ${s.unavailableReplicas}`;
    if (mine.length !== m.replicas) return `${mine.length} pods (${mine.filter(isTerminating).length} terminating) for ${m.replicas} replicas`;
    for (const p of mine) {
      if (!isActive(p) || podPhase(p) !== 'Running' || !isPodReady(p)) return `pod ${p.metadata.name} is ${podPhase(p)}${isTerminating(p) ? ' (terminating)' : ''}, ready ${isPodReady(p)}`;
      if (podImage(p) !== m.image) return `pod ${p.metadata.name} runs ${podImage(p)}, want ${m.image}`;
    }
    const progressing = conditionOf(dep, 'Progressing');
    if (progressing?.reason !== 'NewReplicaSetAvailable') return `Progressing reason ${progressing?.reason}`;
    return undefined;
  };

  /** A few requests to every Service from healthy nodes: each may reach only a ready endpoint. */
  const sendRequests = () => {
    const now = cluster.clock.now();
    if (!faultFree()) unhealthyAt = now;
    if (now - unhealthyAt < HEALTHY_FOR_MS) return;
    for (const [i, m] of models) {
      if (m.deleted) continue;
      const svc = store.get('services', `${NS}/${name(i)}`);
      const ip = (svc?.spec as { clusterIP?: string } | undefined)?.clusterIP;
      if (!ip) continue;
      for (let r = 0; r < REQUESTS_PER_SERVICE; r++) {
        const origin = NODES[(step + r) % NODES.length];
        answeredBy.length = 0;
        cluster.network.exchange({ node: origin }, ip, 80, { method: 'GET', path: '/' });
        if (answeredBy.length > 1) fail(`one request to Service ${name(i)} was answered by ${answeredBy.join(' and ')}`);
        for (const pod of answeredBy) {
          const why = readiness.violation(`${NS}/${name(i)}`, pod.slice(NS.length + 1), now, PROXY_LAG_MS);
          if (why) fail(`from ${origin}: ${why}`);
        }
        requestsSent++;
        if (answeredBy.length) requestsAnswered++;
      }
    }
  };

  // ---- promises checked after every step ----
  const checkStep = () => {
    if (!faultFree()) unhealthyAt = cluster.clock.now();
    if (eventViolation) fail(eventViolation);
    if (cluster.clock.errors.length) fail(`a component threw: ${String((cluster.clock.errors[0] as Error)?.stack ?? cluster.clock.errors[0])}`);
    const over = overcommittedNodes(store.bucket('nodes').values(), store.bucket('pods').values());
    if (over.length) fail(`node allocations exceed allocatable: ${over.join('; ')}`);
    // One pod's containers run on one machine only.
    const seen = new Map<string, string>();
    for (const [node, k] of cluster.kubelets) {
      for (const c of k.runtime.containers.values()) {
        if (c.state !== 'running') continue;
        const other = seen.get(c.opts.podUID);
        if (other && other !== node) fail(`pod ${c.opts.namespace}/${c.opts.podName} runs on ${other} and ${node}`);
        seen.set(c.opts.podUID, node);
      }
    }
    for (const [i, m] of models) {
      if (m.deleted) continue;
      const dep = store.get('deployments.apps', `${NS}/${name(i)}`);
      if (!dep) fail(`deployment ${name(i)} vanished from the store`);
    }
    for (const [app] of cleanRollouts) {
      const i = Number(app.slice(4));
      if (complete(i, models.get(i)!) === undefined) cleanRollouts.delete(app);
    }
  };

  for (step = 0; step < actions.length; step++) {
    apply(actions[step]);
    checkStep();
    cluster.advance(actions[step].wait);
    checkStep();
    sendRequests();
    opts.trace?.(step, cluster);
  }

  // ---- faults stop: every component and machine back, then everything converges ----
  step = actions.length;
  for (const c of CONTROL_PLANE_COMPONENTS) if (!cluster.component(c)!.running()) cluster.startComponent(c);
  for (const n of WORKERS) if (!cluster.kubelets.get(n)!.poweredOn()) cluster.kubelets.get(n)!.powerOn();
  for (const n of NODES) if (!cluster.kubelets.get(n)!.running()) cluster.startComponent(n);
  const bound = opts.convergenceBoundMs ?? CONVERGENCE_BOUND_MS;
  const allComplete = () => {
    for (const [i, m] of models) if (complete(i, m) !== undefined) return false;
    return true;
  };
  const faultsStoppedAt = cluster.clock.now();
  // Checked every simulated second rather than after each event: cheaper, and 1 s is finer than anything the bound is about.
  while (!allComplete() && cluster.clock.now() - faultsStoppedAt < bound) {
    cluster.advance(1000);
    if (eventViolation) fail(eventViolation);
  }
  checkStep();
  for (const [i, m] of models) {
    const why = complete(i, m);
    if (why) fail(`${name(i)} did not converge within ${bound / 1000} s after the faults stopped: ${why}`);
  }
  // Endpoints lag pod changes by the controller's batching; give them a few seconds, then they must match.
  cluster.advance(5_000);
  for (const [i] of models) {
    const mine = [...store.bucket('pods').values()].filter((p) => p.metadata.labels?.app === name(i));
    const ep = store.get('endpoints', `${NS}/${name(i)}`);
    const bad = endpointsMismatch(ep, mine);
    if (bad.length) fail(`Endpoints ${name(i)}: ${bad.join('; ')}`);
    const slices = [...store.bucket('endpointslices.discovery.k8s.io').values()].filter((s) => s.metadata.labels?.['kubernetes.io/service-name'] === name(i));
    const badSlices = sliceMismatch(slices, mine);
    if (badSlices.length) fail(`EndpointSlices of ${name(i)}: ${badSlices.join('; ')}`);
  }
  // And traffic: with every fault gone, requests through each Service reach its ready pods only.
  sendRequests();

  // ---- the store: nothing lost, and any resourceVersion replays to the present ----
  const events = cluster.history.flatMap((h) => (h.kind === 'change' ? [h.event] : []));
  for (let i = 1; i < events.length; i++) {
    if (events[i].revision !== events[i - 1].revision + 1) fail(`revision ${events[i - 1].revision} is followed by ${events[i].revision}: a change was not recorded`);
  }
  const resources = new Set(events.map((e) => e.resource));
  for (const r of resources) {
    const bad = diffStates(stateAt(events, r), new Map([...store.bucket(r).entries()]));
    if (bad.length) fail(`store ${r} differs from its change history: ${bad.join('; ')}`);
  }
  if (opts.replayWatches ?? true) {
    const last = store.currentRevision();
    for (const r of ['pods', 'deployments.apps', 'replicasets.apps', 'endpoints', 'nodes']) {
      const from = Math.max(store.compactedRevision(r), 1 + (hashText(seed, r) % Math.max(1, last)));
      const state = stateAt(events, r, from);
      const got: { type: string; object: KObject }[] = [];
      const w = cluster.apiserver.watch(r, undefined, { resourceVersion: String(from) }, (ev) => got.push(ev));
      cluster.advance(0);
      w.stop();
      for (const ev of got) {
        if (ev.type === 'ERROR') fail(`watch of ${r} from ${from} failed: ${stableStringify(ev.object)}`);
        const k = ev.object.metadata.namespace ? `${ev.object.metadata.namespace}/${ev.object.metadata.name}` : ev.object.metadata.name!;
        if (ev.type === 'DELETED') state.delete(k);
        else state.set(k, ev.object);
      }
      const bad = diffStates(state, new Map([...store.bucket(r).entries()]));
      if (bad.length) fail(`watch of ${r} replayed from resourceVersion ${from} does not reproduce the store: ${bad.join('; ')}`);
    }
  }
  if (cluster.clock.errors.length) fail(`a component threw: ${String(cluster.clock.errors[0])}`);

  let h = 0x811c9dc5;
  for (const e of cluster.history) h = hashText(h, JSON.stringify(e));
  return { simulatedMs: cluster.clock.now() - bootEnd, historyHash: h, steps: actions.length, writes, requests: requestsSent, answered: requestsAnswered };
}
