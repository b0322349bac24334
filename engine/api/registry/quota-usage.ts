/**
 * What an object costs against a ResourceQuota (pkg/quota/v1/evaluator/core
 * and k8s.io/apiserver/pkg/quota/v1, release-1.35): the pod evaluator (pods,
 * cpu, memory, requests.*, limits.*, count/pods), the service evaluator
 * (services, services.nodeports, services.loadbalancers), the claim evaluator
 * (persistentvolumeclaims, requests.storage, each by storage class too) and the
 * object count evaluators (configmaps, secrets, ..., count/<resource>.<group>).
 * Shared by the quota admission plugin and the resource quota controller;
 * loaded on first use.
 */
import type { KObject } from '../meta.js';
import { formatQuantity, parseQuantityExact, type ParsedQuantity } from '../validation/quantity.js';
import { parseTime } from '../../util/time.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

export type ResourceList = Map<string, ParsedQuantity>;

const ONE: ParsedQuantity = Object.freeze({ milli: 1000n, format: 'DecimalSI' });
const ZERO: ParsedQuantity = Object.freeze({ milli: 0n, format: 'DecimalSI' });

/** The legacy object count names (ResourceConfigMaps...) beside count/<resource>. */
const LEGACY_COUNT: Record<string, string> = {
  configmaps: 'configmaps', secrets: 'secrets', resourcequotas: 'resourcequotas', replicationcontrollers: 'replicationcontrollers',
};
const POD_RESOURCES = new Set(['count/pods', 'cpu', 'memory', 'ephemeral-storage', 'requests.cpu', 'requests.memory', 'requests.ephemeral-storage', 'limits.cpu', 'limits.memory', 'limits.ephemeral-storage', 'pods']);
const SERVICE_RESOURCES = new Set(['count/services', 'services', 'services.nodeports', 'services.loadbalancers']);
/** The resources whose quota requires every container to state them (the pod evaluator's validationSet). */
const VALIDATION_SET = ['cpu', 'memory', 'requests.cpu', 'requests.memory', 'limits.cpu', 'limits.memory'];

export function quantity(v: unknown): ParsedQuantity {
  return parseQuantityExact(v) ?? ZERO;
}

export function toList(m: unknown): ResourceList {
  const out: ResourceList = new Map();
  if (m && typeof m === 'object') for (const [k, v] of Object.entries(m)) out.set(k, quantity(v));
  return out;
}

export function fromList(l: ResourceList): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of [...l.keys()].sort()) out[k] = formatQuantity(l.get(k)!);
  return out;
}

/** quota.Add: the sum keeps the first operand's format. */
export function add(a: ResourceList, b: ResourceList): ResourceList {
  const out: ResourceList = new Map(a);
  for (const [k, v] of b) {
    const cur = out.get(k);
    // Quantity.Add: a zero takes the other's format.
    out.set(k, cur ? { milli: cur.milli + v.milli, format: cur.milli === 0n ? v.format : cur.format } : v);
  }
  return out;
}

/** quota.SubtractWithNonNegativeResult: what a has beyond b, never below zero. */
export function subtractNonNegative(a: ResourceList, b: ResourceList): ResourceList {
  const out: ResourceList = new Map();
  for (const [k, v] of a) {
    const d = v.milli - (b.get(k)?.milli ?? 0n);
    out.set(k, d > 0n ? { milli: d, format: v.format } : ZERO);
  }
  return out;
}

export function mask(l: ResourceList, names: Iterable<string>): ResourceList {
  const out: ResourceList = new Map();
  for (const n of names) { const v = l.get(n); if (v) out.set(n, v); }
  return out;
}

/** quota.LessThanOrEqual: the names in a that exceed b (a name b lacks is not limited). */
export function exceeded(a: ResourceList, b: ResourceList): string[] {
  const out: string[] = [];
  for (const [k, v] of a) { const limit = b.get(k); if (limit && v.milli > limit.milli) out.push(k); }
  return out;
}

export function isZero(l: ResourceList): boolean {
  for (const v of l.values()) if (v.milli !== 0n) return false;
  return true;
}

export function sameList(a: ResourceList, b: ResourceList): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (b.get(k)?.milli !== v.milli) return false;
  return true;
}

