/**
 * The Service registry's allocations (pkg/registry/core/service/storage/storage.go beginCreate/beginUpdate and
 * alloc.go, with strategy.go's dropTypeDependentFields, release-1.35): what only a learner's writes need, loaded with
 * them (services.ts serviceWrites).
 */
import { field, internalError, invalid, type FieldError } from '../errors.js';
import type { KObject } from '../meta.js';
import type { StrategyContext } from '../strategy.js';
import { intToIP, ipToInt, isIPv4 } from '../../util/ipv4.js';
import {
  allocators, ERR_IP_ALLOCATED, ipAddressWriter, ERR_MISMATCHED_NETWORK, ERR_PORT_ALLOCATED, errIPNotInRange, errPortNotInRange, heldBy, nextClusterIP, nextNodePort, NODE_PORT_RANGE_TEXT, nodePortInRange,
  rangeHolds, readyRangeFor, serviceRanges,
} from './allocators.js';
import { externallyAccessible, needsHealthCheck, validateClusterIPsRelatedFields } from './services.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

/** patchAllocatedValues (storage.go): an update that leaves out what was allocated for it keeps it. */
function patchAllocatedValues(spec: Any, old: Any): void {
  if (old.type !== 'ExternalName' && spec.type !== 'ExternalName') {
    spec.clusterIP ||= old.clusterIP;
    if (!spec.clusterIPs?.length && old.clusterIPs?.length) spec.clusterIPs = old.clusterIPs;
  }
  if (typeTakesNodePorts(old) && typeTakesNodePorts(spec)) {
    // By port name; a value the new ports already use is not patched in again.
    const used = new Set(nodePortsOf(spec).filter((p) => nodePortsOf(old).includes(p)));
    const byName = new Map<string, number>(((old.ports ?? []) as Any[]).map((p) => [p.name ?? '', p.nodePort]));
    for (const p of spec.ports ?? []) if (!p.nodePort && !used.has(byName.get(p.name ?? '')!)) p.nodePort = byName.get(p.name ?? '');
  }
  if (needsHealthCheck(old) && needsHealthCheck(spec)) spec.healthCheckNodePort ||= old.healthCheckNodePort;
}

/** normalizeClusterIPs (storage.go): clusterIPs follows a clusterIP the request changed alone. */
function normalizeClusterIPs(spec: Any, old: Any): void {
  if (!old) {
    if (spec.clusterIP && !spec.clusterIPs?.length) spec.clusterIPs = [spec.clusterIP];
    return;
  }
  if (old.clusterIPs?.length && !spec.clusterIPs?.length && old.clusterIP === spec.clusterIP) spec.clusterIPs = old.clusterIPs;
  if (old.clusterIP !== spec.clusterIP && sameStrings(old.clusterIPs, spec.clusterIPs)) {
    if (spec.clusterIP) spec.clusterIPs = [spec.clusterIP];
    else if (old.clusterIP) delete spec.clusterIPs;
  }
}

const sameStrings = (a: string[] | undefined, b: string[] | undefined) => (a ?? []).length === (b ?? []).length && (a ?? []).every((v, i) => v === b![i]);

/**
 * initIPFamilyFields (alloc.go) for this single-stack IPv4 cluster: the policy and families are filled in (visible on a
 * dry run too) after a loose check of the clusterIPs, whose errors are the only ones a request with a bad IP gets.
 */
