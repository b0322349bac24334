/**
 * networking.k8s.io/v1 IPAddress as kube-apiserver v1.35 stores it once a client writes one (until then
 * bootstrap/system-views-impl.ts computes one per ClusterIP, which is what the store holds from then on), with the
 * MultiCIDRServiceAllocator (GA in v1.33):
 *  - validation (pkg/apis/networking/validation ValidateIPAddress, ValidateIPAddressUpdate): the name is an IP
 *    address in canonical form (IsValidIP), spec.parentRef is required (resource and name; group a DNS subdomain,
 *    the rest path segments) and immutable;
 *  - the ClusterIP allocator's objects (pkg/registry/core/service/ipallocator/ipallocator.go): allocating an address
 *    creates its IPAddress, releasing one deletes it, and an address is free exactly when it has none, so an
 *    IPAddress a user creates reserves its address (allocators.ts reads them through IPADDRESS_WRITER_STATE);
 *  - kube-apiserver's repair loop (pkg/registry/core/service/ipallocator/controller/repairip.go).
 */
import { field, type FieldError } from '../errors.js';
import type { APIServer } from '../apiserver.js';
import { Client } from '../client.js';
import type { KObject } from '../meta.js';
import { registerStrategy } from '../strategy.js';
import { FIELD_IMMUTABLE, isDNS1123Subdomain, isValidPathSegmentName, validateObjectMeta, validateObjectMetaUpdate } from '../validation/names.js';
import { EventsRecorder } from '../../scheduler/events.js';
import { SCHEDULER_HOST } from '../../scheduler/scheduler.js';
import { isIPv4MappedWords, netIPText, parseIPSloppy } from '../../util/cidr.js';
import { ipToInt, isIPv4 } from '../../util/ipv4.js';
import { ALLOCATORS_STATE } from './services.js';
import { IPADDRESS_WRITER_STATE, rangeHolds, serviceRanges, type Allocators, type IPAddressWriter } from './allocators.js';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export const IPADDRESSES = 'ipaddresses.networking.k8s.io';
export const LABEL_IP_FAMILY = 'ipaddress.kubernetes.io/ip-family';
export const LABEL_MANAGED_BY = 'ipaddress.kubernetes.io/managed-by';
/** ipallocator.ControllerName: the managed-by label of the allocator's IPAddresses. */
export const IPALLOCATOR = 'ipallocator.k8s.io';
/** repairip.go: an IPAddress whose Service is missing is deleted once it is older than this (the request timeout). */
export const LEAK_GRACE_PERIOD_MS = 60_000;
/** kube-apiserver's repairLoopInterval (pkg/controlplane/instance.go): the informers' resync period. */
export const REPAIR_INTERVAL_MS = 3 * 60_000;
const REPAIR_CONTROLLER = 'ipallocator-repair-controller';

// ---------- validation ----------

/** ValidateIPAddressName: validation.IsValidIP's texts (strict, canonical). */
export function ipAddressNameErrors(name: string): string[] {
  const ip = parseIPSloppy(name);
  if (!ip) return ['must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'];
  const errs: string[] = [];
  if (!ip.strict) errs.push('must not have leading 0s');
  if (ip.family === 6 && isIPv4MappedWords(ip.words)) errs.push('must not be an IPv4-mapped IPv6 address');
  if (errs.length) return errs;
  const canonical = netIPText(ip.words);
  return canonical === name ? [] : [`must be in canonical form (${JSON.stringify(canonical)})`];
}

/** validateIPAddressParentReference. */
function validateParentRef(ref: Any | undefined | null): FieldError[] {
  const path = 'spec.parentRef';
  if (ref == null) return [field.required(path, '')];
  const errs: FieldError[] = [];
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  const group = str(ref.group);
  // The core group used by Services is the empty value, so group is not required.
  if (group) for (const m of isDNS1123Subdomain(group)) errs.push(field.invalid(`${path}.group`, group, m));
  for (const key of ['resource', 'name'] as const) {
    const v = str(ref[key]);
    if (!v) errs.push(field.required(`${path}.${key}`, ''));
    else for (const m of isValidPathSegmentName(v)) errs.push(field.invalid(`${path}.${key}`, v, m));
  }
  const ns = str(ref.namespace);
  if (ns) for (const m of isValidPathSegmentName(ns)) errs.push(field.invalid(`${path}.namespace`, ns, m));
  return errs;
}

