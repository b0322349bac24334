/**
 * The promises Kubernetes makes, written as checks over the store and the
 * recorded history. Independent of the engine's own controllers on purpose:
 * these are the oracle the chaos histories are judged by, so they must not
 * share the code they judge.
 */
import type { KObject } from '../../../engine/api/meta.js';
import { stableStringify } from '../../../engine/api/meta.js';
import type { StoreEvent } from '../../../engine/api/store.js';
import { bytes as quantityBytes, milliCPU } from '../../../engine/util/quantity.js';

type Conditions = { type: string; status: string; reason?: string }[] | undefined;

export const podPhase = (p: KObject) => (p.status as { phase?: string } | undefined)?.phase;
export const nodeNameOf = (p: KObject) => (p.spec as { nodeName?: string } | undefined)?.nodeName;
export const isTerminating = (o: KObject) => !!o.metadata.deletionTimestamp;
/** FilterActivePods: neither finished nor being deleted. */
export const isActive = (p: KObject) => !isTerminating(p) && podPhase(p) !== 'Succeeded' && podPhase(p) !== 'Failed';

export function conditionOf(o: KObject, type: string): { type: string; status: string; reason?: string } | undefined {
  return ((o.status as { conditions?: Conditions } | undefined)?.conditions ?? []).find((c) => c.type === type);
}

export const isPodReady = (p: KObject) => conditionOf(p, 'Ready')?.status === 'True';

/**
 * apps/v1 RollingUpdate fenceposts: maxSurge rounds up, maxUnavailable rounds
 * down, and when both come to 0 one pod may be unavailable (deployment_util
 * ResolveFenceposts). Example: 10 replicas at 25%/25% → surge 3, unavailable 2.
 */
export function fenceposts(maxSurge: number | string | undefined, maxUnavailable: number | string | undefined, replicas: number): { surge: number; unavailable: number } {
  const resolve = (v: number | string | undefined, dflt: string, roundUp: boolean) => {
    const x = v ?? dflt;
    if (typeof x === 'number') return x;
    const pct = Number(x.replace(/%$/, ''));
    const raw = (pct * replicas) / 100;
    return roundUp ? Math.ceil(raw) : Math.floor(raw);
  };
  const surge = resolve(maxSurge, '25%', true);
  let unavailable = resolve(maxUnavailable, '25%', false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable };
}

/** Resources a pod asks the scheduler for: the larger of the sum of its containers and its largest init container. */
export function podRequests(p: KObject): { cpuMilli: number; memory: number } {
  const spec = (p.spec ?? {}) as { containers?: { resources?: { requests?: Record<string, string> } }[]; initContainers?: { resources?: { requests?: Record<string, string> } }[]; overhead?: Record<string, string> };
  const sum = { cpuMilli: 0, memory: 0 };
  for (const c of spec.containers ?? []) {
    const r = c.resources?.requests ?? {};
    if (r.cpu) sum.cpuMilli += milli(r.cpu);
    if (r.memory) sum.memory += bytes(r.memory);
  }
  for (const c of spec.initContainers ?? []) {
    const r = c.resources?.requests ?? {};
    if (r.cpu) sum.cpuMilli = Math.max(sum.cpuMilli, milli(r.cpu));
    if (r.memory) sum.memory = Math.max(sum.memory, bytes(r.memory));
  }
  if (spec.overhead?.cpu) sum.cpuMilli += milli(spec.overhead.cpu);
  if (spec.overhead?.memory) sum.memory += bytes(spec.overhead.memory);
  return sum;
}

const milli = (q: string) => milliCPU(q);
const bytes = (q: string) => quantityBytes(q);

/** Every node whose bound, unfinished pods ask for more than it can allocate. Terminating pods still hold their place. */
export function overcommittedNodes(nodes: Iterable<KObject>, pods: Iterable<KObject>): string[] {
  const used = new Map<string, { cpuMilli: number; memory: number; pods: number }>();
  for (const p of pods) {
    const n = nodeNameOf(p);
    if (!n || podPhase(p) === 'Succeeded' || podPhase(p) === 'Failed') continue;
    const u = used.get(n) ?? { cpuMilli: 0, memory: 0, pods: 0 };
    const r = podRequests(p);
    u.cpuMilli += r.cpuMilli;
    u.memory += r.memory;
    u.pods += 1;
    used.set(n, u);
  }
  const out: string[] = [];
  for (const node of nodes) {
    const alloc = ((node.status ?? {}) as { allocatable?: Record<string, string> }).allocatable;
    const u = used.get(node.metadata.name!);
    if (!alloc || !u) continue;
    if (u.cpuMilli > milli(alloc.cpu ?? '0') || u.memory > bytes(alloc.memory ?? '0') || u.pods > Number(alloc.pods ?? 0)) {
      out.push(`${node.metadata.name}: requests cpu ${u.cpuMilli}m memory ${u.memory} pods ${u.pods} > allocatable ${JSON.stringify(alloc)}`);
    }
  }
  return out;
}

