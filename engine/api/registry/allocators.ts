/**
 * The Service ClusterIP and NodePort allocators (kubernetes/kubernetes
 * pkg/registry/core/service/ipallocator and portallocator, release-1.35),
 * kept in the API server's per-cluster state. Both split their range in a
 * small static band (for addresses users ask for) and the rest, and pick
 * dynamic values from the upper band first, at a seeded random offset.
 */
import type { KObject } from '../meta.js';
import type { StrategyContext } from '../strategy.js';
import { intToIP, ipToInt, isIPv4 } from '../../util/ipv4.js';
import { ALLOCATORS_STATE } from './services.js';

export const SERVICE_CIDR = '10.96.0.0/12';
export const NODE_PORT_RANGE = { base: 30000, size: 2768 };
export const NODE_PORT_RANGE_TEXT = '30000-32767';
export const ERR_IP_ALLOCATED = 'provided IP is already allocated';
/** ipallocator's ErrMismatchedNetwork: no ServiceCIDR's allocator holds the address (the MetaAllocator's answer). */
export const ERR_MISMATCHED_NETWORK = 'the provided network does not match the current range';
export const ERR_PORT_ALLOCATED = 'provided port is already allocated';
export const errPortNotInRange = (range: string): string => `provided port is not in the valid range. The range of valid ports is ${range}`;
export const errIPNotInRange = (ip: string, range: string): string => `the provided IP (${ip}) is not in the valid range. The range of valid IPs is ${range}`;

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

export const SERVICE_CIDR_BASE = ipToInt('10.96.0.0');
const CIDR_SIZE = 1 << 20;

export interface Allocators {
  ips: Set<number>;
  ports: Set<number>;
}

/** The allocators, rebuilt from the stored Services the first time they are needed. */
export function allocators(ctx: StrategyContext): Allocators {
  let a = ctx.state.get(ALLOCATORS_STATE) as Allocators | undefined;
  if (!a) {
    a = { ips: new Set(), ports: new Set() };
    for (const svc of ctx.listAll('services')) {
      const spec = svc.spec as Any;
      for (const ip of spec?.clusterIPs ?? (spec?.clusterIP ? [spec.clusterIP] : [])) if (isIPv4(ip)) a.ips.add(ipToInt(ip));
      for (const p of spec?.ports ?? []) if (p?.nodePort) a.ports.add(p.nodePort);
      if (spec?.healthCheckNodePort) a.ports.add(spec.healthCheckNodePort);
    }
    ctx.state.set(ALLOCATORS_STATE, a);
  }
  return a;
}

/** Size of the static band: min(max(16, size/16), 256) as in KEP-3070. */
function staticBand(size: number, div: number, cap: number): number {
  return Math.min(Math.max(16, Math.floor(size / div)), cap);
}

/** First free address from a random point of the dynamic band, then the static band; undefined when full. */
export function nextClusterIP(a: Allocators, ctx: StrategyContext): number | undefined {
  // Usable: base+1 .. base+size-2 (network and broadcast addresses excluded).
  const lo = 1;
  const hi = CIDR_SIZE - 2;
  const band = staticBand(CIDR_SIZE, 16, 256);
  const pick = (from: number, to: number): number | undefined => {
    const n = to - from + 1;
    if (n <= 0) return undefined;
    const start = ctx.random.int(n);
    for (let i = 0; i < n; i++) {
      const off = from + ((start + i) % n);
      if (!a.ips.has(SERVICE_CIDR_BASE + off)) return SERVICE_CIDR_BASE + off;
    }
    return undefined;
  };
  return pick(lo + band, hi) ?? pick(lo, lo + band - 1);
}

export function inServiceCIDR(ip: number): boolean {
  return ip > SERVICE_CIDR_BASE && ip < SERVICE_CIDR_BASE + CIDR_SIZE - 1;
}

export function nextNodePort(a: Allocators, ctx: StrategyContext): number | undefined {
  const { base, size } = NODE_PORT_RANGE;
  const band = staticBand(size, 32, 128);
  const pick = (from: number, to: number): number | undefined => {
    const n = to - from + 1;
    const start = ctx.random.int(n);
    for (let i = 0; i < n; i++) {
      const p = base + from + ((start + i) % n);
      if (!a.ports.has(p)) return p;
    }
    return undefined;
  };
  return pick(band, size - 1) ?? pick(0, band - 1);
}

export function nodePortInRange(p: number): boolean {
  return p >= NODE_PORT_RANGE.base && p < NODE_PORT_RANGE.base + NODE_PORT_RANGE.size;
}

/** What a Service holds: its ClusterIPs and NodePorts (its health check's included). */
export function heldBy(svc: KObject | undefined): { ips: number[]; ports: number[] } {
  const spec = svc?.spec as Any;
  const ips = ((spec?.clusterIPs as string[] | undefined) ?? (spec?.clusterIP ? [spec.clusterIP] : [])).filter(isIPv4).map(ipToInt);
  const ports = [...((spec?.ports ?? []) as Any[]).map((p) => p?.nodePort), spec?.healthCheckNodePort].filter((p): p is number => typeof p === 'number' && p > 0);
  return { ips, ports };
}