const parentRefOf = (o: KObject): Any | undefined => (o as Any).spec?.parentRef ?? undefined;

export function validateIPAddress(obj: KObject): FieldError[] {
  return [...validateObjectMeta(obj, false, ipAddressNameErrors), ...validateParentRef(parentRefOf(obj))];
}

/** field.Invalid's value for the internal *ParentReference, json.Marshal'd: its fields have no json tags. */
const internalRef = (ref: Any | undefined) => (ref ? { Group: ref.group ?? '', Resource: ref.resource ?? '', Namespace: ref.namespace ?? '', Name: ref.name ?? '' } : null);

/** The strategy's ValidateUpdate: ValidateIPAddress, then ValidateIPAddressUpdate (parentRef immutable). */
export function validateIPAddressUpdate(obj: KObject, old: KObject): FieldError[] {
  const errs = [...validateIPAddress(obj), ...validateObjectMetaUpdate(obj, old)];
  const a = JSON.stringify(internalRef(parentRefOf(obj)));
  // The struct's fields in their declared order (field.invalid would sort them as a map's keys).
  if (a !== JSON.stringify(internalRef(parentRefOf(old)))) errs.push({ ...field.invalid('spec.parentRef', null, FIELD_IMMUTABLE), value: a });
  return errs;
}

export function registerIPAddresses(): void {
  registerStrategy(IPADDRESSES, { validate: validateIPAddress, validateUpdate: validateIPAddressUpdate });
}

// ---------- the allocator's IPAddresses ----------

const familyOf = (ip: string) => (ip.includes(':') ? 'IPv6' : 'IPv4');

/** ipallocator.go createIPAddress / repairip.go newIPAddress: the address's IPAddress, its Service as parent. */
export function ipAddressFor(ip: string, svc: KObject): KObject {
  return {
    apiVersion: 'networking.k8s.io/v1', kind: 'IPAddress',
    metadata: { name: ip, labels: { [LABEL_IP_FAMILY]: familyOf(ip), [LABEL_MANAGED_BY]: IPALLOCATOR } },
    // serviceToRef: the core group is "", which the json tag's omitempty leaves out.
    spec: { parentRef: { resource: 'services', namespace: svc.metadata.namespace, name: svc.metadata.name } },
  } as KObject;
}

/**
 * From the adoption of IPAddresses on: the allocators' set of addresses is the stored IPAddresses' (a user's create
 * or delete changes it), and the Service registry's allocations and releases write them as kube-apiserver does.
 */
export function installIPAddressWriter(api: APIServer): void {
  const writer: IPAddressWriter = {
    allocate(ip, svc) {
      try {
        api.create(IPADDRESSES, undefined, ipAddressFor(ip, svc), { fieldManager: 'kube-apiserver', typed: true });
        return true;
      } catch {
        return false; // AlreadyExists: ErrAllocated
      }
    },
    release(ip) {
      try { api.delete(IPADDRESSES, undefined, ip); } catch { /* Release ignores the error */ }
    },
    *allocated() {
      for (const o of api.store.bucket(IPADDRESSES).values()) if (isIPv4(o.metadata.name ?? '')) yield ipToInt(o.metadata.name!);
    },
  };
  api.state.set(IPADDRESS_WRITER_STATE, writer);
  // Rebuilt from the IPAddresses when next needed, then kept in step with them.
  api.state.delete(ALLOCATORS_STATE);
  api.store.onChange((e) => {
    if (e.resource !== IPADDRESSES || e.type === 'MODIFIED') return;
    const a = api.state.get(ALLOCATORS_STATE) as Allocators | undefined;
    const name = e.object.metadata.name ?? '';
    if (!a || !isIPv4(name)) return;
    if (e.type === 'ADDED') a.ips.add(ipToInt(name));
    else a.ips.delete(ipToInt(name));
  });
}