/**
 * Checks one store event against the store-level promises: revisions strictly
 * grow and are stamped on the object, and a pod once bound never moves node.
 * Returns a description of the violation, or undefined.
 */
export function checkStoreEvent(e: StoreEvent, lastRevision: number): string | undefined {
  if (!(e.revision > lastRevision)) return `revision ${e.revision} after ${lastRevision}`;
  if (e.object.metadata.resourceVersion !== String(e.revision)) return `${e.resource} ${e.object.metadata.name}: resourceVersion ${e.object.metadata.resourceVersion} written at revision ${e.revision}`;
  if (e.previous && Number(e.previous.metadata.resourceVersion) >= e.revision) return `${e.resource} ${e.object.metadata.name}: resourceVersion went from ${e.previous.metadata.resourceVersion} to ${e.revision}`;
  if (e.resource === 'pods' && e.previous && e.type === 'MODIFIED') {
    const before = nodeNameOf(e.previous);
    const after = nodeNameOf(e.object);
    if (before && before !== after) return `pod ${e.object.metadata.namespace}/${e.object.metadata.name} moved from node ${before} to ${after}`;
    if (e.previous.metadata.uid !== e.object.metadata.uid) return `pod ${e.object.metadata.name} changed uid`;
  }
  return undefined;
}

const keyOf = (o: KObject) => (o.metadata.namespace ? `${o.metadata.namespace}/${o.metadata.name}` : o.metadata.name!);

/** The contents of `resource` as of `revision` (inclusive), rebuilt from the change history alone. */
export function stateAt(events: readonly StoreEvent[], resource: string, revision = Infinity): Map<string, KObject> {
  const m = new Map<string, KObject>();
  for (const e of events) {
    if (e.revision > revision) break;
    if (e.resource !== resource) continue;
    if (e.type === 'DELETED') m.delete(keyOf(e.object));
    else m.set(keyOf(e.object), e.object);
  }
  return m;
}

/** Differences between two states of one resource, by key; empty when they hold the same objects. */
export function diffStates(a: Map<string, KObject>, b: Map<string, KObject>, limit = 5): string[] {
  const out: string[] = [];
  for (const [k, v] of a) {
    const w = b.get(k);
    if (!w) out.push(`${k} missing`);
    else if (v !== w && stableStringify(v) !== stableStringify(w)) out.push(`${k} differs (rv ${v.metadata.resourceVersion} vs ${w.metadata.resourceVersion})`);
    if (out.length >= limit) return out;
  }
  for (const k of b.keys()) {
    if (!a.has(k)) out.push(`${k} unexpected`);
    if (out.length >= limit) return out;
  }
  return out;
}

/**
 * Endpoints of a Service as the endpoints controller must publish them once
 * settled: ready pods under `addresses`, unready ones under
 * `notReadyAddresses`, terminating pods nowhere. Returns mismatches.
 */
export function endpointsMismatch(endpoints: KObject | undefined, pods: KObject[]): string[] {
  const want = { ready: new Set<string>(), notReady: new Set<string>() };
  for (const p of pods) {
    if (isTerminating(p) || !(p.status as { podIP?: string } | undefined)?.podIP) continue;
    if (podPhase(p) === 'Succeeded' || podPhase(p) === 'Failed') continue;
    (isPodReady(p) ? want.ready : want.notReady).add(p.metadata.name!);
  }
  const got = { ready: new Set<string>(), notReady: new Set<string>() };
  type Addr = { targetRef?: { name?: string } };
  for (const s of ((endpoints as { subsets?: { addresses?: Addr[]; notReadyAddresses?: Addr[] }[] } | undefined)?.subsets ?? [])) {
    for (const a of s.addresses ?? []) got.ready.add(a.targetRef?.name ?? '?');
    for (const a of s.notReadyAddresses ?? []) got.notReady.add(a.targetRef?.name ?? '?');
  }
  const out: string[] = [];
  const cmp = (what: string, w: Set<string>, g: Set<string>) => {
    const a = [...w].sort().join(',');
    const b = [...g].sort().join(',');
    if (a !== b) out.push(`${what}: want [${a}] got [${b}]`);
  };
  cmp('addresses', want.ready, got.ready);
  cmp('notReadyAddresses', want.notReady, got.notReady);
  return out;
}

