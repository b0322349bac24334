/**
 * autoscaling/v1 HorizontalPodAutoscaler, served by conversion to and from the stored autoscaling/v2 object
 * (pkg/apis/autoscaling/v1/conversion.go, pkg/apis/autoscaling/annotations.go and helpers.go, release-1.35):
 * v1 has only targetCPUUtilizationPercentage and currentCPUUtilizationPercentage; every other metric, the
 * current metrics, the conditions and the behavior travel in the autoscaling.alpha.kubernetes.io/ annotations,
 * which the conversion back takes off again. Loaded on first use (lazy-kinds.ts); loading it registers the
 * conversion (alternate-version.ts) and the v1 type's fields for the decoder (schema SCHEMA).
 */
import type { KObject } from '../meta.js';
import { SCHEMA, type StructSchema } from '../schema/index.js';
import { serveAlternate } from './alternate-version.js';
/** autoscaling.DefaultCPUUtilization (pkg/apis/autoscaling/annotations.go), as horizontalpodautoscalers.ts has it: not imported, so this module adds no chunk boundary to the entry's code. */
const DEFAULT_CPU_UTILIZATION = 80;

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

export const METRIC_SPECS_ANNOTATION = 'autoscaling.alpha.kubernetes.io/metrics';
export const METRIC_STATUSES_ANNOTATION = 'autoscaling.alpha.kubernetes.io/current-metrics';
export const CONDITIONS_ANNOTATION = 'autoscaling.alpha.kubernetes.io/conditions';
export const BEHAVIOR_SPECS_ANNOTATION = 'autoscaling.alpha.kubernetes.io/behavior';
const TOLERANCE_SCALE_DOWN_ANNOTATION = 'autoscaling.alpha.kubernetes.io/scale-down-tolerance';
const TOLERANCE_SCALE_UP_ANNOTATION = 'autoscaling.alpha.kubernetes.io/scale-up-tolerance';
const ROUND_TRIP = [METRIC_SPECS_ANNOTATION, BEHAVIOR_SPECS_ANNOTATION, TOLERANCE_SCALE_DOWN_ANNOTATION, TOLERANCE_SCALE_UP_ANNOTATION, METRIC_STATUSES_ANNOTATION, CONDITIONS_ANNOTATION];

const has = (o: Any, k: string) => o != null && o[k] != null;
/** Sets `k` when the value is there (a pointer field with omitempty). */
function opt(out: Any, k: string, v: unknown): void {
  if (v != null) out[k] = v;
}

/** A non-pointer resource.Quantity: its zero value marshals as "0". */
const quantity = (v: unknown) => (v == null ? '0' : v);

function ref(r: Any): Any {
  const out: Any = { kind: r?.kind ?? '', name: r?.name ?? '' };
  opt(out, 'apiVersion', r?.apiVersion || undefined);
  return out;
}

// ---------- internal (v2) -> v1 ----------

function metricSpecToV1(m: Any): Any {
  const out: Any = { type: m.type ?? '' };
  if (has(m, 'object')) {
    const o = m.object;
    const v: Any = { target: ref(o.describedObject), metricName: o.metric?.name ?? '', targetValue: quantity(o.target?.value) };
    opt(v, 'selector', o.metric?.selector);
    opt(v, 'averageValue', o.target?.averageValue);
    out.object = v;
  }
  if (has(m, 'pods')) {
    const p = m.pods;
    const v: Any = { metricName: p.metric?.name ?? '', targetAverageValue: quantity(p.target?.averageValue) };
    opt(v, 'selector', p.metric?.selector);
    out.pods = v;
  }
  for (const k of ['resource', 'containerResource']) {
    if (!has(m, k)) continue;
    const r = m[k];
    const v: Any = { name: r.name ?? '' };
    opt(v, 'targetAverageUtilization', r.target?.averageUtilization);
    opt(v, 'targetAverageValue', r.target?.averageValue);
    if (k === 'containerResource') v.container = r.container ?? '';
    out[k] = v;
  }
  if (has(m, 'external')) {
    const e = m.external;
    const v: Any = { metricName: e.metric?.name ?? '' };
    opt(v, 'metricSelector', e.metric?.selector);
    opt(v, 'targetValue', e.target?.value);
    opt(v, 'targetAverageValue', e.target?.averageValue);
    out.external = v;
  }
  return out;
}

