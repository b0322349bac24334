/**
 * The simulated cloud behind the cloud-controller-manager: its load balancers
 * and what it knows about its instances. It outlives the controller manager
 * (a restarted CCM finds the load balancers it made), and everything in it is
 * deterministic: addresses are handed out in order from documentation ranges
 * (RFC 5737), so no real public address ever shows up in a lesson.
 */
import { parseQuantity } from '../util/quantity.js';

/** TEST-NET-3 then TEST-NET-2: public-looking, reserved for documentation. */
export const LOAD_BALANCER_RANGES = ['203.0.113.', '198.51.100.'];
export const CLOUD_REGION = 'sim-region-1';
/** How long the cloud takes to provision a new load balancer. */
export const LB_PROVISIONING_MS = 5_000;
/** The provider prefix of spec.providerID: kubelab://<project>/<zone>/<instance>. */
export const PROVIDER_ID_PREFIX = 'kubelab://';
export const DEFAULT_ZONE = 'zone-a';

export interface LoadBalancer {
  /** cloudprovider.DefaultLoadBalancerName: "a" + the Service UID without dashes, cut to 32 characters. */
  name: string;
  ip: string;
  /** Virtual time at which it answers; until then EnsureLoadBalancer is still waiting. */
  readyAt: number;
}

export class SimCloud {
  private lbs = new Map<string, LoadBalancer>();
  private used = new Set<string>();

  static loadBalancerName(serviceUID: string): string {
    return `a${serviceUID.replace(/-/g, '')}`.slice(0, 32);
  }

  getLoadBalancer(serviceUID: string): LoadBalancer | undefined {
    return this.lbs.get(SimCloud.loadBalancerName(serviceUID));
  }

  /** Starts provisioning (or returns the existing one). `requestedIP` (spec.loadBalancerIP) is honoured when free and in range. */
  ensureLoadBalancer(serviceUID: string, now: number, requestedIP?: string): LoadBalancer {
    const name = SimCloud.loadBalancerName(serviceUID);
    const existing = this.lbs.get(name);
    if (existing) return existing;
    const ip = requestedIP && this.inRange(requestedIP) && !this.used.has(requestedIP) ? requestedIP : this.nextFreeIP();
    const lb: LoadBalancer = { name, ip, readyAt: now + LB_PROVISIONING_MS };
    this.used.add(ip);
    this.lbs.set(name, lb);
    return lb;
  }

  /** Marks an address taken by a load balancer the cloud made before (found in a Service's status after a restart). */
  adopt(serviceUID: string, ip: string): void {
    const name = SimCloud.loadBalancerName(serviceUID);
    if (this.lbs.has(name)) return;
    this.used.add(ip);
    this.lbs.set(name, { name, ip, readyAt: 0 });
  }

  deleteLoadBalancer(serviceUID: string): boolean {
    const name = SimCloud.loadBalancerName(serviceUID);
    const lb = this.lbs.get(name);
    if (!lb) return false;
    this.used.delete(lb.ip);
    this.lbs.delete(name);
    return true;
  }

  private inRange(ip: string): boolean {
    return LOAD_BALANCER_RANGES.some((r) => ip.startsWith(r) && /^\d+$/.test(ip.slice(r.length)) && Number(ip.slice(r.length)) >= 1 && Number(ip.slice(r.length)) <= 254);
  }

  private nextFreeIP(): string {
    for (const r of LOAD_BALANCER_RANGES) {
      for (let i = 10; i <= 254; i++) if (!this.used.has(`${r}${i}`)) return `${r}${i}`;
    }
    // The ranges hold 490 addresses; a lesson never needs more. Reuse from the start rather than fail.
    return `${LOAD_BALANCER_RANGES[0]}10`;
  }
}

/** The zone of an instance, read from its providerID (kubelab://sim/zone-a/worker-1), as the cloud's metadata would say. */
export function zoneOfProviderID(providerID: string | undefined): string {
  if (!providerID?.startsWith(PROVIDER_ID_PREFIX)) return DEFAULT_ZONE;
  const parts = providerID.slice(PROVIDER_ID_PREFIX.length).split('/');
  return parts.length >= 3 && parts[1] ? parts[1] : DEFAULT_ZONE;
}

/**
 * The instance type a machine of this size would be sold as, in the style of
 * the managed clouds' size slugs ("s-2vcpu-4gb").
 */
export function instanceTypeFor(cpu: unknown, memory: unknown): string {
  const cores = Math.max(1, Math.round(parseQuantity(cpu) ?? 1));
  const gib = Math.max(1, Math.round((parseQuantity(memory) ?? 2 ** 30) / 2 ** 30));
  return `s-${cores}vcpu-${gib}gb`;
}