/** prettyPrint: "a=1,b=2" sorted by name. */
export function prettyPrint(l: ResourceList): string {
  return [...l.keys()].sort().map((k) => `${k}=${formatQuantity(l.get(k)!)}`).join(',');
}

// ---------- pods ----------

function addInto(into: ResourceList, m: unknown): void {
  if (!m || typeof m !== 'object') return;
  for (const [k, v] of Object.entries(m)) {
    const q = quantity(v);
    const cur = into.get(k);
    into.set(k, cur ? { milli: cur.milli + q.milli, format: cur.milli === 0n ? q.format : cur.format } : q);
  }
}

function maxInto(into: ResourceList, l: ResourceList): void {
  for (const [k, v] of l) { const cur = into.get(k); if (!cur || v.milli > cur.milli) into.set(k, v); }
}

/** resourcehelper.PodRequests / PodLimits: containers summed, init containers at their peak (sidecars add up), plus overhead. */
export function podResources(spec: Any, which: 'requests' | 'limits'): ResourceList {
  const out: ResourceList = new Map();
  for (const c of spec?.containers ?? []) addInto(out, c?.resources?.[which]);
  const sidecars: ResourceList = new Map();
  const initPeak: ResourceList = new Map();
  for (const c of spec?.initContainers ?? []) {
    const own: ResourceList = new Map();
    addInto(own, c?.resources?.[which]);
    if (c?.restartPolicy === 'Always') {
      addInto(out, c?.resources?.[which]);
      for (const [k, v] of own) sidecars.set(k, { milli: (sidecars.get(k)?.milli ?? 0n) + v.milli, format: v.format });
      maxInto(initPeak, sidecars);
    } else {
      maxInto(initPeak, add(own, sidecars));
    }
  }
  maxInto(out, initPeak);
  if (spec?.overhead) addInto(out, spec.overhead);
  return out;
}

/** podComputeUsageHelper: what a container's (or a pod's) requests and limits count for. */
export function computeUsage(requests: ResourceList, limits: ResourceList): ResourceList {
  const out: ResourceList = new Map([['pods', ONE]]);
  for (const r of ['cpu', 'memory', 'ephemeral-storage']) {
    const req = requests.get(r);
    if (req) { out.set(r, req); out.set(`requests.${r}`, req); }
    const lim = limits.get(r);
    if (lim) out.set(`limits.${r}`, lim);
  }
  for (const [k, v] of requests) {
    if (k.startsWith('hugepages-')) { out.set(k, v); out.set(`requests.${k}`, v); }
    else if (k.includes('/') && !k.includes('kubernetes.io/') && !k.startsWith('requests.')) out.set(`requests.${k}`, v);
  }
  return out;
}

/** QuotaV1Pod: a finished pod, or one past its deletion grace period, no longer holds compute quota. */
export function podHoldsQuota(pod: KObject, now: number): boolean {
  const phase = (pod.status as Any)?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') return false;
  const deleting = pod.metadata.deletionTimestamp;
  if (deleting && pod.metadata.deletionGracePeriodSeconds !== undefined) {
    const at = parseTime(deleting);
    if (at !== undefined && now > at + pod.metadata.deletionGracePeriodSeconds * 1000) return false;
  }
  return true;
}

export function podUsage(pod: KObject, now: number): ResourceList {
  const out: ResourceList = new Map([['count/pods', ONE]]);
  if (!podHoldsQuota(pod, now)) return out;
  const spec = pod.spec as Any;
  return add(out, computeUsage(podResources(spec, 'requests'), podResources(spec, 'limits')));
}

/** The pod evaluator's Constraints: a quota on cpu or memory needs every container to state it. */
export function podConstraintsError(pod: KObject, required: Iterable<string>): string | undefined {
  const need = VALIDATION_SET.filter((r) => [...required].includes(r));
  if (!need.length) return undefined;
  const missing = new Map<string, Set<string>>();
  const spec = pod.spec as Any;
  for (const c of [...(spec?.containers ?? []), ...(spec?.initContainers ?? [])]) {
    const have = computeUsage(toList(c?.resources?.requests), toList(c?.resources?.limits));
    for (const r of need) if (!have.has(r)) (missing.get(r) ?? missing.set(r, new Set()).get(r)!).add(c?.name ?? '');
  }
  if (!missing.size) return undefined;
  const parts = [...missing.keys()].sort().map((r) => `${r} for: ${[...missing.get(r)!].sort().join(',')}`);
  return `must specify ${parts.join('; ')}`;
}