function initIPFamilyFields(spec: Any, old: Any, name: string): void {
  if (spec.type === 'ExternalName') return;
  const headlessSelectorless = spec.clusterIP === 'None' && !Object.keys(spec.selector ?? {}).length;
  spec.ipFamilyPolicy ??= old?.ipFamilyPolicy ?? (headlessSelectorless ? 'RequireDualStack' : 'SingleStack');
  const errs = validateClusterIPsRelatedFields(spec);
  if (errs.length) throw invalid('Service', '', name, errs);
  if (headlessSelectorless) {
    spec.ipFamilies ??= ['IPv4'];
    if (spec.ipFamilies.length < 2 && spec.ipFamilyPolicy !== 'SingleStack') spec.ipFamilies = [...spec.ipFamilies, spec.ipFamilies[0] === 'IPv4' ? 'IPv6' : 'IPv4'];
    return;
  }
  if (spec.ipFamilyPolicy === 'RequireDualStack') errs.push(field.invalid('spec.ipFamilyPolicy', spec.ipFamilyPolicy, 'this cluster is not configured for dual-stack services'));
  ((spec.ipFamilies ?? []) as string[]).forEach((f, i) => { if (f !== 'IPv4') errs.push(field.invalid(`spec.ipFamilies[${i}]`, f, 'not configured on this cluster')); });
  if (errs.length) throw invalid('Service', '', name, errs);
  if (!spec.ipFamilies?.length) spec.ipFamilies = ['IPv4'];
}

const typeTakesNodePorts = (spec: Any) => spec?.type === 'NodePort' || spec?.type === 'LoadBalancer';
const nodePortsOf = (spec: Any): number[] => ((spec?.ports ?? []) as Any[]).map((p) => p?.nodePort).filter((p): p is number => typeof p === 'number' && p > 0);

type Finish = (success: boolean) => void;

/**
 * BeginCreate / BeginUpdate of the Service registry (storage.go, alloc.go): the ClusterIP and NodePorts are allocated
 * before the strategy validates the object, so a taken or out-of-range value is the error a request gets even when
 * other fields are wrong too. What is taken is given back when the write fails later (validation, quota,
 * AlreadyExists); what the old object held is released only when it succeeds. A dry run holds nothing and does not
 * look for free values: the IP allocator's dry run answers the range's network address, the port operation's counts
 * up from 32768 (a value asked for is still checked against the allocated ones).
 */