function metricStatusToV1(m: Any): Any {
  const out: Any = { type: m.type ?? '' };
  if (has(m, 'object')) {
    const o = m.object;
    const v: Any = { target: ref(o.describedObject), metricName: o.metric?.name ?? '', currentValue: quantity(o.current?.value) };
    opt(v, 'selector', o.metric?.selector);
    opt(v, 'averageValue', o.current?.averageValue);
    out.object = v;
  }
  if (has(m, 'pods')) {
    const p = m.pods;
    const v: Any = { metricName: p.metric?.name ?? '', currentAverageValue: quantity(p.current?.averageValue) };
    opt(v, 'selector', p.metric?.selector);
    out.pods = v;
  }
  for (const k of ['resource', 'containerResource']) {
    if (!has(m, k)) continue;
    const r = m[k];
    const v: Any = { name: r.name ?? '' };
    opt(v, 'currentAverageUtilization', r.current?.averageUtilization);
    v.currentAverageValue = quantity(r.current?.averageValue);
    if (k === 'containerResource') v.container = r.container ?? '';
    out[k] = v;
  }
  if (has(m, 'external')) {
    const e = m.external;
    const v: Any = { metricName: e.metric?.name ?? '' };
    opt(v, 'metricSelector', e.metric?.selector);
    v.currentValue = quantity(e.current?.value);
    opt(v, 'currentAverageValue', e.current?.averageValue);
    out.external = v;
  }
  return out;
}

function conditionToV1(c: Any): Any {
  const out: Any = { type: c.type ?? '', status: c.status ?? '', lastTransitionTime: c.lastTransitionTime ?? null };
  opt(out, 'reason', c.reason || undefined);
  opt(out, 'message', c.message || undefined);
  return out;
}

/** The internal HPAScalingRules as json.Marshal writes a struct without json tags: Go's field names, nil pointers as null. */
function rulesInternal(r: Any): Any {
  if (r == null) return null;
  return {
    StabilizationWindowSeconds: r.stabilizationWindowSeconds ?? null,
    SelectPolicy: r.selectPolicy ?? null,
    Policies: r.policies ? r.policies.map((p: Any) => ({ Type: p.type ?? '', Value: p.value ?? 0, PeriodSeconds: p.periodSeconds ?? 0 })) : null,
    Tolerance: r.tolerance ?? null,
  };
}

/** encoding/json matches a JSON key to a field case-insensitively. */
function field(o: Any, name: string): Any {
  if (o == null || typeof o !== 'object') return undefined;
  const k = Object.keys(o).find((x) => x.toLowerCase() === name.toLowerCase());
  return k === undefined ? undefined : o[k];
}

function rulesFromInternal(r: Any): Any {
  if (r == null || typeof r !== 'object') return undefined;
  const out: Any = {};
  opt(out, 'stabilizationWindowSeconds', field(r, 'StabilizationWindowSeconds'));
  opt(out, 'selectPolicy', field(r, 'SelectPolicy'));
  const policies = field(r, 'Policies');
  if (Array.isArray(policies)) out.policies = policies.map((p: Any) => ({ type: field(p, 'Type') ?? '', value: field(p, 'Value') ?? 0, periodSeconds: field(p, 'PeriodSeconds') ?? 0 }));
  opt(out, 'tolerance', field(r, 'Tolerance'));
  return out;
}

function sortedAnnotations(a: Record<string, string>): Record<string, string> | undefined {
  const keys = Object.keys(a).sort();
  if (!keys.length) return undefined;
  const out: Record<string, string> = {};
  for (const k of keys) out[k] = a[k];
  return out;
}

function withoutRoundTrip(a: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = { ...(a ?? {}) };
  for (const k of ROUND_TRIP) delete out[k];
  return out;
}

