/**
 * Load an exercise sends to a Service. Every simulated second: the requested
 * rate is spread evenly over the Service's ready endpoints as CPU load (what
 * kube-proxy's random spread averages to), and a sample of real requests goes
 * through the cluster network to the Service's ClusterIP from a node, each
 * outcome recorded, so a check can say "3 of 250 requests failed during the
 * rollout (connection refused at 41 s)".
 */
import type { KObject } from '../engine/api/meta.js';
import type { Cluster } from '../engine/cluster.js';
import type { Outcome } from '../engine/network/network.js';
import { SERVICE_NAME_LABEL } from './checks/endpoints.js';
import type { LoadSink } from './inject.js';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Real requests sent per second per loaded Service (the rest of the rate is CPU load only). */
export const SAMPLE_REQUESTS_PER_SECOND = 5;

export interface RequestRecord {
  time: number;
  service: string;
  ok: boolean;
  /** "200", "connection refused", "timeout"… */
  outcome: string;
}

export function describeOutcome(o: Outcome): { ok: boolean; text: string } {
  switch (o.kind) {
    case 'response': return { ok: o.status < 500, text: `HTTP ${o.status}` };
    case 'refused': return { ok: false, text: 'connection refused' };
    case 'timeout': return { ok: false, text: 'connection timed out' };
    case 'unreachable': return { ok: false, text: 'no route to host' };
    case 'hang': return { ok: false, text: 'no answer (timed out)' };
    case 'empty': return { ok: false, text: 'empty reply' };
    // The load generator speaks plain HTTP: these come only from a client that asked for TLS.
    case 'not-tls': case 'tls-aborted': return { ok: false, text: 'TLS handshake failed' };
  }
}

export class ServiceLoad implements LoadSink {
  private readonly rates = new Map<string, number>();
  private readonly applied = new Map<string, number>();
  readonly requests: RequestRecord[] = [];
  private cancel?: () => void;

  constructor(private readonly cluster: Cluster) {}

  setLoad(namespace: string, service: string, rps: number): void {
    const key = `${namespace}/${service}`;
    if (rps > 0) this.rates.set(key, rps);
    else this.rates.delete(key);
    if (!this.cancel) this.cancel = this.cluster.clock.every(1000, () => this.tick(), { daemon: true });
    this.spread();
  }

  /** "namespace/service" → requests per second being sent now (for the lab's map). */
  activeRates(): ReadonlyMap<string, number> {
    return this.rates;
  }

  stop(): void {
    this.cancel?.();
    this.cancel = undefined;
  }

  private tick(): void {
    try {
      this.spread();
      this.sample();
    } catch {
      // The API server may be down: the load keeps its last spread, as clients keep their connections.
    }
  }

  private slices(ns: string, svc: string): KObject[] {
    const out: KObject[] = [];
    for (const s of this.cluster.store.bucket('endpointslices.discovery.k8s.io').values()) {
      if (s.metadata.namespace === ns && s.metadata.labels?.[SERVICE_NAME_LABEL] === svc) out.push(s);
    }
    return out;
  }

  /** Pod IP → pod for the slices' ready addresses (targetRef names the pod). */
  private spread(): void {
    const next = new Map<string, number>();
    for (const [key, rps] of this.rates) {
      const [ns, svc] = key.split('/');
      const pods: string[] = [];
      for (const s of this.slices(ns, svc)) {
        for (const e of ((s as Any).endpoints ?? []) as Any[]) {
          if (e.conditions?.ready === false || e.targetRef?.kind !== 'Pod') continue;
          pods.push(`${e.targetRef.namespace ?? ns}/${e.targetRef.name}`);
        }
      }
      for (const p of pods) next.set(p, (next.get(p) ?? 0) + rps / pods.length);
    }
    for (const [pod, rps] of next) if (this.applied.get(pod) !== rps) this.setPodLoad(pod, rps);
    for (const pod of this.applied.keys()) if (!next.has(pod)) this.setPodLoad(pod, 0);
    this.applied.clear();
    for (const [k, v] of next) this.applied.set(k, v);
  }

  private setPodLoad(podKey: string, rps: number): void {
    const pod = this.cluster.store.get('pods', podKey) as Any | undefined;
    const k = pod?.spec?.nodeName ? this.cluster.kubelets.get(pod.spec.nodeName) : undefined;
    const [ns, name] = podKey.split('/');
    k?.inject(ns, name, undefined, { loadRps: rps });
  }

  private sample(): void {
    const net = this.cluster.network;
    const from = this.cluster.nodeConfigs[0].name;
    for (const key of this.rates.keys()) {
      const [ns, svc] = key.split('/');
      const s = this.cluster.store.get('services', key) as Any | undefined;
      const ip = s?.spec?.clusterIP;
      const port = s?.spec?.ports?.[0]?.port;
      for (let i = 0; i < SAMPLE_REQUESTS_PER_SECOND; i++) {
        let rec: { ok: boolean; text: string };
        if (!ip || ip === 'None' || !port) rec = { ok: false, text: `service ${svc} not found` };
        else rec = describeOutcome(net.exchange({ node: from }, ip, port, { method: 'GET', path: '/', userAgent: 'kubelab-load' }));
        this.requests.push({ time: this.cluster.clock.now(), service: `${ns}/${svc}`, ok: rec.ok, outcome: rec.text });
      }
    }
  }
}