export function begin(obj: KObject, old: KObject | undefined, ctx: StrategyContext): Finish {
  const spec = (obj.spec ??= {}) as Any;
  const oldSpec = old?.spec as Any;
  const name = obj.metadata.name ?? '';
  const a = allocators(ctx);
  const dry = ctx.dryRun;
  const gotIPs: number[] = [];
  const gotPorts: number[] = [];
  const freeIPs: number[] = [];
  const freePorts: number[] = [];
  const writer = dry ? undefined : ipAddressWriter(ctx);
  const finish: Finish = (ok) => {
    if (dry) return;
    for (const ip of ok ? freeIPs : gotIPs) { a.ips.delete(ip); writer?.release(intToIP(ip)); }
    for (const p of ok ? freePorts : gotPorts) a.ports.delete(p);
  };
  const fail = (e: unknown): never => { finish(false); throw e; };
  const portError = (i: number, v: number, why: string) => fail(invalid('Service', '', name, [field.invalid(`spec.ports[${i}].nodePort`, v, why)]));

  const allocClusterIP = () => {
    if (spec.type === 'ExternalName' || spec.clusterIPs?.[0] === 'None') return;
    const ranges = serviceRanges(ctx);
    // MetaAllocator.DryRun: one of its allocators (the first here), which checks its own range and looks for nothing.
    const dryRange = ranges[0];
    const asked = spec.clusterIPs?.[0];
    if (asked) {
      const ip = ipToInt(asked);
      let why = dry
        ? (rangeHolds(dryRange, ip) ? '' : errIPNotInRange(asked, dryRange.cidr))
        : !readyRangeFor(ranges, ip) ? ERR_MISMATCHED_NETWORK : a.ips.has(ip) ? ERR_IP_ALLOCATED : '';
      // The allocator creates the address's IPAddress: one that exists (a user's too) is ErrAllocated.
      if (!why && writer && !writer.allocate(asked, obj)) why = ERR_IP_ALLOCATED;
      if (why) fail(invalid('Service', '', name, [field.invalid('spec.clusterIPs', spec.clusterIPs, `failed to allocate IP ${asked}: ${why}`)]));
      if (!dry) { a.ips.add(ip); gotIPs.push(ip); }
      return;
    }
    const ip = dry ? dryRange.base : nextClusterIP(a, ranges, ctx);
    if (ip === undefined) return fail(internalError('failed to allocate a serviceIP: range is full'));
    if (!dry) { a.ips.add(ip); gotIPs.push(ip); writer?.allocate(intToIP(ip), obj); }
    spec.clusterIP = intToIP(ip);
    spec.clusterIPs = [spec.clusterIP];
  };
  // PortAllocationOperation.Allocate: the error text, or '' once the port is this request's.
  const allocPort = (p: number): string => {
    if (dry) {
      if (a.ports.has(p) || gotPorts.includes(p)) return ERR_PORT_ALLOCATED;
    } else {
      if (!nodePortInRange(p)) return errPortNotInRange(NODE_PORT_RANGE_TEXT);
      if (a.ports.has(p)) return ERR_PORT_ALLOCATED;
      a.ports.add(p);
    }
    gotPorts.push(p);
    return '';
  };
  // PortAllocationOperation.AllocateNext; undefined when the range is full.
  const nextPort = (): number | undefined => {
    const p = dry ? (gotPorts.length ? Math.max(...gotPorts) : 32768) + 1 : nextNodePort(a, ctx);
    if (p === undefined) return undefined;
    if (!dry) a.ports.add(p);
    gotPorts.push(p);
    return p;
  };
  const nodePortFor = () => nextPort() ?? fail(internalError('failed to allocate a nodePort: range is full'));
  // allocHealthCheckNodePort: its failures are internal errors.
  const allocHealthCheckNodePort = () => {
    const asked = spec.healthCheckNodePort;
    const why = asked ? allocPort(asked) : '';
    if (why) fail(internalError(`failed to allocate requested HealthCheck NodePort ${asked}: ${why}`));
    if (!asked) spec.healthCheckNodePort = nextPort() ?? fail(internalError('failed to allocate a HealthCheck NodePort 0: range is full'));
  };
  const ports = (Array.isArray(spec.ports) ? spec.ports : []) as Any[];
  const allocates = spec.type === 'NodePort' || (spec.type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts !== false);

  if (!old) {
    normalizeClusterIPs(spec, undefined);
    initIPFamilyFields(spec, undefined, name);
    allocClusterIP();
    if (typeTakesNodePorts(spec)) {
      // initNodePorts: ports with the same number share one NodePort, the first asked for among them.
      const byPort = new Map<number, number>();
      ports.forEach((sp, i) => {
        if (!sp || (!sp.nodePort && !allocates)) return;
        const shared = byPort.get(sp.port);
        if (!shared) {
          const asked = ports.find((q) => q?.port === sp.port && q.nodePort)?.nodePort;
          if (asked) { const why = allocPort(asked); if (why) portError(i, asked, why); }
          sp.nodePort = asked || nodePortFor();
          byPort.set(sp.port, sp.nodePort);
        } else if (sp.nodePort !== shared) {
          if (!sp.nodePort) sp.nodePort = shared;
          else { const why = allocPort(sp.nodePort); if (why) portError(i, sp.nodePort, why); }
        }
      });
    }
    if (needsHealthCheck(spec)) allocHealthCheckNodePort();
    return finish;
  }

  patchAllocatedValues(spec, oldSpec);
  normalizeClusterIPs(spec, oldSpec);
  initIPFamilyFields(spec, oldSpec, name);
  // updateClusterIPs: only a change to or from ExternalName allocates or releases; any other change is validation's.
  if (oldSpec.type === 'ExternalName' && spec.type !== 'ExternalName') allocClusterIP();
  else if (oldSpec.type !== 'ExternalName' && spec.type === 'ExternalName' && oldSpec.clusterIPs?.[0] !== 'None') {
    for (const ip of oldSpec.clusterIPs ?? []) if (isIPv4(ip)) freeIPs.push(ipToInt(ip));
  }
  const oldPorts = nodePortsOf(oldSpec);
  if (typeTakesNodePorts(oldSpec) && (spec.type === 'ExternalName' || spec.type === 'ClusterIP')) freePorts.push(...oldPorts);
  if (typeTakesNodePorts(spec)) {
    // updateNodePorts: a value the old object held is kept, a new one allocated, a missing one drawn.
    const taken = new Set<number>();
    const seen = new Set<string>();
    ports.forEach((sp, i) => {
      if (!sp || (!sp.nodePort && !allocates)) return;
      if (!sp.nodePort) sp.nodePort = nodePortFor();
      else if (!oldPorts.includes(sp.nodePort) && !taken.has(sp.nodePort)) {
        const why = allocPort(sp.nodePort);
        if (why) portError(i, sp.nodePort, why);
        taken.add(sp.nodePort);
      }
      const key = `{${sp.protocol} ${sp.nodePort}}`;
      if (seen.has(key)) fail(internalError(`duplicate nodePort: ${key}`));
      seen.add(key);
    });
    const kept = nodePortsOf(spec);
    for (const p of oldPorts) if (!kept.includes(p)) freePorts.push(p);
  }
  if (!needsHealthCheck(oldSpec) && needsHealthCheck(spec)) allocHealthCheckNodePort();
  else if (needsHealthCheck(oldSpec) && !needsHealthCheck(spec) && oldSpec.healthCheckNodePort) freePorts.push(oldSpec.healthCheckNodePort);
  return finish;
}

