/**
 * The Service ClusterIP and NodePort allocators (kubernetes/kubernetes
 * pkg/registry/core/service/ipallocator and portallocator, release-1.35),
 * kept in the API server's per-cluster state. ClusterIPs come from the
 * ServiceCIDRs (the MetaAllocator of cidrallocator.go: one Allocator per
 * IPv4 CIDR over the same set of allocated addresses, its IPAddress objects);
 * each range, like the NodePort range, is split in a small static band (for
 * addresses users ask for) and the rest, and dynamic values come from the
 * upper band first, at a seeded random offset.
 */
import type { KObject } from '../meta.js';
import type { StrategyContext } from '../strategy.js';
import { ipToInt, isIPv4 } from '../../util/ipv4.js';
import { DEFAULT_SERVICE_SUBNET, SERVICE_SUBNET_STATE } from '../../network/pod-cidr.js';
import { ALLOCATORS_STATE } from './services.js';

export const NODE_PORT_RANGE = { base: 30000, size: 2768 };
export const NODE_PORT_RANGE_TEXT = '30000-32767';
export const ERR_IP_ALLOCATED = 'provided IP is already allocated';
/** ipallocator's ErrMismatchedNetwork: no ready ServiceCIDR's allocator holds the address (the MetaAllocator's answer). */
export const ERR_MISMATCHED_NETWORK = 'the provided network does not match the current range';
export const ERR_PORT_ALLOCATED = 'provided port is already allocated';
export const errPortNotInRange = (range: string): string => `provided port is not in the valid range. The range of valid ports is ${range}`;
export const errIPNotInRange = (ip: string, range: string): string => `the provided IP (${ip}) is not in the valid range. The range of valid IPs is ${range}`;

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

export const SERVICE_CIDRS = 'servicecidrs.networking.k8s.io';

/** kube-apiserver's --service-cluster-ip-range: the `kubernetes` ServiceCIDR's CIDR. */
export function serviceClusterIPRange(state: Map<string, unknown>): string {
  return (state.get(SERVICE_SUBNET_STATE) as string | undefined) ?? DEFAULT_SERVICE_SUBNET;
}

/** An IPv4 CIDR ("10.96.0.0/12") as its network address and prefix length; undefined for anything else. */
export function parseIPv4CIDR(cidr: string): { base: number; bits: number } | undefined {
  const m = /^([0-9.]+)\/(\d{1,2})$/.exec(cidr);
  if (!m || !isIPv4(m[1]) || Number(m[2]) > 32) return undefined;
  const bits = Number(m[2]);
  const ip = ipToInt(m[1]);
  return { base: ip - (ip % 2 ** (32 - bits)), bits };
}

/** One CIDR's Allocator (ipallocator.go NewIPAllocator): its first and last usable addresses and the static band's size. */
export interface ServiceRange {
  cidr: string;
  base: number;
  bits: number;
  /** The network address's successor; the address before broadcast. */
  first: number;
  last: number;
  /** calculateRangeOffset: min(max(16, size/16), 256) addresses at the bottom for static allocation, none in a /28 or smaller. */
  rangeOffset: number;
  /** A ready ServiceCIDR that is not being deleted holds it (the MetaAllocator's syncAllocators). */
  ready: boolean;
}

function serviceRange(cidr: string, base: number, bits: number, ready: boolean): ServiceRange {
  const cidrSize = 2 ** (32 - bits);
  const rangeOffset = cidrSize <= 16 ? 0 : Math.min(Math.max(16, Math.floor(cidrSize / 16)), 256);
  return { cidr, base, bits, first: base + 1, last: base + cidrSize - 2, rangeOffset, ready };
}

/** cidrallocator.go isReady: the Ready condition's status, and ready when there is none (kube-controller-manager may not run). */
export function serviceCIDRReady(obj: KObject): boolean {
  const c = (((obj as Any).status?.conditions ?? []) as Any[]).find((x) => x?.type === 'Ready');
  return c ? c.status === 'True' : true;
}

/**
 * The MetaAllocator's allocators, one per IPv4 CIDR of the stored ServiceCIDRs (IPv6 ones belong to an IPv6
 * allocator this single-stack cluster does not run); before a client has written a ServiceCIDR, the default one's.
 */