/** Convert_autoscaling_HorizontalPodAutoscaler_To_v1_HorizontalPodAutoscaler. */
export function hpaToV1(obj: KObject): KObject {
  const spec = (obj.spec ?? {}) as Any;
  const status = (obj.status ?? {}) as Any;
  const metrics: Any[] = spec.metrics ?? [];
  const isCPUUtilization = (m: Any) => m?.type === 'Resource' && m.resource && m.resource.name === 'cpu';
  const annotations = withoutRoundTrip(obj.metadata?.annotations);
  const other = metrics.filter((m) => !(isCPUUtilization(m) && m.resource.target?.averageUtilization != null)).map(metricSpecToV1);
  if (other.length) annotations[METRIC_SPECS_ANNOTATION] = JSON.stringify(other);
  if (status.currentMetrics?.length) annotations[METRIC_STATUSES_ANNOTATION] = JSON.stringify(status.currentMetrics.map(metricStatusToV1));
  if (status.conditions?.length) annotations[CONDITIONS_ANNOTATION] = JSON.stringify(status.conditions.map(conditionToV1));
  if (spec.behavior) annotations[BEHAVIOR_SPECS_ANNOTATION] = JSON.stringify({ ScaleUp: rulesInternal(spec.behavior.scaleUp), ScaleDown: rulesInternal(spec.behavior.scaleDown) });
  const metadata = { ...obj.metadata } as Any;
  const sorted = sortedAnnotations(annotations);
  if (sorted) metadata.annotations = sorted;
  else delete metadata.annotations;
  const v1Spec: Any = { scaleTargetRef: ref(spec.scaleTargetRef) };
  opt(v1Spec, 'minReplicas', spec.minReplicas);
  v1Spec.maxReplicas = spec.maxReplicas ?? 0;
  // The first cpu Resource metric gives the target, when it is a utilization.
  const cpu = metrics.find(isCPUUtilization);
  opt(v1Spec, 'targetCPUUtilizationPercentage', cpu?.resource.target?.averageUtilization);
  const v1Status: Any = {};
  opt(v1Status, 'observedGeneration', status.observedGeneration);
  opt(v1Status, 'lastScaleTime', status.lastScaleTime);
  v1Status.currentReplicas = status.currentReplicas ?? 0;
  v1Status.desiredReplicas = status.desiredReplicas ?? 0;
  // The last cpu Resource metric with a utilization gives the current one.
  for (const m of status.currentMetrics ?? []) if (isCPUUtilization(m) && m.resource.current?.averageUtilization != null) v1Status.currentCPUUtilizationPercentage = m.resource.current.averageUtilization;
  const out = { apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', metadata, spec: v1Spec } as KObject;
  if (obj.status !== undefined) out.status = v1Status;
  return out;
}

// ---------- v1 -> internal (v2) ----------

function identifier(src: Any, nameKey: string, selectorKey: string): Any {
  const id: Any = { name: src[nameKey] ?? '' };
  opt(id, 'selector', src[selectorKey]);
  return id;
}

function target(type: string, fields: [string, unknown][]): Any {
  const t: Any = { type };
  for (const [k, v] of fields) opt(t, k, v);
  return t;
}

function metricSpecFromV1(m: Any): Any {
  const out: Any = { type: m?.type ?? '' };
  if (has(m, 'object')) {
    const o = m.object;
    out.object = { describedObject: ref(o.target), target: target(o.averageValue == null ? 'Value' : 'AverageValue', [['value', quantity(o.targetValue)], ['averageValue', o.averageValue]]), metric: identifier(o, 'metricName', 'selector') };
  }
  if (has(m, 'pods')) {
    const p = m.pods;
    out.pods = { metric: identifier(p, 'metricName', 'selector'), target: target('AverageValue', [['averageValue', quantity(p.targetAverageValue)]]) };
  }
  for (const k of ['resource', 'containerResource']) {
    if (!has(m, k)) continue;
    const r = m[k];
    const v: Any = { name: r.name ?? '' };
    if (k === 'containerResource') v.container = r.container ?? '';
    v.target = target(r.targetAverageUtilization == null ? 'AverageValue' : 'Utilization', [['averageValue', r.targetAverageValue], ['averageUtilization', r.targetAverageUtilization]]);
    out[k] = v;
  }
  if (has(m, 'external')) {
    const e = m.external;
    out.external = { metric: identifier(e, 'metricName', 'metricSelector'), target: target(e.targetValue == null ? 'AverageValue' : 'Value', [['value', e.targetValue], ['averageValue', e.targetAverageValue]]) };
  }
  return out;
}

function metricStatusFromV1(m: Any): Any {
  const out: Any = { type: m?.type ?? '' };
  const current = (fields: [string, unknown][]) => { const c: Any = {}; for (const [k, v] of fields) opt(c, k, v); return c; };
  if (has(m, 'object')) {
    const o = m.object;
    out.object = { metric: identifier(o, 'metricName', 'selector'), current: current([['value', quantity(o.currentValue)], ['averageValue', o.averageValue]]), describedObject: ref(o.target) };
  }
  if (has(m, 'pods')) {
    const p = m.pods;
    out.pods = { metric: identifier(p, 'metricName', 'selector'), current: current([['averageValue', quantity(p.currentAverageValue)]]) };
  }
  for (const k of ['resource', 'containerResource']) {
    if (!has(m, k)) continue;
    const r = m[k];
    const v: Any = { name: r.name ?? '' };
    if (k === 'containerResource') v.container = r.container ?? '';
    v.current = current([['averageValue', quantity(r.currentAverageValue)], ['averageUtilization', r.currentAverageUtilization]]);
    out[k] = v;
  }
  if (has(m, 'external')) {
    const e = m.external;
    out.external = { metric: identifier(e, 'metricName', 'metricSelector'), current: current([['value', quantity(e.currentValue)], ['averageValue', e.currentAverageValue]]) };
  }
  return out;
}

function parse(text: string | undefined): Any {
  if (text === undefined) return undefined;
  try { return JSON.parse(text); } catch { return undefined; }
}

/** Convert_v1_HorizontalPodAutoscaler_To_autoscaling_HorizontalPodAutoscaler. */
export function hpaFromV1(obj: KObject): KObject {
  const spec = (obj.spec ?? {}) as Any;
  const status = (obj.status ?? {}) as Any;
  const annotations = (obj.metadata?.annotations ?? {}) as Record<string, string>;
  const metrics: Any[] = [];
  const other = parse(annotations[METRIC_SPECS_ANNOTATION]);
  if (Array.isArray(other)) metrics.push(...other.map(metricSpecFromV1));
  if (spec.targetCPUUtilizationPercentage != null) {
    metrics.push({ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: spec.targetCPUUtilizationPercentage } } });
  }
  // v1's implicit default, made explicit here where the whole set of metrics is known.
  if (!metrics.length) metrics.push({ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: DEFAULT_CPU_UTILIZATION } } });
  const v2Spec: Any = { scaleTargetRef: ref(spec.scaleTargetRef) };
  opt(v2Spec, 'minReplicas', spec.minReplicas);
  v2Spec.maxReplicas = spec.maxReplicas ?? 0;
  v2Spec.metrics = metrics;
  const behavior = parse(annotations[BEHAVIOR_SPECS_ANNOTATION]);
  if (behavior && typeof behavior === 'object') {
    const up = rulesFromInternal(field(behavior, 'ScaleUp'));
    const down = rulesFromInternal(field(behavior, 'ScaleDown'));
    // Only well-formed, non-empty data moves from the annotation to the field.
    if (up || down) v2Spec.behavior = { ...(up ? { scaleUp: up } : {}), ...(down ? { scaleDown: down } : {}) };
  }
  const v2Status: Any = {};
  opt(v2Status, 'observedGeneration', status.observedGeneration);
  opt(v2Status, 'lastScaleTime', status.lastScaleTime);
  v2Status.currentReplicas = status.currentReplicas ?? 0;
  v2Status.desiredReplicas = status.desiredReplicas ?? 0;
  const current = parse(annotations[METRIC_STATUSES_ANNOTATION]);
  if (Array.isArray(current)) v2Status.currentMetrics = current.map(metricStatusFromV1);
  else if (status.currentCPUUtilizationPercentage != null) v2Status.currentMetrics = [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: status.currentCPUUtilizationPercentage } } }];
  const conditions = parse(annotations[CONDITIONS_ANNOTATION]);
  if (Array.isArray(conditions)) v2Status.conditions = conditions.map(conditionToV1);
  const metadata = { ...(obj.metadata ?? {}) } as Any;
  const kept = sortedAnnotations(withoutRoundTrip(obj.metadata?.annotations));
  if (kept) metadata.annotations = kept;
  else delete metadata.annotations;
  const out = { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata, spec: v2Spec } as KObject;
  if (obj.status !== undefined) out.status = v2Status;
  return out;
}