// ---------- persistent volume claims ----------

/** <storage-class>.storageclass.storage.k8s.io/<resource>: a claim resource counted for one class. */
const STORAGE_CLASS_SUFFIX = '.storageclass.storage.k8s.io/';
const CLAIM_RESOURCES = ['persistentvolumeclaims', 'requests.storage'];

function isClaimResource(name: string): boolean {
  return name === 'count/persistentvolumeclaims' || CLAIM_RESOURCES.includes(name) || CLAIM_RESOURCES.some((r) => name.endsWith(STORAGE_CLASS_SUFFIX + r));
}

/** storagehelpers.GetPersistentVolumeClaimClass: the beta annotation wins over spec.storageClassName. */
function claimClass(pvc: KObject): string {
  const beta = pvc.metadata.annotations?.['volume.beta.kubernetes.io/storage-class'];
  if (beta !== undefined) return beta;
  return (pvc.spec as Any)?.storageClassName ?? '';
}

/** Quantity.RoundUp(0): storage counts in whole bytes (issue 94313). */
function wholeUnits(q: ParsedQuantity): ParsedQuantity {
  const rest = q.milli % 1000n;
  return rest === 0n ? q : { milli: q.milli - rest + (q.milli > 0n ? 1000n : 0n), format: q.format };
}

/** getStorageUsage: the claim's request, or what was allocated to it when that is more (an expansion under way). */
function claimStorage(pvc: KObject): ParsedQuantity | undefined {
  const requested = (pvc.spec as Any)?.resources?.requests?.storage;
  let out = requested === undefined ? undefined : wholeUnits(quantity(requested));
  const allocated = (pvc.status as Any)?.allocatedResources?.storage;
  if (out && allocated !== undefined) {
    const a = quantity(allocated);
    if (a.milli > out.milli) out = wholeUnits(a);
  }
  return out;
}

export function claimUsage(pvc: KObject): ResourceList {
  const out: ResourceList = new Map([['persistentvolumeclaims', ONE], ['count/persistentvolumeclaims', ONE]]);
  const cls = claimClass(pvc);
  if (cls) out.set(cls + STORAGE_CLASS_SUFFIX + 'persistentvolumeclaims', ONE);
  const storage = claimStorage(pvc);
  if (storage) {
    out.set('requests.storage', storage);
    if (cls) out.set(cls + STORAGE_CLASS_SUFFIX + 'requests.storage', storage);
  }
  return out;
}

/** The VolumeAttributesClasses a claim names: its spec's, its status's current one, and the target of a modification. */
function claimAttributesClasses(pvc: KObject): Set<string> {
  const out = new Set<string>();
  const spec = pvc.spec as Any;
  const status = pvc.status as Any;
  for (const n of [spec?.volumeAttributesClassName, status?.currentVolumeAttributesClassName, status?.modifyVolumeStatus?.targetVolumeAttributesClassName]) if (n) out.add(n);
  return out;
}

/** pvcMatchesScopeFunc: a VolumeAttributesClass scope is a selector on the classes the claim names (none: an empty label set). */
function claimMatchesScope(pvc: KObject, s: { operator: string; values?: string[] }): boolean {
  const names = claimAttributesClasses(pvc);
  const values = s.values ?? [];
  const one = (name: string | undefined): boolean => {
    switch (s.operator) {
      case 'Exists': return name !== undefined;
      case 'DoesNotExist': return name === undefined;
      case 'In': return name !== undefined && values.includes(name);
      case 'NotIn': return name === undefined || !values.includes(name);
      default: return false;
    }
  };
  return names.size ? [...names].some(one) : one(undefined);
}

// ---------- any resource ----------

function countName(resourceKey: string): string {
  return `count/${resourceKey}`;
}

/** The resource whose evaluator counts a quota name, or undefined for one no evaluator counts. */
export function countedResource(name: string): string | undefined {
  if (POD_RESOURCES.has(name) || name.startsWith('hugepages-') || name.startsWith('requests.hugepages-') || (name.startsWith('requests.') && name.includes('/') && !name.includes('kubernetes.io/'))) return 'pods';
  if (SERVICE_RESOURCES.has(name)) return 'services';
  if (isClaimResource(name)) return 'persistentvolumeclaims';
  if (Object.hasOwn(LEGACY_COUNT, name)) return name;
  if (name.startsWith('count/')) return name.slice('count/'.length);
  return undefined;
}

