/**
 * The simulation's own controls: failures and load a lesson or the learner
 * injects (the `sim` command, the page's panel). Every injection is written
 * to cluster.history as {kind: 'injection'} so the checker can tell what was
 * done to the cluster from what the learner did.
 */
import type { Cluster } from '../cluster.js';
import type { Origin } from '../network/network.js';
import { parseUrl } from '../network/commands/url.js';

export const ERR_NO_NODE = (n: string) => `node "${n}" not found`;
export const ERR_NO_POD = (ns: string, p: string) => `pod "${p}" not found in namespace "${ns}" (or no running container)`;
export const ERR_NO_COMPONENT = (n: string) => `component "${n}" not found`;
export const ERR_NO_SERVICE = (ns: string, s: string) => `service "${s}" not found in namespace "${ns}"`;

export interface LoadHandle {
  id: number;
  target: string;
  rps: number;
  /** Requests sent and how they ended. */
  sent: number;
  ok: number;
  failed: number;
  stop(): void;
}

/** How often the load generator wakes up; requests of one tick share its instant. */
export const LOAD_TICK_MS = 100;

export class Simulation {
  private loads = new Map<number, LoadHandle>();
  private nextLoad = 1;

  constructor(private readonly cluster: Cluster) {}

  private record(action: string, target: string, detail?: Record<string, unknown>): void {
    this.cluster.history.push({ time: this.cluster.clock.now(), kind: 'injection', action, target, ...(detail ? { detail } : {}) });
  }

  private kubelet(node: string) {
    const k = this.cluster.kubelets.get(node);
    if (!k) throw new Error(ERR_NO_NODE(node));
    return k;
  }

  /** The kubelet stops (no heartbeats, no pod management); containers keep running. */
  stopNode(node: string): void { this.kubelet(node).stop(); this.record('node-stop', node); }
  startNode(node: string): void { const k = this.kubelet(node); if (!k.poweredOn()) k.powerOn(); else k.start(); this.record('node-start', node); }
  /** The machine loses power: every container and the node's iptables rules go with it. */
  powerOffNode(node: string): void { this.kubelet(node).powerOff(); this.cluster.network.proxies.nodePoweredOff(node); this.record('node-poweroff', node); }
  rebootNode(node: string): void { this.kubelet(node).reboot(); this.cluster.network.proxies.nodePoweredOff(node); this.record('node-reboot', node); }

  private podKubelet(namespace: string, pod: string) {
    for (const k of this.cluster.kubelets.values()) if (k.container(namespace, pod)?.current?.state === 'running') return k;
    throw new Error(ERR_NO_POD(namespace, pod));
  }

  killContainer(namespace: string, pod: string, container?: string): void {
    if (!this.podKubelet(namespace, pod).killContainer(namespace, pod, container)) throw new Error(ERR_NO_POD(namespace, pod));
    this.record('kill', `${namespace}/${pod}`, container ? { container } : undefined);
  }

  private inject(action: string, namespace: string, pod: string, container: string | undefined, change: Record<string, unknown>): void {
    if (!this.podKubelet(namespace, pod).inject(namespace, pod, container, change)) throw new Error(ERR_NO_POD(namespace, pod));
    this.record(action, `${namespace}/${pod}`, { ...(container ? { container } : {}), ...change });
  }

  failProbe(kind: 'liveness' | 'readiness', namespace: string, pod: string, on = true, container?: string): void {
    this.inject(`fail-${kind}`, namespace, pod, container, kind === 'liveness' ? { failLiveness: on } : { failReadiness: on });
  }
  hang(namespace: string, pod: string, on = true, container?: string): void { this.inject('hang', namespace, pod, container, { hang: on }); }
  leakMemory(namespace: string, pod: string, bytesPerSec: number, container?: string): void { this.inject('leak', namespace, pod, container, { leakBytesPerSec: bytesPerSec }); }

  stopComponent(name: string): void { if (!this.cluster.stopComponent(name)) throw new Error(ERR_NO_COMPONENT(name)); }
  startComponent(name: string): void { if (!this.cluster.startComponent(name)) throw new Error(ERR_NO_COMPONENT(name)); }

  /** Moves simulated time forward. */
  fastForward(ms: number): void {
    this.record('fast-forward', 'clock', { ms });
    this.cluster.advance(ms);
  }

  /**
   * Sends `rps` HTTP GETs per second to a Service ("web", "ns/web") or a URL
   * for `durationMs` (forever when undefined), from the control-plane node
   * (or from outside the cluster for a LoadBalancer address). Each request
   * travels the real path: rules, endpoint choice, the app's answer, its
   * access log and its CPU.
   */
  load(target: string, rps: number, durationMs?: number): LoadHandle {
    const { host, port, path, origin } = this.loadTarget(target);
    const net = this.cluster.network;
    const clock = this.cluster.clock;
    let carry = 0;
    let timer = 0;
    const until = durationMs !== undefined ? clock.now() + durationMs : Infinity;
    const handle: LoadHandle = {
      id: this.nextLoad++, target, rps, sent: 0, ok: 0, failed: 0,
      stop: () => { clock.cancel(timer); this.loads.delete(handle.id); },
    };
    const tick = () => {
      if (clock.now() >= until) { handle.stop(); return; }
      timer = clock.schedule(LOAD_TICK_MS, tick);
      carry += (rps * LOAD_TICK_MS) / 1000;
      const n = Math.floor(carry);
      carry -= n;
      const r = net.resolve(host, origin);
      for (let i = 0; i < n; i++) {
        handle.sent++;
        if (!r.ok) { handle.failed++; continue; }
        const o = net.exchange(origin, r.addresses[0], port, { method: 'GET', path, userAgent: 'kubelab-load/1.0' });
        if (o.kind === 'response' && o.status < 500) handle.ok++; else handle.failed++;
      }
    };
    timer = clock.schedule(0, tick);
    this.loads.set(handle.id, handle);
    this.record('load', target, { rps, ...(durationMs !== undefined ? { durationMs } : {}) });
    return handle;
  }

  activeLoads(): LoadHandle[] { return [...this.loads.values()]; }

  stopLoad(id?: number): number {
    const targets = id === undefined ? [...this.loads.values()] : [this.loads.get(id)].filter((x): x is LoadHandle => !!x);
    for (const h of targets) h.stop();
    if (targets.length) this.record('load-stop', id === undefined ? 'all' : String(id));
    return targets.length;
  }

  private loadTarget(target: string): { host: string; port: number; path: string; origin: Origin } {
    const node = { node: this.cluster.nodeConfigs.find((n) => n.role === 'control-plane')?.name ?? this.cluster.nodeConfigs[0].name };
    if (/^[a-z]+:\/\//i.test(target) || /^\d+\.\d+\.\d+\.\d+/.test(target)) {
      const u = parseUrl(target)!;
      return { host: u.host, port: u.port, path: u.path, origin: node };
    }
    const [ns, name] = target.includes('/') ? target.split('/', 2) : ['default', target];
    const svc = this.cluster.network.proxies.services.get(`${ns}/${name}`);
    const spec = svc?.spec as { clusterIP?: string; ports?: { port: number }[] } | undefined;
    if (!svc || !spec?.clusterIP || spec.clusterIP === 'None' || !spec.ports?.length) throw new Error(ERR_NO_SERVICE(ns, name));
    return { host: spec.clusterIP, port: spec.ports[0].port, path: '/', origin: node };
  }
}
