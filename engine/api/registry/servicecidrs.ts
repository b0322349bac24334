/**
 * networking.k8s.io/v1 ServiceCIDR as kube-apiserver stores it once a client writes one (until then
 * bootstrap/system-views-impl.ts computes the default `kubernetes` one), release-1.35:
 *  - validation (pkg/apis/networking/validation ValidateServiceCIDR, ValidateServiceCIDRUpdate: up to two CIDRs, one
 *    per family, each a strict canonical CIDR; the CIDRs immutable but for a single-stack one becoming dual-stack);
 *  - the strategy (pkg/registry/networking/servicecidr: status through its subresource, and, in v1.35, also as sent
 *    with the main resource);
 *  - kube-controller-manager's servicecidrs controller (pkg/controller/servicecidrs): the protection finalizer, the
 *    Ready condition, and a deletion held while an allocated address would be left outside every ServiceCIDR, then
 *    released 10 s after the deletion started.
 * The Service registry's allocators (allocators.ts) read the stored ServiceCIDRs from then on.
 */
import { field, type FieldError } from '../errors.js';
import type { APIServer } from '../apiserver.js';
import type { KObject } from '../meta.js';
import { registerStrategy } from '../strategy.js';
import { FIELD_IMMUTABLE, nameIsDNSSubdomain, validateObjectMeta, validateObjectMetaUpdate } from '../validation/names.js';
import { rfc3339 } from '../../util/time.js';
import { ipToInt, isIPv4 } from '../../util/ipv4.js';
import { ipNetText, isIPv4MappedWords, maskedWords, parseCIDRSloppy } from '../../util/cidr.js';
import { ipAddressWriter, parseIPv4CIDR, SERVICE_CIDRS } from './allocators.js';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export const SERVICE_CIDR_FINALIZER = 'networking.k8s.io/service-cidr-finalizer';
/** servicecidrs_controller.go: how long after a deletion starts the finalizer stays, for the allocators to stop using it. */
export const DELETION_GRACE_PERIOD_MS = 10_000;
export const READY_MESSAGE = 'Kubernetes Service CIDR is ready';
export const TERMINATING_MESSAGE = 'There are still IPAddresses referencing the ServiceCIDR, please remove them or create a new ServiceCIDR';

// ---------- CIDR values (k8s.io/apimachinery/pkg/util/validation/ip.go) ----------