// ---------- kube-apiserver's repair loop ----------

/** The ClusterIPs the repair loop checks: none for a headless or ExternalName Service (helper.IsServiceIPSet). */
function clusterIPsOf(svc: KObject): string[] {
  const spec = (svc.spec ?? {}) as Any;
  if (!spec.clusterIP || spec.clusterIP === 'None') return [];
  return (spec.clusterIPs ?? [spec.clusterIP]) as string[];
}

/** Go's %v of a *ParentReference: &{group resource namespace name}. */
const refText = (ref: Any | undefined) => (ref ? `&{${ref.group ?? ''} ${ref.resource ?? ''} ${ref.namespace ?? ''} ${ref.name ?? ''}}` : '<nil>');

/**
 * RepairIPAddress: a Service's ClusterIP without its IPAddress gets one (event ClusterIPNotAllocated), one held by
 * another parent is recreated for the Service when that parent is gone; an IPAddress of the allocator's whose Service
 * is gone is deleted once it is a minute old (event IPAddressNotAllocated), one its Service no longer holds is deleted
 * (IPAddressWrongReference). Handlers queue each change (the workers take them at once); the informers' resync queues
 * everything every 3 minutes from the server's start. Events go through events.k8s.io/v1 as the
 * ipallocator-repair-controller. Runs while kube-apiserver and etcd do.
 */