/** The evaluator's MatchingResources: which of a quota's names an object of this resource can use. */
export function matchingResources(resourceKey: string, names: Iterable<string>): string[] {
  const out: string[] = [];
  for (const n of names) {
    if (resourceKey === 'pods') {
      if (POD_RESOURCES.has(n) || n.startsWith('hugepages-') || n.startsWith('requests.hugepages-') || (n.startsWith('requests.') && n.includes('/') && !n.includes('kubernetes.io/'))) out.push(n);
    } else if (resourceKey === 'services') {
      if (SERVICE_RESOURCES.has(n)) out.push(n);
    } else if (resourceKey === 'persistentvolumeclaims') {
      if (isClaimResource(n)) out.push(n);
    } else if (n === countName(resourceKey) || (LEGACY_COUNT[resourceKey] && n === LEGACY_COUNT[resourceKey])) out.push(n);
  }
  return out;
}

export function usage(resourceKey: string, obj: KObject, now: number): ResourceList {
  if (resourceKey === 'pods') return podUsage(obj, now);
  if (resourceKey === 'persistentvolumeclaims') return claimUsage(obj);
  const out: ResourceList = new Map([[countName(resourceKey), ONE]]);
  if (LEGACY_COUNT[resourceKey]) out.set(LEGACY_COUNT[resourceKey], ONE);
  if (resourceKey === 'services') {
    const spec = obj.spec as Any;
    out.set('services', ONE);
    const type = spec?.type ?? 'ClusterIP';
    const ports = (spec?.ports ?? []) as Any[];
    const nodePorts = type === 'NodePort' || (type === 'LoadBalancer' && spec?.allocateLoadBalancerNodePorts !== false) ? ports.length : 0;
    out.set('services.nodeports', { milli: BigInt(nodePorts) * 1000n, format: 'DecimalSI' });
    out.set('services.loadbalancers', type === 'LoadBalancer' ? ONE : ZERO);
  }
  return out;
}

/** Whether a quota's scopes (and scopeSelector) take in this object: only pods match scoped quotas. */
export function scopesMatch(quota: KObject, resourceKey: string, obj: KObject): boolean {
  const spec = quota.spec as Any;
  const selectors: { scopeName: string; operator: string; values?: string[] }[] = [
    ...((spec?.scopes ?? []) as string[]).map((s) => ({ scopeName: s, operator: 'Exists' })),
    ...((spec?.scopeSelector?.matchExpressions ?? []) as Any[]),
  ];
  if (!selectors.length) return true;
  if (resourceKey === 'persistentvolumeclaims') return selectors.every((s) => s.scopeName === 'VolumeAttributesClass' && claimMatchesScope(obj, s));
  if (resourceKey !== 'pods') return false;
  const pod = obj.spec as Any;
  const bestEffort = podResources(pod, 'requests').size === 0 && podResources(pod, 'limits').size === 0;
  const terminating = pod?.activeDeadlineSeconds != null && pod.activeDeadlineSeconds >= 0;
  return selectors.every((s) => {
    switch (s.scopeName) {
      case 'Terminating': return terminating;
      case 'NotTerminating': return !terminating;
      case 'BestEffort': return bestEffort;
      case 'NotBestEffort': return !bestEffort;
      case 'PriorityClass': {
        const name = pod?.priorityClassName ?? '';
        if (s.operator === 'Exists') return name !== '';
        if (s.operator === 'DoesNotExist') return name === '';
        const inValues = !!name && (s.values ?? []).includes(name);
        return s.operator === 'In' ? inValues : !inValues;
      }
      case 'CrossNamespacePodAffinity': {
        const terms = [...(pod?.affinity?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []), ...(pod?.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []),
          ...(pod?.affinity?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []).map((w: Any) => w.podAffinityTerm), ...(pod?.affinity?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []).map((w: Any) => w.podAffinityTerm)];
        return terms.some((t: Any) => t?.namespaces?.length || t?.namespaceSelector);
      }
      default: return false;
    }
  });
}