/**
 * dropTypeDependentFields (strategy.go): a type change drops what the old type had allocated or defaulted, unless
 * the update also changed it (validation then says why it may not stay).
 */
export function dropTypeDependentFields(obj: KObject, oldObj: KObject): void {
  const spec = (obj.spec ?? {}) as Any;
  const old = (oldObj.spec ?? {}) as Any;
  if (old.type !== 'ExternalName' && spec.type === 'ExternalName') {
    if (old.clusterIP === spec.clusterIP && sameStrings(old.clusterIPs, spec.clusterIPs)) { delete spec.clusterIP; delete spec.clusterIPs; }
    if (sameStrings(old.ipFamilies, spec.ipFamilies)) delete spec.ipFamilies;
    if (old.ipFamilyPolicy === spec.ipFamilyPolicy) delete spec.ipFamilyPolicy;
  }
  const newPorts = nodePortsOf(spec);
  if (typeTakesNodePorts(old) && !typeTakesNodePorts(spec) && newPorts.every((p) => nodePortsOf(old).includes(p))) {
    for (const p of spec.ports ?? []) if (p) delete p.nodePort;
  }
  if (needsHealthCheck(old) && !needsHealthCheck(spec) && (old.healthCheckNodePort ?? 0) === (spec.healthCheckNodePort ?? 0)) delete spec.healthCheckNodePort;
  if (old.type === 'LoadBalancer' && spec.type !== 'LoadBalancer') {
    if (spec.allocateLoadBalancerNodePorts !== undefined && old.allocateLoadBalancerNodePorts === spec.allocateLoadBalancerNodePorts) delete spec.allocateLoadBalancerNodePorts;
    if (old.loadBalancerClass === spec.loadBalancerClass) delete spec.loadBalancerClass;
  }
  if (externallyAccessible(old) && !externallyAccessible(spec) && old.externalTrafficPolicy === spec.externalTrafficPolicy) delete spec.externalTrafficPolicy;
  // The load balancer's status goes with the type: its de-provisioning is the cloud's business.
  const status = obj.status as Any;
  if (spec.type !== 'LoadBalancer' && Object.keys(status?.loadBalancer ?? {}).length) obj.status = { ...status, loadBalancer: {} };
}

/** afterDelete's releaseAllocatedResources: what the removed Service held is free again. */
export function release(obj: KObject, ctx: StrategyContext): void {
  const a = allocators(ctx);
  const held = heldBy(obj);
  const writer = ipAddressWriter(ctx);
  for (const ip of held.ips) { a.ips.delete(ip); writer?.release(intToIP(ip)); }
  for (const p of held.ports) a.ports.delete(p);
}