export function startIPAddressRepair(api: APIServer, up: () => boolean, startedAt: number): void {
  const client = new Client({ apiserver: api, apiserverUp: up }, 'kube-apiserver');
  const recorder = new EventsRecorder(client, api.clock, REPAIR_CONTROLLER, `${REPAIR_CONTROLLER}-${SCHEDULER_HOST}`);
  recorder.start();
  const write = (fn: () => void) => { try { fn(); } catch { /* retried at the next change or resync */ } };
  const create = (ip: string, svc: KObject) => write(() => api.create(IPADDRESSES, undefined, ipAddressFor(ip, svc), { fieldManager: 'kube-apiserver', typed: true }));
  const remove = (name: string) => write(() => api.delete(IPADDRESSES, undefined, name));
  const service = (ns: string | undefined, name: string | undefined) => (ns && name ? api.tryGet('services', ns, name) : undefined);

  const syncService = (ns: string, name: string) => {
    const svc = service(ns, name);
    if (!svc) return;
    const ranges = serviceRanges({ listAll: (r) => api.store.bucket(r).values(), state: api.state });
    for (const text of clusterIPsOf(svc)) {
      const parsed = parseIPSloppy(text);
      if (!parsed) continue; // validated when written
      const ip = netIPText(parsed.words);
      const family = parsed.family === 4 || isIPv4MappedWords(parsed.words) ? 'IPv4' : 'IPv6';
      // isIPOutOfRange: no ServiceCIDR holds it (this single-stack cluster's ranges are IPv4).
      if (family === 'IPv6' || !ranges.some((r) => rangeHolds(r, ipToInt(ip)))) {
        recorder.eventf(svc, 'Warning', 'ClusterIPOutOfRange', 'ClusterIPAllocation', `Cluster IP [${family}]: ${ip} is not within any configured Service CIDR; please recreate service`);
        continue;
      }
      const held = api.tryGet(IPADDRESSES, undefined, ip);
      if (!held) {
        recorder.eventf(svc, 'Warning', 'ClusterIPNotAllocated', 'ClusterIPAllocation', `Cluster IP [${family}]: ${ip} is not allocated; repairing`);
        create(ip, svc);
        continue;
      }
      const ref = parentRefOf(held) ?? {};
      const recreate = () => { remove(ip); create(ip, svc); };
      const wrongReference = `the ClusterIP [${family}]: ${ip} for Service ${ns}/${name} has a wrong reference; repairing`;
      if ((ref.group ?? '') !== '' || ref.resource !== 'services') {
        recorder.eventf(svc, 'Warning', 'ClusterIPNotAllocated', 'ClusterIPAllocation', wrongReference);
        recreate();
        continue;
      }
      if (ref.namespace !== ns || ref.name !== name) {
        const other = service(ref.namespace, ref.name);
        if (!other) {
          recorder.eventf(svc, 'Warning', 'ClusterIPNotAllocated', 'ClusterIPAllocation', wrongReference);
          recreate();
          continue;
        }
        if (clusterIPsOf(other).includes(ip)) {
          recorder.eventf(svc, 'Warning', 'ClusterIPAlreadyAllocated', 'ClusterIPAllocation', `Cluster IP [${family}]:${ip} was assigned to multiple services; please recreate service`);
        }
      }
      // verifyIPAddressLabels: the family's label and the allocator's.
      const labels = held.metadata.labels ?? {};
      if (labels[LABEL_IP_FAMILY] !== familyOf(held.metadata.name ?? '') || labels[LABEL_MANAGED_BY] !== IPALLOCATOR) recreate();
    }
  };

  const timers = new Map<string, number>();
  const syncIPAddress = (name: string) => {
    const ip = api.tryGet(IPADDRESSES, undefined, name);
    if (!ip || ip.metadata.labels?.[LABEL_MANAGED_BY] !== IPALLOCATOR) return;
    const ref = parentRefOf(ip) ?? {};
    if ((ref.group ?? '') !== '' || ref.resource !== 'services') {
      recorder.eventf(ip, 'Warning', 'IPAddressNotAllocated', 'IPAddressAllocation', `IPAddress ${name} appears to have been modified, not referencing a Service ${refText(parentRefOf(ip))}: cleaning up`);
      remove(name);
      return;
    }
    const svc = service(ref.namespace, ref.name);
    if (!svc) {
      const lifetime = api.clock.now() - Date.parse(ip.metadata.creationTimestamp ?? '');
      if (lifetime > LEAK_GRACE_PERIOD_MS) {
        recorder.eventf(ip, 'Warning', 'IPAddressNotAllocated', 'IPAddressAllocation', `IPAddress: ${name} for Service ${ref.namespace ?? ''}/${ref.name ?? ''} appears to have leaked: cleaning up`);
        remove(name);
      } else if (!timers.has(name)) {
        // AddAfter(key, gracePeriod - lifetime): looked at again once the minute is up.
        timers.set(name, api.clock.schedule(LEAK_GRACE_PERIOD_MS - lifetime + 1, () => { timers.delete(name); queue('ip', name); }, { daemon: true }));
      }
      return;
    }
    if (clusterIPsOf(svc).includes(name)) return;
    recorder.eventf(ip, 'Warning', 'IPAddressWrongReference', 'IPAddressAllocation', `IPAddress: ${name} for Service ${svc.metadata.namespace}/${svc.metadata.name} has a wrong reference; cleaning up`);
    remove(name);
  };

  // The two work queues: a key waiting is not queued again; the workers take the queue in the same instant.
  const pending = new Set<string>();
  const queue = (kind: 'svc' | 'ip', key: string) => {
    const k = `${kind}\u0000${key}`;
    if (pending.has(k)) return;
    pending.add(k);
    api.clock.schedule(0, () => {
      pending.delete(k);
      if (!up()) return;
      if (kind === 'ip') syncIPAddress(key);
      else {
        const slash = key.indexOf('/');
        syncService(key.slice(0, slash), key.slice(slash + 1));
      }
    });
  };
  api.store.onChange((e) => {
    if (e.resource === 'services') queue('svc', `${e.object.metadata.namespace}/${e.object.metadata.name}`);
    else if (e.resource === IPADDRESSES) queue('ip', e.object.metadata.name ?? '');
  });
  const resync = () => {
    for (const s of api.store.bucket('services').values()) queue('svc', `${s.metadata.namespace}/${s.metadata.name}`);
    for (const ip of api.store.bucket(IPADDRESSES).values()) queue('ip', ip.metadata.name ?? '');
  };
  const sinceStart = (api.clock.now() - startedAt) % REPAIR_INTERVAL_MS;
  api.clock.every(REPAIR_INTERVAL_MS, resync, { firstDelayMs: REPAIR_INTERVAL_MS - sinceStart });
}