export function serviceRanges(ctx: Pick<StrategyContext, 'listAll' | 'state'>): ServiceRange[] {
  const out = new Map<string, ServiceRange>();
  for (const sc of ctx.listAll(SERVICE_CIDRS)) {
    const ready = serviceCIDRReady(sc) && !sc.metadata.deletionTimestamp;
    for (const cidr of ((sc as Any).spec?.cidrs ?? []) as string[]) {
      const p = parseIPv4CIDR(cidr);
      if (!p) continue;
      const known = out.get(cidr);
      if (known) known.ready ||= ready;
      else out.set(cidr, serviceRange(cidr, p.base, p.bits, ready));
    }
  }
  if (!out.size) {
    const cidr = serviceClusterIPRange(ctx.state);
    const p = parseIPv4CIDR(cidr)!;
    return [serviceRange(cidr, p.base, p.bits, true)];
  }
  return [...out.values()];
}

/** servicecidr.PrefixContainsIP: inside the prefix, and (IPv4) neither its network nor its broadcast address. */
export const rangeHolds = (r: ServiceRange, ip: number): boolean => ip >= r.first && ip <= r.last;

/** getAllocator(ip, ready): the ready ranges that hold the address, any of them (they share the allocated set). */
export const readyRangeFor = (ranges: ServiceRange[], ip: number): ServiceRange | undefined => ranges.find((r) => r.ready && rangeHolds(r, ip));

export interface Allocators {
  ips: Set<number>;
  ports: Set<number>;
}

/** Where kube-apiserver's IPAddress writes are kept once it stores IPAddresses (ipaddresses.ts installIPAddressWriter). */
export const IPADDRESS_WRITER_STATE = 'ipaddress-writer';

/** The ipallocator's IPAddress objects: an address is allocated exactly when it has one. */
export interface IPAddressWriter {
  /** Creates the IPAddress of an address given to the Service; false when it exists already (ErrAllocated). */
  allocate(ip: string, svc: KObject): boolean;
  /** Deletes an address's IPAddress. */
  release(ip: string): void;
  /** The IPv4 addresses that have one. */
  allocated(): Iterable<number>;
}

export const ipAddressWriter = (ctx: Pick<StrategyContext, 'state'>): IPAddressWriter | undefined => ctx.state.get(IPADDRESS_WRITER_STATE) as IPAddressWriter | undefined;

/** The allocators, rebuilt the first time they are needed: the addresses from the IPAddresses once stored, else from the stored Services. */
export function allocators(ctx: StrategyContext): Allocators {
  let a = ctx.state.get(ALLOCATORS_STATE) as Allocators | undefined;
  if (!a) {
    a = { ips: new Set(), ports: new Set() };
    const writer = ipAddressWriter(ctx);
    if (writer) for (const ip of writer.allocated()) a.ips.add(ip);
    for (const svc of ctx.listAll('services')) {
      const spec = svc.spec as Any;
      if (!writer) for (const ip of spec?.clusterIPs ?? (spec?.clusterIP ? [spec.clusterIP] : [])) if (isIPv4(ip)) a.ips.add(ipToInt(ip));
      for (const p of spec?.ports ?? []) if (p?.nodePort) a.ports.add(p.nodePort);
      if (spec?.healthCheckNodePort) a.ports.add(spec.healthCheckNodePort);
    }
    ctx.state.set(ALLOCATORS_STATE, a);
  }
  return a;
}

/** Size of the NodePort static band: min(max(16, size/32), 128) as in KEP-3668. */
function staticBand(size: number, div: number, cap: number): number {
  return Math.min(Math.max(16, Math.floor(size / div)), cap);
}

/** allocateNextService of one range: a free address from a random point of the upper band, then of the static band. */
function nextInRange(a: Allocators, r: ServiceRange, ctx: StrategyContext): number | undefined {
  const pick = (from: number, to: number): number | undefined => {
    const n = to - from + 1;
    if (n <= 0) return undefined;
    const start = ctx.random.int(n);
    for (let i = 0; i < n; i++) {
      const ip = from + ((start + i) % n);
      if (!a.ips.has(ip)) return ip;
    }
    return undefined;
  };
  return pick(r.first + r.rangeOffset, r.last) ?? (r.rangeOffset ? pick(r.first, r.first + r.rangeOffset - 1) : undefined);
}

/**
 * MetaAllocator.AllocateNextService: each allocator in turn (Go's map order, random: drawn only when there are
 * several), skipping one that is full or not ready; undefined when none has a free address (ErrFull).
 */
export function nextClusterIP(a: Allocators, ranges: ServiceRange[], ctx: StrategyContext): number | undefined {
  const order = [...ranges];
  for (let i = order.length - 1; i > 0; i--) {
    const j = ctx.random.int(i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  for (const r of order) {
    if (!r.ready) continue;
    const ip = nextInRange(a, r, ctx);
    if (ip !== undefined) return ip;
  }
  return undefined;
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