/** IsValidCIDR: a strict, masked, canonical CIDR value. */
export function isValidCIDR(path: string, value: string): FieldError[] {
  const c = parseCIDRSloppy(value);
  if (!c) return [field.invalid(path, value, 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)')];
  if (!c.strict) return [field.invalid(path, value, 'must not have leading 0s in IP or prefix length')];
  if (c.family === 6 && isIPv4MappedWords(c.words)) return [field.invalid(path, value, 'must not have an IPv4-mapped IPv6 address')];
  if (maskedWords(c).some((w, i) => w !== c.words[i])) return [field.invalid(path, value, 'must not have bits set beyond the prefix length')];
  const canonical = ipNetText(c);
  return value === canonical ? [] : [field.invalid(path, value, `must be in canonical form (${JSON.stringify(canonical)})`)];
}

// ---------- validation ----------

/** field.Invalid's value for the internal ServiceCIDRSpec, json.Marshal'd: its field has no json tag. */
const specValue = (cidrs: unknown) => ({ CIDRs: cidrs });

function validateServiceCIDRSpec(cidrs: string[]): FieldError[] {
  const path = 'spec.cidrs';
  if (!cidrs.length) return [field.required(path, 'at least one CIDR required')];
  if (cidrs.length > 2) return [field.invalid(path, specValue(cidrs), 'may only hold up to 2 values')];
  if (cidrs.length === 2) {
    // IsDualStackCIDRStrings: both parse, one of each family.
    // netutils.IsIPv6 of each network: an IPv4-mapped one counts as IPv4.
    const [a, b] = cidrs.map((c) => { const p = parseCIDRSloppy(c); return p && !isIPv4MappedWords(maskedWords(p)); });
    if (a === undefined || b === undefined || a === b) return [field.invalid(path, specValue(cidrs), 'may specify no more than one IP for each IP family, i.e 192.168.0.0/24 and 2001:db8::/64')];
  }
  return cidrs.flatMap((c, i) => isValidCIDR(`${path}[${i}]`, c));
}

const cidrsOf = (o: KObject): string[] => (((o as Any).spec?.cidrs ?? []) as string[]);

export function validateServiceCIDR(obj: KObject): FieldError[] {
  return [...validateObjectMeta(obj, false, nameIsDNSSubdomain), ...validateServiceCIDRSpec(cidrsOf(obj))];
}

/** ValidateServiceCIDRUpdate: the CIDRs stay, except that a single-stack one may gain the other family's (issue 131261). */
export function validateServiceCIDRUpdate(obj: KObject, old: KObject): FieldError[] {
  const errs = validateObjectMetaUpdate(obj, old);
  const next = cidrsOf(obj);
  const prev = cidrsOf(old);
  if (next.length === prev.length) {
    prev.forEach((c, i) => { if (c !== next[i]) errs.push(field.invalid(`spec.cidrs[${i}]`, next[i], FIELD_IMMUTABLE)); });
  } else if (prev.length === 1 && next.length === 2) {
    if (next[0] !== prev[0]) errs.push(field.invalid('spec.cidrs[0]', next[0], FIELD_IMMUTABLE));
    errs.push(...validateServiceCIDRSpec(next));
  } else errs.push(field.invalid('spec.cidrs', next, FIELD_IMMUTABLE));
  return errs;
}

/**
 * The status a request sent with the main resource, set aside before the API server's generic handling drops it
 * (create) or puts the stored one back (update), none included (an update without one clears it). v1.35's strategy
 * keeps it: its PrepareForCreate and PrepareForUpdate
 * clear nothing (kubernetes/kubernetes#137680; v1.36 wipes it behind the ServiceCIDRStatusFieldWiping gate).
 */
const sentStatus = new WeakMap<KObject, unknown>();
function keepSentStatus(obj: KObject): void {
  if (!sentStatus.has(obj)) return;
  const status = sentStatus.get(obj) as KObject['status'];
  if (status === undefined) delete obj.status;
  else obj.status = status;
}

export function registerServiceCIDRs(): void {
  registerStrategy(SERVICE_CIDRS, {
    defaults(obj) { sentStatus.set(obj, obj.status); },
    prepareForCreate: keepSentStatus,
    prepareForUpdate: keepSentStatus,
    validate: validateServiceCIDR,
    validateUpdate: validateServiceCIDRUpdate,
    validateStatusUpdate: (o, old) => validateObjectMetaUpdate(o, old),
  });
}

// ---------- kube-controller-manager's servicecidrs controller ----------

interface Prefix { base: number; bits: number }

const ipv4Prefixes = (sc: KObject): Prefix[] => cidrsOf(sc).map(parseIPv4CIDR).filter((p): p is Prefix => !!p);
const size = (p: Prefix) => 2 ** (32 - p.bits);
/** servicecidr.PrefixContainsIP: neither the network nor (IPv4) the broadcast address. */
const holdsAddress = (p: Prefix, ip: number) => ip > p.base && ip < p.base + size(p) - 1;
const holdsPrefix = (outer: Prefix, inner: Prefix) => outer.bits <= inner.bits && inner.base >= outer.base && inner.base < outer.base + size(outer);

/** The allocated addresses: the stored IPAddresses once kube-apiserver stores them, else every IPv4 ClusterIP (one IPAddress each). */
function allocatedAddresses(api: APIServer): number[] {
  const writer = ipAddressWriter(api);
  if (writer) return [...writer.allocated()];
  const out: number[] = [];
  for (const svc of api.store.bucket('services').values()) {
    const spec = (svc.spec ?? {}) as Any;
    for (const ip of (spec.clusterIPs ?? (spec.clusterIP ? [spec.clusterIP] : [])) as string[]) if (isIPv4(ip)) out.push(ipToInt(ip));
  }
  return out;
}

/**
 * canDeleteCIDR: yes when another ServiceCIDR holds each of its CIDRs (so every address in it), else when no
 * allocated address is held by it alone.
 */
function canDelete(sc: KObject, all: KObject[], ips: number[]): boolean {
  const name = sc.metadata.name;
  const mine = ipv4Prefixes(sc);
  const holders = (test: (p: Prefix) => boolean) => all.filter((o) => ipv4Prefixes(o).some(test));
  const hasParent = mine.every((p) => holders((q) => holdsPrefix(q, p)).some((o) => o.metadata.name !== name));
  if (hasParent) return true;
  return !ips.some((ip) => {
    const h = holders((q) => holdsAddress(q, ip));
    return h.length === 1 && h[0].metadata.name === name;
  });
}

/**
 * The controller's sync of every ServiceCIDR: a live one gets the finalizer and Ready=True; a deleted one Ready=False
 * (Terminating) while it holds addresses nothing else does, and loses its finalizer once it can go and the grace
 * period has passed. Writes as kube-controller-manager; only while that runs.
 */
export function startServiceCIDRController(api: APIServer, controllerManagerRunning: () => boolean): void {
  const write = (obj: KObject, status: boolean) => {
    try { api.update(SERVICE_CIDRS, obj, { ...(status ? { subresource: 'status' as const } : {}), fieldManager: 'kube-controller-manager', typed: true }); } catch { /* the next change retries */ }
  };
  const setReady = (sc: KObject, status: 'True' | 'False', reason: string, message: string) => {
    const conditions = (((sc as Any).status?.conditions) ?? []) as Any[];
    const have = conditions.find((c) => c?.type === 'Ready');
    // updateConditionIfNeeded: unchanged status, reason and message write nothing.
    if (have && have.status === status && (have.reason ?? '') === reason && have.message === message) return;
    const next = structuredClone(sc) as Any;
    next.status = { ...(next.status ?? {}), conditions: [...conditions.filter((c) => c?.type !== 'Ready'), { lastTransitionTime: rfc3339(api.clock.now()), message, reason, status, type: 'Ready' }] };
    write(next as KObject, true);
  };
  let waiting = false;
  const sync = () => {
    if (!controllerManagerRunning()) {
      // Its informers list everything when it starts again: look once a second until then.
      if (!waiting) { waiting = true; api.clock.schedule(1000, () => { waiting = false; sync(); }); }
      return;
    }
    const all = [...api.store.bucket(SERVICE_CIDRS).values()];
    const ips = allocatedAddresses(api);
    for (const sc of all) {
      const deleting = sc.metadata.deletionTimestamp;
      if (deleting) {
        if (!canDelete(sc, all, ips)) { setReady(sc, 'False', 'Terminating', TERMINATING_MESSAGE); continue; }
        const wait = Date.parse(deleting) + DELETION_GRACE_PERIOD_MS - api.clock.now();
        if (wait > 0) { api.clock.schedule(wait, sync); continue; }
        if (sc.metadata.finalizers?.includes(SERVICE_CIDR_FINALIZER)) {
          const next = structuredClone(sc);
          next.metadata.finalizers = next.metadata.finalizers!.filter((f) => f !== SERVICE_CIDR_FINALIZER);
          write(next, false);
        }
        continue;
      }
      if (!sc.metadata.finalizers?.includes(SERVICE_CIDR_FINALIZER)) {
        const next = structuredClone(sc);
        next.metadata.finalizers = [...(next.metadata.finalizers ?? []), SERVICE_CIDR_FINALIZER];
        write(next, false);
      }
      const current = api.tryGet(SERVICE_CIDRS, undefined, sc.metadata.name!) ?? sc;
      setReady(current, 'True', '', READY_MESSAGE);
    }
  };
  // The informers' handlers: a ServiceCIDR's or an address's change queues the work, taken as one pass.
  let pending = false;
  api.store.onChange((e) => {
    if (pending || (e.resource !== SERVICE_CIDRS && e.resource !== 'services' && e.resource !== 'ipaddresses.networking.k8s.io')) return;
    pending = true;
    api.clock.schedule(0, () => { pending = false; sync(); });
  });
}

// ---------- kube-apiserver's default-servicecidr controller ----------

export const DEFAULT_SERVICE_CIDR = 'kubernetes';
/** default_servicecidr_controller.go: its sync runs every 10 s (DefaultEndpointReconcilerInterval's period). */
export const DEFAULT_SERVICE_CIDR_INTERVAL_MS = 10_000;
const DEFAULT_READY_MESSAGE = 'Kubernetes default Service CIDR is ready';
const DEFAULT_CONTROLLER = 'kubernetes-service-cidr-controller';

/**
 * kube-apiserver's controller of the `kubernetes` ServiceCIDR (pkg/controlplane/controller/defaultservicecidr): every
 * 10 s from the server's start, it creates the ServiceCIDR of --service-cluster-ip-range when there is none (a deleted
 * one is gone only once kube-controller-manager released its finalizer), and applies Ready=True to its status when the
 * condition is missing or Unknown and the CIDRs are the flag's (a ServiceCIDR being deleted is left to the
 * controller manager). Writes only while kube-apiserver and etcd run.
 */
export function startDefaultServiceCIDRController(api: APIServer, cidr: () => string, up: () => boolean, startedAt: number): void {
  const sync = () => {
    if (!up()) return;
    try {
      let sc = api.tryGet(SERVICE_CIDRS, undefined, DEFAULT_SERVICE_CIDR);
      if (!sc) {
        sc = api.create(SERVICE_CIDRS, undefined, {
          apiVersion: 'networking.k8s.io/v1', kind: 'ServiceCIDR', metadata: { name: DEFAULT_SERVICE_CIDR }, spec: { cidrs: [cidr()] },
        } as KObject, { fieldManager: 'kube-apiserver', typed: true });
      }
      if (sc.metadata.deletionTimestamp) return;
      const cidrs = cidrsOf(sc);
      if (cidrs.length !== 1 || cidrs[0] !== cidr()) return;
      const ready = ((((sc as Any).status?.conditions) ?? []) as Any[]).find((c) => c?.type === 'Ready');
      if (ready && ready.status !== 'Unknown') return;
      api.patch(SERVICE_CIDRS, undefined, DEFAULT_SERVICE_CIDR, 'apply', {
        apiVersion: 'networking.k8s.io/v1', kind: 'ServiceCIDR', metadata: { name: DEFAULT_SERVICE_CIDR },
        status: { conditions: [{ lastTransitionTime: rfc3339(api.clock.now()), message: DEFAULT_READY_MESSAGE, reason: '', status: 'True', type: 'Ready' }] },
      }, { subresource: 'status', fieldManager: DEFAULT_CONTROLLER, force: true });
    } catch {
      // The next pass tries again.
    }
  };
  const sinceStart = (api.clock.now() - startedAt) % DEFAULT_SERVICE_CIDR_INTERVAL_MS;
  api.clock.every(DEFAULT_SERVICE_CIDR_INTERVAL_MS, sync, { firstDelayMs: DEFAULT_SERVICE_CIDR_INTERVAL_MS - sinceStart });
}