/** The v1 type's fields (k8s.io/api autoscaling/v1 types.go) for the decoder: unknown fields and type errors. */
const V1_TYPES: Record<string, StructSchema> = {
  'autoscaling/v1.HorizontalPodAutoscaler': { go: 'v1.HorizontalPodAutoscaler', f: { apiVersion: 's', kind: 's', metadata: '@meta/v1.ObjectMeta', spec: '@autoscaling/v1.HorizontalPodAutoscalerSpec', status: '@autoscaling/v1.HorizontalPodAutoscalerStatus' } },
  'autoscaling/v1.HorizontalPodAutoscalerSpec': { go: 'v1.HorizontalPodAutoscalerSpec', f: { maxReplicas: 'i32', minReplicas: 'i32', scaleTargetRef: '@autoscaling/v1.CrossVersionObjectReference', targetCPUUtilizationPercentage: 'i32' } },
  'autoscaling/v1.CrossVersionObjectReference': { go: 'v1.CrossVersionObjectReference', f: { apiVersion: 's', kind: 's', name: 's' } },
  'autoscaling/v1.HorizontalPodAutoscalerStatus': { go: 'v1.HorizontalPodAutoscalerStatus', f: { currentCPUUtilizationPercentage: 'i32', currentReplicas: 'i32', desiredReplicas: 'i32', lastScaleTime: 't', observedGeneration: 'i64' } },
};

/** The decoder's root for the v1 kind (registry/index.ts schemaKind). */
export const V1_ROOT = 'autoscaling/v1.HorizontalPodAutoscaler';

Object.assign(SCHEMA.types, V1_TYPES);
SCHEMA.roots[V1_ROOT] = V1_ROOT;
serveAlternate('horizontalpodautoscalers.v1.autoscaling', { storage: 'horizontalpodautoscalers.autoscaling', toStorage: hpaFromV1, fromStorage: hpaToV1 });