/** EndpointSlice endpoints marked ready must be exactly the ready, non-terminating pods. */
export function sliceMismatch(slices: KObject[], pods: KObject[]): string[] {
  const want = pods.filter((p) => !isTerminating(p) && isPodReady(p) && (p.status as { podIP?: string } | undefined)?.podIP).map((p) => p.metadata.name!).sort().join(',');
  const got: string[] = [];
  for (const s of slices) {
    for (const e of ((s as { endpoints?: { conditions?: { ready?: boolean }; targetRef?: { name?: string } }[] }).endpoints ?? [])) {
      if (e.conditions?.ready) got.push(e.targetRef?.name ?? '?');
    }
  }
  const g = got.sort().join(',');
  return want === g ? [] : [`ready slice endpoints: want [${want}] got [${g}]`];
}

/** FNV-1a over a string, to compare long histories cheaply. */
export function hashText(h: number, s: string): number {
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/**
 * What each Service's EndpointSlices say, over time: which pods they list as
 * ready, which as serving while terminating, and when a pod stopped being
 * listed. kube-proxy programs its rules from exactly this (at most
 * `MIN_SYNC_PERIOD` after a change), so a request through a Service may reach
 * a pod only if the slices list it as ready, or did until a moment ago; a
 * terminating pod that still serves only when no ready endpoint is left
 * (KEP-1669, kube-proxy's fallback to serving-terminating endpoints).
 */
export class EndpointReadiness {
  private ready = new Map<string, Set<string>>();
  private serving = new Map<string, Set<string>>();
  private readyUntil = new Map<string, number>();
  private servingUntil = new Map<string, number>();
  private lastWithoutReady = new Map<string, number>();

  /** The slices of `service` ("namespace/name") as they are at `now`. */
  observe(service: string, slices: Iterable<KObject>, now: number): void {
    const ready = new Set<string>();
    const serving = new Set<string>();
    for (const s of slices) {
      for (const e of (s as { endpoints?: { conditions?: { ready?: boolean; serving?: boolean; terminating?: boolean }; targetRef?: { name?: string } }[] }).endpoints ?? []) {
        const pod = e.targetRef?.name;
        if (!pod) continue;
        if (e.conditions?.ready) ready.add(pod);
        else if (e.conditions?.serving && e.conditions?.terminating) serving.add(pod);
      }
    }
    for (const p of this.ready.get(service) ?? []) if (!ready.has(p)) this.readyUntil.set(`${service}|${p}`, now);
    for (const p of this.serving.get(service) ?? []) if (!serving.has(p)) this.servingUntil.set(`${service}|${p}`, now);
    if ((this.ready.get(service)?.size ?? 0) === 0 || ready.size === 0) this.lastWithoutReady.set(service, now);
    this.ready.set(service, ready);
    this.serving.set(service, serving);
  }

  /** Why a request to `service` answered at `now` by `pod` breaks the promise, or undefined when it may. */
  violation(service: string, pod: string, now: number, lagMs: number): string | undefined {
    const recent = (m: Map<string, number>, k: string) => now - (m.get(k) ?? -Infinity) <= lagMs;
    const key = `${service}|${pod}`;
    if (this.ready.get(service)?.has(pod) || recent(this.readyUntil, key)) return undefined;
    const noReady = (this.ready.get(service)?.size ?? 0) === 0 || recent(this.lastWithoutReady, service);
    if (noReady && (this.serving.get(service)?.has(pod) || recent(this.servingUntil, key))) return undefined;
    const listed = [...(this.ready.get(service) ?? [])].sort().join(',') || 'none';
    return `a request to Service ${service} reached pod ${pod}, which its EndpointSlices do not list as ready (ready: ${listed}; last listed ${this.readyUntil.has(key) ? `${now - this.readyUntil.get(key)!} ms ago` : 'never'})`;
  }
}
